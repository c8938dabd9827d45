"""Word choice and labeling across the versions of one story: who calls whom what.

* :func:`find_mentions` finds candidate mentions of actors, countries, groups and story
  concepts in one version, by rules over tokens (no parser): capitalised name runs ("Islamic
  Emirate of Afghanistan", "Mr. Kim"), noun phrases headed by an actor noun
  (``lexicons/actor_nouns.tsv``: "the Islamist group", "Afghanistan's new rulers",
  "the regime in Kabul") with determiners, adjectives, possessives and an "of"-phrase, and noun
  phrases headed by the story's own recurring nouns ("the memos", "the caravan").
* :func:`resolve_mentions` gives every mention one concept across all versions: country aliases
  (``lexicons/country_aliases.tsv``: "Moscow", "Kremlin", "Russian officials" -> Russia), name
  overlap ("Mr. Kim" -> "Kim Jong Un", "Andrei"/"Andrey Rudenko"), the name a descriptive head
  is attached to elsewhere in the story ("the president" -> the person called "President X"),
  and otherwise the compatible concept in the same or previous sentences whose contexts are most
  TF-IDF-similar (computed lazily, only when two concepts compete).
  A phrase with a place ("... in Kabul") labels the place's government only when its head is a
  government noun and no modifier points to another body ("a western-backed government in
  Kabul"); see ``lexicons/concept_rules.tsv``.
* :func:`story_concepts` keeps the concepts worth reporting (named or actor-headed, in two
  versions or mentioned twice, not a platform such as "X").
* :func:`compare_wording` runs them and returns a :class:`WordingComparison` with the
  ``wording.csv`` table (label counts per concept and outlet, labels only one outlet uses,
  loaded terms, British/American spelling) and the ``mentions`` evidence table.
"""

from __future__ import annotations

__all__ = [
    "Mention",
    "WordingComparison",
    "find_mentions",
    "resolve_mentions",
    "compare_wording",
    "baseline_clusters",
    "story_heads",
    "story_concepts",
    "normalise_label",
]

import math
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import accumulate, chain, compress, count, filterfalse, repeat
from operator import add, is_not, itemgetter, mul, not_, truediv
from typing import NamedTuple, Sequence

import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ..document import Document
from ..lexicons import read_lexicon


class Mention(NamedTuple):
    """One mention of a concept in one version (a ``mentions`` table row).

    ``doc.text[start:end] == label``. ``kind`` is ``name`` (a proper name, possibly with a
    title), ``nominal`` (a descriptive noun phrase) or ``story`` (a phrase headed by one of the
    story's recurring nouns). ``how`` says which rule resolved the concept.
    """

    story_id: str
    outlet: str
    concept: str
    label: str
    sent_id: int
    start: int
    end: int
    kind: str
    head: str
    how: str


class WordingComparison(NamedTuple):
    """Result of :func:`compare_wording`: ``wording`` (the ``wording.csv`` rows) and ``mentions``."""

    wording: pd.DataFrame
    mentions: pd.DataFrame


# --------------------------------------------------------------------------- lexicons


class _Lex(NamedTuple):
    nouns: dict  # surface form (lower) -> (singular, kind)
    honorifics: frozenset
    skip: frozenset
    countries: dict  # alias -> canonical country
    country_tokens: dict  # alias as folded token tuple -> canonical
    gov_heads: frozenset  # concept_rules.tsv: heads that label a place's government
    contradicts: re.Pattern  # premodifiers that point to another (former, foreign-backed) body
    affixes: frozenset  # "led" in "Taliban-led"
    pronoun_dets: frozenset
    not_concepts: frozenset
    titles: frozenset  # honorifics and the surface forms of person nouns ("president", "ministers")


@lru_cache(maxsize=8)
def _lexicons(nouns_name: str = "actor_nouns.tsv", countries_name: str = "country_aliases.tsv") -> _Lex:
    nouns, honor, skip = {}, set(), set()
    for sing, plural, kind in read_lexicon(nouns_name):
        if kind == "honorific":
            honor.add(sing)
        elif kind == "skip":
            skip.add(sing)
        else:
            nouns[sing] = (sing, kind)
            nouns[plural] = (sing, kind)
    countries = {alias: canon for canon, alias in read_lexicon(countries_name)}
    ctoks = {tuple(_fold(t) for t in _tokens_of(alias)): canon for alias, canon in countries.items()}
    rules: dict[str, list[str]] = defaultdict(list)
    for rule, value in read_lexicon("concept_rules.tsv"):
        rules[rule].append(value)
    contra = re.compile("|".join(f"(?:{v})" for v in rules["contradicts"]) or r"(?!)")
    titles = frozenset(honor) | {w for w, (_, kind) in nouns.items() if kind == "person"}
    return _Lex(nouns, frozenset(honor), frozenset(skip), countries, ctoks, frozenset(rules["government_head"]),
                contra, frozenset(rules["affix"]), frozenset(rules["pronoun_det"]), frozenset(rules["not_concept"]),
                titles)


# --------------------------------------------------------------------------- tokens

# Abbreviations with dots ("U.S.", "C.I.A."), honorifics with a dot, words with inner hyphens
# or apostrophes, and the possessive "'s" as a token of its own.
_TOKEN_RULES = (
    r"(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|St|Jr|Lt|Col)\.|['’]s\b|"
    r"[^\W_]+(?:-[^\W_]+)*(?:['’](?!s\b)[^\W_]+)?"
)
# Speed: most tokens are a plain word, a run of letters and digits followed by none of "-", "'",
# "’", ".". Such a run is matched first, in one step: there, none of the rules above can match
# anything else (an abbreviation or honorific needs a "." right after a letter, the possessive
# starts with a quote, and the last rule takes the whole run and cannot go on). The run is
# taken whole (possessive "++"), so it is never cut short to dodge the check after it.
_TOKEN = re.compile(r"[^\W_]++(?![-'’.])|" + _TOKEN_RULES)
_DETS = frozenset("the a an this that these those its his her their our your".split())
_OF_LINKS = frozenset({"of", "in", "for"})
# Adjective endings: "the international", "the political" are not concept heads.
_ADJ_END = re.compile(r"(?:al|ic|ive|ous|ful|ible|able|ish|ern|ing)$")
_STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "also", "s"}
_LOWER_WORD = re.compile(r"[a-z][a-z-]*")  # a lower-case premodifier (fullmatch)
_LOWER_HEAD = re.compile(r"[a-z-]+")  # a story head after "the" (fullmatch)


@lru_cache(maxsize=65536)
def _fold(s: str) -> str:
    if s.isascii():  # speed: nothing to decompose or strip
        return s.lower()
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower().replace("’", "'")


def _tokens_of(text: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(text)]


class _Tok(NamedTuple):
    text: str
    start: int
    end: int
    low: str
    cap: bool


class _Tokens(NamedTuple):
    """The tokens of some ranges of a text (a version's kept sentences) as parallel lists, one
    entry per token. Speed: no object per token, and each list is made by one map over all of
    a version's tokens rather than one per sentence."""

    texts: list  # the tokens as written
    starts: list  # offsets into the text
    ends: list
    lows: list  # _fold of each token
    caps: list  # whether it starts with a capital
    bounds: list  # range k holds the tokens bounds[k] to bounds[k + 1] - 1


# Caches shared by every call (and thread): token -> _fold(token), token -> capitalised. Keyed on
# words, not texts; cleared past a bound over a long corpus. Another thread may clear them between
# any two reads, so _lows_and_caps never counts on a token it has just learnt still being there.
_TOKEN_LOW: dict[str, str] = {}
_TOKEN_CAP: dict[str, bool] = {}


def _learn_tokens(strs: list[str]) -> None:
    """Add every token of ``strs`` to :data:`_TOKEN_LOW` and :data:`_TOKEN_CAP` (bounded over a
    long corpus)."""
    if len(_TOKEN_LOW) > 1 << 17:
        _TOKEN_LOW.clear()
        _TOKEN_CAP.clear()
    for t in set(strs).difference(_TOKEN_LOW):
        _TOKEN_LOW[t] = _fold(t)
        _TOKEN_CAP[t] = t[:1].isupper()


