"""A synthetic fundgap ledger of any size with the real schema, deterministic for a given size and seed.

The row table has the built columns (record_type, deal_id, investor_id, deal_amount_*, year_start/year_end,
the joined source_* fields, other_source_ids as lists) and realistic distributions: mostly participations
(about six in ten rows), each inside a round or IPO whose size it carries; single-investor deals, tranches
inside commitments, some country totals and statements; log-normal amounts; about one in six tickets
undisclosed; a few thousand investor and recipient entities with Zipf-like popularity, one investor in ten a
vehicle of another. The entities, deals and participations tables are derived from the same rows. sources,
claims and conflicts are the real small tables from data/. Everything is written with the project's own writer
(render_outputs and write_atomically) into benchmarks/.synthetic/<size>/, so it passes
fundgap.load.read_dataset."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from benchmarks.common import SIZES, SYNTHETIC_DIR
from fundgap.data import paths, schema
from fundgap.data.build import MANIFEST, SOURCE_FIELDS, BuiltDataset, render_outputs, write_atomically
from fundgap.data.load import Dataset, read_dataset

SEED = 20240601
GENERATOR_VERSION = "3"  # bump when the generator changes: cached folders are then rebuilt
N_INVESTORS = 3000
N_RECIPIENTS = 2000

FLOW_KIND_WEIGHTS = {
    "equity_investment": 0.08,
    "equity_round_participation": 0.56,
    "round_total": 0.12,
    "equity_tranche": 0.03,
    "commitment": 0.03,
    "infrastructure_commitment": 0.01,
    "secondary_purchase": 0.02,
    "ipo_cornerstone": 0.04,
    "ipo_total": 0.01,
    "country_total": 0.04,
    "cumulative_investment": 0.02,
    "aggregate_claim": 0.01,
    "market_value": 0.01,
    "negative_finding": 0.01,
    "statement": 0.01,
}
PARTICIPATION_KINDS = ("equity_round_participation", "ipo_cornerstone")
CONTEXT_KINDS = (
    "country_total",
    "cumulative_investment",
    "aggregate_claim",
    "market_value",
    "negative_finding",
    "statement",
)
# A deal with one investor names it (investments, tranches, commitments); a round or an IPO is "Mixed".
SOLE_KINDS = ("equity_investment", "equity_tranche", "commitment", "infrastructure_commitment")
STATUS_WEIGHTS = {"VERIFIED": 0.80, "UNVERIFIED": 0.14, "REJECT": 0.06}
INVESTOR_REGION_WEIGHTS = {
    "United States": 0.34,
    "China": 0.22,
    "Gulf": 0.10,
    "Japan": 0.07,
    "Singapore": 0.06,
    "Europe": 0.09,
    "United Kingdom": 0.05,
    "Canada": 0.03,
    "Rest of world": 0.04,
}
RECIPIENT_REGION_WEIGHTS = {
    "United States": 0.45,
    "China": 0.33,
    "United Kingdom": 0.06,
    "Europe": 0.08,
    "Canada": 0.03,
    "Rest of world": 0.05,
}
COUNTRY_OF_REGION = {
    "United States": ("United States",),
    "China": ("China",),
    "Japan": ("Japan",),
    "Singapore": ("Singapore",),
    "Gulf": ("United Arab Emirates", "Saudi Arabia", "Qatar", "Kuwait"),
    "Europe": ("France", "Germany", "Netherlands"),
    "United Kingdom": ("United Kingdom",),
    "Canada": ("Canada",),
    "Rest of world": ("India", "Israel", "South Korea"),
}
INVESTOR_TYPES = tuple(t for t in schema.INVESTOR_TYPES if t not in ("mixed", "not_applicable"))
TOTAL_REGIONS = ("United States", "China", "United Kingdom", "World", "Europe")
TOTAL_PROVIDERS = (
    "Stanford AI Index 2025",
    "Stanford AI Index 2026",
    "OECD.AI / Preqin (via AIPRM)",
    "GlobalData",
    "PitchBook",
    "OECD",
    "Crunchbase",
)
NO_AMOUNT_KINDS = ("negative_finding", "statement")
WORDS = (
    "Azure",
    "Harbor",
    "Summit",
    "Granite",
    "Lumen",
    "Meridian",
    "Cobalt",
    "Juniper",
    "Falcon",
    "Orchid",
    "Cedar",
    "Aurora",
    "Beacon",
    "Crescent",
    "Delta",
    "Ember",
    "Fjord",
    "Golden",
    "Helix",
    "Iris",
    "Jade",
    "Kestrel",
    "Lotus",
    "Maple",
    "Nimbus",
    "Onyx",
    "Pioneer",
    "Quartz",
    "Redwood",
    "Sable",
    "Tidal",
    "Umber",
    "Vertex",
    "Willow",
    "Xenon",
    "Yarrow",
    "Zephyr",
    "Atlas",
    "Boreal",
    "Cypress",
    "Dune",
    "Echo",
    "Flint",
    "Grove",
    "Haven",
    "Indigo",
    "Kite",
    "Lark",
    "Mesa",
    "North",
    "Oak",
    "Pine",
    "Quill",
    "Ridge",
    "Stone",
    "Thorn",
    "Vale",
    "West",
    "Zenith",
)
FUND_SUFFIXES = (
    "Capital",
    "Ventures",
    "Partners",
    "Holdings",
    "Investment Authority",
    "Growth Fund",
    "Group",
    "Asset Management",
    "Technology Fund",
    "Private Equity",
    "Strategic Fund",
    "Family Office",
)
LAB_SUFFIXES = (
    "AI",
    "Labs",
    "Intelligence",
    "Robotics",
    "Systems",
    "Research",
    "Mind",
    "Compute",
    "Models",
    "Machines",
    "Neural",
    "Cognition",
    "Foundry",
    "Vision",
    "Tech",
    "Dynamics",
    "Logic",
)


def generate_figures(n: int, sources: pd.DataFrame, claims: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """n synthetic figures in the built figures schema, sorted by figure_id like the build's output."""
    rng = np.random.default_rng(seed)
    kinds = _choose(rng, FLOW_KIND_WEIGHTS, n)
    frame = {"figure_id": np.array([f"syn_{i:07d}" for i in range(n)], dtype=object)}
    frame["record_id"] = _record_ids(rng, frame["figure_id"])
    frame["flow_kind"] = kinds
    frame["status"] = _choose(rng, STATUS_WEIGHTS, n)
    frame.update(_parties(rng, n, kinds))
    frame.update(_periods(rng, n, kinds))
    frame.update(_amounts(rng, n, kinds))
    frame.update(_links(rng, frame))
    frame.update(_provenance(rng, n, kinds, sources, claims))
    frame.update(_ledger_columns(rng, frame))
    return _typed(frame, sources)


