"""The Chinese product (issue 27): the catalogue is complete and up to date with the code and the page
metadata, the compiled .mo is the current .po, numbers and dates follow CLDR's Chinese forms, and ?lang=
falls back as every other odd URL parameter does."""

import re
import string

import pytest

from fundgap.analysis.filters import FilterOptions
from fundgap.analysis.urls import figure, query_string, with_figure
from fundgap.analysis.view import View, parse_query
from fundgap.common import fmt, i18n, messages

OPTIONS = FilterOptions(values={}, year_min=2000, year_max=2026)


@pytest.fixture(scope="module")
def catalog():
    return messages.read("zh")


def test_every_message_has_a_chinese_translation(catalog):
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert untranslated == []


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_translation_keeps_the_placeholders_of_its_message(catalog):
    # The code fills {name} placeholders after translating: a missing or renamed one would raise or vanish.
    wrong = [
        m.id
        for m in catalog
        if m.id and "python-brace-format" in m.flags and _names(m.id) != _names(m.string)
    ]
    assert wrong == []


def test_the_catalogue_is_up_to_date_with_the_code_and_the_page_metadata(catalog):
    extracted = {m.id for m in messages.extract() if m.id}
    in_po = {m.id for m in catalog if m.id}
    assert sorted(extracted - in_po) == [], "run `make messages` and translate the new messages"
    assert sorted(in_po - extracted) == [], (
        "run `make messages`: the .po holds messages the code no longer has"
    )


def test_the_compiled_catalogue_is_the_current_po(catalog):
    mo = messages.po_path("zh").with_suffix(".mo")
    assert mo.read_bytes() == messages.compiled(catalog), "run `make messages` to compile the .mo"


def test_translations_are_read_from_the_compiled_catalogue():
    assert i18n.tr("zh", "Filters") == "筛选"
    assert i18n.tr("en", "Filters") == "Filters"
    assert i18n.tr("zh", "a sentence nobody wrote") == "a sentence nobody wrote"


def test_chinese_money_reads_as_cldr_writes_it():
    assert fmt.usd(1.5e10, lang="zh") == "150亿美元"
    assert fmt.usd(1e8, lang="zh") == "1亿美元"
    assert fmt.usd(2e7, lang="zh") == "2000万美元"
    assert fmt.usd(6.876e8, lang="zh") == "6.876亿美元"  # as English prints it: $687.6M
    assert fmt.usd_bounds(4.045e10, 4.055e10, lang="zh") == "404.5亿–405.5亿美元"  # the currency once
    assert fmt.usd_bounds(0, 9.06e10, lang="zh") == "0–906亿美元"
    assert fmt.usd(None, lang="zh") == fmt.MISSING
    assert fmt.amount_label(1e8, 8e7, 1.2e8, "approximate", lang="zh") == "约1亿美元（8000万–1.2亿美元）"
    assert fmt.ratio(150, lang="zh") == "150倍"
    assert i18n.compact(1.5e10, "zh") == "150亿"


def test_english_money_and_dates_stay_as_they_were():
    assert fmt.usd(1.5e10) == "$15B"
    assert fmt.usd(1e8, lang="en") == "$100M"
    assert fmt.date_text("2026-02-18", "en") == "18 Feb 2026"
    assert fmt.date_text("2026-02") == "Feb 2026"


def test_chinese_dates_keep_the_precision_they_were_stated_at():
    assert fmt.date_text("2026-02-18", "zh") == "2026年2月18日"
    assert fmt.date_text("2026-02", "zh") == "2026年2月"
    assert not re.search(r"\d+日", fmt.date_text("2026-02", "zh"))
    assert fmt.date_text("2026", "zh") == "2026年"
    assert fmt.date_text("2026-Q1", "zh") == "2026年第1季度"
    assert fmt.date_text(None, "zh") == "日期不详"


@pytest.mark.parametrize(
    ("url", "browser", "expected"),
    [
        ("zh", None, "zh"),
        ("ZH", "en-US", "zh"),
        (" zh-CN ", None, "zh"),
        ("zh_Hans", None, "zh"),
        ("en", "zh-CN", "en"),
        (None, "zh-CN", "zh"),
        (None, "zh-TW", "zh"),
        (None, "en-GB", "en"),
        (None, "fr-FR", "en"),
        (None, None, "en"),
        ("fr", None, "en"),
        ("fr", "zh-CN", "zh"),
        ("", None, "en"),
        ("zh-", None, "en"),
        ("中文", None, "en"),
        ("x" * 500, None, "en"),
    ],
)
def test_the_language_comes_from_the_url_then_the_browser_then_english(url, browser, expected):
    assert i18n.choose(url, browser) == expected


def test_lang_in_the_url_makes_a_view_that_writes_it_back():
    view = parse_query({"lang": ["zh"]}, OPTIONS)
    assert view.lang == "zh" and view.ignored == ()
    assert view.to_query() == {"lang": ["zh"]}
    assert parse_query({}, OPTIONS, browser_locale="zh-CN").lang == "zh"


