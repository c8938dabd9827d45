"""Figure functions: a tidy DataFrame in, a matplotlib Figure out.

One palette for every figure: outlets take Okabe–Ito colours (Okabe & Ito 2008, safe for the
common colour-vision deficiencies) in the order given to :func:`outlet_colors`, so a script that
passes the same outlet list everywhere gets the same colour for an outlet in every figure.
Categories that are not outlets (speaker groups, hedge categories) use Paul Tol's "muted"
scheme, so they are never mistaken for an outlet. :func:`save_figure` writes SVG or PDF with
fixed metadata and a fixed SVG hash salt: the same data give the same bytes.
"""

from __future__ import annotations

__all__ = [
    "OKABE_ITO", "TOL_MUTED", "outlet_colors", "style", "save_figure", "plot_intervals",
    "plot_grouped_intervals", "plot_stacked_shares", "plot_coverage", "plot_prominence",
    "plot_validation", "plot_performance",
]

import contextlib
import os
from typing import Iterable, Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # files only; never opens a window

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: Okabe & Ito (2008) colour-blind-safe palette, black last (used for an outlet only when needed).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: Paul Tol's "muted" qualitative scheme, for non-outlet categories.
TOL_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
             "#DDDDDD")

_RC = {
    "svg.hashsalt": "framing",
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.bbox": "tight",
}


@contextlib.contextmanager
def style():
    """Context manager with the toolkit's rcParams (fonts, fixed SVG hash salt).

    Returns
    -------
    contextlib.AbstractContextManager
        Inside it, figures are drawn and saved with the toolkit's settings.
    """
    with matplotlib.rc_context(_RC):
        yield


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """A fixed colour per outlet, Okabe–Ito in the order given (cycling after eight).

    Parameters
    ----------
    outlets : iterable of str
        Outlets in the order colours are handed out (repeats ignored).

    Returns
    -------
    dict of str to str
        Outlet -> hex colour.
    """
    out: dict[str, str] = {}
    for name in outlets:
        if name not in out:
            out[name] = OKABE_ITO[len(out) % len(OKABE_ITO)]
    return out


def _colors(outlets: Sequence[str], colors: Mapping[str, str] | None) -> dict[str, str]:
    colors = dict(colors or {})
    missing = [o for o in outlets if o not in colors]
    extra = outlet_colors(list(colors) + missing)
    return {o: colors.get(o, extra[o]) for o in outlets}


def save_figure(fig: Figure, path: str | os.PathLike) -> None:
    """Write ``fig`` as SVG or PDF (by suffix) with byte-for-byte reproducible output.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or path-like
        ``.svg`` or ``.pdf`` (no dates in the metadata); any other suffix in matplotlib's
        format for it.
    """
    path = os.fspath(path)
    with style():
        if path.endswith(".svg"):
            fig.savefig(path, format="svg", metadata={"Date": None, "Creator": "framing"})
        elif path.endswith(".pdf"):
            fig.savefig(path, format="pdf",
                        metadata={"CreationDate": None, "ModDate": None, "Creator": "framing", "Producer": "framing"})
        else:
            fig.savefig(path, metadata={"Software": "framing"})


def _new(ncols: int = 1, *, width: float = 6.0, height: float = 2.6, sharey: bool = True):
    with style():
        fig, axes = plt.subplots(1, ncols, figsize=(width, height), sharey=sharey, squeeze=False)
    return fig, axes[0]


def plot_intervals(frame: pd.DataFrame, *, measure_labels: Mapping[str, str] | None = None,
                   colors: Mapping[str, str] | None = None, title: str | None = None,
                   width: float = 6.5, height: float | None = None) -> Figure:
    """Forest plot: one panel per measure, one row per outlet, point estimate with interval.

    ``frame`` columns: outlet, measure, estimate, low, high. Panels follow the first-seen
    order of ``measure``; ``measure_labels`` maps a measure to its axis label.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``outlet, measure, estimate, low, high`` (NaN bounds: no whisker).
    measure_labels : mapping of str to str, optional
        Measure -> its axis label (default the measure name).
    colors : mapping of str to str, optional
        Outlet -> colour; outlets left out get :func:`outlet_colors`.
    title : str, optional
        Figure title.
    width : float
        Figure width in inches.
    height : float, optional
        Figure height in inches; default grows with the number of rows.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (write it with :func:`save_figure`).
    """
    with style():
        measures = list(dict.fromkeys(frame["measure"]))
        outlets = list(dict.fromkeys(frame["outlet"]))
        cmap = _colors(outlets, colors)
        fig, axes = _new(len(measures), width=width, height=height or 0.9 + 0.28 * len(outlets))
        y = {o: i for i, o in enumerate(outlets[::-1])}
        for ax, m in zip(axes, measures):
            part = frame[frame["measure"] == m]
            for row in part.itertuples(index=False):
                yy = y[row.outlet]
                err = [[row.estimate - row.low], [row.high - row.estimate]] if np.isfinite(row.low) else None
                ax.errorbar(row.estimate, yy, xerr=err, fmt="o", color=cmap[row.outlet], ms=5, capsize=2, lw=1.2)
            ax.set_xlabel((measure_labels or {}).get(m, m))
            ax.set_yticks(list(y.values()), list(y.keys()))
            ax.set_ylim(-0.6, len(outlets) - 0.4)
            ax.grid(axis="x", color="#dddddd", lw=0.5)
            ax.margins(x=0.15)
        axes[0].set_ylabel("outlet")
        if title:
            fig.suptitle(title)
        fig.tight_layout()
    return fig


