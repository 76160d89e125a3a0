"""A new reader on a warm server: from opening the default page in a fresh Chromium context to its charts
drawn, on one fundgap server and one bare one-chart app server that have each served a page already, runs
alternating."""

from __future__ import annotations

import contextlib
import tempfile
import time
from pathlib import Path

from benchmarks import floor
from benchmarks.cold import BARE_APP, CHARTS_DRAWN, SETTLE_S
from benchmarks.common import DASHBOARD, FILTER_KEY, Settings, median, ms
from tests.e2e.server import launch_chromium, streamlit_server, wait_for_app


def run(settings: Settings) -> dict:
    from playwright.sync_api import sync_playwright

    from benchmarks import apptest

    default = apptest.open_app()  # what the default page draws
    charts = len(apptest.chart_specs(default))
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fundgap-bare-")))
        bare = folder / "bare_app.py"
        bare.write_text(BARE_APP)
        # The default page's matched floor (floor.py), as in the cold start: its elements, nothing computed.
        options = default.multiselect(key=FILTER_KEY).options
        matched = floor.write_floor(
            folder, "default", "default page", options, {"": apptest.inventory(default)}, matched=True
        )
        app_server = stack.enter_context(streamlit_server(DASHBOARD))
        bare_server = stack.enter_context(streamlit_server(bare))
        matched_server = stack.enter_context(streamlit_server(matched))
        browser = launch_chromium(stack.enter_context(sync_playwright()))
        stack.callback(browser.close)
        # Off the clock: each server's first page load (imports, the dataset, the memoised page bundle).
        time_new_reader(browser, app_server.url, charts)
        time_new_reader(browser, bare_server.url, 1)
        time_new_reader(browser, matched_server.url, charts)
        app, bare_app, matched_app = [], [], []
        for _ in range(settings.warm_runs):
            app.append(time_new_reader(browser, app_server.url, charts))
            bare_app.append(time_new_reader(browser, bare_server.url, 1))
            matched_app.append(time_new_reader(browser, matched_server.url, charts))
    app_s, bare_s = median(t for t, _ in app), median(t for t, _ in bare_app)
    matched_s = median(t for t, _ in matched_app)
    return {
        "app_ms": ms(app_s),
        "bare_ms": ms(bare_s),
        "ratio": round(app_s / bare_s, 2),
        "matched_ms": ms(matched_s),
        "matched_ratio": round(app_s / matched_s, 2),
        "matched_runs_ms": [ms(t) for t, _ in matched_app],
        "app_charts_ms": ms(median(c for _, c in app)),
        "bare_charts_ms": ms(median(c for _, c in bare_app)),
        "runs": settings.warm_runs,
        "charts_waited_for": charts,
        "app_runs_ms": [ms(t) for t, _ in app],
        "bare_runs_ms": [ms(t) for t, _ in bare_app],
    }


def time_new_reader(browser, url: str, charts: int) -> tuple[float, float]:
    """Seconds from page.goto in a new browser context to the page's charts drawn, connected, script not
    running and no skeletons (wait_for_app, its fixed pause taken off); and from page.goto to the charts drawn
    alone."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=120_000)
        drawn = time.perf_counter() - start
        wait_for_app(page, timeout_ms=120_000)
        return time.perf_counter() - start - SETTLE_S, drawn
    finally:
        context.close()


# -- profiling a new reader: Chromium's performance trace
# -----------------------------------------------------------

TRACE_CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8"]
MAIN_THREAD_EVENTS = (
    "FunctionCall",
    "v8.evaluateModule",
    "EvaluateScript",
    "UpdateLayoutTree",
    "Layout",
    "Paint",
    "MinorGC",
    "MajorGC",
    "ParseHTML",
    "FireAnimationFrame",
    "TimerFire",
    "EventDispatch",
)


def profile(settings: Settings) -> dict:
    """One new reader on each warm server under Chromium's tracing: how long the renderer's main thread is
    busy, on what, and when the plotly chunk's evaluation starts. Writes profile-warm.txt; the server side of
    a new session is small (see README) and is not traced."""
    from playwright.sync_api import sync_playwright

    from benchmarks import apptest
    from benchmarks.common import RESULTS_DIR, ROOT

    charts = len(apptest.chart_specs(apptest.open_app()))
    found, lines = {}, []
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="fundgap-bare-")))
        bare = folder / "bare_app.py"
        bare.write_text(BARE_APP)
        servers = {
            "app": (stack.enter_context(streamlit_server(DASHBOARD)), charts),
            "bare": (stack.enter_context(streamlit_server(bare)), 1),
        }
        browser = launch_chromium(stack.enter_context(sync_playwright()))
        stack.callback(browser.close)
        for name, (server, wanted) in servers.items():
            time_new_reader(browser, server.url, wanted)  # warm, off the clock
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            try:
                page = context.new_page()
                browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
                start = time.perf_counter()
                page.goto(server.url)
                page.wait_for_function(CHARTS_DRAWN, arg=wanted, timeout=120_000)
                wait_for_app(page, timeout_ms=120_000)
                seconds = time.perf_counter() - start - SETTLE_S
                summary = main_thread_summary(browser.stop_tracing())
            finally:
                context.close()
            lines += [f"{name}: {ms(seconds)} ms to the page drawn", *(f"  {line}" for line in summary), ""]
            found[name] = {
                "seconds": round(seconds, 3),
                "top_project_frames": summary[:6],
                "top_self_frames": [],
            }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / "profile-warm.txt"
    path.write_text("\n".join(lines))
    for info in found.values():
        info["profile"] = str(path.relative_to(ROOT))
    return found


def main_thread_summary(trace: bytes) -> list[str]:
    """The renderer main thread's busy time, by kind of work, and the longest module evaluations (the plotly
    chunk)."""
    import json

    events = json.loads(trace)
    events = events["traceEvents"] if isinstance(events, dict) else events
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    main = {key for key, name in names.items() if name == "CrRendererMain"}
    spans = [e for e in events if (e.get("pid"), e.get("tid")) in main and e.get("ph") == "X" and "dur" in e]
    if not spans:
        return ["no main-thread events in the trace"]
    origin = min(e["ts"] for e in spans)
    tasks = [e for e in spans if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask")]
    by_kind: dict[str, float] = {}
    for e in spans:
        if e["name"] in MAIN_THREAD_EVENTS:
            by_kind[e["name"]] = by_kind.get(e["name"], 0.0) + e["dur"] / 1000
    modules = sorted((e for e in spans if e["name"] == "v8.evaluateModule"), key=lambda e: -e["dur"])[:3]
    lines = [
        f"main thread busy {sum(e['dur'] for e in tasks) / 1000:.0f} ms (top-level tasks; trace span "
        f"{(max(e['ts'] + e['dur'] for e in spans) - origin) / 1000:.0f} ms)"
    ]
    lines += [f"{kind}: {total:.0f} ms" for kind, total in sorted(by_kind.items(), key=lambda item: -item[1])]
    lines += [
        f"module evaluation of {e['dur'] / 1000:.0f} ms starting at {(e['ts'] - origin) / 1000:.0f} ms"
        for e in modules
    ]
    return lines
