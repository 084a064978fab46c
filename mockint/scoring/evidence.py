"""What a Bar Raiser listens for, read from the whole answer (pure core, no I/O).

Evidence is looked for in the whole answer and credited to the section it was heard in, never lost because
the segmenter put a sentence elsewhere ("...which cut processing time by 35%" inside an Action still is a
quantified result). `read_evidence` returns `Evidence`: a small set of features, each between 0 and 1 with
the words that earned it, that `grading.grade` turns into a calibrated score.

The features are the questions an interviewer asks of any story, whatever its words:
- *who did it*: first-person action clauses ("I traced", "I wrote") against 'we' / 'the team' clauses;
- *how*: concrete, technical or domain detail, and numbers, across the answer;
- *did it matter*: a number in an outcome sentence, its business translation, a second-order effect;
- *why it mattered*: the customer or user named; the scope boundary where the story is about ownership;
- *what was learned*: a specific reflection (systemic, technical, a change made) or a platitude;
- *substance against vocabulary*: vague actions ("helped with", "worked with the team to", "after
  discussing", "my manager suggested") that fluent weak answers are made of;
- red flags read in context (negation, hypotheticals, "rather than escalating", "prevented escalations").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mockint.scoring.handoff import handoff
from mockint.scoring.lesson import (
    CLAIM,
    IMPORTANT_TO,
    PLATITUDE,
    REFLECTION_CUE,
    SPECIFIC_LESSON,
    LessonReader,
    elaborates,
    judge_lesson,
    read_by_meaning,
)
from mockint.scoring.outcome import outcome_measure
from mockint.scoring.scope import SCOPE
from mockint.scoring.text import Text, find

# -- who did it ------------------------------------------------------------------------------

# An adverb between the subject and the verb ("I then traced", "we quickly rolled back")
_ADVERB = r"(?:also |then |first |quickly |personally |finally |immediately |eventually |actually |basically |just |carefully |manually |myself )?"
# Verbs after "I" that are not a deed: states, thoughts, wishes, assisting, modals
_NOT_ACTION = (
    r"was|am|had|have|felt|feel|think|thought|guess|believe|believed|wanted|want|needed|need|liked|like|love|loved|"
    r"hoped|hope|tried|try|learned|realized|knew|know|mean|meant|remember|noticed|saw|heard|helped|help|assisted|"
    r"supported|discussed|participated|contributed|escalated|would|could|should|will|can|did not|do not|didnt|"
    r"guess|suppose|understood|agreed|joined|got|kind|sort|really|also|just|then|now|am|m|d|ll|ve|as|and|in|at|on|to"
)
# A deed of the candidate's own: "I traced", "I then wrote" (not "I was", "I helped", "I learned")
I_ACTION = re.compile(rf"(?<!team and )\bi {_ADVERB}(?!(?:{_NOT_ACTION})\b)([a-z]+)\b")
# The group as the subject, and what after it is not a deed (a state, a thought, or a noun: "the team lead")
_GROUP = r"we|my team and i|the team and i|the team|our team|our \w+ team|the group|everyone"
_NOT_GROUP_ACTION = (
    r"was|were|are|is|s|had|have|felt|think|thought|knew|know|needed|wanted|including|that|who|and|members?|lead|leads|manager|"
    r"also|then|just|all|really|still"  # "we also had" is no deed: the adverb is not the verb
)
# A deed of the group: "we traced", "the team rolled back" (not "we were", "the team lead")
WE_ACTION = re.compile(rf"\b({_GROUP}) (?:all |both |together )?{_ADVERB}(?!(?:{_NOT_GROUP_ACTION})\b)([a-z]+)\b")
# A deed with no one doing it: "the key was rotated", "a fix was written" (not "I was asked", "users were affected")
_STATE = (
    r"based|supposed|located|interested|involved|called|named|used|excited|worried|concerned|tasked|asked|assigned|"
    r"required|scheduled|expected|affected|impacted|blocked|stuck|surprised|confused|frustrated|annoyed|pleased|happy|"
    r"told|given|allowed|paged|woken|hired|promoted|owned|scared|tired|done|finished|gone|broken|down|able|meant|set up to"
)
PASSIVE_ACTION = re.compile(
    rf"(?<!\bi )\b(was|were|got|been) (also |then |quickly |finally |eventually |just |all |later )?(?!(?:{_STATE})\b)"
    r"([a-z]+ed|built|written|rewritten|made|put|run|taken|sent|shipped|rolled (out|back)|held back|torn down|shut down|split|thrown)\b(?! by)"
)
# More deeds of the same subject, joined by "and": "we added a circuit breaker ... and moved reports to a queue"
_AND_DEED = re.compile(rf"\band {_ADVERB}(?!(?:{_NOT_ACTION})\b)([a-z]+ed|built|wrote|rewrote|made|took|ran|set|put|found|sent|dug|shipped|cut)\b")
_SUBJECT = re.compile(rf"\b(i|{_GROUP}|he|she|they|that|which|who|there)\b")  # (or a clause of its own)
# A deed of the candidate's that only stands beside the work: "I wrote some of the tests", "I took the lead on
# this", "I kicked off a meeting", "I coordinated the communication"
_MINOR = re.compile(
    rf"\bi {_ADVERB}(\w+ )?(some|part|a few|one|bits) of\b|\bi {_ADVERB}(took the lead|kicked off|coordinated|organized|facilitated|"
    r"oversaw|made sure|ensured|scheduled|set up (a|the) (meeting|call|sync))\b"
)


def _deeds(s: str, m: re.Match, a0: int, a1: int) -> int:
    """How many deeds the subject of `m` tells inside [a0, a1): its verb, and each "and <verb>" after it before
    another subject or the sentence's end."""
    if not a0 <= m.start() < a1:
        return 0
    nxt = _SUBJECT.search(s, m.end())
    stop = min(a1, nxt.start() if nxt else len(s))
    return 1 + sum(1 for _ in _AND_DEED.finditer(s, m.end(), stop))


