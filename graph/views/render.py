"""Draw a networkx view as one self-contained, offline, interactive HTML file."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import importlib.util
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import SozialgraphError, UsageError
from graph.files import atomic_write

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["KIND_STYLES", "NEUTRAL_STYLE", "PHYSICS_MAX_NODES", "RenderReport", "reduce_graph", "render_html"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_VIS_DIR = ("lib", "vis-9.1.2")
_HIERARCHY_EDGES = frozenset({"broader", "subgoal", "part_of"})
#: Views up to this many nodes are laid out by the browser (vis-network physics, seeded);
#: larger ones need positions from Python (:func:`graph.views.metrics.layout`).
PHYSICS_MAX_NODES = 300
_BASIS = {
    "size_value": ("centrality (size_value)", "Zentralität"),
    "degree": ("degree", "Zahl der Verbindungen"),
}


def _style(shape: str, color: str, de: str, en: str) -> dict[str, str]:
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    border = "#" + "".join(f"{round(c * 0.62):02x}" for c in rgb)
    return {"shape": shape, "color": color, "border": border, "de": de, "en": en}


#: Shape, colour and legend label (German first) of every node kind, in legend order.
KIND_STYLES: dict[str, dict[str, str]] = {
    "department": _style("dot", "#4e79a7", "Fachbereich", "department"),
    "enterprise": _style("dot", "#76b7b2", "Eigenbetrieb", "municipal enterprise"),
    "external": _style("dot", "#f28e2b", "Externer Partner", "external partner"),
    "committee": _style("hexagon", "#b07aa1", "Ausschuss", "committee"),
    "body": _style("hexagon", "#9c755f", "Gremium", "body"),
    "plan": _style("square", "#59a14f", "Planwerk", "plan"),
    "goal": _style("triangle", "#edc948", "Ziel", "goal"),
    "instrument": _style("diamond", "#ff9da7", "Instrument", "steering instrument"),
    "theme": _style("star", "#e15759", "Thema", "theme"),
    "event": _style("triangleDown", "#a0cbe8", "Veranstaltung", "event"),
}
#: Style of nodes whose kind is missing or unknown.
NEUTRAL_STYLE: dict[str, str] = _style("dot", "#bab0ac", "Sonstiges", "other")


@dataclass(frozen=True)
class RenderReport:
    """What :func:`render_html` wrote.

    ``message`` is empty unless the view was reduced; then it says how, in a
    sentence the command line prints on the terminal.
    """

    path: Path
    nodes_shown: int
    nodes_total: int
    reduced: bool
    message: str
    edges_shown: int = 0


def render_html(
    G: nx.Graph,
    path: str | Path,
    *,
    title: str,
    subtitle: str = "",
    note: str | None = None,
    max_nodes: int = 1500,
) -> RenderReport:
    """Write ``G`` as one offline HTML page with legend, search, filter and info panel.

    Every script and style is embedded (vis-network 9.1.2 from the pyvis
    package); the page loads nothing from the network. Data travels as a JSON
    island and reaches the page only as text, never as markup. A graph with more
    than ``max_nodes`` nodes is reduced to the ``max_nodes`` nodes with the
    largest ``size_value`` (or degree, if no node has one); the caller's graph is
    not changed. Parallel edges of a multigraph are drawn as one line.

    Parameters
    ----------
    G : networkx.Graph
        Nodes carry ``label``, ``kind``, ``id``, ``description``, ``source``,
        ``type_label`` and optionally ``size_value``, ``community``, ``x``, ``y``;
        edges carry ``kind``, ``label`` and optionally ``weight``, ``title``.
        With ``x`` and ``y`` on every node the layout is taken as given.
    path : str or Path
        The HTML file to write (atomically).
    title, subtitle : str
        Page heading; shown as text.
    note : str, optional
        A remark shown on the page, e.g. how the caller selected the view.
    max_nodes : int
        The largest number of nodes handed to the browser.

    Returns
    -------
    RenderReport

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.Graph()
    >>> G.add_node("a", label="FB 56", kind="department")
    >>> G.add_node("t", label="Armut", kind="theme")
    >>> G.add_edge("a", "t", label="befasst sich mit")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "view.html"
    >>> r = render_html(G, out, title="Sozial-Plattform")
    >>> (r.nodes_shown, r.edges_shown, r.reduced)
    (2, 1, False)
    >>> "https://" in out.read_text(encoding="utf-8")
    False
    """
    if max_nodes < 1:
        raise UsageError(f"max_nodes must be at least 1, got {max_nodes}")
    view = reduce_graph(G, max_nodes)
    total = int(view.graph.get("reduced_from", view.number_of_nodes()))
    reduced = total > view.number_of_nodes()
    message = notice = ""
    if reduced:
        shown = view.number_of_nodes()
        basis = _BASIS.get(view.graph.get("reduced_by", ""), _BASIS["degree"])
        message = (
            f"View reduced from {total:,} to {shown:,} nodes: top {shown:,} by {basis[0]}. "
            f"Raise max_nodes to show more."
        )
        notice = (
            f"Ansicht reduziert von {_de(total)} auf {_de(shown)} Knoten: "
            f"die {_de(shown)} mit der höchsten {basis[1]}."
        )
    payload = _payload(view)
    page = _page(payload, title=title, subtitle=subtitle, notices=[n for n in (notice, note) if n])
    target = atomic_write(path, page)
    return RenderReport(
        path=target,
        nodes_shown=len(payload["nodes"]),
        nodes_total=total,
        reduced=reduced,
        message=message,
        edges_shown=len(payload["edges"]),
    )


def _de(n: int) -> str:
    """Format an integer the German way (``4.000``)."""
    return f"{n:,}".replace(",", ".")


def _number(value: Any) -> float | None:
    """``value`` as a finite float, or None (missing, NaN, not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _text(value: Any) -> str:
    """``value`` as display text; None and NaN become the empty string."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return str(value)


def reduce_graph(G: nx.Graph, max_nodes: int) -> nx.Graph:
    """The ``max_nodes`` most important nodes of ``G`` and the edges among them.

    Importance is ``size_value`` (nodes without one come last), or the degree if
    no node has a ``size_value``; ties go by degree, label and key. A graph that
    is small enough is returned as it is. Otherwise the result is a new graph
    (``G`` is not changed) whose graph attributes say what happened:
    ``reduced_from`` (the node count of the original) and ``reduced_by``
    (``"size_value"`` or ``"degree"``); :func:`render_html` shows this on the page.
    Reduce before computing a layout: the layout then costs only what is drawn.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(5)
    >>> small = reduce_graph(G, 3)
    >>> sorted(small), small.graph
    ([0, 1, 2], {'reduced_from': 6, 'reduced_by': 'degree'})
    >>> reduce_graph(G, 10) is G
    True
    """
    if max_nodes < 1:
        raise UsageError(f"max_nodes must be at least 1, got {max_nodes}")
    if G.number_of_nodes() <= max_nodes:
        return G
    sizes = {n: _number(d.get("size_value")) for n, d in G.nodes(data=True)}
    by_size = any(v is not None for v in sizes.values())
    degree = dict(G.degree())

    def rank(n: Any) -> tuple:
        size = sizes[n] if by_size and sizes[n] is not None else -math.inf
        return (-size, -degree[n], _text(G.nodes[n].get("label")), str(n))

    keep = sorted(G.nodes, key=rank)[:max_nodes]
    small = G.subgraph(keep).copy()
    small.graph["reduced_from"] = int(G.graph.get("reduced_from", G.number_of_nodes()))
    small.graph["reduced_by"] = "size_value" if by_size else "degree"
    return small


def _payload(G: nx.Graph) -> dict[str, Any]:
    """Nodes, edges and drawing options as plain JSON-ready data."""
    # One order whatever order the caller built the graph in: the browser layout depends on it.
    attrs = sorted(
        G.nodes(data=True),
        key=lambda nd: (
            _text(nd[1].get("label")) or str(nd[0]),
            _text(nd[1].get("id")),
            _text(nd[1].get("kind")),
            str(nd[0]),
        ),
    )
    index = {n: i for i, (n, _) in enumerate(attrs)}
    sizes = [_number(d.get("size_value")) for _, d in attrs]
    known = [s for s in sizes if s is not None]
    lo, hi = (min(known), max(known)) if known else (0.0, 0.0)
    xs = [_number(d.get("x")) for _, d in attrs]
    ys = [_number(d.get("y")) for _, d in attrs]
    positions = bool(attrs) and all(v is not None for v in xs + ys)
    if positions:
        xs, ys = _scale_positions(xs, ys)  # type: ignore[arg-type]
    nodes = []
    for i, (n, d) in enumerate(attrs):
        s = sizes[i]
        size = 16.0 if s is None else 12.0 + 30.0 * math.sqrt((s - lo) / (hi - lo) if hi > lo else 0.5)
        kind = _text(d.get("kind"))
        community = _number(d.get("community"))
        nodes.append(
            {
                "i": i,
                "label": _text(d.get("label")) or str(n),
                "kind": kind,
                "type": _text(d.get("type_label")) or KIND_STYLES.get(kind, NEUTRAL_STYLE)["de"],
                "ident": _text(d.get("id")),
                "description": _text(d.get("description")),
                "source": _text(d.get("source")),
                "community": None if community is None else int(community),
                "size": round(size, 2),
                "x": xs[i] if positions else None,
                "y": ys[i] if positions else None,
                "isolated": G.degree(n) == 0,
            }
        )
    edges = _edges(G, index)
    kinds = [*KIND_STYLES, *sorted({n["kind"] for n in nodes} - set(KIND_STYLES))]
    other = {n["kind"]: n["type"] for n in reversed(nodes) if n["kind"] not in KIND_STYLES}
    linked = sum(1 for n in nodes if not n["isolated"])
    meta = {
        "directed": G.is_directed(),
        "positions": positions,
        "physics": _physics(linked, len(edges)),
        "smooth": len(edges) <= 1500,
        "styles": {
            k: KIND_STYLES.get(k) or {**NEUTRAL_STYLE, "de": other.get(k, k), "en": ""} for k in kinds if k
        },
        "neutral": NEUTRAL_STYLE,
        "kinds": kinds,
    }
    return {"meta": meta, "nodes": nodes, "edges": edges}


def _physics(n: int, m: int) -> dict[str, Any]:
    """Settings of the browser layout for ``n`` linked nodes and ``m`` edges.

    Springs get longer in denser views, so that labels find room; fewer
    iterations on larger views keep the page quick to become ready.
    """
    density = m / n if n else 0.0
    return {
        "spring": round(110 + 40 * min(density, 5.0)),
        "iterations": 1000 if n <= 150 else 400,
        "improved": n <= 150,
    }


def _scale_positions(xs: list[float], ys: list[float]) -> tuple[list[int], list[int]]:
    """Centre given coordinates and stretch them to a canvas size that fits the node count."""
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    factor = max(600.0, 140.0 * math.sqrt(len(xs))) / span
    return (
        [round((x - cx) * factor) for x in xs],
        [round((y - cy) * factor) for y in ys],
    )


def _edges(G: nx.Graph, index: dict[Any, int]) -> list[dict[str, Any]]:
    """One drawn edge per node pair (and direction), in node order; parallel edges are merged."""
    merged: dict[tuple[int, int], dict[str, Any]] = {}
    found = []
    for u, v, d in G.edges(data=True):
        a, b = index[u], index[v]
        key = (a, b) if G.is_directed() else (min(a, b), max(a, b))
        found.append((key, _text(d.get("kind")), _text(d.get("label")), d))
    found.sort(key=lambda f: f[:3])
    for key, _, _, d in found:
        e = merged.setdefault(
            key, {"from": key[0], "to": key[1], "labels": [], "titles": [], "kinds": [], "w": 0.0}
        )
        for field, value in (
            ("labels", d.get("label")),
            ("titles", d.get("title")),
            ("kinds", d.get("kind")),
        ):
            text = _text(value)
            if text and text not in e[field]:
                e[field].append(text)
        weight = _number(d.get("weight"))
        e["w"] += 1.0 if weight is None else weight
    weights = [e["w"] for e in merged.values()]
    lo, hi = (min(weights), max(weights)) if weights else (0.0, 0.0)
    out = []
    for i, e in enumerate(merged.values()):
        label = "; ".join(e["labels"])
        out.append(
            {
                "id": i,
                "from": e["from"],
                "to": e["to"],
                "label": label,
                "title": "\n".join(e["titles"]) or label,
                "kind": "; ".join(e["kinds"]),
                "dashed": bool(e["kinds"]) and set(e["kinds"]) <= _HIERARCHY_EDGES,
                "width": round(1.5 + 4.5 * (e["w"] - lo) / (hi - lo), 2) if hi > lo else 1.5,
            }
        )
    return out


def _json_island(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str, str, str]:
    """vis-network JS and CSS from pyvis (URLs defused), and the page's own template, CSS and JS."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise SozialgraphError("HTML views need pyvis 0.3.2: pip install 'pyvis==0.3.2'")
    vis_dir = Path(next(iter(spec.submodule_search_locations))).joinpath(*_VIS_DIR)
    try:
        vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
        vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise SozialgraphError(f"pyvis is installed without vis-network 9.1.2 ({exc})") from exc
    # The source map is not shipped: drop the pointer so no tool goes looking for it.
    vis_js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", vis_js)
    # License comment, core-js metadata and an error message hold web addresses that are
    # never loaded; drop their scheme so the page holds no URL at all. The SVG namespace
    # name passed to createElementNS is an identifier, not a resource, and must stay.
    vis_js = re.sub(r"https?://(?!www\.w3\.org/2000/svg\b)", "", vis_js)
    read = {
        name: (_TEMPLATES / f"network.{name}").read_text(encoding="utf-8") for name in ("html", "css", "js")
    }
    for name, text, end in (
        ("vis-network.min.js", vis_js, "</script"),
        ("network.js", read["js"], "</script"),
        ("vis-network.css", vis_css, "</style"),
        ("network.css", read["css"], "</style"),
    ):
        if end in text.lower():
            raise SozialgraphError(f"{name} cannot be embedded: it contains {end!r}")
    return read["html"], read["css"], read["js"], vis_js, vis_css


def _page(payload: dict[str, Any], *, title: str, subtitle: str, notices: list[str]) -> str:
    """Fill the template; every value from the caller is escaped here."""
    template, page_css, app_js, vis_js, vis_css = _assets()
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in (vis_js, app_js)
    )
    csp = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; base-uri 'none'; form-action 'none'"
    )
    n, m = len(payload["nodes"]), len(payload["edges"])
    values = {
        "CSP": csp,
        "TITLE": html.escape(title),
        "SUBTITLE": f'<p class="subtitle">{html.escape(subtitle)}</p>' if subtitle else "",
        "STATS": f"{_de(n)} Knoten · {_de(m)} Kanten",
        "NOTICES": "".join(f'<p class="notice">{html.escape(t)}</p>' for t in notices),
        "VIS_CSS": vis_css,
        "PAGE_CSS": page_css,
        "DATA": _json_island(payload),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda mo: values[mo.group(1)], template)
