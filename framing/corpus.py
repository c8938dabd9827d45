"""Articles, stories and corpora, and the loaders that read them from disk.

A *story* is one event told by several outlets; each outlet's telling is a *version*, an
:class:`Article`. ``Article.text`` is the text as loaded: for a ``.txt`` file its decoded
contents, unchanged (no newline translation, no stripping), so offsets into it point into the
file as a reader sees it. HTML goes through trafilatura and ``Article.text`` is the extracted
text.

Sources:

* a story folder: ``story.toml`` (see ``data/README.md``) plus one file per outlet;
* a folder without ``story.toml``: every ``.txt``/``.html`` file is a version, named by its stem;
* a corpus file: JSONL or CSV with ``story_id``, ``outlet`` and one of ``text``, ``html`` or
  ``path`` per row.

Within a story, outlet names are unique (a repeat is an error) and so are texts: a version whose
text is the same as an earlier version's (two copies of one file, one file listed under two
outlets, two corpus rows) is skipped with a warning naming both, since it would count every fact,
quote and label twice.
"""

from __future__ import annotations

__all__ = ["Article", "Story", "Corpus", "StorySource", "load", "load_story", "load_corpus", "read_text_file"]

import csv
import hashlib
import json
import os
import re
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .errors import FramingWarning, InputError, warn

#: Versions larger than this many characters are refused (a scrape that big is not an article).
MAX_CHARS = 5_000_000

# Characters that show nothing: white space and the invisible format characters (zero-width
# spaces and joiners, word joiner, BOM, soft hyphen, bidi controls). A text of only these is empty.
_VISIBLE = re.compile(r"[^\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A lone UTF-16 surrogate (JSON allows "\ud800"): it cannot be written as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")

