"""Classroom worksheets: a student handout and an answer key, generated from one story's analysis.

The handout shows the versions (kept story body only, paragraphs numbered), optionally with the
outlet names hidden behind letters, and questions built from the tables: which version leaves out
a fact the others report, who is quoted in each and who is not, which words each uses for an
actor, which sentences hedge. The answer key gives each answer with its evidence sentences. A
version that may tell an "omitted" fact in other words (``possible_carriers``: the fact aligner
compares words and found a close sentence, not a match) is marked so in the key, with that
sentence, and never called one that leaves it out; so is a version that quotes the same remark
(``quotes``: a quote in the same ``quote_group`` as a quotation in a sentence that carries the
fact). A fact that no version surely leaves out is not asked; omission questions without such a
version are asked first. The prompt attributes the fact's summary to the version whose sentence
it was made from. Both are self-contained HTML (no network, no scripts) that print to PDF from a
browser.

Example
-------
>>> from framing.corpus import load_story                          # doctest: +SKIP
>>> from framing.pipeline import analyze                            # doctest: +SKIP
>>> ws = build_worksheet(analyze(load_story("data/stories/russia-taliban-2025")))  # doctest: +SKIP
>>> html, key = render_worksheet(ws), render_answer_key(ws)        # doctest: +SKIP
"""

from __future__ import annotations

__all__ = ["Evidence", "Question", "Version", "Worksheet", "build_worksheet", "render_worksheet",
           "render_answer_key", "LETTERS"]

import random
import string
from typing import NamedTuple

from markupsafe import Markup

from .report import _views as views
from .report._markup import Annotation, highlight

LETTERS = string.ascii_uppercase


class Version(NamedTuple):
    """One version as the handout shows it.

    Attributes
    ----------
    letter : str
        Its letter on the handout (A, B, ...).
    outlet : str
        The outlet (shown on the handout only when names are not hidden; always in the key).
    name : str
        What the handout calls it: "Version A", or the outlet's name.
    paragraphs : tuple of (int, Markup)
        Numbered kept paragraphs, escaped HTML with no highlights.
    para_of_sentence : dict
        ``sent_id -> paragraph number`` (to cite evidence as "Version A ¶3").
    """

    letter: str
    outlet: str
    name: str
    paragraphs: tuple
    para_of_sentence: dict


class Evidence(NamedTuple):
    """A sentence that supports an answer: ``text`` is ``doc.text[start:end]`` of that version;
    ``html`` is the sentence with the relevant words marked; ``note`` says how it bears on the
    answer when that is not plain (e.g. ``"may report it in other words"``), else ``""``."""

    letter: str
    outlet: str
    paragraph: int
    sent_id: int
    start: int
    end: int
    text: str
    html: Markup
    note: str = ""


class Question(NamedTuple):
    """One question with its answer.

    Attributes
    ----------
    number : int
    kind : str
        ``omission``, ``quotes``, ``wording`` or ``hedges``.
    prompt : str
        The question as the students read it (letters, never outlet names, when hidden).
    answer : str
        The short answer for the key.
    details : tuple of (str, str)
        Rows of a small table in the key (e.g. version -> speakers quoted).
    evidence : tuple of Evidence
        The sentences that show the answer.
    lines : int
        Answer lines on the handout.
    subject : str
        What the question asks about, as the tables name it: the ``fact_id`` of an omission
        question, the concept of a wording question, ``""`` otherwise.
    """

    number: int
    kind: str
    prompt: str
    answer: str
    details: tuple
    evidence: tuple
    lines: int = 3
    subject: str = ""


class Worksheet(NamedTuple):
    """A handout and its key for one story."""

    story_id: str
    title: str
    hide_outlets: bool
    versions: tuple
    questions: tuple


