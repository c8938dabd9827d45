"""Example story: the labels each outlet uses for the most variously named concepts (LaTeX).

Reads figures/data/story/labels.csv; writes paper/generated/tab_labels.tex. Usage::

    python analyses/tab_labels.py [--inputs figures/data/story/labels.csv] [--output paper/generated/tab_labels.tex]
"""

from __future__ import annotations

import pandas as pd

import _common as C

DEFAULT_INPUT = C.DATA / "story" / "labels.csv"


def main(inputs=None, output=None) -> str:
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0], keep_default_na=False)
    lines = [r"\begin{tabular}{llrp{0.55\linewidth}}", r"\toprule",
             r"concept & outlet & labels & most frequent labels (mentions) \\", r"\midrule"]
    for concept, part in frame.groupby("concept", sort=False):
        for i, r in enumerate(part.itertuples(index=False)):
            head = C.tex_escape(concept) if i == 0 else ""
            lines.append(f"{head} & {C.tex_escape(r.outlet)} & {C.fmt(int(r.n_labels))} & {C.tex_escape(r.top_labels)} \\\\")
        lines.append(r"\addlinespace")
    lines[-1] = r"\bottomrule"
    lines += [r"\end{tabular}", ""]
    text = "\n".join(lines)
    C.write_text(output or C.GENERATED / "tab_labels.tex", text)
    return text


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.GENERATED / "tab_labels.tex")
