"""The Chinese tables of Sources & method, Data, Investors and Labs, the app's banners and the CLI's
--lang: exact Chinese for the words the code writes; ids, names and curated text stay as written; English
unchanged."""

from __future__ import annotations

import io
import re
import zipfile
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from fundgap.analysis.filters import FilterOptions
from fundgap.analysis.method import conflicts_markdown, coverage_table, gaps_table
from fundgap.analysis.view import parse_query
from fundgap.app.blocks import summary_text
from fundgap.app.loading import data_error_text
from fundgap.cli import main
from fundgap.data.ledger import participants_text
from fundgap.data.load import DataError, read_dataset
from fundgap.views.ledger_bundles import investors_page, labs_page

CONFLICTS = pd.DataFrame(
    {
        "conflict_id": ["C02"],
        "topic": ["Prosperity7 into Zhipu"],
        "resolution": ["Trust FT and Bloomberg."],
        "trusted_figure_ids": [["g_a", "g_b"]],
        "rejected_figure_ids": [["reject_c02"]],
        "rejected_reports": ["eualternatives.com copy"],
    }
)


def test_conflict_words_in_chinese_ids_and_curated_text_as_written():
    text = conflicts_markdown(CONFLICTS, "zh")
    assert text == (
        "- **C02** · Prosperity7 into Zhipu  \n"
        "  Trust FT and Bloomberg\\.  \n"
        "  *采信：g\\_a, g\\_b · 已驳回：reject\\_c02 · 其他被驳回的报道：eualternatives\\.com copy*"
    )


def test_conflict_words_in_english_unchanged():
    assert conflicts_markdown(CONFLICTS).endswith(
        "*Trusted\\: g\\_a, g\\_b · Rejected\\: reject\\_c02 · "
        "Other rejected reports\\: eualternatives\\.com copy*"
    )


MATRIX = pd.DataFrame(
    {
        "lab": ["Zhipu AI", "Zhipu AI"],
        "lab_id": ["zhipu", "zhipu"],
        "region": ["China", "China"],
        "year": ["2024", "undated"],
        "deals": [2, 0],
        "participants": [7, 0],
        "disclosed_share": [0.5, None],
        "gaps": [1, 2],
    }
)


def test_coverage_table_in_chinese():
    table = coverage_table(MATRIX, "zh", {"zhipu": "智谱"})
    assert list(table.columns) == ["地区", "实验室", "2024", "日期不详"]
    assert table.iloc[0].tolist() == [
        "中国",
        "智谱",
        "2笔交易 · 列名参与方7家 · 金额披露率50% · 1处缺口",
        "未找到交易 · 2处缺口",
    ]


def test_coverage_table_in_english_unchanged():
    table = coverage_table(MATRIX)
    assert list(table.columns) == ["Region", "Lab", "2024", "undated"]
    assert table.iloc[0].tolist() == [
        "China",
        "Zhipu AI",
        "2 deals · 7 named · 50% disclosed · 1 gap",
        "no deal found · 2 gaps",
    ]


def test_gaps_headers_in_chinese():
    gaps = pd.DataFrame(
        {"entity_id": ["zhipu"], "year": ["2024"], "missing": ["x"], "looked": ["y"], "notes": [None]}
    )
    entities = pd.DataFrame({"entity_id": ["zhipu"], "name": ["Zhipu AI"], "name_zh": ["智谱"]})
    table = gaps_table(gaps, entities, "zh")
    assert list(table.columns) == ["对象", "年份", "缺少什么", "查找过的地方", "同期情况"]
    assert table.iloc[0].tolist() == ["智谱", "2024", "x", "y", ""]


def test_round_investors_words_in_chinese_names_as_written():
    label = "Round investors: CATL, IDG (lead), JD.com, Liang Wenfeng, Monolith and 3 more"
    assert (
        participants_text(label, "zh")
        == "本轮投资方：CATL, IDG（领投方）, JD.com, Liang Wenfeng, Monolith等（另有3家）"
    )
    assert participants_text("Buyers: not named in the sources", "zh") == "受让方：来源中未点名"
    assert participants_text(label) == label
    assert participants_text("Investors (unnamed)", "zh") == "Investors (unnamed)"  # an entity's name


def test_data_error_banner_in_chinese():
    error = DataError("figures.parquet: column amount_usd is missing")
    assert data_error_text(error, "zh") == (
        "**数据无法显示。** 某个数据文件缺失或未通过构建检查；以下是构建程序给出的原始技术信息："
        "figures\\.parquet\\: column amount\\_usd is missing"
    )
    assert (
        data_error_text(error)
        == "**The data cannot be shown.** figures\\.parquet\\: column amount\\_usd is missing"
    )


def test_banners_read_the_same_view_as_the_sidebar():
    from fundgap.app import loading, sidebar

    assert loading.VIEW_KEY == sidebar.VIEW_KEY


def test_changelog_summary_in_chinese():
    summary = "3 figures added, 0 removed, 21 changed (62 fields) since cd3fe152b494."
    assert summary_text(summary, "zh") == "自cd3fe152b494以来新增3个数据项，删除0个，改动21个（62个字段）。"
    assert summary_text("First archived version.", "zh") == "第一个存档版本。"
    assert summary_text("The deal ledger (issue 11).", "zh") == "The deal ledger (issue 11)."  # hand-written
    assert summary_text(summary) == summary


@pytest.fixture(scope="module")
def fixture_views(fixture_data_dir: Path):
    data = read_dataset(fixture_data_dir)
    return data, FilterOptions.from_data(data.figures, data.entities)


