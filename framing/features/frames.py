"""News frames per version: which sentences carry which frame, and each frame's share.

Generic frames (Semetko & Valkenburg 2000: conflict, human interest, economic consequences,
morality, responsibility) come from ``lexicons/generic_frames.tsv``; topic frames a researcher
defines (e.g. ``data/stories/russia-taliban-2025/frames.tsv``: security, economy, human rights,
history) use the same four-column format (frame, kind, cue regex, note) and can be passed as
extra files. A sentence carries a frame when it holds one of the frame's cues; a frame's share
is the fraction of the version's kept sentences that carry it (a sentence can carry several
frames, so shares need not sum to 1).
"""

from __future__ import annotations

__all__ = ["FrameCue", "FrameShare", "read_frames", "find_frames", "frame_shares", "frames_table", "cues_of_subset",
           "FramesFeatures"]

import os
import re
from functools import lru_cache
from itertools import compress, repeat
from operator import add, itemgetter
from typing import NamedTuple, Sequence

from ..compare.wording import _Caseless, _caseless, spans_of_all
from ..document import Document
from ..lexicons import read_lexicon
from ._base import SpanFeaturesMixin

GENERIC_FRAMES = "generic_frames.tsv"


class FrameCue(NamedTuple):
    """One frame assignment: ``doc.text[start:end] == cue`` in sentence ``sent_id``."""

    frame: str
    kind: str
    sent_id: int
    start: int
    end: int
    cue: str


class FrameShare(NamedTuple):
    """A frame's share of one version (a row of the per-version frames table)."""

    story_id: str
    outlet: str
    frame: str
    kind: str
    share: float
    n_sentences: int


def _as_paths(lexicon) -> tuple[str, ...]:
    if lexicon is None:
        return (GENERIC_FRAMES,)
    if isinstance(lexicon, (str, os.PathLike)):
        return (str(lexicon),)
    return tuple(str(p) for p in lexicon)


@lru_cache(maxsize=16)
def read_frames(paths: tuple[str, ...]) -> tuple[tuple[str, str, re.Pattern], ...]:
    """Frames of the given lexicon files: ``(frame, kind, compiled cue pattern)``, in file order.

    Parameters
    ----------
    paths : tuple of str
        Lexicon files (shipped names or paths) in the format of ``generic_frames.tsv``; rows of
        one ``(frame, kind)`` across the files are one frame.

    Returns
    -------
    tuple of (str, str, re.Pattern)
        ``(frame, kind, pattern)`` per frame, in order of first appearance; ``pattern`` is the
        case-insensitive alternation of the frame's cues, matched as whole words.

    Raises
    ------
    ValueError
        If a row has fewer than three columns or an invalid regular expression.
    """
    return tuple((frame, kind, m.full) for frame, kind, m in _frame_matchers(paths))


@lru_cache(maxsize=16)
def _frame_matchers(paths: tuple[str, ...]) -> tuple[tuple[str, str, _Caseless], ...]:
    cues: dict[tuple[str, str], list[str]] = {}
    for p in paths:
        for row in read_lexicon(p):
            if len(row) < 3:
                raise ValueError(f"{p}: frame rows need frame, kind, cue columns: {row!r}")
            cues.setdefault((row[0], row[1]), []).append(row[2])
    out = []
    for (frame, kind), alts in cues.items():
        try:
            pat = _caseless(r"(?<![\w-])(?:" + "|".join(f"(?:{a})" for a in alts) + r")(?![\w-])")
        except re.error as exc:
            raise ValueError(f"frame {frame!r}: bad cue pattern ({exc})") from None
        out.append((frame, kind, pat))
    return tuple(out)


