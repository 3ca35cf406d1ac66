"""Generate: approved captions -> images, through any diffusers text-to-image pipeline.

``DiffusersGenerator`` loads ``generator.model`` from the config: ``toyworld`` (the embedded model) or any
folder / hub id that ``AutoPipelineForText2Image`` understands (SD 1.5, SDXL, SD3, FLUX ...). All captions
of a turn go through the pipeline in one batched call, one seeded generator per image.
"""

from __future__ import annotations

import copy
import inspect
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np
import torch
from PIL import Image
from pydantic import BaseModel, Field

from .config import GeneratorConfig
from .types import LimnerError, TurnCancelled

DALLE_SIZES = {(1024, 1024), (1792, 1024), (1024, 1792)}


class GenerationJob(BaseModel):
    captions: list[str] = Field(min_length=1)
    seeds: list[int]
    width: int
    height: int
    steps: int
    guidance: float
    negative_prompt: str = ""
    # a refinement that keeps the seed: the prompts that drew the pictures it changes, one per caption (the first
    # denoising steps follow them where the pipeline supports it, so the layout stays)
    layout_captions: list[str] | None = None


class ImageOutcome(BaseModel):
    """One image slot: the picture, or why there is none."""

    model_config = {"arbitrary_types_allowed": True}

    image: Image.Image | None = None
    error: str | None = None
    native_size: str | None = None


class Generator(Protocol):
    name: str

    def generate(self, job: GenerationJob, on_step: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None) -> list[ImageOutcome]: ...


def pick_device(pref: str) -> str:
    if pref != "auto":
        return pref
    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def pick_dtype(pref: str, device: str) -> torch.dtype:
    if pref != "auto":
        return getattr(torch, pref)
    if device == "cuda":
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "mps":
        return torch.float16
    return torch.float32


def plan_size(width: int, height: int, native: int, max_side: int, multiple: int = 8) -> tuple[int, int]:
    """The size to sample at. DALL-E 3 sizes map to the model's native area at the same aspect ratio;
    other sizes are used as asked (rounded to ``multiple``) within ``max_side``."""
    if (width, height) in DALLE_SIZES:
        aspect = width / height
        h = math.sqrt(native * native / aspect)
        w = h * aspect
        return (max(multiple, round(w / multiple) * multiple), max(multiple, round(h / multiple) * multiple))
    if width > max_side or height > max_side:
        raise LimnerError(f"size {width}x{height} exceeds this model's limit of {max_side} pixels a side "
                          "(generator.max_side)")
    return (round(width / multiple) * multiple, round(height / multiple) * multiple)


def own_scheduler(pipe):
    """The pipeline with a scheduler of its own for this call. A diffusers scheduler keeps the state of one
    denoising loop (timesteps, step index, solver history), so two turns sharing it at once corrupt each other;
    the models are shared, the few-kilobyte scheduler is copied."""
    scheduler = getattr(pipe, "scheduler", None)
    if scheduler is None:
        return pipe
    view = copy.copy(pipe)
    view.scheduler = copy.deepcopy(scheduler)
    return view


