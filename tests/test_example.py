"""The bundled Aachen example: valid, the workbook equals the CSV folder, provenance kept."""

from __future__ import annotations

from rdflib import Literal
from rdflib.compare import isomorphic

from graph.io.load import entity_iri, read_dataset
from graph.io.validate import validate
from graph.namespaces import ORG, PROV, RDFS, SP


def test_example_is_valid_without_warnings(example_path):
    loaded = read_dataset(example_path)
    assert loaded.warnings == []
    assert validate(loaded.graph, loaded.locations) == []


def test_workbook_and_csv_folder_give_the_same_graph(example_path):
    csv = read_dataset(example_path)
    xlsx = read_dataset(example_path.parent / "aachen.xlsx", base=csv.base)
    assert isomorphic(csv.graph, xlsx.graph)


def test_the_health_office_belongs_to_the_staedteregion(example_path):
    loaded = read_dataset(example_path)
    ga, sr = (entity_iri(loaded.base, "actors", i) for i in ("GA", "SR"))
    assert (ga, ORG.subOrganizationOf, sr) in loaded.graph
    assert (sr, RDFS.label, Literal("StädteRegion Aachen")) in loaded.graph
    assert (sr, None, SP.ExternalPartner) in loaded.graph


def test_every_entity_says_where_it_comes_from(example_path):
    g = read_dataset(example_path).graph
    entities = set(g.subjects(None, None)) & {
        s for cls in (SP.Actor, SP.Plan, SP.Goal) for s in g.subjects(None, cls)
    }
    sources = {str(g.value(src, RDFS.label)) for e in entities for src in g.objects(e, PROV.wasDerivedFrom)}
    assert sources == {"Vorlage FB 56/0118/WP17", "illustrative"}
    assert all(list(g.objects(e, PROV.wasDerivedFrom)) for e in entities)
