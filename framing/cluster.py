"""Story clustering: group the articles that report the same event, for corpora without story ids.

A Media Cloud or GDELT export is a flat list of articles. :func:`cluster_articles` groups them
into stories so the rest of the toolkit can compare the versions of each:

1. each article becomes a TF-IDF vector (sublinear tf, L2-normalised) over its content words
   (lightly stemmed: plural, ``-ed``, ``-ing``, ``-ation`` endings stripped, so "policies" meets
   "policy"), its named entities (capitalised word runs) and its figures ("684,000", "$1.5
   trillion", "3.3 million": two reports of one jobless-claims release share the figure, two
   weeks' releases do not). Terms in the first ``lead_chars`` characters (the headline and the
   start of the lead) count ``lead_weight`` times; capitalised runs there are not taken as
   entities, because a Title-Case headline makes every word look like a name;
2. candidates are **sparse nearest neighbours within a time window**: articles are sorted by
   date and each block of rows is multiplied only against the columns of articles dated within
   ``window_days`` (a sparse product, never a dense all-pairs matrix), keeping each article's
   ``k`` most similar neighbours at cosine >= ``threshold``;
3. two articles are linked when each is among the other's ``k`` neighbours, and the links are
   merged strongest first with average linkage: two groups join only while the mean cosine
   between their members stays at or above ``threshold`` (plain connected components chain
   unrelated events together through one generic article).

Articles without a date are compared with every article. Story ids are ``story-0001``... in
order of each story's first article, so the same input gives the same ids.
"""

from __future__ import annotations

__all__ = ["ClusterOptions", "article_terms", "cluster_articles", "assign_story_ids", "main"]

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple, Sequence

import numpy as np
import scipy.sparse as sp

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_ENTITY = re.compile(r"\b(?:[A-Z][a-z]+|[A-Z]{2,})(?:\s+(?:[A-Z][a-z]+|[A-Z]{2,}))*")
_SENTENCE_END = re.compile(r"(?:^|[.!?:\"“”]\s*)$")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMBER = re.compile(r"(?<![\w.])[$€£]?\d+(?:[.,]\d+)*(?:\s*(?:million|billion|trillion|percent|%))?", re.I)
_SMALL_NUMBER = re.compile(r"\d{1,2}")


@dataclass(frozen=True)
class ClusterOptions:
    """Parameters of :func:`cluster_articles` (chosen on the AllSides *train* split).

    Attributes
    ----------
    threshold : float
        Least cosine similarity for a link.
    k : int
        Neighbours kept per article (links must be mutual within them).
    window_days : int
        Only articles dated at most this many days apart are compared.
    entity_weight : float
        Each entity term counts this many times in the term frequencies.
    max_df : float
        Terms in more than this share of the articles are dropped (they link everything).
    number_weight : float
        Each figure (``N:``-prefixed: numbers of three or more digits, decimals, amounts with
        million/billion/trillion/percent) counts this many times; 0 leaves figures out.
    lead_chars : int
        The first this many characters (headline and start of the lead) are the lead.
    lead_weight : float
        Each term in the lead counts this many times.
    stem : bool
        Strip common English suffixes from content words.
    """

    threshold: float = 0.28
    k: int = 3
    window_days: int = 3
    entity_weight: float = 1.0
    max_df: float = 0.2
    number_weight: float = 2.0
    lead_chars: int = 120
    lead_weight: float = 2.0
    stem: bool = True


class ArticleCluster(NamedTuple):
    """The story an article was put in."""

    index: int
    story_id: str


def _stop_words() -> frozenset:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS


def _stem(word: str) -> str:
    """A light suffix stripper (plural, -ed, -ing, -ation): enough for "votes"/"vote"; no
    stemmer package or NLTK data needed. Leaves stems of at least four letters."""
    if len(word) <= 4 or word.endswith("ss"):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ations", "ation", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _figure(raw: str) -> str | None:
    """The ``N:`` key of a matched figure, or None for one- and two-digit counts (days,
    ages, small tallies are not specific to one event)."""
    v = re.sub(r"[\s,]", "", raw.lower()).replace("%", "percent")
    return None if _SMALL_NUMBER.fullmatch(v) else "N:" + v


