"""Example story: hedging by outlet, cues per 100 kept words by category (hedge, booster,
distancing), with the 95% bootstrap interval of the hedge rate.

Reads figures/data/story/hedging.csv and intervals.csv. Usage::

    python analyses/fig_hedging.py [--inputs HEDGING INTERVALS] [--output figures/fig_hedging.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_stacked_shares

DEFAULT_INPUTS = [C.DATA / "story" / "hedging.csv", C.DATA / "story" / "intervals.csv"]


def main(inputs=None, output=None):
    inputs = inputs or DEFAULT_INPUTS
    frame = pd.read_csv(inputs[0])
    iv = pd.read_csv(inputs[1])
    iv = iv[iv["measure"] == "hedge_per_100w"]
    fig = plot_stacked_shares(frame, category="category", value="per_100w", normalize=False,
                              category_order=["hedge", "distancing", "booster"], outlet_order=list(iv["outlet"]),
                              intervals=iv, xlabel="cues per 100 words (whisker: 95% interval of the hedge rate)")
    C.save(fig, output or C.FIGURES / "fig_hedging.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, DEFAULT_INPUTS, C.FIGURES / "fig_hedging.pdf")
