"""HTTP: an OpenAI-compatible Images API, conversational endpoints with server-sent events, and the web chat.

    limner serve [--host 127.0.0.1] [--port 8000]

- ``POST /v1/images/generations``: OpenAI Images API request and response (``data[].revised_prompt``); a
  refused request is a 400 with ``code: "content_policy_violation"``; ``url`` responses are served here with
  expiring signed links.
- ``POST /v1/sessions``, ``POST /v1/sessions/{id}/turns``, ``POST /v1/sessions/{id}/turns/stream`` (SSE),
  ``GET /v1/sessions/{id}/history``, ``POST /v1/sessions/{id}/pick``.
- ``GET /``: the web chat page.

Work is bounded: at most ``server.concurrency`` turns run at once and ``server.queue_size`` wait; beyond that
the answer is 429 with ``Retry-After``. Requests the input rail refuses are answered at once, outside that
queue. Bodies over ``server.max_body_bytes`` get 413. When
users exist (``limner users add NAME`` prints a key) or ``LIMNER_API_KEY`` (``server.api_key``) is set, every
API call needs ``Authorization: Bearer <key>``; a user sees only their own sessions (another's is a 404).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import math
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .orchestrator import Orchestrator
from .types import (
    InvalidRequest,
    LimnerError,
    PolicyDecision,
    ProgressEvent,
    RequestOptions,
    StorageError,
    TurnResult,
    UnknownSession,
    describe_errors,
)

WEB = Path(__file__).parent / "web"


class ImagesRequest(RequestOptions):
    """OpenAI ``images.generate`` body (Limner's options, ``RequestOptions``, are accepted too)."""

    model_config = ConfigDict(extra="ignore")  # OpenAI clients send fields Limner has no use for
    prompt: str = Field(max_length=1_000_000)
    model: str | None = None
    response_format: Literal["url", "b64_json"] = "url"
    user: str | None = None


class TurnRequest(RequestOptions):
    """One turn of a conversation: the text and ``RequestOptions``."""

    text: str = Field(max_length=1_000_000)


class PickRequest(BaseModel):
    image: int = Field(ge=1)


def _error(status: int, message: str, code: str | None = None, type_: str = "invalid_request_error",
           param: str | None = None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"message": message, "type": type_, "param": param, "code": code}},
                        status_code=status, headers=headers)


def url_secret(home: Path) -> bytes:
    """The key that signs image links, made once per home (mode 0600) so links outlive a restart; two servers
    starting at once agree on one key (written aside, then linked into place only if none is there)."""
    path = home / "keys" / "url_signing.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_bytes()
    if len(key) != 32:
        raise LimnerError(f"{path} is damaged ({len(key)} bytes): delete it to make a new one (image links signed "
                          "with the old key stop working)")
    return key


