"""Readability extractor: hand-computed Flesch values, NaN for no words, offline, contract."""

from __future__ import annotations

import json
import math
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion

from framing.document import Document, make_document
from framing.features import readability as R
from framing.features.readability import (
    DEFAULT_METRICS,
    OWN_METRICS,
    TEXTSTAT_METRICS,
    ReadabilityFeatures,
    count_syllables,
    readability_scores,
    readability_spans,
    readability_text,
)
from framing.segment import segment

ROOT = Path(__file__).resolve().parents[1]
TEXTSTAT_ONLY = tuple(m for m in TEXTSTAT_METRICS if m not in OWN_METRICS)


def flesch(words: int, sentences: int, syllables: int) -> dict[str, float]:
    """The formulas, written out independently of the module."""
    wps, spw = words / sentences, syllables / words
    return {
        "flesch_reading_ease": 206.835 - 1.015 * wps - 84.6 * spw,
        "flesch_kincaid_grade": 0.39 * wps + 11.8 * spw - 15.59,
        "words_per_sentence": wps,
        "syllables_per_word": spw,
    }


# ---------------------------------------------------------------- syllables (CMU, then pyphen)

@pytest.mark.parametrize("word, expected", [
    ("cat", 1),
    ("the", 1),
    ("government", 3),      # G AH1 V ER0 N M AH0 N T
    ("recognized", 3),
    ("Taliban", 3),         # case does not matter
    ("courageous", 3),
    ("russia's", 2),        # contraction apostrophe kept: the dictionary has "russia's"
    ("Afghanistan", 4),
    ("envoy", 2),
])
def test_count_syllables_cmu(word, expected):
    assert count_syllables(word) == expected


def test_count_syllables_out_of_dictionary_uses_pyphen():
    from pyphen import Pyphen

    word = "talibanled"  # "Taliban-led" after textstat's punctuation removal
    assert word not in R._cmu_syllables()
    assert count_syllables(word) == len(Pyphen(lang="en_US").positions(word)) + 1 == 3


# ---------------------------------------------------------------- table: text -> scores

# (text, words, sentences, syllables), counts by hand.
TABLE = [
    ("The cat sat on the mat.", 6, 1, 6),
    # the(1) government(3) recognized(3) the(1) Taliban(3) / It was a(1+1+1) courageous(3) step(1)
    ("The government recognized the Taliban. It was a courageous step.", 10, 2, 18),
    # typographic apostrophe = "russia's" (2); quote marks are punctuation
    ("Russia\u2019s envoy called it a \u2018courageous step\u2019.", 7, 1, 11),
    # a sentence of punctuation only holds no word and is not counted
    ("He left.\n\n***\n\nShe stayed.", 4, 2, 4),
]


@pytest.mark.parametrize("text, words, sentences, syllables", TABLE)
def test_scores_by_hand(text, words, sentences, syllables):
    got = readability_scores(text)
    want = flesch(words, sentences, syllables)
    assert list(got) == list(DEFAULT_METRICS)
    for name in DEFAULT_METRICS:
        assert got[name] == pytest.approx(want[name], abs=1e-9), name


def test_flesch_cat_sat_values():
    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015*6 - 84.6*1; 0.39*6 + 11.8*1 - 15.59
    got = readability_scores("The cat sat on the mat.")
    assert got["flesch_reading_ease"] == pytest.approx(116.145)
    assert got["flesch_kincaid_grade"] == pytest.approx(-1.45)


@pytest.mark.parametrize("text", ["", " ", "\n\n\t", "...", "\u2014 *** !!"])
def test_no_words_gives_nan_everywhere(text):
    every = OWN_METRICS + TEXTSTAT_ONLY
    row = ReadabilityFeatures(metrics=every).fit([text]).transform([text])
    assert row.shape == (1, len(every))
    assert np.isnan(row).all()


# ---------------------------------------------------------------- agreement with textstat

_VOCAB = ("the", "government", "said", "Russia", "recognized", "Taliban", "envoy", "in",
          "Moscow", "would", "support", "security", "and", "economic", "cooperation", "a",
          "courageous", "step", "Afghanistan", "ministry", "statement", "officials")


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), min_size=3, max_size=25))
def test_one_sentence_agrees_with_textstat(words):
    # On one sentence textstat's own sentence splitter and ours agree, so the per-word counts
    # must match textstat's exactly (same word rule, same dictionary entry, same fallback).
    text = " ".join(words) + "."
    got = readability_scores(text, metrics=("words_per_sentence", "lexicon_count", "sentence_count",
                                            "syllables_per_word", "avg_syllables_per_word"))
    assert got["sentence_count"] == 1
    assert got["words_per_sentence"] == got["lexicon_count"] == len(words)
    assert got["syllables_per_word"] == pytest.approx(got["avg_syllables_per_word"], abs=1e-12)


# ---------------------------------------------------------------- kept sentences only

BODY = "The cat sat on the mat."
CHROME = "Notwithstanding extraordinarily complicated international considerations, delegates deliberated."


