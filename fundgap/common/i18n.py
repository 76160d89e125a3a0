"""The reader's language: which languages fundgap speaks, choosing one from the URL and the browser, the
gettext catalogue of each, and the numbers and dates of each as CLDR (Babel) writes them.

Pure functions; the language is always passed in (no global state). English is the product as written in the
code: its translator is gettext's NullTranslations and its numbers and dates stay those of `fmt`. The
Chinese catalogue is fundgap/locale/zh/LC_MESSAGES/fundgap.po, extracted from the code and the page metadata
with Babel (`make messages`, see babel.cfg) and compiled to fundgap.mo beside it."""

from __future__ import annotations

import datetime
import gettext as _gettext
import math
import re
from functools import cache
from pathlib import Path

from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, get_currency_name

EN = "en"
ZH = "zh"
LANGS: tuple[str, ...] = (EN, ZH)  # what ?lang= takes; the first is the default
DEFAULT = EN
LANG_NAMES = {EN: "English", ZH: "中文"}  # each language in its own words: the sidebar's switch
LANG_PARAM = "lang"
_TAG = re.compile(r"([a-z]{2,3})(?:-[a-z0-9]{2,8})*", re.ASCII)  # a BCP 47 tag: "zh", "zh-cn", "zh-hans-cn"
DOMAIN = "fundgap"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
CLDR_LOCALE = {ZH: "zh_Hans_CN"}  # simplified Chinese as written in mainland China


def parse_lang(value: str | None) -> str | None:
    """A ?lang= value -> a language fundgap speaks, or None when it is not one ("ZH", " zh-CN " and
    "zh_Hans" are Chinese; "fr", "" and None are not understood)."""
    if value is None:
        return None
    match = _TAG.fullmatch(value.strip().lower().replace("_", "-"))
    return match.group(1) if match and match.group(1) in LANGS else None


def from_browser(locale: str | None) -> str:
    """The browser's language (st.context.locale, "zh-CN", "en-US", None) -> the language to show; a
    language fundgap does not speak gets the default."""
    if not locale:
        return DEFAULT
    base = locale.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGS else DEFAULT


def choose(url_value: str | None, browser_locale: str | None) -> str:
    """The URL's ?lang= when it names a language fundgap speaks, else the browser's language, else English."""
    return parse_lang(url_value) or from_browser(browser_locale)


@cache
def translator(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of `lang`; English (and a language without a catalogue) translates to itself."""
    if lang == EN:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def tr(lang: str, message: str) -> str:
    """`message` in `lang`. Marked for extraction (babel keyword tr:2); placeholders are `{name}`, filled by
    the caller with str.format after translation."""
    if lang == EN or not message:
        return message
    return translator(lang).gettext(message)


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined (a table of words); it is translated where shown."""
    return message


# Numbers and dates, as CLDR writes them in Chinese.


def usd(amount: float, lang: str, fine: bool = False) -> str:
    """1.5e10 -> "150亿美元", 1e8 -> "1亿美元", 6.876e8 -> "6.88亿美元" (`fine`: "6.876亿美元"),
    5e3 -> "5,000美元": CLDR's compact decimal with the currency's name."""
    return money(amount, "USD", lang, fine)


# Where CLDR's name of a currency is not how Chinese financial news writes it after an amount: 243.8亿元人民币
# (the unit 元, then the currency), not 243.8亿人民币.
_AFTER_AMOUNT = {(ZH, "CNY"): "元人民币"}


def money(amount: float, currency: str, lang: str, fine: bool = False) -> str:
    """An amount in the currency of ISO code `currency`, as usd writes dollars: 4.35e9 HKD -> "43.5亿港元",
    2.438e10 CNY -> "243.8亿元人民币"."""
    locale = CLDR_LOCALE[lang]
    value = abs(float(amount))
    number = (
        format_compact_decimal(value, locale=locale, fraction_digits=4 if fine else 2)
        if value >= 1e4
        else format_decimal(round(value, 2), locale=locale)
    )
    name = _AFTER_AMOUNT.get((lang, currency)) or get_currency_name(currency, locale=locale)
    return f"{'-' if amount < 0 else ''}{number}{name}"


def usd_span(low: float, high: float, lang: str, fine: bool = False) -> str:
    """Two amounts with the currency written once, as Chinese news writes a range: "404.5亿–405.5亿美元",
    "0–906亿美元"."""
    currency = get_currency_name("USD", locale=CLDR_LOCALE[lang])
    return f"{usd(low, lang, fine).removesuffix(currency)}–{usd(high, lang, fine)}"


def compact(value: float, lang: str) -> str:
    """An axis tick: 1.5e10 -> "150亿", 2e7 -> "2000万"."""
    return format_compact_decimal(value, locale=CLDR_LOCALE[lang], fraction_digits=1)


def number(value: float, lang: str, digits: int = 0) -> str:
    """A plain number with CLDR's grouping: 2178 -> "2,178"."""
    return format_decimal(round(value, digits), locale=CLDR_LOCALE[lang])


def times(value: float, lang: str) -> str:
    """A ratio: 150 -> "150倍", 12.3 -> "12.3倍", 2178 -> "2,178倍"."""
    if math.isinf(value):
        return tr(lang, "any ratio")
    digits = 0 if value >= 100 else 1 if value >= 0.1 else 2
    return f"{number(value, lang, digits)}倍"


def day(value: datetime.date, lang: str) -> str:
    """2026-02-18 -> "2026年2月18日" (CLDR skeleton yMMMd)."""
    return format_skeleton("yMMMd", value, locale=CLDR_LOCALE[lang])


def month(value: datetime.date, lang: str) -> str:
    """A month-precise date, never with a day: 2026-02 -> "2026年2月" (CLDR skeleton yMMM)."""
    return format_skeleton("yMMM", value, locale=CLDR_LOCALE[lang])


def year(value: int, lang: str) -> str:
    """2026 -> "2026年" (CLDR skeleton y)."""
    return format_skeleton("y", datetime.date(value, 1, 1), locale=CLDR_LOCALE[lang])
