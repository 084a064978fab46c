"""Shared test fixtures and helpers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
