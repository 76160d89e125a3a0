"""The single vocabulary of fundgap: curated columns, allowed values and the built Parquet schema.

The curated data is a ledger. ``entities`` are investors, vehicles, labs and projects, each once, with aliases
and owners. ``deals`` are rounds, tranches, IPOs, secondaries and commitments into a recipient entity.
``participations`` say who joined which deal, in which role, with which ticket. ``figures`` keeps what is not
a deal: country totals, market values, statements, cumulative totals and the seed claims, linked to entities
where they name one.

The build flattens the ledger into one row table (still called ``figures``): one row per figure, per deal and
per participation, each with its source, so every page, filter and export reads one shape."""

from __future__ import annotations

from fundgap.common.i18n import N_

FIGURES_FILE = "figures.csv"
SOURCES_FILE = "sources.csv"
CLAIMS_FILE = "claims.csv"
CONFLICTS_FILE = "conflicts.csv"
ENTITIES_FILE = "entities.csv"
DEALS_FILE = "deals.csv"
PARTICIPATIONS_FILE = "participations.csv"
GAPS_FILE = "gaps.csv"
RELEASES_FILE = "releases.csv"
CURATED_FILES = (
    FIGURES_FILE,
    SOURCES_FILE,
    CLAIMS_FILE,
    CONFLICTS_FILE,
    ENTITIES_FILE,
    DEALS_FILE,
    PARTICIPATIONS_FILE,
    GAPS_FILE,
    RELEASES_FILE,
)

ENTITY_KINDS = (
    "lab",
    "sovereign_fund",
    "state_fund",
    "state_investment_company",
    "state_owned_enterprise",
    "corporate",
    "corporate_venture",
    "venture",
    "private_equity",
    "asset_manager",
    "holding_company",
    "person",
    "investor_group",
    "project",
    "public_market",
)
# What a deal is. Tranches point (part_of) to their commitment, a cornerstone book to its IPO, a first close
# to the round it belongs to, so that nothing is counted twice.
DEAL_KINDS = (
    "round",
    "investment",
    "tranche",
    "commitment",
    "infrastructure_commitment",
    "secondary",
    "ipo",
    "ipo_cornerstone_book",
)
ROLES = ("lead", "co-lead", "participant", "cornerstone", "seller", "buyer")
# The flat table's flow_kind of a deal row, and of a participation row, by deal kind.
DEAL_FLOW_KIND = {
    "round": "round_total",
    "investment": "equity_investment",
    "tranche": "equity_tranche",
    "commitment": "commitment",
    "infrastructure_commitment": "infrastructure_commitment",
    "secondary": "secondary_purchase",
    "ipo": "ipo_total",
    "ipo_cornerstone_book": "ipo_cornerstone",
}
PARTICIPATION_FLOW_KIND = {**DEAL_FLOW_KIND, "round": "equity_round_participation", "ipo": "ipo_total"}
RECORD_TYPES = ("figure", "deal", "participation")
DATE_PRECISIONS = ("day", "month", "quarter", "year", "unknown")

AMOUNT_KINDS = (
    "exact",
    "approximate",
    "range",
    "upper_bound",
    "lower_bound",
    "undisclosed",
    "not_applicable",
)
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
SOURCE_GRADES = ("primary", "wire", "wire_copy", "secondary")
# The source order of data/README.md: 1 the producer's own text, 2 a wire or major outlet's original, 3 a
# faithful republication of one, 4 anything else.
SOURCE_LEVEL = {"primary": 1, "wire": 2, "wire_copy": 3, "secondary": 4}
LEVEL_NAMES = {
    1: N_("the producer's own text"),
    2: N_("a wire or major outlet"),
    3: N_("a faithful republication"),
    4: N_("other"),
}
# What a reader must know before quoting a row whose every source is secondary (level 4), unless its curated
# caveat already says more.
SINGLE_SECONDARY = "single secondary source"
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
    "investor_id",
    "investor_type",
    "investor_country",
    "investor_region",
    "recipient",
    "recipient_id",
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
    "caveat",
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
    "text_held",
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
    # A seed claim that a page sets against the documented deals names its comparison here, so that a data
    # update updates the pages' words and numbers: which headline it is, and whose money into which labs.
    "headline",
    "headline_label",
    "compared_investor_ids",
    "compared_investor_region",
    "compared_lab_ids",
)
# The seed comparisons the pages are built around: Gulf money into the seed's Chinese labs and into its US
# labs (Overview), and SoftBank's money into OpenAI (SoftBank page).
HEADLINES = ("gulf_china", "gulf_us", "softbank_openai")
CONFLICT_COLUMNS = (
    "conflict_id",
    "topic",
    "trusted_figure_ids",
    "rejected_figure_ids",
    "rejected_reports",
    "resolution",
)

