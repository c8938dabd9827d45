"""Facts across the versions of one story: which version leaves out what the others tell.

The pipeline, one function each:

* :func:`fact_units` cuts each version's kept sentences into clause-level *fact units*
  ("... outlawed in 2003, but the ban was lifted in April" gives two units), at a semicolon or
  at "<comma> <link>" for the links in ``lexicons/fact_clause_links.tsv``, and only where both
  sides are long enough to be clauses (lists such as "energy, transport, and infrastructure"
  stay whole).
* :func:`unit_vectors` represents each unit by TF-IDF over content words, over character
  n-grams of the content words (spelling and inflection variants: "recognise"/"recognize",
  "Andrei"/"Andrey") and over names and numbers, fitted on the story's own units and stacked
  with weights so that a dot product is the weighted sum of the three cosines.
* :func:`align_units` finds, for each unit, its nearest neighbours in the *other* versions
  (a sparse matrix product in row blocks, top ``n_neighbors`` kept: the clustering then sees
  O(n) edges, not all pairs) and merges units into facts greedily from the most similar
  edge down, under two constraints: the average similarity between the two groups must reach
  ``threshold`` (average link, so chains of weak links do not merge distant facts), and a
  version contributes at most one unit to a fact unless the merge is a near repeat
  (``repeat_threshold``).
* :func:`compare_facts` runs all of it and returns a :class:`FactComparison` with the tables:
  ``facts`` (every mention, with offsets, prominence and conflicts), ``omissions`` (for each
  version, each fact it leaves out and which versions carry it), ``coverage`` (fact x outlet),
  ``placement`` (fact x outlet: lead/body/end) and ``conflicts`` (one fact told with different
  years or numbers).

Fact ids are deterministic and do not depend on the order of the versions: versions are put in
a canonical order (outlet, story id, text) before anything is computed, and facts are numbered
by (number of outlets carrying them, descending; then their first mention's outlet and offset).
"""

from __future__ import annotations

__all__ = [
    "FactUnit",
    "FactComparison",
    "FactParams",
    "fact_units",
    "split_clauses",
    "unit_vectors",
    "embedding_vectors",
    "align_units",
    "compare_facts",
    "mention_values",
]

import re
from dataclasses import dataclass, field, fields
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..document import Document
from ..lexicons import read_lexicon


class FactUnit(NamedTuple):
    """One clause-level fact unit of one version; ``text == doc.text[start:end]``."""

    unit_id: str
    story_id: str
    outlet: str
    sent_id: int
    start: int
    end: int
    text: str
    position: float  # rank of the sentence among the version's kept sentences, 0 (first) .. 1 (last)
    prominence: str  # lead | body | end


@dataclass(frozen=True)
class FactParams:
    """Parameters of :func:`compare_facts` (defaults calibrated on the BASIL development gold,
    ``analyses/facts_basil_gold.py --tune``: best pairwise F1, then cell accuracy; never on the
    held-out gold nor on the example story). ``min_shared_words`` = 1 (no alignment on shared
    names/numbers alone) cost one gold pair on the dev gold, so it is off by default."""

    threshold: float = 0.16
    repeat_threshold: float = 0.4
    attach_threshold: float = 0.3
    attach_self: float = 0.4
    min_shared_words: int = 0
    w_word: float = 0.5
    w_char: float = 0.3
    w_names: float = 0.2
    n_neighbors: int = 10
    min_words: int = 4
    min_clause_words: int = 5
    lead_sentences: int = 3
    end_fraction: float = 0.8
    min_carriers: int = 1
    block_size: int = 1024
    # Embeddings backend only (see _EMBEDDING_DEFAULTS and docs/facts.md).
    w_embed: float = 1.0
    center: float = 0.0

    def validate(self) -> None:
        for name in ("threshold", "repeat_threshold", "attach_threshold", "attach_self", "w_word", "w_char", "w_names", "end_fraction",
                     "w_embed", "center"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and 0 <= v <= 1):
                raise ValueError(f"{name} must be a number in [0, 1], got {v!r}")
        if self.w_word + self.w_char + self.w_names <= 0:
            raise ValueError("at least one of w_word, w_char, w_names must be positive")
        for name in ("n_neighbors", "min_words", "min_clause_words", "lead_sentences", "min_carriers", "block_size",
                     "min_shared_words"):
            v = getattr(self, name)
            zero_ok = ("min_words", "lead_sentences", "min_shared_words")
            if not isinstance(v, int) or isinstance(v, bool) or v < (0 if name in zero_ok else 1):
                raise ValueError(f"{name} must be a positive integer, got {v!r}")


