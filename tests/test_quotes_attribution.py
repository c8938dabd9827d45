"""Attribution mode (stance and evidence cues, mid-sentence tags) and speaker affiliation
across outlets (issue 4)."""

from __future__ import annotations


import pytest
from hypothesis import given, settings, strategies as st

from framing.compare.quotes import affiliations, align_quotes, compatible_speakers
from framing.features.quotes import find_quotes


def _attr(text):
    return [(q.kind, q.speaker, q.cue, text[q.content_start : q.content_end], q.cue_class) for q in find_quotes(text, mode="attribution")]


@pytest.mark.parametrize(
    "text, speaker, cue, content",
    [
        ("Hollis endorsed Ramirez.", "Hollis", "endorsed", "Ramirez"),
        ("The guild endorsed Okafor in the runoff, a blow to Brandt.", "The guild", "endorsed", "Okafor in the runoff"),
        ("They want to win the county.", "They", "want", "to win the county"),
        ("The committee refused to answer.", "The committee", "refused", "to answer"),
        ("Mr. Lindqvist called for a ban on fireworks because of the fires.", "Mr. Lindqvist", "called for", "a ban on fireworks"),
        ("The poll showed Okafor ahead in the race with 41 percent.", "The poll", "showed", "Okafor ahead in the race with 41 percent"),
        ("The survey found that most farmers back Brandt.", "The survey", "found", "most farmers back Brandt"),
    ],
)
def test_stance_and_evidence(text, speaker, cue, content):
    got = [x for x in _attr(text) if x[2] == cue]
    assert got, _attr(text)
    assert got[0][1] == speaker
    assert got[0][3] == content


@pytest.mark.parametrize(
    "text",
    [
        "The mayor's plans won't stop the flooding.",  # a noun after a possessive
        "She is a talk show host in Oregon.",  # "show" after a singular noun
        "Brandt has maintained support among rural voters.",  # after a participle
        "In the 12 states the recount goes on.",  # after a number
        "His support for the plan was clear.",  # after a possessive determiner
    ],
)
def test_nouns_are_not_cues(text):
    assert not [x for x in _attr(text) if x[4] in ("stance", "evidence")], _attr(text)


def test_stance_and_evidence_only_in_attribution_mode():
    text = "Hollis endorsed Ramirez. The poll showed Ramirez ahead in the race."
    assert find_quotes(text) == []
    assert len(find_quotes(text, mode="attribution")) == 2


def test_tag_inside_the_clause():
    text = "Most of the layoffs, she said, have hit the night shifts."
    qs = find_quotes(text)
    assert [(q.speaker, q.cue, q.text) for q in qs] == [("she", "said", "Most of the layoffs, she said, have hit the night shifts")]


def test_said_weekday_that():
    # regression: "said Tuesday that ..." kept the weekday in the content
    qs = find_quotes("Ms. Haldane said Friday that she had voted for Mr. Osei.")
    assert [q.text for q in qs] == ["she had voted for Mr. Osei"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["Christie", "endorsed", "wants", "to", "the", "poll", "showed", ",", "he said", "support", "."]), max_size=30))
def test_offsets_property(words):
    text = " ".join(words)
    for q in find_quotes(text, mode="attribution"):
        assert 0 <= q.start <= q.end <= len(text) and text[q.start : q.end] == q.text
        assert 0 <= q.content_start <= q.content_end <= len(text)


def test_long_unpunctuated_line_gives_bounded_spans():
    # Issue 10's 200 KB line: the segmenter caps sentences, so no quote spans more than one
    # piece. (Its cost is measured in analyses/benchmark scripts, not asserted here.)
    from framing.segment import MAX_SENTENCE_CHARS

    text = " ".join(["the taliban said"] * 5000)
    quotes = find_quotes(text)
    assert quotes
    for q in quotes:
        assert text[q.start : q.end] == q.text and q.end - q.start <= MAX_SENTENCE_CHARS


# --------------------------------------------------------------------------- affiliation


@pytest.mark.parametrize(
    "speaker, expected",
    [
        ("Afghan Foreign Minister Amir Khan Muttaqi", {("ministry", frozenset({"afgha", "forei"}))}),
        ("Afghanistan’s foreign ministry", {("ministry", frozenset({"afgha", "forei"}))}),
        ("Russian Foreign Ministry spokeswoman Maria Zakharova", {("ministry", frozenset({"russi", "forei"}))}),
        ("the ministry", set()),  # unqualified: anyone's ministry
        ("Amir Khan Muttaqi", set()),
        ("he", set()),
    ],
)
def test_affiliations(speaker, expected):
    assert affiliations(speaker) == expected


