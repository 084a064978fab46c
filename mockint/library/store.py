"""Where scenarios live and how they are read: TOML files by path, or by id in $MOCKINT_SCENARIOS, the
user's own folder ($MOCKINT_HOME/scenarios) and the bundled library."""

from __future__ import annotations

import os
import random
import tomllib
from pathlib import Path

from pydantic import ValidationError

from mockint.errors import MockintError, ScenarioError
from mockint.library.messages import format_validation_error, toml_problem
from mockint.library.schema import Scenario, principle_named


def parse_scenario(data: dict, source: str = "<scenario>") -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as e:
        raise ScenarioError(source, format_validation_error(e)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate one TOML scenario file."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise ScenarioError(str(path), ["no such file"]) from None
    except OSError as e:
        raise ScenarioError(str(path), [f"cannot read: {e.strerror or e}"]) from None
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(str(path), [toml_problem(str(e))]) from None
    except UnicodeDecodeError:
        raise ScenarioError(str(path), ["invalid TOML: not UTF-8 text"]) from None
    return parse_scenario(data, str(path))


def scenario_dirs() -> list[Path]:
    """Where scenarios are looked up by id: $MOCKINT_SCENARIOS (os.pathsep list), the user's own, the bundled."""
    dirs = [Path(p) for p in os.environ.get("MOCKINT_SCENARIOS", "").split(os.pathsep) if p]
    from mockint.paths import bundled, data_dir

    dirs.append(data_dir() / "scenarios")
    dirs.append(bundled("scenarios"))
    return dirs


def scenario_files() -> list[Path]:
    seen: dict[str, Path] = {}
    for d in scenario_dirs():
        if d.is_dir():
            for p in sorted(d.glob("*.toml")):
                seen.setdefault(p.stem, p)
    return list(seen.values())


def find_scenario(ref: str) -> Scenario:
    """A scenario by path, or by id (the file stem or the `id` field) in `scenario_dirs()`."""
    p = Path(ref)
    if p.suffix == ".toml" or os.sep in ref or p.exists():
        return load_scenario(p)
    for f in scenario_files():
        if f.stem == ref:
            return load_scenario(f)
    for f in scenario_files():
        try:
            s = load_scenario(f)
        except ScenarioError:
            continue
        if s.id == ref:
            return s
    known = ", ".join(f.stem for f in scenario_files()) or "none"
    raise MockintError(f"scenario {ref!r}: not found (known: {known})")


def pick_scenario_for_lp(lp: str, rng: random.Random | None = None) -> Scenario:
    """A scenario for one Leadership Principle: those that lead with it first, else any that covers it.

    Deterministic (the first by id) without `rng`; with one, a random choice among the best matches.
    """
    wanted = principle_named(lp, "--lp")
    primary: list[Scenario] = []
    covering: list[Scenario] = []
    for f in scenario_files():
        try:
            s = load_scenario(f)
        except ScenarioError:
            continue
        if s.principles[0] == wanted:
            primary.append(s)
        elif wanted in s.principles:
            covering.append(s)
    pool = sorted(primary or covering, key=lambda s: s.id)
    if not pool:
        raise MockintError(f"--lp: no scenario covers {wanted!r} (write one with `mockint new --principle {wanted!r}`)")
    return rng.choice(pool) if rng else pool[0]
