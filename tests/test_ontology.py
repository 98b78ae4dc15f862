"""The ontology and the schema: declared terms exist, labels in both languages, schema as intended."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import ORG, OWL, RDF, RDFS, SKOS

from graph.files import ontology_file
from graph.namespaces import SP
from graph.schema import load_schema

ONTOLOGY = Graph().parse(ontology_file(), format="turtle")


def own_terms() -> list:
    return sorted({s for s in ONTOLOGY.subjects() if str(s).startswith(str(SP._NS))}, key=str)


def test_every_declared_term_exists_in_the_ontology():
    declared = {SP[name] for name in SP.__annotations__}
    defined = set(own_terms())
    assert declared == defined


@pytest.mark.parametrize("term", own_terms(), ids=lambda t: t.split("#")[-1])
def test_every_own_term_has_label_and_comment_in_german_and_english(term):
    for prop in (RDFS.label, RDFS.comment):
        langs = {o.language for o in ONTOLOGY.objects(term, prop) if isinstance(o, Literal)}
        assert {"de", "en"} <= langs, f"{term} {prop}"


def test_classes_reuse_the_standard_vocabularies():
    assert (SP.Body, RDFS.subClassOf, ORG.OrganizationalCollaboration) in ONTOLOGY
    assert (SP.Department, RDFS.subClassOf, ORG.OrganizationalUnit) in ONTOLOGY
    assert (SP.Actor, RDFS.subClassOf, ORG.Organization) in ONTOLOGY
    assert (SP.Theme, RDFS.subClassOf, SKOS.Concept) in ONTOLOGY
    assert (SP.StatusScheme, RDF.type, SKOS.ConceptScheme) in ONTOLOGY


def test_the_ontology_imports_nothing():
    assert list(ONTOLOGY.objects(None, OWL.imports)) == []


def test_schema_sheets_and_headers():
    schema = load_schema()
    assert [(s.key, s.name_de) for s in schema.sheets] == [
        ("actors", "Akteure"),
        ("themes", "Themen"),
        ("plans", "Planwerke"),
        ("goals", "Ziele"),
        ("instruments", "Instrumente"),
        ("events", "Veranstaltungen"),
        ("sources", "Quellen"),
    ]
    plans = schema.sheet("plans")
    assert [c.headers for c in plans.columns] == [
        ("id", "ID"),
        ("name", "Name"),
        ("type", "Typ"),
        ("owner", "Federführung"),
        ("partners", "Beteiligte"),
        ("themes", "Themen"),
        ("year", "Jahr"),
        ("status", "Status"),
        ("end", "Ende"),
        ("description", "Beschreibung"),
        ("url", "URL"),
        ("source", "Quelle"),
    ]
    end = plans.column("end")
    assert (end.kind, end.year_means_end, schema.sheet("instruments").column("end").year_means_end) == (
        "date",
        True,
        True,
    )
    owner = plans.column("owner")
    assert (owner.kind, owner.required, owner.single, owner.target) == ("ref", True, True, SP.Actor)
    themes = plans.column("themes")
    assert (themes.kind, themes.required, themes.single, themes.target) == ("ref", False, False, SP.Theme)
    assert plans.column("year").kind == "year"
    assert schema.sheet("events").column("date").kind == "date"


def test_schema_matches_german_and_english_names_in_any_case():
    schema = load_schema()
    assert schema.match_sheet("PLANWERKE").key == "plans"
    assert schema.match_sheet("instruments").key == "instruments"
    assert schema.match_sheet("Budget") is None
    actors = schema.sheet("actors")
    assert actors.match_column("teil von").key == "part_of"
    assert actors.match_column("Part_Of").key == "part_of"
    assert actors.match_column("Notiz") is None


def test_enumerations_accept_english_and_german_values():
    schema = load_schema()
    kinds = schema.sheet("actors").column("type").choices
    assert kinds["fachbereich"] == kinds["department"] == SP.Department
    assert kinds["extern"] == kinds["external"] == SP.ExternalPartner
    assert kinds["gremium"] == kinds["body"] == SP.Body
    status = schema.sheet("plans").column("status").choices
    assert {status[v] for v in ("aktiv", "geplant", "vorgeschlagen", "beendet")} == {
        SP.Active,
        SP.Planned,
        SP.Proposed,
        SP.Ended,
    }
