"""The Claims page in Chinese (issue 27): the verdict summaries fundgap writes, claimed amounts, the listing
panels' facts with amounts in their own currencies, the source entries of the theses charts, and the words
every claim and thesis chart writes in its hover text. Exact expected strings; English stays as it was."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from fundgap.analysis import aggregate, theses
from fundgap.analysis.claims import ClaimCard, Documented, verdict_counts
from fundgap.analysis.view import View
from fundgap.common import i18n
from fundgap.data import paths
from fundgap.data.load import read_dataset
from fundgap.views import bundles, thesis_bundles
from fundgap.views.charts import theses as thesis_charts
from tests.unit.test_theses import ENTITIES, _values_frame

ZH = i18n.ZH


# -- amounts in their own currency --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "currency", "fine", "expected"),
    [
        (4.35e9, "HKD", False, "43.5亿港元"),
        (2.98e9, "HKD", False, "29.8亿港元"),
        (2.438e10, "CNY", True, "243.8亿元人民币"),
        (1.5e10, "USD", False, "150亿美元"),
        (-2e7, "HKD", False, "-2000万港元"),
    ],
)
def test_an_amount_in_a_currency_reads_as_chinese_news_writes_it(amount, currency, fine, expected):
    assert i18n.money(amount, currency, ZH, fine) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    # At the precision the English label prints (HK$4.35B, ¥24.38B), never more.
    [
        (4.3481e9, "HKD", "43.5亿港元"),
        (24.377e9, "CNY", "243.8亿元人民币"),
        (51e9, "HKD", "510亿港元"),
        (None, "HKD", ""),
    ],
)
def test_a_source_amount_in_its_own_currency_in_chinese(amount, currency, expected):
    assert thesis_charts.original_text(amount, currency, ZH) == expected
    if amount is not None:
        assert thesis_charts.original_text(amount, currency).startswith(("HK$", "¥"))


# -- the verdict cards and summaries ------------------------------------------------------------------


def test_verdict_counts_in_chinese():
    claims = pd.DataFrame({"verdict": ["supported", "contradicted", "supported"]})
    facts = verdict_counts(claims, ZH)
    assert [(f.label, f.value, f.detail, f.help) for f in facts] == [
        ("属实", "2", "项说法", "结论为属实的说法"),
        ("部分属实", "0", "项说法", "结论为部分属实的说法"),
        ("与证据相悖", "1", "项说法", "结论为与证据相悖的说法"),
        ("无法重建", "0", "项说法", "结论为无法重建的说法"),
    ]
    assert verdict_counts(claims)[0].help == "Claims judged supported"


def _total(low: float, high: float, counted: int, undisclosed: int = 0) -> aggregate.Total:
    return aggregate.Total(low, low, high, counted, undisclosed, 0, ())


def test_a_documented_total_is_written_in_chinese_with_chinese_money():
    gulf = Documented("有文献记录的海湾 → MiniMax和智谱", _total(65e6, 515e6, 2, 1), "Overview", lang=ZH)
    assert gulf.text == (
        "有文献记录的海湾 → MiniMax和智谱：6500万–5.15亿美元（1笔金额未披露 · 2个数据项）。"
        "“概览”页面显示的是同一总额。"
    )
    parts = "404.5亿–405.5亿美元已实缴，未计入任何未实缴的承诺出资"
    softbank = Documented("有文献记录的SoftBank → OpenAI", _total(40.45e9, 40.55e9, 4), "SoftBank", parts, ZH)
    assert softbank.text == (
        "有文献记录的SoftBank → OpenAI：404.5亿–405.5亿美元（4个数据项；404.5亿–405.5亿美元已实缴，"
        "未计入任何未实缴的承诺出资）。“软银”页面显示的是同一总额。"
    )
    english = Documented("Documented Gulf → MiniMax and Zhipu", _total(65e6, 515e6, 2, 1), "Overview")
    assert english.text == (
        "Documented Gulf → MiniMax and Zhipu: $65M–$515M (1 amount undisclosed · 2 figures). The Overview "
        "page shows the same total."
    )
    nothing = Documented("有文献记录的海湾 → MiniMax和智谱", _total(0, 0, 0), "Overview", lang=ZH)
    assert (
        nothing.text == "有文献记录的海湾 → MiniMax和智谱：无文献记录（在当前规则和筛选条件下）。"
        "“概览”页面显示的是同一总额。"
    )


def _card(amount, low, high, lang: str) -> ClaimCard:
    claim = pd.Series(
        {
            "claimed_amount_usd": amount,
            "claimed_low_usd": low,
            "claimed_high_usd": high,
            "verdict": "supported",
        }
    )
    return ClaimCard(claim, pd.DataFrame(), 0, pd.DataFrame(), lang=lang)


def test_a_claimed_amount_in_chinese():
    assert _card(1e8, 8e7, 1.2e8, ZH).claimed_text == "约1亿美元（8000万–1.2亿美元）"
    assert _card(2e7, 2e7, 2e7, ZH).claimed_text == "2000万美元"
    assert _card(float("nan"), float("nan"), float("nan"), ZH).claimed_text == "无金额"
    assert _card(1e8, 8e7, 1.2e8, i18n.EN).claimed_text == "about $100M ($80M–$120M)"


# -- the listing panels -------------------------------------------------------------------------------


def _listing() -> theses.Listing:
    frame = _values_frame()
    ipo = {
        "figure_id": "ipo",
        "record_type": "deal",
        "flow_kind": "ipo_total",
        "recipient": "CN lab (HK)",
        "recipient_id": "lab_cn",
        "recipient_region": "China",
        "status": "VERIFIED",
        "amount_usd": 619e6,
        "amount_low_usd": 557.1e6,
        "amount_high_usd": 680.9e6,
        "amount_kind": "approximate",
        "amount_original": 4.8e9,
        "currency_original": "HKD",
        "period_start": "2026-01-09",
        "part_of": None,
    }
    book = {**ipo, "figure_id": "book", "flow_kind": "ipo_cornerstone", "part_of": "ipo", "amount_usd": None}
    book.update(amount_low_usd=None, amount_high_usd=None, amount_kind="exact", amount_original=2.98e9)
    frame = pd.concat(
        [frame.assign(part_of=None, claim_id=None), pd.DataFrame([ipo, book])], ignore_index=True
    )
    frame.loc[frame["figure_id"] == "yuan", ["flow_kind", "claim_id", "amount_original"]] = [
        "statement",
        theses.IPO_CLAIM,
        24.377e9,
    ]
    (listing,) = theses.listings(frame, ENTITIES, ("lab_cn",))
    return listing


def test_a_listing_panel_in_chinese():
    assert thesis_charts.listing_facts(_listing(), ZH) == [
        "募资约6.19亿美元（48亿港元）",
        "基石认购总额：29.8亿港元",
        "按发行价计算的上市估值：65亿美元",
        "最后一次以美元计的私募估值：40亿美元（2025年，投后估值）",
        "最后一轮私募融资的投后估值：243.8亿元人民币（招股书，2025年12月；未绘出）",
        "最新市值：超过3300亿港元（按港元联系汇率折合超过423亿美元）（2026年3月26日）",
    ]
    assert thesis_charts.listing_facts(_listing())[:2] == [
        "Raised about $619M (HK$4.8B)",
        "Cornerstone book: HK$2.98B",
    ]


def test_the_panel_labels_are_chinese():
    assert i18n.tr(ZH, theses.LISTING) == "按发行价计算的上市估值"
    assert i18n.tr(ZH, theses.POST_MONEY) == "私募融资轮，投后估值"
    assert i18n.tr(ZH, theses.MARKET) == "上市后市值"
    assert i18n.tr(ZH, theses.STATE_FUNDS) == "国有基金和政府引导基金"


def test_a_listing_fact_breaks_at_chinese_punctuation_not_inside_an_amount():
    line = "最新市值：超过3300亿港元（按港元联系汇率折合超过423.08亿美元）（2026年3月26日）"
    assert thesis_charts._fact_lines(line, ZH) == (
        "最新市值：超过3300亿港元<br>（按港元联系汇率折合超过423.08亿美元）<br>（2026年3月26日）"
    )


def test_theses_sources_in_chinese_keep_the_count_last():
    rows = pd.DataFrame(
        {
            "source_level": [4, 1, 2, 2, 3, 4],
            "source_publisher": [
                "Blog",
                "Stanford AI Index",
                "Reuters",
                "Reuters",
                "SCMP copy",
                "Aggregator",
            ],
        }
    )
    named = thesis_charts.ranked_sources(rows, limit=3, lang=ZH)
    assert named == (
        "1级 · Stanford AI Index",
        "2级 · Reuters",
        "3级 · SCMP copy",
        "其他来源：另有2个（4级），名称见悬停文字",
    )
    assert sorted(named) == list(named)


# -- the page's charts: no English word fundgap writes in a hover template --------------------------------


@pytest.fixture(scope="module")
def zh_page():
    data = read_dataset(paths.DEFAULT_DATA_DIR)
    return bundles.claims_page(data, View(lang=ZH))


def test_every_claims_chart_hover_template_is_chinese(zh_page):
    charts = [entry.chart.figure for entry in zh_page if entry.chart is not None]
    assert len(charts) >= 4
    for figure in charts:
        for trace in figure.data:
            template = getattr(trace, "hovertemplate", None) or ""
            words = re.sub(r"%\{[^}]*\}|<[^>]*>", "", template)
            assert not re.search(r"[A-Za-z]{2,}", words), template
            name = str(getattr(trace, "name", None) or "")
            if trace.showlegend is not False:
                assert not re.search(r"\b(Seed|Evidence|Private|Market|Listing|labs)\b", name), name


def test_the_claims_cards_speak_chinese(zh_page):
    cards = [entry.card for entry in zh_page]
    assert all(card.lang == ZH for card in cards)
    texts = [card.documented.text for card in cards if card.documented is not None]
    assert texts and all(text.endswith("页面显示的是同一总额。") for text in texts)


def test_labs_in_the_valuation_chart_go_by_their_chinese_names():
    entities = pd.DataFrame(
        {
            "name": ["Zhipu AI (Knowledge Atlas / Z.ai)", "Reflection AI", "Moonshot AI"],
            "short_name": ["Zhipu", "Reflection", "Moonshot"],
            "name_zh": ["智谱", "Reflection AI", ""],
        }
    )
    assert thesis_bundles._named(entities, ZH)["short_name"].tolist() == ["智谱", "Reflection", "Moonshot"]
    assert thesis_bundles._named(entities, i18n.EN) is entities


def test_the_seed_articles_role_is_bracketed_as_chinese_brackets_it():
    import pandas as pd

    from fundgap.views.charts.claims import seed_source

    claim = pd.Series({"source_publisher": "AIPressa (AIPressa Staff)", "source_grade": "secondary"})
    assert seed_source(claim, "原始报道的说法", "zh")[0] == "AIPressa (AIPressa Staff)（原始报道的说法）"
    assert seed_source(claim, "seed claim")[0] == "AIPressa (AIPressa Staff) (seed claim)"
