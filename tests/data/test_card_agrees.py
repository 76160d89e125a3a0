"""A figure's card agrees with its table (issue 22): its title is a sentence, it gives the deal's date and the
date the ticket was reported, and its counting verdict is the one the Data table shows under the same view."""

import pytest

from fundgap.analysis import aggregate, cite
from fundgap.analysis.filters import Filters
from fundgap.analysis.view import View
from fundgap.common.fmt import date_text
from fundgap.data import paths
from fundgap.data.load import read_dataset

HUMAIN = "xai_series_e__humain"


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


def test_the_card_title_is_a_sentence_with_the_reported_date(data):
    card = cite.figure_card(data.figures, data.conflicts, HUMAIN)
    assert cite.card_title(card.row) == "HUMAIN → xAI, $3B (reported 18 Feb 2026)"
    assert (date_text(card.row["period_start"]), date_text(card.row["source_date_published"])) == (
        "6 Jan 2026",
        "18 Feb 2026",
    )


def test_dates_keep_the_precision_they_were_stated_with():
    assert [date_text(d) for d in ("2026-02-18", "2026-02", "2026-Q1", "2026", None)] == [
        "18 Feb 2026",
        "Feb 2026",
        "2026-Q1",
        "2026",
        "undated",
    ]


@pytest.mark.parametrize(
    "view",
    [View(), View(Filters(investor_region=("Gulf",))), View(Filters(investor=("humain",)))],
    ids=["all", "gulf", "humain"],
)
def test_the_cards_verdict_is_the_data_tables_verdict_under_the_same_view(data, view):
    shown = view.filters.apply(data.figures)
    reason = aggregate.not_counted_reasons(shown, view.rules)[shown["figure_id"] == HUMAIN].iloc[0]
    table_says = "counted" if not reason else f"not counted: {reason}"
    card = cite.figure_card(data.figures, data.conflicts, HUMAIN, view)
    assert card.in_view == f"in this view, as its table says: {table_says}"


def test_the_card_says_so_when_the_view_leaves_the_row_out(data):
    card = cite.figure_card(data.figures, data.conflicts, HUMAIN, View(Filters(investor=("qia",))))
    assert card.in_view.startswith("not among the rows this view's filters keep; in the whole table: ")