def test_investor_index_and_cards_in_chinese(fixture_views):
    data, options = fixture_views
    index = investors_page(data, parse_query({"lang": ["zh"]}, options)).index.table.to_pandas()
    assert list(index.columns) == ["投资方", "类型", "地区", "所属母公司", "参投次数", "实验室", "计入金额"]
    mgx = index[index["投资方"] == "MGX"].iloc[0].tolist()
    assert mgx == ["MGX", "国有投资公司", "海湾地区", "穆巴达拉和G42", 1, 1, "0–66亿美元（1笔未披露）"]
    facts = investors_page(data, parse_query({"lang": ["zh"], "investor": ["mgx"]}, options)).facts
    assert [(f.label, f.value, f.detail) for f in facts] == [
        ("参投交易", "1", "1笔参投"),
        ("投资的实验室", "1", "OpenAI"),
        ("计入金额", "0–66亿美元", "1笔金额未披露 · 1笔参投；计入穆巴达拉和G42的总额"),
    ]


def test_lab_index_in_chinese(fixture_views):
    data, options = fixture_views
    index = labs_page(data, parse_query({"lang": ["zh"]}, options)).index.table.to_pandas()
    assert list(index.columns) == ["实验室", "地区", "交易", "计入金额"]
    assert index.iloc[0].tolist() == ["Baichuan", "中国", 1, "6.876亿–6.91亿美元"]


def _run(*argv: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(argv)) == 0
    return out.getvalue()


def test_cli_coverage_and_backtest_in_chinese(fixture_data_dir: Path):
    data = str(fixture_data_dir)
    version = read_dataset(fixture_data_dir).version
    coverage = _run("coverage", "--data", data, "--lang", "zh").splitlines()
    assert coverage[0].split() == ["实验室", "年份", "交易", "列名参与方", "已披露", "缺口"]
    assert (
        coverage[-1]
        == f"各级来源数：1级 0个，2级 1个，3级 1个，4级 2个 · 已记录缺口：1 · 数据集版本 {version}"
    )
    backtest = _run("backtest", "--data", data, "--lang", "zh").splitlines()
    assert backtest[-1] == "回测：0笔留出出资额，误差中位数无，误差在2倍以内：无，80%区间覆盖率：无"
    assert "未计分：2个（只有一个参投方：其出资额即为整笔交易）" in backtest
    # English stays as it was.
    assert _run("coverage", "--data", data).splitlines()[-1].startswith("Sources by level: 1: 0, 2: 1")


def test_cli_backtest_money_in_chinese():
    lines = _run("backtest", "--lang", "zh").splitlines()
    assert lines[-1].startswith("回测：")
    bands = lines[lines.index("交易规模\t出资额笔数\t误差中位数\t误差在2倍以内\t落在80%区间内") + 1 :]
    assert [line.split("\t")[0] for line in bands if "\t" in line] == [
        "10亿美元以下",
        "10亿–100亿美元",
        "100亿美元及以上",
        "全部",
    ]


def test_cli_export_readme_follows_the_language(fixture_data_dir: Path, tmp_path: Path):
    data = str(fixture_data_dir)
    printed = _run(
        "export", "--format", "zip", "-o", str(tmp_path / "zh.zip"), "--data", data, "--lang", "zh"
    )
    assert printed.startswith("已将13行（") and printed.rstrip().endswith(f"字节）写入{tmp_path / 'zh.zip'}")
    _run("export", "--format", "zip", "-o", str(tmp_path / "en.zip"), "--data", data)
    zh, en = zipfile.ZipFile(tmp_path / "zh.zip"), zipfile.ZipFile(tmp_path / "en.zip")
    assert zh.read("README.md").decode().startswith("# fundgap快照")
    readme = zh.read("README.md").decode()
    assert "## 如何引用" in readme
    # Days as Chinese writes them, in the list and in the citation.
    assert re.search(r"^- 下载时间：\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d UTC$", readme, re.MULTILINE)
    assert re.search(r"数据集版本\w+，下载于\d{4}年\d{1,2}月\d{1,2}日，<", readme)
    # The CSV columns stay English and stable.
    assert zh.read("data.csv").splitlines()[0] == en.read("data.csv").splitlines()[0]


def test_source_table_dates_in_chinese_kept_on_one_line():
    from fundgap.views.tables import source_rows

    frame = pd.DataFrame(
        {
            "url": ["https://example.com/a", ""],
            "publisher": ["Reuters", "36Kr"],
            "grade": ["wire", "secondary"],
            "title": ["A title", "标题"],
            "date_published": ["2023-09-25", "日期不详"],
            "figures": [4, 0],
            "citation": ["Reuters, A title", "36Kr, 标题"],
        }
    )
    rows = source_rows(frame, "zh")
    assert list(rows.columns)[2:4] == ["发\u2060布\u2060日\u2060期", "数\u2060据\u2060项\u2060数"]
    assert rows.iloc[:, 2].tolist() == ["\u2060".join("2023年9月25日"), "\u2060".join("日期不详")]
    assert source_rows(frame).iloc[:, 2].tolist() == ["2023\\-09\\-25", "日期不详"]


def test_cli_coverage_in_chinese_names_labs_as_the_page_does():
    coverage = _run("coverage", "--lang", "zh").splitlines()
    labs = {line.split()[0] for line in coverage[2:] if line.strip()}
    assert {"零一万物", "百川智能", "智谱", "月之暗面"} <= labs
    assert "Baichuan" not in labs
