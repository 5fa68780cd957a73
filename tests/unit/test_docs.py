"""The docs describe the app as it is: settings, pages, the two commands."""

from __future__ import annotations

import re
from pathlib import Path

from aiadopt import config, storage

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text()


def test_every_setting_is_documented_in_the_readme():
    for name in config.SETTINGS:
        assert f"`{name}`" in README, name


def test_every_setting_the_code_reads_is_declared():
    source = "\n".join(p.read_text() for p in (ROOT / "aiadopt").rglob("*.py"))
    read = set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    assert read <= set(config.SETTINGS)


def test_every_page_is_documented():
    for page in sorted((ROOT / "app_pages").glob("*.py")):
        assert f"app_pages/{page.name}" in ARCHITECTURE, page.name


def test_readme_gives_the_two_commands_and_ci_runs_the_same_test_command():
    assert "make run" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_there_is_no_legacy_pages_folder():
    assert not (ROOT / "pages").exists()


def test_readme_images_exist():
    for image in re.findall(r"\]\((docs/images/[^)]+)\)", README):
        assert (ROOT / image).is_file(), image


def test_the_documented_tables_are_the_tables_the_migrations_make():
    section = ARCHITECTURE.split("### Tables", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE))
    db = storage.connect_memory()
    try:
        assert documented == set(storage.table_names(db))
    finally:
        db.close()


def test_every_module_is_under_500_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in (ROOT / "aiadopt").rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 500
    }
    assert long == {}


def test_the_changelog_names_the_version_in_pyproject():
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE).group(1)
    assert f"## {version}" in (ROOT / "CHANGELOG.md").read_text()


DOCUMENTS = {
    "README.md": README,
    "docs/architecture.md": ARCHITECTURE,
    "docs/scoring.md": (ROOT / "docs" / "scoring.md").read_text(),
}
# A path in backticks: a file with one of these extensions, or a folder (ends with "/").
NAMED_PATH = re.compile(r"`([\w./-]+\.(?:py|md|toml|json|jsonl|txt|template|cfg|sh)|[\w-]+(?:/[\w-]+)*/)`")
SEARCHED = ("aiadopt", "app_pages", "scripts", "bench", "tests", "docs", "data", ".streamlit", ".ci")


def _exists(name: str) -> bool:
    """A named path exists: from the project root, aiadopt/ or aiadopt/domain/, or (a bare name) in the project."""
    if any((base / name).exists() for base in (ROOT, ROOT / "aiadopt", ROOT / "aiadopt" / "domain")):
        return True
    if "/" not in name.rstrip("/"):
        return any(next((ROOT / top).rglob(name), None) for top in SEARCHED)
    return False


def test_every_module_and_folder_the_docs_name_exists():
    missing = {
        (document, name)
        for document, text in DOCUMENTS.items()
        for name in NAMED_PATH.findall(text)
        if not name.startswith(("http", "/")) and not _exists(name)
    }
    assert missing == set()


def test_the_docs_path_check_catches_a_module_that_does_not_exist():
    assert not _exists("aiadopt/fields.py") and not _exists("domain/consolidation.py")
    assert _exists("domain/fields.py") and _exists("fields.py") and _exists("app_pages/")


def test_the_readmes_list_of_pages_is_the_list_app_py_registers():
    from tests.apptest_helpers import registered_pages

    section = README.split("<!-- pages:start -->", 1)[1].split("<!-- pages:end -->", 1)[0]
    entries = [" ".join(entry.split()) for entry in section.split("\n- ")]
    for role, pages in registered_pages().items():
        entry = next(e for e in entries if e.lstrip("- ").startswith(f"**{role.capitalize()}**"))
        listed = re.findall(r"\*([^*]+)\*", entry.split(":", 1)[1])
        assert listed == [title for _, title in pages], role
