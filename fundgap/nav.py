"""The registered pages, as plain data: st.navigation, the tests and the benchmarks all read this list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """A page: its file, its title and its URL slug (the file's stem, see ui._ensure_frame)."""

    path: str
    title: str
    icon: str
    slug: str
    default: bool = False


PAGES = (
    PageSpec("pages/overview.py", "Overview", ":material/compare_arrows:", "overview", default=True),
    PageSpec("pages/flows.py", "Flows", ":material/account_tree:", "flows"),
    PageSpec("pages/investors.py", "Investors", ":material/account_balance:", "investors"),
    PageSpec("pages/labs.py", "Labs", ":material/science:", "labs"),
    PageSpec("pages/softbank.py", "SoftBank", ":material/timeline:", "softbank"),
    PageSpec("pages/country_totals.py", "Country totals", ":material/bar_chart:", "country_totals"),
    PageSpec("pages/claims.py", "Claims", ":material/fact_check:", "claims"),
    PageSpec("pages/data.py", "Data", ":material/table:", "data"),
    PageSpec("pages/sources.py", "Sources & method", ":material/menu_book:", "sources"),
)
