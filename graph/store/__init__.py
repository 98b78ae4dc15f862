"""Where the graph lives: one small interface over Oxigraph, rdflib and SPARQL servers.

Every analysis talks to a :class:`Store` through :meth:`Store.query`, so the same
SPARQL runs on the embedded Oxigraph engine (default, in memory or on disk), on
rdflib's own engine (for comparison) and on a remote SPARQL 1.1 endpoint.
Importing this package is cheap: the engines import pyoxigraph when they open.
"""

from graph.store.base import QueryResult, Store
from graph.store.memory import RdflibStore
from graph.store.oxigraph import OxigraphStore, from_ox, to_ox

__all__ = ["OxigraphStore", "QueryResult", "RdflibStore", "Store", "from_ox", "to_ox"]
