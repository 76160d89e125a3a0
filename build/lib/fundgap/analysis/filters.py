"""The reader's view: sidebar filters and counting rules, to and from URL parameters, described in words.

URL parameter names are public API (copied links must keep working): investor, investor_region,
investor_country, recipient, recipient_region, year_from, year_to, kind, status, and the counting rules
secondary, commitments, infrastructure, cornerstone, unverified, undisclosed.

`investor` and `recipient` hold entity ids. A link may name an entity by its name, short name or an alias in
any case (`?investor=mgx`, `?investor=SoftBank Group`); it is read as the entity's id. Investor filters select
the rows that have an investor of their own (participations and figures), never a deal as a whole: a round
joined by a Gulf fund is Gulf money only up to that fund's ticket."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from fundgap.analysis.entities import EntityIndex
from fundgap.common import fmt

MULTI_FILTERS = {
    # URL parameter -> figures column
    "investor": "investor_id",
    "investor_region": "investor_region",
    "investor_country": "investor_country",
    "recipient": "recipient_id",
    "recipient_region": "recipient_region",
    "kind": "flow_kind",
    "status": "status",
}
ENTITY_FILTERS = ("investor", "recipient")
FILTER_COLUMNS = (*MULTI_FILTERS.values(), "record_type", "year_start", "year_end")
INVESTOR_FILTERS = ("investor", "investor_region", "investor_country")
YEAR_PARAMS = ("year_from", "year_to")
# Rejected reports (contradicted by stronger sources) are kept so nobody reuses them, but hidden unless asked
# for.
REJECTED_PARAM = "rejected"
RELEASES_PARAM = "releases"  # ?releases=1: model releases drawn on the Overview's and SoftBank's time charts
# Parameters that open something on any page rather than filter: a figure's card (?figure=) and a dataset
# version.
PAGE_PARAMS = ("figure", "version")
MAX_PARAM_LENGTH = 200


@dataclass(frozen=True)
class FilterOptions:
    """The values a filter may take, read from the data: anything else in a URL is ignored."""

    values: Mapping[str, tuple[str, ...]]
    year_min: int
    year_max: int
    entities: EntityIndex | None = None

    @classmethod
    def from_data(cls, figures: pd.DataFrame, entities: pd.DataFrame) -> FilterOptions:
        index = EntityIndex.from_frame(entities)
        # Investor filters select rows with an investor of their own, so their choices come from those rows
        # only.
        own = (figures["record_type"] != "deal").to_numpy() if "record_type" in figures else None
        values = {
            param: tuple(
                sorted(
                    _distinct(
                        figures[column]
                        if own is None or param not in INVESTOR_FILTERS
                        else figures[column][own]
                    )
                )
            )
            for param, column in MULTI_FILTERS.items()
        }
        # An owner is a choice even when only its vehicles took part (Mubadala through MGX); entities sort by
        # name.
        for param in ENTITY_FILTERS:
            present = set(values[param])
            chosen = {e for e in index.names if present & set(index.scope((e,)))}
            values[param] = tuple(sorted(chosen, key=lambda e: index.names[e].casefold()))
        years_start, years_end = figures["year_start"].dropna(), figures["year_end"].dropna()
        if years_start.empty:
            return cls(values, 2000, 2026, index)
        return cls(values, int(years_start.min()), int(years_end.max()), index)

    def label(self, param: str, value: str) -> str:
        """What a reader sees for a value: an entity's display name, else the value in words."""
        if param in ENTITY_FILTERS and self.entities is not None:
            return self.entities.label(value)  # the short name and aliases too, so that typing "QIA" finds it
        return value.replace("_", " ")


def _distinct(column: pd.Series) -> list[str]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        present = column.cat.remove_unused_categories().cat.categories
        return [str(v) for v in present]
    return [str(v) for v in column.dropna().unique()]


