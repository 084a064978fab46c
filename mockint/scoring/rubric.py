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
from dataclasses import dataclass

from rapidfuzz import fuzz

from mockint.scoring import grading
from mockint.scoring import timing
from mockint.scoring.evidence import read_evidence
from mockint.scoring.text import Text as _Text
from mockint.scoring.text import find
from mockint.scoring.normalize import FILLER_PHRASES, is_filler, normalize, normalize_words
from mockint.scoring.segmentation import SectionSpan, segment
from mockint.scoring.report import (
    Delivery,
    Flag,
    GradePart,
    LensVerdict,
    Overall,
    Pause,
    PhraseHit,
    ProbeResult,
    Report,
    SectionResult,
    SignalHit,
)
from mockint.library.scenario import LEVEL_LABELS, SECTION_ORDER, VERDICTS, Probe, Scenario
from mockint.library.signals import SignalBook, load_signals
from mockint.scoring.transcript import Transcript, Word

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
_FIRST_PERSON = re.compile(r"\bi\b")
_WE = re.compile(r"\bwe\b")


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
    return find(regexes, text, red_flag=red_flag)


def _quote_match(m: re.Match, text: _Text, pad: int = 2) -> tuple[str, float | None, float | None]:
    return text.quote_match(m, pad=pad)


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
    return segment(transcript, scenario).spans


@dataclass
class _Answer:
    """One answer being scored: its words, sections and the texts the rubric reads."""

    transcript: Transcript
    scenario: Scenario
    level: str
    words: list[Word]
    spans: list[SectionSpan]
    texts: dict[str, _Text]
    full: _Text
    book: SignalBook

    def section_at(self, word: int) -> str | None:
        return next((s.key for s in self.spans if s.start <= word < s.end), None)


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
    words = transcript.words or Transcript.from_text(transcript.text).words
    transcript = transcript if transcript.words else transcript.model_copy(update={"words": words})
    if not [w for w in words if w.word.strip(" .,!?-")]:
        return _no_speech_report(transcript, scenario, level, mode, cal)

    how = "auto" if spans is None else "given"
    spans = segment_or_given(transcript, scenario, spans)
    ans = _Answer(
        transcript=transcript,
        scenario=scenario,
        level=level,
        words=words,
        spans=spans,
        texts={s.key: _Text(words[s.start : s.end], s.start) for s in spans},
        full=_Text(words, 0),
        book=book,
    )
    refl = ans.texts.get("reflection")
    act = ans.texts.get("action")
    act_range = (ans.full.char_of_word(act.offset), ans.full.char_of_word(act.offset + len(act.words))) if act else None
    ev = read_evidence(ans.full, ans.full.char_of_word(refl.offset) if refl else None, act_range)
    found = _signals(ans)
    _credit_outcome(found, ev)
    flags = _flags(ans, ev, found)
    sections, phrase_cov = _sections(ans, found, flags, ev)
    delivery = _delivery(words, transcript, cal)
    duration, budget_flag = _budget(ans, cal)
    if budget_flag:
        flags.append(budget_flag)

    codes = {f.code for f in flags}
    lead_sig = [s for s in book.signals if s.principles and scenario.principles[0] in s.principles]
    inputs = grading.GradeInputs(
        level=level,
        phrase_coverage=phrase_cov,
        lead_signal=any(found[s.id].found for s in lead_sig) if lead_sig else True,
        scope_required=_scope_required(scenario, book),
        systemic=found["systemic_reflection"].found,
        escalation="escalation" in codes,
        budget_ratio=duration / cal.max_seconds if cal.max_seconds else 0.0,
        context_excess=_context_excess(ans),
    )
    graded = grading.grade(ev, inputs)
    overall, verdict = graded.score, grading.verdict(graded.score)
    bar = book.levels.get(level)
    required = bar.required_for(book.lens(scenario.principles[0])) if bar else []
    missing_required = [r for r in required if r in found and not found[r].found]
    lenses = _lenses(scenario, found, codes, book, bar.shift if bar else 0.0, level)
    return Report(
        scenario=scenario.id,
        scenario_title=scenario.title,
        question=scenario.question,
        level=level,
        mode=mode,
        overall=Overall(
            score=overall,
            verdict=verdict,
            summary=_summary(verdict, level, sections, codes),
            breakdown=_breakdown(graded, ev),
            caps=graded.caps,
        ),
        sections=sections,
        flags=_order_flags(flags),
        lenses=lenses,
        delivery=delivery,
        transcript=transcript,
        fixes=_fixes(flags, found, scenario, book, missing_required),
        timing_tolerance=timing.TOLERANCE,
        segmentation=how,
    )


