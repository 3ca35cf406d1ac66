"""Random text, bytes and options through session.send and the CLI: never a crash, never a corrupt database."""

import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from limner.orchestrator import InvalidRequest, TurnStatus
from limner.orchestrator.cli import EXIT_CODES

options = st.fixed_dictionaries({}, optional={
    "n": st.integers(-3, 12), "size": st.sampled_from(["1024x1024", "64x64", "0x0", "abc", "1792x1024", ""]),
    "quality": st.sampled_from(["standard", "hd", "best", ""]), "style": st.sampled_from(["vivid", "natural", "x"]),
    "seed": st.one_of(st.none(), st.integers(-5, 2**33)),
})


@settings(max_examples=24, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.one_of(st.text(max_size=300), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))),
       opts=options)
def test_send_never_crashes(orch, text, opts):
    s = orch.session()
    try:
        r = s.send(text, dry_run=True, **opts)
        assert r.status in (TurnStatus.dry_run, TurnStatus.refused)
    except InvalidRequest as e:
        assert str(e)
    assert orch.store.integrity_ok()


@pytest.fixture(scope="module")
def cli_home(tmp_path_factory):
    """One LIMNER_HOME for the CLI runs, as a user has: the language model is converted into its cache once."""
    return tmp_path_factory.mktemp("h")


@pytest.mark.slow  # an allowed text makes the CLI load the language model (a few seconds a run)
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(min_size=0, max_size=60).filter(lambda t: "\x00" not in t and not t.startswith("-")),
       llm=st.booleans())
def test_cli_never_tracebacks(cli_home, text, llm):
    # half the runs with the packaged language model, half with none (template captions and rule edits)
    env = {**os.environ, "LIMNER_HOME": str(cli_home), **({} if llm else {"LIMNER_REWRITER__MODEL": "none"})}
    p = subprocess.run([sys.executable, "-m", "limner.orchestrator.cli", "generate", text or " ", "--dry-run", "--json"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert "Traceback" not in p.stderr
    # a dry run (0), a usage error (2) or a refusal (3: random text can spell a risk word, "/g0re"); never 1
    assert p.returncode in (0, 2, EXIT_CODES["refused"]), p.stderr[-500:]
