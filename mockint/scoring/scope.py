"""Whose job it was: the scope boundary of an ownership story (pure core, normalized text).

A Bar Raiser hears the boundary in many words: it belonged to someone else ("the build system is the infra
team's", "that's the risk team's call", "owned by the personalization team", "the discovery team runs it"),
the candidate had no hand in it ("I'd never touched that codebase", "I'm not supposed to touch fraud rules",
"with no access to it"), or nobody owned it ("there was no owner", "the role had been vacant since March",
"it fell through the cracks", "nobody had asked me"). Not a boundary: working with another team, one's own
team's bug, "I took ownership", "outside my comfort zone". Whisper's normalizer writes the possessive as
"is" ("the infra team's" -> "the infra team is"), so both forms are read.
"""

from __future__ import annotations

import re

_SAID_BEFORE = (
    r"\bnot (really |exactly |technically |strictly |even )?(on |in |part of )?(my|our) (team|sprint|scope|roadmap|backlog|service|area|job|project|code|responsibility|ownership|system|problem|queue)|"
    r"\b(was not|wasnt|is not|were not) (on|in|part of) (my|our) (sprint|backlog|roadmap|scope|plan|team|okrs?|goals)|"
    r"\b(belonged|belongs|belonging) to (another|a different|the [\w ]{1,30}) team\b|\b(another|a different|other) team s\b|"
    r"\bno (ticket|jira|task|one|body) (existed|had asked|asked|was assigned|owned)|\bno ticket\b|\bnobody (had )?(asked|assigned|owned)|"
    r"\bno one (had )?(asked|assigned|owned)|\b(without|before) (being|anyone) (asked|assigned)|"
    r"\boutside (of )?(my|our) (team|scope|area|responsibilit\w+|ownership|remit|role|lane|job)|\b(nobody|no one) (owned|was responsible|was looking)|"
    r"\bnot assigned to (me|us)\b|\bowned by (another|a different|the [\w ]{1,30}) team\b|\b(their|another team s|someone else s) (service|system|code|repo\w*|pipeline)\b|"
    r"\bnot (mine|ours)\b|\b(nobody|no one) (had )?(filed|raised|reported|flagged|logged|asked|owned|tracked)\b|\bno one s (ticket|task)\b|"
    r"\bnot (my|our) (call|job|area)\b|\bno one s (job|problem)\b|\bnobody s (job|problem)\b|\bwas not (my|our) (job|problem|responsibility|team)\b"
)
_OWNER = r"(team|group|office|department|org|organization|vendor|contractor|engineering|ops|platform|pharmacy|planning|manager|lead|agency|provider|partner)"
_THING = (
    r"(job|call|thing|code|codebase|service|system|area|domain|responsibility|problem|issue|repo|repository|pipeline|module|tool|"
    r"project|stuff|turf|territory|product|platform|config|configuration|decision|business|baby|queue|backlog)"
)
_SAID_NOW = (
    # someone else's: "is the infra team's job", "it was the vendor's issue", "is the identity team's thing"
    rf"\b(is|was|are|were|its) (?!my |our )(the |a |an )?([a-z]+ ){{0,3}}{_OWNER} (is|s) ({_THING}\b|(?=(and|so|but|not|which|though|"
    r"really|totally|completely|technically|anyway|entirely|they|it|he|she|i|we|who)\b)|$)|"
    rf"\b(owned|run|handled|managed|maintained|operated|controlled|configured|written|built) by (?!me\b|us\b|my |our )(the |a |an |another |their |some )?([a-z]+ ){{0,3}}{_OWNER}\b|"
    rf"\b(the|a|another|which the) ([a-z]+ ){{0,3}}{_OWNER} (owns|owned|runs|maintains|manages|handles)\b|"
    # one's own team against where the problem was: "I'm on the mobile team, and this was a backend problem"
    rf"\bi (am|m|was) (on|in) (the|a) ([a-z]+ ){{0,2}}team\b( \w+){{0,3}} (this|it|that) was (a|an) ([a-z]+ ){{1,2}}(problem|issue|bug)\b|"
    rf"\bnot (belong|belongs|belonging) to (my|our)\b|\bbelong(s|ed)? to (the |a |another |some )([a-z]+ ){{0,3}}{_OWNER}\b|"
    # no hand in it
    r"\bi (had |have |would |d )?never (even )?(touched|worked on|worked in|seen|opened|logged into|committed to|contributed to|been in)\b|"
    r"\bnot supposed to (touch|change|edit|modify)\b|\b(with )?no (access|permissions?|rights) (to|on|for) (it|the|their|that)\b|\bwe only (call|use|consume|read) (it|from it)\b|"
    # nobody's
    r"\b(had |has |with |there was |there is )?no (real |clear |actual |named |single )?owner\b|\bfell through the cracks\b|"
    r"\b(role|position|seat|job) (had been|was|has been) (vacant|empty|open|unfilled)\b|"
    r"\b(nobody|no one) (was|had been|is) (looking|fixing|working on|watching|handling|doing)\b|\b(nobody|no one) had been (assigned|asked)\b|"
    r"\b(nobody|no one) (had )?asked me\b|\bwithout anyone asking\b|\beach team assumed\b|\bneither (team )?had\b|"
    r"\bbetween (two|the two|both) teams\b|\bnot (really )?mine\b|\bnot (my|our) (team is|team s|teams) \w+\b"
)
SCOPE = re.compile(_SAID_BEFORE + "|" + _SAID_NOW)
