"""Phrase-rubric scoring of one answer: pure core, no I/O.

`score_answer(transcript, scenario, level)` segments the answer into STAR sections (unless the
sections are given, as in guided mode), then for each section:
- matches the scenario's key phrases (fuzzy, on normalized text, each hit with its time);
- looks for the general signals of data/signals.toml (scope boundary, customer impact, first-person
  actions, quantified result, systemic reflection, ...) so a candidate's own story scores too;
- raises red flags (escalation, 'we' language, generic reflection, missing/over/under sections, ...);
then combines section scores into an overall score, a verdict per Leadership Principle lens
calibrated to the level, delivery metrics, and the three most valuable fixes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from mockint import timing
from mockint.normalize import FILLER_PHRASES, is_filler, normalize, normalize_words
from mockint.report import (
    Delivery,
    Flag,
    LensVerdict,
    Overall,
    Pause,
    PhraseHit,
    ProbeResult,
    Report,
    SectionResult,
    SignalHit,
)
from mockint.scenario import LEVEL_LABELS, SECTION_ORDER, VERDICTS, Probe, Scenario
from mockint.signals import SignalBook, load_signals
from mockint.transcript import Transcript, Word

PHRASE_THRESHOLD = 78.0  # rapidfuzz similarity (0-100) for a key phrase to count as said
SECTION_WEIGHTS = {"situation": 0.15, "task": 0.15, "action": 0.35, "result": 0.2, "reflection": 0.15}
PHRASE_SHARE = 0.3  # of a section's content score; the rest comes from the general signals
VERDICT_THRESHOLDS = (85.0, 72.0, 58.0, 40.0)  # Strong Hire, Hire, Lean Hire, Lean No Hire (sde2)
FLAG_PENALTY = {
    "escalation": 12,
    "we_language": 10,
    "passive_handoff": 4,
    "generic_reflection": 6,
    "too_short": 10,
    "too_long": 5,
    "section_over_target": 3,
    "section_under_target": 2,
}
_NEGATION = re.compile(r"\b(not|never|no|without|nor|didnt)\s+(\w+\s+)?$")  # "did not take ownership"
_RF_NEGATION = re.compile(r"\b(not|never|no|without|nor|didnt|rather than|instead of|before|avoid\w*)\s+(\w+\s+)?$")
_RF_AFTER = re.compile(r"^\s*(\w+\s+){0,3}(a |the )?last resort")
_FIRST_PERSON = re.compile(r"\bi\b")
_SENTENCE_END = re.compile(r"[.?!]['\")\]]*$")
_WE = re.compile(r"\bwe\b")


@dataclass(frozen=True)
class SectionSpan:
    """Words [start, end) of the transcript that form one STAR section."""

    key: str
    start: int
    end: int
    confidence: float = 1.0


@dataclass
class _Text:
    """A run of words with its normalized text and the token -> word mapping."""

    words: list[Word]
    offset: int  # index of words[0] in the transcript
    tokens: list[str] = field(init=False)
    owner: list[int] = field(init=False)
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.tokens, self.owner = normalize_words([w.word for w in self.words])
        self.text = " ".join(self.tokens)
        # character offset of each token in self.text, and where each sentence starts
        self._starts = []
        self._sentences = [0]
        pos = 0
        for k, t in enumerate(self.tokens):
            self._starts.append(pos)
            if k and self.owner[k] != self.owner[k - 1] and _SENTENCE_END.search(self.words[self.owner[k] - 1].word.strip()):
                self._sentences.append(pos)
            pos += len(t) + 1

    def sentence_start(self, char: int) -> int:
        """Character offset where the sentence holding `char` starts (normalized text has no punctuation)."""
        return max((x for x in self._sentences if x <= char), default=0)

    def token_at(self, char: int) -> int:
        lo = 0
        for i, s in enumerate(self._starts):
            if s > char:
                break
            lo = i
        return lo

    def quote(self, tok_start: int, tok_end: int, pad: int = 0) -> tuple[str, float | None, float | None]:
        """The original words behind tokens [tok_start, tok_end), with their time span."""
        if not self.tokens:
            return "", None, None
        a = max(0, self.owner[min(tok_start, len(self.owner) - 1)] - pad)
        b = min(len(self.words), self.owner[max(0, min(tok_end, len(self.owner)) - 1)] + 1 + pad)
        ws = self.words[a:b]
        return " ".join(w.word.strip() for w in ws), ws[0].start if ws else None, ws[-1].end if ws else None


def _match_phrase(phrase: str, text: _Text) -> PhraseHit | None:
    """Best fuzzy window for the phrase, if similar enough.

    Windows run from one token shorter to three tokens longer than the phrase: character similarity
    absorbs ASR noise ("erase condition"), token-set similarity absorbs words said in between or in
    another order ("recovered $8000 in weekly revenue"), at a small cost per extra token.
    """
    target = normalize(phrase)
    n = len(target.split())
    if not n or not text.tokens:
        return None
    best = (0.0, 0, 0)
    for size in range(max(1, n - 1), n + 4):
        for i in range(0, max(1, len(text.tokens) - size + 1)):
            window = " ".join(text.tokens[i : i + size])
            s = fuzz.ratio(target, window)
            if size >= n:  # token-set similarity is 100 for any subset: only for windows that can hold the phrase
                s = max(s, fuzz.token_set_ratio(target, window) - 4.0 * (size - n))
            if s > best[0] or (s == best[0] and size < best[2] - best[1]):
                best = (s, i, i + size)
    score, i, j = best
    if score < PHRASE_THRESHOLD:
        return None
    heard, start, end = text.quote(i, j)
    return PhraseHit(phrase=phrase, heard=heard, score=round(score, 1), start=start, end=end)


def _find(regexes: Sequence[re.Pattern], text: _Text, *, red_flag: bool = False) -> list[re.Match]:
    """Matches in the text, leaving out negated ones ("did not take ownership", "rather than escalating",
    "escalation would be a last resort"). Negation is looked for within the match's own sentence."""
    negation = _RF_NEGATION if red_flag else _NEGATION
    hits = []
    for rx in regexes:
        for m in rx.finditer(text.text):
            before = text.text[max(m.start() - 30, text.sentence_start(m.start())) : m.start()]
            if negation.search(before):
                continue
            if red_flag and _RF_AFTER.match(text.text[m.end() : m.end() + 40]):
                continue
            hits.append(m)
    return sorted(hits, key=lambda m: m.start())


