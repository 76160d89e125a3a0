"""Sources & method: every source, how conflicts were resolved, the counting rules, the version, how to
cite."""

from fundgap.app import ui
from fundgap.views.bundles import sources_page
from fundgap.views.story import CHANGES, CITE, COVERAGE, METHOD

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(sources_page, data, view)

ui.title("Sources & method", page.intro)

# 2/ coverage and its edge, sources, conflicts, method, citation
coverage = lambda: ui.small_table(page.coverage, key="coverage")  # noqa: E731
ui.section("Coverage: deals found per lab and year", COVERAGE, coverage)
ui.section("What we looked for and did not find", "", lambda: ui.small_table(page.gaps, key="gaps"))
ui.section("Sources", page.levels_text, lambda: ui.sources_table(page.sources))
ui.subheader("How conflicts between sources were resolved")
ui.text(page.conflicts)
ui.subheader("Method and counting rules")
ui.text(METHOD)
ui.caption("Rules in use now: " + view.rules.describe())
ui.section("What changed", CHANGES, lambda: ui.what_changed(ui.changelog(), ui.compare_versions))
ui.subheader("How to cite")
ui.text(CITE.format(version=data.version))
