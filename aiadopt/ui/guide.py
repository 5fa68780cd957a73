"""The interview guide as the facilitator edits it: stored in English, shown in the session's language.

Each workshop stores its guide with the default's English texts as written (docs/architecture.md,
"Languages"), so a theme stays one key in every language. The editor shows each text through `t`
(an unchanged default reads in the facilitator's language, their own edits as typed), and a text
saved unchanged goes back to the English it was shown from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aiadopt.i18n import t

GUIDE_COLUMNS = ("theme", "question", "follow_ups")


def _lines_shown(text: str) -> str:
    return "\n".join(t(line.strip()) if line.strip() else line for line in str(text or "").splitlines())


def guide_as_shown(guide: Iterable[Mapping]) -> tuple[list[dict], dict[str, str]]:
    """(rows to edit, in this language; the English each shown text came from)."""
    rows: list[dict] = []
    english: dict[str, str] = {}
    for question in guide:
        row = {}
        for column in GUIDE_COLUMNS:
            stored = str(question.get(column) or "")
            lines = stored.splitlines() if column == "follow_ups" else [stored]
            for line in lines:
                if line.strip():
                    english.setdefault(t(line.strip()), line.strip())
            row[column] = _lines_shown(stored) if column == "follow_ups" else t(stored)
        rows.append(row)
    return rows, english


def guide_as_stored(records: Iterable[Mapping], english: Mapping[str, str]) -> list[dict]:
    """The edited rows with each text left as it was shown back in the English it came from."""

    def back(text: object) -> str:
        words = str(text or "")
        return english.get(words.strip(), words)

    stored = []
    for record in records:
        row = dict(record)
        for column in ("theme", "question"):
            row[column] = back(row.get(column))
        follow_ups = str(row.get("follow_ups") or "")
        row["follow_ups"] = "\n".join(back(line) if line.strip() else line for line in follow_ups.splitlines())
        stored.append(row)
    return stored
