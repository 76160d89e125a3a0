"""The reader's view: sidebar filters and counting rules bound to the URL, the on-page entity picker, and the
notice of what a link asked for that could not be used."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from fundgap.analysis.filters import (
    MULTI_FILTERS,
    PAGE_PARAMS,
    RULE_LABELS,
    UNDISCLOSED_MODES,
    CountingRules,
    FilterOptions,
    Filters,
    View,
    parse_query,
    with_entity_words,
)
from fundgap.app.loading import options
from fundgap.common.safety import markdown_literal
from fundgap.data.load import Dataset

VIEW_KEY = "fundgap_view"
FILTER_LABELS = {
    "investor": "Investor",
    "investor_region": "Investor region",
    "investor_country": "Investor country",
    "recipient": "Recipient",
    "recipient_region": "Recipient region",
    "kind": "Flow kind",
    "status": "Status",
}


# The view lives in a plain session key, copied into the widgets before they are drawn and written to the URL
# on every run: widgets bound with bind="query-params" lose their value on a page switch (Streamlit 1.67).


def view(data: Dataset) -> View:
    opts = options(data)
    if VIEW_KEY not in st.session_state:
        st.session_state[VIEW_KEY] = parse_query(_query(), opts)
    current: View = st.session_state[VIEW_KEY]
    with st.sidebar:
        _filter_widgets(current, opts)
        _rule_widgets(current)
    current = st.session_state[VIEW_KEY]
    desired = {**current.to_query(), **page_params()}
    if _query() != desired:
        st.query_params.from_dict(desired)
    _ignored_notice(current)
    wanted = (page_params().get("figure") or [""])[0]
    if wanted:
        from fundgap.app.card import (
            figure_card,
        )  # the card module draws with the shared blocks, which import this one

        figure_card(data, wanted, close_figure)
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


def _filter_widgets(current: View, opts: FilterOptions) -> None:
    st.header("Filters", divider="gray")
    st.button(
        "Reset filters",
        key="reset_filters_sidebar",
        on_click=reset_filters,
        icon=":material/filter_alt_off:",
        disabled=current.filters == Filters(),
        help="Back to all investors, recipients and years; the counting rules stay.",
    )
    for param, label in FILTER_LABELS.items():
        st.session_state[f"w_{param}"] = list(getattr(current.filters, param))
        st.multiselect(
            label,
            opts.values.get(param, ()),
            key=f"w_{param}",
            on_change=_on_widget_change,
            args=(opts,),
            placeholder="All (type to search)",
            format_func=lambda value, p=param: opts.label(p, value),
            help=FILTER_HELP.get(param),
            # No "Select N matches" entry: it sits first in the list, so typing "OpenAI" and Enter picked
            # Stargate and every other label containing the word. Enter now picks the best match only.
            select_all=False,
        )
    years = (current.filters.year_from or opts.year_min, current.filters.year_to or opts.year_max)
    st.session_state["w_years"] = years
    st.slider("Years", opts.year_min, opts.year_max, key="w_years", on_change=_on_widget_change, args=(opts,))
    st.session_state["w_rejected"] = current.filters.rejected
    st.toggle(
        "Show rejected reports",
        key="w_rejected",
        on_change=_on_widget_change,
        args=(opts,),
        help="Reports that stronger sources contradict (status REJECT). Kept so nobody reuses them; "
        "never counted.",
    )


FILTER_HELP = {
    "investor": "Type a name, short name or alias (QIA, MGX, 智谱). Choosing an owner includes its vehicles.",
    "investor_region": "The investor's own region, from its entity: a round counts as Gulf money only "
    "up to its Gulf tickets.",
}


def _rule_widgets(current: View) -> None:
    st.header(
        "Counting rules",
        divider="gray",
        help="What the totals and ratios add up. Every total says which rules it used.",
    )
    st.button(
        "Reset counting rules",
        key="reset_rules_sidebar",
        on_click=reset_rules,
        icon=":material/restart_alt:",
        disabled=current.rules == CountingRules(),
        help="Back to the default rules; the filters stay.",
    )
    for name, label in RULE_LABELS.items():
        st.session_state[f"w_{name}"] = getattr(current.rules, name)
        st.toggle(f"Include {label}", key=f"w_{name}", on_change=_on_widget_change, args=(None,))
    st.session_state["w_undisclosed"] = current.rules.undisclosed
    st.radio(
        "Undisclosed amounts",
        UNDISCLOSED_MODES,
        key="w_undisclosed",
        on_change=_on_widget_change,
        args=(None,),
        format_func={"count": "Report as “n undisclosed”", "zero": "Count as $0"}.get,
    )


def reset_filters() -> None:
    previous: View = st.session_state[VIEW_KEY]
    st.session_state[VIEW_KEY] = View(Filters(), previous.rules, ())


def reset_rules() -> None:
    previous: View = st.session_state[VIEW_KEY]
    st.session_state[VIEW_KEY] = View(previous.filters, CountingRules(), ())


def empty_notice(current: View, what: str, plural: bool = False) -> None:
    """Says why `what` is empty, and offers the way back: filters carried over from another page are the usual
    cause."""
    verb = "are" if plural else "is"
    if current.filters != Filters():
        st.info(
            f"{markdown_literal(what)} {verb} empty under the filters in force: "
            f"{markdown_literal(current.filters.describe())}.",
            icon=":material/filter_alt:",
        )
        st.button(
            "Reset filters",
            key=f"reset_{abs(hash(what))}",
            on_click=reset_filters,
            icon=":material/filter_alt_off:",
        )
    elif current.rules != CountingRules():
        st.info(
            f"{markdown_literal(what)} {verb} empty under the counting rules in force.",
            icon=":material/rule:",
        )
        st.button("Reset counting rules", key=f"reset_rules_{abs(hash(what))}", on_click=reset_rules)


def _on_widget_change(opts: FilterOptions | None) -> None:
    previous: View = st.session_state[VIEW_KEY]
    filters = Filters(
        **{param: tuple(st.session_state.get(f"w_{param}", ())) for param in MULTI_FILTERS},
        rejected=bool(st.session_state.get("w_rejected", False)),
        releases=previous.filters.releases,
    )
    years = st.session_state.get("w_years")
    if years:
        low, high = years
        bounds = (
            (opts.year_min, opts.year_max) if opts else (previous.filters.year_from, previous.filters.year_to)
        )
        filters = Filters(
            **{
                **filters.__dict__,
                "year_from": None if low == bounds[0] else low,
                "year_to": None if high == bounds[1] else high,
            }
        )
    rules = CountingRules(
        **{name: bool(st.session_state.get(f"w_{name}")) for name in RULE_LABELS},
        undisclosed=st.session_state.get("w_undisclosed", "count"),
    )
    # A rule changed (no options): keep the filters exactly as they were.
    filters = previous.filters if opts is None else with_entity_words(filters, opts.entities)
    st.session_state[VIEW_KEY] = View(filters, rules, ())


def entity_picker(param: str, label: str, data: Dataset, current: View) -> None:
    """A searchable choice of one entity on the page itself, bound to the same view (and URL) as the
    sidebar."""
    opts = options(data)
    chosen = getattr(current.filters, param)
    choices = ("",) + tuple(opts.values.get(param, ()))
    st.session_state[f"p_{param}"] = chosen[0] if len(chosen) == 1 else ""
    st.selectbox(
        label,
        choices,
        key=f"p_{param}",
        on_change=_on_pick,
        args=(param, opts),
        format_func=lambda value: opts.label(param, value) if value else "Choose one (type to search)…",
    )


def _on_pick(param: str, opts: FilterOptions) -> None:
    previous: View = st.session_state[VIEW_KEY]
    value = st.session_state.get(f"p_{param}") or ""
    filters = with_entity_words(
        replace(previous.filters, **{param: (value,) if value else ()}), opts.entities
    )
    st.session_state[VIEW_KEY] = View(filters, previous.rules, ())


def _ignored_notice(current: View) -> None:
    if current.ignored:
        listed = "; ".join(markdown_literal(item) for item in current.ignored)
        st.warning(
            f"Some link parameters were ignored and defaults used instead: {listed}",
            icon=":material/link_off:",
        )
