"""UI helpers: the only aiadopt package that imports Streamlit. Pages use them as `ui.<name>`.

- `session`: who is at the screen (roles), their workshop, flashes and problem messages;
- `views`: derived views shared between sessions, cached on the workshop's data version;
- `forms`: the pain-point capture form and editing one's entries;
- `room`: the live room: following the phase, the timer, the facilitator's controls, the join address;
- `tables`: tables as people read them; `figures`: the charts on screen.
"""

from __future__ import annotations

from aiadopt.ui import figures
from aiadopt.ui.forms import (
    OPEN_SECTIONS,
    manage_entries,
    pain_point_form,
    reset_form,
    undo_delete_button,
)
from aiadopt.ui.room import (
    PARTICIPANT_PAGES,
    anonymity_switch,
    countdown,
    join_address,
    join_link,
    phase_controls,
    presence_metrics,
    room_now,
    timer_controls,
    watch_room,
)
from aiadopt.ui.session import (
    ROLE_FACILITATOR,
    ROLE_GUEST,
    ROLE_PARTICIPANT,
    big_code,
    client,
    database,
    escape_markdown,
    facilitator_page,
    flash,
    join_qr,
    participant_context,
    participant_link,
    problem_text,
    require_facilitator,
    rerun,
    role,
    selected_workshop,
    settle_startup_heap,
    show_flashes,
    show_problem,
    workshop_label,
)
from aiadopt.ui.tables import (
    PAIN_POINT_TABLE_COLUMNS,
    SHORTLIST_COLUMN_CONFIG,
    XLSX_MIME,
    document_downloads,
    pain_point_frame,
    shortlist_frame,
)
from aiadopt.ui.views import (
    CRITERION_LABELS,
    Ballot,
    BallotLine,
    ballot,
    chosen_gates,
    chosen_weights,
    duplicate_suggestions,
    workshop_candidates,
    workshop_ranking,
)

__all__ = [
    "Ballot",
    "BallotLine",
    "ballot",
    "rerun",
    "CRITERION_LABELS",
    "OPEN_SECTIONS",
    "PAIN_POINT_TABLE_COLUMNS",
    "PARTICIPANT_PAGES",
    "ROLE_FACILITATOR",
    "ROLE_GUEST",
    "ROLE_PARTICIPANT",
    "SHORTLIST_COLUMN_CONFIG",
    "XLSX_MIME",
    "anonymity_switch",
    "big_code",
    "chosen_gates",
    "chosen_weights",
    "countdown",
    "database",
    "document_downloads",
    "duplicate_suggestions",
    "escape_markdown",
    "facilitator_page",
    "figures",
    "client",
    "flash",
    "room_now",
    "watch_room",
    "join_address",
    "join_link",
    "join_qr",
    "manage_entries",
    "pain_point_form",
    "pain_point_frame",
    "participant_context",
    "participant_link",
    "phase_controls",
    "presence_metrics",
    "require_facilitator",
    "reset_form",
    "role",
    "selected_workshop",
    "shortlist_frame",
    "show_flashes",
    "settle_startup_heap",
    "show_problem",
    "problem_text",
    "timer_controls",
    "undo_delete_button",
    "workshop_candidates",
    "workshop_label",
    "workshop_ranking",
]
