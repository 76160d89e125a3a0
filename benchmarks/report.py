"""The goals (PASS/MISS), the printed tables and benchmarks/results/latest.json."""

from __future__ import annotations

import json
import math
import os
import platform
from datetime import UTC, datetime

import streamlit

from benchmarks.common import RESULTS_DIR, Settings

RERUN_RATIO_GOAL = 1.5
COLD_RATIO_GOAL = 1.3
WARM_RATIO_GOAL = 1.3
SCALE_SECONDS_GOAL = 1.0
MEMORY_GOAL_MB = 2048  # 2 GiB
LINEAR = 10.0  # 100k -> 1M is 10x the rows


def meta(settings: Settings, sections: list[str]) -> dict:
    return {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "mode": "quick" if settings.quick else "full",
        "sections": sections,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "settings": {k: v for k, v in settings.__dict__.items()},
        "seconds": {},
    }


# -- goals
# ----------------------------------------------------------------------------------------------------------


def goals(results: dict) -> list[dict]:
    found = []
    if "rerun" in results:
        found.append(rerun_goal(results["rerun"]))
        found.append(matched_rerun_goal(results["rerun"]))
    if "cold" in results:
        found.append(cold_goal(results["cold"]))
    if "warm" in results:
        found.append(warm_goal(results["warm"]))
    if "scale" in results:
        found += scale_goals(results["scale"])
    return found


def _goal(goal_id: str, text: str, ok: bool | None, detail: str, case: str | None = None) -> dict:
    status = "n/a" if ok is None else "PASS" if ok else "MISS"
    return {"id": goal_id, "goal": text, "status": status, "detail": detail, "case": case}


def rerun_goal(rows: list[dict]) -> dict:
    over = sorted((r for r in rows if r["ratio"] > RERUN_RATIO_GOAL), key=lambda r: -r["ratio"])
    worst = max(rows, key=lambda r: r["ratio"])
    matched_worst = max(rows, key=lambda r: r["matched_ratio"])
    detail = (
        f"{len(over)} of {len(rows)} pages over; worst {worst['page']} {worst['ratio']}x "
        f"({worst['page_ms']} ms vs floor {worst['floor_ms']} ms); against the matched floor the worst is "
        f"{matched_worst['page']} {matched_worst['matched_ratio']}x"
    )
    return _goal(
        "rerun", f"every page's rerun <= {RERUN_RATIO_GOAL}x its floor", not over, detail, worst["slug"]
    )


def matched_rerun_goal(rows: list[dict]) -> dict:
    """Issue 25's form of the rerun goal: against the matched floor, which draws the page's own tables and
    every other element it draws, so what is left over is fundgap's own work."""
    over = [r for r in rows if r["matched_ratio"] > RERUN_RATIO_GOAL]
    worst = max(rows, key=lambda r: r["matched_ratio"])
    detail = (
        f"{len(over)} of {len(rows)} pages over; worst {worst['page']} {worst['matched_ratio']}x "
        f"({worst['page_ms']} ms vs matched floor {worst['matched_floor_ms']} ms)"
    )
    return _goal(
        "rerun_matched",
        f"every page's rerun <= {RERUN_RATIO_GOAL}x its matched floor",
        not over,
        detail,
        worst["slug"],
    )


def cold_goal(cold: dict) -> dict:
    detail = (
        f"{cold['ratio']}x ({cold['app_ms']:.0f} ms vs bare {cold['bare_ms']:.0f} ms); "
        f"{cold['matched_ratio']}x the "
        f"matched floor ({cold['matched_ms']:.0f} ms)"
    )
    return _goal(
        "cold", f"cold start <= {COLD_RATIO_GOAL}x the bare app", cold["ratio"] <= COLD_RATIO_GOAL, detail
    )


def warm_goal(warm: dict) -> dict:
    detail = (
        f"{warm['ratio']}x ({warm['app_ms']:.0f} ms vs bare {warm['bare_ms']:.0f} ms; charts drawn at "
        f"{warm['app_charts_ms']:.0f} vs {warm['bare_charts_ms']:.0f} ms)"
    )
    return _goal(
        "warm",
        f"a new reader on a warm server <= {WARM_RATIO_GOAL}x the bare app",
        warm["ratio"] <= WARM_RATIO_GOAL,
        detail,
    )


