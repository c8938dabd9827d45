"""framing.pipeline: stage timings that change nothing, and actors discovered when a story has no
actors.tsv."""

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing.corpus import Article, Story
from framing.io import TABLE_COLUMNS
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
    # n_speakers: the stand-alone transformer sees one version and counts speakers as written;
    # the pipeline counts the cross-version identities (speaker_id) of quotes.csv
    quotes = tables["quotes"]
    articles["n_speakers"] = [float(quotes.loc[(quotes["outlet"] == d.outlet) & (quotes["speaker_id"] != ""),
                                               "speaker_id"].nunique()) for d in docs]
    pd.testing.assert_frame_equal(tables["articles"], articles, check_column_type=True)
    assert np.isfinite(tables["articles"]["n_words"]).all()


def test_empty_tables_keep_their_columns(example):
    # a story whose every sentence is page chrome: its tables are empty but keep the columns
    # (names and order) the same tables have for a real story
    from framing.errors import FramingWarning

    text = "Share this\nShare this"
    story = Story(id="e", title=None, versions=(Article(story_id="e", outlet="a", text=text),
                                                Article(story_id="e", outlet="b", text=text)))
    with pytest.warns(FramingWarning, match="keeps no sentence"):
        tables = analyze(story).tables
    full = analyze(example).tables
    assert set(tables) == set(full)
    for name in ("hedges", "quotes", "sentiment", "actor_sentiment", "frame_cues", "facts", "wording", "fact_coverage"):
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


# --------------------------------------------------------------------------- computed, and written (review 14)


def test_n_speakers_counts_speaker_ids_not_spellings(example):
    """articles.csv counts one speaker once however each mention spells it ("the ministry",
    "the Russian Foreign Ministry"), as the report does: distinct speaker_id of quotes.csv."""
    from framing.pipeline import feature_union

    result = analyze(example)
    articles, quotes = result.tables["articles"], result.tables["quotes"]
    as_written = feature_union().fit(result.documents).transform(result.documents)["n_speakers"].tolist()
    fewer = 0
    for d, written, got in zip(result.documents, as_written, articles["n_speakers"]):
        mine = quotes[quotes["outlet"] == d.outlet]
        assert got == len(set(mine["speaker_id"]) - {""}), d.outlet
        assert got <= written
        fewer += got < written
    # the example has versions that name one speaker several ways (Arab News: 11 spellings)
    assert fewer >= 1


def test_only_this_outlet_marks_remarks_no_other_version_quotes(example):
    quotes = analyze(example).tables["quotes"]
    columns = list(quotes.columns)
    assert columns.index("only_this_outlet") >= len(TABLE_COLUMNS["quotes"])
    assert quotes["only_this_outlet"].dtype == bool
    outlets_of = quotes.groupby("quote_group")["outlet"].nunique()
    expected = [outlets_of[g] == 1 for g in quotes["quote_group"]]
    assert quotes["only_this_outlet"].tolist() == expected
    assert 0 < quotes["only_this_outlet"].sum() < len(quotes)  # the example has both


def test_only_this_outlet_is_false_in_a_story_of_one_version():
    text = "“We value this step,” Muttaqi said. Officials said it would help."
    story = Story(id="s", title=None, versions=(Article(story_id="s", outlet="only", text=text),))
    quotes = analyze(story).tables["quotes"]
    assert len(quotes) and not quotes["only_this_outlet"].any()


