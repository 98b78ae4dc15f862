"""SDG links: cells become the UN's identifiers, unknown goals and targets are refused (graph/sdg.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.errors import DataError
from graph.io.load import read_dataset
from graph.io.workbook import graph_tables
from graph.namespaces import SKOS, SP
from graph.sdg import parse_sdg, sdg_goals, sdg_graph
from graph.store import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures"
EN, DE = FIXTURES / "load" / "en", FIXTURES / "load" / "de"
CITY = FIXTURES / "queries" / "city.ttl"
BASE = "https://w3id.org/sozialgraph/id/t/"
UN = "http://metadata.un.org/sdg/"


def variant(tmp_path: Path, source: Path, **files: str) -> Path:
    """A copy of a load fixture with some files replaced (``goals_csv`` is ``goals.csv``)."""
    target = tmp_path / source.name
    shutil.copytree(source, target)
    for name, text in files.items():
        (target / name.replace("_", ".")).write_text(text, encoding="utf-8")
    return target


def errors(path: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        read_dataset(path, base=BASE)
    return [str(p) for p in info.value.problems]


GOALS = """id,name,plans,actors,themes,broader,sdg,description,source
Z1,Armut bekämpfen,SEP,FB 56;GA,Armut,,"1; 1.2",,
Z2,Bezahlbarer Wohnraum,"SEP, HKW",FB 56,Wohnen,Z1,11.1,,
Z3,Bildungschancen verbessern,SchEP,FB 45,Bildung; Förderung,Z1,"SDG 4.A, http://metadata.un.org/sdg/4.5",,
"""


def test_sdg_cells_become_the_uns_identifiers(tmp_path):
    themes = (
        (EN / "themes.csv")
        .read_text(encoding="utf-8")
        .replace(
            "id,name,broader,description,source\nArmut,Armut und Teilhabe,,,",
            "id,name,broader,sdg,description,source\nArmut,Armut und Teilhabe,,1,,",
        )
    )
    themes = themes.replace("\nWohnen,Wohnen,,,", "\nWohnen,Wohnen,,,,")
    themes = themes.replace("\nBildung,Bildung,,,", "\nBildung,Bildung,,,,")
    themes = themes.replace("Förderung,Frühe Förderung,Bildung,", "Förderung,Frühe Förderung,Bildung,,")
    g = read_dataset(variant(tmp_path, EN, goals_csv=GOALS, themes_csv=themes), base=BASE).graph
    goal = lambda ident: URIRef(BASE + "goals/" + ident)  # noqa: E731
    assert set(g.objects(goal("Z1"), SP.sdg)) == {URIRef(UN + "1"), URIRef(UN + "1.2")}
    assert set(g.objects(goal("Z2"), SP.sdg)) == {URIRef(UN + "11.1")}
    assert set(g.objects(goal("Z3"), SP.sdg)) == {URIRef(UN + "4.a"), URIRef(UN + "4.5")}
    assert set(g.objects(URIRef(BASE + "themes/Armut"), SP.sdg)) == {URIRef(UN + "1")}
    # the data only links: titles and targets are the shipped vocabulary's (ontology/sdg.ttl)
    assert not set(g.subjects(SKOS.topConceptOf, SP.SDGScheme))
    assert not {t for t in g.subjects(SKOS.broader, None) if str(t).startswith(UN)}


def test_unknown_goals_and_targets_are_refused_with_place_and_reason(tmp_path):
    goals = (DE / "Ziele.csv").read_text(encoding="utf-8-sig")
    goals = goals.replace(
        "ID;Name;Planwerke;Akteure;Themen;Oberziel;", "ID;Name;Planwerke;Akteure;Themen;Oberziel;SDG;"
    )
    lines = goals.splitlines()
    lines[1] = lines[1].replace(";Armut;;", ";Armut;;18;")
    lines[2] = lines[2].replace(";Wohnen;Z1;", ";Wohnen;Z1;1.9, 17.20, 4.d;")
    lines[3] = lines[3].replace(";Z1;", ';Z1;"Armut\n2024-02-01";', 1)
    path = variant(tmp_path, DE, Ziele_csv="\n".join(lines) + "\n")
    assert errors(path) == [
        "Ziele.csv:2 SDG: no SDG 18 (the goals are 1–17)",
        "Ziele.csv:3 SDG: no SDG target 1.9 (goal 1 has the targets 1.1–1.5 and 1.a–1.b)",
        "Ziele.csv:3 SDG: no SDG target 17.20 (goal 17 has the targets 17.1–17.19)",
        "Ziele.csv:3 SDG: no SDG target 4.d (goal 4 has the targets 4.1–4.7 and 4.a–4.c)",
        "Ziele.csv:4 SDG: not an SDG goal or target: '2024-02-01'; Excel turned it into a date: "
        "format the column as text",
        "Ziele.csv:4 SDG: not an SDG goal or target: 'Armut' (write a goal, e.g. 1, or a target, e.g. 1.2 or 4.a)",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [("1", "1"), (" SDG 11 ", "11"), ("sdg1", "1"), ("4.A", "4.a"), ("8.10", "8.10"), ("01.02", "1.2")],
)
def test_accepted_spellings(text, code):
    assert parse_sdg(text) == (URIRef(UN + code), None)
    assert parse_sdg(UN + code) == (URIRef(UN + code), None)
    assert parse_sdg("https://metadata.un.org/sdg/" + code) == (URIRef(UN + code), None)


def test_an_unknown_sdg_in_an_rdf_file_is_caught_by_the_shapes(tmp_path):
    path = variant(tmp_path, EN)
    (path / "extra.ttl").write_text(
        f"<{BASE}goals/Z1> <{SP.sdg}> <{UN}18> , <{UN}1.2> .\n"
        f"<{BASE}themes/Armut> <{SP.sdg}> <https://example.org/sdg/1> .\n",
        encoding="utf-8",
    )
    assert errors(path) == [
        f"goals.csv:2 sdg: goal 'Z1': not one of the UN's SDG goals or targets (ontology/sdg.ttl) (<{UN}18>)",
        "themes.csv:2 sdg: theme 'Armut': not one of the UN's SDG goals or targets (ontology/sdg.ttl) "
        "(<https://example.org/sdg/1>)",
    ]


def test_the_shipped_scheme_has_the_17_goals_and_169_targets_of_the_2030_agenda():
    # targets per goal as numbered in A/RES/70/1 (n.1 … and the means of implementation n.a …)
    per_goal = [7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19]
    g = sdg_graph()
    counted = [len(set(g.subjects(SKOS.broader, URIRef(f"{UN}{n}")))) for n in range(1, 18)]
    assert counted == per_goal
    assert sum(counted) == 169
    assert [code for code, _, _ in sdg_goals()] == [str(n) for n in range(1, 18)]
    assert sdg_goals()[4] == ("5", "Geschlechtergleichheit", "Gender equality")
    assert sdg_goals()[16] == ("17", "Partnerschaften zur Erreichung der Ziele", "Partnerships for the goals")


def test_the_sdgs_come_from_the_ontology_not_the_data():
    """A dataset names SDGs; their titles and targets are the shipped ontology's, held once per store."""
    city = Graph().parse(CITY, format="turtle")
    assert not set(city.subjects(SKOS.inScheme, SP.SDGScheme))
    assert len(set(city.objects(None, SP.sdg))) == 8


