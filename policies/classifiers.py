"""The unsafe policy's classifiers, chosen in ``policy.toml`` (``[unsafe] classifier`` and ``classifier_kind``).

- ``detoxify`` (default): a Detoxify-format checkpoint run with the detoxify library; ``classifier = "packaged"``
  is the one this project trains (``tools/train_unsafe.py``), or a path to another;
- ``sequence-classification``: any local transformers sequence-classification model (a folder or hub id in the
  offline cache); ``classifier_labels`` maps its labels to Limner's categories ("safe" or "ignore" for the
  others); sigmoid for multi-label models, softmax otherwise;
- ``generative``: a Llama Guard-style safety model (a causal LM that answers "safe", or "unsafe" and the codes of
  the violated categories); ``classifier_labels`` maps the codes (e.g. "S1") to categories, and "unsafe" to the
  category of an unsafe verdict without codes. An answer that is neither is an error, never a pass.

Every classifier answers ``predict(texts) -> [{category: score}]``.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from pathlib import Path
from typing import Protocol

import torch

from .config import UnsafeConfig
from .packaged import minilm_dir

DATA = Path(__file__).parent / "data"


class Classifier(Protocol):
    def predict(self, texts: list[str]) -> list[dict[str, float]]: ...


def load_classifier(cfg: UnsafeConfig, categories: list[str]) -> Classifier:
    kind = cfg.classifier_kind
    if kind == "detoxify":
        ckpt = DATA / "unsafe_minilm.ckpt" if cfg.classifier == "packaged" else Path(cfg.classifier)
        return DetoxifyClassifier(ckpt, cfg.classifier_config, cfg.precision)
    if cfg.classifier == "packaged":
        raise ValueError(f"unsafe.classifier_kind = {kind!r} needs unsafe.classifier to name a model "
                         "(a local folder or a hub id in the offline cache)")
    if kind == "sequence-classification":
        return SequenceClassifier(cfg.classifier, cfg.classifier_labels, categories)
    return GenerativeGuard(cfg.classifier, cfg.classifier_labels, categories, cfg.classifier_prompt)


def _check_labels(labels: dict[str, str], categories: list[str], where: str) -> None:
    bad = {k: v for k, v in labels.items() if v not in (*categories, "safe", "ignore")}
    if bad:
        raise ValueError(f"unsafe.classifier_labels maps {bad} to unknown categories; use one of "
                         f"{', '.join(categories)}, 'safe' or 'ignore' ({where})")


class DetoxifyClassifier:
    """A Detoxify-format checkpoint. A ``BertForSequenceClassification`` (the packaged one) runs on Limner's lean
    BERT runtime (``bert.py``: no transformers import, faster); any other architecture is loaded and run with the
    detoxify library's own code."""

    #: texts per forward pass (64 gave the most prompts/s on this project's CPU); a batch is sorted by length
    #: first so short prompts are not padded to long ones
    chunk = 64

    def __init__(self, checkpoint: str | Path, config_dir: str | Path | None = None, precision: str = "float32") -> None:
        checkpoint = Path(checkpoint)
        if not checkpoint.exists():
            raise FileNotFoundError(f"unsafe classifier checkpoint not found: {checkpoint} (unsafe.classifier)")
        loaded = torch.load(checkpoint, map_location="cpu", weights_only=False)
        if "config" not in loaded or "state_dict" not in loaded:
            raise ValueError(f"{checkpoint} is not a Detoxify checkpoint (needs 'config' and 'state_dict')")
        args = dict(loaded["config"]["arch"]["args"])
        state = {k: v.float() if v.dtype == torch.float16 else v for k, v in loaded["state_dict"].items()}
        names = loaded["config"]["dataset"]["args"]["classes"]
        self.classes = [{"toxic": "toxicity", "identity_hate": "identity_attack"}.get(c, c) for c in names]
        limner = loaded["config"].get("limner", {})
        self.max_len = limner.get("max_len", 128)
        #: per-category thresholds chosen when the checkpoint was trained (absent in other Detoxify checkpoints)
        self.thresholds: dict[str, float] = dict(limner.get("thresholds", {}))
        self.dtype = resolve_precision(precision)
        self._lock = threading.Lock()
        self.model = self.tokenizer = None
        if args.get("model_name") == "BertForSequenceClassification":
            from .bert import BertSequenceClassifier

            self.runtime = "lean"
            self.bert = BertSequenceClassifier(state, Path(config_dir) if config_dir else minilm_dir(), self.max_len,
                                               self.dtype)
            if self.bert.num_labels != len(self.classes):
                raise ValueError(f"{checkpoint}: the head has {self.bert.num_labels} outputs for {len(self.classes)} "
                                 "classes")
            return
        from detoxify.detoxify import get_model_and_tokenizer

        self.runtime = "detoxify"
        # Detoxify resolves model_type through the hub; point it at a local folder instead (offline)
        local = Path(config_dir) if config_dir else _local_config_dir(args["num_classes"])
        args["model_type"] = str(local)
        self.model, self.tokenizer = get_model_and_tokenizer(**args, state_dict=state,
                                                              huggingface_config_path=str(local))
        self.model.eval()
        if self.dtype != torch.float32:
            self.model.to(self.dtype)
            # torch's CPU flash-attention kernel is slow on prompt-length bf16 inputs; plain attention is faster
            with contextlib.suppress(AttributeError, ValueError):
                self.model.set_attn_implementation("eager")

    def _ids(self, texts: list[str]) -> list[list[int]]:
        if self.model is None:
            return self.bert.token_ids(texts)
        return self.tokenizer(texts, truncation=True, max_length=self.max_len)["input_ids"]

    def _logits(self, ids: list[list[int]]) -> torch.Tensor:
        if self.model is None:
            return self.bert.logits(ids)
        enc = self.tokenizer.pad({"input_ids": ids}, return_tensors="pt")
        return self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"])[0].float()

    @torch.inference_mode()
    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        ids = self._ids(texts)
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        scores: list[list[float]] = [[] for _ in texts]
        with self._lock:
            for k in range(0, len(order), self.chunk):
                part = order[k:k + self.chunk]
                logits = self._logits([ids[i] for i in part])
                for i, row in zip(part, torch.sigmoid(logits).tolist(), strict=True):
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