def test_minister_and_ministry_of_same_country_are_compatible():
    speakers = ["Afghan Foreign Minister Amir Khan Muttaqi", "Afghanistan's foreign ministry", "the Russian Foreign Ministry"]
    ids = ["amir-khan-muttaqi", "afghanistan-foreign-ministry", "russian-foreign-ministry"]
    assert compatible_speakers(speakers, ids) == {frozenset(ids[:2])}


@pytest.mark.parametrize(
    "speaker, heads, stems",
    [
        ("Russian officials", {"ministry", "government", "embassy"}, {"russi"}),
        ("senior Russian officials", {"ministry", "government"}, {"russi"}),  # the rank word is not whose
        ("Administration officials", {"administration"}, {"admin"}),  # read as an organisation mention
        ("Western diplomats", {"ministry", "embassy"}, {"weste"}),
        ("officials", set(), None),  # unqualified: anyone's
        ("analysts", set(), None),  # comments, speaks for no one
        ("people familiar with the talks", set(), None),
        ("Amir Khan Muttaqi", set(), None),
    ],
)
def test_collective_affiliations(speaker, heads, stems):
    from framing.compare.quotes import collective_affiliations

    got = collective_affiliations(speaker)
    assert heads <= {h for h, _ in got} and (not heads) == (not got)
    assert all(st == stems for _, st in got)


def test_collective_source_compatible_with_its_institution_only():
    """"Russian officials" may be the outlet's name for Russia's foreign ministry (Roya News's
    trade remark, which CNN and the FT give to the ministry), not for Afghanistan's; and
    "administration officials" for "the administration"."""
    speakers = ["Russian officials", "the Russian Ministry of Foreign Affairs", "Afghanistan's foreign ministry",
                "Administration officials", "The administration", "analysts"]
    ids = ["russian-officials", "russian-ministry-of-foreign-affairs", "afghanistan-foreign-ministry",
           "administration-officials", "administration", "analysts"]
    assert compatible_speakers(speakers, ids) == {frozenset(ids[:2]), frozenset(ids[3:5])}


def test_collective_named_by_organisation_word_is_not_everyones():
    """"Administration officials" speak for "the administration" of the story, not for every
    administration it names ("the Taliban administration"); "Government officials" for no
    particular government."""
    speakers = ["Administration officials", "the Taliban administration", "The administration",
                "Government officials", "the Russian government"]
    ids = ["administration-officials", "taliban-administration", "administration", "government-officials",
           "russian-government"]
    assert compatible_speakers(speakers, ids) == {frozenset((ids[0], ids[2]))}


def test_translated_remark_of_minister_and_ministry_grouped():
    # regression (issue 4): the FT's "would set a good example for other countries" (the
    # Afghan foreign ministry) is the remark Muttaqi made ("an example for others")
    items = [
        ("A", "amir-khan-muttaqi", "“We value this courageous step taken by Russia, and, God willing, it will serve as an example for others as well.”"),
        ("B", "amir-khan-muttaqi", "'This brave decision will be an example for others,'"),
        ("C", "afghanistan-foreign-ministry", "“would set a good example for other countries”"),
        ("C", "afghanistan-foreign-ministry", "“The Russian ambassador officially conveyed the Russian government’s decision to recognise the Islamic Emirate.”"),
        ("B", "amir-khan-muttaqi", "'Now that the process of recognition has started, Russia was ahead of everyone.'"),
    ]
    compat = {frozenset(("amir-khan-muttaqi", "afghanistan-foreign-ministry"))}
    g = align_quotes(items, compatible=compat)
    assert g[0] == g[1] == g[2]
    assert g[3] != g[4]  # related speakers need more shared wording than one speaker
    assert align_quotes(items)[2] != align_quotes(items)[0]  # without the pair: apart


