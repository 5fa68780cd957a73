"""The schema: every table, created and changed by named migrations applied at start-up.

Migrations are named `mNNN_verb_object` and never edited once shipped; a change is a new one.
"""

from __future__ import annotations

import json

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from aiadopt.domain.charter_edits import stage_field_names
from aiadopt.domain.room import phase_from_switches
from aiadopt.domain.workshops import new_token_key, token_digest

migrations = Migrations("aiadopt")

TOKEN_KEY_SETTING = "participant_token_key"


@migrations()
def m001_create_workshops(db: Database) -> None:
    db.table("workshops").create(
        {
            "id": int,
            "name": str,
            "organisation": str,
            "session_date": str,
            "facilitator": str,
            "join_code": str,
            "is_open": int,
            "dots_per_participant": int,
            "created_at": str,
            "updated_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"name", "join_code", "is_open", "dots_per_participant", "created_at"},
        defaults={"is_open": 1, "dots_per_participant": 5, "organisation": "", "facilitator": ""},
    )
    db.table("workshops").create_index(["join_code"], unique=True)


@migrations()
def m002_create_departments(db: Database) -> None:
    db.table("departments").create(
        {
            "id": int,
            "workshop_id": int,
            "name": str,
            "lead": str,
            "created_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"workshop_id", "name", "created_at"},
        defaults={"lead": ""},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("departments").create_index(["workshop_id"])


@migrations()
def m003_create_guide_questions(db: Database) -> None:
    db.table("guide_questions").create(
        {
            "id": int,
            "workshop_id": int,
            "position": int,
            "theme": str,
            "question": str,
            "follow_ups": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"workshop_id", "position", "theme", "question"},
        defaults={"follow_ups": ""},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("guide_questions").create_index(["workshop_id", "position"])


@migrations()
def m004_create_interviews(db: Database) -> None:
    db.table("interviews").create(
        {
            "id": int,
            "workshop_id": int,
            "department_id": int,
            "interviewer": str,
            "interviewees": str,
            "notes": str,
            "started_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"workshop_id", "department_id", "started_at"},
        defaults={"interviewer": "", "interviewees": "", "notes": ""},
        foreign_keys=[("workshop_id", "workshops", "id"), ("department_id", "departments", "id")],
    )


@migrations()
def m005_create_participants(db: Database) -> None:
    db.table("participants").create(
        {"id": int, "workshop_id": int, "token": str, "created_at": str, "last_seen_at": str},
        pk="id",
        not_null={"workshop_id", "token", "created_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("participants").create_index(["token"], unique=True)


@migrations()
def m006_create_pain_points(db: Database) -> None:
    db.table("pain_points").create(
        {
            "id": int,
            "workshop_id": int,
            "department_id": int,
            "interview_id": int,
            "participant_id": int,
            "source": str,
            "title": str,
            "description": str,
            "reporter": str,
            "trigger": str,
            "current_steps": str,
            "systems_used": str,
            "frequency_count": float,
            "frequency_period": str,
            "minutes_per_occurrence": float,
            "people_count": int,
            "error_rate_pct": float,
            "waits_on_other_teams": int,
            "waits_on_teams": str,
            "customer_impact": int,
            "io_clarity": int,
            "rule_based": int,
            "severity": int,
            "change_readiness": int,
            "data_location": str,
            "data_availability": int,
            "data_quality": int,
            "data_sensitivity": str,
            "desired_outcome": str,
            "kpi_metric": str,
            "kpi_unit": str,
            "kpi_baseline": float,
            "kpi_target": float,
            "owner_name": str,
            "proposes_solution": int,
            "solution_terms": str,
            "created_at": str,
            "updated_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={
            "workshop_id",
            "department_id",
            "source",
            "title",
            "frequency_count",
            "frequency_period",
            "minutes_per_occurrence",
            "people_count",
            "data_sensitivity",
            "created_at",
        },
        foreign_keys=[
            ("workshop_id", "workshops", "id"),
            ("department_id", "departments", "id"),
            ("interview_id", "interviews", "id"),
            ("participant_id", "participants", "id"),
        ],
    )
    db.table("pain_points").create_index(["workshop_id", "deleted_at"])
    db.table("pain_points").create_index(["participant_id"])
    # The last line of defence: the database itself refuses impossible values.
    db.execute(
        """
        CREATE TRIGGER pain_points_check_insert BEFORE INSERT ON pain_points
        WHEN NEW.minutes_per_occurrence <= 0 OR NEW.frequency_count <= 0 OR NEW.people_count < 1
          OR length(trim(NEW.title)) = 0 OR NEW.data_sensitivity NOT IN ('green', 'amber', 'red')
        BEGIN SELECT RAISE(ABORT, 'pain point out of range'); END
        """
    )
    db.execute(
        """
        CREATE TRIGGER pain_points_check_update BEFORE UPDATE ON pain_points
        WHEN NEW.minutes_per_occurrence <= 0 OR NEW.frequency_count <= 0 OR NEW.people_count < 1
          OR length(trim(NEW.title)) = 0 OR NEW.data_sensitivity NOT IN ('green', 'amber', 'red')
        BEGIN SELECT RAISE(ABORT, 'pain point out of range'); END
        """
    )


@migrations()
def m007_create_change_log(db: Database) -> None:
    db.table("change_log").create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "workshop_id": int,
            "action": str,
            "entity": str,
            "entity_id": int,
            "changes": str,
        },
        pk="id",
        not_null={"at", "actor", "action", "entity"},
    )
    db.table("change_log").create_index(["workshop_id", "at"])
    db.execute(
        "CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
    )


@migrations()
def m008_create_settings(db: Database) -> None:
    db.table("settings").create({"key": str, "value": str}, pk="key", not_null={"value"})
    db.table("passcode_attempts").create(
        {"id": int, "at": str, "succeeded": int}, pk="id", not_null={"at", "succeeded"}
    )


@migrations()
def m009_create_candidates(db: Database) -> None:
    db.table("candidates").create(
        {"id": int, "workshop_id": int, "title": str, "created_at": str, "updated_at": str, "deleted_at": str},
        pk="id",
        not_null={"workshop_id", "title", "created_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("candidate_members").create(
        {"id": int, "candidate_id": int, "pain_point_id": int, "added_at": str, "removed_at": str},
        pk="id",
        not_null={"candidate_id", "pain_point_id", "added_at"},
        foreign_keys=[("candidate_id", "candidates", "id"), ("pain_point_id", "pain_points", "id")],
    )
    db.table("candidate_members").create_index(["pain_point_id", "removed_at"])
    db.table("candidate_members").create_index(["candidate_id"])
    # A pain point belongs to at most one live candidate.
    db.execute(
        "CREATE UNIQUE INDEX candidate_members_one_live ON candidate_members (pain_point_id) WHERE removed_at IS NULL"
    )
    db.table("duplicate_rejections").create(
        {"id": int, "workshop_id": int, "first_id": int, "second_id": int, "at": str},
        pk="id",
        not_null={"workshop_id", "first_id", "second_id", "at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("duplicate_rejections").create_index(["workshop_id", "first_id", "second_id"], unique=True)


@migrations()
def m010_create_votes(db: Database) -> None:
    db.table("votes").create(
        {"id": int, "workshop_id": int, "participant_id": int, "pain_point_id": int, "at": str},
        pk="id",
        not_null={"workshop_id", "participant_id", "pain_point_id", "at"},
        foreign_keys=[
            ("workshop_id", "workshops", "id"),
            ("participant_id", "participants", "id"),
            ("pain_point_id", "pain_points", "id"),
        ],
    )
    db.table("votes").create_index(["workshop_id", "participant_id"])


@migrations()
def m011_create_weight_sets(db: Database) -> None:
    db.table("weight_sets").create(
        {
            "id": int,
            "workshop_id": int,
            "name": str,
            "weights": str,
            "gates": str,
            "created_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"workshop_id", "name", "weights", "gates", "created_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )


@migrations()
def m012_create_charters(db: Database) -> None:
    db.table("charters").create(
        {"id": int, "workshop_id": int, "candidate_key": str, "fields": str, "updated_at": str},
        pk="id",
        not_null={"workshop_id", "candidate_key", "fields", "updated_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("charters").create_index(["workshop_id", "candidate_key"], unique=True)


@migrations()
def m013_add_voting_open(db: Database) -> None:
    db.table("workshops").add_column("voting_open", int, not_null_default=0)


@migrations()
def m014_add_room_state(db: Database) -> None:
    workshops = db.table("workshops")
    workshops.add_column("phase", str, not_null_default="capture")
    workshops.add_column("room_version", int, not_null_default=0)
    workshops.add_column("timer_ends_at", str)
    workshops.add_column("timer_closes_phase", int, not_null_default=0)
    workshops.add_column("anonymous", int, not_null_default=0)
    workshops.add_column("results_revealed", int, not_null_default=0)
    participants = db.table("participants")
    participants.add_column("done_at", str)


@migrations()
def m015_hash_tokens_and_client_attempts(db: Database) -> None:
    # Participant tokens become keyed hashes (participants.token holds the digest from now on), and
    # sign-in and join-code attempts remember which client made them (hashed too), so guessing is
    # slowed per client instead of locking everyone out.
    key = new_token_key()
    db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", [TOKEN_KEY_SETTING, key])
    key = db.execute("SELECT value FROM settings WHERE key = ?", [TOKEN_KEY_SETTING]).fetchone()[0]
    for participant_id, token in db.execute("SELECT id, token FROM participants").fetchall():
        db.execute("UPDATE participants SET token = ? WHERE id = ?", [token_digest(key, token), participant_id])
    attempts = db.table("passcode_attempts")
    attempts.add_column("kind", str, not_null_default="passcode")
    attempts.add_column("client", str, not_null_default="")
    attempts.add_column("session", str, not_null_default="")
    attempts.create_index(["kind", "at"])
    attempts.create_index(["kind", "client", "at"])
    attempts.create_index(["kind", "session", "at"])


@migrations()
def m016_create_screens(db: Database) -> None:
    # Presence of the screens in the room, by the hash of their link's token: a visit leaves no
    # participant row (one is made at a participant's first save), only a line here.
    db.table("screens").create(
        {"token": str, "workshop_id": int, "first_seen_at": str, "seen_at": str},
        pk="token",
        not_null={"workshop_id", "first_seen_at", "seen_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("screens").create_index(["workshop_id", "seen_at"])


@migrations()
def m017_add_themes(db: Database) -> None:
    # The guide theme a pain point answers ("" for none, as every earlier one), and the themes an
    # interview asked with nothing found or skipped on purpose, so silence is an answer, not a gap.
    db.table("pain_points").add_column("theme", str, not_null_default="")
    db.table("interview_themes").create(
        {"id": int, "interview_id": int, "theme": str, "status": str, "noted_at": str},
        pk="id",
        not_null={"interview_id", "theme", "status", "noted_at"},
        foreign_keys=[("interview_id", "interviews", "id")],
    )
    db.table("interview_themes").create_index(["interview_id", "theme"], unique=True)


@migrations()
def m018_create_pilots(db: Database) -> None:
    # A pilot keeps what it started from (title, owner, KPI, hours a year, gates) as it was, so a
    # candidate merged or split later does not rewrite its history.
    db.table("pilots").create(
        {
            "id": int,
            "workshop_id": int,
            "candidate_key": str,
            "title": str,
            "owner": str,
            "kpi_metric": str,
            "kpi_unit": str,
            "kpi_baseline": float,
            "kpi_target": float,
            "hours_at_start": float,
            "started_on": str,
            "phases": str,
            "created_at": str,
        },
        pk="id",
        not_null={"workshop_id", "candidate_key", "title", "started_on", "phases", "created_at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("pilot_measurements").create(
        {
            "id": int,
            "pilot_id": int,
            "measured_on": str,
            "value": float,
            "hours_per_year": float,
            "note": str,
            "recorded_by": str,
            "created_at": str,
        },
        pk="id",
        not_null={"pilot_id", "measured_on", "value", "created_at"},
        foreign_keys=[("pilot_id", "pilots", "id")],
    )
    db.table("pilot_gates").create(
        {"id": int, "pilot_id": int, "phase": int, "status": str, "decided_on": str, "evidence": str, "decider": str},
        pk="id",
        not_null={"pilot_id", "phase", "status"},
        foreign_keys=[("pilot_id", "pilots", "id")],
    )
    db.table("pilot_gates").create_index(["pilot_id", "phase"], unique=True)


@migrations()
def m019_phase_decides_what_is_open(db: Database) -> None:
    rows = db.execute("SELECT id, phase, is_open, voting_open FROM workshops").fetchall()
    for workshop_id, phase, is_open, voting_open in rows:
        moved = phase_from_switches(phase, is_open, voting_open)
        if moved != phase:
            db.execute("UPDATE workshops SET phase = ? WHERE id = ?", [moved, workshop_id])
    db.execute("ALTER TABLE workshops DROP COLUMN is_open")
    db.execute("ALTER TABLE workshops DROP COLUMN voting_open")


@migrations()
def m020_name_pilot_stages(db: Database) -> None:
    # "Phase" is the live room's word; a pilot's plan has stages, each with its gate.
    db.execute("ALTER TABLE pilots RENAME COLUMN phases TO stages")
    db.execute("ALTER TABLE pilot_gates RENAME COLUMN phase TO stage")
    for charter_id, fields in db.execute("SELECT id, fields FROM charters").fetchall():
        renamed = stage_field_names(json.loads(fields or "{}"))
        db.execute("UPDATE charters SET fields = ? WHERE id = ?", [json.dumps(renamed, ensure_ascii=False), charter_id])


@migrations()
def m021_create_erasures(db: Database) -> None:
    # Erasing a person is the one deliberate exception to an append-only change log: while an erasure
    # recorded here is active (inside its own transaction), the log's rows may be rewritten.
    db.table("erasures").create(
        {"id": int, "at": str, "workshop_id": int, "actor": str, "kind": str, "changed": int, "active": int},
        pk="id",
        not_null={"at", "actor", "kind", "changed", "active"},
        defaults={"changed": 0, "active": 0},
    )
    db.execute("DROP TRIGGER change_log_no_update")
    db.execute("DROP TRIGGER change_log_no_delete")
    for verb in ("update", "delete"):
        db.execute(
            f"CREATE TRIGGER change_log_no_{verb} BEFORE {verb.upper()} ON change_log "
            "WHEN NOT EXISTS (SELECT 1 FROM erasures WHERE active = 1) "
            "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END"
        )


@migrations()
def m022_create_pain_point_vectors(db: Database) -> None:
    # What a pain point's words mean, as the sentence encoder computed it when it was saved: kept so a
    # suggestion run needs no model call; recomputed when the title or description changes (the
    # hash of the text they were made from no longer matches). Derived data: not in backups.
    db.table("pain_point_vectors").create(
        {"pain_point_id": int, "model": str, "text_hash": str, "vector": bytes, "made_at": str},
        pk="pain_point_id",
        not_null={"model", "text_hash", "vector", "made_at"},
        foreign_keys=[("pain_point_id", "pain_points", "id")],
    )


@migrations()
def m023_create_review_decisions(db: Database) -> None:
    # The facilitator's decisions on duplicate suggestions (accept a group, take one out, not the
    # same, accept every near-copy), each as the ids it changed, so the latest can be undone as one
    # step. Ids only: no titles, no names.
    db.table("review_decisions").create(
        {"id": int, "workshop_id": int, "kind": str, "detail": str, "actor": str, "at": str, "undone_at": str},
        pk="id",
        not_null={"workshop_id", "kind", "detail", "at"},
        foreign_keys=[("workshop_id", "workshops", "id")],
    )
    db.table("review_decisions").create_index(["workshop_id", "undone_at"])


@migrations()
def m024_create_imported_files(db: Database) -> None:
    # Each import of a file into a workshop: a hash of its bytes and counts only (see storage/imports.py).
    columns = {"id": int, "workshop_id": int, "file_hash": str, "rows": int, "added": int, "updated": int, "at": str}
    foreign_keys = [("workshop_id", "workshops", "id")]
    db.table("imported_files").create(columns, pk="id", not_null=set(columns) - {"id"}, foreign_keys=foreign_keys)
    db.table("imported_files").create_index(["workshop_id", "file_hash"])


@migrations()
def m025_add_facilitators_vote(db: Database) -> None:
    # May a browser signed in as a facilitator vote through the join link? 1 (as before) or 0 (Set up page).
    db.table("workshops").add_column("facilitators_vote", int, not_null_default=1)
