"""Fact alignment scored on the hand-made BASIL development gold (tests/golden/facts_basil_dev.csv).

Floors sit slightly below the figures measured with the default parameters
(``python analyses/facts_basil_gold.py``; defaults re-tuned 2026-11-23 on the 5 dev events). Dev (5
events, tuned on): P=0.586 R=0.302 F1=0.399, cell accuracy 0.837, omission P=0.692 R=0.482.
Held-out (tests/golden/facts_basil_heldout.csv, 6 events, never tuned on): P=0.434 R=0.346
F1=0.385, cell accuracy 0.864, omission P=0.723 R=0.557.
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
    assert heldout["pairwise"]["precision"] >= 0.41
    assert heldout["pairwise"]["recall"] >= 0.32
    assert heldout["pairwise"]["f1"] >= 0.36
    assert heldout["cells"]["accuracy"] >= 0.84
    assert heldout["omissions"]["recall"] >= 0.53


@pytest.mark.gold
def test_pairwise_alignment_floors(scored):
    pw = scored["pairwise"]
    assert pw["precision"] >= 0.56
    assert pw["recall"] >= 0.28
    assert pw["f1"] >= 0.38


@pytest.mark.gold
def test_cell_accuracy_floor(scored):
    assert scored["cells"]["accuracy"] >= 0.82
    assert scored["omissions"]["precision"] >= 0.66
    assert scored["omissions"]["recall"] >= 0.46


@pytest.mark.gold
@pytest.mark.xfail(reason="recall is 0.30 on the 5-event dev gold (284 of 407 gold pairs missed), capped by the "
                          "TF-IDF similarity (loose paraphrases, sentences carrying two facts), not by the "
                          "one-unit-per-version rule (measured on the 2-event dev: rule off, recall unchanged, "
                          "precision down). See docs/facts.md, 'Restatements'",
                   strict=True)
def test_pairwise_recall_half(scored):
    assert scored["pairwise"]["recall"] >= 0.5
