"""One contract over every per-version extractor (scikit-learn's estimator rules, DESIGN.md).

Every ``*Features`` class in ``framing.features`` is found automatically, so a new extractor is
held to the contract without anyone remembering to add it here.
"""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import FeatureUnion

import framing.features
from framing import Article, Document, segment
from framing.features._base import SpanFeaturesMixin


def _all_feature_classes():
    found = []
    for info in pkgutil.iter_modules(framing.features.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"framing.features.{info.name}")
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and name.endswith("Features") and obj.__module__ == module.__name__:
                found.append(obj)
    return sorted(found, key=lambda c: c.__name__)


EXTRACTORS = _all_feature_classes()
TEXTS = [
    "Russia said on Thursday it would probably recognise the government. “We value this step,” the minister said.",
    "The so-called ministry clearly failed. Officials may have known, according to two people familiar with it.",
]


def test_every_extractor_is_found():
    names = {c.__name__ for c in EXTRACTORS}
    assert {"HedgingFeatures", "SentimentFeatures", "ReadabilityFeatures", "QuoteFeatures"} <= names


@pytest.fixture(params=EXTRACTORS, ids=lambda c: c.__name__)
def extractor(request):
    return request.param


def test_init_only_stores_keyword_only_params(extractor):
    params = inspect.signature(extractor.__init__).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for name, p in params.items() if name != "self")
    est = extractor()
    assert set(est.get_params()) == {n for n in params if n != "self"}
    assert not [k for k in vars(est) if k.endswith("_")], "learned state before fit"


def test_fit_transform_shape_and_names(extractor):
    est = extractor().fit(TEXTS)
    out = est.transform(TEXTS)
    names = est.get_feature_names_out()
    assert out.shape == (len(TEXTS), len(names)) and len(names) > 0
    assert len(set(names)) == len(names)
    assert np.isfinite(out[0]).all()  # the first text has every kind of evidence; others may be undefined (NaN)
    assert issubclass(extractor, SpanFeaturesMixin)


def test_bare_string_refused(extractor):
    with pytest.raises(TypeError, match="single string"):
        extractor().fit(TEXTS[0])
    with pytest.raises(TypeError, match="single string"):
        extractor().fit(TEXTS).transform(TEXTS[0])


def test_clone_and_pickle_keep_behaviour(extractor):
    est = extractor().fit(TEXTS)
    again = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(est.transform(TEXTS), again.transform(TEXTS))
    fresh = clone(est)
    assert fresh.get_params() == est.get_params()
    np.testing.assert_array_equal(fresh.fit(TEXTS).transform(TEXTS), est.transform(TEXTS))


def test_documents_and_strings_agree_and_dropped_sentences_do_not_count(extractor):
    text = TEXTS[0] + "\nHong Kong residents were angry and furious, and it is likely they may protest."
    sents = segment(text)
    all_kept = Document(Article("s", "o", text), tuple(sents))
    body_only = Document(Article("s", "o", text), tuple(s._replace(kept=False, drop_reason="chrome") if s.paragraph == 1 else s for s in sents))
    est = extractor().fit(TEXTS)
    np.testing.assert_array_equal(est.transform([all_kept]), est.transform([text]))
    np.testing.assert_array_equal(est.transform([body_only]), est.transform([TEXTS[0]]))


def test_empty_body_gives_nan_not_zero_for_rates(extractor):
    text = "Short Url"
    doc = Document(Article("s", "o", text), tuple(s._replace(kept=False, drop_reason="chrome") for s in segment(text)))
    row = extractor().fit(TEXTS).transform([doc])[0]
    assert np.isnan(row).any(), "an empty body must not look like a measured zero"


def test_feature_union_gives_a_pandas_table():
    union = FeatureUnion([(c.__name__, c()) for c in EXTRACTORS], verbose_feature_names_out=False)
    table = union.set_output(transform="pandas").fit(TEXTS).transform(TEXTS)
    assert list(table.columns) == [n for c in EXTRACTORS for n in c().fit(TEXTS).get_feature_names_out()]
    assert len(table) == len(TEXTS)
