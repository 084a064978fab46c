"""Transcription: pure helpers, the fake, and the real default engine on the audio fixtures."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import soundfile as sf
from conftest import fixture_audio, load_ground_truth

from fakes import FakeTranscriber

from mockint.scoring.normalize import is_filler
from mockint.speech.asr import get_transcriber
from mockint.speech.cleanup import drop_hallucinations, is_hallucination, refine_word_times, strip_prompt_echo
from mockint.speech.regions import VadSettings, clip_spans
from mockint.speech.transcriber import FILLER_PROMPT
from mockint.defaults import SAMPLE_RATE
from mockint.speech.audio import load_audio, resample
from mockint.errors import MockintError
from mockint.scoring.transcript import Segment, Transcript, Word

SPEECH_KINDS = ("continuous", "section", "probe", "short")


# -- pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["um", "Um,", "umm", "uh", "Uhh...", "hmm", "Hmm?", "mm", "er", "erm", "ah"])
def test_fillers(word):
    assert is_filler(word)


@pytest.mark.parametrize("word", ["like", "I", "a", "umbrella", "uh-oh", "her", "mum", "um-hmm-yes", "are"])
def test_not_fillers(word):
    assert not is_filler(word)


def test_word_end_in_pause_is_pulled_back_and_start_pushed_forward():
    regions = [(0.0, 2.0), (3.5, 5.0)]
    words = [Word(word="before", start=1.5, end=2.9), Word(word="after", start=2.95, end=4.0)]
    out = refine_word_times(words, regions, duration=5.0)
    assert (out[0].start, out[0].end) == (1.5, 2.0)
    assert (out[1].start, out[1].end) == (3.5, 4.0)


def test_word_spanning_a_pause_is_confined_to_its_speech():
    regions = [(70.0, 81.586), (82.702, 90.0)]
    words = [Word(word="reliability.", start=80.78, end=81.4), Word(word="The", start=81.4, end=82.92)]
    out = refine_word_times(words, regions, duration=95.0)
    assert (out[1].start, out[1].end) == (82.702, 82.92)


def test_refined_times_stay_in_order_and_in_the_audio():
    regions = [(0.5, 1.0)]
    words = [
        Word(word="a", start=-0.2, end=0.7),
        Word(word="b", start=0.6, end=0.65),
        Word(word="c", start=1.5, end=1.8),  # overlaps no region: kept as Whisper said
        Word(word="d", start=1.9, end=9.0),
        Word(word="untimed"),
    ]
    out = refine_word_times(words, regions, duration=2.0)
    assert [(w.start, w.end) for w in out[:4]] == [(0.5, 0.7), (0.7, 0.7), (1.5, 1.8), (1.9, 2.0)]
    assert out[4].start is None


def test_clip_spans_merge_close_regions_and_pad():
    vad = VadSettings(clip_merge_s=2.0, clip_pad_s=0.5)
    assert clip_spans([(0.2, 1.0), (2.0, 3.0), (8.0, 9.0)], 9.2, vad) == [(0.0, 3.5), (7.5, 9.2)]


def test_hallucination_outside_speech_or_too_fast():
    regions = [(0.0, 4.0)]
    echo = Segment(text="Okay, here's what I'm going to do.", words=[Word(word=w, start=4.2, end=4.3) for w in "Okay, here's what".split()])
    packed = Segment(text="a b c d", words=[Word(word=w, start=1.0, end=1.1) for w in "abcd"])
    real = Segment(text="I fixed it", words=[Word(word="I", start=1.0, end=1.1), Word(word="fixed", start=1.1, end=1.5), Word(word="it", start=1.5, end=1.7)])
    thanks = Segment(text="Thank you.", words=[Word(word="Thank", start=3.9, end=4.5), Word(word="you.", start=4.5, end=4.5)])
    assert is_hallucination(echo, regions)
    assert is_hallucination(thanks, regions)  # 0.1 s of its 0.6 s inside speech
    assert is_hallucination(packed, regions)
    assert not is_hallucination(real, regions)


def test_a_one_word_reply_alone_in_its_speech_is_kept():
    """A lone "B." gets a word time stretched over its clip's padding (0.51-1.19 s for speech at 1.01-1.36 s,
    as faster-whisper timed Piper's "A." heard "Hey."): mostly outside speech, yet the one thing heard there."""
    regions = [(1.01, 1.36)]
    lone = Segment(text="B.", words=[Word(word="B.", start=0.51, end=1.19)])
    assert is_hallucination(lone, regions) and drop_hallucinations([lone], regions) == [lone]
    heard = Segment(text="I fixed it.", words=[Word(word=w, start=1.05 + 0.1 * i, end=1.14 + 0.1 * i) for i, w in enumerate(["I", "fixed", "it."])])
    assert drop_hallucinations([heard, lone], regions) == [heard]  # the speech is heard already: still dropped
    thanks = Segment(text="Thank you.", words=[Word(word="Thank", start=0.5, end=1.1), Word(word="you.", start=1.1, end=1.2)])
    assert drop_hallucinations([thanks], regions) == []  # Whisper's stock invention over a cough: never a reply
    other = Segment(text="Bee.", words=[Word(word="Bee.", start=0.6, end=1.1)])
    assert drop_hallucinations([lone, other], regions) == [lone]  # one rescue a region: the one covering most
    far = Segment(text="B.", words=[Word(word="B.", start=8.0, end=9.0)])
    assert drop_hallucinations([far], [(1.0, 1.0), (2.0, 3.0)]) == []  # no overlap with any speech
    packed = Segment(text="a b c", words=[Word(word=w, start=1.0, end=1.1) for w in "abc"])
    assert drop_hallucinations([packed], [(1.0, 1.2)]) == []


