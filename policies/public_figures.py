"""Public figures: real people's names become generic descriptions (or the request is refused).

Knowledge base: ``data/public_figures.tsv`` (Pantheon 1.0, US Congress and executive, a celebrity list) and
``data/public_figures_addendum.tsv`` (people famous since about 2014, one-word stage names and bands, with a source
for each row; it overrides the main list's occupation where both have a person), with aliases; matched on folded
text, so lower case, look-alike letters and possessives ("Obama's") are found, misspellings by rapidfuzz.
One-word names ("Rihanna", "Drake") match in any case when they are not English words, and only capitalised and
without an article before them when they are ("a drake on a pond" is a duck); names made only of everyday words
("Ice Cube", "The Rock") only capitalised ("an ice cube in a glass" is ice). spaCy NER catches full names that
are not in the list: they are private people unless known, become "a man", "a woman" or "a person" (by the first
name's gender in the knowledge base), and after "my friend", "my neighbour"... the name is simply dropped. People born before
``historical_before`` (default 1800: before photography) are left alone by default, since any picture of them
is an interpretation rather than a likeness. Names in ``fictional`` (characters) are never touched.

A real person can also be named by office: "the pope", "the 44th president", "the president of France", "the
king of England". Such a phrase is kept (a pope in a fresco is no likeness), but it is reported as
``office_holder``, and the engine then refuses it in an unsafe, deceptive or sexualised context, as it does for a
name ("the pope in a bikini", "the US president getting shot").
"""

from __future__ import annotations

import csv
import re
import threading
from dataclasses import dataclass
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from .config import PublicFiguresConfig
from .languages import detect
from .names import DATA, NameHit, NameIndex, common_words, everyday_phrase, key_of
from .normalize import Folded, fold
from .packaged import minilm_vocab, spacy_pipeline, webster_words
from .types import PolicyFinding

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
    "rapper": "rapper", "royal": "member of a royal family", "band": "band", "youtuber": "online video creator",
    "physician": "doctor", "psychologist": "psychologist", "painter": "painter",
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
    """(figures, (name or alias, figure index) pairs); the addendum's names come first, so that where both lists
    have a person the addendum's row (its occupation) is the one found."""
    figures: list[Figure] = []
    first: list[tuple[str, int]] = []
    rest: list[tuple[str, int]] = []
    for fname, names in (("public_figures_addendum.tsv", first), ("public_figures.tsv", rest)):
        with open(DATA / fname, encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                by = r["birth_year"]
                figures.append(Figure(r["name"], r["occupation"], r["gender"],
                                      int(by) if re.fullmatch(r"-?\d+", by or "") else None))
                idx = len(figures) - 1
                names.append((r["name"], idx))
                names += [(a, idx) for a in r["aliases"].split("|") if a]
    return figures, first + rest


@lru_cache(maxsize=1)
def first_name_gender() -> dict[str, str]:
    """First name -> 'male' / 'female' where the knowledge base's people with that first name agree (9 in 10)."""
    counts: dict[str, dict[str, int]] = {}
    for fig in load_figures()[0]:
        toks = key_of(fig.name).split()
        if len(toks) >= 2 and fig.gender in ("male", "female"):
            c = counts.setdefault(toks[0], {"male": 0, "female": 0})
            c[fig.gender] += 1
    out = {}
    for name, c in counts.items():
        total = c["male"] + c["female"]
        for g in ("male", "female"):
            if total >= 2 and c[g] >= 0.9 * total:
                out[name] = g
    return out


# one-word names that are also English words: they count only capitalised, with no article before them
ENGLISH_MONONYMS = frozenset("drake sting madonna cher swift trump musk seal prince future common eve pink bush "
                             "ye rock salah curry kane cook gates jobs ford bolt tate pope".split())
_RELATION = re.compile(r"\b(?:my|our|your|his|her|their)\s+(?:(?:best|old|new|dear|little|big|late)\s+)?"
                       r"(?:friend|neighbou?r|colleague|coworker|co-worker|boss|teacher|classmate|uncle|aunt|cousin|"
                       r"brother|sister|son|daughter|mother|father|mom|mum|dad|grandma|grandpa|grandmother|"
                       r"grandfather|wife|husband|partner|boyfriend|girlfriend|roommate|niece|nephew|fiancee?|"
                       r"ex|student|doctor|dog|cat)\s*,?\s*$", re.I)
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|this|that|these|those|my|your|his|her|our|their|some|every|any)\s+$", re.I)


_NER_LOCK = threading.Lock()


