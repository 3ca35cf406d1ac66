"""Start-up time as a user meets it: wall time of whole ``limner`` processes (median of several runs).

    .venv/bin/python bench/startup.py [--runs 3]

1. a refused ``limner generate`` (the language model is never loaded),
2. ``limner generate --dry-run`` of a new request (loads the rewriter model; from the converted cache),
3. ``limner chat`` until its first answer is printed (one new request, a real image of the embedded model).

The first run after a fresh ``LIMNER_HOME`` hashes the model file and evaluates and saves the few-shot
prompt's state (``orchestrator/llamacpp.py``); it is reported apart ("cold") and left out of the medians
("warm"). The machine's speed varies over an hour (other work on the host): compare figures of one run. Goals on a 2-core CPU: 3 s, 8 s, 10 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMNER = [sys.executable, "-m", "limner.orchestrator.cli"]
CASES = {
    "refused generate": (["generate", "a naked child on a beach", "--dry-run"], None, 3),
    "generate --dry-run (new request)": (["generate", "a red ball on a wooden table", "--dry-run"], None, 0),
    "chat: first answer": (["chat"], "a yellow star on a black night sky\n", 0),
}
GOALS = {"refused generate": 3.0, "generate --dry-run (new request)": 8.0, "chat: first answer": 10.0}


def timed(args: list[str], stdin: str | None, expect_rc: int, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    if stdin is None:
        p = subprocess.run(LIMNER + args, capture_output=True, text=True, env=env, timeout=600)
        rc, err = p.returncode, p.stderr
    else:  # stop the clock when the first answer is printed, not when the process exits
        proc = subprocess.Popen(LIMNER + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=env)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(stdin)
        proc.stdin.flush()
        for line in proc.stdout:
            if "image 1" in line.lower() or "refused" in line.lower():
                break
        elapsed = time.perf_counter() - t0
        proc.stdin.close()
        proc.wait(timeout=120)
        return elapsed
    elapsed = time.perf_counter() - t0
    if rc != expect_rc:
        raise SystemExit(f"limner {' '.join(args)} exited {rc} (expected {expect_rc}):\n{err[-1500:]}")
    return elapsed


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "LIMNER_HOME": home, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
               "TQDM_DISABLE": "1"}
        cold = timed(*CASES["generate --dry-run (new request)"], env)
        print(f"cold start (a new {Path(home)}: the model's hash and the prompt's state saved): {cold:.1f} s")
        print(f"{'warm, median of ' + str(a.runs):<36}{'seconds':>9}{'goal':>7}")
        for name, (args, stdin, rc) in CASES.items():
            times = [timed(args, stdin, rc, env) for _ in range(a.runs)]
            med = statistics.median(times)
            print(f"{name:<36}{med:>9.1f}{GOALS[name]:>7.0f}   {'ok' if med <= GOALS[name] else 'MISSED'}  "
                  f"(runs: {', '.join(f'{t:.1f}' for t in times)})")


if __name__ == "__main__":
    main()
