"""Back ends: serial, process and Dask give the same tables, in input order."""

from __future__ import annotations

import dataclasses

import pytest

from framing import load_story
from framing.backends import StorySource, run
from framing.pipeline import analyze


def _copies(story, n):
    return [dataclasses.replace(story, id=f"{story.id}-{i}",
                                versions=tuple(dataclasses.replace(a, story_id=f"{story.id}-{i}")
                                               for a in story.versions[: 2 + i % 2]))
            for i in range(n)]


@pytest.fixture(scope="module")
def stories(example_story_path):
    return _copies(load_story(example_story_path), 3)


@pytest.fixture(scope="module")
def serial(stories):
    return [analyze(s) for s in stories]


def _same(results, expected):
    assert [r.story.id for r in results] == [e.story.id for e in expected]
    for r, e in zip(results, expected):
        for name, frame in e.tables.items():
            assert r.tables[name].to_csv(index=False) == frame.to_csv(index=False), name


@pytest.mark.parametrize("backend,workers", [("serial", 1), ("process", 2)])
def test_backend_matches_analyze(stories, serial, backend, workers):
    _same(list(run(iter(stories), backend=backend, workers=workers)), serial)


def test_documents_dropped_when_not_kept(stories):
    results = list(run(stories, backend="process", workers=2, keep_documents=lambda i: i == 0))
    assert results[0].documents and not results[1].documents and not results[2].documents


@pytest.mark.slow
def test_dask_local_cluster_matches(stories, serial):
    pytest.importorskip("dask.distributed")
    _same(list(run(stories, backend="dask", workers=2)), serial)


def _with_chrome_only_version(stories):
    """Each story with one more version that keeps no sentence (it warns when analysed)."""
    from framing.corpus import Article

    return [dataclasses.replace(s, versions=(*s.versions, Article(
        story_id=s.id, outlet="Chrome Only", text="Follow\nShort Url\n", path=f"{s.id}/chrome.txt")))
        for s in stories]


@pytest.mark.parametrize("backend", ["serial", "process",
                                     pytest.param("dask", marks=pytest.mark.slow)])
def test_worker_warnings_reach_the_caller_in_input_order(stories, backend):
    """A warning issued in a worker process (a Dask worker's stderr is a log file) is issued
    again in the calling process: once per story, in input order, on every back end."""
    import warnings

    from framing.errors import FramingWarning

    if backend == "dask":
        pytest.importorskip("dask.distributed")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = list(run(_with_chrome_only_version(stories), backend=backend, workers=2))
    assert len(results) == len(stories)
    messages = [str(w.message) for w in caught if issubclass(w.category, FramingWarning)]
    assert [m.split(":")[0] for m in messages] == [f"{s.id}/chrome.txt" for s in stories]
    assert all("keeps no sentence" in m for m in messages)


def test_worker_threads_keep_their_own_warnings():
    """A multi-threaded Dask worker runs several stories at once in one process: each story's
    warnings come back with that story, none is lost to the worker's stderr."""
    import threading

    from framing.backends import _analyze_one
    from framing.errors import warn

    barrier = threading.Barrier(2)
    got = {}

    def fake_analyze(story, options):
        warn(None, f"{story}: first")
        barrier.wait(timeout=10)  # both threads inside analyze at once
        warn(None, f"{story}: second")
        return types.SimpleNamespace(documents=[])

    def work(name):
        got[name] = _analyze_one(name, None, True)[1]

    import types
    from unittest import mock

    with mock.patch("framing.pipeline.analyze", fake_analyze):
        threads = [threading.Thread(target=work, args=(n,)) for n in ("A", "B")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert got == {"A": ["A: first", "A: second"], "B": ["B: first", "B: second"]}


def test_other_warnings_are_not_swallowed(stories):
    """Only FramingWarnings are collected and re-issued; a library's warning during the
    analysis still reaches the caller (``framing --debug`` shows them)."""
    import warnings
    from unittest import mock

    import framing.pipeline as pipeline

    real = pipeline.analyze

    def noisy(story, options=None, **kw):
        warnings.warn("third-party noise", RuntimeWarning)
        return real(story, options, **kw)

    with mock.patch.object(pipeline, "analyze", noisy), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        list(run(stories[:1], backend="serial"))
    assert any(issubclass(w.category, RuntimeWarning) and "third-party noise" in str(w.message) for w in caught)


@pytest.mark.parametrize("kwargs,problem", [
    ({"backend": "spark"}, "unknown backend"),
    ({"backend": "process", "scheduler": "tcp://x:1"}, "needs backend='dask'"),
    ({"backend": "serial", "workers": 0}, "workers must be"),
])
def test_bad_arguments(stories, kwargs, problem):
    with pytest.raises(ValueError, match=problem):
        list(run(stories, **kwargs))


def test_worker_error_propagates():
    bad = object()  # not a Story: analyze fails in the worker
    with pytest.raises(Exception):
        list(run([bad], backend="process", workers=2))


def test_story_source_groups_interleaved_rows_in_first_appearance_order(tmp_path):
    import json

    rows = [("b", "X"), ("a", "X"), ("b", "Y"), ("c", "X"), ("a", "Y"), ("c", "Y")]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps({"story_id": s, "outlet": o, "text": f"{s} {o} text."}) + "\n"
                            for s, o in rows), encoding="utf-8")
    source = StorySource([path])
    assert source.story_ids == ["b", "a", "c"] and len(source) == 3 and source.n_versions == 6
    got = [(s.id, [a.outlet for a in s.versions]) for s in source]
    assert got == [("b", ["X", "Y"]), ("a", ["X", "Y"]), ("c", ["X", "Y"])]
    from framing.corpus import load

    assert [s for s in source] == list(load([path]))  # same stories as the in-memory loader
