"""Every analysis of the catalogue gives the same rows on every engine: Oxigraph, rdflib, Virtuoso.

The reference is Oxigraph in memory (the default engine); the hand-made city's
expected answers are checked in ``test_queries.py``. Here the same analyses,
with parameters, run on an on-disk Oxigraph store, on rdflib and on a real,
throw-away Virtuoso 7.2 (marked ``virtuoso``; it fails when Virtuoso is missing),
for the city fixture and the bundled example ``data/aachen``. Each dataset is
pushed to the server once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from virtuoso_support import loaded_endpoint, virtuoso_endpoint  # noqa: F401 - virtuoso_endpoint is a fixture

from graph.analysis.catalogue import catalogue
from graph.analysis.query import gaps, overlaps, run_query
from graph.io.load import load_dataset
from graph.store import OxigraphStore, RdflibStore, Store

ROOT = Path(__file__).resolve().parent.parent
CITY = Path(__file__).parent / "fixtures" / "queries" / "city.ttl"
DATASETS = ("city", "aachen")

#: Parameter values per dataset: two actors, two themes (one with narrower themes
#: at two levels or with two broader themes), the hotspot minimum 2 and 3.
PARAMS = {
    "city": {"actor": ["FB 56", "GA"], "theme": ["teilhabe", "armut"], "min": ["2", "3"]},
    "aachen": {"actor": ["FB 56", "AGW"], "theme": ["armut", "wohnen"], "min": ["2", "3"]},
}
ENGINES = [
    "oxigraph-disk",
    "rdflib",
    pytest.param("virtuoso", marks=pytest.mark.virtuoso),
]


def cases() -> list[tuple[str, dict[str, str]]]:
    """(analysis, parameters) for every analysis; one case per value of its parameter."""
    found = []
    for info in catalogue():
        if not info.params:
            found.append((info.name, {}))
            continue
        (param,) = info.params  # every analysis takes at most one parameter
        for value in range(2):
            found.append((info.name, {param.name: value}))  # index into PARAMS[dataset][name]
    return found


CASES = cases()


def case_id(case: tuple[str, dict[str, int]]) -> str:
    name, params = case
    return name + "".join(f"-{key}{index}" for key, index in params.items())


def values(dataset: str, params: dict[str, int]) -> dict[str, str]:
    return {key: PARAMS[dataset][key][index] for key, index in params.items()}


def rows(frame) -> tuple[list[str], list[str], list[list]]:
    """Columns, column types and rows of a result frame, in order."""
    return list(frame.columns), [str(t) for t in frame.dtypes], frame.values.tolist()


@pytest.fixture(scope="module")
def graphs() -> dict[str, Graph]:
    """The triples of each dataset, as the default engine holds them after loading."""
    city = OxigraphStore()
    city.load_file(CITY, "ttl")
    aachen, _ = load_dataset(ROOT / "data" / "aachen")
    return {"city": city.to_graph(), "aachen": aachen.to_graph()}


@pytest.fixture(scope="module")
def reference(graphs) -> dict[str, Store]:
    """Oxigraph in memory, the engine the others must agree with."""
    stores = {}
    for dataset in DATASETS:
        stores[dataset] = OxigraphStore()
        stores[dataset].add_graph(graphs[dataset])
    return stores


@pytest.fixture(scope="module")
def engines(request, graphs, tmp_path_factory):
    """A loaded store per (engine, dataset), made on first use and kept for the module."""
    made: dict[tuple[str, str], Store] = {}

    def get(engine: str, dataset: str) -> Store:
        if (engine, dataset) not in made:
            if engine == "oxigraph-disk":
                store = OxigraphStore(tmp_path_factory.mktemp(f"oxigraph-{dataset}"))
                store.add_graph(graphs[dataset])
            elif engine == "rdflib":
                store = RdflibStore()
                store.add_graph(graphs[dataset])
            else:
                server = request.getfixturevalue("virtuoso_endpoint")
                store = loaded_endpoint(
                    server, graphs[dataset], f"https://w3id.org/sozialgraph/test/engines/{dataset}"
                )
            made[engine, dataset] = store
        return made[engine, dataset]

    yield get
    for store in made.values():
        store.close()


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("engine", ENGINES)
def test_same_rows_as_oxigraph(engines, reference, engine, dataset, case):
    name, params = case
    given = values(dataset, params)
    expected = rows(run_query(reference[dataset], name, given))
    assert rows(run_query(engines(engine, dataset), name, given)) == expected


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("engine", ENGINES)
def test_same_overlaps_and_gaps(engines, reference, engine, dataset):
    store = engines(engine, dataset)
    for report in (overlaps, gaps):
        got = [(s.name, s.title, s.summary, rows(s.frame)) for s in report(store)]
        assert got == [(s.name, s.title, s.summary, rows(s.frame)) for s in report(reference[dataset])]


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_comparison_has_something_to_compare(reference, dataset):
    """The parametrised analyses find rows on both datasets, so equal answers mean something."""
    store = reference[dataset]
    for name, params in CASES:
        if name in ("actor-profile", "theme-actors", "hotspots", "shared-goals", "shared-themes"):
            assert len(run_query(store, name, values(dataset, params))) > 0, (name, params)
    assert sum(len(s.frame) for s in gaps(store)) > 0
