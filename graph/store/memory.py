"""rdflib's own in-memory dataset and SPARQL engine, for comparison."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from graph.errors import DataError, Problem, QueryError, SozialgraphError
from graph.store.base import Quad, QueryResult, Scope, Store

__all__ = ["RdflibStore"]

_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "jsonld": "json-ld", "trig": "trig", "rdf": "xml"}


class RdflibStore(Store):
    """rdflib's in-memory dataset and SPARQL engine (slow on joins; for comparison).

    ``FROM`` and ``SERVICE`` never reach the network: graph loading is switched
    off for queries. A query with a :class:`Scope` runs on a dataset holding just
    the scope's graphs (made once per scope and kept until the store changes).

    Examples
    --------
    >>> store = RdflibStore()
    >>> store.add_graph(Graph().parse(data="<urn:a> <urn:p> 'Armut' .", format="turtle"), into="urn:g")
    >>> store.query("SELECT ?o WHERE { GRAPH ?g { ?s <urn:p> ?o } }").rows
    [(rdflib.term.Literal('Armut'),)]
    """

    engine = "rdflib"

    def __init__(self, graph: Graph | None = None):
        import rdflib.plugins.sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        self.dataset = Dataset(default_union=True)
        self._views: dict[Scope, Dataset] = {}
        if graph is not None:
            self.add_graph(graph)

    def _target(self, into: str | None) -> Graph:
        self._views.clear()
        return self.dataset.graph(URIRef(into)) if into else self.dataset.default_graph

    def add_graph(self, graph: Graph, into: str | None = None) -> None:
        self._target(into).__iadd__(graph)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        for s, p, o, g in quads:
            self._target(g).add((s, p, o))

    def load_file(self, path: Path, fmt: str, into: str | None = None) -> None:
        try:
            self._target(into).parse(str(path), format=_FORMATS[fmt])
        except Exception as exc:  # rdflib's parsers raise many kinds of errors
            raise DataError([Problem(str(path), None, None, f"not valid RDF: {exc}")]) from None

    def drop_graph(self, iri: str) -> None:
        self._views.clear()
        self.dataset.remove_graph(URIRef(iri))

    def graph_names(self) -> set[str]:
        return {
            str(g.identifier) for g in self.dataset.graphs() if len(g) and isinstance(g.identifier, URIRef)
        }

    def take_default_graph(self) -> Graph:
        self._views.clear()
        taken = Graph()
        taken += self.dataset.default_graph
        self.dataset.default_graph.remove((None, None, None))
        return taken

    def _view(self, scope: Scope | None) -> Dataset:
        if scope is None:
            return self.dataset
        view = self._views.get(scope)
        if view is None:
            view = Dataset()
            names = self.graph_names()
            default = names if scope.default is None else set(scope.default)
            for name in sorted(default & names):
                view.default_graph += self.dataset.graph(URIRef(name))
            if scope.default is None or not scope.default:  # every graph, or the store's own default graph
                view.default_graph += self.dataset.default_graph
            for name in sorted(names if scope.named is None else set(scope.named) & names):
                view.graph(URIRef(name)).__iadd__(self.dataset.graph(URIRef(name)))
            self._views[scope] = view
        return view

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, scope: Scope | None = None
    ) -> QueryResult:
        from pyparsing import ParseException

        try:
            return self._evaluate(sparql, bindings, scope)
        except ParseException as exc:
            raise QueryError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        except SozialgraphError:
            raise
        except Exception as exc:  # rdflib's engine raises bare Exceptions (e.g. GRAPH on a plain graph)
            raise QueryError(f"rdflib's engine cannot run this query: {exc}") from None

    def _evaluate(self, sparql: str, bindings: Mapping[str, Node] | None, scope: Scope | None) -> QueryResult:
        res = self._view(scope).query(sparql, initBindings=dict(bindings or {}))  # evaluated while iterated
        if res.type == "ASK":
            return QueryResult("ASK", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            names = [str(v) for v in res.vars]
            return QueryResult("SELECT", variables=names, rows=[tuple(r) for r in res])
        graph = Graph()
        for triple in res:
            graph.add(triple)
        return QueryResult("CONSTRUCT", graph=graph)

    def update(self, sparql: str) -> None:
        import warnings

        from pyparsing import ParseException
        from rdflib import ConjunctiveGraph

        self._views.clear()
        # rdflib 7's Dataset cannot run INSERT DATA (it adds triples where it expects quads);
        # a ConjunctiveGraph over the same store can, and sees the same graphs.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            target = ConjunctiveGraph(
                store=self.dataset.store, identifier=self.dataset.default_graph.identifier
            )
        try:
            target.update(sparql)
        except ParseException as exc:
            raise QueryError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        except SozialgraphError:
            raise
        except Exception as exc:  # rdflib's engine raises bare Exceptions (e.g. GRAPH on a plain graph)
            raise QueryError(f"rdflib's engine cannot run this update: {exc}") from None

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs())
