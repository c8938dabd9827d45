"""Golden rules for quotation extraction (framing.features.quotes)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from sklearn.base import clone

from framing.corpus import Article
from framing.document import Document, make_document
from framing.features.quotes import Quote, QuoteFeatures, find_quotes, is_anonymous
from framing.segment import segment

# (text, [(kind, quoted text, speaker, cue), ...]) -- speaker/cue None = not checked
GOLDEN = [
    # curly double
    (
        "Afghan Foreign Minister Amir Khan Muttaqi said in a statement: “We value this courageous step taken by Russia.”",
        [("direct", "“We value this courageous step taken by Russia.”", "Afghan Foreign Minister Amir Khan Muttaqi", "said")],
    ),
    # straight double, tag after
    (
        '"We believe that the act of recognition will give impetus to cooperation," the ministry stated.',
        [("direct", '"We believe that the act of recognition will give impetus to cooperation,"', "the ministry", "stated")],
    ),
    # single curly, inverted tag "said X"
    (
        "‘We value this courageous step taken by Russia,’ said Afghan Foreign Minister Amir Khan Muttaqi in response.",
        [("direct", "‘We value this courageous step taken by Russia,’", "Afghan Foreign Minister Amir Khan Muttaqi", "said")],
    ),
    # single straight with apostrophes inside
    (
        "'This brave decision will be an example for others, and it's historic,' Muttaqi said in a video.",
        [("direct", "'This brave decision will be an example for others, and it's historic,'", "Muttaqi", "said")],
    ),
    # NYT-style doubled apostrophes
    (
        "''It is going to be a close count,'' Mr. Haldane said.",
        [("direct", "''It is going to be a close count,''", "Mr. Haldane", "said")],
    ),
    # partial quote inside the writer's sentence
    (
        "In July 2024, Russian President Vladimir Putin called the Taliban 'allies in the fight against terrorism'.",
        [("partial", "'allies in the fight against terrorism'", "Russian President Vladimir Putin", "called")],
    ),
    # partial, speaker after the quote
    (
        "The move “will fuel productive bilateral co-operation between our countries”, Russia’s foreign ministry said in a statement.",
        [("partial", "“will fuel productive bilateral co-operation between our countries”", "Russia’s foreign ministry", "said")],
    ),
    # scare quotes and titles are not speech
    ("Russia put the Taliban on its 'terrorist' blacklist in 2003.", []),
    ("The envoy hands “copies” of his credence letters to the minister.", []),
    ("He hosted “Saturday Night Live” twice.", []),
    # indirect: said (that), according to, told
    (
        "US officials said they had intelligence indicating it was the Afghan branch.",
        [("indirect", "they had intelligence indicating it was the Afghan branch", "US officials", "said")],
    ),
    (
        "According to the person familiar with the talks, the Taliban proposed an embassy-like office.",
        [("indirect", "the Taliban proposed an embassy-like office", "the person familiar with the talks", "According to")],
    ),
    (
        "People familiar with the talks told CNN in April that the Taliban has proposed numerous steps.",
        [("indirect", "the Taliban has proposed numerous steps", "People familiar with the talks", "told")],
    ),
    (
        "The Taliban is ready to talk, officials said on Thursday.",
        [("indirect", "The Taliban is ready to talk", "officials", "said")],
    ),
    # apposition between speaker and cue
    (
        "A resident in his late 70s named Cheng, who lives near the buildings, said he would not vote.",
        [("indirect", "he would not vote", "A resident in his late 70s named Cheng", "said")],
    ),
    # a time phrase between speaker and cue
    (
        "A Kremlin spokesperson on Thursday said that Moscow would not back down from its goals.",
        [("indirect", "Moscow would not back down from its goals", "A Kremlin spokesperson", "said")],
    ),
    # not reporting verbs: noun "state", infinitive, passive participle
    ("Blue state lawmakers keep calm and bash Republicans in every state capital.", []),
    ("Russia was one of a few nations to maintain a diplomatic presence in the country.", []),
    ("Gunmen killed 149 people in an attack claimed by Daesh.", []),
]


@pytest.mark.parametrize("text, expected", GOLDEN)
def test_golden(text, expected):
    got = [(q.kind, q.text, q.speaker, q.cue) for q in find_quotes(text)]
    assert got == expected


def test_split_quote_continues_with_same_speaker():
    text = "“This brave decision will be an example for others,” Muttaqi said. “Now that the process has started, Russia was ahead.”"
    qs = find_quotes(text)
    assert [q.kind for q in qs] == ["direct", "direct"]
    assert qs[0].speaker == qs[1].speaker == "Muttaqi"
    assert (qs[1].speaker_start, qs[1].speaker_end) == (qs[0].speaker_start, qs[0].speaker_end)
    assert qs[1].cue == "" and qs[1].cue_start == -1


def test_quote_running_over_paragraphs():
    text = (
        "The minister spoke at length.\n\n"
        "“We see significant prospects for cooperation in trade.\n\n"
        "“We will continue to assist Kabul in strengthening regional security,” the statement continues.\n"
    )
    qs = find_quotes(text)
    assert len(qs) == 1
    q = qs[0]
    assert q.text.startswith("“We see") and q.text.endswith("security,”")
    assert "\n\n" in q.text
    assert q.speaker == "the statement" and q.cue == "continues"


def test_quote_ending_after_sentence_stop_and_question():
    qs = find_quotes("“Will you vote?” she asked. “I will not.” He left.")
    assert qs[0].text == "“Will you vote?”" and qs[0].speaker == "she" and qs[0].cue == "asked"
    assert qs[1].text == "“I will not.”" and qs[1].speaker == "she"


def test_nested_single_quotes_stay_inside():
    qs = find_quotes("“When the union said, ‘We think Ortega would make a fine mayor,’ it changed everything,” he said.")
    assert len(qs) == 1 and qs[0].kind == "direct" and qs[0].speaker == "he"


def test_only_kept_sentences():
    text = "“We value this courageous step,” Muttaqi said.\n\nUnrelated story. “I am very upset by the fire,” Cheng said."
    sents = segment(text)
    kept = tuple(s._replace(kept=False, drop_reason="unrelated") if s.paragraph == 1 else s for s in sents)
    doc = Document(Article("s", "o", text), kept)
    qs = find_quotes(doc)
    assert [q.speaker for q in qs] == ["Muttaqi"]


@pytest.mark.parametrize(
    "speaker, anonymous",
    [
        ("US officials", True),
        ("Western diplomats", True),
        ("People familiar with American conversations with the Islamist group", True),
        ("the person familiar with the proceedings", True),
        ("the ministry", False),
        ("Afghan Foreign Minister Amir Khan Muttaqi", False),
        ("he", False),
    ],
)
def test_anonymous(speaker, anonymous):
    assert is_anonymous(speaker) is anonymous


def test_ids_and_fields():
    qs = find_quotes("“A long remark about it,” he said. Officials said the talks would go on.")
    assert [q.quote_id for q in qs] == ["q0", "q1"]
    assert all(isinstance(q, Quote) for q in qs)
    assert qs[1].anonymous is True


_alphabet = st.sampled_from(list("ab said X Y. ,“”\"'‘’\n:—") + ["said ", "told ", "according to ", "Mr. ", "'s "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_offsets_property(text):
    doc = make_document(text)
    for q in find_quotes(doc):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        if q.speaker_start >= 0:
            assert text[q.speaker_start : q.speaker_end] == q.speaker
        else:
            assert q.speaker == "" and q.speaker_end == -1
        if q.cue_start >= 0:
            assert text[q.cue_start : q.cue_end] == q.cue
        assert q.kind in ("direct", "partial", "indirect")


def test_features_transformer():
    texts = ["“We value this courageous step,” Muttaqi said. US officials said it would help.", "No quotes here at all."]
    est = QuoteFeatures()
    X = est.fit(texts).transform(texts)
    names = list(est.get_feature_names_out())
    assert names == list(QuoteFeatures.feature_names)
    row = dict(zip(names, X[0]))
    assert row["n_quotes_direct"] == 1 and row["n_quotes_indirect"] == 1
    assert 0 < row["quoted_word_share"] < 1
    assert row["anonymous_quote_share"] == 0.5
    assert np.isnan(X[1][names.index("anonymous_quote_share")])
    assert X[1][names.index("quoted_word_share")] == 0
    pickle.loads(pickle.dumps(clone(est)))
    with pytest.raises(TypeError):
        est.transform("a bare string")


def test_quote_feature_row_with_the_callers_word_count(example_story_path):
    """Given the body's word count (the pipeline's n_words), the row is the row counted here."""
    from framing import load_story
    from framing.clean import clean_story
    from framing.features.quotes import find_quotes, quote_feature_row
    from framing.segment import count_words

    for d in clean_story(load_story(example_story_path)):
        qs = find_quotes(d)
        n = sum(count_words(d.sentence_text(s)) for s in d.kept_sentences)
        np.testing.assert_array_equal(quote_feature_row(d, qs, n_words=n), quote_feature_row(d, qs))
