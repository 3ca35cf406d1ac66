"""A new request's captions, faithful by construction: the user's words are the caption's subject, kept as
they are; only the scene around them is written, in five fields (medium, setting, lighting, composition, mood).

The language model fills the fields (``prompts/scene_system.txt``, grammar-constrained JSON); code assembles
the caption. Each field the model wrote is checked alone (``field_problems``: no new person, animal or object,
nothing of the subject repeated or recoloured, nothing that contradicts the request) and a field that fails is
replaced from fixed lists. A field the request already fixes (it names a medium, a place, a time of day or a
viewpoint) is not added at all. Without a model every field comes from the fixed lists (``fallback_captions``).

    A watercolor painting of a red house below a yellow sun, in a quiet meadow with rolling hills.
    Soft golden evening light, centered and seen from eye level, a calm and peaceful mood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from limner.policies.languages import detect
from limner.policies.packaged import known_form
from pydantic import BaseModel, Field

from .captions import COLOR_WORDS, well_formed, word_count
from .faithfulness import CONFLICTS, Parsed, allowed_words, contradictions, parse, section_words

FIELDS = ("medium", "setting", "lighting", "composition", "mood")
# the sections of prompts/scene_words.txt whose nouns each field may use: light may come "through the window",
# a composition has a horizon and may speak of light but has no windows, a mood no objects at all
FIELD_NOUNS = {"medium": ("medium", "composition"), "setting": ("setting", "lighting"),
               "lighting": ("lighting", "setting"), "composition": ("composition", "lighting"),
               "mood": ("mood", "lighting")}
# fields that name no colour: "white and black colors" in a composition recolours the subject
_NO_COLOURS = ("composition", "mood")
# families in which one field may not say two things ("on a dark and stormy night in the morning")
_ONE_OF = ("time of day", "season", "weather", "viewpoint")


class Scene(BaseModel):
    """One scene as the model answers it. The lengths are the grammar's (``schema``: 2 to 9 words of at most
    25 characters), so that an answer the grammar allowed always validates; the field checks shorten it."""

    medium: str = Field(min_length=3, max_length=260)
    setting: str = Field(min_length=3, max_length=260)
    lighting: str = Field(min_length=3, max_length=260)
    composition: str = Field(min_length=3, max_length=260)
    mood: str = Field(min_length=3, max_length=260)


class SceneList(BaseModel):
    scenes: list[Scene] = Field(min_length=1)


def schema(n: int) -> dict:
    """The JSON schema the model's answer is constrained to: ``n`` scenes of five short strings."""
    word = "[a-z]{1,12}(-[a-z]{1,10})?('s)?"  # "soft", "low-key", "sun's"; never "ayeti's'n's"
    text = {"type": "string", "pattern": f"^{word}(,? {word}){{1,8}}$"}  # 2-9 words
    props = dict.fromkeys(FIELDS, text) | {"medium": {"type": "string", "enum": MEDIA_CHOICES}}
    scene = {"type": "object", "additionalProperties": False, "required": list(FIELDS), "properties": props}
    return {"type": "object", "additionalProperties": False, "required": ["scenes"],
            "properties": {"scenes": {"type": "array", "minItems": n, "maxItems": n, "items": scene}}}


# the media the model chooses from (the grammar allows no other)
MEDIA_CHOICES = [
    "a high-resolution photo", "a studio photo", "a film photograph", "a macro photo", "an oil painting",
    "a watercolor painting", "an acrylic painting", "a gouache painting", "a pencil sketch", "a charcoal drawing",
    "an ink drawing", "a digital illustration", "a detailed digital painting", "a vector illustration",
    "a storybook illustration", "a 3D render", "a low poly render", "a claymation still", "a pixel art picture",
    "a paper cut-out collage", "a linocut print", "a comic book panel", "a pastel drawing", "a concept art painting"]

