"""Sources & method: every source, how conflicts were resolved, the counting rules, the version, how to cite."""

from fundgap import ui
from fundgap.method import sources_with_counts
from fundgap.story import CITE, METHOD

# 1/ data and view
data = ui.dataset()
view = ui.view(data)

ui.title("Sources & method", f"Dataset version **{data.version}** · {len(data.figures)} figures from {len(data.sources)} sources · "
         f"{len(data.claims)} claims audited · {len(data.conflicts)} conflicts resolved.")

# 2/ sources, conflicts, method, citation
ui.subheader("Sources")
ui.sources_table(sources_with_counts(data.sources, data.figures))
ui.subheader("How conflicts between sources were resolved")
ui.conflicts_list(data.conflicts)
ui.subheader("Method and counting rules")
ui.text(METHOD)
ui.caption("Rules in use now: " + view.rules.describe())
ui.subheader("How to cite")
ui.text(CITE.format(version=data.version))
