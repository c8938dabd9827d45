"""Uncertainty for per-outlet measures: bootstrap intervals and permutation tests.

Every per-outlet number the toolkit reports is an aggregate over sentences (a mean of sentence
scores, or a ratio such as hedges per 100 words = cues / words). Sentences are the resampling
unit: :func:`bootstrap_ci` resamples them with replacement (percentile interval), and
:func:`permutation_test` shuffles sentences between two outlets to ask whether their difference
could arise by chance. When sentences are nested in articles of several events (a corpus such
as BASIL), pass ``clusters=`` to resample whole articles or events instead, and compare outlets
event by event with :func:`paired_permutation_test`.

Multiple comparisons
--------------------
Comparing every pair of *k* outlets on *m* measures runs ``m * k * (k - 1) / 2`` tests; at a
0.05 level some will look "significant" by chance. :func:`holm` adjusts a family of p-values
(Holm 1979; controls the family-wise error rate, valid under any dependence) and
:func:`benjamini_hochberg` controls the false discovery rate instead. Report the family you
adjusted over. A single news story gives a few dozen sentences per outlet: intervals are wide
and tests have little power, so read them as a guard against over-reading differences, not as
evidence of an outlet's general style.

All functions take a ``seed`` and are deterministic for a given seed; nothing is rounded.
"""

from __future__ import annotations

__all__ = [
    "Interval", "PermutationResult", "bootstrap_ci", "permutation_test", "paired_permutation_test",
    "cohens_d", "cliffs_delta", "holm", "benjamini_hochberg", "outlet_intervals", "pairwise_tests",
]

from itertools import combinations
from typing import NamedTuple, Sequence

import numpy as np
import pandas as pd

_STATISTICS = ("mean", "ratio")


class Interval(NamedTuple):
    """A point estimate with its bootstrap percentile interval."""

    estimate: float
    low: float
    high: float
    n: int  # resampling units (sentences, or clusters when clusters= was given)
    n_resamples: int
    confidence: float


class PermutationResult(NamedTuple):
    """Difference between two groups (a - b), its permutation p-value and an effect size."""

    difference: float
    p_value: float
    effect_size: float  # Cohen's d (unpaired) or d_z = mean difference / SD of differences (paired)
    n_a: int
    n_b: int
    n_resamples: int


def _as_rows(values, denominator) -> np.ndarray:
    """(n, 2) array of (numerator, denominator); a mean is a ratio with denominator 1."""
    num = np.asarray(values, dtype=float).ravel()
    den = np.ones_like(num) if denominator is None else np.asarray(denominator, dtype=float).ravel()
    if num.shape != den.shape:
        raise ValueError(f"values ({num.size}) and denominator ({den.size}) differ in length")
    return np.column_stack([num, den])


def _collapse(rows: np.ndarray, clusters) -> np.ndarray:
    """Sum rows within each cluster: resampling clusters keeps their sentences together."""
    if clusters is None:
        return rows
    keys = np.asarray(clusters)
    if keys.shape[0] != rows.shape[0]:
        raise ValueError("clusters must have one entry per value")
    _, inverse = np.unique(keys, return_inverse=True)
    out = np.zeros((inverse.max() + 1, 2)) if rows.size else np.zeros((0, 2))
    np.add.at(out, inverse, rows)
    return out


def _ratio(rows: np.ndarray, axis: int = 0) -> np.ndarray:
    num = rows[..., 0].sum(axis=axis)
    den = rows[..., 1].sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den


