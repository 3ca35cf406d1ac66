"""Unsafe content: sexual, sexual content involving minors, violence/gore, self-harm, hate, harassment,
illegal activity, shocking.

Three signals:
- a classifier: the checkpoint this project trains (``python -m tools.train_unsafe``; all-MiniLM-L6-v2 backbone,
  Detoxify checkpoint format), run by Limner's lean BERT runtime (``bert.py``); any other Detoxify checkpoint
  can be configured (``unsafe.classifier = "/path/to.ckpt"``), or another kind of model
  (``classifiers.py``). It reads English
  only: for a request in another language its scores are not used either way (``languages.py``);
- lexicons of explicit terms per language (``data/lexicons/<lang>.tsv``), matched on normalised text so
  ``n4k3d``, ``n u d e``, look-alike letters and invisible separators do not slip through (``normalize.py``);
- the minors rule (``minors.py``): a sign of a minor with a sexual, undressed or romantic context is always
  refused, whatever the configuration says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import minors
from .classifiers import Classifier, load_classifier
from .config import UnsafeConfig
from .frames import READABLE as FRAMES
from .frames import SETS_ASIDE, benign_frame, without_attire, without_depiction
from .languages import Language, detect, has_lexicon, lexicon, lexicons_for, misspelt_sexual, without_harmless
from .normalize import fold, readable, variants
from .types import PolicyFinding

DATA = Path(__file__).parent / "data"
CATEGORIES = ["sexual", "violence", "self_harm", "hate", "harassment", "illegal", "shocking"]
READABLE = {"sexual": "sexual content", "violence": "violence or gore", "self_harm": "self-harm",
            "hate": "hateful content", "harassment": "harassment", "illegal": "illegal activity",
            "shocking": "shocking or disturbing content", "minors": "sexual content involving minors"}

class UnsafePolicy:
    name = "unsafe"

    def __init__(self, config: UnsafeConfig | None = None) -> None:
        self.config = config or UnsafeConfig()
        self.classifier: Classifier | None = None
        if self.config.enabled and self.config.classifier != "none":
            self.classifier = load_classifier(self.config, CATEGORIES)
        # thresholds chosen when the classifier was trained: stored in the checkpoint, or next to the packaged one
        th = dict(getattr(self.classifier, "thresholds", None) or {})
        if not th and self.config.classifier == "packaged" and (DATA / "unsafe_thresholds.json").exists():
            th = json.loads((DATA / "unsafe_thresholds.json").read_text())
        self.thresholds = {c: th.get(c, 0.5) for c in CATEGORIES}
        self.actions = {c: "refuse" for c in CATEGORIES}
        for c, cc in self.config.categories.items():
            if c not in CATEGORIES:
                raise ValueError(f"unknown unsafe category {c!r} in the policy file; known: {', '.join(CATEGORIES)}")
            if cc.threshold is not None:
                self.thresholds[c] = cc.threshold
            self.actions[c] = cc.action
        self.allow_terms = [t.lower() for t in self.config.allow_terms]
        self.deny = [re.compile(r"(?<![a-z])" + re.escape(t.lower()) + r"(?![a-z])") for t in self.config.deny_terms]

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        if self.classifier is None:
            return [{c: 0.0 for c in CATEGORIES} for _ in texts]
        raw = self.classifier.predict(texts)
        return [{c: float(r.get(c, 0.0)) for c in CATEGORIES} for r in raw]

    def check(self, text: str, refused_before: frozenset[str] = frozenset(), language: str | None = None
              ) -> list[PolicyFinding]:
        return self.check_many([text], refused_before, language)[0]

    def check_many(self, texts: list[str], refused_before: frozenset[str] = frozenset(), language: str | None = None
                   ) -> list[list[PolicyFinding]]:
        """Findings per text. ``refused_before``: the categories earlier turns of this conversation were refused
        for: after a refusal under the minors rule any sexual context is refused, after a refusal for sexual
        content any minor ("now make her 15"). ``language``: the language of the request these
        texts come from, when it is not English (a caption built around a German request is judged as German:
        with the German and English lists, without the classifier)."""
        if not self.config.enabled:
            return [[] for _ in texts]
        forced = Language(language, has_lexicon(language)) if language and language != "en" else None
        langs = [forced or detect(t) for t in texts]
        english = [i for i, lang in enumerate(langs) if lang.english]
        # a disguised text ("a n*ked woman", "t1ts", "unaliving") is read undone ("a naked woman", "tits",
        # "killing"): only disguised words change, and an unknown word read as written gets arbitrary scores
        scored = self.scores([self._for_classifier(readable(texts[i])) for i in english])
        scores: list[dict[str, float] | None] = [None] * len(texts)
        for i, sc in zip(english, scored, strict=True):
            scores[i] = sc
        return [self._findings(t, lang, sc, refused_before)
                for t, lang, sc in zip(texts, langs, scores, strict=True)]

    def _findings(self, text: str, lang: Language, scores: dict[str, float] | None,
                  refused_before: frozenset[str]) -> list[PolicyFinding]:
        forms = variants(text)
        for t in self.allow_terms:
            forms = [f.replace(t, " ") for f in forms]
        forms = without_harmless(forms)
        lexicons = lexicons_for(lang) if self.config.lexicon else []
        hits: dict[str, str] = {}
        for lex in lexicons:
            for cat, term in lex.find(forms).items():
                hits.setdefault(cat, term)
        if "sexual" not in hits and lang.english and self.config.lexicon:
            spelt = misspelt_sexual(forms)
            if spelt:
                hits["sexual"] = f"{spelt} (misspelt)"
        for pat in self.deny:
            if any(pat.search(f) for f in forms):
                hits.setdefault("sexual" if "deny" not in hits else "deny", pat.pattern)
        out: list[PolicyFinding] = []
        if not lang.english:
            out.append(self._language_note(lang))
            if not lang.covered and self.config.uncovered_languages == "refuse":
                out.append(PolicyFinding(
                    policy=self.name, category="language", score=1.0, action="refuse",
                    reason=f"This request seems to be in a language Limner's policies do not cover ({lang.code}); "
                           "the policy file says to refuse such requests (unsafe.uncovered_languages)."))
        framed = self._framed(text, scores, hits) if lang.english else {}
        for cat in CATEGORIES:
            score = scores.get(cat, 0.0) if scores else 0.0
            lex = hits.get(cat)
            if score < self.thresholds[cat] and lex is None:
                continue
            if cat in framed:
                out.append(framed[cat])
                continue
            action = self.actions[cat]
            if action == "allow":
                continue
            why = f"the term {_short(lex)!r}" if lex else f"the classifier (score {score:.2f})"
            out.append(PolicyFinding(
                policy=self.name, category=cat, span=lex or "", score=round(max(score, 1.0 if lex else 0.0), 3),
                action={"flag": "allow", "rewrite": "refuse"}.get(action, action),  # type: ignore[arg-type]
                reason=f"{READABLE[cat].capitalize()} was detected by {why}.", by_classifier=lex is None))
        # the minors rule: never configurable
        # the classifier's sexual reading counts as a context even where the operator allows adult content
        sexual_score = bool(scores) and scores.get("sexual", 0.0) >= self.thresholds["sexual"]  # type: ignore[union-attr]
        hit = minors.check(forms, lexicons, hits.get("sexual"), sexual_score)
        if hit:
            sign, ctx = hit
            out.append(PolicyFinding(
                policy=self.name, category="minors", span=sign, score=1.0, action="refuse",
                reason=f"A minor ({sign!r}) is referred to in a sexual, undressed or romantic context ({ctx!r}); "
                       "this is always refused.", by_classifier=ctx == minors.CLASSIFIER_CONTEXT))
        else:  # the conversation so far: each earlier refusal narrows what may follow
            ctx = minors.has_sexual_context(forms, lexicons, hits.get("sexual"), sexual_score) \
                if "minors" in refused_before else None
            if ctx:
                out.append(PolicyFinding(
                    policy=self.name, category="minors", span=ctx, score=1.0, action="refuse",
                    reason="An earlier request in this conversation was refused because it put a minor in a sexual "
                           f"context; this one asks for a sexual or undressed context ({ctx!r}), so it is refused too. "
                           "Start a new conversation for unrelated requests.", by_classifier=ctx == minors.CLASSIFIER_CONTEXT))
            sign = minors.minor_signs(forms, lexicons)[0] if "sexual" in refused_before else []
            if sign:
                out.insert(0, PolicyFinding(
                    policy=self.name, category="minors", span=sign[0], score=1.0, action="refuse",
                    reason="An earlier request in this conversation was refused for sexual content; this one brings "
                           f"a minor into it ({sign[0]!r}), so it is refused too. Start a new conversation for "
                           "unrelated requests."))
        return out

    def _framed(self, text: str, scores: dict[str, float] | None, hits: dict[str, str]) -> dict[str, PolicyFinding]:
        """The classifier's readings set aside by a benign frame (``frames.py``: "Why do Sikh men wear turbans?",
        "a memorial for the victims of the Srebrenica massacre"), as allow findings that say so; a category a
        word list found a term for is never set aside, and any other refusal stands."""
        over = [c for c in CATEGORIES if scores and scores.get(c, 0.0) >= self.thresholds[c]]
        if not over or any(hits.get(c) for c in over):
            return {}
        frame = benign_frame(fold(text).text)
        if frame is None or not set(over) <= SETS_ASIDE[frame]:
            return {}
        return {c: PolicyFinding(
            policy=self.name, category="frame", span=frame, score=round(scores[c], 3), action="allow",  # type: ignore[index]
            reason=f"The classifier read {READABLE[c]} here (score {scores[c]:.2f}); it was set aside because this "  # type: ignore[index]
                   f"is {FRAMES[frame]} and no listed term was found (policies/frames.py).") for c in over}

    @staticmethod
    def _for_classifier(text: str) -> str:
        """The text as the classifier reads it: an allowed phrase loses its risky first word ("a naked mole rat"
        -> "a mole rat", "nude lipstick" -> "lipstick"; or the words its pattern names ``risky``: "trying on
        clothes" -> "clothes"), people drawn as something harmless lose the phrase ("a
        Muslim family drawn as cartoon cats" -> "a muslim family", ``frames.without_depiction``), and so does what
        a faith's people wear ("Muslim women in hijabs flying kites" -> "muslim women flying kites",
        ``frames.without_attire``); the classifier is uncased."""
        allow = lexicon("en").patterns.get("allow")
        low = without_attire(without_depiction(text.lower()))
        return allow.sub(_without_risky_words, low) if allow is not None else low

    @staticmethod
    def _language_note(lang: Language) -> PolicyFinding:
        how = (f"the word lists for this language ({lang.code}) and English" if lang.covered
               else "the English word lists only (no list exists for this language)")
        return PolicyFinding(
            policy="unsafe", category="language", action="allow", span=lang.code, score=1.0 if lang.confident else 0.5,
            reason=f"Your request is not in English ({lang.code}). Limner's content classifier reads English only, "
                   f"so it was checked with {how} and the minors rule.")


def _without_risky_words(m: re.Match[str]) -> str:
    """An allowed phrase as the classifier reads it: without the words its pattern names ``risky`` (``risky0``,
    ``risky1`` ... once the patterns are joined: ``languages._compile``), else without its first word."""
    risky = next((v for k, v in m.groupdict().items() if k.startswith("risky") and v is not None), None)
    if risky is not None:
        return m.group(0).replace(risky, "", 1)
    return (m.group(0).split(None, 1) + [""])[1]


def _short(term: str) -> str:
    """A pattern's match as a reason quotes it: a long one by its end, where the word that decided it is (a
    pattern that needs a context anywhere in the text matches from the text's start: "a detailed digital
    illustration of a couple on a bed. ... penetration")."""
    return term if len(term) <= 70 else f"... {term[-50:].split(' ', 1)[-1]}"
