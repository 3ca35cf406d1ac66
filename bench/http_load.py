"""Load and faults on the HTTP API of ``limner serve``, on a free loopback port. Three scenarios:

    .venv/bin/python bench/http_load.py load   [--clients 10 50] [--requests 4] [--concurrency 1] [--queue 8]
    .venv/bin/python bench/http_load.py users  [--requests 200] [--concurrency 2] [--queue 8]
    .venv/bin/python bench/http_load.py faults [--concurrency 2]

``load``: N concurrent clients each send ``--requests`` requests, alternating a refused and an allowed prompt,
without retrying. ``users``: five users with keys, four of them chatting (generations, refused prompts, session
turns, invalid requests, attempts on another user's session) while the fifth floods the server with bursts;
prints status codes and latency per user, what the flooder got, and whether any other user's session was
readable. ``faults``: the server as its own process, killed with SIGKILL mid-turn and restarted, then its home
filled up (a small tmpfs when run as root, else SQLite's page limit); prints what clients got and the state of
the database after each.

The generator runs with fast settings (6 steps, one candidate); ``users`` and ``faults`` use the rule rewriter
(``--rewriter none``) so that a run ends in minutes, ``load`` the packaged language model. Acceptable codes: 200,
and 400/401/404/413/429 where the request asked for them; each scenario ends with the store's consistency check
(SQLite ``PRAGMA integrity_check``, orphans, turns left 'running').
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
from limner.orchestrator import Orchestrator
from limner.orchestrator.http import create_app
from limner.orchestrator.store import Store

REFUSED = ["a naked woman in a bedroom", "a decapitated body covered in blood", "a nude teenager on a beach"]
ALLOWED = ["a red house below a yellow sun", "three blue stars on a black night sky", "a green apple on a table",
           "a watercolor of a lighthouse at dusk", "a cat sleeping on a windowsill"]
FAST = {"steps_standard": 6, "candidates_per_image": 1}
OK_CODES = {200, 400, 401, 404, 413, 429}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


@contextlib.contextmanager
def in_process_server(home: str, concurrency: int, queue: int, rewriter: str, store_url: str | None = None,
                      **server):
    import uvicorn

    orch = Orchestrator.from_config(None, home=home, generator=FAST, rewriter={"model": rewriter},
                                    server={"concurrency": concurrency, "queue_size": queue, **server},
                                    store={"url": store_url})
    orch.session().send("warm up", dry_run=True)  # load the models before the clock starts
    _ = orch.generator, orch.image_safety
    port = free_port()
    server_ = uvicorn.Server(uvicorn.Config(create_app(orch), host="127.0.0.1", port=port, log_level="error"))
    th = threading.Thread(target=server_.run, daemon=True)
    th.start()
    while not server_.started:
        time.sleep(0.05)
    try:
        yield orch, f"http://127.0.0.1:{port}"
    finally:
        server_.should_exit = True
        th.join(10)


def report_store(store: Store) -> bool:
    problems = store.problems()
    status = Counter(t["status"] for t in store.turns(None, limit=1_000_000))
    print(f"database: {'; '.join(problems) or 'consistent'}; turns by status {dict(status)}; "
          f"running left: {status.get('running', 0)}")
    return not problems and not status.get("running")


# ---------------------------------------------------------------------------------------------- load
async def load_client(url: str, k: int, n: int, rows: list) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=600) as http:
        for j in range(n):
            kind = "refused" if (k + j) % 2 == 0 else "allowed"
            prompt = (REFUSED if kind == "refused" else ALLOWED)[(k + j) // 2 % 2]
            t = time.perf_counter()
            r = await http.post("/v1/images/generations", json={"prompt": prompt, "size": "256x256",
                                                                 "response_format": "url"})
            rows.append((kind, r.status_code, time.perf_counter() - t))


def scenario_load(a) -> bool:
    with tempfile.TemporaryDirectory() as home, \
            in_process_server(home, a.concurrency, a.queue, a.rewriter or "smollm2", a.store_url) as (orch, url):
        print(f"server on {url}; concurrency {a.concurrency}, queue {a.queue}; {a.requests} requests per client")
        print(f"{'clients':>8}{'requests':>9}{'wall s':>8}{'req/s':>7}  {'kind/status':<14}{'count':>6}"
              f"{'p50 s':>8}{'p99 s':>8}")
        fine = True
        for n in a.clients:
            rows: list = []
            t0 = time.perf_counter()

            async def run(n: int = n, rows: list = rows) -> None:
                await asyncio.gather(*(load_client(url, k, a.requests, rows) for k in range(n)))

            asyncio.run(run())
            wall = time.perf_counter() - t0
            groups: dict[tuple[str, int], list[float]] = {}
            for kind, code, dt in rows:
                groups.setdefault((kind, code), []).append(dt)
            first = True
            for (kind, code), xs in sorted(groups.items()):
                lead = f"{n:>8}{len(rows):>9}{wall:>8.1f}{len(rows) / wall:>7.2f}" if first else " " * 32
                print(f"{lead}  {f'{kind}/{code}':<14}{len(xs):>6}{statistics.median(xs):>8.2f}{pct(xs, 0.99):>8.2f}")
                first = False
            codes = Counter(c for _, c, _ in rows)
            bad = {c: k for c, k in codes.items() if c not in (200, 400, 429)}
            wrong = sum(1 for kind, c, _ in rows if (kind == "refused" and c == 200) or (kind == "allowed" and c == 400))
            print(f"{'':>8}status codes {dict(codes)}; unexpected: {bad or 'none'}; wrong answers: {wrong}")
            fine = fine and not bad and not wrong
        return report_store(orch.store) and fine


# ---------------------------------------------------------------------------------------------- users
class Tally:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, int, int, float]] = []  # user, kind, expected, got, seconds

    def add(self, user: str, kind: str, expected: int, got: int, dt: float) -> None:
        self.rows.append((user, kind, expected, got, dt))


async def chat_user(url: str, name: str, key: str, others: dict[str, str], n: int, tally: Tally,
                    rng: random.Random) -> None:
    """A user chatting: new pictures, refinements in a session, a refused prompt now and then, a malformed
    request, a look at another user's session (which must not exist for them)."""
    auth = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=url, timeout=600, headers=auth) as http:
        sid = (await http.post("/v1/sessions")).json()["id"]
        others[name] = sid
        for _ in range(n):
            kind = rng.choices(["generate", "turn", "refused", "invalid", "foreign", "too_large"],
                               weights=[30, 30, 15, 10, 10, 5])[0]
            t = time.perf_counter()
            if kind == "generate":
                r = await http.post("/v1/images/generations", json={"prompt": rng.choice(ALLOWED), "size": "256x256"})
                expected = 200
            elif kind == "turn":
                text = rng.choice(["make it blue", "add a small boat", "make it a watercolor", rng.choice(ALLOWED)])
                r = await http.post(f"/v1/sessions/{sid}/turns", json={"text": text, "size": "256x256"})
                expected = 200
            elif kind == "refused":
                r = await http.post("/v1/images/generations", json={"prompt": rng.choice(REFUSED)})
                expected = 400
            elif kind == "invalid":
                r = await http.post("/v1/images/generations", json={"prompt": "a cat", "n": 99})
                expected = 400
            elif kind == "foreign":
                victim = rng.choice([s for u, s in others.items() if u != name] or ["0" * 32])
                r = await http.get(f"/v1/sessions/{victim}/history")
                expected = 404
            else:
                r = await http.post("/v1/images/generations", json={"prompt": "x" * 100_000})
                expected = 413
            tally.add(name, kind, expected, r.status_code, time.perf_counter() - t)


