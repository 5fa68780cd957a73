"""The server: the app (`app.py`) with the two sign-in addresses of `aiadopt/ui/web.py` beside it.

`make run` and `scripts/serve.py` run this file with `streamlit run`; the organisation's sign-in,
when configured, comes from `.streamlit/secrets.toml` (see README, "Accounts and sign-in").
"""

import streamlit as st

from aiadopt.ui.web import routes

app = st.App("app.py", routes=routes())
