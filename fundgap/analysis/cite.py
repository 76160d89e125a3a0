"""One figure, one address: the card a permalink opens and its citation as plain text, BibTeX and CSL-JSON.

The citation names the original producer first (what OWID learned its users need), then fundgap, the dataset
version and the permalink, so a published link reproduces the numbers it showed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from fundgap.analysis.aggregate import not_counted_reasons, reason_text
from fundgap.analysis.rules import card_variants
from fundgap.analysis.view import View
from fundgap.common import fmt
from fundgap.common.i18n import EN, N_, tr
from fundgap.data import schema

DASHBOARD = N_("fundgap: AI funding-gap dashboard")


@dataclass(frozen=True)
class FigureCard:
    row: pd.Series
    asked_for: str  # the id in the link (an old figure id resolves to the row that replaced it)
    conflicts: pd.DataFrame
    deal_chain: tuple[str, ...]  # the deals it belongs to, innermost first
    counting: tuple[tuple[str, str], ...]  # (rule set, "counted" or the reason it is not)
    in_view: str  # the verdict the reader's table gives, under the view's filters and rules

    @property
    def figure_id(self) -> str:
        return str(self.row["figure_id"])


def find_figure(figures: pd.DataFrame, wanted: str) -> pd.Series | None:
    """The row with this id, or the row whose legacy_figure_id it is; None when nothing has it."""
    hit = figures[figures["figure_id"] == wanted]
    if hit.empty and "legacy_figure_id" in figures:
        hit = figures[figures["legacy_figure_id"] == wanted]
    return hit.iloc[0] if len(hit) else None


def figure_card(
    figures: pd.DataFrame, conflicts: pd.DataFrame, wanted: str, view: View | None = None
) -> FigureCard | None:
    """The card of figure `wanted`, its words in the view's language."""
    lang = view.lang if view is not None else EN
    row = find_figure(figures, wanted)
    if row is None:
        return None
    figure_id = row["figure_id"]
    mentioned = conflicts[
        [
            figure_id in _ids(t) or figure_id in _ids(r)
            for t, r in zip(conflicts["trusted_figure_ids"], conflicts["rejected_figure_ids"], strict=True)
        ]
    ]
    chain: list[str] = []
    parent = row.get("part_of")
    by_id = figures.set_index("figure_id")["part_of"]
    while fmt.present(parent) and parent not in chain and len(chain) < 6:
        chain.append(str(parent))
        parent = by_id.get(parent)
    counting = []
    for label, rules in card_variants(lang):
        reason = not_counted_reasons(figures, rules)[row.name]
        counting.append((label, _verdict(reason, lang)))
    return FigureCard(
        row, wanted, mentioned, tuple(chain), tuple(counting), verdict_in_view(figures, row, view)
    )


def verdict_in_view(figures: pd.DataFrame, row: pd.Series, view: View | None) -> str:
    """The counting verdict the Data table shows for this row under the reader's view: counted among the rows
    the filters keep, under the view's rules (an investor filter keeps a participation without its round, so
    the ticket counts there although the whole round counts in the full table)."""
    view = view or View()
    shown = view.filters.apply(figures)
    lang = view.lang
    if row.name not in shown.index:
        reason = not_counted_reasons(figures, view.rules)[row.name]
        where = tr(lang, "not among the rows this view's filters keep; in the whole table")
    else:
        reason = not_counted_reasons(shown, view.rules)[row.name]
        where = tr(lang, "in this view, as its table says")
    return tr(lang, "{where}: {verdict}").format(where=where, verdict=_verdict(reason, lang))


def _verdict(reason: str, lang: str) -> str:
    """ "counted", or "not counted: " and the reason."""
    if not reason:
        return tr(lang, "counted")
    return tr(lang, "not counted: {reason}").format(reason=reason_text(reason, lang))


def card_title(row: pd.Series, lang: str = EN) -> str:
    """ "HUMAIN → xAI, $3B (reported 18 Feb 2026)": the figure as a sentence; its id goes in small print."""
    if not fmt.present(row.get("source_date_published")):
        return tr(lang, "{investor} → {recipient}, {amount}").format(
            investor=row["investor"], recipient=row["recipient"], amount=amount_text(row, lang)
        )
    return tr(lang, "{investor} → {recipient}, {amount} (reported {date})").format(
        investor=row["investor"],
        recipient=row["recipient"],
        amount=amount_text(row, lang),
        date=fmt.date_text(row.get("source_date_published"), lang),
    )


def _ids(values: Iterable[str] | None) -> list[str]:
    return list(values) if values is not None else []


def amount_text(row: pd.Series, lang: str = EN) -> str:
    return fmt.amount_label(
        row["amount_usd"], row["amount_low_usd"], row["amount_high_usd"], str(row["amount_kind"]), lang
    )


def _year(row: pd.Series) -> str:
    date = row.get("source_date_published")
    return str(date)[:4] if fmt.present(date) else "n.d."