def _choose(rng: np.random.Generator, weights: dict, n: int) -> np.ndarray:
    names = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype=float)
    return names[rng.choice(len(names), size=n, p=p / p.sum())]


def _zipf_pick(rng: np.random.Generator, pool_size: int, n: int) -> np.ndarray:
    """Indices into a pool where a few names are common and most are rare (so distinct counts grow with n)."""
    weights = 1.0 / (np.arange(pool_size) + 10.0) ** 1.1
    return rng.choice(pool_size, size=n, p=weights / weights.sum())


def _record_ids(rng: np.random.Generator, figure_ids: np.ndarray) -> np.ndarray:
    # About one figure in five shares its record with the figure before it (two figures quoted in one report).
    shared = rng.random(len(figure_ids)) < 0.2
    shared[0] = False
    previous = np.concatenate([figure_ids[:1], figure_ids[:-1]])
    return np.where(shared, previous, figure_ids)


def _name_pool(rng: np.random.Generator, size: int, suffixes: tuple[str, ...], regions: dict) -> pd.DataFrame:
    names = [f"{a} {b} {s}" for s in suffixes for a in WORDS for b in WORDS if a != b]
    chosen = rng.choice(len(names), size=size, replace=False)
    region = _choose(rng, regions, size)
    country = np.array(
        [COUNTRY_OF_REGION[r][rng.integers(len(COUNTRY_OF_REGION[r]))] for r in region], dtype=object
    )
    return pd.DataFrame({"name": np.array(names, dtype=object)[chosen], "region": region, "country": country})


