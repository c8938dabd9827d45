"""Quotations: direct, partial and indirect, with speaker and reporting cue.

Only the kept sentences of a document are read (cleaning drops page chrome and unrelated
stories), but a quotation may run over several kept sentences and paragraphs.

Span convention: for ``direct`` and ``partial`` quotes ``start``/``end`` cover the quoted
content *including* its quotation marks (``“We value ...”``); a quote running over paragraphs
covers everything from the first opening mark to the last closing mark. For ``indirect``
quotes the span is the reported clause (after the cue and an optional "that", without the
sentence-final stop). Always ``doc.text[start:end] == text``.

Kinds:

* ``direct``: a quoted utterance set off from the writer's sentence (it starts a sentence, or
  follows a colon or a comma, or is followed by a speaker tag such as ``,” X said``);
* ``partial``: quoted words inside the writer's sentence ("called the Taliban 'allies in
  the fight against terrorism'"), kept only when the sentence reports speech (a reporting
  cue or a speaker is found) - unattributed short quotes are scare quotes or titles
  (the ``'terrorist' blacklist``, ``“copies” of letters``) and are left out;
* ``indirect``: reported speech without quotation marks ("X said (that) ...", "according to
  X, ...", "..., X said.").

Each quote also carries its attributed *content* (``content_start``/``content_end``): what
the speaker is reported to have said. For a partial quote that is the reported clause
holding it (``X said that the plan “is a disaster” for the state``), as attribution corpora
(PolNeAR) annotate it; otherwise the quote's own span. ``mode="attribution"`` adds thoughts
(``X believes that ...``, ``cue_class == "belief"``), findings of polls and reports (``the poll
showed ...``, ``"evidence"``) and intentions and positions (``X endorsed Sanders``, ``X wants to
...``, ``"stance"``: the content is the object) as ``indirect`` quotes. See docs/quotes.md.
"""

from __future__ import annotations

__all__ = ["Quote", "find_quotes", "QuoteFeatures", "reporting_verbs", "reporting_nouns", "speaker_words"]

import bisect
import re
from itertools import compress, count, islice
from operator import itemgetter
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple, Sequence

from ..segment import count_words
from ..document import Document, make_document
from ..lexicons import read_lexicon
from ._base import SpanFeaturesMixin


class Quote(NamedTuple):
    """One quotation in a document.

    Attributes
    ----------
    quote_id : str
        ``q0``, ``q1``, ... in document order.
    sent_id : int
        The sentence where the quote starts.
    start, end : int
        The quoted content (with its quotation marks for direct/partial quotes).
    kind : str
        ``direct``, ``partial`` or ``indirect``.
    speaker : str
        The speaker as written ("Afghan Foreign Minister Amir Khan Muttaqi", "he", "the
        ministry"); for a continued quote, the speaker of the quote it continues. Empty when
        none was found.
    speaker_start, speaker_end : int
        Offsets of ``speaker`` in the text; -1 when no speaker was found.
    cue : str
        The reporting cue as written ("said", "told", "according to"); empty if none.
    cue_start, cue_end : int
        Offsets of the cue; -1 when there is none.
    anonymous : bool
        The speaker is unnamed or collective ("US officials", "people familiar with ...").
    text : str
        ``doc.text[start:end]``.
    content_start, content_end : int
        The attributed content, what the speaker is reported to have said or thought: for a
        direct or indirect quote the same span as ``start``/``end``; for a partial quote the
        reported clause that holds it (``X said that the plan “is a disaster” for the state``
        -> ``the plan “is a disaster” for the state``), or the quote itself when no cue in its
        sentence governs it. Several partial quotes in one clause share one content span.
    cue_class : str
        The class of the cue in ``reporting_verbs.tsv``: ``speech``, ``label`` (calls,
        describes), ``tag`` (", the statement continues"), ``belief`` (thinks, believes),
        ``evidence`` (a poll showed, a study found), ``stance`` (endorsed, wants to, called
        for: the content is the object) - the last three only in ``mode="attribution"``;
        empty when there is no cue.
    """

    quote_id: str
    sent_id: int
    start: int
    end: int
    kind: str
    speaker: str
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int
    cue_end: int
    anonymous: bool
    text: str
    content_start: int = -1
    content_end: int = -1
    cue_class: str = ""


# --------------------------------------------------------------------------- lexicons


@lru_cache(maxsize=8)
def reporting_verbs(
    name: str = "reporting_verbs.tsv", classes: tuple[str, ...] = ("speech", "label", "tag")
) -> dict:
    """Reporting-verb forms from a lexicon file.

    Parameters
    ----------
    name : str
        A shipped lexicon name or a path (format of ``reporting_verbs.tsv``).
    classes : tuple of str
        Verb classes to keep (``speech``, ``label``, ``tag``, ``belief``, ``evidence``,
        ``stance``).

    Returns
    -------
    dict
        ``{"single": {form: (class, clause)}, "multi": {(w1, w2, ...): (class, clause)}}``,
        forms in lower case; ``clause`` is ``bare`` or ``that``.
    """
    single: dict[str, tuple[str, str]] = {}
    multi: dict[tuple[str, ...], tuple[str, str]] = {}
    for row in read_lexicon(name):
        if len(row) < 3 or row[2] not in classes:
            continue
        info = (row[2], row[3] if len(row) > 3 else "bare")
        for form in row[1].split(","):
            words = tuple(form.strip().lower().split())
            if len(words) == 1:
                single.setdefault(words[0], info)
            elif words:
                multi.setdefault(words, info)
    # multi-word cues by first word, in file order: a cue test costs a dict look-up
    by_first: dict[str, list] = {}
    for words, info in sorted(multi.items(), key=lambda kv: -len(kv[0])):  # longest match first
        by_first.setdefault(words[0], []).append((words, info))
    # every word that can open a cue: other words are skipped without a look-up of their own
    first = frozenset(single) | frozenset(by_first) | {"according"}
    return {"single": single, "multi": multi, "multi_first": by_first, "first": first}


@lru_cache(maxsize=4)
def reporting_nouns(name: str = "reporting_nouns.tsv") -> dict[str, str]:
    """Reporting-noun forms (lower case) -> class, from a lexicon like ``reporting_nouns.tsv``.

    Parameters
    ----------
    name : str
        A shipped lexicon name or a path (format of ``reporting_nouns.tsv``).

    Returns
    -------
    dict of str to str
        Each form (``claim``, ``claims``, ...) -> its class (``speech`` or ``belief``).
    """
    out: dict[str, str] = {}
    for row in read_lexicon(name):
        if len(row) >= 3:
            for form in row[1].split(","):
                out.setdefault(form.strip().lower(), row[2])
    return out


@lru_cache(maxsize=4)
def speaker_words(name: str = "quote_speaker_words.tsv") -> dict[str, frozenset[str]]:
    """Type -> set of words/phrases (titles, pronouns, anonymous heads, organisation heads).

    Parameters
    ----------
    name : str
        A shipped lexicon name or a path (format of ``quote_speaker_words.tsv``).

    Returns
    -------
    dict of str to frozenset of str
        ``title``, ``pronoun``, ``anonymous``, ``org``, ``time`` -> their words (lower case).
    """
    out: dict[str, set[str]] = {}
    for row in read_lexicon(name):
        if len(row) >= 2:
            out.setdefault(row[1], set()).add(row[0].lower())
    return {k: frozenset(v) for k, v in out.items()}


def _grammar_words(name: str = "quote_grammar.tsv") -> MappingProxyType:
    """Set name -> its words in file order, from a lexicon like ``quote_grammar.tsv``."""
    sets: dict[str, list[str]] = {}
    for row in read_lexicon(name):
        if len(row) >= 2:
            sets.setdefault(row[0], []).append(row[1])
    return MappingProxyType({k: tuple(v) for k, v in sets.items()})


# The closed-class word sets of the rules below, read once at import (read-only).
_GRAMMAR = _grammar_words()


def _words(name: str) -> frozenset[str]:
    """A word set of ``quote_grammar.tsv``."""
    return frozenset(_GRAMMAR[name])


def _alt(name: str) -> str:
    """A word set of ``quote_grammar.tsv`` as a regex alternation, in file order."""
    return "|".join(map(re.escape, _GRAMMAR[name]))


# --------------------------------------------------------------------------- quotation marks

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘"
_MARK = re.compile(r"''|``|[\"“”„«»‘’']")
_OPEN_BEFORE = set(" \t\r\n([{—–-/:;,“\"‘'«")
_CLOSE_AFTER = set(" \t\r\n)]}.,;:!?—–-…”\"’'»")


