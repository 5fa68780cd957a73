"""How complete the discovery was: which themes of the guide each department was asked about.

A theme counts as covered for a department when one of its interviews or participants raised a
pain point under it, or when the facilitator noted it was asked and nothing came up; a theme
"skipped on purpose" is recorded as a choice, not a gap. Everything else is a gap, said in plain
words ("HR: not asked about Customer pain"); a department with no interview and no entries is
"not interviewed".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from aiadopt.domain.language import N_, Message, listed

NO_THEME = ""  # a pain point recorded without a theme (and every one from before themes existed)
NOTHING_FOUND = "nothing_found"  # asked, and the department had nothing to report
SKIPPED = "skipped"  # not asked, on purpose
MARKS = (NOTHING_FOUND, SKIPPED)
MARK_LABELS = {NOTHING_FOUND: N_("asked, nothing found"), SKIPPED: N_("skipped on purpose")}
RAISED = "raised"  # at least one pain point under the theme
NOT_YET = "not_yet"
STATUS_LABELS = {
    RAISED: N_("pain points raised"),
    NOTHING_FOUND: N_("asked, nothing found"),
    SKIPPED: N_("skipped on purpose"),
    NOT_YET: N_("not asked yet"),
}
STATUS_ICONS = {RAISED: "✅", NOTHING_FOUND: "⭕", SKIPPED: "⏭️", NOT_YET: "▫️"}


def theme_label(theme: str, guide_themes: Sequence[str]) -> str:
    """A theme as a person reads it: "No theme", or marked "(removed)" when the guide no longer has it."""
    if theme == NO_THEME:
        return N_("No theme")
    return theme if theme in guide_themes else Message("{theme} (removed)", theme=theme)


def said_theme(theme: str) -> str:
    """A theme inside a sentence: the guide's texts are stored in English and shown through `t`, so a
    default theme reads in each person's language (a theme typed with braces stays as typed)."""
    return theme if "{" in theme or "}" in theme else Message(theme)


def interview_status(
    guide_themes: Sequence[str], pain_point_themes: Iterable[str], marks: Mapping[str, str]
) -> dict[str, str]:
    """For one interview: each theme of the guide -> raised, nothing_found, skipped or not_yet.

    A pain point under a theme wins over a mark (the mark was made before the pain point came up).
    """
    raised = set(pain_point_themes)
    return {theme: RAISED if theme in raised else marks.get(theme, NOT_YET) for theme in guide_themes}


@dataclass(frozen=True)
class Cell:
    """One department x theme: how many pain points and hours a year, and the best status recorded."""

    pain_points: int = 0
    hours_per_year: float = 0.0
    status: str = NOT_YET


@dataclass
class Audit:
    """The departments x themes view of a workshop, with who was interviewed and what is still unheard."""

    departments: list[str]
    themes: list[str]  # the guide's themes, then removed themes pain points still use, then "no theme"
    cells: dict[tuple[str, str], Cell]
    interviews: dict[str, list[dict]]  # department -> its interviews (when, by whom, how many people)
    gaps: list[str] = field(default_factory=list)
    covered: dict[str, tuple[int, int]] = field(default_factory=dict)  # department -> (covered, guide themes)


_ORDER = {NOT_YET: 0, SKIPPED: 1, NOTHING_FOUND: 2, RAISED: 3}


def people_count(interviewees: str | None) -> int:
    """How many people an interview heard: the names written in it, split on commas, semicolons or lines."""
    text = (interviewees or "").replace(";", ",").replace("\n", ",")
    return len([name for name in text.split(",") if name.strip()])


def build_audit(
    departments: Sequence[dict],
    guide_themes: Sequence[str],
    pain_points: Sequence[dict],
    interviews: Sequence[dict],
    marks: Sequence[dict],
) -> Audit:
    """The audit of one workshop.

    `departments`: live departments (id, name); `pain_points`: live ones (department_id, theme,
    frequency and time fields); `interviews`: (id, department_id, started_at, interviewer,
    interviewees); `marks`: (interview_id, theme, status).
    """
    names = {d["id"]: d["name"] for d in departments}
    used = {p.get("theme") or NO_THEME for p in pain_points}
    removed = sorted(t for t in used if t != NO_THEME and t not in guide_themes)
    themes = [*guide_themes, *removed] + ([NO_THEME] if NO_THEME in used else [])
    cells: dict[tuple[str, str], Cell] = {}
    for point in pain_points:
        department = names.get(point["department_id"])
        if department is None:
            continue
        key = (department, point.get("theme") or NO_THEME)
        old = cells.get(key, Cell())
        hours = _hours(point)
        cells[key] = Cell(old.pain_points + 1, old.hours_per_year + hours, RAISED)
    department_of_interview = {i["id"]: names.get(i["department_id"]) for i in interviews}
    for mark in marks:
        department = department_of_interview.get(mark["interview_id"])
        if department is None or mark["status"] not in MARKS:
            continue
        key = (department, mark["theme"])
        old = cells.get(key, Cell())
        if _ORDER[mark["status"]] > _ORDER[old.status]:
            cells[key] = Cell(old.pain_points, old.hours_per_year, mark["status"])
    by_department: dict[str, list[dict]] = {name: [] for name in names.values()}
    for interview in interviews:
        department = names.get(interview["department_id"])
        if department is not None:
            by_department[department].append(
                {
                    "started_at": interview["started_at"],
                    "interviewer": interview.get("interviewer") or "",
                    "people": people_count(interview.get("interviewees")),
                }
            )
    audit = Audit(list(names.values()), themes, cells, by_department)
    for department in audit.departments:
        statuses = {theme: cells.get((department, theme), Cell()).status for theme in guide_themes}
        covered = sum(status in (RAISED, NOTHING_FOUND) for status in statuses.values())
        audit.covered[department] = (covered, len(guide_themes))
    audit.gaps = _gap_lines(audit, guide_themes, said=())
    return audit


