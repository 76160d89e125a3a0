"""The app frame: page config, navigation over the registered pages, the page, and the footer."""

from __future__ import annotations

import streamlit as st

from fundgap.app import nav
from fundgap.app.loading import try_dataset
from fundgap.app.run_state import FRAME, DataUnavailable
from fundgap.app.sidebar import lang
from fundgap.common.i18n import tr
from fundgap.data.load import Dataset


def run_app() -> None:
    language = lang()
    st.set_page_config(
        page_title=tr(language, "fundgap: the AI funding gap, figure by figure"),
        page_icon=":material/balance:",
        layout="wide",
    )
    pages = [
        st.Page(p.path, title=tr(language, p.title), icon=p.icon, url_path=p.slug, default=p.default)
        for p in nav.PAGES
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
    close_sidebar_after_page_change(page.url_path)
    mark_document_language(language)


PAGE_SEEN_KEY = "fundgap_page_seen"
# Streamlit closes the sidebar after a page link only when the browser says it is a phone (its user agent);
# a narrow window, a tablet or a phone asking for the desktop site kept it open over the new page. Below
# Streamlit's medium breakpoint (736 px) the sidebar covers the page, so there it is closed with the
# sidebar's own button. Project-written script: no dataset text reaches it.
CLOSE_SIDEBAR_JS = """<script>
/* fundgap: page changed to __PAGE__ */
(() => {
  if (window.innerWidth > 736) return;
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (!sidebar || sidebar.getAttribute('data-collapsed') !== 'false') return;
  const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (close) close.click();
})();
</script>"""


def close_sidebar_after_page_change(slug: str) -> None:
    """On a narrow screen, close the sidebar when the reader has just moved to another page (not on the
    first page of a visit, nor on a rerun of the same page)."""
    seen = st.session_state.get(PAGE_SEEN_KEY)
    st.session_state[PAGE_SEEN_KEY] = slug
    if seen is None or seen == slug:
        return
    st.sidebar.html(CLOSE_SIDEBAR_JS.replace("__PAGE__", slug or "overview"), unsafe_allow_javascript=True)


LANG_SEEN_KEY = "fundgap_document_lang"
# The page's language on <html lang>, so that the browser draws Chinese with a simplified-Chinese font
# (Noto Sans CJK SC) rather than the first CJK font it finds (the Japanese forms of shared characters). Set
# only once a reader has asked for a language other than English: an English page stays exactly as it was.
DOCUMENT_LANG_JS = """<script>
/* fundgap: document language */
document.documentElement.lang = "__LANG__";
</script>"""
HTML_LANG = {"en": "en", "zh": "zh-Hans-CN"}


def mark_document_language(language: str) -> None:
    if language == "en" and st.session_state.get(LANG_SEEN_KEY) in (None, "en"):
        return
    st.session_state[LANG_SEEN_KEY] = language
    st.sidebar.html(
        DOCUMENT_LANG_JS.replace("__LANG__", HTML_LANG.get(language, "en")), unsafe_allow_javascript=True
    )


def footer() -> None:
    data = getattr(FRAME, "data", None) or try_dataset()
    version = data.version if isinstance(data, Dataset) else tr(lang(), "unavailable")
    st.divider()
    st.caption(
        tr(
            lang(),
            "fundgap · dataset version {version} · every figure links to its source; see Sources & method "
            "for how to cite. "
            "Figures are as reported by the cited sources; fundgap converts no currencies.",
        ).format(version=version)
    )