# "I" as the subject of anything but a state or an opinion
I_SUBJECT = re.compile(r"\bi\b(?! (was|am|felt|think|thought|guess|believe|mean)\b)")

# Words that blur who did what or what was done: "helped with", "made some changes", "as a team"
_VAGUE_WORDS = "|".join(
    (
        r"helped( (with|to|out|on))?", r"assist\w*", "supported", "participated", "was involved", "got involved", "contributed to",
        r"worked (closely )?with the team", r"after (discussing|talking|a discussion|some discussion)", r"discussed (it )?with",
        r"(my )?manager (suggested|asked me|told me|wanted)", "looked into", r"made (some |a few )?(changes|improvements|tweaks|fixes)",
        r"some (changes|things|improvements|work)", "kind of", "sort of", "various", "a bunch of", "stuff", r"things (got|were|went)",
        "tried to", r"we (all )?worked together", "as a team", "team effort", "synced", "aligned on",
    )
)
VAGUE = re.compile(rf"\b({_VAGUE_WORDS})\b")

# -- how -------------------------------------------------------------------------------------

DETAIL = re.compile(
    r"\b(logs?|metrics?|traces?|tracing|dashboards?|profil\w+|reproduc\w+|root cause|race condition|bug|debug\w*|stack|quer(y|ies)|"
    r"index\w*|latency|throughput|p\s?\d\d|retr(y|ies)|cache\w*|database|schema|api|tests?|benchmark\w*|alerts?|alarm\w*|monitor\w*|"
    r"deploy\w*|rollback|rolled back|canary|config\w*|pipeline|migrat\w+|load test\w*|hypothes\w+|experiment\w*|a b test|heap|memory|"
    r"threads?|locks?|queue|timeouts?|script\w*|sql|spreadsheet|csv|model|regression|feature flag|runbook|design doc|doc|proposal|"
    r"prototype|pr|pull request|code review|unit tests?|integration tests?|instances?|cluster|shards?|nodes?|lambda|s3|dynamo\w*|"
    r"kafka|sqs|cpu|gpu|contract|vendor|invoice|budget|survey|interviews?|checklist|playbook|plan|rotation|pairing|1 on 1|"
    r"weekly|daily|milestones?|spec|requirements?|data|analysis|analy[sz]ed|audit\w*|redact\w*|encrypt\w*|dashboard)\b"
)
# A number that measures something: a lone "1" is mostly the word "one" ("one of our engineers").
NUMBER = re.compile(
    r"(\$\s?\d|¢\d|\b\d*[02-9][\d.,]*\b|\b1[\d.,]+\b|\b1\s?(%|x\b|ms\b|seconds?|minutes?|hours?|days?|weeks?|months?|percent)|"
    r"\b(zero|half|twice|double\w*|tripl\w*|halved)\b)"
)

