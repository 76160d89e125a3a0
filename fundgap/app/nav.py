"""The registered pages, as plain data: st.navigation, the tests and the benchmarks all read this list."""

from __future__ import annotations

from dataclasses import dataclass

from fundgap.common.i18n import N_


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
    PageSpec("app_pages/overview.py", N_("Overview"), ":material/compare_arrows:", "overview", default=True),
    PageSpec("app_pages/flows.py", N_("Flows"), ":material/account_tree:", "flows"),
    PageSpec("app_pages/investors.py", N_("Investors"), ":material/account_balance:", "investors"),
    PageSpec("app_pages/labs.py", N_("Labs"), ":material/science:", "labs"),
    PageSpec("app_pages/softbank.py", N_("SoftBank"), ":material/timeline:", "softbank"),
    PageSpec("app_pages/openness.py", N_("Open or closed"), ":material/lock_open:", "openness"),
    PageSpec("app_pages/country_totals.py", N_("Country totals"), ":material/bar_chart:", "country_totals"),
    PageSpec("app_pages/claims.py", N_("Claims"), ":material/fact_check:", "claims"),
    PageSpec("app_pages/data.py", N_("Data"), ":material/table:", "data"),
    PageSpec("app_pages/sources.py", N_("Sources & method"), ":material/menu_book:", "sources"),
)
