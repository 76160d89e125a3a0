"""The words of each page, kept as metadata beside the code (as OWID keeps *.meta.yml beside each step):
`views/meta/<page>.meta.yml` holds the page's title and intro, its named text blocks, and each chart's title,
unit and alt text. Project-written markdown only: dataset text never goes in there."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import IO, Any

import yaml

from fundgap.common.i18n import EN, tr

META_DIR = Path(__file__).with_name("meta")


@dataclass(frozen=True)
class ChartWords:
    title: str
    unit: str
    alt: str
    drawn_with: dict[str, list[str]] = field(default_factory=dict)  # the URL query under which it is drawn


@dataclass(frozen=True)
class PageWords:
    slug: str
    title: str
    intro: str
    texts: dict[str, str]
    charts: dict[str, ChartWords]

    def text(self, name: str) -> str:
        return self.texts[name]


@cache
def page(slug: str, lang: str = EN) -> PageWords:
    """One page's words in `lang`, read once per process and language."""
    if lang != EN:
        return _translated(page(slug), lang)
    raw: dict[str, Any] = yaml.safe_load((META_DIR / f"{slug}.meta.yml").read_text(encoding="utf-8"))
    charts = {
        name: page(spec["same_as"]).charts[name] if "same_as" in spec else ChartWords(**spec)
        for name, spec in (raw.get("charts") or {}).items()
    }
    return PageWords(slug, raw["title"], raw.get("intro", ""), raw.get("texts") or {}, charts)


def _translated(words: PageWords, lang: str) -> PageWords:
    return PageWords(
        words.slug,
        tr(lang, words.title),
        tr(lang, words.intro),
        {name: tr(lang, text) for name, text in words.texts.items()},
        {
            name: replace(c, title=tr(lang, c.title), unit=tr(lang, c.unit), alt=tr(lang, c.alt))
            for name, c in words.charts.items()
        },
    )


def chart(slug: str, name: str, lang: str = EN, **values: str) -> ChartWords:
    """A chart's words in `lang`, with `{placeholders}` in its title and alt text filled from `values`."""
    words = page(slug, lang).charts[name]
    return ChartWords(words.title.format(**values), words.unit, words.alt.format(**values), words.drawn_with)


def slugs() -> list[str]:
    return sorted(path.name.removesuffix(".meta.yml") for path in META_DIR.glob("*.meta.yml"))


def extract_meta(
    fileobj: IO[bytes], keywords: object, comment_tags: object, options: object
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel extraction method for *.meta.yml (babel.cfg names it): every title, intro, text and chart word is
    a message, with the YAML key path as the translator's comment."""
    text = fileobj.read().decode("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text) or {}
    lines = text.splitlines()

    def line_of(key: str) -> int:
        return next((i + 1 for i, line in enumerate(lines) if line.strip().startswith(f"{key}:")), 0)

    found: list[tuple[str, str]] = [("title", raw.get("title", "")), ("intro", raw.get("intro", ""))]
    found += [(f"texts.{name}", value) for name, value in (raw.get("texts") or {}).items()]
    for name, spec in (raw.get("charts") or {}).items():
        found += [(f"charts.{name}.{key}", spec.get(key, "")) for key in ("title", "unit", "alt")]
    for path, message in found:
        if isinstance(message, str) and message:
            yield line_of(path.split(".")[-1]), "N_", message, [path]
