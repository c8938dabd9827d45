"""Example story: per-outlet measures with 95% bootstrap intervals over sentences (forest plot).

Reads figures/data/story/intervals.csv (from story_case_study.py). Usage::

    python analyses/fig_features.py [--inputs figures/data/story/intervals.csv] [--output figures/fig_features.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_intervals

DEFAULT_INPUT = C.DATA / "story" / "intervals.csv"


def main(inputs=None, output=None):
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0])
    fig = plot_intervals(frame, measure_labels=C.SHORT, colors=C.colors(), width=7.0)
    C.save(fig, output or C.FIGURES / "fig_features.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.FIGURES / "fig_features.pdf")
