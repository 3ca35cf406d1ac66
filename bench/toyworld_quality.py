"""Quality of the embedded toy-world model on held-out captions, judged by the toy-world checker.

    .venv/bin/python bench/toyworld_quality.py [--n 200] [--candidates 1] [--grid docs/toyworld_grid.png]

Held-out captions combine object, colour and position (or two objects and a relation) in ways the
training data never contained. Prints the share of images with every attribute right, per kind, and the
checker's own accuracy on true renders of the same captions (the ceiling of this metric).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from orchestrator.toyworld.checker import judge, load_checker, read_images
from orchestrator.toyworld.pipeline import ToyWorldPipeline
from orchestrator.toyworld.world import caption, long_caption, render, sample_scene


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--candidates", type=int, default=1)
    p.add_argument("--long", action="store_true", help="only long, rewriter-style captions")
    p.add_argument("--grid", type=Path, default=None)
    p.add_argument("--seed", type=int, default=1234)
    a = p.parse_args()
    torch.manual_seed(0)
    pipe = ToyWorldPipeline.from_embedded()
    checker = load_checker()
    rng = random.Random(a.seed)
    rows = {}
    grid: list[Image.Image] = []
    t0 = time.time()
    for kind, two in (("single object", 0.0), ("two objects", 1.0)):
        scenes = [sample_scene(rng, "heldout", two_prob=two) for _ in range(a.n)]
        caps = [long_caption(s, rng) if a.long else caption(s, rng) for s in scenes]
        ok, facts_ok, truth_ok = [], [], []
        for i in range(0, a.n, 16):
            batch = caps[i:i + 16]
            gens = [torch.Generator().manual_seed(1000 + i + j) for j in range(len(batch))]
            imgs = pipe(batch, generator=gens, candidates_per_image=a.candidates).images
            seen = read_images(checker, imgs)
            truth = read_images(checker, [render(s, random.Random(i)) for s in scenes[i:i + 16]])
            for s, v, tv in zip(scenes[i:i + 16], seen, truth, strict=True):
                f = judge(v, s)
                ok.append(all(f.values()))
                facts_ok.append(np.mean(list(f.values())))
                truth_ok.append(all(judge(tv, s).values()))
            if i == 0:
                grid.extend(imgs[:8])
        rows[kind] = {"all_attributes": float(np.mean(ok)), "mean_fact_accuracy": float(np.mean(facts_ok)),
                      "checker_on_true_renders": float(np.mean(truth_ok)), "n": a.n}
    print(f"{'kind':<16}{'all attrs':>10}{'facts':>8}{'ceiling':>9}")
    for k, r in rows.items():
        print(f"{k:<16}{r['all_attributes']:>10.3f}{r['mean_fact_accuracy']:>8.3f}{r['checker_on_true_renders']:>9.3f}")
    print(f"candidates per image: {a.candidates}; {time.time() - t0:.0f}s on {torch.get_num_threads()} threads")
    print(json.dumps(rows))
    if a.grid:
        g = Image.new("RGB", (64 * 8, 64 * 2))
        for i, im in enumerate(grid[:16]):
            g.paste(im, ((i % 8) * 64, (i // 8) * 64))
        a.grid.parent.mkdir(parents=True, exist_ok=True)
        g.resize((1024, 256), Image.Resampling.NEAREST).save(a.grid)


if __name__ == "__main__":
    main()
