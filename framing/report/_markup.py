"""Highlighted text as HTML: overlapping annotations rendered as properly nested, escaped elements.

Every piece of article text goes through :func:`markupsafe.escape`; attribute values too. The
result is a :class:`markupsafe.Markup` the templates insert as is.
"""

from __future__ import annotations

__all__ = ["Annotation", "highlight"]

from typing import NamedTuple

from markupsafe import Markup, escape


class Annotation(NamedTuple):
    """One span to wrap in an element.

    Attributes
    ----------
    start, end : int
        Offsets into the text given to :func:`highlight`.
    tag : str
        Element name (``span``, ``mark``...): a literal chosen by the code, never from input.
    attrs : tuple of (str, str)
        Attributes of every piece of the span (values are escaped).
    first_attrs : tuple of (str, str)
        Attributes only the first piece gets (``tabindex``, ``data-start``: once per span).
    last_class : str
        A class only the last piece gets (e.g. to print the speaker after a quotation).
    priority : int
        Nesting order for spans that start at the same place and are equally long: lower is
        outer.
    """

    start: int
    end: int
    tag: str
    attrs: tuple = ()
    first_attrs: tuple = ()
    last_class: str = ""
    priority: int = 0


def _open(a: Annotation, first: bool, last: bool) -> str:
    attrs = list(a.attrs)
    if last and a.last_class:
        attrs = [(k, f"{v} {a.last_class}" if k == "class" else v) for k, v in attrs]
        if not any(k == "class" for k, _ in attrs):
            attrs.append(("class", a.last_class))
    if first:
        attrs += list(a.first_attrs)
    else:
        attrs.append(("data-cont", "1"))
    inner = "".join(f' {k}="{escape(v)}"' for k, v in attrs)
    return f"<{a.tag}{inner}>"


def highlight(text: str, start: int, end: int, annotations) -> Markup:
    """``text[start:end]`` as escaped HTML with each annotation wrapped in its element.

    Annotations are clipped to ``[start, end)``; empty ones are skipped. Where two spans cross,
    the later-starting one is split into pieces so the elements nest; only the first piece gets
    ``first_attrs`` and the others get ``data-cont="1"``.

    Parameters
    ----------
    text : str
    start, end : int
        The stretch of ``text`` to render.
    annotations : iterable of Annotation

    Returns
    -------
    markupsafe.Markup
    """
    spans = []
    for a in annotations:
        s, e = max(a.start, start), min(a.end, end)
        if s < e:
            spans.append(a._replace(start=s, end=e))
    key = lambda a: (a.start, -a.end, a.priority)  # noqa: E731 - outer spans first
    spans.sort(key=key)
    cuts = sorted({start, end} | {a.start for a in spans} | {a.end for a in spans})
    out: list[str] = []
    stack: list[Annotation] = []
    opened: set[int] = set()  # ids of annotations whose first piece is out
    for left, right in zip(cuts, cuts[1:]):
        active = [a for a in spans if a.start <= left and a.end >= right]
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep] is active[keep]:
            keep += 1
        for a in reversed(stack[keep:]):
            out.append(f"</{a.tag}>")
        for a in active[keep:]:
            first = id(a) not in opened
            opened.add(id(a))
            out.append(_open(a, first, _last_piece(a, active, spans, right)))
        stack = active
        out.append(str(escape(text[left:right])))
    for a in reversed(stack):
        out.append(f"</{a.tag}>")
    return Markup("".join(out))


def _last_piece(a: Annotation, active, spans, right: int) -> bool:
    """Whether the piece of ``a`` opened at this cut runs to ``a``'s end without being split.

    A piece is split when an annotation that sorts before ``a`` (outer) ends before ``a`` does.
    """
    idx = active.index(a)
    outer_ends = [o.end for o in active[:idx]]
    return all(e >= a.end for e in outer_ends)
