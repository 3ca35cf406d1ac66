"""Limner on Ray Serve: ``limner serve --ray``, the same OpenAI-compatible API scaled out over a Ray cluster.

The turn is the same code as ``limner serve`` (``create_app`` on an ``Orchestrator``); only its heavy components
are Ray Serve deployments, each with its own replicas and resources (``[ray]`` in the config)::

    HTTP -> LimnerIngress        the FastAPI app: users, queue, sessions, the turn pipeline, image rail, provenance
              |-> PolicyService     decide / decide_many / added_risk; checks from many turns batched (@serve.batch)
              |-> RewriterService   mode / rewrite / plain (the language model)
              '-> GeneratorService  generate; jobs with the same settings batched into one diffusers call

Every ingress replica must reach the same history and images: ``store.url = "postgresql://..."`` and ``home`` on
a shared folder across nodes (one node: the SQLite file works). The turns of one session are serialised across
ingress replicas by the PostgreSQL store's per-session lock (on SQLite, within one replica: keep one).
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

import torch
from limner.policies.types import PolicyDecision
from ray import serve
from ray.serve.handle import DeploymentHandle

from .config import DeploymentConfig, LimnerConfig, load_config
from .generator import GenerationJob, ImageOutcome
from .stages import RewriteResult
from .types import Caption, LimnerError, TurnCancelled

APP_NAME = "limner"


def _config(config_json: str) -> LimnerConfig:
    return LimnerConfig(**json.loads(config_json))


def _options(d: DeploymentConfig) -> dict:
    return {"num_replicas": d.replicas, "max_ongoing_requests": d.max_ongoing,
            "ray_actor_options": {"num_cpus": d.num_cpus, "num_gpus": d.num_gpus,
                                  "runtime_env": {"env_vars": {"OMP_NUM_THREADS": str(d.threads),
                                                               "TOKENIZERS_PARALLELISM": "false"}}}}


def _batched(method, d: DeploymentConfig) -> None:
    method.set_max_batch_size(d.max_batch_size)
    method.set_batch_wait_timeout_s(d.batch_wait_s)


async def _grouped(requests: list[tuple[tuple, list]], run) -> list[list]:
    """A batch of requests (key, items): the items of requests with the same key go to ``run(key, items)`` in one
    call, and each request gets its own slice of the answers back, in order."""
    out: list[list] = [[] for _ in requests]
    groups: dict[tuple, list[int]] = {}
    for i, (key, _) in enumerate(requests):
        groups.setdefault(key, []).append(i)
    for key, members in groups.items():
        answers = await run(key, [x for i in members for x in requests[i][1]])
        at = 0
        for i in members:
            out[i] = answers[at:at + len(requests[i][1])]
            at += len(requests[i][1])
    return out


# ---------------------------------------------------------------------------------------------- deployments
@serve.deployment
class PolicyService:
    """The policy engine (lists, the classifier, normalisation) in its own replicas."""

    def __init__(self, config_json: str) -> None:
        from limner.policies import PolicyEngine

        cfg = _config(config_json)
        torch.set_num_threads(cfg.ray.policy.threads)
        self.engine = PolicyEngine.from_file(cfg.policy_file)
        self.engine.decide("a red house")  # the classifier loads now: a replica is ready when Serve says so
        _batched(self.decide_batch, cfg.ray.policy)

    @serve.batch
    async def decide_batch(self, items: list[tuple[list[str], str, bool, str | None]]) -> list[list[PolicyDecision]]:
        """Checks from many turns at once: texts with the same stage and options go through the classifier in one
        batch."""
        async def run(options: tuple, texts: list[str]) -> list[PolicyDecision]:
            return await asyncio.to_thread(self.engine.decide_many, texts, *options)

        return await _grouped([(tuple(options), texts) for texts, *options in items], run)

    async def decide_many(self, texts: list[str], stage: str, refused_before: frozenset[str],
                          language: str | None) -> list[PolicyDecision]:
        return await self.decide_batch((list(texts), stage, refused_before, language))

    def added_risk(self, caption: str, sources: list[str | None], names: list[str],
                   language: str | None = None) -> list[str]:
        return self.engine.added_risk(caption, sources, names, language)

    def clearly_harmless(self, text: str, language: str | None) -> bool:
        return self.engine.clearly_harmless(text, language)


@serve.deployment
class RewriterService:
    """The rewriter (the packaged language model, a local one, or an endpoint) in its own replicas."""

    def __init__(self, config_json: str) -> None:
        from .rewriter import from_limner_config

        cfg = _config(config_json)
        torch.set_num_threads(cfg.ray.rewriter.threads)
        if cfg.rewriter.threads is None:  # llama.cpp's threads: the replica's, unless the rewriter names its own
            cfg = cfg.model_copy(update={"rewriter": cfg.rewriter.model_copy(
                update={"threads": cfg.ray.rewriter.threads})})
        self.rewriter = from_limner_config(cfg)
        getattr(self.rewriter, "ensure_loaded", lambda: None)()

    def mode(self, text: str, current: str | None, verbatim: bool) -> str:
        return self.rewriter.mode(text, current, verbatim)

    def rewrite(self, text: str, n: int, current: str | None, verbatim: bool) -> RewriteResult:
        return self.rewriter.rewrite(text, n, current, verbatim)

    def plain(self, text: str, n: int, current: str | None) -> list[Caption]:
        return self.rewriter.plain(text, n, current)


@serve.deployment
class GeneratorService:
    """The diffusers pipeline in its own replicas (``num_gpus`` for a GPU node)."""

    def __init__(self, config_json: str) -> None:
        from .generator import DiffusersGenerator

        cfg = _config(config_json)
        torch.set_num_threads(cfg.ray.generator.threads)
        self.generator = DiffusersGenerator(cfg.generator)
        _ = self.generator.pipe  # the pipeline loads now: a replica is ready when Serve says so
        _batched(self.generate_batch, cfg.ray.generator)
        self.calls = 0

    def name(self) -> str:
        return self.generator.name

    @serve.batch
    async def generate_batch(self, jobs: list[GenerationJob]) -> list[list[ImageOutcome]]:
        """Jobs of several turns with the same size, steps, guidance and negative prompt are one pipeline call. A
        refinement's layout caption travels with its caption; a caption without one follows itself (the same
        picture as with none)."""
        async def run(settings: tuple, items: list[tuple[str, int, str | None]]) -> list[ImageOutcome]:
            layouts = [lay or c for c, _, lay in items] if any(lay for _, _, lay in items) else None
            job = GenerationJob(captions=[c for c, _, _ in items], seeds=[s for _, s, _ in items],
                                layout_captions=layouts, **dict(settings))
            self.calls += 1
            return await asyncio.to_thread(self.generator.generate, job)

        per_caption = {"captions", "seeds", "layout_captions"}
        return await _grouped([(tuple(j.model_dump(exclude=per_caption).items()),
                                list(zip(j.captions, j.seeds, j.layout_captions or [None] * len(j.captions),
                                         strict=True))) for j in jobs], run)

    async def generate(self, job: GenerationJob) -> list[ImageOutcome]:
        return await self.generate_batch(job)

    def pipeline_calls(self) -> int:
        """How many pipeline calls this replica made (fewer than jobs: batching worked)."""
        return self.calls


# ---------------------------------------------------------------------------------------------- the ingress side
class _Remote:
    """Calls a deployment from the ingress's worker threads and waits for the answer (a timeout, never a hang)."""

    def __init__(self, handle: DeploymentHandle, timeout_s: float) -> None:
        self.handle, self.timeout_s = handle, timeout_s

    def call(self, method: str, *args):
        return getattr(self.handle, method).remote(*args).result(timeout_s=self.timeout_s)