def _partly_dropped(text: str, drop) -> Document:
    doc = make_document(text)
    return Document(doc.article, tuple(s._replace(kept=False, drop_reason="test") if drop(doc, s)
                                       else s for s in segment(text)))


def test_dropped_sentences_do_not_count():
    text = f"{CHROME}\n\n{BODY}\n\n{CHROME}"
    doc = _partly_dropped(text, lambda d, s: d.sentence_text(s) == CHROME)
    assert [doc.sentence_text(s) for s in doc.kept_sentences] == [BODY]
    metrics = DEFAULT_METRICS + ("lexicon_count", "sentence_count", "syllable_count")
    got = readability_scores(doc, metrics=metrics)
    want = readability_scores(BODY, metrics=metrics)
    assert got == want
    assert (got["lexicon_count"], got["sentence_count"], got["syllable_count"]) == (6, 1, 6)
    # the whole text reads differently, so the test could fail
    assert readability_scores(text)["flesch_reading_ease"] < want["flesch_reading_ease"] - 50


def test_spans_are_the_kept_sentences():
    text = f"{CHROME}\n\n{BODY} It was a courageous step."
    doc = _partly_dropped(text, lambda d, s: s.sent_id == 0)
    spans = readability_spans(doc)
    assert [s.sent_id for s in spans] == [1, 2]
    assert [doc.text[s.start:s.end] for s in spans] == [BODY, "It was a courageous step."]
    assert [(s.n_words, s.n_syllables) for s in spans] == [(6, 6), (5, 7)]
    assert readability_text(doc) == f"{BODY}\nIt was a courageous step."


def test_all_dropped_gives_nan():
    doc = _partly_dropped(BODY, lambda d, s: True)
    assert all(math.isnan(v) for v in readability_scores(doc).values())


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc XYZ.,!?'\u2019\n-\u2014")), max_size=120))
def test_spans_property(text):
    doc = make_document(text)
    spans = readability_spans(doc)
    assert [s.sent_id for s in spans] == [s.sent_id for s in doc.kept_sentences]
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == doc.sentence_text(doc.sentences[s.sent_id])
        assert s.n_syllables >= s.n_words >= 0
    got = readability_scores(doc)
    n_words = sum(s.n_words for s in spans)
    if n_words == 0:
        assert all(math.isnan(v) for v in got.values())
    else:
        n_sent = sum(1 for s in spans if s.n_words)
        assert got["words_per_sentence"] == pytest.approx(n_words / n_sent)


_TOTALS_ALPHABET = list("abc XYZ.,!?'\u2019\u2018\n-\u2014_9") + ["\u03a3", "\u0130", "don't", "it’s", "qzxv", "\u00e9t\u00e9"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TOTALS_ALPHABET), max_size=60), st.lists(st.booleans(), max_size=20))
def test_totals_equal_the_sums_over_readability_spans(pieces, dropped):
    """The scores' one pass over the joined kept sentences counts what the spans count."""
    text = "".join(pieces)
    doc = make_document(text)
    # drop some sentences, so the kept ones are not the whole text
    doc = Document(doc.article, tuple(s._replace(kept=not (dropped[i] if i < len(dropped) else False))
                                      for i, s in enumerate(doc.sentences)))
    spans = readability_spans(doc)
    assert R._totals(doc) == (sum(s.n_words for s in spans), sum(s.n_syllables for s in spans),
                              sum(1 for s in spans if s.n_words))


def test_totals_on_the_example_story(example_story_path):
    from framing import load_story
    from framing.clean import clean_story

    for doc in clean_story(load_story(example_story_path)):
        spans = readability_spans(doc)
        assert R._totals(doc) == (sum(s.n_words for s in spans), sum(s.n_syllables for s in spans),
                                  sum(1 for s in spans if s.n_words))


# ---------------------------------------------------------------- every textstat metric

@pytest.mark.parametrize("name", TEXTSTAT_ONLY)
def test_textstat_metric_is_a_finite_float(name):
    text = "The government recognized the Taliban. It was a courageous step, officials said."
    value = readability_scores(text, metrics=(name,))[name]
    assert isinstance(value, float) and math.isfinite(value)


def test_textstat_left_as_found():
    import textstat
    from textstat.backend.counts import _count_syllables as target

    before = target.get_cmudict
    readability_scores(BODY, metrics=("smog_index",))
    assert target.get_cmudict is before
    assert R._shim_users == 0
    # the module-level textstat instance's language is untouched
    assert textstat.textstat._textstatistics__lang == "en_US"


# ---------------------------------------------------------------- no network, ever

