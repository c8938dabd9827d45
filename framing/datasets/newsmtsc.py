"""Reader for NewsMTSC (Hamborg & Donnay, EACL 2021): target-dependent sentiment in news.

The dataset is JSONL, one sentence a line::

    {"primary_gid": str, "sentence_normalized": str,
     "targets": [{"Input.gid": str, "from": int, "to": int, "mention": str,
                  "polarity": 2.0 | 4.0 | 6.0, "further_mentions": [...]}]}

``polarity`` is the sentiment of the sentence toward the target (2 negative, 4 neutral,
6 positive). ``from``/``to`` are character offsets; although the upstream readme calls ``to``
"the last character", ``sentence[from:to] == mention`` holds for every target, so ``to`` is
exclusive (a Python slice end). Source: https://github.com/fhamborg/NewsMTSC (MIT-style licence).
Pure reading: no scoring here.
"""

from __future__ import annotations

__all__ = ["LABELS", "POLARITY_LABELS", "TargetExample", "read_newsmtsc", "newsmtsc_files"]

import json
import os
from pathlib import Path
from typing import Iterator, NamedTuple

from ..errors import InputError

#: the three classes, in the order used for metrics and model outputs
LABELS = ("negative", "neutral", "positive")
#: NewsMTSC polarity code -> label
POLARITY_LABELS = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


class TargetExample(NamedTuple):
    """One annotated target in one sentence.

    Attributes
    ----------
    gid : str
        The target's ``Input.gid``.
    sentence : str
        ``sentence_normalized``.
    start, end : int
        ``sentence[start:end] == mention``.
    mention : str
        The target mention as annotated.
    label : str
        ``"negative"``, ``"neutral"`` or ``"positive"``.
    sentence_gid : str
        The sentence's ``primary_gid``.
    further_mentions : tuple of (start, end, mention)
        Coreferent mentions of the target in the sentence, found automatically upstream (not
        by hand; the label is about the main mention).
    """

    gid: str
    sentence: str
    start: int
    end: int
    mention: str
    label: str
    sentence_gid: str
    further_mentions: tuple[tuple[int, int, str], ...] = ()


def read_newsmtsc(path: str | os.PathLike) -> Iterator[TargetExample]:
    """Yield every target of a NewsMTSC JSONL file, in file order.

    Raises
    ------
    InputError
        If a line is not JSON, lacks a field, has an unknown polarity, or a span does not
        match its mention.

    Parameters
    ----------
    path : str or path-like
        A NewsMTSC ``.jsonl`` file.

    Yields
    ------
    TargetExample
        One per target (a sentence with several targets yields several).
    """
    path = Path(path)
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                sentence = row["sentence_normalized"]
                for t in row["targets"]:
                    start, end, mention = int(t["from"]), int(t["to"]), t["mention"]
                    polarity = float(t["polarity"])
                    if polarity not in POLARITY_LABELS:
                        raise ValueError(f"unknown polarity {polarity}")
                    if sentence[start:end] != mention:
                        raise ValueError(f"span {start}:{end} is not the mention {mention!r}")
                    further = tuple(
                        (int(f["from"]), int(f["to"]), f["mention"])
                        for f in t.get("further_mentions") or ()
                        if sentence[int(f["from"]):int(f["to"])] == f["mention"]
                    )
                    yield TargetExample(
                        gid=str(t.get("Input.gid", "")),
                        sentence=sentence,
                        start=start,
                        end=end,
                        mention=mention,
                        label=POLARITY_LABELS[polarity],
                        sentence_gid=str(row.get("primary_gid", "")),
                        further_mentions=further,
                    )
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(path, f"line {lineno}: {exc}") from None


def newsmtsc_files(data_dir: str | os.PathLike) -> dict[str, Path]:
    """The NewsMTSC files present in ``data_dir``: ``{"train": path, "devtest_mt": path, ...}``.

    ``train`` is included when ``train.jsonl`` exists; every ``devtest_*.jsonl`` is included
    under its stem. Nothing is checked beyond existence.

    Parameters
    ----------
    data_dir : str or path-like
        The NewsMTSC folder.

    Returns
    -------
    dict of str to pathlib.Path
        Split name -> file.
    """
    data_dir = Path(data_dir)
    found: dict[str, Path] = {}
    train = data_dir / "train.jsonl"
    if train.is_file():
        found["train"] = train
    for p in sorted(data_dir.glob("devtest_*.jsonl")):
        found[p.stem] = p
    return found
