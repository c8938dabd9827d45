"""How much story body cleaning keeps, and how much appended text it drops, on BASIL.

BASIL gives clean article bodies of three outlets per event. For each event, one version (in
turn: Fox, NYT, HuffPost) gets the whole text of another event's article appended, as scraped
pages do. Cleaning should keep every character of each version's own body and drop the appended
article. Scores are in characters of sentences:

* ``body_kept``: kept body characters / body characters (over all versions);
* ``appended_dropped``: dropped appended characters / appended characters;
* ``versions_all_body_kept``: share of versions that keep all of their body;
* ``appended_fully_dropped``: share of appended articles dropped whole.
"""

from __future__ import annotations

__all__ = ["validate", "basil_contamination_stories"]

from pathlib import Path

from ..clean import CleaningOptions, clean_story
from ..corpus import Article, Story
from ..datasets.basil import article_text, basil_events, read_basil


def basil_contamination_stories(data_dir) -> list[tuple[Story, dict[str, int]]]:
    """Stories built from BASIL events, each with one version carrying another event's article.

    Parameters
    ----------
    data_dir : str or path-like
        BASIL in its original layout (any subset of it).

    Returns
    -------
    list of (Story, dict)
        The dict maps the contaminated outlet to the offset where the appended article starts.
    """
    events = [e for e in basil_events(read_basil(data_dir)) if len(e) >= 2]
    stories = []
    for i, event in enumerate(events):
        donor_event = events[(i + len(events) // 2) % len(events)]  # a far-away event, deterministic
        target = i % len(event)
        versions, boundary = [], {}
        for k, art in enumerate(event):
            text = article_text(art)
            if k == target:
                donor = donor_event[k % len(donor_event)]
                boundary[art.outlet] = len(text) + 1
                text = text + "\n" + article_text(donor)
            versions.append(Article(story_id=art.triplet, outlet=art.outlet, text=text, path=art.path))
        stories.append((Story(id=event[0].triplet, title=event[0].title, versions=tuple(versions)), boundary))
    return stories


def validate(data_dir, options: CleaningOptions | None = None) -> dict:
    """Score cleaning on BASIL with appended articles (see the module docstring).

    Parameters
    ----------
    data_dir : str or path-like
        BASIL in its original layout (any subset of it).
    options : CleaningOptions, optional
        The cleaning parameters scored; default ``CleaningOptions()``.

    Returns
    -------
    dict
        ``{"task", "dataset", "data_dir", "parts", "n", "metrics": {...}, "notes"}`` (see
        :mod:`framing.evaluate`).

    Raises
    ------
    InputError
        If ``data_dir`` holds none of BASIL.
    """
    stories = basil_contamination_stories(data_dir)
    body_total = body_kept = app_total = app_dropped = 0
    versions = versions_ok = appended = appended_ok = 0
    for story, boundary in stories:
        for doc in clean_story(story, options):
            cut = boundary.get(doc.outlet, len(doc.text) + 1)
            v_body_total = v_body_kept = v_app_total = v_app_dropped = 0
            for s in doc.sentences:
                n = s.end - s.start
                if s.start < cut:
                    v_body_total += n
                    v_body_kept += n if s.kept else 0
                else:
                    v_app_total += n
                    v_app_dropped += 0 if s.kept else n
            body_total += v_body_total
            body_kept += v_body_kept
            app_total += v_app_total
            app_dropped += v_app_dropped
            versions += 1
            versions_ok += v_body_kept == v_body_total
            if doc.outlet in boundary:
                appended += 1
                appended_ok += v_app_dropped == v_app_total
    return {
        "task": "cleaning",
        "dataset": "BASIL (Fan et al. 2019), each event with another event's article appended to one version",
        "data_dir": str(Path(data_dir)),
        "parts": sorted({Path(a.path).parent.name for s, _ in stories for a in s.versions}),
        "n": {"events": len(stories), "versions": versions, "appended_articles": appended},
        "metrics": {
            "body_kept": body_kept / body_total if body_total else float("nan"),
            "appended_dropped": app_dropped / app_total if app_total else float("nan"),
            "versions_all_body_kept": versions_ok / versions if versions else float("nan"),
            "appended_fully_dropped": appended_ok / appended if appended else float("nan"),
        },
        "notes": ["threshold: %s" % (options or CleaningOptions()).affinity_threshold],
    }
