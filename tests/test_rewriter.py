"""The rewriter's checks (faithfulness, edit, well-formedness, rule edits) and the real SmolLM2 rewriter."""

import json

import pytest
from limner.orchestrator.captions import (
    content_words,
    edit_applied,
    is_refinement,
    well_formed,
    word_count,
)
from limner.orchestrator.edits import rule_edit
from limner.orchestrator.faithfulness import check
from limner.orchestrator.rewriter import CaptionList, _schema
from limner.orchestrator.scenes import fallback_captions

CURRENT = ("A watercolor painting of a red house below a yellow sun, soft morning light, wide shot with plenty "
           "of space around the subject.")


def test_content_words_are_nouns_adjectives_numbers_and_colours():
    words = content_words("three blue birds sitting on a rusty fence at sunset")
    for w in ("three", "blue", "bird", "rusty", "fence", "sunset"):
        assert w in words
    assert "on" not in words and "a" not in words


@pytest.mark.parametrize("text,ok", [
    ("A watercolor painting of a blue house below a yellow sun, soft morning light.", True),
    ("A 3D render of two robots, 1980s style, neon-lit street at night.", True),
    (",bluehouse_sunlymorninglightfullshadeinwatercolor, soft morning light.", False),
    (". . *Pink Heart at sunset.** A photograph taken by a photographer.", False),
    ("A photo of a cat {\"captions\": [\"x\"]}", False),
    ("A photo of a supercalifragilisticexpialidociouslylong cat.", False),
    ("", False),
])
def test_well_formed_rejects_token_soup(text, ok):
    assert well_formed(text) is ok


@pytest.mark.parametrize("instruction,new,ok", [
    ("make the house blue",
     "A watercolor painting of a blue house below a yellow sun, soft morning light, wide shot with plenty of "
     "space around the subject.", True),
    # the change is applied but the sun is gone: the rest was not kept
    ("make the house blue", "A watercolor painting of a blue house, soft morning light, wide shot.", False),
    # the change is not applied
    ("make the house blue", CURRENT, False),
    ("now as an oil painting",
     "An oil painting of a red house below a yellow sun, soft morning light, wide shot with plenty of space "
     "around the subject.", True),
    ("add a dog on the left",
     "A watercolor painting of a red house below a yellow sun with a dog on the left, soft morning light, wide "
     "shot with plenty of space around the subject.", True),
    ("remove the sun",
     "A watercolor painting of a red house under a clear sky, soft morning light, wide shot with plenty of "
     "space around the subject.", True),
])
def test_edit_applied(instruction, new, ok):
    assert edit_applied(instruction, new, CURRENT) is ok


@pytest.mark.parametrize("instruction,expect", [
    ("make the house blue", "blue house below a yellow sun"),
    ("make it green", "green house below a yellow sun"),
    ("now as an oil painting", "An oil painting of a red house below a yellow sun"),
    ("now as a watercolor", "A watercolor painting of a red house"),
    ("add a black cat", "with a black cat"),
    ("remove the yellow sun", "A watercolor painting of a red house, soft morning light"),
    ("change the background to a snowy mountain", "set against a snowy mountain"),
])
def test_rule_edit(instruction, expect):
    out = rule_edit(CURRENT, instruction)
    assert out is not None and expect in out, out


def test_rule_edit_returns_none_for_what_it_cannot_do():
    assert rule_edit(CURRENT, "make it feel more melancholic") is None
    assert rule_edit(CURRENT, "remove the dragon") is None  # nothing to remove
    assert rule_edit(CURRENT, "replace the dragon with a cat") is None


@pytest.mark.parametrize("instruction,expect,gone", [
    ("change the count of the houses to 3", "three red houses below a yellow sun", None),
    ("make it two houses", "two red houses", None),
    ("change the material of the house to stone", "a red stone house", None),
    ("make the house out of glass", "a red glass house", None),
    ("replace the sun with a full moon", "a red house below a full moon,", "sun"),
    ("swap the house for a lighthouse", "of a lighthouse below a yellow sun", "red house"),
    ("move the sun to the left of the house", "yellow sun, the sun to the left of the house, soft", None),
    ("change the position of the sun to above of the house", "the sun above the house", None),
    ("add the text 'HOME' on the house", 'with the text "HOME" written on the house', None),
    ("Add text 'COZY' on the image", 'with the text "COZY" written on it', None),  # the text keeps its case
    ("change the color of the yellow sun to orange", "a red house below an orange sun", None),
    ("change the background to a beach, keep the house unchanged", "set against a beach", "unchanged"),
    ("remove the sun", "A watercolor painting of a red house, soft morning light", "sun"),
])
def test_rule_edit_on_a_written_caption(instruction, expect, gone):
    out = rule_edit(CURRENT, instruction)
    assert out is not None and expect in out.replace("a orange", "an orange"), out
    if gone:
        assert gone not in out.lower()
    assert edit_applied(instruction, out, CURRENT), out


