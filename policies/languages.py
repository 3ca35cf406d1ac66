"""Which language a request is in, and the word lists (lexicons) for each language.

The content classifier reads English only, so what it scores on other languages is not evidence either way:
non-English text is checked with the lexicon of its language (``data/lexicons/<lang>.tsv``), the English lexicon
(English words are the lingua franca of image prompts) and the minors rule. ``detect`` decides by script first
(kana -> Japanese, hangul -> Korean, han -> Chinese, Cyrillic -> Russian, ...), then, for Latin script, by the
share of everyday English words, and only then asks ``py3langid`` (a small packaged detector) among the Latin
languages that have a lexicon: short English prompts such as "courage" or "a gorilla" stay English.

Lexicon files: ``category<TAB>term<TAB>source``. ``word*`` matches words that start with ``word``;
``re:PATTERN`` is a regular expression on the folded text; ``<age>`` stands for a number of years (minors rule);
Chinese, Japanese, Korean and Thai terms match as substrings, the others on whole words.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .normalize import fold
from .packaged import known_form, webster_words

LEXICONS = Path(__file__).parent / "data" / "lexicons"
SUBSTRING_LANGS = {"zh", "ja", "ko", "th", "he"}  # no spaces, or (Hebrew) prefixes written on to the word
LATIN_LANGS = ["en", "de", "es", "fr", "pt", "it", "nl", "pl", "tr", "sv", "da", "no", "fi", "cs", "hu", "id", "ms", "vi",
               "tl", "sw", "ro"]
SPARSE_LANGS = {"id", "ms", "vi", "tl", "sw", "ro"}  # added later, with short lists: chosen only when clearly them
ALIAS = {"ms": "id"}  # Malay is read with the Indonesian list (most of their words for these things are shared)
_SCRIPT_LANG = {"HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "CJK": "zh", "CYRILLIC": "ru",
                "ARABIC": "ar", "DEVANAGARI": "hi", "THAI": "th", "GREEK": "el", "HEBREW": "he", "BENGALI": "bn",
                "ARMENIAN": "hy", "GEORGIAN": "ka", "TAMIL": "ta"}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, e.g. "en", "de", "zh"
    covered: bool  # a lexicon exists for it
    confident: bool = True
    also: tuple[str, ...] = ()  # when unsure: the likeliest other languages, whose lexicons are checked too

    @property
    def english(self) -> bool:
        return self.code == "en"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    from .names import common_words

    extra = ("a an the of in on at with and or to from by for is are was be this that it its his her their my "
             "your our as into over under near next behind above below between while who which what where when how "
             "very some two three four one no not all other another up down out off made like style painting photo "
             "picture image portrait drawing art detailed").split()
    return common_words() | frozenset(extra)


@lru_cache(maxsize=1)
def _langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(LATIN_LANGS)
    return ident


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else ""


@lru_cache(maxsize=4096)
def detect(text: str) -> Language:
    counts: dict[str, int] = {}
    if text.isascii():
        counts["LATIN"] = sum(ch.isalpha() for ch in text)
    else:
        for ch in text:
            if ch.isalpha():
                s = _script(ch)
                counts[s] = counts.get(s, 0) + 1
    if not any(counts.values()):
        return Language("en", True)
    top = max(counts, key=counts.__getitem__)
    if top != "LATIN" or counts[top] < 0.5 * sum(counts.values()):
        if counts.get("HIRAGANA") or counts.get("KATAKANA"):
            code = "ja"
        else:
            code = _SCRIPT_LANG.get(top if top != "LATIN" else max((k for k in counts if k != "LATIN"),
                                                                    key=counts.__getitem__), "")
        if code == "ar" and any(c in text for c in "پچژگکی"):
            code = "fa"
        if code == "fa":  # Persian and Urdu share most letters and many words: each is read with both lists
            urdu = any(c in text for c in "ٹڈڑںےہھ")  # letters of Urdu, which Persian does not use
            code = "ur" if urdu else "fa"
            return Language(code, has_lexicon(code), also=("fa", "ar") if urdu else ("ur", "ar"))
        if code == "ar":  # a short Persian or Urdu text may use only letters Arabic has ("زن برهنه در حمام")
            return Language(code, has_lexicon(code), also=("fa", "ur"))
        if code == "ru" and any(c in text.lower() for c in "іїєґ"):  # letters Russian does not have
            return Language("uk", has_lexicon("uk"), also=("ru",))
        if code:
            return Language(code, has_lexicon(code))
        return Language("und", False, confident=False)
    words = _WORD.findall(text.lower())
    known = english_words()
    if words and sum(w in known for w in words) >= 0.5 * len(words):
        return Language("en", True)
    ranked = _langid().rank(text)
    code, prob = ranked[0]
    if code in ALIAS or code in ALIAS.values():  # Malay and Indonesian split the vote between them
        prob = sum(p for c, p in ranked if c in ALIAS or c in ALIAS.values())
    if code in SPARSE_LANGS and (len(words) < 3 or prob < 0.9):  # "manga page" is not Tagalog
        code, prob = next((c, p) for c, p in ranked if c not in SPARSE_LANGS)
    if code == "en" or prob < 0.6:  # English, and the lists of the likeliest others too
        others = tuple(dict.fromkeys(ALIAS.get(c, c) for c, _ in ranked[:3] if c != "en" and has_lexicon(c)))
        return Language("en", True, confident=code == "en", also=others)
    return Language(code, has_lexicon(code), confident=prob >= 0.9)


@lru_cache(maxsize=64)
def has_lexicon(code: str) -> bool:
    return (LEXICONS / f"{ALIAS.get(code, code)}.tsv").exists()


# ----------------------------------------------------------------------------- lexicons

@dataclass
class Lexicon:
    """One language's terms, compiled to one pattern per category."""

    code: str
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict)
    ages: list[re.Pattern[str]] = field(default_factory=list)  # "<age> años" -> a pattern with a named group
    terms: dict[str, list[str]] = field(default_factory=dict)  # category -> the terms as listed
    foreign_only: bool = False  # read only a text's words that are no English word (``foreign_words``)

    def find(self, forms: list[str]) -> dict[str, str]:
        """category -> the first matching term (as written in the text) over the text's forms, which the caller
        has passed through ``without_harmless`` (the ``allow`` category is not searched)."""
        if self.foreign_only:
            forms = [w for w in map(_not_english, forms) if w]
        hits: dict[str, str] = {}
        for cat, pat in self.patterns.items():
            if cat == "allow":
                continue
            for f in forms:
                m = pat.search(f)
                if m:  # a pattern made only of look-aheads matches nothing: it quotes the text it read
                    hits[cat] = m.group(0).strip() or f.strip()
                    break
        return hits

    def ages_in(self, forms: list[str]) -> list[int]:
        out = []
        for pat in self.ages:
            for f in forms:
                out += [int(m.group("age")) for m in pat.finditer(f)]
        return out


