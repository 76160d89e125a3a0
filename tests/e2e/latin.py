"""Which Latin-script words on a Chinese page are untranslated English (issue 27's browser check).

A page at ?lang=zh may show Latin script only where it is not the product's own words: data (a lab's or
an investor's name, a source's title and publisher, a quote, a curated note, an id, a model name), a URL, a
number with its unit, or one of the few Latin terms that Chinese financial writing itself uses (AI, IPO, CSV).
Everything else is English that the code wrote and the catalogue did not translate.

The rule, applied to each visible text (a DOM text node, or one SVG <text> element of a chart with its lines
joined by spaces):
- data values that mix Chinese and Latin script are taken out whole; the rest is cut into pieces at every CJK
  character and at the product's separators (" · ", " → ", "; ");
- a piece is data when it is a whole data value (one word only when written as a name: "OpenAI", not
  "about"), or a verbatim piece of one with three words or more (a source title wrapped over two lines, a
  citation split by a link); so "investors" or "Gulf investors" inside a curated note never excuses the
  same English words in a label;
- the code's vocabulary stored in the data (kinds, statuses, regions, countries, roles) is not data: the
  product names it in the reader's language;
- a piece that is not data is cut at its commas (a list of names is names), and each part is checked as
  written, without its URLs and file names, and without numbers ("MiniMax (2026-01)", "OpenAI 1724亿美元");
- what is left counts, word by word: tokens with a digit or an underscore (ids, versions, "7B") and single
  letters (a formula's "n") are not words."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

# Latin terms that Chinese financial and technical writing uses as they are, and the language switch's
# "English" and "Language" (each language names itself there, so a reader in the wrong one can find theirs).
ALLOWED = frozenset(
    {
        "AI",
        "AI Index",
        "API",
        "IPO",
        "CSV",
        "ZIP",
        "Parquet",
        "BibTeX",
        "URL",
        "CSL-JSON",
        "https",
        "HK$",
        "US$",
        "fundgap",
        "English",
        "Language",
        # Data providers the pages name in their Chinese text, as Chinese reports name them.
        "Quid",
        "Preqin",
        "OECD",
        "AIPRM",
        "PitchBook",
        "GlobalData",
        "Crunchbase",
    }
)
_CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)
_SEPARATORS = re.compile(r"\s+·\s+|\s*→\s*|[;|]\s")
_COMMA = re.compile(r",\s")
_EDGES = " \t\n,.;:（）[]\"'“”‘’·→—–-!?⚠…"  # and unbalanced parentheses (_trim)
_URL = re.compile(
    r"https?://\S+|\b[\w/.-]+\.(?:md|csv|parquet|json|zip|py)\b|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|cn|io|ai|gov|hk|de|jp|uk|co|info|news|tech|me|us|app"
    r"|dev|bz|edu|cc|ae|ru|es)\b(?:/\S*)?"
)
_TOKEN = re.compile(r"[A-Za-z0-9_'’-]+")
_WORD = re.compile(r"[A-Za-z'’-]+")
_NUMBERS_ONLY = re.compile(r"\([^A-Za-z()]*\)")  # "(2026-01)"
_NUMBERS = re.compile(r"(?<!\S)[\d.,+%$–-]+(?!\S)")  # "OpenAI 1724" (亿美元 follows)


@dataclass(frozen=True)
class Data:
    """Every text value of the dataset: whole values for single words, one blob for pieces, and the values
    that the cutting would split (Chinese and Latin script mixed, "digipub.cc (《中国企业家》 copy)", or a
    separator inside, "(Abu Dhabi; unnamed)"), taken out whole before a text is cut."""

    values: frozenset[str]
    blob: str
    mixed: tuple[str, ...]
    vocabulary: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def of(cls, values: Iterable[str], vocabulary: Iterable[str] = (), names: Iterable[str] = ()) -> Data:
        words = frozenset(vocabulary)
        kept = frozenset(v.strip() for v in values if re.search("[A-Za-z]", v)) - words
        cut = (v for v in kept if _CJK.search(v) or _SEPARATORS.search(v) or _COMMA.search(v))
        return cls(
            kept, "\n".join(sorted(kept)), tuple(sorted(cut, key=len, reverse=True)), words, frozenset(names)
        )

    def holds(self, run: str) -> bool:
        if run in self.vocabulary:  # "United States" is in many a title, and still the product's to name
            return False
        count = len(run.split())  # "abab6.5 and abab6.5s" is three, though only "and" is a word
        if count >= 3:
            return run in self.blob
        # One word is data as a name ("neuriflux", a publisher), or as a whole value written as one (xAI):
        # "about" is a data value too (a valuation note), and an English word all the same.
        return run in self.names or (run in self.values and (count == 2 or not run.islower()))

    def without_mixed(self, text: str) -> str:
        if not re.search("[A-Za-z]", text):
            return text
        for value in self.mixed:
            if value in text:
                text = text.replace(value, " · ")
        return text


# Columns whose values are the code's own vocabulary (a kind, a status, a region, a role): the product names
# them in the reader's language, so they are not data here.
VOCABULARY = frozenset(
    {
        "amount_kind",
        "claim_relation",
        "compared_investor_region",
        "country",
        "currency_original",
        "date_precision",
        "deal_amount_kind",
        "deal_kind",
        "flow_kind",
        "grade",
        "headline",
        "investor_country",
        "investor_region",
        "investor_type",
        "kind",
        "lab_region",
        "openness",
        "recipient_country",
        "recipient_region",
        "record_type",
        "region",
        "role",
        "source_grade",
        "status",
        "text_held",
        "ticket_kind",
        "verdict",
    }
)


# Columns of proper names: one lower-case word there is a name ("neuriflux", "banandre.com blog").
NAMES = frozenset(
    {"name", "short_name", "aliases", "publisher", "source_publisher", "model", "licence", "provider"}
    | {"investor", "recipient", "lab", "name_zh"}
)


def dataset_values(data_dir: Path) -> Data:
    """The text of every column of every committed Parquet table (lists included), but the vocabulary,
    wherever it stands (a country is also the recipient of a country total)."""
    values: set[str] = set()
    vocabulary: set[str] = set()
    names: set[str] = set()
    for path in sorted(data_dir.glob("*.parquet")):
        for name, column in pq.read_table(path).to_pydict().items():
            kept = vocabulary if name in VOCABULARY else values
            for cell in column:
                cell_values = [v for v in (cell if isinstance(cell, list) else [cell]) if isinstance(v, str)]
                kept.update(cell_values)
                if name in NAMES:
                    names.update(cell_values)
    return Data.of(values, vocabulary, names - vocabulary)


def pieces(text: str) -> Iterator[str]:
    """The Latin-script pieces of a text, cut at Chinese characters and the product's separators."""
    for chunk in _CJK.split(text):
        for piece in _SEPARATORS.split(chunk):
            piece = _trim(piece)
            if re.search("[A-Za-z]", piece):
                yield piece


