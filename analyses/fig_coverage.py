"""Example story: fact x outlet coverage heat map (where each outlet first mentions each fact
carried by two or more outlets; omissions marked).

Reads figures/data/story/coverage.csv. Usage::

    python analyses/fig_coverage.py [--inputs figures/data/story/coverage.csv] [--output figures/fig_coverage.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_coverage

DEFAULT_INPUT = C.DATA / "story" / "coverage.csv"


def main(inputs=None, output=None):
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0], keep_default_na=False)
    labels = dict(zip(frame["fact_id"], frame["label"]))
    outlets = [o for o in C.outlet_order() if o in set(frame["outlet"])]
    fig = plot_coverage(frame, outlet_order=outlets, fact_labels=labels, width=7.0)
    C.save(fig, output or C.FIGURES / "fig_coverage.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.FIGURES / "fig_coverage.pdf")
