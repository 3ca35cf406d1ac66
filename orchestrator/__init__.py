"""Limner: a local, conversational prompt-rewriting and safety layer for text-to-image models.

    from limner.orchestrator import Orchestrator
    orch = Orchestrator.from_config()          # or a path to limner.toml
    session = orch.session()
    result = session.send("a red house below a yellow sun", n=2)
    print(result.revised_prompts, [im.path for im in result.images])
"""

from typing import TYPE_CHECKING

from .config import LimnerConfig, load_config
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

if TYPE_CHECKING:
    from .orchestrator import Orchestrator, Session


def __getattr__(name: str):
    """``Orchestrator`` and ``Session`` load on first use, so importing a part (the rewriter, the types) does not
    import the generator and its dependencies."""
    if name in ("Orchestrator", "Session"):
        from . import orchestrator as _o

        return getattr(_o, name)
    raise AttributeError(f"module 'orchestrator' has no attribute {name!r}")
