"""Rerun cost per page: the median time of a rerun after a filter change, for every registered page, next to
its floor (benchmarks/floor.py), measured with Streamlit's AppTest in this process, page and floor runs
alternating."""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks import apptest, floor, profiling
from benchmarks.common import FILTER_KEY, Settings, median, ms
from fundgap.app.nav import PAGES, PageSpec


def run(settings: Settings) -> list[dict]:
    with apptest.exec_clock() as clock, tempfile.TemporaryDirectory(prefix="fundgap-floor-") as folder:
        return [measure_page(spec, Path(folder), clock, settings) for spec in PAGES]


def measure_page(spec: PageSpec, folder: Path, clock: apptest.ExecClock, settings: Settings) -> dict:
    page = apptest.open_app(page=spec)
    views = {}
    for _ in range(2):  # take stock of both filter states, ending where we started (no filter)
        views[apptest.filter_state(page)] = apptest.inventory(page)
        apptest.change_filter(page)
    options = page.multiselect(key=FILTER_KEY).options
    floor_app = apptest.open_app(floor.write_floor(folder, spec.slug, spec.title, options, views))
    matched_app = apptest.open_app(
        floor.write_floor(folder, spec.slug, spec.title, options, views, matched=True)
    )
    for _ in range(settings.warmup):
        for app in (page, floor_app, matched_app):
            apptest.timed_change(app, clock)
    page_runs, floor_runs, matched_runs = [], [], []
    for _ in range(settings.rerun_pairs):
        page_runs.append(apptest.timed_change(page, clock))
        floor_runs.append(apptest.timed_change(floor_app, clock))
        matched_runs.append(apptest.timed_change(matched_app, clock))
    return summarise(spec, page_runs, floor_runs, matched_runs, views[""])


def summarise(
    spec: PageSpec,
    page_runs: list[apptest.RunTime],
    floor_runs: list[apptest.RunTime],
    matched_runs: list[apptest.RunTime],
    inv: dict,
) -> dict:
    user = median(r.user_seconds for r in page_runs)
    floor_s = median(r.seconds for r in floor_runs)
    matched_s = median(r.seconds for r in matched_runs)
    return {
        "page": spec.title,
        "slug": spec.slug,
        "page_ms": ms(user),
        "apptest_ms": ms(median(r.seconds for r in page_runs)),
        "stub_ms": ms(median(r.stub_seconds for r in page_runs)),
        "executions_per_run": round(median(r.executions for r in page_runs)),
        "floor_ms": ms(floor_s),
        "ratio": round(user / floor_s, 2),
        "matched_floor_ms": ms(matched_s),
        "matched_ratio": round(user / matched_s, 2),
        "runs": len(page_runs),
        **apptest.summary(inv),
    }


def profile_page(slug: str, settings: Settings) -> dict:
    """pyinstrument over filter changes of one page (both filter states), written to
    profile-rerun-<slug>.txt."""
    spec = next(p for p in PAGES if p.slug == slug)
    with apptest.exec_clock() as clock:
        page = apptest.open_app(page=spec)
        with profiling.profiled(clock, f"rerun-{slug}") as found:
            for _ in range(max(2, settings.rerun_pairs // 2)):
                apptest.timed_change(page, clock)
    return found
