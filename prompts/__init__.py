"""The rewriter's instructions and few-shot examples, as plain text files shipped in the wheel.

Edit the ``.txt`` files to change how captions are written; ``load`` reads them, ``examples`` parses the
few-shot files (blocks of ``key: value`` lines separated by ``---``).
"""

from __future__ import annotations

from importlib import resources


def load(name: str) -> str:
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def examples(name: str) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    for block in load(name).split("\n---"):
        item: dict[str, str] = {}
        for line in block.splitlines():
            if not line.strip() or line.startswith("#") or ":" not in line:
                continue
            key, value = line.split(":", 1)
            item[key.strip()] = value.strip()
        if item:
            blocks.append(item)
    return blocks
