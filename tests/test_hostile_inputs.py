"""Issue 13, "Done when": every hostile-but-realistic input that must be refused, in one table. Each row builds
its inputs in a fresh MOCKINT_HOME and work folder, runs the real command line, and the same checks hold for all:
exit code 2, exactly one line on stderr naming the problem, no traceback and no terminal escape sequence, no
`*.tmp` file anywhere, and nothing that was there before removed or changed (nor anything new left behind).

The scattered tests (test_cli, test_folder, test_history, test_audio, test_recorder, test_validate) check each
behaviour in detail; this file checks that the whole list holds together, from the outside."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mockint.defaults import MAX_SCORED_WORDS

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "scenarios" / "ownership-flaky-ci.toml"
CLIP = ROOT / "audio_fixtures" / "clip_0_2s.flac"
SID = "customer-obsession-webhook"
ESC = "\\u001b]0;PWNED\\u0007\\u001b[2J"  # TOML escapes for: set the window title, clear the screen
TIMEOUT = 120


@dataclass
class Ctx:
    """The row's world: `root` holds `home` (MOCKINT_HOME) and `work` (the inputs); `names` fill the argv."""

    root: Path
    home: Path
    work: Path
    names: dict[str, str] = field(default_factory=dict)
    mounted: list[Path] = field(default_factory=list)

    def mount(self, where: Path, options: str) -> Path:
        """A small tmpfs at `where` ("ro", "size=16k"); the row is skipped where mounting is not allowed."""
        where.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True, text=True)
        if r.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {r.stderr.strip()}")
        self.mounted.append(where)
        return where


# --- builders: each returns a setup(ctx) --------------------------------------------------------------------
def home_is_a_file(ctx: Ctx) -> None:
    ctx.home.rmdir()
    ctx.home.write_text("not a folder")


def read_only_home(ctx: Ctx) -> None:
    ctx.mount(ctx.home, "ro,size=64k")


def read_only_parent_of_home(ctx: Ctx) -> None:
    ctx.mount(ctx.home, "ro,size=64k")
    ctx.home = ctx.home / "sub"


def full_home(ctx: Ctx) -> None:
    ctx.mount(ctx.home, "size=16k")
    (ctx.home / "filler").write_bytes(b"x" * 16 * 1024)


def full_output(ctx: Ctx) -> None:
    (ctx.work / "answer.txt").write_text("I fixed the webhook retries myself. I wrote a reconciliation job.")
    (ctx.mount(ctx.work / "out", "size=8k") / "filler").write_bytes(b"x" * 8 * 1024)


def history_db_is_a_folder(ctx: Ctx) -> None:
    (ctx.home / "history.db").mkdir()


RECORD = {"version": 1, "id": f"20261127-093000-{SID}-mock", "scenario": SID, "mode": "mock", "level": "sde2",
          "started_at": "2026-11-27T09:30:00", "ended_at": "2026-11-27T09:36:00", "complete": True, "turns": []}


def session(change: dict | None = None, raw: str | None = None):
    """A saved session folder whose session.json is RECORD with `change` (None values drop the key), or `raw`."""

    def build(ctx: Ctx) -> None:
        folder = ctx.home / "sessions" / RECORD["id"]
        (folder / "turns").mkdir(parents=True)
        data = {k: v for k, v in {**RECORD, **(change or {})}.items() if v is not None}
        (folder / "session.json").write_text(json.dumps(data) if raw is None else raw, encoding="utf-8")
        ctx.names["record"] = str(folder / "session.json")
        ctx.names["session"] = str(folder)

    return build


def transcript(words: list[tuple[str, object, object]]):
    """A .json transcript; times are raw JSON tokens (NaN, Infinity) written as they are."""

    def build(ctx: Ctx) -> None:
        items = ", ".join(f'{{"word": "{w}", "start": {a}, "end": {b}}}' for w, a, b in words)
        text = " ".join(w for w, _, _ in words)
        (ctx.work / "answer.json").write_text(f'{{"text": "{text}", "words": [{items}]}}', encoding="utf-8")

    return build


def words(**change) -> list[tuple[str, object, object]]:
    """"I fixed it" with ("<index>_start" | "<index>_end") -> value changes."""
    base = [("I", 0.0, 0.2), ("fixed", 0.2, 0.6), ("it", 0.6, 0.8)]
    return [(w, change.get(f"w{i}_start", a), change.get(f"w{i}_end", b)) for i, (w, a, b) in enumerate(base)]


def write_file(name: str, content: bytes | str):
    def build(ctx: Ctx) -> None:
        path = ctx.work / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    return build


def no_file(ctx: Ctx) -> None:
    """Nothing to build: the argv names a file that does not exist."""