_TEXT_SUFFIXES = {".txt", ".text", ".md"}
_HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class Article:
    """One outlet's version of a story.

    Attributes
    ----------
    story_id, outlet : str
        Identify the version; ``outlet`` is unique within a story.
    text : str
        The text as loaded; all offsets refer to it.
    path : str or None
        The file it came from (or the corpus file, for JSONL/CSV rows).
    title, date, url, language, publisher, notes : str or None
        Metadata. ``publisher`` is the original publisher where the page is a repost.
    """

    story_id: str
    outlet: str
    text: str
    path: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = "en"
    publisher: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Story:
    """Several versions of one story, one per outlet."""

    id: str
    title: str | None
    versions: tuple[Article, ...]
    path: str | None = None

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets of the versions, in version order."""
        return tuple(a.outlet for a in self.versions)


@dataclass(frozen=True)
class Corpus:
    """An ordered collection of stories."""

    stories: tuple[Story, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[Story]:
        return iter(self.stories)

    def __len__(self) -> int:
        return len(self.stories)


# --------------------------------------------------------------------------- reading files


def _check_file(path: Path) -> None:
    if not path.exists() and not path.is_symlink():
        raise InputError(path, "no such file")
    try:
        path.resolve(strict=True)
    except (RuntimeError, OSError):
        raise InputError(path, "broken or looping symbolic link") from None
    if path.is_dir():
        raise InputError(path, "is a folder, expected a file")
    if not os.access(path, os.R_OK):
        raise InputError(path, "cannot be read (permission denied)")


def input_encoding(path: str | os.PathLike) -> str:
    """How the loaders decode the file at ``path`` (recorded in the manifest, so the offsets can
    be reproduced from the raw bytes).

    Parameters
    ----------
    path : path-like

    Returns
    -------
    str
        ``utf-8``, ``utf-8-sig`` (a UTF-8 byte-order mark, skipped), ``utf-16``, ``cp1252`` or
        ``latin-1`` (the fallbacks, with a warning at load time); for a JSONL file that is not
        all UTF-8, ``utf-8, other lines cp1252 or latin-1`` (its lines are decoded one by one).
    """
    path = Path(path)
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        data.decode("utf-8")
        return "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError:
        pass
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return "utf-8, other lines cp1252 or latin-1"
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _decode(data: bytes, path: Path) -> str:
    """Decode bytes as UTF-8; fall back to UTF-16 (with BOM) or cp1252 with a warning."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "not valid UTF-16 despite its byte-order mark") from None
        # Warn only once decoding worked: a refused file gets one line, the error.
        warn(path, "UTF-16 file, decoded as UTF-16")
        return text
    if b"\x00" in data[:8192]:
        raise InputError(path, "binary file (contains NUL bytes), expected text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    try:
        text = data.decode("cp1252")
        encoding = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "latin-1"
    warn(path, f"not UTF-8 (invalid byte at {bad}), decoded as {encoding}")
    return text


def read_text_file(path: str | os.PathLike, *, max_chars: int = MAX_CHARS) -> str:
    """Read a text or HTML file as an article text.

    Parameters
    ----------
    path : path-like
        A ``.txt`` file (decoded contents returned unchanged) or an ``.html`` file (main
        text extracted with trafilatura).
    max_chars : int
        Refuse texts longer than this.

    Returns
    -------
    str
        The article text.

    Raises
    ------
    InputError
        Missing, unreadable, binary, empty or oversized file.
    """
    path = Path(path)
    _check_file(path)
    size = path.stat().st_size
    # UTF-8 needs at least one byte a character; four at most.
    if size > 4 * max_chars:
        raise InputError(path, f"file of {size} bytes is larger than the limit of {max_chars} characters")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    text = _decode(data, path)
    if path.suffix.lower() in _HTML_SUFFIXES:
        text = html_to_text(text, path)
    if not has_text(text):
        raise InputError(path, "empty file (no text)")
    if len(text) > max_chars:
        raise InputError(path, f"text of {len(text)} characters is larger than the limit of {max_chars}")
    return text


def has_text(text: str) -> bool:
    """Whether ``text`` holds a visible character.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    bool
        True unless ``text`` is only white space and zero-width or other invisible format
        characters.
    """
    return _VISIBLE.search(text) is not None


def html_to_text(html: str, path=None) -> str:
    """Extract the article text of an HTML page with trafilatura (no network).

    Parameters
    ----------
    html : str
        The page.
    path : path-like, optional
        Its file, named in the error.

    Returns
    -------
    str
        The main text as trafilatura extracts it (comments and tables left out).

    Raises
    ------
    InputError
        If no article text can be extracted.
    """
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if not text or not text.strip():
        raise InputError(path, "HTML page with no extractable article text")
    return text


# --------------------------------------------------------------------------- story folders

_STORY_FIELDS = {"id": str, "title": str, "date": str, "language": str, "notes": str, "source": str}
_VERSION_FIELDS = {
    "outlet": str,
    "file": str,
    "title": str,
    "date": str,
    "url": str,
    "language": str,
    "publisher": str,
    "notes": str,
}


def _check_fields(table: dict, spec: dict, where: str, path: Path) -> None:
    for key, value in table.items():
        if key in spec and not isinstance(value, spec[key]):
            raise InputError(path, f"{where}: field '{key}' must be a {spec[key].__name__}, got {type(value).__name__}")


def _unique_outlets(articles: list[Article], where) -> tuple[Article, ...]:
    seen: dict[str, Article] = {}
    out = []
    for a in articles:
        if a.outlet in seen:
            raise InputError(where, f"duplicate outlet name '{a.outlet}' in story '{a.story_id}'")
        seen[a.outlet] = a
        out.append(a)
    return tuple(out)


def _text_key(text: str) -> str:
    """What makes two versions "the same text": the decoded text with line endings unified and
    surrounding white space dropped (a copy saved with CRLF, or with a BOM, is still a copy), as
    a SHA-256 digest (a corpus scan keeps only this, not the text)."""
    norm = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip()
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


def _same_file(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return a == b


def _drop_repeated_texts(articles: tuple[Article, ...], meta_path: Path | None) -> tuple[Article, ...]:
    """Keep the first of versions with the same text (:func:`_text_key`), warning for each one
    skipped: the same file listed under two outlets, or two files with the same text, would
    otherwise count every fact, quote and label twice."""
    first: dict[str, Article] = {}
    out = []
    for a in articles:
        key = _text_key(a.text)
        kept = first.get(key)
        if kept is None:
            first[key] = a
            out.append(a)
        elif _same_file(kept.path, a.path) and meta_path is not None:
            warn(meta_path, f"file '{Path(a.path).name}' is listed for outlet '{kept.outlet}' and again for "
                            f"outlet '{a.outlet}': '{a.outlet}' skipped (a second copy would count every fact twice)")
        else:
            warn(a.path, f"same text as {kept.path} (outlet '{kept.outlet}'): outlet '{a.outlet}' skipped "
                         "(a second copy would count every fact twice)")
    return tuple(out)


def load_story(path: str | os.PathLike, *, max_chars: int = MAX_CHARS) -> Story:
    """Load a story folder.

    Parameters
    ----------
    path : path-like
        A folder with ``story.toml`` and one file per version, or a folder of ``.txt`` /
        ``.html`` files (one version each, outlet = file stem, story id = folder name).
    max_chars : int, default MAX_CHARS
        Refuse a version text longer than this.

    Returns
    -------
    Story
        Its versions in the order of ``story.toml`` (or of the file names).

    Raises
    ------
    InputError
        Missing folder, malformed ``story.toml``, missing or bad version files, duplicate
        outlet names, no versions.

    Warns
    -----
    FramingWarning
        For a version whose text is the same as an earlier one's (two copies of one file, or
        one file listed under two outlets): it is skipped, the first is kept.
    """
    folder = Path(path)
    if not folder.exists():
        raise InputError(folder, "no such story folder")
    if not folder.is_dir():
        raise InputError(folder, "not a folder (a story is a folder of files, or a .jsonl/.csv corpus)")
    meta_path = folder / "story.toml"
    if meta_path.exists():
        try:
            meta = tomllib.loads(_decode(meta_path.read_bytes(), meta_path))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(meta_path, f"malformed TOML ({exc})") from None
        story_meta = meta.get("story", {})
        if not isinstance(story_meta, dict):
            raise InputError(meta_path, "[story] must be a table")
        _check_fields(story_meta, _STORY_FIELDS, "[story]", meta_path)
        story_id = story_meta.get("id", folder.name)
        versions = meta.get("versions")
        if not isinstance(versions, list) or not versions:
            raise InputError(meta_path, "needs at least one [[versions]] table with 'outlet' and 'file'")
        articles = []
        for i, v in enumerate(versions, 1):
            if not isinstance(v, dict):
                raise InputError(meta_path, f"[[versions]] entry {i} is not a table")
            _check_fields(v, _VERSION_FIELDS, f"[[versions]] entry {i}", meta_path)
            for key in ("outlet", "file"):
                if not v.get(key, "").strip():
                    raise InputError(meta_path, f"[[versions]] entry {i} lacks '{key}'")
            file = folder / v["file"]
            # A story is self-contained: refuse "../elsewhere.txt" (and absolute paths), so that
            # copying or sharing the folder copies every version it names.
            if not file.resolve().is_relative_to(folder.resolve()):
                raise InputError(meta_path, f"[[versions]] entry {i}: file '{v['file']}' lies outside the story folder")
            articles.append(
                Article(
                    story_id=story_id,
                    outlet=v["outlet"].strip(),
                    text=read_text_file(file, max_chars=max_chars),
                    path=str(file),
                    title=v.get("title"),
                    date=v.get("date", story_meta.get("date")),
                    url=v.get("url"),
                    language=v.get("language", story_meta.get("language", "en")),
                    publisher=v.get("publisher"),
                    notes=v.get("notes"),
                )
            )
        title = story_meta.get("title")
    else:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in _TEXT_SUFFIXES | _HTML_SUFFIXES)
        files = [p for p in files if p.name.lower() != "readme.md"]
        if not files:
            raise InputError(folder, "no story.toml and no .txt or .html files")
        story_id, title = folder.name, None
        articles = [
            Article(story_id=story_id, outlet=p.stem, text=read_text_file(p, max_chars=max_chars), path=str(p))
            for p in files
        ]
    has_meta = meta_path.exists()
    versions = _unique_outlets(articles, meta_path if has_meta else folder)
    story = Story(id=story_id, title=title, versions=_drop_repeated_texts(versions, meta_path if has_meta else None),
                  path=str(folder))
    if len(story.versions) == 1:
        warn(folder, "story has one version: it is analysed, but nothing can be compared")
    return story


# --------------------------------------------------------------------------- corpus files


def _rows_jsonl(path: Path, max_chars: int) -> Iterator[tuple[int, dict]]:
    """Rows of a JSONL file, read line by line: a row too large for ``max_chars`` is refused
    after reading at most ``4 * max_chars`` bytes of it, never held whole in memory."""
    with open(path, "rb") as fh:
        head = fh.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            # UTF-16 has no byte-wise lines: decode the whole file (rare; size-checked below).
            fh.seek(0)
            lines = iter(_decode(fh.read(4 * max_chars + 1), path).splitlines(keepends=True))
            encoded = False
        else:
            fh.seek(3 if head.startswith(b"\xef\xbb\xbf") else 0)
            lines, encoded = fh, True
        cap = 4 * max_chars + 65536  # the text at four bytes a character, and the other fields
        fallback_warned = False
        lineno = 0
        while True:
            raw = lines.readline(cap + 1) if encoded else next(lines, "")
            if not raw:
                return
            lineno += 1
            if len(raw) > cap:
                raise InputError(path, f"line {lineno}: row of more than {cap} bytes is larger than the limit "
                                       f"of {max_chars} characters")
            if encoded:
                if b"\x00" in raw:
                    raise InputError(path, f"line {lineno}: binary data (NUL bytes), expected text")
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    try:
                        line, encoding = raw.decode("cp1252"), "cp1252"
                    except UnicodeDecodeError:
                        line, encoding = raw.decode("latin-1"), "latin-1"
                    if not fallback_warned:  # once per file, naming the first such line
                        warn(path, f"line {lineno}: not UTF-8, decoded as {encoding}")
                        fallback_warned = True
            else:
                line = raw
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(path, f"line {lineno}: malformed JSON ({exc.msg})") from None
            except RecursionError:
                raise InputError(path, f"line {lineno}: JSON nested too deeply") from None
            if not isinstance(row, dict):
                raise InputError(path, f"line {lineno}: expected a JSON object")
            yield lineno, row


def _rows_csv(path: Path, max_chars: int) -> Iterator[tuple[int, dict]]:
    text = _decode(path.read_bytes(), path)
    reader = csv.DictReader(text.splitlines(keepends=True))
    # The csv module refuses fields over 131,072 characters by default, shorter than an article
    # may be; the limit is process-wide, so it is raised only while this file is parsed.
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, 4 * max_chars))
    try:
        fields = set(reader.fieldnames or ())
        missing = {"story_id", "outlet"} - fields
        if missing:
            raise InputError(path, f"CSV lacks column(s) {', '.join(sorted(missing))}")
        if not fields & {"text", "html", "path"}:
            raise InputError(path, "CSV has no text, html or path column")
        rows = []
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(path, f"line {reader.line_num}: malformed CSV ({exc})") from None
            rows.append((reader.line_num, row))
    finally:
        csv.field_size_limit(old_limit)
    yield from rows


