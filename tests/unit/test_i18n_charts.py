"""The charts in Chinese (issue 27): the Flows page's Sankey, ranked bars and totals table, and the chart
internals every page shares (row labels, hover text, date axes, the wrapped source line), write their own
words in Chinese; dataset text (names, sources, titles) stays as it is written."""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from fundgap.analysis.filters import FilterOptions
from fundgap.analysis.view import parse_query
from fundgap.data import paths
from fundgap.data.load import read_dataset
from fundgap.views import bundles, ledger_bundles
from fundgap.views.charts.base import list_lines, row_label, wrap
from fundgap.views.charts.flows import flow_text, flow_totals, label_lines, node_name, sankey_layout
from fundgap.views.charts.ledger import ticket_note
from fundgap.views.charts.totals import year_text

ZH = "zh"

# -- the wrapper of source lines and legend entries


def test_a_chinese_source_line_breaks_between_publishers_and_at_spaces_never_inside_a_latin_word():
    items = [
        "来源：Stanford HAI（1级，一手）",
        "AllMind（4级，二手）",
        "GitHub-indexed bilingual rendering of the Stanford AI Index 2023, Chapter 4 (repository unknown)"
        "（4级，二手）",
        "单位：美元",
    ]
    assert list_lines(items, 48, wide=True) == [
        "来源：Stanford HAI（1级，一手）；",
        "AllMind（4级，二手）；",
        "GitHub-indexed bilingual rendering of the",
        "Stanford AI Index 2023, Chapter 4 (repository",
        "unknown)（4级，二手）；单位：美元",
    ]


def test_an_english_source_line_wraps_as_it_did():
    items = [
        "Source: Stanford HAI (level 1, primary)",
        "AllMind (level 4, secondary)",
        "GitHub-indexed bilingual rendering of the Stanford AI Index 2023, Chapter 4 (repository unknown) "
        "(level 4, secondary)",
        "Unit: US dollars",
    ]
    assert list_lines(items, 48) == [
        "Source: Stanford HAI (level 1, primary);",
        "AllMind (level 4, secondary);",
        "GitHub-indexed bilingual rendering of the",
        "Stanford AI Index 2023, Chapter 4 (repository",
        "unknown) (level 4, secondary); Unit: US dollars",
    ]


def test_chinese_text_breaks_between_characters_a_latin_name_only_at_its_spaces():
    # A CJK character is two half-widths: 24 of them fill 48.
    assert wrap("中文" * 30, 48) == ["中文" * 12, "中文" * 12, "中文" * 6]
    # A line never starts with the space it broke at (a double space when plotly's lines are read as one).
    assert wrap("软银自己预期的总额：646亿美元（The Japan News (Yomiuri)）", 40) == [
        "软银自己预期的总额：646亿美元（The Japan",
        "News (Yomiuri)）",
    ]
    # A short aside in full-width brackets stays whole; a number keeps its measure word.
    assert wrap("BNN Bloomberg (Bloomberg copy)（3级，通讯社转载）", 48) == [
        "BNN Bloomberg (Bloomberg copy)",
        "（3级，通讯社转载）",
    ]
    assert wrap("来源：40家发布方，按级别排列的前几家：Axios（2级，通讯社）", 40) == [
        "来源：40家发布方，按级别排列的前几家：",
        "Axios（2级，通讯社）",
    ]
    # A Latin word longer than a line is cut where the line is full, as textwrap cuts it.
    assert wrap("见 https://example.com/" + "a" * 40, 30) == [
        "见",
        "https://example.com/aaaaaaaaaa",
        "a" * 30,
    ]


# -- the Flows page's words


LINKS = pd.DataFrame(
    {
        "source": ["Gulf", "Gulf", "China", "China", "United States", "Unnamed or undisclosed"],
        "target": ["China", "United States", "China", "Zhipu", "OpenAI", "United States"],
        "amount": [65e6, 3.8e9, 0.0, 65e6, 3.8e9, 0.0],
        "n_figures": [2, 16, 3, 5, 16, 1],
        "n_undisclosed": [1, 13, 3, 4, 13, 0],
        "stage": [0, 0, 0, 1, 1, 0],
    }
)


