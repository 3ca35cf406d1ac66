"""The types every boundary of Limner speaks: requests, captions, images, turn results, events (findings and
policy decisions are the policies' own types, ``policies/types.py``, re-exported here)."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from typing import Any, Literal

from limner.policies.types import PolicyDecision as PolicyDecision  # re-exported
from limner.policies.types import PolicyFinding as PolicyFinding  # re-exported
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator


class LimnerError(Exception):
    """An error a user can act on; the CLI prints its message on one line and exits non-zero."""


class InvalidRequest(LimnerError, ValueError):
    """A request that cannot be run; ``param`` names the request field at fault (OpenAI's names: prompt, n ...)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


class UnknownSession(LimnerError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown session"


class TurnCancelled(LimnerError):
    pass


class StorageError(LimnerError):
    """The history or an image could not be written (disk full, read-only, damaged database)."""


class Quality(StrEnum):
    standard = "standard"
    hd = "hd"


class Style(StrEnum):
    vivid = "vivid"
    natural = "natural"


_SIZE_RE = re.compile(r"^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$")


def parse_size(size: str) -> tuple[int, int]:
    m = _SIZE_RE.match(size or "")
    if not m:
        raise InvalidRequest(f"unknown size {size!r}: use WIDTHxHEIGHT, e.g. 1024x1024, 1792x1024 or 1024x1792",
                             param="size")
    w, h = int(m.group(1)), int(m.group(2))
    if not (64 <= w <= 4096 and 64 <= h <= 4096):
        raise InvalidRequest(f"size {w}x{h} out of range: each side must be 64..4096 pixels", param="size")
    return w, h


def has_visible_text(text: str) -> bool:
    """True if the text holds at least one letter or digit (not only whitespace, emoji, symbols or junk)."""
    return any(unicodedata.category(ch)[0] in "LN" for ch in text)


# invisible formatting characters removed from requests: zero-width spaces/joiners, bidi embeddings, overrides and
# isolates, word joiner and invisible operators, BOM, soft hyphen (the policies see the same text the user did)
INVISIBLE = dict.fromkeys([0x00AD, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                           *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF])


class RequestOptions(BaseModel):
    """How the images of a request should come out: declared once here, and inherited by every entry point's
    request model (``ImageRequest`` for the library and the CLI, the HTTP bodies, LangChain's input). Their limits
    are checked by ``ImageRequest`` alone (some depend on the configuration: ``max_images``,
    ``max_prompt_chars``), so every entry point answers the same bad value with the same message."""

    model_config = ConfigDict(extra="forbid")

    n: int = Field(1, description="number of images (1 to the configured max_images)")
    size: str = Field("1024x1024", description="WIDTHxHEIGHT, each side 64..4096")
    quality: Quality = Quality.standard
    style: Style = Style.vivid
    seed: int | None = Field(None, description="0..2**32-1; none: a seed drawn for the request")
    negative_prompt: str | None = None
    verbatim: bool | None = Field(None, description="send the text unchanged (none: the configured default)")


class ImageRequest(RequestOptions):
    """One user request: the text and how the images should come out, validated. The limits that come from the
    configuration are passed in the validation context (``ImageRequest.checked``); without one, the defaults."""

    text: str

    @field_validator("text")
    @classmethod
    def _text(cls, v: str, info: ValidationInfo) -> str:
        if "\x00" in v:
            raise ValueError("text contains NUL bytes")
        limit = (info.context or {}).get("max_prompt_chars", MAX_PROMPT_CHARS)
        if len(v) > limit:
            raise ValueError(f"text is {len(v)} characters; the limit is {limit} (max_prompt_chars)")
        v = v.translate(INVISIBLE)  # bidi overrides and zero-width marks would reach captions, history and PNGs
        if not v.strip():
            raise ValueError("text is empty")
        if not has_visible_text(v):
            raise ValueError("text has no words (only whitespace, symbols or emoji)")
        return v

    @field_validator("n")
    @classmethod
    def _n(cls, v: int, info: ValidationInfo) -> int:
        most = (info.context or {}).get("max_images", MAX_IMAGES)
        if not 1 <= v <= most:
            raise ValueError(f"n must be between 1 and {most}")
        return v

    @field_validator("seed")
    @classmethod
    def _seed(cls, v: int | None) -> int | None:
        if v is not None and not 0 <= v <= 2**32 - 1:
            raise ValueError("seed must be between 0 and 4294967295")
        return v

    @field_validator("size")
    @classmethod
    def _size(cls, v: str) -> str:
        w, h = parse_size(v)
        return f"{w}x{h}"

    @classmethod
    def checked(cls, text: Any, max_prompt_chars: int = 0, max_images: int = 0, **options: Any) -> ImageRequest:
        """The one validation of a request, whatever the entry point: an ``ImageRequest``, or ``InvalidRequest``
        with one readable message and the field at fault under its OpenAI name (``prompt``, ``n``, ``size``).
        ``None`` options take their defaults."""
        if not isinstance(text, str):
            raise InvalidRequest("text must be a string", param="prompt")
        context = {"max_prompt_chars": max_prompt_chars or MAX_PROMPT_CHARS, "max_images": max_images or MAX_IMAGES}
        try:
            return cls.model_validate({"text": text, **{k: v for k, v in options.items() if v is not None}},
                                      context=context)
        except ValidationError as e:
            raise InvalidRequest(*describe_errors(e.errors())) from None

    @property
    def width(self) -> int:
        return parse_size(self.size)[0]

    @property
    def height(self) -> int:
        return parse_size(self.size)[1]


MAX_PROMPT_CHARS = 4000  # without a configuration: its default max_prompt_chars,
MAX_IMAGES = 8  # and the most images its max_images may allow
_PARAM = {"text": "prompt"}  # the request's field names as the OpenAI API calls them


def describe_errors(errors: list[dict[str, Any]]) -> tuple[str, str | None]:
    """One message for all of a request's validation errors (pydantic's or FastAPI's), and the first field at
    fault under its OpenAI name."""
    parts = []
    for err in errors:
        loc = [str(x) for x in err.get("loc", ()) if x != "body"]
        field = ".".join(loc) or "request"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(msg if msg.startswith(field) else f"{field}: {msg}")
    loc = [str(x) for x in errors[0].get("loc", ()) if x != "body"] if errors else []
    first = loc[0] if loc else None
    return "; ".join(parts), _PARAM.get(first or "", first)


class Caption(BaseModel):
    """A caption the rewriter produced (or the user's own text in verbatim mode)."""

    index: int
    text: str
    source: Literal["llm", "refined", "rule", "fallback", "verbatim"] = "llm"
    approved: bool = True
    note: str | None = None  # e.g. "fallback: the model's output failed validation twice"


class TurnContext(BaseModel):
    """What a turn knows of its conversation."""

    current: str | None = None  # the caption this turn would refine
    seed: int | None = None  # the seed of the picture it would refine (a refinement keeps it)
    # the policy categories earlier turns were refused for: after 'minors' no sexual context, after 'sexual' no minor
    refused_before: frozenset[str] = frozenset()
    # the user's words of the turn just before when it was refused: a follow-up that only says "more", "even less"
    # or "nothing at all" continues it, and is judged with it
    refused_request: str | None = None
    # (user's words, mode) of the turns that drew the last pictures, newest first (``Store.picture_turns``): the
    # input rail reads a turn that leans on the picture with their words as well as with the caption
    picture_turns: list[tuple[str, str | None]] = Field(default_factory=list)
    # the input policy's decision on the request's words, made before the turn (the HTTP server's pre-check,
    # which answers a refusal without queueing); the input rail uses it instead of deciding again when it was
    # made on exactly this text and nothing in the conversation changes it
    input_decision: PolicyDecision | None = None


class GeneratedImage(BaseModel):
    index: int
    image_id: str | None = None  # opaque (128-bit); the PNG's metadata carries it, never the session id or a path
    path: str | None  # None when withheld
    seed: int
    caption: str  # the revised prompt: the caption as the user sees it (and a later turn refines)
    prompt: str | None = None  # what the generator received: the caption and the style clause
    width: int
    height: int
    native_size: str | None = None
    sha256: str | None = None
    safety_scores: dict[str, float] = Field(default_factory=dict)
    blocked: bool = False
    blurred: bool = False
    reason: str | None = None


class TurnStatus(StrEnum):
    running = "running"
    ok = "ok"
    refused = "refused"
    blocked = "blocked"  # every image withheld by the image-safety check
    failed = "failed"
    interrupted = "interrupted"
    cancelled = "cancelled"
    dry_run = "dry_run"
    undone = "undone"
    not_applied = "not_applied"  # a refinement neither the rules nor the model could apply; nothing changed


class TurnResult(BaseModel):
    session_id: str
    turn_id: int | None = None
    status: TurnStatus
    request: ImageRequest
    mode: Literal["new", "refine", "variation", "verbatim"] = "new"
    captions: list[Caption] = Field(default_factory=list)
    findings: list[PolicyFinding] = Field(default_factory=list)
    images: list[GeneratedImage] = Field(default_factory=list)
    revised_prompts: list[str] = Field(default_factory=list)
    refusal_message: str | None = None
    explanation: list[str] = Field(default_factory=list)
    timings: dict[str, float] = Field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.status == TurnStatus.refused


class ProgressEvent(BaseModel):
    """Progress of a turn, for bars and streams."""

    kind: Literal["stage_started", "stage_finished", "step", "image_ready", "turn_finished"]
    stage: str | None = None
    step: int | None = None
    total: int | None = None
    image_index: int | None = None
    data: dict[str, Any] = Field(default_factory=dict)
