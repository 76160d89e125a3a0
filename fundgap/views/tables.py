"""Tables a reader checks against their sources, as markdown cells: every source is a link that opens in one
click or tap. In st.dataframe a link cell took two (the first only selected the cell; a phone has no hover to
arm it), so these tables are drawn by st.table, whose cells are markdown. Dataset text is escaped with
markdown_literal, never interpreted; a link is made only to an https address that cannot break out of its
brackets."""

from __future__ import annotations

import pandas as pd

from fundgap.analysis import urls
from fundgap.common import fmt
from fundgap.common.safety import is_https_url, markdown_literal
from fundgap.data.schema import SOURCE_LEVEL

LEVEL_WORDS = {1: "primary", 2: "wire", 3: "wire copy", 4: "secondary"}


def link(text: str, url: str) -> str:
    """A markdown link with `text` escaped, or the escaped text alone when `url` is not a safe https address
    (angle brackets hold the address, so parentheses in it are fine; spaces and brackets are not)."""
    label = markdown_literal(text)
    if not is_https_url(url) or any(c in url for c in "<> \n\t\\"):
        return label
    return f"[{label}](<{url}>)"


def level_of(level=None, grade=None) -> int | None:
    """A source's level in the source order, from its level (1-4) or its grade ("wire")."""
    if fmt.present(level) and int(level) in LEVEL_WORDS:
        return int(level)
    return SOURCE_LEVEL.get(str(grade)) if fmt.present(grade) else None


def source_cell(url, publisher, level=None) -> str:
    """ "[Bloomberg · level 2, wire](url)": the publisher and its level, linked to the source itself; without
    an https copy, the publisher and "no link archived"."""
    name = str(publisher) if fmt.present(publisher) else "unnamed source"
    number = level_of(level)
    text = f"{name} · level {number}, {LEVEL_WORDS[number]}" if number else name
    if not fmt.present(url) or not is_https_url(str(url)):
        return markdown_literal(f"{text} · no link archived")
    return link(text, str(url))


def card_href(figure_id: str, query: dict[str, list[str]]) -> str:
    """The address of a figure's card in the view it was opened from: the page's own query (filters, rules,
    version) with `figure` set, so the card opens over the same view, not the default one."""
    return urls.with_figure(query, figure_id)


# The columns of table_frame (fundgap.views.bundles) a reader sees, in the order a phone shows them: amount
# and source first, then date and which figure; the quote is in each row's card and in the downloads.
FIGURE_COLUMNS = (
    ("amount", "Amount (USD)"),
    ("estimate", "Model estimate (no source's figure)"),
    ("source_url", "Source"),
    ("date", "Date"),
    ("figure", "Figure"),
    ("figure_id", "Card"),
    ("round", "Round (whole deal)"),
    ("status", "Status"),
    ("counted", "Counted?"),
    ("flow_kind", "Kind"),
)


def figure_rows(frame: pd.DataFrame, query: dict[str, list[str]]) -> pd.DataFrame:
    """table_frame's rows as markdown cells for st.table: the source as a link, each row's card as a link
    that keeps the view. A column with nothing in it (no participation, so no round) is left out."""
    cells: dict[str, list[str]] = {}
    for column, header in FIGURE_COLUMNS:
        if column not in frame:
            continue
        if column == "source_url":
            levels = frame["source_level"] if "source_level" in frame else [None] * len(frame)
            cells[header] = [
                source_cell(u, p, lv)
                for u, p, lv in zip(frame["source_url"], frame["source_name"], levels, strict=True)
            ]
        elif column == "figure_id":
            cells[header] = [f"[open](<{card_href(i, query)}>)" for i in frame["figure_id"]]
        elif column == "round" and not any(fmt.present(v) and v for v in frame["round"]):
            continue
        else:
            cells[header] = [markdown_literal(v) if fmt.present(v) else "" for v in frame[column]]
    return pd.DataFrame(cells)


def release_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """bundles.release_frame's rows as markdown cells, the source linked: lab, model, date, openness first."""
    levels = frame["source_level"] if "source_level" in frame else [None] * len(frame)
    return pd.DataFrame(
        {
            "Lab": [markdown_literal(v) for v in frame["lab"]],
            "Model": [markdown_literal(v) for v in frame["model"]],
            "Source": [
                source_cell(u, p, lv)
                for u, p, lv in zip(frame["source_url"], frame["source_publisher"], levels, strict=True)
            ],
            "Released": [markdown_literal(v) for v in frame["date"]],
            "Openness": [markdown_literal(v) for v in frame["openness"]],
            "Parameters": [markdown_literal(v) for v in frame["parameters"]],
            "Status": [markdown_literal(v) for v in frame["status"]],
        }
    )


def source_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Every source (method.sources_with_counts), best level first, each linked: publisher and level, title,
    date, how many figures cite it, and its citation."""
    return pd.DataFrame(
        {
            "Source": [
                source_cell(u, p, level_of(grade=g))
                for u, p, g in zip(frame["url"], frame["publisher"], frame["grade"], strict=True)
            ],
            "Title": [markdown_literal(v) for v in frame["title"]],
            "Published": [markdown_literal(v) for v in frame["date_published"]],
            "Figures": [str(int(v)) for v in frame["figures"]],
            "Citation": [markdown_literal(v) for v in frame["citation"]],
        }
    )
