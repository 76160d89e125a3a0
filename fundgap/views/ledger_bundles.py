"""What the Investors and Labs pages show: one investor's deals, one lab's rounds and who took part in them.

Pure builders over the dataset and the view (no Streamlit): the rows come from the flat table, so the counting
rules, filters and sources are the same as on every other page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import pyarrow as pa

from fundgap.analysis import aggregate
from fundgap.analysis.entities import EntityIndex
from fundgap.analysis.estimate_totals import SEED_TOTAL, EstimateBook, estimate_total
from fundgap.analysis.overview import Fact, bounds_detail, bounds_text, estimated_fact
from fundgap.analysis.rules import join
from fundgap.analysis.view import View, with_entity_words
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.data.load import Dataset
from fundgap.views import charts
from fundgap.views.bundles import Chart, Table, arrow, chart, estimates_for, positions, short_names, table_of
from fundgap.views.charts.base import display_name, month


def _own_rows(figures: pd.DataFrame) -> pd.DataFrame:
    """Participations, each with an investor of its own."""
    return figures[(figures["record_type"] == "participation") & figures["investor_id"].notna()]


def _order(rows: pd.DataFrame) -> pd.DataFrame:
    return (
        rows.assign(_undated=rows["period_start"].isna())
        .sort_values(["_undated", "period_start", "figure_id"])
        .drop(columns="_undated")
    )


@dataclass(frozen=True)
class IndexPage:
    """The list to pick from when the view names no investor (or no lab)."""

    table: pa.Table
    n_rows: int


@dataclass(frozen=True)
class InvestorPage:
    chosen: tuple[str, ...]
    facts: list[Fact]
    timeline: Chart | None
    table: Table
    positions: object
    index: IndexPage | None
    undated: int


def investors_page(data: Dataset, view: View, book: EstimateBook | None = None) -> InvestorPage:
    """`book`: the version's estimates (see estimates_for), read only when the view asks for them."""
    in_view = view.filters.apply(data.figures)
    if not view.filters.investor:
        return InvestorPage(
            (),
            [],
            None,
            table_of(in_view.iloc[0:0], lang=view.lang),
            positions(data.figures, in_view.iloc[0:0]),
            investor_index(data, view, in_view),
            0,
        )
    rows = _order(_own_rows(in_view))
    total = aggregate.view_total(data.figures, view)
    estimates = estimates_for(data, book) if view.rules.estimates else None
    labs = rows["recipient_id"].nunique()
    deals = rows["deal_id"].nunique()
    lang = view.lang
    backed = sorted(rows["recipient"].astype(str).unique())[:4]
    facts = [
        Fact(
            tr(lang, "Deals joined"),
            f"{deals:,}",
            fmt.count(len(rows), "participation", lang),
            tr(lang, "Deals in view with a participation of the chosen investor or its vehicles."),
        ),
        Fact(
            tr(lang, "Labs backed"),
            f"{labs:,}",
            (", " if lang == EN else "、").join(backed) + (" …" if labs > 4 else ""),
            "",
        ),
        estimated_fact(
            Fact(
                tr(lang, "Counted money"),
                bounds_text(total, lang),
                ("; " if lang == EN else "；").join(
                    filter(
                        None,
                        [
                            bounds_detail(total, lang=lang),
                            _part_of_owner(data, view.filters.investor, lang),
                        ],
                    )
                ),
                tr(
                    lang,
                    "Lower bound: disclosed tickets. Upper bound: the full size of each round joined where a "
                    "ticket is undisclosed. Counted under the rules in the sidebar, as every page counts it.",
                ),
            ),
            estimate_total(total, estimates, SEED_TOTAL) if estimates is not None else None,
            lang,
        ),
    ]
    figure = charts.investor_timeline(
        rows, view.filters.describe(view.lang), estimates, short_names(data.entities), lang=view.lang
    )
    return InvestorPage(
        view.filters.investor,
        facts,
        chart(figure, rows, "investor_timeline", data.figures, view.lang),
        table_of(rows, estimates=estimates_for(data, book), lang=view.lang),
        positions(data.figures, rows),
        None,
        int(rows["period_start"].isna().sum()),
    )