# -- did it matter ---------------------------------------------------------------------------

BUSINESS = re.compile(
    r"(\$\s?\d|\b\d[\d.,]* ?(dollars|hours|days|weeks|engineers?|customers|users|orders|tickets|requests|accounts|merchants|sellers|"
    r"advertisers|shoppers|drivers|people|calls|pages|incidents)\b|\b(revenue|costs?|savings?|saved|recovered|churn|retention|"
    r"conversion|satisfaction|nps|csat|engineer hours|on call|sla|slo|budget|spend)\b)"
)
SECOND_ORDER = re.compile(
    r"\b(adopted|standard|template|reused|other teams|across (the )?(org|organization|company|teams)|default|playbook|rolled out to|"
    r"every (team|service|repo\w*)|\d+ (other )?teams|now (part of|uses?|used)|became (the|our|a)|promoted|onboarding (doc|guide)|"
    r"copied|followed (suit|the same)|same pattern|pattern)\b"
)
CUSTOMER = re.compile(
    r"\b(customers?|users?|clients?|buyers?|sellers?|shoppers?|merchants?|partners?|patients?|riders?|drivers?|advertisers?|"
    r"members?|subscribers?|viewers?|players?|students?|developers?|callers?|hosts?|guests?|consumers?|people)\b|"
    r"\b(trust|experience|revenue|churn|conversion|checkout|payments?|orders?|outage|downtime|sla)\b"
)

# Blame and deflection: the candidate explains why it was not theirs to solve.
BLAME = re.compile(
    r"\b(not my fault|their fault|(did not|didnt|would not) (really )?listen|unrealistic|(out of|beyond) (my|our|your) control|"
    r"nobody told (me|us)|no one told (me|us)|we were (never )?given|management (committed|decided|did not|never)|"
    r"blam\w+|we all (just )?did our best|did (my|our) best|not (my|our) problem)\b"
)

# Saw the problem first: the start of ownership, even when what follows is weak.
INITIATIVE = re.compile(r"\bi (first )?(noticed|spotted|saw|found|discovered|caught|realized|dug|investigated|proposed|volunteered|decided)\b")
# An outcome said, with or without a number ("the drop rate improved" is vague but not absent).
OUTCOME_STATED = re.compile(
    r"\b(improved|went (down|up|away)|dropped|fell|was fixed|got fixed|resolved|stopped|disappeared|reduced|increased|faster|"
    r"no longer|never happened again|on time|shipped|launched|delivered|merged|adopted|saved|recovered)\b"
)

# Vocally self-critical (Earn Trust): the candidate names their own miss ("I should have", "my mistake",
# "I did not take ownership beyond reporting, which limited my impact", "in hindsight I would have").
SELF_CRITICAL = re.compile(
    r"\b(i should have|i should not have|my (mistake|fault|miss)|i (was wrong|got it wrong|missed|underestimated|overlooked)|"
    r"i (did not|didnt|never) [\w ]{0,40}(which|and that|so) (limited|hurt|cost|slowed|delayed|meant)|"
    r"(in hindsight|looking back|if i did it again) i (would|d) have|i (would|d) (now )?do [\w ]{0,20}differently|"
    r"i take (the )?(responsibility|blame)|that was on me|i own(ed)? (that|the) (mistake|miss))\b"
)
# An outcome said without a measure: what a "by how much?" drills into.
VAGUE_OUTCOME = re.compile(
    r"\b(improved|got better|better|a lot|significantly|dramatically|much (faster|better|lower|higher)|went (down|up|away)|"
    r"dropped|reduced|increased|faster|happier|happy|fewer|less|more reliable|stable|smoother)\b"
)

TRADEOFF = re.compile(
    r"\b(trade ?offs?|instead of|rather than|at the cost of|weighed|versus|vs|options?|alternatives?|on the other hand|"
    r"the downside|the risk was|risk of|cost of|chose .{0,40} over)\b"
)


