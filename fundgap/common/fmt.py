"""Numbers and dates formatted for people: $15B, $100M, "about $100M ($80M–$120M)"."""

from __future__ import annotations

import datetime
import math

import pandas as pd

from fundgap.common import i18n
from fundgap.common.i18n import EN, N_, tr

_UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
MISSING = "—"
NOT_IN_VIEW = N_("not in view")
# What a headline card says when it has nothing to show: each names the cause, none is a bare dash.
EMPTY_VALUES = (NOT_IN_VIEW, N_("none counted"), N_("none documented"), N_("not computable"))


def usd(amount: float | None, fine: bool = False, lang: str = EN) -> str:
    """Short dollar label: 15e9 -> "$15B", 1.2e8 -> "$120M", 64.6e9 -> "$64.6B", None -> "—". `fine` keeps two
    decimals, for two ends of a narrow range that would otherwise print the same. In Chinese, CLDR's compact
    form: "150亿美元"."""
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return MISSING
    if lang != EN:
        return i18n.usd(as_printed(float(amount), fine), lang, fine=True)
    sign = "-" if amount < 0 else ""
    value = abs(float(amount))
    for size, suffix in _UNITS:
        if value >= size:
            return f"{sign}${_trim(value / size, fine)}{suffix}"
    return f"{sign}${_trim(value, fine)}"


def as_printed(amount: float, fine: bool = False) -> float:
    """The amount at the precision the English label prints it ("$138B", "$6.24B", "$295.5M"), so another
    language says no more and no less than English does: 1380亿美元, not 1380.01亿美元."""
    for size, _suffix in _UNITS:
        if abs(amount) >= size:
            return float(_trim(abs(amount) / size, fine)) * size * (-1 if amount < 0 else 1)
    return amount


def _trim(value: float, fine: bool = False) -> str:
    # Keep the precision sources print: "$2.98B", "$64.6B", "$687.6M"; trailing zeros go.
    text = f"{value:.2f}" if value < 10 or fine else f"{value:.1f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd_range(low: float | None, high: float | None, lang: str = EN) -> str:
    """ "$80M–$120M"; empty when either bound is missing."""
    if _missing(low) or _missing(high):
        return ""
    if lang != EN and low is not None and high is not None:
        return i18n.usd_span(as_printed(low), as_printed(high), lang, fine=True)
    return f"{usd(low, lang=lang)}–{usd(high, lang=lang)}"


_QUALIFIER = {
    "approximate": N_("about {amount}"),
    "upper_bound": N_("up to {amount}"),
    "lower_bound": N_("at least {amount}"),
}


def amount_label(
    amount: float | None, low: float | None, high: float | None, kind: str, lang: str = EN
) -> str:
    """How a figure reads in a table or hover: "about $100M ($80M–$120M)", "undisclosed", "$65M"."""
    if kind == "undisclosed":
        return tr(lang, "undisclosed")
    if kind == "not_applicable" or _missing(amount):
        return MISSING
    label = tr(lang, _QUALIFIER.get(kind, "{amount}")).format(amount=usd(amount, lang=lang))
    bounds = usd_range(low, high, lang)
    if kind in ("approximate", "range") and bounds:
        label += f" ({bounds})" if lang == EN else f"（{bounds}）"
    return label


def usd_bounds(low: float | None, high: float | None, lang: str = EN) -> str:
    """Honest bounds: "$65M–$515M", "$65M" when they meet, "at least $65M" when the upper end is open."""
    if _missing(low):
        return MISSING
    if high is not None and not _missing(high) and math.isinf(high):
        return tr(lang, "at least {amount}").format(amount=usd(low, lang=lang))
    if _missing(high) or high == low:
        return usd(low, lang=lang)
    if lang != EN and low is not None and high is not None:
        fine = usd(low) == usd(high)
        return i18n.usd_span(as_printed(low, fine), as_printed(high, fine), lang, fine=True)
    if usd(low, lang=lang) == usd(high, lang=lang):
        return f"{usd(low, fine=True, lang=lang)}–{usd(high, fine=True, lang=lang)}"
    return f"{usd(low, lang=lang)}–{usd(high, lang=lang)}"


def ratio_bounds(low: float | None, high: float | None, lang: str = EN) -> str:
    """ "0×–2,178×", "at least 12×" (open upper end), "—" when no bound is known."""
    if _missing(low) or low is None:
        return MISSING
    if high is None or _missing(high) or math.isinf(high):
        return (
            tr(lang, "at least {amount}").format(amount=ratio(low, lang))
            if low > 0
            else tr(lang, "any ratio from 0× up")
        )
    if round(low, 1) == round(high, 1):
        return ratio(low, lang)
    return f"{ratio(low, lang)}–{ratio(high, lang)}"