def _part_of_owner(data: Dataset, chosen: tuple[str, ...], lang: str = EN) -> str:
    """ "part of SoftBank Group's total" for a vehicle: its money is inside its owner's, never beside it."""
    index = EntityIndex.from_frame(data.entities)
    owners = [o for e in chosen for o in index.owners.get(e, ()) if o not in chosen]
    if not owners:
        return ""
    if lang != EN:
        return tr(lang, "part of {owners}'s total").format(
            owners=join([index.name(o, lang) for o in dict.fromkeys(owners)], lang)
        )
    return "part of " + join([f"{index.names.get(o, o)}'s total" for o in dict.fromkeys(owners)])


def _undisclosed_note(total: aggregate.Total, lang: str = EN) -> str:
    """ " (5 undisclosed)" beside bounds; " (7 tickets)" beside a total that is all undisclosed."""
    if not total.n_undisclosed:
        return ""
    if lang != EN:
        if bounds_text(total) == "undisclosed":
            return "（" + fmt.count(total.n_undisclosed, "ticket", lang) + "）"
        return "（" + tr(lang, "{n} undisclosed").format(n=f"{total.n_undisclosed:,}") + "）"
    if bounds_text(total) == "undisclosed":
        return f" ({fmt.count(total.n_undisclosed, 'ticket')})"
    return f" ({total.n_undisclosed} undisclosed)"


INDEX_COLUMNS = ["Investor", "Kind", "Region", "Vehicle of", "Participations", "Labs", "Counted money"]
LAB_INDEX_COLUMNS = ["Lab", "Region", "Deals", "Money counted"]
# The index tables' headers, translated where shown (_headers).
INDEX_WORDS = (
    N_("Investor"),
    N_("Kind"),
    N_("Region"),
    N_("Vehicle of"),
    N_("Participations"),
    N_("Labs"),
    N_("Counted money"),
    N_("Lab"),
    N_("Deals"),
    N_("Money counted"),
)
# An entity's kind in words (entities.kind), translated where shown.
KIND_WORDS = {
    "venture": N_("venture capital"),
    "sovereign_fund": N_("sovereign wealth fund"),
    "corporate": N_("corporate"),
    "lab": N_("lab"),
    "corporate_venture": N_("corporate venture"),
    "asset_manager": N_("asset manager"),
    "state_investment_company": N_("state investment company"),
    "state_fund": N_("state fund"),
    "person": N_("person"),
    "private_equity": N_("private equity"),
    "state_owned_enterprise": N_("state owned enterprise"),
    "investor_group": N_("investor group"),
    "project": N_("project"),
    "holding_company": N_("holding company"),
}


def _kind_text(kind: str, lang: str) -> str:
    """An entity's kind as the index shows it: "sovereign fund"; in Chinese "主权财富基金"."""
    if lang == EN:
        return kind.replace("_", " ")
    return tr(lang, KIND_WORDS.get(kind, kind.replace("_", " ")))


def _headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """An index table with its headers in `lang` (the English ones are its columns)."""
    return frame if lang == EN else frame.rename(columns={c: tr(lang, c) for c in frame.columns})


