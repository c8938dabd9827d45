"""The ``framing`` command.

``framing analyze STORY... --out DIR`` writes the tables of the output contract;
``framing validate TASK --data DIR`` scores an extractor against a public gold dataset.
Bad input ends with one line on stderr naming the file and the problem, and exit code 2;
problems that leave the rest analysable are printed as warnings.
"""

from __future__ import annotations

__all__ = ["main"]

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

from .errors import FramingWarning, InputError

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def _build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(prog="framing", description="Compare how news outlets tell the same story.")
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("analyze", help="analyse stories and write the output tables")
    p.add_argument("inputs", nargs="+", metavar="STORY", help="a story folder, or a .jsonl/.csv corpus")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (must not exist unless --force)")
    p.add_argument("--force", action="store_true", help="replace an existing output folder")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--max-chars", type=int, default=None, metavar="N", help="refuse versions longer than N characters")
    p.add_argument("--affinity-threshold", type=float, default=None, metavar="X",
                   help="cleaning: share of words a paragraph must share with other versions to count as the story")

    w = sub.add_parser("worksheet", help="write a classroom worksheet and its answer key for one story")
    w.add_argument("story", metavar="STORY", help="a story folder")
    w.add_argument("--out", required=True, metavar="DIR", help="output folder (must not exist unless --force)")
    w.add_argument("--force", action="store_true", help="replace an existing output folder")
    w.add_argument("--show-outlets", action="store_true",
                   help="name the outlets on the handout (default: hide them behind letters A, B, ...)")
    w.add_argument("--seed", type=int, default=0, metavar="N", help="changes which letter each outlet gets")

    v = sub.add_parser("validate", help="score an extractor against a public gold dataset")
    v.add_argument("task", help="hedging, sentiment, quotes, wording or cleaning")
    v.add_argument("--data", required=True, metavar="DIR", help="the dataset folder in its original layout")
    v.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _analyze(args) -> int:
    from tqdm import tqdm

    from .clean import CleaningOptions
    from .corpus import MAX_CHARS, load
    from .io import AtomicOutputDir, TABLE_COLUMNS, manifest, write_json, write_table
    from .pipeline import AnalysisOptions, analyze
    from .report import render_report

    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(out, "output folder exists (use --force to replace it)")
    for raw in args.inputs:
        src = Path(raw)
        if src.is_dir() and out.resolve().is_relative_to(src.resolve()):
            raise InputError(out, f"output folder is inside the input folder {src}")
    max_chars = args.max_chars or MAX_CHARS
    corpus = load(args.inputs, max_chars=max_chars)
    cleaning = CleaningOptions() if args.affinity_threshold is None else CleaningOptions(affinity_threshold=args.affinity_threshold)
    options = AnalysisOptions(cleaning=cleaning)
    input_paths = sorted({a.path for story in corpus for a in story.versions if a.path}
                         | {str(Path(p) / "story.toml") for p in args.inputs if (Path(p) / "story.toml").exists()})

    import pandas as pd

    analyses = []
    parts: dict[str, list] = {name: [] for name in TABLE_COLUMNS}
    bar = tqdm(corpus, desc="stories", unit="story", file=sys.stderr, disable=args.quiet or len(corpus) < 4)
    for story in bar:
        analysis = analyze(story, options)
        analyses.append(analysis)
        for name in TABLE_COLUMNS:
            parts[name].append(analysis.tables[name])
    with AtomicOutputDir(out, force=args.force) as tmp:
        counts = {}
        for name, frames in parts.items():
            frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=TABLE_COLUMNS[name])
            write_table(frame, tmp / f"{name}.csv")
            counts[f"{name}.csv"] = len(frame)
        (tmp / "report.html").write_text(render_report(analyses), encoding="utf-8", newline="\n")
        params = options.as_dict() | {"max_chars": max_chars}
        write_json(manifest(inputs=input_paths, parameters=params, tables=counts), tmp / "manifest.json")
    n_versions = sum(len(s.versions) for s in corpus)
    print(f"framing: analysed {len(corpus)} stor{'y' if len(corpus) == 1 else 'ies'} ({n_versions} versions) -> {out}",
          file=sys.stderr)
    return EXIT_OK


def _worksheet(args) -> int:
    from .corpus import load
    from .io import AtomicOutputDir
    from .pipeline import analyze
    from .worksheet import build_worksheet, render_answer_key, render_worksheet

    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(out, "output folder exists (use --force to replace it)")
    src = Path(args.story)
    if not src.is_dir():
        raise InputError(src, "a worksheet needs a story folder")
    if out.resolve().is_relative_to(src.resolve()):
        raise InputError(out, f"output folder is inside the input folder {src}")
    corpus = load([src])
    if len(corpus) != 1:
        raise InputError(src, f"a worksheet is for one story, found {len(corpus)}")
    story = corpus.stories[0]
    if len(story.versions) < 2:
        raise InputError(src, "a worksheet compares versions: the story needs at least two")
    ws = build_worksheet(analyze(story), hide_outlets=not args.show_outlets, seed=args.seed)
    with AtomicOutputDir(out, force=args.force) as tmp:
        (tmp / "worksheet.html").write_text(render_worksheet(ws), encoding="utf-8", newline="\n")
        (tmp / "answer-key.html").write_text(render_answer_key(ws), encoding="utf-8", newline="\n")
    print(f"framing: worksheet ({len(ws.questions)} questions) and answer key for '{story.id}' -> {out}",
          file=sys.stderr)
    return EXIT_OK


def _format_metrics(result: dict) -> str:
    lines = [f"task: {result.get('task')}  dataset: {result.get('dataset')}  data: {result.get('data_dir')}"]
    if result.get("parts"):
        lines.append("parts: " + ", ".join(map(str, result["parts"])))
    def walk(d, prefix):
        for key, value in d.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                walk(value, name + ".")
            elif isinstance(value, float):
                lines.append(f"  {name:<45} {value:.4f}" if math.isfinite(value) else f"  {name:<45} {value}")
            else:
                lines.append(f"  {name:<45} {value}")

    if result.get("n"):
        lines.append("counts:")
        walk(result["n"], "")
    lines.append("metrics:")
    walk(result.get("metrics", {}), "")
    for note in result.get("notes", []):
        lines.append(f"note: {note}")
    return "\n".join(lines)


def _validate(args) -> int:
    from .evaluate import TASKS, validate

    if args.task not in TASKS:
        raise InputError(None, f"unknown task '{args.task}' (choose from {', '.join(sorted(TASKS))})")
    data = Path(args.data)
    if not data.is_dir():
        raise InputError(data, "no such dataset folder")
    try:
        result = validate(args.task, data)
    except NotImplementedError as exc:
        raise InputError(None, str(exc)) from None
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(_format_metrics(result))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _build_parser()
    args = parser.parse_args(argv)

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, FramingWarning):
            print(f"framing: warning: {message}", file=sys.stderr)
        elif not args.debug:
            return  # third-party noise is not the user's business
        else:
            print(f"warning: {category.__name__}: {message}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("always", FramingWarning)
        warnings.showwarning = show
        try:
            handler = {"analyze": _analyze, "validate": _validate, "worksheet": _worksheet}[args.command]
            return handler(args)
        except InputError as exc:
            print(f"framing: error: {exc}", file=sys.stderr)
            return EXIT_INPUT
        except KeyboardInterrupt:
            print("framing: interrupted; nothing was written", file=sys.stderr)
            return 130
        except Exception as exc:  # a bug, not bad input: one line unless --debug
            if args.debug:
                raise
            print(f"framing: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
                  file=sys.stderr)
            return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
