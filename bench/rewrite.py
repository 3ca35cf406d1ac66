"""Speed of the default rewriter on this machine: tokens/s and seconds per turn for N=1 and N=4.

    .venv/bin/python bench/rewrite.py [--prompts 4] [--backend auto|llamacpp|transformers]

Every call to the chat model is timed and its output tokens counted (the server's count for llama.cpp, the
model's tokenizer for transformers); a "turn" is one ``rewrite()`` call (constrained generation, checks, a
retry when the checks fail, the fallback). Run it once per backend to compare them on one machine.
"""

import argparse
import statistics
import time

from limner.orchestrator.config import LimnerConfig
from limner.orchestrator.rewriter import LLMRewriter

PROMPTS = ["a cat astronaut", "a red house below a yellow sun on green grass", "two dogs playing chess in a park",
           "a lighthouse on a cliff during a storm", "three green apples in a wooden bowl",
           "a robot reading a newspaper in a cafe"]


class Timed:
    """Wraps the chat model: records (seconds, output tokens) of every call."""

    def __init__(self, chat, tokenizer, calls: list) -> None:
        self.chat, self.tokenizer, self.calls = chat, tokenizer, calls

    def invoke(self, messages, **kw):
        t = time.perf_counter()
        reply = self.chat.invoke(messages, **kw)
        usage = (getattr(reply, "response_metadata", None) or {}).get("token_usage") or {}
        tokens = usage.get("completion_tokens") or len(self.tokenizer(reply.content).input_ids)
        self.calls.append((time.perf_counter() - t, tokens))
        return reply


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--prompts", type=int, default=4)
    p.add_argument("--backend", choices=["auto", "llamacpp", "transformers"], default="auto")
    a = p.parse_args()
    cfg = LimnerConfig()
    t0 = time.perf_counter()
    rw = LLMRewriter.from_config(cfg.rewriter.model_copy(update={"backend": a.backend}), cache_dir=cfg.home / "cache")
    rw.ensure_loaded()
    load = time.perf_counter() - t0
    calls: list[tuple[float, int]] = []
    rw.chat = Timed(rw.chat, rw.hf_tokenizer, calls)
    rw.rewrite("warm up", 1)
    print(f"model {rw.name} ({'llama.cpp' if rw._llama is not None else 'transformers'}); load {load:.1f} s")
    print(f"{'N':>3}{'turns':>7}{'s/turn p50':>12}{'s/turn max':>12}{'calls/turn':>12}{'tok/call':>10}{'tok/s':>8}"
          f"{'fallback':>10}")
    for n in (1, 4):
        calls.clear()
        walls, fallbacks = [], 0
        for text in PROMPTS[: a.prompts]:
            t = time.perf_counter()
            r = rw.rewrite(text, n)
            walls.append(time.perf_counter() - t)
            fallbacks += sum(c.source == "fallback" for c in r.captions)
        toks = sum(k for _, k in calls)
        secs = sum(s for s, _ in calls)
        print(f"{n:>3}{len(walls):>7}{statistics.median(walls):>12.2f}{max(walls):>12.2f}"
              f"{len(calls) / len(walls):>12.1f}{toks / len(calls):>10.0f}{toks / secs:>8.1f}"
              f"{fallbacks / (n * len(walls)):>10.0%}")


if __name__ == "__main__":
    main()
