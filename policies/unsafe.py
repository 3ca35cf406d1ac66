"""Unsafe content: sexual, sexual content involving minors, violence/gore, self-harm, hate, harassment,
illegal activity, shocking.

Two signals, combined per category by their maximum:
- a classifier run through the ``detoxify`` library's own loading and inference code, with the checkpoint this
  project trains (``python -m policies.train_unsafe``; all-MiniLM-L6-v2 backbone, Detoxify checkpoint format);
  any other Detoxify checkpoint can be configured (``unsafe.classifier = "/path/to.ckpt"``);
- lexicons of explicit terms (``data/lexicon.tsv``), matched on normalised text so ``n4k3d``, ``n u d e`` and
  homoglyphs do not slip through.

Sexual content involving minors is a rule, not a threshold: a minor is referred to AND the context is sexual
or nude -> always refused, whatever the configuration says.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import threading
from functools import lru_cache
from pathlib import Path

import torch

from orchestrator.types import PolicyFinding

from .config import UnsafeConfig
from .normalize import variants

DATA = Path(__file__).parent / "data"
CATEGORIES = ["sexual", "violence", "self_harm", "hate", "harassment", "illegal", "shocking"]
READABLE = {"sexual": "sexual content", "violence": "violence or gore", "self_harm": "self-harm",
            "hate": "hateful content", "harassment": "harassment", "illegal": "illegal activity",
            "shocking": "shocking or disturbing content", "minors": "sexual content involving minors"}

MINOR = re.compile(
    r"\b(child|children|childs?|kids?|kiddie|toddlers?|infants?|bab(?:y|ies)|minors?|underage|under-age|preteens?|"
    r"pre-teens?|tweens?|teens?|teenagers?|teenaged|adolescents?|schoolgirls?|schoolboys?|loli|lolicon|shota|"
    r"jailbait|little (?:girl|boy)s?|young (?:girl|boy)s?|(?:girl|boy)s? aged|junior high|middle school(?:er)?s?|"
    r"elementary school|(?:[1-9]|1[0-7])[- ](?:yo|y/o|years?[- ]old))\b")
SEXUAL_CONTEXT = re.compile(
    r"\b(nude|nudes|naked|nudity|topless|bottomless|undress\w*|strip\w*|lingerie|panties|bra|erotic\w*|sexy|"
    r"sexual\w*|sex|seductive\w*|provocative\w*|sensual\w*|porn\w*|explicit|nsfw|genital\w*|breasts?|nipples?|"
    r"boobs?|butt|spread\w*|aroused|horny|fetish\w*|bikini|lewd|suggestive|intimate|bedroom pose|hentai)\b")


@lru_cache(maxsize=1)
def load_lexicon() -> dict[str, re.Pattern[str]]:
    """category -> one compiled alternation of all its terms (longest first), matched on whole words."""
    terms: dict[str, list[str]] = {}
    with open(DATA / "lexicon.tsv", encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            term = r["term"].strip().lower()
            if term:
                terms.setdefault(r["category"], []).append(term)
    return {cat: re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(t).replace(r"\ ", r"\s*")
                                                       for t in sorted(set(ts), key=len, reverse=True))
                            + r")(?![a-z])")
            for cat, ts in terms.items()}


class DetoxifyClassifier:
    """A Detoxify-format checkpoint, loaded and run with the detoxify library."""

    #: texts per forward pass; a batch is sorted by length first so short prompts are not padded to long ones
    chunk = 32

    def __init__(self, checkpoint: str | Path, config_dir: str | Path | None = None, precision: str = "float32") -> None:
        from detoxify.detoxify import get_model_and_tokenizer

        checkpoint = Path(checkpoint)
        if not checkpoint.exists():
            raise FileNotFoundError(f"unsafe classifier checkpoint not found: {checkpoint} (unsafe.classifier)")
        loaded = torch.load(checkpoint, map_location="cpu", weights_only=False)
        if "config" not in loaded or "state_dict" not in loaded:
            raise ValueError(f"{checkpoint} is not a Detoxify checkpoint (needs 'config' and 'state_dict')")
        args = dict(loaded["config"]["arch"]["args"])
        # Detoxify resolves model_type through the hub; point it at a local folder instead (offline)
        local = Path(config_dir) if config_dir else _local_config_dir(args["num_classes"])
        args["model_type"] = str(local)
        state = {k: v.float() if v.dtype == torch.float16 else v for k, v in loaded["state_dict"].items()}
        self.model, self.tokenizer = get_model_and_tokenizer(**args, state_dict=state,
                                                              huggingface_config_path=str(local))
        self.model.eval()
        self.dtype = resolve_precision(precision)
        if self.dtype != torch.float32:
            self.model.to(self.dtype)
            # torch's CPU flash-attention kernel is slow on prompt-length bf16 inputs; plain attention is faster
            with contextlib.suppress(AttributeError, ValueError):
                self.model.set_attn_implementation("eager")
        names = loaded["config"]["dataset"]["args"]["classes"]
        self.classes = [{"toxic": "toxicity", "identity_hate": "identity_attack"}.get(c, c) for c in names]
        self.max_len = loaded["config"].get("limner", {}).get("max_len", 128)
        self._lock = threading.Lock()

    @torch.inference_mode()
    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        ids = self.tokenizer(texts, truncation=True, max_length=self.max_len)["input_ids"]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        scores: list[list[float]] = [[] for _ in texts]
        with self._lock:
            for k in range(0, len(order), self.chunk):
                part = order[k:k + self.chunk]
                enc = self.tokenizer.pad({"input_ids": [ids[i] for i in part]}, return_tensors="pt")
                logits = self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])[0]
                for i, row in zip(part, torch.sigmoid(logits.float()).tolist(), strict=True):
                    scores[i] = row
        return [dict(zip(self.classes, row, strict=True)) for row in scores]


def resolve_precision(precision: str) -> torch.dtype:
    """'auto' -> bfloat16 where the CPU does bf16 natively (AVX512-BF16 or AMX), else float32: bf16 emulated in
    software is slower than float32."""
    if precision == "float32":
        return torch.float32
    if precision == "bfloat16":
        return torch.bfloat16
    if precision != "auto":
        raise ValueError(f"unknown classifier precision {precision!r} (unsafe.precision: auto, float32, bfloat16)")
    try:
        native = torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
    except AttributeError:  # a torch without these probes: stay exact
        native = False
    return torch.bfloat16 if native else torch.float32


def _local_config_dir(num_classes: int) -> Path:
    """A folder with the MiniLM config (num_labels set) and tokenizer, from the installed package."""
    import shutil
    import tempfile

    from orchestrator.toyworld.model import minilm_dir

    base = minilm_dir()
    target = Path(tempfile.gettempdir()) / f"limner-detoxify-minilm-{num_classes}"
    if not (target / "config.json").exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
            if (base / name).exists():
                shutil.copy(base / name, target / name)
        cfg = json.loads((base / "config.json").read_text())
        cfg["num_labels"] = num_classes
        cfg["id2label"] = {str(i): str(i) for i in range(num_classes)}
        cfg["label2id"] = {str(i): i for i in range(num_classes)}
        cfg["architectures"] = ["BertForSequenceClassification"]
        (target / "config.json").write_text(json.dumps(cfg))
    return target


class UnsafePolicy:
    name = "unsafe"

    def __init__(self, config: UnsafeConfig | None = None) -> None:
        self.config = config or UnsafeConfig()
        self.classifier: DetoxifyClassifier | None = None
        if self.config.enabled and self.config.classifier != "none":
            ckpt = DATA / "unsafe_minilm.ckpt" if self.config.classifier == "packaged" else Path(self.config.classifier)
            self.classifier = DetoxifyClassifier(ckpt, self.config.classifier_config, self.config.precision)
        th = json.loads((DATA / "unsafe_thresholds.json").read_text()) if (DATA / "unsafe_thresholds.json").exists() else {}
        self.thresholds = {c: th.get(c, 0.5) for c in CATEGORIES}
        self.actions = {c: "refuse" for c in CATEGORIES}
        for c, cc in self.config.categories.items():
            if c not in CATEGORIES:
                raise ValueError(f"unknown unsafe category {c!r} in the policy file; known: {', '.join(CATEGORIES)}")
            if cc.threshold is not None:
                self.thresholds[c] = cc.threshold
            self.actions[c] = cc.action
        self.lexicon = load_lexicon() if self.config.lexicon else {}
        self.allow_terms = [t.lower() for t in self.config.allow_terms]
        self.deny = [re.compile(r"(?<![a-z])" + re.escape(t.lower()) + r"(?![a-z])") for t in self.config.deny_terms]

    def scores(self, texts: list[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        if self.classifier is None:
            return [{c: 0.0 for c in CATEGORIES} for _ in texts]
        raw = self.classifier.predict(texts)
        return [{c: float(r.get(c, 0.0)) for c in CATEGORIES} for r in raw]

    def check(self, text: str) -> list[PolicyFinding]:
        return self.check_many([text])[0]

    def check_many(self, texts: list[str]) -> list[list[PolicyFinding]]:
        if not self.config.enabled:
            return [[] for _ in texts]
        return [self._findings(t, s) for t, s in zip(texts, self.scores(texts), strict=True)]

    def _findings(self, text: str, scores: dict[str, float]) -> list[PolicyFinding]:
        forms = variants(text)
        for t in self.allow_terms:
            forms = [f.replace(t, " ") for f in forms]
        hits: dict[str, str] = {}
        for cat, pat in self.lexicon.items():
            for f in forms:
                m = pat.search(f)
                if m:
                    hits[cat] = m.group(0)
                    break
        for pat in self.deny:
            if any(pat.search(f) for f in forms):
                hits.setdefault("sexual" if "deny" not in hits else "deny", pat.pattern)
        out: list[PolicyFinding] = []
        for cat in CATEGORIES:
            score = scores.get(cat, 0.0)
            lex = hits.get(cat)
            if score < self.thresholds[cat] and lex is None:
                continue
            action = self.actions[cat]
            if action == "allow":
                continue
            why = f"the term {lex!r}" if lex else f"the classifier (score {score:.2f})"
            out.append(PolicyFinding(
                policy=self.name, category=cat, span=lex or "", score=round(max(score, 1.0 if lex else 0.0), 3),
                action={"flag": "allow", "rewrite": "refuse"}.get(action, action),  # type: ignore[arg-type]
                reason=f"{READABLE[cat].capitalize()} was detected by {why}."))
        # the minors rule: two signals, never configurable
        folded = forms[0]
        minor = MINOR.search(folded) or (len(forms) > 1 and MINOR.search(forms[-1]))
        sexual_ctx = (SEXUAL_CONTEXT.search(folded) or any(SEXUAL_CONTEXT.search(f) for f in forms[1:])
                      or "sexual" in hits or scores.get("sexual", 0.0) >= self.thresholds["sexual"] * 0.6)
        if minor and sexual_ctx:
            out.append(PolicyFinding(
                policy=self.name, category="minors", span=minor.group(0), score=1.0, action="refuse",
                reason="A minor is referred to in a sexual or nude context; this is always refused."))
        return out
