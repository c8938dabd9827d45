"""Round 6 of issue 4 (2026-12-07): golden rules for the extraction, attribution and boundary
fixes found in the PolNeAR train split's error analysis, the split-Content fix of the PolNeAR
reader, and the speed rewrites (issue 9) that must not change any output. The sentences are
invented: patterns seen in train, in wording of our own (no PolNeAR text: its licence keeps
it out of this repository)."""

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
        ("The crowd cheered. Some chanted “Two more terms!”", "“Two", "Some", "chanted"),
        ('Farmers were anxious; most said they were "deeply anxious."', '"deeply', "most", "said"),
        ("Yet another said, “Jones is in a four-way race” for third place.", "“Jones", "another", "said"),
        # an apposition or relative clause too long to walk, after the name opening the sentence
        (
            "Ann Lee, a county organizer who ran the mayor's field effort in 2012 and now runs the "
            "senator's early-vote drive across the whole northern part of the state, said the program "
            "is a “central piece of our strategy.”",
            "“central",
            "Ann Lee",
            "said",
        ),
        ("Rosa Delgado — a nurse from Cedar Falls — says the grant was “a real lifeline.”", "“a real", "Rosa Delgado", "says"),
        # a participle after an inverted tag takes the tag's speaker
        (
            '"Let her finish," said Deputy Mayor Paul Grant, urging those calling for a recount to “give the clerks time.”',
            "“give",
            "Deputy Mayor Paul Grant",
            "urging",
        ),
        # a participle with no earlier cue: the clause subject, past an apposition
        (
            "Lena Ruiz, president of the Harbor Policy Center, tied the test results to attendance, saying the "
            "program helped “thousands of pupils stay in class.”",
            "“thousands",
            "Lena Ruiz",
            "saying",
        ),
        # a participle after "before"/"after" shares the main clause's subject
        (
            "Moreno said the curfew has “kept the streets calm” before claiming that late bars are “wrecking the neighborhood.”",
            "“wrecking",
            "Moreno",
            "claiming",
        ),
        # "As X puts it, ...": the tag cue opens the sentence
        ("As the Gazette's Ann Marcus puts it, the mayor is handing the council “a deal it cannot turn down.”", "“a deal", "the Gazette's Ann Marcus", "puts it"),
        # new reporting verbs (round 6 lexicon)
        ('Ortiz credited the win to "a late surge of first-time voters."', '"a late', "Ortiz", "credited"),
        ('"We will not back down," the governor shot back.', '"We will', "the governor", "shot back"),
        # a title-case headline with a capitalised cue: the name before it, or after a comma at the end
        ("Francois Dupont Says The New Tax ‘Makes You Want To Move.’", "‘Makes", "Francois Dupont", "Says"),
        ("‘Outsider’ Candidate Is Like A Coach’s Worst Player, Trevor Nolan Says.", "‘Outsider’", "Trevor Nolan", "Says"),
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
        ("And Mr. Halvorsen gloated: ''I warned you the bridge would not open on time.''", "''I warned", "Mr. Halvorsen"),
        ("In a statement, Moreno shrugged: “We will see how it goes, friends.”", "“We will", "Moreno"),
        # a participle opening the sentence is not its subject
        ("Asked about the plan, Moreno shrugged: “We will see how it goes, friends.”", "“We will", "Moreno"),
        # a quote set off by spaced hyphens (a dash typed as " - ")
        ('Ortiz said the bid was incomplete - "Once more, we have to see the actual numbers," she said - and left.', '"Once', "she"),
        # a direction mark left by a social-media embed before the opening mark
        ("\u202a”That is why the vote has to be delayed,” said John Kryst.", "”That", "John Kryst"),
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
            "Bo Grant, the head of Local 294, said that the mayor had stirred up the base, but that ''a lot of members like the challenger.''",
            "''a lot",
            "that the mayor had stirred up the base, but that ''a lot of members like the challenger.''",
        ),
        # a "that" after "but"/"and" coordinates a second reported clause: the content starts before it
        (
            "He says he wishes the team had trained more, but that his players “gave all they had on the field.”",
            "“gave",
            "he wishes the team had trained more, but that his players “gave all they had on the field.”",
        ),
        # a later cue cuts the content, never inside the quote's closing mark
        ("He promised a “clean sweep” and said that his supporters would turn out.", "“clean", "a “clean sweep”"),
        # a quoted label whose complement follows it: the clause runs on
        ("Ruiz called the new budget “much, much better” than last year's plan.", "“much", "the new budget “much, much better” than last year's plan"),
        ("Tom Bryce called for closing the port to ships with a ''heavy backlog'' of safety violations in their records.", "''heavy", "for closing the port to ships with a ''heavy backlog'' of safety violations in their records"),
        # ... but not when the label ends its clause
        ("Moreno called the count “crooked” and left the stage.", "“crooked", "the count “crooked”"),
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
            "He said the debates have given his campaign energy and said that Moreno did not speak for the “town's working families.”",
            "the debates",
            "the debates have given his campaign energy",
        ),
        ("She says residents may not like the plan, but insists Moreno is running a “cynical campaign.”", "residents may", "residents may not like the plan"),
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
        "Ortiz admitted it, speaking Sunday on WXRT’s “City Desk,” and moved on.",
        "Senator Dale Price said Wednesday on Channel 9’s “Morning Hour,” that he would wait.",
        # no cue, and the sentence opener is not a subject ("Good information" has no verb after "Good")
        'Sound advice can still beat bad advice, but mostly only when "the facts are easier to like than the rumor."',
        # a clause of its own after the quote is not its tag
        "Lee said she would “back the winner,” while two others hinted at conditions.",
    ],
)
def test_round6_no_false_quote(text):
    partial = [q for q in find_quotes(text) if q.kind == "partial" and not q.speaker == "Lee"]
    assert not partial, partial


