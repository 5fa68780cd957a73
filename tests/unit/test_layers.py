"""The import contract: each layer imports only what it may (docs/architecture.md, "Layers").

Read from the source with `ast`, so a forbidden import fails here even if nothing runs it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

DATABASE_LIBRARIES = {"sqlite_utils", "sqlite3"}
UI_LIBRARIES = {"streamlit", "plotly"}
SHARED_LIBRARIES = {"numpy", "pandas"}  # plain data: every layer may use them


def files_of(layer: str) -> list[Path]:
    target = ROOT / layer
    return [target] if target.is_file() else sorted(target.rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as dotted names ('from a import b' gives 'a' and 'a.b')."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def third_party_imports(layer: str) -> set[str]:
    """The top-level third-party libraries a layer's files import."""
    tops = {name.split(".")[0] for path in files_of(layer) for name in imported_modules(path)}
    return {name for name in tops if name not in sys.stdlib_module_names and name != "aiadopt"}


# The libraries that read and write files are those the file formats use (a new format's library
# joins the list by itself), except the plain-data ones every layer shares.
FILE_FORMAT_LIBRARIES = third_party_imports("aiadopt/formats") - SHARED_LIBRARIES - DATABASE_LIBRARIES - UI_LIBRARIES

# Layer -> what it must never import (first-party packages and third-party libraries).
FORBIDDEN: dict[str, set[str]] = {
    "app_pages": {"aiadopt.storage", "aiadopt.formats"} | DATABASE_LIBRARIES | FILE_FORMAT_LIBRARIES,
    "app.py": {"aiadopt.storage", "aiadopt.formats"} | DATABASE_LIBRARIES | FILE_FORMAT_LIBRARIES,
    "aiadopt/domain": {"aiadopt.storage", "aiadopt.services", "aiadopt.formats", "aiadopt.ui"}
    | DATABASE_LIBRARIES
    | FILE_FORMAT_LIBRARIES
    | UI_LIBRARIES,
    "aiadopt/storage": {"aiadopt.services", "aiadopt.formats", "aiadopt.ui"} | FILE_FORMAT_LIBRARIES | UI_LIBRARIES,
    "aiadopt/formats": {"aiadopt.storage", "aiadopt.services", "aiadopt.ui"} | DATABASE_LIBRARIES | UI_LIBRARIES,
    "aiadopt/services": {"aiadopt.ui"} | {"sqlite3"} | UI_LIBRARIES,
    "aiadopt/ui": {"aiadopt.storage"} | DATABASE_LIBRARIES,
}


def breaks(module: str, forbidden: set[str]) -> bool:
    """Whether importing `module` crosses into a forbidden package or library."""
    return any(module == name or module.startswith(name + ".") for name in forbidden)


def violations(layer: str) -> list[str]:
    """'file imports module' for each forbidden import in a layer."""
    return [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in files_of(layer)
        for module in sorted(imported_modules(path))
        if breaks(module, FORBIDDEN[layer])
    ]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_what_it_may(layer):
    assert files_of(layer), f"{layer} has no Python files: the contract would check nothing"
    assert violations(layer) == []


def test_the_contract_catches_a_page_that_imports_storage(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("from aiadopt import storage\nfrom aiadopt.storage import votes\nimport aiadopt.ui\n")
    modules = imported_modules(page)
    assert [m for m in sorted(modules) if breaks(m, FORBIDDEN["app_pages"])] == [
        "aiadopt.storage",
        "aiadopt.storage.votes",
    ]


def test_only_the_storage_package_opens_sqlite():
    users = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "aiadopt").rglob("*.py")
        if any(breaks(m, {"sqlite3"}) for m in imported_modules(path))
    }
    assert users == {"aiadopt/storage/connection.py"}


PAGE_STATEMENT_LINES = 125  # "about 120": a page reads widgets, calls services and draws; helpers do the rest


def statement_lines(path: Path) -> int:
    """Lines of a page's statements outside functions, imports and its docstring."""
    lines: set[int] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        lines.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return len(lines)


def test_pages_stay_thin():
    thick = {
        str(path.relative_to(ROOT)): n
        for path in files_of("app_pages")
        if (n := statement_lines(path)) > PAGE_STATEMENT_LINES
    }
    assert thick == {}
