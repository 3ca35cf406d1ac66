"""Train the embedded toy-world model, a Stable Diffusion in miniature, on this CPU or on a GPU.

    python -m tools.train_toyworld --out runs/toyworld               # start (or continue: --resume)
    python -m tools.train_toyworld --out runs/toyworld --resume
    python -m tools.train_toyworld --out runs/toyworld --resume --export orchestrator/toyworld/weights

Stages, each checkpointed every few minutes and resumable exactly where it stopped (all randomness of a step is
derived from the seed and the step number, so a resumed run draws the same batches as an unbroken one):

1. ``vae``:   a small ``AutoencoderKL`` learns 64x64 toy-world renders <-> 8x8x16 latents (8x8x4 lost shapes:
              the checker read 60 % of its reconstructions right against 75 % for 8x8x16);
2. ``cache``: a fixed set of training scenes is rendered and encoded once: VAE latents and the MiniLM token
              embeddings of two short and two long (rewriter-style) captions per scene;
3. ``unet``:  a ``UNet2DConditionModel`` learns to denoise the latents given the caption (v-prediction, cosine
              schedule, min-SNR weighting, EMA, caption dropout for classifier-free guidance); short captions
              only for the first quarter, then short and long mixed. Every ``--eval-every`` steps the EMA
              weights draw held-out captions and the toy-world checker scores them: ``curve.tsv``, ``curve.png``;
4. ``decoder`` (``--decoder-steps``): the VAE's decoder alone is fine-tuned on the frozen encoder's latents
              (sharper pictures from the same latents);
5. ``export``: the pipeline (VAE + UNet + scheduler, float16 safetensors) is written to ``--export``.

Settings are logged in ``train_log.txt``; ``docs/toyworld.md`` has the curve of the committed weights.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import random
import shutil
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from limner.orchestrator.toyworld.checker import judge, load_checker, read_images
from limner.orchestrator.toyworld.model import (
    TextEncoder,
    make_sample_scheduler,
    make_train_scheduler,
    make_unet,
    make_vae,
)
from limner.orchestrator.toyworld.world import (
    long_caption,
    parse_caption,
    render,
    sample_scene,
    short_caption,
)

CAPTIONS_PER_SCENE = 4  # two short, two long
PART = 2048  # scenes per cache file


# ----------------------------------------------------------------------------- small helpers

class Run:
    """The run folder: settings, state, log and atomic checkpoint files."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.logf = open(out / "train_log.txt", "a", encoding="utf-8")

    def log(self, msg: str) -> None:
        line = f"[{time.strftime('%Y-%m-%d %H:%M:%S')}] {msg}"
        print(line, flush=True)
        self.logf.write(line + "\n")
        self.logf.flush()

    def save(self, obj: dict, name: str) -> None:
        tmp = self.out / (name + ".tmp")
        torch.save(obj, tmp)
        os.replace(tmp, self.out / name)

    def load(self, name: str) -> dict | None:
        path = self.out / name
        return torch.load(path, map_location="cpu", weights_only=False) if path.exists() else None


def rng_for(seed: int, stage: str, step: int) -> random.Random:
    return random.Random(f"{seed}/{stage}/{step}")


def torch_gen(seed: int, stage: str, step: int) -> torch.Generator:
    return torch.Generator().manual_seed(random.Random(f"{seed}/{stage}/{step}/torch").getrandbits(63))


def to_tensor(images: list) -> torch.Tensor:
    arr = np.stack([np.asarray(im) for im in images])
    return torch.from_numpy(arr).permute(0, 3, 1, 2).float() / 127.5 - 1.0


def autocast(device: torch.device, enabled: bool):
    return torch.autocast(device.type, dtype=torch.bfloat16, enabled=enabled)


def lr_at(step: int, total: int, base: float, warmup: int) -> float:
    if step < warmup:
        return base * (step + 1) / warmup
    frac = (step - warmup) / max(1, total - warmup)
    return base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))


# ----------------------------------------------------------------------------- 1. the VAE

