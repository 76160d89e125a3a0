"""The shared blocks pages are made of: headings and facts, a chart with its figures and sources one click
away, the figures table, a figure's detail, downloads, claim cards and the sources table. Dataset text is
never HTML."""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from fundgap.analysis import urls
from fundgap.analysis.estimate_totals import EstimateBook
from fundgap.analysis.view import View
from fundgap.app.address import browser_url
from fundgap.app.loading import estimates
from fundgap.app.sidebar import empty_notice, lang
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.common.safety import markdown_literal
from fundgap.data.load import Dataset
from fundgap.export import snapshot as export
from fundgap.views import tables
from fundgap.views.bundles import Chart, EstimatesSection, Table
from fundgap.views.charts import plotly_config


def title(text: str, lead: str) -> None:
    st.title(text)
    st.markdown(lead)


def text(markdown: str) -> None:
    """Markdown that fundgap wrote: project prose, or markdown built with every piece of dataset text passed
    through markdown_literal (never raw dataset text)."""
    st.markdown(markdown)


METRIC_WRAP = (
    "<style>[data-testid='stMetricValue'] > div { white-space: normal; overflow-wrap: anywhere; }</style>"
)


def facts(items, per_row: int = 2, current: View | None = None) -> None:
    """Headline numbers as fundgap.overview.Fact items, all project-formatted, never raw dataset text. With
    the view passed, cards left empty by the filters say so once, with a reset."""
    language = lang()
    if language != EN:
        # A Chinese amount is wider than its English form ("404.5亿–405.5亿美元" against "$40.45B–$40.55B"):
        # on a phone the card's value wraps instead of being cut with an ellipsis.
        st.html(METRIC_WRAP)
    empty_values = {*fmt.EMPTY_VALUES, *(tr(language, v) for v in fmt.EMPTY_VALUES)}
    empty = [fact.label for fact in items if fact.value in empty_values]
    if current is not None and empty:
        empty_notice(
            current,
            tr(language, "{n} of {total} cards ({labels})").format(
                n=len(empty), total=len(items), labels=", ".join(empty)
            ),
            plural=len(empty) > 1,
        )
    for start in range(0, len(items), per_row):
        row = items[start : start + per_row]
        # A last row of fewer cards keeps the others' width (seven SoftBank cards with Stargate counted).
        for column, fact in zip(st.columns(per_row)[: len(row)], row, strict=True):
            # The detail as a caption, not a metric delta: a delta is cut to one line on a phone, a caption
            # wraps.
            with column.container(border=True, gap=None):
                st.metric(fact.label, fact.value, help=fact.help)
                if fact.detail:
                    st.caption(fact.detail)
                if fact.estimate:
                    # Its own line, in italics, never the card's value: the words say "model estimate".
                    st.caption(f"*{markdown_literal(fact.estimate)}*")


def chart(shown: Chart, data: Dataset, current: View) -> None:
    """A chart, the figures and sources behind it one click away, and a CSV of its rows right under it."""
    fig, key = shown.figure, shown.key
    with st.container(key=f"charthead_{key}", gap=None):
        # Title and subtitle as page text, which wraps on a phone; plotly's own title would be cut off.
        st.markdown(f"**{markdown_literal(fig.layout.meta['title'])}**")
        st.caption(markdown_literal(fig.layout.meta["subtitle"]))
    if shown.table.n_rows == 0:
        empty_notice(current, tr(lang(), 'The chart "{title}"').format(title=fig.layout.meta["title"]))
    st.plotly_chart(
        fig, key=key, config=plotly_config(f"fundgap-{key}"), alt=fig.layout.meta["alt"], width="stretch"
    )
    sources, download = st.columns([4, 1], vertical_alignment="center")
    with sources.expander(
        tr(lang(), "Figures and sources in this chart ({n})").format(n=f"{shown.table.n_rows:,}")
    ):
        figures_table(shown.table, key=f"{key}_table")
    with download:
        download_buttons(rows_at(data, shown.positions), current, data, key=key, kinds=("csv",), compact=True)


