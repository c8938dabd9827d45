"""Hedges, boosters and distancing cues, as spans of the story body.

A cue list (``lexicons/hedges.tsv``: Hyland 2005; Islam, Xiao & Mercer 2020; the Szeged /
CoNLL-2010 cue classes) is matched on word tokens of each kept sentence, and context rules
drop the readings that are not hedges:

* ``May`` the month (capitalised inside a sentence, or sentence-initial before a number);
* ``will`` is not listed at all: plain future, not a hedge (Hyland 2005 does not list it);
* ``could not`` / ``could be reached`` (ability, "could not be reached for comment");
* ``would`` as reported future ("said it would extend") and refusals ("would not comment");
* ``should be`` (deontic: "should be completed");
* ``might`` the noun ("military might"), ``think about``, ``appeared in court``;
* approximators ``about``/``around``/``some``/``up to`` only before a number;
* ``if`` is a hedge, but its subcategory says what kind: ``investigation`` after a question
  verb ("asked if"), ``reported_condition`` when a reporting verb in the sentence attributes the
  condition to a source, else ``conditional``.

Scare quotes (category ``distancing``, subcategory ``scare_quote``) are short quoted spans of
one to three words, with no clause punctuation inside, no reporting verb in the six words
before or the two words after, not after a colon, and not the whole sentence: the 'terrorist'
designation, hands “copies”, called the withdrawal a 'failure'.
The quote extractor leaves these out of quotations; they are counted here.
"""

from __future__ import annotations

__all__ = ["Hedge", "HedgeLexicon", "load_lexicon", "find_hedges", "HedgingFeatures"]

import math
import os
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import compress, count
from pathlib import Path
from typing import NamedTuple

from ..document import Document, make_document
from ..lexicons import lexicon_path, read_lexicon
from ..segment import count_words
from ._base import SpanFeaturesMixin

CATEGORIES = ("hedge", "booster", "distancing")


class Hedge(NamedTuple):
    """One hedge, booster or distancing cue.

    Attributes
    ----------
    sent_id : int
        ``sent_id`` of the kept sentence that holds the cue.
    start, end : int
        Offsets into ``doc.text``: ``doc.text[start:end] == cue``.
    cue : str
        The cue as it stands in the text (a scare quote includes its quotation marks).
    category : str
        ``"hedge"``, ``"booster"`` or ``"distancing"``.
    subcategory : str
        Finer class: for hedges ``modal``, ``epistemic_adverb``, ``epistemic_adjective``,
        ``epistemic_noun``, ``evidential``, ``doxastic``, ``reporting``, ``conditional``,
        ``reported_condition``, ``investigation``, ``approximator``, ``degree``; for boosters
        ``epistemic``, ``emphatic``; for distancing ``scare_quote``, ``label``, ``attribution``.
    """

    sent_id: int
    start: int
    end: int
    cue: str
    category: str
    subcategory: str = ""


# Word tokens: "couldn't" -> "could", "n't" (as in the Penn Treebank), hyphenated words whole
# ("so-called"), a clitic after a word ("it's" -> "it", "'s"). Quote marks are not tokens.
_TOKEN = re.compile(r"[A-Za-z]+(?=n['’]t\b)|n['’]t\b|\w+(?:-\w+)*|(?<=\w)['’]\w+")
# _TOKEN for a text without "n't" ("n’t"), where its first two alternatives cannot match (the
# first one tries every word letter by letter for an "n't" that follows)
_TOKEN_NO_NT = re.compile(r"\w+(?:-\w+)*|(?<=\w)['’]\w+")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_NUMBERLIKE = re.compile(r"^(?:\d|[$€£¥])")


@dataclass(frozen=True)
class HedgeLexicon:
    """A parsed cue list plus the word sets the context rules need.

    Attributes
    ----------
    entries : dict
        First token -> tuple of ``(tokens, category, subcategory)``, longest first.
    context : dict
        Set name -> frozenset of words (from ``hedge_context.tsv``).
    source : str
        Path of the cue list.
    """

    entries: dict
    context: dict
    source: str

    def words(self, name: str) -> frozenset:
        """A word set of the context file.

        Parameters
        ----------
        name : str
            A set name of ``hedge_context.tsv`` (``speech_verb``, ``negation``, ...).

        Returns
        -------
        frozenset of str
            Its words (lower case); empty for a name the file does not have.
        """
        return self.context.get(name, frozenset())

    @cached_property
    def first_tokens(self) -> frozenset:
        """The tokens a cue can start with (the keys of ``entries``)."""
        return frozenset(self.entries)


def _norm(token: str) -> str:
    return token.lower().replace("’", "'")