def train_vae(run: Run, args, device: torch.device, amp: bool):
    vae = make_vae().to(device)
    opt = torch.optim.AdamW(vae.parameters(), lr=args.vae_lr, weight_decay=1e-4)
    state = run.load("vae.pt")
    step, elapsed = 0, 0.0
    if not state and args.init_from:
        vae.load_state_dict(_pretrained_state(args.init_from / "vae"))
        run.save({"model": vae.state_dict(), "opt": opt.state_dict(), "step": args.vae_steps, "elapsed": 0.0},
                 "vae.pt")
        run.log(f"vae: taken from {args.init_from / 'vae'} (not trained again)")
        return vae.eval()
    if state:
        vae.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step, elapsed = state["step"], state["elapsed"]
        run.log(f"vae: resumed at step {step}")
    if step >= args.vae_steps:
        return vae.eval()
    run.log(f"vae: {sum(p.numel() for p in vae.parameters()) / 1e6:.2f}M parameters, {args.vae_steps} steps "
            f"of batch {args.vae_batch}")
    t0, last = time.time() - elapsed, time.time()
    vae.train()
    while step < args.vae_steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.vae_steps, args.vae_lr, 200)
        rng = rng_for(args.seed, "vae", step)
        x = to_tensor([render(sample_scene(rng, "train"), rng) for _ in range(args.vae_batch)]).to(device)
        with autocast(device, amp):
            post = vae.encode(x).latent_dist
            z = post.mean + post.std * torch.randn(post.mean.shape, generator=torch_gen(args.seed, "vae", step)).to(device)
            rec = vae.decode(z).sample.float()
        mu, logvar = post.mean.float(), post.logvar.float()
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar).sum(dim=(1, 2, 3)).mean()
        loss = F.mse_loss(rec, x) + 0.5 * F.l1_loss(rec, x) + args.kl_weight * kl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(vae.parameters(), 1.0)
        opt.step()
        step += 1
        if step % 100 == 0:
            run.log(f"vae step {step} loss {loss.item():.4f} kl {kl.item():.1f} "
                    f"{(time.time() - t0) / 60:.1f} min")
        if time.time() - last > args.checkpoint_minutes * 60 or step == args.vae_steps:
            run.save({"model": vae.state_dict(), "opt": opt.state_dict(), "step": step,
                      "elapsed": time.time() - t0}, "vae.pt")
            last = time.time()
    vae.eval()
    acc = eval_vae(vae, device, args.seed, 4 * args.eval_n)
    run.log(f"vae: trained {step} steps in {(time.time() - t0) / 60:.1f} min; checker all-facts-right on "
            f"held-out renders {acc['truth']:.3f}, on their reconstructions {acc['recon']:.3f}; "
            f"reconstruction MSE {acc['mse']:.4f}")
    return vae


@torch.no_grad()
def eval_vae(vae, device: torch.device, seed: int, n: int) -> dict[str, float]:
    from PIL import Image

    rng = random.Random(f"{seed}/vae-eval")
    scenes = [sample_scene(rng, "heldout", two_prob=0.5) for _ in range(n)]
    imgs = [render(s, rng) for s in scenes]
    x = to_tensor(imgs).to(device)
    rec = vae.decode(vae.encode(x).latent_dist.mean).sample.float().clamp(-1, 1)
    arr = ((rec + 1) * 127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
    checker = load_checker()
    truth = read_images(checker, imgs)
    back = read_images(checker, [Image.fromarray(a) for a in arr])
    return {"truth": float(np.mean([all(judge(v, s).values()) for v, s in zip(truth, scenes, strict=True)])),
            "recon": float(np.mean([all(judge(v, s).values()) for v, s in zip(back, scenes, strict=True)])),
            "mse": float(F.mse_loss(rec, x).item())}


def finetune_decoder(run: Run, args, vae, device: torch.device, amp: bool):
    """The decoder alone, on the frozen encoder's latents (as Stable Diffusion's ft-MSE VAE): sharper pictures
    from the same latents, so the UNet trained on them is unaffected. Pixel loss plus the difference of image
    gradients (edges), which plain MSE blurs."""
    if args.decoder_steps <= 0:
        return vae
    state = run.load("decoder.pt")
    step = 0
    if state:
        vae.decoder.load_state_dict(state["decoder"])
        vae.post_quant_conv.load_state_dict(state["post_quant_conv"])
        step = state["step"]
    if step >= args.decoder_steps:
        return vae
    params = list(vae.decoder.parameters()) + list(vae.post_quant_conv.parameters())
    for prm in params:
        prm.requires_grad_(True)
    opt = torch.optim.AdamW(params, lr=args.vae_lr * 0.3, weight_decay=1e-4)
    if state:
        opt.load_state_dict(state["opt"])
    run.log(f"decoder: fine-tuning {args.decoder_steps} steps from step {step}")
    t0, last = time.time(), time.time()
    while step < args.decoder_steps:
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.decoder_steps, args.vae_lr * 0.3, 100)
        rng = rng_for(args.seed, "decoder", step)
        x = to_tensor([render(sample_scene(rng, "train"), rng) for _ in range(args.vae_batch)]).to(device)
        with torch.no_grad():
            z = vae.encode(x).latent_dist.mean
        with autocast(device, amp):
            rec = vae.decode(z).sample.float()
        dx = lambda t: t[..., :, 1:] - t[..., :, :-1]  # noqa: E731
        dy = lambda t: t[..., 1:, :] - t[..., :-1, :]  # noqa: E731
        loss = (F.mse_loss(rec, x) + 0.5 * F.l1_loss(rec, x) + 0.5 * F.l1_loss(dx(rec), dx(x))
                + 0.5 * F.l1_loss(dy(rec), dy(x)))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        step += 1
        if step % 100 == 0:
            run.log(f"decoder step {step} loss {loss.item():.4f} {(time.time() - t0) / 60:.1f} min")
        if time.time() - last > args.checkpoint_minutes * 60 or step == args.decoder_steps:
            run.save({"decoder": vae.decoder.state_dict(), "post_quant_conv": vae.post_quant_conv.state_dict(),
                      "opt": opt.state_dict(), "step": step}, "decoder.pt")
            last = time.time()
    vae.eval().requires_grad_(False)
    acc = eval_vae(vae, device, args.seed, 4 * args.eval_n)
    run.log(f"decoder: fine-tuned; checker all-facts-right on held-out renders {acc['truth']:.3f}, on their "
            f"reconstructions {acc['recon']:.3f}; reconstruction MSE {acc['mse']:.4f}")
    return vae


