"""Equivalence of the fast paths in framing.features.quotes with the plain forms (issue 9)."""

from hypothesis import given, settings
from hypothesis import strategies as st

import framing.features.quotes as Q

_CHARS = list("aAbBsSMrJ.’'‘“”\"-& \t\n\u00a0\u2003,;:") + ["Mr", "Dr.", "U.S.", "’s", "'s "]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_CHARS), max_size=40).map("".join), st.integers(0, 5), st.integers(0, 5))
def test_tokens_are_finditers(text, cut_lo, cut_hi):
    """Offsets from the white space before each token are those ``finditer`` gives, also with
    white space at either end of the range."""
    lo, hi = min(cut_lo, len(text)), max(min(cut_lo, len(text)), len(text) - cut_hi)
    want = [(m.start(), m.end(), m.group(0), m.group(0).lower().replace("’", "'")) for m in Q._TOKEN.finditer(text, lo, hi)]
    assert [tuple(t) for t in Q._tokens(text, lo, hi)] == want


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 8)), max_size=8), st.integers(0, 70), st.integers(0, 20))
def test_inside_sums_only_the_spans_that_reach(raw, lo, width):
    """``_inside`` over sorted, non-overlapping spans equals the sum over every span."""
    spans, end = [], -1
    for a, w in sorted(raw):
        if a >= end:
            spans.append((a, a + w))
            end = a + w
    hi = lo + width
    for share in (0.3, 0.5):
        cover = sum(max(0, min(b, hi) - max(a, lo)) for a, b in spans)
        assert Q._inside(spans, lo, hi, share) == (cover > share * (hi - lo))
