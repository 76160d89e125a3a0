"""How many readers one fundgap server holds, measured at Streamlit's protocol (no browser), and what happens
behind a balancer when a replica dies.

    python -m tests.capacity ramp      # make capacity: 10, 50, 100, 200, 400 readers until p95 > 1 s or
errors
    python -m tests.capacity short     # make capacity-short (CI): one step, 20 readers, 40 s
    python -m tests.capacity ramp --replicas 2   # make capacity-replicas N=2: the same ramp through nginx
    python -m tests.capacity failover  # make failover: 2 replicas behind nginx, one killed mid-run

Exits 1 on any wrong answer (a reader shown what it did not ask for), and for `short` and `failover` on any
check that did not hold; a ramp's steps that do not hold are its finding, not a failure."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import time
from pathlib import Path

from tests.capacity import floor_compare
from tests.capacity.balancer import differences, folder_fingerprint, replica_set
from tests.capacity.measure import P95_LIMIT_S, Step, knee, table
from tests.capacity.readers import MIXES, FloorOracle, Oracle, Outcome
from tests.capacity.run import Target, ramp, run_step, warm_up
from tests.e2e.server import ROOT, streamlit_server

RESULTS = ROOT / "benchmarks" / "results"
PLANNED = [10, 50, 100, 200, 400]


@contextlib.contextmanager
def target(replicas: int, seen: set[tuple[str, str]]):
    """One plain server (as `make run` starts it), or N behind nginx, each warmed up."""
    with contextlib.ExitStack() as stack:
        if replicas == 1:
            server = stack.enter_context(streamlit_server())
            where, replica_servers = Target(server.url, lambda: [server.process.pid]), None
            bases = [server.url]
        else:
            replica_servers = stack.enter_context(replica_set(replicas))
            where = Target(replica_servers.base, replica_servers.server_pids, replicas)
            bases = [server.url for server in replica_servers.servers]
        for base in bases:  # each replica directly: through the balancer, one reader reaches one replica only
            print(
                f"  warm-up of {base}: {asyncio.run(warm_up(base, seen)):.1f} s (every page once, no "
                "filters; off the clock)",
                flush=True,
            )
        yield where, replica_servers


def print_step(step: Step, outcomes: list[Outcome]) -> None:
    verdict = (
        f"{'holds' if step.holds else 'does not hold'} (on repeat views: "
        f"{'holds' if step.holds_on_repeats else 'does not hold'})"
    )
    print(
        f"  {step.readers:>4} readers x{step.replicas}: {step.actions} actions, p50 {step.p50_s:.3f} s, "
        f"p95 {step.p95_s:.3f} s, "
        f"p99 {step.p99_s:.3f} s; {step.new_views} new views p95 {step.new_view_p95_s} s, repeat views p95 "
        f"{step.repeat_p95_s} s; failed {step.failed}, wrong {step.wrong}, server CPU "
        f"{step.server_cpu_cores} cores, "
        f"peak RSS {step.server_peak_rss_mb} MB, client CPU {step.client_cpu_cores} cores: {verdict}",
        flush=True,
    )
    for problem in [p for o in outcomes for p in o.wrong + o.failed][:5]:
        print(f"      {problem}", flush=True)


def write(name: str, found: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(found, indent=2))
    return path


def do_ramp(args) -> int:
    oracle = Oracle(ROOT / "data")
    planned = [int(n) for n in args.steps.split(",")]
    print(
        f"capacity ramp: {planned} readers ({args.mix} readers), {args.seconds:.0f} s a step, "
        f"{args.replicas} replica(s), "
        f"p95 limit {P95_LIMIT_S} s",
        flush=True,
    )
    seen: set[tuple[str, str]] = set()
    with target(args.replicas, seen) as (where, _):
        steps = asyncio.run(
            ramp(where, planned, args.seconds, oracle, seen, args.refine, mix=args.mix, report=print_step)
        )
    print(table(steps))
    knees = {}
    for test, words in (("holds_on_repeats", "views already asked for"), ("holds", "all actions")):
        best = knees[test] = knee(steps, test)
        if best:
            print(
                f"knee on {words}: {best.readers} readers on {best.replicas} replica(s) = "
                f"{best.readers / best.cores:.0f} "
                f"readers per core ({best.cores} cores); p95 {best.p95_s} s, repeat views p95 "
                f"{best.repeat_p95_s} s"
            )
        else:
            print(f"knee on {words}: below the smallest step")
    name = f"capacity-{args.replicas}" + ("" if args.mix == "explore" else f"-{args.mix}")
    path = write(
        f"{name}.json",
        {
            "steps": [s.row() for s in steps],
            "seconds_per_step": args.seconds,
            "mix": args.mix,
            "planned": planned,
            "knee_on_repeats": knees["holds_on_repeats"] and knees["holds_on_repeats"].row(),
            "knee_on_all": knees["holds"] and knees["holds"].row(),
        },
    )
    print(f"written: {path.relative_to(ROOT)}")
    wrong = sum(s.wrong for s in steps)
    return 1 if wrong else 0


def do_short(args) -> int:
    """One step, bounded: the CI form. Fails on any failed action, wrong answer or unchecked Overview."""
    oracle = Oracle(ROOT / "data")
    seen: set[tuple[str, str]] = set()
    with target(1, seen) as (where, _):
        step, outcomes = asyncio.run(run_step(where, args.readers, args.seconds, oracle, seen=seen))
    print_step(step, outcomes)
    problems = []
    if step.failed or step.wrong:
        problems.append(f"{step.failed} failed actions and {step.wrong} wrong answers")
    if step.actions < 2 * args.readers or step.cards_checked == 0:
        problems.append(f"too little checked: {step.actions} actions, {step.cards_checked} cards' totals")
    print(
        f"capacity short: {args.readers} readers, {step.actions} actions, {step.checked} answers checked "
        f"({step.cards_checked} with cards' totals recomputed), p95 {step.p95_s} s"
    )
    print("capacity short: " + ("; ".join(problems) if problems else "passed"))
    return 1 if problems else 0


def do_failover(args) -> int:
    oracle = Oracle(ROOT / "data")
    seen: set[tuple[str, str]] = set()
    with target(args.replicas, seen) as (where, replica_servers):
        watched = {"shared data": replica_servers.data_dir, "project data": ROOT / "data"}
        before = {name: folder_fingerprint(folder) for name, folder in watched.items()}
        killed: dict = {}

        async def kill_one() -> None:
            await asyncio.sleep(args.kill_at)
            killed["pid"], killed["at_s"] = replica_servers.kill(0), args.kill_at
            print(f"  killed replica 1 (pid {killed['pid']}) at {args.kill_at:.0f} s", flush=True)

        started = time.monotonic()
        step, outcomes = asyncio.run(
            run_step(where, args.readers, args.seconds, oracle, during=kill_one, seen=seen)
        )
        wall = time.monotonic() - started
        after = {name: folder_fingerprint(folder) for name, folder in watched.items()}
        scratch = [
            f"{work.name}/{p.name}"
            for work in replica_servers.work_dirs
            for p in work.iterdir()
            if p.name != "server.log"
        ]
    print_step(step, outcomes)
    moved = [o for o in outcomes if o.reconnects]
    stranded = [o.number for o in moved if o.actions_after_reconnect == 0]
    lost = [o.number for o in outcomes if o.failed and not o.reconnects]
    disk = [f"{name}: {d}" for name in watched for d in differences(before[name], after[name])] + [
        f"left behind: {s}" for s in scratch
    ]
    failed_on_moved = sum(len(o.failed) for o in moved)
    result = {
        "replicas": args.replicas,
        "readers": args.readers,
        "seconds": round(wall, 1),
        "killed_at_s": args.kill_at,
        "readers_on_killed_replica": len(moved),
        "readers_recovered": len(moved) - len(stranded),
        "dropped_while_reading": sum(o.dropped for o in moved),
        "actions_failed_in_switch": failed_on_moved,
        "failures_on_survivor": len(lost),
        "wrong_answers": step.wrong,
        "disk_differences": disk,
        "step": step.row(),
    }
    print(json.dumps({k: v for k, v in result.items() if k != "step"}, indent=2))
    problems = []
    if not moved:
        problems.append("no reader was on the killed replica: nothing was tested")
    if stranded:
        problems.append(f"readers {stranded} did not carry on after the switch")
    if lost:
        problems.append(f"readers {lost} on a surviving replica failed")
    if step.wrong:
        problems.append(f"{step.wrong} wrong answers (a reader shown another's state or wrong totals)")
    if disk:
        problems.append(f"disk changed: {disk[:5]}")
    result["problems"] = problems
    print(f"written: {write(f'failover-{args.replicas}.json', result).relative_to(ROOT)}")
    print(
        f"failover: {len(moved)} of {args.readers} readers moved, {len(moved) - len(stranded)} carried on, "
        f"{failed_on_moved} actions failed in the switch, {step.wrong} wrong answers, {len(disk)} disk "
        "differences"
    )
    print("failover: " + ("; ".join(problems) if problems else "passed"))
    return 1 if problems else 0


def build_floor_app(folder: Path) -> Path:
    """The multipage capacity floor, from what each page of fundgap draws for its default view (AppTest)."""
    from benchmarks import apptest, floor
    from benchmarks.common import FILTER_KEY
    from fundgap.app.nav import PAGES

    apptest.quiet_warnings()
    pages = []
    for spec in PAGES:
        app = apptest.open_app(page=spec)
        options = list(app.multiselect(key=FILTER_KEY).options)
        pages.append((spec.slug, spec.title, spec.default, options, apptest.inventory(app)))
    return floor.write_floor_app(folder, pages)


@contextlib.contextmanager
def both_apps():
    """fundgap and its floor, each on its own server started the same way, each warmed up (every page
    once)."""
    import tempfile

    with (
        tempfile.TemporaryDirectory(prefix="fundgap-capacity-floor-") as folder,
        contextlib.ExitStack() as stack,
    ):
        floor_main = build_floor_app(Path(folder))
        apps = {}
        for name, script in (("fundgap", ROOT / "dashboard.py"), ("floor", floor_main)):
            server = stack.enter_context(streamlit_server(script))
            seen: set[tuple[str, str]] = set()
            warm = asyncio.run(warm_up(server.url, seen))
            print(
                f"  {name} at {server.url}: warm-up {warm:.1f} s (every page once, off the clock)", flush=True
            )
            apps[name] = (Target(server.url, lambda pid=server.process.pid: [pid]), seen)
        yield apps


def do_vs_floor(args) -> int:
    """fundgap and its floor under the same readers, steps alternating; `--short`: one step each."""
    oracles = {"fundgap": Oracle(ROOT / "data"), "floor": FloorOracle(ROOT / "data")}
    # The goal's mix last: its line ends the run.
    mixes = ["explore"] if args.short else [m for m in ("story", "explore") if m in args.mixes.split(",")]
    found: dict = {"seconds_per_step": args.seconds, "mixes": {}}
    wrong = 0
    with both_apps() as apps:
        lines = []
        for mix in mixes:
            ladder = [args.readers] if args.short else [int(n) for n in args.steps.split(",")]
            steps: dict[str, list] = {name: [] for name in floor_compare.APPS}
            for number, readers in enumerate(ladder):
                climbing = [n for n in floor_compare.APPS if floor_compare.still_climbing(steps[n])]
                if not climbing:
                    break
                for name in climbing:
                    where, seen = apps[name]
                    step, outcomes = asyncio.run(
                        run_step(
                            where, readers, args.seconds, oracles[name], seed=number + 1, seen=seen, mix=mix
                        )
                    )
                    steps[name].append(step)
                    print(f"  {mix} {name}:", end="")
                    print_step(step, outcomes)
                    wrong += step.wrong
                    time.sleep(5)
            for name in floor_compare.APPS:
                print(f"{mix} mix, {name}:\n{table(steps[name])}")
            found["mixes"][mix] = {name: [s.row() for s in steps[name]] for name in floor_compare.APPS}
            if args.short:
                lines.append(floor_compare.short_line(args.readers, steps["fundgap"][0], steps["floor"][0]))
            else:
                fundgap, floor = (floor_compare.capacity(steps[n]) for n in floor_compare.APPS)
                found["mixes"][mix]["capacity"] = {"fundgap": fundgap.__dict__, "floor": floor.__dict__}
                lines += [f"{mix} mix:", floor_compare.full_line(fundgap, floor)]
    path = write("capacity-vs-floor" + ("-short" if args.short else "") + ".json", found)
    print(f"written: {path.relative_to(ROOT)}")
    print("\n".join(lines))
    return 1 if wrong else 0


def do_profile(args) -> int:
    """One step of readers on one server while py-spy samples all its threads (make capacity-profile)."""
    import shutil
    import subprocess
    import sys

    from tests.capacity import threads

    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed: make capacity-profile installs it from the lock file")
    oracle, seen = Oracle(ROOT / "data"), set()
    raw = RESULTS / "capacity-profile.txt"
    RESULTS.mkdir(parents=True, exist_ok=True)
    with target(1, seen) as (where, _):
        (pid,) = where.server_pids()
        command = [
            spy,
            "record",
            "-p",
            str(pid),
            "--threads",
            "--idle",
            "--nonblocking",
            "-r",
            str(args.rate),
        ]
        command += ["-d", str(int(args.seconds + 30)), "-f", "raw", "-o", str(raw)]
        sampler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        step, outcomes = asyncio.run(run_step(where, args.readers, args.seconds, oracle, seen=seen))
        print_step(step, outcomes)
        sampler.wait(timeout=args.seconds + 120)
    if not raw.is_file():
        raise SystemExit(
            f"py-spy wrote no profile: {sampler.stderr.read().decode()[-500:] if sampler.stderr else ''}"
        )
    print(threads.report(threads.read_raw(raw.read_text()), args.rate))
    print(f"written: {raw.relative_to(ROOT)} (py-spy raw; flamegraph.pl or speedscope read it)")
    return 1 if step.wrong else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ramp_args = commands.add_parser("ramp", help="find the knee")
    ramp_args.add_argument("--steps", default=",".join(map(str, PLANNED)))
    ramp_args.add_argument("--seconds", type=float, default=60)
    ramp_args.add_argument(
        "--refine",
        type=int,
        default=2,
        help="extra steps between the last that held and the first that did not",
    )
    ramp_args.add_argument("--replicas", type=int, default=1)
    ramp_args.add_argument(
        "--mix",
        choices=sorted(MIXES),
        default="explore",
        help="explore: every reader on its own views; story: most arrive from one story's link",
    )
    short = commands.add_parser("short", help="one bounded step (CI)")
    short.add_argument("--readers", type=int, default=20)
    short.add_argument("--seconds", type=float, default=40)
    versus = commands.add_parser("vs-floor", help="fundgap against its capacity floor, same readers")
    versus.add_argument("--short", action="store_true", help="one step of --readers explore readers each")
    versus.add_argument("--readers", type=int, default=20)
    versus.add_argument("--seconds", type=float, default=40)
    versus.add_argument("--steps", default=",".join(map(str, floor_compare.LADDER)))
    versus.add_argument("--mixes", default="story,explore")
    profile = commands.add_parser("profile", help="one step while py-spy samples every server thread")
    profile.add_argument("--readers", type=int, default=20)
    profile.add_argument("--seconds", type=float, default=30)
    profile.add_argument("--rate", type=int, default=50, help="samples per second")
    failover = commands.add_parser("failover", help="kill a replica mid-run")
    failover.add_argument("--replicas", type=int, default=2)
    failover.add_argument("--readers", type=int, default=30)
    failover.add_argument("--seconds", type=float, default=60)
    failover.add_argument("--kill-at", type=float, default=30)
    args = parser.parse_args()
    if getattr(args, "replicas", 1) < 1 or getattr(args, "replicas", 1) > 16:
        raise SystemExit("--replicas takes 1 to 16")
    if args.command == "failover" and args.replicas < 2:
        raise SystemExit("failover needs at least 2 replicas")
    raise SystemExit(
        {
            "ramp": do_ramp,
            "short": do_short,
            "failover": do_failover,
            "vs-floor": do_vs_floor,
            "profile": do_profile,
        }[args.command](args)
    )


if __name__ == "__main__":
    main()
