"""Room mode: several Streamlit workers on one SQLite file behind HAProxy, with sticky sessions.

Run from the project root: `python -m scripts.room --workers 2 --port 8501` (`make room WORKERS=2`).
Workers listen on 127.0.0.1 only; HAProxy listens on the room port and pins each browser to one
worker with a cookie, because Streamlit keeps a session's state in the process that serves it.
Ctrl-C (or SIGTERM) stops the proxy and every worker.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template

from aiadopt import config
from aiadopt.services.network import lan_address
from scripts.live_server import ROOT, free_port, streamlit_command, wait_until_healthy

TEMPLATE = Path(__file__).with_name("haproxy.cfg.template")
COOKIE = "aiadopt_worker"  # the proxy's cookie: which worker holds this browser's session
WORKER_HEADER = "X-Room-Worker"  # the proxy's response header: which worker answered
HAPROXY_DIRS = ("/usr/sbin", "/usr/local/sbin")  # Debian installs it outside a user's PATH
START_TIMEOUT = 90  # seconds for one worker to answer its health check
STOP_TIMEOUT = 10  # seconds for everything to stop before it is killed
# A process that stops on its own is started again, always: at once the first time, then after a
# wait that doubles each time it stops again soon after starting (1, 2, 4 ... up to 30 s), so a
# worker that cannot start does not spin; one that ran for a minute starts over from no wait.
FIRST_WAIT, LONGEST_WAIT, SETTLED_AFTER = 1.0, 30.0, 60.0


class Stop(Exception):
    """Ctrl-C or SIGTERM: stop the room."""


# The decisions: plain functions of plain data.


def restart_wait(quick_failures: int) -> float:
    """Seconds to wait before starting again a process that stopped this many times in a row soon after starting."""
    if quick_failures <= 1:
        return 0.0
    return min(LONGEST_WAIT, FIRST_WAIT * 2 ** (quick_failures - 2))


def worker_name(number: int) -> str:
    """The name of worker `number` (1-based) in the proxy, its cookie and its header."""
    return f"worker{number}"


def haproxy_config(bind: str, port: int, worker_ports: list[int]) -> str:
    """The proxy's configuration: the room port in front, one sticky server per worker behind."""
    servers = "\n".join(
        f"    server {worker_name(n)} 127.0.0.1:{p} cookie {worker_name(n)} check inter 2s"
        for n, p in enumerate(worker_ports, start=1)
    )
    return Template(TEMPLATE.read_text()).substitute(
        bind=bind, port=port, cookie=COOKIE, header=WORKER_HEADER, servers=servers
    )


def worker_command(port: int, public_port: int) -> list[str]:
    """`streamlit run` for one worker: loopback only, reporting the room's public port."""
    # Streamlit reports the port the browser sees (the proxy's), not the worker's; each worker
    # would print its own loopback URL, and the room prints the one to open.
    return streamlit_command(port, options={"browser.serverPort": public_port, "logger.hideWelcomeMessage": "true"})


