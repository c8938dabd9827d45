"""Quotations across the versions of one story: who speaks, and which remark is which.

* :func:`resolve_speakers` gives every quote a ``speaker_id`` that is the same for one speaker
  in every version: name variants ("Andrei"/"Andrey Rudenko") by surname and edit similarity,
  titles stripped, "the ministry" resolved to the organisation named earlier in the version,
  pronouns to the nearest preceding person, continued quotes to the previous speaker.
* :func:`group_speakers` puts each ``speaker_id`` in a group (officials of each side,
  anonymous, experts, ...) read from an editable per-story ``speakers.tsv``.
* :func:`align_quotes` gives the same ``quote_group`` to one remark in different versions,
  even when two outlets translate it differently: speaker and content together.
* :func:`compare_quotes` runs all of it and returns one :class:`QuoteRow` per quote;
  :func:`quote_shares` and :func:`unique_quotes` summarise per version.
"""

from __future__ import annotations

__all__ = [
    "QuoteRow",
    "resolve_speakers",
    "group_speakers",
    "read_speaker_groups",
    "align_quotes",
    "compare_quotes",
    "quote_shares",
    "unique_quotes",
    "affiliations",
    "compatible_speakers",
]

import csv
import re
from itertools import chain
from functools import lru_cache
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path
from typing import NamedTuple, Sequence


from ..segment import count_words
from ..document import Document
from ..errors import InputError
from ..features.quotes import Quote, find_quotes, is_anonymous, speaker_words


class QuoteRow(NamedTuple):
    """One quotation of one version, with its cross-version ids (the ``quotes.csv`` row)."""

    story_id: str
    outlet: str
    quote_id: str
    start: int
    end: int
    kind: str
    speaker: str
    speaker_id: str
    cue: str
    quote_group: str
    text: str
    speaker_group: str
    anonymous: bool


# --------------------------------------------------------------------------- names

_WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")
# Function words inside organisation names ("Ministry of Foreign Affairs").
_GENERIC_ORG = frozenset({"of", "affairs", "and", "for"})
_DETS = frozenset("the a an this that its his her their our".split())


@lru_cache(maxsize=1 << 16)
def _fold(s: str) -> str:
    """Lower-case, accents and typographic apostrophes folded ("Andréi’s" -> "andrei's").
    Cached: speaker matching folds the same few names many times over."""
    if s.isascii():  # speed: nothing to decompose or strip
        return s.lower()
    s = unicodedata.normalize("NFKD", s)
    # the combining marks among the distinct characters, deleted all at once (a test per
    # distinct character, not per character: a quotation is mostly ASCII and curly quotes)
    marks = {ord(ch): None for ch in set(s) if unicodedata.combining(ch)}
    return (s.translate(marks) if marks else s).lower().replace("’", "'")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(words: Sequence[str]) -> str:
    return "-".join(x for x in (_NOT_SLUG.sub("", _fold(w)) for w in words) if x)


class _Mention(NamedTuple):
    kind: str  # name | org | pronoun | anonymous | none
    words: tuple[str, ...]  # name words (titles, determiners, possessives stripped), original case
    head: str  # org head word ("ministry") for org mentions


# (speaker, id(words)) -> (words, mention): each speaker is analysed once. The entry holds
# ``words`` itself, so that object stays alive and its id cannot be reused by another while the
# entry exists (and a hit checks it is the same object). Reads and writes are single dict
# operations, so another thread's clear() only costs a recomputation.
_ANALYSED: dict = {}


def _analyse(speaker: str, words: dict) -> _Mention:
    hit = _ANALYSED.get((speaker, id(words)))
    if hit is not None and hit[0] is words:
        return hit[1]
    if len(_ANALYSED) > 1 << 16:
        _ANALYSED.clear()
    m = _analyse_uncached(speaker, words)
    _ANALYSED[(speaker, id(words))] = (words, m)
    return m


def _analyse_uncached(speaker: str, words: dict) -> _Mention:
    if not speaker:
        return _Mention("none", (), "")
    toks = _WORD.findall(speaker)
    low = [_fold(t) for t in toks]
    if len(low) == 1 and low[0] in words.get("pronoun", ()):
        return _Mention("pronoun", (low[0],), "")
    # "Beijing's security office in Hong Kong", "the Taliban administration in Kabul": the
    # place phrase is not part of the name
    cut = re.search(r"\s(?:in|at|from|on|for|with)\s", speaker)
    if cut and any(_fold(w) in words.get("org", ()) | words.get("anonymous", ()) for w in _WORD.findall(speaker[: cut.start()])) and (
        _org_key(tuple(_WORD.findall(speaker[: cut.start()])), words) or is_anonymous(speaker[: cut.start()], words)
    ):
        speaker = speaker[: cut.start()]
        toks = _WORD.findall(speaker)
        low = [_fold(t) for t in toks]
    if is_anonymous(speaker, words):
        return _Mention("anonymous", tuple(t for t, l in zip(toks, low) if l not in _DETS), "")
    orgs = words.get("org", frozenset())
    org_heads = [l for l in low if l in orgs]
    titles = words.get("title", frozenset())
    # possessive "Russia's foreign ministry" -> "Russia foreign ministry"
    clean = [re.sub(r"['’]s$", "", t) for t in toks]
    last_is_name = bool(toks) and toks[-1][:1].isupper() and low[-1] not in orgs | _GENERIC_ORG and low[-1] not in words.get("title", ())
    if org_heads and not last_is_name:
        kept = tuple(t for t in clean if _fold(t) not in _DETS)
        return _Mention("org", kept, org_heads[-1])
    # a person: the capitalised run nearest the end, titles stripped ("Afghan Foreign Minister
    # Amir Khan Muttaqi" -> Amir Khan Muttaqi; "A resident ... named Cheng" -> Cheng)
    name = []
    for t in reversed(clean):
        if t[:1].isupper() and _fold(t) not in titles:
            name.append(t)
        elif name:
            break
    name.reverse()
    if name:
        return _Mention("name", tuple(name), "")
    kept = tuple(t for t in clean if _fold(t) not in _DETS)
    return _Mention("org" if kept else "none", kept, kept[-1].lower() if kept else "")


@lru_cache(maxsize=1 << 16)
def _tok_sim(a: str, b: str) -> float:
    # cached: the same surnames are compared for every quote of every version
    a, b = _fold(a), _fold(b)
    return SequenceMatcher(None, a, b).ratio()


@lru_cache(maxsize=1 << 16)
def _too_far(a: str, b: str, threshold: float) -> bool:
    """True when ``_tok_sim(a, b) < threshold`` follows from the lengths alone: the ratio is
    2 * matches / (len(a) + len(b)) and matches <= the shorter length (difflib's
    ``real_quick_ratio``). False means "compute it"."""
    la, lb = len(_fold(a)), len(_fold(b))
    return la + lb > 0 and 2.0 * min(la, lb) / (la + lb) < threshold