# ----------------------------------------------------------------------------- 2. the cache

@torch.no_grad()
def build_cache(run: Run, args, vae, encoder: TextEncoder, device: torch.device) -> None:
    cache = run.out / "cache"
    cache.mkdir(exist_ok=True)
    parts = math.ceil(args.scenes / PART)
    for j in range(parts):
        path = cache / f"part{j:03d}.pt"
        if path.exists():
            continue
        t0 = time.time()
        rng = rng_for(args.seed, "cache", j)
        n = min(PART, args.scenes - j * PART)
        scenes = [sample_scene(rng, "train") for _ in range(n)]
        imgs = [render(s, rng) for s in scenes]
        caps = [[short_caption(s, rng), short_caption(s, rng), long_caption(s, rng), long_caption(s, rng)]
                for s in scenes]
        caps = [[_cap(c, rng) for c in cs] for cs in caps]
        latents = []
        for i in range(0, n, 256):
            latents.append(vae.encode(to_tensor(imgs[i:i + 256]).to(device)).latent_dist.mean.cpu())
        flat = [c for cs in caps for c in cs]
        emb, offsets = encode_captions(encoder, flat)
        torch.save({"latents": torch.cat(latents).half(), "captions": caps, "emb": emb, "offsets": offsets},
                   str(path) + ".tmp")
        os.replace(str(path) + ".tmp", path)
        run.log(f"cache: part {j + 1}/{parts} ({n} scenes, {len(flat)} captions, {emb.shape[0]} tokens) in "
                f"{time.time() - t0:.0f}s")


def _cap(text: str, rng: random.Random) -> str:
    return text[0].upper() + text[1:] if rng.random() < 0.5 else text


def encode_captions(encoder: TextEncoder, texts: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """All token embeddings of all texts, concatenated (float16), and each text's start offset."""
    tok = encoder.tokenizer(texts, truncation=True, max_length=77)["input_ids"]
    order = sorted(range(len(texts)), key=lambda i: len(tok[i]))
    out: list[torch.Tensor | None] = [None] * len(texts)
    for k in range(0, len(order), 128):
        part = order[k:k + 128]
        enc = encoder.tokenizer.pad({"input_ids": [tok[i] for i in part]}, return_tensors="pt")
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=encoder.device.type == "cpu" and _native_bf16()):
            h, _ = encoder.encode_ids(enc["input_ids"], enc["attention_mask"])
        for row, i in enumerate(part):
            out[i] = h[row, :len(tok[i])].float().half().cpu()
    lengths = torch.tensor([0] + [len(t) for t in tok])
    return torch.cat(out), torch.cumsum(lengths, 0)  # type: ignore[arg-type]


