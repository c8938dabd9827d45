"""One story in, every table out: clean, segment, extract per version, compare across versions.

``analyze(story)`` returns a :class:`StoryAnalysis` that holds the cleaned documents and one
pandas DataFrame per output table (the contract in ``framing.io.TABLE_COLUMNS``). Every row that
points into a text carries ``(story_id, outlet, start, end)`` so ``text[start:end]`` is its
evidence.
"""

from __future__ import annotations

__all__ = ["AnalysisOptions", "StoryAnalysis", "analyze", "analyze_corpus", "feature_union"]

import gc
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from itertools import chain, repeat
from typing import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd
from sklearn.pipeline import FeatureUnion

from .clean import CleaningOptions, clean_story
from .corpus import Corpus, Story
from .document import Document
from .io import TABLE_COLUMNS, ordered
from .segment import Sentence, count_words


@dataclass(frozen=True)
class AnalysisOptions:
    """Parameters of a run (recorded in the manifest)."""

    cleaning: CleaningOptions = field(default_factory=CleaningOptions)

    def as_dict(self) -> dict:
        """The options as a flat dict for the manifest.

        Returns
        -------
        dict
            Dotted names (``cleaning.cross_version``) -> values; values that are not JSON scalars are
            written as strings.
        """
        return {k: (str(v) if not isinstance(v, (int, float, bool, str, type(None))) else v)
                for k, v in _flatten(asdict(self)).items()}


def _flatten(d: dict, prefix: str = "") -> dict:
    out = {}
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = v
    return out


@dataclass
class StoryAnalysis:
    """The result of :func:`analyze` for one story.

    Attributes
    ----------
    story : Story
    documents : list of Document
        The versions, cleaned (sentences marked kept or dropped).
    tables : dict of str to DataFrame
        One per name of ``framing.io.TABLE_COLUMNS`` (``articles``, ``sentences``, ``hedges``,
        ``quotes``, ``quote_shares``, ``facts``, ``omissions``, ``fact_coverage``, ``wording``,
        ...); columns as ``TABLE_COLUMNS`` (then any extra columns).
    """

    story: Story
    documents: list[Document]
    tables: dict[str, pd.DataFrame]

    def __getattr__(self, name):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)


def feature_union() -> FeatureUnion:
    """All per-version extractors as one scikit-learn FeatureUnion with pandas output.

    Returns
    -------
    sklearn.pipeline.FeatureUnion
        Sentiment, hedging, quotes, wording, frames and readability transformers, unfitted, set
        to give a pandas DataFrame.
    """
    transformers = _feature_transformers()
    union = FeatureUnion(transformers, verbose_feature_names_out=False)
    return union.set_output(transform="pandas")


def _feature_transformers() -> list:
    from .features.hedging import HedgingFeatures
    from .features.quotes import QuoteFeatures
    from .features.readability import ReadabilityFeatures
    from .features.frames import FramesFeatures
    from .features.sentiment import SentimentFeatures
    from .features.wording import WordingFeatures

    return [
        ("sentiment", SentimentFeatures()),
        ("hedging", HedgingFeatures()),
        ("quotes", QuoteFeatures()),
        ("wording", WordingFeatures()),
        ("frames", FramesFeatures()),
        ("readability", ReadabilityFeatures()),
    ]


def _story_file(story: Story, name: str) -> Path | None:
    """``name`` in the story's folder (a researcher's editable list), if there is one."""
    if story.path and Path(story.path).is_dir() and (Path(story.path) / name).is_file():
        return Path(story.path) / name
    return None


def _frame_lexicons(story: Story) -> list:
    """The generic frames, and the story's own ``frames.tsv`` if it has one."""
    topic_frames = _story_file(story, "frames.tsv")
    return ["generic_frames.tsv"] + ([topic_frames] if topic_frames else [])


def _wording_tables(story: Story, docs: list[Document], frame_cues: list[list]) -> dict[str, pd.DataFrame]:
    from .compare.wording import compare_wording
    from .features.frames import frames_table

    comparison = compare_wording(docs, aliases=_story_file(story, "concepts.tsv"))
    shares, assigned = frames_table(docs, lexicon=_frame_lexicons(story), cues=frame_cues)
    return {
        "wording": comparison.wording,
        "label_mentions": comparison.mentions,
        "frames": pd.DataFrame(shares, columns=TABLE_COLUMNS["frames"]),
        "frame_cues": pd.DataFrame(assigned, columns=TABLE_COLUMNS["frame_cues"]),
    }


