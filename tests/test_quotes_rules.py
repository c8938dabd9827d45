"""Round 6 of issue 4 (2026-11-24): golden rules for the extraction, attribution and boundary
fixes found in the PolNeAR train split's error analysis, the split-Content fix of the PolNeAR
reader, and the speed rewrites (issue 9) that must not change any output. The sentences are
invented (patterns seen in train, not train sentences)."""

from __future__ import annotations

import pytest

from framing.datasets.polnear import read_ann
from framing.features import quotes as Q
from framing.features.quotes import find_quotes


def _q(text, quote_start, **kw):
    """(kind, speaker, cue, content) of the quote (or indirect clause) starting with ``quote_start``."""
    for q in find_quotes(text, **kw):
        if q.text.startswith(quote_start):
            return q.kind, q.speaker, q.cue, text[q.content_start : q.content_end]
    return None


# --------------------------------------------------------------------------- speakers


@pytest.mark.parametrize(
    "text, quote_start, speaker, cue",
    [
        # a quantifier standing alone as the subject of a past-tense cue
        ("The crowd cheered. Some chanted “Four more years!”", "“Four", "Some", "chanted"),
        ('Voters were worried; most said they were "very worried."', '"very', "most", "said"),
        ("Yet another said, “Jones is in a five-way fight” for second place.", "“Jones", "another", "said"),
        # an apposition or relative clause too long to walk, after the name opening the sentence
        (
            "Ann Lee, a county organizer who ran the mayor's field effort in 2012 and now runs the "
            "senator's early-vote drive across the whole northern part of the state, said the program "
            "is a “critical part of our plan.”",
            "“critical",
            "Ann Lee",
            "said",
        ),
        ("Jack Sims — a teacher from Mount Pleasant — says the endorsement was “a big deal.”", "“a big", "Jack Sims", "says"),
        # a participle after an inverted tag takes the tag's speaker
        (
            '"Let him decide," said Vice President Joe Biden, urging those calling for an exit to “give him time.”',
            "“give",
            "Vice President Joe Biden",
            "urging",
        ),
        # a participle with no earlier cue: the clause subject, past an apposition
        (
            "Mark Petri, president of the Fordham Institute, tied the scores to graduation rates, saying the "
            "law helped “millions of kids stay in school.”",
            "“millions",
            "Mark Petri",
            "saying",
        ),
        # a participle after "before"/"after" shares the main clause's subject
        (
            "Trump said the ruling has “kept us safe” before claiming that open borders are “tearing families apart.”",
            "“tearing",
            "Trump",
            "claiming",
        ),
        # "As X puts it, ...": the tag cue opens the sentence
        ("As the Post's Ann Marcus puts it, Obama is making Republicans “an offer they can't refuse.”", "“an offer", "the Post's Ann Marcus", "puts it"),
        # new reporting verbs (round 6 lexicon)
        ('Sanders credited the win to "a closed primary that shut out independents."', '"a closed', "Sanders", "credited"),
        ('"We will not back down," the governor shot back.', '"We will', "the governor", "shot back"),
        # a title-case headline with a capitalised cue: the name before it, or after a comma at the end
        ("Francois Dupont Says Donald Trump ‘Makes You Want To Leave.’", "‘Makes", "Francois Dupont", "Says"),
        ("‘Truther’ Candidate Is Like A Lawyer’s Worst Client, Trevor Nolan Says.", "‘Truther’", "Trevor Nolan", "Says"),
    ],
)
def test_round6_speakers(text, quote_start, speaker, cue):
    got = _q(text, quote_start)
    assert got is not None, find_quotes(text)
    assert (got[1], got[2]) == (speaker, cue), got


@pytest.mark.parametrize(
    "text, quote_start, speaker",
    [
        # an unknown verb before a colon: the subject of the clause before it
        ("And Mr. Christie gloated: ''I told you he wouldn't be ready.''", "''I told", "Mr. Christie"),
        ("In a statement, Trump shrugged: “We will see what happens, folks.”", "“We will", "Trump"),
        # a participle opening the sentence is not its subject
        ("Asked about the plan, Trump shrugged: “We will see what happens, folks.”", "“We will", "Trump"),
        # a quote set off by spaced hyphens (a dash typed as " - ")
        ('Clinton said the plan was unserious - "Again, we need to get into the details," she said - and left.', '"Again', "she"),
        # a direction mark left by a social-media embed before the opening mark
        ("\u202a”This is why it has to be stopped,” said John Kryst.", "”This", "John Kryst"),
    ],
)
def test_round6_direct_speakers(text, quote_start, speaker):
    got = _q(text, quote_start)
    assert got is not None, find_quotes(text)
    assert got[0] == "direct" and got[1] == speaker, got