def _trie(words: list[str]) -> str:
    """One regular expression matching any of ``words``, shared prefixes factored out (a trie), so matching
    costs about one step per character of the text instead of one attempt per word."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        end = "" in node
        alts = [(r"\s*" if ch == " " else re.escape(ch)) + walk(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return walk(root)


def _compile(terms: list[str], substring: bool) -> re.Pattern[str]:
    """Plain terms on whole words, ``word*`` as prefixes, ``re:`` patterns as written; terms folded first."""
    plain, stems, raw = [], [], []
    for term in terms:
        if term.startswith("re:"):
            raw.append(term[3:])
            continue
        t = " ".join(fold(term.rstrip("*")).text.split())
        if t:
            (stems if term.endswith("*") else plain).append(t)
    parts = []
    if substring:
        if plain or stems:
            parts.append(_trie(plain + stems))
    else:
        if plain:
            parts.append(r"(?<![^\W_])" + _trie(plain) + r"(?![^\W_])")
        if stems:
            parts.append(r"(?<![^\W_])" + _trie(stems) + r"[^\W_]*")
    # a group name may appear once in a pattern: each pattern's "risky" words (an allowed phrase's) get their own
    parts += [f"(?:{r})".replace("(?P<risky>", f"(?P<risky{i}>") for i, r in enumerate(raw)]
    return re.compile("|".join(parts))


@lru_cache(maxsize=64)
def lexicon(code: str) -> Lexicon:
    path = LEXICONS / f"{ALIAS.get(code, code)}.tsv"
    lex = Lexicon(code)
    if not path.exists():
        return lex
    substring = code in SUBSTRING_LANGS
    terms: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            term = (r["term"] or "").strip()
            if not term:
                continue
            if "<age>" in term:
                t = fold(term.replace("<age>", "AGEAGE").rstrip("*")).text
                body = re.escape(t).replace("ageage", r"(?P<age>\d{1,2})").replace(r"\ ", r"\s*")
                tail = r"[^\W_]*" if term.endswith("*") else ("" if substring else r"(?![^\W_])")
                lex.ages.append(re.compile(("" if substring else r"(?<![^\W_])") + body + tail))
                continue
            terms.setdefault(r["category"], []).append(term)
    for cat, ts in terms.items():
        lex.patterns[cat] = _compile(ts, substring)
    lex.terms = terms
    return lex


def without_harmless(forms: list[str]) -> list[str]:
    """The forms with the English ``allow`` phrases ("nude lipstick", "a naked mole rat", "a topless convertible")
    taken out: harmless whichever list then reads them (an English text is also read with the lists of the
    languages it might be, and Swedish lists "topless"). Only the English list has an ``allow`` category."""
    allow = lexicon("en").patterns.get("allow")
    if allow is None:
        return forms
    single = _allow_single()  # the form with doubled letters made single ("walpaper") reads "stripping old walpaper"
    return [single.sub(" ", allow.sub(" ", f)) for f in forms]


@lru_cache(maxsize=1)
def _allow_single() -> re.Pattern[str]:
    """The ``allow`` pattern with its doubled letters made single, as ``normalize.variants`` writes one form of the
    text ("wallpaper" -> "walpaper"); an escape's letter ("\\bbare") is not doubled."""
    allow = lexicon("en").patterns["allow"]
    return re.compile(re.sub(r"(?<!\\)([a-z])\1+", r"\1", allow.pattern), allow.flags)