class DiffusersGenerator:
    """The one generator class: any diffusers text-to-image pipeline, the embedded one included."""

    def __init__(self, config: GeneratorConfig, pipeline=None) -> None:
        self.config = config
        self.name = config.model
        self._pipe = pipeline
        self._lock = threading.Lock()

    # --------------------------------------------------------------- loading
    @property
    def pipe(self):
        with self._lock:
            if self._pipe is None:
                self._pipe = self._load()
            return self._pipe

    def _load(self):
        cfg = self.config
        if os.environ.get("TQDM_DISABLE"):  # the CLI sets it; diffusers' own loading bars ignore it
            from diffusers.utils import logging as diffusers_logging

            diffusers_logging.disable_progress_bar()
        device = pick_device(cfg.device)
        dtype = pick_dtype(cfg.dtype, device)
        if cfg.model == "toyworld" or cfg.model.startswith("toyworld:"):
            from .toyworld.pipeline import ToyWorldPipeline

            path = cfg.model.split(":", 1)[1] if ":" in cfg.model else None
            try:
                pipe = ToyWorldPipeline.from_embedded(path)
            except (OSError, ValueError) as e:
                raise LimnerError(f"cannot load the embedded model (generator.model={cfg.model!r}): {e}") from None
            return pipe.to(device).load_components()  # once: each call runs on a copy (own_scheduler)
        from diffusers import AutoPipelineForText2Image

        try:
            pipe = AutoPipelineForText2Image.from_pretrained(cfg.model, torch_dtype=dtype)
        except (OSError, ValueError) as e:
            hint = "" if Path(cfg.model).exists() else " (not a local folder; hub ids need the files cached offline)"
            raise LimnerError(f"cannot load diffusers pipeline generator.model={cfg.model!r}{hint}: "
                              f"{str(e).splitlines()[0][:300]}") from None
        if cfg.attention_slicing:
            pipe.enable_attention_slicing()
        if cfg.cpu_offload and device == "cuda":
            pipe.enable_model_cpu_offload()
        else:
            pipe = pipe.to(device)
        return pipe

    def native_side(self) -> int:
        pipe = self.pipe
        fixed = getattr(pipe, "fixed_resolution", None)  # a pipeline that samples at one size and resizes itself
        if fixed:
            return int(fixed)
        unet = getattr(pipe, "unet", None) or getattr(pipe, "transformer", None)
        sample = getattr(getattr(unet, "config", None), "sample_size", 64) or 64
        scale = getattr(pipe, "vae_scale_factor", 8)
        return int(sample) * int(scale)

    # --------------------------------------------------------------- generation
    def generate(self, job: GenerationJob, on_step: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None) -> list[ImageOutcome]:
        if len(job.seeds) != len(job.captions):
            raise ValueError("one seed per caption is required")
        pipe = self.pipe
        fixed = getattr(pipe, "fixed_resolution", None)
        native = self.native_side()
        if fixed:
            if job.width > self.config.max_side or job.height > self.config.max_side:
                raise LimnerError(f"size {job.width}x{job.height} exceeds generator.max_side={self.config.max_side}")
            gen_w, gen_h = job.width, job.height  # sampled at its one size, resized for display by the pipeline
        else:
            gen_w, gen_h = plan_size(job.width, job.height, native, self.config.max_side)
        gens = [torch.Generator().manual_seed(s) for s in job.seeds]

        def step_end(p, i, t, kwargs):
            if cancel is not None and cancel.is_set():
                raise TurnCancelled("cancelled between denoising steps")
            if on_step:
                on_step(i + 1, job.steps)
            return kwargs

        kwargs = dict(prompt=job.captions, num_inference_steps=job.steps, guidance_scale=job.guidance,
                      height=gen_h, width=gen_w, generator=gens, callback_on_step_end=step_end)
        if job.negative_prompt:
            kwargs["negative_prompt"] = [job.negative_prompt] * len(job.captions)
        params = inspect.signature(pipe.__call__).parameters
        if "candidates_per_image" in params:  # a pipeline that reranks
            kwargs["candidates_per_image"] = self.config.candidates_per_image
        if job.layout_captions and "layout_prompt" in params:  # a pipeline that keeps a refined picture's layout
            if len(job.layout_captions) != len(job.captions):
                raise ValueError("one layout caption per caption is required")
            kwargs["layout_prompt"] = job.layout_captions
            kwargs["layout_steps"] = round(job.steps * self.config.refine_layout_share)
        try:
            images = own_scheduler(pipe)(**kwargs).images
        except torch.OutOfMemoryError:
            raise LimnerError(f"model {self.name!r} does not fit in memory at {gen_w}x{gen_h}: set "
                              "generator.cpu_offload = true and/or generator.attention_slicing = true, "
                              "or ask for a smaller size") from None
        except FloatingPointError as e:
            return [ImageOutcome(error=f"numerical failure: {e}") for _ in job.captions]
        out = []
        for im in images:
            arr = np.asarray(im)
            if not np.isfinite(arr).all() or arr.max() == 0:
                out.append(ImageOutcome(error="the model produced an empty (black/NaN) image, likely fp16 overflow; "
                                              "try generator.dtype = 'float32' or 'bfloat16'"))
                continue
            if im.size != (job.width, job.height):
                im = im.resize((job.width, job.height), Image.Resampling.LANCZOS)
            out.append(ImageOutcome(image=im, native_size=f"{native}x{native}" if fixed else f"{gen_w}x{gen_h}"))
        return out
