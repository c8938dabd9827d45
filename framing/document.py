"""A version of a story after segmentation and cleaning: the unit every extractor reads."""

from __future__ import annotations

__all__ = ["Document", "make_document"]

from dataclasses import dataclass

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
        return self.article.text

    @property
    def story_id(self) -> str:
        return self.article.story_id

    @property
    def outlet(self) -> str:
        return self.article.outlet

    @property
    def kept_sentences(self) -> tuple[Sentence, ...]:
        """The sentences of the story body (cleaning kept them)."""
        return tuple(s for s in self.sentences if s.kept)

    def sentence_text(self, sentence: Sentence) -> str:
        """``text[sentence.start:sentence.end]``."""
        return self.article.text[sentence.start : sentence.end]


def make_document(text: str, *, story_id: str = "", outlet: str = "") -> Document:
    """Wrap a bare text as a :class:`Document` with every sentence kept.

    For extractors used on plain strings (``transform(["text one", "text two"])``): no
    cleaning, since there are no other versions to compare against.
    """
    article = Article(story_id=story_id, outlet=outlet, text=text)
    return Document(article, tuple(segment(text)))
