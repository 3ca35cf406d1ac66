"""The ``limner`` command: chat, generate, history, check, serve, verify.

Every error a user can cause is one line on stderr and a non-zero exit, never a traceback
(set LIMNER_DEBUG=1 to see tracebacks).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from .types import ImageRequest, InvalidRequest, LimnerError, ProgressEvent, TurnResult

EXIT_USAGE = 2


def _die(msg: str, code: int = EXIT_USAGE) -> int:
    print(f"limner: error: {msg}", file=sys.stderr)
    return code


class _Progress:
    """A terminal progress display fed by the turn's events."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar = None

    def __call__(self, ev: ProgressEvent) -> None:
        if not self.enabled:
            return
        if ev.kind == "stage_started":
            print(f"  … {ev.stage.replace('_', ' ')}", file=sys.stderr, flush=True)
        elif ev.kind == "step":
            if self.bar is None:
                from tqdm import tqdm

                self.bar = tqdm(total=ev.total, desc="  generating", unit="step", file=sys.stderr, leave=False)
            self.bar.n = ev.step or 0
            self.bar.refresh()
        elif ev.kind == "stage_finished" and ev.stage == "generate" and self.bar is not None:
            self.bar.close()
            self.bar = None


def _copy_images(r: TurnResult, out_dir: Path) -> dict[int, Path]:
    """Copy the shown images into ``out_dir``; returns image index -> copy."""
    out_dir.mkdir(parents=True, exist_ok=True)
    copies = {}
    for im in r.images:
        if im.path and not im.blocked:
            copies[im.index] = Path(shutil.copy2(im.path, out_dir / Path(im.path).name))
    return copies


def _print_result(r: TurnResult, copies: dict[int, Path] | None = None,
                  numbers: dict[int, int] | None = None) -> None:
    """``numbers``: each image's number in the session (what ``/pick N`` takes)."""
    if r.findings:
        for f in r.findings:
            if f.action != "allow":
                print(f"  [{f.action}] {f.policy}/{f.category}: {f.reason}")
    reasons = {f.reason for f in r.findings if f.action != "allow"}
    for note in r.explanation:
        if note not in reasons:  # a finding's reason is printed once, with the finding
            print(f"  note: {note}")
    if r.status.value == "refused":
        print(f"Refused: {r.refusal_message}")
        return
    if r.status.value == "not_applied":
        print(f"Not applied: {r.refusal_message}")
        return
    print(f"Revised prompt{'s' if len(r.revised_prompts) > 1 else ''} ({r.mode}):")
    for i, c in enumerate(r.captions, 1):
        flag = "" if c.approved else "  [dropped by policy]"
        src = "" if c.source in ("llm", "refined") else f"  ({c.source})"
        print(f"  {i}. {c.text}{src}{flag}")
    for im in r.images:
        if im.blocked:
            print(f"  image withheld: {im.reason}")
            continue
        path = (copies or {}).get(im.index, Path(im.path or ""))
        extra = " (blurred)" if im.blurred else ""
        print(f"  image {(numbers or {}).get(im.index, im.index + 1)}: {path}  seed={im.seed}{extra}")
    if r.status.value == "blocked":
        print(f"No image shown: {r.refusal_message}")
    if r.status.value == "dry_run":
        print("  (dry run: nothing was generated)")


def _orch(args):
    from .orchestrator import Orchestrator

    return Orchestrator.from_config(args.config)


def _options(args) -> dict:
    return {"n": args.n, "size": args.size, "quality": args.quality, "style": args.style, "seed": args.seed,
            "verbatim": True if args.verbatim else None, "negative_prompt": args.negative}


# ----------------------------------------------------------------------------- commands

def cmd_generate(args) -> int:
    text = " ".join(args.text)
    if text == "-":
        text = sys.stdin.read()
    orch = _orch(args)
    session = orch.session(args.session, create=args.session is None)
    r = session.send(text, on_event=_Progress(not args.json and sys.stderr.isatty()), dry_run=args.dry_run,
                     **_options(args))
    copies = _copy_images(r, args.out) if args.out else None
    if args.json:
        print(r.model_dump_json(indent=2))
    else:
        turn, numbers = orch.store.numbers(session.id, r.turn_id)
        print(f"session {session.id}, turn {turn}")
        _print_result(r, copies, numbers)
    return EXIT_CODES.get(r.status.value, 0)


