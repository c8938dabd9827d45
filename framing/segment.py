"""Sentences and paragraphs as character spans of the text as loaded.

A scraped article is a sequence of lines. A non-blank line (or a run of non-blank lines
without a blank line between them, when the lines are wrapped prose) is a paragraph; headlines,
bullet lines and captions are their own paragraphs. Inside a paragraph, sentence boundaries come
from blingfire's finite-state splitter (offline, about as fast as a regex), with a few repairs
for news text that it gets wrong.
"""

from __future__ import annotations

__all__ = ["Sentence", "Paragraph", "paragraphs", "segment", "count_words"]

import ctypes
import re
from typing import NamedTuple

import blingfire
import numpy as np


class Paragraph(NamedTuple):
    """A paragraph: ``text[start:end]``, without surrounding white space."""

    para_id: int
    start: int
    end: int


class Sentence(NamedTuple):
    """A sentence span of an article's text.

    Attributes
    ----------
    sent_id : int
        Position of the sentence in the article, from 0.
    start, end : int
        Character offsets: ``text[start:end]`` is the sentence, stripped of white space.
    paragraph : int
        ``para_id`` of the paragraph that holds it.
    kept : bool
        False when cleaning dropped it (page chrome, an unrelated story).
    drop_reason : str
        Why it was dropped; empty when kept.
    """

    sent_id: int
    start: int
    end: int
    paragraph: int
    kept: bool = True
    drop_reason: str = ""


# A line break ends a paragraph when a blank line follows, or when the line looks like a unit of
# its own (short, or with no sentence-final punctuation); wrapped prose lines are joined.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_TRAILING_WS = re.compile(r"\s+$")
_LEADING_WS = re.compile(r"^\s+")

# Abbreviations after which blingfire sometimes splits though the sentence goes on.
_NO_SPLIT_AFTER = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Cmdr|Adm|Rev|St|Jr|Sr|Co|Corp|Inc|Ltd|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|vs|etc|approx|Mt|Ft|Ave|Blvd)\.|"
    r"\b(?:[A-Z]\.){2,}|\b[A-Z]\.)$"
)
# ...unless what follows clearly starts a new sentence: a capitalised common opener.
_NEW_SENTENCE_START = re.compile(r"(?:The|A|An|He|She|It|They|We|I|In|On|But|And|This|That|There)\b")


def _no_split_after(piece: str) -> bool:
    """``_NO_SPLIT_AFTER.search(piece.rstrip())``, read from the last word only: a match holds
    no white space and ends the string, and where white space precedes the last word a word
    boundary sees it as it sees the start of a string (speed: the search of a whole sentence
    tried the pattern at every character)."""
    last = piece.rsplit(None, 1)
    return bool(last) and _NO_SPLIT_AFTER.search(last[-1]) is not None


def _lines(text: str):
    """Yield (start, end) of each line's content, without its line break."""
    pos = 0
    n = len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        line = m.group(0)
        body = line.rstrip("\r\n")
        yield pos, pos + len(body)
        if not line:
            break
        pos = m.end()


def paragraphs(text: str) -> list[Paragraph]:
    """Split ``text`` into paragraphs.

    Parameters
    ----------
    text : str
        The article text as loaded.

    Returns
    -------
    list of Paragraph
        Non-empty spans in document order; ``text[p.start:p.end]`` has no leading or trailing
        white space. Each non-blank line is one paragraph: scraped news puts one paragraph on a
        line, and headlines, bullets and captions are lines of their own.
    """
    out: list[Paragraph] = []
    for start, end in _lines(text):
        chunk = text[start:end]
        lead = _LEADING_WS.match(chunk)
        if lead:
            start += lead.end()
        trail = _TRAILING_WS.search(text, start, end) if start < end else None
        if trail:
            end = trail.start()
        if end > start:
            out.append(Paragraph(len(out), start, end))
    return out