def test_removing_a_thing_removes_the_clauses_about_it():
    cap = "A photo of a cat and a lamp, the lamp to the left of the cat, warm light."
    assert rule_edit(cap, "remove the lamp") == "A photo of a cat, warm light."


@pytest.mark.parametrize("text,current,refine", [
    ("make it blue", CURRENT, True),
    ("now as a watercolor", CURRENT, True),
    ("add a dog", CURRENT, True),
    ("a spaceship landing in a desert", CURRENT, False),
    ("make it blue", None, False),
    ("make a picture of a dog on a skateboard", CURRENT, False),
    ("draw me a castle in the clouds", CURRENT, False),
    ("make it a painting of the same house at night", CURRENT, True),
    ("get rid of the balloon", CURRENT, True),  # found by bench/rewrite_eval.py: these were taken as new requests
    ("write 'KEEP OUT' on the lighthouse", CURRENT, True),
    ("cozy rainy night", CURRENT, True),  # only when and how: "a woman reading in bed >> cozy rainy night"
    ("on a foggy morning", CURRENT, True),
    ("a rainy night in Paris", CURRENT, False),
    ("cozy rainy night", None, False),
])
def test_is_refinement(text, current, refine):
    assert is_refinement(text, current) is refine


def test_fallback_captions_are_faithful_diverse_and_15_to_80_words():
    req = "two green frogs on a lily pad"
    caps = fallback_captions(req, 4)
    assert len(set(caps)) == 4
    for c in caps:
        assert 15 <= word_count(c) <= 80 and check(req, c).ok and well_formed(c)
    long = fallback_captions("a " + "very " * 120 + "big dog", 1)[0]
    assert word_count(long) <= 80


def test_the_schema_fixes_the_number_of_captions():
    s = _schema(3)["properties"]["captions"]
    assert s["minItems"] == s["maxItems"] == 3
    assert CaptionList.model_validate_json(json.dumps({"captions": ["a" * 50]})).captions


# ----------------------------------------------------------------------------- the real packaged model


def test_real_rewriter_new_request_is_faithful_or_says_it_fell_back(components):
    rw = components["rewriter"]
    req = "a cat astronaut floating next to a red balloon"
    r = rw.rewrite(req, 3)
    assert r.mode == "new" and len(r.captions) == 3
    assert len({c.text for c in r.captions}) == 3  # diverse
    for c in r.captions:
        assert c.source in ("llm", "fallback")
        assert 15 <= word_count(c.text) <= 80
        assert check(req, c.text).ok, (c.text, check(req, c.text).problems())  # the checker's guard held
        assert c.text.startswith(("A ", "An ")) and "a cat astronaut floating next to a red balloon" in c.text
        assert well_formed(c.text)
    assert r.fallback_used == any(c.source == "fallback" for c in r.captions)
    if r.fallback_used:
        assert any("fallback" in n for n in r.notes)
    # reproducible: the same request gives the same captions
    assert [c.text for c in rw.rewrite(req, 3).captions] == [c.text for c in r.captions]
    # and the model does write captions: over a few ordinary requests, at least some are its own
    others = [rw.rewrite(t, 1) for t in ("a green apple on a wooden table", "a lighthouse at dusk",
                                         "two dogs playing in the snow")]
    assert any(c.source == "llm" for x in [r, *others] for c in x.captions)


def test_real_rewriter_refinement_edits_the_current_caption(components):
    import copy

    rw = copy.copy(components["rewriter"])
    rw.config = rw.config.model_copy(update={"rule_edits": "fallback"})  # the model tries first
    r = rw.rewrite("make the house blue", 2, current=CURRENT)
    assert r.mode == "refine" and len(r.captions) == 2
    for c in r.captions:
        low = c.text.lower()
        assert "blue" in low and "house" in low and "yellow" in low and "sun" in low, c.text
        assert edit_applied("make the house blue", c.text, CURRENT)


