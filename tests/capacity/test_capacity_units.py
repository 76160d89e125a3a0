"""The capacity tools' own logic: percentiles, the knee, the ramp's plan, the answer check that catches a
session shown another's state, the wire parsing and the balancer's configuration."""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import replace

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from fundgap.analysis.filters import Filters
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.view import View
from fundgap.data.paths import DEFAULT_DATA_DIR
from tests.capacity import measure
from tests.capacity.balancer import COOKIE, differences, folder_fingerprint, nginx_config, read_only_snapshot
from tests.capacity.readers import STORY_LINK, Oracle, arrival, check, first_view, query_of
from tests.capacity.wire import Drawn, WireError, loopback_only, read_message, widget_key


def step(readers: int, p95: float, failed: int = 0, wrong: int = 0, new_view_s: float = 0.1) -> measure.Step:
    timings = [("page", p95, False)] * 20 + [("rule", new_view_s, True)]
    return measure.summarise(readers, 10.0, timings, failed, wrong, 0, 20, 5, 4.0, 300.0, 1.0, cores=2)


def test_percentile_is_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert measure.percentile(values, 0.50) == 50.0
    assert measure.percentile(values, 0.95) == 95.0
    assert measure.percentile(values, 0.99) == 99.0
    assert measure.percentile([3.0], 0.95) == 3.0
    assert math.isnan(measure.percentile([], 0.5))


def test_a_step_holds_only_within_a_second_and_without_failures():
    assert step(10, 0.9).holds
    assert not step(10, 1.2).holds
    assert not step(10, 0.5, failed=1).holds
    assert not step(10, 0.5, wrong=1).holds


def test_summary_reports_cores_and_rates():
    timings = [("open", 0.2, True), ("page", 0.4, False), ("rule", 0.6, False), ("page", 0.8, True)]
    found = measure.summarise(
        5,
        10.0,
        timings,
        0,
        0,
        0,
        4,
        1,
        server_cpu_s=15.0,
        server_peak_rss_mb=250.04,
        client_cpu_s=2.0,
        cores=2,
    )
    assert (found.actions, found.actions_per_s, found.server_cpu_cores, found.client_cpu_cores) == (
        4,
        0.4,
        1.5,
        0.2,
    )
    assert (found.p50_s, found.open_p95_s, found.max_s, found.server_peak_rss_mb) == (0.4, 0.2, 0.8, 250.0)
    assert (found.new_views, found.new_view_p95_s, found.repeat_p95_s) == (2, 0.8, 0.6)


def test_a_step_can_hold_on_repeat_views_while_first_computations_are_slow():
    slow_first = measure.summarise(
        10,
        10.0,
        [("page", 0.3, False)] * 18 + [("rule", 2.5, True)] * 2,
        0,
        0,
        0,
        20,
        5,
        4.0,
        300.0,
        1.0,
        cores=2,
    )
    assert (slow_first.p95_s, slow_first.repeat_p95_s) == (2.5, 0.3)
    assert slow_first.holds_on_repeats and not slow_first.holds
    assert measure.knee([step(10, 0.3), replace(slow_first, readers=50)], "holds_on_repeats").readers == 50
    assert measure.knee([step(10, 0.3), replace(slow_first, readers=50)], "holds").readers == 10


def test_knee_is_the_last_step_that_held_before_one_that_did_not():
    steps = [step(10, 0.3), step(50, 0.6), step(100, 1.4), step(75, 0.9)]
    assert measure.knee(steps).readers == 75
    assert measure.knee([step(10, 2.0)]) is None
    assert (
        measure.knee([step(10, 0.3), step(50, 2.0), step(100, 0.5)]).readers == 10
    )  # a later lucky step does not count


def test_ramp_plan_stops_at_the_first_failure_then_halves_the_gap():
    planned = [10, 50, 100, 200, 400]
    assert measure.next_readers(planned, [], 2) == 10
    assert measure.next_readers(planned, [step(10, 0.3)], 2) == 50
    held_then_broke = [step(10, 0.3), step(50, 0.6), step(100, 1.5)]
    assert measure.next_readers(planned, held_then_broke, 2) == 75
    assert measure.next_readers(planned, held_then_broke + [step(75, 0.8)], 2) == 87
    assert (
        measure.next_readers(planned, held_then_broke + [step(75, 0.8), step(87, 1.1)], 2) is None
    )  # refinements used
    assert (
        measure.next_readers(planned, [step(n, 0.2) for n in planned], 2) is None
    )  # all held: beyond the plan
    assert measure.next_readers(planned, [step(10, 3.0)], 1) == 5