def worker_env(environ: dict[str, str], cookie_secret: str) -> dict[str, str]:
    """The environment every worker shares: the user's settings plus one cookie secret."""
    # XSRF cookies signed by one worker must verify on every other; the secret goes through the
    # environment so it does not show in the process list.
    return environ | {"STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret, "PYTHONUNBUFFERED": "1"}


def local_url(bind: str, port: int) -> str:
    """An address on this machine that reaches a server listening on bind:port."""
    host = "127.0.0.1" if bind in ("0.0.0.0", "::") else f"[{bind}]" if ":" in bind else bind
    return f"http://{host}:{port}"


def room_urls(bind: str, port: int, network_address: str | None) -> list[tuple[str, str]]:
    """The addresses to print: (label, URL)."""
    if bind not in ("0.0.0.0", "::"):
        return [("Open", local_url(bind, port))]
    urls = [("Open", f"http://localhost:{port}")]
    if network_address:
        urls.append(("Network", f"http://{network_address}:{port}"))
    return urls


# The shell: processes, ports, signals.


def find_haproxy() -> str | None:
    """The haproxy executable, or None when it is not installed."""
    return shutil.which("haproxy") or shutil.which("haproxy", path=os.pathsep.join(HAPROXY_DIRS))


def port_is_free(bind: str, port: int) -> bool:
    """Whether the proxy could listen on bind:port now."""
    with socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((bind, port))
        except OSError:
            return False
    return True


def distinct_free_ports(count: int, taken: int) -> list[int]:
    """`count` loopback ports nobody listens on, none equal to `taken`."""
    ports: list[int] = []
    while len(ports) < count:
        port = free_port()
        if port != taken and port not in ports:
            ports.append(port)
    return ports


@dataclass
class Child:
    """A process the room started, and how to start it again."""

    label: str
    command: list[str]
    env: dict[str, str] | None
    process: subprocess.Popen
    restarts: int = 0
    started_at: float = 0.0
    quick_failures: int = 0  # stopped this many times in a row within SETTLED_AFTER of starting
    due: float | None = None  # when it is to be started again, once it stopped


class Room:
    """The running workers and proxy; prints their output with a prefix and stops them all."""

    def __init__(self) -> None:
        self.children: list[Child] = []
        self._print_lock = threading.Lock()

    def say(self, line: str) -> None:
        """Print one line of the room's own output."""
        self._print(f"[room] {line}")

    def _print(self, line: str) -> None:
        with self._print_lock:
            sys.stdout.write(line if line.endswith("\n") else line + "\n")
            sys.stdout.flush()

    def _relay(self, label: str, stream) -> None:
        for raw in iter(stream.readline, b""):
            self._print(f"[{label}] {raw.decode('utf-8', errors='replace')}")
        stream.close()

    def _spawn(self, label: str, command: list[str], env: dict[str, str] | None) -> subprocess.Popen:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        threading.Thread(target=self._relay, args=(label, process.stdout), daemon=True).start()
        return process

    def start(self, label: str, command: list[str], env: dict[str, str] | None = None) -> Child:
        """Start a process whose output is printed with [label] in front of each line."""
        child = Child(label, command, env, self._spawn(label, command, env), started_at=time.monotonic())
        self.children.append(child)
        return child

    def restart(self, child: Child) -> None:
        """Start a stopped process again with the same command (a worker keeps its port)."""
        child.process = self._spawn(child.label, child.command, child.env)
        child.restarts += 1
        child.started_at = time.monotonic()
        child.due = None

    def schedule_restart(self, child: Child) -> float:
        """Note that a process stopped on its own; returns the seconds until it is started again."""
        ran_for = time.monotonic() - child.started_at
        child.quick_failures = child.quick_failures + 1 if ran_for < SETTLED_AFTER else 1
        wait = restart_wait(child.quick_failures)
        child.due = time.monotonic() + wait
        return wait

    def wait_healthy(self, child: Child, url: str) -> None:
        """Wait until a process answers its health check; fail if it exits or takes too long."""
        wait_until_healthy(url, START_TIMEOUT, child.process, child.label)

    def exited(self) -> Child | None:
        """The first process that has stopped on its own and is not yet waiting to start again, or None."""
        return next((c for c in self.children if c.process.poll() is not None and c.due is None), None)

    def due_now(self) -> list[Child]:
        """The stopped processes whose wait is over."""
        now = time.monotonic()
        return [c for c in self.children if c.due is not None and c.due <= now]

    def stop(self) -> None:
        """Stop the proxy first (no new requests), then the workers; kill what does not stop."""
        for child in reversed(self.children):
            if child.process.poll() is None:
                child.process.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for child in self.children:
            try:
                child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{child.label} did not stop within {STOP_TIMEOUT} s: killing it.")
                child.process.kill()
                child.process.wait()
        self.children.clear()


def _raise_stop(signum, frame) -> None:
    raise Stop


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line: how many workers, which port and address for the proxy."""
    parser = argparse.ArgumentParser(prog="python -m scripts.room", description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="Streamlit processes (default: one per core)"
    )
    parser.add_argument("--port", type=int, default=8501, help="the room's port, where people connect (8501)")
    parser.add_argument("--address", default="0.0.0.0", help="where the proxy listens (default: all interfaces)")
    args = parser.parse_args(argv)
    if not 1 <= args.workers <= 64:
        parser.error(f"--workers must be between 1 and 64, not {args.workers}")
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be a TCP port (1-65535), not {args.port}")
    return args


def run(args: argparse.Namespace, room: Room, folder: Path) -> int:
    """Start the workers one by one, then the proxy; wait until stopped or something fails."""
    haproxy = find_haproxy()
    if haproxy is None:
        room.say("HAProxy is not installed: `make room` installs it (Debian: apt-get install haproxy).")
        return 2
    if not port_is_free(args.address, args.port):
        room.say(f"Port {args.port} is in use on {args.address}: stop what uses it or choose another (PORT=8502).")
        return 2
    cores = os.cpu_count() or 1
    if args.workers > cores:
        room.say(f"{args.workers} workers on {cores} cores: more workers than cores adds memory, not speed.")

    # Migrations run here, once, before any worker starts; without a passcode in the
    # environment this also generates one, stores it in the database and prints it.
    room.say(f"Preparing the database {config.db_path()} and the facilitator passcode")
    subprocess.run([sys.executable, "-m", "aiadopt.services.access"], cwd=ROOT, check=True)

    env = worker_env(dict(os.environ), secrets.token_hex(32))
    ports = distinct_free_ports(args.workers, taken=args.port)
    workers = []
    for number, port in enumerate(ports, start=1):
        worker = room.start(f"worker {number}", worker_command(port, args.port), env)
        room.say(f"{worker.label} (pid {worker.process.pid}) starting on http://127.0.0.1:{port}")
        workers.append(worker)
        if number == 1:  # the first worker alone, so the others find the schema ready
            room.wait_healthy(worker, f"http://127.0.0.1:{port}")
    for worker, port in zip(workers[1:], ports[1:]):
        room.wait_healthy(worker, f"http://127.0.0.1:{port}")

    config_path = folder / "haproxy.cfg"
    config_path.write_text(haproxy_config(args.address, args.port, ports))
    check = subprocess.run([haproxy, "-c", "-f", str(config_path)], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"HAProxy refused its configuration {config_path}:\n{check.stdout}{check.stderr}")
    proxy = room.start("haproxy", [haproxy, "-db", "-f", str(config_path)])
    room.say(f"haproxy (pid {proxy.process.pid}) on {args.address}:{args.port}, configuration {config_path}")
    room.wait_healthy(proxy, local_url(args.address, args.port))

    count = f"{args.workers} worker{'s' if args.workers > 1 else ''}"
    room.say(f"Room mode: {count} behind HAProxy, one database: {config.db_path()}")
    for label, url in room_urls(args.address, args.port, lan_address()):
        room.say(f"  {label + ':':<9}{url}")
    if base_url := config.base_url():
        room.say(f"  Join links use AIADOPT_BASE_URL: {base_url}")
    room.say("  Ctrl-C stops the proxy and every worker.")

    # A worker (or the proxy) that dies mid-workshop (out of memory, say) never takes the room down:
    # a worker's browsers move to the other workers at once, and it comes back on the same port.
    while True:
        time.sleep(0.5)
        stopped = room.exited()
        if stopped is not None:
            wait = room.schedule_restart(stopped)
            when = "at once" if not wait else f"in {wait:.0f} s"
            code = stopped.process.returncode
            room.say(f"{stopped.label} stopped on its own (exit code {code}): starting it again {when}.")
        for child in room.due_now():
            room.restart(child)


def main(argv: list[str] | None = None) -> int:
    """Run the room until Ctrl-C; return the exit code."""
    args = parse_args(argv)
    room = Room()
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    code = 0
    with tempfile.TemporaryDirectory(prefix="aiadopt-room-") as folder:
        try:
            code = run(args, room, Path(folder))
        except Stop:
            room.say("Stopping...")
        except (RuntimeError, subprocess.CalledProcessError) as error:
            room.say(f"Could not start the room: {error}")
            code = 1
        finally:
            # A second Ctrl-C must not leave half the room running.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            started = bool(room.children)
            room.stop()
    if started:
        room.say("Stopped.")
    return code


if __name__ == "__main__":
    sys.exit(main())
