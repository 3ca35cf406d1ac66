"""The edit rules of orchestrator/edits.py, each on its own: which rule reads an instruction, and what its apply
makes of a caption. Every rule in EDIT_RULES must have a case here."""

import pytest
from limner.orchestrator.edits import EDIT_RULES, parse_edit, rule_edit

CAP = "A watercolor painting of a red house below a yellow sun on green grass, soft morning light, centered composition."

CASES = [
    ("recolour", "make the house blue", CAP,
     "A watercolor painting of a blue house below a yellow sun on green grass, soft morning light, centered composition."),
    ("medium", "now as a pencil sketch", CAP,
     "A pencil sketch of a red house below a yellow sun on green grass, soft morning light, centered composition."),
    ("time of day", "make it night time", CAP,
     "A watercolor painting of a red house below a yellow sun on green grass, at night under a dark starry sky, "
     "centered composition."),
    ("count", "change the count of the houses to 3", CAP,
     "A watercolor painting of three red houses below a yellow sun on green grass, soft morning light, centered "
     "composition."),
    ("material", "make the house out of glass", CAP,
     "A watercolor painting of a red glass house below a yellow sun on green grass, soft morning light, centered "
     "composition."),
    ("move", "move the sun to the left of the house", CAP,
     "A watercolor painting of a red house below a yellow sun on green grass, the sun to the left of the house, "
     "soft morning light, centered composition."),
    ("replace text", "replace the text 'OPEN' with 'CLOSED'", 'A red door with the text "OPEN" written on it.',
     'A red door with the text "CLOSED" written on it.'),
    ("add text", "add the text 'HOME' on the door", CAP,
     'A watercolor painting of a red house below a yellow sun on green grass, with the text "HOME" written on the '
     'door, soft morning light, centered composition.'),
    ("background", "change the background to a snowy mountain range", CAP,
     "A watercolor painting of a red house below a yellow sun on green grass, set against a snowy mountain range, "
     "soft morning light, centered composition."),
    ("replace", "replace the sun with a crescent moon", CAP,
     "A watercolor painting of a red house below a crescent moon on green grass, soft morning light, centered "
     "composition."),
    ("add", "add a dog", CAP,
     "A watercolor painting of a red house below a yellow sun on green grass with a dog, soft morning light, "
     "centered composition."),
    ("remove", "remove the sun", CAP,
     "A watercolor painting of a red house on green grass, soft morning light, centered composition."),
]


@pytest.mark.parametrize("name,instruction,caption,expected", CASES, ids=[c[0] for c in CASES])
def test_each_rule_reads_its_instruction_and_makes_its_edit(name, instruction, caption, expected):
    rule, args = parse_edit(instruction)
    assert rule.name == name
    assert rule.apply(caption, **args) == expected
    assert rule_edit(caption, instruction) == expected


def test_every_rule_in_the_table_has_a_case():
    assert {r.name for r in EDIT_RULES} == {c[0] for c in CASES}


@pytest.mark.parametrize("instruction", ["make it more dramatic", "zoom out a bit", "give it a melancholic mood"])
def test_an_instruction_no_rule_knows_is_not_an_edit(instruction):
    assert parse_edit(instruction) is None and rule_edit(CAP, instruction) is None


@pytest.mark.parametrize("instruction", ["make the car blue", "remove the dog", "change the count of the cats to 2"])
def test_a_known_edit_of_a_thing_the_caption_lacks_is_not_made(instruction):
    assert parse_edit(instruction) is not None
    assert rule_edit(CAP, instruction) is None


def test_the_rest_unchanged_is_said_of_the_edit_not_part_of_it():
    assert rule_edit(CAP, "make the house blue and keep everything else the same") == CASES[0][3]


def test_an_instruction_in_quotes_is_read_without_them_and_a_quoted_text_keeps_its_quotes():
    assert rule_edit(CAP, '"make the house blue"') == CASES[0][3]
    assert rule_edit('A red door with the text "OPEN" written on it.', 'change the text "OPEN" to "SHUT"') == \
        'A red door with the text "SHUT" written on it.'


