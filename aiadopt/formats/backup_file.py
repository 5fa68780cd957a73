"""The workshop backup file: one JSON document with a format name, schema, checksum and rows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime

FORMAT = "aiadopt-workshop-backup"
FORMAT_VERSION = 1
MAX_BACKUP_BYTES = 200_000_000


class BackupProblem(ValueError):
    """A backup file that cannot be restored, with the reason in plain words."""


def _canonical(tables: dict) -> bytes:
    return json.dumps(tables, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def backup_bytes(tables: dict[str, list[dict]], schema: list[str]) -> bytes:
    """The backup file for a workshop's rows: format, schema, checksum and the rows themselves."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": schema,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "checksum": hashlib.sha256(_canonical(tables)).hexdigest(),
        "tables": tables,
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str).encode("utf-8")


def read_backup(data: bytes, known_schema: list[str], tables_known: Sequence[str]) -> dict[str, list[dict]]:
    """The rows of a backup file, after checking it whole; raises BackupProblem otherwise.

    `tables_known` are the workshop's tables, parents first, as storage keeps them.
    """
    if not data or not data.strip():
        raise BackupProblem("The file is empty: choose a workshop backup file.")
    if len(data) > MAX_BACKUP_BYTES:
        raise BackupProblem(f"The file is too large ({len(data) / 1e6:,.0f} MB) to be a workshop backup.")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise BackupProblem("This is not a workshop backup: it is not a text file.") from None
    except RecursionError:  # thousands of nested brackets: no backup looks like that
        raise BackupProblem("This is not a workshop backup file: it is nested too deeply to read.") from None
    except json.JSONDecodeError:
        head = data.lstrip()[:1]
        if head == b"{":
            raise BackupProblem(
                "The backup is incomplete or damaged: the file ends before the backup does. "
                "Copy it again from the original."
            ) from None
        raise BackupProblem("This is not a workshop backup file.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupProblem("This is not a workshop backup file.")
    schema = document.get("schema")
    if not isinstance(schema, list):
        raise BackupProblem("The backup is damaged: it does not say which version of the app made it.")
    unknown = [name for name in schema if name not in known_schema]
    if unknown or document.get("version", 0) > FORMAT_VERSION:
        raise BackupProblem("This backup was made by a newer version of the app. Update the app, then restore it.")
    tables = document.get("tables")
    try:
        digest = hashlib.sha256(_canonical(tables)).hexdigest() if isinstance(tables, dict) else ""
    except (UnicodeEncodeError, RecursionError, ValueError):  # e.g. a lone "\ud800", which no text holds
        raise BackupProblem(
            "The backup is damaged: it holds characters that are not text. Nothing was restored."
        ) from None
    if not isinstance(tables, dict) or digest != document.get("checksum"):
        raise BackupProblem(
            "The backup is damaged: its contents do not match its checksum. Copy it again from the original."
        )
    missing = [table for table in tables_known if table not in tables and table in ("workshops",)]
    if missing or not isinstance(tables.get("workshops"), list) or len(tables["workshops"]) != 1:
        raise BackupProblem("The backup is damaged: it does not hold exactly one workshop.")
    workshop = tables["workshops"][0]
    if not isinstance(workshop, dict) or not all(
        isinstance(workshop.get(k), str) and workshop.get(k) for k in ("name", "join_code")
    ):
        raise BackupProblem("The backup is damaged: its workshop has no name or code.")
    for table, rows in tables.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) and isinstance(r.get("id"), int) for r in rows):
            raise BackupProblem(f"The backup is damaged: the {table.replace('_', ' ')} are not readable.")
    strange = [table for table in tables if table not in tables_known]
    if strange:
        raise BackupProblem("This backup holds tables this app does not know: " + ", ".join(sorted(strange)) + ".")
    return {table: list(tables.get(table, [])) for table in tables_known}
