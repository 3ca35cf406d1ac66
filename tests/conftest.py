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
os.environ["XDG_CONFIG_HOME"] = "/nonexistent-limner-test-config"  # a user's own config never leaks into tests

from limner.orchestrator import Orchestrator, load_config  # noqa: E402

FAST = {"generator": {"steps_standard": 6, "steps_hd": 8, "candidates_per_image": 1}}


@pytest.fixture(scope="session")
def policy_engine():
    """The real policy engine with the packaged classifier and lists, loaded once for the whole run."""
    from limner.policies import PolicyEngine

    return PolicyEngine()


@pytest.fixture(scope="session")
def rule_components(policy_engine):
    """The real policy engine, the rule rewriter (no language model), the generator (loaded when first used) and
    the image classifier: everything a dry run or a policy test needs, quickly."""
    from limner.orchestrator.generator import DiffusersGenerator
    from limner.orchestrator.image_safety import OpenNSFW
    from limner.orchestrator.rewriter import RuleRewriter

    cfg = load_config(None, **FAST)
    return {"policy": policy_engine, "rewriter": RuleRewriter(cfg.rewriter),
            "generator": DiffusersGenerator(cfg.generator), "image_safety": OpenNSFW()}


@pytest.fixture(scope="session")
def components(policy_engine):
    """The real policy engine, rewriter, generator and image classifier, loaded once."""
    from limner.orchestrator.generator import DiffusersGenerator
    from limner.orchestrator.image_safety import OpenNSFW
    from limner.orchestrator.rewriter import LLMRewriter

    cfg = load_config(None, **FAST)
    rewriter = LLMRewriter.from_config(cfg.rewriter)
    rewriter.ensure_loaded()  # loaded once here, not by whichever test (or copy of it) asks first
    return {
        "policy": policy_engine,
        "rewriter": rewriter,
        "generator": DiffusersGenerator(cfg.generator),
        "image_safety": OpenNSFW(),
    }


SLOW_FIXTURES = {"components", "orch", "server"}  # the packaged language model, or images generated


def pytest_collection_modifyitems(config, items):
    """'slow': a test that loads the packaged language model or generates images (by the fixtures it uses, or
    marked by hand); 'make test-fast' leaves these and the browser tests out."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


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


class PostgresServer:
    """A real PostgreSQL server of the Debian ``postgresql`` package (installed by ``.ci/postgres-deps``), in a
    throw-away cluster on a loopback port; one database per test."""

    def __init__(self) -> None:
        import glob
        import shutil
        import subprocess
        import tempfile

        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True) or [shutil.which("initdb")]
        if not bins[0]:
            pytest.skip("PostgreSQL is not installed (bash .ci/postgres-deps installs it): PostgreSQL store "
                        "tests skipped")
        self.bin = Path(bins[0]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="limner-pg-"))
        # initdb refuses to run as root: the cluster then belongs to the package's 'postgres' user
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self._run = lambda *cmd: subprocess.run([*self.as_user, *cmd], check=True, capture_output=True, text=True)
        self._run(str(self.bin / "initdb"), "-D", str(self.dir / "data"), "-A", "trust", "-U", "limner",
                  "--no-sync", "-E", "UTF8")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                  "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        self.n = 0

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        self.n += 1
        name = f"t{os.getpid()}_{self.n}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=limner dbname=postgres",
                             autocommit=True) as c:
            c.execute(f"CREATE DATABASE {name}")
        return f"postgresql://limner@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        import shutil

        self._run(str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """The history store under test: a SQLite file, then a real PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "h.db")
    return request.getfixturevalue("postgres").new_database()