def _parties(rng: np.random.Generator, n: int, kinds: np.ndarray) -> dict[str, np.ndarray]:
    investors = _name_pool(rng, N_INVESTORS, FUND_SUFFIXES, INVESTOR_REGION_WEIGHTS)
    investors["type"] = np.array(INVESTOR_TYPES, dtype=object)[
        rng.integers(len(INVESTOR_TYPES), size=N_INVESTORS)
    ]
    recipients = _name_pool(rng, N_RECIPIENTS, LAB_SUFFIXES, RECIPIENT_REGION_WEIGHTS)
    inv_at, rec_at = _zipf_pick(rng, N_INVESTORS, n), _zipf_pick(rng, N_RECIPIENTS, n)
    inv, rec = investors.iloc[inv_at], recipients.iloc[rec_at]
    out = {f"investor{suffix}": np.array(inv[column], dtype=object) for column, suffix in PARTY_FIELDS}
    out |= {
        f"recipient{suffix}": np.array(rec[column], dtype=object)
        for column, suffix in PARTY_FIELDS
        if column != "type"
    }
    out["investor_id"] = np.array([f"inv_{i:04d}" for i in inv_at], dtype=object)
    out["recipient_id"] = np.array([f"lab_{i:04d}" for i in rec_at], dtype=object)
    whole = ~np.isin(kinds, (*PARTICIPATION_KINDS, *SOLE_KINDS, *CONTEXT_KINDS))  # rounds, IPOs, secondaries
    out["investor"][whole] = np.array(
        [f"Round investors: {name}" for name in out["investor"][whole]], dtype=object
    )
    _mixed(out, whole, "investor")
    out["investor_id"][whole | np.isin(kinds, CONTEXT_KINDS)] = None
    out["recipient_id"][np.isin(kinds, CONTEXT_KINDS)] = None
    totals = kinds == "country_total"  # "All private investors" -> a country, as the AI Index reports it
    out["investor"][totals] = "All private investors"
    _mixed(out, totals, "investor")
    region = np.array(TOTAL_REGIONS, dtype=object)[rng.integers(len(TOTAL_REGIONS), size=int(totals.sum()))]
    out["recipient"][totals] = region
    out["recipient_region"][totals] = region
    out["recipient_country"][totals] = np.where(np.isin(region, ("World", "Europe")), None, region)
    return out


PARTY_FIELDS = (("name", ""), ("type", "_type"), ("country", "_country"), ("region", "_region"))


def _mixed(out: dict, rows: np.ndarray, side: str) -> None:
    out[f"{side}_region"][rows] = "Mixed"
    out[f"{side}_country"][rows] = None
    if side == "investor":
        out["investor_type"][rows] = "mixed"


def _periods(rng: np.random.Generator, n: int, kinds: np.ndarray) -> dict[str, np.ndarray]:
    years = np.arange(2015, 2027)
    weights = np.linspace(1, 6, len(years))
    year = years[rng.choice(len(years), size=n, p=weights / weights.sum())]
    month = rng.integers(1, 13, size=n)
    day = rng.integers(1, 29, size=n)
    form = rng.choice(3, size=n, p=[0.35, 0.40, 0.25])  # YYYY, YYYY-MM, YYYY-MM-DD
    form[kinds == "country_total"] = 0
    start = np.array(
        [
            f"{y}" if f == 0 else f"{y}-{m:02d}" if f == 1 else f"{y}-{m:02d}-{d:02d}"
            for y, m, d, f in zip(year, month, day, form, strict=True)
        ],
        dtype=object,
    )
    spans = (rng.random(n) < 0.12) & (kinds != "country_total")
    year_end = np.where(spans, np.minimum(year + rng.integers(1, 3, size=n), 2026), year)
    end = np.where(spans, year_end.astype(str).astype(object), None)
    notes = np.array(
        ["about the month of the report", "Q1 of the year", "closing date not disclosed", None], dtype=object
    )
    date_note = np.where(rng.random(n) < 0.08, notes[rng.integers(3, size=n)], None)
    date_note[(kinds == "country_total") & (year == 2026)] = "prediction"
    return {
        "period_start": start,
        "period_end": end,
        "date_note": date_note,
        "year_start": year.astype("int64"),
        "year_end": year_end.astype("int64"),
    }


