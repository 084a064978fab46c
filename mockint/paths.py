"""Where mockint keeps its data: sessions, history, converted models, user scenarios."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """`$MOCKINT_HOME`, or the platform's user data directory (created on first use by writers)."""
    home = os.environ.get("MOCKINT_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("mockint", appauthor=False))


def cache_dir() -> Path:
    home = os.environ.get("MOCKINT_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    import platformdirs

    return Path(platformdirs.user_cache_dir("mockint", appauthor=False))


def bundled(name: str) -> Path:
    """A folder shipped with mockint: "scenarios" (the library) or "demo" (demo mode's answers).

    In a source checkout these are the top-level `scenarios/` and `audio_fixtures/`; in an installed wheel
    they are package data of `mockint._bundled` (see pyproject.toml). Both are found through
    importlib.resources; the files are plain files on disk in both cases.
    """
    from importlib import resources

    root = resources.files(f"mockint._bundled.{name}")
    if not isinstance(root, Path):  # e.g. imported from a zip: not a layout mockint is installed in
        raise RuntimeError(f"mockint: bundled {name} at {root} are not files on disk")
    return root
