"""The network page in use, in headless Chromium: reset, framing, cards, search, table, keys, language, API."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from browser_support import BrowserSession, browser_session
from network_pages import (
    JS_NODE_ID,
    assert_clean,
    idle,
    node_on_screen,
    platform_graph,
    readability,
    search_graph,
    themes_graph,
)

from graph.views.palette import KIND_STYLES
from graph.views.render import render_html
from graph.views.write import write_view

pytestmark = pytest.mark.browser

#: Everything that makes the picture: each node's and edge's look, and the view.
PICTURE_JS = """() => { const g = window.sozialgraph, net = g.network;
  const nodes = g.nodes.get().map(n => [n.id, n.hidden, JSON.stringify(n.color), n.font.size, n.font.color,
                                        n.scaling.label.drawThreshold, n.borderWidth]);
  const edges = g.edges.get().map(e => { const c = net.body.edges[e.id].options.color;  /* as drawn, global or own */
    return [e.id, c.color, c.highlight, c.opacity, e.width, (e.label || "").trim()]; });
  const v = net.getViewPosition();
  return {nodes, edges, scale: net.getScale().toFixed(6), x: v.x.toFixed(3), y: v.y.toFixed(3),
          selected: net.getSelectedNodes(), card: document.getElementById("sg-info").hidden}; }"""
#: Edges that are not dimmed, and edges that carry a label.
EDGES_JS = """() => { const g = window.sozialgraph, body = g.network.body;
  return [g.edges.get().filter(e => body.edges[e.id].options.color.color !== "#e6e9ec").map(e => [e.from, e.to]),
          g.edges.get().filter(e => (e.label || "").trim()).map(e => [e.from, e.to, e.label])]; }"""
#: Node ids the page draws inside the stage but outside the info card, and those it does not;
#: and the names of drawn labels that reach under the card or beyond the stage.
FRAMED_JS = """ids => { const g = window.sozialgraph, net = g.network, stage = document.getElementById("sg-network").getBoundingClientRect();
  const card = document.getElementById("sg-info"), c = card.hidden ? null : card.getBoundingClientRect();
  const right = c ? c.left : stage.right, inside = [], outside = [], labels = [];
  ids.forEach(id => { const p = net.canvasToDOM(net.getPosition(id)), r = net.body.nodes[id].options.size * net.getScale();
    const x = stage.left + p.x, y = stage.top + p.y;
    const ok = x - r >= stage.left && x + r <= right && y - r >= stage.top && y + r <= stage.bottom;
    (ok ? inside : outside).push(id);
    if (g.labelShown(id)) { const s = net.body.nodes[id].labelModule.size;
      const a = net.canvasToDOM({x: s.left, y: s.top}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
      if (stage.left + a.x < stage.left - 1 || stage.left + b.x > right + 1 || a.y < -1 || stage.top + b.y > stage.bottom + 1)
        labels.push(net.body.nodes[id].options.name); } });
  return {inside, outside, labels}; }"""


@pytest.fixture(scope="module")
def browser() -> BrowserSession:
    with browser_session() as session:
        yield session


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages")
    render_html(platform_graph(), out / "platform.html", title="Sozial-Plattform Aachen")
    render_html(themes_graph(), out / "themes.html", title="Themen")
    render_html(themes_graph(), out / "themes-en.html", title="Themes", lang="en")
    render_html(search_graph(), out / "search.html", title="Suche")
    return out


def node_id(page, name: str) -> int:
    return page.evaluate(f"({JS_NODE_ID})({name!r})")


def neighbourhood(page, node: int) -> list[int]:
    return page.evaluate(f"[window.sozialgraph.network.getConnectedNodes({node}), {node}].flat()")


def empty_spot(page) -> tuple[float, float]:
    """A point of the stage with no node, label or edge under it."""
    return page.evaluate(
        """() => { const n = window.sozialgraph.network, r = document.getElementById('sg-network').getBoundingClientRect();
                   for (let y = 10; y < r.height; y += 20) for (let x = 10; x < r.width; x += 20)
                     if (n.getNodeAt({x, y}) === undefined && n.getEdgeAt({x, y}) === undefined)
                       return [r.left + x, r.top + y];
                   return null; }"""
    )


def canvas_png(page) -> bytes:
    return page.locator("#sg-network canvas").screenshot()


# ---------------------------------------------------------------- reset, cards, framing


def test_clicking_empty_space_restores_the_first_picture(browser: BrowserSession, pages: Path) -> None:
    run = browser.open(pages / "themes.html", "page-reset", viewport=(1280, 720))
    page = run.page
    first, first_png = page.evaluate(PICTURE_JS), canvas_png(page)
    page.mouse.click(*node_on_screen(page, node_id(page, "Armut")))
    idle(page)
    lit, labelled = page.evaluate(EDGES_JS)
    armut, alters, kinder, sep = (
        node_id(page, n) for n in ("Armut", "Altersarmut", "Kinderarmut", "Sozialentwicklungsplan")
    )
    assert sorted(lit) == sorted([[alters, armut], [kinder, armut], [sep, armut]])
    # the edges carry the relation as seen from Armut
    assert sorted(labelled) == sorted(
        [[alters, armut, "Oberthema von"], [kinder, armut, "Oberthema von"], [sep, armut, "Thema von"]]
    )
    # Following a link in the card leaves no lit edges and no labels of the node before behind.
    page.click("#sg-info li button >> text=Sozialentwicklungsplan")
    idle(page)
    fb56 = node_id(page, "Fachbereich Wohnen, Soziales und Integration")
    lit, labelled = page.evaluate(EDGES_JS)
    assert sorted(lit) == sorted([[sep, armut], [sep, fb56]])
    assert sorted(labelled) == sorted([[sep, armut, "Thema"], [sep, fb56, "Federführung"]])
    page.mouse.click(*empty_spot(page))
    idle(page)
    assert page.evaluate(PICTURE_JS) == first
    assert canvas_png(page) == first_png
    assert_clean(run)


def test_show_all_restores_the_first_picture_after_filter_and_selection(
    browser: BrowserSession, pages: Path
) -> None:
    run = browser.open(pages / "platform.html", "page-show-all")
    page = run.page
    first, first_png, stats = page.evaluate(PICTURE_JS), canvas_png(page), page.inner_text("#sg-stats")
    page.fill("#sg-search", "sozialentwicklungsplan")
    page.press("#sg-search", "Enter")
    page.uncheck('#sg-legend input[data-kind="theme"]')
    idle(page)
    assert (
        page.inner_text("#sg-stats") == "16 von 18 Knoten · 18 von 23 Kanten sichtbar"
    )  # 5 edges touch a theme
    page.click("#sg-reset")
    idle(page)
    assert (page.evaluate(PICTURE_JS), page.inner_text("#sg-stats"), page.input_value("#sg-search")) == (
        first,
        stats,
        "",
    )
    assert canvas_png(page) == first_png
    assert_clean(run)


@pytest.mark.parametrize("viewport", [(1920, 1080), (1280, 720)])
def test_selected_node_and_neighbours_are_framed_beside_the_card(
    browser: BrowserSession, pages: Path, viewport
) -> None:
    run = browser.open(pages / "platform.html", f"page-frame-{viewport[0]}", viewport=viewport)
    page = run.page
    zoom = "() => { const g = window.sozialgraph; return [g.network.getScale(), g.overviewScale]; }"
    for name in ("Fachbereich Wohnen, Soziales und Integration", "Bevölkerungsprognose", "Sozial-Plattform"):
        node = node_id(page, name)
        page.mouse.click(*node_on_screen(page, node))
        idle(page)
        assert page.inner_text("#sg-info dd.name") == name
        framed = page.evaluate(FRAMED_JS, neighbourhood(page, node))
        assert (framed["outside"], framed["labels"]) == ([], []), name
        assert page.evaluate(f"window.sozialgraph.labelShown({node})")  # the selected node is named
        run.snap(f"page-frame-{viewport[0]}-{node}")
        # a small neighbourhood is not blown up: at most three times the overview's scale (or 1)
        scale, overview = page.evaluate(zoom)
        assert scale <= max(3 * overview, 1) + 1e-6, name
        page.mouse.click(*empty_spot(page))  # back to the overview
        idle(page)
    assert_clean(run)


def test_card_words_relations_from_the_nodes_side(browser: BrowserSession, pages: Path) -> None:
    run = browser.open(pages / "themes.html", "page-card")
    page = run.page

    def card(name: str) -> list[tuple[str, list[str]]]:
        page.evaluate("name => window.sozialgraph.selectNode(name)", name)
        rows = page.locator("#sg-info dl.links dt").all_inner_texts()
        return [
            (dt, page.locator(f"#sg-info dl.links dd:nth-of-type({k + 1}) li").all_inner_texts())
            for k, dt in enumerate(rows)
        ]

    assert card("Armut") == [
        ("Oberthema von", ["Altersarmut", "Kinderarmut"]),
        ("Thema von", ["Sozialentwicklungsplan"]),
    ]
    assert page.inner_text("#sg-info h3") == "Verbindungen (3)"
    assert card("Altersarmut") == [("Oberthema", ["Armut"])]
    assert card("Sozialentwicklungsplan") == [
        ("Federführung", ["Fachbereich Wohnen, Soziales und Integration"]),
        ("Thema", ["Armut"]),  # the ontology's label of dct:subject
    ]
    assert card("FB 56") == [("federführend für", ["Sozialentwicklungsplan"])]
    assert page.locator("#sg-info dt").first.inner_text() == "Name"
    assert page.locator("#sg-info dd").nth(1).inner_text() == "Fachbereich"  # the ontology's label
    assert_clean(run)


def test_communities_are_named_after_their_most_central_member(
    browser: BrowserSession, tmp_path: Path
) -> None:
    # two triangles joined by a bridge c - d: c and d are the most central of their halves
    G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("d", "f")])
    for n in G:
        G.nodes[n].update(label=f"Akteur {n.upper()}", kind="department", id=n.upper())
    report = write_view(G, tmp_path / "groups.html")
    run = browser.open(report.path, "page-groups")
    page = run.page
    groups = {}
    for n in "abcdef":
        page.evaluate("id => window.sozialgraph.selectNode(id)", n.upper())
        groups[n] = page.locator("#sg-info dd").nth(3).inner_text()
    assert page.locator("#sg-info dt").nth(3).inner_text() == "Gruppe"
    assert groups == dict.fromkeys("abc", "um Akteur C") | dict.fromkeys("def", "um Akteur D")
    assert_clean(run)


# ---------------------------------------------------------------- search


def test_search_lists_matches_by_id_and_name_ignoring_case_and_umlauts(
    browser: BrowserSession, pages: Path
) -> None:
    run = browser.open(pages / "search.html", "page-search", viewport=(1280, 720))
    page = run.page
    options = "#sg-matches li .match-name"
    selected = "window.sozialgraph.network.getSelectedNodes()"
    page.fill("#sg-search", "fb")  # by id; most central first
    assert page.locator(options).all_inner_texts() == [
        "Fachbereich Wohnen, Soziales und Integration",
        "Fachbereich Kinder, Jugend und Schule",
        "Fachbereich Stadtentwicklung",
    ]
    assert page.locator("#sg-matches li .match-kind").first.inner_text() == "Fachbereich · FB 56"
    page.press("#sg-search", "Enter")  # several matches: nothing is taken silently
    assert page.evaluate(selected) == []
    assert page.inner_text("#sg-search-status") == "3 Treffer – mit ↑ ↓ wählen, Enter öffnet"
    assert page.get_attribute("#sg-search", "aria-expanded") == "true"
    page.fill("#sg-search", "staedteregion")  # ä = ae
    assert page.locator(options).all_inner_texts() == [
        "StädteRegion Aachen",
        "Gesundheitsamt der StädteRegion Aachen",
        "Jobcenter StädteRegion Aachen",
    ]
    page.press("#sg-search", "ArrowDown")
    page.press("#sg-search", "ArrowDown")
    assert page.get_attribute("#sg-search", "aria-activedescendant") == "sg-match-1"
    page.press("#sg-search", "Enter")
    idle(page)
    ga = node_id(page, "Gesundheitsamt der StädteRegion Aachen")
    assert page.evaluate(selected) == [ga]
    assert page.input_value("#sg-search") == "Gesundheitsamt der StädteRegion Aachen"
    assert page.is_hidden("#sg-matches")
    # the match is framed with its neighbourhood, beside the card
    assert page.evaluate(FRAMED_JS, neighbourhood(page, ga))["outside"] == []
    for query, name in [
        ("fb 56", "Fachbereich Wohnen, Soziales und Integration"),  # a whole id is taken at once
        ("STRASSE", "Straßensozialarbeit"),  # ß = ss; the only match
        ("uebergaenge", "Übergänge gestalten"),
        ("FACHBEREICH STADTENTWICKLUNG", "Fachbereich Stadtentwicklung"),
    ]:
        page.fill("#sg-search", query)
        page.press("#sg-search", "Enter")
        assert page.evaluate(selected) == [node_id(page, name)], query
    page.fill("#sg-search", "Bürgeramt")
    assert page.inner_text("#sg-search-status") == "Kein Treffer für „Bürgeramt“"
    assert page.is_hidden("#sg-matches")
    page.fill("#sg-search", "region")
    page.click("#sg-matches li >> text=Jobcenter StädteRegion Aachen")  # a click chooses too
    assert page.evaluate(selected) == [node_id(page, "Jobcenter StädteRegion Aachen")]
    assert_clean(run)


# ---------------------------------------------------------------- table, keys, text alternative


def test_table_view_has_the_pages_nodes_and_edges(browser: BrowserSession, pages: Path) -> None:
    run = browser.open(pages / "platform.html", "page-table", viewport=(1280, 720))
    page = run.page
    page.keyboard.press("t")
    assert page.is_visible("#sg-table")
    assert page.evaluate("document.activeElement.id") == "sg-table-filter"
    nodes, edges = "#sg-node-table", "#sg-edge-table"
    assert page.inner_text(f"{nodes} caption") == "Knoten: 18 von 18"
    assert page.locator(f"{nodes} tbody tr").count() == 18
    assert page.locator(f"{nodes} thead th[scope=col]").all_inner_texts() == [
        "Name",
        "Art",
        "Kennung",
        "Verbindungen",
        "Zentralität",
        "Gruppe",
    ]
    armut = page.locator(f"{nodes} tbody tr", has_text="Armut").locator("th, td").all_inner_texts()
    assert armut == ["Armut", "Thema", "T1", "3", "0,70", ""]  # numbers the German way
    page.click(f"{nodes} thead th:nth-child(4) button")  # by links, most first
    assert page.get_attribute(f"{nodes} thead th:nth-child(4)", "aria-sort") == "descending"
    assert (
        page.locator(f"{nodes} tbody tr th").first.inner_text()
        == "Fachbereich Wohnen, Soziales und Integration"
    )
    page.click("#sg-tab-edges")
    assert page.inner_text(f"{edges} caption") == "Kanten: 23 von 23"
    assert page.locator(f"{edges} tbody tr").count() == 23
    # the kind filter keeps the counts true: 10 of the 23 edges touch a department
    page.uncheck('#sg-legend input[data-kind="department"]')
    assert page.inner_text(f"{edges} caption") == "Kanten: 13 von 23"
    # and so does the table's own filter: 7 of those 13 have a node named "Sozial…" at one end
    page.fill("#sg-table-filter", "sozial")
    assert page.inner_text(f"{edges} caption") == "Kanten: 7 von 23"
    page.click("#sg-tab-nodes")
    assert page.inner_text(f"{nodes} caption") == "Knoten: 5 von 18"
    # still by links, counting only what is shown: the Sozial-Plattform keeps 3 of its 5
    assert page.locator(f"{nodes} tbody tr").locator("th, td:nth-child(4)").all_inner_texts() == [
        "Sozial-Plattform",
        "3",
        "Sozialentwicklungsplan",
        "2",
        "Ausschuss für Soziales",
        "1",
        "Sozialberichterstattung",
        "1",
        "Sozialkonferenz 2017",
        "1",
    ]
    # a name in the table is a button: the keyboard reaches the node in the network
    page.focus(f"{nodes} tbody tr:first-child button")
    page.keyboard.press("Enter")
    idle(page)
    assert page.is_hidden("#sg-table")
    assert page.evaluate("window.sozialgraph.network.getSelectedNodes()") == [
        node_id(page, "Sozial-Plattform")
    ]
    assert page.evaluate("document.activeElement.id") == "sg-info"
    assert_clean(run)


def test_keys_escape_closes_card_and_table(browser: BrowserSession, pages: Path) -> None:
    run = browser.open(pages / "platform.html", "page-keys")
    page = run.page
    page.mouse.click(*node_on_screen(page, node_id(page, "Sozial-Plattform")))
    assert page.is_visible("#sg-info")
    page.keyboard.press("Escape")
    assert page.is_hidden("#sg-info")
    assert page.evaluate("window.sozialgraph.network.getSelectedNodes()") == []
    page.keyboard.press("T")
    assert page.is_visible("#sg-table")
    page.keyboard.press("Escape")
    assert page.is_hidden("#sg-table")
    assert page.evaluate("document.activeElement.id") == "sg-table-toggle"
    page.press("#sg-search", "p")  # typing a P in the search box does not switch modes
    assert page.evaluate("window.sozialgraph.state().projector") is False
    page.click("#sg-present")
    assert page.evaluate("window.sozialgraph.state().projector") is True
    page.keyboard.press("Escape")
    assert page.evaluate("window.sozialgraph.state().projector") is False
    assert_clean(run)


def test_network_picture_has_a_text_alternative(browser: BrowserSession, pages: Path) -> None:
    run = browser.open(pages / "platform.html", "page-alt")
    page = run.page
    assert page.get_attribute("#sg-network", "role") == "img"
    assert page.get_attribute("#sg-network", "aria-label") == (
        "Netzwerkbild mit 18 Knoten und 23 Kanten. Dieselben Angaben als Tabelle: "
        "Schaltfläche „Tabelle“ oder Taste T."
    )
    assert page.inner_text("#sg-summary") == (
        "Die wichtigsten Knoten: Fachbereich Wohnen, Soziales und Integration, Sozial-Plattform, Armut, "
        "Sozialentwicklungsplan, Fachbereich Kinder, Jugend und Schule, Fachbereich Stadtentwicklung, "
        "Sozialberichterstattung, Teilhabe sichern, Bildungschancen verbessern, Schulentwicklungsplan."
    )
    assert page.get_attribute("html", "lang") == "de"
    assert_clean(run)


def test_page_written_for_the_projector_opens_in_projector_mode(
    browser: BrowserSession, tmp_path: Path
) -> None:
    report = render_html(platform_graph(), tmp_path / "present.html", title="Sitzung", present=True)
    run = browser.open(report.path, "page-present")
    page = run.page
    assert page.evaluate("window.sozialgraph.state().projector") is True
    assert page.is_hidden("aside")
    assert page.inner_text("#sg-present") == "Präsentation beenden"
    r = readability(page, 10)
    assert r["smallestPx"] >= 28 - 1e-6, r
    assert (r["overlaps"], r["offStage"], r["importantCut"], r["importantLabelled"]) == ([], [], [], 10), r
    # projector fills: each kind drawn in its strong colour
    fills = page.evaluate(
        "() => Object.fromEntries(window.sozialgraph.nodes.get().map(n => [n.name, n.color.background]))"
    )
    assert fills["Sozialentwicklungsplan"] == KIND_STYLES["plan"]["strong"] != KIND_STYLES["plan"]["color"]
    assert fills["Armut"] == KIND_STYLES["theme"]["strong"]
    page.keyboard.press("p")
    page.wait_for_function("() => window.sozialgraph.layoutCount === 1")
    assert (
        page.evaluate("window.sozialgraph.nodes.get({filter: n => n.name === 'Armut'})[0].color.background")
        == (KIND_STYLES["theme"]["color"])
    )
    assert_clean(run)


def test_english_page(browser: BrowserSession, pages: Path) -> None:
    run = browser.open(pages / "themes-en.html", "page-english")
    page = run.page
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("#sg-stats") == "5 nodes · 4 edges"
    assert page.locator("#sg-legend .kind").all_inner_texts() == ["department", "plan", "theme"]
    assert [page.inner_text(s) for s in ("#sg-reset", "#sg-table-toggle", "#sg-present")] == [
        "Show all",
        "Table",
        "Projector mode",
    ]
    page.fill("#sg-search", "armut")
    assert page.inner_text("#sg-search-status") == "3 matches – choose with ↑ ↓, Enter opens"
    page.press("#sg-search", "Enter")  # "armut" is a whole id
    assert page.locator("#sg-info dl.links dt").all_inner_texts() == ["broader theme of", "theme of"]
    assert page.inner_text("#sg-info h3") == "Links (3)"
    assert_clean(run)


# ---------------------------------------------------------------- the API a storyboard steps through


def test_storyboard_api_drives_the_page(browser: BrowserSession, pages: Path) -> None:
    run = browser.open(pages / "platform.html", "page-api")
    page = run.page
    api = "window.sozialgraph"
    first = page.evaluate(PICTURE_JS)
    initial = page.evaluate(f"{api}.state()")
    assert initial == {
        "projector": False,
        "selected": None,
        "highlighted": [],
        "hiddenKinds": [],
        "caption": "",
        "table": False,
        "framed": None,
    }
    page.evaluate(f"{api}.filterKinds(['department', 'plan', 'theme'])")
    assert page.evaluate(f"{api}.state().hiddenKinds") == sorted(
        ["body", "committee", "enterprise", "event", "external", "goal", "instrument", "mystery"]
    )
    assert page.inner_text("#sg-stats") == "7 von 18 Knoten · 5 von 23 Kanten sichtbar"
    fb56 = node_id(page, "Fachbereich Wohnen, Soziales und Integration")
    armut = node_id(page, "Armut")
    assert page.evaluate(f"{api}.highlight(['FB 56', 'Armut', 'nicht da'])") == 2
    idle(page)
    assert page.evaluate(f"{api}.state().highlighted") == [fb56, armut]
    assert page.evaluate(f"{api}.selectNode('theme:T9')") is False  # unknown: nothing happens
    assert page.evaluate(f"{api}.selectNode('SEP')") is True
    page.evaluate(f"{api}.setCaption('Wer plant für Armut?')")
    page.evaluate(f"{api}.enterProjector()")
    idle(page)
    state = page.evaluate(f"{api}.state()")
    assert (state["selected"], state["caption"], state["projector"]) == (
        node_id(page, "Sozialentwicklungsplan"),
        "Wer plant für Armut?",
        True,
    )
    assert page.inner_text("#sg-caption") == "Wer plant für Armut?"
    run.snap("page-api-projector")
    # the framed neighbourhood stays clear of the caption
    caption_top = page.evaluate("document.getElementById('sg-caption').getBoundingClientRect().top")
    sep = node_id(page, "Sozialentwicklungsplan")
    bottoms = page.evaluate(
        """ids => ids.map(id => { const net = window.sozialgraph.network, p = net.canvasToDOM(net.getPosition(id));
              return document.getElementById('sg-network').getBoundingClientRect().top + p.y
                     + net.body.nodes[id].options.size * net.getScale(); })""",
        [i for i in neighbourhood(page, sep) if page.evaluate(f"!{api}.nodes.get({i}).hidden")],
    )
    assert max(bottoms) <= caption_top
    page.evaluate(f"{api}.leaveProjector()")
    page.evaluate(f"{api}.showAll()")
    idle(page)
    assert page.evaluate(f"{api}.state()") == initial
    assert page.evaluate(PICTURE_JS) == first
    assert page.evaluate(f"{api}.find('fachbereich').map(m => m.ident)") == ["FB 56", "FB 45", "FB 61"]
    assert_clean(run)
