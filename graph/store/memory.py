"""rdflib's own in-memory graph and SPARQL engine, for comparison."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from graph.errors import QueryError, SozialgraphError
from graph.store.base import QueryResult, Store

__all__ = ["RdflibStore"]


class RdflibStore(Store):
    """rdflib's in-memory graph and SPARQL engine (slow on joins; for comparison).

    ``FROM`` and ``SERVICE`` never reach the network: graph loading is switched
    off for queries.
    """

    engine = "rdflib"

    def __init__(self, graph: Graph | None = None):
        import rdflib.plugins.sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        self.graph = graph if graph is not None else Graph()

    def add_graph(self, graph: Graph) -> None:
        self.graph += graph

    def load_file(self, path: Path, fmt: str) -> None:
        fmts = {
            "ttl": "turtle",
            "nt": "nt",
            "nq": "nquads",
            "jsonld": "json-ld",
            "trig": "trig",
            "rdf": "xml",
        }
        try:
            self.graph.parse(str(path), format=fmts[fmt])
        except Exception as exc:  # rdflib's parsers raise many kinds of errors
            from graph.errors import DataError, Problem

            raise DataError([Problem(str(path), None, None, f"not valid RDF: {exc}")]) from None

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        from pyparsing import ParseException

        try:
            return self._evaluate(sparql, bindings)
        except ParseException as exc:
            raise QueryError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        except SozialgraphError:
            raise
        except Exception as exc:  # rdflib's engine raises bare Exceptions (e.g. GRAPH on a plain graph)
            raise QueryError(f"rdflib's engine cannot run this query: {exc}") from None

    def _evaluate(self, sparql: str, bindings: Mapping[str, Node] | None) -> QueryResult:
        res = self.graph.query(sparql, initBindings=dict(bindings or {}))  # evaluated while iterated
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
        from pyparsing import ParseException

        try:
            self.graph.update(sparql)
        except ParseException as exc:
            raise QueryError(
                f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}"
            ) from None
        except SozialgraphError:
            raise
        except Exception as exc:  # rdflib's engine raises bare Exceptions (e.g. GRAPH on a plain graph)
            raise QueryError(f"rdflib's engine cannot run this update: {exc}") from None

    def __len__(self) -> int:
        return len(self.graph)

    def to_graph(self) -> Graph:
        return self.graph