# what `limner generate` exits with, so scripts can tell a refusal from an image (also with --json)
EXIT_CODES = {"ok": 0, "dry_run": 0, "refused": 3, "blocked": 4, "not_applied": 5}


def _warm_up(orch) -> None:
    """Load the policies, the image check, the language model (its prompt state too) and the image model while
    the user types the first message; a turn sent meanwhile waits for the same locks. A failure here is
    reported by that turn, not here."""
    try:
        _ = orch.pipeline  # builds the policies and the image check
        load = getattr(orch.rewriter, "warm_up", None)
        if load is not None:
            load()
        _ = orch.generator.pipe  # the image model last: a first turn sent at once needs the rest sooner
    except Exception:  # noqa: BLE001, S110 - the first turn raises the same error with its message
        pass


def cmd_chat(args) -> int:
    orch = _orch(args)
    session = orch.session(args.session, create=args.session is None)
    print(f"Limner chat (session {session.id}). Describe an image; later messages refine it.")
    print("Commands: /new  /history  /undo  /pick N  /session  /quit")
    print("(loading the models in the background while you type)")
    threading.Thread(target=_warm_up, args=(orch,), daemon=True).start()
    progress = _Progress(True)
    while True:
        try:
            line = input("you> ").strip()
        except EOFError:
            print()
            return 0
        except KeyboardInterrupt:
            print()
            return 130
        if not line:
            continue
        if line.startswith("/"):
            cmd, _, rest = line.partition(" ")
            try:
                if cmd in ("/quit", "/exit", "/q"):
                    return 0
                if cmd == "/new":
                    session = orch.session()
                    print(f"new session {session.id}")
                elif cmd == "/session":
                    print(session.id)
                elif cmd == "/history":
                    _print_history(session.history())
                elif cmd == "/undo":
                    turns = session.history()
                    tid = session.undo()
                    number = next((t["number"] for t in turns if t["id"] == tid), tid)
                    print(f"undid turn {number}; now refining: {session.current_caption}" if tid else "nothing to undo")
                elif cmd == "/pick":
                    if not rest.strip().isdigit():
                        print("error: /pick takes the number of an image, e.g. /pick 2")
                        continue
                    cap = session.pick(int(rest))
                    print(f"next turns refine: {cap}")
                else:
                    print(f"unknown command {cmd}")
            except (ValueError, LimnerError) as e:
                print(f"error: {e}")
            continue
        try:
            r = session.send(line, on_event=progress)
        except KeyboardInterrupt:
            print("\n(turn interrupted; it is marked as such in the history)")
            continue
        except LimnerError as e:
            print(f"error: {e}")
            continue
        _print_result(r, numbers=orch.store.numbers(session.id, r.turn_id)[1])


def _print_history(turns: list[dict]) -> None:
    if not turns:
        print("(no turns)")
    for t in turns:
        print(f"turn {t['number']} [{t['session_id']}] {t['status']:<11} {t['user_text'][:80]!r}")
        for c in t["captions"]:
            mark = "" if c["approved"] else " [dropped]"
            text = c["text"] if len(c["text"]) <= 160 else c["text"][:159] + "…"
            print(f"      caption {c['idx'] + 1}: {text}{mark}")
        for f in t["findings"]:
            if f["action"] != "allow":
                print(f"      {f['action']}: {f['policy']}/{f['category']}: {f['reason'][:200]}")
        if t["refusal_message"]:
            print(f"      why: {t['refusal_message'][:300]}")
        for im in t["images"]:
            label = f"image {im['number']}" if im["number"] else "image withheld" if im["blocked"] else "image"
            print(f"      {label}: {im['path'] or im['reason'] or ''}")


