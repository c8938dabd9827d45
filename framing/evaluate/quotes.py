"""Score quotation extraction and attribution against PolNeAR.

Recipe (the issue's definition, the dataset README's matching):

* A predicted *attribution* is a group of quotes: a quote with the quotes that continue it
  (no cue of their own, same speaker mention) or that share its content span (several
  partial quotes in one reported clause). Its span is the *content* of its quotes
  (``Quote.content_start/content_end``): the quote itself for direct quotes, the reported
  clause for a partial quote governed by a cue in its sentence, the clause for indirect.
* **direct**: gold = Content spans that begin or end with a quotation mark (after stripping
  white space; a relation's ``Content``, ``Content2`` ... arguments are one Content, see
  :func:`~framing.datasets.polnear.read_ann`); predicted = attributions whose content span
  meets the same test. A
  prediction matches a gold span when their character overlap is at least 50% of the
  *longer* of the two (summed over fragments); matching is one-to-one (greedy, best overlap
  ratio first) within each article.
* **speaker_accuracy**: over matched direct attributions whose gold relation has a Source:
  correct when the predicted speaker span overlaps the gold Source span, or when the
  predicted speaker's name (last capitalised word) occurs in the gold Source text.
* **all**: gold = every Content span; predicted = every attribution of
  ``find_quotes(doc, mode="attribution")`` (speech, belief, evidence and stance cues); same
  matching.
  ``all_speech_mode`` scores the default output (speech only) the same way.
* **direct_quote_marks**: the earlier scoring, kept for comparison: predicted = direct and
  partial quotes by their quotation-mark spans, against the same gold.
* **baseline_regex**: a plain regex over double quotation marks (``“…”`` and ``"…"``),
  scored like ``direct_quote_marks``.

Every split present under ``DATA/data/`` (train, dev, test, ...) is scored; ``metrics`` holds
the pooled figures (micro-averaged over all articles) and ``metrics.by_split.<split>`` the
per-split ones. Where an article has several annotators the first by id is used.
"""

from __future__ import annotations

__all__ = ["validate", "match_spans", "prf", "baseline_regex_quotes"]

import re
from pathlib import Path

from ..datasets.polnear import QUOTE_MARKS, read_split, splits
from ..document import make_document
from ..errors import InputError
from ..features.quotes import find_quotes

_BASELINE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
_NAME = re.compile(r"[A-Z][\w’'\-]+")


def baseline_regex_quotes(text: str) -> list[tuple[int, int]]:
    """Spans of a plain quote-mark regex (double quotes, curly or straight, one line).

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each quoted span, marks included.
    """
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

    Parameters
    ----------
    pred, gold : sequence
        Predicted and gold items (spans or tuples of fragments).
    min_ratio : float, default 0.5
        Least overlap, as a share of the longer item's length.

    Returns
    -------
    list of (int, int)
        The matched ``(i_pred, j_gold)`` index pairs.
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
    """Precision, recall and F1 as plain floats (0.0 when undefined).

    Parameters
    ----------
    tp : int
        True positives.
    n_pred : int
        Predicted items.
    n_gold : int
        Gold items.

    Returns
    -------
    dict
        ``precision, recall, f1`` (float) and ``tp, n_pred, n_gold`` (int).
    """
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": float(p), "recall": float(r), "f1": float(f), "tp": int(tp), "n_pred": int(n_pred), "n_gold": int(n_gold)}


def group_continued(quotes) -> list[list]:
    """Group each quote with the quotes that continue it (no cue of their own, the same
    speaker mention) and with the quotes that share its content span (several partial quotes
    in one reported clause): one attribution relation, as PolNeAR annotates it. Indirect
    quotes of the same speaker mention between a quote and its continuation are skipped
    (``“A,” X said, adding that C. “B.”``: A and B are one attribution, C another).

    Parameters
    ----------
    quotes : sequence of Quote
        :func:`~framing.features.quotes.find_quotes` output, in document order.

    Returns
    -------
    list of list of Quote
        The groups, in document order; every quote in exactly one.
    """
    groups: list[list] = []
    for q in quotes:
        # the quote q may continue: the last one before it, past indirect quotes of the same
        # speaker mention ('“A,” the ministry said, adding that C. “B.”': B continues A; the
        # added clause C is an attribution of its own and does not split A and B)
        k = len(groups) - 1
        if q.speaker_start >= 0:
            while k >= 0 and groups[k][-1].kind == "indirect" and (
                groups[k][-1].speaker_start, groups[k][-1].speaker_end
            ) == (q.speaker_start, q.speaker_end):
                k -= 1
        prev = groups[k][-1] if k >= 0 else None
        if prev is not None and q.kind in ("direct", "partial") and prev.kind in ("direct", "partial") and (
            (
                q.cue_start < 0
                and q.speaker_start >= 0
                and (q.speaker_start, q.speaker_end) == (prev.speaker_start, prev.speaker_end)
            )
            or (_content(q) == _content(prev) and _content(q) != (q.start, q.end))
        ):
            groups[k].append(q)
        else:
            groups.append([q])
    return groups


def _content(q) -> tuple[int, int]:
    return (q.content_start, q.content_end) if q.content_start >= 0 else (q.start, q.end)


def content_fragments(group) -> tuple[tuple[int, int], ...]:
    """The content span(s) of one predicted attribution (a group of quotes), in order.

    Parameters
    ----------
    group : sequence of Quote
        One group of :func:`group_continued`.

    Returns
    -------
    tuple of (int, int)
        The distinct content spans, sorted.
    """
    return tuple(sorted({_content(q) for q in group}))


