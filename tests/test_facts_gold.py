"""Fact alignment scored on the hand-made BASIL gold (tests/golden/facts_basil_dev.csv and
tests/golden/facts_basil_heldout.csv).

Floors sit slightly below the figures measured with the default parameters
(``python analyses/facts_basil_gold.py``; learned pair scorer, issue 5 round, 2026-12-07: no
clause split inside quotation marks, merge_threshold 0.6, repeat_threshold 0.25, the omission
check at 0.4). Dev (8 events, the scorer trained and the thresholds chosen on them): P=0.575
R=0.310 F1=0.403, cell accuracy 0.863, omission P=0.714 R=0.632 (leave-one-event-out: P=0.565
R=0.300 F1=0.391, cells 0.860, omission P=0.705 R=0.632). Held-out (12 events, never tuned on,
scored once): P=0.533 R=0.339 F1=0.414, cell accuracy 0.862, omission P=0.647 R=0.611 (before
this round: P=0.558 R=0.336 F1=0.419, cells 0.860, omission P=0.636 R=0.630).
"""

from __future__ import annotations

import importlib.util
import json
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
    assert heldout["pairwise"]["precision"] >= 0.51
    assert heldout["pairwise"]["recall"] >= 0.31
    assert heldout["pairwise"]["f1"] >= 0.39
    assert heldout["cells"]["accuracy"] >= 0.84
    assert heldout["omissions"]["precision"] >= 0.62
    assert heldout["omissions"]["recall"] >= 0.58


@pytest.mark.gold
def test_pairwise_alignment_floors(scored):
    assert scored["n_events"] >= 8
    pw = scored["pairwise"]
    assert pw["precision"] >= 0.55
    assert pw["recall"] >= 0.28
    assert pw["f1"] >= 0.38


@pytest.mark.gold
def test_cell_accuracy_floor(scored):
    assert scored["cells"]["accuracy"] >= 0.84
    assert scored["omissions"]["precision"] >= 0.68
    assert scored["omissions"]["recall"] >= 0.60
    assert scored["cells"]["unmatched_facts"] == 0  # every gold fact overlaps some predicted fact


@pytest.mark.gold
@pytest.mark.xfail(reason="recall is 0.31 on the 8-event dev gold (442 of 641 gold pairs missed). Most gold pairs join "
                          "several sentences of one version (headline, lede, quotes) to another version's: with one "
                          "sentence per version per fact the best possible recall is 0.33; the within-version scorer "
                          "finds few restatements (leave-one-event-out AP 0.25) and loose paraphrases share no words. "
                          "See docs/facts.md, 'Why recall stays low'",
                   strict=True)
def test_pairwise_recall_half(scored):
    assert scored["pairwise"]["recall"] >= 0.5


def _pair_model_script():
    spec = importlib.util.spec_from_file_location("facts_pair_model", ROOT / "analyses" / "facts_pair_model.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.gold
def test_pair_model_rebuilds_from_the_dev_gold():
    # The shipped model file is what analyses/facts_pair_model.py makes from the dev gold (read
    # from the dataset fixture's path, so FRAMING_SHARED_DATA works): the same model, and the same
    # bytes when the scikit-learn version is the one named in the file's provenance.
    import sklearn

    data = shared_dataset("basil")
    mod = _pair_model_script()
    rebuilt = mod.rebuild(mod.fg.GOLD, data)
    shipped = mod.MODEL.read_text(encoding="utf-8")
    assert mod.without_library_version(rebuilt) == mod.without_library_version(shipped)
    if f"(scikit-learn {sklearn.__version__})" in shipped:
        assert rebuilt == shipped
    assert mod.main(["--check", "--data", str(data)]) == 0


def test_pair_model_comparison_ignores_only_the_library_version():
    mod = _pair_model_script()
    shipped = mod.MODEL.read_text(encoding="utf-8")
    other_version = mod._LIBRARY.sub("(scikit-learn 0.0.1)", shipped)
    assert other_version != shipped
    assert mod.without_library_version(other_version) == mod.without_library_version(shipped)
    d = json.loads(shipped)
    d["cross"]["intercept"] += 0.001
    assert mod.without_library_version(json.dumps(d)) != mod.without_library_version(shipped)


@pytest.mark.gold
@pytest.mark.parametrize("which", ["GOLD", "HELDOUT"])
def test_gold_labels_are_own_words(which):
    # Labels say the fact in the annotator's words: none shares a run of five words with the
    # articles of its event (word 5-grams, case-folded).
    import re

    from framing.datasets.basil import article_text, basil_events, read_basil

    g = _scorer()
    rows = g.read_gold(getattr(g, which))
    events = {e[0].triplet: e for e in basil_events(read_basil(shared_dataset("basil")))}
    word = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")

    def grams(text):
        w = [x.lower().replace("’", "'") for x in word.findall(text)]
        return {tuple(w[k : k + 5]) for k in range(len(w) - 4)}

    article_grams = {t: set().union(*(grams(article_text(a)) for a in events[t])) for t in {r["triplet"] for r in rows}}
    copied = sorted({(r["fact_id"], r["label"]) for r in rows if grams(r["label"]) & article_grams[r["triplet"]]})
    assert not copied
