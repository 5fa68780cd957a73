"""What an imported row means: which column holds which field, and which rows are pain points.

Pure rules over plain data (a pandas DataFrame of text and numbers, as `formats.table_reader`
reads it); nothing here parses files or writes anywhere. `suggest_mapping` proposes a column for
each field, and `check_rows` checks every row against the field rules and the workshop's
departments, reporting each problem by the row number a person sees in the spreadsheet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from aiadopt.domain import import_numbers
from aiadopt.domain.fields import FIELDS_BY_NAME, PAIN_POINT_FIELDS
from aiadopt.domain.import_matches import AlreadyThere, comparable, set_aside
from aiadopt.domain.language import N_, Message, listed
from aiadopt.domain.pain_points import clean_text, name_key, parse_number, validate_fields

DEPARTMENT_HEADER = N_("Department")
ROW_INDEX_NAME = "row"  # read_table's index: the row number a person sees in the spreadsheet

TEMPLATE_HEADERS: tuple[str, ...] = (DEPARTMENT_HEADER,) + tuple(s.label for s in PAIN_POINT_FIELDS)
MAPPING_KEYS: tuple[str, ...] = ("department",) + tuple(s.name for s in PAIN_POINT_FIELDS)
# The check's tables: English headings, marked (the screen shows them translated).
PROBLEM_COLUMNS: tuple[str, ...] = (N_("Row"), N_("Field"), N_("Problem"))
ALREADY_COLUMNS: tuple[str, ...] = (N_("Row"), DEPARTMENT_HEADER, FIELDS_BY_NAME["title"].label, N_("In this workshop"))


def missing_to_none(value: object) -> object:
    """A cell value with pandas' missing markers (NaN, NA, NaT) turned into None."""
    if value is None or isinstance(value, (str, bool, list, tuple, dict)):
        return value
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


# --- matching columns to fields -----------------------------------------------------------