def test_flow_words_are_chinese_with_regions_translated_and_labs_as_named():
    assert flow_text(65e6, 1, ZH) == "6500万美元 + 1笔未披露"
    assert flow_text(3.8e9, 0, ZH) == "38亿美元"
    assert flow_text(0.0, 3, ZH) == "3笔未披露"
    assert flow_text(0.0, 0, ZH) == "无已披露金额"
    assert node_name(0, "United States", ZH) == "美国投资方"
    assert node_name(0, "Unnamed or undisclosed", ZH) == "未具名或未披露投资方"
    assert node_name(1, "China", ZH) == "中国实验室"
    assert node_name(2, "OpenAI", ZH) == "OpenAI"
    # A CJK character takes two of the label's 25 half-widths; no space after a full-width colon.
    assert label_lines("→ 中国实验室：", "6500万美元", "+ 1笔未披露", lang=ZH) == [
        "→ 中国实验室：6500万美元",
        "+ 1笔未披露",
    ]


def test_the_sankey_labels_and_totals_table_in_chinese():
    nodes, _, _ = sankey_layout(LINKS, ZH)
    lines = {(n.stage, n.name): n.lines for n in nodes}
    assert lines[(0, "Gulf")] == (
        "海湾地区投资方",
        "38.7亿美元 + 14笔未披露",
        "→ 中国实验室：6500万美元",
        "+ 1笔未披露",
        "→ 美国实验室：38亿美元",
        "+ 13笔未披露",
    )
    assert lines[(0, "China")] == ("中国投资方", "→ 中国实验室：3笔未披露")
    assert lines[(0, "Unnamed or undisclosed")] == ("未具名或未披露投资方", "→ 美国实验室：", "无已披露金额")
    assert lines[(1, "United States")] == ("美国实验室：", "38亿美元 + 13笔未披露")
    assert lines[(2, "Zhipu")] == ("Zhipu", "6500万美元 + 4笔未披露")
    table = flow_totals(LINKS, ZH)
    assert list(table.columns) == ["资金流向", "已披露金额", "未披露出资", "数据项数"]
    assert table.iloc[0].tolist() == ["海湾地区投资方，全部流向", "38.7亿美元", 14, 18]
    assert table.iloc[3].tolist() == ["中国投资方 → 中国实验室", "均未披露", 3, 3]
    assert table.iloc[-1].tolist() == ["中国实验室 → Zhipu", "6500万美元", 4, 5]


def test_row_labels_name_group_rows_in_chinese_and_keep_the_dates_precision():
    names = {"Zhipu AI (Knowledge Atlas / Z.ai)": "智谱"}
    assert row_label(
        "Round investors: Prosperity7 (lead)", "Zhipu AI (Knowledge Atlas / Z.ai)", "2024-05", names, lang=ZH
    ) == ("整轮融资 → 智谱（2024年5月）")
    assert row_label("IPO investors", "MiniMax", "2026-01-09", lang=ZH) == "IPO整体 → MiniMax（2026年1月9日）"
    assert (
        row_label("Cornerstone investors", "MiniMax", "2026", lang=ZH) == "IPO基石投资者 → MiniMax（2026年）"
    )
    assert row_label("Buyers", "OpenAI", "2024-Q4", lang=ZH) == "老股受让方 → OpenAI（2024年第4季度）"
    assert row_label("Round investors", "OpenAI", float("nan"), lang=ZH) == "整轮融资 → OpenAI（日期不详）"
    assert ticket_note(5e8, 6.6e9, lang=ZH) == "66亿美元中的5亿美元"
    assert ticket_note(float("nan"), 7.5e9, "approximate", lang=ZH) == "约75亿美元中的未披露部分"
    assert year_text("2025 (prediction)", ZH) == "2025年（预测）"
    assert year_text("2024", ZH) == "2024年"


