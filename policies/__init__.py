"""Limner's policies. One module per policy, one interface: ``check(text) -> list[PolicyFinding]``.

- ``public_figures.py``  real people's names -> generic descriptions
- ``artists.py``         living artists' names -> a description of the style
- ``unsafe.py``          sexual, minors, violence, self-harm, hate, harassment, illegal, shocking
- ``normalize.py``       evasion-resistant normalisation used by all of them
- ``policy.toml``        the operator's switches: actions, thresholds, allow/deny lists

``PolicyEngine.decide`` combines the findings into one decision: refuse if any finding refuses (or a real
person is put in an unsafe or deceptive context), else rewrite the flagged spans, else allow.
"""

from __future__ import annotations

import re
from pathlib import Path

from .artists import ArtistPolicy
from .config import PolicyConfig, PolicyConfigError, load_policy_config
from .names import common_words, key_of
from .normalize import fold
from .public_figures import PublicFigurePolicy
from .risk import added_risk
from .types import PolicyDecision, PolicyFinding
from .unsafe import READABLE, UnsafePolicy

__all__ = ["PolicyEngine", "PolicyConfig", "PolicyConfigError", "load_policy_config"]

DECEPTIVE = re.compile(
    r"\b(fake|faked|leaked|real photo|actual photo|news photo|press photo|photo ?journalis\w*|mugshot|arrest\w*|"
    r"caught|deepfake|scandal|confess\w*|security camera|cctv|paparazzi|proof|evidence|hidden camera|in prison|"
    r"in jail|handcuff\w*|drunk|passed out|dead body|corpse|assassinat\w*|shot dead|bloody|injured|naked|nude|"
    r"in bed with|kissing|sex|fight(?:ing)? with|punch\w*|attack\w*|hostage|surrender\w*|endors\w*|"
    r"election|ballot|rally|"
    # hate symbols and extremist dress put on a real person, and their death
    r"nazi\w*|swastikas?|ss uniform|hitler salute|sieg heil|heil|kkk|ku klux klan|klan|klansman|white power|"
    r"blackface|isis|terrorists?|suicide vest|lying dead|in a coffin|executed|execution|firing squad|"
    r"being executed|beheaded|hanged|lynched|killed|murdered)\b", re.I)
# a real person undressed or sexualised: refused, not only renamed (the request is for that person)
SEXUALISED_ANYONE = re.compile(r"\b(lingerie|underwear|panties|thong|topless|see-through|wet t-?shirt|sexy|seductive|"
                               r"sensual|erotic|stripper|pole danc\w*|lap danc\w*|making out|nipples?|cleavage|"
                               r"boudoir|suggestive)\b", re.I)
# a person named by office keeps their title in the prompt (a name is replaced), so their clothes matter too
SEXUALISED = re.compile(r"\b(bikini|lingerie|underwear|swimsuit|thong|speedo|stripper|strip ?club|pole danc\w*|sexy|"
                        r"seductive|topless|shirtless|in a bathtub|on the toilet|making out)\b", re.I)


