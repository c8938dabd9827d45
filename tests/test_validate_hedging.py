"""Hedging validation: the Szeged reader, the scorer, and the figures on the shared gold data."""

from __future__ import annotations

import pytest
from conftest import shared_dataset

from framing.datasets.szeged import read_szeged
from framing.errors import InputError
from framing.evaluate.hedging import validate

XML = """<?xml version='1.0' encoding='UTF-8'?>
<Annotation><DocumentSet>
<Document type="unknown"><DocID type="FILENAME">X1.txt</DocID><DocumentPart type="unknown">
<Sentence id="S1.1">The deal <ccue type="speculation_modal_possible _">may</ccue> fail  soon.</Sentence>
<Sentence id="S1.2">Talks began in May.</Sentence>
<Sentence id="S1.3">We asked <ccue type="speculation_hypo_investigation _">whether</ccue> it <ccue type="speculation_modal_probable_">will</ccue> rain.</Sentence>
</DocumentPart></Document>
<Document type="Wikipedia_text_weasel"><DocID type="WIKIPEDIA_ARTICLE_ID">W_1</DocID>
<DocumentPart type="Title"><Sentence id="S1.1">Some title</Sentence></DocumentPart>
<DocumentPart type="Text"><Sentence id="S1.2">He is <ccue type="speculation_hypo_doxastic _">believed</ccue> to be tall.</Sentence></DocumentPart></Document>
</DocumentSet></Annotation>
"""


@pytest.fixture
def tiny_dir(tmp_path):
    # Any file name in the Szeged layout is read (held-out parts may be named differently).
    (tmp_path / "other_part.xml").write_text(XML, encoding="utf-8")
    return tmp_path


def test_reader_offsets_and_types(tiny_dir):
    docs = read_szeged(tiny_dir / "other_part.xml")
    assert [d.doc_id for d in docs] == ["X1.txt", "W_1"]
    s1, s2, s3 = docs[0].sentences
    assert s1.text == "The deal may fail  soon."  # doubled space kept
    assert [(s1.text[c.start:c.end], c.type) for c in s1.cues] == [("may", "modal_possible")]
    assert not s2.uncertain
    assert [(c.text, c.type) for c in s3.cues] == [("whether", "hypo_investigation"), ("will", "modal_probable")]
    assert all(s.text[c.start:c.end] == c.text for s in (s1, s2, s3) for c in s.cues)


def test_scorer_on_tiny_data(tiny_dir):
    r = validate(tiny_dir)
    m = r["metrics"]
    assert r["parts"] == ["other_part.xml"]
    assert r["n"]["sentences"] == 3 and r["n"]["gold_cues"] == 3
    # predicted: "may" (S1.1), "whether" (S1.3); "May" the month is not a cue; "will" is missed
    assert r["n"]["counts"]["cue"] == {"tp": 2, "predicted": 2, "gold": 3}
    assert m["cue"]["precision"] == 1.0 and m["cue"]["recall"] == pytest.approx(2 / 3)
    assert m["sentence"]["f1"] == 1.0
    # the naive baseline counts "May" the month
    assert m["baseline"]["sentence"]["precision"] == pytest.approx(2 / 3)
    w = m["out_of_domain"]["wikiweasel"]
    assert w["cue"]["f1"] == 1.0 and w["sentence"]["recall"] == 1.0
    def leaves(d):
        for v in d.values():
            yield from leaves(v) if isinstance(v, dict) else [v]

    assert all(type(v) is float for v in leaves(m))  # metrics are plain floats


def test_empty_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        validate(tmp_path)
    (tmp_path / "broken.xml").write_text("<Annotation><oops>", encoding="utf-8")
    with pytest.raises(InputError):
        validate(tmp_path)


# Measured on the staged data (factbank.xml, 140 documents): sentence F1 0.838, cue F1 0.784;
# WikiWeasel sentence F1 0.773, cue F1 0.726; naive baseline sentence F1 0.709.
# Floors sit ~0.05 below, so a regression fails but the held-out part's own numbers do not.
@pytest.mark.gold
def test_validate_on_szeged():
    path = shared_dataset("szeged_uncertainty")
    r = validate(path)
    m = r["metrics"]
    for level in ("sentence", "cue"):
        for k in ("precision", "recall", "f1"):
            assert isinstance(m[level][k], float)
    assert r["task"] == "hedging" and "factbank.xml" in r["parts"]
    assert m["sentence"]["f1"] >= 0.78
    assert m["cue"]["f1"] >= 0.73
    assert m["sentence"]["f1"] > m["baseline"]["sentence"]["f1"] + 0.05
    if (path / "wiki.xml").exists():
        w = m["out_of_domain"]["wikiweasel"]
        assert w["sentence"]["f1"] >= 0.72
        assert w["cue"]["f1"] >= 0.67
