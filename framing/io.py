"""Writing the output folder: tidy CSV tables, the manifest, atomically.

Everything is written into a temporary folder beside the target and renamed into place at the
end, so a run that fails or is interrupted leaves no half-written output. Bytes are
deterministic: fixed column order, ``\\n`` line ends, floats in Python's shortest round-trip
form, no timestamps.
"""

from __future__ import annotations

__all__ = ["TABLE_COLUMNS", "sha256_file", "write_table", "AtomicOutputDir", "ResumableOutputDir", "manifest"]

import hashlib
import json
import os
import platform
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

import pandas as pd

from .errors import InputError

#: The columns each table carries at least, in this order (the output contract).
TABLE_COLUMNS = {
    "articles": ["story_id", "outlet", "path", "n_words"],
    "sentences": ["story_id", "outlet", "sent_id", "start", "end", "paragraph", "kept", "drop_reason", "text"],
    "hedges": ["story_id", "outlet", "sent_id", "start", "end", "cue", "category"],
    "quotes": [
        "story_id", "outlet", "quote_id", "start", "end", "kind", "speaker", "speaker_id", "cue",
        "quote_group", "text",
    ],
    "quote_shares": [
        "story_id", "outlet", "level", "key", "n_quotes", "n_direct", "n_partial", "n_indirect", "quoted_words",
        "share_of_quoted", "share_of_story",
    ],
    "facts": ["story_id", "fact_id", "outlet", "sent_id", "start", "end", "text"],
    "omissions": ["story_id", "outlet", "fact_id", "carried_by", "summary"],
    "wording": ["story_id", "outlet", "concept", "label", "count"],
    "sentiment": ["story_id", "outlet", "sent_id", "start", "end", "compound", "pos", "neu", "neg"],
    "label_mentions": ["story_id", "outlet", "concept", "label", "sent_id", "start", "end"],
    "frames": ["story_id", "outlet", "frame", "kind", "share", "n_sentences"],
    "frame_cues": ["story_id", "outlet", "frame", "kind", "sent_id", "start", "end", "cue"],
    "fact_conflicts": ["story_id", "fact_id", "kind", "outlet", "sent_id", "start", "end", "values", "text"],
    "possible_carriers": ["story_id", "fact_id", "outlet", "sent_id", "start", "end", "score", "text"],
    "fact_coverage": ["story_id", "fact_id", "outlet", "n_mentions", "placement", "sent_id", "start", "end",
                      "possible_carrier"],
    "actor_sentiment": ["story_id", "outlet", "actor", "sent_id", "start", "end", "mention", "label", "score"],
}

_DEPENDENCIES = (
    "scikit-learn", "numpy", "pandas", "vaderSentiment", "textstat", "blingfire", "trafilatura",
    "jinja2", "matplotlib",
)


def sha256_file(path: str | os.PathLike) -> str:
    """Hex SHA-256 of a file's bytes.

    Parameters
    ----------
    path : str or path-like
        The file (read in 1 MiB blocks).

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ordered(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with the contract columns first (added empty if missing), others after.

    Parameters
    ----------
    frame : pandas.DataFrame
        One output table.
    table : str
        Its name in :data:`TABLE_COLUMNS` (``"quotes"``, ``"facts"``, ...).

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when already in contract order, else a reordered copy.
    """
    first = TABLE_COLUMNS[table]
    if list(frame.columns[: len(first)]) == first:
        return frame  # already in contract order (the usual case): no copy
    missing = {col: pd.Series(dtype=object) for col in first if col not in frame.columns}
    frame = frame.assign(**missing) if missing else frame
    rest = [c for c in frame.columns if c not in first]
    return frame[first + rest]


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write ``frame`` as CSV with deterministic bytes.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (its index is not written).
    path : str or path-like
        The CSV file (UTF-8, ``\\n`` line ends).
    """
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def shipped_resources() -> dict[str, str]:
    """sha256 of every model and word list shipped in the package (``data/``, ``lexicons/``).

    A run's manifest then says which trained models and lists made its numbers, even when an
    editable install has changed them since the version was tagged.

    Returns
    -------
    dict of str to str
        Path inside the package (``lexicons/hedges.tsv``) -> hex SHA-256, sorted by path.
    """
    root = Path(__file__).resolve().parent
    files = sorted(p for folder in ("data", "lexicons") for p in (root / folder).iterdir()
                   if p.is_file() and p.suffix in (".json", ".tsv", ".txt", ".csv"))
    return {p.relative_to(root).as_posix(): sha256_file(p) for p in files}


def code_sha256() -> str:
    """One sha256 over the package's code: every ``.py`` file and report template, by path.

    Two runs with the same version number can still differ when an editable install has
    changed the code between them; this says whether they did (an interrupted run is resumed
    only by the same code, and the manifest records which code made the numbers).

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    root = Path(__file__).resolve().parent
    # paths inside the package, as POSIX strings: the same order and bytes wherever it lives
    files = {}
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if p.is_file() and "__pycache__" not in rel.parts and (p.suffix == ".py" or (rel.parts[0] == "report" and "templates" in rel.parts)):
            files[rel.as_posix()] = p
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(sha256_file(files[rel]).encode("ascii") + b"\n")
    return digest.hexdigest()