# the fixed lists: a template caption's fields, and a model field's replacement
TEMPLATE = {
    "medium": ["a detailed digital illustration", "a high-resolution photo", "an oil painting", "a 3D render",
               "a watercolor painting", "a pencil sketch", "a vector illustration", "a pixel art picture"],
    "setting": [],  # never invented: a place the user did not ask for could contradict what they meant
    "lighting": ["soft morning light", "warm golden-hour light", "even studio lighting", "cool overcast daylight",
                 "dramatic side lighting", "gentle diffused light"],
    "composition": ["centered composition", "wide shot with open space all around",
                    "close-up with a shallow depth of field", "eye-level view", "balanced symmetrical layout",
                    "three-quarter view"],
    "mood": ["crisp fine detail", "rich textures", "a clean simple background", "subtle shadows",
             "vivid but natural colours", "a calm atmosphere"],
}
_MEDIUM_WORDS = {
    "photo", "photograph", "photography", "photorealistic", "painting", "watercolor", "watercolour", "acrylic",
    "gouache", "sketch", "drawing", "illustration", "render", "rendering", "3d", "cgi", "pixel", "anime", "manga",
    "cartoon", "comic", "poster", "isometric", "style", "vector", "mosaic", "woodcut", "claymation", "sculpture",
    "lithograph", "engraving", "etching", "linocut", "artwork", "painted", "drawn", "sketched", "polaroid",
    "collage", "panel", "print"}
_PLACE = {w for g in CONFLICTS["place"] for w in g} | {
    "beach", "shore", "sea", "ocean", "city", "town", "village", "road", "alley", "square", "harbour", "harbor",
    "valley", "space", "underwater", "station", "market", "yard", "pier", "lake", "cafe", "planet",
    # where a person is ("a woman reading in bed" drew "on the floor of a room" as its setting)
    "bed", "bath", "bathtub", "tub", "shower", "pool", "classroom", "church", "garden", "playground", "stage"}
_LIGHTING = {w for g in CONFLICTS["time of day"] for w in g} | {"morning", "light", "lit", "glowing", "neon"}
_VIEW = {w for k in ("viewpoint", "framing") for g in CONFLICTS[k] for w in g} | {"view", "angle", "portrait"}
_PREPOSITIONS = ("in ", "on ", "at ", "under ", "above ", "inside ", "by ", "near ", "beside ", "against ",
                 "among ", "across ", "along ", "floating ", "set ", "surrounded ", "amid ", "over ", "before ",
                 "beneath ", "below ", "within ", "outside ", "with ", "through ", "behind ", "beyond ", "around ",
                 "atop ", "underneath ", "next to ", "viewed ", "seen ", "perched ", "resting ", "standing ",
                 "sitting ", "lying ", "hanging ", "placed ", "deep ", "high ", "far ")


@dataclass
class Subject:
    """The request as a caption's subject, and which fields it already fixes."""

    request: str
    text: str  # "a red house below a yellow sun"; "a scene in which the dog chases a ball"
    fixed: set[str]  # fields not to add: 'medium' when the request names one, 'setting', 'lighting', 'composition'
    parsed: Parsed


_ASKING = re.compile(
    r"^(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?(?:draw|create|generate|make|paint|render|"
    r"show|give|imagine|design)(?:\s+me)?\s+(?=\w)|^(?:i(?:'d| would)?\s+(?:want|like|need|love)\s+(?:to see\s+)?)",
    re.I)


def subject_of(request: str) -> Subject:
    """The request's words as the subject of a caption: the asking removed ("can you draw"), "there is X" and
    "X is doing" made into a noun phrase, anything else that is a sentence put as "a scene in which ..."."""
    text = " ".join(request.strip().split()).rstrip(".!?")
    text = _ASKING.sub("", text).strip() or text
    text = re.sub(r"^(?:an?\s+)?(?:picture|image|pic)\s+of\s+", "", text, flags=re.I)
    text = re.sub(r"^there (?:is|are)\s+", "", text, flags=re.I)
    first, rest = re.match(r"(.*?(?:[.!?](?=\s)|$))(.*)", text, re.S).groups()  # "a dog is running. It barks."
    text = re.sub(r"\b(?:is|are)\s+(?=\w+ing\b)", "", first) + rest  # the first sentence as a noun phrase
    if detect(text).english:  # another language's words are kept as written ("ein Mann ...", not "an ein Mann")
        text = _as_noun_phrase(text)
    parsed = parse(text)
    words = parsed.words
    fixed = set()
    if words & _MEDIUM_WORDS:
        fixed.add("medium")
    if words & _PLACE:
        fixed.add("setting")
    if words & _LIGHTING:
        fixed.add("lighting")
    if words & _VIEW:
        fixed.add("composition")
    return Subject(request, text, fixed, parsed)


