"""The HTML report: self-contained, every article text escaped, highlights that match the tables."""

from __future__ import annotations

import dataclasses
import re
from html import unescape

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from markupsafe import escape

from framing import Article, Story
from framing.corpus import load_story
from framing.pipeline import analyze
from framing.report import render_report
from framing.report._markup import Annotation, highlight
from framing.report._views import bootstrap_mean, bootstrap_rate

EVIL = [
    'Officials met on Monday. <script>alert("x")</script> The talks ended.',
    'The minister said talks ended. <img src=x onerror="alert(1)"> Officials met on Monday.',
]


def _html():
    story = Story("s", "A <b>bold</b> title", tuple(Article("s", f"outlet <{i}>", t) for i, t in enumerate(EVIL)))
    return render_report([analyze(story)])


@pytest.fixture(scope="module")
def example(example_story_path):
    analysis = analyze(load_story(example_story_path))
    return analysis, render_report([analysis])


def test_article_text_is_escaped():
    html = _html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=" in html
    assert "<b>bold</b>" not in html and "outlet &lt;0&gt;" in html


def test_report_loads_nothing_from_the_network():
    html = _html()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_example_report_is_deterministic(example):
    # Speed is measured in benchmarks, not asserted in unit tests (shared, noisy machines).
    analysis, html = example
    assert render_report([analysis]) == html


def test_example_report_marks_every_cue_quote_and_omission(example):
    analysis, html = example
    t = analysis.tables
    cues = re.findall(r'<mark class="cue cue-(\w+)"[^>]*data-start="(\d+)" data-end="(\d+)"', html)
    assert len(cues) == len(t["hedges"])
    assert sorted(c for c, _, _ in cues) == sorted(t["hedges"]["category"])
    quotes = re.findall(r'<span class="q q-(\w+) [^"]*"[^>]*tabindex="0"', html)
    assert len(quotes) == len(t["quotes"])
    markers = re.findall(r'<details class="omit" data-fact="([^"]+)" data-outlet="([^"]+)"', html)
    expected = {(r.fact_id, r.outlet) for r in t["omissions"].itertuples()}
    assert set((f, str(escape(o))) for f, o in expected) == set(markers)
    assert "outlets report:" in html
    assert html.count('<details class="dropped">') >= 5
    assert html.count("<svg") == 4


def _versions(html: str) -> dict:
    """``{outlet: the HTML of its article}`` of a rendered report."""
    return {unescape(m[1]): m[2] for m in re.finditer(
        r'<article class="version" id="[^"]+" data-outlet="([^"]+)"[^>]*>(.*?)</article>', html, re.S)}


