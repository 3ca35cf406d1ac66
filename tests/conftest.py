"""Shared fixtures: real components, loaded once per test session; a fresh LIMNER_HOME per orchestrator."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from orchestrator import Orchestrator, load_config  # noqa: E402

FAST = {"generator": {"steps_standard": 6, "steps_hd": 8, "candidates_per_image": 1}}


@pytest.fixture(scope="session")
def components():
    """The real policy engine, rewriter, generator and image classifier, loaded once."""
    from orchestrator.generator import DiffusersGenerator
    from orchestrator.image_safety import OpenNSFW
    from orchestrator.rewriter import LLMRewriter
    from policies import PolicyEngine

    cfg = load_config(None, **FAST)
    return {
        "policy": PolicyEngine(),
        "rewriter": LLMRewriter.from_config(cfg.rewriter),
        "generator": DiffusersGenerator(cfg.generator),
        "image_safety": OpenNSFW(),
    }


def make_orch(home: Path, components: dict, **overrides) -> Orchestrator:
    data = {**FAST, **overrides}
    cfg = load_config(None, home=home, **data)
    return Orchestrator(cfg, **components)


@pytest.fixture
def orch(tmp_path, components):
    o = make_orch(tmp_path / "home", components)
    yield o
    o.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    def __init__(self, app, port: int) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 30
        while not self.server.started:
            if time.time() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