def test_quote_shares_table(example):
    """quote_shares.csv: per version, speaker / group / total rows that add up to quotes.csv
    and articles.csv."""
    from framing.segment import count_words

    tables = analyze(example).tables
    shares, quotes, articles = tables["quote_shares"], tables["quotes"], tables["articles"].set_index("outlet")
    assert list(shares.columns) == TABLE_COLUMNS["quote_shares"]
    assert set(shares["level"]) == {"speaker", "group", "total"}
    for outlet, mine in shares.groupby("outlet"):
        q = quotes[quotes["outlet"] == outlet]
        total = mine[mine["level"] == "total"].iloc[0]
        assert total["key"] == "all" and total["n_quotes"] == len(q)
        for kind in ("direct", "partial", "indirect"):
            assert total[f"n_{kind}"] == (q["kind"] == kind).sum() == articles.loc[outlet, f"n_quotes_{kind}"]
        quoted = sum(count_words(t) for t, k in zip(q["text"], q["kind"]) if k != "indirect")
        assert total["quoted_words"] == quoted
        # the share of the story that is quotation is articles.csv's quoted_word_share, unrounded
        assert total["share_of_story"] == articles.loc[outlet, "quoted_word_share"]
        for level, column in (("speaker", "speaker_id"), ("group", "speaker_group")):
            rows = mine[mine["level"] == level]
            assert rows["n_quotes"].sum() == len(q) and rows["quoted_words"].sum() == quoted
            assert sorted(rows["key"]) == sorted(set(q[column].replace("", "unknown")))
            if quoted:
                assert abs(rows["share_of_quoted"].sum() - 1) < 1e-12
    assert set(shares["outlet"]) == set(articles.index)


def test_fact_coverage_table(example):
    """fact_coverage.csv: one row per fact and version; each carried cell points to its first
    mention in facts.csv (offsets into the text as loaded) with that mention's prominence."""
    tables = analyze(example).tables
    cov, facts = tables["fact_coverage"], tables["facts"]
    possible, omissions = tables["possible_carriers"], tables["omissions"]
    texts = {a.outlet: a.text for a in example.versions}
    assert list(cov.columns) == TABLE_COLUMNS["fact_coverage"]
    fact_ids = list(dict.fromkeys(facts["fact_id"]))
    assert list(dict.fromkeys(cov["fact_id"])) == fact_ids
    assert len(cov) == len(fact_ids) * len(texts)
    assert set(map(tuple, cov[["fact_id", "outlet"]].to_numpy())) == {(f, o) for f in fact_ids for o in texts}
    mentions = facts.groupby(["fact_id", "outlet"])
    possible_cells = set(zip(possible["fact_id"], possible["outlet"]))
    omitted_cells = set(zip(omissions["fact_id"], omissions["outlet"]))
    places = set()
    for r in cov.itertuples():
        cell = (r.fact_id, r.outlet)
        assert r.possible_carrier == (cell in possible_cells)
        if r.n_mentions == 0:
            assert (r.placement, r.sent_id, r.start, r.end) == ("", -1, -1, -1)
            assert r.possible_carrier or cell in omitted_cells
            continue
        m = mentions.get_group(cell).sort_values(["sent_id", "start"])
        assert r.n_mentions == len(m) and cell not in omitted_cells and not r.possible_carrier
        first = m.iloc[0]
        assert (r.sent_id, r.start, r.end, r.placement) == (first["sent_id"], first["start"], first["end"],
                                                           first["prominence"])
        assert texts[r.outlet][r.start:r.end] == first["text"]
        places.add(r.placement)
    assert {"lead", "body"} <= places
    assert possible_cells <= set(zip(cov["fact_id"], cov["outlet"]))


def test_version_with_no_kept_sentence_warns_and_the_rest_is_analysed(example, tmp_path):
    """A version whose cleaned text keeps nothing ("Follow / Short Url") is named in a warning;
    the other versions are analysed as usual."""
    from framing.errors import FramingWarning

    empty = Article(story_id=example.id, outlet="Chrome Only", text="Follow\nShort Url\n",
                    path=str(tmp_path / "chrome-only.txt"))
    story = dataclasses.replace(example, versions=(*example.versions, empty))
    with pytest.warns(FramingWarning, match=r"chrome-only\.txt: version 'Chrome Only' .*keeps no sentence") as record:
        result = analyze(story)
    assert len([w for w in record if issubclass(w.category, FramingWarning) and "keeps no sentence" in str(w.message)]) == 1
    articles = result.tables["articles"].set_index("outlet")
    assert articles.loc["Chrome Only", "n_words"] == 0
    assert (articles.drop(index="Chrome Only")["n_words"] > 300).all()


def test_no_warning_when_every_version_keeps_a_sentence(example):
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analyze(example)
    assert not [w for w in caught if "keeps no sentence" in str(w.message)]
