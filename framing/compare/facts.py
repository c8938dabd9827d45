"""Facts across the versions of one story: which version leaves out what the others tell.

The pipeline, one function each:

* :func:`fact_units` cuts each version's kept sentences into clause-level *fact units*
  ("... outlawed in 2003, but the ban was lifted in April" gives two units), at a semicolon or
  at "<comma> <link>" for the links in ``lexicons/fact_clause_links.tsv``, and only where both
  sides are long enough to be clauses (lists such as "energy, transport, and infrastructure"
  stay whole), never inside quotation marks (a quoted remark is one unit).
* :class:`PairScorer` (the default, ``scorer="learned"``) gives each pair of units the
  probability that they state the same fact: logistic regressions (``framing/data/
  fact_pair_model.json``, trained on the BASIL development gold by
  ``analyses/facts_pair_model.py``) over TF-IDF cosines (content words, character n-grams of the
  content words for spelling variants such as "recognise"/"recognize" or "Andrei"/"Andrey",
  names and numbers; fitted on the story's own units), shared rare words and the position of
  the two units in their versions; a second model scores two units of one version (a
  restatement). :func:`unit_vectors` gives the previous similarity (``scorer="weighted"``): the
  three cosines stacked with weights, so that a dot product is their weighted sum.
* :func:`align_units` finds, for each unit, its nearest neighbours in the *other* versions
  (a sparse matrix product in row blocks, top ``n_neighbors`` kept: the clustering then sees
  O(n) edges, not all pairs) and merges units into facts greedily from the most similar
  edge down, under two constraints: the average similarity between the two groups must reach
  ``threshold`` (average link, so chains of weak links do not merge distant facts), and a
  version contributes at most one unit to a fact unless the merge is a near repeat
  (``repeat_threshold``); two facts that are each told by several versions merge only at
  ``merge_threshold`` (no catch-all facts).
* :func:`compare_facts` runs all of it and returns a :class:`FactComparison` with the tables:
  ``facts`` (every mention, with offsets, prominence and conflicts), ``omissions`` (for each
  version, each fact it leaves out and which versions carry it), ``coverage`` (fact x outlet),
  ``placement`` (fact x outlet: lead/body/end), ``conflicts`` (one fact told with different
  years or numbers, in mentions that state the same event) and ``possible`` (the omission
  check: before an omission is reported, the version's units are scored against the fact's
  mentions; a version whose best unit reaches ``carried_threshold``, or, when the versions'
  quote groups are given, that quotes what a mention quotes, possibly carries the fact and is
  listed here instead).

Fact ids are deterministic and do not depend on the order of the versions: versions are put in
a canonical order (outlet, story id, text) before anything is computed, and facts are numbered
by (number of outlets carrying them, descending; then their first mention's outlet and offset).
"""

from __future__ import annotations

__all__ = [
    "FactUnit",
    "FactComparison",
    "FactParams",
    "fact_units",
    "split_clauses",
    "unit_vectors",
    "embedding_vectors",
    "align_units",
    "compare_facts",
    "mention_values",
    "PairModel",
    "PairScorer",
    "load_pair_model",
    "pair_features",
    "CROSS_FEATURES",
    "WITHIN_FEATURES",
    "readable",
]

import itertools
import operator
import re
from functools import lru_cache
from importlib import resources
from itertools import chain
from pathlib import Path
from dataclasses import dataclass, field, fields
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.preprocessing import normalize

try:
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2 as _row_normalize_l2
except ImportError:  # a private module: fall back to the public function
    _row_normalize_l2 = None

from ..document import Document
from ..lexicons import read_lexicon


class FactUnit(NamedTuple):
    """One clause-level fact unit of one version; ``text == doc.text[start:end]``."""

    unit_id: str
    story_id: str
    outlet: str
    sent_id: int
    start: int
    end: int
    text: str
    position: float  # rank of the sentence among the version's kept sentences, 0 (first) .. 1 (last)
    prominence: str  # lead | body | end
    rank: int = 0  # index of the sentence among the version's kept sentences
    paragraph: int = 0  # para_id of the sentence's paragraph


@dataclass(frozen=True)
class FactParams:
    """Parameters of :func:`compare_facts`.

    ``scorer="learned"`` (the default): the similarity of two units is the probability that they
    state the same fact, from a logistic regression over pair features (:class:`PairScorer`,
    ``framing/data/fact_pair_model.json``, trained on the BASIL development gold by
    ``analyses/facts_pair_model.py``). ``threshold``, ``repeat_threshold``, ``merge_threshold``
    and ``carried_threshold`` are then average probabilities; they were chosen on the
    development gold only, with models trained leave-one-event-out (never on the held-out gold
    nor on the example story).

    ``scorer="weighted"``: the previous similarity, a weighted sum of three TF-IDF cosines plus
    ``lead_bonus`` (``w_word``, ``w_char``, ``w_names``, ``lead_bonus``, ``lead_bonus_sentences``
    apply to it only), with its own defaults (:data:`_WEIGHTED_DEFAULTS`). The embeddings backend
    always uses it.

    ``attach_threshold`` = ``attach_self`` = 1 switch the repeat pass off. ``min_shared_words``
    > 0 requires that many shared content-word keys on an edge (names and numbers alone do not
    align).

    ``merge_threshold``: two groups that each hold units of two or more versions, and share a
    version, merge only when their average similarity reaches it (or ``repeat_threshold`` if that
    is higher): two facts told by several versions each are not glued into one on a weak average.

    ``carried_threshold`` (the omission check; 1 switches it off): before reporting that a version
    leaves out a fact, each of the version's units is scored by its average similarity to the
    fact's mentions; when the best reaches the threshold, the version possibly carries the fact
    (in a unit aligned to another fact, or one that states two facts): it is listed in
    :attr:`FactComparison.possible`, not in the omissions. Chosen on the development gold
    (``analyses/facts_pair_model.py --cv``, stage 2).
    """

    threshold: float = 0.15
    repeat_threshold: float = 0.25
    attach_threshold: float = 1.0
    attach_self: float = 1.0
    min_shared_words: int = 0
    scorer: str = "learned"
    w_word: float = 0.5
    w_char: float = 0.3
    w_names: float = 0.2
    n_neighbors: int = 10
    min_words: int = 4
    min_clause_words: int = 5
    lead_sentences: int = 3
    end_fraction: float = 0.8
    min_carriers: int = 1
    carried_threshold: float = 0.4
    merge_threshold: float = 0.6
    block_size: int = 1024
    # scorer="weighted": headline and lede state the story's main fact (inverted pyramid): two
    # units from the first ``lead_bonus_sentences`` kept sentences of their versions get
    # ``lead_bonus`` added to their similarity.
    lead_bonus: float = 0.4
    lead_bonus_sentences: int = 5
    # Embeddings backend only (see _EMBEDDING_DEFAULTS and docs/facts.md).
    w_embed: float = 1.0
    center: float = 0.0

    def validate(self) -> None:
        if self.scorer not in ("learned", "weighted"):
            raise ValueError(f"scorer must be 'learned' or 'weighted', got {self.scorer!r}")
        for name in ("threshold", "repeat_threshold", "attach_threshold", "attach_self", "w_word", "w_char", "w_names", "end_fraction",
                     "w_embed", "center", "lead_bonus", "carried_threshold", "merge_threshold"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and 0 <= v <= 1):
                raise ValueError(f"{name} must be a number in [0, 1], got {v!r}")
        if self.w_word + self.w_char + self.w_names <= 0:
            raise ValueError("at least one of w_word, w_char, w_names must be positive")
        for name in ("n_neighbors", "min_words", "min_clause_words", "lead_sentences", "min_carriers", "block_size",
                     "min_shared_words", "lead_bonus_sentences"):
            v = getattr(self, name)
            zero_ok = ("min_words", "lead_sentences", "min_shared_words", "lead_bonus_sentences")
            if not isinstance(v, int) or isinstance(v, bool) or v < (0 if name in zero_ok else 1):
                raise ValueError(f"{name} must be a positive integer, got {v!r}")


# Defaults of scorer="weighted" (backend "tfidf"): tuned 2026-11-23 on the 5-event dev gold
# (best pairwise F1 among settings keeping the cell accuracy; docs/facts.md). Issue 5 (8-event dev
# gold): no cap on merging facts (merge_threshold = repeat_threshold: a cap cost pairwise F1), the
# omission check at 0.5 (best omission F0.5 of 0.2-0.6).
_WEIGHTED_DEFAULTS = {"threshold": 0.14, "repeat_threshold": 0.5, "min_shared_words": 1, "merge_threshold": 0.5,
                      "carried_threshold": 0.5}
# Parameters that only scorer="weighted" reads: refused with the learned scorer.
_WEIGHTED_ONLY = ("w_word", "w_char", "w_names", "lead_bonus", "lead_bonus_sentences")


# Defaults of backend="embeddings": its similarity is w_embed * cosine of the story-centred
# MiniLM embeddings + (1 - w_embed) * the TF-IDF similarity, so it has its own thresholds.
# Calibrated on the BASIL development gold only (``analyses/facts_basil_gold.py --backend
# embeddings --tune``: best pairwise F1, then cell accuracy). Pure embeddings (w_embed=1) scored
# below TF-IDF there: raw cosines between unrelated sentences of one story are high.
_EMBEDDING_DEFAULTS = {"scorer": "weighted", "w_embed": 0.3, "center": 1.0, "threshold": 0.08, "repeat_threshold": 0.5,
                       "attach_threshold": 0.35, "attach_self": 0.5, "min_shared_words": 0,
                       # no cap on merging facts, no omission check: not measured with embeddings
                       "merge_threshold": 0.5, "carried_threshold": 1.0,
                       # as tuned for this backend (on the 2-event dev; not re-tuned on 5 events)
                       "lead_bonus": 0.3, "lead_bonus_sentences": 2}
# Parameters that only the embeddings backend reads: refused with backend="tfidf".
_EMBEDDING_ONLY = ("w_embed", "center")


# --------------------------------------------------------------------------- units

_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")


def _links() -> frozenset[str]:
    return frozenset(row[0].lower() for row in read_lexicon("fact_clause_links.tsv"))


@lru_cache(maxsize=16)
def _clause_pattern(links: frozenset[str]) -> re.Pattern:
    alt = "|".join(sorted((re.escape(w) for w in links), key=lambda w: (-len(w), w)))
    return re.compile(rf";\s+|,\s+(?=(?:{alt})\b)", re.IGNORECASE) if alt else re.compile(r";\s+")


def _n_words(text: str) -> int:
    return len(_WORD.findall(text))


