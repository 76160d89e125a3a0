"""Where readers wait under load: py-spy samples every thread of the server (with --idle, so waiting threads
are sampled too) while one step of readers runs. Pure parts here: reading py-spy's raw (collapsed) output
into samples per thread and per innermost frame, and the report."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# Innermost frames where a thread is waiting, not working: a lock or condition, the event loop's select, an
# idle pool worker, a polling watcher's sleep.
WAITING = (
    "Condition.wait",
    "EpollSelector.select",
    "_worker (concurrent",
    "Event.wait",
    "Lock.acquire",
    "PollingPathWatcher._schedule.<locals>.task",  # time.sleep between two looks at a watched file
)


@dataclass
class ThreadSamples:
    samples: Counter = field(default_factory=Counter)  # thread name -> samples
    working: Counter = field(default_factory=Counter)  # thread name -> samples not in a waiting frame
    leaves: Counter = field(default_factory=Counter)  # (thread name, innermost frame) -> samples
    inside: Counter = field(
        default_factory=Counter
    )  # (thread name, function anywhere on the stack) -> samples


def thread_name(head: str) -> str:
    """`thread (0x7f..): ScriptRunner.scriptThread` -> `ScriptRunner.scriptThread`; one name for the pool."""
    name = re.sub(r"\(\S+\)", "", head).replace("thread", "", 1).strip(" :") or "unnamed"
    return re.sub(r"[-_]\d+(_\d+)?$", "", name)


def frame_name(frame: str) -> str:
    """`take (pyarrow/compute.py:509)` -> `take (pyarrow/compute.py)`: one entry per function."""
    return re.sub(r":\d+\)$", ")", frame.strip())


def read_raw(text: str) -> ThreadSamples:
    found = ThreadSamples()
    for line in text.splitlines():
        if not line.strip() or " " not in line:
            continue
        stack, count = line.rsplit(" ", 1)
        frames = stack.split(";")
        name, n = thread_name(frames[0]), int(count)
        leaf = frame_name(frames[-1])
        found.samples[name] += n
        found.leaves[(name, leaf)] += n
        if not any(leaf.startswith(w) for w in WAITING):
            found.working[name] += n
        for function in {frame_name(f) for f in frames[1:]}:
            found.inside[(name, function)] += n
    return found


def report(found: ThreadSamples, rate_hz: int, top: int = 12) -> str:
    lines = ["| thread | sampled s | working s | top innermost frames |", "|---|---|---|---|"]
    for name, n in found.samples.most_common():
        leaves = [(leaf, c) for (thread, leaf), c in found.leaves.most_common() if thread == name][:3]
        shown = "; ".join(f"{leaf} {c / rate_hz:.1f} s" for leaf, c in leaves)
        lines.append(f"| {name} | {n / rate_hz:.1f} | {found.working[name] / rate_hz:.1f} | {shown} |")
    script = "ScriptRunner.scriptThread"
    lines.append(f"\nscript threads, functions on the stack (seconds of samples), top {top}:")
    ranked = [(function, c) for (thread, function), c in found.inside.most_common() if thread == script]
    for function, c in ranked[:top]:
        lines.append(f"  {c / rate_hz:7.1f} s  {function}")
    return "\n".join(lines)
