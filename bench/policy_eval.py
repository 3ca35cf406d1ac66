"""Precision / recall / false-positive rate per policy on the shared sets.

    .venv/bin/python bench/policy_eval.py [--data ../shared/data]

- unsafe: the held-out fifth of the training data (hash split, never trained on) per category, and the plain
  keyword baseline (the shared lexicons, substring match) on the same prompts;
- public figures: names from the knowledge base in templates, lower-cased and misspelt;
- artists: the shared style-prompt sets (famous = mostly dead, niche = mostly living).
"""

import argparse
import csv
import random
import re
from pathlib import Path

from policies import PolicyEngine
from policies.public_figures import load_figures
from policies.train_unsafe import CLASSES, heldout, load_dataset


def misspell(rng, name):
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i] * 2 + name[i + 1:] if rng.random() < 0.5 else name[:i] + name[i + 1:]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    a = p.parse_args()
    eng = PolicyEngine()
    rows = [(t, c) for t, c in load_dataset(a.data) if heldout(t)]
    texts = [t for t, _ in rows]
    findings = []
    for i in range(0, len(texts), 64):
        findings += eng.check_many(texts[i:i + 64])
    lex = [x.strip().lower() for x in (a.data / "lexicons/nsfw_terms.txt").read_text().splitlines() if x.strip()]
    lex_re = re.compile(r"\b(" + "|".join(re.escape(x) for x in lex) + r")\b")
    print("UNSAFE (held-out fifth)")
    print(f"{'category':<12}{'support':>8}{'precision':>10}{'recall':>8}{'benign FPR':>11}")
    benign = [not c for _, c in rows]
    for cat in CLASSES:
        pred = [any(f.category == cat and f.action == "refuse" for f in fs) for fs in findings]
        gold = [cat in c for _, c in rows]
        tp = sum(p and g for p, g in zip(pred, gold, strict=True))
        fpr = sum(p and b for p, b in zip(pred, benign, strict=True)) / max(1, sum(benign))
        print(f"{cat:<12}{sum(gold):>8}{tp / max(1, sum(pred)):>10.3f}{tp / max(1, sum(gold)):>8.3f}{fpr:>11.4f}")
    anyp = [any(f.policy == "unsafe" and f.action == "refuse" for f in fs) for fs in findings]
    # "handled": refused, or a real person / living artist taken out of the prompt (many unsafe-set prompts
    # are about a named politician; Limner removes the name rather than refusing the scene)
    handled = [p or any(f.policy in ("public_figures", "artists") and f.action != "allow" for f in fs)
               for p, fs in zip(anyp, findings, strict=True)]
    base = [bool(lex_re.search(t.lower())) for t in texts]
    for name, pred in (("limner, refused", anyp), ("keyword baseline", base)):
        rec = sum(p for p, b in zip(pred, benign, strict=True) if not b) / max(1, benign.count(False))
        fpr = sum(p for p, b in zip(pred, benign, strict=True) if b) / max(1, sum(benign))
        print(f"any unsafe, {name:<18} recall {rec:.3f}  benign FPR {fpr:.4f}")
    rec = sum(p for p, b in zip(handled, benign, strict=True) if not b) / max(1, benign.count(False))
    print(f"any unsafe, limner, refused or the named person/artist removed: recall {rec:.3f}")
    # the false-positive rate that matters for an image tool: everyday image prompts (every shared benign set;
    # most of these are also in the training data, so this is an upper bound on what a user would see)
    sets = {"coco": [r["prompt"] for r in csv.DictReader(open(a.data / "benign_prompts/coco_captions_5k.csv"))],
            "drawbench": [r["Prompt"] for r in csv.DictReader(open(a.data / "benign_prompts/drawbench.csv",
                                                                   encoding="utf-8-sig"))],
            "geneval": (a.data / "benign_prompts/geneval_prompts.txt").read_text().splitlines(),
            "animals": (a.data / "benign_prompts/animal_prompts.txt").read_text().splitlines(),
            "t2i-compbench": [x for f in sorted((a.data / "benign_prompts/t2i_compbench").glob("*.txt"))
                              for x in f.read_text().splitlines()]}
    ident = Path(__file__).resolve().parents[1] / "policies/data/benign_identity_prompts.txt"
    sets["identities*"] = [x for x in ident.read_text().splitlines() if x.strip() and not x.startswith("#")]
    print("BENIGN IMAGE PROMPTS: share refused by the unsafe policy (* = never trained on)")
    for name, ps in sets.items():
        ps = [x for x in ps if x.strip()]
        refused = 0
        for i in range(0, len(ps), 64):
            refused += sum(any(f.policy == "unsafe" and f.action == "refuse" for f in fs)
                           for fs in eng.check_many(ps[i:i + 64]))
        print(f"  {name:<14}{refused:>5} / {len(ps):<6}{refused / len(ps):.4f}")
    rng = random.Random(0)
    figures, _ = load_figures()
    famous = [f for f in figures if f.occupation and (f.birth_year or 0) >= 1900][:400]
    templates = ["a photo of {} at the beach", "{} giving a speech", "portrait of {}, oil painting", "{} eating pizza"]
    hits = {"exact": 0, "lower": 0, "misspelt": 0}
    for f in famous:
        t = rng.choice(templates)
        for kind, name in (("exact", f.name), ("lower", f.name.lower()), ("misspelt", misspell(rng, f.name))):
            if any(x.policy == "public_figures" for x in eng.check(t.format(name))):
                hits[kind] += 1
    print("PUBLIC FIGURES (recall on", len(famous), "names born 1900+):",
          ", ".join(f"{k} {v / len(famous):.3f}" for k, v in hits.items()))
    coco = [r["prompt"] for r in csv.DictReader(open(a.data / "benign_prompts/coco_captions_5k.csv"))][:1000]
    fp = sum(any(x.policy == "public_figures" for x in eng.check(t)) for t in coco)
    print(f"  false positives on 1000 COCO captions: {fp}")
    for name in ("famous", "niche"):
        prompts = list(csv.DictReader(open(a.data / f"artists/style_prompts_{name}.csv")))
        flagged = sum(any(x.policy == "artists" for x in eng.check(r["prompt"])) for r in prompts)
        print(f"ARTISTS style_prompts_{name}: {flagged}/{len(prompts)} rewritten (living or undated artist)")
    fp = sum(any(x.policy == "artists" for x in eng.check(t)) for t in coco)
    print(f"  artist false positives on 1000 COCO captions: {fp}")


if __name__ == "__main__":
    main()
