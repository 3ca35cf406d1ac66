"""Sessions and history: every session, turn, caption, finding and image, in SQLite or PostgreSQL.

SQLite (a file under ``LIMNER_HOME``) is the embedded default; ``[store] url = "postgresql://user@host/db"`` puts
the history in PostgreSQL, which several servers (or Ray replicas) share. Both go through SQLAlchemy Core with
the same statements; the few differences (column types, how the schema version is kept) live in ``DIALECTS``.

The schema is built by numbered migrations (``MIGRATIONS``; SQLite's ``PRAGMA user_version``, PostgreSQL's
``limner_schema`` table, says how many ran): a database from an older Limner is brought up to date on open, and
nothing already stored is lost.

A turn is opened with a small 'running' marker and closed in one transaction that writes all its captions,
findings and images. A crash leaves the marker, which the next start marks 'interrupted': earlier turns are never
touched. Query it directly: ``sqlite3 ~/.local/share/limner/limner.db 'select * from turns'``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from .types import StorageError, TurnResult, TurnStatus, UnknownSession

# {id}: an auto-numbered primary key; {int}: a 64-bit integer (ids, seeds); {real}: a double (times, scores)
SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    created_at {real} NOT NULL,
    picked_caption TEXT
);
CREATE TABLE IF NOT EXISTS turns (
    id {id},
    session_id TEXT NOT NULL REFERENCES sessions(id),
    started_at {real} NOT NULL,
    finished_at {real},
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
    id {id},
    turn_id {int} NOT NULL REFERENCES turns(id),
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    source TEXT NOT NULL,
    approved INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
    id {id},
    turn_id {int} NOT NULL REFERENCES turns(id),
    stage TEXT NOT NULL,
    policy TEXT NOT NULL,
    category TEXT NOT NULL,
    span TEXT,
    score {real},
    action TEXT NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    id {id},
    turn_id {int} NOT NULL REFERENCES turns(id),
    idx INTEGER NOT NULL,
    path TEXT,
    sha256 TEXT,
    seed {int} NOT NULL,
    caption TEXT NOT NULL,
    width INTEGER, height INTEGER,
    safety_json TEXT,
    blocked INTEGER NOT NULL,
    reason TEXT
);
"""


def _public_ids_for_old_images(conn: Connection) -> None:
    """Migration 5: images stored before migration 4 get an opaque id too (links name images by it, never by
    path), and images are looked up by it."""
    for (row_id,) in conn.execute(text("SELECT id FROM images WHERE public_id IS NULL")).fetchall():
        conn.execute(text("UPDATE images SET public_id=:p WHERE id=:i"), {"p": uuid.uuid4().hex, "i": row_id})
    conn.execute(text("CREATE UNIQUE INDEX IF NOT EXISTS images_public_id ON images(public_id)"))


# migration N brings a database from version N-1 to N; each runs once, in one transaction. A string is SQL
# (statements separated by ';', with the {placeholders} of DIALECTS); a function gets the connection.
MIGRATIONS: list[str | Callable[[Connection], None]] = [
    SCHEMA_1,  # 1: sessions, turns, captions, findings, images
    "ALTER TABLE sessions ADD COLUMN picked_seed {int};",  # 2: /pick also keeps the picked image's seed
    "ALTER TABLE turns ADD COLUMN owner TEXT;",  # 3: host:pid of the process running the turn
    "ALTER TABLE images ADD COLUMN public_id TEXT;",  # 4: the opaque id a PNG's metadata carries
    _public_ids_for_old_images,  # 5: ... for older images too; an index on it
    # 6: users with API keys (only a hash is stored); a session belongs to the user who started it (NULL: the
    # local user, i.e. the CLI, the library, or a server run without users)
    "CREATE TABLE users (name TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, created_at {real} NOT NULL);"
    "ALTER TABLE sessions ADD COLUMN user_name TEXT;"
    "CREATE INDEX sessions_user ON sessions(user_name);",
]


