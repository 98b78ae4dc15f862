"""Store folders: one dataset is one named graph, replaced whole; a cut-off load leaves the old state.

Every test here loads through the command line or :func:`graph.loading.load_into`,
the one way a dataset gets into a store, and checks the store by asking it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from graph.errors import DataError, StoreError
from graph.loading import load_into
from graph.session import Session, Source
from graph.store.folder import MARKER, StoreFolder

ROOT = Path(__file__).resolve().parent.parent
AACHEN = ROOT / "data" / "aachen"
CITY = ROOT / "tests" / "fixtures" / "queries" / "city.ttl"


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def datasets(store: Path) -> dict[str, int]:
    listed = run("datasets", "--store", str(store), "-f", "json")
    assert listed.exit_code == 0, listed.stderr
    return {d["dataset"]: d["triples"] for d in json.loads(listed.stdout)}


def test_datasets_stay_apart_and_a_renamed_copy_replaces_its_dataset(tmp_path):
    store = tmp_path / "land.store"
    assert run("load", "--data", str(AACHEN), "--dataset", "aachen", "--store", str(store)).exit_code == 0
    assert run("load", "--data", str(CITY), "--dataset", "city", "--store", str(store)).exit_code == 0
    copy = tmp_path / "daten"  # the same overview, saved under another name
    shutil.copytree(AACHEN, copy)
    again = run("load", "--data", str(copy), "--dataset", "Aachen", "--store", str(store))
    assert again.exit_code == 0, again.stderr
    assert "replaced dataset 'aachen'" in again.stderr
    assert datasets(store) == {"aachen": 1009, "city": 258}  # not doubled; the city stays
    one = run("query", "shared-goals", "--store", str(store), "--dataset", "aachen", "-f", "json")
    direct = run("query", "shared-goals", "--data", str(AACHEN), "-f", "json")
    assert json.loads(one.stdout) == json.loads(direct.stdout)


def test_a_load_with_a_problem_changes_nothing(tmp_path):
    store = tmp_path / "s"
    load_into(Source(store_dir=store, dataset="aachen"), AACHEN)
    broken = tmp_path / "broken"
    shutil.copytree(AACHEN, broken)
    themes = broken / "Themen.csv"
    themes.write_text(themes.read_text(encoding="utf-8") + "armut,Armut doppelt,,,,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"Themen\.csv:\d+ ID: duplicate id 'armut'"):
        load_into(Source(store_dir=store, dataset="aachen"), broken)
    assert datasets(store) == {"aachen": 1009}
    assert sorted(p.name for p in store.iterdir() if p.name.startswith("db-")) == ["db-1"]


def test_a_load_killed_halfway_leaves_the_previous_dataset(tmp_path):
    """kill -9 while the new database is being made: the store answers with the old one, and loads again."""
    store = tmp_path / "s"
    load_into(Source(store_dir=store, dataset="land"), AACHEN)
    big = tmp_path / "land.nt"
    assert run("generate", "-n", "30", "--to", "nt", "-o", str(big)).exit_code == 0
    code = (
        "from pathlib import Path\n"
        "from graph.loading import load_into\n"
        "from graph.session import Source\n"
        f"load_into(Source(store_dir=Path({str(store)!r}), dataset='land'), Path({str(big)!r}))\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    deadline = time.monotonic() + 60
    while not any(p.name != "db-1" for p in store.glob("db-*")):  # the writer has made its copy
        assert proc.poll() is None, "the load ended before it could be cut off"
        assert time.monotonic() < deadline
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert json.loads((store / MARKER).read_text())["current"] == "db-1"
    assert datasets(store) == {"land": 1009}  # the previous state, whole
    load_into(Source(store_dir=store, dataset="land"), AACHEN)  # the next writer clears the half-made copy
    assert sorted(p.name for p in store.glob("db-*")) == ["db-2"]  # the half-made db-2 went first


def test_readers_run_together_and_a_writer_waits_for_them(tmp_path):
    store = tmp_path / "s"
    load_into(Source(store_dir=store, dataset="aachen"), AACHEN)
    first = Session(Source(store_dir=store))
    second = Session(Source(store_dir=store))
    try:
        assert len(first.store) == len(second.store) == 1009  # two read-only openings at once
        folder = StoreFolder(store, wait=0.5)
        with pytest.raises(StoreError, match=r"the store is read by other commands; waited 0\.5 s"):
            with folder.write():
                pass
    finally:
        first.close()
        second.close()
    with StoreFolder(store, wait=0.5).write():  # free again
        pass


def test_a_folder_that_is_not_a_store_is_refused_and_left_alone(tmp_path):
    plain = tmp_path / "Haushalt"
    plain.mkdir()
    (plain / "Haushalt.docx").write_bytes(b"the planner's own file")
    asked = run("gaps", "--store", str(plain))
    assert asked.exit_code == 1
    assert "not a sozialgraph store" in asked.stderr
    loaded = run("load", "--data", str(AACHEN), "--dataset", "aachen", "--store", str(plain))
    assert loaded.exit_code == 1
    assert "the folder is not empty and not a sozialgraph store" in loaded.stderr
    assert sorted(p.name for p in plain.iterdir()) == ["Haushalt.docx"]


def test_an_empty_store_says_nothing_is_loaded(tmp_path):
    store = tmp_path / "s"
    with StoreFolder(store).write():
        pass  # a store folder with no dataset in it
    asked = run("gaps", "--store", str(store))
    assert asked.exit_code == 1
    assert "nothing is loaded" in asked.stderr
    assert "No rows" not in asked.output


def test_an_unknown_dataset_of_a_store_names_the_ones_it_holds(tmp_path):
    store = tmp_path / "s"
    load_into(Source(store_dir=store, dataset="aachen"), AACHEN)
    asked = run("gaps", "--store", str(store), "--dataset", "achen")
    assert asked.exit_code == 1
    assert "holds no dataset 'achen' (did you mean 'aachen'?); it holds: aachen" in asked.stderr


def test_load_needs_a_dataset_name(tmp_path):
    result = run("load", "--data", str(AACHEN), "--store", str(tmp_path / "s"))
    assert result.exit_code == 2
    assert "Missing option '--dataset'" in result.stderr
