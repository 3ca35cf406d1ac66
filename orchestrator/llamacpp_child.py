"""The llama.cpp process of ``llamacpp.py``: load the GGUF file, say where it listens, serve until stdin closes.

Run as a script in isolated mode (``python -I llamacpp_child.py '<settings json>'``) so that it imports only the standard library
and ``xllamacpp``; the API key comes in ``LIMNER_LLAMACPP_KEY``, never on the command line.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def serve(settings: dict[str, Any]) -> None:
    """The child process: load the model, say where it listens, serve until stdin closes."""
    try:
        import xllamacpp as xlc

        p = xlc.CommonParams()
        p.model.path = settings["gguf"]
        p.model_alias = Path(settings["gguf"]).stem
        p.n_ctx = settings["n_ctx"]
        p.n_parallel = 1
        p.cpuparams.n_threads = settings["threads"]
        p.cpuparams_batch.n_threads = settings["threads"]
        p.hostnames = ["127.0.0.1"]
        p.port = settings["port"]  # a free port the parent found
        p.api_keys = [os.environ["LIMNER_LLAMACPP_KEY"]]
        p.endpoint_slots = True  # saving and restoring the prompt's state
        p.slot_save_path = settings["state_dir"] + os.sep
        p.cache_ram_mib = 0  # no prompt cache of its own: every request starts from the restored state
        p.warmup = False
        p.verbosity = 0
        server = xlc.Server(p)
    except Exception as e:  # noqa: BLE001 - llama.cpp's own reason goes back to the parent
        print(f"ERROR {type(e).__name__}: {str(e).splitlines()[0][:300] if str(e) else ''}", flush=True)
        sys.exit(1)
    print(f"LISTENING {server.listening_address}", flush=True)
    sys.stdin.read()  # until the parent closes it (or exits)


if __name__ == "__main__":
    serve(json.loads(sys.argv[1]))