def test_rule_edits_first_skip_the_model_for_edits_the_rules_know(components):
    import copy

    rw = copy.copy(components["rewriter"])
    asked: list[str] = []

    def ask(prompt, n, attempt=0, **variables):
        asked.append(variables["request"])
        return None  # as if the model wrote nothing usable

    rw._ask = ask  # type: ignore[method-assign]
    r = rw.rewrite("replace the sun with a full moon", 2, current=CURRENT)
    assert asked == [] and not r.fallback_used
    assert [c.source for c in r.captions] == ["rule", "rule"]
    assert "below a full moon" in r.captions[0].text and "sun" not in r.captions[0].text
    # an edit no rule knows goes to the model; when the model cannot apply it either, nothing is appended: no
    # caption, and a note that says so
    r = rw.rewrite("make it feel more melancholic", 1, current=CURRENT)
    assert asked and r.fallback_used and r.captions == []
    assert "couldn't apply" in r.notes[-1] and "melancholic" in r.notes[-1]


def test_verbatim_sends_the_text_unchanged(components):
    r = components["rewriter"].rewrite("an odd prompt, exactly as typed", 2, verbatim=True)
    assert [c.text for c in r.captions] == ["an odd prompt, exactly as typed"] * 2 and r.mode == "verbatim"


def test_rule_edits_in_other_phrasings():
    """bench/data/edits_other_phrasings.csv: edits of written captions, phrased unlike EdiVal."""
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench/data/edits_other_phrasings.csv"
    for r in csv.DictReader(open(path, encoding="utf-8")):
        out = rule_edit(r["caption"], r["instruction"])
        assert out is not None, r["instruction"]
        low = out.lower()
        assert all(x.lower() in low for x in r["must_contain"].split(";") if x), (r["instruction"], out)
        assert not any(x.lower() in low for x in r["must_not_contain"].split(";") if x), (r["instruction"], out)
        assert well_formed(out), out


def test_a_refused_turn_and_a_rule_edit_never_load_the_language_model(tmp_path, rule_components):
    from limner.orchestrator import Orchestrator, load_config
    from limner.orchestrator.rewriter import LLMRewriter
    from limner.orchestrator.types import TurnStatus

    cfg = load_config(None, home=tmp_path)
    rw = LLMRewriter.from_config(cfg.rewriter, cache_dir=tmp_path / "cache")
    orch = Orchestrator(cfg, **{**rule_components, "rewriter": rw})
    s = orch.session()
    assert s.send("a naked child on a beach", dry_run=True).status == TurnStatus.refused
    assert s.send("a red ball on a wooden table", dry_run=True, verbatim=True).status == TurnStatus.dry_run
    r = s.send("make the ball blue", dry_run=True)
    assert r.status == TurnStatus.dry_run and r.captions[0].source == "rule" and "blue ball" in r.revised_prompts[0]
    assert not rw.loaded
    orch.close()


@pytest.mark.slow
def test_the_packaged_gguf_is_converted_once_and_the_cache_is_the_same_model(tmp_path):
    import torch
    from limner.orchestrator.rewriter import load_causal_lm
    from limner.policies.packaged import smollm2_gguf

    folder, gguf = smollm2_gguf()
    tok, first = load_causal_lm(str(folder), gguf, tmp_path)
    cached = [p for p in (tmp_path / "llm").iterdir() if p.is_dir()]
    assert len(cached) == 1 and (cached[0] / "model.safetensors").exists() and gguf.removesuffix(".gguf") in cached[0].name
    tok2, second = load_causal_lm(str(folder), gguf, tmp_path)
    assert second.name_or_path == str(cached[0])  # read from the cache, not from the GGUF
    ids = tok("a red ball on a wooden table", return_tensors="pt").input_ids
    assert tok2("a red ball on a wooden table", return_tensors="pt").input_ids.tolist() == ids.tolist()
    with torch.no_grad():
        assert torch.equal(first(ids).logits, second(ids).logits)


def test_a_rewriter_model_that_cannot_load_is_a_clear_error_not_a_silent_fallback(tmp_path):
    from limner.orchestrator.config import RewriterConfig
    from limner.orchestrator.rewriter import LLMRewriter
    from limner.orchestrator.types import LimnerError

    rw = LLMRewriter.from_config(RewriterConfig(model=str(tmp_path / "no-such-model")))
    with pytest.raises(LimnerError, match="rewriter.model="):
        rw.rewrite("a red ball on a wooden table", 1)


