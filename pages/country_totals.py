"""Country totals: the AI Index series, and every other provider in its own panel."""

from fundgap import aggregate, charts, ui
from fundgap.story import COUNTRY_TOTALS_LEAD, PROVIDERS_DIFFER

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
in_view = view.filters.apply(data.figures)

ui.title("Country totals", COUNTRY_TOTALS_LEAD)

# 2/ the headline series: one provider, one definition
series = aggregate.ai_index_series(in_view)
ui.chart(charts.ai_index_chart(series, view.filters.describe()), "ai_index_totals", series, data, view)

# 3/ the other providers, never mixed into that series
ui.subheader("Other providers")
ui.text(PROVIDERS_DIFFER)
panels = aggregate.other_provider_series(in_view)
panel_rows = aggregate.country_totals(in_view)
ui.chart(charts.provider_panels(panels, view.filters.describe()), "providers", panel_rows[~panel_rows["figure_id"].isin(series["figure_id"])], data, view)