@dataclass(frozen=True)
class Quote:
    """Words of the answer that earned (or lost) something, with their place."""

    text: str
    start: float | None = None  # seconds
    word: int = 0  # index in the transcript


@dataclass
class Evidence:
    """The features `grading.grade` combines, each 0..1 (counts saturate), with the quotes behind them."""

    i_actions: int = 0  # in the whole answer
    we_actions: int = 0
    action_i: int = 0  # in the Action (the whole answer when none was found): who did the work
    action_we: int = 0
    vague: int = 0
    detail: int = 0
    numbers: int = 0
    outcome_number: bool = False
    business: bool = False
    second_order: bool = False
    customer: bool = False
    scope: bool = False
    reflection: bool = False
    specific_reflection: bool = False
    handoff: bool = False  # the problem passed to someone else, who drove it
    self_critical: bool = False  # names their own miss
    platitude: bool = False
    blame: bool = False
    initiative: bool = False
    outcome_stated: bool = False
    tradeoff: bool = False
    words: int = 0
    quotes: dict[str, Quote] = field(default_factory=dict)

    @property
    def we_share(self) -> float:
        n = self.action_i + self.action_we
        return self.action_we / n if n else 0.0


def _distinct(ms: list[re.Match], group: int = 0) -> int:
    return len({m.group(group) for m in ms})


def _after(cue: re.Match, a: int, s: str, b: int) -> re.Match | None:
    """The lesson itself: the first word after the cue that introduced it."""
    return re.compile(r"[a-z]\w*").search(s, a + cue.end(), b)


def read_evidence(
    text: Text, reflection_from: int | None = None, action: tuple[int, int] | None = None, lessons: LessonReader | None = None
) -> Evidence:
    """Read the whole answer. `reflection_from` is the character offset where the segmenter's Reflection
    starts (if any): its sentences count as reflection even without a cue such as "I learned". `action` is
    the (start, end) character range of the Action, where 'I' against 'we' is counted. `lessons` reads the
    lesson by its meaning (generic or specific); without it the lesson's words decide."""
    ev = Evidence(words=len(text.tokens))
    s = text.text

    def keep(name: str, m: re.Match | None) -> None:
        if m is not None and name not in ev.quotes:
            q, start, _ = text.quote_match(m, pad=2)
            ev.quotes[name] = Quote(q, start, text.word_index(m.start()))

    i_ms = list(I_ACTION.finditer(s))
    ev.i_actions = len(i_ms)
    keep("i_actions", i_ms[0] if i_ms else None)
    we_ms = list(WE_ACTION.finditer(s))
    ev.we_actions = len(we_ms)
    keep("we_actions", we_ms[0] if we_ms else None)
    a0, a1 = action if action and len(s[action[0] : action[1]].split()) >= 15 else (0, len(s))
    ev.action_i = sum(_deeds(s, m, a0, a1) for m in i_ms if not _MINOR.match(s, m.start()))
    ev.action_we = sum(_deeds(s, m, a0, a1) for m in we_ms)
    if not ev.action_i:  # no deed of the candidate's at all: a deed with no actor hides them too ("a fix was written")
        ev.action_we += sum(a0 <= m.start() < a1 for m in PASSIVE_ACTION.finditer(s))
    vague = find([VAGUE], text)
    ev.vague = len(vague)
    keep("vague", vague[0] if vague else None)
    det = list(DETAIL.finditer(s))
    ev.detail = _distinct(det)
    keep("detail", det[0] if det else None)
    ev.numbers = len(NUMBER.findall(s))

    lesson_begun = False
    for a, b in text.sentences():
        sent = s[a:b]
        in_reflection = reflection_from is not None and a >= reflection_from
        # the lesson has begun once a sentence reads as one: a Result the segmenter put in the Reflection
        # ("...now takes a day. Looking back, ...") is still an outcome
        lesson_begun = lesson_begun or bool(in_reflection and REFLECTION_CUE.search(sent))
        measure = outcome_measure(s, a, b, lesson_begun)
        if measure:
            if not ev.outcome_number:
                ev.outcome_number = True
                keep("outcome_number", measure)
            if BUSINESS.search(sent) and not ev.business:
                ev.business = True
                keep("business", BUSINESS.search(s, a, b))
        vague_outcome = VAGUE_OUTCOME.search(s, a, b)
        if vague_outcome and not NUMBER.search(sent):
            ev.quotes.pop("vague_outcome", None)  # the last one: the outcome the answer ended on
            keep("vague_outcome", vague_outcome)
    _read_lessons(text, ev, keep, reflection_from, lessons)
    h = handoff(text, I_ACTION)
    ev.handoff = h is not None
    keep("handoff", h)
    for name, rx in (("self_critical", SELF_CRITICAL), ("initiative", INITIATIVE), ("outcome_stated", OUTCOME_STATED), ("blame", BLAME), ("second_order", SECOND_ORDER), ("customer", CUSTOMER), ("tradeoff", TRADEOFF), ("scope", SCOPE)):
        ms = find([rx], text)
        setattr(ev, name, bool(ms))
        keep(name, ms[0] if ms else None)
    return ev