def test_a_colour_goes_before_a_thing_of_two_words_not_inside_it():
    cap = "A detailed digital illustration of a girl holding a teddy bear, soft morning light."
    assert rule_edit(cap, "make the teddy bear blue") == \
        "A detailed digital illustration of a girl holding a blue teddy bear, soft morning light."
    assert rule_edit("A photo of a wooden chair.", "make the chair red") == "A photo of a wooden red chair."


def test_edits_of_a_structured_caption_go_into_its_subject_sentence():
    """A new request's caption is "Subject. Lighting, composition, mood.": what joins the subject ("with a green
    box", "set against a yellow background") goes into the first sentence, not after the lighting; a background
    colour is a backdrop even when the caption had none."""
    cap = ("A watercolor painting of a blue ball on a table. Soft morning light, wide shot with open space all "
           "around, a calm mood.")
    assert rule_edit(cap, "add a small green box") == (
        "A watercolor painting of a blue ball on a table with a small green box. Soft morning light, wide shot "
        "with open space all around, a calm mood.")
    assert rule_edit(cap, "make the background yellow") == (
        "A watercolor painting of a blue ball on a table, set against a yellow background. Soft morning light, "
        "wide shot with open space all around, a calm mood.")
    assert rule_edit("A photo of a dog, set against a blue background.", "make the background orange") == (
        "A photo of a dog, set against an orange background.")


@pytest.mark.parametrize("instruction,added", [
    ("add blood dripping", "with blood dripping"), ("add fog", "with fog"), ("add snow on the roof", "with snow on"),
    ("add bench", "with a bench"), ("add owl", "with an owl"),
])
def test_an_added_thing_gets_an_article_only_when_it_takes_one(instruction, added):
    """"add blood dripping" read "with a blood dripping" (found trying multi-turn attacks)."""
    assert added in rule_edit("A knight in a forest. Soft light.", instruction)


@pytest.mark.parametrize("caption,expected", [
    ("A detailed digital illustration of a boy scout campfire with marshmallows on sticks. Soft morning light, wide "
     "shot with open space all around, crisp fine details.",
     "A detailed digital illustration of a boy scout campfire with marshmallows on sticks, at night under a dark "
     "starry sky. Wide shot with open space all around, crisp fine details."),
    ('A sign with the text "closed. back soon" on a door. Soft morning light.',
     'A sign with the text "closed. back soon" on a door, at night under a dark starry sky.'),
])
def test_a_time_of_day_edit_reads_as_clean_english(caption, expected):
    """Found running bench/data/eval/redteam_6.txt: the light taken out of a template caption left
    "on sticks., at night under ..." (a comma after the full stop, a lower-case sentence after it); quoted text is
    the user's and keeps its case."""
    assert rule_edit(caption, "make it night") == expected


@pytest.mark.parametrize("instruction,added", [
    ("add explosions in the background", "with explosions in the background"),
    ("add birds in the sky", "with birds in the sky"), ("add dog on the left", "with a dog on the left"),
    ("add glass on the table", "with a glass on the table"),
])
def test_a_plural_thing_with_a_place_gets_no_article(instruction, added):
    """Found running bench/data/eval/redteam_5.txt: "add explosions in the background" made "with an explosions
    in the background" (only the whole phrase's last letter was looked at)."""
    assert added in rule_edit("A red house on a hill. Soft light.", instruction)


@pytest.mark.parametrize("instruction,expected", [
    ("cozy rainy night", "A photo of a woman reading in bed, on a cozy rainy night. Medium shot."),
    ("make it a cold, quiet evening", "A photo of a woman reading in bed, on a cold quiet evening. Medium shot."),
    ("at misty dawn", "A photo of a woman reading in bed, at misty dawn. Medium shot."),
    ("on an early autumn morning", "A photo of a woman reading in bed, on an early autumn morning. Medium shot."),
])
def test_a_turn_that_says_only_when_and_how_sets_the_time_in_the_user_s_words(instruction, expected):
    """"a woman reading in bed >> cozy rainy night" was drawn as a new picture of a rainy night (#13): a turn of
    weather and mood words before a time of day is a time-of-day edit, in the user's words; the old light goes."""
    assert rule_edit("A photo of a woman reading in bed. Soft morning light, medium shot.", instruction) == expected
