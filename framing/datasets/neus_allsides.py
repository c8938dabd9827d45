"""NeuS / AllSides headline roundups (Lee et al., NAACL 2022): left, center and right outlets'
leads of one event. Read by path from the original layout; never copied.

Two layouts are read, whichever the folder holds:

* ``data/naacl2022_lrc_roundup_random_order_probe/<split>.source``: one event per line, three
  articles as ``TITLE=> <title>. ARTICLE=> <lead>`` joined by `` [SEP] `` (sides not marked,
  no dates);
* ``data/raw_crawled/*.jsonl``: one event per line with ``date`` and ``news`` by side.
"""

from __future__ import annotations

__all__ = ["AllSidesArticle", "read_allsides", "PROBE_DIR", "RAW_DIR"]

import json
import re
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError

PROBE_DIR = Path("data") / "naacl2022_lrc_roundup_random_order_probe"
RAW_DIR = Path("data") / "raw_crawled"
_ITEM = re.compile(r"^\s*TITLE=>\s*(?P<title>.*?)\s*ARTICLE=>\s*(?P<body>.*?)\s*$", re.S)


class AllSidesArticle(NamedTuple):
    """One outlet's lead of one AllSides event.

    Attributes
    ----------
    part : str
        The file it came from (``train.source``, ``headline_....jsonl``).
    event : str
        ``<part>:<line number>``: the articles of one event share it (the gold grouping).
    side : str or None
        ``left``/``center``/``right`` where the layout says so (raw_crawled), else None.
    title, text : str
    date : str or None
    source : str or None
        The outlet (raw_crawled only).
    """

    part: str
    event: str
    side: str | None
    title: str
    text: str
    date: str | None
    source: str | None


def _probe(path: Path) -> list[AllSidesArticle]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            for item in line.split("[SEP]"):
                m = _ITEM.match(item)
                if not m:
                    raise InputError(path, f"line {lineno}: expected 'TITLE=> ... ARTICLE=> ...'")
                title = m["title"].removesuffix(".")
                out.append(AllSidesArticle(path.name, f"{path.name}:{lineno}", None, title, m["body"], None, None))
    return out


def _raw(path: Path) -> list[AllSidesArticle]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"line {lineno}: malformed JSON ({exc.msg})") from None
            for side, news in sorted((event.get("news") or {}).items()):
                body = " ".join(news.get("newBody") or [])
                if not body.strip():
                    continue
                out.append(AllSidesArticle(path.name, f"{path.name}:{lineno}", side, news.get("newsTitle") or "",
                                           body, event.get("date"), news.get("newsSource")))
    return out


def read_allsides(data_dir: str | Path, parts: list[str] | None = None) -> dict[str, list[AllSidesArticle]]:
    """Articles by part (file name), for every part the folder holds.

    Parameters
    ----------
    data_dir : path-like
        The dataset folder (``neus_allsides``).
    parts : list of str, optional
        Only these file names (e.g. ``["val.source"]``).

    Raises
    ------
    InputError
        When the folder holds neither layout.

    Returns
    -------
    dict of str to list of AllSidesArticle
        Part file name -> its articles, in file order.
    """
    root = Path(data_dir)
    files = sorted((root / PROBE_DIR).glob("*.source")) + sorted((root / RAW_DIR).glob("*.jsonl"))
    if parts is not None:
        files = [f for f in files if f.name in parts]
    if not files:
        raise InputError(root, f"no AllSides roundups here (expected {PROBE_DIR}/*.source or {RAW_DIR}/*.jsonl)")
    return {f.name: (_probe(f) if f.suffix == ".source" else _raw(f)) for f in files}
