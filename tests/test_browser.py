"""The report and the worksheets in a real browser: headless Chromium driven by Selenium.

Opened from disk (file://), as a teacher would. Checks that the highlights, the omission markers
and the "possibly told in other words" markers are on the page and match the tables, that no request leaves the page, that the console stays
clean, that injected markup runs nothing, the narrow-screen switcher, keyboard focus and print.
Screenshots go to ``$FRAMING_TEST_OUTPUT/browser`` (default: pytest's temporary folder; the
path is printed).

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and the
``selenium`` package (the ``test`` extra); skipped with a message where they are missing.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from framing import Article, Story
from framing.corpus import load_story
from framing.pipeline import analyze
from framing.report import render_report
from framing.worksheet import build_worksheet, render_answer_key, render_worksheet

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None)

if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("browser tests need Debian's chromium and chromium-driver "
                "(apt-get install chromium chromium-driver; .ci/run installs them)", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver", reason="browser tests need selenium (pip install -e '.[test]')")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

pytestmark = pytest.mark.slow

EVIL = [
    'Officials met on Monday in Moscow. <script>window.__pwned = "script"</script> The talks ended on Tuesday. '
    '"We <b onmouseover=window.__pwned=1>agree</b>," the minister said.',
    'The minister said the talks may have ended. <img src=x onerror="window.__pwned = \'img\'"> '
    'Officials met on Monday in Moscow. <a href="https://example.com/x">link</a> '
    '<iframe src="https://example.com/"></iframe> <style>body{display:none}</style>',
    'Officials met on Monday in Moscow, the ministry said. <svg onload="window.__pwned=\'svg\'"></svg> '
    'The talks ended on Tuesday. <link rel=stylesheet href="https://example.com/a.css">',
]


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    base = os.environ.get("FRAMING_TEST_OUTPUT")
    out = Path(base) / "browser" if base else tmp_path_factory.mktemp("browser")
    out.mkdir(parents=True, exist_ok=True)
    print(f"\nbrowser screenshots: {out}")
    return out


@pytest.fixture(scope="module")
def pages(tmp_path_factory, example_story_path):
    """The example story's report and worksheets, and an injection story's, written to disk."""
    folder = tmp_path_factory.mktemp("pages")
    analysis = analyze(load_story(example_story_path))
    (folder / "report.html").write_text(render_report([analysis]), encoding="utf-8")
    ws = build_worksheet(analysis)
    (folder / "answer-key-all.html").write_text(render_answer_key(build_worksheet(analysis, max_per_kind=100)),
                                                encoding="utf-8")
    (folder / "worksheet.html").write_text(render_worksheet(ws), encoding="utf-8")
    (folder / "answer-key.html").write_text(render_answer_key(ws), encoding="utf-8")
    evil_story = Story("evil", 'A <script>window.__pwned="title"</script> title',
                       tuple(Article("evil", f'<img src=x onerror="window.__pwned={i}">outlet {i}', t)
                             for i, t in enumerate(EVIL)))
    evil = analyze(evil_story)
    (folder / "evil-report.html").write_text(render_report([evil]), encoding="utf-8")
    evil_ws = build_worksheet(evil, hide_outlets=False)
    (folder / "evil-worksheet.html").write_text(render_worksheet(evil_ws), encoding="utf-8")
    (folder / "evil-key.html").write_text(render_answer_key(evil_ws), encoding="utf-8")
    return {"folder": folder, "analysis": analysis, "worksheet": ws, "evil": evil}


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tempfile.mkdtemp(prefix='framing-chromium-')}",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    d.set_page_load_timeout(30)
    yield d
    d.quit()


def _open(driver, path: Path, width=1400, height=1000):
    driver.set_window_size(width, height)
    driver.get_log("performance")  # drop events of earlier pages
    driver.get_log("browser")
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def _assert_self_contained(driver, path: Path):
    urls = _requests(driver)
    assert urls and all(u == path.as_uri() for u in urls), f"requests other than the file itself: {urls}"
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == [], resources


def _console_errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _pairs(frame, outlet, extra=None):
    rows = frame[frame["outlet"] == outlet]
    cols = ["start", "end"] + ([extra] if extra else [])
    return {tuple(str(v) for v in r) for r in rows[cols].itertuples(index=False)}


def test_report_highlights_and_markers_match_the_tables(driver, pages, artifacts):
    path = pages["folder"] / "report.html"
    _open(driver, path)
    tables = pages["analysis"].tables
    versions = driver.find_elements(By.CSS_SELECTOR, "article.version")
    assert [v.get_attribute("data-outlet") for v in versions] == [d.outlet for d in pages["analysis"].documents]
    n_marks = n_quotes = n_markers = n_maybe = n_other_words = 0
    for v in versions:
        outlet = v.get_attribute("data-outlet")
        got = driver.execute_script(
            "const v = arguments[0];"
            "const pick = (sel, extra) => Array.from(v.querySelectorAll(sel)).map("
            "  e => [e.dataset.start, e.dataset.end].concat(extra ? [e.dataset[extra]] : []));"
            "return {cues: pick('mark.cue[data-start]', 'category'), quotes: pick('.q[data-start]'),"
            "        facts: Array.from(v.querySelectorAll('details.omit')).map(e => e.dataset.fact),"
            "        maybeSpans: pick('span.maybe[data-start]', 'fact'), maybeNotes: pick('details.maybe', 'fact'),"
            "        otherWords: Array.from(v.querySelectorAll('details.omit')).flatMap("
            "          d => Array.from(d.querySelectorAll('blockquote.maybe-ev')).map(b => [d.dataset.fact, b.dataset.outlet]))};", v)
        assert {tuple(x) for x in got["cues"]} == _pairs(tables["hedges"], outlet, "category"), outlet
        assert {tuple(x) for x in got["quotes"]} == _pairs(tables["quotes"], outlet), outlet
        omitted = set(tables["omissions"].loc[tables["omissions"]["outlet"] == outlet, "fact_id"])
        assert set(got["facts"]) == omitted and len(got["facts"]) == len(omitted), outlet
        # Facts this version may tell in other words: a dotted span and a ≈ note per row.
        maybe = _pairs(tables["possible_carriers"], outlet, "fact_id")
        assert {tuple(x) for x in got["maybeSpans"]} == maybe and len(got["maybeSpans"]) == len(maybe), outlet
        assert {tuple(x) for x in got["maybeNotes"]} == maybe and len(got["maybeNotes"]) == len(maybe), outlet
        # ... and the fact's omission markers name those versions as "may be told in other words".
        pc = tables["possible_carriers"]
        assert sorted(map(tuple, got["otherWords"])) == sorted(
            (f, o) for f in omitted for o in pc.loc[pc["fact_id"] == f, "outlet"]), outlet
        n_maybe += len(got["maybeNotes"])
        n_other_words += len(got["otherWords"])
        n_marks += len(got["cues"])
        n_quotes += len(got["quotes"])
        n_markers += len(got["facts"])
    assert n_marks > 10 and n_quotes > 10 and n_markers > 10  # the example story has all three
    assert n_maybe == len(tables["possible_carriers"]) >= 4 and n_other_words > 0
    # Highlights are really coloured: each cue category has its own background.
    colours = driver.execute_script(
        "return ['hedge','booster','distancing'].map(c => { const e = document.querySelector('mark.cue-' + c);"
        " return e ? getComputedStyle(e).backgroundColor : null; })")
    present = [c for c in colours if c]
    assert present and len(set(present)) == len(present) and "rgba(0, 0, 0, 0)" not in present
    # Each highlighted span's text is the table's span of the version's text.
    docs = {d.outlet: d for d in pages["analysis"].documents}
    for v in versions[:2]:
        doc = docs[v.get_attribute("data-outlet")]
        for mark in v.find_elements(By.CSS_SELECTOR, "mark.cue[data-start]:not([data-cont])")[:5]:
            s, e = int(mark.get_attribute("data-start")), int(mark.get_attribute("data-end"))
            assert mark.get_attribute("textContent") == doc.text[s:e]
    # A ≈ span's text (its pieces, when a quotation crosses it) is the table's unit.
    for v in versions:
        doc = docs[v.get_attribute("data-outlet")]
        for span in v.find_elements(By.CSS_SELECTOR, "span.maybe[data-start]"):
            s, e = int(span.get_attribute("data-start")), int(span.get_attribute("data-end"))
            text = driver.execute_script(
                "const f = arguments[0].dataset.fact, p = arguments[0].closest('p');"
                "const all = Array.from(p.querySelectorAll('span.maybe')).filter(x => x.dataset.fact === f);"
                "const i = all.indexOf(arguments[0]); let out = all[i].textContent;"
                "for (let j = i + 1; j < all.length && all[j].hasAttribute('data-cont'); j++) out += all[j].textContent;"
                "return out;", span)
            assert text == doc.text[s:e]
    # The ≈ marks are coloured apart from the omission marks.
    sym = driver.execute_script(
        "return ['.sym-omit', '.sym-maybe'].map(s => getComputedStyle(document.querySelector('.version ' + s)).backgroundColor)")
    assert sym[0] != sym[1] and "rgba(0, 0, 0, 0)" not in sym
    _assert_self_contained(driver, path)
    assert _console_errors(driver) == []
    driver.execute_script("window.scrollTo(0, document.querySelector('.versions').offsetTop - 10)")
    driver.save_screenshot(str(artifacts / "report-desktop.png"))


def test_report_speaker_on_focus_and_markers_open_by_keyboard(driver, pages):
    _open(driver, pages["folder"] / "report.html")
    quote = driver.find_element(By.CSS_SELECTOR, ".q[tabindex]")
    speaker = quote.get_attribute("data-speaker")
    assert speaker
    driver.execute_script("arguments[0].focus()", quote)
    after = driver.execute_script("return getComputedStyle(document.activeElement, '::after').content")
    assert speaker in after
    # An omission marker is closed, and Enter on its summary reveals the evidence sentences.
    details = driver.find_element(By.CSS_SELECTOR, "details.omit")
    evidence = details.find_element(By.CSS_SELECTOR, "blockquote")
    assert not evidence.is_displayed()
    details.find_element(By.TAG_NAME, "summary").send_keys(Keys.ENTER)
    assert details.get_attribute("open") is not None and evidence.is_displayed()
    fact = details.get_attribute("data-fact")
    facts = pages["analysis"].tables["facts"]
    carried = facts[facts["fact_id"] == fact]
    assert evidence.get_attribute("data-outlet") in set(carried["outlet"])
    # Dropped page chrome is collapsed and greyed.
    dropped = driver.find_element(By.CSS_SELECTOR, "details.dropped")
    assert dropped.get_attribute("open") is None
    assert driver.execute_script("return getComputedStyle(arguments[0]).color", dropped) == "rgb(89, 89, 89)"


def _tab_to(driver, target):
    """Focus the element that comes before ``target`` in the tab order, press Tab, and return
    whether the focus landed on ``target`` (a real Tab, not a scripted focus)."""
    from selenium.webdriver.common.action_chains import ActionChains

    before = driver.execute_script(
        "const sel = 'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex=\"-1\"])';"
        "const ok = e => e.getClientRects().length && !e.closest('details:not([open]) > :not(summary)')"
        "  && !(e.type === 'radio' && !e.checked);"
        "const all = Array.from(document.querySelectorAll(sel)).filter(ok);"
        "return all[all.indexOf(arguments[0]) - 1];", target)
    driver.execute_script("arguments[0].focus()", before)
    ActionChains(driver).send_keys(Keys.TAB).perform()
    return driver.execute_script("return document.activeElement === arguments[0]", target)


def test_report_possibly_told_markers_by_keyboard(driver, pages, artifacts):
    """The ≈ note on a version's sentence and the "other words" line of an omission marker are
    reached with Tab and opened with Enter, like the omission markers; the console stays clean."""
    from selenium.webdriver.common.action_chains import ActionChains

    path = pages["folder"] / "report.html"
    _open(driver, path)
    pc = pages["analysis"].tables["possible_carriers"]
    note = driver.find_element(By.CSS_SELECTOR, "details.maybe")
    summary = note.find_element(By.TAG_NAME, "summary")
    unit = note.find_element(By.CSS_SELECTOR, "blockquote.maybe-unit")
    assert not unit.is_displayed() and "in other words" in summary.text
    assert _tab_to(driver, summary)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert note.get_attribute("open") is not None and unit.is_displayed()
    outlet, fact = note.get_attribute("data-outlet"), note.get_attribute("data-fact")
    row = pc[(pc["outlet"] == outlet) & (pc["fact_id"] == fact)].iloc[0]
    assert unit.text == f"{outlet}: {row['text']}"
    others = [b.get_attribute("data-outlet") for b in note.find_elements(By.CSS_SELECTOR, "blockquote:not(.maybe-unit)")]
    facts = pages["analysis"].tables["facts"]
    assert others and set(others) == set(facts.loc[facts["fact_id"] == fact, "outlet"])
    # The sentence itself carries the dotted ≈ mark, with the fact named on hover.
    span = driver.find_element(By.CSS_SELECTOR, f"article[data-outlet='{outlet}'] span.maybe[data-fact='{fact}'][data-start]")
    assert fact in span.get_attribute("title")
    assert driver.execute_script("return getComputedStyle(arguments[0], '::before').content", span) == '"≈"'
    assert driver.execute_script("return getComputedStyle(arguments[0]).textDecorationStyle", span) == "dotted"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", note)
    driver.save_screenshot(str(artifacts / "report-possibly-told.png"))
    # An omission marker of a fact some version may tell in other words: Tab, Enter, and the
    # version's sentence is shown apart from the carriers'.
    omit = next(d for d in driver.find_elements(By.CSS_SELECTOR, "details.omit")
                if d.find_elements(By.CSS_SELECTOR, "blockquote.maybe-ev"))
    other = omit.find_element(By.CSS_SELECTOR, "blockquote.maybe-ev")
    assert _tab_to(driver, omit.find_element(By.TAG_NAME, "summary"))
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert omit.get_attribute("open") is not None and other.is_displayed()
    by = other.get_attribute("data-outlet")
    row = pc[(pc["fact_id"] == omit.get_attribute("data-fact")) & (pc["outlet"] == by)].iloc[0]
    assert other.text == f"≈ may be told in other words by {by}: {row['text']}"
    assert _console_errors(driver) == []
    _assert_self_contained(driver, path)
    # Narrow screen: the version that may tell a fact, its ≈ note open.
    _open(driver, path, width=420, height=900)
    i = [d.outlet for d in pages["analysis"].documents].index(outlet)
    driver.find_element(By.CSS_SELECTOR, f"label[for='pick-1-{i}']").click()
    note = driver.find_element(By.CSS_SELECTOR, f"#v-1-{i} details.maybe")
    assert note.is_displayed()
    note.find_element(By.TAG_NAME, "summary").click()
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", note)
    assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    driver.save_screenshot(str(artifacts / "report-possibly-told-narrow.png"))


def test_report_narrow_screen_switches_versions(driver, pages, artifacts):
    _open(driver, pages["folder"] / "report.html", width=420, height=900)
    shown = lambda: [v.get_attribute("data-outlet") for v in driver.find_elements(By.CSS_SELECTOR, "article.version")  # noqa: E731
                     if v.is_displayed()]
    outlets = [d.outlet for d in pages["analysis"].documents]
    assert shown() == outlets[:1]
    driver.find_element(By.CSS_SELECTOR, "label[for='pick-1-2']").click()
    assert shown() == [outlets[2]]
    # Keyboard: arrow keys move between the radio buttons.
    radio = driver.find_element(By.ID, "pick-1-2")
    radio.send_keys(Keys.ARROW_RIGHT)
    assert shown() == [outlets[3]]
    driver.execute_script("window.scrollTo(0, document.querySelector('.pickwrap').offsetTop - 10)")
    driver.save_screenshot(str(artifacts / "report-narrow.png"))


def test_report_prints_every_version(driver, pages, artifacts):
    _open(driver, pages["folder"] / "report.html", width=420, height=900)  # even from a phone-sized window
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        state = driver.execute_script(
            "return {versions: Array.from(document.querySelectorAll('article.version')).map(v => getComputedStyle(v).display),"
            " dropped: getComputedStyle(document.querySelector('details.dropped')).display}")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert state["versions"] and all(d == "block" for d in state["versions"])
    assert state["dropped"] == "none"
    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    (artifacts / "report-print.pdf").write_bytes(pdf)


@pytest.mark.parametrize("name", ["evil-report.html", "evil-worksheet.html", "evil-key.html"])
def test_injected_markup_runs_nothing(driver, pages, artifacts, name):
    path = pages["folder"] / name
    _open(driver, path)
    assert driver.execute_script("return typeof window.__pwned") == "undefined"
    assert driver.find_elements(By.CSS_SELECTOR, "script, img, iframe, link, a[href^='http'], svg[onload], b") == []
    text = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>" in text or name.endswith("key.html")
    assert driver.execute_script("return getComputedStyle(document.body).display") != "none"
    _assert_self_contained(driver, path)
    assert _console_errors(driver) == []
    if name == "evil-report.html":
        assert "<img src=x onerror=" in text
        driver.save_screenshot(str(artifacts / "report-injection.png"))


def test_worksheet_and_key_in_the_browser(driver, pages, artifacts):
    ws = pages["worksheet"]
    path = pages["folder"] / "worksheet.html"
    _open(driver, path, width=1200, height=1000)
    body = driver.find_element(By.TAG_NAME, "body").text
    for doc in pages["analysis"].documents:
        assert doc.outlet not in body.split("Questions")[0].replace("Version ", "") or doc.outlet in doc.text, doc.outlet
    letters = [e.get_attribute("data-letter") for e in driver.find_elements(By.CSS_SELECTOR, "article.version")]
    assert letters == [v.letter for v in ws.versions]
    items = driver.find_elements(By.CSS_SELECTOR, "ol.questions > li")
    assert len(items) == len(ws.questions) >= 4
    assert {i.get_attribute("data-kind") for i in items} >= {"omission", "quotes", "wording", "hedges"}
    _assert_self_contained(driver, path)
    assert _console_errors(driver) == []
    driver.save_screenshot(str(artifacts / "worksheet.png"))
    (artifacts / "worksheet.pdf").write_bytes(base64.b64decode(driver.print_page()))

    key = pages["folder"] / "answer-key.html"
    _open(driver, key, width=1200, height=1000)
    body = driver.find_element(By.TAG_NAME, "body").text
    for v in ws.versions:
        assert f"{v.name}\t{v.outlet}" in body or f"{v.name} {v.outlet}" in body
    marks = driver.find_elements(By.CSS_SELECTOR, "ul.evidence mark.ev")
    assert marks and all(m.is_displayed() for m in marks[:5])
    _assert_self_contained(driver, key)
    assert _console_errors(driver) == []
    driver.save_screenshot(str(artifacts / "answer-key.png"))
    pdf = base64.b64decode(driver.print_page())
    assert pdf.startswith(b"%PDF")
    (artifacts / "answer-key.pdf").write_bytes(pdf)


def test_answer_key_shows_possible_carriers(driver, pages, artifacts):
    """The key of a worksheet that asks about every omitted fact marks the versions that may
    report a fact in other words, with their sentence, and calls no such version an omitter."""
    path = pages["folder"] / "answer-key-all.html"
    _open(driver, path, width=1200, height=1000)
    pc = pages["analysis"].tables["possible_carriers"]
    cells = driver.execute_script(
        "return Array.from(document.querySelectorAll('ol.questions > li[data-kind=omission]')).map(li => ["
        "  Array.from(li.querySelectorAll('tr')).map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]),"
        "  Array.from(li.querySelectorAll('ul.evidence li.noted')).map(e => [e.dataset.sent, e.querySelector('mark.ev').textContent])])")
    n = 0
    for details, noted in cells:
        maybe = [name for name, status in details if status == "may report it in other words"]
        assert len(maybe) == len(noted)
        for sent, marked in noted:
            assert ((pc["sent_id"] == int(sent)) & (pc["text"] == marked)).any()
        n += len(noted)
    assert n >= 2
    item = driver.find_element(By.CSS_SELECTOR, "ul.evidence li.noted")
    assert item.is_displayed() and "may report it in other words" in item.text
    _assert_self_contained(driver, path)
    assert _console_errors(driver) == []
    driver.execute_script("arguments[0].closest('li[data-kind]').scrollIntoView()", item)
    driver.save_screenshot(str(artifacts / "answer-key-possible-carrier.png"))
