"""Cost of cross-version fact alignment (framing.compare.facts) at 5, 20 and 80 versions.

Versions are built by recombining sentences: each synthetic version draws ~60% of its
sentences from the example story's cleaned sentences (so versions share facts, as real
versions do) and the rest from BASIL articles (unrelated facts), in a seeded random order.

Each size is timed ``--repeat`` times, the sizes taken in turn (5, 20, 80, 5, 20, 80, ...), so
that a change in the machine's load between sizes does not skew their ratio; the best time of
each size counts. Times are this process's CPU time (``time.process_time``).

Usage::

    python analyses/bench_facts.py [--sizes 5 20 80] [--repeat 5] [--basil DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORY = HERE.parent / "data" / "stories" / "russia-taliban-2025"
BASIL = HERE.parent.parent / "shared" / "data" / "basil"


def sentence_pool(basil_dir: Path, n_events: int = 30) -> tuple[list[str], list[str]]:
    """(example-story sentences, BASIL sentences), kept sentences only."""
    from framing import load_story
    from framing.clean import clean_story

    story = [d.sentence_text(s) for d in clean_story(load_story(STORY)) for s in d.kept_sentences]
    other: list[str] = []
    if basil_dir.is_dir():
        from framing.datasets.basil import basil_events, read_basil

        for event in basil_events(read_basil(basil_dir))[:n_events]:
            for a in event:
                other += [s.strip() for p in a.paragraphs for s in p if s.strip()]
    else:  # the timings are then of another corpus: say so rather than differ silently
        print(f"note: no BASIL articles at {basil_dir}: versions are recombined from the example story "
              f"alone (BASIL is read by path, ../shared/data/basil beside the project)", file=sys.stderr)
    return story, other


def make_versions(n: int, story: list[str], other: list[str], *, per_version: int = 25, seed: int = 0):
    from framing.document import make_document

    rng = random.Random(seed)
    docs = []
    for i in range(n):
        k_story = int(per_version * 0.6) if other else per_version
        sents = rng.sample(story, min(k_story, len(story))) + (rng.sample(other, per_version - k_story) if other else [])
        rng.shuffle(sents)
        docs.append(make_document(" ".join(" ".join(s.split()) for s in sents), story_id="bench", outlet=f"v{i:03d}"))
    return docs


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 80])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--basil", default=str(BASIL))
    args = ap.parse_args(argv)
    from framing.compare.facts import compare_facts

    story, other = sentence_pool(Path(args.basil))
    print(f"pool: {len(story)} example-story sentences, {len(other)} BASIL sentences")
    print(f"{'versions':>8} {'units':>6} {'facts':>6} {'seconds':>8} {'ms/version':>10} {'ratio':>6}")
    docs = {n: make_versions(n, story, other) for n in args.sizes}
    best = dict.fromkeys(args.sizes, float("inf"))
    result = {}
    for _ in range(args.repeat):
        for n in args.sizes:  # in turn: load changes hit every size alike
            t0 = time.process_time()  # CPU time: other processes on the machine do not count
            result[n] = compare_facts(docs[n])
            best[n] = min(best[n], time.process_time() - t0)
    base = None
    for n in args.sizes:
        per = best[n] / n * 1000
        base = base or per
        fc = result[n]
        print(f"{n:>8} {len(fc.units):>6} {fc.facts.fact_id.nunique():>6} {best[n]:>8.3f} {per:>10.2f} {per / base:>6.2f}")
    print("ratio = cost per version relative to the smallest size (1.0 = linear)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
