"""One browser tab, spoken as Streamlit's own websocket protocol (no browser): the client of bench/live_room.py.

A `RoomClient` opens `/_stcore/stream` like the Streamlit frontend does and then behaves like a tab:
- it sends `BackMsg.rerun_script` (a `ClientState`: query string, page script hash or page name, widget
  states, fragment id, browser context) to open a page, change a widget, submit a form or follow a link;
- it reads every `ForwardMsg` all the time, in its own task: `new_session` (a run starts; which page,
  which fragments), `delta` (elements and blocks at their delta paths, which it keeps as a flat tree and
  prunes like the frontend when a run finishes), `script_finished`, `page_info_changed` (the app changed
  the query, e.g. `me=TOKEN`, which is sent back with every later rerun), `navigation` (the pages and
  the page really running), `page_not_found`, `auto_rerun` / `stop_auto_rerun` (an
  `st.fragment(run_every=...)`: like the frontend, the client then sends a fragment rerun with
  `is_auto_rerun` on a timer, and the server answers with a fragment run nobody clicked for);
- it times each action from sending its BackMsg to the `script_finished` of the run it caused (a
  `st.rerun()` inside that run is followed to the end; fragment runs from polling timers are told apart
  by their run identity).

Widgets are found by their user key: Streamlit widget ids are `$$ID-<hash>-<key>`. Values are sent the
way the frontend sends them (text: string, number input: double, selectbox and radio: the option's
label, checkbox: bool, buttons: a trigger). Values of widgets inside a form are held until the form's
submit button is pressed and then sent together with its trigger, as the frontend does.

Differences from a browser, on purpose: the client sends values only for widgets it has set (the
frontend also reports the defaults of untouched widgets; the server already holds those), reports no
cached message hashes (so the server always sends whole messages, never `ref_hash` references), loads
no static files and sends no heartbeats (the frontend sends those only when embedded).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, WebSocketException
from websockets.typing import Origin, Subprotocol

ID_PREFIX = "$$ID-"
WIDGET_KINDS = frozenset(
    {
        "audio_input",
        "button",
        "button_group",
        "camera_input",
        "chat_input",
        "checkbox",
        "color_picker",
        "date_input",
        "date_time_input",
        "download_button",
        "feedback",
        "file_uploader",
        "menu_button",
        "multiselect",
        "number_input",
        "pagination",
        "radio",
        "selectbox",
        "slider",
        "text_area",
        "text_input",
        "time_input",
    }
)
TEXT_KINDS = ("alert", "toast", "markdown", "text", "heading", "exception")
SUCCESS = 4  # Alert.Format.SUCCESS
ERROR = 1  # Alert.Format.ERROR
FINISHED_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN


@dataclass
class Problem:
    """Something that went wrong for one client: an exception, a timeout, a disconnect, a missing page."""

    kind: str
    detail: str
    client: str = ""
    at: float = field(default_factory=time.perf_counter)


@dataclass
class ActionResult:
    """How one action ended: seconds from sending the BackMsg to the `script_finished` of its run."""

    seconds: float
    status: str  # "finished", "timeout", "disconnected", "interrupted" or "compile_error"
    texts: list[str] = field(default_factory=list)  # alerts and toasts drawn by the run that ended it

    @property
    def ok(self) -> bool:
        """True when the run the action caused finished (its page may still show a message)."""
        return self.status == "finished"


@dataclass
class Node:
    """One element or block of the page, at its delta path."""

    path: tuple[int, ...]
    kind: str  # the Element or Block oneof name; blocks are "block:<name>"
    proto: Any
    fragment_id: str
    script_hash: str


@dataclass
class Widget:
    """A widget on the page: its id, user key, kind (the Element oneof name) and proto."""

    id: str
    key: str | None
    kind: str
    proto: Any
    form_id: str
    fragment_id: str

    @property
    def options(self) -> list[str]:
        """The labels of a selectbox, radio or multiselect."""
        return list(getattr(self.proto, "options", []))


@dataclass
class _Action:
    sent: float
    fragment_id: str
    future: asyncio.Future
    started: bool = False  # a run of this action began
    continued: bool = False  # a run of this action ended early for a rerun: its next run must follow
    orphaned: bool = False  # ...but another run came instead: the rerun the action needed was dropped
    early_texts: list[str] = field(default_factory=list)  # messages its early-ended run had drawn


def _belongs(action: _Action, fragments: tuple[str, ...]) -> bool:
    """Whether a run with these fragment ids can be the action's run (a full run can be any action's)."""
    return action.fragment_id in fragments or not fragments if action.fragment_id else not fragments


def user_key(widget_id: str) -> str | None:
    """The user key inside a Streamlit widget id (`$$ID-<hash>-<key>`), or None when it has none."""
    if not widget_id.startswith(ID_PREFIX):
        return None
    parts = widget_id.split("-", 2)
    if len(parts) < 3 or parts[2] == "None":
        return None
    return parts[2]


def element_text(node: Node) -> str:
    """The visible words of a text-like element (alerts, toasts, markdown, headings, exceptions)."""
    proto = node.proto
    if node.kind == "exception":
        return f"{proto.type}: {proto.message}"
    for name in ("body", "title"):
        value = getattr(proto, name, "")
        if value:
            return str(value)
    return ""


class RoomClient:
    """One simulated browser tab on a Streamlit server (see the module docstring)."""

    def __init__(self, base_url: str, name: str = "", timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.timeout = timeout
        self.problems: list[Problem] = []
        self.query_string = ""
        self.path = "/"
        self.page_script_hash = ""
        self.main_script_hash = ""
        self.session_id = ""
        self.pages: dict[str, Any] = {}  # page script hash -> AppPage proto
        self.poll_intervals: dict[str, float] = {}  # fragment id -> seconds, as announced by auto_rerun
        self.page_log: list[tuple[float, str, bool]] = []  # (time, url pathname, during an action of ours)
        self.messages = 0
        self.runs_finished = 0
        self.auto_reruns_sent = 0
        self.connected = False
        self.running = False  # a run started (new_session) and has not finished yet
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task | None = None
        self._closing = False
        self._nodes: dict[tuple[int, ...], Node] = {}
        self._touched: set[tuple[int, ...]] = set()
        self._run_fragments: tuple[str, ...] = ()
        self._committed: dict[str, WidgetState] = {}
        self._pending_forms: dict[str, dict[str, WidgetState]] = {}
        self._auto: dict[str, tuple[float, asyncio.Task]] = {}
        self._action: _Action | None = None
        self._late: _Action | None = None  # the last action that timed out, until its run ends
        self.late_finishes: list[float] = []  # seconds after sending at which timed-out actions ended
        self.timeout_traces: list[list[tuple[float, str, str]]] = []
        self.interrupted_traces: list[list[tuple[float, str, str]]] = []
        self.trace: deque[tuple[float, str, str]] = deque(maxlen=200)  # recent runs and reruns, for debugging
        self._waiters: list[tuple[Callable[[], bool], asyncio.Future]] = []
        self._transients: list[str] = []
        self._navigation_seen = False  # st.navigation apps: its messages say which pages exist

    # --- connection ------------------------------------------------------------------------

    def _problem(self, kind: str, detail: str) -> None:
        self.problems.append(Problem(kind, detail[:300], self.name))

    def url(self) -> str:
        """The address this tab shows (path and query)."""
        query = f"?{self.query_string}" if self.query_string else ""
        return f"{self.base_url}{self.path}{query}"

    def query_params(self) -> dict[str, str]:
        """The current query of the tab's address, as the app last set it."""
        return dict(urllib.parse.parse_qsl(self.query_string))

    async def open(self, path: str = "/", query: str = "") -> ActionResult:
        """Open a page like typing its address: connect, ask for the first run, wait for it to finish.

        The time includes the websocket handshake.
        """
        start = time.perf_counter()
        self.path = path if path.startswith("/") else f"/{path}"
        self.query_string = query.lstrip("?")
        ws_url = "ws" + self.base_url[len("http") :] + "/_stcore/stream"
        try:
            self._ws = await asyncio.wait_for(
                connect(
                    ws_url,
                    subprotocols=[Subprotocol("streamlit")],
                    origin=Origin(self.base_url),
                    max_size=None,
                    ping_interval=None,
                    close_timeout=2,
                ),
                self.timeout,
            )
        except (OSError, TimeoutError, WebSocketException) as problem:
            self._problem("connect", repr(problem))
            return ActionResult(time.perf_counter() - start, "disconnected")
        self.connected = True
        self._reader = asyncio.create_task(self._read(), name=f"read {self.name}")
        # Like the frontend's first rerun: no page hash yet, the page named by the address's path.
        message = self._rerun_message(self._committed_states(), page_script_hash="", page_name=self.path.strip("/"))
        return await self._act(message, "", start)

    async def close(self) -> None:
        """Close the tab: stop the polling timers and the socket."""
        self._closing = True
        self._cancel_auto()
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
        if message.WhichOneof("type") == "rerun_script":
            state = message.rerun_script
            triggers = [w.id[-30:] for w in state.widget_states.widgets if w.trigger_value]
            self.trace.append(
                (time.perf_counter(), "rerun_script", f"{state.fragment_id!r} auto={state.is_auto_rerun} {triggers}")
            )
        try:
            await self._ws.send(message.SerializeToString())
        except (ConnectionClosed, OSError) as problem:
            if not self._closing:
                self._problem("disconnect", f"send failed: {problem!r}")
            return False
        return True

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for raw in self._ws:
                message = ForwardMsg()
                message.ParseFromString(raw if isinstance(raw, bytes) else raw.encode())
                self.messages += 1
                self._handle(message, time.perf_counter())
        except ConnectionClosed:
            pass
        except asyncio.CancelledError:
            raise
        except Exception as problem:  # a bug in handling a message must show, not hang the bench
            self._problem("client", repr(problem))
        finally:
            self.connected = False
            self._cancel_auto()
            if not self._closing:
                self._problem("disconnect", "the server closed the connection")
            if self._action is not None and not self._action.future.done():
                self._action.future.set_result((time.perf_counter(), "disconnected", []))
            self._wake_waiters(force=True)

    # --- what the tab sends ----------------------------------------------------------------

    def _rerun_message(
        self,
        states: Iterable[WidgetState],
        *,
        fragment_id: str = "",
        page_script_hash: str | None = None,
        page_name: str = "",
        query_string: str | None = None,
        is_auto_rerun: bool = False,
    ) -> BackMsg:
        message = BackMsg()
        client_state = message.rerun_script
        client_state.query_string = self.query_string if query_string is None else query_string
        client_state.page_script_hash = self.page_script_hash if page_script_hash is None else page_script_hash
        client_state.page_name = page_name
        client_state.fragment_id = fragment_id
        client_state.is_auto_rerun = is_auto_rerun
        client_state.widget_states.widgets.extend(states)
        context = client_state.context_info
        context.timezone = "UTC"
        context.timezone_offset = 0
        context.locale = "en-GB"
        context.url = self.url()
        context.is_embedded = False
        context.color_scheme = "light"
        return message

    def _committed_states(self, only_script: str | None = None) -> list[WidgetState]:
        if only_script is None:
            return list(self._committed.values())
        keep = {w.id for w in self.widgets() if self._node_of(w.id).script_hash == only_script}
        return [state for wid, state in self._committed.items() if wid in keep]

    async def _act(self, message: BackMsg, fragment_id: str, start: float | None = None) -> ActionResult:
        if self._action is not None:
            raise RuntimeError(f"{self.name}: one action at a time")
        loop = asyncio.get_running_loop()
        action = _Action(start if start is not None else time.perf_counter(), fragment_id, loop.create_future())
        self._action = action
        self._late = None
        try:
            if not await self._send(message):
                return ActionResult(time.perf_counter() - action.sent, "disconnected")
            try:
                ended, status, texts = await asyncio.wait_for(asyncio.shield(action.future), self.timeout)
            except TimeoutError:
                self._problem("timeout", f"no script_finished within {self.timeout:.0f} s")
                self.timeout_traces.append(list(self.trace))
                self._late = action  # its run may still end: late_finishes says when
                return ActionResult(time.perf_counter() - action.sent, "timeout")
            return ActionResult(ended - action.sent, status, texts)
        finally:
            self._action = None

    async def rerun(self) -> ActionResult:
        """Rerun the current page (what a widget change outside a form or the R key does)."""
        return await self._act(self._rerun_message(self._committed_states()), "")

    def set(self, widget: Widget, value: Any) -> None:
        """Give a widget a value; inside a form it waits for the submit, elsewhere for the next rerun."""
        state = _widget_state(widget, value)
        if widget.form_id:
            self._pending_forms.setdefault(widget.form_id, {})[widget.id] = state
        else:
            self._committed[widget.id] = state

    async def change(self, widget: Widget, value: Any) -> ActionResult:
        """Change a widget outside a form: the page (or the widget's fragment) reruns at once."""
        if widget.form_id:
            raise ValueError(f"{widget.key} is in form {widget.form_id}: use set() then submit()")
        self.set(widget, value)
        message = self._rerun_message(self._committed_states(), fragment_id=widget.fragment_id)
        return await self._act(message, widget.fragment_id)

    async def click(self, button: Widget) -> ActionResult:
        """Press a button; a form's submit button sends the form's held values with its trigger."""
        if button.kind != "button":
            raise ValueError(f"{button.key} is a {button.kind}, not a button")
        states = dict(self._committed)
        if button.proto.is_form_submitter:
            held = self._pending_forms.pop(button.form_id, {})
            states.update(held)
            self._committed.update(held)
        trigger = WidgetState(id=button.id, trigger_value=True)
        message = self._rerun_message([*states.values(), trigger], fragment_id=button.fragment_id)
        return await self._act(message, button.fragment_id)

    async def submit(self, form_id: str) -> ActionResult:
        """Press the (first) submit button of a form."""
        button = self.submit_button(form_id)
        if button is None:
            raise LookupError(f"{self.name}: form {form_id!r} has no submit button on the page")
        return await self.click(button)

    async def go_to_page(self, page_script_hash: str, query_string: str = "") -> ActionResult:
        """Switch page like the navigation menu or a page link: only the shared (main script) widget
        states are kept, the query becomes the link's query (a menu entry has none)."""
        states = self._committed_states(only_script=self.main_script_hash)
        message = self._rerun_message(states, page_script_hash=page_script_hash, query_string=query_string)
        self.query_string = query_string
        return await self._act(message, "")

    async def follow_link(self, link: Any) -> ActionResult:
        """Click an `st.page_link` (a PageLink proto from `page_links()`)."""
        return await self.go_to_page(link.page_script_hash, link.query_string)

    async def go_to(self, url_pathname: str) -> ActionResult:
        """Click the navigation menu entry whose address is `url_pathname` (e.g. "vote")."""
        page = self.page_named(url_pathname)
        if page is None:
            raise LookupError(f"{self.name}: no page {url_pathname!r} in the navigation")
        return await self.go_to_page(page.page_script_hash)

    async def wait_for(self, condition: Callable[[], bool], timeout: float) -> float | None:
        """Wait (reading the socket all along) until `condition()` holds; the moment it first held, or None."""
        if condition():
            return time.perf_counter()
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._waiters.append((condition, future))
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return None
        finally:
            self._waiters = [(c, f) for c, f in self._waiters if f is not future]

    def _wake_waiters(self, force: bool = False) -> None:
        for condition, future in self._waiters:
            if future.done():
                continue
            if force:
                future.set_result(None)
            elif condition():
                future.set_result(time.perf_counter())

    # --- what the tab reads ----------------------------------------------------------------

    def _handle(self, message: ForwardMsg, now: float) -> None:
        kind = message.WhichOneof("type")
        if kind in ("new_session", "script_finished"):
            run = message.metadata.run
            detail = f"{run.script_run_id[:8]} {list(run.fragment_ids)}"
            if kind == "script_finished":
                detail += f" {ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)}"
            self.trace.append((now, kind, detail))
        if kind == "new_session":
            self._on_new_session(message)
        elif kind == "delta":
            self._on_delta(message)
        elif kind == "script_finished":
            self._on_finished(message, now)
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "navigation":
            navigation = message.navigation
            self._navigation_seen = True
            self.pages = {page.page_script_hash: page for page in navigation.app_pages}
            self._set_page(navigation.page_script_hash, now)
        elif kind == "page_not_found":
            self._problem("page_not_found", f"page {message.page_not_found.page_name!r} not found")
        elif kind == "auto_rerun":
            self._on_auto_rerun(message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in message.stop_auto_rerun.fragment_ids:
                self._stop_auto(fragment_id)
        elif kind == "session_event":
            if message.session_event.HasField("script_compilation_exception"):
                failure = message.session_event.script_compilation_exception
                self._problem("exception", f"compile error {failure.type}: {failure.message}")
        elif kind == "ref_hash":
            self._problem("client", "got a ref_hash although no cached hashes were reported")
        self._wake_waiters()

    def _set_page(self, page_script_hash: str, now: float) -> None:
        if page_script_hash and page_script_hash != self.page_script_hash:
            self.page_script_hash = page_script_hash
            if page_script_hash in self.pages:  # the address bar follows the page, as in the browser
                self.path = "/" + self.current_page()
            self.page_log.append((now, self.current_page(), self._action is not None))

    def _on_new_session(self, message: ForwardMsg) -> None:
        new_session = message.new_session
        if new_session.HasField("initialize") and new_session.initialize.session_id:
            self.session_id = new_session.initialize.session_id
        fragments = tuple(message.metadata.run.fragment_ids)
        self.running = True
        self._run_fragments = fragments
        self._touched = set()
        self._transients = []
        if not fragments:
            # A full run: the frontend drops its polling timers; the run announces them again.
            self._cancel_auto()
            if new_session.main_script_hash:
                self.main_script_hash = new_session.main_script_hash
            if new_session.app_pages and not self._navigation_seen:
                self.pages = {page.page_script_hash: page for page in new_session.app_pages}
            self._set_page(new_session.page_script_hash, time.perf_counter())
        action = self._action or self._late
        if action is not None:
            if _belongs(action, fragments):
                action.started = True
                action.orphaned = False
            elif action.continued:
                action.orphaned = True

    def _on_delta(self, message: ForwardMsg) -> None:
        path = tuple(message.metadata.delta_path)
        delta = message.delta
        which = delta.WhichOneof("type")
        if which == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type") or "empty"
            proto = getattr(element, kind)
            if kind == "exception":
                self._problem("exception", f"{proto.type}: {proto.message}")
            if kind in WIDGET_KINDS and getattr(proto, "set_value", False):
                # The script set this widget's value: the server's value now wins over ours.
                self._committed.pop(proto.id, None)
            node = Node(path, kind, proto, delta.fragment_id, message.metadata.active_script_hash)
        elif which == "add_block":
            block = delta.add_block
            node = Node(path, f"block:{block.WhichOneof('type')}", block, delta.fragment_id, "")
        elif which == "new_transient":
            for element in delta.new_transient.elements:
                kind = element.WhichOneof("type") or "empty"
                self._transients.append(element_text(Node(path, kind, getattr(element, kind), "", "")))
            return
        else:
            return
        self._nodes[path] = node
        self._touched.add(path)

    def _on_finished(self, message: ForwardMsg, now: float) -> None:
        status = message.script_finished
        run = message.metadata.run if message.metadata.HasField("run") else None
        fragments = tuple(run.fragment_ids) if run is not None else self._run_fragments
        if status == ForwardMsg.FINISHED_SUCCESSFULLY:
            # Elements the finished run did not draw are gone; so are the states of their widgets.
            self._nodes = {p: n for p, n in self._nodes.items() if p in self._touched}
            alive = self.widgets()
            alive_ids = {w.id for w in alive}
            alive_forms = {w.form_id for w in alive}
            self._committed = {k: v for k, v in self._committed.items() if k in alive_ids}
            self._pending_forms = {k: v for k, v in self._pending_forms.items() if k in alive_forms}
        elif status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            self._nodes = {p: n for p, n in self._nodes.items() if p in self._touched or n.fragment_id not in fragments}
        elif status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self._problem("exception", "script finished with a compile error")
        if status != FINISHED_EARLY:
            self.runs_finished += 1
            self.running = False
        action = self._action
        if status == FINISHED_EARLY:
            if action is not None and action.started and _belongs(action, fragments):
                action.continued = True
                action.early_texts = self.last_run_texts()
            return
        if action is not None and not action.future.done():
            if action.started and _belongs(action, fragments):
                result = "compile_error" if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR else "finished"
                action.future.set_result((now, result, self.last_run_texts()))
            elif action.orphaned and action.early_texts:
                # Streamlit ends a run "early for a rerun" when another request (a polling fragment's)
                # is waiting as the run ends, even when the run drew everything: the page keeps what
                # it drew, so the person has the answer. The answer is what that run drew.
                action.future.set_result((now, "finished", action.early_texts))
            elif action.orphaned:
                # Streamlit dropped the rerun this action's run asked for (another rerun request, e.g. a
                # polling fragment's, interrupted it): like the browser, the tab never gets the answer.
                self._problem("interrupted", "the action's rerun was interrupted by another run and never finished")
                self.interrupted_traces.append(list(self.trace))
                action.future.set_result((now, "interrupted", self.last_run_texts()))
        elif action is None and self._late is not None and self._late.started and _belongs(self._late, fragments):
            self.late_finishes.append(now - self._late.sent)
            self._late = None

    # --- polling fragments (st.fragment(run_every=...)) --------------------------------------

    def _on_auto_rerun(self, fragment_id: str, interval: float) -> None:
        if not fragment_id or interval <= 0:
            return
        self.poll_intervals[fragment_id] = interval
        current = self._auto.get(fragment_id)
        if current is not None and current[0] == interval:
            return
        self._stop_auto(fragment_id)
        task = asyncio.get_running_loop().create_task(self._poll(fragment_id, interval), name=f"poll {self.name}")
        self._auto[fragment_id] = (interval, task)

    async def _poll(self, fragment_id: str, interval: float) -> None:
        # Runs until the next full run, a stop_auto_rerun, or close() cancels it.
        while self.connected:
            await asyncio.sleep(interval)
            states = self._committed_states()
            message = self._rerun_message(states, fragment_id=fragment_id, is_auto_rerun=True)
            if await self._send(message):
                self.auto_reruns_sent += 1

    def _stop_auto(self, fragment_id: str) -> None:
        entry = self._auto.pop(fragment_id, None)
        if entry is not None:
            entry[1].cancel()

    def _cancel_auto(self) -> None:
        for fragment_id in list(self._auto):
            self._stop_auto(fragment_id)

    @property
    def polling(self) -> bool:
        """True while at least one `run_every` fragment timer runs for this tab."""
        return bool(self._auto)

    # --- looking at the page ------------------------------------------------------------------

    def nodes(self) -> list[Node]:
        """Every element and block on the page, in page order."""
        return [self._nodes[path] for path in sorted(self._nodes)]

    def _node_of(self, widget_id: str) -> Node:
        for node in self._nodes.values():
            if getattr(node.proto, "id", None) == widget_id and node.kind in WIDGET_KINDS:
                return node
        raise LookupError(widget_id)

    def widgets(self) -> list[Widget]:
        """Every widget on the page, in page order."""
        found = []
        for node in self.nodes():
            if node.kind not in WIDGET_KINDS:
                continue
            widget_id = getattr(node.proto, "id", "")
            if widget_id:
                form_id = getattr(node.proto, "form_id", "")
                found.append(Widget(widget_id, user_key(widget_id), node.kind, node.proto, form_id, node.fragment_id))
        return found

    def find(
        self,
        key: str | None = None,
        *,
        suffix: str | None = None,
        prefix: str | None = None,
        kind: str | None = None,
        form_id: str | None = None,
    ) -> Widget | None:
        """The first widget whose user key is `key` (or ends with `suffix` / starts with `prefix`)."""
        for widget in self.find_all(suffix=suffix, prefix=prefix, kind=kind, form_id=form_id):
            if key is None or widget.key == key:
                return widget
        return None

    def find_all(
        self,
        *,
        suffix: str | None = None,
        prefix: str | None = None,
        kind: str | None = None,
        form_id: str | None = None,
    ) -> list[Widget]:
        """Every widget matching all the given tests (a missing key never matches a suffix or prefix)."""
        found = []
        for widget in self.widgets():
            key = widget.key or ""
            if suffix is not None and not (widget.key and key.endswith(suffix)):
                continue
            if prefix is not None and not (widget.key and key.startswith(prefix)):
                continue
            if kind is not None and widget.kind != kind:
                continue
            if form_id is not None and widget.form_id != form_id:
                continue
            found.append(widget)
        return found

    def submit_button(self, form_id: str) -> Widget | None:
        """The first submit button of a form."""
        for widget in self.widgets():
            if widget.kind == "button" and widget.proto.is_form_submitter and widget.form_id == form_id:
                return widget
        return None

    def texts(self, kinds: Iterable[str] = TEXT_KINDS) -> list[str]:
        """The words of text-like elements on the page, and of toasts shown by the last run."""
        wanted = set(kinds)
        words = [element_text(node) for node in self.nodes() if node.kind in wanted]
        return [w for w in words + self._transients if w]

    def last_run_texts(self, kinds: Iterable[str] = ("alert", "toast")) -> list[str]:
        """The words of text-like elements drawn by the last run (or fragment run), and its toasts.

        Use this to read the answer to an action: a message drawn by an earlier run and left
        untouched by a fragment run is not part of the answer.
        """
        wanted = set(kinds)
        words = [element_text(n) for n in self.nodes() if n.kind in wanted and n.path in self._touched]
        return [w for w in words + self._transients if w]

    def alerts(self, alert_format: int | None = None) -> list[str]:
        """The bodies of st.success/info/warning/error messages (all, or of one Alert.Format)."""
        return [
            node.proto.body
            for node in self.nodes()
            if node.kind == "alert" and (alert_format is None or node.proto.format == alert_format)
        ]

    def page_links(self) -> list[Any]:
        """The PageLink protos of the page's `st.page_link`s."""
        return [node.proto for node in self.nodes() if node.kind == "page_link"]

    def page_named(self, url_pathname: str) -> Any | None:
        """The navigation entry (AppPage proto) with this address, e.g. "vote"; None when absent."""
        for page in self.pages.values():
            if page.url_pathname == url_pathname:
                return page
        return None

    def current_page(self) -> str:
        """The address (url pathname) of the page the session runs; "" for the default page."""
        page = self.pages.get(self.page_script_hash)
        return page.url_pathname if page is not None else ""


def _widget_state(widget: Widget, value: Any) -> WidgetState:
    """The WidgetState the frontend would send for this widget and value."""
    state = WidgetState(id=widget.id)
    kind = widget.kind
    if kind in ("text_input", "text_area"):
        state.string_value = str(value)
    elif kind == "number_input":
        state.double_value = float(value)
    elif kind in ("selectbox", "radio"):
        options = widget.options
        label = options[value] if isinstance(value, int) else str(value)
        if label not in options and not getattr(widget.proto, "accept_new_options", False):
            raise ValueError(f"{label!r} is not an option of {widget.key}: {options}")
        state.string_value = label
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "multiselect":
        state.string_array_value.data.extend(str(v) for v in value)
    elif kind == "slider":
        values = value if isinstance(value, list | tuple) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    else:
        raise ValueError(f"setting a {kind} is not supported")
    return state