def is_marked(text: str, frags) -> bool:
    """Gold's criterion for a direct quote, applied to a span: it begins or ends with a mark.

    Parameters
    ----------
    text : str
        The document text.
    frags : sequence of (int, int)
        A content's fragments, in order.

    Returns
    -------
    bool
        Whether ``text`` from the first fragment's start to the last one's end, stripped, begins
        or ends with a quotation mark.
    """
    t = text[frags[0][0] : frags[-1][1]].strip()
    return bool(t) and (t[0] in QUOTE_MARKS or t[-1] in QUOTE_MARKS)


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
        self.s = [0, 0, 0]
        self.q = [0, 0, 0]
        self.a = [0, 0, 0]
        self.b = [0, 0, 0]
        self.spk = [0, 0]
        self.articles = 0
        self.kinds = {"direct": 0, "partial": 0, "indirect": 0}

    def add(self, other: "_Counts"):
        for name in ("d", "q", "s", "a", "b", "spk"):
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
            "direct_quote_marks": prf(*self.q),
            "all_speech_mode": prf(*self.s),
        }


def _score_article(art, c: _Counts, failures: list | None = None) -> None:
    doc = make_document(art.text)
    quotes = find_quotes(doc)
    c.articles += 1
    for q in quotes:
        c.kinds[q.kind] += 1
    gold_all = list(art.attributions)
    gold_direct = [g for g in gold_all if g.is_direct]
    gold_d_frags = [g.content.fragments for g in gold_direct]
    groups = group_continued(quotes)
    frags = [content_fragments(g) for g in groups]
    # direct: predicted attributions whose content is marked like gold's direct Contents
    idx = [k for k, f in enumerate(frags) if is_marked(art.text, f)]
    m = match_spans([frags[k] for k in idx], gold_d_frags)
    c.d[0] += len(m)
    c.d[1] += len(idx)
    c.d[2] += len(gold_direct)
    for i, j in m:
        g = gold_direct[j]
        if g.source is None:
            continue
        c.spk[1] += 1
        q = groups[idx[i]][0]
        ok = _speaker_ok(art.text, q, g.source)
        c.spk[0] += ok
        if failures is not None and not ok:
            failures.append(("speaker", art.name, q.speaker, g.source.text, q.text[:80]))
    if failures is not None:
        mp = {i for i, _ in m}
        mg = {j for _, j in m}
        failures += [("fp", art.name, groups[k][0].kind, art.text[frags[k][0][0] : frags[k][-1][1]][:200]) for i, k in enumerate(idx) if i not in mp]
        failures += [("fn", art.name, g.content.text[:200]) for j, g in enumerate(gold_direct) if j not in mg]
    # the quote-mark spans alone (direct + partial quotes, no content widening), for comparison
    qgroups = [g for g in group_continued([q._replace(content_start=-1, content_end=-1) for q in quotes]) if g[0].kind != "indirect"]
    mq = match_spans([tuple((q.start, q.end) for q in g) for g in qgroups], gold_d_frags)
    c.q[0] += len(mq)
    c.q[1] += len(qgroups)
    c.q[2] += len(gold_direct)
    gold_a_frags = [g.content.fragments for g in gold_all]
    ms = match_spans(frags, gold_a_frags)
    c.s[0] += len(ms)
    c.s[1] += len(groups)
    c.s[2] += len(gold_all)
    # all attributions: the attribution mode (speech + belief/stance), PolNeAR's scope
    agroups = group_continued(find_quotes(doc, mode="attribution"))
    afrags = [content_fragments(g) for g in agroups]
    ma = match_spans(afrags, gold_a_frags)
    c.a[0] += len(ma)
    c.a[1] += len(agroups)
    c.a[2] += len(gold_all)
    base = baseline_regex_quotes(art.text)
    mb = match_spans(base, gold_d_frags)
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
            "a predicted attribution = a quote plus the quotes continuing it (no cue, same speaker mention) or "
            "sharing its content span; its span = the content span(s) (Quote.content_start/end): the quote for "
            "direct quotes, the reported clause holding a partial quote, the clause of an indirect quote",
            "direct: gold Content spans whose stripped text begins or ends with a quotation mark; predicted "
            "attributions whose content span passes the same test (the gold criterion applied to both sides)",
            "match: character overlap >= 50% of the LONGER of the two spans, overlap and length summed over "
            "fragments (a gold Content split by its speaker tag is discontinuous and scored as one item), "
            "one-to-one, greedy by overlap ratio, per article",
            "speaker_accuracy: matched direct attributions with a gold Source; correct if the speaker span "
            "overlaps the Source or the speaker's last capitalised word occurs in the Source text",
            "all: every gold Content (direct, indirect, beliefs, stances) against find_quotes(mode='attribution') "
            "(speech, belief, evidence and stance cues); "
            "all_speech_mode: the same against the default speech-only output",
            "direct_quote_marks: the quotation-mark spans of direct+partial quotes (no content widening), for comparison",
            "one annotator per article (the first by annotator id) where several annotated it",
            "a relation's Content, Content2, ... arguments are read as one gold Content (a quote split by "
            "its tag is annotated either as one discontinuous span or as two Content arguments)",
            "baseline_regex: double quotation marks only (curly or straight), scored like direct_quote_marks",
        ],
    }
