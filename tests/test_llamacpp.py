"""The packaged GGUF run by llama.cpp in a child process (``orchestrator/llamacpp.py``): the default backend."""

from __future__ import annotations

import time

import pytest
from limner.orchestrator.config import RewriterConfig
from limner.orchestrator.faithfulness import check
from limner.orchestrator.llamacpp import LlamaCppServer, _child_env
from limner.orchestrator.rewriter import LLMRewriter
from limner.orchestrator.types import LimnerError


def test_the_llama_cpp_process_spins_briefly_unless_the_user_says_otherwise(monkeypatch):
    """Found running beside a training job: with OpenMP's default spin, a token took 1.9 s instead of 18 ms."""
    monkeypatch.delenv("GOMP_SPINCOUNT", raising=False)
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    env = _child_env("k")
    assert env["GOMP_SPINCOUNT"] == "1000" and env["LIMNER_LLAMACPP_KEY"] == "k"
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")
    assert "GOMP_SPINCOUNT" not in _child_env("k")
    monkeypatch.setenv("GOMP_SPINCOUNT", "50")
    assert _child_env("k")["GOMP_SPINCOUNT"] == "50"


@pytest.mark.slow
def test_the_packaged_model_runs_in_llama_cpp_and_the_prompt_state_is_saved_once(tmp_path):
    cfg = RewriterConfig(threads=1)
    rw = LLMRewriter.from_config(cfg, cache_dir=tmp_path)
    assert not rw.loaded  # nothing starts before a caption is needed
    req = "a green apple on a wooden table"
    first = rw.rewrite(req, 2)
    server = rw._llama
    assert isinstance(server, LlamaCppServer) and server._proc.poll() is None
    assert not any("rewriter error" in n for n in first.notes), first.notes
    for c in first.captions:
        assert c.source in ("llm", "fallback") and "a green apple on a wooden table" in c.text
        assert check(req, c.text).ok
    saved = sorted(p.name for p in (tmp_path / "llm").glob("prefix-*.bin"))
    assert len(saved) == 1  # the few-shot prompt's state, evaluated once

    # a second rewriter (as in the next process) restores that state and writes the same captions
    again = LLMRewriter.from_config(cfg, cache_dir=tmp_path)
    assert [c.text for c in again.rewrite(req, 2).captions] == [c.text for c in first.captions]
    assert sorted(p.name for p in (tmp_path / "llm").glob("prefix-*.bin")) == saved

    # the child process ends with its server
    proc = server._proc
    server.close()
    assert proc.wait(timeout=10) is not None
    again._llama.close()


@pytest.mark.slow
def test_a_file_llama_cpp_cannot_load_is_a_clear_error_not_a_hang(tmp_path):
    (tmp_path / "broken.gguf").write_bytes(b"GGUF" + b"\0" * 64)
    rw = LLMRewriter.from_config(RewriterConfig(model=str(tmp_path), gguf_file="broken.gguf", backend="llamacpp"),
                                 cache_dir=tmp_path / "cache")
    t0 = time.monotonic()
    with pytest.raises(LimnerError, match="llama.cpp cannot serve .*broken.gguf"):
        rw.rewrite("a red ball", 1)
    assert time.monotonic() - t0 < 60


@pytest.mark.slow
def test_the_llama_cpp_backend_needs_a_gguf_file():
    with pytest.raises(LimnerError, match="rewriter.gguf_file"):
        LLMRewriter.from_config(RewriterConfig(model="HuggingFaceTB/SmolLM2-135M-Instruct", backend="llamacpp"))


@pytest.mark.slow
def test_the_transformers_backend_still_writes_checked_captions(tmp_path):
    rw = LLMRewriter.from_config(RewriterConfig(backend="transformers"), cache_dir=tmp_path)
    req = "a lighthouse at dusk"
    r = rw.rewrite(req, 1)
    assert rw._llama is None and rw.hf_tokenizer is not None  # transformers + xgrammar
    assert len(r.captions) == 1 and check(req, r.captions[0].text).ok
    assert "a lighthouse at dusk" in r.captions[0].text
