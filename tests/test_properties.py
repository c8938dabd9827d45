"""Property-based tests over the loaders, cleaner, segmenter, extractors and alignment (issue 10).

For any text: no exception; every reported offset lies inside the text and ``text[start:end]``
equals the reported span; results across versions do not depend on the order of the versions.
Texts are drawn from a news-like vocabulary (reporting verbs, hedges, names, quote marks of
every kind, odd white space and scripts) mixed with arbitrary Unicode, so the rules fire.
"""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from framing.clean import DROP_REASONS, CleaningOptions, clean_documents
from framing.corpus import Article, InputError, _decode, iter_corpus_rows, read_text_file
from framing.document import Document, make_document
from framing.segment import MAX_SENTENCE_CHARS, paragraphs, segment

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
FEW = settings(SETTINGS, max_examples=25)

WORDS = [
    "Russia", "Taliban", "Putin", "Andrei", "Rudenko", "Moscow", "Kabul", "the", "a", "government", "said",
    "told", "reporters", "according", "to", "may", "might", "perhaps", "reportedly", "allegedly", "clearly",
    "so-called", "claimed", "believes", "suggested", "officials", "spokesman", "minister", "he", "she",
    "they", "recognised", "recognized", "first", "country", "in", "2025", "2003", "149", "1,000", "Mr.",
    "Dr.", "U.S.", "St.", "No.", "it's", "couldn't", "fighters'", "tax", "would", "boost", "cooperation",
    "\u0637\u0627\u0644\u0628\u0627\u0646", "\U0001f600", "e\u0301", "\u200b", "\u00a0", "\u202e",
]
PUNCT = [" ", " ", " ", "\n", "\n\n", "\r\n", "\r", ". ", ", ", "; ", ": ", "? ", "! ", "\u2026 ", " - ",
         " \u2014 ", "\t", '"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "\u201e",
         "(", ")", "[", "]", "...", " \u2028 ", "\x0c", "\x00"]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.text(max_size=6))
texts = st.lists(token, max_size=60).map("".join)
news_texts = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(PUNCT)), min_size=1, max_size=80).map(
    lambda toks: "".join(t if t in PUNCT else " " + t for t in toks))
any_text = st.one_of(texts, news_texts, st.text(max_size=200))


def _doc(text: str, outlet: str = "A", story_id: str = "s") -> Document:
    return Document(Article(story_id=story_id, outlet=outlet, text=text), tuple(segment(text)))


def _check_span(text, start, end, span=None):
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    if span is not None:
        assert text[start:end] == span, (text[start:end], span)


# --------------------------------------------------------------------------- loaders


@SETTINGS
@given(st.binary(max_size=300))
def test_decode_any_bytes_gives_text_or_input_error(data):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            text = _decode(data, "x.txt")
        except InputError as exc:
            assert exc.path == "x.txt"
            return
    assert isinstance(text, str)


