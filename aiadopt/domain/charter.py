"""The pilot charter: a one-page plan for the chosen candidate workflow.

`draft_charter` fills a charter from the candidate, its member pain points and the workshop;
the facilitator edits it field by field (`charter_edits.py`); the export
module prints it. The plan follows five stages, each with a success gate, taken from the
discovery-first framework in the project's seed articles and written about the workflow, never
about a technology: leaders read the charter, and it is a plan to change how work is done.

The draft is written in the language being spoken (`aiadopt.i18n`, a base layer like this one):
`services/charters.charter_state` drafts it inside its workshop's language, so the stage texts and
derived risks the facilitator edits, and the files print, are in the workshop's language. The
English texts are marked here (`N_`) for the catalogues.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from aiadopt import i18n
from aiadopt.domain.data_classes import DATA_CLASSES, least_safe
from aiadopt.domain.language import N_, SOURCE_LANGUAGE
from aiadopt.domain.pain_points import clean_text

# Each stage: name, timing, and templates for its objective and success gate. Placeholders:
# {workflow} {owner} {departments} {metric} {baseline} {target} {data_class} {data_location}.
STAGES: tuple[dict[str, str], ...] = (
    {
        "name": N_("Problem validation"),
        "timing": N_("Weeks 1-2"),
        "objective": N_(
            "Confirm with the people who do {workflow} that the problem is real and worth "
            "fixing: map the steps as they are done today and record {metric} on real cases."
        ),
        "success_gate": N_(
            "{owner} and the people in {departments} agree on the map of today's work, and the "
            "baseline for {metric} is confirmed on real cases (today: {baseline})."
        ),
    },
    {
        "name": N_("Feasibility"),
        "timing": N_("Weeks 3-4"),
        "objective": N_(
            "Check that the information this work depends on ({data_location}) can be reached, "
            "is good enough and is safe to use, and try a new way of working for {workflow} on "
            "a small set of real cases."
        ),
        "success_gate": N_(
            "A trial on real cases handles the core steps correctly, and the data class is "
            "confirmed as {data_class} with the handling it needs agreed."
        ),
    },
    {
        "name": N_("Readiness"),
        "timing": N_("Weeks 5-6"),
        "objective": N_(
            "Prepare the team: agree who does what in the new way of working, write the steps "
            "down, plan training and support, and choose the group that will start first."
        ),
        "success_gate": N_(
            "A written pilot plan, agreed by {owner} and the leads of {departments}, with the "
            "pilot group named and trained."
        ),
    },
    {
        "name": N_("Pilot"),
        "timing": N_("Weeks 7-12"),
        "objective": N_(
            "Run the new way of working for {workflow} with the pilot group, track {metric} "
            "every week and remove what gets in the way."
        ),
        "success_gate": N_(
            "{metric} reaches {target} (baseline: {baseline}) or moves clearly towards it, and "
            "the people in the pilot want to keep working this way."
        ),
    },
    {
        "name": N_("Scale"),
        "timing": N_("Months 4-6"),
        "objective": N_(
            "Extend the new way of working to everyone who does {workflow} in {departments}, "
            "with training and support, and keep tracking {metric}."
        ),
        "success_gate": N_(
            "The improvement in {metric} holds at full scale for at least a month, and the time "
            "saved shows in the teams' week."
        ),
    },
)

STAGE_TEXT_KEYS = ("objective", "success_gate")
PROBLEM_MAX_LENGTH = 5000
MAX_RISKS = 10
THIS_WORKFLOW = N_("this workflow")  # where a charter has no title yet


# --- drafting -----------------------------------------------------------------------------


def _missing(value: object) -> bool:
    """None, NaN, pandas NA/NaT: a value nobody gave."""
    if value is None or isinstance(value, (str, bool, list, tuple, dict, set)):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def number_or_none(value: Any) -> float | None:
    """A finite number from a value, or None (missing, yes/no, text that is not a number)."""
    if _missing(value) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def plain_text(value: object) -> str:
    return "" if _missing(value) else clean_text(value)


def _unique(items) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for item in items:
        text = plain_text(item)
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def as_list(value: object) -> list[str]:
    if _missing(value):
        return []
    if isinstance(value, str):
        return _unique(re.split(r"[;\n]", value))
    if isinstance(value, Iterable):
        try:
            return _unique(list(value))
        except TypeError:  # e.g. a 0-d numpy array has __iter__ but cannot be iterated
            pass
    return _unique([value])


def format_amount(value: float | None, unit: str = "") -> str:
    """A number as people write it in the language being spoken: 40, 1,250, 2.5 (1.250, 2,5), with its unit."""
    if value is None:
        return ""
    number = float(value)
    whole = number.is_integer() or abs(number) >= 100
    if i18n.current_language() == SOURCE_LANGUAGE:
        text = f"{number:,.0f}" if whole else f"{number:,.2f}".rstrip("0").rstrip(".")
    else:
        text = i18n.number(round(number, 0 if whole else 2), 0 if whole else 2)
    return f"{text} {unit}".strip() if unit else text


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _join_names(names: list[str]) -> str:
    if not names:
        return i18n.t("the departments involved")
    if len(names) == 1:
        return names[0]
    return i18n.t("{names} and {last}", names=", ".join(names[:-1]), last=names[-1])


def _stage_context(charter: dict) -> dict[str, str]:
    metric = plain_text(charter.get("kpi_metric"))
    unit = plain_text(charter.get("kpi_unit"))
    baseline = number_or_none(charter.get("kpi_baseline"))
    target = number_or_none(charter.get("kpi_target"))
    location = plain_text(charter.get("data_location"))
    data_class = plain_text(charter.get("data_class")) or "green"
    t = i18n.t
    return {
        "workflow": f"“{plain_text(charter.get('title')) or t(THIS_WORKFLOW)}”",
        "owner": plain_text(charter.get("owner")) or t("the owner"),
        "departments": _join_names(as_list(charter.get("departments"))),
        "metric": metric or t("the measure of success"),
        "baseline": format_amount(baseline, unit) if baseline is not None else t("not measured yet"),
        "target": format_amount(target, unit) if target is not None else t("the agreed target"),
        "data_class": t(data_class),
        "data_location": location or t("where it lives still to be confirmed"),
    }


def render_stages(charter: dict) -> list[dict]:
    """The plan's five stages for this charter, in the language being spoken."""
    context = _stage_context(charter)
    stages = []
    for stage in STAGES:
        rendered = {"name": i18n.t(stage["name"]), "timing": i18n.t(stage["timing"])}
        for key in STAGE_TEXT_KEYS:
            text = i18n.t(stage[key], **context)
            rendered[key] = text[0].upper() + text[1:]
        stages.append(rendered)
    return stages


