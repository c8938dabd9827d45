"""A version of a story after segmentation and cleaning: the unit every extractor reads."""

from __future__ import annotations

__all__ = ["Document", "make_document"]

from dataclasses import dataclass
from functools import cached_property

from .corpus import Article
from .segment import Sentence, segment


@dataclass(frozen=True)
class Document:
    """One article with its sentences, each marked kept or dropped.

    Extractors read ``text`` and ``kept_sentences``; every span they report is an offset pair
    into ``text`` (the article text as loaded), so ``text[start:end]`` is the evidence.

    Attributes
    ----------
    article : Article
        The version as loaded.
    sentences : tuple of Sentence
        All sentences, kept and dropped, in document order.
    """

    article: Article
    sentences: tuple[Sentence, ...]

    @property
    def text(self) -> str:
        """The version's text as loaded (``article.text``): every offset points into it."""
        return self.article.text

    @property
    def story_id(self) -> str:
        """The story id of the version (``article.story_id``)."""
        return self.article.story_id

    @property
    def outlet(self) -> str:
        """The outlet of the version (``article.outlet``)."""
        return self.article.outlet

    @cached_property
    def kept_sentences(self) -> tuple[Sentence, ...]:
        """The sentences of the story body (cleaning kept them)."""
        # computed once: every extractor reads it, several times per version
        return tuple(s for s in self.sentences if s.kept)

    @cached_property
    def kept_text(self) -> str:
        """The kept sentences joined by line breaks, computed once.

        Returns
        -------
        str
            ``"\\n".join(text[s.start:s.end] for s in kept_sentences)``: a word count by a
            pattern that cannot match a line break and looks neither behind nor ahead is the
            sum of its counts over the sentences. Not for offsets: they point into :attr:`text`.
        """
        text = self.article.text
        return "\n".join([text[s.start:s.end] for s in self.kept_sentences])

    @cached_property
    def lowered_text(self) -> str | None:
        """The lower-cased text for case-insensitive searches, computed once (the frame,
        loaded-term and spelling searches all read it).

        Returns
        -------
        str or None
            ``text.lower()``, with every character at its offset in :attr:`text`, when
            searching it with a lower-case pattern finds what a case-insensitive search of
            ``text`` finds; None when ``text`` holds a character for which that fails ("İ",
            "ı", "ſ"): callers then search ``text`` case-insensitively.
        """
        from .compare.wording import _lowered

        return _lowered(self.article.text)

    def __getstate__(self) -> dict:
        # the fields only: cached properties are rebuilt on demand after unpickling
        return {"article": self.article, "sentences": self.sentences}

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)

    def sentence_text(self, sentence: Sentence) -> str:
        """The text of one sentence.

        Parameters
        ----------
        sentence : Sentence
            A sentence of this document.

        Returns
        -------
        str
            ``text[sentence.start:sentence.end]``.
        """
        return self.article.text[sentence.start : sentence.end]


def make_document(text: str, *, story_id: str = "", outlet: str = "") -> Document:
    """Wrap a bare text as a :class:`Document` with every sentence kept.

    For extractors used on plain strings (``transform(["text one", "text two"])``): no
    cleaning, since there are no other versions to compare against.

    Parameters
    ----------
    text : str
        The text; offsets of the result point into it unchanged.
    story_id, outlet : str, optional
        Stored on the document's :class:`~framing.corpus.Article` (default empty).

    Returns
    -------
    Document
        Its sentences by :func:`~framing.segment.segment`, all kept.
    """
    article = Article(story_id=story_id, outlet=outlet, text=text)
    return Document(article, tuple(segment(text)))
