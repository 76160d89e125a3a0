"""pyinstrument on a slow case: the profile runs inside Streamlit's script thread (see apptest.ExecClock), is
written to benchmarks/results/profile-<case>.txt, and its heaviest project frames go into the report."""

from __future__ import annotations

import contextlib
from pathlib import Path

from pyinstrument import Profiler

from benchmarks.common import RESULTS_DIR, ROOT

PROJECT_DIRS = (str(ROOT / "fundgap"), str(ROOT / "app_pages"))
TOP_FRAMES = 8


@contextlib.contextmanager
def profiled(clock, case: str):
    """Profile every script execution the clock sees inside the block; yields a dict filled in on exit with
    the profile's path and top frames."""
    profiler = Profiler(interval=0.002)
    found: dict = {}
    clock.profiler = profiler
    try:
        yield found
    finally:
        clock.profiler = None
        found.update(write_profile(profiler, case))


def write_profile(profiler: Profiler, case: str) -> dict:
    session = profiler.last_session
    if session is None:
        return {}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"profile-{case}.txt"
    path.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    root = session.root_frame()
    return {
        "profile": str(path.relative_to(ROOT)),
        "seconds": round(session.duration, 3),
        "top_project_frames": top_frames(root, _is_project),
        "top_self_frames": top_self(root),
    }


def _is_project(frame) -> bool:
    return bool(frame.file_path) and frame.file_path.startswith(PROJECT_DIRS)


def _name(frame) -> str:
    where = Path(frame.file_path).relative_to(ROOT) if _is_project(frame) else frame.file_path_short
    return f"{frame.function} ({where}:{frame.line_no})"


def top_frames(root, keep, limit: int = TOP_FRAMES) -> list[str]:
    """Project functions by inclusive time (a function counted once per stack, so recursion is not
    doubled)."""
    totals: dict[str, float] = {}

    def visit(frame, open_names: frozenset) -> None:
        name = _name(frame)
        if keep(frame) and name not in open_names:
            totals[name] = totals.get(name, 0.0) + frame.time
            open_names = open_names | {name}
        for child in frame.children:
            visit(child, open_names)

    visit(root, frozenset())
    return [
        f"{seconds:7.3f}s  {name}" for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:limit]
    ]


def top_self(root, limit: int = TOP_FRAMES) -> list[str]:
    """Any function (library ones too) by the time spent in its own code (pyinstrument's [self] leaves
    included)."""
    totals: dict[str, float] = {}

    def visit(frame, parent_name: str) -> None:
        name = parent_name if frame.is_synthetic_leaf else _name(frame)
        own = frame.time - sum(child.time for child in frame.children)
        totals[name] = totals.get(name, 0.0) + own
        for child in frame.children:
            visit(child, name)

    visit(root, "?")
    return [
        f"{seconds:7.3f}s  {name}" for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1])[:limit]
    ]
