"""Serialising the graph: Turtle, JSON-LD and N-Triples; network views as GraphML and GEXF."""

from __future__ import annotations

import io
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .files import atomic_write
from .namespaces import PREFIXES
from .store import OxigraphStore, Store

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["RDF_FORMATS", "export_rdf", "to_gexf", "to_graphml"]

#: format name -> (file suffix, media type)
RDF_FORMATS = {
    "ttl": (".ttl", "text/turtle"),
    "jsonld": (".jsonld", "application/ld+json"),
    "nt": (".nt", "application/n-triples"),
}


#: Above this many triples Turtle comes from Oxigraph's fast writer, in store order.
SORTED_TURTLE_MAX = 200_000


def export_rdf(store: Store, fmt: str) -> bytes:
    """Serialise all triples of ``store`` as ``ttl``, ``jsonld`` or ``nt``.

    Turtle and JSON-LD use the project prefixes (the JSON-LD ``@context`` is
    inline, never a URL). The output is the same on every run, so exports can be
    compared in a diff: N-Triples lines are sorted, and Turtle is written by
    rdflib (sorted by subject) up to ``SORTED_TURTLE_MAX`` triples. Larger
    stores are written by Oxigraph itself, which is fast at millions of triples.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from graph.store import OxigraphStore
    >>> s = OxigraphStore()
    >>> s.add_graph(Graph().parse(data="<urn:a> <urn:p> 'Armut' .", format="turtle"))
    >>> export_rdf(s, "nt")
    b'<urn:a> <urn:p> "Armut" .\\n'
    """
    if fmt not in RDF_FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
    if isinstance(store, OxigraphStore) and (fmt == "nt" or len(store) > SORTED_TURTLE_MAX):
        import pyoxigraph as ox

        if fmt == "ttl":
            return store.raw.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        lines = store.raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines()
        return b"".join(line + b"\n" for line in sorted(lines))
    graph = store.to_graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    if fmt == "nt":
        return b"".join(
            line + b"\n"
            for line in sorted(graph.serialize(format="nt", encoding="utf-8").splitlines())
            if line
        )
    return graph.serialize(format="turtle", encoding="utf-8")


# --------------------------------------------------------------------------
# network files


def _exportable(G: nx.Graph, *, gexf: bool = False) -> nx.Graph:
    """A copy whose attribute values GraphML/GEXF can hold: lists joined, None dropped."""

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
        if gexf:  # the GEXF writer takes "id" as the node id: keep ours as "identifier"
            if "id" in attrs:
                attrs["identifier"] = attrs.pop("id")
            if "x" in attrs and "y" in attrs:
                attrs["viz"] = {"position": {"x": float(attrs["x"]), "y": float(attrs["y"]), "z": 0.0}}
        H.add_node(n, **attrs)
    H.add_edges_from((u, v, clean(d)) for u, v, d in G.edges(data=True))
    return H


def to_graphml(G: nx.Graph, path: str | PathLike) -> Path:
    """Write ``G`` as GraphML (yEd, Cytoscape, Gephi), atomically; lists become "; "-joined text."""
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
