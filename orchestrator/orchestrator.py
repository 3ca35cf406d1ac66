"""The library entry point: ``Orchestrator.from_config(...)`` -> ``orch.session()`` -> ``session.send(text)``."""

from __future__ import annotations

import asyncio
import sys
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

from .config import LimnerConfig, load_config
from .pipeline import TurnPipeline
from .stages import ImageSafety, PolicyRail, Rewriter
from .store import Store
from .types import (
    ImageRequest,
    InvalidRequest,
    LimnerError,
    PolicyDecision,
    ProgressEvent,
    TurnCancelled,
    TurnContext,
    TurnResult,
    TurnStatus,
)

Listener = Callable[[ProgressEvent], None]


class Orchestrator:
    """Holds the components (built lazily) and the history store. Thread-safe; one turn per session at a time."""

    def __init__(self, config: LimnerConfig, *, policy: PolicyRail | None = None, rewriter: Rewriter | None = None,
                 generator=None, image_safety: ImageSafety | None = None, saver=None) -> None:
        self.config = config
        self.store = Store(config.store_where)
        self._policy, self._rewriter, self._generator = policy, rewriter, generator
        self._image_safety, self._saver = image_safety, saver
        self._build_lock = threading.Lock()
        self._pipeline: TurnPipeline | None = None
        self._session_locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
        self._session_locks_guard = threading.Lock()
        if config.image_safety.disabled:
            print("WARNING: the image-safety check is DISABLED (image_safety.disabled = true): images are shown "
                  "unchecked.", file=sys.stderr)

    @classmethod
    def from_config(cls, path: str | Path | None = None, **overrides) -> Orchestrator:
        """Build from a TOML file (or defaults); environment variables ``LIMNER_*`` override it."""
        return cls(load_config(path, **overrides))

    # ------------------------------------------------------------------ components, built on first use
    @property
    def policy(self) -> PolicyRail:
        if self._policy is None:
            from limner.policies import PolicyEngine

            self._policy = PolicyEngine.from_file(self.config.policy_file)
        return self._policy

    @property
    def rewriter(self) -> Rewriter:
        if self._rewriter is None:
            from .rewriter import from_limner_config

            self._rewriter = from_limner_config(self.config)
        return self._rewriter

    @property
    def generator(self):
        if self._generator is None:
            from .generator import DiffusersGenerator

            self._generator = DiffusersGenerator(self.config.generator)
        return self._generator

    @property
    def image_safety(self) -> ImageSafety | None:
        if self.config.image_safety.disabled:
            return None
        if self._image_safety is None:
            from .image_safety import load_classifier

            self._image_safety = load_classifier(self.config.image_safety)
        return self._image_safety

    @property
    def pipeline(self) -> TurnPipeline:
        with self._build_lock:
            if self._pipeline is None:
                from .provenance import ProvenanceSaver

                saver = self._saver or ProvenanceSaver(self.config)
                self._pipeline = TurnPipeline(self.config, self.policy, self.rewriter, self.generator,
                                              self._safety_or_failing(), saver)
            return self._pipeline

    def _safety_or_failing(self) -> ImageSafety | None:
        """A classifier that cannot load must not disable the check: it is replaced by one that always fails."""
        try:
            return self.image_safety
        except Exception as e:  # noqa: BLE001 - fail closed on any load error
            return _Unavailable(f"{type(e).__name__}: {e}")

    # ------------------------------------------------------------------ sessions
    def session(self, id: str | None = None, create: bool = True, user: str | None = None) -> Session:
        """Resume session ``id`` (``UnknownSession`` if it does not exist and ``create`` is false) or start one
        (belonging to ``user``; None: the local user)."""
        if id is not None and not self.store.session_exists(id) and not create:
            self.store.require_session(id)
        sid = self.store.create_session(id, user)
        return Session(self, sid)

    def check_request(self, text: str, **options) -> ImageRequest:
        """The one validation of a request (every entry point calls it before anything else runs or is stored),
        with this configuration's limits; raises ``InvalidRequest`` with a readable message and the offending
        parameter (``ImageRequest.checked``)."""
        return ImageRequest.checked(text, max_prompt_chars=self.config.max_prompt_chars,
                                    max_images=self.config.max_images, **options)

    def session_lock(self, sid: str) -> threading.Lock:
        """The one lock that serialises the turns of session ``sid``, whoever sends them (CLI, HTTP, LangChain,
        library): every ``Session`` object for ``sid`` holds the same lock while it lives."""
        with self._session_locks_guard:
            lock = self._session_locks.get(sid)
            if lock is None:
                lock = threading.Lock()
                self._session_locks[sid] = lock
            return lock

    def close(self) -> None:
        self.store.close()


