"""What each chart page shows for one dataset and one view: pure builders, no Streamlit.

Every builder takes (Dataset, View) and returns a frozen bundle of figures, rows and facts. The result depends
on nothing else, so ui.memo computes it once per dataset version, filters and counting rules, and every reader
with the same view (and every return to it) reuses it instead of re-aggregating and rebuilding the plotly
figures."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa

from fundgap.analysis import aggregate, seed
from fundgap.analysis.aggregate import reason_text
from fundgap.analysis.claims import ClaimCard, claim_cards, documented_totals
from fundgap.analysis.coverage import coverage_matrix, sources_by_level
from fundgap.analysis.entities import EntityIndex
from fundgap.analysis.estimate_totals import (
    SEED_TOTAL,
    EstimateBook,
    estimate_book,
    estimate_total,
    gap_estimate,
    ticket_text,
)
from fundgap.analysis.filters import value_text
from fundgap.analysis.method import conflicts_markdown, coverage_table, gaps_table, sources_with_counts
from fundgap.analysis.openness import comparison_table, lab_years, labs_shown, openness_text, releases_in_view
from fundgap.analysis.overview import Fact, beside_text, gap_facts, gap_sensitivity
from fundgap.analysis.rules import method_rows
from fundgap.analysis.softbank import HEADLINE as SOFTBANK_HEADLINE
from fundgap.analysis.softbank import (
    SOFTBANK_ALIBABA,
    SOFTBANK_EXPECTED,
    softbank_facts,
    softbank_lead,
    softbank_openai,
    with_infrastructure,
)
from fundgap.analysis.view import View
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.data.ledger import participants_text
from fundgap.data.load import Dataset
from fundgap.data.schema import LEVEL_NAMES
from fundgap.views import charts
from fundgap.views import words as page_words
from fundgap.views.charts.estimates import calibration_chart
from fundgap.views.charts.softbank import SEED_ROLE
from fundgap.views.thesis_bundles import thesis_chart

# A browser table of more rows than this helps no one and costs seconds to send; the downloads hold every row.
MAX_TABLE_ROWS = 1000


@dataclass(frozen=True)
class Table:
    """The first MAX_TABLE_ROWS figures formatted for reading, and how many there are in all. Kept as an Arrow
    table, which st.dataframe sends as it is: the pandas-to-Arrow conversion happens once per view, not per
    rerun."""

    shown: pa.Table
    n_rows: int


# Every column table_frame reads: a page that only shows a table needs no other.
TABLE_COLUMNS = [
    "figure_id",
    "investor",
    "recipient",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "deal_amount_usd",
    "deal_amount_low_usd",
    "deal_amount_high_usd",
    "deal_amount_kind",
    "record_type",
    "status",
    "source_url",
    "period_start",
    "flow_kind",
    "role",
    "source_publisher",
    "source_level",
    "quote",
    "part_of",
    "caveat",
]


def estimates_for(data: Dataset, book: EstimateBook | None) -> EstimateBook:
    """The dataset version's estimates: the book the app made once per version and passes in, else made here
    from the whole row table (never from the rows in view: a remainder needs every participation of its
    deal)."""
    return book if book is not None else estimate_book(data.figures)


def table_of(
    rows: pd.DataFrame,
    reasons: pd.Series | None = None,
    estimates: EstimateBook | None = None,
    lang: str = EN,
) -> Table:
    """`reasons` (from aggregate.not_counted_reasons) adds a column that says, row by row, whether the totals
    count the row and why not; `estimates` a column with each undisclosed participation's model estimate,
    labelled as such, beside (never in) the amount. Every row links to its card (views.tables)."""
    frame = table_frame(rows.head(MAX_TABLE_ROWS), lang)
    if estimates is not None:
        frame.insert(
            frame.columns.get_loc("round") + 1,
            "estimate",
            [
                ticket_text(estimates, str(i), with_method=True, lang=lang)
                for i in rows["figure_id"].head(MAX_TABLE_ROWS)
            ],
        )
    if reasons is not None:
        shown = reasons.head(MAX_TABLE_ROWS).to_numpy(dtype=object)
        frame.insert(
            frame.columns.get_loc("status") + 1,
            "counted",
            [
                ("✓ counted" if not r else f"✗ {r}")
                if lang == EN
                else ("✓ " + tr(lang, "counted") if not r else "✗ " + reason_text(r, lang))
                for r in shown
            ],
        )
    return Table(arrow(frame), len(rows))


def arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def table_frame(rows: pd.DataFrame, lang: str = EN) -> pd.DataFrame:
    # Columns as Python lists first: iterating a pandas Series of Arrow strings boxes every value, and this
    # runs for every table of every new view (issue 25).
    col = {name: rows[name].tolist() for name in TABLE_COLUMNS if name in rows}
    n = len(rows)
    caveats = col.get("caveat", [None] * n)
    urls = col["source_url"]
    return pd.DataFrame(
        {
            "figure": pd.Series(
                [
                    f"{i if lang == EN else participants_text(str(i), lang)} → {r}"
                    for i, r in zip(col["investor"], col["recipient"], strict=True)
                ],
                dtype=str,
            ),
            "amount": [
                fmt.amount_label(a, lo, hi, str(k), lang)
                for a, lo, hi, k in zip(
                    col["amount_usd"],
                    col["amount_low_usd"],
                    col["amount_high_usd"],
                    col["amount_kind"],
                    strict=True,
                )
            ],
            # A ticket is read against the deal it belongs to: the whole round, on participations only.
            "round": [
                fmt.amount_label(a, lo, hi, str(k), lang) if t == "participation" else ""
                for a, lo, hi, k, t in zip(
                    col["deal_amount_usd"],
                    col["deal_amount_low_usd"],
                    col["deal_amount_high_usd"],
                    col["deal_amount_kind"],
                    col["record_type"],
                    strict=True,
                )
            ],
            # Status and source link before the other details, so they are on screen without scrolling
            # sideways.
            # A rejected report, shown only on request, says so in words a reader cannot miss.
            "status": [fmt.status_text(st, cv, lang) for st, cv in zip(col["status"], caveats, strict=True)],
            # An empty link cell, not "None"; the publisher cell says why there is no link.
            "source_url": pd.Series([u if fmt.present(u) else "" for u in urls], dtype=object),
            "date": [
                (str(d) if lang == EN else fmt.date_text(d, lang)) if fmt.present(d) else tr(lang, "undated")
                for d in col["period_start"]
            ],
            "flow_kind": [
                f"{value_text(str(k), lang)} · {tr(lang, r)}" if fmt.present(r) else value_text(str(k), lang)
                for k, r in zip(col["flow_kind"], col["role"], strict=True)
            ],
            "source_publisher": [
                tr(lang, "{source} · no link archived").format(source=p) if not fmt.present(u) else p
                for p, u in zip(col["source_publisher"], urls, strict=True)
            ],
            "quote": rows["quote"].fillna("").reset_index(drop=True),
            # For the linked table (views.tables): the card's id, the publisher alone and its level.
            "figure_id": pd.Series([str(f) for f in col["figure_id"]], dtype=str),
            "source_name": pd.Series(col["source_publisher"], dtype=object),
            "source_level": rows["source_level"].reset_index(drop=True)
            if "source_level" in rows
            else [None] * n,
        }
    )


def short_names(entities: pd.DataFrame) -> dict[str, str]:
    """Each entity's name -> its short name, where the ledger gives a different one: what charts write in a
    label ("Zhipu" for "Zhipu AI (Knowledge Atlas / Z.ai)"), the full name staying in the hover and tables."""
    pairs = zip(entities["name"].astype(str), entities["short_name"].astype(object), strict=True)
    return {name: str(brief) for name, brief in pairs if fmt.present(brief) and str(brief) != name}


def positions(figures: pd.DataFrame, rows: pd.DataFrame) -> np.ndarray:
    """Where `rows` (a subset of `figures`) sit in `figures`. Bundles keep these instead of the rows: a
    memoised view then costs kilobytes, not a copy of the data, and the rows are taken again only for a
    download."""
    if rows is figures:
        return np.arange(len(figures))
    index = figures.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        # A filtered or sorted frame keeps its rows' labels, which here are their positions: no string
        # matching.
        return rows.index.to_numpy(dtype=np.int64)
    return np.flatnonzero(figures["figure_id"].isin(rows["figure_id"]).to_numpy(dtype=bool))


@dataclass(frozen=True)
class Chart:
    """A chart, the figures behind it as positions in the dataset (for its CSV) and as a formatted table."""

    figure: go.Figure
    key: str
    table: Table
    positions: np.ndarray


def chart(figure: go.Figure, rows: pd.DataFrame, key: str, figures: pd.DataFrame, lang: str = EN) -> Chart:
    return Chart(figure, key, table_of(rows, lang=lang), positions(figures, rows))


@dataclass(frozen=True)
class OverviewPage:
    facts: list[Fact]
    beside: str
    gap: Chart
    sensitivity: pa.Table
    ai_index: Chart
    latest_ratio: str


# What the Gulf comparison reads: counting it seven times (the rules in use and six variants) on these columns
# of the Gulf rows only, not on every column of every row.
GAP_COLUMNS = [
    "figure_id",
    "part_of",
    "flow_kind",
    "status",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "investor_region",
    "recipient_region",
    "recipient_id",
    "record_type",
    "deal_id",
    "deal_amount_usd",
    "deal_amount_high_usd",
    "deal_amount_kind",
    "caveat",
]


def caveats_of(rows: pd.DataFrame) -> dict[str, str]:
    if "caveat" not in rows:
        return {}
    flagged = rows[rows["caveat"].notna()]
    return dict(zip(flagged["figure_id"], flagged["caveat"], strict=True))


def overview_page(data: Dataset, view: View, book: EstimateBook | None = None) -> OverviewPage:
    """`book`: the version's estimates (see estimates_for), read only when the view asks for them."""
    gulf = aggregate.gulf_rows(view.filters.apply_to(data.figures, GAP_COLUMNS))[GAP_COLUMNS]
    groups = aggregate.gap_rows(gulf, data.claims)
    gap = aggregate.gulf_gap(gulf, data.claims, view.rules, groups)
    ids = [
        i
        for side in (gap.china, gap.us)
        for total in (side.documented, side.others)
        if total
        for i in total.figure_ids
    ]
    # A hash lookup over Python strings: Arrow's isin walks the strings one by one.
    wanted = set(ids)
    drawn = np.fromiter(
        (i in wanted for i in gulf["figure_id"].to_numpy(dtype=object)), dtype=bool, count=len(gulf)
    )
    gap_rows = data.figures.loc[gulf.index[drawn]]
    scope = tr(view.lang, "Gulf investors' own participations only (view: {view})").format(
        view=view.filters.describe(view.lang)
    )
    # The headline cards always give the model's estimate beside their hard bounds (labelled as one, with its
    # 80% interval); the chart draws the estimate marks only when the reader asks for estimates.
    estimated = gap_estimate(gap.china.documented, gap.us.documented, estimates_for(data, book))
    seed = data.claims[data.claims["claim_id"] == gap.china.claim_id]
    gap_figure = charts.gap_chart(
        gap,
        scope,
        view.rules.describe(view.lang),
        charts.publishers(gap_rows),
        charts.seed_source(seed.iloc[0], tr(view.lang, SEED_ROLE), view.lang)
        if len(seed)
        else (tr(view.lang, SEED_ROLE), charts.UNGRADED),
        estimated if view.rules.estimates else None,
        lang=view.lang,
    )
    series = aggregate.ai_index_series(view.filters.apply(country_totals(data.figures)))
    return OverviewPage(
        facts=gap_facts(gap, caveats_of(gulf), estimated, view.lang),
        beside=beside_text(gap, view.lang),
        gap=chart(gap_figure, gap_rows, "gap", data.figures, view.lang),
        sensitivity=arrow(pd.DataFrame(gap_sensitivity(gulf, data.claims, view.rules, groups, view.lang))),
        ai_index=chart(
            charts.ai_index_chart(
                series,
                view.filters.describe(view.lang),
                releases_in_view(data.releases, view.filters) if view.filters.releases else None,
                lang=view.lang,
            ),
            series,
            "ai_index",
            data.figures,
            view.lang,
        ),
        latest_ratio=fmt.ratio(aggregate.latest_us_china_ratio(series), view.lang),
    )