def _per_doc_frame(docs: list[Document], per_doc: list[list], fields: Sequence[str],
                   extra: dict[str, list] | None = None) -> pd.DataFrame:
    """One row per named tuple of ``per_doc[i]``, after the ``story_id`` and ``outlet`` of
    ``docs[i]`` (columns ``story_id``, ``outlet``, ``*fields``, then those of ``extra``: a
    value per row); built column by column."""
    columns = ["story_id", "outlet", *fields, *(extra or ())]
    counts = [len(rows) for rows in per_doc]
    if not sum(counts):
        return pd.DataFrame([], columns=columns)
    data = {
        "story_id": [sid for d, n in zip(docs, counts) for sid in repeat(d.story_id, n)],
        "outlet": [o for d, n in zip(docs, counts) for o in repeat(d.outlet, n)],
    }
    data.update(zip(fields, map(list, zip(*chain.from_iterable(per_doc)))))
    data.update(extra or {})
    return pd.DataFrame(data)  # (the keys are the columns, in order)


def _fact_tables(docs: list[Document]) -> dict[str, pd.DataFrame]:
    from .compare.facts import compare_facts

    comparison = compare_facts(docs)
    return {"facts": comparison.facts, "omissions": comparison.omissions, "fact_conflicts": comparison.conflicts,
            "possible_carriers": comparison.possible,
            "fact_coverage": fact_coverage_table(docs, comparison)}


def fact_coverage_table(docs: Sequence[Document], comparison) -> pd.DataFrame:
    """The fact x outlet matrices of a fact comparison as a tidy table (``fact_coverage.csv``).

    One row per fact (in ``facts.csv`` order) and version (in the comparison's order): how many
    mentions the version has (``n_mentions``, 0 = not carried), the prominence of its first
    mention (``placement``: ``lead``, ``body``, ``end``; ``""`` when not carried), that
    mention's ``sent_id``, ``start``, ``end`` (-1 when not carried: the row of ``facts.csv``
    with these offsets is the evidence) and ``possible_carrier`` (the cell is a row of
    ``possible_carriers.csv``: the version may tell the fact in other words).

    Parameters
    ----------
    docs : sequence of Document
        The versions compared.
    comparison : FactComparison
        :func:`~framing.compare.facts.compare_facts` of ``docs``.

    Returns
    -------
    pandas.DataFrame
        Columns ``TABLE_COLUMNS["fact_coverage"]``.
    """
    coverage, placement, facts = comparison.coverage, comparison.placement, comparison.facts
    columns = TABLE_COLUMNS["fact_coverage"]
    if coverage.empty:
        return pd.DataFrame([], columns=columns)
    story_of = {d.outlet: d.story_id for d in docs}
    first: dict[tuple, tuple] = {}  # (fact_id, outlet) -> (sent_id, start, end) of its first mention
    for fid, outlet, sent_id, start, end in zip(*(facts[c].tolist() for c in ("fact_id", "outlet", "sent_id", "start", "end"))):
        key = (fid, outlet)
        if key not in first or (sent_id, start, end) < first[key]:
            first[key] = (sent_id, start, end)
    possible = set(zip(comparison.possible["fact_id"].tolist(), comparison.possible["outlet"].tolist()))
    outlets = list(coverage.columns)
    counts, places = coverage.to_numpy(), placement.to_numpy()
    rows = []
    for i, fid in enumerate(coverage.index.tolist()):
        for j, outlet in enumerate(outlets):
            n = int(counts[i, j])
            span = first.get((fid, outlet), (-1, -1, -1)) if n else (-1, -1, -1)
            place = places[i, j] if n else ""
            rows.append((story_of.get(outlet, ""), fid, outlet, n, "" if place is None else str(place), *map(int, span),
                         (fid, outlet) in possible))
    return pd.DataFrame(rows, columns=columns)


#: Without an ``actors.tsv``, the actors are the story's most-mentioned named concepts that at
#: least two versions carry (from the wording comparison), at most this many.
MAX_DISCOVERED_ACTORS = 6


