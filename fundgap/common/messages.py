"""The gettext catalogue, kept with Babel: extract every message from the code and the page metadata
(babel.cfg) into a template, merge it into each language's .po, compile the .mo the app reads.

`python -m fundgap messages` (or `make messages`) runs all three; tests/unit/test_i18n.py runs the first and
the last to check that the .po is up to date with the code and the .mo with the .po. Babel's %-format checker
is not run on compile: fundgap's messages use {name} placeholders, and English prose such as "80% interval"
reads to that checker as a "% i" conversion that no translation can match; the tests check the {name}
placeholders instead."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from fundgap.common.i18n import DOMAIN, LANGS, LOCALE_DIR

# tr(lang, "…"): the message is the second argument; N_("…") marks words kept in tables; ui.t("…") on pages.
KEYWORDS: dict[str, tuple[int, ...] | None] = {"tr": (2,), "N_": None, "t": None}
PROJECT_ROOT = LOCALE_DIR.parent.parent
MAPPING = PROJECT_ROOT / "babel.cfg"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(root: Path = PROJECT_ROOT) -> Catalog:
    """Every message of the code and the page metadata, as babel.cfg maps them: the template."""
    with MAPPING.open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    template = Catalog(project="fundgap", charset="utf-8")
    for _file, _line, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        template.add(message, None, [], auto_comments=comments, context=context)
    return template


def read(lang: str) -> Catalog:
    with po_path(lang).open("rb") as po:
        return read_po(po, locale="zh_Hans_CN" if lang == "zh" else lang, domain=DOMAIN)


def compiled(catalog: Catalog) -> bytes:
    """The .mo for a catalogue (Babel's write_mo)."""
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def update_all(root: Path = PROJECT_ROOT) -> dict[str, int]:
    """Extract, merge into every language's .po (new messages arrive empty, gone ones are dropped), compile.
    Returns the number of untranslated messages per language."""
    template = extract(root)
    untranslated: dict[str, int] = {}
    for lang in LANGS[1:]:
        catalog = read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        out = io.BytesIO()
        write_po(out, catalog, width=110, no_location=True, sort_output=True, include_previous=False)
        po_path(lang).write_bytes(out.getvalue())
        po_path(lang).with_suffix(".mo").write_bytes(compiled(read(lang)))
        untranslated[lang] = sum(1 for m in catalog if m.id and not m.string)
    return untranslated
