"""Claims: every statement of the seed articles, its verdict, and the evidence for it."""

from fundgap import charts, ui
from fundgap.claims import claim_cards, verdict_counts
from fundgap.story import CLAIMS_LEAD

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
in_view = view.filters.apply(data.figures)

ui.title("Claims audit", CLAIMS_LEAD)
ui.facts(verdict_counts(data.claims), per_row=4)
ui.caption(f"Evidence tables show the figures in view: {view.filters.describe()}.")

# 2/ one card per claim
for card in claim_cards(data.claims, data.figures, in_view, data.conflicts):
    ui.claim_card(card)
    if card.has_amount:
        ui.chart(charts.claim_chart(card.claim, card.evidence, view.filters.describe()), f"claim_{card.claim['claim_id']}", card.evidence, data, view)
    else:
        ui.evidence_table(card, data, view)
