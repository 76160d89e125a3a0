"""The real curated dataset: valid, built, complete against the evidence base, and faithful to it."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from fundgap.data import paths
from fundgap.data.build import build_dataset, render_outputs, stale_outputs
from fundgap.data.load import read_dataset

EVIDENCE = paths.PROJECT_ROOT.parent / "shared" / "research" / "funding_sources.md"
# Evidence found later in the archive, logged in the repository with its URLs and verbatim quotes.
PROJECT_EVIDENCE = sorted((paths.DEFAULT_DATA_DIR / "evidence").glob("*.md"))
# Every figure published before the deal ledger (dataset 072acd237476): its id, status, sources and quote.
LEGACY = pd.read_csv(Path(__file__).parent / "legacy_figures.csv", dtype=str, keep_default_na=False)
LEGACY_IDS = LEGACY["figure_id"].tolist()
# Every record id of sections 1–5 of the evidence base (../shared/research/funding_sources.md), so that this
# check holds on a clone without ../shared; test_record_ids_match_the_evidence keeps the list honest.
EVIDENCE_RECORD_IDS = (
    "aiindex2023_global_2022",
    "aiindex2024_cn_2023",
    "aiindex2024_uk_2023",
    "aiindex2024_us_2023",
    "aiindex2025_cn_2024",
    "aiindex2025_cum_cn_uk",
    "aiindex2025_cum_us",
    "aiindex2025_uk_2024",
    "aiindex2025_us_2024",
    "aiindex2026_cn_2025",
    "aiindex2026_cn_guidance",
    "aiindex2026_global_2025",
    "aiindex2026_us_2025",
    "anthropic_2026_mid",
    "anthropic_amazon_2023_24",
    "anthropic_amazon_2024_11",
    "anthropic_google_2023",
    "anthropic_series_e",
    "anthropic_series_f",
    "anthropic_series_g",
    "baichuan_a1_2023",
    "baichuan_a_2024",
    "crunchbase_q1_2025_ai_share",
    "deepseek_external",
    "g_adia_minimax_ipo_cornerstone",
    "g_gulf_other_china_ai",
    "g_kia_ai_infra",
    "g_kingdom_holding_xai_series_b",
    "g_kingdom_holding_xai_series_c",
    "g_mgx_anthropic_series_g",
    "g_mgx_openai_2024_round",
    "g_mgx_openai_2025_secondary",
    "g_mgx_openai_2026_round",
    "g_mgx_stargate_2025",
    "g_minimax_ipo_cornerstone_total",
    "g_mubadala_anthropic",
    "g_pif_openai_talks_2025",
    "g_prosperity7_zhipu_2024",
    "g_qia_anthropic_series_f",
    "g_qia_mgx_xai_series_e",
    "g_qia_xai_series_c",
    "g_zhipu_ipo_no_gulf_cornerstone",
    "globaldata_genai_vc",
    "minimax_2024_03",
    "minimax_2025",
    "minimax_ipo",
    "minimax_preipo_total",
    "moonshot_2024_02",
    "moonshot_2025_12",
    "moonshot_2026_q1",
    "moonshot_2026_q2",
    "moonshot_alibaba_fy24",
    "oecd_2021_vc_share",
    "oecd_ai_vc_by_country_2023_2024",
    "oecd_deo_2024_private_ai",
    "openai_2024_10",
    "openai_2025_03",
    "openai_2025_10_secondary",
    "openai_2026_02",
    "openai_2026_03_close",
    "openai_msft_2023",
    "orig_breakingviews_open_source_dilemma",
    "orig_forbes_china_winning_open_source",
    "orig_related_scmp_proprietary_pivot",
    "orig_thorbecke_alibaba_closed_source",
    "pitchbook_china_ai",
    "seed_alibaba_market_value_300b",
    "seed_gulf_to_china_labs_aggregate",
    "seed_gulf_to_us_labs_aggregate",
    "seed_softbank_alibaba_20m",
    "seed_softbank_openai_nearly_100b",
    "softbank_alibaba_2000",
    "softbank_alibaba_cumulative_and_exit",
    "softbank_openai_2024_10_round",
    "softbank_openai_2024_tender",
    "softbank_openai_2025_commitment",
    "softbank_openai_2025_first_closing",
    "softbank_openai_2025_second_closing",
    "softbank_openai_2026_commitment",
    "softbank_openai_cumulative_expected",
    "softbank_openai_svf2_2024_total",
    "softbank_stargate_commitment",
    "stepfun_series_b",
    "stepfun_series_bplus",
    "tortoise_global_ai_index_2023",
    "us_vc_into_chinese_tech",
    "xai_series_b",
    "xai_series_c",
    "xai_series_e",
    "zeroone_2023",
    "zhipu_2024_12",
    "zhipu_2025_03",
    "zhipu_ipo",
    "zhipu_preipo_total",
)


@pytest.fixture(scope="module")
def data():
    return read_dataset(paths.DEFAULT_DATA_DIR)


def evidence_text() -> str:
    if not EVIDENCE.is_file():
        pytest.skip(f"the evidence base is not beside the project ({EVIDENCE.name} missing)")
    return EVIDENCE.read_text(encoding="utf-8")


def all_evidence_text() -> str:
    return "\n".join([evidence_text(), *(path.read_text(encoding="utf-8") for path in PROJECT_EVIDENCE)])


def test_the_curated_files_validate_and_the_committed_build_is_current():
    built = build_dataset(paths.CURATED_DIR)
    assert stale_outputs(render_outputs(built), paths.DEFAULT_DATA_DIR) == []


def test_the_dataset_holds_every_figure_source_claim_and_conflict(data):
    assert data.manifest["row_counts"] == {
        "claims": 15,
        "conflicts": 60,
        "deals": 106,
        "entities": 205,
        "figures": 706,
        "gaps": 138,
        "participations": 353,
        "releases": 105,
        "sources": 751,
    }
    assert list(data.conflicts["conflict_id"])[:17] == [
        f"C{n:02d}" for n in range(1, 18)
    ]  # the first 17 never renumbered


def test_every_figure_id_published_before_the_ledger_still_resolves(data):
    rows = set(data.figures["figure_id"]) | set(data.figures["legacy_figure_id"].dropna())
    assert len(LEGACY_IDS) == 142
    assert [i for i in LEGACY_IDS if i not in rows] == []


def test_no_source_quote_or_status_of_an_old_figure_was_lost(data):
    rows = data.figures.set_index("figure_id")
    lost_sources, lost_quotes, silent_status = [], [], []
    for old in LEGACY.itertuples(index=False):
        row = rows.loc[old.figure_id]
        cited = {
            row["source_id"],
            *(list(row["other_source_ids"]) if row["other_source_ids"] is not None else []),
        }
        # A source may leave a row only when the row's notes name it and say why.
        notes = str(row["notes"]) if fmt_present(row["notes"]) else ""
        lost_sources += [
            (old.figure_id, s) for s in old.source_ids.split(";") if s and s not in cited and s not in notes
        ]
        kept_text = " ".join(str(row[c]) for c in ("quote", "notes") if fmt_present(row[c]))
        if old.quote and old.quote not in kept_text:
            lost_quotes.append(old.figure_id)
        # A changed status says why in the row's notes.
        if old.status != row["status"] and not (fmt_present(row["notes"]) and row["status"] in row["notes"]):
            silent_status.append(old.figure_id)
    assert (lost_sources, lost_quotes, silent_status) == ([], [], [])


def fmt_present(value) -> bool:
    from fundgap.common.fmt import present

    return present(value)


@pytest.mark.parametrize(
    ("typed", "shown", "expected"),
    [
        (
            "MGX",
            "0",
            {
                "g_mgx_anthropic_series_f_interest",
                "g_mgx_anthropic_series_g",
                "g_mgx_anthropic_series_h",
                "g_mgx_openai_2024_round",
                "g_mgx_openai_2025_03",
                "g_mgx_openai_2025_secondary",
                "g_mgx_openai_2026_03_tranche",
                "g_mgx_openai_2026_q1_secondary",
                "g_mgx_openai_2026_round",
                "g_mgx_openai_chip_venture_talks_2024",
                "g_mgx_stargate_2025__mgx",
                "g_qia_mgx_xai_series_e_mgx",
                "xai_series_c__mgx",
            },
        ),
        # Rejected reports appear only when asked for.
        (
            "MGX",
            "1",
            {
                "g_mgx_anthropic_series_f_interest",
                "g_mgx_anthropic_series_g",
                "g_mgx_anthropic_series_h",
                "g_mgx_openai_2024_round",
                "g_mgx_openai_2025_03",
                "g_mgx_openai_2025_secondary",
                "g_mgx_openai_2026_03_tranche",
                "g_mgx_openai_2026_q1_secondary",
                "g_mgx_openai_2026_round",
                "g_mgx_openai_chip_venture_talks_2024",
                "g_mgx_stargate_2025__mgx",
                "g_qia_mgx_xai_series_e_mgx",
                "xai_series_c__mgx",
                "reject_c03_arageek_mgx_openai__mgx",
            },
        ),
        ("qia", "0", {"g_qia_anthropic_series_f", "g_qia_mgx_xai_series_e_qia", "g_qia_xai_series_c"}),
        ("Saudi Aramco", "0", {"g_prosperity7_zhipu_2024"}),
        (
            "Saudi Aramco",
            "1",
            {"g_prosperity7_zhipu_2024", "reject_c02_gsrra_prosperity7_zhipu__prosperity7"},
        ),
    ],
)
def test_a_typed_investor_name_finds_every_deal_it_joined(data, typed, shown, expected):
    from fundgap.analysis.filters import FilterOptions
    from fundgap.analysis.view import parse_query

    options = FilterOptions.from_data(data.figures, data.entities)
    view = parse_query({"investor": [typed], "rejected": [shown]}, options)
    rows = view.filters.apply(data.figures)
    assert set(rows["figure_id"]) == expected
    # The investor's own rows (participations, its statements), never a whole round it joined.
    assert (rows["record_type"] != "deal").all()


def test_the_zhipu_alias_finds_the_lab_and_a_lab_is_no_investor(data):
    from fundgap.analysis.filters import FilterOptions
    from fundgap.analysis.view import parse_query

    options = FilterOptions.from_data(data.figures, data.entities)
    assert parse_query({"recipient": ["智谱"]}, options).filters.recipient == ("zhipu",)
    as_investor = parse_query({"investor": ["智谱"]}, options)
    assert as_investor.filters.investor == ()
    assert as_investor.ignored == (
        "investor='智谱' (Zhipu AI (Knowledge Atlas / Z.ai) has no investor rows in the data)",
    )


@pytest.mark.parametrize(
    ("typed", "entity_id"),
    [
        ("智谱", "zhipu"),
        ("月之暗面", "moonshot"),
        ("阶跃星辰", "stepfun"),
        ("穆巴达拉", "mubadala"),
        ("卡塔尔投资局", "qia"),
        ("阿布扎比投资局", "adia"),
        ("软银集团", "softbank"),
        ("英伟达", "nvidia"),
        ("MiniMax", "minimax"),
        ("稀宇科技", "minimax"),
    ],
)
def test_a_chinese_name_finds_its_entity(data, typed, entity_id):
    from fundgap.analysis.entities import EntityIndex

    assert EntityIndex.from_frame(data.entities).resolve(typed) == entity_id


def test_every_lab_and_gulf_investor_has_a_chinese_name_or_a_recorded_gap(data):
    entities = data.entities.set_index("entity_id")
    wanted = entities[(entities["kind"] == "lab") | (entities["region"] == "Gulf")]
    without = set(wanted.index[wanted["name_zh"].isna()])
    gaps = set(data.gaps.loc[data.gaps["gap_id"].str.startswith("zh_name_"), "entity_id"])
    assert without == {"atic_third", "oia", "vy_capital"}
    assert without <= gaps
    assert wanted.loc[wanted["name_zh"].notna(), "name_zh_source_id"].notna().all()
    named = entities.loc[["zhipu", "moonshot", "mubadala", "qia", "softbank"], "name_zh"].tolist()
    assert named == ["智谱", "月之暗面", "穆巴达拉", "卡塔尔投资局", "软银集团"]


def test_audit_fixes_hold(data):
    rows = data.figures.set_index("figure_id")
    assert (
        rows.loc["openai_2026_03_close_retail", "part_of"] == "openai_2026_03_close"
    )  # inside the $122B, not on top
    assert rows.loc["g_mubadala_anthropic", "flow_kind"] == "secondary_purchase"
    assert rows.loc["g_mubadala_anthropic__atic_third", "investor_id"] == "atic_third"
    assert rows.loc["deepseek_external", "status"] == "REJECT"
    # Undated or cumulative figures are placed in no year.
    for figure_id in (
        "oecd_deo_2024_private_ai_cn",
        "oecd_deo_2024_private_ai_eu",
        "oecd_deo_2024_private_ai_us",
        "g_kia_ai_infra",
    ):
        assert pd.isna(rows.loc[figure_id, "year_start"]), figure_id
    # "More than" is an open upper bound, never low = high.
    # (the blog's "more than $30B" for the round that closed at $65B is kept as a statement of talks)
    talks = rows.loc["anthropic_2026_05_series_h_talks"]
    assert pd.isna(talks["amount_high_usd"]) and talks["amount_low_usd"] == 30e9
    assert rows.loc["anthropic_2026_mid", "amount_usd"] == 65e9


def test_every_verified_row_has_a_quote_or_says_why_not(data):
    verified = data.figures[
        (data.figures["status"] == "VERIFIED") & (data.figures["record_type"] != "participation")
    ]
    missing = verified[verified["quote"].isna() & ~verified["notes"].fillna("").str.startswith("No quote:")]
    assert missing["figure_id"].tolist() == []


def test_every_record_of_sections_1_to_5_is_in_the_dataset(data):
    assert set(EVIDENCE_RECORD_IDS) <= set(data.figures["record_id"])


def test_record_ids_match_the_evidence():
    section = evidence_text()
    section = section[section.index("## 1. The seeds") : section.index("## 6. Conflicts")]
    found = set(re.findall(r"^\*\*(?:SB-\w+ )?([a-z0-9_]+)\*\*", section, re.MULTILINE))
    found |= set(re.findall(r"^\| ([a-z0-9_]+) \|", section, re.MULTILINE)) - {"id"}
    assert sorted(found) == list(EVIDENCE_RECORD_IDS)


def test_every_quote_and_https_url_is_copied_verbatim_from_the_evidence(data):
    text = all_evidence_text()
    flat = re.sub(r"\s*\n\s*", " ", text)  # quotes wrapped across lines in the markdown
    quotes = [*data.figures["quote"].dropna(), *data.releases["quote"].dropna()]
    assert [q for q in quotes if q not in text and q not in flat] == []
    urls = data.sources["url"].dropna()
    assert [u for u in urls if u not in text] == []


def test_every_figure_has_a_source_and_every_linked_source_is_https(data):
    assert data.figures["source_id"].notna().all()
    linked = data.figures["source_url"].dropna()
    assert linked.str.startswith("https://").all()
    unlinked = data.sources[data.sources["url"].isna()]
    assert unlinked["url_missing_reason"].notna().all()


@pytest.mark.parametrize(
    ("figure_id", "amount", "low", "high", "status"),
    [
        ("seed_gulf_to_china_labs_aggregate", 100e6, 80e6, 120e6, "UNVERIFIED"),
        ("seed_gulf_to_us_labs_aggregate", 15e9, 12e9, 18e9, "UNVERIFIED"),
        ("seed_softbank_openai_nearly_100b", 100e9, 90e9, 100e9, "UNVERIFIED"),
        ("seed_alibaba_market_value_300b", 300e9, 250e9, 390e9, "UNVERIFIED"),
        ("g_adia_minimax_ipo_cornerstone", 65e6, None, None, "VERIFIED"),
        ("softbank_alibaba_2000", 20e6, None, None, "VERIFIED"),
        ("softbank_openai_cumulative_expected", 64.6e9, None, None, "VERIFIED"),
        ("softbank_openai_2025_second_closing", 22.5e9, None, None, "VERIFIED"),
        ("aiindex2025_us_2024", 109.1e9, None, None, "VERIFIED"),
        ("aiindex2025_cn_2024", 9.3e9, None, None, "VERIFIED"),
        ("reject_c03_arageek_mgx_openai", 6.6e9, None, None, "REJECT"),
    ],
)
def test_headline_figures_carry_the_evidence_values(data, figure_id, amount, low, high, status):
    row = data.figures.set_index("figure_id").loc[figure_id]
    assert row["amount_usd"] == amount
    assert (None if pd.isna(row["amount_low_usd"]) else row["amount_low_usd"]) == (
        low if low is None else pytest.approx(low)
    )
    assert (None if pd.isna(row["amount_high_usd"]) else row["amount_high_usd"]) == (
        high if high is None else pytest.approx(high)
    )
    assert row["status"] == status


@pytest.mark.parametrize(
    ("claim_id", "verdict"),
    [
        ("claim_gulf_to_china_100m", "partly_supported"),
        ("claim_gulf_to_us_15b", "cannot_be_reconstructed"),
        ("claim_softbank_alibaba_20m", "supported"),
        ("claim_softbank_openai_nearly_100b", "contradicted"),
        ("claim_alibaba_market_value_300b", "partly_supported"),
        ("claim_state_support_only_recent", "partly_supported"),
        ("claim_underwhelming_valuations", "partly_supported"),
        ("claim_rushed_ipos", "partly_supported"),
        ("claim_china_100m_vs_us_15b_headline", "contradicted"),
    ],
)
def test_seed_claims_carry_their_verdicts_and_evidence(data, claim_id, verdict):
    claim = data.claims.set_index("claim_id").loc[claim_id]
    assert claim["verdict"] == verdict
    assert len(claim["evidence_figure_ids"]) >= 1


def test_curated_rows_are_sorted_by_id():
    for name, column in (
        ("figures.csv", "figure_id"),
        ("sources.csv", "source_id"),
        ("claims.csv", "claim_id"),
        ("entities.csv", "entity_id"),
        ("deals.csv", "deal_id"),
        ("participations.csv", "participation_id"),
    ):
        ids = pd.read_csv(paths.CURATED_DIR / name, dtype=str, keep_default_na=False)[column].tolist()
        assert ids == sorted(ids), name


def test_curated_files_use_lf_line_endings():
    for path in Path(paths.CURATED_DIR).glob("*.csv"):
        assert b"\r" not in path.read_bytes(), path.name


def test_no_curated_or_evidence_file_names_a_path_of_one_machine():
    """The project resolves its files relative to itself: an absolute path in the data (a researcher's scratch
    folder, say) would point nowhere on a reader's machine."""
    machine_path = re.compile(r"(?:^|[\s\"'(`])/(?:work|tmp|root|home|Users)/")
    files = [*paths.CURATED_DIR.glob("*.csv"), *(paths.DEFAULT_DATA_DIR / "evidence").glob("*.md")]
    hits = [
        f"{path.name}:{number}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if machine_path.search(line)
    ]
    assert hits == []
