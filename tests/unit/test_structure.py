"""Project structure rules: one door to Streamlit, pages as listed, slugs equal to file names."""

import ast
from pathlib import Path

from fundgap import paths
from fundgap.nav import PAGES


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_only_ui_imports_streamlit():
    talking = sorted(p.name for p in (paths.PROJECT_ROOT / "fundgap").glob("*.py") if "streamlit" in imports(p))
    assert talking == ["ui.py"]


def test_pages_do_not_import_streamlit_or_pandas():
    for page in (paths.PROJECT_ROOT / "pages").glob("*.py"):
        assert not {"streamlit", "pandas"} & imports(page), page.name


def test_every_page_file_is_registered_once_with_its_stem_as_slug():
    files = sorted(p.name for p in (paths.PROJECT_ROOT / "pages").glob("*.py"))
    assert sorted(Path(p.path).name for p in PAGES) == files
    assert all(p.slug == Path(p.path).stem for p in PAGES)
    assert [p.default for p in PAGES].count(True) == 1
