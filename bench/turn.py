"""Time of each stage of a default turn, and the orchestration overhead as a share of the turn.

    .venv/bin/python bench/turn.py [--turns 3]

Overhead = everything except the LLM rewrite and diffusion (policies, image safety, saving with provenance,
recording): the turn's wall time minus the rewrite and generate stages.
"""

import argparse
import statistics
import tempfile
import time

from limner.orchestrator import Orchestrator


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--turns", type=int, default=3)
    p.add_argument("-n", type=int, default=1)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as home:
        orch = Orchestrator.from_config(None, home=home)
        s = orch.session()
        s.send("warm up: a blue circle", dry_run=True)
        rows = []
        for i in range(a.turns):
            t0 = time.perf_counter()
            r = s.send(["a red house below a yellow sun on green grass", "make the house blue",
                        "three pink stars on a black night sky"][i % 3], n=a.n, seed=i)
            wall = time.perf_counter() - t0
            rows.append((wall, r.timings))
        stages = list(rows[0][1])
        print(f"{'stage':<16}{'median s':>10}")
        for st in stages:
            print(f"{st:<16}{statistics.median(t[st] for _, t in rows):>10.3f}")
        walls = [w for w, _ in rows]
        over = [w - t.get("rewrite", 0) - t.get("generate", 0) for w, t in rows]
        print(f"{'turn (wall)':<16}{statistics.median(walls):>10.3f}")
        print(f"{'overhead':<16}{statistics.median(over):>10.3f}  "
              f"({100 * statistics.median(o / w for o, w in zip(over, walls, strict=True)):.1f} % of the turn)")


if __name__ == "__main__":
    main()