def lexicons_for(lang: Language) -> list[Lexicon]:
    """The lexicons a text in ``lang`` is checked with: its own and English; an English text also with every
    other language's sexual, minor and clothing words (``foreign_words``), on its words that are no English word."""
    out = [lexicon("en")]
    if not lang.english and has_lexicon(lang.code):
        out.append(lexicon(lang.code))
    out += [lexicon(c) for c in lang.also]
    if lang.english:
        out.append(foreign_words())
    return out


FOREIGN_CATEGORIES = ("sexual", "minor", "context")  # what a word slipped into an English sentence is checked for


@lru_cache(maxsize=1)
def foreign_words() -> Lexicon:
    """For English text that mixes in a word of another language ("a girl desnuda, 9 years old", "a голая girl",
    "nangi ladki": Hindi in Latin letters): the sexual, minor and clothing words of every language's list, one
    pattern per category, read only on the text's words that are no English word or regular form of one
    (everyday words, Webster's word list: ``_not_english``), so that an English word ("topless", "sex", "bite")
    never matches another language's list. A language detector cannot tell which language one word is
    ("desnuda": Spanish 0.10, Turkish 0.10, Danish 0.09), so every list reads them."""
    parts: dict[str, list[str]] = {}
    terms: dict[str, list[str]] = {}
    for code in sorted(p.stem for p in LEXICONS.glob("*.tsv") if p.stem != "en"):
        lex = lexicon(code)
        for cat in FOREIGN_CATEGORIES:
            if cat in lex.patterns:
                parts.setdefault(cat, []).append(f"(?:{lex.patterns[cat].pattern})")
                terms.setdefault(cat, []).extend(lex.terms[cat])
    return Lexicon("mixed", patterns={c: re.compile("|".join(p)) for c, p in parts.items()}, terms=terms,
                   foreign_only=True)


