"""The rule the Chinese browser test applies: which Latin words on a page at ?lang=zh are untranslated."""

from __future__ import annotations

from fundgap.data.paths import DEFAULT_DATA_DIR
from tests.e2e.latin import Data, dataset_values, untranslated

DATA = Data.of(
    [
        "OpenAI",
        "Anthropic",
        "digipub.cc (《中国企业家》 copy)",
        "GitHub (shiva9198/module_1_rag), copy of the Stanford AI Index 2025 report text",
        "Diverge (diverge.ae)",
        "about",
        "Middle East state-backed funds (Abu Dhabi; unnamed)",
        "Thinking Machines Lab",
        "MiniMax Group Inc. (HKEX announcement; text read in an extracted-text copy)",
        "Reuters report on Alphabet and Nvidia investing in SSI (republished)",
        "Level-4 sources only (or no https copy): counted only when unverified figures are switched on.",
    ]
)


def test_english_the_code_wrote_counts_word_by_word():
    assert untranslated("United States investors → US labs: $138B", DATA) == [
        "United",
        "States",
        "investors",
        "US",
        "labs",
    ]
    assert untranslated("Supported", DATA) == ["Supported"]
    assert untranslated("about 100亿美元", DATA) == ["about"]  # a valuation note's "about" is no excuse
    assert untranslated("Jan 2025", DATA) == ["Jan"]


def test_chinese_text_with_names_numbers_ids_and_allowed_terms_is_clean():
    assert untranslated("OpenAI获得1,720亿美元 + 19笔未披露", DATA) == []
    assert untranslated("软银集团 → OpenAI (2026-02-28) · 646亿美元", DATA) == []
    assert untranslated("计入IPO基石认购；下载CSV", DATA) == []
    assert untranslated("fundgap · 数据集版本 4519f4679b14", DATA) == []
    assert untranslated("记为“n笔未披露”", DATA) == []
    assert untranslated("Anthropic, OpenAI", DATA) == []  # a list of names
    # A part with English in it reports all its words, names included.
    assert untranslated("Anthropic, OpenAI and 3 more", DATA) == ["OpenAI", "and", "more"]


def test_data_values_that_mix_scripts_hold_commas_or_urls_count_whole():
    assert untranslated("digipub.cc (《中国企业家》 copy) · 4级，二手", DATA) == []
    assert (
        untranslated("GitHub (shiva9198/module_1_rag), copy of the Stanford AI Index 2025 report text", DATA)
        == []
    )
    assert untranslated("Diverge (diverge.ae) · 4级，二手", DATA) == []
    assert untranslated("Diverge copy", DATA) == ["Diverge", "copy"]
    assert untranslated("Middle East state-backed funds (Abu Dhabi; unnamed) → OpenAI", DATA) == []
    assert untranslated("见 https://example.com/a-b?c=d 与 hkexnews.hk", DATA) == []


def test_a_piece_of_a_data_value_is_data_only_with_two_words_or_more():
    # A source title wrapped over two chart lines, each line its own text.
    assert untranslated("来源：MiniMax Group Inc. (HKEX announcement;", DATA) == []
    assert untranslated("text read in an extracted-text copy)（1级，一手）", DATA) == []
    assert untranslated("未核实 · ⚠ Level-4 sources only (or no https copy): counted only", DATA) == []
    # One word that happens to occur inside a curated text does not excuse an English label.
    assert untranslated("Thinking", DATA) == ["Thinking"]
    assert untranslated("investing", DATA) == ["investing"]
    # A whole one-word value is a name.
    assert untranslated("OpenAI", DATA) == []


def test_the_committed_dataset_gives_names_titles_and_ids():
    data = dataset_values(DEFAULT_DATA_DIR)
    assert "Mubadala" in data.values  # an entity's name
    assert "g_mgx_openai_2025_secondary" in data.values  # a figure id
    # The code's vocabulary is not data: the product writes it in the reader's language.
    assert "Gulf" not in data.values and "United States" not in data.values and "exact" not in data.values
    assert untranslated("United States", data) == ["United", "States"]
    # Two common words inside a curated sentence are no excuse either.
    assert untranslated("Gulf investors", data) == ["Gulf", "investors"]
    # A lower-case one-word publisher is a name; a model name with commas and a licence in brackets are data.
    assert untranslated("nextomoro · 4级，二手", data) == []
    assert untranslated("GLM-4-9B (base, chat, chat-1M, GLM-4V-9B)", data) == []
    assert untranslated("开放权重 (GLM-4 licence (custom))", data) == []
    assert untranslated("穆巴达拉 · Mubadala Investment Company", data) == []