def _lows_and_caps(strs: list[str]) -> tuple[list, list]:
    """``_fold`` of each token of ``strs``, and whether it is capitalised (looked up in C)."""
    try:
        return list(map(_TOKEN_LOW.__getitem__, strs)), list(map(_TOKEN_CAP.__getitem__, strs))
    except KeyError:  # a token not seen before
        _learn_tokens(strs)
        try:
            return list(map(_TOKEN_LOW.__getitem__, strs)), list(map(_TOKEN_CAP.__getitem__, strs))
        except KeyError:  # another thread cleared the caches after _learn_tokens: this call's own
            return list(map(_fold, strs)), [t[:1].isupper() for t in strs]


_MATCH_GROUP, _MATCH_START, _MATCH_END = re.Match.group, re.Match.start, re.Match.end


def _tokens_in(text: str, starts: Sequence[int], ends: Sequence[int]) -> _Tokens:
    """The tokens of ``text[starts[k]:ends[k]]`` for each ``k``, each range searched on its own
    (exactly as ``_TOKEN.finditer(text, starts[k], ends[k])``), every step a map in C."""
    per_range = list(map(list, map(_TOKEN.finditer, repeat(text), starts, ends)))
    ms = list(chain.from_iterable(per_range))
    strs = list(map(_MATCH_GROUP, ms))
    lows, caps = _lows_and_caps(strs)
    return _Tokens(strs, list(map(_MATCH_START, ms)), list(map(_MATCH_END, ms)), lows, caps,
                   [0, *accumulate(map(len, per_range))])


def _doc_tokens(doc: Document) -> _Tokens:
    """The tokens of the kept sentences of ``doc`` (range ``k``: ``doc.kept_sentences[k]``)."""
    kept = doc.kept_sentences
    return _tokens_in(doc.text, [s.start for s in kept], [s.end for s in kept])


def _lowercase_words(doc_tokens) -> frozenset:
    """The ``low`` of every token that is not capitalised, over the :class:`_Tokens` of
    ``doc_tokens`` (in C)."""
    return frozenset(chain.from_iterable(compress(t.lows, map(not_, t.caps)) for t in doc_tokens))


def _tokenise(text: str, start: int, end: int) -> list[_Tok]:
    """The tokens of ``text[start:end]``, one :class:`_Tok` each: a per-token view of
    :func:`_tokens_in` (whose parallel lists the comparison reads) for one span, as the tests
    inspect tokens."""
    t = _tokens_in(text, (start,), (end,))
    return list(map(tuple.__new__, repeat(_Tok), zip(t.texts, t.starts, t.ends, t.lows, t.caps)))


class _NameWords(dict):
    """token text -> whether :func:`_is_name_tok` holds for the token, were it not the first of
    its sentence (capitalised, not a skip word, not a heading in capitals); filled on lookup,
    keyed on words."""

    def __init__(self, skip: frozenset):
        super().__init__()
        self.skip = skip

    def __missing__(self, t: str) -> bool:
        if len(self) > 1 << 17:  # bounded over a long corpus
            self.clear()
        # as _Tok.cap and _Tok.low of the token (_learn_tokens)
        v = self[t] = t[:1].isupper() and _fold(t) not in self.skip and not (
            t.isupper() and len(t) > 4 and "." not in t)
        return v


@lru_cache(maxsize=8)
def _name_words(skip: frozenset) -> _NameWords:
    return _NameWords(skip)


# --------------------------------------------------------------------------- candidates


class _Cand(NamedTuple):
    sent_id: int
    start: int
    end: int
    kind: str  # name | nominal | story
    head: str  # singular head noun ("" for a bare name)
    head_kind: str  # person | org | group | thing | name
    name: tuple  # folded name tokens the mention resolves through (may be empty)
    name_is_person: bool  # the name was introduced by a person title or honorific
    modifiers: tuple  # folded capitalised modifier tokens (country adjectives, names)
    pronoun: bool = False  # determiner is a possessive pronoun ("their movement"): not a label
    plural: bool = False
    own: bool = False  # its place phrase was refused ("an office in Kabul"): a concept of its own


def story_heads(docs: Sequence[Document], *, min_docs: int = 2, min_count: int = 3, _tokens=None) -> frozenset:
    """The story's recurring concept nouns: words after "the" in at least ``min_docs`` versions.

    These head noun phrases of concepts that are not actors ("the memos", "the lawsuit", "the
    caravan"). Actor nouns, stop words and words under four letters are left out.

    Parameters
    ----------
    docs : sequence of Document
        The cleaned versions of one story (only kept sentences are read).
    min_docs : int, default 2
        Versions that must use the noun after "the".
    min_count : int, default 3
        Uses after "the" over all versions.

    Returns
    -------
    frozenset of str
        The nouns, lower case and singular ("memo").
    """
    lex = _lexicons()
    per_doc: dict[str, set] = defaultdict(set)
    total: Counter = Counter()
    for di, d in enumerate(docs):
        t = _tokens[di] if _tokens is not None else _doc_tokens(d)
        lows, caps = t.lows, t.caps
        firsts = set(t.bounds)  # a sentence's first token follows no "the" of its own sentence
        # speed: only the tokens after a "the" (found in C, over the whole version) are looked at
        for k in compress(count(1), map("the".__eq__, lows[:-1])):
            low = lows[k]
            if (k not in firsts and not caps[k] and len(low) > 3 and low not in _STOP and low not in lex.nouns
                    and not _ADJ_END.search(low) and _LOWER_HEAD.fullmatch(low)):
                key = _singular(low)
                per_doc[key].add(d.outlet or id(d))
                total[key] += 1
    return frozenset(k for k, docs_ in per_doc.items() if len(docs_) >= min_docs and total[k] >= min_count)


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


def _head_words(heads: frozenset) -> frozenset:
    """The words whose :func:`_singular` is one of ``heads``.

    :func:`_singular` maps a word to itself, drops a final "s" or turns "ies" into "y", so a
    word with the singular ``h`` is ``h``, ``h + "s"`` or ``h[:-1] + "ies"``; each of these is
    checked. (Speed: a sentence's tokens are then looked up once, not singularised one by one.)

    Parameters
    ----------
    heads : frozenset of str
        Singular head nouns, e.g. :func:`story_heads`.

    Returns
    -------
    frozenset of str
        Every ``w`` with ``_singular(w) in heads``.
    """
    forms = chain(heads, (h + "s" for h in heads), (h[:-1] + "ies" for h in heads if h.endswith("y")))
    return frozenset(w for w in forms if _singular(w) in heads)


def _is_name_tok(tok: _Tok, first: bool, lowercase_vocab: frozenset, lex: _Lex) -> bool:
    if not tok.cap or tok.low in lex.skip:
        return False
    if tok.text.isupper() and len(tok.text) > 4 and "." not in tok.text:
        return False  # section headings in capitals ("COMPLEX HISTORY")
    if first and (tok.low in _STOP or tok.low in lowercase_vocab):
        return False  # a capitalised sentence opener that is a common word
    return True