def test_round6_unattributed_default_needs_a_subject():
    # no reporting cue, a name and a verb before the quotation: kept (default since round 6)
    text = "In the depths of the slump, Mayor Ortiz worried that the rainy-day fund was becoming “a piggy bank that nobody dares to break.”"
    got = _q(text, "“a piggy")
    assert got is not None and got[1] == "Mayor Ortiz" and got[2] == ""
    assert _q(text, "“a piggy", unattributed=False) is None


@pytest.mark.parametrize(
    "text, quote_start, speaker",
    [
        # an article-led subject is widened to its noun phrase, up to the verb
        ('The memo accuses Dana of treating the volunteers like "unpaid interns at a startup."', '"unpaid', "The memo"),
        ('A union flyer released Friday shows the owner in a pattern of "broken promises going back years, friends."', '"broken', "A union flyer"),
    ],
)
def test_round6_unattributed_noun_phrase_speaker(text, quote_start, speaker):
    got = _q(text, quote_start)
    assert got is not None and got[1] == speaker, got


@pytest.mark.xfail(reason="a subject noun that is also a reporting word ('report') stops the noun-phrase widening: speaker 'The'", strict=True)
def test_unattributed_subject_noun_that_is_a_reporting_word():
    text = 'The report accuses Dana of treating the volunteers like "unpaid interns at a startup."'
    got = _q(text, '"unpaid')
    assert got is not None and got[1] == "The report", got


def _reachable_strings_with(marker: str) -> list[str]:
    """Strings holding ``marker`` reachable from the module-level state of framing's modules
    (globals, class attributes, lru caches, dicts held by them ...), not walking into other
    modules."""
    import gc
    import sys
    import types

    mods = [m for n, m in list(sys.modules.items()) if n == "framing" or n.startswith("framing.")]
    module_dicts = {id(vars(m)) for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)}
    seen, found = set(), []
    stack = [v for m in mods for v in vars(m).values()]
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        if isinstance(o, str):
            if marker in o:
                found.append(o)
            continue
        if isinstance(o, (types.ModuleType, types.FrameType)) or (isinstance(o, dict) and id(o) in module_dicts):
            continue
        if isinstance(o, type) and not (o.__module__ or "").startswith("framing"):
            continue
        if isinstance(o, dict):
            stack.extend(o.keys())  # a dict's gc traversal skips its str keys
        stack.extend(gc.get_referents(o))
    return found


def test_no_cache_on_quote_text_across_stories(monkeypatch):
    """Issue 9: a cache keyed on whole quote or sentence text would make the benchmark's
    synthetic corpus (which repeats sentences) look faster than real text, and grow with the
    corpus. Two stories share a quoted sentence; once their results are dropped, no module-level
    container of framing (dicts, sets, lru caches, class attributes) may still hold that text.
    Caches keyed on single words, names or labels are allowed: the marker is eight words long."""
    import gc
    from functools import lru_cache

    from framing.compare import quotes as CQ
    from framing.corpus import Article, Story
    from framing.pipeline import analyze

    marker = "keep every single harbor gate wide open at night"

    def story(sid, lead):
        shared = f"“We will {marker},” Mayor Ana Ortega said on Monday."
        return Story(id=sid, title=None, versions=tuple(
            Article(story_id=sid, outlet=o, text=f"{lead} {shared}\n\nThe council met on {o}.") for o in ("a", "b", "c")))

    first = analyze(story("s1", "Dover raised its harbor fees."))
    second = analyze(story("s2", "Leeds cut its bus fares."))
    for result in (first, second):  # the shared sentence went through quote extraction and alignment
        quotes = result.tables["quotes"]
        assert (quotes["text"].str.contains(marker) & (quotes["speaker"] == "Mayor Ana Ortega")).sum() == 3
    with monkeypatch.context() as m:  # the check finds a text held by an lru cache or a dict
        probe = lru_cache(maxsize=4)(len)
        probe(f"x {marker}")
        m.setattr(CQ, "_probe_cache", probe, raising=False)
        m.setattr(CQ, "_probe_dict", {f"y {marker}": 1}, raising=False)
        assert {f"x {marker}", f"y {marker}"} <= set(_reachable_strings_with(marker))
    del first, second, result, quotes
    gc.collect()
    assert _reachable_strings_with(marker) == []


