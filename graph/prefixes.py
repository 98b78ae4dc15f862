"""The namespaces of the project's vocabularies as plain strings, for SPARQL text (no rdflib needed).

:mod:`graph.namespaces` builds its rdflib namespaces from these; a test checks
that rdflib's own namespaces (SKOS, PROV, …) name the same IRIs.
"""

from __future__ import annotations

__all__ = ["NAMESPACES", "PREFIXES", "SP", "SPARQL_PREFIXES"]

#: The project's ontology.
SP = "https://w3id.org/sozialgraph/ontology#"

#: Prefixes bound when serialising and offered to user queries.
PREFIXES: dict[str, str] = {
    "sp": SP,
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: :data:`PREFIXES` as the prologue of a SPARQL query the code writes.
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

#: Every namespace the code names: the prefixes and those of the store's catalogue.
NAMESPACES: dict[str, str] = {
    **PREFIXES,
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
}
