"""Is there a number on the outcome? (pure core: normalized text in, the words that measure it out).

A Bar Raiser asks "by how much?" of what changed, not of the problem: "the bug hit 10% of Android users"
sizes the problem, "it shipped in sprint 14" names a sprint, "I spent 40 hours on it" is effort; "it cut
the build from 40 minutes to 12", "three times faster", "dropped by a third", "zero incidents in the eight
months since" measure the outcome. So a measure counts when an outcome is said next to it (a change verb,
a comparison, a before-and-after, "since", "now"), in any section: the segmenter may put the Result inside
the Action or the Reflection, and a number in the Result that only sizes the problem does not count.
"""

from __future__ import annotations

import re

# A quantity (normalized text: numbers are digits, "4 cents" is "¢4", "a third" is "a 3rd"). A lone "1" is
# mostly the word "one" ("one of our engineers"); names with digits (s3, p99, ec2) are one token, no number.
MEASURE = re.compile(
    r"(\$\s?\d|¢\d|\b\d*[02-9][\d.,]*\b|\b1[\d.,]+\b|\b1\s?(%|x\b|ms\b|seconds?|minutes?|hours?|days?|weeks?|months?|percent)|"
    r"\b(zero|none|half|twice|double\w*|tripl\w*|quadrupl\w*|halved)\b|\ba (3rd|quarter)\b|"
    r"\b(dozens|hundreds|thousands|millions)\b|\b(not|never)( \w+)? (a )?single\b|\bno (\w+ ){0,2}(since|for the|in the|all)\b)"
)
# What a number right after these names: a sprint, a version, a quarter, a ward, a step ("sprint 14", "java 17").
_IDENT = re.compile(
    r"\b(sprint|version|v|release|build|q|quarter|phase|step|level|tier|java|python|ios|android|node|windows|ward|room|"
    r"floor|gate|rule|ticket|issue|pr|port|chapter|item|line|page|slide|round|sde|l|grade|model|gen|generation|api)"
    r"\s?(\d[\d.]* (to|and|or|through) )?$"
)
# An outcome said: a change, a comparison, a before-and-after, a state since the change.
_CHANGE = (
    r"went|goes|dropped|drops|fell|falls|reduc\w+|cut|cuts|cutting|sav(ed|ing|es)|recover\w*|improv\w+|increas\w+|decreas\w+|"
    r"rose|grew|halved|doubled|tripled|eliminat\w+|lower(ed)?|raised|gain\w*|freed|avoided|prevented|shrank|shrunk|"
    r"came (down|in)|brought (it |them )?(down|up)|down to|up to|back to|down from|up from|went (down|up)|"
    r"faster|slower|quicker|fewer|less|cheaper|earlier|sooner|smaller|shorter|lower|higher|more than|"
    r"as a result|resulted in|result (was|is)|outcome (was|is)|beat|achiev\w+|reached|adopted|signed|retained|won|"
    r"from [\w.$%¢]+( \w+){0,3} to|instead of|compared (to|with)|versus|vs|against"
)
STRONG_CUE = re.compile(rf"\b({_CHANGE})\b")
# ... and the weaker cues of a state after the change: only outside the Reflection ("since then I added 3 alerts")
WEAK_CUE = re.compile(
    r"\b(now|since then|ever since|\w+s since|since (the|my|that) \w+|after (the|my|it|that|we|i)\b[\w ]{0,30}"
    r"(fix|change|launch|rollout|release|went out|shipped|merged)|needed|needs|per (week|month|year|day|quarter|match|order|request)|"
    r"a (week|month|year|day|quarter) (in|of) (savings|revenue)|on time|ahead of|early|late|(in|over) the (first|next|following) (\w+ )?(days?|weeks?|months?|quarters?|years?))\b"
)
_WINDOW = 8  # words between the measure and an outcome said after it, or a weak cue either side
# A sentence that opens on the change governs all of it: "After the change, a grep over a day of logs found zero"
_OPENS_ON_CHANGE = re.compile(
    r"^\W*(and |so )?(after|since|once|with) (the|my|this|that|it|we|i)\b[\w ]{0,30}?\b(fix|change|patch|launch|rollout|release|"
    r"went (out|live)|shipped|merged|deployed|landed)"
)


def _near(cue: re.Pattern, sent: str, start: int, end: int, before: int = _WINDOW) -> bool:
    """An outcome cue within `before` words before `sent[start:end]` or a few words after it."""
    around = sent[:start].split()[-before:] + [sent[start:end]] + sent[end:].split()[:_WINDOW]
    return bool(cue.search(" ".join(around)))


def outcome_measure(text: str, a: int, b: int, in_reflection: bool = False) -> re.Match | None:
    """The first measure of an outcome in the sentence `text[a:b]` (normalized), or None: a change said
    anywhere before it in the sentence ("we reduced the fields sent to the vendor by over 90%") or just after
    it; outside the Reflection also a state since the change ("now it is none", "after the change ... zero")."""
    sent = text[a:b]
    opens = not in_reflection and bool(_OPENS_ON_CHANGE.search(sent))
    for m in MEASURE.finditer(text, a, b):
        start, end = m.start() - a, m.end() - a
        if _IDENT.search(sent[:start]):
            continue  # "sprint 14", "java 8 to 17"
        if opens or _near(STRONG_CUE, sent, start, end, before=len(sent)) or (not in_reflection and _near(WEAK_CUE, sent, start, end)):
            return m
    return None
