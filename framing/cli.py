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
    p.add_argument("--backend", choices=["process", "serial", "dask"], default="process",
                   help="where stories are analysed: worker processes on this machine (default), this "
                        "process only, or a Dask cluster (the dask extra); all give the same bytes")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="Dask scheduler address (with --backend dask; default: a local cluster)")
    p.add_argument("--resume", action="store_true",
                   help="go on with an interrupted run into the same --out (same inputs and options)")
    p.add_argument("--report-stories", type=int, default=50, metavar="N",
                   help="stories shown in report.html (the tables hold every story; default 50)")

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

    from .backends import StorySource, default_workers, run
    from .clean import CleaningOptions
    from .corpus import MAX_CHARS, input_encoding
    from .io import ResumableOutputDir, TABLE_COLUMNS, code_sha256, manifest, sha256_file, shipped_resources, write_json
    from .pipeline import AnalysisOptions
    from .report import render_report

    out = Path(args.out)
    if out.exists() and not args.force:
        raise InputError(out, "output folder exists (use --force to replace it)")
    for raw in args.inputs:
        src = Path(raw)
        if src.is_dir() and out.resolve().is_relative_to(src.resolve()):
            raise InputError(out, f"output folder is inside the input folder {src}")
    if args.scheduler and args.backend != "dask":
        raise InputError(None, "--scheduler needs --backend dask")
    if args.workers is not None and args.workers < 1:
        raise InputError(None, f"--workers must be at least 1, got {args.workers}")
    max_chars = args.max_chars or MAX_CHARS
    source = StorySource(args.inputs, max_chars=max_chars)
    cleaning = CleaningOptions() if args.affinity_threshold is None else CleaningOptions(affinity_threshold=args.affinity_threshold)
    options = AnalysisOptions(cleaning=cleaning)
    params = options.as_dict() | {"max_chars": max_chars, "report_stories": args.report_stories}
    inputs = [{"path": p, "sha256": sha256_file(p), "encoding": input_encoding(p)} for p in source.input_paths]
    # the code and word lists too: a run resumed by other code would mix two toolkits' tables
    toolkit = {"code_sha256": code_sha256(), "resources": shipped_resources()}
    output = ResumableOutputDir(out, state={"parameters": params, "inputs": inputs, "stories": len(source),
                                            "toolkit": toolkit},
                                tables=list(TABLE_COLUMNS), force=args.force, resume=args.resume)
    n_done = len(output.done)
    if output.done != source.story_ids[:n_done]:
        output.discard()
        raise InputError(out, "cannot resume: the interrupted run analysed other stories (run without --resume)")
    backend, workers = args.backend, args.workers or default_workers()
    todo = len(source) - n_done
    if backend == "process" and (workers == 1 or todo <= 1):
        backend = "serial"  # a pool costs more than it saves here
    n_report = args.report_stories

    def remaining():
        for i, story in enumerate(source):
            if i >= n_done:
                yield story

    report = []
    bar = tqdm(total=len(source), initial=n_done, desc="stories", unit="story", file=sys.stderr,
               disable=args.quiet or len(source) < 4, smoothing=0.05)
    try:
        results = run(remaining(), options, backend=backend, workers=workers, scheduler=args.scheduler,
                      keep_documents=lambda i: n_done + i < n_report)
        for analysis in results:
            output.append(analysis.story.id, analysis.tables)
            if len(report) + n_done < n_report:
                report.append(analysis)
            bar.update(1)
    except KeyboardInterrupt:
        bar.close()
        if not output.done:
            output.discard()
            raise
        raise _Interrupted(len(output.done), len(source), output.folder) from None
    except BaseException:
        bar.close()
        if not output.done:
            output.discard()
        raise
    bar.close()
    if n_done:  # the report's first stories were analysed before the interruption: again
        from .errors import collected_warnings
        from .pipeline import analyze

        first = [s for i, s in zip(range(min(n_done, n_report)), source)]
        with collected_warnings():  # (printed by the interrupted run: not again, out of order)
            report = [analyze(s, options) for s in first] + report
    folder = output.finish()
    (folder / "report.html").write_text(render_report(report), encoding="utf-8", newline="\n")
    doc = manifest(inputs=[], parameters=params, tables=output.counts())
    doc["inputs"] = inputs
    write_json(doc, folder / "manifest.json")
    output.commit()
    print(f"framing: analysed {len(source)} stor{'y' if len(source) == 1 else 'ies'} ({source.n_versions} versions)"
          f" -> {out}", file=sys.stderr)
    return EXIT_OK


class _Interrupted(Exception):
    def __init__(self, done: int, total: int, folder: Path):
        super().__init__(f"interrupted after {done} of {total} stories; they are kept in {folder}: "
                         "run the same command with --resume to go on")


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
    """Run the command line; returns the exit code.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``framing`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit code: 0 on success, 2 for bad input, 1 for an internal error, 130 when
        interrupted.
    """
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
        except _Interrupted as exc:
            print(f"framing: {exc}", file=sys.stderr)
            return 130
        except Exception as exc:  # a bug, not bad input: one line unless --debug
            if args.debug:
                raise
            print(f"framing: internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback)",
                  file=sys.stderr)
            return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
