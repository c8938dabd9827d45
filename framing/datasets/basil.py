"""BASIL (Fan et al., EMNLP 2019): 100 events, each told by Fox News, the New York Times and
HuffPost, with phrase-level bias annotations. Read by path from its original layout
(``articles/<year>/<triplet-uuid>_<k>.json``); never copied.
"""

from __future__ import annotations

__all__ = ["BasilArticle", "read_basil", "basil_events", "article_text", "OUTLETS"]

import json
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError

#: BASIL's source codes, as the outlets' names.
OUTLETS = {"fox": "Fox News", "nyt": "New York Times", "hpo": "HuffPost"}


class BasilArticle(NamedTuple):
    """One BASIL article: metadata and its paragraphs as lists of sentence strings."""

    triplet: str
    outlet: str
    title: str
    date: str
    year: str
    path: str
    paragraphs: tuple[tuple[str, ...], ...]


def read_basil(data_dir: str | Path) -> list[BasilArticle]:
    """Every article under ``data_dir/articles``, sorted by year, triplet and outlet.

    Raises
    ------
    InputError
        If the folder holds no BASIL articles, or one is malformed.

    Parameters
    ----------
    data_dir : str or path-like
        The BASIL folder (holding ``articles/``).

    Returns
    -------
    list of BasilArticle
        Sorted by year, triplet and outlet.
    """
    root = Path(data_dir) / "articles"
    files = sorted(root.glob("*/*.json"))
    if not files:
        raise InputError(data_dir, "no BASIL articles (expected articles/<year>/<uuid>_<k>.json)")
    out = []
    for f in files:
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
            paras = tuple(tuple(str(s) for s in p) for p in d["body-paragraphs"])
            source = str(d["source"]).lower()
            out.append(BasilArticle(d["triplet-uuid"], OUTLETS.get(source, source), d.get("title") or "",
                                    d.get("date") or "", f.parent.name, str(f), paras))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f, f"malformed BASIL article ({exc})") from None
    order = list(OUTLETS.values())
    out.sort(key=lambda a: (a.year, a.triplet, order.index(a.outlet) if a.outlet in order else 9, a.path))
    return out


def basil_events(articles: list[BasilArticle]) -> list[list[BasilArticle]]:
    """Group articles into events (triplets), keeping the sorted order.

    Parameters
    ----------
    articles : list of BasilArticle
        :func:`read_basil` output.

    Returns
    -------
    list of list of BasilArticle
        One list per triplet, in order.
    """
    events: dict[str, list[BasilArticle]] = {}
    for a in articles:
        events.setdefault(a.triplet, []).append(a)
    return list(events.values())


def article_text(article: BasilArticle) -> str:
    """Title, a blank line, then one paragraph a line (sentences joined by spaces), blank lines
    between paragraphs: the shape of a scraped article.

    Parameters
    ----------
    article : BasilArticle
        One article.

    Returns
    -------
    str
        The text that gold offsets (e.g. ``tests/golden/facts_basil_*.csv``) point into.
    """
    body = "\n\n".join(" ".join(s.strip() for s in p) for p in article.paragraphs if p)
    return f"{article.title}\n\n{body}\n"
