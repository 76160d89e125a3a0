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
from fundgap.views import words

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


DECLARED = [(spec, name) for spec in PAGES for name in words.page(spec.slug).charts]


def test_every_page_declares_its_words_and_the_charts_it_draws():
    assert words.slugs() == sorted(p.slug for p in PAGES)
    assert {spec.slug: sorted(words.page(spec.slug).charts) for spec in PAGES} == {
        "overview": ["ai_index_chart", "gap_chart"],
        "flows": ["flow_sankey", "ranked_bars"],
        "investors": ["investor_timeline"],
        "labs": ["lab_participants", "lab_rounds"],
        "softbank": ["softbank_chart"],
        "openness": ["openness_timeline"],
        "country_totals": ["ai_index_chart", "provider_panels"],
        "claims": ["claim_chart"],
        "data": [],
        "sources": ["calibration_chart"],
    }


@pytest.mark.parametrize(("spec", "name"), DECLARED, ids=[f"{s.slug}-{n}" for s, n in DECLARED])
def test_every_declared_chart_is_drawn_with_its_title_a_source_line_and_alt_text(
    spec, name, fixture_data_dir, monkeypatch
):
    """Each chart a page declares in its meta file is drawn under the view that file names, with the words
    it gives: a page that stops drawing a chart, or draws it without a source line, fails here."""
    declared = words.page(spec.slug).charts[name]
    app = run_page(spec, fixture_data_dir, declared.drawn_with, monkeypatch)
    assert_clean(app)
    shown = [element.value for element in app.markdown]
    # A title with a placeholder ("Claim: {subject}") is matched on its fixed start.
    start = declared.title.split("{")[0]
    drawn = [c for c in charts(app) if c["layout"]["meta"]["title"].startswith(start)]
    assert drawn, f"{spec.slug} does not draw {name} under {declared.drawn_with}"
    for spec_json in drawn:
        layout = spec_json["layout"]
        # The title and the view in words are page text above the chart (they wrap on a phone), not plotly's.
        assert f"**{markdown_literal(layout['meta']['title'])}**" in shown
        assert "title" not in layout or not layout["title"].get("text")
        lines = [a["text"] for a in layout.get("annotations", []) if a.get("name") == "source_line"]
        assert len(lines) == 1 and lines[0].startswith("Source: ")
        assert layout["meta"]["alt"].startswith(declared.alt.split("{")[0])


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
    assert values(seed["x"]) == [100e6, 15e9]  # both seed claims: the fixture holds both
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
    # The six investors with a row of their own, and the owners of the vehicles among them (G42 and Mubadala
    # through MGX, SoftBank Group through SVF2): an owner's total includes its vehicles'.
    assert index["Investor"].tolist()[:2] == ["Abu Dhabi Investment Authority", "Alibaba Group"]
    assert len(index) == 9
    assert set(index["Investor"]) >= {"G42", "Mubadala Investment Company", "SoftBank Group"}


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
    assert app.dataframe[0].value.shape[0] == 9


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


ESTIMATE = {"undisclosed": "estimate"}
NO_INTERVAL = "(no 80% interval: the back-test has no held-out ticket)"


def estimate_lines(app: AppTest) -> list[str]:
    """The cards' model-estimate lines, as the page writes them (italic, dataset-safe markdown)."""
    return [c.value for c in app.caption if c.value.startswith("*") and "model estimate" in c.value]