# What was looked for and not found: the edge of the evidence, shown on Sources & method.
GAP_COLUMNS = ("gap_id", "entity_id", "year", "missing", "looked", "notes")
ENTITY_COLUMNS = (
    "entity_id",
    "name",
    "short_name",
    "aliases",
    "kind",
    "country",
    "region",
    "owner_ids",
    "notes",
    "founded",
    # The simplified-Chinese name as Chinese sources write it (the short form news uses for display), and the
    # source whose text shows it: the Chinese dashboard shows it, and searches accept it.
    "name_zh",
    "name_zh_source_id",
)
# A lab's model releases, set against its money on the Open or closed page. Openness is what the lab
# published: the weights (with their licence), an API or hosted product only, or some sizes open and the
# flagship closed.
OPENNESS = ("open_weights", "api_only", "partly_open")
RELEASE_COLUMNS = (
    "release_id",
    "lab_id",
    "model",
    "date",
    "date_note",
    "openness",
    "licence",
    "licence_restriction",
    "weights_date",
    "parameters",
    "status",
    "source_id",
    "other_source_ids",
    "quote",
    "quote_translation",
    "notes",
    "claim_id",
    "claim_relation",
)
DEAL_COLUMNS = (
    "deal_id",
    "record_id",
    "deal_kind",
    "recipient_id",
    "date_start",
    "date_end",
    "date_note",
    "amount_usd",
    "amount_low_usd",
    "amount_high_usd",
    "amount_kind",
    "amount_original",
    "currency_original",
    "valuation_usd",
    "valuation_note",
    "status",
    "part_of",
    "source_id",
    "other_source_ids",
    "quote",
    "quote_translation",
    "notes",
    "claim_id",
    "claim_relation",
    "legacy_figure_id",
    "caveat",
)
PARTICIPATION_COLUMNS = (
    "participation_id",
    "deal_id",
    "investor_id",
    "role",
    "ticket_usd",
    "ticket_low_usd",
    "ticket_high_usd",
    "ticket_kind",
    "ticket_original",
    "currency_original",
    "status",
    "source_id",
    "other_source_ids",
    "quote",
    "quote_translation",
    "notes",
    "claim_id",
    "claim_relation",
    "record_id",
    "legacy_figure_id",
    "caveat",
)

