"""The claims audit: each seed claim with its verdict, the figures that bear on it and the conflicts behind
it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from fundgap.analysis import aggregate, seed
from fundgap.analysis.overview import Fact, bounds_detail, bounds_text
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.softbank import HEADLINE as SOFTBANK_HEADLINE
from fundgap.analysis.softbank import SoftBankOpenAI, softbank_openai, split_text
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr

VERDICT_LABELS = {
    "supported": (N_("Supported"), "green"),
    "partly_supported": (N_("Partly supported"), "orange"),
    "contradicted": (N_("Contradicted"), "red"),
    "cannot_be_reconstructed": (N_("Cannot be reconstructed"), "gray"),
}
VERDICT_ORDER = tuple(VERDICT_LABELS)
# The audit leads with what a reader most needs to know: claims with a number, the worst verdicts first.
AUDIT_ORDER = ("contradicted", "cannot_be_reconstructed", "partly_supported", "supported")


@dataclass(frozen=True)
class Documented:
    """What the ledger documents for a claim's amount, computed by the same function as the page that shows
    it."""

    label: str
    total: aggregate.Total
    page: str
    parts: str = ""
    lang: str = EN  # the reader's language: the text is written in it

    @property
    def text(self) -> str:
        if self.lang != EN:
            return self._text_in(self.lang)
        detail = (
            bounds_detail(self.total, "figure")
            if self.total.n_counted
            else "under the rules and filters in force"
        )
        parts = f"; {self.parts}" if self.parts else ""
        return (
            f"{self.label}: {bounds_text(self.total)} ({detail}{parts}). The {self.page} page shows "
            "the same total."
        )

    def _text_in(self, lang: str) -> str:
        detail = (
            bounds_detail(self.total, "figure", lang)
            if self.total.n_counted
            else tr(lang, "under the rules and filters in force")
        )
        parts = f"；{self.parts}" if self.parts else ""  # Chinese punctuation is full width
        return tr(lang, "{label}: {total} ({detail}{parts}). The {page} page shows the same total.").format(
            label=self.label,
            total=bounds_text(self.total, lang),
            detail=detail,
            parts=parts,
            page=tr(lang, self.page),
        )


DOCUMENTED = N_("Documented {label}")
PAGES = (N_("Overview"), N_("SoftBank"))  # the pages a documented total is quoted from, named in its text


def documented_totals(
    figures: pd.DataFrame, claims: pd.DataFrame, rules: CountingRules, lang: str = EN
) -> dict[str, Documented]:
    """Claim id -> the documented total its verdict is read against, under the rules in force, in words of
    `lang`."""
    gap = aggregate.gulf_gap(aggregate.gulf_rows(figures), claims, rules)
    softbank = softbank_openai(figures, claims, rules)
    totals = {
        side.claim_id: Documented(_documented(side.label, lang), side.documented, "Overview", lang=lang)
        for side in (gap.china, gap.us)
        if side.claim_id
    }
    compared = seed.comparison(claims, SOFTBANK_HEADLINE)
    if compared is not None:
        totals[compared.claim_id] = Documented(
            _documented(compared.label, lang),
            softbank.openai,
            "SoftBank",
            split_text(softbank) if lang == EN else _split_in(softbank, lang),
            lang=lang,
        )
    return totals


def _documented(label: str, lang: str) -> str:
    # The headline's label ("Gulf → MiniMax and Zhipu") is translated where the catalogue has it (the Overview
    # marks it); a label it does not hold is names and stays as the data writes it.
    if lang == EN:
        return f"Documented {label}"
    return tr(lang, DOCUMENTED).format(label=tr(lang, label))


def _split_in(money: SoftBankOpenAI, lang: str) -> str:
    """softbank.split_text in `lang`, in the SoftBank page's own words."""
    return tr(lang, "{paid} and {committed}").format(
        paid=tr(lang, "{amount} paid in").format(amount=bounds_text(money.paid, lang))
        if money.paid.n_counted
        else tr(lang, "nothing counted as paid in"),
        committed=tr(lang, "{amount} committed but not yet shown paid").format(
            amount=bounds_text(money.committed, lang)
        )
        if money.committed.n_counted
        else tr(lang, "no unpaid commitment counted"),
    )