def _read_lessons(
    text: Text, ev: Evidence, keep: Callable[[str, re.Match | None], None], reflection_from: int | None, lessons: LessonReader | None
) -> None:
    """The reflection: said or not, a specific lesson or a platitude (mockint.scoring.lesson)."""
    s = text.text
    said: list[tuple[int, int]] = []  # the sentences that tell the lesson
    lesson_offered = False  # a specific lesson said as one ("I learned to check cache keys ...")
    reflective = False
    for a, b in text.sentences():
        sent = s[a:b]
        in_reflection = reflection_from is not None and a >= reflection_from
        cue = REFLECTION_CUE.search(sent)
        # the sentence after a lesson may be its elaboration ("The lesson was about how I communicate. The
        # ops team doesn't read Jira, so ..."): it can make the lesson specific, never generic
        prev, reflective = reflective, cue is not None  # after a lesson said as one
        if prev and not (cue or in_reflection):
            said.append((a, b))
            if judge_lesson(sent, sent, s[:a], False) == "specific" and elaborates(sent, s[:a]):
                lesson_offered = ev.specific_reflection = True
        elif cue or in_reflection:
            said.append((a, b))
            ev.reflection = True
            keep("reflection", cue or re.search(r"\w+", sent))
            judged = judge_lesson(sent, sent[cue.end() :] if cue else sent, s[:a], cue is not None)
            if judged == "generic":
                ev.platitude = True
                keep("platitude", PLATITUDE.search(s, a, b) or IMPORTANT_TO.search(s, a, b) or CLAIM.search(s, a, b) or (cue and _after(cue, a, s, b)))
            elif judged == "specific":
                ev.specific_reflection = True
                lesson_offered = lesson_offered or cue is not None or (prev and elaborates(sent, s[:a]))
                keep("specific_reflection", SPECIFIC_LESSON.search(s, a, b) or cue and _after(cue, a, s, b) or re.compile(r"\w+").search(s, a, b))
        elif PLATITUDE.search(sent) and re.search(r"\b(learn\w*|important|lesson|realized)\b", sent):
            said.append((a, b))
            ev.reflection = True
            ev.platitude = True
            keep("platitude", PLATITUDE.search(s, a, b))
    if lesson_offered:
        ev.platitude = False  # a specific lesson offered: the closing maxim does not make it generic
    if lessons is not None and not said and text.sentences():
        said = text.sentences()[-1:]  # no lesson told as one: the closing words may still offer a maxim as one
    if lessons is not None and said:
        _judge_by_meaning(text, ev, keep, said, lessons)


def _judge_by_meaning(text: Text, ev: Evidence, keep: Callable[[str, re.Match | None], None], said: list[tuple[int, int]], lessons: LessonReader) -> None:
    """A platitude the word lists miss, found by the lesson's meaning (the words only point at the
    sentence to quote)."""
    generic = read_by_meaning(lessons, [text.text[a:b] for a, b in said])
    if not generic or ev.platitude:
        return  # what the words already call a platitude stays one: the meaning only adds what they miss
    ev.reflection = ev.platitude = True
    ev.specific_reflection = False
    a, b = next(((a, b) for a, b in said if REFLECTION_CUE.search(text.text, a, b)), said[0])  # where the lesson begins
    cue = REFLECTION_CUE.search(text.text, a, b)
    keep("platitude", _after(cue, 0, text.text, b) if cue else re.compile(r"\w+").search(text.text, a, b))
