"""Edits of the current caption by rule, without the language model: "make the house blue", "now as a
watercolor", "make it night time", "change the count of the apples to 3", "make the table out of marble",
"move the cat to the left of the sofa", "replace the text 'OPEN' with 'CLOSED'", "add the text 'SALE'",
"change the background to a beach", "replace the dog with a cat", "add a red bench", "remove the dog".

``EDIT_RULES`` is the table: each ``EditRule`` has a ``parse`` (is the instruction this kind of edit, and with
what arguments?) and an ``apply`` (make it on a caption, or None when the caption has no such object). The
first rule that parses the instruction decides; ``rule_edit`` returns None for an instruction no rule knows or
an edit it cannot make, and the caller says so (an instruction is never appended to a caption as raw text).
Each rule finds its object in any caption ("the shirt" in "a black cotton shirt") and rewrites it in place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .captions import COLOR_WORDS, KEEP_REST, MATERIALS, MEDIA, NUMBERS, SCENE_TURN, tagger

_ADJ = {"wood": "wooden"}
_DET = r"(?:(?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|\d+)\s+)"
# what ties an object to the rest of a caption; removing the object removes its tie too
_TIE = (r"(?:,\s*|\s+(?:and|with|next to|beside|below|above|under|beneath|behind|over|near|on top of|in front of|"
        r"on|in|inside|into|at|by|from|against|among|between|around|through|across|along|[a-z]+ing)\s+)")
_WHERE = (r"(?:\s+(?:on|to|at|in)?\s*(?:the\s+)?(?:left|right|top|bottom|above|below|front|back|middle|center|"
          r"centre)(?:\s+side)?(?:\s+of\s+(?:the\s+|an?\s+)?[a-z][\w -]*?)?(?=\s+and\s|\s+with\s|,|\.|$))")


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
        if w in mods or w in COLOR_WORDS or w in MATERIALS or w in _SIZES:
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


def _first_clause(cap: str) -> tuple[str, str, str]:
    """(the caption's first clause, the separator after it, the rest): the subject clause ends at the first
    comma or full stop ("A watercolor of a red house. Soft light, ..." -> "A watercolor of a red house")."""
    body = cap.rstrip().rstrip(".")
    m = next((m for m in re.finditer(r", |\. ", body) if body.count('"', 0, m.start()) % 2 == 0), None)  # not in quotes
    return (body[:m.start()], m.group(), body[m.end():]) if m else (body, "", "")


def _article_before(head: str, word: str) -> str:
    """``head`` (the text before ``word``) with its last word, if an indefinite article, made to fit ``word``:
    "a blue ball" recoloured orange is "an orange ball"."""
    m = re.search(r"\b(an?|An?) $", head)
    if not m:
        return head
    article = _a(word).strip()
    return head[:m.start()] + (article.capitalize() if m.group(1)[0] == "A" else article) + " "


def _after_subject(cap: str, clause: str) -> str:
    """Insert ``clause`` after the caption's first clause (its subject)."""
    first, sep, rest = _first_clause(cap)
    return f"{first}, {clause}{sep + rest if sep else ''}."


def _with(cap: str, phrase: str) -> str:
    """Add "with ``phrase``" to the caption's first clause (its subject)."""
    first, sep, rest = _first_clause(cap)
    return f"{first} with {phrase}{sep}{rest}."


def _tidy(text: str) -> str:
    """Clean English after a phrase was taken out: no doubled spaces or commas, no comma after a full stop
    ("sticks., wide shot"), and a capital letter after every full stop."""
    text = re.sub(r"\s{2,}", " ", text)
    text = re.sub(r"\s+([,.])", r"\1", text)
    text = re.sub(r",\s*,", ",", text)
    text = re.sub(r"\.\s*,\s*", ". ", text)
    return _capitalise_sentences(text).strip()


_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|st|no|approx|ca)\.$", re.I)


