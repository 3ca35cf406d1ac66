"""Living artists: "in the style of X" becomes a description of the style, never the name.

Knowledge base: ``data/artists.tsv`` (MoMA, Tate, the SD artist cheat-sheet, the SD artist list, Pantheon's
painters), the artist names that ``clip-interrogator`` ships (read from the installed package) and
``data/artists_addendum.tsv`` (frequently prompted artists no list dates, with a source each). A short name
takes the dates of the one artist it names ("Van Gogh"); an artist no source dates is "unknown" and has its own
action (``unknown_action``). A name only the museum lists know ("John Smith") counts as an artist only where the
text asks for a style ("in the style of", "by", "painted like", "art by"). Default rule: an artist with
no death year is treated as living and rewritten; ``rule = "died_within"`` also covers artists who died in the
last N years. The replacement is three adjectives + a movement or era + a medium, from
``data/artist_styles.toml`` for well-known artists, else derived from the knowledge base's categories.
"""

from __future__ import annotations

import csv
import datetime
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from .config import ArtistsConfig
from .names import DATA, NameIndex, common_words, everyday_phrase, key_of
from .normalize import Folded, fold
from .packaged import clip_interrogator_data, dictionary_words
from .types import PolicyFinding


@dataclass
class Artist:
    name: str
    born: int | None
    died: int | None
    categories: str
    famous: bool = True  # named in prompt lists (SD lists, cheat-sheet, clip-interrogator, Pantheon)
    known_status: str | None = None  # from the addendum, for artists no list dates

    def status(self, this_year: int) -> str:
        """'living', 'dead' or 'unknown' (no dates anywhere)."""
        if self.known_status:
            return self.known_status
        if self.died is not None:
            return "dead"
        if self.born is not None:
            return "dead" if self.born < this_year - 110 else "living"
        return "unknown"


def _year(s: str) -> int | None:
    m = re.match(r"^-?\d{3,4}", (s or "").strip())
    return int(m.group(0)) if m else None


@lru_cache(maxsize=1)
def load_artists() -> list[Artist]:
    arts: dict[str, Artist] = {}
    with open(DATA / "artists.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            famous = any(s in r["source"] for s in ("sd-", "pantheon"))
            arts[key_of(r["name"])] = Artist(r["name"], _year(r["born"]), _year(r["died"]), r["categories"], famous)
    data = clip_interrogator_data()  # its data files, not its code
    if data is not None:
        path = data / "artists.txt"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                k = key_of(line)
                if k and k not in arts:
                    arts[k] = Artist(line.strip(), None, None, "")
                elif k:
                    arts[k].famous = True
    with open(DATA / "artists_addendum.tsv", encoding="utf-8") as f:  # curated, sourced; overrides the lists
        for r in csv.DictReader(f, delimiter="\t"):
            arts[key_of(r["name"])] = Artist(r["name"], _year(r["born"]), _year(r["died"]), r["categories"], True,
                                             r["status"] or None)
    inherit_dates(arts)
    return list(arts.values())


# movements whose artists were all born before 1900: an undated artist the lists file under one is not living
_HISTORICAL_MOVEMENTS = re.compile(
    r"\b(?:renaissance|baroque|rococo|mannerism|romanticism|neoclassicism|pre-raphaelite|impressionism|"
    r"post-impressionism|pointillism|ukiyo-e|hudson river school|barbizon|art nouveau|symbolism|academic art|"
    r"academism|dutch golden age|gothic art|medieval|orientalism|biedermeier|luminism|tonalism|fauvism|"
    r"old master)\b", re.I)


def inherit_dates(arts: dict[str, Artist]) -> None:
    """An undated name takes the dates of the dated artist it names in short: "Van Gogh" is "Vincent van Gogh",
    "Vermeer" is "Johannes Vermeer", "Rembrandt" is "Rembrandt van Rijn". A short name two dated artists share,
    one living and one dead, stays undated. An undated artist the lists file under a movement of the past
    (``_HISTORICAL_MOVEMENTS``: baroque, impressionism, ukiyo-e ...) is not living."""
    this_year = datetime.date.today().year
    dated = {k: a for k, a in arts.items() if a.status(this_year) != "unknown"}
    by_suffix: dict[str, list[str]] = {}
    by_first: dict[str, list[str]] = {}
    for k in dated:
        toks = k.split()
        for i in range(1, len(toks)):
            by_suffix.setdefault(" ".join(toks[i:]), []).append(k)
        if len(toks) > 1:
            by_first.setdefault(toks[0], []).append(k)
    for k, a in arts.items():
        if k in dated:
            continue
        cands = by_suffix.get(k, []) + (by_first.get(k, []) if " " not in k else [])
        if cands and len({dated[c].status(this_year) for c in cands}) == 1:
            src = dated[cands[0]]
            a.born, a.died, a.known_status = src.born, src.died, src.known_status
        elif _HISTORICAL_MOVEMENTS.search(a.categories):
            a.known_status = "dead"


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
                         r"inspired by|style of|(?:painted|drawn|rendered|looks) like|a la|à la)\s*$", re.I)
