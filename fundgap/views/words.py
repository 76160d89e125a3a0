"""The words of each page, kept as metadata beside the code (as OWID keeps *.meta.yml beside each step):
`views/meta/<page>.meta.yml` holds the page's title and intro, its named text blocks, and each chart's title,
unit and alt text. Project-written markdown only: dataset text never goes in there."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

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
def page(slug: str) -> PageWords:
    """One page's words, read once per process."""
    raw: dict[str, Any] = yaml.safe_load((META_DIR / f"{slug}.meta.yml").read_text(encoding="utf-8"))
    charts = {
        name: page(spec["same_as"]).charts[name] if "same_as" in spec else ChartWords(**spec)
        for name, spec in (raw.get("charts") or {}).items()
    }
    return PageWords(slug, raw["title"], raw.get("intro", ""), raw.get("texts") or {}, charts)


def chart(slug: str, name: str, **values: str) -> ChartWords:
    """A chart's words, with `{placeholders}` in its title and alt text filled from `values`."""
    words = page(slug).charts[name]
    return ChartWords(words.title.format(**values), words.unit, words.alt.format(**values), words.drawn_with)


def slugs() -> list[str]:
    return sorted(path.name.removesuffix(".meta.yml") for path in META_DIR.glob("*.meta.yml"))
