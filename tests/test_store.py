import sqlite3
import threading
import time

import pytest
from limner.orchestrator.store import Store
from limner.orchestrator.types import Caption, ImageRequest, TurnResult, TurnStatus


def _result(sid, tid, text="a cat", caption="A photo of a cat.", status=TurnStatus.ok):
    return TurnResult(session_id=sid, turn_id=tid, status=status, request=ImageRequest(text=text),
                      captions=[Caption(index=0, text=caption)], revised_prompts=[caption])


def test_session_turns_and_current_caption(store_url):
    s = Store(store_url)
    sid = s.create_session()
    t1 = s.start_turn(sid, "a cat", "{}", None)
    s.finish_turn(t1, _result(sid, t1))
    assert s.current_caption(sid) == "A photo of a cat."
    t2 = s.start_turn(sid, "make it blue", "{}", "A photo of a cat.")
    s.finish_turn(t2, _result(sid, t2, caption="A photo of a blue cat."))
    assert s.current_caption(sid) == "A photo of a blue cat."
    assert s.undo(sid) == t2
    assert s.current_caption(sid) == "A photo of a cat."
    t = s.turns(sid)[0]
    assert abs(t["started_at"] - time.time()) < 60 and t["finished_at"] >= t["started_at"]  # to the second
    if s.sqlite:
        assert sqlite3.connect(store_url).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    s.close()


def test_users_and_their_sessions(store_url):
    s = Store(store_url)
    key = s.add_user("ana")
    with pytest.raises(ValueError, match="already exists"):
        s.add_user("ana")
    sid = s.create_session(user="ana")
    assert s.user_for_key(key) == "ana" and s.user_for_key(key + "x") is None
    assert s.session_visible(sid, "ana") and not s.session_visible(sid, None) and not s.session_visible(sid, "bo")
    assert [(u["name"], u["sessions"]) for u in s.users()] == [("ana", 1)]
    assert s.remove_user("ana") and not s.remove_user("ana") and s.user_for_key(key) is None
    s.close()


def test_two_servers_write_one_store_at_once(store_url):
    """Two Store objects stand for two server processes (or Ray replicas) sharing one database."""
    a, b = Store(store_url), Store(store_url)
    sid = a.create_session()
    errors: list[Exception] = []

    def turns(store: Store, n: int) -> None:
        try:
            for i in range(n):
                t = store.start_turn(sid, f"turn {i}", "{}", None)
                store.finish_turn(t, _result(sid, t, caption=f"A photo of cat {i}."))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=turns, args=(st, 15)) for st in (a, b, a, b)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    rows = b.turns(sid)
    assert len(rows) == 60 and len({r["id"] for r in rows}) == 60 and {r["status"] for r in rows} == {"ok"}
    assert [r["number"] for r in rows] == list(range(1, 61))
    assert a.problems() == []
    a.close()
    b.close()


def test_crash_mid_turn_is_marked_interrupted_and_earlier_turns_kept(store_url):
    db = store_url
    s = Store(db)
    sid = s.create_session("abc")
    t1 = s.start_turn(sid, "a cat", "{}", None)
    s.finish_turn(t1, _result(sid, t1))
    t2 = s.start_turn(sid, "a dog", "{}", None)  # the process "dies" here
    s.close()
    s2 = Store(db)  # restart
    turns = s2.turns(sid)
    assert [t["status"] for t in turns] == ["ok", "interrupted"]
    assert turns[0]["captions"][0]["text"] == "A photo of a cat."
    assert turns[1]["id"] == t2
    assert s2.integrity_ok()


def test_failed_finish_rolls_back(store_url):
    s = Store(store_url)
    sid = s.create_session()
    t1 = s.start_turn(sid, "x", "{}", None)
    bad = _result(sid, t1)
    bad.captions.append(Caption(index=1, text="ok"))
    with s.engine.begin() as db:  # the database refuses the second caption
        if s.sqlite:
            db.exec_driver_sql("CREATE TRIGGER boom BEFORE INSERT ON captions WHEN NEW.idx = 1 "
                               "BEGIN SELECT RAISE(ABORT, 'x'); END")
        else:
            db.exec_driver_sql("CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN IF NEW.idx = 1 THEN RAISE "
                               "EXCEPTION 'x'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql")
            db.exec_driver_sql("CREATE TRIGGER boom BEFORE INSERT ON captions FOR EACH ROW EXECUTE FUNCTION boom()")
    from limner.orchestrator.types import StorageError

    with pytest.raises(StorageError, match="could not record turn .*: x"):  # the real reason, not the ROLLBACK's
        s.finish_turn(t1, bad)
    row = s.turns(sid)[0]
    assert row["status"] == "running" and row["captions"] == []  # nothing half-written


def test_bad_store_urls_are_clear_errors(tmp_path):
    from limner.orchestrator.types import StorageError

    with pytest.raises(StorageError, match="not a database URL"):
        Store("postgresql://::what")
    with pytest.raises(StorageError, match="sqlite or postgresql, not mysql"):
        Store("mysql://u@localhost/x")
    with pytest.raises(StorageError, match="in-memory"):
        Store("sqlite://")
    with pytest.raises(StorageError, match="cannot open the history database postgresql.*127.0.0.1:9/"):
        Store("postgresql://u:secret@127.0.0.1:9/nothing")  # nothing listens: an error, not a hang


