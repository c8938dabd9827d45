"""Write the bad-input corpus: inputs from the wild that ``framing analyze`` must survive.

Each case is a story folder (or a corpus file) under a root folder, with what the command line
must do with it: ``error`` (one line naming the file and the problem, exit code 2, nothing
written) or ``ok`` (exit code 0, maybe warnings naming the file, every table written). The
large and binary cases are generated here at test time, never committed.

Run by hand to look at the files::

    python tests/bad_inputs/make_bad_inputs.py /tmp/bad-inputs
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import NamedTuple

#: Size of the "50 MB" cases; the tests may pass a smaller value only to save disk, never below
#: four times the default character limit (the size at which a file is refused unread).
BIG_BYTES = 50 * 2**20

# A plain story body: two versions that share most words, so cleaning keeps both bodies.
BODY_A = (
    "Russia became the first country to recognise the Taliban government on Thursday.\n"
    "The foreign ministry in Moscow said the decision would boost cooperation in trade.\n"
)
BODY_B = (
    "Russia on Thursday became the first country to recognise the Taliban government.\n"
    "Moscow's foreign ministry said the move would boost trade cooperation with Kabul.\n"
)


class Case(NamedTuple):
    """One bad input.

    Attributes
    ----------
    name : str
        Identifier (also the folder name under the root).
    target : Path
        What is passed to ``framing analyze``.
    expect : str
        ``"error"`` or ``"ok"``.
    blame : str
        A file name the error or warning line must contain ("" = none required).
    problem : str
        Words the error or warning line must contain ("" = none required).
    warns : bool
        For ``ok`` cases: a ``framing: warning:`` line naming ``blame`` is required.
    args : tuple of str
        Extra command-line arguments.
    unreadable : str
        A file (relative to the case folder) that must look unreadable to the process.
    """

    name: str
    target: Path
    expect: str
    blame: str = ""
    problem: str = ""
    warns: bool = False
    args: tuple[str, ...] = ()
    unreadable: str = ""


def _story(root: Path, name: str, files: dict[str, bytes], toml: str | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for fname, data in files.items():
        (folder / fname).write_bytes(data)
    if toml is not None:
        (folder / "story.toml").write_text(toml, encoding="utf-8")
    return folder


def _with_b(data: bytes) -> dict[str, bytes]:
    """A story whose first version is ``data`` and whose second is a clean UTF-8 text."""
    return {"a.txt": data, "b.txt": BODY_B.encode()}


def _versions_toml(*entries: str) -> str:
    return '[story]\nid = "s"\n' + "".join(f"[[versions]]\n{e}\n" for e in entries)


def _write_big(path: Path, size: int, unit: bytes, *, head: bytes = b"", tail: bytes = b"") -> None:
    """Write ``head``, ``size`` bytes of ``unit`` repeated, then ``tail``, in blocks (no 50 MB
    string in memory)."""
    block = unit * (2**20 // len(unit))
    with open(path, "wb") as fh:
        fh.write(head)
        left = size
        while left > 0:
            fh.write(block[:left])
            left -= len(block)
        fh.write(tail)


def make_all(root: str | os.PathLike, *, big_bytes: int = BIG_BYTES) -> list[Case]:
    """Write every bad input under ``root`` (which must be empty or absent).

    Returns
    -------
    list of Case
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name, files, expect, blame="", problem="", *, toml=None, warns=False, args=(), unreadable=""):
        folder = _story(root, name, files, toml)
        cases.append(Case(name, folder, expect, blame, problem, warns, tuple(args), unreadable))
        return folder

    # --- empty, blank, binary -------------------------------------------------------------
    add("empty_file", _with_b(b""), "error", "a.txt", "empty")
    add("whitespace_only", _with_b(b" \t\r\n\n   \r\n\xc2\xa0\n"), "error", "a.txt", "empty")
    add("binary_file", _with_b(bytes(range(256)) * 64), "error", "a.txt", "binary")
    add("png_as_txt", _with_b(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096)), "error", "a.txt", "binary")
    add("empty_folder", {}, "error", "empty_folder", "no story.toml")

    # --- encodings ------------------------------------------------------------------------
    cp = "Caf\u00e9 owners in Moscow \u201cwelcomed\u201d the move \u2013 \u20ac5 tax.\n" + BODY_A
    add("cp1252", _with_b(cp.encode("cp1252")), "ok", "a.txt", "cp1252", warns=True)
    # 0x81 and 0x8d are undefined in cp1252: only latin-1 decodes this file.
    add("latin1", _with_b("Caf\u00e9 \u0081\u008d na\u00efve.\n".encode("latin-1") + BODY_A.encode()),
        "ok", "a.txt", "latin-1", warns=True)
    add("utf16_le_bom", _with_b(("\ufeff" + BODY_A).encode("utf-16-le")), "ok", "a.txt", "UTF-16", warns=True)
    add("utf16_be_bom", _with_b(("\ufeff" + BODY_A).encode("utf-16-be")), "ok", "a.txt", "UTF-16", warns=True)
    add("utf16_odd_length", _with_b(b"\xff\xfe" + "abc".encode("utf-16-le") + b"\x00"), "error", "a.txt", "UTF-16")
    add("utf8_bom", _with_b(b"\xef\xbb\xbf" + BODY_A.encode()), "ok")

    # --- newlines, long lines, size ---------------------------------------------------------
    mixed = BODY_A.replace("\n", "\r\n", 1).replace("\n", "\r") + "Last line\r\n\r\rEnd."
    add("mixed_newlines", _with_b(mixed.encode()), "ok")
    add("long_line_200k", _with_b(("word " * 40_000).encode()), "ok")
    add("long_token_200k", _with_b(b"x" * 200_000), "ok")
    big = add("big_50mb", _with_b(b""), "error", "a.txt", "larger than the limit")
    _write_big(big / "a.txt", big_bytes, b"word ")
    add("over_max_chars_flag", _with_b(("word " * 30_000).encode()), "error", "a.txt", "larger than the limit",
        args=("--max-chars", "100000"))

    # --- HTML -----------------------------------------------------------------------------
    html = (
        "<html><head><title>T</title><style>body{background:url(http://evil.example/x.png)}</style>"
        "<script>alert('head')</script><link rel=stylesheet href='http://evil.example/s.css'></head>"
        "<body onload=\"alert('load')\"><article><h1>Russia recognises the Taliban</h1>"
        "<p onclick=\"alert('p')\">Russia became the first country to recognise the Taliban government "
        "on Thursday, the foreign ministry in Moscow said in a statement.</p>"
        "<p>The text itself shows &lt;script&gt;alert('text')&lt;/script&gt; and "
        "&lt;img src=x onerror=alert('img')&gt; as words, which must stay words.</p>"
        "<p>The decision would boost cooperation in trade and energy, the ministry said, "
        "and Moscow would support Kabul in fighting terrorism.</p>"
        "<script>document.write('<p>injected</p>')</script><img src='http://evil.example/t.gif'>"
        "</article></body></html>"
    )
    add("html_script_style_handlers", {"a.html": html.encode(), "b.txt": BODY_B.encode()}, "ok")
    add("html_no_text", {"a.html": b"<html><body><script>x()</script></body></html>", "b.txt": BODY_B.encode()},
        "error", "a.html", "no extractable")

    # --- quotes ---------------------------------------------------------------------------
    quotes = (
        'He said "this is unbalanced and never closes.\n'
        "\u201cOuter \u2018inner \u201cinnermost\u201d still inner\u2019 outer,\u201d the minister said.\n"
        "She said ''double singles'' and \u00abguillemets \u201cinside\u201d\u00bb and \u201ereversed\u201c.\n"
        '"""triple""" and a closing quote first" then an opening one "\n'
    )
    add("unbalanced_nested_quotes", _with_b(quotes.encode() + BODY_A.encode()), "ok")
    add("only_quotes", _with_b('""""\u201c\u201d\u2018\u2019\'\'\u00ab\u00bb"\n"\u201c\u201c\u201c'.encode()), "ok")

    # --- scripts and Unicode ----------------------------------------------------------------
    rtl = (
        "\u0623\u0635\u0628\u062d\u062a \u0631\u0648\u0633\u064a\u0627 \u0623\u0648\u0644 \u062f\u0648\u0644\u0629 "
        "\u062a\u0639\u062a\u0631\u0641 \u0628\u062d\u0643\u0648\u0645\u0629 \u0637\u0627\u0644\u0628\u0627\u0646.\n"
        "\u05e8\u05d5\u05e1\u05d9\u05d4 \u05d4\u05db\u05d9\u05e8\u05d4 \u05d1\u05d8\u05dc\u05d9\u05d1\u05d0\u05df.\n"
        "Mixed \u202bembedded \u0639\u0631\u0628\u064a\u202c and \u2067isolate\u2069 \u202eoverride\u202c text.\n"
    )
    add("rtl_arabic_hebrew", _with_b(rtl.encode() + BODY_A.encode()), "ok")
    add("rtl_only", {"a.txt": rtl.encode(), "b.txt": rtl.replace(".", "!").encode()}, "ok")
    emoji = (
        "Russia \U0001f1f7\U0001f1fa recognised the Taliban \U0001f44d\U0001f3fd \U0001f468\u200d\U0001f469\u200d\U0001f467. "
        "Cafe\u0301 na\u0308ive Zalgo z\u0336\u0351\u0350a\u0337\u0352l\u0334g\u0338o and \ufe0f\u20e3 keycaps.\n"
    )
    add("emoji_combining", _with_b(emoji.encode() + BODY_A.encode()), "ok")
    spaces = (
        "Russia\u00a0became\u200bthe\u200cfirst\u200dcountry\u2060to\ufeffrecognise the\u2009Taliban\u3000government.\n"
        "\u200b\u200b\u200b\n\u00a0\u00a0\n\u2028Line\u2029separators\u0085and NEL.\n"
    )
    add("zero_width_nbsp", _with_b(spaces.encode() + BODY_A.encode()), "ok")
    add("zero_width_only", _with_b("\u200b\u200c\u200d\u2060\ufeff\u200b\n\u00a0".encode()), "error", "a.txt", "empty")
    add("control_chars", _with_b(b"Bell\x07 and\x0b vertical\x0c tab\x1b[31m ansi.\n" + BODY_A.encode()), "ok")

    # --- story.toml -------------------------------------------------------------------------
    files = {"a.txt": BODY_A.encode(), "b.txt": BODY_B.encode()}
    add("duplicate_outlets", files, "error", "story.toml", "duplicate outlet",
        toml=_versions_toml("outlet = 'A'\nfile = 'a.txt'", "outlet = ' A '\nfile = 'b.txt'"))
    add("duplicate_stems_no_toml", {"A.txt": BODY_A.encode(), "A.md": BODY_B.encode()}, "error",
        "duplicate_stems_no_toml", "duplicate outlet")
    add("toml_missing_file_field", files, "error", "story.toml", "lacks 'file'",
        toml=_versions_toml("outlet = 'A'"))
    add("toml_missing_outlet_field", files, "error", "story.toml", "lacks 'outlet'",
        toml=_versions_toml("file = 'a.txt'"))
    add("toml_no_versions", files, "error", "story.toml", "versions", toml='[story]\nid = "s"\n')
    add("toml_wrong_type_id", files, "error", "story.toml", "must be a str",
        toml='[story]\nid = 5\n[[versions]]\noutlet = "A"\nfile = "a.txt"\n')
    add("toml_wrong_type_outlet", files, "error", "story.toml", "must be a str",
        toml=_versions_toml("outlet = 3\nfile = 'a.txt'"))
    add("toml_wrong_type_file", files, "error", "story.toml", "must be a str",
        toml=_versions_toml("outlet = 'A'\nfile = ['a.txt']"))
    add("toml_wrong_type_date", files, "error", "story.toml", "must be a str",
        toml=_versions_toml("outlet = 'A'\nfile = 'a.txt'\ndate = 2025-07-03"))
    add("toml_versions_not_list", files, "error", "story.toml", "versions", toml='versions = "a.txt"\n')
    add("toml_story_not_table", files, "error", "story.toml", "must be a table",
        toml='story = 5\n[[versions]]\noutlet = "A"\nfile = "a.txt"\n')
    add("toml_malformed", files, "error", "story.toml", "malformed TOML", toml="[story\nid = ")
    add("toml_binary", {**files, "story.toml": b"\x00\x01\x02 binary"}, "error", "story.toml", "binary")
    add("toml_missing_version_file", files, "error", "missing.txt", "no such file",
        toml=_versions_toml("outlet = 'A'\nfile = 'missing.txt'"))
    # Duplicated versions: the second copy of a text is skipped with a warning naming both files
    # (else every fact would be counted twice); the rest is analysed.
    three = {**files, "c.txt": BODY_A.replace("Thursday", "Thursday in Moscow").encode()}
    add("duplicate_files_identical", {**three, "d.txt": BODY_A.encode()}, "ok", "d.txt", "same text as", warns=True)
    add("duplicate_file_utf16_copy", {**three, "d.txt": BODY_A.encode("utf-16")}, "ok", "d.txt", "same text as",
        warns=True)
    add("duplicate_file_crlf_copy", {**three, "d.txt": BODY_A.replace("\n", "\r\n").encode()}, "ok", "d.txt",
        "same text as", warns=True)
    add("toml_same_file_twice", three, "ok", "story.toml", "listed for outlet 'A' and again for outlet 'B'",
        warns=True, toml=_versions_toml("outlet = 'A'\nfile = 'a.txt'", "outlet = 'B'\nfile = 'a.txt'",
                                        "outlet = 'C'\nfile = 'b.txt'"))
    add("toml_same_file_twice_only", files, "ok", "story.toml", "listed for outlet 'A'", warns=True,
        toml=_versions_toml("outlet = 'A'\nfile = 'a.txt'", "outlet = 'B'\nfile = './a.txt'"))
    add("toml_same_outlet_same_file", files, "error", "story.toml", "duplicate outlet",
        toml=_versions_toml("outlet = 'A'\nfile = 'a.txt'", "outlet = 'A'\nfile = 'a.txt'"))
    add("toml_outlet_markup", files, "ok",
        toml=_versions_toml("outlet = '<img src=x onerror=alert(1)>'\nfile = 'a.txt'",
                            "outlet = '\"><script>alert(2)</script>'\nfile = 'b.txt'"))

    # --- corpus files -----------------------------------------------------------------------
    def corpus(name, fname, data: bytes, expect, blame="", problem="", warns=False):
        folder = root / name
        folder.mkdir()
        (folder / fname).write_bytes(data)
        cases.append(Case(name, folder / fname, expect, blame or fname, problem, warns))

    row = lambda outlet, text, **kw: json.dumps({"story_id": "s", "outlet": outlet, "text": text, **kw})  # noqa: E731
    good_rows = [row("A", BODY_A), row("B", BODY_B)]
    corpus("jsonl_malformed_line", "c.jsonl",
           "\n".join([good_rows[0], good_rows[1], "", '{"story_id": "s", "outlet": "C", "text": "x"']).encode(),
           "error", "", "line 4")
    corpus("jsonl_not_object", "c.jsonl", "\n".join([good_rows[0], "[1, 2]"]).encode(), "error", "", "line 2")
    corpus("jsonl_text_not_string", "c.jsonl", "\n".join([good_rows[0], row("B", {"x": 1})]).encode(),
           "error", "", "line 2")
    corpus("jsonl_outlet_not_string", "c.jsonl",
           "\n".join([good_rows[0], json.dumps({"story_id": "s", "outlet": ["B"], "text": BODY_B})]).encode(),
           "error", "", "line 2")
    # A lone surrogate is valid JSON ("\\ud800") but cannot be written as UTF-8.
    surrogate = row("B", "Bad SURROGATE half. " + BODY_B).replace("SURROGATE", "\\ud800")
    corpus("jsonl_lone_surrogate", "c.jsonl", (good_rows[0] + "\n" + surrogate + "\n").encode(),
           "ok", "", "line 2", warns=True)
    corpus("jsonl_empty", "c.jsonl", b"\n\n", "error", "", "no rows")
    corpus("jsonl_duplicate_outlet", "c.jsonl", "\n".join([good_rows[0], row("A", BODY_B)]).encode(),
           "error", "", "duplicate outlet")
    corpus("jsonl_duplicate_row", "c.jsonl", "\n".join([good_rows[0], good_rows[1], good_rows[0]]).encode(),
           "error", "", "line 3: duplicate outlet name 'A' in story 's' (first at line 1)")
    corpus("jsonl_duplicate_text", "c.jsonl", "\n".join([*good_rows, row("C", BODY_A)]).encode(), "ok", "",
           "line 3: outlet 'C' has the same text as outlet 'A' (line 1)", warns=True)
    corpus("csv_duplicate_text", "c.csv", ("story_id,outlet,text\ns,A,\"" + BODY_A + "\"\ns,B,\"" + BODY_B
                                           + "\"\ns,C,\"" + BODY_A + "\"\n").encode(), "ok", "",
           "outlet 'C' has the same text as outlet 'A'", warns=True)
    # One story id in rows far apart is one story (a corpus sorted by outlet is normal).
    corpus("jsonl_story_rows_apart", "c.jsonl", "\n".join([good_rows[0], json.dumps(
        {"story_id": "t", "outlet": "A", "text": BODY_B}), good_rows[1]]).encode(), "ok")
    corpus("jsonl_missing_path_row", "c.jsonl", row("A", None, path="nope.txt").encode(), "error", "nope.txt",
           "no such file")
    corpus("csv_no_text_column", "c.csv", b"story_id,outlet,body\ns,A,hello\n", "error", "", "no text")
    corpus("csv_no_outlet_column", "c.csv", b"story_id,text\ns,hello\n", "error", "", "outlet")
    long_text = "word " * 40_000
    corpus("csv_long_field", "c.csv",
           ("story_id,outlet,text\ns,A,\"" + long_text + "\"\ns,B,\"" + BODY_B + "\"\n").encode(), "ok")
    corpus("csv_nul_byte", "c.csv", b"story_id,outlet,text\ns,A,\"Nul \x00 byte.\"\n", "error", "", "binary")
    corpus("csv_cp1252", "c.csv", ("story_id,outlet,text\ns,A,\"Caf\u00e9 \u201cquoted\u201d.\"\ns,B,\"Caf\u00e9.\"\n")
           .encode("cp1252"), "ok", "", "cp1252", warns=True)
    corpus("unknown_suffix", "c.xml", b"<xml/>", "error", "", "unknown corpus format")
    big_jsonl = root / "jsonl_big_50mb"
    big_jsonl.mkdir()
    # One row whose text is ~50 MB: refused by the character limit, naming its line.
    head = (good_rows[0] + '\n{"story_id": "s", "outlet": "B", "text": "').encode()
    _write_big(big_jsonl / "c.jsonl", big_bytes, b"word ", head=head, tail=b'"}\n')
    cases.append(Case("jsonl_big_50mb", big_jsonl / "c.jsonl", "error", "c.jsonl", "line 2"))

    # --- file system ------------------------------------------------------------------------
    loop = add("symlink_loop", {"b.txt": BODY_B.encode()}, "error", "a.txt", "symbolic link")
    os.symlink("a2.txt", loop / "a.txt")
    os.symlink("a.txt", loop / "a2.txt")
    self_loop = root / "symlink_loop_target"
    os.symlink("symlink_loop_target", self_loop)
    cases.append(Case("symlink_loop_target", self_loop, "error", "symlink_loop_target", "symbolic link"))
    add("unreadable_file", _with_b(BODY_A.encode()), "error", "a.txt", "permission denied", unreadable="a.txt")
    add("folder_named_txt", {"b.txt": BODY_B.encode()}, "error", "a.txt", "folder")
    (root / "folder_named_txt" / "a.txt").mkdir()
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_bad_inputs.py DIR")
    for case in make_all(sys.argv[1]):
        print(f"{case.name}\t{case.expect}\t{case.target}")
