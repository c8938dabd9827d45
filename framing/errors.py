"""Errors and warnings raised for bad input.

Every problem with a user's input is an :class:`InputError` (the command line turns it into
one line on stderr and exit code 2) or a :class:`FramingWarning` (printed, and the rest is
analysed). Both name the file they are about.
"""

from __future__ import annotations

__all__ = ["InputError", "FramingWarning", "warn", "collected_warnings"]

import warnings
from contextlib import contextmanager
from contextvars import ContextVar

# where warn() puts its messages instead of issuing them (collected_warnings); a context
# variable, so each thread of a multi-threaded worker (a Dask worker) collects its own
_SINK: ContextVar[list | None] = ContextVar("framing_warning_sink", default=None)


class InputError(ValueError):
    """A problem with an input file that stops the analysis.

    Parameters
    ----------
    path : str or None
        The file (or folder) the problem is in.
    problem : str
        What is wrong, in a few words, without the path.
    """

    def __init__(self, path, problem: str):
        self.path = None if path is None else str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}" if self.path else problem)


class FramingWarning(UserWarning):
    """Something in the input is off, but the rest can still be analysed."""


def warn(path, problem: str) -> None:
    """Issue a :class:`FramingWarning` that names ``path``.

    Parameters
    ----------
    path : str, path-like or None
        The file concerned.
    problem : str
        What is wrong and what was done about it.
    """
    message = f"{path}: {problem}" if path else problem
    sink = _SINK.get()
    if sink is not None:
        sink.append(message)
        return
    warnings.warn(message, FramingWarning, stacklevel=3)


@contextmanager
def collected_warnings():
    """Collect the messages :func:`warn` issues in this thread (or task) instead of issuing them.

    A worker process or thread analyses a story inside this, and its caller issues the
    messages again where the user sees them (:func:`framing.backends.run`). Only
    FramingWarnings are collected; other warnings take their usual course.

    Yields
    ------
    list of str
        The messages, in the order they were issued.
    """
    sink: list[str] = []
    token = _SINK.set(sink)
    try:
        yield sink
    finally:
        _SINK.reset(token)