class PolicyEngine:
    def __init__(self, config: PolicyConfig | None = None) -> None:
        self.config = config or PolicyConfig()
        self.figures = PublicFigurePolicy(self.config.public_figures)
        self.artists = ArtistPolicy(self.config.artists)
        self.unsafe = UnsafePolicy(self.config.unsafe)

    @classmethod
    def from_file(cls, path: str | Path | None = None) -> PolicyEngine:
        return cls(load_policy_config(path))

    # ------------------------------------------------------------------ the interface
    def check(self, text: str, refused_before: frozenset[str] = frozenset(), language: str | None = None
              ) -> list[PolicyFinding]:
        return self.check_many([text], refused_before, language)[0]

    def check_many(self, texts: list[str], refused_before: frozenset[str] = frozenset(), language: str | None = None
                   ) -> list[list[PolicyFinding]]:
        named, plain = [], []
        for t in texts:
            people_and_artists, masked = self._names(t, language)
            named.append(people_and_artists)
            plain.append(masked)
        unsafe = self.unsafe.check_many(plain, refused_before, language)
        return [u + n for u, n in zip(unsafe, named, strict=True)]

    def _names(self, text: str, language: str | None = None) -> tuple[list[PolicyFinding], str]:
        """Findings for the people and artists named in ``text``, and the text with every known name replaced by
        a description, which is what the content classifier reads: a name is not evidence of anything, and the
        description keeps what the image would show."""
        folded = fold(text)
        arts, art_spans = self.artists.scan(text, folded)
        people, mask = self.figures.scan(text, folded, language)
        # a name the artist list knows is the artist policy's to judge (a dead painter is an allowed style
        # reference; a living one is rewritten as a style), whatever the public-figure list says
        people = [f for f in people if not any(s < (f.end or 0) and (f.start or 0) < e for s, e in art_spans)]
        known = [(f.start, f.end) for f in mask]
        mask += [f for f in people if f.category == "person_name" and (f.start, f.end) not in known]
        return people + arts, _apply(text, mask + arts)

    def mask_names(self, texts: list[str]) -> list[str]:
        """``texts`` as the content classifier sees them (known names replaced by descriptions)."""
        return [self._names(t)[1] for t in texts]

    # ------------------------------------------------------------------ decisions
    def decide(self, text: str, stage: str = "input", refused_before: frozenset[str] = frozenset(),
               language: str | None = None) -> PolicyDecision:
        return self.decide_many([text], stage, refused_before, language)[0]

    def decide_many(self, texts: list[str], stage: str = "caption", refused_before: frozenset[str] = frozenset(),
                    language: str | None = None) -> list[PolicyDecision]:
        """One decision per text. ``language`` (e.g. "de") judges every text as that language: see
        ``UnsafePolicy.check_many``."""
        checked = self.check_many(texts, refused_before, language)
        out = [self._decide(t, f, stage) for t, f in zip(texts, checked, strict=True)]
        for t, d in zip(texts, out, strict=True):
            lang = next((f.span for f in d.findings if f.category == "language"), None)
            d.language = lang or language or "en"
            d.checked = t
        return out

    def clearly_harmless(self, text: str, language: str | None = None) -> bool:
        """Nothing refuses ``text``, and, read as English, each of the content classifier's scores is under half
        its threshold: far from a refusal, not just under it (a woman "tied up and gagged" with "bruises all over
        her body" reads violence 0.46 against 0.72, which is not clearly harmless)."""
        d = self.decide(text, stage="input", language=language)
        if d.action == "refuse":
            return False
        if d.language != "en":
            return False  # the classifier reads English only: nothing to be sure of
        scores = self.unsafe.scores([self.unsafe._for_classifier(self.mask_names([text])[0])])[0]
        return all(scores[c] < self.unsafe.thresholds[c] / 2 for c in scores)

    def added_risk(self, caption: str, sources: list[str | None], names: list[str] = (),
                   language: str | None = None) -> list[str]:
        """What ``caption`` adds that none of ``sources`` had: risk terms (``risk.py``) and real names, i.e. any
        person the name policies find in the caption and any word of a name the request had ("Musk",
        "Obama's")."""
        out = added_risk(caption, [s for s in sources if s])
        people, _ = self._names(caption, language)
        asked = " ".join(fold(x).text for x in sources if x)
        out += [f"name:{f.span.lower()}" for f in people
                if f.policy == "public_figures" and f.category != "historical_figure"
                and not (f.category == "office_holder" and fold(f.span).text in asked)]
        low = fold(caption).text
        common = common_words()
        for name in names:
            for tok in key_of(name).split():
                if len(tok) >= 3 and tok not in common and re.search(rf"\b{re.escape(tok)}(?:'s)?\b", low):
                    out.append(f"name:{tok}")
        return list(dict.fromkeys(out))

    def _decide(self, text: str, findings: list[PolicyFinding], stage: str) -> PolicyDecision:
        for f in findings:
            f.stage = "caption" if stage == "caption" else "input"
        notes = [f.reason for f in findings if f.category == "language" and f.action == "allow"]
        people = [f for f in findings if f.policy == "public_figures" and f.action != "allow"]
        offices = [f for f in findings if f.category == "office_holder"]
        unsafe = [f for f in findings if f.policy == "unsafe" and f.action != "allow"]
        if (people or offices) and self.config.public_figures.refuse_in_unsafe_context:
            m = DECEPTIVE.search(text) or SEXUALISED_ANYONE.search(text) or (SEXUALISED.search(text) if offices else None)
            people += offices
            if unsafe or m:
                ctx = "an unsafe" if unsafe else f"a deceptive or compromising ({m.group(0)!r})"  # type: ignore[union-attr]
                for f in people:
                    f.action = "refuse"
                    f.reason = (f"{f.span!r} is a real person, and the request puts them in {ctx} context; "
                                "Limner refuses that.")
        refusals = sorted((f for f in findings if f.action == "refuse"), key=lambda f: f.policy != "public_figures")
        if refusals:
            first = refusals[0]
            what = READABLE.get(first.category, first.category.replace("_", " "))
            return PolicyDecision(action="refuse", text=text, findings=findings,
                                  message=f"I can't make this image ({first.policy} policy: {what}). {first.reason}")
        rewrites = sorted((f for f in findings if f.action == "rewrite" and f.start is not None),
                          key=lambda f: f.start or 0, reverse=True)
        if not rewrites:
            return PolicyDecision(action="allow", text=text, findings=findings, notes=notes)
        new = text
        last = len(text) + 1
        changes: list[str] = []
        for f in rewrites:
            if f.end is None or f.end > last:
                continue  # overlapping spans: the first (rightmost) wins
            replacement = f.replacement if f.replacement is not None else "a person"
            if f.policy == "artists":
                new, replacement = _replace_artist(new, f.start or 0, f.end, replacement)
            else:
                new = new[: f.start] + replacement + new[f.end:]
            last = f.start or 0
            changes.append(f.reason)
        new = re.sub(r"\b(a|an|the) (a|an) ", r"\2 ", new)
        return PolicyDecision(action="rewrite", text=new, findings=findings, notes=notes + list(reversed(changes)))


