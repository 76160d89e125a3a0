"""The reader's view: sidebar filters and counting rules bound to the URL, the on-page entity picker, and the
notice of what a link asked for that could not be used."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from fundgap.analysis.filters import MULTI_FILTERS, PAGE_PARAMS, FilterOptions, Filters
from fundgap.analysis.rules import SWITCHES, UNDISCLOSED, CountingRules
from fundgap.analysis.view import View, parse_query, with_entity_words
from fundgap.app.address import browser_locale
from fundgap.app.loading import options
from fundgap.common import i18n
from fundgap.common.i18n import N_, tr
from fundgap.common.safety import markdown_literal
from fundgap.data.load import Dataset

VIEW_KEY = "fundgap_view"
FILTER_LABELS = {
    "investor": N_("Investor"),
    "investor_region": N_("Investor region"),
    "investor_country": N_("Investor country"),
    "recipient": N_("Recipient"),
    "recipient_region": N_("Recipient region"),
    "kind": N_("Flow kind"),
    "status": N_("Status"),
}


# The view lives in a plain session key, copied into the widgets before they are drawn and written to the URL
# on every run: widgets bound with bind="query-params" lose their value on a page switch (Streamlit 1.67).


def lang() -> str:
    """The reader's language: the view's once the page has read it, else ?lang= or the browser's."""
    current = st.session_state.get(VIEW_KEY)
    if isinstance(current, View):
        return current.lang
    asked = st.query_params.get_all(i18n.LANG_PARAM)
    return i18n.choose(asked[-1] if asked else None, browser_locale())


def view(data: Dataset) -> View:
    opts = options(data)
    if VIEW_KEY not in st.session_state:
        st.session_state[VIEW_KEY] = parse_query(_query(), opts, browser_locale())
    current: View = st.session_state[VIEW_KEY]
    with st.sidebar:
        _language_switch(current, opts)
        _filter_widgets(current, opts)
        _rule_widgets(current)
    current = st.session_state[VIEW_KEY]
    desired = {**current.to_query(), **page_params()}
    if _query() != desired:
        st.query_params.from_dict(desired)
    _ignored_notice(current)
    wanted = (page_params().get("figure") or [""])[0]
    if wanted:
        # The card module draws with the shared blocks, which import this one.
        from fundgap.app.card import figure_card

        figure_card(data, wanted, close_figure, current)
    return current


PAGE_KEY = "fundgap_page_params"


def page_params() -> dict[str, list[str]]:
    """?figure= and ?version= as the session first saw them (until the reader closes the card), kept in the
    URL."""
    if PAGE_KEY not in st.session_state:
        st.session_state[PAGE_KEY] = {
            k: st.query_params.get_all(k)[:1] for k in PAGE_PARAMS if st.query_params.get_all(k)
        }
    return st.session_state[PAGE_KEY]


def close_figure() -> None:
    st.session_state[PAGE_KEY] = {k: v for k, v in page_params().items() if k != "figure"}


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _language_switch(current: View, opts: FilterOptions) -> None:
    """English or Chinese; the rest of the URL (filters, rules, figure, version) stays."""
    st.session_state["w_lang"] = current.lang
    st.radio(
        "Language · 语言",
        i18n.LANGS,
        key="w_lang",
        horizontal=True,
        format_func=i18n.LANG_NAMES.get,
        on_change=_on_lang_change,
        args=(opts,),
    )


def _on_lang_change(opts: FilterOptions) -> None:
    previous: View = st.session_state[VIEW_KEY]
    chosen = i18n.parse_lang(st.session_state.get("w_lang")) or previous.lang
    filters = with_entity_words(previous.filters, opts.entities, chosen)
    st.session_state[VIEW_KEY] = replace(previous, lang=chosen, filters=filters)