def _split_paragraph(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph (absolute offsets).

    The spans tile the paragraph: blingfire's boundaries decide where a sentence starts, and each
    sentence runs to the start of the next, so no character (not even one blingfire skips, such
    as a control character) falls outside every sentence. The caller trims white space.
    """
    starts = sorted({start + a for a in _sentence_starts(text[start:end])} | {start})
    merged: list[int] = [starts[0]]
    for a in starts[1:]:
        if a >= end:
            continue
        if _no_split_after(text[merged[-1] : a]) and not _NEW_SENTENCE_START.match(text, a):
            continue
        merged.append(a)
    spans = [(a, b) for a, b in zip(merged, merged[1:] + [end])]
    return [piece for a, b in spans for piece in _cap_length(text, a, b)]


def _sentence_starts(chunk: str) -> list[int]:
    """Character offsets at which blingfire starts a non-empty sentence in ``chunk``.

    The same boundaries as ``blingfire.text_to_sentences_and_offsets``, whose wrapper maps UTF-8
    byte offsets to character offsets in a Python loop over every byte (most of the cost of
    cleaning a story); here the mapping is one numpy cumulative sum (none for ASCII text).
    """
    data = chunk.encode("utf-8")
    size = 2 * len(data)
    out = ctypes.create_string_buffer(size)
    begins, ends = (ctypes.c_int32 * size)(), (ctypes.c_int32 * size)()
    n = blingfire.blingfire.TextToSentencesWithOffsets(
        ctypes.c_char_p(data), ctypes.c_int(len(data)), ctypes.byref(out), ctypes.byref(begins),
        ctypes.byref(ends), ctypes.c_int(size))
    if n == -1 or n > size:
        return []
    count = out.value.count(b"\n") + 1
    # ends are inclusive bytes; a sentence that ends before it starts is empty
    first = [a for a, b in zip(begins[:count], ends[:count]) if b >= a]
    if chunk.isascii():
        return first  # (plain lists: a paragraph has a few sentences, numpy costs more here)
    # a byte starts a character unless it is a UTF-8 continuation byte (10xxxxxx)
    starts_char = (np.frombuffer(data, dtype=np.uint8) & 0xC0) != 0x80
    return (np.cumsum(starts_char) - 1)[np.asarray(first, dtype=np.int64)].tolist()


#: A "sentence" longer than this many characters (a scrape with no punctuation, a table flattened
#: into one line) is cut at white space into pieces of at most this size, so that no downstream
#: step (quote clauses, sentiment windows) works on unbounded spans. Real news sentences are far
#: shorter: the longest in the example story has under 300 characters.
MAX_SENTENCE_CHARS = 2000


def _cap_length(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
        if cut <= start:
            cut = start + MAX_SENTENCE_CHARS  # no space in reach: cut inside the word
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def segment(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with offsets into ``text``.

    Parameters
    ----------
    text : str
        The article text as loaded.

    Returns
    -------
    list of Sentence
        In document order, all ``kept=True``; ``text[s.start:s.end]`` is the sentence.

    Examples
    --------
    >>> text = "He met Dr. Smith in the U.S. on Feb. 3. She left."
    >>> [text[s.start:s.end] for s in segment(text)]
    ['He met Dr. Smith in the U.S. on Feb. 3.', 'She left.']
    """
    return _segment(text, paragraphs(text))


def _segment(text: str, paras: list[Paragraph]) -> list[Sentence]:
    """:func:`segment`, given ``paragraphs(text)``."""
    out: list[Sentence] = []
    for para in paras:
        for a, b in _split_paragraph(text, para.start, para.end):
            # blingfire trims, but be certain the span carries no outer white space.
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append(Sentence(len(out), a, b, para.para_id))
    return out


_WORD_RE = re.compile(r"[^\W_]+(?:[’'\-.][^\W_]+)*", re.UNICODE)


def count_words(text: str) -> int:
    """Number of words in ``text``: runs of letters or digits, with inner apostrophes,
    hyphens and dots kept in one word ("Afghanistan’s", "counter-terrorism", "U.S").

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    int
        The number of words.
    """
    return len(_WORD_RE.findall(text))
