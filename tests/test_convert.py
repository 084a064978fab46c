"""CTranslate2 -> openai-whisper conversion: the file format, the weights, and the words both engines hear."""

from __future__ import annotations

import logging
import struct

import numpy as np
import pytest
from conftest import fixture_audio, load_ground_truth

from mockint.speech.engines import FasterWhisperTranscriber
from mockint.speech.models import checkpoint_path, default_model_dir
from mockint.speech.audio import load_audio
from mockint.speech.convert import default_checkpoint, import_model, read_ct2_model
from mockint.errors import MockintError

# A few fixtures of each kind and voice, for the engine comparison (openai-whisper is the slow one).
COMPARE = ("section_task", "probe_why_not_your_team_weak", "probe_measure_impact_strong", "weak_continuous", "short_answer")


def _write_model_bin(path, variables: dict[str, np.ndarray], aliases: dict[str, str]) -> None:
    """A model.bin as ctranslate2.specs.model_spec.ModelSpec._serialize writes it (version 6)."""
    types = {np.dtype("float32"): 0, np.dtype("int8"): 1, np.dtype("int16"): 2, np.dtype("float16"): 4}

    def string(s: str) -> bytes:
        return struct.pack("H", len(s) + 1) + s.encode() + b"\0"

    out = struct.pack("I", 6) + string("WhisperSpec") + struct.pack("I", 3) + struct.pack("I", len(variables))
    for name, a in variables.items():
        out += string(name) + struct.pack("B", a.ndim) + b"".join(struct.pack("I", d) for d in a.shape)
        out += struct.pack("B", types[a.dtype]) + struct.pack("I", a.nbytes) + a.tobytes()
    out += struct.pack("I", len(aliases)) + b"".join(string(k) + string(v) for k, v in aliases.items())
    path.write_bytes(out)


def test_reads_the_embedded_model():
    spec, v = read_ct2_model(default_model_dir() / "model.bin")
    assert spec == "WhisperSpec"
    assert v["decoder/embeddings/weight"].shape == (51864, 384)
    assert v["decoder/projection/weight"] is v["decoder/embeddings/weight"]  # alias resolved
    assert v["encoder/conv1/weight"].shape == (384, 80, 3)


def test_int8_weights_are_dequantized(tmp_path):
    rng = np.random.default_rng(0)
    w = rng.normal(size=(8, 4)).astype(np.float32)
    scale = (127.0 / np.abs(w).max(axis=1)).astype(np.float32)  # CTranslate2's per-row int8 scale
    q = np.round(w * scale[:, None]).astype(np.int8)
    _write_model_bin(tmp_path / "model.bin", {"x/weight": q, "x/weight_scale": scale, "x/bias": w[0]}, {"y/weight": "x/weight"})
    _, v = read_ct2_model(tmp_path / "model.bin")
    assert set(v) == {"x/weight", "x/bias", "y/weight"}
    assert np.abs(v["x/weight"] - w).max() <= 0.5 / scale.min()
    np.testing.assert_array_equal(v["x/bias"], w[0])


def test_bad_model_files(tmp_path):
    with pytest.raises(MockintError, match=f"^{tmp_path}/model.bin: cannot read"):
        import_model(source=tmp_path, output=tmp_path / "x.pt")
    (tmp_path / "model.bin").write_bytes(b"\x06\x00\x00\x00\xff\xff")
    with pytest.raises(MockintError, match=f"^{tmp_path}/model.bin: not a valid CTranslate2 model.bin"):
        import_model(source=tmp_path, output=tmp_path / "x.pt")


def test_vocabulary_matches_openai_whisper_tokenizer():
    """The CTranslate2 vocabulary (byte-level BPE strings) is the same token table openai-whisper uses."""
    from whisper.tokenizer import get_tokenizer

    byte_of = _gpt2_unicode_to_byte()
    tokens = (default_model_dir() / "vocabulary.txt").read_text(encoding="utf-8").split("\n")
    enc = get_tokenizer(multilingual=False).encoding
    n = enc.n_vocab - len(enc._special_tokens)
    mismatches = [i for i in range(n) if bytes(byte_of[c] for c in tokens[i]) != enc.decode_single_token_bytes(i)]
    assert n == 50256 and not mismatches