def article_terms(text: str, options: ClusterOptions | None = None, *,
                  entity_weight: float | None = None) -> dict[str, float]:
    """Term frequencies of one article.

    Parameters
    ----------
    text : str
    options : ClusterOptions, optional
        Weights and lead length (defaults: ``ClusterOptions()``).
    entity_weight : float, optional
        Overrides ``options.entity_weight``.

    Returns
    -------
    dict
        Content words (lower-cased, stop words dropped, stemmed when ``options.stem``),
        ``E:``-prefixed entities (capitalised runs after the lead, not a lone capital after a
        sentence end) and ``N:``-prefixed figures, each occurrence weighted by its kind and by
        ``lead_weight`` inside the lead.
    """
    o = options or ClusterOptions()
    ew = o.entity_weight if entity_weight is None else entity_weight
    stop = _stop_words()
    tf: dict[str, float] = {}

    def add(key: str, weight: float, pos: int) -> None:
        if pos < o.lead_chars:
            weight *= o.lead_weight
        tf[key] = tf.get(key, 0.0) + weight

    for m in _WORD.finditer(text):
        w = m.group().lower()
        if len(w) > 2 and w not in stop:
            add(_stem(w) if o.stem else w, 1.0, m.start())
    for m in _ENTITY.finditer(text, o.lead_chars if o.lead_chars < len(text) else len(text)):
        name = m.group()
        if _SENTENCE_END.search(text[max(0, m.start() - 3):m.start()]):
            # a capital after a sentence end may be an ordinary word: keep the run only if
            # it is more than that one word
            first, _, rest = name.partition(" ")
            if not rest:
                continue
        words = name.lower().split()
        while words and words[0] in stop:  # "The Senate" and "Senate" are one name
            words.pop(0)
        if words:
            add("E:" + "_".join(words), ew, m.start())
    if o.number_weight:
        for m in _NUMBER.finditer(text):
            key = _figure(m.group())
            if key:
                add(key, o.number_weight, m.start())
    return tf


def _parse_day(value) -> int | None:
    if value is None:
        return None
    m = _DATE.search(str(value))
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).toordinal()
    except ValueError:
        return None


def _tfidf(texts: Sequence[str], options: ClusterOptions) -> sp.csr_matrix:
    rows = [article_terms(t, options) for t in texts]
    n = len(rows)
    df: dict[str, int] = {}
    for r in rows:
        for t in r:
            df[t] = df.get(t, 0) + 1
    limit = options.max_df * n if n >= 20 else n  # a tiny corpus has no reliable document frequencies
    vocab = {t: j for j, t in enumerate(sorted(t for t, c in df.items() if c <= limit))}
    idf = np.array([np.log((1 + n) / (1 + df[t])) + 1 for t in sorted(vocab, key=vocab.get)])
    indptr, indices, data = [0], [], []
    for r in rows:
        cols = sorted(vocab[t] for t in r if t in vocab)
        vals = np.array([(1 + np.log(r[t])) for t in sorted((t for t in r if t in vocab), key=vocab.get)])
        vals = vals * idf[cols] if cols else vals
        norm = float(np.sqrt((vals ** 2).sum())) if len(vals) else 0.0
        indices.extend(cols)
        data.extend((vals / norm).tolist() if norm else vals.tolist())
        indptr.append(len(indices))
    return sp.csr_matrix((data, indices, indptr), shape=(n, len(vocab)), dtype=float)


def _neighbours(X: sp.csr_matrix, days: list[int | None], options: ClusterOptions, block: int = 512):
    """Each article's ``k`` nearest neighbours at cosine >= threshold within the time window."""
    n = X.shape[0]
    dated = sorted((d, i) for i, d in enumerate(days) if d is not None)
    undated = [i for i, d in enumerate(days) if d is None]
    order = [i for _, i in dated] + undated
    sorted_days = np.array([d for d, _ in dated], dtype=np.int64)
    Xs = X[order]
    XsT = Xs.T.tocsr()
    n_dated = len(dated)
    nbrs: list[list[tuple[float, int]]] = [[] for _ in range(n)]
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        if hi <= n_dated:  # a block of dated rows: columns dated within the window, and the undated
            lo_col = int(np.searchsorted(sorted_days, sorted_days[lo] - options.window_days, "left"))
            hi_col = int(np.searchsorted(sorted_days, sorted_days[hi - 1] + options.window_days, "right"))
            cols = np.r_[np.arange(lo_col, hi_col), np.arange(n_dated, n)]
        else:
            cols = np.arange(n)
        S = (Xs[lo:hi] @ XsT[:, cols]).tocsr() if len(cols) < n else (Xs[lo:hi] @ XsT).tocsr()
        for r in range(hi - lo):
            a = lo + r
            start, end = S.indptr[r], S.indptr[r + 1]
            sims, js = S.data[start:end], cols[S.indices[start:end]]
            keep = sims >= options.threshold
            cand = []
            for s, b in zip(sims[keep], js[keep]):
                if b == a:
                    continue
                if a < n_dated and b < n_dated and abs(int(sorted_days[a]) - int(sorted_days[b])) > options.window_days:
                    continue
                cand.append((-float(s), order[b]))
            cand.sort()
            nbrs[order[a]] = [(-s, j) for s, j in cand[: options.k]]
    return nbrs