def test_example_report_marks_possible_carriers(example):
    """Each possible_carriers row is a dotted span on the version's unit and a ≈ note after its
    paragraph; the omission markers of the fact name it as "may be told in other words"."""
    analysis, html = example
    t = analysis.tables
    possible, omissions = t["possible_carriers"], t["omissions"]
    assert len(possible) >= 4  # the example story has them (6 today): otherwise this tests nothing
    expected = {(r.outlet, r.fact_id, str(r.start), str(r.end)) for r in possible.itertuples()}
    notes, spans = [], []
    for outlet, body in _versions(html).items():
        for fact, sent, start, end, inner in re.findall(
                r'<details class="maybe" data-fact="([^"]+)" data-outlet="[^"]+" data-sent="(\d+)" '
                r'data-start="(\d+)" data-end="(\d+)">(.*?)</details>', body, re.S):
            notes.append((outlet, fact, start, end))
            row = possible[(possible["outlet"] == outlet) & (possible["fact_id"] == fact)].iloc[0]
            # the note quotes this version's unit, then the carriers' first mentions
            assert f'<blockquote class="maybe-unit" data-outlet="{escape(outlet)}" data-sent="{sent}" ' \
                   f'data-start="{start}" data-end="{end}"><span class="who">{escape(outlet)}:</span> ' \
                   f'{escape(row["text"])}</blockquote>' in inner
            carriers = set(t["facts"].loc[t["facts"]["fact_id"] == fact, "outlet"])
            assert set(map(unescape, re.findall(r'<blockquote data-outlet="([^"]+)"', inner))) == carriers
            assert f"may tell fact {fact} in other words" in inner
            # placed right after the paragraph that holds the unit's sentence
            at = body.index(f'<span class="s" data-sent="{sent}">')
            note_at = body.index(f'<details class="maybe" data-fact="{fact}"')
            assert at < note_at and "<p data-para" not in body[at:note_at]
        spans += [(outlet, *m) for m in re.findall(
            r'<span class="maybe" data-fact="([^"]+)"[^>]*? data-start="(\d+)" data-end="(\d+)"', body)]
    assert sorted(notes) == sorted(spans) == sorted(expected)
    # The omission markers of a fact list its possible carriers apart from the carriers.
    n_listed = 0
    omit_markers = re.findall(r'<details class="omit" data-fact="([^"]+)" data-outlet="([^"]+)">(.*?)</details>',
                              html, re.S)
    for fact, outlet, inner in omit_markers:
        maybe = set(possible.loc[possible["fact_id"] == fact, "outlet"])
        listed = [unescape(o) for o in re.findall(r'<blockquote class="maybe-ev" data-outlet="([^"]+)"', inner)]
        assert sorted(listed) == sorted(maybe), (fact, outlet)
        row = omissions[(omissions["fact_id"] == fact) & (omissions["outlet"] == unescape(outlet))].iloc[0]
        carried = row["carried_by"]
        assert not maybe & {c.strip() for c in carried.split(";")}
        assert (f"({len(maybe)} more may, in other words)" in inner) == bool(maybe)
        for o in maybe:
            assert f"may be told in other words by {escape(o)}:</span> " in inner
        n_listed += len(listed)
    expected_listed = sum(len(omissions[omissions["fact_id"] == f]) for f in possible["fact_id"])
    assert n_listed == expected_listed > 0


def test_summary_counts_possibly_told_apart_from_omitted(example):
    from framing.report._views import Rows, outlet_summary

    analysis, html = example
    possible, omissions = analysis.tables["possible_carriers"], analysis.tables["omissions"]
    rows = Rows(analysis)
    for doc in analysis.documents:
        s = outlet_summary(rows, doc)
        assert s["n_omitted"] == (omissions["outlet"] == doc.outlet).sum()  # unchanged by the check
        assert s["n_possible"] == (possible["outlet"] == doc.outlet).sum()
        row = re.search(rf'<tr><th scope="row">{re.escape(str(escape(doc.outlet)))}</th>(.*?)</tr>', html, re.S)[1]
        assert re.findall(r'<td class="num">(\d+)</td>', row)[-2:] == [str(s["n_omitted"]), str(s["n_possible"])]
        # the omitted facts split by how many other versions report them (n_carried)
        mine = omissions[omissions["outlet"] == doc.outlet]
        shared, single = int((mine["n_carried"] >= 2).sum()), int((mine["n_carried"] == 1).sum())
        assert (s["n_omitted_shared"], s["n_omitted_single"]) == (shared, single)
        assert f'<td class="num split">{shared} / {single}</td>' in row
    assert ("<th scope=\"col\">facts omitted</th><th scope=\"col\">of which reported by ≥ 2 others / by 1 other</th>"
            "<th scope=\"col\">possibly told in other words</th>") in html
    assert f"{len(omissions)} times a version leaves out a fact others report, and {len(possible)} times" in html
    legend = re.search(r'<ul class="legend" aria-label="Other marks">(.*?)</ul>', html, re.S)[1]
    assert '<span class="sym-maybe" aria-hidden="true">≈</span>' in legend and "other words" in legend


