"""Limner: a local, conversational prompt-rewriting and safety layer for text-to-image models.

    from orchestrator import Orchestrator
    orch = Orchestrator.from_config()          # or a path to limner.toml
    session = orch.session()
    result = session.send("a red house below a yellow sun", n=2)
    print(result.revised_prompts, [im.path for im in result.images])
"""

from .config import LimnerConfig, load_config
from .orchestrator import Orchestrator, Session
from .types import (
    Caption,
    GeneratedImage,
    ImageRequest,
    InvalidRequest,
    LimnerError,
    PolicyFinding,
    ProgressEvent,
    TurnCancelled,
    TurnResult,
    TurnStatus,
    UnknownSession,
)

__all__ = [
    "Orchestrator", "Session", "LimnerConfig", "load_config", "ImageRequest", "Caption", "PolicyFinding",
    "GeneratedImage", "TurnResult", "TurnStatus", "ProgressEvent", "LimnerError", "InvalidRequest",
    "UnknownSession", "TurnCancelled",
]