def _looks_like_a_name(text: str) -> bool:
    """spaCy's small model tags capitalised phrases as people ("Yellow Train stopped at the station", "Two
    Nintendo Wii controllers", "Hope Street"): a phrase made only of everyday words is not a name, nor one with an
    everyday word that does not start with a known first name ("Rusty Nail"; "Tom Hendricks" and "Mei Lin Chow"
    stay names)."""
    words = key_of(text.removesuffix("'s").removesuffix("’s")).split()
    if not words:
        return False
    common = common_words()
    everyday = [w in common for w in words]
    return not (all(everyday) or (any(everyday) and words[0] not in first_name_gender()))


_PERSON_BEFORE = re.compile(r"(?:\b(?:grandpa|grandma|granny|uncle|aunt|auntie|cousin|mr|mrs|ms|miss|dr|"
                            r"portrait of|selfie of|headshot of)\.?\s*,?\s*|^\s*(?:dear|happy birthday,?)\s+)$", re.I)
_PERSON_AFTER = re.compile(
    r"^(?:'s|’s|\s+(?:dressed\s+)?as (?:a|an) |,? (?:and|with) (?:his|her|their) |,? (?:who|whose) |"
    r",? (?:he|she|they) |,? (?:a|an|the|my|our) (?:friend|neighbou?r|colleague|teacher|doctor|nurse|student|mother|father|grandmother|grandfather|woman|man|"
    r"girl|boy)\b|\s+(?:eating|riding|reading|painting|sitting|dancing|walking|hiking|fishing|baking|drinking|"
    r"smiling|laughing|holding|wearing|playing|singing|cooking|running|swimming|surfing|skiing|standing|posing|"
    r"waving|hugging|kissing|planting|gardening|writing|talking|sleeping|working|studying|teaching|driving|"
    r"celebrating|crying|fixing|repairing|knitting|jogging|climbing|skating|sewing|shopping|praying|graduating|"
    r"blowing|opening|unwrapping|building|feeding|brushing|hugging|cuddling|throwing|catching|kicking|wrapping|"
    r"decorating|carving|picking|pushing|pulling|carrying|watering|washing|combing|braiding|lifting|feeding|"
    r"meeting|visiting|giving|receiving|getting|taking|making|holding|waiting|sipping|tasting|serving)\b)",
    re.I)
# a person's pronoun soon after, with nobody else named between ("Priya Raman blowing out her birthday
# candles"; not "Machu Picchu at dawn, a hiker and his dog")
_PRONOUN_AFTER = re.compile(r"^(?:(?!\b(?:a|an|the|and|with)\b)[^.,;!?]){0,50}?\b(?:her|his|she|he|him|herself|himself)\b",
                            re.I)


_TITLES = {"mr": "a man", "mrs": "a woman", "ms": "a woman", "miss": "a woman", "sir": "a man", "lady": "a woman",
           "lord": "a man", "dr": "a doctor", "doctor": "a doctor", "prof": "a professor", "professor": "a professor",
           "captain": "a captain", "capt": "a captain", "general": "a general", "colonel": "a colonel",
           "sergeant": "a sergeant", "detective": "a detective", "officer": "an officer", "agent": "an agent",
           "nurse": "a nurse", "judge": "a judge", "coach": "a coach", "chef": "a chef", "father": "a priest",
           "sister": "a nun", "reverend": "a priest", "rabbi": "a rabbi", "imam": "an imam", "king": "a king",
           "queen": "a queen", "prince": "a prince", "princess": "a princess"}
_TITLE_BEFORE = re.compile(r"\b(?P<title>" + "|".join(sorted(_TITLES, key=len, reverse=True)) + r")\.?\s+$", re.I)


# a role said of a name in apposition ("Ilse Vantongeren, a nurse, ..."), or a child's age ("Halvard Brekke, 9,")
_ROLE_AFTER = re.compile(
    r"^,\s*(?:\d{1,3}\b|(?:a|an|the|my|our)\s+(?:[\w-]+\s+){0,2}?(?:friend|neighbou?r|colleague|teacher|doctor|"
    r"nurse|student|mother|father|grandmother|grandfather|woman|man|girl|boy|farmer|baker|chef|cook|nanny|"
    r"babysitter|midwife|vet|veterinarian|dentist|surgeon|paramedic|firefighter|police officer|officer|pilot|"
    r"driver|mechanic|plumber|electrician|carpenter|gardener|fisherman|fisherwoman|painter|artist|musician|"
    r"singer|dancer|writer|poet|librarian|engineer|scientist|professor|lawyer|accountant|clerk|cashier|waiter|"
    r"waitress|barista|tailor|seamstress|potter|blacksmith|shepherd|soldier|sailor|priest|pastor|rabbi|imam|monk|"
    r"nun|coach|athlete|runner|swimmer|climber|hiker|retiree|pensioner|widow|widower|toddler|baby|child|kid|"
    r"teenager|teen|grandma|grandpa|aunt|uncle|cousin|niece|nephew|son|daughter|wife|husband)s?\b)", re.I)