_INVISIBLE = frozenset("\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


class _Mark(NamedTuple):
    pos: int
    end: int
    can_open: bool
    can_close: bool
    weak: bool  # a closer that may be an apostrophe (plural possessive: "fighters' arms")


def _classify(text: str, m: re.Match, lo: int, hi: int, single: bool) -> _Mark | None:
    ch = m.group(0)
    pos, end = m.start(), m.end()
    before = text[pos - 1] if pos > lo else " "
    after = text[end] if end < hi else " "
    if before in _INVISIBLE:
        before = " "  # a direction mark or zero-width space left by a social-media embed
    opens_ok = (before in _OPEN_BEFORE or before.isspace()) and not after.isspace()
    closes_ok = not before.isspace() and (after in _CLOSE_AFTER or after.isspace())
    if ch in _DOUBLE_OPEN or ch == "``":
        if ch == "“" and closes_ok and not opens_ok:  # a mis-typed closer: “It's unusual,“ said X
            return _Mark(pos, end, False, True, False)
        return _Mark(pos, end, True, False, False)
    if ch in _DOUBLE_CLOSE:
        if opens_ok and not closes_ok:  # a mis-typed opener: ”Rebels declare ...
            return _Mark(pos, end, True, False, False)
        return _Mark(pos, end, False, True, False)
    if ch in ('"', "''"):
        if (
            before == " "
            and pos - 2 >= lo
            and text[pos - 2] in "'’"
            and (pos - 3 < lo or not (text[pos - 3].isspace() or text[pos - 3] in "'’"))  # not a closing ''
        ):
            return _Mark(pos, end, False, True, False)  # nested quotes closing together: 'Well done,' "
        if not (opens_ok or closes_ok):
            # glued on both sides ("word"word): decide by what is next to it
            opens_ok = before.isspace() or before in _OPEN_BEFORE
            closes_ok = not opens_ok
        return _Mark(pos, end, opens_ok and not closes_ok or (opens_ok and closes_ok), closes_ok, False)
    if not single:
        return None
    if ch == _SINGLE_OPEN:
        if before.isalnum():  # a mis-typed apostrophe inside a word
            return None
        return _Mark(pos, end, True, False, False)
    # ’ and ' : apostrophe inside a word (Afghanistan’s, don't) is neither
    if before.isalnum() and after.isalnum():
        return None
    if ch == "’" and not closes_ok:
        return None
    weak = closes_ok and before.lower() == "s" and after.isspace() and end + 1 < hi and text[end + 1].islower()
    if ch == "'" and opens_ok and not closes_ok:
        return _Mark(pos, end, True, False, False)
    if closes_ok:
        return _Mark(pos, end, False, True, weak)
    return None


def _pair(marks: list[_Mark], para_of) -> list[tuple[int, int]]:
    """Pair opening and closing marks into quote spans (start of opener, end of closer).

    An opener left open at the end of a paragraph continues when the next paragraph starts
    with an opener (the news convention for quotes running over paragraphs); otherwise it is
    dropped.
    """
    out: list[tuple[int, int]] = []
    open_mark: _Mark | None = None
    cur_para = -1  # paragraph the open quote has reached
    for i, mk in enumerate(marks):
        if open_mark is None:
            if mk.can_open:
                open_mark, cur_para = mk, para_of(mk.pos)
            continue
        p = para_of(mk.pos)
        if p == cur_para:
            if mk.can_close:
                if mk.weak and _later_strong_closer(marks, i, para_of):
                    continue  # "fighters' arms": an apostrophe, the real closer comes later
                out.append((open_mark.pos, mk.end))
                open_mark = None
            elif mk.can_open:
                open_mark, cur_para = mk, p  # unbalanced: start again here
            continue
        if mk.can_open and p == cur_para + 1 and para_of.starts(mk.pos):
            cur_para = p  # the quote runs on into this paragraph
            continue
        # the open quote was never closed: drop it
        open_mark, cur_para = (mk, p) if mk.can_open else (None, -1)
    return out


def _later_strong_closer(marks, i, para_of) -> bool:
    p = para_of(marks[i].pos)
    for m2 in marks[i + 1 :]:
        if para_of(m2.pos) != p or (m2.can_open and not m2.can_close):
            return False
        if m2.can_close and not m2.weak:
            return True
    return False


class _ParaIndex:
    """Paragraph of a character offset, from the kept sentences."""

    def __init__(self, text: str, sentences):
        self.starts_ = [s.start for s in sentences]
        self.paras_ = [s.paragraph for s in sentences]
        self.para_start_: dict[int, int] = {}
        for s in sentences:
            self.para_start_.setdefault(s.paragraph, s.start)
        self.text = text

    def __call__(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts_, pos) - 1
        return self.paras_[max(i, 0)]

    def starts(self, pos: int) -> bool:
        """``pos`` is the first non-space character of its paragraph."""
        return self.para_start_.get(self(pos)) == pos


# --------------------------------------------------------------------------- tokens

_TOKEN_RULES = (
    r"(?:" + _alt("abbreviation") + r")\.|(?:[A-Z]\.){2,}|[A-Z]\.(?=\s[A-Z])|[^\W_]+(?:[’'.\-&][^\W_]+)*|[’']s\b|\S"
)
# The same matches, faster: the first three alternatives start with a capital letter, and the
# look-ahead spares the regex engine trying them at every other token (about a fifth of the
# tokenising time)
_TOKEN = re.compile(
    r"(?=[A-Z])(?:(?:" + _alt("abbreviation") + r")\.|(?:[A-Z]\.){2,}|[A-Z]\.(?=\s[A-Z]))"
    r"|[^\W_]+(?:[’'.\-&][^\W_]+)*|[’']s\b|\S"
)
# Each token with the white space before it (only white space lies between tokens: ``\S`` is
# a token), so that offsets are sums of lengths
_SPACE_TOKEN = re.compile(r"(\s*)(" + _TOKEN.pattern + ")")

# Word sets of quote_grammar.tsv (each set is described in the file's header).
_SUBJECT_STOP = _words("subject_stop")
_SKIP_BEFORE_CUE = _words("skip_before_cue")  # auxiliaries and adverbs: "has also said"
_PREPOSITIONS = _words("preposition")
_TIME_LEAD = _words("time_lead")
_TIME_MODIFIER = _words("time_modifier")
_INNER_PREP = _words("inner_prep")  # inside a subject phrase: "people familiar with", "a professor at"
_FORWARD_STOP = _words("forward_stop")
_DETERMINERS = _words("determiner")
_QUANTIFIERS = _words("quantifier")
_PRONOUNS_OBJ = _words("object_pronoun")
_SENTENCE_ADVERBS = _words("sentence_adverb")
_DEMONSTRATIVES = _words("demonstrative")


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    low: str


def _tokens(text: str, lo: int, hi: int) -> list[_Tok]:
    """The tokens of ``text[lo:hi]`` with their offsets.

    ``findall`` (strings only) is about twice as fast as ``finditer``; each match brings the
    white space before its token, so a token starts where the previous one ends plus that
    white space (no ``str.find``). White space closing the range is left out of the search: it
    holds no token, the look-aheads read it as they read the end of the range, and a long run of
    it would be tried from each of its characters.
    """
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    new = tuple.__new__  # the NamedTuple constructor without its argument handling (hot path)
    out: list[_Tok] = []
    append = out.append
    pos = lo
    for space, t in _SPACE_TOKEN.findall(text, lo, hi):
        start = pos + len(space)
        pos = start + len(t)
        append(new(_Tok, (start, pos, t, t.lower().replace("’", "'"))))
    return out


def _starts_inside(toks: list[_Tok], spans, starts: list[int] | None = None) -> set[int]:
    """Starts of the tokens that begin inside one of ``spans`` (sorted, non-overlapping).

    Each span is located by bisection, so the cost follows the spans that reach the tokens,
    not every token. ``starts``: the tokens' starts, when the caller has them.
    """
    if not spans or not toks:
        return set()
    if starts is None:
        starts = [t.start for t in toks]
    lo, hi = toks[0].start, toks[-1].start
    k = max(bisect.bisect_right(spans, (lo,)) - 1, 0)  # the last span starting before lo
    out = set()
    for a, b in spans[k:]:
        if a > hi:
            break
        i = bisect.bisect_left(starts, a)
        j = bisect.bisect_left(starts, b)
        out.update(starts[i:j])
    return out


def _is_wordlike(tok: _Tok) -> bool:
    return tok.text[0].isalnum() or tok.low == "'s"


# --------------------------------------------------------------------------- attribution


class _Attr(NamedTuple):
    speaker_start: int
    speaker_end: int
    cue_start: int
    cue_end: int
    cue_class: str = ""


_ACCORDING = ("speech", "bare")


def _cue_info(toks: list[_Tok], i: int, verbs: dict) -> tuple[int, str, str]:
    """``(n_tokens, class, clause)`` of a reporting cue starting at ``toks[i]``; n=0 if none.

    A cue is lower case (a capitalised "State" or "Call" is a name or a headline word).
    """
    t = toks[i]
    if not t.text[:1].islower() and not (
        # sentence-initial inversion: "According to X, ..." / "Said Haldane, “...”"
        i == 0 and (t.low == "according" or (t.low in verbs["single"] and i + 1 < len(toks) and toks[i + 1].text[:1].isupper()))
    ):
        return 0, "", ""
    if t.low == "according" and i + 1 < len(toks) and toks[i + 1].low == "to":
        return 2, *_ACCORDING
    for words, info in verbs["multi_first"].get(t.low, ()):
        k = len(words)
        if tuple(x.low for x in toks[i : i + k]) == words:
            return k, *info
    info = verbs["single"].get(t.low)
    if info:
        return 1, *info
    return 0, "", ""


def _cue_at(toks: list[_Tok], i: int, verbs: dict) -> int:
    return _cue_info(toks, i, verbs)[0]


def _speaker_before(toks: list[_Tok], i: int, words, masked=()) -> tuple[int, int] | None:
    """Token range [a, b) of the subject ending just before ``toks[i]`` (a cue).

    Walks back over auxiliaries and adverbs ("has also said"), then over the noun phrase
    (names, titles, "of"/"with"/"at" phrases: "people familiar with the talks"). After a
    relative pronoun or an apposition set off by commas ("Cheng, who lives nearby, said";
    "Moscow, which called ...") the subject is the phrase before the comma.
    """
    times = words.get("time", frozenset())
    j = i - 1
    while j >= 0:
        if toks[j].low in _SKIP_BEFORE_CUE or (len(toks[j].low) > 4 and toks[j].low.endswith("ly") and toks[j].text.islower()):
            j -= 1  # "has also said", "Moscow strongly denies"
            continue
        # a time phrase between subject and cue: "A spokesperson on Thursday said"
        k = j
        while k >= 0 and (toks[k].low in times or toks[k].text.isdigit()):
            k -= 1
        if k < j and k >= 0 and toks[k].low in _TIME_LEAD:
            j = k - 1
            continue
        break
    if j >= 2 and toks[j].text == ")":
        # a party label or affiliation after the name: "Sen. Ann Dole (R-Kan.) said"
        k = next((k for k in range(j - 1, max(-1, j - 8), -1) if toks[k].text in "()"), -1)
        if k > 0 and toks[k].text == "(" and _is_wordlike(toks[k - 1]):
            j = k - 1
    b = j + 1
    a = b
    while j >= 0 and b - j <= 14:
        t = toks[j]
        if t.start in masked or not _is_wordlike(t):
            break
        if t.low in _SUBJECT_STOP and t.low not in _INNER_PREP:
            break
        a = j
        j -= 1
    while a < b and toks[a].low in _INNER_PREP:
        a += 1
    if a >= b:
        # "X, who/which ..." or "X, a professor at Y, said": the subject is before the comma
        k = b - 1
        if k >= 0 and toks[k].low in ("who", "which") and k >= 1 and toks[k - 1].text == ",":
            return _speaker_before(toks, k - 1, words, masked)
        if k >= 2 and toks[k].text == "," and toks[k - 1].text == ")":
            rng = _speaker_before(toks, k, words, masked)  # "Gov. Jo Kent (D-OH), said"
            if rng is not None:
                return rng
        if k >= 0 and toks[k].text == ",":
            for c in range(k - 1, max(-1, k - 20), -1):
                if toks[c].text == ",":
                    # "Smith, a spokesman for X, said" / "Whitcomb, executive director of Y, said"
                    if c + 1 < k and _is_wordlike(toks[c + 1]):
                        rng = _speaker_before(toks, c, words, masked)
                        if rng is not None:
                            return rng
                    break
        if k >= 1 and toks[k].text in _APPOSITION_END:
            # an apposition or relative clause too long to walk, set off after the name that
            # opens the sentence: "Ann Lee, a county organizer who ran ... , said";
            # "Rosa Delgado — a nurse from Cedar Falls — says"
            rng = _leading_name(toks[:k], words)
            if (
                rng is not None
                and rng[1] < k
                and toks[rng[1]].text in _APPOSITION_END
                and toks[rng[0]].start not in masked
                and not (rng[1] - rng[0] == 1 and _sentence_adverb(toks[rng[0]], words))
            ):
                return rng
        return None
    if b - a == 1 and toks[a].low in _SKIP_BEFORE_CUE | _DETERMINERS:
        return None
    if toks[a].text.islower() and toks[a].low.endswith("ing") and toks[a].low not in words.get("anonymous", ()):
        return None  # a participle clause, not a subject: "having referred to", "endorsing eight"
    return a, b


_APPOSITION_END = frozenset(",—–-")


def _sentence_adverb(tok: _Tok, words) -> bool:
    """A capitalised sentence opener that is not a name: "Still,", "Earlier,", "Today,"."""
    low = tok.low
    return low in _CLAUSE_LEAD or low in _NOT_SUBJECT or low.endswith("ly") or low in words.get("time", ()) or low in _SENTENCE_ADVERBS


def _speaker_after(toks: list[_Tok], i: int, words) -> tuple[int, int] | None:
    """Token range of the subject following a cue at ``toks[i]`` ("said X", "according to X")."""
    a = i
    if a >= len(toks):
        return None
    first = toks[a]
    if not _is_wordlike(first) or first.low in _DEMONSTRATIVES:
        return None
    if not (
        first.text[0].isupper()
        or first.low in _DETERMINERS
        or first.low in words.get("pronoun", ())
        or first.low in words.get("title", ())  # "said former council adviser Dana Whitfield"
        or first.low in _QUANTIFIERS  # "said one organizer involved in the effort"
    ):
        return None
    b = a
    while b < len(toks) and b - a < 14:
        t = toks[b]
        if not _is_wordlike(t):
            if t.text in "-–" and b + 1 < len(toks) and toks[b + 1].text[:1].isupper():
                b += 1
                continue
            break
        if t.low in _FORWARD_STOP and b > a and not (t.low == "with" and toks[b - 1].low == "familiar"):
            break
        if t.low == "of" and not (b + 1 < len(toks) and (toks[b + 1].text[:1].isupper() or toks[b + 1].low == "the")):
            break
        b += 1
    if b == a:
        return None
    return a, b


def _described_name_after(toks: list[_Tok], a: int, words) -> tuple[int, int] | None:
    """A name after a tag cue led by lower-case descriptors: "said retired surgeon Alma
    Reyes" (at most three descriptors, then a capitalised name)."""
    k = a
    while k < len(toks) and k - a < 3 and toks[k].text[:1].islower() and toks[k].text.isalpha():
        if toks[k].low in _SUBJECT_STOP or toks[k].low in _TIME_LEAD or toks[k].low in words.get("time", ()):
            return None
        k += 1
    if k == a or k >= len(toks) or not toks[k].text[:1].isupper():
        return None
    rng = _speaker_after(toks, k, words)
    return (a, rng[1]) if rng else None


_START = itemgetter(0)  # _Tok.start
_LOW = itemgetter(3)  # _Tok.low


class _Finder:
    def __init__(self, doc: Document, verbs: dict, words: dict):
        self.doc = doc
        self.text = doc.text
        self.verbs = verbs
        self.words = words
        self.nouns: dict = {}  # reporting nouns, read in mode="attribution" only
        self.unattributed = True  # keep speech-like partial quotes with no cue
        self.speech_only = True  # speech mode: object cues need a subject that can be a source

    def set_block(self, lo: int, hi: int) -> None:
        """Tokenize a block once; later ranges inside it are slices of these tokens."""
        self.btoks_ = _tokens(self.text, lo, hi)
        self.bstarts_ = list(map(_START, self.btoks_))

    def token_range(self, lo: int, hi: int) -> tuple[int, int]:
        """``(i, j)``: the block's tokens lying wholly inside ``[lo, hi)`` are ``btoks_[i:j]``."""
        i = bisect.bisect_left(self.bstarts_, lo)
        j = bisect.bisect_left(self.bstarts_, hi)
        while j > i and self.btoks_[j - 1].end > hi:
            j -= 1
        return i, j

    def tokens(self, lo: int, hi: int) -> list[_Tok]:
        """The block's tokens lying wholly inside ``[lo, hi)``."""
        i, j = self.token_range(lo, hi)
        return self.btoks_[i:j]

    def _toks(self, lo, hi, masked):
        i, j = self.token_range(lo, hi)
        toks = self.btoks_[i:j]
        return toks, _starts_inside(toks, masked, self.bstarts_[i:j])

    def _attr(self, toks, rng, i, n) -> _Attr:
        cls = _cue_info(toks, i, self.verbs)[1]
        if rng is None:
            return _Attr(-1, -1, toks[i].start, toks[i + n - 1].end, cls)
        return _Attr(toks[rng[0]].start, toks[rng[1] - 1].end, toks[i].start, toks[i + n - 1].end, cls)

    def right(self, lo: int, hi: int, masked, strict: bool = False) -> _Attr | None:
        """A speaker tag right after a quote: ``, X said`` / ``, said X`` / ``, according to X``.

        ``strict``: no comma between quote and tag (``“...” Dunmore said.``): only a tag of
        a subject and a cue (or a cue and a speaker) that ends the sentence is taken.
        """
        toks, inside = self._toks(lo, hi, masked)
        first = self.verbs["first"]
        k = 0
        while k < len(toks) and toks[k].text in ",—–-'’":
            k += 1  # also a nested single closing mark left over after a double one
        for i in range(k, min(len(toks), k + 24)):  # "X, director of ... at Y, said"
            t = toks[i]
            if t.text in ".!?;:“”\"(‘" or t.start in inside:
                break
            if t.low not in first:
                continue
            n, cls, _ = _cue_info(toks, i, self.verbs)
            if not n or cls in ("label", "stance") or _noun_cue(toks, i):
                continue
            if strict:
                rng = _speaker_after(toks, i + n, self.words) if i == k else _speaker_before(toks, i, self.words, inside)
                stop = (rng[1] if i == k else i + n) if rng else -1
                if rng is None or (i != k and rng[0] != k) or (stop < len(toks) and toks[stop].text not in ".!?"):
                    return None
                return self._attr(toks, rng, i, n)
            if i == k or t.low == "according":
                rng = _speaker_after(toks, i + n, self.words)
                if rng is None and t.low != "according":
                    rng = _described_name_after(toks, i + n, self.words)
                return self._attr(toks, rng, i, n)
            if (
                toks[i - 1].text == ","
                and t.low in _INVERTING_CUES
                and i + n < len(toks)
                and toks[i + n].text[:1].isupper()
                and toks[i + n].low not in self.words.get("time", ())
            ):
                # "“…,” since so many races were tight, said Lena Ekberg": the inverted tag
                rng = _speaker_after(toks, i + n, self.words)
                if rng is not None:
                    return self._attr(toks, rng, i, n)
            rng = _speaker_before(toks, i, self.words, inside)
            if rng is None or rng[0] != k:
                # the words between quote and cue are not one subject ("..." could run ..., analysts say)
                if (
                    rng is not None
                    and i - k <= 16
                    and all(x.text not in ";:" for x in toks[k:i])
                    and not (rng[0] >= 1 and toks[rng[0] - 1].low in _NEW_CLAUSE)  # not ", while two others suggested"
                ):
                    return self._attr(toks, rng, i, n)
                return None
            return self._attr(toks, rng, i, n)
        return None

    def left(self, lo: int, hi: int, masked) -> _Attr | None:
        """The nearest cue before a quote that has a subject (``X said: "..."``,
        ``Putin called the Taliban 'allies ...'``, ``X said ... and said "..."``)."""
        toks, inside = self._toks(lo, hi, masked)
        pending = None  # the nearest cue, when it shares the subject of an earlier verb
        participle = -1  # a pending ", adding"/", telling": its subject may be the clause's
        first = self.verbs["first"]
        for i in range(len(toks) - 1, -1, -1):
            if toks[i].low not in first or toks[i].start in inside:
                continue
            n, cls, _ = _cue_info(toks, i, self.verbs)
            if not n or cls == "stance" or _noun_cue(toks, i):
                continue
            if cls == "tag" and not (pending is None and all(not _is_wordlike(x) for x in toks[i + n :])):
                r_as = _speaker_before(toks, i, self.words, inside)
                if not (r_as and r_as[0] >= 1 and toks[r_as[0] - 1].low == "as"):
                    continue  # a tag cue only right before the quote: "He continued, “...”"
                # ... or in "As the Gazette's Ann Marcus puts it, the mayor is handing …"
            shared = _shares_subject(toks, i)
            if toks[i].low == "according":
                rng = _speaker_after(toks, i + n, self.words)
            elif shared and toks[i].low.endswith("ing"):
                # "Ortega said, adding, “...”": the speaker of an earlier cue; failing that
                # "Ortega reversed herself, telling WKRN ...": the subject of the main clause
                rng = None
                if pending is None:
                    participle = i
                else:  # "X blasted Y, calling her ..., and then tweeted “...”"
                    rng = _clause_subject(toks, i, self.words, inside)
            elif shared:
                rng = None  # "X told investors ... and then tweeted that ...": X's cue comes earlier
            else:
                rng = _speaker_before(toks, i, self.words, inside)
                if rng is None and cls != "label":
                    # "said Afghan Foreign Minister X: '...'": the name, then a colon or comma
                    r2 = _speaker_after(toks, i + n, self.words)
                    rest = toks[r2[1] :] if r2 else []
                    if r2 is not None and rest and rest[0].text in ",:" and all(not _is_wordlike(x) for x in rest):
                        rng = r2
                    elif r2 is not None and participle > r2[1] and pending is not None and pending_i == participle:
                        # '“…,” said Deputy Mayor Paul Grant, urging those … to “give the
                        # clerks time.”': the participle's subject is the inverted tag's speaker
                        return self._attr(toks, r2, participle, _cue_info(toks, participle, self.verbs)[0])
            if rng:
                attr = self._attr(toks, rng, i, n)
                if pending is not None:  # the speaker found here, the cue that governs the quote
                    attr = attr._replace(cue_start=pending.cue_start, cue_end=pending.cue_end, cue_class=pending.cue_class)
                return attr
            if shared and pending is None:
                pending, pending_i = self._attr(toks, None, i, n), i
        if participle >= 0 and pending is not None:
            rng = _clause_subject(toks, participle, self.words, inside)
            if rng:
                return self._attr(toks, rng, participle, _cue_info(toks, participle, self.verbs)[0])
        if pending is not None and participle < 0:
            # "She greeted supporters ... and told them that ...": no earlier cue; the
            # subject of the main clause
            rng = _clause_subject(toks, pending_i, self.words, inside)
            if rng:
                return self._attr(toks, rng, pending_i, _cue_info(toks, pending_i, self.verbs)[0])
        return pending if pending is not None and pending.speaker_start >= 0 else None


# Subordinators and conjunctions that open a clause of its own after a quotation: a cue
# there is that clause's verb, not the quotation's tag.
_NEW_CLAUSE = _words("new_clause")
# Cues that put their subject after them ("..., said Lena Ekberg"); "told X" names the addressee.
_INVERTING_CUES = _words("inverting_cue")


# Words that open a participle clause sharing the main clause's subject ("before claiming").
_PARTICIPLE_LEAD = _words("participle_lead")


def _shares_subject(toks: list[_Tok], i: int) -> bool:
    """The cue at ``toks[i]`` has no subject of its own: a participle after a comma (", saying")
    or a verb coordinated with an earlier one ("... and (then) tweeted")."""
    if i >= 2 and toks[i].low.endswith("ing"):
        k = i - 1
        while k > 0 and not _is_wordlike(toks[k]) and toks[k].text != ",":
            k -= 1  # a closing quotation mark: "were ''exaggerated,'' adding that"
        if toks[k].text == "," or (k < i - 1 and toks[k].text.endswith(",")):
            return True
        if toks[i - 1].low in _PARTICIPLE_LEAD:
            return True  # "... on the radio before claiming that ...": the main clause's subject
    j = i - 1
    while j >= 0 and toks[j].low in _SKIP_BEFORE_CUE:
        j -= 1
    return j >= 1 and toks[j].low in ("and", "but")


# --------------------------------------------------------------------------- main


def _blocks(doc: Document) -> list[list]:
    """Runs of consecutive kept sentences (a dropped sentence ends a run)."""
    blocks: list[list] = []
    prev = None
    for s in doc.sentences:
        if not s.kept:
            prev = None
            continue
        if prev is None:
            blocks.append([s])
        else:
            blocks[-1].append(s)
        prev = s
    return blocks


_WORD_RUN = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*")


def _has_words(text: str, start: int, end: int, n: int) -> bool:
    """Whether ``text[start:end]`` holds at least ``n`` words (stops reading at the n-th)."""
    return len(list(islice(_WORD_RUN.finditer(text, start, end), n))) >= n


_MODES = {
    "speech": ("speech", "label", "tag"),
    "attribution": ("speech", "label", "tag", "belief", "evidence", "stance"),
}


def find_quotes(
    doc: Document | str, *, verbs=None, words=None, mode: str = "speech", unattributed: bool = True
) -> list[Quote]:
    """Find the quotations in the kept sentences of a document.

    Parameters
    ----------
    doc : Document or str
        A string is wrapped with :func:`~framing.document.make_document` (every sentence kept).
    verbs : str, path-like or None
        A reporting-verb lexicon (same format as ``reporting_verbs.tsv``); default: the shipped
        list, classes ``speech`` and ``label``.
    words : str, path-like or None
        A speaker-word lexicon (titles, pronouns, anonymous heads) like
        ``quote_speaker_words.tsv``.
    mode : {"speech", "attribution"}
        ``speech`` (default): what someone said or wrote - direct, partial and indirect
        reported speech. ``attribution``: also thoughts, findings and stances attributed to a
        source (``X believes that ...``, ``the poll showed ...``, ``X endorsed Y``: verb
        classes ``belief``, ``evidence``, ``stance``, returned as ``indirect`` with that
        ``cue_class``; also "X seems/appears/is expected to ..." with the whole clause as
        content and no speaker, and reporting nouns "X's claim that ...", from
        ``reporting_nouns.tsv``), the scope of attribution corpora such as PolNeAR. They are not in
        the default: a belief is the writer's account of a state
        of mind, not a remark a reader could check against the source or align across outlets.
    unattributed : bool
        Also keep a partial quote with no reporting cue in its sentence when it reads as a
        sentence of speech (four or more words, closed by ``.``/``!``/``?`` inside the marks,
        not in title case) and its sentence has a subject that reads as one (a pronoun, a
        phrase led by an article, or a name followed by a verb: "Mayor Ortiz worried that the
        rainy-day fund was becoming “a piggy bank that nobody dares to break.”"); that subject is
        the speaker.
        On by default since round 6 (docs/quotes.md); ``False`` drops every partial quote
        without a cue.

    Returns
    -------
    list of Quote
        In document order, ids ``q0``, ``q1``, ...; see the module docstring for spans and kinds.

    Examples
    --------
    >>> qs = find_quotes("“We value this step,” Muttaqi said. Russia said ties would grow.")
    >>> [(q.kind, q.text, q.speaker, q.cue) for q in qs]
    [('direct', '“We value this step,”', 'Muttaqi', 'said'), ('indirect', 'ties would grow', 'Russia', 'said')]
    """
    if isinstance(doc, str):
        doc = make_document(doc)
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {sorted(_MODES)}, not {mode!r}")
    verbs_d = reporting_verbs(classes=_MODES[mode]) if verbs is None else reporting_verbs(str(verbs), _MODES[mode])
    words_d = speaker_words() if words is None else speaker_words(str(words))
    text = doc.text
    finder = _Finder(doc, verbs_d, words_d)
    finder.nouns = {k: v for k, v in reporting_nouns().items() if v != "quote"} if mode == "attribution" else {}
    finder.unattributed = bool(unattributed)
    finder.speech_only = mode == "speech"
    raw: list[dict] = []
    for block in _blocks(doc):
        raw.extend(_block_quotes(text, block, finder))
    raw.sort(key=lambda r: (r["start"], r["end"]))
    out = []
    anonymous: dict[str, bool] = {}  # per speaker as written: a version quotes its speakers again and again
    for i, r in enumerate(raw):
        ss, se = r["speaker"]
        cs, ce = r["cue"]
        speaker = text[ss:se] if ss >= 0 else ""
        if speaker and speaker not in anonymous:
            anonymous[speaker] = is_anonymous(speaker, words_d)
        out.append(
            Quote(
                quote_id=f"q{i}",
                sent_id=r["sent_id"],
                start=r["start"],
                end=r["end"],
                kind=r["kind"],
                speaker=speaker,
                speaker_start=ss,
                speaker_end=se,
                cue=text[cs:ce] if cs >= 0 else "",
                cue_start=cs,
                cue_end=ce,
                anonymous=anonymous[speaker] if speaker else False,
                text=text[r["start"] : r["end"]],
                content_start=r["content"][0],
                content_end=r["content"][1],
                cue_class=r["cue_class"],
            )
        )
    return out


def is_anonymous(speaker: str, words: dict | None = None) -> bool:
    """An unnamed or collective source: no proper name, head noun an anonymous-source word.

    "US officials", "people familiar with the talks", "Western diplomats", "a source" are
    anonymous; "the ministry" (an organisation) and "he" (resolved later) are not.

    Parameters
    ----------
    speaker : str
        A speaker as written.
    words : dict, optional
        :func:`speaker_words` output; default the shipped list.

    Returns
    -------
    bool
        Whether the speaker is anonymous.
    """
    words = speaker_words() if words is None else words
    low = speaker.lower().replace("’", "'")
    toks = re.findall(r"[^\W_]+", low)
    if not toks:
        return False
    anon = words.get("anonymous", frozenset())
    phrases = _phrases(anon) if isinstance(anon, frozenset) else tuple(p for p in anon if " " in p)
    if any(p in low for p in phrases):
        return True
    if not any(t in anon for t in toks):
        return False
    # a proper name (capitalised word that is not a nationality/title-like modifier) makes it named
    caps = [w for w in re.findall(r"[^\W_]+", speaker) if w[0].isupper()]
    titles = words.get("title", frozenset())
    named = [w for w in caps if w.lower() not in anon and w.lower() not in titles and not _looks_adjectival(w)]
    return not named


@lru_cache(maxsize=8)
def _phrases(anon: frozenset[str]) -> tuple[str, ...]:
    """The phrases of several words among the anonymous-source words (a frozenset keeps its
    hash, so the look-up is cheap)."""
    return tuple(p for p in anon if " " in p)


_ADJECTIVAL_SUFFIXES = _GRAMMAR["adjectival_suffix"]
_MODIFIER_WORDS = _words("modifier_word")


def _looks_adjectival(word: str) -> bool:
    """Nationality/place modifiers ("US", "Western", "Russian", "Afghan") do not name a person."""
    w = word.lower()
    return word.isupper() or w.endswith(_ADJECTIVAL_SUFFIXES) or w in _MODIFIER_WORDS


def _block_quotes(text: str, block, finder: _Finder) -> list[dict]:
    lo, hi = block[0].start, block[-1].end
    finder.set_block(lo, hi)
    para = _ParaIndex(text, block)
    sent_starts = [s.start for s in block]

    def sent_of(pos: int):
        return block[max(bisect.bisect_right(sent_starts, pos) - 1, 0)]

    # 1. double quotes, then single quotes outside them (single quotes inside are nested)
    marks: list[_Mark] = []
    singles: list[re.Match] = []
    for m in _MARK.finditer(text, lo, hi):
        if m.group(0) in "‘’'":
            singles.append(m)
        else:
            marks.append(_classify(text, m, lo, hi, False))  # (never None for a double mark)
    spans = _pair(marks, para)
    dstarts = [x for x, _ in spans]

    def in_double(pos: int) -> bool:
        k = bisect.bisect_right(dstarts, pos) - 1
        return k >= 0 and pos < spans[k][1]

    smarks = [c for m in singles if not in_double(m.start()) and (c := _classify(text, m, lo, hi, True))]
    spans = sorted(spans + _pair(smarks, para))
    clean: list[tuple[int, int]] = []
    for a, b in spans:
        if not (clean and a < clean[-1][1]) and _WORD_RUN.search(text, a, b):
            clean.append((a, b))
    spans = clean

    out: list[dict] = []
    used_cues: set[int] = set()
    for k_span, (a, b) in enumerate(spans):
        s_first, s_last = sent_of(a), sent_of(b - 1)
        left_lo, right_hi = s_first.start, s_last.end
        inner = text[a:b]
        # The splitter may end a sentence at the closing mark ("...?” she asked." / "...!' Osei
        # wrote."): look at the next sentence of the paragraph for the tag.
        if right_hi <= b + 1:
            nxt = [s for s in block if s.start >= b]
            if nxt and para(nxt[0].start) == para(a) and (
                not text[nxt[0].start].isupper() or _ENDS_TAGGABLE.search(inner)
            ) and text[nxt[0].start] not in "“\"‘'":
                right_hi = nxt[0].end
        before = text[left_lo:a]
        after = text[b:right_hi]
        masked = spans[:k_span] + spans[k_span + 1 :]  # the other quotes
        first_letter = next((ch for ch in inner if ch.isalpha()), "")
        before_has_words = _WORD_RUN.search(before) is not None
        starts_clause = (
            not before_has_words
            or before.rstrip().endswith(":")
            or (_SETS_OFF.search(before.rstrip()[-3:]) is not None and first_letter.isupper())
        )
        tag_ok = bool(_ENDS_FOR_TAG.search(inner)) or bool(_TAG_COMMA_AFTER.match(after))
        ends_clause = tag_ok or bool(_ENDS_STOP.search(inner)) or not after.strip() or bool(_STOP_AFTER.match(after))
        attr_r = finder.right(b, right_hi, masked) if tag_ok else None
        if not tag_ok and _WORD_AFTER.match(after):
            # no comma before the tag: "“... a contest of factions” Dunmore said."
            attr_r = finder.right(b, right_hi, masked, strict=True)
            if attr_r is not None:
                tag_ok = ends_clause = True
        attr_l = finder.left(left_lo, a, masked)
        direct_pos = starts_clause and ends_clause
        if direct_pos or (tag_ok and attr_r is not None and attr_r.speaker_start >= 0 and _ENDS_TAGGABLE.search(inner)):
            # a tag right after the quote names its speaker, also after a partial quote:
            # 'Nothing the mayor said "will calm their fears," the senator said.'
            attr = attr_r if attr_r and attr_r.speaker_start >= 0 else (attr_l or attr_r)
        else:
            attr = attr_l or attr_r
        kind = "direct" if direct_pos else "partial"
        last = out[-1] if out else None
        if (
            last is not None
            and last["kind"] == "direct"
            and last["speaker"][0] >= 0
            and last["end"] <= last["cue"][0] < a
            and last["end"] <= last["speaker"][0] < a
            and last["end"] >= left_lo
            and before.rstrip().endswith((",", ":"))
            and (attr_l is None or attr_l.cue_start == last["cue"][0])
        ):
            # a quote split by its speaker tag inside one sentence: "“A,” she said, “B.”" /
            # "“The risk,” said X, an economist, “is ...”": one utterance, the tag's speaker
            kind, attr = "direct", _Attr(last["speaker"][0], last["speaker"][1], -1, -1)
        if attr is None and kind == "partial" and not tag_ok:
            # the tag later in the sentence: "“This could be a hurdle” for the mayor, Lindqvist said."
            r2 = finder.right(b, s_last.end, masked)
            if r2 is not None and r2.speaker_start >= 0 and r2.cue_class == "speech":
                attr = r2
        noun_cue = False  # "their chants of “…”", "in Forbes’ words, “…”": the quote is the content
        if attr is None:
            got = _noun_cue_before(finder.tokens(left_lo, a), finder.words)
            if got is not None:
                attr, noun_cue = got, True
        headline = None
        title_cue = False  # the quote is in a title-case headline (its words are capitalised anyway)
        if attr is None and kind == "partial":
            # a headline "Brandt: Mayor Ortega’s ‘Budget Is A Fantasy.’": the name before
            # the colon speaks, the content is all after it
            headline = _headline_speaker(finder.tokens(left_lo, a), finder.words)
            if headline is not None:
                attr = _Attr(headline[0], headline[1], -1, -1)
            elif s_first is s_last:
                attr = _title_case_cue(finder.tokens(s_first.start, s_first.end), a, b, finder)
                title_cue = attr is not None
        unattributed = False
        if attr is None and kind == "partial" and finder.unattributed and _speech_like(inner, before):
            # quoted words that read as someone's sentence, with no cue in reach: kept, with
            # the subject of the main clause or the speaker of the quotes around it
            unattributed = True
            ltoks = finder.tokens(left_lo, a)
            rng = _clause_subject(ltoks, len(ltoks), finder.words)
            if rng is not None and _subject_then_verb(ltoks, rng, finder.words):
                rng = _noun_phrase(ltoks, rng)
                attr = _Attr(ltoks[rng[0]].start, ltoks[rng[1] - 1].end, -1, -1)
        elif attr is None and (kind == "partial" or not _has_words(text, a, b, 3)):
            continue  # scare quotes, titles, nicknames, a quoted word: not speech
        if kind == "partial" and headline is None and not title_cue and _is_title(inner, before, _PROGRAMME_BEFORE):
            continue  # a programme or publication: 'said on WKRN's “Morning Forum.”', 'told “Coffee and Callers,”'
        if (
            kind == "partial"
            and last is not None
            and last["kind"] == "direct"
            and attr is not None
            and attr.cue_start >= 0
            and attr.cue_start == last["cue"][0]
            and _is_title(inner, before)
        ):
            continue  # a programme in the tag: "“…,” he said on WKRN's “Morning Forum.” “…”"
        if kind == "direct" and (attr is None or attr.speaker_start < 0):
            got = None
            if before.rstrip().endswith(":") and before_has_words:
                # "Osei has taken the line: “...”" / "Osei: “...”": the sentence's subject
                ltoks = finder.tokens(left_lo, a)
                rng = _name_before_colon(ltoks)
                if rng is None:
                    rng = _leading_name(ltoks, finder.words)
                if rng is None:
                    # "And Mr. Halvorsen gloated: “…”", "In a statement, Moreno wrote: “…”": the
                    # subject of the clause before the colon
                    rng = _clause_subject(ltoks, len(ltoks) - 1, finder.words)
                if rng is not None and ltoks[rng[0]].low != "it":
                    got0 = _Attr(ltoks[rng[0]].start, ltoks[rng[1] - 1].end, -1, -1)
                    attr = got0 if attr is None else attr._replace(speaker_start=got0.speaker_start, speaker_end=got0.speaker_end)
            # the last sentence before the quote, of its paragraph or the one before (only a
            # sentence starting at or before a can end before it)
            pa = para(a)
            prev = next(
                (s for s in reversed(block[: bisect.bisect_right(sent_starts, a)]) if s.end <= a and para(s.start) >= pa - 1), None
            )
            if prev is not None and text[prev.start : prev.end].rstrip().endswith(":"):
                got = finder.left(prev.start, prev.end, masked)  # "X said:" then the quote
            if got is None and prev is not None and not (out and out[-1]["end"] > prev.start):
                # "Or perhaps Ana Ortega, strategist Tom Quill says. “Several polls ...”": the
                # speaker of the sentence before, when it reports speech and holds no quote
                got = finder.left(prev.start, prev.end, masked)
                if got is not None:
                    ok = got.speaker_start >= 0 and got.cue_class == "speech"
                    got = _Attr(got.speaker_start, got.speaker_end, -1, -1) if ok else None
            if got is None and out:
                last = out[-1]
                if last["kind"] != "indirect" and para(a) - para(last["start"]) <= 1 and last["speaker"][0] >= 0:
                    got = _Attr(last["speaker"][0], last["speaker"][1], -1, -1)  # a continued quote
            if got is not None and (attr is None or attr.speaker_start < 0):
                attr = got if attr is None else _Attr(got.speaker_start, got.speaker_end, attr.cue_start, attr.cue_end, attr.cue_class)
        if unattributed and (attr is None or attr.speaker_start < 0):
            continue  # no cue and no speaker: nothing to attribute it to
        if attr is not None and attr.cue_start >= 0:
            used_cues.add(attr.cue_start)
        content = (a, b)
        if kind == "partial" and attr is not None and attr.cue_start >= left_lo and not noun_cue:
            content = _partial_content(text, a, b, attr, left_lo, s_last.end)
        elif headline is not None:
            c_lo = _skip_punct(text, headline[2], a)
            content = (c_lo, max(b, _trim_end(text, b, s_last.end)))
        out.append(
            dict(
                start=a,
                end=b,
                kind=kind,
                sent_id=s_first.sent_id,
                speaker=(attr.speaker_start, attr.speaker_end) if attr and attr.speaker_start >= 0 else (-1, -1),
                cue=(attr.cue_start, attr.cue_end) if attr and attr.cue_start >= 0 else (-1, -1),
                cue_class=attr.cue_class if attr is not None and attr.cue_start >= 0 else "",
                content=content,
            )
        )
    # a content runs to the end of its sentence unless a later cue there starts another one
    # ("told donors that A were ''exaggerated,'' adding that B had ''momentum''")
    cues = sorted(r["cue"][0] for r in out if r["cue"][0] >= 0)
    for r in out:
        lo, hi = r["content"]
        if (lo, hi) == (r["start"], r["end"]):
            continue
        cut = next((c for c in cues if r["end"] < c < hi), None)
        if cut is not None:
            # never inside the quote: "\W+and" would also strip its closing mark
            r["content"] = (lo, max(r["end"], _trim_end(text, lo, _strip_conj(text, lo, cut))))
    # two quoted labels of one cue: 'calling him a "walking scandal" and "landlord in chief"' -
    # one content, from the first label's object to the second label
    for r1, r2 in zip(out, out[1:]):
        if (
            r1["kind"] == r2["kind"] == "partial"
            and r1["cue"][0] >= 0
            and r1["cue"] == r2["cue"]
            and r1["content"][1] == r1["end"]
            and _LABEL_JOIN.fullmatch(text, r1["end"], r2["start"])
        ):
            r1["content"] = r2["content"] = (min(r1["content"][0], r2["content"][0]), max(r1["content"][1], r2["content"][1]))
    ind = _indirect(text, block, finder, spans, used_cues)
    if ind:
        # a clause content stops before a coordinated cue that starts another one: "He said A
        # and said that B", "She says A, but insists B" (the second cue has its own content);
        # also a partial quote's clause before an indirect one ("promised a “clean sweep” and
        # said that ...")
        cues = sorted(r["cue"][0] for r in out + ind if r["cue"][0] >= 0)
        ind_cues = {r["cue"][0] for r in ind}
        for r in out + ind:
            lo, hi = r["content"]
            if r["kind"] != "indirect" and ((lo, hi) == (r["start"], r["end"]) or r["cue"][0] < 0):
                continue
            partial = r["kind"] != "indirect"
            k = bisect.bisect_right(cues, lo)
            while k < len(cues) and cues[k] < hi:
                c = cues[k]
                k += 1
                if partial and (c not in ind_cues or c < r["end"]):
                    continue  # quotes' cues were cut at above
                if c != r["cue"][0] and c > r["cue"][0] and _COORD_CUE.search(text, max(lo, c - 24), c):
                    end = max(_trim_end(text, lo, _strip_conj(text, lo, c)), lo)
                    if partial:
                        r["content"] = (lo, max(r["end"], end))
                    elif _has_words(text, lo, end, 3):
                        r["content"] = (lo, end)
                        r["start"], r["end"] = lo, end
                    break
    out += ind
    return out


# what joins a second reporting verb to the first one's clause: "and (then) said", ", but
# insists", ", adding", "before claiming"
_COORD_CUE = re.compile(r"(?:,|\b(?:" + _alt("coord_link") + r"))\s+(?:(?:" + _alt("coord_adverb") + r")\s+)?$")


# what sets a quotation off from the writer's words before it: a comma or a dash, also a
# spaced hyphen standing for a dash ("... was unserious - “Again, ...,” she said - and")
_SETS_OFF = re.compile(r"(?:[,—–]|\s--?)$")
# how a quotation ends and what follows it (compiled once: the quotation loop tests each)
_ENDS_TAGGABLE = re.compile(r"[?!,]\W*$")  # ... a speaker tag may follow
_ENDS_FOR_TAG = re.compile(r"[,?!—–…-]\W*$")
_ENDS_STOP = re.compile(r"[.]\W*$")
_TAG_COMMA_AFTER = re.compile(r"\s*[,—–]")
_STOP_AFTER = re.compile(r"\s*[.;:!?]")
_WORD_AFTER = re.compile(r"\s+\w")
_LABEL_JOIN = re.compile(r"\s*,?\s*(?:and|or)?\s*")


# Words that end the object of a stance verb: a new clause or an adverbial ("because", "after").
_CLAUSE_BREAK = _words("clause_break")

_TRAILING_CONJ = re.compile(r"(?:\W+(?:" + _alt("trailing_link") + r"))+\W*$", re.I)


_TITLE_SMALL = _words("title_small")
_TITLE_BEFORE = _words("title_before")
# Before a programme or publication named in a tag ("on NBC's", "told", "with"): not a label
# the speaker gave ("called", "titled" stay).
_PROGRAMME_BEFORE = _words("programme_before")


def _is_title(inner: str, before: str, lead=_TITLE_BEFORE) -> bool:
    """A quoted title: every word capitalised but small words (``“Face the Nation”``), after
    a preposition or a possessive (``on NBC's``, ``to``) - one of ``lead``."""
    words = _WORD_RUN.findall(inner)
    if not words or not all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in words):
        return False
    prev = _WORD_RUN.findall(before[-40:])
    return bool(prev) and (prev[-1].lower() in lead or prev[-1].lower().endswith(("'s", "’s")))


