"""One story in, every table out: clean, segment, extract per version, compare across versions.

``analyze(story)`` returns a :class:`StoryAnalysis` that holds the cleaned documents and one
pandas DataFrame per output table (the contract in ``framing.io.TABLE_COLUMNS``). Every row that
points into a text carries ``(story_id, outlet, start, end)`` so ``text[start:end]`` is its
evidence.
"""

from __future__ import annotations

__all__ = ["AnalysisOptions", "StoryAnalysis", "analyze", "analyze_corpus", "feature_union"]

import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd
from sklearn.pipeline import FeatureUnion

from .clean import CleaningOptions, clean_story
from .corpus import Corpus, Story
from .document import Document
from .io import TABLE_COLUMNS, ordered
from .segment import count_words


@dataclass(frozen=True)
class AnalysisOptions:
    """Parameters of a run (recorded in the manifest)."""

    cleaning: CleaningOptions = field(default_factory=CleaningOptions)

    def as_dict(self) -> dict:
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
        ``articles``, ``sentences``, ``hedges``, ``quotes``, ``facts``, ``omissions``,
        ``wording``; columns as ``framing.io.TABLE_COLUMNS`` (then any extra columns).
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
    """All per-version extractors as one scikit-learn FeatureUnion with pandas output."""
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


def _wording_tables(story: Story, docs: list[Document]) -> dict[str, pd.DataFrame]:
    from .compare.wording import compare_wording
    from .features.frames import frames_table

    comparison = compare_wording(docs, aliases=_story_file(story, "concepts.tsv"))
    topic_frames = _story_file(story, "frames.tsv")
    lexicons = ["generic_frames.tsv"] + ([topic_frames] if topic_frames else [])
    shares, assigned = frames_table(docs, lexicon=lexicons)
    return {
        "wording": comparison.wording,
        "label_mentions": comparison.mentions,
        "frames": pd.DataFrame(shares, columns=TABLE_COLUMNS["frames"]),
        "frame_cues": pd.DataFrame(assigned, columns=TABLE_COLUMNS["frame_cues"]),
    }


