"""Every input loads whole or is refused: headers, encodings, xlsx traps, look-alike ids, cycles, empty data.

Each test names the file, row and column it expects, written by hand; "refused"
means read_dataset raises DataError, so nothing is loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from rdflib import URIRef

from graph.errors import DataError
from graph.io.load import read_dataset
from graph.io.sheets import read_tables
from graph.namespaces import DCTERMS, RDF, SP

FIXTURES = Path(__file__).parent / "fixtures"
INPUTS = FIXTURES / "inputs"
EN = FIXTURES / "load" / "en"
ROOT = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/sozialgraph/id/t/"


def _errors(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        read_dataset(path, base=BASE)
    return [str(p) for p in info.value.problems]


def _variant(tmp_path: Path, **files: str | bytes) -> Path:
    """A copy of the English fixture with some files replaced (``themes_csv="..."``)."""
    target = tmp_path / "variant"
    shutil.copytree(EN, target)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else textwrap.dedent(content).lstrip().encode()
        (target / name.replace("_", ".")).write_bytes(data)
    return target


def _en(name: str) -> str:
    return (EN / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------
# headers


def test_a_misspelt_header_is_an_error_naming_the_closest_one(tmp_path):
    goals = _en("goals.csv").replace("id,name,plans,", "id,name,plan,", 1)
    assert _errors(_variant(tmp_path, goals_csv=goals)) == [
        "goals.csv:1 plan: unknown column (did you mean 'plans'?)"
    ]


def test_the_aachen_header_typo_of_the_issue(tmp_path):
    target = tmp_path / "aachen"
    shutil.copytree(ROOT / "data" / "aachen", target)
    ziele = target / "Ziele.csv"
    ziele.write_bytes(ziele.read_bytes().replace(b",Planwerke,", b",Planwerk,", 1))
    assert _errors(target) == ["Ziele.csv:1 Planwerk: unknown column (did you mean 'Planwerke'?)"]


def test_an_unknown_header_far_from_any_lists_the_columns(tmp_path):
    themes = _en("themes.csv").replace("id,name,broader,", "id,name,Verantwortlich,", 1)
    assert _errors(_variant(tmp_path, themes_csv=themes)) == [
        "themes.csv:1 Verantwortlich: unknown column (the columns are id, name, broader, sdg, description, "
        "source; a header starting with '#' marks a note column)"
    ]


def test_a_blank_header_over_values_is_an_error_over_an_empty_column_not(tmp_path):
    themes = _en("themes.csv").replace("id,name,broader,", "id,name,,", 1)
    assert _errors(_variant(tmp_path, themes_csv=themes)) == [
        "themes.csv:1 column C: no header above the values in row 5; name the column, "
        "or start its header with '#' to keep it as notes"
    ]
    # a blank header over nothing (Excel's trailing separators) is harmless
    actors = _en("actors.csv").replace("\n", ",,\n")
    loaded = read_dataset(_variant(tmp_path / "2", actors_csv=actors), base=BASE)
    assert len(loaded.graph) == 156
    assert loaded.warnings == []


def test_values_beyond_the_last_header_are_an_error(tmp_path):
    # an unquoted comma inside a name shifts the row: its last value has no header
    themes = _en("themes.csv").replace("Armut,Armut und Teilhabe,", "Armut,Armut, und Teilhabe,", 1)
    assert _errors(_variant(tmp_path, themes_csv=themes)) == [
        "themes.csv:1 column F: no header above the values in row 2; name the column, "
        "or start its header with '#' to keep it as notes",
        "themes.csv:2 broader: no theme with id 'und Teilhabe'",
    ]


def test_note_columns_are_read_past_with_a_notice(tmp_path):
    themes = "id,name,# Notiz,#intern\nArmut,Armut,klären,x\nWohnen,Wohnen,,\n"
    (tmp_path / "themes.csv").write_text(themes, encoding="utf-8")
    loaded = read_dataset(tmp_path / "themes.csv", base=BASE)
    assert loaded.warnings == ["themes.csv: note columns ignored: # Notiz, #intern"]
    assert len(loaded.graph) == 11  # scheme 1 + 2 themes × 5 (types, scheme, id, label)


# --------------------------------------------------------------------------
# encodings


def test_one_stray_windows_1252_byte_in_utf8_is_refused_with_its_row():
    folder = INPUTS / "stray_byte"
    data = (folder / "Themen.csv").read_bytes()
    assert b"Tr\xe4ger" in data and "Förderung".encode() in data  # the fixture is what it claims
    assert _errors(folder) == [
        "Themen.csv:3 Name: the byte 0xE4 is not UTF-8 though the rest of the file is "
        "(a Windows-1252 'ä'?); retype it, or save the file as UTF-8"
    ]


def test_a_pure_windows_1252_file_loads(tmp_path):
    (tmp_path / "Themen.csv").write_bytes("ID;Name\r\nträger;Freie Träger\r\n".encode("cp1252"))
    loaded = read_dataset(tmp_path, base=BASE)
    assert loaded.graph.value(URIRef(BASE + "themes/tr%C3%A4ger"), DCTERMS.identifier).value == "träger"


def test_text_garbled_before_it_was_saved_is_refused():
    assert _errors(INPUTS / "mojibake") == [
        "Themen.csv:3 Name: garbled characters in 'TrÃ¤ger' (did you mean 'Träger'?); "
        "the text went through a wrong encoding",
        "Themen.csv:4 Name: garbled characters in 'Ãœbergang' (did you mean 'Übergang'?); "
        "the text went through a wrong encoding",
    ]


def test_an_unclosed_quote_does_not_swallow_the_rest_of_the_file(tmp_path):
    themes = _en("themes.csv").replace("Wohnen,Wohnen,", 'Wohnen,"Wohnen,', 1)
    assert _errors(_variant(tmp_path, themes_csv=themes)) == [
        "themes.csv: not valid CSV (line 3): a quote is opened and never closed"
    ]


# --------------------------------------------------------------------------
# xlsx


def test_rows_beyond_a_stale_stored_dimension_are_read():
    path = INPUTS / "stale_dimension.xlsx"
    with zipfile.ZipFile(path) as z:
        assert b'<dimension ref="A1:C3"' in z.read("xl/worksheets/sheet1.xml")
    (events,) = read_tables(path)[0]
    assert [cells["id"] for _, cells in events.rows] == [f"E{n}" for n in range(1, 9)]
    loaded = read_dataset(path, base=BASE)
    assert len(set(loaded.graph.subjects(RDF.type, SP.Event))) == 8


def test_merged_cells_are_an_error_naming_the_range():
    assert _errors(INPUTS / "merged.xlsx") == [
        "merged.xlsx [Akteure]:3 ID: merged cells Akteure!A3:B3; unmerge them and give every cell its value",
        "merged.xlsx [Akteure]:3 Name: a value is required",
        "merged.xlsx [Planwerke]:2 Federführung: merged cells Planwerke!D2:D4; unmerge them and give "
        "every cell its value",
        "merged.xlsx [Planwerke]:3 Federführung: a value is required",
        "merged.xlsx [Planwerke]:4 Federführung: a value is required",
    ]


def test_formulas_without_a_computed_value_and_error_values_name_the_cell():
    assert _errors(INPUTS / "formulas.xlsx") == [
        "formulas.xlsx [Themen]:3 Name: a value is required",
        "formulas.xlsx [Themen]:3 Name: formula without a computed value in Themen!B3 (=UPPER(A3)); "
        "open and save the workbook in Excel, or paste the values",
        "formulas.xlsx [Themen]:4 Name: Excel error #REF! in Themen!B4; fix it or type the value",
    ]


def test_hidden_tabs_are_ignored_with_a_notice():
    loaded = read_dataset(INPUTS / "hidden.xlsx", base=BASE)
    assert loaded.warnings == ["hidden.xlsx [Akteure]: hidden tab ignored; unhide it in Excel to load it"]
    assert sorted(str(i) for i in loaded.graph.objects(None, DCTERMS.identifier)) == ["armut", "wohnen"]


def _workbook(tmp_path: Path, name: str = "book.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Themen"
    ws.append(["ID", "Name"])
    ws.append(["armut", "Armut"])
    path = tmp_path / name
    wb.save(path)
    return path


def _replace_part(path: Path, part: str, write) -> None:
    """Rebuild ``path`` with ``part`` written by ``write(stream)`` (streamed, never held in memory)."""
    with zipfile.ZipFile(path) as src:
        items = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in items:
            if name == part:
                with dst.open(name, "w", force_zip64=True) as stream:
                    write(stream)
            else:
                dst.writestr(name, data)


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    path = _workbook(tmp_path, "bomb.xlsx")

    def rows(stream):  # 240 MB of well-formed rows: openpyxl would grind through all of them
        stream.write(
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        )
        for _ in range(240):
            stream.write(b"<row/>" * (2**20 // 6))
        stream.write(b"</sheetData></worksheet>")

    _replace_part(path, "xl/worksheets/sheet1.xml", rows)
    assert path.stat().st_size < 1_000_000
    (message,) = _errors(path)
    assert message.startswith(
        "bomb.xlsx: refused: the part 'xl/worksheets/sheet1.xml' would unpack to 240.0 MB from "
    )
    assert message.endswith("; a workbook like this is a zip bomb, not a spreadsheet")


def test_a_zip_that_understates_its_sizes_is_read_only_as_far_as_it_claims(tmp_path):
    path = _workbook(tmp_path, "liar.xlsx")
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = data.find(b"PK\x01\x02")  # the central directory entries name each part at offset 46
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 100)  # claims 100 bytes unpacked
    path.write_bytes(bytes(data))
    assert _errors(path) == [
        "liar.xlsx: cannot read the workbook: Bad CRC-32 for file 'xl/worksheets/sheet1.xml'"
    ]


_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "[Content_Types].xml"])
def test_billion_laughs_are_refused(tmp_path, part):
    path = _workbook(tmp_path, "laughs.xlsx")
    with zipfile.ZipFile(path) as z:
        original = z.read(part).decode()
    body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
    if part.endswith("sheet1.xml"):
        body = body.replace("<t>Armut</t>", "<t>&lol9;</t>")
    _replace_part(path, part, lambda s: s.write((_LAUGHS + body).encode()))
    assert _errors(path) == [
        f"laughs.xlsx: refused: the part {part!r} declares a DTD (entities can expand without end "
        "or read local files)"
    ]


def test_an_external_entity_is_refused_and_the_named_file_never_opened(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = _workbook(tmp_path, "xxe.xlsx")
    part = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as z:
        sheet = z.read(part).decode().replace("<t>Armut</t>", "<t>&xxe;</t>")
    doctype = f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    _replace_part(path, part, lambda s: s.write((doctype + sheet).encode()))
    code = f"""
        import sys
        opened = []
        sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
        from graph.errors import DataError
        from graph.io.load import read_dataset
        try:
            read_dataset({str(path)!r})
        except DataError as exc:
            print(exc)
        print(any(name.endswith("secret.txt") for name in opened))
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        f"xxe.xlsx: refused: the part {part!r} declares a DTD (entities can expand without end or read local files)",
        "False",
    ]