def _said_of_a_person(text: str, start: int, end: int, name: str) -> bool:
    """spaCy's small model also tags places and works as people ("Machu Picchu", "Angkor Wat", "Niagara Falls",
    "Battlestar Galactica"): a full name found by NER is taken for a person only with a known first name ("Tom
    Hendricks"), or when the text speaks of a person there: a relation or title before it ("my friend", "grandpa",
    "a portrait of"), a possessive, "and her dog", "as an astronaut", what people do after it ("eating"), a role or
    an age after a comma ("Oksana Vereshchagina, 9, ..."), or a person's pronoun later in the sentence ("...
    blowing out her birthday candles")."""
    first = key_of(name).split()[:1]
    if first and first[0] in first_name_gender():
        return True
    return bool(_RELATION.search(text[:start]) or _PERSON_BEFORE.search(text[:start])
                or _PERSON_AFTER.match(text[end:end + 40]) or _PRONOUN_AFTER.match(text[end:end + 100])
                or _ROLE_AFTER.match(text[end:end + 60]))


def _ner():
    return spacy_pipeline(("parser", "lemmatizer", "attribute_ruler"))


_COUNTRIES = (r"(?:the\s+)?(?:united states|usa|us|u\.s\.|america|france|russia|china|united kingdom|uk|britain|"
              r"great britain|england|germany|india|ukraine|israel|iran|turkey|brazil|mexico|canada|japan|"
              r"north korea|south korea|spain|italy|netherlands|sweden|saudi arabia|south africa|australia|"
              r"argentina|hungary|poland|egypt|pakistan|nigeria|venezuela|belarus|syria)")
_NATIONS = (r"(?:us|u\.s\.|american|french|russian|chinese|british|uk|german|indian|ukrainian|israeli|iranian|turkish|"
            r"brazilian|mexican|canadian|japanese|north korean|south korean|spanish|italian|dutch|swedish|saudi|"
            r"australian|argentine|hungarian|polish|egyptian|pakistani|nigerian|venezuelan|syrian)")