def split_clauses(text: str, *, min_clause_words: int = 5, links: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Clause spans of one sentence, as ``(start, end)`` offsets into ``text``.

    Split at a semicolon, or at a comma followed by a clause link ("and", "but", "while" ...),
    when both sides have at least ``min_clause_words`` words, and never inside quotation marks
    (a quoted remark is one unit: "“We value this step, and, God willing, ...”"). The link word
    stays with the right-hand clause; the separator (comma, semicolon, spaces) belongs to
    neither.

    Examples
    --------
    >>> t = "It was banned in 2003, but the ban was lifted in April this year."
    >>> [t[a:b] for a, b in split_clauses(t)]
    ['It was banned in 2003', 'but the ban was lifted in April this year.']
    """
    return _split(text, min_clause_words, _clause_pattern(_links() if links is None else frozenset(links)))


_QUOTE_MARK = re.compile(r"[\"“”‘’']")
_QUOTE_OPEN_AFTER = frozenset(" \t\r\n([{—–-/:;,")


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` (one sentence) inside quotation marks, from the opening mark to the
    closing one.

    Double marks: “ opens and ” closes; a straight " opens after a space, an opening bracket or
    dash, or at the start, else closes. Single marks: ‘, or a straight ' after a space (or at the
    start) and before a letter, opens; ’ or ' closes a quote that is open when it follows a
    non-space and precedes a space, punctuation or the end (an apostrophe inside a word,
    "Afghanistan's", is neither). A closing double mark with no opener means the sentence starts
    inside a quote (one running on from the previous sentence); an opener never closed runs to
    the end of the sentence.
    """
    spans: list[tuple[int, int]] = []
    double = single = None  # position of the open mark
    n = len(text)
    for m in _QUOTE_MARK.finditer(text):
        ch, pos = m.group(), m.start()
        before = text[pos - 1] if pos else " "
        after = text[pos + 1] if pos + 1 < n else " "
        opens = pos == 0 or before.isspace() or before in _QUOTE_OPEN_AFTER
        if ch == "“" or (ch == '"' and opens and double is None):
            if double is None:
                double = pos
        elif ch in "”\"":  # a closing double mark
            start = 0 if double is None else double
            spans.append((start, pos + 1))
            double = None
            if single is not None and single > start:
                single = None  # a single quote opened inside it ends with it
        elif before.isalnum() and after.isalnum():
            continue  # an apostrophe inside a word
        elif (ch == "‘" or (ch == "'" and opens)) and not after.isspace():
            if single is None:
                single = pos
        elif single is not None and not before.isspace() and not after.isalnum():
            spans.append((single, pos + 1))
            single = None
    for open_at in (double, single):
        if open_at is not None:
            spans.append((open_at, n))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _split(text: str, min_clause_words: int, pattern: re.Pattern) -> list[tuple[int, int]]:
    """:func:`split_clauses` with the separator pattern given."""
    spans: list[tuple[int, int]] = []
    start = 0
    quoted = None
    for m in pattern.finditer(text):
        if quoted is None:
            quoted = _quoted(text)
        if quoted and _inside(m.start(), quoted):
            continue  # one remark stays one unit ("We value this step, and, God willing, ...")
        left = text[start : m.start()]
        right = text[m.end() :]
        # ", and" closing a list ("fuel, wheat, and other commodities"): the item before it,
        # back to the previous comma, is a few words long. Not a clause boundary.
        item = left.rsplit(",", 1)[-1] if "," in left else None
        if item is not None and m.group().startswith(",") and _n_words(item) <= 3:
            continue
        if _n_words(left) >= min_clause_words and _n_words(right) >= min_clause_words:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def _unit_spans(sentence: str, min_clause_words: int, min_words: int, links: frozenset[str]
                ) -> tuple[tuple[int, int], ...]:
    """The clause spans of ``sentence`` with at least ``min_words`` words."""
    return tuple((a, b) for a, b in split_clauses(sentence, min_clause_words=min_clause_words, links=links)
                 if _n_words(sentence[a:b]) >= min_words)


def _unit_cuts(sentence: str, min_clause_words: int, min_words: int, pattern: re.Pattern
               ) -> tuple[tuple[int, int, list[str]], ...]:
    """The clause spans of ``sentence`` with at least ``min_words`` words (:func:`_unit_spans`),
    each with its words as ``_WORD`` finds them in the span with "’" read as "'" (the words
    :func:`_text_blocks` starts from; the same count)."""
    if pattern.search(sentence) is None:  # most sentences: one clause, the words found once
        words = _WORD.findall(sentence.replace("’", "'"))
        end = len(sentence.rstrip())
        return ((0, end, words),) if end and len(words) >= min_words else ()
    cuts = []
    for a, b in _split(sentence, min_clause_words, pattern):
        words = _WORD.findall(sentence[a:b].replace("’", "'"))
        if len(words) >= min_words:
            cuts.append((a, b, words))
    return tuple(cuts)


def _prominence(rank: int, n: int, p: FactParams) -> tuple[float, str]:
    position = rank / (n - 1) if n > 1 else 0.0
    if rank < p.lead_sentences:
        return position, "lead"
    if position >= p.end_fraction:
        return position, "end"
    return position, "body"


def _canonical(docs: Sequence[Document]) -> list[Document]:
    # Order-independence: everything downstream follows this order.
    return sorted(docs, key=lambda d: (d.outlet, d.story_id, d.text))


def fact_units(docs: Sequence[Document], params: FactParams | None = None) -> list[FactUnit]:
    """Clause-level fact units of every version's kept sentences, in canonical version order.

    Units with fewer than ``params.min_words`` words (photo credits, section labels) are left
    out. ``unit_id`` is ``"<outlet>:<sent_id>:<start>"``.
    """
    return _fact_units(docs, params or FactParams(), _links())


def _fact_units(docs: Sequence[Document], p: FactParams, links: frozenset[str]) -> list[FactUnit]:
    return _fact_units_words(docs, p, links)[0]


def _fact_units_words(docs: Sequence[Document], p: FactParams, links: frozenset[str]
                      ) -> tuple[list[FactUnit], list[list[str]]]:
    """(:func:`fact_units`, the words of each unit as :func:`_unit_cuts` finds them)."""
    out: list[FactUnit] = []
    words: list[list[str]] = []
    pattern = _clause_pattern(links)
    # Versions of one story share sentences (wire copy): each distinct sentence is split once.
    # The memo lives for this call only (nothing keyed on text is kept across stories).
    cuts: dict[str, tuple] = {}
    for d in _canonical(docs):
        kept = d.kept_sentences
        text, outlet, story_id = d.text, d.outlet, d.story_id
        for rank, s in enumerate(kept):
            position, prom = _prominence(rank, len(kept), p)
            sentence = d.sentence_text(s)
            cut = cuts.get(sentence)
            if cut is None:
                cut = cuts[sentence] = _unit_cuts(sentence, p.min_clause_words, p.min_words, pattern)
            for a, b, w in cut:
                start, end = s.start + a, s.start + b
                out.append(FactUnit(f"{outlet}:{s.sent_id}:{start}", story_id, outlet, s.sent_id, start, end,
                                    text[start:end], position, prom, rank, s.paragraph))
                words.append(w)
    return out, words


# --------------------------------------------------------------------------- vectors
#
# The first functions below define the tokens and the TF-IDF unit by unit, readably
# (:func:`_token_lists`, :func:`_lexical_keys`, :func:`_counts`, :func:`_char_counts`,
# :func:`_tfidf_from_counts`): they are the reference that tests compare the fast path with.
# The fast path, :func:`_text_blocks`, builds the same numbers for a whole story at once.

_NAME = re.compile(r"\b[A-Z][\w’'-]+|\b\d[\d,.]*\d\b|\b\d\b")
# The same matches, found faster: the pattern starts with a character class (the regex engine
# then jumps between candidate characters), and "\b" before a word character is "the character
# before it is not one" (a test checks the two on random text).
_NAME_SCAN = re.compile(r"[A-Z\d](?<!\w.)(?:(?<=[A-Z])[\w’'-]+|(?<=\d)(?:[\d,.]*\d\b|\b))")


def _fold(text: str) -> str:
    return text.lower().replace("’", "'")


def _paraphrases() -> dict[str, str]:
    rows = read_lexicon("fact_paraphrases.tsv")  # cached per file and mtime
    if _PARA_CACHE.get("rows") is not rows:
        _PARA_CACHE["rows"], _PARA_CACHE["map"] = rows, {r[0].lower(): r[1].lower() for r in rows}
    return _PARA_CACHE["map"]


_PARA_CACHE: dict = {}


def _content_words(text: str) -> str:
    return " ".join(w for w in _WORD.findall(_fold(text)) if w not in ENGLISH_STOP_WORDS)


def _content(text: str, groups: dict[str, str] | None = None) -> str:
    """Content words, each followed by its paraphrase group token (``~lift``) when it has one."""
    return " ".join(_word_tokens(_WORD.findall(_fold(text)), _paraphrases() if groups is None else groups))


def _word_tokens(folded_words: list[str], groups: dict[str, str]) -> list[str]:
    out = []
    for w in folded_words:
        if w in ENGLISH_STOP_WORDS:
            continue
        out.append(w)
        g = groups.get(w)
        if g is not None:
            out.append("~" + g)
    return out


def _lexical_keys(text: str, groups: dict[str, str] | None = None, memo: dict | None = None) -> frozenset[str]:
    """Content words that are not names or numbers (a capitalised word counts only as the unit's
    first word), cut to five characters (crude stemming), plus paraphrase groups. Two units must
    share ``min_shared_words`` of these to be aligned: shared names and numbers alone ("Taliban",
    "1994") do not make one fact."""
    get = (_paraphrases() if groups is None else groups).get
    memo = {} if memo is None else memo  # word -> its key or None (the same for every text)
    keys = set()
    words = _WORD.findall(text.replace("’", "'"))
    caps = [w[0].isupper() for w in words]
    # Headlines are in title case: capitals there do not mark names.
    names_capitalised = sum(caps) * 2 <= len(words)
    for k, (w, cap) in enumerate(zip(words, caps)):
        if cap and k and names_capitalised:
            continue
        try:
            key = memo[w]
        except KeyError:
            lw = w.lower()
            if w[0].isdigit() or len(lw) < 3 or lw in ENGLISH_STOP_WORDS:
                key = None
            else:
                g = get(lw)
                key = lw[:5] if g is None else "~" + g
            memo[w] = key
        if key is not None:
            keys.add(key)
    return frozenset(keys)


def _names(text: str) -> list[str]:
    """Capitalised words and numbers (sentence-initial function words excluded), cut to five
    characters so that transliteration variants ("Andrei"/"Andrey") still meet."""
    return [t for t in map(_name_token, _NAME.findall(text)) if t is not None]


def _name_token(match: str) -> str | None:
    w = _fold(match).rstrip("'s").replace(",", "")
    if w in ENGLISH_STOP_WORDS or not w:
        return None
    return w if w[0].isdigit() else w[:5]


def _char_ngrams(word: str, lo: int = 3, hi: int = 5) -> tuple[str, ...]:
    # sklearn's "char_wb" n-grams of one word (padded with a space on each side).
    w = f" {word} "
    out = []
    for n in range(lo, hi + 1):
        if len(w) <= n:
            out.append(w)  # whole padded word, once, as char_wb does for short words
            break
        out.extend(w[k : k + n] for k in range(len(w) - n + 1))
    return tuple(out)


def _counts(docs: list[list[str]]) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Token counts (rows: docs; columns: tokens in order of first appearance), sorted indices."""
    flat = list(chain.from_iterable(docs))
    vocab = dict(zip(dict.fromkeys(flat), itertools.count()))  # C-level loops: this runs per n-gram
    cols = np.fromiter(map(vocab.__getitem__, flat), dtype=np.int64, count=len(flat))
    indptr = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(d) for d in docs], out=indptr[1:])
    X = sp.csr_matrix((np.ones(len(flat)), cols, indptr), shape=(len(docs), len(vocab)))
    X.sum_duplicates()
    return X, vocab


def _tfidf_from_counts(X: sp.csr_matrix) -> sp.csr_matrix:
    """What ``TfidfVectorizer(sublinear_tf=True)`` computes from counts: 1 + log tf, smooth
    idf, l2-normalised rows."""
    X = X.tocsr(copy=True)
    if X.shape[1] == 0:
        return X
    X.sum_duplicates()
    X.eliminate_zeros()
    n = X.shape[0]
    X.data = 1.0 + np.log(X.data)
    df = np.bincount(X.indices, minlength=X.shape[1])
    X.data *= (np.log((1.0 + n) / (1.0 + df)) + 1.0)[X.indices]
    if _row_normalize_l2 is None:
        return normalize(X, norm="l2", copy=False)
    _row_normalize_l2(X)  # what normalize() runs, without its argument checks (a third of the cost)
    return X


def _token_lists(texts: Sequence[str], groups: dict[str, str]) -> tuple[list, list, list]:
    """(word tokens, content words, names) of each text. A text repeated within ``texts`` (the
    versions of a story share clauses) is tokenised once; the memo lives for this call only."""
    keys = groups.keys()
    memo: dict[str, tuple] = {}
    out = []
    for t in texts:
        hit = memo.get(t)
        if hit is None:
            folded = _WORD.findall(_fold(t))
            c = [w for w in folded if w not in ENGLISH_STOP_WORDS]
            # most units hold no paraphrase word: their word tokens are their content words
            hit = memo[t] = (c if keys.isdisjoint(c) else _word_tokens(folded, groups), c, _names(t))
        out.append(hit)
    if not out:
        return [], [], []
    words, content, names = map(list, zip(*out))
    return words, content, names


def _char_counts(content: list[list[str]]) -> sp.csr_matrix:
    """Character 3-5-gram counts of the content words (sklearn's ``char_wb``): each distinct
    word is cut into n-grams once, then (units x words) @ (words x n-grams). N-gram columns are
    numbered in order of first appearance (as :func:`_counts` numbers them)."""
    W, vocab = _counts(content)
    grams, _ = _counts([_char_ngrams(w) for w in vocab])
    return W @ grams


# --------------------------------------------------------------------------- the fast path

def _gram_columns(words: list[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """The character 3-5-grams of each of ``words`` (sklearn's ``char_wb``: the word padded with a
    space on each side, all windows of 3, 4 and 5 characters that fit: :func:`_char_ngrams`),
    word after word, as columns numbered by first appearance; the number of n-grams of each
    word; the number of distinct n-grams.

    Each n-gram is an integer (its characters' story-local ids, a few bits each), so the
    windows are cut and numbered with numpy and a hash table (``pandas.factorize``), not one
    string at a time, and nothing is kept from one call to the next.
    """
    length = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
    per_word = (length - 2) + np.maximum(length - 3, 0) + np.maximum(length - 4, 0)
    if not words:
        return np.zeros(0, dtype=np.int64), per_word, 0
    padded = " " + "  ".join(words) + " "
    chars, alphabet = pd.factorize(np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32))
    bits = len(alphabet).bit_length()  # ids 1 .. len(alphabet): no n-gram code has a leading 0
    if 5 * bits > 62:  # (thousands of distinct characters) the n-grams as strings
        grams = [w[k : k + n] for w in (f" {w} " for w in words) for n in (3, 4, 5) for k in range(len(w) - n + 1)]
        cols, uniq = pd.factorize(np.array(grams, dtype=object))
        return cols.astype(np.int64), per_word, len(uniq)
    c = chars.astype(np.int64) + 1
    size = len(c)
    start = np.cumsum(length) - length  # of each padded word in ``padded``
    word_at = np.repeat(np.arange(len(words)), length)
    offset = np.cumsum(per_word) - per_word  # of each word's n-grams in the sequence
    flat = np.empty(int(per_word.sum()), dtype=np.int64)
    code = c[: size - 1] << bits | c[1:]  # the code of the window of n characters at each start
    for n in (3, 4, 5):
        starts = max(size - n + 1, 0)
        code = code[:starts] << bits | c[n - 1 : n - 1 + starts]
        p = np.flatnonzero(np.arange(starts) + n <= (start + length)[word_at[:starts]])
        w = word_at[p]
        # a word's n-grams: its 3-grams by start, then its 4-grams, then its 5-grams
        flat[offset[w] + p - start[w] + sum(np.maximum(length[w] - k + 1, 0) for k in range(3, n))] = code[p]
    cols, uniq = pd.factorize(flat)
    return cols.astype(np.int64), per_word, len(uniq)


def _char_counts_of(W: sp.csr_matrix, vocab: list[str]) -> sp.csr_matrix:
    """``W @ grams``: (texts x words) counts times the n-gram counts of the words ``vocab``
    (n-gram columns numbered by first appearance over the words in order): the product of
    :func:`_char_counts`, with the n-grams from :func:`_gram_columns`."""
    cols, per_word, n_grams = _gram_columns(vocab)
    indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(per_word, out=indptr[1:])
    # (an n-gram twice in a word is two entries: W @ grams adds them)
    return W @ _csr(np.ones(len(cols)), cols, indptr, (len(vocab), n_grams))


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_CHAR = re.compile(r"[^\W_]")
_JOINERS = "’'.-"


def _lowercase_keeps_words(chars) -> bool:
    """Whether lower-casing a text made of ``chars`` lower-cases each of its ``_WORD`` matches
    and changes nothing else: each character maps to one character of the same class (word
    character, joiner, other). Not so for "İ" (two characters) or "Σ" (its lower case depends
    on the next character); ASCII always is."""
    for c in chars:
        lc = c.lower()
        if (len(lc) != 1 or c == "\u03a3" or (_WORD_CHAR.match(c) is None) != (_WORD_CHAR.match(lc) is None)
                or (c in _JOINERS) != (lc in _JOINERS)):
            return False
    return True


def _ids(tokens: list) -> tuple[np.ndarray, list]:
    """(id of each token, the distinct tokens): ids number the tokens by first appearance (a
    hash table, as a dict would number them)."""
    if len(tokens) < 500:  # (pandas' hash table has a fixed cost a dict does not)
        vocab = dict(zip(dict.fromkeys(tokens), itertools.count()))
        return np.fromiter(map(vocab.__getitem__, tokens), dtype=np.int64, count=len(tokens)), list(vocab)
    ids, distinct = pd.factorize(np.array(tokens, dtype=object), use_na_sentinel=False)
    return ids.astype(np.int64, copy=False), distinct.tolist()


def _first_appearance(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns for a sequence of ids, numbered by first appearance in ``ids`` (how
    :func:`_counts` numbers its vocabulary), and the ids in column order."""
    cols, order = pd.factorize(ids)
    return cols.astype(np.int64, copy=False), order


def _csr(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    """``sp.csr_matrix((data, indices, indptr), shape)`` with 32-bit indices when they fit (what
    scipy would choose, without its scan of the indices)."""
    if max(shape[1], len(data)) < 2**31 - 1:
        indices, indptr = indices.astype(np.int32, copy=False), indptr.astype(np.int32, copy=False)
    return sp.csr_matrix((data, indices, indptr), shape=shape)


def _row_counts(rows: np.ndarray, cols: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, count) of the distinct (row, column) pairs, sorted by row then column: a
    count matrix in CSR order."""
    code, count = np.unique(rows * max(width, 1) + cols, return_counts=True)
    return code // max(width, 1), code % max(width, 1), count.astype(float)


class _Block(NamedTuple):
    """One feature block of a story's distinct texts, in CSR order (rows, then columns)."""

    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    width: int


def _tfidf_block(rows, cols, counts, width: int, n_texts: int, multiplicity: np.ndarray, n: int) -> _Block:
    """:func:`_tfidf_from_counts` on a count matrix given by its distinct-text rows: document
    frequencies count each unit (a text told by ``multiplicity`` units counts that often); the
    l2 norm of a row is summed in column order, as sklearn's row normaliser sums it."""
    if not width:
        return _Block(rows, cols, counts, 0)
    vals = 1.0 + np.log(counts)
    df = np.bincount(cols, weights=multiplicity[rows], minlength=width)
    vals *= (np.log((1.0 + n) / (1.0 + df)) + 1.0)[cols]
    norm = np.sqrt(np.bincount(rows, weights=vals * vals, minlength=n_texts))  # sequential sums
    vals /= norm[rows]
    return _Block(rows, cols, vals, width)


def _gram_block(texts_of: np.ndarray, word_cols: np.ndarray, vocab: list[str], n_texts: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Character 3-5-gram counts (sklearn's ``char_wb``) of texts whose content words are
    ``vocab[word_cols[k]]``, told by text ``texts_of[k]`` (sorted): :func:`_char_counts` without
    the token lists, as (row, column, count) in CSR order."""
    indptr = np.zeros(n_texts + 1, dtype=np.int64)
    np.cumsum(np.bincount(texts_of, minlength=n_texts), out=indptr[1:])
    # (repeated words and n-grams stay separate entries: the product adds them up)
    W = _csr(np.ones(len(word_cols)), word_cols, indptr, (n_texts, len(vocab)))
    C = _char_counts_of(W, vocab)
    # to CSC and back: each conversion is one pass that leaves the indices sorted
    C = C.tocsc().tocsr()
    rows = np.repeat(np.arange(n_texts, dtype=np.int64), np.diff(C.indptr))
    return rows, C.indices.astype(np.int64), C.data, C.shape[1]


class _TextBlocks(NamedTuple):
    """The TF-IDF blocks of a story's units (:func:`_text_blocks`), kept per distinct text."""

    text_of: np.ndarray  # index of each unit's distinct text
    blocks: tuple  # _Block: word, char, names, keys
    keys: list | None  # lexical keys of each distinct text (a frozenset), when asked for


def _text_blocks(texts: Sequence[str], groups: dict[str, str], *, words: Sequence[list[str]] | None = None,
                 key_sets: bool = False) -> _TextBlocks:
    """Word, character n-gram, name and lexical-key blocks of ``texts`` (a story's units), the
    same numbers as :func:`_token_lists`, :func:`_counts`, :func:`_char_counts`,
    :func:`_tfidf_from_counts` and :func:`_lexical_keys` unit by unit, built once per distinct
    text with one tokenisation and numpy over the story's tokens (each distinct word is looked at
    once). Columns are numbered by first appearance, as those number them, so that every row's
    entries, and so every sum over them, come in the same order. ``words``: each text's
    ``_WORD`` matches with "’" read as "'", when the caller has them (:func:`_unit_cuts`)."""
    n = len(texts)
    text_of, distinct = _ids(list(texts))
    if words is None:
        raw = [_WORD.findall(t.replace("’", "'")) for t in distinct]
    else:
        raw = list(dict(zip(texts, words)).values())  # (a repeated text has the same words)
    m = len(distinct)
    multiplicity = np.bincount(text_of, minlength=m).astype(float)
    lens = np.fromiter(map(len, raw), dtype=np.int64, count=m)
    rid, rwords = _ids(list(chain.from_iterable(raw)))
    tok_text = np.repeat(np.arange(m, dtype=np.int64), lens)
    lower = list(map(str.lower, rwords))
    nr = len(rwords)
    joined = "".join(distinct)
    if joined.isascii() or _lowercase_keeps_words(set(_NON_ASCII.findall(joined))):
        # the folded words are the raw words lower-cased: one tokenisation serves both
        r2f, fwords = _ids(lower)
        fid, ftext = r2f[rid], tok_text
    else:
        folded = [_WORD.findall(_fold(t)) for t in distinct]
        fid, fwords = _ids(list(chain.from_iterable(folded)))
        ftext = np.repeat(np.arange(m, dtype=np.int64), np.fromiter(map(len, folded), dtype=np.int64, count=m))
        r2f = None
    nf = len(fwords)
    stop = np.fromiter(map(ENGLISH_STOP_WORDS.__contains__, fwords), dtype=bool, count=nf)
    group_of = list(map(groups.get, fwords))
    grouped = np.fromiter(map(operator.is_not, group_of, itertools.repeat(None)), dtype=bool, count=nf)
    group_id, _ = _ids([g for g in group_of if g is not None])
    gid = np.full(nf, -1, dtype=np.int64)
    gid[grouped] = nf + group_id

    # words: each content word, then its paraphrase group token ("~lift") if it has one
    content = ~stop[fid]
    cf, ct = fid[content], ftext[content]
    seq = np.column_stack([cf, gid[cf]]).ravel()
    seq_text = np.repeat(ct, 2)
    keep = seq >= 0
    seq, seq_text = seq[keep], seq_text[keep]
    cols, order = _first_appearance(seq)
    word = _tfidf_block(*_row_counts(seq_text, cols, len(order)), len(order), m, multiplicity, n)

    # character n-grams of the content words
    cols, order = _first_appearance(cf)
    char = _tfidf_block(*_gram_block(ct, cols, [fwords[k] for k in order.tolist()], m), m, multiplicity, n)

    # names and numbers
    found = [_NAME_SCAN.findall(t) for t in distinct]
    mid, matches = _ids(list(chain.from_iterable(found)))
    name_tok = list(map(_name_token, matches))
    # the distinct matches come in order of first appearance, so their tokens numbered in that
    # order are numbered by first appearance in the text too
    named = np.fromiter(map(operator.is_not, name_tok, itertools.repeat(None)), dtype=bool, count=len(name_tok))
    tok_id, name_vocab = _ids([t for t in name_tok if t is not None])
    token_of = np.full(len(name_tok), -1, dtype=np.int64)
    token_of[named] = tok_id
    nid = token_of[mid]
    kept = nid >= 0
    ntext = np.repeat(np.arange(m, dtype=np.int64), np.fromiter(map(len, found), dtype=np.int64, count=m))[kept]
    names = _tfidf_block(*_row_counts(ntext, nid[kept], len(name_vocab)), len(name_vocab), m, multiplicity, n)

    # lexical keys (:func:`_lexical_keys`): content words that are not names or numbers, cut
    # to five characters, or their paraphrase group
    first_char = list(map(operator.itemgetter(0), rwords))
    if r2f is not None:
        # each folded word's key once (a raw word's first character is a digit when its
        # lower-cased one is)
        kw, kstop, kgroup, to_key = fwords, stop, group_of, r2f
    else:
        kw, kgroup, to_key = lower, list(map(groups.get, lower)), None
        kstop = np.fromiter(map(ENGLISH_STOP_WORDS.__contains__, lower), dtype=bool, count=nr)
    nw = len(kw)
    is_key = ~(np.fromiter(map(str.isdigit, map(operator.itemgetter(0), kw)), dtype=bool, count=nw) | kstop
               | (np.fromiter(map(len, kw), dtype=np.int64, count=nw) < 3))
    cand = np.flatnonzero(is_key).tolist()
    kid_of, key_names = _ids([kw[k][:5] if kgroup[k] is None else "~" + kgroup[k] for k in cand])
    kid = np.full(nw, -1, dtype=np.int64)
    kid[cand] = kid_of
    if to_key is not None:
        kid = kid[to_key]
    cap = np.fromiter(map(str.isupper, first_char), dtype=bool, count=nr)[rid]
    starts = np.cumsum(lens) - lens
    first_word = np.arange(len(rid)) == starts[tok_text]
    # headlines are in title case: capitals there do not mark names
    names_capitalised = np.bincount(tok_text, weights=cap, minlength=m) * 2 <= lens
    kt = kid[rid]
    keep = (kt >= 0) & ~(cap & ~first_word & names_capitalised[tok_text])
    nk = len(key_names)
    rank = np.empty(nk, dtype=np.int64)
    rank[sorted(range(nk), key=key_names.__getitem__)] = np.arange(nk)
    by_rank = np.argsort(rank)
    code = np.unique(tok_text[keep] * max(nk, 1) + rank[kt[keep]])  # each text's keys, sorted
    krow, kkey = code // max(nk, 1), by_rank[code % max(nk, 1)]
    kcol, order = _first_appearance(kkey)
    width = len(order)
    krow, kcol, kval = _row_counts(krow, kcol, width)
    if width:
        df = np.bincount(kcol, weights=multiplicity[krow], minlength=width)
        kval = np.sqrt((np.log((1.0 + n) / (1.0 + df)) + 1.0) / _IDF_SCALE)[kcol]
    keys = None
    if key_sets:
        split = np.cumsum(np.bincount(krow, minlength=m))[:-1]
        keys = [frozenset(map(key_names.__getitem__, ks)) for ks in np.split(kkey, split)] if m else []
    return _TextBlocks(text_of, (word, char, names, _Block(krow, kcol, kval, width)), keys)


def _assemble(tb: _TextBlocks, parts: Sequence[int], scales: Sequence[float] | None = None,
              extra: np.ndarray | None = None, *, distinct: bool = False) -> sp.csr_matrix:
    """The unit rows of the blocks ``parts`` of ``tb`` side by side (each block's values times
    its scale), plus an optional last column ``extra`` (its zeros not stored); with
    ``distinct``, one row per distinct text instead (and no ``extra``)."""
    m = int(tb.text_of.max()) + 1 if len(tb.text_of) else 0
    blocks = []
    for k, part in enumerate(parts):
        b = tb.blocks[part]
        indptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(np.bincount(b.rows, minlength=m), out=indptr[1:])
        blocks.append(_csr(b.vals if scales is None else b.vals * scales[k], b.cols, indptr, (m, b.width)))
    # (scipy puts CSR blocks side by side row by row, in C)
    X = sp.hstack(blocks, format="csr") if blocks else _csr(np.zeros(0), np.zeros(0), np.zeros(m + 1), (m, 0))
    if distinct:
        return X
    return _unit_rows(X.indptr, X.indices, X.data, X.shape[1], tb.text_of, extra)


def _unit_rows(indptr: np.ndarray, cols: np.ndarray, vals: np.ndarray, width: int, text_of: np.ndarray,
               extra: np.ndarray | None = None) -> sp.csr_matrix:
    """The CSR matrix whose row ``i`` is the row ``text_of[i]`` of the CSR arrays given, plus an
    optional last column ``extra`` (its zeros not stored)."""
    n, m = len(text_of), len(indptr) - 1
    lengths = np.diff(indptr)[text_of]
    unit_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=unit_ptr[1:])
    if m != n or not np.array_equal(text_of, np.arange(n)):
        gather = np.repeat(indptr[:-1][text_of] - unit_ptr[:-1], lengths) + np.arange(unit_ptr[-1])
        cols, vals = cols[gather], vals[gather]
    if extra is not None:
        flag = np.flatnonzero(extra)
        # one more entry at the end of each flagged row
        at = unit_ptr[1:][flag]
        cols = np.insert(cols, at, width)
        vals = np.insert(vals, at, extra[flag])
        unit_ptr = unit_ptr + np.concatenate([[0], np.cumsum(extra != 0)])
        width += 1
    return _csr(vals, cols, unit_ptr, (n, width))


def unit_vectors(texts: Sequence[str], params: FactParams | None = None, *, lead: Sequence[bool] | None = None
                 ) -> sp.csr_matrix:
    """Rows whose dot products are ``w_word * cos_word + w_char * cos_char + w_names *
    cos_names`` (weights normalised to sum to one), fitted on ``texts`` only, plus
    ``lead_bonus`` for two units that are both flagged in ``lead`` (their version's headline and
    lede state the story's main fact: the inverted pyramid of news writing).

    Without the bonus, rows have unit norm (or are zero when a text has no tokens).
    """
    return _weighted_vectors(_text_blocks(texts, _paraphrases()), params or FactParams(), lead)


def _weighted_vectors(tb: _TextBlocks, p: FactParams, lead: Sequence[bool] | None) -> sp.csr_matrix:
    """:func:`unit_vectors` from the story's text blocks."""
    total = p.w_word + p.w_char + p.w_names
    parts, scales = [], []
    for k, weight in enumerate((p.w_word, p.w_char, p.w_names)):
        if weight > 0 and tb.blocks[k].width:
            parts.append(k)
            scales.append(np.sqrt(weight / total))
    extra = np.asarray(lead, dtype=float) * np.sqrt(p.lead_bonus) if lead is not None and p.lead_bonus > 0 else None
    if not parts and extra is None:
        return sp.csr_matrix((len(tb.text_of), 0))
    return _assemble(tb, parts, scales, extra)


def embedding_vectors(texts: Sequence[str], params: FactParams | None = None, *, encoder=None,
                      lead: Sequence[bool] | None = None):
    """Unit vectors for ``backend="embeddings"``: dot products are ``w_embed * cos_embed +
    (1 - w_embed) * tfidf`` (the :func:`unit_vectors` similarity), where ``cos_embed`` is the
    cosine of sentence embeddings after removing ``center`` of the story's mean embedding
    (:func:`framing.compare.embeddings.center`).

    Dense when ``w_embed`` is 1, else sparse (the embedding columns stacked on the TF-IDF ones).
    """
    from .embeddings import center, embed

    p = params or FactParams()
    E = center(embed(texts, encoder=encoder), p.center)
    if p.w_embed >= 1:
        return E
    T = unit_vectors(texts, p, lead=lead)
    return sp.hstack([sp.csr_matrix(E * np.sqrt(p.w_embed)), T * np.sqrt(1 - p.w_embed)], format="csr")


# --------------------------------------------------------------------------- learned pair scorer

#: Features of a pair of units from two different versions, in the model file's order. All are
#: inner products of per-unit rows or sums of per-unit terms, so a whole block of pair scores is
#: one sparse product plus a small dense one (see :class:`PairScorer`):
#:
#: ``word``, ``char``, ``names``: the three TF-IDF cosines of :func:`unit_vectors`;
#: ``shared_idf``: sum of the (story) idf of the lexical keys the two share, over 5 (one rare
#: shared word is about 1; :func:`_lexical_keys`); ``lead5``, ``lead2``, ``head``: both units sit
#: in the first 5 / 2 / 1 kept sentences of their versions; ``pos2``: squared difference of their
#: relative positions (0 = first sentence, 1 = last); ``lrsum``: log(1 + rank) of one plus that of
#: the other (rank: index of the sentence among the version's kept sentences); ``lr2``: squared
#: difference of the two log(1 + rank).
CROSS_FEATURES = ("word", "char", "names", "shared_idf", "lead5", "lead2", "head", "pos2", "lrsum", "lr2")
#: Features of a pair of units of one version (a restatement: headline and lede, a quote and its
#: paraphrase): the cross features plus ``same_paragraph`` and ``adjacent`` (consecutive kept
#: sentences). Two clauses of one sentence never score (they were split to tell two facts).
WITHIN_FEATURES = CROSS_FEATURES + ("same_paragraph", "adjacent")
_LEAD_LONG, _LEAD_SHORT = 5, 2
_IDF_SCALE = 5.0
PAIR_MODEL_PATH = Path(str(resources.files("framing").joinpath("data/fact_pair_model.json")))


class PairModel(NamedTuple):
    """Logistic regression coefficients of :class:`PairScorer` (one model for pairs of units
    from two versions, one for pairs within a version), as read from the model file."""

    cross: tuple[float, ...]  # in CROSS_FEATURES order
    cross_intercept: float
    within: tuple[float, ...]  # in WITHIN_FEATURES order
    within_intercept: float
    source: str


@lru_cache(maxsize=4)
def load_pair_model(path: str | Path | None = None) -> PairModel:
    """The pair model shipped in ``framing/data/fact_pair_model.json`` (or the file at ``path``).

    The file is written by ``analyses/facts_pair_model.py`` (trained on the BASIL development
    gold only; its ``source`` and ``training`` fields say how). Its feature names must be the
    ones this module computes, in the same order.

    Parameters
    ----------
    path : str or Path, optional
        Another model file in the same format.

    Returns
    -------
    PairModel

    Raises
    ------
    ValueError
        If the file's features differ from :data:`CROSS_FEATURES` / :data:`WITHIN_FEATURES`.
    """
    import json

    path = PAIR_MODEL_PATH if path is None else Path(path)
    d = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for part, names in (("cross", CROSS_FEATURES), ("within", WITHIN_FEATURES)):
        m = d[part]
        if tuple(m["features"]) != names or len(m["coef"]) != len(names):
            raise ValueError(f"{path}: the {part} model's features {m['features']} are not {list(names)}")
        out += [tuple(float(c) for c in m["coef"]), float(m["intercept"])]
    return PairModel(*out, source=str(d.get("source", "")))


class _UnitFeatures(NamedTuple):
    text: sp.csr_matrix  # [word | char | names | keys] TF-IDF blocks, unit rows
    widths: tuple[int, int, int, int]  # column counts of the four blocks
    dense: np.ndarray  # (n, 5): lead5, lead2, head, position, log(1 + rank)
    paragraph: np.ndarray
    rank: np.ndarray
    sentence: np.ndarray  # sent_id
    distinct: sp.csr_matrix  # the rows of the distinct texts: text == distinct[text_of]
    text_of: np.ndarray


def _unit_features(units: Sequence[FactUnit], tb: _TextBlocks | None = None) -> _UnitFeatures:
    """Per-unit rows from which every pair feature is an inner product or a sum (``tb``: the
    units' text blocks, when the caller has built them)."""
    n = len(units)
    tb = _text_blocks([u.text for u in units], _paraphrases()) if tb is None else tb
    rank = np.fromiter((u.rank for u in units), dtype=np.int64, count=n)
    position = np.fromiter((u.position for u in units), dtype=float, count=n)
    dense = np.column_stack([rank < _LEAD_LONG, rank < _LEAD_SHORT, rank == 0, position, np.log1p(rank)]).astype(float)
    if n:
        distinct = _assemble(tb, (0, 1, 2, 3), distinct=True)
        text = distinct if distinct.shape[0] == n else \
            _unit_rows(distinct.indptr, distinct.indices, distinct.data, distinct.shape[1], tb.text_of)
    else:
        distinct = text = sp.csr_matrix((0, 0))
    return _UnitFeatures(text, tuple(b.width for b in tb.blocks), dense.reshape(n, 5),
                         np.fromiter((u.paragraph for u in units), dtype=np.int64, count=n), rank,
                         np.fromiter((u.sent_id for u in units), dtype=np.int64, count=n), distinct, tb.text_of)


def pair_features(units: Sequence[FactUnit], i: Sequence[int], j: Sequence[int]) -> np.ndarray:
    """The pair features of the unit pairs ``(i[k], j[k])`` of one story.

    This is what ``analyses/facts_pair_model.py`` trains on; :class:`PairScorer` computes the same
    numbers blockwise (a test checks that they agree).

    Parameters
    ----------
    units : sequence of FactUnit
        All units of the story (:func:`fact_units`): the TF-IDF and idf are fitted on all of them.
    i, j : sequence of int
        Indices into ``units``, one pair per position.

    Returns
    -------
    ndarray
        One row per pair, one column per name in :data:`WITHIN_FEATURES` (the first
        ``len(CROSS_FEATURES)`` columns are the cross features).
    """
    f = _unit_features(units)
    i, j = np.asarray(i, dtype=np.int64), np.asarray(j, dtype=np.int64)
    cols = []
    edges = np.cumsum((0,) + f.widths)
    for a, b in zip(edges[:-1], edges[1:]):
        M = f.text[:, a:b].tocsr()
        cols.append(np.asarray(M[i].multiply(M[j]).sum(axis=1)).ravel() if len(i) else np.zeros(0))
    d = f.dense
    cols += [d[i, 0] * d[j, 0], d[i, 1] * d[j, 1], d[i, 2] * d[j, 2], (d[i, 3] - d[j, 3]) ** 2,
             d[i, 4] + d[j, 4], (d[i, 4] - d[j, 4]) ** 2,
             (f.paragraph[i] == f.paragraph[j]).astype(float), (np.abs(f.rank[i] - f.rank[j]) == 1).astype(float)]
    return np.column_stack(cols) if len(i) else np.zeros((0, len(WITHIN_FEATURES)))


class PairScorer:
    """Probability that two fact units state the same fact: a logistic regression over
    :data:`CROSS_FEATURES` for units of two versions and over :data:`WITHIN_FEATURES` for two
    units of one version (:class:`PairModel`); two clauses of one sentence score 0.

    Every cross feature is an inner product of per-unit rows or a sum of per-unit terms, so the
    logits of a block of pairs are one sparse product (the TF-IDF blocks, the right-hand side
    scaled by the coefficients), plus rank-one products and per-unit terms. When units repeat
    (wire copy) the sparse product runs over the distinct texts' rows only and is gathered (a
    row's sums do not depend on the other rows). The within-version logits are computed once
    per story, all versions in one sparse product. :meth:`full` computes the whole matrix in row
    blocks that stay in the cache; :func:`align_units` reads it instead of ``X @ X.T``.

    Parameters
    ----------
    units : sequence of FactUnit
        One story's units, the units of a version contiguous (as :func:`fact_units` returns them).
    groups : sequence of int
        The version of each unit.
    model : PairModel, optional
        Default: :func:`load_pair_model`.
    _blocks : optional
        Internal: the units' text blocks when :func:`compare_facts` has built them already.
    """

    def __init__(self, units: Sequence[FactUnit], groups: Sequence[int], model: PairModel | None = None, *,
                 _blocks: _TextBlocks | None = None):
        self.model = m = model or load_pair_model()
        self.features = f = _unit_features(units, _blocks)
        self.groups = g = np.asarray(groups, dtype=np.int64)
        n = len(units)
        self.shape = (n, n)
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]]) if n else np.zeros(0, dtype=np.int64)
        ends = np.r_[starts[1:], n].astype(np.int64)
        if len(set(g[starts].tolist())) != len(starts):
            raise ValueError("the units of one version must be contiguous")
        self._ranges = list(zip(starts.tolist(), ends.tolist()))
        self._version = np.repeat(np.arange(len(starts)), ends - starts)
        # cross model: left text rows, right text rows scaled, dense left/right, per-unit terms
        text = f.text
        self._inv = None
        if f.distinct.shape[0] < n and n >= _SCORER_DEDUP_MIN:
            # (units with one text have one row: the product over the distinct texts' rows)
            text, self._inv = f.distinct, f.text_of
        self._left = text
        self._right_t, self._own, self._outer, self._flags = self._terms(text, m.cross, m.cross_intercept)
        self._flagged = [np.flatnonzero(flag) for flag, _ in self._flags]
        self._within = self._within_blocks()
        self._full: np.ndarray | None = None

    def _terms(self, text, coef: Sequence[float], intercept: float) -> tuple:
        """(right-hand text rows, transposed; per-unit terms; the two rank-one factors of the
        squared differences; the lead flags with their coefficients)."""
        f = self.features
        w = np.repeat(np.asarray(coef[:4], dtype=float), f.widths)
        right = _csr(text.data * w[text.indices], text.indices, text.indptr, text.shape)  # columns scaled
        d = f.dense
        c5, c2, ch, cp, cr, cr2 = coef[4:10]
        # (x_i - x_j)^2 = x_i^2 + x_j^2 - 2 x_i x_j: the squares go to the per-unit terms
        own = cp * d[:, 3] ** 2 + cr * d[:, 4] + cr2 * d[:, 4] ** 2 + intercept / 2
        outer = ((d[:, 3], -2 * cp * d[:, 3]), (d[:, 4], -2 * cr2 * d[:, 4]))
        flags = ((d[:, 0] > 0, c5), (d[:, 1] > 0, c2), (d[:, 2] > 0, ch))
        return right.T.tocsr(), own, outer, flags

    def _within_blocks(self) -> list[np.ndarray]:
        """Logits of every pair of units of one version (one square block per version)."""
        f, m = self.features, self.model
        if not self._ranges:
            return []
        sizes = np.array([b - a for a, b in self._ranges], dtype=np.int64)
        offsets = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes * sizes, out=offsets[1:])
        # every (i, j) of one version, version by version, row by row: vals[k] is (I[k], J[k])
        n = len(f.rank)
        per_unit = sizes[self._version]  # the size of each unit's version
        starts = np.repeat(np.array([a for a, _ in self._ranges], dtype=np.int64), sizes)  # its first unit
        row_begin = offsets[:-1][self._version] + (np.arange(n) - starts) * per_unit
        I = np.repeat(np.arange(n), per_unit)
        J = np.arange(len(I)) - np.repeat(row_begin, per_unit) + starts[I]
        vals = np.zeros(len(I))
        text = f.text
        if text.shape[1]:
            # All versions in one product: each version's columns are moved to a range of their
            # own, so a unit meets only its own version's units. A pair's sum runs over the same
            # terms in the same order as in the version's own product.
            w = np.repeat(np.asarray(m.within[:4], dtype=float), f.widths)
            shift = np.repeat(self._version * text.shape[1], np.diff(text.indptr))
            left = _csr(text.data, text.indices + shift, text.indptr, (text.shape[0], text.shape[1] * len(sizes)))
            right = _csr(text.data * w[text.indices], left.indices, left.indptr, left.shape)
            P = (left @ right.T).tocsr()
            rows = np.repeat(np.arange(P.shape[0]), np.diff(P.indptr))
            v = self._version[rows]
            at = offsets[v] + (rows - starts[rows]) * sizes[v] + (P.indices - starts[rows])
            vals[at] = P.data
        d = f.dense
        c5, c2, ch, cp, cr, cr2, cpara, cadj = m.within[4:]
        vals += (c5 * d[I, 0] * d[J, 0] + c2 * d[I, 1] * d[J, 1] + ch * d[I, 2] * d[J, 2] + cp * (d[I, 3] - d[J, 3]) ** 2
                 + cr * (d[I, 4] + d[J, 4]) + cr2 * (d[I, 4] - d[J, 4]) ** 2
                 + cpara * (f.paragraph[I] == f.paragraph[J]) + cadj * (np.abs(f.rank[I] - f.rank[J]) == 1)
                 + m.within_intercept)
        vals[f.sentence[I] == f.sentence[J]] = -np.inf  # two clauses of one sentence (and a unit with itself)
        return [vals[lo:hi].reshape(k, k) for lo, hi, k in zip(offsets[:-1].tolist(), offsets[1:].tolist(), sizes.tolist())]

    def logits(self, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """Logits of the pairs ``rows x cols`` (index arrays; ``cols=None``: all units)."""
        rows = np.asarray(rows, dtype=np.int64)
        n = self.shape[0]
        all_cols = cols is None
        cols = np.arange(n) if all_cols else np.asarray(cols, dtype=np.int64)
        if self._left.shape[1]:
            if self._inv is None:
                T = (self._left[rows] @ (self._right_t if all_cols else self._right_t[:, cols])).toarray()
            else:
                r0 = np.unique(self._inv[rows])
                c0 = np.unique(self._inv[cols])
                T0 = (self._left[r0] @ self._right_t[:, c0]).toarray()
                T = T0[np.ix_(np.searchsorted(r0, self._inv[rows]), np.searchsorted(c0, self._inv[cols]))]
        else:
            T = np.zeros((len(rows), len(cols)))
        # the dense features without a BLAS product (no threads): per-unit terms, two rank-one
        # products, and the lead flags (a few units per version) added on their sub-blocks
        T += self._own[rows, None]
        T += self._own[None, cols]
        for left, right in self._outer:
            T += np.multiply.outer(left[rows], right[cols])
        for flag, coef in self._flags:
            r, c = np.flatnonzero(flag[rows]), np.flatnonzero(flag[cols])
            if len(r) and len(c):
                T[np.ix_(r, c)] += coef
        # within-version pairs: the within model
        v_r, v_c = self._version[rows], self._version[cols]
        for v in np.intersect1d(v_r, v_c).tolist():
            r = np.flatnonzero(v_r == v)
            c = np.flatnonzero(v_c == v)
            a = self._ranges[v][0]
            T[np.ix_(r, c)] = self._within[v][np.ix_(rows[r] - a, cols[c] - a)]
        return T

    def _range_logits(self, lo: int, hi: int, T0: np.ndarray | None = None, out: np.ndarray | None = None
                      ) -> np.ndarray:
        """:meth:`logits` of the rows ``lo:hi`` against all units, with slices where
        :meth:`logits` indexes (the same numbers, added in the same order). ``T0``: when units
        repeat, the text logits of the distinct rows against all units (else computed here)."""
        n = self.shape[0]
        if self._left.shape[1] and self._inv is None:
            T = (self._left[lo:hi] if (lo, hi) != (0, n) else self._left) @ self._right_t
            T = T.toarray(out=out)
        elif self._left.shape[1]:
            rows = self._inv[lo:hi]
            if T0 is None:
                r0 = np.unique(rows)
                T0 = (self._left[r0] @ self._right_t).toarray()[:, self._inv]
                rows = np.searchsorted(r0, rows)
            T = T0[rows]  # (a new array: the caller's ``out`` is not needed)
        else:
            T = np.zeros((hi - lo, n)) if out is None else out
            T[:] = 0.0
        T += self._own[lo:hi, None]
        T += self._own[None, :]
        for left, right in self._outer:
            T += np.multiply.outer(left[lo:hi], right)
        for (flag, coef), c in zip(self._flags, self._flagged):
            r = np.flatnonzero(flag[lo:hi])
            if len(r) and len(c):
                T[np.ix_(r, c)] += coef
        for v in range(self._version[lo], self._version[hi - 1] + 1) if hi > lo else ():
            a, b = self._ranges[v]
            r_lo, r_hi = max(a, lo), min(b, hi)
            T[r_lo - lo : r_hi - lo, a:b] = self._within[v][r_lo - a : r_hi - a]
        return T

    def probabilities(self, rows: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """Probabilities of the pairs ``rows x cols`` (``cols=None``: all units)."""
        from scipy.special import expit

        L = self.logits(rows, cols)
        return expit(L, out=L)

    def full(self) -> np.ndarray:
        """The whole probability matrix, computed once and kept (read-only) for :meth:`sub`."""
        from scipy.special import expit

        if self._full is None:
            n = self.shape[0]
            self._full = full = np.empty((n, n))
            T0 = None
            if self._inv is not None and self._left.shape[1]:
                # the distinct rows' text logits, once, against every unit
                T0 = (self._left @ self._right_t).toarray()[:, self._inv]
            # row blocks small enough to stay in the cache while their terms are added
            step = max(1, min(n, _FULL_ROWS // max(n, 1)))
            for lo in range(0, n, step):
                hi = min(n, lo + step)
                expit(self._range_logits(lo, hi, T0, out=full[lo:hi] if T0 is None else None), out=full[lo:hi])
            full.flags.writeable = False
        return self._full

    def block(self, lo: int, hi: int) -> np.ndarray:
        """Rows ``lo:hi`` of the probability matrix (a new array)."""
        from scipy.special import expit

        if self._full is not None:
            return self._full[lo:hi].copy()
        L = self._range_logits(lo, hi)
        return expit(L, out=L)

    def sub(self, idx: Sequence[int]) -> np.ndarray:
        """The probability matrix among the units ``idx``."""
        idx = np.asarray(idx, dtype=np.int64)
        if self._full is not None:
            return self._full[np.ix_(idx, idx)]
        return self.probabilities(idx, idx)


# --------------------------------------------------------------------------- alignment

# Up to this many units, the dense similarity matrix is kept whole (3000 units: 72 MB).
_FULL_MAX = 3000
# PairScorer.full computes its rows in blocks of about this many entries (256 KB).
_FULL_ROWS = 1 << 15
# PairScorer multiplies the distinct texts' rows only (and gathers) whenever texts repeat, from
# this many units on (a test sets it high to compare with the direct product).
_SCORER_DEDUP_MIN = 0
# From this many units on, identical unit vectors (the same clause carried by several versions:
# wire copy) are compared once: the product is over distinct rows only, and each unit's row is
# gathered from it (the same floats: a row's products do not depend on the other rows). Below
# it (five versions: ~100 units) the direct product is as fast.
_DEDUP_MIN = 400


def _distinct_rows(X) -> tuple[object, np.ndarray]:
    """(the distinct rows of ``X`` in order of first appearance, index of each row's distinct
    row). Rows count as identical when their stored indices and values are identical."""
    n = X.shape[0]
    if sp.issparse(X):
        X = X.tocsr()
        ind, dat, ptr = X.indices, X.data, X.indptr.tolist()
        keys = [ind[a:b].tobytes() + dat[a:b].tobytes() for a, b in zip(ptr[:-1], ptr[1:])]
    else:
        keys = [r.tobytes() for r in np.ascontiguousarray(X)]
    ids: dict[bytes, int] = {}
    inv = np.fromiter((ids.setdefault(k, len(ids)) for k in keys), dtype=np.int64, count=n)
    _, first = np.unique(inv, return_index=True)
    return X[first], inv


class _Gathered:
    """The n x n similarity of units read from the m x m similarity of their distinct rows:
    ``G[i]`` is row ``i``, ``G[i, cols]`` its entries at ``cols`` (what align_units reads)."""

    def __init__(self, S0: np.ndarray, inv: np.ndarray):
        self.S0, self.inv = S0, inv

    def __getitem__(self, key):
        if isinstance(key, tuple):
            i, cols = key
            return self.S0[self.inv[i], self.inv[cols]]
        return self.S0[self.inv[key]][self.inv]


def _similarity_block(X, XT, lo: int, hi: int) -> np.ndarray:
    S = X[lo:hi] @ XT
    return S.toarray() if sp.issparse(S) else np.asarray(S, dtype=float)


def _candidate_edges(X, groups: np.ndarray, p: FactParams, floor: float):
    """Top ``n_neighbors`` neighbours of each unit among other versions' units (and near repeats
    within its own version), as arrays (similarity, i, j) with i < j, strongest first (ties by
    i, then j); one sparse product per block of ``block_size`` rows, all selection vectorised.
    Also returns the full similarity matrix when ``n <= _FULL_MAX`` (else None), so that the
    clustering does not compute it again: a dense array, or a :class:`_Gathered` view of the
    distinct rows' similarity when units repeat (``n >= _DEDUP_MIN``)."""
    n = X.shape[0]
    k = min(p.n_neighbors, n - 1)
    full = None
    blocks: list[np.ndarray] = []
    if k <= 0:
        return np.zeros(0), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), full
    S0 = inv = None
    scorer = X if isinstance(X, PairScorer) else None
    scored = scorer.full() if scorer is not None and n <= _FULL_MAX else None
    if scorer is None and n >= _DEDUP_MIN:
        X0, inv = _distinct_rows(X)
        if X0.shape[0] <= _FULL_MAX and X0.shape[0] < n:
            S0 = _similarity_block(X0, X0.T.tocsc() if sp.issparse(X0) else X0.T, 0, X0.shape[0])
            full = _Gathered(S0, inv)
    XT = None if scorer is not None else X.T.tocsc() if sp.issparse(X) and S0 is None else X.T
    rep_floor = min(p.repeat_threshold, p.attach_self)
    I, J, V = [], [], []
    for lo in range(0, n, p.block_size):
        hi = min(n, lo + p.block_size)
        if scorer is not None:
            S = scored[lo:hi].copy() if scored is not None else scorer.block(lo, hi)
        elif S0 is not None:
            S = S0[inv[lo:hi]][:, inv]
        else:
            S = _similarity_block(X, XT, lo, hi)
            if n <= _FULL_MAX:
                blocks.append(S.copy())
        rows = np.arange(lo, hi)
        S[rows - lo, rows] = -1.0  # self
        same = groups[lo:hi, None] == groups[None, :]
        S[same & (S < rep_floor)] = -1.0
        if n < _DEDUP_MIN:
            top = np.argpartition(-S, k - 1, axis=1)[:, :k]
            vals = np.take_along_axis(S, top, axis=1)
            ii = np.repeat(rows, top.shape[1])
            jj = top.ravel()
            vv = vals.ravel()
            keep = (vv >= floor) & (ii != jj)
            I.append(ii[keep]), J.append(jj[keep]), V.append(vv[keep])
            continue
        # The same edges without a partition of every row: a row with at most k entries above
        # the floor keeps them all (they are its top k); only the others are partitioned, whole,
        # so ties at the k-th value are broken as above. Edges stay in row order (np.unique
        # below keeps an edge's value as found from its lower end, as above).
        above = S >= floor
        count = above.sum(axis=1)
        r, c = np.nonzero(above)
        light = count[r] <= k
        ii, jj = r[light], c[light]
        if not light.all():
            hi_i, hi_j = _top_k_heavy(S, r[~light], c[~light], k)
            ii, jj = np.concatenate([ii, hi_i]), np.concatenate([jj, hi_j])
            order = np.argsort(ii, kind="stable")
            ii, jj = ii[order], jj[order]
        I.append(ii + lo), J.append(jj), V.append(S[ii, jj])
    i, j, v = np.concatenate(I), np.concatenate(J), np.concatenate(V)
    a, b = np.minimum(i, j), np.maximum(i, j)
    key = a.astype(np.int64) * n + b
    key, first = np.unique(key, return_index=True)  # an edge found from both ends: once
    a, b, v = a[first], b[first], v[first]
    order = np.lexsort((b, a, -v))
    if blocks:
        full = blocks[0] if len(blocks) == 1 else np.vstack(blocks)
    if scored is not None:
        full = scored
    return v[order], a[order], b[order], full


def _top_k_heavy(S: np.ndarray, r: np.ndarray, c: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` largest entries of each row of ``S`` that has more than ``k`` candidates
    ``(r, c)`` (its entries above the floor, in row order), as ``np.argpartition(-S[row], k - 1)``
    picks them: ranked among the candidates only (a few dozen per row, not the whole row); a
    row whose k-th and (k+1)-th largest are equal (a tie at the cut, where the partition's
    choice decides) is partitioned whole, as before."""
    v = S[r, c]
    o = np.lexsort((-v, r))  # by row, then largest first
    rows, start, count = np.unique(r, return_index=True, return_counts=True)
    vo = v[o]
    tie = vo[start + k - 1] == vo[start + k]
    pick = (start[~tie, None] + np.arange(k)).ravel()
    ii, jj = r[o[pick]], c[o[pick]]
    if tie.any():
        top = np.argpartition(-S[rows[tie]], k - 1, axis=1)[:, :k]
        ii = np.concatenate([ii, np.repeat(rows[tie], k)])
        jj = np.concatenate([jj, top.ravel()])
    return ii, jj


def _dense_similarity(X, ms: Sequence[int]) -> np.ndarray:
    """The similarity among the units ``ms`` (rows of ``X``, or of a :class:`PairScorer`)."""
    if isinstance(X, PairScorer):
        return X.sub(ms)
    Y = X[ms]
    return _similarity_block(Y, Y.T, 0, len(ms))


def align_units(X, groups: Sequence[int], params: FactParams | None = None, *,
                keys: Sequence[frozenset] | None = None) -> np.ndarray:
    """Cluster units into facts. Returns one cluster label per row of ``X`` (the index of the
    cluster's first unit, so labels are deterministic given the row order).

    Two passes over the sparse nearest-neighbour edges, strongest first:

    1. average-link merging at ``threshold``, a version contributing one unit to a fact (two
       groups sharing a version merge only at ``repeat_threshold``); an edge counts only when
       its two units share ``min_shared_words`` lexical keys (``keys``) besides names/numbers;
    2. the repeat pass: a unit still alone in its version's cluster (a headline, a lede, a quote
       restating what the version already said) joins a fact that already holds a unit of its
       version when its average similarity to the fact's units reaches ``attach_threshold`` or
       its similarity to that version's own unit in the fact reaches ``attach_self``.

    Average links are read from one dense similarity matrix per connected component of the
    candidate edges (clusters never leave their component), with each cluster's summed row
    kept up to date on merge: a link is one vector sum, not a sparse product.

    Parameters
    ----------
    X : sparse or dense matrix, or PairScorer
        Unit vectors (``X @ X.T`` is the similarity), or a :class:`PairScorer` (its
        probabilities are the similarity).
    groups : sequence of int
        The version of each unit (a version contributes one unit to a fact unless it repeats).
    keys : sequence of frozenset, optional
        Lexical keys of each unit (:func:`_lexical_keys`); no overlap constraint when omitted.
    """
    return _align(X, groups, params or FactParams(), keys)[0]


def _align(X, groups: Sequence[int], p: FactParams, keys: Sequence[frozenset] | None):
    """(:func:`align_units`, the whole similarity matrix when the neighbour search kept it, else
    None: a dense array or a :class:`_Gathered` view)."""
    from scipy.sparse.csgraph import connected_components

    groups = np.asarray(groups)
    n = X.shape[0]
    parent = list(range(n))
    if n == 0:
        return np.array([], dtype=int), None
    floor = min(p.threshold, p.attach_threshold, p.attach_self)
    sv, si, sj, full = _candidate_edges(X, groups, p, floor)
    need = p.min_shared_words if keys is not None else 0
    if need and len(sv):
        ok = np.array([len(keys[a] & keys[b]) >= need for a, b in zip(si.tolist(), sj.tolist())], dtype=bool)
        sv, si, sj = sv[ok], si[ok], sj[ok]
    edges = list(zip(sv.tolist(), si.tolist(), sj.tolist()))

    # Dense similarity: the whole matrix when it was kept, else one per connected component of
    # the candidate graph (memory: the largest component squared).
    if full is not None or n == 1:
        comp = np.zeros(n, dtype=np.int64)
        local = np.arange(n)
        sims: list = [full if full is not None else _dense_similarity(X, np.arange(n))]
    else:
        G = sp.coo_matrix((np.ones(len(si)), (si, sj)), shape=(n, n))
        n_comp, comp = connected_components(G, directed=False)
        local = np.zeros(n, dtype=np.int64)
        sims = [None] * n_comp
        comp_members: list[list[int]] = [[] for _ in range(n_comp)]
        for u in range(n):
            local[u] = len(comp_members[comp[u]])
            comp_members[comp[u]].append(u)
        for c, ms in enumerate(comp_members):
            if len(ms) > 1:
                sims[c] = _dense_similarity(X, ms)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    rowsum: dict[int, np.ndarray] = {}  # cluster root -> summed similarity rows (component-local)
    vers: dict[int, set] = {i: {int(g)} for i, g in enumerate(groups.tolist())}
    comp_of, local_of = comp.tolist(), local.tolist()  # (plain ints index faster, one unit at a time)

    def row(r: int) -> np.ndarray:
        if r not in rowsum:
            rowsum[r] = sims[comp_of[r]][local_of[r]].copy()
        return rowsum[r]

    at: dict[int, np.ndarray] = {}  # cluster root -> its members' component-local indices

    def link(ri: int, rj: int) -> float:
        a, b = members[ri], members[rj]
        if len(a) == 1 and len(b) == 1:  # two single units: their similarity (as the sum below)
            return float(sims[comp_of[ri]][local_of[ri], local_of[rj]])
        cols = at.get(rj)
        if cols is None:
            cols = at[rj] = local[b]
        if len(b) < 8:  # numpy sums fewer than 8 numbers one after the other, as sum() does
            return sum(row(ri)[cols].tolist()) / (len(a) * len(b))
        return float(row(ri)[cols].sum()) / (len(a) * len(b))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(ri: int, rj: int) -> None:
        root, other = (ri, rj) if ri < rj else (rj, ri)
        rowsum[root] = row(root) + row(other)
        rowsum.pop(other, None)
        parent[other] = root
        members[root] = sorted(members[root] + members.pop(other))
        at.pop(root, None), at.pop(other, None)
        vers[root] |= vers.pop(other)

    merge = max(p.repeat_threshold, p.merge_threshold)
    for s, i, j in edges:
        if s < p.threshold:
            break
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if not vers[ri] & vers[rj]:
            need = p.threshold
        elif len(vers[ri]) > 1 and len(vers[rj]) > 1:  # two facts told by several versions each
            need = merge
        else:  # a version's restatement joins a fact that holds the version already
            need = p.repeat_threshold
        if link(ri, rj) < need:
            continue
        union(ri, rj)

    # Repeat pass. Candidates come from each unit's own edges (no all-pairs search); a unit
    # joins the fact with the highest average similarity among those holding its version.
    if min(p.attach_threshold, p.attach_self) < 1:
        cands: dict[int, set[int]] = {}
        for s, i, j in edges:
            cands.setdefault(i, set()).add(j)
            cands.setdefault(j, set()).add(i)
        moves = []
        for u in range(n):
            ru = find(u)
            if len(vers[ru]) > 1 or u not in cands:
                continue
            S = sims[comp[u]]
            best, best_link = None, p.attach_threshold
            for r in sorted({find(j) for j in cands[u]} - {ru}):
                ms = members[r]
                if groups[u] not in vers[r] or len(vers[r]) < 2:
                    continue
                lm = local[ms]
                lk = float(S[local[u], lm].sum()) / len(ms)
                own = lm[groups[ms] == groups[u]]
                if float(S[local[u], own].max()) >= p.attach_self:
                    lk = max(lk, p.attach_threshold)  # the version repeats its own mention
                if lk >= best_link and (best is None or lk > best_link or r < best):
                    best, best_link = r, lk
            if best is not None:
                moves.append((u, best))
        # Decided on the first-pass facts, applied afterwards: the order of units does not matter.
        for u, r in moves:
            ru, rr = find(u), find(r)
            if ru != rr:
                union(ru, rr)
    return np.array([find(i) for i in range(n)]), full


# --------------------------------------------------------------------------- values

_MONTHS = ("january february march april may june july august september october november december").split()
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?![’']?s\b)")  # not decades ("1980s")
_RELATIVE_YEAR = re.compile(r"\b(last|this|next|past)\s+year\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


def mention_values(text: str, year: int | None = None) -> dict[str, frozenset]:
    """Years and other numbers stated in ``text``.

    ``"last year"``/``"this year"``/``"next year"`` are resolved against the publication
    ``year`` when it is known (otherwise left out).

    Returns
    -------
    dict
        ``{"year": frozenset of int, "number": frozenset of float}``; numbers exclude years.

    Examples
    --------
    >>> mention_values("Putin said last year, and 149 people died in March 2024", 2025)
    {'year': frozenset({2024}), 'number': frozenset({149.0})}
    """
    years, numbers = _values(text, year)
    return {"year": years, "number": numbers}


_DIGIT = re.compile(r"\d")


def _values(text: str, year: int | None) -> tuple[frozenset, frozenset]:
    """(years, numbers) of :func:`mention_values`."""
    digits = _DIGIT.search(text) is not None  # most clauses state no number: skip two scans
    years = {int(m.group(1)) for m in _YEAR.finditer(text)} if digits else set()
    if year is not None:
        offset = {"last": -1, "past": -1, "this": 0, "next": 1}
        # the case-insensitive pattern also matches "thıs" (dotless ı), "laſt" (long s):
        # not English, and lower-casing does not give a key
        years |= {year + offset[w] for m in _RELATIVE_YEAR.finditer(text) if (w := m.group(1).lower()) in offset}
    numbers = set()
    for m in (_NUMBER.finditer(text) if digits else ()):
        tok = m.group()
        if _YEAR.fullmatch(tok):
            continue
        numbers.add(float(tok.replace(",", "")))
    return frozenset(years), frozenset(numbers)


# Words of the values themselves ("in April this year"), not of the event: left out of the keys
# that decide whether two mentions state one event.
_TIME_KEYS = frozenset(w[:5] for w in _MONTHS) | {"year", "years", "last", "past", "this", "next", "month", "week",
                                                   "weeks", "day", "days", "today", "earli", "later"}


def _event_keys(text: str, groups: dict[str, str]) -> tuple[frozenset, frozenset]:
    """(the lexical keys of ``text`` without time words, its event groups): the keys of
    :func:`_lexical_keys` (content words that are not names or numbers, cut to five characters,
    or their paraphrase group) less the words of dates, and of them the paraphrase groups of
    ``lexicons/fact_paraphrases.tsv`` (state-change and reporting verbs: ``~lift``, ``~ban``,
    ``~seize`` ...)."""
    keys = _lexical_keys(text, groups) - _TIME_KEYS
    return keys, frozenset(k for k in keys if k.startswith("~"))


def _fact_events(keys: list[tuple[frozenset, frozenset]], outlets: list[str]) -> frozenset:
    """The event groups of a fact: those that mentions of two or more versions hold (``keys``:
    each mention's :func:`_event_keys`)."""
    seen: dict[str, set] = {}
    for (_, groups), outlet in zip(keys, outlets):
        for g in groups:
            seen.setdefault(g, set()).add(outlet)
    return frozenset(g for g, o in seen.items() if len(o) > 1)


def _comparable(a: tuple[frozenset, frozenset], b: tuple[frozenset, frozenset], events: frozenset) -> bool:
    """Whether two mentions of a fact (their :func:`_event_keys`) state the same event, so that
    different years or numbers in them disagree:

    * when the fact has event groups (``events``, :func:`_fact_events`), both mentions hold one:
      in a fact whose other mentions say the ban was "lifted" or "removed" (``~lift``), "In 2003,
      Russia officially designated the group as a terrorist organization" states the designation,
      not the lifting, and its 2003 is no conflict with their 2025;
    * they share a content word, not only names or numbers, unless one of them has no content word
      at all (a clause of names and figures: "and $5,687.75 on Martha's Vineyard Holistic
      Retreat"): "He notably led the state during catastrophic damage from Hurricane Sandy in
      2012" and "Unlike some people who offer themselves for president in 2016, ..." share only
      a name with each other.
    """
    if events and not (a[1] & events and b[1] & events):
        return False
    return bool(a[0] & b[0]) or not (a[0] and b[0])


def _pub_year(doc: Document) -> int | None:
    m = re.match(r"\s*(\d{4})", doc.article.date or "")
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- comparison

@dataclass
class FactComparison:
    """The result of :func:`compare_facts`.

    Attributes
    ----------
    units : list of FactUnit
    facts : DataFrame
        One row per mention: story_id, fact_id, outlet, sent_id, start, end, text, unit_id,
        prominence, position, n_outlets, conflict (``"year"``, ``"number"``, ``"year;number"``
        or ``""``), summary (the fact's representative mention made readable as a statement, the
        same on every row of the fact: see :func:`readable`).
    omissions : DataFrame
        story_id, outlet, fact_id, carried_by (outlets, ``"; "``-joined), n_carried,
        n_versions, summary (representative mention), evidence_outlet, evidence_sent_id,
        evidence_start, evidence_end, evidence_prominence.
    coverage : DataFrame
        fact_id x outlet: number of mentions (0 = left out).
    placement : DataFrame
        fact_id x outlet: prominence of the first mention (lead/body/end), ``""`` if absent.
    conflicts : DataFrame
        One row per mention of a fact whose versions disagree on a year or a number, in two
        mentions that state the same event (:func:`_comparable`; the rows are the mentions
        compared): story_id, fact_id, kind, outlet, sent_id, start, end, values, text.
    params : FactParams
    possible : DataFrame
        The omission check: one row per fact and version that has no mention of the fact but a
        unit whose average similarity to the fact's mentions reaches ``carried_threshold``, or
        (with ``quote_groups``) a quote of a quote group that a mention quotes too (the
        version possibly carries the fact; it is not in ``omissions``, its coverage stays 0):
        story_id, fact_id, outlet, sent_id, start, end (the unit), score (the unit's average
        similarity to the mentions; NaN for a quote in a sentence too short to be a unit), text.
    """

    units: list[FactUnit]
    facts: pd.DataFrame
    omissions: pd.DataFrame
    coverage: pd.DataFrame
    placement: pd.DataFrame
    conflicts: pd.DataFrame
    params: FactParams = field(default_factory=FactParams)
    possible: pd.DataFrame = field(default_factory=lambda: _frame([], _POSSIBLE_COLUMNS, _POSSIBLE_KINDS))


_FACT_COLUMNS = ["story_id", "fact_id", "outlet", "sent_id", "start", "end", "text", "unit_id", "prominence",
                 "position", "n_outlets", "conflict", "summary"]
_OMISSION_COLUMNS = ["story_id", "outlet", "fact_id", "carried_by", "n_carried", "n_versions", "summary",
                     "evidence_outlet", "evidence_sent_id", "evidence_start", "evidence_end", "evidence_prominence"]
_CONFLICT_COLUMNS = ["story_id", "fact_id", "kind", "outlet", "sent_id", "start", "end", "values", "text"]
_POSSIBLE_COLUMNS = ["story_id", "fact_id", "outlet", "sent_id", "start", "end", "score", "text"]
# The kind of each column's values (s text, i integer, f float: :func:`_frame_columns`).
_FACT_KINDS, _OMISSION_KINDS, _CONFLICT_KINDS, _POSSIBLE_KINDS = "sssiiisssfiss", "ssssiissiiis", "ssssiiiss", "sssiiifs"


def _params(backend: str, kw: dict) -> FactParams:
    names = {f.name for f in fields(FactParams)}
    unknown = set(kw) - names
    if unknown:
        raise TypeError(f"unknown parameter(s) for compare_facts: {', '.join(sorted(unknown))}")
    misplaced = set(kw) & set(_EMBEDDING_ONLY) if backend != "embeddings" else set()
    if misplaced:
        raise TypeError(f"parameter(s) {', '.join(sorted(misplaced))} only apply to backend='embeddings'")
    scorer = kw.get("scorer", "weighted" if backend == "embeddings" else "learned")
    if backend == "embeddings" and scorer != "weighted":
        raise ValueError("backend='embeddings' mixes its cosines into scorer='weighted'; the learned scorer is TF-IDF only")
    misplaced = set(kw) & set(_WEIGHTED_ONLY) if scorer == "learned" else set()
    if misplaced:
        raise TypeError(f"parameter(s) {', '.join(sorted(misplaced))} only apply to scorer='weighted'")
    base = (dict(_EMBEDDING_DEFAULTS) if backend == "embeddings" else
            dict(_WEIGHTED_DEFAULTS, scorer="weighted") if scorer == "weighted" else {})
    p = FactParams(**(base | kw))
    p.validate()
    return p


def readable(text: str, links: frozenset[str] | None = None) -> str:
    """A clause unit as a stand-alone statement: a leading clause link ("and", "but", "while"
    ...) and surrounding punctuation removed, first letter upper-cased, a final full stop.

    Examples
    --------
    >>> readable("but the ban was lifted in April this year.")
    'The ban was lifted in April this year.'
    >>> readable("and both governments have emphasized shared security concerns")
    'Both governments have emphasized shared security concerns.'
    """
    links = _links() if links is None else links
    t = " ".join(text.split()).strip(" ,;:-–—")
    first = t.split(" ", 1)
    if len(first) == 2 and first[0].lower() in links:
        t = first[1].lstrip(" ,")
    if t and t[0].islower():
        t = t[0].upper() + t[1:]
    if t and t[-1] not in ".!?\"'”’)":
        t += "."
    return t


def _medoid_scores(X, labels: np.ndarray) -> np.ndarray:
    """For each unit, the sum of its similarities to the other units of its cluster: one sparse
    product with the cluster sums instead of a product per cluster."""
    _, idx = np.unique(labels, return_inverse=True)
    C = sp.csr_matrix((np.ones(len(idx)), (np.arange(len(idx)), idx)), shape=(len(idx), idx.max() + 1))
    if sp.issparse(X):
        sums = (C.T @ X).tocsr()
        own = np.asarray(X.multiply(sums[idx]).sum(axis=1)).ravel()
        norms = np.asarray(X.multiply(X).sum(axis=1)).ravel()
    else:
        sums = C.T @ X
        own = np.einsum("ij,ij->i", X, sums[idx])
        norms = np.einsum("ij,ij->i", X, X)
    return own - norms


_KINDS = ("year", "number")


def _frame(rows: list[list], columns: list[str], kinds: str | None = None) -> pd.DataFrame:
    """``pd.DataFrame(rows, columns=columns)``, built column by column (several times faster;
    the same dtypes: each column is inferred from its own values either way, or made of the
    dtype inferred from its kind, ``kinds``: see :func:`_frame_columns`)."""
    if not rows:  # (object columns, as pandas makes them for no rows)
        return _empty_frame(tuple(columns)).copy()
    if kinds is None:
        return pd.DataFrame(dict(zip(columns, map(list, zip(*rows)))), columns=columns)
    return _frame_columns(list(zip(*rows)), columns, kinds)


def _frame_columns(columns_values: list, columns: list[str], kinds: str) -> pd.DataFrame:
    """:func:`_frame` from the columns' values (sequences of one length, at least one row).

    Each column is made an array of the dtype that pandas would infer from its values, from
    its kind (``kinds``, one letter a column: ``s`` text, ``i`` integer, ``f`` float): pandas
    then builds the frame without inferring each column (most of the cost of a small frame).
    """
    text = _text_dtype()
    arrays = [_text_array(v, text) if k == "s" else np.asarray(v, dtype=np.int64 if k == "i" else float)
              for v, k in zip(columns_values, kinds)]
    return pd.DataFrame(dict(zip(columns, arrays)))  # (the columns in order: the dict's)


@lru_cache(maxsize=16)
def _empty_frame(columns: tuple[str, ...]) -> pd.DataFrame:
    """A table with ``columns`` and no rows (object columns, as pandas makes them), built once:
    :func:`_frame` returns copies of it (a copy costs a tenth of building one)."""
    return pd.DataFrame(np.empty((0, len(columns)), dtype=object), columns=list(columns))


@lru_cache(maxsize=1)
def _text_dtype():
    """The dtype pandas infers for a column of strings (``str`` from pandas 3 on, else object)."""
    return pd.DataFrame({"a": ["a"]})["a"].dtype


def _text_array(values, dtype) -> object:
    """``values`` (strings) as an array of ``dtype`` (:func:`_text_dtype`); values that are not
    all strings as an object array (pandas infers its dtype)."""
    out = values if isinstance(values, np.ndarray) and values.dtype == object else _objects(values)
    if dtype == object or not all(map(str.__instancecheck__, out)):
        return out
    return pd.array(out, dtype=dtype)


def _objects(values: list) -> np.ndarray:
    """``values`` as a 1-D object array (each element as it is, also tuples or lists)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _first_of_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """1 where the pair ``(a[k], b[k])`` appears for the first time (``a`` sorted), else 0: summed
    per run of ``a``, the number of distinct ``b`` in it."""
    order = np.lexsort((b, a))
    sa, sb = a[order], b[order]
    new = np.r_[True, (sa[1:] != sa[:-1]) | (sb[1:] != sb[:-1])] if len(a) else np.zeros(0, dtype=bool)
    out = np.zeros(len(a), dtype=np.int64)
    out[order] = new
    return out


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def compare_facts(docs: Sequence[Document], *, backend: str = "tfidf", encoder=None, pair_model: PairModel | None = None,
                  quote_groups=None, **params) -> FactComparison:
    """Align facts across the versions of a story; list what each version leaves out.

    Parameters
    ----------
    docs : sequence of Document
        The cleaned versions (``framing.clean.clean_story``); only kept sentences are read.
        Outlet names should be distinct (they label the coverage columns).
    backend : {"tfidf", "embeddings"}
        ``"tfidf"`` (default): word, character and name TF-IDF. ``"embeddings"``: sentence
        embeddings from the optional ``embeddings`` extra (see
        :mod:`framing.compare.embeddings` and :func:`embedding_vectors`), mixed with TF-IDF, with
        its own default thresholds (``_EMBEDDING_DEFAULTS``). It did not beat TF-IDF on the
        held-out BASIL gold (``docs/facts.md``).
    encoder : callable, optional
        For ``backend="embeddings"`` only: a function list of str -> 2-D array; default loads
        all-MiniLM-L6-v2 from the extra.
    pair_model : PairModel, optional
        For the learned scorer only: coefficients to use instead of the shipped model
        (:func:`load_pair_model`; ``analyses/facts_pair_model.py`` passes models trained
        leave-one-event-out).
    quote_groups : DataFrame or mapping, optional
        The versions' quotes with their cross-version quote groups
        (:mod:`framing.compare.quotes`): a table with columns ``outlet``, ``start``, ``end``,
        ``quote_group`` (optionally ``story_id``, then matched on story and outlet), such as the
        pipeline's ``quotes`` table, or a mapping ``outlet -> [(start, end, quote_group), ...]``;
        offsets into the version's text. When given, the omission check also asks the quotes: a
        version with no mention of a fact, but with a quote of a quote group that one of the
        fact's mentions quotes too, possibly carries the fact (a row of ``possible``, not an
        omission). Without it (the default) the results are the same as before the argument
        existed.
    **params
        Fields of :class:`FactParams` (threshold, repeat_threshold, merge_threshold,
        carried_threshold, w_word, w_char, w_names, n_neighbors, min_words, min_clause_words,
        lead_sentences, end_fraction, min_carriers);
        with ``backend="embeddings"`` also ``w_embed`` (weight of the embedding cosine, the rest
        goes to TF-IDF) and ``center`` (share of the story's mean embedding removed). Passing
        those two with ``backend="tfidf"`` is a TypeError.

    Returns
    -------
    FactComparison
    """
    if backend not in ("tfidf", "embeddings"):
        raise ValueError(f"backend must be 'tfidf' or 'embeddings', got {backend!r}")
    p = _params(backend, params)
    docs = _canonical(docs)
    links = _links()
    units, words = _fact_units_words(docs, p, links)
    outlets = [d.outlet for d in docs]
    texts = [u.text for u in units]
    lead = [u.rank < p.lead_bonus_sentences for u in units]
    version = {o: k for k, o in enumerate(outlets)}
    groups = np.array([version[u.outlet] for u in units], dtype=int)
    if encoder is not None and backend != "embeddings":
        raise ValueError("encoder is only used by backend='embeddings'")
    # the story's tokens and TF-IDF blocks, built once for the scorer and the shared-word rule
    paraphrases = _paraphrases()
    tb = (_text_blocks(texts, paraphrases, words=words, key_sets=p.min_shared_words > 0)
          if units and (backend != "embeddings" or p.min_shared_words) else None)
    if backend == "embeddings":
        X = embedding_vectors(texts, p, encoder=encoder, lead=lead) if units else np.zeros((0, 1))
    elif p.scorer == "learned":
        X = PairScorer(units, groups, pair_model, _blocks=tb) if units else sp.csr_matrix((0, 1))
    else:
        X = _weighted_vectors(tb, p, lead) if units else sp.csr_matrix((0, 1))
    if pair_model is not None and not isinstance(X, PairScorer):
        raise ValueError("pair_model is only used by the learned scorer")
    keys = [tb.keys[k] for k in tb.text_of.tolist()] if p.min_shared_words and units else None
    labels, full = _align(X, groups, p, keys) if units else (np.array([], dtype=int), None)

    quotes = _quote_spans(quote_groups, docs) if quote_groups is not None else None
    facts, omissions, coverage, placement, conflicts, possible = _tables(docs, units, labels, groups, X, p, links, full,
                                                                         quotes, paraphrases=paraphrases)
    return FactComparison(units, facts, omissions, coverage, placement, conflicts, p, possible)


def _similarity_rows(X, full, lo: int, hi: int) -> np.ndarray:
    """Rows ``lo:hi`` of the units' similarity matrix: read from ``full`` when the alignment kept
    it, else computed (a :class:`PairScorer` block, or the vectors' products)."""
    if full is not None:
        return full[lo:hi] if isinstance(full, np.ndarray) else full[np.arange(lo, hi)]
    if isinstance(X, PairScorer):
        return X.block(lo, hi)
    return _similarity_block(X, X.T, lo, hi)


def _carried(X, full, flat: np.ndarray, sizes: np.ndarray, groups: np.ndarray, n_versions: int,
             facts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The omission check's scores: for each fact of ``facts`` and each version, the highest
    average similarity of one of the version's units to the fact's mentions, and that unit (two
    facts x versions arrays; a version without units scores -inf). ``flat``: the units fact by
    fact; ``sizes``: the mentions of each fact; a version's units are contiguous (``groups``).
    The similarity is symmetric, so the averages are read from the mentions' rows (one sparse
    product with the whole matrix when the alignment kept it). Third: the averages themselves
    (facts x units)."""
    n = len(groups)
    first = np.cumsum(sizes) - sizes  # of each fact in ``flat``
    k = sizes[facts]
    indptr = np.zeros(len(facts) + 1, dtype=np.int64)
    np.cumsum(k, out=indptr[1:])
    mine = flat[np.repeat(first[facts] - indptr[:-1], k) + np.arange(indptr[-1])]  # their mentions
    # (facts x units) indicator scaled by 1 / size: M @ S averages the mentions' rows of a fact
    M = _csr(np.repeat(1.0 / k, k), mine, indptr, (len(facts), n))
    if isinstance(full, np.ndarray):
        A = M @ full
    else:
        A = sum(M[:, lo : min(n, lo + 1024)] @ _similarity_rows(X, full, lo, min(n, lo + 1024))
                for lo in range(0, n, 1024))
    A = np.asarray(A)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    best = np.full((len(facts), n_versions), -np.inf)
    arg = np.zeros(best.shape, dtype=np.int64)
    best[:, groups[starts]] = np.maximum.reduceat(A, starts, axis=1)
    for lo, hi in zip(starts.tolist(), np.r_[starts[1:], n].tolist()):
        arg[:, groups[lo]] = A[:, lo:hi].argmax(axis=1) + lo
    return best, arg, A


def _quote_spans(quote_groups, docs: Sequence[Document]) -> list[list[tuple]]:
    """Per version of ``docs`` (in their order), its quotes as (start, end, quote group), sorted;
    from a table (columns outlet, start, end, quote_group; with a story_id column, rows match on
    story and outlet) or a mapping outlet -> [(start, end, quote group), ...]. Quotes without a
    group (empty or missing) are left out."""
    if isinstance(quote_groups, pd.DataFrame):
        missing = {"outlet", "start", "end", "quote_group"} - set(quote_groups.columns)
        if missing:
            raise ValueError(f"quote_groups lacks the column(s) {', '.join(sorted(missing))}")
        by_story = "story_id" in quote_groups.columns
        table: dict = {}
        cols = [quote_groups[c].tolist() for c in ("outlet", "start", "end", "quote_group")]
        stories = quote_groups["story_id"].tolist() if by_story else [None] * len(quote_groups)
        for story, outlet, a, b, g in zip(stories, *cols):
            table.setdefault((story, outlet), []).append((a, b, g))
        rows = [table.get((d.story_id if by_story else None, d.outlet), []) for d in docs]
    elif hasattr(quote_groups, "get"):
        rows = [list(quote_groups.get(d.outlet, ())) for d in docs]
    else:
        raise TypeError("quote_groups must be a DataFrame or a mapping outlet -> [(start, end, quote_group), ...]")
    out = []
    for quotes in rows:
        kept = []
        for a, b, g in quotes:
            if g is None or (isinstance(g, str) and not g.strip()) or (not isinstance(g, str) and pd.isna(g)):
                continue
            kept.append((int(a), int(b), str(g)))
        out.append(sorted(kept))
    return out


def _quote_carriers(docs: list[Document], units: list[FactUnit], groups: np.ndarray, quotes: list[list[tuple]],
                    facts: list[list[int]], present: np.ndarray) -> dict[tuple[int, int], tuple]:
    """The quote side of the omission check: for each fact of ``facts`` (its mentions) and each
    version without a mention (``present``: facts x versions), whether the version has a quote of
    a quote group that a mention's unit quotes too (the unit's span overlaps the quote). Returns
    {(fact, version): (unit index or -1, (story_id, outlet, sent_id, start, end, text))}: the
    version's unit that overlaps its first such quote held by a unit most; else the kept sentence
    of its first such quote (a sentence too short to be a unit: index -1); a quote outside the
    kept sentences does not count."""
    told_by: list[set] = [set() for _ in units]  # unit -> the quote groups of its quotes
    version_quotes: list[dict] = [{} for _ in quotes]  # version -> quote group -> its quotes
    first = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]]) if len(groups) else np.zeros(0, dtype=np.int64)
    ranges = {int(groups[lo]): (int(lo), int(hi)) for lo, hi in zip(first.tolist(), np.r_[first[1:], len(groups)].tolist())}
    for v, qs in enumerate(quotes):
        lo, hi = ranges.get(v, (0, 0))
        for a, b, g in qs:
            version_quotes[v].setdefault(g, []).append((a, b))
            for k in range(lo, hi):
                if units[k].start < b and a < units[k].end:
                    told_by[k].add(g)
    out: dict[tuple[int, int], tuple] = {}
    for f, ms in enumerate(facts):
        told = set().union(*(told_by[m] for m in ms))
        if not told:
            continue
        for v in np.flatnonzero(~present[f]).tolist():
            lo, hi = ranges.get(v, (0, 0))
            spans = sorted(q for g, qs in version_quotes[v].items() if g in told for q in qs)
            for a, b in spans:  # the first quote that a unit holds
                overlap = [(min(b, units[k].end) - max(a, units[k].start), -k) for k in range(lo, hi)
                           if units[k].start < b and a < units[k].end]
                if overlap:
                    k = -max(overlap)[1]
                    u = units[k]
                    out[f, v] = (k, (u.story_id, u.outlet, u.sent_id, u.start, u.end, u.text))
                    break
            else:  # else the sentence of the first quote in a kept sentence (one too short for a unit)
                d = docs[v]
                for a, b in spans:
                    s = next((s for s in d.kept_sentences if s.start <= a < s.end), None)
                    if s is not None:
                        out[f, v] = (-1, (d.story_id, d.outlet, s.sent_id, s.start, s.end, d.text[s.start : s.end]))
                        break
    return out


def _tables(docs: list[Document], units: list[FactUnit], labels: np.ndarray, groups: np.ndarray, X,
            p: FactParams, links: frozenset[str], full=None, quotes: list[list[tuple]] | None = None, *,
            paraphrases: dict[str, str] | None = None) -> tuple[pd.DataFrame, ...]:
    """(facts, omissions, coverage, placement, conflicts, possible) of :class:`FactComparison`
    from the units' cluster labels; ``X`` scores the medoids and the omission check (``full``: the
    similarity matrix when the alignment kept it); ``docs`` in canonical order; ``quotes``: per
    version, its quotes as (start, end, quote group) (:func:`_quote_spans`), or None;
    ``paraphrases``: :func:`_paraphrases`, when the caller has read it."""
    outlets = [d.outlet for d in docs]
    story_of = {d.outlet: d.story_id for d in docs}
    year_of = {d.outlet: _pub_year(d) for d in docs}

    # Facts: the clusters, most outlets first, then by the first mention's version and offset.
    n_units = len(units)
    by_label = np.argsort(labels, kind="stable")  # members of a cluster together, in unit order
    bounds = np.flatnonzero(np.r_[True, labels[by_label][1:] != labels[by_label][:-1]]) if n_units else by_label
    in_order, ends = by_label.tolist(), bounds.tolist()[1:] + [n_units]
    members = [in_order[a:b] for a, b in zip(bounds.tolist(), ends)] if n_units else []
    n_out_of = (np.add.reduceat(_first_of_pairs(labels[by_label], groups[by_label]), bounds) if n_units
                else np.zeros(0, dtype=np.int64)).tolist()
    starts, version = [u.start for u in units], groups.tolist()
    order = sorted(range(len(members)), key=lambda c: (-n_out_of[c], version[members[c][0]], starts[members[c][0]]))
    ordered_clusters = [members[c] for c in order]
    n_outlets = [n_out_of[c] for c in order]
    width = max(3, len(str(len(ordered_clusters))))
    fact_ids = [f"F{k:0{width}d}" for k in range(1, len(ordered_clusters) + 1)]

    # Conflicts: versions of one fact that state disjoint sets of years (or of numbers), told by
    # two mentions that state the same event (:func:`_comparable`: not only shared names).
    conflict_kind: list[str] = []
    conflict_rows = []
    values: dict[tuple, tuple] = {}  # (text, year) -> its years and numbers, for this call only
    event_keys: dict[str, tuple] = {}  # text -> its (keys, event groups), for this call only
    paraphrases = _paraphrases() if paraphrases is None else paraphrases
    for fid, ms, n_out in zip(fact_ids, ordered_clusters, n_outlets):
        if n_out < 2:  # one version cannot disagree with another
            conflict_kind.append("")
            continue
        vals = []
        for m in ms:
            key = (units[m].text, year_of[units[m].outlet])
            v = values.get(key)
            if v is None:
                v = values[key] = _values(*key)
            vals.append(v)
        kinds = []
        for kind in (0, 1):
            per_outlet: dict[str, frozenset] = {}
            for m, v in zip(ms, vals):
                if v[kind]:
                    per_outlet[units[m].outlet] = per_outlet.get(units[m].outlet, frozenset()) | v[kind]
            sets = list(per_outlet.values())
            if not any(not (a & b) for x, a in enumerate(sets) for b in sets[x + 1 :]):
                continue
            # a candidate: which valued mentions state the fact's event, as one of another version?
            for m in ms:
                if units[m].text not in event_keys:
                    event_keys[units[m].text] = _event_keys(units[m].text, paraphrases)
            events = _fact_events([event_keys[units[m].text] for m in ms], [units[m].outlet for m in ms])
            valued = [(m, v[kind]) for m, v in zip(ms, vals) if v[kind]]
            linked = set()
            found = False
            for (m1, v1), (m2, v2) in itertools.combinations(valued, 2):
                o1, o2 = units[m1].outlet, units[m2].outlet
                if o1 == o2 or not _comparable(event_keys[units[m1].text], event_keys[units[m2].text], events):
                    continue
                linked |= {m1, m2}
                # disjoint values in the two mentions and in the two versions' mentions of the fact
                found = found or (not (v1 & v2) and not (per_outlet[o1] & per_outlet[o2]))
            if found:
                kinds.append(_KINDS[kind])
                for m, v in valued:
                    if m in linked:
                        u = units[m]
                        conflict_rows.append([u.story_id, fid, _KINDS[kind], u.outlet, u.sent_id, u.start, u.end,
                                              ";".join(_fmt(x) for x in sorted(v)), u.text])
        conflict_kind.append(";".join(kinds))

    # The representative mention of each fact (the medoid: most similar to the others).
    # (only facts of three or more mentions need it: the scores of a unit read only its own fact)
    big = [m for ms in ordered_clusters if len(ms) > 2 for m in ms]
    score = np.zeros(n_units)
    if big and isinstance(X, PairScorer):
        for ms in ordered_clusters:
            if len(ms) > 2:
                score[ms] = X.sub(ms).sum(axis=1)  # the diagonal is 0: two clauses of one sentence
    elif big:
        big = np.sort(np.array(big, dtype=np.int64))
        score[big] = _medoid_scores(X[big], labels[big])
    rep_of = [ms[int(np.argmax(score[ms]))] if len(ms) > 2 else ms[0] for ms in ordered_clusters]

    # One row per mention, column by column (units in fact order).
    sizes = list(map(len, ordered_clusters))
    flat = list(chain.from_iterable(ordered_clusters))
    pick = (lambda seq: list(operator.itemgetter(*flat)(seq)) if len(flat) > 1 else [seq[i] for i in flat])

    def per_fact(values: list) -> list:
        return list(chain.from_iterable(map(itertools.repeat, values, sizes)))

    summaries = [readable(units[r].text, links) for r in rep_of]
    unit_columns = dict(zip(FactUnit._fields, zip(*units))) if units else {}
    if units:
        column = {c: pick(unit_columns[c]) for c in ("story_id", "outlet", "sent_id", "start", "end", "text",
                                                      "unit_id", "prominence", "position")}
        column.update(fact_id=per_fact(fact_ids), n_outlets=per_fact(n_outlets), conflict=per_fact(conflict_kind),
                      summary=per_fact(summaries))
        facts = _frame_columns([column[c] for c in _FACT_COLUMNS], _FACT_COLUMNS, _FACT_KINDS)
    else:
        facts = _frame([], _FACT_COLUMNS, _FACT_KINDS)

    # Coverage and placement matrices: mentions per fact and outlet, and the prominence of the
    # first mention (units are in text order within a version).
    fact_row = np.empty(n_units, dtype=np.int64)
    fact_row[np.array(flat, dtype=np.int64)] = np.repeat(np.arange(len(ordered_clusters)), sizes)
    n_f, n_o = len(fact_ids), len(outlets)
    cov = np.bincount(fact_row * n_o + groups, minlength=n_f * n_o).reshape(n_f, n_o) if n_units else \
        np.zeros((n_f, n_o), dtype=int)
    place = np.full((n_f, n_o), "", dtype=object)
    if n_units:
        _, first = np.unique(fact_row * n_o + groups, return_index=True)  # the first unit of each cell
        prominence = _objects(unit_columns["prominence"])
        place[fact_row[first], groups[first]] = prominence[first]
    index = pd.Index(fact_ids, name="fact_id")
    coverage = pd.DataFrame(cov.astype(int), index=index, columns=outlets)
    placement = pd.DataFrame(place, index=index.copy(), columns=outlets)  # (its own index object)

    # Omissions, with the representative mention as evidence: by outlet, most carriers first,
    # then fact id (the facts are numbered in that order within a number of carriers).
    present = cov > 0
    n_carried = present.sum(axis=1)
    omitted = (n_carried >= p.min_carriers) & (n_carried < n_o)
    # The omission check: a version with a unit that scores at least ``carried_threshold``
    # against the fact's mentions possibly carries the fact (its unit went to another fact, or
    # states two facts): not reported as an omission, listed in ``possible`` instead.
    maybe = np.zeros((n_f, n_o), dtype=bool)
    possible_rows: list[list] = []
    if (p.carried_threshold < 1 or quotes is not None) and n_units and omitted.any():
        asked = np.flatnonzero(omitted)
        best, arg, A = _carried(X, full, np.array(flat, dtype=np.int64), np.array(sizes, dtype=np.int64), groups, n_o,
                                asked)
        hit = (best >= p.carried_threshold) & ~present[asked] if p.carried_threshold < 1 else \
            np.zeros(best.shape, dtype=bool)
        # The quotes: a version that quotes what one of the fact's mentions quotes (the same quote
        # group) possibly carries the fact; the row shows its unit holding the quote.
        by_quote = (_quote_carriers(docs, units, groups, quotes, [ordered_clusters[f] for f in asked.tolist()],
                                    present[asked]) if quotes is not None else {})
        for a_i, o_i in by_quote:
            hit[a_i, o_i] = True
        maybe[asked] = hit
        for a_i, o_i in zip(*np.nonzero(hit)):
            a_i, o_i = int(a_i), int(o_i)
            if best[a_i, o_i] >= p.carried_threshold and p.carried_threshold < 1:
                u = units[arg[a_i, o_i]]
                possible_rows.append([u.story_id, fact_ids[asked[a_i]], u.outlet, u.sent_id, u.start, u.end,
                                      float(best[a_i, o_i]), u.text])
                continue
            k, (story_id, outlet, sent_id, start, end, text) = by_quote[a_i, o_i]
            possible_rows.append([story_id, fact_ids[asked[a_i]], outlet, sent_id, start, end,
                                  float(A[a_i, k]) if k >= 0 else float("nan"), text])
    fact_order = np.flatnonzero(omitted & ~(maybe | present).all(axis=1))
    fact_order = fact_order[np.lexsort((fact_order, -n_carried[fact_order]))]
    f_pos, rows_o = np.nonzero(~(present | maybe)[fact_order])  # fact by fact, then by version
    name_rank = np.unique(np.array(outlets, dtype=object), return_inverse=True)[1].reshape(-1) if n_o else rows_o
    by = np.lexsort((rows_o, f_pos, name_rank[rows_o]))  # (outlet names may repeat: then by version)
    rows_f = fact_order[f_pos[by]]
    rows_o = rows_o[by]
    carried_by = ["; ".join(o for o, c in zip(outlets, present[r].tolist()) if c) if omitted[r] else ""
                  for r in range(n_f)]
    if len(rows_f):
        reps = [units[r] for r in rep_of]

        def by_fact(values: list) -> np.ndarray:  # one value per fact, one row per omission
            return _objects(values)[rows_f]

        omissions = _frame_columns([_objects([story_of[o] for o in outlets])[rows_o], _objects(outlets)[rows_o],
                                    by_fact(fact_ids), by_fact(carried_by), n_carried[rows_f],
                                    np.full(len(rows_f), n_o, dtype=np.int64), by_fact([u.text for u in reps]),
                                    by_fact([u.outlet for u in reps]), np.array([u.sent_id for u in reps])[rows_f],
                                    np.array([u.start for u in reps])[rows_f], np.array([u.end for u in reps])[rows_f],
                                    by_fact([u.prominence for u in reps])], _OMISSION_COLUMNS, _OMISSION_KINDS)
    else:
        omissions = _frame([], _OMISSION_COLUMNS, _OMISSION_KINDS)
    conflicts = _frame(conflict_rows, _CONFLICT_COLUMNS, _CONFLICT_KINDS)
    possible = _frame(possible_rows, _POSSIBLE_COLUMNS, _POSSIBLE_KINDS)
    return facts, omissions, coverage, placement, conflicts, possible

