"""Performance table (computation): throughput of a bare VADER pass, segmentation + cleaning,
and the whole per-story analysis, on copies of the example story (the loop of
analyses/bench_pipeline.py, written to CSV and LaTeX macros instead of printed).

Timings depend on the machine, so this is the one generated table that is not byte-stable:
``make paper`` measures only when the CSV is missing (else it rewrites the macros from it);
``make perf`` (``FRAMING_REMEASURE=1``) measures again. Usage::

    python analyses/perf_table.py [--inputs data/stories/russia-taliban-2025] [--output figures/data/performance.csv]
"""

from __future__ import annotations

import dataclasses
import os
import platform
import time
from pathlib import Path

import pandas as pd

import _common as C
from framing import load_story
from framing.clean import clean_story
from framing.pipeline import analyze

COPIES = 10
ROUNDS = 3


def compute(story_dir: Path, copies: int = COPIES, rounds: int = ROUNDS) -> pd.DataFrame:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    base = load_story(story_dir)
    stories = [dataclasses.replace(base, id=f"{base.id}-{i}", versions=tuple(
        dataclasses.replace(a, story_id=f"{base.id}-{i}") for a in base.versions)) for i in range(copies)]
    sentences = [d.sentence_text(s) for st in stories for d in clean_story(st) for s in d.kept_sentences]
    n_versions = sum(len(st.versions) for st in stories)
    analyzer = SentimentIntensityAnalyzer()
    passes = {
        "VADER only": (lambda: [analyzer.polarity_scores(s) for s in sentences], "sentences", len(sentences)),
        "segment + clean": (lambda: [clean_story(st) for st in stories], "versions", n_versions),
        "full analysis": (lambda: [analyze(st) for st in stories], "versions", n_versions),
    }
    analyze(stories[0])  # warm lexicon and model caches
    best = {name: float("inf") for name in passes}
    for _ in range(rounds):
        for name, (run, _, _) in passes.items():
            t0 = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - t0)
    rows = [{"pass": name, "unit": unit, "n": n, "seconds": best[name], "per_second": n / best[name]}
            for name, (_, unit, n) in passes.items()]
    table = pd.DataFrame(rows)
    table["n_sentences"] = len(sentences)
    table["copies"] = copies
    table["rounds"] = rounds
    table["machine"] = f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    return table


def write_macros(table: pd.DataFrame) -> None:
    t = table.set_index("pass")
    full = t.loc["full analysis"]
    macros = {
        "PerfCopies": C.fmt(int(full["copies"])),
        "PerfVersions": C.fmt(int(full["n"])),
        "PerfSentences": C.fmt(int(full["n_sentences"])),
        "PerfVersionsPerSecond": C.fmt(full["per_second"], 1),
        "PerfSecondsPerStory": C.fmt(full["seconds"] / full["copies"], 2),
        "PerfVaderSentencesPerSecond": C.fmt(int(round(t.loc["VADER only", "per_second"]))),
        "PerfCleanVersionsPerSecond": C.fmt(t.loc["segment + clean", "per_second"], 1),
        "PerfRatioToVader": C.fmt(full["seconds"] / t.loc["VADER only", "seconds"], 0),
        "PerfMachine": C.tex_escape(full["machine"]),
    }
    C.write_macros(C.GENERATED / "perf_numbers.tex", macros, source="analyses/perf_table.py")


def main(inputs=None, output=None) -> pd.DataFrame:
    story = Path((inputs or [C.STORY])[0])
    output = Path(output or C.DATA / "performance.csv")
    if output.exists() and not os.environ.get("FRAMING_REMEASURE"):
        table = pd.read_csv(output)  # timings are machine noise: keep the measured table
    else:
        table = compute(story)
        C.write_csv(table, output)
    write_macros(table)
    return table


if __name__ == "__main__":
    C.run(main, __doc__, [C.STORY], C.DATA / "performance.csv")
