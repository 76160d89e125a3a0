"""Loading, shared by every session: the dataset read once per file state, the filter choices, and page
bundles computed once per dataset version and view."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import streamlit as st

from fundgap.analysis.entities import EntityIndex, names_in
from fundgap.analysis.estimate_totals import EstimateBook, estimate_book
from fundgap.analysis.filters import FilterOptions
from fundgap.analysis.view import View
from fundgap.app.address import browser_locale
from fundgap.app.run_state import FRAME, DataUnavailable
from fundgap.common import i18n
from fundgap.common.fmt import count, date_text
from fundgap.common.i18n import EN, N_, tr
from fundgap.common.safety import markdown_literal
from fundgap.data import paths, versions
from fundgap.data.load import DataError, Dataset, read_dataset


# cache_resource, not cache_data: every session shares one read-only copy. cache_data would unpickle a fresh
# copy of every table on each call, which at a million rows costs seconds per rerun and a copy's worth of
# memory per reader. Nothing in fundgap mutates a frame it is given (the pure functions return new frames).
@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_dataset(data_dir: str, stamp: tuple, archived: bool = False) -> Dataset | DataError:
    try:
        return read_dataset(Path(data_dir), archived=archived)
    except DataError as error:
        return error  # cached too, so a broken folder is not re-read on every rerun until its files change


def _stamp(data_dir: Path) -> tuple:
    # The cache key follows the files: a rebuild while the server runs is picked up on the next rerun.
    try:
        return tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(data_dir.glob("*"))
            if p.is_file()
        )
    except OSError:
        return ()


# The session key of the reader's view: the same as fundgap.app.sidebar.VIEW_KEY (sidebar imports this module,
# so this module cannot import it; a unit test keeps the two equal).
VIEW_KEY = "fundgap_view"


def _lang() -> str:
    """The reader's language for a banner drawn before the page reads its view (as fundgap.app.sidebar.lang
    says it): the view's once read, else ?lang= or the browser's."""
    current = st.session_state.get(VIEW_KEY)
    if isinstance(current, View):
        return current.lang
    asked = st.query_params.get_all(i18n.LANG_PARAM)
    return i18n.choose(asked[-1] if asked else None, browser_locale())


def try_dataset() -> Dataset | DataError:
    data_dir = paths.data_dir()
    return _cached_dataset(str(data_dir), _stamp(data_dir))


def requested_version(latest: Dataset | DataError) -> str | None:
    """?version=v when it names an archived version other than the latest; otherwise None (and a message when
    the link named a version that does not exist)."""
    wanted = st.query_params.get("version")
    if not wanted or (isinstance(latest, Dataset) and wanted == latest.version):
        return None
    try:
        known = versions.known_versions(paths.data_dir())
    except versions.VersionError as error:
        st.warning(
            tr(_lang(), "Old versions cannot be listed ({error}): showing the latest version.").format(
                error=markdown_literal(str(error))
            ),
            icon=":material/history:",
        )
        return None
    if wanted not in known:
        st.warning(
            tr(
                _lang(),
                "There is no dataset version {version}: showing the latest version instead. "
                "Sources & method lists every version.",
            ).format(version=markdown_literal(repr(wanted))),
            icon=":material/history:",
        )
        del st.query_params["version"]  # the address then names the version actually shown
        return None
    return wanted


def version_banner(data: Dataset) -> None:
    changelog = versions.read_changelog(
        paths.data_dir()
    )  # read once already by requested_version: it is valid
    dates = {entry["version"]: entry["date"] for entry in changelog}
    changed = versions.changed_since(changelog, data.version)
    language = _lang()
    if language != EN:
        when = dates.get(data.version)
        st.info(
            tr(
                language,
                "You are viewing version **{version}** of {date}; {changed} changed since then: see what "
                "changed on [Sources & method]({link}). Open the latest version by removing `version=` from "
                "the address.",
            ).format(
                version=data.version,
                date=date_text(str(when), language) if when else tr(language, "an unknown date"),
                changed=count(len(changed), "figure", language),
                link=f"/sources?version={data.version}&lang={language}",
            ),
            icon=":material/history:",
        )
        return
    st.info(
        f"You are viewing version **{data.version}** of {dates.get(data.version, 'an unknown date')}; "
        f"{count(len(changed), 'figure')} changed since then: see what changed on [Sources & "
        "method](/sources?version="
        f"{data.version}). Open the latest version by removing `version=` from the address.",
        icon=":material/history:",
    )


def data_error_text(error: DataError, lang: str = EN) -> str:
    """The banner of a dataset that cannot be read, in `lang`; the build's own message (file and column
    names) follows as it was written."""
    detail = markdown_literal(str(error))
    if lang == EN:
        return f"**The data cannot be shown.** {detail}"
    return tr(
        lang,
        "**The data cannot be shown.** A data file is missing or does not pass the build's checks; "
        "the technical message follows, as the build wrote it: {error}",
    ).format(error=detail)


def dataset() -> Dataset:
    """The dataset (the archived version a link asks for, else the latest), or one clear error banner and the
    end of this page (navigation and footer still work)."""
    data = try_dataset()
    old = requested_version(data)
    if old is not None:
        archived = versions.archive_dir(paths.data_dir(), old)
        data = _cached_dataset(str(archived), _stamp(archived), True)
    if isinstance(data, DataError):
        st.error(data_error_text(data, _lang()), icon=":material/error:")
        if getattr(FRAME, "active", False):
            raise DataUnavailable(str(data))  # the frame catches it and still draws navigation and the footer
        st.stop()
    FRAME.data = data
    if old is not None:
        version_banner(data)
    return data


@st.cache_resource(show_spinner=False, max_entries=4)
def _options(version: str, _figures: pd.DataFrame, _entities: pd.DataFrame) -> FilterOptions:
    return FilterOptions.from_data(_figures, _entities)


# What a page computes from (dataset version, view) is the same for every reader with that view: compute it
# once.
# Results are shared between sessions and must be treated as read-only (plotly figures, frames, facts).
# One cache for all ten pages: 512 entries hold about 50 views of every page. A page's bundle for a view
# measured
# 0.03-1.6 MB (3.3 MB for all ten pages), so a full cache is about 170 MB. At 96 entries the capacity test's
# readers, who move between 60 views, had pages recomputed on views already asked for (issue 16).
MEMO_ENTRIES = 512


@st.cache_resource(show_spinner=False, max_entries=MEMO_ENTRIES)
def _memo(name: str, key: str, _fn, _args: tuple):
    return _fn(*_args)


def memo(builder, data: Dataset, current: View, *per_version):
    """builder(data, view, *per_version) from fundgap.views, computed once per dataset version, filters and
    counting rules. `per_version` may only hold what the dataset version alone decides (its estimates): it is
    not part of the key."""
    key = repr((data.version, current.filters, current.rules, current.lang))
    return _memo(
        f"{builder.__module__}.{builder.__qualname__}",
        key,
        builder,
        (named_in(data, current.lang), View(current.filters, current.rules, lang=current.lang), *per_version),
    )


def named_in(data: Dataset, lang: str) -> Dataset:
    """The dataset with its entities named in the reader's language (an entity's name_zh where it has one);
    the dataset itself in English or when no entity has such a name. Downloads read the dataset itself."""
    return data if lang == i18n.EN else _named_in(data.version, lang, data)


@st.cache_resource(show_spinner=False, max_entries=8)
def _named_in(version: str, lang: str, _data: Dataset) -> Dataset:
    figures = names_in(_data.figures, EntityIndex.from_frame(_data.entities), lang)
    return _data if figures is _data.figures else replace(_data, figures=figures)


# The allocation model's fit, back-test and estimates, made once per dataset version from the whole row table
# (a remainder needs every participation of its deal) and shared by every page and reader; pages filter them.
@st.cache_resource(show_spinner=False, max_entries=4)
def _estimates(version: str, _figures: pd.DataFrame) -> EstimateBook:
    return estimate_book(_figures)


def estimates(data: Dataset) -> EstimateBook:
    """The dataset version's model estimates of undisclosed tickets (see analysis/estimate_totals.py)."""
    return _estimates(data.version, data.figures)