def _gap_lines(audit: Audit, guide_themes: Sequence[str], said: Sequence[str]) -> list[str]:
    """Each department's gaps in plain words, leaving out the themes in `said` (already said for all)."""
    lines: list[str] = []
    for department in audit.departments:
        interviewed = bool(audit.interviews.get(department))
        missing = [
            t for t in guide_themes if audit.cells.get((department, t), Cell()).status == NOT_YET and t not in said
        ]
        parts: list[str] = [] if interviewed else [Message("not interviewed")]
        heard = any(audit.cells.get((department, t)) for t in audit.themes)
        if missing and (interviewed or heard):
            parts.append(Message("not asked about {themes}", themes=_and_list(missing)))
        if parts:
            lines.append(Message("{department}: {gaps}", department=department, gaps=listed(parts, "; ")))
    return lines


def _and_list(items: Sequence[str]) -> Message:
    # Quoted: a theme's own "and" must not read as the list's.
    quoted = [Message("“{theme}”", theme=said_theme(item)) for item in items]
    if len(quoted) == 1:
        return quoted[0]
    return Message("{items} and {last}", items=listed(quoted[:-1]), last=quoted[-1])


def _hours(point: dict) -> float:
    """Hours a year of a stored pain point (as `with_derived_numbers` gives them; 0 when not computable)."""
    hours = point.get("hours_per_year")
    return float(hours) if isinstance(hours, (int, float)) else 0.0


def cell_text(cell: Cell) -> str:
    """One cell of the audit as words: "3 · 120 h", "asked, nothing found", "skipped" or "—"."""
    if cell.pain_points:
        return Message("{n} · {hours} h", n=cell.pain_points, hours=round(cell.hours_per_year))
    return {NOTHING_FOUND: N_("asked, nothing found"), SKIPPED: N_("skipped")}.get(cell.status, "—")


def audit_table(audit: Audit, guide_themes: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """(column headings, rows) of the departments x themes matrix, with each department's coverage.

    English, marked (the themes as stored): a screen or file says them through `t`, the first cell of
    each row (the department's name) as written."""
    headings = [N_("Department"), N_("Covered"), *(theme_label(t, guide_themes) for t in audit.themes)]
    rows = []
    for department in audit.departments:
        covered, total = audit.covered[department]
        cells = [cell_text(audit.cells.get((department, theme), Cell())) for theme in audit.themes]
        rows.append([department, Message("{covered} of {total}", covered=covered, total=total), *cells])
    return headings, rows


def interview_lines(audit: Audit) -> list[str]:
    """Who was interviewed, when, by whom and how many people, a line per department."""
    lines: list[str] = []
    for department in audit.departments:
        heard = audit.interviews.get(department, [])
        if not heard:
            lines.append(Message("{department}: no interview", department=department))
            continue
        parts = []
        for interview in heard:
            said: str = str(interview["started_at"])[:10]
            if interview["interviewer"]:
                said = Message("{when} by {interviewer}", when=said, interviewer=interview["interviewer"])
            people = interview["people"]
            if people == 1:
                said = Message("{interview}, 1 person", interview=said)
            elif people:
                said = Message("{interview}, {n} people", interview=said, n=people)
            parts.append(said)
        lines.append(Message("{department}: {interviews}", department=department, interviews=listed(parts, "; ")))
    return lines


def unheard_lines(audit: Audit, guide_themes: Sequence[str]) -> list[str]:
    """The gaps with repeats said once: the themes no department was asked about in one line first,
    then only what is particular to each department ("HR: not interviewed; not asked about “Bottlenecks”")."""
    nowhere = [
        t for t in guide_themes if all(audit.cells.get((d, t), Cell()).status == NOT_YET for d in audit.departments)
    ]
    if len(audit.departments) < 2:
        nowhere = []  # one department's own line says it
    first: list[str] = [Message("Not asked in any department: {themes}", themes=_and_list(nowhere))] if nowhere else []
    return first + _gap_lines(audit, guide_themes, said=nowhere)


def report_section(audit: Audit, guide_themes: Sequence[str]) -> dict:
    """What the reports print about the audit: the matrix, the gaps (repeats said once) and the interviews."""
    headings, rows = audit_table(audit, guide_themes)
    gaps = unheard_lines(audit, guide_themes)
    return {"headings": headings, "rows": rows, "gaps": gaps, "interviews": interview_lines(audit)}