def ratio(value: float | None, lang: str = EN) -> str:
    """ "150×", "12.3×"; "—" when there is no ratio. In Chinese: "150倍"."""
    if _missing(value) or value is None or math.isinf(value):
        return MISSING
    if lang != EN:
        return i18n.times(value, lang)
    if value == 0:
        return "0×"
    return (
        f"{value:,.0f}×"
        if value >= 100
        else f"{value:.1f}×".replace(".0×", "×")
        if value >= 0.1
        else f"{value:.2g}×"
    )


def year_span(start: int | None, end: int | None, lang: str = EN) -> str:
    if start is None and end is None:
        return tr(lang, "all years")
    if start == end:
        return str(start)
    return f"{start}–{end}"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


COUNT_WORDS = {
    "deal": N_("{n} deal(s)"),
    "counted deal": N_("{n} counted deal(s)"),
    "participation": N_("{n} participation(s)"),
    "amount": N_("{n} amount(s)"),
    "figure": N_("{n} figure(s)"),
    "ticket": N_("{n} ticket(s)"),
    "undisclosed ticket": N_("{n} undisclosed ticket(s)"),
}


def count(n: int, noun: str, lang: str = EN) -> str:
    """ "1 deal", "3 deals"; in Chinese with its measure word: "3笔交易"."""
    if lang != EN and noun in COUNT_WORDS:
        return tr(lang, COUNT_WORDS[noun]).format(n=f"{n:,}")
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def present(value: object) -> bool:
    """False for None, NaN/NA and empty text: pandas 3 stores missing strings as NaN."""
    if value is None:
        return False
    if isinstance(value, (str, bytes)):
        return value != ""
    missing = pd.isna(value)
    return not (isinstance(missing, bool) and missing)


# How a source states an amount, as the figure card names it ("Stated as: lower bound").
AMOUNT_KIND_WORDS = {
    "exact": N_("exact"),
    "approximate": N_("approximate"),
    "range": N_("range"),
    "lower_bound": N_("lower bound"),
    "upper_bound": N_("upper bound"),
    "undisclosed": N_("undisclosed"),
    "not_applicable": N_("not applicable"),
}


def amount_kind_text(kind: object, lang: str = EN) -> str:
    """How a source states an amount, in words: "lower_bound" -> "lower bound", in Chinese "下限"."""
    text = str(kind)
    return tr(lang, AMOUNT_KIND_WORDS.get(text, text.replace("_", " ")))


STATUS_WORDS = {"VERIFIED": N_("VERIFIED"), "UNVERIFIED": N_("UNVERIFIED"), "REJECT": N_("✕ REJECTED")}


def status_text(status: object, caveat: object = None, lang: str = EN) -> str:
    """ "VERIFIED", "✕ REJECTED", or with its caveat in view: "VERIFIED · ⚠ single secondary source". The
    caveat is dataset text: it stays in its own language."""
    text = "✕ REJECTED" if str(status) == "REJECT" else str(status)
    if lang != EN:
        text = tr(lang, STATUS_WORDS.get(str(status), str(status)))
    return f"{text} · ⚠ {caveat}" if present(caveat) else text


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_text(value: object, lang: str = EN) -> str:
    """A ledger date for people, at the precision it was stated: "2026-02-18" -> "18 Feb 2026", "2026-02" ->
    "Feb 2026", "2026-Q1" and "2026" as they are; "undated" when there is none. A month-precise date is
    never given a day. In Chinese, CLDR's forms: "2026年2月18日", "2026年2月", "2026年第1季度"."""
    if not present(value):
        return tr(lang, "undated")
    text = str(value)
    parts = text.split("-")
    if lang != EN:
        return _date_in(lang, text, parts)
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2 and parts[1].isdigit():
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return text


def _date_in(lang: str, text: str, parts: list[str]) -> str:
    try:
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            return i18n.day(datetime.date(int(parts[0]), int(parts[1]), int(parts[2])), lang)
        if len(parts) == 2 and parts[1].isdigit():
            return i18n.month(datetime.date(int(parts[0]), int(parts[1]), 1), lang)
        if len(parts) == 2 and parts[0].isdigit() and parts[1][:1] == "Q" and parts[1][1:].isdigit():
            return tr(lang, "{year} Q{quarter}").format(year=parts[0], quarter=parts[1][1:])
        if len(parts) == 1 and text.isdigit() and len(text) == 4:
            return i18n.year(int(text), lang)
    except ValueError:
        return text
    return text
