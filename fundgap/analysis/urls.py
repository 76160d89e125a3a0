"""Every address fundgap writes, built in one place (as Datasette's url_builder does): the site's origin, a
page with a view's filters and rules, and a figure's permalink in a dataset version.

URL parameter names are public API; the view's own parameters come from View.to_query."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from fundgap.analysis.view import View
from fundgap.common import i18n

DEFAULT_ORIGIN = "http://localhost:8501/"
FIGURE_PARAM = "figure"
VERSION_PARAM = "version"


def origin(url: str | None) -> str:
    """ "http://host:8501/flows?x=1" -> "http://host:8501/"; the default address outside a browser."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else DEFAULT_ORIGIN


def page_address(url: str | None) -> str:
    """ "http://host:8501/flows?x=1" -> "http://host:8501/flows": the page itself, without its query."""
    parts = urlsplit(url or "")
    if not (parts.scheme and parts.netloc):
        return DEFAULT_ORIGIN
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"


def query_string(params: Mapping[str, list[str]]) -> str:
    """ "?a=1&a=2&b=x", or "" for no parameters."""
    query = urlencode([(key, value) for key, values in params.items() for value in values])
    return f"?{query}" if query else ""


def with_view(address: str, view: View) -> str:
    """A page address with the view's filters and rules in its query: the link that reproduces the view."""
    return address + query_string(view.to_query())


def page(base: str, slug: str, view: View | None = None) -> str:
    """The page `slug` ("" for the default page) on `base`'s site, with the view when one is given."""
    address = origin(base) + slug
    return with_view(address, view) if view is not None else address


def relative(slug: str, view: View) -> str:
    """A link to the page `slug` on this site with the view in its query: "/investors?investor=qia"."""
    return with_view(f"/{slug}", view)


def figure(figure_id: str, version: str, base: str = DEFAULT_ORIGIN, lang: str = i18n.DEFAULT) -> str:
    """The figure's card on the dashboard at `base`'s site, in this dataset version: its permalink (in the
    reader's language when it is not English)."""
    language = {i18n.LANG_PARAM: [lang]} if lang != i18n.DEFAULT else {}
    return origin(base) + query_string({FIGURE_PARAM: [figure_id], VERSION_PARAM: [version], **language})


def with_figure(query: Mapping[str, list[str]], figure_id: str) -> str:
    """A relative link to a figure's card over the page's own query (filters, rules, version): the card
    opens over the same view, not the default one."""
    kept = {key: values for key, values in query.items() if key != FIGURE_PARAM}
    return query_string({**kept, FIGURE_PARAM: [figure_id]}) or "?"
