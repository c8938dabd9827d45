"""Worksheet answers agree with the tables: the fact's wording is attributed to the version it
came from, quotation marks are never doubled, and no version is said to leave out a fact that
a table says it may tell (possible_carriers, or a quote of the same remark)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from framing import Article, Story
from framing.cli import main
from framing.corpus import load_story
from framing.pipeline import StoryAnalysis, analyze
from framing.worksheet import _quoted, build_worksheet, render_answer_key, render_worksheet

DOUBLED = re.compile(r"[“”\"„«»]{2}|[‘’]{2}")


@pytest.fixture(scope="module")
def analysis(example_story_path):
    return analyze(load_story(example_story_path))


def _words(text: str) -> str:
    return " ".join(str(text).split()).strip(" \"'“”‘’.,;:").lower()


def _attributed(q, ws) -> str | None:
    """The outlet the prompt says the fact's wording is adapted from."""
    m = re.search(r"\(adapted from (.+?)'s wording\)", q.prompt)
    return next((v.outlet for v in ws.versions if v.name == m.group(1)), None) if m else None


# --------------------------------------------------------------------------- quotation marks

@pytest.mark.parametrize("text,expected", [
    ("Trade will grow.", "“Trade will grow.”"),
    ("  Trade will grow.  ", "“Trade will grow.”"),
    ("“We value this step.”", "“We value this step.”"),  # one quotation: its own marks
    ('"We value this step."', "“We value this step.”"),
    ("«Nous saluons ce pas»", "«Nous saluons ce pas»"),
    ("“We value this step,” said the minister.", "“‘We value this step,’ said the minister.”"),  # the bug
    ('"We value this step," said the minister.', "“‘We value this step,’ said the minister.”"),
    ("He called it “a failure” twice.", "“He called it ‘a failure’ twice.”"),
    ('He called it "a failure" twice.', "“He called it ‘a failure’ twice.”"),
    ("“A” and “B”", "“‘A’ and ‘B’”"),  # starts and ends with marks, but is two quotations
    ("It called the US exit a 'failure'.", "“It called the US exit a 'failure'.”"),
    ("“", "“‘”"),
])
def test_quoted_never_doubles_a_mark(text, expected):
    assert _quoted(text) == expected
    assert not DOUBLED.search(_quoted(text))


@pytest.mark.parametrize("hide", [True, False])
def test_example_prompts_have_no_doubled_quotation_mark(analysis, hide):
    """Regression: the prompt wrapped a fact that began with “ in another “, printing ““We value…”."""
    ws = build_worksheet(analysis, hide_outlets=hide, max_per_kind=100)
    for q in ws.questions:
        assert not DOUBLED.search(q.prompt), q.prompt
        assert not DOUBLED.search(q.answer), q.answer
    for html in (render_worksheet(ws), render_answer_key(ws)):
        assert "““" not in html and "””" not in html


# --------------------------------------------------------------------------- attribution

@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_example_attribution_names_the_version_whose_sentence_is_shown(analysis, seed):
    """Regression: "(adapted from X's wording)" named the first carrier by letter, not the version
    the summary came from (Q1 said Version B but quoted Roya News, E)."""
    ws = build_worksheet(analysis, seed=seed, max_per_kind=100)
    facts, omissions = analysis.tables["facts"], analysis.tables["omissions"]
    questions = [q for q in ws.questions if q.kind == "omission"]
    assert len(questions) >= 5
    for q in questions:
        source = _attributed(q, ws)
        assert source == omissions.loc[omissions["fact_id"] == q.subject, "evidence_outlet"].iloc[0], q.prompt
        mentions = facts[(facts["fact_id"] == q.subject) & (facts["outlet"] == source)]
        summary = _words(mentions["summary"].iloc[0])
        assert any(summary in _words(t) or _words(t) in summary for t in mentions["text"]), \
            (q.prompt, list(mentions["text"]))


def test_example_attribution_regression(analysis):
    """The two questions of the issue, at the default seed: F004's summary is Arab News's sentence."""
    ws = build_worksheet(analysis)
    letter = {v.outlet: v.name for v in ws.versions}
    q = next(q for q in ws.questions if q.subject == "F004")
    assert f"(adapted from {letter['Arab News']}'s wording)" in q.prompt
    assert "““" not in q.prompt


