"""Issue 27 in a browser: every page at ?lang=zh, at 1400 and 390 px, shows no English that the product
wrote (the rule is tests/e2e/latin.py) and no chart text past its chart, draws its Chinese in a CJK font (no
tofu), and a reader who reads no English can do the journalist's tasks: find the Gulf money and its source,
an investor by its Chinese name, a claim's verdict, SoftBank's total, a citation, a shared view, the CSV."""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager

import pytest

from fundgap.app.nav import PAGES
from tests.e2e.latin import dataset_values, untranslated
from tests.e2e.server import ROOT, full_page_screenshot, wait_for_app
from tests.e2e.test_reader_tasks import TEXT_OUTSIDE_ITS_CHART, metrics, query_of

DATA = dataset_values(ROOT / "data")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# Every text a reader can see: each paragraph, list item, table cell, heading, label or button (a sentence
# whole, with its links), or the element of a text outside those, and each SVG <text> of a chart with its
# lines joined by spaces (plotly writes a wrapped line as one <tspan> each). Material icons are ligature names
# and a legend's "Aa" is plotly's symbol for a text trace: drawings, not words. Code (a command, a column
# name) is not prose.
VISIBLE_TEXTS = """
() => {
  const seen = e => e && e.checkVisibility({opacityProperty: true, visibilityProperty: true}) && (() => {
    const r = e.getBoundingClientRect();
    return r.width >= 1 && r.height >= 1 && r.right > 0 && r.bottom > 0;
  })();
  const texts = [...document.querySelectorAll('svg text')].filter(t => seen(t) && !t.closest('.legendpoints'))
    .map(t => [...t.childNodes].map(c => c.textContent).join(' ').trim()).filter(Boolean);
  const blocks = new Set();
  const skipped = 'svg, script, style, noscript, code, [data-testid=stIconMaterial]';
  const block = 'p, li, td, th, h1, h2, h3, h4, h5, h6, label, button, summary, [data-testid=stMetricValue]';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    const parent = node.parentElement;
    if (!node.textContent.trim() || !parent || parent.closest(skipped) || !seen(parent)) continue;
    blocks.add(parent.closest(block) || parent);
  }
  for (const element of blocks) {
    const clone = element.cloneNode(true);
    clone.querySelectorAll(skipped).forEach(e => e.remove());
    texts.push(...clone.textContent.split('\\n').map(t => t.trim()).filter(Boolean));
  }
  return texts;
}
"""


@contextmanager
def opened(browser, server, width: int, path: str):
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        yield page
    finally:
        context.close()


def english_on(page) -> dict[str, list[str]]:
    """Each visible text that holds untranslated English, with its English words."""
    found = {}
    for text in page.evaluate(VISIBLE_TEXTS):
        words = untranslated(text, DATA)
        if words:
            found[text[:120]] = words
    return found