def discovered_actors(mentions: pd.DataFrame, n_versions: int) -> dict[str, list[str]]:
    """Actors for a story without an ``actors.tsv``: ``{concept: [alias pattern, ...]}``.

    The concepts of the wording comparison (``label_mentions``) carried by two or more versions
    (all of them when the story has one version), most mentioned first; each alias is a label as
    written that names the concept (it holds a capitalised word or initials: "Taliban
    government", "U.S.", not "the group", which only the wording comparison's coreference can
    resolve, nor a capitalised pronoun such as "I'll").

    Parameters
    ----------
    mentions : pandas.DataFrame
        The story's ``label_mentions`` table (columns ``concept``, ``outlet``, ``label`` at
        least).
    n_versions : int
        The story's versions.

    Returns
    -------
    dict of str to list of str
        At most :data:`MAX_DISCOVERED_ACTORS` concepts -> their labels as escaped regular
        expressions (sorted), in the format :func:`~framing.features.target_sentiment.read_actors`
        returns.
    """
    import re

    need = min(2, n_versions)
    count: dict[str, int] = {}
    outlets: dict[str, set] = {}
    labels: dict[str, set] = {}
    name = re.compile(r"\b[A-Z](?:[a-zA-Z]|\.[A-Z])")
    # plain lists (iterating pandas columns costs more), and each distinct label searched once
    concepts, outlet_col, label_col = (mentions[c].tolist() for c in ("concept", "outlet", "label"))
    named = {label for label in set(label_col) if name.search(label)}
    for concept, outlet, label in zip(concepts, outlet_col, label_col):
        count[concept] = count.get(concept, 0) + 1
        outlets.setdefault(concept, set()).add(outlet)
        if label in named:
            labels.setdefault(concept, set()).add(label)
    ranked = sorted((c for c in count if len(outlets[c]) >= need and c in labels), key=lambda c: (-count[c], c))
    return {c: [re.escape(lab) for lab in sorted(labels[c])] for c in ranked[:MAX_DISCOVERED_ACTORS]}


def _sentiment_tables(story: Story, docs: list[Document], scores: list[list], mentions: pd.DataFrame,
                      analyses: list[list]) -> dict[str, pd.DataFrame]:
    from .features.sentiment import SentenceSentiment
    from .features.target_sentiment import ActorSentiment, load_target_sentiment_model, read_actors, story_actor_sentiment

    actors_file = _story_file(story, "actors.tsv")
    actors = read_actors(actors_file) if actors_file else discovered_actors(mentions, len(docs))
    model = load_target_sentiment_model()
    # the sentence pass's token valences: no second VADER run per actor mention; the mentions
    # of all versions featurised at once
    per_doc = story_actor_sentiment(docs, actors, model=model, analyses=analyses)
    return {
        "sentiment": _per_doc_frame(docs, scores, SentenceSentiment._fields),
        "actor_sentiment": _per_doc_frame(docs, per_doc, ActorSentiment._fields),
    }


def _quote_tables(docs: list[Document], quotes: list[list], n_words: list[int]) -> dict[str, pd.DataFrame]:
    """``quotes`` (with ``only_this_outlet``: :func:`~framing.compare.quotes.unique_quotes`) and
    ``quote_shares`` (:func:`~framing.compare.quotes.quote_shares`; ``n_words``: the kept words
    of each version, as ``articles.csv`` counts them)."""
    from .compare.quotes import QuoteRow, compare_quotes, quote_shares, unique_quotes

    rows = compare_quotes(docs, quotes=quotes)
    # rows as tuples: pandas reads a list of dicts key by key, cell by cell
    table = pd.DataFrame(rows, columns=list(QuoteRow._fields))
    unique = {(r.outlet, r.quote_id) for r in unique_quotes(rows)}
    table["only_this_outlet"] = pd.Series([(r.outlet, r.quote_id) in unique for r in rows], dtype=bool)
    return {"quotes": table, "quote_shares": quote_shares(rows, docs, n_words=n_words)}


def _distinct_speakers(docs: list[Document], quotes: pd.DataFrame) -> list[float]:
    """Per version (in ``docs`` order), the distinct ``speaker_id`` of its quotes (the cross-version
    identity: "the ministry" and "the Russian Foreign Ministry" count once); quotes without a
    speaker do not count. Floats, as the other counts of ``articles.csv``."""
    ids: dict[str, set] = {}
    for outlet, sid in zip(quotes["outlet"].tolist(), quotes["speaker_id"].tolist()):
        if isinstance(sid, str) and sid:
            ids.setdefault(outlet, set()).add(sid)
    return [float(len(ids.get(d.outlet, ()))) for d in docs]


