"""Shared by the tests of the network page: hand-made graphs and what a test reads off a drawn page."""

from __future__ import annotations

import json
import re

import networkx as nx

from graph.views.wording import kind_names

XSS = '<img src=x onerror="window.__xss=1">'
BREAKOUT = "</script><script>window.__xss=2</script>"

NODES = [
    # key, label, kind, size_value
    ("FB 56", "Fachbereich Wohnen, Soziales und Integration", "department", 0.9),
    ("FB 45", "Fachbereich Kinder, Jugend und Schule", "department", 0.6),
    ("FB 61", "Fachbereich Stadtentwicklung", "department", 0.5),
    ("E 18", "Gebäudemanagement", "enterprise", 0.2),
    ("GA", "Gesundheitsamt StädteRegion", "external", 0.3),
    ("POL", "Polizeipräsidium Aachen", "external", 0.2),
    ("AUS", "Ausschuss für Soziales", "committee", 0.3),
    ("SP", "Sozial-Plattform", "body", 0.8),
    ("SEP", "Sozialentwicklungsplan", "plan", 0.7),
    ("SCHEP", "Schulentwicklungsplan", "plan", 0.4),
    ("Z1", "Teilhabe sichern", "goal", 0.5),
    ("Z2", "Bildungschancen verbessern", "goal", 0.4),
    ("I1", "Sozialberichterstattung", "instrument", 0.5),
    ("I2", "Bevölkerungsprognose", "instrument", 0.3),
    ("T1", "Armut", "theme", 0.7),
    ("T2", "Wohnen", "theme", 0.4),
    ("V1", "Sozialkonferenz 2017", "event", 0.3),
    ("X1", XSS, "mystery", 0.1),
]
EDGES = [
    ("FB 56", "SEP", "owns", "führt federführend"),
    ("FB 45", "SCHEP", "owns", "führt federführend"),
    ("FB 61", "SEP", "partner", "Partner"),
    ("SEP", "Z1", "states", "nennt Ziel"),
    ("SCHEP", "Z2", "states", "nennt Ziel"),
    ("FB 56", "Z1", "pursues", "verfolgt"),
    ("I1", "Z1", "serves", "dient"),
    ("I2", "Z2", "serves", "dient"),
    ("FB 56", "I1", "owns", "führt"),
    ("FB 61", "I2", "owns", "führt"),
    ("Z1", "T1", "addresses", "betrifft"),
    ("Z2", "T1", "addresses", "betrifft"),
    ("SEP", "T2", "addresses", "betrifft"),
    ("SP", "FB 56", "member", "Mitglied"),
    ("SP", "GA", "member", "Mitglied"),
    ("SP", "POL", "member", "Mitglied"),
    ("SP", "FB 45", "member", "Mitglied"),
    ("FB 56", "V1", "organises", "organisiert"),
    ("GA", "V1", "participates", "nimmt teil"),
    ("AUS", "SP", "part_of", "gehört zu"),
    ("E 18", "FB 45", "partner", "Partner"),
    ("X1", "T2", "addresses", "betrifft"),
    ("T2", "T1", "broader", "Oberthema"),
]


def platform_graph() -> nx.Graph:
    """18 nodes (every kind plus an unknown one named like an XSS attack), 23 edges."""
    G = nx.Graph()
    for key, label, kind, size in NODES:
        G.add_node(
            key,
            label=label,
            kind=kind,
            id=key,
            description=f"Beschreibung: {label}",
            source="Vorlage FB 56/0118/WP17",
            type_label=kind_names().get(kind, "Unbekannt"),
            size_value=size,
        )
    for u, v, kind, label in EDGES:
        G.add_edge(u, v, kind=kind, label=label)
    return G


def chain_graph(n: int, *, sizes: bool) -> nx.Graph:
    """A path of ``n`` themes; ``size_value`` i/n when ``sizes``."""
    G = nx.path_graph(n)
    for i in G:
        G.nodes[i].update(label=f"Thema {i:02d}", kind="theme", id=f"T{i}")
        if sizes:
            G.nodes[i]["size_value"] = i / n
    return G


def data_island(page: str) -> tuple[dict, str]:
    """The JSON data of a page, and the page with the island cut out."""
    m = re.search(r'<script type="application/json" id="sg-data">(.*?)</script>', page, re.S)
    assert m, "no data island"
    return json.loads(m.group(1)), page[: m.start(1)] + page[m.end(1) :]


#: The id of the node with this full name (the canvas label may be shortened).
JS_NODE_ID = "name => window.sozialgraph.nodes.get({filter: n => n.name === name})[0].id"


