"""SoftBank: $20M into Alibaba in 2000 against the OpenAI deals of 2024–2026."""

from fundgap.app import ui
from fundgap.views.bundles import softbank_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(softbank_page, data, view, ui.estimates(data))

ui.title(ui.words("softbank").title, page.lead)

# 2/ headline numbers and the timeline
ui.facts(page.facts, per_row=3, current=view)
ui.caption(view.rules.describe(view.lang))
ui.chart(page.timeline, data, view)