def test_a_tab_spanning_too_many_cells_is_refused_while_it_is_read(tmp_path, monkeypatch):
    import graph.io.xlsx_reader

    path = _workbook(tmp_path, "wide.xlsx")
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    far = "".join(f'<row r="{n}"><c r="XFD{n}" s="0"/></row>' for n in range(3, 13))  # styled, empty
    _replace_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda s: s.write(sheet.replace("</sheetData>", far + "</sheetData>").encode()),
    )
    monkeypatch.setattr(
        graph.io.xlsx_reader, "MAX_CELLS", 100_000
    )  # 20 million in use; rows 3 to 12 span 16,384 cells each, so row 9 passes 100,000
    assert _errors(path) == [
        "wide.xlsx: refused: the tab 'Themen' spans more than 100,000 cells (rows up to 9); "
        "delete the unused rows and columns"
    ]
    monkeypatch.setattr(graph.io.xlsx_reader, "MAX_CELLS", 1_000_000)
    assert read_tables(path)[0][0].rows == [(2, {"id": "armut", "name": "Armut"})]


def test_dates_and_control_characters_in_workbook_cells(tmp_path):
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.title = "Themen"
    ws.append(["ID", "Name"])
    ws.append([dt.datetime(2024, 5, 3), "Drei Komma Fünf"])  # '3.5' typed, Excel made it a date
    ws.append(["armut", "Ar_x0001_mut"])  # how Excel writes a control character
    wb.save(tmp_path / "dates.xlsx")
    assert _errors(tmp_path / "dates.xlsx") == [
        "dates.xlsx [Themen]:2 ID: Excel stored a date here (2024-05-03), not an id; format the column "
        "as text in Excel and retype the id",
        "dates.xlsx [Themen]:3 Name: control character U+0001 in 'Ar\\x01mut'; remove it",
    ]


