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
from collections.abc import Iterator

from mockint.scoring.text import Text

_ADV = r"(?:(?:then|just|like|um|uh|yeah|eventually|finally|also|quickly|immediately|basically|kinda|kind of|sort of|simply|actually|only|first|honestly|so) )*"
_PARTY_WORDS = (
    r"manager|lead|director|vp|boss|skip level|leadership|management|team|folks|owners?|qa|sre|on call|architects?|"
    r"admins?|people|guys|experts?|privacy|security|platform|infra\w*|council|board|committee|office|org|group|"
    r"department|contact|vendor|support|pm|channel|backlog|queue|roadmap|agenda|contractor|dba|upstairs|compliance|legal|finance|hr|"
    r"procurement|ops|"
    # a person by their role ("the guy who wrote the script", "the senior dev", "my mentor")
    r"guy|person|engineers?|devs?|developers?|mentor|principal|staff|senior|devops|storage|networking|tracker|ticket"
)
_PARTY = re.compile(rf"\b({_PARTY_WORDS})\b|\b(them|him|her)\b")
# Who hands it over: the candidate, or their group ("we raised it with the data platform team")
_SUBJECT = r"(i|we|and)"
_TRANSFER = re.compile(
    rf"\b{_SUBJECT} {_ADV}((raised|mentioned|reported|flagged|sent|passed|forwarded|handed|looped in|pinged|messaged|emailed|"
    r"asked|filed|escalated|reached out|pulled in|roped in|alerted|notified|posted|tagged|informed|have informed|wrote (it )?up|"
    r"engaged|paged|contacted|presented|pitched|brought in|brought (\w+ ){1,2}in|wrote in|called out|made noise|worked with (my|our) \w+( \w+)? to (escalate|raise|take|bring)|documented (it|this|that)|"
    r"let (\w+ ){1,3}know|showed (him|her|them))"
    # weak verbs: a transfer only with the party close by ("I brought it to my manager", not "I got the logs ...")
    r"|(?P<weak>(brought|took|gave|shared|put|dropped) (it|this|that|them|everything|all (of )?(this|it|that)|(the|a|an) \w+( \w+)?) (to|up|on|in|with|into)|brought (it |this )?up|"
    r"went (to|up to)|(jumped|hopped|got) on a call with|met with|sat down with|told|opened (a|an) \w+|created (a|an) \w+|called|let|got(?! (escalated|paged|pinged|called|pulled|looped|tagged|assigned)\b)))\b"
    # ... or in the passive: "the issue was reported to the security team", "a ticket was opened with the owners"
    r"|\b(was|were|got) (reported|escalated|raised|flagged|handed|passed|sent|forwarded|routed) (over |up |off )?(to|with)\b"
    r"|\b(a|an) (\w+ )?(ticket|bug|issue|jira|request) (was|got) (opened|filed|raised|created|logged|cut|submitted) (with|for|to|in)\b"
)
# Handing it over, said in one move: no one else's action needs to follow
_ROUTED = re.compile(
    rf"\bi {_ADV}(handed|passed|threw|tossed|punted|kicked|offloaded|routed|reassigned|assigned)\b( \w+){{0,4}}? "
    r"(over|up|off|across|back|upstairs|to (the|their|my|our|a|an|another)\b)"
    rf"|\bi {_ADV}made it (my|their|his|her|the) (\w+ ){{0,2}}problem\b"  # made it my manager's problem
)
# A decision, the candidate's or a manager's, that someone else owns the fix: "we agreed infra would own the
# fix", "she decided the performance team should run an experiment", "my manager decided to bring in the DBAs"
_DECIDED = re.compile(
    r"\b(agreed|decided|concluded|determined)( that)? (?!(i|we|me|my team|our team|us)\b)(\w+ ){1,5}?(would|should|will|could|"
    r"needed to|had to|was going to) (own|fix|handle|take|do|run|build|make|look|pick|lead|drive)\b"
    r"|\b(manager|lead|director|boss|vp|skip level) (decided|chose|agreed) to (bring in|pull in|loop in|hand|escalate|involve|get|have)\b"
    r"|\b(he|she|my (manager|lead|director|boss)|our (manager|director)|the (director|vp)) (decided|chose|determined)( that)? "
    r"(we|the team|our team|they|(\w+ ){1,3}team) (should|would|will|needed to|had to)\b"
)
# ... or their manager, sending it on for them: "my manager took it to the platform director" (not "my manager
# asked me to take it over", not "my manager mentioned it in standup")
_MANAGER_TOOK = re.compile(
    r"\bmy (manager|lead|director|boss|skip level) (then )?(took|escalated|raised|brought|passed|handed) (it|this|that|the (issue|problem|bug)) "
    r"(up )?(to|with)\b"
)
# What one asks of others for one's own work, not the fix itself: a review, an approval or consent, help or an
# answer, time ("asked him to walk me through it", "asked him to agree to a bake-off", "asked my lead to slip the
# release by two days"), or to spread the candidate's own work ("got developer relations to publish it")
_FOR_ME = (
    r"review|approve|sign|check|confirm|test|merge|look at|join|pair|help|attend|meet|share|send|give|walk|show|explain|"
    r"tell|answer|let|protect|cover|support|try|be|stay|keep|hold|wait|agree|allow|accept|consider|grant|fund|sponsor|"
    r"slip|delay|postpone|extend|pause|publish|announce|circulate|teach|mentor|coach|vouch|introduce|"
    # ... or to take up what the candidate built ("got the growth team to roll the same hook out")
    r"adopt|use|reuse|roll (it|them|the same \w+|my \w+|our \w+) out"
)
# people, money or time for the candidate's own plan: "asked for one extra headcount"
_RESOURCES = r"for (\w+ ){0,3}(headcount|budget|time|approval|the go ahead|the green light|engineers?|people)\b"
_ASKED_FOR_ME = re.compile(rf"\s+(\w+ ){{0,4}}?(to ({_FOR_ME})\b|(if|whether) (i|we)\b|{_RESOURCES})")
# A request that someone else do the work: "I asked the platform team to fix it"
_ASKED_TO_DO = re.compile(
    rf"\b(i|and) {_ADV}(asked|got|had|begged|pushed|convinced|needed) (him|her|them|(my|the|their) (\w+ ){{0,2}}?({_PARTY_WORDS})) to "
    # any work of theirs ("asked them to enable zone-aware routing"), not a review, an approval, help or an answer for
    # the candidate's own work ("asked them to review my change", "asked him to walk me through it")
    rf"(?!({_FOR_ME})\b)[a-z]+\b"
    rf"|\b(i|and) {_ADV}asked (if|whether) (they|he|she|the \w+( \w+)? team) (could|would|can|might) (add|fix|change|handle|take|"
    r"look|patch|update|remove|roll|revert|prioriti[sz]e)\b"
)
# Any other past-tense deed of theirs counts ("they released a firmware update", "the infra lead volunteered
# his team"), except the words that only answer, approve or hand it back ("she said", "he approved my plan")
_IRREGULAR = r"took|got|had|made|found|ran|did|put|set|gave|built|wrote|rewrote|sent|brought|kept|held|drove|dug|led|stepped in|shut|cut|split|spun|undid"
_NOT_DEEDS = (
    r"said|told|asked|thanked|replied|responded|agreed|approved|acknowledged|appreciated|confirmed|reviewed|merged|signed|"
    r"liked|loved|wanted|seemed|needed|suggested|recommended|pointed|noticed|helped|joined|attended|laughed|complained|"
    r"offered|praised|mentioned|realized|understood|accepted|refused|declined|ignored|questioned|challenged|argued|pushed back|"
    r"involved|listened|nodded|explained|insisted|expected|hoped|worried|thought|felt|believed|knew|used|showed|started|tried|wondered|"
    r"pinged|called|emailed|messaged|answered|waited|missed|failed|owned up"
)
# Someone else, and the deeds that show they did the work
_OTHERS = (
    r"she|he|they|(?<!one )who|someone|somebody|management|leadership|qa|(their|his|her) (\w+ )?(team|on call|engineers?|folks|lead|office)|"
    r"(the|a|an|another|one) (\w+ ){0,2}(team|folks|owners?|director|manager|lead|office|org|council|board|vendor|contractor|group|dba|"
    r"engineers?|devs?|developers?|person|guy|on call|admin|vp|cto|it|compliance|legal|security)|(my|our) (manager|lead|director|boss|mentor|vp)"
)
_THEIR_DEEDS = (
    # "had" and "got" as deeds, not "someone had missed the check", "she got stuck"
    rf"decided|got(?! (stuck|confused|lost|frustrated|blocked|nervous|busy)\b)|had(?! ({_NOT_DEEDS}|not|never|no|been|forgotten)\b)|"
    r"took|fixed|found|pushed|handled|sorted|resolved|implemented|shipped|deployed|rolled|added|made|"
    r"brought|assigned|reassigned|prioriti[sz]ed|sent (us|me|over)|came back|agreed to (fix|take|handle|own)|moved|traced|"
    r"tracked|investigated|owned|drove|ran|pulled|did the|asked (qa|the)|delayed|patched|picked|mandated|required|ordered|"
    r"chased|restarted|reverted|remediated|corrected|retrained|logged|put|took care|figured|applied|swapped|expanded|"
    r"cleared|cleaned|locked|funded|formed|talked|aligned|rebuilt|replaced|upgraded|turned|set|gave|restored|"
    # delegating it on, or taking it over in words: "she asked release engineering to roll back", "he said he'd handle it"
    r"asked (?!me\b|us\b)(\w+ ){1,3}to|said (she|he|they) (would|will|could) (handle|talk|take|deal|look|fix|sort|own|raise|escalate|"
    r"loop|bring|get|speak|reach)"
)
_ANY_DEED = rf"(?!({_NOT_DEEDS})\b)(\w+ed|{_IRREGULAR})"
_WHO = rf"\b({_OTHERS})\b( (on|from|in|at) ((their|the|his|her) )?\w+( \w+)?)? {_ADV}"
# Someone else did the deed: "they fixed it", "the DBA team took it from there", "... approved bringing in an SRE
# to take over the noisy alerts"
# ... or in the passive, "the historical logs were purged by the platform team"
# ... or a deed after a first word of theirs: "they looked into it and found ...", "they liked the idea and took it on"
_AGENT = re.compile(
    rf"{_WHO}({_THEIR_DEEDS})\b|\bto take over\b|\b{_ANY_DEED} (\w+ ){{0,4}}?by ({_OTHERS})\b"

)
# ... and a sentence further on, only taking it over or doing the fix: "She said she'd handle the coordination.
# She set up a call, and their engineers restored everything"
_FAR_AGENT = re.compile(
    rf"{_WHO}(said (she|he|they) (would|will) (handle|take|deal|fix|sort|own|talk|escalate)|asked (?!me\b|us\b)(\w+ ){{1,3}}to|"
    r"took (it )?over|took it from there|handled (it|the)|fixed|restored|rebuilt|rolled (it )?back|reverted|patched|remediated|changed|"
    r"made the (\w+ )?change|implemented|(shipped|deployed) (a|the) fix)\b"
)
# ... or, right after a plain hand-over (not "told" or "got"), any deed of theirs in the same sentence: "I
# emailed the vendor's support, and they released a firmware update"
_ANY_AGENT = re.compile(rf"{_WHO}({_ANY_DEED})\b")
# ... unless what they did was to hand it back: "she had me lead it", "they added me to the repo", "pushed back"
_BACK_TO_ME = re.compile(r"\s*(me|us|it (back )?to (me|us)|to me|to us|with (me|us))\b(?! (a|the) (patch|fix))")  # not "they rolled back"
# The ones it went to are the customers the story serves: telling them is no hand-off
_CUSTOMERS = re.compile(
    r"\s+((the|our|my|all|every|each|affected|impacted|those|these|\d+|\w+ affected) )*(customers?|users?|merchants?|advertisers?|sellers?|"
    r"clients?|buyers?|shoppers?|drivers?|riders?|patients?|students?|players?|subscribers?|accounts?)\b"
)
# Said as not done or not meant: "I didn't hand it off", "if it had failed I would have", "I'd normally"
# (a "not" belongs to the hand-off only next to it: "since we could not agree I took it to our director" is one)
_NOT_DONE = re.compile(
    r"\b((would|could|should|might)(?! not)|if|normally|usually|wanted me|rather than|instead of)\b(\s+\w+){0,3}\s*$"
    r"|\b(not|never|no|nobody)\b(\s+\w+){0,1}\s*$"
    r"|\b(would|could|should|might) have\b(\s+\w+){0,7}\s*$"  # "I could have gone to my manager and asked her to ..."
)
# The candidate then drove it themselves: informing, not routing
_DROVE = re.compile(
    r"\b(myself|my own (fix|patch|change|pr)|i was the one who|i kept (digging|going|at it)|i (then |also |still )?(wrote|fixed|patched|implemented|built|"
    r"changed|rewrote|opened (a|the) (pr|pull request)|sent (them )?(a|the|my) (pr|pull request|patch|fix)|added|reproduced|traced|"
    r"debugged|capped|dug|learned enough)|i (had |d )?already (written|fixed|patched|built|implemented|changed|rolled)|so (that )?i could (finish|fix|ship|build|do|work|focus)|"
    # the candidate's own work done alongside, or before they ran it: "meanwhile I reworked our batch sizes", "after I'd
    # designed and tested it on a replica"
    r"(meanwhile|in the meantime|in parallel) i|after i (had |d |would )?(designed|tested|written|wrote|built|prepared|validated))\b"
)
# The candidate had fixed it before telling anyone: "I turned the flag off myself ... and then posted in their channel"
_FIXED_FIRST = re.compile(
    r"\bmyself\b|\b(i|and) (had |d )?opened (a|the|my) (\w+ )?(pr|pull request)\b|\bi (had |d )?(already |then |also )?(fixed|patched|reverted|rolled (it |\w+ )?back|turned (it |the \w+ )?off|flipped|"
    r"disabled|drained|paused|halted|stopped|froze|throttled|merged|"
    r"shipped|deployed|implemented|rewrote|resolved|mitigated|wrote (the|a|my) (fix|patch|change|pr|pull request)|"
    r"(built|wrote|added|shipped) (a|the|my) (\w+ )?(workaround|shim|mitigation))\b|"
    r"\b(once|after) (it|the \w+|things|everything) (was|were) (stable|fixed|back|green|healthy|recovered|resolved)\b"
)
# Telling them only so they know: "I paged the pricing on-call as a courtesy", "for visibility"
_INFORMING = re.compile(
    r"\bwhat (i|we) (had |d |have |ve )?(done|did|changed|fixed|shipped)\b|\bas a courtesy\b|\bfor (their |his |her |everyone s )?(visibility|awareness|information|records)\b|\bheads up\b|\bfyi\b|"
    r"\bkeep (them|him|her|everyone|people) (in the loop|posted|informed|updated)\b"
)
# What was handed over was the candidate's own fix, for the owner to adopt: partnering, not routing
# ("asked the platform team to make my library the default", "they reviewed and merged my PR")
_ADOPTION = re.compile(
    r"\b(make|made|making) (it|my \w+|the \w+) (the )?default\b|\bby default\b|"
    r"\b(adopt\w*|review\w*|merg\w+|approv\w+|sign(ed)? off on) (it|my|the (fix|change|patch|pr|pull request|library|script|tool))\b|"
    r"\bmy (fix|change|patch|pr|pull request|library|script|tool|design|proposal|runbook|code)\b|"
    r"\b(own|maintain|run) (my|the) (\w+ )?(filter|fix|change|tool|library|service|code|script|job|check|dashboard|alert|pipeline|"
    r"system|feature)( \w+)? (long term|longer term|going forward|from then on)\b"
)
# Feedback given in a one-on-one: coaching the one whose work it was, not routing a problem to them
_COACHING = re.compile(r"\b(one on one|1 on 1|feedback|coaching|coached)\b")
I_ACTION_AFTER = 3  # own actions after the hand-off that show the candidate drove it


