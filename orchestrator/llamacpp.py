"""A local GGUF file (the packaged SmolLM2 by default) run by llama.cpp beside this process.

A child process (``llamacpp_child.py``, run as a script so that it imports nothing of limner or torch) starts
llama.cpp's own server (``xllamacpp``), bound to a free loopback port and guarded by a random key that only this
process knows, and ends when this process does (its stdin closes). It is a process of its own because llama.cpp
and torch share the OpenMP runtime in one process, and once torch's classifiers have run, llama.cpp decodes at
half speed. The rewriter talks to it like to any OpenAI-compatible endpoint (LangChain's ``ChatOpenAI``, the
JSON schema as ``response_format``, which llama.cpp turns into a grammar). Against de-quantised weights in
transformers this decodes about three times faster on a CPU and loads in a fraction of a second, straight from
the GGUF file (``bench/rewrite.py --backend``).

The few-shot prompt in front of every request is long (about 1,100 tokens) and fixed. It is evaluated once,
its state (the KV cache) saved under ``LIMNER_HOME/cache/llm/`` keyed by the model file's and the prompt's
hash, and restored before every request; only the request's own tokens are evaluated. Restoring every time
also makes a request's answer depend on nothing but the request and the seed: the same request gives the
same captions in this process and the next.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .types import LimnerError


def available() -> bool:
    """Is ``xllamacpp`` installed (it is imported only by the child process)?"""
    return importlib.util.find_spec("xllamacpp") is not None


class LlamaCppServer:
    """llama.cpp serving one GGUF file on ``127.0.0.1:<free port>`` in a child process; one request at a time
    (the rewriter sends them one at a time)."""

    def __init__(self, gguf: Path, *, threads: int, state_dir: Path, n_ctx: int = 4096,
                 model_digest: str = "", start_timeout_s: float = 120.0) -> None:
        self.gguf = gguf
        self.state_dir = state_dir
        self.model_digest = model_digest or f"{gguf.name}-{gguf.stat().st_size}-{gguf.stat().st_mtime_ns}"
        state_dir.mkdir(parents=True, exist_ok=True)
        self.key = secrets.token_hex(24)
        self.start_timeout_s = start_timeout_s
        port = _free_port()
        settings = {"gguf": str(gguf), "threads": threads, "n_ctx": n_ctx, "state_dir": str(state_dir), "port": port}
        self._proc = subprocess.Popen(
            [sys.executable, "-I", str(Path(__file__).with_name("llamacpp_child.py")), json.dumps(settings)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env=_child_env(self.key))
        self.root = f"http://127.0.0.1:{port}"
        self.base_url = self.root + "/v1"
        self._ready = False  # the model loads while this process goes on; ``wait_ready`` before the first request

    def wait_ready(self) -> None:
        if self._ready:
            return
        if self._proc is None:
            raise LimnerError(f"the llama.cpp process for {self.gguf.name} was closed")
        line = _read_line(self._proc, self.start_timeout_s)
        if not line.startswith("LISTENING "):
            self.close()
            raise LimnerError(f"llama.cpp cannot serve {self.gguf}: "
                              f"{line.removeprefix('ERROR ').strip() or 'it exited'}")
        self._ready = True

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.stdin.close()  # type: ignore[union-attr] - the child's signal to stop
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()

    def __del__(self) -> None:
        if getattr(self, "_proc", None) is not None:
            self.close()

    # ------------------------------------------------------------------ the fixed prompt's saved state
    def start_from(self, prefix: list[dict[str, str]]) -> None:
        """Put the server's state at the end of ``prefix`` (the system prompt and the examples): evaluated
        and saved the first time, restored from the saved file afterwards."""
        self.wait_ready()
        digest = hashlib.sha256(json.dumps([self.model_digest, prefix]).encode()).hexdigest()[:24]
        name = f"prefix-{digest}.bin"
        if not (self.state_dir / name).exists():
            text = self._prefix_text(prefix)
            self._post("/completion", {"prompt": text, "n_predict": 0, "cache_prompt": True})
            tmp = f"{name}.tmp{os.getpid()}"
            self._post("/slots/0?action=save", {"filename": tmp})
            os.replace(self.state_dir / tmp, self.state_dir / name)
        self._post("/slots/0?action=restore", {"filename": name})

    def _prefix_text(self, prefix: list[dict[str, str]]) -> str:
        """The chat template's text of ``prefix`` followed by the opening of a user message: the part every
        request shares."""
        mark = "\u2063MARK\u2063"
        full = self._post("/apply-template", {"messages": [*prefix, {"role": "user", "content": mark}]})["prompt"]
        return full[: full.index(mark)]

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        req = urllib.request.Request(self.root + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {self.key}",
                                              "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                return json.loads(r.read())
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise LimnerError(f"llama.cpp ({self.gguf.name}) failed at {path.split('?')[0]}: {e}") from None

    def chat_model(self, model: str, *, timeout_s: float, temperature: float, max_tokens: int) -> Any:
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(model=model, base_url=self.base_url, api_key=self.key, timeout=timeout_s, max_retries=0,
                          temperature=temperature, max_completion_tokens=max_tokens)


def _child_env(key: str) -> dict[str, str]:
    """The child's environment: its key, and a short OpenMP spin. llama.cpp's threads wait for each other at
    every layer; by default they spin for a long while, and when another process holds one of the cores (a
    second Limner, a training job, the image model of the same turn) a thread spins while the one it waits
    for cannot run: on a 2-core machine a token took 1.9 s instead of 18 ms. With 1,000 spins before sleeping:
    20 ms idle, 45 ms beside a busy core. A ``GOMP_SPINCOUNT`` or ``OMP_WAIT_POLICY`` of the user's wins."""
    env = {**os.environ, "LIMNER_LLAMACPP_KEY": key}
    if "OMP_WAIT_POLICY" not in env:
        env.setdefault("GOMP_SPINCOUNT", "1000")
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _read_line(proc: subprocess.Popen, timeout_s: float) -> str:
    """The child's first line ('LISTENING <url>' or 'ERROR <why>'), or why there is none."""
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout_s)
    if not got:
        proc.kill()
        return f"ERROR no answer from the llama.cpp process in {timeout_s:.0f} s"
    return got[0]
