"""One browser tab spoken as Streamlit's own websocket protocol (no browser), and the participant on it.

`RoomClient` opens `/_stcore/stream` like the frontend and sends `BackMsg.rerun_script` (query, page,
widget states, fragment id, browser context) to open a page, submit a form or switch page. Its own
task reads every `ForwardMsg`: the page as a flat tree of elements by delta path, pruned like the
frontend's when a run finishes; the query the app sets (e.g. `me=TOKEN`); the navigation; polling
fragments (`auto_rerun`), rerun on a timer. An action is timed from its BackMsg to the end of the run
it caused. Unlike a browser it sends values only for widgets it set, reports no cached messages and
loads no static files. A `Participant` is one person on a tab: join, add pain points, vote.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import urllib.parse
from collections import Counter, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.typing import Origin, Subprotocol

CONNECT = {"max_size": None, "ping_interval": None, "close_timeout": 2}  # no pings: a browser sends none
ESSENTIAL = ("department_id", "title", "description", "frequency_count", "frequency_period")
ESSENTIAL += ("minutes_per_occurrence", "people_count")  # the capture form's first screen
VOTE_KEY = re.compile(r"^vote_-?\d+$")  # single pain points have negative candidate ids
# The app's confirmations (app_pages/contribute.py, app_pages/vote.py), in English; `confirmations` says
# them in the participant's language, from the same catalogues the app reads.
SAVED_NOTE = "Saved. Thank you! Add another one whenever you are ready."
VOTES_NOTE = ("Saved: {total} of {n} vote.", "Saved: {total} of {n} votes.")


def confirmations(language: str = "en") -> tuple[str, re.Pattern]:
    """The start of the capture form's confirmation, and a pattern for the vote page's (votes saved, allowed)."""
    from aiadopt.i18n.catalogues import translations

    catalogue = translations(language)
    saved = (catalogue.gettext(SAVED_NOTE) or SAVED_NOTE).split(".")[0].split("!")[0]
    votes = catalogue.ngettext(*VOTES_NOTE, 5) or VOTES_NOTE[1]
    pattern = re.escape(votes.rstrip(".")).replace(re.escape("{total}"), r"(\d+)").replace(re.escape("{n}"), r"(\d+)")
    return saved, re.compile(pattern)


FINISHED, FRAGMENT_FINISHED = ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
EARLY, COMPILE_ERROR = ForwardMsg.FINISHED_EARLY_FOR_RERUN, ForwardMsg.FINISHED_WITH_COMPILE_ERROR

Problem = namedtuple("Problem", "kind detail client")  # what went wrong for one tab, of which kind


class ActionResult(NamedTuple):
    """How one action ended: seconds from its BackMsg to the end of its run, and the alerts that run drew."""

    seconds: float
    status: str  # "finished", "timeout", "disconnected", "interrupted" or "compile_error"
    texts: list[str] = []

    @property
    def ok(self) -> bool:
        return self.status == "finished"


class Element(NamedTuple):
    """An element or block as its run sent it; a widget's id is `$$ID-<hash>-<user key>`."""

    kind: str  # the Element oneof name, or "block"
    proto: Any
    fragment_id: str
    id: str = ""
    key: str = ""
    form_id: str = ""


@dataclass
class _Action:
    sent: float
    fragment_id: str
    future: asyncio.Future
    started: bool = False  # a run of this action began
    continued: bool = False  # a run of this action ended early for a rerun: its next run must follow
    orphaned: bool = False  # ...but another run came instead: the rerun the action needed was dropped
    early_texts: list[str] = field(default_factory=list)  # messages its early-ended run had drawn

    def owns(self, fragments: tuple[str, ...]) -> bool:
        """Whether a run of these fragments can be this action's run (a full run can be any action's)."""
        return not fragments or (bool(self.fragment_id) and self.fragment_id in fragments)


def _text(kind: str, proto: Any) -> str:
    return f"{proto.type}: {proto.message}" if kind == "exception" else str(getattr(proto, "body", ""))


