"""Words and headline numbers for the Overview page (pure: the page only displays them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from fundgap.analysis import seed
from fundgap.analysis.aggregate import Counting, GapComparison, Ratio, Side, Total, gap_rows, gulf_gap
from fundgap.analysis.estimate_totals import (
    ESTIMATE_HELP,
    EstimatedTotal,
    GapEstimate,
    ratio_text,
    total_text,
)
from fundgap.analysis.rules import CountingRules, sensitivity_variants
from fundgap.common import fmt
from fundgap.common.safety import markdown_literal


@dataclass(frozen=True)
class Fact:
    """One headline number: a short value, a detail line (range, undisclosed count) and help text; with the
    estimates asked for, a line of its own with the model's estimate ("model estimate …: about $X (80%: …)"),
    never the value itself."""

    label: str
    value: str
    detail: str = ""
    help: str = ""
    estimate: str = ""


def with_estimate(fact: Fact, text: str) -> Fact:
    """The fact with a model-estimate line and what the estimate is in its help."""
    return replace(fact, estimate=text, help=f"{fact.help} {ESTIMATE_HELP}".strip())


def estimated_fact(fact: Fact, estimated: EstimatedTotal | None) -> Fact:
    """A total's card with its estimate line when the estimates are asked for (`estimated` given); a card that
    counts nothing has nothing to estimate."""
    if estimated is None or fact.value in fmt.EMPTY_VALUES:
        return fact
    return with_estimate(fact, total_text(estimated))


def gap_summary(claims: pd.DataFrame) -> str:
    """The Overview's opening: the seed's own sentence (from claims.csv), then how the page reads it."""
    compared = seed.comparison(claims, "gulf_us")
    quoted = claims.loc[claims["claim_id"] == compared.claim_id, "claim_text"] if compared else None
    opening = (
        f"A seed article says: “{markdown_literal(quoted.iloc[0])}” It cites no source. "
        if quoted is not None and len(quoted)
        else ""
    )
    return opening + (
        "Below, each claim sits next to the documented Gulf participations in **the same labs**, as bounds: "
        "the **lower bound** adds the Gulf tickets that were disclosed, the **upper bound** adds the full "
        "size of every round a Gulf entity joined. Gulf money in xAI and in other labs is shown beside them, "
        "never added in."
    )


BOUNDS_HELP = (
    "Lower bound: disclosed Gulf tickets. Upper bound: the full size of every round a Gulf entity joined "
    "(a ticket cannot exceed its round). Between them: the tickets never disclosed."
)


def bounds_text(total: Total) -> str:
    """ "$65M–$515M", "at least $800M", "none" for a total with no counted rows."""
    if total.n_counted == 0:
        return "none documented"
    if total.low == 0 and total.open_ended:
        return "undisclosed"
    return fmt.usd_bounds(total.low, total.high)


def bounds_detail(total: Total, noun: str = "participation") -> str:
    details = []
    if total.n_undisclosed:
        details.append(f"{fmt.count(total.n_undisclosed, 'amount')} undisclosed")
    if total.n_other_currency:
        details.append(f"{total.n_other_currency} in other currencies")
    details.append(fmt.count(total.n_counted, noun))
    return " · ".join(details)


def total_fact(
    label: str,
    total: Total,
    help_text: str,
    caveats: Mapping[str, str] | None = None,
    noun: str = "participation",
) -> Fact:
    """A total's card; a counted figure with a caveat (to check, single secondary source) puts it in view."""
    flagged = [(i, caveats[i]) for i in total.figure_ids if caveats and caveats.get(i)]
    detail = bounds_detail(total, noun)
    if flagged:
        detail = f"⚠ {fmt.count(len(flagged), 'figure')} to check · " + detail
        help_text = "Before quoting: " + "; ".join(f"{i}: {c}" for i, c in flagged) + ". " + help_text
    return Fact(label, bounds_text(total), detail, help_text)


def claim_fact(label: str, side: Side) -> Fact:
    if side.claimed is None:
        return Fact(label, "not in the data", "no seed claim for it", "")
    return Fact(
        label,
        f"about {fmt.usd(side.claimed)}",
        fmt.usd_range(side.claimed_low, side.claimed_high),
        "UNVERIFIED: AIPressa, no source given. The range is the evidence base's reading of the qualifier.",
    )