# --------------------------------------------------------------------------- contents


@pytest.mark.parametrize(
    "text, quote_start, content",
    [
        # the first "that" right after the cue opens the clause (it used to be skipped)
        (
            "Bo Grant, the head of Local 294, said that Trump had generated excitement, but that ''a lot of people like Sanders.''",
            "''a lot",
            "that Trump had generated excitement, but that ''a lot of people like Sanders.''",
        ),
        # a "that" after "but"/"and" coordinates a second reported clause: the content starts before it
        (
            "He says he wishes he had spent more time there, but that his team “did everything we could do.”",
            "“did",
            "he wishes he had spent more time there, but that his team “did everything we could do.”",
        ),
        # a later cue cuts the content, never inside the quote's closing mark
        ("He pledged a “political revolution” and said that his supporters would fight.", "“political", "a “political revolution”"),
        # a quoted label whose complement follows it: the clause runs on
        ("Petri called the new law “much, much better” than No Child Left Behind.", "“much", "the new law “much, much better” than No Child Left Behind"),
        ("Mike Hale called for denying entry to travelers with a ''strong presence'' of the group in their country.", "''strong", "for denying entry to travelers with a ''strong presence'' of the group in their country"),
        # ... but not when the label ends its clause
        ("Trump called the system “rigged” and left the stage.", "“rigged", "the system “rigged”"),
    ],
)
def test_round6_contents(text, quote_start, content):
    got = _q(text, quote_start)
    assert got is not None, find_quotes(text)
    assert got[3] == content, got


@pytest.mark.parametrize(
    "text, clause_start, content",
    [
        # an indirect content stops before a coordinated cue that has a content of its own
        (
            "He said his attacks have given his campaign momentum and said that Trump did not represent the “party of Reagan.”",
            "his attacks",
            "his attacks have given his campaign momentum",
        ),
        ("She says people may not like the answer, but insists Sanders is mounting a “phony attack.”", "people may", "people may not like the answer"),
    ],
)
def test_round6_indirect_cut_at_coordinated_cue(text, clause_start, content):
    got = _q(text, clause_start)
    assert got is not None and got[0] == "indirect", find_quotes(text)
    assert got[3] == content, got


# --------------------------------------------------------------------------- not quotations


@pytest.mark.parametrize(
    "text",
    [
        # a programme or publication named in a tag
        "Carson admitted it, speaking Sunday on ABC’s “This Week,” and moved on.",
        "Newt Gingrich said Wednesday on Fox News Channel’s “Hannity,” that he would wait.",
        # no cue, and the sentence opener is not a subject ("Good information" has no verb after "Good")
        'Good information can still drive out bad, but usually only when "the truth is more appealing than the lie."',
        # a clause of its own after the quote is not its tag
        "Lee said she would “support the nominee,” while two others suggested conditional support.",
    ],
)
def test_round6_no_false_quote(text):
    partial = [q for q in find_quotes(text) if q.kind == "partial" and not q.speaker == "Lee"]
    assert not partial, partial


def test_round6_unattributed_default_needs_a_subject():
    # no reporting cue, a name and a verb before the quotation: kept (default since round 6)
    text = "In the depths of the recession, Paul Ryan worried that the safety net was becoming “a hammock that lulls people to lives of dependency.”"
    got = _q(text, "“a hammock")
    assert got is not None and got[1] == "Paul Ryan" and got[2] == ""
    assert _q(text, "“a hammock", unattributed=False) is None


@pytest.mark.parametrize(
    "text, quote_start, speaker",
    [
        # an article-led subject is widened to its noun phrase, up to the verb
        ('The book accuses Bob of treating the contractors like "security guards at a mall."', '"security', "The book"),
        ('A campaign ad released Thursday shows Trump in a pattern of "sleaze stretching back decades, folks."', '"sleaze', "A campaign ad"),
    ],
)
def test_round6_unattributed_noun_phrase_speaker(text, quote_start, speaker):
    got = _q(text, quote_start)
    assert got is not None and got[1] == speaker, got


