"""Labs: one lab's rounds, valuations where known, and who took part, coloured by investor region."""

from fundgap.app import ui
from fundgap.views.ledger_bundles import labs_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(labs_page, data, view)

words = ui.words("labs")
ui.title(words.title, words.intro)
ui.entity_picker("recipient", "Lab", data, view)

# 2/ no lab chosen: the list to choose from; chosen: its rounds, its participants and the table
if page.index is not None:
    ui.caption(
        ui.t("{n} recipients with a deal in view · {rules}").format(
            n=f"{page.index.n_rows:,}", rules=view.rules.describe(view.lang)
        )
    )
    ui.index_table(page.index.table, key="lab_index")
else:
    ui.facts(page.facts, per_row=2, current=view)
    ui.caption(view.rules.describe(view.lang))
    ui.chart(page.rounds, data, view)
    ui.chart(page.participants, data, view)
    ui.subheader(ui.t("Every participation, with its source"))
    ui.download_buttons(ui.rows_at(data, page.positions), view, data, key="lab")
    ui.figures_table(page.table, key="lab_table")
