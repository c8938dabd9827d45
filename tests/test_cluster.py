"""Story clustering: articles about one event end up in one story."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from framing.cluster import article_terms, assign_story_ids, cluster_articles
from framing.evaluate.clustering import pairwise_scores

EVENTS = [
    "Russia recognizes the Taliban government of Afghanistan, the first country to do so. Moscow accepted the credentials of ambassador Gul Hassan Hassan.",
    "Moscow becomes first to formally recognize Taliban rule in Afghanistan after Russia accepts ambassador Gul Hassan Hassan's credentials.",
    "The Kremlin said Russia recognized the Taliban as Afghanistan's government; Gul Hassan Hassan presented credentials in Moscow.",
    "Hong Kong holds Legislative Council election with record low turnout as Beijing loyalists sweep seats.",
    "Turnout in the Hong Kong Legislative Council election hit a record low; Beijing loyalists won almost every seat.",
    "Senate passes Medicaid cuts in budget bill; hospitals in rural Kansas warn of closures.",
]
GOLD = ["a", "a", "a", "b", "b", "c"]


def test_groups_three_events():
    pred = cluster_articles(EVENTS)
    assert pairwise_scores(GOLD, pred) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert pred[0] == "story-0001" and pred[3] == "story-0002" and pred[5] == "story-0003"


def test_time_window_separates_same_words_far_apart():
    texts = [EVENTS[3], EVENTS[4]]
    assert len(set(cluster_articles(texts, ["2021-12-19", "2021-12-20"]))) == 1
    assert len(set(cluster_articles(texts, ["2021-12-19", "2023-12-20"]))) == 2
    assert len(set(cluster_articles(texts, ["2021-12-19", None]))) == 1  # undated: compared with all


@pytest.mark.parametrize("gold,pred,expected", [
    (["a", "a", "b"], ["x", "x", "y"], (1.0, 1.0)),
    (["a", "a", "b"], ["x", "x", "x"], (1 / 3, 1.0)),
    (["a", "a", "a"], ["x", "y", "y"], (1.0, 1 / 3)),
])
def test_pairwise_scores(gold, pred, expected):
    s = pairwise_scores(gold, pred)
    assert (s["precision"], s["recall"]) == pytest.approx(expected)


def test_entities_and_stop_words():
    terms = article_terms("The talks in Hong Kong ended. Police said the Kremlin agreed.")
    assert "E:hong_kong" in terms and "E:kremlin" in terms and "the" not in terms
    assert "E:police" not in terms  # a capital after a sentence end alone is not a name


def test_assign_keeps_given_ids():
    rows = [{"text": EVENTS[0]}, {"text": EVENTS[1], "story_id": "mine"}]
    out = assign_story_ids(rows)
    assert out[1]["story_id"] == "mine" and out[0]["story_id"].startswith("story-")
    assert "story_id" not in rows[0]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(EVENTS), min_size=0, max_size=12))
def test_deterministic_and_identical_texts_together(texts):
    pred = cluster_articles(texts)
    assert pred == cluster_articles(texts) and len(pred) == len(texts)
    by_text = {}
    for t, p in zip(texts, pred):
        assert by_text.setdefault(t, p) == p


@pytest.mark.gold
def test_allsides_val_figures():
    from conftest import shared_dataset
    from framing.evaluate.clustering import validate

    path = shared_dataset("neus_allsides")
    result = validate(path)
    assert result["metrics"]["val"]["f1"] > 0.5
