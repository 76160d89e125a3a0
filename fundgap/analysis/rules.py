"""The counting rules, each written once: its URL name, default, words, the flow kinds it governs and why.

Everything else is generated from this table: `CountingRules` (what a view counts), the sidebar's switches,
the CLI's flags, the URL's parameters, the not-counted reasons, the sensitivity table, the figure card's rule
variants and the method table on Sources & method. Datasette's `Filters` is the model: one object per filter
carrying its key, its label and its human text."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from fundgap.common.i18n import EN, N_, tr


@dataclass(frozen=True)
class Switch:
    """A counting rule that is on or off."""

    name: str  # URL parameter (?name=1), CLI flag (--name/--no-name), the key in CountingRules
    default: bool
    label: str  # "secondary purchases": "Include …" in the sidebar, "… switched off" as a reason
    why: str  # why its default is what it is, in the sidebar's help and the method table
    flow_kinds: tuple[str, ...] = ()  # the flow kinds it admits; () for a rule on status
    on_card: bool = False  # a figure card says whether the figure would count with this rule changed

    @property
    def not_counted(self) -> str:
        return f"{self.label} switched off"

    @property
    def variant(self) -> str:
        """The rule changed from its default, in words: "+ secondary purchases", "− unpaid commitments"."""
        return f"{'−' if self.default else '+'} {self.label}"

    @property
    def toggle_label(self) -> str:
        return f"Include {self.label}"

    def toggle_text(self, lang: str = EN) -> str:
        """The sidebar's switch in `lang`: "Include secondary purchases"."""
        return tr(lang, "Include {rule}").format(rule=tr(lang, self.label))

    def variant_text(self, lang: str = EN) -> str:
        return f"{'−' if self.default else '+'} {tr(lang, self.label)}"


@dataclass(frozen=True)
class Mode:
    """A counting rule with a few named choices."""

    name: str
    default: str
    label: str
    why: str
    choices: Mapping[str, str]  # value -> the sidebar's words for it
    in_words: Mapping[str, str]  # value -> the words every total's rule line uses


SWITCHES: tuple[Switch, ...] = (
    Switch(
        "secondary",
        False,
        N_("secondary purchases"),
        N_("Off by default: a secondary sale pays employees and early holders, not the lab."),
        ("secondary_purchase",),
        on_card=True,
    ),
    Switch(
        "commitments",
        True,
        N_("unpaid commitments"),
        N_(
            "On by default: money committed to a lab but not yet paid; a commitment paid in tranches counts "
            "through its paid tranches, never both."
        ),
        ("commitment",),
    ),
    Switch(
        "infrastructure",
        False,
        N_("infrastructure commitments"),
        N_("Off by default: Stargate-style data-centre commitments are not equity in a lab."),
        ("infrastructure_commitment",),
        on_card=True,
    ),
    Switch(
        "cornerstone",
        True,
        N_("IPO cornerstone subscriptions"),
        N_("On by default: a cornerstone order in a listing is new money into the lab."),
        ("ipo_cornerstone",),
    ),
    Switch(
        "unverified",
        False,
        N_("unverified figures"),
        N_(
            "Off by default: only rows whose amount and parties stand in a level 1–3 source we hold, with an "
            "https link, are VERIFIED; the rest are counted only when a reader asks for them."
        ),
        on_card=True,
    ),
)
SECONDARY, COMMITMENTS, INFRASTRUCTURE, CORNERSTONE, UNVERIFIED = SWITCHES
UNDISCLOSED = Mode(
    "undisclosed",
    "count",
    N_("Undisclosed amounts"),
    N_(
        "An undisclosed ticket is reported as a count by default, never as money: a hard total adds what "
        "sources state, and the headline cards give the allocation model's estimate beside it, labelled as "
        "one, with its 80% interval from the back-test. Counting it as $0 gives the same sums without the "
        "count. Asking for the estimate also draws each estimate as a hollow diamond on the charts and adds "
        "it "
        "to every total's card. It is not the default because disclosed tickets are not a random sample of "
        "tickets: where sources name few investors in a round, the model credits them with the whole "
        "remainder, which overstates exactly the Gulf tickets the headline compares."
    ),
    {
        "count": N_("Report as “n undisclosed”"),
        "zero": N_("Count as $0"),
        "estimate": N_("Add a model estimate beside the totals"),
    },
    {
        "count": N_("undisclosed amounts reported as a count"),
        "zero": N_("undisclosed amounts counted as $0"),
        "estimate": N_("undisclosed amounts reported as a count, with a model estimate beside the totals"),
    },
)
ESTIMATE = "estimate"  # the undisclosed mode that shows the model's estimates beside the hard numbers
RULE_NAMES: tuple[str, ...] = (*(s.name for s in SWITCHES), UNDISCLOSED.name)
_BY_NAME = {s.name: s for s in SWITCHES}
_BOOL_WORDS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