def _apply(text: str, findings: list[PolicyFinding]) -> str:
    for f in sorted((f for f in findings if f.start is not None and f.end is not None), key=lambda f: -(f.start or 0)):
        text = text[: f.start] + (f.replacement if f.replacement is not None else "a person") + text[f.end:]
    return text


_STYLE_BEFORE = re.compile(r"(?:,\s*)?(?:(?:digital |concept )?(?:art|artwork|painting|illustration|drawing) )?"
                           r"(?:in the (?:art )?style of|in the manner of|inspired by|style of|by|like|a la|à la)\s+$",
                           re.I)
_STYLE_AFTER = re.compile(r"^(?:'s)?(?:\s*(?:-?style|-esque|esque)|'s (?:style|work|art|painting|aesthetic))?", re.I)


_AS_SUBJECT = re.compile(r"\b(?:of|with|and|shows?|showing|depicting|featuring|meets?|about)\s+$", re.I)


def _replace_artist(text: str, start: int, end: int, desc: str) -> tuple[str, str]:
    """'... by Greg Rutkowski' -> '..., in the style of a dramatic, painterly and luminous fantasy painting'."""
    before = _STYLE_BEFORE.search(text[:start])
    after = _STYLE_AFTER.match(text[end:])
    if not before and not (after and after.group(0)) and _AS_SUBJECT.search(text[:start]):
        return text[:start] + "an artist" + text[end:], "an artist"  # "a portrait of X": X is the subject
    s = before.start() if before else start
    e = end + (after.end() if after else 0)
    lead = ", " if before and text[before.start():before.start() + 1] == "," else (" " if s > 0 and text[s - 1] != " " else "")
    phrase = f"in the style of {'an' if desc[0] in 'aeiou' else 'a'} {desc}"
    rest = text[e:].strip()
    if after and after.group(0) and rest and (s == 0 or re.search(r"\b(?:a|an|the)\s+$", text[:s], re.I)):
        # "Banksy style mural of a rat", "a Bauhaus-style poster": the thing asked for first, then its style
        new = (text[:s] + rest).rstrip(" .")
        new = new[0].upper() + new[1:] if s == 0 else new
        return f"{new}, {phrase}", phrase
    if s == 0:
        phrase = phrase[0].upper() + phrase[1:]
    return text[:s] + lead + phrase + text[e:], phrase
