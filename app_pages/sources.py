"""Sources & method: every source, how conflicts were resolved, the counting rules, the model estimates and
their back-test, the version, how to cite."""

from fundgap.app import ui
from fundgap.views.bundles import sources_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(sources_page, data, view, ui.estimates(data))

words = ui.words("sources")
ui.title(words.title, page.intro)

# 2/ coverage and its edge, sources, conflicts, method, estimates, citation
coverage = words.text("coverage")
ui.section(
    ui.t("Coverage: deals found per lab and year"), coverage, ui.small_table, page.coverage, "coverage"
)
ui.section(ui.t("What we looked for and did not find"), "", ui.small_table, page.gaps, key="gaps")
ui.section(ui.t("Sources"), page.levels_text, ui.sources_table, page.sources)
ui.section(ui.t("How conflicts between sources were resolved"), "", ui.text, page.conflicts)
ui.section(ui.t("Method and counting rules"), words.text("method"), ui.small_table, page.method, key="method")
ui.caption(ui.t("Rules in use now: ") + view.rules.describe(view.lang))
ui.section(ui.t("Estimates for undisclosed tickets"), "", ui.estimates_section, page.estimates, data, view)
ui.section(ui.t("What changed"), words.text("changes"), ui.what_changed, ui.changelog(), ui.compare_versions)
ui.subheader(ui.t("How to cite"))
ui.text(words.text("cite").format(version=data.version))