def scale_goals(scale: dict) -> list[dict]:
    by_size = {s["size"]: s for s in scale["sizes"]}
    million = by_size.get("1M")
    largest = scale["sizes"][-1] if scale["sizes"] else None
    if million is None:
        not_run = "1M not measured (--quick)"
        largest_text = not_run + (
            f"; at {largest['size']}: Flows {largest['flows_ms']:.0f} ms, "
            f"Data {largest['data_ms']:.0f} ms, peak RSS {largest['peak_rss_mb']:.0f} MB"
            if largest
            else ""
        )
        return [
            _goal(
                "scale_time",
                "1M rows: a filter change re-renders Flows and Data in < 1 s",
                None,
                largest_text,
            ),
            _goal("scale_memory", "1M rows: peak memory < 2 GB", None, not_run),
            _goal("scale_growth", "cost grows no faster than linearly 100k -> 1M", None, not_run),
        ]
    # Judged on a view nobody has opened yet (nothing memoised), the slower case; returning to a view is
    # faster.
    slow = max(million["flows_new_view_ms"], million["data_new_view_ms"]) / 1000
    growth = scale["growth"]
    superlinear = {k: v for k, v in growth.items() if v > LINEAR}
    return [
        _goal(
            "scale_time",
            "1M rows: a filter change re-renders Flows and Data in < 1 s",
            slow < SCALE_SECONDS_GOAL,
            f"new view: Flows {million['flows_new_view_ms']:.0f} ms, Data "
            f"{million['data_new_view_ms']:.0f} ms; "
            f"returning to a view: Flows {million['flows_ms']:.0f} ms, Data {million['data_ms']:.0f} ms",
        ),
        _goal(
            "scale_memory",
            "1M rows: peak memory < 2 GB",
            million["peak_rss_mb"] < MEMORY_GOAL_MB,
            f"peak RSS {million['peak_rss_mb']:.0f} MB; the figures table alone is "
            f"{million['dataset_mb']:.0f} MB in memory",
        ),
        _goal(
            "scale_growth",
            "cost grows no faster than linearly 100k -> 1M",
            not superlinear,
            ", ".join(f"{_growth_name(k)} x{v}" for k, v in growth.items()) + f" (linear = x{LINEAR:g})",
        ),
    ]


# -- notes
# ----------------------------------------------------------------------------------------------------------


def notes(results: dict) -> list[str]:
    found = []
    if "rerun" in results or "payload" in results or "scale" in results:
        found.append(
            "Reruns, payload and scale are measured with Streamlit's AppTest (streamlit.testing.v1), "
            "in-process: "
            "server-side script time plus AppTest's own bookkeeping, no websocket and no browser."
        )
    if "rerun" in results:
        found.append(stub_note(results["rerun"]))
        found.append(
            "Floors are generated from what each page rendered (plotly charts, trace types and points, "
            "tables, "
            "rows and columns, per filter state), written to a temp folder without pages/ and measured "
            "the same "
            "way, page and floor runs alternating. A floor has the same sidebar multiselect but no "
            "other widget, "
            "no data loading, no hover text, expanders or download buttons. The matched floor also "
            "draws every other "
            "element the page drew (each widget with its number of options, text, metrics, buttons, "
            "expanders, "
            "containers), flat and with the least arguments: what Streamlit needs for the whole output."
        )
    if "payload" in results:
        found.append(
            "Payload = len(PlotlyChart.spec) (plotly JSON) + len(Arrow IPC bytes) of st.dataframe, "
            "read from the "
            "AppTest element protos of an unfiltered run; 'other' = serialized size of every other "
            "element proto "
            "(widgets, text, containers). Not WebSocket frames: no ForwardMsg envelope, no compression."
        )
    if "cold" in results:
        found.append(
            "Cold start: Popen of `streamlit run` (tests/e2e/server.py) -> default page in headless "
            "Chromium with "
            "its plotly charts drawn, connected, script not running, no skeletons (wait_for_app), minus "
            "wait_for_app's fixed 300 ms pause. Fresh browser context per run; Chromium is launched once, "
            "off the clock."
        )
    if "warm" in results:
        found.append(
            "Warm server: one fundgap and one bare-app server, each warmed by one page load off the clock; "
            "page.goto in a new browser context -> the default page's plotly charts drawn and "
            "wait_for_app, minus "
            "its fixed 300 ms pause. fundgap and bare runs alternate; Chromium is launched once, off "
            "the clock."
        )
    if "scale" in results:
        found.append(
            "Scale: one fresh subprocess per size; memory is that process's peak RSS "
            "(resource.getrusage(RUSAGE_SELF).ru_maxrss: Python, Streamlit, AppTest and the data); "
            "Flows/Data times "
            "are medians over filter changes alternating 'Gulf' and no filter."
        )
    return found


