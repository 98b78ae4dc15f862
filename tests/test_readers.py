"""Every export is read back by a tool that did not write it, and gives the same graph.

Turtle and N-Triples by raptor's ``rapper`` (a C parser; Debian's raptor2-utils),
JSON-LD by pyld, GraphML by igraph (and networkx), GEXF by Python's own XML
parser, workbooks by openpyxl and pandas. Without ``rapper`` its tests skip,
saying how to install it; CI installs it and forbids skips (tests/conftest.py).
"""

from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import CITY_AS_OF, city_view
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic, to_isomorphic

from graph.files import example_data
from graph.io.export import export_rdf
from graph.session import open_dataset


@pytest.fixture(scope="module", params=["aachen", "city"])
def view(request):
    if request.param == "city":
        return city_view()
    return open_dataset(example_data(), as_of=CITY_AS_OF)[0]


def _rapper() -> str:
    path = shutil.which("rapper")
    if path is None:
        pytest.skip("raptor's rapper is not installed (no 'rapper' on PATH): apt-get install raptor2-utils")
    return path


def _same(expected: Graph, found: Graph) -> None:
    assert len(found) == len(expected) > 100
    if not isomorphic(expected, found):
        a, b = to_isomorphic(expected), to_isomorphic(found)
        missing = sorted(map(str, set(a) - set(b)))[:3]
        extra = sorted(map(str, set(b) - set(a)))[:3]
        raise AssertionError(f"not the same graph: missing {missing}, extra {extra}")


# --------------------------------------------------------------------------
# RDF


