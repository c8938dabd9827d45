"""Round 8 of the quote extractor (docs/quotes.md): a passive naming or judging cue with its
agent, an object-taking speech cue ("pointed to"), and noun cues right before a quotation
("their chants of “…”", "in X's words, “…”"). The sentences are invented: patterns seen in the
example story and in the PolNeAR train split, in wording of our own (no PolNeAR text)."""

from __future__ import annotations

import pytest

from framing.features.quotes import find_quotes


def _all(text, **kw):
    return [(q.kind, q.speaker, q.cue, text[q.content_start : q.content_end]) for q in find_quotes(text, **kw)]


# --------------------------------------------------------------------------- passive + agent
# (text, mode, expected (kind, speaker, cue, content) list). The agent is the source; the
# content is the clause, subject included.
PASSIVE_AGENT = [
    (
        "The Afghan affiliate of Daesh was blamed by US officials for the March 2024 attack near Moscow.",
        "speech",
        [("indirect", "US officials", "blamed",
          "The Afghan affiliate of Daesh was blamed by US officials for the March 2024 attack near Moscow")],
    ),
    (
        "The mayor has been widely criticized by tenant groups for the rent rise.",
        "speech",
        [("indirect", "tenant groups", "criticized", "The mayor has been widely criticized by tenant groups for the rent rise")],
    ),
    # the agent ends before the verb's complement
    (
        "Dana Ruiz has been mocked by Ortega already as a careful debater.",
        "speech",
        [("indirect", "Ortega", "mocked", "Dana Ruiz has been mocked by Ortega already as a careful debater")],
    ),
    # a stance cue: attribution mode only
    ("The levy was opposed by the governor in March.", "speech", []),
    (
        "The levy was opposed by the governor in March.",
        "attribution",
        [("indirect", "the governor", "opposed", "The levy was opposed by the governor in March")],
    ),
    # no passive auxiliary: a noun's modifier, not a clause
    ("It was an attack blamed by officials on the group.", "speech", []),
    # a relative clause: its antecedent is not the clause's subject
    ("It is the group which was blamed by officials for the attack.", "speech", []),
    # "by" after the complement, not right after the cue (the naming-verb + "as" rule's guard)
    ("The ruling was hailed as a victory by the union.", "speech", []),
]


@pytest.mark.parametrize("text, mode, expected", PASSIVE_AGENT)
def test_passive_cue_with_agent(text, mode, expected):
    assert _all(text, mode=mode) == expected


# --------------------------------------------------------------------------- "point to" + object
POINT_TO = [
    (
        "Russian officials also pointed to opportunities in trade, energy and transport.",
        [("indirect", "Russian officials", "pointed to", "opportunities in trade, energy and transport")],
    ),
    # the object ends before a coordinated past-tense verb (a cue of its own)
    (
        "Ortiz pointed to the new budget and praised the council for passing it.",
        [("indirect", "Ortiz", "pointed to", "the new budget")],
    ),
    # the object may hold commas
    (
        "He pointed to a stop in Concord, N.H., where voters cheered him.",
        [("indirect", "He", "pointed to", "a stop in Concord, N.H., where voters cheered him")],
    ),
    # a number before "points": a noun
    ("The index rose 12 points to 80 on Friday.", []),
    ("The index gained 3.5 points to close at 1,200.", []),
    ("Rates fell 12 percentage points to 8 percentage points.", []),
    # a thing, not a source: evidence (attribution mode reads it), not speech
    ("The map points to the north.", []),
    ("It points to a cover-up.", []),
    # the object ends at a comma opening a new clause
    (
        "Russian officials pointed to opportunities in trade, but critics were unconvinced.",
        [("indirect", "Russian officials", "pointed to", "opportunities in trade")],
    ),
]


@pytest.mark.parametrize("text, expected", POINT_TO)
def test_point_to_takes_an_object(text, expected):
    assert _all(text) == expected


def test_point_to_evidence_in_attribution_mode():
    # PolNeAR annotates evidence as an attribution ("all signs point to ..."): that mode keeps it
    assert _all("The evidence points to a cover-up.", mode="attribution") == [
        ("indirect", "The evidence", "points to", "a cover-up")]


# --------------------------------------------------------------------------- noun cues
# (text, expected (kind, speaker, cue, content) list): the quote is the content.
NOUN_CUES = [
    # a pronoun possessor is no speaker to list ("their" would become a speaker id)
    ("But their chants of “Ted! Ted! Ted!” were cut short.", [("partial", "", "chants", "“Ted! Ted! Ted!”")]),
    ("Its slogan is “Just do it”.", [("partial", "", "slogan", "“Just do it”")]),
    ("Mayor Ortiz’s campaign slogan is “Homes for all.” It is everywhere.", [("partial", "Ortiz", "slogan", "“Homes for all.”")]),
    ("The mayor's slogan was “Homes for all” until May.", [("partial", "mayor", "slogan", "“Homes for all”")]),
    (
        "The firm moved to Leeds because, in Forbes’ words, “it is the most inventive city in the north.”",
        [("partial", "Forbes", "words", "“it is the most inventive city in the north.”")],
    ),
    (
        "The senator was, in the words of a senior adviser, “the torchbearer” of the party.",
        [("partial", "a senior adviser", "words", "“the torchbearer”")],
    ),
    ("In his own words, “I never wanted the job.”", [("direct", "", "words", "“I never wanted the job.”")]),
    # no possessor: no speaker, the quotation is left out like a scare quote
    ("The crowd was met with chants of “Four more years” at the door.", []),
    # "in other words" names no one
    ("In other words, “the plan” is dead.", []),
]


@pytest.mark.parametrize("text, expected", NOUN_CUES)
def test_noun_cue_before_a_quotation(text, expected):
    assert _all(text) == expected


def test_quote_nouns_are_not_that_clause_nouns_in_attribution_mode():
    # "chants" is a cue of a quotation only; "the chants that ..." is no reported clause
    assert _all("The chants that filled the hall lasted an hour.", mode="attribution") == []