@lru_cache(maxsize=16)
def _load(path: str, context_path: str, mtimes: tuple) -> HedgeLexicon:
    entries: dict[str, list] = {}
    for i, row in enumerate(read_lexicon(path)):
        if len(row) < 2:
            raise ValueError(f"{path}: entry {i + 1} needs at least cue<TAB>category: {row!r}")
        cue, category = row[0], row[1]
        sub = row[2] if len(row) > 2 else ""
        if category not in CATEGORIES:
            raise ValueError(f"{path}: entry {cue!r} has category {category!r}, not one of {CATEGORIES}")
        tokens = tuple(_norm(m.group(0)) for m in _TOKEN.finditer(cue))
        if not tokens:
            continue
        entries.setdefault(tokens[0], []).append((tokens, category, sub))
    frozen = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in entries.items()}
    context: dict[str, set] = {}
    for row in read_lexicon(context_path):
        if len(row) >= 2:
            context.setdefault(row[0], set()).add(row[1].lower())
    return HedgeLexicon(frozen, {k: frozenset(v) for k, v in context.items()}, path)


def load_lexicon(path: str | os.PathLike | None = None) -> HedgeLexicon:
    """Load a cue list in the ``hedges.tsv`` format (``None``: the shipped one).

    Parameters
    ----------
    path : str or path-like, optional
        A TSV file ``cue<TAB>category<TAB>subcategory[<TAB>source]`` with ``#`` header lines.

    Returns
    -------
    HedgeLexicon
    """
    p = lexicon_path("hedges.tsv") if path is None else Path(path)
    c = lexicon_path("hedge_context.tsv")
    # Keyed on modification times too, so an edited file is re-read (as read_lexicon does).
    return _load(str(p), str(c), (p.stat().st_mtime, c.stat().st_mtime))


# --------------------------------------------------------------------------- context rules


def _next(toks, j, k=0):
    """Lower-cased token at j+k, or ''."""
    return toks[j + k][2] if 0 <= j + k < len(toks) else ""


def _keep(lex: HedgeLexicon, toks, i: int, j: int, sub: str) -> str | None:
    """Subcategory for the match toks[i:j], or None when the context says it is no hedge."""
    first = toks[i][2]
    raw = toks[i][3]
    nxt = _next(toks, j)
    prev = _next(toks, i, -1) if i > 0 else ""
    neg = lex.words("negation")
    if first == "may" and j == i + 1:
        if raw == "May" and i > 0:
            return None  # "in May", "on May 22": lower-case "may" is the modal mid-sentence
        if raw == "May" and (nxt[:1].isdigit() or toks[i][4].startswith(",")):
            return None  # sentence-initial "May 3, ..."
    if first == "might" and j == i + 1 and prev in lex.words("might_noun_before"):
        return None
    if first == "could" and j == i + 1:
        # Skip adverbs between modal and negation ("could still not").
        k = j
        while _next(toks, k) in ("still", "yet", "also", "really", "simply", "just"):
            k += 1
        if _next(toks, k) in neg:
            return None  # "could not be reached", "couldn't say": ability, not possibility
        if _next(toks, k) == "be" and _next(toks, k, 1) in ("reached", "contacted"):
            return None
    if first == "would" and j == i + 1:
        if nxt in neg and _next(toks, j, 1) in lex.words("refusal_verb"):
            return None  # "would not comment"
        # Reported future: a reporting verb earlier in the clause ("said it would extend").
        speech = lex.words("speech_verb")
        for k in range(i - 1, max(-1, i - 12), -1):
            if toks[k][4] in (";",):
                break
            if toks[k][2] in speech:
                return None
    if first == "should" and j == i + 1 and nxt == "be":
        return None  # deontic passive: "should be completed"
    if first in ("think", "thinks", "thought", "thinking") and j == i + 1:
        if nxt in lex.words("think_not_hedge_after") or prev in ("of", "school"):
            return None
    if first.startswith("appear") and j == i + 1 and nxt in lex.words("appear_not_hedge_after"):
        return None
    if sub == "approximator" and first in ("about", "around", "some", "up"):
        after = toks[j][3] if j < len(toks) else ""
        number = _NUMBERLIKE.match(after) or after.lower() in lex.words("number_word")
        # A currency sign is not a token: look at the characters between.
        if not number and j < len(toks):
            between = toks[j - 1][5][toks[j - 1][1]:toks[j][0]]
            number = bool(re.search(r"[$€£¥]", between))
        if not number:
            return None
    if first == "if" and j == i + 1:
        if prev in lex.words("question_verb"):
            return "investigation"
        if any(t[2] in lex.words("speech_verb") for t in toks):
            return "reported_condition"
    return sub


