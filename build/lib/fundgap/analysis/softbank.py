"""Words and headline numbers for the SoftBank page. Every SoftBank total here comes from
aggregate.softbank_openai, the function the Claims verdict quotes too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from fundgap.analysis.aggregate import SoftBankOpenAI, Total, softbank_openai
from fundgap.analysis.filters import CountingRules
from fundgap.analysis.overview import Fact, bounds_text, total_fact
from fundgap.common import fmt

SOFTBANK_ALIBABA = "softbank_alibaba_2000"
SOFTBANK_EXPECTED = "softbank_openai_cumulative_expected"
SEED_CLAIM = "claim_softbank_openai_nearly_100b"


def softbank_lead(
    current: SoftBankOpenAI,
    with_infrastructure: SoftBankOpenAI,
    rules: CountingRules,
    expected: pd.Series | None,
) -> str:
    """The page's opening paragraph, its numbers computed under the rules in force, so the words and the
    switch in the sidebar always agree."""
    text = (
        "The seed says Masayoshi Son's **\\$20M** helped Alibaba take off and that he has since "
        "directed **nearly "
        "\\$100B** into OpenAI. "
    )
    counted = current.everything
    if counted.n_counted == 0:
        return text + "No SoftBank deal into OpenAI is counted under the rules and filters in force."
    text += (
        f"Under the counting rules in force, SoftBank's documented deals into OpenAI add up to "
        f"**{_md(bounds_text(current.openai))}**: {_md(split_text(current))}. "
    )
    if current.unverified.n_counted:
        text += (
            f"Left out because only weak sources report them: {_md(bounds_text(current.unverified))} "
            f"({fmt.count(current.unverified.n_counted, 'deal')}; switch on *unverified figures* to "
            "count them). "
        )
    if expected is not None:
        text += (
            f"SoftBank's own expected total is **{_md(fmt.usd(expected['amount_usd']))}** (Yomiuri, "
            "28 Feb 2026). "
        )
    stargate = with_infrastructure.infrastructure
    if stargate.n_counted:
        whole = _md(bounds_text(with_infrastructure.everything))
        if rules.infrastructure:
            text += (
                f"Infrastructure commitments are switched on, so SoftBank's Stargate commitment "
                f"({_md(bounds_text(stargate))}) is added: **{whole}**, still short of nearly \\$100B; "
                "no source "
                "adds the two."
            )
        else:
            text += (
                f"Adding SoftBank's Stargate data-centre commitment ({_md(bounds_text(stargate))}; switch on "
                f"*infrastructure commitments*) gives {whole}, still short of nearly \\$100B; no source "
                "adds the two."
            )
    return text


def split_text(money: SoftBankOpenAI) -> str:
    """ "$30.5B paid in and $30B committed but not yet shown paid", in words that stay true when a part is
    empty."""
    paid = f"{bounds_text(money.paid)} paid in" if money.paid.n_counted else "nothing counted as paid in"
    committed = (
        f"{bounds_text(money.committed)} committed but not yet shown paid"
        if money.committed.n_counted
        else "no unpaid commitment counted"
    )
    return f"{paid} and {committed}"


def softbank_facts(
    money: SoftBankOpenAI,
    alibaba: pd.Series | None,
    expected: pd.Series | None,
    claim: pd.Series | None,
    caveats: Mapping[str, str] | None = None,
) -> list[Fact]:
    facts = [
        Fact(
            "Alibaba, 2000",
            fmt.usd(alibaba["amount_usd"]) if alibaba is not None else fmt.NOT_IN_VIEW,
            "one investment" if alibaba is not None else "the filters leave it out",
            "SoftBank's first Alibaba investment.",
        ),
        _fact(
            "OpenAI: paid in",
            money.paid,
            "Tranches, round tickets and (when switched on) secondary purchases.",
            caveats,
        ),
        _fact(
            "OpenAI: committed, not yet shown paid",
            money.committed,
            "Promised instalments no source yet reports as paid; off with 'unpaid commitments'.",
            caveats,
        ),
        _fact(
            "OpenAI: all counted",
            money.openai,
            "Paid plus committed under the rules shown below. The Claims page quotes this same total.",
            caveats,
        ),
    ]
    if money.infrastructure.n_counted:
        facts.append(
            _fact(
                "Stargate infrastructure",
                money.infrastructure,
                "SoftBank's commitment to the Stargate data-centre venture: not OpenAI equity.",
                caveats,
            )
        )
    facts += [
        Fact(
            "SoftBank's expected total",
            fmt.usd(expected["amount_usd"]) if expected is not None else fmt.NOT_IN_VIEW,
            "as of 28 Feb 2026",
            "SoftBank's figure, including instalments still to be paid.",
        ),
        Fact(
            'Seed claim ("nearly")',
            fmt.usd(claim["claimed_amount_usd"]) if claim is not None else "not in the data",
            "UNVERIFIED",
            'The seed says "nearly $100 billion"; contradicted by SoftBank\'s own total (conflict C1).',
        ),
    ]
    return facts


def with_infrastructure(figures: pd.DataFrame, rules: CountingRules) -> SoftBankOpenAI:
    return softbank_openai(figures, replace(rules, infrastructure=True))


def _fact(label: str, total: Total, help_text: str, caveats: Mapping[str, str] | None) -> Fact:
    if total.n_counted == 0:
        return Fact(label, "none counted", "under the rules in force", help_text)
    return total_fact(label, total, help_text, caveats, noun="deal")


def _md(text: str) -> str:
    return text.replace("$", "\\$")