def plot_grouped_intervals(frame: pd.DataFrame, *, group: str, xlabel: str, ylabel: str | None = None,
                           colors: Mapping[str, str] | None = None, zero_line: bool = True,
                           width: float = 6.0, height: float | None = None) -> Figure:
    """Dot-and-whisker plot of estimates per ``group`` (rows) and outlet (colour, offset).

    ``frame`` columns: ``group``, outlet, estimate, low, high. Used for sentiment toward each
    actor.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``group``, ``outlet, estimate, low, high``.
    group : str
        The column whose values are the rows (e.g. ``actor``).
    xlabel : str
        The estimate axis label.
    ylabel : str, optional
        The row axis label (default ``group``).
    colors : mapping of str to str, optional
        Outlet -> colour; outlets left out get :func:`outlet_colors`.
    zero_line : bool, default True
        Draw a line at 0.
    width : float
        Figure width in inches.
    height : float, optional
        Figure height in inches; default grows with the number of rows.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (write it with :func:`save_figure`).
    """
    with style():
        groups = list(dict.fromkeys(frame[group]))
        outlets = list(dict.fromkeys(frame["outlet"]))
        cmap = _colors(outlets, colors)
        fig, axes = _new(1, width=width, height=height or 0.8 + 0.45 * len(groups) * max(1, len(outlets)) / 3)
        ax = axes[0]
        step = 0.8 / max(1, len(outlets))
        for j, o in enumerate(outlets):
            part = frame[frame["outlet"] == o]
            for k, row in enumerate(part.itertuples(index=False)):
                yy = len(groups) - 1 - groups.index(getattr(row, group)) + 0.4 - step * (j + 0.5)
                err = [[row.estimate - row.low], [row.high - row.estimate]] if np.isfinite(row.low) else None
                ax.errorbar(row.estimate, yy, xerr=err, fmt="o", color=cmap[o], ms=4, capsize=2, lw=1.1,
                            label=o if k == 0 else None)
        if zero_line:
            ax.axvline(0, color="#888888", lw=0.7, ls="--")
        ax.set_yticks(range(len(groups)), groups[::-1])
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel or group)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="outlet")
        fig.tight_layout()
    return fig


def plot_stacked_shares(frame: pd.DataFrame, *, category: str, value: str, xlabel: str,
                        normalize: bool = True, category_order: Sequence[str] | None = None,
                        outlet_order: Sequence[str] | None = None, intervals: pd.DataFrame | None = None,
                        width: float = 6.5, height: float | None = None) -> Figure:
    """Horizontal stacked bars per outlet: ``value`` by ``category`` (shares when ``normalize``).

    ``frame`` columns: outlet, ``category``, ``value``. ``intervals`` (optional; outlet,
    estimate, low, high) draws a whisker for the total at the bar's end. Used for share of
    voice (quoted words by speaker group) and hedging by cue category.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``outlet``, ``category`` and ``value``.
    category : str
        The column stacked within a bar.
    value : str
        The column summed.
    xlabel : str
        The value axis label.
    normalize : bool, default True
        Each bar as shares of its total (sums to 1).
    category_order : sequence of str, optional
        Stacking order (default sorted).
    outlet_order : sequence of str, optional
        Bar order (default first-seen).
    intervals : pandas.DataFrame, optional
        Columns ``outlet, estimate, low, high``: a whisker for the total at each bar's end.
    width : float
        Figure width in inches.
    height : float, optional
        Figure height in inches; default grows with the number of rows.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (write it with :func:`save_figure`).
    """
    with style():
        outlets = list(outlet_order or dict.fromkeys(frame["outlet"]))
        cats = list(category_order or sorted(frame[category].unique()))
        table = frame.pivot_table(index="outlet", columns=category, values=value, aggfunc="sum").astype(float).fillna(0.0)
        table = table.reindex(index=outlets, columns=cats, fill_value=0.0)
        if normalize:
            table = table.div(table.sum(axis=1).replace(0, np.nan), axis=0).fillna(0.0)
        fig, axes = _new(1, width=width, height=height or 0.9 + 0.3 * len(outlets))
        ax = axes[0]
        y = np.arange(len(outlets))[::-1]
        left = np.zeros(len(outlets))
        for i, c in enumerate(cats):
            vals = table[c].to_numpy(dtype=float)
            ax.barh(y, vals, left=left, color=TOL_MUTED[i % len(TOL_MUTED)], label=str(c), height=0.65,
                    edgecolor="white", lw=0.5)
            left += vals
        if intervals is not None:
            iv = intervals.set_index("outlet").reindex(outlets)
            ax.errorbar(iv["estimate"], y, xerr=[iv["estimate"] - iv["low"], iv["high"] - iv["estimate"]],
                        fmt="none", ecolor="black", capsize=2, lw=1)
        ax.set_yticks(y, outlets)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("outlet")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title=category.replace("_", " "))
        fig.tight_layout()
    return fig


