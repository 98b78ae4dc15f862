"""Where a load spends its CPU: reading, the engine's load, the schema checks, the rules, writing the store.

Runs ``sozialgraph load`` (or, with ``--memory``, what ``--data`` does) in
this process with the phases of :mod:`graph.loading` timed, and prints them as
JSON (CPU seconds of the process, every thread)::

    python bench/phases.py land.nt land.store
    python bench/phases.py land.nt --memory
    python bench/phases.py --example-queries   # each catalogue analysis on the example, in the process
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def example_queries() -> dict:
    """The cheapest of five runs of each catalogue analysis on the bundled example, in seconds."""
    from graph.analysis.catalogue import catalogue
    from graph.analysis.query import run_rows
    from graph.files import example_data
    from graph.session import open_dataset

    view, _ = open_dataset(example_data())
    params = {"actor-profile": {"actor": "FB 56"}, "theme-actors": {"theme": "armut"}}
    found = {}
    for info in catalogue():
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            run_rows(view, info.name, params.get(info.name))
            runs.append(time.perf_counter() - started)
        found[info.name] = round(min(runs), 5)
    return found


def main(argv: list[str]) -> dict:
    if argv == ["--example-queries"]:
        return example_queries()
    import graph.loading as loading
    from graph.store.oxigraph import OxigraphStore

    spent: dict[str, float] = defaultdict(float)

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - started

        return wrapper

    loading.read_for_build = timed("read", loading.read_for_build)
    loading._check = timed("checks", loading._check)
    loading.derive = timed("rules", loading.derive)
    loading._ensure_ontology = timed("vocabulary", loading._ensure_ontology)
    OxigraphStore.load_file = timed("engine load", OxigraphStore.load_file)
    OxigraphStore.add_graph = timed("engine load", OxigraphStore.add_graph)
    OxigraphStore.bulk_copy = timed("write store", OxigraphStore.bulk_copy)
    data = Path(argv[0])
    started = time.process_time()
    if argv[1:] == ["--memory"]:
        from graph.session import open_dataset

        view, _ = open_dataset(data, name="land")
        triples = len(view)
    else:
        from graph.session import Source

        report = loading.load_into(Source(store_dir=Path(argv[1]), dataset="land"), data)
        triples = report.triples
    total = time.process_time() - started
    # a vocabulary load is a load_file too: count it once, as vocabulary
    spent["engine load"] -= spent["vocabulary"]
    return {"triples": triples, "total": total, **{k: round(v, 3) for k, v in spent.items()}}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