def rows_at(data: Dataset, positions) -> Callable[[], pd.DataFrame]:
    """The figures at these positions, taken when a download is clicked, not on every rerun."""
    return lambda: data.figures.iloc[positions]


def small_table(rows, key: str) -> None:
    """A few rows of project-formatted text (a pandas frame or an Arrow table)."""
    st.dataframe(rows, hide_index=True, key=key, width="stretch")


def figures_table(table: Table, key: str, height: int | None = None) -> None:
    """The figures as a table of markdown cells (views.tables): each source opens in one click or tap, each
    row's card opens over the same view."""
    if table.n_rows > table.shown.num_rows:
        st.caption(
            tr(lang(), "Showing the first {shown} of {total} rows; the downloads hold them all.").format(
                shown=f"{table.shown.num_rows:,}", total=f"{table.n_rows:,}"
            )
        )
    query, language = current_query(), lang()
    rows = rendered(
        table, language, query, lambda: tables.figure_rows(table.shown.to_pandas(), query, language)
    )
    st.table(
        rows,
        hide_index=True,
        border="horizontal",
        # A long table scrolls inside itself, its header kept in view.
        height=height or ("content" if rows.num_rows <= LONG_TABLE_ROWS else 520),
        alt=tr(
            lang(), "Cited figures ({key}): amount, source link, date, figure, status and a link to each card"
        ).format(key=key),
    )


LONG_TABLE_ROWS = 12

# The markdown rows of a table (views.tables) for a query, made once and reused by every rerun and session
# that shows the same memoised table with the same query: made on every rerun, they cost the Data page 3.4x
# its matched floor (issue 25). Keyed by the table object itself (its id, checked through a weak reference,
# so a new table that reuses a freed one's id is never shown the old rows).
_RENDERED: dict[tuple[int, str, str], tuple[weakref.ref, pa.Table]] = {}
RENDERED_ENTRIES = 256


def rendered(
    source: object, language: str, query: dict[str, list[str]], build: Callable[[], pd.DataFrame]
) -> pa.Table:
    key = (id(source), language, repr(sorted(query.items())))
    found = _RENDERED.get(key)
    if found is not None and found[0]() is source:
        return found[1]
    rows = pa.Table.from_pandas(build(), preserve_index=False)
    if len(_RENDERED) >= RENDERED_ENTRIES:
        _RENDERED.clear()  # rare, and every entry is cheap to make again
    _RENDERED[key] = (weakref.ref(source), rows)
    return rows


def current_query() -> dict[str, list[str]]:
    """The page's query as the sidebar wrote it (filters, rules, figure, version): what a card link keeps."""
    try:
        return {k: st.query_params.get_all(k) for k in st.query_params}
    except Exception:
        return {}