def _filter_widgets(current: View, opts: FilterOptions) -> None:
    lang = current.lang
    st.header(tr(lang, "Filters"), divider="gray")
    st.button(
        tr(lang, "Reset filters"),
        key="reset_filters_sidebar",
        on_click=reset_filters,
        icon=":material/filter_alt_off:",
        disabled=current.filters == Filters(),
        help=tr(lang, "Back to all investors, recipients and years; the counting rules stay."),
    )
    # A multiselect keeps its list open after Enter, ready for another pick; here it stayed open over the
    # page after the one pick a reader usually makes. Its identity (the key and max_selections, as
    # Streamlit counts it) changes with every filter change, so each widget is drawn afresh, list closed.
    # Either count is more than anyone picks; the value comes from the view, so nothing is lost.
    fresh = st.session_state.get(GENERATION_KEY, 0) % 2
    for param, label in FILTER_LABELS.items():
        st.session_state[f"w_{param}"] = list(getattr(current.filters, param))
        choices = opts.values.get(param, ())
        st.multiselect(
            tr(lang, label),
            choices,
            key=f"w_{param}",
            max_selections=None if not fresh else max(len(choices), 1),
            on_change=_on_filter_change,
            args=(opts,),
            placeholder=tr(lang, "All (type to search)"),
            format_func=lambda value, p=param: opts.label(p, value, lang),
            help=tr(lang, FILTER_HELP.get(param, "")) or None,
            # No "Select N matches" entry: it sits first in the list, so typing "OpenAI" and Enter picked
            # Stargate and every other label containing the word. Enter now picks the best match only.
            select_all=False,
        )
    years = (current.filters.year_from or opts.year_min, current.filters.year_to or opts.year_max)
    st.session_state["w_years"] = years
    st.slider(
        tr(lang, "Years"),
        opts.year_min,
        opts.year_max,
        key="w_years",
        on_change=_on_filter_change,
        args=(opts,),
    )
    st.session_state["w_rejected"] = current.filters.rejected
    st.toggle(
        tr(lang, "Show rejected reports"),
        key="w_rejected",
        on_change=_on_filter_change,
        args=(opts,),
        help=tr(
            lang,
            "Reports that stronger sources contradict (status REJECT). Kept so nobody reuses them; "
            "never counted.",
        ),
    )


FILTER_HELP = {
    "investor": N_(
        "Type a name, short name or alias (QIA, MGX, 智谱). Choosing an owner includes its vehicles."
    ),
    "investor_region": N_(
        "The investor's own region, from its entity: a round counts as Gulf money only "
        "up to its Gulf tickets."
    ),
}


def _rule_widgets(current: View) -> None:
    lang = current.lang
    st.header(
        tr(lang, "Counting rules"),
        divider="gray",
        help=tr(lang, "What the totals and ratios add up. Every total says which rules it used."),
    )
    st.button(
        tr(lang, "Reset counting rules"),
        key="reset_rules_sidebar",
        on_click=reset_rules,
        icon=":material/restart_alt:",
        disabled=current.rules == CountingRules(),
        help=tr(lang, "Back to the default rules; the filters stay."),
    )
    for switch in SWITCHES:
        st.session_state[f"w_{switch.name}"] = current.rules.on(switch)
        st.toggle(
            switch.toggle_text(lang),
            key=f"w_{switch.name}",
            help=tr(lang, switch.why),
            on_change=_on_rule_change,
        )
    st.session_state[f"w_{UNDISCLOSED.name}"] = current.rules.undisclosed
    st.radio(
        tr(lang, UNDISCLOSED.label),
        tuple(UNDISCLOSED.choices),
        key=f"w_{UNDISCLOSED.name}",
        help=tr(lang, UNDISCLOSED.why),
        on_change=_on_rule_change,
        format_func=lambda value: tr(lang, UNDISCLOSED.choices[value]),
    )


def reset_filters() -> None:
    previous: View = st.session_state[VIEW_KEY]
    st.session_state[VIEW_KEY] = replace(previous, filters=Filters(), ignored=())


def reset_rules() -> None:
    previous: View = st.session_state[VIEW_KEY]
    st.session_state[VIEW_KEY] = replace(previous, rules=CountingRules(), ignored=())


