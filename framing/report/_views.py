"""From a StoryAnalysis to what the templates show: highlighted paragraphs, omission markers
(and the facts a version may tell in other words), per-outlet summaries with intervals, small SVG charts.

Shared by the report (:func:`framing.report.render_report`) and the worksheets
(:mod:`framing.worksheet`). Nothing here rounds a stored number; rounding happens only in the
strings shown.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

import numpy as np
import pandas as pd
from markupsafe import Markup, escape

from ..segment import count_words
from ._markup import Annotation, highlight

HEDGE_CATEGORIES = ("hedge", "booster", "distancing")
HEDGE_HELP = {
    "hedge": "makes a claim less certain (may, likely, believe)",
    "booster": "makes a claim more certain (undoubtedly, clearly)",
    "distancing": "keeps the writer's distance from a word (scare quotes, so-called)",
}
# Tints for speaker groups, each with a dark border colour: text on the tint keeps >= 7:1 contrast
# with #1a1a1a, and the border (>= 3:1 against white) carries the colour for the underline.
_GROUP_PALETTE = (
    ("#dbeafe", "#1d4ed8"), ("#dcfce7", "#15803d"), ("#fde2e4", "#be123c"), ("#ede9fe", "#6d28d9"),
    ("#ffedd5", "#c2410c"), ("#cffafe", "#0e7490"), ("#fce7f3", "#a21caf"), ("#e7e5e4", "#57534e"),
)
N_BOOT = 2000
BOOT_SEED = 0
CONFIDENCE = 0.95


def table(analysis, name: str) -> pd.DataFrame:
    """One table of the analysis, empty if absent."""
    frame = analysis.tables.get(name)
    return frame if frame is not None else pd.DataFrame()


class Rows:
    """The analysis tables as plain records grouped by outlet (pandas row access is too slow
    for rendering: the report must render in well under 0.2 s)."""

    def __init__(self, analysis):
        self.analysis = analysis
        self._cache: dict[str, dict] = {}

    def all(self, name: str) -> list[dict]:
        return [r for rows in self._grouped(name).values() for r in rows]

    def __call__(self, name: str, outlet: str) -> list[dict]:
        return self._grouped(name).get(outlet, [])

    def _grouped(self, name: str) -> dict:
        if name not in self._cache:
            frame = table(self.analysis, name)
            grouped: dict = {}
            if not frame.empty and "outlet" in frame.columns:
                for r in frame.to_dict("records"):
                    grouped.setdefault(r["outlet"], []).append(r)
            self._cache[name] = grouped
        return self._cache[name]


def group_slug(group: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(group).lower()).strip("-") or "none"


def speaker_groups(rows: Rows) -> list[dict]:
    """The story's speaker groups in a fixed order, each with its colours and CSS class."""
    counts: dict[str, int] = {}
    for r in rows.all("quotes"):
        g = _str(r.get("speaker_group"), "unknown")
        counts[g] = counts.get(g, 0) + 1
    out = []
    for i, name in enumerate(sorted(counts)):
        tint, border = _GROUP_PALETTE[i % len(_GROUP_PALETTE)]
        out.append({"name": name, "label": name.replace("-", " ").replace("_", " "),
                    "css": f"grp-{i}", "tint": tint, "border": border, "n": counts[name]})
    return out


def _bool(value) -> bool:
    """A table's bool cell (``True``, ``"True"`` read back from CSV); missing or NaN is False."""
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _str(value, default="") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    return str(value)


def annotations_for(rows: Rows, outlet: str, groups: list[dict], *, hedges=True, quotes=True,
                    categories=HEDGE_CATEGORIES) -> list[Annotation]:
    """Hedge cues and quotations of one version as annotations (offsets into its text)."""
    out: list[Annotation] = []
    css = {g["name"]: g["css"] for g in groups}
    if quotes:
        for r in rows("quotes", outlet):
            group = _str(r.get("speaker_group"), "unknown")
            speaker = _str(r.get("speaker"), "(no speaker found)")
            kind = _str(r.get("kind"), "direct")
            only = _bool(r.get("only_this_outlet"))
            tip = f"{speaker} — {group.replace('-', ' ')} ({kind} quotation)"
            if only:
                tip += "; only this version quotes this remark"
            first = (("tabindex", "0"), ("data-start", str(int(r["start"]))),
                     ("data-end", str(int(r["end"]))), ("data-quote", _str(r.get("quote_id"))))
            out.append(Annotation(
                int(r["start"]), int(r["end"]), "span",
                attrs=(("class", f"q q-{kind} {css.get(group, 'grp-x')}" + (" q-only" if only else "")),
                       ("data-speaker", speaker), ("data-group", group), ("title", tip)),
                first_attrs=first + ((("data-only", "1"),) if only else ()),
                last_class="q-end", priority=1))
    if hedges:
        for r in rows("hedges", outlet):
            cat = _str(r.get("category"), "hedge")
            if cat not in categories:
                continue
            out.append(Annotation(
                int(r["start"]), int(r["end"]), "mark",
                attrs=(("class", f"cue cue-{cat}"), ("title", f"{cat}: {HEDGE_HELP.get(cat, '')}")),
                first_attrs=(("data-start", str(int(r["start"]))), ("data-end", str(int(r["end"]))),
                             ("data-category", cat)),
                priority=2))
    return out