def derived_risks(charter: dict) -> list[str]:
    """Risks that follow from the charter's own fields (re-derived after every edit), in the language being spoken."""
    risks = []
    data_class = plain_text(charter.get("data_class"))
    if data_class == "red":
        risks.append(
            N_(
                "Red data: some of the information is regulated or confidential and cannot "
                "be used as it is. Decide in Feasibility how to keep it out or get approval."
            )
        )
    elif data_class == "amber":
        risks.append(
            N_(
                "Amber data: personal or commercially sensitive information. Agree "
                "permissions and handling before the pilot starts."
            )
        )
    if not plain_text(charter.get("owner")):
        risks.append(N_("No owner yet: name the person who will carry the pilot before it starts."))
    if not plain_text(charter.get("kpi_metric")):
        risks.append(N_("No measure of success chosen yet: agree one during Problem validation."))
    if number_or_none(charter.get("kpi_baseline")) is None:
        risks.append(N_("No baseline yet: measure today's value during Problem validation, before anything changes."))
    if number_or_none(charter.get("kpi_target")) is None:
        risks.append(N_("No target yet: agree with the owner what value counts as success."))
    if len(as_list(charter.get("departments"))) >= 3:
        risks.append(N_("Several departments share this work: agree who decides when they disagree."))
    return [i18n.t(risk) for risk in risks]


# Flags from the ranking about facts the charter holds itself (owner, KPI, data class) are
# replaced by the risks derived from the charter, which stay true as the charter is edited
# (a member may have volunteered as owner although the candidate had none).
_DERIVED_TOPICS = {"owner", "owns", "baseline", "target", "kpi", "metric", "measure", "red", "amber"}


def _risks_from_flags(flags: list[str]) -> list[str]:
    out = []
    for flag in flags:
        if set(re.findall(r"\w+", flag.casefold())) & _DERIVED_TOPICS:
            continue
        out.append(flag if flag[:1].isupper() else flag[0].upper() + flag[1:])  # a marked flag stays translatable
    return out


