"""A hand-off: the candidate's own move was to route the problem up or across, and someone else drove it
(pure core, normalized text).

"I sent the heap dump over to the JVM folks and they took it from there", "I raised it with my director,
and she got the other teams to commit", "I handed the investigation over to the database team", "I asked
my skip-level to get the other org to change their API". Three shapes:
- a routing verb that hands the problem over by itself ("handed it over", "passed it up", "threw it over
  the fence", "assigned the ticket to the X team");
- a request that someone else do the fixing ("asked them to fix / restart / put it on their roadmap");
- a transfer to another party (raised, reported, pinged, posted, filed...) and that party as the one who
  acts in the same or the next sentence ("... and they sorted it out").
None of them when the candidate then drove it ("... then wrote the Terraform change myself"), when it is
handed back ("she had me lead it"), negated or hypothetical ("I didn't escalate", "I would have").
"""

from __future__ import annotations

import re

from mockint.scoring.text import Text

_ADV = r"(?:(?:then|just|eventually|finally|also|quickly|immediately|basically|kinda|kind of|sort of|simply|actually|only|first|honestly|so) )*"
_PARTY_WORDS = (
    r"manager|lead|director|vp|boss|skip level|leadership|management|team|folks|owners?|qa|sre|on call|architects?|"
    r"admins?|people|guys|experts?|privacy|security|platform|infra\w*|council|board|committee|office|org|group|"
    r"department|contact|vendor|support|pm|channel|backlog|queue|roadmap|agenda|contractor|dba|"
    # a person by their role ("the guy who wrote the script", "the senior dev", "my mentor")
    r"guy|person|engineers?|devs?|developers?|mentor|principal|staff|senior|devops|storage|networking|tracker|ticket"
)
_PARTY = re.compile(rf"\b({_PARTY_WORDS})\b|\b(them|him|her)\b")
_TRANSFER = re.compile(
    rf"\b(i|and) {_ADV}((raised|mentioned|reported|flagged|sent|passed|forwarded|handed|looped in|pinged|messaged|emailed|"
    r"asked|filed|escalated|reached out|pulled in|roped in|alerted|notified|posted|tagged|informed|have informed|wrote (it )?up|"
    r"engaged|paged|contacted|presented|pitched|brought in|wrote in|documented (it|this|that)|let (\w+ ){1,3}know|showed (him|her|them))"
    # weak verbs: a transfer only with the party close by ("I brought it to my manager", not "I got the logs ...")
    r"|(?P<weak>(brought|took|gave|shared|put|dropped) (it|this|that|them|(the|a|an) \w+( \w+)?) (to|up|on|in|with|into)|brought (it |this )?up|"
    r"went (to|up to)|told|opened (a|an) \w+|created (a|an) \w+|called|let|got))\b"
)
# Handing it over, said in one move: no one else's action needs to follow
_ROUTED = re.compile(
    rf"\bi {_ADV}(handed|passed|threw|tossed|punted|kicked|offloaded|routed|reassigned|assigned)\b( \w+){{0,4}}? "
    r"(over|up|off|across|back|to (the|their|my|our|a|an|another)\b)"
    rf"|\bi {_ADV}made it (my|their|his|her|the) (\w+ ){{0,2}}problem\b"  # made it my manager's problem
)
# A request that someone else do the work: "I asked the platform team to fix it"
_ASKED_TO_DO = re.compile(
    rf"\b(i|and) {_ADV}(asked|got|had|begged|pushed|convinced|needed) (him|her|them|my \w+( \w+)?|the \w+( \w+)?( team)?|their \w+( \w+)?) to "
    r"(get|make|push|have|fix|handle|take|change|prioriti[sz]e|put|restart|roll|revert|deploy|patch|update|remove|look into|"
    r"sort|deal with|own|chase|escalate)\b"
)
# Someone else, and the deeds that show they did the work
_OTHERS = (
    r"she|he|they|(?<!one )who|someone|somebody|management|leadership|qa|(their|his|her) (\w+ )?(team|on call|engineers?|folks|lead|office)|"
    r"(the|a|an|another|one) (\w+ ){0,2}(team|folks|owners?|director|manager|lead|office|org|council|board|vendor|contractor|group|dba|"
    r"engineers?|devs?|developers?|person|guy|on call|admin)|my (manager|lead|director|boss|mentor)"
)
_THEIR_DEEDS = (
    r"decided|got|had|took|fixed|found|pushed|handled|sorted|resolved|implemented|shipped|deployed|rolled|added|made|"
    r"brought|assigned|reassigned|prioriti[sz]ed|sent (us|me|over)|came back|agreed to (fix|take|handle|own)|moved|traced|"
    r"tracked|investigated|owned|drove|ran|pulled|did the|asked (qa|the)|delayed|patched|picked|mandated|required|ordered|"
    r"chased|restarted|reverted|remediated|corrected|retrained|logged|put|took care|figured|applied|swapped|expanded|"
    r"cleared|cleaned|locked|funded|formed|talked|aligned|rebuilt|replaced|upgraded|turned|set|gave"
)
_TAKEN_OVER = r"took it from there|take it from there|to take over|took over|handled it from there|picked it up"
# Someone else did the deed: "they fixed it", "the DBA team took it from there"
_AGENT = re.compile(rf"\b({_OTHERS})\b( (on|from|in|at) ((their|the|his|her) )?\w+( \w+)?)? {_ADV}({_THEIR_DEEDS})\b|\b({_TAKEN_OVER})\b")
# ... unless what they did was to hand it back: "she had me lead it", "they added me to the repo", "pushed back"
_BACK_TO_ME = re.compile(r"^\s*(me|us|back|it (back )?to (me|us)|to me|to us)\b(?! (a|the) (patch|fix))")
# Said as not done or not meant: "I didn't hand it off", "if it had failed I would have", "I'd normally"
_NOT_DONE = re.compile(r"\b(not|never|no|nobody|would|could|should|might|if|normally|usually|wanted me|rather than|instead of)\b(\s+\w+){0,3}\s*$")
# The candidate then drove it themselves: informing, not routing
_DROVE = re.compile(
    r"\b(myself|my own (fix|patch|change|pr)|i was the one who|i kept (digging|going|at it)|i (then |also |still )?(wrote|fixed|patched|implemented|built|"
    r"changed|rewrote|opened (a|the) (pr|pull request)|sent (them )?(a|the|my) (pr|pull request|patch|fix)|added|reproduced|traced|"
    r"debugged|capped|dug|learned enough))\b"
)
# What was handed over was the candidate's own fix, for the owner to adopt: partnering, not routing
# ("asked the platform team to make my library the default", "they reviewed and merged my PR")
_ADOPTION = re.compile(
    r"\b(make|made|making) (it|my \w+|the \w+) (the )?default\b|\bby default\b|"
    r"\b(adopt\w*|review\w*|merg\w+|approv\w+|sign(ed)? off on) (it|my|the (fix|change|patch|pr|pull request|library|script|tool))\b|"
    r"\bmy (fix|change|patch|pr|pull request|library|script|tool|design|proposal|runbook|code)\b"
)
I_ACTION_AFTER = 3  # own actions after the hand-off that show the candidate drove it


