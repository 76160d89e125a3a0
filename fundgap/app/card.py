"""A figure's card, opened by ?figure=<id> on any page: everything about one figure and how to cite it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from fundgap.analysis import cite, urls
from fundgap.analysis.view import View
from fundgap.app.address import browser_url
from fundgap.app.loading import named_in
from fundgap.common import fmt
from fundgap.common.i18n import tr
from fundgap.common.safety import markdown_literal
from fundgap.data.load import Dataset


@st.cache_resource(show_spinner=False, max_entries=64)
def _card(version: str, wanted: str, view_key: str, _data: Dataset, _view: View) -> cite.FigureCard | None:
    # Counting the figure under several rule sets walks the whole table: once per version, id and view.
    return cite.figure_card(_data.figures, _data.conflicts, wanted, _view)


def figure_card(data: Dataset, wanted: str, on_close: Callable[[], None], current: View) -> None:
    lang = current.lang
    # The card names its investor and recipient in the reader's language, as the tables do (name_zh).
    card = _card(data.version, wanted, urls.query_string(current.to_query()), named_in(data, lang), current)
    if card is None:
        st.warning(
            tr(
                lang,
                "No figure, deal or participation has the id {id} in dataset version {version}. The page "
                "below is shown without it; the Data page lists every id.",
            ).format(id=markdown_literal(repr(wanted)), version=data.version),
            icon=":material/search_off:",
        )
        st.button(tr(lang, "Close"), key="close_figure_missing", on_click=on_close)
        return
    row = card.row
    link = urls.figure(card.figure_id, data.version, browser_url() or urls.DEFAULT_ORIGIN, lang)
    with st.container(border=True, key="figure_card"):
        st.subheader(markdown_literal(cite.card_title(row, lang)))
        asked = (
            ""
            if card.asked_for == card.figure_id
            else tr(lang, " (the link asked for {asked}, which it replaced)").format(asked=card.asked_for)
        )
        st.caption(markdown_literal(tr(lang, "id {id}").format(id=card.figure_id) + asked))
        period = fmt.date_text(row["period_start"], lang) + (
            tr(lang, " to {date}").format(date=fmt.date_text(row["period_end"], lang))
            if fmt.present(row.get("period_end"))
            else ""
        )
        lines = [
            tr(lang, "Stated as: {kind}").format(kind=fmt.amount_kind_text(row["amount_kind"], lang)),
            (
                tr(lang, "Date of the deal: {date}")
                if row.get("record_type") != "figure"
                else tr(lang, "Date of the figure: {date}")
            ).format(date=period),
            tr(lang, "Reported: {date} by {publisher}").format(
                date=fmt.date_text(row.get("source_date_published"), lang), publisher=row["source_publisher"]
            ),
            tr(lang, "Status: {status}").format(
                status=fmt.status_text(row["status"], row.get("caveat"), lang)
            ),
            tr(lang, "Source: {publisher} ({level})").format(
                publisher=row["source_publisher"], level=cite.source_level_text(row, lang)
            ),
            tr(lang, "Counted? {verdict}").format(verdict=card.in_view),
        ]
        if card.deal_chain:
            lines.append(tr(lang, "Part of: {chain}").format(chain=" → ".join(card.deal_chain)))
        lines += [
            tr(lang, "Under the {rules}, in the whole table: {verdict}").format(rules=label, verdict=verdict)
            for label, verdict in card.counting
        ]
        lines += [
            f"Conflict {c.conflict_id} · {c.topic}: {c.resolution}"
            for c in card.conflicts.itertuples(index=False)
        ]
        st.caption("  \n".join(markdown_literal(line) for line in lines))
        parties = []
        if fmt.present(row.get("investor_id")):
            investor = replace(
                current, filters=replace(current.filters, investor=(str(row["investor_id"]),)), ignored=()
            )
            parties.append(
                tr(lang, "[Every deal of {investor}]({link})").format(
                    investor=markdown_literal(row["investor"]), link=urls.relative("investors", investor)
                )
            )
        if fmt.present(row.get("recipient_id")):
            lab = replace(
                current, filters=replace(current.filters, recipient=(str(row["recipient_id"]),)), ignored=()
            )
            parties.append(
                tr(lang, "[{lab} on the Labs page]({link})").format(
                    lab=markdown_literal(row["recipient"]), link=urls.relative("labs", lab)
                )
            )
        if parties:
            st.markdown(" · ".join(parties))
        if fmt.present(row.get("quote")):
            st.markdown("> " + markdown_literal(row["quote"]))
        if fmt.present(row.get("quote_translation")):
            st.caption(tr(lang, "Translation: ") + markdown_literal(row["quote_translation"]))
        if fmt.present(row.get("source_url")):
            st.link_button(tr(lang, "Open the source"), row["source_url"], icon=":material/open_in_new:")
        st.markdown("**" + tr(lang, "Cite this figure") + "**")
        plain, bibtex, csl = st.tabs([tr(lang, "Plain text"), "BibTeX", "CSL-JSON"])
        plain.code(cite.plain_citation(row, data.version, link, lang), language=None, wrap_lines=True)
        bibtex.code(cite.bibtex_citation(row, data.version, link, lang), language="latex", wrap_lines=True)
        csl.code(cite.csl_citation(row, data.version, link, lang), language="json", wrap_lines=True)
        st.caption(
            tr(lang, "Permalink (this figure in dataset version {version}): {link}").format(
                version=data.version, link=link
            )
        )
        st.button(tr(lang, "Close this card"), key="close_figure", on_click=on_close, icon=":material/close:")