def investor_index(data: Dataset, view: View, in_view: pd.DataFrame) -> IndexPage:
    """Every investor in view (and every owner whose vehicles are) with its participations, labs and the
    money counted under the view's rules: each row is the total that investor's own page states."""
    lang = view.lang
    own = in_view[(in_view["record_type"] != "deal") & in_view["investor_id"].notna()]
    if own.empty:
        return IndexPage(arrow(_headers(pd.DataFrame(columns=INDEX_COLUMNS), lang)), 0)
    index = EntityIndex.from_frame(data.entities)
    investor = own["investor_id"].astype(str).to_numpy(dtype=object)
    present = sorted(set(investor))
    # One counting pass for every investor on its own rows (totals_by counts each as if alone, as its own
    # page does), then one more per owner whose vehicles took part: its total includes theirs.
    code = {entity: i for i, entity in enumerate(present)}
    group = np.array([code[e] for e in investor], dtype=np.int64)
    alone = dict(zip(present, aggregate.totals_by(own, view.rules, group, len(present)), strict=True))
    listed = [e for e in index.names if set(present) & set(index.scope((e,)))]
    kinds = dict(zip(data.entities["entity_id"], data.entities["kind"].astype(str), strict=True))
    regions = dict(zip(data.entities["entity_id"], data.entities["region"].astype(str), strict=True))
    # Arrays, not a filtered frame per investor: 178 boolean selections of a frame of Arrow strings were most
    # of a new view's cost on this page (issue 25). Only an owner with vehicles is counted on its own rows.
    is_participation = (own["record_type"] == "participation").to_numpy(dtype=bool)
    recipients = own["recipient_id"].to_numpy(dtype=object)
    out = []
    for entity in listed:
        scope = set(index.scope((entity,)))
        mine = np.flatnonzero(np.isin(investor, list(scope)))
        total = (
            alone[entity] if scope & set(present) == {entity} else aggregate.total(own.iloc[mine], view.rules)
        )
        out.append(
            {
                "Investor": index.name(entity, lang),
                "Kind": _kind_text(kinds[entity], lang),
                "Region": regions[entity] if lang == EN else tr(lang, regions[entity]),
                "Vehicle of": join([index.name(o, lang) for o in index.owners.get(entity, ())], lang),
                "Participations": int(is_participation[mine].sum()),
                "Labs": len({r for r in recipients[mine] if fmt.present(r)}),
                "Counted money": bounds_text(total, lang) + _undisclosed_note(total, lang),
            }
        )
    frame = pd.DataFrame(out, columns=INDEX_COLUMNS).sort_values(
        ["Participations", "Investor"], ascending=[False, True]
    )
    return IndexPage(arrow(_headers(frame.reset_index(drop=True), lang)), len(frame))


@dataclass(frozen=True)
class LabPage:
    chosen: tuple[str, ...]
    facts: list[Fact]
    rounds: Chart | None
    participants: Chart | None
    table: Table
    positions: object
    index: IndexPage | None


def labs_page(data: Dataset, view: View) -> LabPage:
    in_view = view.filters.apply(data.figures)
    if not view.filters.recipient:
        empty = in_view.iloc[0:0]
        return LabPage(
            (),
            [],
            None,
            None,
            table_of(empty, lang=view.lang),
            positions(data.figures, empty),
            lab_index(data, view, in_view),
        )
    deals = in_view[in_view["record_type"] == "deal"] if not view.filters.by_investor else in_view.iloc[0:0]
    parts = _order(_own_rows(in_view))
    counted_deals = in_view[aggregate.counted_mask(in_view, view.rules)]
    total = aggregate.view_total(data.figures, view)
    names = short_names(data.entities)
    lang = view.lang
    facts = [
        Fact(
            tr(lang, "Deals"),
            f"{deals['deal_id'].nunique():,}",
            tr(lang, "{n} counted under the rules").format(n=f"{len(counted_deals):,}"),
            "",
        ),
        Fact(
            tr(lang, "Money counted"),
            bounds_text(total, lang),
            bounds_detail(total, "counted deal", lang),
            tr(lang, "Under the counting rules in the sidebar."),
        ),
        *valuation_facts(in_view, names, lang),
        Fact(
            tr(lang, "Participants named"),
            f"{parts['investor_id'].nunique():,}",
            fmt.count(len(parts), "participation", lang),
            "",
        ),
    ]
    subtitle = view.filters.describe(view.lang)
    rounds = charts.lab_rounds(_order(deals), subtitle, names, lang=view.lang)
    members = charts.lab_participants(parts, subtitle, lang=view.lang)
    return LabPage(
        view.filters.recipient,
        facts,
        chart(rounds, deals, "lab_rounds", data.figures, view.lang),
        chart(members, parts, "lab_participants", data.figures, view.lang),
        table_of(parts, lang=view.lang),
        positions(data.figures, parts),
        None,
    )


VALUATION_HELP = N_(
    "The latest value a source states for the whole company: at a round (the deal's source), or as a market "
    "value; fundgap converts no currencies, so a value stated only in yuan or Hong Kong dollars is not here."
)
MAX_VALUATION_CARDS = 4