def manifest(*, inputs: list[str], parameters: dict, tables: dict[str, int]) -> dict:
    """The run's manifest: package and dependency versions, checksums of the package's code and
    of the shipped models and word lists, parameters, inputs with checksums.

    Parameters
    ----------
    inputs : list of str
        Every input file of the run.
    parameters : dict
        The run's parameters (:meth:`~framing.pipeline.AnalysisOptions.as_dict` and the command's
        options).
    tables : dict of str to int
        Table file -> number of rows written.

    Returns
    -------
    dict
        JSON-able; write it with :func:`write_json`.
    """
    from . import __version__

    deps = {}
    for name in _DEPENDENCIES:
        try:
            deps[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            deps[name] = None
    return {
        "framing_version": __version__,
        "code_sha256": code_sha256(),
        "python": platform.python_version(),
        "dependencies": deps,
        "resources": shipped_resources(),
        "parameters": parameters,
        "inputs": [{"path": p, "sha256": sha256_file(p)} for p in inputs],
        "tables": tables,
    }


def _move_into_place(folder: Path, target: Path) -> None:
    """Rename the finished ``folder`` to ``target``, replacing an existing ``target`` (``--force``)
    only once the new one is complete."""
    os.chmod(folder, 0o755)
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(folder, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(folder, target)


class AtomicOutputDir:
    """A context manager that yields a temporary folder and renames it to ``target`` on success.

    Parameters
    ----------
    target : path-like
        The output folder.
    force : bool
        Replace an existing ``target``; otherwise an existing target is refused.
    """

    def __init__(self, target: str | os.PathLike, *, force: bool = False):
        self.target = Path(target)
        self.force = force
        self.tmp: Path | None = None

    def __enter__(self) -> Path:
        if self.target.exists() and not self.force:
            raise InputError(self.target, "output folder exists (use --force to replace it)")
        if self.target.exists() and not self.target.is_dir():
            raise InputError(self.target, "output path exists and is not a folder")
        parent = self.target.parent
        if not parent.is_dir():
            raise InputError(parent, "the output folder's parent does not exist")
        try:
            self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=parent))
        except OSError as exc:
            raise InputError(parent, f"cannot create the output folder here ({exc.strerror})") from None
        return self.tmp

    def __exit__(self, exc_type, exc, tb) -> bool:
        assert self.tmp is not None
        if exc_type is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
            return False
        _move_into_place(self.tmp, self.target)
        return False


def write_json(obj, path: str | os.PathLike) -> None:
    """Write JSON with sorted keys and a final newline (deterministic bytes).

    Parameters
    ----------
    obj : JSON-able
        The data.
    path : str or path-like
        The file (UTF-8).
    """
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(obj, fh, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=True)
        fh.write("\n")


# --------------------------------------------------------------------------- long runs


