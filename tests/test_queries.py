"""Every analysis of the catalogue on the hand-made city, on Oxigraph and on rdflib."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from rdflib.plugins.sparql.parser import parseQuery

from graph.analysis.catalogue import PARAM_KINDS, catalogue
from graph.analysis.query import GAPS, OVERLAPS, _parse, gaps, overlaps, run_query
from graph.session import open_dataset

FIXTURES = Path(__file__).parent / "fixtures" / "queries"
CITY = FIXTURES / "city.ttl"
EXPECTED = FIXTURES / "expected"

#: Parameter values for the analyses that need them (the expected files use these).
PARAMS = {"actor-profile": {"actor": "FB 56"}, "theme-actors": {"theme": "teilhabe"}}
NAMES = [q.name for q in catalogue()]
#: The day the expected files are written for (AMP's end, 31.12.2018, has passed).
AS_OF = dt.date(2026, 11, 30)


def city(engine: str = "oxigraph", statuses=None, as_of=AS_OF):
    view, _ = open_dataset(CITY, engine=engine, statuses=statuses, as_of=as_of)
    return view


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def store(request):
    return city(request.param)


def as_text(frame) -> list[list[str]]:
    """The frame as csv.reader would read it back: header, then rows of text."""
    rows = [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    return [list(frame.columns), *rows]


def expected(name: str) -> list[list[str]]:
    with open(EXPECTED / f"{name}.csv", newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_the_catalogue_has_the_public_names():
    assert NAMES == sorted(
        [*OVERLAPS, *GAPS, "actor-profile", "theme-actors", "sdg-coverage", "sdgs-without-goal"]
    ), "names of analyses are public interface"


def test_every_analysis_has_an_expected_file():
    assert sorted(p.stem for p in EXPECTED.glob("*.csv")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_analysis_on_the_city(store, name):
    assert as_text(run_query(store, name, PARAMS.get(name))) == expected(name)


@pytest.mark.parametrize("name", NAMES)
def test_header_and_shape(name):
    info = next(q for q in catalogue() if q.name == name)
    text = info.path.read_text(encoding="utf-8")
    assert info.title and info.title != name
    assert info.summary.endswith((".", "?")), "the summary is one sentence"
    assert all(p.kind in PARAM_KINDS and p.description for p in info.params)
    assert sorted(PARAMS.get(name, {})) == sorted(p.name for p in info.params if p.default is None)
    parsed = _parse(text, info.path.name)  # what run_query skips for shipped files
    assert parsed.kind == "SELECT" and not parsed.service
    assert {p.name for p in info.params} <= parsed.projected, "bound variables must be projected"
    assert parsed.used <= parsed.declared, "shipped queries declare their prefixes (valid SPARQL anywhere)"
    assert "orderby" in parseQuery(text)[1], "every SELECT has an ORDER BY"
    assert "FILTER NOT EXISTS" not in text.upper(), "MINUS scales better on Oxigraph"


@pytest.mark.parametrize("name", NAMES)
def test_rows_name_entities_not_iris(name):
    for row in expected(name)[1:]:
        assert not any(cell.startswith(("http://", "https://")) for cell in row)


def test_numbers_are_numbers():
    store = city("oxigraph")
    frame = run_query(store, "shared-goals")
    assert str(frame["count"].dtype) == "int64"
    assert frame["count"].tolist() == [3, 2, 1, 1]
    assert run_query(store, "unplanned-themes")["actors_working"].tolist() == [0, 0, 1, 2]


def test_hotspots_minimum_is_bound_and_not_a_column():
    store = city("oxigraph")
    frame = run_query(store, "hotspots", {"min": "3"})
    assert frame.columns.tolist() == ["kind", "id", "label", "actors", "actor_list"]
    assert frame[["kind", "id", "actors"]].values.tolist() == [["goal", "Z3", 3], ["theme", "bildung", 3]]
    assert len(run_query(store, "hotspots", {"min": "4"})) == 0
    assert len(run_query(store, "hotspots", {"min": "1"})) == 12  # goals but Z7, themes but Wohnen


def test_theme_actors_counts_narrower_themes():
    store = city("oxigraph")
    armut = run_query(store, "theme-actors", {"theme": "armut"})
    assert armut[["actor_id", "engagement", "via", "goals"]].values.tolist() == [
        ["FB 45", "works on", "Armut; Kinderarmut", 2],  # Z1 (partner of SEP), Z2 (pursues)
        ["FB 56", "works on", "Armut; Kinderarmut", 2],  # Z1 (pursues, SEP, I1), Z2 (I3)
        ["ASO", "met at events", "Armut; Kinderarmut", 0],  # E1 only
        ["SP", "met at events", "Armut; Kinderarmut", 0],  # organised E1
    ]
    health = run_query(store, "theme-actors", {"theme": "gesundheit"})
    # FB 56 partners only the ended PFL: it does not work on Gesundheit; SP met on it at E2
    assert health[["actor_id", "engagement", "goals"]].values.tolist() == [
        ["GA", "works on", 1],
        ["SP", "met at events", 0],
    ]


def test_actor_profile_of_a_mere_member_shows_its_body():
    frame = run_query(city("rdflib"), "actor-profile", {"actor": "AWO"})
    assert frame[["relation", "item_id", "detail"]].values.tolist() == [["member-of", "SP", ""]]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_overlaps_and_gaps_sections(engine):
    store = city(engine)
    sections = overlaps(store)
    assert [s.name for s in sections] == list(OVERLAPS)
    assert sections[0].title == "Shared goals" and len(sections[0].frame) == 4
    found = {s.name: len(s.frame) for s in gaps(store)}
    assert found == {
        "uncovered-event-themes": 2,
        "unplanned-themes": 4,
        "goals-without-plan": 3,
        "goals-without-instrument": 3,
        "goals-without-actor": 1,
        "plans-without-goal": 1,
        "idle-instruments": 1,
        "inactive-actors": 1,
    }
