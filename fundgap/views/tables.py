"""Tables a reader checks against their sources, as markdown cells: every source is a link that opens in one
click or tap. In st.dataframe a link cell took two (the first only selected the cell; a phone has no hover to
arm it), so these tables are drawn by st.table, whose cells are markdown. Dataset text is escaped with
markdown_literal, never interpreted; a link is made only to an https address that cannot break out of its
brackets."""

from __future__ import annotations

import pandas as pd

from fundgap.analysis import urls
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.common.safety import is_https_url, markdown_literal
from fundgap.data.schema import SOURCE_LEVEL

LEVEL_WORDS = {1: N_("primary"), 2: N_("wire"), 3: N_("wire copy"), 4: N_("secondary")}


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


def source_cell(url, publisher, level=None, lang: str = EN) -> str:
    """ "[Bloomberg · level 2, wire](url)": the publisher and its level, linked to the source itself; without
    an https copy, the publisher and "no link archived"."""
    name = str(publisher) if fmt.present(publisher) else tr(lang, "unnamed source")
    number = level_of(level)
    text = (
        tr(lang, "{name} · level {number}, {level}").format(
            name=name, number=number, level=tr(lang, LEVEL_WORDS[number])
        )
        if number
        else name
    )
    if not fmt.present(url) or not is_https_url(str(url)):
        return markdown_literal(tr(lang, "{source} · no link archived").format(source=text))
    return link(text, str(url))


def card_href(figure_id: str, query: dict[str, list[str]]) -> str:
    """The address of a figure's card in the view it was opened from: the page's own query (filters, rules,
    version) with `figure` set, so the card opens over the same view, not the default one."""
    return urls.with_figure(query, figure_id)


# The columns of table_frame (fundgap.views.bundles) a reader sees, in the order a phone shows them: amount
# and source first, then date and which figure; the quote is in each row's card and in the downloads.
FIGURE_COLUMNS = (
    ("amount", N_("Amount (USD)")),
    ("estimate", N_("Model estimate (no source's figure)")),
    ("source_url", N_("Source")),
    ("date", N_("Date")),
    ("figure", N_("Figure")),
    ("figure_id", N_("Card")),
    ("round", N_("Round (whole deal)")),
    ("status", N_("Status")),
    ("counted", N_("Counted?")),
    ("flow_kind", N_("Kind")),
)


def figure_rows(frame: pd.DataFrame, query: dict[str, list[str]], lang: str = EN) -> pd.DataFrame:
    """table_frame's rows as markdown cells for st.table: the source as a link, each row's card as a link
    that keeps the view. A column with nothing in it (no participation, so no round) is left out."""
    cells: dict[str, list[str]] = {}
    for column, english in FIGURE_COLUMNS:
        header = tr(lang, english)
        if column not in frame:
            continue
        if column == "source_url":
            levels = frame["source_level"] if "source_level" in frame else [None] * len(frame)
            cells[header] = [
                source_cell(u, p, lv, lang)
                for u, p, lv in zip(frame["source_url"], frame["source_name"], levels, strict=True)
            ]
        elif column == "figure_id":
            opened = tr(lang, "open")
            cells[header] = [f"[{opened}](<{card_href(i, query)}>)" for i in frame["figure_id"]]
        elif column == "round" and not any(fmt.present(v) and v for v in frame["round"]):
            continue
        else:
            cells[header] = [markdown_literal(v) if fmt.present(v) else "" for v in frame[column]]
    return pd.DataFrame(cells)


def release_rows(frame: pd.DataFrame, lang: str = EN) -> pd.DataFrame:
    """bundles.release_frame's rows as markdown cells, the source linked: lab, model, date, openness first."""
    levels = frame["source_level"] if "source_level" in frame else [None] * len(frame)
    return pd.DataFrame(
        {
            tr(lang, "Lab"): [markdown_literal(v) for v in frame["lab"]],
            tr(lang, "Model"): [markdown_literal(v) for v in frame["model"]],
            tr(lang, "Source"): [
                source_cell(u, p, lv, lang)
                for u, p, lv in zip(frame["source_url"], frame["source_publisher"], levels, strict=True)
            ],
            tr(lang, "Released"): [markdown_literal(v) for v in frame["date"]],
            tr(lang, "Openness"): [markdown_literal(tr(lang, v)) for v in frame["openness"]],
            tr(lang, "Parameters"): [markdown_literal(v) for v in frame["parameters"]],
            tr(lang, "Status"): [markdown_literal(tr(lang, v)) for v in frame["status"]],
        }
    )


def source_rows(frame: pd.DataFrame, lang: str = EN) -> pd.DataFrame:
    """Every source (method.sources_with_counts), best level first, each linked: publisher and level, title,
    date, how many figures cite it, and its citation."""
    return pd.DataFrame(
        {
            tr(lang, "Source"): [
                source_cell(u, p, level_of(grade=g), lang)
                for u, p, g in zip(frame["url"], frame["publisher"], frame["grade"], strict=True)
            ],
            tr(lang, "Title"): [markdown_literal(v) for v in frame["title"]],
            _unbroken(tr(lang, "Published"), lang): [
                markdown_literal(
                    v
                    if lang == EN
                    else _unbroken(v if v == tr(lang, "undated") else fmt.date_text(v, lang), lang)
                )
                for v in frame["date_published"]
            ],
            _unbroken(tr(lang, "Figures"), lang): [str(int(v)) for v in frame["figures"]],
            tr(lang, "Citation"): [markdown_literal(v) for v in frame["citation"]],
        }
    )


WORD_JOINER = "\u2060"


def _unbroken(header: str, lang: str) -> str:
    """A short Chinese header or date kept on one line: a browser may break Chinese between any two
    characters, and in the narrow column of dates "发布日期" and "2023年9月25日" stood one character a line.
    English is unchanged."""
    return header if lang == EN else WORD_JOINER.join(header)
