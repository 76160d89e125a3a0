"""Text that a spreadsheet would evaluate, and URLs fundgap is willing to link."""

from __future__ import annotations

from urllib.parse import urlsplit

# OWASP CSV injection: these leading characters start a formula or a new cell in Excel, LibreOffice and
# Google Sheets; the full-width forms are normalised to ASCII by some of them (WSTG-INPV-21).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read the cell as a formula, also after leading spaces."""
    if not text:
        return False
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip(" \u3000").startswith(FORMULA_TRIGGERS)


def neutralise_formula(text: str) -> str:
    """Prefix a single quote so the cell is shown as text; leaves harmless text untouched."""
    return "'" + text if looks_like_formula(text) else text


def is_https_url(url: str) -> bool:
    """Only https:// URLs with a host are linked: no javascript:, data:, http: or relative links."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return (
        url.startswith("https://") and parts.scheme == "https" and bool(parts.hostname) and url == url.strip()
    )


_MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:"


def markdown_literal(text: str) -> str:
    """Dataset text made inert for Streamlit markdown: no links, emphasis, HTML, LaTeX or :colour[...]
    directives."""
    return "".join("\\" + char if char in _MARKDOWN_SPECIALS else char for char in str(text))
