"""Flows: who paid whom, as a Sankey and as a ranked list with ranges and undisclosed deals."""

from fundgap import aggregate, charts, ui

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
in_view = view.filters.apply(data.figures)
counted = in_view[aggregate.counted_mask(in_view, view.rules)]

ui.title("Flows: who paid whom", "Deals counted under the active rules, from investor region to recipient region to lab. "
         "Participations inside a counted round are not added twice: the round counts once.")
ui.caption(view.rules.describe())

# 2/ the Sankey
links = aggregate.flow_links(in_view, view.rules)
ui.chart(charts.flow_sankey(links, view.filters.describe(), tuple(counted["source_publisher"])), "sankey", counted, data, view)

# 3/ ranked deals with their ranges; undisclosed tickets as markers
top, remainder = aggregate.ranked_flows(in_view, view.rules)
undisclosed = aggregate.undisclosed_flows(in_view, view.rules)
ui.chart(charts.ranked_bars(top, undisclosed, remainder, view.filters.describe()), "ranked", counted, data, view)