def _quote_match(m: re.Match, text: _Text, pad: int = 2) -> tuple[str, float | None, float | None]:
    a = text.token_at(m.start())
    b = text.token_at(max(m.start(), m.end() - 1)) + 1
    return text.quote(a, b, pad=pad)


def _verdict(score: float, shift: float = 0.0) -> str:
    for name, threshold in zip(VERDICTS, VERDICT_THRESHOLDS):
        if score >= threshold + shift:
            return name
    return VERDICTS[-1]


def _cap(verdict: str, at_most: str) -> str:
    return VERDICTS[max(VERDICTS.index(verdict), VERDICTS.index(at_most))]


def segment_or_given(transcript: Transcript, scenario: Scenario, spans: Sequence[SectionSpan] | None) -> list[SectionSpan]:
    if spans is not None:
        return list(spans)
    from mockint.segmentation import segment

    return segment(transcript, scenario).spans


def score_answer(
    transcript: Transcript,
    scenario: Scenario,
    level: str = "sde2",
    *,
    spans: Sequence[SectionSpan] | None = None,
    mode: str | None = None,
    book: SignalBook | None = None,
) -> Report:
    """Score one answer. `spans` are the STAR sections when known (guided mode); else they are found."""
    book = book or load_signals()
    cal = scenario.calibration(level)
    bar = book.levels.get(level)
    words = transcript.words or Transcript.from_text(transcript.text).words
    transcript = transcript if transcript.words else transcript.model_copy(update={"words": words})
    spoken = [w for w in words if w.word.strip(" .,!?-")]
    if not spoken:
        return _no_speech_report(transcript, scenario, level, mode, cal)

    how = "auto" if spans is None else "given"
    spans = segment_or_given(transcript, scenario, spans)
    by_key = {s.key: s for s in spans}
    texts = {s.key: _Text(words[s.start : s.end], s.start) for s in spans}
    flags: list[Flag] = []
    timed = transcript.timed

    # -- general signals -------------------------------------------------------------------
    found: dict[str, SignalHit] = {}
    for sig in book.signals:
        hit = None
        for key in sig.sections:
            if key not in texts:
                continue
            ms = _find(sig.regexes, texts[key])
            if len(ms) >= sig.min_count:
                quote, start, _ = _quote_match(ms[0], texts[key])
                hit = SignalHit(id=sig.id, label=sig.label, found=True, quote=quote, start=start)
                break
        found[sig.id] = hit or SignalHit(id=sig.id, label=sig.label, found=False)

    # 'I' versus 'we' in the Action (the whole answer when there is no Action).
    act = texts.get("action") or _Text(words, 0)
    n_i, n_we = len(_FIRST_PERSON.findall(act.text)), len(_WE.findall(act.text))
    if n_we >= 2 and n_we >= n_i:
        ms = list(_WE.finditer(act.text))[:3]
        quotes = "; ".join(f'"{_quote_match(m, act, pad=2)[0]}"' for m in ms)
        q0, s0, e0 = _quote_match(ms[0], act, pad=2)
        flags.append(
            Flag(
                code="we_language",
                section="action" if "action" in texts else None,
                message=f"You said 'we' {n_we} times and 'I' {n_i} times ({quotes}): say what you did, with 'I'.",
                quote=q0,
                start=s0,
                end=e0,
            )
        )
        found["first_person_actions"] = found["first_person_actions"].model_copy(update={"found": False})

    # -- red flags by pattern ----------------------------------------------------------------
    for rf in book.red_flags:
        keys = rf.sections or [s.key for s in spans]
        for key in keys:
            if key not in texts:
                continue
            ms = _find(rf.regexes, texts[key], red_flag=True)
            if ms:
                quote, start, end = _quote_match(ms[0], texts[key])
                flags.append(Flag(code=rf.code, section=key, message=f'"{quote}": {rf.message}', quote=quote, start=start, end=end))
                break

    # -- missing signals that are red flags -------------------------------------------------
    for sig in book.signals:
        if sig.missing_flag and sig.applies_to(scenario.principles) and not found[sig.id].found and any(k in texts for k in sig.sections):
            if any(f.code == sig.missing_flag for f in flags):
                continue
            where = next((k for k in sig.sections if k in texts), sig.sections[0])
            flags.append(Flag(code=sig.missing_flag, section=where, message=sig.missing_message or sig.label))
    if "result" not in texts and not any(f.code == "no_quantified_result" for f in flags):
        flags.append(Flag(code="no_quantified_result", section="result", message="There is no Result: end with what changed, in numbers."))
    if "task" not in texts and "situation" not in texts and not found["scope_boundary"].found:
        flags.append(Flag(code="missing_scope_boundary", section="task", message=book.signal("scope_boundary").missing_message))

    # -- sections ----------------------------------------------------------------------------
    total_target = scenario.total_target_seconds
    answer_timing = timing.span_timing(words, 0, len(words))
    answer_len = answer_timing.duration
    sections: list[SectionResult] = []
    for sec in scenario.sections:
        span = by_key.get(sec.key)
        if span is None:
            flags.append(
                Flag(
                    code="missing_section",
                    section=sec.key,
                    message=f"No {sec.title} heard. {sec.coaching}",
                )
            )
            own = [s for s in book.signals if s.sections[0] == sec.key and s.applies_to(scenario.principles)]
            sections.append(
                SectionResult(
                    key=sec.key,
                    title=sec.title,
                    present=False,
                    target=sec.target_seconds,
                    target_share=round(sec.target_seconds / total_target, 3),
                    score=0.0,
                    missed_phrases=list(sec.key_phrases),
                    signals=[found[s.id] for s in own],
                )
            )
            continue
        text = texts[sec.key]
        hits, missed = [], []
        for p in sec.key_phrases:
            h = _match_phrase(p, text)
            (hits.append(h) if h else missed.append(p))
        own = [s for s in book.signals if s.sections[0] == sec.key and s.applies_to(scenario.principles)]
        weight = sum(s.weight for s in own) or 1.0
        signal_cov = sum(s.weight for s in own if found[s.id].found) / weight if own else 1.0
        phrase_cov = len(hits) / len(sec.key_phrases)
        score = 100.0 * (PHRASE_SHARE * phrase_cov + (1 - PHRASE_SHARE) * signal_cov)
        t = timing.span_timing(words, span.start, span.end)
        duration = t.duration
        if duration is not None:
            verdict = timing.target_verdict(duration, sec.target_seconds)
            if verdict != "ok":
                code = f"section_{verdict}_target"
                share = f"{duration / answer_len:.0%} of your answer" if answer_len else ""
                aim = f"aim for {sec.target_seconds / total_target:.0%}"
                msg = (
                    f"{sec.title} took {duration:.0f}s against a target of {sec.target_seconds:g}s "
                    f"({share}; {aim}). " + (sec.common_mistake if verdict == "over" else "Give it more substance: " + sec.coaching)
                )
                flags.append(Flag(code=code, section=sec.key, message=msg, start=t.start, end=t.end))
        for f in flags:
            if f.section == sec.key:
                score -= FLAG_PENALTY.get(f.code, 0)
        sections.append(
            SectionResult(
                key=sec.key,
                title=sec.title,
                start=_r(t.start),
                end=_r(t.end),
                duration=_r(duration),
                speaking_time=_r(t.speaking_time),
                target=sec.target_seconds,
                share=round(duration / answer_len, 3) if duration is not None and answer_len else None,
                target_share=round(sec.target_seconds / total_target, 3),
                confidence=round(span.confidence, 2),
                text=" ".join(w.word.strip() for w in text.words),
                word_range=(span.start, span.end),
                score=round(max(0.0, min(100.0, score)), 1),
                matched_phrases=hits,
                missed_phrases=missed,
                signals=[found[s.id] for s in own],
            )
        )

    # -- whole answer: budget and delivery ------------------------------------------------
    delivery = _delivery(words, transcript, cal)
    n_words = len(spoken)
    duration = answer_len if answer_len is not None else timing.estimate_seconds(n_words)
    how = "" if timed else f" (estimated at {timing.ESTIMATED_WPM:.0f} words per minute)"
    budget = timing.budget_verdict(duration, cal.min_seconds, cal.max_seconds)
    if budget == "short":
        flags.append(Flag(code="too_short", message=f"Your answer took {duration:.0f}s{how}; at {LEVEL_LABELS[level]} aim for {cal.min_seconds:.0f}-{cal.max_seconds:.0f}s. {cal.budget_text}"))
    elif budget == "long":
        flags.append(Flag(code="too_long", message=f"Your answer took {duration:.0f}s{how}; at {LEVEL_LABELS[level]} keep it within {cal.max_seconds:.0f}s. {cal.budget_text}"))

    # -- overall -----------------------------------------------------------------------------
    overall = sum(SECTION_WEIGHTS[s.key] * s.score for s in sections)
    for code in {f.code for f in flags if f.section is None}:
        overall -= FLAG_PENALTY.get(code, 0)
    overall = round(max(0.0, min(100.0, overall)), 1)
    shift = bar.shift if bar else 0.0
    verdict = _verdict(overall, shift)
    required = bar.required_for(book.lens(scenario.principles[0])) if bar else []
    missing_required = [r for r in required if r in found and not found[r].found]
    if missing_required and VERDICTS.index(verdict) < VERDICTS.index("Lean Hire"):
        verdict = "Lean Hire"
    codes = {f.code for f in flags}
    if "escalation" in codes:
        verdict = _cap(verdict, "Lean No Hire")

    lenses = _lenses(scenario, found, codes, book, shift, level)
    fixes = _fixes(flags, found, scenario, book, missing_required)
    summary = _summary(verdict, level, sections, codes)
    return Report(
        scenario=scenario.id,
        scenario_title=scenario.title,
        question=scenario.question,
        level=level,
        mode=mode,
        overall=Overall(score=overall, verdict=verdict, summary=summary),
        sections=sections,
        flags=_order_flags(flags),
        lenses=lenses,
        delivery=delivery,
        transcript=transcript,
        fixes=fixes,
        timing_tolerance=timing.TOLERANCE,
        segmentation=how,
    )


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _order_flags(flags: list[Flag]) -> list[Flag]:
    order = {k: i for i, k in enumerate((None, *SECTION_ORDER))}
    return sorted(flags, key=lambda f: order.get(f.section, 0))


