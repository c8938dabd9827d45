"""Sentiment toward each actor of a story: target-dependent, not the whole sentence blindly.

"Russia praised the move while the US condemned the Taliban" is one sentence with three targets
and (at least) two different sentiments. Each mention of an actor is scored by
:class:`TargetSentimentClassifier`, a multinomial logistic regression over

* VADER scores of the sentence, of the clause holding the mention (split at punctuation and at
  contrastive linking words such as "while", "but", "whereas", from
  ``lexicons/clause_links.tsv``), and of the few words either side of it (mention masked out);
* VADER lexicon valences left and right of the mention, weighted by 1 / (1 + distance in
  tokens), with VADER's negation rule applied, and the same within the mention's clause,
  unweighted, so that the model can tell the agent of a sentiment-laden verb ("TGT condemned
  critics") from its patient ("critics condemned TGT");
* where the mention is (sentence start, inside a quotation, relative position);
* TF-IDF n-grams of the sentence with the mention replaced by a placeholder token, and of the
  words right before / after it, so that "TGT condemned" and "condemned TGT" differ.

The shipped model (``framing/data/target_sentiment_model.json``) was learned on the NewsMTSC
training split (Hamborg & Donnay, EACL 2021; MIT-style licence); its header names the commit.
``analyses/train_target_sentiment.py`` regenerates it with :func:`train_target_sentiment`.
"""

from __future__ import annotations

__all__ = [
    "ActorMention",
    "ActorSentiment",
    "TargetSentimentClassifier",
    "actor_sentiment",
    "story_actor_sentiment",
    "default_actors",
    "find_actor_mentions",
    "load_target_sentiment_model",
    "read_actors",
    "train_target_sentiment",
    "target_features",
    "MODEL_PATH",
    "model_metadata",
]

import json
import math
import os
import re
import string
import threading
from bisect import bisect_left, bisect_right
from itertools import chain, compress, count, repeat
from operator import add, attrgetter, is_, is_not
from functools import lru_cache, reduce
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Mapping, NamedTuple, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..compare.wording import _lowered
from ..document import Document, make_document
from ..lexicons import read_lexicon
from .sentiment import SentenceAnalysis, VaderAnalysis, _emoji_chars, _no_emoji, vader, vader_analysis

#: the classes, in the column order of ``predict_proba``
LABELS = ("negative", "neutral", "positive")
#: the shipped model
MODEL_PATH = Path(str(resources.files("framing").joinpath("data/target_sentiment_model.json")))
MASK = "TGT"
#: classes of ``lexicons/clause_links.tsv`` that end a clause (5-fold CV on NewsMTSC train:
#: contrastive words helped, adding temporal/causal ones did not)
CLAUSE_LINK_CLASSES = ("contrast",)

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
# Clause boundaries: punctuation, plus the linking words of a lexicon file (see _clause_regex);
# a parser is not available.
_BREAK_CHARS = ",;:()[]—–"
_CLAUSE_BREAK = re.compile("[" + re.escape(_BREAK_CHARS) + r"]|\s-\s")


@lru_cache(maxsize=8)
def _link_words(classes: tuple) -> tuple[str, ...]:
    """The clause-linking words of ``classes``, longest first (the order of the alternatives)."""
    return tuple(sorted({r[0] for r in read_lexicon("clause_links.tsv") if r[1] in classes},
                        key=lambda w: (-len(w), w)))


@lru_cache(maxsize=8)
def _clause_regex(classes: tuple) -> re.Pattern:
    """Punctuation or a clause-linking word of ``classes`` ("while", "but", ...)."""
    words = _link_words(classes)
    if not words:
        return _CLAUSE_BREAK
    return re.compile(_CLAUSE_BREAK.pattern + r"|(?<![\w'’])(?:"
                      + "|".join(map(re.escape, words)) + r")(?![\w'’])", re.I)


@lru_cache(maxsize=8)
def _clause_fast_regex(classes: tuple) -> re.Pattern | None:
    """:func:`_clause_regex` for a lower-cased text, case-sensitive (see :func:`_clause_breaks`),
    or None when a linking word is not lower case or does not start with an ASCII letter."""
    words = _link_words(classes)
    if not words or any(w != w.lower() or not ("a" <= w[0] <= "z") for w in words):
        return None
    # before a word character, "(?<![\w'’])" is "\b(?<!['’])": a check that fails at once
    # inside a word
    return re.compile(_CLAUSE_BREAK.pattern + r"|\b(?<!['’])(?:" + "|".join(map(re.escape, words)) + r")(?![\w'’])")


def _clause_breaks(text: str) -> list[tuple[int, int]]:
    """The spans of ``_clause_regex(CLAUSE_LINK_CLASSES).finditer(text)``, found in the lower-cased
    text with a case-sensitive pattern when that is the same (see ``compare.wording._lowered``):
    the punctuation has no case and the linking words are lower-case ASCII."""
    fast = _clause_fast_regex(CLAUSE_LINK_CLASSES)
    low = _lowered(text) if fast is not None else None
    if low is None:
        return [m.span() for m in _clause_regex(CLAUSE_LINK_CLASSES).finditer(text)]
    return [m.span() for m in fast.finditer(low)]


_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"


# ----------------------------------------------------------------------------- actors


class ActorMention(NamedTuple):
    """A mention of an actor: ``doc.text[start:end] == mention``, in kept sentence ``sent_id``."""

    sent_id: int
    start: int
    end: int
    actor: str
    mention: str


class ActorSentiment(NamedTuple):
    """The sentiment of a sentence toward one actor mention.

    Attributes
    ----------
    actor : str
        The actor's name (a key of the ``actors`` mapping).
    sent_id : int
        The sentence holding the mention.
    start, end : int
        The mention: ``doc.text[start:end] == mention``.
    mention : str
        The mention text.
    label : str
        ``"negative"``, ``"neutral"`` or ``"positive"`` (the most probable class).
    score : float
        P(positive) - P(negative), in [-1, 1].
    """

    actor: str
    sent_id: int
    start: int
    end: int
    mention: str
    label: str
    score: float


def read_actors(path: str | os.PathLike) -> dict[str, list[str]]:
    """Read an actors file: tab-separated ``actor``, ``alias pattern`` (a regular expression).

    Lines starting with ``#`` are the header.

    Parameters
    ----------
    path : str or path-like
        A shipped lexicon name or any file in that format (e.g. a story's ``actors.tsv``).

    Returns
    -------
    dict of str to list of str
        ``{actor: [pattern, ...]}`` in file order.

    Raises
    ------
    ValueError
        If a row has fewer than two columns.
    """
    actors: dict[str, list[str]] = {}
    for row in read_lexicon(path):
        if len(row) < 2:
            raise ValueError(f"{path}: expected 'actor<TAB>pattern', got {row!r}")
        actors.setdefault(row[0], []).append(row[1])
    return actors


def default_actors() -> dict[str, list[str]]:
    """The actors of the example story, from ``framing/lexicons/actors_default.tsv``.

    Returns
    -------
    dict of str to list of str
        ``{actor: [alias pattern, ...]}`` as :func:`read_actors` gives it.
    """
    return read_actors("actors_default.tsv")


@lru_cache(maxsize=256)
def _alias_regex(pattern: str) -> re.Pattern:
    # Word boundaries where the alias starts/ends with a word character, so "US" does not match
    # inside "USB" and "Russian" does not match "Russia" by prefix unless the pattern says so.
    left = r"(?<!\w)" if re.match(r"[\w(\[]", pattern) else ""
    right = r"(?!\w)" if re.search(r"[\w)\]?*+]$", pattern) else ""
    return re.compile(f"{left}(?:{pattern}){right}")


def find_actor_mentions(doc: Document | str, actors: Mapping[str, Sequence[str]]
                        ) -> list[ActorMention]:
    """Find every mention of every actor in the kept sentences of ``doc``.

    Parameters
    ----------
    doc : Document or str
        A document, or a plain text (all sentences kept).
    actors : mapping of str to list of str
        Actor name -> alias patterns (regular expressions, case-sensitive, matched at word
        boundaries; a plain name is a valid pattern). Overlapping matches keep the longest
        (then the earliest, then the actor listed first), so "Islamic Emirate of Afghanistan"
        is not also a mention of "Afghanistan".

    Returns
    -------
    list of ActorMention
        In text order; ``doc.text[m.start:m.end] == m.mention``.
    """
    if isinstance(doc, str):
        doc = make_document(doc)
    return _find_mentions(doc, _compiled_aliases(actors))


def _compiled_aliases(actors: Mapping[str, Sequence[str]]) -> list[tuple]:
    """``(rank, actor, regex or None, context-sensitive, pattern, literal, bounds)`` of every
    alias pattern (see :func:`_alias_kind`, :func:`_literal`, :func:`_literal_bounds`), for
    :func:`_find_mentions` (once per story, not per version)."""
    if isinstance(actors, (str, bytes)) or not isinstance(actors, Mapping):
        raise TypeError("actors must map an actor name to a list of alias patterns")
    compiled = []
    for rank, (actor, patterns) in enumerate(actors.items()):
        if isinstance(patterns, str):
            patterns = [patterns]
        for p in patterns:
            compiled.append((rank, actor, *_alias_kind(p), p, _literal(p), _literal_bounds(p)))
    return compiled


def _find_mentions(doc: Document, compiled: list[tuple]) -> list[ActorMention]:
    """:func:`find_actor_mentions` with the aliases compiled (:func:`_compiled_aliases`)."""
    out: list[ActorMention] = []
    kept = doc.kept_sentences
    for i, cands in enumerate(_candidates(doc, kept, compiled)):
        if not cands:
            continue
        s = kept[i]
        text = doc.sentence_text(s)
        if len(cands) == 1:  # (most sentences: nothing to sort or to overlap)
            a, b, _, actor = cands[0]
            out.append(ActorMention(s.sent_id, s.start + a, s.start + b, actor, text[a:b]))
            continue
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
        taken: list[tuple[int, int]] = []
        for a, b, _, actor in cands:
            for ta, tb in taken:
                if a < tb and ta < b:
                    break  # overlaps a longer (or earlier) one
            else:
                taken.append((a, b))
                out.append(ActorMention(s.sent_id, s.start + a, s.start + b, actor, text[a:b]))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _candidates(doc: Document, kept, compiled) -> list[list[tuple[int, int, int, str]]]:
    """Every alias match inside each kept sentence: ``(start, end, rank, actor)``, offsets into
    the sentence. The same matches as searching each sentence's text on its own, found with one
    search of the whole text per alias (the per-sentence searches cost as much as a VADER pass);
    a sentence that touches its neighbour without white space, or that a match runs out of, is
    searched on its own, where the boundary could change what the alias matches."""
    from bisect import bisect_right

    text = doc.text
    starts = [s.start for s in kept]
    cands: list[list] = [[] for _ in kept]
    alone: set[int] = set()
    for i, s in enumerate(kept):
        if (s.start > 0 and not text[s.start - 1].isspace()) or (s.end < len(text) and not text[s.end].isspace()):
            alone.add(i)
    # an alias that anchors or looks behind could see across a sentence's start in the whole
    # text: such aliases (none in the shipped lists) are searched sentence by sentence
    local = [(rank, actor, p) for rank, actor, _, sensitive, p, _, _ in compiled if sensitive]
    for rank, actor, rx, sensitive, pattern, lit, bounds in compiled:
        if sensitive:
            continue
        spans = _alias_spans(pattern, text) if lit is None else _literal_span_list(lit, *bounds, text)
        for a, b in spans:
            i = bisect_right(starts, a) - 1
            if b <= a:
                continue
            if i < 0:  # before the first kept sentence: only matters if it runs into it
                alone.update(j for j in range(bisect_right(starts, b - 1)) if a < kept[j].end)
                continue
            if b > kept[i].end:
                # a match running out of a sentence (or a gap) into the next: search those alone
                alone.update(j for j in range(i, bisect_right(starts, b - 1)) if a < kept[j].end)
                continue
            cands[i].append((a - kept[i].start, b - kept[i].start, rank, actor))
    for i in range(len(kept)):
        searched = [(c[0], c[1], c[4]) for c in compiled] if i in alone else local
        if not searched:
            continue
        sentence = doc.sentence_text(kept[i])
        found = [(a, b, rank, actor) for rank, actor, pattern in searched
                 for a, b in _alias_spans(pattern, sentence)]
        cands[i] = found if i in alone else cands[i] + found
    return cands


