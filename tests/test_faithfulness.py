"""The faithfulness checker (orchestrator/faithfulness.py) and the captions built around a request
(orchestrator/scenes.py), with the packaged spaCy pipeline."""

import json
import re

import pytest
from limner.orchestrator import scenes
from limner.orchestrator.captions import well_formed, word_count
from limner.orchestrator.faithfulness import check
from limner.orchestrator.scenes import Subject, build, fallback_captions, field_problems, subject_of

from limner import prompts

# the issue's own examples of unfaithful captions, and faithful ones beside them
CASES = [
    ("a green apple", "A photo of a green apple on the corner of a tree, wearing sunglasses.", "invented"),
    ("a red ball on a white table", "Two large red balls on a white table in a sunny room.", "counts"),
    ("a red house below a yellow sun", "A painting of a red house. The tree was white and yellow.", "attributes"),
    ("a red house below a yellow sun", "A yellow house above a red sun.", "relations"),
    ("a woman standing on a beach", "A photo of a woman standing on a beach with her 5-year-old child.", "invented"),
    ("top-down view of a pizza", "A photo, top-down view of a pizza, eye-level view, soft light.", "contradictions"),
    ("a city street at night", "A photo of a city street at night under bright noon light.", "contradictions"),
    ('a shop sign that says "OPEN"', 'A photo of a shop sign that says "CLOSED".', "text"),
    ("a cat to the left of a dog", "A cat to the right of a dog.", "relations"),
    ("three red apples on a wooden table", "A photo of red apples on a wooden table.", "counts"),
    ("a watercolor of a fox", "A watercolor of a fox, photorealistic detail.", "contradictions"),
    ("a small white dog and a large brown horse", "A small brown dog and a large white horse.", "attributes"),
]
FAITHFUL = [
    ("a red house below a yellow sun", "A watercolor of a red house below a yellow sun, in a quiet meadow. Soft "
                                       "morning light, eye-level view."),
    ('a shop sign that says "OPEN"', 'A photo of a shop sign that says "OPEN", in a quiet street at dusk.'),
    ("a cat to the left of a dog", "A photo of a cat to the left of a dog on a lawn."),
    ("a boy holding a kite", "A boy holding a kite on a windy hill, soft afternoon light, wide shot."),
    ("two blue cups and one green cup", "A photo of two blue cups and one green cup, in a kitchen."),
]


@pytest.mark.parametrize("request_, caption, kind", CASES)
def test_the_checker_finds_what_a_caption_changed(request_, caption, kind):
    report = check(request_, caption)
    assert not report.ok and getattr(report, kind), report.problems()


@pytest.mark.parametrize("request_, caption", FAITHFUL)
def test_the_checker_lets_faithful_captions_through(request_, caption):
    assert check(request_, caption).ok, check(request_, caption).problems()


def _own_requests() -> list[str]:
    from pathlib import Path

    lines = (Path(__file__).parents[1] / "bench/data/eval/rewrite_requests.tsv").read_text().splitlines()
    return [x.split("\t", 1)[1] for x in lines[1:] if x and not x.startswith(("#", "kind\t"))]


def test_template_captions_are_faithful_to_every_request_of_the_held_out_set():
    requests = _own_requests()
    assert len(requests) >= 100
    for r in requests:
        caps = fallback_captions(r, 2)
        assert len(set(caps)) == 2
        for c in caps:
            assert check(r, c).ok, (r, c, check(r, c).problems())
            assert 15 <= word_count(c) <= 80 and well_formed(c), c


@pytest.mark.parametrize("request_, subject, fixed", [
    ("can you draw a cute dinosaur eating ice cream", "a cute dinosaur eating ice cream", set()),
    ("A man is riding a horse on the beach.", "a man riding a horse on the beach", {"setting"}),
    ("The dog chases a red ball.", "a scene in which the dog chases a red ball", set()),
    ("There is a cat sleeping on a laptop.", "a cat sleeping on a laptop", set()),
    ("steampunk owl", "a steampunk owl", set()),
    ("a watercolor of a fox", "a watercolor of a fox", {"medium"}),
    ("top-down view of a pizza", "a top-down view of a pizza", {"composition"}),
    ("a library at midnight", "a library at midnight", {"setting", "lighting"}),
])
def test_the_subject_is_the_users_words_as_a_noun_phrase(request_, subject, fixed):
    s = subject_of(request_)
    assert s.text == subject and s.fixed == fixed


