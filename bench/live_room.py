"""Benchmark: the live room through Streamlit's own websocket protocol, one connection per participant.

Participants are tabs of bench/room/client.py on the app (scripts/live_server.py; room mode with
--workers above 1) and a temporary database set up through the services; a signed-in facilitator
keeps Pain points open and another the Projector. busy: N join within 30 s and submit 3 pain points
15-45 s apart, the room is grouped into 50 candidates and moves to Vote, each screen is given 6 s to
follow (then opens Vote from the menu) and saves its votes within 20 s. idle: N wait in Group for 2
minutes (server CPU). soak: 100 for 20 minutes with a submit now and then (RSS, minute by minute).
Printed: join, submit and vote-save p50/p95, the screens that followed by themselves, polling, server
CPU and RSS, rows and votes acknowledged against stored, errors by kind (a participant's failed step is
its error; the run goes on), each next to the floor from the same run: a bare Streamlit page with the
same widgets (bench/room/floor_app.py), the same client and load. Ends with `live_room: ...` lines.

Run (all three take about 30 minutes; keep the machine otherwise quiet):
    .venv/bin/python bench/live_room.py                       # busy, idle and soak, N=200
    .venv/bin/python bench/live_room.py --scenario busy --participants 100
    .venv/bin/python bench/live_room.py --workers 2 --participants 400   # room mode
    .venv/bin/python bench/live_room.py --scenario busy --participants 10 --join-window 5 --gap-min 2 --gap-max 5
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiadopt.services import capture, participants, voting  # noqa: E402
from aiadopt.services.consolidation import merge_pain_points  # noqa: E402
from aiadopt.services.room import open_phase  # noqa: E402
from aiadopt.services.workshops import get_workshop  # noqa: E402
from bench.common import database, own_cpu, percentile, usage, workshop_database  # noqa: E402
from bench.room.client import VOTE_KEY, Participant, RoomClient  # noqa: E402
from scripts.live_server import OWNER_EMAIL, LiveServer  # noqa: E402

PASSCODE = "live-room-bench-passcode"
FLOOR_APP = "bench/room/floor_app.py"
SUBMITS, SETTLE, FOLLOW = 3, 5.0, 6.0  # pain points each (busy); seconds before idle and soak measure; to follow
TARGETS = {1: "0.5/0.5/1", 2: "1/1/2"}  # join, submit, vote save p95 (s): one process, room mode


def mb(value: int) -> str:
    return f"{value / 1e6:.0f} MB"


def sleep_until(moment: float):
    return asyncio.sleep(max(0.0, moment - time.perf_counter()))


class Room:
    """A temporary database with a warm-up workshop and the room's workshop, made through the services."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True)
        self.db_path = folder / "room.db"
        with workshop_database(self.db_path, ["Warm-up"], name="Warm-up") as (db, warm_id, _):
            self.warm_code = get_workshop(db, warm_id)["join_code"]
        # Created last, so it is the newest: the workshop a facilitator's picker starts on.
        departments = ["Finance", "Sales", "Operations", "People", "Customer service"]
        with workshop_database(self.db_path, departments, name="Live room bench", organisation="Bench") as made:
            workshop = get_workshop(*made[:2])
        self.workshop_id, self.join_code, self.dots = made[1], workshop["join_code"], workshop["dots_per_participant"]

    def call(self, service, *args):
        """One of the app's services on the room's workshop, in a thread (the clients keep reading)."""
        return asyncio.to_thread(self.run, service, *args)

    def run(self, service, *args):
        with database(self.db_path) as db:
            return service(db, self.workshop_id, *args)


def group_candidates(db, workshop_id: int, wanted: int) -> int:
    """The facilitator's grouping: merge the pain points into `wanted` candidates; how many there are."""
    ids = [row["id"] for row in capture.list_pain_points(db, workshop_id)]
    if not len(ids) > wanted > 0:
        return len(ids)
    for number in range(wanted):
        if len(ids[number::wanted]) >= 2:
            merge_pain_points(db, workshop_id, ids[number::wanted], title=f"Bench candidate {number + 1}")
    return wanted


def stored_rows(db, workshop_id: int, tokens) -> tuple[Counter, dict[str, int], int]:
    """Stored pain points by title, stored votes by participant link, and all stored votes."""
    votes = {}
    for token in tokens:
        found = participants.participant_for_token(db, workshop_id, token)
        votes[token] = sum(voting.votes_of_participant(db, workshop_id, found["id"]).values()) if found else 0
    titles = Counter(row["title"] for row in capture.list_pain_points(db, workshop_id))
    return titles, votes, sum(voting.votes_by_pain_point(db, workshop_id).values())


