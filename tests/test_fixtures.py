"""The audio fixtures are what their ground truth says.

Every file in audio_fixtures/ is 16 kHz mono with the duration its JSON states; sections and sentences
are ordered and inside the audio; each one actually holds speech and the pauses between them are quiet;
the text, fillers and expectations agree with each other and with the scenario. One fixture is rebuilt
from its text with scripts/make_fixtures.py and must match the committed file.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from conftest import FIXTURES_DIR, fixture_audio, load_ground_truth
from mockint.library.schema import SECTION_ORDER
from mockint.library.store import find_scenario

NAMES = sorted(p.stem for p in FIXTURES_DIR.glob("*.json"))
SPEECH = [n for n in NAMES if load_ground_truth(n)["sentences"]]
WITH_SECTIONS = [n for n in NAMES if load_ground_truth(n)["sections"]]

FRAME = 0.02  # seconds per RMS frame
SPEECH_DB = -40.0  # a frame at or above this is voiced enough to count as speech
QUIET_DB = -70.0  # a pause must stay below this (digital silence plus lossy-codec residue)
ONSET_DB = -50.0  # the first 50 ms of a sentence are at least this loud (speech starts at `start`)
OFFSET_DB = -65.0  # the last 50 ms too, more softly (espeak's endings decay; `end` is the last sample >= -50 dBFS before gain)
EDGE = 0.03  # seconds left out at each edge of a pause (Ogg Vorbis pre-echo spreads a few ms)


def _audio(name: str) -> np.ndarray:
    data, sr = sf.read(fixture_audio(name), dtype="float32", always_2d=True)
    assert sr == 16000
    return data[:, 0]


def _db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(np.square(x, dtype=np.float64)) + 1e-20))


def _frames_db(x: np.ndarray, sr: int = 16000) -> np.ndarray:
    n = int(FRAME * sr)
    k = x.size // n
    return 10 * np.log10(np.mean(np.square(x[: k * n].reshape(k, n), dtype=np.float64), axis=1) + 1e-20)


def _cut(audio: np.ndarray, start: float, end: float) -> np.ndarray:
    return audio[int(round(start * 16000)) : int(round(end * 16000))]


def _gaps(truth: dict) -> list[tuple[float, float]]:
    """The pauses: before the first sentence, between sentences (and fillers), after the last."""
    spans = sorted([(s["start"], s["end"]) for s in truth["sentences"]])
    return [(0.0, spans[0][0])] + [(a[1], b[0]) for a, b in zip(spans, spans[1:])] + [(spans[-1][1], truth["duration"])]


def test_fixture_set_is_complete():
    kinds = {load_ground_truth(n)["kind"] for n in NAMES}
    assert {"continuous", "section", "probe", "silence", "noise", "short", "clip"} <= kinds
    assert {f"section_{k}" for k in SECTION_ORDER} <= set(NAMES)
    assert any(load_ground_truth(n)["long_pauses"] for n in NAMES)
    probes = {(t["probe_id"], t["quality"]) for t in map(load_ground_truth, NAMES) if t["kind"] == "probe"}
    assert len(probes) == 8


def test_folder_stays_small():
    size = sum(p.stat().st_size for p in FIXTURES_DIR.iterdir() if p.is_file())
    assert size < 8 * 1024 * 1024, f"audio_fixtures/ is {size / 2**20:.1f} MiB"


@pytest.mark.parametrize("name", NAMES)
def test_audio_matches_ground_truth_format(name):
    truth = load_ground_truth(name)
    info = sf.info(fixture_audio(name))
    assert (info.samplerate, info.channels) == (16000, 1)
    assert truth["sample_rate"] == 16000
    assert info.frames == truth["num_samples"]
    assert abs(info.frames / 16000 - truth["duration"]) <= 0.001
    assert _audio(name).size == truth["num_samples"]


@pytest.mark.parametrize("name", WITH_SECTIONS)
def test_sections_ordered_and_inside(name):
    truth = load_ground_truth(name)
    keys = [s["key"] for s in truth["sections"]]
    assert keys == sorted(keys, key=SECTION_ORDER.index) and len(set(keys)) == len(keys)
    prev_end = 0.0
    for s in truth["sections"]:
        assert prev_end < s["start"] < s["end"] <= truth["duration"], s["key"]
        prev_end = s["end"]
        inside = [x for x in truth["sentences"] if x["section"] == s["key"]]
        assert inside and inside[0]["start"] == s["start"] and inside[-1]["end"] == s["end"]
        assert s["text"] == " ".join(x["text"] for x in inside)
    assert truth["text"] == " ".join(s["text"] for s in truth["sections"])
    missing = [k for k in SECTION_ORDER if k not in keys]
    if "missing_sections" in truth["expect"]:
        assert truth["expect"]["missing_sections"] == missing


@pytest.mark.parametrize("name", SPEECH)
def test_sentences_hold_speech_and_pauses_are_quiet(name):
    truth, audio = load_ground_truth(name), _audio(name)
    prev_end = 0.0
    for s in truth["sentences"]:
        assert prev_end < s["start"] < s["end"] <= truth["duration"]
        prev_end = s["end"]
        frames = _frames_db(_cut(audio, s["start"], s["end"]))
        assert np.mean(frames >= SPEECH_DB) >= 0.5, f"{s['start']}-{s['end']}: too little speech in {s['text']!r}"
        # Speech starts and ends at the stated times, not somewhere inside the region.
        assert _db(_cut(audio, s["start"], s["start"] + 0.05)) > ONSET_DB, f"no onset at {s['start']}"
        assert _db(_cut(audio, s["end"] - 0.05, s["end"])) > OFFSET_DB, f"no speech just before {s['end']}"
    for a, b in _gaps(truth):
        if b - a > 2 * EDGE:
            level = _db(_cut(audio, a + EDGE, b - EDGE))
            assert level < QUIET_DB, f"pause {a:.3f}-{b:.3f} s is not quiet ({level:.1f} dBFS)"


@pytest.mark.parametrize("name", WITH_SECTIONS)
def test_section_gaps_follow_the_stated_pauses(name):
    truth = load_ground_truth(name)
    stated = [p["seconds"] for p in truth["pauses"]["between_sections"]]
    secs = truth["sections"]
    found = [round(b["start"] - a["end"], 3) for a, b in zip(secs, secs[1:])]
    assert found == pytest.approx(stated, abs=0.002)


@pytest.mark.parametrize("name", SPEECH)
def test_long_pauses_are_listed(name):
    truth = load_ground_truth(name)
    spans = [(s["start"], s["end"]) for s in truth["sentences"]]
    found = [(a[1], b[0]) for a, b in zip(spans, spans[1:]) if b[0] - a[1] >= 2.0]
    assert found == [(p["start"], p["end"]) for p in truth["long_pauses"]]
    if "long_pauses" in truth["expect"]:
        assert len(found) == truth["expect"]["long_pauses"]


@pytest.mark.parametrize("name", [n for n in SPEECH if load_ground_truth(n)["fillers"]])
def test_fillers_at_known_places(name):
    truth, audio = load_ground_truth(name), _audio(name)
    words = truth["text"].split()
    assert truth["filler_count"] == len(truth["fillers"]) >= 5
    for f in truth["fillers"]:
        n = len(f["word"].split())
        assert " ".join(words[f["word_index"] : f["word_index"] + n]).strip(",.").lower() == f["word"]
        frames = _frames_db(_cut(audio, f["start"], f["end"]))
        assert np.mean(frames >= SPEECH_DB) >= 0.5, f"filler {f['word']!r} at {f['start']} is not audible"
        sentence = next(s for s in truth["sentences"] if s["start"] <= f["start"] and f["end"] <= s["end"])
        assert sentence["section"] == f["section"]


@pytest.mark.parametrize("name", NAMES)
def test_scenario_references_exist(name):
    truth = load_ground_truth(name)
    if truth["scenario"] is None:
        return
    scenario = find_scenario(truth["scenario"])
    if truth["kind"] == "probe":
        assert truth["probe_id"] in {p.id for p in scenario.probes}
        assert truth["quality"] in ("weak", "strong")
        assert truth["sections"] == []


def _seed_texts() -> dict[str, str]:
    """The seed scenario's own words for each fixture that speaks them."""
    seed = find_scenario("customer-obsession-webhook")
    texts = {f"section_{s.key}": s.strong_example for s in seed.sections if s.strong_example}
    texts["section_reflection"] = seed.calibration("senior").reflection
    texts["weak_continuous"] = seed.weak_answer.text
    for p in seed.probes:
        texts[f"probe_{p.id.replace('-', '_')}_weak"] = p.weak_answer
        texts[f"probe_{p.id.replace('-', '_')}_strong"] = p.strong_answer
    return texts


