"""What one pass over the tokens costs in Python, next to the bare VADER pass (issue 9).

The benchmark's aim is that the whole analysis costs at most twice one VADER pass over the same
kept sentences. This script measures the floor that aim leaves to the other extractors: the cost
of the cheapest Python passes over the same sentences, each in units of that VADER pass.

Over the kept sentences of ``--stories`` synthetic stories (the corpus of ``benchmark.py``), best
of ``--rounds`` interleaved rounds, in CPU time of this process:

* ``VADER pass``: ``polarity_scores`` on every sentence (the unit);
* ``str.split``: white-space tokens only;
* ``regex tokens``: one ``findall`` of a word-or-punctuation pattern per sentence (strings, in C);
* ``regex tokens, lower-cased``: the same, each token lower-cased (``map``, in C);
* ``tokens with offsets``: ``(start, end, text)`` per token (``finditer``, one tuple a token);
* ``tokens + one lookup``: the regex tokens and one dict lookup per token in a Python loop.

An extractor that reads each token in Python at least once costs at least about one of the last
three rows; the analysis runs about ten extractors (cleaning, sentence and actor sentiment,
hedges, quotes, quote alignment, wording, frames, readability, facts).

Usage: python analyses/bench_floor.py [--stories 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_facts import BASIL, sentence_pool  # noqa: E402

# words with inner apostrophes, hyphens and dots, or one punctuation mark (as the extractors split)
TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|[^\w\s]")


def passes(sentences: list[str], lexicon: dict) -> dict:
    """The timed passes, by name (each a function of no arguments)."""
    return {
        "str.split": lambda: [s.split() for s in sentences],
        "regex tokens": lambda: [TOKEN.findall(s) for s in sentences],
        "regex tokens, lower-cased": lambda: [list(map(str.lower, TOKEN.findall(s))) for s in sentences],
        "tokens with offsets": lambda: [[(m.start(), m.end(), m.group()) for m in TOKEN.finditer(s)]
                                        for s in sentences],
        "tokens + one lookup": lambda: [[lexicon.get(t) for t in TOKEN.findall(s)] for s in sentences],
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    from benchmark import kept_sentences, synthetic_stories  # (here: benchmark.py imports this module)
    from framing.features.sentiment import vader

    story, other = sentence_pool(Path(BASIL))
    sentences = kept_sentences(synthetic_stories(args.stories, story, other))
    analyzer = vader()
    timed = {"VADER pass": lambda: [analyzer.polarity_scores(s) for s in sentences]}
    timed.update(passes(sentences, analyzer.lexicon))
    best = dict.fromkeys(timed, float("inf"))
    for _ in range(args.rounds):  # interleaved: a change in the machine's load hits every pass
        for name, fn in timed.items():
            t0 = time.process_time()
            fn()
            best[name] = min(best[name], time.process_time() - t0)
    n_tokens = sum(len(TOKEN.findall(s)) for s in sentences)
    print(f"{len(sentences)} kept sentences, {n_tokens} tokens, {args.stories} stories x 5 versions; "
          f"best of {args.rounds} rounds, CPU time")
    print(f"{'pass':<28}{'x VADER':>8}{'ns/token':>10}")
    for name, seconds in best.items():
        print(f"{name:<28}{seconds / best['VADER pass']:>8.3f}{seconds / n_tokens * 1e9:>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