class RoomClient:
    """One simulated browser tab on a Streamlit server."""

    def __init__(self, base_url: str, name: str = "", timeout: float = 60.0) -> None:
        self.base_url, self.name, self.timeout = base_url.rstrip("/"), name, timeout
        self.problems: list[Problem] = []
        self.query_string = self.page_script_hash = ""
        self.pages: dict[str, Any] = {}  # page script hash -> AppPage proto
        self.poll_intervals: dict[str, float] = {}  # fragment id -> seconds, as announced by auto_rerun
        self.auto_reruns_sent = 0
        self.connected = self.running = self._closing = False  # running: a run started, not yet finished
        self._ws = self._reader = self._action = None
        self._nodes: dict[tuple[int, ...], Element] = {}
        self._touched: set[tuple[int, ...]] = set()  # paths drawn by the current run
        self._run_fragments: tuple[str, ...] = ()
        self._states: dict[str, WidgetState] = {}  # widget id -> the value this tab gave it
        self._polls: dict[str, tuple[float, asyncio.Task]] = {}
        self._changed = asyncio.Event()  # set by every message (and the end of the connection)

    def problem(self, kind: str, detail: str) -> None:
        self.problems.append(Problem(kind, detail[:300], self.name))

    async def open(self, query: str = "") -> ActionResult:
        """Open the app's address with this query: connect, ask for the first run, wait for its end."""
        start = time.perf_counter()  # the time includes the websocket handshake
        self.query_string = query.lstrip("?")
        url = "ws" + self.base_url.removeprefix("http") + "/_stcore/stream"
        try:
            opening = connect(url, subprotocols=[Subprotocol("streamlit")], origin=Origin(self.base_url), **CONNECT)
            self._ws = await asyncio.wait_for(opening, self.timeout)
        except (OSError, TimeoutError, WebSocketException) as failure:
            self.problem("connect", repr(failure))
            return ActionResult(time.perf_counter() - start, "disconnected")
        self.connected = True
        self._reader = asyncio.create_task(self._read(), name=f"read {self.name}")
        return await self._act(self._rerun([], page=""), "", start)

    async def close(self) -> None:
        self._closing = True
        self._stop_polls()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._ws.close(), 5)
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        self.connected = False

    async def _send(self, message: BackMsg) -> bool:
        if self._ws is None or not self.connected:
            return False
        try:
            await self._ws.send(message.SerializeToString())
        except (ConnectionClosed, OSError) as failure:
            if not self._closing:
                self.problem("disconnect", f"send failed: {failure!r}")
            return False
        return True

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                message = ForwardMsg()
                message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
                self._handle(message, time.perf_counter())
        except ConnectionClosed:
            pass
        except Exception as failure:  # a bug in handling a message must show, not hang the bench
            self.problem("client", repr(failure))
        finally:
            self.connected = False
            self._stop_polls()
            if not self._closing:
                self.problem("disconnect", "the server closed the connection")
            if self._action is not None and not self._action.future.done():
                self._action.future.set_result((time.perf_counter(), "disconnected", []))
            self._changed.set()

    def _rerun(self, states: Iterable[WidgetState], fragment: str = "", page: str | None = None) -> BackMsg:
        message = BackMsg()
        state = message.rerun_script
        state.query_string, state.fragment_id = self.query_string, fragment
        state.page_script_hash = self.page_script_hash if page is None else page
        state.widget_states.widgets.extend(states)
        context = state.context_info
        context.timezone, context.timezone_offset, context.locale, context.color_scheme = "UTC", 0, "en-GB", "light"
        context.url = f"{self.base_url}/{self.current_page()}" + (f"?{self.query_string}" if self.query_string else "")
        return message

    async def _act(self, message: BackMsg, fragment_id: str, start: float | None = None) -> ActionResult:
        if self._action is not None:
            raise RuntimeError(f"{self.name}: one action at a time")
        self._action = action = _Action(start or time.perf_counter(), fragment_id, asyncio.Future())
        try:
            if not await self._send(message):
                return ActionResult(time.perf_counter() - action.sent, "disconnected")
            ended, status, texts = await asyncio.wait_for(asyncio.shield(action.future), self.timeout)
            return ActionResult(ended - action.sent, status, texts)
        except TimeoutError:
            self.problem("timeout", f"no script_finished within {self.timeout:.0f} s")
            return ActionResult(time.perf_counter() - action.sent, "timeout")
        finally:
            self._action = None

    async def rerun(self) -> ActionResult:
        """Rerun the current page with the tab's query (what a changed address does)."""
        return await self._act(self._rerun(self._states.values()), "")

    def set(self, widget: Element, value: Any) -> None:
        """Give a widget a value, sent with the next rerun (a form's with its submit, which comes next)."""
        state = WidgetState(id=widget.id)
        if widget.kind in ("text_input", "text_area"):
            state.string_value = str(value)
        elif widget.kind == "number_input":
            state.double_value = float(value)
        elif widget.kind in ("selectbox", "radio") and str(value) in widget.proto.options:
            state.string_value = str(value)  # the option's label, as the frontend sends it
        else:
            raise ValueError(f"{widget.key}: cannot set a {widget.kind} to {value!r}")
        self._states[widget.id] = state

    async def submit(self, form_id: str) -> ActionResult:
        """Press the submit button of a form."""
        if (button := self.submit_button(form_id)) is None:
            raise LookupError(f"{self.name}: form {form_id!r} has no submit button on the page")
        states = [*self._states.values(), WidgetState(id=button.id, trigger_value=True)]
        return await self._act(self._rerun(states, button.fragment_id), button.fragment_id)

    async def go_to(self, url_pathname: str) -> ActionResult:
        """Click the navigation entry with this address: the query goes (the tab sets no widget that stays)."""
        page = next((p for p in self.pages.values() if p.url_pathname == url_pathname), None)
        if page is None:
            raise LookupError(f"{self.name}: no page {url_pathname!r} in the navigation")
        self.query_string = ""
        return await self._act(self._rerun([], page=page.page_script_hash), "")

    async def wait_for(self, condition: Callable[[], Any], timeout: float) -> float | None:
        """Wait (reading the socket all along) until `condition()` holds; the moment it first held, or None."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while not condition():
                    if not self.connected:
                        return None
                    self._changed.clear()
                    await self._changed.wait()
                return time.perf_counter()
        return None

    def _handle(self, message: ForwardMsg, now: float) -> None:
        kind = message.WhichOneof("type")
        if kind == "new_session":
            self._started(tuple(message.metadata.run.fragment_ids))
        elif kind == "delta":
            self._drawn(message)
        elif kind == "script_finished":
            self._finished(message, now)
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "navigation":
            self.pages = {page.page_script_hash: page for page in message.navigation.app_pages}
            self.page_script_hash = message.navigation.page_script_hash
        elif kind == "auto_rerun":
            self._poll_every(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            self._stop_polls(message.stop_auto_rerun.fragment_ids)
        self._changed.set()

    def _started(self, fragments: tuple[str, ...]) -> None:
        self.running, self._run_fragments, self._touched = True, fragments, set()
        if not fragments:  # a full run: the frontend drops its polling timers; the run announces them again
            self._stop_polls()
        if self._action is not None and self._action.owns(fragments):
            self._action.started, self._action.orphaned = True, False
        elif self._action is not None and self._action.continued:
            self._action.orphaned = True

    def _drawn(self, message: ForwardMsg) -> None:
        path, delta = tuple(message.metadata.delta_path), message.delta
        if delta.WhichOneof("type") == "add_block":
            self._nodes[path] = Element("block", delta.add_block, delta.fragment_id)
        elif delta.WhichOneof("type") == "new_element":
            kind = delta.new_element.WhichOneof("type") or "empty"
            proto = getattr(delta.new_element, kind)
            if kind == "exception":
                self.problem("exception", _text(kind, proto))
            if getattr(proto, "set_value", False):  # the script set this widget: its value wins over ours
                self._states.pop(proto.id, None)
            wid = getattr(proto, "id", "")
            wid = wid if isinstance(wid, str) and wid.startswith("$$ID-") else ""
            key = wid.split("-", 2)[2] if wid.count("-") >= 2 else ""
            self._nodes[path] = Element(kind, proto, delta.fragment_id, wid, key, getattr(proto, "form_id", ""))
        else:
            return
        self._touched.add(path)

    def _finished(self, message: ForwardMsg, now: float) -> None:
        status, action = message.script_finished, self._action
        fragments = (
            tuple(message.metadata.run.fragment_ids) if message.metadata.HasField("run") else self._run_fragments
        )
        if status == FINISHED:  # elements the run did not draw are gone, and so are their widgets' values
            self._nodes = {p: n for p, n in self._nodes.items() if p in self._touched}
            alive = {w.id for w in self.widgets()}
            self._states = {k: v for k, v in self._states.items() if k in alive}
        elif status == FRAGMENT_FINISHED:
            self._nodes = {p: n for p, n in self._nodes.items() if p in self._touched or n.fragment_id not in fragments}
        elif status == COMPILE_ERROR:
            self.problem("exception", "script finished with a compile error")
        if status == EARLY:
            if action is not None and action.started and action.owns(fragments):
                action.continued, action.early_texts = True, self.last_run_texts()
            return
        self.running = False
        if action is None or action.future.done():
            return
        if action.started and action.owns(fragments):
            result = "compile_error" if status == COMPILE_ERROR else "finished"
            action.future.set_result((now, result, self.last_run_texts()))
        elif action.orphaned and action.early_texts:
            # Streamlit ends a run "early for a rerun" when another request (a poll) waits as it ends, even
            # when the run drew everything: the page keeps what it drew, and that is the answer.
            action.future.set_result((now, "finished", action.early_texts))
        elif action.orphaned:  # the rerun the action's run asked for was dropped: the answer never comes
            self.problem("interrupted", "the action's rerun was interrupted by another run and never finished")
            action.future.set_result((now, "interrupted", self.last_run_texts()))

    def _poll_every(self, fragment_id: str, interval: float) -> None:
        if not fragment_id or interval <= 0 or self._polls.get(fragment_id, (0,))[0] == interval:
            return
        self.poll_intervals[fragment_id] = interval
        self._stop_polls([fragment_id])
        self._polls[fragment_id] = (interval, asyncio.create_task(self._poll(fragment_id, interval)))

    async def _poll(self, fragment_id: str, interval: float) -> None:
        while self.connected:  # until the next full run, a stop_auto_rerun, or close()
            await asyncio.sleep(interval)
            message = self._rerun(self._states.values(), fragment_id)
            message.rerun_script.is_auto_rerun = True
            self.auto_reruns_sent += await self._send(message)

    def _stop_polls(self, fragment_ids: Iterable[str] | None = None) -> None:
        for fragment_id in list(self._polls if fragment_ids is None else fragment_ids):
            if (entry := self._polls.pop(fragment_id, None)) is not None:
                entry[1].cancel()

    def widgets(self, kind: str | None = None) -> list[Element]:
        """Every widget on the page (of one kind), in page order."""
        return [e for _, e in sorted(self._nodes.items()) if e.id and (kind is None or e.kind == kind)]

    def find(self, key: str) -> Element | None:
        return next((w for w in self.widgets() if w.key == key), None)

    def submit_button(self, form_id: str) -> Element | None:
        return next((w for w in self.widgets("button") if w.proto.is_form_submitter and w.form_id == form_id), None)

    def last_run_texts(self) -> list[str]:
        """The alerts drawn by the last run (or fragment run): the answer to an action."""
        drawn = [n for p, n in sorted(self._nodes.items()) if p in self._touched and n.kind in ("alert", "toast")]
        return [text for text in (_text(n.kind, n.proto) for n in drawn) if text]

    def current_page(self) -> str:
        """The url pathname of the page the session runs; "" for the default page."""
        page = self.pages.get(self.page_script_hash)
        return page.url_pathname if page is not None else ""


class Participant(RoomClient):
    """One person in the room on a tab, and what happened to them."""

    token = ""  # their identity from their address (`me=`)
    joined: ActionResult | None = None
    followed: float | None = None  # seconds from the phase change until the app moved this screen
    opened_vote = False  # not moved in time: opened the vote page from the menu
    vote_save: ActionResult | None = None
    votes_acknowledged = 0

    def __init__(self, base_url: str, name: str = "", timeout: float = 60.0, language: str = "en") -> None:
        super().__init__(base_url, name, timeout)
        self.saved_note, self.votes_saved = confirmations(language)
        self.submits: list[ActionResult] = []
        self.sent, self.acknowledged = [], []  # titles submitted, and those whose save was confirmed
        self.rejected: list[str] = []  # what the app answered instead of "Saved"

    async def step(self, what: str, action) -> None:
        """One step; an exception in it is this participant's error (kind `<step>: <exception>`)."""
        try:
            await action
        except Exception as failure:
            self.problem(f"{what}: {type(failure).__name__}", str(failure))
        self.token = dict(urllib.parse.parse_qsl(self.query_string)).get("me", self.token)

    async def join(self, query: str) -> None:
        self.joined = await self.open(query)

    async def add_pain_point(self, title: str, rng, timeout: float) -> None:
        """Fill the capture form's first screen (a department chosen explicitly) and send it."""

        def form_id() -> str:  # the capture form, once it is drawn whole and no run is going
            box = next((w for w in self.widgets("text_input") if w.key.endswith("_title")), None)
            return box.form_id if box and self.submit_button(box.form_id) and not self.running else ""

        await self.wait_for(form_id, timeout)
        if not (form := form_id()):
            self.rejected.append("no capture form with its submit button on the page")
            return
        widgets = {name: self.find(f"{form}_{name}") for name in ESSENTIAL}
        if missing := [name for name, widget in widgets.items() if widget is None]:
            raise LookupError(f"capture form {form} has no widget keyed {form}_{', _'.join(missing)}")
        values = {
            "department_id": rng.choice(widgets["department_id"].proto.options),
            "title": title,
            "description": "The numbers are typed again by hand from one system into the other.",
            "frequency_count": rng.randint(1, 10),
            "frequency_period": rng.choice(widgets["frequency_period"].proto.options[:3]),
            "minutes_per_occurrence": rng.choice([5, 15, 30]),
            "people_count": rng.randint(1, 12),
        }
        for name, value in values.items():
            self.set(widgets[name], value)
        self.sent.append(title)
        before = len(self.problems)
        self.submits.append(result := await self.submit(form))
        if result.ok and any(self.saved_note in text for text in result.texts):
            self.acknowledged.append(title)
        elif result.ok and len(self.problems) == before:
            self.rejected.append(" / ".join(result.texts) or "no message after the submit")

    async def save_votes(self, rng, timeout: float) -> None:
        """Put all the votes allowed on up to 3 of the problems shown and press Save my votes."""

        def inputs() -> list[Element]:  # the vote form, once it is drawn whole and no run is going
            found = [w for w in self.widgets("number_input") if VOTE_KEY.match(w.key)]
            return found if found and self.submit_button(found[0].form_id) and not self.running else []

        await self.wait_for(inputs, timeout)
        if not (shown := inputs()):
            self.rejected.append(f"no vote form on page {self.current_page()!r}")
            return
        chosen = rng.sample(shown, min(3, len(shown)))
        spread = Counter(rng.randrange(len(chosen)) for _ in range(int(shown[0].proto.max)))
        for number, widget in enumerate(chosen):
            self.set(widget, spread[number])
        before = len(self.problems)
        self.vote_save = result = await self.submit(shown[0].form_id)
        if result.ok and (found := next(filter(None, map(self.votes_saved.search, result.texts)), None)):
            self.votes_acknowledged = int(found.group(1))
        elif result.ok and len(self.problems) == before:
            self.rejected.append("votes: " + (" / ".join(result.texts) or "no message after saving"))