def _synthetic():
    quote = ("“We value this courageous step taken by Russia, and it will serve as an example for others,” "
             "said Foreign Minister Amir Khan Muttaqi.")
    base = ["Russia became the first country to recognise the Taliban government on Thursday.",
            "The foreign ministry in Moscow said the decision would boost trade and energy cooperation."]
    texts = {"Alpha": " ".join(base + [quote]),
             "Beta": " ".join(base[::-1] + [quote.replace("Foreign Minister", "Afghan Foreign Minister")]),
             "Gamma": " ".join(base)}
    return analyze(Story("q", "t", tuple(Article("q", o, t) for o, t in texts.items())))


@pytest.fixture(scope="module")
def synthetic():
    a = _synthetic()
    assert set(a.tables["omissions"]["outlet"]) == {"Gamma"}  # the story is what the tests need
    return a


def _drop(name, column):
    return lambda t, docs: {**t, name: t[name].drop(columns=[column])}


# (case, table change, outlet whose wording the prompt names, its text must start like this)
ATTRIBUTION = [
    ("tables as written", lambda t, docs: t, "Alpha", "“‘We value this courageous step"),
    ("no evidence_outlet: found by the summary's words", _drop("omissions", "evidence_outlet"), "Alpha",
     "“‘We value"),
    ("no summary: the text of the first version by letter", _drop("facts", "summary"), None, "“‘We value"),
]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("case,change,source,starts", ATTRIBUTION, ids=[c[0] for c in ATTRIBUTION])
def test_attribution_follows_the_summary_not_the_letter_order(synthetic, case, change, source, starts, seed):
    a = StoryAnalysis(synthetic.story, synthetic.documents, change(dict(synthetic.tables), synthetic.documents))
    ws = build_worksheet(a, seed=seed, hide_outlets=seed % 2 == 0)
    (q,) = [q for q in ws.questions if q.kind == "omission"]
    first_by_letter = next(v.outlet for v in ws.versions if v.outlet in ("Alpha", "Beta"))
    assert _attributed(q, ws) == (source or first_by_letter), q.prompt
    text = q.prompt.split("report this: ", 1)[1]
    assert text.startswith(starts) and not DOUBLED.search(q.prompt), q.prompt
    if source is None:  # the prompt shows that version's own sentence
        assert ("Afghan Foreign" in text) == (first_by_letter == "Beta")


# --------------------------------------------------------------------------- only confident omissions