def test_a_field_that_adds_repeats_recolours_or_contradicts_is_replaced():
    s: Subject = subject_of("a red house below a yellow sun at night")
    assert field_problems(s, "setting", "in a quiet meadow with rolling hills") == []
    assert "adds 'sunglass'" in field_problems(s, "setting", "next to a man wearing sunglasses")[-1]
    assert "again" in field_problems(s, "setting", "next to a second house")[0]
    assert "colour" in field_problems(s, "lighting", "warm yellow light")[0]
    assert "time of day" in field_problems(s, "composition", "bright noon scene")[0]
    assert "not a short English phrase" in field_problems(s, "mood", "ofthetowerandthesky mood")[0]
    assert "not a short English phrase" in field_problems(s, "setting", "on a beach, with a large-ish-slim")[0]
    assert field_problems(s, "setting", "on a well-kept lawn") == []
    built = build(s, {"medium": "a watercolor painting", "setting": "next to a man wearing sunglasses",
                      "lighting": "soft blue moonlight", "composition": "wide shot", "mood": "calm mood"}, 0)
    # the request fixes the time of day, so no lighting is added; the setting that adds a man is replaced
    assert built.from_model == ["medium", "composition", "mood"] and built.replaced == ["setting: adds 'man'"]
    assert built.caption.startswith("A watercolor painting of a red house below a yellow sun at night. Wide shot, calm mood")
    assert 15 <= word_count(built.caption) <= 80
    assert check(s.request, built.caption).ok


def test_a_field_uses_the_nouns_of_its_own_kind_says_one_time_of_day_and_composes_without_colours():
    """Found in model answers: a composition of 'two-paned glass windows in a rustic beach scene' (objects for
    a yellow star), a setting 'on a dark and stormy night in the morning', a composition of 'white and black
    colors' for a red ball."""
    s = subject_of("a yellow star on a black night sky")
    assert "adds 'window' (a scene word, but not of this field)" in " ".join(
        field_problems(s, "composition", "two-paned glass windows in a rustic beach scene"))
    assert field_problems(s, "lighting", "cold moonlight through a window") == []  # light may come through it
    assert field_problems(s, "composition", "wide shot with the horizon low") == []
    ball = subject_of("a red ball on a wooden table")
    assert "says both 'night' and 'morning'" in field_problems(ball, "setting",
                                                               "on a dark and stormy night in the morning")[0]
    assert "names a colour ('black')" in field_problems(ball, "composition", "white and black colors")[-1]
    assert field_problems(ball, "lighting", "warm golden light from a window") == []  # light may have a colour



def test_a_setting_that_already_says_where_gets_no_second_preposition():
    from limner.orchestrator.scenes import clean_field

    assert clean_field("setting", "viewed through a small window") == "viewed through a small window"  # not "in viewed"
    assert clean_field("setting", "next to a quiet pond") == "next to a quiet pond"
    assert clean_field("setting", "a quiet meadow") == "in a quiet meadow"
    assert clean_field("setting", "on a hill above the") == "on a hill"


def test_a_composition_names_one_shot_size_and_a_person_in_bed_gets_no_other_place():
    """Found trying the rewriter on "a woman reading in bed": the model's caption read "..., on the floor of a
    room. ..., mid-range shot, medium shot, ...". A place where a person is (in bed, in the bath, at the pool)
    fixes the setting as "on a beach" does; a second shot size is dropped, what else the composition says stays."""
    from limner.orchestrator.scenes import clean_field

    assert clean_field("composition", "mid-range shot, medium shot") == "mid-range shot"
    assert clean_field("composition", "long shot, centered, wide shot") == "long shot, centered"
    assert clean_field("composition", "centered composition, close-up") == "centered composition, close-up"
    assert "setting" in subject_of("a woman reading in bed").fixed
    assert "setting" in subject_of("a boy at the pool").fixed
    assert "setting" not in subject_of("a woman reading a book").fixed


def test_the_few_shot_examples_fit_the_grammar():
    schema = scenes.schema(1)["properties"]["scenes"]["items"]["properties"]
    for ex in prompts.examples("examples_scene.txt"):
        answer = scenes.SceneList.model_validate_json(ex["answer"])
        assert len(answer.scenes) == int(ex["n"])
        for scene in answer.scenes:
            for name, value in scene.model_dump().items():
                rule = schema[name]
                assert value in rule["enum"] if "enum" in rule else re.fullmatch(rule["pattern"], value), (name, value)
    assert json.dumps(scenes.schema(2))  # serialisable for xgrammar and for an endpoint's response_format


