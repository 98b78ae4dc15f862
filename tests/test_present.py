"""The storyboard page: the demo's story from the data, the page it becomes, and stepping through it in Chromium."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from browser_support import BrowserSession, browser_session
from click.testing import CliRunner
from network_pages import assert_clean, data_island

import cli
from graph.views.story import parse_story

# ---------------------------------------------------------------- hand-written expectations on data/aachen

FB56 = "Fachbereich Wohnen, Soziales und Integration"
FB45 = "Fachbereich Kinder, Jugend und Schule"
FULL_TITLE = "Wer plant was? Akteure, Planwerke, Ziele, Instrumente und Themen"
#: The demo's storyboard, written by hand from data/aachen: the brokers are the three actors with the
#: highest betweenness; the conference themes are those on the events' agendas (Veranstaltungen.csv:
#: armut on E2017-03 and E2018-01, digitale-teilhabe and einsamkeit-alter on E2018-02,
#: wohnungslosigkeit on E2018-03); the counts are the rows of theme-actors, the gaps those of
#: unplanned-themes (both checked against the analyses below).
DEMO_STEPS = [
    {
        "view": "full",
        "caption": "Das ganze Netzwerk: 19 Akteure, 12 Planwerke, 30 Ziele, 10 Steuerungsinstrumente, "
        "21 Themen, 7 Veranstaltungen.",
    },
    {
        "title": "Wer verbindet die anderen?",
        "view": "full",
        "highlight": ("FB 56", "FB 45", "SP"),
        "caption": f"Die Vermittler: {FB56} (FB 56), {FB45} (FB 45) und Sozial-Plattform (SP) verbinden die "
        "meisten anderen.",
    },
    {
        "view": "theme",
        "theme": "armut",
        "caption": "Armut: 11 Akteure arbeiten daran, 6 weitere haben es nur bei Veranstaltungen besprochen "
        "(gestrichelt).",
    },
    {
        "view": "theme",
        "theme": "digitale-teilhabe",
        "caption": "Digitale Teilhabe: Niemand arbeitet daran; 3 Akteure haben es nur bei Veranstaltungen "
        "besprochen (gestrichelt). Kein Planwerk, das zählt, deckt das Thema ab.",
    },
    {
        "view": "theme",
        "theme": "einsamkeit-alter",
        "caption": "Einsamkeit im Alter: 2 Akteure arbeiten daran, 1 weiterer hat es nur bei Veranstaltungen "
        "besprochen (gestrichelt). Kein Planwerk, das zählt, deckt das Thema ab.",
    },
    {
        "view": "theme",
        "theme": "wohnungslosigkeit",
        "caption": "Wohnungslosigkeit: 5 Akteure arbeiten daran, 1 weiterer hat es nur bei Veranstaltungen "
        "besprochen (gestrichelt).",
    },
    {
        "title": "Lücken: Themen ohne Planwerk",
        "view": "full",
        "highlight": ("digitale-teilhabe", "einsamkeit-alter", "sicherheit", "sport"),
        "caption": "Kein Planwerk, das zählt, deckt ab: Digitale Teilhabe, Einsamkeit im Alter, Sicherheit und "
        "Sport und Bewegung (nur in: Sportentwicklungsplan (beendet)).",
    },
]
#: What the page shows at each demo step: counter, nodes, edges, heading, highlighted names. The theme
#: views by hand: Armut has 17 actors in theme-actors (11 work on it, 6 met) and 3 narrower themes:
#: 21 nodes; edges: 3 "broader", 26 works-on ties (the themes in each working actor's `via`) and 7
#: engaged ties of the 6 who only met (JC on Armut and Wohnungslosigkeit) = 36.
DEMO_PAGE = [
    ("1 / 7", 99, 373, FULL_TITLE, []),
    ("2 / 7", 99, 373, "Wer verbindet die anderen?", sorted([FB56, FB45, "Sozial-Plattform"])),
    ("3 / 7", 21, 36, "Wer arbeitet am Thema Armut?", []),
    ("4 / 7", 4, 3, "Wer arbeitet am Thema Digitale Teilhabe?", []),
    ("5 / 7", 4, 3, "Wer arbeitet am Thema Einsamkeit im Alter?", []),
    ("6 / 7", 7, 6, "Wer arbeitet am Thema Wohnungslosigkeit?", []),
    (
        "7 / 7",
        99,
        373,
        "Lücken: Themen ohne Planwerk",
        ["Digitale Teilhabe", "Einsamkeit im Alter", "Sicherheit", "Sport und Bewegung"],
    ),
]

#: A story of every kind of step, on data/aachen.
PROBE = """\
title: Probe
steps:
  - view: actors
    caption: Wer teilt Ziele und Themen?
  - view: actors
    select: AGW
    caption: "AGW: mit wem?"
  - view: focus
    focus: FB 56
    include: [department, plan]
    title: Rund um FB 56
  - ansicht: alles
    filter: [Fachbereich, theme]
    hervorheben: [FB 56, armut]
  - view: full
