"""Any URL is safe: generated query strings never raise, fall back to defaults and say what was ignored."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from fundgap.analysis.filters import ENTITY_FILTERS, MULTI_FILTERS, FilterOptions, Filters
from fundgap.analysis.rules import SWITCHES, CountingRules
from fundgap.analysis.view import parse_query
from fundgap.app.nav import PAGES
from fundgap.data import paths
from fundgap.data.load import read_dataset

RULE_LABELS = [s.name for s in SWITCHES]
KNOWN_PARAMS = [*MULTI_FILTERS, "year_from", "year_to", *RULE_LABELS, "undisclosed", "rejected"]
HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "=1+1",
    "'; DROP TABLE figures; --",
    "../../etc/passwd",
    "%00",
    "\u202e",
    "Gulf",
    "China",
    "2025",
    "0",
    "1",
    "zero",
    "count",
    "estimate",
    "ｇｕｌｆ",
    "年",
    "",
    " ",
    "qia",
    "MGX",
    "Mubadala Investment Company",
    "svf2",
    "anthropic",
    "Qatar",
]
names = st.one_of(st.sampled_from(KNOWN_PARAMS), st.text(min_size=1, max_size=30))
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=50),
    st.text(min_size=500, max_size=3000),
    st.integers(-10_000, 10_000).map(str),
)
queries = st.dictionaries(names, st.lists(values, min_size=1, max_size=4), max_size=8)


@pytest.fixture(scope="module")
def options(fixture_data_dir) -> FilterOptions:
    data = read_dataset(fixture_data_dir)
    return FilterOptions.from_data(data.figures, data.entities)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=queries)
def test_parse_query_accepts_any_query_and_keeps_only_known_values(options, query):
    view = parse_query(query, options)
    for param in MULTI_FILTERS:
        assert set(getattr(view.filters, param)) <= set(options.values[param])
    for year in (view.filters.year_from, view.filters.year_to):
        assert year is None or options.year_min <= year <= options.year_max
    if view.filters.year_from and view.filters.year_to:
        assert view.filters.year_from <= view.filters.year_to
    assert view.rules.undisclosed in ("count", "zero", "estimate")
    usable = parse_query(view.to_query(), options)
    assert usable.ignored == () and usable.filters == view.filters and usable.rules == view.rules
    if not _all_usable(query, options):
        assert view.ignored, "something was dropped, so the reader must be told"
    else:
        assert view.ignored == ()


def _all_usable(query, options) -> bool:
    """An independent oracle: every parameter known and every value one the data or the rules allow."""
    for param, given_values in query.items():
        if param in ENTITY_FILTERS:
            # Any name, short name, alias or id of an entity that has rows of this kind, in any case.
            if any(options.entities.resolve(v) not in options.values[param] for v in given_values):
                return False
        elif param in MULTI_FILTERS:
            if any(v not in options.values[param] for v in given_values):
                return False
        elif param in ("year_from", "year_to"):
            last = given_values[-1].strip()
            if not (last.isascii() and last.isdigit() and options.year_min <= int(last) <= options.year_max):
                return False
        elif param == "undisclosed":
            if given_values[-1].strip().lower() not in ("count", "zero", "estimate"):
                return False
        elif param in RULE_LABELS or param == "rejected":
            if given_values[-1].strip().lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                return False
        else:
            return False
    years = [int(query[p][-1]) for p in ("year_from", "year_to") if p in query]
    return not (len(years) == 2 and years[0] > years[1])


@settings(max_examples=300, deadline=None)
@given(query=queries)
def test_the_view_is_defaults_when_nothing_in_the_query_is_usable(query):
    empty = FilterOptions(values={p: () for p in MULTI_FILTERS}, year_min=2000, year_max=2000)
    view = parse_query(
        {
            k: v
            for k, v in query.items()
            if k not in RULE_LABELS and k not in ("undisclosed", "rejected", "year_from", "year_to")
        },
        empty,
    )
    assert view.filters == Filters()
    assert view.rules == CountingRules()


URLS_PER_PAGE = 12


@pytest.mark.parametrize("spec", PAGES, ids=[p.slug for p in PAGES])
def test_every_page_renders_for_generated_urls(spec, fixture_data_dir, monkeypatch):
    monkeypatch.setenv("FUNDGAP_DATA_DIR", str(fixture_data_dir))
    tried: list[dict] = []

    @settings(
        max_examples=URLS_PER_PAGE, deadline=None, suppress_health_check=list(HealthCheck), database=None
    )
    @given(query=queries)
    def render(query):
        tried.append(query)
        app = AppTest.from_file(str(paths.PROJECT_ROOT / "dashboard.py"), default_timeout=60)
        for key, given_values in query.items():
            app.query_params[key] = given_values
        app.run()
        if not spec.default:
            app.switch_page(spec.path).run()
        assert [e.value for e in app.exception] == []
        assert [e.value for e in app.error] == []
        data = read_dataset(fixture_data_dir)
        view = parse_query(query, FilterOptions.from_data(data.figures, data.entities))
        if view.ignored:
            assert any("were ignored" in w.value for w in app.warning)

    render()
    assert len(tried) >= URLS_PER_PAGE