def test_possible_carrier_markers_escape_article_text():
    """The ≈ note and the omission marker's "other words" line escape the sentence they quote."""
    texts = EVIL + ['Officials met on Monday. The weather was fine.']
    story = Story("s", "t", tuple(Article("s", f"outlet <{i}>", t) for i, t in enumerate(texts)))
    analysis = analyze(story)
    facts = analysis.tables["facts"]
    fact = facts.iloc[0]["fact_id"]
    o0, o1, o2 = (d.outlet for d in analysis.documents)
    doc1 = analysis.documents[1]
    sent = doc1.kept_sentences[0]
    possible = pd.DataFrame([{"story_id": "s", "fact_id": fact, "outlet": o1, "sent_id": sent.sent_id,
                              "start": sent.start, "end": sent.end, "score": 0.5,
                              "text": doc1.text[sent.start:sent.end]}])
    kept_facts = facts[(facts["fact_id"] == fact) & (facts["outlet"] == o0)]
    first = kept_facts.iloc[0]
    omissions = pd.DataFrame([{"story_id": "s", "outlet": o2, "fact_id": fact, "carried_by": o0, "n_carried": 1,
                               "n_versions": 3, "summary": first["text"], "evidence_outlet": o0,
                               "evidence_sent_id": first["sent_id"], "evidence_start": first["start"],
                               "evidence_end": first["end"], "evidence_prominence": "lead"}])
    tables = {**analysis.tables, "facts": kept_facts, "omissions": omissions, "possible_carriers": possible}
    html = render_report([dataclasses.replace(analysis, tables=tables)])
    assert "<img" not in html and "<script>" not in html
    assert html.count('<details class="maybe"') == 1 and html.count('<blockquote class="maybe-ev"') == 1
    assert f"may be told in other words by {escape(o1)}:</span> {escape(possible['text'][0])}" in html
    assert "&lt;img src=x onerror=" in html


def test_summary_numbers_agree_with_articles_table(example):
    from framing.report._views import Rows, outlet_summary

    analysis, _ = example
    articles = analysis.tables["articles"].set_index("outlet")
    rows = Rows(analysis)
    for doc in analysis.documents:
        s = outlet_summary(rows, doc)
        assert s["n_words"] == articles.loc[doc.outlet, "n_words"]
        assert s["hedge"].value == pytest.approx(articles.loc[doc.outlet, "hedge_per_100w"])
        assert s["sentiment"].value == pytest.approx(articles.loc[doc.outlet, "sentiment_mean"])
        assert s["hedge"].low <= s["hedge"].value <= s["hedge"].high


@pytest.mark.parametrize("values, expected", [([0.5], (0.5, 0.5, 0.5)), ([1.0, 1.0, 1.0], (1.0, 1.0, 1.0))])
def test_bootstrap_mean_degenerate(values, expected):
    assert tuple(bootstrap_mean(values)) == expected


def test_bootstrap_empty_is_nan_not_zero():
    assert all(x != x for x in bootstrap_mean([]))
    assert all(x != x for x in bootstrap_rate([0, 0], [0, 0]))


def test_bootstrap_rate_is_deterministic():
    a = bootstrap_rate([1, 0, 2, 0, 1], [10, 12, 9, 20, 5])
    assert a == bootstrap_rate([1, 0, 2, 0, 1], [10, 12, 9, 20, 5])
    assert a.value == pytest.approx(100 * 4 / 56) and a.low < a.value < a.high


@pytest.mark.parametrize("text, anns, expected", [
    ("a <b> c", [], "a &lt;b&gt; c"),
    ("hello world", [Annotation(0, 5, "mark")], "<mark>hello</mark> world"),
    # crossing spans: the later one is split and its second piece marked data-cont
    ("abcdef", [Annotation(0, 4, "span", priority=1), Annotation(2, 6, "mark", priority=2)],
     '<span>ab<mark>cd</mark></span><mark data-cont="1">ef</mark>'),
    ("abc", [Annotation(0, 3, "span", (("title", '"><x>'),))], '<span title="&#34;&gt;&lt;x&gt;">abc</span>'),
    ("abc", [Annotation(1, 1, "mark")], "abc"),
])
def test_highlight_table(text, anns, expected):
    assert str(highlight(text, 0, len(text), anns)) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="ab<>&\"' ", max_size=30), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30),
                                                                       st.integers(0, 3)), max_size=6))
def test_highlight_nests_and_keeps_the_text(text, spans):
    anns = [Annotation(min(s, e), max(s, e), "mark" if p % 2 else "span", priority=p) for s, e, p in spans]
    html = str(highlight(text, 0, len(text), anns))
    stack = []
    for m in re.finditer(r"<(/?)(mark|span)[^>]*>", html):
        if m.group(1):
            assert stack and stack.pop() == m.group(2)
        else:
            stack.append(m.group(2))
    assert stack == []
    plain = re.sub(r"<[^>]+>", "", html)
    assert plain == str(escape(text))


# --------------------------------------------------------------------------- computed, and shown (review 14)


