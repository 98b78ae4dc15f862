"""A store seen through a scope: what an analysis asks, answered from the chosen datasets and statuses."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.store.base import Quad, QueryResult, Scope, Store

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph
    from rdflib.term import Node

    from graph.store.catalog import DatasetInfo

__all__ = ["GraphView"]


class GraphView(Store):
    """Every query runs on ``scope``: the datasets' data as default graph, the counted derived graphs as named.

    Analyses take a view like any store; ``len(view)`` and :meth:`to_graph`
    cover the datasets' data only (never derived relations or the ontology).
    """

    def __init__(
        self,
        store: Store,
        scope: Scope,
        datasets: list[DatasetInfo],
        after_update: Callable[[GraphView], None] | None = None,
    ):
        self.base = store
        self.scope = scope
        self.datasets = list(datasets)
        self.engine = store.engine
        self.after_update = after_update

    @property
    def data_scope(self) -> Scope:
        """The datasets' data graphs only."""
        return Scope(default=tuple(d.data_graph for d in self.datasets), named=())

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, scope: Scope | None = None
    ) -> QueryResult:
        return self.base.query(sparql, bindings, scope or self.scope)

    def select_values(
        self, sparql: str, bindings: Mapping[str, Any] | None = None, scope: Scope | None = None
    ) -> tuple[list[str], list[tuple]]:
        return self.base.select_values(sparql, bindings, scope or self.scope)

    def update(self, sparql: str) -> None:
        """Run an update on the store, then let the opener bring derived relations up to date."""
        self.base.update(sparql)
        if self.after_update is not None:
            self.after_update(self)

    def add_graph(self, graph: Graph, into: str | None = None) -> None:
        self.base.add_graph(graph, into)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        self.base.add_quads(quads)

    def load_file(self, path: Path, fmt: str, into: str | None = None) -> None:
        self.base.load_file(path, fmt, into)

    def drop_graph(self, iri: str) -> None:
        self.base.drop_graph(iri)

    def graph_names(self) -> set[str]:
        return self.base.graph_names()

    def take_default_graph(self) -> Graph:
        return self.base.take_default_graph()

    def __len__(self) -> int:
        return self.base.count(self.data_scope)

    def to_graph(self, scope: Scope | None = None) -> Graph:
        return self.base.to_graph(scope or self.data_scope)

    def close(self) -> None:
        self.base.close()