@dataclass(frozen=True)
class Filters:
    investor: tuple[str, ...] = ()
    investor_region: tuple[str, ...] = ()
    investor_country: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    recipient_region: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    rejected: bool = False  # show REJECT rows (also shown when the status filter names REJECT)
    releases: bool = False  # draw model releases on the time charts (off by default, switched on in the URL)
    # Derived from `investor` when the view is made (never in the URL): the chosen entities with their
    # vehicles,
    # and the words that say so ("Mubadala, incl. MGX (co-owned) and ATIC").
    investor_scope: tuple[str, ...] = ()
    investor_words: str = ""
    recipient_words: str = ""

    @property
    def shows_rejected(self) -> bool:
        return self.rejected or "REJECT" in self.status

    @property
    def by_investor(self) -> bool:
        return any(getattr(self, param) for param in INVESTOR_FILTERS)

    def mask(self, figures: pd.DataFrame) -> pd.Series:
        keep = pd.Series(True, index=figures.index)
        for param, column in MULTI_FILTERS.items():
            chosen = self.investor_scope or self.investor if param == "investor" else getattr(self, param)
            if chosen:
                keep &= figures[column].isin(chosen)
        if self.by_investor and "record_type" in figures:
            keep &= figures["record_type"] != "deal"
        if not self.shows_rejected:
            keep &= (figures["status"] != "REJECT").to_numpy(dtype=bool)
        # An undated row has no year: a year range leaves it out (the Data page lists it as undated).
        if self.year_from is not None:
            keep &= (figures["year_end"] >= self.year_from).fillna(False).astype(bool)
        if self.year_to is not None:
            keep &= (figures["year_start"] <= self.year_to).fillna(False).astype(bool)
        return keep

    def apply_to(self, figures: pd.DataFrame, columns) -> pd.DataFrame:
        """The rows in view with only `columns` (and the ones filtering reads): choosing columns first copies
        nothing under copy-on-write, so filtering copies only what the caller reads, not every column."""
        wanted = list(dict.fromkeys([*columns, *FILTER_COLUMNS]))
        return self.apply(figures[[c for c in wanted if c in figures]])

    def apply(self, figures: pd.DataFrame) -> pd.DataFrame:
        """The figures in view; a figure spanning years is in view when its period overlaps the year range."""
        keep = self.mask(figures)
        return (
            figures if keep.all() else figures[keep]
        )  # no filter: no copy of what may be a very large frame

    def describe(self) -> str:
        """ "Gulf investors → China, 2024–2026" — the same words under every chart title and in exports."""
        investors = (
            self.investor_words
            or _join(self.investor)
            or (f"{_join(self.investor_region)} investors" if self.investor_region else "All investors")
        )
        if self.investor_country:
            investors += f" (from {_join(self.investor_country)})"
        recipients = (
            self.recipient_words or _join(self.recipient) or _join(self.recipient_region) or "all recipients"
        )
        parts = [f"{investors} → {recipients}"]
        if self.year_from is not None or self.year_to is not None:
            parts.append(
                fmt.year_span(self.year_from, self.year_to)
                if self.year_from and self.year_to
                else f"from {self.year_from}"
                if self.year_from
                else f"to {self.year_to}"
            )
        else:
            parts.append("all years")
        if self.kind:
            parts.append(_join(k.replace("_", " ") for k in self.kind))
        if self.status:
            parts.append(f"status {_join(self.status)}")
        if self.rejected:
            parts.append("rejected reports shown")
        return ", ".join(parts)

    def to_query(self) -> dict[str, list[str]]:
        query = {param: list(getattr(self, param)) for param in MULTI_FILTERS if getattr(self, param)}
        for param in YEAR_PARAMS:
            if getattr(self, param) is not None:
                query[param] = [str(getattr(self, param))]
        if self.rejected:
            query[REJECTED_PARAM] = ["1"]
        if self.releases:
            query[RELEASES_PARAM] = ["1"]
        return query


def _join(values) -> str:
    values = list(values)
    if len(values) <= 2:
        return " and ".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


UNDISCLOSED_MODES = ("count", "zero")


