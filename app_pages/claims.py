"""Claims: every statement of the seed articles, its verdict, and the evidence for it."""

from fundgap.analysis.claims import verdict_counts
from fundgap.app import ui
from fundgap.views.bundles import claims_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
entries = ui.memo(claims_page, data, view)

words = ui.words("claims")
ui.title(words.title, words.intro)
ui.facts(verdict_counts(data.claims, view.lang), per_row=4)
ui.caption(
    ui.t("Evidence tables show the figures in view: {filters}.").format(
        filters=view.filters.describe(view.lang)
    )
)

# 2/ one card per claim
for entry in entries:
    ui.claim_card(entry.card)
    if entry.chart is not None:
        ui.chart(entry.chart, data, view)
    else:
        ui.evidence_table(entry, data, view)
    if entry.releases is not None:
        ui.release_evidence(entry.releases, entry.card.claim["claim_id"])
