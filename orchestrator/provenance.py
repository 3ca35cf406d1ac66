"""Provenance: every saved PNG says that it is AI-generated, how, and from what.

- PNG text chunks: generator model, the caption actually used, seed, size, Limner version, session and turn,
  policy decisions, safety scores, and ``ai_generated = true``;
- an XMP packet with IPTC ``digitalSourceType = trainedAlgorithmicMedia``;
- optionally an invisible watermark (``invisible-watermark``, DWT-DCT-SVD; SDXL pipelines use the same library) that survives
  re-encoding to JPEG, so ``limner verify`` can tell an image came from Limner after its metadata is stripped.

``verify(path)`` reads all of it back and checks the image hash recorded in the metadata.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
from pathlib import Path

import numpy as np
from PIL import Image, PngImagePlugin

from .config import LimnerConfig

WATERMARK = b"limner"  # 48 bits
IPTC_AI = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


def limner_version() -> str:
    try:
        return metadata.version("limner")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def pixel_hash(image: Image.Image) -> str:
    return hashlib.sha256(np.asarray(image.convert("RGB")).tobytes()).hexdigest()


def _xmp(meta: dict) -> str:
    return (
        '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'Iptc4xmpExt:DigitalSourceType="{IPTC_AI}">'
        f'<dc:description>{_esc(meta.get("caption", ""))}</dc:description>'
        "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    )


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def add_watermark(image: Image.Image) -> Image.Image:
    from imwatermark import WatermarkEncoder

    if min(image.size) < 256:
        return image
    enc = WatermarkEncoder()
    enc.set_watermark("bytes", WATERMARK)
    bgr = np.asarray(image.convert("RGB"))[:, :, ::-1].copy()
    out = enc.encode(bgr, "dwtDctSvd")
    return Image.fromarray(out[:, :, ::-1].copy())


def read_watermark(image: Image.Image) -> bool:
    from imwatermark import WatermarkDecoder

    if min(image.size) < 256:
        return False
    dec = WatermarkDecoder("bytes", len(WATERMARK) * 8)
    bits = dec.decode(np.asarray(image.convert("RGB"))[:, :, ::-1].copy(), "dwtDctSvd")
    return bytes(bits) == WATERMARK


class ProvenanceSaver:
    def __init__(self, config: LimnerConfig) -> None:
        self.config = config

    def save(self, image: Image.Image, path: Path, metadata_: dict) -> None:
        cfg = self.config.provenance
        path.parent.mkdir(parents=True, exist_ok=True)
        if cfg.watermark:
            image = add_watermark(image)
        info = PngImagePlugin.PngInfo()
        if cfg.png_metadata:
            meta = {**metadata_, "ai_generated": True, "software": f"Limner {limner_version()}",
                    "digital_source_type": IPTC_AI, "watermark": bool(cfg.watermark and min(image.size) >= 256),
                    "pixel_sha256": pixel_hash(image)}
            info.add_text("parameters", metadata_.get("caption", ""))
            info.add_text("limner", json.dumps(meta, default=str))
            info.add_text("Software", meta["software"])
            info.add_text("AI-generated", "true")
            info.add_itxt("XML:com.adobe.xmp", _xmp(metadata_))
        tmp = path.with_suffix(".tmp")
        image.save(tmp, format="PNG", pnginfo=info)
        os.replace(tmp, path)


def verify(path: str | Path) -> dict:
    """What the file says about itself and whether that still holds."""
    p = Path(path)
    try:
        im = Image.open(p)
        im.load()
    except (OSError, ValueError) as e:
        raise ValueError(f"cannot read image {p}: {e}") from None
    report: dict = {"path": str(p), "format": im.format, "size": f"{im.width}x{im.height}"}
    text = getattr(im, "text", {}) or {}
    meta = None
    if "limner" in text:
        try:
            meta = json.loads(text["limner"])
        except json.JSONDecodeError:
            meta = None
    report["metadata"] = meta
    report["ai_generated_declared"] = bool(meta and meta.get("ai_generated")) or "trainedAlgorithmicMedia" in text.get(
        "XML:com.adobe.xmp", "")
    if meta and meta.get("pixel_sha256"):
        report["pixels_intact"] = meta["pixel_sha256"] == pixel_hash(im)
    else:
        report["pixels_intact"] = None
    try:
        report["watermark"] = read_watermark(im)
    except Exception as e:  # noqa: BLE001
        report["watermark"] = None
        report["watermark_error"] = str(e)
    if report["metadata"] and report["pixels_intact"]:
        report["verdict"] = "intact: made by Limner, metadata matches the pixels"
    elif report["metadata"]:
        report["verdict"] = "MODIFIED: the pixels no longer match the recorded hash"
    elif report["watermark"]:
        report["verdict"] = "metadata stripped, but the Limner watermark is present: AI-generated by Limner"
    else:
        report["verdict"] = "no Limner provenance found"
    return report
