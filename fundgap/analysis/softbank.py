"""SoftBank's money in OpenAI: its counting, and the words and headline numbers of the SoftBank page. Every
SoftBank total comes from softbank_openai here, the function the Claims verdict quotes too."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fundgap.analysis import seed
from fundgap.analysis.aggregate import Total, counted_mask, summed
from fundgap.analysis.estimate_totals import EstimatedTotal
from fundgap.analysis.overview import Fact, bounds_text, estimated_fact, total_fact
from fundgap.analysis.rules import INFRASTRUCTURE as INFRASTRUCTURE_RULE
from fundgap.analysis.rules import CountingRules
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.common.safety import markdown_literal

SOFTBANK_ALIBABA = "softbank_alibaba_2000"
SOFTBANK_EXPECTED = "softbank_openai_cumulative_expected"
HEADLINE = "softbank_openai"  # claims.csv's headline column names the seed claim, its investors and labs


# SoftBank's money in OpenAI falls in three kinds that a reader must see apart: paid in, promised and not yet
# shown paid, and Stargate (a data-centre venture with OpenAI, not OpenAI equity; counted only with
# infrastructure on).
PAID = N_("Paid in")
COMMITTED = N_("Committed, not yet shown paid")
INFRASTRUCTURE = N_("Stargate infrastructure")
SOFTBANK_STAGES = (PAID, COMMITTED, INFRASTRUCTURE)


@dataclass(frozen=True)
class SoftBankOpenAI:
    """SoftBank's counted deals into OpenAI (and Stargate), the one source of every SoftBank total a page
    quotes."""

    # Counted rows with a USD amount, in date order: stage, low, high, cumulative, cumulative_low/high.
    deals: pd.DataFrame
    paid: Total
    committed: Total
    infrastructure: Total
    openai: Total  # paid and committed: OpenAI itself, without Stargate
    everything: Total
    unverified: Total  # what the unverified-figures switch would add (nothing when it is on)

    def stage(self, name: str) -> Total:
        return {PAID: self.paid, COMMITTED: self.committed, INFRASTRUCTURE: self.infrastructure}[name]


def softbank_openai(figures: pd.DataFrame, claims: pd.DataFrame, rules: CountingRules) -> SoftBankOpenAI:
    """SoftBank's own participations (not the rounds it joined) in OpenAI and Stargate, counted under
    `rules`: the investors and labs the seed claim's comparison names in claims.csv."""
    compared = seed.comparison(claims, HEADLINE)
    investors, labs = (compared.investor_ids, compared.lab_ids) if compared is not None else ((), ())
    own = figures["record_type"] != "deal"
    pair = figures[figures["investor_id"].isin(investors) & figures["recipient_id"].isin(labs) & own]
    mask = counted_mask(pair, rules)
    counted = pair[mask].copy()
    with_unverified = counted_mask(pair, rules.changed(unverified=True))
    unverified = summed(pair[with_unverified & ~mask & (pair["recipient_id"] == "openai")])
    kind = counted["flow_kind"].astype(str)
    counted["stage"] = np.select(
        [kind == "commitment", kind == "infrastructure_commitment"], [COMMITTED, INFRASTRUCTURE], PAID
    )
    totals = {name: summed(counted[counted["stage"] == name]) for name in SOFTBANK_STAGES}
    deals = counted[counted["amount_usd"].notna()].sort_values(["period_start", "figure_id"])
    deals["low"] = deals["amount_low_usd"].fillna(deals["amount_usd"])
    deals["high"] = deals["amount_high_usd"].fillna(deals["amount_usd"])
    deals["cumulative"] = deals["amount_usd"].cumsum()
    deals["cumulative_low"] = deals["low"].cumsum()
    deals["cumulative_high"] = deals["high"].cumsum()
    return SoftBankOpenAI(
        deals.reset_index(drop=True),
        totals[PAID],
        totals[COMMITTED],
        totals[INFRASTRUCTURE],
        summed(counted[counted["stage"] != INFRASTRUCTURE]),
        summed(counted),
        unverified,
    )


