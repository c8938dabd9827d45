"""Train the pair scorer of cross-version fact alignment (``framing/data/fact_pair_model.json``).

Trained on the BASIL *development* gold only (tests/golden/facts_basil_dev.csv); the held-out
gold is never read here. For every event, every pair of fact units (``fact_units``) gets a
label: 1 when the two units' sentences share a gold fact. Two logistic regressions
(scikit-learn, L2, C=1, lbfgs) are fitted on the pair features of
``framing.compare.facts.pair_features``: one on pairs of units from two versions
(``CROSS_FEATURES``), one on pairs of units of one version, two clauses of one sentence left out
(``WITHIN_FEATURES``). Coefficients are stored rounded to 6 significant digits, so a rebuild
gives the same bytes (``--check``).

Usage::

    python analyses/facts_pair_model.py            # rebuild the model file from the dev gold
    python analyses/facts_pair_model.py --check    # rebuild in memory, compare byte for byte (exit 1 if different;
                                                   # 0 with a note if only the scikit-learn version differs)
    python analyses/facts_pair_model.py --cv       # leave-one-event-out on dev: pair AP/AUC, and the
                                                   # alignment scores over a threshold grid
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import facts_basil_gold as fg  # noqa: E402

MODEL = HERE.parent / "framing" / "data" / "fact_pair_model.json"
C = 1.0
# --cv grid, stage 1 (average-probability thresholds of align_units): the defaults in FactParams
# are the best dev F1 of this grid with leave-one-event-out models, among settings whose cell
# accuracy is no worse than the previous defaults'.
THRESHOLDS = (0.1, 0.12, 0.15, 0.18, 0.2, 0.25)
REPEAT_THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 1.0)
# --cv stage 2 (issue 5), at the stage-1 defaults: the cap on merging two facts that each span
# several versions, and the omission check's threshold (1.0 = off). Ranked by omission F0.5
# (omission precision counts twice as much as recall: it is the figure a user reads), then F1.
MERGE_THRESHOLDS = (0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)
CARRIED_THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 1.0)


def event_pairs(docs, gold_rows: list[dict]):
    """(features, labels, within) of every unit pair of one event; two clauses of one sentence
    are left out."""
    from framing.compare.facts import fact_units, pair_features

    units = fact_units(docs)
    facts: dict[tuple, set] = defaultdict(set)
    for r in gold_rows:
        facts[(r["outlet"], r["start"])].add(r["fact_id"])
    sent_start = {}
    for d in docs:
        for s in d.sentences:
            sent_start[(d.outlet, s.sent_id)] = s.start
    key = [(u.outlet, sent_start[(u.outlet, u.sent_id)]) for u in units]
    i, j = np.triu_indices(len(units), 1)
    keep = np.array([key[a] != key[b] for a, b in zip(i.tolist(), j.tolist())], dtype=bool)
    i, j = i[keep], j[keep]
    y = np.array([bool(facts.get(key[a], set()) & facts.get(key[b], set())) for a, b in zip(i.tolist(), j.tolist())])
    within = np.array([units[a].outlet == units[b].outlet for a, b in zip(i.tolist(), j.tolist())], dtype=bool)
    return pair_features(units, i, j), y, within


def load_dev(gold_path=fg.GOLD, data=fg.DATA):
    gold = fg.read_gold(gold_path)
    events = sorted({r["triplet"] for r in gold})
    docs = fg.event_docs(data, events)
    pairs = {t: event_pairs(docs[t], [r for r in gold if r["triplet"] == t]) for t in events}
    return gold, docs, pairs


def fit(pairs: dict, events: list[str]) -> dict:
    """The two logistic regressions on the pairs of ``events``: {part: (coef, intercept, n, n_pos)}."""
    from sklearn.linear_model import LogisticRegression

    from framing.compare.facts import CROSS_FEATURES, WITHIN_FEATURES

    out = {}
    for part, names in (("cross", CROSS_FEATURES), ("within", WITHIN_FEATURES)):
        X = np.vstack([pairs[t][0][(pairs[t][2] if part == "within" else ~pairs[t][2])][:, : len(names)] for t in events])
        y = np.concatenate([pairs[t][1][(pairs[t][2] if part == "within" else ~pairs[t][2])] for t in events])
        clf = LogisticRegression(C=C, max_iter=100_000, tol=1e-10).fit(X, y)
        out[part] = ([_round(c) for c in clf.coef_[0]], _round(clf.intercept_[0]), int(len(y)), int(y.sum()))
    return out


def _round(x: float) -> float:
    return float(f"{float(x):.6g}")


def as_model(fitted: dict, source: str = ""):
    from framing.compare.facts import PairModel

    return PairModel(tuple(fitted["cross"][0]), fitted["cross"][1], tuple(fitted["within"][0]), fitted["within"][1], source)


def model_json(fitted: dict, events: list[str]) -> str:
    import sklearn

    from framing.compare.facts import CROSS_FEATURES, WITHIN_FEATURES

    d = {
        "about": "Pair scorer of framing.compare.facts (scorer='learned'): P(two fact units state the same fact) = "
                 "1 / (1 + exp(-(intercept + coef . features))). Features: see CROSS_FEATURES and WITHIN_FEATURES "
                 "in framing/compare/facts.py.",
        "source": "Own work of the framing project (CC0): logistic regressions trained by analyses/facts_pair_model.py "
                  "on the hand-made BASIL development gold tests/golden/facts_basil_dev.csv (BASIL: Fan et al. 2019, "
                  "read from shared/data/basil; no text stored). The held-out gold was not used.",
        "training": {
            "events": events,
            "label": "1 when the two units' sentences share a gold fact; two clauses of one sentence left out",
            "estimator": f"sklearn.linear_model.LogisticRegression(C={C}, max_iter=100000, tol=1e-10) "
                         f"(scikit-learn {sklearn.__version__}), raw features, coefficients rounded to 6 significant digits",
            "rebuild": "python analyses/facts_pair_model.py (--check compares byte for byte)",
        },
        "cross": {"features": list(CROSS_FEATURES), "coef": fitted["cross"][0], "intercept": fitted["cross"][1],
                  "n_pairs": fitted["cross"][2], "n_positive": fitted["cross"][3]},
        "within": {"features": list(WITHIN_FEATURES), "coef": fitted["within"][0], "intercept": fitted["within"][1],
                   "n_pairs": fitted["within"][2], "n_positive": fitted["within"][3]},
    }
    return json.dumps(d, indent=1, sort_keys=True) + "\n"


def f_half(m: dict) -> float:
    """Omission F0.5 of a metrics dict of ``facts_basil_gold.score``."""
    p, r = m["omissions"]["precision"], m["omissions"]["recall"]
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


_LIBRARY = re.compile(r"\(scikit-learn [^)]*\)")


def without_library_version(text: str) -> dict:
    """A model file's JSON with the library version of its provenance blanked: two files that
    are equal after this hold the same model (the coefficients are fitted by the same code)."""
    d = json.loads(text)
    d["training"]["estimator"] = _LIBRARY.sub("(scikit-learn)", d["training"]["estimator"])
    return d


def rebuild(gold_path=fg.GOLD, data=fg.DATA) -> str:
    """The model file's text as rebuilt from the dev gold."""
    gold, docs, pairs = load_dev(gold_path, data)
    events = sorted(pairs)
    return model_json(fit(pairs, events), events)


