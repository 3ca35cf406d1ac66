"""Sessions and history in SQLite: every session, turn, caption, finding and image.

The schema is built by numbered migrations (``MIGRATIONS``; the database's ``PRAGMA user_version`` says how many
ran): a database from an older Limner is brought up to date on open, and nothing already stored is lost.

WAL mode; a turn is opened with a small 'running' marker and closed in one transaction that writes all its
captions, findings and images. A crash leaves the marker, which the next start marks 'interrupted': earlier
turns are never touched. Query it directly: ``sqlite3 ~/.local/share/limner/limner.db 'select * from turns'``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import socket
import sqlite3
import threading
import time
import uuid
from pathlib import Path

from .types import StorageError, TurnResult, TurnStatus, UnknownSession

SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    picked_caption TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    started_at REAL NOT NULL,
    finished_at REAL,
    status TEXT NOT NULL,
    mode TEXT,
    user_text TEXT NOT NULL,
    request_json TEXT NOT NULL,
    current_caption TEXT,
    refusal_message TEXT,
    explanation TEXT,
    timings_json TEXT,
    result_json TEXT
);
CREATE INDEX IF NOT EXISTS turns_session ON turns(session_id, id);
CREATE TABLE IF NOT EXISTS captions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id INTEGER NOT NULL REFERENCES turns(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    approved INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id INTEGER NOT NULL REFERENCES turns(id),
    stage TEXT NOT NULL,
    policy TEXT NOT NULL,
    category TEXT NOT NULL,
    span TEXT,
    score REAL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    turn_id INTEGER NOT NULL REFERENCES turns(id),
    idx INTEGER NOT NULL,
    path TEXT,
    sha256 TEXT,
    seed INTEGER NOT NULL,
    caption TEXT NOT NULL,
    width INTEGER, height INTEGER,
    safety_json TEXT,
    blocked INTEGER NOT NULL,
    reason TEXT
);
"""

# migration N brings a database from user_version N-1 to N; each runs once, in one transaction
MIGRATIONS: list[str] = [
    SCHEMA_1,  # 1: sessions, turns, captions, findings, images
    "ALTER TABLE sessions ADD COLUMN picked_seed INTEGER;",  # 2: /pick also keeps the picked image's seed
    "ALTER TABLE turns ADD COLUMN owner TEXT;",  # 3: host:pid of the process running the turn
    "ALTER TABLE images ADD COLUMN public_id TEXT;",  # 4: the opaque id a PNG's metadata carries
    # 5: images stored before 4 get an opaque id too (links name images by it, never by path); looked up by it
    "UPDATE images SET public_id = lower(hex(randomblob(16))) WHERE public_id IS NULL;"
    "CREATE UNIQUE INDEX IF NOT EXISTS images_public_id ON images(public_id);",
    # 6: users with API keys (only a hash is stored); a session belongs to the user who started it (NULL: the
    # local user, i.e. the CLI, the library, or a server run without users)
    "CREATE TABLE users (name TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, created_at REAL NOT NULL);"
    "ALTER TABLE sessions ADD COLUMN user_name TEXT;"
    "CREATE INDEX sessions_user ON sessions(user_name);",
]

USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def key_hash(key: str) -> str:
    """API keys are 256-bit random tokens, so one SHA-256 is enough to store them safely (no salt or slow hash
    needed: there is nothing to guess)."""
    return hashlib.sha256(key.encode()).hexdigest()

OWNER = f"{socket.gethostname()}:{os.getpid()}"