def test_not_a_workbook(tmp_path):
    (tmp_path / "protected.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert _errors(tmp_path / "protected.xlsx") == [
        "protected.xlsx: a password-protected or old-format workbook; save it as .xlsx without a password"
    ]
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as z:
        z.writestr("hello.txt", "not a workbook")
    assert _errors(tmp_path / "other.xlsx") == [
        "other.xlsx: cannot read the workbook: not an Office document (no _rels/.rels naming a workbook)"
    ]


# --------------------------------------------------------------------------
# look-alike ids


def test_one_node_for_an_id_typed_in_two_unicode_forms(tmp_path):
    nfd, nfc = "Mu\u0308ller", "M\u00fcller"
    actors = _en("actors.csv") + f"{nfd},Büro Müller,external,,,,,\n"
    plans = _en("plans.csv").replace(
        "SEP,Sozialentwicklungsplan,Fachplan,FB 56,", f"SEP,Sozialentwicklungsplan,Fachplan, {nfc} ,", 1
    )
    loaded = read_dataset(_variant(tmp_path, actors_csv=actors, plans_csv=plans), base=BASE)
    mueller = URIRef(BASE + "actors/M%C3%BCller")
    assert loaded.graph.value(URIRef(BASE + "plans/SEP"), SP.ledBy) == mueller
    assert [str(i) for i in loaded.graph.objects(mueller, DCTERMS.identifier)] == [nfc]
    assert not [s for s in loaded.graph.subjects() if "Mu%CC%88ller" in s]