def test_prompt_echo_is_trimmed():
    words = [Word(word="I", start=0, end=0.2, probability=0.9), Word(word="fixed", start=0.2, end=0.5, probability=0.9),
             Word(word="it.", start=0.5, end=0.7, probability=0.8), Word(word="Okay.", start=0.7, end=0.8, probability=0.06)]
    out = strip_prompt_echo([Segment(text="I fixed it. Okay.", words=words)], FILLER_PROMPT)
    assert out[0].text == "I fixed it." and len(out[0].words) == 3
    confident = [w.model_copy(update={"probability": 0.9}) for w in words]
    assert len(strip_prompt_echo([Segment(text="", words=confident)], FILLER_PROMPT)[0].words) == 4


def test_fake_transcriber_returns_scripted_transcripts_in_turn():
    fake = FakeTranscriber(["first answer", Transcript.from_text("second answer")])
    audio = np.zeros(SAMPLE_RATE * 2, np.float32)
    assert fake.transcribe(audio).text == "first answer"
    assert fake.transcribe(audio).text == "second answer"
    assert fake.transcribe(audio).text == "second answer"
    assert fake.calls == [2.0, 2.0, 2.0]


def test_get_transcriber_errors(monkeypatch):
    with pytest.raises(MockintError, match=r"^engine: unknown engine 'vosk'"):
        get_transcriber("vosk")
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "whisper" else real(name, *a))
    with pytest.raises(MockintError, match=re.escape("pip install 'mockint[openai-whisper]'")):
        get_transcriber("openai-whisper")


def test_each_clip_is_told_where_its_speech_ends():
    seen: list[float | None] = []

    class Probe(FakeTranscriber):
        def _decode(self, audio, speech_end=None, options=None):
            seen.append(speech_end)
            return []

    audio = np.zeros(SAMPLE_RATE * 16, np.float32)
    Probe([]).decode_clips(audio, [(0.0, 5.0), (10.0, 15.0)], [(0.5, 2.0), (2.5, 4.6), (10.5, 14.0)])
    Probe([]).decode_clips(audio, [(0.0, 5.0)])
    assert seen == [pytest.approx(4.6), pytest.approx(4.0), None]


