"""Example story: fact prominence, the position of each shared fact's first mention in each
outlet's story body (0 = first kept sentence, 1 = last).

Reads figures/data/story/coverage.csv. Usage::

    python analyses/fig_prominence.py [--inputs figures/data/story/coverage.csv] [--output figures/fig_prominence.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_prominence

DEFAULT_INPUT = C.DATA / "story" / "coverage.csv"


def main(inputs=None, output=None):
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0], keep_default_na=False)
    frame = frame[frame["position"] != ""].astype({"position": float})
    fig = plot_prominence(frame, colors=C.colors(), width=7.0)
    C.save(fig, output or C.FIGURES / "fig_prominence.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.FIGURES / "fig_prominence.pdf")
