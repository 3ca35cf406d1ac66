"""Text normalisation against evasion, applied before any matching.

``fold(text)`` gives a lower-case, NFKC, accent-free copy with invisible characters removed and look-alike
letters mapped to the Latin letter they imitate, plus a map from each folded character back to its position in
the original (so findings can point at, and rewrite, the user's own characters). Look-alikes come from Unicode's
confusables data (``confusable-homoglyphs`` ships it) and from the Unicode names of Latin letter variants
(small capitals, modifier and other "LATIN LETTER ..." forms). A word written wholly in another script stays in
that script (so a Russian word can still be matched by the Russian lexicon); a word mixing scripts ("nаked" with
a Cyrillic а) is folded to Latin.

``variants(text)`` are the forms the lexicons are matched on: the folded text; invisible fillers read as spaces;
spacing, punctuation and leetspeak undone (``n u d e``, ``n.u.d.e``, ``n4k3d``), keeping an article before or
after apart (``a n u d e woman`` -> ``a nude woman``, ``k i l l i n g a man`` -> ``killing a man``); stretched
letters collapsed (``nuuude``); every word in look-alike Latin letters (``ѕеху`` written all in Cyrillic);
masked letters filled in when one risky word fits (``n*ked``, ``p**n``: ``unmask``); a negative prompt written
into the prompt read as "without" (``negative prompt: clothes``, ``--no clothes``); every word reversed when the
text says something is written backwards (``dekan ... read it backwards``).

``readable(text)`` is the form the classifier reads: the same undoing, but a leetspeak or stretched word only
when it becomes a word (``t1ts`` -> ``tits``, ``nuuude`` -> ``nude``; ``1980s`` and ``marshmallows`` stay), and
algospeak replaced by what it stands for (``unalive`` -> ``kill``), so the classifier, which learned plain
English, sees what the user wrote rather than the disguise.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Characters that render as nothing or as blank space and are used to split a word so a list does not match it:
# zero-width and joiner characters, the soft hyphen, Mongolian vowel separator, combining grapheme joiner,
# Hangul fillers, the Braille blank, word joiner, BOM. Control, format, tag and variation-selector characters are
# removed by their Unicode category below.
FILLERS = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u034f\u3164\u115f\u1160\uffa0\u2800\u17b4\u17b5"
                    "\u2061\u2062\u2063\u2064\u206a\u206b\u206c\u206d\u206e\u206f")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
                       "!": "i", "|": "l", "+": "t", "€": "e", "£": "l"})
_LEET_L = str.maketrans({"1": "l", "!": "l"})  # "nipp1es": a one or a bang can stand for an l too
_NAME_LETTER = re.compile(r"^LATIN (?:LETTER SMALL CAPITAL|SMALL LETTER|SMALL CAPITAL LETTER|LETTER|CAPITAL LETTER|"
                          r"MODIFIER LETTER SMALL|MODIFIER LETTER CAPITAL)(?: DOTLESS)? ([A-Z])(?: WITH .*)?$")


@lru_cache(maxsize=1)
def _confusable_latin() -> dict[str, str]:
    """Characters Unicode lists as confusable with exactly one ASCII letter or digit -> that character."""
    import confusable_homoglyphs

    data = json.loads(resources.files(confusable_homoglyphs).joinpath("confusables.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for ch, entries in data.items():
        if len(ch) != 1 or ch.isascii():
            continue
        latin = {e["c"].lower() for e in entries if len(e["c"]) == 1 and e["c"].isascii() and e["c"].isalnum()}
        if len(latin) == 1:
            out[ch] = latin.pop()
    # letters whose confusables only list other look-alikes (e.g. KRA, DOTLESS I)
    out.update({"ĸ": "k", "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ℓ": "l", "ß": "ss",
                # and look-alikes the data does not pair with a Latin letter ("nudє", Ukrainian IE)
                "є": "e", "ɛ": "e", "ε": "e", "τ": "t", "ω": "w", "η": "n", "ь": "b", "β": "b"})
    # and letters listed only as confusable with one of those ("к", Cyrillic KA, only with KRA): one step further
    for ch, entries in data.items():
        if len(ch) == 1 and not ch.isascii() and ch not in out:
            latin = {out[e["c"]] for e in entries if e["c"] in out and len(out[e["c"]]) == 1}
            if len(latin) == 1:
                out[ch] = latin.pop()
    return out


# Arabic-script letters that Arabic, Persian and Urdu write differently: one form each, so a Persian word written
# with Urdu letters ("برہنہ" for "برهنه") or an Arabic one with Persian letters still matches its list
_ARABIC_FORMS = {"\u06c1": "\u0647", "\u06be": "\u0647", "\u06d5": "\u0647", "\u06c3": "\u0629",
                 "\u064a": "\u06cc", "\u0649": "\u06cc", "\u06d2": "\u06cc", "\u0643": "\u06a9"}


@lru_cache(maxsize=8192)
def _fold_char(ch: str, filler: str = "") -> str:
    if ch in FILLERS:
        return filler
    cat = unicodedata.category(ch)
    if cat[0] == "C" and ch not in "\t\n":  # control, format (incl. tags), unassigned, private use
        return ""
    if cat in ("Mn", "Me"):  # combining marks (accents, strike-through, variation selectors added to dodge a list)
        return ""
    if ch.isspace():
        return " "
    out = unicodedata.normalize("NFKC", ch).lower()
    out = _ARABIC_FORMS.get(out, out)
    if len(out) == 1 and not out.isascii():
        m = _NAME_LETTER.match(unicodedata.name(out, ""))
        if m:
            return m.group(1).lower()
    # strip accents: é -> e, ñ -> n (the lexicons are folded the same way)
    out = "".join(c for c in unicodedata.normalize("NFKD", out) if unicodedata.category(c) != "Mn")
    return "".join(" " if c.isspace() else c for c in out)


def _is_latin(c: str) -> bool:
    return "a" <= c <= "z"


@dataclass(frozen=True)
class Folded:
    text: str  # folded text
    index: Sequence[int]  # index[i] = position in the original of folded char i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded[start:end]."""
        if not self.index:
            return (0, 0)
        s = self.index[min(start, len(self.index) - 1)]
        e = self.index[min(end, len(self.index)) - 1] + 1
        return s, e


