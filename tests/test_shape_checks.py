"""The shapes compiled to SPARQL checks (graph/io/shape_checks.py) report exactly what pySHACL reports.

pySHACL (graph/io/validate.py) is the reference. Both run on every fixture that
has problems, on the workbook fixtures with problems written into their graph
(as tests/test_validate.py does) and on a generated municipality broken in every
way the schema forbids; the problems must be the same, in the same words.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef

from graph.errors import DataError
from graph.io.generate import generate
from graph.io.load import read_dataset
from graph.io.shape_checks import check_dataset, compiled_checks
from graph.io.validate import validate
from graph.namespaces import DCTERMS, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, SP, XSD
from graph.schema import shapes_graph
from graph.store.catalog import GRAPHS
from graph.store.oxigraph import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures"
BASE = "https://w3id.org/sozialgraph/id/t/"


def compiled(graph: Graph, locations=None) -> list[str]:
    from graph.loading import _ensure_ontology

    store = OxigraphStore()
    store.add_graph(graph, into="urn:x:data")
    ontology = _ensure_ontology(store, GRAPHS)
    return _blank([str(p) for p in check_dataset(store, "urn:x:data", ontology, locations)])


def reference(graph: Graph, locations=None) -> list[str]:
    return _blank([str(p) for p in validate(graph, locations)])


def _blank(lines: list[str]) -> list[str]:
    """Blank node ids differ between rdflib and Oxigraph: name them all alike."""
    return sorted(re.sub(r"_:[A-Za-z0-9]+", "_:b", line) for line in lines)


# --------------------------------------------------------------------------
# the cases


def _rdf_fixtures() -> list[Path]:
    """Every RDF file under tests/fixtures that parses (the broken ones test the parser, not the schema)."""
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix in (".ttl", ".nt") and "bad" not in path.parts:
            found.append(path)
    return found


def _workbook_with_problems(name: str) -> tuple[Graph, dict]:
    """A workbook fixture whose graph is then broken (the rows keep their places, as in test_validate)."""
    loaded = read_dataset(FIXTURES / "load" / name, base=BASE)
    graph = Graph()
    graph += loaded.graph
    sep, actor = URIRef(BASE + "plans/SEP"), URIRef(BASE + "actors/GA")
    graph.remove((sep, SP.ledBy, None))
    graph.set((sep, DCTERMS.issued, Literal("17")))
    graph.remove((actor, RDF.type, SP.ExternalPartner))
    graph.add((URIRef(BASE + "goals/Z1"), SP.statedIn, URIRef(BASE + "plans/SEPP")))
    graph.add((sep, SP.status, URIRef("urn:x:draft")))
    return graph, loaded.locations


def broken_municipality(tmp_path: Path) -> Graph:
    """A generated municipality with every kind of violation the schema knows, on every sheet."""
    nt = generate(1, 3, tmp_path / "one.nt", fmt="nt").out
    g = Graph().parse(nt, format="nt")

    def first(cls, n=0):
        return sorted(g.subjects(RDF.type, cls))[n]

    plan, plan2 = first(SP.Plan), first(SP.Plan, 1)
    goal, goal2 = first(SP.Goal), first(SP.Goal, 1)
    actor, actor2, actor3 = first(SP.Department), first(SP.Department, 1), first(SP.Actor, 2)
    theme, instrument, event = first(SP.Theme), first(SP.SteeringInstrument), first(SP.Event)
    base = str(plan).rsplit("/plans/", 1)[0] + "/"
    g.remove((plan, SP.ledBy, None))  # MinCount: owner
    g.add((goal, RDFS.label, Literal("Zweiter Name")))  # MaxCount: name
    g.add((goal, DCTERMS.identifier, Literal("Z-zwei")))  # MaxCount: id (the message names the first id)
    g.set((plan2, DCTERMS.issued, Literal("17")))  # Datatype: a text, not a gYear
    g.add((plan2, DCTERMS.description, Literal("Beschreibung", lang="de")))  # Datatype: langString
    g.set((event, SCHEMA.startDate, Literal("2017-02-30", datatype=XSD.date)))  # Datatype: no such day
    g.set((plan2, SP.status, URIRef("urn:x:entwurf")))  # In
    g.add((instrument, SP.status, SP.Active))
    g.add((instrument, SP.status, SP.Ended))  # MaxCount: status
    g.add((goal2, SP.statedIn, URIRef(str(plan) + "x")))  # Class: no such plan (did you mean …)
    g.add((goal2, SP.pursuedBy, theme))  # Class: a theme is no actor
    g.add((goal2, SP.pursuedBy, Literal("FB 99")))  # Class and NodeKind: a text
    g.add((instrument, SP.serves, BNode()))  # Class and NodeKind: a blank node
    g.add((actor, RDF.type, SP.Committee))  # QualifiedMaxCount: two kinds
    for kind in (SP.Department, SP.Enterprise, SP.ExternalPartner, SP.Committee, SP.Body, SP.LocalAuthority):
        g.remove((actor2, RDF.type, kind))  # QualifiedMinCount: no kind
    g.add((theme, SP.sdg, URIRef("http://metadata.un.org/sdg/18")))  # Node: no such SDG
    g.add((goal, SP.sdg, URIRef("http://metadata.un.org/sdg/1.2")))  # a target that exists
    g.add((actor3, SCHEMA.url, Literal("aachen.de")))  # NodeKind: url
    g.add((actor3, PROV.wasDerivedFrom, Literal("Ratsvorlage")))  # Class prov:Entity and NodeKind
    g.add((actor3, ORG.subOrganizationOf, URIRef(base + "actors/FB%2099")))  # Class: unknown actor
    department = URIRef(base + "actors/NEU")  # only a sp:Department (a subclass of sp:Actor), no name
    g.add((department, RDF.type, SP.Department))
    g.add((department, DCTERMS.identifier, Literal("NEU")))
    g.add((URIRef(base + "themes/X"), RDF.type, SP.Theme))  # no id, no name: named by its IRI
    g.add((URIRef(base + "themes/X"), SKOS.broader, theme))
    return g


def test_the_cases_cover_every_compiled_constraint(tmp_path):
    """The comparisons below are not vacuous: every kind of check finds something in them."""
    found = " ".join(reference(broken_municipality(tmp_path)))
    for words in (
        "has no owner",
        "only one name allowed",
        "only one id allowed",
        "is not a valid xsd:gYear",
        "is not a valid xsd:string",
        "is not a valid xsd:date",
        "is not an allowed status",
        "only one status allowed",
        "no plan with id",
        "no actor <",
        "must be an IRI",
        "has no type",
        "only one type allowed",
        "not one of the UN's SDG goals",
        "is not a http://www.w3.org/ns/prov#Entity",
        "no actor with id 'FB 99'",
        "actor 'NEU' has no name",
        "theme <",
    ):
        assert words in found, words
    assert {c.component for c in compiled_checks()} == {
        "Class",
        "Datatype",
        "In",
        "MaxCount",
        "MinCount",
        "Node",
        "NodeKind",
        "Qualified",
    }


@pytest.mark.parametrize("path", _rdf_fixtures(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_rdf_fixtures(path):
    graph = Graph().parse(path)
    assert compiled(graph) == reference(graph)


def test_rdf_fixtures_include_those_with_problems():
    with_problems = [p.name for p in _rdf_fixtures() if reference(Graph().parse(p))]
    assert with_problems == ["plan_without_owner.ttl", "tiny.ttl"]


@pytest.mark.parametrize("name", ["en", "de"])
def test_workbook_fixtures_with_problems(name):
    graph, locations = _workbook_with_problems(name)
    want = reference(graph, locations)
    assert len(want) == 6
    assert compiled(graph, locations) == want


def test_a_generated_municipality_broken_in_every_way(tmp_path):
    graph = broken_municipality(tmp_path)
    want = reference(graph)
    assert len(want) >= 20
    assert compiled(graph) == want


def test_the_example_conforms():
    from graph.files import example_data

    loaded = read_dataset(example_data())
    assert compiled(loaded.graph, loaded.locations) == reference(loaded.graph, loaded.locations) == []


def test_a_shape_with_a_constraint_that_is_not_compiled_is_refused(monkeypatch):
    import graph.io.shape_checks as module

    shapes = Graph()
    shapes += shapes_graph()
    node = next(shapes.subjects(URIRef("http://www.w3.org/ns/shacl#targetClass"), None))
    shapes.add(
        (
            next(shapes.objects(node, URIRef("http://www.w3.org/ns/shacl#property"))),
            URIRef("http://www.w3.org/ns/shacl#pattern"),
            Literal("^x"),
        )
    )
    monkeypatch.setattr("graph.schema.shapes_graph", lambda: shapes)
    module.compiled_checks.cache_clear()
    try:
        with pytest.raises(ValueError, match="shacl#pattern> is not compiled"):
            module.compiled_checks()
    finally:
        module.compiled_checks.cache_clear()


def test_an_nt_dataset_with_a_problem_is_refused_whatever_its_size(tmp_path, monkeypatch):
    """One .nt file given as the dataset, and a large .nt file in a workbook folder: both checked in the store."""
    import graph.io.load
    from graph.session import open_dataset

    bad = tmp_path / "land.nt"
    bad.write_text(
        Graph().parse(FIXTURES / "load" / "plan_without_owner.ttl").serialize(format="nt"),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as info:
        open_dataset(bad)
    assert [str(p) for p in info.value.problems] == [
        "land.nt owner: plan 'SEP' has no owner: a value is required"
    ]
    folder = tmp_path / "folder"
    folder.mkdir()
    for f in (FIXTURES / "load" / "en").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "extra.nt").write_text(f"<{BASE}plans/SEP> <{SP.status}> <urn:x:entwurf> .\n", encoding="utf-8")
    monkeypatch.setattr(graph.io.load, "BULK_BYTES", 10)
    with pytest.raises(DataError) as info:
        open_dataset(folder, base=BASE)
    assert [str(p) for p in info.value.problems] == [
        "plans.csv:2 status: plan 'SEP': <urn:x:entwurf> is not an allowed status",
        f"plans.csv:2 status: plan 'SEP': only one status allowed, found 2: <{SP.Active}>, <urn:x:entwurf>",
    ]


def test_an_rdf_file_loaded_straight_is_refused_for_control_characters_and_emptiness(tmp_path):
    """The engine accepts control characters; the straight path looks for them itself (raw and escaped)."""
    from graph.session import open_dataset

    bad = tmp_path / "land.nt"
    bad.write_bytes(b'<urn:a> <urn:b> "ok" .\n<urn:a> <urn:b> "x\x01y" .\n<urn:a> <urn:b> "x\\u0007y" .\n')
    with pytest.raises(DataError) as info:
        open_dataset(bad)
    assert [str(p) for p in info.value.problems] == [
        "land.nt:2: control character U+0001 in a literal or IRI; remove it",
        "land.nt:3: control character U+0007 (written \\u0007) in a literal or IRI; remove it",
    ]
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DataError) as info:
        open_dataset(empty)
    assert [str(p) for p in info.value.problems] == ["empty.ttl: the file is empty"]
    prefixes = tmp_path / "prefixes.ttl"
    prefixes.write_text("@prefix ex: <http://e/> .\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        open_dataset(prefixes)
    assert [str(p) for p in info.value.problems] == ["prefixes.ttl: no triples: nothing to load"]
    broken = tmp_path / "broken.nt"
    broken.write_text("<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> c .\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        open_dataset(broken)
    assert [str(p) for p in info.value.problems] == [
        "broken.nt:2: not valid N-Triples (line 2): The object of a triple must be an IRI, a blank node or a literal"
    ]


def test_an_rdf_file_given_as_the_dataset_is_not_parsed_by_rdflib(tmp_path, monkeypatch):
    """It goes straight into Oxigraph's graph of the dataset (no parse, merge and re-serialisation)."""
    import graph.io.load
    from graph.session import open_dataset

    def refuse(path):
        raise AssertionError(f"rdflib parsed {path}")

    monkeypatch.setattr(graph.io.load, "parse_rdf_file", refuse)
    nt = generate(2, 5, tmp_path / "land.nt", fmt="nt").out
    view, loaded = open_dataset(nt)
    assert loaded.bulk_files == [nt] and len(loaded.graph) == 0
    assert len(view) == len(Graph().parse(nt, format="nt"))
    assert view.datasets[0].partitions  # derived relations were made
