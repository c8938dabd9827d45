"""Corpus-scale benchmark: pipeline vs one VADER pass, fact alignment scaling, back ends, memory.

A synthetic corpus is built by recombining sentences: each version draws 60% of its sentences
from the example story and the rest from BASIL articles, in a seeded order (as
``bench_facts.py``), five versions per story. In one run it measures and prints:

* ``pipeline / vader``: ``framing.pipeline.analyze`` on every story (serial) against
  ``polarity_scores`` on every kept sentence of the same stories (aim <= 2.0);
* fact alignment (``compare_facts``) cost per version at 5, 20 and 80 versions of one story
  (aim: per-version cost at 80 within 2x of that at 5);
* the process back end with 1 and 2 workers (aim: speed-up >= 1.7), and the Dask back end
  (LocalCluster, 2 workers; start-up included) against the process back end;
* peak memory (max RSS) of ``framing analyze CORPUS.jsonl --backend serial`` on corpora of
  ``--memory-articles`` articles (aim: <= 1 GB at 10,000), measured in a child process.

Usage::

    python analyses/benchmark.py [--stories 40] [--memory-articles 500 2000] [--csv OUT.csv]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_facts import BASIL, make_versions, sentence_pool  # noqa: E402


def synthetic_stories(n: int, story, other, *, versions: int = 5, offset: int = 0):
    """``n`` stories of ``versions`` recombined versions each (seeded: same corpus every run)."""
    from framing.corpus import Article, Story

    out = []
    for i in range(offset, offset + n):
        sid = f"synthetic-{i:05d}"
        docs = make_versions(versions, story, other, seed=i)
        out.append(Story(id=sid, title=None, versions=tuple(
            Article(story_id=sid, outlet=f"outlet-{k}", text=d.text) for k, d in enumerate(docs))))
    return out


def write_jsonl(stories, path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for s in stories:
            for a in s.versions:
                fh.write(json.dumps({"story_id": a.story_id, "outlet": a.outlet, "text": a.text}) + "\n")


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def peak_rss_mb(corpus: Path, out: Path) -> float:
    """Max RSS of a child ``framing analyze`` (serial: one process holds everything)."""
    code = ("import resource, sys; from framing.cli import main; "
            f"rc = main(['analyze', {str(corpus)!r}, '--out', {str(out)!r}, '--quiet', '--backend', 'serial']); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(rc)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(res.stdout.strip().splitlines()[-1]) / 1024


def main(argv=None) -> list[tuple[str, str, str, str]]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", type=int, default=40, help="stories for the timing passes")
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 80], help="versions for fact alignment")
    ap.add_argument("--memory-articles", type=int, nargs="*", default=[500, 2000])
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--csv", default=None, help="also write the table here")
    args = ap.parse_args(argv)

    from framing.backends import run
    from framing.clean import clean_story
    from framing.compare.facts import compare_facts
    from framing.features.sentiment import vader
    from framing.pipeline import analyze

    story_sents, other = sentence_pool(Path(BASIL))
    stories = synthetic_stories(args.stories, story_sents, other)
    n_articles = sum(len(s.versions) for s in stories)
    rows = []

    def row(measure, value, aim, note=""):
        rows.append((measure, value, aim, note))
        print(f"{measure:<44}{value:>14}  {aim:<14}{note}", flush=True)

    print(f"synthetic corpus: {len(stories)} stories x 5 versions ({n_articles} articles); "
          f"{len(story_sents)} example-story + {len(other)} BASIL sentences recombined")
    print(f"{'measure':<44}{'value':>14}  {'aim':<14}note")

    # 1. the whole analysis against one VADER pass over the same kept sentences
    analyze(stories[0])  # warm lexicons and the model, as a long run has them
    sentences = [d.sentence_text(s) for st in stories for d in clean_story(st) for s in d.kept_sentences]
    analyzer = vader()
    t_vader = min(timed(lambda: [analyzer.polarity_scores(s) for s in sentences]) for _ in range(3))
    t_pipe = timed(lambda: [analyze(s) for s in stories])
    row("vader pass (s)", f"{t_vader:.3f}", "", f"{len(sentences)} sentences")
    row("pipeline, serial (s)", f"{t_pipe:.3f}", "", f"{t_pipe / len(stories) * 1000:.0f} ms/story")
    row("pipeline / vader", f"{t_pipe / t_vader:.1f}", "<= 2.0")

    # 2. fact alignment per version as one story grows
    base = None
    for n in args.sizes:
        docs = make_versions(n, story_sents, other)
        t = min(timed(lambda: compare_facts(docs)) for _ in range(2))
        per = t / n * 1000
        base = base or per
        row(f"facts: ms/version at {n} versions", f"{per:.1f}", "<= 2x at 5" if n != args.sizes[0] else "",
            f"x{per / base:.2f} of {args.sizes[0]}")

    # 3. back ends
    t1 = timed(lambda: list(run(stories, backend="process", workers=1, keep_documents=lambda i: False)))
    t2 = timed(lambda: list(run(stories, backend="process", workers=2, keep_documents=lambda i: False)))
    row("process, 1 worker (s)", f"{t1:.3f}", "")
    row("process, 2 workers (s)", f"{t2:.3f}", "")
    row("speed-up 2 vs 1 workers", f"{t1 / t2:.2f}", ">= 1.7")
    if not args.no_dask:
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            row("dask (s)", "n/a", "", "dask not installed")
        else:
            td = timed(lambda: list(run(stories, backend="dask", workers=2, keep_documents=lambda i: False)))
            row("dask LocalCluster, 2 workers (s)", f"{td:.3f}", "", "start-up included")
            row("dask / process (2 workers)", f"{td / t2:.2f}", "")

    # 4. peak memory of a streamed run, as the corpus grows
    with tempfile.TemporaryDirectory() as tmp:
        for n_art in args.memory_articles:
            corpus = Path(tmp) / f"corpus-{n_art}.jsonl"
            write_jsonl(synthetic_stories(max(1, n_art // 5), story_sents, other), corpus)
            mb = peak_rss_mb(corpus, Path(tmp) / f"out-{n_art}")
            row(f"peak memory, {n_art} articles (MB)", f"{mb:.0f}", "<= 1024 at 10k", "serial, max RSS")

    if args.csv:
        import pandas as pd

        pd.DataFrame(rows, columns=["measure", "value", "aim", "note"]).to_csv(args.csv, index=False,
                                                                              lineterminator="\n")
    return rows


if __name__ == "__main__":
    main()