def paragraphs_of(doc, annotations, *, kept_only=False) -> list[dict]:
    """The version as blocks: kept paragraphs (highlighted HTML) and runs of dropped ones.

    Each block is ``{"kind": "kept", "html", "sent_ids", "number"}`` or ``{"kind": "dropped",
    "text", "reasons", "n"}``; consecutive dropped paragraphs are one block.
    """
    by_para: list[list] = []
    for s in doc.sentences:
        if not by_para or by_para[-1][0].paragraph != s.paragraph:
            by_para.append([])
        by_para[-1].append(s)
    blocks: list[dict] = []
    number = 0
    for sents in by_para:
        kept = [s for s in sents if s.kept]
        if not kept:
            if kept_only:
                continue
            text = " ".join(doc.text[s.start:s.end] for s in sents)
            reasons = sorted({s.drop_reason or "dropped" for s in sents})
            if blocks and blocks[-1]["kind"] == "dropped":
                blocks[-1]["text"].append(text)
                blocks[-1]["reasons"] = sorted(set(blocks[-1]["reasons"]) | set(reasons))
                blocks[-1]["n"] += len(sents)
            else:
                blocks.append({"kind": "dropped", "text": [text], "reasons": reasons, "n": len(sents)})
            continue
        number += 1
        pieces = []
        for s in (kept if kept_only else sents):
            if s.kept:
                sent = Annotation(s.start, s.end, "span", attrs=(("class", "s"),),
                                  first_attrs=(("data-sent", str(s.sent_id)),), priority=0)
                inner = [a for a in annotations if a.start < s.end and a.end > s.start]
                pieces.append(highlight(doc.text, s.start, s.end, [sent, *inner]))
            else:
                pieces.append(Markup('<span class="drop-inline" title="dropped: {}">{}</span>').format(
                    s.drop_reason, doc.text[s.start:s.end]))
        blocks.append({"kind": "kept", "html": Markup(" ").join(pieces), "number": number,
                       "sent_ids": [s.sent_id for s in kept]})
    return blocks


class Interval(NamedTuple):
    """A point estimate with a percentile bootstrap interval (``low``/``high`` NaN if undefined)."""

    value: float
    low: float
    high: float


def _boot_index(n: int) -> np.ndarray:
    rng = np.random.default_rng(BOOT_SEED)
    return rng.integers(0, n, size=(N_BOOT, n))