_SCRIPT = textwrap.dedent("""
    import json, socket, sys

    def _no_network(*a, **k):
        raise RuntimeError("network access attempted")

    socket.socket.connect = _no_network
    socket.create_connection = _no_network

    from framing.features.readability import ReadabilityFeatures, OWN_METRICS, TEXTSTAT_METRICS
    X = ["The government recognized the Taliban. It was a courageous step."]
    default = ReadabilityFeatures().fit(X).transform(X)[0]
    loaded = sorted(m for m in ("nltk", "textstat") if m in sys.modules)

    import nltk
    nltk.data.path[:] = [sys.argv[1]]  # an empty folder: no NLTK data anywhere

    def _no_download(*a, **k):
        raise RuntimeError("nltk.download attempted")

    nltk.download = _no_download
    try:
        nltk.data.find("corpora/cmudict")
        raise SystemExit("NLTK cmudict is installed here; the test would prove nothing")
    except LookupError:
        pass
    names = OWN_METRICS + tuple(m for m in TEXTSTAT_METRICS if m not in OWN_METRICS)
    row = ReadabilityFeatures(metrics=names).fit(X).transform(X)[0]

    import textstat  # control: textstat on its own, in this process, does try to download
    try:
        textstat.flesch_reading_ease("Some other words to read here.")
        control = "no download attempted"
    except RuntimeError as e:
        control = str(e)
    print(json.dumps({"default": [float(v) for v in default], "loaded": loaded,
                      "row": [float(v) for v in row], "control": control}))
""")


def _run(script: str, tmp_path: Path) -> dict:
    env = dict(os.environ, NLTK_DATA=str(tmp_path), HOME=str(tmp_path),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                          text=True, env=env, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_offline_in_clean_subprocess(tmp_path):
    # One fresh process with no NLTK data, downloads and sockets refused: the default set must
    # not even import textstat or nltk; every textstat metric must still work; textstat used
    # directly afterwards must try to download (the guard is real and the shim was removed).
    script = _SCRIPT
    out = _run(script, tmp_path)
    assert out["loaded"] == []
    assert out["default"] == pytest.approx(list(flesch(10, 2, 18).values()))
    assert len(out["row"]) == len(OWN_METRICS + TEXTSTAT_ONLY)
    assert all(math.isfinite(v) for v in out["row"])
    assert out["control"] == "nltk.download attempted"


def test_offline_in_process(monkeypatch):
    import socket

    import nltk

    def boom(*a, **k):
        raise RuntimeError("network or download attempted")

    monkeypatch.setattr(nltk, "download", boom)
    monkeypatch.setattr(nltk.data, "find", lambda *a, **k: (_ for _ in ()).throw(LookupError("x")))
    monkeypatch.setattr(socket.socket, "connect", boom)
    got = readability_scores("A fresh sentence never seen before by textstat caches here.",
                             metrics=("smog_index", "gunning_fog", "text_standard"))
    assert all(math.isfinite(v) for v in got.values())


# ---------------------------------------------------------------- estimator contract

DOCS = ["The cat sat on the mat.", "The government recognized the Taliban. It was a courageous step."]


def test_feature_names_default_and_custom():
    f = ReadabilityFeatures().fit(DOCS)
    assert list(f.get_feature_names_out()) == [f"readability_{m}" for m in DEFAULT_METRICS]
    g = ReadabilityFeatures(metrics=["smog_index", "words_per_sentence"]).fit(DOCS)
    assert list(g.get_feature_names_out()) == ["readability_smog_index",
                                               "readability_words_per_sentence"]
    assert g.transform(DOCS).shape == (2, 2)


@pytest.mark.parametrize("metrics, match", [
    (("flesch_reading_eas",), "did you mean 'flesch_reading_ease'"),
    (("no_such_metric",), "unknown readability metric 'no_such_metric'"),
    ("smog_index", "got the string"),
    ((), "empty"),
    (("smog_index", "smog_index"), "repeated"),
    ((3,), "unknown readability metric 3"),
])
def test_bad_metrics_refused_in_fit_not_init(metrics, match):
    f = ReadabilityFeatures(metrics=metrics)  # __init__ only stores
    with pytest.raises(ValueError, match=match):
        f.fit(DOCS)


def test_bare_string_refused():
    with pytest.raises(TypeError, match="single string"):
        ReadabilityFeatures().fit("The cat sat on the mat.")
    f = ReadabilityFeatures().fit(DOCS)
    with pytest.raises(TypeError, match="single string"):
        f.transform("The cat sat on the mat.")


def test_clone_and_pickle():
    f = ReadabilityFeatures(metrics=("flesch_reading_ease", "smog_index"))
    c = clone(f)
    assert c.get_params() == f.get_params() and not hasattr(c, "metrics_")
    f.fit(DOCS)
    g = pickle.loads(pickle.dumps(f))
    np.testing.assert_array_equal(g.transform(DOCS), f.transform(DOCS))


def test_transform_matches_scores_and_documents_accepted():
    doc = make_document(DOCS[1])
    f = ReadabilityFeatures().fit([doc])
    row = f.transform([doc, DOCS[1]])
    assert row[0].tolist() == row[1].tolist() == list(readability_scores(doc).values())


def test_feature_union_pandas():
    union = FeatureUnion([("r", ReadabilityFeatures())]).set_output(transform="pandas")
    table = union.fit_transform(DOCS)
    assert list(table.columns) == [f"r__readability_{m}" for m in DEFAULT_METRICS]
    assert len(table) == 2
