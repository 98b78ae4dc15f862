"""Shared fixtures: the repository, the bundled example, a loaded example store."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Screenshots and other artefacts of the test run (git-ignored).
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def example_path() -> Path:
    return ROOT / "data" / "aachen"


@pytest.fixture(scope="session")
def test_output() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    return OUTPUT


#: The hand-made city of the analyses and rules, and the day its expected answers are written for.
CITY = Path(__file__).parent / "fixtures" / "queries" / "city.ttl"
CITY_AS_OF = __import__("datetime").date(2026, 11, 30)


def city_view(engine: str = "oxigraph", **kwargs):
    """The hand-made city with its derived relations (graph.session.open_dataset), on ``engine``."""
    from graph.session import open_dataset

    kwargs.setdefault("as_of", CITY_AS_OF)
    return open_dataset(CITY, engine=engine, **kwargs)[0]


def derived_store(path: Path, engine: str = "oxigraph", name: str | None = None):
    """An RDF fixture built as a dataset with its derived relations, WITHOUT the schema check.

    For fixtures that break the schema on purpose (e.g. a reference to an undeclared
    theme); everything else goes through :func:`graph.session.open_dataset`.
    """
    from graph.analysis.rules import scope_for
    from graph.loading import build
    from graph.store import OxigraphStore, RdflibStore
    from graph.store.base import Scope
    from graph.store.catalog import ontology_graph_iri
    from graph.store.view import GraphView

    store = OxigraphStore()
    info = build(store, name or path.stem, files=[(path, path.suffix.lstrip("."))])
    if engine == "rdflib":
        copy = RdflibStore()
        copy.add_quads(
            (s, p, o, g)
            for g in sorted(store.graph_names())
            for s, p, o in store.to_graph(Scope(default=(g,), named=()))
        )
        store = copy
    return GraphView(store, scope_for([info], ontology=ontology_graph_iri()), [info])


@pytest.fixture(scope="session")
def aachen_store(example_path):
    """The bundled example with its derived relations, in the default engine (read it, don't change it)."""
    from graph.session import open_dataset

    view, _ = open_dataset(example_path)
    return view