def _field(row: dict, key: str, path: Path, lineno: int, *, number_ok: bool = False) -> str | None:
    """``row[key]`` as a string (None when absent, null or empty); refuse lists, objects and
    booleans, and replace lone surrogates (valid JSON, not writable as UTF-8) with a warning."""
    value = row.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float) if number_ok else str):
        raise InputError(path, f"line {lineno}: field '{key}' must be a string, got {type(value).__name__}")
    value = str(value)
    if _SURROGATE.search(value):
        warn(path, f"line {lineno}: field '{key}' holds lone surrogate code points, replaced by U+FFFD")
        value = _SURROGATE.sub("\ufffd", value)
    return value


def iter_corpus_rows(path: str | os.PathLike, *, max_chars: int = MAX_CHARS) -> Iterator[Article]:
    """Yield the articles of a JSONL or CSV corpus file one by one, in file order.

    Parameters
    ----------
    path : str or path-like
        A ``.jsonl``/``.ndjson`` or ``.csv`` file with ``story_id``, ``outlet`` and ``text``,
        ``html`` or ``path`` fields.
    max_chars : int, default MAX_CHARS
        Refuse an article text longer than this (:class:`~framing.errors.InputError`).

    Yields
    ------
    Article
        One per row.

    Raises
    ------
    InputError
        For a missing file, an unknown format or a bad row.
    """
    for _, article in _numbered_rows(path, max_chars=max_chars):
        yield article


