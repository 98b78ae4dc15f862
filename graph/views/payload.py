"""The data a network page reads: its nodes, edges and settings as plain JSON-ready values."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from graph.views.palette import KIND_STYLES, NEUTRAL_STYLE
from graph.views.wording import kind_names, relation_names, shared_label, text

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["HIERARCHY_EDGES", "payload"]

#: Edge kinds drawn dashed: one thing is part of the other, an actor only met
#: on a theme at an event (engagement, not work), or no plan of a municipality
#: covers a theme (the Land view's gaps).
HIERARCHY_EDGES = frozenset({"broader", "subgoal", "part_of", "engaged", "gap"})


def number(value: Any) -> float | None:
    """``value`` as a finite float, or None (missing, NaN, not a number)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def plain(value: Any) -> str:
    """``value`` as display text; None and NaN become the empty string."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    return str(value)


def payload(G: nx.Graph, *, lang: str = "de", present: bool = False) -> dict[str, Any]:
    """Nodes, edges and page settings of ``G`` for a page in ``lang``.

    Nodes come in one order whatever order the caller built the graph in (the
    browser layout depends on it). Kind and relation names come from the
    ontology (:mod:`graph.views.wording`); styles from :mod:`graph.views.palette`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("t", label="Altersarmut", kind="theme")
    >>> G.add_node("a", label="Armut", kind="theme")
    >>> G.add_edge("t", "a", kind="broader", label="Oberthema")
    >>> data = payload(G)
    >>> [n["type"] for n in data["nodes"]], data["edges"][0]["rel"], data["meta"]["relations"]["broader"]
    (['Thema', 'Thema'], ['broader'], ['Oberthema', 'Oberthema von'])
    """
    attrs = sorted(
        G.nodes(data=True),
        key=lambda nd: (
            plain(nd[1].get("label")) or str(nd[0]),
            plain(nd[1].get("id")),
            plain(nd[1].get("kind")),
            str(nd[0]),
        ),
    )
    index = {n: i for i, (n, _) in enumerate(attrs)}
    sizes = [number(d.get("size_value")) for _, d in attrs]
    known = [s for s in sizes if s is not None]
    lo, hi = (min(known), max(known)) if known else (0.0, 0.0)
    xs = [number(d.get("x")) for _, d in attrs]
    ys = [number(d.get("y")) for _, d in attrs]
    positions = bool(attrs) and all(v is not None for v in xs + ys)
    if positions:
        xs, ys = _scale_positions(xs, ys)  # type: ignore[arg-type]
    names = kind_names(lang)
    nodes = []
    for i, (n, d) in enumerate(attrs):
        s = sizes[i]
        size = 16.0 if s is None else 12.0 + 30.0 * math.sqrt((s - lo) / (hi - lo) if hi > lo else 0.5)
        if d.get("emphasis"):  # what the view is about (the theme of a theme view): the largest, named first
            size = 42.0
        kind = plain(d.get("kind"))
        nodes.append(
            {
                "i": i,
                "label": plain(d.get("label")) or str(n),
                "kind": kind,
                "type": names.get(kind) or plain(d.get("type_label")) or kind,
                "ident": plain(d.get("id")),
                "description": plain(d.get("description")),
                "source": plain(d.get("source")),
                "group": plain(d.get("community_name")),
                "centrality": None if s is None else round(s, 4),
                "size": round(size, 2),
                "x": xs[i] if positions else None,
                "y": ys[i] if positions else None,
                "isolated": G.degree(n) == 0,
            }
        )
    edges = _edges(G, index, lang)
    order = [k for k in names if k in KIND_STYLES or k == "actor"]
    kinds = [*order, *sorted({n["kind"] for n in nodes} - set(order))]
    other = {n["kind"]: n["type"] for n in reversed(nodes)}
    linked = sum(1 for n in nodes if not n["isolated"])
    meta = {
        "lang": lang,
        "text": text(lang),
        "present": present,
        "directed": G.is_directed(),
        "positions": positions,
        "physics": _physics(linked, len(edges)),
        "smooth": len(edges) <= 1500,
        "styles": {
            k: {**KIND_STYLES.get(k, NEUTRAL_STYLE), "name": names.get(k) or other.get(k) or k}
            for k in kinds
            if k
        },
        "neutral": {**NEUTRAL_STYLE, "name": ""},
        "kinds": kinds,
        "relations": {k: list(v) for k, v in relation_names(lang).items()},
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


def _edge_text(G: nx.Graph, d: dict, lang: str, relations: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """Label and tooltip of one edge in ``lang``."""
    kind = plain(d.get("kind"))
    if kind == "shares" and isinstance(d.get("goals"), list) and isinstance(d.get("themes"), list):
        return shared_label([str(x) for x in d["goals"]], [str(x) for x in d["themes"]], lang)
    if G.is_directed() and kind in relations:
        return relations[kind][0], plain(d.get("title"))
    return plain(d.get("label")), plain(d.get("title"))


def _edges(G: nx.Graph, index: dict[Any, int], lang: str) -> list[dict[str, Any]]:
    """One drawn edge per node pair (and direction), in node order; parallel edges are merged."""
    relations = relation_names(lang)
    merged: dict[tuple[int, int], dict[str, Any]] = {}
    found = []
    for u, v, d in G.edges(data=True):
        a, b = index[u], index[v]
        key = (a, b) if G.is_directed() else (min(a, b), max(a, b))
        label, title = _edge_text(G, d, lang, relations)
        found.append((key, plain(d.get("kind")), label, title, number(d.get("weight"))))
    found.sort(key=lambda f: f[:3])
    for key, kind, label, title, weight in found:
        e = merged.setdefault(
            key, {"from": key[0], "to": key[1], "labels": [], "titles": [], "kinds": [], "w": 0.0}
        )
        for field, value in (("labels", label), ("titles", title), ("kinds", kind)):
            if value and value not in e[field]:
                e[field].append(value)
        e["w"] += 1.0 if weight is None else weight
    weights = [e["w"] for e in merged.values()]
    lo, hi = (min(weights), max(weights)) if weights else (0.0, 0.0)
    out = []
    for i, e in enumerate(merged.values()):
        label = "; ".join(e["labels"])
        worded = G.is_directed() and bool(e["kinds"]) and all(k in relations for k in e["kinds"])
        out.append(
            {
                "id": i,
                "from": e["from"],
                "to": e["to"],
                "label": label,
                "title": "\n".join(e["titles"]) or label,
                "rel": e["kinds"] if worded else [],
                "dashed": bool(e["kinds"]) and set(e["kinds"]) <= HIERARCHY_EDGES,
                "width": round(1.5 + 4.5 * (e["w"] - lo) / (hi - lo), 2) if hi > lo else 1.5,
            }
        )
    return out
