"""The CLI as a user runs it: a subprocess (error paths in-process, through its main), real models, a temporary
LIMNER_HOME."""

import json
import os
import re
import subprocess
import sys
import threading

import pytest


def run(args, home, input=None, timeout=600):
    env = {**os.environ, "LIMNER_HOME": str(home), "LIMNER_GENERATOR__STEPS_STANDARD": "6",
           "LIMNER_GENERATOR__CANDIDATES_PER_IMAGE": "1"}
    return subprocess.run([sys.executable, "-m", "limner.orchestrator.cli", *args], capture_output=True, text=True,
                          env=env, input=input, timeout=timeout)


@pytest.mark.slow
def test_generate_json_history_and_verify(tmp_path):
    p = run(["generate", "a green tree on a meadow", "--seed", "4", "--size", "512x512", "--json",
             "--out", str(tmp_path / "out")], tmp_path / "h")
    assert p.returncode == 0, p.stderr[-800:]
    r = json.loads(p.stdout)
    assert r["status"] == "ok" and r["images"][0]["seed"] == 4
    assert (tmp_path / "out" / os.path.basename(r["images"][0]["path"])).exists()
    h = run(["history", r["session_id"]], tmp_path / "h")
    assert h.returncode == 0 and "a green tree on a meadow" in h.stdout
    v = run(["verify", r["images"][0]["path"]], tmp_path / "h")
    assert v.returncode == 0 and "intact" in v.stdout


@pytest.mark.slow
def test_dry_run_and_blocked_history(tmp_path):
    p = run(["generate", "a nude woman", "--dry-run"], tmp_path / "h")
    assert p.returncode == 3 and "Refused" in p.stdout  # a refusal has its own exit status
    p = run(["generate", "a nude woman", "--dry-run", "--json"], tmp_path / "h")
    assert p.returncode == 3 and json.loads(p.stdout)["status"] == "refused"
    h = run(["history", "--blocked"], tmp_path / "h")
    assert "refused" in h.stdout and "sexual" in h.stdout


@pytest.mark.parametrize("args,needle", [
    (["generate", "   "], "text is empty"),
    (["generate", "a cat", "--size", "banana"], "unknown size"),
    (["generate", "a cat", "-n", "50"], "n must be between"),
    (["generate", "x" * 5000], "limit is 4000"),
    (["history", "nope"], "unknown session"),
    (["generate", "a cat", "--session", "nope"], "unknown session"),
])
def test_bad_input_one_line_no_traceback(tmp_path, monkeypatch, capsys, args, needle):
    """Error paths run in-process (the CLI's main, as the entry point calls it): one line, no traceback."""
    from limner.orchestrator.cli import main

    monkeypatch.setenv("LIMNER_HOME", str(tmp_path / "h"))
    code = main(args)
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    assert needle in err
    assert len(err.strip().splitlines()) == 1


def test_users_add_list_remove_and_keys_are_stored_only_as_hashes(tmp_path, monkeypatch, capsys):
    import sqlite3

    from limner.orchestrator.cli import main

    monkeypatch.setenv("LIMNER_HOME", str(tmp_path / "h"))
    assert main(["users", "add", "alice"]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("lim_") and len(key) > 40
    db = sqlite3.connect(tmp_path / "h" / "limner.db")
    stored = db.execute("SELECT key_hash FROM users WHERE name='alice'").fetchone()[0]
    assert key not in stored and len(stored) == 64
    assert main(["users", "add", "alice"]) == 2 and "already exists" in capsys.readouterr().err
    assert main(["users", "list"]) == 0 and capsys.readouterr().out.startswith("alice\t0 session(s)")
    assert main(["users", "remove", "alice"]) == 0
    assert main(["users", "remove", "alice"]) == 2 and "no user 'alice'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["users", "add"])  # a missing name is a usage error naming the fix
    assert "limner users add alice" in capsys.readouterr().err


def test_unreadable_config(tmp_path, monkeypatch, capsys):
    from limner.orchestrator.cli import main

    monkeypatch.setenv("LIMNER_HOME", str(tmp_path / "h"))
    bad = tmp_path / "bad.toml"
    bad.write_text("[generator\n")
    code = main(["--config", str(bad), "history"])
    err = capsys.readouterr().err
    assert code == 2 and "not valid TOML" in err and "Traceback" not in err


def test_check_answers_each_line_as_soon_as_it_is_written(tmp_path):
    """A caller that writes one line and waits gets its answer (a pipe, not a terminal)."""
    env = {**os.environ, "LIMNER_HOME": str(tmp_path / "h")}
    proc = subprocess.Popen([sys.executable, "-m", "limner.orchestrator.cli", "check"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        answers = []
        for line in ("a red ball on a table", "a naked woman", "a portrait of Barack Obama's dog"):
            proc.stdin.write((line + "\n").encode())
            proc.stdin.flush()
            answers.append(json.loads(proc.stdout.readline()))  # would hang if the CLI waited for a batch
        assert [a["action"] for a in answers] == ["allow", "refuse", "rewrite"]
        assert answers[2]["rewritten"] == "a portrait of a male politician's dog"
        # lines already waiting are answered together, in order
        proc.stdin.write(b"a cat\n\xff\xfe\na dog\n")
        proc.stdin.close()
        rest = [json.loads(x) for x in proc.stdout.read().decode().splitlines()]
        assert [r["prompt"] for r in rest] == ["a cat", rest[1]["prompt"], "a dog"] and "error" in rest[1]
    finally:
        proc.kill()
        proc.wait(10)


def test_waiting_lines_batches_what_is_waiting_and_skips_overlong_lines():
    """`limner check`'s reader: the lines already in the pipe come together (at most max_batch), a line over
    max_line bytes comes back as None without being kept, and a last line without a newline is not lost."""
    from limner.orchestrator.cli import WaitingLines

    r, w = os.pipe()

    def write() -> None:  # more than a pipe holds: written while the reader reads
        with os.fdopen(w, "wb") as f:
            f.write(b"one\ntwo\n" + b"x" * 300_000 + b"\nthree\nfour\nfive")  # the long line spans reads

    writer = threading.Thread(target=write)
    writer.start()
    try:
        batches = list(WaitingLines(r, max_batch=3, max_line=1000))
    finally:
        writer.join(30)
        os.close(r)
    assert [line for b in batches for line in b] == [b"one", b"two", None, b"three", b"four", b"five"]
    assert all(len(b) <= 3 for b in batches)


@pytest.mark.slow
def test_chat_a_request_a_refinement_a_refusal_and_history(tmp_path):
    """`limner chat` as typed: the models load in the background, the first answer has an image, a refinement
    keeps the seed of the picture it changes, a refusal says so, /history lists the turns."""
    p = run(["chat"], tmp_path / "h", input="a red ball on a wooden table\nmake the ball blue\na nude woman\n"
                                            "/history\n/quit\n")
    assert p.returncode == 0, p.stderr[-800:]
    out = p.stdout
    assert "loading the models in the background" in out and "Traceback" not in p.stderr
    seeds = [int(s) for s in re.findall(r"seed=(\d+)", out)]
    assert len(seeds) >= 2 and seeds[0] == seeds[1], out  # the refinement redraws the same picture
    assert "blue ball" in out.lower() and "refused" in out.lower()
    images = list((tmp_path / "h" / "images").rglob("*.png"))
    assert len(images) == 2
    assert re.search(r"turn 2 \[\w+\] ok\s+'make the ball blue'", out)  # /history
    assert re.search(r"turn 3 \[\w+\] refused\s+'a nude woman'", out)
