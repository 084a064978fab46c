"""Normalization before matching: one case per line."""

import pytest

from mockint.scoring.normalize import join_words, normalize, normalize_words


@pytest.mark.parametrize(
    "a, b",
    [
        ("It wasn't on my sprint", "it was not on my sprint"),
        ("The 0.3% drop rate went to zero", "the zero point three percent drop rate went to zero"),
        ("$8K recovered per week", "8,000 dollars recovered per week"),
        ("$8K recovered per week", "eight thousand dollars recovered per week"),
        ("$8,000", "$8000"),
        ("We analysed the colour", "we analyzed the color"),
        ("NOBODY had asked!", "nobody had asked"),
        ("um, uh, I noticed", "I noticed"),
        ("a 40 percent drop", "a forty percent drop"),
        ("from 5 hours to 40 minutes", "from five hours to forty minutes"),
        ("point three percent", "0.3%"),
        ("the root cause", "the root cause"),
    ],
)
def test_same_after_normalization(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("0.3% drop rate", "3% drop rate"),
        ("not my team", "my team"),
        ("$8K", "$80K"),
    ],
)
def test_different_after_normalization(a, b):
    assert normalize(a) != normalize(b)


def test_whisper_number_pieces_are_glued_back():
    # faster-whisper splits "0.3%" and "$8,000" into several word tokens
    assert join_words(["a", "0", ".3", "%", "drop", "and", "$8", ",000", "team's"]) == "a 0.3% drop and $8,000 team's"


def test_tokens_map_back_to_their_words():
    words = "Um, the zero point three percent drop rate went to zero, which wasn't planned.".split()
    tokens, owner = normalize_words(words)
    assert tokens[:3] == ["the", "0.3%", "drop"]
    by_token = dict(zip(tokens, (words[i] for i in owner)))
    assert by_token["drop"] == "drop"
    assert by_token["0.3%"] == "zero"
    assert by_token["not"] == "wasn't"
    assert owner == sorted(owner)


def test_long_text_is_normalized_in_sentence_chunks_with_numbers_whole():
    from mockint.scoring.normalize import CHUNK_WORDS, normalize_words

    sentence = "The drop rate fell from zero point three percent to nearly nothing for our merchants.".split()
    words = sentence * (3 * CHUNK_WORDS // len(sentence) + 2)
    tokens, owner = normalize_words(words)
    assert tokens.count("0.3%") == words.count("zero")  # every multi-word number survives its chunk
    assert owner == sorted(owner) and owner[-1] == len(words) - 1
    assert all(words[owner[k]].lower().strip(".") == t for k, t in enumerate(tokens) if t in ("drop", "merchants"))


def test_a_name_with_digits_stays_one_token_and_reads_as_no_number():
    from mockint.scoring.evidence import NUMBER

    for said, kept in [("Neo4j", "neo4j"), ("S3", "s3"), ("EC2", "ec2"), ("log4j", "log4j"), ("p99", "p99"), ("GPT-4", "gpt4"), ("HTTP/2", "http2")]:
        text = normalize(f"We moved the hot path off {said} last quarter.")
        assert kept in text.split(), text
        assert not NUMBER.search(text), text
    # quantities keep their numbers
    assert normalize("p99 fell from 800ms to 200ms, a 4x drop") == "p99 fell from 800 ms to 200 ms a 4 x drop"
    assert NUMBER.search(normalize("top-10 customers")) and normalize("$8K a week") == "$8000 a week"