def answer_symlink_loop(ctx: Ctx) -> None:
    (ctx.work / "other.wav").symlink_to(ctx.work / "answer.wav")
    (ctx.work / "answer.wav").symlink_to(ctx.work / "other.wav")


def answer_broken_link(ctx: Ctx) -> None:
    (ctx.work / "answer.wav").symlink_to(ctx.work / "gone.wav")


def answer_directory(ctx: Ctx) -> None:
    (ctx.work / "answer.wav").mkdir()


def not_audio_bytes() -> bytes:
    rng = random.Random(13)
    return b"\x00\x01" + bytes(rng.randrange(256) for _ in range(2000))


def scenario(*edits: tuple[str, str]):
    """ownership-flaky-ci.toml with each (old, new) replaced once, as {work}/story.toml."""

    def build(ctx: Ctx) -> None:
        text = SEED.read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        (ctx.work / "story.toml").write_text(text, encoding="utf-8")

    return build


def long_transcript(suffix: str):
    def build(ctx: Ctx) -> None:
        rng = random.Random(13)
        vocab = SEED.read_text(encoding="utf-8").split()
        said = [rng.choice(vocab) for _ in range(MAX_SCORED_WORDS + 1)]
        text = " ".join(said)
        if suffix == ".json":
            text = json.dumps({"text": text, "words": [{"word": w, "start": i * 0.4, "end": i * 0.4 + 0.3}
                                                       for i, w in enumerate(said)]})
        (ctx.work / f"book{suffix}").write_text(text, encoding="utf-8")

    return build


# --- the table ----------------------------------------------------------------------------------------------
NEW = ("new", "--no-input", "--principle", "Frugality", "--situation", "Our build farm cost $30K a month and sat idle.",
       "--task", "Nobody owned the cost, so I decided to cut it.", "--action", "I wrote an autoscaler that parks idle runners.",
       "--result", "The bill went from $30K to $12K a month.", "--reflection", "I added a weekly cost report per team.")
PRACTICE = ("practice", "--demo", "--no-speak", "--fast")
ANSWER = ("practice", "--no-speak", "--fast", "--answer")
SCORE = ("score", "--scenario", SID)
IS_A_FILE = "{home}: MOCKINT_HOME is a file, not a folder: set MOCKINT_HOME to a folder (or move the file)"
NOT_WRITABLE = "{home}: MOCKINT_HOME is not writable (read-only or no permission): set MOCKINT_HOME to a writable folder"
FULL = "no space left on the device: free some space and run the command again"
BAD_ID = "{work}/story.toml: id: must be lowercase letters, digits and dashes"
FILLER = ('key_phrases = ["not my team", "no ticket"', 'key_phrases = ["not my team", "Um, uh"')
SCENARIO_BAD_ID = scenario(('id = "ownership-flaky-ci"', f'id = "Own{ESC}x"'))
SCENARIO_BAD_TARGET = scenario(("target_seconds = 90", "target_seconds = 0"), ('title = "', f'title = "{ESC}'))
LOCKED_REASON = ("a locked history.db is only refused after history.BUSY_SECONDS (5 s) of waiting, with no knob to "
                 "shorten it from the command line; tests/test_history.py::test_a_locked_database_is_busy_not_corrupt "
                 "checks the one line with busy_seconds=0.3 and the CLI once")