def _normalise(text: object) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    return re.sub(r"[^0-9a-z]", "", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


SYNONYMS: dict[str, tuple[str, ...]] = {
    "department": (
        "department",
        "dept",
        "departement",
        "team",
        "businessunit",
        "division",
        "function",
        "departmentname",
    ),
    "title": ("title", "painpoint", "problem", "issue", "summary", "subject", "name of problem"),
    "description": ("description", "details", "detail", "problemdescription", "whathappens"),
    "reporter": ("reporter", "yourname", "name", "reportedby", "submittedby", "author", "who"),
    "trigger": ("trigger", "whatstartsit", "startevent", "starts"),
    "theme": ("theme", "guidetheme", "topic", "area", "category"),
    "current_steps": ("steps", "currentsteps", "process", "howitisdone", "howitisdonetoday"),
    "systems_used": ("systems", "systemsused", "tools", "toolsused", "software", "systemsandtools"),
    "frequency_count": (
        "frequency",
        "howoften",
        "howmanytimes",
        "count",
        "times",
        "occurrences",
        "volume",
        "frequencycount",
    ),
    "frequency_period": ("per", "period", "frequencyperiod", "perperiod", "timeframe", "every"),
    "minutes_per_occurrence": (
        "minutes",
        "mins",
        "min",
        "duration",
        "minutesperoccurrence",
        "timetaken",
        "minuteseach",
        "minuteseachtime",
        "timeperoccurrence",
    ),
    "people_count": ("people", "peoplecount", "headcount", "numberofpeople", "staff", "fte"),
    "error_rate_pct": (
        "errorrate",
        "errors",
        "error",
        "rework",
        "errorratepct",
        "errorpct",
        "errorshare",
        "shareoferrors",
        "reworkshare",
        "reworkrate",
        "errorfraction",
        "errorpercent",
        "errorpercentage",
    ),
    "waits_on_other_teams": ("waits", "waiting", "waitsonotherteams", "dependsonotherteams"),
    "waits_on_teams": ("whichteams", "teamswaitedon", "waitsonteams", "otherteams"),
    "customer_impact": ("customerimpact", "effectoncustomers", "customer", "customers"),
    "io_clarity": ("clarity", "ioclarity", "inputsandoutputs", "inputsoutputs"),
    "rule_based": ("rulebased", "rules", "rulesorjudgement", "judgement"),
    "severity": ("severity", "pain", "howmuchithurts"),
    "change_readiness": ("readiness", "changereadiness", "readinesstochange"),
    "data_location": ("datalocation", "datasource", "wheredatalives", "wheretheinformationlives"),
    "data_availability": ("dataavailability", "availability"),
    "data_quality": ("dataquality", "quality"),
    "data_sensitivity": ("datasensitivity", "sensitivity", "dataclass", "classification"),
    "desired_outcome": ("desiredoutcome", "outcome", "goal", "whatgoodwouldlooklike"),
    "kpi_metric": ("kpi", "kpimetric", "metric", "measure", "measureofsuccess", "kpimeasure"),
    "kpi_unit": ("kpiunit", "unit", "unitofthemeasure"),
    "kpi_baseline": ("baseline", "kpibaseline", "todaysvalue", "currentvalue"),
    "kpi_target": ("target", "kpitarget", "targetvalue"),
    "owner_name": ("owner", "ownername", "volunteer", "whowouldownit"),
}


def _names_for(key: str) -> tuple[set[str], set[str]]:
    """(exact names: the field name and its label; synonyms) for one mapping key."""
    label = DEPARTMENT_HEADER if key == "department" else FIELDS_BY_NAME[key].label
    exact = {_normalise(key), _normalise(label), _normalise(re.sub(r"\(.*?\)", "", label))}
    return exact, {_normalise(s) for s in SYNONYMS.get(key, ())}


def suggest_mapping(columns) -> dict[str, str | None]:
    """For each pain-point field (and "department"), the column that most likely holds it."""
    columns = [str(c) for c in columns]
    variants = {
        column: {_normalise(column), _normalise(re.sub(r"\(.*?\)|\[.*?\]", "", column))} - {""} for column in columns
    }
    mapping: dict[str, str | None] = {key: None for key in MAPPING_KEYS}
    used: set[str] = set()
    names = {key: _names_for(key) for key in MAPPING_KEYS}
    # Exact names first for every field, then synonyms, so "Minutes each time" is never
    # taken by a looser match before its own field looks for it.
    for pass_index in (0, 1):
        for key in MAPPING_KEYS:
            if mapping[key] is not None:
                continue
            wanted = names[key][pass_index]
            for column in columns:
                if column not in used and variants[column] & wanted:
                    mapping[key] = column
                    used.add(column)
                    break
    try:
        from rapidfuzz import fuzz, process
    except ImportError:  # pragma: no cover - rapidfuzz is a project dependency
        return mapping
    for key in MAPPING_KEYS:
        if mapping[key] is not None:
            continue
        free = [c for c in columns if c not in used]
        if not free:
            break
        choices = {c: _normalise(c) for c in free}
        targets = names[key][0] | names[key][1]
        best = None
        for target in targets:
            if len(target) < 5:
                continue
            found = process.extractOne(target, choices, scorer=fuzz.ratio, score_cutoff=90)
            if found and (best is None or found[1] > best[1]):
                best = found
        if best:
            mapping[key] = best[2]
            used.add(best[2])
    return mapping


# --- checking rows ------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import would add, and every problem found, by spreadsheet row."""

    rows: list[dict] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    total_rows: int = 0
    unused_columns: list[str] = field(default_factory=list)  # file columns no field is matched to
    unknown_departments: list[str] = field(default_factory=list)  # named in the file, not in the workshop
    notes: list[str] = field(default_factory=list)  # how values were read, in plain words
    fields: list[str] = field(default_factory=list)  # the pain-point fields the file has a column for
    checked: bool = False  # the rows were checked (a column for the title and a department were found)
    repeats: list[tuple[int, int]] = field(default_factory=list)  # (row, the earlier row it repeats): left out
    already: list[AlreadyThere] = field(default_factory=list)  # rows the workshop holds: not in `rows`
    fingerprint: str = ""  # the hash of the file's bytes ("" when the rows came from elsewhere)
    imported_before: list[str] = field(default_factory=list)  # when this file went into the workshop before

    @property
    def ok(self) -> bool:
        """True when every row can be imported."""
        return not self.problems

    @property
    def updatable(self) -> list[AlreadyThere]:
        """Rows already there, live, whose values in the file differ: candidates for an update."""
        return [a for a in self.already if a.differences and not a.deleted]

    def planned(self, again: bool = False, update: bool = False) -> tuple[list[dict], list[AlreadyThere]]:
        """(rows to add, stored pain points to update) for the facilitator's choice.

        `again`: the rows already in the workshop are added once more, as new pain points;
        `update`: otherwise, the stored pain points take the file's other values.
        """
        if again:
            return self.rows + [a.values for a in self.already], []
        return list(self.rows), self.updatable if update else []

    def problem_table(self) -> pd.DataFrame:
        """The problems as a table with the columns Row, Field, Problem (English, marked: the screen translates
        the headings, field labels and problems)."""
        return pd.DataFrame(self.problems, columns=list(PROBLEM_COLUMNS))

    def already_table(self) -> pd.DataFrame:
        """The rows already in the workshop: Row, Department, Short title, In this workshop."""
        return pd.DataFrame(
            [(a.row, a.values["department"], a.values["title"], a.description()) for a in self.already],
            columns=list(ALREADY_COLUMNS),
        )


def check_rows(
    df: pd.DataFrame,
    mapping: dict,
    department_names: list[str],
    default_department: str | None = None,
    stored: list[dict] | None = None,
) -> ImportReport:
    """Check every row against the field rules, the workshop's departments and, given, its stored pain points.

    `rows` holds the clean values of the new rows without problems (ready for build_pain_point,
    with the matched department name under "department"); a row repeating an earlier row of the
    file is left out (`repeats`), and a row the workshop already holds (`stored`: its pain points,
    live and deleted, each with its department's name) is set aside in `already`. Rows are numbered
    as in the spreadsheet: read_table's "row" index, or heading = row 1 for any other frame.
    """
    report = ImportReport(total_rows=len(df))
    mapped = {
        key: column
        for key, column in (mapping or {}).items()
        if key in MAPPING_KEYS and column is not None and column in df.columns
    }
    departments = {name_key(name): name for name in department_names}
    report.unused_columns = [str(c) for c in df.columns if c not in set(mapped.values())]
    report.fields = [key for key in mapped if key != "department"]
    if "title" not in mapped:
        report.problems.append(
            (
                1,
                FIELDS_BY_NAME["title"].label,
                N_("No column is matched to “Short title”. Choose the column that holds the titles."),
            )
        )
    if "department" not in mapped and default_department is None:
        report.problems.append(
            (
                1,
                DEPARTMENT_HEADER,
                N_("No column is matched to “Department”. Choose that column, or choose one department for every row."),
            )
        )
    if report.problems:
        return report
    report.checked = True
    if df.index.name == ROW_INDEX_NAME:
        numbers = [int(n) for n in df.index]
    else:
        numbers = list(range(2, len(df) + 2))
    keys = list(mapped)
    columns = [mapped[k] for k in keys]
    # A file writes its numbers one way: decimal commas (1.250,5) if any number says so and none says otherwise.
    number_keys = [k for k in mapped if k in FIELDS_BY_NAME and FIELDS_BY_NAME[k].kind in ("number", "integer")]
    decimal_commas = import_numbers.writes_decimal_commas(v for k in number_keys for v in df[mapped[k]])
    if decimal_commas:
        report.notes.append(import_numbers.DECIMAL_COMMAS)
    for key in [] if decimal_commas else number_keys:
        if example := import_numbers.ambiguous_point(df[mapped[key]]):
            report.notes.append(import_numbers.ambiguous_point_note(str(mapped[key]), example))
    shares = df[mapped["error_rate_pct"]] if "error_rate_pct" in mapped else None
    if shares is not None and decimal_commas:
        shares = shares.map(import_numbers.with_decimal_point)
    as_fractions = shares is not None and holds_fractions(shares)
    if as_fractions:
        report.notes.append(
            Message(
                "“{column}” holds shares between 0 and 1: read as percentages (0.1 = 10%).",
                column=str(mapped["error_rate_pct"]),
            )
        )
    unknown: dict[str, str] = {}
    first_seen: dict[tuple, int] = {}
    names_list = ", ".join(department_names[:12]) + (", …" if len(department_names) > 12 else "")  # as written
    for number, values in zip(numbers, df[columns].itertuples(index=False, name=None)):
        values = [missing_to_none(v) for v in values]
        if all(v is None for v in values):
            continue
        raw = dict(zip(keys, values))
        for key in number_keys if decimal_commas else ():
            raw[key] = import_numbers.with_decimal_point(raw[key])
        if "error_rate_pct" in raw:
            raw["error_rate_pct"] = as_percent(raw["error_rate_pct"], as_fractions)
        department_raw = raw.pop("department", None)
        clean, errors = validate_fields(raw)
        row_problems = [(number, FIELDS_BY_NAME[name].label, message) for name, message in errors.items()]
        department_text = clean_text(department_raw) if department_raw is not None else ""
        if not department_text and default_department is not None:
            department_text = default_department
        department = departments.get(name_key(department_text))
        if not department_text:
            row_problems.append(
                (
                    number,
                    DEPARTMENT_HEADER,
                    Message(
                        "Department is needed: write the name of one of the workshop's departments ({names}).",
                        names=names_list,
                    ),
                )
            )
        elif department is None:
            unknown.setdefault(name_key(department_text), department_text)
            hint = (
                Message("Use one of: {names}, or add it to the workshop first.", names=names_list)
                if department_names
                else Message("The workshop has no departments yet: add them first.")
            )
            row_problems.append(
                (
                    number,
                    DEPARTMENT_HEADER,
                    Message(
                        "There is no department called “{name}” in this workshop. {hint}",
                        name=department_text,
                        hint=hint,
                    ),
                )
            )
        if row_problems:
            report.problems.extend(row_problems)
            continue
        # The same department and the same value in every column: the row was copied, not reported twice.
        key = (name_key(department), *(comparable(clean[name]) for name in report.fields))
        if key in first_seen:
            report.repeats.append((number, first_seen[key]))
            continue
        first_seen[key] = number
        report.rows.append(clean | {"department": department})
        report.row_numbers.append(number)
    report.unknown_departments = list(unknown.values())
    if stored:
        report.rows, report.row_numbers, report.already = set_aside(
            report.rows, report.row_numbers, stored, report.fields
        )
    return report


# --- saying what the check found ----------------------------------------------------------


def when(moment: str) -> str:
    """A stored time (UTC, ISO 8601) as people read it: "2 December 2026 at 16:30 UTC"."""
    at = datetime.fromisoformat(moment).astimezone(UTC)
    return Message("{day} at {time} UTC", day=at.date(), time=f"{at:%H:%M}")  # the day written for the language


def imported_before_message(report: ImportReport) -> str | None:
    """What to say when this very file went into the workshop before (None when it did not): a `Message`."""
    if not report.imported_before:
        return None
    times, last = len(report.imported_before), when(report.imported_before[-1])
    if not report.checked:
        if times == 1:
            return Message("This file was already imported on {when}.", when=last)
        return Message("This file was already imported {times} times, last on {when}.", times=times, when=last)
    held = len(report.already)
    if held == 1:
        rows = Message("1 of its rows is already in this workshop.")
    elif held:
        rows = Message("{n} of its rows are already in this workshop.", n=held)
    else:
        rows = Message("none of its rows is in this workshop now.")
    if times == 1:
        return Message("This file was already imported on {when}: {rows}", when=last, rows=rows)
    return Message(
        "This file was already imported {times} times, last on {when}: {rows}", times=times, when=last, rows=rows
    )


def summary(report: ImportReport) -> tuple[str, str]:
    """(kind: success, info or warning; the sentence) saying what the check found, in plain words."""
    ready = len(report.rows)
    left_out: list[Message] = []
    if report.already:
        left_out.append(Message("{n} already in this workshop", n=len(report.already)))
    if report.repeats:
        left_out.append(Message("{n} repeating an earlier row of the file", n=len(report.repeats)))
    aside: str = Message(" Left out: {rows}.", rows=left_out[0]) if len(left_out) == 1 else ""
    if len(left_out) == 2:
        aside = Message(" Left out: {first} and {second}.", first=left_out[0], second=left_out[1])
    if report.problems:
        with_problems = len({p[0] for p in report.problems})
        return (
            "warning",
            Message(
                "{ready} of {total} rows are ready; {with_problems} rows have problems, listed below.{aside}",
                ready=ready,
                total=report.total_rows,
                with_problems=with_problems,
                aside=aside,
            ),
        )
    if not left_out:
        return "success", Message("All {n} rows are ready to import.", n=ready)
    if not ready:
        return "info", Message("Nothing new to import.{aside}", aside=aside)
    return "info", Message("{n} new rows are ready to import.{aside}", n=ready, aside=aside)


def repeats_text(report: ImportReport) -> str:
    """The rows left out because they repeat an earlier row: "row 7 repeats row 3, row 9 repeats row 4"."""
    return listed(Message("row {row} repeats row {first}", row=row, first=first) for row, first in report.repeats)


def confirm_label(added: int, updated: int) -> str:
    """The confirm button's words: "Import 5 pain points", "Import 5 pain points and update 2", "Update 2 ..."."""
    if updated and not added:
        return Message("Update {n} pain points", n=updated)
    if updated:
        return Message("Import {n} pain points and update {updated}", n=added, updated=updated)
    return Message("Import {n} pain points", n=added)


def _share(value: object) -> tuple[float | None, bool]:
    """(the number, whether it was written with a % sign); (None, False) when it is not a number."""
    text = clean_text(value) if isinstance(value, str) else ""
    percent = text.endswith("%")
    try:
        number = parse_number(text[:-1] if percent else value)
    except (TypeError, ValueError):
        return None, False
    return number, percent


def holds_fractions(column: pd.Series) -> bool:
    """Whether a share column is written as fractions: every value from 0 to 1, some strictly between."""
    numbers = [_share(v) for v in column if missing_to_none(v) is not None]
    if not numbers or any(n is None or percent for n, percent in numbers):
        return False
    values = [n for n, _ in numbers if n is not None]
    return all(0 <= v <= 1 for v in values) and any(0 < v < 1 for v in values)


def as_percent(value: object, fractions: bool) -> object:
    """A share as a percentage: "10%" -> 10, and 0.1 -> 10 in a column of fractions; others as they are."""
    number, percent = _share(value)
    if number is None:
        return value
    return number if percent else number * 100 if fractions else value