def test_english_urls_stay_exactly_as_they_were():
    assert parse_query({"lang": ["en"]}, OPTIONS).to_query() == {}
    assert View().to_query() == {}
    assert figure("F1", "v1") == "http://localhost:8501/?figure=F1&version=v1"


def test_an_unknown_lang_falls_back_and_is_named():
    view = parse_query({"lang": ["klingon"]}, OPTIONS)
    assert view.lang == "en"
    assert view.to_query() == {}
    assert any("lang='klingon'" in item for item in view.ignored)


def test_chinese_permalinks_carry_lang():
    assert figure("F1", "v1", lang="zh") == "http://localhost:8501/?figure=F1&version=v1&lang=zh"
    assert "lang=zh" in with_figure({"lang": ["zh"]}, "F1")
    assert query_string(View(lang="zh").to_query()) == "?lang=zh"


def _entities(name_zh):
    import pandas as pd

    frame = pd.DataFrame(
        {
            "entity_id": ["zhipu", "qia"],
            "name": ["Zhipu AI (Knowledge Atlas / Z.ai)", "Qatar Investment Authority"],
            "short_name": ["Zhipu", "QIA"],
            "aliases": [["智谱"], []],
            "kind": ["lab", "investor"],
            "country": ["China", "Qatar"],
            "region": ["China", "Gulf"],
            "owner_ids": [[], []],
            "notes": [None, None],
            "founded": [None, None],
        }
    )
    if name_zh is not None:
        frame["name_zh"] = name_zh
    return frame


def test_an_entity_is_named_in_chinese_where_it_has_a_chinese_name():
    import pandas as pd

    from fundgap.analysis.entities import EntityIndex, names_in

    index = EntityIndex.from_frame(_entities(["智谱", ""]))
    assert index.name("zhipu", "zh") == "智谱"
    assert index.name("qia", "zh") == "Qatar Investment Authority"  # empty name_zh: the English name
    assert index.name("zhipu", "en") == "Zhipu AI (Knowledge Atlas / Z.ai)"
    assert (
        index.label("zhipu", "zh") == "智谱 · Zhipu AI (Knowledge Atlas / Z.ai)"
    )  # its English name stays searchable
    figures = pd.DataFrame(
        {
            "investor": ["Qatar Investment Authority"],
            "investor_id": ["qia"],
            "recipient": ["Zhipu AI (Knowledge Atlas / Z.ai)"],
            "recipient_id": ["zhipu"],
        }
    )
    named = names_in(figures, index, "zh")
    assert named[["investor", "recipient"]].iloc[0].tolist() == ["Qatar Investment Authority", "智谱"]
    assert names_in(figures, index, "en") is figures


def test_a_place_that_is_no_entity_is_named_in_the_readers_language():
    import pandas as pd

    from fundgap.analysis.entities import EntityIndex, names_in

    index = EntityIndex.from_frame(_entities(["智谱", ""]))
    figures = pd.DataFrame(
        {
            "investor": ["All private investors", "All private investors", "Qatar Investment Authority"],
            "investor_id": [None, None, "qia"],
            "recipient": ["United States", "China (GenAI companies)", "Zhipu AI (Knowledge Atlas / Z.ai)"],
            "recipient_id": [None, None, "zhipu"],
        }
    )
    named = names_in(figures, index, "zh")
    assert named["recipient"].tolist() == ["美国", "中国（生成式AI公司）", "智谱"]
    assert named["investor"].tolist() == figures["investor"].tolist()  # a provider's words are data


def test_without_a_name_zh_column_every_entity_keeps_its_name():
    from fundgap.analysis.entities import EntityIndex

    index = EntityIndex.from_frame(_entities(None))
    assert index.name("zhipu", "zh") == "Zhipu AI (Knowledge Atlas / Z.ai)"
    assert index.label("zhipu", "zh") == index.label("zhipu", "en")


def test_a_chinese_download_has_a_chinese_readme_and_chinese_permalinks():
    from datetime import UTC, datetime

    from fundgap.analysis.filters import Filters
    from fundgap.data import paths
    from fundgap.data.load import read_dataset
    from fundgap.export import snapshot

    data = read_dataset(paths.data_dir())
    view = View(Filters(investor_region=("Gulf",)), lang="zh")
    chosen = snapshot.snapshot_of_rows(view.filters.apply(data.figures), view, data.version)
    snap = snapshot.with_permalinks(chosen, "http://localhost:8501/data")
    text = snapshot.readme(snap, datetime(2026, 2, 18, tzinfo=UTC), "http://localhost:8501/data")
    assert text.startswith(
        "# fundgap快照：AI投资数字及其来源\n\n- 筛选条件：海湾地区投资方 → 所有接受方，所有年份\n"
    )
    assert "<http://localhost:8501/data?investor_region=Gulf&lang=zh>" in text
    assert "## 如何引用" in text
    assert all(link.endswith("&lang=zh") for link in snap.rows["permalink"])