# Which quote of the evidence stands behind each feature of the grade.
_FEATURE_QUOTE = {
    "own_actions": "i_actions", "we_share": "we_actions", "vague": "vague", "detail": "detail",
    "outcome_number": "outcome_number", "business": "business", "second_order": "second_order",
    "customer": "customer", "specific_reflection": "specific_reflection", "platitude": "platitude", "blame": "blame",
    "initiative": "initiative", "outcome_stated": "outcome_stated", "self_critical": "self_critical",
}


def _breakdown(graded: grading.Grade, ev) -> list[GradePart]:
    out = []
    for name, value, points in graded.parts:
        q = ev.quotes.get(_FEATURE_QUOTE.get(name, ""))
        out.append(GradePart(feature=name, value=round(value, 3), points=round(points, 1), quote=q.text if q else None, start=q.start if q else None))
    return out


def _context_excess(ans: _Answer) -> float:
    """Share of the answer's words in the Situation beyond twice the Situation's share of the targets."""
    sit = next((s for s in ans.spans if s.key == "situation"), None)
    if sit is None or not ans.words:
        return 0.0
    target_share = ans.scenario.section("situation").target_seconds / ans.scenario.total_target_seconds
    return max(0.0, (sit.end - sit.start) / len(ans.words) - 2.0 * target_share)


def _scope_required(scenario: Scenario, book: SignalBook) -> bool:
    """A scope boundary is the ownership proof only where the lead principle's lens weighs it."""
    return "scope_boundary" in book.lens(scenario.principles[0]).signals


# -- general signals ---------------------------------------------------------------------------


def _signals(ans: _Answer) -> dict[str, SignalHit]:
    """Each general signal, looked for in its own sections first, then anywhere in the answer."""
    found: dict[str, SignalHit] = {}
    for sig in ans.book.signals:
        # Numbers anywhere are not an outcome: result signals are read in the Result, or in the outcome
        # sentences the evidence found elsewhere (see _credit_outcome).
        anywhere = [] if sig.sections == ["result"] else [ans.full]
        places = [ans.texts[k] for k in sig.sections if k in ans.texts] + anywhere
        hit = None
        for text in places:
            ms = _find(sig.regexes, text)
            if len(ms) >= sig.min_count:
                quote, start, _ = _quote_match(ms[0], text)
                hit = SignalHit(id=sig.id, label=sig.label, found=True, quote=quote, start=start)
                break
        found[sig.id] = hit or SignalHit(id=sig.id, label=sig.label, found=False)
    return found


def _credit_outcome(found: dict[str, SignalHit], ev) -> None:
    """An outcome number said outside the Result ("...which cut latency by 35%") is a quantified result."""
    q = ev.quotes.get("outcome_number")
    if q and not found["quantified_result"].found:
        found["quantified_result"] = found["quantified_result"].model_copy(update={"found": True, "quote": q.text, "start": q.start})
    b = ev.quotes.get("business")
    if b and not found["business_translation"].found:
        found["business_translation"] = found["business_translation"].model_copy(update={"found": True, "quote": b.text, "start": b.start})


# -- red flags ---------------------------------------------------------------------------------


