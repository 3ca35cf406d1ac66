"""A lean runtime for BERT sequence classifiers: the packaged unsafe classifier, and any Detoxify checkpoint of a
``BertForSequenceClassification``.

It does the arithmetic of transformers' ``BertForSequenceClassification`` in eval mode (embeddings, N encoder
layers, pooler, head) as a few tensor operations per layer: query, key and value in one matrix product and
PyTorch's fused attention. The tokenizer is read from ``tokenizer.json`` by the ``tokenizers`` library. Nothing
imports transformers, so the policy engine loads seconds sooner, and one prompt is scored in about 60 % of the
time transformers' model takes (``bench/policy_speed.py``). ``tests/test_policies.py`` checks it against the
detoxify library's own model on real prompts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import torch
import torch.nn.functional as F

PREFIX = "bert."


class BertSequenceClassifier:
    """Logits of a BERT sequence classifier for a batch of texts.

    ``state``: the model's state dict (transformers' names, as a Detoxify checkpoint stores them);
    ``folder``: where ``config.json`` (heads, layer-norm epsilon, activation) and ``tokenizer.json`` are.
    """

    def __init__(self, state: dict[str, torch.Tensor], folder: Path, max_len: int, dtype: torch.dtype) -> None:
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        for key, want in (("hidden_act", "gelu"), ("position_embedding_type", "absolute")):
            if config.get(key, want) != want:
                raise ValueError(f"{folder}/config.json: {key} = {config[key]!r}; this runtime supports {want!r}")
        missing = [k for k in ("embeddings.word_embeddings.weight", "pooler.dense.weight") if PREFIX + k not in state]
        if missing or "classifier.weight" not in state:
            raise ValueError("not a BertForSequenceClassification state dict (missing "
                             f"{', '.join(missing) or 'classifier.weight'})")
        self.dtype = dtype
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        hidden = state[PREFIX + "embeddings.word_embeddings.weight"].shape[1]
        if hidden % self.heads:
            raise ValueError(f"hidden size {hidden} is not a multiple of {self.heads} attention heads")

        def t(name: str) -> torch.Tensor:
            return state[name].to(dtype).contiguous()

        e = PREFIX + "embeddings."
        self.word, self.position = t(e + "word_embeddings.weight"), t(e + "position_embeddings.weight")
        self.token_type = t(e + "token_type_embeddings.weight")[0]
        self.emb_norm = (t(e + "LayerNorm.weight"), t(e + "LayerNorm.bias"))
        n_layers = 1 + max(int(m.group(1)) for k in state if (m := re.match(r"bert\.encoder\.layer\.(\d+)\.", k)))
        self.layers = []
        for i in range(n_layers):
            p = f"{PREFIX}encoder.layer.{i}."
            a = p + "attention.self."
            self.layers.append((
                torch.cat([t(a + "query.weight"), t(a + "key.weight"), t(a + "value.weight")]),
                torch.cat([t(a + "query.bias"), t(a + "key.bias"), t(a + "value.bias")]),
                t(p + "attention.output.dense.weight"), t(p + "attention.output.dense.bias"),
                t(p + "attention.output.LayerNorm.weight"), t(p + "attention.output.LayerNorm.bias"),
                t(p + "intermediate.dense.weight"), t(p + "intermediate.dense.bias"),
                t(p + "output.dense.weight"), t(p + "output.dense.bias"),
                t(p + "output.LayerNorm.weight"), t(p + "output.LayerNorm.bias"),
            ))
        self.pooler = (t(PREFIX + "pooler.dense.weight"), t(PREFIX + "pooler.dense.bias"))
        self.head = (t("classifier.weight"), t("classifier.bias"))
        self.num_labels = self.head[0].shape[0]
        self.max_len = min(max_len, self.position.shape[0])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_len)

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self.tokenizer.encode_batch(texts)]

    @torch.inference_mode()
    def logits(self, ids: list[list[int]]) -> torch.Tensor:
        """Float32 logits for a batch of token-id lists (padded here; padding is masked out of attention)."""
        n = max(len(x) for x in ids)
        if len(ids) > 1 and -n % 16 <= 4:  # torch's CPU attention kernel is 2-3x faster on multiples of 16
            n = min(n + -n % 16, self.position.shape[0])  # tokens: worth a few more tokens, not more
        batch = torch.zeros(len(ids), n, dtype=torch.long)
        keep = torch.zeros(len(ids), n, dtype=torch.bool)
        for i, x in enumerate(ids):
            batch[i, :len(x)] = torch.tensor(x)
            keep[i, :len(x)] = True
        mask = None if bool(keep.all()) else keep[:, None, None, :]
        h = self.word[batch] + self.position[:n] + self.token_type
        d = h.shape[-1]
        h = F.layer_norm(h, (d,), *self.emb_norm, self.eps)
        b, heads = len(ids), self.heads
        for wqkv, bqkv, wo, bo, g1, b1, wi, bi, wo2, bo2, g2, b2 in self.layers:
            q, k, v = F.linear(h, wqkv, bqkv).view(b, n, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
            att = F.scaled_dot_product_attention(q, k, v, attn_mask=mask).transpose(1, 2).reshape(b, n, d)
            h = F.layer_norm(F.linear(att, wo, bo) + h, (d,), g1, b1, self.eps)
            h = F.layer_norm(F.linear(F.gelu(F.linear(h, wi, bi)), wo2, bo2) + h, (d,), g2, b2, self.eps)
        pooled = torch.tanh(F.linear(h[:, 0], *self.pooler))
        return F.linear(pooled, *self.head).float()
