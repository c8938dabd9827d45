"""News frames: cues with spans, per-version shares, user-replaceable lexicons."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_story, make_document
from framing.clean import clean_story
from framing.features.frames import FramesFeatures, cues_of_subset, find_frames, frame_shares, frames_table


@pytest.mark.parametrize(
    "text, frame",
    [
        ("The two parties clashed over the border.", "conflict"),
        ("Trade and investment will grow by billions.", "economic"),
        ("Families of the victims grieved.", "human_interest"),
        ("God willing, it will serve as an example.", "morality"),
        ("The government must tackle drug crime.", "responsibility"),
    ],
)
def test_generic_frame_table(text, frame):
    assert frame in {c.frame for c in find_frames(make_document(text))}


def test_no_frame_in_neutral_sentence():
    assert find_frames(make_document("The meeting took place on Thursday.")) == []


def test_shares_count_sentences_not_cues():
    doc = make_document("War and war and conflict. The weather was fine.")
    assert frame_shares(doc)["conflict"] == pytest.approx(0.5)


def test_user_lexicon_replaces_default(tmp_path):
    lex = tmp_path / "mine.tsv"
    lex.write_text("# frame\tkind\tcue\tnote\nweather\ttopic\train|sun\tweather\n", encoding="utf-8")
    doc = make_document("Rain fell. The war went on.")
    assert frame_shares(doc, lexicon=lex) == {"weather": 0.5}
    est = FramesFeatures(lexicon=str(lex)).fit(["x"])
    assert list(est.get_feature_names_out()) == ["frame_weather_share"]


def test_bad_lexicon_refused_at_fit(tmp_path):
    lex = tmp_path / "bad.tsv"
    lex.write_text("weather\ttopic\t(rain\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad cue"):
        FramesFeatures(lexicon=str(lex)).fit(["x"])


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz .,'-WarTadeGod", max_size=120))
def test_cue_offsets_exact(text):
    doc = make_document(text)
    for c in find_frames(doc):
        assert doc.text[c.start:c.end] == c.cue


def test_example_story_frames_differ_for_visible_reasons(example_story_path):
    docs = clean_story(load_story(example_story_path))
    shares, assigned = frames_table(docs, lexicon=["generic_frames.tsv", example_story_path / "frames.tsv"])
    table = {(s.outlet, s.frame): s.share for s in shares}
    # Roya News writes about girls' schooling and women's rights; CNN does not
    assert table[("Roya News", "human_rights")] > table[("CNN", "human_rights")]
    roya = {d.outlet: d for d in docs}["Roya News"]
    hr = [a for a in assigned if a[1] == "Roya News" and a[2] == "human_rights"]
    assert hr and all(roya.text[a[5]:a[6]] == a[7] for a in hr)
    kinds = {s.kind for s in shares}
    assert kinds == {"generic", "topic"}
    assert all(0.0 <= s.share <= 1.0 for s in shares)


def test_empty_body_is_nan():
    est = FramesFeatures().fit(["x"])
    doc = make_document("")
    assert np.isnan(est.transform([doc])).all()


# --------------------------------------------------------------------------- speed-up equivalence (issue 9)

_TRICKY = st.text(alphabet=st.sampled_from(list("aAsSkKiI tT-'’eEoOrRwWcC\u0130\u0131\u017f\u212a\u03a3\u00e9.\n")), max_size=60)


@settings(max_examples=300)
@given(_TRICKY, st.sampled_from([r"(?<![\w-])(?:(?:war|wars?)|(?:k\w*)|(?:s[sd]?)|(?:tie?s))(?![\w-])",
                                 r"\b(?:(?:i\w+)|(?:a[a-z]*)|(?:so-called))\b", r"(?<![\w-])(?:(?:c\S*|e[^a]t))(?![\w-])"]))
def test_caseless_spans_equal_case_insensitive_finditer(text, pattern):
    """The fast matcher (lower-cased text, case-sensitive pattern) finds exactly the spans of
    the case-insensitive pattern, also with the characters whose case folding differs."""
    from framing.compare.wording import _Caseless, _lowered

    m = _Caseless(pattern)
    assert m.fast is not None
    want = [x.span() for x in re.compile(pattern, re.I).finditer(text, 1, max(1, len(text) - 1))]
    assert m.spans(text, _lowered(text), 1, max(1, len(text) - 1)) == want


@pytest.mark.parametrize("pattern", [r"\b(?:[A-Z]\w+)\b", r"(?i)\bwar\b", r"(\w)\1"])
def test_caseless_refuses_patterns_it_cannot_lower(pattern):
    from framing.compare.wording import _Caseless

    assert _Caseless(pattern).fast is None  # upper-case literal, inline flag, backreference


def test_lowered_refuses_case_traps():
    from framing.compare.wording import _lowered

    assert _lowered("Kılıç") is None and _lowered("İstanbul") is None and _lowered("Kabul") == "kabul"


# --------------------------------------------------------------------------- speed rewrites (issue #9)


def _reference_find_frames(doc, paths):
    """find_frames as first written: every frame's full pattern searched in every sentence."""
    from framing.features.frames import FrameCue, read_frames

    out = []
    for s in doc.kept_sentences:
        for frame, kind, pat in read_frames(paths):
            for m in pat.finditer(doc.text, s.start, s.end):
                out.append(FrameCue(frame, kind, s.sent_id, m.start(), m.end(), m.group()))
    out.sort(key=lambda c: (c.start, c.frame))
    return out