class ResumableOutputDir:
    """An output folder filled one story at a time, that survives an interrupted run.

    Tables are appended story by story to CSV files in a hidden folder beside the target
    (``.NAME.partial``), and after each story one line recording its id and the size of every
    table file is appended to ``progress.jsonl`` there. :meth:`finish` removes the bookkeeping
    and renames the folder into place. A run that stops half-way (Ctrl-C, a crash, a killed
    machine) leaves the folder; a later run with ``resume=True`` checks that its parameters and
    inputs are the same (``state.json``), cuts each table back to the sizes recorded for the last
    finished story (a story half-written when the run stopped is dropped) and goes on after it.

    Parameters
    ----------
    target : path-like
        The output folder.
    state : dict
        What must match for a run to be resumed (parameters, inputs with checksums).
    tables : list of str
        Table names; each is written to ``NAME.csv``.
    force : bool
        Replace an existing ``target`` at :meth:`finish`.
    resume : bool
        Continue an interrupted run if one is found (otherwise any old partial folder is removed).
    """

    STATE, PROGRESS = "state.json", "progress.jsonl"

    def __init__(self, target, *, state: dict, tables: list[str], force: bool = False, resume: bool = False):
        self.target = Path(target)
        self.force = force
        self.tables = list(tables)
        self.state = json.loads(json.dumps(state, sort_keys=True))  # as it reads back from disk
        parent = self.target.parent
        if self.target.exists() and not self.force:
            raise InputError(self.target, "output folder exists (use --force to replace it)")
        if self.target.exists() and not self.target.is_dir():
            raise InputError(self.target, "output path exists and is not a folder")
        if not parent.is_dir():
            raise InputError(parent, "the output folder's parent does not exist")
        self.folder = parent / f".{self.target.name}.partial"
        self.done: list[str] = []
        self._columns: dict[str, list[str]] = {}
        self._rows = {name: 0 for name in self.tables}
        if resume and (self.folder / self.STATE).is_file():
            self._reopen()
        else:
            shutil.rmtree(self.folder, ignore_errors=True)
            try:
                self.folder.mkdir()
            except OSError as exc:
                raise InputError(parent, f"cannot create the output folder here ({exc.strerror})") from None
            write_json(self.state, self.folder / self.STATE)
            (self.folder / self.PROGRESS).write_text("", encoding="utf-8")

    def _reopen(self) -> None:
        old = json.loads((self.folder / self.STATE).read_text(encoding="utf-8"))
        if old != self.state:
            changed = sorted(k for k in set(old) | set(self.state) if old.get(k) != self.state.get(k))
            what = {"toolkit": "toolkit (the framing code or its word lists changed since)"}
            raise InputError(self.folder, "cannot resume: the interrupted run had different "
                             f"{', '.join(what.get(k, k) for k in changed)} (run without --resume to start again)")
        sizes = {name: 0 for name in self.tables}
        lines = (self.folder / self.PROGRESS).read_text(encoding="utf-8").splitlines(keepends=True)
        good = 0
        for line in lines:
            if not line.endswith("\n"):
                break  # the run stopped while writing this line
            entry = json.loads(line)
            self.done.append(entry["story"])
            sizes = entry["sizes"]
            self._rows = entry["rows"]
            self._columns = entry.get("columns", self._columns)
            good += len(line.encode("utf-8"))
        with open(self.folder / self.PROGRESS, "r+b") as fh:
            fh.truncate(good)
        for name in self.tables:
            path = self.folder / f"{name}.csv"
            if sizes.get(name, 0) == 0:
                path.unlink(missing_ok=True)
            else:
                with open(path, "r+b") as fh:
                    fh.truncate(sizes[name])

    def append(self, story_id: str, frames: dict[str, pd.DataFrame]) -> None:
        """Append one story's tables, then record it as finished.

        Parameters
        ----------
        story_id : str
            The story's id (recorded in the progress file, so a resumed run skips it).
        frames : dict of str to pandas.DataFrame
            Table name -> the story's rows; every table of the folder must be present, with no column
            the first story's table lacks.

        Raises
        ------
        ValueError
            If a table has columns the first story's lacks.
        """
        sizes = {}
        for name in self.tables:
            frame = frames[name]
            path = self.folder / f"{name}.csv"
            columns = self._columns.get(name)
            if columns is None:
                columns = self._columns[name] = list(frame.columns)
                frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
            else:
                extra = [c for c in frame.columns if c not in columns]
                if extra:
                    raise ValueError(f"{name}: story '{story_id}' has columns {extra} the first story lacks")
                frame.reindex(columns=columns).to_csv(path, mode="a", header=False, index=False,
                                                      lineterminator="\n", encoding="utf-8")
            sizes[name] = path.stat().st_size
            self._rows[name] += len(frame)
        entry = {"story": story_id, "sizes": sizes, "rows": self._rows}
        if not self.done:
            entry["columns"] = self._columns
        with open(self.folder / self.PROGRESS, "a", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(entry, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.done.append(story_id)

    def counts(self) -> dict[str, int]:
        """Rows in each table file so far.

        Returns
        -------
        dict of str to int
            ``"<table>.csv"`` -> rows written (header excluded).
        """
        return {f"{name}.csv": self._rows[name] for name in self.tables}

    def finish(self) -> Path:
        """Write empty tables that never got a row's header, drop the bookkeeping, rename into place.

        Returns the folder to write the last files into before calling :meth:`commit`.
        """
        for name in self.tables:
            path = self.folder / f"{name}.csv"
            if not path.exists():
                write_table(pd.DataFrame(columns=TABLE_COLUMNS.get(name, [])), path)
        return self.folder

    def commit(self) -> None:
        """Remove the bookkeeping files and rename the folder to the target."""
        (self.folder / self.STATE).unlink(missing_ok=True)
        (self.folder / self.PROGRESS).unlink(missing_ok=True)
        _move_into_place(self.folder, self.target)

    def discard(self) -> None:
        """Remove the partial folder (nothing worth resuming)."""
        shutil.rmtree(self.folder, ignore_errors=True)
