"""Where the graph lives: one small interface over Oxigraph, rdflib and SPARQL servers.

Every analysis talks to a :class:`Store` through :meth:`Store.query`, so the same
SPARQL runs on the embedded Oxigraph engine (default, in memory or on disk), on
rdflib's own engine (for comparison) and on a remote SPARQL 1.1 endpoint.
Parameters travel as bindings: Oxigraph ``substitutions``, rdflib
``initBindings``, and for endpoints a ``VALUES`` data block built from RDF terms
(:func:`graph.store.sparql_text.values_block`).
A bound variable must therefore appear in the SELECT clause (SEP-0007).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = ["QueryResult", "Store"]


@dataclass
class QueryResult:
    """The answer to a query, in rdflib terms, whatever engine gave it.

    ``kind`` is ``SELECT`` (``variables`` and ``rows``), ``ASK`` (``boolean``)
    or ``CONSTRUCT`` (``graph``, also for DESCRIBE).
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    def dicts(self) -> list[dict[str, Node | None]]:
        """The rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


class Store:
    """The interface every engine implements."""

    #: short name of the engine, e.g. ``oxigraph`` or ``rdflib``
    engine: str = "abstract"

    def add_graph(self, graph: Graph) -> None:
        """Add all triples of an rdflib graph."""
        raise NotImplementedError

    def load_file(self, path: Path, fmt: str) -> None:
        """Bulk-load an RDF file (``ttl``, ``nt``, ``jsonld``, ``nq``)."""
        raise NotImplementedError

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` map variable names to RDF terms."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def to_graph(self) -> Graph:
        """All triples as an rdflib graph (for validation and export)."""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert result.graph is not None
        return result.graph

    def close(self) -> None:
        """Release files and connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