def test_the_headline_cards_keep_their_bounds_and_always_give_a_model_estimate(fixture_data_dir, monkeypatch):
    # The headline cards give the estimate beside the hard bounds under any rules (issue 22); the chart draws
    # its marks only when the reader asks for estimates.
    plain = run_page(PAGES[0], fixture_data_dir, monkeypatch=monkeypatch)
    app = run_page(PAGES[0], fixture_data_dir, ESTIMATE, monkeypatch)
    assert estimate_lines(plain) == estimate_lines(app)
    assert_clean(app)
    metrics = {m.label: m.value for m in app.metric}
    # The values stay what the sources state.
    assert metrics["Documented: Gulf → Anthropic and OpenAI"] == "$0–$19.6B"
    assert metrics["US ÷ China, documented"] == "0×–302×"
    # The fixture's deals have one participant each: each undisclosed ticket is estimated at its whole round,
    # and the back-test holds out no ticket, so there is no interval.
    assert estimate_lines(app) == [
        "*" + markdown_literal("every amount disclosed: no model estimate needed") + "*",
        "*" + markdown_literal(f"model estimate of 2 undisclosed tickets: about $19.6B {NO_INTERVAL}") + "*",
        "*" + markdown_literal(f"model estimate: about 302× {NO_INTERVAL}") + "*",
    ]
    assert app.radio(key="w_undisclosed").value == "estimate"
    # On the gap chart, the estimated total is a hollow diamond on its band, the band itself unchanged.
    gap = charts(app)[0]
    diamonds = gap["data"][-1]
    assert diamonds["marker"]["symbol"] == "diamond-open"
    assert diamonds["name"].replace("<br>", " ").startswith("Model estimate of the documented total")
    assert (values(diamonds["x"]), diamonds["y"]) == ([19.6e9], ["Gulf → Anthropic and OpenAI"])
    edge = 10 ** gap["layout"]["xaxis"]["range"][0]  # a $0 lower bound starts at the axis edge
    assert gap["data"][0]["x"] == [65e6, 65e6, None, edge, 19.6e9, None, 4e8, 4e8, None]
    assert len(charts(plain)[0]["data"]) == 2  # no estimate asked for: bands and seed claims only


def test_flows_draw_estimates_as_hollow_diamonds_never_as_bars(fixture_data_dir, monkeypatch):
    app = run_page(page("flows"), fixture_data_dir, {"investor_region": "Gulf", **ESTIMATE}, monkeypatch)
    assert_clean(app)
    ranked = charts(app)[1]
    diamonds = ranked["data"][-1]
    assert diamonds["type"] == "scatter" and diamonds["marker"]["symbol"] == "diamond-open"
    assert diamonds["name"].replace("<br>", " ").startswith("Model estimate of an undisclosed ticket")
    assert diamonds["name"].endswith("(2)")
    assert values(diamonds["x"]) == [6.6e9, 13e9]
    # The outlines of the rounds are still there, and no bar carries an estimate.
    outlines = ranked["data"][-2]
    assert values(outlines["x"]) == [6.6e9, 13e9] and outlines["type"] == "bar"
    assert all("estimate" not in trace["name"].lower() for trace in ranked["data"] if trace["type"] == "bar")


def test_an_investors_timeline_and_counted_money_carry_its_estimate(fixture_data_dir, monkeypatch):
    app = run_page(page("investors"), fixture_data_dir, {"investor": "qia", **ESTIMATE}, monkeypatch)
    assert_clean(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Counted money"] == "$0–$13B"
    assert estimate_lines(app) == [
        "*" + markdown_literal(f"model estimate of 1 undisclosed ticket: about $13B {NO_INTERVAL}") + "*"
    ]
    timeline = charts(app)[0]
    diamonds = [t for t in timeline["data"] if t["marker"].get("symbol") == "diamond-open"]
    # One row per participation: the estimate sits on the ticket's own row, on the dollar axis.
    assert len(diamonds) == 1 and values(diamonds[0]["x"]) == [13e9]
    assert diamonds[0]["y"] == ["QIA → Anthropic (2025-09) · undisclosed of $13B"]


def test_the_data_table_gives_each_undisclosed_ticket_its_model_estimate(fixture_data_dir, monkeypatch):
    app = run_page(page("data"), fixture_data_dir, {"investor_region": "Gulf"}, monkeypatch)
    assert_clean(app)
    # The table's cells are markdown (a source opens in one click): dataset text arrives escaped.
    table = app.table[-1].value.set_index("Figure")
    estimate = "Model estimate (no source's figure)"
    assert table.loc[markdown_literal("MGX → OpenAI"), "Amount (USD)"] == "undisclosed"
    assert table.loc[markdown_literal("MGX → OpenAI"), estimate] == markdown_literal(
        f"model estimate: about $6.6B {NO_INTERVAL} · allocation model v1"
    )
    assert table.loc[markdown_literal("Kingdom Holding Company → xAI"), estimate] == ""


def test_sources_and_method_show_the_back_test_tables(fixture_data_dir, monkeypatch):
    app = run_page(page("sources"), fixture_data_dir, monkeypatch=monkeypatch)
    assert_clean(app)
    by_role = next(d for d in app.dataframe if list(d.value.columns)[0] == "Role").value
    assert list(by_role.columns) == ["Role", "Tickets", "Median error", "Within ×2", "In 80% interval"]
    assert by_role["Role"].tolist() == ["all"] and by_role["Tickets"].tolist() == [0]
    assert any("**The back-test.**" in m.value for m in app.markdown)
