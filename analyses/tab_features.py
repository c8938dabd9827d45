"""Example story: per-outlet feature table with 95% bootstrap intervals (LaTeX).

Reads figures/data/story/articles.csv and intervals.csv; writes paper/generated/tab_features.tex.
Usage::

    python analyses/tab_features.py [--inputs ARTICLES INTERVALS] [--output paper/generated/tab_features.tex]
"""

from __future__ import annotations

import pandas as pd

import _common as C

DEFAULT_INPUTS = [C.DATA / "story" / "articles.csv", C.DATA / "story" / "intervals.csv"]


def cell(iv: pd.DataFrame, measure: str, outlet: str, digits: int = 2) -> str:
    r = iv.loc[(measure, outlet)]
    return f"{C.fmt(r['estimate'], digits)} [{C.fmt(r['low'], digits)}, {C.fmt(r['high'], digits)}]"


def main(inputs=None, output=None) -> str:
    inputs = inputs or DEFAULT_INPUTS
    arts = pd.read_csv(inputs[0])
    iv = pd.read_csv(inputs[1]).set_index(["measure", "outlet"])
    lines = [r"\begin{tabular}{lrl" + "l" * len(C.MEASURES) + "r}", r"\toprule",
             "outlet & words & sentences & " + " & ".join(C.tex_escape(C.SHORT[m]) for m in C.MEASURES)
             + r" & FK grade \\", r"\midrule"]
    for a in arts.itertuples(index=False):
        n = int(iv.loc[("sentiment_mean", a.outlet), "n"])
        cells = " & ".join(cell(iv, m, a.outlet) for m in C.MEASURES)
        lines.append(f"{C.tex_escape(a.outlet)} & {C.fmt(int(a.n_words))} & {C.fmt(n)} & {cells} & "
                     f"{C.fmt(a.readability_flesch_kincaid_grade, 1)} \\\\")
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    text = "\n".join(lines)
    C.write_text(output or C.GENERATED / "tab_features.tex", text)
    return text


if __name__ == "__main__":
    C.run(main, __doc__, DEFAULT_INPUTS, C.GENERATED / "tab_features.tex")
