"""Overview: the seed's Gulf comparison next to what the documented deals add up to, and the AI Index totals."""

from fundgap import aggregate, charts, fmt, ui
from fundgap.overview import gap_facts, gap_sensitivity, gap_summary

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
in_view = view.filters.apply(data.figures)

# 2/ the headline comparison, under the active counting rules
ui.title("The AI funding gap, figure by figure", gap_summary())
gap = aggregate.gulf_gap(in_view, data.claims, view.rules)
ui.facts(gap_facts(gap))
ui.caption(view.rules.describe())
gap_rows = in_view[in_view["figure_id"].isin(gap.china.documented.figure_ids + gap.us.documented.figure_ids)]
gap_sources = tuple(gap_rows["source_publisher"])
ui.chart(charts.gap_chart(gap, view.filters.describe(), view.rules.describe(), gap_sources), "gap", gap_rows, data, view)
ui.subheader("How the documented gap moves with the counting rules")
ui.small_table(gap_sensitivity(in_view, data.claims, view.rules), key="gap_sensitivity")

# 3/ national totals for scale
series = aggregate.ai_index_series(in_view)
ui.chart(charts.ai_index_chart(series, view.filters.describe()), "ai_index", series, data, view)
ui.caption(f"US vs China in the latest AI Index year shown: {fmt.ratio(aggregate.latest_us_china_ratio(series))}.")
