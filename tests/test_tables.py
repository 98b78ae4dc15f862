"""Reading CSV folders and workbooks as raw text tables (graph/io/sheets.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from graph.errors import Problem
from graph.io.sheets import read_tables
from graph.io.xlsx_reader import cell_text

FIXTURES = Path(__file__).parent / "fixtures" / "load"
EN = FIXTURES / "en"
DE = FIXTURES / "de"


def _by_sheet(tables):
    return {t.sheet.key: t for t in tables}


def test_english_comma_utf8():
    tables, rdf, problems, warnings = read_tables(EN)
    assert [t.sheet.key for t in tables] == ["actors", "themes", "plans", "goals", "instruments", "events"]
    assert (rdf, problems, warnings) == ([], [], [])
    actors = _by_sheet(tables)["actors"]
    assert actors.file == "actors.csv"
    assert actors.headers == ["id", "name", "type", "part_of", "members", "description", "url", "source"]
    assert actors.notes == []
    number, cells = actors.rows[0]
    assert number == 2
    assert cells["name"] == "Fachbereich Wohnen, Soziales und Integration"
    assert [n for n, _ in actors.rows] == [2, 3, 4, 5, 6]
    assert actors.rows[4][1]["members"] == "FB 56, FB 45; GA"


def test_german_semicolon_bom_crlf():
    tables, _, problems, warnings = read_tables(DE)
    assert problems == []
    assert warnings == [
        "Notizen.csv: skipped, file name 'Notizen' names no sheet (sheets are: actors, Akteure, themes, "
        "Themen, plans, Planwerke, goals, Ziele, instruments, Instrumente, events, Veranstaltungen, sources, Quellen)",
        "Planwerke.CSV: note columns ignored: # Notizen",
    ]
    sheets = _by_sheet(tables)
    actors = sheets["actors"]
    assert actors.file == "Akteure.csv"
    assert actors.headers[0] == "ID"  # the BOM is not part of the header
    assert actors.header("part_of") == "Teil von"
    # a list cell with line breaks inside quotes; a trailing blank row is dropped
    assert actors.rows[-1] == (
        6,
        {
            "id": "SP",
            "name": "Sozial-Plattform",
            "type": "Gremium",
            "part_of": "",
            "members": "FB 56\nFB 45\nGA",
            "description": "",
            "url": "",
            "source": "Vorlage FB 56/0118/WP17",
        },
    )
    plans = sheets["plans"]
    assert plans.notes == ["# Notizen"]
    assert "# Notizen" in plans.headers
    assert plans.rows[1][1]["year"] == "2015.0"


def test_windows_1252_reads_like_utf8(tmp_path):
    for f in DE.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes().decode("utf-8-sig").encode("cp1252"))
    assert "Bürgerbüro".encode("cp1252") in (tmp_path / "Akteure.csv").read_bytes()
    cp1252, _, problems, _ = read_tables(tmp_path)
    utf8, _, _, _ = read_tables(DE)
    assert problems == []
    assert [t.rows for t in cp1252] == [t.rows for t in utf8]
    assert _by_sheet(cp1252)["themes"].rows[3][1]["name"] == "Frühe Förderung"


def test_blank_rows_keep_spreadsheet_numbers(tmp_path):
    (tmp_path / "themes.csv").write_text("id,name\n\nArmut,Armut\n,\nWohnen,Wohnen\n", encoding="utf-8")
    tables, _, problems, _ = read_tables(tmp_path)
    assert problems == []
    assert [(n, c["id"]) for n, c in tables[0].rows] == [(3, "Armut"), (5, "Wohnen")]


def test_xlsx_with_german_tabs(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Planwerke"
    ws.append(["ID", "Name", "Jahr", "#Datum?"])
    ws.append(["SEP", "Sozialentwicklungsplan", 2017, None])
    ws.append([17, "Nummer als ID", 2015.0, dt.datetime(2017, 11, 27)])
    wb.create_sheet("Notizen").append(["x"])
    wb.save(tmp_path / "plan.xlsx")
    tables, rdf, problems, warnings = read_tables(tmp_path / "plan.xlsx")
    assert (rdf, problems) == ([], [])
    assert warnings[0] == "plan.xlsx [Planwerke]: note columns ignored: #Datum?"
    assert warnings[1].startswith("plan.xlsx [Notizen]: skipped, tab 'Notizen' names no sheet")
    (plans,) = tables
    assert plans.file == "plan.xlsx [Planwerke]"
    assert plans.rows == [
        (2, {"id": "SEP", "name": "Sozialentwicklungsplan", "year": "2017"}),
        (3, {"id": "17", "name": "Nummer als ID", "year": "2015"}),
    ]


def test_cell_text_of_excel_values():
    assert cell_text(dt.datetime(2017, 11, 27, 10, 30)) == "2017-11-27T10:30:00"
    assert cell_text(dt.date(2018, 3, 14)) == "2018-03-14"
    assert cell_text(True) == "TRUE"
    assert cell_text(" FB 56 ") == " FB 56 "


def test_file_level_problems(tmp_path):
    (tmp_path / "actors.csv").write_text("id,name\nA,B\n", encoding="utf-8")
    (tmp_path / "Akteure.csv").write_text("ID;Name\nC;D\n", encoding="utf-8")
    (tmp_path / "themes.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    (tmp_path / "goals.csv").write_bytes(b"id,name\n\x81\x8d\x8f\n")
    (tmp_path / "events.csv").write_text("id,name,Name\nE,x,y\n", encoding="utf-8")
    (tmp_path / "old.xlsx").write_bytes(b"")
    tables, _, problems, warnings = read_tables(tmp_path)
    assert [str(p) for p in problems] == [
        "actors.csv: a second actors sheet (the first is Akteure.csv)",
        "events.csv:1 Name: a second column for 'name' (after 'name')",
        "goals.csv: cannot read the file: not UTF-8 or Windows-1252 text",
        "themes.csv: the file is empty",
    ]
    assert warnings == ["old.xlsx: a workbook inside a dataset folder is ignored; load it on its own"]
    assert [t.file for t in tables] == ["Akteure.csv", "events.csv"]


def test_path_problems(tmp_path):
    missing = tmp_path / "nowhere"
    assert read_tables(missing)[2] == [Problem(str(missing), None, None, "no such file or folder")]
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    assert [str(p) for p in read_tables(tmp_path / "notes.txt")[2]] == [
        "notes.txt: not a dataset: expected a folder of CSV files, an .xlsx workbook "
        "or an RDF file (.ttl, .jsonld, .nt)"
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert [str(p) for p in read_tables(empty)[2]] == ["empty: no CSV or RDF files in this folder"]
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (problem,) = read_tables(tmp_path / "broken.xlsx")[2]
    assert problem.file == "broken.xlsx"
    assert problem.message.startswith("cannot read the workbook: ")


def test_single_csv_and_rdf_files(tmp_path):
    shutil.copy(EN / "themes.csv", tmp_path / "Themen.csv")
    tables, rdf, problems, _ = read_tables(tmp_path / "Themen.csv")
    assert ([t.sheet.key for t in tables], rdf, problems) == (["themes"], [], [])
    (tmp_path / "extra.ttl").write_text("", encoding="utf-8")
    (tmp_path / "x.JSONLD").write_text("{}", encoding="utf-8")
    _, rdf, _, _ = read_tables(tmp_path)
    assert [p.name for p in rdf] == ["extra.ttl", "x.JSONLD"]


def test_excel_sep_hint_line(tmp_path):
    (tmp_path / "Themen.csv").write_bytes(b"sep=,\r\nID,Name\r\nArmut,Armut; Teilhabe\r\n")
    tables, _, problems, _ = read_tables(tmp_path)
    assert problems == []
    assert tables[0].rows == [(2, {"id": "Armut", "name": "Armut; Teilhabe"})]