# (id, setup, argv (str.format with home, work and the setup's names), text the one line contains)
CASES = [
    ("home-file-practice", home_is_a_file, PRACTICE, IS_A_FILE),
    ("home-file-history", home_is_a_file, ("history",), IS_A_FILE),
    ("home-file-new", home_is_a_file, NEW, IS_A_FILE),
    ("home-read-only-practice", read_only_home, PRACTICE, NOT_WRITABLE),
    ("home-read-only-history", read_only_home, ("history",), NOT_WRITABLE),
    ("home-read-only-new", read_only_home, NEW, NOT_WRITABLE),
    ("home-under-read-only-history", read_only_parent_of_home, ("history",), "{home}: read-only file system"),
    ("disk-full-new", full_home, NEW, "{home}/scenarios/my-frugality-build-farm-cost.toml: " + FULL),
    ("disk-full-history", full_home, ("history",), "{home}/history.db: cannot use the history: database or disk is full"),
    ("disk-full-practice", full_home, PRACTICE, FULL),
    ("disk-full-score-output", full_output, ("score", "-s", SID, "{work}/answer.txt", "--output", "{work}/out", "--format", "md"),
     "{work}/out/report.md: no space left on the device"),
    ("history-db-is-a-folder", history_db_is_a_folder, ("history",), "{home}/history.db: cannot open the history"),
    pytest.param(no_file, ("history",), "history is busy (another mockint?)", marks=pytest.mark.skip(reason=LOCKED_REASON),
                 id="history-locked"),
    ("rescore-no-scenario", session({"scenario": None}), ("rescore", "{session}"), "{record}: scenario: Field required"),
    ("rescore-turns-abc", session({"turns": "abc"}), ("rescore", "{session}"), "{record}: turns: Input should be a valid list"),
    ("rescore-bad-json", session(raw="{not json"), ("rescore", "{session}"), "{record}: not valid JSON"),
    ("rescore-empty-record", session(raw=""), ("rescore", "{session}"), "{record}: not valid JSON"),
    ("rescore-not-an-object", session(raw="[]"), ("rescore", "{session}"), "{record}: (top level): Input should be"),
    ("rescore-unknown-level", session({"level": "zzz"}), ("rescore", "{session}"), "{record}: level: Input should be"),
    ("rescore-unknown-mode", session({"mode": "zzz"}), ("rescore", "{session}"), "{record}: mode: Input should be"),
    ("rescore-newer-version", session({"version": 99}), ("rescore", "{session}"), "{record}: version: 99 is newer"),
    ("times-negative", transcript(words(w1_start=-0.5)), (*SCORE, "{work}/answer.json"), "{work}/answer.json: words[1].start:"),
    ("times-nan", transcript(words(w0_end="NaN")), (*SCORE, "{work}/answer.json"), "{work}/answer.json: words[0].end:"),
    ("times-infinite", transcript(words(w2_start="Infinity", w2_end="Infinity")), (*SCORE, "{work}/answer.json"),
     "{work}/answer.json: words[2].start:"),
    ("times-minus-infinite", transcript(words(w1_end="-Infinity")), (*SCORE, "{work}/answer.json"),
     "{work}/answer.json: words[1].end:"),
    ("times-end-before-start", transcript(words(w1_start=0.5, w1_end=0.3)), (*SCORE, "{work}/answer.json"),
     "{work}/answer.json: words[1].end:"),
    ("times-shuffled", transcript([("it", 0.6, 0.8), ("I", 0.0, 0.2)]), (*SCORE, "{work}/answer.json"),
     "{work}/answer.json: words[1].start:"),
    ("times-beyond-a-day", transcript(words(w0_end=1e12, w1_start=1e12, w1_end=1e12, w2_start=1e12, w2_end=1e12)),
     (*SCORE, "{work}/answer.json"), "{work}/answer.json: words[0].end:"),
    ("transcript-words-not-a-list", write_file("answer.json", '{"text": "I fixed it", "words": "x"}'),
     (*SCORE, "{work}/answer.json"), "{work}/answer.json: words: Input should be a valid list"),
    ("transcript-bad-json", write_file("answer.json", "{bad"), (*SCORE, "{work}/answer.json"), "{work}/answer.json: invalid JSON"),
    ("transcript-path-with-escapes", no_file, (*SCORE, "{work}/x\x1b]0;PWNED\x07y.txt"), "{work}/xy.txt: cannot read"),
    ("transcript-beyond-maximum-txt", long_transcript(".txt"), (*SCORE, "{work}/book.txt"),
     f"{{work}}/book.txt: {MAX_SCORED_WORDS + 1:,} words"),
    ("transcript-beyond-maximum-json", long_transcript(".json"), (*SCORE, "{work}/book.json"),
     f"{{work}}/book.json: {MAX_SCORED_WORDS + 1:,} words"),
    ("answer-symlink-loop", answer_symlink_loop, (*ANSWER, "{work}/answer.wav"), "{work}/answer.wav: too many levels of symbolic links (a symlink loop)"),
    ("answer-broken-link", answer_broken_link, (*ANSWER, "{work}/answer.wav"), "{work}/answer.wav: a broken symbolic link"),
    ("answer-missing", no_file, (*ANSWER, "{work}/answer.wav"), "{work}/answer.wav: no such answer file"),
    ("answer-directory", answer_directory, (*ANSWER, "{work}/answer.wav"), "{work}/answer.wav: is a directory"),
    ("answer-empty", write_file("answer.wav", b""), (*ANSWER, "{work}/answer.wav"), "{work}/answer.wav: empty file"),
    ("answer-truncated", write_file("answer.flac", CLIP.read_bytes()[:100]), (*ANSWER, "{work}/answer.flac"),
     "{work}/answer.flac: cannot decode audio"),
    ("answer-not-audio", write_file("answer.wav", not_audio_bytes()), (*ANSWER, "{work}/answer.wav"),
     "{work}/answer.wav: cannot decode audio"),
    ("score-no-extension-not-audio", write_file("recording", not_audio_bytes()), (*SCORE, "{work}/recording"),
     "{work}/recording: cannot decode audio"),
    ("score-no-extension-truncated-audio", write_file("recording", CLIP.read_bytes()[:3000]), (*SCORE, "{work}/recording"),
     "{work}/recording: cannot decode audio"),
    ("answer-through-without-answer", no_file, ("practice", "--no-speak", "--fast", "--answer-through", "mockint_mic_feed"),
     "--answer-through: needs --answer FILE (the recording to play into that device)"),
    ("answer-through-unknown-device", no_file, (*ANSWER, str(CLIP), "--answer-through", "no-such-speaker-xyz"),
     "--answer-through no-such-speaker-xyz: "),
    ("validate-escapes-in-bad-id", SCENARIO_BAD_ID, ("scenarios", "validate", "{work}/story.toml"), BAD_ID),
    ("practice-escapes-in-bad-id", SCENARIO_BAD_ID, (*PRACTICE, "{work}/story.toml"), BAD_ID),
    ("validate-escapes-and-bad-field", SCENARIO_BAD_TARGET, ("scenarios", "validate", "{work}/story.toml"),
     "{work}/story.toml: sections[2].target_seconds: must be > 0"),
    ("practice-escapes-and-bad-field", SCENARIO_BAD_TARGET, (*PRACTICE, "{work}/story.toml"),
     "{work}/story.toml: sections[2].target_seconds: must be > 0"),
    ("validate-filler-key-phrase", scenario(FILLER), ("scenarios", "validate", "{work}/story.toml"),
     "{work}/story.toml: sections[1].key_phrases[1]: 'Um, uh' has only fillers"),
    ("practice-filler-key-phrase", scenario(FILLER), (*PRACTICE, "{work}/story.toml"),
     "{work}/story.toml: sections[1].key_phrases[1]: 'Um, uh' has only fillers"),
    ("practice-scenario-file-missing", no_file, (*PRACTICE, "{work}/gone.toml"), "{work}/gone.toml"),
]