def _numbered_rows(path: str | os.PathLike, *, max_chars: int = MAX_CHARS) -> Iterator[tuple[int, Article]]:
    """:func:`iter_corpus_rows` with the line number of each row."""
    path = Path(path)
    _check_file(path)
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson"}:
        rows = _rows_jsonl(path, max_chars)
    elif suffix == ".csv":
        rows = _rows_csv(path, max_chars)
    else:
        raise InputError(path, "unknown corpus format (expected .jsonl or .csv, or a story folder)")
    for lineno, row in rows:

        def meta(key, number_ok=False):
            return _field(row, key, path, lineno, number_ok=number_ok)

        story_id = (meta("story_id", True) or "").strip()
        outlet = (meta("outlet", True) or "").strip()
        if not story_id or not outlet:
            raise InputError(path, f"line {lineno}: needs non-empty 'story_id' and 'outlet'")
        text, html, file = meta("text"), meta("html"), meta("path")
        if text:
            pass
        elif html:
            text = html_to_text(html, f"{path} line {lineno}")
        elif file:
            text = read_text_file(path.parent / file, max_chars=max_chars)
        else:
            raise InputError(path, f"line {lineno}: needs one of 'text', 'html' or 'path'")
        if not has_text(text):
            raise InputError(path, f"line {lineno}: empty text")
        if len(text) > max_chars:
            raise InputError(path, f"line {lineno}: text of {len(text)} characters is larger than the limit of {max_chars}")

        yield lineno, Article(
            story_id=story_id,
            outlet=outlet,
            text=text,
            path=str(path),
            title=meta("title"),
            date=meta("date", True),
            url=meta("url"),
            language=meta("language") or "en",
            publisher=meta("publisher"),
            notes=meta("notes"),
        )


