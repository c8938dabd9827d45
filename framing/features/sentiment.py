"""Overall sentiment of a version: VADER per kept sentence, aggregated over the story body.

VADER is scored one sentence at a time. Scoring a whole article in one call saturates the
compound score toward +/-1 on long texts (vaderSentiment issue #151), so two long articles of
quite different tone both come out near 1; the mean over sentences does not.

The thresholds follow the VADER documentation: compound >= 0.05 is positive, <= -0.05 negative,
in between neutral (Hutto & Gilbert 2014, https://github.com/cjhutto/vaderSentiment).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["SentenceSentiment", "score_sentences", "SentimentFeatures", "vader"]

import math
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
    if isinstance(doc, str):
        doc = make_document(doc)
    if analyzer is None:
        analyzer = vader()
    out = []
    for s in doc.kept_sentences:
        sc = analyzer.polarity_scores(doc.sentence_text(s))
        out.append(SentenceSentiment(s.sent_id, s.start, s.end, float(sc["compound"]),
                                     float(sc["pos"]), float(sc["neu"]), float(sc["neg"])))
    return out


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