def download_buttons(
    rows: Callable[[], pd.DataFrame],
    current: View,
    data: Dataset,
    key: str,
    kinds=export.FORMATS,
    compact: bool = False,
) -> None:
    """CSV / ZIP / Parquet of exactly the rows that `rows()` gives. The rows and the bytes are made when the
    reader clicks (Streamlit runs a callable `data` on click), so a rerun never pays for files nobody
    downloads."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    # The page the reader downloads from, for the link back in exports.
    base_url = urls.page_address(browser_url())
    book = estimates(data)  # the version's estimates, made once: the export's estimate columns
    language = lang()
    labels = {"csv": "CSV", "zip": tr(language, "ZIP snapshot"), "parquet": "Parquet"}
    helps = {
        "csv": tr(language, "Formula-safe CSV with the source, link, quote and status on every row"),
        "zip": tr(
            language,
            "The CSV plus datapackage.json (Frictionless) and a README with the filters, version "
            "and citations",
        ),
        "parquet": tr(language, "The same rows with typed columns, for scripts"),
    }
    mimes = {"csv": "text/csv", "zip": "application/zip", "parquet": "application/vnd.apache.parquet"}
    for column, kind in zip(st.columns(len(kinds)), kinds, strict=True):
        column.download_button(
            tr(language, "CSV of these rows")
            if compact
            else tr(language, "Download {format}").format(format=labels[kind]),
            _renderer(kind, rows, current, data, base_url, book),
            file_name=export.file_name(kind, data.version, day),
            mime=mimes[kind],
            key=f"dl_{key}_{kind}",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary" if compact else "secondary",
            help=helps[kind],
        )


def _renderer(
    kind: str,
    rows: Callable[[], pd.DataFrame],
    current: View,
    data: Dataset,
    base_url: str,
    book: EstimateBook,
):
    def render() -> bytes:
        ledger = export.Ledger(data.entities, data.deals, data.participations, data.releases)
        selected = export.snapshot_of_rows(rows(), current, data.version, ledger, book)
        created = datetime.now(UTC).replace(microsecond=0)
        return export.render(
            kind, export.Snapshot(selected.rows, current, data.version, selected.ledger), created, base_url
        )

    return render


def caption(text_: str) -> None:
    st.caption(text_)


def subheader(text_: str) -> None:
    st.subheader(text_)


def claim_card(card) -> None:
    # Few elements per card: twelve cards of many small elements cost more to send than their charts.
    claim = card.claim
    language = lang()
    with st.container(border=True):
        st.subheader(markdown_literal(claim["subject"]))
        st.markdown(
            f":{card.verdict_color}-badge[{tr(language, card.verdict_label)}]\n\n> "
            f"{markdown_literal(claim['claim_text'])}\n\n"
            + "**"
            + tr(language, "Verdict.")
            + f"** {markdown_literal(claim['verdict_summary'])}"
        )
        if card.documented is not None:
            st.markdown(
                "**"
                + tr(language, "Under the rules in force.")
                + f"** {markdown_literal(card.documented.text)}"
            )
        lines = [
            tr(language, "Claimed: {amount} · Seed: {source}").format(
                amount=markdown_literal(card.claimed_text),
                source=markdown_literal(claim.get("source_citation") or claim["source_id"]),
            )
        ]
        lines += [
            markdown_literal(f"{c.conflict_id} · {c.topic}: {c.resolution}")
            for c in card.conflicts.itertuples(index=False)
        ]
        lines.append(
            tr(language, "{n} of {total} figures bearing on this claim are in view.").format(
                n=len(card.evidence), total=card.n_evidence_total
            )
        )
        st.caption("  \n".join(lines))


def evidence_table(entry, data: Dataset, current: View) -> None:
    card = entry.card
    with st.expander(tr(lang(), "Figures and sources for this claim ({n})").format(n=len(card.evidence))):
        figures_table(entry.table, key=f"evidence_{card.claim['claim_id']}")
        download_buttons(
            lambda: card.evidence, current, data, key=f"claim_{card.claim['claim_id']}", kinds=("csv",)
        )


def sources_table(sources) -> None:
    """Every source (an Arrow table from method.sources_with_counts), each linked: one click opens it."""
    st.table(
        rendered(sources, lang(), {}, lambda: tables.source_rows(sources.to_pandas(), lang())),
        hide_index=True,
        border="horizontal",
        height=520,
        alt=tr(lang(), "Every source document with its level, link, title, date and citation"),
    )


def releases_table(releases, data: Dataset, current: View) -> None:
    """Every release in view with its source link (one click), and a CSV of exactly these releases (with
    quotes)."""
    st.table(
        rendered(releases, lang(), {}, lambda: tables.release_rows(releases.to_pandas(), lang())),
        hide_index=True,
        border="horizontal",
        height="content" if releases.num_rows <= LONG_TABLE_ROWS else 520,
        alt=tr(lang(), "Model releases with openness, licence and source"),
    )
    version = data.version
    st.download_button(
        tr(lang(), "CSV of these releases"),
        data=lambda: export.releases_csv(export.releases_for(data.releases, current)),
        file_name=f"fundgap-releases-{version}.csv",
        mime="text/csv",
        key="dl_releases_csv",
        icon=":material/download:",
        on_click="ignore",
    )


def release_evidence(releases, claim_id: str) -> None:
    """The model releases a claim rests on (Open or closed page data), each with its openness and source
    link."""
    language = lang()
    with st.expander(
        tr(language, "Model releases bearing on this claim ({n})").format(n=releases.num_rows), expanded=True
    ):
        st.table(
            rendered(releases, language, {}, lambda: tables.release_rows(releases.to_pandas(), language)),
            hide_index=True,
            border="horizontal",
            alt=tr(language, "Model releases bearing on claim {claim}").format(claim=claim_id),
        )


_SUMMARY = re.compile(
    r"(?P<added>\d+) figures added, (?P<removed>\d+) removed, (?P<changed>\d+) changed "
    r"\((?P<fields>\d+) fields\) since (?P<previous>\S+)\."
)
FIRST_VERSION = N_("First archived version.")  # fundgap.data.versions.entry writes it


def summary_text(summary: str, lang: str = EN) -> str:
    """A changelog summary in `lang`: the sentence the build writes (fundgap.data.versions.entry) is
    translated; a summary written by hand is dataset text and stays as written."""
    if lang == EN:
        return summary
    if summary == FIRST_VERSION:
        return tr(lang, FIRST_VERSION)
    match = _SUMMARY.fullmatch(summary)
    if match is None:
        return summary
    return tr(
        lang,
        "{added} figures added, {removed} removed, {changed} changed ({fields} fields) since {previous}.",
    ).format(**match.groupdict())


def what_changed(changelog: list[dict], compare) -> None:
    """Every archived version with its summary, and the figure-by-figure difference between any two of
    them."""
    language = lang()
    version_, date_, summary_ = tr(language, "Version"), tr(language, "Date"), tr(language, "Summary")
    st.dataframe(
        [
            {
                version_: e["version"],
                date_: e["date"] if language == EN else fmt.date_text(str(e["date"]), language),
                summary_: summary_text(str(e["summary"]), language),
            }
            for e in reversed(changelog)
        ],
        hide_index=True,
        width="stretch",
        key="versions_table",
    )
    names = [e["version"] for e in changelog]
    if len(names) < 2:
        return
    left, right = st.columns(2)
    first = left.selectbox(tr(language, "Compare version"), names, index=len(names) - 2, key="diff_first")
    second = right.selectbox(tr(language, "with version"), names, index=len(names) - 1, key="diff_second")
    rows = compare(first, second)
    st.caption(
        tr(
            language,
            "{n} changed fields between {first} and {second} (added and removed figures are listed "
            "in the changelog).",
        ).format(n=f"{len(rows):,}", first=first, second=second)
    )
    st.dataframe(rows, hide_index=True, width="stretch", key="diff_table", height=360)


def section(heading: str, lead: str, body: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    """A titled section: its heading, project-written lead text (may be empty) and its content,
    body(*args, **kwargs)."""
    st.subheader(heading)
    if lead:
        st.markdown(lead)
    body(*args, **kwargs)


def index_table(table, key: str) -> None:
    """A project-formatted list to choose from (an Arrow table)."""
    st.dataframe(
        table, hide_index=True, key=key, width="stretch", height=min(560, 38 + 35 * max(table.num_rows, 1))
    )


def estimates_section(section: EstimatesSection, data: Dataset, current: View) -> None:
    """Sources & method on the model estimates: the words (project markdown with this version's numbers),
    the back-test by role and by deal size, and the calibration chart."""
    st.markdown(section.text)
    # One above the other: side by side, five columns each are cut on a laptop and on a phone.
    small_table(section.by_role, key="backtest_by_role")
    small_table(section.by_size, key="backtest_by_size")
    chart(section.calibration, data, current)
