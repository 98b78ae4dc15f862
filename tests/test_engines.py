"""Every analysis of the catalogue gives the same rows on every engine: Oxigraph, rdflib, Virtuoso.

The reference is Oxigraph in memory (the default engine); the hand-made city's
expected answers are checked in ``test_queries.py``. Here the same analyses,
with parameters, run on an on-disk Oxigraph store, on rdflib and on a real,
throw-away Virtuoso 7.2 (marked ``virtuoso``), for the city fixture and the
bundled example ``data/aachen``, each loaded the one way every command loads
(``sozialgraph load`` for the store folder and the server), under the default
statuses and under ``--status all``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from virtuoso_support import virtuoso_endpoint  # noqa: F401 - virtuoso_endpoint is a fixture

from graph.analysis.catalogue import catalogue
from graph.analysis.query import gaps, overlaps, run_query
from graph.analysis.rules import STATUSES
from graph.loading import load_into
from graph.session import Session, Source, open_dataset
from graph.store import Store

ROOT = Path(__file__).resolve().parent.parent
PATHS = {
    "city": Path(__file__).parent / "fixtures" / "queries" / "city.ttl",
    "aachen": ROOT / "data" / "aachen",
}
DATASETS = ("city", "aachen")
AS_OF = dt.date(2026, 11, 30)
SELECTIONS = {"default": None, "all": frozenset(STATUSES)}

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
def reference() -> dict[tuple[str, str], Store]:
    """Oxigraph in memory, the engine the others must agree with, per (dataset, statuses)."""
    return {
        (dataset, sel): open_dataset(PATHS[dataset], name=dataset, statuses=statuses, as_of=AS_OF)[0]
        for dataset in DATASETS
        for sel, statuses in SELECTIONS.items()
    }


@pytest.fixture(scope="module")
def engines(request, tmp_path_factory):
    """A loaded store per (engine, dataset, statuses), made on first use and kept for the module."""
    made: dict[tuple[str, str, str], Store] = {}
    loaded: dict[tuple[str, str], Source] = {}

    def where(engine: str, dataset: str) -> Source:
        if (engine, dataset) not in loaded:
            if engine == "oxigraph-disk":
                source = Source(
                    store_dir=tmp_path_factory.mktemp(f"oxigraph-{dataset}") / "s", dataset=dataset
                )
            else:
                server = request.getfixturevalue("virtuoso_endpoint")
                source = Source(
                    endpoint=server.url,
                    update_endpoint=server.auth_url,
                    user=server.user,
                    password=server.password,
                    graph_iri=f"https://w3id.org/sozialgraph/test/engines/{dataset}",
                    dataset=dataset,
                )
            load_into(source, PATHS[dataset])
            loaded[engine, dataset] = source
        return loaded[engine, dataset]

    def get(engine: str, dataset: str, sel: str = "default") -> Store:
        key = (engine, dataset, sel)
        if key not in made:
            if engine == "rdflib":
                made[key] = open_dataset(
                    PATHS[dataset], name=dataset, engine="rdflib", statuses=SELECTIONS[sel], as_of=AS_OF
                )[0]
            else:
                base = where(engine, dataset)
                source = Source(
                    store_dir=base.store_dir,
                    endpoint=base.endpoint,
                    update_endpoint=base.update_endpoint,
                    user=base.user,
                    password=base.password,
                    graph_iri=base.graph_iri,
                    statuses=SELECTIONS[sel],
                    as_of=AS_OF,
                )
                session = Session(source)
                made[key] = session.store
                sessions.append(session)
        return made[key]

    sessions: list[Session] = []
    yield get
    for session in sessions:
        session.close()


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("case", CASES, ids=case_id)
@pytest.mark.parametrize("engine", ENGINES)
def test_same_rows_as_oxigraph(engines, reference, engine, dataset, case):
    name, params = case
    given = values(dataset, params)
    expected = rows(run_query(reference[dataset, "default"], name, given))
    assert rows(run_query(engines(engine, dataset), name, given)) == expected


@pytest.mark.parametrize("sel", SELECTIONS)
@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("engine", ENGINES)
def test_same_overlaps_and_gaps(engines, reference, engine, dataset, sel):
    store = engines(engine, dataset, sel)
    for report in (overlaps, gaps):
        got = [(s.name, s.title, s.summary, rows(s.frame)) for s in report(store)]
        want = [(s.name, s.title, s.summary, rows(s.frame)) for s in report(reference[dataset, sel])]
        assert got == want


@pytest.mark.parametrize("dataset", DATASETS)
def test_the_comparison_has_something_to_compare(reference, dataset):
    """The parametrised analyses find rows on both datasets, and the statuses change answers."""
    store = reference[dataset, "default"]
    for name, params in CASES:
        if name in ("actor-profile", "theme-actors", "hotspots", "shared-goals", "shared-themes"):
            assert len(run_query(store, name, values(dataset, params))) > 0, (name, params)
    assert sum(len(s.frame) for s in gaps(store)) > 0
    every = reference[dataset, "all"]
    assert [rows(s.frame) for s in gaps(store)] != [rows(s.frame) for s in gaps(every)]


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("engine", ENGINES)
def test_the_python_paths_give_the_sparql_rows_on_every_engine(engines, reference, engine, dataset):
    """What the commands run instead of the SPARQL files at Land size — theme-actors from bound
    queries, the pair questions from the works-on incidence — gives the files' rows on every engine, and
    the coverage table is the same."""
    from graph.analysis.coverage import coverage
    from graph.analysis.pairs import hotspots, read_incidence, shared
    from graph.analysis.query import _bind, find_query
    from graph.analysis.theme_actors import theme_actors

    store = engines(engine, dataset)
    for theme in PARAMS[dataset]["theme"]:
        frame = run_query(reference[dataset, "default"], "theme-actors", {"theme": theme})
        iri = _bind(store, find_query("theme-actors").param("theme"), theme)
        assert theme_actors(store, iri) == frame.values.tolist()
    inc = read_incidence(store)
    for name, table in (
        ("shared-goals", shared(inc, "goal", scope="all", top=None)),
        ("shared-themes", shared(inc, "theme", scope="all", top=None)),
        ("hotspots", hotspots(inc, scope="all", top=None)),
    ):
        frame = run_query(reference[dataset, "default"], name)
        assert table.columns == list(frame.columns), name
        assert [list(r) for r in table.rows] == frame.values.tolist(), name
    for themes in ("top", "all"):
        want = coverage(reference[dataset, "default"], themes=themes).rows()
        assert coverage(store, themes=themes).rows() == want
        assert any(row[-1] for row in want) and not all(row[-1] for row in want)  # planned and gaps