def _delivery(words: list[Word], transcript: Transcript, cal) -> Delivery:
    spoken = [w for w in words if w.word.strip(" .,!?-")]
    fillers = [w.word.strip(" .,!?").lower() for w in spoken if is_filler(w.word)]
    lower = " ".join(w.word.lower().strip(" .,!?") for w in spoken)
    for phrase in FILLER_PHRASES:
        fillers += [phrase] * len(re.findall(rf"\b{phrase}\b", lower))
    if transcript.filler_count is not None:
        count = max(transcript.filler_count, len(fillers))
    else:
        count = len(fillers)
    t = timing.span_timing(words, 0, len(words))
    minutes = (t.duration / 60.0) if t.duration else None
    pauses = [Pause(start=round(a, 2), end=round(b, 2), duration=round(b - a, 2)) for a, b, _ in timing.long_pauses(words)]
    return Delivery(
        duration=_r(t.duration),
        speaking_time=_r(t.speaking_time),
        word_count=len(spoken),
        wpm=round(len(spoken) / minutes, 1) if minutes else None,
        filler_count=count,
        fillers_per_minute=round(count / minutes, 2) if minutes else None,
        fillers=fillers,
        long_pauses=pauses,
        long_pause_seconds=timing.LONG_PAUSE_SECONDS,
        budget_min=cal.min_seconds,
        budget_max=cal.max_seconds,
        budget_text=cal.budget_text,
    )


