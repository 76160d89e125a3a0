"""AppTest: every registered page runs from the real data and from the fixture; the URL seeds the filters;
charts carry their titles, sources and expected values."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from fundgap.app.nav import PAGES
from fundgap.common.safety import markdown_literal
from fundgap.data import paths

DASHBOARD = str(paths.PROJECT_ROOT / "dashboard.py")
TIMEOUT = 60


def run_page(spec, data_dir=None, query: dict | None = None, monkeypatch=None) -> AppTest:
    if data_dir is not None:
        monkeypatch.setenv("FUNDGAP_DATA_DIR", str(data_dir))
    app = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if not spec.default:
        app.switch_page(spec.path).run()
    return app


def charts(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def values(array) -> list:
    """Plotly 7 ships numeric arrays as base64 typed arrays; decode them for exact assertions."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def assert_clean(app: AppTest) -> None:
    assert [e.value for e in app.exception] == []
    assert [e.value for e in app.error] == []


@pytest.mark.parametrize("spec", PAGES, ids=[p.slug for p in PAGES])
def test_every_page_runs_on_the_real_data(spec):
    app = run_page(spec)
    assert_clean(app)
    assert app.title[0].value


@pytest.mark.parametrize("spec", PAGES, ids=[p.slug for p in PAGES])
def test_every_page_runs_on_the_fixture(spec, fixture_data_dir, monkeypatch):
    app = run_page(spec, fixture_data_dir, monkeypatch=monkeypatch)
    assert_clean(app)


@pytest.mark.parametrize("spec", PAGES, ids=[p.slug for p in PAGES])
def test_every_chart_has_a_title_a_source_line_and_alt_text(spec, fixture_data_dir, monkeypatch):
    app = run_page(spec, fixture_data_dir, monkeypatch=monkeypatch)
    shown = [element.value for element in app.markdown]
    for spec_json in charts(app):
        layout = spec_json["layout"]
        # The title and the view in words are page text above the chart (they wrap on a phone), not plotly's.
        assert layout["meta"]["title"] and f"**{markdown_literal(layout['meta']['title'])}**" in shown
        assert "title" not in layout or not layout["title"].get("text")
        lines = [a["text"] for a in layout.get("annotations", []) if a.get("name") == "source_line"]
        assert len(lines) == 1 and lines[0].startswith("Source: ")
        assert layout["meta"]["alt"]


def test_url_parameters_seed_the_sidebar_filters(fixture_data_dir, monkeypatch):
    query = {"investor_region": "Gulf", "recipient_region": "United States", "secondary": "1"}
    app = run_page(PAGES[0], fixture_data_dir, query, monkeypatch)
    assert_clean(app)
    assert app.multiselect(key="w_investor_region").value == ["Gulf"]
    assert app.multiselect(key="w_recipient_region").value == ["United States"]
    assert app.toggle(key="w_secondary").value is True


def test_unknown_url_values_are_ignored_and_the_reader_is_told(fixture_data_dir, monkeypatch):
    app = run_page(
        PAGES[0], fixture_data_dir, {"investor_region": "Atlantis", "year_from": "soon"}, monkeypatch
    )
    assert_clean(app)
    assert app.multiselect(key="w_investor_region").value == []
    warning = app.warning[0].value
    assert "investor\\_region='Atlantis' \\(no such value in the data\\)" in warning


def page(slug: str):
    return next(p for p in PAGES if p.slug == slug)


def bound_labels(spec_json: dict) -> list[str]:
    return [a["text"] for a in spec_json["layout"]["annotations"] if a.get("name") == "bounds_label"]


def test_overview_gap_chart_sets_each_seed_claim_against_bounds_in_the_same_labs(
    fixture_data_dir, monkeypatch
):
    app = run_page(PAGES[0], fixture_data_dir, monkeypatch=monkeypatch)
    gap = charts(app)[0]
    documented, seed = gap["data"]
    assert seed["name"].replace("<br>", " ") == "Seed claim (UNVERIFIED), with its range"
    assert values(seed["x"]) == [100e6]
    # Bands from the disclosed tickets to the rounds joined; a $0 lower bound starts at the axis edge, a
    # little left of its first tick ($10M), so that tick keeps its label.
    axis = gap["layout"]["xaxis"]
    edge = 10 ** axis["range"][0]
    assert axis["ticktext"][0] == "$10M" and edge == pytest.approx(10 ** (7 - 0.08 * 4))
    assert documented["x"] == [65e6, 65e6, None, edge, 19.6e9, None, 4e8, 4e8, None]
    assert bound_labels(gap) == [
        "<b>Gulf → other Chinese labs</b>: none documented under these rules",
        "<b>Gulf → MiniMax and Zhipu</b>: $65M",
        "<b>Gulf → Anthropic and OpenAI</b>: $0–$19.6B · 2 undisclosed",
        "<b>Gulf → xAI and other US labs</b>: $400M",
    ]
    assert "Asharq Al-Awsat" in gap["layout"]["annotations"][-1]["text"]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Documented: Gulf → Anthropic and OpenAI"] == "$0–$19.6B"
    assert metrics["US ÷ China, documented"] == "0×–302×"


