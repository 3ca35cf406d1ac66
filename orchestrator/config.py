"""Limner's configuration: one TOML file, every key overridable by an environment variable.

Precedence: environment (``LIMNER_HOME``, ``LIMNER_GENERATOR__MODEL`` ...) > the TOML file > defaults.
A malformed file or an unknown key is a clear error at start-up (``ConfigError``), never a silent default.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from .types import LimnerError


class ConfigError(LimnerError):
    pass


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RewriterConfig(_Section):
    model: str = Field("smollm2", description="'smollm2' (packaged), a transformers hub id, a local folder, or "
                                              "'none' (no language model: template captions and rule edits)")
    gguf_file: str | None = Field(None, description="GGUF file inside `model` when it is a GGUF repo/folder")
    endpoint: str | None = Field(None, description="base URL of an OpenAI-compatible server (Ollama, llama.cpp "
                                                   "server, vLLM, LM Studio), e.g. 'http://127.0.0.1:11434/v1'; "
                                                   "`model` is then the model name the server knows")
    backend: Literal["auto", "llamacpp", "transformers"] = Field(
        "auto", description="how a local GGUF file runs: 'llamacpp' (a llama.cpp child process, xllamacpp), 'transformers' "
                            "(de-quantised once into the cache), 'auto' (llama.cpp when installed)")
    threads: int | None = Field(None, ge=1, le=256, description="CPU threads of the llama.cpp backend (default: "
                                                               "the CPU count, at most 4)")
    api_key_env: str = Field("OPENAI_API_KEY", description="environment variable holding the endpoint's key "
                                                          "(optional; keys are never stored in the config)")
    variants: int = Field(1, ge=1, le=8, description="captions per request when the request does not say")
    verbatim: bool = Field(False, description="send the user's text unchanged (policies still run)")
    max_new_tokens: int = Field(384, ge=16, le=4096)
    temperature: float = Field(0.7, ge=0.0, le=2.0, description="sampling temperature of refinements")
    scene_temperature: float = Field(0.4, ge=0.0, le=2.0, description="sampling temperature of a new request's "
                                     "scene fields (short phrases: a small model glues words when it runs hotter)")
    timeout_s: float = Field(120.0, gt=0)
    retries: int = Field(2, ge=0, le=5, description="new tries for the captions that failed the checks")
    repetition_penalty: float = Field(1.3, ge=1.0, le=3.0, description="on the answer's own tokens only")
    scene_repetition_penalty: float = Field(1.1, ge=1.0, le=3.0, description="the same, for the scene fields")
    constrained: bool = Field(True, description="grammar-constrained JSON decoding (xgrammar)")
    rule_edits: Literal["first", "fallback"] = Field(
        "first", description="'first': edits the rules know (colour, medium, count, material, position, text, add, "
                             "remove, replace, background) are applied without the model, which handles the rest; "
                             "'fallback': the model tries every edit and the rules step in when it fails")


class GeneratorConfig(_Section):
    model: str = Field("toyworld", description="'toyworld' (embedded) or a diffusers folder / hub id")
    device: Literal["auto", "cpu", "cuda", "mps"] = "auto"
    dtype: Literal["auto", "float32", "float16", "bfloat16"] = "auto"
    steps_standard: int = Field(20, ge=1, le=200)
    steps_hd: int = Field(40, ge=1, le=200)
    guidance_vivid: float = Field(5.0, ge=0)
    guidance_natural: float = Field(3.5, ge=0)
    style_clause_vivid: str = ", vivid colours, dramatic lighting"
    style_clause_natural: str = ", natural colours, soft realistic lighting"
    negative_prompt: str = ""
    candidates_per_image: int = Field(2, ge=1, le=8, description="toy world: sample k, keep the best (reranker)")
    refine_layout_share: float = Field(
        0.15, ge=0, le=1, description="a refinement that keeps the seed follows the refined picture's caption for "
                                     "this share of the denoising steps, so objects stay where they were (pipelines "
                                     "with a layout_prompt argument: the toy world); 0 turns it off")
    cpu_offload: bool = False
    attention_slicing: bool = False
    max_side: int = Field(2048, ge=64, le=8192)


class ImageSafetyConfig(_Section):
    classifier: str = Field("opennsfw", description="'opennsfw' (packaged), 'nudenet', or 'sd-safety-checker:PATH'")
    disabled: bool = Field(False, description="DANGER: skip the output check (a warning is printed on start)")
    action: Literal["block", "blur"] = "block"
    thresholds: dict[str, float] = Field(default_factory=lambda: {"nsfw": 0.5})


class ProvenanceConfig(_Section):
    png_metadata: bool = True
    c2pa: bool = True
    c2pa_cert: Path | None = Field(None, description="PEM certificate chain; default: made locally under home/c2pa")
    c2pa_key: Path | None = Field(None, description="PEM private key for c2pa_cert")
    watermark: bool = True


class ServerConfig(_Section):
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    concurrency: int = Field(1, ge=1, le=64)
    queue_size: int = Field(8, ge=0, le=10_000)
    per_user: int | None = Field(None, ge=1, le=10_000, description="turns one user may have running or waiting "
                                 "at once (default: half of concurrency + queue_size, at least 1): one user cannot "
                                 "fill the queue; waiting turns are served in turn, user by user")
    turns_per_minute: int | None = Field(None, ge=1, le=100_000, description="turns one user may start in any 60 "
                                         "seconds, refused ones included (default: no time limit); over it: 429")
    api_key: str | None = None
    max_body_bytes: int = Field(64_000, ge=1024)
    url_ttl_s: int = Field(3600, ge=1)


class DeploymentConfig(_Section):
    replicas: int = Field(1, ge=1, le=256)
    num_cpus: float = Field(0.5, ge=0, description="Ray CPUs each replica reserves (scheduling, not a limit)")
    num_gpus: float = Field(0.0, ge=0, description="GPUs each replica reserves (the generator's, on a GPU node)")
    threads: int = Field(1, ge=1, le=256, description="torch threads in each replica")
    max_batch_size: int = Field(8, ge=1, le=256, description="requests batched into one call (@serve.batch)")
    batch_wait_s: float = Field(0.01, ge=0, le=10, description="how long a batch waits to fill")
    max_ongoing: int = Field(8, ge=1, le=10_000, description="requests one replica takes at once (the rest wait "
                             "in Serve's router); at least max_batch_size for batches to fill")


class RayConfig(_Section):
    """``limner serve --ray``: the turn on Ray Serve, each component a deployment of its own."""

    address: str | None = Field(None, description="Ray cluster to join ('auto', 'ray://head:10001'); empty: "
                                "start a local Ray instance")
    grpc: bool = Field(True, description="a local Ray instance that Limner starts carries requests between "
                       "deployments over gRPC (Ray Serve's RAY_SERVE_USE_GRPC_BY_DEFAULT; docs/serving.md has the "
                       "figures); a cluster you join keeps its own setting")
    ingress: DeploymentConfig = Field(default_factory=lambda: DeploymentConfig(num_cpus=0.25, max_ongoing=256))
    policy: DeploymentConfig = Field(default_factory=lambda: DeploymentConfig(max_batch_size=32, max_ongoing=64))
    rewriter: DeploymentConfig = Field(default_factory=DeploymentConfig)
    generator: DeploymentConfig = Field(default_factory=lambda: DeploymentConfig(max_batch_size=4,
                                                                                 batch_wait_s=0.05))

    def local_env(self) -> dict[str, str]:
        """Environment for a local Ray instance: read by Serve when ``ray.serve`` is first imported in a process,
        so set before ``ray.init`` starts the instance (and, in a process that calls deployments through handles,
        before importing ``ray.serve``)."""
        return {"RAY_SERVE_USE_GRPC_BY_DEFAULT": "1"} if self.grpc else {}


class StoreConfig(_Section):
    url: str | None = Field(None, description="where the history is kept: empty for the SQLite file under `home`; "
                            "'postgresql://user@host:5432/limner' for a PostgreSQL database several servers share "
                            "(pip install 'limner[postgres]'); a password is better in LIMNER_STORE__URL than here")

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("sqlite:///", "postgresql://", "postgresql+psycopg://",
                                               "postgres://")):
            raise ValueError("give a postgresql://user@host:port/database or sqlite:////path/to/file.db URL")
        return v


def default_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "limner"


class LimnerConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LIMNER_", env_nested_delimiter="__", extra="forbid")

    home: Path = Field(default_factory=default_home, description="database, images and keys live here")
    max_prompt_chars: int = Field(4000, ge=1, le=1_000_000)
    max_images: int = Field(4, ge=1, le=8)
    policy_file: Path | None = Field(None, description="policy TOML (default: the packaged policies/policy.toml)")
    rewriter: RewriterConfig = Field(default_factory=RewriterConfig)
    generator: GeneratorConfig = Field(default_factory=GeneratorConfig)
    image_safety: ImageSafetyConfig = Field(default_factory=ImageSafetyConfig)
    provenance: ProvenanceConfig = Field(default_factory=ProvenanceConfig)
    server: ServerConfig = Field(default_factory=ServerConfig)
    store: StoreConfig = Field(default_factory=StoreConfig)
    ray: RayConfig = Field(default_factory=RayConfig)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (env_settings, init_settings)

    @property
    def db_path(self) -> Path:
        return self.home / "limner.db"

    @property
    def store_where(self) -> str | Path:
        """The history database: ``store.url``, else the SQLite file under ``home``."""
        return self.store.url or self.db_path

    @property
    def images_dir(self) -> Path:
        return self.home / "images"


CONFIG_LOOKUP = ("the --config flag (or the path given to load_config)", "$LIMNER_CONFIG",
                 "./limner.toml in the current folder", "$XDG_CONFIG_HOME/limner/limner.toml (~/.config/limner/)")


def find_config() -> Path | None:
    """The config file to read when none is named: $LIMNER_CONFIG, then ./limner.toml, then the user's
    ~/.config/limner/limner.toml; None (the defaults) when there is none."""
    if os.environ.get("LIMNER_CONFIG"):
        return Path(os.environ["LIMNER_CONFIG"])
    here = Path.cwd() / "limner.toml"
    if here.is_file():
        return here
    user = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "limner" / "limner.toml"
    return user if user.is_file() else None


def load_config(path: str | Path | None = None, **overrides) -> LimnerConfig:
    """Read the TOML file (``path``, else the first of ``CONFIG_LOOKUP`` that exists), apply environment
    overrides, validate. Raises ``ConfigError``."""
    data: dict = {}
    if path is None:
        path = find_config()
    if path is not None:
        p = Path(path)
        try:
            raw = p.read_bytes()
        except OSError as e:
            raise ConfigError(f"cannot read config {p}: {e.strerror or e}") from None
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ConfigError(f"config {p} is not UTF-8 text") from None
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"config {p} is not valid TOML: {e}") from None
    data.update(overrides)
    try:
        return LimnerConfig(**data)
    except ValidationError as e:
        problems = "; ".join(f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}" for err in e.errors())
        where = f"config {path}" if path else "configuration"
        raise ConfigError(f"{where} is invalid: {problems}") from None
