"""Scale: synthetic datasets of 1k to 1M figures (benchmarks/synthetic.py). Each size is measured in a fresh
subprocess (`python -m benchmarks.scale <size>`), so its peak RSS is that size's alone: load time
(fundgap.load.read_dataset), the rerun after a filter change on Flows and Data (AppTest with
FUNDGAP_DATA_DIR), what those pages send, and the process's peak resident memory."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

import streamlit

from benchmarks import apptest, profiling, synthetic
from benchmarks.common import FILTER_KEY, FILTER_VALUE, ROOT, SIZES, Settings, median, ms
from fundgap.app.nav import PAGES
from fundgap.data import paths
from fundgap.data.load import read_dataset

SCALE_PAGES = ("overview", "flows", "data", "investors", "labs")
WORKER_TIMEOUT_S = 1500


def run(settings: Settings) -> dict:
    sizes = []
    for size in settings.scale_sizes:
        print(f"  scale {size}: generating/checking the synthetic data", file=sys.stderr, flush=True)
        folder = synthetic.ensure_dataset(size)
        profile = settings.profile and size == settings.scale_sizes[-1]
        print(f"  scale {size}: measuring in a fresh process", file=sys.stderr, flush=True)
        sizes.append(run_worker(size, folder, settings.scale_reruns, profile))
    return {"sizes": sizes, "growth": growth(sizes)}


def run_worker(size: str, folder, reruns: int, profile: bool) -> dict:
    command = [sys.executable, "-m", "benchmarks.scale", size, "--reruns", str(reruns)] + (
        ["--profile"] if profile else []
    )
    env = {**os.environ, "FUNDGAP_DATA_DIR": str(folder)}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=WORKER_TIMEOUT_S
    )
    if done.returncode:
        raise RuntimeError(f"scale worker for {size} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def growth(sizes: list[dict]) -> dict:
    """100k -> 1M: how many times the cost grew for 10x the rows (linear = 10, better than linear < 10)."""
    by_size = {s["size"]: s for s in sizes}
    if not {"100k", "1M"} <= set(by_size):
        return {}
    small, large = by_size["100k"], by_size["1M"]
    keys = ["load_ms", "peak_rss_mb"] + [
        f"{page}{kind}_ms" for page in SCALE_PAGES for kind in ("_new_view", "")
    ]
    return {
        key: round(large[key] / small[key], 2)
        for key in keys
        if small.get(key) and large.get(key) is not None
    }


# -- the worker: one size, in its own process
# -----------------------------------------------------------------------


def worker(size: str, reruns: int, profile: bool) -> dict:
    # No-op in a fresh process; kept so the worker is safe to call in-process too.
    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()
    result = {"size": size, **measure_load(size)}
    with apptest.exec_clock() as clock:
        apps = {slug: open_page(slug) for slug in SCALE_PAGES}
        for slug, app in apps.items():
            result.update(measure_reruns(slug, app, clock, reruns))
        result["peak_rss_mb"] = round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
        )  # Linux: KiB
        if profile:
            for slug, app in apps.items():
                result[f"{slug}_profile"] = profile_reruns(f"scale-{size}-{slug}", app, clock)
    return result


def measure_load(size: str) -> dict:
    times = []
    for _ in range(3 if SIZES[size] <= 100_000 else 1):
        start = time.perf_counter()
        data = read_dataset(paths.data_dir())
        times.append(time.perf_counter() - start)
    return {
        "rows": len(data.figures),
        "load_ms": ms(median(times)),
        "dataset_mb": round(data.figures.memory_usage(deep=True).sum() / 2**20, 1),
        **synthetic.describe(data),
    }


def open_page(slug: str):
    return apptest.open_app(page=next(p for p in PAGES if p.slug == slug))


def measure_reruns(slug: str, app, clock, reruns: int) -> dict:
    # Returning to a view: toggling the same region reuses what ui.memo computed for both states after one
    # pass.
    runs = [apptest.timed_change(app, clock) for _ in range(reruns)]  # an even count ends unfiltered
    payload = apptest.payload(app)
    # A view nobody has opened yet: each change selects a region not selected before, so nothing is memoised.
    regions = [r for r in app.multiselect(key=FILTER_KEY).options if r != FILTER_VALUE][:NEW_VIEWS]
    new = [
        apptest.timed_change(app, clock, lambda a, r=r: a.multiselect(key=FILTER_KEY).set_value([r]).run())
        for r in regions
    ]
    new.append(apptest.timed_change(app, clock, lambda a: a.multiselect(key=FILTER_KEY).set_value([]).run()))
    return {
        f"{slug}_ms": ms(median(r.user_seconds for r in runs)),
        f"{slug}_runs_ms": [ms(r.user_seconds) for r in runs],
        f"{slug}_new_view_ms": ms(median(r.user_seconds for r in new[:-1])),
        f"{slug}_new_view_runs_ms": [ms(r.user_seconds) for r in new[:-1]],
        f"{slug}_payload": payload,
    }


NEW_VIEWS = 4


def profile_reruns(case: str, app, clock) -> dict:
    with profiling.profiled(clock, case) as found:
        for _ in range(2):  # both filter states
            apptest.timed_change(app, clock)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description="one scale measurement, in this process (used by benchmarks.scale.run)"
    )
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("--reruns", type=int, default=4)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    apptest.quiet_warnings()
    print(json.dumps(worker(args.size, args.reruns, args.profile)))


if __name__ == "__main__":
    main()