def _amounts(rng: np.random.Generator, n: int, kinds: np.ndarray) -> dict[str, np.ndarray]:
    scale = np.full(n, 30e6)
    scale[np.isin(kinds, ("round_total", "ipo_total", "cumulative_investment"))] = 400e6
    scale[np.isin(kinds, ("country_total", "market_value", "aggregate_claim"))] = 20e9
    amount = np.maximum(np.round(scale * rng.lognormal(0.0, 1.5, size=n), -5), 1e5)
    kind = np.array(
        ["exact", "approximate", "lower_bound", "upper_bound", "range", "undisclosed"], dtype=object
    )[rng.choice(6, size=n, p=[0.58, 0.15, 0.07, 0.02, 0.03, 0.15])]
    kind[kinds == "country_total"] = "exact"
    kind[np.isin(kinds, NO_AMOUNT_KINDS)] = "not_applicable"
    other_currency = (rng.random(n) < 0.02) & (kind == "exact")  # stated only in CNY: no USD amount
    amount[(kind == "undisclosed") | (kind == "not_applicable") | other_currency] = np.nan
    low_factor = np.where(kind == "lower_bound", 1.0, 0.85)
    high_factor = np.where(kind == "upper_bound", 1.0, 1.2)
    low = np.where(np.isin(kind, ("approximate", "range", "lower_bound")), amount * low_factor, np.nan)
    high = np.where(np.isin(kind, ("approximate", "range", "upper_bound")), amount * high_factor, np.nan)
    original = np.where(other_currency, np.round(scale * 7.2 * rng.lognormal(0.0, 1.0, size=n), -5), np.nan)
    return {
        "amount_usd": amount,
        "amount_low_usd": low,
        "amount_high_usd": high,
        "amount_kind": kind,
        "amount_original": original,
        "currency_original": np.where(other_currency, "CNY", None).astype(object),
    }


def _links(rng: np.random.Generator, frame: dict) -> dict[str, np.ndarray]:
    """Every participation sits in a round (a cornerstone order in an IPO), most tranches in a commitment;
    each shares its deal's recipient and dates, like the real ledger."""
    kinds = frame["flow_kind"]
    part_of = np.full(len(kinds), None, dtype=object)
    for child, parent, share in (
        ("equity_round_participation", "round_total", 1.0),
        ("ipo_cornerstone", "ipo_total", 1.0),
        ("equity_tranche", "commitment", 0.8),
    ):
        parents = np.flatnonzero(kinds == parent)
        children = np.flatnonzero((kinds == child) & (rng.random(len(kinds)) < share))
        if not len(parents) or not len(children):
            continue
        picked = parents[rng.integers(len(parents), size=len(children))]
        part_of[children] = frame["figure_id"][picked]
        for column in (
            "recipient",
            "recipient_id",
            "recipient_country",
            "recipient_region",
            "period_start",
            "period_end",
            "year_start",
            "year_end",
        ):
            frame[column][children] = frame[column][picked]
    return {"part_of": part_of}


