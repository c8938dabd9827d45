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


# ----------------------------------------------------------------------------- one VADER run
# (issue #9: the per-actor features reuse the valences of the sentence's VADER run)

from framing.features.sentiment import analyze_sentences, vader, vader_analysis  # noqa: E402

VADER_CASES = [
    "The rescue was a wonderful success and families were overjoyed.",
    "It was not good, but it was not terrible either.",
    "Officials were NOT happy with the VERY bad deal!!!",
    "The plan is kind of bad, sort of okay??",
    "At least it was not the least helpful report.",
    "No problem, no good deal, nor great news.",
    "He was never so happy; without doubt the best day.",
    "The food was the shit, he said :) but the service sucked.",
    "I love it 😀!! 👍🏽",
    "😀😀great",
    "  leading and trailing spaces \n",
    "“Quoted,” she said, ‘and then?’ (brackets) [more] -- dashes...",
    "",
    "   ",
    "but but but BUT good bad",
]


def _same_as_polarity_scores(text):
    va = vader_analysis(text)
    ps = vader().polarity_scores(text)
    assert (va.compound, va.pos, va.neu, va.neg) == (ps["compound"], ps["pos"], ps["neu"],
                                                     ps["neg"])
    return va


@pytest.mark.parametrize("text", VADER_CASES)
def test_vader_analysis_scores_identical_to_polarity_scores(text):
    va = _same_as_polarity_scores(text)
    starts, ends = va.spans()
    assert len(starts) == len(ends) == len(va.words) == len(va.valences)
    for a, b, w in zip(starts, ends, va.words):
        assert 0 <= a < b <= len(text)
        if not any(ord(c) > 0x2500 for c in text[a:b]):  # an emoji's description spans it
            assert text[a:b] == w


def test_vader_valences_follow_its_rules():
    va = vader_analysis("It was not good, but it was great.")
    val = dict(zip(va.words, va.valences))
    lex = vader().lexicon
    assert val["good"] == pytest.approx(lex["good"] * -0.74 * 0.5)  # negated, before "but"
    assert val["great"] == pytest.approx(lex["great"] * 1.5)  # after "but"
    assert val["was"] == 0


_VWORDS = st.sampled_from(["good", "bad", "not", "very", "but", "GREAT", "kind", "of", "no",
                           "never", "so", "least", "at", "isn't", "!", "??", ":)", "“x”", "😀",
                           "the", "Taliban", ",", "-", "...", "\n", "sort"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_VWORDS, max_size=14), st.sampled_from([" ", "", "  ", "\t"]))
def test_vader_analysis_property(words, sep):
    text = sep.join(words)
    va = _same_as_polarity_scores(text)
    starts, ends = va.spans()
    assert all(0 <= a < b <= len(text) for a, b in zip(starts, ends))
    if "😀" not in text:
        assert [text[a:b] for a, b in zip(starts, ends)] == list(va.words)


def test_analyze_sentences_matches_score_sentences():
    text = ("Russia praised the brave decision. The Taliban brutally executed innocent "
            "civilians.\n\nThe US said nothing.")
    doc = make_document(text)
    an = analyze_sentences(doc)
    assert [a.sentiment for a in an] == score_sentences(doc)
    for a in an:
        s = a.sentiment
        assert a.vader.offset == s.start and a.vader.text == text[s.start:s.end]
        starts, ends = a.vader.spans()
        for b, e, w in zip(starts, ends, a.vader.words):
            assert text[s.start + b:s.start + e] == w


@pytest.mark.gold
def test_vader_analysis_identical_on_newsmtsc_sentences():
    import json

    from conftest import shared_dataset

    folder = shared_dataset("newsmtsc")
    n = 0
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    _same_as_polarity_scores(json.loads(line)["sentence_normalized"])
                    n += 1
    assert n > 1000