def _lenses(scenario: Scenario, found: dict[str, SignalHit], codes: set[str], book: SignalBook, shift: float, level: str) -> list[LensVerdict]:
    principles = list(dict.fromkeys([*scenario.principles, *(lens.principle for lens in scenario.lenses)]))
    out = []
    for lp in principles:
        w = book.lens(lp)
        total = sum(v for v in w.signals.values() if v > 0) or 1.0
        got = sum(v for k, v in w.signals.items() if k in found and found[k].found)
        score = 100.0 * got / total
        reasons = []
        for k, v in sorted(w.signals.items(), key=lambda kv: -kv[1]):
            hit = found.get(k)
            if hit is None:
                continue
            reasons.append(f"+ {hit.label}: \"{hit.quote}\"" if hit.found else f"- {hit.label}: not heard")
        for code, v in w.flags.items():
            if code in codes:
                score += v * 15.0
                reasons.append(f"! red flag: {code}")
        score = round(max(0.0, min(100.0, score)), 1)
        verdict = _verdict(score, shift)
        if "escalation" in codes and w.flags.get("escalation", 0) <= -1.0:
            verdict = _cap(verdict, "Lean No Hire")
        out.append(LensVerdict(principle=lp, verdict=verdict, score=score, reasons=reasons))
    return out