def find_mentions(doc: Document, *, heads: frozenset = frozenset(), lowercase_vocab: frozenset | None = None,
                  _tokens=None) -> list[_Cand]:
    """Candidate concept mentions in the kept sentences of one version.

    Parameters
    ----------
    doc : Document
    heads : frozenset of str
        Extra head nouns (singular, lower case) of story concepts, e.g. from :func:`story_heads`.
    lowercase_vocab : frozenset of str, optional
        Words seen in lower case (so a capitalised sentence opener of one is no name). Defaults
        to this version's own lower-case words.

    Returns
    -------
    list of candidates with ``start``/``end`` offsets into ``doc.text``.
    """
    lex = _lexicons()
    text = doc.text
    toks = _tokens if _tokens is not None else _doc_tokens(doc)
    if lowercase_vocab is None:
        lowercase_vocab = _lowercase_words((toks,))
    out: list[_Cand] = []
    head_words = _head_words(heads) if heads else frozenset()
    lows = toks.lows
    # per token of the version (speed: one map each, in C): whether it may be part of a name were
    # it not a sentence's first (a function of the token's text alone: looked up per word), and
    # its noun info (singular, kind): an actor noun's, or a story head's when lower case
    isname = list(map(_name_words(lex.skip).__getitem__, toks.texts))
    infos = list(map(lex.nouns.get, lows))
    if head_words:
        # speed: only the tokens whose singular is a story head (found in C) are looked at
        caps = toks.caps
        for q in compress(count(), map(head_words.__contains__, lows)):
            if infos[q] is None and not caps[q]:
                infos[q] = (_singular(lows[q]), "thing")
    # token k is in a name run / taken by a candidate (each sentence sets its own tokens only)
    in_run = [False] * len(lows)
    used = [False] * len(lows)
    # the tokens with noun info, in order (speed: found in C over the version; a sentence's share
    # is cut out by bisection)
    with_info = list(compress(count(), map(is_not, infos, repeat(None))))
    bounds = toks.bounds
    for si, s in enumerate(doc.kept_sentences):
        lo, hi = bounds[si], bounds[si + 1]
        if lo < hi:
            out.extend(_sentence_mentions(text, s.sent_id, toks, lo, hi, isname, infos,
                                          with_info[bisect_left(with_info, lo):bisect_left(with_info, hi)], in_run,
                                          used, lowercase_vocab, lex))
    return out


def _sentence_mentions(text, sent_id, toks: _Tokens, lo: int, hi: int, isname: list, infos: list, with_info: list,
                       in_run: list, used: list, vocab, lex) -> list[_Cand]:
    """The candidates of one sentence, its tokens ``lo`` to ``hi - 1`` of ``toks`` (a version's
    :class:`_Tokens`); ``isname``, ``infos``, ``in_run`` and ``used`` are the version's
    per-token lists (see :func:`find_mentions`), the first, third and fourth changed here for
    this sentence's tokens; ``with_info``: the sentence's tokens with noun info, in order."""
    starts, ends, lows, caps = toks.starts, toks.ends, toks.lows, toks.caps

    def tight(i: int) -> bool:
        # tokens i-1 and i are separated by spaces only (no comma, quote or full stop)
        return i > lo and text[ends[i - 1]:starts[i]].isspace()

    # speed: _is_name_tok inlined (called for every token). Its opener rule (a capitalised
    # common word is no name after an opening quote or bracket) only applies to the first
    # token: every token holds a letter or digit, so none is a quote or a bracket.
    if isname[lo] and (lows[lo] in _STOP or lows[lo] in vocab):
        isname[lo] = False
    # name runs, allowing "of (the)" between capitalised tokens ("Islamic Emirate of Afghanistan");
    # speed: the loop jumps from one name token to the next
    runs: list[tuple[int, int]] = []
    i = lo
    for i0 in compress(count(lo), isname[lo:hi]):
        if i0 < i:
            continue  # inside the run just found
        i = i0
        j = i + 1
        while j < hi:
            if not text[ends[j - 1]:starts[j]].isspace():  # tight(j), inlined (speed)
                break
            if isname[j]:
                j += 1
            elif lows[j] == "of" and j + 1 < hi and tight(j + 1) and (isname[j + 1] or lows[j + 1] == "the" and j + 2 < hi and isname[j + 2]):
                j += 2 if isname[j + 1] else 3
            else:
                break
        # a place before a person's name is no part of it: "ambassador to Kabul Dmitry Zhirnov"
        # (speed: a place and a two-token name need three tokens or more)
        cut = _place_prefix(lows, i, j, lex) if j - i > 2 else 0
        if cut:
            runs.append((i, cut))
            i = cut
            continue
        runs.append((i, j))
        i = j
    run_at = dict(runs)
    for a, b in runs:  # (speed: slices set in C)
        in_run[a:b] = [True] * (b - a)

    cands: list[_Cand] = []
    new = tuple.__new__  # speed: _Cand without its constructor's Python frame (all 12 fields given)
    nouns = lex.nouns

    # 1) noun phrases headed by an actor noun or a story noun (lower case head); speed: the
    # loop jumps from one token with noun info to the next
    k = lo
    for k0 in with_info:
        if k0 < k:
            continue  # inside the phrase just found
        k = k0
        info = infos[k]
        if caps[k] and lows[k] not in nouns:
            k += 1
            continue
        # the head is the last noun of a compound ("Taliban government officials")
        h = k
        while h + 1 < hi and not caps[h + 1] and lows[h + 1] in nouns and info[1] != "thing":
            h += 1
        sing, kind = infos[h]
        if caps[h]:  # "Ministry" inside a name run is handled with the run
            k = h + 1
            continue
        # premodifiers, right to left; lower-case words count only when a determiner or a
        # possessor closes the phrase on the left (otherwise they are often verbs:
        # "recognize Taliban government", "exchanged ambassadors")
        b = k
        mods: list[str] = []
        closed = False
        lower_from = None
        pronoun = False
        while b > lo and text[ends[b - 1]:starts[b]].isspace():  # tight(b), inlined (speed)
            p = lows[b - 1]
            if p in _DETS:
                b -= 1
                closed = True
                pronoun = p in lex.pronoun_dets
                break
            if p == "'s" and b >= lo + 2 and tight(b - 1):
                a = b - 2
                if in_run[a]:
                    while a > lo and in_run[a - 1]:
                        a -= 1
                mods.extend(lows[a:b])
                b = a
                if b > lo and lows[b - 1] == "the" and tight(b):
                    b -= 1
                closed = True
                break
            if in_run[b - 1]:
                # a whole capitalised run as modifier ("Taliban", "Russian Foreign Ministry")
                a = b - 1
                while a > lo and in_run[a - 1]:
                    a -= 1
                mods.extend(lows[a:b])
                b = a
                lower_from = None
                continue
            if not caps[b - 1] and p not in _STOP and _LOWER_WORD.fullmatch(p) and k - b < 3:
                if lower_from is None:
                    lower_from = b
                b -= 1
                continue
            break
        if not closed and lower_from is not None:
            b = lower_from
        end = h + 1
        name: tuple = ()
        name_is_person = False
        own = False
        # "a western-backed government", "the former regime": another body than the named one
        contradicted = any(map(lex.contradicts.fullmatch, lows[b:k]))
        # a person title followed by a name: "leader Kim Jong Un", "minister Andrei Rudenko"
        if kind == "person" and end < hi and end in run_at:
            e2 = run_at[end]
            name = tuple(lows[end:e2])
            name_is_person = True
            used[end:e2] = [True] * (e2 - end)
            end = e2
        # "the government of (the) Islamic Emirate of Afghanistan", "the regime in Kabul"
        elif kind in ("org", "person", "group", "nonstate") and end + 1 < hi and lows[end] in _OF_LINKS:
            q = end + 1
            if lows[q] == "the" and q + 1 < hi:
                q += 1
            if q in run_at and lows[end] != "for":
                if contradicted or (lows[end] == "in" and sing not in lex.gov_heads):
                    # "an office in Kabul" is located there; "a western-backed government in
                    # Kabul" is not the one that rules there now: neither labels the place's concept
                    own = True
                else:
                    e2 = run_at[q]
                    name = tuple(lows[q:e2])
                    used[q:e2] = [True] * (e2 - q)
                    end = e2
        if contradicted:
            own = True
        if b == k and not name and h == k:
            k = end  # a bare noun ("diplomats", "government"): too generic to be a mention
            continue
        used[b:end] = [True] * (end - b)
        cands.append(new(_Cand, (sent_id, starts[b], ends[end - 1], "story" if kind == "thing" else "nominal",
                                 sing, kind, name, name_is_person, tuple(mods), pronoun, lows[h] != sing, own)))
        k = end
    # 2) name runs not absorbed into a noun phrase
    honorific = lex.honorifics.__contains__
    titles = lex.titles
    for a, b in runs:
        if any(used[a:b]):
            continue
        run = lows[a:b]
        end = ends[b - 1]
        # titles and honorifics inside the run: "President Vladimir Putin", "Mr. Kim",
        # "Russian Deputy Foreign Minister Andrey Rudenko" -> the name after the last title
        last_title = -1  # (speed: a run is short, a loop from its end costs less than a map)
        for q in range(b - a - 1, -1, -1):
            if run[q] in titles:
                last_title = q
                break
        # "the" belongs to the name only when nothing but spaces lies between ("the 'Taliban ...")
        start = starts[a - 1 if a > lo and lows[a - 1] == "the" and tight(a) else a]
        if 0 <= last_title < b - a - 1:
            mods = tuple(filterfalse(honorific, run[:last_title]))
            cands.append(new(_Cand, (sent_id, start, end, "name", "", "name", tuple(run[last_title + 1:]), True, mods,
                                     False, False, False)))
        elif honorific(run[-1]):
            continue
        elif (run[-1] in lex.nouns and tuple(run) not in lex.country_tokens
              and (last_title == b - a - 1 or lex.nouns[run[-1]][1] in ("org", "group", "nonstate"))):
            # a capitalised noun phrase ending in an actor noun: "Russian Foreign Ministry",
            # "Foreign Minister" -> treat as nominal with capitalised modifiers
            sing, kind = lex.nouns[run[-1]]
            cands.append(new(_Cand, (sent_id, start, end, "nominal", sing, kind, (), False, tuple(run[:-1]),
                                     False, False, False)))
        else:
            name = tuple(filterfalse(honorific, run))
            # (an honorific in the run is one left out of the name)
            cands.append(new(_Cand, (sent_id, start, end, "name", "", "name", name, len(name) < b - a, (),
                                     False, False, False)))
    cands.sort(key=_START)
    return cands