def _same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same surname (edit-similar), and first names compatible when both are given."""
    if not a or not b:
        return False
    if _too_far(a[-1], b[-1], 0.85) or _tok_sim(a[-1], b[-1]) < 0.85:
        return False
    if len(a) > 1 and len(b) > 1:
        return _tok_sim(a[0], b[0]) >= 0.7 or _fold(a[0])[0] == _fold(b[0])[0] and (len(a[0]) <= 2 or len(b[0]) <= 2)
    return True


def _org_key(words_: tuple[str, ...], words: dict) -> frozenset[str]:
    """Distinguishing words of an organisation (nation, name), stemmed to five letters so that
    "Russia's", "Russian" and "Russia" agree; generic words (ministry, foreign, affairs) dropped."""
    generic = words.get("org", frozenset()) | words.get("title", frozenset()) | _GENERIC_ORG
    return frozenset(_fold(w)[:5] for w in words_ if _fold(w) not in generic)


def _same_org(a: _Mention, b: _Mention, words: dict, keys: dict | None = None) -> bool:
    if a.head != b.head and not ({a.head, b.head} <= {"ministry", "statement", "government", "office", "spokesperson"}):
        return False
    if keys is None:
        return _org_key(a.words, words) == _org_key(b.words, words)
    for m in (a, b):
        if m.words not in keys:
            keys[m.words] = _org_key(m.words, words)
    return keys[a.words] == keys[b.words]


# --------------------------------------------------------------------------- resolution


def _resolve_in_doc(doc: Document, quotes: Sequence[Quote], words: dict) -> list[_Mention]:
    """Mentions of each quote's speaker, with pronouns and "the ministry" resolved inside the
    version (to the nearest preceding fitting mention)."""
    out: list[_Mention] = []
    # names that look like people: two words somewhere, or a first name before them in the text
    # (keeps "Moscow" or "Kabul" out of pronoun resolution)
    first_named: dict[str, bool] = {}  # surname -> a first name stands before it in the text
    person_cache: dict = {}  # per-sentence searches of this version, done once
    before_cache: dict = {}

    def has_first_name(last: str) -> bool:
        if last not in first_named:
            first_named[last] = _first_name_before(doc.text, last)
        return first_named[last]

    persons = [
        m
        for m in (_analyse(q.speaker, words) for q in quotes)
        if m.kind == "name" and (len(m.words) >= 2 or has_first_name(m.words[-1]))
    ]
    for q in quotes:
        m = _analyse(q.speaker, words)
        if m.kind == "pronoun":
            want = ("name",) if m.words[0] in ("he", "she", "i") else ("org", "name", "anonymous")
            if m.words[0] == "it":
                want = ("org",)
            found = None
            if want == ("name",):
                found = _person_before(doc, q.speaker_start, persons, person_cache)
            if found is None:
                found = next((p for p in reversed(out) if p.kind in want), None)
            if found is None and want == ("name",):
                found = _name_before(doc, q.speaker_start, words, before_cache)
            m = found or _Mention("none", (), "")
        elif m.kind == "org" and len(_org_key(m.words, words)) == 0:
            # "the ministry", "the statement", "the office": the organisation named before
            found = next((p for p in reversed(out) if p.kind == "org" and p.head == m.head and _org_key(p.words, words)), None)
            if found is None and m.head in ("statement", "spokesperson"):
                found = next((p for p in reversed(out) if p.kind == "org" and _org_key(p.words, words)), None)
            if found is None:
                found = _org_before(doc, q.speaker_start, m.head, words, before_cache)
            if found is not None:
                m = found
        out.append(m)
    return out


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what \w matches in a str pattern


def _first_name_before(text: str, last: str) -> bool:
    """``re.search(r"\\b[A-Z][a-z]+ " + re.escape(last) + r"\\b", text) is not None``, found
    from the literal " <last>" (a pattern opening with a character class makes the regex
    engine try every position of the text)."""
    needle = " " + last
    # \b after the surname: a word character on exactly one side
    end_word = bool(last) and _is_word_char(last[-1])
    i = text.find(needle)
    while i >= 0:
        j = i + len(needle)
        if end_word != (j < len(text) and _is_word_char(text[j])):
            k = i
            while k > 0 and "a" <= text[k - 1] <= "z":
                k -= 1
            if k < i and k > 0 and "A" <= text[k - 1] <= "Z" and (k == 1 or not _is_word_char(text[k - 2])):
                return True
        i = text.find(needle, i + 1)
    return False


@lru_cache(maxsize=4096)
def _surname_pattern(last: str) -> re.Pattern:
    return re.compile(r"\b" + re.escape(last) + r"\b")


def _person_before(doc: Document, pos: int, persons: Sequence[_Mention], cache: dict | None = None) -> _Mention | None:
    """The person (among the version's named speakers) mentioned last before ``pos``:
    "he" goes to the nearest preceding person, not merely the previous quote's speaker.

    ``cache`` (one dict per document) keeps, per surname, the last mention in each whole kept
    sentence; only the sentence cut by ``pos`` is searched again."""
    best, best_pos = None, -1
    cache = {} if cache is None else cache
    done = set()  # surnames looked at: a later person of one surname finds the same mention, never a later one
    for m in persons:
        last = m.words[-1]
        if last in done:
            continue
        done.add(last)
        pat = _surname_pattern(last)
        whole = cache.get(last)
        if whole is None:
            whole = cache[last] = [[s.start, s.end, None] for s in doc.kept_sentences]
        mine = -1
        for entry in whole:
            lo, hi, at = entry
            if lo >= pos:
                continue
            if hi > pos:  # the sentence cut at pos: search what is before it
                at = _last_start(pat, doc.text, lo, pos, last)
            elif at is None:
                at = entry[2] = _last_start(pat, doc.text, lo, hi, last)
            mine = max(mine, at)
        if mine > best_pos:
            best, best_pos = m, mine
    return best


def _last_start(pat: re.Pattern, text: str, lo: int, hi: int, literal: str = "") -> int:
    """Start of the last match of ``pat`` in ``text[lo:hi]``, -1 if none. A ``literal`` that
    every match contains is looked for first: ``str.find`` rules out most sentences faster."""
    if literal and text.find(literal, lo, hi) < 0:
        return -1
    at = -1
    for hit in pat.finditer(text, lo, hi):
        at = hit.start()
    return at


def _before(doc: Document, pos: int, last_in, key, cache: dict | None) -> _Mention | None:
    """The last mention (``last_in(chunk)``: the last one in a piece of text, or None) in the
    kept sentences before ``pos``. Whole sentences are looked at once per ``key`` when a
    ``cache`` (one dict per document) is given; the sentence cut by ``pos`` each time.

    The patterns used have no assertion at their end, so a match inside a whole sentence that
    ends before ``pos`` is the match the cut text gives too."""
    text = doc.text
    whole = None if cache is None else cache.get(key)
    if whole is None:
        whole = [[s.start, s.end, _UNSEEN] for s in doc.kept_sentences]
        if cache is not None:
            cache[key] = whole
    best = None
    for entry in whole:
        lo, hi, found = entry
        if lo >= pos:
            break
        if hi > pos:
            found = last_in(text[lo:pos])
        elif found is _UNSEEN:
            found = entry[2] = last_in(text[lo:hi])
        if found is not None:
            best = found
    return best


_UNSEEN = object()


_NAME_RUN = re.compile(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3}")


def _name_before(doc: Document, pos: int, words: dict, cache: dict | None = None) -> _Mention | None:
    """The last capitalised name before ``pos`` in the kept text that is not an organisation
    ("Trump spoke to reporters. ... he said" -> Trump)."""
    titles = words.get("title", frozenset())
    skip = words.get("org", frozenset()) | words.get("anonymous", frozenset()) | words.get("pronoun", frozenset()) | _DETS

    def last_in(chunk: str) -> _Mention | None:
        best = None
        for m in _NAME_RUN.finditer(chunk):
            parts = [re.sub(r"['’]s$", "", w) for w in m.group(0).split()]
            if any(_fold(w) in skip for w in parts):
                continue
            parts = [w for w in parts if _fold(w) not in titles]
            if parts:
                best = _Mention("name", tuple(parts), "")
        return best

    return _before(doc, pos, last_in, ("name",), cache)


@lru_cache(maxsize=256)
def _org_pattern(head: str) -> tuple[re.Pattern, re.Pattern]:
    # (the pattern, its head alone): a sentence without the head cannot match, and the head
    # alone is found far faster than the pattern, which is tried at every letter
    return (re.compile(r"((?:[A-Z][\w’'-]+\s+){1,4})" + re.escape(head), re.IGNORECASE),
            re.compile(re.escape(head), re.IGNORECASE))


def _org_before(doc: Document, pos: int, head: str, words: dict, cache: dict | None = None) -> _Mention | None:
    """The last "<Name> <head>" (e.g. "Russian Foreign Ministry") before ``pos``."""
    pat, head_only = _org_pattern(head)

    def last_in(chunk: str) -> _Mention | None:
        best = None
        if head_only.search(chunk) is None:
            return None
        for m in pat.finditer(chunk):
            ws = tuple(re.sub(r"['’]s$", "", w) for w in m.group(1).split() if w[:1].isupper() and _fold(w) not in _DETS)
            if ws and _org_key(ws, words):
                best = _Mention("org", ws + (head,), head)
        return best

    return _before(doc, pos, last_in, ("org", head), cache)


def resolve_speakers(docs: Sequence[Document], quotes: Sequence[Sequence[Quote]], *, words=None) -> list[list[str]]:
    """A ``speaker_id`` for every quote, the same for one speaker across versions.

    Parameters
    ----------
    docs : sequence of Document
        The versions of one story.
    quotes : sequence of sequence of Quote
        ``find_quotes(doc)`` for each version, in the same order.
    words : path-like or None
        Speaker-word lexicon (titles, pronouns, organisation heads); default the shipped one.

    Returns
    -------
    list of list of str
        Per version, per quote: an id such as ``amir-khan-muttaqi``, ``russia-foreign-ministry``
        or ``us-officials``; ``""`` when the quote has no speaker.
    """
    words = speaker_words() if words is None else speaker_words(str(words))
    mentions = [_resolve_in_doc(d, qs, words) for d, qs in zip(docs, quotes)]
    # the clusters: per cluster, its members' distinct (kind, words, head), in order of first
    # appearance; the tests below depend on nothing else, so a member repeating an earlier
    # one's words need not be tested again
    distinct: list[dict] = []
    assign: list[list[int]] = []
    org_keys: dict = {}  # organisation key per name tuple, computed once
    slugs: dict = {}  # slug per anonymous-source word tuple, computed once
    of_kind: dict[str, list[int]] = {}  # the clusters of each kind (their first member's), in order
    for ms in mentions:
        row = []
        for m in ms:
            if m.kind == "none" or not m.words:
                row.append(-1)
                continue
            hit = -1
            for ci in of_kind.get(m.kind, ()):
                seen = distinct[ci]
                if m in seen:
                    hit = ci  # a member with the same words: each test below holds for a pair of equals
                elif m.kind == "name" and any(_same_person(x.words, m.words) for x in seen):
                    hit = ci
                elif m.kind == "org" and any(_same_org(x, m, words, org_keys) for x in seen):
                    hit = ci
                elif m.kind == "anonymous":
                    for x in (m, *seen):
                        if x.words not in slugs:
                            slugs[x.words] = _slug(x.words)
                    if any(slugs[x.words] == slugs[m.words] for x in seen):
                        hit = ci
                if hit >= 0:
                    break
            if hit < 0:
                distinct.append({m: None})
                hit = len(distinct) - 1
                of_kind.setdefault(m.kind, []).append(hit)
            else:
                distinct[hit].setdefault(m, None)
            row.append(hit)
        assign.append(row)
    ids = []
    for ci in range(len(distinct)):
        # (over the distinct members, in order of first appearance: the same first maximum)
        rep = max(distinct[ci], key=lambda x: (len(x.words), _slug(x.words)))
        words_ = rep.words
        ids.append(_slug(words_) or f"speaker-{ci}")
    # two clusters with the same slug stay apart
    seen: dict[str, int] = {}
    for ci, sid in enumerate(ids):
        if sid in seen and seen[sid] != ci:
            ids[ci] = f"{sid}-{ci}"
        seen.setdefault(ids[ci], ci)
    return [[ids[c] if c >= 0 else "" for c in row] for row in assign]


# --------------------------------------------------------------------------- groups


def read_speaker_groups(path) -> dict[str, str]:
    """Read a ``speakers.tsv`` (columns ``speaker_id``, ``group``; ``#`` lines are comments).

    Parameters
    ----------
    path : str or path-like
        The file; a first row ``speaker_id<TAB>group`` is a header.

    Returns
    -------
    dict of str to str
        ``speaker_id`` -> group.

    Raises
    ------
    InputError
        If the file cannot be read or a row has fewer than two columns.
    """
    path = Path(path)
    out: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    rows = [l for l in lines if l.strip() and not l.lstrip().startswith("#")]
    for i, row in enumerate(csv.reader(rows, delimiter="\t")):
        if i == 0 and row[:2] == ["speaker_id", "group"]:
            continue
        if len(row) < 2:
            raise InputError(path, f"row {i + 1}: expected two tab-separated columns speaker_id, group")
        out[row[0].strip()] = row[1].strip()
    return out


def group_speakers(speaker_ids: Sequence[str], anonymous: Sequence[bool], groups: dict | str | Path | None = None) -> list[str]:
    """A speaker group per quote: from ``groups``, else ``anonymous`` for an anonymous source,
    ``unknown`` for no speaker, ``ungrouped`` otherwise.

    Parameters
    ----------
    speaker_ids : sequence of str
        The quotes' ``speaker_id`` (empty for no speaker).
    anonymous : sequence of bool
        Whether each quote's speaker is anonymous.
    groups : dict, str, path-like or None, optional
        ``speaker_id`` -> group, or the path of a ``speakers.tsv`` (:func:`read_speaker_groups`).

    Returns
    -------
    list of str
        One group per quote, in order.
    """
    if groups is not None and not isinstance(groups, dict):
        groups = read_speaker_groups(groups)
    groups = groups or {}
    out = []
    for sid, anon in zip(speaker_ids, anonymous):
        if sid in groups:
            out.append(groups[sid])
        elif anon:
            out.append("anonymous")
        elif not sid:
            out.append("unknown")
        else:
            out.append("ungrouped")
    return out


# --------------------------------------------------------------------------- affiliation


@lru_cache(maxsize=2)
def _affiliation_map(name: str = "speaker_affiliation.tsv") -> dict[str, frozenset[str]]:
    from ..lexicons import read_lexicon

    return {row[0].lower(): frozenset(h.strip() for h in row[1].split(",")) for row in read_lexicon(name) if len(row) >= 2}


def _stems(ws, drop) -> frozenset[str]:
    return frozenset(_fold(w)[:5] for w in ws if _fold(w) not in drop)


def affiliations(speaker: str, words: dict | None = None) -> frozenset[tuple[str, frozenset[str]]]:
    """The organisations a speaker mention speaks for, as ``(head, stems)`` pairs.

    An organisation mention is its own affiliation ("Afghanistan's foreign ministry" ->
    ``("ministry", {"afgha", "forei"})``). A person's title says whom they speak for: "Afghan
    Foreign Minister Amir Khan Muttaqi" -> ``("ministry", {"afgha", "forei"})`` (title word ->
    organisation head from ``speaker_affiliation.tsv``; the other title words, stemmed to five
    letters, must then agree); "Russian Foreign Ministry spokeswoman Maria Zakharova" ->
    ``("ministry", {"russi", "forei"})``. Empty when nothing qualifies the organisation (a bare
    "the minister" could be anyone's).

    Parameters
    ----------
    speaker : str
        A speaker mention as written.
    words : dict, optional
        :func:`~framing.features.quotes.speaker_words` output; default the shipped list.

    Returns
    -------
    frozenset of (str, frozenset of str)
        ``(organisation head, stems of its qualifying words)`` pairs.
    """
    words = speaker_words() if words is None else words
    m = _analyse(speaker, words)
    orgs = words.get("org", frozenset())
    generic = _DETS | _GENERIC_ORG
    if m.kind == "org" and m.head:
        st = _stems(m.words, generic | {m.head})
        return frozenset({(m.head, st)}) if st else frozenset()
    if m.kind != "name":
        return frozenset()
    toks = [re.sub(r"['’]s$", "", t) for t in _WORD.findall(speaker)]
    # the title part: the words before the name
    k = len(toks) - len(m.words)
    while k > 0 and tuple(toks[k : k + len(m.words)]) != m.words:
        k -= 1
    prefix = toks[:k]
    amap = _affiliation_map()
    titles = words.get("title", frozenset())
    out = set()
    for i, w in enumerate(prefix):
        lw = _fold(w)
        if lw in orgs:  # "Foreign Ministry spokeswoman X": the organisation is in the title
            st = _stems(prefix[:i], generic | titles - {"foreign", "state"})
            if st:
                out.add((lw, st))
        elif lw in amap:
            st = _stems(prefix[:i], generic | {lw, "former", "acting", "deputy", "vice"})
            if st:
                out.update((h, st) for h in amap[lw])
    return frozenset(out)


def collective_affiliations(speaker: str, words: dict | None = None) -> frozenset[tuple[str, frozenset[str]]]:
    """The organisations a collective source may speak for, as ``(head, qualifier stems)``.

    "Russian officials" -> ``("ministry", {"russi"})``, ``("government", {"russi"})``, ...: the
    collective's head noun (``collective_sources.tsv``) gives the kinds of organisation, the word
    before it says whose (of one or two words before the head: "senior Russian officials").
    Empty for anything else: a named person, an organisation ("the ministry"), an unqualified
    "officials", a long description ("people familiar with the talks"), a source that only
    comments ("analysts").

    Parameters
    ----------
    speaker : str
        A speaker mention as written.
    words : dict, optional
        :func:`~framing.features.quotes.speaker_words` output; default the shipped list.

    Returns
    -------
    frozenset of (str, frozenset of str)
    """
    words = speaker_words() if words is None else words
    m = _analyse(speaker, words)
    # ("Administration officials" reads as an organisation: its qualifier is an org word)
    if m.kind not in ("anonymous", "org") or not m.words:
        return frozenset()
    heads = _collective_map()
    *qualifier, head = m.words
    heads_of = heads.get(_fold(head))
    if not heads_of or not 1 <= len(qualifier) <= 2:
        return frozenset()
    # the word next to the head says whose ("senior Russian officials": Russian); a word before
    # it ranks them ("senior", "top")
    st = _stems(qualifier[-1:], _DETS | _GENERIC_ORG)
    return frozenset((h, st) for h in heads_of) if st else frozenset()


def _collective_map() -> dict[str, frozenset[str]]:
    return _affiliation_map("collective_sources.tsv")  # (same two-column layout, cached there)


def _own_organisation(speaker: str, words: dict) -> frozenset[tuple[str, frozenset[str]]]:
    """The organisation a bare organisation mention names, its own head among its stems ("the
    administration" -> ``("administration", {"admin"})``): what it speaks for besides its
    :func:`affiliations` (which leave an unqualified organisation out)."""
    m = _analyse(speaker, words)
    if m.kind == "org" and m.head:
        return frozenset({(m.head, _stems(m.words, _DETS | _GENERIC_ORG))})
    return frozenset()


def compatible_speakers(speakers: Sequence[str], speaker_ids: Sequence[str], words=None) -> set[frozenset[str]]:
    """Pairs of distinct ``speaker_id`` that speak for the same organisation (a minister and
    their ministry): the union of :func:`affiliations` over each id's mentions must share a pair.
    A collective source is related to an organisation, or a member of one, of a kind it speaks
    for whose qualifiers include its own (:func:`collective_affiliations`: "Russian officials"
    and "Russia's foreign ministry", "administration officials" and "the administration").

    Parameters
    ----------
    speakers : sequence of str
        Speaker mentions as written, one per quote.
    speaker_ids : sequence of str
        Their ``speaker_id`` (same length; empty for no speaker).
    words : str, path-like or None, optional
        A speaker-word lexicon like ``quote_speaker_words.tsv``; default the shipped one.

    Returns
    -------
    set of frozenset of str
        The compatible pairs, each a two-id frozenset.
    """
    words = speaker_words() if words is None else speaker_words(str(words))
    by_id: dict[str, set] = {}
    scope: dict[str, set] = {}  # affiliations plus the organisation a mention itself names
    collective: dict[str, set] = {}
    for sp, sid in dict.fromkeys(zip(speakers, speaker_ids)):  # each mention once: the sets are unions
        if sid and sp:
            aff = affiliations(sp, words)
            by_id.setdefault(sid, set()).update(aff)
            scope.setdefault(sid, set()).update(aff | _own_organisation(sp, words))
            collective.setdefault(sid, set()).update(collective_affiliations(sp, words))
    ids = sorted(i for i in by_id if by_id[i])
    out = {frozenset((a, b)) for x, a in enumerate(ids) for b in ids[x + 1 :] if by_id[a] & by_id[b]}
    for a in sorted(i for i in collective if collective[i]):
        for b in sorted(scope):
            if b != a and any(h == h2 and _covers(st, st2, h2) for h, st in collective[a] for h2, st2 in scope[b]):
                out.add(frozenset((a, b)))
    return out


def _covers(collective: frozenset[str], other: frozenset[str], head: str) -> bool:
    """Whether a collective qualified by ``collective`` (stems) speaks for an organisation of
    head ``head`` qualified by ``other``: "Russian officials" for "the Russian Ministry of
    Foreign Affairs" (the qualifier among the other's). When the qualifier is the organisation
    word itself ("Administration officials", "Ministry officials"), the other must add no
    qualifier of its own: "The administration", not "the Taliban administration"."""
    own = head[:5]
    if own in collective:
        return other - {own} <= collective
    return collective <= other


# --------------------------------------------------------------------------- alignment


def _content_words(text: str) -> frozenset[str]:
    """Words of four or more letters, folded, with a possessive or plural ending removed: two
    translations of one remark often differ only in number ("an example for others" / "for
    other countries", "our allies" / "an ally")."""
    return _content_words_of([text])[text]


def _content_words_of(texts: Sequence[str]) -> dict[str, frozenset[str]]:
    """:func:`_content_words` of each distinct text, each distinct word of them read once (the
    quotes of one story repeat their words)."""
    found = {t: _WORD.findall(t) for t in texts}
    content = {}  # word as written -> its content word, None for a short one
    for x in set(chain.from_iterable(found.values())):
        w = _fold(x)
        content[x] = _singular(w) if len(w) > 3 else None
    # (a content word is never empty: a word of four or more letters loses at most "'s" and a
    # plural ending, so filter(None) drops only the short words)
    return {t: frozenset(filter(None, map(content.__getitem__, ws))) for t, ws in found.items()}


def _key_words(words: frozenset[str]) -> frozenset[str]:
    """``_content_words`` without English stop words ("will", "would", "this", "others"):
    the words that say what a remark is about."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return words - ENGLISH_STOP_WORDS


def _singular(w: str) -> str:
    """``w`` without "'s", and without a plural ending when at least four letters remain
    ("allies" -> "ally", "others" -> "other"; "this", "news", "class" unchanged)."""
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 5 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=1 << 16)
def _word_ngrams(w: str) -> tuple[str, ...]:
    """Character 3- to 5-grams of one word padded with spaces, exactly as scikit-learn's
    ``char_wb`` analyzer makes them (a word shorter than n is counted once, whole)."""
    w = " " + w + " "
    w_len = len(w)
    out = []
    for n in (3, 4, 5):
        offset = 0
        out.append(w[offset : offset + n])
        while offset + n < w_len:
            offset += 1
            out.append(w[offset : offset + n])
        if offset == 0:
            break
    return tuple(out)


def _char_wb_counts(texts: Sequence[str], sorted_columns: bool = True):
    """The count matrix of ``CountVectorizer(analyzer="char_wb", ngram_range=(3, 5))``, or None
    when there is no n-gram.

    Speed: n-grams are made once per distinct word; each word occurrence then takes its word's
    n-gram numbers (an array gather) and scipy sums the duplicates of each text's row, where
    scikit-learn makes them per occurrence and counts them in a Python loop. The
    matrix is built to be array-for-array the one scikit-learn builds (columns numbered in
    sorted n-gram order, each row's entries stored in order of the n-gram's first appearance
    in the corpus, float64), so TF-IDF weights and cosines are bit-identical.

    ``sorted_columns=False`` numbers the columns by first appearance instead, sparing the sort
    of every n-gram: the entries, and their order within each row, are the same, so the TF-IDF
    weights and the cosines (``X @ X.T`` sums each pair's products in the order of the row's
    entries; the column numbers only say which entries meet) are bit-identical too.
    """
    import numpy as np
    import pandas as pd
    import scipy.sparse as sp

    tokens = [t.lower().split() for t in texts]  # the analyzer's lower-casing and whitespace split
    flat = list(chain.from_iterable(tokens))
    if not flat:
        return None
    # distinct words numbered in order of first appearance (pandas' hash table, in C)
    word_ids, words = pd.factorize(np.array(flat, dtype=object))
    words = words.tolist()
    grams = [_word_ngrams(w) for w in words]
    # a word's first occurrence holds the first appearance of each of its n-grams: numbering
    # the n-grams of the distinct words in order numbers them by first appearance in the corpus
    gram_ids, distinct = pd.factorize(np.array(list(chain.from_iterable(grams)), dtype=object))
    n_grams = len(distinct)
    column = None  # first appearance -> column number, when the columns are sorted
    if sorted_columns:
        column = np.empty(n_grams, dtype=np.int32)
        distinct = distinct.tolist()
        if any("\0" in w for w in words):
            column[sorted(range(n_grams), key=distinct.__getitem__)] = np.arange(n_grams, dtype=np.int32)
        else:
            # the same order as sorted(distinct), sorted in C: NumPy compares fixed-width code
            # points as Python compares str (only a NUL, which NumPy treats as padding, would differ)
            column[np.argsort(np.array(distinct), kind="stable")] = np.arange(n_grams, dtype=np.int32)
    # the n-grams of every word occurrence: its word's run of gram_ids, runs laid end to end
    per_word = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
    word_start = np.cumsum(per_word) - per_word  # where each distinct word's run starts in gram_ids
    per_occ = per_word[word_ids]
    occ_end = np.cumsum(per_occ)
    take = np.arange(int(occ_end[-1]), dtype=np.int64) - np.repeat(occ_end - per_occ - word_start[word_ids], per_occ)
    # each text's row ends where its last word occurrence's n-grams end
    text_end = np.cumsum(np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens)))
    indptr = np.concatenate([[0], occ_end])[text_end]
    M = sp.csr_matrix((np.ones(len(take)), gram_ids[take].astype(np.int32), np.concatenate([[0], indptr]).astype(np.int32)),
                      shape=(len(texts), n_grams))
    M.sum_duplicates()  # counts; entries sorted by column: by first appearance
    if column is None:
        return M
    return sp.csr_matrix((M.data, column[M.indices], M.indptr), shape=(len(texts), n_grams))


def _tfidf(counts):
    """``TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts, copy=False)``, the
    same operations in the same order, without its argument checks (most of its cost here)."""
    import numpy as np

    try:
        from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2
    except ImportError:  # a private module: fall back to the public class
        from sklearn.feature_extraction.text import TfidfTransformer

        return TfidfTransformer(sublinear_tf=True).fit(counts).transform(counts, copy=False)
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=counts.shape[0] + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    np.log(counts.data, counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    inplace_csr_row_normalize_l2(counts)
    return counts


def _pair_margins(items, cos, cw, compatible, same_speaker_threshold, compatible_threshold, other_threshold,
                  duplicate_threshold, same_side=None):
    """The n x n matrix of pair margins: how far each pair's similarity is above the
    similarity its speakers ask for (negative: below it).

    * Quotes of different outlets: similarity ``max(cosine, word overlap)`` for the same or a
      related speaker (translations share little wording), the cosine alone otherwise; the
      threshold is ``same_speaker_threshold``, ``compatible_threshold`` or ``other_threshold``.
    * Quotes of one outlet: ``-inf`` (never in one group), unless they are near-duplicates of one
      remark (a bullet point restating a quote of the body): the same or a related speaker, a
      cosine of at least ``duplicate_threshold`` (within one version the writer's own wording
      is repeated), and the shorter quote's key words (stop words left out) nearly all in the
      longer; or a quoted fragment (two to four key words, all in the longer quote) of the same
      or a related speaker, or of a speaker on the same side (``same_side``); then the margin
      is as for the same speaker in two outlets.
    * The diagonal is 0 (never read).
    """
    import numpy as np
    import scipy.sparse as sp

    n = len(items)
    codes: dict = {}
    outlet = np.array([codes.setdefault(it[0], len(codes)) for it in items], dtype=np.int64)
    sids = [it[1] for it in items]
    sid_codes: dict = {}
    sid = np.array([sid_codes.setdefault(x, len(sid_codes)) if x else -1 for x in sids], dtype=np.int64)
    # shared content words, and shared key words (content words less stop words: see below):
    # the word-incidence matrices of both, stacked, times their transpose (exact integers; one
    # sparse product, the two blocks on its diagonal)
    vocab: dict = {}
    cols = [vocab.setdefault(w, len(vocab)) for ws in cw for w in ws]
    lengths = np.array([len(ws) for ws in cw], dtype=np.int64)
    kw = [_key_words(ws) for ws in cw]
    kcols = [vocab[w] for ws in kw for w in ws]  # (key words are content words)
    klen = np.array([len(ws) for ws in kw], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(np.concatenate([lengths, klen]))])
    BK = sp.csr_matrix((np.ones(len(cols) + len(kcols), dtype=np.int64), np.asarray(cols + kcols, dtype=np.int64), indptr),
                       shape=(2 * n, max(1, len(vocab))))
    both = (BK @ BK.T).toarray()
    shared, kshared = both[:n, :n], both[n:, n:]
    smaller = np.maximum(1, np.minimum(lengths[:, None], lengths[None, :]))
    overlap = np.where(shared >= 2, shared / smaller, 0.0)
    ident = (sid[:, None] >= 0) & (sid[:, None] == sid[None, :])
    related = np.zeros((n, n), dtype=bool)
    if compatible is not None:
        # the speaker ids of each compatible pair, as codes: a quote pair is related when its
        # two codes form one of these pairs
        pairs = []
        for f in compatible:
            members = list(f)
            if len(members) == 1:
                members = members * 2
            if len(members) != 2:
                continue  # a set of three or more is never frozenset((a, b))
            a, b = members
            if a in sid_codes and b in sid_codes:
                pairs.append((sid_codes[a], sid_codes[b]))
        if pairs:
            k = len(sid_codes)
            pair_in = np.zeros((k, k), dtype=bool)
            for a, b in pairs:
                pair_in[a, b] = pair_in[b, a] = True
            known = sid >= 0
            rel = np.zeros((n, n), dtype=bool)
            rel[np.ix_(known, known)] = pair_in[np.ix_(sid[known], sid[known])]
            related = ~ident & rel
    # restatements in one version: the shorter's key words (stop words left out: "will" /
    # "would") nearly all in the longer, at most one in five missing ("will support Kabul in
    # counterterrorism" / "would continue to support Kabul in security, counterterrorism"), so
    # two remarks that differ in their one key word stay apart ("support the school in
    # reading" / "in sports")
    ksmaller = np.minimum(klen[:, None], klen[None, :])
    contained = (ksmaller > 0) & (kshared >= 0.8 * ksmaller)
    # a quoted fragment of two to four key words, all of them in a longer quote: the same
    # remark, whatever the cosine of so short a text, when the speakers are the same, related,
    # or on one side of the story's speaker groups ("The Taliban administration calls it a
    # ‘courageous step’" beside Muttaqi's “We value this courageous step …”)
    fragment = (ksmaller >= 2) & (ksmaller <= 4) & (kshared == ksmaller) & (klen[:, None] != klen[None, :])
    if same_side:
        side = np.zeros((n, n), dtype=bool)
        for f in same_side:
            a, b = tuple(f)
            if a in sid_codes and b in sid_codes:
                at_a, at_b = sid == sid_codes[a], sid == sid_codes[b]
                side |= np.outer(at_a, at_b) | np.outer(at_b, at_a)
        related = related | (~ident & side & fragment)
    same = ident | related
    # another speaker: only near-identical wording (cosine) counts
    sim = np.where(same, np.maximum(cos, overlap), cos)
    need = np.where(ident, float(same_speaker_threshold), np.where(related, float(compatible_threshold), float(other_threshold)))
    margin = sim - need
    one_outlet = outlet[:, None] == outlet[None, :]
    duplicate = same & ((cos >= duplicate_threshold) & contained | fragment)
    margin[one_outlet & ~duplicate] = -np.inf
    np.fill_diagonal(margin, 0.0)
    return margin


def _average_linkage(margin, tiebreak=None) -> list[int]:
    """Clusters of the items: average linkage on pair margins, merged while the mean margin
    between two clusters is >= 0, the largest mean first (ties: the larger mean ``tiebreak``,
    then lower indices first).

    A cluster pair holding a pair of margin ``-inf`` (two quotes of one outlet that are not
    near-duplicates) never merges. ``tiebreak`` (n x n, optional) orders merges of equal mean
    margin: the word overlap that lifts a pair's similarity saturates at 1 (every key word of
    a short quote found in a long paraphrase), so a quote and its paraphrase can tie with the
    same words quoted verbatim by another outlet; the cosine then says which is the closer
    pair. Returns each item's cluster as the smallest index in it.
    """
    import heapq

    import numpy as np

    n = margin.shape[0]
    S = margin.copy()  # sum of pair margins between clusters (rows of merged clusters summed)
    T = np.zeros_like(S) if tiebreak is None else np.array(tiebreak, dtype=float)  # sums, as S
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    stamp = [0] * n  # a heap entry is stale once either cluster has merged again
    iu, ju = np.nonzero(np.triu(S >= 0, 1))
    heap = [(-float(S[i, j]), -float(T[i, j]), int(i), int(j), 0, 0) for i, j in zip(iu.tolist(), ju.tolist())]
    heapq.heapify(heap)
    root = list(range(n))
    members = {i: [i] for i in range(n)}
    while heap:
        _, _, a, b, sa, sb = heapq.heappop(heap)
        if not (active[a] and active[b]) or stamp[a] != sa or stamp[b] != sb:
            continue
        # merge b into a (a < b: the cluster keeps its smallest index)
        S[a, :] += S[b, :]
        S[:, a] = S[a, :]
        S[a, a] = 0.0
        T[a, :] += T[b, :]
        T[:, a] = T[a, :]
        active[b] = False
        S[b, :] = -np.inf
        S[:, b] = -np.inf
        size[a] += size[b]
        members[a] += members.pop(b)
        for x in members[a]:
            root[x] = a
        stamp[a] += 1
        link = S[a, :] / (size[a] * size)
        link[a] = -np.inf
        tie = T[a, :] / (size[a] * size)
        for c in np.nonzero(link >= 0)[0].tolist():
            x, y = (a, c) if a < c else (c, a)
            heapq.heappush(heap, (-float(link[c]), -float(tie[c]), x, y, stamp[x], stamp[y]))
    return root


def align_quotes(
    items: Sequence[tuple[str, str, str]],
    *,
    same_speaker_threshold: float = 0.2,
    other_threshold: float = 0.5,
    compatible: set | None = None,
    compatible_threshold: float = 0.2,
    duplicate_threshold: float = 0.5,
    same_side: set | None = None,
) -> list[str]:
    """``quote_group`` ids: one per remark across versions.

    Parameters
    ----------
    items : sequence of (outlet, speaker_id, text)
        Every quote of the story.
    same_speaker_threshold : float
        Similarity needed when the speaker is the same (a translated remark shares little
        wording: "We value this courageous step ..." / "This brave decision will be an example
        for others" share "example for others").
    other_threshold : float
        Similarity needed otherwise (speaker unresolved or different mention).
    compatible : set of frozenset, optional
        Pairs of different ``speaker_id`` that count as the same speaker (a minister and their
        ministry: :func:`compatible_speakers`).
    compatible_threshold : float
        Similarity needed for such a pair: a related speaker is weaker evidence than the same
        one, so more shared wording is asked for than ``same_speaker_threshold``.
    duplicate_threshold : float
        Two quotes of one version share a group only when they restate one remark (a bullet
        point and the body's quote): the same or a related speaker, a cosine of at least this,
        and at least four in five of the shorter quote's key words (stop words left out) in
        the longer one; or a quoted fragment of two to four key words, all in the longer quote.
    same_side : set of frozenset of str, optional
        Pairs of speaker ids on one side (one group of the story's ``speakers.tsv``): only for
        such fragments within one version, never across outlets (two officials of one side make
        two remarks).

    Returns
    -------
    list of str
        ``g0``, ``g1``, ... in order of first appearance. A group holds at most one quote
        per outlet, or several near-duplicate quotes of one outlet.

    Notes
    -----
    Similarity is the larger of the cosine of TF-IDF character 3-5-grams and the word overlap
    (shared words of four or more letters over the smaller set); a pair's *margin* is its
    similarity minus the threshold its speakers ask for. Groups are built by average
    linkage: the two groups whose pairs have the largest mean margin are merged, as long as
    that mean is >= 0 and no outlet would hold two quotes that are not near-duplicates. A
    quote thus joins the group it resembles on average, not the group of its single most
    similar pair (the greedy rule before: a remark whose best group had already taken
    another quote of its outlet fell back to a group it barely resembled). Deterministic.
    """
    n = len(items)
    if n == 0:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer

    # Quote texts are folded and split once per story (a remark is often quoted by several
    # versions), never cached across stories: _fold's own cache is for names and words
    fold = _fold.__wrapped__
    folded: dict[str, str] = {}
    texts = [folded[t] if t in folded else folded.setdefault(t, fold(t)) for _, _, t in items]
    counts = _char_wb_counts(texts, sorted_columns=False)  # (only the cosines are used)
    if counts is None:  # no n-grams at all: let sklearn raise its own error
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
    X = _tfidf(counts)
    cos = (X @ X.T).toarray()
    words_of = _content_words_of([t for _, _, t in items])
    cw = [words_of[t] for _, _, t in items]
    margin = _pair_margins(items, cos, cw, compatible, same_speaker_threshold, compatible_threshold, other_threshold,
                           duplicate_threshold, same_side)
    root = _average_linkage(margin, tiebreak=cos)
    ids: dict[int, str] = {}
    out = []
    for i in range(n):
        r = root[i]
        if r not in ids:
            ids[r] = f"g{len(ids)}"
        out.append(ids[r])
    return out


# --------------------------------------------------------------------------- top level


def _default_groups(docs: Sequence[Document]):
    for d in docs:
        if d.article.path:
            p = Path(d.article.path).parent / "speakers.tsv"
            if p.is_file():
                return p
    return None


def _same_side(speaker_ids: Sequence[str], speaker_groups: Sequence[str]) -> set[frozenset[str]]:
    """Pairs of distinct ``speaker_id`` that the story's speaker-group file puts in one group
    (not the fallbacks ``anonymous``, ``unknown``, ``ungrouped``)."""
    members: dict[str, set[str]] = {}
    for sid, g in zip(speaker_ids, speaker_groups):
        if sid and g not in ("anonymous", "unknown", "ungrouped"):
            members.setdefault(g, set()).add(sid)
    out: set[frozenset[str]] = set()
    for ids in members.values():
        ids_ = sorted(ids)
        out |= {frozenset((a, b)) for x, a in enumerate(ids_) for b in ids_[x + 1 :]}
    return out


def compare_quotes(docs: Sequence[Document], *, quotes=None, groups=None, verbs=None) -> list[QuoteRow]:
    """Quotes of every version with ``speaker_id``, ``quote_group`` and ``speaker_group``.

    Parameters
    ----------
    docs : sequence of Document
        The versions of one story (after cleaning: only kept sentences are read).
    quotes : sequence of sequence of Quote, optional
        Precomputed ``find_quotes`` results, one list per document.
    groups : dict, path-like or None
        Speaker groups; by default ``speakers.tsv`` next to the version files, when present.
    verbs : path-like or None
        Reporting-verb lexicon passed to :func:`~framing.features.quotes.find_quotes`.

    Returns
    -------
    list of QuoteRow
        Versions in the order given, quotes in document order.
    """
    docs = list(docs)
    if quotes is None:
        quotes = [find_quotes(d, verbs=verbs) for d in docs]
    sids = resolve_speakers(docs, quotes)
    items = [(d.outlet, sid, q.text) for d, qs, ss in zip(docs, quotes, sids) for q, sid in zip(qs, ss)]
    compat = compatible_speakers([q.speaker for qs in quotes for q in qs], [s for ss in sids for s in ss])
    if groups is None:
        groups = _default_groups(docs)
    flat_sids = [s for ss in sids for s in ss]
    flat_anon = [q.anonymous for qs in quotes for q in qs]
    sgroups = group_speakers(flat_sids, flat_anon, groups)
    qgroups = align_quotes(items, compatible=compat, same_side=_same_side(flat_sids, sgroups))
    rows = []
    k = 0
    for d, qs in zip(docs, quotes):
        for q in qs:
            rows.append(
                QuoteRow(
                    story_id=d.story_id,
                    outlet=d.outlet,
                    quote_id=q.quote_id,
                    start=q.start,
                    end=q.end,
                    kind=q.kind,
                    speaker=q.speaker,
                    speaker_id=flat_sids[k],
                    cue=q.cue,
                    quote_group=qgroups[k],
                    text=q.text,
                    speaker_group=sgroups[k],
                    anonymous=q.anonymous,
                )
            )
            k += 1
    return rows


def quote_shares(rows: Sequence[QuoteRow], docs: Sequence[Document], *, n_words: Sequence[int] | None = None):
    """Per version, quotes and quoted words by speaker, by speaker group, and in total.

    Parameters
    ----------
    rows : sequence of QuoteRow
        The story's quotes (``quotes.csv`` rows).
    docs : sequence of Document
        The story's cleaned versions (their kept words are the denominators).
    n_words : sequence of int, optional
        The kept words of each version, in ``docs`` order (``count_words(doc.kept_text)``, the
        ``n_words`` of ``articles.csv``), when the caller has counted them; counted here
        otherwise.

    Returns
    -------
    pandas.DataFrame
        Columns ``story_id, outlet, level`` (``speaker``, ``group`` or ``total``), ``key``,
        ``n_quotes, n_direct, n_partial, n_indirect, quoted_words`` (words inside direct and
        partial quotes), ``share_of_quoted`` (of the version's quoted words) and
        ``share_of_story`` (of the version's kept words; for ``total`` this is the share of
        the story that is quotation, ``quoted_word_share`` of ``articles.csv``).
    """
    import numpy as np
    import pandas as pd

    if n_words is None:
        n_words = [count_words(d.kept_text) for d in docs]
    by_outlet: dict[str, list] = {d.outlet: [] for d in docs}
    words_in: dict[str, int] = {}  # per quote text: the versions of a story quote one remark alike
    for r in rows:
        # words inside quotation marks: direct and partial quotes (an indirect quote adds none)
        if r.kind != "indirect" and r.text not in words_in:
            words_in[r.text] = count_words(r.text)
        by_outlet.setdefault(r.outlet, []).append((r, words_in[r.text] if r.kind != "indirect" else 0))
    kinds = ("direct", "partial", "indirect")
    out: list[tuple] = []  # one row per (version, level, key), in the columns' order
    for d, body in zip(docs, n_words):
        rs = by_outlet[d.outlet]
        total_q = sum(w for _, w in rs)
        for level in ("speaker", "group", "total"):
            agg: dict[str, list[int]] = {}
            for r, w in rs:
                key = (r.speaker_id or "unknown") if level == "speaker" else r.speaker_group if level == "group" else "all"
                a = agg.setdefault(key, [0, 0, 0, 0, 0])
                a[0] += 1
                if r.kind in kinds:
                    a[1 + kinds.index(r.kind)] += 1
                a[4] += w
            if level == "total" and not agg:
                agg["all"] = [0, 0, 0, 0, 0]  # a version without quotes has its total row
            for key in sorted(agg):
                n, nd, npart, nind, qw = agg[key]
                out.append((d.story_id, d.outlet, level, key, n, nd, npart, nind, qw,
                            qw / total_q if total_q else float("nan"), qw / body if body else float("nan")))
    # one block per dtype, side by side (a frame of Series per column, aligned on their indexes,
    # costs several times more)
    blocks = []
    for names, dtype, cut in ((("story_id", "outlet", "level", "key"), object, slice(0, 4)),
                              (("n_quotes", "n_direct", "n_partial", "n_indirect", "quoted_words"), np.int64, slice(4, 9)),
                              (("share_of_quoted", "share_of_story"), np.float64, slice(9, 11))):
        values = np.array([row[cut] for row in out], dtype=dtype).reshape(len(out), len(names))
        blocks.append(pd.DataFrame(values, columns=list(names), dtype=dtype))
    return pd.concat(blocks, axis=1)


def unique_quotes(rows: Sequence[QuoteRow]) -> list[QuoteRow]:
    """The quotes whose remark (``quote_group``) only one outlet chose, when the story has
    more than one version.

    Parameters
    ----------
    rows : sequence of QuoteRow
        The story's quotes (``quotes.csv`` rows).

    Returns
    -------
    list of QuoteRow
        In the order of ``rows``; empty for a story of one outlet.
    """
    outlets_by_group: dict[str, set[str]] = {}
    for r in rows:
        outlets_by_group.setdefault(r.quote_group, set()).add(r.outlet)
    if len({r.outlet for r in rows}) < 2:
        return []
    return [r for r in rows if len(outlets_by_group[r.quote_group]) == 1]