def softbank_lead(
    current: SoftBankOpenAI,
    with_infrastructure: SoftBankOpenAI,
    rules: CountingRules,
    expected: pd.Series | None,
    claim: pd.Series | None,
    lang: str = EN,
) -> str:
    """The page's opening paragraph, its numbers computed under the rules in force, so the words and the
    switch in the sidebar always agree; the seed's words and figure come from its claim in claims.csv."""
    if lang != EN:
        return _lead_in(lang, current, with_infrastructure, rules, expected, claim)
    text = f"The seed says: “{markdown_literal(claim['claim_text'])}” " if claim is not None else ""
    seed_figure = (
        _md(fmt.usd(claim["claimed_amount_usd"]))
        if claim is not None and fmt.present(claim["claimed_amount_usd"])
        else "the seed's figure"
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
            f"SoftBank's own expected total is **{_md(fmt.usd(expected['amount_usd']))}** "
            f"({markdown_literal(expected['source_publisher'])}, "
            f"{markdown_literal(expected['source_date_published'])}). "
        )
    stargate = with_infrastructure.infrastructure
    if stargate.n_counted:
        whole = _md(bounds_text(with_infrastructure.everything))
        if rules.on(INFRASTRUCTURE_RULE):
            text += (
                f"Infrastructure commitments are switched on, so SoftBank's Stargate commitment "
                f"({_md(bounds_text(stargate))}) is added: **{whole}**, still short of {seed_figure}; "
                "no source adds the two."
            )
        else:
            text += (
                f"Adding SoftBank's Stargate data-centre commitment ({_md(bounds_text(stargate))}; switch on "
                f"*infrastructure commitments*) gives {whole}, still short of {seed_figure}; no source "
                "adds the two."
            )
    return text