# Round 3 (errors read on PolNeAR train): raising cues, questions and requests, coordinated and
# relative subjects, a long time phrase before "that", lower-case "according to" sources,
# reporting nouns, a tag speaker with an apposition.
@pytest.mark.parametrize(
    "text, mode, cue, speaker, content",
    [
        # raising cues: the whole clause, subject included, no speaker (attribution mode only)
        ("But he is expected to act quickly to secure the harbor contract.", "attribution", "is expected", "", "he is expected to act quickly to secure the harbor contract"),
        ("Money, not loyalty, appeared to drive the Farrow campaign.", "attribution", "appeared", "", "Money, not loyalty, appeared to drive the Farrow campaign"),
        ("Though she lost in Leeds, York appears to be a different story.", "attribution", "appears", "", "York appears to be a different story"),
        ("Delgado, the league's chair, who is expected to unveil a budget on Monday.", "attribution", "is expected", "", "who is expected to unveil a budget on Monday"),
        # a request or a question
        ("Coach Maria Lindgren asked the crowd to rise to thank the volunteers.", "speech", "asked", "Coach Maria Lindgren", "the crowd to rise to thank the volunteers"),
        ("Dana Whitfield asked Osei about remarks he had posted the week before.", "speech", "asked", "Dana Whitfield", "about remarks he had posted the week before"),
        ("A Dublin shopkeeper asked if he might consider lowering the rent.", "speech", "asked", "A Dublin shopkeeper", "if he might consider lowering the rent"),
        # a verb coordinated with an earlier one; a relative pronoun subject
        ("Her office also announced new funding and said some of the nurses would work for the clinic.", "speech", "said", None, "some of the nurses would work for the clinic"),
        ("The city faces a backlash from shop owners who say the tax unfairly targets small bakeries.", "speech", "say", "who", "the tax unfairly targets small bakeries"),
        # a time phrase of more than five words before "that"
        ("Elena Varga said at a rally in the valley late on Monday that the mine would reopen.", "speech", "said", "Elena Varga", "the mine would reopen"),
        # "according to" a lower-case source
        ("Readers spent four minutes a page on the app, according to new figures from Chartwell.", "speech", "according to", "new figures from Chartwell", "Readers spent four minutes a page on the app"),
        ("But according to accounts in the local press, she could not persuade the board.", "speech", "according to", "accounts in the local press", "she could not persuade the board"),
        # a tag whose speaker carries an apposition
        ("It is the first time a mayor has raised the matter, said Carla Benn, executive director of the trust.", "speech", "said", "Carla Benn", "It is the first time a mayor has raised the matter"),
        # a reporting noun with a that-clause (attribution mode only)
        ("Ortega's claim that Haldane is a fraud drew cheers.", "attribution", "claim", "Ortega", "Haldane is a fraud drew cheers"),
    ],
)
def test_round3_attributions(text, mode, cue, speaker, content):
    got = [q for q in find_quotes(text, mode=mode) if q.cue == cue]
    assert got, [(q.cue, q.text) for q in find_quotes(text, mode=mode)]
    q = got[0]
    assert q.kind == "indirect"
    if speaker is not None:  # None: the speaker is not checked (see the xfail below)
        assert q.speaker == speaker
    assert text[q.content_start : q.content_end] == content
    assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "But he is expected to act quickly to secure the harbor contract.",
        "Ortega's claim that Haldane is a fraud drew cheers.",
        "The forum appears to be widely read by the staff.",
    ],
)
def test_raising_and_noun_cues_not_in_speech_mode(text):
    # thoughts and the writer's inferences are PolNeAR's scope, not remarks for quotes.csv
    assert find_quotes(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The idea that he could win seemed absurd to them.",  # "idea" is not a reporting noun
        "He wants to appear strong.",  # an infinitive "to appear" is not a raising cue
    ],
)
def test_round3_no_false_cue(text):
    cues = {q.cue for q in find_quotes(text, mode="attribution")}
    assert "appear" not in cues and "idea" not in cues


@pytest.mark.xfail(reason="a relative 'that' after a reporting noun is read as a that-clause", strict=True)
def test_noun_relative_that():
    assert not [q for q in find_quotes("The claims that he made last year were false.", mode="attribution") if q.cue == "claims"]


@pytest.mark.xfail(reason="a coordinated verb's subject is read as the leading capitalised run ('Her')", strict=True)
def test_coordinated_subject_noun_phrase():
    q = find_quotes("Her office also announced new funding and said some nurses would stay on.")[0]
    assert q.speaker == "Her office"


# --------------------------------------------------------------------------- round 4 (2026-11-23)
# Regression tests for the direct-quote and speaker fixes of round 4 (PolNeAR train error
# analysis); the sentences are invented.


