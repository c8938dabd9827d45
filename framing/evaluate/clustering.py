"""Story clustering against the AllSides roundups: do the left, center and right leads of one
event end up in one story, and leads of different events apart?

Every part the folder holds is pooled on its own (one clustering per file: ``train.source``,
``val.source``, ...), the articles' title and lead are clustered with
:func:`framing.cluster.cluster_articles` (default options, chosen on ``train.source``; report
``val.source`` as held out), and the predicted stories are scored against the events with
pairwise precision, recall and F1 over all pairs of articles: a pair is positive when both
articles are in one story. Parts without dates (the probe files) are one time window.
"""

from __future__ import annotations

__all__ = ["validate", "pairwise_scores"]

from collections import Counter
from math import comb
from pathlib import Path
from typing import Sequence

from ..cluster import ClusterOptions, cluster_articles
from ..datasets.neus_allsides import read_allsides


def pairwise_scores(gold: Sequence, pred: Sequence) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering ``pred`` against ``gold`` labels.

    Parameters
    ----------
    gold, pred : sequence
        A cluster label per item (same length).

    Returns
    -------
    dict of str to float
        ``precision, recall, f1`` over pairs of items put in one cluster (NaN precision or recall
        when there is no such pair).

    Raises
    ------
    ValueError
        If the lengths differ.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predicted")
    pred_pairs = sum(comb(c, 2) for c in Counter(pred).values())
    gold_pairs = sum(comb(c, 2) for c in Counter(gold).values())
    tp = sum(comb(c, 2) for c in Counter(zip(gold, pred)).values())
    p = tp / pred_pairs if pred_pairs else float("nan")
    r = tp / gold_pairs if gold_pairs else float("nan")
    f = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"precision": float(p), "recall": float(r), "f1": float(f)}


def validate(data_dir) -> dict:
    """Score story clustering on the AllSides roundups in ``data_dir``.

    Parameters
    ----------
    data_dir : str or path-like
        The dataset folder in its original layout (any subset of it).

    Returns
    -------
    dict
        ``{"task", "dataset", "data_dir", "parts", "n", "metrics": {...}, "notes"}`` (see
        :mod:`framing.evaluate`).

    Raises
    ------
    InputError
        If ``data_dir`` holds none of the dataset.
    """
    options = ClusterOptions()
    parts = read_allsides(data_dir)
    metrics, n = {}, {}
    for name, articles in parts.items():
        pred = cluster_articles([f"{a.title}. {a.text}" for a in articles], [a.date for a in articles], options)
        gold = [a.event for a in articles]
        key = name.rsplit(".", 1)[0] if name.endswith(".source") else name
        metrics[key] = pairwise_scores(gold, pred)
        n[key] = {"articles": len(articles), "events": len(set(gold)), "stories": len(set(pred))}
    return {
        "task": "clustering",
        "dataset": "neus_allsides",
        "data_dir": str(Path(data_dir)),
        "parts": sorted(parts),
        "n": n,
        "metrics": metrics,
        "notes": [
            f"options: {options}",
            "pairwise precision/recall/F1 over article pairs; one clustering per part",
            "probe parts have no dates: the whole part is one time window, harder than a real feed",
            "the options were chosen on train; val is held out",
        ],
    }