class RemotePolicy(_Remote):
    def decide(self, text: str, stage: str = "input", refused_before: frozenset[str] = frozenset(),
               language: str | None = None) -> PolicyDecision:
        return self.decide_many([text], stage, refused_before, language)[0]

    def decide_many(self, texts: list[str], stage: str = "caption", refused_before: frozenset[str] = frozenset(),
                    language: str | None = None) -> list[PolicyDecision]:
        return self.call("decide_many", list(texts), stage, refused_before, language)

    def added_risk(self, caption: str, sources: list[str | None], names: list[str] = (),
                   language: str | None = None) -> list[str]:
        return self.call("added_risk", caption, list(sources), list(names), language)

    def clearly_harmless(self, text: str, language: str | None = None) -> bool:
        return self.call("clearly_harmless", text, language)


class RemoteRewriter(_Remote):
    def mode(self, text: str, current: str | None, verbatim: bool = False) -> str:
        return self.call("mode", text, current, verbatim)

    def rewrite(self, text: str, n: int, current: str | None = None, verbatim: bool = False) -> RewriteResult:
        return self.call("rewrite", text, n, current, verbatim)

    def plain(self, text: str, n: int, current: str | None = None) -> list[Caption]:
        return self.call("plain", text, n, current)


class RemoteGenerator(_Remote):
    _name: str | None = None

    @property
    def name(self) -> str:
        """Asked of the deployment on first use (from a turn's worker thread, never the replica's event loop)."""
        if self._name is None:
            self._name = self.call("name")
        return self._name

    def generate(self, job: GenerationJob, on_step: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None) -> list[ImageOutcome]:
        """Step-by-step progress does not cross processes: the step counter jumps to done when the images come."""
        if cancel is not None and cancel.is_set():
            raise TurnCancelled("cancelled before generation")
        outcomes = self.call("generate", job)
        if on_step is not None:
            on_step(job.steps, job.steps)
        return outcomes