_COVERAGE = {"lead": ("#0072B2", "in lead"), "body": ("#56B4E9", "in body"), "end": ("#CCE6F4", "near end"),
             "omitted": ("#FFFFFF", "omitted (carried by others)"), "absent": ("#F2F2F2", "not carried")}


def plot_coverage(frame: pd.DataFrame, *, outlet_order: Sequence[str] | None = None,
                  fact_labels: Mapping[str, str] | None = None, width: float = 6.5,
                  height: float | None = None) -> Figure:
    """Fact x outlet heat map: where each outlet first mentions each fact; omissions marked ×.

    ``frame`` columns: fact_id, outlet, status (``lead``, ``body``, ``end``, ``omitted``,
    ``absent``). Facts keep their first-seen order.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``fact_id, outlet, status``.
    outlet_order : sequence of str, optional
        Column order (default first-seen).
    fact_labels : mapping of str to str, optional
        Fact id -> its axis label.
    width : float
        Figure width in inches.
    height : float, optional
        Figure height in inches; default grows with the number of rows.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (write it with :func:`save_figure`).
    """
    with style():
        facts = list(dict.fromkeys(frame["fact_id"]))
        outlets = list(outlet_order or dict.fromkeys(frame["outlet"]))
        status = frame.set_index(["fact_id", "outlet"])["status"]
        fig, axes = _new(1, width=width, height=height or 1.2 + 0.16 * len(facts))
        ax = axes[0]
        for i, f in enumerate(facts):
            for j, o in enumerate(outlets):
                s = status.get((f, o), "absent")
                color = _COVERAGE.get(s, _COVERAGE["absent"])[0]
                ax.add_patch(matplotlib.patches.Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=color,
                                                          edgecolor="#bbbbbb", lw=0.4))
                if s == "omitted":
                    ax.plot(j, i, marker="x", color="#D55E00", ms=5, mew=1.2)
        ax.set_xlim(-0.5, len(outlets) - 0.5)
        ax.set_ylim(len(facts) - 0.5, -0.5)
        ax.set_xticks(range(len(outlets)), outlets, rotation=45, ha="right")
        ax.set_yticks(range(len(facts)), [(fact_labels or {}).get(f, f) for f in facts])
        ax.set_xlabel("outlet")
        ax.set_ylabel("fact (most widely carried first)")
        handles = [matplotlib.patches.Patch(facecolor=c, edgecolor="#bbbbbb", label=lab) for c, lab in _COVERAGE.values()]
        handles[3] = matplotlib.lines.Line2D([], [], marker="x", color="#D55E00", ls="none", label=_COVERAGE["omitted"][1])
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="first mention")
        for side in ("top", "right"):
            ax.spines[side].set_visible(True)
        fig.tight_layout()
    return fig


