"""Cleaning on unseen stories: BASIL events with another event's article appended.

Prints (and writes as CSV with --output) body kept and appended text dropped for a range of
affinity thresholds; the default threshold is marked. Usage::

    python analyses/cleaning_basil.py --data ../shared/data/basil [--output figures/cleaning_basil.csv]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from framing.clean import CleaningOptions
from framing.evaluate.cleaning import validate

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def compute(data: Path) -> pd.DataFrame:
    default = CleaningOptions().affinity_threshold
    rows = []
    for t in sorted(set(THRESHOLDS) | {default}):
        result = validate(data, CleaningOptions(affinity_threshold=t))
        rows.append({"threshold": t, "default": t == default, **result["metrics"], **result["n"]})
    return pd.DataFrame(rows)


def main(inputs: list[str] | None = None, output: str | None = None) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data" / "basil"))
    parser.add_argument("--output", default=output)
    args = parser.parse_args(inputs)
    if not Path(args.data).is_dir():
        print(f"cleaning_basil: BASIL not found at {args.data}; skipped", file=sys.stderr)
        return pd.DataFrame()
    table = compute(Path(args.data))
    print(table.to_string(index=False, float_format=lambda x: f"{x:.4f}"))
    if args.output:
        table.to_csv(args.output, index=False, lineterminator="\n")
    return table


if __name__ == "__main__":
    main()
