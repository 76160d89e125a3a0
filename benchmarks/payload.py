"""Payload: the bytes of chart and table data each page sends to the browser on a run with no filter, read
from the AppTest element protos (plotly JSON spec, Arrow IPC of st.dataframe), plus every other element
proto."""

from __future__ import annotations

from benchmarks import apptest
from benchmarks.common import Settings
from fundgap.app.nav import PAGES


def run(settings: Settings) -> list[dict]:
    return [{"page": spec.title, "slug": spec.slug, **measure(apptest.open_app(page=spec))} for spec in PAGES]


def measure(app) -> dict:
    sizes = apptest.payload(app)
    return {**sizes, "total_bytes": sum(sizes.values()), **apptest.summary(apptest.inventory(app))}
