"""Hostile text for the safety tests: strings that would run, link or format if any page rendered them as
HTML or markdown, and the fixture dataset that carries them into every text column the build allows."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURE_CURATED, edit_cell

MARK = "window.__pwned"
# Allowed through by the build (no rule forbids markup in prose), so every page must show them as plain text.
INERT = (
    f"<script>{MARK}=1</script>",
    f'<img src=x onerror="{MARK}=2">',
    f"[click me](javascript:{MARK}=3)",
    f"[data link](data:text/html,<script>{MARK}=4</script>)",
    f'<a href="javascript:{MARK}=5">link</a>',
    f'"><svg onload={MARK}=6>',
    "**bold** _italic_ :red[red] $x^2$ <b>b</b>",
    "<iframe src=javascript:alert(7)></iframe>",
    "javascript:alert(8)",
    "&lt;script&gt; ＜script＞",
)
# Rejected by the build: formulas in text, and links that are not https.
FORBIDDEN_TEXT = ('=HYPERLINK("https://example.invalid","x")', "+cmd|' /C calc'!A0", "@SUM(1,1)", "－1+1")
FORBIDDEN_URLS = (
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://example.com/x",
    "vbscript:msgbox(1)",
)

# (file, row id, column) cells that receive a hostile string each.
TARGETS = (
    (
        "entities.csv",
        "kingdom_holding",
        "short_name",
    ),  # shown in the participants label of xAI's round (hover)
    ("participations.csv", "kingdom_xai_b", "notes"),
    ("entities.csv", "anthropic", "name"),  # shown as the recipient
    ("participations.csv", "qia_anthropic_f", "quote"),
    ("participations.csv", "adia_minimax", "quote_translation"),
    ("entities.csv", "alibaba", "short_name"),  # shown in the participants label of Baichuan's round
    ("sources.csv", "aawsat_xai", "title"),
    ("sources.csv", "aawsat_xai", "publisher"),
    ("sources.csv", "aipressa_seed", "citation"),
    ("claims.csv", "claim_gulf_to_china_100m", "claim_text"),
)


def hostile_curated(target: Path) -> Path:
    """The small fixture with every INERT string placed in a text column a reader sees."""
    shutil.copytree(FIXTURE_CURATED, target)
    for (file, row, column), text in zip(TARGETS, INERT, strict=True):
        edit_cell(target, file, row, column, text)
    edit_cell(target, "claims.csv", "claim_gulf_to_china_100m", "subject", INERT[0] + " subject")
    edit_cell(
        target, "entities.csv", "kingdom_holding", "name", INERT[0] + " name"
    )  # the investor of its own rows
    edit_cell(target, "conflicts.csv", "C01", "resolution", INERT[2] + " resolution")
    return target
