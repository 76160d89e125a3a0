"""Chart builders: data in, plotly Figure out, never Streamlit; one module per chart family, `base` for what they share."""

from fundgap.views.charts.base import ChartText, esc, hover_data, plotly_config, publishers, short, source_line
from fundgap.views.charts.overview import gap_chart
from fundgap.views.charts.totals import ai_index_chart, provider_panels
from fundgap.views.charts.flows import flow_sankey, ranked_bars, MAX_UNDISCLOSED_MARKERS
from fundgap.views.charts.softbank import softbank_chart
from fundgap.views.charts.claims import claim_chart
from fundgap.views.charts.ledger import investor_timeline, lab_rounds, lab_participants
from fundgap.views.charts.openness import openness_timeline