def _capitalise_sentences(text: str) -> str:
    """A capital letter after a full stop, except after an abbreviation ("e.g.") and inside quoted text, which is
    the user's and is kept as written."""
    out, quoted = [], False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        if not quoted and ch.islower() and i >= 2 and text[i - 1] == " " and text[i - 2] in ".!?" \
                and not _ABBREVIATION.search(text[max(0, i - 8):i - 1]):
            ch = ch.upper()
        out.append(ch)
    return "".join(out)


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


# --------------------------------------------------------------------------- the rules

Args = dict[str, str]


@dataclass(frozen=True)
class EditRule:
    """One kind of edit. ``parse(ins, raw)`` gets the instruction in lower case and as written (without "now",
    "please" or "and keep the rest unchanged") and returns the edit's arguments, or None when the instruction is
    not this kind of edit; ``apply(caption, **arguments)`` returns the edited caption, or None when it cannot
    be made on this caption."""

    name: str
    parse: Callable[[str, str], Args | None]
    apply: Callable[..., str | None]


def _parse_recolour(ins: str, raw: str) -> Args | None:
    # "make it blue", "make the house blue", "change the color of the car to green"
    m = (re.match(_LEAD + rf"(?:change|set|make) the colou?r of (.+?) (?:to|into) ({_COLOR_PHRASE})$", ins)
         or re.match(_LEAD + r"(?:make|turn|paint|change|colou?r)\s+(?:it|them|(?:the|a|an)\s+([a-z' -]+?))\s+"
                     rf"(?:to\s+|into\s+)?({_COLOR_PHRASE})$", ins))
    return {"target": m.group(1) or "", "color": m.group(2)} if m else None


def recolour(cap: str, target: str, color: str) -> str | None:
    """The colour of ``target`` (or, with no target, of the caption's first coloured thing or first noun)."""
    if target:
        span = _find(cap, target)
        if span is None and re.sub(_DET, "", target + " ").strip() in ("background", "backdrop"):
            return change_background(cap, f"{_a(color)}{color} background", "yes")  # "make the background yellow"
        if span is None:
            return None
        s, e = span
        cm = re.search(rf"\b({_COLOR_PHRASE})\b", cap[s:e], re.I)
        if cm:
            return _article_before(cap[:s + cm.start()], color) + color + cap[s + cm.end():]
        # the colour goes before the thing's own words ("a wooden red chair", "a blue teddy bear")
        phrase = re.search(rf"\b{re.escape(re.sub(rf'^{_DET}', '', target.strip().lower()))}", cap[s:e], re.I)
        head = s + phrase.start() if phrase else (cap.rfind(" ", s, e) + 1 or s)
        before = cap[:s].split()[-1:] or [""]
        bare = not _with_det(cap, (s, e))[2] and s > 0 and cap[e - 1:e] != "s" and not (
            before[0].lower() in _POSSESSIVES or before[0].lower().endswith(("'s", "’s")))
        det = _a(color) if bare else ""
        return cap[:s] + det + cap[s:head] + color + " " + cap[head:]  # "playing guitar" -> "a red guitar"
    mm = re.search(rf"\b({_COLOR_PHRASE})\b", cap, re.I)
    if mm:
        return _article_before(cap[:mm.start()], color) + color + cap[mm.end():]
    nlp = tagger()
    if nlp is not None:
        for tok in nlp(cap):
            if tok.pos_ == "NOUN" and tok.i > 0 and tok.text.lower() not in {m.split()[-1] for m in MEDIA}:
                return cap[:tok.idx] + color + " " + cap[tok.idx:]
    return None


def _parse_medium(ins: str, raw: str) -> Args | None:
    # "now as a watercolor", "make it an oil painting", "as a pencil sketch", "in pixel art", "make it look like a
    # watercolour", "turn the picture into a crayon drawing", "in the style of a woodcut print"
    m = re.match(_LEAD + r"(?:(?:make|render|do|redo|turn|paint|draw|change|convert|show) (?:it|this|that|the (?:picture|"
                 r"image|scene|drawing|photo)) |make it look |have it look |)"
                 r"(?:like |as |in |into |to |in the style of |as if it were |the style of )?(?:an? )?(?:the )?"
                 rf"({_MEDIA_ALT})(?: style| version| instead)?(?:,? please)?$", ins)
    return {"medium": m.group(1)} if m else None


