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
    "annotate",
    "brokers",
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
LOUVAIN_BELOW = 50_000
_SPRING_BELOW = 500  # networkx's spring layout needs SciPy from 500 nodes on
_LAYOUT_BELOW = 2000
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
    ``seed``; ``df.attrs["betweenness"]`` says which. Communities are Louvain
    (``weight="weight"``, ``seed``); above ``LOUVAIN_BELOW`` nodes, seeded
    asynchronous label propagation, which is linear in the edges
    (``df.attrs["communities"]``). They are numbered by size, largest first,
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
    import networkx as nx
    import pandas as pd

    U = nx.Graph(G) if G.is_directed() else G  # a real graph: betweenness is ~30% faster than on a view
    n = U.number_of_nodes()
    k = (
        betweenness_k
        if betweenness_k is not None
        else (None if n < EXACT_BETWEENNESS_BELOW else sample_size(n))
    )
    if k is not None and k < n:
        k = max(1, k)
        between = nx.betweenness_centrality(U, k=k, seed=seed)
        how = f"sampled (k={k}, seed={seed})"
    else:
        between = nx.betweenness_centrality(U)
        how = "exact"
    centrality = nx.degree_centrality(U) if n > 1 else dict.fromkeys(U, 0.0)
    if n < LOUVAIN_BELOW:
        parts = nx.community.louvain_communities(U, seed=seed, weight="weight") if n else []
        grouping = f"louvain (seed={seed})"
    else:
        parts = list(nx.community.asyn_lpa_communities(U, weight="weight", seed=seed))
        grouping = f"label propagation (seed={seed})"
    parts = sorted(parts, key=lambda c: (-len(c), min((_name(G, m), str(m)) for m in c)))
    community = {m: i for i, c in enumerate(parts) for m in c}
    rows = []
    for node, d in G.nodes(data=True):
        deg = U.degree(node)
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


def sample_size(n: int) -> int:
    """Sources sampled for betweenness on ``n`` nodes: 500, fewer on large graphs.

    Examples
    --------
    >>> [sample_size(n) for n in (3_000, 40_000, 400_000)]
    [500, 100, 10]
    """
    return max(10, min(500, SAMPLE_WORK // max(n, 1)))


def annotate(G: nx.Graph, df: pd.DataFrame) -> None:
    """Write ``size_value`` (betweenness scaled to [0, 1]) and ``community`` into ``G``'s nodes.

    When no node has betweenness above 0, ``size_value`` is the scaled degree
    centrality instead. ``df`` is the table of :func:`metrics` for ``G``.
    """
    basis = "betweenness" if len(df) and df["betweenness"].max() > 0 else "degree_centrality"
    top = float(df[basis].max()) if len(df) else 0.0
    by_node = {str(n): n for n in G}
    for iri, value, comm in zip(df["iri"], df[basis], df["community"], strict=True):
        node = by_node.get(iri)
        if node is not None:
            G.nodes[node]["size_value"] = float(value) / top if top > 0 else 0.0
            G.nodes[node]["community"] = int(comm)


def brokers(df: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` actors with the highest betweenness above 0: who links the others."""
    from .network import ACTOR_KINDS

    rows = df[df["kind"].isin(ACTOR_KINDS) & (df["betweenness"] > 0)]
    rows = rows.sort_values(["betweenness", "degree", "id"], ascending=[False, False, True], kind="mergesort")
    return rows.head(n).reset_index(drop=True)


def layout(G: nx.Graph, seed: int = 42) -> None:
    """Write pixel coordinates ``x``, ``y`` (about ±1000) into ``G``'s nodes.

    Spring layout (Fruchterman–Reingold, ``seed``) below 2,000 nodes (from 500
    on through networkx's dense solver, as SciPy is not required), and above
    that a cheap layout that puts each
    community (or kind, if :func:`annotate` has not run) on a sunflower spiral of
    its own, hubs in the middle.

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
    n = U.number_of_nodes()
    if n == 0:
        return
    if n == 1:
        pos = {next(iter(U)): (0.0, 0.0)}
    elif n < _SPRING_BELOW:
        pos = nx.spring_layout(U, seed=seed, weight="weight")
    elif n < _LAYOUT_BELOW:
        pos = _dense_spring(U, seed)
    else:
        pos = _grouped_layout(G)
    span = float(max((abs(c) for p in pos.values() for c in p), default=0.0)) or 1.0
    for node, (x, y) in pos.items():
        G.nodes[node]["x"] = round(float(x) / span * 1000.0, 1)
        G.nodes[node]["y"] = round(float(y) / span * 1000.0, 1)


def _dense_spring(U: nx.Graph, seed: int) -> dict:
    """networkx's spring layout without SciPy (its dense solver, used below 500 nodes)."""
    import networkx as nx
    import numpy as np

    try:
        from networkx.drawing.layout import _fruchterman_reingold
    except ImportError:  # pragma: no cover - a future networkx; same family of layout
        return nx.forceatlas2_layout(U, seed=seed, weight="weight", max_iter=50)
    A = nx.to_numpy_array(U, weight="weight")
    pos = _fruchterman_reingold(A, None, None, None, 50, 1e-4, 2, np.random.RandomState(seed))
    return dict(zip(U, pos, strict=True))


def _grouped_layout(G: nx.Graph) -> dict:
    """Groups (community, else kind) on a spiral; inside each, nodes on a spiral by degree."""
    U = _undirected(G)
    key = "community" if all("community" in d for _, d in G.nodes(data=True)) else "kind"
    groups: dict = {}
    for node, d in G.nodes(data=True):
        groups.setdefault(d.get(key), []).append(node)
    ordered = sorted(groups.values(), key=lambda m: (-len(m), str(min(map(str, m)))))
    pos = {}
    area = 0.0
    for i, members in enumerate(ordered):
        radius = math.sqrt(area + len(members) / 2) * 2.0
        area += len(members)
        cx, cy = radius * math.cos(i * _GOLDEN), radius * math.sin(i * _GOLDEN)
        members.sort(key=lambda m: (-U.degree(m), str(m)))
        for j, node in enumerate(members):
            r = math.sqrt(j + 0.5)
            pos[node] = (cx + r * math.cos(j * _GOLDEN), cy + r * math.sin(j * _GOLDEN))
    return pos
