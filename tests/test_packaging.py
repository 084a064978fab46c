"""What the wheel carries: every subpackage, the scenario library, and every recording demo mode plays.

scripts/wheel-smoke.sh builds and runs the real wheel; these are the quick checks of pyproject.toml.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from mockint.paths import bundled
from mockint.library.store import load_scenario
from mockint.session.demo import DEMO_ANSWERS, DemoRecorder

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_of_mockint_is_listed():
    found = {
        ".".join(d.relative_to(ROOT).parts)
        for d in [ROOT / "mockint", *(ROOT / "mockint").rglob("*")]
        if d.is_dir() and d.name != "__pycache__" and any(d.glob("*.py"))
    }
    assert found <= set(SETUPTOOLS["packages"]), f"add to [tool.setuptools] packages: {sorted(found - set(SETUPTOOLS['packages']))}"


def test_the_bundled_folders_are_the_top_level_ones_in_a_checkout():
    assert bundled("scenarios") == ROOT / "scenarios"
    assert bundled("demo") == ROOT / "audio_fixtures"
    assert SETUPTOOLS["package-dir"] == {"mockint._bundled.scenarios": "scenarios", "mockint._bundled.demo": "audio_fixtures"}


def test_the_wheel_carries_every_scenario_and_every_demo_answer():
    data = SETUPTOOLS["package-data"]
    scenarios = sorted((ROOT / "scenarios").glob("*.toml"))
    assert len(scenarios) == 16
    assert all(any(fnmatch.fnmatch(p.name, g) for g in data["mockint._bundled.scenarios"]) for p in scenarios)

    demo = DemoRecorder(realtime=False)
    turns = [(k, "answer" if k == "answer" else "section") for k in DEMO_ANSWERS]
    for p in scenarios:
        s = load_scenario(p)
        turns += [(probe.id, "probe") for probe in s.probes]
        turns += [(str(i), "quiz") for i in range(1, len(s.quiz) + 1)]
    played = {f.name for key, kind in turns if (f := demo._file_for(key, kind))}
    assert {"weak_continuous.ogg", "section_situation.ogg", "quiz_1.flac"} <= played
    shipped = data["mockint._bundled.demo"]
    missing = sorted(n for n in played if not any(fnmatch.fnmatch(n, g) for g in shipped))
    assert not missing, f"demo mode plays these but the wheel leaves them out: {missing}"