_WORDLIKE = re.compile(r"[^\W\d_]+")


# scripts whose combining marks are vowels and viramas (kept after a letter of the same script; anywhere else a
# combining mark is dropped, like an accent or one added to break a word up)
_ABUGIDAS = ((0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF))


def _block(ch: str) -> int:
    o = ord(ch)
    return next((k + 1 for k, (lo, hi) in enumerate(_ABUGIDAS) if lo <= o <= hi), 0)


def fold(text: str, filler: str = "") -> Folded:
    if text.isascii() and text.isprintable():  # most prompts: lower case is all there is to do
        return Folded(text.lower(), range(len(text)))
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            c = ch.lower() if ch.isprintable() or ch in "\t\n" else ""
            if c:
                chars.append(" " if c in "\t\n" else c)
                index.append(i)
            continue
        if _block(ch) and i and _block(ch) == _block(text[i - 1]) and unicodedata.category(ch) == "Mn":
            chars.append(ch)  # a vowel sign or virama of Thai or an Indic script is a letter: "ปู่" is not "ป"
            index.append(i)
            continue
        for c in _fold_char(ch, filler):
            chars.append(c)
            index.append(i)
    s = "".join(chars)
    if not s.isascii():
        s = _fold_mixed_words(s)
    return Folded(s, tuple(index))


def _fold_mixed_words(s: str) -> str:
    """A word that mixes Latin letters with look-alikes from another script becomes all Latin."""
    table = _confusable_latin()

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        if w.isascii() or not any(_is_latin(c) for c in w):
            return w
        mapped = "".join(table.get(c, c) if not _is_latin(c) else c for c in w)
        return mapped if len(mapped) == len(w) else w  # keep the index map one-to-one
    return _WORDLIKE.sub(fix, s)


def skeleton(folded: str) -> str:
    """Every letter that imitates a Latin one, mapped to it (for the English lists: 'ѕеху' -> 'sexy')."""
    table = _confusable_latin()
    return "".join(table.get(c, c) for c in folded)


_SPLIT_LETTERS = re.compile(r"(?<![^\W_])(?:[^\W_@$][\s.\-_*,:;'/\\~^=]{1,3}){2,}[^\W_@$](?![^\W_])")
_SEP = re.compile(r"[\s.\-_*,:;'/\\~^=]")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_LEET_NO = re.compile(r"\b([a-z])0\b")  # a two-letter word with a zero is "no", "so", "to": "n0 clothes"
_LEETWORD = re.compile(r"\b(?=[a-z0-9@$!|+€£]*[a-z])(?=[a-z0-9@$!|+€£]*[0-9@$!|+€£])[a-z0-9@$!|+€£]{3,}")


