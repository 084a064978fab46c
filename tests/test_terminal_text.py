"""Nothing from a scenario file or a transcript reaches the terminal as an escape sequence or a control
character (issue 13 item 7): the sanitizer case by case, then the commands that print such text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mockint.terminal_text import terminal_safe, terminal_safe_model

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "customer-obsession-webhook.toml"
ATTACK = "\x1b]0;PWNED\x07\x1b[2J\x1b[31m"  # set the window title, clear the screen, turn the text red


@pytest.mark.parametrize("text, safe", [
    ("plain text, kept as it is", "plain text, kept as it is"),
    ("tabs\tand\nnew lines are kept", "tabs\tand\nnew lines are kept"),
    ("café — 中文 — عربى", "café — 中文 — عربى"),
    ("title \x1b]0;PWNED\x07 set", "title  set"),  # OSC ended by BEL
    ("link \x1b]8;;http://x\x1b\\here\x1b]8;;\x1b\\", "link here"),  # OSC ended by ST
    ("\x1b[2J\x1b[1;1Hclear", "clear"),  # CSI with parameters
    ("\x1b[38;2;255;0;0mred\x1b[0m", "red"),
    ("\x9b31mC1 CSI", "C1 CSI"),  # the 8-bit forms
    ("\x9d0;title\x9cC1 OSC", "C1 OSC"),
    ("\x1bPq#0;2;0;0;0\x1b\\DCS", "DCS"),  # sixel graphics
    ("\x1bcreset", "reset"),  # two-character escape (RIS)
    ("\x1b(0line drawing", "line drawing"),  # charset designation
    ("lone ESC at the end \x1b", "lone ESC at the end "),
    ("unterminated \x1b]0;title", "unterminated "),
    ("bell\x07 back\x08space nul\x00 del\x7f", "bell backspace nul del"),
    ("over\rwrite", "over\nwrite"),  # a lone CR would overwrite the line
    ("windows\r\nline", "windows\nline"),
])
def test_terminal_safe(text, safe):
    assert terminal_safe(text) == safe


def test_models_are_cleaned_only_when_needed():
    from mockint.library.store import load_scenario

    seed = load_scenario(SEED)
    assert terminal_safe_model(seed) is seed
    dirty = seed.model_copy(update={"title": ATTACK + "Title"})
    assert terminal_safe_model(dirty).title == "Title"


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "mockint", *args], capture_output=True, text=True, **kw)


@pytest.fixture
def hostile_scenario(mockint_home) -> Path:
    """A scenario shared by someone else, with escape sequences in its title, question and a key phrase."""
    text = SEED.read_text(encoding="utf-8")
    esc = ATTACK.replace("\x1b", "\\u001b").replace("\x07", "\\u0007")
    text = text.replace('id = "customer-obsession-webhook"', 'id = "hostile"', 1)
    text = text.replace('title = "', f'title = "{esc}', 1).replace('question = "', f'question = "{esc}', 1)
    path = mockint_home / "scenarios" / "hostile.toml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def assert_clean(out: subprocess.CompletedProcess) -> None:
    assert out.returncode == 0, out.stderr
    for stream in (out.stdout, out.stderr):
        assert "\x1b" not in stream and "\x07" not in stream and "PWNED" not in stream, stream[:300]


def test_scenarios_show_and_list(hostile_scenario):
    show = run("scenarios", "show", str(hostile_scenario))
    assert_clean(show)
    assert show.stdout.startswith("Describe a Situation")
    listing = run("scenarios", "list")
    assert_clean(listing)
    (row,) = [line for line in listing.stdout.splitlines() if line.startswith("hostile ")]
    assert row.split(maxsplit=1)[1].startswith("Describe a Situation")


def test_score_of_a_hostile_transcript(tmp_path, hostile_scenario):
    answer = tmp_path / "answer.txt"
    answer.write_text(f"I fixed the webhook retries. {ATTACK}I wrote a reconciliation job.\x1b]2;again\x1b\\", encoding="utf-8")
    out = run("score", "--scenario", "hostile", str(answer))
    assert_clean(out)
    assert "mockint report" in out.stdout and "Describe a Situation" in out.stdout


@pytest.mark.parametrize("mode", ["mock", "learn"])
def test_a_practice_session_on_a_hostile_scenario(hostile_scenario, mode):
    """The interviewer's printed question (`--no-speak`, or 'Interviewer: ...' beside the voice) and the
    progress lines came from the scenario file unfiltered: a shared scenario could set the window title."""
    out = run("practice", "hostile", "--mode", mode, "--demo", "--no-speak", "--fast", "--max-probes", "1",
              timeout=600, stdin=subprocess.DEVNULL)
    assert_clean(out)
    assert "Interviewer: " in out.stdout


def test_log_lines_are_terminal_safe(mockint_home):
    """A warning quoting a damaged session's path (a folder name with escape sequences) is printed without them."""
    folder = mockint_home / "sessions" / f"20261203-150000-x{ATTACK}-mock"
    folder.mkdir(parents=True)
    (folder / "report.json").write_text("{}", encoding="utf-8")
    out = run("history", "--rebuild")
    assert_clean(out)
    assert "skipped" in out.stderr
