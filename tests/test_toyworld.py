"""The embedded toy-world model: the world, the checker, and the miniature latent-diffusion pipeline."""

import random

import pytest
import torch
from limner.orchestrator.toyworld.checker import judge, load_checker, read_images
from limner.orchestrator.toyworld.pipeline import ToyWorldPipeline
from limner.orchestrator.toyworld.world import (
    BACKGROUNDS,
    COLORS,
    SHAPES,
    caption,
    parse_caption,
    render,
    sample_scene,
)


def test_world_has_the_required_variety():
    assert len(SHAPES) >= 12 and len(COLORS) >= 8 and len(BACKGROUNDS) >= 4


def test_captions_parse_back_to_their_scene():
    rng = random.Random(0)
    for _ in range(300):
        s = sample_scene(rng, "any")
        p = parse_caption(caption(s, rng))
        assert p is not None and p.key() == s.key()


def test_checker_reads_true_renders():
    rng = random.Random(1)
    scenes = [sample_scene(rng, "heldout") for _ in range(64)]
    seen = read_images(load_checker(), [render(s, rng) for s in scenes])
    ok = sum(all(judge(v, s).values()) for v, s in zip(seen, scenes, strict=True))
    assert ok / 64 >= 0.85


def test_the_embedded_model_is_a_latent_diffusion_pipeline_that_saves_and_loads(tmp_path):
    pipe = ToyWorldPipeline.from_embedded()
    assert pipe.unet.config.in_channels == pipe.vae.config.latent_channels
    assert pipe.unet.config.sample_size * 2 ** (len(pipe.vae.config.block_out_channels) - 1) == 64
    pipe.save_pretrained(tmp_path / "tw")
    assert not (tmp_path / "tw" / "text_encoder").exists()  # the encoder is not duplicated
    again = ToyWorldPipeline.from_pretrained(tmp_path / "tw")
    g = [torch.Generator().manual_seed(0)]
    a = pipe("a red circle", num_inference_steps=3, generator=g, output_type="np").images
    g = [torch.Generator().manual_seed(0)]
    b = again("a red circle", num_inference_steps=3, generator=g, output_type="np").images
    assert (a == b).all() and a.shape == (1, 64, 64, 3)


def test_the_same_seed_gives_the_same_image_and_another_seed_another():
    pipe = ToyWorldPipeline.from_embedded()

    def draw(seed):
        return pipe("a blue star on a white background", num_inference_steps=4,
                    generator=[torch.Generator().manual_seed(seed)], output_type="np").images[0]

    assert (draw(3) == draw(3)).all()
    assert (draw(3) != draw(4)).any()


def test_a_refinement_can_follow_the_old_caption_for_its_first_steps():
    """``layout_prompt``: the first ``layout_steps`` steps follow the caption of the picture being changed. All
    steps on it draw that picture exactly; none draw the new caption as without it; bad values are errors."""
    pipe = ToyWorldPipeline.from_embedded()
    old, new = "a red circle on a white background", "a blue circle on a white background"

    def draw(prompt, **kw):
        return pipe(prompt, num_inference_steps=6, generator=[torch.Generator().manual_seed(11)], output_type="np",
                    **kw).images[0]

    before, after = draw(old), draw(new)
    assert (draw(new, layout_prompt=old, layout_steps=6) == before).all()
    assert (draw(new, layout_prompt=old, layout_steps=0) == after).all()
    assert (draw(new, layout_prompt=old, layout_steps=2) != after).any()
    with pytest.raises(ValueError, match="layout_steps"):
        draw(new, layout_prompt=old, layout_steps=7)
    with pytest.raises(ValueError, match="layout_prompt"):
        draw(new, layout_prompt=[old, old], layout_steps=2)


def test_the_text_encoder_is_loaded_once_not_at_every_generation(rule_components, monkeypatch):
    """Each call runs on a copy of the pipeline (a scheduler of its own); what the copy loads lazily is lost with
    it, so the generator loads the encoder and the checker up front, once."""
    from limner.orchestrator.generator import GenerationJob
    from limner.orchestrator.toyworld import model

    gen = rule_components["generator"]
    _ = gen.pipe
    loads = []
    monkeypatch.setattr(model.TextEncoder, "__init__", lambda self, *a, **k: loads.append(1) or None)
    job = GenerationJob(captions=["a red ball"], seeds=[1], width=64, height=64, steps=2, guidance=3.0)
    assert gen.generate(job)[0].image is not None and gen.generate(job)[0].image is not None
    assert loads == []