def _row(frame: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for k, v in where.items():
        mask &= frame[k] == v
    return mask


def _set_group(outlet, start, group):
    def change(t, docs):
        q = t["quotes"].copy()
        q.loc[_row(q, outlet=outlet) & (q["start"] == start), "quote_group"] = group
        return {**t, "quotes": q}
    return change


def _roya_leaves_out_f003(t, docs):
    """Roya News no longer carries F003 (its mention dropped, its quote in a group of its own) and
    is listed as omitting it: a confident omitter next to Financial Times, which quotes the remark."""
    facts, om, q = t["facts"], t["omissions"].copy(), t["quotes"].copy()
    muttaqi = q.loc[(q["outlet"] == "Roya News") & q["text"].str.contains("We value this courageous"), "quote_group"].iloc[0]
    q.loc[_row(q, outlet="Roya News", quote_group=muttaqi), "quote_group"] = "g-own"
    row = om[om["fact_id"] == "F003"].iloc[0].copy()
    row["outlet"] = "Roya News"
    return {**t, "facts": facts[~_row(facts, fact_id="F003", outlet="Roya News")],
            "omissions": pd.concat([om, row.to_frame().T], ignore_index=True), "quotes": q}


def _add_row(name, base, **values):
    def change(t, docs):
        frame = t[name]
        row = frame[frame["fact_id"] == base].iloc[0].copy()
        for k, v in values.items():
            row[k] = v
        return {**t, name: pd.concat([frame, row.to_frame().T], ignore_index=True)}
    return change


def _possible(fid, outlet):
    def change(t, docs):
        doc = next(d for d in docs if d.outlet == outlet)
        s = doc.kept_sentences[0]
        row = {"story_id": doc.story_id, "fact_id": fid, "outlet": outlet, "sent_id": s.sent_id, "start": s.start,
               "end": s.end, "score": 0.5, "text": doc.text[s.start:s.end]}
        return {**t, "possible_carriers": pd.concat([t["possible_carriers"], pd.DataFrame([row])], ignore_index=True)}
    return change


# (case, table change, {fact: None (not asked) or {outlet: status}})
CONFIDENCE = [
    # Financial Times is listed as omitting F003 (Muttaqi's "courageous step") but quotes the same
    # remark ("would set a good example for other countries", same quote_group as the carriers'
    # quotes): nobody surely leaves the fact out, so it is not asked.
    ("a quote of the same remark", lambda t, docs: t, {"F003": None}),
    ("the quote in a group of its own", _set_group("Financial Times", 2585, "g-own"),
     {"F003": {"Financial Times": "leaves it out"}}),
    ("a quote of the same remark next to a real omitter", _roya_leaves_out_f003,
     {"F003": {"Roya News": "leaves it out", "Financial Times": "may quote the same remark",
               "Arab News": "reports it"}}),
    ("an omission row the possible_carriers table contradicts", _possible("F004", "Daily8"), {"F004": None}),
    ("an omission row for a version that carries the fact", _add_row("omissions", "F004", outlet="Arab News"),
     {"F004": {"Arab News": "reports it", "Daily8": "leaves it out"}}),
]


@pytest.mark.parametrize("case,change,expected", CONFIDENCE, ids=[c[0] for c in CONFIDENCE])
def test_omission_questions_use_only_rows_no_table_contradicts(analysis, case, change, expected):
    a = StoryAnalysis(analysis.story, analysis.documents, change(dict(analysis.tables), analysis.documents))
    ws = build_worksheet(a, max_per_kind=100)
    by_name = {v.name: v.outlet for v in ws.versions}
    name_of = {v.outlet: v.name for v in ws.versions}
    docs = {d.outlet: d for d in a.documents}
    asked = {q.subject: q for q in ws.questions if q.kind == "omission"}
    for fid, want in expected.items():
        if want is None:
            assert fid not in asked
            continue
        q = asked[fid]
        status = {by_name[n]: st for n, st in q.details}
        assert {o: status[o] for o in want} == want
        for o, st in want.items():
            noted = [e for e in q.evidence if e.outlet == o and e.note]
            if st.startswith("may "):  # its sentence is shown, the quote marked, with the note
                (e,) = noted
                assert e.note == st and "<mark" in str(e.html)
                assert docs[o].text[e.start:e.end] == e.text
                assert f"{name_of[o]} (¶{e.paragraph}) {st}" in q.answer
            else:
                assert not noted
        missing = [o for o, st in want.items() if st == "leaves it out"]
        assert q.answer.startswith(" and ".join(name_of[o] for o in missing) + " leave")
    # whatever the tables, a question is asked only about a fact some version surely leaves out,
    # reported by at least two
    for q in asked.values():
        sts = [st for _, st in q.details]
        assert "leaves it out" in sts and sts.count("reports it") >= 2


def test_default_worksheet_prefers_facts_most_versions_carry(analysis):
    ws = build_worksheet(analysis)
    for q in (q for q in ws.questions if q.kind == "omission"):
        assert [st for _, st in q.details].count("reports it") >= 3


# --------------------------------------------------------------------------- duplicated input

@pytest.mark.parametrize("copies,rc,message", [
    (["c.txt"], 0, "same text as"),  # three files, one a copy: warned, two versions compared
    ([], 2, "needs at least two"),  # two files, one a copy of the other: nothing to compare
])
def test_cli_worksheet_with_a_copied_version(tmp_path, example_story_path, capsys, copies, rc, message):
    story = tmp_path / "story"
    story.mkdir()
    a = (example_story_path / "arab-news.txt").read_bytes()
    (story / "a.txt").write_bytes(a)
    (story / "b.txt").write_bytes(a)
    for name in copies:
        (story / name).write_bytes((example_story_path / "roya-news.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["worksheet", str(story), "--out", str(out)]) == rc
    err = capsys.readouterr().err
    assert message in err and "b.txt" in err and "Traceback" not in err
    if rc:
        assert not out.exists() and err.strip().splitlines()[-1].startswith("framing: error: ")
    else:
        assert "Version C" not in (out / "worksheet.html").read_text(encoding="utf-8")
