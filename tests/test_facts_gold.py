"""Fact alignment scored on the hand-made BASIL gold (tests/golden/facts_basil_dev.csv and
tests/golden/facts_basil_heldout.csv).

Floors sit slightly below the figures measured with the default parameters
(``python analyses/facts_basil_gold.py``; learned pair scorer, 2026-11-24). Dev (8 events, the
scorer trained and the thresholds chosen on them): P=0.611 R=0.301 F1=0.403, cell accuracy 0.840,
omission P=0.654 R=0.586 (leave-one-event-out: P=0.591 R=0.303 F1=0.400, cells 0.835, omission
P=0.637 R=0.586). Held-out (12 events, never tuned on, scored once): P=0.558 R=0.336 F1=0.419,
cell accuracy 0.860, omission P=0.636 R=0.630.
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


def _score(path):
    data = shared_dataset("basil")
    g = _scorer()
    gold = g.read_gold(path)
    docs = g.event_docs(data, sorted({r["triplet"] for r in gold}))
    return g.score(docs, gold)


@pytest.fixture(scope="module")
def scored():
    return _score(_scorer().GOLD)


@pytest.fixture(scope="module")
def heldout():
    return _score(_scorer().HELDOUT)


@pytest.mark.gold
@pytest.mark.parametrize("which", ["GOLD", "HELDOUT"])
def test_gold_file_holds_offsets_and_ids_only(which):
    g = _scorer()
    rows = g.read_gold(getattr(g, which))
    assert set(rows[0]) == {"triplet", "outlet", "start", "end", "fact_id", "label"}
    assert len({r["triplet"] for r in rows}) >= 2
    assert max(len(r["label"].split()) for r in rows) <= 12  # short own-words labels, no sentences


@pytest.mark.gold
@pytest.mark.parametrize("which", ["GOLD", "HELDOUT"])
def test_gold_offsets_are_kept_sentences_and_facts_span_two_outlets(which):
    g = _scorer()
    rows = g.read_gold(getattr(g, which))
    docs = g.event_docs(shared_dataset("basil"), sorted({r["triplet"] for r in rows}))
    for r in rows:
        doc = {d.outlet: d for d in docs[r["triplet"]]}[r["outlet"]]
        assert (r["start"], r["end"]) in {(s.start, s.end) for s in doc.kept_sentences}, r
    outlets: dict = {}
    for r in rows:
        outlets.setdefault((r["triplet"], r["fact_id"]), set()).add(r["outlet"])
    assert all(len(v) >= 2 for v in outlets.values())
    assert len({(r["triplet"], r["outlet"], r["start"], r["fact_id"]) for r in rows}) == len(rows)  # no duplicates


@pytest.mark.gold
def test_heldout_events_disjoint_from_dev():
    g = _scorer()
    dev = {r["triplet"] for r in g.read_gold(g.GOLD)}
    held = {r["triplet"] for r in g.read_gold(g.HELDOUT)}
    assert len(held) >= 2 and not dev & held


@pytest.mark.gold
def test_heldout_floors(heldout):
    # Below the measured held-out figures; these numbers were never used to choose parameters.
    assert heldout["n_events"] >= 12
    assert heldout["pairwise"]["precision"] >= 0.53
    assert heldout["pairwise"]["recall"] >= 0.31
    assert heldout["pairwise"]["f1"] >= 0.39
    assert heldout["cells"]["accuracy"] >= 0.84
    assert heldout["omissions"]["precision"] >= 0.60
    assert heldout["omissions"]["recall"] >= 0.60


@pytest.mark.gold
def test_pairwise_alignment_floors(scored):
    assert scored["n_events"] >= 8
    pw = scored["pairwise"]
    assert pw["precision"] >= 0.58
    assert pw["recall"] >= 0.28
    assert pw["f1"] >= 0.38


@pytest.mark.gold
def test_cell_accuracy_floor(scored):
    assert scored["cells"]["accuracy"] >= 0.82
    assert scored["omissions"]["precision"] >= 0.62
    assert scored["omissions"]["recall"] >= 0.55


@pytest.mark.gold
@pytest.mark.xfail(reason="recall is 0.30 on the 8-event dev gold (448 of 641 gold pairs missed). Most gold pairs join "
                          "several sentences of one version (headline, lede, quotes) to another version's: with one "
                          "sentence per version per fact the best possible recall is 0.33; the within-version scorer "
                          "finds few restatements (leave-one-event-out AP 0.24) and loose paraphrases share no words. "
                          "See docs/facts.md, 'Why recall stays low'",
                   strict=True)
def test_pairwise_recall_half(scored):
    assert scored["pairwise"]["recall"] >= 0.5


@pytest.mark.gold
def test_pair_model_rebuilds_byte_for_byte():
    # The shipped model file is what analyses/facts_pair_model.py makes from the dev gold.
    shared_dataset("basil")
    spec = importlib.util.spec_from_file_location("facts_pair_model", ROOT / "analyses" / "facts_pair_model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main(["--check"]) == 0
