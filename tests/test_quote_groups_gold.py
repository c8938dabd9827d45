"""Cross-outlet quote grouping (``compare_quotes``: ``quote_group``) scored on the hand gold
tests/golden/quote_groups_basil.csv (12 BASIL events: 6 dev, 6 held-out; offsets and ids only).

The gold lists every quote ``find_quotes`` extracted on 2026-12-07, so it measures grouping given
extraction. Figures measured with ``python analyses/quote_groups_basil_gold.py`` (2026-12-07,
default parameters, nothing tuned on this gold): dev P=0.545 R=0.304 F1=0.390 (79 gold pairs; 0.387 before the fragment rule),
held-out P=0.585 R=0.463 F1=0.517 (82 gold pairs); baselines, dev / held-out: every quote alone
F1=0, same speaker_id F1=0.084 / 0.077, TF-IDF cosine >= 0.5 F1=0.436 / 0.453 (precision 1.0).
Floors sit below the measured figures.

If a rule change in ``framing/features/quotes.py`` moves more than 5% of the extracted spans,
the well-formedness test fails: re-run the scorer (it lists the gold rows that no longer match) and annotate the changed
quotes again from the texts, before looking at the groups.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import shared_dataset

ROOT = Path(__file__).resolve().parents[1]


def _scorer():
    spec = importlib.util.spec_from_file_location("quote_groups_basil_gold",
                                                  ROOT / "analyses" / "quote_groups_basil_gold.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def scored():
    data = shared_dataset("basil")
    g = _scorer()
    return g.score(g.read_gold(g.GOLD), data)


def test_gold_file_holds_offsets_and_ids_only():
    # no BASIL needed: the file's own consistency
    g = _scorer()
    rows = g.read_gold(g.GOLD)
    assert list(rows[0]) == g.COLUMNS
    assert {r["split"] for r in rows} == {"dev", "heldout"}
    split_of: dict = {}
    for r in rows:
        assert split_of.setdefault(r["triplet"], r["split"]) == r["split"], r  # one split per event
        assert 0 <= r["start"] < r["end"], r
    assert sum(s == "dev" for s in split_of.values()) >= 4 and sum(s == "heldout" for s in split_of.values()) >= 4
    # no duplicate row; a quote carries two ids only when it states two remarks
    assert len({(r["triplet"], r["outlet"], r["start"], r["end"], r["remark_id"]) for r in rows}) == len(rows)
    outlets, labels, quotes = defaultdict(set), defaultdict(set), defaultdict(set)
    for r in rows:
        key = (r["triplet"], r["remark_id"])
        outlets[key].add(r["outlet"])
        labels[key].add(r["label"])
        quotes[key].add((r["outlet"], r["start"], r["end"]))
    for key, outs in outlets.items():
        assert len(labels[key]) == 1, key  # one label per remark
        (label,) = labels[key]
        if key[1].startswith("s"):  # a remark of one outlet: its own id, no label
            assert len(outs) == 1 and label == "", key
        else:  # a shared remark: two or more outlets, a short label of our own
            assert len(outs) >= 2 and 0 < len(label.split()) <= 10, key


@pytest.mark.gold
def test_every_gold_row_is_an_extracted_quote(scored):
    # a rule change in the extractor may move a few spans: up to 5% may drift before the gold
    # must be re-annotated (the scorer leaves drifted rows out and says how many)
    for split, r in scored.items():
        assert r["n_unmatched_gold"] <= 0.05 * r["n_gold_quotes"], (split, r["unmatched_gold"][:5])
        assert r["n_unlisted_pred"] <= 0.05 * r["n_gold_quotes"], split  # the gold lists the extracted quotes
        assert r["n_matched"] == r["n_gold_quotes"] - r["n_unmatched_gold"]


@pytest.mark.gold
def test_dev_f1_above_trivial_baseline(scored):
    dev = scored["dev"]
    assert dev["n_events"] >= 6 and dev["n_gold_pairs"] >= 70
    assert dev["singletons"]["f1"] == 0.0
    assert dev["compare_quotes"]["f1"] > dev["singletons"]["f1"]
    assert dev["compare_quotes"]["f1"] > dev["same_speaker"]["f1"]
    assert dev["compare_quotes"]["f1"] >= 0.35
    assert dev["compare_quotes"]["precision"] >= 0.48


@pytest.mark.gold
def test_heldout_floors(scored):
    # measured once; never used to choose anything
    held = scored["heldout"]
    assert held["n_events"] >= 6
    assert held["compare_quotes"]["f1"] >= 0.45
    assert held["compare_quotes"]["f1"] > held["same_speaker"]["f1"]


@pytest.mark.gold
@pytest.mark.xfail(reason="on dev, compare_quotes (F1 0.417) is below a plain TF-IDF cosine >= 0.5 pair rule (0.436, "
                          "precision 1.0): most false positives pair two different remarks of one speaker (the "
                          "same-speaker threshold 0.2 joins different sentences of one speech), and near-identical "
                          "quotes are left apart when their outlet's slot in the group is taken. See docs/quotes.md, "
                          "'Quote groups across outlets — hand gold on BASIL'", strict=True)
def test_dev_f1_above_tfidf_baseline(scored):
    dev = scored["dev"]
    assert dev["compare_quotes"]["f1"] > dev["tfidf>=0.5"]["f1"]
