"""Finding names from a list in free text: exact n-grams, aliases, and misspellings (rapidfuzz).

Used by the public-figure and artist policies. Matching runs on folded text (see ``normalize``), so
"BARACK  OBAMA", "barack obama" and "Bаrack Obama" (Cyrillic a) are the same; misspellings such as
"Barak Obamma" are found by comparing against the names that share a first letter and a surname prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from .normalize import Folded, fold

_TOKEN = re.compile(r"[a-z][a-z'\-]*")
# words a name never starts or ends with: a misspelt-name window "a muslim" is not "Abu Muslim"
FUNCTION_WORDS = frozenset("a an the of in on at by to and or with for from my your his her its our their this "
                           "that these those is are was be as into over under like some any no".split())
DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    return frozenset((DATA / "common_words.txt").read_text(encoding="utf-8").split())


@dataclass
class NameHit:
    start: int  # in the original text
    end: int
    text: str  # as written by the user
    entry: int  # index into the index's entries
    score: float  # 100 for exact


@lru_cache(maxsize=65536)
def key_of(name: str) -> str:
    return " ".join(_TOKEN.findall(fold(name).text.replace(".", " ")))


def _words(folded: str) -> tuple[list[tuple[int, int, str]], list[str], list[bool]]:
    """(start, end, word) of each word of a folded text (a possessive's 's left out), the words, and whether each
    is uncommon."""
    toks = []
    for m in _TOKEN.finditer(folded):
        word, end = m.group(0), m.end()
        if word.endswith(("'s", "’s")) and len(word) > 3:  # a possessive: the name ends before the 's
            word, end = word[:-2], end - 2
        toks.append((m.start(), end, word.strip("'-")))
    common = common_words()
    allwords = [t[2] for t in toks]
    return toks, allwords, [w not in common for w in allwords]


class NameIndex:
    def __init__(self, names: list[tuple[str, int]], fuzzy: int = 88, min_tokens: int = 2) -> None:
        """``names``: (name or alias, entry id) pairs."""
        self.exact: dict[str, int] = {}
        self.blocks: dict[tuple[str, str, int], list[tuple[str, int]]] = {}
        self.fuzzy = fuzzy
        self.min_tokens = min_tokens
        self.max_tokens = 1
        # first word of each exact key -> the most words a key starting with it has: most windows of a prompt
        # start with a word no name starts with, or are longer than any name that does
        self.first: dict[str, int] = {}
        for name, idx in names:
            k = key_of(name)
            toks = k.split()
            if len(toks) < min_tokens or len(k) < 5:
                continue
            self.exact.setdefault(k, idx)
            self.first[toks[0]] = max(self.first.get(toks[0], 0), len(toks))
            self.max_tokens = max(self.max_tokens, len(toks))
            if len(toks) in (2, 3) and len(k) >= 8:
                self.blocks.setdefault((toks[0][0], toks[-1][:2], len(toks)), []).append((k, idx))
                # a second block by the surname, so a misspelt first letter ("Yannik Sinner") is found too
                self.blocks.setdefault(("", toks[-1][:3], len(toks)), []).append((k, idx))

    def find(self, text: str, folded: Folded | None = None) -> list[NameHit]:
        f = folded or fold(text)
        toks, allwords, uncommon = _words(f.text)
        hits: list[NameHit] = []
        taken = [False] * len(toks)
        longest = [self.first.get(w, 0) for w in allwords]
        for n in range(min(self.max_tokens, len(toks)), self.min_tokens - 1, -1):
            fuzzy_n = self.fuzzy < 100 and n in (2, 3)
            starts = range(len(toks) - n + 1)
            for i in starts if fuzzy_n else [i for i in starts if longest[i] >= n]:
                w0, wn = allwords[i], allwords[i + n - 1]
                # a misspelt name has an uncommon word ("red house" is not one) and shares a block with a name
                maybe_fuzzy = fuzzy_n and w0 not in FUNCTION_WORDS and wn not in FUNCTION_WORDS and \
                    ((w0[:1], wn[:2], n) in self.blocks or ("", wn[:3], n) in self.blocks) and any(uncommon[i:i + n])
                if not maybe_fuzzy and longest[i] < n:
                    continue  # no listed name starts with this word, and no misspelt one could
                if any(taken[i:i + n]):
                    continue
                words = allwords[i:i + n]
                k = " ".join(words)
                idx = self.exact.get(k)
                score = 100.0
                if idx is None and maybe_fuzzy and len(k) >= 8:
                    best = (0.0, -1)
                    for cand, cidx in (*self.blocks.get((words[0][0], words[-1][:2], n), ()),
                                       *self.blocks.get(("", words[-1][:3], n), ())):
                        s = fuzz.ratio(k, cand)
                        if s > best[0]:
                            best = (s, cidx)
                    if best[0] >= self.fuzzy:
                        idx, score = best[1], best[0]
                if idx is None:
                    continue
                s, e = f.span(toks[i][0], toks[i + n - 1][1])
                hits.append(NameHit(s, e, text[s:e], idx, score))
                for j in range(i, i + n):
                    taken[j] = True
        return sorted(hits, key=lambda h: h.start)


def everyday_phrase(written: str, vocab: frozenset[str], min_words: int = 1) -> bool:
    """Words all in ``vocab`` (or "the") and not written as a name, each word capitalised: "an ice cube in a
    glass" is not Ice Cube, "add up to more than enough" is not the painter Mór Than."""
    words = written.split()
    if len(words) < min_words or not all(key_of(w) in vocab or key_of(w) == "the" for w in words):
        return False
    return not all(w[:1].isupper() for w in words if w.lower() != "the")
