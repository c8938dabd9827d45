"""The self-contained HTML report written by ``framing analyze``.

One file, no network: styles are inline, there are no scripts from elsewhere, and every piece of
article text goes through Jinja2's autoescaping, so an article holding ``<script>`` shows it as
text.
"""

from __future__ import annotations

__all__ = ["render_report"]

from jinja2 import Environment, PackageLoader, select_autoescape


def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("framing.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _display(value) -> str:
    """A value as shown in the HTML table (the exact value is in the cell's title and the CSV)."""
    if isinstance(value, float):
        if value != value:
            return "–"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def render_report(analyses, *, title: str = "framing report") -> str:
    """Render the HTML report for a list of :class:`~framing.pipeline.StoryAnalysis`.

    Returns
    -------
    str
        A complete HTML document.
    """
    from .. import __version__

    stories = []
    for analysis in analyses:
        articles = analysis.tables["articles"]
        feature_cols = [c for c in articles.columns if c not in ("story_id", "outlet", "path")]
        versions = []
        for doc in analysis.documents:
            paras: list[dict] = []
            for s in doc.sentences:
                if not paras or paras[-1]["id"] != s.paragraph:
                    paras.append({"id": s.paragraph, "sentences": []})
                paras[-1]["sentences"].append(
                    {"text": doc.text[s.start : s.end], "kept": s.kept, "reason": s.drop_reason,
                     "start": s.start, "end": s.end}
                )
            row = articles[articles["outlet"] == doc.outlet].iloc[0]
            versions.append(
                {
                    "outlet": doc.outlet,
                    "publisher": doc.article.publisher or "",
                    "paragraphs": paras,
                    "features": [(c, _display(row[c]), repr(row[c])) for c in feature_cols],
                    "n_dropped": sum(not s.kept for s in doc.sentences),
                }
            )
        stories.append({"id": analysis.story.id, "title": analysis.story.title or analysis.story.id,
                        "versions": versions, "n_versions": len(versions)})
    return _environment().get_template("report.html.j2").render(title=title, stories=stories, version=__version__)
