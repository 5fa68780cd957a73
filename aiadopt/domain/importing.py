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

import pandas as pd

from aiadopt.domain.fields import FIELDS_BY_NAME, PAIN_POINT_FIELDS
from aiadopt.domain.pain_points import clean_text, name_key, parse_number, validate_fields

DEPARTMENT_HEADER = "Department"
ROW_INDEX_NAME = "row"  # read_table's index: the row number a person sees in the spreadsheet

TEMPLATE_HEADERS: tuple[str, ...] = (DEPARTMENT_HEADER,) + tuple(s.label for s in PAIN_POINT_FIELDS)
MAPPING_KEYS: tuple[str, ...] = ("department",) + tuple(s.name for s in PAIN_POINT_FIELDS)


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

    @property
    def ok(self) -> bool:
        """True when every row can be imported."""
        return not self.problems

    def problem_table(self) -> pd.DataFrame:
        """The problems as a table with the columns Row, Field, Problem."""
        return pd.DataFrame(self.problems, columns=["Row", "Field", "Problem"])


def _row_key(values: list[object]) -> tuple:
    return tuple("" if v is None else clean_text(v).casefold() if isinstance(v, str) else repr(v) for v in values)


def check_rows(
    df: pd.DataFrame, mapping: dict, department_names: list[str], default_department: str | None = None
) -> ImportReport:
    """Check every row against the field rules and the workshop's departments.

    `rows` holds the clean values of the rows without problems (ready for build_pain_point,
    with the matched department name under "department"). Rows are numbered as in the
    spreadsheet: read_table's "row" index, or heading = row 1 for any other frame.
    """
    report = ImportReport(total_rows=len(df))
    mapped = {
        key: column
        for key, column in (mapping or {}).items()
        if key in MAPPING_KEYS and column is not None and column in df.columns
    }
    departments = {name_key(name): name for name in department_names}
    report.unused_columns = [str(c) for c in df.columns if c not in set(mapped.values())]
    if "title" not in mapped:
        report.problems.append(
            (
                1,
                FIELDS_BY_NAME["title"].label,
                "No column is matched to “Short title”. Choose the column that holds the titles.",
            )
        )
    if "department" not in mapped and default_department is None:
        report.problems.append(
            (
                1,
                DEPARTMENT_HEADER,
                "No column is matched to “Department”. Choose that column, or choose one department for every row.",
            )
        )
    if report.problems:
        return report
    if df.index.name == ROW_INDEX_NAME:
        numbers = [int(n) for n in df.index]
    else:
        numbers = list(range(2, len(df) + 2))
    keys = list(mapped)
    columns = [mapped[k] for k in keys]
    as_fractions = "error_rate_pct" in mapped and holds_fractions(df[mapped["error_rate_pct"]])
    if as_fractions:
        report.notes.append(
            f"“{mapped['error_rate_pct']}” holds shares between 0 and 1: read as percentages (0.1 = 10%)."
        )
    unknown: dict[str, str] = {}
    first_seen: dict[tuple, int] = {}
    names_list = ", ".join(department_names[:12]) + (", …" if len(department_names) > 12 else "")
    for number, values in zip(numbers, df[columns].itertuples(index=False, name=None)):
        values = [missing_to_none(v) for v in values]
        if all(v is None for v in values):
            continue
        key = _row_key(values)
        if key in first_seen:
            report.problems.append((number, "Whole row", f"Same as row {first_seen[key]}: remove one of the two."))
            continue
        first_seen[key] = number
        raw = dict(zip(keys, values))
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
                    f"Department is needed: write the name of one of the workshop's departments ({names_list}).",
                )
            )
        elif department is None:
            unknown.setdefault(name_key(department_text), department_text)
            hint = (
                f"Use one of: {names_list}, or add it to the workshop first."
                if department_names
                else "The workshop has no departments yet: add them first."
            )
            row_problems.append(
                (
                    number,
                    DEPARTMENT_HEADER,
                    f"There is no department called “{department_text}” in this workshop. {hint}",
                )
            )
        if row_problems:
            report.problems.extend(row_problems)
            continue
        report.rows.append(clean | {"department": department})
        report.row_numbers.append(number)
    report.unknown_departments = list(unknown.values())
    return report


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
