"""Words and headline numbers for the SoftBank page."""

from __future__ import annotations

import pandas as pd

from fundgap import fmt

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
                   claim: pd.Series | None) -> list[tuple[str, str, str]]:
    summed = float(tranches["amount_usd"].sum()) if len(tranches) else None
    return [
        ("Alibaba, 2000", fmt.usd(alibaba["amount_usd"]) if alibaba is not None else fmt.MISSING, "SoftBank's first Alibaba investment."),
        ("OpenAI deals added up", fmt.usd(summed) if summed else fmt.MISSING, f"{len(tranches)} deals counted under the rules below."),
        ("SoftBank's expected total", fmt.usd(expected["amount_usd"]) if expected is not None else fmt.MISSING,
         "As of 28 Feb 2026, including instalments still to be paid."),
        ("Seed claim", f"nearly {fmt.usd(claim['claimed_amount_usd'])}" if claim is not None else fmt.MISSING, "UNVERIFIED; contradicted (conflict C1)."),
    ]
