"""Sources & method: every source, how conflicts were resolved, the counting rules, the version, how to cite."""

from fundgap.app import ui
from fundgap.views.story import CHANGES, CITE, COVERAGE, METHOD
from fundgap.views.bundles import sources_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(sources_page, data, view)

ui.title("Sources & method", f"Dataset version **{data.version}** · {len(data.figures)} figures from {len(data.sources)} sources · "
         f"{len(data.claims)} claims audited · {len(data.conflicts)} conflicts resolved.")

# 2/ coverage and its edge, sources, conflicts, method, citation
ui.section("Coverage: deals found per lab and year", COVERAGE, lambda: ui.small_table(page.coverage, key="coverage"))
ui.section("What we looked for and did not find", "", lambda: ui.small_table(page.gaps, key="gaps"))
ui.section("Sources", page.levels_text, lambda: ui.sources_table(page.sources))
ui.subheader("How conflicts between sources were resolved")
ui.escaped_markdown(page.conflicts)
ui.subheader("Method and counting rules")
ui.text(METHOD)
ui.caption("Rules in use now: " + view.rules.describe())
ui.section("What changed", CHANGES, lambda: ui.what_changed(ui.changelog(), ui.compare_versions))
ui.subheader("How to cite")
ui.text(CITE.format(version=data.version))