def options(data: Dataset) -> FilterOptions:
    return _options(data.version, data.figures, data.entities)


def changelog() -> list[dict]:
    """The versions to list on Sources & method; an unreadable changelog lists none (and says so) rather than
    fail."""
    try:
        return versions.read_changelog(paths.data_dir())
    except versions.VersionError as error:
        st.warning(
            tr(_lang(), "The list of versions cannot be shown: {error}.").format(
                error=markdown_literal(str(error))
            ),
            icon=":material/history:",
        )
        return []


DIFF_COLUMNS = ["Figure", "Field", "Old", "New", "Why"]
DIFF_WORDS = (N_("Figure"), N_("Field"), N_("Old"), N_("New"), N_("Why"))


def compare_versions(first: str, second: str) -> pd.DataFrame:
    """The changed fields between two archived versions, with the reason recorded for each figure (headers in
    the reader's language; the ids, fields, values and reasons are dataset text)."""
    frame = _compare_versions(first, second)
    language = _lang()
    return frame if language == EN else frame.rename(columns={c: tr(language, c) for c in DIFF_COLUMNS})


@st.cache_data(show_spinner=False, max_entries=16)
def _compare_versions(first: str, second: str) -> pd.DataFrame:
    data_dir = paths.data_dir()
    diff = versions.diff_versions(data_dir, first, second)
    reasons = {
        c["figure_id"]: c.get("reason", "") for e in versions.read_changelog(data_dir) for c in e["changed"]
    }
    return pd.DataFrame(
        [
            {
                "Figure": c["figure_id"],
                "Field": c["field"],
                "Old": str(c["old"]),
                "New": str(c["new"]),
                "Why": reasons.get(c["figure_id"], ""),
            }
            for c in diff.changed
        ],
        columns=["Figure", "Field", "Old", "New", "Why"],
    )
