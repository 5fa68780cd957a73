"""The floor for bench/live_room.py: a bare one-page Streamlit app with the participant form's essential widgets.

No database, no pandas, no app code: what any Streamlit page with the same widgets costs on the same
server, driven by the same protocol client under the same load. The query chooses what is drawn:
- nothing (or `form=capture`): a form with the 6 essential capture widgets (department, title, how
  many times, per, minutes each, people), keys ending like the app's (`floor_form_<field>`);
- `form=vote&n=K&dots=D`: a form with K number inputs keyed `vote_<i>` (0..D votes each), like the
  vote page;
- `poll=S`: also a fragment that reruns every S seconds, like the app's room checks.
Once per process, after the first run, the start-up heap is frozen (`gc.freeze()`): a floor is the least a
page could cost, so it gets the cheapest garbage collection Streamlit can have while collection stays on.

Run: .venv/bin/streamlit run bench/floor_app.py (live_room.py starts it by itself).
"""

import gc

import streamlit as st

DEPARTMENTS = ["Finance", "Sales", "Operations", "People", "Customer service"]
PERIODS = ["day", "week", "month", "year"]


@st.cache_resource(show_spinner=False)
def freeze_startup_heap() -> bool:
    """Keep Streamlit's own start-up objects out of every later full collection (once per process)."""
    gc.freeze()
    return True


freeze_startup_heap()
params = st.query_params
poll = float(params.get("poll") or 0)
if poll > 0:

    @st.fragment(run_every=poll)
    def room_check() -> None:
        """A cheap polling fragment, the floor of a room check."""
        st.caption("Checked the room.")

    room_check()

if params.get("form") == "vote":
    count = int(params.get("n") or 50)
    dots = int(params.get("dots") or 5)
    st.title("Vote")
    with st.form("floor_vote_form"):
        chosen = [
            st.number_input("Votes", min_value=0, max_value=dots, step=1, value=0, key=f"vote_{i + 1}")
            for i in range(count)
        ]
        submitted = st.form_submit_button("Save my votes", type="primary")
    if submitted:
        st.success(f"Saved: {sum(chosen)} of {dots} votes.")
else:
    st.title("Floor")
    with st.form("floor_form"):
        st.selectbox("Department", DEPARTMENTS, index=None, key="floor_form_department_id")
        title = st.text_input("Short title", key="floor_form_title")
        st.number_input("How many times", value=1.0, step=1.0, key="floor_form_frequency_count")
        st.selectbox("Per", PERIODS, index=1, format_func=lambda p: f"per {p}", key="floor_form_frequency_period")
        st.number_input("Minutes each time", value=None, step=1.0, key="floor_form_minutes_per_occurrence")
        st.number_input("People who do it", value=1, step=1, key="floor_form_people_count")
        submitted = st.form_submit_button("Save pain point", type="primary")
    if submitted:
        st.success(f"Saved. Thank you! ({len(title)} characters)")