def cmd_history(args) -> int:
    orch = _orch(args)
    if args.session:
        orch.store.require_session(args.session)
    turns = orch.store.turns(args.session, blocked_only=args.blocked, limit=args.limit)
    if args.json:
        print(json.dumps(turns, indent=2, default=str))
    else:
        _print_history(turns)
    return 0


def cmd_check(args) -> int:
    from limner.policies import PolicyEngine

    from .config import load_config

    cfg = load_config(args.config)
    engine = PolicyEngine.from_file(args.policy or cfg.policy_file)
    limit = cfg.max_prompt_chars
    out = sys.stdout

    def emit(obj: dict) -> None:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")

    def emit_batch(batch: list[tuple[str | None, str | None, str]], decisions: list) -> None:
        it = iter(decisions)
        for shown, err, _ in batch:
            if err is not None:
                emit({"prompt": shown, "error": err})
                continue
            d = next(it)
            cats = sorted({f.category for f in d.findings if f.action != "allow"})
            emit({"prompt": shown, "action": d.action, "categories": cats,
                  "rewritten": d.text if d.action == "rewrite" else None,
                  "findings": [{"policy": f.policy, "category": f.category, "span": f.span, "score": f.score,
                                "action": f.action, "reason": f.reason} for f in d.findings]})
        out.flush()

    def texts(batch: list[tuple[str | None, str | None, str]]) -> list[str]:
        return [checked for _, err, checked in batch if err is None]

    def classify(raw: bytes) -> tuple[str | None, str | None, str]:
        """(the line as shown back, the error or None, the text as a turn would check it): the line is
        validated as a request is (``ImageRequest.checked``)."""
        raw = raw.rstrip(b"\r\n")
        if len(raw) > limit * 4:
            return (None, f"line is {len(raw)} bytes; the limit is {limit} characters", "")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            return (raw[:200].decode("utf-8", "replace"), f"invalid UTF-8 at byte {e.start}", "")
        shown = text.replace("\x00", "\\0")
        shown = shown[:200] + "…" if len(shown) > 200 else shown
        try:
            return (shown, None, ImageRequest.checked(text, max_prompt_chars=limit).text)
        except InvalidRequest as e:
            return (shown, str(e), "")

    if args.text:
        batch = [classify(t.encode("utf-8", "surrogateescape")) for t in args.text]
        emit_batch(batch, engine.decide_many(texts(batch), stage="input"))
        return 0
    # each line is answered as soon as it is read; lines already waiting in the pipe are checked together
    for raw_batch in WaitingLines(sys.stdin.fileno(), max_batch=512, max_line=limit * 4):
        batch = [classify(line) if line is not None else
                 (None, f"line longer than {limit * 4} bytes; the limit is {limit} characters", "")
                 for line in raw_batch]
        emit_batch(batch, engine.decide_many(texts(batch), stage="input"))
    return 0


class WaitingLines:
    """Lines from ``fd`` in batches: each batch blocks for the next line, then adds the complete lines already
    waiting (at most ``max_batch``), so a caller that writes one line and waits gets its answer, and a fast pipe
    is still batched. A line longer than ``max_line`` bytes is skipped without being held in memory and comes
    back as None."""

    def __init__(self, fd: int, max_batch: int, max_line: int) -> None:
        self.fd, self.max_batch, self.max_line = fd, max_batch, max_line
        self.lines: deque[bytes | None] = deque()  # complete lines read and not yet handed out
        self.buf = b""  # the start of the next line
        self.eof = self.skipping = False

    def waiting(self) -> bool:
        """Whether the next batch is there without blocking."""
        import select

        return bool(self.lines) or (not self.eof and bool(select.select([self.fd], [], [], 0)[0]))

    def _read(self) -> None:
        chunk = os.read(self.fd, 1 << 16)
        if not chunk:
            self.eof = True
            return
        self.buf += chunk
        if b"\n" in chunk:
            *complete, self.buf = self.buf.split(b"\n")
            for line in complete:
                self.lines.append(None if self.skipping else line)
                self.skipping = False
        elif len(self.buf) > self.max_line:
            self.buf, self.skipping = b"", True

    def __iter__(self) -> Iterator[list[bytes | None]]:
        while True:
            out: list[bytes | None] = []
            while True:
                while self.lines and len(out) < self.max_batch:
                    out.append(self.lines.popleft())
                if len(out) >= self.max_batch or self.eof:
                    break
                if out and not self.waiting():
                    break  # answer what is here rather than wait for more
                self._read()
            if self.eof and not self.lines and (self.buf or self.skipping) and len(out) < self.max_batch:
                out.append(None if self.skipping else self.buf)  # a last line without a newline
                self.buf, self.skipping = b"", False
            if out:
                yield out
            if self.eof and not self.lines and not self.buf and not self.skipping:
                return