def _glue(m: re.Match[str], keep_article: bool) -> str:
    letters = _SEP.sub("", m.group(0))
    if keep_article and len(letters) >= 4 and letters[0] in "ai":
        letters = letters[0] + " " + letters[1:]  # "a n u d e" -> "a nude"
    if keep_article and len(letters) >= 5 and letters[-1] == "a" and letters[-2] != " ":
        letters = letters[:-1] + " a"  # "b e h e a d i n g a prisoner" -> "beheading a prisoner"
    return letters


def squash(folded: str, keep_article: bool = False) -> str:
    """Undo spacing, leetspeak and stretching (for lexicon matching)."""
    s = _SPLIT_LETTERS.sub(lambda m: _glue(m, keep_article), folded)
    s = _LEETWORD.sub(lambda m: _unleet(m.group(0)), s)
    s = _LEET_NO.sub(r"\1o", s)
    return _REPEATS.sub(r"\1\1", s)


_DECADE = re.compile(r"(?:1[0-9]|20)?[0-9]0s")


def _unleet(word: str) -> str:
    """The word with its digits and signs read as letters; a one (or a bang) as an l when that makes a word and
    reading it as an i does not ("nipp1es" -> "nipples", "b1ood" -> "blood"; "k1ll" stays "kill")."""
    if _DECADE.fullmatch(word):  # "1950s", "80s": a decade, not letters
        return word
    as_i = word.translate(_LEET)
    if "1" not in word and "!" not in word:
        return as_i
    from .packaged import minilm_vocab

    vocab = minilm_vocab()
    if as_i in vocab or _plural_of_word(as_i, vocab):
        return as_i
    as_l = word.translate(_LEET_L).translate(_LEET)
    return as_l if as_l in vocab or _plural_of_word(as_l, vocab) else as_i


def _plural_of_word(word: str, vocab: frozenset[str]) -> bool:
    return word.endswith("s") and (word[:-1] in vocab or (word.endswith("es") and word[:-2] in vocab))


_DOUBLED = re.compile(r"[^\W\d_]*([^\W\d_])\1[^\W\d_]*")


def _single_unless_word(m: re.Match[str]) -> str:
    from .packaged import minilm_vocab

    word = m.group(0)
    return word if word in minilm_vocab() else re.sub(r"([^\W\d_])\1+", r"\1", word)


_MASK_CHARS = "*#%"
_MASKED = re.compile(r"(?<![^\W_*#%])(?=[a-z*#%]*[a-z][a-z*#%]*\b)[a-z]*[*#%]+[a-z*#%]*[a-z]*")


def unmask(folded: str) -> str:
    """Fill in the letters hidden by ``*``, ``#`` or ``%`` (one letter each) when a risky word of the lexicons
    fits (an English word first, when several do): ``n*ked`` -> ``naked``, ``f**k`` -> ``fuck``, ``s*x`` ->
    ``sex``; anything else stays."""
    if not any(c in folded for c in _MASK_CHARS):
        return folded
    from .languages import masked_targets
    from .packaged import minilm_vocab

    def fill(m: re.Match[str]) -> str:
        word = m.group(0)
        letters = sum(c.isalpha() for c in word)
        if letters < 1 or letters == len(word) or len(word) < 3:
            return word
        pat = re.compile("".join("[a-z]" if c in _MASK_CHARS else re.escape(c) for c in word))
        fits = sorted(t for t in masked_targets().get(len(word), ()) if pat.fullmatch(t))
        fits.sort(key=lambda t: t not in minilm_vocab())
        return fits[0] if fits else word
    return _MASKED.sub(fill, folded)


def _leet_if_word(m: re.Match[str]) -> str:
    from .packaged import minilm_vocab

    word = _unleet(m.group(0))
    return word if word in minilm_vocab() or _plural_of_word(word, minilm_vocab()) else m.group(0)


_STRETCHED = re.compile(r"[^\W\d_]*([^\W\d_])\1[^\W\d_]*")


def _collapse_if_word(m: re.Match[str]) -> str:
    """``nuuude``, ``sexxy`` -> ``nude``, ``sexy`` when that is a word and the stretched form is not."""
    from .packaged import minilm_vocab

    word = m.group(0)
    if word in minilm_vocab():
        return word
    # a letter three times or more, or twice when English rarely doubles it ("nuude", "sexxy"); "boobs" stays
    single = re.sub(r"([^\W\d_])\1{2,}|([aiuxyjqvwhk])\2", lambda r: r.group(1) or r.group(2), word)
    return single if single in minilm_vocab() else word