def valuation_facts(rows: pd.DataFrame, names: dict[str, str] | None = None, lang: str = EN) -> list[Fact]:
    """The latest dated valuation of each lab in `rows`, with its date and kind: a round's valuation (a deal
    whose source states one) or a market value (a figure valuing the whole company, not a stake in it). A
    listing after it with no value of its own is said, so an old round's value is not read as today's. With
    several labs, one card each, named."""
    labs = list(dict.fromkeys(rows["recipient_id"].dropna().astype(str)))[:MAX_VALUATION_CARDS] or [""]
    facts = []
    for lab in labs:
        own = rows[rows["recipient_id"].astype(str) == lab] if lab else rows
        stated = []
        at_round, market_value = tr(lang, "at its round"), tr(lang, "market value")
        live = own["status"].astype(str) != "REJECT"
        rounds = own[live & (own["record_type"] == "deal") & own["valuation_usd"].notna()]
        stated += [
            (month(p), v, f"{note} · {at_round}" if fmt.present(note) else at_round, p)
            for p, v, note in zip(
                rounds["period_start"], rounds["valuation_usd"], rounds["valuation_note"], strict=True
            )
            if fmt.present(p)
        ]
        market = own[
            live
            & (own["flow_kind"] == "market_value")
            & own["investor_id"].isna()
            & own["amount_usd"].notna()
        ]
        stated += [
            (
                month(p),
                v,
                f"{market_value} · {fmt.status_text(st, lang=lang)}" if st != "VERIFIED" else market_value,
                p,
            )
            for p, v, st in zip(
                market["period_start"], market["amount_usd"], market["status"].astype(str), strict=True
            )
            if fmt.present(p)
        ]
        name = display_name(own["recipient"].iloc[0], names) if len(own) and lab else ""
        label = (
            tr(lang, "Latest valuation: {name}").format(name=name)
            if len(labs) > 1
            else tr(lang, "Latest valuation")
        )
        help_text = tr(lang, VALUATION_HELP)
        if not stated:
            facts.append(Fact(label, tr(lang, "none stated"), tr(lang, "none stated by a source"), help_text))
            continue
        when, value, kind, period = max(stated, key=lambda item: item[0])
        detail = f"{kind} · {period if lang == EN else fmt.date_text(period, lang)}"
        listings = own[live & (own["flow_kind"] == "ipo_total") & (own["record_type"] == "deal")]
        later = sorted(str(p) for p in listings["period_start"] if fmt.present(p) and month(p) > when)
        if later:
            detail += (
                f"; listed {later[-1]}, with no valuation at or since listing in the data"
                if lang == EN
                else tr(lang, "; listed {date}, with no valuation at or since listing in the data").format(
                    date=fmt.date_text(later[-1], lang)
                )
            )
        facts.append(Fact(label, fmt.usd(value, lang=lang), detail, help_text))
    return facts


def lab_index(data: Dataset, view: View, in_view: pd.DataFrame) -> IndexPage:
    """Every recipient in view with its deals and the money counted under the view's rules: each row is the
    total that lab's own page states, from the same counting engine."""
    lang = view.lang
    deals = in_view[in_view["record_type"] == "deal"]
    if deals.empty:
        return IndexPage(arrow(_headers(pd.DataFrame(columns=LAB_INDEX_COLUMNS), lang)), 0)
    firsts = deals.drop_duplicates("recipient_id")
    index = EntityIndex.from_frame(data.entities)
    out = []
    for lab, name, region in zip(
        firsts["recipient_id"], firsts["recipient"], firsts["recipient_region"], strict=True
    ):
        narrowed = View(with_entity_words(replace(view.filters, recipient=(str(lab),)), index), view.rules)
        total = aggregate.view_total(data.figures, narrowed)
        out.append(
            {
                "Lab": str(name),
                "Region": str(region),
                "Deals": int((deals["recipient_id"] == lab).sum()),
                "Money counted": bounds_text(total, lang),
            }
        )
    frame = pd.DataFrame(out).sort_values(["Region", "Lab"]).reset_index(drop=True)
    if lang != EN:
        frame["Region"] = [tr(lang, r) for r in frame["Region"]]
    return IndexPage(arrow(_headers(frame, lang)), len(frame))