async def flood_user(url: str, key: str, bursts: int, burst: int, tally: Tally) -> None:
    """Bursts of concurrent generations, without waiting for room."""
    auth = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=url, timeout=600, headers=auth) as http:

        async def one(i: int) -> None:
            t = time.perf_counter()
            r = await http.post("/v1/images/generations", json={"prompt": ALLOWED[i % len(ALLOWED)], "size": "256x256"})
            tally.add("flooder", "generate", 200, r.status_code, time.perf_counter() - t)

        for b in range(bursts):
            await asyncio.gather(*(one(b * burst + i) for i in range(burst)))


def scenario_users(a) -> bool:
    names = ["ana", "ben", "chen", "dara"]
    with tempfile.TemporaryDirectory() as home, \
            in_process_server(home, a.concurrency, a.queue, a.rewriter or "none", a.store_url) as (orch, url):
        keys = {u: orch.store.add_user(u) for u in [*names, "flooder"]}
        flood_n = a.requests // 5
        per_user = (a.requests - flood_n) // len(names)
        print(f"server on {url}; concurrency {a.concurrency}, queue {a.queue}, per-user share "
              f"{orch.config.server.per_user or max(1, (a.concurrency + a.queue) // 2)}; "
              f"{len(names)} users x {per_user} requests + a flooder's {flood_n} in bursts of 10")
        tally, sids = Tally(), {}

        async def run() -> None:
            rng = random.Random(7)
            await asyncio.gather(*(chat_user(url, u, keys[u], sids, per_user, tally, random.Random(rng.random()))
                                   for u in names),
                                 flood_user(url, keys["flooder"], flood_n // 10, 10, tally))

        t0 = time.perf_counter()
        asyncio.run(run())
        wall = time.perf_counter() - t0
        print(f"{len(tally.rows)} requests in {wall:.1f} s")
        print(f"{'user':<9}{'requests':>9}  {'status codes':<44}{'p50 s':>7}{'p99 s':>7}{'served 200':>11}")
        for u in [*names, "flooder"]:
            mine = [r for r in tally.rows if r[0] == u]
            codes = Counter(r[3] for r in mine)
            served = [r[4] for r in mine if r[3] == 200]
            print(f"{u:<9}{len(mine):>9}  {str(dict(sorted(codes.items()))):<44}{pct(served, 0.5):>7.2f}"
                  f"{pct(served, 0.99):>7.2f}{len(served):>11}")
        unexpected = [r for r in tally.rows if r[3] not in OK_CODES]
        wrong = [r for r in tally.rows if r[3] != r[2] and not (r[3] == 429 and r[2] == 200)]
        foreign_readable = sum(1 for r in tally.rows if r[1] == "foreign" and r[3] != 404)
        others_429 = sum(1 for r in tally.rows if r[0] != "flooder" and r[3] == 429)
        flooder = Counter(r[3] for r in tally.rows if r[0] == "flooder")
        print(f"unexpected codes (not {sorted(OK_CODES)}): {len(unexpected)}; answers other than asked for "
              f"(429 aside): {len(wrong)} {Counter((r[1], r[3]) for r in wrong) or ''}")
        print(f"flooder got 429 {flooder.get(429, 0)} times and 200 {flooder.get(200, 0)} times; the other users "
              f"got 429 {others_429} times; other users' sessions readable: {foreign_readable}")
        return report_store(orch.store) and not unexpected and not wrong and not foreign_readable


# ---------------------------------------------------------------------------------------------- faults
class ServerProcess:
    """``limner serve`` as its own process (so that it can be killed like a real one)."""

    def __init__(self, home: Path, concurrency: int, rewriter: str, store_url: str | None) -> None:
        self.home, self.port = home, free_port()
        self.store = store_url or str(home / "limner.db")
        self.env = {**os.environ, "LIMNER_HOME": str(home), "LIMNER_REWRITER__MODEL": rewriter,
                    **({"LIMNER_STORE__URL": store_url} if store_url else {}),
                    "LIMNER_GENERATOR__STEPS_STANDARD": "6", "LIMNER_GENERATOR__CANDIDATES_PER_IMAGE": "1",
                    "LIMNER_SERVER__CONCURRENCY": str(concurrency)}
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "limner.orchestrator.cli", "serve", "--port",
                                      str(self.port)], env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 120
        while time.time() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/openapi.json", timeout=2).status_code == 200:
                    return
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read()[-2000:]}")
            time.sleep(0.3)
        raise RuntimeError("server did not start in 120 s")

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(30)


