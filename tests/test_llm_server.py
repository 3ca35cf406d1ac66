"""Bring your own LLM: the rewriter against a real OpenAI-compatible server on loopback (llama.cpp's server from
the ``xllamacpp`` wheel, serving the packaged SmolLM2 GGUF), and against servers that are down, hang or answer
garbage."""

from __future__ import annotations

import http.server
import socket
import threading
import time

import pytest
from limner.orchestrator.config import RewriterConfig
from limner.orchestrator.rewriter import LLMRewriter


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server():
    import xllamacpp as xlc
    from limner.policies.packaged import smollm2_gguf

    folder, gguf = smollm2_gguf()
    p = xlc.CommonParams()
    p.model.path = str(folder / gguf)
    p.model_alias = "smollm2"
    p.n_ctx = 4096
    p.cpuparams.n_threads = 1
    p.hostnames = ["127.0.0.1"]
    p.port = free_port()
    server = xlc.Server(p)
    yield f"http://127.0.0.1:{p.port}/v1"
    del server


@pytest.mark.slow
def test_the_rewriter_uses_a_real_openai_compatible_server(llama_server):
    rw = LLMRewriter.from_config(RewriterConfig(model="smollm2", endpoint=llama_server, timeout_s=60))
    assert not rw.loaded  # nothing is contacted until a caption is needed
    r = rw.rewrite("a red ball on a wooden table", 2)
    assert not any("rewriter error" in n for n in r.notes), r.notes
    assert len(r.captions) == 2
    for c in r.captions:  # written by the server's model, or the fallback after it failed the checks: never raw
        assert "red ball" in c.text.lower() and "wooden table" in c.text.lower()
        assert c.source in ("llm", "fallback")


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the http.server API
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b"<html>this is not an API</html>"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Hang(_Garbage):
    def do_POST(self):  # noqa: N802
        time.sleep(30)


@pytest.mark.parametrize("handler,kind", [(None, "down"), (_Garbage, "garbage"), (_Hang, "hangs")])
def test_a_server_that_is_down_hangs_or_answers_garbage_gives_a_clear_note_and_the_fallback(handler, kind):
    port = free_port()
    httpd = None
    if handler is not None:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    rw = LLMRewriter.from_config(RewriterConfig(model="m", endpoint=f"http://127.0.0.1:{port}/v1", timeout_s=2,
                                                retries=1))
    done: list = []
    t = threading.Thread(target=lambda: done.append(rw.rewrite("a red ball on a wooden table", 1)), daemon=True)
    t.start()
    t.join(30)  # two tries of at most timeout_s each, with room for a loaded machine
    assert done, f"the rewrite did not finish when the server {kind}"
    r = done[0]
    assert r.fallback_used and r.captions[0].source == "fallback" and "red ball" in r.captions[0].text.lower()
    errors = [n for n in r.notes if n.startswith("rewriter error (m at http://127.0.0.1")]
    assert errors, r.notes
    if kind == "down":
        assert "Connection" in errors[0] and len(errors) == 1  # not retried: it stays down for this turn
    if httpd is not None:
        httpd.shutdown()
