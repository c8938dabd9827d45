"""BASIL case study (computation): every BASIL event (Fox News, New York Times, HuffPost on the
same event) analysed as one story; per-outlet aggregates across events of hedging, quoting,
sentiment and omissions with event-cluster bootstrap intervals, and paired (within-event)
permutation tests between outlets, Holm-adjusted over all measures and pairs.

BASIL is read by path and never copied: only aggregates (counts and rates per article, per
outlet) are written, no article text. Usage::

    python analyses/basil_case_study.py [--inputs ../shared/data/basil] [--output figures/data/basil]
"""

from __future__ import annotations

import sys
from itertools import combinations
from pathlib import Path

import pandas as pd

import _common as C
from framing.compare.stats import bootstrap_ci, holm, paired_permutation_test
from framing.corpus import Article, Story
from framing.datasets.basil import OUTLETS, article_text, basil_events, read_basil
from framing.pipeline import analyze

MEASURES = [*C.MEASURES, "omissions_per_event"]


def _story(event) -> Story:
    sid = f"basil-{event[0].triplet}"
    versions = tuple(Article(story_id=sid, outlet=a.outlet, text=article_text(a), path=a.path, title=a.title,
                             date=a.date, url=None, language="en", publisher=None, notes=None) for a in event)
    return Story(id=sid, title=event[0].title, versions=versions)


def compute(data: Path, out: Path) -> dict[str, pd.DataFrame]:
    events = [e for e in basil_events(read_basil(data)) if len({a.outlet for a in e}) == len(e) >= 2]
    sentence_rows, article_rows = [], []
    for event in events:
        story = _story(event)
        t = analyze(story).tables
        sm = C.sentence_measures(t)
        sentence_rows.append(sm)
        om = t["omissions"].drop_duplicates(["fact_id", "outlet"]).groupby("outlet").size()
        n_facts = int(t["facts"]["fact_id"].nunique())
        for o, part in sm.groupby("outlet", sort=False):
            words = part["n_words"].sum()
            article_rows.append({
                "story_id": story.id, "year": event[0].year, "outlet": o, "n_sentences": len(part),
                "n_words": int(words), "sentiment_mean": part["compound"].mean(),
                "hedge_per_100w": 100.0 * part["hedges"].sum() / words if words else float("nan"),
                "quoted_word_share": part["quoted_words"].sum() / words if words else float("nan"),
                "negative_share": part["negative"].mean(), "omissions_per_event": int(om.get(o, 0)),
                "n_event_facts": n_facts,
            })
    sm = pd.concat(sentence_rows, ignore_index=True)
    arts = pd.DataFrame(article_rows)
    order = [o for o in OUTLETS.values() if o in set(arts["outlet"])]

    ivs = []
    for m in MEASURES:
        for o in order:
            if m == "omissions_per_event":
                part = arts[arts.outlet == o]
                iv = bootstrap_ci(part[m], n_resamples=C.N_BOOT, seed=C.SEED)
                scale = 1.0
            else:
                value, den, scale = C.measure_spec(m)
                part = sm[sm.outlet == o]
                iv = bootstrap_ci(part[value], denominator=None if den is None else part[den],
                                  clusters=part["story_id"], n_resamples=C.N_BOOT, seed=C.SEED)
            ivs.append({"outlet": o, "measure": m, "estimate": iv.estimate * scale, "low": iv.low * scale,
                        "high": iv.high * scale, "n": iv.n})
    intervals = pd.DataFrame(ivs)

    wide = {m: arts.pivot(index="story_id", columns="outlet", values=m) for m in MEASURES}
    tests = []
    for m in MEASURES:
        for a, b in combinations(order, 2):
            r = paired_permutation_test(wide[m][a], wide[m][b], n_resamples=C.N_PERM, seed=C.SEED)
            tests.append({"measure": m, "outlet_a": a, "outlet_b": b, "difference": r.difference,
                          "p_value": r.p_value, "effect_size": r.effect_size, "n_events": r.n_a})
    tests = pd.DataFrame(tests)
    tests["p_holm"] = holm(tests["p_value"].to_numpy())

    tables = {"articles": arts, "intervals": intervals, "pairwise": tests}
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        C.write_csv(frame, out / f"{name}.csv")

    iv = intervals.set_index(["measure", "outlet"])
    macros = {"BasilNEvents": C.fmt(len(events)), "BasilNArticles": C.fmt(len(arts)),
              "BasilNSentences": C.fmt(len(sm)), "BasilNTests": C.fmt(len(tests)),
              "BasilNSignificantHolm": C.fmt(int((tests["p_holm"] < 0.05).sum())),
              "BasilFirstYear": str(arts["year"].min()), "BasilLastYear": str(arts["year"].max())}
    for m in MEASURES:
        for o in order:
            key = C.macro_name("Basil", m, o)
            macros[key] = C.fmt(iv.loc[(m, o), "estimate"])
            macros[key + "Low"] = C.fmt(iv.loc[(m, o), "low"])
            macros[key + "High"] = C.fmt(iv.loc[(m, o), "high"])
    C.write_macros(C.GENERATED / "basil_numbers.tex", macros, source="analyses/basil_case_study.py")
    return tables


def main(inputs=None, output=None) -> dict[str, pd.DataFrame]:
    data = Path((inputs or [C.BASIL])[0])
    if not (data / "articles").is_dir():
        print(f"basil_case_study: BASIL not found at {data} (set FRAMING_BASIL); keeping the cached tables",
              file=sys.stderr)
        return {}
    return compute(data, Path(output or C.DATA / "basil"))


if __name__ == "__main__":
    C.run(main, __doc__, [C.BASIL], C.DATA / "basil")
