import sqlite3

import pytest
from limner.orchestrator.store import Store
from limner.orchestrator.types import Caption, ImageRequest, TurnResult, TurnStatus


def _result(sid, tid, text="a cat", caption="A photo of a cat.", status=TurnStatus.ok):
    return TurnResult(session_id=sid, turn_id=tid, status=status, request=ImageRequest(text=text),
                      captions=[Caption(index=0, text=caption)], revised_prompts=[caption])


def test_session_turns_and_current_caption(tmp_path):
    db = tmp_path / "h.db"
    s = Store(db)
    sid = s.create_session()
    t1 = s.start_turn(sid, "a cat", "{}", None)
    s.finish_turn(t1, _result(sid, t1))
    assert s.current_caption(sid) == "A photo of a cat."
    t2 = s.start_turn(sid, "make it blue", "{}", "A photo of a cat.")
    s.finish_turn(t2, _result(sid, t2, caption="A photo of a blue cat."))
    assert s.current_caption(sid) == "A photo of a blue cat."
    assert s.undo(sid) == t2
    assert s.current_caption(sid) == "A photo of a cat."
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    s.close()


def test_crash_mid_turn_is_marked_interrupted_and_earlier_turns_kept(tmp_path):
    db = tmp_path / "h.db"
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


def test_failed_finish_rolls_back(tmp_path):
    s = Store(tmp_path / "h.db")
    sid = s.create_session()
    t1 = s.start_turn(sid, "x", "{}", None)
    bad = _result(sid, t1)
    bad.captions.append(Caption(index=1, text="ok"))
    s._db.execute("CREATE TRIGGER boom BEFORE INSERT ON captions WHEN NEW.idx = 1 BEGIN SELECT RAISE(ABORT, 'x'); END")
    from limner.orchestrator.types import StorageError

    with pytest.raises(StorageError, match="could not record turn .*: x"):  # the real reason, not the ROLLBACK's
        s.finish_turn(t1, bad)
    row = s.turns(sid)[0]
    assert row["status"] == "running" and row["captions"] == []  # nothing half-written


def test_an_old_database_is_migrated_without_losing_anything(tmp_path):
    from limner.orchestrator.store import MIGRATIONS, SCHEMA_1
    from limner.orchestrator.types import GeneratedImage

    db = tmp_path / "old.db"
    old = sqlite3.connect(db)  # as Limner wrote it before the migrations were numbered (user_version 0)
    old.executescript(SCHEMA_1)
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