def _spk(text, quote_start):
    """(kind, speaker, cue, content) of the quote starting with ``quote_start``."""
    for q in find_quotes(text):
        if q.text.startswith(quote_start):
            return q.kind, q.speaker, q.cue, text[q.content_start : q.content_end]
    return None


@pytest.mark.parametrize(
    "text, quote_start, speaker",
    [
        # a party label between the name and the cue
        ('Sen. Ann Dole (R-Kan.) said the bill was "a disaster for farmers."', '"a disaster', "Sen. Ann Dole"),
        ('Gov. Jo Kent (D-OH), said, "We will win this state."', '"We will', "Gov. Jo Kent"),
        # an adverb in -ly before the cue
        ('Moscow strongly denies that, but "we have proof," the senator said.', '"we have', "the senator"),
        # a participle with no earlier cue: the clause subject, after a leading adverb
        ('Then he turned to Bush, calling him a "stiff" on stage.', '"stiff"', "he"),
        # a coordinated cue with no earlier cue: the subject of the main clause
        ('She met 300 farmers at a fair and told them that jointly they would "rebuild the silos."', '"rebuild', "She"),
        # a partial quote opening the sentence, the tag after the clause
        ('"This could be a hurdle" for the mayor, Lindqvist said.', '"This could', "Lindqvist"),
        # a partial quote right before a tag: the tag's speaker, not an earlier cue's
        ('Nothing the mayor said "will calm their fears," the senator said.', '"will calm', "the senator"),
        # an inverted tag after the quote's own clause
        ("''It is remarkable,'' since so many races were tight, said Lena Ekberg, a professor.", "''It is", "Lena Ekberg"),
        # a nested single closing mark before the tag
        ("''I would call it 'old-school,''' said Greg Slay, a former envoy.", "''I would", "Greg Slay"),
        # a mis-typed closing mark
        ("“It is unusual,“ said Harry Nolan, a lawyer.", "“It is", "Harry Nolan"),
        # new cue verbs
        ('"We will work out a system," Trump answered.', '"We will', "Trump"),
        ('The mayor blasted the plan as "a giveaway to developers."', '"a giveaway', "The mayor"),
        # a headline: the name before the colon speaks
        ("Brandt: Mayor Ortega’s ‘Budget Is A Fantasy.’", "‘Budget", "Brandt"),
    ],
)
def test_round4_speakers(text, quote_start, speaker):
    got = _spk(text, quote_start)
    assert got is not None, find_quotes(text)
    assert got[1] == speaker, got


@pytest.mark.parametrize(
    "text, quote_start, content",
    [
        ('"This could be a hurdle" for the mayor, Lindqvist said.', '"This could', '"This could be a hurdle" for the mayor'),
        ("Brandt: Mayor Ortega’s ‘Budget Is A Fantasy.’", "‘Budget", "Mayor Ortega’s ‘Budget Is A Fantasy.’"),
        # two quoted labels of one cue share one content
        ('Ortiz blasted Haldane, calling him a "walking scandal" and "landlord in chief."', '"walking', 'him a "walking scandal" and "landlord in chief."'),
    ],
)
def test_round4_contents(text, quote_start, content):
    got = _spk(text, quote_start)
    assert got is not None and got[3] == content, got


def test_title_in_tag_does_not_break_a_continued_quote():
    # the programme title inside the tag is dropped, so the next quote continues the first
    text = '"He is a phony," Ortiz said Sunday on WKRN\'s "Morning Forum." "He has built his career on favors."'
    qs = find_quotes(text)
    assert [q.text for q in qs] == ['"He is a phony,"', '"He has built his career on favors."']
    assert qs[1].speaker_start == qs[0].speaker_start and qs[1].cue_start < 0


@pytest.mark.parametrize(
    "text",
    [
        "The Latest: Osei to auction ‘signed guitar’ for a local charity.",  # a label, not a speaker
        "Here in Dover, residents watched the “Big Game” on Sunday.",  # no cue: a scare quote
    ],
)
def test_round4_no_false_speakers(text):
    assert find_quotes(text) == [], find_quotes(text)


def test_round4_not_subject_openers():
    # "Here" opens the sentence but is not its subject; a participle is not a speaker
    qs = find_quotes("Here in Dover, Haldane widened her canvass, saying, “We have to move.”")
    assert [q.speaker for q in qs] == ["Haldane"]
    qs = find_quotes("Haldane widened her canvass, having said “we have to move now and together.”")
    assert all(q.speaker != "having" for q in qs), qs