def _ledger_columns(rng: np.random.Generator, frame: dict) -> dict[str, np.ndarray]:
    kinds, ids, part_of = frame["flow_kind"], frame["figure_id"], frame["part_of"]
    n = len(kinds)
    is_part = np.isin(kinds, PARTICIPATION_KINDS)
    record = np.where(
        is_part, "participation", np.where(np.isin(kinds, CONTEXT_KINDS), "figure", "deal")
    ).astype(object)
    deal_id = np.where(record == "deal", ids, np.where(is_part, part_of, None)).astype(object)
    position = pd.Index(ids).get_indexer(pd.Series(deal_id).fillna("").to_numpy(dtype=object))
    has_deal = position >= 0
    deal = {}
    for column, source in (
        ("deal_amount_usd", "amount_usd"),
        ("deal_amount_low_usd", "amount_low_usd"),
        ("deal_amount_high_usd", "amount_high_usd"),
    ):
        deal[column] = np.where(has_deal, frame[source][np.maximum(position, 0)], np.nan)
    deal["deal_amount_kind"] = np.where(has_deal, frame["amount_kind"][np.maximum(position, 0)], None).astype(
        object
    )
    valued = (record == "deal") & (rng.random(n) < 0.3) & ~np.isnan(frame["amount_usd"])
    precision = np.array(["year", "month", "day"], dtype=object)[
        [len(str(p)) // 3 - 1 if len(str(p)) in (4, 7, 10) else 0 for p in frame["period_start"]]
    ]
    return {
        "record_type": record,
        "deal_id": deal_id,
        "role": np.where(
            is_part,
            np.where(
                kinds == "ipo_cornerstone",
                "cornerstone",
                _pick(rng, ("lead", "participant", "participant", "co-lead"), n),
            ),
            None,
        ).astype(object),
        "legacy_figure_id": np.full(n, None, dtype=object),
        **deal,
        "valuation_usd": np.where(valued, frame["amount_usd"] * rng.uniform(4, 20, size=n), np.nan),
        "valuation_note": np.where(valued, "post-money", None).astype(object),
        "date_precision": precision,
    }


def _provenance(
    rng: np.random.Generator, n: int, kinds: np.ndarray, sources: pd.DataFrame, claims: pd.DataFrame
) -> dict:
    source_ids = sources["source_id"].to_numpy(dtype=object)
    source_id = source_ids[_zipf_pick(rng, len(source_ids), n)]
    others = np.empty(n, dtype=object)
    extra = rng.choice(3, size=n, p=[0.82, 0.13, 0.05])
    for i, count in enumerate(extra):
        others[i] = [] if count == 0 else sorted(set(source_ids[rng.integers(len(source_ids), size=count)]))
    claim_rows = rng.random(n) < 0.01
    claim_id = np.where(
        claim_rows, claims["claim_id"].to_numpy(dtype=object)[rng.integers(len(claims), size=n)], None
    )
    relation = np.where(claim_rows, _pick(rng, schema.CLAIM_RELATIONS, n), None)
    provider = np.where(kinds == "country_total", _pick(rng, TOTAL_PROVIDERS, n), None)
    return {
        "source_id": source_id,
        "other_source_ids": others,
        "quote": _texts(rng, n, QUOTES, 1.0),
        "quote_translation": _texts(rng, n, TRANSLATIONS, 0.04),
        "notes": _texts(rng, n, NOTES, 1.0),
        "claim_id": claim_id,
        "claim_relation": relation,
        "provider": provider,
    }


QUOTES = tuple(
    f"The company said it had raised {amount} in a round {how}, according to people familiar with the "
    f"matter ({k})."
    for k, (amount, how) in enumerate(
        (a, h)
        for a in (
            "$40 million",
            "about $1.2 billion",
            "at least $300 million",
            "an undisclosed sum",
            "up to $5 billion",
            "$18.5 million",
        )
        for h in (
            "led by a sovereign fund",
            "that closed this week",
            "with state backing",
            "valuing it at $2 billion",
            "backed by existing investors",
        )
    )
)
TRANSLATIONS = ("The round was led by a state-owned fund.", "Investors include several sovereign funds.")
NOTES = tuple(
    "Synthetic figure for benchmarks: amount as the quote states it; the round total is counted once. "
    f"Note {k}."
    for k in range(40)
)


def _pick(rng: np.random.Generator, values: tuple[str, ...], n: int) -> np.ndarray:
    return np.array(values, dtype=object)[rng.integers(len(values), size=n)]


def _texts(rng: np.random.Generator, n: int, pool: tuple[str, ...], share: float) -> np.ndarray:
    picked = np.array(pool, dtype=object)[rng.integers(len(pool), size=n)]
    return picked if share >= 1 else np.where(rng.random(n) < share, picked, None)


LEDGER_COLUMNS = (
    "record_type",
    "deal_id",
    "role",
    "legacy_figure_id",
    "deal_amount_usd",
    "deal_amount_low_usd",
    "deal_amount_high_usd",
    "deal_amount_kind",
    "valuation_usd",
    "valuation_note",
    "date_precision",
)
NUMBER_COLUMNS = (
    *schema.NUMERIC_COLUMNS[schema.FIGURES_FILE],
    "deal_amount_usd",
    "deal_amount_low_usd",
    "deal_amount_high_usd",
    "valuation_usd",
    "year_start",
    "year_end",
    "other_source_ids",
)


def _typed(frame: dict, sources: pd.DataFrame) -> pd.DataFrame:
    """Columns in the build's order with the dtypes the build gives them (text as Python objects, so Arrow
    writes `string` like the real file, not pandas' `large_string`), sources joined on source_id."""
    rows = len(frame["figure_id"])
    # Columns the generator does not vary (a caveat) are empty, as on most real rows.
    built = pd.DataFrame(
        {
            column: frame[column] if column in frame else [None] * rows
            for column in (*schema.FIGURE_COLUMNS, *LEDGER_COLUMNS)
        }
    )
    built["year_start"] = frame["year_start"]
    built["year_end"] = frame["year_end"]
    joined = sources.set_index("source_id")[list(SOURCE_FIELDS)].rename(columns=SOURCE_FIELDS)
    built = built.join(joined, on="source_id")
    built["source_level"] = pd.array(
        [schema.SOURCE_LEVEL.get(g) for g in built["source_grade"]], dtype="Int64"
    )
    for column in built.columns:
        if column not in NUMBER_COLUMNS and column != "source_level":
            text = built[column].to_numpy(dtype=object)
            built[column] = pd.Series(np.where(pd.isna(text), None, text), dtype=object)
    return built


def ledger_tables(figures: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """entities, deals and participations in the built schema, derived from the synthetic rows."""
    deal_rows = figures[figures["record_type"] == "deal"]
    part_rows = figures[figures["record_type"] == "participation"]
    deals = pd.DataFrame(
        {
            "deal_id": deal_rows["figure_id"],
            "record_id": deal_rows["record_id"],
            "deal_kind": deal_rows["flow_kind"].map({v: k for k, v in schema.DEAL_FLOW_KIND.items()}),
            "recipient_id": deal_rows["recipient_id"],
            "date_start": deal_rows["period_start"],
            "date_end": deal_rows["period_end"],
            "date_note": deal_rows["date_note"],
            "amount_usd": deal_rows["amount_usd"],
            "amount_low_usd": deal_rows["amount_low_usd"],
            "amount_high_usd": deal_rows["amount_high_usd"],
            "amount_kind": deal_rows["amount_kind"],
            "amount_original": deal_rows["amount_original"],
            "currency_original": deal_rows["currency_original"],
            "valuation_usd": deal_rows["valuation_usd"],
            "valuation_note": deal_rows["valuation_note"],
            "status": deal_rows["status"],
            "part_of": deal_rows["part_of"],
            "source_id": deal_rows["source_id"],
            "other_source_ids": deal_rows["other_source_ids"],
            "quote": deal_rows["quote"],
            "quote_translation": deal_rows["quote_translation"],
            "notes": deal_rows["notes"],
            "claim_id": deal_rows["claim_id"],
            "claim_relation": deal_rows["claim_relation"],
            "legacy_figure_id": deal_rows["legacy_figure_id"],
            **{column: deal_rows[column] for column in SOURCE_FIELDS.values()},
        }
    ).reset_index(drop=True)
    participations = pd.DataFrame(
        {
            "participation_id": part_rows["figure_id"],
            "deal_id": part_rows["deal_id"],
            "investor_id": part_rows["investor_id"],
            "role": part_rows["role"],
            "ticket_usd": part_rows["amount_usd"],
            "ticket_low_usd": part_rows["amount_low_usd"],
            "ticket_high_usd": part_rows["amount_high_usd"],
            "ticket_kind": part_rows["amount_kind"],
            "ticket_original": part_rows["amount_original"],
            "currency_original": part_rows["currency_original"],
            "status": part_rows["status"],
            "source_id": part_rows["source_id"],
            "other_source_ids": part_rows["other_source_ids"],
            "quote": part_rows["quote"],
            "quote_translation": part_rows["quote_translation"],
            "notes": part_rows["notes"],
            "claim_id": part_rows["claim_id"],
            "claim_relation": part_rows["claim_relation"],
            "record_id": part_rows["record_id"],
            "legacy_figure_id": part_rows["legacy_figure_id"],
        }
    ).reset_index(drop=True)
    return {"entities": _entities(figures), "deals": deals, "participations": participations}


def _entities(figures: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for side, kind in (("investor", None), ("recipient", "lab")):
        rows = figures[figures[f"{side}_id"].notna()].drop_duplicates(f"{side}_id")
        ids = rows[f"{side}_id"].to_numpy(dtype=object)
        frames.append(
            pd.DataFrame(
                {
                    "entity_id": ids,
                    "name": rows[side].to_numpy(dtype=object),
                    "short_name": [str(name).split(" ")[0] for name in rows[side]],
                    "aliases": [[f"{i.upper()}"] for i in ids],
                    "kind": kind or "venture",
                    "country": rows[f"{side}_country"].to_numpy(dtype=object),
                    "region": rows[f"{side}_region"].to_numpy(dtype=object),
                    # One investor in ten is a vehicle of the investor listed before it: owner filters have
                    # vehicles to expand.
                    "owner_ids": [
                        [ids[k - 1]] if side == "investor" and k % 10 == 9 else [] for k in range(len(ids))
                    ],
                    "notes": None,
                }
            )
        )
    return pd.concat(frames, ignore_index=True).sort_values("entity_id").reset_index(drop=True)


# -- writing
# ----------------------------------------------------------------------------------------------------


def synthetic_dir(size: str) -> Path:
    return SYNTHETIC_DIR / size


def synthetic_version(n: int, seed: int = SEED) -> str:
    return hashlib.sha256(f"synthetic:{n}:{seed}:{GENERATOR_VERSION}".encode()).hexdigest()[:12]


def ensure_dataset(size: str, seed: int = SEED) -> Path:
    """benchmarks/.synthetic/<size>/, generated once: the same size and seed always give the same bytes."""
    out = synthetic_dir(size)
    version = synthetic_version(SIZES[size], seed)
    manifest = out / MANIFEST
    if manifest.is_file() and json.loads(manifest.read_text()).get("dataset_version") == version:
        return out
    real = read_dataset(paths.DEFAULT_DATA_DIR)
    figures = generate_figures(SIZES[size], real.sources, real.claims, seed)
    tables = {
        "figures": figures,
        "sources": real.sources,
        "claims": real.claims,
        "conflicts": real.conflicts,
        "gaps": real.gaps,
        "releases": real.releases,
        **ledger_tables(figures),
    }
    outputs = render_outputs(BuiltDataset(tables, version))
    check_schema(outputs["figures.parquet"])
    write_atomically(outputs, out)
    return out


def check_schema(figures_parquet: bytes) -> None:
    """The synthetic figures.parquet must have exactly the real file's columns and Arrow types."""
    real = pq.read_schema(paths.DEFAULT_DATA_DIR / "figures.parquet").remove_metadata()
    synthetic = pq.read_schema(pa.BufferReader(figures_parquet)).remove_metadata()
    if not real.equals(synthetic):
        raise AssertionError(
            f"synthetic figures schema differs from data/figures.parquet:\n{synthetic}\nvs\n{real}"
        )


def describe(data: Dataset) -> dict:
    """A few facts that show the distributions are the intended ones (printed in the JSON, not the table)."""
    figures = data.figures
    return {
        "rows": len(figures),
        "distinct_investors": int(figures["investor"].nunique()),
        "distinct_recipients": int(figures["recipient"].nunique()),
        "undisclosed_share": round(float((figures["amount_kind"] == "undisclosed").mean()), 3),
        "part_of_share": round(float(figures["part_of"].notna().mean()), 3),
        "gulf_share": round(float((figures["investor_region"] == "Gulf").mean()), 3),
        "participations": int((figures["record_type"] == "participation").sum()),
        "deals": int((figures["record_type"] == "deal").sum()),
        "entities": len(data.entities),
    }