def cmd_verify(args) -> int:
    from .provenance import verify

    code = 0
    for p in args.images:
        try:
            rep = verify(p)
        except ValueError as e:
            print(f"limner: error: {e}", file=sys.stderr)
            code = 1
            continue
        if args.json:
            print(json.dumps(rep, default=str))
        else:
            print(f"{p}: {rep['verdict']}")
            if rep["metadata"]:
                m = rep["metadata"]
                print(f"  generator={m.get('generator')} seed={m.get('seed')} image={m.get('image_id')} "
                      f"version={m.get('software')}")
                print(f"  caption: {m.get('caption')}")
            c2 = rep.get("c2pa") or {}
            if c2.get("present"):
                print(f"  C2PA: {c2.get('validation_state')}, manifest {'matches' if c2.get('valid') else 'DOES NOT match'}"
                      f" the file; signer {c2.get('signer')} ({'trusted' if c2.get('signer_trusted') else 'not on a trust list'});"
                      f" AI-generated action: {c2.get('ai_generated')}")
                for f in c2.get("failures") or []:
                    print(f"    {f}")
            else:
                print("  C2PA: no manifest")
            print(f"  AI-generated declared: {rep['ai_generated_declared']}; watermark: {rep['watermark']}")
        if rep.get("verdict", "").startswith(("MODIFIED", "no Limner")):
            code = max(code, 3)
    return code


def cmd_users(args) -> int:
    """Users of ``limner serve``: each has an API key (printed once, stored hashed) and sees only their own
    sessions."""
    from .config import load_config
    from .store import Store

    store = Store(load_config(args.config).store_where)
    try:
        if args.action == "add":
            key = store.add_user(args.name)
            print(f"user {args.name!r} added; their API key (shown only now, keep it secret):\n{key}")
        elif args.action == "remove":
            if not store.remove_user(args.name):
                return _die(f"no user {args.name!r} (limner users list shows them)")
            print(f"user {args.name!r} removed; their key no longer works")
        else:
            rows = store.users()
            for u in rows:
                print(f"{u['name']}\t{u['sessions']} session(s)\tsince "
                      f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(u['created_at']))}")
            if not rows:
                print("no users: the server is open to whoever reaches it (loopback only); add one with: "
                      "limner users add NAME")
    finally:
        store.close()
    return 0


def cmd_serve(args) -> int:
    if args.ray:
        try:
            from .ray_serve import serve_ray
        except ModuleNotFoundError as e:
            raise LimnerError(f"limner serve --ray needs Ray Serve ({e.name} is missing): "
                              "pip install 'limner[ray]'") from None
        return serve_ray(args.config, host=args.host, port=args.port, insecure=args.insecure)
    from .http import serve

    return serve(args.config, host=args.host, port=args.port, insecure=args.insecure)


