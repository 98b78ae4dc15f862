"""SHACL validation with problems reported as file, row and column (graph/io/validate.py)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.errors import Problem
from graph.io.load import read_dataset
from graph.io.validate import validate
from graph.namespaces import DCTERMS, RDF, SP, XSD

FIXTURES = Path(__file__).parent / "fixtures" / "load"
BASE = "https://w3id.org/sozialgraph/id/t/"


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


def test_conforming_dataset_gives_no_problems_and_stays_unchanged():
    loaded = read_dataset(FIXTURES / "en", base=BASE)
    before = _copy(loaded.graph)
    assert validate(loaded.graph, loaded.locations) == []
    assert len(loaded.graph) == len(before)
    assert isomorphic(loaded.graph, before)


def test_turtle_plan_without_lead_actor():
    graph = Graph().parse(FIXTURES / "plan_without_owner.ttl", format="turtle")
    before = _copy(graph)
    assert validate(graph) == [
        Problem("<graph>", None, "owner", "plan 'SEP' has no owner: a value is required"),
    ]
    assert len(graph) == len(before) == 9
    assert isomorphic(graph, before)


def test_problems_map_back_to_file_row_and_the_header_as_written():
    german = read_dataset(FIXTURES / "de", base=BASE)
    graph = _copy(german.graph)
    sep, actor = URIRef(BASE + "plans/SEP"), URIRef(BASE + "actors/GA")
    graph.remove((sep, SP.ledBy, None))
    graph.set((sep, DCTERMS.issued, Literal("17")))
    graph.remove((actor, RDF.type, SP.ExternalPartner))
    graph.add((URIRef(BASE + "goals/Z1"), SP.statedIn, URIRef(BASE + "plans/SEPP")))
    assert [str(p) for p in validate(graph, german.locations)] == [
        "Akteure.csv:5 Typ: actor 'GA' has no type: a value is required",
        "Planwerke.CSV:2 Federführung: plan 'SEP' has no owner: a value is required",
        "Planwerke.CSV:2 Jahr: plan 'SEP': '17' is not a valid xsd:gYear",
        "Ziele.csv:2 Planwerke: goal 'Z1': no plan with id 'SEPP' (did you mean 'SEP'?)",
    ]
    english = read_dataset(FIXTURES / "en", base=BASE)
    graph = _copy(english.graph)
    graph.add((URIRef(BASE + "plans/SEP"), SP.status, SP.Planned))
    graph.add((URIRef(BASE + "plans/SEP"), SP.status, URIRef("urn:x:draft")))
    assert [str(p) for p in validate(graph, english.locations)] == [
        "plans.csv:2 status: plan 'SEP': <urn:x:draft> is not an allowed status",
        "plans.csv:2 status: plan 'SEP': only one status allowed, found 3: "
        f"<{SP.Active}>, <{SP.Planned}>, <urn:x:draft>",
    ]


def test_without_locations_problems_name_the_entity():
    graph = Graph()
    plan = URIRef("urn:x:plan")
    graph.add((plan, RDF.type, SP.Plan))
    graph.add((plan, DCTERMS.issued, Literal("2017", datatype=XSD.gYear)))
    assert [str(p) for p in validate(graph)] == [
        "<graph> id: plan <urn:x:plan> has no id: a value is required",
        "<graph> name: plan <urn:x:plan> has no name: a value is required",
        "<graph> owner: plan <urn:x:plan> has no owner: a value is required",
    ]
