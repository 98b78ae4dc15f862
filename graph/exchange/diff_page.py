"""The diff as one offline HTML page: the two networks side by side, one layout, changes coloured.

The picture is static SVG, not the interactive network page: both panels must
put every node at the same place, which one layout over the union of the two
networks (:func:`graph.views.metrics.layout`) gives directly, while the network
page lays itself out in the browser; static SVG also prints, needs no script
(the page's Content-Security-Policy allows none) and can be embedded in the
committee report as it is (:func:`diff_figure`).
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

from graph.exchange.snapshot import Key, sheet_of_kind
from graph.views.metrics import layout

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from graph.exchange.diff import CycleDiff

__all__ = ["CHANGE_STYLES", "WORDS", "diff_figure", "diff_page"]

#: Fill and stroke of each kind of change: Okabe & Ito's colour-blind-safe hues (tests check 3:1
#: against white and a CIE76 ΔE of 10 or more between any two, also under simulated
#: deuteranopia and protanopia); removed nodes and edges are dashed as well, so colour is not alone.
CHANGE_STYLES: dict[str, dict[str, str]] = {
    "added": {"fill": "#009e73", "stroke": "#00573f", "dash": ""},
    "removed": {"fill": "#d55e00", "stroke": "#7a3600", "dash": "14 8"},
    "changed": {"fill": "#0072b2", "stroke": "#003f63", "dash": ""},
    "same": {"fill": "#e3e3e3", "stroke": "#6b6b6b", "dash": ""},
}
#: The page's words (German, like the data); section and column names of :data:`graph.exchange.diff.SECTIONS`.
WORDS: dict[str, str] = {
    "title": "Was hat sich geändert?",
    "legend": "Legende",
    "added": "neu",
    "removed": "entfernt",
    "changed": "geändert",
    "same": "unverändert",
    "newly planned": "neu geplant",
    "newly unplanned": "nicht mehr geplant",
    "became active": "neu aktiv",
    "became inactive": "nicht mehr aktiv",
    "edge_added": "neue Verbindung",
    "edge_removed": "entfernte Verbindung",
    "reduced": "Gezeigt werden {shown} von {total} Knoten: alle geänderten, dann die am stärksten verbundenen.",
    "none": "Keine Änderungen.",
    "entities": "Einträge: neu, entfernt, geändert",
    "links": "Verbindungen: neu und entfernt",
    "coverage": "Themen: neu geplant, nicht mehr geplant",
    "activity": "Akteure: neu aktiv, nicht mehr aktiv",
    "centrality": "Größte Verschiebungen der Zentralität",
    "change": "Änderung",
    "sheet": "Tabelle",
    "id": "Kennung",
    "name": "Name",
    "column": "Spalte",
    "old": "vorher",
    "new": "nachher",
    "relation": "Beziehung",
    "target_id": "Ziel-Kennung",
    "target": "mit",
    "text": "in Worten",
    "theme_id": "Themen-Kennung",
    "theme": "Thema",
    "plan_id": "Planwerk-Kennung",
    "plan": "Planwerk",
    "why": "weil",
    "actor_id": "Akteur-Kennung",
    "actor": "Akteur",
    "through_kind": "Art",
    "through_id": "durch (Kennung)",
    "through": "durch",
    "view": "Ansicht",
    "kind": "Art",
    "shift": "Verschiebung",
    "full": "gesamt",
    "actors": "Akteure",
}
_MARGIN = 70  # room around the drawing for the largest node and a label below it

_CSS = """
* { box-sizing: border-box; }
body { margin: 0; padding: 0 20px 30px; color: #111; background: #fff;
  font: 16px/1.4 "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
h1 { margin: 14px 0 2px; font-size: 28px; }
.subtitle { margin: 0 0 8px; font-size: 18px; color: #333c46; }
.notice { margin: 4px 0; padding: 3px 10px; border-left: 5px solid #b35c00; background: #fff3e0; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 8px 0; padding: 0; list-style: none; }
.legend svg { vertical-align: middle; margin-right: 6px; }
.pair { display: flex; gap: 16px; }
.pair figure { flex: 1 1 0; min-width: 0; margin: 0; border: 2px solid #d8dde3; border-radius: 6px; }
.pair figcaption { padding: 4px 10px; font-size: 20px; font-weight: 600; background: #f5f7fa; }
.pair svg { display: block; width: 100%; height: auto; }
.edge { fill: none; }
.node text { font-family: "DejaVu Sans", Arial, sans-serif; fill: #111; paint-order: stroke;
  stroke: #fff; stroke-width: 6px; text-anchor: middle; }
table { border-collapse: collapse; margin: 6px 0 18px; font-size: 15px; }
th, td { padding: 3px 8px; border: 1px solid #c9d0d7; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
h2 { margin: 22px 0 4px; font-size: 21px; }
@media print { .pair { display: block; } .pair figure { break-inside: avoid; margin-bottom: 10px; } }
"""
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _keyed(G: nx.DiGraph) -> tuple[dict[Key, dict], set[tuple[Key, Key, str]]]:
    """The nodes of a network by (sheet, id), and its edges between those keys."""
    key = {n: (sheet_of_kind(d["kind"]), str(d["id"])) for n, d in G.nodes(data=True)}
    nodes = {key[n]: d for n, d in G.nodes(data=True)}
    return nodes, {(key[u], key[v], str(k)) for u, v, k in G.edges(data="kind")}


def _layout(d: CycleDiff, max_nodes: int, seed: int):
    """One layout over the union of both networks, reduced to ``max_nodes`` (changes first)."""
    import networkx as nx

    old_nodes, old_edges = _keyed(d.old.full)
    new_nodes, new_edges = _keyed(d.new.full)
    status = d.node_changes()
    union = nx.Graph()
    for key in sorted(old_nodes.keys() | new_nodes.keys()):
        attrs = new_nodes.get(key) or old_nodes[key]
        union.add_node(key, id=key[1], kind=attrs["kind"])
    union.add_edges_from((u, v) for u, v, _ in old_edges | new_edges)
    total = union.number_of_nodes()
    if total > max_nodes:
        touched = {u for u, v, _ in old_edges ^ new_edges} | {v for u, v, _ in old_edges ^ new_edges}
        rank = sorted(
            union,
            key=lambda k: (status.get(k, "same") == "same", k not in touched, -union.degree(k), k),
        )
        union = union.subgraph(rank[:max_nodes]).copy()
    layout(union, seed=seed)
    positions = {k: (union.nodes[k]["x"], union.nodes[k]["y"]) for k in union}
    return positions, (old_nodes, old_edges), (new_nodes, new_edges), status, total


def _panel(
    side: str, name: str, nodes, edges, other_edges, status, positions, radius: float, box: str
) -> str:
    """One network as an SVG figure: edges first, then nodes with their labels."""
    parts = []
    for u, v, kind in sorted(edges):
        if u not in positions or v not in positions:
            continue
        change = "same" if (u, v, kind) in other_edges else ("removed" if side == "old" else "added")
        style = CHANGE_STYLES[change]
        colour = "#b9b9b9" if change == "same" else style["fill"]
        width = 3 if change == "same" else 8
        (x1, y1), (x2, y2) = positions[u], positions[v]
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        parts.append(
            f'<line class="edge {change}" data-from="{_e("/".join(u))}" data-to="{_e("/".join(v))}" '
            f'data-kind="{_e(kind)}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" '
            f'stroke-width="{width}"{dash}/>'
        )
    labelled = len(positions) <= 300
    for key in sorted(nodes, key=lambda k: (status.get(k, "same") != "same", k)):
        if key not in positions:
            continue
        change = status.get(key, "same")
        style = CHANGE_STYLES[change]
        x, y = positions[key]
        attrs = nodes[key]
        tip = f"{attrs.get('label', key[1])} ({attrs.get('type_label', '')}, {key[1]}): {WORDS[change]}"
        dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
        r = radius if change == "same" else round(radius * 1.5, 1)  # what changed stands out
        stroke = r * (0.28 if change == "same" else 0.3)
        text = ""
        if labelled or change != "same":
            text = f'<text x="{x}" y="{round(y + r + 30, 1)}" font-size="28">{_e(key[1])}</text>'
        parts.append(
            f'<g class="node {change}" data-key="{_e("/".join(key))}"><title>{_e(tip)}</title>'
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{style["fill"]}" stroke="{style["stroke"]}" '
            f'stroke-width="{round(stroke, 1)}"{dash}/>{text}</g>'
        )
    return (
        f'<figure id="{side}"><figcaption>{_e(name)}</figcaption>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" role="img" '
        f'aria-label="{_e(f"Netzwerk {name}: {len(nodes)} Knoten, {len(edges)} Verbindungen")}">'
        + "".join(parts)
        + "</svg></figure>"
    )


def _legend() -> str:
    items = []
    for change in ("added", "removed", "changed", "same"):
        s = CHANGE_STYLES[change]
        dash = ' stroke-dasharray="5 3"' if s["dash"] else ""
        items.append(
            f'<li><svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true"><circle cx="11" cy="11" '
            f'r="8" fill="{s["fill"]}" stroke="{s["stroke"]}" stroke-width="2.5"{dash}/></svg>{_e(WORDS[change])}</li>'
        )
    for change in ("added", "removed"):
        s = CHANGE_STYLES[change]
        dash = ' stroke-dasharray="6 3"' if s["dash"] else ""
        items.append(
            f'<li><svg width="34" height="22" viewBox="0 0 34 22" aria-hidden="true"><line x1="2" y1="11" '
            f'x2="32" y2="11" stroke="{s["fill"]}" stroke-width="4"{dash}/></svg>{_e(WORDS["edge_" + change])}</li>'
        )
    return f'<ul class="legend" aria-label="{_e(WORDS["legend"])}">' + "".join(items) + "</ul>"


def diff_figure(d: CycleDiff, *, max_nodes: int = 1500, seed: int = 42) -> str:
    """The two networks side by side as HTML with inline SVG (legend included), for a page or a report.

    Every node stands at the same place in both panels (one layout over the
    union); added, removed and changed nodes and edges are coloured
    (:data:`CHANGE_STYLES`). Above ``max_nodes`` nodes, the changed ones, then
    the ends of changed links, then the best linked are drawn, and a notice says so.
    """
    positions, (old_nodes, old_edges), (new_nodes, new_edges), status, total = _layout(d, max_nodes, seed)
    radius = round(max(5.0, min(18.0, 120.0 / math.sqrt(max(len(positions), 1)))), 1)
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    left, top = min(xs) - _MARGIN * 2, min(ys) - _MARGIN
    box = f"{left} {top} {max(xs) - left + _MARGIN * 2} {max(ys) - top + _MARGIN}"  # the same in both panels
    notice = ""
    if total > len(positions):
        notice = f'<p class="notice">{_e(WORDS["reduced"].format(shown=len(positions), total=total))}</p>'
    return (
        notice
        + _legend()
        + '<div class="pair">'
        + _panel("old", d.old_name, old_nodes, old_edges, new_edges, status, positions, radius, box)
        + _panel("new", d.new_name, new_nodes, new_edges, old_edges, status, positions, radius, box)
        + "</div>"
    )


def _tables(d: CycleDiff) -> str:
    parts = []
    for section in d.sections:
        parts.append(f'<h2 id="{_e(section.name)}">{_e(WORDS.get(section.name, section.title))}</h2>')
        frame = section.frame
        if frame.empty:
            parts.append(f"<p>{_e(WORDS['none'])}</p>")
            continue
        head = "".join(f'<th scope="col">{_e(WORDS.get(str(c), c))}</th>' for c in frame.columns)
        body = []
        for row in frame.itertuples(index=False, name=None):
            cells = []
            for column, value in zip(frame.columns, row, strict=True):
                if value is None or (isinstance(value, float) and math.isnan(value)):
                    value = ""
                elif column in ("change", "view"):
                    value = WORDS.get(str(value), value)
                cells.append(f"<td>{_e(value)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>")
    return "".join(parts)


def diff_page(d: CycleDiff, *, title: str | None = None, max_nodes: int = 1500, seed: int = 42) -> str:
    """The whole diff as one self-contained HTML page: the two networks, then every section as a table.

    No script, no style sheet or font from elsewhere; every text from the data is escaped.

    Examples
    --------
    >>> from graph.session import open_dataset
    >>> from graph.files import example_data
    >>> from graph.exchange.diff import diff_cycles
    >>> view = open_dataset(example_data())[0]
    >>> page = diff_page(diff_cycles(view, view, old_name="2017", new_name="<2019>"))
    >>> "&lt;2019&gt;" in page, "<script" in page, "http://" in page.replace("http://www.w3.org/2000/svg", "")
    (True, False, False)
    """
    title = title or WORDS["title"]
    return (
        '<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f'<p class="subtitle">{_e(d.old_name)} → {_e(d.new_name)}</p>'
        + diff_figure(d, max_nodes=max_nodes, seed=seed)
        + _tables(d)
        + "</body></html>\n"
    )
