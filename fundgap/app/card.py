"""A figure's card, opened by ?figure=<id> on any page: everything about one figure and how to cite it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from fundgap.analysis import cite, urls
from fundgap.analysis.view import View
from fundgap.app.address import browser_url
from fundgap.common import fmt
from fundgap.common.safety import markdown_literal
from fundgap.data.load import Dataset


@st.cache_resource(show_spinner=False, max_entries=64)
def _card(version: str, wanted: str, view_key: str, _data: Dataset, _view: View) -> cite.FigureCard | None:
    # Counting the figure under several rule sets walks the whole table: once per version, id and view.
    return cite.figure_card(_data.figures, _data.conflicts, wanted, _view)


def figure_card(data: Dataset, wanted: str, on_close: Callable[[], None], current: View) -> None:
    card = _card(data.version, wanted, urls.query_string(current.to_query()), data, current)
    if card is None:
        st.warning(
            f"No figure, deal or participation has the id {markdown_literal(repr(wanted))} in dataset "
            "version "
            f"{data.version}. The page below is shown without it; the Data page lists every id.",
            icon=":material/search_off:",
        )
        st.button("Close", key="close_figure_missing", on_click=on_close)
        return
    row, link = card.row, urls.figure(card.figure_id, data.version, browser_url() or urls.DEFAULT_ORIGIN)
    with st.container(border=True, key="figure_card"):
        st.subheader(markdown_literal(cite.card_title(row)))
        asked = (
            ""
            if card.asked_for == card.figure_id
            else f" (the link asked for {card.asked_for}, which it replaced)"
        )
        st.caption(markdown_literal(f"id {card.figure_id}{asked}"))
        lines = [
            f"Stated as: {str(row['amount_kind']).replace('_', ' ')}",
            f"Date of the {'deal' if row.get('record_type') != 'figure' else 'figure'}: "
            f"{fmt.date_text(row['period_start'])}"
            + (f" to {fmt.date_text(row['period_end'])}" if fmt.present(row.get("period_end")) else ""),
            f"Reported: {fmt.date_text(row.get('source_date_published'))} by {row['source_publisher']}",
            f"Status: {fmt.status_text(row['status'], row.get('caveat'))}",
            f"Source: {row['source_publisher']} ({cite.source_level_text(row)})",
            f"Counted? {card.in_view}",
        ]
        if card.deal_chain:
            lines.append("Part of: " + " → ".join(card.deal_chain))
        lines += [f"Under the {label}, in the whole table: {verdict}" for label, verdict in card.counting]
        lines += [
            f"Conflict {c.conflict_id} · {c.topic}: {c.resolution}"
            for c in card.conflicts.itertuples(index=False)
        ]
        st.caption("  \n".join(markdown_literal(line) for line in lines))
        parties = []
        if fmt.present(row.get("investor_id")):
            investor = View(replace(current.filters, investor=(str(row["investor_id"]),)), current.rules)
            parties.append(
                f"[Every deal of {markdown_literal(row['investor'])}]({urls.relative('investors', investor)})"
            )
        if fmt.present(row.get("recipient_id")):
            lab = View(replace(current.filters, recipient=(str(row["recipient_id"]),)), current.rules)
            parties.append(
                f"[{markdown_literal(row['recipient'])} on the Labs page]({urls.relative('labs', lab)})"
            )
        if parties:
            st.markdown(" · ".join(parties))
        if fmt.present(row.get("quote")):
            st.markdown("> " + markdown_literal(row["quote"]))
        if fmt.present(row.get("quote_translation")):
            st.caption("Translation: " + markdown_literal(row["quote_translation"]))
        if fmt.present(row.get("source_url")):
            st.link_button("Open the source", row["source_url"], icon=":material/open_in_new:")
        st.markdown("**Cite this figure**")
        plain, bibtex, csl = st.tabs(["Plain text", "BibTeX", "CSL-JSON"])
        plain.code(cite.plain_citation(row, data.version, link), language=None, wrap_lines=True)
        bibtex.code(cite.bibtex_citation(row, data.version, link), language="latex", wrap_lines=True)
        csl.code(cite.csl_citation(row, data.version, link), language="json", wrap_lines=True)
        st.caption(f"Permalink (this figure in dataset version {data.version}): {link}")
        st.button("Close this card", key="close_figure", on_click=on_close, icon=":material/close:")
