"""Many readers at once: N Chromium sessions against one server on 127.0.0.1, each switching pages and
changing filters for a bounded time. Reports errors, state leaks between sessions, p50/p95 re-render time and
the server's peak memory, and exits 1 on any error or leak. `make load-short` (run by .ci/run) and `make load`
(the long form, with the benchmarks) call it; it takes about two minutes even short, so it is not in `make
test`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from fundgap.app.nav import PAGES
from tests.e2e.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server

REGIONS = ("Gulf", "China", "United States", "Japan")
MAX_ACTIONS_PER_SESSION = 400  # a hard bound besides the clock
ARRIVAL_GAP_S = 1.0


@dataclass
class LoadReport:
    sessions: int
    seconds: float
    actions: int = 0
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    render_times: list[float] = field(default_factory=list)
    first_loads: list[float] = field(default_factory=list)
    peak_rss_mb: float = 0.0

    def percentile(self, q: float) -> float:
        if not self.render_times:
            return float("nan")
        ordered = sorted(self.render_times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def summary(self) -> dict:
        return {
            "sessions": self.sessions,
            "seconds": self.seconds,
            "actions": self.actions,
            "errors": len(self.errors),
            "leaks": len(self.leaks),
            "p50_s": round(self.percentile(0.5), 3),
            "p95_s": round(self.percentile(0.95), 3),
            "mean_s": round(statistics.fmean(self.render_times), 3) if self.render_times else None,
            "first_load_max_s": round(max(self.first_loads), 2) if self.first_loads else None,
            "server_peak_rss_mb": round(self.peak_rss_mb, 1),
            "first_errors": self.errors[:5],
            "first_leaks": self.leaks[:5],
        }


# Generous: on two cores, twenty Chromium tabs and the server share the CPU; a slow render is measured in the
# percentiles, and only a page that never finishes counts as an error.
ACTION_TIMEOUT_MS = 180_000


async def wait_rendered(page, timeout_ms: int = ACTION_TIMEOUT_MS) -> None:
    await page.wait_for_selector(
        "[data-testid='stApp'][data-test-connection-state='CONNECTED']", timeout=timeout_ms
    )
    await page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms
    )
    await page.wait_for_function(
        "document.querySelectorAll(\"[data-testid='stSkeleton']\").length === 0", timeout=timeout_ms
    )


async def timed(page, action, report: LoadReport) -> None:
    started = time.perf_counter()
    await action()
    # Catch the rerun starting, so "not running" below means it finished, not that it has yet to begin; a fast
    # rerun can start and finish between two polls.
    with contextlib.suppress(PlaywrightTimeout):
        await page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=3_000)
    await wait_rendered(page)
    report.render_times.append(time.perf_counter() - started)
    report.actions += 1


async def check_own_view(page, number: int, region: str, year: str, report: LoadReport, where: str) -> None:
    query = parse_qs(urlsplit(page.url).query)
    if query.get("investor_region") != [region] or query.get("year_from") != [year]:
        report.leaks.append(f"session {number} on {where}: URL has {query}, expected {region}/{year}")
    shown = await page.locator(".st-key-w_investor_region").inner_text(timeout=ACTION_TIMEOUT_MS)
    if region not in shown or any(
        other in shown for other in REGIONS if other != region and other not in region
    ):
        report.leaks.append(f"session {number} on {where}: filter shows {shown!r}, expected {region}")
    if await page.locator("[data-testid='stException']").count():
        report.errors.append(f"session {number} on {where}: exception element")


async def reader(browser, base: str, number: int, seconds: float, report: LoadReport) -> None:
    region, year = REGIONS[number % len(REGIONS)], str(2023 + number % 3)
    await asyncio.sleep(number * ARRIVAL_GAP_S)  # readers arrive one after another, as from a linked article
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    page.on("pageerror", lambda error: report.errors.append(f"session {number}: {error}"))
    try:
        started = time.perf_counter()
        await page.goto(f"{base}/?investor_region={region}&year_from={year}", timeout=ACTION_TIMEOUT_MS)
        await wait_rendered(page)
        report.first_loads.append(time.perf_counter() - started)
        await check_own_view(page, number, region, year, report, "first load")
        # Each reader's clock starts once its first page is up, so slow first loads do not eat the test.
        deadline = time.monotonic() + seconds
        for step in range(MAX_ACTIONS_PER_SESSION):
            if time.monotonic() > deadline:
                break
            spec = PAGES[(number + step) % len(PAGES)]
            link = page.locator("[data-testid='stSidebarNav'] a", has_text=spec.title).first
            await timed(page, link.click, report)
            await check_own_view(page, number, region, year, report, spec.slug)
            if step % 3 == 2:  # change a counting rule, then put it back
                toggle = page.locator(".st-key-w_secondary label").first
                await timed(page, toggle.click, report)
                await timed(page, toggle.click, report)
    except Exception as error:  # noqa: BLE001 - every failure is a finding to report, not a crash of the run
        report.errors.append(f"session {number}: {type(error).__name__}: {str(error)[:200]}")
    finally:
        await context.close()


def rss_mb(pid: int, field_name: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run(base: str, server_pid: int, sessions: int, seconds: float) -> LoadReport:
    report = LoadReport(sessions, seconds)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        await asyncio.gather(*(reader(browser, base, n, seconds, report) for n in range(sessions)))
        await browser.close()
    report.peak_rss_mb = rss_mb(server_pid, "VmHWM")
    return report


def load_test(sessions: int = 20, seconds: float = 20.0) -> LoadReport:
    with streamlit_server() as server:
        return asyncio.run(run(server.url, server.process.pid, sessions, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args()
    report = load_test(args.sessions, args.seconds)
    summary = report.summary()
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2))
    bad_sessions = {problem.split(":")[0].split(" on ")[0] for problem in report.errors + report.leaks}
    failed = bool(bad_sessions) or report.actions < args.sessions
    print(
        f"load test: {args.sessions} sessions, {report.actions} actions, {len(report.errors)} errors, "
        f"{len(report.leaks)} leaks"
    )
    print(f"load: {args.sessions - len(bad_sessions)} passed, {len(bad_sessions)} failed")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