@dataclass(frozen=True, init=False)
class CountingRules:
    """What a total adds up: the switches that are on and the undisclosed mode. Defaults count new capital
    that reached or was committed to labs."""

    switched_on: frozenset[str]
    undisclosed: str

    def __init__(self, undisclosed: str = UNDISCLOSED.default, **switches: bool) -> None:
        self._set(switches, undisclosed)

    @classmethod
    def of(cls, switches: Mapping[str, bool], undisclosed: str = UNDISCLOSED.default) -> CountingRules:
        """Rules from a mapping of switch names (missing ones keep their defaults)."""
        rules = cls.__new__(cls)
        rules._set(switches, undisclosed)
        return rules

    def _set(self, switches: Mapping[str, bool], undisclosed: str) -> None:
        unknown = sorted(set(switches) - set(_BY_NAME))
        if unknown:
            raise TypeError(f"unknown counting rule(s): {', '.join(unknown)}")
        if undisclosed not in UNDISCLOSED.choices:
            raise ValueError(f"undisclosed must be one of {', '.join(UNDISCLOSED.choices)}")
        on = frozenset(s.name for s in SWITCHES if switches.get(s.name, s.default))
        object.__setattr__(self, "switched_on", on)
        object.__setattr__(self, "undisclosed", undisclosed)

    def on(self, switch: Switch) -> bool:
        return switch.name in self.switched_on

    @property
    def estimates(self) -> bool:
        """Whether totals and charts show the model's estimates of undisclosed tickets beside them."""
        return self.undisclosed == ESTIMATE

    def changed(self, **change: bool | str) -> CountingRules:
        """These rules with some switches (or the undisclosed mode) set otherwise."""
        settings: dict[str, bool] = {s.name: self.on(s) for s in SWITCHES}
        mode = self.undisclosed
        for name, value in change.items():
            if name == UNDISCLOSED.name:
                mode = str(value)
            else:
                settings[name] = bool(value)
        return CountingRules.of(settings, mode)

    @property
    def is_default(self) -> bool:
        return self == CountingRules()

    def excluded_kinds(self) -> list[str]:
        """Flow kinds these rules leave out of every total."""
        return [kind for s in SWITCHES if not self.on(s) for kind in s.flow_kinds]

    def describe(self, lang: str = EN) -> str:
        """ "Counting unpaid commitments and IPO cornerstone subscriptions; excluding …; undisclosed …." """
        if lang == EN:
            included = [s.label for s in SWITCHES if self.on(s)]
            excluded = [s.label for s in SWITCHES if not self.on(s)]
            text = "Counting " + (join(included) if included else "only verified equity and rounds")
            if excluded:
                text += "; excluding " + join(excluded)
            return f"{text}; {UNDISCLOSED.in_words[self.undisclosed]}."
        included = [tr(lang, s.label) for s in SWITCHES if self.on(s)]
        excluded = [tr(lang, s.label) for s in SWITCHES if not self.on(s)]
        text = tr(lang, "Counting {rules}").format(
            rules=join(included, lang) if included else tr(lang, "only verified equity and rounds")
        )
        if excluded:
            text += tr(lang, "; excluding {rules}").format(rules=join(excluded, lang))
        return tr(lang, "{rules}; {undisclosed}.").format(
            rules=text, undisclosed=tr(lang, UNDISCLOSED.in_words[self.undisclosed])
        )

    def to_query(self) -> dict[str, list[str]]:
        """Only what differs from the defaults, so a default view keeps a short URL."""
        query = {s.name: ["1" if self.on(s) else "0"] for s in SWITCHES if self.on(s) != s.default}
        if self.undisclosed != UNDISCLOSED.default:
            query[UNDISCLOSED.name] = [self.undisclosed]
        return query


