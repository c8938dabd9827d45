"""framing: compare how news outlets tell the same story, with evidence."""

from .corpus import Article, Corpus, Story, load, load_corpus, load_story
from .document import Document, make_document
from .errors import FramingWarning, InputError
from .segment import Sentence, segment

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Corpus",
    "Document",
    "FramingWarning",
    "InputError",
    "Sentence",
    "Story",
    "load",
    "load_corpus",
    "load_story",
    "make_document",
    "segment",
    "__version__",
]
