"""The automatic judge of the toy world: which of a caption's facts does an image satisfy?

It is the quality metric of the embedded model and, in the generator, a reranker: asked for more candidates
than images, the pipeline keeps the candidates that satisfy the most facts (as DALL-E 1 reranked with CLIP).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .model import WEIGHTS_DIR, ToyChecker
from .world import BACKGROUNDS, COLORS, SHAPES, Scene

_COLOR_NAMES = list(COLORS)


def scene_labels(scene: Scene) -> dict[str, np.ndarray]:
    """Training targets for the checker from what the renderer placed."""
    n = len(SHAPES)
    count = np.zeros(n, np.int64)
    color = np.full(n, -100, np.int64)  # -100: ignored by cross-entropy
    center = np.zeros((n, 2), np.float32)
    for shape, col, cx, cy, _r in scene.placed:
        i = SHAPES.index(shape)
        count[i] += 1
        color[i] = _COLOR_NAMES.index(col)
        center[i] += (cx, cy)
    for i in range(n):
        if count[i]:
            center[i] /= count[i]
    return {"count": count, "color": color, "center": center,
            "background": np.int64(BACKGROUNDS.index(scene.background))}


def to_tensor(images: list[Image.Image]) -> torch.Tensor:
    arr = np.stack([np.asarray(im.convert("RGB").resize((64, 64), Image.Resampling.BOX)) for im in images])
    return torch.from_numpy(arr).permute(0, 3, 1, 2).float() / 127.5 - 1.0


def load_checker(path: str | Path | None = None) -> ToyChecker:
    from safetensors.torch import load_file

    path = Path(path) if path else WEIGHTS_DIR / "checker.safetensors"
    if not path.exists():
        raise FileNotFoundError(f"toy-world checker weights not found: {path}")
    net = ToyChecker()
    net.load_state_dict({k: v.float() for k, v in load_file(str(path)).items()})
    return net.eval()


@torch.no_grad()
def read_images(net: ToyChecker, images: list[Image.Image]) -> list[dict]:
    """What the checker sees in each image: counts, colours and centres per shape, and the background."""
    out = net(to_tensor(images))
    counts = out["count"].argmax(-1)
    colors = out["color"].argmax(-1)
    res = []
    for b in range(len(images)):
        objs = {}
        for i, s in enumerate(SHAPES):
            c = int(counts[b, i])
            if c:
                cx, cy = (float(v) for v in out["center"][b, i])
                objs[s] = {"count": c, "color": _COLOR_NAMES[int(colors[b, i])], "cx": cx, "cy": cy}
        res.append({"objects": objs, "background": BACKGROUNDS[int(out["background"][b].argmax())]})
    return res


def judge(seen: dict, scene: Scene) -> dict[str, bool]:
    """Each fact of the caption (``scene``) and whether the image (as ``seen`` by the checker) satisfies it."""
    facts: dict[str, bool] = {}
    objs = seen["objects"]
    for o in scene.objects:
        got = objs.get(o.shape)
        facts[f"{o.shape}:present"] = got is not None
        if o.color != "?":
            facts[f"{o.shape}:color"] = got is not None and got["color"] == o.color
    if scene.relation:
        a, b = (objs.get(o.shape) for o in scene.objects)
        ok = False
        if a and b:
            dx, dy = b["cx"] - a["cx"], b["cy"] - a["cy"]
            ok = {
                "left of": dx > 0.12 and abs(dy) < abs(dx),
                "right of": dx < -0.12 and abs(dy) < abs(dx),
                "above": dy > 0.12 and abs(dx) < abs(dy),
                "below": dy < -0.12 and abs(dx) < abs(dy),
                "next to": abs(dx) > 0.2 and abs(dy) < 0.25,
            }[scene.relation]
        facts["relation"] = ok
    else:
        got = objs.get(scene.objects[0].shape)
        facts["count"] = got is not None and got["count"] == scene.count
        if scene.position:
            ok = False
            if got:
                cx, cy = got["cx"], got["cy"]
                ok = {
                    "left": cx < 0.42, "right": cx > 0.58, "top": cy < 0.42, "bottom": cy > 0.58,
                    "center": abs(cx - 0.5) < 0.15 and abs(cy - 0.5) < 0.15,
                }[scene.position]
            facts["position"] = ok
    if scene.mentions_background:
        facts["background"] = seen["background"] == scene.background
    return facts
