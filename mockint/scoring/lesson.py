"""Is the lesson this story's, or a platitude that could close any story? (pure core, normalized text).

A Bar Raiser hears a reflection as specific when it is anchored in its own story or names a mechanism: "I
check clock skew first whenever tokens expire early", "nobody owned the retry defaults, so I got them a
named owner", "now every consumer I write checks the offset lag before it acks". It is generic when it is a
general claim that names nothing of the story: a value stated as the lesson ("monitoring is really
important for any system", "people and process matter more than technology"), a maxim ("measure twice, cut
once", "a model is only as good as its data"), advice to anyone ("you have to lead by example"), a habit
with no object of its own ("I always double-check my work"), "I learned a lot about React".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

# -- what was learned ------------------------------------------------------------------------

REFLECTION_CUE = re.compile(
    r"\b(i learned|i learnt|lesson|looking back|in hindsight|takeaway|taught me|what i took away|i realized|next time|"
    r"since then|going forward|now i|i now|today i|if i did it again|i would do|the root cause was|the real problem was|"
    # the same move in other words: "it showed me", "it made me a better engineer", "the key learning for me"
    r"(showed|reminded|made|convinced) me|(key|big|main|biggest|real) (learning|lesson|takeaway)|learning for me|"
    r"what i took from|i took away|i came away|stuck with me|i would (now )?(always|never)|i always \w+ now|"
    r"reinforced|drove home|brought home|walked away|i (have|ve) learned|teaches|the experience|this experience|"
    r"moving forward|from then on|ever since|these days i|i understood|made me realize|helped me (see|understand|realize)|"
    r"opened my eyes|eye opener|i (now )?appreciate|my (biggest |main |key )?learnings?|what i learned|reflecting|in retrospect|"
    r"if i (could|were to|had to) do it (again|over)|i should have|i wish i had|at the end of the day)\b"
)

# -- is the lesson this story's? -------------------------------------------------------------
# A specific lesson is anchored in its own story: it names things the story is about ("test migrations on
# production-sized data, staging is smaller": the migration, production, staging) or a mechanism (whenever /
# before / instead of / a number). A generic one could close any story: its words are values and roles
# ("the value of collaboration", "people are what matter most", "made me a better engineer"). Words that
# carry no story: function words, and the vocabulary every story and every principle shares.
_NOT_ANCHOR = frozenset(
    """a about above after again all also always am an and any are as at be because been before being below
    between both but by can could did do does doing down during each even ever every few for from further get
    got had has have having he her here hers him his how i if in into is it its itself just like made make makes
    me might more most much must my myself no nor not now of off on once only or other our ours out over own
    really same she should so some such than that the their them then there these they thing things think this
    those through to too under until up us very was way we well were what when where which while who whom why
    will with would you your yours yeah um uh okay actually basically kind sort lot lots stuff something someone
    everyone everything anything nothing people person team teams teammate teammates work working worked job
    time times day days week weeks learn learned learnt learning lesson lessons taught showed show reminded
    realized realised takeaway important importance key value values matter matters matters mattered great good
    better best big bigger biggest dream new old right wrong hard easy things engineer engineers engineering
    customer customers user users company business role part first last one two always never should must need
    needs able want wanted going go went come came take took taken keep kept put find found give gave let see
    saw say said tell told ask asked help helped end fixed fix issue issues problem problems way ways
    communication collaboration teamwork ownership leadership trust quality persistence persistent patience
    empathy mentoring mentor rewarding proud happy feel felt sure thing point mind care cares caring know knew
    thought bring brought matter most lead leads manager much many more less whole real truly pretty
    comfortable confident grateful glad excited""".split()
)
_MECHANISM = re.compile(r"\b(whenever|before|instead of|rather than|until|unless|so that|by default|every time)\b|\b\d+(?!st|nd|rd|th)\b")


def lesson_anchors(sentence: str, story: str) -> int:
    """How specific a lesson is: its content words (4+ letters, not the vocabulary every story shares),
    those it reuses from its own story counted twice, plus one for a mechanism ("whenever", "before",
    "instead of", a number). "made me a better engineer" scores 0; "check cache keys for per-request
    values" 4; "test migrations on production-sized data" (after a migration story) 5."""
    own = {w[:5] for w in re.findall(r"[a-z]{4,}", story) if w not in _NOT_ANCHOR}
    words = {w for w in re.findall(r"[a-z]{4,}", sentence) if w not in _NOT_ANCHOR}
    return len(words) + sum(w[:5] in own for w in words) + bool(_MECHANISM.search(sentence))


