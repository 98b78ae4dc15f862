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
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.analysis.rules import RULES_VERSION, derive
from graph.errors import UsageError
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
    from graph.session import Source

__all__ = [
    "LoadReport",
    "base_for",
    "build",
    "copy_graphs",
    "derived_count",
    "load_into",
    "read_for_build",
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
    check: bool = True,
) -> DatasetInfo:
    """Build dataset ``name`` into an Oxigraph store, replacing it if it is there.

    The data comes from ``loaded`` (a read workbook, RDF files merged in) and
    from ``files`` (``(path, format)`` loaded straight by the engine). With
    ``check`` (the default), a dataset that holds RDF is checked against the
    schema by :func:`graph.io.shape_checks.check_dataset` once it is in the
    engine, and a dataset without triples is refused (:class:`DataError`, the
    store unchanged); tables are checked completely while they are read. The
    derived graphs are computed by :func:`graph.analysis.rules.derive`; the
    catalogue entry names them. Returns the entry.

    On an on-disk store, the dataset is built in memory (where the rules run
    many times faster than in RocksDB) and then written in one pass with the
    engine's bulk loader.
    """
    name = dataset_name(name)
    kwargs = dict(
        source=source, base=base, prefix=prefix, graph_iri=graph_iri, progress=progress, check=check
    )
    if store.path is not None:
        scratch = OxigraphStore()
        info = build(scratch, name, loaded=loaded, files=files, **kwargs)
        _replace(store, scratch, info, prefix)
        return info
    for old in read_catalog(store, prefix):
        if old.name == name:
            remove_dataset(store, old, prefix)
    graph = graph_iri or data_graph(prefix, name)
    store.drop_graph(graph)
    if loaded is not None and len(loaded.graph):
        store.add_graph(loaded.graph, into=graph)
    for path, fmt in files:
        store.load_file(path, fmt, into=graph)
        if progress:
            progress(path.stat().st_size)
    ontology = _ensure_ontology(store, prefix)
    triples = store.count(Scope(default=(graph,), named=()))
    if check:
        _check(store, graph, ontology, triples, loaded, files)
    partitions = derive(store, graph, ontology)
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


def _check(store, graph: str, ontology: str, triples: int, loaded, files) -> None:
    """Refuse a dataset without triples, or whose RDF breaks the schema."""
    from graph.errors import DataError, Problem

    named = [path.name for path, _ in files]
    if triples == 0:
        where = named[0] if len(named) == 1 else "the dataset"
        raise DataError([Problem(where, None, None, "no triples: nothing to load")])
    if files or (loaded is not None and loaded.rdf_files):
        from graph.io.shape_checks import check_dataset

        locations = loaded.locations if loaded is not None else None
        problems = check_dataset(store, graph, ontology, locations, named[0] if len(named) == 1 else None)
        if problems:
            raise DataError(problems)


def _replace(target: OxigraphStore, built: OxigraphStore, info: DatasetInfo, prefix: str) -> None:
    """Put a dataset built in memory into an on-disk store: old graphs out, every new quad in one bulk pass."""
    for old in read_catalog(target, prefix):
        if old.name == info.name:
            remove_dataset(target, old, prefix)
    for graph in [info.data_graph, *(p.graph for p in info.partitions), ontology_graph_iri(prefix)]:
        target.drop_graph(graph)
    target.bulk_copy(built)


def derived_count(store: Store, info: DatasetInfo) -> int:
    """The number of derived triples of a dataset."""
    if not info.partitions:
        return 0
    return store.count(Scope(default=tuple(p.graph for p in info.partitions), named=()))


def copy_graphs(source: Store, target: Store, graphs: list[str], rename: dict[str, str] | None = None) -> int:
    """Copy named graphs from one store to another (under new names where ``rename`` says); return the triples sent.

    From Oxigraph to a SPARQL server, each graph travels as the N-Triples the
    engine writes (:meth:`graph.store.endpoint.EndpointStore.add_ntriples`: in
    bulk to a graph store, if the server names one), without rdflib terms.
    """
    rename = rename or {}
    sent = 0
    if isinstance(source, OxigraphStore) and hasattr(target, "add_ntriples"):
        import pyoxigraph as ox

        for graph in graphs:
            data = source.raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
            sent += target.add_ntriples(data, rename.get(graph, graph))
        return sent
    for graph in graphs:
        triples = source.to_graph(Scope(default=(graph,), named=()))
        target.add_quads((s, p, o, rename.get(graph, graph)) for s, p, o in triples)
        sent += len(triples)
    return sent


