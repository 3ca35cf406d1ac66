"""What the invisible watermark survives: re-encodes, crops and resizes of watermarked 1024x1024 images.

    .venv/bin/python bench/watermark.py

The watermark is invisible-watermark's DWT-DCT-SVD (the one SDXL pipelines use), 32 bits. Prints, per
transformation, in how many of the test images it is still read back. The README states the result.
"""

from __future__ import annotations

import io

from limner.orchestrator.provenance import add_watermark, read_watermark
from PIL import Image
from skimage import data


def _encoded(im: Image.Image, fmt: str, **kw) -> Image.Image:
    buf = io.BytesIO()
    im.convert("RGB").save(buf, format=fmt, **kw)
    return Image.open(io.BytesIO(buf.getvalue()))


TRANSFORMS = {
    **{f"JPEG quality {q}": (lambda im, q=q: _encoded(im, "JPEG", quality=q)) for q in (50, 60, 75, 85, 90, 95)},
    "WebP quality 80": lambda im: _encoded(im, "WEBP", quality=80),
    "PNG re-save": lambda im: _encoded(im, "PNG"),
    "crop 800x800 (top left)": lambda im: im.crop((0, 0, 800, 800)),
    "crop 800x800 (centre)": lambda im: im.crop((112, 112, 912, 912)),
    "crop 3 px off the edges": lambda im: im.crop((3, 3, 1021, 1021)),
    "resize to 512": lambda im: im.resize((512, 512)),
    "resize to 1200": lambda im: im.resize((1200, 1200)),
}


def main() -> None:
    images = [Image.fromarray(f()).resize((1024, 1024)) for f in (data.astronaut, data.chelsea, data.coffee,
                                                                   data.rocket, data.immunohistochemistry)]
    marked = [add_watermark(im) for im in images]
    print(f"{'transformation':<28}{'watermark read':>16}")
    for name, f in TRANSFORMS.items():
        ok = sum(read_watermark(f(im)) for im in marked)
        print(f"{name:<28}{ok:>10}/{len(marked)}")


if __name__ == "__main__":
    main()
