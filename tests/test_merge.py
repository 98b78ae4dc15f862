"""Merging returned partner workbooks into the overview: round trips, edits, conflicts, deletions, problems."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

import cli
from graph.io.load import read_dataset
from graph.namespaces import RDFS

#: The hand-made overview of tests/test_partner.py (FB 56 owns AP, SEP, Z1, Z4, SozB, E1; FB 45 owns JHP, Z2, Z5,
#: KiMo, E2).
OVERVIEW = Path(__file__).parent / "fixtures" / "exchange" / "overview"
ACTORS = ["FB 56", "FB 45", "AGW", "SP", "FB 61"]
EMPTY = {"conflicts": [], "added": [], "changed": [], "removed": [], "ignored": []}


def run(*args):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def partner(tmp_path: Path, actor: str, base: Path = OVERVIEW, *, lang: str = "de") -> Path:
    path = tmp_path / f"{actor.replace(' ', '')}.xlsx"
    result = run("template", "--for", actor, "--data", base, "--lang", lang, "-o", path)
    assert result.exit_code == 0, result.output
    return path


def edit(path: Path, *, cells=(), delete=(), add=()) -> None:
    """Edit a workbook as a partner would in Excel: set cells (tab, id, header, value), delete rows, add rows."""
    book = load_workbook(path)

    def row_of(tab: str, ident: str) -> int:
        return next(r for r in range(2, book[tab].max_row + 1) if book[tab].cell(r, 1).value == ident)

    def column_of(tab: str, header: str) -> int:
        return next(c.column for c in book[tab][1] if c.value == header)

    for tab, ident, header, value in cells:
        book[tab].cell(row_of(tab, ident), column_of(tab, header)).value = value
    for tab, ident in delete:
        book[tab].delete_rows(row_of(tab, ident))
    for tab, values in add:
        sheet = book[tab]
        row = max(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value is not None) + 1
        for header, value in values.items():
            sheet.cell(row, column_of(tab, header)).value = value
    book.save(path)


def merge(*args, fmt: str = "json"):
    result = run("merge", *args, "--format", fmt)
    report = json.loads(result.stdout) if fmt == "json" and result.stdout.startswith("{") else result.stdout
    return result, report


def digests(*paths: Path) -> dict[str, str]:
    files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.iterdir()))]
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


# ------------------------------------------------------------ round trips


def test_unchanged_merge_gives_the_same_graph(tmp_path):
    workbooks = [partner(tmp_path, actor) for actor in ACTORS]
    before = digests(OVERVIEW, *workbooks)
    result, report = merge(OVERVIEW, *workbooks, "-o", tmp_path / "neu.xlsx", "--marked", tmp_path / "m.xlsx")
    assert result.exit_code == 0, result.output
    assert report == EMPTY
    original = read_dataset(OVERVIEW)
    for target in ("neu.xlsx", "m.xlsx"):
        again = read_dataset(tmp_path / target, base=original.base)
        assert isomorphic(again.graph, original.graph), target
    assert digests(OVERVIEW, *workbooks) == before  # inputs never change


def test_unchanged_merge_into_a_folder_of_csv_files(tmp_path):
    workbooks = [partner(tmp_path, actor, lang="en") for actor in ("FB 56", "FB 45")]
    result, report = merge(OVERVIEW, *workbooks, "-o", tmp_path / "neu", fmt="table")
    assert result.exit_code == 0, result.output
    assert report == "No changes.\n"
    assert sorted(p.name for p in (tmp_path / "neu").iterdir()) == [
        ".sozialgraph-output.json", "Akteure.csv", "Instrumente.csv", "Planwerke.csv", "Quellen.csv",
        "Themen.csv", "Veranstaltungen.csv", "Ziele.csv",
    ]  # fmt: skip
    original = read_dataset(OVERVIEW)
    assert isomorphic(read_dataset(tmp_path / "neu", base=original.base).graph, original.graph)


def test_unchanged_merge_of_the_example(tmp_path, example_path):
    workbook = partner(tmp_path, "FB 56", example_path)
    result, report = merge(example_path, workbook, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 0, result.output
    assert report == EMPTY
    original = read_dataset(example_path)
    assert isomorphic(read_dataset(tmp_path / "neu.xlsx", base=original.base).graph, original.graph)


# ------------------------------------------------------------ edits


def test_a_partners_edits_show_up_exactly_in_the_report(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    edit(
        fb56,
        cells=[("Ziele", "Z1", "Name", "Armut wirksam verringern")],
        delete=[("Planwerke", "AP")],
        add=[
            (
                "Ziele",
                {"ID": "Z6", "Name": "Wohnungslosigkeit vermeiden", "Planwerke": "SEP", "Themen": "wohnen"},
            )
        ],
    )
    new = tmp_path / "neu.xlsx"
    result, report = merge(OVERVIEW, fb56, "-o", new)
    assert result.exit_code == 0, result.output
    assert report == {
        "conflicts": [],
        "added": [{"sheet": "Ziele", "id": "Z6", "name": "Wohnungslosigkeit vermeiden", "by": str(fb56), "note": ""}],
        "changed": [
            {
                "sheet": "Ziele", "id": "Z1", "name": "Armut wirksam verringern", "column": "Name",
                "old": "Armut verringern", "new": "Armut wirksam verringern", "by": str(fb56), "own_row": "yes",
            }
        ],
        "removed": [{"sheet": "Planwerke", "id": "AP", "name": "Aktionsplan Inklusion", "by": str(fb56)}],
        "ignored": [],
    }  # fmt: skip
    assert result.stderr.splitlines()[0] == (
        f"{OVERVIEW} + 1 workbook: 1 added, 1 changed, 1 removed, 0 deletions not taken, 0 conflicts"
    )
    original = read_dataset(OVERVIEW)
    graph = read_dataset(new, base=original.base).graph
    goal = URIRef(f"{original.base}goals/Z6")
    assert (goal, RDFS.label, Literal("Wohnungslosigkeit vermeiden")) in graph
    assert (URIRef(f"{original.base}goals/Z1"), RDFS.label, Literal("Armut wirksam verringern")) in graph
    assert not list(graph.triples((URIRef(f"{original.base}plans/AP"), None, None)))
    # Z6 adds 5 triples (type, id, name, plan, theme); AP took 7 (type, id, name, type, lead, theme, status)
    assert len(graph) == len(original.graph) + 5 - 7


def test_the_marked_copy_shows_old_values_added_and_removed_rows(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    edit(
        fb56,
        cells=[("Ziele", "Z1", "Name", "Armut wirksam verringern")],
        delete=[("Planwerke", "AP"), ("Veranstaltungen", "E2")],
        add=[("Ziele", {"ID": "Z6", "Name": "Wohnungslosigkeit vermeiden", "Planwerke": "SEP"})],
    )
    marked = tmp_path / "markiert.xlsx"
    result, _ = merge(OVERVIEW, fb56, "--marked", marked)
    assert result.exit_code == 0, result.output
    book = load_workbook(marked)
    goals = {row[0].value: row for row in book["Ziele"].iter_rows(min_row=2)}
    assert list(goals) == ["Z1", "Z2", "Z3", "Z4", "Z5", "Z6"]
    name = goals["Z1"][1]
    assert name.value == "Armut wirksam verringern" and name.fill.fgColor.rgb.endswith("FFEB9C")
    assert name.comment.text == f"vorher: Armut verringern\n(geändert von {fb56})"
    assert goals["Z1"][0].comment is None and not goals["Z1"][0].fill.fgColor.rgb.endswith("FFEB9C")
    assert all(c.fill.fgColor.rgb.endswith("C6EFCE") for c in goals["Z6"])
    assert goals["Z6"][0].comment.text == f"neu, von {fb56}"
    gone = [list(r) for r in book["# Entfernt"].iter_rows(values_only=True)]
    assert gone == [
        ["Blatt", "ID", "Name", "von", "Ergebnis", "Zeile vorher"],
        ["Planwerke", "AP", "Aktionsplan Inklusion", str(fb56), "entfernt",
         "ID: AP; Name: Aktionsplan Inklusion; Typ: Aktionsplan; Federführung: FB 56; Themen: bildung; "
         "Status: vorgeschlagen"],
        ["Veranstaltungen", "E2", "Werkstatt Jugend", str(fb56), "bleibt: nicht die eigene Zeile",
         "ID: E2; Name: Werkstatt Jugend; Typ: Workshop; Datum: 2018-09-12; Veranstalter: FB 45; "
         "Teilnehmende: FB 56; Themen: kinderarmut"],
    ]  # fmt: skip
    assert run("validate", "--data", marked).exit_code == 0  # the marked copy is an overview, too


def test_deleting_a_row_it_does_not_own_is_ignored_and_reported(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    edit(fb56, delete=[("Veranstaltungen", "E2")])  # FB 45 organises E2; FB 56 only attends
    result, report = merge(OVERVIEW, fb56, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 0, result.output
    assert report == {
        **EMPTY,
        "ignored": [
            {
                "sheet": "Veranstaltungen", "id": "E2", "name": "Werkstatt Jugend", "by": str(fb56),
                "why": "deleted a row it does not own; the row stays",
            }
        ],
    }  # fmt: skip
    events = pd.read_excel(tmp_path / "neu.xlsx", sheet_name="Veranstaltungen")
    assert list(events["ID"]) == ["E1", "E2"]


def test_a_changed_id_is_a_removed_and_an_added_row(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    edit(fb56, cells=[("Veranstaltungen", "E1", "ID", "E1-2018")])
    result, report = merge(OVERVIEW, fb56)
    assert result.exit_code == 0, result.output
    assert report["added"] == [
        {
            "sheet": "Veranstaltungen", "id": "E1-2018", "name": "Sozialkonferenz", "by": str(fb56),
            "note": "named like the deleted row 'E1': an id that is changed makes a new row",
        }
    ]  # fmt: skip
    assert report["removed"] == [
        {"sheet": "Veranstaltungen", "id": "E1", "name": "Sozialkonferenz", "by": str(fb56)}
    ]


def test_a_partner_may_correct_a_row_it_does_not_own(tmp_path):
    fb45 = partner(tmp_path, "FB 45")
    edit(fb45, cells=[("Planwerke", "SEP", "Jahr", 2018)])
    result, report = merge(OVERVIEW, fb45, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 0, result.output
    assert report["changed"] == [
        {
            "sheet": "Planwerke", "id": "SEP", "name": "Sozialentwicklungsplan", "column": "Jahr", "old": "2017",
            "new": "2018", "by": str(fb45), "own_row": "no",
        }
    ]  # fmt: skip
    assert (
        pd.read_excel(tmp_path / "neu.xlsx", sheet_name="Planwerke").set_index("ID").loc["SEP", "Jahr"]
        == 2018
    )


# ------------------------------------------------------------ conflicts


def test_two_conflicting_edits_are_reported_and_nothing_is_written(tmp_path):
    fb56, fb45 = partner(tmp_path, "FB 56"), partner(tmp_path, "FB 45")
    edit(fb56, cells=[("Ziele", "Z1", "Name", "Armut halbieren")])
    edit(
        fb45,
        cells=[("Ziele", "Z1", "Name", "Armut bekämpfen"), ("Ziele", "Z2", "Themen", "armut; kinderarmut")],
    )
    new = tmp_path / "neu.xlsx"
    result, report = merge(OVERVIEW, fb56, fb45, "-o", new, "--marked", tmp_path / "m.xlsx")
    assert result.exit_code == 1
    assert report["conflicts"] == [
        {
            "sheet": "Ziele", "id": "Z1", "name": "Armut verringern", "column": "Name",
            "edits": f"{fb56}: Armut halbieren | {fb45}: Armut bekämpfen", "decided": "",
        }
    ]  # fmt: skip
    assert [c["id"] for c in report["changed"]] == ["Z2"]
    assert result.stderr.splitlines()[-1] == (
        "Error: 1 conflicting edit (see the report); nothing was written. Decide with --prefer BASE or "
        "--prefer FILE, or correct a partner workbook and merge again"
    )
    assert not new.exists() and not (tmp_path / "m.xlsx").exists()

    result, report = merge(OVERVIEW, fb56, fb45, "-o", new, "--prefer", "FB56.xlsx")
    assert result.exit_code == 0, result.output
    assert report["conflicts"][0]["decided"] == str(fb56)
    goals = pd.read_excel(new, sheet_name="Ziele").set_index("ID")
    assert goals.loc["Z1", "Name"] == "Armut halbieren"
    assert goals.loc["Z2", "Themen"] == "armut; kinderarmut"


def test_an_edit_of_a_cell_the_overview_changed_since_is_a_conflict(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    base = tmp_path / "uebersicht"
    shutil.copytree(OVERVIEW, base)
    goals = (base / "Ziele.csv").read_text(encoding="utf-8")
    (base / "Ziele.csv").write_text(
        goals.replace("Z1,Armut verringern", "Z1,Armut abbauen"), encoding="utf-8"
    )

    result, report = merge(base, fb56)  # FB 56 left Z1 as it was sent: the overview's later edit stands
    assert result.exit_code == 0, result.output
    assert report == EMPTY

    edit(fb56, cells=[("Ziele", "Z1", "Name", "Armut halbieren")])
    result, report = merge(base, fb56, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 1
    assert report["conflicts"] == [
        {
            "sheet": "Ziele", "id": "Z1", "name": "Armut abbauen", "column": "Name",
            "edits": f"BASE: Armut abbauen | {fb56}: Armut halbieren", "decided": "",
        }
    ]  # fmt: skip
    result, report = merge(base, fb56, "-o", tmp_path / "neu.xlsx", "--prefer", "BASE")
    assert result.exit_code == 0
    assert report["conflicts"][0]["decided"] == "BASE" and report["changed"] == []
    assert (
        pd.read_excel(tmp_path / "neu.xlsx", sheet_name="Ziele").set_index("ID").loc["Z1", "Name"]
        == "Armut abbauen"
    )


def test_removing_a_row_another_partner_changed_is_a_conflict(tmp_path):
    fb56, fb45 = partner(tmp_path, "FB 56"), partner(tmp_path, "FB 45")
    edit(fb45, delete=[("Ziele", "Z5")])  # FB 45's own goal
    edit(fb56, cells=[("Ziele", "Z5", "Name", "Schulabschlüsse für alle")])
    result, report = merge(OVERVIEW, fb56, fb45)
    assert result.exit_code == 1
    assert report["conflicts"] == [
        {
            "sheet": "Ziele", "id": "Z5", "name": "Schulabschlüsse sichern", "column": "(row)",
            "edits": f"{fb45}: (removed) | {fb56}: (changed)", "decided": "",
        }
    ]  # fmt: skip
    result, report = merge(OVERVIEW, fb56, fb45, "--prefer", "FB45.xlsx")
    assert result.exit_code == 0
    assert report["removed"] == [
        {"sheet": "Ziele", "id": "Z5", "name": "Schulabschlüsse sichern", "by": str(fb45)}
    ]
    assert report["changed"] == []


# ------------------------------------------------------------ problems


def test_a_merged_overview_with_problems_is_not_written(tmp_path):
    fb56, fb45 = partner(tmp_path, "FB 56"), partner(tmp_path, "FB 45")
    edit(  # FB 56 removes its goal Z1 and the references to it in its workbook …
        fb56,
        delete=[("Ziele", "Z1")],
        cells=[("Ziele", "Z2", "Oberziel", None), ("Instrumente", "SozB", "Ziele", "Z2")],
    )
    edit(fb45, add=[("Ziele", {"ID": "Z9", "Name": "Armut messen", "Oberziel": "Z1"})])  # … which FB 45 names
    new = tmp_path / "neu.xlsx"
    result, report = merge(OVERVIEW, fb56, fb45, "-o", new)
    assert result.exit_code == 1
    assert [c["id"] for c in report["removed"]] == ["Z1"]
    assert result.stderr.splitlines()[-2:] == [
        "Error: 1 problem in the data:",
        f"  neu.xlsx [Ziele]:6 Oberziel: no goal with id 'Z1' (row 'Z9': added by {fb45}); 'Z1' was removed by {fb56}",
    ]
    assert not new.exists()


def test_a_problem_in_a_returned_workbook_names_file_row_and_column(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    edit(fb56, cells=[("Planwerke", "SEP", "Federführung", "FB 566")])
    result, _ = merge(OVERVIEW, fb56, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "  FB56.xlsx [Planwerke]:3 Federführung: no actor with id 'FB 566' (did you mean 'FB 56'?)"
    )


def test_a_workbook_without_its_record_is_refused(tmp_path):
    exported = tmp_path / "export.xlsx"
    assert run("export", "--data", OVERVIEW, "-o", exported).exit_code == 0
    result, _ = merge(OVERVIEW, exported)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "  export.xlsx: not a partner workbook: its hidden tab '# sozialgraph', which records what was sent, "
        "is missing (partner workbooks are written by 'sozialgraph template --for ACTOR')"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{base}"], "name at least one returned partner workbook after BASE"),
        (
            ["{base}", "{fb56}", "--prefer", "FB99.xlsx"],
            "--prefer FB99.xlsx: name BASE or one of the partner workbooks",
        ),
        (["{base}", "{fb56}", "-o", "{base}/neu.xlsx"], "is inside the input folder"),
        (["{base}", "{fb56}", "-o", "{fb56}"], "is the input"),
        (
            ["{base}", "{fb56}", "-o", "neu.csv"],
            "-o neu.csv: the new overview is a workbook (FILE.xlsx) or a folder of CSV files (no suffix)",
        ),
        (["{base}", "{base}/Ziele.csv"], "a partner workbook is an .xlsx file"),
        (["{base}", "{fb56}", "{fb56}"], "a partner workbook is named twice"),
        (["--data", "{base}", "{fb56}"], "name BASE as the first argument"),
    ],
)
def test_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    fb56 = partner(tmp_path, "FB 56")
    result = run("merge", *(a.format(base=OVERVIEW, fb56=fb56) for a in args))
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_merge_into_a_stores_dataset(tmp_path):
    store = tmp_path / "store"
    assert run("load", "--data", OVERVIEW, "--dataset", "stadt", "--store", store).exit_code == 0
    fb56 = partner(tmp_path, "FB 56")
    edit(fb56, cells=[("Ziele", "Z4", "Themen", "armut; digital")])
    result, report = merge("--store", store, fb56, "-o", tmp_path / "neu.xlsx", fmt="md")
    assert result.exit_code == 0, result.output
    assert report == (
        "## Changed cells\n\n"
        "| sheet | id | name | column | old | new | by | own_row |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        f"| Ziele | Z4 | Teilhabe sichern | Themen | armut | armut; digital | {fb56} | yes |\n"
    )
    original = read_dataset(OVERVIEW)
    again = read_dataset(tmp_path / "neu.xlsx", base=original.base).graph
    assert len(again) == len(original.graph) + 1


def test_text_a_csv_file_would_change_is_refused_in_a_folder(tmp_path):
    hostile = Path(__file__).parent / "fixtures" / "output" / "hostile"
    workbook = partner(tmp_path, "FB 56", hostile)
    result, _ = merge(hostile, workbook, "-o", tmp_path / "neu")
    assert result.exit_code == 1
    assert (
        "  neu/Themen.csv:2 Name: '=1+1' would read back as \"'=1+1\" (in CSV a text that starts like a "
        "formula gets a leading '); write the new overview as .xlsx"
    ) in result.stderr.splitlines()
    assert not (tmp_path / "neu").exists()
    result, _ = merge(hostile, workbook, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 0, result.output
    original = read_dataset(hostile)
    assert isomorphic(read_dataset(tmp_path / "neu.xlsx", base=original.base).graph, original.graph)


@pytest.mark.parametrize(
    "path", ["", "/", ".", "..", "/dev/full", "/proc/version", "/nonexistent-root/x", "x.csv/"]
)
def test_odd_output_paths_give_a_message_never_a_traceback(tmp_path, monkeypatch, path):
    monkeypatch.chdir(tmp_path)
    workbook = partner(tmp_path, "FB 56")
    for option in ("-o", "--marked", "--report"):
        result = run("merge", OVERVIEW, workbook, option, path)
        assert result.exit_code in (0, 1, 2), result.output
        assert "internal error" not in result.stderr and "Traceback" not in result.output


def test_what_a_workbook_cannot_carry_stops_the_merge(tmp_path):
    base = tmp_path / "uebersicht"
    shutil.copytree(OVERVIEW, base)
    (base / "extra.ttl").write_text(
        "<https://w3id.org/sozialgraph/id/uebersicht/actors/FB%2056> <https://schema.org/email> 'fb56@example.org' .\n",
        encoding="utf-8",
    )
    workbook = partner(tmp_path, "FB 56", base)
    result, _ = merge(base, workbook, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        "  1 triples with a property the workbook has no column for, e.g. <https://w3id.org/sozialgraph/id/"
        'uebersicht/actors/FB%2056> schema:email "fb56@example.org"',
        "  (--allow-loss merges anyway and leaves them out of the new overview)",
    ]
    assert not (tmp_path / "neu.xlsx").exists()
    result, report = merge(base, workbook, "-o", tmp_path / "neu.xlsx", "--allow-loss")
    assert result.exit_code == 0, result.output
    assert report == EMPTY
    assert result.stderr.splitlines()[0].startswith(
        "warning: left out 1 triples with a property the workbook"
    )


def test_a_deleted_tab_removes_nothing(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    book = load_workbook(fb56)
    del book["Veranstaltungen"]
    book.save(fb56)
    result, report = merge(OVERVIEW, fb56)
    assert result.exit_code == 0, result.output
    why = "its tab is missing from the workbook; the row stays"
    assert report == {
        **EMPTY,
        "ignored": [
            {"sheet": "Veranstaltungen", "id": "E1", "name": "Sozialkonferenz", "by": str(fb56), "why": why},
            {"sheet": "Veranstaltungen", "id": "E2", "name": "Werkstatt Jugend", "by": str(fb56), "why": why},
        ],
    }


def test_partner_workbook_and_merge_on_a_sparql_server(tmp_path, virtuoso_endpoint):
    graph = "urn:sozialgraph:test:exchange"
    server = ["--endpoint", virtuoso_endpoint.url, "--graph", graph]
    assert run("load", "--data", OVERVIEW, "--dataset", "stadt", *server).exit_code == 0
    remote = tmp_path / "remote.xlsx"
    result = run("template", "--for", "FB 56", *server, "-o", remote)
    assert result.exit_code == 0, result.output
    local = partner(tmp_path, "FB 56")
    a, b = (pd.read_excel(p, sheet_name=None, dtype=object) for p in (local, remote))
    assert list(a) == list(b)
    for title in list(a)[:-1]:  # all but the hidden record, which names its source
        pd.testing.assert_frame_equal(a[title], b[title])
    edit(remote, cells=[("Ziele", "Z4", "Name", "Teilhabe für alle sichern")])
    result, report = merge(*server, remote, "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 0, result.output
    assert [(c["id"], c["old"], c["new"]) for c in report["changed"]] == [
        ("Z4", "Teilhabe sichern", "Teilhabe für alle sichern")
    ]


@pytest.mark.parametrize("value", ["", "base", "'", "=1+1", "😀", "\t", "../FB56.xlsx"])
def test_odd_prefer_values_are_usage_errors(tmp_path, value):
    workbook = partner(tmp_path, "FB 56")
    result = run("merge", OVERVIEW, workbook, "--prefer", value)
    assert result.exit_code == 2, result.output
    assert "--prefer" in result.stderr and "internal error" not in result.stderr


def test_changing_a_row_the_overview_removed_since_is_a_conflict(tmp_path):
    fb56 = partner(tmp_path, "FB 56")
    edit(fb56, cells=[("Ziele", "Z4", "Name", "Teilhabe für alle sichern")])
    base = tmp_path / "uebersicht"
    shutil.copytree(OVERVIEW, base)
    goals = (base / "Ziele.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (base / "Ziele.csv").write_text("".join(g for g in goals if not g.startswith("Z4,")), encoding="utf-8")
    result, report = merge(base, fb56)
    assert result.exit_code == 1
    assert report["conflicts"] == [
        {
            "sheet": "Ziele", "id": "Z4", "name": "", "column": "(row)",
            "edits": f"BASE: (removed) | {fb56}: (changed)", "decided": "",
        }
    ]  # fmt: skip
    assert report["added"] == []
    result, report = merge(base, fb56, "--prefer", "FB56.xlsx", "-o", tmp_path / "neu.xlsx")
    assert result.exit_code == 0, result.output
    assert report["added"] == [
        {
            "sheet": "Ziele", "id": "Z4", "name": "Teilhabe für alle sichern", "by": str(fb56),
            "note": f"removed from BASE since it was sent; {fb56} changed it",
        }
    ]  # fmt: skip
    goals = pd.read_excel(tmp_path / "neu.xlsx", sheet_name="Ziele", dtype=object).set_index("ID")
    assert goals.loc["Z4", "Name"] == "Teilhabe für alle sichern" and goals.loc["Z4", "Akteure"] == "FB 56"
