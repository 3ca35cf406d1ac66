"""The real server on a loopback port, driven by the official openai client and plain HTTP."""

import json
import threading

import httpx
import openai
import pytest
from limner.orchestrator import TurnStatus
from limner.orchestrator.http import create_app

from .conftest import ServerThread, free_port, make_orch


@pytest.fixture
def server(tmp_path, components):
    o = make_orch(tmp_path / "h", components)
    with ServerThread(create_app(o), free_port()) as srv:
        srv.orch = o
        yield srv
    o.close()


def test_openai_client_success_refusal_and_bad_request(server):
    client = openai.OpenAI(base_url=server.url + "/v1", api_key="unused")
    res = client.images.generate(prompt="a yellow star on a black night sky", n=1, size="1024x1024",
                                 response_format="b64_json")
    assert res.data[0].b64_json and res.data[0].revised_prompt
    res = client.images.generate(prompt="a white cloud in a blue sky", size="1024x1024")
    url = res.data[0].url
    assert url and httpx.get(url).status_code == 200
    assert httpx.get(url.replace("sig=", "sig=0")).status_code == 403
    with pytest.raises(openai.BadRequestError) as e:
        client.images.generate(prompt="a naked woman on a bed")
    assert e.value.code == "content_policy_violation"
    assert "unsafe/sexual" in e.value.message
    with pytest.raises(openai.BadRequestError) as e:
        client.images.generate(prompt="   ")
    assert e.value.body["param"] == "prompt" and e.value.body["message"] == "text is empty"
    with pytest.raises(openai.BadRequestError) as e:
        client.images.generate(prompt="a cat", size="13x7")
    assert e.value.body["param"] == "size"
    with pytest.raises(openai.BadRequestError) as e:
        client.images.generate(prompt="a cat", n=7)
    assert e.value.body["param"] == "n"
    assert httpx.get(server.url + "/favicon.ico").status_code == 200


