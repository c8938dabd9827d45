"""Reader for NewsWCL50 (Hamborg, Zhukova & Gipp, JCDL 2019): word choice and labeling.

Layout (as in the shared copy): ``original/Annotations.csv`` (first line ``sep=,``; concept
mentions and PROPERTY codes per event and outlet, positions in an unpublished tokenisation) and
article texts in ``luisgarchi_fulltext/1-raw-articles/event_N/<N>_<outlet>.txt`` (or
``.txt.txt``). Annotations carry no character offsets, so each ``code_mention`` is located in
the text by string search: the k-th annotation of a string (in annotation order: paragraph,
sentence, token) is put on the k-th occurrence, case-sensitive first, then case-insensitive.
"""

from __future__ import annotations

__all__ = ["GoldMention", "Article50", "read_newswcl50", "CONCEPT_TYPES"]

import re
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ..errors import InputError

CONCEPT_TYPES = ("ACTOR", "ACTOR-I", "COUNTRY", "GROUP", "EVENT", "ACTION", "OBJECT", "MISC")


class GoldMention(NamedTuple):
    """One annotation located in its article: ``text[start:end]`` matches ``mention``
    (``start == -1`` when it could not be found)."""

    event: int
    outlet: str
    code_type: str
    code_name: str
    mention: str
    target_concept: str
    start: int
    end: int


class Article50(NamedTuple):
    """One article with its located concept mentions and PROPERTY codes."""

    event: int
    outlet: str
    path: str
    text: str
    mentions: tuple  # GoldMention, concept rows
    properties: tuple  # GoldMention, PROPERTY rows


def _locate(text: str, rows: pd.DataFrame) -> list[GoldMention]:
    seen: dict[str, int] = defaultdict(int)
    out = []
    for r in rows.itertuples(index=False):
        m = str(r.code_mention)
        k = seen[m]
        seen[m] += 1
        hits = [x.start() for x in re.finditer(re.escape(m), text)]
        if not hits:
            hits = [x.start() for x in re.finditer(re.escape(m), text, re.I)]
        if not hits:
            # typographic quotes and dashes differ between the annotation and the text
            pat = re.escape(m).replace("'", "['’‘]").replace('"', '["“”]').replace("’", "['’‘]")
            hits = [x.start() for x in re.finditer(pat, text, re.I)]
        start = hits[min(k, len(hits) - 1)] if hits else -1
        out.append(GoldMention(int(r.event_id), str(r.publisher_id), str(r.code_type), str(r.code_name), m,
                               "" if pd.isna(r.target_concept) else str(r.target_concept),
                               start, start + len(m) if start >= 0 else -1))
    return out


def read_newswcl50(data_dir) -> list[Article50]:
    """All articles whose text ``data_dir`` holds, with their annotations located in the text.

    Raises
    ------
    InputError
        If ``data_dir`` holds no annotation file or no article text.

    Parameters
    ----------
    data_dir : str or path-like
        The NewsWCL50 folder in its original layout.

    Returns
    -------
    list of Article50
        Every article with text, its annotations located at offsets into that text.
    """
    root = Path(data_dir)
    ann = root / "original" / "Annotations.csv"
    if not ann.is_file():
        raise InputError(root, "no NewsWCL50 annotations here (expected original/Annotations.csv)")
    frame = pd.read_csv(ann, skiprows=1, dtype={"code_mention": str})
    frame = frame.dropna(subset=["code_mention"])
    frame = frame.sort_values(["event_id", "publisher_id", "paragraph", "sentence", "start", "end"], kind="stable")
    raw = root / "luisgarchi_fulltext" / "1-raw-articles"
    out = []
    for path in sorted(raw.glob("event_*/*.txt*")):
        m = re.fullmatch(r"(\d+)_([A-Z]+)\.txt(?:\.txt)?", path.name)
        if not m:
            continue
        event, outlet = int(m.group(1)), m.group(2)
        text = path.read_text(encoding="utf-8")
        rows = frame[(frame.event_id == event) & (frame.publisher_id == outlet)]
        located = _locate(text, rows)
        out.append(Article50(event, outlet, str(path), text,
                             tuple(g for g in located if g.code_type != "PROPERTY"),
                             tuple(g for g in located if g.code_type == "PROPERTY")))
    if not out:
        raise InputError(root, "no NewsWCL50 article texts here (expected luisgarchi_fulltext/1-raw-articles/event_N/)")
    out.sort(key=lambda a: (a.event, a.outlet))
    return out
