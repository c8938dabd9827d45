"""Classroom worksheets: questions from the analysis, outlet names hidden, answer key with evidence."""

from __future__ import annotations

import re

import pytest

from framing import Article, Story
from framing.cli import main
from framing.corpus import load_story
from framing.pipeline import analyze
from framing.worksheet import build_worksheet, render_answer_key, render_worksheet


@pytest.fixture(scope="module")
def analysis(example_story_path):
    return analyze(load_story(example_story_path))


@pytest.fixture(scope="module")
def ws(analysis):
    return build_worksheet(analysis)


def test_questions_cover_omissions_quotes_wording_and_hedges(ws):
    kinds = [q.kind for q in ws.questions]
    assert {"omission", "quotes", "wording", "hedges"} <= set(kinds)
    assert [q.number for q in ws.questions] == list(range(1, len(ws.questions) + 1))
    for q in ws.questions:
        assert q.prompt and q.answer


def test_omission_answer_names_the_version_that_leaves_the_fact_out(ws, analysis):
    omissions = analysis.tables["omissions"]
    by_name = {v.name: v.outlet for v in ws.versions}
    for q in (q for q in ws.questions if q.kind == "omission"):
        left_out = [by_name[name] for name, status in q.details if status == "leaves it out"]
        reports = [by_name[name] for name, status in q.details if status == "reports it"]
        assert left_out and len(reports) >= 2
        fact_ids = set(omissions.loc[omissions["outlet"] == left_out[0], "fact_id"])
        # the evidence sentences come from the versions that report it, each one a fact mention
        facts = analysis.tables["facts"]
        for e in q.evidence:
            assert e.outlet in reports
            rows = facts[(facts["outlet"] == e.outlet) & (facts["sent_id"] == e.sent_id)]
            assert len(rows) and set(rows["fact_id"]) & fact_ids


def test_evidence_spans_are_exact(ws, analysis):
    docs = {d.outlet: d for d in analysis.documents}
    n = 0
    for q in ws.questions:
        for e in q.evidence:
            assert docs[e.outlet].text[e.start:e.end] == e.text
            assert e.paragraph >= 1
            n += 1
    assert n > 10


def test_handout_hides_outlet_names_and_key_reveals_them(ws, analysis):
    handout = render_worksheet(ws)
    key = render_answer_key(ws)
    body_text = {d.outlet: d.text for d in analysis.documents}
    for v in ws.versions:
        assert f"Version {v.letter}" in handout
        if not any(v.outlet in t for t in body_text.values()):  # an outlet the articles never name
            assert v.outlet not in handout
        assert re.search(rf"<td>Version {v.letter}</td><td>{re.escape(v.outlet)}</td>", key)
    assert "Answer." not in handout and "Answer." in key
    assert handout.count('class="lines"') >= len(ws.questions)


def test_letters_are_shuffled_but_fixed(analysis):
    a, b = build_worksheet(analysis), build_worksheet(analysis)
    assert [v.outlet for v in a.versions] == [v.outlet for v in b.versions]
    assert render_worksheet(a) == render_worksheet(b) and render_answer_key(a) == render_answer_key(b)
    orders = {tuple(v.outlet for v in build_worksheet(analysis, seed=s).versions) for s in range(4)}
    assert len(orders) > 1


def test_show_outlets_option(analysis):
    ws = build_worksheet(analysis, hide_outlets=False)
    html = render_worksheet(ws)
    for v in ws.versions:
        assert v.name == v.outlet and v.outlet in html


def test_worksheet_escapes_article_text():
    texts = ['Officials met on Monday in Moscow. <script>alert(1)</script> The talks may end soon.',
             'The talks may end soon, officials said. <img src=x onerror=alert(1)> Officials met on Monday in Moscow.']
    story = Story("e", "<i>t</i>", tuple(Article("e", f"<b>{i}</b>", t) for i, t in enumerate(texts)))
    ws = build_worksheet(analyze(story), hide_outlets=False)
    for html in (render_worksheet(ws), render_answer_key(ws)):
        assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>t" not in html
        assert "&lt;script&gt;" in html


def test_cli_writes_handout_and_key(tmp_path, example_story_path):
    out = tmp_path / "ws"
    assert main(["worksheet", str(example_story_path), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["answer-key.html", "worksheet.html"]
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["worksheet", str(example_story_path), "--out", str(out)]) == 2  # exists, no --force
    assert main(["worksheet", str(example_story_path), "--out", str(out), "--force"]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # same input, same bytes


@pytest.mark.parametrize("args", [
    ["worksheet", "no/such/story", "--out", "{tmp}/x"],
    ["worksheet", "{story}", "--out", "{story}/inside"],
])
def test_cli_bad_input_exits_2(tmp_path, example_story_path, capsys, args):
    args = [a.format(tmp=tmp_path, story=example_story_path) for a in args]
    assert main(args) == 2
    assert "framing: error:" in capsys.readouterr().err
    assert not (example_story_path / "inside").exists()