def plot_prominence(frame: pd.DataFrame, *, colors: Mapping[str, str] | None = None,
                    width: float = 6.5, height: float | None = None) -> Figure:
    """Where each outlet places each fact: first-mention position (0 = first kept sentence,
    1 = last), one row per fact, one dot per outlet carrying it.

    ``frame`` columns: fact_id, outlet, position (and optional ``label`` for the fact axis).

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``fact_id, outlet, position`` (``label`` optional).
    colors : mapping of str to str, optional
        Outlet -> colour; outlets left out get :func:`outlet_colors`.
    width : float
        Figure width in inches.
    height : float, optional
        Figure height in inches; default grows with the number of rows.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (write it with :func:`save_figure`).
    """
    with style():
        facts = list(dict.fromkeys(frame["fact_id"]))
        outlets = list(dict.fromkeys(frame["outlet"]))
        cmap = _colors(outlets, colors)
        labels = dict(zip(frame["fact_id"], frame["label"])) if "label" in frame else {}
        fig, axes = _new(1, width=width, height=height or 1.0 + 0.2 * len(facts))
        ax = axes[0]
        step = 0.6 / max(1, len(outlets))
        for j, o in enumerate(outlets):
            part = frame[frame["outlet"] == o]
            ys = [facts.index(f) - 0.3 + step * (j + 0.5) for f in part["fact_id"]]
            ax.scatter(part["position"], ys, color=cmap[o], s=16, label=o, zorder=3, edgecolor="white", lw=0.3)
        ax.set_yticks(range(len(facts)), [labels.get(f, f) for f in facts])
        ax.set_ylim(len(facts) - 0.5, -0.5)
        ax.set_xlim(-0.03, 1.03)
        ax.set_xlabel("position of first mention in the story body (0 = top, 1 = end)")
        ax.set_ylabel("fact")
        ax.grid(axis="x", color="#dddddd", lw=0.5)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="outlet")
        fig.tight_layout()
    return fig


def plot_validation(frame: pd.DataFrame, *, width: float = 6.5, height: float = 2.8) -> Figure:
    """Validation scores beside a naive baseline and the published anchor, per task.

    ``frame`` columns: task, metric, system (``framing``, ``baseline``, ``published``), value.
    Missing values are simply not drawn.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``task, metric, system, value``.
    width, height : float
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (write it with :func:`save_figure`).
    """
    with style():
        frame = frame.dropna(subset=["value"])
        rows = list(dict.fromkeys(zip(frame["task"], frame["metric"])))
        systems = [s for s in ("framing", "baseline", "published") if s in set(frame["system"])]
        colors = {"framing": TOL_MUTED[0], "baseline": TOL_MUTED[9], "published": TOL_MUTED[5]}
        fig, axes = _new(1, width=width, height=height)
        ax = axes[0]
        step = 0.8 / max(1, len(systems))
        for j, s in enumerate(systems):
            part = frame[frame["system"] == s].set_index(["task", "metric"])["value"]
            xs = [i - 0.4 + step * (j + 0.5) for i, r in enumerate(rows) if r in part.index]
            vals = [part[r] for r in rows if r in part.index]
            ax.bar(xs, vals, width=step * 0.95, color=colors[s], label=s, edgecolor="#555555", lw=0.4)
        ax.set_xticks(range(len(rows)), [f"{t}\n{m}" for t, m in rows], rotation=35, ha="right", fontsize=7)
        ax.set_ylim(0, 1)
        ax.set_ylabel("score (F1 or accuracy)")
        ax.set_xlabel("task and metric")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="system")
        fig.tight_layout()
    return fig


def plot_performance(frame: pd.DataFrame, *, width: float = 6.0, height: float = 2.6) -> Figure:
    """Where the time goes, and fact alignment as a story grows (``analyses/benchmark.py``).

    ``frame`` holds the benchmark's rows (columns section, measure, value): the ``stages`` rows
    (cost of each pipeline stage in units of one VADER pass over the same sentences) are drawn as
    bars, the ``facts`` rows in ms per version (CPU ms since the benchmark times CPU) against the
    number of versions.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``section, measure, value`` (and ``unit``), as the benchmark writes them.
    width, height : float
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (write it with :func:`save_figure`).
    """
    stages = frame[frame["section"] == "stages"]
    facts = frame[(frame["section"] == "facts") & frame["unit"].str.endswith("ms per version")]
    with style():
        fig, axes = _new(2, width=width, height=height, sharey=False)
        ax = axes[0]
        y = np.arange(len(stages))[::-1]
        ax.barh(y, stages["value"], color=TOL_MUTED[0], height=0.6)
        ax.axvline(1.0, color="#555555", lw=0.8, ls="--")
        ax.set_yticks(y, list(stages["measure"]), fontsize=7)
        ax.set_xlabel("cost, in VADER passes (dashed: one)")
        ax.set_ylabel("pipeline stage")
        ax = axes[1]
        versions = [int(m.split(" at ")[1].split()[0]) for m in facts["measure"]]
        ax.plot(versions, facts["value"], marker="o", color=TOL_MUTED[2])
        ax.set_xscale("log")
        ax.set_xticks(versions, [str(v) for v in versions])
        ax.set_ylim(0, max(list(facts["value"]) + [1.0]) * 1.2)
        ax.set_xlabel("versions of one story")
        ax.set_ylabel("fact alignment, CPU ms per version" if facts["unit"].str.startswith("CPU").any()
                      else "fact alignment, ms per version")
        fig.tight_layout()
    return fig