def test_invisible_characters_are_reported_with_the_cell(tmp_path):
    actors = _en("actors.csv").replace("GA,Gesundheitsamt", "G\u200bA,Gesundheitsamt", 1)
    themes = _en("themes.csv").replace("Bildung,Bildung,,,", "Bildung,Bil\u2060dung,,,\ufeff", 1)
    assert _errors(_variant(tmp_path, actors_csv=actors, themes_csv=themes)) == [
        "actors.csv:5 id: invisible zero-width space (U+200B) in 'G\\u200bA'; retype the value",
        "actors.csv:6 members: no actor with id 'GA' (did you mean 'G\\u200bA'?)",
        "events.csv:2 participants: no actor with id 'GA' (did you mean 'G\\u200bA'?)",
        "goals.csv:2 actors: no actor with id 'GA' (did you mean 'G\\u200bA'?)",
        "plans.csv:2 partners: no actor with id 'GA' (did you mean 'G\\u200bA'?)",
        "themes.csv:4 name: invisible word joiner (U+2060) in 'Bil\\u2060dung'; retype the value",
        "themes.csv:4 source: invisible zero-width no-break space (byte order mark) (U+FEFF) in '\\ufeff'; "
        "retype the value",
    ]


def test_ids_excel_turned_into_numbers_or_dates(tmp_path):
    actors = (
        _en("actors.csv") + "1.23457E+11,Verein 123456789012,external,,,,,\n03.05.,Verein 3.5,external,,,,,\n"
    )
    plans = _en("plans.csv").replace('"FB 45, GA"', '"FB 45; 1,23457E+11; 3. Mai"', 1)
    assert _errors(_variant(tmp_path, actors_csv=actors, plans_csv=plans)) == [
        "actors.csv:7 id: '1.23457E+11' is a number in Excel's scientific notation, not an id; "
        "format the column as text in Excel and retype the id",
        "actors.csv:8 id: '03.05.' is a date Excel made from what was typed; format the column as text "
        "in Excel and retype the id",
        "plans.csv:2 partners: '1,23457E+11' is a number in Excel's scientific notation, not an id; "
        "format the column as text in Excel and retype the id",
        "plans.csv:2 partners: '3. Mai' is a date Excel made from what was typed; format the column as "
        "text in Excel and retype the id",
        "plans.csv:2 partners: no actor with id '1'",
        "plans.csv:2 partners: no actor with id '23457E+11' (did you mean '1.23457E+11'?)",
        "plans.csv:2 partners: no actor with id '3. Mai'",
    ]