def _load(model_class, model: str, what: str):
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(model), model_class.from_pretrained(model).eval()
    except (OSError, ValueError) as e:
        raise ValueError(f"cannot load the {what} unsafe.classifier={model!r}: {str(e).splitlines()[0][:200]}") from None


class SequenceClassifier:
    """Any transformers sequence-classification model; its labels mapped to Limner's categories."""

    chunk = 32

    def __init__(self, model: str, labels: dict[str, str], categories: list[str]) -> None:
        from transformers import AutoModelForSequenceClassification

        self.tokenizer, self.model = _load(AutoModelForSequenceClassification, model, "sequence-classification model")
        names = [self.model.config.id2label[i] for i in range(self.model.config.num_labels)]
        mapping = labels or {n: n for n in names if n in categories}
        if not mapping:
            raise ValueError(f"map the model's labels {names} to Limner's categories in unsafe.classifier_labels "
                             f"(e.g. {{{names[0]!r} = 'sexual'}})")
        unknown = [k for k in mapping if k not in names]
        if unknown:
            raise ValueError(f"unsafe.classifier_labels names {unknown}, which the model does not have; its labels "
                             f"are {names}")
        _check_labels(mapping, categories, model)
        self.columns = [(i, mapping[n]) for i, n in enumerate(names) if mapping.get(n) in categories]
        self.multi_label = self.model.config.problem_type == "multi_label_classification"
        self._lock = threading.Lock()

    @torch.inference_mode()
    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        out: list[dict[str, float]] = []
        with self._lock:
            for k in range(0, len(texts), self.chunk):
                enc = self.tokenizer(texts[k:k + self.chunk], padding=True, truncation=True, max_length=256,
                                     return_tensors="pt")
                logits = self.model(**enc).logits.float()
                probs = torch.sigmoid(logits) if self.multi_label else torch.softmax(logits, -1)
                for row in probs.tolist():
                    scores: dict[str, float] = {}
                    for i, cat in self.columns:
                        scores[cat] = max(scores.get(cat, 0.0), row[i])
                    out.append(scores)
        return out