# -- every chart of the slice, built for the default view in Chinese

# The rule: in the words a chart's code writes (its title, axis titles, legend entries, annotations, including
# the Sankey's node labels, row labels and the source line, and hover templates), once the dataset's own
# names and titles (entities, investors, recipients, publishers, providers, models, claim ids), links,
# plotly's placeholders and markup are taken out, no Latin word is left but the terms the Chinese product
# keeps as they are. So "整轮融资 → OpenAI（2026年2月27日）" passes (OpenAI is a name),
# "来源：Bloomberg（2级，通讯社）" passes (a publisher), and "Whole round → OpenAI" or "about 100亿美元"
# fail on "Whole", "round", "about".
KEPT = {"AI", "IPO", "API", "CSV"}
# Names the code itself writes: the seed articles' publisher, and the report a chart is titled after.
KEPT_NAMES = ("AIPressa", "AI Index")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def english_words(text: str, names: list[str]) -> list[str]:
    text = re.sub(r"%\{[^}]*\}", " ", text)  # plotly's placeholders: %{customdata[3]}
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))  # markup: <br>, <b>, <extra></extra>
    text = re.sub(r"\s+", " ", text)  # a name wrapped over two lines reads whole again
    for name in [*names, *KEPT_NAMES]:  # longest first, so "OpenAI Startup Fund" goes before "OpenAI"
        if name in text:
            text = text.replace(name, " ")
    for cut in re.findall(r"[A-Za-z][^…→（]*…", text):  # a name shortened to fit: "Vision Fund…"
        if any(name.startswith(cut[:-1]) for name in names):
            text = text.replace(cut, " ")
    text = re.sub(r"https?://\S+", " ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in KEPT]


def data_names(data) -> list[str]:
    columns = {
        "figures": ["investor", "recipient", "source_publisher", "provider", "claim_id", "figure_id"],
        "entities": ["name", "short_name", "name_zh"],
        "releases": ["model", "lab", "source_publisher"],
        "claims": ["source_publisher", "claim_id"],
    }
    found = {
        str(value).strip()
        for table, names in columns.items()
        for column in names
        for value in getattr(data, table)[column].dropna().unique()
    }
    # A seed article's role, which charts.seed_source writes after the publisher in plain brackets.
    found |= {f"{name} (原始报道的说法)" for name in list(found)}
    return sorted((n for n in found if re.search("[A-Za-z]", n)), key=len, reverse=True)


def code_strings(figure) -> list[str]:
    layout = figure.layout.to_plotly_json()
    out = [str(layout["meta"]["title"])]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis.get("title"), dict):
            out.append(str(axis["title"].get("text") or ""))
    for note in layout.get("annotations", []):
        out += [str(note.get("text") or ""), str(note.get("hovertext") or "")]
    for trace in figure.data:
        out += [str(getattr(trace, "name", None) or ""), str(getattr(trace, "hovertemplate", None) or "")]
        if trace.type == "scatter" and getattr(trace, "hoverinfo", None) == "text":  # a Sankey band's hover
            out.append(str(trace.text))
        if trace.type == "bar" or getattr(trace, "mode", None) == "text":  # words drawn on or by a bar
            texts = trace.text if isinstance(trace.text, (list, tuple)) else [trace.text]
            out += [str(t) for t in texts if t is not None]
    return [s for s in out if s]


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