def read_for_build(path: Path, base: str | None) -> tuple[Loaded, list[tuple[Path, str]]]:
    """Read a dataset for :func:`build`: a workbook (with any RDF files merged in) or one RDF file.

    Returns what was read and the RDF files the engine loads straight (one RDF
    file given as the dataset, large files of a folder); :func:`build` checks
    those against the schema once they are in the store.
    """
    from graph.io.load import read_dataset, read_straight, straight_format

    path = Path(path)
    fmt = straight_format(path)
    if fmt is not None:
        return read_straight(path, base), [(path, fmt)]
    loaded = read_dataset(path, base, shacl=False)
    return loaded, [(f, f.suffix.lower().lstrip(".")) for f in loaded.bulk_files]


def load_into(
    source: Source,
    data: Path,
    *,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Load the dataset at ``data`` into ``source``'s store folder or endpoint, replacing it if it is there.

    The dataset is read and checked completely before the target is touched;
    ``source.dataset`` names it (required: a renamed copy of a workbook then
    replaces the dataset instead of doubling it).

    Examples
    --------
    >>> import tempfile
    >>> from graph.files import example_data
    >>> from graph.session import Source
    >>> r = load_into(Source(store_dir=Path(tempfile.mkdtemp()) / "s", dataset="aachen"), example_data())
    >>> r.dataset, r.triples
    ('aachen', 1009)
    """
    from graph.store.catalog import dataset_name

    if not source.dataset:
        raise UsageError(
            "name the dataset with --dataset NAME (e.g. the town): loading it again under the same name "
            "replaces it, and datasets of different towns stay apart"
        )
    name = dataset_name(source.dataset)
    data = Path(data)
    started = time.perf_counter()
    loaded, files = read_for_build(data, source.base or base_for(name))
    base = loaded.base
    if source.endpoint:
        info, derived, replaced = _load_endpoint(source, name, loaded, files, str(data), base, progress)
        target = source.endpoint
    else:
        from graph.store.catalog import read_catalog
        from graph.store.folder import StoreFolder

        assert source.store_dir is not None
        with StoreFolder(source.store_dir).write() as store:
            replaced = any(d.name == name for d in read_catalog(store))
            info = build(
                store, name, loaded=loaded, files=files, source=str(data), base=base, progress=progress
            )
            derived = derived_count(store, info)
        target = str(source.store_dir)
    return LoadReport(target, name, info.triples, derived, time.perf_counter() - started, replaced)


def _load_endpoint(source, name, loaded, files, where, base, progress):
    """Build in memory, send under new graph names, then switch the server's catalogue entry in one update."""
    from graph.store.catalog import DatasetInfo, Partition, catalog_quads, data_graph, ontology_graph_iri
    from graph.store.catalog import read_catalog as catalog_of
    from graph.store.sparql_text import nt_term

    local = OxigraphStore()
    info = build(local, name, loaded=loaded, files=files, source=where, base=base, progress=progress)
    remote = source.endpoint_store()
    prefix = source.prefix
    old = [d for d in catalog_of(remote, prefix) if d.name == name]
    version = time.strftime("v%Y%m%dT%H%M%S") + f"-{os.getpid()}"
    new_graph = data_graph(prefix, name, version)
    rename = {info.data_graph: new_graph}
    parts = []
    for part in info.partitions:
        renamed = new_graph + part.graph[len(info.data_graph) :]
        rename[part.graph] = renamed
        parts.append(Partition(renamed, part.status, part.end))
    ontology = ontology_graph_iri(prefix)
    local_ontology = local.count(Scope(default=(ontology_graph_iri(),), named=()))
    if remote.count(Scope(default=(ontology,), named=())) != local_ontology:
        remote.drop_graph(ontology)
        copy_graphs(local, remote, [ontology_graph_iri()], {ontology_graph_iri(): ontology})
    copy_graphs(local, remote, list(rename), rename)
    entry = DatasetInfo(
        name=info.name,
        data_graph=new_graph,
        partitions=tuple(parts),
        title=info.title,
        source=info.source,
        loaded=info.loaded,
        triples=info.triples,
        base=info.base,
        rules_version=info.rules_version,
    )
    quads = catalog_quads(entry, prefix)
    body = "\n".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ." for s, p, o, _ in quads)
    switch = f"DELETE WHERE {{ GRAPH <{prefix}> {{ <{entry.iri}> ?p ?o }} }} ;\n"
    for gone in old:
        for part in gone.partitions:
            switch += f"DELETE WHERE {{ GRAPH <{prefix}> {{ <{part.graph}> ?p ?o }} }} ;\n"
    switch += f"INSERT DATA {{ GRAPH <{prefix}> {{\n{body}\n}} }}"
    remote.update(switch)  # one request: the server switches from the old graphs to the new ones at once
    for gone in old:
        for graph in [gone.data_graph, *(p.graph for p in gone.partitions)]:
            remote.drop_graph(graph)
    return entry, derived_count(local, info), bool(old)