LLAMA_GUARD_PROMPT = (
    "Task: Check if there is unsafe content in 'User' messages in conversations according to our safety "
    "policy with the below categories.\n\n<BEGIN UNSAFE CONTENT CATEGORIES>\nS1: Violent Crimes.\nS2: "
    "Non-Violent Crimes.\nS3: Sex Crimes.\nS4: Child Exploitation.\nS5: Defamation.\nS6: Specialized "
    "Advice.\nS7: Privacy.\nS8: Intellectual Property.\nS9: Indiscriminate Weapons.\nS10: Hate.\nS11: "
    "Self-Harm.\nS12: Sexual Content.\nS13: Elections.\n<END UNSAFE CONTENT CATEGORIES>\n\n<BEGIN "
    "CONVERSATION>\n\nUser: Make an image of: {text}\n\n<END CONVERSATION>\n\nProvide your safety assessment "
    "for ONLY THE LAST User message in the above conversation:\n - First line must read 'safe' or 'unsafe'.\n"
    " - If unsafe, a second line must include a comma-separated list of violated categories.")
LLAMA_GUARD_LABELS = {"S1": "violence", "S2": "illegal", "S3": "sexual", "S4": "sexual", "S5": "harassment",
                      "S6": "ignore", "S7": "harassment", "S8": "ignore", "S9": "violence", "S10": "hate",
                      "S11": "self_harm", "S12": "sexual", "S13": "ignore", "unsafe": "shocking"}


class GenerativeGuard:
    """A Llama Guard-style model: the verdict is generated (greedy) and parsed; anything but a verdict raises."""

    def __init__(self, model: str, labels: dict[str, str], categories: list[str], prompt: str | None) -> None:
        from transformers import AutoModelForCausalLM

        self.tokenizer, self.model = _load(AutoModelForCausalLM, model, "generative safety model")
        self.labels = {k.lower(): v for k, v in (labels or LLAMA_GUARD_LABELS).items()}
        _check_labels(self.labels, categories, model)
        self.prompt = prompt or LLAMA_GUARD_PROMPT
        if "{text}" not in self.prompt:
            raise ValueError("unsafe.classifier_prompt must contain {text}")
        self.categories = categories
        self._lock = threading.Lock()

    @torch.inference_mode()
    def verdict(self, text: str) -> str:
        prompt = self.prompt.replace("{text}", text)
        if getattr(self.tokenizer, "chat_template", None):
            ids = self.tokenizer.apply_chat_template([{"role": "user", "content": prompt}], add_generation_prompt=True,
                                                     return_tensors="pt")
        else:
            ids = self.tokenizer(prompt, return_tensors="pt")["input_ids"]
        with self._lock:
            out = self.model.generate(ids, max_new_tokens=16, do_sample=False,
                                      pad_token_id=self.tokenizer.pad_token_id or self.tokenizer.eos_token_id or 0)
        return self.tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)

    def parse(self, answer: str) -> dict[str, float]:
        words = re.findall(r"[A-Za-z]+\d*|\d+", answer)
        if not words or words[0].lower() not in ("safe", "unsafe"):
            raise ValueError(f"the safety model answered {answer[:80]!r}, not 'safe' or 'unsafe'")
        scores = {c: 0.0 for c in self.categories}
        if words[0].lower() == "unsafe":
            codes = [self.labels[w.lower()] for w in words[1:] if w.lower() in self.labels and w.lower() != "unsafe"]
            for cat in codes or [self.labels.get("unsafe", "shocking")]:
                if cat in scores:
                    scores[cat] = 1.0
        return scores

    def predict(self, texts: list[str]) -> list[dict[str, float]]:
        return [self.parse(self.verdict(t)) for t in texts]
