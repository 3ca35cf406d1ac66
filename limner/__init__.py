"""Limner's namespace: ``limner.orchestrator`` (the chat turn, sessions, interfaces), ``limner.policies`` (the
safety policies) and ``limner.prompts`` (the language model's instructions).

In an installed wheel the three packages are inside this one, so Limner adds one top-level name to an
environment. In a source checkout they stay where a newcomer looks for them, next to this folder
(``orchestrator/``, ``policies/``, ``prompts/``), and this package's path is extended to reach them.
"""

from __future__ import annotations

import os

_here = os.path.dirname(os.path.abspath(__file__))
_checkout = os.path.dirname(_here)
if not os.path.isdir(os.path.join(_here, "orchestrator")) and \
        os.path.isfile(os.path.join(_checkout, "orchestrator", "__init__.py")) and \
        os.path.isfile(os.path.join(_checkout, "pyproject.toml")):
    __path__.append(_checkout)  # type: ignore[name-defined]  # noqa: F821 - the package's own __path__
