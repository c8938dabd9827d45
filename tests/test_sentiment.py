"""Overall sentiment: VADER per kept sentence, aggregated per version."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.document import Document, make_document
from framing.features.sentiment import SentenceSentiment, SentimentFeatures, score_sentences

NAMES = ["sentiment_mean", "sentiment_sd", "positive_share", "negative_share"]


@pytest.mark.parametrize(
    "text, sign",
    [
        ("The rescue was a wonderful success and families were overjoyed.", 1),
        ("Leaders praised the peaceful, fair and honest election.", 1),
        ("The attack killed dozens and left the city in terror.", -1),
        ("Critics condemned the brutal crackdown as a disgrace.", -1),
        ("The meeting took place in Moscow on Thursday.", 0),
        ("The ministry published the figures in a report.", 0),
    ],
)
def test_sentence_polarity_table(text, sign):
    (s,) = score_sentences(text)
    label = 1 if s.compound >= 0.05 else -1 if s.compound <= -0.05 else 0
    assert label == sign
    row = SentimentFeatures().fit([text]).transform([text])[0]
    assert row[0] == pytest.approx(s.compound)
    assert row[2] == float(sign == 1) and row[3] == float(sign == -1)


def test_long_text_mean_differs_from_saturated_whole_text_call():
    # vaderSentiment issue #151: one call over a long text saturates toward +/-1.
    pos = "Officials welcomed the agreement as a good step. "
    neg = "Residents said the shortages were a serious problem. "
    text = (pos * 12 + neg * 10).strip()
    whole = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    row = SentimentFeatures().fit([text]).transform([text])[0]
    assert abs(whole) > 0.95
    assert abs(row[0]) < 0.5
    assert abs(whole - row[0]) > 0.5
    assert row[2] == pytest.approx(12 / 22) and row[3] == pytest.approx(10 / 22)


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_body_is_nan(text):
    assert score_sentences(text) == []
    row = SentimentFeatures().fit([text]).transform([text])[0]
    assert all(math.isnan(v) for v in row)


def test_single_sentence_sd_is_nan():
    row = SentimentFeatures().fit(["Good news."]).transform(["Good news."])[0]
    assert math.isnan(row[1]) and not math.isnan(row[0])


def test_only_kept_sentences_are_scored():
    doc = make_document("What a terrible, awful disaster. The report was published today.")
    first = doc.sentences[0]._replace(kept=False, drop_reason="chrome")
    doc2 = Document(doc.article, (first,) + doc.sentences[1:])
    scores = score_sentences(doc2)
    assert [s.sent_id for s in scores] == [s.sent_id for s in doc2.kept_sentences]
    assert SentimentFeatures().fit([doc2]).transform([doc2])[0][3] == 0.0


_WORDS = st.sampled_from(["good", "bad", "the", "Taliban", "Russia", "terrible", "great",
                          "said", "news", "war", "peace", "“quote”", "is", "not"])
_SENT = st.lists(_WORDS, min_size=1, max_size=8).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=60, deadline=None)
@given(st.lists(_SENT, max_size=6), st.sampled_from([" ", "\n", "\n\n", "  "]))
def test_offsets_property(sentences, sep):
    text = sep.join(sentences)
    doc = make_document(text)
    scores = score_sentences(doc)
    assert len(scores) == len(doc.kept_sentences)
    for s in scores:
        assert isinstance(s, SentenceSentiment)
        assert 0 <= s.start <= s.end <= len(text)
        assert text[s.start:s.end].strip() == text[s.start:s.end]
        assert -1 <= s.compound <= 1
        assert s.pos + s.neu + s.neg == pytest.approx(1, abs=0.01) or s.pos + s.neu + s.neg == 0


def test_contract_clone_pickle_names():
    est = SentimentFeatures(positive_threshold=0.1, negative_threshold=-0.2)
    c = clone(est)
    assert c.get_params() == est.get_params()
    texts = ["A great day.", "A sad day. A bad day."]
    est.fit(texts)
    assert list(est.get_feature_names_out()) == NAMES
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(again.transform(texts), est.transform(texts))
    assert est.transform(texts).shape == (2, 4)


def test_bare_string_refused():
    with pytest.raises(TypeError, match="single string"):
        SentimentFeatures().fit("one text")


@pytest.mark.parametrize("params", [{"positive_threshold": 2}, {"negative_threshold": "x"},
                                    {"positive_threshold": -0.5, "negative_threshold": 0.5}])
def test_bad_params_raise_in_fit(params):
    est = SentimentFeatures(**params)  # __init__ only stores
    with pytest.raises(ValueError):
        est.fit(["text"])


def test_thresholds_change_shares():
    text = ["Officials welcomed the agreement. The war continues."]
    loose = SentimentFeatures().fit(text).transform(text)[0]
    strict = SentimentFeatures(positive_threshold=0.99, negative_threshold=-0.99).fit(text).transform(text)[0]
    assert loose[2] > 0 and strict[2] == 0 and strict[3] == 0