def _fact_tables(docs: list[Document]) -> dict[str, pd.DataFrame]:
    from .compare.facts import compare_facts

    comparison = compare_facts(docs)
    return {"facts": comparison.facts, "omissions": comparison.omissions, "fact_conflicts": comparison.conflicts}


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
    """
    import re

    need = min(2, n_versions)
    count: dict[str, int] = {}
    outlets: dict[str, set] = {}
    labels: dict[str, set] = {}
    name = re.compile(r"\b[A-Z](?:[a-zA-Z]|\.[A-Z])")
    for concept, outlet, label in zip(mentions["concept"], mentions["outlet"], mentions["label"]):
        count[concept] = count.get(concept, 0) + 1
        outlets.setdefault(concept, set()).add(outlet)
        if name.search(label):
            labels.setdefault(concept, set()).add(label)
    ranked = sorted((c for c in count if len(outlets[c]) >= need and c in labels), key=lambda c: (-count[c], c))
    return {c: [re.escape(lab) for lab in sorted(labels[c])] for c in ranked[:MAX_DISCOVERED_ACTORS]}


def _sentiment_tables(story: Story, docs: list[Document], scores: list[list], mentions: pd.DataFrame,
                      analyses: list[list]) -> dict[str, pd.DataFrame]:
    from .features.sentiment import SentenceSentiment
    from .features.target_sentiment import ActorSentiment, actor_sentiment, load_target_sentiment_model, read_actors

    actors_file = _story_file(story, "actors.tsv")
    actors = read_actors(actors_file) if actors_file else discovered_actors(mentions, len(docs))
    model = load_target_sentiment_model()
    sentence_rows, actor_rows = [], []
    for d, doc_scores, doc_analyses in zip(docs, scores, analyses):
        key = {"story_id": d.story_id, "outlet": d.outlet}
        sentence_rows += [key | s._asdict() for s in doc_scores]
        # the sentence pass's token valences: no second VADER run per actor mention
        actor_rows += [key | a._asdict() for a in actor_sentiment(d, actors, model=model, analyses=doc_analyses)]
    return {
        "sentiment": pd.DataFrame(sentence_rows, columns=["story_id", "outlet", *SentenceSentiment._fields]),
        "actor_sentiment": pd.DataFrame(actor_rows, columns=["story_id", "outlet", *ActorSentiment._fields]),
    }


def _quote_table(docs: list[Document], quotes: list[list]) -> pd.DataFrame:
    from .compare.quotes import QuoteRow, compare_quotes

    rows = [r._asdict() for r in compare_quotes(docs, quotes=quotes)]
    return pd.DataFrame(rows, columns=list(QuoteRow._fields))


def _hedge_table(docs: list[Document], hedges: list[list]) -> pd.DataFrame:
    rows = [
        {"story_id": d.story_id, "outlet": d.outlet, "sent_id": h.sent_id, "start": h.start, "end": h.end,
         "cue": h.cue, "category": h.category, "subcategory": h.subcategory}
        for d, doc_hedges in zip(docs, hedges)
        for h in doc_hedges
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS["hedges"] + ["subcategory"])


def _sentence_table(docs: list[Document]) -> pd.DataFrame:
    rows = [
        {
            "story_id": d.story_id,
            "outlet": d.outlet,
            "sent_id": s.sent_id,
            "start": s.start,
            "end": s.end,
            "paragraph": s.paragraph,
            "kept": s.kept,
            "drop_reason": s.drop_reason,
            "text": d.text[s.start : s.end],
        }
        for d in docs
        for s in d.sentences
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS["sentences"])


def _feature_frame(docs: list[Document], scores: list[list], quotes: list[list], hedges: list[list]) -> pd.DataFrame:
    """The columns of :func:`feature_union` without scoring sentences or finding quotes or hedges
    again."""
    import numpy as np

    from .features.quotes import quote_feature_row

    blocks = []
    for name, transformer in _feature_transformers():
        transformer.fit(docs)
        if name == "sentiment":
            values = np.asarray([transformer.row_from_scores(s) for s in scores], dtype=float)
        elif name == "quotes":
            values = np.asarray([quote_feature_row(d, q) for d, q in zip(docs, quotes)], dtype=float)
        elif name == "hedging":
            values = np.asarray([transformer.row_from_hedges(d, h) for d, h in zip(docs, hedges)], dtype=float)
        else:
            values = transformer.transform(docs)
        columns = list(transformer.get_feature_names_out())
        blocks.append(pd.DataFrame(values.reshape(len(docs), len(columns)), columns=columns))
    return pd.concat(blocks, axis=1)


def _article_table(docs: list[Document], scores: list[list], quotes: list[list], hedges: list[list]) -> pd.DataFrame:
    base = pd.DataFrame(
        {
            "story_id": [d.story_id for d in docs],
            "outlet": [d.outlet for d in docs],
            "path": [d.article.path for d in docs],
            "n_words": [sum(count_words(d.sentence_text(s)) for s in d.kept_sentences) for d in docs],
        }
    )
    return pd.concat([base, _feature_frame(docs, scores, quotes, hedges)], axis=1)


def analyze(story: Story, options: AnalysisOptions | None = None, *, timings: dict | None = None) -> StoryAnalysis:
    """Analyse one story: every table of the output contract.

    Parameters
    ----------
    story : Story
        Its versions as loaded (``framing.load_story`` or ``framing.load_corpus``).
    options : AnalysisOptions, optional
    timings : dict, optional
        When given, the seconds spent in each stage (``clean``, ``sentence sentiment``,
        ``quotes``, ...) are added to it: ``analyses/benchmark.py`` reads where the time goes.

    Returns
    -------
    StoryAnalysis
    """
    options = options or AnalysisOptions()
    from .features.hedging import find_hedges
    from .features.quotes import find_quotes
    from .features.sentiment import analyze_sentences

    clock = _Stopwatch(timings)
    with clock("clean"):
        docs = clean_story(story, options.cleaning)
    # shared by the feature columns and the sentence / quote tables (each was computed twice)
    with clock("sentence sentiment"):
        analyses = [analyze_sentences(d) for d in docs]  # one VADER run per kept sentence
        scores = [[a.sentiment for a in doc_analyses] for doc_analyses in analyses]
    with clock("quotes: find"):
        quotes = [find_quotes(d) for d in docs]
    with clock("hedges"):
        hedges = [find_hedges(d) for d in docs]
    tables = {}
    with clock("article features"):
        tables["articles"] = _article_table(docs, scores, quotes, hedges)
    with clock("sentence table"):
        tables["sentences"] = _sentence_table(docs)
    with clock("hedges"):
        tables["hedges"] = _hedge_table(docs, hedges)
    with clock("quotes: compare"):
        tables["quotes"] = _quote_table(docs, quotes)
    with clock("wording and frames"):
        tables.update(_wording_tables(story, docs))
    with clock("actor sentiment"):
        tables.update(_sentiment_tables(story, docs, scores, tables["label_mentions"], analyses))
    with clock("facts"):
        tables.update(_fact_tables(docs))
    with clock("table assembly"):
        for name in TABLE_COLUMNS:
            tables.setdefault(name, pd.DataFrame(columns=TABLE_COLUMNS[name]))
        tables = {name: ordered(frame, name) for name, frame in tables.items()}
    return StoryAnalysis(story=story, documents=docs, tables=tables)


class _Stopwatch:
    """``with clock(stage):`` adds the stage's seconds to ``timings`` (does nothing without one)."""

    def __init__(self, timings: dict | None):
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str):
        if self.timings is None:
            yield
            return
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - t0


def analyze_corpus(stories: Corpus | Iterable[Story], options: AnalysisOptions | None = None) -> Iterator[StoryAnalysis]:
    """Analyse stories one at a time (a generator: memory stays flat)."""
    for story in stories:
        yield analyze(story, options)
