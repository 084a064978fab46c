"""The HTML report in headless Chromium (driven over the DevTools protocol, see cdp.py).

Checks: no console errors, the timeline and the highlighted transcript are there, clicking a word
seeks the audio to that word (a real WAV spoken by espeak-ng), a `<script>` in the transcript is
shown as text, guided sessions switch to the section's recording. Screenshots go to the test's tmp dir.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import time
from pathlib import Path

import pytest
from cdp import Browser, find_chromium
from report_factory import hand_report, scored_report, seed, strong_hand_report, strong_texts

from mockint.scoring.report import Flag
from mockint.output.common import mmss
from mockint.output.writers import write_session_report

CHROMIUM = find_chromium()
ESPEAK = shutil.which("espeak-ng")
pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (scripts/setup.sh --tests installs it)"),
    pytest.mark.skipif(ESPEAK is None, reason="needs espeak-ng (scripts/setup.sh installs it)"),
]
EVIL = "<script>alert(1)</script> [bold]x[/bold]"


def speak(text: str, path: Path, wpm: int = 170) -> float:
    """Synthesize `text` to a WAV with espeak-ng; return its duration in seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([ESPEAK, "-v", "en-us", "-s", str(wpm), "-w", str(path), text], check=True, capture_output=True, timeout=60)
    with path.open("rb") as f:
        header = f.read(44)
    rate, = struct.unpack("<I", header[24:28])
    bytes_per_sample = struct.unpack("<H", header[34:36])[0] // 8 * struct.unpack("<H", header[22:24])[0]
    return (path.stat().st_size - 44) / (rate * bytes_per_sample)


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as b:
        yield b


@pytest.fixture(scope="module")
def sc():
    return seed()


def save_session(home: Path, name: str, report, turns: list[dict]) -> Path:
    d = home / "sessions" / name
    (d / "turns").mkdir(parents=True, exist_ok=True)
    turns = [{"index": i, "prompt": "Tell me about a time...", **t} for i, t in enumerate(turns, 1)]
    meta = {"version": 1, "id": name, "scenario": report.scenario, "mode": report.mode or "mock", "level": report.level,
            "started_at": report.created_at or "2026-11-27T09:00:00", "complete": True, "turns": turns}
    (d / "session.json").write_text(json.dumps(meta))
    (d / "report.json").write_text(report.model_dump_json())
    return d


def render(home: Path, folder: Path) -> Path:
    """`mockint report FOLDER --format html` with MOCKINT_HOME=home; the HTML file."""
    mp = pytest.MonkeyPatch()
    mp.setenv("MOCKINT_HOME", str(home))
    try:
        _, [path], _ = write_session_report(folder, "html")
    finally:
        mp.undo()
    return path


@pytest.fixture(scope="module")
def strong_page(tmp_path_factory, sc):
    """A mock session of the strong answer, spoken by espeak-ng, with an earlier weak attempt in the history."""
    home = tmp_path_factory.mktemp("home")
    weak = scored_report(sc, "weak").model_copy(update={"created_at": "2026-11-20T09:00:00", "mode": "mock"})
    save_session(home, "20261120-090000-weak-mock", weak, [])
    report = scored_report(sc, "strong").model_copy(update={"created_at": "2026-11-27T09:00:00", "mode": "mock", "audio": "turns/01-answer.wav"})
    folder = save_session(home, "20261127-090000-strong-mock", report,
                          [{"kind": "answer", "key": "answer", "audio": "turns/01-answer.wav", "transcript": None}])
    duration = speak(" ".join(strong_texts(sc).values()), folder / "turns" / "01-answer.wav")
    render(home, home / "sessions" / "20261120-090000-weak-mock")
    return render(home, folder), report, duration


def open_page(browser: Browser, path: Path) -> None:
    browser.events.clear()
    browser.goto(path.as_uri())
    browser.eval("new Promise(r => { const a = document.getElementById('audio'); if (!a || a.readyState >= 1) r(); "
                 "else { a.addEventListener('loadedmetadata', r, {once: true}); a.addEventListener('error', r, {once: true}); } })",
                 await_promise=True)
    browser.pump(0.3)


