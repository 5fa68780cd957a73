"""Facilitator: the big screen for the room: join code, who is here, pain points arriving, votes, results."""

import html

import streamlit as st

from aiadopt import ui
from aiadopt.domain import room
from aiadopt.services.capture import pain_points_per_department
from aiadopt.services.errors import ServiceError
from aiadopt.services.languages import workshop_language
from aiadopt.services.room import presence, room_state, voters
from aiadopt.services.workshops import list_departments

ui.require_facilitator()
db = ui.database()
workshop = ui.selected_workshop(db)
if workshop is None:
    st.stop()

# The big screen has no sidebar and large type; our own style rules, nothing anyone typed.
st.html(
    """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
.block-container {padding-top: 1.2rem; max-width: 100%;}
[data-testid="stMetricValue"] {font-size: 4rem;}
[data-testid="stMetricLabel"] p {font-size: 1.6rem;}
</style>"""
)


@st.fragment(run_every=3)
def big_screen(workshop_id: int) -> None:
    """Everything the room sees, in the workshop's language, refreshed every few seconds; the presenter
    steers it from Run the room."""
    live = ui.database()
    current = ui.selected_workshop(live, quiet=True) or workshop
    with ui.speaking(workshop_language(current)):  # the room reads it, whatever the facilitator's own language
        room_screen(live, workshop_id, current)


def room_screen(live, workshop_id: int, current: dict) -> None:
    """The big screen's contents, drawn in the language being spoken."""
    try:
        state = room_state(live, workshop_id)
    except ServiceError as gone:
        ui.say_problem(gone)
        return
    phase = state.phase
    phase_label = html.escape(ui.t(phase.label))
    top = st.columns([3, 1], vertical_alignment="center")
    top[0].html(
        f'<div style="font-size:clamp(1.6rem,3vw,3rem);font-weight:700;line-height:1.15">'
        f"{html.escape(current['name'])}</div>"
        f'<div style="font-size:clamp(1.2rem,2vw,2rem);color:#51606F">{phase_label}</div>'
    )
    with top[1]:
        ui.countdown(state, size_px=64)
    ui.keep_meaning_up(live, workshop_id)
    address = ui.join_address()
    link = ui.join_link(current, address)
    ui.join_bar(current, address)  # in every phase: latecomers always know where to go
    if not address.reachable:
        st.warning(ui.t("Phones cannot open this address: see Run the room, 'Join'."))
    if state.qr_shown:  # the presenter asked for it: the QR fills the screen, to scan from the back
        ui.qr_image(link, "min(46vw, 72vh)")
        return
    large_qr = phase.shows(room.PANEL_QR)
    joining, details = st.columns([2, 3] if large_qr else [1, 4], gap="large")
    with joining:
        ui.qr_image(link, "min(38vw, 62vh)" if large_qr else "min(15vw, 24vh)")
    with details:
        counts = presence(live, workshop_id)
        metrics = st.columns(3)
        metrics[0].metric(ui.t("Joined"), ui.number(counts["joined"]))
        metrics[1].metric(ui.t("Active now"), ui.number(counts["active"]))
        if phase.shows(room.PANEL_VOTERS):
            metrics[2].metric(ui.t("Have voted"), ui.number(voters(live, workshop_id)))
        else:
            metrics[2].metric(ui.t("Done"), ui.number(counts["done"]))
        if phase.shows(room.PANEL_ARRIVALS):
            per_department = pain_points_per_department(live, workshop_id)
            names = {d["id"]: d["name"] for d in list_departments(live, workshop_id)}
            counts_by_name = {name: per_department.get(department_id, 0) for department_id, name in names.items()}
            st.metric(ui.t("Pain points"), ui.number(sum(per_department.values())))
            if counts_by_name:
                st.plotly_chart(
                    ui.figures.pain_points_per_department_figure(counts_by_name),
                    config={"displayModeBar": False, "staticPlot": True},
                    theme=None,
                    key="projector_departments",
                )
        if phase.shows(room.PANEL_RESULTS):
            results(live, current, state)


def results(live, current: dict, state: room.RoomState) -> None:
    """The top candidates, shown one at a time or all at once on the presenter's cue: titles only,
    ranked with the weights chosen for the room, and saying so."""
    ranking = state.ranking or room.room_ranking_of("")
    result = ui.workshop_ranking(live, current["id"], dict(ranking.weights), dict(ranking.gates))
    ranked = result.ranked
    shown = room.revealed_count(state.results_revealed, min(len(ranked), 10))
    if shown == 0:
        st.markdown("## " + ui.t("The results are coming up…"))
        return
    rows = "".join(
        f'<tr><td style="font-weight:700;padding:0.4rem 1rem">{int(row.rank)}</td>'
        f'<td style="padding:0.4rem 1rem">{html.escape(str(row.title))}</td>'
        f'<td style="text-align:right;padding:0.4rem 1rem">{ui.number(int(row.votes))}</td>'
        f'<td style="text-align:right;padding:0.4rem 1rem">{ui.number(row.hours_per_year)}</td></tr>'
        for row in ranked.head(shown).itertuples()
    )
    headings = [html.escape(ui.t(h)) for h in ("Rank", "Candidate workflow", "Votes", "Hours a year")]
    # Titles are escaped and shown as plain text: nothing a participant typed becomes markup.
    st.html(
        '<table style="font-size:clamp(1.1rem,1.9vw,1.9rem);width:100%;border-collapse:collapse">'
        '<tr style="color:#51606F;font-size:0.7em;text-align:left">'
        f'<th style="padding:0 1rem">{headings[0]}</th>'
        f'<th style="padding:0 1rem">{headings[1]}</th>'
        f'<th style="padding:0 1rem;text-align:right">{headings[2]}</th>'
        f'<th style="padding:0 1rem;text-align:right">{headings[3]}</th></tr>{rows}</table>'
    )
    cast = int(ranked["votes"].sum()) + (int(result.excluded["votes"].sum()) if len(result.excluded) else 0)
    said = ui.t(
        "Ranked by the {weights} weights: the hours a workflow costs, how often and how error-prone it is, how "
        "ready it is to start, and the room's votes (one criterion among them). Votes on these {shown}: {votes} of "
        "{cast}.",
        weights=ui.t(ranking.name),
        shown=shown,
        votes=int(ranked.head(shown)["votes"].sum()),
        cast=cast,
    )
    st.markdown(f"<div style='font-size:1.3rem;color:#51606F'>{html.escape(said)}</div>", unsafe_allow_html=True)


big_screen(workshop["id"])