def test_process_numbers_are_read_from_proc_text():
    stat = "1234 (streamlit run x) S 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 1 0 100 0 0"
    assert measure.parse_stat_cpu(stat, 100) == 3.0
    assert (
        measure.parse_status_mb("Name:\tpython\nVmHWM:\t  262144 kB\nVmRSS:\t  131072 kB\n", "VmHWM") == 256.0
    )


def test_the_table_has_a_row_a_step():
    text = measure.table([step(50, 0.6), step(10, 0.3)])
    lines = text.splitlines()
    assert len(lines) == 4 and lines[2].startswith("| 10 | 1 |") and lines[3].startswith("| 50 | 1 |")
    assert lines[2].endswith("| yes / yes |")
    assert lines[1].count("---") == lines[0].count("|") - 1


def test_load_tools_target_loopback_only():
    assert loopback_only("http://127.0.0.1:8501/") == "http://127.0.0.1:8501"
    for base in (
        "http://localhost:8501",
        "http://10.0.0.2:8501",
        "https://127.0.0.1:8501",
        "http://127.0.0.1",
        "ws://127.0.0.1:1",
    ):
        with pytest.raises(ValueError, match="127.0.0.1"):
            loopback_only(base)


def test_widget_keys_come_from_streamlit_ids():
    assert widget_key("$$ID-5af0855a15996d7606418b3a95620946-w_secondary") == "w_secondary"
    assert widget_key("plain") == "plain"


def element_message(build) -> ForwardMsg:
    message = ForwardMsg()
    build(message.delta.new_element)
    return message


def test_wire_reads_metrics_widgets_problems_and_cached_references():
    drawn, cache = Drawn(0.0), {}
    metric = element_message(
        lambda e: (setattr(e.metric, "label", "Seed"), setattr(e.metric, "body", "about $100M"))
    )
    metric.hash, metric.metadata.cacheable = "abc", True
    read_message(metric, drawn, cache)
    reference = ForwardMsg()
    reference.ref_hash = "abc"
    read_message(reference, drawn, cache)  # a browser that has the message is sent only its hash
    region = element_message(
        lambda e: (
            setattr(e.multiselect, "id", "$$ID-1-w_investor_region"),
            e.multiselect.raw_values.append("Gulf"),
            setattr(e.multiselect, "set_value", True),
        )
    )
    read_message(region, drawn, cache)
    error = element_message(
        lambda e: (setattr(e.exception, "type", "KeyError"), setattr(e.exception, "message", "x"))
    )
    read_message(error, drawn, cache)
    assert drawn.metrics == [("Seed", "about $100M"), ("Seed", "about $100M")]
    assert drawn.widgets == {"w_investor_region": ("$$ID-1-w_investor_region", ("Gulf",))}
    assert drawn.problems == ["exception: KeyError: x"]
    unknown = ForwardMsg()
    unknown.ref_hash = "never-sent"
    with pytest.raises(WireError, match="never received"):
        read_message(unknown, drawn, cache)


@pytest.fixture(scope="module")
def oracle() -> Oracle:
    return Oracle(DEFAULT_DATA_DIR)


def drawn_as(oracle: Oracle, view: View, overview: bool = True) -> Drawn:
    """What a correct server draws for `view`."""
    drawn = Drawn(0.2, page_hash="home" if overview else "other", query=query_of(view))
    drawn.widgets["w_investor_region"] = ("id-r", oracle.region_labels(view.filters.investor_region))
    drawn.widgets["w_secondary"] = ("id-s", ("secondary" in view.rules.switched_on))
    drawn.widgets["w_unverified"] = ("id-u", ("unverified" in view.rules.switched_on))
    drawn.metrics = list(oracle.overview_cards(query_of(view))) if overview else []
    return drawn


def test_readers_side_by_side_ask_for_different_views():
    views = {query_of(first_view(n)) for n in range(12)}
    assert len(views) == 12
    assert first_view(1) == View(
        Filters(investor_region=("China",), year_from=None), CountingRules(secondary=True)
    )


