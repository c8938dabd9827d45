"""Cross-version fact alignment, coverage, omissions and conflicts (framing.compare.facts)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_story
from framing.clean import clean_story
from framing.compare import facts as F
from framing.compare.facts import compare_facts, fact_units, mention_values, split_clauses
from framing.document import make_document
from framing.io import TABLE_COLUMNS


@pytest.fixture(scope="module")
def docs(example_story_path):
    return clean_story(load_story(example_story_path))


@pytest.fixture(scope="module")
def fc(docs):
    return compare_facts(docs)


# --------------------------------------------------------------------------- clause units

@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Taliban were outlawed by Russia as a terrorist movement in 2003, but the ban was lifted in April this year.",
         ["The Taliban were outlawed by Russia as a terrorist movement in 2003", "but the ban was lifted in April this year."]),
        # list-final ", and": not a clause boundary
        ("Russian officials also pointed to opportunities in trade, energy, agriculture, and transportation sectors.",
         ["Russian officials also pointed to opportunities in trade, energy, agriculture, and transportation sectors."]),
        ("Since 2022, Afghanistan has been importing fuel, wheat, and other commodities from Russia, and both governments "
         "have emphasized shared security concerns.",
         ["Since 2022, Afghanistan has been importing fuel, wheat, and other commodities from Russia",
          "and both governments have emphasized shared security concerns."]),
        # too short a side: no split
        ("He left, and the party went on for many more hours.", ["He left, and the party went on for many more hours."]),
        ("The ministry issued a statement on Thursday; the embassy raised the flag later that day.",
         ["The ministry issued a statement on Thursday", "the embassy raised the flag later that day."]),
        ("Prices rose sharply in the capital, while wages stayed flat across the country.",
         ["Prices rose sharply in the capital", "while wages stayed flat across the country."]),
        # issue 5: a quotation is one remark, not split inside its marks (curly, straight, single)
        ("“We value this courageous step taken by Russia, and, God willing, it will serve as an example for others "
         "as well,” said the minister.",
         ["“We value this courageous step taken by Russia, and, God willing, it will serve as an example for others "
          "as well,” said the minister."]),
        ('He said: "The plan is good for farmers in the north, but it costs far too much money."',
         ['He said: "The plan is good for farmers in the north, but it costs far too much money."']),
        ("'We will support the new government in Kabul, and we will trade with them,' the envoy said.",
         ["'We will support the new government in Kabul, and we will trade with them,' the envoy said."]),
        # ... but outside the marks it still splits; apostrophes ("Russia's", "fighters'") open no quote
        ("He called the 'terrorist' label an old one from Moscow, and the ban was lifted in April this year.",
         ["He called the 'terrorist' label an old one from Moscow", "and the ban was lifted in April this year."]),
        ("Russia's fighters' old arms were taken away in 2003, but the ban was lifted in April this year.",
         ["Russia's fighters' old arms were taken away in 2003", "but the ban was lifted in April this year."]),
        # a sentence that starts inside a quote (running on from the previous sentence) or opens one
        # that runs on into the next: the quoted part is not split
        ("and the people of the north were fed up with it,” the governor of the province said, but the ban was lifted "
         "in April this year.",
         ["and the people of the north were fed up with it,” the governor of the province said",
          "but the ban was lifted in April this year."]),
        ("The ban was lifted in April this year, and he said: “We have waited for this, and we are grateful",
         ["The ban was lifted in April this year", "and he said: “We have waited for this, and we are grateful"]),
    ],
)
def test_split_clauses(text, expected):
    assert [text[a:b] for a, b in split_clauses(text)] == expected


@pytest.mark.parametrize(
    "text, year, years, numbers",
    [
        ("Putin said last year the Taliban were allies.", 2025, {2024}, set()),
        ("Putin called them partners in 2023.", 2025, {2023}, set()),
        ("Putin said last year the Taliban were allies.", None, set(), set()),
        ("the ban was lifted earlier this year", 2025, {2025}, set()),
        ("gunmen killed 149 people in March 2024", 2025, {2024}, {149.0}),
        ("some 15,000 Soviet soldiers had been killed by 1989", None, {1989}, {15000.0}),
        ("Mujahideen who battled the Soviet Union during the 1980s", None, set(), set()),
        # the case-insensitive pattern matches these, but they name no English relative year
        # (raised KeyError: 'thıs' before)
        ("Russia recognised the Taliban thıs year", 2025, set(), set()),
        ("THİS YEAR and laſt year", 2025, set(), set()),
        ("LAST YEAR the ban stood", 2025, {2024}, set()),
    ],
)
def test_mention_values(text, year, years, numbers):
    v = mention_values(text, year)
    assert v["year"] == frozenset(years)
    assert v["number"] == frozenset(numbers)


_sentence = st.text(alphabet=st.sampled_from(list("abcdefgh XYZ,;.0123'\n")), min_size=0, max_size=200)


@settings(max_examples=60, deadline=None)
@given(st.lists(_sentence, min_size=1, max_size=3))
def test_units_offsets_property(texts):
    ds = [make_document(t, story_id="s", outlet=f"o{i}") for i, t in enumerate(texts)]
    by = {d.outlet: d for d in ds}
    for u in fact_units(ds):
        d = by[u.outlet]
        assert 0 <= u.start < u.end <= len(d.text)
        assert d.text[u.start : u.end] == u.text
        assert u.prominence in {"lead", "body", "end"}
    result = compare_facts(ds)
    for r in result.facts.itertuples():
        assert by[r.outlet].text[r.start : r.end] == r.text


# --------------------------------------------------------------------------- the example story

def _fact_with(fc, needle):
    hits = fc.facts[fc.facts.text.str.contains(needle, case=False, regex=False)]
    assert len(hits), needle
    return hits.fact_id.iloc[0]


def _omitted_by(fc, fid):
    return set(fc.omissions.loc[fc.omissions.fact_id == fid, "outlet"])


def test_contract_columns(fc):
    assert list(fc.facts.columns[:7]) == TABLE_COLUMNS["facts"]
    assert set(TABLE_COLUMNS["omissions"]) <= set(fc.omissions.columns)
    assert fc.omissions.carried_by.str.len().min() > 0


def test_women_rights_omitted_by_versions_that_never_mention_it(fc):
    fid = _fact_with(fc, "girls and women")
    assert _omitted_by(fc, fid) == {"CNN", "Daily8", "Financial Times"}
    row = fc.omissions[fc.omissions.fact_id == fid].iloc[0]
    assert set(row.carried_by.split("; ")) == {"Arab News", "Roya News"}
    assert row.n_carried == 2


def test_frozen_assets_omitted_by_cnn_and_ft(fc):
    fid = _fact_with(fc, "central bank assets")
    assert _omitted_by(fc, fid) == {"CNN", "Financial Times"}
    carriers = set(fc.facts.loc[fc.facts.fact_id == fid, "outlet"])
    assert carriers == {"Arab News", "Daily8", "Roya News"}


def test_paraphrased_and_split_clause_aligned(fc):
    # "the ban was lifted in April this year" (a clause) = "removed its designation ... in April 2025"
    fid = _fact_with(fc, "the ban was lifted in April")
    outlets = set(fc.facts.loc[fc.facts.fact_id == fid, "outlet"])
    assert {"Arab News", "CNN", "Daily8"} <= outlets


def test_evidence_spans_point_into_versions(fc, docs):
    by = {d.outlet: d for d in docs}
    for r in fc.omissions.itertuples():
        assert by[r.evidence_outlet].text[r.evidence_start : r.evidence_end] == r.summary
        assert r.evidence_outlet in r.carried_by.split("; ")
        assert r.outlet not in r.carried_by.split("; ")
        assert r.n_carried == len(r.carried_by.split("; "))


def test_putin_year_conflict(fc):
    fid = _fact_with(fc, "partner in fighting terrorism in 2023")
    c = fc.conflicts[fc.conflicts.fact_id == fid]
    assert set(c.kind) == {"year"}
    assert dict(zip(c.outlet, c["values"]))["Roya News"] == "2023"
    assert "2024" in set(c["values"])
    assert (fc.facts.loc[fc.facts.fact_id == fid, "conflict"] == "year").all()


def test_coverage_matches_facts(fc, docs):
    assert list(fc.coverage.columns) == sorted(d.outlet for d in docs)
    counts = fc.facts.groupby(["fact_id", "outlet"]).size()
    for (fid, outlet), n in counts.items():
        assert fc.coverage.loc[fid, outlet] == n
        assert fc.placement.loc[fid, outlet] in {"lead", "body", "end"}
    assert fc.coverage.values.sum() == len(fc.facts)
    assert ((fc.coverage == 0) == (fc.placement == "")).all().all()
    # one omission row per empty cell of a fact carried by some but not all versions, unless the
    # omission check finds that the version possibly carries it (then a row of ``possible``)
    partial = fc.coverage[(fc.coverage > 0).any(axis=1) & (fc.coverage == 0).any(axis=1)]
    empty = {(f, o) for f, row in partial.iterrows() for o, n in row.items() if n == 0}
    omitted = set(zip(fc.omissions.fact_id, fc.omissions.outlet))
    possible = set(zip(fc.possible.fact_id, fc.possible.outlet))
    assert len(omitted) == len(fc.omissions) and len(possible) == len(fc.possible)
    assert omitted | possible == empty and not omitted & possible


def test_headlines_are_lead(fc):
    fid = _fact_with(fc, "Russia becomes first")
    assert set(fc.placement.loc[fid]) == {"lead"}


def test_one_unit_per_version_without_repeats(docs):
    result = compare_facts(docs, repeat_threshold=1.0, attach_threshold=1.0, attach_self=1.0)
    assert result.facts.groupby(["fact_id", "outlet"]).size().max() == 1


def _two_versions():
    a = make_document("The senator resigned from the committee on Monday after the vote. "
                      "Farmers in the region expect a poor harvest this autumn. "
                      "The senator resigned from the committee, his office said on Monday.", story_id="s", outlet="A")
    b = make_document("On Monday the senator resigned from the committee after a vote. "
                      "Farmers in the region expect a poor harvest this autumn.", story_id="s", outlet="B")
    return [a, b]


def test_repeat_pass_attaches_a_versions_restatement():
    # With first-pass repeats and the lead bonus disabled, only the repeat pass can give A two
    # mentions of the fact (the default settings switch the repeat pass off: set it on here).
    kw = {"scorer": "weighted", "repeat_threshold": 1.0, "lead_bonus": 0.0}
    on = compare_facts(_two_versions(), **kw, attach_threshold=0.3, attach_self=0.4)
    off = compare_facts(_two_versions(), **kw, attach_threshold=1.0, attach_self=1.0)
    fid = _fact_with(on, "On Monday the senator")
    assert (on.coverage.loc[fid, "A"], on.coverage.loc[fid, "B"]) == (2, 1)
    fid_off = _fact_with(off, "On Monday the senator")
    assert off.coverage.loc[fid_off, "A"] == 1
    # the restatement is not reported as something B leaves out
    assert on.omissions.empty
    # without the repeat pass the restatement is a fact of its own; the omission check finds that
    # B possibly carries it (its first sentence), so it is not reported either
    assert off.omissions.empty and list(off.possible.outlet) == ["B"]
    unchecked = compare_facts(_two_versions(), **kw, attach_threshold=1.0, attach_self=1.0, carried_threshold=1.0)
    assert len(unchecked.omissions) == 1 and unchecked.possible.empty


@pytest.mark.parametrize("text, expected", [
    ("The group was formed in 1994 in Kandahar.", {"group", "forme"}),
    ("Soviet troops withdrew in 1989.", {"sovie", "troop", "~quit"}),  # first word kept, group token
    ("Trump Bows Out as Moderator of GOP Debate", {"trump", "bows", "moder", "gop", "debat"}),  # title case
    ("The ban was lifted in April.", {"~ban", "~lift"}),
])
def test_lexical_keys(text, expected):
    assert F._lexical_keys(text) == frozenset(expected)


def test_shared_names_and_numbers_alone_do_not_align_with_min_shared_words():
    # Regression (wrong merge seen on the example story at the low threshold): two clauses
    # that share only a name and a year-like number.
    a = make_document("The Taliban movement was formed in 1994 by Mullah Omar.", story_id="s", outlet="A")
    b = make_document("The Taliban in 1994 angled for recognition from Washington.", story_id="s", outlet="B")
    loose = compare_facts([a, b], threshold=0.05, min_shared_words=0)
    strict = compare_facts([a, b], threshold=0.05, min_shared_words=1)
    assert loose.facts.fact_id.nunique() == 1
    assert strict.facts.fact_id.nunique() == 2


def test_paraphrase_lexicon_shares_a_token():
    X = F.unit_vectors(["the ban was lifted in april", "the ban was reversed in april", "the ban was kept in april"])
    sim = (X @ X.T).toarray()
    assert sim[0, 1] > sim[0, 2]


def test_paraphrase_lexicon_has_header_and_no_duplicates():
    from framing.lexicons import lexicon_path, read_lexicon

    assert lexicon_path("fact_paraphrases.tsv").read_text(encoding="utf-8").startswith("#")
    words = [r[0] for r in read_lexicon("fact_paraphrases.tsv")]
    assert len(words) == len(set(words)) and all(w == w.lower() for w in words)


def test_min_carriers_filters(docs):
    result = compare_facts(docs, min_carriers=3)
    assert (result.omissions.n_carried >= 3).all() and len(result.omissions)


# --------------------------------------------------------------------------- determinism

def _canon(result):
    f = result.facts.sort_values(["outlet", "start", "end"]).reset_index(drop=True)
    o = result.omissions.sort_values(["outlet", "fact_id"]).reset_index(drop=True)
    return f, o


@pytest.mark.parametrize("perm", list(itertools.permutations(range(5)))[::29])
def test_independent_of_version_order(docs, fc, perm):
    other = compare_facts([docs[i] for i in perm])
    f0, o0 = _canon(fc)
    f1, o1 = _canon(other)
    pd.testing.assert_frame_equal(f0, f1)
    pd.testing.assert_frame_equal(o0, o1)
    pd.testing.assert_frame_equal(fc.coverage, other.coverage)


@settings(max_examples=5, deadline=None)
@given(st.permutations(range(5)))
def test_independent_of_version_order_property(docs, perm):
    a = compare_facts(docs)
    b = compare_facts([docs[i] for i in perm])
    pd.testing.assert_frame_equal(_canon(a)[0], _canon(b)[0])


def test_same_input_same_ids(docs, fc):
    again = compare_facts(docs)
    pd.testing.assert_frame_equal(fc.facts, again.facts)
    pd.testing.assert_frame_equal(fc.conflicts, again.conflicts)


# --------------------------------------------------------------------------- edge cases and errors

def test_single_version_has_no_omissions():
    d = make_document("Russia recognised the Taliban government on Thursday. The embassy raised the flag.",
                      story_id="s", outlet="A")
    result = compare_facts([d])
    assert len(result.omissions) == 0 and len(result.facts) == 2


def test_empty_versions():
    result = compare_facts([make_document("", story_id="s", outlet="A"), make_document("", story_id="s", outlet="B")])
    assert result.facts.empty and result.omissions.empty and result.conflicts.empty
    assert list(result.coverage.columns) == ["A", "B"]


@pytest.mark.parametrize("kw, exc", [
    ({"threshold": 1.5}, ValueError),
    ({"attach_self": -0.1}, ValueError),
    ({"min_shared_words": -1}, ValueError),
    ({"n_neighbors": 0}, ValueError),
    ({"w_word": 0, "w_char": 0, "w_names": 0, "scorer": "weighted"}, ValueError),
    ({"w_word": 0.2}, TypeError),  # a weight of the weighted scorer, refused with the learned one
    ({"lead_bonus": 0.2}, TypeError),
    ({"scorer": "bert"}, ValueError),
    ({"backend": "embeddings", "scorer": "learned"}, ValueError),
    ({"no_such_param": 1}, TypeError),
    ({"backend": "bert"}, ValueError),
    ({"merge_threshold": 1.5}, ValueError),
    ({"carried_threshold": -0.1}, ValueError),
])
def test_bad_parameters(kw, exc):
    d = make_document("One sentence about something here.", story_id="s", outlet="A")
    with pytest.raises(exc):
        compare_facts([d], **kw)


def test_embeddings_backend_missing_extra(monkeypatch):
    from framing.compare import embeddings

    embeddings.load_encoder.cache_clear()
    monkeypatch.setattr(embeddings, "_MODULE", "framing_no_such_module_for_test")
    d = make_document("One sentence about something here.", story_id="s", outlet="A")
    with pytest.raises(ImportError, match=r"embeddings.*extra"):
        compare_facts([d], backend="embeddings")
    embeddings.load_encoder.cache_clear()


def test_embeddings_backend_with_injected_encoder(docs):
    # A toy encoder: bag of (hashed) lower-case words. Checks the dense code path end to end.
    def encoder(texts):
        out = np.zeros((len(texts), 64))
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, sum(map(ord, w)) % 64] += 1
        return out

    result = compare_facts(docs, backend="embeddings", encoder=encoder)
    assert len(result.facts) == len(fact_units(docs))
    assert result.params.threshold == F._EMBEDDING_DEFAULTS["threshold"]


# --------------------------------------------------------------------------- issue 5: recall and speed

@pytest.mark.parametrize("text, expected", [
    ("but the ban was lifted in April this year.", "The ban was lifted in April this year."),
    ("and both governments have emphasized shared security concerns", "Both governments have emphasized shared security concerns."),
    ("While wages stayed flat across the country.", "Wages stayed flat across the country."),
    ("Russia recognised the Taliban government", "Russia recognised the Taliban government."),
    ("“I must leave all of my options open,” he said.", "“I must leave all of my options open,” he said."),
    ("android makers, and others", "Android makers, and others."),  # "android" is not the link "and"
])
def test_readable(text, expected):
    assert F.readable(text) == expected


def test_fact_summary_is_readable_and_one_per_fact(fc):
    per_fact = fc.facts.groupby("fact_id").summary.nunique()
    assert (per_fact == 1).all()
    assert not fc.facts.summary.str.match(r"(?i)(and|but|while|yet)\s").any()
    assert not fc.facts.summary.str.match(r"[a-z]").any()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("abcde fgh XY")), max_size=40), min_size=1, max_size=6))
def test_tfidf_equals_sklearn(texts):
    # The hand-built TF-IDF (built for speed) must give sklearn's numbers.
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [F._content_words(t).split() for t in texts]
    ours = F._tfidf_from_counts(F._counts(docs)[0])
    try:
        ref = TfidfVectorizer(sublinear_tf=True, analyzer=lambda d: d).fit_transform(docs)
    except ValueError:  # empty vocabulary
        assert ours.shape[1] == 0
        return
    np.testing.assert_allclose((ours @ ours.T).toarray(), (ref @ ref.T).toarray(), atol=1e-12)
    content = [F._content_words(t).split() for t in texts]
    ref_c = TfidfVectorizer(sublinear_tf=True, lowercase=False, analyzer="char_wb", ngram_range=(3, 5))
    try:
        rc = ref_c.fit_transform([" ".join(c) for c in content])
    except ValueError:
        return
    oc = F._tfidf_from_counts(F._char_counts(content))
    np.testing.assert_allclose((oc @ oc.T).toarray(), (rc @ rc.T).toarray(), atol=1e-12)


def test_lead_bonus_adds_to_the_similarity_of_lead_units():
    texts = ["Trump Pulling Out Of Debate", "Donald Trump bows out as moderator", "Farmers expect a poor harvest"]
    base = F.unit_vectors(texts, F.FactParams(lead_bonus=0.0), lead=[True, True, False])
    bonus = F.unit_vectors(texts, F.FactParams(lead_bonus=0.3), lead=[True, True, False])
    d = (bonus @ bonus.T).toarray() - (base @ base.T).toarray()
    np.testing.assert_allclose(d[0, 1], 0.3)
    np.testing.assert_allclose(d[0, 2], 0.0, atol=1e-12)


def test_headline_aligns_with_other_versions_lede():
    # Regression (issue 5, BASIL dev): a headline and another version's lede state the main fact
    # in different words; only the lead bonus links them.
    a = make_document("Trump Pulling Out Of Debate\n\nDonald Trump said on Tuesday he would not moderate the debate. "
                      "Farmers in the region expect a poor harvest this autumn.", story_id="s", outlet="A")
    b = make_document("Trump Quits Newsmax Event\n\nDonald Trump has withdrawn as host of the Newsmax forum. "
                      "Farmers in the region expect a poor harvest this autumn.", story_id="s", outlet="B")
    on = compare_facts([a, b], scorer="weighted")
    off = compare_facts([a, b], scorer="weighted", lead_bonus=0.0)
    assert on.facts.fact_id.nunique() < off.facts.fact_id.nunique()
    # the learned scorer has lead features of its own (lead2, head: learned on the dev gold)
    learned = compare_facts([a, b])
    assert learned.facts.fact_id.nunique() == on.facts.fact_id.nunique()


@pytest.mark.parametrize("block_size, full_max", [(7, 10_000), (7, 0), (1024, 0)])
def test_blockwise_and_component_paths_agree(docs, monkeypatch, block_size, full_max):
    ref = compare_facts(docs)
    monkeypatch.setattr(F, "_FULL_MAX", full_max)
    other = compare_facts(docs, block_size=block_size)
    pd.testing.assert_frame_equal(ref.facts, other.facts)
    pd.testing.assert_frame_equal(ref.omissions, other.omissions)


# --------------------------------------------------------------------------- speed-up equivalence (issue 9, round 2)

# (the n-gram counts of the fast path against this reference: tests/test_facts_fastpath.py)
def _char_counts_reference(content):
    """The straightforward char n-gram counts: n-grams per distinct word, numbered by first
    appearance, then (units x words) @ (words x n-grams)."""
    W, vocab = F._counts(content)
    grams, _ = F._counts([F._char_ngrams(w) for w in vocab])
    return W @ grams


_WORDS = st.text(alphabet=st.sampled_from(list("abcdeé’'-xyz")), min_size=1, max_size=9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=8), min_size=1, max_size=6))
def test_char_counts_equal_reference(content):
    W, vocab = F._counts(content)
    ours, ref = F._char_counts_of(W, list(vocab)).tocsr(), _char_counts_reference(content).tocsr()
    ours.sum_duplicates(), ref.sum_duplicates()
    assert ours.shape == ref.shape
    for field in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(ours, field), getattr(ref, field)), field
    a, b = F._tfidf_from_counts(ours), F._tfidf_from_counts(ref)
    assert np.array_equal((a @ a.T).toarray(), (b @ b.T).toarray())


def test_tfidf_rows_normalised_like_sklearn_normalize():
    from sklearn.preprocessing import normalize

    X = F._counts([["a", "b", "a"], ["b", "c"], []])[0]
    ours = F._tfidf_from_counts(X)
    Y = X.tocsr(copy=True)
    Y.data = 1.0 + np.log(Y.data)
    df = np.bincount(Y.indices, minlength=Y.shape[1])
    Y.data *= (np.log(4.0 / (1.0 + df)) + 1.0)[Y.indices]
    assert np.array_equal(ours.toarray(), normalize(Y, norm="l2").toarray())


@pytest.mark.parametrize("rows", [
    [],
    [["s", "F001", 1, 0.5, True], ["s", "F002", 2, 1.0, False]],
    [["s", "", 0, 0.0, False]],
])
def test_frame_same_as_row_constructor(rows):
    cols = ["a", "b", "c", "d", "e"]
    pd.testing.assert_frame_equal(F._frame(rows, cols), pd.DataFrame(rows, columns=cols), check_exact=True)


# (token, years it states, numbers it states); "last year" etc. resolved against 2025
_VALUE_TOKENS = [
    ("troops", set(), set()), ("Kabul,", set(), set()), ("in", set(), set()),
    ("1994", {1994}, set()), ("2003,", {2003}, set()), ("1980s", set(), set()), ("1990's", set(), set()),
    ("149", set(), {149.0}), ("15,000", set(), {15000.0}), ("3.5", set(), {3.5}), ("7", set(), {7.0}),
    ("last year", {2024}, set()), ("this year", {2025}, set()), ("next year", {2026}, set()),
    ("COVID19", set(), set()),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(range(len(_VALUE_TOKENS))), max_size=8), st.sampled_from([2025, None]))
def test_mention_values_of_generated_text(picks, year):
    # Texts built from tokens whose years and numbers are known: mention_values must find
    # exactly those (numbers never include years; decades and words with digits are neither;
    # relative years only with a publication year).
    tokens = [_VALUE_TOKENS[k] for k in picks]
    text = " ".join(t for t, _, _ in tokens)
    years = set().union(*[y for t, y, _ in tokens if year is not None or " year" not in t])
    numbers = set().union(*[n for _, _, n in tokens])
    assert mention_values(text, year) == {"year": frozenset(years), "number": frozenset(numbers)}


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cd, and but; X 12")), max_size=80))
def test_unit_spans_equal_split_then_filter(sentence):
    links = F._links()
    ref = tuple((a, b) for a, b in split_clauses(sentence, min_clause_words=3, links=links)
                if F._n_words(sentence[a:b]) >= 2)
    assert F._unit_spans(sentence, 3, 2, links) == ref


def test_medoid_scores_of_a_subset_equal_the_full_scores(docs):
    units = fact_units(docs)
    X = F.unit_vectors([u.text for u in units])
    labels = np.arange(len(units)) // 4  # clusters of four consecutive units
    full = F._medoid_scores(X, labels)
    rows = np.arange(0, len(units) - len(units) % 4)[:40]
    assert np.array_equal(F._medoid_scores(X[rows], labels[rows]), full[rows])


def test_token_cache_gives_the_uncached_tokens():
    groups = F._paraphrases()
    texts = ["Russia recognised the Taliban government in 2025", "The ban was lifted in April", "Russia recognised the Taliban government in 2025"]
    words, content, names = F._token_lists(texts, groups)
    for t, w, c, n in zip(texts, words, content, names):
        folded = F._WORD.findall(F._fold(t))
        assert w == F._word_tokens(folded, groups)
        assert c == [x for x in folded if x not in F.ENGLISH_STOP_WORDS]
        assert n == F._names(t)


# --------------------------------------------------------------------------- distinct-row path (issue 5/9)

def _repeating_docs(n_versions: int, seed: int):
    # versions that share clauses (wire copy) and have their own: duplicates and ties
    import random

    pool = ["The ban on the Taliban was lifted by the Supreme Court in April this year.",
            "Russia recognised the Taliban government on Thursday, the first country to do so.",
            "The embassy in Moscow raised the new flag at a ceremony attended by diplomats.",
            "Officials in Kabul welcomed the decision as a historic step for relations.",
            "Trade between the two countries reached one billion dollars in 2024.",
            "Western governments have not recognised the administration since 2021.",
            "Analysts said the move could encourage other states in the region to follow."]
    rng = random.Random(seed)
    docs = []
    for v in range(n_versions):
        own = [f"Reporter {v} wrote that local farmers in province {v} expect a harvest of {v + 3} tonnes."]
        sents = rng.sample(pool, 4) + own
        rng.shuffle(sents)
        docs.append(make_document(" ".join(sents), story_id="s", outlet=f"o{v:02d}"))
    return docs


@pytest.mark.parametrize("n_versions, seed", [(3, 0), (6, 1), (12, 2)])
def test_distinct_row_path_equals_direct_path(monkeypatch, n_versions, seed):
    # The product over distinct rows and the thresholded top-k must give the very same edges,
    # values (bitwise) and facts as the direct product and full-row partition.
    docs = _repeating_docs(n_versions, seed)
    p = F.FactParams(n_neighbors=3)
    units = F._fact_units(F._canonical(docs), p, F._links())
    X = F.unit_vectors([u.text for u in units], p, lead=[u.rank < 2 for u in units])
    groups = np.array([int(u.outlet[1:]) for u in units])
    monkeypatch.setattr(F, "_DEDUP_MIN", 10**9)
    ref = compare_facts(docs, n_neighbors=3)
    ref_edges = F._candidate_edges(X, groups, p, 0.16)
    monkeypatch.setattr(F, "_DEDUP_MIN", 0)
    got = compare_facts(docs, n_neighbors=3)
    got_edges = F._candidate_edges(X, groups, p, 0.16)
    assert isinstance(got_edges[3], F._Gathered)  # the distinct-row path did run
    for a, b in zip(ref_edges[:3], got_edges[:3]):
        np.testing.assert_array_equal(a, b)
    full = got_edges[3]
    np.testing.assert_array_equal(np.array([full[i] for i in range(X.shape[0])]), ref_edges[3])
    pd.testing.assert_frame_equal(ref.facts, got.facts)
    pd.testing.assert_frame_equal(ref.omissions, got.omissions)


def test_distinct_rows_dense_and_sparse():
    X = sp.csr_matrix(np.array([[1.0, 0, 2], [0, 1, 0], [1.0, 0, 2], [0, 0, 0], [0, 1, 0]]))
    X0, inv = F._distinct_rows(X)
    assert inv.tolist() == [0, 1, 0, 2, 1]
    np.testing.assert_array_equal(X0.toarray()[inv], X.toarray())
    D0, dinv = F._distinct_rows(X.toarray())
    assert dinv.tolist() == inv.tolist()
    np.testing.assert_array_equal(D0, X0.toarray())


# --------------------------------------------------------------------------- issue 5, round 3: the learned pair scorer

def _scorer_for(docs, model=None):
    units = F._fact_units(F._canonical(docs), F.FactParams(), F._links())
    outlets = sorted({u.outlet for u in units})
    groups = np.array([outlets.index(u.outlet) for u in units])
    return units, groups, F.PairScorer(units, groups, model)


def _reference_probabilities(units, model):
    """The scorer's probabilities from pair_features, pair by pair (what the training script
    fits on): the cross model for two versions, the within model inside one, 0 for two clauses
    of one sentence."""
    from scipy.special import expit

    n = len(units)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    i, j = i.ravel(), j.ravel()
    X = F.pair_features(units, i, j)
    nc = len(F.CROSS_FEATURES)
    cross = X[:, :nc] @ np.array(model.cross) + model.cross_intercept
    within = X @ np.array(model.within) + model.within_intercept
    same_version = np.array([units[a].outlet == units[b].outlet for a, b in zip(i, j)])
    same_sentence = np.array([units[a].outlet == units[b].outlet and units[a].sent_id == units[b].sent_id
                              for a, b in zip(i, j)])
    L = np.where(same_version, within, cross)
    L[same_sentence] = -np.inf
    return expit(L).reshape(n, n)


def test_pair_scorer_equals_the_logistic_model_of_pair_features(docs):
    units, groups, scorer = _scorer_for(docs)
    ref = _reference_probabilities(units, scorer.model)
    np.testing.assert_allclose(scorer.full(), ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(scorer.block(7, 30), ref[7:30], rtol=0, atol=1e-12)
    idx = [3, 40, 41, 90]
    np.testing.assert_allclose(scorer.sub(idx), ref[np.ix_(idx, idx)], rtol=0, atol=1e-12)
    # symmetric, and two clauses of one sentence never score
    np.testing.assert_allclose(scorer.full(), scorer.full().T, rtol=0, atol=1e-12)
    assert (np.diag(scorer.full()) == 0).all()


@pytest.mark.parametrize("n_versions, seed", [(4, 0), (9, 3)])
def test_pair_scorer_distinct_row_path_equals_direct_path(monkeypatch, n_versions, seed):
    docs = _repeating_docs(n_versions, seed)
    monkeypatch.setattr(F, "_SCORER_DEDUP_MIN", 10**9)
    _, _, direct = _scorer_for(docs)
    ref = compare_facts(docs)
    monkeypatch.setattr(F, "_SCORER_DEDUP_MIN", 0)
    _, _, dedup = _scorer_for(docs)
    assert dedup._inv is not None and direct._inv is None  # the distinct-row path did run
    np.testing.assert_allclose(dedup.full(), direct.full(), rtol=0, atol=1e-12)
    got = compare_facts(docs)
    pd.testing.assert_frame_equal(ref.facts, got.facts)
    pd.testing.assert_frame_equal(ref.omissions, got.omissions)


def test_pair_model_file_names_its_source_and_matches_the_features():
    import json

    d = json.loads(F.PAIR_MODEL_PATH.read_text(encoding="utf-8"))
    assert "BASIL" in d["source"] and "facts_basil_dev.csv" in d["source"]
    assert d["training"]["events"] and "facts_pair_model.py" in d["training"]["rebuild"]
    assert tuple(d["cross"]["features"]) == F.CROSS_FEATURES and tuple(d["within"]["features"]) == F.WITHIN_FEATURES
    m = F.load_pair_model()
    assert m.cross[F.CROSS_FEATURES.index("word")] > 0 and m.cross[F.CROSS_FEATURES.index("char")] > 0


def test_pair_model_with_other_features_is_refused(tmp_path):
    import json

    d = json.loads(F.PAIR_MODEL_PATH.read_text(encoding="utf-8"))
    d["cross"]["features"] = d["cross"]["features"][::-1]
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps(d), encoding="utf-8")
    with pytest.raises(ValueError, match="features"):
        F.load_pair_model(bad)


def test_pair_model_argument_is_used_and_checked(docs):
    m = F.load_pair_model()
    # a model that scores every cross pair 0 and every within pair 0: nothing aligns
    nothing = m._replace(cross_intercept=-50.0, within_intercept=-50.0)
    r = compare_facts(docs, pair_model=nothing)
    assert r.facts.fact_id.nunique() == len(r.facts) and r.omissions.empty is False
    with pytest.raises(ValueError, match="learned"):
        compare_facts(docs, scorer="weighted", pair_model=m)


def test_learned_scorer_aligns_the_two_ledes_of_a_story():
    a = make_document("Senate overrides the veto of the terror victims bill\n\nThe Senate voted on Wednesday to override "
                      "the president's veto of a bill letting victims' families sue. Farmers expect a poor harvest.",
                      story_id="s", outlet="A")
    b = make_document("Congress rejects veto of terror victims bill\n\nCongress on Wednesday rejected the president's veto "
                      "of the bill, the first override of his presidency. The weather stayed dry all week.",
                      story_id="s", outlet="B")
    r = compare_facts([a, b])
    fid = _fact_with(r, "Senate voted on Wednesday")
    assert set(r.facts.loc[r.facts.fact_id == fid, "outlet"]) == {"A", "B"}
    assert _fact_with(r, "Farmers expect") != _fact_with(r, "weather stayed dry")


def test_no_text_keyed_cache_outlives_a_call():
    # Issue 9: nothing keyed on sentence text is kept across stories (the benchmark's corpus
    # repeats sentences; such a cache would fake a speed-up).
    for name in ("_unit_spans", "_values", "_token_lists", "_lexical_keys"):
        assert not hasattr(getattr(F, name), "cache_info"), name
    assert not hasattr(F, "_TOKENS")


# --------------------------------------------------------------------------- issue 5: the omissions a user reads
# A reviewer read the example story's omissions as a researcher would: about 19 of them said an
# outlet leaves out a fact it does tell. Causes: a remark split in two at ", and" inside its
# quotation marks; two facts told by several versions each merged into a 21-mention catch-all
# fact; and no check, before reporting an omission, whether the version says it in a unit that
# was aligned elsewhere.

def test_issue5_quoted_remark_is_one_unit_and_one_fact(docs, fc):
    units = [u for u in fact_units(docs) if "courageous step taken by Russia" in u.text]
    assert {u.outlet for u in units} == {"Arab News", "Roya News"}
    assert all("God willing" in u.text for u in units)  # the whole remark, one unit each
    fid = _fact_with(fc, "courageous step taken by Russia")
    assert {"Arab News", "Daily8", "Roya News"} <= set(fc.facts.loc[fc.facts.fact_id == fid, "outlet"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "senator", "said", "and", "but", ",", ", and", ", but", ";", "“", "”", '"',
                                 "'", "Russia's", "fighters'", "it", "was", "lifted"]), max_size=40))
def test_issue5_no_split_inside_quotation_marks(tokens):
    text = " ".join(tokens)
    spans = split_clauses(text, min_clause_words=2)
    quoted = F._quoted(text)
    for (a, b), (c, d) in zip(spans, spans[1:]):
        assert b < c and not any(q0 < b < q1 for q0, q1 in quoted)  # a cut is never inside a quote
    assert all(0 <= a < b <= len(text) for a, b in spans)


def test_issue5_no_catch_all_fact(fc):
    # two facts told by several versions each do not merge on a weak average (merge_threshold)
    headline = _fact_with(fc, "Russia becomes first country to recognise Afghanistan")
    assert _fact_with(fc, "The group seized power in Afghanistan in August 2021") != headline
    assert _fact_with(fc, "will give impetus to the development") != headline
    assert fc.facts.groupby("fact_id").size().max() <= 15  # was 21


def test_issue5_merge_threshold_caps_merging_two_facts():
    # Units 0, 2 of version 0 and 1, 3 of version 1: facts {0, 1} and {2, 3} (similarity 0.9),
    # 0.45 between them. Two facts told by both versions merge only at merge_threshold.
    S = np.array([[1, .9, .45, .45], [.9, 1, .45, .45], [.45, .45, 1, .9], [.45, .45, .9, 1]])
    X = np.linalg.cholesky(S)
    groups = [0, 1, 0, 1]
    kw = {"threshold": 0.15, "repeat_threshold": 0.25, "scorer": "weighted"}
    capped = F.align_units(X, groups, F.FactParams(merge_threshold=0.6, **kw))
    loose = F.align_units(X, groups, F.FactParams(merge_threshold=0.3, **kw))
    assert len(set(capped)) == 2 and capped[0] == capped[1] and capped[2] == capped[3]
    assert len(set(loose)) == 1
    # merge_threshold below repeat_threshold: repeat_threshold applies
    assert len(set(F.align_units(X, groups, F.FactParams(merge_threshold=0.0, **dict(kw, repeat_threshold=0.6))))) == 2


def test_issue5_omission_check_finds_facts_told_in_other_units(fc):
    # Roya News tells both facts, in sentences the aligner put elsewhere (a quote that also
    # states the security support; a sentence of two clauses): not omissions, "possibly carried"
    for needle, said in (("outlawed by Russia as a terrorist movement in 2003", "In 2003, Russia officially designated"),
                         ("assist Kabul in strengthening regional security", "counter-terrorism")):
        fid = _fact_with(fc, needle)
        assert "Roya News" not in _omitted_by(fc, fid)
        row = fc.possible[(fc.possible.fact_id == fid) & (fc.possible.outlet == "Roya News")]
        assert len(row) == 1 and said in row.text.iloc[0]


def test_issue5_possible_rows(fc, docs):
    by = {d.outlet: d for d in docs}
    assert len(fc.possible)
    omitted = set(zip(fc.omissions.fact_id, fc.omissions.outlet))
    for r in fc.possible.itertuples():
        assert by[r.outlet].text[r.start : r.end] == r.text
        assert r.score >= fc.params.carried_threshold
        assert fc.coverage.loc[r.fact_id, r.outlet] == 0 and (r.fact_id, r.outlet) not in omitted
    assert list(fc.possible.columns) == ["story_id", "fact_id", "outlet", "sent_id", "start", "end", "score", "text"]


def test_issue5_check_off_reports_every_empty_cell(docs, fc):
    off = compare_facts(docs, carried_threshold=1.0)
    assert off.possible.empty
    pd.testing.assert_frame_equal(off.facts, fc.facts)
    omitted = set(zip(off.omissions.fact_id, off.omissions.outlet))
    assert omitted == set(zip(fc.omissions.fact_id, fc.omissions.outlet)) | set(zip(fc.possible.fact_id, fc.possible.outlet))


def test_issue5_check_scores_the_average_over_the_facts_mentions(docs, fc):
    # the score of a possible row is the unit's average probability with the fact's mentions
    units = fc.units
    outlets = sorted({u.outlet for u in units})
    X = F.PairScorer(units, [outlets.index(u.outlet) for u in units])
    index = {u.unit_id: i for i, u in enumerate(units)}
    for r in fc.possible.itertuples():
        mentions = [index[u] for u in fc.facts.loc[fc.facts.fact_id == r.fact_id, "unit_id"]]
        unit = index[f"{r.outlet}:{r.sent_id}:{r.start}"]
        assert r.score == pytest.approx(X.probabilities(np.array([unit]), np.array(mentions)).mean(), abs=1e-12)
        others = [i for i, u in enumerate(units) if u.outlet == r.outlet]
        assert r.score == pytest.approx(max(X.probabilities(np.array([i]), np.array(mentions)).mean() for i in others),
                                        abs=1e-12)


@pytest.mark.xfail(strict=True, reason="issue 5, not fixed: the scorer gives 'would set a good example for other "
                                      "countries' (FT, 15th kept sentence) a probability of about 0.1-0.2 with the "
                                      "'will serve as an example for others' remark (late sentences, loose paraphrase); "
                                      "the omission check needs 0.4. See docs/facts.md, 'The omission check'")
def test_issue5_ft_not_reported_as_omitting_the_example_remark(fc):
    assert "Financial Times" not in _omitted_by(fc, _fact_with(fc, "courageous step taken by Russia"))



# --------------------------------------------------------------------------- review of the example's tables

def _quote_spans(docs, needles):
    """{outlet: [(start, end, group)]} of the needles found in each version (hand-made quote
    groups, so the test does not depend on the quote finder)."""
    out = {}
    for d in docs:
        for needle, group in needles:
            at = d.text.find(needle)
            if at >= 0:
                out.setdefault(d.outlet, []).append((at, at + len(needle), group))
    return out


_REMARK = [("We value this courageous step taken by Russia", "remark"), ("This brave decision will be an example", "remark"),
           ("would set a good example for other countries", "remark")]


def test_quote_groups_absent_or_empty_change_nothing(docs, fc):
    for qg in ({}, pd.DataFrame(columns=["story_id", "outlet", "start", "end", "quote_group"])):
        other = compare_facts(docs, quote_groups=qg)
        for name in ("facts", "omissions", "conflicts", "possible"):
            pd.testing.assert_frame_equal(getattr(other, name), getattr(fc, name))


def test_quote_group_makes_a_possible_carrier(docs, fc):
    # The Financial Times quotes the remark ("would set a good example for other countries") that
    # the other versions' mentions quote: with the quote groups, it possibly carries the fact.
    fid = _fact_with(fc, "courageous step taken by Russia")
    assert "Financial Times" in _omitted_by(fc, fid)  # (without them: the xfail above)
    with_q = compare_facts(docs, quote_groups=_quote_spans(docs, _REMARK))
    assert "Financial Times" not in _omitted_by(with_q, fid)
    row = with_q.possible[(with_q.possible.fact_id == fid) & (with_q.possible.outlet == "Financial Times")]
    assert len(row) == 1 and "good example for other countries" in row.text.iloc[0]
    ft = next(d for d in docs if d.outlet == "Financial Times")
    assert ft.text[row.start.iloc[0] : row.end.iloc[0]] == row.text.iloc[0]
    assert 0 <= row.score.iloc[0] < with_q.params.carried_threshold
    # the alignment is untouched, and every omission without the quotes is one with them or a possible row
    pd.testing.assert_frame_equal(with_q.facts, fc.facts)
    before = set(zip(fc.omissions.fact_id, fc.omissions.outlet))
    after = set(zip(with_q.omissions.fact_id, with_q.omissions.outlet))
    assert after < before
    assert before - after <= set(zip(with_q.possible.fact_id, with_q.possible.outlet))


def test_quote_groups_as_a_table_and_only_shared_groups_count(docs):
    spans = _quote_spans(docs, _REMARK)
    table = pd.DataFrame([(d.story_id, o, a, b, g) for d in docs for o, qs in spans.items() if o == d.outlet
                          for a, b, g in qs], columns=["story_id", "outlet", "start", "end", "quote_group"])
    by_table = compare_facts(docs, quote_groups=table)
    by_map = compare_facts(docs, quote_groups=spans)
    pd.testing.assert_frame_equal(by_table.omissions, by_map.omissions)
    pd.testing.assert_frame_equal(by_table.possible, by_map.possible)
    # another story's rows, rows without a group and a group of one version change nothing
    noise = pd.DataFrame([("other-story", "Financial Times", 0, 10, "remark"), (docs[0].story_id, docs[0].outlet, 0, 5, None),
                          (docs[0].story_id, docs[0].outlet, 0, 5, pd.NA), (docs[0].story_id, docs[0].outlet, 0, 5, " "),
                          (docs[0].story_id, "Financial Times", 0, 5, "alone")], columns=table.columns)
    pd.testing.assert_frame_equal(compare_facts(docs, quote_groups=pd.concat([table, noise])).possible, by_map.possible)
    with pytest.raises(ValueError):
        compare_facts(docs, quote_groups=table.drop(columns=["quote_group"]))
    with pytest.raises(TypeError):
        compare_facts(docs, quote_groups=[(0, 1, "g")])


def test_quote_carriers_helper():
    # A's mention quotes group g1; B quotes g1 (in a unit, and once in a two-word sentence that
    # holds no unit), C quotes only g2: B possibly carries the fact, C does not.
    a = make_document("The council approved the harbour budget. “A great day for the town,” the mayor said on Monday.",
                      outlet="A")
    b = make_document("“Great day!” Local leaders cheered as the port plan got its money, calling it “a great day for "
                      "the town” at the meeting.", outlet="B")
    c = make_document("The council approved the harbour budget. “We will build it fast,” the mayor said on Monday.",
                      outlet="C")
    docs_ = [a, b, c]
    units = fact_units(docs_)
    groups = np.array([[d.outlet for d in docs_].index(u.outlet) for u in units])

    def span(doc, needle):
        at = doc.text.index(needle)
        return (at, at + len(needle))

    quotes = [[(*span(a, "A great day for the town"), "g1")],
              [(*span(b, "Great day!"), "g1"), (*span(b, "a great day for the town"), "g1")],
              [(*span(c, "We will build it fast"), "g2")]]
    mention = [k for k, u in enumerate(units) if u.outlet == "A" and "great day" in u.text]
    present = np.array([[True, False, False]])
    out = F._quote_carriers(docs_, units, groups, quotes, [mention], present)
    assert set(out) == {(0, 1)}
    k, (story_id, outlet, sent_id, start, end, text) = out[0, 1]
    assert outlet == "B" and units[k].text == text and "port plan" in text  # the unit, not the short sentence
    assert b.text[start:end] == text
    # with only the short sentence's quote, the row is the sentence (no unit: index -1)
    out = F._quote_carriers(docs_, units, groups, [quotes[0], quotes[1][:1], quotes[2]], [mention], present)
    k, (_, _, sent_id, start, end, text) = out[0, 1]
    assert k == -1 and text == "“Great day!”" and b.text[start:end] == text
    # a fact whose mentions quote nothing asks no version
    other = [k for k, u in enumerate(units) if u.outlet == "A" and "harbour budget" in u.text]
    assert F._quote_carriers(docs_, units, groups, quotes, [other], present) == {}


def test_no_year_conflict_between_the_designation_and_the_lifting(fc):
    # Roya News' "In 2003, Russia officially designated the group as a terrorist organization"
    # sits in the fact of the lifting of the ban (April 2025): another event, not a conflict.
    assert not fc.conflicts["values"].astype(str).str.contains("2003").any()
    fid = _fact_with(fc, "the ban was lifted in April")
    assert fid not in set(fc.conflicts.fact_id)


def test_comparable_mentions():
    p = F._paraphrases()
    keys = [F._event_keys(t, p) for t in ("but the ban was lifted in April this year.",
                                          "Russia removed its designation of the Taliban as a terrorist group in April 2025.",
                                          "In 2003, Russia officially designated the group as a terrorist organization")]
    events = F._fact_events(keys, ["A", "B", "C"])
    assert events == frozenset({"~lift"})
    assert F._comparable(keys[0], keys[1], events)
    assert not F._comparable(keys[1], keys[2], events) and not F._comparable(keys[0], keys[2], events)
    # no event group in the fact: a shared content word is enough, shared names are not
    putin = [F._event_keys(t, p) for t in ("Putin said last year the Taliban were allies in fighting terrorism",
                                           "President Vladimir Putin referred to the Taliban as a partner in fighting terrorism in 2023",
                                           "Vladimir Putin visited Kazakhstan in 2019")]
    assert F._comparable(putin[0], putin[1], frozenset())
    assert not F._comparable(putin[1], putin[2], frozenset())
    assert "year" not in putin[0][0]  # the words of a date are not content words here
