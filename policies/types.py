"""What the policies answer: a finding per thing noticed, and a decision per text. Shared with the orchestrator
(which re-exports them); the policies import nothing from it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Action = Literal["allow", "rewrite", "refuse"]


class PolicyFinding(BaseModel):
    """One thing a policy noticed, what it decided, and why, in plain words."""

    policy: str
    category: str
    span: str = ""
    start: int | None = None
    end: int | None = None
    score: float = 1.0
    action: Action
    reason: str
    replacement: str | None = None
    stage: Literal["input", "caption"] = "input"
    caption_index: int | None = None
    # the content classifier's reading alone decided it (no listed term, pattern or rule behind it)
    by_classifier: bool = False


class PolicyDecision(BaseModel):
    action: str  # allow | rewrite | refuse
    text: str  # the text after rewrites (unchanged when allowed)
    findings: list[PolicyFinding] = Field(default_factory=list)
    message: str | None = None  # for refusals: which policy and why
    notes: list[str] = Field(default_factory=list)  # plain explanations of rewrites
    language: str = "en"  # the language the text was judged as (see policies/languages.py)
    checked: str = ""  # the text the decision was made on
