"""Word lists shipped as data files.

Each file in this folder is UTF-8 text. Lines starting with ``#`` are the header: it names the
source of the list (publication or dataset, with its licence) and the columns. The remaining
non-blank lines are entries; tab-separated columns in ``.tsv`` files, one entry a line in
``.txt`` files. Users can point extractors at their own files in the same format.
"""

from __future__ import annotations

__all__ = ["lexicon_path", "read_lexicon"]

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=256)
def lexicon_path(name: str) -> Path:
    """Path of the shipped lexicon file ``name`` (e.g. ``"chrome_phrases.txt"``).

    Parameters
    ----------
    name : str
        A file name in this folder.

    Returns
    -------
    pathlib.Path
        Its path (whether or not the file exists).
    """
    return Path(str(resources.files(__package__).joinpath(name)))  # cached: resolving costs ~0.3 ms


@lru_cache(maxsize=None)
def _read(path: str, mtime: float) -> tuple[tuple[str, ...], ...]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            rows.append(tuple(col.strip() for col in line.split("\t")))
    return tuple(rows)


def read_lexicon(name_or_path: str | os.PathLike) -> tuple[tuple[str, ...], ...]:
    """Read a lexicon: a shipped file by name, or any file by path.

    Parameters
    ----------
    name_or_path : str or path-like
        A file name in this folder, or a path (a relative path that exists is read as a path).

    Returns
    -------
    tuple of tuple of str
        One tuple of columns per entry, header and blank lines skipped. Cached per file and
        modification time (the cache holds immutable tuples, so callers cannot change it).
    """
    path = Path(name_or_path)
    if not path.is_absolute() and not path.exists():
        path = lexicon_path(str(name_or_path))
    return _read(str(path), path.stat().st_mtime)