_START = itemgetter(1)  # _Cand.start, read in C


def _place_prefix(lows: list, i: int, j: int, lex: _Lex) -> int:
    """End of a place alias that starts the run of tokens ``i`` to ``j - 1`` (``lows``: the
    tokens' folded forms) and is followed by a bare name of at least two tokens (no title),
    else 0."""
    for e in range(j - 2, i, -1):
        key = tuple(lows[i:e])
        if key in lex.country_tokens:
            if not any(w in lex.nouns or w in lex.honorifics for w in lows[e:j]) and lows[e - 1] != "of":
                return e
            return 0
    return 0


# --------------------------------------------------------------------------- resolution


def _country_of(tokens: tuple, lex: _Lex) -> str | None:
    """The country a token sequence names or implies (longest alias inside it), if any."""
    best, best_len = None, 0
    for i in range(len(tokens)):
        for j in range(len(tokens), i, -1):
            canon = lex.country_tokens.get(tokens[i:j])
            if canon and j - i > best_len:
                best, best_len = canon, j - i
    return best


def _name_key(tokens: tuple) -> tuple:
    # "Jong-un" and "Jong Un" are one name; dots in abbreviations are kept ("u.s.")
    out = []
    for t in tokens:
        if t in ("the", "'s"):
            continue
        out.extend(p for p in t.split("-") if p)
    return tuple(out)


def _same_person(a: tuple, b: tuple) -> bool:
    """Multi-token names with the same surname and a similar first name (Andrei/Andrey)."""
    if len(a) < 2 or len(b) < 2 or a[-1] != b[-1]:
        return False
    return SequenceMatcher(None, a[0], b[0]).ratio() >= 0.7


def resolve_mentions(per_doc: Sequence[tuple[Document, list[_Cand]]], *, use_context: bool = True, aliases=None) -> list[list[tuple[str, str]]]:
    """A concept (and the rule used) for every candidate, consistent across all versions.

    Parameters
    ----------
    per_doc : sequence of (Document, list of candidates)
        Each version with its candidate mentions, as :func:`find_mentions` gives them.
    use_context : bool, default True
        Resolve descriptive mentions ("the group") by ranking nearby concepts by TF-IDF context
        similarity; False leaves that rule out.
    aliases : path-like, optional
        A two-column file (concept, Python regular expression) like a story's ``actors.tsv``; a
        name that fully matches a pattern (case-insensitive) resolves to that concept ("Islamic
        Emirate of Afghanistan" -> Taliban).

    Returns
    -------
    list of list of (str, str)
        Per document, ``(concept, how)`` aligned with its candidates; ``how`` names the rule that
        resolved the mention (``name``, ``modifier``, ``country``, ``context``, ...).
    """
    lex = _lexicons()
    # speed: the same names recur in every version; each key, country and modifier split is
    # worked out once per story (keyed on name tokens, gone with the story)
    name_key_of = lru_cache(maxsize=None)(_name_key)
    country_in = lru_cache(maxsize=None)(lambda tokens: _country_of(tokens, lex))
    country_key_of = lru_cache(maxsize=None)(lambda key: _country_key(key, lex))
    mod_names_of = lru_cache(maxsize=None)(lambda mods: tuple(_mod_names(mods, lex)))
    alias_rx = [(row[0], re.compile(row[1], re.I)) for row in read_lexicon(aliases)] if aliases else []

    # 1) name keys -> canonical concepts
    key_count: Counter = Counter()
    person_keys: set = set()
    for _, cands in per_doc:
        for c in cands:
            # names used as modifiers ("Taliban" in "the Taliban government") are names too
            for m in (mod_names_of(c.modifiers) if c.modifiers else ()):  # (speed: most have none)
                mk = name_key_of(m)
                if mk and not country_in(mk):
                    key_count[mk] += 1
            if c.name:
                key = name_key_of(c.name)
                if country_in(key) and len(key) == len(country_key_of(key)):
                    continue
                key_count[key] += 1
                if c.name_is_person:
                    person_keys.add(key)
    keys = sorted(key_count, key=lambda k: (-len(k), -key_count[k], k))
    # Speed: a longer key can only absorb k if it holds k's first token (k is a subset) or ends
    # in k's last token (same person); index keys by token so each k scans only those, in order.
    position = {c: n for n, c in enumerate(keys)}
    holding: dict[str, list] = defaultdict(list)
    ending: dict[str, list] = defaultdict(list)
    for c in keys:
        for t in set(c):
            holding[t].append(c)
        if c:
            ending[c[-1]].append(c)
    canon: dict[tuple, tuple] = {}
    for k in keys:
        target = None
        longer = set(holding.get(k[0], ())) | set(ending.get(k[-1], ())) if k else set(keys)
        for c in sorted(longer, key=position.__getitem__):
            if c == k or len(c) <= len(k):
                continue
            if len(k) == 1 and k[0] != c[-1] and c not in person_keys and k not in person_keys:
                continue  # "Islamic" (law) is no short form of "Islamic Emirate"; "Kim" of a person is
            if set(k) <= set(c) or _same_person(k, c):
                if target is None or key_count[canon.get(c, c)] > key_count[canon.get(target, target)]:
                    target = c
        if target is None:
            for c in (ending.get(k[-1], ()) if k else keys):
                if c != k and len(c) == len(k) and _same_person(k, c) and (key_count[c], c) > (key_count[k], k):
                    target = c
        canon[k] = canon.get(target, target) if target else k
    # the display name of a concept: its most frequent full form
    display = {}
    for k in keys:
        display.setdefault(canon[k], " ".join(canon[k]))
    concept_is_person = {canon[k] for k in person_keys}

    @lru_cache(maxsize=None)
    def aliased(joined: str) -> str | None:
        for concept, rx in alias_rx:
            if rx.fullmatch(joined):
                return concept
        return None

    @lru_cache(maxsize=None)
    def name_concept(tokens: tuple) -> str | None:
        concept = aliased(" ".join(tokens))
        if concept:
            return concept
        key = name_key_of(tokens)
        country = country_in(key)
        if country and len(country_key_of(key)) == len(key):
            return country
        if key in canon:
            # "Islamic" -> "Islamic Emirate of Afghanistan", which the story's aliases may name
            return aliased(" ".join(canon[key])) or _title(canon[key], display)
        if country:
            return country
        return None

    countries = set(lex.countries.values())

    # 2) first pass: names, name-modified nominals; collect head -> concept associations
    results: list[list[tuple[str, str] | None]] = []
    assoc: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    named: set = set()  # concepts seen as a name, not only as a modifier ("south Asian country")
    for doc, cands in per_doc:
        res: list[tuple[str, str] | None] = []
        for c in cands:
            got = None
            if c.name:
                concept = name_concept(c.name)
                if concept:
                    got = (concept, "name")
            mods = c.modifiers
            if c.own:  # "US-backed" says who backs it, not who it is
                mods = tuple(m for m in mods if not lex.contradicts.fullmatch(m))
            if mods and (got is None or got[0] in countries):
                mod_names = mod_names_of(mods)
                # a non-country name modifier ("Taliban government", "Trump administration") wins
                by_mod = [name_concept(m) for m in mod_names if name_concept(m) and not country_in(name_key_of(m))]
                country = country_in(name_key_of(mods))
                if by_mod:
                    got = (by_mod[-1], "modifier")
                elif got is None and country and c.head_kind != "thing" and not c.own:
                    got = (country, "country")
            if got and got[1] != "modifier":
                named.add(got[0])
            if got and c.head and c.head_kind != "thing":
                assoc[c.head][got[0]] += 1
            if got:
                if got[0] not in kinds:  # (speed: the kind worked out only for a new concept)
                    kinds[got[0]] = "person" if (c.name and name_key_of(c.name) in person_keys) else "other"
            res.append(got)
        results.append(res)
    # only concepts that are named somewhere lend their concept to other mentions
    assoc = {h: Counter({k: v for k, v in cnt.items() if k in named}) for h, cnt in assoc.items()}
    for k in concept_is_person:
        kinds[_title(k, display)] = "person"
    for country in set(lex.countries.values()):
        kinds[country] = "country"

    # 3) descriptive mentions: the concept their head is attached to elsewhere in the story,
    # else a compatible concept just mentioned (ranked by TF-IDF similarity of contexts),
    # else a concept of their own per head noun.
    ctx = _Contexts(per_doc, results) if use_context else None
    final: list[list[tuple[str, str]]] = []
    for di, ((doc, cands), res) in enumerate(zip(per_doc, results)):
        out = []
        for i, (c, r) in enumerate(zip(cands, res)):
            if r:
                out.append(r)
                continue
            if c.head_kind == "thing":
                out.append((f"the {c.head}", "story-noun"))
                continue
            if c.own:
                out.append((f"the {c.head}", "own"))
                continue
            if assoc.get(c.head):
                best = max(assoc[c.head].items(), key=lambda kv: (kv[1], kv[0]))[0]
                if assoc[c.head][best] >= 2 or len(assoc[c.head]) == 1:
                    out.append((best, "head-association"))
                    continue
            if c.plural and c.head_kind == "org":
                out.append((f"the {c.head}", "head"))  # "those countries" are not one of them
                continue
            want_person = c.head_kind == "person"
            near = []
            for j in range(i - 1, -1, -1):
                if c.sent_id - cands[j].sent_id > 2:
                    break
                rj = out[j]
                if rj[0] not in named or (kinds.get(rj[0]) == "person") != want_person:
                    continue
                if c.head_kind == "nonstate" and kinds.get(rj[0]) == "country":
                    continue  # "the group", "militants" are never a country
                near.append(rj[0])
            # prefer concepts the story elsewhere calls by this head ("the group" -> a group)
            typed = [n for n in near if assoc.get(c.head, {}).get(n)]
            near = typed or near
            if near:
                if ctx is not None and len(set(near)) > 1:
                    sims = {n: ctx.similarity(di, c.sent_id, n) for n in set(near)}
                    # recency breaks ties: earlier entries in `near` are closer
                    best = max(set(near), key=lambda n: (sims[n], -near.index(n)))
                else:
                    best = near[0]
                out.append((best, "context"))
                continue
            out.append((f"the {c.head}", "head"))
        final.append(out)
    return final


