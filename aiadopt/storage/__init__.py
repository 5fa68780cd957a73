"""Storage: the only package that touches SQLite (through sqlite-utils).

Queries grouped by aggregate, one module each; the schema and its migrations in `schema`;
connections and transactions in `connection`. No permission rules and no wording live here:
those are the services' and the domain's.
"""

from sqlite_utils import Database

from aiadopt.storage import (
    accounts,
    candidates,
    change_log,
    charters,
    copies,
    departments,
    guide,
    imports,
    interviews,
    pain_points,
    participants,
    pilots,
    privacy,
    settings,
    vectors,
    votes,
    weight_sets,
    workshops,
)
from aiadopt.storage.connection import (
    StorageUnavailable,
    WriteFailed,
    connect,
    connect_memory,
    database_file,
    forget_migrated,
    migrate,
    now,
    probe_write,
    schema_version,
    table_counts,
    table_names,
    writing,
)

__all__ = [
    "Database",
    "accounts",
    "candidates",
    "change_log",
    "charters",
    "copies",
    "departments",
    "guide",
    "imports",
    "interviews",
    "participants",
    "pilots",
    "privacy",
    "pain_points",
    "settings",
    "vectors",
    "votes",
    "weight_sets",
    "workshops",
    "connect",
    "connect_memory",
    "database_file",
    "forget_migrated",
    "migrate",
    "StorageUnavailable",
    "WriteFailed",
    "now",
    "probe_write",
    "table_counts",
    "writing",
    "schema_version",
    "table_names",
]
