"""Comparisons across the versions of a story."""
