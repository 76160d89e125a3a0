"""Country totals: the AI Index series, and every other provider in its own panel."""

from fundgap.app import ui
from fundgap.views.bundles import country_totals_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(country_totals_page, data, view)

words = ui.words("country_totals")
ui.title(words.title, words.intro)

# 2/ the headline series: one provider, one definition
ui.chart(page.ai_index, data, view)

# 3/ the other providers, never mixed into that series
ui.subheader(ui.t("Other providers"))
ui.text(words.text("providers_differ"))
ui.chart(page.providers, data, view)
