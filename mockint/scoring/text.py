"""The answer as text to read: normalized words with their times (`Text`), sentences, quotes, and a search
that reads each match in its context (`find`: negated, hypothetical or last-resort mentions are left out,
and "escalation" in its noun sense, "customer escalations dropped", is not the red flag). Pure core.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from mockint.scoring.normalize import join_words, normalize_words
from mockint.scoring.transcript import Word

_SENTENCE_END = re.compile(r"[.?!]['\")\]]*$")
_CLAUSE_END = re.compile(r"[.?!,;:]['\")\]]*$")
_NEGATION = re.compile(r"\b(not|never|no|without|nor|didnt)\s+(\w+\s+)?$")  # "did not take ownership"
_RF_NEGATION = re.compile(
    r"\b(if|unless|could have|might have|would have|could easily have)\s+(\w+\s+){0,5}$|"  # a condition governs its clause: "if I had escalated and waited for them"
    r"\b(not|never|no|without|nor|didnt|rather than|instead of|before|avoid\w*|prevent\w*|fewer|less|reduc\w*|cut|zero|"
    r"tempted to|option (was|of)|(easy|obvious|quick|usual|default) (path|option|thing|move|answer|fix) "
    r"(was|would have been|would be) to)\s+(\w+\s+){0,2}$"
)
# ... or held in reserve: "escalating was my fallback if the fix failed", "... a plan B; it never came to that"
_RF_AFTER = re.compile(
    r"^\s*(\w+\s+){0,6}((a |the |my |our )?(last resort|fallback|fall back|back ?up plan|plan b)|(only )?if (my|the|our) "
    r"(fix|patch|change|plan|approach) (failed|did not work|didnt work))"
)


@dataclass
class Text:
    """A run of words with its normalized text and the token -> word mapping."""

    words: list[Word]
    offset: int = 0  # index of words[0] in the transcript
    tokens: list[str] = field(init=False)
    owner: list[int] = field(init=False)
    text: str = field(init=False)

    def __post_init__(self) -> None:
        self.tokens, self.owner = normalize_words([w.word for w in self.words])
        self.text = " ".join(self.tokens)
        self._starts: list[int] = []
        self._sentences = [0]
        pos = 0
        for k, t in enumerate(self.tokens):
            self._starts.append(pos)
            if k and self.owner[k] != self.owner[k - 1] and _SENTENCE_END.search(self.words[self.owner[k] - 1].word.strip()):
                self._sentences.append(pos)
            pos += len(t) + 1

    def sentence_start(self, char: int) -> int:
        """Character offset where the sentence holding `char` starts (normalized text has no punctuation)."""
        return self._sentences[max(0, bisect.bisect_right(self._sentences, char) - 1)]

    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) character offsets of each sentence of the normalized text."""
        bounds = [*self._sentences, len(self.text) + 1]
        return [(a, b - 1) for a, b in zip(bounds, bounds[1:]) if b - 1 > a]

    def sentence_end(self, char: int, more: int = 0) -> int:
        """Where the sentence `more` sentences after the one holding `char` ends (the last one's end at most)."""
        sents = self.sentences()
        if not sents:
            return len(self.text)
        k = next((i for i, (_, b) in enumerate(sents) if b >= char), len(sents) - 1)
        return sents[min(k + more, len(sents) - 1)][1]

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._starts, char) - 1)

    def char_of_word(self, word: int) -> int:
        """Character offset of the first token of transcript word `word` (the text's end if none)."""
        for k, o in enumerate(self.owner):
            if self.offset + o >= word:
                return self._starts[k]
        return len(self.text)

    def word_index(self, char: int) -> int:
        """Index in the transcript of the word behind the character offset."""
        if not self.owner:
            return self.offset
        return self.offset + self.owner[min(self.token_at(char), len(self.owner) - 1)]

    def quote(self, tok_start: int, tok_end: int, pad: int = 0) -> tuple[str, float | None, float | None]:
        """The original words behind tokens [tok_start, tok_end), with their time span."""
        if not self.tokens:
            return "", None, None
        a = max(0, self.owner[min(tok_start, len(self.owner) - 1)] - pad)
        b = min(len(self.words), self.owner[max(0, min(tok_end, len(self.owner)) - 1)] + 1 + pad)
        return self._words(a, b)

    def _words(self, a: int, b: int) -> tuple[str, float | None, float | None]:
        ws = self.words[a:b]
        return join_words([w.word for w in ws]).strip(" ,;:"), ws[0].start if ws else None, ws[-1].end if ws else None

    def quote_match(self, m: re.Match, pad: int = 2, max_words: int = 14) -> tuple[str, float | None, float | None]:
        """The clause the match was heard in: out to the nearest punctuation on each side (a sentence, a
        comma), at most `max_words` words, at least `pad` words either side when the clause allows."""
        if not self.tokens:
            return "", None, None
        a = self.owner[self.token_at(m.start())]
        b = self.owner[min(self.token_at(max(m.start(), m.end() - 1)), len(self.owner) - 1)] + 1
        n = len(self.words)

        def ends_clause(i: int) -> bool:
            return bool(_CLAUSE_END.search(self.words[i].word.strip()))

        left = right = True
        while (left or right) and b - a < max_words:
            left = left and a > 0 and not ends_clause(a - 1)
            if left:
                a -= 1
            right = right and b < n and not ends_clause(b - 1) and b - a < max_words
            if right:
                b += 1
        return self._words(a, b)


_NOUN_SENSE = re.compile(r"\b(customer|support|ticket|sev\s?\d|p\d|on call|pager|page|incident|merchant|seller|user)s?\s+$")
_NOUN_AFTER = re.compile(r"^\w*\s+(rate|rates|volume|tickets?|queue|policy|policies|path|paths|targets?|chain|contacts?|matrix|tiers?|levels?|process|procedure|runbook|rules?|settings?|count|counts|dropped|fell|went|were|by|about|from|per|a (day|week|month))\b")


_POSSESSIVE = re.compile(r"\b\w+ s\s+$")  # "the QA team's escalations"


def find(regexes: Sequence[re.Pattern], text: Text, *, red_flag: bool = False) -> list[re.Match]:
    """Matches in the text, leaving out negated ones ("did not take ownership", "rather than escalating",
    "escalation would be a last resort", "prevented escalations"). Context is read within the match's sentence."""
    negation = _RF_NEGATION if red_flag else _NEGATION
    hits = []
    for rx in regexes:
        for m in rx.finditer(text.text):
            before = text.text[max(m.start() - 40, text.sentence_start(m.start())) : m.start()]
            if negation.search(before):
                continue
            if red_flag:
                after = text.text[m.end() : m.end() + 80]
                if _RF_AFTER.match(after):
                    continue
                if m.group(0).startswith("escalat") and (_NOUN_SENSE.search(before) or _POSSESSIVE.search(before) or _NOUN_AFTER.match(text.text[m.start() :])):
                    continue  # "customer escalations dropped 40%": the word in another sense
            hits.append(m)
    return sorted(hits, key=lambda m: m.start())