# a sentence closed inside the marks: "… there was “no money missing.”"
_SENT_END_INSIDE = re.compile(r"\w[.!?]+[\"”’']+\W*$")


def _speech_like(inner: str, before: str) -> bool:
    """Quoted words that read as someone's sentence, not a scare quote or a title: at least
    four words, the sentence closed inside the marks. (A first-person test found fewer:
    train +35 matched direct quotes against +101.)"""
    if not _has_words(inner, 0, len(inner), 4) or not _SENT_END_INSIDE.search(inner):
        return False
    words = _WORD_RUN.findall(inner)
    # title case anywhere is a title ('watched “Gone With the Wind.”'), not a remark
    return not all(w[0].isupper() or w[0].isdigit() or w.lower() in _TITLE_SMALL for w in words)


def _strip_conj(text: str, lo: int, hi: int) -> int:
    """End of ``text[lo:hi]`` without a trailing "and then" (a coordinated verb follows)."""
    m = _TRAILING_CONJ.search(text, lo, hi)
    return m.start() if m else hi


# \b, not (?:^|\W): a search from ``pos`` sees the character before it, so a "that" right at
# the search start is found (with (?:^|\W) it was skipped and a later "that" taken)
_COORD_BEFORE = re.compile(r"\b(?:" + _alt("coordinator") + r")\s+$")
_THAT = re.compile(r"\b(that)\b")
# a quotation whose last words end the sentence: "... was “a reckless act.”"
_ENDS_SENTENCE = re.compile(r"[.!?][\"“”‘’'»]+\s*$")
# the writer's aside after a reported clause: ", while Y suggested ...", " – absent ..."
_ASIDE = re.compile(r"(?:,\s*|(?<=,[”\"’'])\s+)(?:" + _alt("aside_lead") + r")\b|\s[–—]\s|\s--?\s")
# a participle right after a partial quote closed by a comma ends the reported clause: the
# writer's comment ('Ortega was “in hiding,” sparking a wave'). PolNeAR train: the Content
# ends at the mark 44 times, runs on 12. Without the comma, or before "but", "as", "when",
# "and he", the cut cost more false direct quotes than it gained (tried on train).
_AFTER_QUOTE = re.compile(
    r"(?<=,[”\"’'])\s+(?!(?:" + _alt("not_participle") + r")\b)[a-z]+ing\b"
)


