"""Policy engine speed: p50/p99 of one check with all policies on, batched throughput through
`limner check`, and peak RSS of the loaded engine.

    .venv/bin/python bench/policy_speed.py [--n 300] [--lines 10000] [--policy FILE] [--data ../shared/data]
"""

import argparse
import csv
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from limner.policies import PolicyEngine


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--n", type=int, default=500, help="prompts for the single-check latency")
    p.add_argument("--policy", type=Path, default=None, help="a policy file (e.g. one with unsafe.precision)")
    p.add_argument("--lines", type=int, default=10000, help="prompts piped through `limner check`")
    a = p.parse_args()
    prompts = [r["prompt"] for r in csv.DictReader(open(a.data / "benign_prompts/coco_captions_5k.csv"))][: a.n]
    t0 = time.perf_counter()
    eng = PolicyEngine.from_file(a.policy)
    eng.decide("warm up")
    load = time.perf_counter() - t0
    lat = []
    for t in prompts:
        s = time.perf_counter()
        eng.decide(t)
        lat.append((time.perf_counter() - s) * 1000)
    lat.sort()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"classifier precision {eng.unsafe.classifier.dtype if eng.unsafe.classifier else None}")
    print(f"engine load {load:.1f}s; single check p50 {statistics.median(lat):.2f} ms, "
          f"p99 {lat[int(0.99 * len(lat)) - 1]:.2f} ms (n={len(lat)}); peak RSS {rss:.0f} MB")
    every = [r["prompt"] for r in csv.DictReader(open(a.data / "benign_prompts/coco_captions_5k.csv"))]
    lines = (every * (a.lines // len(every) + 1))[: a.lines]

    def run(text: str) -> float:
        s = time.perf_counter()
        cmd = [sys.executable, "-m", "limner.orchestrator.cli", "check"] + (["--policy", str(a.policy)] if a.policy else [])
        out = subprocess.run(cmd, input=text, capture_output=True,
                             text=True)
        assert out.returncode == 0 and out.stdout.count("\n") == text.count("\n"), out.stderr[-500:]
        return time.perf_counter() - s

    start = min(run(lines[0] + "\n") for _ in range(2))
    dt = run("\n".join(lines) + "\n")
    n = len(lines)
    print(f"limner check: start-up and one prompt {start:.1f}s; {n} prompts in {dt:.1f}s = {n / dt:.0f} prompts/s "
          f"including start-up, {n / (dt - start):.0f} prompts/s after it")


if __name__ == "__main__":
    main()