@lru_cache(maxsize=4096)  # the same forms are read by every language's list
def _not_english(form: str) -> str:
    """The words of a folded form that are no English word, joined by spaces ("" when there are none)."""
    known = _all_english()
    return " ".join(w for w in _WORD.findall(form) if not known_form(w, known))


@lru_cache(maxsize=1)
def _all_english() -> frozenset[str]:
    return english_words() | webster_words()


# words left out of the English lexicon because they have harmless senses ("sex education", "a cock crowing"),
# but which a masked form ("s*x", "c*ck") only ever stands for
MASKED_ONLY = ("sex", "sexy", "fuck", "fucking", "fucked", "cock", "dick", "tits", "boobs", "cum", "slut", "whore",
               "rape", "raped", "kill", "killing", "pussy", "horny", "blood", "bloody", "gore", "dead", "suicide",
               "nothing", "clothes")


@lru_cache(maxsize=1)
def masked_targets() -> dict[int, frozenset[str]]:
    """Words a masked word (``n*ked``, French ``n*e``) may stand for, by length: the single-word terms of every
    Latin-script lexicon, the core sexual terms and ``MASKED_ONLY`` (``normalize.unmask``)."""
    words: set[str] = set(CORE_SEXUAL) | set(MASKED_ONLY)
    for code in ["en", *(c for c in LATIN_LANGS if c != "en" and c not in ALIAS and has_lexicon(c))]:
        for cat, terms in lexicon(code).terms.items():
            if cat in ("allow", "adult", "family", "romance"):
                continue
            words |= {w for t in terms if t.isalpha() and len(t) >= 3 for w in [fold(t).text] if w.isascii()}
    out: dict[int, set[str]] = {}
    for w in words:
        out.setdefault(len(w), set()).add(w)
    return {n: frozenset(ws) for n, ws in out.items()}


# ----------------------------------------------------------------------------- misspellings

# English words a misspelling of which still asks for sexual content ("nakd", "lingeree", "nekid", "pr0n")
CORE_SEXUAL = ("nude", "nudes", "naked", "nudity", "topless", "lingerie", "porn", "porno", "pornographic", "nsfw",
               "hentai", "nipples", "boobs", "penis", "vagina", "erotic", "orgasm", "genitals", "undressed",
               "stripper", "striptease", "sexual", "intercourse", "masturbating")
_SHORT_RUN = re.compile(r"\b[a-z]{1,3}(?:[\s.,\-_]+[a-z]{1,3})+\b")


def misspelt_sexual(forms: list[str]) -> str | None:
    """A word that is not an English word but one edit from a core sexual term, or a run of short pieces that
    spells one ("nu de"): the term it stands for, else None."""
    from rapidfuzz.distance import DamerauLevenshtein

    from .packaged import minilm_vocab

    vocab = minilm_vocab()
    core = set(CORE_SEXUAL)
    for f in forms[:1]:
        for m in _SHORT_RUN.finditer(f):
            joined = re.sub(r"[\s.,\-_]+", "", m.group(0))
            for k in range(len(joined), 3, -1):  # "a nu de" -> "anude" -> "nude"
                for i in range(0, len(joined) - k + 1):
                    if joined[i:i + k] in core and joined[i:i + k] not in m.group(0).split():
                        return joined[i:i + k]
        for w in re.findall(r"[a-z]{4,}", f):
            if w in vocab or w in core:
                continue
            limit = 2 if len(w) >= 8 else 1
            for c in CORE_SEXUAL:
                if abs(len(c) - len(w)) <= limit and c[0] == w[0] and \
                        DamerauLevenshtein.distance(w, c, score_cutoff=limit) <= limit:
                    return c
    return None
