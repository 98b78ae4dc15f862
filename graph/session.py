"""Opening the graph a command works on: a dataset (in memory), an on-disk store or a SPARQL endpoint.

Every command opens its target here, the same way: :class:`Source` says where
the data is and which question is asked of it (datasets, statuses, day),
:class:`Session` opens it once, lazily, and hands analyses a
:class:`~graph.store.view.GraphView` whose queries see the chosen datasets and
the derived graphs that count. :func:`graph.loading.load_into` is the one way
to put a dataset into a store folder or onto a server.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from graph.errors import QueryError, StoreError, UsageError, did_you_mean
from graph.files import example_data

if TYPE_CHECKING:  # pragma: no cover
    from graph.io.load import Loaded
    from graph.store.base import Store
    from graph.store.catalog import DatasetInfo
    from graph.store.view import GraphView

__all__ = ["ENGINES", "Session", "Source", "open_dataset"]

#: Embedded engines a dataset can be loaded into.
ENGINES = ("oxigraph", "rdflib")


@dataclass(frozen=True)
class Source:
    """Where the graph comes from, and what is asked of it.

    At most one of ``store_dir`` and ``endpoint``; without either, ``data`` (a
    workbook folder, an .xlsx workbook or an RDF file; default
    ``$SOZIALGRAPH_DATA``, else the bundled Aachen example) is read into memory.
    ``graph_store`` is a server's SPARQL 1.1 Graph Store endpoint that ``load``
    sends large graphs to. ``dataset`` names the dataset (``--data``, ``load``) or chooses datasets of a
    store (comma-separated); ``statuses`` and ``as_of`` choose which plans and
    instruments count (see :mod:`graph.analysis.rules`).
    """

    data: Path | None = None
    store_dir: Path | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    engine: str = "oxigraph"
    base: str | None = None
    timeout: float = 30.0
    graph_iri: str | None = None
    graph_store: str | None = None
    dataset: str | None = None
    statuses: frozenset[str] | None = None
    as_of: dt.date | None = None

    def __post_init__(self) -> None:
        if self.store_dir is not None and self.endpoint is not None:
            raise UsageError("--store and --endpoint cannot be used together")
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")

    @property
    def data_path(self) -> Path:
        """The dataset to read: ``data``, else ``$SOZIALGRAPH_DATA``, else the example."""
        if self.data is not None:
            return Path(self.data)
        env = os.environ.get("SOZIALGRAPH_DATA")
        return Path(env) if env else example_data()

    @property
    def prefix(self) -> str:
        """The catalogue graph (and prefix of the dataset graphs) on a server or in a store."""
        from graph.store.catalog import GRAPHS

        return self.graph_iri or GRAPHS

    def describe(self) -> str:
        """A short name of the source for messages."""
        if self.endpoint:
            return self.endpoint
        if self.store_dir:
            return str(self.store_dir)
        return str(self.data_path)

    def endpoint_store(self):
        """The endpoint as a store, its hosts allowed through the network guard."""
        from graph.offline import allow_host
        from graph.store.endpoint import EndpointStore

        assert self.endpoint is not None
        for url in (self.endpoint, self.update_endpoint, self.graph_store):
            if url:
                allow_host(urlsplit(url).hostname or "")
        return EndpointStore(
            self.endpoint,
            self.update_endpoint,
            user=self.user,
            password=self.password,
            timeout=self.timeout,
            graph_iri=self.prefix,
            graph_store=self.graph_store,
        )


class Session:
    """Opens the graph once, lazily, when a command first needs it.

    Examples
    --------
    >>> s = Session(Source())
    >>> len(s.store), [d.name for d in s.datasets]
    (1009, ['aachen'])
    """

    def __init__(self, source: Source, notify: Callable[[str], None] | None = None):
        self.source = source
        self.notify = notify
        self.loaded: Loaded | None = None
        self.datasets: list[DatasetInfo] = []
        self._closers: list[Callable[[], None]] = []

    @cached_property
    def store(self) -> GraphView:
        """The view every analysis asks (opens or loads the target on first use)."""
        from graph.analysis.rules import DEFAULT_STATUSES, RULES_VERSION, scope_for
        from graph.store.catalog import ontology_graph_iri, read_catalog
        from graph.store.view import GraphView

        src = self.source
        statuses = src.statuses or DEFAULT_STATUSES
        if src.endpoint or src.store_dir:
            base = self._open_persistent()
            everything = read_catalog(base, src.prefix)
            if not everything:
                raise StoreError(
                    f"{src.describe()}: nothing is loaded"
                    + (f" in the graph <{src.prefix}>" if src.endpoint else "")
                    + "; load a dataset with 'sozialgraph load --data … --dataset NAME'"
                )
            self.datasets = _choose(everything, src.dataset, src.describe())
            stale = [d.name for d in self.datasets if d.rules_version != RULES_VERSION]
            if stale:
                raise StoreError(
                    f"{src.describe()}: the derived relations of {', '.join(stale)} were made by other "
                    "rules than this version of sozialgraph states; load the dataset again"
                )
            scope = scope_for(self.datasets, statuses, src.as_of, ontology=ontology_graph_iri(src.prefix))
            return GraphView(base, scope, self.datasets)
        view, self.loaded = open_dataset(
            src.data_path,
            name=src.dataset,
            base=src.base,
            engine=src.engine,
            statuses=statuses,
            as_of=src.as_of,
        )
        self.datasets = view.datasets
        if self.notify is not None:
            for warning in self.loaded.warnings:
                self.notify(warning)
        return view

    def _open_persistent(self) -> Store:
        src = self.source
        if src.endpoint:
            return src.endpoint_store()
        from graph.store.folder import StoreFolder

        reading = StoreFolder(Path(src.store_dir)).read()
        store = reading.__enter__()
        self._closers.append(lambda: reading.__exit__(None, None, None))
        return store

    def close(self) -> None:
        """Release the store (and its lock) if it was opened."""
        while self._closers:
            self._closers.pop()()


def _choose(datasets: list[DatasetInfo], wanted: str | None, where: str) -> list[DatasetInfo]:
    if not wanted:
        return datasets
    from graph.store.catalog import dataset_name

    names = {d.name: d for d in datasets}
    chosen = []
    for item in (w.strip() for w in wanted.split(",")):
        if not item:
            continue
        key = dataset_name(item)
        if key not in names:
            raise QueryError(
                f"{where} holds no dataset {item!r}{did_you_mean(key, names)}; it holds: {', '.join(names)}"
            )
        chosen.append(names[key])
    return chosen or datasets


def open_dataset(
    path: str | Path,
    *,
    name: str | None = None,
    base: str | None = None,
    engine: str = "oxigraph",
    statuses: frozenset[str] | None = None,
    as_of: dt.date | None = None,
) -> tuple[GraphView, Loaded]:
    """Read a dataset, check it, and build it in memory with its derived relations.

    A dataset that is one Turtle or N-Triples file goes straight into the
    engine and is checked there (:func:`graph.loading.read_for_build`).

    Parameters
    ----------
    path
        A workbook folder, an .xlsx workbook or an RDF file.
    name
        The dataset's name; default: from the file or folder name.
    base
        Base IRI of the entities; default from the name (``…/id/<name>/``).
    engine
        ``oxigraph`` (default) or ``rdflib`` (the same graphs, copied into rdflib's engine).
    statuses, as_of
        Which plans and instruments count (default: active and planned, today).

    Examples
    --------
    >>> from graph.files import example_data
    >>> view, loaded = open_dataset(example_data())
    >>> len(view), view.datasets[0].name
    (1009, 'aachen')
    """
    from graph.analysis.rules import DEFAULT_STATUSES, scope_for
    from graph.io.ids import default_base
    from graph.loading import base_for, build, read_for_build
    from graph.store.catalog import GRAPHS, dataset_name, ontology_graph_iri
    from graph.store.memory import RdflibStore
    from graph.store.oxigraph import OxigraphStore
    from graph.store.view import GraphView

    path = Path(path)
    if name:
        name = dataset_name(name)
        base = base or base_for(name)
    else:
        name = dataset_name(default_base(path).rstrip("/").rsplit("/", 1)[-1])
    loaded, files = read_for_build(path, base)
    store = OxigraphStore()
    info = build(store, name, loaded=loaded, files=files, source=str(path), base=loaded.base)
    target: Store = store
    if engine == "rdflib":
        target = RdflibStore()
        target.add_quads(
            (s, p, o, g) for g in sorted(store.graph_names()) for s, p, o in store.to_graph(_only(g))
        )
    counted = statuses or DEFAULT_STATUSES
    scope = scope_for([info], counted, as_of, ontology=ontology_graph_iri(GRAPHS))
    return GraphView(target, scope, [info], _derive_again(counted, as_of)), loaded


def _derive_again(statuses: frozenset[str], as_of: dt.date | None):
    """After ``query --allow-update`` on a dataset in memory: what the update added to the default
    graph becomes the dataset's, and the derived relations are computed again (with the engine's rules)."""

    def after(view: GraphView) -> None:
        from graph.analysis.rules import derive, scope_for
        from graph.store.catalog import GRAPHS, ontology_graph_iri
        from graph.store.oxigraph import OxigraphStore

        (info,) = view.datasets
        store = view.base
        added = store.take_default_graph()
        if len(added):
            store.add_quads((s, p, o, info.data_graph) for s, p, o in added)
        if isinstance(store, OxigraphStore):
            partitions = derive(store, info.data_graph, ontology_graph_iri(GRAPHS))
            view.datasets = [type(info)(**{**info.__dict__, "partitions": partitions})]
            view.scope = scope_for(view.datasets, statuses, as_of, ontology=ontology_graph_iri(GRAPHS))

    return after


def _only(graph: str):
    from graph.store.base import Scope

    return Scope(default=(graph,), named=())
