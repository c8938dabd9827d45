"""The HTML report: self-contained, every article text escaped."""

from __future__ import annotations

import re

from framing import Article, Story
from framing.pipeline import analyze
from framing.report import render_report

EVIL = [
    'Officials met on Monday. <script>alert("x")</script> The talks ended.',
    'The minister said talks ended. <img src=x onerror="alert(1)"> Officials met on Monday.',
]


def _html():
    story = Story("s", "A <b>bold</b> title", tuple(Article("s", f"outlet <{i}>", t) for i, t in enumerate(EVIL)))
    return render_report([analyze(story)])


def test_article_text_is_escaped():
    html = _html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=" in html
    assert "<b>bold</b>" not in html and "outlet &lt;0&gt;" in html


def test_report_loads_nothing_from_the_network():
    html = _html()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<script" not in html and "<link" not in html
    assert "Content-Security-Policy" in html
