"""Streamlit AppTest as a measuring instrument: open a page, change the sidebar filter, time each script
execution, and take stock of what a run rendered (charts, trace points, tables, rows, bytes)."""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import streamlit.runtime.scriptrunner.script_runner as script_runner
from streamlit.testing.v1 import AppTest

from benchmarks.common import APPTEST_TIMEOUT_S, DASHBOARD, FILTER_KEY, FILTER_VALUE
from fundgap.app.nav import PageSpec

# -- timing each script execution
# ------------------------------------------------------------------------------------


@dataclass
class Execution:
    seconds: float
    reran: bool  # ended in st.rerun (fundgap's frame guard leaving Streamlit's legacy pages/ mode)


@dataclass
class ExecClock:
    """Records every script execution of the AppTest runs in this process. AppTest runs the script in its own
    thread, inside ScriptRunner; one app.run() is one execution, or two when the page reruns itself."""

    executions: list[Execution] = field(default_factory=list)
    profiler: object | None = None  # a pyinstrument Profiler to run inside the script thread, if profiling

    def wrap(self, original):
        def timed(*args, **kwargs):
            if self.profiler is not None:
                self.profiler.start()
            start = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                if self.profiler is not None:
                    self.profiler.stop()
            self.executions.append(Execution(seconds, reran=result[2] is not None))
            return result

        return timed

    def take(self) -> list[Execution]:
        taken, self.executions = self.executions, []
        return taken


@contextlib.contextmanager
def exec_clock():
    """Patch Streamlit's script execution hook for the duration, so every AppTest run is timed."""
    clock = ExecClock()
    original = script_runner.exec_func_with_error_handling
    script_runner.exec_func_with_error_handling = clock.wrap(original)
    try:
        yield clock
    finally:
        script_runner.exec_func_with_error_handling = original


@dataclass(frozen=True)
class RunTime:
    """One app.run() after a filter change. `seconds` is what AppTest took; `stub_seconds` the part spent in
    executions that ended in st.rerun, which a real server does not repeat (see README)."""

    seconds: float
    stub_seconds: float
    executions: int

    @property
    def user_seconds(self) -> float:
        return self.seconds - self.stub_seconds


# -- driving an app
# --------------------------------------------------------------------------------------------------


def open_app(script: Path = DASHBOARD, page: PageSpec | None = None) -> AppTest:
    """Run the app once and, for a non-default page, switch to it the way st.switch_page does."""
    app = AppTest.from_file(str(script), default_timeout=APPTEST_TIMEOUT_S)
    app.run()
    if page is not None and not page.default:
        app.switch_page(page.path).run()
    assert_clean(app)
    return app


def change_filter(app: AppTest) -> None:
    """Toggle FILTER_VALUE in the sidebar multiselect and rerun: a real rerun after a widget change."""
    widget = app.multiselect(key=FILTER_KEY)
    (widget.unselect(FILTER_VALUE) if FILTER_VALUE in widget.value else widget.select(FILTER_VALUE)).run()


def timed_change(app: AppTest, clock: ExecClock, change=None) -> RunTime:
    """Time one filter change: `change(app)` if given, else toggling FILTER_VALUE."""
    clock.take()
    start = time.perf_counter()
    (change or change_filter)(app)
    seconds = time.perf_counter() - start
    executions = clock.take()
    assert_clean(app)
    return RunTime(seconds, sum(e.seconds for e in executions if e.reran), len(executions))


def quiet_warnings() -> None:
    """AppTest logs "missing ScriptRunContext" for every app it opens; in a benchmark that is noise."""
    from streamlit.runtime.scriptrunner_utils import script_run_context

    logger = logging.getLogger(script_run_context.__name__)
    logger.addFilter(lambda record: "missing ScriptRunContext" not in record.getMessage())


def assert_clean(app: AppTest) -> None:
    errors = [e.value for e in app.exception] + [e.value for e in app.error]
    if errors:
        raise RuntimeError(f"the app raised or showed an error: {errors[0]}")


def filter_state(app: AppTest) -> str:
    return ",".join(app.multiselect(key=FILTER_KEY).value)


