"""Words and headline numbers for the Overview page (pure: the page only displays them)."""

from __future__ import annotations

from fundgap import fmt
from fundgap.aggregate import GapComparison, Ratio, Total


def gap_summary() -> str:
    return (
        "A seed article says Gulf investors put **about \\$100M** into Chinese labs such as MiniMax and Zhipu against "
        "**about \\$15B** into Anthropic and OpenAI. It cites no source. Below, that claim sits next to what the "
        "documented deals add up to. Most Gulf tickets in US labs were never disclosed, so the documented side is a "
        "floor, not a total: read the count of undisclosed deals next to each sum."
    )


def total_text(total: Total) -> str:
    amount = fmt.usd(total.amount) if total.has_amount else "no disclosed amount"
    if total.has_amount and total.low != total.high:
        amount += f" ({fmt.usd_range(total.low, total.high)})"
    if total.n_undisclosed:
        amount += f" + {total.n_undisclosed} undisclosed"
    return amount


def ratio_text(ratio: Ratio) -> str:
    if ratio.value is None:
        return "not computable"
    text = fmt.ratio(ratio.value)
    if ratio.low is not None and ratio.high is not None and (ratio.low, ratio.high) != (ratio.value, ratio.value):
        text += f" ({fmt.ratio(ratio.low)}–{fmt.ratio(ratio.high)})"
    return text


def gap_facts(gap: GapComparison) -> list[tuple[str, str, str]]:
    claim = lambda side: fmt.amount_label(side.claimed, side.claimed_low, side.claimed_high, "approximate")  # noqa: E731
    return [
        ("Seed: Gulf → Chinese labs", claim(gap.china), "UNVERIFIED: AIPressa, no source given. Range is the evidence base's reading of 'approximately'."),
        ("Documented: Gulf → Chinese labs", total_text(gap.china.documented), "Sum of counted deals under the rules below."),
        ("Seed: Gulf → US labs", claim(gap.us), "UNVERIFIED: AIPressa, no source given. Range is the evidence base's reading of 'around'."),
        ("Documented: Gulf → US labs", total_text(gap.us.documented), "Sum of counted deals under the rules below."),
        ("US ÷ China, seed", ratio_text(gap.claimed_ratio), "Range pairs the claim's low and high ends."),
        ("US ÷ China, documented", ratio_text(gap.documented_ratio),
         "Disclosed amounts only; not computable when one side has no disclosed amount under these rules."),
    ]