def turn(url: str, sid: str, text: str) -> tuple[int, dict]:
    try:
        r = httpx.post(f"{url}/v1/sessions/{sid}/turns", json={"text": text, "size": "256x256"}, timeout=600)
    except httpx.HTTPError as e:
        return 0, {"error": {"message": f"{type(e).__name__} (connection lost)"}}
    try:
        return r.status_code, r.json()
    except ValueError:
        return r.status_code, {"error": {"message": f"not JSON: {r.text[:80]!r}"}}


@contextlib.contextmanager
def small_home(mb: int):
    """A home that can fill up for real: a tmpfs of ``mb`` MB when run as root, else a plain folder (the
    database's page limit then stands for a full disk)."""
    path = Path(tempfile.mkdtemp(prefix="limner-faults-"))
    mounted = os.geteuid() == 0 and subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={mb}m", "tmpfs",
                                                    str(path)], capture_output=True).returncode == 0
    try:
        yield path, mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], capture_output=True)
        shutil.rmtree(path, ignore_errors=True)


def scenario_faults(a) -> bool:
    fine = True
    with small_home(48) as (home, tmpfs):
        srv = ServerProcess(home, a.concurrency, a.rewriter or "none", a.store_url)
        srv.start()
        print(f"server process {srv.proc.pid} on {srv.url}; home {'a 48 MB tmpfs' if tmpfs else 'a folder'}; "
              f"store {'PostgreSQL' if a.store_url else 'SQLite under home'}")
        sid = httpx.post(srv.url + "/v1/sessions").json()["id"]
        before = [turn(srv.url, sid, t)[0] for t in ("a red house below a yellow sun", "make the house blue")]
        print(f"1. two turns: {before}")
        # --- kill -9 mid-turn
        got: dict = {}
        th = threading.Thread(target=lambda: got.update(r=turn(srv.url, sid, "a cat sleeping on a windowsill")))
        th.start()
        store = Store(srv.store)
        deadline = time.time() + 60
        while time.time() < deadline and not any(t["status"] == "running" for t in store.turns(sid)):
            time.sleep(0.02)
        srv.kill9()
        th.join()
        print(f"2. SIGKILL while a turn ran: the client got {got['r'][0] or 'no answer'} "
              f"({got['r'][1].get('error', {}).get('message', '')})")
        srv.start()
        statuses = [t["status"] for t in Store(srv.store).turns(sid)]
        after = turn(srv.url, sid, "make the cat orange")[0]
        ok = statuses == ["ok", "ok", "interrupted"] and after == 200
        fine &= ok
        print(f"   after restart: turns {statuses}; next turn {after}: {'as it should' if ok else 'WRONG'}")
        # --- disk full
        filler = home / "filler.bin"
        if tmpfs:
            with open(filler, "wb", buffering=0) as f, contextlib.suppress(OSError):  # unbuffered: close cannot fail
                while True:
                    f.write(b"\0" * 65536)
        elif store.sqlite:
            db = store.engine.connect()
            db.exec_driver_sql(f"PRAGMA max_page_count = {db.exec_driver_sql('PRAGMA page_count').scalar()}")
            print("   (not root: the database's page limit stands for a full disk; the server is another process, "
                  "so this only fills the database it shares)")
        full = [turn(srv.url, sid, t) for t in ("a green apple on a table", "a lighthouse at dusk")]
        if tmpfs:  # nearly full: room for the turn's marker, not for its images
            os.truncate(filler, filler.stat().st_size - 16 * 1024)
            full += [turn(srv.url, sid, t) for t in ("a blue bird on a branch", "a red kite in the sky")]
        codes = [c for c, _ in full]
        messages = {b.get("error", {}).get("code") for _, b in full}
        tmp_left = [p.name for p in (home / "images").rglob("*.tmp")] if (home / "images").exists() else []
        print(f"3. home full, then nearly full: answers {codes} {messages}; temp files left: {len(tmp_left)}")
        filler.unlink(missing_ok=True)
        time.sleep(0.5)
        again = turn(srv.url, sid, "a yellow star")[0]
        srv.stop()
        turns = Store(srv.store).turns(sid)
        statuses = [t["status"] for t in turns]
        failed = [t for t in turns if t["status"] == "failed"]
        no_reason = [t["id"] for t in failed if not t["refusal_message"]]
        print(f"   failed turns recorded: {len(failed)}, without a reason: {len(no_reason)}"
              + "".join(f"\n     turn {t['id']}: {t['refusal_message'][:110]}" for t in failed[:2]))
        ok = (set(codes) <= {200, 500, 507} and 507 in codes and not tmp_left and again == 200 and "running" not in statuses
              and not no_reason)
        fine &= ok
        print(f"   space again: next turn {again}; turns {statuses}: {'as it should' if ok else 'WRONG'}")
        fine &= report_store(Store(srv.store))
    return fine


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", nargs="?", default="load", choices=["load", "users", "faults"])
    p.add_argument("--clients", type=int, nargs="+", default=[10, 50], help="load: concurrent clients per round")
    p.add_argument("--requests", type=int, default=None, help="load: per client (4); users: in all (200)")
    p.add_argument("--concurrency", type=int, default=None, help="turns at once (load 1, users/faults 2)")
    p.add_argument("--queue", type=int, default=8)
    p.add_argument("--store-url", default=None, help="postgresql://... : the history in PostgreSQL (default: the "
                                                      "SQLite file under the server's home)")
    p.add_argument("--rewriter", default=None, help="'none' (rules) or 'smollm2'; default: smollm2 for load, "
                                                    "none for users and faults")
    a = p.parse_args()
    a.concurrency = a.concurrency or (1 if a.scenario == "load" else 2)
    a.requests = a.requests or (4 if a.scenario == "load" else 200)
    fine = {"load": scenario_load, "users": scenario_users, "faults": scenario_faults}[a.scenario](a)
    print("RESULT:", "as expected" if fine else "PROBLEMS (see above)")
    sys.exit(0 if fine else 1)


if __name__ == "__main__":
    main()
