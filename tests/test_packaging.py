"""The wheel installs one top-level name, ``limner`` (the checkout's orchestrator/, policies/ and prompts/ become
limner.orchestrator, limner.policies and limner.prompts), with its data files, and works from there alone."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_one_top_level_package_that_imports_on_its_own(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    wheel = next(tmp_path.glob("limner-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        z.extractall(tmp_path / "site")
    assert {n.split("/")[0] for n in names} == {"limner", wheel.name.split("-py")[0] + ".dist-info"}
    for data in ("limner/policies/policy.toml", "limner/policies/data/unsafe_minilm.ckpt",
                 "limner/orchestrator/web/index.html", "limner/prompts/rewrite_system.txt",
                 "limner/orchestrator/toyworld/weights/model_index.json"):
        assert data in names, data
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import limner.orchestrator.cli, limner.policies as p; "
            "from limner.policies.config import load_policy_config; load_policy_config(None); "
            "print(limner.orchestrator.__file__); print(p.__file__)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "site")], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert all(line.startswith(str(tmp_path / "site")) for line in out.stdout.splitlines())
