"""Cold start: from launching `streamlit run` to the first page fully rendered in headless Chromium, for
fundgap and for a bare one-chart app started the same way (tests/e2e/server.py), runs alternating."""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import floor
from benchmarks.common import DASHBOARD, FILTER_KEY, ROOT, Settings, median, ms
from fundgap.app.nav import PAGES
from tests.e2e.server import launch_chromium, streamlit_server, wait_for_app

SETTLE_S = 0.3  # wait_for_app ends with a fixed 300 ms pause; it is taken off every measurement
BARE_APP = '''"""A bare one-chart Streamlit app: the cold-start floor."""

import plotly.graph_objects as go
import streamlit as st

st.title("Bare app")
st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[3, 1, 2])))
'''
CHARTS_DRAWN = (
    "n => [...document.querySelectorAll('.stPlotlyChart')].filter(e => "
    "e.querySelector('.main-svg')).length >= n"
)


def run(settings: Settings) -> dict:
    from playwright.sync_api import sync_playwright

    from benchmarks import (
        apptest,
    )  # not at the top: this module is also the profile worker (see _profile_worker)

    default = apptest.open_app()  # what the default page draws
    charts = len(apptest.chart_specs(default))
    with tempfile.TemporaryDirectory(prefix="fundgap-bare-") as folder, sync_playwright() as playwright:
        bare = Path(folder) / "bare_app.py"
        bare.write_text(BARE_APP)
        # The default page's matched floor (floor.py): the same charts, tables, widgets and text, nothing
        # computed.
        options = default.multiselect(key=FILTER_KEY).options
        matched = floor.write_floor(
            Path(folder), "default", "default page", options, {"": apptest.inventory(default)}, matched=True
        )
        browser = launch_chromium(playwright)
        try:
            app, bare_app, matched_app = [], [], []
            for _ in range(settings.cold_runs):
                app.append(time_cold_start(browser, DASHBOARD, charts))
                bare_app.append(time_cold_start(browser, bare, 1))
                matched_app.append(time_cold_start(browser, matched, charts))
        finally:
            browser.close()
    app_s, bare_s, matched_s = (median(t for t, _ in runs) for runs in (app, bare_app, matched_app))
    return {
        "app_ms": ms(app_s),
        "bare_ms": ms(bare_s),
        "ratio": round(app_s / bare_s, 2),
        "matched_ms": ms(matched_s),
        "matched_ratio": round(app_s / matched_s, 2),
        "app_healthy_ms": ms(median(h for _, h in app)),
        "bare_healthy_ms": ms(median(h for _, h in bare_app)),
        "matched_healthy_ms": ms(median(h for _, h in matched_app)),
        "runs": settings.cold_runs,
        "charts_waited_for": charts,
        "app_runs_ms": [ms(t) for t, _ in app],
        "bare_runs_ms": [ms(t) for t, _ in bare_app],
        "matched_runs_ms": [ms(t) for t, _ in matched_app],
    }


def time_cold_start(browser, script: Path, charts: int) -> tuple[float, float]:
    """Seconds from Popen to the page's charts drawn, connected, script not running and no skeletons; and from
    Popen to the server answering its health check (the part that is Python and Streamlit starting up)."""
    start = time.perf_counter()
    with streamlit_server(script) as server:
        healthy = time.perf_counter() - start
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        try:
            page = context.new_page()
            page.goto(server.url)
            page.wait_for_function(CHARTS_DRAWN, arg=charts, timeout=120_000)
            wait_for_app(page, timeout_ms=120_000)
            return time.perf_counter() - start - SETTLE_S, healthy
        finally:
            context.close()


# -- profiling a cold start
# --------------------------------------------------------------------------------------------


def profile(settings: Settings) -> dict:
    """pyinstrument over what a fresh server process does before the first page is shown, in a fresh process:
    the imports of the app's modules, then the first run of the default page (AppTest: no browser, no
    websocket). Writes profile-cold-imports.txt and profile-cold-first-run.txt."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.cold"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        raise RuntimeError(f"cold-start profile failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def _profile_worker() -> None:
    # Imported here, not at the top, so this fresh process has only what a started server has: Streamlit
    # itself.
    import streamlit  # noqa: F401
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    importlib.import_module(
        "fundgap.app.ui"
    )  # what dashboard.py and the pages import, as the first run would
    for page in PAGES:
        import_page_modules(ROOT / page.path)
    profiler.stop()
    from benchmarks import apptest, profiling

    found = {"imports": profiling.write_profile(profiler, "cold-imports")}
    with apptest.exec_clock() as clock, profiling.profiled(clock, "cold-first-run") as first_run:
        apptest.open_app()
    found["first_run"] = first_run
    print(json.dumps(found))


def import_page_modules(path: Path) -> None:
    """Import the modules a page file imports, without running the page."""
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom) and node.module:
            importlib.import_module(node.module)
            for alias in node.names:
                with contextlib.suppress(ImportError):
                    importlib.import_module(f"{node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)


if __name__ == "__main__":
    _profile_worker()
