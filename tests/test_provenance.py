import io

import numpy as np
from PIL import Image

from orchestrator.config import load_config
from orchestrator.provenance import ProvenanceSaver, read_watermark, verify


def _image():
    from skimage import data

    return Image.fromarray(data.astronaut()).resize((512, 512))


def test_metadata_roundtrip_edit_detection_and_watermark(tmp_path):
    cfg = load_config(None, home=tmp_path)
    path = tmp_path / "a.png"
    ProvenanceSaver(cfg).save(_image(), path, {"caption": "an astronaut", "seed": 9, "generator": "toyworld",
                                               "session_id": "s", "turn_id": 1})
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
    # strip the metadata by re-encoding as JPEG quality 75: the watermark survives
    buf = io.BytesIO()
    Image.open(path).convert("RGB").save(buf, format="JPEG", quality=75)
    jpg = tmp_path / "a.jpg"
    jpg.write_bytes(buf.getvalue())
    assert read_watermark(Image.open(jpg))
    assert "watermark is present" in verify(jpg)["verdict"]
