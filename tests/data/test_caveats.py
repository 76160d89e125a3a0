"""A figure its own evidence says to check carries the caveat wherever it is the headline (issue 17), and a
row resting on secondary sources only is marked "single secondary source" (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

from fundgap.analysis.view import View
from fundgap.data import paths
from fundgap.data.build import evidence_caveats
from fundgap.data.load import read_dataset
from fundgap.views.bundles import overview_page, table_of

ADIA = "g_adia_minimax_ipo_cornerstone"


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


def test_the_adia_ticket_carries_its_caveat_on_the_overview_card(data):
    card = {fact.label: fact for fact in overview_page(data, View()).facts}[
        "Documented: Gulf → MiniMax and Zhipu"
    ]
    assert card.value == "$65M–$515M"
    assert card.detail.startswith("⚠ 1 figure to check · ")
    hkex = "the HKEX allotment results give 3,065,040 shares"
    assert f"{ADIA}: The dollar amount is the secondary sources'; {hkex}" in card.help


def test_the_caveat_is_in_the_table_status_and_the_hover_text(data):
    from fundgap.views.charts.base import hover_data

    row = data.figures[data.figures["figure_id"] == ADIA]
    status = table_of(row).shown.column("status").to_pylist()
    assert status == [
        "VERIFIED · ⚠ The dollar amount is the secondary sources'; the HKEX allotment results give 3,065,040 "
        "shares at HK$165.00 (HK$505.7M), which matches about US$65M."
    ]
    assert hover_data(row)[0][5] == status[0]


def test_a_row_whose_every_source_is_secondary_is_marked_and_a_curated_caveat_wins():
    sources = pd.DataFrame(
        {"source_id": ["blog", "wire", "blog2"], "grade": ["secondary", "wire_copy", "secondary"]}
    )
    rows = pd.DataFrame(
        {
            "caveat": ["", "", "", "check the filing"],
            "source_id": ["blog", "blog", "wire", "blog"],
            "other_source_ids": [[], ["blog2"], ["blog"], []],
        }
    )
    assert evidence_caveats(rows, sources) == [
        "single secondary source",
        "single secondary source",
        None,
        "check the filing",
    ]