async def staff_tab(url: str, name: str, page: str, timeout: float) -> RoomClient:
    """A signed-in facilitator's tab kept open on `page` (what goes wrong is this tab's error)."""
    client = RoomClient(url, name, timeout)
    try:
        await client.open()
        await client.go_to("sign_in")
        # The owner account LiveServer makes signs in with the bench's passcode as its password.
        email, password = client.find("sign_in_email"), client.find("sign_in_password")
        if email is None or password is None:
            raise LookupError("no widgets keyed sign_in_email and sign_in_password on the sign-in page")
        client.set(email, OWNER_EMAIL)
        client.set(password, PASSCODE)
        await client.submit(password.form_id)
        await client.rerun()  # signed in: the page says so, and the next run draws the facilitator's menu
        await client.go_to(page)
    except Exception as failure:
        client.problem(f"{name}: {type(failure).__name__}", str(failure))
    return client


async def run_all(tasks, limit: float, what: str) -> None:
    """Run the participants' tasks together for at most `limit` seconds; the late ones are cancelled."""
    running = [asyncio.create_task(task) for task in tasks]
    try:
        async with asyncio.timeout(limit):
            await asyncio.gather(*running)  # an exception outside any participant's step is a bench bug
    except TimeoutError:
        print(f"  ! {sum(t.cancelled() for t in running)} participants had not finished {what} after {limit:.0f} s")


def timing_line(label: str, results: list, floor: list) -> str:
    """p50 and p95 of the actions that finished (and how many did not), the floor's next to them."""

    def figures(found: list) -> str:
        done = [r.seconds for r in found if r is not None and r.ok]
        failed = sum(1 for r in found if r is not None and not r.ok)
        text = " ".join(f"p{p} " + ("-" if not done else f"{percentile(done, p):.3f} s") for p in (50, 95))
        return f"{text}  (n={len(done)}" + (f", failed {failed})" if failed else ")")

    return f"  {label:<11} {figures(results)}  | floor {figures(floor)}"


