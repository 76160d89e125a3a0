"""The protocol client against a real server: readers who act fast get their own, right answers, every
time."""

from __future__ import annotations

import asyncio

from fundgap.data.paths import DEFAULT_DATA_DIR
from tests.capacity.readers import Oracle
from tests.capacity.run import Target, run_step, warm_up
from tests.e2e.server import streamlit_server


def test_quick_readers_get_their_own_answers_from_a_real_server():
    oracle = Oracle(DEFAULT_DATA_DIR)
    with streamlit_server() as server:
        asyncio.run(warm_up(server.url, set()))
        step, outcomes = asyncio.run(
            run_step(
                Target(server.url, lambda: [server.process.pid]),
                readers=4,
                seconds=15,
                oracle=oracle,
                pace_s=(0.2, 0.6),
            )
        )
    problems = [p for o in outcomes for p in o.failed + o.wrong]
    assert problems == []
    assert step.actions >= 4 * 3  # an open and at least two actions each
    assert {kind for o in outcomes for kind, _, _ in o.timings} == {"open", "page", "filter", "rule"}
    assert step.cards_checked >= 1 and step.checked == step.actions
    assert step.server_peak_rss_mb > 50 and step.server_cpu_cores > 0