_CONTEXT_SENSITIVE = re.compile(r"\^|\$|\(\?<[=!]|\\[AZbB]")


@lru_cache(maxsize=4096)
def _alias_kind(pattern: str) -> tuple[re.Pattern | None, bool]:
    """(its regex, or None for a plain name: searched as a string, no regex to compile per
    story; whether it anchors or looks behind, so that it is searched sentence by sentence)."""
    rx = None if _literal(pattern) is not None else _alias_regex(pattern)
    return rx, bool(_CONTEXT_SENSITIVE.search(pattern))


_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=256)
def _alias_scanner(pattern: str) -> tuple[re.Pattern, bool]:
    r"""The alias regex without its leading ``(?<!\w)`` (a look-behind at the start keeps the
    regex engine from jumping to the alias's first letters: about 20 times slower), and whether
    that left boundary must be checked by hand."""
    full = _alias_regex(pattern)
    left = full.pattern.startswith(r"(?<!\w)")
    return (re.compile(full.pattern[len(r"(?<!\w)"):]) if left else full), left


def _alias_spans(pattern: str, text: str):
    """``(start, end)`` of the non-empty matches of ``_alias_regex(pattern).finditer(text)``."""
    lit = _literal(pattern)
    if lit is not None:
        yield from _literal_spans(pattern, lit, text)
        return
    starters = _alias_starters(pattern)
    if starters is not None:
        yield from _spans_from_starters(pattern, starters, text)
        return
    fast, left = _alias_scanner(pattern)
    if not left:
        yield from (m.span() for m in fast.finditer(text) if m.end() > m.start())
        return
    pos = 0
    while True:
        m = fast.search(text, pos)
        if m is None:
            return
        a, b = m.span()
        if a > 0 and _WORD_CHAR.match(text, a - 1):
            pos = a + 1  # the look-behind fails here; the full regex would try the next position
            continue
        if b == a:  # an alias that can match the empty string: let the full regex decide
            yield from (m.span() for m in _alias_regex(pattern).finditer(text) if m.end() > m.start())
            return
        yield a, b
        pos = b


_REGEX_META = frozenset(".^$*+?{}[]|()")


@lru_cache(maxsize=4096)
def _literal(pattern: str) -> str | None:
    """The string an alias pattern matches when it is a plain string (letters, spaces,
    punctuation escaped as ``re.escape`` does); None for any other pattern."""
    out, i, n = [], 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n or pattern[i + 1].isascii() and pattern[i + 1].isalnum():
                return None  # \d, \b, \1, ...: a class, anchor or reference
            out.append(pattern[i + 1])
            i += 2
            continue
        if ch in _REGEX_META:
            return None
        out.append(ch)
        i += 1
    return "".join(out) or None


@lru_cache(maxsize=4096)
def _literal_bounds(pattern: str) -> tuple[bool, bool]:
    """Whether :func:`_alias_regex` puts a word boundary before and after ``pattern``."""
    return bool(re.match(r"[\w(\[]", pattern)), bool(re.search(r"[\w)\]?*+]$", pattern))


def _literal_span_list(lit: str, left: bool, right: bool, text: str) -> list[tuple[int, int]]:
    """``list(_literal_spans(pattern, lit, text))`` where ``_literal_bounds(pattern)`` is
    ``(left, right)``: a list, no generator (the caller searches every alias of a story)."""
    out = []
    find, n, a = text.find, len(lit), text.find(lit)
    while a >= 0:
        b = a + n
        if (left and a > 0 and _WORD_CHAR.match(text, a - 1)) or (right and _WORD_CHAR.match(text, b)):
            a = find(lit, a + 1)  # the full regex would fail here and try the next position
            continue
        out.append((a, b))
        a = find(lit, b)
    return out


def _literal_spans(pattern: str, lit: str, text: str):
    # what _alias_regex(pattern).finditer finds for a plain string: each occurrence, left to
    # right without overlaps, where the boundaries the pattern gets hold (str.find runs at C
    # speed with no regex to compile)
    yield from _literal_span_list(lit, *_literal_bounds(pattern), text)


def _spans_from_starters(pattern: str, starters: re.Pattern, text: str):
    # a match can only start at a character of ``starters``: try the full regex there only,
    # in order, resuming after each match as finditer does (the alias never matches empty)
    match = _alias_regex(pattern).match
    pos = 0
    for c in starters.finditer(text):
        a = c.start()
        if a < pos:
            continue
        m = match(text, a)
        if m is not None:
            pos = m.end()
            yield a, pos


@lru_cache(maxsize=256)
def _alias_starters(pattern: str) -> re.Pattern | None:
    """For an alias that starts with an optional part (``(?:Vladimir )?Putin``), a character
    class of the characters a match can start with; None for any other alias.

    The regex engine has no literal prefix to jump to for such a pattern and tries the whole
    regex at every position of the text (about 40 times slower than a literal prefix); the
    class lets it try only where a match can start. None when the alias can match the empty
    string, ignores case, or can start with a character from an open-ended class (``\\w``,
    ``.``): it is then searched as before."""
    if not pattern.startswith("("):
        return None  # a literal, an escape or a class first: no need to parse it
    try:
        from re import _constants as C, _parser
    except ImportError:  # a private module of CPython >= 3.11: only a speed-up
        return None
    full = _alias_regex(pattern)
    try:
        parsed = _parser.parse(full.pattern)
    except Exception:
        return None
    if parsed.state.flags & C.SRE_FLAG_IGNORECASE:
        return None
    items = [it for it in parsed.data if it[0] not in (C.ASSERT, C.ASSERT_NOT, C.AT)]
    if not items or items[0][0] in (C.LITERAL, C.IN):
        return None  # a literal prefix or a class: the engine already jumps to those
    first = _first_chars(parsed.data, C)
    if first is None or first[1] or not first[0]:
        return None
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(first[0])) + "]")


def _first_chars(seq, C) -> tuple[set, bool] | None:
    """(the characters a match of the parsed sequence ``seq`` can start with, whether it can
    match the empty string); None when the set is open-ended or a construct is not handled.
    Zero-width assertions are skipped (the set is then a superset: still exact matches)."""
    chars: set = set()
    for op, av in seq:
        if op in (C.ASSERT, C.ASSERT_NOT, C.AT):
            continue
        if op == C.LITERAL:
            chars.add(chr(av))
            return chars, False
        if op == C.IN:
            for iop, iav in av:
                if iop == C.LITERAL:
                    chars.add(chr(iav))
                elif iop == C.RANGE and iav[1] - iav[0] < 256:
                    chars.update(map(chr, range(iav[0], iav[1] + 1)))
                else:
                    return None
            return chars, False
        if op == C.BRANCH:
            nullable = False
            for alt in av[1]:
                sub = _first_chars(alt, C)
                if sub is None:
                    return None
                chars |= sub[0]
                nullable = nullable or sub[1]
            if not nullable:
                return chars, False
            continue
        if op == C.SUBPATTERN:
            if (av[1] | av[2]) & C.SRE_FLAG_IGNORECASE:
                return None
            sub = _first_chars(av[3], C)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            sub = _first_chars(av[2], C)
            if sub is not None and av[0] == 0:
                sub = (sub[0], True)
        elif op == getattr(C, "ATOMIC_GROUP", None):
            sub = _first_chars(av, C)
        else:
            return None
        if sub is None:
            return None
        chars |= sub[0]
        if not sub[1]:
            return chars, False
    return chars, True


# ----------------------------------------------------------------------------- features

#: bump when the features change: a model file of another version is refused
FEATURES_VERSION = 2

DENSE_FEATURES = (
    "sent_compound", "sent_pos", "sent_neg",
    "clause_compound", "clause_pos", "clause_neg",
    "window_compound", "window_pos", "window_neg",
    "left_pos", "left_neg", "right_pos", "right_neg",
    "rel_start", "at_start", "in_quote", "has_quote", "log_tokens",
    "before_compound", "after_compound",
    "clause_left_pos", "clause_left_neg", "clause_right_pos", "clause_right_neg",
)


def _normalize(score: float) -> float:
    # VADER's normalize() (alpha 15), so sub-sentence sums are on the compound scale
    return max(-1.0, min(1.0, score / math.sqrt(score * score + 15)))


def _left_sum(vals) -> float:
    """``vals`` added one after another from the left: the built-in ``sum`` of Python 3.11,
    which Python 3.12 replaced by a compensated sum for floats. Spelled out so that these
    features, and :func:`_batch_features` (which adds in the same order), are the same floats
    on every Python."""
    return reduce(add, vals, 0.0)


def _summary(vals: list[float], ntok: int) -> tuple[float, float, float]:
    """compound, pos, neg of a token range as VADER's score_valence (no punctuation emphasis).

    ``vals`` are the nonzero valences of the range, ``ntok`` its number of tokens.
    """
    if ntok <= 0:
        return 0.0, 0.0, 0.0
    pos = neg = 0.0
    for v in vals:
        if v > 0:
            pos += v + 1
        else:
            neg += 1 - v
    total = pos + neg + (ntok - len(vals))
    return _normalize(_left_sum(vals)), pos / total, neg / total


_QUOTE_CHARS = re.compile('["“”]')
_WHITESPACE_TOKEN = re.compile(r"\S+")  # VADER's tokens (SentiText splits at white space)
_MATCH_GROUP, _MATCH_START, _MATCH_END = re.Match.group, re.Match.start, re.Match.end


