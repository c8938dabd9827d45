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


# --------------------------------------------------------------------------- duplicated input

_ONE, _TWO, _THREE = "Floods hit the city on Monday.\n", "The city was flooded on Monday.\n", "Rain fell all week.\n"


def _rows(*rows) -> bytes:
    return "\n".join(json.dumps({"story_id": s, "outlet": o, "text": t}) for s, o, t in rows).encode()


def _toml(*pairs) -> bytes:
    return "".join(f"[[versions]]\noutlet = '{o}'\nfile = '{f}'\n" for o, f in pairs).encode()


# (case, files, what to load, kept outlets per story or the error, the warnings expected)
DUPLICATES = [
    ("identical files, no toml", {"a.txt": _ONE.encode(), "b.txt": _TWO.encode(), "c.txt": _ONE.encode()}, ".",
     {"*": ("a", "b")}, [r"c\.txt: same text as .*a\.txt \(outlet 'a'\): outlet 'c' skipped"]),
    ("identical after decoding (UTF-16 copy)", {"a.txt": _ONE.encode(), "b.txt": _TWO.encode(),
                                                "c.txt": _ONE.encode("utf-16")}, ".",
     {"*": ("a", "b")}, ["c.txt: UTF-16", r"c\.txt: same text as .*a\.txt"]),
    ("identical but CRLF", {"a.txt": _ONE.encode(), "b.txt": _TWO.encode(),
                            "c.txt": _ONE.replace("\n", "\r\n").encode()}, ".", {"*": ("a", "b")}, [r"c\.txt: same text as"]),
    ("one file under two outlets", {"a.txt": _ONE.encode(), "b.txt": _TWO.encode(),
                                    "story.toml": _toml(("A", "a.txt"), ("B", "b.txt"), ("C", "./a.txt"))}, ".",
     {"*": ("A", "B")}, [r"story\.toml: file 'a\.txt' is listed for outlet 'A' and again for outlet 'C': 'C' skipped"]),
    ("two files, same text, in toml", {"a.txt": _ONE.encode(), "b.txt": _ONE.encode(), "c.txt": _TWO.encode(),
                                       "story.toml": _toml(("A", "a.txt"), ("B", "b.txt"), ("C", "c.txt"))}, ".",
     {"*": ("A", "C")}, [r"b\.txt: same text as .*a\.txt \(outlet 'A'\): outlet 'B' skipped"]),
    ("only two copies: one version left", {"a.txt": _ONE.encode(), "b.txt": _ONE.encode()}, ".",
     {"*": ("a",)}, [r"b\.txt: same text as", "story has one version"]),
    ("same outlet, same file", {"a.txt": _ONE.encode(), "story.toml": _toml(("A", "a.txt"), ("A", "a.txt"))}, ".",
     "duplicate outlet name 'A'", []),
    ("jsonl: same text, two outlets", {"c.jsonl": _rows(("s", "A", _ONE), ("s", "B", _TWO), ("s", "C", _ONE))},
     "c.jsonl", {"s": ("A", "B")},
     [r"c\.jsonl: line 3: outlet 'C' has the same text as outlet 'A' \(line 1\) in story 's': 'C' skipped"]),
    ("jsonl: same text in two stories is fine", {"c.jsonl": _rows(("s", "A", _ONE), ("s", "B", _TWO),
                                                                  ("t", "A", _ONE), ("t", "B", _THREE))},
     "c.jsonl", {"s": ("A", "B"), "t": ("A", "B")}, []),
    ("jsonl: story rows apart are one story", {"c.jsonl": _rows(("s", "A", _ONE), ("t", "A", _TWO),
                                                                ("s", "B", _TWO), ("t", "B", _THREE))},
     "c.jsonl", {"s": ("A", "B"), "t": ("A", "B")}, []),
    ("jsonl: repeated row", {"c.jsonl": _rows(("s", "A", _ONE), ("s", "B", _TWO), ("s", "A", _ONE))}, "c.jsonl",
     r"line 3: duplicate outlet name 'A' in story 's' \(first at line 1\)", []),
    ("csv: same text, two outlets",
     {"c.csv": ("story_id,outlet,text\n" + "".join(f"s,{o},{t.strip()}\n" for o, t in zip("ABC", (_ONE, _TWO, _ONE))))
      .encode()},
     "c.csv", {"s": ("A", "B")}, [r"c\.csv: line 4: outlet 'C' has the same text as outlet 'A' \(line 2\)"]),
]


@pytest.mark.parametrize("case,files,target,expected,warned", DUPLICATES, ids=[c[0] for c in DUPLICATES])
def test_duplicated_versions(tmp_path, case, files, target, expected, warned):
    """Two copies of one text (two files, or one file under two outlets, or two corpus rows) are
    analysed once: the second is skipped with a warning naming both; the same outlet twice is an
    error (issue: every fact was counted twice)."""
    import re

    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if isinstance(expected, str):
            with pytest.raises(InputError, match=expected):
                load([tmp_path / target])
            return
        corpus = load([tmp_path / target])
    messages = [str(w.message) for w in caught if issubclass(w.category, FramingWarning)]
    assert {s.id if "*" not in expected else "*": s.outlets for s in corpus} == expected
    assert len(messages) == len(warned), messages
    for pattern in warned:
        assert any(re.search(pattern, m) for m in messages), (pattern, messages)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    from framing.corpus import StorySource

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert StorySource([tmp_path / target]).n_versions == sum(len(v) for v in expected.values())


@pytest.mark.parametrize("target", ["c.jsonl", "story"])
def test_same_input_given_twice_says_so(tmp_path, target):
    (tmp_path / "c.jsonl").write_bytes(_rows(("s", "A", _ONE), ("s", "B", _TWO)))
    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "a.txt").write_text(_ONE, encoding="utf-8")
    (tmp_path / "story" / "b.txt").write_text(_TWO, encoding="utf-8")
    with pytest.raises(InputError, match=r"also comes from .* \(the same input given twice\)"):
        load([tmp_path / target, tmp_path / "." / target])
