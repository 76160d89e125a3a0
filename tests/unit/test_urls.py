"""Every address fundgap writes comes from analysis/urls.py: exact links for a reader's view and a figure."""

from fundgap.analysis import urls
from fundgap.analysis.filters import Filters
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.view import View

GULF_SECONDARY = View(Filters(investor_region=("Gulf",), year_from=2024), CountingRules(secondary=True))


def test_the_origin_and_the_page_address_drop_what_a_link_must_not_carry():
    assert urls.origin("https://fundgap.example/flows?investor=qia") == "https://fundgap.example/"
    assert urls.page_address("https://fundgap.example/flows?investor=qia") == "https://fundgap.example/flows"
    assert urls.origin(None) == urls.page_address("not a url") == "http://localhost:8501/"


def test_a_page_link_reproduces_the_view_with_its_rules():
    assert urls.page("https://fundgap.example/data?x=1", "flows", GULF_SECONDARY) == (
        "https://fundgap.example/flows?investor_region=Gulf&year_from=2024&secondary=1"
    )
    assert urls.page("https://fundgap.example/", "", View()) == "https://fundgap.example/"


def test_a_figure_permalink_names_the_figure_and_the_version_on_the_site_root():
    assert urls.figure("kingdom_xai_b", "v1", "https://fundgap.example/data?investor=qia") == (
        "https://fundgap.example/?figure=kingdom_xai_b&version=v1"
    )


def test_a_card_link_from_a_table_keeps_the_readers_view_and_replaces_an_open_card():
    query = {**GULF_SECONDARY.to_query(), "figure": ["older"], "version": ["v1"]}
    assert urls.with_figure(query, "g_adia_minimax") == (
        "?investor_region=Gulf&year_from=2024&secondary=1&version=v1&figure=g_adia_minimax"
    )
