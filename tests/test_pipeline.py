"""framing.pipeline: stage timings that change nothing, and actors discovered when a story has no
actors.tsv."""

import dataclasses
import re

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
