"""LangChain integration: the orchestrator as a ``Runnable`` and as a ``Tool`` an agent can call.

    from limner.orchestrator.langchain import LimnerRunnable, limner_tool
    chain = LimnerRunnable(orch)                 # invoke / batch / stream and their async twins
    result = chain.invoke("a red house below a yellow sun")           # -> TurnResult
    result = chain.invoke({"text": "...", "n": 2, "session_id": "..."})
    tool = limner_tool(orch)                     # like DallEAPIWrapper: returns image paths and revised prompts
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.runnables import RunnableConfig, RunnableSerializable
from langchain_core.tools import StructuredTool
from pydantic import ConfigDict, Field

from .orchestrator import Orchestrator
from .types import ProgressEvent, RequestOptions, TurnResult


class LimnerInput(RequestOptions):
    """The runnable's input: the text, ``RequestOptions`` and the conversation to continue (a new one if none)."""

    text: str
    session_id: str | None = None


def _coerce(value: Any) -> LimnerInput:
    if isinstance(value, LimnerInput):
        return value
    if isinstance(value, str):
        return LimnerInput(text=value)
    if isinstance(value, dict):
        return LimnerInput(**value)
    raise TypeError("input must be a string, a dict or a LimnerInput")


class LimnerRunnable(RunnableSerializable[Any, TurnResult]):
    """One Limner turn as a Runnable. ``stream`` yields progress events, then the ``TurnResult``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    orchestrator: Any = Field(exclude=True)

    def __init__(self, orchestrator: Orchestrator, **kwargs: Any) -> None:
        super().__init__(orchestrator=orchestrator, **kwargs)

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> TurnResult:
        req = _coerce(input)
        session = self.orchestrator.session(req.session_id)
        opts = req.model_dump(exclude={"text", "session_id"})
        return self._call_with_config(lambda _: session.send(req.text, **opts), req, config)

    def stream(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[Any]:
        import queue
        import threading

        req = _coerce(input)
        session = self.orchestrator.session(req.session_id)
        q: queue.Queue = queue.Queue()
        box: dict = {}

        def work() -> None:
            try:
                box["result"] = session.send(req.text, on_event=q.put, **req.model_dump(exclude={"text", "session_id"}))
            except BaseException as e:  # noqa: BLE001 - re-raised in the caller's thread
                box["error"] = e
            q.put(None)

        t = threading.Thread(target=work, daemon=True)
        t.start()
        while (item := q.get()) is not None:
            yield item
        t.join()
        if "error" in box:
            raise box["error"]
        yield box["result"]


def limner_tool(orch: Orchestrator) -> StructuredTool:
    """A tool for agents: makes images safely and says where they are and what was actually drawn."""

    def make_images(text: str, n: int = 1) -> str:
        r = orch.session().send(text, n=n)
        if r.status.value in ("refused", "blocked"):
            return f"Refused: {r.refusal_message}"
        if r.status.value == "not_applied":
            return f"Not applied: {r.refusal_message}"
        lines = [f"{im.path} (prompt: {im.caption})" for im in r.images if not im.blocked]
        notes = " ".join(r.explanation)
        return "\n".join(lines) + (f"\nNotes: {notes}" if notes else "")

    return StructuredTool.from_function(
        make_images, name="limner_image_generator",
        description="Generate images from a text description with Limner (local, policy-checked). "
                    "Input: a description of the image and how many images. Output: image file paths and the "
                    "revised prompts, or a refusal with its reason.")


__all__ = ["LimnerRunnable", "LimnerInput", "limner_tool", "ProgressEvent"]
