"""A hand-off read in context (mockint.scoring.handoff, through the whole scorer): examples written for this
file, none from the corpus or the stress set."""

from __future__ import annotations

import pytest

from mockint.library.store import find_scenario
from mockint.scoring.rubric import score_answer
from mockint.scoring.transcript import Transcript

BEFORE = "I was on the search team. I noticed that autocomplete was timing out for about 3% of queries, so I pulled the traces. "
AFTER = " After that the timeouts went from 3% to 0.1%. I learned to check the shard balance whenever latency climbs."


def escalated(action: str) -> bool:
    r = score_answer(Transcript.from_text(BEFORE + action + AFTER), find_scenario("dive-deep-memory-leak"), "sde2")
    return "escalation" in r.flag_codes()


@pytest.mark.parametrize(
    "action",
    [
        "I handed the traces over to the storage team.",
        "I passed it up to my manager, since it was their cluster.",
        "I asked the storage team to fix the shard balance.",
        "I dropped a message in the storage channel and they fixed the shard balance.",
        "I brought it to my lead, who got the storage folks to look at it.",
        "So I kind of pinged the on-call and they sorted it out.",
        # the subject left out after "and", a person by their role, someone "from" another team
        "I found the slow shard and reported it to the storage team, and they moved the hot key.",
        "I messaged the guy who owns the indexer, and he fixed the shard balance that night.",
        "I filed an access ticket and waited, and someone from infra applied the fix for everyone.",
        "I posted the traces in their channel and tagged their lead, and her team replaced the hot node.",
        "Honestly I made it my manager's problem, and he got the storage team to rebalance.",
        # said as a group, in the passive, or as a decision that someone else owns it
        "We raised it with the storage team and their lead, and they moved the hot key the next week.",
        "The problem was reported to the storage team, and the hot shard was split by the storage on-call that night.",
        "After a long thread we agreed the storage team would own the fix, and they split the hot shard.",
        "My manager decided to bring in the storage team, and they rebalanced the cluster from there.",
        # any deed of theirs right after a plain hand-over, or "like" between the words
        "I emailed the storage vendor, and they issued a new firmware build a week later.",
        "So I, like, reached out to the folks who own the index and they rebuilt the shard map.",
        "Since we could not agree, I took it to our director, and she had the storage team split the shard.",
        # a request for any work of theirs; their deed told a sentence further on
        "The cluster was the storage team's, so I sent them the traces and asked them to enable shard autobalancing.",
        "I told the storage team about it in their channel. Their lead agreed it was their bug. They changed the shard map that week.",
        "I went to my manager and told her what I had found. She said she would handle it with the storage lead. She set up a call.",
    ],
)
def test_routing_the_problem_is_escalation(action):
    assert escalated(action)


@pytest.mark.parametrize(
    "action",
    [
        "I didn't escalate. I rebalanced the shards myself and added a check to the deploy.",
        "I let the storage team know what I was seeing, but I was the one who rebalanced the shards, that afternoon.",
        "I asked the storage team whether they had seen it before; they had not, so I kept digging and moved the hot key.",
        "Our support escalations dropped once I rebalanced the shards and fixed the hot key.",
        "I gave my manager a heads-up, then wrote the rebalancing script and ran it myself.",
        "I wrote the rebalancing change and asked the storage team to review it, and they merged it.",
        "I would have escalated if the rebalance had failed, but I rebalanced the shards and it held.",
        "The ticket was escalated to me by support. I rebalanced the shards and fixed the hot key.",
        # fixed first, told them after; a hypothetical; told someone, who only answered
        "I split the hot shard myself that night, and then posted in the storage channel what I had changed.",
        "If I had escalated and waited for the storage team, we would have lost the morning, so I split the shard.",
        "I told my lead what I was going to do, and she said fine, so I split the shard and rebalanced the keys.",
        "I got paged as the secondary, so I split the hot shard and rebalanced the keys.",
        # handed to the candidate; told only as a courtesy once fixed; a path not taken; given back to drive
        "My manager asked me to take over the shard work, so I split the hot shard and rebalanced the keys.",
        "I split the hot shard. Once it was stable I paged the storage on-call as a courtesy, and they thanked me.",
        "I could have gone to my manager and asked her to pull in the storage team, but I split the hot shard that night.",
        "I took it to my director, who agreed to let me spend two weeks on it, and I split the hot shard.",
        "Only the storage team can change prod, so I asked them to run the split after I had designed and tested it on a replica.",
        # the customers told, not a team handed the work; the team's background 'we' in an answer told with 'I'
        "I split the hot shard, then emailed the affected merchants, and they re-enabled their search widgets.",
        "We had raised slow shards with the storage team the year before and they added capacity. This time I split the hot shard.",
        # asked for help, consent or time for the candidate's own work, not for the fix
        "I asked the storage lead to walk me through the shard map, and they shared their runbook with me. I split the hot shard.",
        "I asked my lead to slip the launch by two days and showed him the traces, and he agreed. I split the hot shard.",
        "I went to the storage architect and asked him to agree to a one-week trial of my split. It held, so I rolled it out.",
        "I asked the new hire to try my runbook on her first day and fixed the two steps she got stuck on.",
        "I wrote the shard policy and got the developer relations team to publish it.",
        # stopped the harm first, then told them what was done; their part came after the candidate's fix
        "I paused the rollout right away, which capped it at 1% of users. Then I posted in the storage channel what I'd done.",
        "I opened a pull request to the storage repo and they merged it. I asked the vendor to purge the cached copies, and they did.",
        # coaching the one whose work it was; "had" and "got" that are no deeds of theirs
        "Her first design split the wrong shard. I told her directly in our one-on-one, and she reworked it herself.",
        "I symbolicated the traces: someone had missed a bounds check. I added the check and split the hot shard.",
        # the manager who was told gave it back with people to do it
        "I took it to my manager with a plan, and she agreed to give me two engineers for a quarter. I split the hot shard with them.",
        "I drafted a rebalancing plan, took it to my manager and asked for one extra engineer, which she got approved. I split the shard.",
        "I split the hot shard with a reusable script, and I got the search team to roll the same script out to their cluster.",
    ],
)
def test_driving_it_is_not(action):
    assert not escalated(action)
