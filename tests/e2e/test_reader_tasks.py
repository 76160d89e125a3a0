"""Issue 17, walked through as a journalist would, on a desktop (1400 px) and a phone (390 px): every page
readable with no chart text past its chart, totals that agree, caveats in view, and filters a person can use
and undo."""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from fundgap.app.nav import PAGES
from tests.e2e.server import full_page_screenshot, wait_for_app

WIDTHS = {"desktop": 1400, "phone": 390}

# Every text element plotly draws (axis titles and ticks, legend entries, annotations, bar labels, source
# line) must lie inside its chart's own box; the result lists those that do not, with by how many pixels.
TEXT_OUTSIDE_ITS_CHART = """
() => [...document.querySelectorAll('.stPlotlyChart')].flatMap((chart, index) => {
  const svg = chart.querySelector('svg.main-svg');
  if (!svg) return [];
  const box = svg.getBoundingClientRect();
  return [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()
      && t.checkVisibility({opacityProperty: true, visibilityProperty: true})).map(t => {
    const r = t.getBoundingClientRect();
    return {chart: index, text: t.textContent.slice(0, 60),
            left: box.left - r.left, right: r.right - box.right};
  }).filter(o => o.left > 1 || o.right > 1);
})
"""
PAGE_WIDER_THAN_SCREEN = (
    "() => document.querySelector('[data-testid=stMain]').scrollWidth - window.innerWidth"
)


@contextmanager
def opened(browser, server, width: int, path: str):
    """A fresh browser context at this width on this page, closed afterwards whatever happens."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        yield page
    finally:
        context.close()


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def metrics(page) -> dict[str, str]:
    cards = page.locator("[data-testid='stMetric']")
    return {
        cards.nth(i).locator("[data-testid='stMetricLabel']").inner_text().strip(): cards.nth(i)
        .locator("[data-testid='stMetricValue']")
        .inner_text()
        .strip()
        for i in range(cards.count())
    }


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("spec", PAGES, ids=[p.slug for p in PAGES])
def test_every_page_keeps_chart_text_inside_its_chart(browser, server, spec, width, screenshot_dir):
    with opened(browser, server, width, "" if spec.default else spec.slug) as page:
        page.wait_for_timeout(800)  # plotly lays out its text after the script has finished
        assert page.evaluate(TEXT_OUTSIDE_ITS_CHART) == []
        assert (
            page.evaluate(PAGE_WIDER_THAN_SCREEN) <= 0
        )  # wide tables scroll inside themselves, not the page
        assert page.locator("[data-testid='stException']").count() == 0
        full_page_screenshot(page, screenshot_dir / f"{spec.slug}-{width}.png")


@pytest.mark.parametrize(
    "path", ["investors?investor=mubadala", "labs?recipient=zhipu"], ids=["investor", "lab"]
)
def test_a_deep_link_keeps_chart_text_inside_its_chart_on_a_phone(browser, server, path):
    # A lab's participants are named in the y axis's margin: the source line under the plot must start at the
    # chart's edge, not where the plot starts, or a phone cuts it off.
    with opened(browser, server, WIDTHS["phone"], path) as page:
        page.wait_for_timeout(800)
        assert page.evaluate(TEXT_OUTSIDE_ITS_CHART) == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_typing_a_lab_name_and_enter_picks_that_lab_only(browser, server, width):
    with opened(browser, server, width, "flows") as page:
        if width < 700:
            page.locator("[data-testid='stExpandSidebarButton']").click()
        box = page.locator(".st-key-w_recipient input")
        box.click()
        box.fill("OpenAI")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        wait_for_app(page)
        assert query_of(page) == {"recipient": ["openai"]}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_filters_that_empty_the_softbank_page_say_why_and_reset(browser, server, width):
    with opened(browser, server, width, "softbank?recipient=zhipu") as page:
        notice = page.locator("[data-testid='stAlertContentInfo']").first.inner_text()
        empty = re.search(r"(\d+) of 6 cards \(.*\) (is|are) empty under the filters in force", notice)
        assert empty and "Zhipu" in notice
        assert empty.group(2) == ("is" if empty.group(1) == "1" else "are")  # "2 of 6 cards ... are empty"
        assert metrics(page)["OpenAI: all counted"] == "none counted"
        page.locator("[data-testid='stMain'] button", has_text="Reset filters").first.click()
        wait_for_app(page)
        assert query_of(page) == {}
        # July 2026's $10B tranche is UNVERIFIED (its only pages link SoftBank's release without its text).
        assert metrics(page)["OpenAI: all counted"] == "$40.45B–$40.55B"
        assert page.locator("[data-testid='stAlertContentInfo']").count() == 0


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_softbank_shows_paid_and_committed_apart_and_the_claims_verdict_quotes_the_same_total(
    browser, server, width, screenshot_dir
):
    with opened(browser, server, width, "softbank") as page:
        cards = metrics(page)
        assert (
            cards["OpenAI: paid in"],
            cards["OpenAI: committed, not yet shown paid"],
            cards["OpenAI: all counted"],
        ) == ("$40.45B–$40.55B", "none counted", "$40.45B–$40.55B")
        assert "Stargate infrastructure" not in cards
        page.goto(f"{server.url}/softbank?infrastructure=1")
        wait_for_app(page)
        assert metrics(page)["Stargate infrastructure"] == "$18B"
        assert (
            "Infrastructure commitments are switched on"
            in page.locator("[data-testid='stMain']").inner_text()
        )
        full_page_screenshot(page, screenshot_dir / f"softbank-infrastructure-{width}.png")
        page.goto(f"{server.url}/claims")
        wait_for_app(page)
        assert (
            "Documented SoftBank → OpenAI: $40.45B–$40.55B"
            in page.locator("[data-testid='stMain']").inner_text()
        )


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_overview_headline_carries_the_adia_caveat(browser, server, width):
    with opened(browser, server, width, "") as page:
        text = page.locator("[data-testid='stMain']").inner_text()
        assert "⚠ 1 figure to check" in text
        assert metrics(page)["Documented: Gulf → MiniMax and Zhipu"] == "$65M–$515M"


def test_a_permalink_opens_the_figure_card_with_a_citation_that_parses(browser, server, screenshot_dir):
    import bibtexparser

    with opened(browser, server, 1400, "data?figure=g_adia_minimax_ipo_cornerstone") as page:
        card = page.locator(".st-key-figure_card")
        assert "Figure g_adia_minimax_ipo_cornerstone" in card.inner_text()
        assert "Cite this figure" in card.inner_text()
        card.get_by_role("tab", name="BibTeX").click()
        bibtex = card.locator("[data-testid='stCode']").nth(1).inner_text()
        library = bibtexparser.parse_string(bibtex)
        assert library.failed_blocks == [] and len(library.entries) == 1
        assert "version=" in library.entries[0].fields_dict["note"].value
        assert page.locator("h1", has_text="Data").count() == 1  # the page still renders below the card
        full_page_screenshot(page, screenshot_dir / "figure-card.png")
