"""`mockint practice` end to end, unattended: the agent's voice on the virtual speaker, the candidate's
recorded answers played into the virtual microphone, real Whisper, real scoring, the saved session folder."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from conftest import fixture_audio
from mockint.speech.audio import load_audio
from virtual_audio import Capture, active, requires_pulse, similarity

DEVICES = ["--output-device", "mockint_speaker", "--input-device", "mockint_mic", "--answer-through", "mockint_mic_feed"]


def practice(home: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOCKINT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "mockint", "practice", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def answers(*names: str) -> list[str]:
    out = []
    for n in names:
        out += ["--answer", str(fixture_audio(n))]
    return out


def only_session(home: Path) -> Path:
    (folder,) = (home / "sessions").iterdir()
    return folder


def answer_being_recorded(home: Path, seconds: float, poll: float, timeout: float = 120) -> Path:
    """The session's first answer WAV, once it holds more than `seconds` of audio."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list(home.glob("sessions/*/turns/01-answer-answer.wav"))
        if found and found[0].stat().st_size > 16000 * 2 * seconds:
            return found[0]
        time.sleep(poll)
    raise AssertionError("the answer never started recording")


@pytest.mark.audio
@pytest.mark.slow
@requires_pulse
def test_mock_session_through_the_virtual_devices(tmp_path):
    with Capture("mockint_speaker.monitor") as agent:
        out = practice(tmp_path, "--mode", "mock", "--rate", "260", *DEVICES,
                       *answers("weak_continuous", "probe_measure_impact_strong", "probe_merge_follow_through_weak",
                                "probe_why_not_your_team_strong", "silence"))
    assert out.returncode == 0, out.stderr[-2000:]
    folder = only_session(tmp_path)
    meta = json.loads((folder / "session.json").read_text())
    report = json.loads((folder / "report.json").read_text())
    assert meta["complete"] and [t["kind"] for t in meta["turns"]] == ["answer", "probe", "probe", "probe"]
    # probes chosen from what the weak answer lacked: numbers first, then the hand-off in the candidate's
    # own words ("You said ... escalated it ..."); a weak reply to that may get one deeper question, in
    # place of the last planned probe (three questions in all)
    asked = [p["probe_id"] for p in report["probes"]]
    assert asked[0] == "measure-impact" and asked[1] == "followup-escalation" and len(asked) == 3
    assert "escalated it to the platform team" in report["probes"][1]["question"].lower()
    assert report["overall"]["verdict"] in ("Lean No Hire", "No Hire")
    assert {"escalation", "no_quantified_result"} <= {f["code"] for f in report["flags"]}
    by_id = {p["probe_id"]: p for p in report["probes"]}
    # the strong reply to the first probe beats the weak follow-through reply played to the second
    assert by_id["measure-impact"]["score"] > by_id["followup-escalation"]["score"]
    # the candidate's turn was recorded from the microphone: it is the answer that was played
    rec = load_audio(folder / meta["turns"][0]["audio"])
    lag, r = similarity(rec, load_audio(fixture_audio("weak_continuous")))
    assert r > 0.8
    # the agent spoke on the speaker (question, three probes, summary), and the files left over are reported
    spoken = agent.audio
    assert np.sum(np.abs(spoken) > 0.01) / 16000 > 10, "less than 10 s of the agent's voice on the speaker"
    assert "answer files not used" in out.stderr and "silence" in out.stderr
    for name in ("report.html", "report.md", "report.txt"):
        assert (folder / name).stat().st_size > 1000
    assert "Follow-up probes" in out.stdout
    # the latency from the end of each turn to the next prompt was measured
    assert all(t["latency_to_next_prompt"] is not None for t in meta["turns"])


@pytest.mark.audio
@pytest.mark.slow
@requires_pulse
def test_guided_session_through_the_virtual_devices(tmp_path):
    names = [f"section_{k}" for k in ("situation", "task", "action", "result", "reflection")]
    with Capture("mockint_speaker.monitor") as agent:
        out = practice(tmp_path, "--mode", "guided", "--rate", "900", *DEVICES, *answers(*names))
    assert out.returncode == 0, out.stderr[-2000:]
    folder = only_session(tmp_path)
    meta = json.loads((folder / "session.json").read_text())
    report = json.loads((folder / "report.json").read_text())
    assert [t["key"] for t in meta["turns"]] == ["situation", "task", "action", "result", "reflection"]
    assert report["segmentation"] == "guided" and all(s["present"] for s in report["sections"])
    for sec, name in zip(report["sections"], names):
        truth = json.loads(fixture_audio(name).with_suffix(".json").read_text())
        spoken = truth["sections"][0]["end"] - truth["sections"][0]["start"]
        assert sec["duration"] == pytest.approx(spoken, abs=1.5), sec["key"]
    assert report["overall"]["verdict"] in ("Strong Hire", "Hire")
    assert active(agent.audio) is not None


@pytest.mark.audio
@pytest.mark.slow
@requires_pulse
def test_learn_session_quiz_answered_by_voice(tmp_path):
    with Capture("mockint_speaker.monitor") as agent:
        out = practice(tmp_path, "--mode", "learn", "--rate", "900", *DEVICES, *answers("quiz_1", "quiz_2", "quiz_3"))
    assert out.returncode == 0, out.stderr[-2000:]
    quiz = json.loads((only_session(tmp_path) / "quiz.json").read_text())
    assert [a["choice"] for a in quiz["answers"]] == [1, 2, 3]
    assert quiz["score"] == 3 and "Quiz 3/3" in out.stdout  # learn mode ends with its report (issue 12)
    first, last = active(agent.audio)
    assert last - first > 30  # the walkthrough was spoken