# --------------------------------------------------------------------------- scare quotes

# Quotation pairs: curly double, curly single, straight double, straight single, ``...''.
# (Each opening mark is matched first and the character before it checked after, by a
# look-behind over both: "(?<![\w'])'" and "'(?<![\w']')" accept the same positions, but a
# pattern that starts with a literal lets the regex engine jump from one mark to the next.)
_QUOTE_PAIRS = [
    re.compile(r"“([^“”\n]{1,60})”"),
    re.compile(r"‘(?<![\w’]‘)([^‘’\n]{1,60}?)’(?![\w])"),
    re.compile(r"\"(?<![\w\"]\")(?=\S)([^\"\n]{1,60}?)(?<=\S)\"(?![\w])"),
    re.compile(r"'(?<![\w']')(?=\w)([^'\n]{1,60}?)(?<=[\w.!?,])'(?![\w])"),
    re.compile(r"``([^`'\n]{1,60})''"),
]
_QUOTE_OPENERS = ("“", "‘", '"', "'", "``")
_CLAUSE_PUNCT = re.compile(r"[.!?,;:]")
_QUOTE_WINDOW_BEFORE = 6  # words
_QUOTE_WINDOW_AFTER = 2


def _scare_quotes(lex: HedgeLexicon, text: str, start: int, end: int):
    """(start, end) spans of scare quotes inside text[start:end], quote marks included."""
    sent = text[start:end]
    speech = lex.words("speech_verb")
    out = []
    for opener, pat in zip(_QUOTE_OPENERS, _QUOTE_PAIRS):
        if opener not in sent:
            continue  # speed: no opening mark, no match
        for m in pat.finditer(sent):
            inner = m.group(1).strip()
            n = count_words(inner)
            if not 1 <= n <= 3 or _CLAUSE_PUNCT.search(inner):
                continue
            before = sent[: m.start()]
            after = sent[m.end():]
            if not before.strip() and not re.sub(r"[\W_]", "", after):
                continue  # the whole sentence is the quotation (a headline, a title)
            if before.rstrip().endswith(":"):
                continue
            # A reporting verb shortly before ("added that the move was a “historic step”") or
            # right after ('“Yes”, he said') makes it a (partial) quotation, the quote
            # extractor's business.
            words_before = [_norm(w) for w in _WORD.findall(before)][-_QUOTE_WINDOW_BEFORE:]
            words_after = [_norm(w) for w in _WORD.findall(after)][:_QUOTE_WINDOW_AFTER]
            if any(w in speech for w in words_before) or any(w in speech for w in words_after):
                continue
            out.append((start + m.start(), start + m.end()))
    return out


# --------------------------------------------------------------------------- extraction


def _tokens(text: str, start: int, end: int):
    """(start, end, lower, raw, following-chars, text) for each token of text[start:end]."""
    toks = []
    for m in _TOKEN.finditer(text, start, end):
        follow = text[m.end(): m.end() + 2].lstrip()[:1]
        toks.append((m.start(), m.end(), _norm(m.group(0)), m.group(0), follow, text))
    return toks


def _match_sentence(lex: HedgeLexicon, text: str, start: int, end: int):
    # Speed: the token strings alone (findall) find the candidate cues; the full tokens with
    # offsets and context are built only for a sentence where a whole cue matches.
    sentence = text[start:end]
    nt = "n't" in sentence or "n’t" in sentence
    token_re = _TOKEN if nt else _TOKEN_NO_NT
    lowered = list(map(str.lower, token_re.findall(text, start, end)))
    if "’" in sentence:
        lowered = [t.replace("’", "'") for t in lowered]
    entries = lex.entries
    toks = None
    cands = []
    # only the tokens a cue starts with (found in C; most tokens start none)
    for i in compress(count(), map(lex.first_tokens.__contains__, lowered)):
        tok = lowered[i]
        for tokens, category, sub in entries[tok]:
            j = i + len(tokens)
            if tuple(lowered[i:j]) != tokens:
                continue
            if toks is None:  # as _tokens(text, start, end), reusing the lowered tokens
                toks = [(a, b, lw, text[a:b], text[b:b + 2].lstrip()[:1], text)
                        for (a, b), lw in zip([m.span() for m in token_re.finditer(text, start, end)], lowered)]
            sub2 = _keep(lex, toks, i, j, sub)
            if sub2 is None:
                continue
            cands.append((toks[i][0], toks[j - 1][1], category, sub2))
    for a, b in _scare_quotes(lex, text, start, end):
        cands.append((a, b, "distancing", "scare_quote"))
    # Longest match wins where cues overlap ("almost certainly" over "almost", "certainly").
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int, str, str]] = []
    for c in cands:
        if all(c[1] <= t[0] or c[0] >= t[1] for t in taken):
            taken.append(c)
    taken.sort()
    return taken