def change_medium(cap: str, medium: str) -> str:
    art = _a(medium).strip().capitalize()
    if medium in ("watercolor", "watercolour"):
        medium += " painting"
    pat = re.compile(rf"^(?:an? |the )?(?:[a-z-]+ ){{0,2}}?({_MEDIA_ALT})\b(?:\s+(?:of|showing|with|depicting))?", re.I)
    mm = pat.match(cap)
    rest = cap[mm.end():].lstrip() if mm else cap[0].lower() + cap[1:]
    return f"{art} {medium} of {rest}"


def _parse_time(ins: str, raw: str) -> Args | None:
    # "make it night time", "now at sunset", "make it daytime", "change the time of day to dawn"
    m = re.match(_LEAD + r"(?:make it|set it|now|change it to|turn it(?: into)?|change the time(?: of day)? to|"
                 r"make the scene|have it)?\s*(?:be |happen )?(?:at |in the |during the |during |by )?"
                 rf"({'|'.join(TIMES_OF_DAY)})(?: ?time)?$", ins)
    return {"time": m.group(1)} if m else None


def _parse_atmosphere(ins: str, raw: str) -> Args | None:
    # "cozy rainy night", "on a foggy morning", "make it a cold, quiet evening"
    m = SCENE_TURN.match(" ".join(ins.split()))
    if not m:
        return None
    mood = re.sub(r",? and |, ", " ", m.group("mood")).strip()
    return {"time": m.group("time").replace("nighttime", "night").replace("daytime", "day"), "mood": mood}


_DAY_PARTS = {"night", "morning", "evening", "afternoon", "day"}


def change_time_of_day(cap: str, time: str, mood: str = "") -> str:
    """What the caption said about the time of day or its light goes; the new time follows the subject ("at
    night under a dark starry sky"; with the user's words for it, "on a cozy rainy night")."""
    body = _tidy(_TIME_PHRASE.sub("", cap.rstrip().rstrip("."))).rstrip(",. ")
    if mood:
        phrase = f"on {_a(mood)}{mood} {time}" if time in _DAY_PARTS else f"at {mood} {time}"
    else:
        phrase = TIMES_OF_DAY[time]
    return _after_subject(body + ".", phrase)


def _parse_recount(ins: str, raw: str) -> Args | None:
    # "change the count of the apples to 4", "make it three cats", "make there be 2 dogs"
    m = re.match(_LEAD + r"(?:change|set|make) the (?:count|number) of (.+?) (?:to|into) (\d+|[a-z]+)$", ins)
    if m:
        return {"thing": m.group(1), "n": m.group(2)}
    m = re.match(_LEAD + r"(?:make (?:it|them|there be)|show|use) (\d+|two|three|four|five|six|seven|eight|nine|"
                 r"ten) (.+)$", ins)
    return {"thing": m.group(2), "n": m.group(1)} if m else None


def recount(cap: str, thing: str, n: str) -> str | None:
    n = NUMBERS.get(n, n)
    if n not in NUMBERS.values():
        return None
    span = _find(cap, thing)
    if span is None:
        return None
    s, e, _ = _with_det(cap, span)
    words = cap[span[0]:span[1]].split()
    words[-1] = words[-1] if n == "one" else _plural(words[-1])
    return cap[:s] + f"{n} " + " ".join(words) + cap[e:]


def _parse_material(ins: str, raw: str) -> Args | None:
    # "change the material of the mug to glass", "make the table out of marble"
    m = (re.match(_LEAD + r"(?:change|set|make) the material of (.+?) (?:to|into) (.+)$", ins)
         or re.match(_LEAD + r"make (?:the )?(.+?) (?:out of|from|of) (.+)$", ins))
    mat = m.group(2).strip("'\" ") if m else ""
    # "make the house from a different angle" is not a material: a later rule gets it
    if m and mat and ("material" in ins or mat.split()[0] in MATERIALS | set(_ADJ)) \
            and re.fullmatch(r"[a-z][a-z -]{1,30}", mat):
        return {"thing": m.group(1), "material": mat}
    return None