def _owner_gone(owner: str | None) -> bool:
    """Whether the process that marked a turn 'running' is gone: only a turn of this host whose process no
    longer exists (or a marker from before owners were recorded) is known to be dead. A turn that another live
    process (a server) is running is left alone."""
    if not owner:
        return True
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Store:
    """Thread-safe access to the history database."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._pending_marks: dict[int, tuple[TurnStatus, str]] = {}
        self._db = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self.migrate()
        # a turn left 'running' by a crash or kill is marked, not lost; one a live process is running is not
        running = self._db.execute("SELECT id, owner FROM turns WHERE status=?", (TurnStatus.running.value,))
        dead = [(TurnStatus.interrupted.value, time.time(), r["id"]) for r in running.fetchall() if _owner_gone(r["owner"])]
        if dead:
            self._db.executemany("UPDATE turns SET status=?, finished_at=? WHERE id=? AND status='running'", dead)

    def migrate(self) -> None:
        """Run the migrations this database has not had yet (a database made before migrations were numbered
        already has the tables of migration 1, which are created only if missing)."""
        with self._lock:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for n, sql in enumerate(MIGRATIONS[version:], start=version + 1):
                if n == 2 and "picked_seed" in {r[1] for r in self._db.execute("PRAGMA table_info(sessions)")}:
                    sql = ""
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    for stmt in filter(str.strip, sql.split(";")):
                        self._db.execute(stmt)
                    self._db.execute(f"PRAGMA user_version = {n}")
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ------------------------------------------------------------ sessions
    def create_session(self, session_id: str | None = None, user: str | None = None) -> str:
        sid = session_id or uuid.uuid4().hex  # 128 bits, not guessable
        with self._lock, self._writing("start a session"):
            self._db.execute("INSERT OR IGNORE INTO sessions(id, created_at, user_name) VALUES (?, ?, ?)",
                             (sid, time.time(), user))
        return sid

    def session_visible(self, sid: str, user: str | None) -> bool:
        """Does session ``sid`` exist and belong to ``user`` (None: the local user)? Another user's session is,
        to the API, a session that does not exist."""
        with self._lock:
            row = self._db.execute("SELECT user_name FROM sessions WHERE id=?", (sid,)).fetchone()
        return row is not None and row["user_name"] == user

    # ------------------------------------------------------------ users
    def add_user(self, name: str) -> str:
        """Create user ``name``; returns their API key (shown once: only its hash is kept)."""
        if not USER_NAME.match(name):
            raise ValueError(f"invalid user name {name!r}: 1-64 letters, digits, '_', '.', '@' or '-'")
        key = "lim_" + secrets.token_urlsafe(32)
        with self._lock, self._writing(f"add user {name!r}"):
            try:
                self._db.execute("INSERT INTO users(name, key_hash, created_at) VALUES (?, ?, ?)",
                                 (name, key_hash(key), time.time()))
            except sqlite3.IntegrityError:
                raise ValueError(f"user {name!r} already exists (limner users remove {name} first, or pick "
                                 "another name)") from None
        return key

    def remove_user(self, name: str) -> bool:
        """Remove user ``name`` and so revoke their key (their sessions stay, readable by nobody over HTTP)."""
        with self._lock, self._writing(f"remove user {name!r}"):
            return self._db.execute("DELETE FROM users WHERE name=?", (name,)).rowcount > 0

    def users(self) -> list[dict]:
        with self._lock:
            return [dict(r) for r in self._db.execute(
                "SELECT u.name, u.created_at, count(s.id) AS sessions FROM users u LEFT JOIN sessions s "
                "ON s.user_name = u.name GROUP BY u.name ORDER BY u.name")]

    def has_users(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None

    def user_for_key(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT name FROM users WHERE key_hash=?", (key_hash(key),)).fetchone()
        return row["name"] if row else None

    @contextlib.contextmanager
    def _writing(self, what: str):
        """A failed write is a ``StorageError`` that says what could not be written and what to do."""
        try:
            yield
        except sqlite3.Error as e:
            raise StorageError(f"could not {what} in {self.path}: {e} (free some space or check the folder's "
                               "permissions; earlier turns are intact)") from e

    def session_exists(self, sid: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM sessions WHERE id=?", (sid,)).fetchone() is not None

    def require_session(self, sid: str) -> None:
        if not self.session_exists(sid):
            raise UnknownSession(f"unknown session id {sid!r}")

    def current_caption(self, sid: str) -> str | None:
        """The caption later turns refine: the picked one, else the first approved caption of the last good turn
        (a dry run counts: its captions are what the user saw)."""
        with self._lock:
            row = self._db.execute("SELECT picked_caption FROM sessions WHERE id=?", (sid,)).fetchone()
            if row and row["picked_caption"]:
                return row["picked_caption"]
            row = self._db.execute(
                "SELECT c.text FROM turns t JOIN captions c ON c.turn_id = t.id "
                "WHERE t.session_id=? AND t.status IN ('ok', 'blocked', 'dry_run') AND c.approved=1 "
                "ORDER BY t.id DESC, c.idx ASC LIMIT 1", (sid,)).fetchone()
        return row["text"] if row else None

    def refused_for(self, sid: str, category: str) -> bool:
        """Was a turn of this session refused with a finding of ``category`` (an undone turn counts too)?"""
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM findings f JOIN turns t ON t.id = f.turn_id WHERE t.session_id=? AND f.category=? "
                "AND f.action='refuse' AND t.refusal_message IS NOT NULL LIMIT 1", (sid, category)).fetchone()
        return row is not None

    def current_seed(self, sid: str) -> int | None:
        """The seed of the picture later turns refine: the picked image's, else the first shown image of the last
        turn that made images."""
        with self._lock:
            row = self._db.execute("SELECT picked_caption, picked_seed FROM sessions WHERE id=?", (sid,)).fetchone()
            if row and row["picked_caption"]:
                return row["picked_seed"]
            row = self._db.execute(
                "SELECT i.seed FROM turns t JOIN images i ON i.turn_id = t.id WHERE t.session_id=? AND "
                "t.status IN ('ok', 'blocked', 'dry_run') AND i.blocked=0 ORDER BY t.id DESC, i.idx ASC LIMIT 1",
                (sid,)).fetchone()
        return int(row["seed"]) if row else None

    def pick(self, sid: str, caption: str | None, seed: int | None = None) -> None:
        with self._lock:
            self._db.execute("UPDATE sessions SET picked_caption=?, picked_seed=? WHERE id=?", (caption, seed, sid))

    def undo(self, sid: str) -> int | None:
        """Mark the last finished turn 'undone'; returns its id."""
        with self._lock:
            row = self._db.execute(
                "SELECT id FROM turns WHERE session_id=? AND status NOT IN ('undone', 'running') "
                "ORDER BY id DESC LIMIT 1", (sid,)).fetchone()
            if not row:
                return None
            self._db.execute("UPDATE turns SET status='undone' WHERE id=?", (row["id"],))
            self._db.execute("UPDATE sessions SET picked_caption=NULL, picked_seed=NULL WHERE id=?", (sid,))
            return int(row["id"])

    # ------------------------------------------------------------ turns
    def start_turn(self, sid: str, user_text: str, request_json: str, current: str | None) -> int:
        with self._lock, self._writing("record a new turn"):
            self._flush_pending_marks()
            cur = self._db.execute(
                "INSERT INTO turns(session_id, started_at, status, user_text, request_json, current_caption, owner) "
                "VALUES (?, ?, 'running', ?, ?, ?, ?)", (sid, time.time(), user_text, request_json, current, OWNER))
            return int(cur.lastrowid)

    def finish_turn(self, turn_id: int, result: TurnResult) -> None:
        """Everything the turn produced, in one transaction."""
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute(
                    "UPDATE turns SET finished_at=?, status=?, mode=?, refusal_message=?, explanation=?, "
                    "timings_json=?, result_json=? WHERE id=?",
                    (time.time(), result.status.value, result.mode, result.refusal_message,
                     "\n".join(result.explanation), json.dumps(result.timings), result.model_dump_json(), turn_id))
                db.executemany(
                    "INSERT INTO captions(turn_id, idx, text, source, approved) VALUES (?, ?, ?, ?, ?)",
                    [(turn_id, c.index, c.text, c.source, int(c.approved)) for c in result.captions])
                db.executemany(
                    "INSERT INTO findings(turn_id, stage, policy, category, span, score, action, reason) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(turn_id, f.stage, f.policy, f.category, f.span, f.score, f.action, f.reason)
                     for f in result.findings])
                db.executemany(
                    "INSERT INTO images(turn_id, idx, path, sha256, seed, caption, width, height, safety_json, "
                    "blocked, reason, public_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(turn_id, im.index, im.path, im.sha256, im.seed, im.caption, im.width, im.height,
                      json.dumps(im.safety_scores), int(im.blocked), im.reason, im.image_id) for im in result.images])
                if result.status == TurnStatus.ok:
                    db.execute("UPDATE sessions SET picked_caption=NULL, picked_seed=NULL WHERE id=?",
                               (result.session_id,))
                db.execute("COMMIT")
            except BaseException as e:
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # nothing to roll back (BEGIN failed) must not hide why the write failed
                if isinstance(e, sqlite3.Error):
                    with self._writing(f"record turn {turn_id}"):
                        raise e
                raise

    def mark_turn_soon(self, turn_id: int, status: TurnStatus, message: str) -> None:
        """Mark the turn now, or (when the disk is full) at the next write that succeeds, so a turn whose result
        could not be recorded does not stay 'running'."""
        try:
            self.mark_turn(turn_id, status, message)
        except sqlite3.Error:
            with self._lock:
                self._pending_marks[turn_id] = (status, message)

    def _flush_pending_marks(self) -> None:
        for turn_id, (status, message) in list(self._pending_marks.items()):
            try:
                self.mark_turn(turn_id, status, message)
                del self._pending_marks[turn_id]
            except sqlite3.Error:
                return

    def mark_turn(self, turn_id: int, status: TurnStatus, message: str) -> None:
        with self._lock:
            self._db.execute("UPDATE turns SET status=?, finished_at=?, refusal_message=? WHERE id=?",
                             (status.value, time.time(), message, turn_id))

    # ------------------------------------------------------------ history
    def turns(self, sid: str | None = None, blocked_only: bool = False, limit: int = 200) -> list[dict]:
        """Turns, oldest first; each has ``number`` (its place in its session, from 1) and each shown image a
        ``number`` (its place among the session's shown images: what ``/pick N`` and the web page count)."""
        q = ("SELECT *, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY id) AS number FROM turns")
        where, args = [], []
        if sid:
            where.append("session_id=?")
            args.append(sid)
        if blocked_only:
            where.append("(status IN ('refused', 'blocked') OR id IN (SELECT turn_id FROM images WHERE blocked=1))")
        if where:
            q = f"SELECT * FROM ({q}) WHERE " + " AND ".join(where)
        q += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        with self._lock:
            rows = [dict(r) for r in self._db.execute(q, args).fetchall()]
            for r in rows:
                r["captions"] = [dict(c) for c in self._db.execute(
                    "SELECT idx, text, source, approved FROM captions WHERE turn_id=? ORDER BY idx", (r["id"],))]
                r["findings"] = [dict(f) for f in self._db.execute(
                    "SELECT stage, policy, category, span, score, action, reason FROM findings WHERE turn_id=?",
                    (r["id"],))]
                r["images"] = [dict(i) for i in self._db.execute(
                    "SELECT idx, path, public_id AS image_id, sha256, seed, caption, blocked, reason, safety_json "
                    "FROM images "
                    "WHERE turn_id=? ORDER BY idx", (r["id"],))]
            numbers = {}
            for sid_ in {r["session_id"] for r in rows}:
                numbers.update(self._image_numbers(sid_))
            for r in rows:
                for im in r["images"]:
                    im["number"] = numbers.get((r["id"], im["idx"]))
        return list(reversed(rows))

    _SHOWN = ("FROM images i JOIN turns t ON t.id=i.turn_id WHERE t.session_id=? AND t.status != 'undone' "
              "AND i.blocked=0 AND i.path IS NOT NULL ORDER BY t.id, i.idx")

    def _image_numbers(self, sid: str) -> dict[tuple[int, int], int]:
        rows = self._db.execute("SELECT i.turn_id, i.idx " + self._SHOWN, (sid,)).fetchall()
        return {(r["turn_id"], r["idx"]): n for n, r in enumerate(rows, 1)}

    def numbers(self, sid: str, turn_id: int) -> tuple[int, dict[int, int]]:
        """Turn ``turn_id``'s number in its session and {image index in the turn: number in the session}."""
        with self._lock:
            n = self._db.execute("SELECT count(*) FROM turns WHERE session_id=? AND id<=?", (sid, turn_id)).fetchone()[0]
            images = {idx: k for (t, idx), k in self._image_numbers(sid).items() if t == turn_id}
        return int(n), images

    def image_captions(self, sid: str) -> list[tuple[str, str, int]]:
        """(path, caption, seed) of the session's shown images in order: image N of ``/pick N``."""
        with self._lock:
            rows = self._db.execute("SELECT i.path, i.caption, i.seed " + self._SHOWN, (sid,)).fetchall()
        return [(r["path"], r["caption"], int(r["seed"])) for r in rows]

    def image_path(self, image_id: str) -> str | None:
        """The file of the image with this public id (None: no such image, or it was blocked and never saved)."""
        with self._lock:
            row = self._db.execute("SELECT path FROM images WHERE public_id=? AND blocked=0", (image_id,)).fetchone()
        return row["path"] if row else None

    def integrity_ok(self) -> bool:
        with self._lock:
            return self._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
