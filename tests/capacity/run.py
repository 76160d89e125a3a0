"""Running readers against servers: a step of N readers, the ramp that finds the knee, and the failover run.
Every loop here is bounded in count and in time, targets 127.0.0.1 only, and stops by itself."""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from tests.capacity.measure import ProcessSample, Step, next_readers, sample_process, summarise
from tests.capacity.readers import Oracle, Outcome, Reader

PACE_S = (5.0, 15.0)  # a reader's pause between actions, uniform: reading a chart takes a while
ACTION_TIMEOUT_S = 30.0
ARRIVAL_S = 15.0  # readers of a step arrive spread over this long (at most a third of the step)
SETTLE_S = 5.0  # between steps, so the last step's sessions are closed before the next starts
SAMPLE_EVERY_S = 1.0


@dataclass
class Target:
    """Where readers go (a server or the balancer) and the server processes to measure."""

    base: str
    server_pids: Callable[[], list[int]]
    replicas: int = 1


@dataclass
class Meter:
    """CPU and memory of the server processes, sampled while a step runs: a killed replica keeps its last
    sample."""

    first: dict[int, ProcessSample] = field(default_factory=dict)
    last: dict[int, ProcessSample] = field(default_factory=dict)

    def sample(self, pids: list[int]) -> None:
        for pid in pids:
            with contextlib.suppress(OSError, ValueError):
                found = sample_process(pid)
                self.first.setdefault(pid, found)
                self.last[pid] = found

    @property
    def cpu_s(self) -> float:
        return sum(self.last[pid].cpu_s - self.first[pid].cpu_s for pid in self.last)

    @property
    def peak_rss_mb(self) -> float:
        return max((s.peak_rss_mb for s in self.last.values()), default=0.0)

    async def watch(self, pids: Callable[[], list[int]], until: asyncio.Event) -> None:
        while not until.is_set():
            self.sample(pids())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(until.wait(), SAMPLE_EVERY_S)
        self.sample(pids())


async def run_step(
    target: Target,
    readers: int,
    seconds: float,
    oracle: Oracle,
    seed: int = 16,
    pace_s: tuple[float, float] = PACE_S,
    during: Callable[[], Awaitable[None]] | None = None,
    seen: set[tuple[str, str]] | None = None,
    mix: str = "explore",
) -> tuple[Step, list[Outcome]]:
    """`readers` readers arrive over the first part of the step, each reads for `seconds`, then all leave.
    `seen` holds the (page, query) views asked for before, by the warm-up and earlier steps on the same
    servers."""
    arrival = min(ARRIVAL_S, seconds / 3)
    seen = set() if seen is None else seen
    people = [
        Reader(
            n,
            target.base,
            oracle,
            pace_s,
            ACTION_TIMEOUT_S,
            random.Random(seed * 1_000_003 + n),
            seen=seen,
            mix=mix,
        )
        for n in range(readers)
    ]
    outcomes = [Outcome(n) for n in range(readers)]
    meter, done = Meter(), asyncio.Event()
    meter.sample(target.server_pids())
    client_started, started = time.process_time(), time.monotonic()
    watcher = asyncio.create_task(meter.watch(target.server_pids, done))
    work = [
        person.read(seconds, outcome, arrival * n / readers)
        for n, (person, outcome) in enumerate(zip(people, outcomes, strict=True))
    ]
    if during is not None:
        work.append(during())
    # Each reader stops at its own deadline; this outer bound only catches a hang in the tool itself.
    async with asyncio.timeout(seconds + arrival + 4 * ACTION_TIMEOUT_S + 60):
        await asyncio.gather(*work)
    wall = time.monotonic() - started
    done.set()
    await watcher
    client_cpu = time.process_time() - client_started
    step = summarise(
        readers,
        wall,
        [t for o in outcomes for t in o.timings],
        failed=sum(len(o.failed) for o in outcomes),
        wrong=sum(len(o.wrong) for o in outcomes),
        reconnects=sum(o.reconnects for o in outcomes),
        checked=sum(o.checked for o in outcomes),
        cards_checked=sum(o.cards_checked for o in outcomes),
        server_cpu_s=meter.cpu_s,
        server_peak_rss_mb=meter.peak_rss_mb,
        client_cpu_s=client_cpu,
        cores=os.cpu_count() or 1,
        replicas=target.replicas,
    )
    return step, outcomes


async def ramp(
    target: Target,
    planned: list[int],
    seconds: float,
    oracle: Oracle,
    seen: set[tuple[str, str]],
    refinements: int = 2,
    test: str = "holds_on_repeats",
    mix: str = "explore",
    report: Callable[[Step, list[Outcome]], None] = lambda step, outcomes: None,
) -> list[Step]:
    """Steps of more and more readers until one does not hold by `test` (p95 over a second, or any failure),
    then a few steps in between to place the knee. At most len(planned) + refinements steps."""
    steps: list[Step] = []
    for _ in range(len(planned) + refinements):
        count = next_readers(planned, steps, refinements, test)
        if count is None:
            break
        step, outcomes = await run_step(
            target, count, seconds, oracle, seed=len(steps) + 1, seen=seen, mix=mix
        )
        steps.append(step)
        report(step, outcomes)
        await asyncio.sleep(SETTLE_S)
    return steps


async def warm_up(base: str, seen: set[tuple[str, str]]) -> float:
    """One reader opens every page once with no filters, off the clock, as a server that has run for a while
    has:
    the data loaded and each page's default view computed. Views a reader asks for later are computed then."""
    from fundgap.app.nav import PAGES
    from tests.capacity.readers import url_path
    from tests.capacity.wire import open_connection

    started = time.monotonic()
    connection = await open_connection(base)
    try:
        drawn = await connection.run("", timeout_s=120)
        for page in PAGES:
            await connection.run("", page_hash=drawn.pages[url_path(page)], timeout_s=120)
            seen.add((url_path(page), ""))
    finally:
        await connection.close()
    return time.monotonic() - started
