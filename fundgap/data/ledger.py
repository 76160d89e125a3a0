"""The ledger flattened into rows: one row per figure, per deal and per participation, in the shape pages
read.

Deals and participations keep their own ids, so an old figure id that became a deal or a participation
resolves to the row that replaced it. Pure functions over tidy frames (numbers parsed, blanks as None)."""

from __future__ import annotations

import re

import pandas as pd

from fundgap.common.i18n import EN, N_, tr
from fundgap.data import schema
from fundgap.data.dates import date_precision

# A deal with one participant whose ticket is the whole deal is that investor's own deal: the deal row names
# it.
SOLE_INVESTOR_KINDS = ("investment", "tranche", "commitment", "infrastructure_commitment")
MAX_NAMED_PARTICIPANTS = 5


def root_owners(entities: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Each entity's ultimate owners (itself when it has none): vehicles of one family share a root."""
    owners = {row.entity_id: list(row.owner_ids or []) for row in entities.itertuples(index=False)}
    roots: dict[str, frozenset[str]] = {}

    def resolve(entity_id: str, path: frozenset[str]) -> frozenset[str]:
        if entity_id in roots:
            return roots[entity_id]
        parents = [p for p in owners.get(entity_id, []) if p in owners and p not in path]
        found = (
            frozenset().union(*(resolve(p, path | {p}) for p in parents))
            if parents
            else frozenset({entity_id})
        )
        roots[entity_id] = found
        return found

    for entity_id in owners:
        resolve(entity_id, frozenset({entity_id}))
    return roots


def participation_parents(
    deals: pd.DataFrame, participations: pd.DataFrame, entities: pd.DataFrame
) -> dict[str, str]:
    """participation id -> what it sits inside: the same investor family's participation in the nearest
    enclosing deal (a tranche inside its commitment), else its own deal. Totals then never add a part next to
    its whole."""
    roots = root_owners(entities)
    deal_parent = dict(zip(deals["deal_id"], deals["part_of"], strict=True))
    by_deal: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for row in participations.itertuples(index=False):
        by_deal.setdefault(row.deal_id, []).append(
            (row.participation_id, roots.get(row.investor_id, frozenset()))
        )
    parents = {}
    for row in participations.itertuples(index=False):
        family = roots.get(row.investor_id, frozenset())
        parents[row.participation_id] = row.deal_id
        ancestor, seen = deal_parent.get(row.deal_id), {row.deal_id}
        while ancestor and ancestor not in seen:
            match = next((pid for pid, roots_ in by_deal.get(ancestor, []) if roots_ & family), None)
            if match:
                parents[row.participation_id] = match
                break
            seen.add(ancestor)
            ancestor = deal_parent.get(ancestor)
    return parents


def _names(ids: list[str], entities: pd.DataFrame, column: str = "name") -> list[str]:
    lookup = entities.set_index("entity_id")[column]
    return [str(lookup.get(i, i)) for i in ids]


def participants_label(deal_kind: str, members: pd.DataFrame, entities: pd.DataFrame) -> str:
    """ "Round investors: Lightspeed (lead), …": who a deal names, leads first, for tables and hover text."""
    noun = {
        "ipo": "IPO investors",
        "ipo_cornerstone_book": "Cornerstone investors",
        "secondary": "Buyers",
    }.get(deal_kind, "Round investors")
    if members.empty:
        return f"{noun}: not named in the sources"
    ranked = members.assign(_lead=~members["role"].isin(["lead", "co-lead"])).sort_values(
        ["_lead", "investor_id"]
    )
    short = _names(list(ranked["investor_id"]), entities, "short_name")
    labels = [
        f"{name} ({role})" if role in ("lead", "co-lead") else name
        for name, role in zip(short, ranked["role"], strict=True)
    ]
    shown = labels[:MAX_NAMED_PARTICIPANTS]
    more = len(labels) - len(shown)
    return f"{noun}: " + ", ".join(shown) + (f" and {more} more" if more else "")


PARTICIPANT_NOUNS = (N_("Round investors"), N_("IPO investors"), N_("Cornerstone investors"), N_("Buyers"))
_PARTICIPANTS = re.compile(
    r"(?P<noun>"
    + "|".join(map(re.escape, PARTICIPANT_NOUNS))
    + r"): (?P<names>.*?)(?: and (?P<more>\d+) more)?",
    re.DOTALL,
)
_ROLE_MARK = re.compile(r" \((lead|co-lead)\)(?=, |$)")


def participants_text(label: str, lang: str = EN) -> str:
    """participants_label's words in `lang` (the names stay as written): "Round investors: CATL, IDG and 3
    more" -> "本轮投资方：CATL, IDG 等另外3家". Any other text is returned as it is."""
    match = _PARTICIPANTS.fullmatch(label) if lang != EN else None
    if match is None:
        return label
    names = match["names"]
    if names == "not named in the sources":
        names = tr(lang, "not named in the sources")
    else:
        names = _ROLE_MARK.sub(lambda m: tr(lang, " ({role})").format(role=tr(lang, m[1])), names)
    if match["more"]:
        names = tr(lang, "{names} and {n} more").format(names=names, n=match["more"])
    return tr(lang, "{noun}: {names}").format(noun=tr(lang, match["noun"]), names=names)


def flatten(
    figures: pd.DataFrame, deals: pd.DataFrame, participations: pd.DataFrame, entities: pd.DataFrame
) -> pd.DataFrame:
    """figures ∪ deals ∪ participations as rows of one table (columns of schema.FIGURE_COLUMNS and more)."""
    entity = entities.set_index("entity_id")
    figure_rows = figures.assign(record_type="figure", deal_id=None, role=None, legacy_figure_id=None)
    deal_rows = _deal_rows(deals, participations, entity)
    participation_rows = _participation_rows(deals, participations, entities, entity)
    rows = pd.concat([figure_rows, deal_rows, participation_rows], ignore_index=True)
    for column in ("deal_amount_usd", "deal_amount_low_usd", "deal_amount_high_usd", "valuation_usd"):
        rows[column] = rows[column].astype("float64")
    rows["date_precision"] = [date_precision(v) for v in rows["period_start"]]
    return rows


def _deal_rows(deals: pd.DataFrame, participations: pd.DataFrame, entity: pd.DataFrame) -> pd.DataFrame:
    members = {deal_id: group for deal_id, group in participations.groupby("deal_id", sort=False)}
    empty = participations.iloc[0:0]
    rows = []
    for deal in deals.itertuples(index=False):
        group = members.get(deal.deal_id, empty)
        sole = group.iloc[0] if len(group) == 1 and deal.deal_kind in SOLE_INVESTOR_KINDS else None
        investor = entity.loc[sole["investor_id"]] if sole is not None else None
        rows.append(
            {
                "figure_id": deal.deal_id,
                "record_id": deal.record_id or deal.deal_id,
                "amount_usd": deal.amount_usd,
                "amount_low_usd": deal.amount_low_usd,
                "amount_high_usd": deal.amount_high_usd,
                "amount_kind": deal.amount_kind,
                "amount_original": deal.amount_original,
                "currency_original": deal.currency_original,
                "flow_kind": schema.DEAL_FLOW_KIND[deal.deal_kind],
                "investor": str(investor["name"])
                if investor is not None
                else participants_label(deal.deal_kind, group, entity.reset_index()),
                # A deal is not one investor's: investor filters select its participations.
                "investor_id": None,
                "investor_type": str(investor["kind"]) if investor is not None else "mixed",
                "investor_country": (investor["country"] or None) if investor is not None else None,
                "investor_region": str(investor["region"]) if investor is not None else "Mixed",
                **_recipient(entity, deal.recipient_id),
                "period_start": deal.date_start,
                "period_end": deal.date_end,
                "date_note": deal.date_note,
                "provider": None,
                "status": deal.status,
                "source_id": deal.source_id,
                "other_source_ids": deal.other_source_ids,
                "quote": deal.quote,
                "quote_translation": deal.quote_translation,
                "notes": deal.notes,
                "claim_id": deal.claim_id,
                "claim_relation": deal.claim_relation,
                "part_of": deal.part_of,
                "record_type": "deal",
                "deal_id": deal.deal_id,
                "role": None,
                "legacy_figure_id": deal.legacy_figure_id,
                "deal_amount_usd": deal.amount_usd,
                "deal_amount_low_usd": deal.amount_low_usd,
                "deal_amount_high_usd": deal.amount_high_usd,
                "deal_amount_kind": deal.amount_kind,
                "valuation_usd": deal.valuation_usd,
                "valuation_note": deal.valuation_note,
                "caveat": deal.caveat,
            }
        )
    return pd.DataFrame(rows)


def _recipient(entity: pd.DataFrame, recipient_id: str) -> dict:
    row = entity.loc[recipient_id]
    return {
        "recipient": str(row["name"]),
        "recipient_id": recipient_id,
        "recipient_country": row["country"] or None,
        "recipient_region": str(row["region"]),
    }


def _participation_rows(
    deals: pd.DataFrame, participations: pd.DataFrame, entities: pd.DataFrame, entity: pd.DataFrame
) -> pd.DataFrame:
    deal = deals.set_index("deal_id")
    parents = participation_parents(deals, participations, entities)
    rows = []
    for part in participations.itertuples(index=False):
        d, investor = deal.loc[part.deal_id], entity.loc[part.investor_id]
        own_source = part.source_id is not None
        flow_kind = schema.PARTICIPATION_FLOW_KIND[d["deal_kind"]]
        if part.role == "cornerstone":
            flow_kind = "ipo_cornerstone"
        rows.append(
            {
                "figure_id": part.participation_id,
                "record_id": part.record_id or d["record_id"] or part.deal_id,
                "amount_usd": part.ticket_usd,
                "amount_low_usd": part.ticket_low_usd,
                "amount_high_usd": part.ticket_high_usd,
                "amount_kind": part.ticket_kind,
                "amount_original": part.ticket_original,
                "currency_original": part.currency_original,
                "flow_kind": flow_kind,
                "investor": str(investor["name"]),
                "investor_id": part.investor_id,
                "investor_type": str(investor["kind"]),
                "investor_country": investor["country"] or None,
                "investor_region": str(investor["region"]),
                **_recipient(entity, d["recipient_id"]),
                "period_start": d["date_start"],
                "period_end": d["date_end"],
                "date_note": d["date_note"],
                "provider": None,
                "status": part.status,
                # Without a source of its own, a participation rests on its deal's source (named there, ticket
                # untold).
                "source_id": part.source_id if own_source else d["source_id"],
                "other_source_ids": part.other_source_ids if own_source else d["other_source_ids"],
                "quote": part.quote,
                "quote_translation": part.quote_translation,
                "notes": part.notes,
                "claim_id": part.claim_id,
                "claim_relation": part.claim_relation,
                "part_of": parents[part.participation_id],
                "record_type": "participation",
                "deal_id": part.deal_id,
                "role": part.role,
                "legacy_figure_id": part.legacy_figure_id,
                "deal_amount_usd": d["amount_usd"],
                "deal_amount_low_usd": d["amount_low_usd"],
                "deal_amount_high_usd": d["amount_high_usd"],
                "deal_amount_kind": d["amount_kind"],
                "valuation_usd": d["valuation_usd"],
                "valuation_note": d["valuation_note"],
                "caveat": part.caveat,
            }
        )
    return pd.DataFrame(rows)