# The one it went to gave it back to the candidate: "who agreed to let me spend the half on it", "she asked me
# to lead it", "he gave me two weeks"
_HANDED_BACK = re.compile(
    r"\b(let me|lets me|asked me to|had me|wanted me to|(gave|give|giving) me (the go ahead|the green light|time|\w+ (days|weeks|engineers|people))|"
    r"told me to (go ahead|lead|own|drive|take|run)|approved my|backed my|signed off on my|"
    rf"asked (her |him |them )?{_RESOURCES})"
)


def handed_back(text: str, start: int, end: int) -> bool:
    """What was taken to someone came back to the candidate to drive, in `text[start:end]`."""
    return bool(_HANDED_BACK.search(text, start, end))


def drove_it(text: str, start: int, end: int) -> bool:
    """The candidate did the work themselves in `text[start:end]` (the rest of the sentence and the next)."""
    return bool(_DROVE.search(text, start, end))


def _said_as_done(s: str, a: int, m: re.Match) -> bool:
    return not _NOT_DONE.search(s[max(a, m.start() - 40) : m.start() + len("i ")])


def handoff(text: Text, own_actions: re.Pattern | None = None) -> re.Match | None:
    """The first hand-off in the answer (see above), or None. `own_actions` counts the candidate's later actions."""
    return next((t for t, why_not in readings(text, own_actions) if why_not is None), None)


