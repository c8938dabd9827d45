"""Example story case study (computation): analyse the five versions once and cache every table
the figures and tables need under figures/data/story/, with bootstrap intervals and permutation
tests; write the story's numbers as LaTeX macros.

Usage::

    python analyses/story_case_study.py [--inputs data/stories/russia-taliban-2025] [--output figures/data/story]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import _common as C
from framing import load_story
from framing.compare.stats import holm, outlet_intervals, pairwise_tests
from framing.pipeline import analyze

N_FACTS_SHOWN = 30


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def compute(story_dir: Path, out: Path) -> dict[str, pd.DataFrame]:
    result = analyze(load_story(story_dir))
    t = result.tables
    outlets = list(t["articles"]["outlet"])
    sm = C.sentence_measures(t)
    tables: dict[str, pd.DataFrame] = {}

    arts = t["articles"].drop(columns=["path"])
    tables["articles"] = arts

    # intervals and tests per measure (sentences are the resampling unit)
    ivs, tests = [], []
    for m in C.MEASURES:
        value, den, scale = C.measure_spec(m)
        iv = outlet_intervals(sm, value, denominator=den, scale=scale, n_resamples=C.N_BOOT, seed=C.SEED)
        iv.insert(1, "measure", m)
        ivs.append(iv)
        pt = pairwise_tests(sm, value, denominator=den, scale=scale, n_resamples=C.N_PERM, seed=C.SEED)
        pt.insert(0, "measure", m)
        tests.append(pt)
    tables["intervals"] = pd.concat(ivs, ignore_index=True)
    tests = pd.concat(tests, ignore_index=True)
    tests["p_holm_all"] = holm(tests["p_value"].to_numpy())  # family: every measure x pair
    tables["pairwise"] = tests
    tables["sentence_measures"] = sm

    # sentiment toward each actor: mean of P(pos) - P(neg) over mentions, bootstrap over mentions
    act = t["actor_sentiment"]
    rows = []
    for actor, part in act.groupby("actor", sort=True):
        iv = outlet_intervals(part, "score", n_resamples=C.N_BOOT, seed=C.SEED)
        iv.insert(0, "actor", actor)
        rows.append(iv)
    tables["actor_sentiment"] = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["actor", "outlet", "estimate", "low", "high", "n"])

    # hedging by cue category, per 100 kept words; intervals for the hedge category
    words = sm.groupby("outlet")["n_words"].sum()
    h = t["hedges"].groupby(["outlet", "category"]).size().rename("cues").reset_index()
    h["per_100w"] = [100.0 * c / words[o] for o, c in zip(h["outlet"], h["cues"])]
    tables["hedging"] = h.sort_values(["outlet", "category"]).reset_index(drop=True)

    # share of voice: attributed words by speaker group (every quotation kind)
    q = t["quotes"].copy()
    q["words"] = [C.count_words(str(x)) for x in q["text"]]
    voice = q.groupby(["outlet", "speaker_group"])["words"].sum().reset_index()
    voice["share"] = voice["words"] / voice.groupby("outlet")["words"].transform("sum")
    tables["voice"] = voice.sort_values(["outlet", "speaker_group"]).reset_index(drop=True)

    # fact coverage and prominence (facts carried by two or more outlets)
    facts = t["facts"].copy()
    first = (facts.sort_values(["fact_id", "outlet", "position"])
             .groupby(["fact_id", "outlet"], as_index=False).first())
    n_out = first.groupby("fact_id")["outlet"].nunique()
    shared = n_out[n_out >= 2].sort_values(ascending=False, kind="stable")
    shown = list(shared.index[:N_FACTS_SHOWN])
    label = {f: f"{f} {_short(first[first.fact_id == f].sort_values('position')['text'].iloc[0])}" for f in shown}
    omitted = set(zip(t["omissions"]["fact_id"], t["omissions"]["outlet"]))
    cov = []
    for f in shown:
        for o in outlets:
            hit = first[(first.fact_id == f) & (first.outlet == o)]
            status = hit["prominence"].iloc[0] if len(hit) else ("omitted" if (f, o) in omitted else "absent")
            position = float(hit["position"].iloc[0]) if len(hit) else float("nan")
            cov.append({"fact_id": f, "label": label[f], "outlet": o, "status": status, "position": position})
    tables["coverage"] = pd.DataFrame(cov)

    # labels per concept: concepts named by three or more outlets, most varied first
    w = t["wording"]
    n_outlets = w.groupby("concept")["outlet"].nunique()
    n_labels = w.groupby("concept")["label"].nunique()
    top = (pd.DataFrame({"n_outlets": n_outlets, "n_labels": n_labels})
           .query("n_outlets >= 3").sort_values(["n_labels", "n_outlets"], ascending=False, kind="stable"))
    lab_rows = []
    for concept in top.index[:4]:
        for o in outlets:
            part = w[(w.concept == concept) & (w.outlet == o)].sort_values(["count", "label"], ascending=[False, True])
            lab_rows.append({"concept": concept, "outlet": o,
                             "top_labels": "; ".join(f"{lab} ({n})" for lab, n in zip(part["label"][:3], part["count"][:3])),
                             "n_labels": int(part["label"].nunique()), "mentions": int(part["count"].sum())})
    tables["labels"] = pd.DataFrame(lab_rows, columns=["concept", "outlet", "top_labels", "n_labels", "mentions"])

    # the story's numbers for the paper
    kept = t["sentences"][t["sentences"]["kept"].astype(bool)]
    iv = tables["intervals"].set_index(["measure", "outlet"])
    hedge = iv.loc["hedge_per_100w"]["estimate"]
    senti = iv.loc["sentiment_mean"]["estimate"]
    om = t["omissions"].groupby("outlet").size().reindex(outlets, fill_value=0)
    omits = omitted
    macros = {
        "StoryNOutlets": C.fmt(len(outlets)),
        "StoryNSentences": C.fmt(len(t["sentences"])),
        "StoryNKept": C.fmt(len(kept)),
        "StoryNDropped": C.fmt(len(t["sentences"]) - len(kept)),
        "StoryNFacts": C.fmt(int(facts["fact_id"].nunique())),
        "StoryNSharedFacts": C.fmt(len(shared)),
        "StoryNFactsShown": C.fmt(len(shown)),
        "StoryNOmissions": C.fmt(len(omits)),
        "StoryNLabelConcepts": C.fmt(int(len(top))),
        "StoryNQuotes": C.fmt(len(t["quotes"])),
        "StoryMostHedged": C.tex_escape(hedge.idxmax()),
        "StoryMostHedgedRate": C.fmt(hedge.max()),
        "StoryLeastHedged": C.tex_escape(hedge.idxmin()),
        "StoryLeastHedgedRate": C.fmt(hedge.min()),
        "StoryMostNegative": C.tex_escape(senti.idxmin()),
        "StoryMostNegativeSentiment": C.fmt(senti.min()),
        "StoryMostOmitting": C.tex_escape(om.idxmax()),
        "StoryMostOmittingN": C.fmt(int(om.max())),
        "StoryNTests": C.fmt(len(tests)),
        "StoryNSignificantRaw": C.fmt(int((tests["p_value"] < 0.05).sum())),
        "StoryNSignificantHolm": C.fmt(int((tests["p_holm_all"] < 0.05).sum())),
        "StoryMinWords": C.fmt(int(words.min())),
        "StoryMaxWords": C.fmt(int(words.max())),
        "NBoot": C.fmt(C.N_BOOT),
        "NPerm": C.fmt(C.N_PERM),
    }
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        C.write_csv(frame, out / f"{name}.csv")
    C.write_macros(C.GENERATED / "story_numbers.tex", macros, source="analyses/story_case_study.py")
    return tables


def main(inputs=None, output=None) -> dict[str, pd.DataFrame]:
    story = Path((inputs or [C.STORY])[0])
    return compute(story, Path(output or C.DATA / "story"))


if __name__ == "__main__":
    C.run(main, __doc__, [C.STORY], C.DATA / "story")