# What counting, the Sankey, the ranked bars, their hover text and the table need: the rows counted are copied
# with these columns only (selecting columns copies nothing under pandas' copy-on-write).
FLOW_COLUMNS = [
    "figure_id",
    "part_of",
    "flow_kind",
    "status",
    "investor",
    "investor_region",
    "recipient",
    "recipient_region",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "period_start",
    "period_end",
    "source_publisher",
    "source_level",
    "source_url",
    "quote",
    "record_type",
    "deal_id",
    "role",
    "deal_amount_usd",
    "deal_amount_low_usd",
    "deal_amount_high_usd",
    "deal_amount_kind",
    "caveat",
]


@dataclass(frozen=True)
class FlowsPage:
    sankey: Chart
    totals: pa.Table  # every number the Sankey writes, as a table under it
    ranked: Chart


def flows_page(data: Dataset, view: View, book: EstimateBook | None = None) -> FlowsPage:
    flows = aggregate.flows(view.filters.apply_to(data.figures, FLOW_COLUMNS), view.rules)
    subtitle = view.filters.describe(view.lang)
    table, counted_at = (
        table_of(flows.counted, lang=view.lang),
        positions(data.figures, flows.counted),
    )  # both charts show these rows
    return FlowsPage(
        sankey=Chart(
            charts.flow_sankey(flows.links, subtitle, charts.publishers(flows.counted), lang=view.lang),
            "sankey",
            table,
            counted_at,
        ),
        totals=arrow(charts.flow_totals(flows.links, view.lang)),
        ranked=Chart(
            charts.ranked_bars(
                flows.top,
                flows.undisclosed,
                flows.remainder,
                subtitle,
                estimates_for(data, book) if view.rules.estimates else None,
                short_names(data.entities),
                lang=view.lang,
            ),
            "ranked",
            table,
            counted_at,
        ),
    )


