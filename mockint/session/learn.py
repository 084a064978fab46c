"""Learn mode: the agent walks through the model answer (overview, each STAR section with its coaching and
common mistake, the lenses, the level's bar, a weak answer and what a Bar Raiser thinks of it), then a short
quiz answered aloud or typed."""

from __future__ import annotations

from mockint.library.schema import LEVEL_LABELS, QuizQuestion, Scenario
from mockint.scoring.quiz import parse_choice
from mockint.scoring.timing import scenario_targets
from mockint.session.context import SessionContext
from mockint.session.learn_report import learn_report
from mockint.session.recording import record_turn
from mockint.store.folder import QuizAnswer, QuizRecord

QUIZ_TARGET_SECONDS = 10.0  # what a spoken quiz reply is timed against


def letter(i: int) -> str:
    return chr(65 + i)


def walkthrough(s: Scenario, lvl: str) -> list[str]:
    """What learn mode says before the quiz, one readable chunk each."""
    chunks = [f"Learn mode. The question: {s.question}", s.overview, s.summary]
    targets = scenario_targets(s, lvl)
    for sec in s.sections:
        if sec.strong_example:
            chunks.append(f"{sec.title}, about {targets[sec.key]:.0f} seconds. A strong example: {sec.strong_example}")
        else:
            chunks.append(f"{sec.title}, about {targets[sec.key]:.0f} seconds. Key ideas: {'; '.join(sec.key_phrases)}. "
                          f"For example, at {LEVEL_LABELS[lvl]}: {s.reflection_for(lvl)}")
        chunks.append(f"Coaching: {sec.coaching} Common mistake: {sec.common_mistake}")
    for lens in s.lenses:
        chunks.append(f"Through the lens of {lens.principle}: {lens.guidance} Emphasize {lens.emphasize} Downplay {lens.downplay}")
    cal = s.calibration(lvl)
    chunks.append(f"At {LEVEL_LABELS[lvl]}: {cal.guidance} The bar: {cal.bar} {cal.budget_text}")
    wa = s.weak_answer
    chunks.append(f"Here is a weak answer. {wa.text} A Bar Raiser thinks: {wa.bar_raiser_thinks}")
    return chunks


RETRY_PROMPT = "I didn't catch a choice. Say the letter again, or the option in its own words."


def run_learn(ctx: SessionContext) -> None:
    chunks = walkthrough(ctx.scenario, ctx.options.level)
    for chunk in chunks:
        ctx.say(chunk)
    ctx.say("Now a short quiz. Answer with the letter of your choice, or say the option in its own words.")
    answers = [ask_question(ctx, i, q) for i, q in enumerate(ctx.scenario.quiz, 1)]
    correct = sum(a.correct for a in answers)
    ctx.say(f"You got {correct} of {len(answers)}.")
    ctx.record.quiz = QuizRecord(score=correct, total=len(answers), answers=answers)
    ctx.folder.save_quiz(ctx.record.quiz)
    ctx.save()
    ctx.report = ctx.with_meta(learn_report(ctx.scenario, ctx.options.level, ctx.record.quiz, len(chunks)), audio=None)


def ask_question(ctx: SessionContext, i: int, q: QuizQuestion) -> QuizAnswer:
    spoken = " ".join(f"{letter(j)}: {o.rstrip('.')}." for j, o in enumerate(q.options))
    shown = "\n".join([f"Question {i}. {q.question}"] + [f"  {letter(j)}. {o}" for j, o in enumerate(q.options)])
    ctx.say(f"Question {i}. {q.question} {spoken}", shown=shown)
    choice, heard = _quiz_reply(ctx, i, q)
    if choice is None:  # once more, as an interviewer would: a letter misheard is no wrong answer
        ctx.say(RETRY_PROMPT)
        choice, heard = _quiz_reply(ctx, i, q)
    ok = choice == q.answer
    right = letter(q.answer)
    verdict = "Correct." if ok else (f"Not quite: the answer is {right}." if choice is not None else f"I didn't catch a choice. The answer is {right}.")
    ctx.say(f"{verdict} {q.explanation}")
    return QuizAnswer(question=q.question, heard=heard, choice=choice, answer=q.answer, correct=ok)


def _quiz_reply(ctx: SessionContext, i: int, q: QuizQuestion) -> tuple[int | None, str]:
    if ctx.ask is not None:
        heard = ctx.ask(f"Your answer ({'/'.join(letter(j) for j in range(len(q.options)))}), or Enter to answer aloud: ")
        if heard.strip():
            return parse_choice(heard, len(q.options), q.options), heard.strip()
    _, t = record_turn(ctx, "quiz", str(i), q.question, QUIZ_TARGET_SECONDS)
    return parse_choice(t.text, len(q.options), q.options), t.text