def test_no_cache_on_quote_text_across_stories():
    # issue 9: a cache keyed on whole quote text would make the benchmark's synthetic corpus
    # (which repeats sentences) look faster than real text
    from framing.compare import quotes as CQ

    assert not hasattr(CQ._content_words, "cache_info")


@pytest.mark.xfail(reason="a title-case headline cue followed by its object ('Tells Democratic Convention') is not read", strict=True)
def test_title_case_cue_with_object():
    text = "Guns Are ‘The Ultimate Public Health Crisis,’ Howard Dean Tells Democratic Convention."
    got = _q(text, "‘The Ultimate")
    assert got is not None and got[1] == "Howard Dean"


@pytest.mark.xfail(reason="gold joins or splits a quote continued in the next paragraph; we always join (issue 4 round 6: splitting lowered train F1)", strict=True)
def test_continued_quote_in_next_paragraph_is_its_own_attribution():
    from framing.evaluate.quotes import group_continued

    text = "Sanders said: “Absolutely. It is time to organize.”\n\n“Calling it by a name does not change it.”"
    assert len(group_continued(find_quotes(text))) == 2


# --------------------------------------------------------------------------- the PolNeAR reader


def test_issue_4_split_content_is_one_relation(tmp_path):
    """Regression (issue 4): a relation with Content and Content2 (a quote split by its tag) is
    one gold Content of two fragments; only the first was read before."""
    text = "“We will win,” she said. “And we will govern.”"
    ann = tmp_path / "a_x.ann"
    ann.write_text(
        "T1\tContent 0 14\t“We will win,”\n"
        "T2\tSource 15 18\tshe\n"
        "T3\tCue 19 23\tsaid\n"
        "T4\tAttribution 19 23\tsaid\n"
        "T5\tContent 25 46\t“And we will govern.”\n"
        "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2 Content2:T5\n",
        encoding="utf-8",
    )
    (rel,) = read_ann(ann, text)
    assert rel.content.fragments == ((0, 14), (25, 46))
    assert rel.content.text == text[0:46] and rel.is_direct
    assert rel.source.text == "she" and rel.cue.text == "said"


def test_relation_with_only_content2_is_read(tmp_path):
    text = "“We will win,” she said."
    ann = tmp_path / "a_x.ann"
    ann.write_text("T1\tContent 0 14\t“We will win,”\nT3\tCue 19 23\tsaid\nE1\tAttribution:T3 Cue:T3 Content2:T1\n", encoding="utf-8")
    (rel,) = read_ann(ann, text)
    assert rel.content.fragments == ((0, 14),) and rel.source is None


# --------------------------------------------------------------------------- speed rewrites (issue 9)


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith said U.S. officials met J. Doe. Dr. Lee’s plan — “a test” — failed.",
        "A. B. Carter said: 'It's the voters' choice,' and left.\u00a0Then “he said ‘no’,” she said.",
        "",
        "   \n\n  “Quoted,” he said.  ",
    ],
)
def test_tokens_match_finditer(text):
    # findall + str.find gives the offsets finditer gives
    for lo, hi in ((0, len(text)), (2, max(2, len(text) - 3))):
        want = [(m.start(), m.end(), m.group(0)) for m in Q._TOKEN.finditer(text, lo, hi)]
        assert [(t.start, t.end, t.text) for t in Q._tokens(text, lo, hi)] == want


@pytest.mark.parametrize(
    "starts, spans",
    [
        ([0, 5, 10, 15, 20], [(4, 11)]),
        ([0, 5, 10, 15, 20], [(0, 1), (15, 30)]),
        ([10, 12], [(0, 5), (11, 12), (40, 50)]),
        ([0, 5], []),
    ],
)
def test_starts_inside_matches_a_scan(starts, spans):
    toks = [Q._Tok(s, s + 1, "x", "x") for s in starts]
    want = {s for s in starts if any(a <= s < b for a, b in spans)}
    assert Q._starts_inside(toks, spans) == want
