"""python -m benchmarks [--quick] [--profile] [--only rerun|cold|warm|payload|scale]: print the table, write
benchmarks/results/latest.json. See benchmarks/README.md for what each number means."""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks import apptest, cold, payload, report, rerun, scale, warm
from benchmarks.common import Settings

SECTIONS = {"rerun": rerun, "payload": payload, "cold": cold, "warm": warm, "scale": scale}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats, scale at 1k and 100k only (about 1-2 minutes)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="run pyinstrument on the cases whose goal is missed; writes "
        "benchmarks/results/profile-<case>.txt",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=list(SECTIONS),
        help="run only this benchmark (repeat the option for several)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    settings = Settings.for_run(args.quick, args.profile)
    sections = [name for name in SECTIONS if not args.only or name in args.only]
    apptest.quiet_warnings()
    results = {"meta": report.meta(settings, sections)}
    for name in sections:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        results[name] = SECTIONS[name].run(settings)
        results["meta"]["seconds"][name] = round(time.perf_counter() - start, 1)
    results["goals"] = report.goals(results)
    if settings.profile:
        results["profiles"] = profile_misses(results, settings)
    results["notes"] = report.notes(results)
    print(report.render(results))
    print(f"\nwritten: {report.write_json(results)}")
    return 0


def profile_misses(results: dict, settings: Settings) -> dict:
    """pyinstrument on the slow case of each missed goal. The scale goals' cases (the largest size's Flows and
    Data reruns) were profiled by that size's worker process, which needs the data loaded anyway."""
    profilers = {
        "rerun": lambda goal: (f"rerun-{goal['case']}", rerun.profile_page(goal["case"], settings)),
        "rerun_matched": lambda goal: (f"rerun-{goal['case']}", rerun.profile_page(goal["case"], settings)),
        "cold": lambda goal: ("cold", cold.profile(settings)),
        "warm": lambda goal: ("warm", warm.profile(settings)),
    }
    found = {}
    for goal in results["goals"]:
        if goal["status"] == "MISS" and goal["id"] in profilers:
            print(f"profiling {goal['id']} ...", file=sys.stderr, flush=True)
            case, profile = profilers[goal["id"]](goal)
            found[case] = profile
    for size in results.get("scale", {}).get("sizes", []):
        for slug in scale.SCALE_PAGES:
            if f"{slug}_profile" in size:
                found[f"scale-{size['size']}-{slug}"] = size[f"{slug}_profile"]
    return found


if __name__ == "__main__":
    sys.exit(main())
