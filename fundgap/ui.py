"""The only module that talks to Streamlit: the app frame, cached loading, the sidebar view, and the shared
blocks (chart with its sources, figure table, downloads) that pages call."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from fundgap import export, fmt, nav, paths
from fundgap.charts import plotly_config
from fundgap.filters import (MULTI_FILTERS, RULE_LABELS, UNDISCLOSED_MODES, CountingRules, FilterOptions, Filters, View,
                             parse_query, with_entity_words)
from fundgap.load import DataError, Dataset, read_dataset
from fundgap.safety import markdown_literal
from fundgap.views import Chart, Table

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


# -- the frame ---------------------------------------------------------------------------------------------------


def run_app() -> None:
    st.set_page_config(page_title="fundgap: the AI funding gap, figure by figure", page_icon=":material/balance:", layout="wide")
    pages = [st.Page(p.path, title=p.title, icon=p.icon, url_path=p.slug, default=p.default) for p in nav.PAGES]
    page = st.navigation(pages)
    _FRAME.active, _FRAME.data = True, None
    try:
        page.run()
    except DataUnavailable:
        pass  # the page has shown its error banner; the frame (navigation, footer) carries on
    finally:
        _FRAME.active = False
    footer()


# Streamlit treats an app whose entrypoint sits beside a pages/ folder as a legacy (v1) multipage app until a
# run calls st.navigation: the first run of a fresh server that lands on /flows, and every AppTest run, would
# execute the page file alone, without this frame. A page that finds no frame switches the legacy mode off and
# reruns, which then goes through dashboard.py and st.navigation. Page slugs equal file names, so the rerun
# lands on the same page.
_FRAME = threading.local()


def _ensure_frame() -> None:
    if not getattr(_FRAME, "active", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def footer() -> None:
    data = getattr(_FRAME, "data", None) or _try_dataset()
    version = data.version if isinstance(data, Dataset) else "unavailable"
    st.divider()
    st.caption(
        f"fundgap · dataset version {version} · every figure links to its source; see Sources & method for how to cite. "
        "Figures are as reported by the cited sources; fundgap converts no currencies."
    )


# -- data -------------------------------------------------------------------------------------------------------------


# cache_resource, not cache_data: every session shares one read-only copy. cache_data would unpickle a fresh copy
# of every table on each call, which at a million rows costs seconds per rerun and a copy's worth of memory per reader.
# Nothing in fundgap mutates a frame it is given (the pure functions return new frames).
@st.cache_resource(show_spinner=False, max_entries=2)
def _cached_dataset(data_dir: str, stamp: tuple) -> Dataset | DataError:
    try:
        return read_dataset(Path(data_dir))
    except DataError as error:
        return error  # cached too, so a broken folder is not re-read on every rerun until its files change


def _stamp(data_dir: Path) -> tuple:
    # The cache key follows the files: a rebuild while the server runs is picked up on the next rerun.
    try:
        return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(data_dir.glob("*")) if p.is_file())
    except OSError:
        return ()


def _try_dataset() -> Dataset | DataError:
    data_dir = paths.data_dir()
    return _cached_dataset(str(data_dir), _stamp(data_dir))


class DataUnavailable(Exception):
    """Raised after the error banner is shown, to end the page but not the frame."""


def dataset() -> Dataset:
    """The dataset, or one clear error banner and the end of this page (navigation and footer still work)."""
    _ensure_frame()
    data = _try_dataset()
    if isinstance(data, DataError):
        st.error(f"**The data cannot be shown.** {markdown_literal(str(data))}", icon=":material/error:")
        raise DataUnavailable(str(data))
    _FRAME.data = data
    return data


@st.cache_resource(show_spinner=False, max_entries=4)
def _options(version: str, _figures: pd.DataFrame, _entities: pd.DataFrame) -> FilterOptions:
    return FilterOptions.from_data(_figures, _entities)


# What a page computes from (dataset version, view) is the same for every reader with that view: compute it once.
# Results are shared between sessions and must be treated as read-only (plotly figures, frames, facts).
MEMO_ENTRIES = 96


@st.cache_resource(show_spinner=False, max_entries=MEMO_ENTRIES)
def _memo(name: str, key: str, _fn, _args: tuple):
    return _fn(*_args)


def memo(builder, data: Dataset, current: View):
    """builder(data, view) from fundgap.views, computed once per dataset version, filters and counting rules."""
    key = repr((data.version, current.filters, current.rules))
    return _memo(f"{builder.__module__}.{builder.__qualname__}", key, builder, (data, View(current.filters, current.rules)))


def options(data: Dataset) -> FilterOptions:
    return _options(data.version, data.figures, data.entities)


# -- the view: sidebar widgets bound to the URL ----------------------------------------------------------------------
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
    desired = current.to_query()
    if _query() != desired:
        st.query_params.from_dict(desired)
    _ignored_notice(current)
    return current


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _filter_widgets(current: View, opts: FilterOptions) -> None:
    st.header("Filters", divider="gray")
    for param, label in FILTER_LABELS.items():
        st.session_state[f"w_{param}"] = list(getattr(current.filters, param))
        st.multiselect(label, opts.values.get(param, ()), key=f"w_{param}", on_change=_on_widget_change, args=(opts,),
                       placeholder="All (type to search)", format_func=lambda value, p=param: opts.label(p, value),
                       help=FILTER_HELP.get(param))
    years = (current.filters.year_from or opts.year_min, current.filters.year_to or opts.year_max)
    st.session_state["w_years"] = years
    st.slider("Years", opts.year_min, opts.year_max, key="w_years", on_change=_on_widget_change, args=(opts,))


FILTER_HELP = {
    "investor": "Type a name, short name or alias (QIA, MGX, 智谱). Choosing an owner includes its vehicles.",
    "investor_region": "The investor's own region, from its entity: a round counts as Gulf money only up to its Gulf tickets.",
}


def _rule_widgets(current: View) -> None:
    st.header("Counting rules", divider="gray", help="What the totals and ratios add up. Every total says which rules it used.")
    for name, label in RULE_LABELS.items():
        st.session_state[f"w_{name}"] = getattr(current.rules, name)
        st.toggle(f"Include {label}", key=f"w_{name}", on_change=_on_widget_change, args=(None,))
    st.session_state["w_undisclosed"] = current.rules.undisclosed
    st.radio("Undisclosed amounts", UNDISCLOSED_MODES, key="w_undisclosed", on_change=_on_widget_change, args=(None,),
             format_func={"count": "Report as “n undisclosed”", "zero": "Count as $0"}.get)


def _on_widget_change(opts: FilterOptions | None) -> None:
    previous: View = st.session_state[VIEW_KEY]
    filters = Filters(**{param: tuple(st.session_state.get(f"w_{param}", ())) for param in MULTI_FILTERS})
    years = st.session_state.get("w_years")
    if years:
        low, high = years
        bounds = (opts.year_min, opts.year_max) if opts else (previous.filters.year_from, previous.filters.year_to)
        filters = Filters(**{**filters.__dict__, "year_from": None if low == bounds[0] else low, "year_to": None if high == bounds[1] else high})
    rules = CountingRules(
        **{name: bool(st.session_state.get(f"w_{name}")) for name in RULE_LABELS},
        undisclosed=st.session_state.get("w_undisclosed", "count"),
    )
    if opts is None:  # a rule changed: keep the filters exactly as they were
        filters = previous.filters
    else:
        filters = with_entity_words(filters, opts.entities)
    st.session_state[VIEW_KEY] = View(filters, rules, ())


def entity_picker(param: str, label: str, data: Dataset, current: View) -> None:
    """A searchable choice of one entity on the page itself, bound to the same view (and URL) as the sidebar."""
    opts = options(data)
    chosen = getattr(current.filters, param)
    choices = ("",) + tuple(opts.values.get(param, ()))
    st.session_state[f"p_{param}"] = chosen[0] if len(chosen) == 1 else ""
    st.selectbox(label, choices, key=f"p_{param}", on_change=_on_pick, args=(param, opts),
                 format_func=lambda value: opts.label(param, value) if value else "Choose one (type to search)…")


def _on_pick(param: str, opts: FilterOptions) -> None:
    previous: View = st.session_state[VIEW_KEY]
    value = st.session_state.get(f"p_{param}") or ""
    filters = with_entity_words(replace(previous.filters, **{param: (value,) if value else ()}), opts.entities)
    st.session_state[VIEW_KEY] = View(filters, previous.rules, ())


def index_table(table, key: str) -> None:
    """A project-formatted list to choose from (an Arrow table)."""
    st.dataframe(table, hide_index=True, key=key, width="stretch", height=min(560, 38 + 35 * max(table.num_rows, 1)))


def _ignored_notice(current: View) -> None:
    if current.ignored:
        listed = "; ".join(markdown_literal(item) for item in current.ignored)
        st.warning(f"Some link parameters were ignored and defaults used instead: {listed}", icon=":material/link_off:")


# -- shared blocks -----------------------------------------------------------------------------------------------------


def title(text: str, lead: str) -> None:
    st.title(text)
    st.markdown(lead)


def text(markdown: str) -> None:
    """Project-written prose (never dataset text)."""
    st.markdown(markdown)


def facts(items, per_row: int = 2) -> None:
    """Headline numbers as fundgap.overview.Fact items, all project-formatted, never raw dataset text."""
    for start in range(0, len(items), per_row):
        for column, fact in zip(st.columns(per_row), items[start:start + per_row]):
            column.metric(fact.label, fact.value, delta=fact.detail or None, delta_color="off", delta_arrow="off",
                          help=fact.help, border=True)


def chart(shown: Chart, data: Dataset, current: View) -> None:
    """A chart, the figures and sources behind it one click away, and a CSV of its rows right under it."""
    fig, key = shown.figure, shown.key
    st.plotly_chart(fig, key=key, config=plotly_config(f"fundgap-{key}"), alt=fig.layout.meta["alt"], width="stretch")
    sources, download = st.columns([4, 1], vertical_alignment="center")
    with sources.expander(f"Figures and sources in this chart ({shown.table.n_rows:,})"):
        figures_table(shown.table, key=f"{key}_table")
    with download:
        download_buttons(rows_at(data, shown.positions), current, data, key=key, kinds=("csv",), compact=True)


def rows_at(data: Dataset, positions) -> Callable[[], pd.DataFrame]:
    """The figures at these positions, taken when a download is clicked, not on every rerun."""
    return lambda: data.figures.iloc[positions]


def small_table(rows, key: str) -> None:
    """A few rows of project-formatted text (a pandas frame or an Arrow table)."""
    st.dataframe(rows, hide_index=True, key=key, width="stretch")


TABLE_COLUMNS = {
    "figure": st.column_config.TextColumn("Figure", width="large"),
    # Wide enough for "about $184B ($166B–$202B)": a cut-off range would hide the uncertainty.
    "amount": st.column_config.TextColumn("Amount (USD)", width="medium", help="As the source states it; ranges in brackets"),
    "flow_kind": st.column_config.TextColumn("Kind"),
    "date": st.column_config.TextColumn("Date"),
    "status": st.column_config.TextColumn("Status"),
    "source_url": st.column_config.LinkColumn("Source", display_text=r"https://(?:www\.)?([^/?#]+)", help="Opens the source"),
    "source_publisher": st.column_config.TextColumn("Publisher"),
    "quote": st.column_config.TextColumn("Quote", width="large"),
    "round": st.column_config.TextColumn("Round (whole deal)", width="medium", help="The size of the deal the ticket belongs to"),
}


def figures_table(table: Table, key: str, selectable: bool = False, height: int | str = "auto"):
    if table.n_rows > table.shown.num_rows:
        st.caption(f"Showing the first {table.shown.num_rows:,} of {table.n_rows:,} rows; the downloads hold them all.")
    return st.dataframe(
        table.shown, hide_index=True, column_config=TABLE_COLUMNS, key=key, width="stretch", height=height,
        on_select="rerun" if selectable else "ignore", selection_mode="single-row",
        alt="Cited figures with amount, status, source link and quote",
    )


def figure_detail(row: pd.Series) -> None:
    """Everything about one figure as plain text, with its source link."""
    with st.container(border=True):
        st.subheader("Figure detail")
        for label, column in (("Id", "figure_id"), ("Replaces figure id", "legacy_figure_id"), ("Kind of row", "record_type"),
                              ("Investor", "investor"), ("Recipient", "recipient"), ("Deal", "deal_id"), ("Role", "role"),
                              ("Date", "period_start"), ("Date precision", "date_precision"), ("Status", "status"),
                              ("Quote", "quote"), ("Translation", "quote_translation"), ("Notes", "notes"),
                              ("Citation", "source_citation")):
            value = row.get(column)
            if fmt.present(value) and not (column == "legacy_figure_id" and value == row.get("figure_id")):
                st.text(f"{label}: {value}")
        if not fmt.present(row.get("period_start")):
            st.text("Date: undated (the source gives none; the row is in no year)")
        st.text(f"Amount: {fmt.amount_label(row['amount_usd'], row['amount_low_usd'], row['amount_high_usd'], str(row['amount_kind']))}")
        if row.get("record_type") == "participation":
            st.text(f"Whole deal: {fmt.amount_label(row['deal_amount_usd'], row['deal_amount_low_usd'], row['deal_amount_high_usd'], str(row['deal_amount_kind']))}")
        if fmt.present(row.get("source_url")):
            st.link_button("Open the source", row["source_url"], icon=":material/open_in_new:")
        else:
            st.text("No https copy of this source exists; see the citation.")


def download_buttons(rows: Callable[[], pd.DataFrame], current: View, data: Dataset, key: str, kinds=export.FORMATS, compact: bool = False) -> None:
    """CSV / ZIP / Parquet of exactly the rows that `rows()` gives. The rows and the bytes are made when the reader
    clicks (Streamlit runs a callable `data` on click), so a rerun never pays for files nobody downloads."""
    day = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    base_url = public_url()
    labels = {"csv": "CSV", "zip": "ZIP snapshot", "parquet": "Parquet"}
    helps = {"csv": "Formula-safe CSV with the source, link, quote and status on every row",
             "zip": "The CSV plus datapackage.json (Frictionless) and a README with the filters, version and citations",
             "parquet": "The same rows with typed columns, for scripts"}
    mimes = {"csv": "text/csv", "zip": "application/zip", "parquet": "application/vnd.apache.parquet"}
    for column, kind in zip(st.columns(len(kinds)), kinds):
        column.download_button(
            "CSV of these rows" if compact else f"Download {labels[kind]}", _renderer(kind, rows, current, data, base_url),
            file_name=export.file_name(kind, data.version, day), mime=mimes[kind], key=f"dl_{key}_{kind}",
            on_click="ignore", icon=":material/download:", type="tertiary" if compact else "secondary",
            help=helps[kind],
        )


def _renderer(kind: str, rows: Callable[[], pd.DataFrame], current: View, data: Dataset, base_url: str):
    def render() -> bytes:
        # The rows are already filtered: apply no filter again, but describe the reader's view in the snapshot.
        ledger = export.Ledger(data.entities, data.deals, data.participations)
        selected = export.snapshot(rows(), View(Filters(), current.rules), data.version, ledger)
        created = datetime.now(timezone.utc).replace(microsecond=0)
        return export.render(kind, export.Snapshot(selected.rows, current, data.version, selected.ledger), created, base_url)
    return render


def public_url() -> str:
    """The address the reader used, for the link back in exports; the default outside a browser (AppTest)."""
    try:
        url = st.context.url
    except Exception:
        url = None
    return export.origin(url) if url else export.DEFAULT_PUBLIC_URL


def caption(text_: str) -> None:
    st.caption(text_)


def plain(text_: str) -> None:
    """Dataset text shown verbatim, never interpreted as markdown or HTML."""
    st.text(text_)


def columns(n: int):
    return st.columns(n)


def subheader(text_: str) -> None:
    st.subheader(text_)


def link(label: str, url: str) -> None:
    st.link_button(label, url, icon=":material/open_in_new:")


def selected_row(event) -> int | None:
    rows = (event or {}).get("selection", {}).get("rows", []) if isinstance(event, dict) else getattr(getattr(event, "selection", None), "rows", [])
    return rows[0] if rows else None


def claim_card(card) -> None:
    # Few elements per card: twelve cards of many small elements cost more to send than their charts.
    claim = card.claim
    with st.container(border=True):
        st.subheader(markdown_literal(claim["subject"]))
        st.markdown(f":{card.verdict_color}-badge[{card.verdict_label}]\n\n> {markdown_literal(claim['claim_text'])}\n\n"
                    f"**Verdict.** {markdown_literal(claim['verdict_summary'])}")
        lines = ["Claimed: " + markdown_literal(card.claimed_text) + " · Seed: " + markdown_literal(claim.get("source_citation") or claim["source_id"])]
        lines += [markdown_literal(f"{c.conflict_id} · {c.topic}: {c.resolution}") for c in card.conflicts.itertuples(index=False)]
        lines.append(f"{len(card.evidence)} of {card.n_evidence_total} figures bearing on this claim are in view.")
        st.caption("  \n".join(lines))


def evidence_table(entry, data: Dataset, current: View) -> None:
    card = entry.card
    with st.expander(f"Figures and sources for this claim ({len(card.evidence)})"):
        figures_table(entry.table, key=f"evidence_{card.claim['claim_id']}")
        download_buttons(lambda: card.evidence, current, data, key=f"claim_{card.claim['claim_id']}", kinds=("csv",))


SOURCE_COLUMNS = {
    "publisher": st.column_config.TextColumn("Publisher"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "url": st.column_config.LinkColumn("Link", display_text=r"https://(?:www\.)?([^/?#]+)"),
    "grade": st.column_config.TextColumn("Grade"),
    "date_published": st.column_config.TextColumn("Published"),
    "figures": st.column_config.NumberColumn("Figures"),
    "citation": st.column_config.TextColumn("Citation", width="large"),
}


def sources_table(sources) -> None:
    """Every source (an Arrow table with at least SOURCE_COLUMNS)."""
    st.dataframe(sources.select(list(SOURCE_COLUMNS)), hide_index=True, column_config=SOURCE_COLUMNS, width="stretch",
                 key="sources_table", alt="Every source document with grade, link and citation", height=520)


def escaped_markdown(markdown: str) -> None:
    """Markdown that fundgap built with every piece of dataset text passed through markdown_literal."""
    st.markdown(markdown)