def _letters(outlets: list[str], story_id: str, seed: int) -> dict[str, str]:
    """Outlet -> letter, in a shuffled order fixed by the story id and seed (so the letter does
    not give away the order the files were listed in, and the same input gives the same sheet)."""
    order = sorted(outlets)
    random.Random(f"{story_id}:{seed}").shuffle(order)
    return {o: LETTERS[i % 26] + ("" if i < 26 else str(i // 26)) for i, o in enumerate(order)}


def _sentence_evidence(doc, version: Version, sent_id: int, marks=(), note: str = "") -> Evidence | None:
    sent = next((s for s in doc.sentences if s.sent_id == sent_id), None)
    if sent is None:
        return None
    anns = [Annotation(s, e, "mark", attrs=(("class", "ev"),)) for s, e in marks]
    return Evidence(version.letter, version.outlet, version.para_of_sentence.get(sent_id, 0), sent_id,
                    sent.start, sent.end, doc.text[sent.start:sent.end],
                    highlight(doc.text, sent.start, sent.end, anns), note)


# Double quotation marks (opening, closing), and what a quotation inside a quotation takes instead.
_DOUBLE_OPEN, _DOUBLE_CLOSE = "“«„", "”»“"
_NESTED = str.maketrans({"“": "‘", "”": "’", "„": "‚", "«": "‹", "»": "›"})


def _quoted(text: str) -> str:
    """``text`` in “double quotation marks”, never doubling a mark: a text that is itself one
    quotation (“...”) keeps its own marks; double marks inside a longer text become single ones
    (‘...’), as a quotation inside a quotation is written.

    >>> _quoted("Trade will grow.")
    '“Trade will grow.”'
    >>> _quoted("“We value this step.”")
    '“We value this step.”'
    >>> _quoted("“We value this step,” said the minister.")
    '“‘We value this step,’ said the minister.”'
    """
    text = text.strip()
    inner = text[1:-1]
    doubles = _DOUBLE_OPEN + _DOUBLE_CLOSE + '"'
    if len(text) > 1 and text[0] in _DOUBLE_OPEN + '"' and text[-1] in _DOUBLE_CLOSE + '"' \
            and not any(c in doubles for c in inner):
        return text if text[0] != '"' else f"“{inner}”"
    nested = []
    for i, c in enumerate(text.translate(_NESTED)):
        if c == '"':  # a straight mark opens at the start or after a space or bracket, else closes
            c = "‘" if i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-" else "’"
        nested.append(c)
    return f"“{''.join(nested)}”"


def _join(names: list[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def build_worksheet(analysis, *, hide_outlets: bool = True, seed: int = 0, max_per_kind: int = 2) -> Worksheet:
    """Build the questions and answers for one :class:`~framing.pipeline.StoryAnalysis`.

    Parameters
    ----------
    analysis : StoryAnalysis
    hide_outlets : bool
        Call the versions "Version A", "Version B"... on the handout (the key maps letters to
        outlets).
    seed : int
        Changes which letter each outlet gets.
    max_per_kind : int
        At most this many omission and wording questions (omission questions about facts that
        no version may tell in other words first).

    Returns
    -------
    Worksheet
    """
    rows = views.Rows(analysis)
    docs = {d.outlet: d for d in analysis.documents}
    letter_of = _letters(list(docs), analysis.story.id, seed)
    versions: dict[str, Version] = {}
    for outlet in sorted(docs, key=lambda o: letter_of[o]):
        doc = docs[outlet]
        blocks = views.paragraphs_of(doc, [], kept_only=True)
        para_of = {sid: b["number"] for b in blocks for sid in b["sent_ids"]}
        name = f"Version {letter_of[outlet]}" if hide_outlets else outlet
        versions[outlet] = Version(letter_of[outlet], outlet, name,
                                   tuple((b["number"], b["html"]) for b in blocks), para_of)
    order = list(versions)  # by letter

    def nm(outlet: str) -> str:
        return versions[outlet].name

    questions: list[Question] = []

    def add(kind, prompt, answer, details=(), evidence=(), lines=3, subject=""):
        questions.append(Question(len(questions) + 1, kind, prompt, answer, tuple(details),
                                  tuple(e for e in evidence if e is not None), lines, subject))

    # 1. Omissions: facts that most versions carry and few leave out. The key states only what
    # the tables agree on: a version in ``omissions`` is said to leave the fact out unless another
    # table says it may tell the fact after all (then it "may report it", with its sentence as
    # evidence, for the class to decide):
    # * ``possible_carriers``: it has a close sentence (the fact aligner compares words and found
    #   a near match, not a match);
    # * ``quotes``: it quotes the same remark (a quote in the same ``quote_group``) as a quotation
    #   overlapping a sentence that carries the fact.
    # A fact that no version surely leaves out is not asked; facts without such versions are asked
    # first (a question whose answer the class could dispute is a poor question), and among them
    # the facts that most versions carry (at least two always).
    by_fact = views.fact_sentences(rows)
    possible = views.possible_by_fact(rows)
    omitted_by: dict = {}
    info: dict = {}  # fact -> its first omissions row (the representative mention's outlet)
    for r in rows.all("omissions"):
        if r["outlet"] in versions:
            omitted_by.setdefault(r["fact_id"], []).append(r["outlet"])
            info.setdefault(r["fact_id"], r)
    carriers = {fid: sorted({o for (o, f) in by_fact if f == fid and o in versions}, key=order.index)
                for fid in omitted_by}
    quote_rows = {o: [q for q in rows("quotes", o) if views._str(q.get("quote_group"))] for o in order}
    maybe_in: dict = {}  # fact -> {outlet: (sent_id, start, end, note)} (the first by offset)
    for fid in omitted_by:
        maybe = maybe_in[fid] = {}
        for p in possible.get(views._str(fid), []):
            if p["outlet"] in versions and p["outlet"] not in carriers[fid]:
                maybe.setdefault(p["outlet"], (int(p["sent_id"]), int(p["start"]), int(p["end"]), _OTHER_WORDS))
        shared = {views._str(q["quote_group"]) for o in carriers[fid] for r in by_fact[(o, fid)]
                  for q in quote_rows[o] if _overlaps(q, _sentence_span(docs[o], r))}
        for o in omitted_by[fid]:
            echo = sorted((q for q in quote_rows[o] if views._str(q["quote_group"]) in shared),
                          key=lambda q: int(q["start"]))
            if echo and o not in maybe and o not in carriers[fid]:
                q = echo[0]
                maybe[o] = (_sent_at(docs[o], int(q["start"])), int(q["start"]), int(q["end"]), _SAME_REMARK)
        omitted_by[fid] = [o for o in dict.fromkeys(omitted_by[fid]) if o not in maybe and o not in carriers[fid]]
    candidates = sorted((fid for fid in omitted_by if omitted_by[fid] and len(carriers[fid]) >= 2),
                        key=lambda f: (-len(carriers[f]), len(omitted_by[f]), str(f)))
    chosen: list = []
    for pool in ([f for f in candidates if not maybe_in[f]], [f for f in candidates if maybe_in[f]]):
        for fid in pool:  # prefer facts left out by different versions: more to discuss
            if len(chosen) < max_per_kind and not any(set(omitted_by[fid]) == set(omitted_by[c]) for c in chosen):
                chosen.append(fid)
        for fid in pool:
            if len(chosen) < max_per_kind and fid not in chosen:
                chosen.append(fid)
    for fid in chosen:
        missing = sorted(omitted_by[fid], key=order.index)
        carry = carriers[fid]
        maybe = sorted(maybe_in[fid], key=order.index)
        # the fact's readable summary (a clause fragment such as "but the ban was lifted" reads
        # badly as a question), attributed to the version whose sentence it was made from; the
        # evidence below quotes every carrier's exact sentence
        first = by_fact[(carry[0], fid)][0]
        summary = views._str(first.get("summary"))
        fact_text = summary or views._str(first.get("text"))
        source = _summary_source(info[fid], by_fact, fid, carry, summary) if summary else carry[0]
        adapted = f"adapted from {nm(source)}'s wording" if source else "adapted from one version's wording"
        prompt = (f"{len(carry)} of the {len(versions)} versions report this: {_quoted(fact_text)} "
                  f"({adapted}). Which version{'s do' if len(missing) > 1 else ' does'} "
                  "not report it? Why might a newsroom leave it out?")
        answer = (f"{_join([nm(o) for o in missing])} "
                  f"{'leave' if len(missing) > 1 else 'leaves'} it out; "
                  f"{_join([nm(o) for o in carry])} report it.")
        for note, why in ((_OTHER_WORDS, "the analysis compares words and is not sure"),
                          (_SAME_REMARK, "the analysis links {pron} quotation to a quotation in a sentence "
                                         "that reports it")):
            these = [o for o in maybe if maybe_in[fid][o][3] == note]
            if not these:
                continue
            many = len(these) > 1
            where = [f"{nm(o)} (¶{versions[o].para_of_sentence.get(maybe_in[fid][o][0], 0)})" for o in these]
            answer += (f" {_join(where)} {note}: {why.format(pron='their' if many else 'its')}, so it does not "
                       f"count {'them' if many else 'it'} as leaving the fact out. Read "
                       f"{'those sentences' if many else 'that sentence'} with the class and decide.")
        evidence = [_sentence_evidence(docs[o], versions[o], by_fact[(o, fid)][0]["sent_id"],
                                       [(by_fact[(o, fid)][0]["start"], by_fact[(o, fid)][0]["end"])])
                    for o in carry]
        evidence += [_sentence_evidence(docs[o], versions[o], maybe_in[fid][o][0],
                                        [(maybe_in[fid][o][1], maybe_in[fid][o][2])], note=maybe_in[fid][o][3])
                     for o in maybe]
        status = {**{o: "leaves it out" for o in missing}, **{o: maybe_in[fid][o][3] for o in maybe},
                  **{o: "reports it" for o in carry}}
        add("omission", prompt, answer, [(nm(o), status.get(o, "–")) for o in order], evidence,
            subject=views._str(fid))

    # 2. Who is quoted in each version, and which group of speakers some versions leave out.
    quotes = {o: rows("quotes", o) for o in order}
    if any(quotes.values()):
        groups_in = {o: sorted({views._str(q.get("speaker_group"), "unknown") for q in quotes[o]}) for o in order}
        details = []
        for o in order:
            speakers: dict[str, str] = {}
            for q in quotes[o]:
                speakers.setdefault(views._str(q.get("speaker_id")) or views._str(q.get("speaker")),
                                    f"{views._str(q.get('speaker'), 'no speaker')} ({views._str(q.get('speaker_group'), 'unknown').replace('-', ' ')})")
            details.append((nm(o), "; ".join(speakers.values()) or "nobody is quoted"))
        all_groups = sorted({g for gs in groups_in.values() for g in gs})
        uneven = sorted(((g, [o for o in order if g not in groups_in[o]]) for g in all_groups),
                        key=lambda x: (len(x[1]) == 0, len(x[1]), x[0]))
        gap = next(((g, miss) for g, miss in uneven if 0 < len(miss) < len(order)), None)
        prompt = ("Who is quoted in each version? List the people or groups each version quotes "
                  "(directly in quotation marks, or reported). Whose voice is missing from some versions?")
        answer = "See the table."
        if gap:
            g, miss = gap
            answer = (f"Speakers from the group {_quoted(g.replace('-', ' '))} are quoted in some versions but not in "
                      f"{_join([nm(o) for o in miss])}.")
        evidence = []
        for o in order:
            for q in quotes[o][:2]:
                ev = _sentence_evidence(docs[o], versions[o], _sent_at(docs[o], int(q["start"])),
                                        [(int(q["start"]), int(q["end"]))])
                evidence.append(ev)
        add("quotes", prompt, answer, details, evidence, lines=5)

    # 3. Words each version uses for an actor.
    mentions: dict[str, dict[str, dict[str, int]]] = {}
    for o in order:
        for m in rows("label_mentions", o):
            c = views._str(m.get("concept"))
            lab = views._str(m.get("label"))
            if c and lab:
                d = mentions.setdefault(c, {}).setdefault(o, {})
                d[lab] = d.get(lab, 0) + 1
    loaded = {(r["outlet"], views._str(r.get("concept")), views._str(r.get("label")))
              for r in rows.all("wording") if views._str(r.get("loaded"))}
    concepts = sorted((c for c in mentions if len(mentions[c]) >= max(2, len(order) - 1)),
                      key=lambda c: (-len({lab.lower() for d in mentions[c].values() for lab in d}), c))
    for concept in concepts[:max_per_kind]:
        details = []
        for o in order:
            labs = sorted(mentions[concept].get(o, {}).items(), key=lambda kv: (-kv[1], kv[0]))
            shown = "; ".join(f"{lab} ×{n}" + (" (loaded)" if (o, concept, lab) in loaded else "") for lab, n in labs)
            details.append((nm(o), shown or "not mentioned"))
        prompt = (f"Which words does each version use for {_quoted(concept)}? Find two different expressions "
                  "and say what picture of the actor each one gives.")
        flagged = sorted({lab for (o, c, lab) in loaded if c == concept and o in versions})
        answer = ("Compare the labels in the table." + (f" Loaded labels: {', '.join(flagged)}." if flagged else ""))
        evidence = []
        for o in order:
            for m in rows("label_mentions", o):
                if views._str(m.get("concept")) == concept and (o, concept, views._str(m.get("label"))) in loaded:
                    evidence.append(_sentence_evidence(docs[o], versions[o], int(m["sent_id"]),
                                                       [(int(m["start"]), int(m["end"]))]))
        add("wording", prompt, answer, details, evidence, lines=4, subject=concept)

    # 4. Hedging.
    hedges = {o: [h for h in rows("hedges", o) if views._str(h.get("category")) == "hedge"] for o in order}
    if any(hedges.values()):
        details = []
        for o in order:
            sents = sorted({h["sent_id"] for h in hedges[o]})
            cues = sorted({views._str(h.get("cue")).lower() for h in hedges[o]})
            details.append((nm(o), f"{len(sents)} hedging sentence{'s' if len(sents) != 1 else ''}"
                                   + (f": {', '.join(cues)}" if cues else "")))
        most = max(order, key=lambda o: (len({h['sent_id'] for h in hedges[o]}), -order.index(o)))
        prompt = ("A hedge makes a claim less certain (“may”, “likely”, “believe”, “expected to”). "
                  f"Find the sentences that hedge in {nm(most)} and underline the hedging words. "
                  "Who is uncertain: the writer or the person quoted?")
        answer = f"{nm(most)} has the most hedging sentences; they are listed below with the cue words marked."
        evidence = []
        for o in order:
            by_sent: dict[int, list] = {}
            for h in hedges[o]:
                by_sent.setdefault(int(h["sent_id"]), []).append((int(h["start"]), int(h["end"])))
            for sid in sorted(by_sent):
                evidence.append(_sentence_evidence(docs[o], versions[o], sid, by_sent[sid]))
        add("hedges", prompt, answer, details, evidence, lines=4)
    distancing = {o: [h for h in rows("hedges", o) if views._str(h.get("category")) == "distancing"] for o in order}
    if any(distancing.values()):
        have = [o for o in order if distancing[o]]
        prompt = ("Some versions put a word in quotation marks to keep their distance from it "
                  "(a “scare quote”, like ‘failure’). Find one. Why would the writer do that?")
        answer = f"{_join([nm(o) for o in have])} use{'s' if len(have) == 1 else ''} scare quotes or distancing words."
        evidence = [_sentence_evidence(docs[o], versions[o], int(h["sent_id"]), [(int(h["start"]), int(h["end"]))])
                    for o in have for h in distancing[o]]
        details = [(nm(o), ", ".join(views._str(h.get("cue")) for h in distancing[o]) or "none") for o in order]
        add("hedges", prompt, answer, details, evidence)

    return Worksheet(analysis.story.id, analysis.story.title or analysis.story.id, hide_outlets,
                     tuple(versions[o] for o in order), tuple(questions))


_OTHER_WORDS = "may report it in other words"
_SAME_REMARK = "may quote the same remark"


def _sentence_span(doc, fact_row: dict) -> tuple[int, int]:
    """The sentence that carries a fact mention (the mention's own span if it is not found)."""
    sid = int(fact_row["sent_id"])
    sent = next((s for s in doc.sentences if s.sent_id == sid), None)
    return (sent.start, sent.end) if sent is not None else (int(fact_row["start"]), int(fact_row["end"]))


def _overlaps(row: dict, span: tuple[int, int]) -> bool:
    return int(row["start"]) < span[1] and span[0] < int(row["end"])


def _words(text: str) -> str:
    return " ".join(text.split()).strip(" \"'“”‘’«».,;:!?").lower()


def _summary_source(omission: dict, by_fact: dict, fid, carry: list[str], summary: str) -> str | None:
    """The version whose sentence a fact's summary was made from: the representative mention of
    the ``omissions`` table (``evidence_outlet``), else the carrier whose mention has the
    summary's words; None when neither says."""
    source = views._str(omission.get("evidence_outlet"))
    if source in carry:
        return source
    want = _words(summary)
    for o in carry:
        if any(want and (want in _words(views._str(r.get("text"))) or _words(views._str(r.get("text"))) in want)
               for r in by_fact[(o, fid)] if _words(views._str(r.get("text")))):
            return o
    return None


def _sent_at(doc, offset: int) -> int:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.sent_id
    return doc.kept_sentences[0].sent_id if doc.kept_sentences else 0


def render_worksheet(ws: Worksheet) -> str:
    """The student handout as a self-contained HTML page (no outlet names when hidden).

    Parameters
    ----------
    ws : Worksheet
        The worksheet's content (:func:`build_worksheet`).

    Returns
    -------
    str
        The HTML page.
    """
    from .report import environment

    return environment().get_template("worksheet.html.j2").render(ws=ws, key=False)


def render_answer_key(ws: Worksheet) -> str:
    """The answer key: letters mapped to outlets, each answer with its evidence sentences.

    Parameters
    ----------
    ws : Worksheet
        The worksheet's content (:func:`build_worksheet`).

    Returns
    -------
    str
        The HTML page.
    """
    from .report import environment

    return environment().get_template("worksheet.html.j2").render(ws=ws, key=True)
