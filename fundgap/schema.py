"""The single vocabulary of fundgap: curated columns, allowed values and the built Parquet schema.

Each row of ``figures`` is one cited figure: an amount (or the fact that it was not disclosed), who paid whom,
for when, its status, and the source and short quote that state it.
"""

from __future__ import annotations

FIGURES_FILE = "figures.csv"
SOURCES_FILE = "sources.csv"
CLAIMS_FILE = "claims.csv"
CONFLICTS_FILE = "conflicts.csv"
CURATED_FILES = (FIGURES_FILE, SOURCES_FILE, CLAIMS_FILE, CONFLICTS_FILE)

AMOUNT_KINDS = ("exact", "approximate", "range", "upper_bound", "lower_bound", "undisclosed", "not_applicable")
# Kinds whose low/high bounds must bracket the amount and are the uncertainty drawn on charts.
BOUNDED_AMOUNT_KINDS = ("approximate", "range", "upper_bound", "lower_bound")

# Money that moved (or was committed) from an investor to a lab in one deal: the rows that totals add up.
DEAL_FLOW_KINDS = (
    "equity_investment",
    "equity_round_participation",
    "equity_tranche",
    "round_total",
    "commitment",
    "infrastructure_commitment",
    "secondary_purchase",
    "ipo_cornerstone",
    "ipo_total",
)
# Everything else is context: shown and cited, never added into a total.
FLOW_KINDS = DEAL_FLOW_KINDS + (
    "cumulative_investment",
    "aggregate_claim",
    "country_total",
    "market_value",
    "negative_finding",
    "statement",
)

STATUSES = ("VERIFIED", "UNVERIFIED", "REJECT")
REGIONS = (
    "Gulf",
    "United States",
    "China",
    "Japan",
    "Singapore",
    "Europe",
    "United Kingdom",
    "Canada",
    "Rest of world",
    "World",
    "Mixed",
)
INVESTOR_TYPES = (
    "sovereign_wealth_fund",
    "sovereign_investment_company",
    "state_fund",
    "corporate_venture_capital",
    "corporate",
    "conglomerate",
    "listed_holding_company",
    "venture_capital",
    "private_equity",
    "mixed",
    "not_applicable",
)
SOURCE_GRADES = ("primary", "wire_copy", "secondary")
VERDICTS = ("supported", "partly_supported", "contradicted", "cannot_be_reconstructed")
CLAIM_RELATIONS = ("supports", "contradicts", "context")
CURRENCIES = ("USD", "CNY", "HKD", "JPY", "SAR", "EUR")

FIGURE_COLUMNS = (
    "figure_id",
    "record_id",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "amount_original",
    "currency_original",
    "flow_kind",
    "investor",
    "investor_type",
    "investor_country",
    "investor_region",
    "recipient",
    "recipient_country",
    "recipient_region",
    "period_start",
    "period_end",
    "date_note",
    "provider",
    "status",
    "source_id",
    "other_source_ids",
    "quote",
    "quote_translation",
    "notes",
    "claim_id",
    "claim_relation",
    "part_of",
)
SOURCE_COLUMNS = (
    "source_id",
    "publisher",
    "title",
    "url",
    "url_missing_reason",
    "date_published",
    "grade",
    "citation",
)
CLAIM_COLUMNS = (
    "claim_id",
    "source_id",
    "claim_text",
    "subject",
    "claimed_amount_usd",
    "claimed_low_usd",
    "claimed_high_usd",
    "verdict",
    "verdict_summary",
    "seed_figure_id",
    "conflict_ids",
)
CONFLICT_COLUMNS = (
    "conflict_id",
    "topic",
    "trusted_figure_ids",
    "rejected_figure_ids",
    "rejected_reports",
    "resolution",
)

COLUMNS_BY_FILE = {
    FIGURES_FILE: FIGURE_COLUMNS,
    SOURCES_FILE: SOURCE_COLUMNS,
    CLAIMS_FILE: CLAIM_COLUMNS,
    CONFLICTS_FILE: CONFLICT_COLUMNS,
}
REQUIRED_BY_FILE = {
    FIGURES_FILE: (
        "figure_id", "record_id", "amount_kind", "flow_kind", "investor", "investor_region", "recipient",
        "recipient_region", "period_start", "status", "source_id",
    ),
    SOURCES_FILE: ("source_id", "publisher", "title", "grade", "citation"),
    CLAIMS_FILE: ("claim_id", "source_id", "claim_text", "subject", "verdict", "verdict_summary"),
    CONFLICTS_FILE: ("conflict_id", "topic", "resolution"),
}
NUMERIC_COLUMNS = {
    FIGURES_FILE: ("amount_usd", "amount_low_usd", "amount_high_usd", "amount_original"),
    CLAIMS_FILE: ("claimed_amount_usd", "claimed_low_usd", "claimed_high_usd"),
}
DATE_COLUMNS = {
    FIGURES_FILE: ("period_start", "period_end"),
    SOURCES_FILE: ("date_published",),
}
ALLOWED_VALUES = {
    FIGURES_FILE: {
        "amount_kind": AMOUNT_KINDS,
        "flow_kind": FLOW_KINDS,
        "investor_type": INVESTOR_TYPES,
        "investor_region": REGIONS,
        "recipient_region": REGIONS,
        "status": STATUSES,
        "currency_original": CURRENCIES,
        "claim_relation": CLAIM_RELATIONS,
    },
    SOURCES_FILE: {"grade": SOURCE_GRADES},
    CLAIMS_FILE: {"verdict": VERDICTS},
}
# Semicolon-separated lists of ids; the build stores them as lists.
LIST_COLUMNS = {
    FIGURES_FILE: ("other_source_ids",),
    CLAIMS_FILE: ("conflict_ids",),
    CONFLICTS_FILE: ("trusted_figure_ids", "rejected_figure_ids"),
}
ID_COLUMN = {
    FIGURES_FILE: "figure_id",
    SOURCES_FILE: "source_id",
    CLAIMS_FILE: "claim_id",
    CONFLICTS_FILE: "conflict_id",
}


# -- built outputs (shared by the build and the app's loader) ---------------------------------------------------
MANIFEST = "manifest.json"
VERSION_KEY = b"fundgap.dataset_version"
OUTPUT_TABLES = ("figures", "sources", "claims", "conflicts")
