"""Reader for PolNeAR (Newell, Margolin & Ruths, LREC 2018): attribution relations in brat format.

Layout (as published, read by path, never copied)::

    DIR/data/<split>/text/<article>.txt
    DIR/data/<split>/attributions/<article>_<annotator>.ann

Each ``.ann`` file holds text-bound spans (``T`` lines: Source, Cue, Content, ...) and
attribution relations (``E`` lines linking a Content to its Cue and, usually, its Source).
Offsets are 0-based, end exclusive, into the matching ``.txt``. Discontinuous spans
(``a b;c d``) are kept as their fragments and as the covering span ``(a, d)``.
"""

from __future__ import annotations

__all__ = ["Span", "Attribution", "PolnearArticle", "read_ann", "read_split", "splits", "QUOTE_MARKS"]

import re
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError

#: Characters that count as quotation marks when deciding whether a gold Content is direct.
QUOTE_MARKS = "\"“”‘’'«»„"


class Span(NamedTuple):
    """A text-bound annotation: ``text[start:end]`` covers all its fragments."""

    tid: str
    type: str
    start: int
    end: int
    fragments: tuple[tuple[int, int], ...]
    text: str


class Attribution(NamedTuple):
    """One attribution relation; ``source`` is None for Attribution-no-source."""

    rid: str
    content: Span
    cue: Span | None
    source: Span | None

    @property
    def is_direct(self) -> bool:
        """The Content begins or ends with a quotation mark (the README's recipe)."""
        t = self.content.text.strip()
        return bool(t) and (t[0] in QUOTE_MARKS or t[-1] in QUOTE_MARKS)


class PolnearArticle(NamedTuple):
    """An article with the attributions of one annotator."""

    split: str
    name: str
    annotator: str
    text: str
    attributions: tuple[Attribution, ...]


_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t?(.*)$")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


def read_ann(path: str | Path, text: str) -> tuple[Attribution, ...]:
    """Parse one brat ``.ann`` file into attribution relations.

    Parameters
    ----------
    path : path-like
        The ``.ann`` file.
    text : str
        The article text the offsets point into (for the covered text of each span).

    Returns
    -------
    tuple of Attribution
        In file order; relations without a Content are skipped (a few are malformed). A
        relation's ``Content``, ``Content2``, ... arguments are joined into one Content whose
        fragments are theirs, in text order.
    """
    spans: dict[str, Span] = {}
    relations: list[tuple[str, dict[str, str]]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        m = _T_LINE.match(line)
        if m:
            tid, typ, offs, _ = m.groups()
            frags = []
            for part in offs.split(";"):
                nums = part.split()
                if len(nums) == 2 and all(n.isdigit() for n in nums):
                    frags.append((int(nums[0]), int(nums[1])))
            if not frags:
                continue
            start, end = min(a for a, _ in frags), max(b for _, b in frags)
            spans[tid] = Span(tid, typ, start, end, tuple(frags), text[start:end])
            continue
        m = _E_LINE.match(line)
        if m:
            roles: dict[str, list[str]] = {}
            for arg in m.group(2).split():
                role, _, ref = arg.partition(":")
                role = role.rstrip("0123456789")  # brat numbers repeated roles: Content2
                roles.setdefault(role, []).append(ref)
            relations.append((m.group(1), roles))
    out = []
    for rid, roles in relations:
        content = _join([spans[r] for r in roles.get("Content", ()) if r in spans], text)
        if content is None:
            continue
        cue = spans.get(roles["Cue"][0]) if roles.get("Cue") else None
        source = spans.get(roles["Source"][0]) if roles.get("Source") else None
        out.append(Attribution(rid, content, cue, source))
    return tuple(out)


def _join(parts: list[Span], text: str) -> Span | None:
    """One Content from a relation's Content, Content2, ... arguments.

    A quote split by its speaker tag (``“A,” he said. “B.”``) is annotated either as one
    discontinuous span or as two Content arguments of one relation (64 train relations); both
    are one attributed content, so the second form is joined into the first (fragments in text
    order). Reading only the first argument made the relation's gold content half a quote.
    """
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    frags = tuple(sorted({f for p in parts for f in p.fragments}))
    start, end = frags[0][0], max(b for _, b in frags)
    return Span(parts[0].tid, parts[0].type, start, end, frags, text[start:end])


def splits(data_dir: str | Path) -> list[str]:
    """Names of the splits present under ``DIR/data`` that have ``text`` and ``attributions``.

    Parameters
    ----------
    data_dir : str or path-like
        The PolNeAR folder (holding ``data/``).

    Returns
    -------
    list of str
        Split names, sorted.
    """
    root = Path(data_dir) / "data"
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir() if (p / "text").is_dir() and (p / "attributions").is_dir() and p.name != "parc3-replication"
    )


def read_split(data_dir: str | Path, split: str, *, all_annotators: bool = False) -> list[PolnearArticle]:
    """Read the articles of one split.

    Parameters
    ----------
    data_dir : path-like
        The PolNeAR folder (holding ``data/``).
    split : str
        ``train``, ``dev``, ``test`` or ``annotator-training``.
    all_annotators : bool
        By default one annotation per article: the annotator whose id sorts first (a fixed,
        outcome-blind choice for the 20 articles that several annotators labelled).

    Raises
    ------
    InputError
        When the split folder is missing.

    Returns
    -------
    list of PolnearArticle
        The split's articles with their attribution relations.
    """
    base = Path(data_dir) / "data" / split
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(base, "no text/ and attributions/ folders")
    out = []
    seen: set[str] = set()
    for ann in sorted(ann_dir.glob("*.ann")):
        name, _, annotator = ann.stem.rpartition("_")
        if not all_annotators and name in seen:
            continue
        txt = text_dir / f"{name}.txt"
        if not txt.is_file():
            continue
        seen.add(name)
        with open(txt, encoding="utf-8", newline="") as fh:  # keep \r\n: offsets count it
            text = fh.read()
        out.append(PolnearArticle(split, name, annotator, text, read_ann(ann, text)))
    return out
