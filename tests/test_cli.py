"""`framing analyze` end to end: the output contract, atomic output, determinism, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.io import TABLE_COLUMNS, sha256_file

CONTRACT_FILES = ["manifest.json", "report.html"] + [f"{name}.csv" for name in TABLE_COLUMNS]


@pytest.fixture(scope="module")
def example_out(tmp_path_factory, example_story_path):
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["analyze", str(example_story_path), "--out", str(out), "--quiet"]) == 0
    return out


def test_writes_every_contract_file(example_out):
    assert sorted(p.name for p in example_out.iterdir()) == sorted(CONTRACT_FILES)
    for name, columns in TABLE_COLUMNS.items():
        frame = pd.read_csv(example_out / f"{name}.csv", keep_default_na=False)
        assert list(frame.columns[: len(columns)]) == columns, name


def test_sentence_rows_are_exact_spans(example_out, example_story_path):
    from framing import load_story

    texts = {a.outlet: a.text for a in load_story(example_story_path).versions}
    frame = pd.read_csv(example_out / "sentences.csv", keep_default_na=False)
    assert len(frame) > 100
    for row in frame.itertuples():
        assert texts[row.outlet][row.start : row.end] == row.text


def test_manifest_checksums_match_unchanged_inputs(example_out):
    manifest = json.loads((example_out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["framing_version"] and manifest["parameters"]
    assert len(manifest["inputs"]) == 6  # five versions and story.toml
    for item in manifest["inputs"]:
        assert sha256_file(item["path"]) == item["sha256"]


def test_manifest_names_every_shipped_model_and_word_list(example_out):
    import framing

    manifest = json.loads((example_out / "manifest.json").read_text(encoding="utf-8"))
    resources = manifest["resources"]
    root = Path(framing.__file__).parent
    assert {"data/target_sentiment_model.json", "data/fact_pair_model.json", "lexicons/hedges.tsv"} <= set(resources)
    for rel, digest in resources.items():
        assert sha256_file(root / rel) == digest, rel


def test_same_input_same_bytes(example_out, example_story_path, tmp_path):
    again = tmp_path / "again"
    assert main(["analyze", str(example_story_path), "--out", str(again), "--quiet"]) == 0
    for name in CONTRACT_FILES:
        assert (again / name).read_bytes() == (example_out / name).read_bytes(), name


def test_existing_output_refused_then_forced(example_story_path, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    assert main(["analyze", str(example_story_path), "--out", str(out)]) == 2
    assert "exists" in capsys.readouterr().err and (out / "keep.txt").exists()
    assert main(["analyze", str(example_story_path), "--out", str(out), "--force", "--quiet"]) == 0
    assert not (out / "keep.txt").exists() and (out / "articles.csv").exists()


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "framing", *args], capture_output=True, text=True, cwd=cwd)


def _story(folder, files: dict[str, bytes], toml: str | None = None):
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    if toml is not None:
        (folder / "story.toml").write_text(toml, encoding="utf-8")
    return folder


BAD_STORIES = [
    ("missing", None, "no such"),
    ("empty", {"a.txt": b"", "b.txt": b"Text."}, "empty file"),
    ("binary", {"a.txt": b"\x00\xff\x00\x01", "b.txt": b"Text."}, "binary file"),
    ("toml", {"a.txt": b"Text."}, "malformed TOML"),
    ("dup", {"a.txt": b"Text.", "b.txt": b"More."}, "duplicate outlet"),
]
TOMLS = {
    "toml": "[story\n",
    "dup": "[[versions]]\noutlet='A'\nfile='a.txt'\n[[versions]]\noutlet='A'\nfile='b.txt'\n",
}


@pytest.mark.parametrize("kind,files,problem", BAD_STORIES)
def test_bad_input_one_line_exit_2_nothing_written(tmp_path, kind, files, problem):
    story = tmp_path / kind
    if files is not None:
        _story(story, files, TOMLS.get(kind))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    result = _run("analyze", str(story), "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and "Traceback" not in result.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no temporary folder left
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_non_utf8_is_a_warning_and_the_rest_is_analysed(tmp_path):
    story = _story(tmp_path / "s", {"a.txt": "Caf\u00e9 owners protest new tax.".encode("cp1252"),
                                    "b.txt": "Caf\u00e9 owners protest a new tax.".encode()})
    result = _run("analyze", str(story), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "warning" in result.stderr and "a.txt" in result.stderr and "cp1252" in result.stderr
    # the manifest says how each input was decoded, so its offsets can be reproduced from the bytes
    inputs = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    encodings = {Path(item["path"]).name: item["encoding"] for item in inputs}
    assert encodings["a.txt"] == "cp1252" and encodings["b.txt"] == "utf-8"


def test_version_keeping_no_sentence_is_a_warning_and_the_rest_is_analysed(tmp_path, example_story_path):
    """A file holding only page chrome ("Follow / Short Url") is named in one warning line; the
    other versions are analysed and every table is written."""
    src = example_story_path
    story = _story(tmp_path / "s", {"chrome.txt": b"Follow\nShort Url\n",
                                    "arab-news.txt": (src / "arab-news.txt").read_bytes(),
                                    "roya-news.txt": (src / "roya-news.txt").read_bytes()})
    result = _run("analyze", str(story), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "keeps no sentence" in line]
    assert len(lines) == 1 and lines[0].startswith("framing: warning: ") and "chrome.txt" in lines[0]
    assert "arab-news.txt" not in result.stderr
    articles = pd.read_csv(tmp_path / "out" / "articles.csv").set_index("outlet")
    assert len(articles) == 3 and (articles["n_words"] == 0).sum() == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(CONTRACT_FILES)


def test_new_tables_point_into_the_text_as_loaded(example_out, example_story_path):
    """fact_coverage.csv's first mentions are spans of the text; quote_shares.csv and the
    only_this_outlet column read back from the CSV files as written."""
    from framing import load_story

    texts = {a.outlet: a.text for a in load_story(example_story_path).versions}
    cov = pd.read_csv(example_out / "fact_coverage.csv", keep_default_na=False)
    facts = pd.read_csv(example_out / "facts.csv", keep_default_na=False)
    by_span = {(r.fact_id, r.outlet, r.start, r.end): r.text for r in facts.itertuples()}
    carried = cov[cov["n_mentions"] > 0]
    assert len(carried) and (cov.loc[cov["n_mentions"] == 0, ["sent_id", "start", "end"]] == -1).all().all()
    for r in carried.itertuples():
        assert texts[r.outlet][r.start:r.end] == by_span[(r.fact_id, r.outlet, r.start, r.end)]
    assert set(cov["placement"]) <= {"lead", "body", "end", ""}
    quotes = pd.read_csv(example_out / "quotes.csv", keep_default_na=False)
    assert set(quotes["only_this_outlet"]) == {True, False}
    shares = pd.read_csv(example_out / "quote_shares.csv", keep_default_na=False)
    total = shares[shares["level"] == "total"].set_index("outlet")
    assert total["n_quotes"].to_dict() == quotes.groupby("outlet").size().to_dict()


def test_one_version_warns(tmp_path):
    story = _story(tmp_path / "s", {"a.txt": b"Only one outlet told this story."})
    result = _run("analyze", str(story), "--out", str(tmp_path / "out"))
    assert result.returncode == 0 and "nothing can be compared" in result.stderr


def test_jsonl_malformed_line_named(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text('{"story_id":"s","outlet":"A","text":"x"}\nnot json\n', encoding="utf-8")
    result = _run("analyze", str(corpus), "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "line 2" in result.stderr and str(corpus) in result.stderr


def test_unknown_validate_task(tmp_path):
    result = _run("validate", "nonsense", "--data", str(tmp_path))
    assert result.returncode == 2 and "unknown task" in result.stderr


def test_validate_missing_data_folder(tmp_path):
    result = _run("validate", "hedging", "--data", str(tmp_path / "nope"))
    assert result.returncode == 2 and "no such dataset folder" in result.stderr


def test_unreadable_file(tmp_path, monkeypatch, capsys):
    # Tests may run as root, which reads every file whatever its mode: fake the denial instead.
    story = _story(tmp_path / "s", {"a.txt": b"Text.", "b.txt": b"Text two."})
    real_access = os.access
    monkeypatch.setattr("framing.corpus.os.access", lambda p, mode: not str(p).endswith("a.txt") and real_access(p, mode))
    assert main(["analyze", str(story), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "a.txt" in err and "permission denied" in err and not (tmp_path / "out").exists()