class Session:
    """One load on one server: the app on a room's database, or the floor page copying the app's session."""

    def __init__(self, args, name: str, count: int, room: Room | None = None, app: Session | None = None) -> None:
        self.args, self.room, self.app, self.staff, self.boxes = args, room, app, [], 0
        if room:
            self.server = LiveServer(room.db_path, PASSCODE, args.folder / f"{name}.log", workers=args.workers)
            self.query = f"join={room.join_code}" + (f"&lang={args.language}" if args.language else "")
        else:
            self.server = LiveServer(args.folder / "floor.db", None, args.folder / "floor.log", script=FLOOR_APP)
            self.query = f"poll={app.poll:g}" if app.poll else ""
        language = args.language or "en"
        self.people = [Participant(self.server.url, f"p{i:03d}", args.timeout, language) for i in range(count)]

    async def __aenter__(self) -> Session:
        """Start the server and run its pages once; on the app, open the staff's tabs and the capture phase."""
        self.server.start()
        try:
            warm = RoomClient(self.server.url, "warm-up", self.args.timeout)
            first = await warm.open(f"join={self.room.warm_code}" if self.room else "")
            if self.room:
                await warm.go_to("vote")
            await warm.close()
            print(f"  warm-up: first page in {first.seconds:.2f} s ({first.status})")
            if self.room:
                for name, page in (("facilitator", "pain_points"), ("projector", "projector")):
                    self.staff.append(await staff_tab(self.server.url, name, page, self.args.timeout))
                await self.room.call(open_phase, "capture")
        except BaseException:
            self.server.stop()
            raise
        return self

    async def __aexit__(self, *failure) -> None:
        await asyncio.gather(*(client.close() for client in self.people + self.staff), return_exceptions=True)
        self.log = self.server.log(15)
        self.server.stop()

    async def join(self, then=None, then_seconds: float = 0) -> None:
        """Each participant opens the address at a random moment of the join window; joined, does `then`."""
        start, args = time.perf_counter(), self.args

        async def join(person: Participant) -> None:
            await sleep_until(start + args.rng.uniform(0, args.join_window))
            await person.step("join", person.join(self.query))
            if then and person.joined and person.joined.ok:
                await then(person)

        limit = args.join_window + args.timeout + then_seconds + 30
        await run_all([join(p) for p in self.people], limit, "capturing" if then else "joining")

    @property
    def poll(self) -> float:
        """The shortest polling interval the pages announced (0: none)."""
        return min((i for p in self.people for i in p.poll_intervals.values()), default=0.0)

    def results(self, what: str) -> list:
        return [r for p in self.people for r in (p.submits if what == "submits" else [getattr(p, what)])]

    def p95(self, what: str) -> float:
        return percentile([r.seconds for r in self.results(what) if r is not None and r.ok], 95)

    def reruns_sent(self) -> int:
        return sum(p.auto_reruns_sent for p in self.people)

    def measure(self) -> None:
        """Start the meter: the server's CPU and RSS (all its processes), RSS sampled every second."""
        self.started, self.samples, self.reruns = time.perf_counter(), [], self.reruns_sent()
        (self.cpu, self.rss), self.bench = usage(self.server.pids()), own_cpu()
        self.sampler = asyncio.create_task(self.sample())

    async def sample(self) -> None:
        while True:
            await asyncio.sleep(1.0)
            self.samples.append(usage(self.server.pids())[1])

    def stop(self) -> None:
        self.sampler.cancel()
        self.elapsed, self.reruns = time.perf_counter() - self.started, self.reruns_sent() - self.reruns
        cpu, self.rss_end = usage(self.server.pids())
        self.cpu_share = 100 * (cpu - self.cpu) / self.elapsed
        self.bench_share = 100 * (own_cpu() - self.bench) / self.elapsed
        self.growth = 100 * (self.rss_end - self.rss) / self.rss
        self.rss_text = (
            f"start {mb(self.rss)}, peak {mb(max(self.samples + [self.rss, self.rss_end]))}, end {mb(self.rss_end)}"
        )

    async def report(self, title: str, floor: Session) -> tuple[int, int]:
        """Print the figures next to the floor's; returns (pain points and votes lost, errors)."""
        people = self.people
        titles, votes_by_token, votes_stored = await self.room.call(stored_rows, {p.token for p in people if p.token})
        print(f"\n  {title}, N={len(people)}, {self.elapsed / 60:.1f} min, the facilitator's and projector's tabs open")
        print("  (room | floor: bare Streamlit page, same client and load)")
        for label, what in (("join", "joined"), ("submit", "submits"), ("vote save", "vote_save")):
            if any(self.results(what)):
                print(timing_line(label, self.results(what), floor.results(what)))
        if any(self.results("vote_save")):
            followed = [p.followed for p in people if p.followed is not None]
            print(
                f"  followed    {len(followed)}/{len(people)} screens on the vote page within {FOLLOW:g} s by "
                f"themselves ({100 * len(followed) / len(people):.0f}%), p95 {percentile(followed, 95):.1f} s; "
                f"{sum(p.opened_vote for p in people)} opened it from the menu"
            )
        print(f"  polling     every {self.poll:g} s per screen; {self.reruns} fragment reruns in {self.elapsed:.0f} s")
        print(
            f"  server CPU  {self.cpu_share:.1f}% of one core over {self.elapsed:.0f} s"
            f" | floor {floor.cpu_share:.1f}% over {floor.elapsed:.0f} s"
        )
        print(f"  server RSS  {self.rss_text} ({self.growth:+.1f}%) | floor ({len(people)} tabs) {floor.rss_text}")
        print(f"  bench CPU   {self.bench_share:.1f}% of one core (the clients themselves)")
        sent, acknowledged = {t for p in people for t in p.sent}, {t for p in people for t in p.acknowledged}
        stored, unacknowledged = {t for t in sent if titles[t]}, sent - acknowledged
        lost, duplicates = len(acknowledged - stored), sum(titles[t] - 1 for t in stored)
        print(
            f"  rows        sent {len(sent)}, acknowledged {len(acknowledged)}, stored {len(stored)}, lost {lost}, "
            f"stored unacknowledged {len(unacknowledged & stored)}, neither {len(unacknowledged - stored)}, "
            f"duplicates {duplicates}"
        )
        votes_lost = sum(max(0, p.votes_acknowledged - votes_by_token.get(p.token, 0)) for p in people)
        acknowledged_votes = sum(p.votes_acknowledged for p in people)
        print(f"  votes       acknowledged {acknowledged_votes}, stored {votes_stored}, lost {votes_lost}")
        problems = [problem for client in people + self.staff for problem in client.problems]
        kinds = Counter(p.kind for p in problems) + Counter({"not acknowledged": sum(len(p.rejected) for p in people)})
        print(f"  errors      {kinds.total()} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items())) or 'none'})")
        for problem in list({(p.kind, p.detail[:120]): p for p in problems}.values())[:5]:
            print(f"    {problem.kind} ({problem.client}): {problem.detail[:200]}")
        for text, times in Counter(t[:160] for p in people for t in p.rejected).most_common(3):
            print(f"    not acknowledged x{times}: {text}")
        if kinds.total():
            print("  server log (last lines):\n    " + self.log.replace("\n", "\n    "))
        return lost + votes_lost, kinds.total()


