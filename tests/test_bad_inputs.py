"""The bad-input corpus through ``framing analyze`` (issue 10).

Every input of ``tests/bad_inputs/make_bad_inputs.py`` either ends with one line naming the file
and the problem and exit code 2, with nothing written, or is analysed (exit code 0, warnings
naming the file allowed) with every table written and the manifest's checksums matching the
inputs. Never a traceback or an internal error, never a changed input file.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent / "bad_inputs"))
from make_bad_inputs import make_all  # noqa: E402

from framing.cli import main  # noqa: E402
from framing.io import TABLE_COLUMNS, sha256_file  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_inputs")
    return {c.name: c for c in make_all(root)}


def _case_names():
    # Names only, without writing the files at collection time.
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return [c.name for c in make_all(Path(tmp) / "x", big_bytes=16)]


CASES = _case_names()


def _snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every regular file under ``folder`` (symbolic links not followed)."""
    out = {}
    for dirpath, _, files in os.walk(folder):
        for name in files:
            p = Path(dirpath) / name
            if p.is_symlink():
                out[str(p)] = "link:" + os.readlink(p)
            elif p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def check_report_is_inert(html: str) -> None:
    """No script, no event handler, nothing loaded from the network."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in {"script", "iframe", "object", "embed", "base", "link", "img", "frame"} or (
            tag == "img" and all(k != "src" or v.startswith("data:") for k, v in attrs)
        ), (tag, attrs)
        for key, value in attrs:
            assert not key.startswith("on"), (tag, key, value)
            if key in {"src", "href", "action", "formaction", "srcset", "poster", "data"}:
                assert not (value or "").lstrip().lower().startswith(("http:", "https:", "//", "javascript:")), value
    assert "url(http" not in html and "@import" not in html


def run_case(case, tmp_path, monkeypatch, capsys):
    """Run ``framing analyze`` in-process on ``case``; return (exit code, stderr lines, out)."""
    out = tmp_path / "out"
    folder = case.target.parent if case.target.is_file() else case.target
    before = _snapshot(folder)
    denied = case.target / case.unreadable if case.unreadable else None
    if denied and os.geteuid() == 0:  # root reads any file whatever its mode: fake the denial
        real = os.access
        monkeypatch.setattr("framing.corpus.os.access", lambda p, mode: Path(p) != denied and real(p, mode))
    elif denied:
        denied.chmod(0)
    try:
        rc = main(["analyze", str(case.target), "--out", str(out), "--quiet", *case.args])
    finally:
        if denied and os.geteuid() != 0:
            denied.chmod(0o644)
    err = capsys.readouterr().err
    assert _snapshot(folder) == before, "an input file changed"
    return rc, err.strip().splitlines(), out


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name, corpus, tmp_path, monkeypatch, capsys):
    case = corpus[name]
    rc, lines, out = run_case(case, tmp_path, monkeypatch, capsys)
    text = "\n".join(lines)
    assert "Traceback" not in text and "internal error" not in text, text
    assert all(line.startswith("framing: ") for line in lines), text
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")]
    assert not leftovers, f"temporary output left behind: {leftovers}"
    if case.expect == "error":
        assert rc == 2, text
        assert len(lines) == 1 and lines[0].startswith("framing: error: "), text
        assert case.blame in lines[0] and case.problem in lines[0], text
        assert not out.exists(), "output folder written for refused input"
        return
    assert rc == 0, text
    warnings = [line for line in lines if line.startswith("framing: warning: ")]
    if case.warns:
        assert any(case.blame in w and case.problem in w for w in warnings), text
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["manifest.json", "report.html"] + [f"{n}.csv" for n in TABLE_COLUMNS])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs"]
    for item in manifest["inputs"]:
        assert sha256_file(item["path"]) == item["sha256"], item["path"]
    _check_spans(case, out)
    check_report_is_inert((out / "report.html").read_text(encoding="utf-8"))


def _check_spans(case, out):
    """Every sentence row of sentences.csv is exactly ``text[start:end]`` of its version."""
    import warnings as w

    from framing.corpus import load

    with w.catch_warnings():
        w.simplefilter("ignore")
        texts = {(s.id, a.outlet): a.text for s in load([case.target]) for a in s.versions}
    frame = pd.read_csv(out / "sentences.csv", keep_default_na=False, dtype={"story_id": str, "outlet": str})
    assert len(frame) > 0
    for row in frame.itertuples():
        assert texts[(row.story_id, row.outlet)][row.start : row.end] == row.text


def test_injected_markup_is_shown_as_text(corpus, tmp_path, monkeypatch, capsys):
    """Outlet names and article text holding markup appear escaped in the report."""
    for name, needles in [("toml_outlet_markup", ["&lt;img src=x onerror=alert(1)&gt;", "&lt;script&gt;alert(2)"]),
                          ("html_script_style_handlers", ["&lt;script&gt;alert(", "&lt;img src=x onerror="])]:
        out = tmp_path / name
        assert main(["analyze", str(corpus[name].target), "--out", str(out), "--quiet"]) == 0
        html = (out / "report.html").read_text(encoding="utf-8")
        for needle in needles:
            assert needle.replace("'", "&#39;") in html or needle in html, needle
        assert "alert('head')" not in html and "alert('load')" not in html and "injected" not in html
    capsys.readouterr()


def test_fifty_megabytes_refused_quickly_without_reading(corpus, tmp_path, monkeypatch, capsys):
    """The size check comes from the file size: the 50 MB version is never read."""
    import time

    from framing import corpus as corpus_module

    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    start = time.perf_counter()
    with pytest.raises(corpus_module.InputError, match="larger than the limit"):
        corpus_module.read_text_file(corpus["big_50mb"].target / "a.txt")
    assert not read and time.perf_counter() - start < 1.0


def test_fifty_megabyte_jsonl_row_refused_reading_at_most_the_limit(corpus, tmp_path):
    """A JSONL row too long for the limit is refused after at most ~4 x max_chars bytes."""
    from framing.corpus import InputError, load_corpus

    with pytest.raises(InputError, match="line 2: row of more than"):
        load_corpus(corpus["jsonl_big_50mb"].target, max_chars=1000)


def test_subprocess_gives_one_line_and_exit_2(corpus, tmp_path):
    """The real command, not only ``main``: no traceback reaches the terminal."""
    result = subprocess.run([sys.executable, "-m", "framing", "analyze", str(corpus["jsonl_malformed_line"].target),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "line 4" in result.stderr and "Traceback" not in result.stderr


def test_deterministic_across_runs_hash_seeds_and_back_ends(corpus, tmp_path, example_story_path):
    """Byte-identical tables from two processes with different string-hash seeds (a set or
    dict iterated in hash order would show up here) and different back ends (serial, and a
    pool of two worker processes). The two runs go in parallel."""
    stories = [str(corpus["unbalanced_nested_quotes"].target)]
    runs = []
    for seed, backend in (("1", ["--backend", "serial"]), ("2", ["--backend", "process", "--workers", "2"])):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        proc = subprocess.Popen([sys.executable, "-m", "framing", "analyze", *stories, str(example_story_path),
                                 "--out", str(out), "--quiet", *backend], stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env)
        runs.append((proc, out))
    for proc, _ in runs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    first, second = (out for _, out in runs)
    assert sorted(p.name for p in first.iterdir()) == sorted(p.name for p in second.iterdir())
    for p in sorted(first.iterdir()):
        assert p.read_bytes() == (second / p.name).read_bytes(), p.name


# --------------------------------------------------------------------------- regressions


def test_csv_field_longer_than_csv_module_limit(tmp_path):
    """Regression: a CSV text over 131,072 characters was an internal error (csv field limit);
    the process-wide limit is restored afterwards."""
    import csv

    from framing.corpus import load_corpus

    path = tmp_path / "c.csv"
    path.write_text('story_id,outlet,text\ns,A,"' + "word " * 30_000 + '"\n', encoding="utf-8")
    limit = csv.field_size_limit()
    with pytest.warns(Warning):
        corpus = load_corpus(path)
    assert len(corpus.stories[0].versions[0].text) == 150_000
    assert csv.field_size_limit() == limit


def test_jsonl_lone_surrogate_replaced_with_warning(tmp_path):
    """Regression: a lone surrogate (valid JSON) crashed the writing of the tables."""
    from framing.corpus import load_corpus
    from framing.errors import FramingWarning

    path = tmp_path / "c.jsonl"
    path.write_text('{"story_id": "s", "outlet": "A\\udc80", "text": "Bad \\ud800 half."}\n', encoding="utf-8")
    with pytest.warns(FramingWarning, match="line 1: field 'text' holds lone surrogate"):
        article = load_corpus(path).stories[0].versions[0]
    assert article.text == "Bad \ufffd half." and article.outlet == "A\ufffd"
    article.text.encode("utf-8")


@pytest.mark.parametrize("row,problem", [
    ({"story_id": "s", "outlet": "A", "text": {"x": 1}}, "field 'text' must be a string, got dict"),
    ({"story_id": "s", "outlet": ["A"], "text": "Hi."}, "field 'outlet' must be a string, got list"),
    ({"story_id": True, "outlet": "A", "text": "Hi."}, "field 'story_id' must be a string, got bool"),
    ({"story_id": "s", "outlet": "A", "text": 42}, "field 'text' must be a string, got int"),
])
def test_jsonl_wrong_typed_fields_refused(tmp_path, row, problem):
    """Regression: lists and objects were turned into their Python repr and analysed as text."""
    from framing.corpus import InputError, load_corpus

    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=f"line 1: {problem}"):
        load_corpus(path)


def test_jsonl_numeric_ids_accepted(tmp_path):
    from framing.corpus import load_corpus

    path = tmp_path / "c.jsonl"
    path.write_text('{"story_id": 7, "outlet": 2, "text": "Hi there."}\n{"story_id": 7, "outlet": "B", "text": "Hi."}\n')
    story = load_corpus(path).stories[0]
    assert story.id == "7" and story.outlets == ("2", "B")


def test_utf16_refused_with_one_line_not_a_warning_too(tmp_path, recwarn):
    """Regression: an invalid UTF-16 file printed a "decoded as UTF-16" warning before the error."""
    from framing.corpus import InputError, read_text_file

    path = tmp_path / "a.txt"
    path.write_bytes(b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00")
    with pytest.raises(InputError, match="not valid UTF-16"):
        read_text_file(path)
    assert not recwarn.list


def test_jsonl_cp1252_line_decoded_with_one_warning(tmp_path):
    """Streaming JSONL keeps the encoding fallback of whole-file reading, warning once."""
    from framing.corpus import load_corpus
    from framing.errors import FramingWarning

    path = tmp_path / "c.jsonl"
    rows = [json.dumps({"story_id": "s", "outlet": o, "text": f"Caf\u00e9 \u201c{o}\u201d."}, ensure_ascii=False)
            for o in "AB"]  # (two texts: a copy of a text is skipped, with a warning of its own)
    path.write_bytes("\n".join(rows).encode("cp1252"))
    with pytest.warns(FramingWarning, match="line 1: not UTF-8, decoded as cp1252") as record:
        story = load_corpus(path).stories[0]
    assert len([w for w in record if "not UTF-8" in str(w.message)]) == 1
    assert story.versions[1].text == "Caf\u00e9 \u201cB\u201d."
