"""Quality of the embedded toy-world model on held-out captions, judged by the toy-world checker.

    .venv/bin/python bench/toyworld_quality.py [--n 200] [--candidates 1] [--grid docs/toyworld_grid.png]

1. Held-out captions combine object, colour and position (or two objects and a relation) in ways the training
   data never contained: the share of images with every attribute right, per kind, for short captions and for
   the rewriter's long decorated captions, and the checker's own accuracy on true renders of the same captions
   (the ceiling of this metric).
2. Same seed, same scene (a refinement that keeps the seed): for two-object held-out scenes, the caption is drawn
   with seed s, then the same caption with one object's colour changed, with the same seed. Counted: the change
   applied (the recoloured object has its new colour) and the rest kept (the other object keeps its colour, and
   both objects stay within 0.1 of the picture's width of where they were). As the generator draws a refinement,
   the first ``--layout-steps`` denoising steps follow the old caption (``generator.refine_layout_share``; 0: the
   seed alone).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from limner.orchestrator.config import GeneratorConfig
from limner.orchestrator.toyworld.checker import judge, load_checker, read_images
from limner.orchestrator.toyworld.pipeline import ToyWorldPipeline
from limner.orchestrator.toyworld.world import (
    CLASH,
    COLORS,
    long_caption,
    render,
    sample_scene,
    short_caption,
)
from PIL import Image


def quality(pipe, checker, rng, n: int, candidates: int, grid: list) -> dict:
    rows = {}
    for kind, two in (("single object", 0.0), ("two objects", 1.0)):
        for style in ("short", "long"):
            scenes = [sample_scene(rng, "heldout", two_prob=two) for _ in range(n)]
            caps = [long_caption(s, rng) if style == "long" else short_caption(s, rng) for s in scenes]
            ok, facts_ok, truth_ok = [], [], []
            for i in range(0, n, 16):
                batch = caps[i:i + 16]
                gens = [torch.Generator().manual_seed(1000 + i + j) for j in range(len(batch))]
                imgs = pipe(batch, generator=gens, candidates_per_image=candidates).images
                seen = read_images(checker, imgs)
                truth = read_images(checker, [render(s, random.Random(i)) for s in scenes[i:i + 16]])
                for s, v, tv in zip(scenes[i:i + 16], seen, truth, strict=True):
                    f = judge(v, s)
                    ok.append(all(f.values()))
                    facts_ok.append(np.mean(list(f.values())))
                    truth_ok.append(all(judge(tv, s).values()))
                if i == 0 and style == "short":
                    grid.extend(imgs[:8])
            rows[f"{kind}, {style}"] = {"all_attributes": float(np.mean(ok)), "mean_fact": float(np.mean(facts_ok)),
                                        "ceiling": float(np.mean(truth_ok)), "n": n}
    return rows


def same_seed(pipe, checker, rng, n: int, layout_steps: int) -> dict:
    applied, kept = [], []
    for k in range(n):
        scene = sample_scene(rng, "heldout", two_prob=1.0)
        a, b = scene.objects
        new = rng.choice([c for c in COLORS if c not in (a.color, b.color) and c not in CLASH[scene.background]])
        cap = short_caption(scene, random.Random(k))
        words = cap.split()
        idx = next((i for i, w in enumerate(words) if w.strip(",.;:") == a.color), None)
        if idx is None:  # the caption named the colour another way: not this measurement's case
            continue
        words[idx] = words[idx].replace(a.color, new)
        cap2 = " ".join(words)
        gens = [torch.Generator().manual_seed(5000 + k)]
        im1 = pipe(cap, generator=gens).images[0]
        gens = [torch.Generator().manual_seed(5000 + k)]
        im2 = pipe(cap2, generator=gens, layout_prompt=cap, layout_steps=layout_steps).images[0]
        s1, s2 = read_images(checker, [im1, im2])
        o1, o2 = s1["objects"], s2["objects"]
        got_a = o2.get(a.shape)
        applied.append(bool(got_a) and got_a["color"] == new)
        same = a.shape in o1 and b.shape in o1 and a.shape in o2 and b.shape in o2
        if same:
            moved = max(abs(o1[s][c] - o2[s][c]) for s in (a.shape, b.shape) for c in ("cx", "cy"))
            same = moved <= 0.1 and o1[b.shape]["color"] == o2[b.shape]["color"]
        kept.append(same)
    return {"change_applied": float(np.mean(applied)), "rest_kept": float(np.mean(kept)),
            "both": float(np.mean([x and y for x, y in zip(applied, kept, strict=True)])), "n": len(applied)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--refine", type=int, default=100, help="same-seed refinements to measure (0: none)")
    p.add_argument("--candidates", type=int, default=1)
    p.add_argument("--layout-steps", type=int, default=None,
                   help="refinements: steps that follow the old caption (default: the generator's share of 20)")
    p.add_argument("--weights", type=Path, default=None, help="a pipeline folder (default: the embedded one)")
    p.add_argument("--grid", type=Path, default=None)
    p.add_argument("--seed", type=int, default=1234)
    a = p.parse_args()
    torch.manual_seed(0)
    pipe = ToyWorldPipeline.from_embedded(a.weights)
    checker = load_checker()
    rng = random.Random(a.seed)
    grid: list[Image.Image] = []
    t0 = time.time()
    rows = quality(pipe, checker, rng, a.n, a.candidates, grid)
    print(f"{'held-out captions':<26}{'all attrs':>10}{'facts':>8}{'ceiling':>9}")
    for k, r in rows.items():
        print(f"{k:<26}{r['all_attributes']:>10.3f}{r['mean_fact']:>8.3f}{r['ceiling']:>9.3f}")
    if a.refine:
        layout = a.layout_steps if a.layout_steps is not None else round(20 * GeneratorConfig().refine_layout_share)
        r = same_seed(pipe, checker, random.Random(a.seed + 1), a.refine, layout)  # the same scenes whatever --n
        rows["same seed refinement"] = r
        print(f"same seed, one colour changed, {layout} of 20 steps on the old caption (n={r['n']}): "
              f"change applied {r['change_applied']:.3f}, "
              f"rest kept {r['rest_kept']:.3f}, both {r['both']:.3f}")
    print(f"candidates per image: {a.candidates}; {time.time() - t0:.0f}s on {torch.get_num_threads()} threads")
    print(json.dumps(rows))
    if a.grid:
        g = Image.new("RGB", (64 * 8, 64 * 2))
        for i, im in enumerate(grid[:16]):
            g.paste(im.resize((64, 64)), ((i % 8) * 64, (i // 8) * 64))
        a.grid.parent.mkdir(parents=True, exist_ok=True)
        g.resize((1024, 256), Image.Resampling.NEAREST).save(a.grid)


if __name__ == "__main__":
    main()
