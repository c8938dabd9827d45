"""Regenerate framing/data/target_sentiment_model.json from NewsMTSC train.jsonl.

Usage::

    python analyses/train_target_sentiment.py ../shared/data/newsmtsc/train.jsonl \\
        -o framing/data/target_sentiment_model.json

Deterministic: the same training file gives the same model file. The 5-fold cross-validation
on the training file (grouped by sentence) is stored in the file's ``meta.cv``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from framing.features.target_sentiment import MODEL_PATH, train_target_sentiment

#: the NewsMTSC commit the shared copy was taken from (see its README.txt)
NEWSMTSC_COMMIT = "b9d9b79704ed1b35cecaf1d7c2343dc1bd734fb7"


def main(inputs: list[str], output: str, *, commit: str = NEWSMTSC_COMMIT, cv: int = 5) -> dict:
    """Train on ``inputs`` (one NewsMTSC-format JSONL file) and write the model to ``output``.

    Returns the metadata written into the model file.
    """
    if len(inputs) != 1:
        raise SystemExit("give exactly one training file (NewsMTSC train.jsonl)")
    train = Path(inputs[0])
    sha = hashlib.sha256(train.read_bytes()).hexdigest()
    meta = {
        "training_data_commit": commit,
        "training_data_path": "NewsSentiment/controller_data/datasets/NewsMTSC-dataset/" + train.name,
        "training_data_sha256": sha,
    }
    _, meta = train_target_sentiment(train, output, cv=cv, metadata=meta)
    return meta


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs=1, help="NewsMTSC train.jsonl")
    ap.add_argument("-o", "--output", default=str(MODEL_PATH), help="model file to write")
    ap.add_argument("--commit", default=NEWSMTSC_COMMIT, help="NewsMTSC commit of the data")
    ap.add_argument("--cv", type=int, default=5, help="cross-validation folds (0 to skip)")
    args = ap.parse_args()
    meta = main(args.inputs, args.output, commit=args.commit, cv=args.cv)
    print(meta.get("cv", {}), file=sys.stderr)