# ----------------------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    from .config import CONFIG_LOOKUP

    p = argparse.ArgumentParser(prog="limner", description="Local prompt rewriting and safety for text-to-image.",
                                epilog="configuration: the first of " + "; ".join(CONFIG_LOOKUP) + "; then "
                                       "LIMNER_* environment variables override single keys (LIMNER_HOME, "
                                       "LIMNER_GENERATOR__MODEL ...)")
    p.add_argument("--config", type=Path, default=None, help="limner TOML config (see the lookup order below)")
    sub = p.add_subparsers(dest="command", required=True)

    def gen_opts(sp):
        sp.add_argument("-n", type=int, default=1, help="number of images (1..max_images)")
        sp.add_argument("--size", default="1024x1024", help="WxH, e.g. 1024x1024, 1792x1024, 1024x1792")
        sp.add_argument("--quality", choices=["standard", "hd"], default="standard")
        sp.add_argument("--style", choices=["vivid", "natural"], default="vivid")
        sp.add_argument("--seed", type=int, default=None)
        sp.add_argument("--negative", default=None, help="negative prompt")
        sp.add_argument("--verbatim", action="store_true", help="send the text unchanged (policies still run)")

    g = sub.add_parser("generate", help="one turn, non-interactive",
                       epilog="exit status: 0 images made (or a dry run), 3 refused by a policy, 4 every image "
                              "withheld by the image-safety check, 5 a change that could not be applied, 2 bad input")
    g.add_argument("text", nargs="+", help="the request ('-' reads stdin)")
    gen_opts(g)
    g.add_argument("--session", default=None, help="continue this session")
    g.add_argument("--out", type=Path, default=None, help="also copy the images here")
    g.add_argument("--json", action="store_true", help="print the TurnResult as JSON")
    g.add_argument("--dry-run", action="store_true", help="rewrite and check, generate nothing")
    g.set_defaults(func=cmd_generate)

    c = sub.add_parser("chat", help="interactive chat")
    c.add_argument("--session", default=None)
    c.set_defaults(func=cmd_chat)

    h = sub.add_parser("history", help="list turns with revised prompts and decisions")
    h.add_argument("session", nargs="?", default=None)
    h.add_argument("--blocked", action="store_true", help="only what was refused or withheld, and why")
    h.add_argument("--json", action="store_true")
    h.add_argument("--limit", type=int, default=200)
    h.set_defaults(func=cmd_history)

    k = sub.add_parser("check", help="run the policies on prompts; JSON lines out")
    k.add_argument("text", nargs="*", help="prompts (default: one per line on stdin)")
    k.add_argument("--policy", type=Path, default=None,
                   help="policy TOML file (default: policy_file of the limner config, else the packaged one)")
    k.set_defaults(func=cmd_check)

    s = sub.add_parser("serve", help="HTTP API (OpenAI-compatible) and web chat")
    s.add_argument("--host", default=None)
    s.add_argument("--port", type=int, default=None)
    s.add_argument("--insecure", action="store_true",
                   help="allow a non-loopback --host without an API key (only on a network that is yours alone)")
    s.add_argument("--ray", action="store_true",
                   help="run on Ray Serve: policy, rewriter and generator as deployments with their own replicas "
                        "([ray] in the config; store.url = 'postgresql://...' across nodes)")
    s.set_defaults(func=cmd_serve)

    u = sub.add_parser("users", help="users of the HTTP server and their API keys")
    u.add_argument("action", choices=["add", "remove", "list"])
    u.add_argument("name", nargs="?", default=None)
    u.set_defaults(func=cmd_users)

    v = sub.add_parser("verify", help="read an image's provenance back")
    v.add_argument("images", nargs="+")
    v.add_argument("--json", action="store_true")
    v.set_defaults(func=cmd_verify)
    return p


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")  # e.g. transformers' GGUF conversion: the CLI says what it loads
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "action", None) in ("add", "remove") and not args.name:
        parser.error(f"limner users {args.action} needs a NAME, e.g. limner users {args.action} alice")
    try:
        import warnings

        warnings.filterwarnings("ignore")  # transformers and diffusers read the environment variables above
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (LimnerError, ValueError, OSError) as e:
        if os.environ.get("LIMNER_DEBUG"):
            raise
        return _die(str(e).splitlines()[0] if str(e) else type(e).__name__)
    except Exception as e:  # noqa: BLE001 - never a traceback for the user
        if os.environ.get("LIMNER_DEBUG"):
            raise
        return _die(f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}", 1)


if __name__ == "__main__":
    sys.exit(main())
