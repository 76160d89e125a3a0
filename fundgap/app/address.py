"""The address the reader's browser shows, read in this one place; analysis/urls.py builds every link."""

from __future__ import annotations

import streamlit as st


def browser_url() -> str | None:
    """The page's full URL in the reader's browser; None outside a browser (AppTest, the smoke test)."""
    try:
        return st.context.url or None
    except Exception:  # no browser session behind this run
        return None


def browser_locale() -> str | None:
    """The reader's browser language ("zh-CN", "en-US"); None outside a browser."""
    try:
        return st.context.locale or None
    except Exception:  # no browser session behind this run
        return None
