"""What pages call, in one place: `from fundgap.app import ui`. Each job lives in its own module (frame, loading,
sidebar, blocks); this module only names them, so a page reads as a table of contents."""

from fundgap.app.blocks import (caption, chart, claim_card, columns, download_buttons, escaped_markdown, evidence_table,
                                facts, figure_detail, figures_table, index_table, link, plain, release_evidence, releases_table, rows_at, selected_row,
                                section, slot, small_table, sources_table, subheader, text, title, what_changed)
from fundgap.app.frame import run_app
from fundgap.app.loading import changelog, compare_versions, dataset, memo, options
from fundgap.app.sidebar import entity_picker, view

__all__ = [
    "caption", "changelog", "chart", "compare_versions", "claim_card", "columns", "dataset", "download_buttons", "entity_picker", "escaped_markdown",
    "evidence_table", "facts", "figure_detail", "figures_table", "index_table", "link", "memo", "options", "plain",
    "release_evidence", "releases_table", "rows_at", "run_app", "section", "selected_row", "slot", "small_table", "sources_table", "subheader", "text", "title", "view", "what_changed",
]
