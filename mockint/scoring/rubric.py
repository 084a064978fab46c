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

from collections.abc import Sequence

from mockint.library.schema import LEVEL_LABELS, VERDICTS, Scenario
from mockint.library.signals import SignalBook, load_signals
from mockint.scoring import grading, timing
from mockint.scoring.answer import (
    Answer,
    context_excess,
    find_in,
    quote_match,
    scope_required,
    segment_or_given,
)
from mockint.scoring.delivery import budget, measure_delivery
from mockint.scoring.evidence import read_evidence
from mockint.scoring.flags import order_flags, red_flags
from mockint.scoring.language import english_doubt, mostly_english, unheard_speech
from mockint.scoring.lesson import LessonReader
from mockint.scoring.report import (
    Delivery,
    Flag,
    GradePart,
    LensVerdict,
    Overall,
    Report,
    SectionResult,
    SignalHit,
)
from mockint.scoring.sections import score_sections
from mockint.scoring.segmentation import SectionSpan
from mockint.scoring.text import Text as _Text
from mockint.scoring.transcript import Transcript

VERDICT_THRESHOLDS = (
    85.0,
    72.0,
    58.0,
    40.0,
)  # Strong Hire, Hire, Lean Hire, Lean No Hire (sde2)


def _verdict(score: float, shift: float = 0.0) -> str:
    for name, threshold in zip(VERDICTS, VERDICT_THRESHOLDS):
        if score >= threshold + shift:
            return name
    return VERDICTS[-1]


def _cap(verdict: str, at_most: str) -> str:
    return VERDICTS[max(VERDICTS.index(verdict), VERDICTS.index(at_most))]


def _answer(transcript: Transcript, scenario: Scenario, level: str, spans: list[SectionSpan], book: SignalBook) -> Answer:
    words = transcript.words
    return Answer(
        transcript=transcript, scenario=scenario, level=level, words=words, spans=spans,
        texts={s.key: _Text(words[s.start : s.end], s.start) for s in spans}, full=_Text(words, 0), book=book,
    )  # fmt: skip


def _evidence(ans: Answer, lessons: LessonReader | None):
    """The evidence of the whole answer, told where the Reflection starts and where the Action runs."""
    refl, act = ans.texts.get("reflection"), ans.texts.get("action")
    act_range = (ans.full.char_of_word(act.offset), ans.full.char_of_word(act.offset + len(act.words))) if act else None
    return read_evidence(ans.full, ans.full.char_of_word(refl.offset) if refl else None, act_range, lessons)


def _about(scenario: Scenario, level: str, mode: str | None) -> dict[str, str | None]:
    """The fields every report starts with: which scenario, question, level and mode it is about."""
    return {"scenario": scenario.id, "scenario_title": scenario.title, "question": scenario.question, "level": level, "mode": mode}


def _concise(sections: list[SectionResult], verdict: str) -> bool:
    return verdict in VERDICTS[:2] and all(sec.present and sec.score >= timing.CONCISE_CONTENT for sec in sections)


def _grade_inputs(ans: Answer, found: dict[str, SignalHit], phrase_cov: float, escalation: bool, budget_ratio: float) -> grading.GradeInputs:
    lead_sig = [s for s in ans.book.signals if s.principles and ans.scenario.principles[0] in s.principles]
    return grading.GradeInputs(
        level=ans.level,
        phrase_coverage=phrase_cov,
        lead_signal=any(found[s.id].found for s in lead_sig) if lead_sig else True,
        scope_required=scope_required(ans.scenario, ans.book),
        systemic=found["systemic_reflection"].found,
        escalation=escalation,
        budget_ratio=budget_ratio,
        context_excess=context_excess(ans),
    )


def score_answer(
    transcript: Transcript,
    scenario: Scenario,
    level: str = "sde2",
    *,
    spans: Sequence[SectionSpan] | None = None,
    mode: str | None = None,
    book: SignalBook | None = None,
    lessons: LessonReader | None = None,
) -> Report:
    """Score one answer. `spans` are the STAR sections when known (guided mode); else they are found.
    `lessons` reads the reflection by its meaning (mockint.meaning.lessons.shared_reader()); without it the
    lesson's words alone decide whether it is generic."""
    book = book or load_signals()
    cal = scenario.calibration(level)
    words = transcript.words or Transcript.from_text(transcript.text).words
    transcript = transcript if transcript.words else transcript.model_copy(update={"words": words})
    if not [w for w in words if w.word.strip(" .,!?-")]:
        return _no_speech_report(transcript, scenario, level, mode, cal)
    if not mostly_english(transcript):
        return _no_speech_report(transcript, scenario, level, mode, cal, not_english=True)

    how = "auto" if spans is None else "given"
    ans = _answer(transcript, scenario, level, segment_or_given(transcript, scenario, spans), book)
    ev = _evidence(ans, lessons)
    found = _signals(ans)
    _credit_outcome(found, ev)
    flags = red_flags(ans, ev, found)
    sections, phrase_cov = score_sections(ans, found, flags, ev)
    delivery = measure_delivery(words, transcript, cal)
    duration, budget_flag = budget(ans, cal)
    if budget_flag:
        flags.append(budget_flag)
    codes = {f.code for f in flags}
    inputs = _grade_inputs(ans, found, phrase_cov, "escalation" in codes, duration / cal.max_seconds if cal.max_seconds else 0.0)
    graded = grading.grade(ev, inputs)
    overall, verdict = graded.score, grading.verdict(graded.score)
    if budget_flag and budget_flag.code == "too_short" and _concise(sections, verdict):
        flags.remove(budget_flag)  # short, but complete and graded Hire or better: concise is not a fault
    doubt = english_doubt(transcript)
    if doubt:
        flags.append(Flag(code="unclear_english", message=f"This answer may not be what you said: {doubt}. mockint's rubric "
                          "is English only; if you answered in English, check the microphone (mockint devices) and speak up."))
    bar = book.levels.get(level)
    required = bar.required_for(book.lens(scenario.principles[0])) if bar else []
    missing_required = [r for r in required if r in found and not found[r].found]
    lenses = _lenses(scenario, found, codes, book, bar.shift if bar else 0.0, level)
    return Report(
        **_about(scenario, level, mode),
        overall=Overall(
            score=overall,
            verdict=verdict,
            summary=_summary(verdict, level, sections, codes),
            breakdown=_breakdown(graded, ev),
            caps=graded.caps,
        ),
        sections=sections,
        flags=order_flags(flags),
        lenses=lenses,
        delivery=delivery,
        transcript=transcript,
        fixes=_fixes(flags, found, scenario, book, missing_required),
        timing_tolerance=timing.TOLERANCE,
        segmentation=how,
    )