# Defaults of backend="embeddings": its similarity is w_embed * cosine of the story-centred
# MiniLM embeddings + (1 - w_embed) * the TF-IDF similarity, so it has its own thresholds.
# Calibrated on the BASIL development gold only (``analyses/facts_basil_gold.py --backend
# embeddings --tune``: best pairwise F1, then cell accuracy). Pure embeddings (w_embed=1) scored
# below TF-IDF there: raw cosines between unrelated sentences of one story are high.
_EMBEDDING_DEFAULTS = {"w_embed": 0.3, "center": 1.0, "threshold": 0.08, "repeat_threshold": 0.5,
                       "attach_threshold": 0.35, "attach_self": 0.5, "min_shared_words": 0}
# Parameters that only the embeddings backend reads: refused with backend="tfidf".
_EMBEDDING_ONLY = ("w_embed", "center")


# --------------------------------------------------------------------------- units

_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")


def _links() -> frozenset[str]:
    return frozenset(row[0].lower() for row in read_lexicon("fact_clause_links.tsv"))


def _n_words(text: str) -> int:
    return len(_WORD.findall(text))


def split_clauses(text: str, *, min_clause_words: int = 5, links: frozenset[str] | None = None) -> list[tuple[int, int]]:
    """Clause spans of one sentence, as ``(start, end)`` offsets into ``text``.

    Split at a semicolon, or at a comma followed by a clause link ("and", "but", "while" ...),
    when both sides have at least ``min_clause_words`` words. The link word stays with the
    right-hand clause; the separator (comma, semicolon, spaces) belongs to neither.

    Examples
    --------
    >>> t = "It was banned in 2003, but the ban was lifted in April this year."
    >>> [t[a:b] for a, b in split_clauses(t)]
    ['It was banned in 2003', 'but the ban was lifted in April this year.']
    """
    links = _links() if links is None else links
    alt = "|".join(sorted((re.escape(w) for w in links), key=len, reverse=True))
    pattern = re.compile(rf";\s+|,\s+(?=(?:{alt})\b)", re.IGNORECASE) if alt else re.compile(r";\s+")
    spans: list[tuple[int, int]] = []
    start = 0
    for m in pattern.finditer(text):
        left = text[start : m.start()]
        right = text[m.end() :]
        # ", and" closing a list ("fuel, wheat, and other commodities"): the item before it,
        # back to the previous comma, is a few words long. Not a clause boundary.
        item = left.rsplit(",", 1)[-1] if "," in left else None
        if item is not None and m.group().startswith(",") and _n_words(item) <= 3:
            continue
        if _n_words(left) >= min_clause_words and _n_words(right) >= min_clause_words:
            spans.append((start, m.start()))
            start = m.end()
    spans.append((start, len(text.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def _prominence(rank: int, n: int, p: FactParams) -> tuple[float, str]:
    position = rank / (n - 1) if n > 1 else 0.0
    if rank < p.lead_sentences:
        return position, "lead"
    if position >= p.end_fraction:
        return position, "end"
    return position, "body"


def _canonical(docs: Sequence[Document]) -> list[Document]:
    # Order-independence: everything downstream follows this order.
    return sorted(docs, key=lambda d: (d.outlet, d.story_id, d.text))


def fact_units(docs: Sequence[Document], params: FactParams | None = None) -> list[FactUnit]:
    """Clause-level fact units of every version's kept sentences, in canonical version order.

    Units with fewer than ``params.min_words`` words (photo credits, section labels) are left
    out. ``unit_id`` is ``"<outlet>:<sent_id>:<start>"``.
    """
    p = params or FactParams()
    links = _links()
    out: list[FactUnit] = []
    for d in _canonical(docs):
        kept = d.kept_sentences
        for rank, s in enumerate(kept):
            position, prom = _prominence(rank, len(kept), p)
            sentence = d.sentence_text(s)
            for a, b in split_clauses(sentence, min_clause_words=p.min_clause_words, links=links):
                start, end = s.start + a, s.start + b
                text = d.text[start:end]
                if _n_words(text) < p.min_words:
                    continue
                out.append(FactUnit(f"{d.outlet}:{s.sent_id}:{start}", d.story_id, d.outlet, s.sent_id,
                                    start, end, text, position, prom))
    return out


# --------------------------------------------------------------------------- vectors

_NAME = re.compile(r"\b[A-Z][\w’'-]+|\b\d[\d,.]*\d\b|\b\d\b")


def _fold(text: str) -> str:
    return text.lower().replace("’", "'")


def _paraphrases() -> dict[str, str]:
    rows = read_lexicon("fact_paraphrases.tsv")  # cached per file and mtime
    if _PARA_CACHE.get("rows") is not rows:
        _PARA_CACHE["rows"], _PARA_CACHE["map"] = rows, {r[0].lower(): r[1].lower() for r in rows}
    return _PARA_CACHE["map"]


_PARA_CACHE: dict = {}


def _content_words(text: str) -> str:
    return " ".join(w for w in _WORD.findall(_fold(text)) if w not in ENGLISH_STOP_WORDS)


def _content(text: str) -> str:
    """Content words, each followed by its paraphrase group token (``~lift``) when it has one."""
    groups = _paraphrases()
    out = []
    for w in _WORD.findall(_fold(text)):
        if w in ENGLISH_STOP_WORDS:
            continue
        out.append(w)
        g = groups.get(w)
        if g is not None:
            out.append("~" + g)
    return " ".join(out)


def _lexical_keys(text: str) -> frozenset[str]:
    """Content words that are not names or numbers (a capitalised word counts only as the unit's
    first word), cut to five characters (crude stemming), plus paraphrase groups. Two units must
    share ``min_shared_words`` of these to be aligned: shared names and numbers alone ("Taliban",
    "1994") do not make one fact."""
    groups = _paraphrases()
    keys = set()
    words = _WORD.findall(text.replace("’", "'"))
    # Headlines are in title case: capitals there do not mark names.
    title = sum(w[0].isupper() for w in words) * 2 > len(words)
    for k, w in enumerate(words):
        if w[0].isdigit() or (k > 0 and w[0].isupper() and not title):
            continue
        lw = w.lower()
        if lw in ENGLISH_STOP_WORDS or len(lw) < 3:
            continue
        g = groups.get(lw)
        keys.add("~" + g if g is not None else lw[:5])
    return frozenset(keys)


def _names(text: str) -> list[str]:
    """Capitalised words and numbers (sentence-initial function words excluded), cut to five
    characters so that transliteration variants ("Andrei"/"Andrey") still meet."""
    out = []
    for m in _NAME.finditer(text):
        w = _fold(m.group()).rstrip("'s").replace(",", "")
        if w in ENGLISH_STOP_WORDS or not w:
            continue
        out.append(w if w[0].isdigit() else w[:5])
    return out


def unit_vectors(texts: Sequence[str], params: FactParams | None = None) -> sp.csr_matrix:
    """Rows with unit norm whose dot products are ``w_word * cos_word + w_char * cos_char +
    w_names * cos_names`` (weights normalised to sum to one), fitted on ``texts`` only."""
    p = params or FactParams()
    total = p.w_word + p.w_char + p.w_names
    blocks = []
    specs = [
        (p.w_word, dict(preprocessor=_content, token_pattern=r"\S+", ngram_range=(1, 1))),
        (p.w_char, dict(preprocessor=_content_words, analyzer="char_wb", ngram_range=(3, 5))),
        (p.w_names, dict(analyzer=_names)),
    ]
    for weight, kw in specs:
        if weight <= 0:
            continue
        try:
            m = TfidfVectorizer(sublinear_tf=True, lowercase=False, dtype=np.float64, **kw).fit_transform(texts)
        except ValueError:  # empty vocabulary (e.g. no names at all)
            continue
        blocks.append(m * np.sqrt(weight / total))
    if not blocks:
        return sp.csr_matrix((len(texts), 0))
    return sp.hstack(blocks, format="csr")


def embedding_vectors(texts: Sequence[str], params: FactParams | None = None, *, encoder=None):
    """Unit vectors for ``backend="embeddings"``: dot products are ``w_embed * cos_embed +
    (1 - w_embed) * tfidf`` (the :func:`unit_vectors` similarity), where ``cos_embed`` is the
    cosine of sentence embeddings after removing ``center`` of the story's mean embedding
    (:func:`framing.compare.embeddings.center`).

    Dense when ``w_embed`` is 1, else sparse (the embedding columns stacked on the TF-IDF ones).
    """
    from .embeddings import center, embed

    p = params or FactParams()
    E = center(embed(texts, encoder=encoder), p.center)
    if p.w_embed >= 1:
        return E
    T = unit_vectors(texts, p)
    return sp.hstack([sp.csr_matrix(E * np.sqrt(p.w_embed)), T * np.sqrt(1 - p.w_embed)], format="csr")


# --------------------------------------------------------------------------- alignment

def _candidate_edges(X, groups: np.ndarray, p: FactParams, floor: float) -> list[tuple[float, int, int]]:
    """Top ``n_neighbors`` neighbours of each unit among other versions' units (and near repeats
    within its own version), as (similarity, i, j) with i < j; block-wise sparse products."""
    n = X.shape[0]
    edges: dict[tuple[int, int], float] = {}
    XT = X.T.tocsc() if sp.issparse(X) else X.T
    for lo in range(0, n, p.block_size):
        hi = min(n, lo + p.block_size)
        S = X[lo:hi] @ XT
        S = S.toarray() if sp.issparse(S) else np.asarray(S)
        rows = np.arange(lo, hi)
        S[rows - lo, rows] = -1.0  # self
        same = groups[lo:hi, None] == groups[None, :]
        S = np.where(same & (S < min(p.repeat_threshold, p.attach_self)), -1.0, S)
        k = min(p.n_neighbors, n - 1)
        if k <= 0:
            break
        top = np.argpartition(-S, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (hi - lo, 1))
        for r, cols in enumerate(top):
            i = lo + r
            for j in cols:
                s = S[r, j]
                if s >= floor and i != j:
                    key = (i, int(j)) if i < j else (int(j), i)
                    edges[key] = float(s)
    return sorted(((s, i, j) for (i, j), s in edges.items()), key=lambda e: (-e[0], e[1], e[2]))


def align_units(X, groups: Sequence[int], params: FactParams | None = None, *,
                keys: Sequence[frozenset] | None = None) -> np.ndarray:
    """Cluster units into facts. Returns one cluster label per row of ``X`` (the index of the
    cluster's first unit, so labels are deterministic given the row order).

    Two passes over the sparse nearest-neighbour edges, strongest first:

    1. average-link merging at ``threshold``, a version contributing one unit to a fact (two
       groups sharing a version merge only at ``repeat_threshold``); an edge counts only when
       its two units share ``min_shared_words`` lexical keys (``keys``) besides names/numbers;
    2. the repeat pass: a unit still alone in its version's cluster (a headline, a lede, a quote
       restating what the version already said) joins a fact that already holds a unit of its
       version when its average similarity to the fact's units reaches ``attach_threshold`` or
       its similarity to that version's own unit in the fact reaches ``attach_self``.

    Parameters
    ----------
    X : sparse or dense matrix, rows of unit norm
        Unit vectors; ``X @ X.T`` is the similarity.
    groups : sequence of int
        The version of each unit (a version contributes one unit to a fact unless it repeats).
    keys : sequence of frozenset, optional
        Lexical keys of each unit (:func:`_lexical_keys`); no overlap constraint when omitted.
    """
    p = params or FactParams()
    groups = np.asarray(groups)
    n = X.shape[0]
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    sums = {i: X[i] for i in range(n)}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def dot(a, b) -> float:
        if sp.issparse(a):
            return float(a.multiply(b).sum())
        return float(np.dot(np.ravel(a), np.ravel(b)))

    def union(ri: int, rj: int) -> None:
        root, other = (ri, rj) if ri < rj else (rj, ri)
        parent[other] = root
        members[root] = sorted(members[root] + members.pop(other))
        sums[root] = sums[root] + sums.pop(other)

    need = p.min_shared_words if keys is not None else 0
    floor = min(p.threshold, p.attach_threshold, p.attach_self)
    edges = [e for e in _candidate_edges(X, groups, p, floor) if not need or len(keys[e[1]] & keys[e[2]]) >= need]
    for s, i, j in edges:
        if s < p.threshold:
            break
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        mi, mj = members[ri], members[rj]
        link = dot(sums[ri], sums[rj]) / (len(mi) * len(mj))
        overlap = bool(set(groups[mi]) & set(groups[mj]))
        if link < (p.repeat_threshold if overlap else p.threshold):
            continue
        union(ri, rj)

    # Repeat pass. Candidates come from each unit's own edges (no all-pairs search); a unit
    # joins the fact with the highest average similarity among those holding its version.
    if min(p.attach_threshold, p.attach_self) < 1:
        cands: dict[int, set[int]] = {}
        for s, i, j in edges:
            cands.setdefault(i, set()).add(j)
            cands.setdefault(j, set()).add(i)
        moves = []
        for u in range(n):
            ru = find(u)
            if len(set(groups[members[ru]])) > 1 or u not in cands:
                continue
            best, best_link = None, p.attach_threshold
            for r in sorted({find(j) for j in cands[u]} - {ru}):
                ms = members[r]
                vs = set(groups[ms])
                if groups[u] not in vs or len(vs) < 2:
                    continue
                link = dot(X[u], sums[r]) / len(ms)
                own = [m for m in ms if groups[m] == groups[u]]
                self_sim = max(dot(X[u], X[m]) for m in own)
                if self_sim >= p.attach_self:
                    link = max(link, p.attach_threshold)  # the version repeats its own mention
                if link >= best_link and (best is None or link > best_link or r < best):
                    best, best_link = r, link
            if best is not None:
                moves.append((u, best))
        # Decided on the first-pass facts, applied afterwards: the order of units does not matter.
        for u, r in moves:
            ru, rr = find(u), find(r)
            if ru != rr:
                union(ru, rr)
    return np.array([find(i) for i in range(n)])


# --------------------------------------------------------------------------- values

_MONTHS = ("january february march april may june july august september october november december").split()
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?![’']?s\b)")  # not decades ("1980s")
_RELATIVE_YEAR = re.compile(r"\b(last|this|next|past)\s+year\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")


def mention_values(text: str, year: int | None = None) -> dict[str, frozenset]:
    """Years and other numbers stated in ``text``.

    ``"last year"``/``"this year"``/``"next year"`` are resolved against the publication
    ``year`` when it is known (otherwise left out).

    Returns
    -------
    dict
        ``{"year": frozenset of int, "number": frozenset of float}``; numbers exclude years.

    Examples
    --------
    >>> mention_values("Putin said last year, and 149 people died in March 2024", 2025)
    {'year': frozenset({2024}), 'number': frozenset({149.0})}
    """
    years = {int(m.group(1)) for m in _YEAR.finditer(text)}
    if year is not None:
        offset = {"last": -1, "past": -1, "this": 0, "next": 1}
        years |= {year + offset[m.group(1).lower()] for m in _RELATIVE_YEAR.finditer(text)}
    numbers = set()
    for m in _NUMBER.finditer(text):
        tok = m.group()
        if _YEAR.fullmatch(tok):
            continue
        numbers.add(float(tok.replace(",", "")))
    return {"year": frozenset(years), "number": frozenset(numbers)}


def _pub_year(doc: Document) -> int | None:
    m = re.match(r"\s*(\d{4})", doc.article.date or "")
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- comparison

@dataclass
class FactComparison:
    """The result of :func:`compare_facts`.

    Attributes
    ----------
    units : list of FactUnit
    facts : DataFrame
        One row per mention: story_id, fact_id, outlet, sent_id, start, end, text, unit_id,
        prominence, position, n_outlets, conflict (``"year"``, ``"number"``, ``"year;number"``
        or ``""``).
    omissions : DataFrame
        story_id, outlet, fact_id, carried_by (outlets, ``"; "``-joined), n_carried,
        n_versions, summary (representative mention), evidence_outlet, evidence_sent_id,
        evidence_start, evidence_end, evidence_prominence.
    coverage : DataFrame
        fact_id x outlet: number of mentions (0 = left out).
    placement : DataFrame
        fact_id x outlet: prominence of the first mention (lead/body/end), ``""`` if absent.
    conflicts : DataFrame
        One row per mention of a fact whose versions disagree on a year or a number:
        story_id, fact_id, kind, outlet, sent_id, start, end, values, text.
    params : FactParams
    """

    units: list[FactUnit]
    facts: pd.DataFrame
    omissions: pd.DataFrame
    coverage: pd.DataFrame
    placement: pd.DataFrame
    conflicts: pd.DataFrame
    params: FactParams = field(default_factory=FactParams)


_FACT_COLUMNS = ["story_id", "fact_id", "outlet", "sent_id", "start", "end", "text", "unit_id", "prominence",
                 "position", "n_outlets", "conflict"]
_OMISSION_COLUMNS = ["story_id", "outlet", "fact_id", "carried_by", "n_carried", "n_versions", "summary",
                     "evidence_outlet", "evidence_sent_id", "evidence_start", "evidence_end", "evidence_prominence"]
_CONFLICT_COLUMNS = ["story_id", "fact_id", "kind", "outlet", "sent_id", "start", "end", "values", "text"]


def _params(backend: str, kw: dict) -> FactParams:
    names = {f.name for f in fields(FactParams)}
    unknown = set(kw) - names
    if unknown:
        raise TypeError(f"unknown parameter(s) for compare_facts: {', '.join(sorted(unknown))}")
    misplaced = set(kw) & set(_EMBEDDING_ONLY) if backend != "embeddings" else set()
    if misplaced:
        raise TypeError(f"parameter(s) {', '.join(sorted(misplaced))} only apply to backend='embeddings'")
    base = dict(_EMBEDDING_DEFAULTS) if backend == "embeddings" else {}
    p = FactParams(**(base | kw))
    p.validate()
    return p


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else repr(v)


def compare_facts(docs: Sequence[Document], *, backend: str = "tfidf", encoder=None, **params) -> FactComparison:
    """Align facts across the versions of a story; list what each version leaves out.

    Parameters
    ----------
    docs : sequence of Document
        The cleaned versions (``framing.clean.clean_story``); only kept sentences are read.
        Outlet names should be distinct (they label the coverage columns).
    backend : {"tfidf", "embeddings"}
        ``"tfidf"`` (default): word, character and name TF-IDF. ``"embeddings"``: sentence
        embeddings from the optional ``embeddings`` extra (see
        :mod:`framing.compare.embeddings` and :func:`embedding_vectors`), mixed with TF-IDF, with
        its own default thresholds (``_EMBEDDING_DEFAULTS``). It did not beat TF-IDF on the
        held-out BASIL gold (``docs/facts.md``).
    encoder : callable, optional
        For ``backend="embeddings"`` only: a function list of str -> 2-D array; default loads
        all-MiniLM-L6-v2 from the extra.
    **params
        Fields of :class:`FactParams` (threshold, repeat_threshold, w_word, w_char, w_names,
        n_neighbors, min_words, min_clause_words, lead_sentences, end_fraction, min_carriers);
        with ``backend="embeddings"`` also ``w_embed`` (weight of the embedding cosine, the rest
        goes to TF-IDF) and ``center`` (share of the story's mean embedding removed). Passing
        those two with ``backend="tfidf"`` is a TypeError.

    Returns
    -------
    FactComparison
    """
    if backend not in ("tfidf", "embeddings"):
        raise ValueError(f"backend must be 'tfidf' or 'embeddings', got {backend!r}")
    p = _params(backend, params)
    docs = _canonical(docs)
    units = fact_units(docs, p)
    outlets = [d.outlet for d in docs]
    story_of = {d.outlet: d.story_id for d in docs}
    year_of = {d.outlet: _pub_year(d) for d in docs}
    texts = [u.text for u in units]
    if backend == "embeddings":
        X = embedding_vectors(texts, p, encoder=encoder) if units else np.zeros((0, 1))
    elif encoder is not None:
        raise ValueError("encoder is only used by backend='embeddings'")
    else:
        X = unit_vectors(texts, p) if units else sp.csr_matrix((0, 1))
    version = {o: k for k, o in enumerate(outlets)}
    groups = np.array([version[u.outlet] for u in units], dtype=int)
    keys = [_lexical_keys(t) for t in texts]
    labels = align_units(X, groups, p, keys=keys) if units else np.array([], dtype=int)

    clusters: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        clusters.setdefault(int(lab), []).append(i)

    def cluster_key(ms: list[int]):
        first = units[ms[0]]
        return (-len({units[m].outlet for m in ms}), outlets.index(first.outlet), first.start)

    ordered_clusters = sorted(clusters.values(), key=cluster_key)
    width = max(3, len(str(len(ordered_clusters))))
    fact_of: dict[int, str] = {}
    for k, ms in enumerate(ordered_clusters, 1):
        for m in ms:
            fact_of[m] = f"F{k:0{width}d}"

    # Conflicts: versions of one fact that state disjoint sets of years (or of numbers).
    conflict_kind: dict[str, str] = {}
    conflict_rows = []
    for ms in ordered_clusters:
        fid = fact_of[ms[0]]
        vals = [mention_values(units[m].text, year_of[units[m].outlet]) for m in ms]
        kinds = []
        for kind in ("year", "number"):
            per_outlet: dict[str, frozenset] = {}
            for m, v in zip(ms, vals):
                if v[kind]:
                    per_outlet[units[m].outlet] = per_outlet.get(units[m].outlet, frozenset()) | v[kind]
            sets = list(per_outlet.values())
            if any(not (a & b) for x, a in enumerate(sets) for b in sets[x + 1 :]):
                kinds.append(kind)
                for m, v in zip(ms, vals):
                    if v[kind]:
                        u = units[m]
                        conflict_rows.append([u.story_id, fid, kind, u.outlet, u.sent_id, u.start, u.end,
                                              ";".join(_fmt(x) for x in sorted(v[kind])), u.text])
        conflict_kind[fid] = ";".join(kinds)

    fact_rows = []
    for ms in ordered_clusters:
        fid = fact_of[ms[0]]
        n_out = len({units[m].outlet for m in ms})
        for m in ms:
            u = units[m]
            fact_rows.append([u.story_id, fid, u.outlet, u.sent_id, u.start, u.end, u.text, u.unit_id, u.prominence,
                              u.position, n_out, conflict_kind[fid]])
    facts = pd.DataFrame(fact_rows, columns=_FACT_COLUMNS)

    # Coverage and placement matrices.
    fact_ids = [fact_of[ms[0]] for ms in ordered_clusters]
    cov = np.zeros((len(fact_ids), len(outlets)), dtype=int)
    place = np.full((len(fact_ids), len(outlets)), "", dtype=object)
    for r, ms in enumerate(ordered_clusters):
        for m in ms:  # ms is in unit order: the first mention per outlet comes first
            c = version[units[m].outlet]
            if cov[r, c] == 0:
                place[r, c] = units[m].prominence
            cov[r, c] += 1
    coverage = pd.DataFrame(cov, index=pd.Index(fact_ids, name="fact_id"), columns=outlets)
    placement = pd.DataFrame(place, index=pd.Index(fact_ids, name="fact_id"), columns=outlets)

    # Omissions, with a representative mention (the medoid: most similar to the others).
    om_rows = []
    for r, ms in enumerate(ordered_clusters):
        carriers = [o for o in outlets if cov[r, version[o]] > 0]
        if len(carriers) < p.min_carriers or len(carriers) == len(outlets):
            continue
        if len(ms) > 2:
            sub = X[ms]
            sim = sub @ sub.T
            sim = sim.toarray() if sp.issparse(sim) else np.asarray(sim)
            rep = ms[int(np.argmax(sim.sum(axis=1) - np.diag(sim)))]
        else:
            rep = ms[0]
        u = units[rep]
        for o in outlets:
            if cov[r, version[o]] == 0:
                om_rows.append([story_of[o], o, fact_of[rep], "; ".join(carriers), len(carriers), len(outlets),
                                u.text, u.outlet, u.sent_id, u.start, u.end, u.prominence])
    omissions = pd.DataFrame(om_rows, columns=_OMISSION_COLUMNS)
    if len(omissions):
        omissions = omissions.sort_values(["outlet", "n_carried", "fact_id"], ascending=[True, False, True],
                                          kind="stable").reset_index(drop=True)
    conflicts = pd.DataFrame(conflict_rows, columns=_CONFLICT_COLUMNS)
    return FactComparison(units, facts, omissions, coverage, placement, conflicts, p)
