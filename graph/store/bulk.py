"""Loading data once into a persistent store or a SPARQL server."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graph.errors import DataError, Problem
from graph.store import OxigraphStore, Store

__all__ = ["LoadReport", "load_into"]

#: RDF files loaded directly by the engine (no spreadsheet mapping).
_RDF_SUFFIXES = {".nt": "nt", ".nq": "nq", ".ttl": "ttl", ".jsonld": "jsonld"}
_CHUNK_BYTES = 16 * 1024 * 1024


@dataclass
class LoadReport:
    """What was loaded where, and how fast."""

    target: str
    triples_before: int
    triples_after: int
    seconds: float

    def __str__(self) -> str:
        added = self.triples_after - self.triples_before
        rate = added / self.seconds if self.seconds > 0 else 0.0
        return (
            f"loaded {added:,} triples into {self.target} in {self.seconds:.1f} s "
            f"({rate:,.0f} triples/s; {self.triples_after:,} in all)"
        )


def _chunks(path: Path):
    """Yield N-Triples/N-Quads chunks of whole lines (about 16 MiB each)."""
    with path.open("rb") as fh:
        while True:
            block = fh.read(_CHUNK_BYTES)
            if not block:
                return
            if not block.endswith(b"\n"):
                block += fh.readline()
            yield block


def _bulk_line_based(store: OxigraphStore, path: Path, fmt: str, progress) -> None:
    import pyoxigraph as ox

    rdf_format = ox.RdfFormat.N_TRIPLES if fmt == "nt" else ox.RdfFormat.N_QUADS
    for block in _chunks(path):
        try:
            store.raw.bulk_load(block, format=rdf_format)
        except SyntaxError as exc:
            raise DataError([Problem(str(path), None, None, f"not valid RDF: {exc}")]) from None
        if progress:
            progress(len(block))


def load_into(
    data: Path,
    *,
    store_dir: Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    base: str | None = None,
    replace: bool = False,
    timeout: float = 30.0,
    graph_iri: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadReport:
    """Load a dataset into an on-disk Oxigraph store or a SPARQL endpoint.

    N-Triples and N-Quads files go to Oxigraph's bulk loader in chunks, and
    ``progress`` is called with the number of bytes done after each chunk.
    Workbooks are read, checked and mapped as for every other command.

    Examples
    --------
    >>> import tempfile
    >>> from graph.files import example_data
    >>> r = load_into(example_data(), store_dir=Path(tempfile.mkdtemp()) / "s")
    >>> r.triples_after
    1151
    """
    store: Store
    if endpoint:
        from urllib.parse import urlsplit

        from graph.offline import allow_host
        from graph.store.endpoint import EndpointStore

        for url in (endpoint, update_endpoint):
            if url:
                allow_host(urlsplit(url).hostname or "")
        extra = {"graph_iri": graph_iri} if graph_iri else {}
        store = EndpointStore(
            endpoint, update_endpoint, user=user, password=password, timeout=timeout, **extra
        )
        target = endpoint
        if replace:
            store.clear()
    else:
        assert store_dir is not None
        store = OxigraphStore(store_dir)
        target = str(store_dir)
        if replace:
            store.raw.clear()
    start = time.perf_counter()
    before = len(store)
    suffix = data.suffix.lower()
    try:
        if data.is_file() and suffix in (".nt", ".nq") and isinstance(store, OxigraphStore):
            _bulk_line_based(store, data, _RDF_SUFFIXES[suffix], progress)
        elif data.is_file() and suffix in _RDF_SUFFIXES and data.stat().st_size > _CHUNK_BYTES:
            store.load_file(data, _RDF_SUFFIXES[suffix])
        else:
            from graph.io.load import load_dataset

            load_dataset(data, store, base=base)
        after = len(store)
    finally:
        store.close()
    return LoadReport(target, before, after, time.perf_counter() - start)
