"""Where the graph lives: one small interface over Oxigraph, rdflib and SPARQL servers.

Every analysis talks to a :class:`Store` through :meth:`Store.query`, so the same
SPARQL runs on the embedded Oxigraph engine (default, in memory or on disk), on
rdflib's own engine (for comparison) and on a remote SPARQL 1.1 endpoint.
Importing this package is cheap: the engines are imported when first named, and
import pyoxigraph (or rdflib) when they open.
"""

from graph.store.base import QueryResult, Store

__all__ = ["OxigraphStore", "QueryResult", "RdflibStore", "Store", "from_ox", "to_ox"]

#: Where the names this package offers live; they are imported when first asked for,
#: so that opening a store folder does not import rdflib's engine.
_LAZY = {
    "RdflibStore": "graph.store.memory",
    "OxigraphStore": "graph.store.oxigraph",
    "from_ox": "graph.store.oxigraph",
    "to_ox": "graph.store.oxigraph",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