class StorySource:
    """The stories of story folders and JSONL/CSV corpus files, read one story at a time.

    Constructing it reads every input once and raises :class:`~framing.errors.InputError` on
    bad input (before anything is analysed or written), keeping only story ids, outlet names
    and input paths. Iterating yields the stories in the order :func:`framing.corpus.load`
    gives them (first appearance), each built when it is needed.

    Parameters
    ----------
    paths : iterable of path-like
        Story folders and corpus files.
    max_chars : int
        Refuse versions longer than this.

    Attributes
    ----------
    story_ids : list of str
        In iteration order.
    n_versions : int
        Versions (articles) over all stories.
    input_paths : list of str
        Every file read (sorted), for the manifest.
    """

    def __init__(self, paths: Iterable[str | os.PathLike], *, max_chars: int = MAX_CHARS):
        self.max_chars = max_chars
        self._sources: list[tuple[Path, object]] = []  # (path, Story | (row story ids, repeated rows))
        self.story_ids: list[str] = []
        self.n_versions = 0
        files: set[str] = set()
        seen: dict[str, str] = {}
        for p in map(Path, paths):
            if p.is_dir():
                story = load_story(p, max_chars=max_chars)
                ids = [story.id]
                self.n_versions += len(story.versions)
                files |= {a.path for a in story.versions if a.path}
                if (p / "story.toml").exists():
                    files.add(str(p / "story.toml"))
                self._sources.append((p, story))
            elif p.exists() or p.is_symlink():
                row_ids: list[str] = []
                outlets: dict[str, dict[str, int]] = {}  # story -> outlet -> line
                texts: dict[str, dict[str, tuple[int, str]]] = {}  # story -> text key -> (line, outlet)
                skip: set[int] = set()  # rows (0-based, in file order) repeating an earlier text
                repeats: list[str] = []  # their warnings, given once the whole file is known good
                for i, (lineno, a) in enumerate(_numbered_rows(p, max_chars=max_chars)):
                    row_ids.append(a.story_id)
                    names = outlets.setdefault(a.story_id, {})
                    if a.outlet in names:
                        raise InputError(p, f"line {lineno}: duplicate outlet name '{a.outlet}' in story "
                                            f"'{a.story_id}' (first at line {names[a.outlet]})")
                    names[a.outlet] = lineno
                    first = texts.setdefault(a.story_id, {}).setdefault(_text_key(a.text), (lineno, a.outlet))
                    if first[0] != lineno:
                        skip.add(i)
                        repeats.append(f"line {lineno}: outlet '{a.outlet}' has the same text as outlet "
                                       f"'{first[1]}' (line {first[0]}) in story '{a.story_id}': '{a.outlet}' "
                                       "skipped (a second copy would count every fact twice)")
                    if a.path:
                        files.add(a.path)
                if not row_ids:
                    raise InputError(p, "corpus has no rows")
                ids = list(outlets)
                for message in repeats:
                    warn(p, message)
                self.n_versions += len(row_ids) - len(skip)
                for sid, by_text in texts.items():
                    if len(by_text) == 1:
                        warn(p, f"story '{sid}' has one version: it is analysed, but nothing can be compared")
                self._sources.append((p, (row_ids, skip)))
            else:
                raise InputError(p, "no such file or folder")
            for sid in ids:
                if sid in seen:
                    again = _same_file(seen[sid], str(p))
                    raise InputError(p, f"story id '{sid}' also comes from {seen[sid]}"
                                        + (" (the same input given twice)" if again else ""))
                seen[sid] = str(p)
            self.story_ids += ids
        self.input_paths = sorted(files)

    def __len__(self) -> int:
        return len(self.story_ids)

    def __iter__(self) -> Iterator[Story]:
        for path, spec in self._sources:
            if isinstance(spec, Story):
                yield spec
            else:
                yield from self._corpus_stories(path, spec)

    def _corpus_stories(self, path: Path, spec: tuple[list[str], set[int]]) -> Iterator[Story]:
        # A story is complete after its last row; stories are yielded in order of first
        # appearance, so only the stories still open at the current row are buffered (one,
        # for a file that keeps each story's rows together).
        row_ids, skip = spec  # skip: rows whose text repeats an earlier row's (warned about already)
        last = {sid: i for i, sid in enumerate(row_ids)}
        order = list(dict.fromkeys(row_ids))
        head = 0
        open_: dict[str, list[Article]] = {}
        rows = iter_corpus_rows(path, max_chars=self.max_chars)
        for i in range(len(row_ids)):
            with warnings.catch_warnings():  # already reported when the source was checked
                warnings.simplefilter("ignore", FramingWarning)
                article = next(rows)
            if i not in skip:
                open_.setdefault(article.story_id, []).append(article)
            while head < len(order) and last[order[head]] <= i:
                sid = order[head]
                head += 1
                yield Story(id=sid, title=None, versions=tuple(open_.pop(sid)), path=str(path))