# A quoted label whose complement follows it ('called the budget “much better” than last year's
# plan', 'called for a “firm limit” on rents'): the label's clause runs on.
# PolNeAR train, label cues: the Content ran on after these words 49 times and ended once.
_LABEL_RUNS_ON = re.compile(r"\s+(?:" + _alt("label_runs_on") + r")\b")


def _partial_content(text: str, a: int, b: int, attr: _Attr, sent_lo: int, sent_hi: int) -> tuple[int, int]:
    """The attributed content holding a partial quote ``text[a:b]`` (PolNeAR's Content).

    A partial quote is a piece of a reported clause, and what the source is reported to have
    said is the whole clause: after a cue before the quote (``X said that the plan "is a
    disaster" for the state``) it runs from after the cue (and after a speaker that follows
    it: ``according to X, ...``) to the end of the sentence; for a naming verb (``called the
    pact "insanity"``) it is the object and the quoted label, so it ends with the quote; with
    the tag after the quote (``The collapse was "devastating," she said``) it runs from the
    start of the sentence to the quote.
    """
    if attr.cue_end <= a:
        lo = attr.cue_end
        if attr.speaker_start >= attr.cue_end and attr.speaker_end <= a:
            lo = attr.speaker_end
        lo = _skip_punct(text, lo, a)
        if attr.cue_class != "label":
            # "told supporters after the vote that “...”": the clause starts at "that"
            m = _THAT.search(text, lo, a)
            if m and not _has_words(text, lo, m.start(), 13) and not _COORD_BEFORE.search(text, max(lo, m.start() - 8), m.start()):
                lo = m.start(1)  # not "says he wishes …, but that “…”": that clause is reported too
            elif 0 <= attr.speaker_start < attr.cue_start:
                # "daughters, who he said were living in Leeds and “doing well”": from "who"
                rel = _relative_start(text, (attr.speaker_start, attr.speaker_end), attr.cue_start, lo, sent_hi, lo)
                cut = _relative_end(text, rel, sent_hi) if rel < lo else sent_hi
                if rel < lo and cut >= b:  # (a quote after the relative clause is not its content)
                    lo, sent_hi = rel, cut
        if _ENDS_SENTENCE.search(text, a, b):
            return lo, b  # a quote closing its sentence ("... act.”")
        if attr.cue_class == "label" and not _LABEL_RUNS_ON.match(text, b, sent_hi):
            return lo, b  # a naming verb's object and its quoted label
        if _AFTER_QUOTE.match(text, b, sent_hi):
            return lo, b
        m = _ASIDE.search(text, b, sent_hi)
        hi = m.start() if m else sent_hi
        return lo, max(b, _trim_end(text, b, hi))
    if attr.cue_start >= b:
        # the clause before the tag: "“This could be a hurdle” for the mayor, Lindqvist said."
        tag = min(attr.cue_start, attr.speaker_start if attr.speaker_start >= b else attr.cue_start)
        return _skip_punct(text, sent_lo, a), max(b, _trim_end(text, b, tag))
    return a, b