def empty_notice(current: View, what: str, plural: bool = False) -> None:
    """Says why `what` is empty, and offers the way back: filters carried over from another page are the usual
    cause."""
    lang = current.lang
    shown = markdown_literal(tr(lang, what))
    if current.filters != Filters():
        notice = (
            tr(lang, "{what} are empty under the filters in force: {filters}.")
            if plural
            else tr(lang, "{what} is empty under the filters in force: {filters}.")
        )
        st.info(
            notice.format(what=shown, filters=markdown_literal(current.filters.describe(lang))),
            icon=":material/filter_alt:",
        )
        st.button(
            tr(lang, "Reset filters"),
            key=f"reset_{abs(hash(what))}",
            on_click=reset_filters,
            icon=":material/filter_alt_off:",
        )
    elif current.rules != CountingRules():
        notice = (
            tr(lang, "{what} are empty under the counting rules in force.")
            if plural
            else tr(lang, "{what} is empty under the counting rules in force.")
        )
        st.info(notice.format(what=shown), icon=":material/rule:")
        st.button(
            tr(lang, "Reset counting rules"), key=f"reset_rules_{abs(hash(what))}", on_click=reset_rules
        )


GENERATION_KEY = "fundgap_filter_generation"


def _on_filter_change(opts: FilterOptions) -> None:
    """A filter widget changed: the filters are read back from every filter widget; the rules stay."""
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1
    previous: View = st.session_state[VIEW_KEY]
    chosen: dict[str, Any] = {param: tuple(st.session_state.get(f"w_{param}", ())) for param in MULTI_FILTERS}
    chosen["rejected"] = bool(st.session_state.get("w_rejected", False))
    years = st.session_state.get("w_years")
    if years:
        low, high = years
        # The full range is no filter, so the URL stays short and the view stays the default.
        chosen["year_from"] = None if low == opts.year_min else low
        chosen["year_to"] = None if high == opts.year_max else high
    filters = replace(previous.filters, **chosen)
    st.session_state[VIEW_KEY] = replace(
        previous, filters=with_entity_words(filters, opts.entities, previous.lang), ignored=()
    )


def _on_rule_change() -> None:
    """A counting-rule widget changed: the rules are read back from the rule widgets; the filters stay."""
    previous: View = st.session_state[VIEW_KEY]
    rules = CountingRules.of(
        {s.name: bool(st.session_state.get(f"w_{s.name}")) for s in SWITCHES},
        st.session_state.get(f"w_{UNDISCLOSED.name}", UNDISCLOSED.default),
    )
    st.session_state[VIEW_KEY] = replace(previous, rules=rules, ignored=())


def entity_picker(param: str, label: str, data: Dataset, current: View) -> None:
    """A searchable choice of one entity on the page itself, bound to the same view (and URL) as the
    sidebar."""
    opts = options(data)
    chosen = getattr(current.filters, param)
    choices = ("",) + tuple(opts.values.get(param, ()))
    st.session_state[f"p_{param}"] = chosen[0] if len(chosen) == 1 else ""
    lang = current.lang
    st.selectbox(
        tr(lang, label),
        choices,
        key=f"p_{param}",
        on_change=_on_pick,
        args=(param, opts),
        format_func=lambda value: (
            opts.label(param, value, lang) if value else tr(lang, "Choose one (type to search)…")
        ),
    )


def _on_pick(param: str, opts: FilterOptions) -> None:
    previous: View = st.session_state[VIEW_KEY]
    value = st.session_state.get(f"p_{param}") or ""
    chosen: dict[str, Any] = {param: (value,) if value else ()}
    filters = with_entity_words(replace(previous.filters, **chosen), opts.entities, previous.lang)
    st.session_state[VIEW_KEY] = replace(previous, filters=filters, ignored=())


def _ignored_notice(current: View) -> None:
    if current.ignored:
        listed = "; ".join(markdown_literal(item) for item in current.ignored)
        st.warning(
            tr(current.lang, "Some link parameters were ignored and defaults used instead: {listed}").format(
                listed=listed
            ),
            icon=":material/link_off:",
        )
