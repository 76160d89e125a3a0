"""Data: the filtered figures as a table, each source and each row's card a link, and the downloads."""

from fundgap.app import ui
from fundgap.views.bundles import data_page
from fundgap.views.story import data_caption

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(data_page, data, view, ui.estimates(data))

words = ui.words("data")
ui.title(words.title, words.intro)
ui.caption(data_caption(page.table.n_rows, view))

# 2/ downloads of exactly these rows
ui.download_buttons(ui.rows_at(data, page.positions), view, data, key="data")

# 3/ every row with its source one click away, and its card (quote, citation, counting) one more
ui.figures_table(page.table, key="data_table", height=640)
