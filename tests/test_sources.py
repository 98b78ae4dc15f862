"""The sources sheet (Quellen): a source cell that names a row's id points to that row."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from graph.errors import DataError
from graph.io.load import read_dataset
from graph.io.validate import validate
from graph.io.workbook import graph_tables, write_workbook
from graph.namespaces import DCTERMS, PROV, RDF, RDFS, SCHEMA, SP, XSD
from graph.store import OxigraphStore

EN = Path(__file__).parent / "fixtures" / "load" / "en"
BASE = "https://w3id.org/sozialgraph/id/t/"
PAPER = URIRef(BASE + "sources/FB%2056%2F0118%2FWP17")

SOURCES = """id,name,type,date,url,source
FB 56/0118/WP17,Sachstand Aufbau einer Plattform zur Sozialplanung,Mitteilungsvorlage,21.11.2017,https://ratsinfo.example.org/vo/0118,https://oparl.example.org/paper/118
Gespräch 2018,Gespräch mit dem Gesundheitsamt,,2018-03-01,,
"""


def dataset(tmp_path: Path, sources: str = SOURCES, name: str = "sources.csv") -> Path:
    """The English load fixture with a sources sheet; GA and SEP cite 'FB 56/0118/WP17'."""
    target = tmp_path / "with-sources"
    shutil.copytree(EN, target)
    (target / name).write_text(sources, encoding="utf-8")
    actors = (target / "actors.csv").read_text(encoding="utf-8")
    actors = actors.replace(
        ",,,,,Vorlage FB 56/0118/WP17; Gespräch 2018", ",,,,,FB 56/0118/WP17; Gespräch 2018"
    )
    (target / "actors.csv").write_text(actors, encoding="utf-8")
    plans = (target / "plans.csv").read_text(encoding="utf-8")
    (target / "plans.csv").write_text(
        plans.replace(",,,Vorlage FB 56/0118/WP17", ",,,FB 56/0118/WP17"), "utf-8"
    )
    return target


def test_a_source_cell_naming_a_sources_row_points_to_it(tmp_path):
    g = read_dataset(dataset(tmp_path), base=BASE).graph
    ga, sep, fb56 = (URIRef(BASE + p) for p in ("actors/GA", "plans/SEP", "actors/FB%2056"))
    talk = URIRef(BASE + "sources/Gespr%C3%A4ch%202018")
    assert set(g.objects(ga, PROV.wasDerivedFrom)) == {PAPER, talk}
    assert set(g.objects(sep, PROV.wasDerivedFrom)) == {PAPER}
    # any other text stays a source node minted from the text, as before
    minted = URIRef(BASE + "source/Vorlage%20FB%2056%2F0118%2FWP17")
    assert set(g.objects(fb56, PROV.wasDerivedFrom)) == {minted}
    assert set(g.predicate_objects(minted)) == {
        (RDF.type, PROV.Entity),
        (RDFS.label, Literal("Vorlage FB 56/0118/WP17")),
    }
    assert set(g.predicate_objects(PAPER)) == {
        (RDF.type, SP.Source),
        (DCTERMS.identifier, Literal("FB 56/0118/WP17")),
        (RDFS.label, Literal("Sachstand Aufbau einer Plattform zur Sozialplanung")),
        (DCTERMS.type, Literal("Mitteilungsvorlage")),
        (DCTERMS.issued, Literal("2017-11-21", datatype=XSD.date)),
        (SCHEMA.url, URIRef("https://ratsinfo.example.org/vo/0118")),
        (PROV.wasDerivedFrom, URIRef(BASE + "source/https%3A%2F%2Foparl.example.org%2Fpaper%2F118")),
    }
    assert g.value(talk, DCTERMS.issued) == Literal("2018-03-01", datatype=XSD.date)


def test_a_graph_with_sources_conforms_to_the_shapes(tmp_path):
    loaded = read_dataset(dataset(tmp_path), base=BASE)
    assert validate(loaded.graph, loaded.locations) == []


def test_german_sheet_and_headers(tmp_path):
    german = SOURCES.replace("id,name,type,date,url,source", "ID;Name;Typ;Datum;URL;Quelle").replace(",", ";")
    german = german.replace("Sachstand Aufbau einer Plattform zur Sozialplanung", "Sachstand")
    g = read_dataset(dataset(tmp_path, german, "Quellen.csv"), base=BASE).graph
    assert g.value(PAPER, RDFS.label) == Literal("Sachstand")
    assert (URIRef(BASE + "actors/GA"), PROV.wasDerivedFrom, PAPER) in g


def test_bad_rows_are_reported(tmp_path):
    bad = "id,name,date,url\nFB 56/0118/WP17,,31.11.2017,ratsinfo\n"
    with pytest.raises(DataError) as info:
        read_dataset(dataset(tmp_path, bad), base=BASE)
    assert [str(p) for p in info.value.problems] == [
        "sources.csv:2 date: not a date: '31.11.2017' (write 27.11.2017 or 2017-11-27)",
        "sources.csv:2 name: a value is required",
        "sources.csv:2 url: not a web address: 'ratsinfo' (write it with https://)",
    ]


def test_the_workbook_keeps_the_source_ids_and_reads_back_to_the_same_graph(tmp_path):
    loaded = read_dataset(dataset(tmp_path), base=BASE)
    store = OxigraphStore()
    store.add_graph(loaded.graph)
    tables = graph_tables(store, lang="en")
    actors = dict(zip(tables["actors"]["id"], tables["actors"]["source"], strict=True))
    assert actors["GA"] == "FB 56/0118/WP17; Gespräch 2018"  # the id, not the title
    assert actors["FB 56"] == "Vorlage FB 56/0118/WP17"
    assert tables["sources"]["id"].tolist() == ["FB 56/0118/WP17", "Gespräch 2018"]
    book = tmp_path / "back.xlsx"
    assert write_workbook(store, book) == []  # nothing it cannot carry
    assert isomorphic(read_dataset(book, base=BASE).graph, loaded.graph)
