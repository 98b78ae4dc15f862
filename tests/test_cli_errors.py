"""No traceback and no unasked network: every bad option or answer is one message with the README's exit code."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_support import local_server, send

import cli
from graph.loading import build
from graph.store.folder import StoreFolder

ROOT = Path(cli.__file__).resolve().parent
TURTLE = b"<urn:x:a> <urn:x:p> 'geladen' .\n"


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def error_line(result) -> str:
    """The one line that says what is wrong (click puts usage lines before it for exit code 2)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


# ------------------------------------------------------------ bad options: exit 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["stats", "--base", "not an iri"], "Invalid value for '--base': 'not an iri' is not an IRI"),
        (["stats", "--timeout", "-5"], "Invalid value for '--timeout': '-5' is not a time to wait"),
        (["stats", "--timeout", "-1"], "'-1' is not a time to wait; give seconds above 0, e.g. 30"),
        (["stats", "--timeout", "nan"], "'nan' is not a time to wait"),
        (["stats", "--timeout", "inf"], "'inf' is not a time to wait"),
        (["stats", "--timeout", "soon"], "'soon' is not a number of seconds"),
        (["load", "--data", ".", "--store", "s", "--timeout", "0"], "'0' is not a time to wait"),
        (["stats", "--graph", "urn:a b"], "Invalid value for '--graph': 'urn:a b' is not an IRI"),
        (
            ["stats", "--endpoint", "http://[::1"],
            "Invalid value for '--endpoint': 'http://[::1' is not a valid address",
        ),
        (
            ["stats", "--endpoint", "localhost:8890"],
            "is not an http(s) address, e.g. http://localhost:8890/sparql",
        ),
        (["load", "--data", ".", "--base", "<x>"], "'<x>' is not an IRI"),
    ],
)
def test_a_bad_option_value_is_a_usage_error(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in error_line(result)


def test_an_undecodable_argument_byte_is_a_usage_error():
    """``-p actor=$'M\\xfcller'``: a Latin-1 byte where UTF-8 was expected."""
    code = "import cli; cli.main(prog_name='sozialgraph')"
    for args in (
        [b"query", b"actor-profile", b"-p", b"actor=M\xfcller"],
        [b"network", b"--focus", b"M\xfcller"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "LC_ALL": "C.UTF-8"},
            timeout=120,
        )
        assert done.returncode == 2
        assert b"Traceback" not in done.stderr
        assert (
            done.stderr.decode()
            .splitlines()[-1]
            .endswith("'M\\xfcller' is not UTF-8 text (byte 0xFC); set the terminal to UTF-8")
        )


# ------------------------------------------------------------ failed queries: exit 1


def test_rdflib_engine_answers_graph_queries_like_oxigraph(tmp_path):
    # the derived relations live in named graphs: rdflib's engine reads them as Oxigraph does
    query = tmp_path / "g.rq"
    query.write_text(
        "SELECT (COUNT(DISTINCT ?goal) AS ?n) WHERE { GRAPH ?g { ?a sp:worksOn ?goal } ?goal a sp:Goal }\n",
        encoding="utf-8",
    )
    answers = {
        engine: run("query", str(query), "--engine", engine, "-f", "csv") for engine in ("rdflib", "oxigraph")
    }
    assert answers["rdflib"].exit_code == 0, answers["rdflib"].stderr
    assert answers["rdflib"].stdout.split() == answers["oxigraph"].stdout.split() == ["n", "30"]  # every goal


def test_an_xlsx_export_with_a_control_character_names_the_cell(tmp_path):
    from rdflib import Graph

    graph = Graph().parse(
        data="@prefix sp: <https://w3id.org/sozialgraph/ontology#> . @prefix dct: <http://purl.org/dc/terms/> ."
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."
        '<https://w3id.org/sozialgraph/id/x/actors/GA> a sp:Actor, sp:ExternalPartner ; dct:identifier "GA" ;'
        ' rdfs:label "Gesundheits\\u0007amt" .',
        format="turtle",
    )
    (tmp_path / "x.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")
    with StoreFolder(tmp_path / "store").write() as store:  # past the loader, which refuses the character
        build(store, "x", files=[(tmp_path / "x.ttl", "ttl")], check=False)
    result = run("export", "--store", str(tmp_path / "store"), "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: 1 problem in the data:",
        "  x.xlsx [Akteure]:2 Name: contains the control character U+0007, which a workbook cannot hold",
    ]
    assert not (tmp_path / "x.xlsx").exists()


def test_an_endpoint_that_sends_html_is_a_message():
    page = b"<!DOCTYPE html><title>Login</title>"
    with local_server(lambda h: send(h, 200, page, "text/html")) as server:
        result = run("stats", "--endpoint", server.url, "--timeout", "5")
    assert result.exit_code == 1
    assert error_line(result) == (
        f"Error: SPARQL endpoint {server.url} did not send SPARQL results (it sent text/html: "
        "'<!DOCTYPE html><title>Login</title>'); is this the address of the SPARQL endpoint?"
    )


# ------------------------------------------------------------ no network unless named


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_load_is_refused_and_fetches_nothing(tmp_path, engine):
    with local_server(lambda h: send(h, 200, TURTLE, "text/turtle"), path="/daten.ttl") as server:
        update = tmp_path / "load.rq"
        update.write_text(f"LOAD <{server.url}>\n", encoding="utf-8")
        result = run("query", str(update), "--allow-update", "--engine", engine)
        assert result.exit_code == 1
        assert error_line(result) == (
            f"Error: load.rq: LOAD <{server.url}> would fetch data from the network (or a file); "
            f"sozialgraph loads nothing it is not told to: allow this URL with --allow-load {server.url}"
        )
        other = run("query", str(update), "--allow-update", "--allow-load", server.url + "?other")
        assert other.exit_code == 1
        assert server.requests == []  # the engine never reached the server


def test_load_of_a_named_url_is_allowed(tmp_path):
    with local_server(lambda h: send(h, 200, TURTLE, "text/turtle"), path="/daten.ttl") as server:
        update = tmp_path / "load.rq"
        update.write_text(f"LOAD <{server.url}>\n", encoding="utf-8")
        data = str(ROOT / "tests/fixtures/output/hostile")
        result = run("query", str(update), "--allow-update", "--allow-load", server.url, "--data", data)
        assert result.exit_code == 0, result.output
        assert [r[:2] for r in server.requests] == [("GET", "/daten.ttl")]


def test_an_update_on_a_store_folder_is_refused(tmp_path):
    store = tmp_path / "store"
    data = str(ROOT / "tests/fixtures/output/hostile")
    assert run("load", "--data", data, "--dataset", "hostile", "--store", str(store)).exit_code == 0
    update = tmp_path / "u.rq"
    update.write_text("INSERT DATA { <urn:x:a> <urn:x:p> 'neu' }\n", encoding="utf-8")
    result = run("query", str(update), "--allow-update", "--store", str(store))
    assert result.exit_code == 2
    assert "a store folder is changed only by 'sozialgraph load'" in result.stderr


# ------------------------------------------------------------ a small fuzz of the options

VALUES = ["", "-1", "nan", "1e999", "'", "=1+1", "a b", "<x>", "😀", "../..", "http://[::1", "\t"]
OPTIONS = {
    "stats": ["--base", "--timeout", "--graph", "--endpoint", "--engine", "--format"],
    "query": ["-p", "--format", "--engine", "--allow-load"],
    "network": ["--view", "--focus", "--depth", "--theme", "--include", "--max-nodes", "--title"],
    "metrics": ["--view", "--focus", "--theme", "--include", "--seed", "--format"],
    "export": ["--to", "--lang", "--base"],
    "generate": ["-n", "--seed", "--to"],
    "template": ["--lang"],
}


def fuzz_cases():
    for command, options in OPTIONS.items():
        for option, value in itertools.product(options, VALUES):
            yield pytest.param(command, option, value, id=f"{command}{option}={value!r}")


@pytest.mark.parametrize(("command", "option", "value"), list(fuzz_cases()))
def test_odd_option_values_give_a_message_never_a_traceback(tmp_path, example_path, command, option, value):
    args = [command]
    if command == "query":
        args.append("theme-actors")
        if option == "-p":
            value = f"theme={value}"
    if command not in ("generate", "template"):
        args += ["--data", str(example_path)]
    if command in ("network", "export", "generate", "template"):
        args += [
            "-o",
            str(tmp_path / {"network": "v.html", "export": "x.ttl", "template": "t.xlsx"}.get(command, "g")),
        ]
    if command == "generate" and option != "-n":
        args += ["-n", "1"]
    result = run(*args, option, value)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code:
        message = error_line(result)
        assert "internal error" not in message


PATHS = ["", "/", ".", "..", "/dev/full", "/proc/version", "/nonexistent-root/x", "x.csv/", "\udcfc.csv"]
WRITERS = {
    "overlaps": [],
    "stats": ["-f", "json"],
    "export": ["--to", "nt"],
    "template": [],
    "network": [],
    "metrics": [],
    "demo": [],
    "generate": ["-n", "1"],
}


@pytest.mark.parametrize(
    ("command", "path"),
    [pytest.param(c, p, id=f"{c}-o{p!r}") for c, p in itertools.product(WRITERS, PATHS)],
)
def test_odd_output_paths_give_a_message_never_a_traceback(
    tmp_path, monkeypatch, example_path, command, path
):
    monkeypatch.chdir(tmp_path)
    args = [command, *WRITERS[command]]
    if command not in ("generate", "template"):
        args += ["--data", str(example_path)]
    result = run(*args, "-o", path)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code:
        assert "internal error" not in error_line(result)
    assert os.path.exists("/dev/full") and not os.path.isfile("/dev/full")