@pytest.mark.audio
@pytest.mark.slow
@requires_pulse
def test_interrupted_mock_keeps_the_audio_and_rescore_works(tmp_path):
    env = {**os.environ, "MOCKINT_HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "mockint", "practice", "--rate", "300", *DEVICES, *answers("strong_continuous_us165")]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    wav = answer_being_recorded(tmp_path, 15, poll=0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    assert "everything recorded so far is saved" in err and "mockint rescore" in err
    folder = wav.parent.parent
    meta = json.loads((folder / "session.json").read_text())
    assert meta["complete"] is False and meta["interrupted"] is True
    audio, sr = sf.read(wav, dtype="float32")
    assert sr == 16000 and len(audio) / sr >= 15
    lag, r = similarity(audio, load_audio(fixture_audio("strong_continuous_us165")))
    assert r > 0.8
    out = subprocess.run([sys.executable, "-m", "mockint", "rescore", folder.name], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads((folder / "report.json").read_text())
    assert report["sections"][0]["present"] and report["sections"][0]["duration"] > 10
    assert "while working" in report["transcript"]["text"].lower()


@pytest.mark.slow
def test_no_microphone_runs_the_demo_and_says_so(tmp_path):
    """The README's first command on a machine without audio: the bundled demo answers the session."""
    env = {**os.environ, "MOCKINT_HOME": str(tmp_path), "PULSE_SERVER": "unix:/nonexistent"}
    out = subprocess.run([sys.executable, "-m", "mockint", "practice", "--fast"], env=env, capture_output=True, text=True,
                         timeout=900, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "No microphone" in out.stderr and "bundled demo recordings" in out.stderr
    assert "Interviewer: " in out.stdout  # no audio output either: the interviewer is printed
    report = json.loads((only_session(tmp_path) / "report.json").read_text())
    assert report["probes"] and all(p["answered"] for p in report["probes"])
    # the weak first answer with strong follow-ups: the verdict and the follow-ups do not contradict each other
    strong = sum(p["verdict"] == "strong" for p in report["probes"])
    if report["overall"]["verdict"] in ("Lean No Hire", "No Hire") and strong:
        assert "stronger than the answer itself" in out.stdout and f"Follow-ups: {strong} of" not in out.stdout


@pytest.mark.slow
def test_the_demo_follows_the_chosen_scenario(tmp_path):
    """Issue 12 item 7: `--lp frugality --demo` replayed the webhook answer and scored it against Frugality."""
    env = {**os.environ, "MOCKINT_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "mockint", "practice", "--lp", "frugality", "--demo", "--no-speak", "--fast",
                          "--max-probes", "1"], env=env, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "frugality-warehouse-cost's own model answer" in out.stderr
    report = json.loads((only_session(tmp_path) / "report.json").read_text())
    assert report["scenario"] == "frugality-warehouse-cost" and "webhook" not in report["transcript"]["text"].lower()
    assert report["overall"]["verdict"] in ("Strong Hire", "Hire", "Lean Hire"), report["overall"]
    assert report["probes"][0]["answered"]


@pytest.mark.audio
@pytest.mark.slow
@requires_pulse
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP], ids=["kill", "term", "hup"])
def test_killed_mid_answer_leaves_a_readable_wav(tmp_path, sig):
    """A kill at any instant leaves a WAV that standard readers read; SIGTERM/SIGHUP also save a report."""
    import wave

    env = {**os.environ, "MOCKINT_HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "mockint", "practice", "--no-speak", *DEVICES, *answers("strong_continuous_us165")]
    # as from a terminal: the signals are not ignored (a test run under nohup would pass SIGHUP's SIG_IGN
    # on, and mockint rightly keeps ignoring a SIGHUP its parent chose to ignore)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL,
                            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL))
    wav = answer_being_recorded(tmp_path, 8, poll=0.1)
    seen = (wav.stat().st_size - 44) / 2 / 16000
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == (-sig if sig == signal.SIGKILL else 128 + sig), err[-2000:]
    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    assert seconds >= seen - 0.05  # everything on disk when the signal came, but at most the last block
    info = sf.info(str(wav))
    assert info.frames / info.samplerate == pytest.approx(seconds, abs=0.001)
    soxi = subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True)
    if soxi.returncode == 0:
        assert float(soxi.stdout) == pytest.approx(seconds, abs=0.01)
    folder = wav.parent.parent
    meta = json.loads((folder / "session.json").read_text())
    if sig != signal.SIGKILL:
        assert meta["interrupted"] is True and meta["complete"] is False
        assert "everything recorded so far is saved" in err
        report = json.loads((folder / "report.json").read_text())
        assert report["transcript"]["text"].strip()
        assert meta["turns"][0]["duration"] >= seen - 0.05
    out = subprocess.run([sys.executable, "-m", "mockint", "rescore", folder.name], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads((folder / "report.json").read_text())
    assert report["sections"][0]["present"]
    # and the rest of the recovery the README promises: the HTML report, and the attempt in the history
    html = subprocess.run([sys.executable, "-m", "mockint", "report", folder.name, "--format", "html"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert html.returncode == 0 and (folder / "report.html").stat().st_size > 0, html.stderr[-2000:]
    history = subprocess.run([sys.executable, "-m", "mockint", "history"], env=env, capture_output=True, text=True, timeout=120)
    assert history.returncode == 0 and "(incomplete)" in history.stdout, history.stdout + history.stderr