def _flags(ans: _Answer, ev, found: dict[str, SignalHit]) -> list[Flag]:
    flags = _we_flag(ans, ev, found)
    for rf in ans.book.red_flags:
        if rf.code == "generic_reflection":
            continue  # read from the evidence: a platitude offered as the lesson
        ms = _find(rf.regexes, ans.full, red_flag=True)
        if ms:
            quote, start, end = _quote_match(ms[0], ans.full)
            where = ans.section_at(ans.full.word_index(ms[0].start()))
            flags.append(Flag(code=rf.code, section=where, message=f'"{quote}": {rf.message}', quote=quote, start=start, end=end))
    if ev.handoff and not any(f.code == "escalation" for f in flags):
        q = ev.quotes["handoff"]
        rf = next(r for r in ans.book.red_flags if r.code == "escalation")
        flags.append(Flag(code="escalation", section=ans.section_at(q.word), message=f'"{q.text}": {rf.message}', quote=q.text, start=q.start))
    if ev.platitude:
        q = ev.quotes.get("platitude")
        rf = next(r for r in ans.book.red_flags if r.code == "generic_reflection")
        flags.append(Flag(code="generic_reflection", section=ans.section_at(q.word) if q else "reflection", message=f'"{q.text}": {rf.message}' if q else rf.message, quote=q.text if q else None, start=q.start if q else None))
    if not found["quantified_result"].found:
        sig = ans.book.signal("quantified_result")
        said = ev.quotes.get("vague_outcome")
        message = sig.missing_message if "result" in ans.texts else "There is no Result: end with what changed, in numbers."
        flags.append(Flag(code="no_quantified_result", section="result", message=f'"{said.text}": {message}' if said else message, quote=said.text if said else None, start=said.start if said else None))
    if _scope_required(ans.scenario, ans.book) and not ev.scope and not found["scope_boundary"].found:
        flags.append(Flag(code="missing_scope_boundary", section="task", message=ans.book.signal("scope_boundary").missing_message))
    for sig in ans.book.signals:
        if sig.id == "follow_through" and ev.outcome_number:
            continue  # a measured outcome shows it shipped
        if sig.missing_flag in ("no_customer_impact", "no_follow_through") and sig.applies_to(ans.scenario.principles) and not found[sig.id].found:
            flags.append(Flag(code=sig.missing_flag, section=sig.sections[0], message=sig.missing_message or sig.label))
    return flags


def _we_flag(ans: _Answer, ev, found: dict[str, SignalHit]) -> list[Flag]:
    """'We' where the actions should be 'I': more 'we' / 'the team' action clauses than 'I' ones."""
    if not (ev.action_we >= 3 and ev.action_we > ev.action_i or ev.action_we >= 2 and ev.action_we > 2 * ev.action_i):
        return []
    ms = list(_WE.finditer(ans.full.text))[:3]
    quotes = "; ".join(f'"{_quote_match(m, ans.full, pad=2)[0]}"' for m in ms)
    q0, s0, e0 = _quote_match(ms[0], ans.full, pad=2) if ms else (None, None, None)
    found["first_person_actions"] = found["first_person_actions"].model_copy(update={"found": False})
    return [
        Flag(
            code="we_language",
            section="action" if "action" in ans.texts else None,
            message=f"You told {ev.action_we} actions with 'we' or 'the team' and {ev.action_i} with 'I' ({quotes}): say what you did, with 'I'.",
            quote=q0,
            start=s0,
            end=e0,
        )
    ]


# -- sections ----------------------------------------------------------------------------------


