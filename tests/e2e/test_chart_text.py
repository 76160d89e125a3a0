"""Issue 24: what a reader sees in every chart, at a desktop (1400 px) and a phone (390 px) width. Every text
element plotly draws is measured where the browser put it: no two may overlap, no marker may cover one, none
may be smaller than 9 px on a phone, no chart may print a missing value ("nan", "None"), and an axis that
labels its ticks labels at least two."""

from __future__ import annotations

import json

import pytest

from fundgap.app.nav import PAGES
from tests.e2e.server import full_page_screenshot, wait_for_app

WIDTHS = {"desktop": 1400, "phone": 390}
# Every page as a link opens it, and the views whose charts a page draws only when asked: one investor (MGX
# joined deals on the same day), one lab and two, one lab's panel on Open or closed (a short chart, where the
# legend and the panel title meet), and the Overview of a year with nothing documented (a seed claim on a row
# that says so in words).
VIEWS = [("" if spec.default else spec.slug) for spec in PAGES] + [
    "investors?investor=mgx",
    "investors?investor=softbank",
    "labs?recipient=zhipu",
    "labs?recipient=openai&recipient=zhipu",
    "openness?recipient=zhipu",
    "?year_to=2023",
    "softbank?infrastructure=1&releases=1",
]
SMALLEST_PX = 9  # the smallest text a phone reader can read without zooming
# Two text boxes closer than this overlap only in their line spacing (ascent and descent), not in ink.
SLACK_PX = 2

# Every visible text element in every plotly chart: its text, its box on screen and its rendered size (the
# font size times the scale of any transform, since plotly shrinks bar labels that do not fit by scaling).
CHART_TEXTS = """
() => [...document.querySelectorAll('.stPlotlyChart')].flatMap((chart, index) =>
  [...chart.querySelectorAll('svg text')].filter(t => t.textContent.trim()
      && t.checkVisibility({opacityProperty: true, visibilityProperty: true})
      && !t.closest('.hoverlayer')).map(t => {
    const r = t.getBoundingClientRect();
    const m = t.getScreenCTM();
    const scale = m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) : 1;
    return {chart: index, text: t.textContent.trim(), size: parseFloat(getComputedStyle(t).fontSize) * scale,
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }).filter(t => t.right - t.left > 0 && t.bottom - t.top > 0))
"""
# Every marker plotly draws in a chart's plot area (dots, diamonds, circles; not the legend's samples).
CHART_MARKS = """
() => [...document.querySelectorAll('.stPlotlyChart')].flatMap((chart, index) =>
  [...chart.querySelectorAll('.scatterlayer path.point')].filter(p =>
      p.checkVisibility({opacityProperty: true, visibilityProperty: true})).map(p => {
    const r = p.getBoundingClientRect();
    return {chart: index, text: 'marker', left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }).filter(p => p.right - p.left > 0))
"""

# Value axes (dollars, dates) that label only one tick: each as chart index, subplot and axis with that one
# label. An axis with no labels hides them on purpose (row charts write each row's name above it instead); a
# category axis of one category (one year's bar) has only one thing to name.
ONE_TICK_AXES = """
() => [...document.querySelectorAll('.stPlotlyChart')].flatMap((chart, index) => {
  const layout = chart.querySelector('.js-plotly-plot')._fullLayout;
  return [...chart.querySelectorAll('g.subplot')].flatMap(subplot => {
    const [, x, y] = subplot.getAttribute('class').match(/(x\\d*)(y\\d*)/);
    return [[x, 'x'], [y, 'y']].map(([id, letter]) => {
      const axis = layout[letter + 'axis' + id.slice(1)];
      const labels = [...subplot.querySelectorAll(`g.${letter}axislayer-above text`)].filter(t =>
          t.textContent.trim() && t.checkVisibility({opacityProperty: true, visibilityProperty: true}));
      return {chart: index, axis: id, type: axis && axis.type, labels: labels.map(t => t.textContent.trim())};
    });
  }).filter(a => a.labels.length === 1 && a.type !== 'category');
})
"""


def overlapping(texts: list[dict], others: list[dict] | None = None) -> list[tuple[str, str]]:
    """Pairs of boxes in the same chart that overlap by more than SLACK_PX both ways: two texts, or (with
    `others`) a text and one of the others."""
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :] if others is None else others:
            if a["chart"] != b["chart"]:
                continue
            across = min(a["right"], b["right"]) - max(a["left"], b["left"])
            down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if across > SLACK_PX and down > SLACK_PX:
                pairs.append((a["text"][:50], b["text"][:50]))
    return pairs


def missing_values(texts: list[dict]) -> list[str]:
    return [t["text"] for t in texts if {"nan", "NaN", "None"} & set(_words(t["text"]))]


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text).split()


def test_overlap_finds_crossing_boxes_and_spares_touching_ones():
    box = {"chart": 0, "text": "a", "left": 0, "right": 50, "top": 0, "bottom": 14}
    assert overlapping([box, {**box, "text": "b", "left": 40, "right": 90, "top": 10, "bottom": 24}]) == [
        ("a", "b")
    ]
    assert overlapping([box, {**box, "text": "b", "top": 12, "bottom": 26}]) == []  # 2 px of line spacing
    assert overlapping([box, {**box, "chart": 1, "text": "b"}]) == []  # another chart
    assert missing_values([{"text": "Whole round → Zhipu (nan)"}, {"text": "Nanjing"}]) == [
        "Whole round → Zhipu (nan)"
    ]


@pytest.mark.e2e
def test_no_chart_text_overlaps_is_too_small_or_prints_a_missing_value(browser, server, screenshot_dir):
    problems: dict[str, list] = {}
    for name, width in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            for path in VIEWS:
                page.goto(f"{server.url}/{path}")
                wait_for_app(page)
                page.wait_for_timeout(800)  # plotly lays out its text after the script has finished
                texts = page.evaluate(CHART_TEXTS)
                if page.locator("[data-testid='stException']").count():
                    problems[f"/{path} at {width} px: exception"] = [
                        page.locator("[data-testid='stException']").first.inner_text()[:300]
                    ]
                where = f"/{path} at {width} px"
                found = {
                    "overlap": overlapping(texts),
                    "marker over text": overlapping(texts, page.evaluate(CHART_MARKS)),
                    "missing value": missing_values(texts),
                    "one labelled tick": page.evaluate(ONE_TICK_AXES),
                    "too small": [
                        (t["text"][:50], round(t["size"], 1))
                        for t in texts
                        if width < 700 and t["size"] < SMALLEST_PX
                    ],
                }
                for kind, items in found.items():
                    if items:
                        problems[f"{where}: {kind}"] = items
                if any(found.values()):
                    slug = "".join(c if c.isalnum() else "-" for c in path) or "overview"
                    full_page_screenshot(page, screenshot_dir / f"text-{slug}-{name}.png")
        finally:
            context.close()
    # The whole list, for a person to read: the assertion message is cut short.
    (screenshot_dir / "chart-text-problems.json").write_text(
        json.dumps(problems, indent=1, ensure_ascii=False)
    )
    assert problems == {}
