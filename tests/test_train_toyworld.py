"""The toy-world trainer as a user runs it (``python -m tools.train_toyworld``), at a tiny size: the settings are
for wiring only (a few steps of batch 4), never a claim about the quality of the model."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from limner.orchestrator.toyworld.pipeline import ToyWorldPipeline

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--vae-steps", "3", "--vae-batch", "4", "--scenes", "24", "--unet-steps", "4", "--batch", "4",
        "--eval-n", "1", "--checkpoint-minutes", "0", "--threads", "1"]

pytestmark = pytest.mark.slow


def train(out: Path, *extra: str) -> str:
    res = subprocess.run([sys.executable, "-m", "tools.train_toyworld", "--out", str(out), *TINY, *extra],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stdout[-2000:] + res.stderr[-2000:]
    return (out / "train_log.txt").read_text()


def unet_state(out: Path) -> dict[str, torch.Tensor]:
    state = torch.load(out / "unet.pt", map_location="cpu", weights_only=False)
    return {**{"model." + k: v for k, v in state["model"].items()}, **{"ema." + k: v for k, v in state["ema"].items()}}


def test_a_paused_and_resumed_run_ends_where_an_unbroken_run_ends(tmp_path):
    train(tmp_path / "unbroken", "--two-share", "0.5", "--export", str(tmp_path / "unbroken" / "export"))
    log = train(tmp_path / "paused", "--two-share", "0.5", "--stop-at-step", "2")
    assert "paused at step 2" in log
    assert not (tmp_path / "paused" / "curve.tsv").read_text().splitlines()[1:]  # no final evaluation yet
    log = train(tmp_path / "paused", "--two-share", "0.5", "--resume")
    assert "unet: resumed at step 2" in log

    a, b = unet_state(tmp_path / "unbroken"), unet_state(tmp_path / "paused")
    assert a.keys() == b.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)
    # the unbroken run wrote a pipeline that loads and draws
    pipe = ToyWorldPipeline.from_embedded(tmp_path / "unbroken" / "export")
    image = pipe("a red circle", generator=[torch.Generator().manual_seed(0)], num_inference_steps=2).images[0]
    assert image.size == (64, 64)


def test_resuming_with_other_settings_is_refused_with_the_reason(tmp_path):
    train(tmp_path / "run", "--stop-at-step", "1")
    res = subprocess.run([sys.executable, "-m", "tools.train_toyworld", "--out", str(tmp_path / "run"), *TINY,
                          "--two-share", "0.9", "--resume"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert res.returncode != 0
    assert "other settings" in res.stderr and "two_share" in res.stderr


def test_fit_minutes_sets_the_schedule_to_the_budget_and_resume_keeps_it(tmp_path):
    out = tmp_path / "fit"
    # 40: ten warm-up steps, 30 timed; checkpoints only at the pause (a 17M-parameter state takes a while to write)
    log = train(out, "--fit-minutes", "2.5", "--stop-at-step", "40", "--checkpoint-minutes", "10")
    settings = json.loads((out / "settings.json").read_text())
    assert settings["fitted"] is True
    assert "steps fit the 2.5-minute budget" in log
    fitted = settings["unet_steps"]
    assert fitted > 30  # the 30 timed steps and more: a few-parameter step takes milliseconds
    # a shorter budget for the resumed run (it may change, as --eval-n may): it stops when the budget is spent
    train(out, "--fit-minutes", "0.2", "--resume", "--unet-steps", "5", "--checkpoint-minutes", "10")
    again = json.loads((out / "settings.json").read_text())
    assert again["unet_steps"] == fitted  # --resume keeps the fitted length, whatever --unet-steps says
    state = torch.load(out / "unet.pt", map_location="cpu", weights_only=False)
    log = (out / "train_log.txt").read_text()
    assert state["step"] == fitted or "budget is nearly spent" in log