def find_frames(doc: Document, *, lexicon=None) -> list[FrameCue]:
    """Frame cues in the kept sentences of ``doc``.

    Parameters
    ----------
    doc : Document
        A cleaned version; only its kept sentences are searched.
    lexicon : path-like or sequence of path-likes, optional
        Frame lexicon file(s); default the generic frames. Pass
        ``["generic_frames.tsv", story_dir / "frames.tsv"]`` for generic and topic frames.

    Returns
    -------
    list of FrameCue
        Every cue match, sorted by start offset then frame order; ``doc.text[c.start:c.end] ==
        c.cue``.
    """
    frames = _frame_matchers(_as_paths(lexicon))
    text = doc.text
    low = doc.lowered_text
    kept = doc.kept_sentences
    ranges = [(s.start, s.end) for s in kept]
    found = []
    # every frame's cues in one search of each sentence (see spans_of_all)
    per_frame = spans_of_all([pat for _, _, pat in frames], text, low, ranges)
    for f, ((frame, kind, pat), spans_per_sentence) in enumerate(zip(frames, per_frame)):
        # (speed: only the sentences with a match, picked in C)
        for s, spans in compress(zip(kept, spans_per_sentence), spans_per_sentence):
            found.extend((a, frame, f, s.sent_id, b) for a, b in spans)
    # the order of a per-sentence, per-frame search sorted by (start, frame)
    found.sort(key=itemgetter(0, 1, 2))
    new = tuple.__new__  # speed: no NamedTuple constructor frame per cue (all six fields given)
    return [new(FrameCue, (frame, frames[f][1], sid, a, b, text[a:b])) for a, frame, f, sid, b in found]


def cues_of_subset(cues: Sequence[FrameCue], lexicon, subset) -> list[FrameCue] | None:
    """``find_frames(doc, lexicon=subset)`` taken from ``cues = find_frames(doc, lexicon=lexicon)``
    without a second search, or None when it cannot be: ``subset``'s frames must be the first
    of ``lexicon``'s, and no later frame may share a name with one of them.

    Parameters
    ----------
    cues : sequence of FrameCue
        ``find_frames(doc, lexicon=lexicon)``.
    lexicon : path-like, sequence of path-likes or None
        The lexicon ``cues`` were found with (None: the generic frames).
    subset : path-like, sequence of path-likes or None
        The lexicon whose cues are wanted (e.g. the generic frames when ``lexicon`` adds a
        story's own frames after them).

    Returns
    -------
    list of FrameCue or None
        The cues of ``subset``'s frames, in the order of ``cues`` (equal to
        ``find_frames(doc, lexicon=subset)``); None when ``subset`` is not a leading part of
        ``lexicon`` as described above.
    """
    full, sub = _frame_matchers(_as_paths(lexicon)), _frame_matchers(_as_paths(subset))
    names = {frame for frame, _, _ in sub}
    if full[:len(sub)] != sub or any(frame in names for frame, _, _ in full[len(sub):]):
        return None
    return [c for c in cues if c.frame in names]


def _sentences_by_frame(cues) -> dict[str, set]:
    out: dict[str, set] = {}
    for c in cues:
        out.setdefault(c.frame, set()).add(c.sent_id)
    return out


def frame_shares(doc: Document, *, lexicon=None, cues: Sequence[FrameCue] | None = None) -> dict[str, float]:
    """Frame -> share of kept sentences carrying it (NaN for every frame when the body is empty).

    Parameters
    ----------
    doc : Document
        A cleaned version.
    lexicon : path-like, sequence of path-likes or None, optional
        Frame lexicon file(s); default the generic frames.
    cues : sequence of FrameCue, optional
        ``find_frames(doc, lexicon=lexicon)`` when the caller already has it (found with the
        same ``lexicon``); None searches here. The result is the same either way.

    Returns
    -------
    dict of str to float
        Every frame of the lexicon, in lexicon order -> the share of ``doc``'s kept sentences
        holding at least one of its cues.
    """
    frames = read_frames(_as_paths(lexicon))
    n = len(doc.kept_sentences)
    if cues is None:
        cues = find_frames(doc, lexicon=lexicon)
    by_frame = _sentences_by_frame(cues)
    out = {}
    for frame, _, _ in frames:
        sents = by_frame.get(frame, ())
        out[frame] = len(sents) / n if n else float("nan")
    return out