_WORDS = re.compile(r"[a-z][a-z'-]+")


class _SublinearTf(dict):
    """count -> ``1.0 + math.log(count)`` (a term's sublinear tf), filled on lookup: the same
    float as computing it, for a dict lookup. Keyed on counts, so small; bounded all the same."""

    def __missing__(self, count: int) -> float:
        if len(self) > 1 << 12:
            self.clear()
        tf = self[count] = 1.0 + math.log(count)
        return tf


_SUBLINEAR_TF = _SublinearTf()


class _Contexts:
    """TF-IDF (sublinear tf, smoothed idf, over the story's sentences) similarity between a
    sentence and the sentences where a concept was named; built lazily, only when a mention has
    more than one candidate concept nearby."""

    def __init__(self, per_doc, results):
        self.per_doc, self.results = per_doc, results
        self._words = None
        self._profiles: dict[str, tuple] = {}  # concept -> (word counts, norm of their weights)
        self._queries: dict[tuple, dict] = {}

    def _prepare(self):
        # per (version, sentence) its words in order (a Counter of them is the sentence's term
        # counts, built only for the sentences compared)
        words = self._words = {}
        stop = _STOP.__contains__
        for di, (doc, _) in enumerate(self.per_doc):
            kept = doc.kept_sentences
            starts, ends = [s.start for s in kept], [s.end for s in kept]
            # the lower-cased text gives the words of each lower-cased sentence: the pattern reads
            # ASCII letters only, and lowered_text keeps every offset; searched in place, as the
            # pattern has no anchor or look-around that the sentence's ends would change
            low = doc.lowered_text
            if low is not None:
                found = map(_WORDS.findall, repeat(low), starts, ends)
            else:
                found = map(_WORDS.findall, map(str.lower, map(doc.text.__getitem__, map(slice, starts, ends))))
            # (speed: sentence by sentence in C, no Python step per sentence)
            words.update(zip(zip(repeat(di), [s.sent_id for s in kept]), map(list, map(filterfalse, repeat(stop), found))))
        n = len(words)
        # document frequency: the sentences holding each word (one count per sentence)
        df = Counter(chain.from_iterable(map(set, words.values())))
        # math.log((1 + n) / (1 + f)) + 1.0 for each word, each step in C
        ratios = map(truediv, repeat(1 + n), map(add, repeat(1), df.values()))
        self._idf = dict(zip(df, map(add, map(math.log, ratios), repeat(1.0))))
        self._sents_of: dict[str, list] = defaultdict(list)
        for di, ((_, cands), res) in enumerate(zip(self.per_doc, self.results)):
            for c, r in zip(cands, res):
                if r:
                    self._sents_of[r[0]].append((di, c.sent_id))

    def _weights(self, counts: dict) -> dict:
        """``{w: (1.0 + log(f)) * idf(w)}`` in the order of ``counts`` (each step in C)."""
        keys = list(counts)
        return dict(zip(keys, map(mul, map(_SUBLINEAR_TF.__getitem__, counts.values()),
                                  map(self._idf.get, keys, repeat(1.0)))))

    def _vector(self, counts: dict) -> dict:
        v = self._weights(counts)
        norm = math.sqrt(sum(map(mul, v.values(), v.values()))) or 1.0
        return dict(zip(v, map(truediv, v.values(), repeat(norm))))

    def similarity(self, di: int, sent_id: int, concept: str) -> float:
        if self._words is None:
            self._prepare()
        prof = self._profiles.get(concept)
        if prof is None:
            # speed: the word counts of the sentences naming the concept (a sentence naming it n
            # times counted n times), summed in C, in the order they name it: the same counts,
            # words in the same first-seen order as adding one sentence after another
            total = Counter(chain.from_iterable(map(self._words.get, self._sents_of.get(concept, ()), repeat(()))))
            # speed: a profile is long and only its weights for the query's words are read, so
            # only its norm is kept with the counts: the weights read are worked out at lookup,
            # and divided by the norm then (the same floats as a normalised weight vector)
            w = list(map(mul, map(_SUBLINEAR_TF.__getitem__, total.values()), map(self._idf.get, total, repeat(1.0))))
            prof = self._profiles[concept] = (total, math.sqrt(sum(map(mul, w, w))) or 1.0)
        q = self._queries.get((di, sent_id))
        if q is None:  # cached: a sentence is compared with several concepts
            q = self._queries[(di, sent_id)] = self._vector(Counter(self._words.get((di, sent_id), ())))
        total, norm = prof
        # the words the profile lacks add 0.0 each: leaving them out gives the same float
        common = list(filter(total.__contains__, q))
        v = map(mul, map(_SUBLINEAR_TF.__getitem__, map(total.__getitem__, common)), map(self._idf.get, common, repeat(1.0)))
        return float(sum(map(mul, map(q.__getitem__, common), map(truediv, v, repeat(norm)))))


