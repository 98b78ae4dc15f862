"""Serialising the graph: Turtle, JSON-LD and N-Triples."""

from __future__ import annotations

from .errors import UsageError
from .namespaces import PREFIXES
from .store import OxigraphStore, Store

__all__ = ["RDF_FORMATS", "export_rdf"]

#: format name -> (file suffix, media type)
RDF_FORMATS = {
    "ttl": (".ttl", "text/turtle"),
    "jsonld": (".jsonld", "application/ld+json"),
    "nt": (".nt", "application/n-triples"),
}


def export_rdf(store: Store, fmt: str) -> bytes:
    """Serialise all triples of ``store`` as ``ttl``, ``jsonld`` or ``nt``.

    Turtle and JSON-LD use the project prefixes (the JSON-LD ``@context`` is
    inline, never a URL). N-Triples and Turtle from an Oxigraph store are
    written by Oxigraph itself, which is fast at millions of triples.

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
    if isinstance(store, OxigraphStore) and fmt in ("nt", "ttl"):
        import pyoxigraph as ox

        rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.TURTLE
        kwargs = {"prefixes": PREFIXES} if fmt == "ttl" else {}
        data = store.raw.dump(format=rdf_format, from_graph=ox.DefaultGraph(), **kwargs)
        return data
    graph = store.to_graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True, encoding="utf-8")
    return graph.serialize(format="turtle" if fmt == "ttl" else "nt", encoding="utf-8")
