import io

import numpy as np
from limner.orchestrator.config import load_config
from limner.orchestrator.provenance import ProvenanceSaver, read_watermark, verify
from PIL import Image


def _image():
    from skimage import data

    return Image.fromarray(data.astronaut()).resize((512, 512))


def test_metadata_roundtrip_edit_detection_and_watermark(tmp_path):
    cfg = load_config(None, home=tmp_path)
    path = tmp_path / "a.png"
    ProvenanceSaver(cfg).save(_image(), path, {"caption": "an astronaut", "seed": 9, "generator": "toyworld",
                                               "image_id": "0f" * 16})
    rep = verify(path)
    assert rep["metadata"]["caption"] == "an astronaut" and rep["metadata"]["ai_generated"] is True
    assert rep["ai_generated_declared"] and rep["pixels_intact"] and rep["watermark"]
    # edit the pixels, keep the metadata
    im = Image.open(path)
    arr = np.asarray(im).copy()
    arr[:40, :40] = 0
    edited = tmp_path / "edited.png"
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    for k, v in im.text.items():
        info.add_text(k, v)
    Image.fromarray(arr).save(edited, pnginfo=info)
    assert verify(edited)["verdict"].startswith("MODIFIED")
    # strip the metadata by re-encoding as JPEG quality 90: the watermark survives (what it survives and what
    # it does not is measured by bench/watermark.py and stated in the README)
    buf = io.BytesIO()
    Image.open(path).convert("RGB").save(buf, format="JPEG", quality=90)
    jpg = tmp_path / "a.jpg"
    jpg.write_bytes(buf.getvalue())
    assert read_watermark(Image.open(jpg))
    assert "watermark is present" in verify(jpg)["verdict"]
    # a crop loses it, and verify says so rather than claiming anything
    cropped = tmp_path / "crop.png"
    Image.open(path).crop((0, 0, 400, 400)).save(cropped)
    assert not read_watermark(Image.open(cropped)) and "watermark is present" not in verify(cropped)["verdict"]


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    import struct

    out, i = [], 8
    while i < len(data):
        (n,) = struct.unpack(">I", data[i:i + 4])
        out.append((data[i + 4:i + 8], data[i:i + 12 + n]))
        i += 12 + n
    return out


def _swap_pixels(signed: bytes, new_pixels: Image.Image) -> bytes:
    """The signed file with only its IDAT (pixel) chunks replaced: every metadata chunk, C2PA included, kept."""
    buf = io.BytesIO()
    new_pixels.save(buf, format="PNG")
    idat = b"".join(c for t, c in _chunks(buf.getvalue()) if t == b"IDAT")
    out, done = [signed[:8]], False
    for t, c in _chunks(signed):
        if t == b"IDAT":
            if not done:
                out.append(idat)
                done = True
        else:
            out.append(c)
    return b"".join(out)


def test_c2pa_manifest_is_signed_read_back_and_breaks_when_pixels_change(tmp_path):
    import os

    cfg = load_config(None, home=tmp_path / "home")
    path = tmp_path / "a.png"
    saver = ProvenanceSaver(cfg)
    saver.save(_image(), path, {"caption": "an astronaut", "seed": 9, "generator": "toyworld",
                                "image_id": "0f" * 16, "policy": []})
    # the key and certificate were made locally, private, and are reused
    key = tmp_path / "home" / "c2pa" / "signer-key.pem"
    assert key.exists() and os.stat(key).st_mode & 0o077 == 0
    assert ProvenanceSaver(cfg).credentials() == saver.credentials()
    c2 = verify(path)["c2pa"]
    assert c2["present"] and c2["valid"] and c2["ai_generated"], c2
    assert c2["generation"]["caption"] == "an astronaut" and c2["generation"]["seed"] == 9
    assert "Limner" in c2["claim_generator"]
    assert verify(path)["verdict"].startswith("intact")
    # change a corner of the pixels but keep every metadata chunk: the manifest's hash no longer matches
    arr = np.asarray(Image.open(path).convert("RGB")).copy()
    arr[:40, :40] = 0
    edited = tmp_path / "edited.png"
    edited.write_bytes(_swap_pixels(path.read_bytes(), Image.fromarray(arr)))
    rep = verify(edited)
    assert rep["c2pa"]["present"] and not rep["c2pa"]["valid"]
    assert rep["verdict"].startswith("MODIFIED: the C2PA manifest"), rep["verdict"]