def click_word(browser: Browser, selector: str) -> dict:
    """Scroll a word into view, click its centre with a real mouse event; return its data attributes."""
    info = browser.eval(f"""(() => {{ const el = document.querySelector({json.dumps(selector)});
        el.scrollIntoView({{block: 'center'}}); const r = el.getBoundingClientRect();
        return {{x: r.left + r.width / 2, y: r.top + r.height / 2, t: +el.dataset.t, at: +el.dataset.at, src: el.dataset.src, text: el.textContent}}; }})()""")
    browser.click(info["x"], info["y"])
    return info


def wait_for(browser: Browser, expression: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.eval(expression)
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {expression}")


def test_report_page(browser, strong_page, tmp_path):
    path, report, duration = strong_page
    open_page(browser, path)
    assert browser.console_errors() == []
    assert browser.eval("document.getElementById('audio').error") is None
    assert abs(browser.eval("document.getElementById('audio').duration") - duration) < 0.2
    # the timeline: a band and a target marker per section, the level's budget, a tick per long pause
    assert browser.eval("document.querySelectorAll('#timeline .band').length") == 5
    assert browser.eval("document.querySelectorAll('#timeline .plan line.target').length") == 5
    assert "budget" in browser.eval("document.querySelector('#timeline svg').textContent")
    assert browser.eval("document.querySelectorAll('#timeline .pause').length") == len(report.delivery.long_pauses)
    # the transcript: every word, in its section, with the key phrases highlighted
    assert browser.eval("document.querySelectorAll('.words .w').length") == len(report.transcript.words)
    for s in report.sections:
        n = s.word_range[1] - s.word_range[0]
        assert browser.eval(f"document.querySelectorAll('#sec-{s.key} .words .w').length") == n
    hits = browser.eval("Array.from(document.querySelectorAll('#sec-action .w.hit')).map(e => e.textContent).join(' ')")
    assert "I pulled" in hits and "I traced" in hits
    assert browser.eval("getComputedStyle(document.querySelector('.w.hit')).backgroundColor") == "rgb(253, 230, 138)"
    assert "progress" in browser.eval("Array.from(document.querySelectorAll('section.card')).map(e => e.id).join(' ')")
    shot = browser.screenshot(tmp_path / "report.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_clicking_a_word_seeks_the_audio(browser, strong_page, tmp_path):
    path, report, duration = strong_page
    open_page(browser, path)
    action = report.section("action")
    i = next(i for i in range(*action.word_range) if 10 < report.transcript.words[i].start < duration - 5)
    info = click_word(browser, f'.w[data-i="{i}"]')
    assert info["t"] == pytest.approx(report.transcript.words[i].start, abs=0.01)
    now = wait_for(browser, "(() => { const a = document.getElementById('audio'); return a.currentTime > 1 && a.currentTime; })()")
    assert now == pytest.approx(info["t"], abs=0.75)
    assert browser.eval("!document.getElementById('audio').paused")
    # while it plays, the word being said is marked
    wait_for(browser, "document.querySelector('.w.now') !== null")
    browser.screenshot(tmp_path / "playing.png", full_page=False)
    # a second word, earlier in the answer, seeks back
    info = click_word(browser, '#sec-situation .w[data-t]')
    now = wait_for(browser, f"(() => {{ const t = document.getElementById('audio').currentTime; return t < {info['t'] + 2} && t + 0.001; }})()")
    assert now - 0.001 == pytest.approx(info["t"], abs=0.75)
    assert browser.console_errors() == []


def test_script_in_the_transcript_is_text(browser, tmp_path, sc):
    texts = strong_texts(sc)
    texts["action"] = "I pulled the logs. " + EVIL + " I traced it."
    report = hand_report(sc, texts, flags=[Flag(code="we_language", section="action", message="We " + EVIL, quote=EVIL)])
    folder = save_session(tmp_path / "home", "20261127-100000-evil-mock", report, [])
    open_page(browser, render(tmp_path / "home", folder))
    assert browser.console_errors() == []
    assert not [e for e in browser.events if e["method"] == "Page.javascriptDialogOpening"]
    assert browser.eval("document.scripts.length") == 3
    text = browser.eval("document.getElementById('sec-action').innerText")
    assert "<script>alert(1)</script>" in " ".join(text.split())
    assert "<script>alert(1)</script>" in browser.eval("document.getElementById('flags').innerText")
    assert browser.eval("document.querySelectorAll('#sec-action .w.flag').length") == len(EVIL.split())


def test_guided_session_plays_each_sections_recording(browser, tmp_path, sc):
    """One recording per section: clicking a Task word loads the Task recording and seeks within it."""
    report = strong_hand_report(sc).model_copy(update={"mode": "guided", "segmentation": "guided", "audio": None, "probes": []})
    folder = tmp_path / "home" / "sessions" / "20261127-110000-guided"
    turns, starts = [], [s.start for s in report.sections] + [report.delivery.duration]
    for n, s in enumerate(report.sections):
        rel = f"turns/{n + 1:02d}-section-{s.key}.wav"
        speak(s.text, folder / rel)
        recording = (starts[n + 1] - starts[n]) if n else starts[1]  # the first recording starts at 0
        turns.append({"kind": "section", "key": s.key, "audio": rel, "transcript": None, "duration": recording})
    save_session(tmp_path / "home", folder.name, report, turns)
    open_page(browser, render(tmp_path / "home", folder))
    assert browser.eval("document.getElementById('audio').getAttribute('src')") == "turns/01-section-situation.wav"
    task = report.section("task")
    info = click_word(browser, f'.w[data-i="{task.word_range[0] + 3}"]')
    assert info["src"] == "1" and info["at"] == pytest.approx(report.transcript.words[task.word_range[0] + 3].start - starts[1], abs=0.01)
    wait_for(browser, "document.getElementById('audio').src.endsWith('turns/02-section-task.wav')")
    now = wait_for(browser, "(() => { const a = document.getElementById('audio'); return a.readyState >= 1 && a.currentTime > 0 && a.currentTime; })()")
    assert now == pytest.approx(info["at"], abs=0.75)
    assert browser.console_errors() == []


FIT = """(() => {
  const doc = document.documentElement, table = document.querySelector('#sections table');
  const texts = Array.from(document.querySelectorAll('#timeline svg text')).filter(t => t.textContent.trim());
  const svg = document.querySelector('#timeline svg'), m = svg.getScreenCTM();
  const px = texts.map(t => parseFloat(getComputedStyle(t).fontSize) * Math.min(m.a, m.d));
  const cells = Array.from(table.querySelectorAll('td')).map(td => td.getBoundingClientRect());
  return {inner: window.innerWidth, scroll: doc.scrollWidth, page: doc.scrollWidth - window.innerWidth, table: table.scrollWidth - table.clientWidth,
          right: Math.max(...cells.map(r => r.right)) - window.innerWidth, left: Math.min(...cells.map(r => r.left)),
          smallest: Math.min(...px), texts: texts.length, body: parseFloat(getComputedStyle(document.body).fontSize),
          section: document.querySelector('#sections tbody tr').innerText};
})()"""


@pytest.mark.parametrize("width", [390, 1280])
def test_report_fits_the_screen(browser, strong_page, tmp_path, width):
    """Issue 12: at 390 px the section table fits with no horizontal overflow and the timeline's text is >= 11 px."""
    path, report, _ = strong_page
    browser.resize(width)
    try:
        open_page(browser, path)
        fit = browser.eval(FIT)
        browser.screenshot(tmp_path / f"report-{width}.png")
    finally:
        browser.resize(1280)
    assert fit["inner"] == width and fit["scroll"] <= width, fit  # not zoomed out to fit something too wide
    assert fit["page"] <= 0 and fit["table"] <= 0 and fit["right"] <= 0 and fit["left"] >= 0, fit
    assert fit["texts"] >= 10 and fit["smallest"] >= 11, fit
    assert fit["body"] >= 12
    situation = report.section("situation")
    for cell in ("Situation", mmss(situation.duration), mmss(situation.target), f"{situation.score:.0f}", "on target"):
        assert cell in fit["section"], (cell, fit["section"])
