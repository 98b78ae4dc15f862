"""The Land view and the coverage table, on two hand-made towns (tests/fixtures/land/README.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from graph.analysis.coverage import COLUMNS, coverage
from graph.session import open_dataset
from graph.views.projection import view

TWO_TOWNS = Path(__file__).parent / "fixtures" / "land" / "two-towns"

#: Written by hand from the fixture's README (plans / actors per town and top theme).
EXPECTED = [
    ["K1", "Stadt Eins", "armut", "Armut", 1, 2, True],
    ["K1", "Stadt Eins", "sport", "Sport", 0, 0, False],
    ["K1", "Stadt Eins", "wohnen", "Wohnen", 0, 1, False],
    ["K2", "Stadt Zwei", "armut", "Armut", 1, 1, True],
    ["K2", "Stadt Zwei", "sport", "Sport", 0, 0, False],
    ["K2", "Stadt Zwei", "wohnen", "Wohnen", 1, 1, True],
]


@pytest.fixture(scope="module")
def towns():
    return open_dataset(TWO_TOWNS)[0]


def test_coverage_counts_plans_and_actors_per_town_and_theme(towns):
    table = coverage(towns)
    assert table.mode == "municipality"
    assert table.units == [("K1", "Stadt Eins"), ("K2", "Stadt Zwei")]
    assert table.rows() == EXPECTED
    assert table.matrix("plans") == (
        ["municipality_id", "municipality", "Armut", "Sport", "Wohnen"],
        [["K1", "Stadt Eins", 1, 0, 0], ["K2", "Stadt Zwei", 1, 0, 1]],
    )


def test_coverage_of_all_themes_and_every_status(towns):
    everything = coverage(towns, themes="all")
    assert [t[1] for t in everything.themes] == ["armut", "kinderarmut", "sport", "wohnen"]
    assert everything.plans == [[1, 1, 0, 0], [1, 0, 0, 1]]
    assert everything.actors == [[2, 1, 0, 1], [1, 0, 0, 1]]
    # with every status, the ended Wohnkonzept Eins counts: Wohnen is planned in Stadt Eins
    every_status = coverage(open_dataset(TWO_TOWNS, statuses=frozenset({"active", "planned", "ended"}))[0])
    assert every_status.plans == [[1, 0, 1], [1, 0, 1]]
    assert every_status.actors == [[2, 0, 2], [1, 0, 1]]  # Sozialamt Eins works on Wohnen through it


def test_coverage_by_dataset_when_asked(towns):
    table = coverage(towns, scope="dataset")
    assert (table.mode, table.units) == ("dataset", [("two-towns", "two-towns")])
    assert table.plans == [[2, 0, 1]]  # P1 and P4 cover Armut, P3 Wohnen
    assert table.actors == [
        [3, 0, 2]
    ]  # Sozialamt Eins, Jugendamt Eins, Sozialamt Zwei; Caritas, Sozialamt Zwei


def test_land_view_links_towns_and_themes_and_marks_gaps(towns):
    G = view(towns, "land")
    assert sorted((d["kind"], d["id"], d["label"]) for _, d in G.nodes(data=True)) == [
        ("authority", "K1", "Stadt Eins"),
        ("authority", "K2", "Stadt Zwei"),
        ("theme", "armut", "Armut"),
        ("theme", "sport", "Sport"),
        ("theme", "wohnen", "Wohnen"),
    ]
    edges = sorted(
        (
            *sorted((G.nodes[u]["id"], G.nodes[v]["id"]), key=lambda i: not i.startswith("K")),
            d["kind"],
            d["weight"],
            d["label"],
            d["title"],
        )
        for u, v, d in G.edges(data=True)
    )
    assert edges == [
        ("K1", "armut", "covers", 1, "1 Planwerk", "2 Akteure arbeiten daran"),
        ("K1", "sport", "gap", 0, "kein Planwerk", "niemand arbeitet daran"),
        ("K1", "wohnen", "gap", 0, "kein Planwerk", "1 Akteur arbeitet daran"),
        ("K2", "armut", "covers", 1, "1 Planwerk", "1 Akteur arbeitet daran"),
        ("K2", "sport", "gap", 0, "kein Planwerk", "niemand arbeitet daran"),
        ("K2", "wohnen", "covers", 1, "1 Planwerk", "1 Akteur arbeitet daran"),
    ]
    assert all("x" in d and "y" in d for _, d in G.nodes(data=True))


def test_land_page_draws_gaps_dashed(tmp_path):
    out = tmp_path / "land.html"
    result = CliRunner().invoke(main, ["network", "--view", "land", "--data", str(TWO_TOWNS), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="sg-data">(.*?)</script>', page, re.S).group(1))
    names = {n["i"]: n["label"] for n in data["nodes"]}
    drawn = sorted((names[e["from"]], names[e["to"]], e["label"], e["dashed"]) for e in data["edges"])
    assert [d for d in drawn if d[3]] == [
        ("Sport", "Stadt Eins", "kein Planwerk", True),
        ("Sport", "Stadt Zwei", "kein Planwerk", True),
        ("Stadt Eins", "Wohnen", "kein Planwerk", True),
    ]
    assert "<h1>Welche Kommune plant für welches Thema?</h1>" in page
    assert {n["type"] for n in data["nodes"]} == {"Körperschaft", "Thema"}


def test_coverage_command_long_wide_and_xlsx(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["coverage", "--data", str(TWO_TOWNS), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [list(r.values()) for r in json.loads(result.stdout)] == EXPECTED
    assert list(json.loads(result.stdout)[0]) == list(COLUMNS)
    result = runner.invoke(
        main, ["coverage", "--data", str(TWO_TOWNS), "--wide", "actors", "--format", "csv"]
    )
    assert result.stdout.splitlines() == [
        "municipality_id,municipality,Armut,Sport,Wohnen",
        "K1,Stadt Eins,2,0,1",
        "K2,Stadt Zwei,1,0,1",
    ]
    target = tmp_path / "abdeckung.xlsx"
    assert runner.invoke(main, ["coverage", "--data", str(TWO_TOWNS), "-o", str(target)]).exit_code == 0
    sheet = load_workbook(target).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)][1] == [
        "K1",
        "Stadt Eins",
        "armut",
        "Armut",
        1,
        2,
        True,
    ]


def test_the_report_shows_which_town_plans_for_what(towns):
    """The report's Land page: plans per town and top theme, gaps as "–", gaps counted per theme."""
    from report_support import read_report

    from graph.report.report import build_report

    doc = read_report(build_report(towns, datasets=["two-towns"]).html())
    # a report on several municipalities is their overview; the details belong to each one's report
    assert list(doc.sections) == ["summary", "land", "overlaps", "sdg", "sources"]
    land = doc.sections["land"]
    assert land.title == "Welche Kommune plant wofür?"
    # Eins: Armut through P1 on Kinderarmut; P2 (Wohnen) has ended. Zwei: P4 (geplant) Armut, P3 Wohnen.
    assert land.tables()[0] == [
        ["Kommune", "Armut", "Sport", "Wohnen"],
        ["Stadt Eins", "1", "–", "–"],
        ["Stadt Zwei", "1", "–", "1"],
        ["Lücken", "0", "2", "1"],
    ]
    assert "In 2 von 2 Kommunen bleibt mindestens ein Oberthema ungeplant." in land.texts("p")
    assert any("sozialgraph report --dataset NAME" in t for t in land.texts("p"))
    # the first key finding is the Land's, not the events' (each town's events are its own report's)
    assert (
        doc.sections["summary"].texts("li")[0]
        == "In 2 von 2 Kommunen bleibt mindestens ein Oberthema ungeplant."
    )


def test_a_city_report_has_no_land_page():
    from report_support import read_report

    from graph.report.report import build_report

    one_town = open_dataset(Path(__file__).parent.parent / "data" / "aachen")[0]
    sections = read_report(build_report(one_town, datasets=["aachen"]).html()).sections
    assert "land" not in sections and "annex" in sections
