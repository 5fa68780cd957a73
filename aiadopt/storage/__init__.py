"""Storage: the only package that touches SQLite (through sqlite-utils).

Queries grouped by aggregate, one module each; the schema and its migrations in `schema`;
connections and transactions in `connection`. No permission rules and no wording live here:
those are the services' and the domain's.
"""

from sqlite_utils import Database

from aiadopt.storage import (
    candidates,
    change_log,
    charters,
    copies,
    departments,
    guide,
    interviews,
    pain_points,
    participants,
    pilots,
    settings,
    votes,
    weight_sets,
    workshops,
)
from aiadopt.storage.connection import (
    StorageUnavailable,
    connect,
    connect_memory,
    database_file,
    forget_migrated,
    migrate,
    now,
    probe_write,
    table_counts,
    writing,
)
from aiadopt.storage.schema import schema_version, table_names

__all__ = [
    "Database",
    "candidates",
    "change_log",
    "charters",
    "copies",
    "departments",
    "guide",
    "interviews",
    "participants",
    "pilots",
    "pain_points",
    "settings",
    "votes",
    "weight_sets",
    "workshops",
    "connect",
    "connect_memory",
    "database_file",
    "forget_migrated",
    "migrate",
    "StorageUnavailable",
    "now",
    "probe_write",
    "table_counts",
    "writing",
    "schema_version",
    "table_names",
]