def _indirect(text: str, block, finder: _Finder, spans, used_cues: set[int]) -> list[dict]:
    """Reported speech without quotation marks, one per reporting cue not used by a quote.

    Forms: ``SPEAKER CUE [OBJECT] [that] CLAUSE``; ``CLAUSE, SPEAKER CUE.``; ``CLAUSE, CUE
    SPEAKER.``; ``According to SPEAKER, CLAUSE`` and ``CLAUSE, according to SPEAKER``.
    """
    out = []
    verbs = finder.verbs

    def emit(c_lo, c_hi, s, sp, cue):
        if _has_words(text, c_lo, c_hi, 3) and not _inside(spans, c_lo, c_hi, 0.3):
            out.append(
                dict(start=c_lo, end=c_hi, kind="indirect", sent_id=s.sent_id, speaker=sp, cue=cue, cue_class=cls, content=(c_lo, c_hi))
            )

    def emit_obj(c_lo, c_hi, s, sp, cue):
        # an object may be one word ("endorsed Brandt")
        if _has_words(text, c_lo, c_hi, 1) and not _inside(spans, c_lo, c_hi, 0.3):
            out.append(
                dict(start=c_lo, end=c_hi, kind="indirect", sent_id=s.sent_id, speaker=sp, cue=cue, cue_class=cls, content=(c_lo, c_hi))
            )

    nouns = finder.nouns
    cands = verbs["first"] | frozenset(nouns) if nouns else verbs["first"]
    btoks = finder.btoks_
    # the block's words that may open a cue, found in one pass (C-level)
    block_hits = list(compress(count(), map(cands.__contains__, map(_LOW, btoks))))
    for s in block:
        i0, j0 = finder.token_range(s.start, s.end)
        h0, h1 = bisect.bisect_left(block_hits, i0), bisect.bisect_left(block_hits, j0)
        if h0 == h1:
            continue
        toks = btoks[i0:j0]
        hits = [h - i0 for h in block_hits[h0:h1]]
        quoted = _starts_inside(toks, spans, finder.bstarts_[i0:j0])
        for i in hits:
            t = toks[i]
            if t.start in quoted or t.start in used_cues:
                continue
            if t.low in nouns and i + 2 < len(toks) and toks[i + 1].low == "that" and _is_wordlike(toks[i + 2]):
                # "Ortega's claim that CLAUSE", "fears that CLAUSE": the clause; the speaker is
                # the possessor when there is one
                cls = nouns[t.low]
                sp = (-1, -1)
                if i >= 2 and toks[i - 1].low == "'s" and _is_wordlike(toks[i - 2]):
                    sp = (toks[i - 2].start, toks[i - 2].end)
                elif i >= 1 and toks[i - 1].low.endswith("'s") and len(toks[i - 1].low) > 2:
                    sp = (toks[i - 1].start, toks[i - 1].end - 2)  # one token: "Ortega's"
                elif i >= 1 and toks[i - 1].low in _POSSESSIVES:
                    sp = (toks[i - 1].start, toks[i - 1].end)
                c_lo = toks[i + 2].start
                emit(c_lo, _trim_end(text, c_lo, s.end), s, sp, (t.start, t.end))
                continue
            n, cls, clause = _cue_info(toks, i, verbs)
            if n and cls in ("label", "stance"):
                # "X was blamed by US officials for ...": a passive with its agent; the agent
                # is the source, the content the clause (subject included, as for "raise")
                got = _passive_agent(toks, i, n, finder.words, quoted)
                if got is not None:
                    rng, c_lo = got
                    emit(c_lo, _trim_end(text, c_lo, s.end), s, (toks[rng[0]].start, toks[rng[1] - 1].end),
                         (t.start, toks[i + n - 1].end))
                    continue
            if n and cls == "label":
                # "X hailed the decision as positive", "X referred to the group as a partner":
                # a naming verb with an object and an "as" complement, no quotation marks
                got = _label_as(toks, i, n, finder.words, quoted)
                if got is not None:
                    rng, c_lo = got
                    emit(c_lo, _trim_end(text, c_lo, s.end), s, (toks[rng[0]].start, toks[rng[1] - 1].end),
                         (t.start, toks[i + n - 1].end))
                continue
            if not n or cls not in ("speech", "belief", "evidence", "stance"):
                continue
            if i > 0 and toks[i - 1].low == "to":
                continue  # an infinitive: "to maintain a presence"
            if i + n < len(toks) and toks[i + n].low == "by":
                continue  # a passive participle: "an attack claimed by Daesh"
            if not _verb_context(toks, i, n, cls, finder.words):
                continue  # a noun: "the mayor's plans", "a talk show", "the 12 states"
            cue = (t.start, toks[i + n - 1].end)
            tok_span = lambda r: (toks[r[0]].start, toks[r[1] - 1].end)  # noqa: E731
            if clause == "raise":
                # "Osei appears to lead", "he is expected to act ...": the writer's (or an
                # unnamed) inference; PolNeAR's Content is the whole clause, subject included
                if i + n < len(toks) and toks[i + n].low == "to" and i > 0:
                    c_lo = toks[_raise_start(toks, i)].start
                    emit(c_lo, _trim_end(text, c_lo, s.end), s, (-1, -1), cue)
                continue
            if t.low == "according":
                # the source is whatever follows "according to" ("new figures from Chartwell",
                # "accounts in the local press"), up to a comma or the sentence end
                comma = next((k for k in range(i + n, min(len(toks), i + n + 25)) if toks[k].text in ",;:"), None)
                rng = _speaker_after(toks, i + n, finder.words)
                if rng is None and i + n < len(toks) and _is_wordlike(toks[i + n]):
                    stop = next((k for k in range(i + n, min(len(toks), i + n + 14)) if not _is_wordlike(toks[k])), min(len(toks), i + n + 14))
                    rng = (i + n, stop)
                if not rng:
                    continue
                if all(x.low in _LEAD_ADVERBS for x in toks[:i]):
                    # "(But) according to X, CLAUSE": the clause after the source's comma
                    c_at = toks[comma].end if comma is not None and comma + 1 < len(toks) else (toks[rng[1]].start if rng[1] < len(toks) else s.end)
                    c_lo = _skip_punct(text, c_at, s.end)
                    emit(c_lo, _trim_end(text, c_lo, s.end), s, tok_span(rng), cue)
                elif toks[i - 1].text == ",":
                    emit(s.start, _trim_end(text, s.start, toks[i - 1].start), s, tok_span(rng), cue)
                continue
            j = i + n
            if t.low.endswith("ing") and i >= 2 and toks[i - 1].text == ",":
                # "X declined ..., saying (that) CLAUSE": the speaker is the sentence's subject;
                # after a quotation opening the sentence, the speaker of its tag ('“…,” the
                # ministry stated, adding that CLAUSE')
                rng = _leading_name(toks, finder.words)
                if rng is None and i + n < len(toks) and toks[i + n].low == "that":
                    # with a that-clause: the tag's speaker, else the main clause's subject
                    # ("On Sunday, Ortiz praised the plan, saying that ...")
                    rng = _earlier_tag_speaker(toks, i, finder, quoted) or _clause_subject(toks, i, finder.words, quoted)
            else:
                rng = _speaker_before(toks, i, finder.words, quoted)
            shared = False
            if rng is None and cls != "stance":
                # "X announced ... and said CLAUSE" (the clause's subject), "groups who say
                # CLAUSE" (the relative pronoun, as PolNeAR marks the Source)
                rng = _shared_subject(toks, i, finder.words, quoted)
                shared = rng is not None
            if rng is not None:
                # CLAUSE, SPEAKER CUE [time phrase].
                # at most six of the words after the cue: enough to test "<= 5", and linear
                # in the sentence however many cues it holds
                rest = list(islice((toks[k] for k in range(j, len(toks)) if _is_wordlike(toks[k])), 6))
                if (
                    not shared
                    and rng[0] >= 2
                    and toks[rng[0] - 1].text == ","
                    and (not rest or (len(rest) <= 5 and rest[0].low in _AFTER_TAG_LEAD))
                ):
                    emit(s.start, _trim_end(text, s.start, toks[rng[0] - 1].start), s, tok_span(rng), cue)
                    continue
                if not shared and rng[0] >= 2 and toks[rng[0] - 1].text == "," and j < len(toks) and toks[j].text == "," and cls != "stance":
                    # a tag inside the clause: "Most of the layoffs, she said, have hit ...":
                    # the content is the whole sentence, tag included (as PolNeAR marks it)
                    emit(s.start, _trim_end(text, s.start, s.end), s, tok_span(rng), cue)
                    continue
                if cls == "stance" or clause == "object":
                    # SPEAKER CUE OBJECT ("endorsed Okafor in the runoff", "wants to win",
                    # "pointed to opportunities in trade"): the object, up to the end of its clause
                    if j < len(toks) and (toks[j].low == "to" or _is_wordlike(toks[j])):
                        if cls == "stance":
                            end = next((toks[k].start for k in range(j, len(toks)) if toks[k].text in ",;:—–(“\"" or toks[k].low in _CLAUSE_BREAK), s.end)
                        else:
                            if finder.speech_only and not _object_cue_source(toks, rng, i, finder.words):
                                continue  # "The map points to the north", "gained 3.5 points to close"
                            # "pointed to a stop in Concord, N.H., where ...": the object may
                            # hold commas; it ends before a coordinated past-tense verb ("and
                            # praised her for ...": a cue of its own) and at a comma opening a
                            # new clause (", but critics were unconvinced")
                            end = next(
                                (
                                    toks[k].start
                                    for k in range(j, len(toks))
                                    if toks[k].text in ";:—–(“\""
                                    or (toks[k].low == "and" and k + 1 < len(toks) and _past_tense(toks[k + 1]))
                                    or (toks[k].text == "," and k + 1 < len(toks) and toks[k + 1].low in _CLAUSE_BREAK)
                                ),
                                s.end,
                            )
                        emit_obj(toks[j].start, _trim_end(text, toks[j].start, end), s, tok_span(rng), cue)
                    continue
                # SPEAKER CUE [OBJECT] [that] CLAUSE
                if t.low.startswith(_ADDRESSEE_CUE_PREFIXES):
                    k = next((k for k in range(j, min(len(toks), j + 8)) if toks[k].low == "that"), None)
                    if k is not None:
                        j = k
                    elif j < len(toks) and (toks[j].low in _PRONOUNS_OBJ or toks[j].text[:1].isupper()):
                        j += 1
                        while j < len(toks) and toks[j].text[:1].isupper():
                            j += 1
                if j < len(toks) and toks[j].low in finder.words.get("time", ()) and j + 1 < len(toks) and toks[j + 1].low == "that":
                    j += 1  # "said Tuesday that ..."
                if j < len(toks) and toks[j].low in _TIME_LEAD | {"during"} and _opens_time_phrase(toks, j, finder.words):
                    # "said at a town hall in Leeds last week that ...": up to ten words
                    k = next((k for k in range(j, min(len(toks), j + 10)) if toks[k].low == "that"), None)
                    if k is not None:
                        j = k
                    else:  # "said on Thursday it had ...": skip the time phrase
                        k = j + 1
                        times = finder.words.get("time", ())
                        while k < len(toks) and (
                            toks[k].low in times
                            or toks[k].text.isdigit()
                            or (toks[k].low in _TIME_MODIFIER and k + 1 < len(toks) and toks[k + 1].low in times)
                        ):
                            k += 1  # "Thursday", "early this month"
                        if k > j + 1:
                            j = k
                if j + 1 < len(toks) and toks[j].low in _DETERMINERS and toks[j + 1].text in ",.;:!?)":
                    continue  # an object, not a clause: "would ever admit this, but ..."
                if clause == "ask":
                    # "asked the crowd to rise", "asked if he might ...", "asked Osei
                    # about ...": the request or question, the addressee left out before a
                    # question word
                    k = j
                    while k < len(toks) and k - j < 4 and (toks[k].low in _PRONOUNS_OBJ or toks[k].text[:1].isupper()):
                        k += 1
                    if k > j and k < len(toks) and toks[k].low in _QUESTION_LEAD:
                        j = k
                    if j < len(toks) and (_is_wordlike(toks[j]) and toks[j].low not in _NOT_REQUEST_LEAD):
                        emit(toks[j].start, _trim_end(text, toks[j].start, s.end), s, tok_span(rng), cue)
                    continue
                if j < len(toks) and toks[j].low == "that":
                    j += 1
                elif clause == "that":
                    continue
                if j >= len(toks) or not _is_wordlike(toks[j]) or toks[j].low in _PREPOSITIONS:
                    continue
                c_lo, c_hi = toks[j].start, s.end
                if not shared:
                    c_lo = _relative_start(text, tok_span(rng), cue[0], c_lo, s.end, c_lo)
                    if c_lo < toks[j].start:
                        c_hi = _relative_end(text, c_lo, s.end)
                emit(c_lo, _trim_end(text, c_lo, c_hi), s, tok_span(rng), cue)
                continue
            # CLAUSE, CUE SPEAKER.
            if i >= 3 and toks[i - 1].text == "," and not t.low.endswith("ing") and cls != "stance":
                r2 = _speaker_after(toks, j, finder.words)
                # the speaker may carry an apposition: "..., said Carla Benn, a professor at ..."
                if r2 and (
                    len(list(islice((toks[k] for k in range(r2[1], len(toks)) if _is_wordlike(toks[k])), 6))) <= 5
                    or (r2[1] < len(toks) and toks[r2[1]].text == "," and toks[r2[0]].text[:1].isupper())
                ):
                    emit(s.start, _trim_end(text, s.start, toks[i - 1].start), s, tok_span(r2), cue)
    return out