_FIX_PRIORITY = (
    "no_speech",
    "escalation",
    "missing_scope_boundary",
    "we_language",
    "no_quantified_result",
    "missing_section",
    "generic_reflection",
    "no_customer_impact",
    "section_over_target",
    "too_long",
    "too_short",
    "no_follow_through",
    "passive_handoff",
    "section_under_target",
)


def _fixes(flags: list[Flag], found: dict[str, SignalHit], scenario: Scenario, book: SignalBook, missing_required: list[str]) -> list[str]:
    rank = {c: i for i, c in enumerate(_FIX_PRIORITY)}
    fixes: list[str] = []
    for f in sorted(flags, key=lambda f: rank.get(f.code, len(rank))):
        where = f"{f.section.capitalize()}: " if f.section else ""
        text = where + f.message
        if text not in fixes:
            fixes.append(text)
        if len(fixes) == 3:
            return fixes
    for sid in missing_required:
        sig = book.signal(sid)
        fixes.append(f"{sig.sections[0].capitalize()}: add {sig.label.lower()} ({scenario.section(sig.sections[0]).coaching})")
        if len(fixes) == 3:
            break
    return fixes


def _summary(verdict: str, level: str, sections: list[SectionResult], codes: set[str]) -> str:
    strong = [s.title for s in sections if s.present and s.score >= 75]
    weak = [s.title for s in sections if not s.present or s.score < 50]
    parts = [f"{verdict} at {LEVEL_LABELS[level]}."]
    if strong:
        parts.append("Strong: " + ", ".join(strong) + ".")
    if weak:
        parts.append("Work on: " + ", ".join(weak) + ".")
    return " ".join(parts)