def frames_table(docs: Sequence[Document], *, lexicon=None, cues: Sequence[Sequence[FrameCue]] | None = None
                 ) -> tuple[list[FrameShare], list[FrameCue]]:
    """Per-version frame shares and all assignments, for a story's versions.

    Parameters
    ----------
    docs : sequence of Document
        The cleaned versions of a story.
    lexicon : path-like, sequence of path-likes or None, optional
        Frame lexicon file(s); default the generic frames.
    cues : sequence of sequence of FrameCue, optional
        ``[find_frames(d, lexicon=lexicon) for d in docs]`` when the caller already has them
        (one list per document, in the order of ``docs``, found with the same ``lexicon``);
        None searches here. The result is the same either way.

    Returns
    -------
    shares : list of FrameShare
        One row per document and frame (documents in order, frames in lexicon order).
    assignments : list of tuple
        One row per cue: ``(doc.story_id, doc.outlet, *FrameCue)``.
    """
    frames = read_frames(_as_paths(lexicon))
    shares, assigned = [], []
    for i, d in enumerate(docs):
        cues_d = find_frames(d, lexicon=lexicon) if cues is None else cues[i]
        n = len(d.kept_sentences)
        by_frame = _sentences_by_frame(cues_d)
        for frame, kind, _ in frames:
            sents = by_frame.get(frame, ())
            shares.append(FrameShare(d.story_id, d.outlet, frame, kind, len(sents) / n if n else float("nan"), len(sents)))
        assigned.extend(map(add, repeat((d.story_id, d.outlet)), cues_d))  # (story_id, outlet, *cue), in C
    return shares, assigned


class FramesFeatures(SpanFeaturesMixin):
    """One share column per frame: ``frame_<name>_share`` (NaN for an empty body).

    Parameters
    ----------
    lexicon : path-like or tuple of path-likes, optional
        Frame lexicon file(s); default the generic frames (Semetko & Valkenburg 2000).
    """

    def __init__(self, *, lexicon=None):
        self.lexicon = lexicon

    def _validate_params(self) -> None:
        if self.lexicon is not None and not isinstance(self.lexicon, (str, os.PathLike, tuple, list)):
            raise ValueError("lexicon must be a path, a sequence of paths or None")
        read_frames(_as_paths(self.lexicon))

    def fit(self, X, y=None):
        """Validate the parameters and read the lexicon's frames (nothing is learnt from ``X``).

        Parameters
        ----------
        X : sequence of Document or str
            The documents (a bare string is refused).
        y : None
            Ignored.

        Returns
        -------
        FramesFeatures
            ``self``, with ``frames_`` and ``feature_names_out_`` set.
        """
        super().fit(X, y)
        self.frames_ = tuple(f for f, _, _ in read_frames(_as_paths(self.lexicon)))
        self.feature_names_out_ = __import__("numpy").asarray([f"frame_{f}_share" for f in self.frames_], dtype=object)
        return self

    @property
    def feature_names(self):  # the columns depend on the lexicon
        """The column names after :meth:`fit` (``frame_<name>_share``); empty before."""
        return tuple(getattr(self, "feature_names_out_", ()))

    def _row(self, doc: Document) -> list[float]:
        return self.row_from_cues(doc, None)

    def row_from_cues(self, doc: Document, cues: Sequence[FrameCue] | None) -> list[float]:
        """The feature row of ``doc`` from its :func:`find_frames` output, so a caller that
        also writes the cues, such as the pipeline's frames table, searches once.

        Parameters
        ----------
        doc : Document
            A cleaned version.
        cues : sequence of FrameCue or None
            ``find_frames(doc, lexicon=self.lexicon)``; None searches here.

        Returns
        -------
        list of float
            The shares in the order of :meth:`get_feature_names_out` (the row
            :meth:`transform` gives ``doc``). Needs :meth:`fit` first.
        """
        shares = frame_shares(doc, lexicon=self.lexicon, cues=cues)
        return [shares[f] for f in self.frames_]
