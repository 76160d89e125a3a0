"""Words and headline numbers for the SoftBank page."""

from __future__ import annotations

import pandas as pd

from fundgap.common import fmt
from fundgap.analysis.overview import Fact

SOFTBANK_ALIBABA = "softbank_alibaba_2000"
SOFTBANK_EXPECTED = "softbank_openai_cumulative_expected"
SEED_CLAIM = "claim_softbank_openai_nearly_100b"


def softbank_lead() -> str:
    return (
        "The seed says Masayoshi Son's **\\$20M** helped Alibaba take off and that he has since directed **nearly "
        "\\$100B** into OpenAI. SoftBank's own expected cumulative total is **\\$64.6B** (Yomiuri, 28 Feb 2026); "
        "\"nearly \\$100B\" is reached only by adding Stargate infrastructure commitments, which no source does. "
        "Bars are each OpenAI deal; the step line adds them up under the active counting rules."
    )


def softbank_facts(tranches: pd.DataFrame, alibaba: pd.Series | None, expected: pd.Series | None,
                   claim: pd.Series | None) -> list[Fact]:
    summed = float(tranches["amount_usd"].sum()) if len(tranches) else None
    bounds = ""
    if len(tranches):
        low, high = float(tranches["low"].sum()), float(tranches["high"].sum())
        if low != high:  # a range or an "up to" among the deals: the sum is a range too
            bounds = f" · {fmt.usd_bounds(low, high)}"
    return [
        Fact("Alibaba, 2000", fmt.usd(alibaba["amount_usd"]) if alibaba is not None else fmt.MISSING, "one investment",
             "SoftBank's first Alibaba investment."),
        Fact("OpenAI deals added up", fmt.usd(summed) if summed else fmt.MISSING, fmt.count(len(tranches), "deal") + bounds,
             "Counted under the rules shown below."),
        Fact("SoftBank's expected total", fmt.usd(expected["amount_usd"]) if expected is not None else fmt.MISSING,
             "as of 28 Feb 2026", "SoftBank's figure, including instalments still to be paid."),
        Fact("Seed claim (\"nearly\")", fmt.usd(claim["claimed_amount_usd"]) if claim is not None else fmt.MISSING,
             "UNVERIFIED", "The seed says \"nearly $100 billion\"; contradicted by SoftBank's own total (conflict C1)."),
    ]
