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
from fundgap.app.sidebar import entity_picker, view
from fundgap.views.words import page as words

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
    "memo",
    "release_evidence",
    "releases_table",
    "rows_at",
    "run_app",
    "section",
    "small_table",
    "sources_table",
    "subheader",
    "text",
    "title",
    "view",
    "what_changed",
    "words",
]
