"""The app frame: page config, navigation over the registered pages, the page, and the footer."""

from __future__ import annotations

import streamlit as st

from fundgap.app import nav
from fundgap.app.loading import try_dataset
from fundgap.app.run_state import FRAME, DataUnavailable
from fundgap.data.load import Dataset


def run_app() -> None:
    st.set_page_config(
        page_title="fundgap: the AI funding gap, figure by figure",
        page_icon=":material/balance:",
        layout="wide",
    )
    pages = [
        st.Page(p.path, title=p.title, icon=p.icon, url_path=p.slug, default=p.default) for p in nav.PAGES
    ]
    page = st.navigation(pages)
    FRAME.active, FRAME.data = True, None
    try:
        page.run()
    except DataUnavailable:
        pass  # the page has shown its error banner; the frame (navigation, footer) carries on
    finally:
        FRAME.active = False
    footer()


def footer() -> None:
    data = getattr(FRAME, "data", None) or try_dataset()
    version = data.version if isinstance(data, Dataset) else "unavailable"
    st.divider()
    st.caption(
        f"fundgap · dataset version {version} · every figure links to its source; see Sources & method "
        "for how to cite. "
        "Figures are as reported by the cited sources; fundgap converts no currencies."
    )
