"""Score the hedge extractor against the Szeged Uncertainty Corpus (FactBank news; WikiWeasel).

Each gold sentence is run through :func:`~framing.features.hedging.find_hedges` as its own
text (``make_document(sentence)``). Which predicted cues count as uncertainty cues: the Szeged
scheme annotates *semantic uncertainty* (epistemic modality, doxastic verbs, conditionals,
open questions), so

* counted: category ``hedge`` except the ``approximator`` and ``degree`` subcategories
  (numeric vagueness and degree words are imprecision, not doubt about a proposition, and the
  corpus does not mark them), plus ``distancing``/``attribution`` ("alleged", "supposedly":
  the corpus marks these as doxastic cues);
* not counted: boosters (certainty), scare quotes and distancing labels ("so-called": word
  choice, not truth value).

Cue level: a predicted cue matches a gold ``ccue`` when their character spans overlap,
one-to-one (greedy in text order). Sentence level: a sentence is uncertain when it holds any
gold cue / any counted predicted cue; P/R/F1 on the uncertain class. A naive baseline (a bare
whole-word regex of the 30 words in ``lexicons/hedges_baseline.txt``) is scored the same way.
"""

from __future__ import annotations

__all__ = ["validate", "UNCERTAINTY_SUBCATEGORIES", "is_uncertainty_cue", "score"]

import re
from collections import Counter
from pathlib import Path

from ..datasets.szeged import SzegedDocument, read_szeged
from ..document import make_document
from ..errors import InputError
from ..features.hedging import Hedge, find_hedges, load_lexicon
from ..lexicons import read_lexicon

#: (category, subcategory) pairs scored as Szeged uncertainty cues; "*" = any subcategory.
UNCERTAINTY_SUBCATEGORIES = {
    "hedge": {"modal", "epistemic_adverb", "epistemic_adjective", "epistemic_noun", "evidential",
              "doxastic", "reporting", "conditional", "reported_condition", "investigation"},
    "distancing": {"attribution"},
}


def is_uncertainty_cue(h: Hedge) -> bool:
    """True for the hedge classes the Szeged scheme annotates (see the module docstring).

    Parameters
    ----------
    h : Hedge
        A cue of :func:`~framing.features.hedging.find_hedges`.

    Returns
    -------
    bool
        Whether its category and subcategory are among ``UNCERTAINTY_SUBCATEGORIES``.
    """
    return h.subcategory in UNCERTAINTY_SUBCATEGORIES.get(h.category, ())


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": float(p), "recall": float(r), "f1": float(f)}


def _counts(tp: int, n_pred: int, n_gold: int) -> dict:
    return {"tp": int(tp), "predicted": int(n_pred), "gold": int(n_gold)}


