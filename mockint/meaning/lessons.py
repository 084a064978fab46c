"""The lesson reader: is a reflection a platitude, by its meaning? (edge: loads a model and a data file).

A logistic regression over all-MiniLM-L6-v2 embeddings of the reflection, fitted by `scripts/fit_lessons.py`
on hand-labelled lessons (the calibration half of tests/corpus/stress/reflection.toml,
tests/corpus/lessons/*.toml, the lessons of the graded corpus's calibration half; the weights'
`trained_on` says which) and stored in mockint/data/lessons.json. It implements the scoring core's
`LessonReader`; the core never loads it, the session and the CLI pass it in.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from mockint.errors import MockintError
from mockint.meaning.encoder import MiniLM, shared_encoder

WEIGHTS = "data/lessons.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LessonModel:
    """P(platitude) = sigmoid(weights . embedding + bias)."""

    weights: np.ndarray
    bias: float
    about: dict  # how it was fitted: data, regularisation, cross-validated accuracy

    def platitude(self, vectors: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(vectors @ self.weights + self.bias)))

    def to_json(self) -> str:
        return json.dumps({**self.about, "bias": float(self.bias), "weights": [round(float(w), 6) for w in self.weights]}, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LessonModel:
        raw = json.loads(text)
        weights = np.array(raw.pop("weights"), np.float32)
        return cls(weights, float(raw.pop("bias")), raw)


def fit(vectors: np.ndarray, labels: np.ndarray, strength: float, steps: int = 2000) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by gradient descent (deterministic: zeros to start, fixed steps).
    `strength` is the L2 weight per example."""
    w, b = np.zeros(vectors.shape[1]), 0.0
    n = len(labels)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(vectors @ w + b)))
        w -= 5.0 * (vectors.T @ (p - labels) / n + strength * w)
        b -= 5.0 * float((p - labels).mean())
    return w, b


def cross_validated(vectors: np.ndarray, labels: np.ndarray, strength: float, folds: int = 5) -> float:
    """Accuracy of `fit` at this strength, each example predicted by a model that never saw it."""
    order = np.arange(len(labels))
    right = 0
    for k in range(folds):
        test = order % folds == k
        w, b = fit(vectors[~test], labels[~test], strength)
        right += int((((vectors[test] @ w + b) > 0) == (labels[test] > 0.5)).sum())
    return right / len(labels)


class EmbeddedLessons:
    """`platitude(lesson)`: the fitted model over the encoder's embedding (memoised per text). The encoder
    and the weights load on first use (or `warm_up()`, from a thread); if they cannot, the reader logs why
    once and says 0.0 for every lesson, so the lesson's words alone decide and no score is lost."""

    def __init__(self, encoder: Callable[[], MiniLM] = shared_encoder, model: Callable[[], LessonModel] | None = None) -> None:
        self._load_encoder, self._load_model = encoder, model or load_model
        self._loaded: tuple[MiniLM, LessonModel] | None = None
        self._failed = False
        self._lock = threading.Lock()
        self.platitude = lru_cache(maxsize=4096)(self._platitude)

    def warm_up(self) -> bool:
        """Load the encoder and the weights now; False when they cannot be loaded (the reason is logged)."""
        with self._lock:
            if self._loaded is None and not self._failed:
                try:
                    self._loaded = (self._load_encoder(), self._load_model())
                except MockintError as e:
                    self._failed = True
                    log.warning("%s; lessons are judged by their words alone", e)
        return self._loaded is not None

    def _platitude(self, lesson: str) -> float:
        if not self.warm_up():
            return 0.0
        encoder, model = self._loaded
        return float(model.platitude(encoder.encode([lesson]))[0])


def load_model() -> LessonModel:
    try:
        return LessonModel.from_json(resources.files("mockint").joinpath(WEIGHTS).read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as e:
        raise MockintError(f"meaning: mockint/{WEIGHTS}: cannot be read ({e}); refit with scripts/fit_lessons.py") from None


@cache
def shared_reader() -> EmbeddedLessons:
    """The reader every session and command passes to scoring: one per process, loaded on first use."""
    return EmbeddedLessons()


def warming_reader() -> EmbeddedLessons:
    """The shared reader, loading in a background thread now: a session's first score does not wait for it."""
    reader = shared_reader()
    threading.Thread(target=reader.warm_up, name="mockint-lessons", daemon=True).start()
    return reader
