"""Data: the filtered figures as a table, one row's full detail, and the downloads."""

from fundgap import ui
from fundgap.story import DATA_LEAD

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
rows = view.filters.apply(data.figures)  # already in figure_id order from the build

ui.title("Data", DATA_LEAD)
ui.caption(f"{len(rows):,} figures · {view.filters.describe()} · {view.rules.describe()}")

# 2/ downloads of exactly these rows
ui.download_buttons(rows, view, data, key="data")

# 3/ the table, and the selected row in full
event = ui.figures_table(rows, key="data_table", selectable=True, height=640)
selected = ui.selected_row(event)
if selected is not None:
    ui.figure_detail(rows.iloc[selected])