def plain_citation(row: pd.Series, version: str, link: str, lang: str = EN) -> str:
    producer = row["source_publisher"] if fmt.present(row.get("source_publisher")) else "Unknown publisher"
    title = row["source_title"] if fmt.present(row.get("source_title")) else "untitled"
    where = f", {row['source_url']}" if fmt.present(row.get("source_url")) else ""
    if lang != EN:
        # The source's own title and publisher stay in their language; fundgap's words are translated.
        return tr(
            lang,
            "{producer}, “{title}”, {year}{where}. Figure {figure} ({investor} → {recipient}, {amount}), "
            "via {dashboard}, dataset version {version}, {link}.",
        ).format(
            producer=producer,
            title=title,
            year=_year(row),
            where=where,
            link=link,
            **_figure_fields(row, version, lang),
        )
    return (
        f"{producer}, \u201c{title}\u201d, {_year(row)}{where}. "
        f"Figure {row['figure_id']} ({row['investor']} \u2192 {row['recipient']}, {amount_text(row)}), "
        f"via {DASHBOARD}, "
        f"dataset version {version}, {link}."
    )


def _bibtex_text(value: str) -> str:
    # Braces balanced and TeX specials escaped, so the entry parses whatever the source's title holds.
    value = value.replace("\\", "\\textbackslash{}")
    value = re.sub(
        r"([{}%&$#_^~])",
        lambda m: "\\" + m.group(1) if m.group(1) not in "^~" else "\\" + m.group(1) + "{}",
        value,
    )
    return value


def _note(row: pd.Series, version: str, lang: str) -> str:
    """The citation's note in `lang`: "Figure F: A → B, $X. Via fundgap…, dataset version V"."""
    return tr(
        lang,
        "Figure {figure}: {investor} → {recipient}, {amount}. Via {dashboard}, dataset version {version}",
    ).format(**_figure_fields(row, version, lang))


def _figure_fields(row: pd.Series, version: str, lang: str) -> dict[str, str]:
    """What every citation text names of the figure, in `lang`: its id, parties, amount, the dashboard, the
    version."""
    return {
        "figure": str(row["figure_id"]),
        "investor": str(row["investor"]),
        "recipient": str(row["recipient"]),
        "amount": amount_text(row, lang),
        "dashboard": tr(lang, DASHBOARD),
        "version": version,
    }


def bibtex_citation(row: pd.Series, version: str, link: str, lang: str = EN) -> str:
    key = re.sub(r"[^A-Za-z0-9]", "", f"fundgap{row['figure_id']}{version}")[:60]
    fields = {
        "author": "{" + _bibtex_text(str(row.get("source_publisher") or "Unknown publisher")) + "}",
        "title": _bibtex_text(str(row.get("source_title") or "untitled")),
        "year": _year(row),
        "howpublished": "\\url{" + str(row["source_url"]) + "}" if fmt.present(row.get("source_url")) else "",
        "note": _bibtex_text(
            f"Figure {row['figure_id']}: {row['investor']} \u2192 {row['recipient']}, {amount_text(row)}. "
            f"Via {DASHBOARD}, dataset version {version}"
            if lang == EN
            else _note(row, version, lang)
        )
        + ", \\url{"
        + link
        + "}",
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{key},\n{body}\n}}"


def csl_citation(row: pd.Series, version: str, link: str, lang: str = EN) -> str:
    item = {
        "id": f"fundgap-{row['figure_id']}-{version}",
        "type": "article-newspaper" if row.get("source_grade") in ("wire", "wire_copy") else "webpage",
        "title": str(row.get("source_title") or "untitled"),
        "author": [{"literal": str(row.get("source_publisher") or "Unknown publisher")}],
        "URL": str(row["source_url"]) if fmt.present(row.get("source_url")) else None,
        "issued": {
            "date-parts": [[int(p) for p in str(row["source_date_published"]).split("-") if p.isdigit()]]
        }
        if fmt.present(row.get("source_date_published")) and str(row["source_date_published"])[:4].isdigit()
        else None,
        "note": f"Figure {row['figure_id']}: {row['investor']} \u2192 {row['recipient']}, "
        f"{amount_text(row)}. Via {DASHBOARD}, "
        f"dataset version {version}, {link}"
        if lang == EN
        else f"{_note(row, version, lang)}, {link}",
        "version": version,
    }
    return json.dumps([{k: v for k, v in item.items() if v is not None}], ensure_ascii=False, indent=2)


def source_level_text(row: pd.Series, lang: str = EN) -> str:
    level = schema.SOURCE_LEVEL.get(str(row.get("source_grade")))
    if lang != EN:
        return (
            tr(lang, "level {level}, {name}").format(level=level, name=tr(lang, schema.LEVEL_NAMES[level]))
            if level
            else tr(lang, "level unknown")
        )
    return f"level {level}, {schema.LEVEL_NAMES[level]}" if level else "level unknown"
