"""What every per-version extractor shares: input checking and the scikit-learn contract.

An extractor is a ``find_*`` function (document -> spans) plus a ``*Features`` transformer
(documents -> one row of numbers per document). Transformers accept a sequence of
:class:`~framing.document.Document` or of plain strings (each wrapped with every sentence kept);
a bare string is refused, since iterating it would treat each character as a document.
"""

from __future__ import annotations

__all__ = ["as_documents", "SpanFeaturesMixin"]


import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..document import Document, make_document


def as_documents(X) -> list[Document]:
    """Validate transformer input and return a list of documents.

    Raises
    ------
    TypeError
        If ``X`` is a bare string or bytes, or holds anything but documents and strings.

    Parameters
    ----------
    X : sequence of Document or str
        The documents (strings are wrapped with :func:`~framing.document.make_document`; a bare
        string instead of a sequence is refused), or a one-column DataFrame of them.

    Returns
    -------
    list of Document
        In the order of ``X``.
    """
    if isinstance(X, (str, bytes)):
        raise TypeError(
            "expected a sequence of documents or strings, got a single string; "
            "wrap it in a list: transform([text])"
        )
    if hasattr(X, "to_numpy") and getattr(X, "ndim", 1) == 2:  # a one-column DataFrame
        X = X.to_numpy().ravel()
    docs = []
    for i, x in enumerate(X):
        if isinstance(x, Document):
            docs.append(x)
        elif isinstance(x, str):
            docs.append(make_document(x))
        else:
            raise TypeError(f"item {i}: expected a Document or a str, got {type(x).__name__}")
    return docs


class SpanFeaturesMixin(TransformerMixin, BaseEstimator):
    """Base for ``*Features`` transformers.

    Subclasses define ``feature_names`` (a tuple of output column names), ``_validate_params``
    (raise ``ValueError`` on bad parameters; called by ``fit``) and ``_row(document)`` (one
    row of floats, NaN where a value is undefined).
    """

    feature_names: tuple[str, ...] = ()

    def _validate_params(self) -> None:  # pragma: no cover - overridden when there are params
        pass

    def fit(self, X, y=None):
        """Check parameters and input; learn nothing.

        Parameters
        ----------
        X : sequence of Document or str
            The documents (strings are wrapped with :func:`~framing.document.make_document`; a bare
            string instead of a sequence is refused), or a one-column DataFrame of them.
        y : None
            Ignored.

        Returns
        -------
        SpanFeaturesMixin
            ``self``, with ``feature_names_out_`` set.
        """
        self._validate_params()
        docs = as_documents(X)
        self.n_features_in_ = 1
        self.feature_names_out_ = np.asarray(self.feature_names, dtype=object)
        del docs
        return self

    def transform(self, X) -> np.ndarray:
        """One row of features per document, columns as ``get_feature_names_out()``.

        Parameters
        ----------
        X : sequence of Document or str
            The documents (strings are wrapped with :func:`~framing.document.make_document`; a bare
            string instead of a sequence is refused), or a one-column DataFrame of them.

        Returns
        -------
        numpy.ndarray
            Shape ``(len(X), n_features)``, float (NaN where a value is undefined).
        """
        check_is_fitted(self, "feature_names_out_")
        docs = as_documents(X)
        rows = [self._row(d) for d in docs]
        return np.asarray(rows, dtype=float).reshape(len(docs), len(self.feature_names))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The output column names.

        Parameters
        ----------
        input_features : None
            Ignored (scikit-learn's signature).

        Returns
        -------
        numpy.ndarray of object
            A copy of ``feature_names_out_``.
        """
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = True
        return tags
