"""Per-version extractors: each a ``find_*`` function returning spans and a ``*Features``
scikit-learn transformer returning one row of numbers per version."""
