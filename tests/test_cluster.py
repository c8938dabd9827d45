"""Story clustering: articles about one event end up in one story."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from framing.cluster import ClusterOptions, _stem, article_terms, assign_story_ids, cluster_articles
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
    terms = article_terms("The talks in Hong Kong ended. Police said the Kremlin agreed.", ClusterOptions(lead_chars=0))
    assert "E:hong_kong" in terms and "E:kremlin" in terms and "the" not in terms
    assert "E:police" not in terms  # a capital after a sentence end alone is not a name


@pytest.mark.parametrize("text,key", [
    ("Jobless claims fell to 684,000 last week.", "N:684000"),
    ("Claims: 684000 in all.", "N:684000"),
    ("A $1.5 trillion infrastructure plan.", "N:$1.5trillion"),
    ("Unemployment rose to 4.1% in May.", "N:4.1percent"),
    ("A record 3.3 million Americans filed.", "N:3.3million"),
])
def test_figures_are_terms(text, key):
    assert key in article_terms(text)
    assert not any(k.startswith("N:") for k in article_terms(text, ClusterOptions(number_weight=0)))


@pytest.mark.parametrize("text", ["Police shot 12 people on 3 days.", "Version 2.0 ships."])
def test_small_counts_are_not_figures(text):
    assert not any(k.startswith("N:") and k[2:].isdigit() and len(k) <= 4 for k in article_terms(text))


@pytest.mark.parametrize("word,stem", [
    ("votes", "vote"), ("policies", "policy"), ("hearings", "hearing"), ("nominations", "nomin"),
    ("congress", "congress"), ("news", "news"), ("bill", "bill"),
])
def test_stem(word, stem):
    assert _stem(word) == stem


def test_lead_terms_weighted_and_lead_capitals_not_entities():
    text = "Senate Passes Budget. " + "x" * 200 + " The Senate vote came late."
    terms = article_terms(text, ClusterOptions(lead_chars=30, lead_weight=2.0))
    assert terms["senate"] == 3.0  # twice in the lead, once after it
    assert "E:senate_passes_budget" not in terms and "E:senate" in terms  # "The Senate" is "Senate"


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_article_terms_any_text(text):
    terms = article_terms(text)
    assert all(v > 0 for v in terms.values())


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


def _raw_event(date, titles):
    news = {side: {"newsTitle": t, "newBody": [b], "newsSource": side.title() + " Daily"}
            for side, (t, b) in zip(("left", "center", "right"), titles)}
    return json.dumps({"id": 1, "date": date, "news": news})


def test_dated_raw_part_is_read_and_scored(tmp_path):
    """The dated raw_crawled layout is a part of its own, with dates, scored by the same loop."""
    from framing.datasets.neus_allsides import RAW_DIR, read_allsides
    from framing.evaluate.clustering import validate

    raw = tmp_path / RAW_DIR
    raw.mkdir(parents=True)
    lines = [
        _raw_event("2021-10-18T16:15:00-07:00", [(EVENTS[0][:60], EVENTS[0]), (EVENTS[1][:60], EVENTS[1]),
                                                  (EVENTS[2][:60], EVENTS[2])]),
        _raw_event("2021-10-19T09:00:00-07:00", [(EVENTS[3][:50], EVENTS[3]), (EVENTS[4][:50], EVENTS[4])]),
    ]
    (raw / "headline_test.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts = read_allsides(tmp_path)
    arts = parts["headline_test.jsonl"]
    assert [a.side for a in arts] == ["center", "left", "right", "center", "left"]
    assert arts[0].date.startswith("2021-10-18") and arts[0].source == "Center Daily"
    result = validate(tmp_path)
    assert result["parts"] == ["headline_test.jsonl"]
    assert result["n"]["headline_test.jsonl"] == {"articles": 5, "events": 2, "stories": 2}
    assert result["metrics"]["headline_test.jsonl"]["f1"] == 1.0


@pytest.mark.gold
def test_allsides_val_figures():
    from conftest import shared_dataset
    from framing.evaluate.clustering import validate

    path = shared_dataset("neus_allsides")
    result = validate(path)
    assert result["metrics"]["val"]["f1"] > 0.6
