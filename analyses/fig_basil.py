"""BASIL case study: per-outlet aggregates across events (hedging, quoting, sentiment,
omissions) with 95% event-cluster bootstrap intervals.

Reads figures/data/basil/intervals.csv (from basil_case_study.py). Usage::

    python analyses/fig_basil.py [--inputs figures/data/basil/intervals.csv] [--output figures/fig_basil.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_intervals

DEFAULT_INPUT = C.DATA / "basil" / "intervals.csv"


def main(inputs=None, output=None):
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0])
    fig = plot_intervals(frame, measure_labels=C.SHORT, colors=C.colors(), width=7.0)
    C.save(fig, output or C.FIGURES / "fig_basil.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.FIGURES / "fig_basil.pdf")
