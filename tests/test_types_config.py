import pytest
from limner.orchestrator.config import ConfigError, load_config
from limner.orchestrator.types import ImageRequest, InvalidRequest, parse_size
from pydantic import ValidationError


def test_request_defaults_and_size():
    r = ImageRequest(text="a cat")
    assert (r.n, r.width, r.height, r.quality.value, r.style.value) == (1, 1024, 1024, "standard", "vivid")
    assert ImageRequest(text="x y", size="1792X1024").size == "1792x1024"


@pytest.mark.parametrize("text", ["", "   \n\t", "🙂🙂🙂", "\x00abc", "!!! ???"])
def test_request_rejects_textless_input(text):
    with pytest.raises(ValidationError):
        ImageRequest(text=text)


@pytest.mark.parametrize("size", ["big", "10x10", "99999x2", "1024", ""])
def test_bad_sizes(size):
    with pytest.raises(InvalidRequest):
        parse_size(size)


def test_config_file_env_override(tmp_path, monkeypatch):
    f = tmp_path / "limner.toml"
    f.write_text('home = "/tmp/from-file"\n[generator]\nsteps_standard = 12\n')
    monkeypatch.setenv("LIMNER_HOME", str(tmp_path / "from-env"))
    cfg = load_config(f)
    assert str(cfg.home) == str(tmp_path / "from-env")  # environment wins over the file
    assert cfg.generator.steps_standard == 12


@pytest.mark.parametrize("content,needle", [
    ("home = [unclosed", "not valid TOML"),
    ("[generator]\nsteps_standard = -3\n", "generator.steps_standard"),
    ("nonsense_key = 1\n", "nonsense_key"),
    (b"\xff\xfe\x00binary", "UTF-8"),
])
def test_bad_config_is_a_clear_error(tmp_path, content, needle):
    f = tmp_path / "bad.toml"
    f.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(ConfigError) as e:
        load_config(f)
    assert needle in str(e.value)


def test_missing_config_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.toml")


def test_config_lookup_order(tmp_path, monkeypatch):
    from limner.orchestrator.config import find_config, load_config

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LIMNER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert find_config() is None
    (tmp_path / "xdg" / "limner").mkdir(parents=True)
    (tmp_path / "xdg" / "limner" / "limner.toml").write_text("max_images = 2\n")
    assert load_config().max_images == 2  # the user's config
    (tmp_path / "limner.toml").write_text("max_images = 3\n")
    assert load_config().max_images == 3  # the current folder's wins over it
    other = tmp_path / "other.toml"
    other.write_text("max_images = 5\n")
    monkeypatch.setenv("LIMNER_CONFIG", str(other))
    assert load_config().max_images == 5  # the environment wins over both
    assert load_config(tmp_path / "limner.toml").max_images == 3  # and a named file over everything


def test_every_entry_point_takes_the_same_options_and_gets_the_same_answer_to_a_bad_value():
    """The options are declared once (RequestOptions) and validated once (ImageRequest.checked): the HTTP
    bodies, LangChain's input and the library take the same fields, and a bad value gets one message and the
    field's OpenAI name."""
    from limner.orchestrator.http import ImagesRequest, TurnRequest
    from limner.orchestrator.langchain import LimnerInput
    from limner.orchestrator.types import ImageRequest, InvalidRequest, RequestOptions

    for model in (ImageRequest, TurnRequest, ImagesRequest, LimnerInput):
        assert issubclass(model, RequestOptions) and set(RequestOptions.model_fields) <= set(model.model_fields)
    cases = [({"n": 9}, "n", "n must be between 1 and 8"), ({"n": 5, "max_images": 4}, "n", "between 1 and 4"),
             ({"size": "huge"}, "size", "unknown size"), ({"seed": -1}, "seed", "seed must be between"),
             ({"text": "🎨 🎨"}, "prompt", "text has no words"), ({"text": "x" * 50, "max_prompt_chars": 40},
                                                                   "prompt", "the limit is 40")]
    for opts, param, message in cases:
        opts = {"text": "a red ball", **opts}
        with pytest.raises(InvalidRequest) as e:
            ImageRequest.checked(opts.pop("text"), **opts)
        assert e.value.param == param and message in str(e.value), (opts, str(e.value))


def test_limner_check_validates_a_line_as_a_request_is_validated(tmp_path):
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "LIMNER_HOME": str(tmp_path / "h")}
    out = subprocess.run([sys.executable, "-m", "limner.orchestrator.cli", "check"], input="🎨 🎨\na red\u200b ball\n",
                         capture_output=True, text=True, env=env, timeout=120)
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert "text has no words" in lines[0]["error"] and lines[1]["action"] == "allow"