def _label_as(toks: list[_Tok], i: int, n: int, words, quoted) -> tuple[tuple[int, int], int] | None:
    """``SPEAKER CUE OBJECT as COMPLEMENT`` with a naming or judging cue ``toks[i:i+n]`` and no
    quotation marks ("the ministry hailed the decision as positive and important", "Putin
    referred to the Taliban as a partner"): the speaker's token range and the content's start
    (the object; the content runs to the sentence end, as for a reported clause).

    None for a passive ("was hailed as"), a noun ("the call"), an object of more than eight
    words or with punctuation, a quotation in the clause (the quoted-label rule reads those),
    or no speaker before the cue.
    """
    if i == 0 or toks[i - 1].low in _PASSIVE_AUX or not _verb_context(toks, i, n, "label", words):
        return None
    k = i + n
    while k < len(toks) and k < i + n + 9 and toks[k].low != "as":
        if not _is_wordlike(toks[k]):
            return None
        k += 1
    if k == i + n or k + 1 >= len(toks) or toks[k].low != "as" or not _is_wordlike(toks[k + 1]):
        return None
    if toks[k + 1].low in _AS_ADVERBIAL:
        return None  # "called the vote as soon as ..."
    if any(x.start in quoted for x in toks[i:]):
        return None
    rng = _speaker_before(toks, i, words, quoted)
    if rng is None:
        return None
    return rng, toks[i + n].start


_PASSIVE_AUX = _words("passive_aux")
_AS_ADVERBIAL = _words("as_adverbial")
_AGENT_END = _words("agent_end")


_QUOTE_NOUNS = frozenset(k for k, v in reporting_nouns().items() if v == "quote")
_QUOTE_NOUN_LINK = _words("quote_noun_link")


def _noun_cue_before(toks: list[_Tok], words) -> _Attr | None:
    """A noun cue right before a quotation (``toks`` end where it opens): ``their chants of
    “…”``, ``Clinton’s campaign slogan is “…”``, ``in Forbes’ words, “…”``, ``in the words of
    a senior adviser, “…”`` (nouns of class ``quote`` in ``reporting_nouns.tsv``). The
    speaker is the possessor or the ``of`` phrase, when there is one; the cue is the noun.
    """
    k = len(toks) - 1
    while k >= 0 and toks[k].text in ",:":
        k -= 1
    if k < 1:
        return None
    w = next((j for j in range(k, max(-1, k - 14), -1) if toks[j].low == "words"), None)
    if w is not None and w >= 2 and toks[-1].text == ",":
        got = _words_of(toks, w, len(toks) - 1, words)
        if got is not None:
            return got
    if toks[k].low in _QUOTE_NOUN_LINK and k >= 2:
        k -= 1  # "chants of", "slogan is"
    if toks[k].low in _QUOTE_NOUNS:
        # "their chants", "Clinton’s campaign slogan": a possessor up to two words back
        for j in range(k - 1, max(-1, k - 3), -1):
            got = _possessor(toks, j)
            if got is not None and toks[j].low in _POSSESSIVES:
                # "their chants of “…”": someone's remark, but "their" is no speaker to list
                return _Attr(-1, -1, toks[k].start, toks[k].end, "label")
            if got is not None:
                return _Attr(got[0], got[1], toks[k].start, toks[k].end, "label")
            if not _is_wordlike(toks[j]) or not toks[j].text.islower() or toks[j].low in _DETERMINERS:
                break
        # no possessor: no speaker ("was met with chants of “…”"); the quotation is left out
        # like a scare quote (the clause's subject is often not the one chanting: train)
        return None
    return None


def _words_of(toks: list[_Tok], w: int, comma: int, words) -> _Attr | None:
    """``in the words of X,`` / ``in X's words,`` set off by a comma (``toks[comma]``) before a
    quotation, ``toks[w]`` = "words": X speaks."""
    if w + 1 < comma and toks[w + 1].low == "of" and toks[w - 1].low == "the" and toks[w - 2].low == "in":
        rng = _speaker_after(toks, w + 2, words)
        if rng is None or rng[1] != comma:
            return None
        return _Attr(toks[rng[0]].start, toks[rng[1] - 1].end, toks[w].start, toks[w].end, "speech")
    if w + 1 == comma:
        j = w - 1
        if toks[j].low in ("own",):
            j -= 1
        got = _possessor(toks, j)
        if got is not None and j >= 1 and toks[j - 1 if toks[j].low not in ("'", "'s") else j - 2].low == "in":
            if toks[j].low in _POSSESSIVES:  # "in his own words": a remark, "his" no speaker to list
                return _Attr(-1, -1, toks[w].start, toks[w].end, "speech")
            return _Attr(got[0], got[1], toks[w].start, toks[w].end, "speech")
    return None


def _object_cue_source(toks: list[_Tok], rng: tuple[int, int], i: int, words) -> bool:
    """Whether the subject ``toks[rng[0]:rng[1]]`` of an object cue at ``toks[i]`` ("Russian
    officials pointed to opportunities in trade") can be a source in speech mode: its head
    word names a person or a body (a capitalised name, an anonymous-source, organisation or
    title word), not a thing ("The map points to the north", "All signs point to a recovery":
    evidence, which attribution mode reads) nor "it"; and the cue is a verb, not the noun "points" after a number ("gained 3.5 points to close at")."""
    if i >= 1 and (toks[i - 1].text[:1].isdigit() or toks[i - 1].low in _NUMBER_WORDS):
        return False
    span = [t for t in toks[rng[0] : rng[1]] if _is_wordlike(t)]
    if not span:
        return False
    head = span[-1]
    if head.low in words.get("pronoun", ()):
        return head.low != "it"  # "he pointed to the polls" (resolved later); "it points to" a thing
    if head.low in words.get("anonymous", ()) | words.get("org", ()) | words.get("title", ()):
        return True
    return head.text[:1].isupper() and not head.text[:1].isdigit()


def _possessor(toks: list[_Tok], j: int) -> tuple[int, int] | None:
    """Offsets of a possessor ending at ``toks[j]``: "their", "Ortega's", "Forbes’" (``'s`` or
    a lone apostrophe after the name: the name), or None."""
    t = toks[j]
    if t.low in _POSSESSIVES:
        return t.start, t.end
    if t.low.endswith("'s") and len(t.low) > 2 and t.low[:-2] not in _NOT_POSSESSOR:
        return t.start, t.end - 2  # "Ortega's", "the mayor's" (not "it's", "he's")
    if t.low in ("'", "'s") and j >= 1 and toks[j - 1].text[:1].isupper() and toks[j - 1].end == t.start:
        return toks[j - 1].start, toks[j - 1].end
    return None