class _Unavailable:
    name = "unavailable"

    def __init__(self, why: str) -> None:
        self.why = why

    def score(self, images):
        raise RuntimeError(f"image-safety classifier unavailable: {self.why}")


class Session:
    """A conversation. Later turns refine the current caption; everything is recorded."""

    def __init__(self, orch: Orchestrator, sid: str) -> None:
        self.orch = orch
        self.id = sid
        self._lock = orch.session_lock(sid)

    def __repr__(self) -> str:
        return f"Session({self.id!r})"

    @property
    def current_caption(self) -> str | None:
        return self.orch.store.current_caption(self.id)

    def request(self, text: str, **options) -> ImageRequest:
        """Validate a request; raises ``InvalidRequest`` with a readable message."""
        return self.orch.check_request(text, **options)

    def send(self, text: str, *, on_event: Listener | None = None, cancel: threading.Event | None = None,
             dry_run: bool = False, input_decision: PolicyDecision | None = None, **options) -> TurnResult:
        """Run one turn. Options: n, size, quality, style, seed, negative_prompt, verbatim (``RequestOptions``).
        ``input_decision``: the input policy's decision on the text, if the caller already made one (see
        ``TurnContext``)."""
        request = self.request(text, **options)
        listeners = [on_event] if on_event is not None else []

        def emit(ev: ProgressEvent) -> None:
            for cb in listeners:
                try:
                    cb(ev)
                except Exception:  # noqa: BLE001 - a broken progress bar must not break the turn
                    pass

        with self._lock, self.orch.store.turn_lock(self.id):  # this process's lock, then other processes'
            store = self.orch.store
            context = TurnContext(current=store.current_caption(self.id), seed=store.current_seed(self.id),
                                  refused_before=store.refused_categories(self.id),
                                  refused_request=store.refused_just_before(self.id),
                                  picture_turns=store.picture_turns(self.id),
                                  input_decision=input_decision)
            pipeline = self.orch.pipeline
            turn_id = store.start_turn(self.id, request.text, request.model_dump_json(), context.current)
            try:
                result = pipeline(self.id, turn_id, request, context, emit, cancel=cancel, dry_run=dry_run)
            except TurnCancelled as e:
                store.mark_turn(turn_id, TurnStatus.cancelled, str(e))
                raise
            except KeyboardInterrupt:
                store.mark_turn(turn_id, TurnStatus.interrupted, "interrupted by the user (Ctrl-C)")
                raise
            except LimnerError as e:  # _soon: a full disk may refuse this write too
                store.mark_turn_soon(turn_id, TurnStatus.failed, str(e))
                raise
            except Exception as e:
                store.mark_turn(turn_id, TurnStatus.failed, f"{type(e).__name__}: {e}")
                raise
            try:
                store.finish_turn(turn_id, result)
            except Exception as e:  # the turn must not stay 'running': say it failed, if the disk lets us
                store.mark_turn_soon(turn_id, TurnStatus.failed, str(e))
                raise
        emit(ProgressEvent(kind="turn_finished", data={"status": result.status.value, "turn_id": turn_id}))
        return result

    async def asend(self, text: str, **kwargs) -> TurnResult:
        """Async twin of ``send`` (runs the turn in a worker thread)."""
        return await asyncio.to_thread(self.send, text, **kwargs)

    def history(self) -> list[dict]:
        return self.orch.store.turns(self.id)

    def pick(self, n: int) -> str:
        """Make image ``n`` (1-based, over the session's images) the caption later turns refine."""
        images = self.orch.store.image_captions(self.id)
        if not 1 <= n <= len(images):
            raise InvalidRequest(f"no image {n}: this session has {len(images)} image(s)")
        _, caption, seed = images[n - 1]
        self.orch.store.pick(self.id, caption, seed)
        return caption

    def undo(self) -> int | None:
        return self.orch.store.undo(self.id)
