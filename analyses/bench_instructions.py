"""The whole analysis against one VADER pass in CPU instructions (valgrind), not seconds.

Timings on the shared machines move by 10-30 % between runs, more than a round of speed work
gains; instruction counts do not move (callgrind counts the same total for the same code and
input whatever else the machine is doing). This script counts the instructions of
``framing.pipeline.analyze`` over ``--stories`` synthetic stories (the corpus of
``benchmark.py``) and of ``polarity_scores`` over their kept sentences, in a child process under
``valgrind --tool=callgrind`` with instrumentation switched on only around each loop (loading,
the corpus and a warm-up story are not counted), for each tree given (``PYTHONPATH``), and
prints the counts and their ratio. Instructions are not time: the analysis touches far more
memory than the VADER loop, so its time ratio (``benchmark.py``) is higher than its instruction
ratio; but two versions of the code compare exactly.

Needs valgrind (Debian: ``apt-get install valgrind``); about a minute per tree for 20 stories.

Usage::

    git worktree add /tmp/framing-old 09454d6
    python analyses/bench_instructions.py --trees /tmp/framing-old . [--stories 20]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(mode: str, n: int) -> None:
    """Under callgrind: build the corpus, warm up, then count one loop (``mode``)."""
    import framing  # noqa: F401  (the tree on PYTHONPATH, before _common adds this checkout)

    sys.path.insert(0, str(HERE))
    from bench_facts import BASIL, sentence_pool
    from benchmark import kept_sentences, synthetic_stories
    from framing.features.sentiment import vader
    from framing.pipeline import analyze

    story, other = sentence_pool(Path(BASIL))
    stories = synthetic_stories(n, story, other, offset=2000)
    analyze(stories[0])
    sentences = kept_sentences(stories)
    analyzer = vader()
    analyzer.polarity_scores("warm up")
    control = ["callgrind_control", "-i"]
    subprocess.run([*control, "on", str(os.getpid())], capture_output=True, check=True)
    if mode == "vader":
        for s in sentences:
            analyzer.polarity_scores(s)
    else:
        for st in stories:
            analyze(st)
    subprocess.run([*control, "off", str(os.getpid())], capture_output=True, check=True)


def count(tree: Path, mode: str, n: int) -> int:
    """Instructions of one loop (``mode``: ``pipeline`` or ``vader``) with ``tree``'s framing."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, PYTHONPATH=str(tree.resolve()), PYTHONHASHSEED="0")
        # the interpreter itself (sys.executable), not a launcher script that valgrind would trace
        subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                        os.path.realpath(sys.executable), __file__, "--child", mode, str(n)],
                       env=env, check=True, capture_output=True)
        m = re.search(r"^totals:\s*(\d+)", out.read_text(), re.M)
        return int(m.group(1))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trees", nargs="+", default=[str(HERE.parent)], help="framing checkouts (default: this one)")
    ap.add_argument("--stories", type=int, default=20)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return 0
    if not shutil.which("valgrind"):
        print("valgrind is not installed (Debian: apt-get install valgrind): nothing counted", file=sys.stderr)
        return 2
    print(f"{args.stories} synthetic stories; instructions counted by callgrind around each loop")
    print(f"{'tree':<40}{'analysis':>16}{'VADER pass':>16}{'ratio':>8}")
    first = None
    for tree in map(Path, args.trees):
        pipe, vad = count(tree, "pipeline", args.stories), count(tree, "vader", args.stories)
        first = first or pipe
        print(f"{str(tree):<40}{pipe:>16,}{vad:>16,}{pipe / vad:>8.2f}"
              + (f"   analysis {pipe / first - 1:+.1%} vs the first tree" if pipe != first else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