def change_material(cap: str, thing: str, material: str) -> str | None:
    mat = _ADJ.get(material, material)
    span = _find(cap, thing)
    if span is None:
        return None
    s, e = span
    old = [w for w in re.findall(r"[A-Za-z][\w'-]*", cap[s:e]) if w.lower() in MATERIALS]
    if old:
        om = re.search(rf"\b{re.escape(old[0])}\b", cap[s:e])
        return cap[:s + om.start()] + mat + cap[s + om.end():]  # type: ignore[union-attr]
    head = cap.rfind(" ", s, e) + 1 or s  # "a red stone house": the material goes next to the noun
    return cap[:head] + mat + " " + cap[head:]


_RELATION = {"left": "to the left of", "right": "to the right of", "top": "on top of", "bottom": "below",
             "front": "in front of", "over": "above", "beside": "next to"}


def _parse_move(ins: str, raw: str) -> Args | None:
    # "move the cat to the left of the dog", "change the position of the lamp to above of the table"
    m = (re.match(_LEAD + r"change the position of (.+?) to (?:the )?(left|right|above|below|top|bottom|front|behind|"
                  r"next to|under|over|beside)(?: side)?(?: of)? (.+)$", ins)
         or re.match(_LEAD + r"(?:move|put|place) (.+?) (?:to |on |at )?(?:the )?(left|right|above|below|top|bottom|"
                     r"front|behind|next to|under|over|beside)(?: side)?(?: of)? (.+)$", ins))
    if not m:
        return None
    placing = "yes" if re.match(r"^(?:now |please |also )?(?:put|place)\b", ins) else ""
    return {"thing": m.group(1), "relation": _RELATION.get(m.group(2), m.group(2)),
            "ref": re.sub(rf"^{_DET}", "", m.group(3)), "placing": placing}


def move(cap: str, thing: str, relation: str, ref: str, placing: str = "") -> str | None:
    """``thing`` goes ``relation`` ``ref`` (its old place is dropped); with "put"/"place" (``placing``) a thing
    the caption does not have yet is added there."""
    span = _find(cap, thing)
    if _find(cap, ref) is None:
        return None
    name = re.sub(rf"^{_DET}", "", thing)
    if span is None:  # "put a boat to the left of the lighthouse": a new thing, placed
        if not placing:
            return None
        return _with(cap, f"{'' if name.endswith('s') else _a(name)}{name} {relation} the {ref}")
    body = cap[:span[1]] + re.sub(rf"^{_WHERE}", "", cap[span[1]:], flags=re.I)  # its old place goes
    return _tidy(_after_subject(body, f"the {name} {relation} the {ref}"))


def _parse_retext(ins: str, raw: str) -> Args | None:
    # "replace the text 'OPEN' with 'CLOSED'" (the quoted text keeps its case: read from ``raw``)
    m = re.match(r"^(?:now |please )?(?:replace|change) the (?:text|words?|writing|sign) ['\"“‘](.+?)['\"”’]"
                 r"(?: on (.+?))? (?:with|to|into) ['\"“‘](.+?)['\"”’]$", raw, re.I)
    return {"old": m.group(1), "on": m.group(2) or "", "new": m.group(3)} if m else None


def replace_text(cap: str, old: str, new: str, on: str = "") -> str:
    om = re.search(rf"['\"“‘]?{re.escape(old)}['\"”’]?", cap, re.I)
    if om:
        return cap[:om.start()] + f'"{new}"' + cap[om.end():]
    where = f"the {re.sub(rf'^{_DET}', '', on)}" if on else "it"
    return _tidy(_after_subject(cap, f'with the text "{new}" written on {where}'))


