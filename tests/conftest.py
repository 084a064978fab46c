"""Shared test fixtures and helpers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


# --- every test has its own home: sessions, history, user scenarios and caches never touch the user's ---
@pytest.fixture(autouse=True)
def mockint_home(tmp_path_factory, monkeypatch) -> Path:
    """A fresh, empty `$MOCKINT_HOME` for each test (inherited by the `mockint` subprocesses it starts),
    and no `$MOCKINT_SCENARIOS`, so only the bundled library and the test's own files are found."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("MOCKINT_HOME", str(home))
    monkeypatch.delenv("MOCKINT_SCENARIOS", raising=False)
    return home

# --- audio fixtures (scripts/make_fixtures.py) -----------------------------------------------------
FIXTURES_DIR = Path(__file__).resolve().parents[1] / "audio_fixtures"


def load_ground_truth(name: str, folder: Path = FIXTURES_DIR) -> dict:
    """The ground-truth JSON of an audio fixture, by stem ("strong_continuous_us165") or file name."""
    return json.loads((Path(folder) / f"{Path(name).stem}.json").read_text(encoding="utf-8"))


def fixture_audio(name: str, folder: Path = FIXTURES_DIR) -> Path:
    """The audio file (.flac or .ogg) of a fixture, by stem."""
    return Path(folder) / load_ground_truth(name, folder)["file"]


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """audio_fixtures/: 16 kHz mono speech with ground truth beside each file (same stem, .json)."""
    return FIXTURES_DIR


# --- the real default speech-to-text engine, loaded once per test run ------------------------------
@pytest.fixture(scope="session")
def transcriber():
    """faster-whisper with the embedded tiny.en model (offline), as `mockint` uses it by default."""
    from mockint.speech.asr import get_transcriber

    return get_transcriber("faster-whisper")


# --- the openai-whisper engine on tiny.en converted from the embedded model --------------------------
@pytest.fixture(scope="session")
def whisper_checkpoint(tmp_path_factory) -> Path:
    """The embedded tiny.en converted to an openai-whisper checkpoint (in a session temp dir)."""
    from mockint.speech.convert import import_model

    return import_model(output=tmp_path_factory.mktemp("models") / "tiny.en.pt")


@pytest.fixture(scope="session")
def openai_transcriber(whisper_checkpoint):
    """openai-whisper (fp32, CPU) with the converted checkpoint, loaded once per test run."""
    from mockint.speech.engines import OpenAIWhisperTranscriber

    return OpenAIWhisperTranscriber(whisper_checkpoint)


@pytest.fixture(scope="session")
def heard(transcriber):
    """`heard(name)`: an audio fixture as the default engine transcribes it, decoded once per test run
    (several modules read the same files: the ASR accuracy, the segmentation and the conversion tests)."""
    from mockint.speech.audio import load_audio

    cache: dict[str, object] = {}

    def transcript(name: str):
        if name not in cache:
            cache[name] = transcriber.transcribe(load_audio(fixture_audio(name)))
        return cache[name]

    return transcript
