"""The paper's build contract: every included figure and input has a generating script that the
Makefile names, and no number is typed into the paper's prose."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAPER = ROOT / "paper" / "paper.tex"
MAKEFILE = ROOT / "Makefile"

pytestmark = pytest.mark.skipif(not PAPER.exists(), reason="paper/paper.tex not present")


def _body() -> str:
    text = PAPER.read_text(encoding="utf-8")
    return "\n".join(re.sub(r"(?<!\\)%.*", "", line) for line in text.splitlines())


def _rules() -> dict[str, str]:
    """target -> the recipe text (and prerequisites) of the Makefile."""
    rules, current = {}, None
    for line in MAKEFILE.read_text().splitlines():
        m = re.match(r"^([^\s:=#][^:=]*?)\s*&?:(?!=)(.*)$", line)
        if m:
            current = m.group(1).split()
            for t in current:
                rules[t] = m.group(2)
        elif line.startswith("\t") and current:
            for t in current:
                rules[t] += "\n" + line
    return rules


def _expand(target: str) -> list[str]:
    variables = dict(re.findall(r"^(\w+)\s*:?=\s*(\S+)\s*$", MAKEFILE.read_text(), flags=re.M))
    for name, value in variables.items():
        target = target.replace(f"$({name})", value)
    return [target]


def test_every_figure_and_input_has_a_script():
    body = _body()
    figures = re.findall(r"\\includegraphics(?:\[[^]]*\])?\{([^}]+)\}", body)
    inputs = re.findall(r"\\input\{([^}]+)\}", body)
    assert figures and inputs
    rules = {}
    for target, recipe in _rules().items():
        for t in _expand(target):
            rules[t] = recipe
    for f in figures:
        target = f"figures/{f}"
        assert target in rules, f"no Makefile rule builds {target}"
        scripts = re.findall(r"analyses/\w+\.py", rules[target]) or re.findall(r"\$\(A\)/(\w+\.py)", rules[target])
        assert scripts, f"rule for {target} names no analyses/ script"
        for s in scripts:
            assert (ROOT / "analyses" / Path(s).name).exists()
    makefile = MAKEFILE.read_text()
    for i in inputs:
        name = Path(i).stem
        writers = [p for p in (ROOT / "analyses").glob("*.py") if name in p.read_text(encoding="utf-8")]
        assert writers, f"no script in analyses/ writes {i}"
        assert any(w.name in makefile for w in writers), f"the Makefile runs no script that writes {i}"


def test_no_numbers_typed_in_prose():
    body = _body().split(r"\begin{document}", 1)[1]
    # lengths and widths are layout, not results
    body = re.sub(r"\d*\.?\d+\s*(\\(line|text|column)width|pt|em|cm|mm)\b", "", body)
    # names that hold digits (F1, NewsWCL50) are not results
    body = re.sub(r"[A-Za-z]+-?\d+", "", body)
    body = re.sub(r"\\(input|includegraphics|label|ref|cite\w*|graphicspath)(\[[^]]*\])?\{[^}]*\}", "", body)
    numbers = re.findall(r"\d+(?:\.\d+)?", body)
    # allowed: the example story's month-year in its title and percent in "95\%" captions
    allowed = {"2025", "95"}
    assert [n for n in numbers if n not in allowed] == []
    assert not re.search(r"\d\.\d", body), "a number with a decimal point is typed in paper.tex"