def bootstrap_ci(values, *, denominator=None, clusters=None, n_resamples: int = 2000,
                 confidence: float = 0.95, seed: int = 0) -> Interval:
    """Percentile bootstrap interval for a mean or a ratio of sums.

    Parameters
    ----------
    values : array-like
        One value per sentence (e.g. VADER compound, or hedge cues in the sentence).
    denominator : array-like, optional
        One value per sentence (e.g. its words). Given, the statistic is
        ``sum(values) / sum(denominator)``; else the mean of ``values``.
    clusters : array-like, optional
        A cluster key per sentence (article or event). Given, whole clusters are resampled.
    n_resamples, confidence, seed
        Bootstrap settings; the same seed gives the same interval.

    Returns
    -------
    Interval
        NaN estimate and bounds when there is nothing to resample (or a zero denominator).
    """
    rows = _collapse(_as_rows(values, denominator), clusters)
    n = rows.shape[0]
    if n == 0:
        return Interval(float("nan"), float("nan"), float("nan"), 0, n_resamples, confidence)
    estimate = float(_ratio(rows))
    rng = np.random.default_rng(seed)
    stats = np.empty(n_resamples)
    block = max(1, 2_000_000 // max(n, 1))  # bound memory for large inputs
    for lo in range(0, n_resamples, block):
        hi = min(n_resamples, lo + block)
        idx = rng.integers(0, n, size=(hi - lo, n))
        stats[lo:hi] = _ratio(rows[idx], axis=1)
    stats = stats[np.isfinite(stats)]
    if stats.size == 0:
        return Interval(estimate, float("nan"), float("nan"), n, n_resamples, confidence)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(stats, [alpha, 1.0 - alpha])
    return Interval(estimate, float(low), float(high), n, n_resamples, confidence)


def cohens_d(a, b) -> float:
    """Standardised mean difference (a - b) / pooled SD; NaN when undefined.

    Parameters
    ----------
    a, b : array-like
        The two groups' values (one per sentence or article).

    Returns
    -------
    float
        ``(mean(a) - mean(b)) / pooled SD`` (pooled with ``n - 1`` denominators); NaN when a
        group has fewer than two values, or when both are constant with different means (0.0
        with equal means).
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size < 2 or b.size < 2:
        return float("nan")
    pooled = ((a.size - 1) * a.var(ddof=1) + (b.size - 1) * b.var(ddof=1)) / (a.size + b.size - 2)
    if pooled <= 0:
        return 0.0 if a.mean() == b.mean() else float("nan")
    return float((a.mean() - b.mean()) / np.sqrt(pooled))


def cliffs_delta(a, b) -> float:
    """Cliff's delta: P(a > b) - P(a < b) over all pairs, in [-1, 1]; robust to skew.

    Parameters
    ----------
    a, b : array-like
        The two groups' values (one per sentence or article).

    Returns
    -------
    float
        In [-1, 1]; NaN when a group is empty.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.size == 0 or b.size == 0:
        return float("nan")
    diff = np.sign(a[:, None] - b[None, :])
    return float(diff.mean())


def permutation_test(a, b, *, denominator_a=None, denominator_b=None, n_resamples: int = 5000,
                     seed: int = 0) -> PermutationResult:
    """Two-sided permutation test of the difference in means (or ratios) of two outlets.

    Sentences of both outlets are pooled and reassigned at random to groups of the original
    sizes. The p-value is ``(1 + #{|perm diff| >= |observed diff|}) / (1 + n_resamples)``
    (never 0; exactly 1 when the groups are identical). With denominators the statistic is
    the ratio of sums (e.g. hedges per word) and the effect size is Cohen's d of the
    per-sentence rates.

    Parameters
    ----------
    a, b : array-like
        One value per sentence of each outlet (e.g. VADER compound, or hedge cues).
    denominator_a, denominator_b : array-like, optional
        One value per sentence (e.g. its words); given, the statistic is
        ``sum(values) / sum(denominator)``.
    n_resamples : int, default 5000
        Random reassignments.
    seed : int, default 0
        The same seed gives the same p-value.

    Returns
    -------
    PermutationResult
        ``difference`` (a - b), ``p_value``, ``effect_size`` (Cohen's d), group sizes; NaN
        difference, p-value and effect when a group is empty.
    """
    ra, rb = _as_rows(a, denominator_a), _as_rows(b, denominator_b)
    na, nb = ra.shape[0], rb.shape[0]
    if na == 0 or nb == 0:
        return PermutationResult(float("nan"), float("nan"), float("nan"), na, nb, n_resamples)
    observed = float(_ratio(ra) - _ratio(rb))
    pooled = np.vstack([ra, rb])
    rng = np.random.default_rng(seed)
    count = 0
    tol = 1e-12 * max(1.0, abs(observed))  # float noise must not turn a tie into a miss
    block = max(1, 2_000_000 // (na + nb))
    for lo in range(0, n_resamples, block):
        k = min(n_resamples, lo + block) - lo
        perm = rng.permuted(np.tile(np.arange(na + nb), (k, 1)), axis=1)
        diff = _ratio(pooled[perm[:, :na]], axis=1) - _ratio(pooled[perm[:, na:]], axis=1)
        count += int(np.sum(np.abs(diff) >= abs(observed) - tol))
    p = (1 + count) / (1 + n_resamples)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate_a, rate_b = ra[:, 0] / ra[:, 1], rb[:, 0] / rb[:, 1]
    effect = cohens_d(rate_a[np.isfinite(rate_a)], rate_b[np.isfinite(rate_b)])
    return PermutationResult(observed, float(p), effect, na, nb, n_resamples)


def paired_permutation_test(a, b, *, n_resamples: int = 5000, seed: int = 0) -> PermutationResult:
    """Sign-flip permutation test for paired values (e.g. two outlets on the same events).

    Under the null hypothesis the outlet labels within a pair are exchangeable, so each
    difference's sign is flipped at random. Pairs with a missing value are dropped.

    Parameters
    ----------
    a, b : array-like
        Paired values, ``a[i]`` and ``b[i]`` for the same unit (event, story).
    n_resamples : int, default 5000
        Random sign flips.
    seed : int, default 0
        The same seed gives the same p-value.

    Returns
    -------
    PermutationResult
        ``difference`` (mean of a - b), ``p_value``, ``effect_size`` (d_z: mean difference / SD
        of the differences), the number of complete pairs as ``n_a`` and ``n_b``.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("paired values must have the same length")
    keep = np.isfinite(a) & np.isfinite(b)
    d = a[keep] - b[keep]
    n = d.size
    if n == 0:
        return PermutationResult(float("nan"), float("nan"), float("nan"), 0, 0, n_resamples)
    observed = float(d.mean())
    rng = np.random.default_rng(seed)
    signs = rng.choice(np.array([-1.0, 1.0]), size=(n_resamples, n))
    perm = (signs * d).mean(axis=1)
    tol = 1e-12 * max(1.0, abs(observed))
    p = (1 + int(np.sum(np.abs(perm) >= abs(observed) - tol))) / (1 + n_resamples)
    sd = d.std(ddof=1) if n > 1 else float("nan")
    effect = float(observed / sd) if sd and np.isfinite(sd) and sd > 0 else (0.0 if observed == 0 else float("nan"))
    return PermutationResult(observed, float(p), effect, n, n, n_resamples)


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm–Bonferroni adjusted p-values (same order as given; NaN stays NaN).

    Parameters
    ----------
    p_values : sequence of float
        Raw p-values of one family of tests.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order given, capped at 1.
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = ok.size
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adjusted, 1.0)
    return out


def benjamini_hochberg(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (false discovery rate; NaN stays NaN).

    Parameters
    ----------
    p_values : sequence of float
        Raw p-values of one family of tests.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values (q-values), in the order given, capped at 1.
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full_like(p, np.nan)
    ok = np.flatnonzero(np.isfinite(p))
    m = ok.size
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    out[order] = np.minimum(adjusted, 1.0)
    return out


def outlet_intervals(frame: pd.DataFrame, value: str, *, denominator: str | None = None,
                     cluster: str | None = None, outlet: str = "outlet", scale: float = 1.0,
                     n_resamples: int = 2000, confidence: float = 0.95, seed: int = 0) -> pd.DataFrame:
    """One bootstrap interval per outlet for a sentence-level column.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per sentence (e.g. ``sentiment.csv``).
    value : str
        The column measured.
    denominator : str, optional
        A column to divide by: the statistic is ``sum(value) / sum(denominator)``; else the mean.
    cluster : str, optional
        A cluster column (article, event): whole clusters are resampled.
    outlet : str, default "outlet"
        The column naming the outlet.
    scale : float, default 1.0
        Multiplies estimate and bounds (100 for "per 100 words").
    n_resamples, confidence, seed
        Bootstrap settings, as for :func:`bootstrap_ci`.

    Returns
    -------
    pandas.DataFrame
        Columns ``outlet`` (named as ``outlet``), ``estimate, low, high, n``; one row per
        outlet in first-seen order.
    """
    rows = []
    for name, part in frame.groupby(outlet, sort=False):
        iv = bootstrap_ci(part[value], denominator=None if denominator is None else part[denominator],
                          clusters=None if cluster is None else part[cluster], n_resamples=n_resamples,
                          confidence=confidence, seed=seed)
        rows.append({outlet: name, "estimate": iv.estimate * scale, "low": iv.low * scale,
                     "high": iv.high * scale, "n": iv.n})
    return pd.DataFrame(rows, columns=[outlet, "estimate", "low", "high", "n"])


def pairwise_tests(frame: pd.DataFrame, value: str, *, denominator: str | None = None,
                   outlet: str = "outlet", scale: float = 1.0, n_resamples: int = 5000,
                   seed: int = 0) -> pd.DataFrame:
    """Permutation tests for every pair of outlets on a sentence-level column, Holm-adjusted
    within this family (this measure).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per sentence.
    value : str
        The column compared.
    denominator : str, optional
        A column to divide by (a ratio of sums, e.g. hedges per word).
    outlet : str, default "outlet"
        The column naming the outlet.
    scale : float, default 1.0
        Multiplies the difference (100 for "per 100 words").
    n_resamples, seed
        As for :func:`permutation_test`.

    Returns
    -------
    pandas.DataFrame
        Columns ``outlet_a, outlet_b, difference`` (a - b, times ``scale``), ``p_value,
        p_holm, effect_size`` (Cohen's d), ``n_a, n_b``; one row per pair of outlets.
    """
    groups = {name: part for name, part in frame.groupby(outlet, sort=False)}
    rows = []
    for a, b in combinations(groups, 2):
        ga, gb = groups[a], groups[b]
        r = permutation_test(ga[value], gb[value],
                             denominator_a=None if denominator is None else ga[denominator],
                             denominator_b=None if denominator is None else gb[denominator],
                             n_resamples=n_resamples, seed=seed)
        rows.append({"outlet_a": a, "outlet_b": b, "difference": r.difference * scale, "p_value": r.p_value,
                     "effect_size": r.effect_size, "n_a": r.n_a, "n_b": r.n_b})
    out = pd.DataFrame(rows, columns=["outlet_a", "outlet_b", "difference", "p_value", "effect_size", "n_a", "n_b"])
    out.insert(4, "p_holm", holm(out["p_value"].to_numpy()) if len(out) else [])
    return out
