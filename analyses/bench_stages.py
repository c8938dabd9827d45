"""Where the time goes, quickly: the whole analysis and each stage in units of one VADER pass.

The first section of ``benchmark.py`` on its own, over fewer stories and repeatable, to compare
two versions of the code in the same conditions (an A/B): run it alternately with each tree
first on ``PYTHONPATH``::

    git worktree add /tmp/framing-old 09454d6
    for i in 1 2; do
        PYTHONPATH=/tmp/framing-old python analyses/bench_stages.py --stories 150
        PYTHONPATH=. python analyses/bench_stages.py --stories 150
    done

(the script and the corpus are this tree's; the ``framing`` imported is the one on the path).
Times are CPU time: the analysis and the VADER pass (best of three) of this process, the stages
of the analysing thread. Code before 2026-12-07 timed stages in wall time; its stopwatch is pointed at
the CPU clock here so that both trees' stages are measured alike.

Usage: python analyses/bench_stages.py [--stories 100] [--repeat 1]
"""

from __future__ import annotations

import argparse
import sys
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
try:  # the framing on the path (PYTHONPATH: the tree under test), imported before _common adds this one
    import framing  # noqa: F401
except ImportError:  # not installed: this checkout's
    sys.path.insert(0, str(HERE.parent))

from bench_facts import BASIL, sentence_pool  # noqa: E402
from benchmark import kept_sentences, pipeline_costs, synthetic_stories  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=1, help="runs; the best of each stage counts")
    args = ap.parse_args(argv)
    import framing
    import framing.pipeline
    from framing.features.sentiment import vader
    from framing.pipeline import analyze

    clock = getattr(framing.pipeline._Stopwatch.__call__, "__wrapped__", framing.pipeline._Stopwatch.__call__)
    if "thread_time" not in clock.__code__.co_names:  # older code: its stages in wall time
        framing.pipeline.time = types.SimpleNamespace(perf_counter=time.thread_time)
    story, other = sentence_pool(Path(BASIL))
    stories = synthetic_stories(args.stories, story, other, offset=2000)
    analyze(stories[0])  # lexicons and models loaded first, as in a long run
    sentences = kept_sentences(stories)
    analyzer = vader()
    t_vader = t_pipe = float("inf")
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        tv, tp, stages = pipeline_costs(stories, sentences, analyzer)
        t_vader, t_pipe = min(t_vader, tv), min(t_pipe, tp)
        for k, v in stages.items():
            best[k] = min(best.get(k, float("inf")), v / tv)
    print(f"framing from {Path(framing.__file__).parent}; {len(stories)} stories, {len(sentences)} "
          f"kept sentences; CPU time, best of {args.repeat}")
    print(f"{'full analysis / VADER pass':<32}{t_pipe / t_vader:7.2f}")
    for k, v in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {k:<30}{v:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
