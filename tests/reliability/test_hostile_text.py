"""Hostile text stays inert: the build rejects what the rules forbid; what is allowed renders as plain text in
every page, hover label and table in real Chromium, and is neutralised in every export."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import sync_playwright

from fundgap.analysis.view import View
from fundgap.app.nav import PAGES
from fundgap.common.safety import looks_like_formula
from fundgap.data.build import build_dataset, render_outputs, write_atomically
from fundgap.data.curated import read_curated
from fundgap.data.load import read_dataset
from fundgap.data.validate import validate
from fundgap.export import snapshot as export
from tests.conftest import edit_cell
from tests.e2e.server import launch_chromium, streamlit_server, wait_for_app
from tests.reliability.hostile import FORBIDDEN_TEXT, FORBIDDEN_URLS, INERT, MARK, hostile_curated


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    curated = hostile_curated(tmp_path_factory.mktemp("hostile") / "curated")
    out = tmp_path_factory.mktemp("hostile_data")
    write_atomically(render_outputs(build_dataset(curated)), out)
    return out


@pytest.mark.parametrize("text", FORBIDDEN_TEXT)
def test_the_build_rejects_formula_text(curated_copy, text):
    edit_cell(curated_copy, "participations.csv", "kingdom_xai_b", "notes", text)
    assert [p.message for p in validate(read_curated(curated_copy))] == [
        "text starts like a spreadsheet formula (=, +, -, @, tab, CR or a full-width form)"
    ]


@pytest.mark.parametrize("url", FORBIDDEN_URLS)
def test_the_build_rejects_links_that_are_not_https(curated_copy, url):
    edit_cell(curated_copy, "sources.csv", "aawsat_xai", "url", url)
    assert [p.message for p in validate(read_curated(curated_copy))] == [
        "only https:// URLs with a host are accepted"
    ]


def test_exports_of_hostile_rows_keep_the_text_and_start_no_formula(hostile_data):
    data = read_dataset(hostile_data)
    text = export.to_csv(export.snapshot(data.figures, View(), data.version)).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert not any(looks_like_formula(cell) for cell in cells if cell and not cell.replace(".", "").isdigit())
    for hostile in INERT[:6]:
        assert hostile in text.replace('""', '"')


INERT_CHECK = """() => ({
  pwned: typeof window.__pwned !== 'undefined',
  jsLinks: document.querySelectorAll(
    'a[href^="javascript:" i], a[href^="data:" i], a[href^="vbscript:" i]').length,
  injected: document.querySelectorAll(
    'img[src="x"], svg[onload], iframe[src^="javascript" i], [onerror], [onload]').length
    + [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
})"""


@pytest.mark.e2e
def test_every_page_renders_hostile_text_as_plain_text_in_chromium(hostile_data):
    seen_literal, seen_hover = set(), set()
    with streamlit_server(data_dir=hostile_data) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for spec in PAGES:
            path = "" if spec.default else spec.slug
            page.goto(f"{server.url}/{path}?investor=%3Cscript%3E{MARK}%3D9%3C%2Fscript%3E")
            wait_for_app(page)
            for expander in page.locator("[data-testid='stExpander'] summary").all():
                expander.click()
            hovered = 0
            for point in page.locator(".stPlotlyChart .point path, .stPlotlyChart .sankey-link").all()[:20]:
                point.scroll_into_view_if_needed()
                box = point.bounding_box()
                if box and box["width"] > 3:
                    # Bars on a log axis start far left of the plot: hover their visible right end.
                    point.hover(position={"x": box["width"] - 2, "y": box["height"] / 2}, force=True)
                    hovered += 1
                    labels = page.evaluate(
                        "() => [...document.querySelectorAll('.hoverlayer text')].map(t => "
                        "t.textContent).join(' ')"
                    )
                    seen_hover.add(labels)
            page.wait_for_timeout(300)
            state = page.evaluate(INERT_CHECK)
            assert state == {"pwned": False, "jsLinks": 0, "injected": 0}, spec.slug
            assert page.locator("[data-testid='stException']").count() == 0, spec.slug
            body = page.evaluate(
                "() => document.body.innerText + ' ' + [...document.querySelectorAll('svg "
                "text')].map(t => t.textContent).join(' ')"
            )
            seen_literal |= {text for text in INERT if text in body}
        browser.close()
    # The markup is shown as the literal characters somewhere (titles, hover, cards), proving it was not
    # parsed.
    assert f"<script>{MARK}=1</script>" in seen_literal
    assert any(f"<script>{MARK}=1</script>" in label or "<img src=x" in label for label in seen_hover), (
        sorted(seen_hover)[:8]
    )