def _as_noun_phrase(text: str) -> str:
    """'The dog chases a ball' -> 'a scene in which the dog chases a ball'; 'steampunk owl' -> 'a steampunk owl';
    'A red ball' -> 'a red ball' (it follows 'A photo of')."""
    from .faithfulness import parser

    doc = parser()(text)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root is not None else None
    if root is not None and root.tag_ in ("VBZ", "VBP") and subj is not None and subj.left_edge.i == 0:
        return "a scene in which " + (text[0].lower() + text[1:] if doc[0].tag_ != "NNP" else text)
    first = doc[0] if len(doc) else None
    if first is not None and first.lower_ in ("a", "an", "the", "one", "two", "three", "four", "five", "six",
                                              "seven", "some", "many", "several") and first.text[0].isupper():
        return text[0].lower() + text[1:]
    chunk = next((c for c in doc.noun_chunks if c.start == 0), None)
    if chunk is not None and chunk.root.tag_ == "NN" and chunk.root.lower_ != "art" and not _uncountable(
            chunk.root.lower_) and not any(t.dep_ in ("det", "nummod", "poss") for t in chunk):
        return ("an " if text[0].lower() in "aeiou" else "a ") + text[0].lower() + text[1:]
    return text


# nouns that take no "a": "an oil painting of silence", not "of a silence"
_UNCOUNTABLE = {
    "hope", "love", "fear", "joy", "grief", "peace", "time", "silence", "courage", "freedom", "chaos", "nostalgia",
    "melancholy", "gravity", "anger", "trust", "faith", "wisdom", "beauty", "truth", "hunger", "death", "life",
    "nature", "music", "rain", "snow", "fog", "mist", "light", "darkness", "water", "fire", "smoke", "sadness",
    "happiness", "loneliness", "solitude", "serenity", "despair", "rage", "bliss", "luck", "magic", "space",
    "infinity", "eternity", "memory", "childhood", "youth", "summer", "winter", "autumn", "spring"}


def _uncountable(noun: str) -> bool:
    return noun in _UNCOUNTABLE or noun.endswith(("ness", "ity", "ism", "dom", "hood", "ence", "ance"))


_DANGLING = {"a", "an", "the", "of", "in", "on", "at", "to", "with", "and", "or", "by", "from", "for", "into", "over",
             "under", "above", "below", "its", "their", "his", "her", "my", "your", "that", "which", "as", "is", "are",
             "this", "these", "through", "behind", "near", "onto", "up", "while", "but", "overlooking", "looking",
             # a clause cut off after its subject ("on the floor of a room where she")
             "she", "he", "they", "it", "we", "you", "who", "whose", "where", "when", "than", "those", "some"}


_SHOT = re.compile(r"\b(?:shot|close-?ups?|closeup)\b")


def _one_shot_size(value: str) -> str:
    """A composition names one shot size: the later parts that name one again go ("mid-range shot, medium shot",
    "long shot, wide shot")."""
    parts, seen = [], False
    for part in value.split(", "):
        if _SHOT.search(part):
            if seen:
                continue
            seen = True
        parts.append(part)
    return ", ".join(parts)


def clean_field(name: str, value: str) -> str:
    """A field as it goes into the caption: one line, no quotes, no trailing words left dangling by the length
    limit ("on a hill above the" -> "on a hill"), a setting that starts with a preposition, a medium with an
    article, a composition with one shot size."""
    value = " ".join(value.replace('"', "").split()).strip(" .,;:")
    words = value.split()
    while words and words[-1].lower().strip(",") in _DANGLING:
        words.pop()
    value = " ".join(words).strip(" ,")
    if value[:1].isupper() and not value[:2].isupper():
        value = value[0].lower() + value[1:]
    if name == "setting" and value and not value.lower().startswith(_PREPOSITIONS):
        value = "in " + value
    if name == "medium" and value and not re.match(r"^(?:an?|the)\s", value, re.I):
        value = ("an " if value[0].lower() in "aeiou" else "a ") + value
    if name == "composition":
        value = _one_shot_size(value)
    return value


