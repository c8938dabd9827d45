"""Example story: share of voice, the words each outlet attributes to each speaker group
(direct, partial and indirect quotations), as shares of the outlet's attributed words.

Reads figures/data/story/voice.csv. Usage::

    python analyses/fig_voice.py [--inputs figures/data/story/voice.csv] [--output figures/fig_voice.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_stacked_shares

DEFAULT_INPUT = C.DATA / "story" / "voice.csv"


def main(inputs=None, output=None):
    frame = pd.read_csv((inputs or [DEFAULT_INPUT])[0])
    outlets = [o for o in C.outlet_order() if o in set(frame["outlet"])]
    fig = plot_stacked_shares(frame, category="speaker_group", value="words", outlet_order=outlets,
                              xlabel="share of attributed words")
    C.save(fig, output or C.FIGURES / "fig_voice.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, [DEFAULT_INPUT], C.FIGURES / "fig_voice.pdf")