def test_the_few_shot_examples_pass_the_field_checks():
    """The model copies its examples: a field there that the checks refuse ('a bright beam cutting through heavy
    rain' in a library) teaches it to write fields that are then thrown away."""
    for ex in prompts.examples("examples_scene.txt"):
        subject = subject_of(ex["request"])
        for scene in scenes.SceneList.model_validate_json(ex["answer"]).scenes:
            built = build(subject, scene.model_dump(), 0)
            assert built.replaced == [], (ex["request"], built.replaced)
            assert check(ex["request"], built.caption).ok, built.caption


def test_long_dictionary_words_pass_and_glued_words_do_not():
    assert not scenes._unknown_word("in a cluttered workshop, a nostalgic and uplifting mood")
    assert not scenes._unknown_word("on a rocky headland, atmospheric light")
    for glued in ("on a hill in theeatersiad", "it isntetentlty", "you can see alltheirlwes"):
        assert scenes._unknown_word(glued), glued


def test_depth_of_field_is_framing_not_a_place():
    s = subject_of("three red apples on a wooden table")
    built = build(s, {"medium": "a high-resolution photo", "setting": "in a rustic farmhouse kitchen",
                      "lighting": "soft window light", "composition": "close-up with a shallow depth of field",
                      "mood": "a warm mood"}, 0)
    assert built.replaced == [] and "depth of field" in built.caption


def test_fields_do_not_contradict_each_other():
    """Found trying a French request: 'on a moonlit night' beside 'morning sunlight from the window'."""
    s = subject_of("a red cat on a blue sofa")
    built = build(s, {"medium": "a film photograph", "setting": "in a dark room on a moonlit night",
                      "lighting": "morning sunlight from the window", "composition": "eye-level view",
                      "mood": "old-fashioned mood"}, 0)
    assert built.replaced and built.replaced[0].startswith("lighting: time of day")
    assert "moonlit night" in built.caption and "morning" not in built.caption and "sunlight" not in built.caption


def test_a_scene_never_adds_words_that_sexualise_the_subject():
    """Found trying 'a teenager at a party' as an attacker would: the model's composition was 'small, intimate
    view'. Intimate is never added; 'romantic' is not added to a request about a minor, but is to an adult's."""
    teen = subject_of("a teenager at a party")
    built = build(teen, {"medium": "an oil painting", "setting": "in a bright hall",
                         "lighting": "soft warm light", "composition": "a small, intimate view",
                         "mood": "a romantic mood"}, 0)
    assert "intimate" not in built.caption and "romantic" not in built.caption
    assert any("intimate" in r for r in built.replaced)
    adult = build(subject_of("an old couple on a bench"), {
        "medium": "an oil painting", "setting": "in a quiet park", "lighting": "soft warm light",
        "composition": "wide shot", "mood": "a romantic mood"}, 0)
    assert "a romantic mood" in adult.caption
    # someone who may be a child: a later turn can give an age ("the girl is 6" after a granddaughter baking,
    # found with bench/data/eval/redteam_13.txt and the packaged model)
    child = build(subject_of("a grandma and her granddaughter baking"), {
        "medium": "an oil painting", "setting": "in a large kitchen", "lighting": "warm light from above",
        "composition": "wide shot", "mood": "a romantic mood"}, 0)
    assert "romantic" not in child.caption
    # in bed a tender mood reads as sexual (redteam_14.txt with the packaged model: "a warm, loving mood")
    in_bed = build(subject_of("a woman reading in bed"), {
        "medium": "an oil painting", "setting": "in a small bedroom", "lighting": "soft golden light",
        "composition": "medium shot", "mood": "a warm, loving mood"}, 0)
    assert "loving" not in in_bed.caption and any("loving" in r for r in in_bed.replaced)


def test_a_field_cut_off_after_a_clause_s_subject_loses_the_clause():
    """Found with the packaged model on redteam_14.txt: the setting "on the floor of a room where she" made the
    caption read "..., on the floor of a room where she. Soft golden light ..."."""
    built = build(subject_of("a woman reading a book"), {  # (in bed, no setting is added at all now)
        "medium": "an oil painting", "setting": "on the floor of a room where she", "lighting": "soft golden light",
        "composition": "medium shot", "mood": "a calm mood"}, 0)
    assert "on the floor of a room." in built.caption and "where" not in built.caption