@pytest.mark.xfail(reason="a title-case headline cue followed by its object ('Tells City Council') is not read", strict=True)
def test_title_case_cue_with_object():
    text = "Potholes Are ‘The Biggest Budget Problem,’ Jane Ortiz Tells City Council."
    got = _q(text, "‘The Biggest")
    assert got is not None and got[1] == "Jane Ortiz"


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


# --------------------------------------------------------------------------- round 2 (issue 9)

import re  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "Mrs", "Prof", "Sgt", "Capt", "St", "A", "B", "U", "S", "x", "said", "Lee",
                                 ".", ". ", " ", "’s", "'s", "'", "’", "-", "&", "_", "\n", "é", "2", "“", "”"]),
                max_size=25))
def test_token_pattern_equals_its_rules(pieces):
    """The token pattern with its capital-letter look-ahead finds what the rules it speeds up find."""
    text = "".join(pieces)
    plain = re.compile(Q._TOKEN_RULES)
    assert [m.span() for m in Q._TOKEN.finditer(text)] == [m.span() for m in plain.finditer(text)]


# --------------------------------------------------------------------------- review of round 6
# A participle cue with a that-clause after a quotation's tag (the example story's Roya News:
# '“…,” the ministry stated, adding that Moscow sees strong potential …'): the clause is
# reported speech of the tag's speaker. (text, clause start, speaker, cue, content)


@pytest.mark.parametrize(
    "text, clause_start, speaker, cue, content",
    [
        (
            "“We back the new levy,” the council stated, adding that tenants see strong support for it.",
            "tenants",
            "the council",
            "adding",
            "tenants see strong support for it",
        ),
        (
            "“We back the new levy,” said Ana Brito, adding that tenants had asked for it for years.",
            "tenants",
            "Ana Brito",
            "adding",
            "tenants had asked for it for years",
        ),
        (
            "“We back the new levy,” Ana Brito said on Friday, adding that tenants had asked for it.",
            "tenants",
            "Ana Brito",
            "adding",
            "tenants had asked for it",
        ),
        # no tag before the participle: the main clause's subject after a fronted phrase
        (
            "On Sunday, Brito even echoed the council's case for the levy, saying that most tenants wanted it.",
            "most tenants",
            "Brito",
            "saying",
            "most tenants wanted it",
        ),
    ],
)
def test_participle_that_clause_after_a_tag(text, clause_start, speaker, cue, content):
    assert _q(text, clause_start) == ("indirect", speaker, cue, content)


@pytest.mark.parametrize(
    "text, clause_start",
    [
        # without "that" the participle's object is not taken as a clause here
        ("“We back the new levy,” the council stated, adding a note on rents.", "a note"),
        # a time word after the cue is not a speaker
        ("“We back the new levy,” the council said Thursday night, suggesting that nothing would change.", None),
    ],
)
def test_participle_that_clause_guards(text, clause_start):
    got = [(q.kind, q.speaker, q.text) for q in find_quotes(text)]
    if clause_start is not None:
        assert not any(t.startswith(clause_start) for _, _, t in got), got
    else:
        assert all(sp != "Thursday night" for _, sp, _ in got), got


# --------------------------------------------------------------------------- naming verb + "as"
# Review of round 7 (the example story's CNN "the Taliban's foreign ministry hailed the decision
# as positive and important", Roya News "Putin even referred to the Taliban as a partner"): a
# naming or judging cue with an object and an "as" complement reports what the speaker said.
# (text, speaker, cue, content); content None: no quote at all.
LABEL_AS = [
    ("The union hailed the ruling as a victory for nurses.", "The union", "hailed", "the ruling as a victory for nurses"),
    ("Mayor Ana Brito even referred to the levy as a tax on the young in 2023.", "Mayor Ana Brito", "referred to",
     "the levy as a tax on the young in 2023"),
    ("Critics have branded the new rules as unfair to tenants.", "Critics", "branded", "the new rules as unfair to tenants"),
    # a passive is not the speaker's act of naming
    ("The ruling was hailed as a victory by the union.", None, None, None),
    # "as soon as", "as well as": adverbials, not a complement
    ("The council called the vote as soon as it could.", None, None, None),
    ("She thanked the staff as well as the volunteers.", None, None, None),
    # no object before "as"
    ("They described as unfair the rules that the council passed.", None, None, None),
]


@pytest.mark.parametrize("text, speaker, cue, content", LABEL_AS)
def test_naming_verb_with_as_complement(text, speaker, cue, content):
    got = [(q.kind, q.speaker, q.cue, q.text) for q in find_quotes(text)]
    if content is None:
        assert got == [], got
    else:
        assert got == [("indirect", speaker, cue, content)]
