"""The two plain web addresses the app adds beside Streamlit's own (`server.py` mounts them).

- `POST /auth/handoff`: the browser swaps a one-time code (in the request's body, never the address)
  for its session cookie: HttpOnly, SameSite=Lax, 12 hours, Secure behind HTTPS. The sign-in page
  makes the code after checking the password (or the organisation's sign-in) and sends the browser
  here at once; it then goes back to the app.
- `POST /auth/sign-out`: the session ends on the server and the cookie goes (then, after an organisation
  sign-in, Streamlit's own `/auth/logout` ends that too).

Both answer with a redirect to the app, so nothing is shown here and nothing is typed here.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from aiadopt.domain.accounts import SESSION_HOURS
from aiadopt.services import accounts
from aiadopt.services.database import open_database

SESSION_COOKIE = "aiadopt_session"
STREAMLIT_IDENTITY_COOKIE = "_streamlit_user"  # set by st.login (organisation sign-in), ended at /auth/logout
HANDOFF_PATH, SIGN_OUT_PATH = "/auth/handoff", "/auth/sign-out"


def _back(request: Request) -> RedirectResponse:
    return RedirectResponse("/", status_code=303)


async def handoff(request: Request) -> RedirectResponse:
    form = await request.form()
    db = open_database()
    try:
        token = accounts.take_handoff(db, str(form.get("code") or ""))
    finally:
        db.conn.close()
    response = _back(request)
    if token:
        response.set_cookie(
            SESSION_COOKIE,
            token,
            max_age=SESSION_HOURS * 3600,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https",
            path="/",
        )
    return response


async def sign_out(request: Request) -> RedirectResponse:
    db = open_database()
    try:
        accounts.end_session(db, request.cookies.get(SESSION_COOKIE, ""))
    finally:
        db.conn.close()
    # Signed in through the organisation: Streamlit's own sign-out (its identity cookie) comes next.
    organisation = STREAMLIT_IDENTITY_COOKIE in request.cookies
    response = RedirectResponse("/auth/logout" if organisation else "/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def routes() -> list[Route]:
    return [Route(HANDOFF_PATH, handoff, methods=["POST"]), Route(SIGN_OUT_PATH, sign_out, methods=["POST"])]


def post_to(path: str, fields: dict[str, str]) -> str:
    """Our own HTML that sends the browser to one of these addresses at once, with a form's body
    (the values are ours: a one-time code, never anything typed)."""
    inputs = "".join(f'<input type="hidden" name="{name}" value="{value}">' for name, value in fields.items())
    return (
        f'<form id="aiadopt-post" method="post" action="{path}">{inputs}</form>'
        '<script>document.getElementById("aiadopt-post").submit()</script>'
    )
