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
from fundgap.common.i18n import EN, N_, tr
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


def with_estimate(fact: Fact, text: str, lang: str = EN) -> Fact:
    """The fact with a model-estimate line and what the estimate is in its help."""
    return replace(fact, estimate=text, help=f"{fact.help} {tr(lang, ESTIMATE_HELP)}".strip())


def estimated_fact(fact: Fact, estimated: EstimatedTotal | None, lang: str = EN) -> Fact:
    """A total's card with its estimate line when the estimates are asked for (`estimated` given); a card that
    counts nothing has nothing to estimate."""
    if estimated is None or fact.value in fmt.EMPTY_VALUES or fact.value in _empty_in(lang):
        return fact
    return with_estimate(fact, total_text(estimated, lang), lang)


def _empty_in(lang: str) -> tuple[str, ...]:
    return tuple(tr(lang, v) for v in fmt.EMPTY_VALUES) if lang != EN else ()


def gap_summary(claims: pd.DataFrame, lang: str = EN) -> str:
    """The Overview's opening: the seed's own sentence (from claims.csv, in its own language), then how the
    page reads it."""
    compared = seed.comparison(claims, "gulf_us")
    quoted = claims.loc[claims["claim_id"] == compared.claim_id, "claim_text"] if compared else None
    opening = (
        tr(lang, "A seed article says: “{quote}” It cites no source. ").format(
            quote=markdown_literal(quoted.iloc[0])
        )
        if quoted is not None and len(quoted)
        else ""
    )
    return opening + tr(
        lang,
        "Below, each claim sits next to the documented Gulf participations in **the same labs**, as bounds: "
        "the **lower bound** adds the Gulf tickets that were disclosed, the **upper bound** adds the full "
        "size of every round a Gulf entity joined. Gulf money in xAI and in other labs is shown beside them, "
        "never added in.",
    )


BOUNDS_HELP = N_(
    "Lower bound: disclosed Gulf tickets. Upper bound: the full size of every round a Gulf entity joined "
    "(a ticket cannot exceed its round). Between them: the tickets never disclosed."
)


def bounds_text(total: Total, lang: str = EN) -> str:
    """ "$65M–$515M", "at least $800M", "none" for a total with no counted rows."""
    if total.n_counted == 0:
        return tr(lang, "none documented")
    if total.low == 0 and total.open_ended:
        return tr(lang, "undisclosed")
    return fmt.usd_bounds(total.low, total.high, lang)


def bounds_detail(total: Total, noun: str = "participation", lang: str = EN) -> str:
    details = []
    if total.n_undisclosed:
        if lang == EN:
            details.append(f"{fmt.count(total.n_undisclosed, 'amount')} undisclosed")
        else:
            details.append(tr(lang, "{n} amount(s) undisclosed").format(n=f"{total.n_undisclosed:,}"))
    if total.n_other_currency:
        details.append(tr(lang, "{n} in other currencies").format(n=total.n_other_currency))
    details.append(fmt.count(total.n_counted, noun, lang))
    return " · ".join(details)


def total_fact(
    label: str,
    total: Total,
    help_text: str,
    caveats: Mapping[str, str] | None = None,
    noun: str = "participation",
    lang: str = EN,
) -> Fact:
    """A total's card; a counted figure with a caveat (to check, single secondary source) puts it in view.
    The caveats are dataset text: they stay in their own language."""
    flagged = [(i, caveats[i]) for i in total.figure_ids if caveats and caveats.get(i)]
    label, help_text = tr(lang, label), tr(lang, help_text)
    detail = bounds_detail(total, noun, lang)
    if flagged:
        if lang == EN:
            detail = f"⚠ {fmt.count(len(flagged), 'figure')} to check · " + detail
        else:
            detail = tr(lang, "⚠ {n} figure(s) to check · ").format(n=len(flagged)) + detail
        help_text = (
            tr(lang, "Before quoting: ") + "; ".join(f"{i}: {c}" for i, c in flagged) + ". " + help_text
        )
    return Fact(label, bounds_text(total, lang), detail, help_text)


def claim_fact(label: str, side: Side, lang: str = EN) -> Fact:
    label = tr(lang, label)
    if side.claimed is None:
        return Fact(label, tr(lang, "not in the data"), tr(lang, "no seed claim for it"), "")
    return Fact(
        label,
        tr(lang, "about {amount}").format(amount=fmt.usd(side.claimed, lang=lang)),
        fmt.usd_range(side.claimed_low, side.claimed_high, lang),
        tr(
            lang,
            "UNVERIFIED: AIPressa, no source given. The range is the evidence base's reading of the "
            "qualifier.",
        ),
    )


def ratio_fact(label: str, ratio: Ratio, help_text: str, lang: str = EN) -> Fact:
    label, help_text = tr(lang, label), tr(lang, help_text)
    if ratio.low is None:
        return Fact(
            label, tr(lang, "not computable"), tr(lang, "one side has no documented participation"), help_text
        )
    return Fact(
        label, fmt.ratio_bounds(ratio.low, ratio.high, lang), tr(lang, "range of two ranges"), help_text
    )