def _lead_in(
    lang: str,
    current: SoftBankOpenAI,
    with_infrastructure: SoftBankOpenAI,
    rules: CountingRules,
    expected: pd.Series | None,
    claim: pd.Series | None,
) -> str:
    """softbank_lead in `lang`: the seed's sentence stays in its own language."""
    text = (
        tr(lang, "The seed says: “{quote}” ").format(quote=markdown_literal(claim["claim_text"]))
        if claim is not None
        else ""
    )
    seed_figure = (
        _md(fmt.usd(claim["claimed_amount_usd"], lang=lang))
        if claim is not None and fmt.present(claim["claimed_amount_usd"])
        else tr(lang, "the seed's figure")
    )
    counted = current.everything
    if counted.n_counted == 0:
        return text + tr(
            lang, "No SoftBank deal into OpenAI is counted under the rules and filters in force."
        )
    paid, committed = current.paid, current.committed
    split = tr(lang, "{paid} and {committed}").format(
        paid=tr(lang, "{amount} paid in").format(amount=bounds_text(paid, lang))
        if paid.n_counted
        else tr(lang, "nothing counted as paid in"),
        committed=tr(lang, "{amount} committed but not yet shown paid").format(
            amount=bounds_text(committed, lang)
        )
        if committed.n_counted
        else tr(lang, "no unpaid commitment counted"),
    )
    text += tr(
        lang,
        "Under the counting rules in force, SoftBank's documented deals into OpenAI add up to **{total}**: "
        "{split}. ",
    ).format(total=_md(bounds_text(current.openai, lang)), split=_md(split))
    if current.unverified.n_counted:
        text += tr(
            lang,
            "Left out because only weak sources report them: {amount} ({deals}; switch on *unverified "
            "figures* to count them). ",
        ).format(
            amount=_md(bounds_text(current.unverified, lang)),
            deals=fmt.count(current.unverified.n_counted, "deal", lang),
        )
    if expected is not None:
        text += tr(lang, "SoftBank's own expected total is **{amount}** ({source}, {date}). ").format(
            amount=_md(fmt.usd(expected["amount_usd"], lang=lang)),
            source=markdown_literal(expected["source_publisher"]),
            date=fmt.date_text(expected["source_date_published"], lang),
        )
    stargate = with_infrastructure.infrastructure
    if stargate.n_counted:
        values = {
            "stargate": _md(bounds_text(stargate, lang)),
            "whole": _md(bounds_text(with_infrastructure.everything, lang)),
            "seed": seed_figure,
        }
        if rules.on(INFRASTRUCTURE_RULE):
            text += tr(
                lang,
                "Infrastructure commitments are switched on, so SoftBank's Stargate commitment ({stargate}) "
                "is added: **{whole}**, still short of {seed}; no source adds the two.",
            ).format(**values)
        else:
            text += tr(
                lang,
                "Adding SoftBank's Stargate data-centre commitment ({stargate}; switch on *infrastructure "
                "commitments*) gives {whole}, still short of {seed}; no source adds the two.",
            ).format(**values)
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
    estimated: EstimatedTotal | None = None,
    lang: str = EN,
) -> list[Fact]:
    """The page's cards; with `estimated` (the estimates asked for), "OpenAI: all counted" carries a
    model-estimate line beside its bounds."""
    facts = [
        Fact(
            tr(lang, "Alibaba, 2000"),
            fmt.usd(alibaba["amount_usd"], lang=lang) if alibaba is not None else tr(lang, fmt.NOT_IN_VIEW),
            tr(lang, "one investment") if alibaba is not None else tr(lang, "the filters leave it out"),
            tr(lang, "SoftBank's first Alibaba investment."),
        ),
        _fact(
            N_("OpenAI: paid in"),
            money.paid,
            N_("Tranches, round tickets and (when switched on) secondary purchases."),
            caveats,
            lang,
        ),
        _fact(
            N_("OpenAI: committed, not yet shown paid"),
            money.committed,
            N_("Promised instalments no source yet reports as paid; off with 'unpaid commitments'."),
            caveats,
            lang,
        ),
        estimated_fact(
            _fact(
                N_("OpenAI: all counted"),
                money.openai,
                N_(
                    "Paid plus committed under the rules shown below. The Claims page quotes this same total."
                ),
                caveats,
                lang,
            ),
            estimated,
            lang,
        ),
    ]
    if money.infrastructure.n_counted:
        facts.append(
            _fact(
                N_("Stargate infrastructure"),
                money.infrastructure,
                N_("SoftBank's commitment to the Stargate data-centre venture: not OpenAI equity."),
                caveats,
                lang,
            )
        )
    facts += [
        Fact(
            tr(lang, "SoftBank's expected total"),
            fmt.usd(expected["amount_usd"], lang=lang) if expected is not None else tr(lang, fmt.NOT_IN_VIEW),
            tr(lang, "as of {date}").format(date=fmt.date_text("2026-02-28", lang))
            if lang != EN
            else "as of 28 Feb 2026",
            tr(lang, "SoftBank's figure, including instalments still to be paid."),
        ),
        Fact(
            tr(lang, 'Seed claim ("nearly")'),
            fmt.usd(claim["claimed_amount_usd"], lang=lang)
            if claim is not None
            else tr(lang, "not in the data"),
            tr(lang, "UNVERIFIED"),
            tr(
                lang,
                'The seed says "nearly $100 billion"; contradicted by SoftBank\'s own total (conflict C1).',
            ),
        ),
    ]
    return facts


def with_infrastructure(figures: pd.DataFrame, claims: pd.DataFrame, rules: CountingRules) -> SoftBankOpenAI:
    return softbank_openai(figures, claims, rules.changed(infrastructure=True))


def _fact(
    label: str, total: Total, help_text: str, caveats: Mapping[str, str] | None, lang: str = EN
) -> Fact:
    if total.n_counted == 0:
        return Fact(
            tr(lang, label),
            tr(lang, "none counted"),
            tr(lang, "under the rules in force"),
            tr(lang, help_text),
        )
    return total_fact(label, total, help_text, caveats, noun="deal", lang=lang)


def _md(text: str) -> str:
    return text.replace("$", "\\$")