def test_faster_whisper_stops_decoding_once_the_words_reach_the_end_of_speech():
    """The windows after the last word are the clip's padding: never decoded (each costs a model pass)."""
    from types import SimpleNamespace

    from mockint.speech.engines import FasterWhisperTranscriber

    pulled: list[int] = []

    def windows():
        for i, (s, e) in enumerate([(0.0, 3.0), (3.0, 3.9), (4.0, 4.6)]):
            pulled.append(i)
            yield SimpleNamespace(text=" w", start=s, end=e, words=[SimpleNamespace(word=" w", start=s, end=e, probability=0.9)])

    t = FasterWhisperTranscriber()
    t._model = SimpleNamespace(transcribe=lambda *a, **k: (windows(), None))
    audio = np.zeros(SAMPLE_RATE * 5, np.float32)
    assert [s.end for s in t._decode(audio, speech_end=4.1)] == [3.0, 3.9] and pulled == [0, 1]
    pulled.clear()
    assert [s.end for s in t._decode(audio, speech_end=None)] == [3.0, 3.9, 4.6] and pulled == [0, 1, 2]
    pulled.clear()
    assert len(t._decode(audio, speech_end=4.5)) == 3  # a last word that ends 0.6 s early has not reached it


# -- the real default engine on the fixtures -------------------------------------------------


def speech_fixtures() -> list[str]:
    from conftest import FIXTURES_DIR

    names = []
    for p in sorted(FIXTURES_DIR.glob("*.json")):
        if json.loads(p.read_text())["kind"] in SPEECH_KINDS:
            names.append(p.stem)
    return names


def wer(refs: list[str], hyps: list[str]) -> float:
    import jiwer
    from whisper_normalizer.english import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    return jiwer.wer([norm(r) for r in refs], [norm(h) or "<empty>" for h in hyps])


def spoken_words(t: Transcript) -> str:
    return " ".join(w.word for w in t.words if not is_filler(w.word))


def reference(truth: dict) -> str:
    return " ".join(w for w in truth["text"].split() if not is_filler(w))


@pytest.fixture(scope="module")
def transcripts(heard) -> dict[str, Transcript]:
    """Every speech fixture transcribed once by the default engine."""
    return {name: heard(name) for name in speech_fixtures()}


@pytest.mark.slow
def test_fixture_wer_at_most_15_percent(transcripts):
    truths = {n: load_ground_truth(n) for n in transcripts}
    print(f"\n{'fixture':<36} {'voice':<9} {'sec':>6} {'WER':>6}")
    for n, t in transcripts.items():
        print(f"{n:<36} {truths[n]['voice']:<9} {truths[n]['duration']:6.1f} {wer([reference(truths[n])], [spoken_words(t)]):6.1%}")
    total = wer([reference(truths[n]) for n in transcripts], [spoken_words(t) for t in transcripts.values()])
    print(f"{'all ' + str(len(transcripts)) + ' speech fixtures':<52} {total:6.1%}")
    assert len(transcripts) >= 20
    assert total <= 0.15
    for n, t in transcripts.items():  # no single answer is garbled
        assert wer([reference(truths[n])], [spoken_words(t)]) <= 0.35, n


@pytest.mark.slow
def test_word_times_are_ordered_and_inside_the_audio(transcripts):
    for name, t in transcripts.items():
        assert t.timed, name
        starts = [w.start for w in t.words]
        assert starts == sorted(starts), name
        for w in t.words:
            assert 0.0 <= w.start <= w.end <= t.duration + 1e-6, (name, w)
        assert t.speech_regions and all(0 <= s < e <= t.duration for s, e in t.speech_regions)


