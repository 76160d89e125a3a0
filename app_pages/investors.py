"""Investors: one investor (or an owner with its vehicles), every deal it joined, its tickets against the
rounds."""

from fundgap.app import ui
from fundgap.views.ledger_bundles import investors_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(investors_page, data, view, ui.estimates(data))
words = ui.words("investors")
ui.title(words.title, words.intro)
ui.entity_picker("investor", "Investor", data, view)

# 2/ no investor chosen: the list to choose from; chosen: its deals on a timeline and in a table
if page.index is not None:
    in_view = ui.t("{n} investors in view · {filters} · {rules}")
    filters, rules = view.filters.describe(view.lang), view.rules.describe(view.lang)
    ui.caption(in_view.format(n=f"{page.index.n_rows:,}", filters=filters, rules=rules))
    ui.index_table(page.index.table, key="investor_index")
else:
    ui.facts(page.facts, per_row=3, current=view)
    ui.caption(view.rules.describe(view.lang))
    ui.chart(page.timeline, data, view)
    ui.subheader(ui.t("Every participation, with its source"))
    ui.download_buttons(ui.rows_at(data, page.positions), view, data, key="investor")
    ui.figures_table(page.table, key="investor_table")
