"""Running the analysis over many stories: streaming sources and serial, process or Dask back ends.

A corpus of thousands of stories is never held in memory. :class:`StorySource` reads the inputs
once to check them and count the stories (keeping only story ids and outlet names), then yields
one :class:`~framing.corpus.Story` at a time. :func:`run` sends the stories to a back end and
yields their analyses **in input order**, whatever order the workers finish in, so every back end
writes the same bytes:

* ``serial``: in this process;
* ``process``: a pool of worker processes on this machine (default: all cores);
* ``dask``: a Dask cluster (``scheduler`` address), or a ``LocalCluster`` when none is given
  (the ``dask`` extra: ``pip install framing[dask]``).

Workers receive story records (the versions' texts and metadata), never a task graph holding the
corpus, and at most a few stories per worker are in flight at a time, so memory stays flat.
"""

from __future__ import annotations

__all__ = ["BACKENDS", "StorySource", "run", "default_workers"]

import os
from collections import deque
from typing import Iterable, Iterator

from .corpus import Story, StorySource  # StorySource lives with the other loaders
from .errors import InputError

BACKENDS = ("serial", "process", "dask")


def default_workers() -> int:
    """The number of cores this process may use.

    Returns
    -------
    int
        The CPUs in this process's affinity mask where the platform tells, else ``os.cpu_count()``
        (at least 1).
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- streaming input


# --------------------------------------------------------------------------- back ends


def _analyze_one(story: Story, options, keep_documents: bool):
    """Worker entry point (a module-level function, so it pickles by name).

    Returns ``(analysis, warnings)``: the :class:`~framing.errors.FramingWarning` messages the
    analysis issued, collected rather than shown, because a worker's stderr is not the user's
    (a Dask worker's is a log, a process worker's interleaves with the others); :func:`run`
    issues them again in the calling process, in input order, on every back end alike. They
    are collected per thread (:func:`~framing.errors.collected_warnings`), so the threads of
    a multi-threaded Dask worker keep theirs apart; other warnings are left alone. When the
    analysis fails, the messages collected so far are issued here before the error goes on
    (they may explain it).
    """
    from .errors import collected_warnings
    from .pipeline import analyze

    with collected_warnings() as messages:
        try:
            result = analyze(story, options)
        except BaseException:
            _issue(messages)
            raise
    if not keep_documents:
        result.documents = []
    return result, list(messages)


def _issue(messages) -> None:
    """Issue collected FramingWarning messages in this process."""
    import warnings

    from .errors import FramingWarning

    for message in messages:
        warnings.warn(message, FramingWarning, stacklevel=3)


def _reissue(outcome):
    """The analysis of ``_analyze_one``'s outcome, after issuing its warnings here."""
    result, messages = outcome
    _issue(messages)
    return result


def run(stories: Iterable[Story], options=None, *, backend: str = "process", workers: int | None = None,
        scheduler: str | None = None, keep_documents=lambda i: True) -> Iterator:
    """Analyse ``stories`` on a back end; yield one StoryAnalysis per story, in input order.

    Parameters
    ----------
    stories : iterable of Story
        Consumed lazily: at most ``2 * workers`` stories are in flight.
    options : AnalysisOptions, optional
    backend : {"serial", "process", "dask"}
    workers : int, optional
        Worker processes (``process``) or local Dask workers; default all cores.
    scheduler : str, optional
        A Dask scheduler address (``dask`` only); without it a LocalCluster is started.
    keep_documents : callable, optional
        ``keep_documents(i)`` says whether the ``i``-th result keeps its cleaned documents
        (needed for the report); others come back with tables only, which saves transfer.

    Yields
    ------
    StoryAnalysis
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    if scheduler is not None and backend != "dask":
        raise ValueError("a scheduler address needs backend='dask'")
    workers = default_workers() if workers is None else int(workers)
    if workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers}")
    jobs = ((i, s, bool(keep_documents(i))) for i, s in enumerate(stories))
    if backend == "serial":
        outcomes = (_analyze_one(story, options, keep) for _, story, keep in jobs)
    elif backend == "process":
        outcomes = _run_process(jobs, options, workers)
    else:
        outcomes = _run_dask(jobs, options, workers, scheduler)
    for outcome in outcomes:
        yield _reissue(outcome)


def _windowed(jobs, submit, result, window: int):
    """Submit jobs keeping at most ``window`` in flight; yield results in submission order."""
    pending: deque = deque()
    for job in jobs:
        pending.append(submit(job))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _one_thread_each() -> None:
    """Worker initialiser: one BLAS/OpenMP thread per worker process. A forked worker inherits
    the parent's thread pools (one thread per core), so N workers would run N x cores threads
    on N cores and slow each other down."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _run_process(jobs, options, workers: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the loaded lexicons and model with the workers; elsewhere spawn re-imports
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                             initializer=_one_thread_each) as pool:
        try:
            yield from _windowed(jobs, lambda j: pool.submit(_analyze_one, j[1], options, j[2]),
                                 lambda f: f.result(), 2 * workers)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _run_dask(jobs, options, workers: int, scheduler: str | None):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError(None, "the dask back end needs the dask extra: pip install 'framing[dask]'") from None
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        yield from _windowed(jobs, lambda j: client.submit(_analyze_one, j[1], options, j[2], pure=False),
                             lambda f: f.result(), 2 * n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
