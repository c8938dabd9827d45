"""Synthetic omissions: delete sentences from one version and check they come back as omissions.

For each trial, ``k`` kept sentences of one version are marked dropped. Reference = the run on
the full versions. A *removed fact* is a reference fact whose every mention in that version was
deleted and which another version carries; it is *recovered* when the run on the reduced
versions reports an omission of that version for the fact holding the other versions' mentions.
Precision: of the omissions of that version the reduced run reports that the reference run did
not (matched through the other versions' mentions), the share that are removed facts.

Run ``python tests/test_facts_synthetic.py`` to print the figures.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from framing import load_story
from framing.clean import clean_story
from framing.compare.facts import compare_facts
from framing.document import Document

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "stories" / "russia-taliban-2025"


def drop_sentences(doc: Document, sent_ids: set[int]) -> Document:
    sents = tuple(s._replace(kept=False, drop_reason="synthetic") if s.sent_id in sent_ids else s
                  for s in doc.sentences)
    return replace(doc, sentences=sents)


def synthetic_trial(docs, outlet: str, k: int, rng: random.Random) -> tuple[int, int, int, int]:
    """(removed facts, recovered, new omissions reported, new omissions that are removed facts)."""
    full = compare_facts(docs)
    target = next(d for d in docs if d.outlet == outlet)
    kept = [s.sent_id for s in target.kept_sentences]
    removed = set(rng.sample(kept, min(k, len(kept))))
    reduced_docs = [drop_sentences(d, removed) if d.outlet == outlet else d for d in docs]
    reduced = compare_facts(reduced_docs)

    f = full.facts
    others_units = f[f.outlet != outlet].groupby("fact_id").unit_id.apply(set).to_dict()
    target_rows = f[f.outlet == outlet]
    removed_facts = []
    for fid, g in target_rows.groupby("fact_id"):
        if set(g.sent_id) <= removed and fid in others_units:
            removed_facts.append(others_units[fid])
    full_omitted = [others_units.get(fid, set()) for fid in full.omissions.loc[full.omissions.outlet == outlet, "fact_id"]]

    r = reduced.facts
    r_units = r.groupby("fact_id").unit_id.apply(set).to_dict()
    reported = [r_units[fid] for fid in reduced.omissions.loc[reduced.omissions.outlet == outlet, "fact_id"]]
    recovered = sum(any(units & rep for rep in reported) for units in removed_facts)
    new = [rep for rep in reported if not any(rep & old for old in full_omitted)]
    new_ok = sum(any(rep & units for units in removed_facts) for rep in new)
    return len(removed_facts), recovered, len(new), new_ok


def synthetic_scores(stories, *, k: int = 3, trials: int = 4, seed: int = 0) -> dict:
    rng = random.Random(seed)
    tot = rec = new = new_ok = 0
    for docs in stories:
        for d in sorted(docs, key=lambda d: d.outlet):
            for _ in range(trials):
                a, b, c, e = synthetic_trial(docs, d.outlet, k, rng)
                tot, rec, new, new_ok = tot + a, rec + b, new + c, new_ok + e
    return {"removed": tot, "recall": rec / tot if tot else 0.0, "new_omissions": new,
            "precision": new_ok / new if new else 0.0}


@pytest.fixture(scope="module")
def example_docs():
    return clean_story(load_story(EXAMPLE))


def test_drop_sentences_marks_only_chosen(example_docs):
    d = example_docs[0]
    first = d.kept_sentences[0].sent_id
    out = drop_sentences(d, {first})
    assert len(out.kept_sentences) == len(d.kept_sentences) - 1
    assert all(s.sent_id != first for s in out.kept_sentences)


def test_removed_facts_come_back_as_omissions(example_docs):
    m = synthetic_scores([example_docs], k=3, trials=2, seed=1)
    assert m["removed"] >= 10
    # this sample: recall 0.867 (15 removed), precision 0.917; 4 trials (see __main__): recall 0.821,
    # precision 0.963. (Before issue 5: 0.923 / 1.0 here, 0.892 / 1.000 with 4 trials. The omission
    # check takes back some removed facts: the reduced version still has a unit close to the fact,
    # e.g. "accepted the credentials of a new ambassador" when the photo caption of the credentials
    # was removed. It is then listed in ``possible``, not as an omission.)
    assert m["recall"] >= 0.75
    assert m["precision"] >= 0.8


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "analyses"))
    stories = {"example": [clean_story(load_story(EXAMPLE))]}
    try:
        import facts_basil_gold as g

        gold = g.read_gold(g.GOLD)
        stories["basil-dev"] = list(g.event_docs(g.DATA, sorted({r["triplet"] for r in gold})).values())
    except Exception as exc:  # BASIL absent
        print("BASIL skipped:", exc)
    for name, s in stories.items():
        m = synthetic_scores(s, k=3, trials=4, seed=0)
        print(f"{name:10s} removed={m['removed']} recall={m['recall']:.3f} "
              f"new_omissions={m['new_omissions']} precision={m['precision']:.3f}")
