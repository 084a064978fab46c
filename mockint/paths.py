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