def _native_bf16() -> bool:
    try:
        return bool(torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported())
    except AttributeError:
        return False


class Cache:
    """The cached training set in memory: latents (scaled), captions, token embeddings."""

    def __init__(self, folder: Path) -> None:
        lat, emb, offs, caps = [], [], [], []
        base = 0
        for path in sorted(folder.glob("part*.pt")):
            d = torch.load(path, map_location="cpu", weights_only=False)
            lat.append(d["latents"])
            emb.append(d["emb"])
            offs.append(d["offsets"][:-1] + base)
            base += d["emb"].shape[0]
            caps += d["captions"]
        self.latents = torch.cat(lat).float()
        self.emb = torch.cat(emb)
        self.offsets = torch.cat(offs + [torch.tensor([base])])
        self.captions = caps
        self.scale = float(1.0 / self.latents.std())
        # which scenes hold two kinds of object (read back from their first caption): --two-share samples them
        parsed = [parse_caption(cs[0]) for cs in caps]
        self.two = torch.tensor([p is not None and p.relation is not None for p in parsed])

    def sample(self, n: int, two_share: float | None, gen: torch.Generator) -> torch.Tensor:
        """Indices of a batch: uniform over the cache, or a share ``two_share`` of two-object scenes."""
        if two_share is None:
            return torch.randint(0, len(self), (n,), generator=gen)
        pools = [torch.nonzero(~self.two).flatten(), torch.nonzero(self.two).flatten()]
        pick_two = torch.rand(n, generator=gen) < two_share
        first = pools[0][torch.randint(0, len(pools[0]), (n,), generator=gen)]
        second = pools[1][torch.randint(0, len(pools[1]), (n,), generator=gen)]
        return torch.where(pick_two, second, first)

    def __len__(self) -> int:
        return self.latents.shape[0]

    def batch(self, idx: torch.Tensor, which: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        rows = idx * CAPTIONS_PER_SCENE + which
        starts, ends = self.offsets[rows], self.offsets[rows + 1]
        longest = int((ends - starts).max())
        h = torch.zeros(len(idx), longest, self.emb.shape[1])
        mask = torch.zeros(len(idx), longest, dtype=torch.long)
        for b, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
            h[b, :e - s] = self.emb[s:e].float()
            mask[b, :e - s] = 1
        return self.latents[idx] * self.scale, h, mask


# ----------------------------------------------------------------------------- 3. the UNet

def train_unet(run: Run, args, vae, encoder: TextEncoder, device: torch.device, amp: bool):
    data = Cache(run.out / "cache")
    vae.register_to_config(scaling_factor=data.scale)
    run.log(f"unet: {len(data)} cached scenes ({int(data.two.sum())} with two objects), latent scaling factor "
            f"{data.scale:.4f}")
    if args.two_share is not None and not (0 < int(data.two.sum()) < len(data)):
        raise SystemExit(f"--two-share {args.two_share}: the cache holds only one kind of scene; leave it out")
    unet = make_unet().to(device)
    ema = copy.deepcopy(unet).eval().requires_grad_(False)
    opt = torch.optim.AdamW(unet.parameters(), lr=args.lr, weight_decay=0.01)
    step, elapsed = 0, 0.0
    state = run.load("unet.pt")
    if not state and args.init_from:
        unet.load_state_dict(_pretrained_state(args.init_from / "unet"))
        ema.load_state_dict(unet.state_dict())
        run.log(f"unet: starts from the weights in {args.init_from / 'unet'}")
    if state:
        unet.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        opt.load_state_dict(state["opt"])
        step, elapsed = state["step"], state["elapsed"]
        run.log(f"unet: resumed at step {step} ({elapsed / 60:.1f} min trained)")
    else:
        steps = f"{args.unet_steps} steps" if not args.fit_minutes else f"as many steps as fit {args.fit_minutes} min"
        run.log(f"unet: {sum(p.numel() for p in unet.parameters()) / 1e6:.2f}M parameters, {steps} of batch "
                f"{args.batch}, lr {args.lr}")
    sched = make_train_scheduler()
    alphas = sched.alphas_cumprod.to(device)
    snr = alphas / (1 - alphas)
    null_h, null_mask = encoder.encode([""])
    t0, last = time.time() - elapsed, time.time()
    if args.fit_minutes and not args.fitted:
        fit_from = [step + FIT_SKIP, time.time()]  # timed after the first steps (a GPU's kernels warm up)
        args.unet_steps = step + 10**9  # until fitted; the timed steps are in the warm-up, whose lr is the same
    curve = run.out / "curve.tsv"
    if not curve.exists():
        curve.write_text("step\tsamples\tminutes\tsingle\ttwo\tsingle_long\ttwo_long\n")

    def checkpoint() -> None:
        run.save({"model": unet.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(), "step": step,
                  "elapsed": time.time() - t0, "scale": data.scale}, "unet.pt")

    unet.train()
    while step < args.unet_steps:
        if args.fit_minutes and not args.fitted and step == fit_from[0]:
            fit_from[1] = time.time()
        if args.fit_minutes and not args.fitted and step == fit_from[0] + FIT_STEPS:
            fit_steps(run, args, step, (time.time() - fit_from[1]) / FIT_STEPS)
        if args.fit_minutes and time.time() - args.started > args.fit_minutes * 60 * (1 - FIT_RESERVE):
            planned = f"of {args.unet_steps}" if args.fitted else "before the schedule was fitted"
            run.log(f"unet: the {args.fit_minutes}-minute budget is nearly spent: stopping at step {step} {planned}")
            break
        if args.stop_at_step is not None and step >= args.stop_at_step:
            checkpoint()
            run.log(f"unet: paused at step {step} (--stop-at-step); continue with --resume")
            return None
        if step % args.eval_every == 0 and step > 0 and not _logged(curve, step):
            res = evaluate(ema, vae, run, args, step, (time.time() - t0) / 60)
            with open(curve, "a") as f:
                f.write(f"{step}\t{step * args.batch}\t{(time.time() - t0) / 60:.1f}\t{res['single']:.3f}\t"
                        f"{res['two']:.3f}\t{res['single_long']:.3f}\t{res['two_long']:.3f}\n")
            plot_curve(curve, run.out / "curve.png")
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args.unet_steps, args.lr, 500)
        gen = torch_gen(args.seed, "unet", step)
        idx = data.sample(args.batch, args.two_share, gen)
        short_only = step < int(args.unet_steps * args.short_first)
        which = torch.randint(0, 2 if short_only else CAPTIONS_PER_SCENE, (args.batch,), generator=gen)
        x0, h, mask = data.batch(idx, which)
        x0, h, mask = x0.to(device), h.to(device), mask.to(device)
        drop = (torch.rand(args.batch, generator=gen) < args.caption_dropout).to(device)
        if drop.any():  # classifier-free guidance learns the empty caption
            h[drop] = 0
            mask[drop] = 0
            h[drop, :null_h.shape[1]] = null_h[0].float()
            mask[drop, :null_h.shape[1]] = 1
        t = torch.randint(0, 1000, (args.batch,), generator=gen).to(device)
        noise = torch.randn(x0.shape, generator=gen).to(device)
        a = alphas[t].view(-1, 1, 1, 1)
        xt = a.sqrt() * x0 + (1 - a).sqrt() * noise
        target = a.sqrt() * noise - (1 - a).sqrt() * x0  # v
        with autocast(device, amp):
            pred = unet(xt, t, encoder_hidden_states=h, encoder_attention_mask=mask).sample
        weight = torch.clamp(snr[t], max=args.min_snr) / (snr[t] + 1)  # min-SNR-gamma for v-prediction
        loss = (weight * ((pred.float() - target) ** 2).mean(dim=(1, 2, 3))).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(unet.parameters(), 1.0)
        opt.step()
        decay = min(args.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            for pe, p in zip(ema.parameters(), unet.parameters(), strict=True):
                pe.lerp_(p, 1 - decay)
        step += 1
        if step % 100 == 0:
            run.log(f"unet step {step} loss {loss.item():.4f} lr {opt.param_groups[0]['lr']:.2e} "
                    f"{(time.time() - t0) / 60:.1f} min")
        if time.time() - last > args.checkpoint_minutes * 60:
            checkpoint()
            last = time.time()
    checkpoint()  # the end of the schedule, or of the --fit-minutes budget
    if not _logged(curve, step):
        res = evaluate(ema, vae, run, args, step, (time.time() - t0) / 60)
        with open(curve, "a") as f:
            f.write(f"{step}\t{step * args.batch}\t{(time.time() - t0) / 60:.1f}\t{res['single']:.3f}\t"
                    f"{res['two']:.3f}\t{res['single_long']:.3f}\t{res['two_long']:.3f}\n")
    return ema


FIT_SKIP = 10  # steps run before the timing starts
FIT_STEPS = 30  # steps timed before --fit-minutes sets the schedule (within the warm-up: their lr is the same)
FIT_RESERVE = 0.15  # share of the budget kept for evaluations and the export


def fit_steps(run: Run, args, step: int, seconds_per_step: float) -> None:
    """``--fit-minutes``: set the schedule's length so that the run ends within the budget, counted from the
    process start; the chosen length is written to the run's settings, so ``--resume`` keeps it."""
    left = args.fit_minutes * 60 * (1 - FIT_RESERVE) - (time.time() - args.started)
    args.unet_steps = max(step + 1, step + int(left / seconds_per_step))
    args.fitted = True
    settings = run.out / "settings.json"
    saved = json.loads(settings.read_text())
    saved.update(unet_steps=args.unet_steps, fitted=True)
    settings.write_text(json.dumps(saved, indent=2))
    run.log(f"unet: {seconds_per_step:.3f} s per step; {args.unet_steps} steps fit the {args.fit_minutes}-minute "
            f"budget ({FIT_RESERVE:.0%} kept for evaluations and the export)")


def _pretrained_state(folder: Path) -> dict[str, torch.Tensor]:
    """The float32 state dict of an exported component (``--init-from``: warm start from committed weights)."""
    from safetensors.torch import load_file

    files = sorted(folder.glob("*.safetensors"))
    if not files:
        raise SystemExit(f"--init-from: no safetensors weights in {folder}")
    return {k: v.float() for f in files for k, v in load_file(f).items()}


def _logged(curve: Path, step: int) -> bool:
    return any(line.split("\t")[0] == str(step) for line in curve.read_text().splitlines()[1:])


def pipeline_of(unet, vae):
    from limner.orchestrator.toyworld.pipeline import ToyWorldPipeline

    return ToyWorldPipeline(vae=vae, unet=unet, scheduler=make_sample_scheduler())


@torch.no_grad()
def evaluate(unet, vae, run: Run, args, step: int, minutes: float) -> dict[str, float]:
    """All-facts-right share on held-out captions, short and long, single and two objects (the product's
    sampler: 20 DPM-Solver++ steps, guidance 4)."""
    from PIL import Image

    pipe = pipeline_of(unet.eval(), vae)
    checker = load_checker()
    rng = random.Random(f"{args.seed}/eval")
    res: dict[str, float] = {}
    grid = []
    for kind, two in (("single", 0.0), ("two", 1.0)):
        for style in ("", "_long"):
            scenes = [sample_scene(rng, "heldout", two_prob=two) for _ in range(args.eval_n)]
            caps = [long_caption(s, rng) if style else short_caption(s, rng) for s in scenes]
            ok = []
            for i in range(0, len(caps), 32):
                gens = [torch.Generator().manual_seed(10_000 + i + j) for j in range(len(caps[i:i + 32]))]
                imgs = pipe(caps[i:i + 32], generator=gens, num_inference_steps=20, guidance_scale=4.0).images
                ok += [all(judge(v, s).values()) for v, s in
                       zip(read_images(checker, imgs), scenes[i:i + 32], strict=True)]
                if i == 0:
                    grid += imgs[:8]
            res[kind + style] = float(np.mean(ok))
    run.log(f"eval at step {step} ({minutes:.0f} min): all facts right, held-out captions: single "
            f"{res['single']:.3f} two {res['two']:.3f} | long captions: single {res['single_long']:.3f} "
            f"two {res['two_long']:.3f} (n={args.eval_n} each)")
    g = Image.new("RGB", (64 * 8, 64 * 4))
    for i, im in enumerate(grid[:32]):
        g.paste(im, ((i % 8) * 64, (i // 8) * 64))
    g.save(run.out / f"grid_{step:06d}.png")
    unet.train()
    return res


# ----------------------------------------------------------------------------- 4. export

def export(run: Run, vae, ema, dest: Path) -> None:
    pipe = pipeline_of(copy.deepcopy(ema).eval(), copy.deepcopy(vae).eval())
    pipe.to(torch.float16)
    tmp = dest.parent / (dest.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    pipe.save_pretrained(tmp, safe_serialization=True)
    keep = dest / "checker.safetensors"
    if keep.exists():
        shutil.copy(keep, tmp / "checker.safetensors")
    for name in ("train_log.txt", "curve.tsv"):
        if (run.out / name).exists():
            shutil.copy(run.out / name, tmp / name)
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(tmp, dest)
    run.log(f"exported the pipeline to {dest}")


def export_checkpoint(run: Run, dest: Path) -> None:
    """Export the latest saved checkpoint without training (an interim model while a long run goes on)."""
    vae_state, unet_state = run.load("vae.pt"), run.load("unet.pt")
    if not vae_state or not unet_state:
        raise SystemExit(f"{run.out} has no VAE and UNet checkpoints yet: train first")
    vae = make_vae()
    vae.load_state_dict(vae_state["model"])
    vae.register_to_config(scaling_factor=Cache(run.out / "cache").scale)
    ema = make_unet()
    ema.load_state_dict(unet_state["ema"])
    run.log(f"exporting the checkpoint of unet step {unet_state['step']}")
    export(run, vae, ema, dest)


# ----------------------------------------------------------------------------- the training curve

def plot_curve(curve: Path, png: Path) -> None:
    """Draw ``curve.tsv`` (all-facts-right share on held-out captions against training samples) with PIL."""
    from PIL import Image, ImageDraw

    rows = [line.split("\t") for line in curve.read_text().splitlines()[1:] if line.strip()]
    if not rows:
        raise SystemExit(f"{curve} has no evaluations yet")
    xs = [int(r[1]) for r in rows]
    series = {"single object, short": 3, "two objects, short": 4, "single object, long": 5, "two objects, long": 6}
    colours = [(200, 40, 40), (40, 90, 200), (230, 140, 40), (40, 160, 80)]
    w, h, left, bottom, top, right = 760, 420, 60, 50, 20, 200
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    x0, x1, y0, y1 = left, w - right, h - bottom, top
    d.rectangle([x0, y1, x1, y0], outline="black")
    xmax = max(xs) or 1
    for k in range(0, 11, 2):
        y = y0 - (y0 - y1) * k / 10
        d.line([x0, y, x1, y], fill=(225, 225, 225))
        d.text((x0 - 35, y - 6), f"{k * 10}%", fill="black")
    for goal, label in ((0.9, "goal, single"), (0.7, "goal, two")):
        y = y0 - (y0 - y1) * goal
        d.line([x0, y, x1, y], fill=(150, 150, 150), width=1)
        d.text((x1 - 80, y - 12), label, fill=(120, 120, 120))
    for k in range(5):
        x = x0 + (x1 - x0) * k / 4
        d.text((x - 20, y0 + 6), f"{xmax * k / 4 / 1000:.0f}k", fill="black")
    d.text(((x0 + x1) // 2 - 80, y0 + 24), "training samples (held-out captions)", fill="black")
    for (name, col), colour in zip(series.items(), colours, strict=True):
        pts = [(x0 + (x1 - x0) * x / xmax, y0 - (y0 - y1) * float(r[col])) for x, r in zip(xs, rows, strict=True)]
        if len(pts) > 1:
            d.line(pts, fill=colour, width=2)
        for px, py in pts:
            d.ellipse([px - 2, py - 2, px + 2, py + 2], fill=colour)
        ly = top + 20 + 18 * list(series).index(name)
        d.line([x1 + 10, ly + 6, x1 + 30, ly + 6], fill=colour, width=3)
        d.text((x1 + 35, ly), name, fill="black")
    d.text((x1 + 10, top), "all facts right", fill="black")
    png.parent.mkdir(parents=True, exist_ok=True)
    img.save(png)


# ----------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", type=Path, default=Path("runs/toyworld"), help="run folder (checkpoints, cache, log)")
    p.add_argument("--resume", action="store_true", help="continue the run in --out")
    p.add_argument("--export", type=Path, default=None, help="write the finished pipeline here")
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--threads", type=int, default=None, help="CPU threads (default: torch's choice)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--vae-steps", type=int, default=3000)
    p.add_argument("--vae-batch", type=int, default=32)
    p.add_argument("--vae-lr", type=float, default=1e-3)
    p.add_argument("--kl-weight", type=float, default=1e-7)
    p.add_argument("--decoder-steps", type=int, default=0, help="fine-tune the decoder alone after the UNet")
    p.add_argument("--scenes", type=int, default=40_960, help="training scenes in the cache")
    p.add_argument("--unet-steps", type=int, default=8_000)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=5e-4)
    p.add_argument("--ema", type=float, default=0.999)
    p.add_argument("--min-snr", type=float, default=5.0)
    p.add_argument("--caption-dropout", type=float, default=0.1)
    p.add_argument("--short-first", type=float, default=0.25, help="share of UNet steps on short captions only")
    p.add_argument("--fit-minutes", type=float, default=None,
                   help="fit the UNet schedule to this wall-clock budget from the start of the command (a GPU "
                        "session's single command: see docs/toyworld.md)")
    p.add_argument("--stop-at-step", type=int, default=None,
                   help="pause the UNet stage at this step (checkpoint and exit); --resume continues")
    p.add_argument("--two-share", type=float, default=None,
                   help="share of two-object scenes in each batch (default: as in the cache, about 45 %%)")
    p.add_argument("--eval-every", type=int, default=1000)
    p.add_argument("--eval-n", type=int, default=64,
                   help="held-out captions per kind at each evaluation (the VAE's: four times as many renders)")
    p.add_argument("--checkpoint-minutes", type=float, default=5.0)
    p.add_argument("--plot", type=Path, default=None, help="only draw the run's curve.tsv into this PNG and exit")
    p.add_argument("--init-from", type=Path, default=None,
                   help="an exported pipeline folder: its VAE is kept and its UNet trained further (a new run)")
    p.add_argument("--export-checkpoint", type=Path, default=None,
                   help="only export the run's latest checkpoint (EMA UNet) here and exit; safe while it trains")
    args = p.parse_args(argv)
    args.started, args.fitted = time.time(), False
    if args.plot:
        plot_curve(args.out / "curve.tsv", args.plot)
        return

    run = Run(args.out)
    if args.export_checkpoint:
        export_checkpoint(run, args.export_checkpoint)
        return
    settings = run.out / "settings.json"
    keys = {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()
            if k not in ("resume", "export", "device", "threads", "out", "started", "fitted", "stop_at_step")}
    if settings.exists():
        old = json.loads(settings.read_text())
        if not args.resume:
            raise SystemExit(f"{args.out} already holds a run: pass --resume to continue it, or another --out")
        free = ("eval_every", "eval_n", "checkpoint_minutes", "unet_steps", "decoder_steps", "fit_minutes")
        if old.get("fitted"):  # --fit-minutes chose the schedule's length: keep it
            args.unet_steps = keys["unet_steps"] = old["unet_steps"]
            args.fitted = True
        changed = {k: (old.get(k), v) for k, v in keys.items() if old.get(k) != v and k not in free}
        if changed:
            raise SystemExit(f"--resume with other settings than the run was started with: {changed}")
        if old.get("unet_steps") != args.unet_steps:
            run.log(f"unet steps changed from {old.get('unet_steps')} to {args.unet_steps} (the learning-rate "
                    "schedule follows the new length from here)")
            settings.write_text(json.dumps(keys, indent=2))
    else:
        settings.write_text(json.dumps(keys, indent=2))
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    amp = device.type == "cuda" or _native_bf16()
    run.log(f"settings {json.dumps(keys)}; device {device}, {torch.get_num_threads()} threads, bf16 autocast {amp}")
    torch.manual_seed(args.seed)

    vae = train_vae(run, args, device, amp).requires_grad_(False)
    encoder = TextEncoder(device=device)
    build_cache(run, args, vae, encoder, device)
    ema = train_unet(run, args, vae, encoder, device, amp)
    if ema is None:  # --stop-at-step
        return
    vae = finetune_decoder(run, args, vae, device, amp)
    if args.export:
        export(run, vae, ema, args.export)
    run.log("done")


def _main_logged() -> None:
    try:
        main()
    except SystemExit as e:
        if e.code in (0, None):  # --help, --plot, a finished export
            raise
        _log_failure()
        raise
    except BaseException as e:  # a background run must leave its reason in the log
        _log_failure()
        raise SystemExit(str(e)) from e


def _log_failure() -> None:
    import traceback

    out = Path(os.environ.get("TOYWORLD_OUT", "runs/toyworld"))
    if out.is_dir():
        with open(out / "train_log.txt", "a") as f:
            f.write(traceback.format_exc())


if __name__ == "__main__":
    _main_logged()