class _Sentence:
    """What every mention of one sentence shares: VADER's token valences (one VADER run), the
    n-gram tokens, clause boundaries and quotation marks; and, for prediction, the same term
    tables as columns of a fitted vocabulary."""

    __slots__ = ("text", "source", "compound", "pos", "neg", "vstarts", "vends", "nv",
                 "nonzero", "lexwords", "lexkeys", "rstarts", "rends", "lower", "breaks",
                 "quotes", "has_quote", "_strs", "_ids")

    def __init__(self, text: str, va: VaderAnalysis):
        self.text = text
        # what the features read of the analysis: a cached sentence is reused only for the same
        self.source = (va.compound, va.pos, va.neg, va.words, va.valences)
        self.compound, self.pos, self.neg = va.compound, va.pos, va.neg
        self.vstarts, self.vends = va.spans()
        self.nv = len(self.vstarts)
        vals = va.valences
        self.nonzero = list(compress(enumerate(vals), vals))  # (k, v) with v != 0, in C
        # VADER lexicon words: index, and (word, negated: VADER's rules flipped its sign); their
        # terms are LX:, RX:, CL:, CR: (with not_ when negated)
        low = list(map(str.lower, va.words))
        lexval = list(map(vader().lexicon.get, low))  # C-level lookups, None outside it
        self.lexwords = ks = list(compress(count(), map(is_not, lexval, repeat(None))))
        self.lexkeys = [(low[k], vals[k] * lexval[k] < 0) for k in ks]
        toks = list(_TOKEN.finditer(text))  # (maps over the matches: C speed)
        self.rstarts = list(map(_MATCH_START, toks))
        self.rends = list(map(_MATCH_END, toks))
        self.lower = list(map(str.lower, map(_MATCH_GROUP, toks)))
        self.breaks = _clause_breaks(text)
        self.quotes = [(m.start(), m.group()) for m in _QUOTE_CHARS.finditer(text)]
        self.has_quote = bool(self.quotes)
        self._strs = self._ids = None

    def in_quote(self, start: int) -> bool:
        """Inside a quotation: straight quotes counted, curly quotes paired."""
        straight = depth = 0
        for i, ch in self.quotes:
            if i >= start:
                break
            if ch == '"':
                straight += 1
            elif ch == "“":
                depth += 1
            else:
                depth = max(0, depth - 1)
        return straight % 2 == 1 or depth > 0

    def tables(self, vocab: Mapping[str, int] | None, words: dict | None = None) -> tuple:
        """The term tables of every mention of the sentence: ``(unigrams, bigrams, clause
        words, lexicon terms, L:, R:, L1:, R1:, "w TGT", "TGT w", TGT, lookup)``, per token
        (lexicon terms per lexicon word); strings, or with ``vocab`` their columns (-1 when
        not in it), looked up once per sentence rather than per mention. ``words`` caches the
        columns of each word's terms (see :func:`_word_columns`); ``lookup`` maps a term
        string to what the tables hold."""
        if vocab is None:
            if self._strs is None:
                lower = self.lower
                self._strs = (
                    lower, [f"{a} {b}" for a, b in zip(lower, lower[1:])],
                    ["C:" + w for w in lower],
                    [("LX:" + w, "RX:" + w, "CL:not_" + w, "CR:not_" + w) if neg else
                     ("LX:" + w, "RX:" + w, "CL:" + w, "CR:" + w) for w, neg in self.lexkeys],
                    ["L:" + w for w in lower], ["R:" + w for w in lower],
                    ["L1:" + w for w in lower], ["R1:" + w for w in lower],
                    [w + " " + MASK for w in lower], [MASK + " " + w for w in lower],
                    MASK, _same)
            return self._strs
        if self._ids is None or self._ids[0] is not vocab:
            if words is None:
                words = {}
            get = vocab.get
            lower = self.lower
            cols = list(map(words.get, lower))
            if None in cols:
                cols = [c or _word_columns(vocab, words, w) for c, w in zip(cols, lower)]
            # per-word columns: (unigram, C:, L:, R:, L1:, R1:, "w TGT", "TGT w")
            uni, cw, left, right, l1, r1, lt, tr = (list(c) for c in zip(*cols)) if cols else \
                ([] for _ in range(8))
            lex = [words.get((w, neg)) or _lex_columns(vocab, words, w, neg)
                   for w, neg in self.lexkeys]
            bigrams = map(" ".join, zip(lower, lower[1:]))  # f"{a} {b}", in C
            self._ids = (vocab, uni, list(map(get, bigrams, repeat(-1))),
                         cw, lex, left, right, l1, r1, lt, tr, get(MASK, -1),
                         lambda t, get=get: get(t, -1))
        return self._ids[1:]


def _same(t):
    return t


def _word_columns(vocab: Mapping[str, int], words: dict, w: str) -> tuple:
    """Columns of the terms of word ``w`` (-1 outside ``vocab``), remembered in ``words``."""
    get = vocab.get
    cols = words[w] = (get(w, -1), get("C:" + w, -1), get("L:" + w, -1), get("R:" + w, -1),
                       get("L1:" + w, -1), get("R1:" + w, -1), get(w + " " + MASK, -1),
                       get(MASK + " " + w, -1))
    return cols


class _WordRows:
    """The columns of each word's terms (:func:`_word_columns`) as rows of one growing array, so
    that a batch of sentences reads its table with one gather instead of converting a tuple per
    word; and each word's id in the n-gram tables of the vocabulary (``ngrams``, see
    :class:`_NgramColumns`) in ``ngram_ids`` (-1: in no n-gram term). Kept in the word cache of
    :func:`_word_columns` (under the key ``_ROWS``), and cleared with it."""

    def __init__(self, vocab: Mapping[str, int]):
        self.index: dict[str, int] = {}
        self.array = np.empty((1024, 8), dtype=np.int64)
        self.ngrams = _NgramColumns(vocab)
        self.ngram_ids = np.empty(1024, dtype=np.int64)
        self._lock = threading.Lock()  # stories analysed in threads share the table

    def rows(self, vocab: Mapping[str, int], words: dict, tokens: Sequence[str]) -> np.ndarray:
        """The row of each word of ``tokens`` (added when new; a word may repeat). Read the rows
        from ``self.array`` and ``self.ngram_ids`` after the call: a word is indexed only once
        its row is written."""
        found = list(map(self.index.get, tokens))
        missing = list(compress(count(), map(is_, found, repeat(None))))
        if missing:
            with self._lock:
                for i in missing:
                    w = tokens[i]
                    r = self.index.get(w)  # (another thread may have added it meanwhile)
                    if r is None:
                        r = len(self.index)
                        if r == len(self.array):
                            self.array = np.concatenate([self.array, np.empty_like(self.array)])
                            self.ngram_ids = np.concatenate([self.ngram_ids, np.empty_like(self.ngram_ids)])
                        self.array[r] = words.get(w) or _word_columns(vocab, words, w)
                        self.ngram_ids[r] = self.ngrams.ids.get(w, -1)
                        self.index[w] = r
                    found[i] = r
        return np.fromiter(found, dtype=np.int64, count=len(found))


#: the key of the :class:`_WordRows` in a word cache (no word: words are strings)
_ROWS = object()


def _lex_columns(vocab: Mapping[str, int], words: dict, w: str, neg: bool) -> tuple:
    get = vocab.get
    n = "not_" if neg else ""
    cols = words[(w, neg)] = (get("LX:" + w, -1), get("RX:" + w, -1), get("CL:" + n + w, -1),
                              get("CR:" + n + w, -1))
    return cols


def _same_reading(a: VaderAnalysis, b: VaderAnalysis) -> bool:
    """Whether two VADER readings give the same features (what :class:`_Sentence` reads)."""
    return (a.compound, a.pos, a.neg, a.words, a.valences) == (b.compound, b.pos, b.neg, b.words, b.valences)


def _sentence(text: str, analysis=None, analyzer=None) -> _Sentence:
    return _Sentence(text, analysis if analysis is not None else vader_analysis(text, analyzer))


def _mention_features(s: _Sentence, start: int, end: int, window: int,
                      vocab: Mapping[str, int] | None = None, words: dict | None = None
                      ) -> tuple[list[float], list]:
    """Dense features and terms of one mention (term strings; with ``vocab``, their columns,
    -1 for a term outside it)."""
    sentence = s.text
    if not (0 <= start < end <= len(sentence)):
        raise ValueError(f"target span {start}:{end} outside the sentence (length {len(sentence)})")
    # VADER tokens of the mention [va, vb) and n-gram tokens [a, b) (the mention is one TGT)
    va, vb = bisect_right(s.vends, start), bisect_left(s.vstarts, end)
    if vb < va:
        vb = va
    a, b = bisect_right(s.rends, start), bisect_left(s.rstarts, end)
    if b < a:
        b = a
    # the clause holding the mention: between the last break before it and the first after it
    cl_start, cl_end = 0, len(sentence)
    for bs, be in s.breaks:
        if be <= start:
            cl_start = be
        elif bs >= end:
            cl_end = bs
            break
    kc0, kc1 = bisect_left(s.vstarts, cl_start), bisect_left(s.vstarts, cl_end)
    w0, w1 = max(0, va - window), min(s.nv, vb + window)

    left_pos = left_neg = right_pos = right_neg = 0.0
    cl_vals = [0.0, 0.0, 0.0, 0.0]  # clause_left_pos/neg, clause_right_pos/neg
    clause, win, before, after = [], [], [], []
    for k, v in s.nonzero:
        if va <= k < vb:
            continue
        if k < va:
            before.append(v)
            wt = 1.0 / (1 + va - k)
            if v > 0:
                left_pos += v * wt
            else:
                left_neg -= v * wt
        else:
            after.append(v)
            wt = 1.0 / (2 + k - vb)
            if v > 0:
                right_pos += v * wt
            else:
                right_neg -= v * wt
        if w0 <= k < w1:
            win.append(v)
        if kc0 <= k < kc1:
            clause.append(v)
            cl_vals[(0 if k < va else 2) + (0 if v > 0 else 1)] += abs(v)
    n_mention_in_clause = max(0, min(vb, kc1) - max(va, kc0))
    cc = _summary(clause, kc1 - kc0 - n_mention_in_clause)
    wc = _summary(win, w1 - w0 - (vb - va))
    lower = s.lower
    nr = len(lower)
    dense = [
        s.compound, s.pos, s.neg,
        cc[0], cc[1], cc[2],
        wc[0], wc[1], wc[2],
        left_pos, left_neg, right_pos, right_neg,
        start / max(1, len(sentence)), float(a <= 1), float(s.in_quote(start)),
        float(s.has_quote), math.log1p(nr - (b - a) + 1),
        _normalize(_left_sum(before)), _normalize(_left_sum(after)),
        *cl_vals,
    ]

    uni, bi, cw, lexterms, left, right, l1, r1, lt, tr, mask, conv = s.tables(vocab, words)
    # unigrams and bigrams of the sentence with the mention replaced by TGT
    terms = uni[:a]
    terms.append(mask)
    terms += uni[b:]
    if a > 1:
        terms += bi[:a - 1]
    terms += bi[b:]
    # the words right before / after it, with and without TGT, and up to ``window`` each side
    if a >= 1:
        terms.append(lt[a - 1])
        terms.append(l1[a - 1])
    if b < nr:
        terms.append(tr[b])
        terms.append(r1[b])
    terms += left[max(0, a - window):a]
    terms += right[b:b + window]
    # trigrams holding the mention
    seq = lower[max(0, a - 2):a]
    seq.append(MASK)
    seq += lower[b:b + 2]
    for i in range(len(seq) - 2):
        terms.append(conv(" ".join(seq[i:i + 3])))
    # VADER lexicon words marked by side; within the clause also negation (agent or patient:
    # "critics condemned TGT" vs "TGT condemned critics")
    for k, ts in zip(s.lexwords, lexterms):
        if k < va:
            terms.append(ts[0])
            if k >= kc0:
                terms.append(ts[2])
        elif k >= vb:
            terms.append(ts[1])
            if k < kc1:
                terms.append(ts[3])
    # words of the clause holding the mention
    c0, c1 = bisect_left(s.rstarts, cl_start), bisect_left(s.rstarts, cl_end)
    terms += cw[c0:min(a, c1)]
    terms += cw[max(b, c0):c1]
    return dense, terms


def _ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The indices ``lo[i], ..., hi[i] - 1`` of every range ``i``, one range after another, and
    each range's length (0 where ``hi <= lo``)."""
    n = np.maximum(hi - lo, 0)
    ends = np.cumsum(n)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total, dtype=np.int64) - np.repeat(ends - n - lo, n), n


def _offsets(counts: np.ndarray) -> np.ndarray:
    """Where each block of ``counts`` starts when the blocks are laid end to end."""
    out = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=out[1:])
    return out


def _normalize_array(score: np.ndarray) -> np.ndarray:
    """:func:`_normalize` of each element (the same operations, so the same floats)."""
    return np.maximum(-1.0, np.minimum(1.0, score / np.sqrt(score * score + 15)))


def _span_array(ms, which) -> np.ndarray:
    return np.fromiter(map(which, ms), dtype=np.int64, count=len(ms))


