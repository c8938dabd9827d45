"""Score cross-outlet quote grouping (``framing.compare.quotes.compare_quotes``: ``quote_group``)
on the hand gold for BASIL (tests/golden/quote_groups_basil.csv).

The gold lists every quote that ``find_quotes`` extracted on the cleaned versions of 12 BASIL
events (6 dev, 6 held-out) with a hand-made ``remark_id``: quotes of different outlets that
report the same remark (same speaker, same utterance, trimmed, paraphrased or indirect) share
an id. It measures grouping *given extraction*, not extraction: gold rows are matched to the
predicted rows by (outlet, start, end); gold rows that no longer match an extracted quote (after
a rule change in ``framing/features/quotes.py``) and extracted quotes the gold does not list are
counted and left out.

Scores, per split:

* pairwise precision / recall / F1 over cross-outlet pairs: two matched quotes of different
  outlets of one event; gold-positive when they share a ``remark_id`` (a quote may carry two),
  predicted-positive when ``compare_quotes`` gives them the same ``quote_group``;
* baselines on the same pairs: ``singletons`` (every quote alone: recall 0), ``same_speaker``
  (same non-empty ``speaker_id`` from ``compare_quotes``, whatever the content), ``tfidf>=0.5``
  (cosine of TF-IDF character 3-5-grams of the two quote texts, fitted per event, >= 0.5; a
  pair rule, no clustering).

Nothing here chooses a parameter: ``compare_quotes`` runs with its defaults.

Usage::

    python analyses/quote_groups_basil_gold.py              # dev and held-out, with baselines
    python analyses/quote_groups_basil_gold.py --errors     # also list the wrong pairs of each split
    python analyses/quote_groups_basil_gold.py --split dev --json
    python analyses/quote_groups_basil_gold.py --data DIR --gold FILE

Exits with a one-line message (status 0) when the BASIL folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent / "tests" / "golden" / "quote_groups_basil.csv"
DATA = HERE.parent.parent / "shared" / "data" / "basil"
COLUMNS = ["triplet", "split", "outlet", "start", "end", "remark_id", "label"]
SPLITS = ("dev", "heldout")


def read_gold(path: str | Path = GOLD) -> list[dict]:
    """Rows of the gold file (``#`` comment lines skipped), offsets as int."""
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for r in rows:
        r["start"], r["end"] = int(r["start"]), int(r["end"])
    return rows


def event_docs(data_dir: str | Path, triplets) -> dict[str, list]:
    """Cleaned documents (one per outlet) of the given BASIL events, as the pipeline cleans them."""
    from framing.clean import clean_story
    from framing.corpus import Article, Story
    from framing.datasets.basil import article_text, basil_events, read_basil

    events = {e[0].triplet: e for e in basil_events(read_basil(data_dir))}
    out = {}
    for t in triplets:
        arts = tuple(Article(story_id=t, outlet=a.outlet, text=article_text(a)) for a in events[t])
        out[t] = clean_story(Story(id=t, title=events[t][0].title, versions=arts))
    return out


def predict(docs) -> list:
    """``compare_quotes`` rows of one event (default parameters)."""
    from framing.compare.quotes import compare_quotes
    from framing.features.quotes import find_quotes

    return compare_quotes(docs, quotes=[find_quotes(d) for d in docs])


def _tfidf_cosine(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    X = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, lowercase=True).fit_transform(texts)
    return (X @ X.T).toarray()


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


METHODS = ("compare_quotes", "singletons", "same_speaker", "tfidf>=0.5")


def score_event(rows: list[dict], pred: list) -> dict:
    """Pair counts of every method on one event, the unmatched counts and the wrong pairs.

    Parameters
    ----------
    rows : list of dict
        The gold rows of one event.
    pred : list of QuoteRow
        ``compare_quotes`` output for that event.
    """
    gold: dict[tuple, set] = defaultdict(set)
    for r in rows:
        gold[(r["outlet"], r["start"], r["end"])].add(r["remark_id"])
    by_key = {(q.outlet, q.start, q.end): q for q in pred}
    keys = sorted(k for k in gold if k in by_key)
    unmatched_gold = sorted(k for k in gold if k not in by_key)
    unlisted_pred = sorted(k for k in by_key if k not in gold)
    cos = _tfidf_cosine([by_key[k].text for k in keys]) if keys else None
    counts = {m: [0, 0, 0] for m in METHODS}  # tp, fp, fn
    wrong = []
    for (i, a), (j, b) in itertools.combinations(enumerate(keys), 2):
        if a[0] == b[0]:
            continue
        g = bool(gold[a] & gold[b])
        qa, qb = by_key[a], by_key[b]
        said = {
            "compare_quotes": qa.quote_group == qb.quote_group,
            "singletons": False,
            "same_speaker": bool(qa.speaker_id) and qa.speaker_id == qb.speaker_id,
            "tfidf>=0.5": bool(cos[i, j] >= 0.5),
        }
        for m, p in said.items():
            c = counts[m]
            c[0] += int(g and p)
            c[1] += int(p and not g)
            c[2] += int(g and not p)
        if said["compare_quotes"] != g:
            wrong.append({"kind": "FN" if g else "FP", "a": a, "b": b, "gold": [sorted(gold[a]), sorted(gold[b])],
                          "group": [qa.quote_group, qb.quote_group], "speaker_id": [qa.speaker_id, qb.speaker_id],
                          "text": [qa.text, qb.text], "cosine": round(float(cos[i, j]), 3)})
    return {"counts": counts, "n_gold_quotes": len(gold), "n_matched": len(keys),
            "unmatched_gold": unmatched_gold, "unlisted_pred": unlisted_pred, "wrong": wrong}


def score(gold: list[dict], data_dir: str | Path = DATA, splits=SPLITS) -> dict:
    """Pairwise P/R/F1 of ``compare_quotes`` and the baselines, per split.

    Returns
    -------
    dict
        split -> {method -> P/R/F1 and counts, ``n_events``, ``n_gold_quotes``, ``n_matched``,
        ``n_unmatched_gold``, ``n_unlisted_pred``, ``n_gold_pairs``, ``wrong`` (list of pairs)}.
    """
    out = {}
    for split in splits:
        rows = [r for r in gold if r["split"] == split]
        triplets = sorted({r["triplet"] for r in rows})
        docs = event_docs(data_dir, triplets)
        tot = {m: [0, 0, 0] for m in METHODS}
        n_gold = n_matched = 0
        unmatched, unlisted, wrong = [], [], []
        for t in triplets:
            ev = score_event([r for r in rows if r["triplet"] == t], predict(docs[t]))
            for m in METHODS:
                tot[m] = [x + y for x, y in zip(tot[m], ev["counts"][m])]
            n_gold += ev["n_gold_quotes"]
            n_matched += ev["n_matched"]
            unmatched += [(t, *k) for k in ev["unmatched_gold"]]
            unlisted += [(t, *k) for k in ev["unlisted_pred"]]
            wrong += [{"triplet": t, **w} for w in ev["wrong"]]
        res = {m: _prf(*tot[m]) for m in METHODS}
        res.update(n_events=len(triplets), n_gold_quotes=n_gold, n_matched=n_matched,
                   n_unmatched_gold=len(unmatched), unmatched_gold=unmatched, n_unlisted_pred=len(unlisted),
                   n_gold_pairs=tot["compare_quotes"][0] + tot["compare_quotes"][2], wrong=wrong)
        out[split] = res
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=str(DATA), help="BASIL folder (holding articles/)")
    ap.add_argument("--gold", default=str(GOLD))
    ap.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    ap.add_argument("--errors", action="store_true", help="list the pairs compare_quotes gets wrong")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if not (Path(a.data) / "articles").is_dir():
        print(f"BASIL not found at {a.data}: nothing to score (quote-group gold needs ../shared/data/basil)")
        return 0
    splits = SPLITS if a.split == "all" else (a.split,)
    res = score(read_gold(a.gold), a.data, splits)
    if a.json:
        print(json.dumps({s: {k: v for k, v in r.items() if a.errors or k != "wrong"} for s, r in res.items()},
                         indent=1))
        return 0
    for s, r in res.items():
        print(f"{s}: {r['n_events']} events, {r['n_gold_quotes']} gold quotes ({r['n_matched']} matched to an "
              f"extracted quote, {r['n_unmatched_gold']} no longer extracted; {r['n_unlisted_pred']} extracted "
              f"quotes not in the gold), {r['n_gold_pairs']} gold cross-outlet pairs")
        for m in METHODS:
            x = r[m]
            print(f"  {m:15s} P={x['precision']:.3f} R={x['recall']:.3f} F1={x['f1']:.3f} "
                  f"(tp={x['tp']} fp={x['fp']} fn={x['fn']})")
        if a.errors:
            for w in r["wrong"]:
                print(f"  {w['kind']} {w['triplet'][:8]} cos={w['cosine']} gold={w['gold']} group={w['group']} "
                      f"speaker={w['speaker_id']}")
                for k, txt in zip((w["a"], w["b"]), w["text"]):
                    print(f"      {k[0]:15s} {k[1]:>5}-{k[2]:<5} {txt[:110]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
