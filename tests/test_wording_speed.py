"""Speed rewrites of the wording comparison (issue #9), each checked against the plain code it
replaced."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from framing import make_document
from framing.compare import wording as W

_PIECES = ["U.S.", "u.s", "Mr.", "Mr", "Mrs.", "St.", "Col.", "a.", "A.B", "Jong-un", "jong-", "-un", "Russia's",
           "Russia’s", "'s", "’s", "s", "don't", "it’s", "café", "École", "x_y", "_", "2021", "Taliban", "the", "of",
           "Kim", "Mr.Kim", "e.g.", "—", "COMPLEX", "ſ", "İ"]
_SEPS = ["", " ", "  ", "-", ".", "\n", "'", "’", ", ", "\"", "_"]
_TEXTS = st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), max_size=30).map(
    lambda ps: "".join(w + s for w, s in ps))


@settings(max_examples=400, deadline=None)
@given(_TEXTS, st.integers(0, 300), st.integers(0, 300))
def test_token_pattern_equals_its_rules(text, a, b):
    """The plain-word shortcut in front of the token rules changes no token."""
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    rules = re.compile(W._TOKEN_RULES)
    assert [m.span() for m in W._TOKEN.finditer(text, a, b)] == [m.span() for m in rules.finditer(text, a, b)]


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=6))
def test_version_tokens_equal_a_search_per_sentence(sentences):
    """A version's token lists hold, sentence by sentence, the tokens of a search of that
    sentence alone."""
    doc = make_document(". ".join(sentences), story_id="s", outlet="o")
    toks = W._doc_tokens(doc)
    for k, s in enumerate(doc.kept_sentences):
        lo, hi = toks.bounds[k], toks.bounds[k + 1]
        ms = list(W._TOKEN.finditer(doc.text, s.start, s.end))
        assert toks.texts[lo:hi] == [m.group() for m in ms]
        assert list(zip(toks.starts[lo:hi], toks.ends[lo:hi])) == [m.span() for m in ms]
        assert toks.lows[lo:hi] == [W._fold(m.group()) for m in ms]
        assert toks.caps[lo:hi] == [m.group()[:1].isupper() for m in ms]
    assert toks.bounds[-1] == len(toks.texts)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_word_count_pattern_counts_the_words(text):
    """The counting pattern of WordingFeatures finds the matches of _WORD, no more, no fewer."""
    from framing.features import wording as F

    assert [m.span() for m in F._WORD_COUNT.finditer(text)] == [m.span() for m in F._WORD.finditer(text)]
