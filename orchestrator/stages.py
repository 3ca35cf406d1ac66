"""The stages of a turn as small interfaces (Protocols) and the types they pass: a component is anything with
these methods, swapped by config or by passing another object to ``Orchestrator``. No implementation here, so
importing this module loads neither the policies' models nor the generator."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from limner.policies.types import PolicyDecision
from PIL import Image
from pydantic import BaseModel, Field

from .types import Caption, ProgressEvent


class PolicyRail(Protocol):
    def decide(self, text: str, stage: str = "input", refused_before: frozenset[str] = frozenset(),
               language: str | None = None) -> PolicyDecision: ...

    def decide_many(self, texts: list[str], stage: str = "caption", refused_before: frozenset[str] = frozenset(),
                    language: str | None = None) -> list[PolicyDecision]: ...

    def added_risk(self, caption: str, sources: list[str | None], names: list[str] = (),
                   language: str | None = None) -> list[str]:
        """Risk terms (ages, nudity, weapons, real names ...) the caption has and no source had."""
        ...

    def clearly_harmless(self, text: str, language: str | None = None) -> bool:
        """Nothing refuses the text and the content classifier reads it far from any refusal."""
        ...


class RewriteResult(BaseModel):
    captions: list[Caption]
    mode: str = "new"  # new | refine | variation | verbatim
    fallback_used: bool = False
    notes: list[str] = Field(default_factory=list)


class Rewriter(Protocol):
    def mode(self, text: str, current: str | None, verbatim: bool = False) -> str:
        """'new', 'refine' (edit the current caption) or 'verbatim'."""
        ...

    def rewrite(self, text: str, n: int, current: str | None = None, verbatim: bool = False) -> RewriteResult: ...

    def plain(self, text: str, n: int, current: str | None = None) -> list[Caption]:
        """Deterministic captions from the user's words alone, used when a model-written caption fails the
        caption rail although the request itself passed; empty for a refinement no rule can apply."""
        ...


class ImageSafety(Protocol):
    name: str

    def score(self, images: list[Image.Image]) -> list[dict[str, float]]: ...


class ImageSaver(Protocol):
    def save(self, image: Image.Image, path: Path, metadata: dict) -> None: ...


Emit = Callable[[ProgressEvent], None]