def fonts_drawing(page, selector: str) -> dict[str, int]:
    """The fonts Chromium actually drew the element's text with, and how many glyphs each (DevTools'
    CSS.getPlatformFontsForNode): what a reader sees, not what the CSS asks for."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


# Every page's default view, and the views a reader reaches by a link: an investor, a lab, a figure's card.
VIEWS = {spec.slug: "" if spec.default else f"{spec.slug}?" for spec in PAGES} | {
    "investor": "investors?investor=mubadala&",
    "lab": "labs?recipient=zhipu&",
    "figure": "data?figure=g_adia_minimax_ipo_cornerstone&",
}


def gulf_money_and_its_source(page) -> None:
    cards = metrics(page)
    assert cards["原始报道：海湾 → MiniMax和智谱"] == "约1亿美元"
    assert cards["有文献记录：海湾 → MiniMax和智谱"] == "6500万–5.15亿美元"
    assert cards["有文献记录：海湾 → Anthropic和OpenAI"] == "0–906亿美元"
    assert page.locator("[data-testid='stTable'] a[href^='https://']").count() >= 1


def softbanks_total(page) -> None:
    assert metrics(page)["OpenAI：全部计入"] == "404.5亿–405.5亿美元"


def a_claims_verdict(page) -> None:
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "部分属实" in main  # the Gulf → China claim's verdict
    # The verdicts quote the same totals as the Overview and SoftBank pages.
    assert "404.5亿–405.5亿美元" in main and "6500万–5.15亿美元" in main


def a_citation_in_the_readers_language(page) -> None:
    card = page.locator(".st-key-figure_card")
    assert "引用此数据项" in card.inner_text()
    text = card.locator("[data-testid='stCode']").first.inner_text()
    assert text.startswith("MiniMax Group Inc. (HKEX announcement;")
    assert "数据项g_adia_minimax_ipo_cornerstone（阿布扎比投资局 → MiniMax，6500万美元）" in text
    assert "&lang=zh" in text


# The journalist's tasks, each on the view it needs (the others are tests of their own below).
READER_TASKS = {
    "overview": gulf_money_and_its_source,
    "softbank": softbanks_total,
    "claims": a_claims_verdict,
    "figure": a_citation_in_the_readers_language,
}


def assert_drawn_in_a_cjk_font(page, selector: str) -> None:
    """The element's Chinese is drawn in a CJK font: a Latin font drew no more glyphs than the text has
    characters that are not Chinese (tofu is a Chinese character drawn by a font that lacks it)."""
    text = page.locator(selector).first.text_content() or ""
    fonts = fonts_drawing(page, selector)
    cjk = sum(n for family, n in fonts.items() if "CJK" in family)
    other = sum(n for family, n in fonts.items() if "CJK" not in family)
    not_chinese = len(HAN.sub("", text))  # spaces are glyphs too
    assert HAN.search(text) and cjk > 0 and other <= not_chinese, (text, fonts)


@pytest.mark.parametrize("name", VIEWS)
def test_every_page_in_chinese_shows_no_untranslated_english_and_no_tofu(
    browser, server, name, screenshot_dir
):
    path = VIEWS[name] or "?"
    with opened(browser, server, 1400, f"{path}lang=zh") as page:
        assert_drawn_in_a_cjk_font(page, "h1")
        # A chart's first Chinese text (an axis title, a legend entry, the source line), marked to be found.
        if page.evaluate(
            """() => { const t = [...document.querySelectorAll('.stPlotlyChart svg text')]
                         .find(e => /[\\u4e00-\\u9fff]/.test(e.textContent));
                       if (t) t.setAttribute('data-probe', ''); return Boolean(t); }"""
        ):
            assert_drawn_in_a_cjk_font(page, "[data-probe]")
        READER_TASKS.get(name, lambda page: None)(page)
        for width in (1400, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(800)  # plotly redraws the charts for the new width
            assert english_on(page) == {}, f"{name} at {width} px"
            assert page.evaluate(TEXT_OUTSIDE_ITS_CHART) == [], f"{name} at {width} px"
        # One screenshot, at a phone's width, where Chinese wraps most, for a person to look at.
        full_page_screenshot(page, screenshot_dir / f"zh-{name}-390.png")


def test_a_chinese_reader_finds_an_investor_by_its_chinese_name_and_every_deal_it_joined(browser, server):
    with opened(browser, server, 1400, "investors?lang=zh") as page:
        box = page.locator(".st-key-p_investor input")
        box.click()
        box.fill("穆巴达拉")
        page.keyboard.press("Enter")
        wait_for_app(page)
        assert query_of(page) == {"investor": ["mubadala"], "lang": ["zh"]}
        page.wait_for_selector(".stPlotlyChart")
        titles = page.locator("[class*='st-key-charthead_']").all_inner_texts()
        assert titles[0].startswith("该投资方参与的每一笔交易"), titles
        assert page.locator("[data-testid='stTable']").last.locator("a[href^='https://']").count() >= 1
        assert english_on(page) == {}


def test_the_language_switch_keeps_the_view_and_english_is_unchanged(browser, server):
    with opened(browser, server, 1400, "softbank?investor_region=Japan&unverified=1") as page:
        english = metrics(page)
        page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
        wait_for_app(page)
        query = query_of(page)
        assert query["lang"] == ["zh"] and query["investor_region"] == ["Japan"]
        assert query["unverified"] == ["1"]
        chinese = metrics(page)
        assert len(chinese) == len(english)
        page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
        wait_for_app(page)
        assert "lang" not in query_of(page)
        assert metrics(page) == english


def test_a_chinese_readers_csv_keeps_english_columns_and_the_permalink_keeps_the_language(browser, server):
    with opened(browser, server, 1400, "data?lang=zh&investor_region=Gulf") as page:
        button = page.locator(".st-key-dl_data_csv button", has_text="下载CSV").first
        with page.expect_download() as download:
            button.click()
        text = download.value.path().read_text(encoding="utf-8")
        header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
        assert "figure_id" in header and "source_url" in header
        assert all(not HAN.search(name) for name in header)
        assert "lang=zh" in text  # the CSV's permalink column