def _passive_agent(toks: list[_Tok], i: int, n: int, words, quoted) -> tuple[tuple[int, int], int] | None:
    """``SUBJECT AUX [ADVERB] CUE by AGENT ...`` with a naming, judging or stance cue
    ``toks[i:i+n]`` ("The group was blamed by US officials for the attack", "Trump has been
    criticized by some of his rivals for ..."): the agent's token range (the source) and the
    content's start (the subject: the clause is what the agent said of it).

    None without a passive auxiliary before the cue ("an attack claimed by Daesh" is a noun's
    modifier), without an agent phrase after "by", with a quotation in the clause (the
    quoted-label rule reads those) or without a subject before the auxiliary.
    """
    if i + n + 1 >= len(toks) or toks[i + n].low != "by" or i < 2:
        return None
    k = i - 1
    while k > 0 and toks[k].low not in _PASSIVE_AUX and (
        toks[k].low in _SKIP_BEFORE_CUE or (len(toks[k].low) > 4 and toks[k].low.endswith("ly") and toks[k].text.islower())
    ):
        k -= 1  # "was widely blamed", "has also been criticized"
    if toks[k].low not in _PASSIVE_AUX or toks[k].low == "being":
        return None
    j = k - 1
    while j >= 0 and toks[j].low in _SKIP_BEFORE_CUE:
        j -= 1  # "has been", "had been"
    if j < 0 or toks[j].low in _RELATIVE_GAP or any(x.start in quoted for x in toks):
        return None  # "a group which is backed by ...": the relative's antecedent, not a clause
    agent = _speaker_after(toks, i + n + 1, words)
    if agent is None:
        # a bare plural noun phrase: "by tenant groups", "by voters"
        m = i + n + 1
        while m < len(toks) and m - (i + n + 1) < 4 and toks[m].text.isalpha() and toks[m].text.islower() and (
            toks[m].low not in _FORWARD_STOP and toks[m].low not in _AGENT_END and toks[m].low not in _SUBJECT_STOP
        ):
            m += 1
        if m == i + n + 1 or not toks[m - 1].low.endswith("s") or toks[m - 1].low.endswith("ss"):
            return None
        agent = (i + n + 1, m)
    # the agent ends before its verb's complement: "by many Wall Street players for not ..."
    end = next((m for m in range(agent[0] + 1, agent[1]) if toks[m].low in _AGENT_END), agent[1])
    subj = _speaker_before(toks, k, words, quoted)
    if subj is None:
        return None
    return (agent[0], end), toks[subj[0]].start


def _opens_time_phrase(toks: list[_Tok], j: int, words) -> bool:
    """``toks[j]`` (a ``time_lead`` word) opens a time phrase: a preposition ("said on
    Thursday", "said in a statement that"), or "this", "last" ... before a time word, a
    number or a word and "that" ("said last week", "said early this month", "reported last
    quarter that"). Otherwise it is the reported clause's own determiner or adjective ("said
    this plan means ...", "said early drafts ...")."""
    if toks[j].low not in _TIME_MODIFIER:
        return True
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if nxt is None:
        return False
    # "said last week", "said late last year", and "reported last quarter that": one word
    # and then "that" is a time phrase too
    return nxt.low in words.get("time", ()) or nxt.text.isdigit() or nxt.low in _TIME_LEAD or (
        j + 2 < len(toks) and toks[j + 2].low == "that"
    )


_RELATIVE_GAP = _words("relative_gap")
_RELATIVE_BEFORE = re.compile(r"\b(" + _alt("relative_gap") + r")\s+$")
_FIRST_WORD = re.compile(r"\s*([^\W_]+(?:'t)?)")


def _relative_start(text: str, speaker: tuple[int, int], cue_start: int, clause_lo: int, clause_hi: int, default: int) -> int:
    """Where a reported clause starts when its speaker follows a relative pronoun.

    In "the group, which Ortiz said last year was now an ally" the pronoun stands for the
    reported clause's subject (the group was an ally); the clause after the cue has none
    ("was now an ally"), so the content starts at the pronoun, as PolNeAR marks it ("which
    Ortiz said ... was now an ally"). "which", "who", "whom" before a speaker are always
    relative; "that" and "what" only when the clause after the cue starts with a verb (its
    subject is missing), since "that" is also a conjunction ("warned that Lee said the plan
    ..."). Not after a preposition ("to which 21 percent said ...": the pronoun is the cue's
    complement), nor when more than an auxiliary or an adverb stands between the speaker and
    the cue ("which Ortiz called a “farce” and promised to “end”": the pronoun belongs to the
    first verb). Returns ``default`` otherwise.
    """
    m = _RELATIVE_BEFORE.search(text, max(0, speaker[0] - 8), speaker[0])
    if m is None or not _plain_subject(text, *speaker):
        return default
    before = _WORD_RUN.findall(text, max(0, m.start() - 20), m.start())
    if before and before[-1].lower() in _PREPOSITIONS:
        return default
    between = _WORD_RUN.findall(text, speaker[1], cue_start)
    if len(between) > 3 or text[speaker[1] : cue_start].strip(" \t") and not all(
        w.lower() in _SKIP_BEFORE_CUE or w.lower() in _TIME_LEAD or w.lower().endswith("ly") or w[:1].isupper() or w.isdigit()
        for w in between
    ):
        return default
    if m.group(1) in ("that", "what"):
        pos = clause_lo
        while True:  # past adverbs: "that he said also/reportedly/now was ..."
            w = _FIRST_WORD.match(text, pos, clause_hi)
            if w is None:
                return default
            low = w.group(1).lower()
            if low in _AUX or low in _PAST_IRREGULAR or (low.endswith("ed") and len(low) > 3):
                break
            if not (low in _SKIP_BEFORE_CUE or low == "now" or (low.endswith("ly") and len(low) > 4)):
                return default
            pos = w.end()
    return m.start(1)


_CLAUSE_COMMA = re.compile(r",[”\"’']?(?=\s+([^\W_]+))")


def _relative_end(text: str, lo: int, hi: int) -> int:
    """The end of a reported clause that starts at a relative pronoun (``text[lo:hi]``): a
    relative clause set off by a comma ("The changes, which officials said will start in May,
    will not apply to ...") ends at the comma before the main clause's verb, as PolNeAR marks
    it; ``hi`` otherwise."""
    if not text[:lo].rstrip().endswith(","):
        return hi
    for m in _CLAUSE_COMMA.finditer(text, lo, hi):
        low = m.group(1).lower()
        if low in _AUX or low in _PAST_IRREGULAR or (low.endswith("ed") and len(low) > 3):
            return m.start() if m.end() - m.start() == 1 else m.end()  # '... “nearly empty,”' keeps its mark
    return hi


def _earlier_tag_speaker(toks: list[_Tok], i: int, finder, quoted) -> tuple[int, int] | None:
    """The speaker of the speech cue nearest before ``toks[i]`` outside quotation marks, when
    only a comma (and a time phrase) separates that tag from ``toks[i]`` ('“…,” the ministry
    stated, adding that …'; '“…,” said Ana Brito, adding that …')."""
    first = finder.verbs["first"]
    for k in range(i - 2, -1, -1):
        if toks[k].start in quoted or not _is_wordlike(toks[k]):
            return None
        if toks[k].low not in first:
            continue
        n, cls, _ = _cue_info(toks, k, finder.verbs)
        if not n or cls not in ("speech", "tag"):
            continue
        times = finder.words.get("time", ())
        rng = _speaker_before(toks, k, finder.words, quoted)
        if rng is not None and all(x.low in times or x.low in _TIME_LEAD or x.text.isdigit() for x in toks[k + n : i - 1]):
            return rng  # "the ministry stated, adding", "Ortiz said Thursday night, adding"
        if toks[k].low in _INVERTING_CUES:
            rng = _speaker_after(toks, k + n, finder.words)
            if rng is not None and rng[1] == i - 1 and toks[rng[0]].low not in times:
                return rng  # "said Ana Brito, adding"
        return None
    return None


def _plain_subject(text: str, lo: int, hi: int) -> bool:
    """The speaker ``text[lo:hi]`` reads as a subject noun phrase: a pronoun, a name, a
    determiner or quantifier ("the probe", "many economists", "67 percent"), or one or two
    lower-case words ending in a plural noun ("critics", "government officials"). Not the
    predicate of a relative clause taken for a speaker ("people who have battled spam say",
    "those who favor higher taxes argue", "Ortiz, who heads the panel, said")."""
    words = _WORD_RUN.findall(text, lo, hi)
    if not words:
        return False
    first = words[0].lower()
    if first in _SUBJECT_PRONOUNS or first in _DETERMINERS or first in _QUANTIFIERS or first[:1].isdigit() or words[0][:1].isupper():
        return True
    return (
        len(words) <= 2
        and first not in _AUX
        and not first.endswith("ed")
        and words[-1].lower().endswith("s")
        and all(w.islower() and w not in _DETERMINERS and w not in _PREPOSITIONS for w in words)
    )


_POSSESSIVES = _words("possessive")
_NUMBER_WORDS = _words("number_word")
_AFTER_TAG_LEAD = _TIME_LEAD | _words("after_tag_lead")
_ADDRESSEE_CUE_PREFIXES = _GRAMMAR["addressee_cue_prefix"]
_NOT_REQUEST_LEAD = _words("not_request_lead")
# After an addressee, these open the question asked: "asked Osei about ...", "asked him if ..."
_QUESTION_LEAD = _words("question_lead")
# Words that open the clause of a raising cue ("... because it appeared to weaken ...");
# a relative pronoun is kept in the content ("who is expected to unveil ...", as PolNeAR marks it)
_RAISE_STOP = _words("raise_stop")
_RAISE_KEEP = _words("raise_keep")


# Sentence-initial words before a fronted "according to X," ("But according to ...").
_LEAD_ADVERBS = _words("lead_adverb")


def _shared_subject(toks: list[_Tok], i: int, words, masked=()) -> tuple[int, int] | None:
    """The subject of a cue that has none of its own: a relative pronoun right before it
    ("groups who say ...") or, for a verb coordinated with an earlier one ("X announced ...
    and said ..."), the subject of the sentence's main clause."""
    j = i - 1
    while j >= 0 and toks[j].low in _SKIP_BEFORE_CUE:
        j -= 1
    if j < 1:
        return None
    if toks[j].low == "who":
        return j, j + 1
    if toks[j].low in ("and", "but"):
        rng = _clause_subject(toks, j, words, masked)
        if rng is None:
            rng = _leading_name(toks[:j], words)
            if rng is not None and toks[rng[0]].start in masked:
                return None
        return rng
    return None


def _raise_start(toks: list[_Tok], i: int) -> int:
    """Index of the first token of the clause whose verb is the raising cue at ``toks[i]``.

    The clause starts after a comma or a subordinator ("Though ..., Indiana appears to");
    a parenthetical right before the cue belongs to the subject ("religion, not ethnicity,
    appeared to"; "Some donors, who lived elsewhere, seemed to").
    """
    k = i - 1
    if k >= 1 and toks[k].text == ",":
        c = next((c for c in range(k - 1, max(-1, k - 20), -1) if toks[c].text == ","), -1)
        if c > 0:
            k = c - 1
    while k >= 0 and i - k <= 40:
        t = toks[k]
        if t.low in _RAISE_KEEP:
            return k
        if t.low in _RAISE_STOP or t.text in ",;:—–(“”\"":
            return k + 1
        k -= 1
    return k + 1


_NOUN_BEFORE = _DETERMINERS | _QUANTIFIERS | _words("noun_before")
_SUBJECT_PRONOUNS = _words("subject_pronoun")
# before "'s" a contraction of has/is, not a possessive: "he's said"
_NOT_POSSESSOR = _SUBJECT_PRONOUNS | _words("contracted_subject")


# Past-tense forms that are never nouns; "-ed" forms are tested by their ending.
_PAST_IRREGULAR = _words("past_irregular")


def _past_tense(tok: _Tok) -> bool:
    """A lower-case past-tense form ("praised", "said")."""
    return tok.text.islower() and (tok.low.endswith("ed") or tok.low in _PAST_IRREGULAR)


def _quantifier_subject(toks: list[_Tok], i: int) -> bool:
    """A quantifier standing alone as the subject of a past-tense cue: "Some chanted “Two more!”",
    "most said they were ...", "Yet another said, “...”" (after a quantifier a cue is
    otherwise read as a noun: "some statements", "another tweet")."""
    return (
        i > 0
        and toks[i - 1].low in _QUANTIFIERS
        and toks[i - 1].low != "other"
        and (toks[i].low.endswith("ed") or toks[i].low in _PAST_IRREGULAR)
    )


_NOUN_PREV = (_NOUN_BEFORE - {"that"}) | _words("noun_prev_prep")