@serve.deployment
@serve.ingress()
class LimnerIngress:
    """The OpenAI-compatible FastAPI app of ``limner serve``, its components being the deployments above."""

    def __init__(self, config_json: str, policy: DeploymentHandle, rewriter: DeploymentHandle,
                 generator: DeploymentHandle) -> None:
        from .orchestrator import Orchestrator

        cfg = _config(config_json)
        timeout = cfg.rewriter.timeout_s + 600.0
        self.orch = Orchestrator(cfg, policy=RemotePolicy(policy, timeout), rewriter=RemoteRewriter(rewriter, timeout),
                                 generator=RemoteGenerator(generator, timeout))

    def __serve_build_asgi_app__(self):
        from .http import create_app

        return create_app(self.orch)


def build(config: LimnerConfig):
    """The Serve application: ``serve.run(build(cfg))``."""
    cj = config.model_dump_json()
    r = config.ray
    policy = PolicyService.options(**_options(r.policy)).bind(cj)
    rewriter = RewriterService.options(**_options(r.rewriter)).bind(cj)
    generator = GeneratorService.options(**_options(r.generator)).bind(cj)
    return LimnerIngress.options(**_options(r.ingress)).bind(cj, policy, rewriter, generator)


def init_ray(config: LimnerConfig, **options) -> None:
    """Join ``[ray] address``, or start a local Ray instance with ``[ray]``'s environment (its processes inherit
    it; a user's own values win)."""
    import ray

    if config.ray.address in (None, "local"):
        for k, v in config.ray.local_env().items():
            os.environ.setdefault(k, v)
    options = {"include_dashboard": False, "logging_level": "WARNING", "log_to_driver": False, **options}
    ray.init(address=config.ray.address, runtime_env={"env_vars": {"LIMNER_HOME": str(config.home)}}, **options)


def start(config: LimnerConfig, host: str, port: int) -> str:
    """Start (or join) Ray, start Serve's HTTP proxy on ``host:port`` and deploy Limner; returns the URL."""
    import ray

    if not ray.is_initialized():
        init_ray(config)
    serve.start(http_options={"host": host, "port": port})
    serve.run(build(config), name=APP_NAME, route_prefix="/")
    return f"http://{host}:{port}"


def serve_ray(config_path: str | Path | None, host: str | None, port: int | None, insecure: bool) -> int:
    """``limner serve --ray``: runs until Ctrl-C."""
    from .http import check_exposure
    from .store import Store

    cfg = load_config(config_path)
    host = host or cfg.server.host
    port = cfg.server.port if port is None else port
    store = Store(cfg.store_where)
    try:
        check_exposure(host, bool(os.environ.get("LIMNER_API_KEY") or cfg.server.api_key or store.has_users()),
                       insecure)
    finally:
        store.close()
    if cfg.store.url is None and cfg.ray.address not in (None, "local"):
        print("note: the history is a SQLite file on this node; replicas on other nodes cannot reach it "
              "(set store.url = 'postgresql://...')", flush=True)
    try:
        url = start(cfg, host, port)
    except Exception as e:  # Ray's own errors: say what failed and how to get help
        raise LimnerError(f"could not start Limner on Ray Serve: {type(e).__name__}: {e}") from e
    print(f"Limner on Ray Serve at {url}/  (API: /v1/images/generations, docs: /docs; Ctrl-C stops)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        serve.shutdown()
    return 0