# algospeak: words coined on social media to get past filters, and what they stand for (the English lexicon lists
# them too, by category: tools/build_lists.py; here they are for the classifier, which never saw them: "a girl
# unaliving herself" read as sexual)
ALGOSPEAK = {"unalive": "kill", "unalives": "kills", "unalived": "killed", "unaliving": "killing",
             "sewerslide": "suicide", "sewer slide": "suicide", "sewer-slide": "suicide", "seggs": "sex",
             "seggsy": "sexy", "secks": "sex", "corn star": "porn star", "corn stars": "porn stars",
             "cornstar": "pornstar", "corn video": "porn video", "grape'd": "raped", "sa'd": "sexually assaulted",
             "sa'ed": "sexually assaulted", "le dollar bean": "lesbian", "le$bian": "lesbian"}
_ALGOSPEAK = re.compile(r"(?<![\w$'])(?:" + "|".join(re.escape(k) for k in sorted(ALGOSPEAK, key=len, reverse=True))
                        + r")(?![\w$'])")


def readable(text: str) -> str:
    """The text with its disguises undone, for the classifier (see the module docstring); lower case."""
    f = fold(text, filler=" ").text
    if not f.isascii():
        f = skeleton(f)
    f = _ALGOSPEAK.sub(lambda m: ALGOSPEAK[m.group(0)], f)
    f = unmask(f)
    f = _SPLIT_LETTERS.sub(lambda m: _glue(m, True), f)
    f = _LEETWORD.sub(_leet_if_word, f)
    f = _LEET_NO.sub("\\1o", f)
    return _STRETCHED.sub(_collapse_if_word, f)


def variants(text: str) -> list[str]:
    """The folded text and the other forms a lexicon must also be matched on (see the module docstring)."""
    f = fold(text).text
    out = [f]
    if any(c in _MASK_CHARS for c in f):
        u = unmask(f)
        if u != f:
            out.append(u)
    if any(c in FILLERS for c in text):
        out.append(fold(text, filler=" ").text)
    for base in list(out):
        for keep in (False, True):
            s = squash(base, keep)
            if s not in out:
                out.append(s)
            single = _DOUBLED.sub(_single_unless_word, s)  # "nuude", "sexxy" -> "nude", "sexy"; "rapper" stays
            if single not in out:
                out.append(single)
    if not f.isascii():
        sk = skeleton(f)
        if sk != f:
            out += [sk, squash(sk, True)]
    for base in list(out):  # "to-p-less", "nu-de": a word cut by hyphens; "t0p-l3ss" once its digits are letters
        joined = _HYPHENATED.sub(_join_if_cut, base)
        if joined != base:
            out += [joined, squash(joined, True)]
    if _NEGATIVE.search(f):  # "negative prompt: clothes", "--no clothes": what is not to be drawn
        out.append(_NEGATIVE.sub(" without ", f))
    if _BACKWARDS.search(f):  # "a woman, dekan, on a bed (read it backwards)": every word read right to left
        out.append(" ".join(w[::-1] for w in f.split()))
    return list(dict.fromkeys(out))


# a word cut in pieces by hyphens or dots ("to-p-less", "nu-de", "top-less", "s.e.x-y"): joined when it has three
# pieces or more, a piece of one letter after the first, or two pieces one of which has three letters or fewer;
# "well-known", "t-shirt" stay as they are
_HYPHENATED = re.compile(r"(?<![\w-])[a-z]+(?:[-.][a-z]+)+(?![\w-])")


def _join_if_cut(m: re.Match[str]) -> str:
    pieces = re.split(r"[-.]", m.group(0))
    if len(pieces) >= 3 or (len(pieces) == 2 and len(pieces[0]) >= 2 and min(map(len, pieces)) <= 3) or any(
            len(p) == 1 for p in pieces[1:]):
        return "".join(pieces)
    return m.group(0)


# a negative prompt written into the prompt (Stable Diffusion's "negative prompt: ...", Midjourney's "--no ...")
# names what the picture must not have: read as "without ..."
# a text that says some of its words are written backwards
_BACKWARDS = re.compile(r"\b(?:backwards?|in reverse|reversed|right to left|mirror(?:ed)? (?:writing|text|spelling))\b")
_NEGATIVE = re.compile(r"\bneg(?:ative)?(?:[ _-]?prompts?)?\s*[:=]\s*|(?<![\w-])--?no\s+")