@dataclass(frozen=True)
class SoftBankPage:
    lead: str
    facts: list[Fact]
    timeline: Chart


def softbank_page(data: Dataset, view: View, book: EstimateBook | None = None) -> SoftBankPage:
    in_view = view.filters.apply(data.figures)
    money = softbank_openai(in_view, data.claims, view.rules)
    compared = seed.comparison(data.claims, SOFTBANK_HEADLINE)
    alibaba = aggregate.first_figure(in_view, SOFTBANK_ALIBABA)
    expected = aggregate.first_figure(in_view, SOFTBANK_EXPECTED)
    claim = aggregate.first_figure(
        data.claims.rename(columns={"claim_id": "figure_id"}), compared.claim_id if compared else ""
    )
    rows = in_view[
        in_view["figure_id"].isin([*money.deals["figure_id"], SOFTBANK_ALIBABA, SOFTBANK_EXPECTED])
    ]
    openai_releases = releases_in_view(data.releases, view.filters) if view.filters.releases else None
    if openai_releases is not None:
        openai_releases = openai_releases[openai_releases["lab_id"] == "openai"]
    figure = charts.softbank_chart(
        money, alibaba, expected, claim, view.filters.describe(view.lang), openai_releases, lang=view.lang
    )
    lead = softbank_lead(
        money, with_infrastructure(in_view, data.claims, view.rules), view.rules, expected, claim, view.lang
    )
    return SoftBankPage(
        lead,
        softbank_facts(
            money,
            alibaba,
            expected,
            claim,
            caveats_of(money.deals),
            estimate_total(money.openai, estimates_for(data, book), SEED_TOTAL),
            view.lang,
        ),
        chart(figure, rows, "softbank", data.figures, view.lang),
    )