def test_story_line_says_how_many_omissions_only_one_other_version_reports(example):
    """With min_carriers=1 most "omissions" are facts one other outlet alone reports: the report
    counts them all, and says how many are which."""
    analysis, html = example
    omissions = analysis.tables["omissions"]
    shared, single = int((omissions["n_carried"] >= 2).sum()), int((omissions["n_carried"] == 1).sum())
    assert shared and single and shared + single == len(omissions)
    assert (f"Of these {len(omissions)} omissions, {shared} leave out a fact that two or more other versions "
            f"report, and {single} a fact that only one other version reports") in html


def test_report_shows_every_fact_conflict_with_its_sentences(example):
    analysis, html = example
    conflicts = analysis.tables["fact_conflicts"]
    assert len(conflicts) >= 2  # the example has them: otherwise this tests nothing
    section = html[html.index('id="conflicts-1"'):html.index("All measures (articles.csv)")]
    shown = re.findall(r'<div class="conflict" data-fact="([^"]+)" data-kind="([^"]+)">(.*?)</div>', section, re.S)
    assert sorted((f, k) for f, k, _ in shown) == sorted(set(zip(conflicts["fact_id"], conflicts["kind"])))
    for fact, kind, inner in shown:
        rows = conflicts[(conflicts["fact_id"] == fact) & (conflicts["kind"] == kind)]
        quotes = re.findall(r'<blockquote data-outlet="([^"]+)" data-sent="(\d+)" data-start="(\d+)" data-end="(\d+)">'
                            r'<span class="who">[^<]*</span> \(<span class="values">([^<]*)</span>\): (.*?)</blockquote>',
                            inner, re.S)
        assert len(quotes) == len(rows)
        expected = {(str(escape(r.outlet)), str(r.sent_id), str(r.start), str(r.end), r.values.replace(";", ", "),
                     str(escape(r.text))) for r in rows.itertuples()}
        assert set(quotes) == expected
    assert "built-in method" not in html


def test_report_without_conflicts_says_so():
    html = _html()
    assert '<p class="no-conflicts">' in html


def test_quotations_per_outlet_table(example):
    """Quotations by kind, the quoted share of the story and by speaker group, from
    quote_shares.csv; the remarks only this version quotes, from quotes.csv."""
    analysis, html = example
    t = analysis.tables
    shares, quotes = t["quote_shares"], t["quotes"]
    table = html[html.index('<table class="summary quotes-summary">'):]
    table = table[:table.index("</table>")]
    for doc in analysis.documents:
        row = re.search(rf'<tr data-outlet="{re.escape(str(escape(doc.outlet)))}">(.*?)</tr>', table, re.S)[1]
        total = shares[(shares["outlet"] == doc.outlet) & (shares["level"] == "total")].iloc[0]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert cells[:3] == [str(total["n_direct"]), str(total["n_partial"]), str(total["n_indirect"])]
        assert f'title="{float(total["share_of_story"])!r}">{total["share_of_story"] * 100:.1f} %' in row
        groups = shares[(shares["outlet"] == doc.outlet) & (shares["level"] == "group") & (shares["quoted_words"] > 0)]
        for g in groups.itertuples():
            assert f"{g.key.replace('-', ' ').replace('_', ' ')} {g.share_of_quoted * 100:.0f} %" in cells[4]
        mine = quotes[quotes["outlet"] == doc.outlet]
        assert cells[5] == f"{int(mine['only_this_outlet'].sum())} of {len(mine)}"


def test_quotes_only_this_outlet_chose_are_marked(example):
    analysis, html = example
    quotes = analysis.tables["quotes"]
    only = quotes[quotes["only_this_outlet"]]
    assert 0 < len(only) < len(quotes)
    marked = set()
    for outlet, body in _versions(html).items():
        for start, end in re.findall(r'<span class="q [^"]*q-only[^"]*"[^>]*tabindex="0" data-start="(\d+)" '
                                     r'data-end="(\d+)" data-quote="[^"]*" data-only="1"', body):
            marked.add((outlet, int(start), int(end)))
    assert marked == {(r.outlet, r.start, r.end) for r in only.itertuples()}
    legend = re.search(r'<ul class="legend" id="legend-quotes"[^>]*>(.*?)</ul>', html, re.S)[1]
    assert "a remark no other version quotes" in legend