def _country_key(key: tuple, lex: _Lex) -> tuple:
    for i in range(len(key)):
        for j in range(len(key), i, -1):
            if key[i:j] in lex.country_tokens:
                return key[i:j]
    return ()


def _mod_names(mods: tuple, lex: _Lex) -> list[tuple]:
    """Split capitalised modifiers into name chunks at actor nouns ("taliban", "foreign ministry")."""
    chunks, cur = [], []
    for m in mods:
        parts = m.split("-")
        if len(parts) > 1 and parts[-1] in lex.affixes:
            m = "-".join(parts[:-1])  # "taliban-led" -> "taliban"
        if m in lex.nouns or m in _STOP or m == "'s" or not re.match(r"[a-z.]", m):
            if cur:
                chunks.append(tuple(cur))
            cur = []
        else:
            cur.append(m)
    if cur:
        chunks.append(tuple(cur))
    return chunks


def _title(key: tuple, display: dict) -> str:
    s = display.get(key, " ".join(key))
    return " ".join(w.upper() if "." in w else w.capitalize() for w in s.split())


# --------------------------------------------------------------------------- labels, flags


@lru_cache(maxsize=1 << 14)  # speed: the same labels recur in every story
def normalise_label(label: str) -> str:
    """Group label variants: case-folded, leading determiner and typographic quotes removed.

    Parameters
    ----------
    label : str
        A label as written ("The Taliban’s “government”").

    Returns
    -------
    str
        Accents and case folded, curly quotes straightened, white space collapsed, a leading
        "the", "a" or "an" dropped.
    """
    s = _fold(label).replace("‘", "'").replace("“", '"').replace("”", '"')
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^(?:the|a|an)\s+", "", s)
    return s


# --------------------------------------------------------------------------- fast caseless matching

# Speed: a big case-insensitive alternation costs sre a case-folded comparison per alternative at
# every word start. Matching the same pattern case-sensitively on ``text.lower()`` lets sre skip
# alternatives on their first literal, and gives the same spans when (checked over all of Unicode)
# the text holds none of these three characters (the only ones whose re.IGNORECASE match differs
# from a match of their lower case, or whose lower case is longer than one character) and the
# pattern has no upper-case literal, no backreference and no inline flags.
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f]")


def _caseless_safe(items) -> bool:
    from re import _constants as C

    def lit_ok(code: int) -> bool:
        return code < 128 and not chr(code).isupper()

    cats = {C.CATEGORY_DIGIT, C.CATEGORY_NOT_DIGIT, C.CATEGORY_SPACE, C.CATEGORY_NOT_SPACE,
            C.CATEGORY_WORD, C.CATEGORY_NOT_WORD}
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL):
            ok = lit_ok(av)
        elif op is C.IN:
            ok = all(
                lit_ok(a) if o is C.LITERAL
                else (a[1] < 128 and (a[1] < 65 or a[0] > 90)) if o is C.RANGE
                else a in cats if o is C.CATEGORY
                else o is C.NEGATE
                for o, a in av
            )
        elif op in (C.ANY, C.AT):
            ok = True
        elif op is C.BRANCH:
            ok = all(_caseless_safe(b) for b in av[1])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            ok = _caseless_safe(av[2])
        elif op is C.SUBPATTERN:
            ok = not av[1] and not av[2] and _caseless_safe(av[3])
        elif op in (C.ASSERT, C.ASSERT_NOT):
            ok = _caseless_safe(av[1])
        elif op is C.ATOMIC_GROUP:
            ok = _caseless_safe(av)
        else:
            ok = False
        if not ok:
            return False
    return True


def _bars_and_closes(pattern: str) -> tuple[list[int], list[int]] | None:
    """Positions of ``pattern``'s top-level ``|`` and of the ``)`` that bring it back to the top
    level (escapes and character classes skipped); None when its brackets do not balance."""
    bars, closes, depth, i, n = [], [], 0, 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: "]" right after "[" or "[^" is a member, not its end
            i += 1
            if pattern[i:i + 1] == "^":
                i += 1
            if pattern[i:i + 1] == "]":
                i += 1
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            if i >= n:
                return None
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                closes.append(i)
        elif ch == "|" and depth == 0:
            bars.append(i)
        i += 1
    return (bars, closes) if depth == 0 else None


def _flat_alternatives(pattern: str) -> list[str] | None:
    """The top-level alternatives of ``pattern``, each alternative that is one whole
    non-capturing group (``(?:a|b)``) replaced by its own alternatives, in order: the same
    matches, since the regex engine tries them in that order either way. None when the
    brackets do not balance."""
    found = _bars_and_closes(pattern)
    if found is None:
        return None
    cuts = [-1, *found[0], len(pattern)]
    out = []
    for a, b in zip(cuts, cuts[1:]):
        alt = pattern[a + 1:b]
        inner = _one_group(alt)
        if inner is None:
            out.append(alt)
            continue
        sub = _flat_alternatives(inner)
        if sub is None:
            return None
        out.extend(sub)
    return out


def _one_group(alt: str) -> str | None:
    """The inside of ``alt`` when ``alt`` is one non-capturing group, ``(?:...)``, from its
    first character to its last (not ``(?:x)(?:y)`` nor ``(?:x)?``); else None."""
    if not (alt.startswith("(?:") and alt.endswith(")")):
        return None
    found = _bars_and_closes(alt)
    if found is None or found[1][0] != len(alt) - 1:
        return None
    return alt[3:-1]


_WORD_EDGES = (r"(?<![\w-])(?:", r")(?![\w-])"), (r"\b(?:", r")\b")


def _faster(pattern: str) -> str:
    r"""A pattern that matches exactly as ``pattern`` (case-sensitively) but runs faster, for
    the word-list patterns of the frame, loaded-term and spelling lexicons; ``pattern`` itself
    when it has another shape.

    Such a pattern is ``(?<![\w-])(?:alt|alt|...)(?![\w-])`` or ``\b(?:...)\b``, and at every
    word start the regex engine tries each of its dozens of alternatives in turn. Rewritten:

    * nested groups of alternatives are flattened (the same alternatives in the same order);
    * alternatives are grouped by their first character, a lower-case ASCII letter or digit
      (``war|wars?|clash`` -> ``w(?:ar|ars?)|c(?:lash)``): at one position only the group of
      that character can match, and inside it the order is kept, so the first alternative
      that matches is the same;
    * a leading ``(?<![\w-])`` becomes ``\b(?<!-)``, the same test when the next character is
      a word character (every alternative starts with one), but an engine check that fails
      at once inside a word.

    Only for patterns without capturing groups or backreferences (grouping reorders them).
    """
    for head, tail in _WORD_EDGES:
        if pattern.startswith(head) and pattern.endswith(tail):
            break
    else:
        return pattern
    body = pattern[len(head):-len(tail)]
    if _one_group("(?:" + body + ")") is None:
        return pattern  # head and tail do not enclose one group
    alts = _flat_alternatives(body)
    if alts is None:
        return pattern
    if re.search(r"\(\?P?[=<>!]|\((?!\?)|\\\d|\(\?P=", body):
        return pattern  # a capture, a backreference or a look-around inside: leave it
    groups: dict[str, list[str]] = {}
    for a in alts:
        if len(a) < 1 or not ("a" <= a[0] <= "z" or "0" <= a[0] <= "9") or a[1:2] in ("?", "*", "+", "{"):
            return pattern
        groups.setdefault(a[0], []).append(a[1:])
    new_head = r"\b(?<!-)(?:" if head.startswith("(?<!") else head
    out = new_head + "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in groups.items()) + tail
    if len(_FAST_PARTS) > 4096:  # bounded (a story may bring its own frame lexicon)
        _FAST_PARTS.clear()
    _FAST_PARTS[out] = (new_head[2:], tuple((c, tuple(rest)) for c, rest in groups.items()), tail)
    return out