def _sections(ans: _Answer, found: dict[str, SignalHit], flags: list[Flag], ev) -> tuple[list[SectionResult], float]:
    """Per-section feedback (phrases, signals, timing) and the share of key phrases heard anywhere."""
    total_target = ans.scenario.total_target_seconds
    answer_len = timing.span_timing(ans.words, 0, len(ans.words)).duration
    by_key = {s.key: s for s in ans.spans}
    sections: list[SectionResult] = []
    n_phrases = n_hits = 0
    for sec in ans.scenario.sections:
        own = [s for s in ans.book.signals if s.sections[0] == sec.key and s.applies_to(ans.scenario.principles)]
        text = ans.texts.get(sec.key)
        hits, missed = [], []
        for p in sec.key_phrases:
            h = (_match_phrase(p, text) if text else None) or _match_elsewhere(p, ans.full)
            (hits.append(h) if h else missed.append(p))
        n_phrases += len(sec.key_phrases)
        n_hits += len(hits)
        span = by_key.get(sec.key)
        if span is None:
            if not _heard_elsewhere(sec.key, ev):
                flags.append(Flag(code="missing_section", section=sec.key, message=f"No {sec.title} heard. {sec.coaching}"))
            sections.append(
                SectionResult(
                    key=sec.key,
                    title=sec.title,
                    present=False,
                    target=sec.target_seconds,
                    target_share=round(sec.target_seconds / total_target, 3),
                    score=0.0,
                    matched_phrases=hits,
                    missed_phrases=missed,
                    signals=[found[s.id] for s in own],
                )
            )
            continue
        weight = sum(s.weight for s in own) or 1.0
        signal_cov = sum(s.weight for s in own if found[s.id].found) / weight if own else 1.0
        score = 100.0 * (PHRASE_SHARE * len(hits) / max(1, len(sec.key_phrases)) + (1 - PHRASE_SHARE) * signal_cov)
        t = timing.span_timing(ans.words, span.start, span.end)
        timing_flag = _section_timing_flag(sec, t, answer_len, total_target)
        if timing_flag:
            flags.append(timing_flag)
        score -= sum(FLAG_PENALTY.get(f.code, 0) for f in flags if f.section == sec.key)
        sections.append(
            SectionResult(
                key=sec.key,
                title=sec.title,
                start=_r(t.start),
                end=_r(t.end),
                duration=_r(t.duration),
                speaking_time=_r(t.speaking_time),
                target=sec.target_seconds,
                share=round(t.duration / answer_len, 3) if t.duration is not None and answer_len else None,
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
    return sections, (n_hits / n_phrases if n_phrases else 0.0)


def _match_elsewhere(phrase: str, full: _Text) -> PhraseHit | None:
    """A key phrase said outside its section; a fast whole-text similarity gates the window search."""
    if fuzz.partial_ratio(normalize(phrase), full.text) < PHRASE_THRESHOLD - 8:
        return None
    return _match_phrase(phrase, full)


def _heard_elsewhere(key: str, ev) -> bool:
    """A Result folded into the Action, or a lesson said in passing, is not a missing section."""
    return (key == "result" and ev.outcome_number) or (key == "reflection" and ev.reflection)


def _section_timing_flag(sec, t: timing.SpanTiming, answer_len: float | None, total_target: float) -> Flag | None:
    if t.duration is None:
        return None
    verdict = timing.target_verdict(t.duration, sec.target_seconds)
    if verdict == "ok":
        return None
    share = f"{t.duration / answer_len:.0%} of your answer" if answer_len else ""
    aim = f"aim for {sec.target_seconds / total_target:.0%}"
    msg = (
        f"{sec.title} took {t.duration:.0f}s against a target of {sec.target_seconds:g}s "
        f"({share}; {aim}). " + (sec.common_mistake if verdict == "over" else "Give it more substance: " + sec.coaching)
    )
    return Flag(code=f"section_{verdict}_target", section=sec.key, message=msg, start=t.start, end=t.end)


# -- whole answer: budget ----------------------------------------------------------------------


def _budget(ans: _Answer, cal) -> tuple[float, Flag | None]:
    """The answer's duration (estimated from its words when untimed) and its budget flag, if any."""
    n_words = len([w for w in ans.words if w.word.strip(" .,!?-")])
    measured = timing.span_timing(ans.words, 0, len(ans.words)).duration
    duration = measured if measured is not None else timing.estimate_seconds(n_words)
    how = "" if ans.transcript.timed else f" (estimated at {timing.ESTIMATED_WPM:.0f} words per minute)"
    budget = timing.budget_verdict(duration, cal.min_seconds, cal.max_seconds)
    label = LEVEL_LABELS[ans.level]
    if budget == "short":
        return duration, Flag(code="too_short", message=f"Your answer took {duration:.0f}s{how}; at {label} aim for {cal.min_seconds:.0f}-{cal.max_seconds:.0f}s. {cal.budget_text}")
    if budget == "long":
        return duration, Flag(code="too_long", message=f"Your answer took {duration:.0f}s{how}; at {label} keep it within {cal.max_seconds:.0f}s. {cal.budget_text}")
    return duration, None


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