def field_problems(subject: Subject, name: str, value: str, beside: frozenset[str] = frozenset()) -> list[str]:
    """Why a field the model wrote cannot be used (empty: it can): not English, too long, a noun that is
    neither a scene word nor ... (a new person, animal or object), a thing of the request said again (a second
    house, a house recoloured), one of the request's colours, or a contradiction with the request."""
    if not value or not well_formed(value) or word_count(value) > 14 or _unknown_word(value) or _odd_compound(value):
        return [f"{name}: not a short English phrase"]
    field = parse(value)
    mine = {t.noun for t in subject.parsed.things}
    problems = []
    allowed = _field_nouns(name)
    for t in field.things:
        if t.noun in mine or t.noun.rstrip("s") in mine:
            problems.append(f"{name}: says {t.noun!r} again")
        elif t.noun not in allowed and t.noun.rstrip("s") not in allowed and t.noun not in COLOR_WORDS:
            problems.append(f"{name}: adds {t.noun!r}" + (" (a scene word, but not of this field)"
                                                          if t.noun in allowed_words() else ""))
    colours = (subject.parsed.words & COLOR_WORDS) & field.words
    if colours:
        problems.append(f"{name}: uses the request's colour {sorted(colours)[0]!r}")
    elif name in _NO_COLOURS and field.words & COLOR_WORDS:
        problems.append(f"{name}: names a colour ({sorted(field.words & COLOR_WORDS)[0]!r})")
    for family in _ONE_OF:
        said = [sorted(g & field.words)[0] for g in CONFLICTS[family] if g & field.words]
        if len(said) > 1:
            problems.append(f"{name}: says both {said[0]!r} and {said[1]!r}")
    problems += [f"{name}: {c}" for c in contradictions(subject.parsed.words, field.words)]
    # nor with the fields already taken for this caption ("on a moonlit night" ... "morning sunlight")
    problems += [f"{name}: {c.replace('the request', 'another field')}" for c in contradictions(beside, field.words)]
    problems += [f"{name}: {why}" for why in _adds_risk(subject, value)]
    if name == "medium" and not field.words & _MEDIUM_WORDS:
        problems.append("medium: names no medium")
    return problems


@cache
def _field_nouns(name: str) -> frozenset[str]:
    sections = section_words()
    return frozenset().union(*(sections.get(k, frozenset()) for k in FIELD_NOUNS[name]))


# mood words a scene never adds: they sexualise whatever the subject is ("a teenager at a party ... a small,
# intimate view"); "romantic" too when the request is about a minor, or about someone who may be one: a later turn
# can give an age ("a grandma and her granddaughter baking" drew "romantic" light, then "the girl is 6" was
# refused for it). The policies' risk terms are refused as well.
_NEVER_ADD = {"intimate", "alluring", "flirty", "flirtatious", "sultry", "suggestive", "sensuous", "tantalizing"}
_NOT_WITH_MINORS = {"romantic", "romance", "passionate", "dreamy"}
# tender moods read as sexual next to a bed or a bath ("a woman reading in bed ... a warm, loving mood": the
# classifier then refused adding a cat to it, sexual 0.66)
_NOT_IN_BED = {"loving", "tender", "tenderness", "romantic", "romance", "passionate", "dreamy", "sensual"}
_IN_BED = re.compile(r"\b(?:bed|beds|bedroom|bath|baths|bathtub|tub|shower|sheets|duvet|pillows?)\b")
# who may be a child besides the minors rule's signs (risk term "minor": "girl", "granddaughter", "kid", ...):
# words that name children as often as adults, too broad for the rule itself ("a student in lingerie" passes)
_MAY_BE_A_CHILD = re.compile(r"\b(?:students?|pupils?|siblings?|brothers?|sisters?)\b")


def _adds_risk(subject: Subject, value: str) -> list[str]:
    from limner.policies.risk import risk_terms

    words = set(re.findall(r"[a-z]+", value.lower()))
    asked = risk_terms(subject.request)
    bad = sorted(words & _NEVER_ADD) + sorted(t for t in risk_terms(value) if t not in asked)
    if asked & {"minor"} or any(t.startswith("age:") for t in asked) or _MAY_BE_A_CHILD.search(subject.request.lower()):
        bad += sorted(words & _NOT_WITH_MINORS)
    elif _IN_BED.search(subject.request.lower()):
        bad += sorted(words & _NOT_IN_BED)
    return [f"adds {b!r}" for b in bad]


def _odd_compound(value: str) -> bool:
    """A made-up hyphenated word: three parts or more ("large-ish-slim"), or an "-ish" one."""
    return any(w.count("-") >= 2 or w.endswith("-ish") for w in re.findall(r"[a-z'-]+", value.lower()))


