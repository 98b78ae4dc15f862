"""The command line: help, exit codes, stdout for data only, every command once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

import cli
from graph.io.load import read_dataset

HEAVY = ("pandas", "pyoxigraph", "pyshacl", "networkx", "pyvis", "rdflib")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    return runner.invoke(cli.main, list(args), catch_exceptions=False)


def test_import_cli_does_not_import_heavy_libraries():
    code = f"import sys, cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(cli.__file__).parent,
    )
    assert out.stdout.strip() == ""


def test_queries_lists_without_heavy_libraries():
    code = (
        "import sys, cli\n"
        "try:\n    cli.main(['queries'])\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(cli.__file__).parent
    )
    assert out.returncode == 0
    assert "shared-goals" in out.stdout
    assert out.stderr.strip() == ""


@pytest.mark.parametrize("name", sorted(cli.main.commands))
def test_every_command_has_help_with_an_example(runner, name):
    result = invoke(runner, name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"sozialgraph {name}" in result.output


def test_validate_example(runner, example_path):
    result = invoke(runner, "validate", "--data", str(example_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{example_path}: valid (")


def test_validate_reports_every_problem_with_place_and_exit_1(runner, tmp_path):
    (tmp_path / "Akteure.csv").write_text(
        "ID,Name,Typ\nFB 56,Soziales,Fachbreich\nFB 56,Doppelt,Fachbereich\n", encoding="utf-8"
    )
    (tmp_path / "Planwerke.csv").write_text(
        "ID,Name,Federführung\nSEP,Sozialentwicklungsplan,FB 65\n", encoding="utf-8"
    )
    result = invoke(runner, "validate", "--data", str(tmp_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        "Error: 3 problems in the data:",
        "  Akteure.csv:2 Typ: unknown actor type 'Fachbreich' (did you mean 'Fachbereich'?); allowed: department,"
        " Fachbereich, enterprise, Eigenbetrieb, external partner, externer Partner, committee, Ausschuss, body, Gremium,"
        " local authority, Körperschaft",
        "  Akteure.csv:3 ID: duplicate id 'FB 56' (first in row 2)",
        "  Planwerke.csv:2 Federführung: no actor with id 'FB 65' (did you mean 'FB 56'?)",
    ]


def test_stats_json_has_counts_per_sheet(runner, example_path):
    result = invoke(runner, "stats", "--data", str(example_path), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    counts = {key: data[key] for key in ("actors", "themes", "plans", "goals", "instruments", "events")}
    assert counts == {"actors": 19, "themes": 21, "plans": 12, "goals": 30, "instruments": 10, "events": 7}
    assert (data["links"]["plans.owner"], data["links"]["goals.plans"], data["triples"]) == (12, 36, 1009)


def test_export_turtle_round_trips(runner, example_path, tmp_path):
    target = tmp_path / "out" / "aachen.ttl"
    result = invoke(runner, "export", "--data", str(example_path), "--to", "ttl", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"wrote {target}\n"
    g = Graph().parse(target, format="turtle")
    nt = invoke(runner, "export", "--data", str(example_path), "--to", "nt")
    assert isomorphic(g, Graph().parse(data=nt.stdout, format="nt"))
    assert isomorphic(g, read_dataset(example_path).graph)


def test_export_jsonld_context_is_inline(runner, example_path):
    result = invoke(runner, "export", "--data", str(example_path), "--to", "jsonld")
    doc = json.loads(result.stdout)
    assert isinstance(doc["@context"], dict)
    assert doc["@context"]["sp"] == "https://w3id.org/sozialgraph/ontology#"


def test_usage_errors_exit_2(runner):
    assert invoke(runner, "query", "shared-goals", "-p", "novalue").exit_code == 2
    assert invoke(runner, "network", "--view", "focus").exit_code == 2
    assert invoke(runner, "stats", "--excel", "--format", "json").exit_code == 2
    assert invoke(runner, "load", "--data", ".").exit_code == 2
    assert invoke(runner, "stats", "--data", "/no/such/folder").exit_code == 2


def test_queries_lists_the_catalogue(runner):
    result = invoke(runner, "queries", "--format", "json")
    names = [row["name"] for row in json.loads(result.stdout)]
    for name in ("shared-goals", "shared-themes", "unplanned-themes", "actor-profile", "theme-actors"):
        assert name in names


def test_query_value_is_bound_never_pasted(runner, example_path):
    result = invoke(
        runner, "query", "theme-actors", "--data", str(example_path), "-p", 'theme=SA" } ; DROP ALL #'
    )
    assert result.exit_code == 1
    assert result.stderr == "Error: no theme with id 'SA\" } ; DROP ALL #'\n"


def test_unknown_query_suggests_close_names(runner, example_path):
    result = invoke(runner, "query", "shared-goal", "--data", str(example_path))
    assert result.exit_code == 1
    assert "shared-goals" in result.stderr


def test_csv_for_excel_has_bom_and_semicolons(runner, example_path, tmp_path):
    target = tmp_path / "goals.csv"
    result = invoke(
        runner,
        "query",
        "shared-goals",
        "--data",
        str(example_path),
        "-f",
        "csv",
        "--excel",
        "-o",
        str(target),
    )
    assert result.exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0].startswith("actor_a_id;")


def test_store_and_data_together_is_a_usage_error(runner, tmp_path):
    result = invoke(runner, "stats", "--store", str(tmp_path), "--endpoint", "http://127.0.0.1:1/sparql")
    assert result.exit_code == 2


def test_load_into_store_then_query_without_spreadsheets(runner, example_path, tmp_path):
    store = tmp_path / "aachen.store"
    result = invoke(runner, "load", "--data", str(example_path), "--dataset", "aachen", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "loaded dataset 'aachen'" in result.stderr
    direct = invoke(runner, "gaps", "--data", str(example_path), "-f", "json")
    from_store = invoke(runner, "gaps", "--store", str(store), "-f", "json")
    assert json.loads(direct.stdout) == json.loads(from_store.stdout)


def test_missing_store_is_a_clear_error(runner, tmp_path):
    result = invoke(runner, "stats", "--store", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert "no such store" in result.stderr


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_export_is_the_same_on_every_run(example_path, fmt):
    """Exports can be compared in a diff: two processes write the same bytes."""
    code = f"import cli\ncli.main(['export', '--data', {str(example_path)!r}, '--to', {fmt!r}])"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, cwd=Path(cli.__file__).parent
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
    assert len(next(iter(runs))) > 10_000
