"""Chart builders: data in, plotly Figure out, never Streamlit; one module per chart family, `base` for what
they share."""

from fundgap.views.charts.base import (
    UNGRADED,
    ChartText,
    Source,
    esc,
    hover_data,
    plotly_config,
    publishers,
    short,
    source_line,
)
from fundgap.views.charts.claims import claim_chart, seed_source
from fundgap.views.charts.flows import MAX_UNDISCLOSED_MARKERS, flow_sankey, flow_totals, ranked_bars
from fundgap.views.charts.ledger import investor_timeline, lab_participants, lab_rounds
from fundgap.views.charts.openness import openness_timeline
from fundgap.views.charts.overview import gap_chart
from fundgap.views.charts.softbank import softbank_chart
from fundgap.views.charts.totals import ai_index_chart, provider_panels

__all__ = [
    "MAX_UNDISCLOSED_MARKERS",
    "UNGRADED",
    "ChartText",
    "Source",
    "ai_index_chart",
    "claim_chart",
    "esc",
    "flow_sankey",
    "flow_totals",
    "gap_chart",
    "hover_data",
    "investor_timeline",
    "lab_participants",
    "lab_rounds",
    "openness_timeline",
    "plotly_config",
    "provider_panels",
    "publishers",
    "seed_source",
    "ranked_bars",
    "short",
    "softbank_chart",
    "source_line",
]
