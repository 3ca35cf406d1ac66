"""Reproduce the embedded model's weights: ``python -m orchestrator.toyworld.train --out DIR``.

Trains the toy-world checker, then the conditional UNet (DDPM objective, v-prediction, cosine schedule,
classifier-free guidance by caption dropout, EMA weights), then samples a grid and scores held-out captions.
On one H200 the default recipe takes about 8 minutes; on 2 CPU cores, pass a smaller ``--minutes`` and expect
a weaker model (it learns roughly 50x slower there).
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, IterableDataset

from .checker import judge, read_images, scene_labels
from .model import MAX_TOKENS, TextEncoder, ToyChecker, make_sample_scheduler, make_train_scheduler, make_unet
from .world import caption, render, sample_scene


class SceneBatches(IterableDataset):
    """Endless batches of (image, tokenised caption, checker labels), rendered in worker processes."""

    def __init__(self, batch: int, seed: int, encoder_path: str | None, split: str = "train") -> None:
        self.batch, self.seed, self.encoder_path, self.split = batch, seed, encoder_path, split

    def __iter__(self):
        from transformers import AutoTokenizer

        from .model import minilm_dir

        info = torch.utils.data.get_worker_info()
        wid = info.id if info else 0
        rng = random.Random(self.seed * 1000 + wid)
        tok = AutoTokenizer.from_pretrained(self.encoder_path or str(minilm_dir()))
        while True:
            scenes = [sample_scene(rng, self.split) for _ in range(self.batch)]
            imgs = np.stack([np.asarray(render(s, rng)) for s in scenes])
            caps = [caption(s, rng) for s in scenes]
            enc = tok(caps, padding="max_length", truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
            labels = [scene_labels(s) for s in scenes]
            yield {
                "image": torch.from_numpy(imgs),
                "ids": enc["input_ids"], "mask": enc["attention_mask"],
                "count": torch.from_numpy(np.stack([lb["count"] for lb in labels])),
                "color": torch.from_numpy(np.stack([lb["color"] for lb in labels])),
                "center": torch.from_numpy(np.stack([lb["center"] for lb in labels])),
                "background": torch.from_numpy(np.stack([lb["background"] for lb in labels])),
            }


def to_float(images: torch.Tensor, device: torch.device) -> torch.Tensor:
    return images.to(device, non_blocking=True).permute(0, 3, 1, 2).float() / 127.5 - 1.0


def train_checker(loader_iter, device: torch.device, steps: int, log) -> ToyChecker:
    net = ToyChecker().to(device)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, total_steps=steps, pct_start=0.1)
    for step in range(steps):
        b = next(loader_iter)
        x = to_float(b["image"], device)
        # robustness to what a diffusion model produces: noise, blur, slight colour shifts
        x = x + torch.randn_like(x) * torch.rand(x.shape[0], 1, 1, 1, device=device) * 0.15
        if step % 3 == 0:
            x = F.avg_pool2d(F.pad(x, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
        x = x * (1 + 0.1 * (torch.rand(x.shape[0], 3, 1, 1, device=device) - 0.5))
        out = net(x.clamp(-1, 1))
        count, color = b["count"].to(device), b["color"].to(device)
        present = (count > 0).float()
        loss = (F.cross_entropy(out["count"].flatten(0, 1), count.flatten())
                + F.cross_entropy(out["color"].flatten(0, 1), color.flatten(), ignore_index=-100)
                + 10 * ((out["center"] - b["center"].to(device)) ** 2).sum(-1).mul(present).sum() / present.sum()
                + F.cross_entropy(out["background"], b["background"].to(device)))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        if step % 200 == 0 or step == steps - 1:
            log(f"checker step {step} loss {loss.item():.4f}")
    return net.eval()


def train_unet(loader_iter, encoder: TextEncoder, device: torch.device, minutes: float, lr: float, log,
               checkpoint=None, resume: Path | None = None):
    if resume:
        from diffusers import UNet2DConditionModel

        unet = UNet2DConditionModel.from_pretrained(resume, torch_dtype=torch.float32).to(device)
        log(f"resumed from {resume}")
    else:
        unet = make_unet().to(device)
    ema = copy.deepcopy(unet).eval().requires_grad_(False)
    noise_sched = make_train_scheduler()
    alphas = noise_sched.alphas_cumprod.to(device)
    opt = torch.optim.AdamW(unet.parameters(), lr=lr, weight_decay=0.01)
    null_ids, null_mask = encoder.tokenize([""])
    null_h, _ = encoder.encode_ids(null_ids, null_mask)
    amp = device.type == "cuda"
    start = time.time()
    budget = minutes * 60
    step = 0
    last_ckpt = start
    while True:
        frac = (time.time() - start) / budget
        if frac >= 1:
            break
        warm = min(1.0, (step + 1) / 300)
        for g in opt.param_groups:
            g["lr"] = lr * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * frac)))
        b = next(loader_iter)
        x0 = to_float(b["image"], device)
        with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            h, mask = encoder.encode_ids(b["ids"], b["mask"])
        h = h.float()
        drop = torch.rand(x0.shape[0], device=device) < 0.1  # caption dropout for classifier-free guidance
        h = torch.where(drop[:, None, None], null_h.float().expand_as(h), h)
        mask = torch.where(drop[:, None], null_mask.to(device).expand_as(mask), mask)
        t = torch.randint(0, 1000, (x0.shape[0],), device=device)
        noise = torch.randn_like(x0)
        a = alphas[t].view(-1, 1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        target = a.sqrt() * noise - (1 - a).sqrt() * x0  # v
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            pred = unet(xt, t, encoder_hidden_states=h, encoder_attention_mask=mask).sample
        loss = F.mse_loss(pred.float(), target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(unet.parameters(), 1.0)
        opt.step()
        decay = min(0.999, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, p in zip(ema.parameters(), unet.parameters(), strict=True):
                pe.lerp_(p, 1 - decay)
        if step % 100 == 0:
            log(f"unet step {step} loss {loss.item():.4f} lr {opt.param_groups[0]['lr']:.2e} "
                f"{(time.time() - start) / 60:.1f} min")
        if checkpoint and time.time() - last_ckpt > 150:
            checkpoint(ema, step)
            last_ckpt = time.time()
        step += 1
    log(f"unet trained {step} steps in {(time.time() - start) / 60:.1f} min")
    return ema


@torch.no_grad()
def sample(unet, encoder: TextEncoder, captions: list[str], seeds: list[int], device: torch.device,
           steps: int = 20, guidance: float = 4.0) -> list:
    """Plain sampler used for the training report (the product uses ``ToyWorldPipeline``)."""
    from PIL import Image

    sched = make_sample_scheduler()
    sched.set_timesteps(steps, device=device)
    h, mask = encoder.encode(captions)
    nh, nm = encoder.encode([""] * len(captions))
    ctx = torch.cat([nh, h]).float()
    cmask = torch.cat([nm, mask])
    x = torch.stack([torch.randn(3, 64, 64, generator=torch.Generator().manual_seed(s)) for s in seeds]).to(device)
    for t in sched.timesteps:
        out = unet(torch.cat([x, x]), t, encoder_hidden_states=ctx, encoder_attention_mask=cmask).sample
        u, c = out.chunk(2)
        x = sched.step(u + guidance * (c - u), t, x).prev_sample
    arr = ((x.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
    return [Image.fromarray(a) for a in arr]


def evaluate(unet, encoder, checker, device, n: int, seed: int, log) -> dict[str, float]:
    from PIL import Image

    rng = random.Random(seed)
    res: dict[str, list[bool]] = {"single": [], "two": []}
    grid = []
    for kind, two_prob in (("single", 0.0), ("two", 1.0)):
        scenes = [sample_scene(rng, "heldout", two_prob=two_prob) for _ in range(n)]
        caps = [caption(s, rng) for s in scenes]
        for i in range(0, n, 64):
            imgs = sample(unet, encoder, caps[i:i + 64], list(range(i, i + len(caps[i:i + 64]))), device)
            seen = read_images(checker.cpu(), imgs)
            for s, v in zip(scenes[i:i + 64], seen, strict=True):
                res[kind].append(all(judge(v, s).values()))
            grid.extend(imgs[:8] if i == 0 else [])
    out = {k: float(np.mean(v)) for k, v in res.items()}
    # the judge itself, on the true renders of the same held-out scenes
    scenes = [sample_scene(rng, "heldout", two_prob=0.5) for _ in range(n)]
    seen = read_images(checker, [render(s, rng) for s in scenes])
    out["checker_on_renders"] = float(np.mean([all(judge(v, s).values()) for v, s in zip(seen, scenes, strict=True)]))
    log(f"checker all-attributes-correct on true renders: {out['checker_on_renders']:.3f}")
    log(f"held-out all-attributes-correct: single {out['single']:.3f} two {out['two']:.3f} (n={n} each)")
    g = Image.new("RGB", (64 * 8, 64 * 2))
    for i, im in enumerate(grid[:16]):
        g.paste(im, ((i % 8) * 64, (i // 8) * 64))
    return out | {"grid": g}


def export_parts(src: Path, dst: Path, part_mb: int) -> None:
    """Pack ``src`` into ``dst/weights.tar.NN`` parts of at most ``part_mb`` MB (for size-limited transfers)."""
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        tar.add(src, arcname="weights")
    data = buf.getvalue()
    dst.mkdir(parents=True, exist_ok=True)
    for old in dst.glob("weights.tar.*"):
        old.unlink()
    size = part_mb * 1_000_000
    for i in range(0, len(data), size):
        (dst / f"weights.tar.{i // size:02d}").write_bytes(data[i:i + size])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--minutes", type=float, default=6.5, help="UNet training time budget")
    p.add_argument("--checker-steps", type=int, default=1500)
    p.add_argument("--batch", type=int, default=512)
    p.add_argument("--lr", type=float, default=4e-4)
    p.add_argument("--workers", type=int, default=max(1, (torch.get_num_threads() or 2) - 1))
    p.add_argument("--encoder", default=None, help="folder of all-MiniLM-L6-v2 (default: the installed package)")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--eval", type=int, default=256, help="held-out captions per kind to score at the end")
    p.add_argument("--resume", type=Path, default=None, help="continue training these UNet weights")
    p.add_argument("--export", type=Path, default=None, help="also pack the output into parts here")
    p.add_argument("--part-mb", type=int, default=15)
    args = p.parse_args(argv)

    from safetensors.torch import save_file

    torch.manual_seed(args.seed)
    device = torch.device(args.device)
    args.out.mkdir(parents=True, exist_ok=True)
    logf = open(args.out / "train_log.txt", "a")

    def log(msg: str) -> None:
        line = f"[{time.strftime('%H:%M:%S')}] {msg}"
        print(line, flush=True)
        logf.write(line + "\n")
        logf.flush()

    log(f"args {vars(args)}")
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        log(f"device {torch.cuda.get_device_name()}")
    loader = DataLoader(SceneBatches(args.batch, args.seed, args.encoder), batch_size=None,
                        num_workers=args.workers, pin_memory=device.type == "cuda", prefetch_factor=4,
                        persistent_workers=True)
    it = iter(loader)
    encoder = TextEncoder(args.encoder, device=device)
    t0 = time.time()
    checker = train_checker(it, device, args.checker_steps, log) if args.checker_steps else None
    if checker is not None:
        save_file({k: v.half().contiguous() for k, v in checker.state_dict().items()
               if v.dtype.is_floating_point} | {k: v for k, v in checker.state_dict().items()
                                                 if not v.dtype.is_floating_point},
                  str(args.out / "checker.safetensors"))
        log(f"checker trained in {time.time() - t0:.0f}s")

    def checkpoint(model, step: int) -> None:
        copy.deepcopy(model).to(torch.float16).save_pretrained(args.out / "unet")
        log(f"checkpoint at step {step}")
        if args.export:
            make_sample_scheduler().save_pretrained(args.out / "scheduler")
            export_parts(args.out, args.export, args.part_mb)

    ema = train_unet(it, encoder, device, args.minutes, args.lr, log, checkpoint, args.resume)
    checkpoint(ema, -1)
    make_sample_scheduler().save_pretrained(args.out / "scheduler")
    if args.eval:
        checker_cpu = checker
        res = evaluate(ema, encoder, checker_cpu, device, args.eval, args.seed + 1, log)
        res.pop("grid").resize((1024, 256), 0).save(args.out / "train_grid.png")
        (args.out / "train_eval.json").write_text(json.dumps(res, indent=2))
    log("done")
    if args.export:
        export_parts(args.out, args.export, args.part_mb)


if __name__ == "__main__":
    main()