def test_malformed_json_and_body_limit_and_openapi(server):
    r = httpx.post(server.url + "/v1/images/generations", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "Invalid request" in r.json()["error"]["message"]
    r = httpx.post(server.url + "/v1/images/generations", json={"prompt": "x" * 200_000})
    assert r.status_code == 413
    spec = httpx.get(server.url + "/openapi.json").json()
    assert "/v1/images/generations" in spec["paths"]


def test_conversation_with_sse_progress(server):
    sid = httpx.post(server.url + "/v1/sessions").json()["id"]
    events = []
    with httpx.stream("POST", f"{server.url}/v1/sessions/{sid}/turns/stream",
                      json={"text": "a red circle on the left", "size": "256x256", "seed": 1}, timeout=300) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        kind = None
        for line in r.iter_lines():
            if line.startswith("event: "):
                kind = line[7:]
            elif line.startswith("data: "):
                events.append((kind, json.loads(line[6:])))
    kinds = [k for k, _ in events]
    assert kinds[-1] == "result"
    progress = [d["kind"] for k, d in events if k == "progress"]
    assert "stage_started" in progress and "step" in progress and "image_ready" in progress
    hist = httpx.get(f"{server.url}/v1/sessions/{sid}/history").json()
    assert len(hist["turns"]) == 1 and hist["turns"][0]["status"] == "ok"
    # images are named by their opaque id: no server path in the stream, the result or the history
    image = hist["turns"][0]["images"][0]
    assert "path" not in image and image["url"].startswith(f"/v1/files/{image['image_id']}.png?")
    assert ".png" not in json.dumps([e for e in events if e[0] == "progress"]) and "/images/" not in json.dumps(hist)
    assert httpx.get(server.url + image["url"]).headers["content-type"] == "image/png"
    assert httpx.get(server.url + image["url"].replace(image["image_id"], "0" * 32)).status_code == 403
    assert httpx.post(f"{server.url}/v1/sessions/nope/turns", json={"text": "a cat"}).status_code == 404


def test_queue_full_gives_429_with_retry_after(tmp_path, components):
    o = make_orch(tmp_path / "h", components, server={"concurrency": 1, "queue_size": 0})
    gate = threading.Event()
    real = o.session

    def slow_session(*a, **k):  # a session whose turns wait for the gate: the one slot stays taken
        s = real(*a, **k)
        send = s.send

        def slow_send(*aa, **kk):
            gate.wait(60)
            return send(*aa, **kk)

        s.send = slow_send
        return s

    o.session = slow_session
    with ServerThread(create_app(o), free_port()) as srv:
        first = threading.Thread(target=lambda: httpx.post(srv.url + "/v1/images/generations",
                                                           json={"prompt": "a blue square"}, timeout=300))
        first.start()
        import time

        time.sleep(1.0)
        r = httpx.post(srv.url + "/v1/images/generations", json={"prompt": "a blue square"}, timeout=30)
        # a request the input rail refuses does not wait for the queue: it is refused at once
        o.session = real
        refused = httpx.post(srv.url + "/v1/images/generations", json={"prompt": "a naked woman in a bedroom"},
                             timeout=30)
        o.session = slow_session
        gate.set()
        first.join(300)
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "content_policy_violation"
        # (with the only slot taken and no queue, anything that went through the queue would be a 429)
    o.close()


def test_api_key_required_when_set(tmp_path, components, monkeypatch):
    monkeypatch.setenv("LIMNER_API_KEY", "s3cret")
    o = make_orch(tmp_path / "h", components)
    with ServerThread(create_app(o), free_port()) as srv:
        assert httpx.post(srv.url + "/v1/sessions").status_code == 401
        assert httpx.post(srv.url + "/v1/sessions", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    o.close()


def test_users_see_only_their_own_sessions_on_every_endpoint(tmp_path, rule_components):
    o = make_orch(tmp_path / "h", rule_components)
    keys = {u: o.store.add_user(u) for u in ("alice", "bob")}
    auth = {u: {"Authorization": f"Bearer {k}"} for u, k in keys.items()}
    with ServerThread(create_app(o), free_port()) as srv:
        assert httpx.post(srv.url + "/v1/sessions").status_code == 401  # users exist: a key is needed
        assert httpx.post(srv.url + "/v1/sessions", headers={"Authorization": "Bearer lim_nope"}).status_code == 401
        sids = {}
        for u in keys:
            sids[u] = httpx.post(srv.url + "/v1/sessions", headers=auth[u]).json()["id"]
            r = httpx.post(f"{srv.url}/v1/sessions/{sids[u]}/turns", headers=auth[u], timeout=120,
                           json={"text": "a red ball on a table", "size": "256x256"})
            assert r.status_code == 200 and r.json()["status"] == "ok", r.text
        endpoints = [("GET", "/history", None), ("POST", "/turns", {"text": "a cat"}),
                     ("POST", "/turns/stream", {"text": "a cat"}), ("POST", "/pick", {"image": 1})]
        readable = 0
        for me, other in (("alice", "bob"), ("bob", "alice")):
            for method, tail, body in endpoints:
                r = httpx.request(method, f"{srv.url}/v1/sessions/{sids[other]}{tail}", json=body, headers=auth[me])
                readable += r.status_code != 404
                assert r.json()["error"]["code"] == "unknown_session"  # the same answer as a made-up id
            mine = httpx.get(f"{srv.url}/v1/sessions/{sids[me]}/history", headers=auth[me])
            assert mine.status_code == 200 and len(mine.json()["turns"]) == 1
        assert readable == 0
        # one-shot generations belong to their user too
        r = httpx.post(srv.url + "/v1/images/generations", headers=auth["bob"], timeout=120,
                       json={"prompt": "a green apple", "size": "256x256"})
        assert r.status_code == 200
        assert {u["name"]: u["sessions"] for u in o.store.users()} == {"alice": 1, "bob": 2}
        o.store.remove_user("bob")  # a removed user's key stops working at once
        assert httpx.post(srv.url + "/v1/sessions", headers=auth["bob"]).status_code == 401
    o.close()


def test_invalid_requests_chunked_bodies_auth_schemes_and_bad_links_get_clear_answers(tmp_path, rule_components,
                                                                                     monkeypatch):
    import sqlite3

    from limner.orchestrator.http import serve
    from limner.orchestrator.types import LimnerError

    monkeypatch.setenv("LIMNER_API_KEY", "s3cret")
    o = make_orch(tmp_path / "h", rule_components)
    sessions = lambda: sqlite3.connect(o.config.db_path).execute("SELECT count(*) FROM sessions").fetchone()[0]  # noqa: E731
    auth = {"Authorization": "bearer s3cret"}  # the scheme is case-insensitive (RFC 7235)
    with ServerThread(create_app(o), free_port()) as srv:
        sid = httpx.post(srv.url + "/v1/sessions", headers=auth).json()["id"]
        before = sessions()
        # invalid before anything runs: a clear 400 naming the parameter, no session made, no slot taken
        r = httpx.post(srv.url + "/v1/images/generations", json={"prompt": "a red ball", "n": 99}, headers=auth)
        assert r.status_code == 400 and r.json()["error"]["param"] == "n"
        r = httpx.post(srv.url + "/v1/images/generations", json={"prompt": "a red ball " * 1000}, headers=auth)
        assert r.status_code == 400 and r.json()["error"]["param"] == "prompt" and "limit" in r.json()["error"]["message"]
        r = httpx.post(srv.url + f"/v1/sessions/{sid}/turns/stream", json={"text": "a red ball", "n": 0}, headers=auth)
        assert r.status_code == 400 and r.json()["error"]["param"] == "n"  # not 200 with an error event
        assert sessions() == before

        def chunks():  # no Content-Length: the limit must hold for a streamed body too
            for _ in range(20):
                yield b"x" * 10_000

        r = httpx.post(srv.url + "/v1/images/generations", content=chunks(),
                       headers={**auth, "content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
        r = httpx.get(srv.url + "/v1/files/abc.png", params={"expires": 1, "sig": "é" * 32})
        assert r.status_code == 403
        for r in (httpx.get(srv.url + "/v1/no-such-thing", headers=auth), httpx.get(srv.url + "/v1/sessions", headers=auth)):
            assert r.status_code in (404, 405) and set(r.json()["error"]) == {"message", "type", "param", "code"}
    o.close()
    monkeypatch.delenv("LIMNER_API_KEY")
    monkeypatch.setenv("LIMNER_HOME", str(tmp_path / "serve"))
    with pytest.raises(LimnerError, match="--insecure"):
        serve(None, host="0.0.0.0", port=free_port())


def test_image_links_outlive_a_restart_and_invisible_characters_never_reach_the_record(tmp_path, rule_components):
    o = make_orch(tmp_path / "h", rule_components)
    with ServerThread(create_app(o), free_port()) as srv:
        r = httpx.post(srv.url + "/v1/images/generations", timeout=120,
                       json={"prompt": "a red\u200b ball on a \u202ewooden\u202c table", "size": "256x256"})
        assert r.status_code == 200, r.text
        url = r.json()["data"][0]["url"]
        assert httpx.get(url).status_code == 200
        revised = r.json()["data"][0]["revised_prompt"]
        assert "\u200b" not in revised and "\u202e" not in revised and "wooden table" in revised
    with ServerThread(create_app(o), free_port()) as srv2:  # a restart: the same link still opens the image
        again = httpx.get(srv2.url + url[url.index("/v1/files/"):])
        assert again.status_code == 200 and again.headers["content-type"] == "image/png"
    turns = o.store.turns(None)
    assert turns[-1]["user_text"] == "a red ball on a wooden table"
    assert (tmp_path / "h" / "keys" / "url_signing.key").stat().st_mode & 0o777 == 0o600
    o.close()


def test_a_full_database_is_a_clear_507_and_the_turn_does_not_stay_running(tmp_path, rule_components):
    from limner.orchestrator.types import StorageError

    o = make_orch(tmp_path / "h", rule_components)
    s = o.session()
    first = s.send("a red ball on a wooden table", size="64x64", seed=1, verbatim=True)

    def sql(q: str):  # on the store's one SQLite connection (a PRAGMA holds for its connection only)
        with o.store.engine.connect() as db:
            return db.exec_driver_sql(q).scalar()

    sql(f"PRAGMA max_page_count = {sql('PRAGMA page_count')}")  # SQLite's own 'database or disk is full'
    with pytest.raises(StorageError, match="could not record .* full"):
        s.send("a blue cube on green grass " + "with many details " * 200, size="64x64", seed=2, verbatim=True)
    with ServerThread(create_app(o), free_port()) as srv:
        r = httpx.post(srv.url + "/v1/images/generations", timeout=120,
                       json={"prompt": "a pink heart on a white table " + "and more " * 300, "size": "64x64"})
        assert r.status_code == 507 and r.json()["error"]["code"] == "storage_error"
        assert str(tmp_path) not in r.text  # no server paths in the answer
    sql("PRAGMA max_page_count = 1073741823")
    # the disk fills up while a turn runs (after its image is saved, before the turn is recorded)
    from limner.orchestrator.provenance import ProvenanceSaver

    class FillsUp(ProvenanceSaver):
        def save(self, image, path, meta):
            super().save(image, path, meta)
            sql(f"PRAGMA max_page_count = {sql('PRAGMA page_count')}")

    o._pipeline, o._saver = None, FillsUp(o.config)
    with pytest.raises(StorageError, match="could not record turn .* full"):
        s.send("a blue cube on green grass " + "with many details " * 200, size="64x64", seed=2, verbatim=True)
    sql("PRAGMA max_page_count = 1073741823")  # space again: the next turn works ...
    o._saver, o._pipeline = None, None
    assert s.send("a yellow star", size="64x64", seed=3, verbatim=True).status == TurnStatus.ok
    turns = o.store.turns(None)
    assert turns[0]["id"] == first.turn_id and turns[0]["status"] == "ok"  # nothing already stored is lost
    # ... and the turn that could not be recorded says so instead of staying 'running'
    assert turns[-2]["status"] == "failed" and "full" in turns[-2]["refusal_message"]
    assert str(tmp_path) not in turns[-2]["refusal_message"]  # the stored reason (shown in history) has no path
    assert all(t["status"] != "running" for t in turns)
    assert not list((tmp_path / "h").rglob("*.tmp"))
    o.close()


def test_an_images_folder_that_fills_up_mid_turn_is_a_507_and_leaves_no_files(tmp_path, rule_components):
    """The history elsewhere (it has room), the images folder full after the turn's first image: the turn fails
    with the disk's reason (not 'withheld by the image check', not a content-policy 400) and removes that image."""
    import errno

    from limner.orchestrator.provenance import ProvenanceSaver

    class FullAfterOne(ProvenanceSaver):
        def save(self, image, path, meta):
            if list(path.parent.glob("*.png")):
                raise OSError(errno.ENOSPC, "No space left on device")
            super().save(image, path, meta)

    o = make_orch(tmp_path / "h", rule_components)
    o._pipeline, o._saver = None, FullAfterOne(o.config)
    with ServerThread(create_app(o), free_port()) as srv:
        r = httpx.post(srv.url + "/v1/images/generations", json={"prompt": "a red ball", "n": 2, "size": "64x64"},
                       timeout=120)
        assert r.status_code == 507 and r.json()["error"]["code"] == "storage_error"
        assert "No space left on device" in r.json()["error"]["message"] and str(tmp_path) not in r.text
    turn = o.store.turns(None)[-1]
    assert turn["status"] == "failed" and "could not save image 2" in turn["refusal_message"]
    assert not list((tmp_path / "h").rglob("*.png")) and not list((tmp_path / "h").rglob("*.tmp"))
    o.close()


def test_the_queue_is_fair_and_one_user_cannot_fill_it():
    """The queue's scheduling on a real event loop with real threads (the work is a short sleep: this is about
    order and limits, not speed)."""
    import asyncio
    import time as _time

    from limner.orchestrator.http import Busy, WorkQueue

    async def scenario():
        q = WorkQueue(concurrency=1, size=4, per_user=3)
        order: list[str] = []

        def work(tag):
            order.append(tag)
            _time.sleep(0.05)
            return tag

        async def send(user, tag):
            try:
                return await q.run(work, tag, user=user)
            except Busy as e:
                return "429-mine" if e.mine else "429"

        flood = [asyncio.create_task(send("flood", f"f{i}")) for i in range(5)]
        await asyncio.sleep(0.01)
        others = [asyncio.create_task(send(u, u)) for u in ("alice", "bob")]
        results = await asyncio.gather(*flood, *others)
        return order, results, q

    order, results, q = asyncio.run(scenario())
    assert results[:5] == ["f0", "f1", "f2", "429-mine", "429-mine"]  # the flooder's share is 3 places
    assert results[5:] == ["alice", "bob"]  # the others are still served
    # round robin: after the flooder's running turn, alice and bob do not wait behind all of the flooder's
    assert order.index("alice") < order.index("f2") and order.index("bob") < order.index("f2")
    assert q.inflight == 0 and q.running == 0 and not q.waiting and not q.by_user


def test_a_user_over_the_per_minute_limit_gets_429_and_the_others_do_not(tmp_path, rule_components):
    o = make_orch(tmp_path / "h", rule_components, server={"turns_per_minute": 3})
    keys = {u: {"Authorization": f"Bearer {o.store.add_user(u)}"} for u in ("ann", "ben")}
    with ServerThread(create_app(o), free_port()) as srv:
        post = lambda user, prompt: httpx.post(srv.url + "/v1/images/generations", headers=keys[user],  # noqa: E731
                                               json={"prompt": prompt, "size": "64x64"}, timeout=120)
        codes = [post("ann", p).status_code for p in ("a red ball", "a naked woman in a bedroom", "a blue cube")]
        assert codes == [200, 400, 200]  # a refused request counts too: it costs the policy engine's time
        over = post("ann", "a green apple")
        assert over.status_code == 429 and over.json()["error"]["code"] == "rate_limit_exceeded"
        assert 1 <= int(over.headers["Retry-After"]) <= 60 and "3 turns in the last minute" in over.text
        sid = httpx.post(srv.url + "/v1/sessions", headers=keys["ann"]).json()["id"]
        stream = httpx.post(f"{srv.url}/v1/sessions/{sid}/turns/stream", headers=keys["ann"],
                            json={"text": "a cat"}, timeout=60)
        assert stream.status_code == 429  # every way in counts
        assert post("ben", "a green apple").status_code == 200  # another user is not held back
    assert [t["user_text"] for t in o.store.turns(None)].count("a green apple") == 1  # the 429 ran nothing
    o.close()


def test_two_servers_share_one_postgresql_store_and_images_folder(tmp_path, rule_components, postgres):
    """Scale-out without Ray: two servers (two orchestrators) on one PostgreSQL history and one images folder;
    a user added by the CLI is known to both, a turn run by one is history on the other, links work on both."""
    import os
    import subprocess
    import sys

    url = postgres.new_database()
    env = {**os.environ, "LIMNER_HOME": str(tmp_path / "shared"), "LIMNER_STORE__URL": url}
    out = subprocess.run([sys.executable, "-m", "limner.orchestrator.cli", "users", "add", "carol"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    key = next(w for w in out.stdout.split() if w.startswith("lim_"))
    auth = {"Authorization": f"Bearer {key}"}
    a, b = (make_orch(tmp_path / "shared", rule_components, store={"url": url}) for _ in range(2))
    bob = a.store.add_user("bob")
    with ServerThread(create_app(a), free_port()) as one, ServerThread(create_app(b), free_port()) as two:
        sid = httpx.post(one.url + "/v1/sessions", headers=auth).json()["id"]
        r = httpx.post(f"{one.url}/v1/sessions/{sid}/turns", headers=auth, timeout=120,
                       json={"text": "a red ball on a table", "size": "64x64"})
        assert r.status_code == 200 and r.json()["status"] == "ok", r.text
        link = r.json()["images"][0]["url"]
        h = httpx.get(f"{two.url}/v1/sessions/{sid}/history", headers=auth)
        assert h.status_code == 200 and [t["user_text"] for t in h.json()["turns"]] == ["a red ball on a table"]
        assert httpx.get(two.url + link).content[:8] == b"\x89PNG\r\n\x1a\n"  # served by the other server
        r2 = httpx.post(f"{two.url}/v1/sessions/{sid}/turns", headers=auth, timeout=120,
                        json={"text": "make the ball blue", "size": "64x64"})
        assert r2.status_code == 200 and "blue ball" in r2.json()["revised_prompts"][0].lower()
        other = httpx.get(f"{two.url}/v1/sessions/{sid}/history", headers={"Authorization": f"Bearer {bob}"})
        assert other.status_code == 404
        # two edits of one session sent at once to the two servers: one waits for the other, both are kept
        import concurrent.futures as cf

        with cf.ThreadPoolExecutor(2) as pool:
            edits = [pool.submit(httpx.post, f"{srv.url}/v1/sessions/{sid}/turns", headers=auth, timeout=120,
                                 json={"text": text, "size": "64x64"})
                     for srv, text in ((one, "make the background yellow"), (two, "add a small green box"))]
            assert [e.result().status_code for e in edits] == [200, 200]
        final = a.store.current_caption(sid).lower()
        assert "blue ball" in final and "yellow" in final and "green box" in final, final
    assert [t["status"] for t in a.store.turns(sid)] == ["ok"] * 4 and a.store.problems() == []
    a.close()
    b.close()
