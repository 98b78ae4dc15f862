"""Bare pyoxigraph: the same query text on the same store, or the same file bulk-loaded, with nothing of sozialgraph.

The benchmark's yardstick for "close to the engine". Imports only pyoxigraph
and the standard library, like the shortest script a programmer would write::

    python bench/bare.py query SPEC.json      # run the queries SPEC names; rows as CSV on stdout
    python bench/bare.py load FILE.nt DIR IRI # bulk-load an N-Triples file into a new store, into graph IRI
    python bench/bare.py engine SPEC.json     # CPU seconds of each query, on disk and copied into memory (JSON)

SPEC is JSON: ``{"db": DIR, "default": [IRI…] or null (the union), "named": [IRI…], "data": [IRI…],
"queries": [{"text": SPARQL, "bindings": {NAME: {"iri": …} | {"literal": …}}}]}``.
"""

from __future__ import annotations

import csv
import json
import sys

import pyoxigraph as ox


def _term(value: dict):
    if "iri" in value:
        return ox.NamedNode(value["iri"])
    return ox.Literal(value["literal"])


def query(spec_path: str) -> None:
    spec = json.load(open(spec_path, encoding="utf-8"))
    store = ox.Store.read_only(spec["db"])
    named = [ox.NamedNode(g) for g in spec["named"]]
    if spec["default"] is None:
        dataset = {"use_default_graph_as_union": True, "named_graphs": named}
    else:
        dataset = {"default_graph": [ox.NamedNode(g) for g in spec["default"]], "named_graphs": named}
    out = csv.writer(sys.stdout)
    for q in spec["queries"]:
        subs = {ox.Variable(k): _term(v) for k, v in q.get("bindings", {}).items()}
        solutions = store.query(q["text"], substitutions=subs or None, **dataset)
        out.writerow([v.value for v in solutions.variables])
        for row in solutions:
            out.writerow(["" if t is None else t.value for t in row])


def engine(spec_path: str) -> None:
    """The queries' CPU time inside one process: on the store (RocksDB) and on a copy in memory."""
    import time

    spec = json.load(open(spec_path, encoding="utf-8"))
    disk = ox.Store.read_only(spec["db"])
    memory = ox.Store()
    memory.extend(disk.quads_for_pattern(None, None, None, None))
    named = [ox.NamedNode(g) for g in spec["named"]]
    dataset = {"default_graph": [ox.NamedNode(g) for g in spec["data"]], "named_graphs": named}
    union = {"use_default_graph_as_union": True, "named_graphs": named}
    found = {}
    modes = [("disk", disk, dataset), ("disk, union", disk, union), ("memory", memory, dataset)]
    modes.append(("memory, union", memory, union))
    for label, store, kw in modes:
        spent = 0.0
        for q in spec["queries"]:
            subs = {ox.Variable(k): _term(v) for k, v in q.get("bindings", {}).items()}
            runs = []
            for _ in range(2):
                started = time.process_time()
                for _row in store.query(q["text"], substitutions=subs or None, **kw):
                    pass
                runs.append(time.process_time() - started)
            spent += min(runs)
        found[label] = round(spent, 4)
    print(json.dumps(found))


def load(path: str, db: str, graph: str) -> None:
    store = ox.Store(db)
    store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
    store.flush()


if __name__ == "__main__":
    if sys.argv[1] == "query":
        query(sys.argv[2])
    elif sys.argv[1] == "engine":
        engine(sys.argv[2])
    else:
        load(*sys.argv[2:5])
