"""A network view as a file for Gephi, yEd or Cytoscape: GraphML and GEXF."""

from __future__ import annotations

import io
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from graph.files import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["to_gexf", "to_graphml"]


def _exportable(G: nx.Graph, *, gexf: bool = False) -> nx.Graph:
    """A copy whose attribute values GraphML/GEXF can hold: lists joined, None dropped.

    The dataset id travels as ``identifier``: both formats give every node an
    id of its own (our key, the IRI), and readers take an attribute called
    ``id`` for it (networkx's GEXF writer) or refuse to keep both (igraph).
    """

    def clean(attrs: dict) -> dict:
        out = {}
        for k, v in attrs.items():
            if v is None:
                continue
            if isinstance(v, (list, tuple, set, frozenset)):
                v = "; ".join(str(x) for x in v)
            elif not isinstance(v, (str, int, float, bool)):
                v = str(v)
            out[k] = v
        return out

    H = G.__class__()
    H.graph.update(clean(G.graph))
    for n, d in G.nodes(data=True):
        attrs = clean(d)
        if "id" in attrs:
            attrs["identifier"] = attrs.pop("id")
        if gexf:
            if "x" in attrs and "y" in attrs:
                attrs["viz"] = {"position": {"x": float(attrs["x"]), "y": float(attrs["y"]), "z": 0.0}}
        H.add_node(n, **attrs)
    H.add_edges_from((u, v, clean(d)) for u, v, d in G.edges(data=True))
    _total(H.nodes.values())
    _total(d for _, _, d in H.edges(data=True))
    return H


def _total(items) -> None:
    """Give every item every text and flag attribute any item has ("" and False where it had none).

    GraphML declares no defaults here, so readers differ on a missing value:
    networkx leaves it out, igraph fills in its own. Numbers stay missing.
    """
    items = list(items)
    empty: dict[str, object] = {}
    for attrs in items:
        for key, value in attrs.items():
            if isinstance(value, bool):
                empty.setdefault(key, False)
            elif isinstance(value, str):
                empty.setdefault(key, "")
    for attrs in items:
        for key, value in empty.items():
            attrs.setdefault(key, value)


def to_graphml(G: nx.Graph, path: str | PathLike) -> Path:
    """Write ``G`` as GraphML (yEd, Cytoscape, Gephi), atomically; lists become "; "-joined text.

    Nodes are keyed by IRI; the dataset id travels as ``identifier``, so that
    networkx and igraph read the same nodes, edges and attributes.
    """
    import networkx as nx

    buf = io.BytesIO()
    nx.write_graphml(_exportable(G), buf, encoding="utf-8")
    return atomic_write(path, buf.getvalue())


def to_gexf(G: nx.Graph, path: str | PathLike) -> Path:
    """Write ``G`` as GEXF 1.2 (Gephi), atomically; the dataset id travels as ``identifier``."""
    import networkx as nx

    buf = io.BytesIO()
    nx.write_gexf(_exportable(G, gexf=True), buf, encoding="utf-8")
    return atomic_write(path, buf.getvalue())
