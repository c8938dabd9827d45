"""Score quotation extraction and attribution against PolNeAR.

Recipe (the dataset README's):

* **direct**: gold = Content spans that begin or end with a quotation mark; predicted = the
  extractor's ``direct`` and ``partial`` quotes (both are marked quotations). A prediction
  matches a gold span when their character overlap is at least 50% of the longer span;
  matching is one-to-one (greedy, best overlap first) within each article.
* **speaker_accuracy**: over matched direct quotes whose gold attribution has a Source: the
  predicted speaker is correct when its span overlaps the gold Source span, or when the
  predicted speaker's name (last capitalised word, titles aside) occurs in the gold Source
  text (a continued quote resolved to the same person named elsewhere).
* **all**: gold = every Content span (direct, indirect, paraphrased beliefs); predicted =
  every quote of any kind; same matching.
* **baseline_regex**: a plain regex over double quotation marks (``“…”`` and ``"…"``),
  scored as ``direct``.

Every split present under ``DATA/data/`` (train, dev, test, ...) is scored; ``metrics`` holds
the pooled figures (micro-averaged over all articles) and ``metrics.by_split.<split>`` the
per-split ones. Where an article has several annotators the first by id is used.
"""

from __future__ import annotations

__all__ = ["validate", "match_spans", "prf", "baseline_regex_quotes"]

import re
from pathlib import Path

from ..datasets.polnear import read_split, splits
from ..document import make_document
from ..errors import InputError
from ..features.quotes import find_quotes

_BASELINE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
_NAME = re.compile(r"[A-Z][\w’'\-]+")


