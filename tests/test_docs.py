"""The docs describe the app as it is: settings, pages, the two commands."""

from __future__ import annotations

import re
from pathlib import Path

from aiadopt import config

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text()


def test_every_setting_is_documented_in_the_readme():
    for name in config.SETTINGS:
        assert f"`{name}`" in README, name


def test_every_setting_the_code_reads_is_declared():
    source = "\n".join(p.read_text() for p in (ROOT / "aiadopt").glob("*.py"))
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