def bootstrap_mean(values) -> Interval:
    """Mean of ``values`` with a 95 % percentile bootstrap interval (fixed seed)."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return Interval(float("nan"), float("nan"), float("nan"))
    means = v[_boot_index(v.size)].mean(axis=1)
    a = (1 - CONFIDENCE) / 2
    return Interval(float(v.mean()), float(np.quantile(means, a)), float(np.quantile(means, 1 - a)))


def bootstrap_rate(counts, words, per: float = 100.0) -> Interval:
    """``per * sum(counts) / sum(words)`` with a percentile bootstrap over sentences (fixed seed)."""
    c, w = np.asarray(counts, dtype=float), np.asarray(words, dtype=float)
    if c.size == 0 or w.sum() == 0:
        return Interval(float("nan"), float("nan"), float("nan"))
    idx = _boot_index(c.size)
    wsum = w[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        rates = per * c[idx].sum(axis=1) / wsum
    rates = rates[np.isfinite(rates)]
    a = (1 - CONFIDENCE) / 2
    return Interval(float(per * c.sum() / w.sum()), float(np.quantile(rates, a)), float(np.quantile(rates, 1 - a)))


def fmt(x, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{x:.{digits}f}"


def outlet_summary(rows: Rows, doc) -> dict:
    """The headline numbers of one version, with intervals over its kept sentences."""
    outlet = doc.outlet
    kept = doc.kept_sentences
    words = [count_words(doc.text[s.start:s.end]) for s in kept]
    per_sent: dict = {cat: {} for cat in HEDGE_CATEGORIES}
    for r in rows("hedges", outlet):
        d = per_sent.setdefault(_str(r.get("category"), "hedge"), {})
        d[r["sent_id"]] = d.get(r["sent_id"], 0) + 1
    kept_ids = {s.sent_id for s in kept}
    compounds = [float(r["compound"]) for r in rows("sentiment", outlet) if r["sent_id"] in kept_ids]
    quotes = rows("quotes", outlet)
    kinds = {k: sum(1 for q in quotes if q.get("kind") == k) for k in ("direct", "partial", "indirect")}
    speakers = {_str(q.get("speaker_id")) for q in quotes} - {""}
    all_facts = {r["fact_id"] for r in rows.all("facts")}
    omissions = rows("omissions", outlet)
    # facts left out here that two or more other versions report, and those only one reports
    # (with the default min_carriers=1, one outlet's detail is "left out" by all the others)
    n_carried = {r["fact_id"]: _int(r.get("n_carried"), len([c for c in _str(r.get("carried_by")).split(";") if c.strip()]))
                 for r in omissions}
    return {
        "outlet": outlet,
        "n_words": int(sum(words)),
        "n_sentences": len(kept),
        "sentiment": bootstrap_mean(compounds),
        **{cat: bootstrap_rate([per_sent[cat].get(s.sent_id, 0) for s in kept], words) for cat in HEDGE_CATEGORIES},
        "quotes": kinds,
        "n_quotes": len(quotes),
        "n_speakers": len(speakers),
        "facts_carried": len({r["fact_id"] for r in rows("facts", outlet)}),
        "n_facts": len(all_facts),
        "n_omitted": len(n_carried),
        "n_omitted_shared": sum(1 for n in n_carried.values() if n >= 2),
        "n_omitted_single": sum(1 for n in n_carried.values() if n < 2),
        "n_possible": len({r["fact_id"] for r in rows("possible_carriers", outlet)}),
        **quote_summary(rows, outlet),
    }


def quote_summary(rows: Rows, outlet: str) -> dict:
    """One version's quotation numbers from ``quote_shares`` and ``quotes``: the share of its kept
    words inside quotation marks (``quoted_share``, NaN when undefined), its quoted words by
    speaker group (``quoted_by_group``: ``[(group, share of its quoted words, words)]``, largest
    first) and the quotes whose remark no other version carries (``n_only``)."""
    shares = rows("quote_shares", outlet)
    total = next((r for r in shares if _str(r.get("level")) == "total"), None)
    quoted_share = float(total["share_of_story"]) if total is not None else float("nan")
    groups = [(_str(r.get("key"), "unknown"), float(r["share_of_quoted"]), _int(r.get("quoted_words"), 0))
              for r in shares if _str(r.get("level")) == "group" and _int(r.get("quoted_words"), 0) > 0]
    groups.sort(key=lambda g: (-g[2], g[0]))
    return {"quoted_share": quoted_share, "quoted_by_group": groups,
            "n_only": sum(1 for q in rows("quotes", outlet) if _bool(q.get("only_this_outlet")))}


def fact_conflicts(rows: Rows, outlet_order: list[str]) -> list[dict]:
    """The facts the versions tell with different years or numbers (``fact_conflicts``), each
    with every version's evidence sentence and the values read from it.

    Returns
    -------
    list of dict
        One per fact and kind (``year``, ``number``), by fact id: ``fact_id``, ``kind``,
        ``summary`` (the fact's summary in ``facts``), ``n_outlets``, ``evidence`` (``outlet``, ``stated`` (its ``values``),
        ``sent_id``, ``start``, ``end``, ``text``; versions in report order, then by offset).
    """
    rank = {o: i for i, o in enumerate(outlet_order)}
    summaries: dict = {}
    for r in rows.all("facts"):
        summaries.setdefault(_str(r["fact_id"]), _str(r.get("summary")) or _str(r.get("text")))
    out: dict = {}
    for r in rows.all("fact_conflicts"):
        key = (_str(r["fact_id"]), _str(r.get("kind")))
        out.setdefault(key, []).append({
            "outlet": _str(r["outlet"]), "stated": _str(r.get("values")).replace(";", ", "),
            "sent_id": int(r["sent_id"]), "start": int(r["start"]), "end": int(r["end"]),
            "text": _str(r.get("text"))})
    conflicts = []
    for (fid, kind), items in sorted(out.items()):
        items.sort(key=lambda e: (rank.get(e["outlet"], 99), e["outlet"], e["start"]))
        conflicts.append({"fact_id": fid, "kind": kind, "summary": summaries.get(fid, ""), "evidence": items,
                          "n_outlets": len({e["outlet"] for e in items})})
    return conflicts


def dot_chart(title: str, unit: str, rows: list[tuple[str, Interval]], *, zero: bool = True,
              digits: int = 2) -> Markup:
    """A small inline SVG: one dot per outlet with its interval as a line, drawn by hand.

    Deterministic (no ids, no timestamps) and accessible (``role="img"`` with a text title).
    """
    width, left, right, row_h, top = 420, 130, 20, 22, 28
    height = top + row_h * len(rows) + 24
    vals = [x for _, iv in rows for x in iv if math.isfinite(x)]
    lo = min(vals + ([0.0] if zero else [])) if vals else 0.0
    hi = max(vals + ([0.0] if zero else [])) if vals else 1.0
    if hi == lo:
        hi = lo + 1.0
    pad = (hi - lo) * 0.05
    lo, hi = lo - pad, hi + pad
    span = width - left - right

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * span

    desc = "; ".join(f"{o}: {fmt(iv.value)} [{fmt(iv.low)}, {fmt(iv.high)}]" for o, iv in rows)
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}: {escape(desc)}">',
             f"<title>{escape(title)} ({escape(unit)}): {escape(desc)}</title>",
             f'<text x="0" y="16" class="ct">{escape(title)} ({escape(unit)})</text>']
    if lo < 0 < hi:
        parts.append(f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top - 6}" y2="{height - 20}" class="zero"/>')
    for i, (outlet, iv) in enumerate(rows):
        y = top + row_h * i + row_h / 2
        short = outlet if len(outlet) <= 18 else outlet[:17] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" class="cl">{escape(short)}</text>')
        if math.isfinite(iv.low) and math.isfinite(iv.high):
            parts.append(f'<line x1="{x(iv.low):.1f}" x2="{x(iv.high):.1f}" y1="{y:.1f}" y2="{y:.1f}" class="ci"/>')
        if math.isfinite(iv.value):
            parts.append(f'<circle cx="{x(iv.value):.1f}" cy="{y:.1f}" r="4.5" class="pt"/>')
    axis_y = height - 20
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{axis_y}" y2="{axis_y}" class="axis"/>')
    for v in (lo + pad, hi - pad):
        parts.append(f'<text x="{x(v):.1f}" y="{axis_y + 14}" text-anchor="middle" class="tick">{fmt(v, digits)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_chart(title: str, unit: str, rows: list[tuple[str, float]]) -> Markup:
    """A small inline SVG bar chart of counts per outlet."""
    return dot_chart(title, unit, [(o, Interval(v, float("nan"), float("nan"))) for o, v in rows], digits=0)


def fact_sentences(rows: Rows) -> dict:
    """``{(outlet, fact_id): [fact rows sorted by sent_id]}``."""
    out: dict = {}
    for r in rows.all("facts"):
        out.setdefault((r["outlet"], r["fact_id"]), []).append(r)
    for v in out.values():
        v.sort(key=lambda r: (r["sent_id"], r["start"]))
    return out


def possible_by_fact(rows: Rows) -> dict:
    """``{fact_id: [possible_carriers rows]}``: the versions that may tell a fact in other words
    (the omission check of :mod:`framing.compare.facts`), each with its best unit as evidence."""
    out: dict = {}
    for r in rows.all("possible_carriers"):
        out.setdefault(_str(r["fact_id"]), []).append(r)
    for v in out.values():
        v.sort(key=lambda r: (str(r["outlet"]), r["start"]))
    return out


def _first_mentions(by_key: dict, fact_id, outlets) -> list[dict]:
    """The first mention of ``fact_id`` in each of ``outlets`` that carries it (evidence rows)."""
    evidence = []
    for c in outlets:
        for fr in by_key.get((c, fact_id), [])[:1]:
            evidence.append({"outlet": c, "sent_id": int(fr["sent_id"]), "start": int(fr["start"]),
                             "end": int(fr["end"]), "text": _str(fr.get("text"))})
    return evidence


def _possible_evidence(r: dict) -> dict:
    return {"outlet": _str(r["outlet"]), "sent_id": int(r["sent_id"]), "start": int(r["start"]),
            "end": int(r["end"]), "text": _str(r.get("text")), "score": float(r["score"])}


def omission_markers(rows: Rows, doc, outlet_order: list[str], by_key: dict | None = None,
                     possible: dict | None = None) -> dict:
    """Where to show each fact this version omits: ``{anchor_sent_id or -1: [marker dicts]}``.

    The marker goes after this version's sentence that carries the last fact which, in the
    evidence outlet, comes before the omitted one and which this version also reports (so it
    sits where the fact would have been); with no such fact, at the top of the body (-1).
    Each marker lists the carriers' sentences (``evidence``) and, apart, the versions that may
    tell the fact in other words with their closest sentence (``maybe``, from
    ``possible_carriers``): those are neither counted as carriers nor as omitting it.
    """
    outlet = doc.outlet
    omissions = sorted(rows("omissions", outlet), key=lambda r: str(r["fact_id"]))
    if not omissions:
        return {}
    by_key = fact_sentences(rows) if by_key is None else by_key
    possible = possible_by_fact(rows) if possible is None else possible
    mine = {fid for (o, fid) in by_key if o == outlet}
    rank = {o: i for i, o in enumerate(outlet_order)}
    out: dict = {}
    for r in omissions:
        carriers = [c.strip() for c in _str(r.get("carried_by")).split(";") if c.strip()]
        ev_outlet = _str(r.get("evidence_outlet"), carriers[0] if carriers else "")
        carriers.sort(key=lambda c: (c != ev_outlet, rank.get(c, 99), c))
        anchor = -1
        ev_rows = by_key.get((ev_outlet, r["fact_id"]), [])
        if ev_rows:
            ev_sent = ev_rows[0]["sent_id"]
            before = [(fr[0]["sent_id"], fr[0]["end"], fid) for (o, fid), fr in by_key.items()
                      if o == ev_outlet and fid in mine and fr[0]["sent_id"] < ev_sent]
            if before:
                _, _, prev_fact = max(before)
                anchor = int(by_key[(outlet, prev_fact)][0]["sent_id"])
        maybe = sorted((_possible_evidence(p) for p in possible.get(_str(r["fact_id"]), []) if p["outlet"] != outlet),
                       key=lambda e: (rank.get(e["outlet"], 99), e["outlet"], e["start"]))
        n_carried = _int(r.get("n_carried"), len(carriers))
        n_versions = _int(r.get("n_versions"), len(outlet_order))
        out.setdefault(anchor, []).append({
            "kind": "omit", "fact_id": _str(r["fact_id"]), "summary": _str(r.get("summary")),
            "n_carried": n_carried, "n_versions": n_versions, "carried_by": carriers,
            "evidence": _first_mentions(by_key, r["fact_id"], carriers), "maybe": maybe,
        })
    for markers in out.values():
        markers.sort(key=lambda m: (-m["n_carried"], m["fact_id"]))
    return out


def possible_markers(rows: Rows, doc, outlet_order: list[str], by_key: dict | None = None,
                     ) -> tuple[dict, list[Annotation]]:
    """The facts this version may tell in other words (its ``possible_carriers`` rows).

    Returns
    -------
    markers : dict
        ``{sent_id of the unit: [marker dicts]}``: each names the fact, this version's unit
        (offsets, text, score) and the sentences of the versions that carry the fact
        (``evidence``).
    annotations : list of Annotation
        The units as inline highlights (``span.maybe`` with ``data-fact``, ``data-start``,
        ``data-end``), offsets into this version's text.
    """
    outlet = doc.outlet
    mine = sorted(rows("possible_carriers", outlet), key=lambda r: (r["start"], str(r["fact_id"])))
    if not mine:
        return {}, []
    by_key = fact_sentences(rows) if by_key is None else by_key
    rank = {o: i for i, o in enumerate(outlet_order)}
    out: dict = {}
    anns: list[Annotation] = []
    for r in mine:
        fid = _str(r["fact_id"])
        carriers = sorted({o for (o, f) in by_key if f == r["fact_id"] and o != outlet},
                          key=lambda c: (rank.get(c, 99), c))
        mentions = [m for c in carriers for m in by_key.get((c, r["fact_id"]), [])[:1]]
        summary = next((_str(m.get("summary")) for m in mentions if _str(m.get("summary"))), "")
        unit = _possible_evidence(r)
        out.setdefault(unit["sent_id"], []).append({
            "kind": "maybe", "fact_id": fid, "summary": summary or (mentions[0]["text"] if mentions else ""),
            "unit": unit, "n_carried": len(carriers), "n_versions": len(outlet_order),
            "evidence": _first_mentions(by_key, r["fact_id"], carriers),
        })
        anns.append(Annotation(
            unit["start"], unit["end"], "span",
            attrs=(("class", "maybe"), ("data-fact", fid),
                   ("title", f"may tell fact {fid} in other words: see the ≈ note after this paragraph")),
            first_attrs=(("data-start", str(unit["start"])), ("data-end", str(unit["end"]))),
            priority=1))
    return out, anns


def _int(value, default: int) -> int:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return default
    return int(v) if math.isfinite(v) else default
