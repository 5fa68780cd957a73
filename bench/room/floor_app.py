"""The live-room bench's floor: a bare Streamlit page with the participant pages' widgets, no app code.

The query chooses what is drawn: nothing, the capture form's 7 essential widgets keyed like the app's
(`contribute_form_0_<field>`); `form=vote&n=K&dots=D`, a form of K number inputs keyed `vote_<i>`
(0..D votes each); `poll=S`, also a fragment rerun every S seconds like the app's room check. The
start-up heap is frozen once (`gc.freeze()`), as the app does.
"""

import gc

import streamlit as st

DEPARTMENTS = ["Finance", "Sales", "Operations", "People", "Customer service"]
PERIODS = ["day", "week", "month", "year"]
FORM = "contribute_form_0"
params = st.query_params


@st.cache_resource(show_spinner=False)
def freeze_startup_heap() -> bool:
    gc.freeze()  # Streamlit's own start-up objects stay out of every later full collection
    return True


@st.fragment(run_every=float(params.get("poll") or 0) or None)
def room_check() -> None:
    st.caption("Checked the room.")


freeze_startup_heap()
if float(params.get("poll") or 0) > 0:
    room_check()
if params.get("form") == "vote":
    dots = int(params.get("dots") or 5)
    st.title("Vote")
    with st.form("vote_form"):
        chosen = [
            st.number_input("Votes", min_value=0, max_value=dots, step=1, value=0, key=f"vote_{i + 1}")
            for i in range(int(params.get("n") or 10))
        ]
        submitted = st.form_submit_button("Save my votes", type="primary")
    if submitted:
        st.success(f"Saved: {sum(chosen)} of {dots} votes.")
else:
    st.title("Floor")
    with st.form(FORM):
        st.selectbox("Department", DEPARTMENTS, index=None, key=f"{FORM}_department_id")
        title = st.text_input("Short title", key=f"{FORM}_title")
        st.text_area("What goes wrong", height=100, key=f"{FORM}_description")
        st.number_input("How many times", value=1.0, step=1.0, key=f"{FORM}_frequency_count")
        st.selectbox("Per", PERIODS, index=1, format_func=lambda p: f"per {p}", key=f"{FORM}_frequency_period")
        st.number_input("Minutes each time", value=None, step=1.0, key=f"{FORM}_minutes_per_occurrence")
        st.number_input("People who do it", value=1, step=1, key=f"{FORM}_people_count")
        submitted = st.form_submit_button("Save pain point", type="primary")
    if submitted:
        st.success(f"Saved. Thank you! ({len(title)} characters)")