def cluster_articles(texts: Sequence[str], dates: Sequence | None = None,
                     options: ClusterOptions | None = None) -> list[str]:
    """Group articles that report the same event.

    Parameters
    ----------
    texts : sequence of str
        Each article's text (title and body).
    dates : sequence, optional
        Each article's date (anything holding ``YYYY-MM-DD``; ``None`` for unknown).
    options : ClusterOptions, optional

    Returns
    -------
    list of str
        A story id per article, ``story-0001``... numbered by each story's first article.
    """
    options = options or ClusterOptions()
    n = len(texts)
    if n == 0:
        return []
    days = [_parse_day(d) for d in dates] if dates is not None else [None] * n
    if len(days) != n:
        raise ValueError(f"{n} texts but {len(days)} dates")
    # identical texts (syndicated copies) are one story: cluster each (text, day) once, so
    # copies do not crowd the k neighbour slots
    first: dict[tuple, int] = {}
    rep = [first.setdefault((t, d), i) for i, (t, d) in enumerate(zip(texts, days))]
    uniq = sorted(set(rep))
    if len(uniq) < n:
        labels = cluster_articles([texts[i] for i in uniq], [dates[i] for i in uniq] if dates is not None else None,
                                  options)
        by_rep = dict(zip(uniq, labels))
        return _renumber([by_rep[r] for r in rep])
    X = _tfidf(texts, options)
    nbrs = _neighbours(X, days, options)
    # average linkage over the mutual-neighbour links, strongest first: two groups merge only
    # while the mean cosine between their members stays >= threshold, so one generic article
    # cannot chain two events together (the mean is sum(A)·sum(B) / (|A| |B|))
    sets = [{j: sim for sim, j in nb} for nb in nbrs]
    edges = sorted((-sim, a, b) for a in range(n) for b, sim in sets[a].items() if a < b and a in sets[b])
    parent = list(range(n))
    sums = {a: X[a] for a in range(n)}
    size = [1] * n

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for _, a, b in edges:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        mean = float(sums[ra].multiply(sums[rb]).sum()) / (size[ra] * size[rb])
        if mean < options.threshold:
            continue
        keep, drop = min(ra, rb), max(ra, rb)
        parent[drop] = keep
        sums[keep] = sums[keep] + sums.pop(drop)
        size[keep] += size[drop]
    return _renumber([find(a) for a in range(n)])


def _renumber(groups: Sequence) -> list[str]:
    """``story-0001``... in order of each group's first member."""
    ids: dict = {}
    width = max(4, len(str(len(groups))))
    return [ids.setdefault(g, f"story-{len(ids) + 1:0{width}d}") for g in groups]


def assign_story_ids(rows: Sequence[dict], options: ClusterOptions | None = None, *,
                     text_key: str = "text", title_key: str = "title", date_key: str = "date") -> list[dict]:
    """Copies of corpus rows (dicts) with ``story_id`` set by :func:`cluster_articles`; rows
    that already have a ``story_id`` keep it.

    Parameters
    ----------
    rows : sequence of dict
        Corpus rows (one article each).
    options : ClusterOptions, optional
        Clustering parameters; default ``ClusterOptions()``.
    text_key, title_key, date_key : str
        The fields holding the article text, its title and its date.

    Returns
    -------
    list of dict
        New dicts, in the order of ``rows`` (the input rows are not changed).
    """
    texts = [" ".join(str(r.get(k) or "") for k in (title_key, text_key)) for r in rows]
    labels = cluster_articles(texts, [r.get(date_key) for r in rows], options)
    return [dict(r, story_id=r.get("story_id") or label) for r, label in zip(rows, labels)]


def main(argv: list[str] | None = None) -> int:
    """``python -m framing.cluster IN.jsonl OUT.jsonl``: add story ids to a flat JSONL corpus.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code (0 on success).
    """
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m framing.cluster", description=main.__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--threshold", type=float, default=ClusterOptions.threshold)
    parser.add_argument("--window-days", type=int, default=ClusterOptions.window_days)
    args = parser.parse_args(argv)
    with open(args.input, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    out = assign_story_ids(rows, ClusterOptions(threshold=args.threshold, window_days=args.window_days))
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        for r in out:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
