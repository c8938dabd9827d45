"""framing.plots: every figure function returns a Figure with labelled axes; SVG bytes are stable."""


import pandas as pd
import pytest
from matplotlib.figure import Figure

from framing import plots

IV = pd.DataFrame({"outlet": ["A", "B", "A", "B"], "measure": ["m1", "m1", "m2", "m2"],
                   "estimate": [0.1, 0.2, 1.0, 2.0], "low": [0.0, 0.1, 0.5, 1.5], "high": [0.2, 0.3, 1.5, 2.5]})
GROUPED = IV.rename(columns={"measure": "actor"})
SHARES = pd.DataFrame({"outlet": ["A", "A", "B"], "group": ["x", "y", "x"], "words": [3, 1, 2]})
COVER = pd.DataFrame({"fact_id": ["F1", "F1", "F2", "F2"], "outlet": ["A", "B", "A", "B"],
                      "status": ["lead", "body", "omitted", "end"], "position": [0.0, 0.5, float("nan"), 1.0]})
VALID = pd.DataFrame({"task": ["t", "t", "t"], "metric": ["f1"] * 3, "system": ["framing", "baseline", "published"],
                      "value": [0.8, 0.6, 0.9]})
PERF = pd.DataFrame({
    "section": ["stages", "stages", "facts", "facts", "facts"],
    "measure": ["facts", "clean", "fact alignment at 5 versions", "fact alignment at 20 versions",
                "per-version cost, 20 vs 5 versions"],
    "value": [3.0, 0.5, 10.0, 12.0, 1.2],
    "unit": ["x VADER pass", "x VADER pass", "ms per version", "ms per version", "ratio"],
})

CASES = {
    "intervals": lambda: plots.plot_intervals(IV),
    "grouped": lambda: plots.plot_grouped_intervals(GROUPED, group="actor", xlabel="score"),
    "shares": lambda: plots.plot_stacked_shares(SHARES, category="group", value="words", xlabel="share"),
    "coverage": lambda: plots.plot_coverage(COVER),
    "prominence": lambda: plots.plot_prominence(COVER.dropna()),
    "validation": lambda: plots.plot_validation(VALID),
    "performance": lambda: plots.plot_performance(PERF),
}


@pytest.mark.parametrize("name", CASES)
def test_figure_has_labelled_axes(name):
    fig = CASES[name]()
    assert isinstance(fig, Figure)
    for ax in fig.axes:
        assert ax.get_xlabel()
    assert fig.axes[0].get_ylabel()
    assert [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]


@pytest.mark.parametrize("name", ["intervals", "coverage"])
@pytest.mark.parametrize("suffix", [".svg", ".pdf"])
def test_bytes_identical_twice(name, suffix, tmp_path):
    paths = [tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"]
    for p in paths:
        plots.save_figure(CASES[name](), p)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert b"Date" not in paths[0].read_bytes()[:2000] or suffix == ".pdf"


def test_outlet_colors_fixed_order_and_colour_blind_palette():
    c = plots.outlet_colors(["B", "A", "B", "C"])
    assert list(c) == ["B", "A", "C"] and c["B"] == plots.OKABE_ITO[0] and c["A"] == plots.OKABE_ITO[1]
    fig = plots.plot_intervals(IV, colors={"B": "#123456"})
    lines = [l for ax in fig.axes for l in ax.get_lines() if l.get_marker() == "o"]
    assert "#123456" in {l.get_color() for l in lines}


@pytest.mark.parametrize("unit", ["ms per version", "CPU ms per version"])
def test_performance_plots_fact_scaling_in_either_unit(unit):
    # the benchmark wrote wall ms before it timed CPU; both tables draw the scaling panel
    frame = PERF.assign(unit=PERF["unit"].replace("ms per version", unit))
    line = plots.plot_performance(frame).axes[1].get_lines()[0]
    assert list(line.get_xdata()) == [5, 20]
    assert ("CPU" in plots.plot_performance(frame).axes[1].get_ylabel()) == unit.startswith("CPU")
