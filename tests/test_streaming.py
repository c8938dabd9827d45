"""`framing analyze` over a corpus file: streamed, parallel, resumable, same bytes every way."""

from __future__ import annotations

import json

import pytest

from framing import load_story
from framing.cli import main
from framing.io import ResumableOutputDir, TABLE_COLUMNS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, example_story_path):
    story = load_story(example_story_path)
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(4):
            for a in story.versions[: 2 + i % 2]:
                fh.write(json.dumps({"story_id": f"s{i}", "outlet": a.outlet, "text": a.text}) + "\n")
    return path


@pytest.fixture(scope="module")
def serial_out(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet", "--backend", "serial"]) == 0
    return out


def _files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_process_backend_same_bytes_as_serial(corpus, serial_out, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet", "--workers", "2"]) == 0
    assert _files(out) == _files(serial_out)
    assert not list(tmp_path.glob(".out.*"))  # no partial folder left


def test_tables_hold_every_story_in_input_order(serial_out):
    import pandas as pd

    arts = pd.read_csv(serial_out / "articles.csv")
    assert list(dict.fromkeys(arts["story_id"])) == ["s0", "s1", "s2", "s3"]
    assert len(arts) == 2 + 3 + 2 + 3
    manifest = json.loads((serial_out / "manifest.json").read_text())
    assert manifest["tables"]["articles.csv"] == 10


def test_interrupted_run_resumes_to_same_bytes(corpus, serial_out, tmp_path, monkeypatch):
    import framing.io as fio

    out = tmp_path / "out"
    real_append = fio.ResumableOutputDir.append
    calls = {"n": 0}

    def flaky(self, story_id, frames):
        calls["n"] += 1
        if calls["n"] == 3:
            # half a story written, then Ctrl-C: the half must be cut away on resume
            (self.folder / "articles.csv").open("a").write("partial,row\n")
            raise KeyboardInterrupt
        return real_append(self, story_id, frames)

    monkeypatch.setattr(fio.ResumableOutputDir, "append", flaky)
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet", "--backend", "serial"]) == 130
    assert not out.exists() and (tmp_path / ".out.partial").is_dir()
    monkeypatch.setattr(fio.ResumableOutputDir, "append", real_append)
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet", "--backend", "serial", "--resume"]) == 0
    assert _files(out) == _files(serial_out)


def test_resume_with_other_parameters_is_refused(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    tables = list(TABLE_COLUMNS)
    ResumableOutputDir(out, state={"parameters": {"x": 1}}, tables=tables)
    code = main(["analyze", str(corpus), "--out", str(out), "--quiet", "--resume", "--backend", "serial"])
    assert code == 2 and "cannot resume" in capsys.readouterr().err


def test_resume_by_changed_code_is_refused(corpus, tmp_path, monkeypatch, capsys):
    """A run interrupted, then resumed after the toolkit's code changed (an editable install
    updated in between), would mix tables made by two versions: refused, naming the reason."""
    import framing.io as fio

    out = tmp_path / "out"
    real_append = fio.ResumableOutputDir.append

    def interrupted(self, story_id, frames):
        if self.done:
            raise KeyboardInterrupt
        return real_append(self, story_id, frames)

    monkeypatch.setattr(fio.ResumableOutputDir, "append", interrupted)
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet", "--backend", "serial"]) == 130
    monkeypatch.setattr(fio.ResumableOutputDir, "append", real_append)
    monkeypatch.setattr(fio, "code_sha256", lambda: "0" * 64)
    capsys.readouterr()
    code = main(["analyze", str(corpus), "--out", str(out), "--quiet", "--resume", "--backend", "serial"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot resume" in err and "toolkit" in err and not out.exists()


def test_code_sha256_changes_with_the_code(tmp_path, monkeypatch):
    import framing.io as fio

    first = fio.code_sha256()
    assert first == fio.code_sha256() and len(first) == 64
    monkeypatch.setattr(fio, "sha256_file", lambda p: "1" * 64 if p.name == "io.py" else first)
    assert fio.code_sha256() != first


def test_resume_without_partial_starts_fresh(corpus, serial_out, tmp_path):
    out = tmp_path / "out"
    assert main(["analyze", str(corpus), "--out", str(out), "--quiet", "--resume", "--backend", "serial"]) == 0
    assert _files(out) == _files(serial_out)


def test_quote_feature_shortcut_matches_quote_features(example_story_path):
    """The pipeline derives QuoteFeatures' columns from quotes it already found."""
    import numpy as np

    from framing.clean import clean_story
    from framing.features.quotes import QuoteFeatures, find_quotes
    from framing.features.quotes import quote_feature_row

    docs = clean_story(load_story(example_story_path))
    expected = QuoteFeatures().fit(docs).transform(docs)
    got = np.asarray([quote_feature_row(d, find_quotes(d)) for d in docs], dtype=float)
    np.testing.assert_array_equal(got, expected)


def test_article_features_match_feature_union(example_story_path):
    from framing.clean import clean_story
    from framing.pipeline import analyze, feature_union

    story = load_story(example_story_path)
    docs = clean_story(story)
    union = feature_union().fit(docs).transform(docs).reset_index(drop=True)
    result = analyze(story)
    arts = result.tables["articles"]
    # but n_speakers: the pipeline counts distinct speaker_id (one identity across versions,
    # from quotes.csv), the stand-alone transformer speakers as written in one version
    same = [c for c in union.columns if c != "n_speakers"]
    assert arts[same].to_csv(index=False) == union[same].to_csv(index=False)
    quotes = result.tables["quotes"]
    ids = [len(set(quotes.loc[quotes["outlet"] == o, "speaker_id"]) - {""}) for o in arts["outlet"]]
    assert arts["n_speakers"].tolist() == ids
    assert (arts["n_speakers"] <= union["n_speakers"]).all()