def node_on_screen(page, node_id: int) -> tuple[float, float]:
    """Page coordinates of a drawn node's centre."""
    return page.evaluate(
        """id => { const n = window.sozialgraph.network, p = n.canvasToDOM(n.getPositions([id])[id]);
                   const r = document.getElementById('sg-network').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node_id,
    )


def label_px(page, node_id: int) -> float:
    """Screen height in pixels of a node's label font."""
    return page.evaluate(
        """id => { const n = window.sozialgraph.network; return n.body.nodes[id].options.font.size * n.getScale(); }""",
        node_id,
    )


#: Measured on what vis-network drew (its own label boxes), not on the page's placement plan.
READABILITY_JS = """top => {
  const g = window.sozialgraph, net = g.network, body = net.body;
  const box = id => { const s = body.nodes[id].labelModule.size;
    const a = net.canvasToDOM({x: s.left, y: s.top}), b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    return {l: a.x, t: a.y, r: b.x, b: b.y}; };
  const r = document.getElementById("sg-network").getBoundingClientRect();
  const shown = g.nodes.getIds().filter(id => !body.nodes[id].options.hidden && body.nodes[id].labelModule.visible());
  /* vis measures a label when it draws it: only labels on the stage have a current size */
  const onStage = shown.filter(id => { const p = net.canvasToDOM(net.getPosition(id));
    return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; });
  const boxes = onStage.map(box), overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (Math.min(a.r, b.r) - Math.max(a.l, b.l) > 2 && Math.min(a.b, b.b) - Math.max(a.t, b.t) > 2)
      overlaps.push([body.nodes[onStage[i]].options.name, body.nodes[onStage[j]].options.name]);
  }
  const important = g.nodes.get().sort((a, b) => b.size - a.size || a.id - b.id).slice(0, top).map(n => n.id);
  const at = net.getPositions(important), screen = important.map(id => net.canvasToDOM(at[id]));
  let closest = Infinity;
  for (let i = 0; i < screen.length; i++) for (let j = i + 1; j < screen.length; j++)
    closest = Math.min(closest, Math.hypot(screen[i].x - screen[j].x, screen[i].y - screen[j].y));
  const all = Object.values(net.getPositions());
  const xs = all.map(p => net.canvasToDOM(p).x), ys = all.map(p => net.canvasToDOM(p).y);
  const px = onStage.map(id => body.nodes[id].options.font.size * net.getScale());
  return {labels: shown.length, overlaps, closest,
          importantLabelled: important.filter(id => shown.includes(id)).length,
          importantCut: important.filter(id => body.nodes[id].options.label.includes("…")).map(id => body.nodes[id].options.name),
          offStage: onStage.filter(id => { const b = box(id); return b.l < -1 || b.t < -1 || b.r > r.width + 1 || b.b > r.height + 1; })
                           .map(id => body.nodes[id].options.name),
          smallestPx: px.length ? Math.min(...px) : 0,
          width: (Math.max(...xs) - Math.min(...xs)) / r.width, height: (Math.max(...ys) - Math.min(...ys)) / r.height};
}"""


def readability(page, top: int = 15) -> dict:
    """Drawn labels on the stage that overlap, the closest two of the ``top`` most important nodes
    on screen (px), how many of them are labelled and which are cut short ("…"), labels reaching
    beyond the stage, the smallest drawn label (px), and the share of the stage the nodes span."""
    return page.evaluate(READABILITY_JS, top)


def assert_clean(run) -> None:
    assert run.blocked == []
    assert run.console_errors == []
    assert run.page_errors == []


def idle(page) -> None:
    """Wait until the page has drawn its last change (no animation, relayout or restyle pending)."""
    page.evaluate("() => window.sozialgraph.whenIdle()")


def small_graph(nodes: list[tuple], edges: list[tuple], *, directed: bool = False) -> nx.Graph:
    """Nodes (key, label, kind, size_value) with their key as id; edges (u, v) or (u, v, kind, label)."""
    G = nx.DiGraph() if directed else nx.Graph()
    for key, label, kind, size in nodes:
        G.add_node(key, label=label, kind=kind, id=key, size_value=size)
    for u, v, *rest in edges:
        G.add_edge(u, v, **(dict(zip(("kind", "label"), rest, strict=True)) if rest else {}))
    return G


def themes_graph() -> nx.DiGraph:
    """Relations as :func:`graph.views.network.build_graph` points them: subject -> object."""
    return small_graph(
        [
            ("armut", "Armut", "theme", 0.9),
            ("altersarmut", "Altersarmut", "theme", 0.3),
            ("kinderarmut", "Kinderarmut", "theme", 0.4),
            ("SEP", "Sozialentwicklungsplan", "plan", 0.6),
            ("FB 56", "Fachbereich Wohnen, Soziales und Integration", "department", 0.8),
        ],
        [
            ("altersarmut", "armut", "broader", "Oberthema"),
            ("kinderarmut", "armut", "broader", "Oberthema"),
            ("SEP", "armut", "addresses", "Thema"),
            ("SEP", "FB 56", "owns", "federführend"),
        ],
        directed=True,
    )


def search_graph() -> nx.Graph:
    """Ids and names to search for: umlauts, ß, shared words."""
    return small_graph(
        [
            ("FB 56", "Fachbereich Wohnen, Soziales und Integration", "department", 0.9),
            ("FB 45", "Fachbereich Kinder, Jugend und Schule", "department", 0.6),
            ("FB 61", "Fachbereich Stadtentwicklung", "department", 0.5),
            ("SR", "StädteRegion Aachen", "external", 0.2),
            ("GA", "Gesundheitsamt der StädteRegion Aachen", "external", 0.4),
            ("JC", "Jobcenter StädteRegion Aachen", "external", 0.3),
            ("I7", "Straßensozialarbeit", "instrument", 0.1),
            ("Z5", "Übergänge gestalten", "goal", 0.15),
        ],
        [("FB 56", n) for n in ("FB 45", "FB 61", "SR", "GA", "JC", "I7")]
        + [("FB 45", "Z5"), ("GA", "SR"), ("JC", "SR")],
    )
