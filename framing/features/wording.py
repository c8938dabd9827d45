"""Per-version word-choice features: loaded labels and British/American spelling.

* :func:`find_loaded` finds loaded or evaluative terms (``lexicons/loaded_labels.tsv``, and
  optionally the BABE bias-word lexicon read from the user's copy, never shipped: AGPL-3.0).
* :func:`find_spellings` finds words with a British or American spelling
  (``lexicons/spelling_variants.tsv``), a hint of an outlet's origin or house style.
* :class:`WordingFeatures` turns both into per-version rates.
"""

from __future__ import annotations

__all__ = ["LoadedTerm", "SpellingVariant", "find_loaded", "find_spellings", "read_bias_words", "WordingFeatures"]

import ast
import os
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..compare.wording import _loaded_matcher, _spelling_matchers, spans_of_all
from ..document import Document
from ..errors import InputError
from ._base import SpanFeaturesMixin

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# _WORD for counting: the same matches (taken whole at once, "++" and "*+", as nothing follows
# that could make _WORD give back a character), each found as the empty group, so a count makes
# no string per word
_WORD_COUNT = re.compile(r"[^\W_]++(?:[-'’][^\W_]++)*+()")


class LoadedTerm(NamedTuple):
    """A loaded term: ``doc.text[start:end] == term``; ``source`` is ``framing`` or ``babe``."""

    sent_id: int
    start: int
    end: int
    term: str
    source: str


class SpellingVariant(NamedTuple):
    """A word with a British or American spelling (``variety``)."""

    sent_id: int
    start: int
    end: int
    word: str
    variety: str


def read_bias_words(path) -> frozenset:
    """Words of a bias lexicon, read from the user's copy at run time.

    Accepts BABE's ``data/bias_word_lexicon.xlsx`` (Spinde et al. 2021, AGPL-3.0: read, never
    copied into framing), a BABE label CSV (``final_labels_SG2.csv``: its ``biased_words``
    column), or a plain text file with one word a line.

    Raises
    ------
    InputError
        If the file does not exist or cannot be read.

    Parameters
    ----------
    path : str or path-like
        The user's copy of the lexicon (``.xlsx``, ``.csv`` or plain text).

    Returns
    -------
    frozenset of str
        The words, lower case.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "bias lexicon not found: pass the path of BABE's data/bias_word_lexicon.xlsx "
                               "(https://github.com/Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-"
                               "Supervision-With-BABE; AGPL-3.0, not shipped with framing)")
    return _read_bias_words(str(path), path.stat().st_mtime)


@lru_cache(maxsize=4)
def _read_bias_words(path: str, mtime: float) -> frozenset:
    words: set[str] = set()
    try:
        if path.endswith(".xlsx"):
            # a tiny reader for a one-column sheet: openpyxl is not a dependency
            with zipfile.ZipFile(path) as z:
                shared = z.read("xl/sharedStrings.xml").decode("utf-8")
            words = {re.sub(r"<[^>]+>", "", t).strip().lower() for t in re.findall(r"<si>(.*?)</si>", shared, re.S)}
        elif path.endswith(".csv"):
            import pandas as pd

            frame = pd.read_csv(path, sep=";", encoding="utf-8-sig")
            for cell in frame["biased_words"].dropna():
                words.update(w.lower() for w in ast.literal_eval(cell))
        else:
            with open(path, encoding="utf-8") as fh:
                words = {ln.strip().lower() for ln in fh if ln.strip() and not ln.startswith("#")}
    except (OSError, KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
        raise InputError(path, f"cannot read the bias lexicon ({exc})") from None
    return frozenset(w for w in words if w)


def find_loaded(doc: Document, *, bias_words: frozenset = frozenset()) -> list[LoadedTerm]:
    """Loaded or evaluative terms in the kept sentences of ``doc``.

    Parameters
    ----------
    doc : Document
        A cleaned version.
    bias_words : frozenset of str, optional
        Lower-case words of a bias lexicon (:func:`read_bias_words`), flagged as ``babe`` where
        the shipped ``loaded_labels.tsv`` does not already match.

    Returns
    -------
    list of LoadedTerm
        Sorted by start offset.
    """
    pat = _loaded_matcher()
    text = doc.text
    low = doc.lowered_text
    out = []
    for s in doc.kept_sentences:
        seen = set()
        for a, b in pat.spans(text, low, s.start, s.end):
            out.append(LoadedTerm(s.sent_id, a, b, text[a:b], "framing"))
            seen.update(range(a, b))
        if bias_words:
            for m in _WORD.finditer(text, s.start, s.end):
                if m.start() not in seen and m.group().lower().replace("’", "'") in bias_words:
                    out.append(LoadedTerm(s.sent_id, m.start(), m.end(), m.group(), "babe"))
    return sorted(out, key=lambda t: t.start)


def find_spellings(doc: Document) -> list[SpellingVariant]:
    """Words with a British or an American spelling in the kept sentences of ``doc``.

    Parameters
    ----------
    doc : Document
        A cleaned version.

    Returns
    -------
    list of SpellingVariant
        Sorted by start offset (``spelling_variants.tsv`` patterns).
    """
    brit, amer = _spelling_matchers()
    text = doc.text
    low = doc.lowered_text
    out = []
    for s in doc.kept_sentences:
        for pat, variety in ((brit, "british"), (amer, "american")):
            out.extend(SpellingVariant(s.sent_id, a, b, text[a:b], variety) for a, b in pat.spans(text, low, s.start, s.end))
    return sorted(out, key=lambda t: t.start)


class WordingFeatures(SpanFeaturesMixin):
    """Loaded-term rate and spelling variety per version.

    Parameters
    ----------
    bias_lexicon : str or path-like, optional
        Also count words of this bias lexicon (see :func:`read_bias_words`).

    Columns: ``loaded_per_100w`` (loaded terms per 100 words of kept text; NaN for an empty
    body), ``british_spelling_share`` (British among British+American variant words; NaN when
    the version has none), ``spelling_variants_per_100w``.
    """

    feature_names = ("loaded_per_100w", "british_spelling_share", "spelling_variants_per_100w")

    def __init__(self, *, bias_lexicon=None):
        self.bias_lexicon = bias_lexicon

    def _validate_params(self) -> None:
        if self.bias_lexicon is not None and not isinstance(self.bias_lexicon, (str, os.PathLike)):
            raise ValueError("bias_lexicon must be a path or None")
        if self.bias_lexicon is not None:
            read_bias_words(self.bias_lexicon)

    def _row(self, doc: Document) -> list[float]:
        # words over the joined kept sentences: _WORD cannot match a line break (see kept_text)
        words = len(_WORD_COUNT.findall(doc.kept_text))
        if words == 0:
            return [float("nan")] * 3
        # counts only: the matches of find_loaded and find_spellings, without building them
        text, low = doc.text, doc.lowered_text
        ranges = [(s.start, s.end) for s in doc.kept_sentences]
        # the three patterns in one search of each sentence (see spans_of_all)
        loaded_spans, brit_spans, amer_spans = spans_of_all([_loaded_matcher(), *_spelling_matchers()], text, low,
                                                            ranges)
        if self.bias_lexicon is not None:
            loaded = len(find_loaded(doc, bias_words=read_bias_words(self.bias_lexicon)))
        else:
            loaded = sum(map(len, loaded_spans))
        brit = sum(map(len, brit_spans))
        spell = brit + sum(map(len, amer_spans))
        share = brit / spell if spell else float("nan")
        return [100.0 * loaded / words, share, 100.0 * spell / words]
