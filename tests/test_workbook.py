"""The workbook written from the graph reads back to the same graph; the template has every header."""

from __future__ import annotations

from openpyxl import load_workbook
from rdflib.compare import isomorphic

from graph.io.load import read_dataset
from graph.io.workbook import graph_tables, write_template, write_workbook
from graph.schema import load_schema
from graph.store import OxigraphStore


def test_workbook_round_trip_gives_the_same_graph(example_path, tmp_path):
    original = read_dataset(example_path)
    store = OxigraphStore()
    store.add_graph(original.graph)
    for lang in ("de", "en"):
        target = tmp_path / f"aachen-{lang}.xlsx"
        assert write_workbook(store, target, lang=lang) == []  # nothing left out
        again = read_dataset(target, base=original.base)
        assert isomorphic(again.graph, original.graph), lang


def test_tables_use_ids_labels_and_german_values(example_path):
    loaded = read_dataset(example_path)
    store = OxigraphStore()
    store.add_graph(loaded.graph)
    tables = graph_tables(store, lang="de")
    actors = tables["Akteure"].set_index("ID")
    assert actors.loc["GA", "Teil von"] == "SR"
    assert actors.loc["FB 56", "Typ"] == "Fachbereich"
    assert actors.loc["SR", "Typ"] == "externer Partner"
    plans = tables["Planwerke"].set_index("ID")
    assert plans.loc["GB", "Jahr"] == 2017
    assert plans.loc["GB", "Status"] == "aktiv"
    english = graph_tables(store, lang="en")["plans"].set_index("id")
    assert english.loc["GB", "status"] == "active"


def test_template_has_every_sheet_and_header(tmp_path):
    path = write_template(tmp_path / "vorlage.xlsx", lang="de")
    book = load_workbook(path)
    schema = load_schema()
    assert book.sheetnames == [s.name_de for s in schema.sheets]
    for sheet in schema.sheets:
        headers = [c.value for c in book[sheet.name_de][1]]
        assert headers == [c.header_de for c in sheet.columns]
        assert book[sheet.name_de].max_row == 1
