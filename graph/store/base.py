"""Where the graph lives: one small interface over Oxigraph, rdflib and SPARQL servers.

Every analysis talks to a :class:`Store` through :meth:`Store.query`, so the same
SPARQL runs on the embedded Oxigraph engine (default, in memory or on disk), on
rdflib's own engine (for comparison) and on a remote SPARQL 1.1 endpoint.
Parameters travel as bindings: Oxigraph ``substitutions``, rdflib
``initBindings``, and for endpoints a ``VALUES`` data block built from RDF terms
(:func:`graph.store.sparql_text.values_block`).
A bound variable must therefore appear in the SELECT clause (SEP-0007).

:meth:`Store.select_values` answers a SELECT with plain Python values (IRIs
and texts as ``str``, numbers as ``int``/``float``), which is all a table
needs: on Oxigraph no rdflib term is made, and a command that only prints
rows need not import rdflib at all. Its bindings may be plain values too:
:class:`IRI` for an IRI, ``str`` for a text, ``int`` for an integer.

A store holds quads: every dataset in a named graph of its own, its derived
relations in further named graphs (see :mod:`graph.store.catalog`). Which graphs
a query sees is its :class:`Scope` (the SPARQL dataset of the query): the
default graph, and the named graphs that ``GRAPH ?g { … }`` ranges over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.term import Node

__all__ = [
    "FLOATS",
    "INTEGERS",
    "IRI",
    "Quad",
    "QueryResult",
    "Scope",
    "Store",
    "as_node",
    "number",
    "plain_value",
]

#: A triple and the IRI of the named graph it belongs to.
Quad = tuple["Node", "Node", "Node", str]

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: Literal datatypes whose values become ``int``, and those that become ``float``.
INTEGERS = frozenset(
    _XSD + t
    for t in (
        "integer int long short byte nonNegativeInteger positiveInteger negativeInteger "
        "nonPositiveInteger unsignedInt unsignedLong unsignedShort unsignedByte"
    ).split()
)
FLOATS = frozenset(_XSD + t for t in ("decimal", "double", "float"))


class IRI(str):
    """An IRI as a plain binding (a plain ``str`` binds a text).

    Examples
    --------
    >>> IRI("https://w3id.org/sozialgraph/ontology#Theme")
    IRI('https://w3id.org/sozialgraph/ontology#Theme')
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str(self)!r})"


def number(lexical: str, datatype: str) -> str | int | float:
    """A literal's value as a table shows it: ``int`` or ``float`` for numbers, else its text.

    Examples
    --------
    >>> number("42", _XSD + "integer"), number("2.5", _XSD + "decimal"), number("x", _XSD + "integer")
    (42, 2.5, 'x')
    """
    try:
        if datatype in INTEGERS:
            return int(lexical)
        if datatype in FLOATS:
            return float(lexical)
    except ValueError:
        pass
    return lexical


def plain_value(term: Any) -> str | int | float | None:
    """An rdflib term (or None) as a plain value: IRIs and texts as ``str``, blank nodes as ``_:id``.

    Examples
    --------
    >>> from rdflib import Literal, URIRef
    >>> plain_value(URIRef("urn:x")), plain_value(Literal(3)), plain_value(Literal("Armut", lang="de"))
    ('urn:x', 3, 'Armut')
    """
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return number(str(term), str(term.datatype)) if term.datatype else str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def as_node(value: Any) -> Node:
    """A binding as an rdflib term: rdflib terms as they are, :class:`IRI`, ``str``, ``int``, ``bool``.

    Examples
    --------
    >>> as_node(IRI("urn:x")), as_node("Armut"), as_node(2)
    (rdflib.term.URIRef('urn:x'), rdflib.term.Literal('Armut'), rdflib.term.Literal('2', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer')))
    """
    from rdflib import Literal, URIRef
    from rdflib.term import Node

    if isinstance(value, Node):
        return value
    if isinstance(value, IRI):
        return URIRef(value)
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(str(value), datatype=URIRef(_XSD + "integer"))
    if isinstance(value, str):
        return Literal(value)
    raise TypeError(f"cannot bind {value!r}")


@dataclass(frozen=True)
class Scope:
    """The RDF dataset a query runs on.

    ``default`` lists the graphs whose union is the default graph (None: every
    graph of the store; empty: the store's own default graph); ``named`` lists
    the graphs ``GRAPH ?g { … }`` may match (None: every named graph).
    """

    default: tuple[str, ...] | None = None
    named: tuple[str, ...] | None = None


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

    def add_graph(self, graph: Graph, into: str | None = None) -> None:
        """Add all triples of an rdflib graph, to the named graph ``into`` (None: the default graph)."""
        raise NotImplementedError

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Add triples, each to the named graph it names."""
        raise NotImplementedError

    def load_file(self, path: Path, fmt: str, into: str | None = None) -> None:
        """Bulk-load an RDF file (``ttl``, ``nt``, ``jsonld``, ``nq``) into the named graph ``into``."""
        raise NotImplementedError

    def drop_graph(self, iri: str) -> None:
        """Remove the named graph ``iri`` and its triples (nothing happens if there is none)."""
        raise NotImplementedError

    def graph_names(self) -> set[str]:
        """The IRIs of the named graphs that hold triples."""
        raise NotImplementedError

    def take_default_graph(self) -> Graph:
        """The triples of the store's own (unnamed) default graph, which is emptied."""
        raise NotImplementedError

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, scope: Scope | None = None
    ) -> QueryResult:
        """Run a SPARQL query on ``scope``; ``bindings`` map variable names to RDF terms."""
        raise NotImplementedError

    def select_values(
        self, sparql: str, bindings: Mapping[str, Any] | None = None, scope: Scope | None = None
    ) -> tuple[list[str], list[tuple]]:
        """Run a SELECT on ``scope``; return its variables and its rows as plain values (:func:`plain_value`)."""
        nodes = {k: as_node(v) for k, v in (bindings or {}).items()}
        result = self.query(sparql, nodes, scope)
        if result.kind != "SELECT":
            from graph.errors import QueryError

            raise QueryError(f"expected a SELECT query, got {result.kind}")
        return result.variables, [tuple(plain_value(t) for t in row) for row in result.rows]

    def update(self, sparql: str) -> None:
        """Run a SPARQL update."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def to_graph(self, scope: Scope | None = None) -> Graph:
        """The triples of the default graph of ``scope`` as an rdflib graph (for validation and export)."""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", scope=scope)
        assert result.graph is not None
        return result.graph

    def count(self, scope: Scope | None = None) -> int:
        """The number of triples in the default graph of ``scope``."""
        rows = self.select_values("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", scope=scope)[1]
        return int(rows[0][0]) if rows else 0

    def close(self) -> None:
        """Release files and connections."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
