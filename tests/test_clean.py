"""Cleaning: golden kept/dropped boundaries on the example story, and unseen stories (BASIL)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import shared_dataset
from framing import Article, Story, load_story
from framing.clean import DROP_REASONS, CleaningOptions, clean_documents, clean_story
from framing.document import make_document

GOLDEN = Path(__file__).parent / "golden" / "cleaning_russia_taliban_2025.csv"


@pytest.fixture(scope="module")
def cleaned(example_story_path):
    return {d.outlet: d for d in clean_story(load_story(example_story_path))}


def _golden_rows():
    with open(GOLDEN, encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def test_golden_paragraph_decisions(cleaned):
    got = []
    for outlet, doc in cleaned.items():
        seen = set()
        for s in doc.sentences:
            if s.paragraph not in seen:
                seen.add(s.paragraph)
                got.append((outlet, s.paragraph, s.start, int(s.kept), s.drop_reason))
    want = [(r["outlet"], int(r["paragraph"]), int(r["start"]), int(r["kept"]), r["drop_reason"]) for r in _golden_rows()]
    assert sorted(got) == sorted(want)


# Text that must not survive cleaning: page chrome and the appended, unrelated stories.
MUST_DROP = [
    "Short Url", "Try Our AI Features", "Welcome to Roya News", "Unlock the Editor", "Leave a Comment",
    "Related Articles", "Related posts", "Hong Kong", "Medicaid", "export restrictions", "Kremlin Trolls Trump",
    "Trump Spills on Phone Call", "Putin Humiliates Trump", "Download the App", "Image 1 from gallery",
]

# Story body that must be kept, per outlet: the first and last body sentences and a subhead.
MUST_KEEP = [
    ("Arab News", "In this handout photo released by the Russian Foreign Ministry"),
    ("Arab News", "MOSCOW: Russia said on Thursday it had accepted the credentials"),
    ("Arab News", "COMPLEX HISTORY"),
    ("Arab News", "Soviet leader Mikhail Gorbachev pulled his army out in 1989"),
    ("Roya News", "Russia has officially accepted the credentials of Afghanistan's newly appointed"),
    ("Roya News", "may find itself with a powerful new ally"),
    ("Daily8", "'We believe that the act of official recognition"),
    ("Daily8", "the United Nations refers to the administration as the 'Taliban de facto authorities'"),
    ("Financial Times", "Russia accepted the credentials of a new Afghan ambassador to Moscow on Thursday"),
    ("Financial Times", "A formal immigration deal with the Taliban would make Germany"),
    ("CNN", "Russia has become the first nation to recognize the Taliban government"),
    ("CNN", "The deal achieved a chaotic fulfillment"),
]


@pytest.mark.parametrize("phrase", MUST_DROP)
def test_chrome_and_appended_stories_dropped(cleaned, phrase):
    for doc in cleaned.values():
        body = " ".join(doc.sentence_text(s) for s in doc.kept_sentences)
        assert phrase.lower() not in body.lower(), (doc.outlet, phrase)


@pytest.mark.parametrize("outlet,phrase", MUST_KEEP)
def test_story_body_kept(cleaned, outlet, phrase):
    doc = cleaned[outlet]
    assert any(phrase in doc.sentence_text(s) for s in doc.kept_sentences)
    assert not any(phrase in doc.sentence_text(s) for s in doc.sentences if not s.kept)


def test_headline_kept_once(cleaned):
    for outlet in ("Arab News", "CNN"):
        doc = cleaned[outlet]
        first = doc.sentences[0] if outlet == "Arab News" else doc.sentences[1]
        assert first.kept
        repeats = [s for s in doc.sentences if doc.sentence_text(s) == doc.sentence_text(first)]
        assert [s.kept for s in repeats] == [True, False]
        assert repeats[1].drop_reason == "repeated_line"


def test_every_dropped_sentence_has_a_known_reason(cleaned):
    for doc in cleaned.values():
        for s in doc.sentences:
            assert (s.drop_reason == "") == s.kept
            assert s.kept or s.drop_reason in DROP_REASONS


def test_text_is_never_changed(example_story_path, cleaned):
    for doc in cleaned.values():
        with open(doc.article.path, encoding="utf-8", newline="") as fh:
            assert doc.text == fh.read()


def _story(*texts):
    return Story("s", None, tuple(Article("s", f"o{i}", t) for i, t in enumerate(texts)))


BODY_A = ("Floods hit the northern province on Monday, killing twelve people.\n\n"
          "Rescue teams searched flooded villages along the river for survivors.\n")
BODY_B = ("Twelve people were killed when floods hit the northern province.\n\n"
          "Rescue teams and soldiers searched villages along the river.\n")
APPENDED = ("Tech giant unveils new smartphone\n\n"
            "The company showed a phone with a larger screen, a faster chip and a better camera at its annual "
            "launch event in California, and analysts expect strong sales before the holidays.\n")


def test_appended_story_dropped_across_versions():
    docs = clean_story(_story(BODY_A + "\n" + APPENDED, BODY_B))
    kept = " ".join(docs[0].sentence_text(s) for s in docs[0].kept_sentences)
    assert "smartphone" not in kept and "Floods hit" in kept and "Rescue teams" in kept
    reasons = {s.drop_reason for s in docs[0].sentences if not s.kept}
    assert reasons == {"unrelated_story"}
    assert all(s.kept for s in docs[1].sentences)


def test_single_version_keeps_prose_and_drops_chrome():
    doc = clean_documents([make_document("Share\nFloods hit the province.\nRelated Articles\nOther story here.")])[0]
    assert [doc.sentence_text(s) for s in doc.kept_sentences] == ["Floods hit the province."]


def test_cross_version_can_be_switched_off():
    docs = clean_story(_story(BODY_A + "\n" + APPENDED, BODY_B), CleaningOptions(cross_version=False))
    assert all(s.kept for s in docs[0].sentences)


@pytest.mark.gold
def test_basil_with_appended_articles():
    """Unseen stories: BASIL events, one version each with another event's article appended."""
    from framing.evaluate.cleaning import validate

    result = validate(shared_dataset("basil"))
    m = result["metrics"]
    assert m["body_kept"] >= 0.99
    assert m["appended_dropped"] >= 0.88


def test_clean_story_equals_cleaning_segmented_documents(example_story_path):
    """clean_story reads each version's paragraphs once for both steps: the same documents as
    segmenting and then cleaning them (issue #9)."""
    from framing.document import Document
    from framing.segment import segment

    story = load_story(example_story_path)
    docs = [Document(a, tuple(segment(a.text))) for a in story.versions]
    assert clean_story(story) == clean_documents(docs)