_OFFICES = r"(?:president|prime minister|chancellor|premier|king|queen|supreme leader|crown prince|first lady)"
OFFICE_HOLDER = re.compile(
    r"\b(?:the\s+)(?:current\s+|sitting\s+|present\s+|reigning\s+|former\s+)?"
    rf"(?:pope|dalai lama|archbishop of canterbury|{_NATIONS}\s+{_OFFICES}|{_OFFICES}\s+of\s+{_COUNTRIES}|"
    r"\d{1,2}(?:st|nd|rd|th)\s+(?:us\s+|u\.s\.\s+|american\s+)?president)\b|\b(?:potus|flotus)\b")
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
        # one-word names (stage names, bands, surnames the addendum lists as aliases)
        self.mononyms: dict[str, int] = {}
        self.acronyms: dict[str, int] = {}
        for n, i in names:
            k = key_of(n)
            if len(k.split()) == 1 and len(k) >= 4:
                self.mononyms.setdefault(k, i)
            if re.fullmatch(r"[A-Z][A-Z0-9]{1,4}", n):
                self.acronyms.setdefault(n, i)

    def scan(self, text: str, folded: Folded | None = None, language: str | None = None
             ) -> tuple[list[PolicyFinding], list[PolicyFinding]]:
        """(findings, mask): the findings, and every listed name (historical ones too) as a rewrite to its
        description, which the engine applies before the content classifier reads the text. ``language`` is the
        request's, when known: a caption made from German words is not English text (below)."""
        cfg = self.config
        if not cfg.enabled:
            return [], []
        out: list[PolicyFinding] = []
        folded = folded or fold(text)
        # a name made only of everyday words counts only written as one ("an ice cube in a glass")
        hits = [h for h in self.index.find(text, folded) if not everyday_phrase(h.text, common_words(), 2)]
        hits += self._mononyms(text, folded, [(h.start, h.end) for h in hits], language)
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
        for m in OFFICE_HOLDER.finditer(folded.text):
            start, end = folded.span(m.start(), m.end())
            out.append(PolicyFinding(
                policy=self.name, category="office_holder", span=text[start:end], start=start, end=end,
                action="allow", reason=f"{text[start:end]!r} names a real person by their office; kept, but "
                                       "refused in an unsafe, deceptive or sexualised context."))
        return out, mask

    @cached_property
    def dictionary_mononyms(self) -> frozenset[str]:
        """One-word names that are also English words (in the dictionary and in MiniLM's vocabulary): "maroon",
        "cent", "twice" must be capitalised to be a name ("a maroon sweater" is a colour), "obama" need not."""
        return frozenset(n for n in self.mononyms if n in minilm_vocab() and n in webster_words())

    def _mononyms(self, text: str, folded: Folded, taken: list[tuple[int, int]], language: str | None = None
                  ) -> list[NameHit]:
        """One-word names: any case when not an English word, else capitalised with no article before."""
        known = minilm_vocab()
        vocab = common_words() | ENGLISH_MONONYMS | self.dictionary_mononyms
        # a misspelt one-word name is looked for in English text only: not in a caption the rewriter made around a
        # German request's words ("... of ein Mann spricht mit einem Kind": "einem" is not a misspelt "Eminem")
        english = language in (None, "en") and detect(text).english
        out: list[NameHit] = []
        for m in re.finditer(r"\b[A-Z][A-Z0-9]{1,4}\b", text):  # acronyms written in capitals: "BTS", "ABBA"
            idx = self.acronyms.get(m.group(0))
            if idx is not None and not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(NameHit(m.start(), m.end(), m.group(0), idx, 100.0))
        for m in re.finditer(r"[a-z][a-z\-]{3,}", folded.text):
            word = m.group(0)
            idx = self.mononyms.get(word)
            s, e = folded.span(m.start(), m.end())
            if any(a < e and s < b for a, b in taken):
                continue
            score = 100.0
            if idx is None:
                if word in known or len(word) < 5 or not (english or text[s:s + 1].isupper()) or \
                        word in webster_words():  # "macaroni" is not a misspelt "Macron"
                    continue
                best = process.extractOne(word, self.mononyms.keys(), scorer=fuzz.ratio, score_cutoff=85)
                if best is None or best[0][0] != word[0]:
                    continue
                idx, score = self.mononyms[best[0]], best[1]
            if word in vocab and (not text[s:s + 1].isupper() or _ARTICLE_BEFORE.search(text[:s])
                                  or re.match(r"\s+and\s+child", text[e:], re.I)):
                continue
            out.append(NameHit(s, e, text[s:e], idx, score))
        return out

    def _ner_findings(self, text: str, covered: list[tuple[int, int]]) -> list[PolicyFinding]:
        nlp = _ner()
        if nlp is None or self.config.ner_action == "allow":
            return []
        out = []
        with _NER_LOCK:  # spaCy does not promise that one pipeline may run in two threads at once
            ents = list(nlp(text[:5000]).ents)
        for ent in ents:
            if len(ent.text.split()) < 2 or not (ent.label_ == "PERSON" or (
                    # the small model reads some names as an organisation or a place ("Ilse Vantongeren" is an
                    # ORG): taken for a person when what follows says so ("Ilse Vantongeren, a nurse, ...")
                    ent.label_ in ("ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART")
                    and _ROLE_AFTER.match(text[ent.end_char:ent.end_char + 60]))):
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in covered):
                continue
            if key_of(ent.text) in self.fictional or not _looks_like_a_name(ent.text):
                continue
            if not _said_of_a_person(text, ent.start_char, ent.end_char, ent.text):
                continue  # "Machu Picchu under clouds", "Niagara Falls frozen in winter" are places
            start, end, name = ent.start_char, ent.end_char, ent.text
            if name.endswith(("'s", "’s")):
                end, name = end - 2, name[:-2]
            if _RELATION.search(text[:start]):  # "my friend John Smith" -> "my friend"
                replacement = ""
                start -= len(text[:start]) - len(text[:start].rstrip(" ,"))
                how = "dropped (the relation says who it is)"
            elif m := _TITLE_BEFORE.search(text[:start]):  # "Captain Jack Sparrow" -> "a captain"
                start = m.start()
                replacement = _TITLES.get(m.group("title").lower().rstrip("."), "a person")
                if re.search(r"\b(?:a|an|the)\s*$", text[:start], re.I):  # "the Captain Jack Sparrow"
                    replacement = replacement.split(" ", 1)[1]
                how = f"replaced by {replacement!r}"
            else:
                g = first_name_gender().get(key_of(name).split()[0]) if key_of(name) else None
                replacement = {"male": "a man", "female": "a woman"}.get(g or "", "a person")
                how = f"replaced by {replacement!r}"
            out.append(PolicyFinding(
                policy=self.name, category="person_name", span=text[start:end], start=start, end=end,
                score=0.6, action=_act(self.config.ner_action), replacement=replacement,
                reason=f"{name!r} looks like a person's name; Limner does not depict real people, so it was {how}."))
        return out


def _act(action: str) -> str:
    return {"flag": "allow"}.get(action, action)
