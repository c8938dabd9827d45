"""framing validate sentiment on NewsMTSC (gold data read by path, never copied into the repo)."""

from __future__ import annotations

import json

import pytest
from conftest import shared_dataset

from framing.errors import InputError
from framing.evaluate.sentiment import validate

pytestmark = pytest.mark.gold


@pytest.fixture(scope="module")
def result():
    return validate(shared_dataset("newsmtsc"))


def test_keys_and_types(result):
    assert result["task"] == "sentiment"
    m = result["metrics"]
    for key in ("macro_f1", "accuracy"):
        assert type(m[key]) is float
        assert type(m["baseline_vader"][key]) is float
    assert "devtest_mt.jsonl" in result["parts"]
    assert "train.jsonl" not in result["parts"]
    for name in (p.removesuffix(".jsonl") for p in result["parts"]):
        assert set(m["by_file"][name]) >= {"macro_f1", "accuracy"}
    json.dumps(result)


def test_beats_floor_and_baseline(result):
    m = result["metrics"]
    # measured 0.6514 macro-F1 / 0.6775 accuracy on devtest_mt; VADER sentence baseline 0.496
    assert m["by_file"]["devtest_mt"]["macro_f1"] > 0.645
    assert m["by_file"]["devtest_mt"]["accuracy"] > 0.64
    assert m["macro_f1"] > m["baseline_vader"]["macro_f1"] + 0.1


def test_works_without_train_file(tmp_path):
    src = shared_dataset("newsmtsc") / "devtest_mt.jsonl"
    (tmp_path / "devtest_mt.jsonl").symlink_to(src)
    (tmp_path / "devtest_xx.jsonl").symlink_to(src)  # any other devtest part is scored too
    res = validate(tmp_path)
    assert res["parts"] == ["devtest_mt.jsonl", "devtest_xx.jsonl"]
    assert set(res["metrics"]["by_file"]) == {"devtest_mt", "devtest_xx"}
    assert res["metrics"]["macro_f1"] == pytest.approx(
        res["metrics"]["by_file"]["devtest_mt"]["macro_f1"])


def test_empty_folder_is_input_error(tmp_path):
    (tmp_path / "train.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="devtest"):
        validate(tmp_path)
