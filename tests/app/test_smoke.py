"""Streamlit's own smoke test, as its GitHub app-action runs it: the entry point, then every page file on its
own, each run with AppTest and no exception. A page file run alone renders its page and sidebar, and never
loops."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from fundgap.app.nav import PAGES
from fundgap.data import paths

SCRIPTS = ["dashboard.py", *(p.path for p in PAGES)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_each_script_runs_on_its_own_without_an_exception(script):
    app = AppTest.from_file(str(paths.PROJECT_ROOT / script), default_timeout=30)
    app.run()
    assert not app.exception
    assert app.title and app.title[0].value  # the page's own content, not an empty rerun


@pytest.mark.parametrize("spec", [p for p in PAGES if not p.default], ids=lambda p: p.slug)
def test_a_page_run_on_its_own_keeps_its_sidebar_filters(spec):
    app = AppTest.from_file(str(paths.PROJECT_ROOT / spec.path), default_timeout=30)
    app.query_params["investor_region"] = "Gulf"
    app.run()
    assert not app.exception
    assert app.multiselect(key="w_investor_region").value == ["Gulf"]


def test_a_page_run_on_its_own_with_broken_data_shows_the_banner_and_stops(tmp_path, monkeypatch):
    monkeypatch.setenv("FUNDGAP_DATA_DIR", str(tmp_path / "missing"))
    app = AppTest.from_file(str(paths.PROJECT_ROOT / "app_pages" / "flows.py"), default_timeout=30)
    app.run()
    assert not app.exception
    assert len(app.error) == 1 and "does not exist" in app.error[0].value