def _block_counts(positions: np.ndarray, base: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """How many of the sorted ``positions`` fall in each sentence ``[base, base + len]``."""
    return np.searchsorted(positions, base + lens, "right") - np.searchsorted(positions, base, "left")


# Character classes of the patterns a batch reads (_TOKEN, \S+, the clause breaks, the
# quotation marks): white space, word character, apostrophe (joins two words in _TOKEN and
# bounds a linking word), clause-break punctuation, hyphen, the three quotation marks, other
(_C_SPACE, _C_WORD, _C_APOSTROPHE, _C_OTHER, _C_BREAK, _C_HYPHEN,
 _C_STRAIGHT_QUOTE, _C_OPEN_QUOTE, _C_CLOSE_QUOTE) = range(9)
_QUOTE_CLASSES = {'"': _C_STRAIGHT_QUOTE, "“": _C_OPEN_QUOTE, "”": _C_CLOSE_QUOTE}


@lru_cache(maxsize=1)
def _class_table() -> np.ndarray:
    # one entry per code point, -1 until a text holds it (see _char_classes)
    return np.full(0x110000, -1, dtype=np.int8)


def _char_class(ch: str) -> int:
    # the regular expressions themselves decide, so the classes are those the patterns see
    if re.match(r"\s", ch):
        return _C_SPACE
    if re.match(r"\w", ch):
        return _C_WORD
    if ch in "'’":
        return _C_APOSTROPHE
    if ch in _BREAK_CHARS:
        return _C_BREAK
    return _C_HYPHEN if ch == "-" else _QUOTE_CLASSES.get(ch, _C_OTHER)


def _code_points(text: str) -> np.ndarray | None:
    """The code point of each character of ``text``; None for a text holding a lone surrogate
    (no UTF-32 code)."""
    try:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:
        return None


def _char_classes(codes: np.ndarray) -> np.ndarray:
    """The class of each code point (``_C_SPACE`` ...) as an int8 array."""
    table = _class_table()
    cls = table[codes]
    unknown = cls < 0
    if unknown.any():  # (a character class never changes: filled once per code point)
        for c in np.unique(codes[unknown]).tolist():
            table[c] = _char_class(chr(c))
        cls = table[codes]
    return cls


@lru_cache(maxsize=4)
def _emoji_table(analyzer: SentimentIntensityAnalyzer) -> np.ndarray:
    # whether each code point is a character of VADER's emoji table (see sentiment._no_emoji)
    table = np.zeros(0x110000, dtype=bool)
    table[[ord(c) for c in _emoji_chars(analyzer)]] = True
    return table


def _shifted(mask: np.ndarray, step: int, fill: bool) -> np.ndarray:
    """``mask`` moved ``step`` (1 or -1) places: element i of the result is ``mask[i - step]``,
    ``fill`` where that is outside."""
    out = np.empty_like(mask)
    if step > 0:
        out[:1] = fill
        out[1:] = mask[:-1]
    else:
        out[-1:] = fill
        out[:-1] = mask[1:]
    return out


def _white_space_tokens(text: str, cls: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    r"""Starts and ends of the matches of ``\S+`` in ``text`` (``cls``: :func:`_char_classes`)."""
    if cls is None:
        ms = list(_WHITESPACE_TOKEN.finditer(text))
        return _span_array(ms, _MATCH_START), _span_array(ms, _MATCH_END)
    solid = cls != _C_SPACE
    return (np.flatnonzero(solid & ~_shifted(solid, 1, False)),
            np.flatnonzero(solid & ~_shifted(solid, -1, False)) + 1)


def _ngram_tokens(text: str, cls: np.ndarray | None, low: str | None
                  ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    r"""Starts, ends and lower-cased strings of the matches of :data:`_TOKEN` in ``text``.

    From the character classes: a token is a run of word characters, apostrophes between two
    word characters included (``\w+(?:['’]\w+)*``: greedy, so such an apostrophe always joins),
    or one other non-space character. The strings are cut from ``low`` (``text.lower()``, or
    None) at once (split at white space, with a space put between tokens that touch) where that
    gives each token's own lower case: lower-casing keeps every character one character of the
    same class, except "İ" (two characters) and "Σ" (its lower case depends on the letters
    around it)."""
    if cls is None:
        ms = list(_TOKEN.finditer(text))
        return (_span_array(ms, _MATCH_START), _span_array(ms, _MATCH_END),
                list(map(str.lower, map(_MATCH_GROUP, ms))))
    word = cls == _C_WORD
    inword = word | ((cls == _C_APOSTROPHE) & _shifted(word, 1, False) & _shifted(word, -1, False))
    single = (cls != _C_SPACE) & ~inword
    starts = np.flatnonzero(single | (inword & ~_shifted(inword, 1, False)))
    ends = np.flatnonzero(single | (inword & ~_shifted(inword, -1, False))) + 1
    lower = None
    if low is not None and len(low) == len(text) and "\u0130" not in text and "\u03a3" not in text:
        touching = starts[starts > 0]
        touching = touching[cls[touching - 1] != _C_SPACE]
        codes = np.frombuffer(low.encode("utf-32-le"), dtype=np.uint32)
        lower = np.insert(codes, touching, ord(" ")).tobytes().decode("utf-32-le").split()
    if lower is None or len(lower) != len(starts):
        lower = list(map(str.lower, map(text.__getitem__, map(slice, starts.tolist(), ends.tolist()))))
    return starts, ends, lower


def _joined_clause_breaks(texts: Sequence[str], base: np.ndarray, cls: np.ndarray | None,
                          low: str | None, link: np.ndarray, starts: np.ndarray, ends: np.ndarray
                          ) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the clause breaks (:func:`_clause_breaks`) of ``texts`` joined with
    ``"\x00"`` (offsets as in the texts joined with a space, ``base``: where each starts).

    ``cls``: :func:`_char_classes` of the texts joined with a space; ``low``: ``_lowered`` of it;
    ``link``: whether each token (``starts``, ``ends``: :func:`_ngram_tokens`) is a linking word.
    Where :func:`_clause_breaks` searches the lower-cased text, the breaks follow from the
    classes: every clause-break punctuation mark; each white space, hyphen, white space not
    overlapping the one before (as ``finditer`` skips it); and each token that is a linking word
    (all ASCII letters: such a token is the whole match) with neither a word character nor an
    apostrophe either side. No two kinds can overlap (no character is in two of them)."""
    fast = _clause_fast_regex(CLAUSE_LINK_CLASSES)
    if cls is None or fast is None or low is None or not all(map(_ASCII_WORD.fullmatch, _link_words(CLAUSE_LINK_CLASSES))):
        joined0 = "\x00".join(texts)
        low0 = _lowered(joined0) if fast is not None else None
        ms = list(fast.finditer(low0) if low0 is not None else _clause_regex(CLAUSE_LINK_CLASSES).finditer(joined0))
        return _span_array(ms, _MATCH_START), _span_array(ms, _MATCH_END)
    c = cls.copy()
    c[base[1:] - 1] = _C_OTHER  # the "\x00" between two texts: no white space
    dash = np.flatnonzero((c[:-2] == _C_SPACE) & (c[1:-1] == _C_HYPHEN) & (c[2:] == _C_SPACE))
    if len(dash) > 1 and (np.diff(dash) < 3).any():  # " - - ": the second shares a space
        kept, free = [], 0
        for d in dash.tolist():
            if d >= free:
                kept.append(d)
                free = d + 3
        dash = np.asarray(kept, dtype=np.int64)
    punct = np.flatnonzero(c == _C_BREAK)
    padded = np.concatenate(([_C_OTHER], c, [_C_OTHER]))  # (before the start, after the end)
    before, after = padded[starts], padded[ends + 1]
    alone = link & (before != _C_WORD) & (before != _C_APOSTROPHE) & (after != _C_WORD) & (after != _C_APOSTROPHE)
    bs = np.concatenate([punct, dash, starts[alone]]).astype(np.int64)
    be = np.concatenate([punct + 1, dash + 3, ends[alone]]).astype(np.int64)
    order = np.argsort(bs, kind="stable")
    return bs[order], be[order]


_ASCII_WORD = re.compile("[a-z]+")


@lru_cache(maxsize=8)
def _link_set(classes: tuple) -> frozenset:
    return frozenset(_link_words(classes))


class _NgramColumns:
    """The bigram terms (``"a b"``) and the trigram terms holding the placeholder (``"a b TGT"``,
    ``"a TGT b"``, ``"TGT a b"``) of a vocabulary, keyed by pairs of word ids: a batch looks up
    all its n-grams with ``np.searchsorted`` instead of joining and hashing a string each. Kept
    by the :class:`_WordRows` of the vocabulary, which holds each word's id.

    A token holds no space, so ``" ".join((x, y)) == term`` exactly when ``term.split(" ")`` is
    ``[x, y]`` (and likewise for the trigrams): the same columns as ``vocab.get(" ".join(...))``.
    """

    def __init__(self, vocab: Mapping[str, int]):
        ids: dict[str, int] = {}
        found: dict[str, list] = {"bi": [], "tgt_last": [], "tgt_mid": [], "tgt_first": []}
        for term, col in vocab.items():
            parts = term.split(" ")
            if len(parts) == 2:
                found["bi"].append((parts[0], parts[1], col))
            elif len(parts) == 3:
                if parts[2] == MASK:
                    found["tgt_last"].append((parts[0], parts[1], col))
                if parts[1] == MASK:
                    found["tgt_mid"].append((parts[0], parts[2], col))
                if parts[0] == MASK:
                    found["tgt_first"].append((parts[1], parts[2], col))
        for rows in found.values():
            for x, y, _ in rows:
                ids.setdefault(x, len(ids))
                ids.setdefault(y, len(ids))
        self.ids = ids
        self.size = len(ids)
        self.tables = {}
        for kind, rows in found.items():
            keys = np.asarray([ids[x] * self.size + ids[y] for x, y, _ in rows], dtype=np.int64)
            order = np.argsort(keys)
            self.tables[kind] = (keys[order], np.asarray([c for _, _, c in rows], dtype=np.int64)[order])

    def columns(self, kind: str, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """The column of each n-gram of ``kind`` made of the words of ids ``first[i]``,
        ``second[i]`` (-1 when not in the vocabulary)."""
        keys, cols = self.tables[kind]
        key = first * self.size + second
        if not len(keys):
            return np.full(len(key), -1, dtype=np.int64)
        at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
        return np.where((first >= 0) & (second >= 0) & (keys[at] == key), cols[at], -1)


class _Prepared:
    r"""What :func:`_mention_features` reads of a sentence (see :class:`_Sentence`), for many
    sentences at once, laid end to end.

    The sentences are joined with one separator character, and every sentence's tokens, clause
    breaks and quotation marks are read at once from the classes of the joined text's characters
    (:func:`_char_classes`: numpy over the whole text, not a Python call per sentence or per
    token; the patterns themselves where a text has no UTF-32 code). A separator changes no
    match: a space for the token patterns (no token holds one, and a token ends at white space
    as at the end of a text), ``\x00`` for the clause breaks (neither white space, nor a word
    character, nor an apostrophe: the look-arounds and ``\s-\s`` of the break pattern see it as
    they see the start or end of a text). Positions are offsets into the joined text
    (``base[i]`` is where sentence ``i`` starts); token indices run on from one sentence to the
    next (``voff``, ``roff``). The term columns of the tokens come from the vocabulary's
    :class:`_WordRows`; bigrams from its :class:`_NgramColumns`.
    """

    def __init__(self, texts: Sequence[str], analyses: Sequence[VaderAnalysis],
                 vocab: Mapping[str, int], words: dict):
        m = len(texts)
        self.texts = texts
        lens = self.lens = np.fromiter(map(len, texts), dtype=np.int64, count=m)
        base = self.base = _offsets(lens + 1)
        joined = " ".join(texts)
        codes = _code_points(joined)
        cls = _char_classes(codes) if codes is not None else None
        # lower-cased at once, where the clause breaks are searched in the lower-cased text (and
        # each token's lower case is cut from it, see _ngram_tokens)
        low = _lowered(joined) if cls is not None else None
        # -- VADER's tokens: the white-space tokens, narrowed to the word where VADER
        # stripped punctuation (as VaderAnalysis.spans)
        vwords = list(chain.from_iterable(va.words for va in analyses))
        nv = self.nv = np.fromiter((len(va.words) for va in analyses), dtype=np.int64, count=m)
        vs, ve = _white_space_tokens(joined, cls)
        aligned = (len(vs) == len(vwords) and np.array_equal(_block_counts(vs, base, lens), nv)
                   and (not _emoji_table(vader())[codes].any() if codes is not None else _no_emoji(joined, vader()))
                   and all(map(str.__eq__, (va.text for va in analyses), texts)))
        if aligned:
            # only the stripped tokens (a word is its token unless stripped, then shorter: see
            # sentiment._token_spans): from the first character left after stripping, as long as
            # the word
            k = np.flatnonzero(np.fromiter(map(len, vwords), dtype=np.int64, count=len(vwords)) != ve - vs)
            stripped = [joined[a:b] for a, b in zip(vs[k].tolist(), ve[k].tolist())]
            kept = [vwords[i] for i in k.tolist()]
            vs[k] += np.fromiter(map(len, stripped), dtype=np.int64, count=len(k)) - np.fromiter(
                map(len, map(str.lstrip, stripped, repeat(string.punctuation))), dtype=np.int64, count=len(k))
            ve[k] = vs[k] + np.fromiter(map(len, kept), dtype=np.int64, count=len(k))
        else:  # an emoji (replaced by words) somewhere, or another text read: as VaderAnalysis.spans
            spans = [va.spans() for va in analyses]
            vs = np.fromiter(chain.from_iterable(s[0] for s in spans), dtype=np.int64, count=int(nv.sum()))
            ve = np.fromiter(chain.from_iterable(s[1] for s in spans), dtype=np.int64, count=int(nv.sum()))
            vs += np.repeat(base, nv)
            ve += np.repeat(base, nv)
        self.VS, self.VE = vs, ve
        self.voff = _offsets(nv)
        # -- valences: the nonzero ones (global token index, value)
        vals = np.fromiter(chain.from_iterable(va.valences for va in analyses), dtype=float, count=len(vwords))
        self.nzk = np.flatnonzero(vals)
        self.nzv = vals[self.nzk]
        # -- VADER lexicon words (global token index), and their term columns
        if aligned and low is not None and len(low) == len(joined) and "\u03a3" not in joined:
            # the white-space tokens of the lower-cased text are those of the text, lower-cased
            # (see _ngram_tokens); a stripped word is lower-cased on its own
            low_words = low.split()
            for i, w in zip(k.tolist(), kept):
                low_words[i] = w.lower()
        else:
            low_words = list(map(str.lower, vwords))
        lexval = list(map(vader().lexicon.get, low_words))
        lexk = self.lexk = np.fromiter(compress(count(), map(is_not, lexval, repeat(None))), dtype=np.int64)
        lv = np.fromiter((lexval[k] for k in lexk.tolist()), dtype=float, count=len(lexk))
        negated = (vals[lexk] * lv < 0).tolist()
        keys = list(zip(map(low_words.__getitem__, lexk.tolist()), negated))
        self.lex = np.asarray([words.get(k) or _lex_columns(vocab, words, *k) for k in keys],
                              dtype=np.int64).reshape(-1, 4).T
        # -- n-gram tokens and their term columns
        self.RS, self.RE, lower = _ngram_tokens(joined, cls, low)
        self.lower = lower
        nr = self.nr = _block_counts(self.RS, base, lens)
        self.roff = _offsets(nr)
        table = words.get(_ROWS)
        if table is None:
            table = words[_ROWS] = _WordRows(vocab)
        # each token's row, looked up token by token (cheaper than finding the distinct words first)
        which = table.rows(vocab, words, lower)
        # per token: (unigram, C:, L:, R:, L1:, R1:, "w TGT", "TGT w")
        self.word_cols = table.array[which].T
        self.ngrams = table.ngrams
        ids = self.word_ids = table.ngram_ids[which]
        # bigram j joins tokens j and j + 1 (those across two sentences are never read)
        self.bi = table.ngrams.columns("bi", ids[:-1], ids[1:])
        # -- clause breaks
        link = np.fromiter(map(_link_set(CLAUSE_LINK_CLASSES).__contains__, lower), dtype=bool, count=len(lower))
        self.BS, self.BE = _joined_clause_breaks(texts, base, cls, low, link, self.RS, self.RE)
        nb = self.nb = _block_counts(self.BS, base, lens)
        self.boff = _offsets(nb)
        # -- quotation marks, and whether a quotation is open after each (as _Sentence.in_quote)
        if cls is not None:
            self.QP = np.flatnonzero(cls >= _C_STRAIGHT_QUOTE)
            kinds = cls[self.QP].tolist()
        else:
            ms = list(_QUOTE_CHARS.finditer(joined))
            self.QP = _span_array(ms, _MATCH_START)
            kinds = [_QUOTE_CLASSES[mt.group()] for mt in ms]
        nq = _block_counts(self.QP, base, lens)
        self.qoff = _offsets(nq)
        state = []
        last = straight = depth = -1
        for i, kind in zip(np.repeat(np.arange(m), nq).tolist(), kinds):
            if i != last:  # a new sentence
                last, straight, depth = i, 0, 0
            if kind == _C_STRAIGHT_QUOTE:
                straight += 1
            elif kind == _C_OPEN_QUOTE:
                depth += 1
            else:
                depth = max(0, depth - 1)
            state.append(straight % 2 == 1 or depth > 0)
        self.QS = np.append(np.asarray(state, dtype=bool), False)
        self.scores = np.asarray([(va.compound, va.pos, va.neg) for va in analyses], dtype=float).reshape(m, 3)
        self.has_quote = (nq > 0).astype(float)


def _batch_features(p: _Prepared, S: np.ndarray, starts: np.ndarray, ends: np.ndarray, window: int,
                    vocab: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_mention_features` of many mentions at once, with numpy instead of a Python loop
    per mention and per valence.

    Mention ``i`` is ``p.texts[S[i]][starts[i]:ends[i]]``. Returns ``(dense, rows, cols)``: the
    dense features, one row per mention, equal float for float to those of
    :func:`_mention_features`; and the term columns as pairs (mention ``rows[j]`` holds the term
    of column ``cols[j]``; -1 outside ``vocab``): per mention the same multiset, in another
    order (scoring counts the terms, so their order does not matter).

    Every per-mention quantity of :func:`_mention_features` is a bisection into one sentence's
    token, clause-break or lexicon-word positions: with the sentences laid end to end, one
    ``np.searchsorted`` for all mentions. Each term list is a range of a column table. The sums
    run over (mention, valence) pairs in valence order with ``np.bincount``, which adds its
    weights one after another into each bin: the additions of the Python loop, in its order,
    so the same floats.
    """
    n = len(S)
    L = p.lens[S]
    bad = (starts < 0) | (starts >= ends) | (ends > L)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"target span {starts[i]}:{ends[i]} outside the sentence (length {L[i]})")
    base = p.base[S]
    gs, ge = base + starts, base + ends
    vo, ro, bo = p.voff[S], p.roff[S], p.boff[S]
    nvS, nrS = p.nv[S], p.nr[S]
    # -- the bisections of _mention_features (token indices within the sentence)
    va = np.searchsorted(p.VE, gs, "right") - vo
    vb = np.maximum(np.searchsorted(p.VS, ge, "left") - vo, va)
    a = np.searchsorted(p.RE, gs, "right") - ro
    b = np.maximum(np.searchsorted(p.RS, ge, "left") - ro, a)
    # the clause: from the end of the last break ending by the start, to the first break
    # starting from the end on
    ib = np.searchsorted(p.BE, gs, "right") - bo
    cl_start = np.where(ib > 0, np.append(p.BE, 0)[bo + ib - 1] - base, 0)
    jb = np.searchsorted(p.BS, ge, "left") - bo
    cl_end = np.where(jb < p.nb[S], np.append(p.BS, 0)[bo + jb] - base, L)
    kc0 = np.searchsorted(p.VS, base + cl_start, "left") - vo
    kc1 = np.searchsorted(p.VS, base + cl_end, "left") - vo
    c0 = np.searchsorted(p.RS, base + cl_start, "left") - ro
    c1 = np.searchsorted(p.RS, base + cl_end, "left") - ro
    w0 = np.maximum(0, va - window)
    w1 = np.minimum(nvS, vb + window)

    # -- sums over the nonzero valences: (mention, valence) pairs, each mention's in order
    first = np.searchsorted(p.nzk, vo, "left")
    pidx, cnt = _ranges(first, np.searchsorted(p.nzk, vo + nvS, "left"))
    pr = np.repeat(np.arange(n, dtype=np.int64), cnt)
    K, V = p.nzk[pidx] - vo[pr], p.nzv[pidx]
    vaP, vbP = va[pr], vb[pr]
    positive = V > 0
    before = K < vaP
    after = K >= vbP
    outside = before | after  # not a token of the mention

    def total(mask, weights):
        return np.bincount(pr[mask], weights=weights[mask], minlength=n)

    def side_sums(side, distance):
        # the valences of one side times 1 / distance, as the loop: the positive ones, and the
        # negative ones subtracted
        r, v = pr[side], V[side]
        wv = v * (1.0 / distance[side])
        up = v > 0
        return (np.bincount(r[up], weights=wv[up], minlength=n),
                np.bincount(r[~up], weights=-wv[~up], minlength=n))

    left_pos, left_neg = side_sums(before, 1 + vaP - K)
    right_pos, right_neg = side_sums(after, 2 + K - vbP)
    in_window = outside & (K >= w0[pr]) & (K < w1[pr])
    in_clause = outside & (K >= kc0[pr]) & (K < kc1[pr])
    absV = np.abs(V)
    cl_vals = [total(in_clause & side & sign, absV) for side in (before, after)
               for sign in (positive, ~positive)]

    def summary(mask, ntok):
        # _summary of the valences of ``mask`` over ``ntok`` tokens
        s = total(mask, V)
        pos = total(mask & positive, V + 1)
        neg = total(mask & ~positive, 1 - V)
        tot = pos + neg + (ntok - np.bincount(pr[mask], minlength=n))
        some = ntok > 0
        tot = np.where(some, tot, 1.0)
        return (np.where(some, _normalize_array(s), 0.0), np.where(some, pos / tot, 0.0),
                np.where(some, neg / tot, 0.0))

    in_mention_clause = np.maximum(0, np.minimum(vb, kc1) - np.maximum(va, kc0))
    cc = summary(in_clause, kc1 - kc0 - in_mention_clause)
    wc = summary(in_window, w1 - w0 - (vb - va))
    qo = p.qoff[S]
    iq = np.searchsorted(p.QP, gs, "left") - qo  # quotation marks before the mention
    in_quote = np.where(iq > 0, p.QS[qo + iq - 1], False)
    sc = p.scores[S]
    log_tokens = np.fromiter(map(math.log1p, (nrS - (b - a) + 1).tolist()), dtype=float, count=n)
    dense = np.column_stack([
        sc[:, 0], sc[:, 1], sc[:, 2], *cc, *wc,
        left_pos, left_neg, right_pos, right_neg,
        starts / np.maximum(1, L), (a <= 1).astype(float), in_quote.astype(float),
        p.has_quote[S], log_tokens,
        _normalize_array(total(before, V)), _normalize_array(total(after, V)),
        *cl_vals,
    ])

    # -- terms: ranges of the column tables, all laid end to end (one gather for every range):
    # the per-token tables (unigram, C:, L:, R:, L1:, R1:, "w TGT", "TGT w"), the bigrams, the
    # lexicon words' terms (LX:, RX:, CL:, CR:)
    nt, nlex = p.word_cols.shape[1], p.lex.shape[1]
    uni, cw, left, right, l1, r1, lt, tr = (k * nt for k in range(8))
    bi = 8 * nt
    lx_, rx_, cl_, cr_ = (bi + len(p.bi) + k * nlex for k in range(4))
    flat = np.concatenate([p.word_cols.ravel(), p.bi, p.lex.ravel()])
    lo = np.searchsorted(p.lexk, vo, "left")  # the sentence's first lexicon word

    def lexwords_before(k):  # how many lexicon words of the sentence come before token k
        return np.searchsorted(p.lexk, vo + k, "left")

    lx, q0, q, q1 = lexwords_before(va), lexwords_before(kc0), lexwords_before(vb), lexwords_before(kc1)
    lex_end = lexwords_before(nvS)
    prev = np.where(a >= 1, ro + a, ro + a - 1)  # the token right before the mention, if any
    after1 = ro + np.minimum(b + 1, nrS)  # the token right after it, if any
    parts = [
        (uni, ro, ro + a), (uni, ro + b, ro + nrS),
        (bi, ro, ro + np.maximum(a - 1, 0)), (bi, ro + b, ro + nrS - 1),
        (lt, ro + a - 1, prev), (l1, ro + a - 1, prev), (tr, ro + b, after1), (r1, ro + b, after1),
        (left, ro + np.maximum(0, a - window), ro + a), (right, ro + b, ro + np.minimum(b + window, nrS)),
        (lx_, lo, lx), (cl_, q0, lx), (rx_, q, lex_end), (cr_, q, q1),
        (cw, ro + c0, ro + np.minimum(a, c1)), (cw, ro + np.maximum(b, c0), ro + c1),
    ]
    index = np.arange(n, dtype=np.int64)
    rows, cols = [index], [np.full(n, vocab.get(MASK, -1), dtype=np.int64)]  # the placeholder
    idx, length = _ranges(np.concatenate([at + lo_ for at, lo_, _ in parts]),
                          np.concatenate([at + hi_ for at, _, hi_ in parts]))
    rows.append(np.repeat(np.tile(index, len(parts)), length))
    cols.append(flat[idx])
    # the trigrams holding the placeholder: the two words before it, the words either side,
    # the two words after it
    ids = p.word_ids
    for kind, has, x, y in (("tgt_last", a >= 2, ro + a - 2, ro + a - 1),
                            ("tgt_mid", (a >= 1) & (b < nrS), ro + a - 1, ro + b),
                            ("tgt_first", b + 2 <= nrS, ro + b, ro + b + 1)):
        rows.append(index[has])
        cols.append(p.ngrams.columns(kind, ids[x[has]], ids[y[has]]))
    return dense, np.concatenate(rows), np.concatenate(cols)


def target_features(sentence: str, start: int, end: int,
                    analyzer: SentimentIntensityAnalyzer | None = None, *, window: int = 4,
                    analysis: VaderAnalysis | None = None) -> tuple[list[float], list[str]]:
    """Features of one target mention ``sentence[start:end]``, from one VADER run over the
    sentence (:func:`~framing.features.sentiment.vader_analysis`).

    Every VADER-based feature is a sum over VADER's per-token valences (after its booster,
    negation and "but" rules), so the sentence, clause, window and each side of every mention
    cost no further VADER call.

    Parameters
    ----------
    sentence : str
    start, end : int
        The mention, ``sentence[start:end]``.
    analyzer : SentimentIntensityAnalyzer, optional
        Default :func:`~framing.features.sentiment.vader`.
    window : int, default 4
        Words either side of the mention in the window features.
    analysis : VaderAnalysis, optional
        ``vader_analysis(sentence)`` when the caller already has it.

    Returns
    -------
    dense : list of float
        Values for :data:`DENSE_FEATURES`: VADER scores of the sentence; compound/pos/neg
        of the valences of the mention's clause (split at punctuation and contrastive linking
        words), and of ``window`` VADER tokens either side (mention excluded); valences left
        and right weighted by 1 / (1 + distance in tokens); position and quotation flags;
        the normalised valence sum before and after the mention; the clause's valences by side.
    terms : list of str
        Terms for the TF-IDF part: unigrams and bigrams of the masked sentence (the mention
        replaced by ``TGT``), trigrams holding ``TGT``, position-marked words next to the
        mention (``L1:``/``R1:`` the word right before/after it, ``L:``/``R:`` up to
        ``window`` words either side), VADER lexicon words marked by side (``LX:``/``RX:``),
        the words of the clause holding the mention (``C:``) and its VADER lexicon words marked
        by side, ``not_`` when VADER negated them (``CL:``/``CR:``).
    """
    return _mention_features(_sentence(sentence, analysis, analyzer), start, end, window)


_MENTION_START, _MENTION_END = attrgetter("start"), attrgetter("end")


class _DistinctSentences:
    """The distinct sentences of a batch of mentions, each with its VADER reading: a sentence of
    the same text and the same reading (the same object, or an equal one given) is listed once;
    a sentence without a given reading is read by VADER once."""

    def __init__(self):
        self.texts: list[str] = []
        self.readings: list[VaderAnalysis] = []
        self._seen: dict[str, list[tuple[VaderAnalysis | None, int]]] = {}

    def index(self, text: str, given: VaderAnalysis | None) -> int:
        """The index of sentence ``text`` read as ``given`` (None: by VADER here), listed when new."""
        known = self._seen.setdefault(text, [])
        for reading, k in known:
            # the same text read by VADER here (None) or given, and given the same
            if reading is given or (reading is not None and given is not None and _same_reading(reading, given)):
                return k
        k = len(self.texts)
        known.append((given, k))
        self.texts.append(text)
        self.readings.append(given if given is not None else vader_analysis(text, vader()))
        return k


# ----------------------------------------------------------------------------- classifier


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class TargetSentimentClassifier(ClassifierMixin, BaseEstimator):
    """Three-class sentiment of a sentence toward a target mention.

    ``X`` is a sequence of ``(sentence, start, end)`` with ``sentence[start:end]`` the mention;
    ``y`` holds ``"negative"``, ``"neutral"``, ``"positive"``.

    Parameters
    ----------
    window : int, default 4
        Words either side of the mention in the window features.
    C : float, default 2.0
        Inverse L2 regularisation strength of the logistic regression.
    min_df : int, default 3
        Minimum number of training examples a TF-IDF term must occur in.
    class_weight : "balanced" or None, default "balanced"
        Passed to :class:`~sklearn.linear_model.LogisticRegression`.
    max_iter : int, default 2000

    Attributes
    ----------
    classes_ : ndarray of str
    vocabulary_ : dict of str to int
        TF-IDF terms -> column.
    idf_ : ndarray
    dense_mean_, dense_scale_ : ndarray
        Standardisation of the dense features.
    coef_ : ndarray of shape (3, n_dense + n_terms)
    intercept_ : ndarray of shape (3,)
    """

    def __init__(self, *, window: int = 4, C: float = 2.0, min_df: int = 3,
                 class_weight: str | None = "balanced", max_iter: int = 2000):
        self.window = window
        self.C = C
        self.min_df = min_df
        self.class_weight = class_weight
        self.max_iter = max_iter

    # -- input
    @staticmethod
    def _check_X(X) -> list[tuple[str, int, int]]:
        if isinstance(X, (str, bytes)):
            raise TypeError("expected a sequence of (sentence, start, end), got a single string")
        rows = []
        for i, x in enumerate(X):
            try:
                sentence, start, end = x
            except (TypeError, ValueError):
                raise TypeError(f"item {i}: expected (sentence, start, end), got {x!r}") from None
            if not isinstance(sentence, str):
                raise TypeError(f"item {i}: sentence must be a str")
            rows.append((sentence, int(start), int(end)))
        return rows

    def _featurize(self, rows, analyses: Mapping[str, VaderAnalysis] | None = None,
                   vocab: Mapping[str, int] | None = None):
        # one VADER run per distinct sentence (or none, when the caller passes its analyses);
        # terms as strings, or with ``vocab`` as its columns (-1 outside it)
        dense, terms = [], []
        words = self._word_cache(vocab) if vocab is not None else None
        sentence_of = self._sentences(analyses)
        window = self.window
        for sentence, start, end in rows:
            d, t = _mention_features(sentence_of(sentence), start, end, window, vocab, words)
            dense.append(d)
            terms.append(t)
        return np.asarray(dense, dtype=float).reshape(len(rows), len(DENSE_FEATURES)), terms

    def _sentences(self, analyses: Mapping[str, VaderAnalysis] | None):
        """``sentence text -> _Sentence`` for :meth:`_featurize` (training: a sentence with
        several targets is prepared once), kept on the estimator; a kept sentence is reused
        only when made from the same VADER reading. (Scoring prepares the sentences of a call
        together: :class:`_Prepared`.)"""
        cache = self.__dict__.get("_sentence_cache")
        if cache is None or len(cache) > 20000:
            cache = self.__dict__["_sentence_cache"] = {}
        analyzer = vader()

        def sentence_of(text: str) -> _Sentence:
            given = analyses.get(text) if analyses is not None else None
            # keyed (text,) when made from this module's own VADER run, text when given
            key = text if given is not None else (text,)
            info = cache.get(key)
            if info is not None and (given is None or info.source == (
                    given.compound, given.pos, given.neg, given.words, given.valences)):
                return info
            info = cache[key] = _sentence(text, given, analyzer)
            return info

        return sentence_of

    def _word_cache(self, vocab: Mapping[str, int]) -> dict:
        # the columns of each word's terms, for this vocabulary (the shipped model's is shared
        # by every loaded copy, so its cache is too)
        if isinstance(vocab, _SharedVocabulary):
            if len(vocab.word_columns) > 200_000:  # bounded over a long corpus
                vocab.word_columns.clear()
            return vocab.word_columns
        cached = self.__dict__.get("_words")
        if cached is None or cached[0] is not vocab:
            cached = self.__dict__["_words"] = (vocab, {})
        return cached[1]

    def __getstate__(self):
        # caches are not part of the model
        state = dict(super().__getstate__())
        for k in ("_sentence_cache", "_words", "_tcoef_"):
            state.pop(k, None)
        return state

    def _term_matrix(self, terms: list[list[str]]) -> sp.csr_matrix:
        # sublinear tf * idf, rows L2-normalised (as TfidfVectorizer(sublinear_tf=True))
        get = self.vocabulary_.get
        rows, cols = [], []
        for i, ts in enumerate(terms):
            js = [j for j in map(get, ts) if j is not None]
            cols += js
            rows += [i] * len(js)
        m = sp.csr_matrix((np.ones(len(cols)), (rows, cols)),
                          shape=(len(terms), len(self.idf_)))  # duplicates summed: counts
        m.sum_duplicates()
        m.data = (1 + np.log(m.data)) * self.idf_[m.indices]
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1 / norms) @ m)

    def _design(self, dense, terms):
        scaled = (dense - self.dense_mean_) / self.dense_scale_
        return sp.hstack([sp.csr_matrix(scaled), self._term_matrix(terms)], format="csr")

    # -- estimator API
    def fit(self, X, y):
        """Learn the model from ``(sentence, start, end)`` triples and their labels.

        Parameters
        ----------
        X : sequence of (str, int, int)
            ``(sentence, start, end)``: a sentence and the character offsets of the target mention
            in it (a bare string is refused).
        y : sequence of str
            One label per row: ``negative``, ``neutral`` or ``positive``.

        Returns
        -------
        TargetSentimentClassifier
            ``self``, fitted.

        Raises
        ------
        ValueError
            For invalid parameters, a length mismatch or an unknown label.
        """

        if not isinstance(self.window, int) or self.window < 1:
            raise ValueError(f"window must be a positive int, got {self.window!r}")
        if not self.C > 0:
            raise ValueError(f"C must be > 0, got {self.C!r}")
        rows = self._check_X(X)
        y = np.asarray(list(y), dtype=object)
        if len(y) != len(rows):
            raise ValueError(f"X has {len(rows)} rows but y has {len(y)}")
        unknown = set(y) - set(LABELS)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}; expected {LABELS}")
        dense, terms = self._featurize(rows)
        return self._fit_features(dense, terms, y)

    def _fit_features(self, dense, terms, y):
        from sklearn.linear_model import LogisticRegression

        self.dense_mean_ = dense.mean(axis=0)
        scale = dense.std(axis=0)
        self.dense_scale_ = np.where(scale > 0, scale, 1.0)
        df: dict[str, int] = {}
        for ts in terms:
            for t in set(ts):
                df[t] = df.get(t, 0) + 1
        kept = sorted(t for t, n in df.items() if n >= self.min_df)
        self.vocabulary_ = {t: j for j, t in enumerate(kept)}
        n = len(terms)
        self.idf_ = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept])
        lr = LogisticRegression(C=self.C, class_weight=self.class_weight,
                                max_iter=self.max_iter)
        lr.fit(self._design(dense, terms), y)
        order = [list(lr.classes_).index(c) for c in LABELS if c in lr.classes_]
        self.classes_ = np.asarray(lr.classes_[order], dtype=object)
        self.coef_ = lr.coef_[order] if lr.coef_.shape[0] > 1 else lr.coef_
        self.intercept_ = lr.intercept_[order] if lr.coef_.shape[0] > 1 else lr.intercept_
        self.n_features_in_ = 1
        return self

    def decision_function(self, X, *, analyses: Mapping[str, VaderAnalysis] | None = None
                          ) -> np.ndarray:
        """Class scores (logits), columns in ``classes_`` order.

        The features of all rows are computed together (:func:`_batch_features`): float for float
        those :func:`target_features` gives row by row.

        Parameters
        ----------
        X : sequence of (str, int, int)
            ``(sentence, start, end)``: a sentence and the character offsets of the target mention
            in it (a bare string is refused).
        analyses : mapping of str to VaderAnalysis, optional
            A sentence -> its :func:`~framing.features.sentiment.vader_analysis`: a caller that
            already ran VADER on the sentences passes them, so none is run again.

        Returns
        -------
        numpy.ndarray
            Shape ``(len(X), n_classes)`` (one column for a binary model).
        """
        check_is_fitted(self, "coef_")
        rows = self._check_X(X)
        if not rows:
            return np.zeros((0, len(self.classes_)))
        dense, row, col, _ = self._batch_features([(rows, analyses)])
        return self._decision_from_terms(dense, row, col)

    def _batch_features(self, parts: Sequence[tuple[list, Mapping[str, VaderAnalysis] | None]]):
        """Features of the rows of every ``(rows, analyses)`` part at once (each part: the
        arguments of a :meth:`decision_function` call, checked).

        Each distinct sentence is prepared once (see :class:`_Prepared`): a sentence of the
        same text and the same VADER reading in several parts, or several rows, is the same
        sentence. Returns ``(dense, row, col, bounds)``: as :func:`_batch_features`, rows of all
        parts one part after another, part ``k`` being rows ``bounds[k]:bounds[k + 1]``.
        """
        sentences = _DistinctSentences()
        occ: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        bounds = [0]
        for rows, analyses in parts:
            for sentence, start, end in rows:
                occ.append(sentences.index(sentence, analyses.get(sentence) if analyses is not None else None))
                starts.append(start)
                ends.append(end)
            bounds.append(len(occ))
        return (*self._features(sentences, occ, starts, ends), bounds)

    def _features(self, sentences: "_DistinctSentences", occ: Sequence[int], starts: Sequence[int],
                  ends: Sequence[int]):
        """``(dense, row, col)`` of :func:`_batch_features` for the mentions
        ``sentences.texts[occ[i]][starts[i]:ends[i]]``."""
        n = len(occ)
        vocab = self.vocabulary_
        prepared = _Prepared(sentences.texts, sentences.readings, vocab, self._word_cache(vocab))
        return _batch_features(
            prepared, np.asarray(occ, dtype=np.int64), np.asarray(starts, dtype=np.int64).reshape(n),
            np.asarray(ends, dtype=np.int64).reshape(n), self.window, vocab)

    def _decisions(self, parts: Sequence[tuple[Sequence, Mapping[str, VaderAnalysis] | None]]) -> list[np.ndarray]:
        """``[self.decision_function(X, analyses=a) for X, a in parts]``, with the features of
        all parts computed at once (see :meth:`_part_decisions`)."""
        check_is_fitted(self, "coef_")
        parts = [(self._check_X(X), a) for X, a in parts]
        if not any(rows for rows, _ in parts):
            return [np.zeros((0, len(self.classes_))) for _ in parts]
        return self._part_decisions(*self._batch_features(parts))

    def _part_decisions(self, dense: np.ndarray, row: np.ndarray, col: np.ndarray, bounds: Sequence[int]
                        ) -> list[np.ndarray]:
        """:meth:`_decision_from_terms` of the rows ``bounds[k]:bounds[k + 1]`` of each part
        ``k``: the same floats (the terms' part of all rows at once, which sums each row's
        terms as on its own; the dense part, a matrix product, one call per part with the same
        arrays)."""
        terms = self._term_decision(len(dense), row, col)
        out = []
        for lo, hi in zip(bounds, bounds[1:]):
            if lo == hi:
                out.append(np.zeros((0, len(self.classes_))))
                continue
            z = self._dense_decision(dense[lo:hi])
            z += terms[lo:hi]
            out.append(z + self.intercept_)
        return out

    def _decision_from_columns(self, dense: np.ndarray, flat: np.ndarray, lengths: np.ndarray
                               ) -> np.ndarray:
        """:meth:`_decision_from_terms` with the columns of every row's terms one row after
        another in ``flat`` (-1: not in the vocabulary), ``lengths`` how many each row has."""
        row = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        return self._decision_from_terms(dense, row, flat)

    def _decision_from_terms(self, dense: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
        """``_design(dense, terms) @ coef_.T + intercept_`` with plain numpy (no sparse
        matrix per call): sublinear tf * idf, row-L2-normalised, dotted with the term
        coefficients. Row ``row[j]`` holds the term of column ``col[j]`` (-1: not in the
        vocabulary); the pairs may come in any order (they are counted, then read in column
        order)."""
        z = self._dense_decision(dense)
        z += self._term_decision(len(dense), row, col)
        return z + self.intercept_

    def _dense_decision(self, dense: np.ndarray) -> np.ndarray:
        # the standardised dense features times their coefficients
        return ((dense - self.dense_mean_) / self.dense_scale_) @ self.coef_[:, :len(DENSE_FEATURES)].T

    def _term_decision(self, n: int, row: np.ndarray, col: np.ndarray) -> np.ndarray:
        # the terms' part of the logits of ``n`` rows (see _decision_from_terms): each row's
        # terms summed in column order, whatever the other rows
        keep = col >= 0
        nv = len(self.idf_)
        # (row, column) keys as 32-bit integers where they fit: sorted about twice as fast
        kind = np.int32 if n * nv < 2 ** 31 else np.int64
        keys, counts = np.unique(row[keep].astype(kind) * kind(nv) + col[keep].astype(kind), return_counts=True)
        r, j = keys // kind(nv), keys % kind(nv)
        w = (1 + np.log(counts)) * self.idf_[j]
        norm = np.sqrt(np.bincount(r, weights=w * w, minlength=n))
        w = w / norm[r]
        tc = self._term_coef_T()
        out = np.empty((n, tc.shape[1]))
        for c in range(tc.shape[1]):
            out[:, c] = np.bincount(r, weights=w * tc[j, c], minlength=n)
        return out

    def _term_coef_T(self) -> np.ndarray:
        # the term coefficients, one row per term; kept while coef_ is the same array
        cached = self.__dict__.get("_tcoef_")
        if cached is None or cached[0] is not self.coef_:
            cached = self._tcoef_ = (self.coef_, np.ascontiguousarray(
                self.coef_[:, len(DENSE_FEATURES):].T))
        return cached[1]

    def predict_proba(self, X, *, analyses: Mapping[str, VaderAnalysis] | None = None
                      ) -> np.ndarray:
        """Class probabilities, columns in ``classes_`` order (negative, neutral, positive).

        Parameters
        ----------
        X : sequence of (str, int, int)
            ``(sentence, start, end)``: a sentence and the character offsets of the target mention
            in it (a bare string is refused).
        analyses : mapping of str to VaderAnalysis, optional
            As for :meth:`decision_function`.

        Returns
        -------
        numpy.ndarray
            Shape ``(len(X), n_classes)``; each row sums to 1.
        """
        return self._proba(self.decision_function(X, analyses=analyses))

    def _proba(self, z: np.ndarray) -> np.ndarray:
        if len(self.classes_) == 2:  # binary LR: one column of logits
            p1 = 1 / (1 + np.exp(-z[:, 0]))
            return np.column_stack([1 - p1, p1])
        return _softmax(z)

    def predict(self, X) -> np.ndarray:
        """The most probable label of each target.

        Parameters
        ----------
        X : sequence of (str, int, int)
            ``(sentence, start, end)``: a sentence and the character offsets of the target mention
            in it (a bare string is refused).

        Returns
        -------
        numpy.ndarray of object
            One label per row of ``X``.
        """
        p = self.predict_proba(X)
        return self.classes_[p.argmax(axis=1)] if len(p) else np.asarray([], dtype=object)

    def score_targets(self, X) -> np.ndarray:
        """P(positive) - P(negative) per target, in [-1, 1].

        Parameters
        ----------
        X : sequence of (str, int, int)
            ``(sentence, start, end)``: a sentence and the character offsets of the target mention
            in it (a bare string is refused).

        Returns
        -------
        numpy.ndarray of float
            One score per row of ``X``.
        """
        p = self.predict_proba(X)
        classes = list(self.classes_)
        pos = p[:, classes.index("positive")] if "positive" in classes else 0.0
        neg = p[:, classes.index("negative")] if "negative" in classes else 0.0
        return pos - neg

    # -- text-file serialisation (no pickle: the shipped model is a JSON data file)
    def to_dict(self, metadata: Mapping | None = None) -> dict:
        """The fitted model as plain JSON-able data, with ``metadata`` under ``"meta"``.

        Parameters
        ----------
        metadata : mapping, optional
            Training data, commit, licence, scores ... stored as given.

        Returns
        -------
        dict
            Parameters, classes, dense feature names and scaling, coefficients and the terms with
            their IDF and coefficients (numbers to 5 significant digits).
        """
        check_is_fitted(self, "coef_")
        terms = sorted(self.vocabulary_, key=self.vocabulary_.get)
        nd = len(DENSE_FEATURES)
        # 5 significant digits keep the file small; predictions do not change measurably
        r = lambda a: [float(f"{v:.5g}") for v in np.asarray(a).ravel()]  # noqa: E731
        return {
            "meta": dict(metadata or {}),
            "params": self.get_params(),
            "classes": [str(c) for c in self.classes_],
            "dense_features": list(DENSE_FEATURES),
            "features_version": FEATURES_VERSION,
            "dense_mean": r(self.dense_mean_),
            "dense_scale": r(self.dense_scale_),
            "dense_coef": [r(row[:nd]) for row in self.coef_],
            "intercept": r(self.intercept_),
            "terms": {t: [float(f"{self.idf_[j]:.5g}")] + r(self.coef_[:, nd + j])
                      for j, t in enumerate(terms)},
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "TargetSentimentClassifier":
        """Rebuild a fitted classifier from :meth:`to_dict` output.

        Parameters
        ----------
        data : mapping
            :meth:`to_dict` output (or a model file's parsed JSON).

        Returns
        -------
        TargetSentimentClassifier
            A fitted estimator.

        Raises
        ------
        ValueError
            If the data were made with other dense features than this version computes.
        """
        if (list(data["dense_features"]) != list(DENSE_FEATURES)
                or data.get("features_version", 1) != FEATURES_VERSION):
            raise ValueError("model file was made with different dense features; retrain it")
        est = cls(**data["params"])
        terms = list(data["terms"])
        table = np.asarray([data["terms"][t] for t in terms], dtype=float).reshape(len(terms), -1)
        est.classes_ = np.asarray(data["classes"], dtype=object)
        est.vocabulary_ = {t: j for j, t in enumerate(terms)}
        est.idf_ = table[:, 0]
        est.dense_mean_ = np.asarray(data["dense_mean"], dtype=float)
        est.dense_scale_ = np.asarray(data["dense_scale"], dtype=float)
        est.coef_ = np.hstack([np.asarray(data["dense_coef"], dtype=float), table[:, 1:].T])
        est.intercept_ = np.asarray(data["intercept"], dtype=float)
        est.n_features_in_ = 1
        return est

    def save(self, path: str | os.PathLike, metadata: Mapping | None = None) -> None:
        """Write the model as JSON (sorted keys, one term a line, so diffs are readable).

        Parameters
        ----------
        path : str or path-like
            The file to write (overwritten).
        metadata : mapping, optional
            Stored under ``"meta"`` (see :meth:`to_dict`).
        """
        data = self.to_dict(metadata)
        terms = data.pop("terms")
        head = json.dumps(data, sort_keys=True, ensure_ascii=False)
        lines = [json.dumps(t, ensure_ascii=False) + ": " + json.dumps(v)
                 for t, v in sorted(terms.items())]
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(head[:-1] + ', "terms": {\n' + ",\n".join(lines) + "\n}}\n")


def _load_model_data(path: str, mtime: float) -> Mapping:
    # not cached: the parsed file is tens of thousands of small lists, which every full garbage
    # collection would walk for as long as the process runs; the estimator built from it is
    # cached (_load_model)
    with open(path, encoding="utf-8") as fh:
        return MappingProxyType(json.load(fh))


def load_target_sentiment_model(path: str | os.PathLike | None = None
                                ) -> TargetSentimentClassifier:
    """Load a model written by :meth:`TargetSentimentClassifier.save` (default: the shipped one).

    Each call returns a new estimator (the model read from the file is cached per path and
    modification time), so refitting or changing it does not affect other callers.

    Parameters
    ----------
    path : str or path-like, optional
        A model file; default the shipped model.

    Returns
    -------
    TargetSentimentClassifier
        A fitted estimator (its arrays and vocabulary are shared read-only with other loads).

    Raises
    ------
    FileNotFoundError
        If ``path`` is not a file.
    """
    p = Path(path) if path is not None else MODEL_PATH
    if not p.is_file():
        raise FileNotFoundError(f"target sentiment model not found: {p}")
    est = TargetSentimentClassifier(**_load_model(str(p), p.stat().st_mtime).get_params())
    # share the parsed arrays and vocabulary (read-only, so no caller can change them for the
    # others): rebuilding them from JSON cost ~20 ms per story in the pipeline, copying the
    # vocabulary ~1 ms
    shared = _load_model(str(p), p.stat().st_mtime)
    est.__dict__.update({k: v for k, v in shared.__dict__.items() if k.endswith("_")})
    return est


class _SharedVocabulary(dict):
    """The vocabulary of the shipped model, shared by every loaded copy: read-only, with a
    cache of the columns of each word's terms (:func:`_word_columns`). Pickles and copies as
    a plain dict."""

    def __init__(self, *args):
        super().__init__(*args)
        self.word_columns: dict = {}

    def _read_only(self, *args, **kwargs):
        raise TypeError("the loaded model's vocabulary is shared and read-only; "
                        "assign a new dict to vocabulary_ instead")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __reduce__(self):
        return dict, (dict(self),)

    def __copy__(self):
        return dict(self)

    def __deepcopy__(self, memo):
        return dict(self)


@lru_cache(maxsize=4)
def _load_model(path: str, mtime: float) -> TargetSentimentClassifier:
    est = TargetSentimentClassifier.from_dict(_load_model_data(path, mtime))
    for name in ("classes_", "idf_", "dense_mean_", "dense_scale_", "coef_", "intercept_"):
        getattr(est, name).setflags(write=False)
    est.vocabulary_ = _SharedVocabulary(est.vocabulary_)
    est._term_coef_T()
    return est


def model_metadata(path: str | os.PathLike | None = None) -> dict:
    """The ``meta`` block of a model file (training data, commit, licence, CV scores).

    Parameters
    ----------
    path : str or path-like, optional
        A model file; default the shipped model.

    Returns
    -------
    dict
        A copy of the file's ``meta`` block.
    """
    p = Path(path) if path is not None else MODEL_PATH
    return dict(_load_model_data(str(p), p.stat().st_mtime)["meta"])


# ----------------------------------------------------------------------------- per document


def actor_sentiment(doc: Document | str, actors: Mapping[str, Sequence[str]] | None = None, *,
                    model: TargetSentimentClassifier | None = None,
                    analyses: Sequence[SentenceAnalysis] | None = None) -> list[ActorSentiment]:
    """The sentiment toward every actor mention in the kept sentences of ``doc``.

    Parameters
    ----------
    doc : Document or str
    actors : mapping of str to list of str, optional
        Actor -> alias patterns, as for :func:`find_actor_mentions`; default
        :func:`default_actors` (the example story's actors).
    model : TargetSentimentClassifier, optional
        A fitted classifier; default the shipped model.
    analyses : list of SentenceAnalysis, optional
        ``analyze_sentences(doc)`` (:mod:`framing.features.sentiment`) when the caller has
        already run it for the sentence scores: the mentions are then scored without any
        VADER call. Without it, VADER runs once per sentence that mentions an actor.

    Returns
    -------
    list of ActorSentiment
        One per mention, in text order.
    """
    if isinstance(doc, str):
        doc = make_document(doc)
    return story_actor_sentiment([doc], actors, model=model,
                                 analyses=None if analyses is None else [analyses])[0]


def story_actor_sentiment(docs: Sequence[Document], actors: Mapping[str, Sequence[str]] | None = None, *,
                          model: TargetSentimentClassifier | None = None,
                          analyses: Sequence[Sequence[SentenceAnalysis]] | None = None
                          ) -> list[list[ActorSentiment]]:
    """:func:`actor_sentiment` of every version of a story: the same results, with the
    features of all mentions of all versions computed at once (a sentence several versions
    carry is prepared once).

    Parameters
    ----------
    docs : sequence of Document
        The cleaned versions of one story (only kept sentences are read).
    actors : mapping of str to sequence of str, optional
        Actor -> alias patterns, as :func:`read_actors` gives them; default
        :func:`default_actors`.
    model : TargetSentimentClassifier, optional
        A fitted model; default the shipped one (:func:`load_target_sentiment_model`).
    analyses : sequence of list of SentenceAnalysis, optional
        ``analyze_sentences(doc)`` of each document, as for :func:`actor_sentiment` (VADER is
        then not run again on those sentences).

    Returns
    -------
    list of list of ActorSentiment
        One list per document, in the order of ``docs``.
    """
    if actors is None:
        actors = default_actors()
    if model is None:
        model = load_target_sentiment_model()
    check_is_fitted(model, "coef_")
    compiled = _compiled_aliases(actors)
    sentences = _DistinctSentences()
    occ: list[int] = []
    starts: list[int] = []  # (into the document, until made offsets into the sentence below)
    ends: list[int] = []
    offsets: list[int] = []
    bounds = [0]
    per_doc = []
    for i, doc in enumerate(docs):
        mentions = _find_mentions(doc, compiled)
        given = {a.sentiment.sent_id: a.vader for a in analyses[i]} if analyses is not None else {}
        by_id = {s.sent_id: s for s in doc.sentences}
        # the sentences holding mentions, in text order (a sentence's mentions are consecutive),
        # and the given readings by sentence text (a reading counts only for its own sentence)
        groups: list[tuple[str, int, int]] = []  # (text, its start, its number of mentions)
        found = {}
        last = None
        for m in mentions:
            if m.sent_id != last:
                last = m.sent_id
                s = by_id[m.sent_id]
                text = doc.sentence_text(s)
                va = given.get(m.sent_id)
                if va is not None and va.offset == s.start:
                    found[text] = va
                groups.append([text, s.start, 0])
            groups[-1][2] += 1
        for text, offset, n in groups:
            k = sentences.index(text, found.get(text))
            occ += [k] * n
            offsets += [offset] * n
        starts += map(_MENTION_START, mentions)
        ends += map(_MENTION_END, mentions)
        bounds.append(len(occ))
        per_doc.append(mentions)
    if not occ:
        return [[] for _ in docs]
    offsets = np.asarray(offsets, dtype=np.int64)  # (mention offsets into the sentence)
    starts = np.asarray(starts, dtype=np.int64) - offsets
    ends = np.asarray(ends, dtype=np.int64) - offsets
    decisions = model._part_decisions(*model._features(sentences, occ, starts, ends), bounds)
    classes = list(model.classes_)
    ipos, ineg = classes.index("positive"), classes.index("negative")
    labels = [str(c) for c in model.classes_]
    out = []
    for mentions, z in zip(per_doc, decisions):
        if not mentions:
            out.append([])
            continue
        proba = model._proba(z)
        # whole columns at once: the same float subtraction as row by row
        best = proba.argmax(axis=1).tolist()
        scores = (proba[:, ipos] - proba[:, ineg]).tolist()
        out.append([ActorSentiment(m.actor, m.sent_id, m.start, m.end, m.mention, labels[k], sc)
                    for m, k, sc in zip(mentions, best, scores)])
    return out


# ----------------------------------------------------------------------------- training


def train_target_sentiment(train_path: str | os.PathLike, out_path: str | os.PathLike | None = None,
                           *, cv: int = 5, metadata: Mapping | None = None, **params
                           ) -> tuple[TargetSentimentClassifier, dict]:
    """Learn a :class:`TargetSentimentClassifier` from a NewsMTSC-format JSONL file.

    Deterministic: same file and parameters, same model. With ``cv`` > 1 the model is first
    cross-validated on the training file only (folds grouped by sentence, so targets of one
    sentence never straddle folds), and the scores go into the metadata.

    Parameters
    ----------
    train_path : path
        NewsMTSC ``train.jsonl`` (or any file in that format).
    out_path : path, optional
        Where to write the JSON model; not written when None.
    cv : int, default 5
        Folds for cross-validation; 0 or 1 skips it.
    metadata : mapping, optional
        Extra entries for the model file's ``meta`` block (e.g. the dataset commit).
    **params
        Passed to :class:`TargetSentimentClassifier`.

    Returns
    -------
    model : TargetSentimentClassifier
    meta : dict
        What was written under ``meta``.
    """
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import GroupKFold

    from ..datasets.newsmtsc import read_newsmtsc

    examples = list(read_newsmtsc(train_path))
    X = [(e.sentence, e.start, e.end) for e in examples]
    y = np.asarray([e.label for e in examples], dtype=object)
    meta: dict = {
        "description": "Target-dependent sentiment (negative/neutral/positive) toward a mention "
                       "in a news sentence; framing.features.target_sentiment",
        "training_data": f"NewsMTSC {Path(train_path).name} (Hamborg & Donnay, EACL 2021), "
                         "https://github.com/fhamborg/NewsMTSC",
        "training_licence": "MIT-style licence of the NewsMTSC repository "
                            "(Copyright 2020 Felix Hamborg)",
        "n_train_targets": len(examples),
        "regenerate": "python analyses/train_target_sentiment.py TRAIN_JSONL -o OUT_JSON",
    }
    meta.update(metadata or {})
    if cv and cv > 1:
        # group by sentence text: a sentence repeated under another id must not straddle folds
        groups = np.asarray([e.sentence for e in examples])
        pred = np.empty(len(y), dtype=object)
        for tr, te in GroupKFold(n_splits=cv).split(X, y, groups):
            m = TargetSentimentClassifier(**params).fit([X[i] for i in tr], y[tr])
            pred[te] = m.predict([X[i] for i in te])
        meta["cv"] = {
            "folds": int(cv),
            "grouping": "by sentence text (GroupKFold)",
            "macro_f1": float(f1_score(y, pred, average="macro", labels=list(LABELS))),
            "accuracy": float(accuracy_score(y, pred)),
        }
    model = TargetSentimentClassifier(**params).fit(X, y)
    if out_path is not None:
        model.save(out_path, meta)
    return model, meta