_CUE_AFTER = re.compile(r"^(?:'s)?\s*(?:style|-style|-esque|esque|'s (?:style|work|art|painting|aesthetic))", re.I)


class ArtistPolicy:
    name = "artists"

    def __init__(self, config: ArtistsConfig | None = None) -> None:
        self.config = config or ArtistsConfig()
        self.artists = list(load_artists())
        allow = {key_of(a) for a in self.config.allow} | {key_of(a.name) for a in self.artists if _not_a_person(a.name)}
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
            if toks and len(toks[-1]) >= 4 and toks[-1] not in common and key_of(a.name) not in allow:
                prev = self.surnames.get(toks[-1])
                if prev is None or (self.artists[prev].born is None and a.born is not None):
                    self.surnames[toks[-1]] = i

    def restricted(self, a: Artist) -> bool:
        """Does the policy's action apply to this artist (living, or died recently under 'died_within')?"""
        cfg = self.config
        status = a.status(datetime.date.today().year)
        if status == "unknown":
            return cfg.unknown_action != "allow"
        if status == "living":
            return True
        if cfg.rule == "died_within" and a.died is not None:
            return a.died >= datetime.date.today().year - cfg.died_within_years
        return False

    def scan(self, text: str, folded: Folded | None = None) -> tuple[list[PolicyFinding], list[tuple[int, int]]]:
        """(findings, spans): the findings, and the spans of every artist name recognised, restricted or not."""
        if not self.config.enabled:
            return [], []
        hits = []
        for h in self.index.find(text, folded or fold(text)):
            # a name only the museum lists have ("John Smith") is an artist only where the text asks for a style;
            # everyday words not written as a name are words ("add up to more than enough" is not the painter
            # Mór Than, "the tart green apple" not Art Green) unless they are asked for as a style
            cued = _cued(text, h.start, h.end)
            if not cued and everyday_phrase(text[h.start:h.end], dictionary_words()):
                continue
            if self.artists[h.entry].famous or cued:
                hits.append((h.start, h.end, h.entry, h.score / 100))
        taken = [(s, e) for s, e, _, _ in hits]
        for m in re.finditer(r"[A-Za-z][A-Za-z'\-]{3,}", text):  # a surname alone: capitalised, after a cue
            if any(s <= m.start() < e for s, e in taken):
                continue
            word = m.group(0).removesuffix("'s").lower()  # ASCII by the pattern: the same as key_of, cheaper
            idx = self.surnames.get(word)
            if idx is None or not m.group(0)[0].isupper():
                continue
            if _cued(text, m.start(), m.end()):
                hits.append((m.start(), m.end(), idx, 0.9))
        out = []
        spans = [(s, e) for s, e, _, _ in hits]
        this_year = datetime.date.today().year
        for s, e, idx, score in sorted(hits):
            a = self.artists[idx]
            if not self.restricted(a):
                continue
            desc = describe(a)
            status = a.status(this_year)
            action = self.config.unknown_action if status == "unknown" else self.config.action
            what = {"living": "a living artist", "unknown": "an artist whose dates Limner does not know",
                    "dead": f"an artist who died in {a.died}"}[status]
            out.append(PolicyFinding(
                policy=self.name, category="unknown_artist" if status == "unknown" else "living_artist",
                span=text[s:e], start=s, end=e, score=round(score, 3),
                action={"flag": "allow"}.get(action, action),  # type: ignore[arg-type]
                replacement=desc,
                reason=f"I can't reference this artist: {text[s:e]!r} is {what}. I described the style instead "
                       f"({desc})."))
        return out, spans


# entries of the museum lists that are schools, workshops or firms rather than people ("Bauhaus", "Bauhaus Metal
# Workshop, Weimar", "Memphis Group"): "a Bauhaus style poster" asks for a style of a movement, not of an artist
_ORGANISATION = re.compile(r",|\b(?:workshops?|werkst\w*|studios?|company|co\.|inc\.?|ltd\.?|gmbh|group|school|"
                           r"atelier|associates|architects|partners|press|foundation|manufactur\w*|factory|collective)\b"
                           r"|^(?:bauhaus|de stijl|memphis|dada|fluxus|cobra|gutai|archigram|superstudio|art deco|"
                           r"art nouveau|wiener werkstätte|wiener werkstatte|arts and crafts)$", re.I)


def _not_a_person(name: str) -> bool:
    return bool(_ORGANISATION.search(name.strip()))


def _cued(text: str, start: int, end: int) -> bool:
    """Is the name at text[start:end] asked for as a style ("in the style of X", "by X", "X's style")?"""
    return bool(_CUE_BEFORE.search(text[max(0, start - 30):start]) or _CUE_AFTER.match(text[end:end + 20]))
