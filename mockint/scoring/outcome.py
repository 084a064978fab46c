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
    r"\b(dozens|hundreds|thousands|millions)\b|\b(not|never)( \w+)? (a )?single\b|\bno (\w+ ){0,2}(since|for the|in the|all)\b|"
    # a before-and-after in time words: "went from a week to same day"
    r"\bfrom (around |about |roughly |nearly |over |almost )?(a|an|one) (\w+ )?(second|minute|hour|day|week|month|year|quarter)s? to\b|"
    # ... under a unit ("it stays under a second"), a decade of a score ("from the forties to the high nineties")
    r"\b(under|below|within|less than) (a|one|1) (millisecond|second|2nd|minute|hour|day)\b|\b[1-9]0s\b)"
)
# ... and what a number right before these names: "in the 4.1 release", "two sprints later" (when, not how much)
_IDENT_AFTER = re.compile(
    r"^\s*((release|version|sprint|build|update|patch|rollout)\b|(\w+ )?(seconds?|minutes?|hours?|days?|weeks?|sprints?|months?|"
    r"quarters?|years?) (later|afterwards|after that|ago|before)\b)"
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
    r"from [\w.$%¢]+( \w+){0,3} to|instead of|compared (to|with)|versus|vs|against|"
    # a count or a sum that is the outcome: "1,200 more orders per shift", "none of the 14 customers churned",
    # "they credited us two months of fees"
    r"\b(x|times) more\b|promoted|(?<!i )(?<!we )(migrated|moved (over|off))|(was|were|is|are|been) (down|up) (by|about|around|nearly|almost|over|roughly)\b|"
    r"churn\w*|credited|refunded|paid (us )?back"
)
STRONG_CUE = re.compile(rf"\b({_CHANGE})\b")
# ... and the weaker cues of a state after the change: only outside the Reflection ("since then I added 3 alerts")
WEAK_CUE = re.compile(
    r"\b(now|since then|ever since|\w+s since|since (the|my|that) \w+|after (the|my|it|that|we|i)\b[\w ]{0,30}"
    r"(fix|change|launch|rollout|release|went out|shipped|merged)|needed|needs|per (week|month|year|day|quarter|match|order|request)|"
    r"a (week|month|year|day|quarter) (in|of) (savings|revenue)|on time|ahead of|early|late|(in|over|within) the (first|1st|next|following) (\w+ )?"
    r"(days?|weeks?|months?|quarters?|years?))\b"
    r"|\bper (shift|build|release|deploy|sprint)\b"
)
# A sentence whose subject is what the candidate built, doing its work: "It re-linked about 40,000 orphaned
# records", "the scanner caught four leaked credentials" (not "it was a Friday", "it had 3 services")
_ARTIFACT_DID = re.compile(
    r"^\W*(and |so )?(it|this|(my|the new) (\w+ )?(job|tool|script|fix|change|system|service|check|scanner|alert|filter|pipeline|"
    r"cache|patch|automation|bot|feature|dashboard|process|runbook|matcher|guardrail|migration)|the (fix|change|patch|automation|"
    r"guardrail|migration|rollout)) (then |also |alone |immediately )?(re |un )?(?!(was|is|were|are|had|has|needed|needs|took|takes|"
    r"used|uses|ran|runs|started|broke|failed|crashed|processed|handled|served|stored|received|hosted)\b)\w+ed\b"
)
_WINDOW = 8  # words between the measure and an outcome said after it, or a weak cue either side
_COUNTED_AFTER = 16  # characters between the artifact's verb and the count of what it did ("re-linked about 40,000")
# A sentence that opens on the change governs all of it: "After the change, a grep over a day of logs found zero"
_OPENS_ON_CHANGE = re.compile(
    r"^\W*(and |so )?(after|since|once|with) (the|my|this|that|it|we|i)\b[\w ]{0,30}?\b(fix|change|patch|launch|rollout|release|"
    r"went (out|live)|shipped|merged|deployed|landed)"
)


# A number that is aimed at, not reached: "my target was to reduce the cost by 20%", "the projection was that it
# would cut churn by 3 points"
_AIMED = re.compile(r"\b(target|goal|aim|objective|projection|projected|forecast\w*|hoped|hoping|wanted to|supposed to|plan was)\b")


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
    did = None if in_reflection else _ARTIFACT_DID.search(sent)  # what it did, counted right after the verb
    for m in MEASURE.finditer(text, a, b):
        start, end = m.start() - a, m.end() - a
        if _AIMED.search(" ".join(sent[:start].split()[-12:])):
            continue  # a goal, not an outcome
        if _IDENT.search(sent[:start]) or _IDENT_AFTER.match(sent[end:]):
            continue  # "sprint 14", "java 8 to 17", "the 4.1 release", "two sprints later"
        if did and 0 <= start - did.end() <= _COUNTED_AFTER:
            return m
        if opens or _near(STRONG_CUE, sent, start, end, before=len(sent)) or (not in_reflection and _near(WEAK_CUE, sent, start, end)):
            return m
    return None