def drove_it(text: str, start: int, end: int) -> bool:
    """The candidate did the work themselves in `text[start:end]` (the rest of the sentence and the next)."""
    return bool(_DROVE.search(text, start, end))


def _said_as_done(s: str, a: int, m: re.Match) -> bool:
    return not _NOT_DONE.search(s[max(a, m.start() - 40) : m.start() + len("i ")])


def handoff(text: Text, own_actions: re.Pattern | None = None) -> re.Match | None:
    """The first hand-off in the answer (see above), or None. `own_actions` counts the candidate's later actions."""
    s = text.text
    sents = text.sentences()
    for k, (a, b) in enumerate(sents):
        end = sents[k + 1][1] if k + 1 < len(sents) else b
        for rx, needs_agent in ((_ROUTED, False), (_ASKED_TO_DO, False), (_TRANSFER, True)):
            for t in rx.finditer(s, a, b):
                reach = 40 if t.lastgroup == "weak" else 70  # "I got the logs and the team..." is no transfer
                if not _said_as_done(s, a, t) or not _PARTY.search(s, t.start(), min(b, t.end() + reach)):
                    continue
                after = t.end()
                if needs_agent:
                    agent = next((m for m in _AGENT.finditer(s, t.end(), end) if not _BACK_TO_ME.match(s, m.end())), None)
                    if agent is None:
                        continue
                    after = agent.end()
                if drove_it(s, after, end) or _ADOPTION.search(s, t.start(), min(end, after + 60)):
                    continue
                if own_actions is not None and len(own_actions.findall(s, after)) >= I_ACTION_AFTER:
                    continue
                return t
    return None
