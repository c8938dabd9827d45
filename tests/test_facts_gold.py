"""Fact alignment scored on the hand-made BASIL development gold (tests/golden/facts_basil_dev.csv).

Floors sit slightly below the figures measured with the default parameters
(``python analyses/facts_basil_gold.py``): P=0.800 R=0.311 F1=0.448, cell accuracy 0.899.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import shared_dataset

ROOT = Path(__file__).resolve().parents[1]


def _scorer():
    spec = importlib.util.spec_from_file_location("facts_basil_gold", ROOT / "analyses" / "facts_basil_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def scored():
    data = shared_dataset("basil")
    g = _scorer()
    gold = g.read_gold(g.GOLD)
    docs = g.event_docs(data, sorted({r["triplet"] for r in gold}))
    return g.score(docs, gold)


@pytest.mark.gold
def test_gold_file_holds_offsets_and_ids_only():
    g = _scorer()
    rows = g.read_gold(g.GOLD)
    assert set(rows[0]) == {"triplet", "outlet", "start", "end", "fact_id", "label"}
    assert len({r["triplet"] for r in rows}) >= 2
    assert max(len(r["label"].split()) for r in rows) <= 12  # short own-words labels, no sentences


@pytest.mark.gold
def test_pairwise_alignment_floors(scored):
    pw = scored["pairwise"]
    assert pw["precision"] >= 0.75
    assert pw["recall"] >= 0.28
    assert pw["f1"] >= 0.42


@pytest.mark.gold
def test_cell_accuracy_floor(scored):
    assert scored["cells"]["accuracy"] >= 0.86
    assert scored["omissions"]["recall"] >= 0.7


@pytest.mark.gold
@pytest.mark.xfail(reason="repeated mentions within one version (headline + lede + quote) are mostly left out "
                          "of the fact by the one-unit-per-version constraint; pairwise recall stays low",
                   strict=True)
def test_pairwise_recall_half(scored):
    assert scored["pairwise"]["recall"] >= 0.5