def baseline_regex_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of a plain quote-mark regex (double quotes, curly or straight, one line)."""
    return [(m.start(), m.end()) for m in _BASELINE.finditer(text)]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _frags(x) -> tuple[tuple[int, int], ...]:
    """A span ``(start, end)`` or a tuple of fragments, as a tuple of fragments."""
    return (x,) if isinstance(x[0], int) else tuple(x)


def _frag_overlap(p, g) -> int:
    return sum(_overlap(a, b) for a in p for b in g)


def _frag_len(p) -> int:
    return sum(b - a for a, b in p)


def match_spans(pred, gold, *, min_ratio: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one matches ``(i_pred, j_gold)``: overlap >= ``min_ratio`` of the longer item.

    Each item is a span ``(start, end)`` or a tuple of fragments (a gold Content of a quote
    split by its speaker tag is discontinuous: ``“A,” he said. “B.”`` -> two fragments);
    overlap and length are summed over fragments. Greedy by overlap ratio (ties by position),
    which is deterministic.
    """
    pred = [_frags(p) for p in pred]
    gold = [_frags(g) for g in gold]
    cands = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = _frag_overlap(p, g)
            if not ov:
                continue
            ratio = ov / max(_frag_len(p), _frag_len(g), 1)
            if ratio >= min_ratio:
                cands.append((-ratio, i, j))
    cands.sort()
    used_p, used_g, out = set(), set(), []
    for _, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    """Precision, recall and F1 as plain floats (0.0 when undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": float(p), "recall": float(r), "f1": float(f), "tp": int(tp), "n_pred": int(n_pred), "n_gold": int(n_gold)}


def group_continued(quotes) -> list[list]:
    """Group each quote with the quotes that continue it (no cue of their own, the same
    speaker mention): one attribution relation, as PolNeAR annotates it."""
    groups: list[list] = []
    for q in quotes:
        prev = groups[-1][-1] if groups else None
        if (
            prev is not None
            and q.kind in ("direct", "partial")
            and prev.kind in ("direct", "partial")
            and q.cue_start < 0
            and q.speaker_start >= 0
            and (q.speaker_start, q.speaker_end) == (prev.speaker_start, prev.speaker_end)
        ):
            groups[-1].append(q)
        else:
            groups.append([q])
    return groups


def _speaker_ok(text: str, q, source) -> bool:
    if q.speaker_start < 0 or source is None:
        return False
    for a, b in source.fragments:
        if _overlap((q.speaker_start, q.speaker_end), (a, b)):
            return True
    names = _NAME.findall(q.speaker)
    if names:
        last = names[-1].lower().rstrip("’'s")
        return bool(last) and last in source.text.lower()
    return False


class _Counts:
    def __init__(self):
        self.d = [0, 0, 0]
        self.a = [0, 0, 0]
        self.b = [0, 0, 0]
        self.spk = [0, 0]
        self.articles = 0
        self.kinds = {"direct": 0, "partial": 0, "indirect": 0}

    def add(self, other: "_Counts"):
        for name in ("d", "a", "b", "spk"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for k in range(len(mine)):
                mine[k] += theirs[k]
        self.articles += other.articles
        for k, v in other.kinds.items():
            self.kinds[k] += v

    def metrics(self) -> dict:
        return {
            "direct": prf(*self.d),
            "speaker_accuracy": float(self.spk[0] / self.spk[1]) if self.spk[1] else 0.0,
            "all": prf(*self.a),
            "baseline_regex": {"direct": prf(*self.b)},
        }


def _score_article(art, c: _Counts, failures: list | None = None) -> None:
    doc = make_document(art.text)
    quotes = find_quotes(doc)
    c.articles += 1
    for q in quotes:
        c.kinds[q.kind] += 1
    gold_all = list(art.attributions)
    gold_direct = [g for g in gold_all if g.is_direct]
    groups = group_continued(quotes)
    pred_direct_g = [g for g in groups if g[0].kind in ("direct", "partial")]
    pred_direct = [g[0] for g in pred_direct_g]
    m = match_spans([tuple((q.start, q.end) for q in g) for g in pred_direct_g], [g.content.fragments for g in gold_direct])
    c.d[0] += len(m)
    c.d[1] += len(pred_direct)
    c.d[2] += len(gold_direct)
    for i, j in m:
        g = gold_direct[j]
        if g.source is None:
            continue
        c.spk[1] += 1
        ok = _speaker_ok(art.text, pred_direct[i], g.source)
        c.spk[0] += ok
        if failures is not None and not ok:
            failures.append(("speaker", art.name, pred_direct[i].speaker, g.source.text, pred_direct[i].text[:80]))
    if failures is not None:
        mp = {i for i, _ in m}
        mg = {j for _, j in m}
        failures += [("fp", art.name, q.kind, q.text[:100]) for i, q in enumerate(pred_direct) if i not in mp]
        failures += [("fn", art.name, g.content.text[:100]) for j, g in enumerate(gold_direct) if j not in mg]
    ma = match_spans([tuple((q.start, q.end) for q in g) for g in groups], [g.content.fragments for g in gold_all])
    c.a[0] += len(ma)
    c.a[1] += len(groups)
    c.a[2] += len(gold_all)
    base = baseline_regex_quotes(art.text)
    mb = match_spans(base, [g.content.fragments for g in gold_direct])
    c.b[0] += len(mb)
    c.b[1] += len(base)
    c.b[2] += len(gold_direct)


def validate(data_dir) -> dict:
    """Score :func:`~framing.features.quotes.find_quotes` on the PolNeAR splits in ``data_dir``.

    Parameters
    ----------
    data_dir : path-like
        The PolNeAR folder as published (holding ``data/<split>/{text,attributions}``).

    Returns
    -------
    dict
        ``task``, ``dataset``, ``data_dir``, ``parts`` (splits read), ``n`` (articles, gold and
        predicted counts), ``metrics`` (pooled: ``direct``, ``speaker_accuracy``, ``all``,
        ``baseline_regex``; per split under ``by_split``), ``notes``.

    Raises
    ------
    InputError
        When ``data_dir`` holds no PolNeAR split.
    """
    data_dir = Path(data_dir)
    parts = [s for s in splits(data_dir) if s != "annotator-training"]
    if not parts:
        raise InputError(data_dir, "no PolNeAR split found (expected data/<split>/text and data/<split>/attributions)")
    pooled = _Counts()
    by_split = {}
    n = {}
    for split in parts:
        c = _Counts()
        for art in read_split(data_dir, split):
            _score_article(art, c)
        by_split[split] = c.metrics()
        n[split] = {"articles": c.articles, "gold_direct": c.d[2], "gold_all": c.a[2], "pred": dict(c.kinds)}
        pooled.add(c)
    metrics = pooled.metrics()
    metrics["by_split"] = by_split
    n["articles"] = pooled.articles
    return {
        "task": "quotes",
        "dataset": "polnear",
        "data_dir": str(data_dir),
        "parts": parts,
        "n": n,
        "metrics": metrics,
        "notes": [
            "direct: gold Content spans beginning or ending with a quotation mark; predicted direct+partial quotes; "
            "match = overlap >= 50% of the longer span, one-to-one per article",
            "speaker_accuracy: matched direct quotes with a gold Source; correct if the speaker span overlaps the "
            "Source or the speaker's last capitalised word occurs in the Source text",
            "all: every gold Content (direct, indirect, beliefs) against every predicted quote of any kind",
            "one annotator per article (the first by annotator id) where several annotated it",
            "baseline_regex: double quotation marks only (curly or straight), scored like direct",
        ],
    }