def test_the_workbook_export_writes_the_codes(example_path):
    from graph.session import open_dataset

    store, _ = open_dataset(example_path)
    goals = graph_tables(store)["Ziele"]
    named = dict(zip(goals["ID"], goals["SDG"], strict=True))
    assert {k: v for k, v in named.items() if isinstance(v, str)} == {
        "Z01": "1.2; 10.2",
        "Z02": "1.2",
        "Z03": "4.5",
        "Z05": "4.2",
        "Z07": "4.a",
        "Z08": "11.1",
        "Z09": "11.1",
        "Z11": "1.3",
        "Z14": "3",
        "Z15": "10.2; 8.5",
        "Z23": "16.1",
        "Z25": "11.7",
        "Z29": "3",
        "Z30": "1",
    }
    themes = graph_tables(store, lang="en")["themes"]
    assert [(i, s) for i, s in zip(themes["id"], themes["sdg"], strict=True) if isinstance(s, str)] == [
        ("armut", "1"),
        ("bildung", "4"),
        ("gesundheit", "3"),
        ("inklusion", "10.2"),
        ("integration", "10"),
        ("wohnen", "11"),
    ]


def test_every_store_holds_the_17_goals_once_beside_the_data(example_path):
    from graph.analysis.query import run_query
    from graph.session import open_dataset

    assert run_query(OxigraphStore(), "sdgs-without-goal").empty  # a bare store: no vocabulary, no rows
    view, loaded = open_dataset(example_path)
    assert not set(loaded.graph.subjects(SKOS.topConceptOf, SP.SDGScheme))  # not in the dataset
    assert len(run_query(view, "sdg-coverage")) == 17  # but in the store's vocabulary graph