def test_counting_rules_in_the_url_change_the_totals(fixture_data_dir, monkeypatch):
    app = run_page(PAGES[0], fixture_data_dir, {"cornerstone": "0"}, monkeypatch)
    assert [label.split("</b>: ")[1] for label in bound_labels(charts(app)[0])[:2]] == [
        "none documented under these rules",
        "none documented under these rules",
    ]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["US ÷ China, documented"] == "not computable"


def test_flows_hover_names_the_source_date_and_status(fixture_data_dir, monkeypatch):
    app = run_page(page("flows"), fixture_data_dir, monkeypatch=monkeypatch)
    ranked = charts(app)[1]
    bars = ranked["data"][0]
    assert values(bars["x"]) == [13e9, 6.6e9, 6e9, 687.6e6, 350e6]
    assert bars["customdata"][2][3] == "Asharq Al-Awsat"
    assert bars["customdata"][2][4] == "2024-05"
    assert bars["customdata"][2][5] == "VERIFIED"


def test_flows_draws_undisclosed_gulf_tickets_as_outlines_of_their_rounds(fixture_data_dir, monkeypatch):
    app = run_page(page("flows"), fixture_data_dir, {"investor_region": "Gulf"}, monkeypatch)
    ranked = charts(app)[1]
    outlines = ranked["data"][-1]
    assert (
        outlines["name"].replace("<br>", " ")
        == "Ticket undisclosed: outline = the whole round it is part of, its upper bound (2)"
    )
    assert values(outlines["x"]) == [6.6e9, 13e9]


def test_an_investor_alias_in_the_url_selects_the_entity(fixture_data_dir, monkeypatch):
    app = run_page(page("investors"), fixture_data_dir, {"investor": "mubadala"}, monkeypatch)
    assert_clean(app)
    assert app.multiselect(key="w_investor").value == ["mubadala"]
    assert app.selectbox(key="p_investor").value == "mubadala"
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Deals joined"], metrics["Counted money"]) == ("1", "$0–$6.6B")
    details = [c.value for c in app.caption]
    assert "1 participation" in details and "1 amount undisclosed · 1 participation" in details
    # The participations as a table of markdown cells (one click to each source): dollar signs escaped.
    table = app.table[-1].value
    assert table["Figure"].tolist() == ["MGX → OpenAI"]
    assert (table["Amount (USD)"].tolist(), table["Round (whole deal)"].tolist()) == (
        ["undisclosed"],
        ["\\$6\\.6B"],
    )


def test_the_investors_page_lists_investors_until_one_is_chosen(fixture_data_dir, monkeypatch):
    app = run_page(page("investors"), fixture_data_dir, monkeypatch=monkeypatch)
    assert_clean(app)
    index = app.dataframe[0].value
    assert index["Investor"].tolist()[:2] == ["Abu Dhabi Investment Authority", "Alibaba Group"]
    assert len(index) == 6


def test_choosing_an_investor_on_the_page_updates_the_view(fixture_data_dir, monkeypatch):
    app = run_page(page("investors"), fixture_data_dir, monkeypatch=monkeypatch)
    app.selectbox(key="p_investor").set_value("kingdom_holding").run()
    assert_clean(app)
    assert app.query_params["investor"] == "kingdom_holding"
    assert app.table[-1].value["Amount (USD)"].tolist() == ["\\$400M"]


def test_an_unknown_investor_in_the_url_is_named_and_ignored(fixture_data_dir, monkeypatch):
    app = run_page(page("investors"), fixture_data_dir, {"investor": "Atlantis Fund"}, monkeypatch)
    assert_clean(app)
    assert "investor='Atlantis Fund' \\(no entity has this name or alias" in app.warning[0].value
    assert app.dataframe[0].value.shape[0] == 6


def test_the_labs_page_shows_rounds_valuations_and_participants(fixture_data_dir, monkeypatch):
    app = run_page(page("labs"), fixture_data_dir, {"recipient": "Anthropic"}, monkeypatch)
    assert_clean(app)
    rounds, members = charts(app)
    assert values(rounds["data"][0]["y"]) == [13e9]
    assert values(rounds["data"][1]["y"]) == [183e9]  # the valuation the deal's source states
    assert [trace["name"] for trace in members["data"]] == ["Gulf"]
    assert members["data"][0]["marker"]["symbol"] == ["circle-open"]  # QIA's ticket is undisclosed
    metrics = {m.label: m.value for m in app.metric}
    assert (metrics["Money counted"], metrics["Latest valuation"]) == ("$13B", "$183B")


def test_broken_data_shows_one_banner_and_no_traceback(tmp_path, monkeypatch):
    app = run_page(PAGES[0], tmp_path / "missing", monkeypatch=monkeypatch)
    assert [e.value for e in app.exception] == []
    assert len(app.error) == 1
    assert "does not exist" in app.error[0].value