@dataclass(frozen=True)
class CountryTotalsPage:
    ai_index: Chart
    providers: Chart


def country_totals(figures: pd.DataFrame) -> pd.DataFrame:
    """The country-total rows, a small share of a large table: filtered first, so a view copies only them."""
    return figures[(figures["flow_kind"] == "country_total").to_numpy(dtype=bool)]


def country_totals_page(data: Dataset, view: View) -> CountryTotalsPage:
    in_view = view.filters.apply(country_totals(data.figures))
    subtitle = view.filters.describe(view.lang)
    series = aggregate.ai_index_series(in_view)
    panel_rows = aggregate.country_totals(in_view)
    panel_rows = panel_rows[~panel_rows["figure_id"].isin(series["figure_id"])]
    return CountryTotalsPage(
        ai_index=chart(
            charts.ai_index_chart(series, subtitle, lang=view.lang),
            series,
            "ai_index_totals",
            data.figures,
            view.lang,
        ),
        providers=chart(
            charts.provider_panels(aggregate.other_provider_series(in_view), subtitle, lang=view.lang),
            panel_rows,
            "providers",
            data.figures,
            view.lang,
        ),
    )


@dataclass(frozen=True)
class ClaimEntry:
    card: ClaimCard
    chart: Chart | None  # None when the claim has no amount and no thesis chart: its evidence is a table
    table: Table
    releases: pa.Table | None = None  # the model releases that bear on it, with their sources


def claims_page(data: Dataset, view: View) -> list[ClaimEntry]:
    in_view = view.filters.apply(data.figures)
    subtitle = view.filters.describe(view.lang)
    return [
        ClaimEntry(
            card,
            claim_chart(card, data, view, in_view, subtitle),
            table_of(card.evidence, lang=view.lang),
            arrow(release_frame(card.releases, view.lang))
            if card.releases is not None and len(card.releases)
            else None,
        )
        for card in claim_cards(
            data.claims,
            data.figures,
            in_view,
            data.conflicts,
            documented_totals(in_view, data.claims, view.rules, view.lang),
            releases_in_view(data.releases, view.filters),
            view.lang,
        )
    ]


