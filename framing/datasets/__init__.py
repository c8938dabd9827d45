"""Readers for public gold datasets, in their original layouts, read by path."""
