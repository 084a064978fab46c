"""Where mockint keeps its data: sessions, history, converted models, user scenarios."""

from __future__ import annotations

import os
from pathlib import Path

from mockint.errors import FileError


def data_dir() -> Path:
    """`$MOCKINT_HOME`, or the platform's user data directory (created on first use by writers)."""
    home = os.environ.get("MOCKINT_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("mockint", appauthor=False))


def writable_data_dir() -> Path:
    """`data_dir()`, created if need be and checked to be a writable folder: a command that saves
    something calls this first, so a wrong home is one clear line before anything is asked or recorded."""
    home = data_dir()
    what = "MOCKINT_HOME" if os.environ.get("MOCKINT_HOME") else "mockint's data folder"
    if home.exists() and not home.is_dir():
        raise FileError(f"{home}: {what} is a file, not a folder: set MOCKINT_HOME to a folder (or move the file)")
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise FileError.from_os(e, e.filename or home) from None
    if not os.access(home, os.W_OK | os.X_OK):
        raise FileError(f"{home}: {what} is not writable (read-only or no permission): set MOCKINT_HOME to a writable folder")
    return home


def write_atomic(path: Path, text: str) -> Path:
    """Write a text file through a temporary beside it and a rename: a full disk or a kill never leaves a
    half-written file, and the temporary is removed when the write fails (a FileError naming the path)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise FileError.from_os(e, path) from None
    return path


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
