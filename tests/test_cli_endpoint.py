"""The command line against a real SPARQL server: load the example, then ask it what the embedded engine answers."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from virtuoso_support import virtuoso_endpoint  # noqa: F401 - a fixture

import cli

GRAPH = "urn:sozialgraph:test:cli"


def run(*args: str):
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def endpoint(virtuoso_endpoint, example_path):  # noqa: F811 - the imported fixture
    result = run(
        "load",
        "--data",
        str(example_path),
        "--endpoint",
        virtuoso_endpoint.url,
        "--graph",
        GRAPH,
        "--dataset",
        "aachen",
    )
    assert result.exit_code == 0, result.output
    assert f"dataset 'aachen' in {virtuoso_endpoint.url}: 1,009 triples" in result.stderr
    return virtuoso_endpoint.url


@pytest.mark.parametrize("command", ["overlaps", "gaps", "stats"])
def test_endpoint_answers_like_the_embedded_engine(endpoint, example_path, command):
    remote = run(command, "--endpoint", endpoint, "--graph", GRAPH, "--format", "json")
    local = run(command, "--data", str(example_path), "--format", "json")
    assert remote.exit_code == local.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)


def test_network_from_the_endpoint_is_the_same_graph(endpoint, example_path, tmp_path):
    import networkx as nx

    remote, local = tmp_path / "remote.graphml", tmp_path / "local.graphml"
    assert run("network", "--endpoint", endpoint, "--graph", GRAPH, "-o", str(remote)).exit_code == 0
    assert run("network", "--data", str(example_path), "-o", str(local)).exit_code == 0
    a, b = nx.read_graphml(remote), nx.read_graphml(local)
    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted((u, v, d["kind"]) for u, v, d in a.edges(data=True)) == sorted(
        (u, v, d["kind"]) for u, v, d in b.edges(data=True)
    )


def test_loading_again_replaces_the_dataset(endpoint, example_path):
    again = run(
        "load", "--data", str(example_path), "--endpoint", endpoint, "--graph", GRAPH, "--dataset", "aachen"
    )
    assert again.exit_code == 0, again.output
    assert "replaced dataset 'aachen'" in again.stderr
    listed = run("datasets", "--endpoint", endpoint, "--graph", GRAPH, "--format", "json")
    assert [(d["dataset"], d["triples"]) for d in json.loads(listed.stdout)] == [("aachen", 1009)]
    stats = run("stats", "--endpoint", endpoint, "--graph", GRAPH, "--format", "json")
    assert json.loads(stats.stdout)["triples"] == 1009  # not doubled


def test_a_load_with_a_problem_leaves_the_server_as_it_was(endpoint, example_path, tmp_path):
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(example_path, broken)
    plans = broken / "Planwerke.csv"
    plans.write_text(plans.read_text(encoding="utf-8").replace(",FB 56,", ",FB 65,", 1), encoding="utf-8")
    result = run(
        "load", "--data", str(broken), "--endpoint", endpoint, "--graph", GRAPH, "--dataset", "aachen"
    )
    assert result.exit_code == 1
    assert "Planwerke.csv:2 Federführung: no actor with id 'FB 65'" in result.stderr
    listed = run("datasets", "--endpoint", endpoint, "--graph", GRAPH, "--format", "json")
    assert [(d["dataset"], d["triples"]) for d in json.loads(listed.stdout)] == [("aachen", 1009)]


def test_a_wrong_graph_says_nothing_is_loaded(endpoint):
    result = run("gaps", "--endpoint", endpoint, "--graph", GRAPH + ":typo")
    assert result.exit_code == 1
    assert f"nothing is loaded in the graph <{GRAPH}:typo>" in result.stderr


def test_a_server_that_is_down_is_a_clear_error():
    result = run("stats", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "2")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot reach SPARQL endpoint http://127.0.0.1:9/sparql" in result.stderr


def test_a_load_through_the_graph_store_answers_alike(virtuoso_endpoint, example_path):  # noqa: F811
    """The graphs go in bulk to Virtuoso's Graph Store endpoint (SPARQL 1.1 Graph Store HTTP Protocol)."""
    graph = GRAPH + ":gsp"
    server = virtuoso_endpoint
    store_url = server.url.rsplit("/", 1)[0] + "/sparql-graph-crud-auth"
    result = run(
        *("load", "--data", str(example_path), "--dataset", "aachen", "--graph", graph),
        *("--endpoint", server.url, "--update-endpoint", server.auth_url, "--graph-store", store_url),
        *("--user", server.user, "--password", server.password),
    )
    assert result.exit_code == 0, result.output
    assert f"dataset 'aachen' in {server.url}: 1,009 triples" in result.stderr
    for command in ("overlaps", "gaps", "stats"):
        remote = run(command, "--endpoint", server.url, "--graph", graph, "--format", "json")
        local = run(command, "--data", str(example_path), "--format", "json")
        assert json.loads(remote.stdout) == json.loads(local.stdout), command


def test_a_graph_store_needs_an_endpoint(example_path, tmp_path):
    result = run(
        *("load", "--data", str(example_path), "--dataset", "aachen", "--store", str(tmp_path / "s")),
        *("--graph-store", "http://127.0.0.1:9/sparql-graph-crud-auth"),
    )
    assert result.exit_code == 2
    assert "--graph-store goes with --endpoint" in result.output