"""

#: Five steps on one view: the keys move between them without drawing another view.
KEYS = "steps:\n" + "".join(f"  - view: actors\n    caption: Schritt {k}\n" for k in range(1, 6))


def invoke(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def story_steps(text: str) -> list[dict]:
    """The steps of a story as a demo writes them: only the keys given."""
    story, problems = parse_story(text)
    assert problems == []
    keys = ("title", "view", "focus", "theme", "highlight", "select", "filter", "caption")
    defaults = {"title": None, "focus": None, "theme": None, "highlight": (), "select": None, "filter": None}
    return [
        {k: getattr(s, k) for k in keys if getattr(s, k) != defaults.get(k, "")} | {"view": s.view}
        for s in story.steps
    ]


# ---------------------------------------------------------------- the page


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("present") / "demo"
    result = invoke("demo", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def probe_page(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("probe")
    (folder / "probe.yaml").write_text(PROBE, encoding="utf-8")
    result = invoke("present", str(folder / "probe.yaml"), "-o", str(folder / "probe.html"))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {folder / 'probe.html'} (5 steps, 3 views)\n"
    result = invoke("present", str(folder / "probe.yaml"), "--no-present", "-o", str(folder / "plain.html"))
    assert result.exit_code == 0, result.output
    (folder / "keys.yaml").write_text(KEYS, encoding="utf-8")
    result = invoke("present", str(folder / "keys.yaml"), "-o", str(folder / "keys.html"))
    assert result.exit_code == 0, result.output
    return folder


def test_the_demo_storyboard_has_the_steps_expected_from_the_data(demo_out, example_path):
    from graph.analysis.query import run_query
    from graph.session import open_dataset
    from graph.views.metrics import brokers, metrics
    from graph.views.network import build_graph

    text = (demo_out / "storyboard.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Storyboard der Sitzung der Sozial-Plattform")
    assert story_steps(text) == DEMO_STEPS
    # the hand-written expectations agree with the analyses' rows
    store, _ = open_dataset(example_path)
    assert list(brokers(metrics(build_graph(store)), n=3)["id"]) == ["FB 56", "FB 45", "SP"]
    for theme, working, met in [
        ("armut", 11, 6),
        ("digitale-teilhabe", 0, 3),
        ("einsamkeit-alter", 2, 1),
        ("wohnungslosigkeit", 5, 1),
    ]:
        rows = run_query(store, "theme-actors", {"theme": theme})
        assert list(rows["engagement"]).count("works on") == working, theme
        assert list(rows["engagement"]).count("met at events") == met, theme
    gaps = run_query(store, "unplanned-themes")
    assert list(gaps["theme_id"]) == list(DEMO_STEPS[-1]["highlight"])
    assert list(gaps["only_in"]) == ["", "", "", "Sportentwicklungsplan (beendet)"]


def test_present_rebuilds_the_demo_page_from_its_storyboard(demo_out, tmp_path):
    again = tmp_path / "x.html"
    result = invoke("present", str(demo_out / "storyboard.yaml"), "-o", str(again))
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == (demo_out / "sitzung.html").read_bytes()


def test_the_page_is_offline_and_admits_only_its_own_scripts(demo_out):
    page = (demo_out / "sitzung.html").read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2  # vis-network and the page's own
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts
    )
    assert csp == (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; base-uri 'none'; form-action 'none'"
    )
    # the only address is the SVG namespace's name, an identifier vis-network passes to createElementNS
    assert re.findall(r"https?://[^\"']*", page) == ["http://www.w3.org/2000/svg"] * 2
    for memory in ("localStorage", "sessionStorage", "indexedDB", "document.cookie", "location.hash"):
        assert memory not in page
    # one data island per view: the full view, then the four theme views
    data, _ = data_island(page)
    islands = re.findall(r'<script type="application/json" id="(sg-view-\d+)">', page)
    assert islands == ["sg-view-1", "sg-view-2", "sg-view-3", "sg-view-4"]
    steps = data["story"]["steps"]
    assert [s["view"] for s in steps] == [0, 0, 1, 2, 3, 4, 0]
    labels = [n["label"] for n in data["nodes"]]
    assert sorted(labels[i] for i in steps[1]["highlight"]) == DEMO_PAGE[1][4]
    assert [s["caption"] for s in steps] == [s["caption"] for s in DEMO_STEPS]


def test_status_reaches_the_views(tmp_path, example_path):
    """With --status all the ended Sportentwicklungsplan counts: its lead and partners work on Sport."""
    from graph.analysis.query import run_query
    from graph.analysis.rules import parse_statuses
    from graph.session import open_dataset

    story = tmp_path / "sport.yaml"
    story.write_text("steps:\n  - view: theme\n    theme: sport\n", encoding="utf-8")
    counts = {}
    for status in ("aktiv,geplant", "all"):
        out = tmp_path / f"{status}.html"
        assert invoke("present", str(story), "--status", status, "-o", str(out)).exit_code == 0
        data, _ = data_island(out.read_text(encoding="utf-8"))
        store, _ = open_dataset(example_path, statuses=parse_statuses(status))
        rows = run_query(store, "theme-actors", {"theme": "sport"})
        counts[status] = (len(data["nodes"]), len(rows) + 1)  # the actors and the theme (no narrower one)
    assert counts["aktiv,geplant"][0] == counts["aktiv,geplant"][1]
    assert counts["all"][0] == counts["all"][1]
    assert counts["all"][0] > counts["aktiv,geplant"][0]


# ---------------------------------------------------------------- stepping in Chromium

STATE_JS = """() => { const g = window.sozialgraph, s = g.state();
  return {counter: document.getElementById("sg-step").textContent, nodes: g.nodeCount, edges: g.edgeCount,
          title: document.querySelector("header h1").textContent, caption: s.caption,
          highlighted: s.highlighted.map(i => g.nodes.get(i).name).sort(),
          selected: s.selected === null ? null : g.nodes.get(s.selected).name,
          hidden: s.hiddenKinds, projector: s.projector, shown: g.story.shown(),
          drawn: Object.keys(g.network.getPositions()).length, ready: g.ready}; }"""


def state(page) -> dict:
    page.evaluate("() => window.sozialgraph.story.whenIdle()")
    return page.evaluate(STATE_JS)


@pytest.fixture(scope="module")
def browser() -> BrowserSession:
    with browser_session() as session:
        yield session


@pytest.mark.browser
def test_the_demo_page_steps_through_its_storyboard(browser, demo_out):
    run = browser.open(demo_out / "sitzung.html", "present-demo")
    page = run.page
    positions = "() => JSON.stringify(window.sozialgraph.network.getPositions())"
    for k, (counter, nodes, edges, title, highlighted) in enumerate(DEMO_PAGE):
        if k:
            page.keyboard.press("ArrowRight")
        got = state(page)
        if k == 1:  # the last step on the whole network before the theme views
            left = page.evaluate(positions)
        assert (got["counter"], got["nodes"], got["edges"], got["drawn"]) == (counter, nodes, edges, nodes), k
        assert (got["title"], got["highlighted"], got["selected"]) == (title, highlighted, None), k
        assert got["caption"] == DEMO_STEPS[k]["caption"]
        assert (got["projector"], got["hidden"], got["shown"], got["ready"]) == (True, [], k + 1, True)
        run.snap(f"present-demo-{k + 1}")
    # back on the whole network after four theme views: every node where it was when the view was left
    assert page.evaluate(positions) == left
    page.keyboard.press("ArrowRight")  # past the last step: stays
    assert state(page)["counter"] == "7 / 7"
    assert page.is_disabled("#sg-story-next") and not page.is_disabled("#sg-story-prev")
    assert_clean(run)


@pytest.mark.browser
def test_keys_and_buttons_move_as_documented(browser, probe_page):
    run = browser.open(probe_page / "keys.html", "present-keys")
    page = run.page
    moves = [
        (None, "1 / 5"),
        ("ArrowRight", "2 / 5"),
        ("PageDown", "3 / 5"),
        ("PageUp", "2 / 5"),
        ("End", "5 / 5"),
        ("Home", "1 / 5"),
        ("Space", "2 / 5"),
        ("Backspace", "1 / 5"),
        ("ArrowDown", "2 / 5"),
        ("ArrowUp", "1 / 5"),
        ("ArrowLeft", "1 / 5"),  # before the first step: stays
    ]
    for key, counter in moves:
        if key:
            page.locator("body").press(key)
        got = state(page)
        assert (got["counter"], got["caption"]) == (counter, f"Schritt {counter[0]}"), key
    page.click("#sg-story-next")
    assert state(page)["counter"] == "2 / 5"
    page.click("#sg-story-prev")
    assert state(page)["counter"] == "1 / 5"
    page.focus("#sg-story-next")  # Space presses the focused button: one step, not two
    page.keyboard.press("Space")
    assert state(page)["counter"] == "2 / 5"
    page.keyboard.press("Backspace")
    assert state(page)["counter"] == "1 / 5"
    # typing in the search moves nothing
    page.evaluate("() => window.sozialgraph.leaveProjector()")
    page.click("#sg-search")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    assert state(page)["counter"] == "1 / 5"
    assert_clean(run)


@pytest.mark.browser
def test_each_step_shows_its_view_selection_filter_and_caption(browser, probe_page, example_path):
    from graph.session import open_dataset
    from graph.views.network import build_graph
    from graph.views.projection import view

    full = build_graph(open_dataset(example_path)[0])
    actors = view(full, "actors")
    focus = view(full, "focus", focus="FB 56", include=["department", "plan"])
    run = browser.open(probe_page / "probe.html", "present-probe")
    page = run.page
    expected = [
        (
            "1 / 5",
            actors,
            "Wer teilt Ziele und Themen? Akteursnetz",
            "Wer teilt Ziele und Themen?",
            [],
            None,
            [],
        ),
        (
            "2 / 5",
            actors,
            "Wer teilt Ziele und Themen? Akteursnetz",
            "AGW: mit wem?",
            [],
            "Arbeitsgemeinschaft der Träger der Freien Wohlfahrtspflege in der Stadt Aachen",
            [],
        ),
        ("3 / 5", focus, "Rund um FB 56", "", [], None, []),
        (
            "4 / 5",
            full,
            FULL_TITLE,
            "",
            ["Armut", FB56],
            None,
            ["body", "committee", "enterprise", "event", "external", "goal", "instrument", "plan"],
        ),
        ("5 / 5", full, FULL_TITLE, "", [], None, []),
    ]
    for k, (counter, graph, title, caption, highlighted, selected, hidden) in enumerate(expected):
        if k:
            page.keyboard.press("PageDown")
        got = state(page)
        assert (got["counter"], got["nodes"], got["edges"]) == (
            counter,
            graph.number_of_nodes(),
            graph.number_of_edges(),
        )
        assert (got["title"], got["caption"], got["highlighted"]) == (title, caption, highlighted), counter
        assert (got["selected"], got["hidden"]) == (selected, hidden), counter
    # keys pressed while a view is drawn move the step asked for; the page catches up
    for key in ("Home", "PageDown", "PageDown"):
        page.locator("body").press(key)
    assert page.evaluate("() => document.getElementById('sg-step').textContent") == "3 / 5"
    got = state(page)
    assert (got["shown"], got["nodes"], got["title"]) == (3, focus.number_of_nodes(), "Rund um FB 56")
    # the focus view holds FB 56, the departments and plans next to it, and nothing else
    assert focus.number_of_nodes() == 1 + sum(
        1
        for n in set(full.predecessors(_iri(full, "FB 56"))) | set(full.successors(_iri(full, "FB 56")))
        if full.nodes[n]["kind"] in ("department", "plan")
    )
    assert_clean(run)


def _iri(full, ident: str) -> str:
    return next(n for n, d in full.nodes(data=True) if d.get("id") == ident)


@pytest.mark.browser
def test_projector_mode_is_the_default_and_stays_as_the_presenter_leaves_it(browser, probe_page):
    run = browser.open(probe_page / "probe.html", "present-projector")
    page = run.page
    assert state(page)["projector"] is True
    page.locator("body").press("p")  # P leaves projector mode; the next view keeps it off
    page.locator("body").press("PageDown")
    page.locator("body").press("PageDown")
    got = state(page)
    assert (got["counter"], got["projector"]) == ("3 / 5", False)
    page.locator("body").press("t")  # T opens the table; the next step closes it
    assert page.is_visible("#sg-table")
    page.locator("body").press("Escape")
    assert not page.is_visible("#sg-table")
    # nothing is remembered: opened again, the page starts at the first step, in projector mode
    page.reload()
    page.wait_for_function("() => window.sozialgraph && window.sozialgraph.ready === true")
    got = state(page)
    assert (got["counter"], got["projector"]) == ("1 / 5", True)
    plain = browser.open(probe_page / "plain.html", "present-plain")
    assert state(plain.page)["projector"] is False
    assert_clean(run)
    assert_clean(plain)


def test_the_page_words_are_english_with_lang_en(tmp_path):
    story = tmp_path / "s.yaml"
    story.write_text("steps:\n  - view: full\n", encoding="utf-8")
    out = tmp_path / "s.html"
    assert invoke("present", str(story), "--lang", "en", "-o", str(out)).exit_code == 0
    data, _ = data_island(out.read_text(encoding="utf-8"))
    assert data["story"]["words"]["next"] == "Next ›"
    assert json.loads(json.dumps(data["story"]["steps"])) == [
        {
            "view": 0,
            "title": "Who plans what? Actors, plans, goals, instruments and themes",
            "caption": "",
            "highlight": [],
            "select": None,
            "filter": None,
        }
    ]
