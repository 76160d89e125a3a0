"""Data: the filtered figures as a table, one row's full detail, and the downloads."""

from fundgap.app import ui
from fundgap.common.fmt import count
from fundgap.views.story import DATA_LEAD
from fundgap.views.bundles import data_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(data_page, data, view)

ui.title("Data", DATA_LEAD)
ui.caption(f"{count(page.table.n_rows, 'row')} · {view.filters.describe()} · {view.rules.describe()} "
           "The table lists every row the filters match; its Counted? column (and the CSV's not_counted_reason) says "
           "whether these rules add the row to the totals, and why not. "
           + ("Rejected reports are listed and marked; they are never counted." if view.filters.shows_rejected
              else "Rejected reports are hidden: switch on \"Show rejected reports\" to list them."))

# 2/ downloads of exactly these rows
ui.download_buttons(ui.rows_at(data, page.positions), view, data, key="data")

# 3/ the selected row in full, above the table it is picked from
detail = ui.slot()
event = ui.figures_table(page.table, key="data_table", selectable=True, height=640)
selected = ui.selected_row(event)
if selected is not None:
    ui.figure_detail(data.figures.iloc[page.positions[selected]], into=detail)