def _unknown_word(value: str) -> bool:
    """A long word that is in no dictionary (Webster's word list, the text encoder's vocabulary, the scene
    words), not even without an ending ("cluttered" -> "clutter"), is, in a small model's answer, almost always
    two words glued together ("ofthetower", "isntetentlty") or none at all."""
    known = _known_words()
    return any(len(w) >= 8 and not known_form(w, known) for w in re.findall(r"[a-z]+", value.lower()))


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """The dictionary, the scene words and the media, joined once (240,000 words: not at every field)."""
    from limner.policies.packaged import dictionary_words

    return dictionary_words() | allowed_words() | _MEDIUM_WORDS


def compose(subject: Subject, fields: dict[str, str]) -> str:
    """The caption: '<Medium> of <subject> <setting>. <Lighting>, <composition>, <mood>.' (fields the request
    fixes, or that are empty, left out)."""
    medium = fields.get("medium") if "medium" not in subject.fixed else None
    head = f"{medium} of {subject.text}" if medium else subject.text
    setting = fields.get("setting") if "setting" not in subject.fixed else None
    first = f"{head}, {setting}" if setting else head
    rest = [fields[k] for k in ("lighting", "composition", "mood") if fields.get(k) and k not in subject.fixed]
    caption = _sentence(first) + (" " + _sentence(", ".join(rest)) if rest else "")
    words = caption.split()
    if len(words) > 80:  # a long request: its own words first, the scene cut
        caption = " ".join(words[:80]).rstrip(",;") + "."
    return caption


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "."


def template_fields(subject: Subject, i: int, need: tuple[str, ...] = FIELDS,
                    beside: frozenset[str] = frozenset()) -> dict[str, str]:
    """Fields from the fixed lists for caption ``i`` (a different one for each caption), skipping any that
    would contradict the request ("eye-level view" for a top-down request)."""
    out = {}
    for name in need:
        options = TEMPLATE[name]
        for k in range(len(options)):
            value = options[(i * (2 if name == "composition" else 1) + k + (name == "composition")) % len(options)]
            if not contradictions(subject.parsed.words | beside, _option_words(value)):
                out[name] = value
                break
    return out


def _words_of(fields: dict[str, str]) -> frozenset[str]:
    return frozenset().union(*(_option_words(v) for v in fields.values()))


@lru_cache(maxsize=256)
def _option_words(value: str) -> set[str]:
    """The words of a fixed-list option (parsed once, not at every caption)."""
    return parse(value).words


def fallback_captions(text: str, n: int) -> list[str]:
    """Deterministic, faithful, diverse captions built around the user's own words (no language model)."""
    subject = subject_of(text)
    out = []
    for i in range(n):
        out.append(_compose_padded(subject, template_fields(subject, i), i))
    return out


def _compose_padded(subject: Subject, fields: dict[str, str], i: int) -> str:
    """``compose``, with details from the fixed lists added while the caption is under 15 words."""
    cap = compose(subject, fields)
    details = TEMPLATE["mood"]
    for k in range(1, len(details)):
        if word_count(cap) >= 15:
            break
        extra = details[(i + k) % len(details)]
        if extra not in cap:
            fields["mood"] = f"{fields['mood']}, {extra}" if fields.get("mood") else extra
            cap = compose(subject, fields)
    return cap


@dataclass
class Built:
    caption: str
    from_model: list[str]  # fields the model wrote that were used
    replaced: list[str]  # "<field>: <why>" for model fields replaced from the fixed lists


def build(subject: Subject, scene: dict[str, str], i: int) -> Built:
    """One caption from one scene of the model: checked fields kept, the rest from the fixed lists."""
    fields, used, replaced = {}, [], []
    for name in FIELDS:
        if name in subject.fixed:
            continue
        value = clean_field(name, scene.get(name, ""))
        why = field_problems(subject, name, value, _words_of(fields))
        if why:
            replaced += why[:1]
        else:
            fields[name] = value
            used.append(name)
    missing = tuple(f for f in FIELDS if f not in fields and f not in subject.fixed and f != "setting")
    fields.update(template_fields(subject, i, missing, _words_of(fields)))
    return Built(_compose_padded(subject, fields, i), used, replaced)
