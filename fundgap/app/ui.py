"""What pages call, in one place: `from fundgap.app import ui`. Each job lives in its own module (frame,
loading, sidebar, blocks); this module only names them, so a page reads as a table of contents."""

from fundgap.app.blocks import (
    caption,
    chart,
    claim_card,
    download_buttons,
    estimates_section,
    evidence_table,
    facts,
    figures_table,
    index_table,
    release_evidence,
    releases_table,
    rows_at,
    section,
    small_table,
    sources_table,
    subheader,
    text,
    title,
    what_changed,
)
from fundgap.app.frame import run_app
from fundgap.app.loading import changelog, compare_versions, dataset, estimates, memo
from fundgap.app.sidebar import entity_picker, lang, view
from fundgap.common.i18n import tr
from fundgap.views.words import PageWords
from fundgap.views.words import page as _page_words


def words(slug: str) -> PageWords:
    """The page's words (title, intro, texts, chart words) in the reader's language."""
    return _page_words(slug, lang())


def t(message: str) -> str:
    """A page's own sentence in the reader's language (extracted with the keyword t)."""
    return tr(lang(), message)


__all__ = [
    "caption",
    "changelog",
    "chart",
    "compare_versions",
    "claim_card",
    "dataset",
    "download_buttons",
    "entity_picker",
    "estimates",
    "estimates_section",
    "evidence_table",
    "facts",
    "figures_table",
    "index_table",
    "lang",
    "memo",
    "release_evidence",
    "releases_table",
    "rows_at",
    "run_app",
    "section",
    "small_table",
    "sources_table",
    "subheader",
    "t",
    "text",
    "title",
    "view",
    "what_changed",
    "words",
]
