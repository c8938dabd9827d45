"""Writing the output folder: tidy CSV tables, the manifest, atomically.

Everything is written into a temporary folder beside the target and renamed into place at the
end, so a run that fails or is interrupted leaves no half-written output. Bytes are
deterministic: fixed column order, ``\\n`` line ends, floats in Python's shortest round-trip
form, no timestamps.
"""

from __future__ import annotations

__all__ = ["TABLE_COLUMNS", "sha256_file", "write_table", "AtomicOutputDir", "manifest"]

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
    "facts": ["story_id", "fact_id", "outlet", "sent_id", "start", "end", "text"],
    "omissions": ["story_id", "outlet", "fact_id", "carried_by", "summary"],
    "wording": ["story_id", "outlet", "concept", "label", "count"],
    "sentiment": ["story_id", "outlet", "sent_id", "start", "end", "compound", "pos", "neu", "neg"],
    "label_mentions": ["story_id", "outlet", "concept", "label", "sent_id", "start", "end"],
    "frames": ["story_id", "outlet", "frame", "kind", "share", "n_sentences"],
    "frame_cues": ["story_id", "outlet", "frame", "kind", "sent_id", "start", "end", "cue"],
    "fact_conflicts": ["story_id", "fact_id", "kind", "outlet", "sent_id", "start", "end", "values", "text"],
    "actor_sentiment": ["story_id", "outlet", "actor", "sent_id", "start", "end", "mention", "label", "score"],
}

_DEPENDENCIES = (
    "scikit-learn", "numpy", "pandas", "vaderSentiment", "textstat", "blingfire", "trafilatura",
    "jinja2", "matplotlib",
)


def sha256_file(path: str | os.PathLike) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ordered(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with the contract columns first (added empty if missing), others after."""
    first = TABLE_COLUMNS[table]
    frame = frame.copy()
    for col in first:
        if col not in frame.columns:
            frame[col] = pd.Series(dtype=object)
    rest = [c for c in frame.columns if c not in first]
    return frame[first + rest]


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write ``frame`` as CSV with deterministic bytes."""
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def manifest(*, inputs: list[str], parameters: dict, tables: dict[str, int]) -> dict:
    """The run's manifest: package and dependency versions, parameters, inputs with checksums."""
    from . import __version__

    deps = {}
    for name in _DEPENDENCIES:
        try:
            deps[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            deps[name] = None
    return {
        "framing_version": __version__,
        "python": platform.python_version(),
        "dependencies": deps,
        "parameters": parameters,
        "inputs": [{"path": p, "sha256": sha256_file(p)} for p in inputs],
        "tables": tables,
    }


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
        os.chmod(self.tmp, 0o755)
        if self.target.exists():
            old = self.target.with_name(f".{self.target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.target, old)
            os.replace(self.tmp, self.target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(self.tmp, self.target)
        return False


def write_json(obj, path: str | os.PathLike) -> None:
    """Write JSON with sorted keys and a final newline (deterministic bytes)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        json.dump(obj, fh, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=True)
        fh.write("\n")