def _hedge_table(docs: list[Document], hedges: list[list]) -> pd.DataFrame:
    from .features.hedging import Hedge

    return _per_doc_frame(docs, hedges, Hedge._fields)


def _sentence_table(docs: list[Document]) -> pd.DataFrame:
    # the Sentence fields are the table's columns from sent_id to drop_reason, in order
    text = [d.text[s.start:s.end] for d in docs for s in d.sentences]
    return _per_doc_frame(docs, [d.sentences for d in docs], Sentence._fields, {"text": text})


def _feature_columns(docs: list[Document], scores: list[list], quotes: list[list], hedges: list[list],
                     n_words: list[int], frame_cues: list[list], frame_lexicon: list) -> dict[str, np.ndarray]:
    """The columns of :func:`feature_union` without scoring sentences, finding quotes, hedges or
    frame cues, or counting words again."""
    from .features.frames import cues_of_subset
    from .features.quotes import quote_feature_row

    columns: dict[str, np.ndarray] = {}
    for name, transformer in _feature_transformers():
        transformer.fit(docs)
        if name == "sentiment":
            values = [transformer.row_from_scores(s) for s in scores]
        elif name == "quotes":
            values = [quote_feature_row(d, q, n_words=n) for d, q, n in zip(docs, quotes, n_words)]
        elif name == "hedging":
            values = [transformer.row_from_hedges(d, h, n_words=n) for d, h, n in zip(docs, hedges, n_words)]
        elif name == "frames" and None not in (
                subset := [cues_of_subset(c, frame_lexicon, transformer.lexicon) for c in frame_cues]):
            values = [transformer.row_from_cues(d, c) for d, c in zip(docs, subset)]
        else:
            values = transformer.transform(docs)
        names = list(transformer.get_feature_names_out())
        values = np.asarray(values, dtype=float).reshape(len(docs), len(names))
        for j, col in enumerate(names):
            if col in columns:
                raise ValueError(f"two extractors write the column {col!r}")
            columns[col] = values[:, j]
    return columns


def _article_table(docs: list[Document], scores: list[list], quotes: list[list], hedges: list[list],
                   frame_cues: list[list], frame_lexicon: list) -> pd.DataFrame:
    # count_words over the joined kept sentences: its pattern cannot match a line break
    n_words = [count_words(d.kept_text) for d in docs]
    data = {
        "story_id": [d.story_id for d in docs],
        "outlet": [d.outlet for d in docs],
        "path": [d.article.path for d in docs],
        "n_words": n_words,
    }
    data.update(_feature_columns(docs, scores, quotes, hedges, n_words, frame_cues, frame_lexicon))
    return pd.DataFrame(data)


def analyze(story: Story, options: AnalysisOptions | None = None, *, timings: dict | None = None) -> StoryAnalysis:
    """Analyse one story: every table of the output contract.

    Parameters
    ----------
    story : Story
        Its versions as loaded (``framing.load_story`` or ``framing.load_corpus``).
    options : AnalysisOptions, optional
    timings : dict, optional
        When given, the CPU seconds of the calling thread spent in each stage (``clean``,
        ``sentence sentiment``, ``quotes``, ...) are added to it: ``analyses/benchmark.py``
        reads where the time goes. CPU time of this thread, not wall time, so that other
        processes on a shared machine, or other threads analysing other stories, do not
        inflate a stage.

    Returns
    -------
    StoryAnalysis

    Notes
    -----
    Python's automatic garbage collection is paused while the story is analysed and put back as
    it was afterwards (see ``_gc_paused``): the same results, in less time.
    """
    with _gc_paused():
        return _analyze(story, options or AnalysisOptions(), timings)


_gc_lock = threading.Lock()
_gc_users = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused():
    """Automatic garbage collection off while stories are analysed, back as it was after.

    Analysing a story keeps tens of thousands of small objects (tokens, spans, rows) alive at
    once; with the collector on, they set off collections that walk every object of the process
    (the loaded libraries and models: about 70 ms each), about 7 % of the time of a run over
    many stories (``analyses/benchmark.py``).
    Reference counting still frees everything as usual; reference cycles made while a story is
    analysed are collected once the collector is back on. Counted, so that overlapping calls
    (threads) turn it back on only when the last one ends, and only if it was on before.
    """
    global _gc_users, _gc_was_enabled
    with _gc_lock:
        if _gc_users == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_was_enabled:
                gc.enable()