class BodyLimit:
    """ASGI middleware: a request body over ``limit`` bytes gets 413, whether the client declared its
    Content-Length or streamed it in chunks (read up to the limit, then replayed to the app)."""

    def __init__(self, app, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        messages, total = [], 0
        while True:
            msg = await receive()
            messages.append(msg)
            if msg["type"] != "http.request":
                break
            total += len(msg.get("body", b""))
            if total > self.limit:
                await _error(413, f"Request body is over the limit of {self.limit} bytes.",
                             code="request_too_large")(scope, receive, send)
                return
            if not msg.get("more_body"):
                break

        async def replay():
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


class Busy(Exception):
    """No room: the whole queue is full, or (``mine``) this user already has their share of it."""

    def __init__(self, mine: bool = False) -> None:
        super().__init__("your share of the queue is full" if mine else "the queue is full")
        self.mine = mine


class RateLimited(Exception):
    """This user started ``server.turns_per_minute`` turns in the last minute."""

    def __init__(self, limit: int, retry_after: float) -> None:
        super().__init__(f"over {limit} turns per minute")
        self.limit, self.retry_after = limit, retry_after


class RateLimit:
    """At most ``per_minute`` turns per user in any 60 seconds (a sliding window), refused ones included: a
    refused request costs the policy engine's time too. Runs on the server's event loop: no lock needed."""

    WINDOW_S = 60.0

    def __init__(self, per_minute: int | None) -> None:
        self.per_minute = per_minute
        self.started: dict[str | None, deque[float]] = {}

    def hit(self, user: str | None) -> None:
        if self.per_minute is None:
            return
        now = time.monotonic()
        times = self.started.setdefault(user, deque())
        while times and now - times[0] >= self.WINDOW_S:
            times.popleft()
        if len(times) >= self.per_minute:
            raise RateLimited(self.per_minute, self.WINDOW_S - (now - times[0]))
        times.append(now)


class WorkQueue:
    """Bounded, fair concurrency: ``concurrency`` turns run, ``size`` wait, the rest are refused (``Busy``). One
    user may hold at most ``per_user`` of these places, and a freed slot goes to the waiting users in turn (round
    robin), so a user who sends many requests waits behind their own, not in front of everyone else's. All of it
    runs on the server's event loop, so no lock is needed."""

    def __init__(self, concurrency: int, size: int, per_user: int | None = None) -> None:
        self.concurrency = concurrency
        self.limit = concurrency + size
        self.per_user = per_user or max(1, self.limit // 2)
        self.inflight = 0
        self.by_user: dict[str | None, int] = {}
        self.running = 0
        self.waiting: dict[str | None, deque[asyncio.Future]] = {}
        self.turn_order: deque[str | None] = deque()
        self.avg_s = 10.0

    async def run(self, fn, *args, user: str | None = None, **kwargs):
        if self.inflight >= self.limit:
            raise Busy()
        if self.by_user.get(user, 0) >= self.per_user:
            raise Busy(mine=True)
        self.inflight += 1
        self.by_user[user] = self.by_user.get(user, 0) + 1
        try:
            await self._acquire(user)
            t0 = time.monotonic()
            try:
                return await asyncio.to_thread(fn, *args, **kwargs)
            finally:
                self.avg_s = 0.8 * self.avg_s + 0.2 * (time.monotonic() - t0)
                self._release()
        finally:
            self.inflight -= 1
            self.by_user[user] -= 1
            if not self.by_user[user]:
                del self.by_user[user]

    async def _acquire(self, user: str | None) -> None:
        if self.running < self.concurrency and not self.waiting:
            self.running += 1
            return
        fut = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(user, deque()).append(fut)
        if user not in self.turn_order:
            self.turn_order.append(user)
        try:
            await fut  # the slot is handed over by _release (running stays counted)
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self._release()  # the slot came as the client left: pass it on
            else:
                queue = self.waiting.get(user)
                if queue is not None and fut in queue:
                    queue.remove(fut)
                    if not queue:
                        del self.waiting[user]
                        self.turn_order.remove(user)
            raise

    def _release(self) -> None:
        """Hand the slot to the next waiting user in turn, or free it."""
        while self.turn_order:
            user = self.turn_order.popleft()
            queue = self.waiting[user]
            fut = queue.popleft()
            if queue:
                self.turn_order.append(user)
            else:
                del self.waiting[user]
            if not fut.done():
                fut.set_result(None)
                return
        self.running -= 1


def create_app(orch: Orchestrator) -> FastAPI:
    cfg = orch.config.server
    api_key = os.environ.get("LIMNER_API_KEY") or cfg.api_key
    secret = url_secret(orch.config.home)
    app = FastAPI(title="Limner", version="0.1.0",
                  description="Local prompt rewriting and safety for text-to-image; OpenAI Images API compatible.")
    app.add_middleware(BodyLimit, limit=cfg.max_body_bytes)
    queue_holder: dict[str, WorkQueue] = {}
    rate = RateLimit(cfg.turns_per_minute)
    sessions_lock = threading.Lock()

    def queue() -> WorkQueue:
        if "q" not in queue_holder:
            queue_holder["q"] = WorkQueue(cfg.concurrency, cfg.queue_size, cfg.per_user)
        return queue_holder["q"]

    def limited(e: RateLimited) -> JSONResponse:
        retry = max(1, math.ceil(e.retry_after))
        return _error(429, f"You have started {e.limit} turns in the last minute, the most this server allows; "
                           f"retry in {retry} s.", code="rate_limit_exceeded", type_="rate_limit_error",
                      headers={"Retry-After": str(retry)})

    def busy(mine: bool = False) -> JSONResponse:
        retry = max(1, int(queue().avg_s))
        message = (f"You already have {queue().per_user} request(s) running or waiting; retry when one is done."
                   if mine else "The generation queue is full; retry later.")
        return _error(429, message, code="rate_limit_exceeded", type_="rate_limit_error",
                      headers={"Retry-After": str(retry)})

    def who(request: Request) -> tuple[bool, str | None]:
        """(allowed, user) for a request: with neither users nor ``api_key`` configured everyone is the local
        user; otherwise the bearer key names a user (``limner users add``), or is ``api_key`` (the local user)."""
        if not api_key and not orch.store.has_users():
            return True, None
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        given = given.strip()
        if scheme.lower() != "bearer" or not given:
            return False, None
        if api_key and hmac.compare_digest(given.encode("utf-8", "surrogateescape"), api_key.encode()):
            return True, None
        user = orch.store.user_for_key(given)
        return user is not None, user

    @app.middleware("http")
    async def guard(request: Request, call_next):
        path = request.url.path
        if path.startswith("/v1/"):
            if not path.startswith("/v1/files/"):
                allowed, request.state.user = await asyncio.to_thread(who, request)
                if not allowed:
                    return _error(401, "Missing or wrong API key (Authorization: Bearer ...; an operator makes "
                                  "one with: limner users add NAME).", code="invalid_api_key",
                                  type_="authentication_error")
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > cfg.max_body_bytes:
                return _error(413, f"Request body is {length} bytes; the limit is {cfg.max_body_bytes}.",
                              code="request_too_large")
        return await call_next(request)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # 404, 405 ... in OpenAI's error format
        return _error(exc.status_code, str(exc.detail), code={404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error"), headers=getattr(exc, "headers", None))

    @app.exception_handler(StorageError)
    async def storage(request: Request, exc: StorageError):
        return _error(507, str(exc).replace(str(orch.config.home), "<home>"), code="storage_error",
                      type_="server_error")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        message, param = describe_errors(list(exc.errors()))
        return _error(422, "Invalid request: " + message, code="invalid_request", param=param)

    def link(image_id: str) -> str:
        """An expiring signed link to an image, named by its opaque id (never by its path on this server)."""
        expires = int(time.time()) + orch.config.server.url_ttl_s
        sig = hmac.new(secret, f"{image_id}.{expires}".encode(), hashlib.sha256).hexdigest()[:32]
        return f"/v1/files/{image_id}.png?expires={expires}&sig={sig}"

    def public_images(images: list[dict]) -> None:
        """Each image of a result or history with its ``url`` and without its server ``path``."""
        for im in images:
            path = im.pop("path", None)
            im["url"] = link(im["image_id"]) if path and im.get("image_id") else None

    def policy_error(r: TurnResult) -> JSONResponse:
        refusing = [f for f in r.findings if f.action == "refuse"]
        policy = f"{refusing[0].policy}/{refusing[0].category}" if refusing else "image_safety"
        msg = f"Your request was rejected by Limner's safety system ({policy}). {r.refusal_message}"
        return _error(400, msg, code="content_policy_violation", param="prompt")

    def text_and_options(body: TurnRequest | ImagesRequest) -> tuple[str, dict]:
        text = body.text if isinstance(body, TurnRequest) else body.prompt
        return text, body.model_dump(include=set(RequestOptions.model_fields))

    def run_turn(session_id: str | None, body: TurnRequest | ImagesRequest, on_event=None,
                 decision: PolicyDecision | None = None, user: str | None = None) -> TurnResult:
        with sessions_lock:
            session = orch.session(session_id, create=session_id is None, user=user)
        text, opts = text_and_options(body)
        return session.send(text, on_event=on_event, input_decision=decision, **opts)

    async def precheck(body: TurnRequest | ImagesRequest) -> PolicyDecision | None:
        """The input policy's decision on the request's words (validated first: ``InvalidRequest``), made before
        the queue; the turn reuses it rather than deciding again. None if the policies failed: the turn itself
        reports that properly."""
        text, opts = text_and_options(body)
        request = orch.check_request(text, **opts)
        try:
            return await asyncio.to_thread(orch.policy.decide, request.text, "input")
        except Exception:  # noqa: BLE001
            return None

    async def admit(sid: str | None, body: TurnRequest | ImagesRequest, on_event=None,
                    decision: PolicyDecision | None = None, user: str | None = None,
                    counted: bool = False) -> TurnResult:
        """Run a turn. A request the input rail refuses does not wait behind generations: it is answered (and
        recorded) at once, outside the generation queue; everything else goes through the bounded queue. An
        invalid request is rejected first (``InvalidRequest``): it creates no session and takes no slot. A user
        over ``turns_per_minute`` is refused before any policy work (``RateLimited``)."""
        if not counted:
            rate.hit(user)
        decision = decision or await precheck(body)
        if decision is not None and decision.action == "refuse":
            return await asyncio.to_thread(run_turn, sid, body, on_event, decision, user)
        return await queue().run(run_turn, sid, body, on_event, decision, user, user=user)

    # ------------------------------------------------------------------ OpenAI Images API
    @app.post("/v1/images/generations")
    async def images_generations(body: ImagesRequest, request: Request):
        try:
            r = await admit(None, body, user=request.state.user)
        except RateLimited as e:
            return limited(e)
        except Busy as e:
            return busy(e.mine)
        except StorageError:
            raise
        except (InvalidRequest, LimnerError) as e:
            return _error(400, str(e), code="invalid_request", param=getattr(e, "param", None) or "prompt")
        if r.status.value in ("refused", "blocked"):
            return policy_error(r)
        data = []
        for im in r.images:
            if im.blocked or not im.path:
                continue
            item: dict = {"revised_prompt": im.caption}
            if body.response_format == "b64_json":
                item["b64_json"] = base64.b64encode(Path(im.path).read_bytes()).decode()
            else:
                item["url"] = str(request.base_url).rstrip("/") + link(im.image_id or "")
            data.append(item)
        return {"created": int(time.time()), "data": data}

    @app.get("/v1/files/{image_id}.png")
    async def files(image_id: str, expires: int, sig: str):
        want = hmac.new(secret, f"{image_id}.{expires}".encode(), hashlib.sha256).hexdigest()[:32]
        if not hmac.compare_digest(want.encode(), sig.encode("utf-8", "surrogateescape")):
            return _error(403, "Invalid link signature.", code="invalid_signature")
        if expires < time.time():
            return _error(410, "This link has expired.", code="link_expired")
        stored = orch.store.image_path(image_id)
        path = Path(stored) if stored else None
        if path is None or not path.is_file() or orch.config.images_dir.resolve() not in path.resolve().parents:
            return _error(404, "No such image.", code="not_found")
        return FileResponse(path, media_type="image/png")

    # ------------------------------------------------------------------ conversations
    @app.post("/v1/sessions")
    async def create_session(request: Request):
        s = orch.session(user=request.state.user)
        return {"id": s.id}

    def unknown(sid: str, request: Request) -> JSONResponse | None:
        """404 for a session that does not exist or is another user's (the two look the same)."""
        if orch.store.session_visible(sid, request.state.user):
            return None
        return _error(404, f"unknown session id {sid!r}", code="unknown_session")

    def result_json(r: TurnResult) -> dict:
        d = r.model_dump(mode="json")
        public_images(d["images"])
        return d

    @app.post("/v1/sessions/{sid}/turns")
    async def send_turn(sid: str, body: TurnRequest, request: Request):
        if (err := unknown(sid, request)) is not None:
            return err
        try:
            r = await admit(sid, body, user=request.state.user)
        except RateLimited as e:
            return limited(e)
        except Busy as e:
            return busy(e.mine)
        except StorageError:
            raise
        except (InvalidRequest, UnknownSession, LimnerError) as e:
            return _error(400, str(e), code="invalid_request", param=getattr(e, "param", None))
        return result_json(r)

    @app.post("/v1/sessions/{sid}/turns/stream")
    async def stream_turn(sid: str, body: TurnRequest, request: Request):
        if (err := unknown(sid, request)) is not None:
            return err
        q = queue()
        try:
            rate.hit(request.state.user)
        except RateLimited as e:
            return limited(e)
        try:
            decision = await precheck(body)
        except InvalidRequest as e:
            return _error(400, str(e), code="invalid_request", param=e.param)
        refused = decision is not None and decision.action == "refuse"
        if not refused and q.inflight >= q.limit:
            return busy()
        if not refused and q.by_user.get(request.state.user, 0) >= q.per_user:
            return busy(mine=True)
        loop = asyncio.get_running_loop()
        events: asyncio.Queue = asyncio.Queue()

        def on_event(ev: ProgressEvent) -> None:
            loop.call_soon_threadsafe(events.put_nowait, ("progress", ev.model_dump(mode="json")))

        async def worker():
            try:
                r = await admit(sid, body, on_event, decision=decision, user=request.state.user, counted=True)
                await events.put(("result", result_json(r)))
            except Busy:
                await events.put(("error", {"message": "queue full", "code": "rate_limit_exceeded"}))
            except Exception as e:  # noqa: BLE001 - reported to the client as an event
                await events.put(("error", {"message": str(e), "code": "invalid_request"}))
            await events.put(None)

        task = asyncio.create_task(worker())

        async def gen():
            try:
                while True:
                    item = await events.get()
                    if item is None:
                        break
                    kind, data = item
                    yield f"event: {kind}\ndata: {json.dumps(data)}\n\n"
            finally:
                await task

        return StreamingResponse(gen(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    @app.get("/v1/sessions/{sid}/history")
    async def history(sid: str, request: Request):
        if (err := unknown(sid, request)) is not None:
            return err
        turns = orch.store.turns(sid)
        for t in turns:
            t.pop("result_json", None)
            public_images(t["images"])
        return {"id": sid, "turns": turns}

    @app.post("/v1/sessions/{sid}/pick")
    async def pick(sid: str, body: PickRequest, request: Request):
        if (err := unknown(sid, request)) is not None:
            return err
        try:
            caption = orch.session(sid).pick(body.image)
        except InvalidRequest as e:
            return _error(400, str(e), code="invalid_request")
        return {"caption": caption}

    # ------------------------------------------------------------------ web page
    @app.get("/", response_class=HTMLResponse)
    async def index():
        return HTMLResponse((WEB / "index.html").read_text(encoding="utf-8"))

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon():
        svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
               'fill="#2d5be3"/><path d="M5 3v10h6" stroke="#fff" stroke-width="2" fill="none"/></svg>')
        return Response(svg, media_type="image/svg+xml")

    @app.get("/healthz")
    async def health():
        return {"ok": True}

    return app


def check_exposure(host: str, keys: bool, insecure: bool) -> None:
    """Binding to a non-loopback address without API keys is refused unless ``--insecure`` says so."""
    if host not in ("127.0.0.1", "localhost", "::1") and not keys:
        if not insecure:
            raise LimnerError(f"refusing to serve on {host} without API keys: anyone who can reach it could "
                              "generate and read every session. Add a user (limner users add NAME) or set "
                              "LIMNER_API_KEY, or pass --insecure if the network is yours alone.")
        print(f"WARNING: serving on {host} without an API key (--insecure)")


def serve(config: str | Path | None = None, host: str | None = None, port: int | None = None,
          insecure: bool = False) -> int:
    import uvicorn

    orch = Orchestrator.from_config(config)
    host = host or orch.config.server.host
    port = orch.config.server.port if port is None else port
    check_exposure(host, bool(os.environ.get("LIMNER_API_KEY") or orch.config.server.api_key
                              or orch.store.has_users()), insecure)
    app = create_app(orch)
    print(f"Limner on http://{host}:{port}/  (API: /v1/images/generations, docs: /docs)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
