"""Load on the HTTP API: N concurrent clients sending refused and allowed requests to the OpenAI endpoint.

    .venv/bin/python bench/http_load.py [--clients 10 50] [--requests 4] [--concurrency 1] [--queue 8]

The real server (uvicorn, the app of ``limner serve``) runs on a free loopback port with the embedded
defaults, fast settings for the generator (6 steps, 256x256) so a run ends in minutes. Each client sends
``--requests`` requests, alternating a policy-refused prompt and an allowed one, without retrying. Printed per
client count: requests/s, latency p50/p99 per kind and answer, the status codes seen (only 200, 400 for the
refusals and 429 from the bounded queue are acceptable), and whether the SQLite database is intact with one
finished turn per accepted request and none left running.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections import Counter

import httpx
from limner.orchestrator import Orchestrator
from limner.orchestrator.http import create_app

REFUSED = ["a naked woman in a bedroom", "a decapitated body covered in blood"]
ALLOWED = ["a red house below a yellow sun", "three blue stars on a black night sky"]


async def client(url: str, k: int, n: int, rows: list) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=600) as http:
        for j in range(n):
            kind = "refused" if (k + j) % 2 == 0 else "allowed"
            prompt = (REFUSED if kind == "refused" else ALLOWED)[(k + j) // 2 % 2]
            t = time.perf_counter()
            r = await http.post("/v1/images/generations", json={"prompt": prompt, "size": "256x256",
                                                                 "response_format": "url"})
            rows.append((kind, r.status_code, time.perf_counter() - t))


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    p.add_argument("--requests", type=int, default=4)
    p.add_argument("--concurrency", type=int, default=1)
    p.add_argument("--queue", type=int, default=8)
    a = p.parse_args()
    import socket

    import uvicorn

    with tempfile.TemporaryDirectory() as home:
        orch = Orchestrator.from_config(None, home=home, generator={"steps_standard": 6, "candidates_per_image": 1},
                                        server={"concurrency": a.concurrency, "queue_size": a.queue})
        orch.session().send("warm up", dry_run=True)  # load the models before the clock starts
        _ = orch.generator, orch.image_safety
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        server = uvicorn.Server(uvicorn.Config(create_app(orch), host="127.0.0.1", port=port, log_level="error"))
        import threading

        th = threading.Thread(target=server.run, daemon=True)
        th.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        print(f"server on {url}; concurrency {a.concurrency}, queue {a.queue}; {a.requests} requests per client")
        print(f"{'clients':>8}{'requests':>9}{'wall s':>8}{'req/s':>7}  {'kind/status':<14}{'count':>6}"
              f"{'p50 s':>8}{'p99 s':>8}")
        for n in a.clients:
            rows: list = []
            t0 = time.perf_counter()

            async def run(n: int = n, rows: list = rows) -> None:
                await asyncio.gather(*(client(url, k, a.requests, rows) for k in range(n)))

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
        server.should_exit = True
        th.join(10)
        problems = orch.store.problems()
        status = Counter(t["status"] for t in orch.store.turns(None, limit=1_000_000))
        print(f"database: {'; '.join(problems) or 'consistent'}; turns by status {dict(status)}; "
              f"running left: {status.get('running', 0)}")
        orch.close()


if __name__ == "__main__":
    main()
