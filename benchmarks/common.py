"""What every benchmark shares: where files go, how many repeats a run makes, and the median."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

from fundgap.data import paths

ROOT = paths.PROJECT_ROOT
BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
SYNTHETIC_DIR = BENCH_DIR / ".synthetic"
DASHBOARD = ROOT / "dashboard.py"
FILTER_KEY = "w_investor_region"  # the sidebar multiselect every timed rerun changes
FILTER_VALUE = "Gulf"
APPTEST_TIMEOUT_S = 600


@dataclass(frozen=True)
class Settings:
    """How much each benchmark repeats; --quick trades precision for time."""

    quick: bool
    rerun_pairs: int  # timed page/floor pairs per page (after warm-up)
    warmup: int  # untimed filter changes before timing
    cold_runs: int
    warm_runs: int  # new-reader page loads per app on a warm server (app and bare alternating)
    scale_sizes: tuple[str, ...]
    scale_reruns: int  # timed filter changes per page and size
    profile: bool = False

    @classmethod
    def for_run(cls, quick: bool, profile: bool) -> Settings:
        if quick:
            return cls(
                True,
                rerun_pairs=6,
                warmup=2,
                cold_runs=2,
                warm_runs=5,
                scale_sizes=("1k", "100k"),
                scale_reruns=4,
                profile=profile,
            )
        return cls(
            False,
            rerun_pairs=15,
            warmup=2,
            cold_runs=5,
            warm_runs=15,
            scale_sizes=("1k", "10k", "100k", "1M"),
            scale_reruns=6,
            profile=profile,
        )


SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def median(values) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)
