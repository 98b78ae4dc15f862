"""Keep a page small: at most so many nodes and edges, some of every kind, the strongest edges of each node."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["MAX_EDGES", "MAX_NODES", "Cap", "cap_view", "name_towns"]

#: Nodes and edges a page shows unless told otherwise (``--max-nodes``, ``--max-edges``).
MAX_NODES = 1500
MAX_EDGES = 4000


@dataclass(frozen=True)
class Cap:
    """What :func:`cap_view` kept: nodes and edges shown and in the view, edges kept per node."""

    nodes_shown: int
    nodes_total: int
    edges_shown: int
    edges_total: int
    per_node: int | None  # the k strongest edges of every node were kept (None: all)
    by: str  # how nodes were ranked: "size_value" (centrality) or "degree"

    @property
    def reduced(self) -> bool:
        return self.nodes_shown < self.nodes_total or self.edges_shown < self.edges_total


def _importance(G: nx.Graph) -> tuple[dict[Any, float], str]:
    from graph.views.payload import number

    sizes = {n: number(d.get("size_value")) for n, d in G.nodes(data=True)}
    if any(v is not None for v in sizes.values()):
        return {n: (-math.inf if v is None else v) for n, v in sizes.items()}, "size_value"
    return {n: float(d) for n, d in G.degree()}, "degree"


def _keep_nodes(G: nx.Graph, max_nodes: int, importance: dict[Any, float]) -> list:
    """The ``max_nodes`` most important nodes, with at least a share of every kind.

    Every kind keeps its ``floor`` most important nodes (``max_nodes`` / 3 shared
    evenly among the kinds, or all of a kind that has fewer); the remaining places
    go to the most important nodes of any kind.
    """
    degree = dict(G.degree())

    def rank(n: Any) -> tuple:
        return (-importance[n], -degree[n], str(G.nodes[n].get("label", "")), str(n))

    ordered = sorted(G.nodes, key=rank)
    by_kind: dict[str, list] = {}
    for n in ordered:
        by_kind.setdefault(str(G.nodes[n].get("kind", "")), []).append(n)
    floor = max(1, max_nodes // (3 * len(by_kind))) if by_kind else 0
    keep = {n for members in by_kind.values() for n in members[:floor]}
    for n in ordered:
        if len(keep) >= max_nodes:
            break
        keep.add(n)
    return [n for n in G if n in keep]


def _keep_edges(G: nx.Graph, max_edges: int, importance: dict[Any, float]) -> tuple[list, int | None]:
    """The strongest ``k`` edges of every node, ``k`` as large as ``max_edges`` allows.

    An edge's strength is its ``weight`` (1 without one); edges marked ``keep`` come
    first, ties go to the edge whose other end is more important. An edge stays when
    it is among the ``k`` strongest of either of its ends. If even ``k = 1`` gives
    more than ``max_edges``, the strongest of those are kept.
    """
    from graph.views.payload import number

    edges = list(G.edges(keys=True, data=True) if G.is_multigraph() else G.edges(data=True))
    if len(edges) <= max_edges:
        return edges, None

    def strength(e: tuple) -> tuple:
        d = e[-1]
        w = number(d.get("weight"))
        return (not d.get("keep"), -(1.0 if w is None else w))

    at: dict[Any, list[int]] = {}
    for i, e in enumerate(edges):
        at.setdefault(e[0], []).append(i)
        at.setdefault(e[1], []).append(i)
    rank = [math.inf] * len(edges)
    for node, mine in at.items():
        mine.sort(
            key=lambda i: (
                *strength(edges[i]),
                -importance[edges[i][1] if edges[i][0] == node else edges[i][0]],
                i,
            )
        )
        for r, i in enumerate(mine):
            rank[i] = min(rank[i], r)
    cut = sorted(rank)[max_edges]  # keep ranks below the first rank that would overflow
    chosen = [i for i in range(len(edges)) if rank[i] < cut]
    if not chosen:  # even one edge per node is too many: the strongest of those
        first = sorted(
            (i for i in range(len(edges)) if rank[i] == 0),
            key=lambda i: (*strength(edges[i]), -max(importance[edges[i][0]], importance[edges[i][1]]), i),
        )
        return [edges[i] for i in sorted(first[:max_edges])], 1
    return [edges[i] for i in chosen], int(cut)


def cap_view(G: nx.Graph, *, max_nodes: int = MAX_NODES, max_edges: int = MAX_EDGES) -> tuple[nx.Graph, Cap]:
    """``G`` cut to at most ``max_nodes`` nodes and ``max_edges`` edges for a page (``G`` is not changed).

    Nodes: the most important (``size_value``, else degree), with some of every
    kind (:func:`_keep_nodes`). Edges: the strongest few of every node
    (:func:`_keep_edges`). A graph within both limits is returned as it is.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_nodes_from(["hub", "a", "b", "c"], kind="department")
    >>> G.add_edges_from([("hub", "a", {"weight": 5}), ("hub", "b", {"weight": 1}),
    ...                   ("hub", "c", {"weight": 1}), ("a", "b", {"weight": 1})])
    >>> small, cap = cap_view(G, max_edges=3)
    >>> sorted(small.edges), (cap.edges_shown, cap.edges_total, cap.per_node)
    ([('hub', 'a'), ('hub', 'b'), ('hub', 'c')], (3, 4, 1))
    """
    if max_nodes < 1 or max_edges < 0:
        raise UsageError(f"a page needs at least 1 node and 0 edges, not {max_nodes} and {max_edges}")
    importance, by = _importance(G)
    n, m = G.number_of_nodes(), G.number_of_edges()
    if n <= max_nodes and m <= max_edges:
        return G, Cap(n, n, m, m, None, by)
    nodes = _keep_nodes(G, max_nodes, importance) if n > max_nodes else list(G)
    H = G.subgraph(nodes)
    edges, k = _keep_edges(H, max_edges, importance)
    small = G.__class__()
    small.graph.update(G.graph)
    small.add_nodes_from((v, dict(G.nodes[v])) for v in nodes)
    small.add_edges_from((e[0], e[1], *e[2:-1], dict(e[-1])) for e in edges)
    return small, Cap(small.number_of_nodes(), n, small.number_of_edges(), m, k, by)


def name_towns(G: nx.Graph, town: dict) -> None:
    """Add the municipality to the labels that repeat among ``G``'s nodes: "Sozialamt (K017)".

    ``town`` maps nodes to their municipality's id (:func:`graph.views.structure.towns`);
    a node without one keeps its label.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node(1, label="Sozialamt"); G.add_node(2, label="Sozialamt"); G.add_node(3, label="Armut")
    >>> name_towns(G, {1: "K017", 2: "K018", 3: "K017"})
    >>> [G.nodes[n]["label"] for n in G]
    ['Sozialamt (K017)', 'Sozialamt (K018)', 'Armut']
    """
    seen: dict[str, int] = {}
    for _, d in G.nodes(data=True):
        label = str(d.get("label", ""))
        seen[label] = seen.get(label, 0) + 1
    for node, d in G.nodes(data=True):
        label = str(d.get("label", ""))
        if seen[label] > 1 and town.get(node) and not label.endswith(f"({town[node]})"):
            d["label"] = f"{label} ({town[node]})"