def _analyze(story: Story, options: AnalysisOptions, timings: dict | None) -> StoryAnalysis:
    from .features.frames import find_frames
    from .features.hedging import find_hedges
    from .features.quotes import find_quotes
    from .features.sentiment import analyze_sentences

    clock = _Stopwatch(timings)
    with clock("clean"):
        docs = clean_story(story, options.cleaning)
    _warn_empty_versions(docs)
    # shared by the feature columns and the sentence / quote / frame tables (each was computed twice)
    with clock("sentence sentiment"):
        analyses = [analyze_sentences(d) for d in docs]  # one VADER run per kept sentence
        scores = [[a.sentiment for a in doc_analyses] for doc_analyses in analyses]
    with clock("quotes: find"):
        quotes = [find_quotes(d) for d in docs]
    with clock("hedges"):
        hedges = [find_hedges(d) for d in docs]
    with clock("wording and frames"):
        frame_lexicon = _frame_lexicons(story)
        frame_cues = [find_frames(d, lexicon=frame_lexicon) for d in docs]
    tables = {}
    with clock("article features"):
        tables["articles"] = _article_table(docs, scores, quotes, hedges, frame_cues, frame_lexicon)
    with clock("sentence table"):
        tables["sentences"] = _sentence_table(docs)
    with clock("hedges"):
        tables["hedges"] = _hedge_table(docs, hedges)
    with clock("quotes: compare"):
        tables.update(_quote_tables(docs, quotes, tables["articles"]["n_words"].tolist()))
        if "n_speakers" in tables["articles"].columns:
            # speakers as one identity across versions (speaker_id), not as written
            tables["articles"]["n_speakers"] = _distinct_speakers(docs, tables["quotes"])
    with clock("wording and frames"):
        tables.update(_wording_tables(story, docs, frame_cues))
    with clock("actor sentiment"):
        tables.update(_sentiment_tables(story, docs, scores, tables["label_mentions"], analyses))
    with clock("facts"):
        tables.update(_fact_tables(docs))
    with clock("table assembly"):
        for name in TABLE_COLUMNS:
            if name not in tables:  # (an empty frame for every name would cost more than the rest)
                tables[name] = pd.DataFrame(columns=TABLE_COLUMNS[name])
        tables = {name: ordered(frame, name) for name, frame in tables.items()}
    return StoryAnalysis(story=story, documents=docs, tables=tables)


def _warn_empty_versions(docs: list[Document]) -> None:
    """One warning per version whose cleaned text keeps no sentence (a file holding only page
    chrome, say): it is analysed as an empty version (0 words, undefined measures, every fact of
    the others counted as left out), so the user must know."""
    from .errors import warn

    for d in docs:
        if d.kept_sentences:
            continue
        reasons = sorted({s.drop_reason or "dropped" for s in d.sentences})
        why = f" (dropped as {', '.join(r.replace('_', ' ') for r in reasons)})" if reasons else ""
        warn(d.article.path or None,
             f"version '{d.outlet}' of story '{d.story_id}' keeps no sentence after cleaning{why}: "
             "analysed as empty (0 words; every fact of the other versions counts as left out)")


class _Stopwatch:
    """``with clock(stage):`` adds the stage's CPU seconds in this thread (``time.thread_time``) to
    ``timings`` (does nothing without one)."""

    def __init__(self, timings: dict | None):
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str):
        if self.timings is None:
            yield
            return
        t0 = time.thread_time()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.thread_time() - t0


def analyze_corpus(stories: Corpus | Iterable[Story], options: AnalysisOptions | None = None) -> Iterator[StoryAnalysis]:
    """Analyse stories one at a time (a generator: memory stays flat).

    Parameters
    ----------
    stories : Corpus or iterable of Story
        The stories, e.g. :func:`~framing.corpus.load_corpus` output or a
        :class:`~framing.corpus.StorySource`.
    options : AnalysisOptions, optional
        The run's parameters; default ``AnalysisOptions()``.

    Yields
    ------
    StoryAnalysis
        One per story, in order (:func:`analyze`).
    """
    for story in stories:
        yield analyze(story, options)
