"""Simulated readers: each opens a page with filters in its URL, then at a reader's pace switches pages,
changes the investor-region filter or a counting rule, as a browser would (widget changes go as widget states,
page switches as the page's script hash with the reader's URL). Every answer is checked against what this
reader asked for: the sidebar as drawn, the URL the server sets, and on the Overview the headline totals,
recomputed here from the same data by the app's own pure functions."""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from websockets.exceptions import WebSocketException

from fundgap.analysis.filters import FilterOptions, Filters
from fundgap.analysis.rules import CountingRules
from fundgap.analysis.view import View, parse_query
from fundgap.app.nav import PAGES
from fundgap.data.load import read_dataset
from fundgap.views.bundles import overview_page, softbank_page
from tests.capacity.wire import Connection, Drawn, WireError, open_connection

REGIONS = ("Gulf", "China", "United States", "Japan")
YEARS = (None, 2023, 2024)
RULES = ("secondary", "unverified")  # the two rules readers flip; fewer views keeps the answer check cheap
# How readers behave. "explore": each arrives on its own view and changes filters and rules half the time
# (analysts).
# "story": four in five arrive from one story's link (the Gulf comparison on the Overview) and mostly read on.
MIXES = {
    "explore": (("page", 0.5), ("filter", 0.25), ("rule", 0.25)),
    "story": (("page", 0.8), ("filter", 0.1), ("rule", 0.1)),
}
STORY_LINK = ("", View(Filters(investor_region=("Gulf",))))
MAX_ACTIONS = 500  # a hard bound besides the clock
RECONNECT_TRIES = 8
RECONNECT_PAUSE_S = 1.0
LOST = (WireError, OSError, WebSocketException, asyncio.TimeoutError)  # an action that never finished
GONE = (
    OSError,
    WebSocketException,
    AttributeError,
    RuntimeError,
)  # closing a connection that is already gone


class Oracle:
    """The right answers, from the data folder the servers read: the headline cards of the pages that have
    them (Overview, SoftBank) for a view, from the same builders the pages call."""

    CARDS = {
        "": overview_page,
        "softbank": softbank_page,
    }  # page path -> its bundle, whose .facts are the cards
    checks_answers = True  # False for the capacity floor, which draws the same elements whatever is asked

    def __init__(self, data_dir: Path):
        self.data = read_dataset(data_dir)
        self.options = FilterOptions.from_data(self.data.figures, self.data.entities)
        # The oracle lives as long as one run, so its answers are kept per instance, not in a global cache.
        self._cards: dict[tuple[str, str], tuple[tuple[str, str], ...] | None] = {}

    def view(self, query: str) -> View:
        return parse_query(parse_qs(query), self.options)

    def cards(self, page: str, query: str) -> tuple[tuple[str, str], ...] | None:
        """The (label, value) of each card `page` shows for `query`; None for a page without cards."""
        if (page, query) not in self._cards:
            builder = self.CARDS.get(page)
            self._cards[page, query] = (
                None
                if builder is None
                else tuple((fact.label, fact.value) for fact in builder(self.data, self.view(query)).facts)
            )
        return self._cards[page, query]

    def overview_cards(self, query: str) -> tuple[tuple[str, str], ...]:
        return self.cards("", query)

    def region_labels(self, regions: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.options.label("investor_region", region) for region in regions)


class FloorOracle(Oracle):
    """For readers of the capacity floor (benchmarks/floor.py): the same filter labels to send, and no answer
    to check, since the floor draws each page's default inventory whatever the reader asks for."""

    checks_answers = False


def url_path(page) -> str:
    """The page's path in the app's URLs: the default page is the root."""
    return "" if page.default else page.slug


def query_of(view: View) -> str:
    return urlencode(view.to_query(), doseq=True)