COLUMNS_BY_FILE = {
    FIGURES_FILE: FIGURE_COLUMNS,
    SOURCES_FILE: SOURCE_COLUMNS,
    CLAIMS_FILE: CLAIM_COLUMNS,
    CONFLICTS_FILE: CONFLICT_COLUMNS,
    ENTITIES_FILE: ENTITY_COLUMNS,
    DEALS_FILE: DEAL_COLUMNS,
    PARTICIPATIONS_FILE: PARTICIPATION_COLUMNS,
    GAPS_FILE: GAP_COLUMNS,
    RELEASES_FILE: RELEASE_COLUMNS,
}
REQUIRED_BY_FILE = {
    FIGURES_FILE: (
        "figure_id",
        "record_id",
        "amount_kind",
        "flow_kind",
        "investor",
        "investor_region",
        "recipient",
        "recipient_region",
        "status",
        "source_id",
    ),
    SOURCES_FILE: ("source_id", "publisher", "title", "grade", "citation"),
    CLAIMS_FILE: ("claim_id", "source_id", "claim_text", "subject", "verdict", "verdict_summary"),
    CONFLICTS_FILE: ("conflict_id", "topic", "resolution"),
    ENTITIES_FILE: ("entity_id", "name", "short_name", "kind", "region"),
    DEALS_FILE: ("deal_id", "deal_kind", "recipient_id", "amount_kind", "status", "source_id"),
    PARTICIPATIONS_FILE: ("participation_id", "deal_id", "investor_id", "role", "ticket_kind", "status"),
    GAPS_FILE: ("gap_id", "missing", "looked"),
    RELEASES_FILE: ("release_id", "lab_id", "model", "date", "openness", "status", "source_id"),
}
NUMERIC_COLUMNS = {
    FIGURES_FILE: ("amount_usd", "amount_low_usd", "amount_high_usd", "amount_original"),
    CLAIMS_FILE: ("claimed_amount_usd", "claimed_low_usd", "claimed_high_usd"),
    DEALS_FILE: ("amount_usd", "amount_low_usd", "amount_high_usd", "amount_original", "valuation_usd"),
    PARTICIPATIONS_FILE: ("ticket_usd", "ticket_low_usd", "ticket_high_usd", "ticket_original"),
}
DATE_COLUMNS = {
    FIGURES_FILE: ("period_start", "period_end"),
    SOURCES_FILE: ("date_published",),
    DEALS_FILE: ("date_start", "date_end"),
    GAPS_FILE: ("year",),
    RELEASES_FILE: ("date", "weights_date"),
    ENTITIES_FILE: ("founded",),
}
ALLOWED_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
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
    SOURCES_FILE: {"grade": SOURCE_GRADES, "text_held": ("yes", "no")},
    CLAIMS_FILE: {"verdict": VERDICTS, "headline": HEADLINES, "compared_investor_region": REGIONS},
    ENTITIES_FILE: {"kind": ENTITY_KINDS, "region": REGIONS},
    DEALS_FILE: {
        "deal_kind": DEAL_KINDS,
        "amount_kind": AMOUNT_KINDS,
        "status": STATUSES,
        "currency_original": CURRENCIES,
        "claim_relation": CLAIM_RELATIONS,
    },
    RELEASES_FILE: {"openness": OPENNESS, "status": STATUSES, "claim_relation": CLAIM_RELATIONS},
    PARTICIPATIONS_FILE: {
        "role": ROLES,
        "ticket_kind": AMOUNT_KINDS,
        "status": STATUSES,
        "currency_original": CURRENCIES,
        "claim_relation": CLAIM_RELATIONS,
    },
}
# Semicolon-separated lists of ids; the build stores them as lists.
LIST_COLUMNS = {
    FIGURES_FILE: ("other_source_ids",),
    CLAIMS_FILE: ("conflict_ids", "compared_investor_ids", "compared_lab_ids"),
    CONFLICTS_FILE: ("trusted_figure_ids", "rejected_figure_ids"),
    ENTITIES_FILE: ("aliases", "owner_ids"),
    DEALS_FILE: ("other_source_ids",),
    PARTICIPATIONS_FILE: ("other_source_ids",),
    RELEASES_FILE: ("other_source_ids",),
}
ID_COLUMN = {
    FIGURES_FILE: "figure_id",
    SOURCES_FILE: "source_id",
    CLAIMS_FILE: "claim_id",
    CONFLICTS_FILE: "conflict_id",
    ENTITIES_FILE: "entity_id",
    DEALS_FILE: "deal_id",
    PARTICIPATIONS_FILE: "participation_id",
    GAPS_FILE: "gap_id",
    RELEASES_FILE: "release_id",
}


# -- built outputs (shared by the build and the app's loader)
# ---------------------------------------------------
MANIFEST = "manifest.json"
VERSION_KEY = b"fundgap.dataset_version"
OUTPUT_TABLES = (
    "figures",
    "sources",
    "claims",
    "conflicts",
    "entities",
    "deals",
    "participations",
    "gaps",
    "releases",
)