@pytest.mark.slow
def test_section_starts_within_one_second(transcripts):
    """The first word after each section's pause starts within 1.0 s of the true section start."""
    errors = []
    for name, t in transcripts.items():
        truth = load_ground_truth(name)
        if truth["kind"] != "continuous":
            continue
        prev_end = 0.0
        for sec in truth["sections"]:
            first = next(w for w in t.words if (w.start + w.end) / 2 > prev_end)
            errors.append((abs(first.start - sec["start"]), name, sec["key"], first.word))
            prev_end = sec["end"]
    worst = max(errors)
    mean = sum(e[0] for e in errors) / len(errors)
    print(f"\nsection starts: {len(errors)} sections, mean |error| {mean:.3f} s, worst {worst[0]:.3f} s ({worst[1]} {worst[2]})")
    assert worst[0] <= 1.0, worst


@pytest.mark.slow
def test_hesitation_fillers_are_heard(transcripts):
    """um/uh in the fillers fixture: each heard near its true time; none invented in filler-free answers."""
    truth = load_ground_truth("fillers")
    t = transcripts["fillers"]
    true_times = [f["start"] for f in truth["fillers"] if is_filler(f["word"])]
    heard = [w for w in t.words if is_filler(w.word)]
    hits = sum(any(abs(w.start - s) < 1.0 for w in heard) for s in true_times)
    recall = hits / len(true_times)
    invented = {n: tr.filler_count for n, tr in transcripts.items() if n != "fillers" and tr.filler_count}
    print(f"\nfillers fixture: {len(true_times)} um/uh, heard {len(heard)} ({[w.word for w in heard]}), recall {recall:.2f}; "
          f"fillers reported in {len(transcripts) - 1} filler-free fixtures: {invented}")
    assert t.filler_count == len(heard)
    assert recall >= 0.6
    assert len(heard) <= len(true_times) + 1
    assert sum(invented.values()) <= 2


@pytest.mark.slow
def test_silence_gives_an_empty_transcript(transcriber):
    t = transcriber.transcribe(load_audio(fixture_audio("silence")))
    assert (t.text, t.words, t.speech_regions, t.filler_count, t.duration) == ("", [], [], 0, 5.0)


@pytest.mark.slow
def test_noise_and_a_fifth_of_a_second_do_not_fail(transcriber):
    noise = transcriber.transcribe(load_audio(fixture_audio("noise")))
    clip = transcriber.transcribe(load_audio(fixture_audio("clip_0_2s")))
    print(f"\nnoise -> {noise.text!r} {noise.speech_regions}; 0.2 s clip -> {clip.text!r}")
    assert len(noise.words) <= 3
    assert clip.duration == 0.2 and len(clip.words) <= 2


@pytest.mark.slow
def test_8khz_stereo_file_is_transcribed(tmp_path, transcriber):
    truth = load_ground_truth("section_task")
    audio = resample(load_audio(fixture_audio("section_task")), SAMPLE_RATE, 8000)
    path = tmp_path / "phone.wav"
    sf.write(path, np.stack([audio, audio * 0.8], axis=1), 8000, subtype="PCM_16")
    t = transcriber.transcribe(load_audio(path))
    score = wer([reference(truth)], [spoken_words(t)])
    print(f"\n8 kHz stereo section_task: WER {score:.1%} (telephone band: no energy above 4 kHz)")
    assert t.duration == pytest.approx(truth["duration"], abs=0.01)
    assert score <= 0.3  # a wrong rate or a bad downmix gives gibberish, far above this


@pytest.mark.slow
def test_twenty_minute_file(tmp_path, transcriber):
    """20 minutes, mostly silence with six answers: only the speech is decoded; times land in place."""
    probe = load_audio(fixture_audio("probe_if_rejected_strong"))
    slot = 200 * SAMPLE_RATE  # one answer every 200 s
    path = tmp_path / "long.flac"
    with sf.SoundFile(path, "w", SAMPLE_RATE, 1, format="FLAC") as f:
        for _ in range(6):
            f.write(probe)
            f.write(np.zeros(slot - probe.size, np.float32))
    audio = load_audio(path)
    assert audio.size == 6 * slot
    t = transcriber.transcribe(audio)
    assert t.duration == 1200.0
    starts = [w.start for w in t.words]
    assert starts == sorted(starts) and starts[-1] < 1000 + probe.size / SAMPLE_RATE
    per_slot = [sum(1 for s in starts if k * 200 <= s < k * 200 + 20) for k in range(6)]
    print(f"\n20-min file: {len(t.words)} words, per answer {per_slot}, {len(t.speech_regions)} speech regions")
    assert len(t.words) == sum(per_slot)  # nothing invented in the silences
    assert min(per_slot) >= 0.8 * max(per_slot)