def claim_chart(
    card: ClaimCard, data: Dataset, view: View, in_view: pd.DataFrame, subtitle: str
) -> Chart | None:
    """A thesis's own chart (thesis_bundles), else the claim's amount against its evidence, else none."""
    key = f"claim_{card.claim['claim_id']}"
    built = thesis_chart(card, data, view, in_view, subtitle)
    if built is not None:
        return chart(built[0], built[1], key, data.figures, view.lang)
    if card.has_amount:
        return chart(
            charts.claim_chart(
                card.claim, card.evidence, subtitle, short_names(data.entities), lang=view.lang
            ),
            card.evidence,
            key,
            data.figures,
            view.lang,
        )
    return None


@dataclass(frozen=True)
class DataPage:
    table: Table
    positions: np.ndarray  # the rows in view, in figure_id order (the build's order)


def data_page(data: Dataset, view: View, book: EstimateBook | None = None) -> DataPage:
    """The rows in view, each undisclosed participation with its model estimate in a column of its own."""
    rows = view.filters.apply_to(data.figures, TABLE_COLUMNS)
    return DataPage(
        table_of(
            rows, aggregate.not_counted_reasons(rows, view.rules), estimates_for(data, book), lang=view.lang
        ),
        positions(data.figures, rows),
    )


@dataclass(frozen=True)
class SourcesPage:
    sources: pa.Table
    conflicts: str  # markdown, dataset text escaped
    coverage: pa.Table
    gaps: pa.Table
    levels: dict[int, int]
    intro: str
    method: pa.Table  # the counting rules, each with its URL parameter, default and reason
    estimates: EstimatesSection

    lang: str = EN

    @property
    def levels_text(self) -> str:
        if self.lang != EN:
            return tr(self.lang, "By level of the source order: ") + " · ".join(
                tr(self.lang, "level {level} ({name}): {n}").format(
                    level=level, name=tr(self.lang, LEVEL_NAMES[level]), n=n
                )
                for level, n in self.levels.items()
            )
        return tr(self.lang, "By level of the source order: ") + " · ".join(
            f"{level} · {tr(self.lang, LEVEL_NAMES[level])}: {n}" for level, n in self.levels.items()
        )


COVERAGE_LAST_YEAR = 2026


def sources_page(data: Dataset, view: View, book: EstimateBook | None = None) -> SourcesPage:
    matrix = coverage_matrix(data.entities, data.figures, data.gaps, COVERAGE_LAST_YEAR)
    lang = view.lang
    names = dict(EntityIndex.from_frame(data.entities).names_zh) if lang != EN else None
    return SourcesPage(
        arrow(sources_with_counts(data.sources, data.figures, lang)),
        conflicts_markdown(data.conflicts, lang),
        arrow(coverage_table(matrix, lang, names)),
        arrow(gaps_table(data.gaps, data.entities, lang)),
        sources_by_level(data.sources),
        tr(
            view.lang,
            "Dataset version **{version}** · {figures} figures from {sources} sources · {claims} claims "
            "audited · {conflicts} conflicts resolved.",
        ).format(
            version=data.version,
            figures=len(data.figures),
            sources=len(data.sources),
            claims=len(data.claims),
            conflicts=len(data.conflicts),
        ),
        arrow(pd.DataFrame(method_rows(view.lang))),
        estimates_section(data, estimates_for(data, book), view.lang),
        view.lang,
    )


@dataclass(frozen=True)
class EstimatesSection:
    """Sources & method on the estimates: the model and its back-test in words (numbers of this version), the
    back-test by role and by deal size, and the calibration chart."""

    text: str  # project markdown from sources.meta.yml with this version's numbers
    by_role: pa.Table
    by_size: pa.Table
    calibration: Chart