def test_story_readers_mostly_share_the_story_link_and_explorers_never_do():
    story = [arrival(n, "story") for n in range(20)]
    assert all(story[n] == STORY_LINK for n in range(20) if n % 5)  # four in five
    assert all(
        story[n] == arrival(n, "explore") for n in range(0, 20, 5)
    )  # the fifth explores from its own view
    assert ("", View(Filters(investor_region=("Gulf",)))) == STORY_LINK
    assert len({query_of(view) for _, view in (arrival(n, "explore") for n in range(12))}) == 12


def test_the_check_passes_a_reader_its_own_answer(oracle):
    mine = first_view(5)
    assert check(drawn_as(oracle, mine), mine, oracle, "", "home") == []
    assert check(drawn_as(oracle, mine, overview=False), mine, oracle, "data", "other") == []


def test_the_check_catches_another_page_than_asked(oracle):
    mine = first_view(3)
    assert check(drawn_as(oracle, mine, overview=False), mine, oracle, "", "home")[0].startswith(
        "drew page other"
    )


def test_the_check_catches_a_session_shown_another_readers_state(oracle):
    mine, theirs = first_view(0), first_view(1)  # Gulf, default rules / China, secondary purchases counted
    wrong = check(drawn_as(oracle, theirs), mine, oracle, "", "home")
    assert any("server set the URL" in w for w in wrong)
    assert any("investor region drawn as ('China',)" in w for w in wrong)
    assert any("rule secondary drawn as True" in w for w in wrong)


def test_the_check_catches_wrong_totals_for_the_readers_filters(oracle):
    mine = View(Filters(investor_region=("China",)))
    drawn = drawn_as(oracle, mine)
    drawn.metrics = list(
        oracle.overview_cards(query_of(View()))
    )  # the unfiltered cards, under a China filter
    assert dict(drawn.metrics)["Documented: Gulf → MiniMax and Zhipu"] == "$65M–$515M"
    assert (
        dict(oracle.overview_cards(query_of(mine)))["Documented: Gulf → MiniMax and Zhipu"]
        == "none documented"
    )
    assert [w for w in check(drawn, mine, oracle, "", "home") if w.startswith("cards on Overview")]


def test_the_check_reports_exceptions_on_the_page(oracle):
    mine = first_view(2)
    drawn = drawn_as(oracle, mine)
    drawn.problems.append("exception: KeyError: 'x'")
    assert check(drawn, mine, oracle, "", "home") == ["exception: KeyError: 'x'"]


def test_oracle_cards_follow_the_rules(oracle):
    counted = oracle.overview_cards(query_of(View()))
    assert [label for label, _ in counted][:2] == [
        "Seed: Gulf → MiniMax and Zhipu",
        "Documented: Gulf → MiniMax and Zhipu",
    ]
    assert dict(counted)["Seed: Gulf → MiniMax and Zhipu"] == "about $100M"
    secondary = dict(oracle.overview_cards(query_of(replace(View(), rules=CountingRules(secondary=True)))))
    assert (
        secondary["Documented: Gulf → Anthropic and OpenAI"]
        != dict(counted)["Documented: Gulf → Anthropic and OpenAI"]
    )
    softbank = dict(oracle.cards("softbank", ""))
    assert softbank['Seed claim ("nearly")'] == "$100B"
    assert oracle.cards("data", "") is None


def test_nginx_config_is_loopback_sticky_and_upgrades_websockets(tmp_path):
    text = nginx_config(8500, [8511, 8512], tmp_path)
    assert "listen 127.0.0.1:8500;" in text
    assert "server 127.0.0.1:8511 " in text and "server 127.0.0.1:8512 " in text
    assert "hash $replica_key consistent;" in text
    assert f"map $cookie_{COOKIE} $replica_key" in text and "''      $request_id;" in text
    assert (
        "proxy_set_header Upgrade $http_upgrade;" in text
        and "proxy_set_header Connection $connection_upgrade;" in text
    )
    assert "proxy_next_upstream error timeout;" in text
    assert "listen 0.0.0.0" not in text and "listen 80" not in text


