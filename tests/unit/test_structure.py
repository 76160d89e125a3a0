"""Project structure rules: the package's folders are the pipeline's stages and imports run one way (app →
views → analysis → data → common, export beside the views); only the app package talks to Streamlit and never
to its internals; page files are tables of contents, registered once with their stem as slug."""

import ast
from pathlib import Path

import pytest

from fundgap.app.nav import PAGES
from fundgap.data import paths

PACKAGE = paths.PROJECT_ROOT / "fundgap"
PAGE_DIR = paths.PROJECT_ROOT / "app_pages"
# A stage may import its own stage and the stages below it, never one above.
STAGES = {"common": 0, "data": 1, "analysis": 2, "views": 3, "export": 3, "app": 4}
DATA_FOLDERS = {"locale"}  # fundgap/locale/<lang>/LC_MESSAGES/fundgap.po and .mo (package data, no code)
TOP_LEVEL = {"cli.py": 5, "__main__.py": 5, "__init__.py": 0}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def roots(path: Path) -> set[str]:
    return {name.split(".")[0] for name in imported_modules(path)}


def stage_of(path: Path) -> int:
    relative = path.relative_to(PACKAGE)
    return STAGES[relative.parts[0]] if len(relative.parts) > 1 else TOP_LEVEL[relative.name]


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_stage_package():
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name not in TOP_LEVEL]
    assert loose == []
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert sorted(folders - DATA_FOLDERS) == sorted(STAGES)
    # A data folder holds no code: the gettext catalogues only.
    assert all(not list((PACKAGE / name).rglob("*.py")) for name in folders & DATA_FOLDERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_from_the_app_down_to_the_data(path):
    mine = stage_of(path)
    upward = []
    for name in imported_modules(path):
        parts = name.split(".")
        if parts[0] == "fundgap" and len(parts) > 1 and parts[1] in STAGES and STAGES[parts[1]] > mine:
            upward.append(name)
    assert upward == [], f"{path.relative_to(PACKAGE)} imports a later stage"


def test_only_the_app_package_imports_streamlit_and_none_of_its_internals():
    talking = sorted(str(p.relative_to(PACKAGE)) for p in modules() if "streamlit" in roots(p))
    assert talking and all(name.startswith("app/") for name in talking), talking
    internals = sorted(
        str(p.relative_to(PACKAGE))
        for p in modules()
        if any(n.startswith("streamlit.runtime") for n in imported_modules(p))
    )
    assert internals == []


def test_pages_do_not_import_streamlit_or_pandas_and_read_like_a_table_of_contents():
    for page in PAGE_DIR.glob("*.py"):
        assert not {"streamlit", "pandas"} & roots(page), page.name
        assert len(page.read_text(encoding="utf-8").splitlines()) <= 30, page.name


def test_every_page_file_is_registered_once_with_its_stem_as_slug():
    files = sorted(p.name for p in PAGE_DIR.glob("*.py"))
    assert sorted(Path(p.path).name for p in PAGES) == files
    assert all(p.slug == Path(p.path).stem and Path(p.path).parent.name == PAGE_DIR.name for p in PAGES)
    assert [p.default for p in PAGES].count(True) == 1


def test_no_legacy_pages_folder_beside_the_entry_point():
    # A pages/ folder beside dashboard.py would make Streamlit run a deep-linked page file alone, without the
    # frame.
    assert not (paths.PROJECT_ROOT / "pages").exists()


def module_name(path: Path) -> str:
    parts = path.relative_to(paths.PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_two_modules_import_each_other_even_inside_a_function():
    """A cycle hidden in a function (frame importing loading, which imports frame) still ties two modules
    together: neither can be read, tested or moved alone."""
    names = {module_name(p): p for p in modules()}
    graph = {
        name: {m for m in imported_modules(path) if m in names and m != name} for name, path in names.items()
    }
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        for nxt in sorted(graph[node]):
            if nxt in trail:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif len(trail) < 12:
                visit(nxt, [*trail, nxt])

    for start in sorted(graph):
        visit(start, [start])
    # A package's __init__ re-exports its members, which is no cycle of logic.
    packages = {name for name, path in names.items() if path.name == "__init__.py"}
    assert [c for c in cycles if not packages & set(c.split(" -> "))] == []