def _noun_cue(toks: list[_Tok], i: int) -> bool:
    """A cue word used as a noun next to a quotation: after a determiner, possessive, number
    or preposition ("her state", "a written statement", "secretary of state")."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.low in _NOUN_PREV or prev.text.replace(",", "").isdigit():
        return not _quantifier_subject(toks, i)
    return prev.low.endswith("'s") and prev.low[:-2] not in _NOT_POSSESSOR


def _verb_context(toks: list[_Tok], i: int, n: int, cls: str, words) -> bool:
    """Whether the cue ``toks[i:i+n]`` reads as a verb rather than a noun.

    After a determiner, a possessive or a number a cue is a noun ("the states", "the mayor's
    plan", "12 states"), and so before "of" ("support of"). The object-taking classes
    (``stance``, ``evidence``): after a past participle ("has maintained support") the cue is
    a noun; a base form ("support", "show", "plan", often nouns) needs positive evidence: an
    auxiliary or adverb before it, a subject pronoun, a capitalised name or a source noun
    (plural, or an anonymous/organisation head: "voters", "the campaign").
    """
    prev = toks[i - 1] if i > 0 else None
    nxt = toks[i + n] if i + n < len(toks) else None
    if prev is not None and (prev.low in _NOUN_BEFORE or prev.text.replace(",", "").isdigit()):
        return _quantifier_subject(toks, i)
    if prev is not None and prev.low.endswith("'s") and prev.low[:-2] not in _NOT_POSSESSOR:
        return False  # a possessive ("the mayor's plans"); "he's said" is "has said"
    if nxt is not None and nxt.low == "of" and cls != "stance" or (cls in ("stance", "evidence") and nxt is not None and nxt.low in ("of", "for", "in")):
        return False
    if cls not in ("stance", "evidence"):
        return True
    if prev is None:
        return False
    if toks[i].low.endswith(_VERB_ENDINGS):
        # an inflected verb form: "the poll showed", "a group backing X", "the candidate plans to"
        return not (prev.low.endswith("ed") and prev.text[:1].islower()) or prev.low in _SKIP_BEFORE_CUE
    # a base form ("support", "show", "plan") is as often a noun: the subject must look like one
    if prev is None:
        return False
    if prev.low in _SKIP_BEFORE_CUE or prev.low in _SUBJECT_PRONOUNS or prev.low in _BEFORE_BASE_VERB:
        return True
    if prev.text[:1].isupper():
        return True
    heads = words.get("anonymous", frozenset()) | words.get("org", frozenset()) | words.get("title", frozenset())
    return prev.low in heads or (prev.text.isalpha() and prev.low.endswith("s") and not prev.low.endswith("ss"))


_VERB_ENDINGS = _GRAMMAR["verb_ending"]
_BEFORE_BASE_VERB = _words("before_base_verb")


# Sentence adverbs and conjunctions before a clause's subject ("Then he ...", "But she ...").
_CLAUSE_LEAD = _words("clause_lead")


def _clause_subject(toks: list[_Tok], i: int, words, inside=frozenset()) -> tuple[int, int] | None:
    """The subject of the main clause before ``toks[i]``: the first name or pronoun at the
    start of the sentence or after a comma that is followed by a lower-case word (its verb):
    "But weeks later, Ortega reversed herself, telling ..." -> "Ortega"."""
    starts = [0] + [k + 1 for k in range(i - 1) if toks[k].text == ","]
    for c in starts:
        while c < i and toks[c].low in _CLAUSE_LEAD:
            c += 1  # "Then she turned to Haldane, calling him ..."
        if c < i and toks[c].start in inside:
            continue  # a quotation opening the sentence is not its subject
        rng = _leading_name(toks[c:i], words)
        if rng is None:
            continue
        nxt = c + rng[1]
        if nxt < i and (toks[nxt].text[:1].islower() or toks[nxt].text == "("):
            return c + rng[0], c + rng[1]
        if nxt < i and toks[nxt].text == "," and not (rng[1] - rng[0] == 1 and _sentence_adverb(toks[c], words)):
            # an apposition between the subject and its verb: "Lena M. Ruiz, president
            # of the Harbor Policy Center, tied ... , saying ..."
            k = next((k for k in range(nxt + 1, i - 1) if toks[k].text == ","), None)
            if (
                k is not None
                and toks[k + 1].text[:1].islower()
                and _is_wordlike(toks[k + 1])
                and (toks[nxt + 1].text[:1].islower() or toks[nxt + 1].low in _DETERMINERS)
            ):
                return c + rng[0], c + rng[1]
    return None


_AUX = _words("auxiliary")
_GENERIC_PRONOUNS = _words("generic_pronoun")
_ARTICLES = _words("article")


def _subject_then_verb(toks: list[_Tok], rng: tuple[int, int], words) -> bool:
    """The clause subject ``toks[rng[0]:rng[1]]`` reads as a subject: a pronoun (not the
    generic "you"/"it"), a phrase led by a determiner, or a name followed by a verb-like word
    (a past or present tense form, an auxiliary). Sentence openers that are not subjects
    ("Sound advice can ...", "Flying home ...", "Doing so ...") fail."""
    first = toks[rng[0]]
    if first.low in words.get("pronoun", ()):
        return first.low not in _GENERIC_PRONOUNS
    if first.low in _ARTICLES:
        return True
    if rng[1] >= len(toks):
        return False
    k = rng[1]
    if toks[k].low.endswith("ly") and k + 1 < len(toks):
        k += 1  # "X repeatedly warned"
    nxt = toks[k]
    return nxt.low in _AUX or nxt.low in _PAST_IRREGULAR or (nxt.text.islower() and nxt.low.endswith(("ed", "s")) and not nxt.low.endswith("ss"))


def _noun_phrase(toks: list[_Tok], rng: tuple[int, int]) -> tuple[int, int]:
    """A subject led by an article, widened over its lower-case words up to the verb: "The"
    -> "The memo" in "The memo accuses Dana of ..." (at most five words; stops at a verb-like
    word, a comma or a quotation)."""
    a, b = rng
    if toks[a].low not in _ARTICLES or b - a != 1:
        return rng
    verbs = reporting_verbs(classes=_MODES["attribution"])["single"]
    while b < len(toks) and b - a < 6 and _is_wordlike(toks[b]) and toks[b].text.islower():
        low = toks[b].low
        if low in _AUX or low in _PAST_IRREGULAR or low in _SUBJECT_STOP or low in verbs or low.endswith(("ed", "ly")):
            break
        b += 1
    return a, b


def _headline_speaker(toks: list[_Tok], words) -> tuple[int, int, int] | None:
    """``(start, end, colon_end)`` of a name opening a headline before a colon ("Dr. Ana
    Ortega: ..."): one to five capitalised words, not led by an article ("The Latest:")."""
    k = next((k for k in range(min(len(toks), 6)) if toks[k].text == ":"), None)
    if not k or toks[0].low in _DETERMINERS or toks[0].low in _PREPOSITIONS:
        return None
    if not all(_is_wordlike(t) and t.text[:1].isupper() and t.low not in words.get("pronoun", ()) for t in toks[:k]):
        return None
    return toks[0].start, toks[k - 1].end, toks[k].end


def _title_case(toks: list[_Tok]) -> bool:
    """A headline set in title case: at least four words, nearly all capitalised but small
    words ("Mayor Ortega Calls The Harbor Deal With Developers ‘Robbery.’")."""
    words = [t for t in toks if t.text[:1].isalpha() and t.low not in _TITLE_SMALL]
    return len(words) >= 4 and sum(t.text[0].isupper() for t in words) >= 0.85 * len(words)


def _title_case_cue(toks: list[_Tok], a: int, b: int, finder) -> _Attr | None:
    """The capitalised cue of a title-case headline holding the quote ``[a, b)``: "Francois
    Dupont Says The New Tax ‘Makes You Want To Move.’" (the name opening the headline,
    then the cue) or "‘Outsider’ Candidate Is Like ..., Trevor Nolan Says." (a name after
    a comma, then a cue ending the headline). Speech and label cues of one word only."""
    if not _title_case(toks):
        return None
    single = finder.verbs["single"]
    for i, t in enumerate(toks):
        if t.start >= a and t.end <= b or not t.text[:1].isupper() or single.get(t.low, ("",))[0] not in ("speech", "label"):
            continue
        if t.end <= a:
            rng = _leading_name(toks[:i], finder.words)
            if rng is not None and rng[1] == i and i > 0:
                return _Attr(toks[0].start, toks[i - 1].end, t.start, t.end, single[t.low][0])
        elif t.start >= b and i + 1 >= len(toks) - 1 and all(not _is_wordlike(x) for x in toks[i + 1 :]):
            c = next((c for c in range(i - 1, 0, -1) if toks[c].text == ","), None)
            if c is not None and toks[c].start >= b and c + 1 < i and all(x.text[:1].isupper() for x in toks[c + 1 : i]):
                return _Attr(toks[c + 1].start, toks[i - 1].end, t.start, t.end, single[t.low][0])
    return None


def _name_before_colon(toks: list[_Tok]) -> tuple[int, int] | None:
    """A capitalised name set off before a closing colon: "... - Nora Quill: “...”"."""
    if len(toks) < 2 or toks[-1].text != ":":
        return None
    b = len(toks) - 1
    a = b
    while a > 0 and b - a < 4 and toks[a - 1].text[:1].isupper() and _is_wordlike(toks[a - 1]):
        a -= 1
    if a == b or (a > 0 and _is_wordlike(toks[a - 1])):
        return None
    return (a, b) if a > 0 else None  # at the sentence start the leading-name rule applies


def _leading_name(toks: list[_Tok], words) -> tuple[int, int] | None:
    """The subject at the start of a sentence: a pronoun or a run of capitalised words."""
    if not toks or not _is_wordlike(toks[0]):
        return None
    if toks[0].low in words.get("pronoun", ()):
        return 0, 1
    b = 0
    while b < len(toks) and b < 8 and (toks[b].text[:1].isupper() or (b and toks[b].low in ("of", "'s"))):
        b += 1
    if b == 0 or toks[0].low in _PREPOSITIONS or toks[0].low in _SUBJECT_STOP or toks[0].low in _NOT_SUBJECT:
        return None
    if b == 1 and toks[0].low.endswith(("ing", "ed")) and b < len(toks) and toks[b].low in _AFTER_PARTICIPLE:
        return None  # a participle clause opens the sentence: "Flying back, she ...", "Led by X, the rally ..."
    return 0, b


# What follows a participle opening a sentence ("Speaking to", "Led by", "Asked whether").
_AFTER_PARTICIPLE = _PREPOSITIONS | _DETERMINERS | _QUESTION_LEAD | _words("particle")


# Capitalised sentence openers that are not a subject ("Here in Dover, Haldane ...").
_NOT_SUBJECT = _words("not_subject")


def _inside(spans, lo, hi, share: float = 0.5) -> bool:
    """More than ``share`` of text[lo:hi] is already a quotation (``spans`` sorted and
    non-overlapping: only those from the last one starting before ``lo`` can reach it)."""
    cover = 0
    for k in range(max(bisect.bisect_left(spans, (lo,)) - 1, 0), len(spans)):
        a, b = spans[k]
        if a >= hi:
            break
        cover += max(0, min(b, hi) - max(a, lo))
    return cover > share * (hi - lo)


def _skip_punct(text: str, lo: int, hi: int) -> int:
    while lo < hi and (text[lo].isspace() or text[lo] in ",:;—–-"):
        lo += 1
    return lo


def _trim_end(text: str, lo: int, hi: int) -> int:
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in ".,;:!?"):
        hi -= 1
    return hi


# --------------------------------------------------------------------------- features


class QuoteFeatures(SpanFeaturesMixin):
    """Per-version quotation counts and shares.

    Parameters
    ----------
    verbs : str, path-like or None
        Reporting-verb lexicon (default: the shipped one).

    Columns
    -------
    n_quotes_direct, n_quotes_partial, n_quotes_indirect : counts by kind.
    quoted_word_share : words inside direct/partial quotes / words of the kept body.
    n_speakers : distinct speakers as written (case-folded; unresolved pronouns count apart).
    anonymous_quote_share : share of quotes (all kinds) with an anonymous speaker (NaN if none).
    """

    feature_names = (
        "n_quotes_direct",
        "n_quotes_partial",
        "n_quotes_indirect",
        "quoted_word_share",
        "n_speakers",
        "anonymous_quote_share",
    )

    def __init__(self, *, verbs=None):
        self.verbs = verbs

    def _validate_params(self) -> None:
        if self.verbs is not None and not isinstance(self.verbs, (str,)) and not hasattr(self.verbs, "__fspath__"):
            raise ValueError("verbs must be None or a path to a lexicon file")

    def _row(self, doc: Document) -> list[float]:
        return quote_feature_row(doc, find_quotes(doc, verbs=self.verbs))


def quote_feature_row(doc: Document, quotes: Sequence[Quote], *, n_words: int | None = None) -> list[float]:
    """The :class:`QuoteFeatures` row of ``doc`` from its quotes already found (the pipeline
    finds them once and uses them for both the row and ``quotes.csv``).

    Parameters
    ----------
    doc : Document
        A cleaned version.
    quotes : sequence of Quote
        ``find_quotes(doc)`` (with the transformer's ``verbs``).
    n_words : int, optional
        The words of the kept sentences as ``articles.csv`` counts them
        (``count_words(doc.kept_text)``), when the caller has counted them; counted here
        otherwise.

    Returns
    -------
    list of float
        The row in the order of ``QuoteFeatures.feature_names`` (what :meth:`QuoteFeatures.transform`
        gives ``doc``).
    """
    qs = quotes
    counts = {k: sum(q.kind == k for q in qs) for k in ("direct", "partial", "indirect")}
    # words as articles.csv counts them (n_words), so the share is of the same body
    body = n_words if n_words is not None else count_words(doc.kept_text)
    quoted = sum(count_words(q.text) for q in qs if q.kind != "indirect")
    share = quoted / body if body else float("nan")
    speakers = {q.speaker.lower() for q in qs if q.speaker}
    anon = sum(q.anonymous for q in qs) / len(qs) if qs else float("nan")
    return [counts["direct"], counts["partial"], counts["indirect"], min(share, 1.0) if body else share, len(speakers), anon]
