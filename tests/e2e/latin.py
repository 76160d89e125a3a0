"""Which Latin-script words on a Chinese page are untranslated English (issue 27's browser check).

A page at ?lang=zh may show Latin script only where it is not the product's own words: data (a lab's or
an investor's name, a source's title and publisher, a quote, a curated note, an id, a model name), a URL, a
number with its unit, or one of the few Latin terms that Chinese financial writing itself uses (AI, IPO, CSV).
Everything else is English that the code wrote and the catalogue did not translate.

The rule, applied to each visible text (a DOM text node, or one SVG <text> element of a chart with its lines
joined by spaces):
- data values that mix Chinese and Latin script are taken out whole; the rest is cut into pieces at every CJK
  character and at the product's separators (" · ", " → ", "; ");
- a piece is data when it is a whole data value, or a verbatim piece of one with two words or more (a source
  title wrapped over two lines of a chart, a citation split by a link); a single word is data only as a whole
  value, so "investors" inside a curated note never excuses an English "investors" label;
- a piece that is not data is cut at its commas (a list of names is names), and each part is checked as
  written, without its URLs, and without a parenthesis that holds no letters ("MiniMax (2026-01)");
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
    }
)
_CJK = re.compile(
    r"[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)
_SEPARATORS = re.compile(r"\s+·\s+|\s*→\s*|[;|]\s")
_COMMA = re.compile(r",\s")
_EDGES = " \t\n,.;:()（）[]\"'“”‘’·→—–-!?⚠…"
_URL = re.compile(
    r"https?://\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|cn|io|ai|gov|hk|de|jp|uk|co|info|news|tech|me|us|app"
    r"|dev|bz|edu|cc|ae|ru|es)\b(?:/\S*)?"
)
_TOKEN = re.compile(r"[A-Za-z0-9_'’-]+")
_WORD = re.compile(r"[A-Za-z'’-]+")
_NUMBERS_ONLY = re.compile(r"\([^A-Za-z()]*(?:\)|$)")  # "(2026-01)", or its end cut by the edge strip


@dataclass(frozen=True)
class Data:
    """Every text value of the dataset: whole values for single words, one blob for pieces, and the values
    that the cutting would split (Chinese and Latin script mixed, "digipub.cc (《中国企业家》 copy)", or a
    separator inside, "(Abu Dhabi; unnamed)"), taken out whole before a text is cut."""

    values: frozenset[str]
    blob: str
    mixed: tuple[str, ...]

    @classmethod
    def of(cls, values: Iterable[str]) -> Data:
        kept = frozenset(v.strip() for v in values if re.search("[A-Za-z]", v))
        mixed = sorted((v for v in kept if _CJK.search(v) or _SEPARATORS.search(v)), key=len, reverse=True)
        return cls(kept, "\n".join(sorted(kept)), tuple(mixed))

    def holds(self, run: str) -> bool:
        return run in self.values or (len(words_of(run)) >= 2 and run in self.blob)

    def without_mixed(self, text: str) -> str:
        if not re.search("[A-Za-z]", text):
            return text
        for value in self.mixed:
            if value in text:
                text = text.replace(value, " · ")
        return text


def dataset_values(data_dir: Path) -> Data:
    """The text of every column of every committed Parquet table (lists included)."""
    values: list[str] = []
    for path in sorted(data_dir.glob("*.parquet")):
        for column in pq.read_table(path).to_pydict().values():
            for cell in column:
                for value in cell if isinstance(cell, list) else [cell]:
                    if isinstance(value, str):
                        values.append(value)
    return Data.of(values)


def pieces(text: str) -> Iterator[str]:
    """The Latin-script pieces of a text, cut at Chinese characters and the product's separators."""
    for chunk in _CJK.split(text):
        for piece in _SEPARATORS.split(chunk):
            piece = piece.strip(_EDGES)
            if re.search("[A-Za-z]", piece):
                yield piece


def words_of(run: str) -> list[str]:
    return [t for t in _TOKEN.findall(run) if len(t) > 1 and _WORD.fullmatch(t)]


def untranslated(text: str, data: Data, allowed: frozenset[str] = ALLOWED) -> list[str]:
    """The English words of one visible text on a Chinese page, in order ([] when it has none)."""
    found: list[str] = []
    for piece in pieces(data.without_mixed(text)):
        if piece in allowed or data.holds(piece):
            continue
        for part in _COMMA.split(piece):  # a list of names is names
            found.extend(_english(part.strip(_EDGES), data, allowed))
    return found


def _english(part: str, data: Data, allowed: frozenset[str]) -> list[str]:
    # As written, then without its URLs, then without a parenthesis of numbers ("MiniMax (2026-01)").
    for candidate in (part, _URL.sub(" ", part).strip(_EDGES)):
        if not words_of(candidate) or candidate in allowed or data.holds(candidate):
            return []
    part = _NUMBERS_ONLY.sub(" ", _URL.sub(" ", part)).strip(_EDGES)
    if part in allowed or data.holds(part):
        return []
    return [w for w in words_of(part) if w not in allowed]
