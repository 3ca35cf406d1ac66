"""Pack what a lent GPU machine needs to train the toy world, within its 64 MiB transfer limit.

    python -m tools.pack_toyworld_gpu --out .gpu      # then, on the GPU machine: tools/toyworld_device.py

The GPU image has PyTorch and transformers but neither diffusers nor the MiniLM weights, and nothing can be
downloaded there; the committed UNet alone is 35 MB. So this writes:

- ``minilm/``: the packaged all-MiniLM-L6-v2 (config, tokenizer) with its weights in float16 and only the rows
  of the word-embedding table that toy-world captions use (the other 29,000 rows are 11 MB nobody reads);
  ``tools/toyworld_device.py`` rebuilds a full float32 model from it, unknown tokens mapped to [UNK];
- ``unet_int8.safetensors``: the committed UNet, each weight matrix in int8 with one float scale per output
  channel (a warm start for training, which washes out its rounding in a few hundred steps; the VAE and the
  checker travel as committed);
- ``wheels/``: diffusers and importlib_metadata, which the image lacks (``pip download``, pure Python).
"""

from __future__ import annotations

import argparse
import ast
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import torch
from limner.orchestrator.toyworld import world
from limner.orchestrator.toyworld.model import WEIGHTS_DIR
from limner.policies.packaged import minilm_dir
from safetensors.torch import load_file, save_file

TOKENIZER_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")
WHEELS = ("diffusers==0.42.1", "importlib_metadata")


def caption_texts(n: int, seed: int = 0) -> list[str]:
    """Captions as training and evaluation write them (both splits, short and long, either capitalisation),
    plus every string literal of the world's code (its word lists)."""
    rng = random.Random(seed)
    texts = [""]
    for split in ("train", "heldout"):
        for _ in range(n):
            scene = world.sample_scene(rng, split, two_prob=0.5)
            texts += [world.short_caption(scene, rng), world.long_caption(scene, rng)]
    tree = ast.parse(Path(world.__file__).read_text(encoding="utf-8"))
    texts += [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    return texts


def used_token_ids(tokenizer, texts: list[str]) -> list[int]:
    ids: set[int] = set(tokenizer.all_special_ids)
    for k in range(0, len(texts), 4096):
        for row in tokenizer(texts[k:k + 4096], truncation=True, max_length=77)["input_ids"]:
            ids.update(row)
    return sorted(ids)


def pack_minilm(dest: Path, n: int) -> dict:
    from transformers import AutoTokenizer

    src = minilm_dir()
    dest.mkdir(parents=True, exist_ok=True)
    for name in TOKENIZER_FILES:
        shutil.copy(src / name, dest / name)
    tokenizer = AutoTokenizer.from_pretrained(str(src))
    first = used_token_ids(tokenizer, caption_texts(n, seed=0))
    second = used_token_ids(tokenizer, caption_texts(n, seed=1))  # a second draw: does it find new tokens?
    keep = sorted(set(first) | set(second))
    state = load_file(src / "model.safetensors")
    key = next(k for k in state if k.endswith("word_embeddings.weight"))
    out = {k: v.half().contiguous() for k, v in state.items() if k != key}
    out["pruned.word_embeddings"] = state[key][keep].half().contiguous()
    out["pruned.kept_ids"] = torch.tensor(keep, dtype=torch.int32)
    save_file(out, dest / "pruned.safetensors", metadata={"word_embeddings_key": key,
                                                          "vocab_size": str(state[key].shape[0])})
    return {"kept_tokens": len(keep), "new_in_second_draw": len(set(second) - set(first)), "vocab": state[key].shape[0]}


def pack_unet(dest: Path) -> dict:
    files = sorted((WEIGHTS_DIR / "unet").glob("*.safetensors"))
    state = {k: v for f in files for k, v in load_file(f).items()}
    out: dict[str, torch.Tensor] = {}
    worst = 0.0
    for k, v in state.items():
        w = v.float()
        if w.ndim < 2:
            out[k] = v.half()
            continue
        scale = w.abs().flatten(1).amax(dim=1).clamp(min=1e-12) / 127.0
        q = torch.round(w / scale.view(-1, *[1] * (w.ndim - 1))).clamp(-127, 127).to(torch.int8)
        out[k + ".int8"] = q.contiguous()
        out[k + ".scale"] = scale.float()
        back = q.float() * scale.view(-1, *[1] * (w.ndim - 1))
        worst = max(worst, float((back - w).norm() / w.norm().clamp(min=1e-12)))
    save_file(out, dest)
    return {"tensors": len(state), "worst_relative_error": round(worst, 5)}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=Path(".gpu"))
    p.add_argument("--captions", type=int, default=50_000, help="scenes per split drawn to collect caption tokens")
    p.add_argument("--no-wheels", action="store_true")
    args = p.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    report = {"minilm": pack_minilm(args.out / "minilm", args.captions),
              "unet": pack_unet(args.out / "unet_int8.safetensors")}
    if not args.no_wheels:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary=:all:",
                        "-d", str(args.out / "wheels"), *WHEELS], check=True)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    report["bytes"] = size
    (args.out / "pack.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