def _parse_add_text(ins: str, raw: str) -> Args | None:
    # "add text 'SALE' on the sign", "write 'HELLO' on it"
    m = re.match(r"^(?:now |please |also )?(?:add|write|put) (?:the |a )?(?:text|words?|caption|sign|title)?\s*"
                 r"['\"“‘](.+?)['\"”’](?: (?:on|onto|across|at) (?:the )?(.+?))?$", raw, re.I)
    return {"new": m.group(1), "on": (m.group(2) or "").lower()} if m else None


def add_text(cap: str, new: str, on: str = "") -> str:
    where = "it" if not on or on in ("image", "picture", "photo", "top", "it") else f"the {on}"
    return _tidy(_after_subject(cap, f'with the text "{new}" written on {where}'))


def _parse_background(ins: str, raw: str) -> Args | None:
    # "change the background to a beach", "set it on a beach"
    m = (re.match(_LEAD + r"(?:change|set|make|replace) the (?:background|setting|scene|backdrop|location|place) "
                          r"(?:to|into|with) (.+)$", ins)
         or re.match(_LEAD + r"(?:move|set|put|place|take|relocate) (?:the scene|the whole scene|it|them|everything|"
                             r"this|the setting) (?:to|in|into|at|on) (.+)$", ins))
    return {"background": m.group(1).strip(), "backdrop": "yes" if "background" in ins else ""} if m else None


def change_background(cap: str, background: str, backdrop: str = "") -> str:
    """A place in the subject's clause is replaced ("playing chess in a park" -> "in a library"), unless the
    user said "background" (``backdrop``); else the caption's backdrop clause, or a new one."""
    bg = background
    first, sep, rest = cap.rstrip(".").partition(", ")
    where = re.search(r"\s+(?:in|at|on|inside) (?:a|an|the) [^,]+$", first)
    if where and not backdrop:
        place = bg if re.match(_DET, bg + " ") else _a(bg) + bg
        return f"{first[:where.start()]} in {place}{sep}{rest}."
    clause = f"set against {bg}"
    segs = cap.rstrip(".").split(", ")
    for i, seg in enumerate(segs):
        if i > 0 and (seg.startswith("set against ") or re.search(r"\bbackground\b", seg)):
            segs[i] = clause
            return ", ".join(segs) + "."
    return _after_subject(cap, clause)


def _parse_replace(ins: str, raw: str) -> Args | None:
    # "replace the dog with a cat", "swap the apple for a pear", "change the car into a bus"
    m = (re.match(_LEAD + r"(?:replace|swap) (.+?) (?:with|for|by) (.+)$", ins)
         or re.match(_LEAD + r"(?:change|turn) (?:the )(.+?) (?:into|to) (an? .+)$", ins))
    return {"old": m.group(1), "new": m.group(2)} if m else None


def replace(cap: str, old: str, new: str) -> str | None:
    span = _find(cap, old)
    if span is None:
        return None
    s, e, det = _with_det(cap, span)
    new = re.sub(rf"^{_DET}", "", new.strip("'\" "))
    one = re.fullmatch(r"(.+?) ones?", new)
    if one:  # "change the bowl to a glass one": new modifiers, the same thing
        mods = one.group(1).split()
        kept = [w for w in re.findall(r"[A-Za-z][\w'-]*", cap[span[0]:span[1]])
                if w.lower() not in MATERIALS and w.lower() not in COLOR_WORDS
                or not any(x in MATERIALS for x in mods) and w.lower() in MATERIALS
                or not any(x in COLOR_WORDS for x in mods) and w.lower() in COLOR_WORDS]
        return cap[:span[0]] + " ".join(mods + kept) + cap[span[1]:]
    if det in ("a", "an", ""):
        det = _a(new).strip()
    name = cap[span[0]:span[1]]
    first, sep, rest = cap[e:].partition(", ")  # later clauses that name it ("the belt below the shorts")
    rest = re.sub(rf"\b{re.escape(name)}\b", new, rest, flags=re.I)
    return cap[:s] + (f"{det} " if det else "") + new + first + sep + rest


def _parse_add(ins: str, raw: str) -> Args | None:
    # "add a red bench on the left"
    m = re.match(_LEAD + r"add\s+(.+)$", ins)
    return {"thing": m.group(1)} if m else None