def test_nginx_accepts_the_config(tmp_path):
    """Debian's nginx itself parses the file (`make balancer` installs it; `make test` depends on that
    target)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    (tmp_path / "logs").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(nginx_config(18500, [18511, 18512], tmp_path))
    done = subprocess.run(
        [nginx, "-t", "-c", str(config), "-p", str(tmp_path)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_the_shared_data_folder_is_a_read_only_copy_of_the_built_tables(tmp_path):
    snapshot = read_only_snapshot(DEFAULT_DATA_DIR, tmp_path / "shared")
    try:
        names = set(folder_fingerprint(snapshot))
        assert "figures.parquet" in names and "manifest.json" in names
        assert not any(name.startswith(("curated/", "evidence/")) for name in names)
        assert (snapshot / "figures.parquet").stat().st_mode & 0o222 == 0
        assert snapshot.stat().st_mode & 0o222 == 0
    finally:
        for path in [snapshot, *snapshot.rglob("*")]:
            path.chmod(0o700 if path.is_dir() else 0o600)


def test_differences_name_added_removed_and_half_written_files():
    before = {"a.parquet": "1", "b.json": "2"}
    after = {"a.parquet": "9", "c.tmp": "3"}
    assert differences(before, after) == ["added c.tmp", "removed b.json", "changed a.parquet"]
    assert differences(before, dict(before)) == []


# -- fundgap against its capacity floor (tests/capacity/floor_compare.py, benchmarks/floor.py)


def test_capacity_is_the_largest_step_that_held_on_repeat_views_before_the_first_that_did_not():
    from tests.capacity import floor_compare

    steps = [step(10, 0.3), step(20, 0.6), step(30, 1.4), step(40, 0.5)]
    found = floor_compare.capacity(steps)
    assert (found.readers, found.actions_per_s) == (20, 2.1)
    assert floor_compare.capacity([step(10, 1.2)]) == floor_compare.Capacity(0, 0.0)
    assert floor_compare.still_climbing(steps[:2]) and not floor_compare.still_climbing(steps)


def test_the_comparison_lines_read_exactly_as_the_issue_asks():
    from tests.capacity import floor_compare

    assert floor_compare.full_line(floor_compare.Capacity(20, 1.5), floor_compare.Capacity(60, 4.25)) == (
        "capacity vs floor: fundgap 20 readers, floor 60 readers, ratio 0.33; "
        "actions/s fundgap 1.50, floor 4.25"
    )
    assert floor_compare.full_line(floor_compare.Capacity(0, 0.0), floor_compare.Capacity(0, 0.0)).endswith(
        "ratio n/a; actions/s fundgap 0.00, floor 0.00"
    )
    assert floor_compare.short_line(20, step(20, 0.4), step(20, 0.25)) == (
        "capacity vs floor at 20 readers: fundgap p95 0.400 s, floor p95 0.250 s; actions/s fundgap 2.10, "
        "floor 2.10"
    )


def test_the_floor_app_serves_every_page_at_fundgap_s_paths_with_the_widgets_readers_change(tmp_path):
    """The multipage floor draws each page's inventory, with the sidebar filter and rule toggles under the
    keys the protocol readers send; a filter state never taken stock of draws the default view."""
    from streamlit.testing.v1 import AppTest

    from benchmarks import floor

    inventory = {
        "charts": [[{"type": "bar", "points": 3}]],
        "tables": [[4, 2]],
        "others": {
            "toggle": 2,
            "toggle_keys": ["w_secondary", "w_unverified"],
            "slider": 1,
            "download_button": 1,
            "link_button": 0,
            "button": 0,
            "metric": 2,
            "expander": 1,
            "flex_container": 1,
            "column": 2,
            "text": 3,
            "multiselect": [5],
            "radio": [3],
            "static_tables": [[6, 3, 40]],
        },
    }
    main = floor.write_floor_app(
        tmp_path,
        [
            ("overview", "Overview", True, ["Gulf", "China"], inventory),
            ("claims", "Claims", False, ["Gulf", "China"], inventory),
        ],
    )
    app = AppTest.from_file(str(main), default_timeout=60)
    app.run()
    assert not app.exception
    assert [t.key for t in app.toggle] == ["w_secondary", "w_unverified"]
    assert app.multiselect(key="w_investor_region").options == ["Gulf", "China"]
    assert len(app.get("plotly_chart")) == 1 and len(app.dataframe) == 1
    assert [table.value.shape for table in app.table] == [(6, 3)]
    assert len(app.metric) == 2
    app.multiselect(key="w_investor_region").select("China").run()
    assert not app.exception and len(app.get("plotly_chart")) == 1
    app.switch_page("floor_claims_matched.py").run()
    assert not app.exception and [table.value.shape for table in app.table] == [(6, 3)]
