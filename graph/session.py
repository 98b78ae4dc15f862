"""Opening the graph a command works on: a dataset, an on-disk store or an endpoint."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from graph.errors import UsageError
from graph.files import example_data

if TYPE_CHECKING:  # pragma: no cover
    from graph.io.load import Loaded
    from graph.store import Store

__all__ = ["ENGINES", "Session", "Source"]

#: Embedded engines a dataset can be loaded into.
ENGINES = ("oxigraph", "rdflib")


@dataclass(frozen=True)
class Source:
    """Where the graph comes from; at most one of ``store_dir`` and ``endpoint``.

    ``data`` is a workbook folder, an .xlsx workbook or an RDF file; without any
    of the three the bundled Aachen example is used.
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

    def describe(self) -> str:
        """A short name of the source for messages."""
        if self.endpoint:
            return self.endpoint
        if self.store_dir:
            return str(self.store_dir)
        return str(self.data_path)


class Session:
    """Opens the graph once, lazily, when a command first needs it.

    Examples
    --------
    >>> s = Session(Source())
    >>> len(s.store)
    1151
    """

    def __init__(self, source: Source):
        self.source = source
        self.loaded: Loaded | None = None

    @cached_property
    def store(self) -> Store:
        """The store holding the graph (loads the dataset on first use)."""
        src = self.source
        if src.endpoint:
            from graph.offline import allow_host
            from graph.store.endpoint import EndpointStore

            for url in (src.endpoint, src.update_endpoint):
                if url:
                    allow_host(urlsplit(url).hostname or "")
            extra = {"graph_iri": src.graph_iri} if src.graph_iri else {}
            return EndpointStore(
                src.endpoint,
                src.update_endpoint,
                user=src.user,
                password=src.password,
                timeout=src.timeout,
                **extra,
            )
        if src.store_dir:
            from graph.errors import StoreError
            from graph.store import OxigraphStore

            if not Path(src.store_dir).is_dir():
                raise StoreError(
                    f"{src.store_dir}: no such store; create it with 'sozialgraph load --store {src.store_dir}'"
                )
            return OxigraphStore(src.store_dir)
        from graph.io.load import load_dataset
        from graph.store import OxigraphStore, RdflibStore

        empty = RdflibStore() if src.engine == "rdflib" else OxigraphStore()
        store, self.loaded = load_dataset(src.data_path, empty, base=src.base)
        return store

    def close(self) -> None:
        """Flush and close the store if it was opened."""
        if "store" in self.__dict__:
            self.store.close()
