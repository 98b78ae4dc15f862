"""Formatting result frames as table, csv, json and md, and writing them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import city_view

from graph.analysis.query import Section, gaps, run_query
from graph.errors import UsageError
from graph.output import format_frame, format_sections, write_output

CITY = Path(__file__).parent / "fixtures" / "queries" / "city.ttl"


@pytest.fixture
def tiny() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "id": ["FB 56", "GA"],
            "name": ["Wohnen | Soziales", "Gesundheitsamt"],
            "count": [3, 12],
            "share": [0.5, None],
        },
        dtype=object,
    )
    frame["count"] = frame["count"].astype("int64")
    return frame


@pytest.fixture(scope="module")
def city():
    return city_view()


def empty() -> pd.DataFrame:
    return pd.DataFrame({"goal_id": [], "goal": []}, dtype=object)


# --------------------------------------------------------------------------
# Exact strings for a tiny frame


def test_table(tiny):
    assert format_frame(tiny, "table") == (
        "id     name               count  share\n"
        "-----  -----------------  -----  -----\n"
        "FB 56  Wohnen | Soziales      3    0.5\n"
        "GA     Gesundheitsamt        12\n"
    )


def test_csv_is_rfc_4180(tiny):
    assert (
        format_frame(tiny, "csv")
        == "id,name,count,share\r\nFB 56,Wohnen | Soziales,3,0.5\r\nGA,Gesundheitsamt,12,\r\n"
    )


def test_csv_quotes_what_needs_quoting():
    frame = pd.DataFrame({"name": ['Kinder, Jugend "und" Schule', "zwei\nZeilen"]})
    text = format_frame(frame, "csv")
    assert text == 'name\r\n"Kinder, Jugend ""und"" Schule"\r\n"zwei\nZeilen"\r\n'
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["name"],
        ['Kinder, Jugend "und" Schule'],
        ["zwei\nZeilen"],
    ]


def test_csv_for_german_excel(tiny):
    assert format_frame(tiny, "csv", excel=True) == (
        "id;name;count;share\r\nFB 56;Wohnen | Soziales;3;0,5\r\nGA;Gesundheitsamt;12;\r\n"
    )


def test_json(tiny):
    text = format_frame(tiny, "json")
    assert json.loads(text) == [
        {"id": "FB 56", "name": "Wohnen | Soziales", "count": 3, "share": 0.5},
        {"id": "GA", "name": "Gesundheitsamt", "count": 12, "share": None},
    ]
    assert text.startswith('[\n  {\n    "id": "FB 56",\n') and text.endswith("}\n]\n")


def test_json_keeps_umlauts():
    assert format_frame(pd.DataFrame({"theme": ["Gesundheit fördern"]}), "json") == (
        '[\n  {\n    "theme": "Gesundheit fördern"\n  }\n]\n'
    )


def test_markdown_escapes_pipes(tiny):
    assert format_frame(tiny, "md") == (
        "| id | name | count | share |\n"
        "| --- | --- | ---: | ---: |\n"
        "| FB 56 | Wohnen \\| Soziales | 3 | 0.5 |\n"
        "| GA | Gesundheitsamt | 12 |  |\n"
    )


def test_unknown_format(tiny):
    with pytest.raises(
        UsageError, match="unknown output format 'xml'; use one of table, csv, json, md, xlsx"
    ):
        format_frame(tiny, "xml")
    with pytest.raises(UsageError, match="xlsx is a workbook, not text"):
        format_frame(tiny, "xlsx")


# --------------------------------------------------------------------------
# Empty results say so


def test_empty_results():
    assert format_frame(empty(), "table") == "No rows.\n"
    assert format_frame(empty(), "md", empty_message="Keine Ziele ohne Plan.") == "Keine Ziele ohne Plan.\n"
    assert format_frame(empty(), "json") == "[]\n"
    assert format_frame(empty(), "csv") == "goal_id,goal\r\n"


# --------------------------------------------------------------------------
# 80 columns with long labels


@pytest.mark.parametrize("width", [80, 60, 40])
def test_table_fits_the_terminal(city, width):
    text = format_frame(run_query(city, "hotspots"), "table", width=width)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= width
    assert "…" in text
    assert lines[0].split()[:4] == ["kind", "id", "label", "actors"]
    assert lines[2].startswith("goal ") and " 3  " in lines[2]  # the count is never cut


def test_long_cell_is_cut_with_an_ellipsis():
    label = "Fachbereich Stadtentwicklung, Stadtplanung und Mobilitätsinfrastruktur " * 2
    frame = pd.DataFrame({"actor_id": ["FB 61"], "actor": [label.strip()], "count": [1]})
    assert format_frame(frame, "table").splitlines()[2] == (
        "FB 61     Fachbereich Stadtentwicklung, Stadtplanung und Mobilitätsinfra…      1"
    )  # 8 + 2 + 63 + 2 + 5 = 80 characters


def test_many_columns_still_fit():
    frame = pd.DataFrame({f"column_{i}": ["x" * 20] for i in range(40)})
    assert all(len(line) <= 80 for line in format_frame(frame, "table").splitlines())


def test_every_analysis_fits_80_columns(city):
    from graph.analysis.catalogue import catalogue

    params = {"actor-profile": {"actor": "FB 56"}, "theme-actors": {"theme": "teilhabe"}}
    for info in catalogue():
        text = format_frame(run_query(city, info.name, params.get(info.name)), "table")
        assert max(len(line) for line in text.splitlines()) <= 80, info.name


# --------------------------------------------------------------------------
# Sections


def test_sections_as_table_and_md(tiny):
    sections = [
        Section("a", "Shared goals", "Which pairs share goals?", tiny),
        Section("b", "Idle", "", empty()),
    ]
    table = format_sections(sections, "table")
    assert table.startswith("Shared goals\n============\nWhich pairs share goals?\n\nid     name")
    assert table.endswith("\nIdle\n====\n\nNo rows.\n")
    md = format_sections(sections, "md")
    assert md.startswith("## Shared goals\n\nWhich pairs share goals?\n\n| id | name | count | share |\n")
    assert md.endswith("|\n\n## Idle\n\nNo rows.\n")


def test_sections_as_json_and_csv(city):
    sections = gaps(city)
    doc = json.loads(format_sections(sections, "json"))
    assert list(doc) == [s.name for s in sections]
    assert doc["inactive-actors"] == [
        {"actor_id": "JC", "actor": "Jobcenter", "kind": "externer Partner", "member_of": ""}
    ]
    text = format_sections(sections[-2:], "csv")
    assert text == (
        "section,instrument_id,instrument,lead_id,lead,status,actor_id,actor,kind,member_of\r\n"
        "idle-instruments,I4,Bevölkerungsprognose,FB 61,"
        '"Fachbereich Stadtentwicklung, Stadtplanung und Mobilitätsinfrastruktur",aktiv,,,,\r\n'
        "inactive-actors,,,,,,JC,Jobcenter,externer Partner,\r\n"
    )
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert frame["section"].tolist() == ["idle-instruments", "inactive-actors"]
    assert frame.loc[1, ["actor_id", "kind"]].tolist() == ["JC", "externer Partner"]


# --------------------------------------------------------------------------
# Writing


def test_write_to_a_file(tmp_path):
    target = tmp_path / "out" / "gaps.csv"
    write_output("a,b\r\nÄ,1\r\n", target)
    assert target.read_bytes() == "a,b\r\nÄ,1\r\n".encode()
    write_output("a;b\r\nÄ;1\r\n", target, excel=True)
    assert target.read_bytes() == b"\xef\xbb\xbf" + "a;b\r\nÄ;1\r\n".encode()
    assert [p.name for p in target.parent.iterdir()] == ["gaps.csv"], "no temporary file is left"


def test_write_to_stdout(capsysbinary):
    write_output("Armut\n", None)
    write_output("x\n", None, excel=True)
    assert capsysbinary.readouterr().out == b"Armut\n\xef\xbb\xbfx\n"


# --------------------------------------------------------------------------
# Text never becomes a formula


FORMULAS = ["=1+1", "+49 241", "-Minus", "@SUM(A1)", "\tTab", "\rCR", "=cmd|' /C calc'!A0", "Armut", "a=b"]


@pytest.mark.parametrize("excel", [False, True])
def test_csv_cells_that_could_start_a_formula_get_a_quote(excel):
    frame = pd.DataFrame({"=label": FORMULAS, "n": [-3, 0, 1, 2, 3, 4, 5, 6, 7], "x": [-2.5] + [None] * 8})
    frame["x"] = frame["x"].astype(object)
    text = format_frame(frame, "csv", excel=excel)
    rows = list(
        csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";" if excel else ",")
    )
    assert rows[0] == ["'=label", "n", "x"]
    assert [r[0] for r in rows[1:]] == [
        "'=1+1",
        "'+49 241",
        "'-Minus",
        "'@SUM(A1)",
        "'\tTab",
        "'\rCR",
        "'=cmd|' /C calc'!A0",
        "Armut",
        "a=b",
    ]
    assert rows[1][1:] == ["-3", "-2,5" if excel else "-2.5"]  # numbers stay numbers, signs and all


def test_sections_as_csv_are_neutralised_too():
    frame = pd.DataFrame({"actor": ["=cmd|' /C calc'!A0"], "goals": [-1]})
    text = format_sections([Section("shared-goals", "Shared goals", "", frame)], "csv")
    assert text == "section,actor,goals\r\nshared-goals,'=cmd|' /C calc'!A0,-1\r\n"


def test_text_formats_keep_the_text_as_it_is(tiny):
    frame = pd.DataFrame({"name": ["=1+1"]})
    assert json.loads(format_frame(frame, "json")) == [{"name": "=1+1"}]
    assert format_frame(frame, "md").splitlines()[-1] == "| =1+1 |"


# --------------------------------------------------------------------------
# A console that cannot show every character


class Console:
    """A stdout whose encoding is cp1252, as with PYTHONIOENCODING=cp1252 on Windows."""

    def __init__(self):
        self.raw = io.BytesIO()
        self.stream = io.TextIOWrapper(self.raw, encoding="cp1252")

    @property
    def bytes(self) -> bytes:
        self.stream.flush()
        return self.raw.getvalue()


def test_stdout_in_cp1252_replaces_what_it_lacks_and_counts_it(monkeypatch):
    console = Console()
    monkeypatch.setattr("sys.stdout", console.stream)
    assert write_output("Müller 😀 Łódź\n", None) == 3
    assert console.bytes.decode("cp1252") == "Müller ? ?ód?\n"


def test_json_on_a_cp1252_stdout_is_escaped_and_loses_nothing(monkeypatch):
    console = Console()
    monkeypatch.setattr("sys.stdout", console.stream)
    text = format_frame(pd.DataFrame({"name": ["Müller 😀 Łódź"]}), "json")
    write_output(text, None, json_text=True)
    assert json.loads(console.bytes.decode("cp1252")) == [{"name": "Müller 😀 Łódź"}]


def test_excel_csv_on_stdout_is_utf8_with_bom_whatever_the_console(monkeypatch):
    console = Console()
    monkeypatch.setattr("sys.stdout", console.stream)
    assert write_output("a;b\r\nŁódź;1\r\n", None, excel=True) == 0
    assert console.bytes == "\ufeffa;b\r\nŁódź;1\r\n".encode()