# Which quote of the evidence stands behind each feature of the grade.
_FEATURE_QUOTE = {
    "own_actions": "i_actions",
    "we_share": "we_actions",
    "vague": "vague",
    "detail": "detail",
    "outcome_number": "outcome_number",
    "business": "business",
    "second_order": "second_order",
    "customer": "customer",
    "specific_reflection": "specific_reflection",
    "platitude": "platitude",
    "blame": "blame",
    "initiative": "initiative",
    "outcome_stated": "outcome_stated",
    "self_critical": "self_critical",
}


def _breakdown(graded: grading.Grade, ev) -> list[GradePart]:
    out = []
    for name, value, points in graded.parts:
        q = ev.quotes.get(_FEATURE_QUOTE.get(name, ""))
        out.append(
            GradePart(
                feature=name,
                value=round(value, 3),
                points=round(points, 1),
                quote=q.text if q else None,
                start=q.start if q else None,
            )
        )
    return out


# -- general signals ---------------------------------------------------------------------------


def _signals(ans: Answer) -> dict[str, SignalHit]:
    """Each general signal, looked for in its own sections first, then anywhere in the answer."""
    found: dict[str, SignalHit] = {}
    for sig in ans.book.signals:
        # Numbers anywhere are not an outcome: result signals are read in the Result, or in the outcome
        # sentences the evidence found elsewhere (see _credit_outcome).
        anywhere = [] if sig.sections == ["result"] else [ans.full]
        places = [ans.texts[k] for k in sig.sections if k in ans.texts] + anywhere
        if sig.id == "quantified_result":
            places = []  # a number on the outcome, wherever it was said, not any number in the Result (_credit_outcome)
        hit = None
        for text in places:
            ms = find_in(sig.regexes, text)
            if len(ms) >= sig.min_count:
                quote, start, _ = quote_match(ms[0], text)
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


# -- sections ----------------------------------------------------------------------------------


# -- whole answer: budget ----------------------------------------------------------------------


def _lenses(
    scenario: Scenario,
    found: dict[str, SignalHit],
    codes: set[str],
    book: SignalBook,
    shift: float,
    level: str,
) -> list[LensVerdict]:
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
            reasons.append(f'+ {hit.label}: "{hit.quote}"' if hit.found else f"- {hit.label}: not heard")
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
    "unclear_english",
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


def _fixes(
    flags: list[Flag],
    found: dict[str, SignalHit],
    scenario: Scenario,
    book: SignalBook,
    missing_required: list[str],
) -> list[str]:
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


def _no_speech_report(transcript: Transcript, scenario: Scenario, level: str, mode: str | None, cal, not_english: bool = False) -> Report:
    sections = [
        SectionResult(
            key=s.key,
            title=s.title,
            present=False,
            target=s.target_seconds,
            score=0.0,
            missed_phrases=list(s.key_phrases),
        )
        for s in scenario.sections
    ]
    flag = Flag(
        code="no_speech",
        message="No speech was heard in this answer: check the microphone (mockint devices) and speak up.",
    )
    summary = "No speech heard."
    unheard = unheard_speech(transcript)
    if unheard and not not_english:
        flag = Flag(code="no_speech", message=f"{unheard:g} s of speech were heard but no English word in it: mockint's "
                    "rubric is English only; if you answered in English, check the microphone (mockint devices).")
        summary = "No English words heard."
    if not_english:
        lang = f" (heard as '{transcript.language}')" if transcript.language not in (None, "", "en") else ""
        flag = Flag(code="not_english", message=f"This answer is not in English{lang}: mockint's rubric and voice are English only; answer in English to be scored.")
        summary = "Not scored: the answer is not in English."
    return Report(
        **_about(scenario, level, mode),
        overall=Overall(score=0.0, verdict="No Hire", summary=summary),
        sections=sections,
        flags=[flag],
        delivery=Delivery(
            duration=transcript.duration,
            budget_min=cal.min_seconds,
            budget_max=cal.max_seconds,
            budget_text=cal.budget_text,
        ),
        transcript=transcript,
        fixes=[flag.message],
    )


# -- follow-up probes ------------------------------------------------------------------------