def find_hedges(doc: Document | str, *, lexicon: str | os.PathLike | HedgeLexicon | None = None) -> list[Hedge]:
    """Find hedges, boosters and distancing cues in the kept sentences of ``doc``.

    Parameters
    ----------
    doc : Document or str
        A document (only ``doc.kept_sentences`` are read) or a plain text (wrapped with
        :func:`~framing.document.make_document`, every sentence kept).
    lexicon : path or HedgeLexicon, optional
        Cue list in the ``hedges.tsv`` format; default the shipped one.

    Returns
    -------
    list of Hedge
        In text order; ``doc.text[h.start:h.end] == h.cue``. Overlapping cues are resolved in
        favour of the longer one, so spans never overlap.

    Examples
    --------
    >>> [(h.cue, h.category) for h in find_hedges("In May the deal may fail, reportedly.")]
    [('may', 'hedge'), ('reportedly', 'hedge')]
    """
    if isinstance(doc, str):
        doc = make_document(doc)
    elif not isinstance(doc, Document):
        raise TypeError(f"expected a Document or a str, got {type(doc).__name__}")
    lex = lexicon if isinstance(lexicon, HedgeLexicon) else load_lexicon(lexicon)
    text = doc.text
    out = []
    for s in doc.kept_sentences:
        for a, b, category, sub in _match_sentence(lex, text, s.start, s.end):
            out.append(Hedge(s.sent_id, a, b, text[a:b], category, sub))
    return out


class HedgingFeatures(SpanFeaturesMixin):
    """Hedge, booster and distancing rates per version.

    Parameters
    ----------
    lexicon : str or path-like, optional
        Cue list in the ``hedges.tsv`` format; default ``None`` is the shipped list.

    Notes
    -----
    Columns: ``hedge_per_100w``, ``booster_per_100w``, ``distancing_per_100w`` (cues per 100
    words of the kept body, words as :func:`count_words`), ``hedged_sentence_share`` (share of
    kept sentences with at least one hedge). NaN when the kept body has no words.
    """

    feature_names = ("hedge_per_100w", "booster_per_100w", "distancing_per_100w", "hedged_sentence_share")

    def __init__(self, *, lexicon=None):
        self.lexicon = lexicon

    def _validate_params(self) -> None:
        if self.lexicon is not None:
            if not isinstance(self.lexicon, (str, os.PathLike)):
                raise ValueError(f"lexicon must be a path or None, got {type(self.lexicon).__name__}")
            if not Path(self.lexicon).is_file():
                raise ValueError(f"lexicon file not found: {self.lexicon}")
        load_lexicon(self.lexicon)  # fail at fit time on a malformed file

    def _row(self, doc: Document) -> list[float]:
        return self.row_from_hedges(doc, None)

    def row_from_hedges(self, doc: Document, hedges: list[Hedge] | None, *, n_words: int | None = None
                        ) -> list[float]:
        """The feature row of ``doc`` from its :func:`find_hedges` output, so a caller that also
        needs the cues, such as the pipeline's hedge table, finds them once.

        Parameters
        ----------
        doc : Document
            A cleaned version.
        hedges : list of Hedge or None
            ``find_hedges(doc, lexicon=self.lexicon)``; None finds them here.
        n_words : int, optional
            The words of the kept sentences by :func:`~framing.segment.count_words`, when the
            caller has counted them; counted here otherwise.

        Returns
        -------
        list of float
            ``hedge_per_100w, booster_per_100w, distancing_per_100w, hedged_sentence_share``
            (the row :meth:`transform` gives ``doc``); all NaN when the kept body has no words.
        """
        kept = doc.kept_sentences
        if n_words is None:
            n_words = sum(count_words(doc.sentence_text(s)) for s in kept)
        if n_words == 0:
            return [math.nan] * len(self.feature_names)
        cues = find_hedges(doc, lexicon=self.lexicon) if hedges is None else hedges
        counts = {c: 0 for c in CATEGORIES}
        for h in cues:
            counts[h.category] += 1
        hedged = {h.sent_id for h in cues if h.category == "hedge"}
        return [
            100.0 * counts["hedge"] / n_words,
            100.0 * counts["booster"] / n_words,
            100.0 * counts["distancing"] / n_words,
            len(hedged) / len(kept),
        ]
