"""Overall sentiment of a version: VADER per kept sentence, aggregated over the story body.

VADER is scored one sentence at a time. Scoring a whole article in one call saturates the
compound score toward +/-1 on long texts (vaderSentiment issue #151), so two long articles of
quite different tone both come out near 1; the mean over sentences does not.

The thresholds follow the VADER documentation: compound >= 0.05 is positive, <= -0.05 negative,
in between neutral (Hutto & Gilbert 2014, https://github.com/cjhutto/vaderSentiment).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["SentenceSentiment", "VaderAnalysis", "SentenceAnalysis", "vader_analysis",
           "analyze_sentences", "score_sentences", "SentimentFeatures", "vader"]

import math
import re
import string
from itertools import compress, count
from operator import ne
from typing import NamedTuple

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..document import Document, make_document
from ._base import SpanFeaturesMixin


@lru_cache(maxsize=1)
def vader() -> SentimentIntensityAnalyzer:
    """The VADER analyzer, built once per process.

    Building one reads VADER's lexicon and emoji files (about 16 ms); ``polarity_scores`` only
    reads the dictionaries it built, so one shared instance is safe and saves that cost on every
    document.
    """
    return SentimentIntensityAnalyzer()


class SentenceSentiment(NamedTuple):
    """VADER scores of one kept sentence; ``doc.text[start:end]`` is the sentence.

    Attributes
    ----------
    sent_id : int
        The sentence's ``sent_id`` in the document.
    start, end : int
        Character offsets into ``doc.text``.
    compound : float
        VADER's normalised compound score in [-1, 1].
    pos, neu, neg : float
        VADER's proportions of positive, neutral and negative text (sum to 1, or all 0 for a
        sentence with no words).
    """

    sent_id: int
    start: int
    end: int
    compound: float
    pos: float
    neu: float
    neg: float


class VaderAnalysis(NamedTuple):
    """VADER's reading of one text: its ``polarity_scores`` and the valence of every token.

    Attributes
    ----------
    compound, pos, neu, neg : float
        Exactly ``SentimentIntensityAnalyzer.polarity_scores(text)``.
    text : str
        The analysed text, as given.
    offset : int
        Where ``text`` starts in the caller's text (0 for :func:`vader_analysis`, the
        sentence start in ``doc.text`` for :func:`analyze_sentences`).
    words : tuple of str
        VADER's tokens: whitespace-separated, leading/trailing ASCII punctuation stripped
        unless that leaves two characters or fewer (as its ``SentiText``); an emoji is
        replaced by the words of its description first.
    valences : tuple of float
        VADER's valence of each token after its booster, negation, idiom, "least" and "but"
        rules (0 for a word outside its lexicon). Their sum plus the punctuation emphasis is
        what ``compound`` normalises.
    """

    compound: float
    pos: float
    neu: float
    neg: float
    text: str
    offset: int
    words: tuple
    valences: tuple

    def spans(self) -> tuple[list[int], list[int]]:
        """Each token's ``(starts, ends)`` in ``text``: ``text[starts[k]:ends[k]] ==
        words[k]`` (add ``offset`` for the caller's text). The words of an emoji's
        description all span the emoji. Computed on demand: the sentence scores do not need
        them."""
        return _token_spans(self.text, self.words)


class SentenceAnalysis(NamedTuple):
    """One kept sentence: its scores (a row of the sentiment table) and VADER's token valences."""

    sentiment: SentenceSentiment
    vader: VaderAnalysis


_WORD = re.compile(r"\S+")


@lru_cache(maxsize=4)
def _emoji_chars(analyzer: SentimentIntensityAnalyzer) -> frozenset:
    # VADER looks every character up in its emoji table; a set test over the text does the
    # same at C speed (only single-character keys can match a character)
    return frozenset(k for k in analyzer.emojis if len(k) == 1)


def vader_analysis(text: str, analyzer: SentimentIntensityAnalyzer | None = None, *,
                   offset: int = 0) -> VaderAnalysis:
    """Run VADER once on ``text``: its ``polarity_scores`` and the valence of every token.

    The body follows ``SentimentIntensityAnalyzer.polarity_scores`` of vaderSentiment 3.3.2
    step by step (emoji replacement, ``SentiText``, the per-token ``sentiment_valence`` loop,
    ``_but_check``, ``score_valence``; vaderSentiment, MIT licence, Copyright (c) 2016 C.J.
    Hutto), calling VADER's own methods for every rule, and only keeps the tokens and their
    valences that ``polarity_scores`` throws away (spans on demand: :meth:`VaderAnalysis.spans`). The scores are identical to
    ``polarity_scores(text)`` (tested), so one call serves both the sentence sentiment and
    the per-actor target features.

    Parameters
    ----------
    text : str
    analyzer : SentimentIntensityAnalyzer, optional
        Default :func:`vader`.
    offset : int, default 0
        Stored in the result (where ``text`` starts in a larger text).

    Returns
    -------
    VaderAnalysis
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    if analyzer is None:
        analyzer = vader()
    # -- emoji -> description, as polarity_scores (a set test first: news has next to none)
    converted = text
    if not _emoji_chars(analyzer).isdisjoint(text):
        converted = _emoji_origin(text, analyzer)[0]
    clean = converted.strip()
    sentitext = SentiText(clean)
    words = sentitext.words_and_emoticons
    # -- the token loop of polarity_scores
    sentiments: list = []
    n = len(words)
    for i, item in enumerate(words):
        low = item.lower()
        if low in BOOSTER_DICT or (low == "kind" and i < n - 1 and words[i + 1].lower() == "of"):
            sentiments.append(0)
            continue
        sentiments = analyzer.sentiment_valence(0, sentitext, item, i, sentiments)
    sentiments = analyzer._but_check(words, sentiments)
    sc = analyzer.score_valence(sentiments, clean)
    return VaderAnalysis(float(sc["compound"]), float(sc["pos"]), float(sc["neu"]),
                         float(sc["neg"]), text, offset, tuple(words), tuple(sentiments))


def _emoji_origin(text: str, analyzer: SentimentIntensityAnalyzer):
    """VADER's emoji replacement (as ``polarity_scores``) and, per character of the result,
    the index of the character of ``text`` it came from."""
    pieces, origin, prev_space = [], [], True
    for i, ch in enumerate(text):
        desc = analyzer.emojis.get(ch)
        if desc is not None:
            if not prev_space:
                pieces.append(" ")
                origin.append(i)
            pieces.append(desc)
            origin.extend([i] * len(desc))
            prev_space = False
        else:
            pieces.append(ch)
            origin.append(i)
            prev_space = ch == " "
    return "".join(pieces), origin


def _token_spans(text: str, words) -> tuple[list[int], list[int]]:
    analyzer = vader()
    origin = None
    converted = text
    if not _emoji_chars(analyzer).isdisjoint(text):
        converted, origin = _emoji_origin(text, analyzer)
    clean = converted.strip()
    lead = len(converted) - len(converted.lstrip())
    # SentiText splits at whitespace (str.split and \S+ agree on every character), then
    # strips punctuation from both ends of a token longer than two characters once stripped:
    # one word per token, equal to it unless stripped (then shorter)
    spans = [m.span() for m in _WORD.finditer(clean)][:len(words)]
    if spans:
        starts, ends = map(list, zip(*spans))
    else:
        starts, ends = [], []
    if lead:
        starts = [a + lead for a in starts]
        ends = [b + lead for b in ends]
    toks = clean.split()
    for k in compress(count(), map(ne, toks, words)):  # only the stripped ones, at C speed
        tok, w = toks[k], words[k]
        a = starts[k] + len(tok) - len(tok.lstrip(string.punctuation))
        starts[k], ends[k] = a, a + len(w)
    if origin is not None:
        starts = [origin[a] for a in starts]
        ends = [origin[b - 1] + 1 for b in ends]
    return starts, ends


def analyze_sentences(doc: Document | str, *, analyzer: SentimentIntensityAnalyzer | None = None
                      ) -> list[SentenceAnalysis]:
    """Run VADER once per kept sentence of ``doc``, keeping its per-token valences.

    :func:`score_sentences` is ``[a.sentiment for a in analyze_sentences(doc)]``; pass the
    whole list to :func:`framing.features.target_sentiment.actor_sentiment` (``analyses=``) so
    the per-actor sentiment needs no VADER call of its own.

    Parameters
    ----------
    doc : Document or str
        A document (only its kept sentences are scored) or a plain text (every sentence kept).
    analyzer : SentimentIntensityAnalyzer, optional

    Returns
    -------
    list of SentenceAnalysis
        In document order; ``vader.offset`` is the sentence start in ``doc.text``.
    """
    if isinstance(doc, str):
        doc = make_document(doc)
    if analyzer is None:
        analyzer = vader()
    out = []
    for s in doc.kept_sentences:
        va = vader_analysis(doc.sentence_text(s), analyzer, offset=s.start)
        out.append(SentenceAnalysis(
            SentenceSentiment(s.sent_id, s.start, s.end, va.compound, va.pos, va.neu, va.neg),
            va))
    return out


def score_sentences(doc: Document | str, *, analyzer: SentimentIntensityAnalyzer | None = None
                    ) -> list[SentenceSentiment]:
    """Score every kept sentence of ``doc`` with VADER.

    Parameters
    ----------
    doc : Document or str
        A document (only its kept sentences are scored) or a plain text (every sentence kept).
    analyzer : SentimentIntensityAnalyzer, optional
        Reuse an analyzer across calls (building one reads the lexicon, ~20 ms).

    Returns
    -------
    list of SentenceSentiment
        In document order.
    """
    return [a.sentiment for a in analyze_sentences(doc, analyzer=analyzer)]


class SentimentFeatures(SpanFeaturesMixin):
    """Per-version sentiment: mean and spread of sentence compound scores, share of positive
    and negative sentences.

    Parameters
    ----------
    positive_threshold : float, default 0.05
        A sentence with compound >= this is positive.
    negative_threshold : float, default -0.05
        A sentence with compound <= this is negative.

    Columns
    -------
    sentiment_mean : mean compound over kept sentences (NaN for an empty body)
    sentiment_sd : sample standard deviation of the compounds (NaN for fewer than 2 sentences)
    positive_share, negative_share : share of kept sentences past each threshold (NaN if empty)
    """

    feature_names = ("sentiment_mean", "sentiment_sd", "positive_share", "negative_share")

    def __init__(self, *, positive_threshold: float = 0.05, negative_threshold: float = -0.05):
        self.positive_threshold = positive_threshold
        self.negative_threshold = negative_threshold

    def _validate_params(self) -> None:
        for name in ("positive_threshold", "negative_threshold"):
            v = getattr(self, name)
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not -1 <= v <= 1:
                raise ValueError(f"{name} must be a number in [-1, 1], got {v!r}")
        if self.negative_threshold > self.positive_threshold:
            raise ValueError("negative_threshold must not exceed positive_threshold")

    def fit(self, X, y=None):
        super().fit(X, y)
        return self

    def transform(self, X) -> np.ndarray:
        self._analyzer = vader()
        try:
            return super().transform(X)
        finally:
            del self._analyzer

    def _row(self, doc: Document) -> list[float]:
        return self.row_from_scores(score_sentences(doc, analyzer=self._analyzer))

    def row_from_scores(self, scores: list[SentenceSentiment]) -> list[float]:
        """The feature row from :func:`score_sentences` output (lets a caller that already
        scored the sentences, such as the pipeline, skip a second VADER pass)."""
        if not scores:
            return [math.nan] * 4
        c = np.array([s.compound for s in scores], dtype=float)
        sd = float(np.std(c, ddof=1)) if len(c) > 1 else math.nan
        return [float(c.mean()), sd,
                float(np.mean(c >= self.positive_threshold)),
                float(np.mean(c <= self.negative_threshold))]
