"""Shared fixtures: the example story and the public gold data (read by path, never copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_STORY = ROOT / "data" / "stories" / "russia-taliban-2025"
SHARED_DATA = Path(os.environ.get("FRAMING_SHARED_DATA", ROOT.parent / "shared" / "data"))


def shared_dataset(name: str) -> Path:
    """Path of ``../shared/data/<name>``, or skip the test with a message saying it is absent."""
    path = SHARED_DATA / name
    if not path.is_dir():
        pytest.skip(f"public gold dataset '{name}' not found at {path} (set FRAMING_SHARED_DATA)")
    return path


@pytest.fixture(scope="session")
def example_story_path() -> Path:
    return EXAMPLE_STORY


# Property tests: random exploration on developers' machines finds new cases; in CI (CI=true) the
# examples are derandomised so that a run passes or fails the same way every time.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")
