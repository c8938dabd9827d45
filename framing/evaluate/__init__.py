"""Scorers: the toolkit's output against public gold data.

Each task module ``framing.evaluate.<task>`` has ``validate(data_dir) -> dict`` returning
``{"task", "dataset", "data_dir", "parts", "n", "metrics": {...}, "notes"}``. It reads whatever
subset of the dataset ``data_dir`` holds and raises :class:`~framing.errors.InputError` when it
holds none of it.
"""

from __future__ import annotations

__all__ = ["TASKS", "validate"]

import importlib

#: task name -> module under framing.evaluate
TASKS = {
    "hedging": "hedging",
    "sentiment": "sentiment",
    "quotes": "quotes",
    "wording": "wording",
    "cleaning": "cleaning",
    "clustering": "clustering",
}


def validate(task: str, data_dir) -> dict:
    """Score ``task`` on the gold data in ``data_dir``; see the module docstring.

    Parameters
    ----------
    task : str
        One of :data:`TASKS` (``hedging``, ``sentiment``, ``quotes``, ``wording``, ``cleaning``,
        ``clustering``).
    data_dir : str or path-like
        The dataset folder in its original layout (any subset of it).

    Returns
    -------
    dict
        ``{"task", "dataset", "data_dir", "parts", "n", "metrics": {...}, "notes"}`` (see
        :mod:`framing.evaluate`).

    Raises
    ------
    InputError
        If ``data_dir`` holds none of the dataset.
    ValueError
        For an unknown task.
    """
    if task not in TASKS:
        raise ValueError(f"unknown task '{task}' (choose from {', '.join(sorted(TASKS))})")
    try:
        module = importlib.import_module(f".{TASKS[task]}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(__name__):
            raise NotImplementedError(f"task '{task}' has no scorer yet") from None
        raise
    return module.validate(data_dir)
