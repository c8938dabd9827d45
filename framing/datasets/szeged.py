"""Reader for the Szeged Uncertainty Corpus (FactBank news and WikiWeasel parts).

The corpus (Szarvas et al. 2012; format of ``Uncertainty.dtd``, written by R. Farkas for
BioScope) is XML: ``Annotation/DocumentSet/Document`` holds a ``DocID`` and ``DocumentPart``
elements of ``Sentence`` elements (the DTD spells it ``sentence``; both are accepted). Cues
are inline ``<ccue type="...">`` elements whose text is the cue's words. This module only
parses: sentence texts, and cue spans as character offsets into the sentence text.
"""

from __future__ import annotations

__all__ = ["SzegedCue", "SzegedSentence", "SzegedDocument", "read_szeged", "normalise_cue_type"]

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError


class SzegedCue(NamedTuple):
    """One gold uncertainty cue.

    Attributes
    ----------
    start, end : int
        Offsets into the sentence text: ``sentence.text[start:end] == text``.
    text : str
        The cue's words as annotated.
    type : str
        Cue type with the ``speculation_`` prefix and the trailing ``" _"``/``"_"`` removed,
        e.g. ``modal_probable``, ``hypo_doxastic``, ``hypo_condition``.
    raw_type : str
        The ``type`` attribute as it stands in the file.
    """

    start: int
    end: int
    text: str
    type: str
    raw_type: str


class SzegedSentence(NamedTuple):
    """A sentence with its gold cues.

    Attributes
    ----------
    doc_id : str
        ``DocID`` of the document that holds it.
    sent_id : str
        The ``id`` attribute (``S1.9``); unique within a document only.
    part : str
        ``type`` of the enclosing ``DocumentPart`` (``Title``, ``Text``, ``unknown``...).
    text : str
        The sentence text, rebuilt from the element text and every child's text and tail.
    cues : tuple of SzegedCue
        Gold cues, in order.
    """

    doc_id: str
    sent_id: str
    part: str
    text: str
    cues: tuple[SzegedCue, ...]

    @property
    def uncertain(self) -> bool:
        """True when the sentence holds at least one cue (the corpus has no other label)."""
        return bool(self.cues)


class SzegedDocument(NamedTuple):
    """A document: its ``DocID``, ``type`` attribute and sentences."""

    doc_id: str
    doc_type: str
    sentences: tuple[SzegedSentence, ...]


def normalise_cue_type(raw: str) -> str:
    """``"speculation_modal_probable _"`` -> ``"modal_probable"``.

    Parameters
    ----------
    raw : str
        A ``ccue`` element's ``type`` attribute.

    Returns
    -------
    str
        The type without the ``speculation_`` prefix and trailing underscores and spaces.
    """
    t = raw.strip().rstrip("_").strip()
    if t.startswith("speculation_"):
        t = t[len("speculation_"):]
    return t


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _sentence(elem: ET.Element, doc_id: str, part: str) -> SzegedSentence:
    pieces: list[str] = [elem.text or ""]
    pos = len(pieces[0])
    cues: list[SzegedCue] = []

    def walk(children):
        nonlocal pos
        for child in children:
            # xcope (scope) elements may nest cues; ccue/cue are cues; text is kept either way.
            head = child.text or ""
            name = _local(child.tag)
            start = pos
            pieces.append(head)
            pos += len(head)
            walk(list(child))
            if name in ("ccue", "cue"):
                raw = child.get("type", "")
                cues.append(SzegedCue(start, pos, "".join(pieces)[start:pos] if len(child) else head,
                                      normalise_cue_type(raw), raw))
            tail = child.tail or ""
            pieces.append(tail)
            pos += len(tail)

    walk(list(elem))
    text = "".join(pieces)
    cues.sort(key=lambda c: (c.start, c.end))
    return SzegedSentence(doc_id, elem.get("id", ""), part, text, tuple(cues))


def read_szeged(path: str | Path) -> list[SzegedDocument]:
    """Parse one Szeged-format XML file (``factbank.xml``, ``wiki.xml``, ...).

    Parameters
    ----------
    path : str or Path
        The XML file. The DTD is not fetched or validated (no network).

    Returns
    -------
    list of SzegedDocument
        Documents in file order, each with its sentences and their cues.

    Raises
    ------
    InputError
        If the file cannot be parsed as XML.
    """
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise InputError(path, f"cannot read as Szeged uncertainty XML ({exc})") from None
    docs: list[SzegedDocument] = []
    for doc in root.iter():
        if _local(doc.tag) != "document":
            continue
        doc_id = ""
        sentences: list[SzegedSentence] = []
        for child in doc:
            name = _local(child.tag)
            if name == "docid":
                doc_id = (child.text or "").strip()
            elif name == "documentpart":
                part = child.get("type", "")
                for s in child:
                    if _local(s.tag) == "sentence":
                        sentences.append(_sentence(s, doc_id, part))
        # DocID may come after parts in principle; fill it in afterwards.
        sentences = [s._replace(doc_id=doc_id) for s in sentences]
        docs.append(SzegedDocument(doc_id, doc.get("type", ""), tuple(sentences)))
    return docs