#: the parts of each pattern :func:`_faster` made: ``(head after \b, ((first character,
#: alternatives after it), ...), tail)``, for :func:`_joint` (keyed on patterns of word lists)
_FAST_PARTS: dict[str, tuple] = {}


class _Caseless:
    """A case-insensitive pattern whose :meth:`spans` equal ``re.compile(pattern, re.I).finditer``
    but run faster (see ``_CASE_TRAPS``). ``full`` is the plain case-insensitive pattern."""

    def __init__(self, pattern: str):
        from re import _parser

        self.full = re.compile(pattern, re.I)
        parsed = _parser.parse(pattern)
        safe = not (parsed.state.flags & ~re.UNICODE) and _caseless_safe(parsed)
        self.fast = re.compile(_faster(pattern)) if safe else None

    def spans(self, text: str, lowered: str | None, pos: int, endpos: int):
        """``(start, end)`` of each match in ``text[pos:endpos]``; ``lowered`` is :func:`_lowered` (text)."""
        if lowered is not None and self.fast is not None:
            return [m.span() for m in self.fast.finditer(lowered, pos, endpos)]
        return [m.span() for m in self.full.finditer(text, pos, endpos)]

    def spans_in(self, text: str, lowered: str | None, ranges) -> list[list]:
        """``self.spans(text, lowered, a, b)`` for each ``(a, b)`` of ``ranges``."""
        if lowered is not None and self.fast is not None:
            finditer, within = self.fast.finditer, lowered
        else:
            finditer, within = self.full.finditer, text
        return [[m.span() for m in finditer(within, a, b)] for a, b in ranges]


def spans_of_all(matchers: Sequence[_Caseless], text: str, lowered: str | None, ranges) -> list[list[list]]:
    """``[m.spans_in(text, lowered, ranges) for m in matchers]``, with one search for them all.

    Searching each of several word-list patterns through a sentence costs a pass of the regex
    engine over every character per pattern; :func:`_joint` finds, in one pass, every word
    start where at least one of them matches and which ones do (and where each match ends).
    Each pattern's own matches are then those a search of it alone finds: from the start of
    the range, at each of its match positions in turn that is not inside its previous match.

    Parameters
    ----------
    matchers : sequence of _Caseless
        Case-insensitive patterns (as the frame and loaded-label lexicons are compiled).
    text : str
        The text searched; spans are offsets into it.
    lowered : str or None
        :attr:`~framing.document.Document.lowered_text` of ``text``; None searches ``text``
        case-insensitively, pattern by pattern.
    ranges : iterable of (int, int)
        ``(start, end)`` ranges of ``text`` to search (e.g. the kept sentences).

    Returns
    -------
    list of list of list of (int, int)
        ``out[i][j]``: the ``(start, end)`` spans of ``matchers[i]`` inside the ``j``-th range,
        in order: exactly the spans a search of that pattern alone finds.
    """
    joint = _joint(tuple(m.fast.pattern for m in matchers)) if lowered is not None and all(
        m.fast is not None for m in matchers) else None
    if joint is None:
        return [m.spans_in(text, lowered, ranges) for m in matchers]
    ranges = list(ranges)
    k = len(matchers)
    # speed: most ranges hold no match, so the empty lists are made in one go and a range's
    # bookkeeping only once it has a match
    out = [[[] for _ in ranges] for _ in range(k)]
    groups = range(1, k + 1)
    finditer = joint.finditer
    for r, (a, b) in enumerate(ranges):
        after = None  # where each pattern's next match may start
        for m in finditer(lowered, a, b):
            if after is None:
                after = [a] * k
            p = m.start()
            for g, e in zip(groups, map(m.end, groups)):
                if e >= 0 and p >= after[g - 1]:
                    out[g - 1][r].append((p, e))
                    after[g - 1] = e
    return out


@lru_cache(maxsize=64)
def _joint(patterns: tuple[str, ...]) -> re.Pattern | None:
    r"""``\b(?=P1|P2|...)(?=(P1)?)(?=(P2)?)...``: matches (empty) at each word start where one of
    ``patterns`` (each ``\b`` + a body that cannot match the empty string, with no group of its
    own) matches; group ``i`` is that pattern's match there. None for other patterns."""
    from re import _parser

    bodies = []
    for p in patterns:
        if not p.startswith(r"\b"):
            return None
        body = p[2:]
        try:
            parsed = _parser.parse(body)
        except re.error:
            return None
        if parsed.state.groups > 1 or parsed.getwidth()[0] == 0 or body[:1] in ("*", "+", "?", "{"):
            return None
        bodies.append(body)
    if not bodies or len(bodies) > 90:
        return None
    return re.compile(r"\b(?=" + _guard(patterns, bodies) + ")" + "".join(f"(?=({b})?)" for b in bodies))


def _guard(patterns: tuple[str, ...], bodies: list[str]) -> str:
    r"""A pattern that matches where one of ``bodies`` matches (``patterns``, without their
    ``\b``): their alternation, or for patterns :func:`_faster` made, their alternatives
    grouped by first character across all the patterns of the same head and tail. At a word
    start the regex engine then compares the first character with each group of the union
    (a few dozen) rather than with each group of each pattern in turn; the lookahead it
    serves only asks whether some alternative matches, whichever."""
    parts = [_FAST_PARTS.get(p) for p in patterns]
    if None in parts:
        return "|".join(f"(?:{b})" for b in bodies)
    merged: dict[tuple[str, str], dict[str, list[str]]] = {}
    for head, groups, tail in parts:
        by_char = merged.setdefault((head, tail), {})
        for c, rest in groups:
            by_char.setdefault(c, []).extend(rest)
    return "|".join(head + "|".join(f"{c}(?:{'|'.join(rest)})" for c, rest in by_char.items()) + tail
                    for (head, tail), by_char in merged.items())


@lru_cache(maxsize=256)
def _caseless(pattern: str) -> _Caseless:
    """One shared :class:`_Caseless` per pattern."""
    return _Caseless(pattern)


def _lowered(text: str) -> str | None:
    """``text.lower()`` when :class:`_Caseless` may match on it, else None (for a document, read
    :attr:`framing.document.Document.lowered_text`: computed once)."""
    return None if _CASE_TRAPS.search(text) else text.lower()


@lru_cache(maxsize=4)
def _spelling_matchers(name: str = "spelling_variants.tsv") -> tuple[_Caseless, _Caseless]:
    return tuple(_Caseless(p.pattern) for p in _spelling_patterns(name))


@lru_cache(maxsize=4)
def _loaded_matcher(name: str = "loaded_labels.tsv") -> _Caseless:
    return _Caseless(_loaded_pattern(name).pattern)


@lru_cache(maxsize=4)
def _spelling_patterns(name: str = "spelling_variants.tsv") -> tuple[re.Pattern, re.Pattern]:
    brit, amer = [], []
    for row in read_lexicon(name):
        b, a = row[0], row[1]
        ends = row[2].split("|") if len(row) > 2 else [""]
        alt = "|".join(re.escape(e) for e in sorted(ends, key=len, reverse=True))
        brit.append(f"{re.escape(b)}(?:{alt})")
        amer.append(f"{re.escape(a)}(?:{alt})")
    return (re.compile(r"\b(?:" + "|".join(brit) + r")\b", re.I), re.compile(r"\b(?:" + "|".join(amer) + r")\b", re.I))