def _token_spans_reference(text, words):
    """The plain per-token version of VaderAnalysis.spans (no emoji in these texts)."""
    import re
    import string

    clean = text.strip()
    lead = len(text) - len(text.lstrip())
    starts, ends = [], []
    for m, w in zip(re.finditer(r"\S+", clean), words):
        a = m.start() + lead
        if len(w) != m.end() - m.start():
            tok = m.group()
            a += len(tok) - len(tok.lstrip(string.punctuation))
        starts.append(a)
        ends.append(a + len(w))
    return starts, ends


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["good", "bad,", "(very)", "“nice”", "U.S.", "...", "ok!", ":)", "--", "a.",
                                 "don't", "'quoted'", "  ", "\n", "x"]), max_size=25))
def test_token_spans_equal_the_per_token_reference(pieces):
    text = " " + " ".join(pieces)
    va = vader_analysis(text)
    assert va.spans() == _token_spans_reference(text, va.words)


# ----------------------------------------------------------------------------- VADER written out
# (issue #9: vader_analysis runs VADER's rules over the lower-cased tokens computed once; it must
# give VADER's own tokens, valences and scores, checked against VADER's methods and the library)

from framing.features.sentiment import _vader_analysis_by_methods  # noqa: E402


def _same_as_vader_methods(text):
    """vader_analysis(text) equals the step-by-step run through VADER's methods, to the types of
    the valences (VADER appends an int 0 for a word outside its lexicon), and polarity_scores."""
    va = _same_as_polarity_scores(text)
    from framing.features.sentiment import _emoji_origin, _no_emoji

    converted = text if _no_emoji(text, vader()) else _emoji_origin(text, vader())[0]
    ref = _vader_analysis_by_methods(text, converted.strip(), vader(), 0)
    assert va == ref
    assert [type(v) for v in va.valences] == [type(v) for v in ref.valences]
    return va


@pytest.mark.parametrize("text", VADER_CASES + [
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "Not such a badass after all.", "Without a doubt, an excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "It was never so good. It was never this bad.", "no no no good", "the bomb was not the shit",
    "He is kind of great, sort of bad, kind-of ok", "NO GOOD!!! really? really?? really???? !!!!!!",
    "She couldn't care less; it isn't bad at all, nor great, or good", "but", "good but",
])
def test_vader_written_out_equals_vader(text):
    _same_as_vader_methods(text)


_VWORDS_MORE = st.sampled_from([
    "good", "bad", "GOOD", "BAD", "not", "isn't", "never", "no", "nor", "or", "very", "VERY", "kind", "of",
    "sort", "least", "at", "so", "this", "without", "doubt", "but", "BUT", "the", "shit", "bomb", "bad", "ass",
    "kiss", "death", "yeah", "right", "great!", "(nice)", "“love”", ":)", "!", "??", "😀", "lol", "a", "x",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_VWORDS_MORE, max_size=16), st.sampled_from([" ", "  ", "\t", ", "]))
def test_vader_written_out_property(words, sep):
    _same_as_vader_methods(sep.join(words))


@pytest.mark.gold
def test_vader_written_out_identical_on_basil_and_newsmtsc_sentences():
    """Every sentence of BASIL and NewsMTSC (a few tens of thousands): the same tokens,
    valences and scores as VADER."""
    import json

    from conftest import shared_dataset

    from framing.datasets.basil import read_basil

    texts = []
    for path in sorted(shared_dataset("newsmtsc").glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            texts += [json.loads(line)["sentence_normalized"] for line in fh if line.strip()]
    for article in read_basil(shared_dataset("basil")):
        texts += [s for p in article.paragraphs for s in p]
    assert len(texts) > 10000
    for text in texts:
        _same_as_vader_methods(text)


def test_vader_subclass_goes_through_its_methods():
    class Louder(SentimentIntensityAnalyzer):
        def sentiment_valence(self, valence, sentitext, item, i, sentiments):
            sentiments = super().sentiment_valence(valence, sentitext, item, i, sentiments)
            sentiments[-1] *= 2
            return sentiments

    text = "A good and kind decision."
    assert vader_analysis(text, Louder()).valences != vader_analysis(text).valences
    assert vader_analysis(text, Louder()).compound == Louder().polarity_scores(text)["compound"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ©®™😀\u2028é")), max_size=12))
def test_emoji_check_equals_a_set_test(text):
    from framing.features.sentiment import _emoji_chars, _no_emoji

    assert _no_emoji(text, vader()) == _emoji_chars(vader()).isdisjoint(text)
