"""Drop page chrome and unrelated stories from every version of a story.

Scraped news pages carry more than the story: navigation, share buttons, "Related Articles"
and whole other stories appended after the one the page is about. Cleaning marks each sentence
kept or dropped and says why, so a reader can check every decision; the text itself is never
changed and offsets stay valid.

Evidence inside one version:

* ``chrome``: a whole line matches a phrase of ``lexicons/chrome_phrases.tsv``;
* ``related_block``: everything from a trailer line ("Related Articles") to the end;
* ``repeated_line``: a line repeated verbatim earlier in the version (a headline printed twice);
* ``short_line``: a line of one or two words with no sentence punctuation, outside the body,
  or not an all-capitals subhead inside it ("Taliban" as a tag, "Yahoo", "Financial Times").

Evidence across versions (only when the story has two or more versions):

* ``unrelated_story``: paragraphs outside the story body. Each paragraph gets an *affinity*:
  the share of its content words that the other versions use too. The body is the contiguous
  run of paragraphs that maximises the sum of ``(affinity - threshold) * words`` (a maximum
  subarray); what lies before or after it is another story or page furniture.
"""

from __future__ import annotations

__all__ = ["CleaningOptions", "clean_story", "clean_documents", "DROP_REASONS", "content_words"]

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .corpus import Story
from .document import Document
from .lexicons import read_lexicon
from .segment import Paragraph, Sentence, paragraphs, segment

#: Every ``drop_reason`` cleaning can give, with what it means.
DROP_REASONS = {
    "chrome": "a line of page chrome (lexicons/chrome_phrases.tsv)",
    "related_block": "after a trailer line such as 'Related Articles'",
    "repeated_line": "repeats a line printed earlier in the version (e.g. the headline)",
    "short_line": "a one- or two-word line that is not a subhead",
    "unrelated_story": "outside the story body: shares few words with the other versions",
}

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_SENTENCE_PUNCT = re.compile(r"[.!?:;\"”’')]\s*$")


@dataclass(frozen=True)
class CleaningOptions:
    """Parameters of :func:`clean_story`.

    Attributes
    ----------
    affinity_threshold : float
        A paragraph whose affinity is below this pulls the body boundary away from it. Chosen
        on BASIL events with another event's article appended (see ``analyses/cleaning_basil.py``),
        not on the example story.
    chrome_lexicon : str or Path
        The chrome phrase file (format of ``lexicons/chrome_phrases.tsv``).
    cross_version : bool
        Use the other versions as evidence of what the story is.
    """

    affinity_threshold: float = 0.35
    chrome_lexicon: str | Path = "chrome_phrases.tsv"
    cross_version: bool = True


@lru_cache(maxsize=8)
def _chrome_patterns(lexicon: str) -> tuple[re.Pattern, re.Pattern]:
    line, end = [], []
    for row in read_lexicon(lexicon):
        if len(row) < 2:
            continue
        (line if row[0] == "line" else end if row[0] == "end" else []).append(f"(?:{row[1]})")
    def compile_(parts):
        return re.compile(r"^\s*(?:" + "|".join(parts or ["(?!)"]) + r")\s*$", re.IGNORECASE)
    return compile_(line), compile_(end)


def content_words(text: str) -> list[str]:
    """Lower-cased words of three or more letters that are not English stop words."""
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in ENGLISH_STOP_WORDS]


def _is_short_line(line: str) -> bool:
    words = line.split()
    return len(words) <= 2 and not _SENTENCE_PUNCT.search(line)


def _is_subhead(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _in_version_reasons(text: str, paras: list[Paragraph], options: CleaningOptions) -> list[str]:
    """A drop reason per paragraph ("" = no in-version evidence against it)."""
    line_re, end_re = _chrome_patterns(str(options.chrome_lexicon))
    reasons = [""] * len(paras)
    seen: set[str] = set()
    trailer = False
    for i, p in enumerate(paras):
        line = text[p.start : p.end]
        key = " ".join(line.split()).casefold()
        if trailer or end_re.match(line):
            trailer = True
            reasons[i] = "related_block"
        elif line_re.match(line):
            reasons[i] = "chrome"
        elif key in seen:
            reasons[i] = "repeated_line"
        seen.add(key)
    return reasons


def _max_subarray(scores: list[float]) -> tuple[int, int]:
    """Indices ``[i, j)`` of the contiguous run with the largest sum (Kadane)."""
    best, best_i, best_j = float("-inf"), 0, 0
    run, run_i = 0.0, 0
    for j, s in enumerate(scores):
        if run <= 0:
            run, run_i = s, j
        else:
            run += s
        if run > best:
            best, best_i, best_j = run, run_i, j + 1
    return best_i, best_j


def _body_range(words_per_para: list[list[str]], other_vocab: set[str], threshold: float) -> tuple[int, int]:
    scores = []
    for words in words_per_para:
        if not words:
            scores.append(0.0)
            continue
        affinity = sum(w in other_vocab for w in words) / len(words)
        scores.append((affinity - threshold) * len(words))
    if not any(s > 0 for s in scores):
        return 0, len(scores)  # nothing looks like the story: keep rather than drop everything
    return _max_subarray(scores)


def clean_documents(documents: list[Document], options: CleaningOptions | None = None) -> list[Document]:
    """Mark the sentences of each version kept or dropped.

    Parameters
    ----------
    documents : list of Document
        The versions of one story, segmented (sentences all kept).
    options : CleaningOptions, optional

    Returns
    -------
    list of Document
        Same order; each sentence has ``kept`` and ``drop_reason`` set.
    """
    options = options or CleaningOptions()
    per_doc = []
    for doc in documents:
        paras = paragraphs(doc.text)
        reasons = _in_version_reasons(doc.text, paras, options)
        words = [content_words(doc.text[p.start : p.end]) for p in paras]
        per_doc.append((paras, reasons, words))

    body = [(0, len(paras)) for paras, _, _ in per_doc]
    if options.cross_version and len(documents) > 1:
        # Two passes: the second builds each version's vocabulary from the others' bodies only,
        # so an unrelated story appended to one version stops lending words to the rest.
        for _ in range(2):
            vocabs = []
            for (paras, reasons, words), (lo, hi) in zip(per_doc, body):
                vocabs.append({w for k in range(lo, hi) if not reasons[k] for w in words[k]})
            new_body = []
            for d, (paras, reasons, words) in enumerate(per_doc):
                others = set().union(*(v for e, v in enumerate(vocabs) if e != d))
                masked = [w if not r else [] for w, r in zip(words, reasons)]
                new_body.append(_body_range(masked, others, options.affinity_threshold))
            body = new_body

    out = []
    for doc, (paras, reasons, words), (lo, hi) in zip(documents, per_doc, body):
        final = list(reasons)
        for k, p in enumerate(paras):
            line = doc.text[p.start : p.end]
            if final[k]:
                continue
            if not lo <= k < hi:
                final[k] = "short_line" if _is_short_line(line) else "unrelated_story"
            elif _is_short_line(line) and not _is_subhead(line):
                final[k] = "short_line"
        sentences = tuple(
            s._replace(kept=not final[s.paragraph], drop_reason=final[s.paragraph]) for s in doc.sentences
        )
        out.append(Document(doc.article, sentences))
    return out


def clean_story(story: Story, options: CleaningOptions | None = None) -> list[Document]:
    """Segment and clean every version of ``story``; see :func:`clean_documents`."""
    docs = [Document(a, tuple(segment(a.text))) for a in story.versions]
    return clean_documents(docs, options)