def load_corpus(path: str | os.PathLike, *, max_chars: int = MAX_CHARS) -> Corpus:
    """Load a JSONL or CSV corpus; rows are grouped into stories by ``story_id``.

    Stories keep the order in which their first row appears; versions keep file order. The
    checks are :class:`StorySource`'s (the file is read once to check it, once to build).

    Parameters
    ----------
    path : str or path-like
        A ``.jsonl``/``.ndjson`` or ``.csv`` corpus file.
    max_chars : int, default MAX_CHARS
        Refuse an article text longer than this (:class:`~framing.errors.InputError`).

    Returns
    -------
    Corpus
        Its stories.
    """
    _check_file(Path(path))
    return Corpus(tuple(StorySource([path], max_chars=max_chars)))


def load(paths: Iterable[str | os.PathLike], *, max_chars: int = MAX_CHARS) -> Corpus:
    """Load story folders and corpus files into one :class:`Corpus`.

    Parameters
    ----------
    paths : iterable of str or path-like
        Story folders and corpus files, in the order their stories are wanted.
    max_chars : int, default MAX_CHARS
        Refuse an article text longer than this (:class:`~framing.errors.InputError`).

    Returns
    -------
    Corpus
        All their stories.

    Raises
    ------
    InputError
        On any bad input, or when two sources hold the same story id.
    """
    return Corpus(tuple(StorySource(paths, max_chars=max_chars)))