@pytest.mark.parametrize("current,instruction,expect,gone", [
    ("A photo of a red house below a yellow sun, warm golden-hour light, eye-level view.", "make it night time",
     "yellow sun, at night under a dark starry sky, eye-level view.", "golden-hour"),
    ("A photo of a lighthouse on a cliff at night.", "make it daytime", "on a cliff, in bright daylight.", "night"),
    ("A watercolor painting of a cat on a sofa, soft morning light.", "now at sunset", "at sunset", "morning"),
    ("A 3D rendering of a red house.", "now as a watercolor", "A watercolor painting of a red house.", "rendering"),
    ("A photo of a man playing guitar on a stage.", "make the guitar red", "playing a red guitar", "playing red"),
    ("A photo of a girl holding her umbrella.", "make the umbrella yellow", "holding her yellow umbrella", "her a "),
])
def test_rule_edits_read_as_english(current, instruction, expect, gone):
    out = rule_edit(current, instruction)
    assert out is not None and expect in out and gone not in out, out


@pytest.mark.parametrize("turns,kept,absent", [
    (["a mosque during friday prayers", "a man in a suit parks outside", "he walks in and joins the prayer"],
     ["mosque", "man in a suit", "joins the prayer"], []),
    (["a knight in a forest", "a dragon appears", "he draws his sword"], ["knight", "forest", "dragon", "sword"], []),
    (["a boy, 8, at the park", "a man walks a puppy past the swings", "the boy asks if he can pet it"],
     ["park", "puppy", "pet it"], []),
    (["a cat on a sofa", "a man rides a horse on the beach"], ["horse"], ["cat", "sofa"]),  # a new picture
    (["a red house below a yellow sun", "make the house blue"], ["blue house", "yellow sun"], []),  # an edit
])
def test_a_turn_that_carries_on_the_picture_keeps_its_scene(tmp_path, rule_components, turns, kept, absent):
    """Drawn alone, "he walks in and joins the prayer" had no mosque and "the boy asks if he can pet it" could not
    be applied as an edit: a turn that tells what happens next (someone arrives, or a sentence about someone in
    the picture) is written with the user's words for the picture before it (``captions.carries_on``). A new
    picture and an edit are not."""
    from limner.orchestrator import Orchestrator, load_config
    from limner.orchestrator.types import TurnStatus

    orch = Orchestrator(load_config(None, home=tmp_path, rewriter={"model": "none"}), **rule_components)
    s = orch.session()
    for t in turns[:-1]:
        s.send(t, dry_run=True)
    r = s.send(turns[-1], dry_run=True)
    orch.close()
    assert r.status == TurnStatus.dry_run, r.refusal_message
    cap = r.revised_prompts[0]
    assert all(k in cap.lower() for k in kept) and not any(a in cap.lower() for a in absent), cap
    assert well_formed(cap) and ". ." not in cap, cap
    assert r.mode == ("refine" if turns[-1].startswith("make") else "new")


@pytest.mark.parametrize("instruction,expect", [
    ("make it look like a watercolour", "A watercolour painting of a woman reading in a café"),
    ("make it a crayon drawing", "A crayon drawing of a woman reading in a café"),
    ("turn the picture into an oil painting", "An oil painting of a woman reading in a café"),
    ("in the style of a woodcut print", "A woodcut print of a woman reading in a café"),
    ("now as a pencil sketch, please", "A pencil sketch of a woman reading in a café"),
])
def test_a_change_of_medium_said_the_way_people_say_it(instruction, expect):
    """"make it look like a watercolour" after a picture was not applied ("no edit rule knows it"), found in the
    forty-sixth red-team table's harmless conversations."""
    out = rule_edit("A detailed digital illustration of a woman reading in a café. Soft morning light.", instruction)
    assert out is not None and out.startswith(expect), out


def test_a_scene_carried_on_keeps_a_private_name_masked(tmp_path, rule_components):
    """Found trying the change as a stranger: the scene a turn carries on was written from the user's raw words, so
    "draw Tomasz Nowak reading in a café" (masked as "a person" in its own caption) came back by name in the next
    turn's caption. The picture's words are now treated by the policies as the turn's own were."""
    from limner.orchestrator import Orchestrator, load_config

    orch = Orchestrator(load_config(None, home=tmp_path, rewriter={"model": "none"}), **rule_components)
    s = orch.session()
    first = s.send("draw Tomasz Nowak reading in a café", dry_run=True)
    r = s.send("his dog sleeps at his feet", dry_run=True)
    orch.close()
    assert "nowak" not in first.revised_prompts[0].lower()
    cap = r.revised_prompts[0].lower()
    assert "nowak" not in cap and "tomasz" not in cap and "café" in cap and "dog" in cap, cap
