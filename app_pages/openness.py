"""Open or closed: each lab's money set against what it releases, to test the seed articles' own thesis."""

from fundgap.app import ui
from fundgap.views.bundles import openness_page

# 1/ data and view
data = ui.dataset()
view = ui.view(data)
page = ui.memo(openness_page, data, view)

words = ui.words("openness")
ui.title(words.title, words.intro)

# 2/ the labs on one time axis: deals as bars, releases as markers
ui.caption(
    ui.t("{labs} labs · {releases} releases in view · ").format(labs=page.n_labs, releases=page.n_releases)
    + view.rules.describe(view.lang)
)
ui.chart(page.timeline, data, view)

# 3/ money against openness, year by year, and what it does not show
ui.subheader(ui.t("Money raised against the share of releases that were open"))
ui.text(words.text("caveat"))
ui.small_table(page.comparison, key="openness_comparison")

# 4/ every release with its source
ui.subheader(ui.t("Every release, with its source"))
ui.releases_table(page.releases, data, view)