SPECIFIC_LESSON = re.compile(
    r"\b(root cause|slos?|slas?|visibility|organi[sz]ational|systemic|structural|process|ownership|owner|gap|incentive\w*|"
    r"cross team|i (recommended|proposed|now|always|changed|started|built|set up|added)|going forward|next time|since then|"
    r"leadership|shared|budget|dashboard|review|checklist|runbook|alert\w*|test\w*|rollback|design|assumptions?|data|"
    r"measure\w*|before|whenever|instead of|rather than)\b|\d"
)
PLATITUDE = re.compile(
    r"\b(communication is( very| really| so| super)? (important|key|crucial|everything)|teamwork|team work|"
    r"i learned (a lot|so much|a ton|tons)|i learned a lot (from|about) (this|it|that|the experience|teamwork|communication|myself)\b|"
    r"learned (that )?(it is|its) important to (communicate|work together|collaborate|be patient)|hard work pays off|"
    r"always (communicate|ask for help)|never give up|collaboration is (key|important)|the importance of (communication|teamwork|collaboration)|"
    r"people skills|(things|deadlines|some things|it) (are|is|was|were) (sometimes )?(out of|beyond) (your|my|our) control|you cannot control everything|"
    r"work together|working together|stay positive|be more patient|grew a lot|learned so much|the importance of)\b|"
    # a value stated as the lesson: "communication between teams is really important", "influence is more important"
    r"\b(communication|collaboration|teamwork|influence|ownership|trust|alignment|empathy|transparency|patience|persistence|"
    r"customer obsession|customer focus|relationships?|soft skills|listening|being proactive|attention to detail)\b[\w ]{0,40}?\b(is|are)"
    r"( much| really| very| so| more| super| the most| always)?( the)? (important|key|crucial|essential|critical|everything|vital)\b|"
    r"\bthere is always\b|\b(you|we|one) (should|have to|must|need to) (always|never|be willing)\b|\bnever be afraid\b|\bpays off\b|"
    r"\bcomfort zone\b|\bnever stop learning\b|\bstay curious\b|\bkeep (things|it) simple\b|\bspeak up\b|\beveryone s (responsibility|job)\b|"
    r"\b(cannot|can not|cant|can t) be an afterthought\b|\b(frugality|customer obsession|ownership|leadership|earning trust|trust|innovation|simplicity) (is|means) (really |all |mostly )?about\b|"
    r"\b(always|should always|to always) (keep|keeping|put|putting|think|thinking about) (the )?(customers?|end users?|users?)( first| in mind)\b|"
    r"\b(customer obsession|ownership|leadership|being a (senior|good) engineer) (really )?(means|is about)\b"
)

IMPORTANT_TO = re.compile(r"\b(it is|its|it s) (really |very |so |super )?(important|key|crucial|essential|vital) to\b")

# A general claim: the shape of a lesson that could close any story. Generic unless the lesson is grounded.
CLAIM = re.compile(
    r"\b(is|are|was|were|be) (\w+ )?(really |very |so |super |extremely |incredibly |always |usually |often |more |the most )?"
    r"(important|key|crucial|essential|critical|vital|everything|valuable|invaluable|worth it|the best|the way to go|underrated|"
    r"a key skill|a must|non negotiable)\b"
    r"|\b(really |truly |always |still )?(matters?|mattered|pays off|compounds?)\b|\bmatter (more|most)\b"
    r"|\b\w+ (means|is all about|is really about|comes down to)\b"
    r"|\b(you|we|one|everyone|engineers?|leaders?|a leader|teams?) (really |always |just |sometimes )?"
    r"(have to|need to|must|should|got to|gotta|cannot|can not|can t)\b"
    r"|\b(always|never) (\w+ )?(double check|check|communicate|over communicate|write|test|ask|think|make sure|look|deploy|"
    r"give up|be afraid|stop|cut corners|assume|trust)\b"
    r"|\bi learned (a lot|so much|a ton|tons|plenty)\b|\bthe importance of\b|\bonly as (good|strong) as\b"
    r"|\b(think|thinking) (long term|big|bigger|about the (big|bigger) picture)\b|\bsecond order effects of every\b"
    r"|\bit is (always )?(better|best|worth it|good) to\b|\bthere is (always|no substitute)\b|\bat (any|every) (company|team|scale)\b"
    r"|\b(for|in) any (system|team|project|company)\b|\bis (usually|often|always) (the|a) \w+ one\b|\bis everyone s\b"
    # the value of a virtue, a virtue to have more of, the saying that goes with it
    r"|\bthe most important (thing|part|skill) (is|was)\b|\b(learned|realized|saw) (the value of|how (important|valuable|powerful))\b"
    r"|\b(to be|be|being) more (careful|proactive|patient|organized|thorough|confident|vocal|assertive|open|humble|flexible|mindful|"
    r"disciplined|intentional|deliberate)\b|\b(goes|go) a long way\b|\bhalf the battle\b|\b(it is|its) all about\b|\bthe key to\b"
    r"|\bmakes? (all the|a (big|huge|real)) difference\b|\b(cannot|can not|can t) \w+ without\b"
    r"|\b(plan|communicate|prioriti[sz]e|delegate|document|speak up) (better|more|earlier|early|sooner)\b|\bask (for help|questions) (early|sooner)\b"
)
# What grounds a lesson in a story: a condition or a mechanism ("whenever tokens expire early", "instead of
# retrying", "by default", a number), or two of the story's own words.
_CONDITION = re.compile(r"\b(whenever|every time|instead of|rather than|unless|by default|as soon as|so that)\b|\b\d+(?!st|nd|rd|th)\b")
# Nouns that name no thing of one story: the vocabulary of any lesson.
_ABSTRACT = frozenset(
    """system systems performance stakeholders stakeholder culture strategy process processes technology
    solution solutions simple simplest work code data detail details quality impact outcome outcomes result
    results decision decisions priority priorities project projects goal goals picture effects effect term
    long short early often side everything anything anyone edge cases case bugs change changes progress
    approach thinking growth mindset skills skill example examples leader leaders leading development
    owner owners responsibility responsibilities accountable accountability cannot without within
    always never often sometimes usually""".split()
)


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text) if w not in _NOT_ANCHOR and w not in _ABSTRACT}


