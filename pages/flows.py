"""Flows: who paid whom, as a Sankey and as a ranked list with ranges and undisclosed deals."""

from fundgap import ui
from fundgap.views import flows_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(flows_page, data, view)

ui.title("Flows: who paid whom", "Deals counted under the active rules, from investor region to recipient region to lab. "
         "Participations inside a counted round are not added twice: the round counts once.")
ui.caption(view.rules.describe())

# 2/ the Sankey, then ranked deals with their ranges and undisclosed tickets as markers
ui.chart(page.sankey, data, view)
ui.chart(page.ranked, data, view)
