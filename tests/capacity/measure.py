"""The numbers of a capacity step, as pure functions: percentiles, a step's summary, whether it held, the knee
of a ramp, and the server's CPU and memory read from /proc."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

P95_LIMIT_S = (
    1.0  # a step holds while 95% of actions finish within a second, with no error and no wrong answer
)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1))]


@dataclass(frozen=True)
class ProcessSample:
    cpu_s: float  # user + system CPU seconds so far
    rss_mb: float
    peak_rss_mb: float  # VmHWM: the most resident memory the process has had


def parse_stat_cpu(stat: str, ticks_per_s: int) -> float:
    """utime + stime from /proc/<pid>/stat, in seconds. The command name (field 2) may hold spaces: split
    after it."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / ticks_per_s


def parse_status_mb(status: str, name: str) -> float:
    for line in status.splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def sample_process(pid: int) -> ProcessSample:
    import os

    proc = Path(f"/proc/{pid}")
    status = (proc / "status").read_text()
    return ProcessSample(
        parse_stat_cpu((proc / "stat").read_text(), os.sysconf("SC_CLK_TCK")),
        parse_status_mb(status, "VmRSS"),
        parse_status_mb(status, "VmHWM"),
    )


@dataclass(frozen=True)
class Step:
    """One step of the ramp: N readers at once for a bounded time."""

    readers: int
    seconds: float
    actions: int
    failed: int
    wrong: int
    reconnects: int
    checked: int
    cards_checked: int
    p50_s: float
    p95_s: float
    p99_s: float
    max_s: float
    open_p95_s: float
    new_views: (
        int  # actions that asked for a page and view no reader of the run had asked for: computed, not reused
    )
    new_view_p95_s: float
    repeat_p95_s: float  # p95 of the other actions: views some reader had asked for before
    actions_per_s: float
    server_cpu_cores: float  # CPU seconds the servers used per wall second (2.0 = both cores)
    server_peak_rss_mb: float  # the largest VmHWM of any server process
    client_cpu_cores: float
    cores: int
    replicas: int = 1

    @property
    def holds(self) -> bool:
        """The issue's test: 95% of all actions within a second, no failed action, no wrong answer."""
        return self.failed == 0 and self.wrong == 0 and self.p95_s <= P95_LIMIT_S and self.actions > 0

    @property
    def holds_on_repeats(self) -> bool:
        """The same on actions for views already asked for: what concurrency costs, apart from each view's
        first computation, which every server pays once per view however many readers there are."""
        return (
            self.failed == 0
            and self.wrong == 0
            and self.repeat_p95_s <= P95_LIMIT_S
            and self.actions > self.new_views
        )

    def row(self) -> dict:
        return {**asdict(self), "holds": self.holds, "holds_on_repeats": self.holds_on_repeats}


def summarise(
    readers: int,
    seconds: float,
    timings: list[tuple[str, float, bool]],
    failed: int,
    wrong: int,
    reconnects: int,
    checked: int,
    cards_checked: int,
    server_cpu_s: float,
    server_peak_rss_mb: float,
    client_cpu_s: float,
    cores: int,
    replicas: int = 1,
) -> Step:
    every = [t for _, t, _ in timings]
    opens = [t for kind, t, _ in timings if kind == "open"]
    new = [t for _, t, first in timings if first]
    repeats = [t for _, t, first in timings if not first]
    return Step(
        readers=readers,
        seconds=round(seconds, 1),
        actions=len(every),
        failed=failed,
        wrong=wrong,
        reconnects=reconnects,
        checked=checked,
        cards_checked=cards_checked,
        p50_s=round(percentile(every, 0.50), 3),
        p95_s=round(percentile(every, 0.95), 3),
        p99_s=round(percentile(every, 0.99), 3),
        max_s=round(max(every, default=math.nan), 3),
        open_p95_s=round(percentile(opens, 0.95), 3),
        new_views=len(new),
        new_view_p95_s=round(percentile(new, 0.95), 3),
        repeat_p95_s=round(percentile(repeats, 0.95), 3),
        actions_per_s=round(len(every) / seconds, 2) if seconds else 0.0,
        server_cpu_cores=round(server_cpu_s / seconds, 2) if seconds else 0.0,
        server_peak_rss_mb=round(server_peak_rss_mb, 1),
        client_cpu_cores=round(client_cpu_s / seconds, 2) if seconds else 0.0,
        cores=cores,
        replicas=replicas,
    )


def knee(steps: list[Step], test: str = "holds") -> Step | None:
    """The most readers a step held with (by `test`: "holds" or "holds_on_repeats") before the first step that
    did not: the server's capacity."""
    held = None
    for step in sorted(steps, key=lambda s: s.readers):
        if not getattr(step, test):
            break
        held = step
    return held


def next_readers(planned: list[int], steps: list[Step], refinements: int, test: str = "holds") -> int | None:
    """The ramp: the planned counts in order until one does not hold; then up to `refinements` steps halfway
    between the most readers that held and the fewest that did not, to place the knee closer. None when
    done."""
    done = {step.readers: step for step in steps}
    for count in planned:
        if count not in done:
            return count
        if not getattr(done[count], test):
            break
    else:
        return None  # every planned step held: the knee is beyond the plan
    if len([s for s in steps if s.readers not in planned]) >= refinements:
        return None
    low = max((s.readers for s in steps if getattr(s, test)), default=0)
    high = min(s.readers for s in steps if not getattr(s, test))
    middle = (low + high) // 2
    if high - low <= max(2, low // 10) or middle in done or middle <= low:
        return None
    return middle


def table(steps: list[Step]) -> str:
    """The capacity table as Markdown, one row a step."""
    head = (
        "| readers | replicas | actions | actions/s | p50 s | p95 s | p99 s | new views (p95 s) | "
        "repeat views p95 s "
        "| failed | wrong | server CPU (cores) | server peak RSS MB | load client CPU (cores) | holds: "
        "all / repeats |"
    )
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for s in sorted(steps, key=lambda s: (s.replicas, s.readers)):
        lines.append(
            f"| {s.readers} | {s.replicas} | {s.actions} | {s.actions_per_s} | {s.p50_s} | {s.p95_s} | "
            f"{s.p99_s} | "
            f"{s.new_views} ({s.new_view_p95_s}) | {s.repeat_p95_s} | {s.failed} | {s.wrong} | "
            f"{s.server_cpu_cores} | "
            f"{s.server_peak_rss_mb} | {s.client_cpu_cores} | {'yes' if s.holds else 'no'} / "
            f"{'yes' if s.holds_on_repeats else 'no'} |"
        )
    return "\n".join(lines)