def test_cycles_in_hierarchies_name_their_rows(tmp_path):
    themes = _en("themes.csv").replace("Armut,Armut und Teilhabe,,", "Armut,Armut und Teilhabe,Förderung,", 1)
    themes = themes.replace("Bildung,Bildung,,", "Bildung,Bildung,Armut,", 1)
    actors = _en("actors.csv").replace(
        "GA,Gesundheitsamt der StädteRegion Aachen,external,,",
        "GA,Gesundheitsamt der StädteRegion Aachen,external,GA,",
        1,
    )
    goals = _en("goals.csv").replace(
        "Z1,Armut bekämpfen,SEP,FB 56;GA,Armut,,", "Z1,Armut bekämpfen,SEP,FB 56;GA,Armut,Z3,", 1
    )
    assert _errors(_variant(tmp_path, themes_csv=themes, actors_csv=actors, goals_csv=goals)) == [
        "actors.csv:5 part_of: a cycle: 'GA' -> 'GA' (row 5); one of them must not point back",
        "goals.csv:2 broader: a cycle: 'Z1' -> 'Z3' -> 'Z1' (rows 2, 4); one of them must not point back",
        "themes.csv:2 broader: a cycle: 'Armut' -> 'Förderung' -> 'Bildung' -> 'Armut' (rows 2, 5, 4); "
        "one of them must not point back",
    ]


# --------------------------------------------------------------------------
# nothing to load


def test_headers_only_is_nothing_to_load(tmp_path):
    for f in EN.iterdir():
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert _errors(tmp_path) == [f"{tmp_path.name}: no rows in any sheet: nothing to load"]


def test_the_blank_template_is_nothing_to_load(tmp_path):
    from graph.io.workbook import write_template

    write_template(tmp_path / "sozialgraph template.xlsx")
    assert _errors(tmp_path / "sozialgraph template.xlsx") == [
        "sozialgraph template.xlsx: no rows in any sheet: nothing to load"
    ]


def test_rdf_without_triples_is_nothing_to_load(tmp_path):
    (tmp_path / "empty.ttl").write_text("@prefix ex: <http://e/> .\n", encoding="utf-8")
    assert _errors(tmp_path / "empty.ttl") == [
        "empty.ttl: no rows in any sheet and no triples in its RDF files: nothing to load"
    ]


# --------------------------------------------------------------------------
# RDF files


def test_rdf_control_characters_language_tags_and_bad_iris(tmp_path):
    (tmp_path / "a.nt").write_bytes(
        b'<urn:a> <urn:b> "x\x01y" .\n<urn:a> <urn:b> "ok" .\n<urn:a\x02> <urn:b> "x" .\n'
    )
    (tmp_path / "b.ttl").write_text(
        '@prefix ex: <http://e/> .\nex:a ex:b "x\\u0007y" .\nex:a ex:c "z"@123456789 .\n'
    )
    (tmp_path / "c.ttl").write_text('@prefix ex: <http://e/> .\n\nex:a ex:c "z"@123456789 .\n')
    doc = [
        {"@id": "urn:a b", "urn:p": "x"},
        {"@id": "urn:c", "urn:p": {"@value": "x", "@language": "de DE!"}},
    ]
    (tmp_path / "d.jsonld").write_text(json.dumps(doc, indent=1), encoding="utf-8")
    assert _errors(tmp_path) == [
        "a.nt:1: control character U+0001 in a literal or IRI; remove it",
        "a.nt:3: control character U+0002 in a literal or IRI; remove it",
        "b.ttl:2: control character U+0007 (written \\u0007) in a literal or IRI; remove it",
        "c.ttl:3: not valid Turtle (line 3): not a language tag: '123456789' (write e.g. de or de-DE)",
        "d.jsonld:3: not a valid IRI: 'urn:a b'",
        "d.jsonld:10: not a language tag: 'de DE!' (write e.g. de or de-DE)",
    ]


def test_deeply_nested_json_ld_and_turtle(tmp_path):
    (tmp_path / "deep.jsonld").write_text(
        '{"@id": "urn:a",\n' + '"urn:p": {' * 3000 + "}" * 3001, encoding="utf-8"
    )
    (tmp_path / "deep.ttl").write_text(
        "@prefix ex: <http://e/> .\nex:a ex:p " + "[ ex:p " * 5000 + "ex:b" + " ]" * 5000 + " .\n"
    )
    assert _errors(tmp_path) == [
        "deep.jsonld:2: nested deeper than 100 levels; not read",
        "deep.ttl: not valid Turtle: nested too deeply",
    ]