def _match(pred: list[tuple[int, int]], gold: list[tuple[int, int]], exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index): overlap (or identical spans), greedy."""
    used: set[int] = set()
    pairs = []
    for i, (a, b) in enumerate(pred):
        for k, (c, d) in enumerate(gold):
            if k in used:
                continue
            if (a, b) == (c, d) if exact else (a < d and c < b):
                used.add(k)
                pairs.append((i, k))
                break
    return pairs


def score(sentences, predict) -> tuple[dict, dict]:
    """Sentence- and cue-level P/R/F1 for a cue predictor.

    Parameters
    ----------
    sentences : iterable of SzegedSentence
    predict : callable
        ``predict(text) -> list of (start, end)`` spans into ``text``.

    Returns
    -------
    metrics : dict
        ``sentence``, ``cue``, ``cue_exact`` (each precision/recall/f1, floats) and
        ``recall_by_type`` (cue-level overlap recall per gold cue type).
    counts : dict
        ``sentence``, ``cue``, ``cue_exact``: ``tp``, ``predicted``, ``gold`` (ints).
    """
    s_tp = s_pred = s_gold = 0
    c_tp = c_pred = c_gold = 0
    e_tp = 0
    by_type_gold: Counter = Counter()
    by_type_hit: Counter = Counter()
    for s in sentences:
        pred = sorted(predict(s.text))
        gold = [(c.start, c.end) for c in s.cues]
        s_pred += bool(pred)
        s_gold += bool(gold)
        s_tp += bool(pred) and bool(gold)
        pairs = _match(pred, gold, exact=False)
        c_tp += len(pairs)
        c_pred += len(pred)
        c_gold += len(gold)
        e_tp += len(_match(pred, gold, exact=True))
        hit = {k for _, k in pairs}
        for k, c in enumerate(s.cues):
            by_type_gold[c.type] += 1
            by_type_hit[c.type] += k in hit
    metrics = {
        "sentence": _prf(s_tp, s_pred, s_gold),
        "cue": _prf(c_tp, c_pred, c_gold),
        "cue_exact": _prf(e_tp, c_pred, c_gold),
        "recall_by_type": {t: float(by_type_hit[t] / n) for t, n in sorted(by_type_gold.items())},
    }
    counts = {
        "sentence": _counts(s_tp, s_pred, s_gold),
        "cue": _counts(c_tp, c_pred, c_gold),
        "cue_exact": _counts(e_tp, c_pred, c_gold),
    }
    return metrics, counts


def _toolkit_predictor():
    lex = load_lexicon()

    def predict(text: str):
        return [(h.start, h.end) for h in find_hedges(make_document(text), lexicon=lex)
                if is_uncertainty_cue(h)]
    return predict


def _baseline_predictor():
    words = [row[0] for row in read_lexicon("hedges_baseline.txt")]
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)

    def predict(text: str):
        return [m.span() for m in pattern.finditer(text)]
    return predict


def _is_wiki(doc: SzegedDocument) -> bool:
    return doc.doc_type.lower().startswith("wikipedia")


def validate(data_dir) -> dict:
    """Score hedge detection on the Szeged uncertainty XML files in ``data_dir``.

    Every ``*.xml`` file in the folder is read. Documents of type ``Wikipedia_text_weasel``
    (``wiki.xml``) are scored separately as out-of-domain (``metrics.out_of_domain.wikiweasel``);
    all other documents (FactBank news, ``factbank.xml`` or any other file in that layout) give
    the main figures. If the folder holds only WikiWeasel, it gives the main figures (noted).

    Parameters
    ----------
    data_dir : str or Path
        Folder in the layout of ``shared/data/szeged_uncertainty``.

    Returns
    -------
    dict
        ``task``, ``dataset``, ``data_dir``, ``parts``, ``n``, ``metrics`` (``sentence``,
        ``cue``, ``cue_exact``, ``recall_by_type``, ``baseline``, ``out_of_domain``), ``notes``.

    Raises
    ------
    InputError
        If the folder holds no Szeged XML file with sentences.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise InputError(data_dir, "not a folder")
    files = sorted(p for p in data_dir.glob("*.xml") if p.is_file())
    news, wiki, parts = [], [], []
    for f in files:
        docs = read_szeged(f)
        if not any(d.sentences for d in docs):
            continue
        parts.append(f.name)
        for d in docs:
            (wiki if _is_wiki(d) else news).append(d)
    if not news and not wiki:
        raise InputError(data_dir, "holds no Szeged uncertainty XML file (factbank.xml, wiki.xml) with sentences")

    notes = [
        "Counted as uncertainty cues: category hedge except approximator/degree, plus "
        "distancing/attribution (alleged, supposedly); boosters, scare quotes and 'so-called' "
        "are not (the Szeged scheme marks semantic uncertainty only).",
        "Cue match: character-span overlap, one-to-one; cue_exact: identical spans. Sentence: "
        "uncertain = holds >= 1 cue; P/R/F1 on the uncertain class.",
        "Each gold sentence is run as its own text (make_document). Baseline: bare regex of the "
        "30 words in lexicons/hedges_baseline.txt, scored the same way.",
        "Development: the lexicon and context rules were chosen by error analysis on the "
        "factbank.xml subset staged in shared/data (140 documents); wiki.xml was not used for tuning.",
    ]
    main_docs, main_name = (news, "factbank") if news else (wiki, "wikiweasel")
    if not news:
        notes.append("No news (FactBank) documents found: main figures are WikiWeasel.")
    toolkit, baseline = _toolkit_predictor(), _baseline_predictor()

    def sents(docs):
        return [s for d in docs for s in d.sentences]

    main_sents = sents(main_docs)
    metrics, counts = score(main_sents, toolkit)
    metrics["baseline"], base_counts = score(main_sents, baseline)
    n = {
        "documents": len(main_docs),
        "sentences": len(main_sents),
        "uncertain_sentences": sum(s.uncertain for s in main_sents),
        "gold_cues": sum(len(s.cues) for s in main_sents),
        "gold_cues_by_type": dict(sorted(Counter(c.type for s in main_sents for c in s.cues).items())),
        "counts": counts,
        "baseline_counts": base_counts,
    }
    if news and wiki:
        w = sents(wiki)
        w_metrics, w_counts = score(w, toolkit)
        w_metrics["baseline"], _ = score(w, baseline)
        metrics["out_of_domain"] = {"wikiweasel": w_metrics}
        n["wikiweasel"] = {"documents": len(wiki), "sentences": len(w),
                           "uncertain_sentences": sum(s.uncertain for s in w),
                           "gold_cues": sum(len(s.cues) for s in w), "counts": w_counts}
    return {
        "task": "hedging",
        "dataset": f"szeged_uncertainty ({main_name})",
        "data_dir": str(data_dir),
        "parts": parts,
        "n": n,
        "metrics": metrics,
        "notes": notes,
    }
