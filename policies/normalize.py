"""Text normalisation against evasion, applied before any matching.

``fold(text)`` gives a lower-case, NFKC, homoglyph-folded copy with zero-width and control characters
removed, plus a map from each folded character back to its position in the original (so findings can
point at, and rewrite, the user's own characters).

``squash(folded)`` additionally undoes leetspeak (``n4k3d``), letters split by spaces or punctuation
(``n u d e``, ``n.u.d.e``) and stretched letters (``nuuude``); it is used for lexicon matching only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e", "\u200e", "\u200f"}
# Cyrillic/Greek letters that look like Latin ones (the common homoglyph attacks), beyond what NFKC folds
_HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u", "ν": "v", "ω": "w", "α": "a", "ο": "o",
    "ρ": "p", "τ": "t", "κ": "k", "ι": "i", "υ": "u", "в": "b", "к": "k", "м": "m", "н": "h", "т": "t",
    "ɑ": "a", "ı": "i", "ℓ": "l", "ⅰ": "i",
})
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s",
                       "!": "i", "|": "l", "+": "t"})


@dataclass(frozen=True)
class Folded:
    text: str  # folded text
    index: tuple[int, ...]  # index[i] = position in the original of folded char i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of folded[start:end]."""
        if not self.index:
            return (0, 0)
        s = self.index[min(start, len(self.index) - 1)]
        e = self.index[min(end, len(self.index)) - 1] + 1
        return s, e


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _ZERO_WIDTH:
        return ""
    cat = unicodedata.category(ch)
    if cat[0] == "C" and ch not in "\t\n":  # control, format, unassigned, private use
        return ""
    if cat == "Mn":  # combining marks (accents added to dodge a list)
        return ""
    out = unicodedata.normalize("NFKC", ch).translate(_HOMOGLYPHS).lower()
    # strip accents: é -> e
    out = "".join(c for c in unicodedata.normalize("NFKD", out) if unicodedata.category(c) != "Mn")
    return "".join(" " if c.isspace() else c for c in out)


def fold(text: str) -> Folded:
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch):
            chars.append(c)
            index.append(i)
    return Folded("".join(chars), tuple(index))


_SPLIT_LETTERS = re.compile(r"\b(?:[a-z0-9@$][\s.\-_*,]{1,3}){2,}[a-z0-9@$]\b")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_LEETWORD = re.compile(r"\b(?=[a-z0-9@$!|+]*[a-z])(?=[a-z0-9@$!|+]*[0-9@$!|+])[a-z0-9@$!|+]{3,}")


def squash(folded: str) -> str:
    """Undo spacing, leetspeak and stretching (for lexicon matching)."""
    s = _SPLIT_LETTERS.sub(lambda m: re.sub(r"[\s.\-_*,]", "", m.group(0)), folded)
    s = _LEETWORD.sub(lambda m: m.group(0).translate(_LEET), s)
    s = _REPEATS.sub(r"\1\1", s)
    return s


def variants(text: str) -> list[str]:
    """The folded text and, if different, its squashed form (duplicated letters also collapsed to one)."""
    f = fold(text).text
    s = squash(f)
    out = [f]
    if s != f:
        out.append(s)
    single = re.sub(r"([a-z])\1+", r"\1", s)
    if single != s:
        out.append(single)
    return out
