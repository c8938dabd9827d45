"""Cost of the whole per-story analysis against one bare VADER pass over the same sentences.

Builds ``--copies`` copies of the example story (each its own story id), then times, in one run
and interleaved (best of ``--rounds``):

* ``vader``: ``SentimentIntensityAnalyzer.polarity_scores`` on every kept sentence;
* ``segment+clean``: loading is excluded; segmentation and cleaning only;
* ``pipeline``: ``framing.pipeline.analyze`` (every table of the output contract).

Prints a table of seconds and the ratio to the VADER pass. Usage::

    python analyses/bench_pipeline.py [--copies 40] [--rounds 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing import load_story
from framing.clean import clean_story
from framing.pipeline import analyze

STORY = Path(__file__).resolve().parents[1] / "data" / "stories" / "russia-taliban-2025"


def main(inputs: list[str] | None = None, output: str | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(inputs)
    base = load_story(STORY)
    stories = [dataclasses.replace(base, id=f"{base.id}-{i}",
                                   versions=tuple(dataclasses.replace(a, story_id=f"{base.id}-{i}") for a in base.versions))
               for i in range(args.copies)]
    sentences = [d.sentence_text(s) for st in stories for d in clean_story(st) for s in d.kept_sentences]
    analyzer = SentimentIntensityAnalyzer()
    passes = {
        "vader": lambda: [analyzer.polarity_scores(s) for s in sentences],
        "segment+clean": lambda: [clean_story(st) for st in stories],
        "pipeline": lambda: [analyze(st) for st in stories],
    }
    analyze(stories[0])  # warm caches (lexicons, model file) as a long run would have them
    best = {name: float("inf") for name in passes}
    for _ in range(args.rounds):
        for name, run in passes.items():
            t0 = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - t0)
    print(f"{args.copies} stories x {len(base.versions)} versions, {len(sentences)} kept sentences; best of {args.rounds}")
    print(f"{'pass':<16}{'seconds':>10}{'x vader':>10}")
    for name, secs in best.items():
        print(f"{name:<16}{secs:>10.3f}{secs / best['vader']:>10.2f}")
    return best


if __name__ == "__main__":
    main()