@pytest.mark.parametrize("name", sorted(_seed_texts()))
def test_fixture_speaks_the_seed_answer(name):
    """Spoken form aside ("zero point three percent" for "0.3%"), the words are the scenario's."""
    from rapidfuzz import fuzz
    from whisper_normalizer.english import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    assert fuzz.ratio(norm(_seed_texts()[name]), norm(load_ground_truth(name)["text"])) >= 90


def test_paraphrase_uses_other_words():
    from rapidfuzz import fuzz
    from whisper_normalizer.english import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    seed = " ".join(load_ground_truth(f"section_{k}")["text"] for k in SECTION_ORDER)
    assert fuzz.ratio(norm(seed), norm(load_ground_truth("paraphrase_strong")["text"])) < 75


def test_silence_noise_and_clip():
    assert not np.any(_audio("silence"))
    noise = _audio("noise")
    assert abs(_db(noise) - load_ground_truth("noise")["noise"]["rms_dbfs"]) < 0.5
    assert load_ground_truth("clip_0_2s")["duration"] == pytest.approx(0.2, abs=0.001)
    assert _db(_audio("clip_0_2s")) > SPEECH_DB
    short = load_ground_truth("short_answer")
    assert 1.5 <= short["sentences"][0]["end"] - short["sentences"][0]["start"] <= 3.0


def test_rambling_situation_is_long():
    truth = load_ground_truth("rambling_situation")
    situation = next(s for s in truth["sections"] if s["key"] == "situation")
    assert situation["end"] - situation["start"] >= 60  # far over the seed's 30 s target
    assert all(s["end"] - s["start"] < 10 for s in truth["sections"] if s["key"] != "situation")


def _make_fixtures_module():
    path = Path(__file__).resolve().parents[1] / "scripts" / "make_fixtures.py"
    spec = importlib.util.spec_from_file_location("make_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_fixtures", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng CLI not installed (apt install espeak-ng)")
@pytest.mark.parametrize("name", ["section_task", "short_answer"])
def test_script_rebuilds_the_committed_fixture(name, tmp_path):
    mf = _make_fixtures_module()
    committed = load_ground_truth(name)
    if committed["synthesis"]["engine"] != mf.espeak_version():
        pytest.skip(f"fixtures were made with {committed['synthesis']['engine']}, this is {mf.espeak_version()}")
    assert mf.main([name, "--out", str(tmp_path)]) == 0
    assert load_ground_truth(name, tmp_path) == committed
    assert (tmp_path / committed["file"]).read_bytes() == fixture_audio(name).read_bytes()