@dataclass(frozen=True)
class CountingRules:
    """What a total adds up. Defaults count new capital that reached or was committed to labs."""

    secondary: bool = False  # secondary purchases pay employees and early holders, not the lab
    commitments: bool = True  # committed but not yet paid
    infrastructure: bool = False  # Stargate-style data-centre commitments are not lab equity
    cornerstone: bool = True  # IPO cornerstone subscriptions
    unverified: bool = False
    undisclosed: str = "count"  # "count": report "n undisclosed"; "zero": count them as $0

    def describe(self) -> str:
        included = [label for name, label in RULE_LABELS.items() if getattr(self, name)]
        excluded = [label for name, label in RULE_LABELS.items() if not getattr(self, name)]
        text = "Counting " + (_join(included) if included else "only verified equity and rounds")
        if excluded:
            text += "; excluding " + _join(excluded)
        mode = (
            "undisclosed amounts reported as a count"
            if self.undisclosed == "count"
            else "undisclosed amounts counted as $0"
        )
        return f"{text}; {mode}."

    def to_query(self) -> dict[str, list[str]]:
        defaults = CountingRules()
        query = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value != getattr(defaults, item.name):
                query[item.name] = [value if isinstance(value, str) else ("1" if value else "0")]
        return query


RULE_LABELS = {
    "secondary": "secondary purchases",
    "commitments": "unpaid commitments",
    "infrastructure": "infrastructure commitments",
    "cornerstone": "IPO cornerstone subscriptions",
    "unverified": "unverified figures",
}
_BOOL_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


@dataclass(frozen=True)
class View:
    filters: Filters = field(default_factory=Filters)
    rules: CountingRules = field(default_factory=CountingRules)
    ignored: tuple[str, ...] = ()  # what the URL asked for that could not be used, in words

    def to_query(self) -> dict[str, list[str]]:
        return {**self.filters.to_query(), **self.rules.to_query()}


def parse_query(query: Mapping[str, Sequence[str]], options: FilterOptions) -> View:
    """URL parameters -> View. Unknown names, unknown values and malformed years fall back to defaults and are
    listed in `ignored` so the page can tell the reader."""
    ignored: list[str] = []
    chosen: dict[str, object] = {}
    for param, raw_values in query.items():
        values = [v for v in (raw_values if not isinstance(raw_values, str) else [raw_values])]
        if param in ENTITY_FILTERS:
            chosen[param] = _known_entities(param, values, options, ignored)
        elif param in MULTI_FILTERS:
            chosen[param] = _known_values(param, values, options.values.get(param, ()), ignored)
        elif param in YEAR_PARAMS:
            chosen[param] = _year(param, values, options, ignored)
        elif param in RULE_LABELS or param in ("undisclosed", REJECTED_PARAM, RELEASES_PARAM):
            chosen[param] = _rule(param, values, ignored)
        elif param in PAGE_PARAMS:
            continue  # read by the page frame (a figure's card, a dataset version), not a filter
        else:
            ignored.append(f"unknown parameter {_shorten(param)!r}")
    filters = Filters(
        **{
            k: v
            for k, v in chosen.items()
            if k in MULTI_FILTERS
            or (k in YEAR_PARAMS or k in (REJECTED_PARAM, RELEASES_PARAM))
            and v is not None
        }
    )
    filters = with_entity_words(_ordered_years(filters, ignored), options.entities)
    rules = CountingRules(
        **{k: v for k, v in chosen.items() if (k in RULE_LABELS or k == "undisclosed") and v is not None}
    )
    return View(filters, rules, tuple(ignored))


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


def with_entity_words(filters: Filters, index: EntityIndex | None) -> Filters:
    """Fill the derived fields: the investor scope (owners with their vehicles) and the names in words."""
    if index is None:
        return filters
    return replace(
        filters,
        investor_scope=index.scope(filters.investor),
        investor_words=_join(index.describe(e) for e in filters.investor),
        recipient_words=_join(index.names.get(e, e) for e in filters.recipient),
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


def _rule(param: str, values: list[str], ignored: list[str]) -> bool | str | None:
    text = values[-1].strip().lower() if values else ""
    if param == "undisclosed":
        if text in UNDISCLOSED_MODES:
            return text
    elif text in _BOOL_WORDS:
        return _BOOL_WORDS[text]
    ignored.append(f"{param}={_shorten(text)!r} (not understood)")
    return None
