"""framing.compare.stats: bootstrap intervals, permutation tests, multiple-comparison adjustment."""

import numpy as np
import pytest

from framing.compare.stats import (
    benjamini_hochberg, bootstrap_ci, cliffs_delta, cohens_d, holm, outlet_intervals, paired_permutation_test,
    pairwise_tests, permutation_test,
)

RNG = np.random.default_rng(1)
NORMAL = RNG.normal(0.0, 1.0, 60)


@pytest.mark.parametrize("values, denominator, expected", [
    (NORMAL, None, NORMAL.mean()),
    ([1, 2, 3, 4], None, 2.5),
    ([1, 0, 2], [10, 5, 5], 0.15),  # ratio of sums, not mean of ratios
])
def test_bootstrap_interval_contains_estimate(values, denominator, expected):
    iv = bootstrap_ci(values, denominator=denominator, n_resamples=500, seed=3)
    assert iv.estimate == pytest.approx(expected)
    assert iv.low <= iv.estimate <= iv.high


def test_bootstrap_constant_values_zero_width_and_empty_nan():
    iv = bootstrap_ci([2.0] * 10, n_resamples=200)
    assert (iv.low, iv.estimate, iv.high) == (2.0, 2.0, 2.0)
    assert np.isnan(bootstrap_ci([]).estimate)


def test_bootstrap_deterministic_with_seed_and_varies_without_same_seed():
    a = bootstrap_ci(NORMAL, n_resamples=300, seed=7)
    assert a == bootstrap_ci(NORMAL, n_resamples=300, seed=7)
    assert a != bootstrap_ci(NORMAL, n_resamples=300, seed=8)


def test_cluster_bootstrap_is_wider_for_clustered_data():
    # ten clusters, each of twenty identical values: the real sample size is ten
    values = np.repeat(RNG.normal(0, 1, 10), 20)
    clusters = np.repeat(np.arange(10), 20)
    flat = bootstrap_ci(values, n_resamples=500, seed=0)
    clustered = bootstrap_ci(values, clusters=clusters, n_resamples=500, seed=0)
    assert clustered.n == 10 and flat.n == 200
    assert clustered.estimate == pytest.approx(flat.estimate)
    assert clustered.high - clustered.low > 2 * (flat.high - flat.low)


def test_permutation_identical_groups_p_one():
    r = permutation_test(NORMAL, NORMAL.copy(), n_resamples=500, seed=0)
    assert r.difference == 0 and r.p_value == pytest.approx(1.0)


def test_permutation_shifted_groups_small_p_and_sign():
    r = permutation_test(NORMAL + 1.5, NORMAL, n_resamples=999, seed=0)
    assert r.p_value <= 0.002 and r.difference == pytest.approx(1.5) and r.effect_size > 1


def test_permutation_deterministic():
    a = permutation_test(NORMAL[:30], NORMAL[30:] + 0.2, n_resamples=400, seed=5)
    assert a == permutation_test(NORMAL[:30], NORMAL[30:] + 0.2, n_resamples=400, seed=5)


def test_paired_permutation():
    x = RNG.normal(0, 1, 40)
    assert paired_permutation_test(x, x).p_value == pytest.approx(1.0)
    r = paired_permutation_test(x + 1.0 + RNG.normal(0, 0.2, 40), x, n_resamples=999)
    assert r.p_value <= 0.002 and r.effect_size > 2


@pytest.mark.parametrize("a, b, d, delta", [
    ([1, 2, 3], [1, 2, 3], 0.0, 0.0),
    ([4, 5, 6], [1, 2, 3], 3.0, 1.0),
    ([1, 2, 3], [4, 5, 6], -3.0, -1.0),
])
def test_effect_sizes(a, b, d, delta):
    assert cohens_d(a, b) == pytest.approx(d)
    assert cliffs_delta(a, b) == pytest.approx(delta)


@pytest.mark.parametrize("p, expected_holm, expected_bh", [
    ([0.01, 0.04, 0.03], [0.03, 0.06, 0.06], [0.03, 0.04, 0.04]),
    ([0.5], [0.5], [0.5]),
    ([0.2, float("nan"), 0.01], [0.2, float("nan"), 0.02], [0.2, float("nan"), 0.02]),
])
def test_adjustments(p, expected_holm, expected_bh):
    np.testing.assert_allclose(holm(p), expected_holm)
    np.testing.assert_allclose(benjamini_hochberg(p), expected_bh)


def test_outlet_tables():
    import pandas as pd

    frame = pd.DataFrame({"outlet": ["A"] * 30 + ["B"] * 30, "x": np.r_[NORMAL[:30], NORMAL[:30] + 3],
                          "w": 10})
    iv = outlet_intervals(frame, "x", n_resamples=200)
    assert list(iv.outlet) == ["A", "B"] and (iv.low <= iv.estimate).all() and (iv.estimate <= iv.high).all()
    per_word = outlet_intervals(frame, "x", denominator="w", scale=100, n_resamples=200)
    np.testing.assert_allclose(per_word.estimate, iv.estimate * 10)
    tests = pairwise_tests(frame, "x", n_resamples=300)
    assert len(tests) == 1 and tests.p_value[0] < 0.01 and tests.p_holm[0] == tests.p_value[0]
