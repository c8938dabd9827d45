"""Classroom worksheets: questions from the analysis, outlet names hidden, answer key with evidence."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

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
            if e.note:  # a version that may tell it in other words: tested below
                continue
            assert e.outlet in reports
            rows = facts[(facts["outlet"] == e.outlet) & (facts["sent_id"] == e.sent_id)]
            assert len(rows) and set(rows["fact_id"]) & fact_ids


def _quote_echoes(analysis) -> set:
    """(fact_id, outlet) of the omissions rows that the quotes table contradicts: the outlet has
    a quote in the same quote_group as a quote overlapping a sentence that carries the fact."""
    t = analysis.tables
    quotes = t["quotes"][t["quotes"]["quote_group"].fillna("").astype(str) != ""]
    sentences = {(d.outlet, s.sent_id): (s.start, s.end) for d in analysis.documents for s in d.sentences}
    out = set()
    for fid, rows in t["omissions"].groupby("fact_id"):
        groups = set()
        for m in t["facts"][t["facts"]["fact_id"] == fid].itertuples():
            start, end = sentences[(m.outlet, m.sent_id)]
            inside = quotes[(quotes["outlet"] == m.outlet) & (quotes["start"] < end) & (quotes["end"] > start)]
            groups |= set(inside["quote_group"])
        out |= {(fid, o) for o in rows["outlet"]
                if len(quotes[(quotes["outlet"] == o) & quotes["quote_group"].isin(groups)])}
    return out


def _omission_candidates(analysis):
    """The facts an omission question can ask about (reported by >= 2, left out by a version that
    neither table says may tell it after all)."""
    t = analysis.tables
    n_carriers = t["facts"].groupby("fact_id")["outlet"].nunique()
    echoes = _quote_echoes(analysis)
    return {f for f, o in zip(t["omissions"]["fact_id"], t["omissions"]["outlet"])
            if n_carriers.get(f, 0) >= 2 and (f, o) not in echoes}


def test_example_story_has_possible_carriers_to_test(analysis):
    possible = analysis.tables["possible_carriers"]
    asked = _omission_candidates(analysis) & set(possible["fact_id"])
    assert len(possible) >= 4 and len(asked) >= 2  # F010, F015 today: otherwise the tests below test nothing


def test_possible_carrier_is_not_called_an_omitter(analysis):
    """A version the omission check holds back (possible_carriers) "may report it in other
    words", with its sentence as evidence; it never "leaves it out" (issue: worksheet called
    every non-carrier an omitter)."""
    t = analysis.tables
    possible, omissions = t["possible_carriers"], t["omissions"]
    ws = build_worksheet(analysis, max_per_kind=100)  # every candidate fact
    by_name = {v.name: v.outlet for v in ws.versions}
    docs = {d.outlet: d for d in analysis.documents}
    questions = [q for q in ws.questions if q.kind == "omission"]
    assert {q.subject for q in questions} == _omission_candidates(analysis)
    n_maybe = 0
    for q in questions:
        status = {by_name[name]: st for name, st in q.details}
        maybe = set(possible.loc[possible["fact_id"] == q.subject, "outlet"])
        echoes = {o for f, o in _quote_echoes(analysis) if f == q.subject}
        assert {o for o, st in status.items() if st == "leaves it out"} == \
            set(omissions.loc[omissions["fact_id"] == q.subject, "outlet"]) - echoes, q.subject
        assert {o for o, st in status.items() if st == "may report it in other words"} == maybe, q.subject
        assert {o for o, st in status.items() if st == "may quote the same remark"} == echoes, q.subject
        noted = [e for e in q.evidence if e.note == "may report it in other words"]
        assert {e.outlet for e in noted} == maybe and len(noted) == len(maybe)
        if not maybe:
            assert "other words" not in q.answer
            continue
        n_maybe += 1
        names = [v.name for v in ws.versions if v.outlet in maybe]
        assert "may report it in other words" in q.answer and all(n in q.answer for n in names)
        assert q.answer.split("may report")[0].count("leave") == 1  # only the real omitters leave it out
        for e in noted:
            row = possible[(possible["fact_id"] == q.subject) & (possible["outlet"] == e.outlet)].iloc[0]
            assert e.note == "may report it in other words" and e.sent_id == row["sent_id"]
            assert e.start <= row["start"] < row["end"] <= e.end
            assert docs[e.outlet].text[e.start:e.end] == e.text
            assert f'<mark class="ev">{escape(row["text"])}</mark>' in str(e.html)
            assert f"¶{e.paragraph}" in q.answer
    assert n_maybe >= 2
    key = render_answer_key(ws)
    assert key.count("<td style=\"text-align:left\">may report it in other words</td>") == n_maybe
    assert key.count('<li class="noted"') == sum(len([e for e in q.evidence if e.note]) for q in questions)
    assert not any(st == "leaves it out" for q in questions for name, st in q.details
                   if (q.subject, by_name[name]) in _quote_echoes(analysis))
    assert "may report it in other words" not in render_worksheet(ws)  # the handout does not give it away


@pytest.mark.parametrize("extra", [0, 2])
def test_omission_questions_prefer_facts_without_possible_carriers(analysis, extra):
    candidates = _omission_candidates(analysis)
    unsure = candidates & set(analysis.tables["possible_carriers"]["fact_id"])
    n_clear = len(candidates - unsure)
    ws = build_worksheet(analysis, max_per_kind=n_clear + extra)
    asked = [q.subject for q in ws.questions if q.kind == "omission"]
    assert len(asked) == len(set(asked)) == n_clear + extra
    # every unambiguous fact is asked before any fact a version may tell in other words
    assert set(asked[:n_clear]) == candidates - unsure
    assert set(asked[n_clear:]) <= unsure


def test_default_worksheet_asks_only_unambiguous_omissions(ws, analysis):
    unsure = set(analysis.tables["possible_carriers"]["fact_id"])
    asked = [q for q in ws.questions if q.kind == "omission"]
    assert asked and all(q.subject not in unsure for q in asked)
    assert all(st in ("reports it", "leaves it out") for q in asked for _, st in q.details)


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
