"""Policy configuration: which policies run, their actions, thresholds and allow/deny lists.

Operators edit a TOML file (the packaged default is ``policies/policy.toml``); it is validated with pydantic
and a malformed file is a clear error at start-up.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Action = Literal["rewrite", "refuse", "flag", "allow"]


class _S(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PublicFiguresConfig(_S):
    enabled: bool = True
    action: Action = "rewrite"
    fuzzy: int = Field(88, ge=50, le=100, description="rapidfuzz score needed for a misspelt name")
    ner: bool = Field(True, description="also catch person names not in the list (spaCy NER)")
    ner_action: Action = "rewrite"
    historical_before: int = Field(1800, description="people born before this year count as historical")
    historical_action: Action = "allow"
    refuse_in_unsafe_context: bool = True
    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)
    fictional: list[str] = Field(default_factory=lambda: [
        "harry potter", "sherlock holmes", "mickey mouse", "santa claus", "james bond", "darth vader",
        "luke skywalker", "spider man", "peter pan", "tony stark", "bruce wayne", "clark kent", "mary poppins",
        "indiana jones", "lara croft", "super mario", "homer simpson", "winnie the pooh", "robin hood",
        "captain america", "wonder woman", "jon snow", "frodo baggins", "alice in wonderland",
    ])


class ArtistsConfig(_S):
    enabled: bool = True
    action: Action = "rewrite"
    rule: Literal["living", "died_within"] = "living"
    died_within_years: int = Field(70, ge=0, le=500)
    unknown_action: Action = Field("rewrite", description="an artist no source dates (living or dead unknown)")
    fuzzy: int = Field(90, ge=50, le=100)
    allow: list[str] = Field(default_factory=list)
    deny: list[str] = Field(default_factory=list)


class CategoryConfig(_S):
    action: Action = "refuse"
    threshold: float | None = Field(None, ge=0, le=1, description="default: the threshold chosen on held-out data")


class UnsafeConfig(_S):
    enabled: bool = True
    classifier: str = Field("packaged", description="'packaged', 'none', or a model: a Detoxify checkpoint path, or "
                                                    "a folder / hub id (see classifier_kind)")
    classifier_kind: Literal["detoxify", "sequence-classification", "generative"] = Field(
        "detoxify", description="detoxify checkpoint, any transformers sequence-classification model, or a Llama "
                                "Guard-style generative safety model")
    classifier_labels: dict[str, str] = Field(
        default_factory=dict, description="the model's labels (or a generative model's category codes) -> "
                                          "Limner categories, 'safe' or 'ignore'")
    classifier_prompt: str | None = Field(None, description="generative: the prompt, with {text} (default: Llama "
                                                            "Guard's)")
    classifier_config: str | None = Field(None, description="HF config/tokenizer folder for a custom checkpoint")
    precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="classifier arithmetic: 'auto' = bfloat16 on CPUs with native bf16 (AVX512-BF16/AMX) "
                            "and float32 elsewhere; there it checks about 2.5x more prompts/s with the same decisions")
    lexicon: bool = True
    uncovered_languages: Literal["lexicons", "refuse"] = Field(
        "lexicons", description="a request in a language with no word list (data/lexicons/<lang>.tsv): 'lexicons' "
                                "checks it with the English lists and the minors rule and says so; 'refuse' refuses it")
    categories: dict[str, CategoryConfig] = Field(default_factory=dict)
    allow_terms: list[str] = Field(default_factory=list)
    deny_terms: list[str] = Field(default_factory=list)


class PolicyConfig(_S):
    public_figures: PublicFiguresConfig = Field(default_factory=PublicFiguresConfig)
    artists: ArtistsConfig = Field(default_factory=ArtistsConfig)
    unsafe: UnsafeConfig = Field(default_factory=UnsafeConfig)


class PolicyConfigError(ValueError):
    pass


def load_policy_config(path: str | Path | None = None) -> PolicyConfig:
    if path is None:
        raw = resources.files("limner.policies").joinpath("policy.toml").read_text(encoding="utf-8")
        where = "packaged policies/policy.toml"
    else:
        where = str(path)
        try:
            raw = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise PolicyConfigError(f"cannot read policy file {where}: {e}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        raise PolicyConfigError(f"policy file {where} is not valid TOML: {e}") from None
    try:
        return PolicyConfig(**data)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}" for err in e.errors())
        raise PolicyConfigError(f"policy file {where} is invalid: {problems}") from None
