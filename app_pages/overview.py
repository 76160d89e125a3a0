"""Overview: the seed's Gulf comparison next to what the documented deals add up to, and the AI Index
totals."""

from fundgap.analysis.overview import gap_summary
from fundgap.app import ui
from fundgap.views.bundles import overview_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(overview_page, data, view, ui.estimates(data))

# 2/ the headline comparison, under the active counting rules
ui.title(ui.words("overview").title, gap_summary(data.claims, view.lang))
ui.facts(page.facts, current=view)
ui.caption(page.beside)
ui.caption(view.rules.describe(view.lang))
ui.chart(page.gap, data, view)
ui.subheader(ui.t("How the documented gap moves with the counting rules"))
ui.small_table(page.sensitivity, key="gap_sensitivity")

# 3/ national totals for scale
ui.chart(page.ai_index, data, view)
ui.caption(ui.t("US vs China in the latest AI Index year shown: {ratio}.").format(ratio=page.latest_ratio))
