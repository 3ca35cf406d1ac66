"""Limner on a real local Ray instance: the policy engine, rewriter and generator as Ray Serve deployments behind
the same OpenAI-compatible API, PostgreSQL as the shared store."""

import concurrent.futures as cf
from types import SimpleNamespace

import httpx
import openai
import pytest
from limner.orchestrator import load_config

from . import test_http as api
from .conftest import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def on_ray(tmp_path_factory, postgres):
    import ray
    from limner.orchestrator import ray_serve
    from ray import serve

    url = postgres.new_database()
    cfg = load_config(None, home=tmp_path_factory.mktemp("ray-home"), store={"url": url},
                      server={"concurrency": 4, "queue_size": 8},
                      generator={"steps_standard": 6, "candidates_per_image": 1},
                      ray={"generator": {"max_batch_size": 4, "batch_wait_s": 0.5}})
    ray_serve.init_ray(cfg, num_cpus=4)
    try:
        base = ray_serve.start(cfg, "127.0.0.1", free_port())
        yield base, cfg
    finally:
        serve.shutdown()
        ray.shutdown()


def test_the_openai_api_on_ray_serve_generates_refuses_and_keeps_sessions(on_ray):
    base, cfg = on_ray
    client = openai.OpenAI(base_url=base + "/v1", api_key="unused", timeout=300)
    r = client.images.generate(prompt="a red ball on a wooden table", size="256x256", n=1)
    assert r.data[0].url and "red ball" in r.data[0].revised_prompt.lower()
    assert httpx.get(r.data[0].url).content[:4] == b"\x89PNG"
    with pytest.raises(openai.BadRequestError) as refused:
        client.images.generate(prompt="a naked child on a beach", size="256x256")
    assert refused.value.body["code"] == "content_policy_violation"
    sid = httpx.post(base + "/v1/sessions").json()["id"]
    first = httpx.post(f"{base}/v1/sessions/{sid}/turns", json={"text": "a red ball on a table", "size": "256x256"},
                       timeout=300)
    assert first.status_code == 200 and first.json()["status"] == "ok", first.text
    blue = httpx.post(f"{base}/v1/sessions/{sid}/turns", json={"text": "make the ball blue", "size": "256x256"},
                      timeout=300).json()
    assert "blue ball" in blue["revised_prompts"][0].lower()
    assert blue["images"][0]["seed"] == first.json()["images"][0]["seed"]  # a refinement keeps the picture's seed
    # the history is in PostgreSQL, where any other server or replica reads it
    from limner.orchestrator.store import Store

    store = Store(cfg.store.url)
    assert [t["user_text"] for t in store.turns(sid)] == ["a red ball on a table", "make the ball blue"]
    assert store.problems() == []
    store.close()


def test_concurrent_turns_are_batched_into_fewer_generator_calls(on_ray):
    from ray import serve

    base, _ = on_ray
    gen = serve.get_deployment_handle("GeneratorService", app_name="limner")
    before = gen.pipeline_calls.remote().result()
    prompts = ["a red ball", "a blue cube on green grass", "a yellow star", "a green apple on a table"]
    sids = [httpx.post(base + "/v1/sessions").json()["id"] for _ in prompts]

    def turn(i: int) -> httpx.Response:  # verbatim: no rewriting, so the four reach the generator together
        return httpx.post(f"{base}/v1/sessions/{sids[i]}/turns", timeout=300,
                          json={"text": prompts[i], "size": "256x256", "verbatim": True})

    with cf.ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(turn, range(4)))
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert [a.json()["status"] for a in answers] == ["ok"] * 4
    calls = gen.pipeline_calls.remote().result() - before
    assert 1 <= calls < 4  # four turns' images in fewer pipeline calls (@serve.batch)


@pytest.mark.parametrize("api_test", [api.test_openai_client_success_refusal_and_bad_request,
                                      api.test_malformed_json_and_body_limit_and_openapi,
                                      api.test_conversation_with_sse_progress], ids=lambda t: t.__name__[5:])
def test_the_http_api_tests_pass_against_the_ray_deployment(on_ray, api_test):
    """The API tests of tests/test_http.py, unchanged, against the Ray Serve deployment (packaged language model
    in the rewriter deployment)."""
    api_test(SimpleNamespace(url=on_ray[0]))