async def on_app_and_floor(args, name: str, count: int, load) -> tuple[Session, Session]:
    """`load(session)` on the app with a new room, then on the floor page."""
    async with Session(args, name, count, room=Room(args.folder / name)) as app:
        await load(app)
    print(f"  floor: the same load on {FLOOR_APP}, polling every {app.poll:g} s ...")
    async with Session(args, "floor", count, app=app) as floor:
        await load(floor)
    return app, floor


async def busy(args) -> str:
    """N join over the join window and submit 3 pain points each; the room moves to Vote; all vote. On the
    app the facilitator groups the pain points and opens Vote, and each screen is given 6 s to be moved by
    the app; on the floor each screen switches to the vote form at a random moment of one polling interval."""
    print(f"\n== busy: {args.participants} participants, workers {args.workers}, language {args.language or 'en'}")
    rng = args.rng

    async def add_pain_points(person: Participant) -> None:
        for entry in range(SUBMITS):
            await asyncio.sleep(rng.uniform(args.gap_min, args.gap_max))
            title = f"Bench {person.name} entry {entry + 1} {rng.randrange(10**6):06d}"
            await person.step("submit", person.add_pain_point(title, rng, args.timeout))

    async def load(session: Session) -> None:
        session.measure()
        await session.join(add_pain_points, SUBMITS * (args.gap_max + args.timeout))
        print(f"  capture done in {time.perf_counter() - session.started:.0f} s; the room moves to Vote ...")
        if room := session.room:
            await room.call(open_phase, "group")
            print(f"  grouped into {await room.call(group_candidates, args.candidates)} candidates")
            await room.call(open_phase, "vote")
        opened, poll = time.perf_counter(), session.poll

        async def reach_vote(person: Participant) -> None:
            if room:
                moved = await person.wait_for(lambda: person.current_page() == "vote", FOLLOW)
                person.followed, person.opened_vote = (None, True) if moved is None else (moved - opened, False)
                if moved is None:
                    await person.go_to("vote")
            else:  # the floor: the vote form, from the query, at a random moment of one polling interval
                await sleep_until(opened + rng.uniform(0, poll or FOLLOW))
                person.query_string = f"form=vote&n={session.app.boxes or 10}&dots={session.app.room.dots}"
                person.query_string += f"&poll={poll:g}" if poll else ""
                await person.rerun()

        async def vote(person: Participant) -> None:
            if person.connected:
                offset = rng.uniform(FOLLOW, max(FOLLOW, args.vote_window))
                await person.step("vote page", reach_vote(person))
                await sleep_until(opened + offset)
                await person.step("vote", person.save_votes(rng, args.timeout))

        await run_all([vote(p) for p in session.people], args.vote_window + 2 * args.timeout + 30, "voting")
        session.stop()
        session.boxes = max((sum(bool(VOTE_KEY.match(w.key)) for w in p.widgets()) for p in session.people), default=0)

    app, floor = await on_app_and_floor(args, "busy", args.participants, load)
    lost, errors = await app.report("busy room", floor)
    share = 100 * sum(p.followed is not None for p in app.people) / len(app.people)
    return (
        f"live_room: busy N={args.participants} workers={args.workers} language={args.language or 'en'} "
        f"join p95 {app.p95('joined'):.2f} s, "
        f"submit p95 {app.p95('submits'):.2f} s, vote p95 {app.p95('vote_save'):.2f} s, lost {lost}, errors {errors} "
        f"(targets {TARGETS[min(args.workers, 2)]} s; followed within {FOLLOW:g} s {share:.0f}%, target 95%); "
        f"floor {floor.p95('joined'):.2f}/{floor.p95('submits'):.2f}/{floor.p95('vote_save'):.2f} s; "
        f"server CPU {app.cpu_share:.0f}%"
    )


async def steady(args, name: str, count: int, phase: str, meanwhile, floor_seconds: float):
    """`count` participants join, the room moves to `phase`, and the server is measured while `meanwhile`
    runs; on the floor, as many tabs wait polling alike for `floor_seconds`."""

    async def load(session: Session) -> None:
        await session.join()
        if session.room and phase != "capture":
            await session.room.call(open_phase, phase)
        await asyncio.sleep(SETTLE)
        session.measure()
        await (meanwhile(session) if session.room else asyncio.sleep(floor_seconds))
        session.stop()

    app, floor = await on_app_and_floor(args, name, count, load)
    return app, floor, *(await app.report(f"{name}, in {phase}", floor))