def test_an_old_database_is_migrated_without_losing_anything(tmp_path):
    from limner.orchestrator.store import DIALECTS, MIGRATIONS, SCHEMA_1
    from limner.orchestrator.types import GeneratedImage

    db = tmp_path / "old.db"
    old = sqlite3.connect(db)  # as Limner wrote it before the migrations were numbered (user_version 0)
    old.executescript(SCHEMA_1.format(**DIALECTS["sqlite"].types))
    old.execute("INSERT INTO sessions(id, created_at, picked_caption) VALUES ('s1', 1.0, NULL)")
    old.execute("INSERT INTO turns(session_id, started_at, status, user_text, request_json) "
                "VALUES ('s1', 1.0, 'ok', 'a cat', '{}')")
    old.execute("INSERT INTO images(turn_id, idx, path, seed, caption, blocked) VALUES (1, 0, '/h/cat.png', 3, 'c', 0)")
    old.commit()
    old.close()
    s = Store(db)
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [t["user_text"] for t in s.turns("s1")] == ["a cat"]
    # an image stored before images had public ids gets one, and links find it by that id
    image_id = s.turns("s1")[0]["images"][0]["image_id"]
    assert len(image_id) == 32 and s.image_path(image_id) == "/h/cat.png" and s.image_path("0" * 32) is None
    # the new column works: a picked image's seed is what a refinement reuses
    t = s.start_turn("s1", "a dog", "{}", None)
    r = _result("s1", t, caption="A photo of a dog.")
    r.images = [GeneratedImage(index=0, path="x.png", seed=77, caption="A photo of a dog.", width=64, height=64)]
    s.finish_turn(t, r)
    assert s.current_seed("s1") == 77
    s.pick("s1", "A photo of a dog.", 5)
    assert s.current_seed("s1") == 5 and s.current_caption("s1") == "A photo of a dog."
    s.close()
    assert Store(db).current_seed("s1") == 5  # opening again runs nothing twice


def test_a_turn_a_live_process_is_running_is_not_marked_interrupted_by_another_reader(tmp_path):
    import socket
    import subprocess

    db = tmp_path / "h.db"
    s = Store(db)
    sid = s.create_session("abc")
    t = s.start_turn(sid, "a cat", "{}", None)
    server = subprocess.Popen(["sleep", "60"])  # stands for a live `limner serve` running the turn
    sqlite3.connect(db, isolation_level=None).execute("UPDATE turns SET owner=? WHERE id=?",
                                                      (f"{socket.gethostname()}:{server.pid}", t))
    assert Store(db).turns(sid)[0]["status"] == "running"  # e.g. `limner history` while the server works
    server.kill()
    server.wait()
    assert Store(db).turns(sid)[0]["status"] == "interrupted"  # its process is gone: now it is known dead
    s.close()


def test_a_postgresql_store_of_an_older_limner_is_migrated(postgres):
    """A PostgreSQL history written by a Limner that had run migrations 1-4 (images without public ids)."""
    import psycopg
    from limner.orchestrator.store import DIALECTS, MIGRATIONS

    url = postgres.new_database()
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("CREATE TABLE limner_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL "
                  "DEFAULT now())")
        for n, sql in enumerate(MIGRATIONS[:4], 1):
            for stmt in filter(str.strip, sql.format(**DIALECTS["postgresql"].types).split(";")):
                c.execute(stmt)
            c.execute("INSERT INTO limner_schema(version) VALUES (%s)", (n,))
        c.execute("INSERT INTO sessions(id, created_at) VALUES ('s1', 1.5)")
        c.execute("INSERT INTO turns(session_id, started_at, status, user_text, request_json) "
                  "VALUES ('s1', 1.5, 'ok', 'a cat', '{}')")
        c.execute("INSERT INTO images(turn_id, idx, path, seed, caption, blocked) VALUES (1, 0, '/h/c.png', 3, 'c', 0)")
    s = Store(url)
    image_id = s.turns("s1")[0]["images"][0]["image_id"]
    assert len(image_id) == 32 and s.image_path(image_id) == "/h/c.png"
    t = s.start_turn("s1", "a dog", "{}", None)  # ids go on after the old rows
    assert t == 2 and s.add_user("ana").startswith("lim_")
    s.close()
    with psycopg.connect(url) as c:
        assert c.execute("SELECT max(version) FROM limner_schema").fetchone()[0] == len(MIGRATIONS)
    assert Store(url).turns("s1")[0]["images"][0]["image_id"] == image_id  # opening again runs nothing twice


def test_a_turn_lock_on_postgresql_holds_across_servers(postgres):
    """Two stores stand for two servers: while one runs a turn of a session, the other waits for that session
    (and only that one)."""
    url = postgres.new_database()
    a, b = Store(url), Store(url)
    got: list[str] = []
    with a.turn_lock("s1"):
        def other(sid: str) -> None:
            with b.turn_lock(sid):
                got.append(sid)

        waiting = threading.Thread(target=other, args=("s1",))
        waiting.start()
        free = threading.Thread(target=other, args=("s2",))
        free.start()
        free.join(10)
        waiting.join(0.5)
        assert got == ["s2"] and waiting.is_alive()  # s1 waits for the first server's turn, s2 does not
    waiting.join(10)
    assert got == ["s2", "s1"]
    a.close()
    b.close()
