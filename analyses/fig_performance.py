"""Performance: where the time goes (pipeline stages in VADER passes) and fact alignment scaling.

Reads figures/data/benchmark.csv (from benchmark.py). Usage::

    python analyses/fig_performance.py [--inputs figures/data/benchmark.csv] [--output figures/fig_performance.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_performance

DEFAULT_INPUT = C.DATA / "benchmark.csv"


def main(inputs=None, output=None):
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0])
    fig = plot_performance(frame)
    C.save(fig, output or C.FIGURES / "fig_performance.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.FIGURES / "fig_performance.pdf")
