"""Build the policy knowledge bases from the shared reference data (run once; the output is committed).

    .venv/bin/python -m tools.build_lists [--data ../shared/data]

Writes ``policies/data/public_figures.tsv`` and ``policies/data/artists.tsv``. Sources and licences are in
``policies/data/SOURCES.md``. Names and dates are facts; no code from the sources is used.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parents[1] / "policies" / "data"
TOOLS_DATA = Path(__file__).parent / "data"


def clean(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).strip().strip('"')
    return re.sub(r"\s+", " ", name)


def build_figures(data: Path) -> list[dict]:
    import yaml

    people: dict[str, dict] = {}

    def add(name: str, aliases: list[str], occupation: str, gender: str, birth: str, source: str) -> None:
        name = clean(name)
        if len(name) < 4 or " " not in name:
            return
        key = name.lower()
        entry = people.setdefault(key, {"name": name, "aliases": set(), "occupation": occupation,
                                        "gender": gender, "birth_year": birth, "source": source})
        entry["aliases"].update(a for a in (clean(x) for x in aliases) if a and a.lower() != key)
        if not entry["occupation"] and occupation:
            entry["occupation"] = occupation
        if not entry["gender"] and gender:
            entry["gender"] = gender
        if source not in entry["source"]:
            entry["source"] += "+" + source

    with open(data / "public_figures/pantheon_1_0.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            by = r["birthyear"].strip()
            by = by if re.fullmatch(r"-?\d+", by) else ""
            add(r["Name"], [], r["occupation"].strip().lower(), r["gender"].strip().lower(), by, "pantheon")
    for fname, occ in (("us_congress_current.yaml", "politician"), ("us_executive.yaml", "politician")):
        for p in yaml.safe_load((data / "public_figures" / fname).read_text(encoding="utf-8")):
            n = p.get("name", {})
            full = n.get("official_full") or f"{n.get('first', '')} {n.get('last', '')}"
            aliases = [f"{n.get('first', '')} {n.get('last', '')}"]
            if n.get("nickname"):
                aliases.append(f"{n['nickname']} {n.get('last', '')}")
            if n.get("middle"):
                aliases.append(f"{n.get('first', '')} {n['middle']} {n.get('last', '')}")
            bio = p.get("bio", {})
            g = {"M": "male", "F": "female"}.get(bio.get("gender", ""), "")
            add(full, aliases, occ, g, str(bio.get("birthday", ""))[:4], fname.split(".")[0])
    for line in (data / "public_figures/celebbasis_wiki_names.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            add(line, [], "", "", "", "celebbasis")
    out = []
    for e in people.values():
        out.append({**e, "aliases": "|".join(sorted(e["aliases"]))})
    return sorted(out, key=lambda e: e["name"])


def _flip(name: str) -> str:
    """Tate writes 'Last, First'."""
    if "," in name:
        last, first = name.split(",", 1)
        return clean(f"{first} {last}")
    return clean(name)


def build_artists(data: Path) -> list[dict]:
    arts: dict[str, dict] = {}

    def add(name: str, born: str, died: str, categories: str, source: str) -> None:
        name = clean(name)
        if len(name) < 3:
            return
        key = name.lower()
        e = arts.setdefault(key, {"name": name, "born": "", "died": "", "categories": "", "source": source})
        if born and not e["born"]:
            e["born"] = born
        if died and not e["died"]:
            e["died"] = died
        if categories and not e["categories"]:
            e["categories"] = categories
        if source not in e["source"]:
            e["source"] += "+" + source

    with open(data / "artists/sd_artists_dated_half.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            add(r["name"], r["born"].strip(), r["died"].strip(), r["category"].strip(), "sd-cheatsheet")
    with open(data / "artists/moma_artists.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            b, d = r["BeginDate"].strip(), r["EndDate"].strip()
            add(r["DisplayName"], "" if b == "0" else b, "" if d == "0" else d,
                r["Nationality"].strip(), "moma")
    with open(data / "artists/tate_artists.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            add(_flip(r["name"]), r["yearOfBirth"].strip(), r["yearOfDeath"].strip(), "", "tate")
    for line in (data / "artists/sd_artist_names.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():  # "Name" or "Name,occupation,movement"
            name, _, cats = line.strip().partition(",")
            add(name, "", "", cats.replace(",", ", "), "sd-artist-names")
    # Pantheon's painters, sculptors and photographers: birth years (Pantheon has no death years; someone born
    # more than 110 years ago is not living), and their names as people know them
    with open(data / "public_figures/pantheon_1_0.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["occupation"].lower() in ("painter", "sculptor", "photographer", "comic artist", "artist",
                                           "designer", "illustrator"):
                add(r["Name"], r["birthyear"].strip(), "", r["occupation"].lower(), "pantheon")
    return sorted(arts.values(), key=lambda e: e["name"])


# Explicit terms written for Limner (unambiguous in an image prompt); the shared lexicons add the rest.
OWN_TERMS = {
    "violence": ["gore", "gory", "decapitated", "decapitation", "beheaded", "beheading", "dismembered",
                 "dismemberment", "disemboweled", "eviscerated", "mutilated", "mutilation", "bloodbath",
                 "massacre", "slaughtered", "mass shooting", "school shooting", "tortured",
                 "stabbing", "stabbed to death", "shot in the head", "lynching", "genocide",
                 "bloody corpse", "severed head", "severed limbs", "blown apart", "guts spilling"],
    "self_harm": ["suicide", "suicidal", "self-harm", "self harm", "selfharm", "cutting myself", "slit wrists",
                  "slitting her wrists", "slitting his wrists", "slit her wrists", "slit his wrists", "kill myself",
                  "killing myself", "hang myself", "hanging himself", "hanging herself", "noose around",
                  "overdose", "overdosing", "pro-ana", "pro ana", "thinspiration", "self-inflicted",
                  # algospeak: words used on social media to get past filters
                  "unalive", "unalives", "unalived", "unaliving", "unalive himself", "unalive herself",
                  "sewerslide", "sewer slide", "sewer-slide", "self-unalive", "self unalive"],
    "illegal": ["cocaine", "heroin", "methamphetamine", "crystal meth", "meth lab", "fentanyl", "crack pipe",
                "pipe bomb", "molotov", "counterfeit money", "child trafficking", "human trafficking",
                "drug deal", "snorting", "shooting up"],
    "shocking": ["corpse", "rotting body", "decomposing", "maggots", "autopsy", "entrails", "intestines",
                 "vomit", "feces", "excrement", "cannibal", "cannibalism", "necrophilia"],
    "hate": ["white power", "white supremacy", "ethnic cleansing", "heil hitler", "sieg heil", "kkk",
             "gas the", "subhuman"],
    "sexual": ["nude", "nudes", "naked", "nudity", "porn", "porno", "pornographic", "pornography",
               "hentai", "nsfw", "xxx", "erotic", "genitals", "genitalia", "penis", "vagina", "nipples",
               "sex scene", "having sex", "intercourse", "blowjob", "masturbating", "orgasm", "onlyfans",
               "undressed", "striptease", "lingerie model", "explicit sex",
               # algospeak
               "seggs", "seggsy", "secks", "sexx", "corn star", "corn stars", "cornstar", "cornstars",
               "corn video", "corn site", "grape'd", "sa'd", "sa'ed", "s/a'd"],
}


# A lexicon term is a refusal on its own, so it must not have an ordinary meaning in an image prompt. From the
# shared lists Limner keeps multi-word terms and rare single words (slang, misspellings, slurs); a single word
# that is an everyday English word (a whole word in the MiniLM/BERT vocabulary: "pawn", "organ", "escort",
# "cock", "beaver", "slave", "sniper", "bang", "sex", "queer") is left to the classifier, which reads it in
# context, unless it is in EXPLICIT_COMMON. AMBIGUOUS lists rarer words with benign senses, found by reading the
# kept list ("pansy" the flower, "hooters" the owls, "lesbos" the island, "skeet" shooting).
EXPLICIT_COMMON = {"anal", "clit", "cum", "nipple", "rape", "raped", "whore"}
AMBIGUOUS = set("""
aeolus azazel arian babes banger barf bawdy beater bong booger bookie booty bootie bootee booze boozer boozy bosom
bowel bowels bugger bung caca cahone cervix commie crappy dimwit dingle dink dinks dopey doofus dike diddle eunuch
fart flange foobar fubar gaylord gays gringo hemp herpes hermie homey hooch hookah hooter hooters hump humped humping
inbred jackass junkie junky kinky leper lesbians lesbos loin loins lusty lmao lmfao mams massa menses menstruate
menstruation meth moron muther napalm nappy niggle nimrod ninny orally ovary ovum ovums pansy pasty pastie pimp
pinko potty prig prude punky puss queers racy rectus rump sandbar scat schizo scum shag sissy sleaze sleazy souse
soused steamy stfu swinger tampon teat teets tinkle toke toots tosser tramp transsexual trashy tush twink twinkie
undies unwed uterus valium vixen wazoo wedgie weenie weiner weirdo wench whiz willies yeasty yobbo swastika
suastika svastika testes testicle testis testical teste testee rectal rectum phallic phalli gonad gonads opiate
peyote reefer ganja scag skag masochist sadism sadist lolita perversion snuff snowballing scissoring shrimping
skeet spunk stiffy pecker quicky gringo ruski hebe glans penial penile shite shiz toots terd turd
topless
""".split())  # "topless": a topless man is ordinary; tools/data/lexicon_en_limner.tsv has it for everyone else


def _common_words() -> set[str]:
    from limner.policies.packaged import minilm_vocab

    return set(minilm_vocab())


def build_lexicon(data: Path) -> list[dict]:
    """Terms per category; a shared-lexicon term that appears in benign captions, is an everyday word or is
    ambiguous is dropped (see EXPLICIT_COMMON and AMBIGUOUS)."""
    import ast
    import json

    benign_words: set[str] = set()
    bp = data / "benign_prompts"
    texts = [r["prompt"] for r in csv.DictReader(open(bp / "coco_captions_5k.csv", encoding="utf-8"))]
    for f in (bp / "t2i_compbench").glob("*.txt"):
        texts += f.read_text(encoding="utf-8").splitlines()
    texts += (bp / "geneval_prompts.txt").read_text(encoding="utf-8").splitlines()
    for r in csv.DictReader(open(data / "multiturn_edits/edival_instructions.csv", encoding="utf-8")):
        with contextlib.suppress(ValueError, SyntaxError):
            texts += list(ast.literal_eval(r["instructions"]))
    texts += [r["text"] for r in csv.DictReader(open(HERE / "handwritten_examples.csv", encoding="utf-8"))
              if not r["labels"]]
    joined = "\n".join(t.lower() for t in texts)
    for t in texts:
        benign_words.update(re.findall(r"[a-z][a-z'\-]*", t.lower()))

    common = _common_words()

    def benign(term: str) -> bool:
        if term in AMBIGUOUS or (" " not in term and term in common and term not in EXPLICIT_COMMON):
            return True
        return term in benign_words or re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", joined) is not None

    rows: dict[tuple[str, str], str] = {}
    tag_map = {"sexual": "sexual", "racial": "hate", "religious": "hate", "lgbtq": "hate", "shock": "shocking"}
    for e in json.loads((data / "lexicons/profanity_en.json").read_text(encoding="utf-8")):
        cats = {tag_map[t] for t in e.get("tags", []) if t in tag_map}
        if e.get("severity", 0) < 2:
            continue
        for term in e["match"].split("|"):
            term = term.strip().lower()
            if len(term) >= 3 and not benign(term):
                for c in cats:
                    rows[(c, term)] = "profanity-list"
    for term in (data / "lexicons/nsfw_terms.txt").read_text(encoding="utf-8").splitlines():
        term = term.strip().lower()
        if len(term) >= 4 and not benign(term) and not any((c, term) in rows for c in ("hate",)):
            rows.setdefault(("sexual", term), "sneakyprompt-nsfw")
    for cat, terms in OWN_TERMS.items():
        for term in terms:
            rows[(cat, term)] = "limner"
    out = [{"category": c, "term": t, "source": s} for (c, t), s in sorted(rows.items())]
    # hand-written phrases and patterns (euphemisms, undressing instructions, 'allow' exceptions), kept in order
    with open(TOOLS_DATA / "lexicon_en_limner.tsv", encoding="utf-8") as f:
        for line in f:
            cat, term, source = line.rstrip("\n").split("\t")
            if (cat, term) not in rows:
                out.append({"category": cat, "term": term, "source": source})
    return out


def write_lexicon(data: Path) -> None:
    rows = build_lexicon(data)
    with open(HERE / "lexicons" / "en.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["category", "term", "source"], delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"lexicons/en.tsv: {len(rows)} terms")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    a = p.parse_args(argv)
    for fname, rows, cols in (
        ("public_figures.tsv", build_figures(a.data), ["name", "aliases", "occupation", "gender", "birth_year", "source"]),
        ("artists.tsv", build_artists(a.data), ["name", "born", "died", "categories", "source"]),
    ):
        with open(HERE / fname, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, cols, delimiter="\t", extrasaction="ignore", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        print(f"{fname}: {len(rows)} entries")
    write_lexicon(a.data)



if __name__ == "__main__":
    main()