# -- what a run rendered
# ---------------------------------------------------------------------------------------------


def chart_specs(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def trace_points(trace: dict) -> int:
    """Points of a plotly trace: the longest of x, y, value and link.value (typed arrays decoded by
    length)."""
    arrays = [trace.get(name) for name in ("x", "y", "value")] + [(trace.get("link") or {}).get("value")]
    return max((_length(a) for a in arrays if a is not None), default=0)


def _length(array) -> int:
    if isinstance(array, dict) and "bdata" in array:  # plotly 7 ships numbers as base64 typed arrays
        itemsize = int("".join(ch for ch in array["dtype"] if ch.isdigit()) or 1)
        return len(base64.b64decode(array["bdata"])) // itemsize
    return len(array) if isinstance(array, (list, tuple)) else 1


# Element types that the matched floor redraws one for one (see floor.py); charts and tables are drawn by both
# floors.
TEXT_TYPES = (
    "markdown",
    "caption",
    "title",
    "header",
    "subheader",
    "text",
    "divider",
    "badge",
    "alert",
    "heading",
)
COUNTED_TYPES = (
    "toggle",
    "slider",
    "download_button",
    "link_button",
    "button",
    "metric",
    "expander",
    "flex_container",
    "column",
)


def inventory(app: AppTest) -> dict:
    """What the floor must redraw: per chart its traces (type, points); per table its rows and columns; and,
    for the matched floor, every other element: widgets (multiselect and radio with their number of options),
    text elements, metrics, buttons and layout blocks."""
    charts = [
        [{"type": trace.get("type", "scatter"), "points": trace_points(trace)} for trace in spec["data"]]
        for spec in chart_specs(app)
    ]
    tables = [list(element.value.shape) for element in app.dataframe]
    types = [getattr(node, "type", "") for node in _walk(app._tree)]
    others: dict = {kind: types.count(kind) for kind in COUNTED_TYPES}
    # st.table (fundgap's tables of links): rows, columns and the mean bytes of a cell, so the floor sends as
    # much Arrow as the page does.
    others["static_tables"] = [_static_shape(element) for element in app.table]
    # The floor's toggles take the page's keys, so that a protocol reader flipping "w_secondary" finds one.
    others["toggle_keys"] = [w.key for w in app.toggle]
    others["text"] = sum(types.count(kind) for kind in TEXT_TYPES)
    others["multiselect"] = [len(w.options) for w in app.multiselect if w.key != FILTER_KEY]
    others["radio"] = [len(w.options) for w in app.radio]
    return {"charts": charts, "tables": tables, "others": others}


def _static_shape(element) -> list[int]:
    rows, columns = element.value.shape
    cells = max(rows * columns, 1)
    return [rows, columns, max(len(element.proto.arrow_data.data) // cells, 1)]


def payload(app: AppTest) -> dict:
    """Bytes the run sends for its charts (plotly JSON spec), tables (Arrow IPC) and every other element
    proto."""
    charts = sum(len(element.proto.spec) for element in app.get("plotly_chart"))
    tables = sum(len(element.proto.arrow_data.data) for element in [*app.dataframe, *app.table])
    everything = sum(_proto_bytes(node) for node in _walk(app._tree))
    return {"chart_bytes": charts, "table_bytes": tables, "other_bytes": everything - charts - tables}


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _proto_bytes(node) -> int:
    # A block's proto holds only its own settings (its children are nodes of their own), so nothing is counted
    # twice.
    proto = getattr(node, "proto", None)
    return proto.ByteSize() if proto is not None else 0


def summary(inv: dict) -> dict:
    return {
        "charts": len(inv["charts"]),
        "traces": sum(len(c) for c in inv["charts"]),
        "points": sum(t["points"] for c in inv["charts"] for t in c),
        "tables": len(inv["tables"]) + len(inv["others"].get("static_tables", [])),
        "rows": sum(rows for rows, _ in inv["tables"])
        + sum(rows for rows, _, _ in inv["others"].get("static_tables", [])),
    }
