"""AppTest: every registered page runs from the real data and from the fixture; the URL seeds the filters;
charts carry their titles, sources and expected values."""

from __future__ import annotations

import base64
import json

import numpy as np

import pytest
from streamlit.testing.v1 import AppTest

from fundgap import paths
from fundgap.nav import PAGES

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
    for spec_json in charts(app):
        layout = spec_json["layout"]
        assert layout["title"]["text"]
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
    app = run_page(PAGES[0], fixture_data_dir, {"investor_region": "Atlantis", "year_from": "soon"}, monkeypatch)
    assert_clean(app)
    assert app.multiselect(key="w_investor_region").value == []
    warning = app.warning[0].value
    assert "investor\\_region='Atlantis' \\(no such value in the data\\)" in warning


def test_overview_gap_chart_holds_the_seed_claim_and_documented_totals(fixture_data_dir, monkeypatch):
    app = run_page(PAGES[0], fixture_data_dir, monkeypatch=monkeypatch)
    gap = charts(app)[0]
    seed, documented = gap["data"]
    assert seed["name"] == "Seed claim (UNVERIFIED)"
    assert values(seed["x"])[0] == 100e6
    assert values(documented["x"]) == [65e6, 400e6]
    assert documented["text"] == ["$65M", "$400M + 1 undisclosed"]
    assert "Asharq Al-Awsat" in gap["layout"]["annotations"][-1]["text"]


def test_counting_rules_in_the_url_change_the_totals(fixture_data_dir, monkeypatch):
    app = run_page(PAGES[0], fixture_data_dir, {"cornerstone": "0"}, monkeypatch)
    documented = charts(app)[0]["data"][1]
    assert documented["text"] == ["no disclosed amount", "$400M + 1 undisclosed"]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["US ÷ China, documented"] == "not computable"


def test_flows_hover_names_the_source_date_and_status(fixture_data_dir, monkeypatch):
    spec = next(p for p in PAGES if p.slug == "flows")
    app = run_page(spec, fixture_data_dir, monkeypatch=monkeypatch)
    ranked = charts(app)[1]
    bars = ranked["data"][0]
    assert values(bars["x"]) == [687.6e6, 400e6, 65e6]
    assert bars["customdata"][1][3] == "Asharq Al-Awsat"
    assert bars["customdata"][1][4] == "2024-05"
    assert bars["customdata"][1][5] == "VERIFIED"
    undisclosed = ranked["data"][-1]
    assert undisclosed["name"] == "Amount undisclosed (1)"


def test_broken_data_shows_one_banner_and_no_traceback(tmp_path, monkeypatch):
    app = run_page(PAGES[0], tmp_path / "missing", monkeypatch=monkeypatch)
    assert [e.value for e in app.exception] == []
    assert len(app.error) == 1
    assert "does not exist" in app.error[0].value
