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

* ``unrelated_story``: text outside the story body. A version is cut into segments where a
  headline-like line follows prose (where another article may begin). Each segment gets an
  *affinity*: the share of its content words that the other versions' bodies use too. The body
  is the contiguous run of segments that maximises the sum of ``(affinity - threshold) * words``
  (a maximum subarray); what lies before or after it is another story or page furniture.
"""

from __future__ import annotations

__all__ = ["CleaningOptions", "clean_story", "clean_documents", "DROP_REASONS", "content_words"]

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .corpus import Story
from .document import Document
from .lexicons import read_lexicon
from .segment import Paragraph, _segment, paragraphs

#: Every ``drop_reason`` cleaning can give, with what it means.
DROP_REASONS = {
    "chrome": "a line of page chrome (lexicons/chrome_phrases.tsv)",
    "related_block": "after a trailer line such as 'Related Articles'",
    "repeated_line": "repeats a line printed earlier in the version (e.g. the headline)",
    "short_line": "a one- or two-word line that is not a subhead",
    "unrelated_story": "outside the story body: shares few words with the other versions",
}

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# A line that ends like a sentence (closing quotes and brackets may follow the stop).
_SENTENCE_PUNCT = re.compile(r"[.!?:;…][\"”’')\]]*\s*$")


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
    """Lower-cased words of three or more letters that are not English stop words.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of str
        The words in text order (scikit-learn's English stop-word list).
    """
    return list(filterfalse(ENGLISH_STOP_WORDS.__contains__, map(str.lower, _WORD.findall(text))))


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


def _is_headline_like(line: str) -> bool:
    return len(line.split()) <= 20 and not _SENTENCE_PUNCT.search(line)


def _segments(lines: list[str], reasons: list[str]) -> list[int]:
    """Segment index per paragraph: a new segment starts at a headline-like line that follows
    prose, where another article may begin. Dropped paragraphs join the current segment."""
    seg, out, prev_headline = 0, [], True
    for line, reason in zip(lines, reasons):
        if not reason:
            headline = _is_headline_like(line)
            if headline and not prev_headline:
                seg += 1
            prev_headline = headline
        out.append(seg)
    return out


def _body_range(words_per_para: list[list[str]], segment_of: list[int], other_vocab: set[str],
                threshold: float) -> tuple[int, int]:
    """``[lo, hi)`` paragraph range of the story body: the run of segments with the largest sum
    of ``(affinity - threshold) * words``. Deciding per segment, not per paragraph, keeps a
    body paragraph that happens to share few words with the other versions."""
    n_seg = (segment_of[-1] + 1) if segment_of else 0
    shared, total = [0] * n_seg, [0] * n_seg
    for words, seg in zip(words_per_para, segment_of):
        total[seg] += len(words)
        shared[seg] += sum(map(other_vocab.__contains__, words))  # (in C)
    scores = [shared[k] - threshold * total[k] for k in range(n_seg)]
    if not any(sc > 0 for sc in scores):
        return 0, len(words_per_para)  # nothing looks like the story: keep rather than drop all
    first, last = _max_subarray(scores)
    paras = [k for k, seg in enumerate(segment_of) if first <= seg < last]
    return paras[0], paras[-1] + 1


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
    return _clean(documents, options or CleaningOptions(), None)


def _clean(documents: list[Document], options: CleaningOptions, paras_of: list | None) -> list[Document]:
    """:func:`clean_documents`; ``paras_of[i]`` is ``paragraphs(documents[i].text)`` when the
    caller has it."""
    per_doc = []
    for i, doc in enumerate(documents):
        paras = paragraphs(doc.text) if paras_of is None else paras_of[i]
        reasons = _in_version_reasons(doc.text, paras, options)
        lines = [doc.text[p.start : p.end] for p in paras]
        words = [content_words(line) for line in lines]
        per_doc.append((paras, reasons, words, _segments(lines, reasons)))

    body = [(0, len(item[0])) for item in per_doc]
    if options.cross_version and len(documents) > 1:
        # Two passes: the second builds each version's vocabulary from the others' bodies only,
        # so an unrelated story appended to one version stops lending words to the rest.
        for _ in range(2):
            vocabs = []
            for (paras, reasons, words, _), (lo, hi) in zip(per_doc, body):
                vocabs.append({w for k in range(lo, hi) if not reasons[k] for w in words[k]})
            new_body = []
            for d, (paras, reasons, words, segment_of) in enumerate(per_doc):
                others = set().union(*(v for e, v in enumerate(vocabs) if e != d))
                masked = [w if not r else [] for w, r in zip(words, reasons)]
                new_body.append(_body_range(masked, segment_of, others, options.affinity_threshold))
            body = new_body

    out = []
    for doc, (paras, reasons, _, _), (lo, hi) in zip(documents, per_doc, body):
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
    """Segment and clean every version of ``story``; see :func:`clean_documents`.

    Parameters
    ----------
    story : Story
        The story's versions as loaded.
    options : CleaningOptions, optional
        Cleaning parameters; default ``CleaningOptions()``.

    Returns
    -------
    list of Document
        One per version, in version order, every sentence kept or dropped with its reason.
    """
    docs, paras_of = [], []
    for a in story.versions:
        paras = paragraphs(a.text)  # once: segmenting and cleaning both read them
        docs.append(Document(a, tuple(_segment(a.text, paras))))
        paras_of.append(paras)
    return _clean(docs, options or CleaningOptions(), paras_of)
