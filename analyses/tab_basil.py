"""BASIL case study: per-outlet aggregates with 95% event-cluster intervals, and paired
permutation tests between outlets with effect sizes and Holm-adjusted p-values (LaTeX).

Reads figures/data/basil/intervals.csv and pairwise.csv; writes paper/generated/tab_basil.tex
and tab_basil_tests.tex. Usage::

    python analyses/tab_basil.py [--inputs INTERVALS PAIRWISE] [--output paper/generated/tab_basil.tex]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import _common as C

DEFAULT_INPUTS = [C.DATA / "basil" / "intervals.csv", C.DATA / "basil" / "pairwise.csv"]


def main(inputs=None, output=None) -> str:
    inputs = inputs or DEFAULT_INPUTS
    iv = pd.read_csv(inputs[0])
    tests = pd.read_csv(inputs[1])
    measures = list(dict.fromkeys(iv["measure"]))
    outlets = list(dict.fromkeys(iv["outlet"]))
    ivx = iv.set_index(["measure", "outlet"])
    lines = [r"\begin{tabular}{l" + "l" * len(outlets) + "}", r"\toprule",
             "measure & " + " & ".join(C.tex_escape(o) for o in outlets) + r" \\", r"\midrule"]
    for m in measures:
        cells = [f"{C.fmt(ivx.loc[(m, o), 'estimate'])} [{C.fmt(ivx.loc[(m, o), 'low'])}, {C.fmt(ivx.loc[(m, o), 'high'])}]"
                 for o in outlets]
        lines.append(f"{C.tex_escape(C.SHORT[m])} & " + " & ".join(cells) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}", ""]
    text = "\n".join(lines)
    output = Path(output or C.GENERATED / "tab_basil.tex")
    C.write_text(output, text)

    t = [r"\begin{tabular}{lllrrrr}", r"\toprule",
         r"measure & outlet A & outlet B & A $-$ B & $d_z$ & $p$ & $p_\mathrm{Holm}$ \\", r"\midrule"]
    for r in tests.itertuples(index=False):
        t.append(f"{C.tex_escape(C.SHORT[r.measure])} & {C.tex_escape(r.outlet_a)} & {C.tex_escape(r.outlet_b)} & "
                 f"{C.fmt(r.difference, 3)} & {C.fmt(r.effect_size)} & {C.fmt_p(r.p_value)} & {C.fmt_p(r.p_holm)} \\\\")
    t += [r"\bottomrule", r"\end{tabular}", ""]
    C.write_text(output.with_name(output.stem + "_tests.tex"), "\n".join(t))
    return text


if __name__ == "__main__":
    C.run(main, __doc__, DEFAULT_INPUTS, C.GENERATED / "tab_basil.tex")
