"""The HTML report: self-contained, every article text escaped, highlights that match the tables."""

from __future__ import annotations

import re

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
