"""Pluggable unsafe classifiers (issue 12): any transformers sequence-classification model, or a Llama Guard-style
generative model, chosen in the policy file. The models here are tiny ones the test builds, with weights set so
their answer is known: they test the wiring (loading, label mapping, parsing, failing closed), not quality."""

from __future__ import annotations

import json

import pytest
import torch
from limner.policies import PolicyEngine
from limner.policies.config import PolicyConfig


def _policy(**unsafe) -> PolicyConfig:
    return PolicyConfig(unsafe={"lexicon": False, **unsafe}, public_figures={"ner": False})


@pytest.fixture(scope="module")
def seq_model(tmp_path_factory):
    """A tiny BERT classifier whose 'nsfw' label always wins (zero weights, biased head)."""
    from limner.policies.packaged import minilm_dir
    from transformers import AutoTokenizer, BertConfig, BertForSequenceClassification

    folder = tmp_path_factory.mktemp("seq")
    cfg = BertConfig(vocab_size=30522, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                     intermediate_size=64, num_labels=3, id2label={0: "neutral", 1: "nsfw", 2: "toxic"},
                     label2id={"neutral": 0, "nsfw": 1, "toxic": 2})
    model = BertForSequenceClassification(cfg)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([0.0, 6.0, 0.0]))
    model.save_pretrained(folder)
    AutoTokenizer.from_pretrained(str(minilm_dir())).save_pretrained(folder)
    return folder


def test_a_sequence_classifier_with_mapped_labels_drives_the_categories(seq_model):
    eng = PolicyEngine(_policy(classifier=str(seq_model), classifier_kind="sequence-classification",
                               classifier_labels={"nsfw": "sexual", "toxic": "harassment", "neutral": "safe"}))
    d = eng.decide("a red ball on a table")
    assert d.action == "refuse"
    sexual = [f for f in d.findings if f.category == "sexual"]
    assert sexual and sexual[0].score > 0.9  # softmax of (0, 6, 0)
    assert not [f for f in d.findings if f.category == "harassment"]


@pytest.mark.parametrize("labels,needle", [
    ({"porn": "sexual"}, "does not have"),
    ({"nsfw": "naughty"}, "unknown categories"),
    ({}, "map the model's labels"),
])
def test_a_bad_label_mapping_is_a_clear_error_at_start(seq_model, labels, needle):
    with pytest.raises(ValueError, match=needle):
        PolicyEngine(_policy(classifier=str(seq_model), classifier_kind="sequence-classification",
                             classifier_labels=labels))


def _guard(folder, answer: str):
    """A tiny GPT-2 with a word-level vocabulary whose every next token is ``answer`` (a zero-weight final layer
    norm makes the hidden state constant; the embedding column it reads picks the token)."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "safe", "unsafe", "S1", "S10", "banana", "Make", "an",
                                         "image", "of", ":"])}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]")
    model = GPT2LMHeadModel(GPT2Config(vocab_size=len(vocab), n_embd=16, n_layer=1, n_head=2, n_positions=512))
    with torch.no_grad():
        model.transformer.ln_f.weight.zero_()
        model.transformer.ln_f.bias.zero_()
        model.transformer.ln_f.bias[0] = 1.0
        model.transformer.wte.weight[:, 0] = 0.0
        model.transformer.wte.weight[vocab[answer], 0] = 5.0
    model.save_pretrained(folder)
    fast.save_pretrained(folder)
    return folder


@pytest.mark.parametrize("answer,action", [("safe", "allow"), ("unsafe", "refuse")])
def test_a_generative_guard_verdict_is_parsed(tmp_path, answer, action):
    folder = _guard(tmp_path / answer, answer)
    eng = PolicyEngine(_policy(classifier=str(folder), classifier_kind="generative",
                               classifier_labels={"S1": "violence", "unsafe": "violence"},
                               classifier_prompt="Make an image of : {text}"))
    d = eng.decide("a red ball on a table")
    assert d.action == action
    if action == "refuse":
        assert any(f.category == "violence" and f.score == 1.0 for f in d.findings)


def test_a_guard_that_answers_nonsense_fails_closed(tmp_path, rule_components):
    from limner.orchestrator import Orchestrator, load_config
    from limner.orchestrator.rewriter import RuleRewriter
    from limner.orchestrator.types import TurnStatus

    folder = _guard(tmp_path / "banana", "banana")
    eng = PolicyEngine(_policy(classifier=str(folder), classifier_kind="generative",
                               classifier_prompt="Make an image of : {text}"))
    with pytest.raises(ValueError, match="not 'safe' or 'unsafe'"):
        eng.decide("a red ball")
    cfg = load_config(None, home=tmp_path / "h")
    o = Orchestrator(cfg, **{**rule_components, "policy": eng, "rewriter": RuleRewriter()})
    s = o.session()
    with pytest.raises(ValueError):
        s.send("a red ball", size="128x128")
    hist = s.history()
    assert hist[-1]["status"] == TurnStatus.failed.value and "safe" in hist[-1]["refusal_message"]
    assert not list((tmp_path / "h").rglob("*.png"))  # nothing generated unchecked
    o.close()


def test_the_policy_file_names_the_kinds():
    from limner.policies.config import load_policy_config

    cfg = load_policy_config()
    assert cfg.unsafe.classifier_kind == "detoxify" and cfg.unsafe.classifier == "packaged"
    assert json.dumps(cfg.unsafe.classifier_labels) == "{}"
