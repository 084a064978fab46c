"""The interview session's flow with fake engines (real scenario, real rubric, real files on disk)."""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from fakes import FakeSpeaker, FakeTranscriber
from mockint.library.store import find_scenario
from mockint.session.context import SessionOptions
from mockint.session.rescore import rescore
from mockint.session.runner import Session
from mockint.session.streaming import StreamingTranscriber, merge_transcripts
from mockint.speech.recorder import TakeSettings
from mockint.scoring.transcript import Transcript, Word


@dataclass
class Rec:
    path: Path
    duration: float
    ended_by: str
    speech_detected: bool = True


class ScriptedRecorder:
    """A test double: writes `seconds` of tone for each turn, or raises KeyboardInterrupt at turn `interrupt_at`."""

    def __init__(self, seconds=(3.0,), interrupt_at: int | None = None, sr=16000):
        self.seconds = list(seconds)
        self.interrupt_at = interrupt_at
        self.sr = sr
        self.calls: list[dict] = []

    def record(self, path, settings=TakeSettings()):
        self.calls.append({"path": Path(path), **vars(settings)})
        n = len(self.calls)
        sec = self.seconds[min(n - 1, len(self.seconds) - 1)]
        audio = (0.1 * np.sin(np.arange(int(sec * self.sr)) * 2 * np.pi * 220 / self.sr)).astype(np.float32)
        with sf.SoundFile(path, "w", self.sr, 1, subtype="PCM_16") as f:
            if n == self.interrupt_at:
                f.write(audio[: len(audio) // 2])
                f.flush()
                raise KeyboardInterrupt
            f.write(audio)
            if settings.on_block:
                for i in range(0, len(audio), 1600):
                    settings.on_block(audio[i : i + 1600])
        return Rec(Path(path), sec, "silence")


@pytest.fixture
def seed():
    return find_scenario("customer-obsession-webhook")


def make(seed, tmp_path, mode, texts, recorder=None, **opts):
    speaker = FakeSpeaker()
    session = Session(
        seed,
        SessionOptions(mode=mode, streaming=False, formats=("json",), **opts),
        speaker=speaker,
        recorder=recorder or ScriptedRecorder(),
        transcriber=FakeTranscriber(texts),
        home=tmp_path,
        clock=lambda: datetime(2026, 11, 27, 9, 30, 0),
    )
    return session, speaker


def test_mock_asks_probes_for_what_the_answer_lacked(seed, tmp_path):
    probe_answer = seed.probes[0].strong_answer
    session, speaker = make(seed, tmp_path, "mock", [seed.weak_answer.text, probe_answer, probe_answer, probe_answer])
    report = session.run()
    # the weak answer has no numbers, no scope boundary, escalation: probes on impact, then the hand-off in
    # the candidate's own words ("You said ... escalated it"), then scope; one question per gap
    asked = [p.probe_id for p in report.probes]
    assert asked[0] == "measure-impact" and "followup-escalation" in asked and len(asked) == 3
    assert "escalated it to the Platform team" in next(p.question for p in report.probes if p.probe_id == "followup-escalation")
    assert all(p.reason for p in report.probes)
    assert seed.question in speaker.said[0]
    assert [q for q in speaker.said if any(p.question in q for p in report.probes)] == [
        s for s in speaker.said[1:-1]
    ], "between the question and the summary the agent only asks probes"
    assert "verdict" in speaker.said[-1] and report.overall.verdict in speaker.said[-1]
    folder = session.folder.path
    meta = json.loads((folder / "session.json").read_text())
    assert meta["complete"] is True and meta["mode"] == "mock" and len(meta["turns"]) == 4
    for t in meta["turns"]:
        assert (folder / t["audio"]).exists() and (folder / t["transcript"]).exists()
    saved = json.loads((folder / "report.json").read_text())
    assert saved["overall"]["verdict"] in ("Lean No Hire", "No Hire") and len(saved["probes"]) == 3
    assert folder.parent == tmp_path / "sessions" and folder.name == "20261127-093000-customer-obsession-webhook-mock"


def test_mock_with_a_strong_answer_still_probes_once(seed, tmp_path):
    strong = " ".join(s.strong_example for s in seed.sections[:4]) + " " + seed.reflection_for("senior")
    session, _ = make(seed, tmp_path, "mock", [strong, "I followed up with their tech lead until it merged."])
    report = session.run()
    assert len(report.probes) == 1


def test_unanswered_probes_are_recorded_as_such(seed, tmp_path):
    class RunsOut(ScriptedRecorder):
        def record(self, path, settings=TakeSettings()):
            if len(self.calls) >= 1:
                self.calls.append({})
                return Rec(Path(path), 0.0, "no_answer", False)
            return super().record(path, settings)

    session, _ = make(seed, tmp_path, "mock", [seed.weak_answer.text, ""], recorder=RunsOut())
    report = session.run()
    assert report.probes and all(not p.answered and p.verdict == "unanswered" for p in report.probes)
    assert json.loads((session.folder.path / "session.json").read_text())["complete"] is True


def test_guided_records_each_section_and_gives_feedback(seed, tmp_path):
    texts = [s.strong_example or seed.reflection_for("sde2") for s in seed.sections]
    rec = ScriptedRecorder(seconds=(28.0, 18.0, 80.0, 19.0, 14.0))
    session, speaker = make(seed, tmp_path, "guided", texts, recorder=rec)
    report = session.run()
    # the scenario's 30/20/90/20/15 s, scaled to the SDE2 budget (2 to 2.5 minutes): what is said is what is judged
    targets = [c["target_seconds"] for c in rec.calls]
    assert targets == [s.target for s in report.sections] and 120 <= sum(targets) <= 150
    assert [round(t / targets[0], 2) for t in targets] == [1.0, 0.67, 3.0, 0.67, 0.5]
    assert report.segmentation == "guided" and all(s.present for s in report.sections)
    announced = [s for s in speaker.said if s.startswith(("Situation:", "Task:", "Action:", "Result:", "Reflection:"))]
    assert announced[0] == f"Situation: about {targets[0]:.0f} seconds." and len(announced) == 5
    assert any(s.startswith(("Good", "To fix", "I didn't")) or "Good:" in s for s in speaker.said)


def test_learn_walks_through_and_scores_the_quiz(seed, tmp_path):
    session, speaker = make(seed, tmp_path, "learn", ["B", "Option C.", "the first one"])
    assert session.run().mode == "learn"
    quiz = json.loads((session.folder.path / "quiz.json").read_text())
    assert quiz["score"] == 2 and quiz["total"] == 3  # B and C are right, A is not
    spoken = " ".join(speaker.said)
    for needle in (seed.overview[:60], seed.section("action").strong_example[:60], seed.section("task").coaching[:40],
                   seed.weak_answer.bar_raiser_thinks[:40], seed.lenses[0].guidance[:40], seed.quiz[0].explanation[:40]):
        assert needle in spoken


def test_a_quiz_reply_with_no_choice_is_asked_once_more(seed, tmp_path):
    """"Hmm, let me think." names no option: the question is asked again, once; a second miss is no choice."""
    from mockint.session.learn import RETRY_PROMPT

    session, speaker = make(seed, tmp_path, "learn", ["Hmm, let me think.", "B", "Option C.", "Not sure.", "Dunno."])
    session.run()
    quiz = json.loads((session.folder.path / "quiz.json").read_text())
    assert [a["choice"] for a in quiz["answers"]] == [1, 2, None] and quiz["score"] == 2
    assert speaker.said.count(RETRY_PROMPT) == 2
    assert quiz["answers"][0]["heard"] == "B"


def test_interrupt_keeps_the_audio_and_marks_the_session_incomplete(seed, tmp_path):
    session, _ = make(seed, tmp_path, "mock", [seed.weak_answer.text], recorder=ScriptedRecorder(interrupt_at=2))
    with pytest.raises(KeyboardInterrupt):
        session.run()
    folder = session.folder.path
    meta = json.loads((folder / "session.json").read_text())
    assert meta["complete"] is False and meta["interrupted"] is True
    assert meta["turns"][1]["ended_by"] == "interrupt"
    partial = sf.info(folder / meta["turns"][1]["audio"])
    assert partial.duration == pytest.approx(1.5, abs=0.01)  # half of the 3 s turn, a valid WAV
    assert (folder / "report.json").exists()  # the main answer's report was written before the probe
    # rescore rebuilds the report from the saved audio
    report, path = rescore(str(folder), FakeTranscriber([seed.weak_answer.text, "I sent them a Slack message."]), home=tmp_path)
    assert path == folder and report.probes and report.overall.verdict in ("Lean No Hire", "No Hire")


def test_merge_transcripts_offsets_word_times():
    a = Transcript.from_words([Word(word="I", start=0.0, end=0.2), Word(word="noticed.", start=0.2, end=0.6)])
    b = Transcript.from_words([Word(word="Then", start=0.1, end=0.4)])
    m = merge_transcripts([(12.0, b), (0.0, a)], duration=14.0)
    assert [w.word for w in m.words] == ["I", "noticed.", "Then"]
    assert m.words[2].start == pytest.approx(12.1) and m.duration == 14.0


def test_streaming_transcriber_cuts_chunks_while_recording():
    fake = FakeTranscriber([Transcript.from_words([Word(word="chunk", start=0.5, end=0.9)])])
    s = StreamingTranscriber(fake, chunk_seconds=2.0)
    audio = (0.2 * np.sin(np.arange(16000 * 7) * 2 * np.pi * 200 / 16000)).astype(np.float32)  # speech, no pause
    for i in range(0, len(audio), 1600):
        s.feed(audio[i : i + 1600])
    t = s.finish()
    assert len(fake.calls) >= 3 and sum(fake.calls) == pytest.approx(7.0)
    starts = [w.start for w in t.words]
    assert starts == sorted(starts) and starts[0] == pytest.approx(0.5) and starts[-1] > 4.0


def test_streaming_transcriber_hands_over_at_each_pause():
    """By the time the silence window ends an answer, what was said has already gone to the worker."""
    fake = FakeTranscriber([Transcript.from_words([Word(word="said", start=0.2, end=0.6)])])
    s = StreamingTranscriber(fake, chunk_seconds=30.0)
    sr = 16000
    tone = (0.2 * np.sin(np.arange(3 * sr) * 2 * np.pi * 200 / sr)).astype(np.float32)
    for part in (tone, np.zeros(sr, np.float32), tone, np.zeros(2 * sr, np.float32)):
        for i in range(0, len(part), 800):
            s.feed(part[i : i + 800])
    # each spoken part went to the worker 0.6 s into the pause after it
    assert s._offset / sr == pytest.approx(7.6, abs=0.1)
    t = s.finish()
    assert len(fake.calls) == 2  # the trailing silence is not transcribed
    assert [w.start for w in t.words] == pytest.approx([0.2, 3.8], abs=0.1)
    assert t.duration == pytest.approx(9.0, abs=0.1)


def test_a_pause_hands_the_last_words_over_sooner_when_the_worker_is_idle():
    """0.3 s into a pause an idle worker gets what is pending (the end of turn waits on it); a busy one gets
    it only after 0.6 s, so short chunks never queue up behind each other on a loaded machine."""
    import threading

    release = threading.Event()

    class Slow(FakeTranscriber):
        def transcribe(self, audio, sample_rate=16000):
            release.wait(5)
            return super().transcribe(audio, sample_rate)

    sr = 16000
    tone = (0.2 * np.sin(np.arange(2 * sr) * 2 * np.pi * 200 / sr)).astype(np.float32)

    def speak_then_pause(s, pause):
        for part in (tone, np.zeros(int(pause * sr), np.float32)):
            for i in range(0, len(part), 800):
                s.feed(part[i : i + 800])
                s.heard()

    idle = StreamingTranscriber(FakeTranscriber(["said"]), chunk_seconds=30.0)
    speak_then_pause(idle, 0.35)
    assert idle._offset / sr == pytest.approx(2.3, abs=0.06)  # handed over 0.3 s into the pause
    idle.finish()

    release.clear()
    busy = StreamingTranscriber(Slow(["said"]), chunk_seconds=30.0)
    speak_then_pause(busy, 0.7)  # the first part goes over 0.3 s into its pause; the worker is now busy
    assert busy._offset / sr == pytest.approx(2.3, abs=0.06)
    speak_then_pause(busy, 0.45)
    assert busy._offset / sr == pytest.approx(2.3, abs=0.06)  # busy: 0.45 s of pause is not enough
    speak_then_pause(busy, 0.7)
    assert busy._offset / sr > 5.0  # ... 0.6 s is
    release.set()
    busy.finish()


def test_rescore_finds_a_scenario_practised_from_a_toml_path(seed, tmp_path):
    """`mockint practice my-story.toml`: the scenario is not findable by id, yet the session rescores."""
    import re

    from mockint.library.store import load_scenario, scenario_files

    bundled = next(f for f in scenario_files() if f.stem == "customer-obsession-webhook")
    own = tmp_path / "elsewhere" / "my-story.toml"
    own.parent.mkdir()
    own.write_text(re.sub(r'(?m)^id\s*=.*$', 'id = "my-own-story"', bundled.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    scenario = load_scenario(own)
    assert scenario.id == "my-own-story"
    home = tmp_path / "home"
    session = Session(scenario, SessionOptions(mode="mock", streaming=False, formats=("json",), max_probes=0),
                      speaker=FakeSpeaker(), recorder=ScriptedRecorder(), transcriber=FakeTranscriber([seed.weak_answer.text]),
                      home=home, scenario_file=own)
    session.run()
    folder = session.folder.path
    meta = json.loads((folder / "session.json").read_text())
    assert meta["scenario_file"] == "scenario.toml" and meta["scenario_path"] == str(own.resolve())
    own.unlink()  # the copy in the session folder is enough
    report, _ = rescore(str(folder), FakeTranscriber([seed.weak_answer.text]), home=home)
    assert report.scenario == "my-own-story"
    (folder / "scenario.toml").unlink()
    with pytest.raises(Exception, match="my-own-story"):  # neither copy nor file: by id, a one-line not found
        rescore(str(folder), FakeTranscriber([seed.weak_answer.text]), home=home)


def test_a_mock_report_says_how_it_was_segmented(seed, tmp_path):
    """Issue 14: every mock report stored `segmentation: ""`."""
    session, _ = make(seed, tmp_path, "mock", [seed.weak_answer.text], max_probes=0)
    session.run()
    assert json.loads((session.folder.path / "report.json").read_text())["segmentation"] == "auto"


def test_an_interrupted_session_with_a_report_is_in_the_history(seed, tmp_path):
    from mockint.store.history import History

    session, _ = make(seed, tmp_path, "mock", [seed.weak_answer.text], recorder=ScriptedRecorder(interrupt_at=2))
    with pytest.raises(KeyboardInterrupt):
        session.run()
    (attempt,) = History(tmp_path).attempts()
    assert attempt.session_id == session.folder.path.name and attempt.complete is False


def timed(text: str, start: float, seconds_per_word: float = 0.4) -> Transcript:
    words = [Word(word=w, start=round(start + i * seconds_per_word, 3), end=round(start + (i + 0.8) * seconds_per_word, 3))
             for i, w in enumerate(text.split())]
    return Transcript.from_words(words)


def test_guided_times_the_speech_not_the_time_between_takes(seed, tmp_path):
    """Issue 12: each take is 40 s long but holds a few seconds of speech starting 5 s in; the report counts
    the speech (no long pauses between sections, a WPM of the speech) and the record keeps the timeline."""
    from mockint.output.session_audio import guided_section_audio
    from mockint.scoring.timing import LONG_PAUSE_SECONDS
    from mockint.session.guided import SECTION_GAP_SECONDS

    texts = [s.strong_example or seed.reflection_for("sde2") for s in seed.sections]
    heard = [timed(t, 5.0) for t in texts]
    session, _ = make(seed, tmp_path, "guided", heard, recorder=ScriptedRecorder(seconds=(40.0,)))
    report = session.run()
    speech = [h.words[-1].end - h.words[0].start for h in heard]
    assert report.delivery.duration == pytest.approx(sum(speech) + 4 * SECTION_GAP_SECONDS, abs=0.01)
    assert report.delivery.long_pauses == [] and SECTION_GAP_SECONDS < LONG_PAUSE_SECONDS
    for sec, spoken in zip(report.sections, speech):
        assert sec.duration == pytest.approx(spoken, abs=0.01), sec.key
    words = len(report.transcript.words)
    assert report.delivery.wpm == pytest.approx(words / (report.delivery.duration / 60), rel=0.01)
    record = json.loads((session.folder.path / "session.json").read_text())
    assert record["version"] == 1 and [c["key"] for c in record["timeline"]] == [s.key for s in seed.sections]
    # the report's audio player reads the record's timeline: a word at joined time t plays at t - offset
    audio = guided_section_audio(session.folder.path, report)
    first_task_word = report.transcript.words[len(heard[0].words)]
    src, offset = audio["task"]
    assert src == "turns/02-section-task.wav" and first_task_word.start - offset == pytest.approx(5.0, abs=0.01)


def test_a_learn_session_leaves_a_report_and_an_attempt(seed, tmp_path):
    """Issue 12 item 4: learn mode left nothing behind; now `report`, `rescore` and `history` work on it."""
    from mockint.output.writers import write_session_report
    from mockint.store.history import History

    session, _ = make(seed, tmp_path, "learn", ["B", "See.", "the first one"])
    report = session.run()
    assert report.mode == "learn" and report.overall.verdict == "Quiz 2/3" and report.overall.score == pytest.approx(66.7)
    assert seed.quiz[2].explanation in report.fixes[0]
    (attempt,) = History(tmp_path).attempts()
    assert attempt.mode == "learn" and attempt.score == pytest.approx(66.7)
    _, paths, _ = write_session_report(session.folder.path, ["terminal", "md", "html"], home=tmp_path)
    assert len(paths) == 3
    again, _ = rescore(str(session.folder.path), FakeTranscriber(["B", "C", "D"]), home=tmp_path)
    assert again.overall.verdict == "Quiz 3/3"
    assert json.loads((session.folder.path / "quiz.json").read_text())["score"] == 3


def test_a_weak_probe_answer_gets_one_deeper_question_within_the_interviews_length(seed, tmp_path):
    vague = "We just sorted it out together with the other team."
    session, speaker = make(seed, tmp_path, "mock", [seed.weak_answer.text, vague, vague, vague, vague])
    report = session.run()
    asked = [p.probe_id for p in report.probes]
    assert asked[1] == "followup-deeper" and asked.count("followup-deeper") == 1 and len(asked) == 3
    assert "together with the other team" in report.probes[1].question
    assert any(report.probes[1].question in s for s in speaker.said)


def test_an_answer_stopped_at_the_cap_says_so(seed, tmp_path):
    class Capped(ScriptedRecorder):
        def record(self, path, settings=TakeSettings()):
            rec = super().record(path, settings)
            return Rec(rec.path, rec.duration, "max" if len(self.calls) == 1 else "silence")

    said: list[str] = []
    session = Session(
        seed,
        SessionOptions(mode="mock", streaming=False, formats=("json",), max_answer_seconds=3.0, max_probes=1),
        speaker=FakeSpeaker(),
        recorder=Capped(),
        transcriber=FakeTranscriber([seed.weak_answer.text, "I followed up."]),
        home=tmp_path,
        say_progress=said.append,
        clock=lambda: datetime(2026, 11, 27, 9, 30, 0),
    )
    session.run()
    assert any("stopped at the 3 s cap" in s and "saved" in s for s in said), said
    assert sum("cap" in s for s in said) == 1  # only the answer that hit it