def join(items: Iterable[str], lang: str = EN) -> str:
    """ "a", "a and b", "a, b and c"; in Chinese "a、b和c"."""
    values = list(items)
    if lang != EN:
        if len(values) <= 1:
            return "".join(values)
        return tr(lang, "{items} and {last}").format(items="、".join(values[:-1]), last=values[-1])
    if len(values) <= 2:
        return " and ".join(values)
    return ", ".join(values[:-1]) + " and " + values[-1]


def parse_rule(param: str, values: Sequence[str], ignored: list[str]) -> bool | str | None:
    """One rule's URL value, or None (and a line in `ignored`) when it is not understood."""
    text = values[-1].strip().lower() if values else ""
    if param == UNDISCLOSED.name:
        if text in UNDISCLOSED.choices:
            return text
    elif text in _BOOL_WORDS:
        return _BOOL_WORDS[text]
    shown = text if len(text) <= 40 else text[:37] + "…"
    ignored.append(f"{param}={shown!r} (not understood)")
    return None


def from_settings(settings: Mapping[str, bool | str | None]) -> CountingRules:
    """Rules from parsed URL values; a value of None keeps that rule's default."""
    switches = {s.name: bool(settings[s.name]) for s in SWITCHES if settings.get(s.name) is not None}
    mode = settings.get(UNDISCLOSED.name)
    return CountingRules.of(switches, str(mode) if mode is not None else UNDISCLOSED.default)


def sensitivity_variants(lang: str = EN) -> tuple[tuple[str, dict[str, bool]], ...]:
    """The rules in use, then each switch flipped from its default: the sensitivity table's rows."""
    return (
        (tr(lang, "Rules in use"), {}),
        *((s.variant_text(lang), {s.name: not s.default}) for s in SWITCHES),
    )


def card_variants(lang: str = EN) -> tuple[tuple[str, CountingRules], ...]:
    """The rule sets a figure card reports on: the defaults, then each switch a reader is likely to flip."""
    flipped = tuple(
        (
            tr(lang, "default rules {change}").format(change=s.variant_text(lang)),
            CountingRules.of({s.name: not s.default}),
        )
        for s in SWITCHES
        if s.on_card
    )
    return ((tr(lang, "default rules"), CountingRules()), *flipped)


def method_rows(lang: str = EN) -> list[dict[str, str]]:
    """The method table on Sources & method: each rule, its URL parameter, its default and why."""
    rule, param, default, why = (
        tr(lang, h) for h in (N_("Rule"), N_("URL parameter"), N_("Default"), N_("Why"))
    )
    rows = [
        {
            rule: tr(lang, s.label)[0].upper() + tr(lang, s.label)[1:],
            param: f"{s.name}=1 / {s.name}=0",
            default: tr(lang, "counted") if s.default else tr(lang, "not counted"),
            why: tr(lang, s.why),
        }
        for s in SWITCHES
    ]
    rows.append(
        {
            rule: tr(lang, UNDISCLOSED.label),
            param: " / ".join(f"{UNDISCLOSED.name}={value}" for value in UNDISCLOSED.choices),
            default: tr(lang, UNDISCLOSED.choices[UNDISCLOSED.default]),
            why: tr(lang, UNDISCLOSED.why),
        }
    )
    return rows


def add_cli_flags(command: argparse.ArgumentParser) -> None:
    """--secondary/--no-secondary … and --undisclosed, as the URL spells them."""
    for s in SWITCHES:
        command.add_argument(
            f"--{s.name}",
            dest=s.name,
            action=argparse.BooleanOptionalAction,
            default=None,
            help=f"count {s.label} (default: {'yes' if s.default else 'no'})",
        )
    command.add_argument(f"--{UNDISCLOSED.name}", choices=tuple(UNDISCLOSED.choices))


def query_from_cli(args: argparse.Namespace) -> dict[str, list[str]]:
    """The URL parameters the CLI's rule flags stand for (unset flags keep the defaults)."""
    settings = {name: getattr(args, name) for name in RULE_NAMES}
    query = {s.name: ["1" if settings[s.name] else "0"] for s in SWITCHES if settings[s.name] is not None}
    if settings[UNDISCLOSED.name]:
        query[UNDISCLOSED.name] = [str(settings[UNDISCLOSED.name])]
    return query