@pytest.mark.slow
def test_cli_transcribe(capsys, tmp_path):
    from mockint.cli.main import main

    path = fixture_audio("probe_why_not_your_team_weak")
    assert main(["transcribe", "--json", str(path)]) == 0
    t = Transcript.model_validate_json(capsys.readouterr().out)
    assert t.words and t.duration == pytest.approx(load_ground_truth(path.stem)["duration"], abs=0.01)
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00garbage" * 10)
    assert main(["transcribe", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(bad)) and "\n" not in err


# -- long answers: clips split at pauses, no speech skipped -----------------------------------


def spoken_part(name: str) -> tuple[np.ndarray, str]:
    """A spoken fixture cut 0.1 s around its first and last section, and its true text (fillers included)."""
    truth = load_ground_truth(name)
    start, end = truth["sections"][0]["start"] - 0.1, truth["sections"][-1]["end"] + 0.1
    return load_audio(fixture_audio(name))[int(start * SAMPLE_RATE) : int(end * SAMPLE_RATE)], truth["text"]


@pytest.mark.slow
def test_a_long_clip_is_split_at_its_longest_pause():
    """20 minutes of continuous speech (1-8 s regions, 0.3-1.1 s pauses, a 1.6 s pause every 40-48 s) is
    cut only inside pauses, into clips of 60-120 s, each cut at the longest pause of its window."""
    import random
    from itertools import pairwise

    rng = random.Random(7)
    regions, t, long_at = [], 0.5, 40.0
    while t < 1200:
        length = rng.uniform(1.0, 8.0)
        regions.append((round(t, 3), round(t + length, 3)))
        pause = rng.uniform(0.3, 1.1)
        if t + length >= long_at:
            pause, long_at = 1.6, long_at + 40.0
        t += length + pause
    vad = VadSettings()
    clips = clip_spans(regions, t, vad)
    assert len(clips) > 1 and clips[0][0] == 0.0 and clips[-1][1] == round(regions[-1][1] + vad.clip_pad_s, 3)
    pauses = [(a[1], b[0]) for a, b in pairwise(regions)]
    for (_, end), (start, _) in pairwise(clips):
        assert end <= start  # clips never overlap
        cut = next((a, b) for a, b in pauses if a <= end and start <= b)  # every cut is inside a pause
        assert not any(s < start and e > end for s, e in regions)
        assert cut[1] - cut[0] >= 1.0, cut  # the long pauses, not the short ones
    groups = [[r for r in regions if s <= r[0] and r[1] <= e] for s, e in clips]
    assert sum(map(len, groups)) == len(regions)  # every region in exactly one clip
    assert all(vad.clip_max_s / 2 <= g[-1][1] - g[0][0] <= vad.clip_max_s for g in groups[:-1])
    # a single region longer than the maximum is never cut
    assert clip_spans([(1.0, 200.0), (200.5, 210.0)], 211.0, vad) == [(0.5, 200.25), (200.25, 210.5)]


@pytest.mark.slow
def test_a_long_continuous_answer_has_words_in_every_speech_region(transcriber):
    """Six continuous fixtures (three voices) back to back with 0.5-1.5 s pauses, about 8 minutes: split
    into several clips, and no speech region of 2 s or more is left without words. After 0.7 s of silence
    the first window is one that tiny.en ends after its first sentence with the filler prompt (its first
    word then lands at 22.5 s and 17 s of speech get none): the re-decode must fill it."""
    from mockint.speech.cleanup import unheard_regions

    names = ["rambling_situation", "own_story_mobile_crash", "weak_continuous", "fillers", "strong_continuous_gb145", "paraphrase_strong"]
    pieces, truth = [np.zeros(int(0.7 * SAMPLE_RATE), np.float32)], []
    for k, name in enumerate(names):
        speech, text = spoken_part(name)
        pieces += [speech, np.zeros(int((0.5 + k % 3 * 0.5) * SAMPLE_RATE), np.float32)]
        truth.append(text)
    t = transcriber.transcribe(np.concatenate(pieces))
    clips = clip_spans(t.speech_regions, t.duration, transcriber.vad)
    unheard = [(s, e) for s, e in unheard_regions(t.segments, t.speech_regions) if e - s >= 2.0]
    score = wer([reference({"text": " ".join(truth)})], [spoken_words(t)])
    print(f"\n{t.duration:.0f} s continuous answer: {len(clips)} clips, {len(t.words)} words, WER {score:.3f}, "
          f"speech regions without words {unheard}")
    assert len(clips) >= 4
    assert unheard == []
    assert score <= 0.15


def test_speech_the_decoder_skipped_is_decoded_again_without_the_prompt():
    """A decoder that ends after its first sentence with the prompt (as tiny.en did on a 20-minute answer)
    leaves the speech after it without words: that part is decoded again, without the prompt."""
    calls: list[tuple[str | None, float]] = []

    class Skipper(FakeTranscriber):
        def _decode(self, audio, speech_end=None, options=None):
            calls.append((options.initial_prompt, round(audio.size / SAMPLE_RATE, 1)))
            if options.initial_prompt:  # the first sentence only, then the rest of the window is skipped
                return [Segment(text="first", start=0.6, end=3.0, words=[Word(word="first", start=0.6, end=3.0)])]
            return [Segment(text="rest", start=0.5, end=6.0, words=[Word(word="rest", start=0.5, end=6.0)])]

    audio = np.zeros(SAMPLE_RATE * 12, np.float32)
    regions = [(0.5, 3.0), (3.4, 6.0), (6.5, 9.5)]
    segments = Skipper([]).decode_clips(audio, [(0.0, 10.0)], regions)
    assert calls == [(FILLER_PROMPT, 10.0), (None, 7.0)]  # again from the end of the words kept
    assert [(s.text, s.start, s.end) for s in segments] == [("first", 0.6, 3.0), ("rest", 3.5, 9.0)]
    calls.clear()
    assert len(Skipper([]).decode_clips(audio, [(0.0, 10.0)], [(0.5, 3.0), (3.4, 4.9)])) == 1 and len(calls) == 1


@pytest.mark.slow
@pytest.mark.parametrize("voice, text", [
    ("es", "Yo era responsable de arreglar el servicio de pagos. Revisé los registros, encontré el problema y escribí "
           "una corrección. La tasa de fallos bajó a cero."),
    ("ar", "كنت مسؤولا عن إصلاح خدمة الدفع. راجعت السجلات ووجدت المشكلة ثم كتبت إصلاحا. انخفض معدل الفشل إلى الصفر."),
])
def test_a_spoken_answer_in_another_language_gets_a_notice(transcriber, voice, text):
    """tiny.en writes any speech as English words; the report says this answer may not be what was said."""
    from mockint.library.store import find_scenario
    from mockint.scoring.rubric import score_answer
    from mockint.speech.tts import espeak_cli

    audio, sr = espeak_cli(text, rate=160, voice=voice)
    pad = np.zeros(SAMPLE_RATE, np.float32)
    heard = transcriber.transcribe(np.concatenate([pad, resample(audio, sr, SAMPLE_RATE), pad]))
    report = score_answer(heard, find_scenario("customer-obsession-webhook"), "sde2")
    assert {"unclear_english", "no_speech"} & set(report.flag_codes()), heard.text