@dataclass(frozen=True)
class ClaimCard:
    claim: pd.Series
    evidence: pd.DataFrame  # figures bearing on the claim that are in view
    n_evidence_total: int  # all figures bearing on it, in view or not
    conflicts: pd.DataFrame
    documented: Documented | None = None
    releases: pd.DataFrame | None = None  # model releases bearing on the claim (the closed-model claims)
    lang: str = EN  # the reader's language: claimed_text is written in it

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.claim["verdict"]][0]

    @property
    def verdict_color(self) -> str:
        return VERDICT_LABELS[self.claim["verdict"]][1]

    @property
    def claimed_text(self) -> str:
        c = self.claim
        if pd.isna(c["claimed_amount_usd"]):
            return tr(self.lang, "no amount")
        ranged = not (
            pd.isna(c["claimed_low_usd"])
            or c["claimed_low_usd"] == c["claimed_high_usd"] == c["claimed_amount_usd"]
        )
        return fmt.amount_label(
            c["claimed_amount_usd"],
            c["claimed_low_usd"],
            c["claimed_high_usd"],
            "approximate" if ranged else "exact",
            self.lang,
        )

    @property
    def has_amount(self) -> bool:
        return not pd.isna(self.claim["claimed_amount_usd"])


def claim_cards(
    claims: pd.DataFrame,
    figures: pd.DataFrame,
    in_view: pd.DataFrame,
    conflicts: pd.DataFrame,
    documented: dict[str, Documented] | None = None,
    releases: pd.DataFrame | None = None,
    lang: str = EN,
) -> list[ClaimCard]:
    """One card per claim: claims with an amount first, then by AUDIT_ORDER, then by claim id."""
    order = {verdict: i for i, verdict in enumerate(AUDIT_ORDER)}
    ranked = claims.assign(_no_amount=claims["claimed_amount_usd"].isna(), _rank=claims["verdict"].map(order))
    ranked = ranked.sort_values(["_no_amount", "_rank", "claim_id"]).drop(columns="_no_amount")
    cards = []
    # Figure ids are unique: where each sits in view, and which exist at all, looked up once for every claim
    # rather than matched against the whole frame per claim (issue 25).
    in_view_at = {str(f): i for i, f in enumerate(in_view["figure_id"].tolist())}
    known = set(figures["figure_id"].astype(str).tolist())
    for _, claim in ranked.iterrows():
        ids = [str(i) for i in claim["evidence_figure_ids"]]
        conflict_ids = list(claim["conflict_ids"]) if claim["conflict_ids"] is not None else []
        shown = sorted({i for i in ids if i in in_view_at})
        cards.append(
            ClaimCard(
                claim=claim.drop("_rank"),
                evidence=in_view.iloc[[in_view_at[i] for i in shown]],
                n_evidence_total=len(set(ids) & known),
                conflicts=conflicts[conflicts["conflict_id"].isin(conflict_ids)],
                documented=(documented or {}).get(claim["claim_id"]),
                releases=releases[releases["claim_id"] == claim["claim_id"]]
                if releases is not None
                else None,
                lang=lang,
            )
        )
    return cards


VERDICT_HELP = {
    "supported": N_("Claims judged supported"),
    "partly_supported": N_("Claims judged partly supported"),
    "contradicted": N_("Claims judged contradicted"),
    "cannot_be_reconstructed": N_("Claims judged cannot be reconstructed"),
}


def verdict_counts(claims: pd.DataFrame, lang: str = EN) -> list[Fact]:
    counts = claims["verdict"].value_counts()
    return [
        Fact(
            tr(lang, VERDICT_LABELS[v][0]),
            str(int(counts.get(v, 0))),
            tr(lang, "claims"),
            tr(lang, VERDICT_HELP[v]),
        )
        for v in VERDICT_ORDER
    ]
