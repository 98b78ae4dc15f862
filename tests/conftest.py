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


@pytest.fixture(scope="session")
def aachen_store(example_path):
    """The bundled example loaded into the default engine (read it, don't change it)."""
    from graph.io.load import load_dataset

    store, _ = load_dataset(example_path)
    return store
