"""The reader's filters: which rows are in view, the values each filter may take, and the filters in words.

`analysis/view.py` turns a URL into filters and counting rules and back; `analysis/rules.py` holds the rules.

URL parameter names are public API (copied links must keep working): investor, investor_region,
investor_country, recipient, recipient_region, year_from, year_to, kind, status, and the counting rules
secondary, commitments, infrastructure, cornerstone, unverified, undisclosed.

`investor` and `recipient` hold entity ids. A link may name an entity by its name, short name or an alias in
any case (`?investor=mgx`, `?investor=SoftBank Group`); it is read as the entity's id. Investor filters select
the rows that have an investor of their own (participations and figures), never a deal as a whole: a round
joined by a Gulf fund is Gulf money only up to that fund's ticket."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from fundgap.analysis.entities import EntityIndex
from fundgap.analysis.rules import join
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr

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
# The data's region, country, flow-kind and status values in words, for the catalogue (a value not listed here
# shows as it is). The values themselves are public (URL, CSV) and stay as they are.
VALUE_WORDS = (
    N_("Canada"),
    N_("China"),
    N_("Europe"),
    N_("Gulf"),
    N_("Japan"),
    N_("Mixed"),
    N_("Rest of world"),
    N_("Singapore"),
    N_("United Kingdom"),
    N_("United States"),
    N_("World"),
    N_("Cayman Islands"),
    N_("GCC"),
    N_("Hong Kong"),
    N_("Kuwait"),
    N_("Norway"),
    N_("Oman"),
    N_("Qatar"),
    N_("Saudi Arabia"),
    N_("South Korea"),
    N_("United Arab Emirates"),
    N_("Australia"),
    N_("Austria"),
    N_("Belgium"),
    N_("France"),
    N_("Germany"),
    N_("India"),
    N_("Israel"),
    N_("Italy"),
    N_("Netherlands"),
    N_("Sweden"),
    N_("Switzerland"),
    N_("European Union"),
    # A country total's recipient, where the provider counts a part of a country.
    N_("China (GenAI companies)"),
    N_("Europe (GenAI companies)"),
    N_("United States (GenAI companies)"),
    N_("World (GenAI companies)"),
    N_("China and Europe combined (GenAI companies)"),
    N_("Rest of world (excluding the United States)"),
    N_("Chinese tech firms"),
    N_("aggregate claim"),
    N_("commitment"),
    N_("country total"),
    N_("cumulative investment"),
    N_("equity investment"),
    N_("equity round participation"),
    N_("equity tranche"),
    N_("infrastructure commitment"),
    N_("ipo cornerstone"),
    N_("ipo total"),
    N_("market value"),
    N_("negative finding"),
    N_("round total"),
    N_("secondary purchase"),
    N_("statement"),
    N_("REJECT"),
    N_("UNVERIFIED"),
    N_("VERIFIED"),
)


def value_text(value: str, lang: str = EN) -> str:
    """A data value in words: "secondary_purchase" -> "secondary purchase" ("老股转让" in Chinese)."""
    return tr(lang, value.replace("_", " "))


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

    def label(self, param: str, value: str, lang: str = EN) -> str:
        """What a reader sees for a value: an entity's display name, else the value in words."""
        if param in ENTITY_FILTERS and self.entities is not None:
            # the short name and aliases too, so that typing "QIA" finds it
            return self.entities.label(value, lang)
        if lang != EN and param != "status":
            return f"{value_text(value, lang)} · {value.replace('_', ' ')}"  # the English stays searchable
        return value_text(value, lang)


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
    # vehicles, and the words that say so ("Mubadala, incl. MGX (co-owned) and ATIC").
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

    def apply_to(self, figures: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
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

    def describe(self, lang: str = EN) -> str:
        """ "Gulf investors → China, 2024–2026" — the same words under every chart title and in exports."""
        if lang != EN:
            return self._describe_in(lang)
        investors = (
            self.investor_words
            or join(self.investor)
            or (f"{join(self.investor_region)} investors" if self.investor_region else "All investors")
        )
        if self.investor_country:
            investors += f" (from {join(self.investor_country)})"
        recipients = (
            self.recipient_words or join(self.recipient) or join(self.recipient_region) or "all recipients"
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
            parts.append(join(k.replace("_", " ") for k in self.kind))
        if self.status:
            parts.append(f"status {join(self.status)}")
        if self.rejected:
            parts.append("rejected reports shown")
        return ", ".join(parts)

    def _describe_in(self, lang: str) -> str:
        def words(values: Iterable[str]) -> str:
            return join((value_text(v, lang) for v in values), lang)

        investors = (
            self.investor_words
            or join(self.investor, lang)
            or (
                tr(lang, "{regions} investors").format(regions=words(self.investor_region))
                if self.investor_region
                else tr(lang, "All investors")
            )
        )
        if self.investor_country:
            investors += tr(lang, " (from {countries})").format(countries=words(self.investor_country))
        recipients = (
            self.recipient_words
            or join(self.recipient, lang)
            or words(self.recipient_region)
            or tr(lang, "all recipients")
        )
        parts = [f"{investors} → {recipients}"]
        if self.year_from and self.year_to:
            parts.append(tr(lang, "{years}").format(years=fmt.year_span(self.year_from, self.year_to, lang)))
        elif self.year_from:
            parts.append(tr(lang, "from {year}").format(year=self.year_from))
        elif self.year_to:
            parts.append(tr(lang, "to {year}").format(year=self.year_to))
        else:
            parts.append(tr(lang, "all years"))
        if self.kind:
            parts.append(words(self.kind))
        if self.status:
            parts.append(tr(lang, "status {statuses}").format(statuses=words(self.status)))
        if self.rejected:
            parts.append(tr(lang, "rejected reports shown"))
        return "，".join(parts)

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