def test_english_words_follows_its_rule():
    names = ["OpenAI", "Bloomberg", "The Japan News (Yomiuri)"]
    assert english_words("整轮融资 → OpenAI（2026年2月27日）", names) == []
    assert (
        english_words("来源：Bloomberg（2级，通讯社）；<br>The Japan<br>News (Yomiuri)（2级，通讯社）", names)
        == []
    )
    assert english_words("<b>%{customdata[1]}</b><br>来源：%{customdata[3]}<extra></extra>", names) == []
    assert english_words("Whole round → OpenAI (2026-02-27)", names) == ["Whole", "round"]
    assert english_words("about 100亿美元", names) == ["about"]
    assert english_words("美元（对数刻度）；IPO基石投资者", names) == []
    assert english_words("Bloomb… → OpenAI", names) == []


def test_every_chart_of_the_slice_writes_its_own_words_in_chinese(data):
    options = FilterOptions.from_data(data.figures, data.entities)
    names = data_names(data)
    views = {
        "default": parse_query({"lang": [ZH]}, options),
        "estimates and releases": parse_query(
            {"lang": [ZH], "undisclosed": ["estimate"], "releases": ["1"]}, options
        ),
        "an investor": parse_query(
            {"lang": [ZH], "investor": ["softbank"], "undisclosed": ["estimate"]}, options
        ),
        "two labs": parse_query({"lang": [ZH], "recipient": ["zhipu", "openai"]}, options),
    }
    found: dict[str, list[str]] = {}
    for label, view in views.items():
        flows = bundles.flows_page(data, view)
        overview = bundles.overview_page(data, view)
        totals = bundles.country_totals_page(data, view)
        investors = ledger_bundles.investors_page(data, view)
        labs = ledger_bundles.labs_page(data, view)
        figures = {
            "sankey": flows.sankey.figure,
            "ranked": flows.ranked.figure,
            "gap": overview.gap.figure,
            "ai_index": overview.ai_index.figure,
            "softbank": bundles.softbank_page(data, view).timeline.figure,
            "country_totals": totals.ai_index.figure,
            "providers": totals.providers.figure,
            "openness": bundles.openness_page(data, view).timeline.figure,
            "investor_timeline": investors.timeline.figure if investors.timeline else None,
            "lab_rounds": labs.rounds.figure if labs.rounds else None,
            "lab_participants": labs.participants.figure if labs.participants else None,
        }
        for chart, figure in figures.items():
            if figure is None:
                continue
            for text in code_strings(figure):
                if words := english_words(text, names):
                    found.setdefault(f"{label}/{chart}: {text[:80]}", words)
        table = flows.totals.to_pandas()
        for text in [*table.columns, *table.iloc[:, 0], *table.iloc[:, 1]]:
            if words := english_words(str(text), names):
                found.setdefault(f"{label}/flow totals: {text}", words)
    calibration = bundles.estimates_section(data, bundles.estimates_for(data, None), ZH).calibration.figure
    for text in code_strings(calibration):
        if words := english_words(text, names):
            found.setdefault(f"sources/calibration: {text[:80]}", words)
    assert found == {}


def test_time_axes_write_chinese_dates(data):
    view = parse_query({"lang": [ZH]}, FilterOptions.from_data(data.figures, data.entities))
    # SoftBank's own month ticks ("Jan 2025" in English): "2025年1月".
    layout = bundles.softbank_page(data, view).timeline.figure.layout.to_plotly_json()
    assert {layout[k].get("tickformat") for k in ("xaxis", "xaxis3")} == {"%Y年%-m月"}
    # Open or closed leaves its ticks to plotly ("2023", "Jul 2023" in English), on every panel, with or
    # without points on it: in Chinese by the ticks' spacing.
    layout = bundles.openness_page(data, view).timeline.figure.layout.to_plotly_json()
    stops = [
        {"dtickrange": ["M12", None], "value": "%Y年"},
        {"dtickrange": ["M1", "M12"], "value": "%Y年%-m月"},
        {"dtickrange": [None, "M1"], "value": "%Y年%-m月%-d日"},
    ]
    axes = [axis for key, axis in layout.items() if key.startswith("xaxis")]
    assert len(axes) > 1 and all(axis["tickformatstops"] == stops for axis in axes)
