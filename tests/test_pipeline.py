"""framing.pipeline: stage timings that change nothing, and actors discovered when a story has no
actors.tsv."""

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.corpus import Article, Story
from framing.pipeline import MAX_DISCOVERED_ACTORS, analyze, discovered_actors


@pytest.fixture(scope="module")
def example(example_story_path):
    return framing.load_story(example_story_path)


@pytest.fixture(scope="module")
def without_actor_file(example):
    """The example story as a corpus record: no folder, so no actors.tsv or concepts.tsv."""
    return dataclasses.replace(example, path=None)


def test_timings_cover_every_stage_and_change_no_table(example):
    timings: dict = {}
    timed = analyze(example, timings=timings)
    plain = analyze(example)
    assert {"clean", "sentence sentiment", "facts", "actor sentiment", "table assembly"} <= set(timings)
    assert all(v >= 0 for v in timings.values())
    for name, frame in plain.tables.items():
        pd.testing.assert_frame_equal(frame, timed.tables[name], obj=name)


def test_story_without_actor_file_gets_its_own_actors(without_actor_file):
    tables = analyze(without_actor_file).tables
    actors = set(tables["actor_sentiment"]["actor"])
    assert {"Russia", "Taliban"} <= actors
    assert len(actors) <= MAX_DISCOVERED_ACTORS
    # every reported mention is the text at its offsets, and names its actor's concept
    texts = {a.outlet: a.text for a in without_actor_file.versions}
    for r in tables["actor_sentiment"].itertuples():
        assert texts[r.outlet][r.start:r.end] == r.mention


DISCOVERY_CASES = [
    # (concept, outlet, label) rows -> expected actors
    ([("Russia", "a", "Russia"), ("Russia", "b", "Moscow"), ("Daesh", "a", "Daesh"),
      ("Daesh", "b", "the group")],
     {"Russia": ["Moscow", "Russia"], "Daesh": ["Daesh"]}),
    # a concept one version carries is not an actor of a two-version story
    ([("Russia", "a", "Russia"), ("Russia", "b", "Russia"), ("Oman", "a", "Oman")],
     {"Russia": ["Russia"]}),
    # no capitalised label: nothing to match by pattern
    ([("Group", "a", "the group"), ("Group", "b", "the militants")], {}),
    # a capitalised pronoun is not a name; initials are
    ([("I'll", "a", "I'll"), ("I'll", "b", "I'll"), ("US", "a", "U.S."), ("US", "b", "US")],
     {"US": ["U.S.", "US"]}),
    ([], {}),
]


@pytest.mark.parametrize("rows,expected", DISCOVERY_CASES)
def test_discovered_actors_table(rows, expected):
    mentions = pd.DataFrame(rows, columns=["concept", "outlet", "label"])
    got = discovered_actors(mentions, n_versions=2)
    assert {k: [re.sub(r"\\(.)", r"\1", p) for p in v] for k, v in got.items()} == expected


def test_discovered_actor_patterns_are_literal():
    mentions = pd.DataFrame([("US", "a", "U.S."), ("US", "b", "U.S.")], columns=["concept", "outlet", "label"])
    (pattern,) = discovered_actors(mentions, n_versions=2)["US"]
    assert re.fullmatch(pattern, "U.S.") and not re.fullmatch(pattern, "UxSx")


def test_one_version_story_discovers_actors():
    text = "Russia recognised the Taliban government. Russia said the Taliban had changed."
    story = Story(id="s", title=None, versions=(Article(story_id="s", outlet="only", text=text),))
    tables = analyze(story).tables
    assert {"Russia", "Taliban"} <= set(tables["actor_sentiment"]["actor"])


# --------------------------------------------------------------------------- tables built for speed (issue #9)