def cross_validate(gold, docs, pairs, thresholds=THRESHOLDS, repeats=REPEAT_THRESHOLDS, extra=None,
                   merges=MERGE_THRESHOLDS, carried=CARRIED_THRESHOLDS) -> list:
    """Leave-one-event-out on dev: each event is aligned with a model trained on the others.
    Stage 1: the threshold grid, best dev F1 first (printed). Stage 2: at the FactParams
    defaults of ``threshold`` and ``repeat_threshold``, the ``merge_threshold`` x
    ``carried_threshold`` grid, best omission F0.5 first (printed). Returns stage 1's
    [(params, metrics)]."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    events = sorted(pairs)
    models = {t: as_model(fit(pairs, [e for e in events if e != t])) for t in events}
    for part in ("cross", "within"):
        ys, ps = [], []
        for t in events:
            X, y, w = pairs[t]
            m = models[t]
            coef, b = (m.within, m.within_intercept) if part == "within" else (m.cross, m.cross_intercept)
            sel = w if part == "within" else ~w
            ys.append(y[sel])
            ps.append(X[sel][:, : len(coef)] @ np.array(coef) + b)
        y, p = np.concatenate(ys), np.concatenate(ps)
        print(f"{part:6s} pairs={len(y)} positive={int(y.sum())}  leave-one-event-out ROC AUC={roc_auc_score(y, p):.3f} "
              f"AP={average_precision_score(y, p):.3f}")
    results = []
    for thr, rep in itertools.product(thresholds, repeats):
        params = dict(extra or {}, threshold=thr, repeat_threshold=rep)
        m = fg.score(docs, gold, pair_models=models, **params)
        results.append((params, m))
    results.sort(key=lambda r: (-r[1]["pairwise"]["f1"], -r[1]["cells"]["accuracy"], sorted(r[0].items())))
    print("stage 1: alignment thresholds, best F1 first")
    print("threshold repeat  P     R     F1    cells  omP   omR")
    for params, m in results[:12]:
        pw, c, o = m["pairwise"], m["cells"], m["omissions"]
        print(f"{params['threshold']:<9} {params['repeat_threshold']:<6} {pw['precision']:.3f} {pw['recall']:.3f} "
              f"{pw['f1']:.3f} {c['accuracy']:.3f}  {o['precision']:.3f} {o['recall']:.3f}")
    if merges and carried:
        from framing.compare.facts import FactParams

        d = FactParams()
        stage2 = []
        for merge, carry in itertools.product(merges, carried):
            params = dict(extra or {}, threshold=d.threshold, repeat_threshold=d.repeat_threshold,
                          merge_threshold=merge, carried_threshold=carry)
            stage2.append((params, fg.score(docs, gold, pair_models=models, **params)))
        stage2.sort(key=lambda r: (-f_half(r[1]), -r[1]["pairwise"]["f1"], sorted(r[0].items())))
        print(f"stage 2 at threshold {d.threshold}, repeat {d.repeat_threshold}: best omission F0.5 first")
        print("merge carried  P     R     F1    cells  omP   omR   omF0.5")
        for params, m in stage2[:12]:
            pw, c, o = m["pairwise"], m["cells"], m["omissions"]
            print(f"{params['merge_threshold']:<5} {params['carried_threshold']:<7} {pw['precision']:.3f} "
                  f"{pw['recall']:.3f} {pw['f1']:.3f} {c['accuracy']:.3f}  {o['precision']:.3f} {o['recall']:.3f} "
                  f"{f_half(m):.3f}")
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(fg.DATA))
    ap.add_argument("--gold", default=str(fg.GOLD), help="development gold (the held-out gold is never read)")
    ap.add_argument("--out", default=str(MODEL))
    ap.add_argument("--check", action="store_true", help="compare the rebuilt model with --out byte for byte")
    ap.add_argument("--cv", action="store_true", help="leave-one-event-out scores on dev")
    args = ap.parse_args(argv)
    if not Path(args.data).is_dir():
        print(f"BASIL not found at {args.data}", file=sys.stderr)
        return 2
    gold, docs, pairs = load_dev(args.gold, args.data)
    events = sorted(pairs)
    if args.cv:
        cross_validate(gold, docs, pairs)
        return 0
    text = model_json(fit(pairs, events), events)
    if args.check:
        old = Path(args.out).read_text(encoding="utf-8") if Path(args.out).is_file() else None
        if old == text:
            print("same bytes")
            return 0
        if old is not None and without_library_version(old) == without_library_version(text):
            print(f"same model; only the scikit-learn version in the provenance differs from {args.out}")
            return 0
        print(f"DIFFERENT from {args.out}")
        return 1
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