def stub_note(rows: list[dict]) -> str:
    if all(not r["stub_ms"] for r in rows):
        return (
            "Every AppTest run is one execution of dashboard.py: the page scripts live in app_pages/, "
            "so Streamlit "
            "never enters its legacy pages/ mode and no run is spent on a stub ('AppTest ms' = 'page "
            "ms' + bookkeeping)."
        )
    worst = max(rows, key=lambda r: r["stub_ms"] / r["apptest_ms"])
    return (
        "AppTest re-enters Streamlit's legacy pages/ mode on every run, so each page run executes "
        "twice: the page file "
        "alone until ui._ensure_frame calls st.rerun, then dashboard.py with st.navigation. A real "
        "server does this "
        "only on a session's first run. 'page ms' leaves that stub out; 'AppTest ms' includes it. The "
        "stub costs "
        f"{min(r['stub_ms'] for r in rows)}-{max(r['stub_ms'] for r in rows)} ms (at most "
        f"{100 * worst['stub_ms'] / worst['apptest_ms']:.0f}% of a run, on {worst['page']}), so it "
        "barely inflates "
        "the numbers."
    )


# -- printing
# -------------------------------------------------------------------------------------------------------


def render(results: dict) -> str:
    m = results["meta"]
    parts = [
        f"fundgap benchmarks · {m['when']} · {m['mode']} · {m['cpus']} CPUs · Python {m['python']} · "
        f"Streamlit {m['streamlit']}"
    ]
    for name, renderer in (
        ("rerun", rerun_table),
        ("cold", cold_table),
        ("warm", warm_table),
        ("payload", payload_table),
        ("scale", scale_table),
    ):
        if name in results:
            parts.append(renderer(results[name]))
    if "cold" in results and "warm" in results:
        parts.append(new_readers_table(results))
    parts.append(goals_table(results["goals"]))
    if results.get("profiles"):
        parts.append(profiles_text(results["profiles"]))
    parts.append("Notes\n" + "\n".join(f"- {note}" for note in results["notes"]))
    return "\n\n".join(parts)