def estimates_section(data: Dataset, book: EstimateBook, lang: str = EN) -> EstimatesSection:
    result, model = book.backtest, book.model
    tickets = result.tickets
    rows = data.figures[data.figures["figure_id"].isin(set(tickets["participation_id"]))]
    numbers = {
        "lead": f"{model.lead_weight:g}",
        "colead": f"{model.colead_weight:g}",
        "unnamed": f"{model.unnamed_share:.0%}",
        "low": _factor(model.low_factor, 2),
        "high": _factor(model.high_factor, 2),
        "n": f"{result.n}",
        "median": _factor(result.median_factor, 1),
        "within": _share(result.within_x2),
        "coverage": _share(result.coverage),
        "estimated": f"{int(book.tickets['ticket_estimate_usd'].notna().sum())}",
        "undisclosed": f"{len(book.tickets)}",
    }
    held_out = tr(lang, "{n} held-out tickets, dataset version {version}").format(
        n=result.n, version=data.version
    )
    figure = calibration_chart(tickets, rows, held_out, lang=lang)
    return EstimatesSection(
        page_words.page("sources", lang).text("estimates").format(**numbers),
        arrow(backtest_table(result.by_role, "Role", lang)),
        arrow(backtest_table(result.by_size, "Deal size", lang)),
        chart(figure, rows, "calibration", data.figures, lang),
    )


def backtest_table(summary: pd.DataFrame, label: str, lang: str = EN) -> pd.DataFrame:
    """A back-test summary (estimate.summarise) in words: one row per group and "all"."""
    return pd.DataFrame(
        {
            tr(lang, label): [tr(lang, str(g)) for g in summary.iloc[:, 0]]
            if lang != EN
            else summary.iloc[:, 0].astype(str).to_numpy(),
            tr(lang, "Tickets"): summary["tickets"].astype(int).to_numpy(),
            tr(lang, "Median error"): [_factor(v, 1, lang) for v in summary["median_error"]],
            tr(lang, "Within ×2"): [_share(v, lang) for v in summary["within_x2"]],
            tr(lang, "In 80% interval"): [_share(v, lang) for v in summary["coverage"]],
        }
    )


# The words of the back-test tables, translated where shown (backtest_table).
BACKTEST_WORDS = (
    N_("Role"),
    N_("Deal size"),
    N_("all"),
    N_("under $1B"),
    N_("$1B to $10B"),
    N_("$10B and more"),
    N_("lead"),
    N_("co-lead"),
    N_("participant"),
    N_("cornerstone"),
    N_("buyer"),
    N_("seller"),
)


def _factor(value: float, digits: int, lang: str = EN) -> str:
    return tr(lang, "n/a") if value != value else f"×{value:.{digits}f}"


def _share(value: float, lang: str = EN) -> str:
    return tr(lang, "n/a") if value != value else f"{round(100 * value)}%"


@dataclass(frozen=True)
class OpennessPage:
    timeline: Chart
    comparison: pa.Table
    releases: pa.Table
    n_releases: int
    n_labs: int


# Every column the releases table shows, in order.
def release_frame(releases: pd.DataFrame, lang: str = EN) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lab": releases["lab"].astype(str),
            "model": releases["model"].astype(str),
            "date": [
                f"{d}" + (tr(lang, " (weights {date})").format(date=w) if fmt.present(w) else "")
                for d, w in zip(releases["date"], releases["weights_date"], strict=True)
            ],
            "openness": [
                openness_text(o, lc, r, lang)
                for o, lc, r in zip(
                    releases["openness"], releases["licence"], releases["licence_restriction"], strict=True
                )
            ],
            "parameters": releases["parameters"].fillna(tr(lang, "not disclosed")).astype(str),
            "status": [fmt.status_text(st, lang=lang) for st in releases["status"]],
            "source_url": releases["source_url"].astype(object).where(releases["source_url"].notna(), ""),
            "source_publisher": releases["source_publisher"].astype(str),
            "quote": releases["quote"].fillna("").astype(str),
            "source_level": releases.get("source_level"),
        }
    )


def openness_page(data: Dataset, view: View) -> OpennessPage:
    releases = releases_in_view(data.releases, view.filters)
    labs = labs_shown(data.entities, data.figures, releases, view.filters)
    releases = releases[releases["lab_id"].isin(labs)]
    in_view = view.filters.apply(data.figures)
    counted = in_view[
        aggregate.counted_mask(in_view, view.rules).to_numpy() & in_view["recipient_id"].isin(labs).to_numpy()
    ]
    figure = charts.openness_timeline(
        labs, counted, releases, view.filters.describe(view.lang), lang=view.lang
    )
    rows = lab_years(in_view, releases, view.rules, labs)
    return OpennessPage(
        timeline=chart(figure, counted, "openness", data.figures, view.lang),
        comparison=arrow(comparison_table(rows)),
        releases=arrow(release_frame(releases, view.lang)),
        n_releases=len(releases),
        n_labs=len(labs),
    )