def test_tables_equal_their_row_by_row_construction(example):
    """The tables built column by column, from work shared between stages, equal the tables
    built row by row from each extractor on its own."""
    import numpy as np

    from framing.features.hedging import find_hedges
    from framing.features.sentiment import SentenceSentiment, score_sentences
    from framing.features.target_sentiment import ActorSentiment, actor_sentiment, read_actors
    from framing.pipeline import feature_union
    from framing.segment import count_words

    result = analyze(example)
    docs, tables = result.documents, result.tables
    sentences = pd.DataFrame([{"story_id": d.story_id, "outlet": d.outlet, **s._asdict(), "text": d.text[s.start:s.end]}
                              for d in docs for s in d.sentences], columns=tables["sentences"].columns)
    pd.testing.assert_frame_equal(tables["sentences"], sentences, check_column_type=True)
    hedges = pd.DataFrame([{"story_id": d.story_id, "outlet": d.outlet, **h._asdict()}
                           for d in docs for h in find_hedges(d)], columns=tables["hedges"].columns)
    pd.testing.assert_frame_equal(tables["hedges"], hedges, check_column_type=True)
    sentiment = pd.DataFrame([{"story_id": d.story_id, "outlet": d.outlet, **s._asdict()} for d in docs
                              for s in score_sentences(d)], columns=["story_id", "outlet", *SentenceSentiment._fields])
    pd.testing.assert_frame_equal(tables["sentiment"], sentiment, check_column_type=True)
    actors = read_actors(Path(example.path) / "actors.tsv")
    actor_rows = pd.DataFrame([{"story_id": d.story_id, "outlet": d.outlet, **a._asdict()}
                               for d in docs for a in actor_sentiment(d, actors)],
                              columns=["story_id", "outlet", *ActorSentiment._fields])
    pd.testing.assert_frame_equal(tables["actor_sentiment"], actor_rows, check_column_type=True)
    base = pd.DataFrame({"story_id": [d.story_id for d in docs], "outlet": [d.outlet for d in docs],
                         "path": [d.article.path for d in docs],
                         "n_words": [sum(count_words(d.sentence_text(s)) for s in d.kept_sentences) for d in docs]})
    features = feature_union().fit(docs).transform(docs)
    articles = pd.concat([base, features.reset_index(drop=True)], axis=1)
    pd.testing.assert_frame_equal(tables["articles"], articles, check_column_type=True)
    assert np.isfinite(tables["articles"]["n_words"]).all()


def test_empty_tables_keep_their_columns(example):
    # a story whose every sentence is page chrome: its tables are empty but keep the columns
    # (names and order) the same tables have for a real story
    text = "Share this\nShare this"
    story = Story(id="e", title=None, versions=(Article(story_id="e", outlet="a", text=text),
                                                Article(story_id="e", outlet="b", text=text)))
    tables = analyze(story).tables
    full = analyze(example).tables
    assert set(tables) == set(full)
    for name in ("hedges", "quotes", "sentiment", "actor_sentiment", "frame_cues", "facts", "wording"):
        assert tables[name].empty, name
    for name, frame in tables.items():
        assert list(frame.columns) == list(full[name].columns), name


@pytest.mark.parametrize("enabled", [True, False])
def test_analyze_leaves_the_garbage_collector_as_it_found_it(example, enabled):
    import gc

    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        analyze(example)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_analyze_pauses_the_garbage_collector_while_it_runs(example, monkeypatch):
    import gc

    import framing.pipeline as P

    seen = []
    real = P._analyze
    monkeypatch.setattr(P, "_analyze", lambda *a: seen.append(gc.isenabled()) or real(*a))
    assert gc.isenabled()
    analyze(example)
    assert seen == [False] and gc.isenabled()


@pytest.mark.parametrize("text", ["One two. Three-four five’s U.S. six.\nSeven", "", "...", "a\nb\n\nc d e."])
def test_counts_over_the_kept_text_equal_sums_over_sentences(text):
    from framing.document import make_document
    from framing.features.wording import _WORD
    from framing.segment import count_words

    doc = make_document(text)
    assert count_words(doc.kept_text) == sum(count_words(doc.sentence_text(s)) for s in doc.kept_sentences)
    assert len(_WORD.findall(doc.kept_text)) == sum(len(_WORD.findall(doc.sentence_text(s))) for s in doc.kept_sentences)