@SETTINGS
@given(any_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_read_text_file_round_trips_or_refuses(tmp_path_factory, text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    path = tmp_path_factory.mktemp("f") / "a.txt"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            loaded = read_text_file(path)
        except InputError as exc:
            assert exc.path == str(path)
            return
    if encoding != "cp1252":  # cp1252 bytes may be valid UTF-8 and decode differently
        assert loaded == text.removeprefix("\ufeff") or loaded == text


@SETTINGS
@given(st.lists(st.dictionaries(st.sampled_from(["story_id", "outlet", "text", "title", "date", "html"]),
                                st.one_of(st.none(), st.booleans(), st.integers(), any_text,
                                          st.lists(st.integers(), max_size=2)), max_size=6),
                min_size=1, max_size=4))
def test_jsonl_rows_give_articles_or_input_error(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("c") / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            articles = list(iter_corpus_rows(path))
        except InputError as exc:
            assert exc.path == str(path) and "line" in exc.problem or "no" in exc.problem
            return
    for a in articles:
        assert isinstance(a.text, str) and a.text.strip() and a.outlet and a.story_id
        a.text.encode("utf-8")  # writable (no lone surrogates)


# --------------------------------------------------------------------------- segmenter


@SETTINGS
@given(any_text)
def test_segment_spans_are_ordered_trimmed_and_bounded(text):
    paras = paragraphs(text)
    sentences = segment(text)
    last = 0
    for i, s in enumerate(sentences):
        _check_span(text, s.start, s.end)
        assert s.sent_id == i and s.end > s.start >= last
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        assert s.end - s.start <= MAX_SENTENCE_CHARS
        p = paras[s.paragraph]
        assert p.start <= s.start and s.end <= p.end
        last = s.end
    # Nothing visible is lost: every non-space character lies in some sentence.
    covered = sum(s.end - s.start for s in sentences)
    assert covered >= sum(not c.isspace() for c in text) - sum(
        text[s.end:n.start].count(" ") for s, n in zip(sentences, sentences[1:]))


# --------------------------------------------------------------------------- cleaner


versions = st.lists(any_text, min_size=1, max_size=3)


@SETTINGS
@given(versions)
def test_clean_marks_every_sentence_and_keeps_offsets(texts_):
    docs = [_doc(t, outlet=f"o{i}") for i, t in enumerate(texts_)]
    cleaned = clean_documents(docs, CleaningOptions())
    for before, after in zip(docs, cleaned):
        assert [(s.start, s.end) for s in after.sentences] == [(s.start, s.end) for s in before.sentences]
        for s in after.sentences:
            assert s.kept == (s.drop_reason == "") and (s.kept or s.drop_reason in DROP_REASONS)


@SETTINGS
@given(versions, st.randoms(use_true_random=False))
def test_clean_is_independent_of_version_order(texts_, rnd):
    docs = [_doc(t, outlet=f"o{i}") for i, t in enumerate(texts_)]
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    a = {d.outlet: d.sentences for d in clean_documents(docs)}
    b = {d.outlet: d.sentences for d in clean_documents(shuffled)}
    assert a == b


# --------------------------------------------------------------------------- extractors


@SETTINGS
@given(any_text)
def test_hedges_are_exact_spans(text):
    from framing.features.hedging import find_hedges

    doc = make_document(text)
    kept = {s.sent_id: s for s in doc.kept_sentences}
    for h in find_hedges(doc):
        _check_span(text, h.start, h.end, h.cue)
        s = kept[h.sent_id]
        assert s.start <= h.start and h.end <= s.end
        assert h.category in {"hedge", "booster", "distancing"}


@SETTINGS
@given(any_text)
def test_sentiment_and_readability_spans_are_sentences(text):
    from framing.features.readability import readability_scores, readability_spans
    from framing.features.sentiment import score_sentences

    doc = make_document(text)
    sentences = {(s.sent_id, s.start, s.end) for s in doc.kept_sentences}
    for r in score_sentences(doc):
        assert (r.sent_id, r.start, r.end) in sentences and -1 <= r.compound <= 1
    for r in readability_spans(doc):
        assert (r.sent_id, r.start, r.end) in sentences and r.n_words >= 0 and r.n_syllables >= 0
    readability_scores(doc)


@SETTINGS
@given(any_text)
def test_quotes_are_exact_spans(text):
    from framing.features.quotes import find_quotes

    doc = make_document(text)
    for q in find_quotes(doc):
        _check_span(text, q.start, q.end, q.text)
        if q.speaker_start >= 0:
            _check_span(text, q.speaker_start, q.speaker_end, q.speaker)
        if q.cue_start >= 0:
            _check_span(text, q.cue_start, q.cue_end, q.cue)
        if q.content_start >= 0:
            _check_span(text, q.content_start, q.content_end)
        assert q.kind in {"direct", "partial", "indirect"}


# --------------------------------------------------------------------------- alignment


def _partition(rows, key):
    """The grouping of (outlet, start, end) by ``key``, independent of how groups are named."""
    groups: dict = {}
    for r in rows:
        groups.setdefault(getattr(r, key) if not isinstance(r, dict) else r[key], set()).add(
            (r["outlet"], r["start"], r["end"]) if isinstance(r, dict) else (r.outlet, r.start, r.end))
    return sorted(sorted(g) for g in groups.values())


story_versions = st.lists(news_texts, min_size=2, max_size=3)


@FEW
@given(story_versions, st.randoms(use_true_random=False))
def test_quote_alignment_spans_and_order(texts_, rnd):
    from framing.compare.quotes import compare_quotes

    docs = clean_documents([_doc(t, outlet=f"o{i}") for i, t in enumerate(texts_)])
    by_outlet = {d.outlet: d.text for d in docs}
    rows = compare_quotes(docs)
    for r in rows:
        _check_span(by_outlet[r.outlet], r.start, r.end, r.text)
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    again = compare_quotes(shuffled)
    assert _partition(rows, "quote_group") == _partition(again, "quote_group")
    assert _partition(rows, "speaker_id") == _partition(again, "speaker_id")


@FEW
@given(story_versions, st.randoms(use_true_random=False))
def test_fact_alignment_spans_and_order(texts_, rnd):
    from framing.compare.facts import compare_facts

    docs = clean_documents([_doc(t, outlet=f"o{i}") for i, t in enumerate(texts_)])
    by_outlet = {d.outlet: d.text for d in docs}
    facts = compare_facts(docs).facts
    for r in facts.itertuples():
        _check_span(by_outlet[r.outlet], r.start, r.end, r.text)
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    again = compare_facts(shuffled).facts
    assert sorted(map(tuple, facts[["fact_id", "outlet", "start", "end"]].values.tolist())) == sorted(
        map(tuple, again[["fact_id", "outlet", "start", "end"]].values.tolist()))


@FEW
@given(story_versions)
def test_wording_and_frames_spans(texts_):
    from framing.compare.wording import compare_wording
    from framing.features.frames import frames_table

    docs = clean_documents([_doc(t, outlet=f"o{i}") for i, t in enumerate(texts_)])
    by_outlet = {d.outlet: d.text for d in docs}
    mentions = compare_wording(docs).mentions
    for r in mentions.itertuples():
        _check_span(by_outlet[r.outlet], r.start, r.end, r.label)
    from framing.features.frames import find_frames

    for d in docs:
        for c in find_frames(d):
            _check_span(d.text, c.start, c.end, c.cue)
    frames_table(docs)


# --------------------------------------------------------------------------- regressions


@pytest.mark.parametrize("text", ["\u200b\u200c", "\ufeff \u00a0\n\u2060", "\u202e\u202c\t"])
def test_invisible_only_file_is_empty(tmp_path, text):
    """Regression: a file of zero-width and bidi characters only was analysed as a version."""
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        read_text_file(path)