@lru_cache(maxsize=1 << 14)  # speed: the same labels recur in every story
def spelling_of(text: str) -> str:
    """The spelling convention a word or phrase shows (from ``spelling_variants.tsv``).

    Parameters
    ----------
    text : str
        A word or phrase ("recognise", "the organization's plan").

    Returns
    -------
    str
        ``"british"`` or ``"american"`` when only that convention's spellings occur in it; ``""``
        when neither or both do.
    """
    brit, amer = _spelling_patterns()
    b, a = bool(brit.search(text)), bool(amer.search(text))
    return "british" if b and not a else "american" if a and not b else ""


@lru_cache(maxsize=4)
def _loaded_pattern(name: str = "loaded_labels.tsv") -> re.Pattern:
    alts = [row[0] for row in read_lexicon(name)]
    return re.compile(r"\b(?:" + "|".join(f"(?:{a})" for a in alts) + r")\b", re.I)


def loaded_source(label: str, bias_words: frozenset = frozenset()) -> str:
    """Which lexicon flags ``label`` as loaded.

    Parameters
    ----------
    label : str
        A label as written.
    bias_words : frozenset of str, optional
        Folded bias words (BABE's lexicon, :func:`~framing.features.wording.read_bias_words`);
        another kind of set works but its results are not cached.

    Returns
    -------
    str
        ``"framing"`` (``loaded_labels.tsv`` matches), ``"babe"`` (one of its words is in
        ``bias_words``), ``"framing+babe"``, or ``""``.
    """
    if isinstance(bias_words, frozenset):  # hashable: cached, the same labels recur
        return _loaded_source(label, bias_words)
    return _loaded_source.__wrapped__(label, bias_words)


@lru_cache(maxsize=1 << 14)
def _loaded_source(label: str, bias_words: frozenset) -> str:
    src = []
    if _loaded_pattern().search(label):
        src.append("framing")
    if bias_words and any(w in bias_words for w in _fold(label).split()):
        src.append("babe")
    return "+".join(src)


# --------------------------------------------------------------------------- the comparison


def _extract(docs: Sequence[Document]):
    tokens = [_doc_tokens(d) for d in docs]
    heads = story_heads(docs, _tokens=tokens) if len(docs) > 1 else frozenset()
    vocab = _lowercase_words(tokens)
    return [(d, find_mentions(d, heads=heads, lowercase_vocab=vocab, _tokens=st)) for d, st in zip(docs, tokens)]


def story_concepts(per_doc, concepts, *, min_versions: int = 2, min_mentions: int = 2) -> frozenset:
    """The concepts worth a row in ``wording.csv``: actors, countries, groups and named events.

    A concept is kept when it has a name mention or a descriptive mention headed by an actor noun
    (concepts made only of a head noun, "the development", "the office", are not), occurs in at
    least ``min_versions`` versions (all of them, if fewer) or ``min_mentions`` times, and is not a
    platform, agency or formula (``not_concept`` in ``lexicons/concept_rules.tsv``: "posted on X",
    "God willing").

    Parameters
    ----------
    per_doc : sequence of (Document, list of candidates)
        Each version with its candidate mentions.
    concepts : sequence of list of (str, str)
        :func:`resolve_mentions` of ``per_doc``.
    min_versions : int, default 2
        Versions a concept must occur in (at most the number of versions).
    min_mentions : int, default 2
        Mentions that keep a concept found in fewer versions.

    Returns
    -------
    frozenset of str
        The concepts kept.
    """
    lex = _lexicons()
    versions: dict[str, set] = defaultdict(set)
    count: Counter = Counter()
    anchored: set = set()
    for di, ((doc, cands), res) in enumerate(zip(per_doc, concepts)):
        for c, (concept, how) in zip(cands, res):
            versions[concept].add(di)
            count[concept] += 1
            if how in ("name", "modifier", "country", "head-association", "context"):
                anchored.add(concept)
    return frozenset(
        k for k in anchored
        if (len(versions[k]) >= min(min_versions, len(per_doc)) or count[k] >= min_mentions)
        and _fold(k) not in lex.not_concepts
    )


def compare_wording(docs: Sequence[Document], *, bias_lexicon=None, aliases=None, use_context: bool = True) -> WordingComparison:
    """Concepts, their labels per outlet, and the evidence, for the versions of one story.

    Parameters
    ----------
    docs : sequence of Document
        The cleaned versions of one story (only kept sentences are read).
    bias_lexicon : path-like, optional
        BABE's ``bias_word_lexicon.xlsx`` (Spinde et al. 2021; AGPL-3.0, so not shipped), or a
        plain word list; adds ``"babe"`` to the ``loaded`` column for labels holding one of its
        words. See :func:`framing.features.wording.read_bias_words`.
    aliases : path-like, optional
        Story-specific aliases (concept, regular expression), e.g. the story's ``actors.tsv``.
    use_context : bool
        Rank nearby concepts for descriptive mentions by TF-IDF context similarity.

    Returns
    -------
    WordingComparison
        ``wording``: story_id, outlet, concept, label, count, only_this_outlet, loaded,
        spelling (one row per concept, outlet and normalised label; ``label`` is the first
        surface form seen). ``mentions``: one row per :class:`Mention`.
    """
    from ..features.wording import read_bias_words

    bias_words = read_bias_words(bias_lexicon) if bias_lexicon is not None else frozenset()
    per_doc = _extract(docs)
    concepts = resolve_mentions(per_doc, use_context=use_context, aliases=aliases)
    keep = story_concepts(per_doc, concepts)
    rows = []
    new = tuple.__new__  # speed: no NamedTuple constructor frame per mention
    # plain dicts: a pandas groupby per column cost more than the whole resolution; filled as the
    # rows are made (speed: no second pass reading them back)
    counts: Counter = Counter()
    first_form: dict = {}
    label_outlets: dict = defaultdict(set)
    story_outlets: dict = defaultdict(set)
    for (doc, cands), res in zip(per_doc, concepts):
        story_id, outlet, text = doc.story_id, doc.outlet, doc.text
        for c, (concept, how) in zip(cands, res):
            if concept not in keep or c.pronoun:
                continue  # not a story concept, or a pronoun ("their movement"), not a label
            label = text[c.start:c.end]
            rows.append(new(Mention, (story_id, outlet, concept, label, c.sent_id, c.start, c.end, c.kind, c.head, how)))
            norm = normalise_label(label)
            counts[(story_id, outlet, concept, norm)] += 1
            first_form.setdefault((concept, norm), label)
            label_outlets[(story_id, concept, norm)].add(outlet)
            story_outlets[story_id].add(outlet)
    mentions = pd.DataFrame(rows, columns=Mention._fields)
    cols = ["story_id", "outlet", "concept", "label", "count", "only_this_outlet", "loaded", "spelling"]
    out = []
    for (story, outlet, concept, norm), n in counts.items():
        label = first_form[(concept, norm)].strip("'\"‘’“” ")
        only = len(label_outlets[(story, concept, norm)]) == 1 and len(story_outlets[story]) > 1
        out.append((story, outlet, concept, label, n, only, loaded_source(label, bias_words), spelling_of(label)))
    out.sort(key=lambda r: (r[0], r[2], r[1], -r[4], r[3]))
    return WordingComparison(pd.DataFrame(out, columns=cols), mentions)


def baseline_clusters(docs: Sequence[Document], *, how: str = "exact") -> list[list[str]]:
    """Trivial baselines over the same candidate mentions, for the scorer.

    Parameters
    ----------
    docs : sequence of Document
        The cleaned versions of one story.
    how : {"exact", "head"}, default "exact"
        ``"exact"``: one concept per normalised surface string (:func:`normalise_label`).
        ``"head"``: one concept per head noun, or per last name token for names.

    Returns
    -------
    list of list of str
        Per document, the baseline concept of each candidate mention, in candidate order.
    """
    per_doc = _extract(docs)
    out = []
    for doc, cands in per_doc:
        labels = []
        for c in cands:
            if how == "exact":
                labels.append(normalise_label(doc.text[c.start:c.end]))
            else:
                key = _name_key(c.name)
                labels.append(c.head if c.head else (key[-1] if key else normalise_label(doc.text[c.start:c.end])))
        out.append(labels)
    return out