def claim_ratio_fact(label: str, ratio: Ratio, help_text: str, lang: str = EN) -> Fact:
    label, help_text = tr(lang, label), tr(lang, help_text)
    if ratio.value is None:
        return Fact(label, tr(lang, "not computable"), tr(lang, "a seed figure is missing"), help_text)
    return Fact(
        label,
        tr(lang, "about {amount}").format(amount=fmt.ratio(ratio.value, lang)),
        fmt.ratio_bounds(ratio.low, ratio.high, lang),
        help_text,
    )


def gap_facts(
    gap: GapComparison,
    caveats: Mapping[str, str] | None = None,
    estimated: GapEstimate | None = None,
    lang: str = EN,
) -> list[Fact]:
    """The Overview's six cards; with `estimated` (the estimates asked for), the two documented totals and
    their ratio each carry a model-estimate line beside their bounds."""
    ratio = ratio_fact(
        N_("US ÷ China, documented"),
        gap.documented_ratio,
        N_(
            "US lower bound ÷ China upper bound, to US upper bound ÷ China lower bound: as wide as the "
            "evidence. With a Chinese lower bound of $0 the ratio has no upper end."
        ),
        lang,
    )
    if estimated is not None and ratio.value not in fmt.EMPTY_VALUES and ratio.value not in _empty_in(lang):
        ratio = with_estimate(ratio, ratio_text(estimated.ratio, lang), lang)
    return [
        claim_fact(N_("Seed: Gulf → MiniMax and Zhipu"), gap.china, lang),
        estimated_fact(
            total_fact(
                N_("Documented: Gulf → MiniMax and Zhipu"),
                gap.china.documented,
                BOUNDS_HELP,
                caveats,
                lang=lang,
            ),
            estimated.china if estimated is not None else None,
            lang,
        ),
        claim_fact(N_("Seed: Gulf → Anthropic and OpenAI"), gap.us, lang),
        estimated_fact(
            total_fact(
                N_("Documented: Gulf → Anthropic and OpenAI"),
                gap.us.documented,
                BOUNDS_HELP,
                caveats,
                lang=lang,
            ),
            estimated.us if estimated is not None else None,
            lang,
        ),
        claim_ratio_fact(
            N_("US ÷ China, seed"),
            gap.claimed_ratio,
            N_("The range pairs the claim's low and high ends."),
            lang,
        ),
        ratio,
    ]


def beside_text(gap: GapComparison, lang: str = EN) -> str:
    """The Gulf money the seed's sentences do not name, in words, so it is seen but never mixed in."""
    china, us = gap.china.others, gap.us.others
    parts = []
    for label, other in ((N_("xAI and other US labs"), us), (N_("other Chinese labs"), china)):
        if other is not None:
            parts.append(
                tr(lang, "Gulf → {label}: {bounds}").format(
                    label=tr(lang, label), bounds=bounds_text(other, lang)
                )
                + (
                    tr(lang, " ({detail})").format(detail=bounds_detail(other, lang=lang))
                    if other.n_counted
                    else ""
                )
            )
    return tr(lang, "Beside them, not in the numbers above: {parts}.").format(parts="; ".join(parts))


def gap_sensitivity(
    figures: pd.DataFrame,
    claims: pd.DataFrame,
    rules: CountingRules,
    groups: dict[str, Counting] | None = None,
    lang: str = EN,
) -> list[dict[str, str]]:
    """How the documented Gulf totals and their ratio move when one counting rule changes."""
    rows = []
    # The same rows under every variant: split and index them once.
    groups = groups or gap_rows(figures, claims)
    in_use = None
    heads = [
        tr(lang, h)
        for h in (
            N_("Counting rules"),
            N_("Gulf → MiniMax and Zhipu"),
            N_("Gulf → Anthropic and OpenAI"),
            N_("US ÷ China (range)"),
            N_("What the change moves"),
        )
    ]
    for label, change in sensitivity_variants(lang):
        gap = gulf_gap(figures, claims, rules.changed(**change), groups)
        in_use = in_use or gap
        values = (
            label,
            bounds_text(gap.china.documented, lang) + _detail(gap.china.documented, lang),
            bounds_text(gap.us.documented, lang) + _detail(gap.us.documented, lang),
            ratio_fact("", gap.documented_ratio, "", lang).value,
            "—" if gap is in_use else tr(lang, what_moves(in_use, gap)),
        )
        rows.append(dict(zip(heads, values, strict=True)))
    return rows


def what_moves(before: GapComparison, after: GapComparison) -> str:
    """In words, what one rule change did to the documented Gulf totals: a rule that only adds or removes
    undisclosed tickets moves no bound, and the reader should know that before reading the table as robust."""
    sides = [(before.china.documented, after.china.documented), (before.us.documented, after.us.documented)]
    bounds_moved = any((b.low, b.high) != (a.low, a.high) for b, a in sides)
    counts_moved = any(b.n_undisclosed != a.n_undisclosed or b.n_counted != a.n_counted for b, a in sides)
    if bounds_moved:
        return N_("the bounds")
    if counts_moved:
        return N_("only the count of undisclosed tickets")
    return N_("nothing in these two columns")


def _detail(total: Total, lang: str = EN) -> str:
    if not total.n_undisclosed:
        return ""
    return tr(lang, " ({n} undisclosed)").format(n=total.n_undisclosed)
