"""NewsWCL50: mention -> concept resolution against the gold concepts (gold data)."""

from __future__ import annotations

import pytest
from conftest import shared_dataset

from framing.errors import InputError
from framing.evaluate.wording import align, score, validate


def test_align_one_to_one_by_overlap():
    gold = [(0, 5), (10, 25), (-1, -1)]
    system = [(0, 15), (10, 25), (30, 35)]
    assert align(gold, system) == {0: 0, 1: 1}


def test_score_perfect_and_split():
    assert score(["a", "a", "b"], ["x", "x", "y"])["f1"] == pytest.approx(1.0)
    split = score(["a", "a", "a", "a"], ["x", "x", "y", "y"])
    assert split["precision"] == pytest.approx(1.0) and split["recall"] == pytest.approx(0.5)
    missed = score(["a", "a"], ["x", None])
    assert missed["recall"] == pytest.approx(0.5)


def test_empty_folder_refused(tmp_path):
    with pytest.raises(InputError):
        validate(tmp_path)


@pytest.mark.gold
def test_newswcl50_f1_above_published_anchor():
    result = validate(shared_dataset("newswcl50"))
    m = result["metrics"]
    # measured on events 0-6: f1 0.487 (P 0.654, R 0.388); the published anchor is 0.457
    assert m["f1"] >= 0.46
    assert 0.0 <= m["wording_table"]["f1"] <= m["f1"] + 0.05
    assert 0.0 < m["mention_detection"]["f1"] <= 1.0
    assert m["f1"] > m["baseline_exact_string"]["f1"] and m["f1"] > m["baseline_head_noun"]["f1"]
    assert set(m["by_event"]) == {p.split("_")[1] for p in result["parts"]}
    assert all(0.0 <= v["f1"] <= 1.0 for v in m["by_event"].values())
    assert isinstance(m["f1"], float)
