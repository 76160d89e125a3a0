"""Words and headline numbers for the Overview page (pure: the page only displays them)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from fundgap import fmt
from fundgap.aggregate import GapComparison, Ratio, Side, Total, gulf_gap


@dataclass(frozen=True)
class Fact:
    """One headline number: a short value, a detail line (range, undisclosed count) and help text."""

    label: str
    value: str
    detail: str = ""
    help: str = ""


def gap_summary() -> str:
    return (
        "A seed article says Gulf investors put **about \\$100M** into Chinese labs such as MiniMax and Zhipu against "
        "**about \\$15B** into Anthropic and OpenAI. It cites no source. Below, that claim sits next to what the "
        "documented deals add up to. Most Gulf tickets in US labs were never disclosed, so the documented side is a "
        "floor, not a total: read the count of undisclosed deals next to each sum."
    )


def total_fact(label: str, total: Total, help_text: str) -> Fact:
    if not total.has_amount:
        value = "no disclosed amount"
    else:
        value = fmt.usd(total.amount)
    details = []
    if total.has_amount and total.low != total.high:
        details.append(fmt.usd_range(total.low, total.high))
    if total.n_undisclosed:
        details.append(f"+ {total.n_undisclosed} undisclosed")
    if total.n_other_currency:
        details.append(f"+ {total.n_other_currency} in other currencies")
    return Fact(label, value, " ".join(details) or fmt.count(total.n_counted, "deal"), help_text)


def claim_fact(label: str, side: Side) -> Fact:
    if side.claimed is None:
        return Fact(label, fmt.MISSING, "no seed claim in the data", "")
    return Fact(label, f"about {fmt.usd(side.claimed)}", fmt.usd_range(side.claimed_low, side.claimed_high),
                "UNVERIFIED: AIPressa, no source given. The range is the evidence base's reading of the qualifier.")


def ratio_fact(label: str, ratio: Ratio, help_text: str) -> Fact:
    if ratio.value is None:
        return Fact(label, "not computable", "one side has no disclosed amount", help_text)
    detail = ""
    if ratio.low is not None and ratio.high is not None and (ratio.low, ratio.high) != (ratio.value, ratio.value):
        detail = f"{fmt.ratio(ratio.low)}–{fmt.ratio(ratio.high)}"
    return Fact(label, fmt.ratio(ratio.value), detail, help_text)


def gap_facts(gap: GapComparison) -> list[Fact]:
    documented = "Sum of counted deals under the counting rules shown below; undisclosed tickets are counted, not summed."
    return [
        claim_fact("Seed: Gulf → Chinese labs", gap.china),
        total_fact("Documented: Gulf → Chinese labs", gap.china.documented, documented),
        claim_fact("Seed: Gulf → US labs", gap.us),
        total_fact("Documented: Gulf → US labs", gap.us.documented, documented),
        ratio_fact("US ÷ China, seed", gap.claimed_ratio, "The range pairs the claim's low and high ends."),
        ratio_fact("US ÷ China, documented", gap.documented_ratio,
                   "Disclosed amounts only; not computable when one side has no disclosed amount under these rules."),
    ]


# Rule changes a reader is likely to ask about, each applied on top of the rules in use.
SENSITIVITY = (
    ("Rules in use", {}),
    ("+ secondary purchases", {"secondary": True}),
    ("+ infrastructure commitments", {"infrastructure": True}),
    ("+ unverified figures", {"unverified": True}),
    ("− IPO cornerstone orders", {"cornerstone": False}),
    ("− unpaid commitments", {"commitments": False}),
)


def gap_sensitivity(figures, claims, rules) -> list[dict[str, str]]:
    """How the documented Gulf totals and their ratio move when one counting rule changes."""
    rows = []
    for label, change in SENSITIVITY:
        gap = gulf_gap(figures, claims, replace(rules, **change))
        rows.append({
            "Counting rules": label,
            "Gulf → Chinese labs": total_fact("", gap.china.documented, "").value + _detail(gap.china.documented),
            "Gulf → US labs": total_fact("", gap.us.documented, "").value + _detail(gap.us.documented),
            "US ÷ China": ratio_fact("", gap.documented_ratio, "").value,
        })
    return rows


def _detail(total: Total) -> str:
    return f" + {total.n_undisclosed} undisclosed" if total.n_undisclosed else ""
