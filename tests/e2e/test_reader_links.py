"""Issue 24, by hand and in one browser: a figure's source opens in one click (a tap on a phone), a row's card
opens over the view it came from, the investor list closes after Enter, and on a narrow screen the sidebar
closes once the reader has moved to another page."""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.e2e.server import wait_for_app

WIDTHS = {"desktop": 1400, "phone": 390}


@contextmanager
def opened(browser, server, width: int, path: str):
    # A phone is a touch screen; its user agent stays a desktop one, as a narrow desktop window or a tablet's
    # would (Streamlit only closes the sidebar by itself for a phone's user agent).
    context = browser.new_context(
        viewport={"width": width, "height": 900}, has_touch=width < 700, is_mobile=width < 700
    )
    # No network here: any address outside the app answers "ok", so a source opened in a new tab keeps its
    # address.
    context.route(lambda url: not url.startswith(server.url), lambda route: route.fulfill(body="ok"))
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        yield page
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", ["data?investor_region=Gulf", "investors?investor=mgx"])
def test_a_source_opens_in_one_click_and_a_card_keeps_the_view(browser, server, width, path):
    with opened(browser, server, width, path) as page:
        table = page.locator("[data-testid='stTable']").last
        source = table.locator("a[href^='https://']").first
        source.scroll_into_view_if_needed()
        href = source.get_attribute("href")
        with page.context.expect_page(timeout=5_000) as tab:
            source.tap() if width < 700 else source.click()
        assert tab.value.url == href  # the first click (or tap) opened it
        card = table.locator("a", has_text="open").first
        query = parse_qs(urlsplit(card.get_attribute("href")).query)
        view = parse_qs(urlsplit(page.url).query)
        assert {k: v for k, v in query.items() if k != "figure"} == view and len(query["figure"]) == 1


def test_the_investor_list_closes_after_enter(browser, server):
    with opened(browser, server, 1400, "investors") as page:
        box = page.locator(".st-key-w_investor input")
        box.click()
        box.type("mgx")
        page.keyboard.press("Enter")
        wait_for_app(page)
        assert parse_qs(urlsplit(page.url).query) == {"investor": ["mgx"]}
        assert page.locator("[role='listbox']").count() == 0


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_sidebar_closes_on_a_narrow_screen_after_a_page_change(browser, server, width):
    with opened(browser, server, width, "") as page:
        sidebar = page.locator("[data-testid='stSidebar']")
        if width < 700:
            page.locator("[data-testid='stExpandSidebarButton']").click()
            page.wait_for_timeout(500)
        assert sidebar.get_attribute("data-collapsed") == "false"
        page.locator("[data-testid='stSidebarNav'] a", has_text="Flows").click()
        wait_for_app(page)
        assert urlsplit(page.url).path.endswith("/flows")
        # Closed over a phone's page (once the new page has drawn); a desktop keeps its sidebar beside it.
        if width < 700:
            expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=10_000)
        else:
            page.wait_for_timeout(1_000)
            assert sidebar.get_attribute("data-collapsed") == "false"
