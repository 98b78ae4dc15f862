"""Serialising the graph as Turtle, JSON-LD or N-Triples."""

from __future__ import annotations

from graph.errors import UsageError
from graph.namespaces import PREFIXES
from graph.store import OxigraphStore, Store

__all__ = ["RDF_FORMATS", "export_rdf"]

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