def _problem_in_their_words(members: list[dict]) -> str:
    quotes: list[str] = []
    seen: set[str] = set()
    for member in members:
        words = plain_text(member.get("description")) or plain_text(member.get("title"))
        if not words or words.casefold() in seen:
            continue
        seen.add(words.casefold())
        department = plain_text(member.get("department"))
        quote = f"“{words}”"
        quotes.append(f"{department}: {quote}" if department else quote)
    return _shorten("\n".join(quotes), PROBLEM_MAX_LENGTH)


PROBLEM_QUOTE_LENGTH = 220  # each pain point's words in the one-page outcome report, at most


def problem_quotes(members: list[dict], limit: int = PROBLEM_QUOTE_LENGTH) -> list[str]:
    """Each pain point of a candidate as its department told it, shortened: 'Finance: “Title: what they said…”'."""
    quotes: list[str] = []
    seen: set[str] = set()
    for member in members:
        title, description = plain_text(member.get("title")), plain_text(member.get("description"))
        if description.casefold().startswith(title.casefold()):
            title = ""  # the description already opens with it
        words = ": ".join(part for part in (title, description) if part)
        if not words or words.casefold() in seen:
            continue
        seen.add(words.casefold())
        department = plain_text(member.get("department"))
        quote = f"“{_shorten(words, max(limit - len(department) - 4, 20))}”"
        quotes.append(f"{department}: {quote}" if department else quote)
    return quotes


def draft_charter(candidate: dict, members: list[dict], workshop: dict) -> dict:
    """A first pilot charter for a shortlisted candidate, filled from what departments reported."""
    members = list(members or [])
    candidate = dict(candidate or {})

    def first_member(field: str) -> object:
        for member in members:
            value = member.get(field)
            if not _missing(value) and (not isinstance(value, str) or value.strip()):
                return value
        return None

    departments = as_list(candidate.get("departments")) or _unique(m.get("department") for m in members)
    data_class = plain_text(candidate.get("data_class")).lower()
    if data_class not in DATA_CLASSES:
        data_class = least_safe(m.get("data_sensitivity") for m in members)
    hours = number_or_none(candidate.get("hours_per_year"))
    if hours is None:
        hours = sum(number_or_none(m.get("hours_per_year")) or 0.0 for m in members)
    metric = plain_text(candidate.get("kpi_metric")) or plain_text(first_member("kpi_metric"))
    use_member_kpi = not plain_text(candidate.get("kpi_metric")) and bool(metric)
    source: dict = {}
    if use_member_kpi:
        source = next(m for m in members if plain_text(m.get("kpi_metric")) == metric)

    def kpi(field: str) -> object:
        return source.get(field) if use_member_kpi else candidate.get(field)

    people = 0
    for member in members:
        people += int(number_or_none(member.get("people_count")) or 0)
    rank = number_or_none(candidate.get("rank"))
    charter = {
        "candidate_id": candidate.get("candidate_id"),
        "rank": int(rank) if rank is not None else None,
        "score": number_or_none(candidate.get("score")),
        "title": _shorten(
            plain_text(candidate.get("title")) or plain_text(first_member("title")) or i18n.t("Pilot"), 120
        ),
        "problem": _problem_in_their_words(members),
        "desired_outcome": _shorten("\n".join(_unique(m.get("desired_outcome") for m in members)), 1000),
        "departments": departments,
        "people_affected": people,
        "owner": _shorten(plain_text(candidate.get("owner")) or plain_text(first_member("owner_name")), 80),
        "kpi_metric": _shorten(metric, 120),
        "kpi_unit": _shorten(plain_text(kpi("kpi_unit")), 30),
        "kpi_baseline": number_or_none(kpi("kpi_baseline")),
        "kpi_target": number_or_none(kpi("kpi_target")),
        "data_class": data_class,
        "data_location": _shorten(
            ", ".join(
                _unique(part for m in members for part in re.split(r"[,;\n]", plain_text(m.get("data_location"))))
            ),
            300,
        ),
        "hours_per_year": round(hours, 1),
        "workshop_name": plain_text(workshop.get("name")),
        "workshop_date": plain_text(workshop.get("session_date")),
        "organisation": plain_text(workshop.get("organisation")),
        "facilitator": plain_text(workshop.get("facilitator")),
        "language": plain_text(workshop.get("language")) or "en",  # the language its files are written in
    }
    derived = derived_risks(charter)
    flags = as_list(candidate.get("flags"))
    risks = derived + _risks_from_flags(flags)
    charter["risks"] = _unique(_shorten(r, 300) for r in risks)[:MAX_RISKS]
    charter["stages"] = render_stages(charter)
    return charter