@dataclass(frozen=True)
class Dialect:
    """What differs between the databases Limner stores history in."""

    types: dict[str, str]  # the {placeholders} of the migrations' SQL
    version_read: str  # the schema version: how many migrations ran
    version_write: str


DIALECTS = {
    "sqlite": Dialect({"id": "INTEGER PRIMARY KEY AUTOINCREMENT", "int": "INTEGER", "real": "REAL"},
                      "PRAGMA user_version", "PRAGMA user_version = {n}"),
    "postgresql": Dialect({"id": "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "int": "BIGINT",
                           "real": "DOUBLE PRECISION"},
                          "SELECT coalesce(max(version), 0) FROM limner_schema",
                          "INSERT INTO limner_schema(version) VALUES ({n})"),
}

USER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")


def key_hash(key: str) -> str:
    """API keys are 256-bit random tokens, so one SHA-256 is enough to store them safely (no salt or slow hash
    needed: there is nothing to guess)."""
    return hashlib.sha256(key.encode()).hexdigest()


OWNER = f"{socket.gethostname()}:{os.getpid()}"


def _owner_gone(owner: str | None) -> bool:
    """Whether the process that marked a turn 'running' is gone: only a turn of this host whose process no
    longer exists (or a marker from before owners were recorded) is known to be dead. A turn that another live
    process (a server, on this host or another one sharing a PostgreSQL store) is running is left alone."""
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


def store_url(where: str | Path) -> str:
    """A SQLAlchemy URL for a database file path or a URL; ``postgresql://`` means the psycopg (3) driver."""
    where = str(where)
    if "://" not in where:
        return f"sqlite:///{Path(where).expanduser().absolute()}"
    if where.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + where.split("://", 1)[1]
    return where


def _engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StorageError(f"store url {url!r} is not a database URL (e.g. postgresql://user@host:5432/limner "
                           "or sqlite:////path/to/limner.db)") from None
    if parsed.get_backend_name() not in DIALECTS:
        raise StorageError(f"store url {parsed.render_as_string()!r}: Limner stores history in "
                           f"{' or '.join(DIALECTS)}, not {parsed.get_backend_name()}")
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise StorageError("an in-memory SQLite store would lose the history: give a file path")
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # one connection, used under the store's lock (as before SQLAlchemy); Python's own transaction handling
        # off, so that a write transaction is BEGIN IMMEDIATE: it waits for the write lock (timeout) instead of
        # failing when another process writes between its first read and its first write
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_settings(dbapi_conn, _record) -> None:
            dbapi_conn.isolation_level = None
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
                dbapi_conn.execute(f"PRAGMA {pragma}")

        return engine
    try:
        return create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=24,  # a running turn holds one
                             connect_args={"connect_timeout": 10})
    except ModuleNotFoundError as e:
        raise StorageError(f"store url {parsed.render_as_string()!r} needs the {e.name} driver: "
                           "pip install 'limner[postgres]'") from None