def first_view(number: int) -> View:
    """Reader n's URL on arrival: its own region, start year and rules, so readers side by side differ."""
    rules = CountingRules(**{name: bool(number >> bit & 1) for bit, name in enumerate(RULES)})
    return View(
        Filters(
            investor_region=(REGIONS[number % len(REGIONS)],),
            year_from=YEARS[number // len(REGIONS) % len(YEARS)],
        ),
        rules,
    )


def arrival(number: int, mix: str) -> tuple[str, View]:
    """Where reader n lands first: (page path, view). Story readers mostly share the story's link."""
    if mix == "story" and number % 5:
        return STORY_LINK
    return (url_path(PAGES[number % len(PAGES)]) if number % 3 else ""), first_view(number)


def check(drawn: Drawn, intent: View, oracle: Oracle, page: str, page_hash: str) -> list[str]:
    """What in this answer is not what the reader asked for (its page, filters and rules, and the cards'
    totals for them): empty when the answer is right."""
    wrong = list(drawn.problems)
    if page_hash and drawn.page_hash != page_hash:
        wrong.append(
            f"drew page {drawn.page_hash}, reader asked for {page or 'the default page'} ({page_hash})"
        )
    if drawn.query is not None and parse_qs(drawn.query) != parse_qs(query_of(intent)):
        wrong.append(f"server set the URL to {drawn.query!r}, reader asked for {query_of(intent)!r}")
    shown_regions = drawn.widgets.get("w_investor_region", (None, None))[1]
    if shown_regions != oracle.region_labels(intent.filters.investor_region):
        wrong.append(
            f"investor region drawn as {shown_regions}, reader asked for {intent.filters.investor_region}"
        )
    for rule in RULES:
        shown = drawn.widgets.get(f"w_{rule}", (None, None))[1]
        if shown != (rule in intent.rules.switched_on):
            wrong.append(
                f"rule {rule} drawn as {shown}, reader asked for {(rule in intent.rules.switched_on)}"
            )
    expected = oracle.cards(page, query_of(intent))
    if expected is not None and tuple(drawn.metrics) != expected:
        wrong.append(
            f"cards on {page or 'Overview'} {drawn.metrics} differ from {list(expected)} for "
            f"{query_of(intent)!r}"
        )
    return wrong


@dataclass
class Outcome:
    """What one reader did and met."""

    number: int
    # (action kind, seconds, first time any reader of the run asked for this page and view) of every finished
    # action
    timings: list[tuple[str, float, bool]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # actions that never finished, with why
    wrong: list[str] = field(default_factory=list)  # answers that were not this reader's
    checked: int = 0  # answers checked
    cards_checked: int = 0  # of which answers whose headline totals were recomputed (Overview, SoftBank)
    reconnects: int = 0
    dropped: int = 0  # connections the server side closed while the reader was reading
    actions_after_reconnect: int = 0  # actions finished after coming back


@dataclass
class Reader:
    number: int
    base: str
    oracle: Oracle
    pace_s: tuple[float, float]
    action_timeout_s: float
    rng: random.Random
    intent: View = field(default_factory=View)
    page_slug: str = ""
    pages: dict[str, str] = field(default_factory=dict)
    widget_ids: dict[str, str] = field(default_factory=dict)
    connection: Connection | None = None
    cookie: str = ""
    seen: set[tuple[str, str]] = field(
        default_factory=set
    )  # (page, query) any reader of the run has asked for
    mix: str = "explore"

    async def arrive(self, outcome: Outcome) -> None:
        """Open the first page from a link with filters in it: a new session, timed as an "open" action."""
        self.page_slug, self.intent = arrival(self.number, self.mix)
        await self.connect_and_draw(outcome, "open")

    async def connect_and_draw(self, outcome: Outcome, kind: str) -> None:
        path = "/" + self.page_slug + "?" + query_of(self.intent)
        started = time.perf_counter()
        self.connection = await open_connection(self.base, path, self.cookie)
        self.cookie = self.connection.cookie
        drawn = await self.connection.run(
            query_of(self.intent),
            page_hash=self.pages.get(self.page_slug, ""),
            page_name=self.page_slug,
            timeout_s=self.action_timeout_s,
        )
        self.record(outcome, kind, drawn, time.perf_counter() - started)

    def record(self, outcome: Outcome, kind: str, drawn: Drawn, seconds: float) -> None:
        self.pages = drawn.pages or self.pages
        self.widget_ids.update({key: widget_id for key, (widget_id, _) in drawn.widgets.items()})
        view = (self.page_slug, query_of(self.intent))
        outcome.timings.append((kind, seconds, view not in self.seen))
        self.seen.add(view)
        outcome.actions_after_reconnect += kind != "reconnect" and outcome.reconnects > 0
        if not self.oracle.checks_answers:
            return
        outcome.checked += 1
        outcome.cards_checked += self.page_slug in Oracle.CARDS
        problems = check(drawn, self.intent, self.oracle, self.page_slug, self.pages.get(self.page_slug, ""))
        outcome.wrong.extend(f"reader {self.number} after {kind}: {problem}" for problem in problems)

    def next_action(self) -> tuple[str, dict, str]:
        """Choose what the reader does next: (kind, widget changes, page to be on). Updates the reader's
        intent."""
        actions = MIXES[self.mix]
        kind = self.rng.choices([name for name, _ in actions], [weight for _, weight in actions])[0]
        if kind == "page":
            self.page_slug = self.rng.choice(
                [url_path(page) for page in PAGES if url_path(page) != self.page_slug]
            )
            return kind, {}, self.page_slug
        if kind == "filter":
            choices = [(region,) for region in REGIONS] + [()]
            regions = self.rng.choice([c for c in choices if c != self.intent.filters.investor_region])
            self.intent = replace(self.intent, filters=replace(self.intent.filters, investor_region=regions))
            return (
                kind,
                {self.widget_ids["w_investor_region"]: self.oracle.region_labels(regions)},
                self.page_slug,
            )
        rule = self.rng.choice(RULES)
        value = rule not in self.intent.rules.switched_on
        self.intent = replace(self.intent, rules=self.intent.rules.changed(**{rule: value}))
        return kind, {self.widget_ids[f"w_{rule}"]: value}, self.page_slug

    async def act(self, outcome: Outcome) -> None:
        kind, widgets, slug = self.next_action()
        drawn = await self.connection.run(
            query_of(self.intent),
            page_hash=self.pages[slug],
            widgets=widgets,
            timeout_s=self.action_timeout_s,
        )
        self.record(outcome, kind, drawn, drawn.seconds)

    async def connection_dropped_during(self, pause_s: float) -> bool:
        """Wait `pause_s`; True as soon as the server side closes the connection (a replica gone)."""
        try:
            await asyncio.wait_for(self.connection.socket.wait_closed(), pause_s)
        except TimeoutError:
            return False
        return True

    async def reconnect(self, outcome: Outcome, deadline: float) -> bool:
        """After a lost connection, come back as a browser does: the same URL (page and filters), the same
        cookie, a new session wherever the balancer sends it. True once the page is drawn again."""
        with contextlib.suppress(*GONE):
            await self.connection.close()
        for _ in range(RECONNECT_TRIES):
            if time.monotonic() > deadline:
                return False
            try:
                await self.connect_and_draw(outcome, "reconnect")
                outcome.reconnects += 1
                return True
            except LOST as error:
                outcome.failed.append(
                    f"reader {self.number} reconnect: {type(error).__name__}: {str(error)[:120]}"
                )
                await asyncio.sleep(RECONNECT_PAUSE_S)
        return False

    async def attempt(self, action, outcome: Outcome, what: str, deadline: float) -> bool:
        """One action; when it never finishes, count it as failed and come back as a browser does. False when
        the reader could not come back and gives up."""
        try:
            await action(outcome)
            return True
        except LOST as error:
            outcome.failed.append(f"reader {self.number} {what}: {type(error).__name__}: {str(error)[:160]}")
            return await self.reconnect(outcome, deadline)

    async def read(self, seconds: float, outcome: Outcome, start_gap_s: float) -> None:
        await asyncio.sleep(start_gap_s)  # readers arrive one after another, as from a linked article
        deadline = time.monotonic() + seconds
        try:
            if not await self.attempt(self.arrive, outcome, "open", deadline):
                return
            for _ in range(MAX_ACTIONS):
                if await self.connection_dropped_during(self.rng.uniform(*self.pace_s)):
                    # The browser sees its WebSocket close while the reader reads and reconnects at once: no
                    # action lost.
                    outcome.dropped += 1
                    if not await self.reconnect(outcome, deadline):
                        break
                if time.monotonic() > deadline or not await self.attempt(
                    self.act, outcome, "action", deadline
                ):
                    break
        finally:
            with contextlib.suppress(*GONE):
                await self.connection.close()
