"""Risk terms: what a caption may not add to a request.

The rewriter is a language model and can add risk on its own ("a woman on a beach" -> "... just 12 years old
...", "a knight" -> "... covered in blood"). ``added_risk(caption, sources)`` lists every risk term of the
caption that none of the sources (the user's request, the caption being refined) has, by a deterministic
comparison that does not depend on the classifier. The pipeline discards a caption that adds one.

Terms are compared by their canonical form (``RISK``: "bloody" and "gore" are both ``gore``); a minor is a
category (the request "a toddler" allows the caption "a small child"), an age under 18 is compared by its number.
Requests in other languages contribute the categories their lexicon finds (a Spanish "niño" allows "boy").
"""

from __future__ import annotations

import re

from . import minors
from .languages import Language, detect, lexicons_for, without_harmless
from .normalize import variants

# canonical term -> pattern (English; captions are written in English)
RISK: dict[str, re.Pattern[str]] = {k: re.compile(rf"\b(?:{v})\b") for k, v in {
    "nudity": r"nude|nudes|naked|nudity|topless|bottomless|undress\w*|unclothed|disrobed|bare[- ]chested|"
              r"bare[- ]breasted|bare skin|full frontal|without (?:any )?(?:clothes|clothing)|no clothes",
    "underwear": r"lingerie|underwear|panties|knickers|bras?|thongs?|g-strings?|negligee|garters?|corset",
    "swimwear": r"bikinis?|swimsuits?|swimwear|bathing suits?|speedos?",
    "shirtless": r"shirtless",
    "revealing": r"see-through|transparent (?:dress|top|shirt|blouse|clothes|clothing|fabric)|skimpy|low-cut|"
                 r"plunging neckline|revealing (?:outfit|dress|clothes|clothing|top|swimsuit|costume|lingerie)",
    "sexual": r"sexy|sexual\w*|sex|seductive\w*|seduc\w*|sensual\w*|erotic\w*|provocative\w*|sultry|steamy|lewd|"
              r"fetish\w*|porn\w*|explicit|nsfw|cleavage|(?<!chicken )(?<!turkey )breasts?|nipples?|buttocks|"
              r"genital\w*|aroused|orgasm\w*|kinky|bdsm|bondage",
    "weapon": r"guns?|rifles?|pistols?|shotguns?|revolvers?|firearms?|handguns?|machine guns?|knife|knives|daggers?|"
              r"swords?|blade(?!s? of grass)|machetes?|spears?|bombs?|explosives?|grenades?|missiles?|weapons?|"
              r"ammunition|bullets?(?! (?:points?|trains?|journal))|crossbows?|axe|axes",
    "gore": r"blood|bloody|bloodied|bleeding|gore|gory|wounds?|wounded|injur\w*|corpses?|dead bod(?:y|ies)|"
            r"severed|mutilat\w*|dismember\w*|decapitat\w*|entrails",
    "death": r"dead(?! (?:leaves|leaf|trees?|branches|wood|grass|end|of (?:night|winter)|calm|cent(?:er|re)|sea))|"
             r"death|deaths|dying|killed|kill|kills|killing|killer(?! whales?)|murder\w*|executed|massacre\w*|"
             r"slaughter\w*|suicide|hanged|stops breathing|stopped breathing|(?:can't|cannot|can not) breathe|"
             r"stops struggling|stopped struggling|goes limp|went limp|stops moving|stopped moving",
    "combat": r"war|wars|warfare|battle\w*|fight|fights|fighting|attack\w*|shooting (?:at|people|him|her|them)|"
              r"gunfire|gunshots?|stab\w*|violent|violence|torture\w*|explosion\w*|assault\w*|riot\w*|brawl\w*|"
              r"combat",
    "drugs": r"cocaine|heroin|meth|methamphetamine|drugs?|narcotics?|marijuana|cannabis|syringes?|overdos\w*|"
             r"crack pipe",
}.items()}
# lexicon categories of a (possibly non-English) request -> the canonical terms they make present
_FROM_CATEGORY = {"sexual": {"nudity", "underwear", "swimwear", "shirtless", "revealing", "sexual"},
                  "context": {"underwear", "swimwear", "revealing"},
                  "swim": {"swimwear"}, "exposure": {"swimwear"},
                  "violence": {"weapon", "gore", "death", "combat"}, "shocking": {"gore", "death"},
                  "self_harm": {"gore", "death"}, "illegal": {"drugs", "weapon"}}


def risk_terms(text: str, lang: Language | None = None) -> set[str]:
    """Canonical risk terms of ``text``: RISK keys, ``minor``, ``age:N`` (N < 18) and ``hate:TERM``."""
    lang = lang or detect(text)
    forms = variants(text)
    lexicons = lexicons_for(lang)
    out: set[str] = set()
    f0 = forms[0]
    for name, pat in RISK.items():
        if pat.search(f0):
            out.add(name)
    clear, ambiguous = minors.minor_signs(forms, lexicons)
    if clear or ambiguous:
        out.add("minor")
    out |= {f"age:{a}" for a in minors.ages(forms) if a < 18}
    listed = without_harmless(forms)
    for lex in lexicons:
        out |= {f"age:{a}" for a in lex.ages_in(forms) if a < 18}
        hits = lex.find(listed)
        if "hate" in hits:
            out.add(f"hate:{hits['hate']}")
        if lex.code != "en":
            for cat in hits:
                out |= _FROM_CATEGORY.get(cat, set())
        elif "sexual" in hits:
            out.add("sexual")
    return out


def added_risk(caption: str, sources: list[str]) -> list[str]:
    """The risk terms of ``caption`` that no source has (sorted), e.g. ``['age:12']`` or ``['gore']``."""
    have: set[str] = set()
    for s in sources:
        if s:
            have |= risk_terms(s)
    return sorted(t for t in risk_terms(caption, Language("en", True)) if t not in have)
