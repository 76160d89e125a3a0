"""A URL into a View (the reader's filters and counting rules) and back.

URL parameter names are public API (copied links must keep working). A value the data does not have, a
malformed year or an unknown parameter falls back to the default and is listed in `View.ignored`, so the page
can say what it ignored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from fundgap.analysis.entities import EntityIndex
from fundgap.analysis.filters import (
    ENTITY_FILTERS,
    MULTI_FILTERS,
    PAGE_PARAMS,
    REJECTED_PARAM,
    RELEASES_PARAM,
    YEAR_PARAMS,
    FilterOptions,
    Filters,
)
from fundgap.analysis.rules import RULE_NAMES, CountingRules, from_settings, join, parse_rule
from fundgap.common import i18n


@dataclass(frozen=True)
class View:
    filters: Filters = field(default_factory=Filters)
    rules: CountingRules = field(default_factory=CountingRules)
    ignored: tuple[str, ...] = ()  # what the URL asked for that could not be used, in words
    lang: str = i18n.DEFAULT  # the reader's language (?lang=, else the browser's); English keeps today's URLs

    def to_query(self) -> dict[str, list[str]]:
        """The view's URL parameters; ?lang= only for a language other than English, so an English link reads
        as it always has."""
        language = {i18n.LANG_PARAM: [self.lang]} if self.lang != i18n.DEFAULT else {}
        return {**self.filters.to_query(), **self.rules.to_query(), **language}


def parse_query(
    query: Mapping[str, Sequence[str]], options: FilterOptions, browser_locale: str | None = None
) -> View:
    """URL parameters -> View. Unknown names, unknown values and malformed years fall back to defaults and are
    listed in `ignored` so the page can tell the reader. The language is ?lang= when fundgap speaks it, else
    the browser's (`browser_locale`, as st.context.locale gives it), else English."""
    ignored: list[str] = []
    lang_values = query.get(i18n.LANG_PARAM) or ()
    lang_list = [lang_values] if isinstance(lang_values, str) else list(lang_values)
    lang_value = lang_list[-1] if lang_list else None
    lang = i18n.choose(lang_value, browser_locale)
    if lang_value is not None and i18n.parse_lang(lang_value) is None:
        ignored.append(
            f"{i18n.LANG_PARAM}={_shorten(lang_value)!r} "
            f"(not a language fundgap speaks: {', '.join(i18n.LANGS)})"
        )
    chosen: dict[str, Any] = {}  # Filters' fields by name: tuples of values, years and flags
    rule_settings: dict[str, bool | str | None] = {}
    for param, raw_values in query.items():
        values = [raw_values] if isinstance(raw_values, str) else list(raw_values)
        if param in ENTITY_FILTERS:
            chosen[param] = _known_entities(param, values, options, ignored)
        elif param in MULTI_FILTERS:
            chosen[param] = _known_values(param, values, options.values.get(param, ()), ignored)
        elif param in YEAR_PARAMS:
            year = _year(param, values, options, ignored)
            if year is not None:
                chosen[param] = year
        elif param in RULE_NAMES:
            rule_settings[param] = parse_rule(param, values, ignored)
        elif param in (REJECTED_PARAM, RELEASES_PARAM):
            flag = parse_rule(param, values, ignored)
            if flag is not None:
                chosen[param] = bool(flag)
        elif param in PAGE_PARAMS or param == i18n.LANG_PARAM:
            continue  # read by the page frame (a figure's card, a dataset version), not a filter
        else:
            ignored.append(f"unknown parameter {_shorten(param)!r}")
    filters = with_entity_words(_ordered_years(replace(Filters(), **chosen), ignored), options.entities, lang)
    return View(filters, from_settings(rule_settings), tuple(ignored), lang)


def _shorten(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"


def _known_values(
    param: str, values: list[str], allowed: tuple[str, ...], ignored: list[str]
) -> tuple[str, ...]:
    kept: list[str] = []
    for value in values:
        if value in allowed and value not in kept:
            kept.append(value)
        elif value not in allowed:
            ignored.append(f"{param}={_shorten(value)!r} (no such value in the data)")
    return tuple(kept)


def _known_entities(
    param: str, values: list[str], options: FilterOptions, ignored: list[str]
) -> tuple[str, ...]:
    allowed = options.values.get(param, ())
    kept: list[str] = []
    for value in values:
        entity_id = options.entities.resolve(value) if options.entities is not None else value
        if entity_id in allowed:
            if entity_id not in kept:
                kept.append(entity_id)
        elif entity_id is not None and options.entities is not None:
            ignored.append(
                f"{param}={_shorten(value)!r} ({options.entities.names.get(entity_id, entity_id)} has "
                f"no {param} rows in the data)"
            )
        else:
            near = options.entities.closest(value) if options.entities is not None else []
            hint = f"; closest: {', '.join(near)}" if near else ""
            ignored.append(f"{param}={_shorten(value)!r} (no entity has this name or alias{hint})")
    return tuple(kept)


def with_entity_words(filters: Filters, index: EntityIndex | None, lang: str = i18n.DEFAULT) -> Filters:
    """Fill the derived fields: the investor scope (owners with their vehicles) and the names in words, in the
    reader's language."""
    if index is None:
        return filters
    return replace(
        filters,
        investor_scope=index.scope(filters.investor),
        investor_words=join((index.describe(e, lang) for e in filters.investor), lang),
        recipient_words=join((index.name(e, lang) for e in filters.recipient), lang),
    )


def _year(param: str, values: list[str], options: FilterOptions, ignored: list[str]) -> int | None:
    text = values[-1].strip() if values else ""
    if len(text) <= 4 and text.isdigit() and text.isascii():
        year = int(text)
        if options.year_min <= year <= options.year_max:
            return year
    ignored.append(
        f"{param}={_shorten(text)!r} (not a year between {options.year_min} and {options.year_max})"
    )
    return None


def _ordered_years(filters: Filters, ignored: list[str]) -> Filters:
    if filters.year_from is not None and filters.year_to is not None and filters.year_from > filters.year_to:
        ignored.append(f"year_from={filters.year_from} is after year_to={filters.year_to}; showing all years")
        return replace(filters, year_from=None, year_to=None)
    return filters
