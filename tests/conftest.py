"""Shared fixtures and the rules for tests that need Chromium or Virtuoso.

Tests that need Chromium or a Virtuoso server skip, with the reason and the
command that installs the missing part, where it is missing. CI installs both
and sets ``SOZIALGRAPH_REQUIRE_ALL=1``: then every skip is a failure, so
nothing is skipped there. A test that uses the ``virtuoso_installed`` fixture
(through ``virtuoso_endpoint`` or any other server fixture) is marked
``virtuoso`` here, so ``-m "not virtuoso"`` leaves out exactly the tests that
need the server.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from virtuoso_support import virtuoso_endpoint, virtuoso_installed  # noqa: F401 - fixtures for every module

ROOT = Path(__file__).resolve().parent.parent
#: Set in CI: a skipped test fails the run.
REQUIRE_ALL = os.environ.get("SOZIALGRAPH_REQUIRE_ALL", "") not in ("", "0")


def pytest_report_header(config: pytest.Config) -> str:
    if REQUIRE_ALL:
        return "SOZIALGRAPH_REQUIRE_ALL=1: a skipped test fails"
    return "tests that need Chromium or Virtuoso skip where they are missing (SOZIALGRAPH_REQUIRE_ALL=1 fails them)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "virtuoso_installed" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.virtuoso)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if REQUIRE_ALL and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, but SOZIALGRAPH_REQUIRE_ALL=1 forbids skips: {reason}"
    return report


@pytest.fixture(scope="session")
def example_path() -> Path:
    return ROOT / "data" / "aachen"


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
    info = build(store, name or path.stem, files=[(path, path.suffix.lstrip("."))], check=False)
    if engine == "rdflib":
        copy = RdflibStore()
        copy.add_quads(
            (s, p, o, g)
            for g in sorted(store.graph_names())
            for s, p, o in store.to_graph(Scope(default=(g,), named=()))
        )
        store = copy
    return GraphView(store, scope_for([info], ontology=ontology_graph_iri()), [info])