async def idle(args) -> str:
    print(f"\n== idle: {args.participants} participants waiting for {args.idle_seconds:.0f} s")
    wait = lambda _: asyncio.sleep(args.idle_seconds)  # noqa: E731
    app, floor, _, errors = await steady(args, "idle", args.participants, "group", wait, min(args.idle_seconds, 60))
    return (
        f"live_room: idle N={args.participants} server CPU {app.cpu_share:.1f}% of one core over "
        f"{app.elapsed:.0f} s, errors {errors} (target 30%); floor {floor.cpu_share:.1f}%"
    )


async def soak(args) -> str:
    count, duration, rng = args.soak_participants, args.soak_minutes * 60, args.rng
    print(f"\n== soak: {count} participants for {args.soak_minutes:g} min")

    async def now_and_then(session: Session) -> None:
        async def submits(person: Participant) -> None:
            for entry in itertools.count(1):
                pause = rng.expovariate(1 / 300)  # a submit every 5 minutes, on average
                if not person.connected or time.perf_counter() + pause + 10 > session.started + duration:
                    return
                await asyncio.sleep(pause)
                await person.step("submit", person.add_pain_point(f"Soak {person.name} entry {entry}", rng, 10))

        async def report_memory() -> None:
            for minute in range(1, int(args.soak_minutes) + 1):
                await sleep_until(session.started + 60 * minute)
                print(f"    minute {minute}: RSS {mb(usage(session.server.pids())[1])}")

        reporter = asyncio.create_task(report_memory())
        await run_all([submits(p) for p in session.people], duration + args.timeout + 30, "the soak")
        await sleep_until(session.started + duration)
        reporter.cancel()

    app, _, lost, errors = await steady(args, "soak", count, "capture", now_and_then, 5.0)
    return (
        f"live_room: soak N={count} {app.elapsed / 60:.1f} min RSS {mb(app.rss)} -> {mb(app.rss_end)} "
        f"({app.growth:+.1f}%, target +10%), lost {lost}, errors {errors}"
    )


SCENARIOS = {"busy": busy, "idle": idle, "soak": soak}


def parse_args() -> argparse.Namespace:
    """The command line (the defaults are the room the targets are set for)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--scenario", choices=[*SCENARIOS, "all"], default="all")
    add("--participants", type=int, default=200, help="N for busy and idle (default 200)")
    add("--workers", type=int, default=1, help="Streamlit processes; above 1, room mode (scripts/room.py)")
    add("--join-window", type=float, default=30.0, help="seconds over which participants join")
    add("--gap-min", type=float, default=15.0, help="shortest pause before each submit, seconds")
    add("--gap-max", type=float, default=45.0, help="longest pause before each submit, seconds")
    add("--candidates", type=int, default=50, help="candidates after the facilitator's grouping")
    add("--vote-window", type=float, default=20.0, help="seconds after the vote opens in which everyone saves")
    add("--idle-seconds", type=float, default=120.0)
    add("--soak-minutes", type=float, default=20.0)
    add("--soak-participants", type=int, default=100)
    add("--timeout", type=float, default=60.0, help="seconds an action may take before it counts as an error")
    add("--seed", type=int, default=20261124)
    add("--language", default="", help="the participants' language (their join link's lang=, e.g. de); default English")
    args = parser.parse_args()
    if args.gap_max < args.gap_min or min(args.participants, args.soak_participants, args.workers) < 1:
        parser.error("--gap-max must not be below --gap-min; participants and workers must be at least 1")
    return args


async def run_scenarios(args: argparse.Namespace) -> list[str]:
    # SIGTERM (e.g. from `timeout`) cancels the run, so every server is stopped.
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    return [await SCENARIOS[name](args) for name in (SCENARIOS if args.scenario == "all" else [args.scenario])]


if __name__ == "__main__":
    args = parse_args()
    args.folder, args.rng = Path(tempfile.mkdtemp(prefix="live_room_")), random.Random(args.seed)
    try:
        lines = asyncio.run(run_scenarios(args))
    except RuntimeError as failure:  # a server that would not start: say why, plainly
        sys.exit(f"live_room: stopped: {failure}")
    except (asyncio.CancelledError, KeyboardInterrupt):
        sys.exit("live_room: interrupted; the servers it started are stopped")
    finally:
        shutil.rmtree(args.folder, ignore_errors=True)
    print("\n" + "\n".join(lines))
