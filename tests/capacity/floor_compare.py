"""fundgap against its capacity floor (benchmarks/floor.py: a bare app drawing the same elements on every
page), driven by the same protocol readers and the same mixes in one run, the two apps' steps alternating.
Pure parts here (the ladder, each app's capacity, the report's last lines); the run is in
tests/capacity/__main__.py."""

from __future__ import annotations

from dataclasses import dataclass

from tests.capacity.measure import Step

LADDER = (10, 20, 30, 40, 50, 60, 80, 100, 120)
APPS = ("fundgap", "floor")


@dataclass(frozen=True)
class Capacity:
    """An app's capacity in one mix: the largest step whose repeat-view p95 held under the limit (with no
    failed action or wrong answer), and the actions per second it served at that step."""

    readers: int
    actions_per_s: float


def capacity(steps: list[Step]) -> Capacity:
    """R: the largest step that held on repeat views before the first that did not; 0 when even the first
    failed."""
    held = None
    for step in sorted(steps, key=lambda s: s.readers):
        if not step.holds_on_repeats:
            break
        held = step
    return Capacity(held.readers, held.actions_per_s) if held else Capacity(0, 0.0)


def still_climbing(steps: list[Step]) -> bool:
    """An app goes on to the next step until one of its steps does not hold on repeat views."""
    return all(step.holds_on_repeats for step in steps)


def ratio(ours: float, floor: float) -> str:
    return f"{ours / floor:.2f}" if floor else "n/a"


def full_line(fundgap: Capacity, floor: Capacity) -> str:
    return (
        f"capacity vs floor: fundgap {fundgap.readers} readers, floor {floor.readers} readers, ratio "
        f"{ratio(fundgap.readers, floor.readers)}; actions/s fundgap {fundgap.actions_per_s:.2f}, floor "
        f"{floor.actions_per_s:.2f}"
    )


def short_line(readers: int, fundgap: Step, floor: Step) -> str:
    return (
        f"capacity vs floor at {readers} readers: fundgap p95 {fundgap.repeat_p95_s:.3f} s, floor p95 "
        f"{floor.repeat_p95_s:.3f} s; actions/s fundgap {fundgap.actions_per_s:.2f}, floor "
        f"{floor.actions_per_s:.2f}"
    )