class Store:
    """Thread-safe access to the history database (a file path: SQLite; a URL: SQLite or PostgreSQL)."""

    def __init__(self, where: str | Path) -> None:
        self.url = store_url(where)
        self.engine = _engine(self.url)
        self.dialect = DIALECTS[self.engine.dialect.name]
        self.sqlite = self.engine.dialect.name == "sqlite"
        self.path = make_url(self.url).render_as_string()  # what messages name (no password)
        self._lock = threading.RLock()
        self._pending_marks: dict[int, tuple[TurnStatus, str]] = {}
        try:
            self.migrate()
        except SQLAlchemyError as e:
            raise StorageError(f"cannot open the history database {self.path}: {_reason(e)}") from e
        # a turn left 'running' by a crash or kill is marked, not lost; one a live process is running is not
        with self._tx("mark interrupted turns") as db:
            running = db.execute(text("SELECT id, owner FROM turns WHERE status='running'")).fetchall()
            dead = [{"s": TurnStatus.interrupted.value, "t": time.time(), "i": r.id} for r in running
                    if _owner_gone(r.owner)]
            if dead:
                db.execute(text("UPDATE turns SET status=:s, finished_at=:t WHERE id=:i AND status='running'"), dead)

    @contextlib.contextmanager
    def _tx(self, writing: str | None = None) -> Iterator[Connection]:
        """One transaction under the store's lock. ``writing`` says what it writes: a failed write is then a
        ``StorageError`` that says what could not be written and what to do."""
        with self._lock:
            try:
                with self.engine.connect() as conn:
                    if writing and self.sqlite:
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    try:
                        yield conn
                        conn.commit()
                    except BaseException:
                        with contextlib.suppress(SQLAlchemyError):  # must not hide why the write failed
                            conn.rollback()
                        raise
            except SQLAlchemyError as e:
                if writing is None:
                    raise
                # no path or URL: this message is stored with the turn and shown to API clients
                raise StorageError(f"could not {writing} in the {self.engine.dialect.name} history database: "
                                   f"{_reason(e)} (free some space or check the database's permissions; earlier "
                                   "turns are intact)") from e

    def _read(self, sql: str, **args) -> list:
        with self._tx() as db:
            return db.execute(text(sql), args).fetchall()

    def migrate(self) -> None:
        """Run the migrations this database has not had yet (a database made before migrations were numbered
        already has the tables of migration 1, which are created only if missing)."""
        with self._lock, self.engine.connect() as conn:
            if not self.sqlite:
                conn.execute(text("CREATE TABLE IF NOT EXISTS limner_schema (version INTEGER PRIMARY KEY, "
                                  "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"))
                conn.execute(text("LOCK TABLE limner_schema IN EXCLUSIVE MODE"))  # two servers starting at once
            else:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            version = int(conn.exec_driver_sql(self.dialect.version_read).scalar_one())
            conn.commit()
            for n, step in enumerate(MIGRATIONS[version:], start=version + 1):
                if self.sqlite:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                try:
                    if callable(step):
                        step(conn)
                    elif n == 2 and "picked_seed" in {c["name"] for c in inspect(conn).get_columns("sessions")}:
                        pass
                    else:
                        for stmt in filter(str.strip, step.format(**self.dialect.types).split(";")):
                            conn.exec_driver_sql(stmt)
                    conn.exec_driver_sql(self.dialect.version_write.format(n=n))
                    conn.commit()
                except BaseException:
                    conn.rollback()
                    raise

    def close(self) -> None:
        with self._lock:
            self.engine.dispose()

    @contextlib.contextmanager
    def turn_lock(self, sid: str) -> Iterator[None]:
        """Held while a turn of session ``sid`` runs, across every process that shares this store: on
        PostgreSQL a session-level advisory lock (two servers, or two Ray replicas, cannot run turns of one
        session at once: the second waits and then refines what the first made). A SQLite store lives on one
        host, where the orchestrator's own per-session lock does this."""
        if self.sqlite:
            yield
            return
        with self.engine.connect() as conn:  # not under self._lock: waiting here must not block other sessions
            conn.execute(text("SELECT pg_advisory_lock(hashtextextended(:s, 0))"), {"s": sid})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(hashtextextended(:s, 0))"), {"s": sid})
                conn.commit()

    # ------------------------------------------------------------ sessions
    def create_session(self, session_id: str | None = None, user: str | None = None) -> str:
        sid = session_id or uuid.uuid4().hex  # 128 bits, not guessable
        with self._tx("start a session") as db:
            db.execute(text("INSERT INTO sessions(id, created_at, user_name) VALUES (:i, :t, :u) "
                            "ON CONFLICT (id) DO NOTHING"), {"i": sid, "t": time.time(), "u": user})
        return sid

    def session_visible(self, sid: str, user: str | None) -> bool:
        """Does session ``sid`` exist and belong to ``user`` (None: the local user)? Another user's session is,
        to the API, a session that does not exist."""
        rows = self._read("SELECT user_name FROM sessions WHERE id=:i", i=sid)
        return bool(rows) and rows[0].user_name == user

    # ------------------------------------------------------------ users
    def add_user(self, name: str) -> str:
        """Create user ``name``; returns their API key (shown once: only its hash is kept)."""
        if not USER_NAME.match(name):
            raise ValueError(f"invalid user name {name!r}: 1-64 letters, digits, '_', '.', '@' or '-'")
        key = "lim_" + secrets.token_urlsafe(32)
        try:
            with self._tx(f"add user {name!r}") as db:
                db.execute(text("INSERT INTO users(name, key_hash, created_at) VALUES (:n, :k, :t)"),
                           {"n": name, "k": key_hash(key), "t": time.time()})
        except StorageError as e:
            if not isinstance(e.__cause__, IntegrityError):
                raise
            raise ValueError(f"user {name!r} already exists (limner users remove {name} first, or pick "
                             "another name)") from None
        return key

    def remove_user(self, name: str) -> bool:
        """Remove user ``name`` and so revoke their key (their sessions stay, readable by nobody over HTTP)."""
        with self._tx(f"remove user {name!r}") as db:
            return db.execute(text("DELETE FROM users WHERE name=:n"), {"n": name}).rowcount > 0

    def users(self) -> list[dict]:
        return [dict(r._mapping) for r in self._read(
            "SELECT u.name, u.created_at, count(s.id) AS sessions FROM users u LEFT JOIN sessions s "
            "ON s.user_name = u.name GROUP BY u.name, u.created_at ORDER BY u.name")]

    def has_users(self) -> bool:
        return bool(self._read("SELECT 1 FROM users LIMIT 1"))

    def user_for_key(self, key: str) -> str | None:
        rows = self._read("SELECT name FROM users WHERE key_hash=:k", k=key_hash(key))
        return rows[0].name if rows else None

    def session_exists(self, sid: str) -> bool:
        return bool(self._read("SELECT 1 FROM sessions WHERE id=:i", i=sid))

    def require_session(self, sid: str) -> None:
        if not self.session_exists(sid):
            raise UnknownSession(f"unknown session id {sid!r}")

    def current_caption(self, sid: str) -> str | None:
        """The caption later turns refine: the picked one, else the first approved caption of the last good turn
        (a dry run counts: its captions are what the user saw)."""
        with self._tx() as db:
            picked = db.execute(text("SELECT picked_caption FROM sessions WHERE id=:s"), {"s": sid}).scalar()
            if picked:
                return picked
            return db.execute(text(
                "SELECT c.text FROM turns t JOIN captions c ON c.turn_id = t.id "
                "WHERE t.session_id=:s AND t.status IN ('ok', 'blocked', 'dry_run') AND c.approved=1 "
                "ORDER BY t.id DESC, c.idx ASC LIMIT 1"), {"s": sid}).scalar()

    def refused_categories(self, sid: str) -> frozenset[str]:
        """The policy categories for which a turn of this session was refused (an undone turn counts too)."""
        return frozenset(r[0] for r in self._read(
            "SELECT DISTINCT f.category FROM findings f JOIN turns t ON t.id = f.turn_id WHERE t.session_id=:s "
            "AND f.action='refuse' AND t.refusal_message IS NOT NULL", s=sid) if r[0])

    def refused_just_before(self, sid: str) -> str | None:
        """The user's words of this session's last finished turns when they were refused (up to four in a row,
        joined: "less clothing, even less"), else None; a follow-up such as "nothing at all" continues them."""
        rows = self._read(
            "SELECT user_text, refusal_message FROM turns WHERE session_id=:s AND status NOT IN ('undone', 'running') "
            "ORDER BY id DESC LIMIT 4", s=sid)
        refused: list[str] = []
        for user_text, refusal in rows:
            if not refusal:
                break
            refused.insert(0, user_text.strip().rstrip("."))
        return ", ".join(refused) or None

    def picture_turns(self, sid: str, limit: int = 6) -> list[tuple[str, str | None]]:
        """(user's words, mode) of this session's last turns that drew or would have drawn a picture (ok, blocked,
        dry run), or asked to change it and could not be applied ("make her look about eleven", which no rule
        applies: what the user wants the picture to be still stands for the next turn's safety); not refused,
        undone or running; newest first: the words the current picture was asked with."""
        return [(r[0], r[1]) for r in self._read(
            "SELECT user_text, mode FROM turns WHERE session_id=:s AND status IN ('ok', 'blocked', 'dry_run', "
            "'not_applied') "
            "ORDER BY id DESC LIMIT :n", s=sid, n=limit)]

    def current_seed(self, sid: str) -> int | None:
        """The seed of the picture later turns refine: the picked image's, else the first shown image of the last
        turn that made images."""
        with self._tx() as db:
            row = db.execute(text("SELECT picked_caption, picked_seed FROM sessions WHERE id=:s"),
                             {"s": sid}).first()
            if row and row.picked_caption:
                return row.picked_seed
            seed = db.execute(text(
                "SELECT i.seed FROM turns t JOIN images i ON i.turn_id = t.id WHERE t.session_id=:s AND "
                "t.status IN ('ok', 'blocked', 'dry_run') AND i.blocked=0 ORDER BY t.id DESC, i.idx ASC LIMIT 1"),
                {"s": sid}).scalar()
        return None if seed is None else int(seed)

    def pick(self, sid: str, caption: str | None, seed: int | None = None) -> None:
        with self._tx("pick an image") as db:
            db.execute(text("UPDATE sessions SET picked_caption=:c, picked_seed=:n WHERE id=:s"),
                       {"c": caption, "n": seed, "s": sid})

    def undo(self, sid: str) -> int | None:
        """Mark the last finished turn 'undone'; returns its id."""
        with self._tx("undo a turn") as db:
            turn_id = db.execute(text(
                "SELECT id FROM turns WHERE session_id=:s AND status NOT IN ('undone', 'running') "
                "ORDER BY id DESC LIMIT 1"), {"s": sid}).scalar()
            if turn_id is None:
                return None
            db.execute(text("UPDATE turns SET status='undone' WHERE id=:i"), {"i": turn_id})
            db.execute(text("UPDATE sessions SET picked_caption=NULL, picked_seed=NULL WHERE id=:s"), {"s": sid})
            return int(turn_id)

    # ------------------------------------------------------------ turns
    def start_turn(self, sid: str, user_text: str, request_json: str, current: str | None) -> int:
        self._flush_pending_marks()
        with self._tx("record a new turn") as db:
            return int(db.execute(text(
                "INSERT INTO turns(session_id, started_at, status, user_text, request_json, current_caption, owner) "
                "VALUES (:s, :t, 'running', :u, :r, :c, :o) RETURNING id"),
                {"s": sid, "t": time.time(), "u": user_text, "r": request_json, "c": current, "o": OWNER},
            ).scalar_one())

    def finish_turn(self, turn_id: int, result: TurnResult) -> None:
        """Everything the turn produced, in one transaction."""
        with self._tx(f"record turn {turn_id}") as db:
            db.execute(text(
                "UPDATE turns SET finished_at=:t, status=:s, mode=:m, refusal_message=:r, explanation=:e, "
                "timings_json=:tj, result_json=:rj WHERE id=:i"),
                {"t": time.time(), "s": result.status.value, "m": result.mode, "r": result.refusal_message,
                 "e": "\n".join(result.explanation), "tj": json.dumps(result.timings),
                 "rj": result.model_dump_json(), "i": turn_id})
            if result.captions:
                db.execute(text("INSERT INTO captions(turn_id, idx, text, source, approved) "
                                "VALUES (:t, :i, :x, :s, :a)"),
                           [{"t": turn_id, "i": c.index, "x": c.text, "s": c.source, "a": int(c.approved)}
                            for c in result.captions])
            if result.findings:
                db.execute(text("INSERT INTO findings(turn_id, stage, policy, category, span, score, action, reason) "
                                "VALUES (:t, :st, :p, :c, :sp, :sc, :a, :r)"),
                           [{"t": turn_id, "st": f.stage, "p": f.policy, "c": f.category, "sp": f.span,
                             "sc": f.score, "a": f.action, "r": f.reason} for f in result.findings])
            if result.images:
                db.execute(text(
                    "INSERT INTO images(turn_id, idx, path, sha256, seed, caption, width, height, safety_json, "
                    "blocked, reason, public_id) VALUES (:t, :i, :p, :h, :s, :c, :w, :ht, :sj, :b, :r, :pid)"),
                    [{"t": turn_id, "i": im.index, "p": im.path, "h": im.sha256, "s": im.seed, "c": im.caption,
                      "w": im.width, "ht": im.height, "sj": json.dumps(im.safety_scores), "b": int(im.blocked),
                      "r": im.reason, "pid": im.image_id} for im in result.images])
            if result.status == TurnStatus.ok:
                db.execute(text("UPDATE sessions SET picked_caption=NULL, picked_seed=NULL WHERE id=:s"),
                           {"s": result.session_id})

    def mark_turn_soon(self, turn_id: int, status: TurnStatus, message: str) -> None:
        """Mark the turn now, or (when the disk is full) at the next write that succeeds, so a turn whose result
        could not be recorded does not stay 'running'."""
        try:
            self.mark_turn(turn_id, status, message)
        except (StorageError, SQLAlchemyError):
            with self._lock:
                self._pending_marks[turn_id] = (status, message)

    def _flush_pending_marks(self) -> None:
        with self._lock:
            for turn_id, (status, message) in list(self._pending_marks.items()):
                try:
                    self.mark_turn(turn_id, status, message)
                    del self._pending_marks[turn_id]
                except (StorageError, SQLAlchemyError):
                    return

    def mark_turn(self, turn_id: int, status: TurnStatus, message: str) -> None:
        with self._tx(f"mark turn {turn_id} {status.value}") as db:
            db.execute(text("UPDATE turns SET status=:s, finished_at=:t, refusal_message=:m WHERE id=:i"),
                       {"s": status.value, "t": time.time(), "m": message, "i": turn_id})

    # ------------------------------------------------------------ history
    def turns(self, sid: str | None = None, blocked_only: bool = False, limit: int = 200) -> list[dict]:
        """Turns, oldest first; each has ``number`` (its place in its session, from 1) and each shown image a
        ``number`` (its place among the session's shown images: what ``/pick N`` and the web page count)."""
        q = "SELECT *, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY id) AS number FROM turns"
        where, args = [], {"limit": limit}
        if sid:
            where.append("session_id=:sid")
            args["sid"] = sid
        if blocked_only:
            where.append("(status IN ('refused', 'blocked') OR id IN (SELECT turn_id FROM images WHERE blocked=1))")
        if where:
            q = f"SELECT * FROM ({q}) AS numbered WHERE " + " AND ".join(where)
        q += " ORDER BY id DESC LIMIT :limit"
        with self._tx() as db:
            rows = [dict(r._mapping) for r in db.execute(text(q), args)]
            for r in rows:
                one = {"t": r["id"]}
                r["captions"] = [dict(c._mapping) for c in db.execute(text(
                    "SELECT idx, text, source, approved FROM captions WHERE turn_id=:t ORDER BY idx"), one)]
                r["findings"] = [dict(f._mapping) for f in db.execute(text(
                    "SELECT stage, policy, category, span, score, action, reason FROM findings WHERE turn_id=:t "
                    "ORDER BY id"), one)]
                r["images"] = [dict(i._mapping) for i in db.execute(text(
                    "SELECT idx, path, public_id AS image_id, sha256, seed, caption, blocked, reason, safety_json "
                    "FROM images WHERE turn_id=:t ORDER BY idx"), one)]
            numbers = {}
            for sid_ in {r["session_id"] for r in rows}:
                numbers.update(self._image_numbers(db, sid_))
        for r in rows:
            for im in r["images"]:
                im["number"] = numbers.get((r["id"], im["idx"]))
        return list(reversed(rows))

    _SHOWN = ("FROM images i JOIN turns t ON t.id=i.turn_id WHERE t.session_id=:s AND t.status != 'undone' "
              "AND i.blocked=0 AND i.path IS NOT NULL ORDER BY t.id, i.idx")

    def _image_numbers(self, db: Connection, sid: str) -> dict[tuple[int, int], int]:
        rows = db.execute(text("SELECT i.turn_id, i.idx " + self._SHOWN), {"s": sid}).fetchall()
        return {(r.turn_id, r.idx): n for n, r in enumerate(rows, 1)}

    def numbers(self, sid: str, turn_id: int) -> tuple[int, dict[int, int]]:
        """Turn ``turn_id``'s number in its session and {image index in the turn: number in the session}."""
        with self._tx() as db:
            n = db.execute(text("SELECT count(*) FROM turns WHERE session_id=:s AND id<=:t"),
                           {"s": sid, "t": turn_id}).scalar_one()
            images = {idx: k for (t, idx), k in self._image_numbers(db, sid).items() if t == turn_id}
        return int(n), images

    def image_captions(self, sid: str) -> list[tuple[str, str, int]]:
        """(path, caption, seed) of the session's shown images in order: image N of ``/pick N``."""
        rows = self._read("SELECT i.path, i.caption, i.seed " + self._SHOWN, s=sid)
        return [(r.path, r.caption, int(r.seed)) for r in rows]

    def image_path(self, image_id: str) -> str | None:
        """The file of the image with this public id (None: no such image, or it was blocked and never saved)."""
        rows = self._read("SELECT path FROM images WHERE public_id=:p AND blocked=0", p=image_id)
        return rows[0].path if rows else None

    def problems(self) -> list[str]:
        """What is wrong with the database: SQLite's own integrity check, rows whose turn or session is gone, and
        turns left 'running' by a process that is gone. Empty: consistent."""
        found = []
        with self._tx() as db:
            if self.sqlite:
                check = db.exec_driver_sql("PRAGMA integrity_check").scalar_one()
                if check != "ok":
                    found.append(f"integrity_check: {check}")
            for table in ("captions", "findings", "images"):
                n = db.execute(text(f"SELECT count(*) FROM {table} x LEFT JOIN turns t ON t.id = x.turn_id "
                                    "WHERE t.id IS NULL")).scalar_one()
                if n:
                    found.append(f"{n} {table} of no turn")
            n = db.execute(text("SELECT count(*) FROM turns t LEFT JOIN sessions s ON s.id = t.session_id "
                                "WHERE s.id IS NULL")).scalar_one()
            if n:
                found.append(f"{n} turns of no session")
            dead = [r.id for r in db.execute(text("SELECT id, owner FROM turns WHERE status='running'"))
                    if _owner_gone(r.owner) and r.owner != OWNER]
            if dead:
                found.append(f"turns {dead} 'running' but their process is gone")
        return found

    def integrity_ok(self) -> bool:
        return not self.problems()


def _reason(e: SQLAlchemyError) -> str:
    """The database's own words, without SQLAlchemy's statement dump."""
    return str(getattr(e, "orig", None) or e).strip().splitlines()[0]