def _story_words(story: str) -> set[str]:
    """The story's own content words, by their first five letters ("migrations" ~ "migrate")."""
    return {w[:5] for w in _content(story)}


def is_grounded(lesson: str, story: str) -> bool:
    """Grounded in its story: a condition or mechanism ("whenever tokens expire early", "instead of
    retrying", a number), or two of the story's own content words."""
    own = _story_words(story)
    return bool(_CONDITION.search(lesson)) or sum(w[:5] in own for w in _content(lesson)) >= 2


def judge_lesson(sentence: str, lesson: str, story: str, cued: bool) -> str:
    """'generic', 'specific' or '' (neither: too little said to tell) for one reflection sentence.
    `lesson`: the words after the cue that introduced it ("I learned that ..."); `story`: the answer before."""
    anchors = lesson_anchors(lesson, story)
    content = _content(lesson)
    grounded = is_grounded(lesson, story)
    stated = PLATITUDE.search(sentence) or (IMPORTANT_TO.search(sentence) and len(content) < 3)
    if stated and not grounded and anchors < 8:
        return "generic"
    if CLAIM.search(sentence) and not grounded and len(content) < 4:
        return "generic"
    if cued and anchors < 2 and len(lesson.split()) >= 3:
        return "generic"
    if anchors >= 2 or (SPECIFIC_LESSON.search(sentence) and anchors >= 1 and len(sentence.split()) >= 6):
        return "specific"
    return ""


def elaborates(sentence: str, story: str) -> bool:
    """The sentence after a lesson spells it out in this story's things (five content words, or a condition,
    or two of the story's own words): "The ops team doesn't read Jira, so for warehouse changes I go to the
    shift-start huddle now"; not "I'm a fast learner in general"."""
    own = _story_words(story)
    content = _content(sentence)
    return len(content) >= 5 or bool(_CONDITION.search(sentence)) or sum(w[:5] in own for w in content) >= 2


# -- by meaning ------------------------------------------------------------------------------
# The words above miss a platitude told in new words ("what matters in the end is the people"). With a
# `LessonReader` (mockint.meaning: sentence embeddings and a classifier fitted on hand-labelled lessons,
# scripts/fit_lessons.py) the lesson's meaning finds those too; what the words call a platitude stays one.

PLATITUDE_AT = 0.5  # a lesson the reader finds at least this likely to be a platitude is one


class LessonReader(Protocol):
    def platitude(self, lesson: str) -> float:
        """How likely (0-1) the lesson, as told, is a platitude that could close any story."""
        ...


_RESIDUE = re.compile(r"^\s*(((it )?(is|was)|from (it|this|that)|(it|this|that) (is|was))\s+)?(that\s+|to\s+)?")


def lesson_text(sentences: Sequence[str]) -> str:
    """What the reader judges: the lesson from its first cued sentence on, each cue left out ("the main
    thing I learned is that X" -> "X"), so the words that introduce a lesson do not decide what it is."""
    cued = [i for i, sent in enumerate(sentences) if REFLECTION_CUE.search(sent)]
    out = []
    for sent in sentences[cued[0] :] if cued else sentences:
        m = REFLECTION_CUE.search(sent)
        rest = _RESIDUE.sub("", sent[m.end() :]) if m else sent
        out.append(rest.strip())
    return " ".join(p for p in out if p)


def read_by_meaning(reader: LessonReader, sentences: Sequence[str]) -> bool | None:
    """Is the lesson told in these sentences (the reflection, in order) a platitude? None: fewer than three
    words left to judge. (A lesson grounded in its story by the words' test, `is_grounded`, is not exempted:
    in cross-validation on the training lessons that exemption cleared true platitudes, 92% -> 90%.)"""
    lesson = lesson_text(sentences)
    if len(lesson.split()) < 3:
        return None
    return reader.platitude(lesson) >= PLATITUDE_AT
