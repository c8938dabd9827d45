"""Loaders: story folders, JSONL and CSV corpora, HTML, and the bad input they refuse."""

from __future__ import annotations

import json
import warnings

import pytest

from framing import FramingWarning, InputError, load, load_corpus, load_story
from framing.corpus import read_text_file


def test_example_story_loads_byte_for_byte(example_story_path):
    story = load_story(example_story_path)
    assert story.id == "russia-taliban-2025"
    assert story.outlets == ("Arab News", "Roya News", "Daily8", "Financial Times", "CNN")
    for article in story.versions:
        with open(article.path, "rb") as fh:
            assert article.text == fh.read().decode("utf-8")
        assert article.publisher and article.date


def test_seed_copies_are_identical(example_story_path):
    import hashlib
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"seed folder not found at {seeds}")
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert sorted(digest(p) for p in seeds.glob("*.txt")) == sorted(digest(p) for p in example_story_path.glob("*.txt"))


def test_folder_without_toml(tmp_path):
    (tmp_path / "a.txt").write_text("One story.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The same story.", encoding="utf-8")
    story = load_story(tmp_path)
    assert story.id == tmp_path.name and story.outlets == ("a", "b")


def test_html_goes_through_trafilatura(tmp_path):
    html = ("<html><head><title>T</title><script>var x=1;</script></head><body><nav>Home | News</nav>"
            "<article><h1>Floods hit</h1><p>Floods hit the northern province on Monday, killing twelve people "
            "and forcing thousands from their homes, officials said.</p><p>Rescue teams searched villages "
            "along the river for survivors through the night.</p></article></body></html>")
    (tmp_path / "x.html").write_text(html, encoding="utf-8")
    text = read_text_file(tmp_path / "x.html")
    assert "Floods hit the northern province" in text and "var x" not in text


def test_jsonl_and_csv_corpora(tmp_path):
    rows = [{"story_id": "s1", "outlet": "A", "text": "One."}, {"story_id": "s1", "outlet": "B", "text": "Two."},
            {"story_id": "s2", "outlet": "A", "text": "Three.", "date": "2025-01-01"}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(tmp_path / "c.jsonl")
    assert [s.id for s in corpus] == ["s1", "s2"]
    assert corpus.stories[1].versions[0].date == "2025-01-01"
    assert any("one version" in str(w.message) for w in caught)
    (tmp_path / "c.csv").write_text("story_id,outlet,text\ns1,A,\"One, with comma.\"\ns1,B,Two.\n", encoding="utf-8")
    corpus = load_corpus(tmp_path / "c.csv")
    assert corpus.stories[0].versions[0].text == "One, with comma."


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("binary.txt", b"\x00\x01\x02PNG\x00\x00", "binary file"),
]


@pytest.mark.parametrize("name,data,problem", BAD_FILES)
def test_bad_files_are_refused_naming_the_file(tmp_path, name, data, problem):
    path = _write(tmp_path / name, data)
    with pytest.raises(InputError) as info:
        read_text_file(path)
    assert str(path) in str(info.value) and problem in str(info.value)


def test_cp1252_decoded_with_warning(tmp_path):
    path = _write(tmp_path / "w.txt", "Caf\u00e9 \u201cquoted\u201d".encode("cp1252"))
    with pytest.warns(FramingWarning, match="not UTF-8.*cp1252"):
        assert read_text_file(path) == "Caf\u00e9 \u201cquoted\u201d"


def test_utf16_with_bom(tmp_path):
    path = _write(tmp_path / "u.txt", b"\xff\xfe" + "Hello world.".encode("utf-16-le"))
    with pytest.warns(FramingWarning, match="UTF-16"):
        assert read_text_file(path) == "Hello world."


def test_size_limit(tmp_path):
    path = _write(tmp_path / "big.txt", b"word " * 1000)
    with pytest.raises(InputError, match="larger than the limit"):
        read_text_file(path, max_chars=100)


@pytest.mark.parametrize(
    "toml,problem",
    [
        ("[story\nid=1", "malformed TOML"),
        ("[story]\nid = 'x'\n", "needs at least one"),
        ("[[versions]]\noutlet = 'A'\n", "lacks 'file'"),
        ("[[versions]]\noutlet = 3\nfile = 'a.txt'\n", "field 'outlet' must be a str"),
        ("[[versions]]\noutlet = 'A'\nfile = 'a.txt'\n[[versions]]\noutlet = 'A'\nfile = 'b.txt'\n", "duplicate outlet"),
        ("[[versions]]\noutlet = 'A'\nfile = 'missing.txt'\n", "no such file"),
    ],
)
def test_malformed_story_toml(tmp_path, toml, problem):
    (tmp_path / "a.txt").write_text("Story A.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Story B.", encoding="utf-8")
    (tmp_path / "story.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_story(tmp_path)


def test_malformed_jsonl_line_is_named(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"story_id": "s", "outlet": "A", "text": "x"}\n{"story_id": oops}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"line 2: malformed JSON"):
        load_corpus(path)


def test_csv_without_text_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("story_id,outlet,body\ns,A,x\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text, html or path column"):
        load_corpus(path)


def test_symlink_loop(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    with pytest.raises(InputError, match="link"):
        read_text_file(tmp_path / "loop.txt")


def test_same_story_twice_is_refused(example_story_path):
    with pytest.raises(InputError, match="also comes from"):
        load([example_story_path, example_story_path])


def test_version_file_outside_the_story_folder_is_refused(tmp_path):
    (tmp_path / "outside.txt").write_text("Elsewhere.", encoding="utf-8")
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text("Story A.", encoding="utf-8")
    (story / "story.toml").write_text("[[versions]]\noutlet='A'\nfile='a.txt'\n[[versions]]\noutlet='B'\nfile='../outside.txt'\n",
                                      encoding="utf-8")
    with pytest.raises(InputError, match="outside the story folder"):
        load_story(story)


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("a.txt", "Caf\u00e9".encode(), "utf-8"),
        ("a.txt", b"\xef\xbb\xbf" + "Caf\u00e9".encode(), "utf-8-sig"),
        ("a.txt", "Caf\u00e9".encode("utf-16"), "utf-16"),
        ("a.txt", "Caf\u00e9 \u201cquoted\u201d".encode("cp1252"), "cp1252"),
        ("a.txt", b"caf\x81", "latin-1"),  # 0x81 is undefined in cp1252
        ("c.jsonl", b'{"text": "caf\xe9"}\n', "utf-8, other lines cp1252 or latin-1"),
    ],
)
def test_input_encoding_names_how_the_loader_decodes(tmp_path, name, data, expected):
    from framing.corpus import input_encoding

    path = _write(tmp_path / name, data)
    assert input_encoding(path) == expected