def ratio_fact(label: str, ratio: Ratio, help_text: str) -> Fact:
    if ratio.low is None:
        return Fact(label, "not computable", "one side has no documented participation", help_text)
    return Fact(label, fmt.ratio_bounds(ratio.low, ratio.high), "range of two ranges", help_text)


def claim_ratio_fact(label: str, ratio: Ratio, help_text: str) -> Fact:
    if ratio.value is None:
        return Fact(label, "not computable", "a seed figure is missing", help_text)
    return Fact(label, f"about {fmt.ratio(ratio.value)}", fmt.ratio_bounds(ratio.low, ratio.high), help_text)


def gap_facts(
    gap: GapComparison, caveats: Mapping[str, str] | None = None, estimated: GapEstimate | None = None
) -> list[Fact]:
    """The Overview's six cards; with `estimated` (the estimates asked for), the two documented totals and
    their ratio each carry a model-estimate line beside their bounds."""
    ratio = ratio_fact(
        "US ÷ China, documented",
        gap.documented_ratio,
        "US lower bound ÷ China upper bound, to US upper bound ÷ China lower bound: as wide as the "
        "evidence. "
        "With a Chinese lower bound of $0 the ratio has no upper end.",
    )
    if estimated is not None and ratio.value not in fmt.EMPTY_VALUES:
        ratio = with_estimate(ratio, ratio_text(estimated.ratio))
    return [
        claim_fact("Seed: Gulf → MiniMax and Zhipu", gap.china),
        estimated_fact(
            total_fact("Documented: Gulf → MiniMax and Zhipu", gap.china.documented, BOUNDS_HELP, caveats),
            estimated.china if estimated is not None else None,
        ),
        claim_fact("Seed: Gulf → Anthropic and OpenAI", gap.us),
        estimated_fact(
            total_fact("Documented: Gulf → Anthropic and OpenAI", gap.us.documented, BOUNDS_HELP, caveats),
            estimated.us if estimated is not None else None,
        ),
        claim_ratio_fact(
            "US ÷ China, seed", gap.claimed_ratio, "The range pairs the claim's low and high ends."
        ),
        ratio,
    ]


def beside_text(gap: GapComparison) -> str:
    """The Gulf money the seed's sentences do not name, in words, so it is seen but never mixed in."""
    china, us = gap.china.others, gap.us.others
    parts = []
    for label, other in (("xAI and other US labs", us), ("other Chinese labs", china)):
        if other is not None:
            parts.append(
                f"Gulf → {label}: {bounds_text(other)}"
                + (f" ({bounds_detail(other)})" if other.n_counted else "")
            )
    return "Beside them, not in the numbers above: " + "; ".join(parts) + "."


def gap_sensitivity(
    figures: pd.DataFrame,
    claims: pd.DataFrame,
    rules: CountingRules,
    groups: dict[str, Counting] | None = None,
) -> list[dict[str, str]]:
    """How the documented Gulf totals and their ratio move when one counting rule changes."""
    rows = []
    # The same rows under every variant: split and index them once.
    groups = groups or gap_rows(figures, claims)
    in_use = None
    for label, change in sensitivity_variants():
        gap = gulf_gap(figures, claims, rules.changed(**change), groups)
        in_use = in_use or gap
        rows.append(
            {
                "Counting rules": label,
                "Gulf → MiniMax and Zhipu": bounds_text(gap.china.documented) + _detail(gap.china.documented),
                "Gulf → Anthropic and OpenAI": bounds_text(gap.us.documented) + _detail(gap.us.documented),
                "US ÷ China (range)": ratio_fact("", gap.documented_ratio, "").value,
                "What the change moves": "—" if gap is in_use else what_moves(in_use, gap),
            }
        )
    return rows


def what_moves(before: GapComparison, after: GapComparison) -> str:
    """In words, what one rule change did to the documented Gulf totals: a rule that only adds or removes
    undisclosed tickets moves no bound, and the reader should know that before reading the table as robust."""
    sides = [(before.china.documented, after.china.documented), (before.us.documented, after.us.documented)]
    bounds_moved = any((b.low, b.high) != (a.low, a.high) for b, a in sides)
    counts_moved = any(b.n_undisclosed != a.n_undisclosed or b.n_counted != a.n_counted for b, a in sides)
    if bounds_moved:
        return "the bounds"
    if counts_moved:
        return "only the count of undisclosed tickets"
    return "nothing in these two columns"


def _detail(total: Total) -> str:
    return f" ({total.n_undisclosed} undisclosed)" if total.n_undisclosed else ""