# things that take no "a" ("add blood dripping", "add snow on the roof", "add fog")
_MASS = frozenset("blood water snow rain fog mist smoke fire sunlight moonlight light lighting grass sand steam "
                  "confetti glitter foliage ice lava mud paint graffiti text colour color dust ash ivy moss "
                  "lightning sunshine darkness shade wind hair fur".split())


_PLACE_WORD = re.compile(r"\s+(?:in|on|at|behind|near|next|under|over|with|to|by|above|below|around|beside|between|"
                         r"from|into|onto|along|across|inside|outside|of)\b")


def add(cap: str, thing: str) -> str:
    thing = re.sub(r"\bon the (above|below) of\b", r"\1", thing)
    head = _PLACE_WORD.split(thing, maxsplit=1)[0]  # "explosions" of "explosions in the background"
    plural = head.endswith("s") and not head.endswith("ss")
    if not re.match(_DET, thing + " ") and not plural and thing.split()[0].lower() not in _MASS:
        thing = _a(thing) + thing
    return _with(cap, thing)


def _parse_remove(ins: str, raw: str) -> Args | None:
    # "remove the dog", "without the dog", "get rid of the sun"
    m = re.match(_LEAD + r"(?:remove|delete|drop|erase|take out|take away|without|get rid of|no more)\s+(.+)$", ins)
    return {"thing": m.group(1)} if m else None


def remove(cap: str, thing: str) -> str | None:
    """``thing`` goes with what ties it to the caption; None if it is the only thing in the picture."""
    span = _find(cap, thing)
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
        return None
    name = cap[span[0]:span[1]]
    segs = _tidy(cap[:s] + cap[e:]).rstrip(".").split(", ")
    # a later clause about the removed thing ("the lamp to the left of the bed") goes with it
    new = ", ".join(seg for i, seg in enumerate(segs)
                    if i == 0 or not re.search(rf"\b{re.escape(name)}\b", seg, re.I)) + "."
    if re.search(r"\b(?:of|with)\s*[,.]", new) or new == cap:
        return None
    return new


#: in the order they are tried: the first rule that parses an instruction decides
EDIT_RULES = [
    EditRule("recolour", _parse_recolour, recolour),
    EditRule("medium", _parse_medium, change_medium),
    EditRule("time of day", _parse_time, change_time_of_day),
    EditRule("time of day", _parse_atmosphere, change_time_of_day),
    EditRule("count", _parse_recount, recount),
    EditRule("material", _parse_material, change_material),
    EditRule("move", _parse_move, move),
    EditRule("replace text", _parse_retext, replace_text),
    EditRule("add text", _parse_add_text, add_text),
    EditRule("background", _parse_background, change_background),
    EditRule("replace", _parse_replace, replace),
    EditRule("add", _parse_add, add),
    EditRule("remove", _parse_remove, remove),
]


def parse_edit(instruction: str) -> tuple[EditRule, Args] | None:
    """The rule that knows ``instruction`` and its arguments, or None."""
    text = instruction.strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'" and text[0] not in text[1:-1]:
        text = text[1:-1]  # the whole instruction in quotes; a quote that ends a quoted text stays
    raw = KEEP_REST.sub("", text.rstrip(".!")).strip()
    ins = raw.lower()
    for rule in EDIT_RULES:
        args = rule.parse(ins, raw)
        if args is not None:
            return rule, args
    return None


def edit(current: str, instruction: str) -> tuple[str, str] | None:
    """(``current`` with the edit made, the name of the rule that made it), or None (no rule knows the
    instruction, or its object is not there)."""
    found = parse_edit(instruction)
    if found is None:
        return None
    rule, args = found
    edited = rule.apply(current.strip(), **args)
    return (edited, rule.name) if edited is not None else None


def rule_edit(current: str, instruction: str) -> str | None:
    """``current`` with the edit made, or None."""
    done = edit(current, instruction)
    return done[0] if done else None
