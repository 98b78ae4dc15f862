"""Network metrics for the views: centrality, brokers, communities and a fixed layout."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

__all__ = [
    "COLUMNS",
    "EXACT_BETWEENNESS_BELOW",
    "LOUVAIN_BELOW",
    "SAMPLE_WORK",
    "SPARSE_FROM",
    "annotate",
    "brokers",
    "community_names",
    "layout",
    "metrics",
    "sample_size",
]

#: Columns of the table :func:`metrics` returns (``iri`` is the node key).
COLUMNS = (
    "id",
    "label",
    "kind",
    "type_label",
    "degree",
    "degree_centrality",
    "betweenness",
    "community",
    "isolated",
    "iri",
)
#: Betweenness is exact below this many nodes and sampled above.
EXACT_BETWEENNESS_BELOW = 2000
#: Node visits budgeted for sampled betweenness (k sources x n nodes).
SAMPLE_WORK = 4_000_000
#: Louvain below this many nodes; label propagation above (Louvain takes minutes there).
LOUVAIN_BELOW = 10_000
#: From this many nodes on, betweenness and label propagation run on a sparse matrix
#: (:mod:`graph.views.sparse_metrics`: the same values, many sources at once).
SPARSE_FROM = 500
_SPRING_BELOW = 500  # networkx's spring layout needs SciPy from 500 nodes on
_GOLDEN = math.pi * (3 - math.sqrt(5))


def _undirected(G: nx.Graph) -> nx.Graph:
    return G.to_undirected(as_view=True) if G.is_directed() else G


def _name(G: nx.Graph, n) -> str:
    return str(G.nodes[n].get("id", n))


def metrics(G: nx.Graph, *, seed: int = 42, betweenness_k: int | None = None) -> pd.DataFrame:
    """One row per node: degree, degree centrality, betweenness, community, isolated.

    Computed on the undirected graph (a relation links two nodes whichever way
    it points). Betweenness is unweighted and normalised; exact below 2,000
    nodes, else sampled from ``k`` sources (``betweenness_k``, or 500 shrinking
    with size so that the work stays about ``SAMPLE_WORK`` node visits) with
    ``seed``; ``df.attrs["betweenness"]`` says which. From ``SPARSE_FROM`` nodes
    on, betweenness is computed on a sparse matrix, many sources at once (the
    same values as networkx, with the same sample). Communities are Louvain
    (``weight="weight"``, ``seed``); from ``LOUVAIN_BELOW`` nodes on, seeded
    label propagation, one sparse product a round
    (:func:`graph.views.sparse_metrics.label_propagation`;
    ``df.attrs["communities"]`` says which). They are numbered by size, largest first,
    ties by smallest id. Rows are sorted by betweenness and degree (both
    descending), then id.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> df = metrics(G)
    >>> df[["id", "degree", "betweenness", "community", "isolated"]].to_dict("records")[0]
    {'id': 'b', 'degree': 2, 'betweenness': 1.0, 'community': 0, 'isolated': False}
    >>> df.attrs["betweenness"]
    'exact'
    """
    import pandas as pd

    nodes = sorted(G.nodes, key=str)  # a canonical order, so that seeded runs repeat
    n = len(nodes)
    k = (
        betweenness_k
        if betweenness_k is not None
        else (None if n < EXACT_BETWEENNESS_BELOW else sample_size(n))
    )
    sampled = k is not None and k < n
    k = max(1, k) if sampled and k is not None else None
    how = f"sampled (k={k}, seed={seed})" if sampled else "exact"
    if n < SPARSE_FROM:
        between, degree, parts = _small(G, nodes, seed, k)
    else:
        between, degree, parts = _large(G, nodes, seed, k)
    grouping = f"louvain (seed={seed})" if n < LOUVAIN_BELOW else f"label propagation (seed={seed})"
    centrality = {v: (degree[v] / (n - 1) if n > 1 else 0.0) for v in nodes}
    parts = sorted(parts, key=lambda c: (-len(c), min((_name(G, m), str(m)) for m in c)))
    community = {m: i for i, c in enumerate(parts) for m in c}
    rows = []
    for node, d in G.nodes(data=True):
        deg = degree[node]
        rows.append(
            {
                "id": _name(G, node),
                "label": str(d.get("label", node)),
                "kind": str(d.get("kind", "")),
                "type_label": str(d.get("type_label", "")),
                "degree": deg,
                "degree_centrality": float(centrality[node]),
                "betweenness": float(between[node]),
                "community": community[node],
                "isolated": deg == 0,
                "iri": str(d.get("iri", node)),
            }
        )
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    if rows:
        df = df.sort_values(
            ["betweenness", "degree", "id", "iri"], ascending=[False, False, True, True], kind="mergesort"
        ).reset_index(drop=True)
    df = df.astype({"degree": "int64", "community": "int64", "isolated": "bool"})
    df.attrs["betweenness"] = how
    df.attrs["communities"] = grouping
    return df


def _small(G: nx.Graph, nodes: list, seed: int, k: int | None) -> tuple[dict, dict, list]:
    """Betweenness, degree and communities of a small view, by networkx."""
    import networkx as nx

    # A real undirected graph (betweenness is ~30% faster than on a view) in a canonical
    # node and edge order, so that seeded Louvain gives the same communities every run.
    U = nx.Graph()
    U.add_nodes_from(nodes)
    U.add_edges_from(
        sorted(
            ((u, v, {"weight": d.get("weight", 1)}) for u, v, d in G.edges(data=True)),
            key=lambda e: (str(e[0]), str(e[1])),
        )
    )
    between = nx.betweenness_centrality(U, k=k, seed=seed) if k else nx.betweenness_centrality(U)
    parts = nx.community.louvain_communities(U, seed=seed, weight="weight") if len(U) else []
    return between, dict(U.degree()), parts


def _large(G: nx.Graph, nodes: list, seed: int, k: int | None) -> tuple[dict, dict, list]:
    """Betweenness, degree and communities of a large view, on a sparse matrix
    (:mod:`graph.views.sparse_metrics`; the same values as networkx, many sources at once)."""
    import numpy as np

    from graph.views.sparse_metrics import adjacency, betweenness, label_propagation, sample_sources

    index = {v: i for i, v in enumerate(nodes)}
    found = [(index[u], index[v], d.get("weight", 1)) for u, v, d in G.edges(data=True)]
    r, c, w = (np.array(x) for x in zip(*found, strict=True)) if found else (np.zeros(0, int),) * 3
    A = adjacency(len(nodes), r.astype(np.int64), c.astype(np.int64), w.astype(float))
    sources = [index[v] for v in sample_sources(nodes, k, seed)] if k else None
    values = betweenness(A, sources)
    between = dict(zip(nodes, values.tolist(), strict=True))
    degree = dict(zip(nodes, np.diff(A.indptr).tolist(), strict=True))
    if len(nodes) < LOUVAIN_BELOW:
        import networkx as nx

        U = nx.Graph()
        U.add_nodes_from(nodes)
        coo = A.tocoo()
        upper = coo.row < coo.col
        U.add_weighted_edges_from(
            zip(
                (nodes[i] for i in coo.row[upper].tolist()),
                (nodes[j] for j in coo.col[upper].tolist()),
                coo.data[upper].tolist(),
                strict=True,
            )
        )
        parts = nx.community.louvain_communities(U, seed=seed, weight="weight")
    else:
        labels = label_propagation(A, seed)
        groups: dict[int, list] = {}
        for v, label in zip(nodes, labels.tolist(), strict=True):
            groups.setdefault(label, []).append(v)
        parts = list(groups.values())
    return between, degree, parts


def sample_size(n: int) -> int:
    """Sources sampled for betweenness on ``n`` nodes: 500, fewer on large graphs.

    Examples
    --------
    >>> [sample_size(n) for n in (3_000, 40_000, 400_000)]
    [500, 100, 10]
    """
    return max(10, min(500, SAMPLE_WORK // max(n, 1)))


def community_names(df: pd.DataFrame) -> dict[int, str]:
    """A name a person can read for every community of two or more nodes: its most central member.

    The member with the highest betweenness, then degree, then smallest id names the
    community (the order of :func:`metrics`' rows). Communities of one node get no name.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "hub"), ("b", "hub"), ("c", "d")])
    >>> G.add_node("e")
    >>> nx.set_node_attributes(G, {n: n.upper() for n in G}, "label")
    >>> sorted(community_names(metrics(G)).values())
    ['C', 'HUB']
    """
    sizes = df["community"].value_counts()
    names: dict[int, str] = {}
    for comm, label in zip(df["community"], df["label"], strict=True):
        if sizes[comm] > 1 and int(comm) not in names:
            names[int(comm)] = str(label)
    return names


def annotate(G: nx.Graph, df: pd.DataFrame) -> None:
    """Write ``size_value``, ``community`` and ``community_name`` into ``G``'s nodes.

    ``size_value`` is betweenness scaled to [0, 1]; when no node has betweenness
    above 0, the scaled degree centrality instead. ``community_name`` is the label
    of the community's most central member (:func:`community_names`), empty for a
    community of one. ``df`` is the table of :func:`metrics` for ``G``.
    """
    basis = "betweenness" if len(df) and df["betweenness"].max() > 0 else "degree_centrality"
    top = float(df[basis].max()) if len(df) else 0.0
    names = community_names(df) if len(df) else {}
    by_node = {str(n): n for n in G}
    for iri, value, comm in zip(df["iri"], df[basis], df["community"], strict=True):
        node = by_node.get(iri)
        if node is not None:
            G.nodes[node]["size_value"] = float(value) / top if top > 0 else 0.0
            G.nodes[node]["community"] = int(comm)
            G.nodes[node]["community_name"] = names.get(int(comm), "")


def brokers(df: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` actors with the highest betweenness above 0: who links the others."""
    from graph.views.network import ACTOR_KINDS

    rows = df[df["kind"].isin(ACTOR_KINDS) & (df["betweenness"] > 0)]
    rows = rows.sort_values(["betweenness", "degree", "id"], ascending=[False, False, True], kind="mergesort")
    return rows.head(n).reset_index(drop=True)


def layout(G: nx.Graph, seed: int = 42) -> None:
    """Write pixel coordinates ``x``, ``y`` (about ±1000) into ``G``'s nodes.

    The layout is computed on the undirected, unweighted structure (weights
    pull strongly linked nodes into one spot). Each connected component is laid
    out on its own, the components are packed in rows, largest first, with room
    in proportion to their size, and nodes without links wait in rows below.
    A component of fewer than 500 nodes gets a spring layout
    (Fruchterman–Reingold, ``seed``); a larger one is split into its
    communities (or kinds, if :func:`annotate` has not run), each laid out like
    a small component and placed on a sunflower spiral, largest in the middle.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.path_graph(3)
    >>> layout(G)
    >>> max(abs(G.nodes[n][c]) for n in G for c in "xy")
    1000.0
    """
    import networkx as nx

    U = _undirected(G)
    if U.number_of_nodes() == 0:
        return
    lonely = sorted((v for v in U if not any(u != v for u in U[v])), key=lambda v: (_name(G, v), str(v)))
    alone = set(lonely)
    parts = sorted(
        (c for c in nx.connected_components(U) if not c <= alone),
        key=lambda c: (-len(c), min(str(m) for m in c)),
    )
    pos: dict = {}
    x = y = row_height = 0.0
    width = max([2 * math.sqrt(len(parts[0])) if parts else 0.0, 1.6 * math.sqrt(U.number_of_nodes())])
    for members in parts:
        part = _component_layout(G, U.subgraph(members), seed)
        radius = math.sqrt(len(members))
        if x > 0 and x + 2 * radius > width:  # next row
            x, y = 0.0, y + row_height + 1.0
            row_height = 0.0
        for node, (px, py) in part.items():
            pos[node] = (x + radius + px * radius, y + radius + py * radius)
        x += 2 * radius + 1.0
        row_height = max(row_height, 2 * radius)
    if lonely:
        top = y + row_height + (1.5 if parts else 0.0)
        cols = max(1, min(len(lonely), round(width / 1.5) or 1))
        for k, node in enumerate(lonely):
            pos[node] = ((k % cols) * 1.5, top + (k // cols) * 1.0)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    span = max(max(xs) - cx, max(ys) - cy) or 1.0
    for node, (px, py) in pos.items():
        G.nodes[node]["x"] = round((px - cx) / span * 1000.0, 1)
        G.nodes[node]["y"] = round((py - cy) / span * 1000.0, 1)


def _component_layout(G: nx.Graph, C: nx.Graph, seed: int) -> dict:
    """Positions of one connected component ``C`` (a view of ``G``) within the unit disc."""
    import networkx as nx

    n = C.number_of_nodes()
    if n == 1:
        return {next(iter(C)): (0.0, 0.0)}
    if n < _SPRING_BELOW:
        pos = nx.spring_layout(C, seed=seed, weight=None)
    else:
        pos = _grouped_layout(G, C, seed)
    return _unit_disc(pos)


def _unit_disc(pos: dict) -> dict:
    """``pos`` centred and scaled so that the farthest point is at distance 1."""
    xs = [float(p[0]) for p in pos.values()]
    ys = [float(p[1]) for p in pos.values()]
    cx, cy = sum(xs) / len(xs), sum(ys) / len(ys)
    r = max(math.hypot(x - cx, y - cy) for x, y in zip(xs, ys, strict=True)) or 1.0
    return {n: ((float(p[0]) - cx) / r, (float(p[1]) - cy) / r) for n, p in pos.items()}


def _grouped_layout(G: nx.Graph, C: nx.Graph, seed: int) -> dict:
    """Groups (community, else kind) of ``C`` on a spiral, each laid out in a disc of its own."""
    import networkx as nx

    key = "community" if all("community" in G.nodes[m] for m in C) else "kind"
    groups: dict = {}
    for node in C:
        groups.setdefault(G.nodes[node].get(key), []).append(node)
    ordered = sorted(groups.values(), key=lambda m: (-len(m), str(min(map(str, m)))))
    pos = {}
    area = 0.0
    for i, members in enumerate(ordered):
        radius = math.sqrt(area + len(members) / 2) * 2.0
        area += len(members)
        cx, cy = radius * math.cos(i * _GOLDEN), radius * math.sin(i * _GOLDEN)
        size = 1.6 * math.sqrt(len(members))  # room for labels; groups may touch
        if 1 < len(members) < _SPRING_BELOW:
            inner = _unit_disc(nx.spring_layout(C.subgraph(members), seed=seed, weight=None))
        else:  # one node, or too many for a quick spring layout: a spiral, hubs in the middle
            members.sort(key=lambda m: (-C.degree(m), str(m)))
            inner = {
                m: (
                    math.sqrt((j + 0.5) / len(members)) * math.cos(j * _GOLDEN),
                    math.sqrt((j + 0.5) / len(members)) * math.sin(j * _GOLDEN),
                )
                for j, m in enumerate(members)
            }
        for node, (px, py) in inner.items():
            pos[node] = (cx + px * size, cy + py * size)
    return pos
