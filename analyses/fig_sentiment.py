"""Example story: sentiment overall (mean VADER compound per sentence) and toward each actor
(mean P(positive) - P(negative) of the target model over the actor's mentions), per outlet,
with 95% bootstrap intervals.

Reads figures/data/story/intervals.csv and actor_sentiment.csv. Usage::

    python analyses/fig_sentiment.py [--inputs INTERVALS ACTORS] [--output figures/fig_sentiment.pdf]
"""

from __future__ import annotations

import pandas as pd

import _common as C
from framing.plots import plot_grouped_intervals

DEFAULT_INPUTS = [C.DATA / "story" / "intervals.csv", C.DATA / "story" / "actor_sentiment.csv"]


def main(inputs=None, output=None):
    inputs = inputs or DEFAULT_INPUTS
    overall = pd.read_csv(inputs[0])
    overall = overall[overall["measure"] == "sentiment_mean"].assign(target="whole text (VADER)")
    actors = pd.read_csv(inputs[1]).rename(columns={"actor": "target"})
    actors["target"] = "toward " + actors["target"]
    frame = pd.concat([overall[["target", "outlet", "estimate", "low", "high"]],
                       actors[["target", "outlet", "estimate", "low", "high"]]], ignore_index=True)
    fig = plot_grouped_intervals(frame, group="target", colors=C.colors(), ylabel="sentiment of",
                                 xlabel="sentiment (VADER compound; toward an actor: P(pos) - P(neg))")
    C.save(fig, output or C.FIGURES / "fig_sentiment.pdf")
    return fig


if __name__ == "__main__":
    C.run(main, __doc__, DEFAULT_INPUTS, C.FIGURES / "fig_sentiment.pdf")
