"""The self-contained HTML report written by ``framing analyze``.

One file, no network: styles are inline, there are no scripts at all (a Content-Security-Policy
forbids them and any request), the charts are inline SVG drawn here, and every piece of article
text is escaped (Jinja2 autoescaping in the templates, :func:`markupsafe.escape` for the
highlighted spans built in Python), so an article holding ``<script>`` shows it as text.
"""

from __future__ import annotations

__all__ = ["render_report", "environment"]

import functools

from jinja2 import Environment, PackageLoader, select_autoescape

from . import _views as views


@functools.cache
def environment() -> Environment:
    """The Jinja2 environment of the report and worksheet templates (autoescaping on).

    Returns
    -------
    jinja2.Environment
        Loading the package's templates.
    """
    env = Environment(
        loader=PackageLoader("framing.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fmt"] = views.fmt
    return env


def _display(value) -> str:
    """A value as shown in the HTML table (the exact value is in the cell's title and the CSV)."""
    if isinstance(value, float):
        if value != value:
            return "–"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def _attach_markers(blocks: list[dict], markers: dict, key: str = "markers") -> None:
    """Put each group of markers (``{anchor sent_id: [marker]}``) after the block holding its
    anchor sentence, under ``block[key]``; the ones with no kept anchor go in a block of their
    own before the first kept paragraph."""
    kept = [b for b in blocks if b["kind"] == "kept"]
    placed = set()
    for b in kept:
        b[key] = [m for sid in b["sent_ids"] if sid in markers for m in markers[sid]]
        placed.update(sid for sid in b["sent_ids"] if sid in markers)
    top = [m for sid, ms in sorted(markers.items()) if sid not in placed for m in ms]
    if top:
        target = next((i for i, b in enumerate(blocks) if b["kind"] in ("kept", "markers")), len(blocks))
        if target < len(blocks) and blocks[target]["kind"] == "markers":
            blocks[target][key] = top
        else:
            blocks.insert(target, {"kind": "markers", key: top})


def story_view(analysis) -> dict:
    """Everything the report shows about one story.

    Parameters
    ----------
    analysis : StoryAnalysis
        :func:`~framing.pipeline.analyze` of the story.

    Returns
    -------
    dict
        The template context of the story's section of the report.
    """
    articles = views.table(analysis, "articles")
    feature_cols = [c for c in articles.columns if c not in ("story_id", "outlet", "path")]
    rows = views.Rows(analysis)
    groups = views.speaker_groups(rows)
    outlets = [d.outlet for d in analysis.documents]
    by_fact = views.fact_sentences(rows)
    possible = views.possible_by_fact(rows)
    article_rows = {r["outlet"]: r for r in articles.to_dict("records")} if not articles.empty else {}
    versions, summaries = [], []
    for i, doc in enumerate(analysis.documents):
        maybe, maybe_spans = views.possible_markers(rows, doc, outlets, by_fact)
        blocks = views.paragraphs_of(doc, maybe_spans + views.annotations_for(rows, doc.outlet, groups))
        _attach_markers(blocks, views.omission_markers(rows, doc, outlets, by_fact, possible))
        _attach_markers(blocks, maybe, key="maybe")
        row = article_rows.get(doc.outlet)
        features = [(c, _display(row[c]), repr(row[c])) for c in feature_cols] if row else []
        summary = views.outlet_summary(rows, doc)
        summaries.append(summary)
        versions.append({
            "i": i, "outlet": doc.outlet, "publisher": doc.article.publisher or "",
            "blocks": blocks, "features": features, "summary": summary,
            "n_dropped": sum(not s.kept for s in doc.sentences),
            "n_markers": summary["n_omitted"], "n_possible": summary["n_possible"],
        })
    charts = [
        views.dot_chart("Sentiment", "mean VADER compound, −1 to +1",
                        [(s["outlet"], s["sentiment"]) for s in summaries]),
        views.dot_chart("Hedges", "per 100 words", [(s["outlet"], s["hedge"]) for s in summaries]),
        views.bar_chart("Quotations", "count", [(s["outlet"], float(s["n_quotes"])) for s in summaries]),
        views.bar_chart("Facts omitted", "reported by others, not here",
                        [(s["outlet"], float(s["n_omitted"])) for s in summaries]),
    ]
    return {"id": analysis.story.id, "title": analysis.story.title or analysis.story.id,
            "versions": versions, "n_versions": len(versions), "groups": groups,
            "feature_names": feature_cols, "charts": charts,
            "n_facts": summaries[0]["n_facts"] if summaries else 0,
            "n_omissions": sum(s["n_omitted"] for s in summaries),
            "n_omissions_shared": sum(s["n_omitted_shared"] for s in summaries),
            "n_omissions_single": sum(s["n_omitted_single"] for s in summaries),
            "conflicts": views.fact_conflicts(rows, outlets),
            "n_possible": sum(s["n_possible"] for s in summaries)}


def render_report(analyses, *, title: str = "framing report") -> str:
    """Render the HTML report for a list of :class:`~framing.pipeline.StoryAnalysis`.

    Parameters
    ----------
    analyses : list of StoryAnalysis
    title : str
        The page title.

    Returns
    -------
    str
        A complete, self-contained HTML document (same input, same string).
    """
    from .. import __version__

    stories = [story_view(a) for a in analyses]
    return environment().get_template("report.html.j2").render(
        title=title, stories=stories, version=__version__, hedge_help=views.HEDGE_HELP,
        n_boot=views.N_BOOT, boot_seed=views.BOOT_SEED,
        max_versions=max((s["n_versions"] for s in stories), default=0))