@pytest.mark.parametrize("fmt, syntax", [("ttl", "turtle"), ("nt", "ntriples")])
@pytest.mark.parametrize("writer", ["rdflib", "oxigraph"])
def test_rdf_export_reads_back_with_rapper(view, tmp_path, monkeypatch, fmt, syntax, writer):
    rapper = _rapper()
    source = view
    if writer == "oxigraph":  # the writer export_rdf uses for a plain Oxigraph store (and large ones)
        from graph.store import OxigraphStore

        source = OxigraphStore()
        source.add_graph(view.to_graph())
        monkeypatch.setattr("graph.io.export.SORTED_TURTLE_MAX", 0)
    target = tmp_path / f"export.{fmt}"
    target.write_bytes(export_rdf(source, fmt))
    run = subprocess.run(
        [rapper, "-q", "-i", syntax, "-o", "ntriples", str(target)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0 and not run.stderr, run.stderr.decode("utf-8", "replace")
    _same(view.to_graph(), Graph().parse(data=run.stdout.decode("utf-8"), format="nt"))


def test_rapper_refuses_what_is_broken(tmp_path):
    """The reader can fail: a Turtle file with a missing dot is an error for rapper."""
    rapper = _rapper()
    broken = tmp_path / "broken.ttl"
    broken.write_text('<urn:a> <urn:p> "x" <urn:b> <urn:p> "y" .\n', encoding="utf-8")
    run = subprocess.run([rapper, "-q", "-i", "turtle", str(broken)], capture_output=True, check=False)
    assert run.returncode != 0


def test_jsonld_export_reads_back_with_pyld(view):
    from pyld import jsonld

    def offline(url, options=None):
        raise AssertionError(f"pyld was about to fetch {url}: the export's context must be inline")

    jsonld.set_document_loader(offline)
    doc = json.loads(export_rdf(view, "jsonld"))
    quads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    found = Dataset()
    found.parse(data=quads, format="nquads")
    triples = Graph()
    for s, p, o, _ in found.quads():
        triples.add((s, p, o))
    _same(view.to_graph(), triples)


# --------------------------------------------------------------------------
# network files


def _network(view, name: str):
    from graph.views.metrics import annotate, layout, metrics
    from graph.views.projection import view as make_view

    kwargs = {"theme": "armut"} if name == "theme" else {}
    G = make_view(view, "full" if name == "theme" else name, **kwargs)
    annotate(G, metrics(G))
    layout(G)
    return G


def _plain(value):
    """An attribute value as both readers give it: numbers as floats (GraphML long and double alike)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return float(value)


@pytest.mark.parametrize("name", ["full", "actors", "theme"])
def test_graphml_reads_the_same_in_igraph_and_networkx(view, tmp_path, name):
    import igraph
    import networkx as nx

    from graph.views.graphfiles import to_graphml

    G = _network(view, name)
    path = tmp_path / f"{name}.graphml"
    to_graphml(G, path)
    with_networkx = nx.read_graphml(path)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # igraph warns (and drops the node ids) on a clashing "id"
        with_igraph = igraph.Graph.Read_GraphML(str(path))
    assert with_igraph.is_directed() == with_networkx.is_directed() == G.is_directed()
    # the same nodes (keyed by IRI) and edges
    assert sorted(with_igraph.vs["id"]) == sorted(with_networkx.nodes) == sorted(G.nodes)
    ids = with_igraph.vs["id"]
    edges = {(ids[e.source], ids[e.target]) for e in with_igraph.es}
    if not G.is_directed():
        edges = {tuple(sorted(e)) for e in edges}
        assert edges == {tuple(sorted(e)) for e in G.edges}
    else:
        assert edges == set(G.edges)
    # the same attributes, and what the view said (the dataset id as "identifier")
    for vertex in with_igraph.vs:
        attrs = {k: _plain(v) for k, v in vertex.attributes().items() if k != "id"}
        attrs = {k: v for k, v in attrs.items() if not (isinstance(v, float) and math.isnan(v))}
        assert attrs == {k: _plain(v) for k, v in with_networkx.nodes[vertex["id"]].items()}
        assert attrs["identifier"] == G.nodes[vertex["id"]]["id"]
        assert attrs["label"] == G.nodes[vertex["id"]]["label"]
    for edge in with_igraph.es:
        u, v = ids[edge.source], ids[edge.target]
        attrs = {k: _plain(x) for k, x in edge.attributes().items()}
        attrs = {k: x for k, x in attrs.items() if not (isinstance(x, float) and math.isnan(x))}
        assert attrs == {k: _plain(x) for k, x in with_networkx.edges[u, v].items()}
        assert attrs["kind"] == G.edges[u, v]["kind"]


def test_gexf_reads_back_with_an_xml_parser(view, tmp_path):
    """No maintained GEXF reader other than networkx's is packaged for Python or Debian; the file is
    read here with the standard library's XML parser, by the GEXF 1.2 structure."""
    from graph.views.graphfiles import to_gexf

    G = _network(view, "actors")
    path = tmp_path / "actors.gexf"
    to_gexf(G, path)
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ET.parse(path).getroot()
    assert (root.tag, root.get("version")) == ("{http://www.gexf.net/1.2draft}gexf", "1.2")
    titles = {
        a.get("id"): a.get("title") for a in root.iterfind(".//g:attributes[@class='node']/g:attribute", ns)
    }
    nodes = {}
    for node in root.iterfind(".//g:nodes/g:node", ns):
        values = {titles[v.get("for")]: v.get("value") for v in node.iterfind("g:attvalues/g:attvalue", ns)}
        position = node.find("viz:position", ns)
        nodes[node.get("id")] = (
            node.get("label"),
            values,
            float(position.get("x")),
            float(position.get("y")),
        )
    assert set(nodes) == set(G.nodes)
    for key, (label, values, x, y) in nodes.items():
        assert label == G.nodes[key]["label"]
        assert values["identifier"] == G.nodes[key]["id"] and values["kind"] == G.nodes[key]["kind"]
        assert (x, y) == (G.nodes[key]["x"], G.nodes[key]["y"])
    edges = {
        tuple(sorted((e.get("source"), e.get("target")))) for e in root.iterfind(".//g:edges/g:edge", ns)
    }
    assert edges == {tuple(sorted(e)) for e in G.edges}


# --------------------------------------------------------------------------
# workbooks


def _cell(value):
    """A cell as openpyxl and pandas hand it back: empty is None, a date its ISO day, numbers as numbers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_workbook_export_reads_back_with_openpyxl_and_pandas(view, tmp_path):
    import openpyxl
    import pandas as pd

    from graph.io.workbook import graph_tables, write_workbook

    path = tmp_path / "export.xlsx"
    write_workbook(view, path, allow_loss=True)
    expected = {
        sheet: (list(frame.columns), [[_cell(v) for v in row] for row in frame.itertuples(index=False)])
        for sheet, frame in graph_tables(view).items()
    }
    book = openpyxl.load_workbook(path)  # not read-only: every row, whatever the stored dimension says
    with_openpyxl = {}
    for sheet in book.worksheets:
        header, *rows = [[_cell(c.value) for c in row] for row in sheet.iter_rows()]
        with_openpyxl[sheet.title] = (header, rows)
    assert with_openpyxl == expected
    assert all(c.data_type != "f" for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    with_pandas = pd.read_excel(path, sheet_name=None, dtype=object)
    assert list(with_pandas) == list(expected)
    for sheet, frame in with_pandas.items():
        rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
        assert (list(frame.columns), rows) == expected[sheet], sheet


def test_table_outputs_read_back_with_pandas(tmp_path):
    """The tables of an analysis (one sheet per section) read back with pandas as they were computed."""
    import pandas as pd

    from graph.analysis.query import gaps
    from graph.output import xlsx_sections

    sections = gaps(city_view())
    with_pandas = pd.read_excel(io.BytesIO(xlsx_sections(sections)), sheet_name=None, dtype=object)
    assert list(with_pandas) == [s.name for s in sections]
    for section in sections:
        frame = with_pandas[section.name]
        assert list(frame.columns) == list(section.frame.columns)
        got = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
        want = [[_cell(v) if v != "" else None for v in row] for row in section.frame.itertuples(index=False)]
        assert got == want, section.name
        assert len(got) > 0 or section.frame.empty


def test_rapper_is_installed_by_ci():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "raptor2-utils" in ci