def test_find_frames_equals_reference(example_story_path):
    paths = ("generic_frames.tsv", str(example_story_path / "frames.tsv"))
    for doc in clean_story(load_story(example_story_path)):
        assert find_frames(doc, lexicon=list(paths)) == _reference_find_frames(doc, paths)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["war", "wars.", "War-", "conflict", "families", "crime", "the", "-", ".", "\n\n",
                                 "trade", "İ", "God", "blame", "x"]), max_size=30))
def test_find_frames_equals_reference_on_random_text(words):
    doc = make_document(" ".join(words))
    assert find_frames(doc) == _reference_find_frames(doc, ("generic_frames.tsv",))


def test_frames_table_from_given_cues_is_unchanged(example_story_path):
    # the pipeline finds the cues once and passes them to the frames table and the frame columns
    paths = ["generic_frames.tsv", example_story_path / "frames.tsv"]
    docs = clean_story(load_story(example_story_path))
    cues = [find_frames(d, lexicon=paths) for d in docs]
    assert frames_table(docs, lexicon=paths, cues=cues) == frames_table(docs, lexicon=paths)
    features = FramesFeatures().fit(docs)
    rows = [features.row_from_cues(d, cues_of_subset(c, paths, None)) for d, c in zip(docs, cues)]
    np.testing.assert_array_equal(np.asarray(rows), features.transform(docs))


def test_cues_of_subset_equal_a_search_with_the_subset(example_story_path):
    paths = ("generic_frames.tsv", str(example_story_path / "frames.tsv"))
    for doc in clean_story(load_story(example_story_path)):
        assert cues_of_subset(find_frames(doc, lexicon=paths), paths, None) == find_frames(doc)


def test_cues_of_subset_refuses_a_shared_frame_name(tmp_path):
    # a topic frame named like a generic one would mix their sentences: search again instead
    topic = tmp_path / "frames.tsv"
    topic.write_text("conflict\ttopic\tfeud\tnote\n", encoding="utf-8")
    paths = ["generic_frames.tsv", topic]
    doc = make_document("The feud and the war went on.")
    assert cues_of_subset(find_frames(doc, lexicon=paths), paths, None) is None
    assert cues_of_subset(find_frames(doc), None, [topic]) is None  # not its first frames
