"""The interview session: learn, guided and mock modes, with follow-up probes; nothing recorded is lost.

Every session is a folder `<data_dir>/sessions/<stamp>-<scenario>-<mode>/`:
  session.json    metadata and turns, rewritten (atomically) after every turn; `complete` is false until the end
  turns/NN-*.wav  each recorded turn, streamed to disk while recording
  turns/NN-*.json each turn's transcript
  report.*        the report (json, md, html, txt), rewritten after each scored turn
Ctrl-C or a crash leaves every recorded turn on disk and `complete: false`; `mockint rescore` rebuilds
the report from the saved audio.

Engines come in through small interfaces (`Speaker`, `Recorder`, `Transcriber`), so the flow is tested
with fakes and the product runs with real devices, or with `--answer` recordings.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from mockint.scoring.probes import choose_probes
from mockint.scoring.quiz import parse_choice
from mockint.scoring.report import ProbeResult, Report
from mockint.scoring.rubric import score_answer, score_probe
from mockint.scoring.segmentation import SectionSpan
from mockint.library.scenario import LEVEL_LABELS, Scenario
from mockint.scoring.transcript import Segment, Transcript, Word

log = logging.getLogger(__name__)
SAMPLE_RATE = 16000
CHUNK_SECONDS = 12.0  # transcribe completed chunks of about this length while the candidate speaks
SCENARIO_COPY = "scenario.toml"  # the copy of a scenario practised from a file, in the session folder


@dataclass(frozen=True)
class SessionOptions:
    mode: str = "mock"  # learn | guided | mock
    level: str = "sde2"
    max_probes: int = 3  # follow-up probes in a mock (1 to 3)
    silence_seconds: float = 3.0  # silence after speech that ends an answer
    max_answer_seconds: float = 360.0  # hard cap on one answer
    allow_redo: bool = False  # guided: offer to redo a section (interactive only)
    formats: tuple[str, ...] = ("all",)  # report files written into the session folder
    streaming: bool = True  # transcribe completed chunks while the candidate is still speaking


@dataclass
class Turn:
    index: int
    kind: str  # answer | section | probe | quiz
    key: str  # section key, probe id, quiz number, or "answer"
    prompt: str
    audio: str | None = None  # relative to the session folder
    transcript: str | None = None
    duration: float | None = None
    ended_by: str | None = None
    answered: bool = True
    latency_to_next_prompt: float | None = None  # seconds from end of this turn to the next prompt's first sound
    extra: dict[str, Any] = field(default_factory=dict)


class SessionFolder:
    """The on-disk record of one session."""

    def __init__(self, path: Path):
        self.path = path
        self.turns_dir = path / "turns"
        self.turns_dir.mkdir(parents=True, exist_ok=True)

    @classmethod
    def create(cls, home: Path, scenario_id: str, mode: str, now: datetime) -> SessionFolder:
        base = home / "sessions" / f"{now:%Y%m%d-%H%M%S}-{scenario_id}-{mode}"
        path, n = base, 1
        while path.exists():
            n += 1
            path = base.with_name(f"{base.name}-{n}")
        return cls(path)

    def write_json(self, name: str, data: Any) -> Path:
        target = self.path / name
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(target)
        return target

    def save_meta(self, meta: dict[str, Any]) -> None:
        self.write_json("session.json", meta)

    def load_meta(self) -> dict[str, Any]:
        return json.loads((self.path / "session.json").read_text(encoding="utf-8"))


class StreamingTranscriber:
    """Transcribes completed chunks of a recording in a background thread while it is still going.

    `feed(block)` is called from the recorder with each block. A chunk is handed to the worker when the
    candidate pauses (`pause_seconds` of quiet after at least `min_seconds` of audio), or at the quietest
    100 ms near every `chunk_seconds` of continuous speech. Since an answer ends with a silence window,
    everything said has usually been transcribed by the time it ends; `finish()` transcribes the rest and
    returns the whole transcript with word times relative to the start of the recording.
    """

    def __init__(
        self,
        transcriber,
        sample_rate: int = SAMPLE_RATE,
        chunk_seconds: float = CHUNK_SECONDS,
        pause_seconds: float = 0.6,
        min_seconds: float = 2.0,
    ):
        self.transcriber = transcriber
        self.sr = sample_rate
        self.chunk = int(chunk_seconds * sample_rate)
        self.pause = int(pause_seconds * sample_rate)
        self.min_len = int(min_seconds * sample_rate)
        self._pending: list[np.ndarray] = []
        self._pending_len = 0
        self._quiet = 0  # samples of quiet at the end of what is pending
        self._loud = 0.0  # loudest block RMS heard so far
        self._offset = 0  # samples already handed to the worker
        self._jobs: queue.Queue = queue.Queue()
        self._parts: list[tuple[float, Transcript]] = []
        self._error: BaseException | None = None
        self._worker = threading.Thread(target=self._run, name="mockint-asr", daemon=True)
        self._worker.start()

    def feed(self, block: np.ndarray) -> None:
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        if not block.size:
            return
        rms = float(np.sqrt(np.mean(block**2)))
        self._loud = max(self._loud, rms)
        quiet = rms < max(1e-4, self._loud * 0.1)  # 20 dB below the loudest speech
        self._quiet = self._quiet + len(block) if quiet else 0
        self._pending.append(block)
        self._pending_len += len(block)
        if self._quiet >= self.pause and self._pending_len - self._quiet >= self.min_len:
            audio = np.concatenate(self._pending)
            self._submit(audio)  # a pause: everything said so far goes to the worker
            self._pending, self._pending_len, self._quiet = [], 0, 0
        elif self._pending_len >= self.chunk + self.sr:  # long speech without a pause: cut at a quiet moment
            audio = np.concatenate(self._pending)
            cut = _quiet_cut(audio, self.chunk, self.sr)
            self._submit(audio[:cut])
            rest = audio[cut:]
            self._pending, self._pending_len = [rest], len(rest)

    def _submit(self, audio: np.ndarray) -> None:
        self._jobs.put((self._offset / self.sr, audio))
        self._offset += len(audio)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            offset, audio = job
            try:
                self._parts.append((offset, self.transcriber.transcribe(audio, self.sr)))
            except BaseException as e:  # reported by finish()
                self._error = e

    def abandon(self) -> None:
        """Stop without transcribing what is left (the audio is on disk; `rescore` can transcribe it)."""
        self._pending, self._pending_len = [], 0
        while not self._jobs.empty():
            try:
                self._jobs.get_nowait()
            except queue.Empty:
                break
        self._jobs.put(None)
        self._worker.join()  # a native model call must not be running while the interpreter exits

    def finish(self) -> Transcript:
        if self._pending_len > self._quiet:  # trailing silence alone is not worth a model call
            self._submit(np.concatenate(self._pending))
        else:
            self._offset += self._pending_len
        self._pending, self._pending_len = [], 0
        self._jobs.put(None)
        self._worker.join()
        if self._error:
            raise self._error
        return merge_transcripts(self._parts, duration=self._offset / self.sr)


def _quiet_cut(audio: np.ndarray, around: int, sr: int) -> int:
    """The sample index of the quietest 100 ms frame within a second after `around`."""
    frame = sr // 10
    lo, hi = around, min(len(audio) - frame, around + sr)
    if hi <= lo:
        return around
    energies = [(float(np.mean(audio[i : i + frame] ** 2)), i) for i in range(lo, hi, frame // 2)]
    return min(energies)[1] + frame // 2


def merge_transcripts(parts: list[tuple[float, Transcript]], duration: float | None = None) -> Transcript:
    """One transcript from pieces that start at the given offsets (seconds)."""
    words: list[Word] = []
    segments: list[Segment] = []
    regions: list[tuple[float, float]] = []
    fillers: int | None = None

    def sh(t: float | None, off: float) -> float | None:
        return None if t is None else round(t + off, 3)

    for off, t in sorted(parts, key=lambda p: p[0]):
        words += [w.model_copy(update={"start": sh(w.start, off), "end": sh(w.end, off)}) for w in t.words]
        for s in t.segments:
            segments.append(
                s.model_copy(
                    update={
                        "start": sh(s.start, off),
                        "end": sh(s.end, off),
                        "words": [w.model_copy(update={"start": sh(w.start, off), "end": sh(w.end, off)}) for w in s.words],
                    }
                )
            )
        regions += [(a + off, b + off) for a, b in t.speech_regions]
        if t.filler_count is not None:
            fillers = (fillers or 0) + t.filler_count
    text = " ".join(s.text.strip() for s in segments) if segments else " ".join(w.word.strip() for w in words)
    return Transcript(text=text.strip(), words=words, segments=segments, duration=duration, speech_regions=regions, filler_count=fillers)


class Session:
    """One practice session. `run()` returns the final Report (None in learn mode)."""

    def __init__(
        self,
        scenario: Scenario,
        options: SessionOptions,
        *,
        speaker,
        recorder,
        transcriber,
        home: Path,
        clock: Callable[[], datetime] = datetime.now,
        ask: Callable[[str], str] | None = None,
        say_progress: Callable[[str], None] | None = None,
        scenario_file: Path | None = None,
    ):
        self.scenario = scenario
        self.options = options
        self.speaker = speaker
        self.recorder = recorder
        self.transcriber = transcriber
        self.clock = clock
        self.ask = ask  # reads a typed reply (interactive sessions only)
        self.progress = say_progress or (lambda msg: log.info(msg))
        self.home = home
        try:  # open (create) the history before this session's folder exists, so a first run is no "rebuild"
            from mockint.store.history import History

            History(home)
        except Exception as e:
            log.warning("could not open the history: %s", e)
        self.folder = SessionFolder.create(home, scenario.id, options.mode, clock())
        self.turns: list[Turn] = []
        self.report: Report | None = None
        self.meta: dict[str, Any] = {
            "id": self.folder.path.name,
            "scenario": scenario.id,
            "mode": options.mode,
            "level": options.level,
            "started_at": clock().isoformat(timespec="seconds"),
            "ended_at": None,
            "complete": False,
            "interrupted": False,
            "turns": [],
        }
        if scenario_file is not None:  # practised from a .toml path: `rescore` finds it (a copy, then the path)
            import shutil

            self.meta["scenario_path"] = str(Path(scenario_file).resolve())
            try:
                shutil.copyfile(scenario_file, self.folder.path / SCENARIO_COPY)
                self.meta["scenario_file"] = SCENARIO_COPY
            except OSError as e:
                log.warning("could not keep a copy of %s: %s", scenario_file, e)
        self._save()

    # -- bookkeeping --------------------------------------------------------------------------
    def _save(self) -> None:
        self.meta["turns"] = [t.__dict__ for t in self.turns]
        self.folder.save_meta(self.meta)

    def _say(self, text: str) -> None:
        self.speaker.say(text)

    def _record(self, kind: str, key: str, prompt: str, target: float | None) -> tuple[Turn, Transcript]:
        """Record one turn to disk, transcribe it (while recording when streaming) and save both."""
        index = len(self.turns) + 1
        rel = f"turns/{index:02d}-{kind}-{key}.wav"
        turn = Turn(index=index, kind=kind, key=key, prompt=prompt, audio=rel)
        self.turns.append(turn)
        self._save()  # the turn exists on disk before a single sample is recorded
        stream = StreamingTranscriber(self.transcriber) if self.options.streaming else None
        try:
            rec = self.recorder.record(
                self.folder.path / rel,
                target_seconds=target,
                silence_seconds=self.options.silence_seconds,
                max_seconds=self.options.max_answer_seconds,
                on_block=stream.feed if stream else None,
            )
        except BaseException as e:
            turn.ended_by = "interrupt"
            rec = getattr(e, "recording", None)  # RecordingInterrupted: the audio so far is on disk
            if rec is not None and rec.duration:
                turn.duration = round(rec.duration, 2)
            self._save()
            if stream and rec is not None and rec.duration:
                try:  # what was said is kept: most of it is transcribed already
                    partial = stream.finish()
                except BaseException:
                    stream.abandon()
                else:
                    turn.transcript = rel.removesuffix(".wav") + ".json"
                    (self.folder.path / turn.transcript).write_text(partial.model_dump_json(indent=2), encoding="utf-8")
                    self._partial = (turn, partial)
                    self._save()
            elif stream:
                stream.abandon()
            raise
        self._t_end = time.monotonic()
        turn.duration = round(rec.duration, 2) if rec.duration is not None else None
        turn.ended_by = rec.ended_by
        turn.answered = rec.ended_by != "no_answer" and (rec.duration or 0) > 0
        if not turn.answered:
            if stream:
                stream.finish()
            turn.audio = None if not (self.folder.path / rel).exists() else rel
            transcript = Transcript(text="")
        elif stream:
            transcript = stream.finish()
        else:
            from mockint.speech.audio import load_audio

            transcript = self.transcriber.transcribe(load_audio(self.folder.path / rel))
        turn.transcript = rel.removesuffix(".wav") + ".json"
        (self.folder.path / turn.transcript).write_text(transcript.model_dump_json(indent=2), encoding="utf-8")
        self._save()
        return turn, transcript

    def _prompt_then_measure(self, text: str) -> None:
        """Say the next prompt; note how long after the end of the last turn its first sound came."""
        t_end = getattr(self, "_t_end", None)
        self._say(text)
        started = getattr(self.speaker, "last_sound_started_at", None)
        if t_end is not None and self.turns:
            first = started if started is not None else time.monotonic()
            self.turns[-1].latency_to_next_prompt = round(max(0.0, first - t_end), 3)
            self._t_end = None
            self._save()

    def _write_reports(self) -> None:
        if self.report is None:
            return
        self.folder.write_json("report.json", json.loads(self.report.model_dump_json()))
        try:
            from mockint.output.writers import write_report

            write_report(self.report, self.folder.path, list(self.options.formats), scenario=self.scenario)
        except Exception as e:  # a report writer must never cost the candidate their session
            log.warning("could not write report files: %s", e)

    def _finish(self) -> None:
        self.meta["ended_at"] = self.clock().isoformat(timespec="seconds")
        self.meta["complete"] = True
        self._save()
        if self.report is None:
            return
        self.folder.write_json("report.json", json.loads(self.report.model_dump_json()))
        try:  # the final report, with the trend of earlier attempts; also records this one in the history
            from mockint.output.writers import write_session_report

            write_session_report(self.folder.path, list(self.options.formats), report=self.report, scenario=self.scenario, home=self.home)
        except Exception as e:  # a report writer must never cost the candidate their session
            log.warning("could not write the final report: %s", e)

    def run(self) -> Report | None:
        try:
            mode = self.options.mode
            if mode == "learn":
                self.run_learn()
            elif mode == "guided":
                self.run_guided()
            else:
                self.run_mock()
        except KeyboardInterrupt:
            self.meta["interrupted"] = True
            self.meta["ended_at"] = self.clock().isoformat(timespec="seconds")
            partial = getattr(self, "_partial", None)
            if self.report is None and partial is not None and partial[0].kind == "answer":
                try:  # a report of the answer so far (`mockint rescore` rebuilds it from the audio)
                    report = score_answer(partial[1], self.scenario, self.options.level, mode=self.options.mode)
                    self.report = self._with_meta(report, audio=partial[0].audio)
                except Exception as e:
                    log.warning("could not score the interrupted answer: %s", e)
            self._write_reports()
            self._save()
            raise
        self._finish()
        return self.report

    # -- mock ---------------------------------------------------------------------------------
    def run_mock(self) -> None:
        s, o = self.scenario, self.options
        cal = s.calibration(o.level)
        self._say(f"Let's begin. {s.question} Take your time; answer in one go. {cal.budget_text}")
        self.progress(f"Answer now ({cal.budget_text}); the answer ends after {o.silence_seconds:g} s of silence.")
        _, transcript = self._record("answer", "answer", s.question, s.total_target_seconds)
        self.report = self._with_meta(score_answer(transcript, s, o.level, mode="mock"), audio=self.turns[-1].audio)
        self._write_reports()
        choices = choose_probes(self.report, s, max_probes=max(1, min(3, o.max_probes))) if o.max_probes > 0 else []
        probes: list[ProbeResult] = []
        for i, choice in enumerate(choices):
            lead = "A follow-up question. " if i == 0 else "Next question. "
            self._prompt_then_measure(lead + choice.probe.question)
            self.progress(f"Probe {i + 1}/{len(choices)}: {choice.probe.question}")
            turn, t = self._record("probe", choice.probe.id, choice.probe.question, 60.0)
            result = score_probe(t, choice.probe, reason=choice.reason)
            result = result.model_copy(update={"audio": turn.audio, "answered": turn.answered and result.answered})
            probes.append(result)
            self.report = self.report.model_copy(update={"probes": list(probes)})
            self._write_reports()
        self._prompt_then_measure(self._spoken_summary(self.report))

    def _with_meta(self, report: Report, audio: str | None) -> Report:
        engine = getattr(self.transcriber, "name", None) or type(self.transcriber).__name__
        return report.model_copy(update={"audio": audio, "engine": engine, "created_at": self.meta["started_at"]})

    def _spoken_summary(self, r: Report) -> str:
        parts = [f"That's the end of the interview. My verdict at {LEVEL_LABELS[r.level]}: {r.overall.verdict}, {r.overall.score:.0f} out of 100."]
        if r.fixes:
            parts.append("The most valuable thing to fix next: " + r.fixes[0])
        if r.probes:
            strong = sum(1 for p in r.probes if p.verdict == "strong")
            parts.append(f"Follow-ups: {strong} of {len(r.probes)} strong.")
        parts.append("Your full report is saved.")
        return " ".join(parts)

    # -- guided -------------------------------------------------------------------------------
    def run_guided(self) -> None:
        s, o = self.scenario, self.options
        self._say(f"Guided practice. {s.question} We'll go one STAR section at a time.")
        parts: list[tuple[str, Transcript, float]] = []  # (section, transcript, recording duration)
        for sec in s.sections:
            while True:
                self._prompt_then_measure(f"{sec.title}: about {sec.target_seconds:g} seconds.")
                self.progress(f"{sec.title}: target {sec.target_seconds:g} s")
                turn, t = self._record("section", sec.key, sec.title, sec.target_seconds)
                feedback = self._section_feedback(sec.key, t)
                self._prompt_then_measure(feedback)
                if o.allow_redo and self.ask and self.ask(f"Redo the {sec.title}? [y/N] ").strip().lower().startswith("y"):
                    turn.extra["redone"] = True
                    self._save()
                    continue
                break
            parts.append((sec.key, t, turn.duration or 0.0))
        transcript, spans = _join_sections(parts)
        report = score_answer(transcript, s, o.level, spans=spans, mode="guided")
        self.report = self._with_meta(report.model_copy(update={"segmentation": "guided"}), audio=None)
        self._prompt_then_measure(self._spoken_summary(self.report))

    def _section_feedback(self, key: str, t: Transcript) -> str:
        sec = self.scenario.section(key)
        if not t.text.strip():
            return f"I didn't hear a {sec.title}. {sec.coaching}"
        n = len(t.words) or len(t.text.split())
        r = score_answer(t, self.scenario, self.options.level, spans=[SectionSpan(key, 0, n)])
        res = r.section(key)
        parts = []
        if res.duration is not None:
            verdict = "about right" if abs(res.duration - sec.target_seconds) <= sec.target_seconds * r.timing_tolerance else (
                "too long" if res.duration > sec.target_seconds else "short")
            parts.append(f"{res.duration:.0f} seconds against {sec.target_seconds:g}: {verdict}.")
        good = [s for s in res.signals if s.found] or []
        if res.matched_phrases:
            parts.append(f'Good: "{res.matched_phrases[0].heard}".')
        elif good:
            parts.append(f"Good: {good[0].label.lower()}.")
        own_flags = [f for f in r.flags if f.section == key and f.code not in ("section_over_target", "section_under_target")]
        missing = [s for s in res.signals if not s.found]
        if own_flags:
            parts.append("To fix: " + own_flags[0].message)
        elif missing:
            parts.append(f"To fix: add {missing[0].label.lower()}.")
        else:
            parts.append("Nothing major to fix.")
        return " ".join(parts)

    # -- learn --------------------------------------------------------------------------------
    def run_learn(self) -> None:
        s, lvl = self.scenario, self.options.level
        say = self._prompt_then_measure
        say(f"Learn mode. The question: {s.question}")
        say(s.overview)
        say(s.summary)
        for sec in s.sections:
            if sec.strong_example:
                say(f"{sec.title}, about {sec.target_seconds:g} seconds. A strong example: {sec.strong_example}")
            else:
                say(f"{sec.title}, about {sec.target_seconds:g} seconds. Key ideas: {'; '.join(sec.key_phrases)}. "
                    f"For example, at {LEVEL_LABELS[lvl]}: {s.reflection_for(lvl)}")
            say(f"Coaching: {sec.coaching} Common mistake: {sec.common_mistake}")
        for lens in s.lenses:
            say(f"Through the lens of {lens.principle}: {lens.guidance} Emphasize {lens.emphasize} Downplay {lens.downplay}")
        cal = s.calibration(lvl)
        say(f"At {LEVEL_LABELS[lvl]}: {cal.guidance} The bar: {cal.bar} {cal.budget_text}")
        wa = s.weak_answer
        say(f"Here is a weak answer. {wa.text} A Bar Raiser thinks: {wa.bar_raiser_thinks}")
        say("Now a short quiz. Answer with the letter of your choice.")
        correct = 0
        results = []
        for i, q in enumerate(s.quiz, 1):
            letters = " ".join(f"{chr(65 + j)}: {o.rstrip('.')}." for j, o in enumerate(q.options))
            say(f"Question {i}. {q.question} {letters}")
            choice, heard = self._quiz_answer(i, q)
            ok = choice == q.answer
            correct += ok
            right = f"{chr(65 + q.answer)}"
            verdict = "Correct." if ok else (f"Not quite: the answer is {right}." if choice is not None else f"I didn't catch a choice. The answer is {right}.")
            say(f"{verdict} {q.explanation}")
            results.append({"question": q.question, "heard": heard, "choice": choice, "answer": q.answer, "correct": ok})
        say(f"You got {correct} of {len(s.quiz)}.")
        self.meta["quiz"] = {"score": correct, "total": len(s.quiz), "answers": results}
        self.folder.write_json("quiz.json", self.meta["quiz"])
        self._save()

    def _quiz_answer(self, i: int, q) -> tuple[int | None, str]:
        if self.ask is not None:
            heard = self.ask(f"Your answer ({'/'.join(chr(65 + j) for j in range(len(q.options)))}), or Enter to answer aloud: ")
            if heard.strip():
                return parse_choice(heard, len(q.options)), heard.strip()
        _, t = self._record("quiz", str(i), q.question, 10.0)
        return parse_choice(t.text, len(q.options)), t.text


def _join_sections(parts: list[tuple[str, Transcript, float]]) -> tuple[Transcript, list[SectionSpan]]:
    """One transcript from per-section recordings laid end to end, with the known spans."""
    pieces, spans, offset, n = [], [], 0.0, 0
    for key, t, duration in parts:
        length = max(duration, t.duration or 0.0)
        t = t if t.words else Transcript.from_text(t.text)
        pieces.append((offset, t))
        if t.words:
            spans.append(SectionSpan(key, n, n + len(t.words)))
        n += len(t.words)
        offset += length
    return merge_transcripts(pieces, duration=offset or None), spans


# -- the no-microphone demo -------------------------------------------------------------------

DEMO_ANSWERS = {
    # turn key -> bundled recording (stem in audio_fixtures/; pyproject.toml ships these in the wheel)
    "answer": "weak_continuous",
    **{k: f"section_{k}" for k in ("situation", "task", "action", "result", "reflection")},
}


class DemoRecorder:
    """Answers each turn with the bundled recording made for it (see audio_fixtures/)."""

    is_demo = True

    def __init__(self, mode: str, realtime: bool = True, folder: Path | None = None):
        from mockint.paths import bundled

        self.mode = mode
        self.realtime = realtime
        self.folder = folder or bundled("demo")

    def _file_for(self, key: str, kind: str) -> Path | None:
        stem = DEMO_ANSWERS.get(key)
        if kind == "probe":
            stem = f"probe_{key.replace('-', '_')}_strong"
        elif kind == "quiz":
            stem = f"quiz_{key}"
        if not stem:
            return None
        return next((p for p in sorted(self.folder.glob(stem + ".*")) if p.suffix != ".json"), None)

    def record(self, path: Path, **kwargs):
        from mockint.speech.recorder import FileRecorder

        _, kind, key = Path(path).stem.split("-", 2)
        f = self._file_for(key, kind)
        return FileRecorder([f] if f else [], realtime=self.realtime).record(path, **kwargs)

    def leftover(self) -> list[Path]:
        return []


# -- rescoring a saved session ----------------------------------------------------------------


def _session_scenario(path: Path, meta: dict[str, Any], find_scenario) -> Scenario:
    """The scenario a session used: its copy in the folder, else the file it came from, else by id."""
    from mockint.errors import ScenarioError
    from mockint.library.scenario import load_scenario

    for candidate in (path / meta["scenario_file"] if meta.get("scenario_file") else None, meta.get("scenario_path")):
        if candidate and Path(candidate).is_file():
            try:
                return load_scenario(candidate)
            except ScenarioError as e:
                log.warning("%s", e)
    return find_scenario(meta["scenario"])


def rescore(ref: str, transcriber, level: str | None = None, home: Path | None = None) -> tuple[Report | None, Path]:
    """Transcribe every saved turn again and rebuild the session's report (e.g. with a bigger model)."""
    from mockint.speech.audio import load_audio
    from mockint.errors import MockintError
    from mockint.store.history import History, find_session
    from mockint.library.scenario import find_scenario

    path = find_session(ref, home)
    folder = SessionFolder(path)
    try:
        meta = folder.load_meta()
    except (OSError, ValueError) as e:
        raise MockintError(f"{path / 'session.json'}: cannot read: {e}") from None
    scenario = _session_scenario(path, meta, find_scenario)
    level = level or meta.get("level", "sde2")
    turns = []
    for t in meta.get("turns", []):
        audio = path / t["audio"] if t.get("audio") else None
        if audio and audio.exists() and audio.stat().st_size > 44:
            from mockint.speech.recorder import repair_wav

            repair_wav(audio)  # a header a crash left saying 0 s (recordings before the crash-safe writer)
            transcript = transcriber.transcribe(load_audio(audio))
        else:
            transcript = Transcript(text="")
        t["transcript"] = (t["audio"] or f"turns/{t['index']:02d}-{t['kind']}-{t['key']}.wav").removesuffix(".wav") + ".json"
        (path / t["transcript"]).write_text(transcript.model_dump_json(indent=2), encoding="utf-8")
        turns.append((t, transcript))
    report: Report | None = None
    answer = next(((t, tr) for t, tr in turns if t["kind"] == "answer"), None)
    sections = [(t["key"], tr, t.get("duration") or 0.0) for t, tr in turns if t["kind"] == "section"]
    if answer:
        report = score_answer(answer[1], scenario, level, mode=meta.get("mode"))
        report = report.model_copy(update={"audio": answer[0].get("audio")})
        probes = []
        for t, tr in turns:
            if t["kind"] == "probe":
                probe = next((p for p in scenario.probes if p.id == t["key"]), None)
                if probe:
                    probes.append(score_probe(tr, probe).model_copy(update={"audio": t.get("audio")}))
        report = report.model_copy(update={"probes": probes})
    elif sections:
        # a redone section keeps only its last take
        last = {k: (k, tr, d) for k, tr, d in sections}
        transcript, spans = _join_sections(list(last.values()))
        report = score_answer(transcript, scenario, level, spans=spans, mode="guided").model_copy(update={"segmentation": "guided"})
    engine = getattr(transcriber, "name", None) or type(transcriber).__name__
    meta["rescored_at"] = datetime.now().isoformat(timespec="seconds")
    meta["level"] = level
    if report is not None:
        report = report.model_copy(update={"engine": engine, "created_at": meta.get("started_at")})
        folder.write_json("report.json", json.loads(report.model_dump_json()))
        try:
            from mockint.output.writers import write_session_report

            write_session_report(path, "all", report=report, scenario=scenario, home=home)
        except Exception as e:
            log.warning("could not write the report files: %s", e)
            History(home).record(report, path)
    folder.save_meta(meta)
    return report, path