# --- the checks ---------------------------------------------------------------------------------------------
def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under `root` (links not followed): files by size and mtime, links by target, folders by kind."""
    out: dict[str, tuple] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            st = path.lstat()
            rel = str(path.relative_to(root))
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                out[rel] = ("dir",)
            else:
                out[rel] = ("file", st.st_size, st.st_mtime_ns)
    return out


@pytest.fixture
def ctx(tmp_path):
    c = Ctx(root=tmp_path, home=tmp_path / "home", work=tmp_path / "work")
    c.home.mkdir()
    c.work.mkdir()
    yield c
    for where in reversed(c.mounted):
        subprocess.run(["umount", str(where)], check=False)


def run(ctx: Ctx, argv: tuple[str, ...]) -> subprocess.CompletedProcess:
    names = {"home": str(ctx.home), "work": str(ctx.work), **ctx.names}
    env = {**os.environ, "MOCKINT_HOME": str(ctx.home), "COLUMNS": "120"}
    env.pop("MOCKINT_SCENARIOS", None)
    return subprocess.run([sys.executable, "-m", "mockint", *(a.format(**names) for a in argv)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=TIMEOUT, stdin=subprocess.DEVNULL)


PARAMS = [c if isinstance(c, type(pytest.param())) else pytest.param(*c[1:], id=c[0]) for c in CASES]


@pytest.mark.parametrize("setup, argv, said", PARAMS)
def test_a_hostile_input_is_one_line_exit_2_and_loses_nothing(ctx, setup, argv, said):
    setup(ctx)
    before = snapshot(ctx.root)
    out = run(ctx, argv)
    after = snapshot(ctx.root)
    assert out.returncode == 2, out.stdout[-2000:] + out.stderr
    assert "Traceback" not in out.stderr + out.stdout, out.stderr
    lines = [line for line in out.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, out.stderr
    names = {"home": str(ctx.home), "work": str(ctx.work), **ctx.names}
    assert said.format(**names) in lines[0], lines[0]
    for stream in (out.stdout, out.stderr):
        assert "\x1b" not in stream and "\x07" not in stream, repr(stream[:300])
    assert [p for p in after if p.endswith(".tmp") or ".tmp." in Path(p).name] == []
    assert {p: v for p, v in before.items() if after.get(p) != v} == {}, "removed or changed"
    left = sorted(p for p in set(after) - set(before) if after[p][0] != "dir")  # an empty new folder holds nothing
    assert left == [], "left behind by a command that failed"
    sessions = [p for p in set(after) - set(before) if Path(p).parent.name == "sessions"]
    assert sessions == [], "an empty session folder left by a session that could not start"
