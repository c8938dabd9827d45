"""Target-level sentiment against NewsMTSC (Hamborg & Donnay, EACL 2021).

Every annotated target of every ``devtest_*.jsonl`` in the folder is classified by the shipped
:class:`~framing.features.target_sentiment.TargetSentimentClassifier` (learned on NewsMTSC
``train.jsonl`` only; ``train.jsonl`` need not be present, and is never read here) and compared
with the gold polarity. Metrics: macro-F1 over the three classes and accuracy, per file and
pooled over all devtest targets. The baseline is plain sentence-level VADER, the same label for
every target of a sentence, with the thresholds of the VADER documentation (compound >= 0.05
positive, <= -0.05 negative): nothing is tuned on the test files.
"""

from __future__ import annotations

__all__ = ["validate"]

from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..datasets.newsmtsc import LABELS, newsmtsc_files, read_newsmtsc
from ..errors import InputError
from ..features.target_sentiment import (
    MODEL_PATH,
    load_target_sentiment_model,
    model_metadata,
)


def _metrics(gold, pred) -> dict:
    return {
        "macro_f1": float(f1_score(gold, pred, labels=list(LABELS), average="macro",
                                   zero_division=0)),
        "accuracy": float(accuracy_score(gold, pred)),
    }


def _vader_label(compound: float) -> str:
    if compound >= 0.05:
        return "positive"
    if compound <= -0.05:
        return "negative"
    return "neutral"


def validate(data_dir) -> dict:
    """Score target-dependent sentiment on the NewsMTSC test files in ``data_dir``.

    Parameters
    ----------
    data_dir : str or path-like
        NewsMTSC in its original layout (any subset holding ``devtest_*.jsonl``).

    Returns
    -------
    dict
        ``metrics.macro_f1`` / ``metrics.accuracy`` pooled over all devtest targets,
        ``metrics.by_file.<name>.{macro_f1, accuracy}``,
        ``metrics.baseline_vader.{macro_f1, accuracy}`` (and its ``by_file``), and
        ``metrics.train_cv`` (the shipped model's cross-validation on train.jsonl, from the
        model file).

    Raises
    ------
    InputError
        If ``data_dir`` holds no ``devtest_*.jsonl``.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "not a folder")
    files = {k: v for k, v in newsmtsc_files(data_dir).items() if k != "train"}
    if not files:
        raise InputError(data_dir, "no NewsMTSC test file (devtest_*.jsonl) found")

    model = load_target_sentiment_model()
    analyzer = SentimentIntensityAnalyzer()
    by_file, base_by_file, n = {}, {}, {}
    all_gold, all_pred, all_base = [], [], []
    for name, path in files.items():
        examples = list(read_newsmtsc(path))
        if not examples:
            raise InputError(path, "no targets")
        gold = [e.label for e in examples]
        pred = list(model.predict([(e.sentence, e.start, e.end) for e in examples]))
        cache: dict[str, str] = {}
        base = []
        for e in examples:
            if e.sentence not in cache:
                cache[e.sentence] = _vader_label(analyzer.polarity_scores(e.sentence)["compound"])
            base.append(cache[e.sentence])
        by_file[name] = _metrics(gold, pred)
        base_by_file[name] = _metrics(gold, base)
        n[name] = {"sentences": len(cache), "targets": len(examples),
                   **{lab: int(sum(g == lab for g in gold)) for lab in LABELS}}
        all_gold += gold
        all_pred += pred
        all_base += base

    meta = model_metadata()
    metrics = {
        **_metrics(all_gold, all_pred),
        "by_file": by_file,
        "baseline_vader": {**_metrics(all_gold, all_base), "by_file": base_by_file},
    }
    if "cv" in meta:
        metrics["train_cv"] = {"macro_f1": float(meta["cv"]["macro_f1"]),
                               "accuracy": float(meta["cv"]["accuracy"])}
    n["targets"] = len(all_gold)
    return {
        "task": "sentiment",
        "dataset": "NewsMTSC",
        "data_dir": str(data_dir),
        "parts": [p.name for p in files.values()],
        "n": n,
        "metrics": metrics,
        "notes": [
            "target-level 3-class sentiment; macro_f1/accuracy pooled over every devtest_*.jsonl "
            "target; by_file gives each file",
            f"model: {MODEL_PATH.name}, trained on {meta.get('training_data', '?')} "
            f"(commit {meta.get('training_data_commit', '?')}); train.jsonl is not read here",
            "baseline_vader: sentence-level VADER compound, thresholds +/-0.05 (VADER docs), "
            "one label for all targets of a sentence",
        ],
    }
