"""Validation: each extractor's score on public gold data beside its naive baseline and the
published anchor.

Reads figures/data/validation.csv (from tab_validation.py). Usage::

    python analyses/fig_validation.py [--inputs figures/data/validation.csv] [--output figures/fig_validation.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_validation

DEFAULT_INPUT = C.DATA / "validation.csv"


def main(inputs=None, output=None):
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0])
    fig = plot_validation(frame, width=7.0)
    C.save(fig, output or C.FIGURES / "fig_validation.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.FIGURES / "fig_validation.pdf")
