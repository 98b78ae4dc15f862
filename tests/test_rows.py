"""The rows path (graph/analysis/query.py run_rows, graph/output.py) gives what the DataFrame path gives, without pandas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, city_view

from graph.analysis.catalogue import catalogue
from graph.analysis.query import Section, gaps, overlaps, run_query, run_rows
from graph.output import format_frame, format_rows, format_sections, frame_rows, xlsx_rows, xlsx_sections

#: Parameter values for the analyses that need them (as tests/test_queries.py).
PARAMS = {"actor-profile": {"actor": "FB 56"}, "theme-actors": {"theme": "teilhabe"}}
FORMATS = ("table", "csv", "json", "md")


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def city(request):
    return city_view(request.param)


@pytest.mark.parametrize("name", [q.name for q in catalogue()])
def test_rows_and_frame_give_the_same_output(city, name):
    answer = run_rows(city, name, PARAMS.get(name))
    frame = run_query(city, name, PARAMS.get(name))
    assert len(answer) == len(frame) > 0  # the city has a row for every analysis
    assert answer.columns == list(frame.columns)
    for fmt in FORMATS:
        assert format_rows(answer.columns, answer.rows, fmt) == format_frame(frame, fmt), fmt
    assert cells(xlsx_rows(name, answer.columns, answer.rows)) == cells(xlsx_rows(name, *frame_rows(frame)))


def cells(workbook: bytes) -> dict[str, list[tuple]]:
    """Every sheet's cell values (the bytes differ by the time they were zipped)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


@pytest.mark.parametrize("report", [gaps, overlaps], ids=["gaps", "overlaps"])
def test_sections_from_rows_and_from_frames_give_the_same_output(city, report):
    from_rows = report(city)
    from_frames = [Section(s.name, s.title, s.summary, s.frame) for s in from_rows]
    assert [len(s) for s in from_rows] == [len(s.frame) for s in from_frames]
    for fmt in FORMATS:
        for excel in (False, True):
            if excel and fmt != "csv":
                continue
            assert format_sections(from_rows, fmt, excel=excel) == format_sections(
                from_frames, fmt, excel=excel
            )
    assert cells(xlsx_sections(from_rows)) == cells(xlsx_sections(from_frames))


def test_a_section_needs_a_frame_or_rows():
    with pytest.raises(TypeError):
        Section("gaps", "Gaps", "")


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> Path:
    from graph.files import example_data
    from graph.loading import load_into
    from graph.session import Source

    folder = tmp_path_factory.mktemp("store") / "aachen.store"
    load_into(Source(store_dir=folder, dataset="aachen"), example_data())
    return folder


def _imported(args: list[str]) -> tuple[str, set[str]]:
    """Run the command line in a fresh process; return its stdout and the top-level packages it imported."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    names = {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    return done.stdout, {name for name in names if "." not in name}


def test_gaps_on_a_store_imports_neither_pandas_nor_rdflib(example_store):
    out, imported = _imported(["gaps", "--store", str(example_store), "--format", "csv"])
    assert out.startswith("section,event_id,event,date,theme_id,theme,only_in")
    assert "pyoxigraph" in imported and "click" in imported
    assert "pandas" not in imported
    assert "rdflib" not in imported


def test_a_query_with_a_parameter_on_a_store_imports_neither(example_store):
    out, imported = _imported(
        ["query", "theme-actors", "-p", "theme=armut", "--store", str(example_store), "--format", "csv"]
    )
    assert out.splitlines()[0] == "actor_id,actor,kind,engagement,via,routes,goals"
    assert len(out.splitlines()) > 5
    assert not imported & {"pandas", "rdflib", "numpy"}