def _no_speech_report(transcript: Transcript, scenario: Scenario, level: str, mode: str | None, cal) -> Report:
    sections = [
        SectionResult(key=s.key, title=s.title, present=False, target=s.target_seconds, score=0.0, missed_phrases=list(s.key_phrases))
        for s in scenario.sections
    ]
    flag = Flag(code="no_speech", message="No speech was heard in this answer: check the microphone (mockint devices) and speak up.")
    return Report(
        scenario=scenario.id,
        scenario_title=scenario.title,
        question=scenario.question,
        level=level,
        mode=mode,
        overall=Overall(score=0.0, verdict="No Hire", summary="No speech heard."),
        sections=sections,
        flags=[flag],
        delivery=Delivery(duration=transcript.duration, budget_min=cal.min_seconds, budget_max=cal.max_seconds, budget_text=cal.budget_text),
        transcript=transcript,
        fixes=[flag.message],
    )


# -- follow-up probes ------------------------------------------------------------------------


def score_probe(transcript: Transcript, probe: Probe, *, reason: str = "", book: SignalBook | None = None) -> ProbeResult:
    """Score a probe's answer against the scenario's weak and strong exemplars and the red flags."""
    book = book or load_signals()
    words = [w for w in transcript.words if w.word.strip(" .,!?-")] or Transcript.from_text(transcript.text).words
    if not [w for w in words if w.word.strip(" .,!?-")]:
        return ProbeResult(probe_id=probe.id, question=probe.question, reason=reason, answered=False, transcript=transcript, score=0.0, verdict="unanswered", feedback="No answer was heard.")
    text = _Text(words, 0)
    said = text.text
    sim_strong = fuzz.token_set_ratio(said, normalize(probe.strong_answer))
    sim_weak = fuzz.token_set_ratio(said, normalize(probe.weak_answer))
    flags: list[Flag] = []
    for rf in book.red_flags:
        ms = _find(rf.regexes, text, red_flag=True)
        if ms:
            quote, start, end = _quote_match(ms[0], text)
            flags.append(Flag(code=rf.code, section=None, message=f'"{quote}": {rf.message}', quote=quote, start=start, end=end))
    n_i, n_we = len(_FIRST_PERSON.findall(said)), len(_WE.findall(said))
    if n_we >= 2 and n_we >= n_i:
        flags.append(Flag(code="we_language", message=f"You said 'we' {n_we} times and 'I' {n_i} times: say what you did."))
    # Evidence of the probe's own triggers counts in its favour.
    trig = [book.signal(t) for t in probe.triggers if book.signal(t)]
    trig_hits = [s for s in trig if _find(s.regexes, text)]
    evidence = len(trig_hits) / len(trig) if trig else 0.5
    length = min(1.0, len(words) / 35.0)  # a one-liner is not an answer to a probe
    score = 100.0 * (0.35 * (sim_strong / 100.0) + 0.35 * evidence + 0.3 * length)
    score -= 20.0 * sum(1 for f in flags if f.code in ("escalation", "we_language"))
    if sim_weak > sim_strong + 10:
        score -= 15.0
    score = round(max(0.0, min(100.0, score)), 1)
    verdict = "strong" if score >= 65 else "mixed" if score >= 45 else "weak"
    if any(f.code == "escalation" for f in flags):
        verdict = "weak"
    closer = "strong" if sim_strong >= sim_weak else "weak"
    if verdict == "strong":
        feedback = f'Good: that lands "{probe.strong_summary}"'
    else:
        feedback = f"The interviewer is probing {probe.probes[0].lower() + probe.probes[1:]} A strong answer: \"{probe.strong_summary}\""
        if flags:
            feedback += " " + flags[0].message
    return ProbeResult(
        probe_id=probe.id,
        question=probe.question,
        reason=reason,
        transcript=transcript,
        score=score,
        verdict=verdict,
        closer_to=closer,
        similarity_strong=round(sim_strong, 1),
        similarity_weak=round(sim_weak, 1),
        flags=flags,
        feedback=feedback,
    )
