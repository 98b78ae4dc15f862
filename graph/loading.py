"""Putting a dataset into a store: its data graph, the shipped ontology, the derived graphs and its catalogue entry.

One way for every target: a dataset is read and checked completely first
(:func:`graph.io.load.read_dataset`), then built into an Oxigraph store by
:func:`build` — in memory for a command's ``--data``, in a new copy of the
database for ``load --store`` (made current only when complete, see
:mod:`graph.store.folder`), in memory and then sent for ``load --endpoint``
(under graph names of its own, which the server's catalogue names only when all
are there). Loading a dataset replaces that dataset; other datasets stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.analysis.rules import RULES_VERSION, derive
from graph.namespaces import DATA
from graph.schema import vocabulary_files
from graph.store.base import Scope, Store
from graph.store.catalog import (
    GRAPHS,
    DatasetInfo,
    catalog_quads,
    data_graph,
    dataset_name,
    ontology_graph_iri,
    read_catalog,
)
from graph.store.oxigraph import OxigraphStore

if TYPE_CHECKING:  # pragma: no cover
    from graph.io.load import Loaded

__all__ = [
    "LoadReport",
    "base_for",
    "build",
    "copy_graphs",
    "derived_count",
    "remove_dataset",
]


@dataclass
class LoadReport:
    """What was loaded where, and how fast."""

    target: str
    dataset: str
    triples: int
    derived: int
    seconds: float
    replaced: bool = False

    def __str__(self) -> str:
        rate = self.triples / self.seconds if self.seconds > 0 else 0.0
        verb = "replaced" if self.replaced else "loaded"
        return (
            f"{verb} dataset {self.dataset!r} in {self.target}: {self.triples:,} triples "
            f"and {self.derived:,} derived in {self.seconds:.1f} s ({rate:,.0f} triples/s)"
        )


def base_for(name: str) -> str:
    """The base IRI of a dataset's entities: ``https://w3id.org/sozialgraph/id/<name>/``.

    Examples
    --------
    >>> base_for("aachen")
    'https://w3id.org/sozialgraph/id/aachen/'
    """
    return f"{DATA}{dataset_name(name)}/"


def remove_dataset(store: Store, info: DatasetInfo, catalogue: str = GRAPHS) -> None:
    """Remove a dataset's graphs and its catalogue entry from a store."""
    for graph in [info.data_graph, *(p.graph for p in info.partitions)]:
        store.drop_graph(graph)
    parts = " ".join(f"<{p.graph}>" for p in info.partitions)
    update = f"DELETE WHERE {{ GRAPH <{catalogue}> {{ <{info.iri}> ?p ?o }} }}"
    if parts:
        update += f" ; DELETE {{ GRAPH <{catalogue}> {{ ?g ?p ?o }} }} WHERE {{ GRAPH <{catalogue}> {{ ?g ?p ?o }} VALUES ?g {{ {parts} }} }}"
    store.update(update)


def _ensure_ontology(store: OxigraphStore, prefix: str) -> str:
    iri = ontology_graph_iri(prefix)
    store.drop_graph(iri)
    for path in vocabulary_files():
        store.load_file(path, "ttl", into=iri)
    return iri


def build(
    store: OxigraphStore,
    name: str,
    *,
    loaded: Loaded | None = None,
    files: list[tuple[Path, str]] = (),
    source: str = "",
    base: str = "",
    prefix: str = GRAPHS,
    graph_iri: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> DatasetInfo:
    """Build dataset ``name`` into an Oxigraph store, replacing it if it is there.

    The data comes from ``loaded`` (a checked workbook or RDF files) and from
    ``files`` (``(path, format)`` loaded straight by the engine). The derived
    graphs are computed by :func:`graph.analysis.rules.derive`; the catalogue
    entry names them. Returns the entry.
    """
    name = dataset_name(name)
    for old in read_catalog(store, prefix):
        if old.name == name:
            remove_dataset(store, old, prefix)
    graph = graph_iri or data_graph(prefix, name)
    store.drop_graph(graph)
    if loaded is not None:
        store.add_graph(loaded.graph, into=graph)
    for path, fmt in files:
        store.load_file(path, fmt, into=graph)
        if progress:
            progress(path.stat().st_size)
    ontology = _ensure_ontology(store, prefix)
    partitions = derive(store, graph, ontology)
    triples = store.count(Scope(default=(graph,), named=()))
    info = DatasetInfo(
        name=name,
        data_graph=graph,
        partitions=partitions,
        title=name,
        source=source,
        loaded=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        triples=triples,
        base=base,
        rules_version=RULES_VERSION,
    )
    store.add_quads(catalog_quads(info, prefix))
    return info


def derived_count(store: Store, info: DatasetInfo) -> int:
    """The number of derived triples of a dataset."""
    if not info.partitions:
        return 0
    return store.count(Scope(default=tuple(p.graph for p in info.partitions), named=()))


def copy_graphs(source: Store, target: Store, graphs: list[str], rename: dict[str, str] | None = None) -> int:
    """Copy named graphs from one store to another (under new names where ``rename`` says); return the triples sent."""
    rename = rename or {}
    sent = 0
    for graph in graphs:
        triples = source.to_graph(Scope(default=(graph,), named=()))
        target.add_quads((s, p, o, rename.get(graph, graph)) for s, p, o in triples)
        sent += len(triples)
    return sent
