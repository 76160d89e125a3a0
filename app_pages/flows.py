"""Flows: who paid whom, as a Sankey and as a ranked list with ranges and undisclosed deals."""

from fundgap.app import ui
from fundgap.views.bundles import flows_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(flows_page, data, view, ui.estimates(data))

words = ui.words("flows")
ui.title(words.title, words.intro)
ui.caption(view.rules.describe(view.lang))

# 2/ the Sankey, then ranked deals with their ranges and undisclosed tickets as markers
ui.chart(page.sankey, data, view)
ui.caption(
    ui.t("Every amount the diagram writes, flow by flow; each figure behind them is in the table above.")
)
ui.small_table(page.totals, key="flow_totals")
ui.chart(page.ranked, data, view)