def _gpt2_unicode_to_byte() -> dict[str, int]:
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(bs, cs, strict=True)}


@pytest.mark.slow
def test_checkpoint_loads_with_whisper_load_model(whisper_checkpoint, openai_transcriber):
    import whisper

    model = whisper.load_model(str(whisper_checkpoint), device="cpu")  # the plain openai-whisper API
    assert model.dims.n_vocab == 51864 and not model.is_multilingual
    heads = openai_transcriber.model.alignment_heads.to_dense().nonzero().tolist()
    assert heads == [[1, 0], [2, 0], [2, 5], [3, 0], [3, 1], [3, 2], [3, 3], [3, 4]]  # from config.json


@pytest.mark.slow
def test_encoder_output_matches_ctranslate2(openai_transcriber):
    """Same mel in, same encoder states out: openai-whisper (converted, fp32) vs CTranslate2 (fp32)."""
    import ctranslate2
    import torch
    import whisper

    audio = whisper.pad_or_trim(load_audio(fixture_audio("section_task")))
    mel = whisper.log_mel_spectrogram(audio)[None]
    with torch.no_grad():
        ours = openai_transcriber.model.encoder(mel).numpy()
    ct2 = ctranslate2.models.Whisper(str(default_model_dir()), device="cpu", compute_type="float32")
    ref = np.array(ct2.encode(ctranslate2.StorageView.from_array(mel.numpy())))
    err = np.abs(ours - ref).max() / np.abs(ref).max()
    print(f"\nencoder states: max |diff| / max |ref| = {err:.2e}")
    assert ours.shape == ref.shape and err < 1e-3


@pytest.mark.slow
def test_both_engines_hear_the_same_words(openai_transcriber, heard):
    """openai-whisper on the converted weights vs faster-whisper: identical words at fp32; int8 (default) close."""
    fp32 = FasterWhisperTranscriber(compute_type="float32")
    exact, agreements = 0, []
    print(f"\n{'fixture':<32} {'=fp32':>6} {'~int8':>6}")
    for name in COMPARE:
        audio = load_audio(fixture_audio(name))
        ow = [w.word for w in openai_transcriber.transcribe(audio).words]
        f32 = [w.word for w in fp32.transcribe(audio).words]
        i8 = [w.word for w in heard(name).words]
        agree = 1 - _wer(" ".join(i8), " ".join(ow))
        exact += ow == f32
        agreements.append(agree)
        print(f"{name:<32} {str(ow == f32):>6} {agree:6.1%}  ({load_ground_truth(name)['duration']:.0f} s)")
    print(f"identical to fp32 faster-whisper on {exact}/{len(COMPARE)}; word agreement with int8: mean {np.mean(agreements):.1%}")
    assert exact == len(COMPARE)
    assert min(agreements) >= 0.9


def _wer(ref: str, hyp: str) -> float:
    import jiwer

    return jiwer.wer(ref, hyp)


@pytest.mark.slow
def test_default_checkpoint_is_converted_on_first_use(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("MOCKINT_HOME", str(tmp_path))
    with caplog.at_level(logging.WARNING, logger="mockint.speech.convert"):
        path = default_checkpoint()
    assert path == tmp_path / "cache" / "models" / "tiny.en.pt" == checkpoint_path() and path.is_file()
    assert "converting the embedded tiny.en" in caplog.text
    caplog.clear()
    assert default_checkpoint() == path and not caplog.text  # converted once


@pytest.mark.slow
def test_cli_models_import(tmp_path, capsys):
    from mockint.cli.main import main

    out = tmp_path / "m" / "tiny.en.pt"
    assert main(["models", "import", "--output", str(out)]) == 0
    assert out.is_file() and capsys.readouterr().out.strip() == f"wrote {out}"
    assert main(["models", "import", "--source", str(tmp_path), "--output", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"{tmp_path}/model.bin: cannot read")
