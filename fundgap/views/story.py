"""Project-written prose shown on the pages (markdown; dataset text never goes in here)."""

from fundgap.common.fmt import count

COUNTRY_TOTALS_LEAD = (
    "Private AI investment by country, as the Stanford AI Index reports it. The data year is one year "
    "before the "
    "report's year (AI Index 2025 reports 2024). Hover a bar for the source, date and status; figures "
    "held only by a "
    "single secondary source are drawn lighter."
)

PROVIDERS_DIFFER = (
    "Each provider counts something different, so their numbers are never joined into one series: the "
    "AI Index uses "
    "Quid's data on private investment in AI companies; OECD.AI uses Preqin venture-capital deals; "
    "GlobalData counts "
    "generative-AI venture capital only; PitchBook counts Chinese AI venture deals. For China in 2024 "
    "that gives "
    "\\$9.3B (AI Index), \\$37.7B (OECD.AI/Preqin via AIPRM) and \\$140M (GlobalData, GenAI only): see "
    "conflict C7 on "
    "the Sources & method page."
)

CLAIMS_LEAD = (
    "Every checkable statement of the two seed articles, with a verdict against the evidence, the "
    "figures that bear "
    "on it and their sources. Verdicts: **supported**, **partly supported**, **contradicted**, or "
    "**cannot be "
    "reconstructed** (no archived source lets anyone rebuild the number)."
)

DATA_LEAD = (
    "Every figure, deal and participation matching the filters, with its amount as the source states "
    "it, its status "
    "and a link to the source (one click opens it). A row's card (open) gives its quote, translation, "
    "notes, deal and citation, in the same view. "
    "Downloads hold "
    "exactly these rows; filtered by investor, they hold one row per participation with the deal's "
    "total beside the "
    "ticket. Undated rows say so and are in no year."
)

METHOD = """
**What a row is.** The data is a ledger. A *deal* is a round, investment, tranche, commitment, secondary sale
or IPO into one lab, with its total as stated; a *participation* is one investor's part in a deal, with its
ticket or "undisclosed"; a *figure* is everything else (country totals, market values, statements, seed
claims). Each row carries its source, status and the short quote that states it. Investors, their vehicles and
owners are *entities*: choosing Mubadala includes MGX and ATIC. Nothing is converted between currencies; where
a source gives only yuan or Hong Kong dollars, the USD column is empty. A row whose source gives no date is
*undated* and is placed in no year.

**Status.** *VERIFIED*: the figure and quote are in an archived copy of the source. *UNVERIFIED*: claimed, but
no archived source was found, or only a weak one. *REJECT*: found, but contradicted by stronger sources; kept
so that nobody reuses it.

**Ranges.** Where a source says "about", "nearly", "up to" or gives a range, the figure keeps low and high
bounds, drawn as error bars. The bounds come from the evidence base where it gives an honest range (the seed's
"about \\$100M" reads as \\$80M–\\$120M); otherwise "about" reads as ±10%, "nearly" as 90–100%, "up to" as
0–100% and "more than" as a floor with no upper end. Sums add the low ends and the high ends separately.

**Bounds.** When a view is filtered by investor (or investor region or country), totals are bounds. The lower
bound adds the disclosed tickets; the upper bound adds, for each deal joined, the full size of the deal
wherever a ticket in it is undisclosed (a ticket cannot exceed its round); the count of undisclosed tickets
sits between them. An upper bound is open when a deal's size is unknown or stated as "more than". A ratio of
two bounded sums runs from the lowest to the highest quotient.

**Counting rules.** Totals add deal flows only (rounds, participations, tranches, commitments, IPO orders),
never country totals, market values or cumulative totals, which would count the same money twice. A
participation inside a round that is itself counted is not added again, and a commitment paid in tranches
counts through its tranches. Switches in the sidebar decide whether secondary purchases (money to employees,
not to the lab), unpaid commitments, infrastructure commitments (Stargate), IPO cornerstone orders and
unverified figures count, and whether undisclosed amounts count as \\$0 or are reported as a count. Every
total on every page names the rules it used.
"""

CITE = (
    "Cite the original source of each figure (its citation line is in every download), and the dashboard as: "
    "*fundgap: AI funding-gap dashboard, dataset version {version}*, with the link to the view you used."
)

INVESTORS_LEAD = (
    "Type an investor's name, short name or alias (QIA, MGX, PIF, SoftBank) to see every deal it "
    "joined, with its "
    'ticket or "undisclosed" and the size of the round. Choosing an owner includes its vehicles: '
    "Mubadala brings "
    "in MGX (co-owned with G42), Saudi Aramco brings in Aramco Ventures and Prosperity7."
)

LABS_LEAD = (
    "Choose a lab to see its rounds, tranches, IPO and commitments, its valuation where a deal's "
    "source states one, "
    "and every investor that took part, coloured by the investor's own region."
)


COVERAGE = (
    "Which labs and deals the ledger covers is written down in the inclusion criteria "
    "(data/README.md): the US labs "
    "whose single outside round since 2023 reached \\$1B, the Chinese labs whose round reached "
    "\\$100M, every deal "
    "into them since 2023 and every participant a source names. Each cell counts the deals found "
    "(rejected reports "
    "left out), the participants named and the share of deals whose amount is disclosed. *No deal "
    "found* means the "
    "archive holds none that year; where something was looked for and not found, it is listed below. "
    "`python -m fundgap coverage` prints the same matrix."
)

OPENNESS_LEAD = (
    "The seed articles argue that Chinese labs go closed because the money is short: Alibaba's Qwen team put "
    "Qwen3.6-Plus and Qwen3.5-Omni on Alibaba Cloud only, Z.ai kept GLM-5-Turbo closed, while DeepSeek "
    "stays open. "
    "Here each lab's outside money (bars, the same counted deals as every other page) sits on one time "
    "axis with its "
    "model releases (markers: **filled** open weights, **hollow** API or hosted only, **ring with a "
    "dot** partly "
    "open). Hover a marker for the model, its licence and its source."
)
OPENNESS_CAVEAT = (
    "For each year: the outside money a lab raised (bounds, as on every page) and the share of its "
    "notable releases "
    "that came with open weights (a partly open release counts half). **This is an illustration, not a "
    "statistical "
    "test.** About a dozen labs, a few releases each, and money that arrives in lumps cannot show that "
    "funding "
    "causes openness or the reverse; labs also differ in owners, markets and licensing strategy. What "
    "the table can "
    "show is whether a specific claim holds: for instance whether a lab that raised little released "
    "less openly in "
    "the same year."
)

CHANGES = (
    "Every build is a dataset version, kept in the repository with its tables (`data/versions/`), so a "
    "permalink or a "
    "citation that names a version reproduces the numbers it showed (`?version=` on any page). A "
    "published figure "
    "that changes needs a written reason, and the build refuses to run without one. The full log is "
    "`data/CHANGELOG.md`; `python -m fundgap diff V1 V2` prints the same comparison."
)


def data_caption(n_rows: int, view) -> str:
    """The Data page's line under its title: the rows, the view, and how rejected reports are treated."""
    rejected = (
        "Rejected reports are listed and marked; they are never counted."
        if view.filters.shows_rejected
        else 'Rejected reports are hidden: switch on "Show rejected reports" to list them.'
    )
    return (
        f"{count(n_rows, 'row')} · {view.filters.describe()} · {view.rules.describe()} "
        "The table lists every row the filters match; its Counted? column (and the CSV's not_counted_reason) "
        "says whether these rules add the row to the totals, and why not. " + rejected
    )
