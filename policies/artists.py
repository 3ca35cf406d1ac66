"""Living artists: "in the style of X" becomes a description of the style, never the name.

Knowledge base: ``data/artists.tsv`` (MoMA, Tate, the SD artist cheat-sheet, the SD artist list) plus the
artist names that ``clip-interrogator`` ships (read from the installed package). Default rule: an artist with
no death year is treated as living and rewritten; ``rule = "died_within"`` also covers artists who died in the
last N years. The replacement is three adjectives + a movement or era + a medium, from
``data/artist_styles.toml`` for well-known artists, else derived from the knowledge base's categories.
"""

from __future__ import annotations

import csv
import datetime
import importlib.util
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestrator.types import PolicyFinding

from .config import ArtistsConfig
from .names import DATA, NameIndex, common_words, key_of
from .normalize import Folded, fold


@dataclass
class Artist:
    name: str
    born: int | None
    died: int | None
    categories: str


def _year(s: str) -> int | None:
    m = re.match(r"^-?\d{3,4}", (s or "").strip())
    return int(m.group(0)) if m else None


@lru_cache(maxsize=1)
def load_artists() -> list[Artist]:
    arts: dict[str, Artist] = {}
    with open(DATA / "artists.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            arts[key_of(r["name"])] = Artist(r["name"], _year(r["born"]), _year(r["died"]), r["categories"])
    spec = importlib.util.find_spec("clip_interrogator")  # its data files, not its code
    if spec and spec.origin:
        path = Path(spec.origin).parent / "data" / "artists.txt"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                k = key_of(line)
                if k and k not in arts:
                    arts[k] = Artist(line.strip(), None, None, "")
    return list(arts.values())


@lru_cache(maxsize=1)
def style_table() -> dict[str, dict]:
    data = tomllib.loads((DATA / "artist_styles.toml").read_text(encoding="utf-8"))
    return {key_of(k): v for k, v in data.items()}


_MEDIA = [("digital", "digital painting"), ("oil", "oil painting"), ("watercolor", "watercolor painting"),
          ("photograph", "photograph"), ("sculpture", "sculpture"), ("ink", "ink drawing"),
          ("acrylic", "acrylic painting"), ("illustration", "illustration"), ("print", "print"),
          ("pastel", "pastel drawing"), ("3d", "3D render"), ("painting", "painting")]
_MOVEMENTS = [("anime", "anime-inspired", ["expressive", "clean-lined", "colourful"]),
              ("manga", "manga-inspired", ["graphic", "dynamic", "expressive"]),
              ("fantasy", "fantasy", ["dramatic", "atmospheric", "richly detailed"]),
              ("sci-fi", "science-fiction", ["futuristic", "cinematic", "detailed"]),
              ("surreal", "surrealist", ["dreamlike", "uncanny", "imaginative"]),
              ("impressionis", "impressionist", ["luminous", "loose-brushed", "airy"]),
              ("expressionis", "expressionist", ["bold", "emotional", "distorted"]),
              ("abstract", "abstract", ["bold", "rhythmic", "non-figurative"]),
              ("pop", "pop-art", ["bold", "flat", "saturated"]),
              ("street", "street-art", ["raw", "graphic", "urban"]),
              ("concept", "concept-art", ["cinematic", "atmospheric", "painterly"]),
              ("comic", "comic-book", ["inked", "dynamic", "graphic"]),
              ("pattern", "decorative", ["ornamental", "rhythmic", "intricate"]),
              ("landscape", "landscape", ["panoramic", "atmospheric", "serene"]),
              ("portrait", "portraiture", ["intimate", "finely observed", "expressive"])]


def describe(artist: Artist) -> str:
    """Three adjectives, a movement or era, a medium: 'dramatic, painterly and luminous fantasy digital painting'."""
    row = style_table().get(key_of(artist.name))
    if row:
        a = row["adjectives"]
        return f"{a[0]}, {a[1]} and {a[2]} {row['movement']} {row['medium']}"
    cats = artist.categories.lower()
    medium = next((m for k, m in _MEDIA if k in cats), "painting")
    move = next(((mv, adj) for k, mv, adj in _MOVEMENTS if k in cats), None)
    if move is None:
        era = "contemporary" if (artist.born or 1970) >= 1930 else "modern"
        move = (era, ["distinctive", "expressive", "carefully composed"])
    mv, adj = move
    return f"{adj[0]}, {adj[1]} and {adj[2]} {mv} {medium}"


_CUE_BEFORE = re.compile(r"(?:in the (?:art )?style of|in the manner of|(?:art|artwork|painting|illustration)? ?by|"
                         r"inspired by|style of|like|a la|à la|after)\s*$", re.I)
_CUE_AFTER = re.compile(r"^(?:'s)?\s*(?:style|-style|-esque|esque|'s (?:style|work|art|painting|aesthetic))", re.I)


class ArtistPolicy:
    name = "artists"

    def __init__(self, config: ArtistsConfig | None = None) -> None:
        self.config = config or ArtistsConfig()
        self.artists = list(load_artists())
        allow = {key_of(a) for a in self.config.allow}
        names = [(a.name, i) for i, a in enumerate(self.artists) if key_of(a.name) not in allow]
        for extra in self.config.deny:
            self.artists.append(Artist(extra, None, None, ""))
            names.append((extra, len(self.artists) - 1))
        self.index = NameIndex(names, fuzzy=self.config.fuzzy)
        # one-word references ("by Rutkowski", "Picasso's style"): surnames and mononyms, only next to a cue
        common = common_words()
        self.surnames: dict[str, int] = {}
        for i, a in enumerate(self.artists):
            toks = key_of(a.name).split()
            if toks and len(toks[-1]) >= 5 and toks[-1] not in common and key_of(a.name) not in allow:
                prev = self.surnames.get(toks[-1])
                if prev is None or (self.artists[prev].born is None and a.born is not None):
                    self.surnames[toks[-1]] = i

    def restricted(self, a: Artist) -> bool:
        cfg = self.config
        if a.died is None:
            if a.born is not None and a.born < datetime.date.today().year - 110:
                return False  # born too long ago to be alive
            return cfg.unknown_dates == "living" or a.born is not None
        if cfg.rule == "died_within":
            return a.died >= datetime.date.today().year - cfg.died_within_years
        return False

    def check(self, text: str) -> list[PolicyFinding]:
        return self.scan(text)[0]

    def scan(self, text: str, folded: Folded | None = None) -> tuple[list[PolicyFinding], list[tuple[int, int]]]:
        """(findings, spans): the findings, and the spans of every artist name recognised, restricted or not."""
        if not self.config.enabled:
            return [], []
        hits = [(h.start, h.end, h.entry, h.score / 100) for h in self.index.find(text, folded or fold(text))]
        taken = [(s, e) for s, e, _, _ in hits]
        for m in re.finditer(r"[A-Za-z][A-Za-z'\-]{4,}", text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            word = m.group(0).removesuffix("'s").lower()  # ASCII by the pattern: the same as key_of, cheaper
            idx = self.surnames.get(word)
            if idx is None:
                continue
            before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 20]
            if _CUE_BEFORE.search(before) or _CUE_AFTER.match(after):
                hits.append((m.start(), m.end(), idx, 0.9))
        out = []
        spans = [(s, e) for s, e, _, _ in hits]
        for s, e, idx, score in sorted(hits):
            a = self.artists[idx]
            if not self.restricted(a):
                continue
            desc = describe(a)
            status = "a living artist" if a.died is None else f"an artist who died in {a.died}"
            out.append(PolicyFinding(
                policy=self.name, category="living_artist", span=text[s:e], start=s, end=e, score=round(score, 3),
                action={"flag": "allow"}.get(self.config.action, self.config.action),  # type: ignore[arg-type]
                replacement=desc,
                reason=f"I can't reference this artist: {text[s:e]!r} is {status}. I described the style instead "
                       f"({desc})."))
        return out, spans
