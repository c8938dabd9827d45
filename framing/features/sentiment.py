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
from itertools import compress, count, repeat
from operator import ne
from typing import NamedTuple

import numpy as np
import vaderSentiment.vaderSentiment as vs
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..document import Document, make_document
from ._base import SpanFeaturesMixin


@lru_cache(maxsize=1)
def vader() -> SentimentIntensityAnalyzer:
    """The VADER analyzer, built once per process.

    Building one reads VADER's lexicon and emoji files (about 16 ms); ``polarity_scores`` only
    reads the dictionaries it built, so one shared instance is safe and saves that cost on every
    document.

    Returns
    -------
    vaderSentiment.vaderSentiment.SentimentIntensityAnalyzer
        The shared analyzer.
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
        """Each token's offsets in ``text``, computed on demand (the sentence scores do not need them).

        Returns
        -------
        tuple of (list of int, list of int)
            ``(starts, ends)`` with ``text[starts[k]:ends[k]] == words[k]`` (add ``offset`` for the
            caller's text). The words of an emoji's description all span the emoji.
        """
        return _token_spans(self.text, self.words)


class SentenceAnalysis(NamedTuple):
    """One kept sentence: its scores (a row of the sentiment table) and VADER's token valences."""

    sentiment: SentenceSentiment
    vader: VaderAnalysis


_WORD = re.compile(r"\S+")
_MATCH_START, _MATCH_END = re.Match.start, re.Match.end


@lru_cache(maxsize=4)
def _emoji_chars(analyzer: SentimentIntensityAnalyzer) -> frozenset:
    # VADER looks every character up in its emoji table; a set test over the text does the
    # same at C speed (only single-character keys can match a character)
    return frozenset(k for k in analyzer.emojis if len(k) == 1)


def _no_emoji(text: str, analyzer: SentimentIntensityAnalyzer) -> bool:
    """Whether ``text`` holds no character of VADER's emoji table (an ASCII text none: every
    single-character key is outside ASCII)."""
    chars = _emoji_chars(analyzer)
    if text.isascii() and _ascii_free(chars):
        return True
    return chars.isdisjoint(text)


@lru_cache(maxsize=4)
def _ascii_free(chars: frozenset) -> bool:
    return not any(c.isascii() for c in chars)


def vader_analysis(text: str, analyzer: SentimentIntensityAnalyzer | None = None, *,
                   offset: int = 0) -> VaderAnalysis:
    """Run VADER once on ``text``: its ``polarity_scores`` and the valence of every token.

    The steps are those of ``SentimentIntensityAnalyzer.polarity_scores`` of vaderSentiment
    3.3.2 (emoji replacement, ``SentiText``, the per-token ``sentiment_valence`` loop,
    ``_but_check``, ``score_valence``; vaderSentiment, MIT licence, Copyright (c) 2016 C.J.
    Hutto), keeping the tokens and their valences that ``polarity_scores`` throws away (spans
    on demand: :meth:`VaderAnalysis.spans`). The scores, tokens and valences are identical to
    VADER's (tested against the library on every BASIL and NewsMTSC sentence), so one call
    serves both the sentence sentiment and the per-actor target features.

    For speed, the token loop is :func:`_valences`, VADER's rules written out over the
    lower-cased tokens computed once (VADER lower-cases the whole sentence again for each rule
    of each lexicon word); a subclass of ``SentimentIntensityAnalyzer``, or another version of
    vaderSentiment, goes through VADER's own methods instead.

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
    if analyzer is None:
        analyzer = vader()
    # -- emoji -> description, as polarity_scores (a set test first: news has next to none)
    converted = text
    if not _no_emoji(text, analyzer):
        converted = _emoji_origin(text, analyzer)[0]
    clean = converted.strip()
    if type(analyzer) is not SentimentIntensityAnalyzer or not _VADER_332:
        return _vader_analysis_by_methods(text, clean, analyzer, offset)
    # -- SentiText: white-space tokens, punctuation stripped unless that leaves <= 2 characters
    tokens = clean.split()
    words = list(map(str.strip, tokens, repeat(string.punctuation)))
    for k in compress(count(), map(ne, tokens, words)):  # only the stripped ones, at C speed
        if len(words[k]) <= 2:
            words[k] = tokens[k]
    n_caps = sum(map(str.isupper, words))
    is_cap_diff = 0 < len(words) - n_caps < len(words)
    sentiments = _valences(words, analyzer.lexicon, is_cap_diff)
    compound, pos, neu, neg = _score_valence(sentiments, clean)
    return VaderAnalysis(compound, pos, neu, neg, text, offset, tuple(words), tuple(sentiments))


def _vader_analysis_by_methods(text: str, clean: str, analyzer: SentimentIntensityAnalyzer,
                               offset: int) -> VaderAnalysis:
    """:func:`vader_analysis` through VADER's own methods, step by step as ``polarity_scores``
    (``clean``: the emoji-replaced, stripped ``text``)."""
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText

    sentitext = SentiText(clean)
    words = sentitext.words_and_emoticons
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


def _is_vader_332() -> bool:
    try:
        from importlib.metadata import version

        return version("vaderSentiment") == "3.3.2"
    except Exception:  # not installed as a distribution: take VADER's own methods
        return False


#: the rules below are vaderSentiment 3.3.2's; another version goes through its own methods
_VADER_332 = _is_vader_332()
_NEGATE = frozenset(vs.NEGATE)


def _valences(words: list[str], lexicon: dict, is_cap_diff: bool) -> list:
    """VADER's valence of each token: the token loop of ``polarity_scores`` (booster and "kind
    of" tokens 0, ``sentiment_valence`` for the others) and ``_but_check``, with the rules of
    ``sentiment_valence``, ``_negation_check``, ``_special_idioms_check`` and ``_least_check``
    written out over the lower-cased tokens. The same numbers in the same types (0, an int, for
    a word outside the lexicon, as VADER appends)."""
    lows = list(map(str.lower, words))
    n = len(words)
    sentiments: list = [0] * n
    boosters = vs.BOOSTER_DICT
    # only lexicon words get a valence (found in C: most words are not in it)
    for i in compress(count(), map(lexicon.__contains__, lows)):
        low = lows[i]
        if low in boosters or (low == "kind" and i < n - 1 and lows[i + 1] == "of"):
            continue
        # -- sentiment_valence
        valence = lexicon[low]
        if low == "no" and i != n - 1 and lows[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lows[i - 1] == "no") or (i > 1 and lows[i - 2] == "no") \
                or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ["or", "nor"]):
            valence = lexicon[low] * vs.N_SCALAR
        if is_cap_diff and words[i].isupper():
            if valence > 0:
                valence += vs.C_INCR
            else:
                valence -= vs.C_INCR
        for start_i in range(0, 3):
            j = i - (start_i + 1)
            if i > start_i and lows[j] not in lexicon:
                # scalar_inc_dec is 0.0 for a word that is no booster
                s = vs.scalar_inc_dec(words[j], valence, is_cap_diff) if lows[j] in boosters else 0.0
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lows, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lows, i)
        # -- _least_check
        if i > 1 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            if lows[i - 2] != "at" and lows[i - 2] != "very":
                valence = valence * vs.N_SCALAR
        elif i > 0 and lows[i - 1] not in lexicon and lows[i - 1] == "least":
            valence = valence * vs.N_SCALAR
        sentiments[i] = valence
    if "but" in lows:  # rare: VADER's own (it replaces values by their first equal's index)
        sentiments = vs.SentimentIntensityAnalyzer._but_check(words, sentiments)
    return sentiments


def _negated(word: str) -> bool:
    # vs.negated([word]): the word lower-cased again is a negation, or holds "n't"
    word = str(word).lower()
    return word in _NEGATE or "n't" in word


def _negation_check(valence, lows: list[str], start_i: int, i: int):
    """``SentimentIntensityAnalyzer._negation_check`` over the lower-cased tokens."""
    if start_i == 0:
        if _negated(lows[i - (start_i + 1)]):
            valence = valence * vs.N_SCALAR
    if start_i == 1:
        if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
            valence = valence * 1.25
        elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
            valence = valence
        elif _negated(lows[i - (start_i + 1)]):
            valence = valence * vs.N_SCALAR
    if start_i == 2:
        if lows[i - 3] == "never" and (lows[i - 2] == "so" or lows[i - 2] == "this") or \
                (lows[i - 1] == "so" or lows[i - 1] == "this"):
            valence = valence * 1.25
        elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
            valence = valence
        elif _negated(lows[i - (start_i + 1)]):
            valence = valence * vs.N_SCALAR
    return valence


def _special_idioms_check(valence, lows: list[str], i: int):
    """``SentimentIntensityAnalyzer._special_idioms_check`` over the lower-cased tokens."""
    special, boosters = vs.SPECIAL_CASES, vs.BOOSTER_DICT
    onezero = f"{lows[i - 1]} {lows[i]}"
    twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
    twoone = f"{lows[i - 2]} {lows[i - 1]}"
    threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
    threetwo = f"{lows[i - 3]} {lows[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special:
            valence = special[seq]
            break
    if len(lows) - 1 > i:
        zeroone = f"{lows[i]} {lows[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lows) - 1 > i + 1:
        zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in boosters:
            valence = valence + boosters[n_gram]
    return valence


def _score_valence(sentiments: list, text: str) -> tuple[float, float, float, float]:
    """``(compound, pos, neu, neg)`` of ``SentimentIntensityAnalyzer.score_valence``, rounded as
    it rounds them; its sums run over the nonzero valences only (a zero adds nothing)."""
    if not sentiments:
        return 0.0, 0.0, 0.0, 0.0
    sum_s = float(sum(sentiments))
    # _punctuation_emphasis
    ep_count = min(text.count("!"), 4)
    qm_count = text.count("?")
    qm_amplifier = 0
    if qm_count > 1:
        qm_amplifier = qm_count * 0.18 if qm_count <= 3 else 0.96
    punct_emph_amplifier = ep_count * 0.292 + qm_amplifier
    if sum_s > 0:
        sum_s += punct_emph_amplifier
    elif sum_s < 0:
        sum_s -= punct_emph_amplifier
    compound = vs.normalize(sum_s)
    # _sift_sentiment_scores
    pos_sum = neg_sum = 0.0
    nonzero = 0
    for v in sentiments:
        if v:
            nonzero += 1
            if v > 0:
                pos_sum += (float(v) + 1)
            else:
                neg_sum += (float(v) - 1)
    neu_count = len(sentiments) - nonzero
    if pos_sum > math.fabs(neg_sum):
        pos_sum += punct_emph_amplifier
    elif pos_sum < math.fabs(neg_sum):
        neg_sum -= punct_emph_amplifier
    total = pos_sum + math.fabs(neg_sum) + neu_count
    pos = math.fabs(pos_sum / total)
    neg = math.fabs(neg_sum / total)
    neu = math.fabs(neu_count / total)
    return (float(round(compound, 4)), float(round(pos, 3)), float(round(neu, 3)),
            float(round(neg, 3)))


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
    if not _no_emoji(text, analyzer):
        converted, origin = _emoji_origin(text, analyzer)
    clean = converted.strip()
    lead = len(converted) - len(converted.lstrip())
    # SentiText splits at whitespace (str.split and \S+ agree on every character), then
    # strips punctuation from both ends of a token longer than two characters once stripped:
    # one word per token, equal to it unless stripped (then shorter)
    ms = list(_WORD.finditer(clean))[:len(words)]
    starts, ends = list(map(_MATCH_START, ms)), list(map(_MATCH_END, ms))  # (maps: C speed)
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
        """Validate the parameters and the input (nothing is learnt).

        Parameters
        ----------
        X : sequence of Document or str
            The documents (strings are wrapped with :func:`~framing.document.make_document`; a bare
            string instead of a sequence is refused).
        y : None
            Ignored.

        Returns
        -------
        SentimentFeatures
            ``self``.
        """
        super().fit(X, y)
        return self

    def transform(self, X) -> np.ndarray:
        """The feature rows of ``X`` (one VADER analyzer shared by all documents).

        Parameters
        ----------
        X : sequence of Document or str
            The documents (strings are wrapped with :func:`~framing.document.make_document`; a bare
            string instead of a sequence is refused).

        Returns
        -------
        numpy.ndarray
            Shape ``(len(X), 4)``, columns as :meth:`get_feature_names_out`.
        """
        self._analyzer = vader()
        try:
            return super().transform(X)
        finally:
            del self._analyzer

    def _row(self, doc: Document) -> list[float]:
        return self.row_from_scores(score_sentences(doc, analyzer=self._analyzer))

    def row_from_scores(self, scores: list[SentenceSentiment]) -> list[float]:
        """The feature row from :func:`score_sentences` output (lets a caller that already
        scored the sentences, such as the pipeline, skip a second VADER pass).

        Parameters
        ----------
        scores : list of SentenceSentiment
            ``score_sentences(doc)``.

        Returns
        -------
        list of float
            ``sentiment_mean, sentiment_sd, positive_share, negative_share``; all NaN when there is
            no kept sentence (``sentiment_sd`` NaN for one).
        """
        if not scores:
            return [math.nan] * 4
        c = np.array([s.compound for s in scores], dtype=float)
        sd = float(np.std(c, ddof=1)) if len(c) > 1 else math.nan
        return [float(c.mean()), sd,
                float(np.mean(c >= self.positive_threshold)),
                float(np.mean(c <= self.negative_threshold))]
