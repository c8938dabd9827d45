"""Word choice and labeling: mentions, concept resolution across versions, label flags."""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import Article, Document, load_story, make_document, segment
from framing.clean import clean_story
from framing.compare.wording import compare_wording, find_mentions, loaded_source, normalise_label, spelling_of
from framing.features.wording import WordingFeatures, find_loaded, find_spellings, read_bias_words


def _docs(*texts):
    return [make_document(t, story_id="s", outlet=f"o{i}") for i, t in enumerate(texts)]


def _concepts(texts):
    res = compare_wording(_docs(*texts))
    return {(r.outlet, r.label): r.concept for r in res.mentions.itertuples()}


@pytest.mark.parametrize(
    "texts, outlet, label, concept",
    [
        (["Russia recognised the Taliban government on Thursday."], "o0", "the Taliban government", "Taliban"),
        (["Officials in Moscow said the move was historic."], "o0", "Moscow", "Russia"),
        (["The Kremlin welcomed the envoy."], "o0", "The Kremlin", "Russia"),
        (["Russian officials met the envoy."], "o0", "Russian officials", "Russia"),
        (["President Donald Trump spoke.", "Mr. Trump spoke again."], "o1", "Mr. Trump", "Donald Trump"),
        (["Kim Jong Un met Pompeo.", "Mr. Kim smiled."], "o1", "Mr. Kim", "Kim Jong Un"),
        (["It recognised the government of the Islamic Emirate of Afghanistan."], "o0",
         "the government of the Islamic Emirate of Afghanistan", "Islamic Emirate Of Afghanistan"),
        # an actor-name modifier wins over the country in the "of" phrase
        (["Russia recognized the Taliban government of Afghanistan."], "o0", "the Taliban government of Afghanistan", "Taliban"),
    ],
)
def test_resolution_table(texts, outlet, label, concept):
    assert _concepts(texts)[(outlet, label)] == concept


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Russia said on Thursday it had acted.", "Thursday"),  # calendar words are no actors
        ("China, Russia and Iran met.", "China, Russia"),  # a comma ends a name
        ("They exchanged ambassadors with China.", "exchanged ambassadors"),  # a verb is no premodifier
        ("Mrs. went there.", "Mrs."),  # a lone honorific (regression: KeyError 'mrs.')
    ],
)
def test_not_mentions(text, absent):
    labels = set(compare_wording(_docs(text)).mentions["label"])
    assert absent not in labels


def test_name_variants_are_one_concept():
    got = _concepts(["Deputy minister Andrei Rudenko met him.", "Deputy Foreign Minister Andrey Rudenko met him."])
    assert got[("o0", "Deputy minister Andrei Rudenko")] == got[("o1", "Deputy Foreign Minister Andrey Rudenko")]


def test_aliases_file_merges_concepts(tmp_path):
    alias = tmp_path / "actors.tsv"
    alias.write_text("# concept\tpattern\nTaliban\tIslamic Emirate(?: of Afghanistan)?\nTaliban\tTaliban\n", encoding="utf-8")
    res = compare_wording(_docs("It recognised the Islamic Emirate of Afghanistan.", "The Taliban welcomed it."), aliases=alias)
    assert set(res.mentions["concept"]) == {"Taliban"}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["Russia", "the Taliban government", "said", "Mr. Kim", "the regime in Kabul", ",",
                                 "officials", "of", "the", "Islamic Emirate", ".", "’s", "President", "Trump"]), max_size=25))
def test_mention_offsets_are_exact(words):
    text = " ".join(words)
    doc = make_document(text, story_id="s", outlet="o")
    res = compare_wording([doc])
    for r in res.mentions.itertuples():
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.label


def test_dropped_sentences_are_not_read():
    text = "The Taliban government spoke.\n\nThe Hong Kong regime voted."
    sents = segment(text)
    doc = Document(Article("s", "o", text), tuple(s._replace(kept=False, drop_reason="unrelated") if s.paragraph == 1 else s for s in sents))
    labels = set(compare_wording([doc]).mentions["label"])
    assert "The Taliban government" in labels and not any("Hong Kong" in l for l in labels)


@pytest.mark.parametrize("label, expected", [("recognise", "british"), ("recognized", "american"), ("defence", "british"),
                                             ("co-operation", "british"), ("the group", "")])
def test_spelling(label, expected):
    assert spelling_of(label) == expected


@pytest.mark.parametrize("label, loaded", [("the regime in Kabul", "framing"), ("the government", ""),
                                          ("Islamist militants", "framing"), ("the so-called ministry", "framing")])
def test_loaded(label, loaded):
    assert loaded_source(label) == loaded


def test_normalise_label():
    assert normalise_label("The  Taliban’s government") == normalise_label("the Taliban's government")


def test_bias_lexicon_missing_is_a_clear_error(tmp_path):
    from framing.errors import InputError

    with pytest.raises(InputError, match="BABE"):
        read_bias_words(tmp_path / "nope.xlsx")


def test_bias_words_from_plain_list(tmp_path):
    p = tmp_path / "words.txt"
    p.write_text("# mine\nslammed\n", encoding="utf-8")
    doc = make_document("Critics slammed the regime.")
    got = {(t.term, t.source) for t in find_loaded(doc, bias_words=read_bias_words(p))}
    assert got == {("slammed", "babe"), ("regime", "framing")}


def test_wording_features_values():
    est = WordingFeatures().fit(["x"])
    row = est.transform(["The regime said it would recognise the deal and organize talks."])[0]
    assert row[0] == pytest.approx(100 / 11)
    assert row[1] == pytest.approx(0.5)
    assert np.isnan(est.transform(["The group met."])[0][1])  # no variant words: undefined share


@pytest.fixture(scope="module")
def example(example_story_path):
    docs = clean_story(load_story(example_story_path))
    return docs, compare_wording(docs, aliases=example_story_path / "actors.tsv")


def test_example_who_calls_the_taliban_what(example):
    docs, res = example
    w = res.wording
    tal = w[w.concept == "Taliban"]
    assert set(tal["outlet"]) == {d.outlet for d in docs}
    by_outlet = tal.groupby("outlet")["label"].apply(set)
    assert "Taliban government" in {l.replace("the ", "") for l in by_outlet["Arab News"]}
    assert any("Islamist" in l for l in by_outlet["Financial Times"])  # FT's "the Islamists"/"Islamist government"
    assert any("regime" in l for l in w[w.outlet == "Roya News"]["label"])
    assert tal["only_this_outlet"].any()
    assert (w["spelling"] == "british").any() and (w["spelling"] == "american").any()


def test_example_mentions_point_to_text(example):
    docs, res = example
    text = {d.outlet: d.text for d in docs}
    for r in res.mentions.itertuples():
        assert text[r.outlet][r.start:r.end] == r.label


def test_example_is_fast(example_story_path):
    docs = clean_story(load_story(example_story_path))
    compare_wording(docs)
    t = time.perf_counter()
    compare_wording(docs)
    assert time.perf_counter() - t < 0.5  # ~0.1 s here; generous for slow CI
