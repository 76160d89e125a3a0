"""The registered pages, as plain data: st.navigation, the tests and the benchmarks all read this list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """A page: its file, its title and its URL slug (the file's stem, so deep links keep their old
    addresses)."""

    path: str
    title: str
    icon: str
    slug: str
    default: bool = False


PAGES = (
    PageSpec("app_pages/overview.py", "Overview", ":material/compare_arrows:", "overview", default=True),
    PageSpec("app_pages/flows.py", "Flows", ":material/account_tree:", "flows"),
    PageSpec("app_pages/investors.py", "Investors", ":material/account_balance:", "investors"),
    PageSpec("app_pages/labs.py", "Labs", ":material/science:", "labs"),
    PageSpec("app_pages/softbank.py", "SoftBank", ":material/timeline:", "softbank"),
    PageSpec("app_pages/openness.py", "Open or closed", ":material/lock_open:", "openness"),
    PageSpec("app_pages/country_totals.py", "Country totals", ":material/bar_chart:", "country_totals"),
    PageSpec("app_pages/claims.py", "Claims", ":material/fact_check:", "claims"),
    PageSpec("app_pages/data.py", "Data", ":material/table:", "data"),
    PageSpec("app_pages/sources.py", "Sources & method", ":material/menu_book:", "sources"),
)
