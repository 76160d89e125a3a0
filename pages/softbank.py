"""SoftBank: $20M into Alibaba in 2000 against the OpenAI deals of 2024–2026."""

from fundgap import aggregate, charts, ui
from fundgap.softbank import softbank_facts, softbank_lead, SOFTBANK_ALIBABA, SOFTBANK_EXPECTED, SEED_CLAIM

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
in_view = view.filters.apply(data.figures)

ui.title("SoftBank: Alibaba then, OpenAI now", softbank_lead())

# 2/ headline numbers and the timeline
tranches = aggregate.softbank_openai(in_view, view.rules)
alibaba = aggregate.first_figure(in_view, SOFTBANK_ALIBABA)
expected = aggregate.first_figure(in_view, SOFTBANK_EXPECTED)
claim = aggregate.first_figure(data.claims.rename(columns={"claim_id": "figure_id"}), SEED_CLAIM)
ui.facts(softbank_facts(tranches, alibaba, expected, claim), per_row=4)
ui.caption(view.rules.describe())
rows = in_view[in_view["figure_id"].isin([*tranches["figure_id"], SOFTBANK_ALIBABA, SOFTBANK_EXPECTED])]
ui.chart(charts.softbank_chart(tranches, alibaba, expected, claim, view.filters.describe()), "softbank", rows, data, view)