def _trim(piece: str) -> str:
    """Punctuation off both ends, and a parenthesis there only when it has no partner inside: "(GLM-4
    licence (custom))" -> "GLM-4 licence (custom)", "MiniMax (2026-01)" stays."""
    while True:
        before = piece
        piece = piece.strip(_EDGES)
        if piece.startswith("(") and piece.count("(") > piece.count(")") or piece.startswith(")"):
            piece = piece[1:]
        if piece.endswith("(") or piece.endswith(")") and piece.count(")") > piece.count("("):
            piece = piece[:-1]
        if piece.startswith("(") and piece.endswith(")") and _balanced(piece[1:-1]):
            piece = piece[1:-1]
        if piece == before:
            return piece


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def words_of(run: str) -> list[str]:
    return [t for t in _TOKEN.findall(run) if len(t) > 1 and _WORD.fullmatch(t)]


def untranslated(text: str, data: Data, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """The English words of one visible text on a Chinese page, in order ([] when it has none)."""
    found: list[str] = []
    for piece in pieces(data.without_mixed(text)):
        if piece in allowed or data.holds(piece):
            continue
        for part in _COMMA.split(piece):  # a list of names is names
            found.extend(_english(_trim(part), data, allowed))
    return found


def _english(part: str, data: Data, allowed: frozenset[str]) -> list[str]:
    # As written, then without its URLs, then without a parenthesis of numbers ("MiniMax (2026-01)").
    for candidate in (part, _trim(_URL.sub(" ", part))):
        if not words_of(candidate) or candidate in allowed or data.holds(candidate):
            return []
    part = _trim(_NUMBERS.sub(" ", _NUMBERS_ONLY.sub(" ", _URL.sub(" ", part))))
    if part in allowed or data.holds(part):
        return []
    return [w for w in words_of(part) if w not in allowed]
