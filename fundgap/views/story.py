"""Prose a page computes from the reader's view; the fixed words of each page are in views/meta/."""

from fundgap.analysis.view import View
from fundgap.common.fmt import count
from fundgap.common.i18n import EN, tr


def data_caption(n_rows: int, view: View) -> str:
    """The Data page's line under its title: the rows, the view, and how rejected reports are treated."""
    lang = view.lang
    rejected = (
        tr(lang, "Rejected reports are listed and marked; they are never counted.")
        if view.filters.shows_rejected
        else tr(lang, 'Rejected reports are hidden: switch on "Show rejected reports" to list them.')
    )
    if lang != EN:
        return tr(
            lang,
            "{n} rows · {filters} · {rules} The table lists every row the filters match; its Counted? column "
            "(and the CSV's not_counted_reason) says whether these rules add the row to the totals, and why "
            "not. {rejected}",
        ).format(
            n=f"{n_rows:,}",
            filters=view.filters.describe(lang),
            rules=view.rules.describe(lang),
            rejected=rejected,
        )
    return (
        f"{count(n_rows, 'row')} · {view.filters.describe()} · {view.rules.describe()} "
        "The table lists every row the filters match; its Counted? column (and the CSV's not_counted_reason) "
        "says whether these rules add the row to the totals, and why not. " + rejected
    )
