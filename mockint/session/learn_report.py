"""The report a learn session leaves (pure): the walkthrough it covered and the quiz score, in the Report model
every other mode uses, so `report`, `rescore` and `history` work on it too."""

from __future__ import annotations

from mockint.library.schema import Scenario
from mockint.scoring.quiz import parse_choice
from mockint.scoring.report import Delivery, Overall, Report
from mockint.scoring.transcript import Transcript
from mockint.store.folder import QuizAnswer, QuizRecord


def learn_report(scenario: Scenario, level: str, quiz: QuizRecord, covered: int) -> Report:
    """`covered`: how many parts of the walkthrough were said before the quiz."""
    cal = scenario.calibration(level)
    score = round(100.0 * quiz.score / quiz.total, 1) if quiz.total else 0.0
    missed = [scenario.quiz[i] for i, a in enumerate(quiz.answers) if not a.correct and i < len(scenario.quiz)]
    summary = f"Learn mode: walkthrough covered ({covered} parts); quiz {quiz.score} of {quiz.total} right."
    heard = " ".join(a.heard for a in quiz.answers if a.heard)
    return Report(
        scenario=scenario.id,
        scenario_title=scenario.title,
        question=scenario.question,
        level=level,
        mode="learn",
        overall=Overall(score=score, verdict=f"Quiz {quiz.score}/{quiz.total}", summary=summary),
        sections=[],
        delivery=Delivery(budget_min=cal.min_seconds, budget_max=cal.max_seconds, budget_text=cal.budget_text),
        transcript=Transcript.from_text(heard),
        fixes=[f"{q.question} {q.explanation}" for q in missed],
        segmentation="none",
    )


def reread_quiz(scenario: Scenario, quiz: QuizRecord, spoken: dict[int, str]) -> QuizRecord:
    """The quiz with its spoken replies (question number -> what was heard now) read again."""
    answers = []
    for i, (q, old) in enumerate(zip(scenario.quiz, quiz.answers), 1):
        heard = spoken.get(i, old.heard)
        choice = parse_choice(heard, len(q.options), q.options) if i in spoken else old.choice
        answers.append(QuizAnswer(question=q.question, heard=heard, choice=choice, answer=q.answer, correct=choice == q.answer))
    return QuizRecord(score=sum(a.correct for a in answers), total=len(answers), answers=answers)
