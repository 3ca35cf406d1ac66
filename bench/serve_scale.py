"""Scale-out on Ray Serve, measured in one run on one machine: policy-check throughput with 1 and 2 policy
replicas, and turn throughput (HTTP, end to end) with 1 and 2 generator replicas; each replica one torch thread.

    .venv/bin/python bench/serve_scale.py [--checks 400] [--turns 16] [--clients 4] [--callers 16] [--no-grpc]

Prompts: bench/data/eval/coco_style.txt (held out; COCO-style captions). The turns use the rule rewriter
(rewriter.model = none) so that the generator is what scales; the language model is a deployment of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures as cf
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def policy_rate(cfg, replicas: int, texts: list[str], per_call: int, callers: int = 16,
                      repeats: int = 5) -> float:
    """Texts checked per second through a handle, ``per_call`` texts per call (1: a turn's input rail; n: the
    caption rail of n captions); the median of ``repeats`` rounds, all on the caller's one event loop."""
    from limner.orchestrator.ray_serve import PolicyService, _options
    from ray import serve

    options = _options(cfg.ray.policy.model_copy(update={"replicas": replicas}))
    name = f"policy-bench-{replicas}-{per_call}"
    handle = serve.run(PolicyService.options(**options).bind(cfg.model_dump_json()), name=name, route_prefix=None)

    async def closed_loop() -> float:
        """``callers`` callers, each sending its next text when the last one is answered (as turns do)."""
        async def caller(chunk: list[str]) -> None:
            for i in range(0, len(chunk), per_call):
                await handle.decide_many.remote(chunk[i:i + per_call], "caption", False, None)

        t0 = time.perf_counter()
        await asyncio.gather(*(caller(texts[i::callers]) for i in range(callers)))
        return len(texts) / (time.perf_counter() - t0)

    await closed_loop()  # warms the router and every replica
    cpu0, wall0 = time.process_time(), time.perf_counter()
    rates = [await closed_loop() for _ in range(repeats)]
    caller = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    print(f"  {replicas} policy replica(s), {per_call} per call: rounds {[round(r) for r in rates]} checks/s; "
          f"the caller itself used {caller:.2f} of the {os.cpu_count()} CPUs", flush=True)
    serve.delete(name)
    return statistics.median(rates)


def turn_rate(cfg, replicas: int, prompts: list[str], clients: int) -> tuple[float, dict[int, int]]:
    """Turns per second over HTTP with ``clients`` concurrent clients; and the status codes seen."""
    from limner.orchestrator import ray_serve
    from ray import serve

    gen = cfg.ray.generator.model_copy(update={"replicas": replicas})
    cfg = cfg.model_copy(update={"ray": cfg.ray.model_copy(update={"generator": gen})})
    port = free_port()
    base = ray_serve.start(cfg, "127.0.0.1", port)

    def turn(p: str) -> int:
        return httpx.post(base + "/v1/images/generations", json={"prompt": p, "size": "256x256"},
                          timeout=600).status_code

    turn(prompts[0])  # warm
    t0 = time.perf_counter()
    with cf.ThreadPoolExecutor(clients) as pool:
        codes = list(pool.map(turn, prompts))
    rate = len(prompts) / (time.perf_counter() - t0)
    serve.delete(ray_serve.APP_NAME)
    serve.shutdown()
    return rate, {c: codes.count(c) for c in set(codes)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checks", type=int, default=400)
    p.add_argument("--turns", type=int, default=16)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--only", choices=["policy", "turns"], default=None)
    p.add_argument("--per-call", type=int, nargs="+", default=[1, 8], help="texts per policy call")
    p.add_argument("--callers", type=int, default=16, help="concurrent policy callers (closed loop)")
    p.add_argument("--batch-wait", type=float, default=None, help="the policy deployment's batch_wait_s")
    p.add_argument("--no-grpc", action="store_true", help="[ray] grpc = false: requests as Ray actor calls")
    a = p.parse_args()
    import ray
    from limner.orchestrator import load_config

    texts = [t.strip() for t in open(HERE / "data/eval/coco_style.txt") if t.strip()]
    checks = (texts * (a.checks // len(texts) + 1))[: a.checks]
    home = Path(tempfile.mkdtemp(prefix="limner-serve-scale-"))
    cfg = load_config(None, home=home, rewriter={"model": "none"},
                      server={"concurrency": a.clients, "queue_size": 64},
                      generator={"candidates_per_image": 1})
    if a.batch_wait is not None:
        pol_cfg = cfg.ray.policy.model_copy(update={"batch_wait_s": a.batch_wait})
        cfg = cfg.model_copy(update={"ray": cfg.ray.model_copy(update={"policy": pol_cfg})})
    if a.no_grpc:
        cfg = cfg.model_copy(update={"ray": cfg.ray.model_copy(update={"grpc": False})})
    os.environ.update(cfg.ray.local_env())  # before this process imports ray.serve: its handles use it too
    from limner.orchestrator import ray_serve

    ray_serve.init_ray(cfg, num_cpus=8, logging_level="ERROR")
    print(f"machine: {os.cpu_count()} CPUs; one torch thread per replica; gRPC between deployments: "
          f"{cfg.ray.grpc}; {len(checks)} checks from {a.callers} callers, {a.turns} turns from {a.clients} clients",
          flush=True)
    if a.only != "turns":
        async def policy() -> None:
            for per_call in a.per_call:
                pol = {k: await policy_rate(cfg, k, checks, per_call, a.callers) for k in (1, 2)}
                print(f"policy checks/s, {per_call} text(s) per call: 1 replica {pol[1]:.1f}, 2 replicas "
                      f"{pol[2]:.1f}; ratio {pol[2] / pol[1]:.2f}", flush=True)
            serve.shutdown()  # on this loop: the handles' routers may live on it

        from ray import serve

        serve.start(http_options={"host": "127.0.0.1", "port": free_port()})
        asyncio.run(policy())
    if a.only != "policy":
        prompts = (texts * (a.turns // len(texts) + 1))[: a.turns]
        turns = {k: turn_rate(cfg, k, prompts, a.clients) for k in (1, 2)}
        print(f"turns/s (HTTP, end to end): 1 generator replica {turns[1][0]:.3f} {turns[1][1]}, 2 replicas "
              f"{turns[2][0]:.3f} {turns[2][1]}; ratio {turns[2][0] / turns[1][0]:.2f}", flush=True)
    ray.shutdown()
    sys.exit(0)


if __name__ == "__main__":
    main()