def readings(text: Text, own_actions: re.Pattern | None = None) -> Iterator[tuple[re.Match, str | None]]:
    """Each candidate hand-off in order, with why it is not one (None when it is): for `handoff` and for
    a developer reading why a story was or was not heard as one."""
    s = text.text
    sents = text.sentences()
    for k, (a, b) in enumerate(sents):
        end = sents[min(k + 1, len(sents) - 1)][1]  # their deed: this sentence or the next
        far = sents[min(k + 2, len(sents) - 1)][1]  # ... or, a clear one, the one after ("She said she'd handle it. She set up a call")
        before = sents[max(k - 1, 0)][0]  # fixed first: this sentence or the one before
        for rx, needs_agent in ((_ROUTED, False), (_DECIDED, False), (_ASKED_TO_DO, False), (_TRANSFER, True), (_MANAGER_TOOK, True)):
            for t in rx.finditer(s, a, b):
                weak = bool(t.groupdict().get("weak"))
                reach = 40 if weak else 70  # "I got the logs and the team..." is no transfer
                named = rx is _DECIDED or _PARTY.search(s, t.start(), min(b, t.end() + reach))  # _DECIDED names them
                if not _said_as_done(s, a, t):
                    yield t, "not done (negated or hypothetical)"
                    continue
                if not named:
                    yield t, "no one named to hand it to"
                    continue
                if _CUSTOMERS.match(s, t.end()):
                    yield t, "told the customers"  # "I emailed the affected merchants, and they re-enabled their webhooks"
                    continue
                if _BACK_TO_ME.match(s, t.end()):
                    yield t, "handed to the candidate"  # "my manager asked me to take it over"
                    continue
                # asked for help, consent or time ("I asked their engineer to walk me through it"): a hand-off only
                # if the one asked then has it fixed ("... if I could present it. She asked the platform team to rebuild")
                for_me = bool(re.search(r"(asked|got|had|needed|convinced)$", t.group(0)) and _ASKED_FOR_ME.match(s, t.end()))
                if for_me and not needs_agent:
                    yield t, "asked for help, consent or time"
                    continue
                if _INFORMING.search(s, t.start(), b):
                    yield t, "only informing them"
                    continue
                if _COACHING.search(s, t.start(), b) and re.match(r"\s+(her|him)\b", s[t.end() :]):
                    yield t, "feedback to the one whose work it was"  # "I told her in our one-on-one, and she reworked it"
                    continue
                after = t.end()
                if needs_agent:
                    if for_me:
                        agents = list(_FAR_AGENT.finditer(s, t.end(), far))
                    else:
                        agents = [*_AGENT.finditer(s, t.end(), end), *_FAR_AGENT.finditer(s, end, far), *([] if weak else _ANY_AGENT.finditer(s, t.end(), b))]
                    agent = min((m for m in agents if not _BACK_TO_ME.match(s, m.end())), key=lambda m: m.start(), default=None)
                    if agent is None:
                        yield t, "asked for help, consent or time" if for_me else "no one else did the work"
                        continue
                    after = agent.end()
                # fixed first, told them after ("I turned the flag off myself ... and then posted in their channel")
                if _FIXED_FIRST.search(s, before, t.start()):
                    yield t, "fixed it before telling them"
                elif drove_it(s, after, end):
                    yield t, "drove it after"
                elif _ADOPTION.search(s, t.start(), min(end, after + 60)):
                    yield t, "handed over the candidate's own fix"
                # the candidate's own deeds right after (the next two sentences), not anywhere in a long answer
                elif own_actions is not None and len(own_actions.findall(s, after, text.sentence_end(after, 2))) >= I_ACTION_AFTER:
                    yield t, "own deeds right after"
                else:
                    yield t, None