def table(headers: list[str], rows: list[list], title: str) -> str:
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [all(_numeric(r[i]) for r in cells) for i in range(len(headers))]

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([title, line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _numeric(text: str) -> bool:
    return text == "-" or text.replace(",", "").replace(".", "").rstrip("x").isdigit()


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def rerun_table(rows: list[dict]) -> str:
    runs = rows[0]["runs"] if rows else 0
    return table(
        [
            "page",
            "page ms",
            "floor ms",
            "ratio",
            "matched floor ms",
            "matched ratio",
            "AppTest ms",
            "stub ms",
            "execs",
            "charts",
            "points",
            "tables",
            "rows",
        ],
        [
            [
                r["page"],
                r["page_ms"],
                r["floor_ms"],
                f"{r['ratio']:.2f}x",
                r["matched_floor_ms"],
                f"{r['matched_ratio']:.2f}x",
                r["apptest_ms"],
                r["stub_ms"],
                r["executions_per_run"],
                r["charts"],
                r["points"],
                r["tables"],
                r["rows"],
            ]
            for r in rows
        ],
        f"1. Rerun after a filter change (AppTest, median of {runs}; page/floor alternating; page ms "
        "excludes the legacy stub)",
    )


def payload_table(rows: list[dict]) -> str:
    kb = lambda n: n / 1024  # noqa: E731
    return table(
        ["page", "charts KB", "tables KB", "other KB", "total KB", "charts", "points", "tables", "rows"],
        [
            [
                r["page"],
                kb(r["chart_bytes"]),
                kb(r["table_bytes"]),
                kb(r["other_bytes"]),
                kb(r["total_bytes"]),
                r["charts"],
                r["points"],
                r["tables"],
                r["rows"],
            ]
            for r in rows
        ],
        "4. Payload per page, unfiltered (AppTest element protos: plotly spec + Arrow bytes; not "
        "WebSocket frames)",
    )


def cold_table(cold: dict) -> str:
    return table(
        ["app", "cold start ms", "server healthy ms", "runs (ms)"],
        [
            [
                "fundgap (default page)",
                cold["app_ms"],
                cold["app_healthy_ms"],
                ", ".join(f"{v:.0f}" for v in cold["app_runs_ms"]),
            ],
            [
                "bare one-chart app",
                cold["bare_ms"],
                cold["bare_healthy_ms"],
                ", ".join(f"{v:.0f}" for v in cold["bare_runs_ms"]),
            ],
            [
                "matched floor of the default page",
                cold["matched_ms"],
                cold["matched_healthy_ms"],
                ", ".join(f"{v:.0f}" for v in cold["matched_runs_ms"]),
            ],
            ["ratio to bare", f"{cold['ratio']:.2f}x", None, None],
            ["ratio to matched floor", f"{cold['matched_ratio']:.2f}x", None, None],
        ],
        f"2. Cold start, real server + headless Chromium (median of {cold['runs']})",
    )


def warm_table(warm: dict) -> str:
    return table(
        ["app", "new reader ms", "charts drawn ms", "runs (ms)"],
        [
            [
                "fundgap (default page)",
                warm["app_ms"],
                warm["app_charts_ms"],
                ", ".join(f"{v:.0f}" for v in warm["app_runs_ms"]),
            ],
            [
                "bare one-chart app",
                warm["bare_ms"],
                warm["bare_charts_ms"],
                ", ".join(f"{v:.0f}" for v in warm["bare_runs_ms"]),
            ],
            *(
                [
                    [
                        "matched floor of the default page",
                        warm["matched_ms"],
                        None,
                        ", ".join(f"{v:.0f}" for v in warm["matched_runs_ms"]),
                    ],
                    ["ratio to matched floor", f"{warm['matched_ratio']:.2f}x", None, None],
                ]
                if "matched_ms" in warm
                else []
            ),
            ["ratio to bare", f"{warm['ratio']:.2f}x", None, None],
        ],
        f"3. A new reader on a warm server, real server + headless Chromium (median of {warm['runs']})",
    )


def new_readers_table(results: dict) -> str:
    """Issue 25's one table for new readers: fundgap, the bare one-chart app and the default page's matched
    floor, on a cold server and on a warm one, with fundgap's ratio to each."""
    cold, warm = results["cold"], results["warm"]
    rows = [
        ["fundgap (default page)", cold["app_ms"], warm["app_ms"]],
        ["bare one-chart app", cold["bare_ms"], warm["bare_ms"]],
        ["matched floor of the default page", cold["matched_ms"], warm.get("matched_ms")],
        ["fundgap / bare", f"{cold['ratio']:.2f}x", f"{warm['ratio']:.2f}x"],
        [
            "fundgap / matched floor",
            f"{cold['matched_ratio']:.2f}x",
            f"{warm['matched_ratio']:.2f}x" if "matched_ratio" in warm else None,
        ],
    ]
    return table(
        ["", "cold start ms", "warm first view ms"],
        rows,
        "New readers: cold start and warm first view against the bare app and the matched floor (medians)",
    )


def scale_table(scale: dict) -> str:
    rows = [
        [
            s["size"],
            s["rows"],
            s["load_ms"],
            s["flows_new_view_ms"],
            s["flows_ms"],
            s["data_new_view_ms"],
            s["data_ms"],
            _payload_kb(s, "flows"),
            _payload_kb(s, "data"),
            s["dataset_mb"],
            s["peak_rss_mb"],
        ]
        for s in scale["sizes"]
    ]
    text = table(
        [
            "size",
            "rows",
            "load ms",
            "Flows new ms",
            "Flows ms",
            "Data new ms",
            "Data ms",
            "Flows KB",
            "Data KB",
            "figures MB",
            "peak RSS MB",
        ],
        rows,
        "5. Scale: synthetic data (fresh subprocess per size; AppTest rerun medians; payload unfiltered)",
    )
    if scale["growth"]:
        verdicts = "; ".join(
            f"{_growth_name(k)} x{v} (exponent {math.log10(v):.2f}: {_linearity(v)})"
            for k, v in scale["growth"].items()
        )
        text += f"\ngrowth 100k -> 1M (10x the rows; linear = x10, exponent 1): {verdicts}"
    return text


def _linearity(ratio: float) -> str:
    return "linear or better" if ratio <= LINEAR else "worse than linear"


def _growth_name(key: str) -> str:
    return {
        "load_ms": "load",
        "peak_rss_mb": "peak RSS",
        "flows_ms": "Flows rerun",
        "data_ms": "Data rerun",
        "flows_new_view_ms": "Flows new view",
        "data_new_view_ms": "Data new view",
    }.get(key, key)


def _payload_kb(size: dict, slug: str) -> float:
    return sum(size[f"{slug}_payload"].values()) / 1024


def goals_table(found: list[dict]) -> str:
    return table(
        ["goal", "result", "measured"], [[g["goal"], g["status"], g["detail"]] for g in found], "Goals"
    )


def profiles_text(profiles: dict) -> str:
    lines = ["Profiles (pyinstrument; full trees in the files named)"]
    for case, found in profiles.items():
        for part, info in _profile_parts(found):
            lines.append(f"- {case}{part}: {info.get('profile')} ({info.get('seconds')} s profiled)")
            lines += [f"    {frame}" for frame in info.get("top_project_frames", [])[:6]]
            lines += [f"    self: {frame.strip()}" for frame in info.get("top_self_frames", [])[:3]]
    return "\n".join(lines)


def _profile_parts(found: dict):
    if "profile" in found:
        yield "", found
    else:  # several profiles for one case (cold start: imports, first run)
        for name, info in found.items():
            yield f" ({name})", info


def write_json(results: dict) -> str:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / "latest.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    return str(path)
