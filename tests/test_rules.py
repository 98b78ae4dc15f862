"""The planning rules (graph/analysis/rules/) on the hand-made city: every derived relation written out by hand.

The city (tests/fixtures/queries/city.ttl) has a case for every rule: a theme
only in an ended plan (Gesundheit: PFL), only in a proposed one (Digitale
Teilhabe: DIG), only in a plan whose end has passed (Arbeit: AMP, aktiv, Ende
31.12.2018), planned only through a narrower theme (Wohnen), a member of a body
who does nothing else (AWO), a Dezernat with active units (DEZ), a goal served
only by an ended instrument (Z6: I5), an actor active only through an event (ASO).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.analysis.query import run_query
from graph.analysis.rules import DEFAULT_STATUSES, STATUSES, rules
from graph.namespaces import SP
from graph.session import open_dataset
from graph.store.base import Scope

CITY = Path(__file__).parent / "fixtures" / "queries" / "city.ttl"
TODAY = dt.date(2026, 11, 30)
BEFORE_AMP_ENDED = dt.date(2018, 6, 30)
ID = "https://w3id.org/sozialgraph/id/city/"

PAIRS = """
PREFIX sp: <https://w3id.org/sozialgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?rel ?a ?i WHERE { GRAPH ?g { ?s ?rel ?o } ?s dct:identifier ?a . ?o dct:identifier ?i }
"""


def city(statuses=DEFAULT_STATUSES, as_of=TODAY):
    view, _ = open_dataset(CITY, statuses=statuses, as_of=as_of)
    return view


def pairs(view, relation: URIRef) -> set[tuple[str, str]]:
    rows = view.query(PAIRS, {"rel": relation}).rows
    return {(str(a), str(i)) for _, a, i in rows}


def by_actor(found: set[tuple[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for actor, item in found:
        out.setdefault(actor, set()).add(item)
    return out


def test_the_rule_files_run_in_order():
    assert [r.name for r in rules()] == [
        "broader-transitive",
        "works-on-goals",
        "works-on-themes",
        "addresses",
        "addresses-broader",
        "covers",
        "engaged",
        "active",
        "active-bodies-units",
        "counted",
    ]
    assert [r.name for r in rules() if r.repeat] == ["active-bodies-units"]


def test_derived_graphs_one_per_status_and_end():
    view = city()
    graph = view.datasets[0].data_graph
    found = {(p.graph[len(graph) :], p.status, p.end) for p in view.datasets[0].partitions}
    assert found == {
        ("/derived/always", None, None),
        ("/derived/active", "active", None),  # SEP, SCH, LKT (no status: aktiv), I1, I2, I4
        ("/derived/active/2018-12-31", "active", dt.date(2018, 12, 31)),  # AMP
        ("/derived/planned", "planned", None),  # HKW, I3
        ("/derived/proposed", "proposed", None),  # DIG
        ("/derived/ended", "ended", None),  # PFL, I5
    }
    counted = {g[len(graph) :] for g in view.scope.named if g.startswith(graph + "/")}
    assert counted == {"/derived/always", "/derived/active", "/derived/planned"}
    assert set(view.scope.named) - {graph + c for c in counted} == {
        "https://w3id.org/sozialgraph/graph/ontology"
    }


def test_derived_relations_are_not_data():
    view = city()
    assert len(view) == len(Graph().parse(CITY))  # the data graph holds what city.ttl holds, nothing derived
    assert view.count(Scope(default=tuple(view.scope.named), named=())) > 0


def test_works_on_goals_counts_active_and_planned_by_default():
    assert by_actor(pairs(city(), SP.worksOn) & _goals()) == {
        "FB 56": {"Z1", "Z2", "Z3", "Z4", "Z5"},  # Z1 pursues; SEP, I1 (active); HKW partner, I3 (planned)
        "FB 45": {"Z1", "Z2", "Z3"},  # Z2 pursues; SEP partner; SCH lead
        "FB 61": {"Z4", "Z5"},  # HKW lead (planned), I2 (active)
        "GA": {"Z3", "Z6"},  # SCH partner; Z6 pursues (its ended PFL and I5 do not count)
    }


def test_works_on_goals_with_every_status():
    found = by_actor(pairs(city(frozenset(STATUSES)), SP.worksOn) & _goals())
    assert found["FB 56"] == {"Z1", "Z2", "Z3", "Z4", "Z5", "Z6"}  # + Z6 as partner of the ended PFL
    assert found["GA"] == {"Z3", "Z6"}


def _goals() -> set[tuple[str, str]]:
    actors = ["FB 56", "FB 45", "FB 61", "GA", "AWO", "ASO", "SP", "DEZ", "JC"]
    return {(a, f"Z{n}") for a in actors for n in range(1, 8)}


def test_routes_are_sub_properties_in_the_graph_of_their_carrier():
    view = city(frozenset(STATUSES))
    query = """
    PREFIX sp: <https://w3id.org/sozialgraph/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?a ?goal ?route ?g WHERE {
      GRAPH ?g { ?a ?route ?goal } GRAPH ?vocabulary { ?route rdfs:subPropertyOf sp:worksOn }
    }
    """
    rows = [
        r[2:]
        for r in view.query(query, {"a": URIRef(ID + "actors/FB%2056"), "goal": URIRef(ID + "goals/Z1")}).rows
    ]
    graph = view.datasets[0].data_graph
    found = {(str(r).rsplit("#", 1)[1], str(g)[len(graph) :]) for r, g in rows}
    assert found == {
        ("worksOnDirectly", "/derived/always"),  # Z1 names FB 56
        ("worksOnAsLead", "/derived/active"),  # FB 56 leads SEP, which states Z1
        ("worksOnByInstrument", "/derived/active"),  # FB 56 leads I1, which serves Z1
    }


def test_works_on_themes_exactly():
    assert by_actor(pairs(city(), SP.worksOn) - _goals()) == {
        "FB 56": {"armut", "bildung", "kinderarmut", "wohnraum"},
        "FB 45": {"armut", "bildung", "kinderarmut"},
        "FB 61": {"teilhabe", "wohnraum"},  # teilhabe: I4; digital only through the proposed DIG
        "GA": {"bildung", "gesundheit"},  # gesundheit through Z6, which GA pursues
    }


@pytest.mark.parametrize(
    ("statuses", "as_of", "covered"),
    [
        (DEFAULT_STATUSES, TODAY, {"armut", "bildung", "teilhabe", "wohnraum", "wohnen"}),
        # AMP's end has not passed yet: Arbeit is planned
        (
            DEFAULT_STATUSES,
            BEFORE_AMP_ENDED,
            {"armut", "bildung", "teilhabe", "wohnraum", "wohnen", "arbeit"},
        ),
        (
            frozenset(STATUSES),
            TODAY,
            {"armut", "bildung", "teilhabe", "wohnraum", "wohnen", "arbeit", "digital", "gesundheit"},
        ),
        # only the proposed DIG: Digitale Teilhabe and, through it, Soziale Teilhabe
        (frozenset({"proposed"}), TODAY, {"digital", "teilhabe"}),
    ],
)
def test_covers_follows_status_and_day(statuses, as_of, covered):
    found = pairs(city(statuses, as_of), SP.covers)
    assert {theme for _, theme in found} == covered


def test_addresses_whatever_the_status():
    assert by_actor(pairs(city(), SP.addresses)) == {
        "SEP": {"armut", "bildung", "teilhabe"},  # own theme; Z3 on Bildung; both narrower than Teilhabe
        "SCH": {"bildung", "teilhabe"},
        "HKW": {"wohnraum", "wohnen"},
        "PFL": {"gesundheit"},
        "AMP": {"arbeit"},
        "DIG": {"digital", "teilhabe"},
        "LKT": {"bildung", "teilhabe"},
    }


def test_engaged_through_events_only():
    assert by_actor(pairs(city(), SP.engagedIn)) == {
        "SP": {"armut", "kinderarmut", "wohnen", "gesundheit", "wohnraum"},  # organised E1 and E2
        "FB 56": {"armut", "kinderarmut", "wohnen"},
        "FB 45": {"armut", "kinderarmut", "wohnen"},
        "ASO": {"armut", "kinderarmut", "wohnen"},
        "GA": {"gesundheit", "wohnraum"},
    }


def test_active_through_bodies_units_and_events():
    view = city()
    active = by_actor(pairs(view, SP.activeThrough))
    assert set(active) == {"FB 56", "FB 45", "FB 61", "GA", "AWO", "ASO", "SP", "DEZ"}  # not JC
    assert by_actor(pairs(view, SP.activeAsMember)) == {x: {"SP"} for x in ("FB 56", "FB 45", "GA", "AWO")}
    assert by_actor(pairs(view, SP.activeThroughUnit)) == {"DEZ": {"FB 56", "FB 45"}}
    assert active["ASO"] == {"E1"}
    assert "JC" in by_actor(pairs(city(as_of=BEFORE_AMP_ENDED), SP.activeThrough))


def test_counted_plans_and_instruments():
    query = """
    PREFIX sp: <https://w3id.org/sozialgraph/ontology#>
    PREFIX dct: <http://purl.org/dc/terms/>
    SELECT DISTINCT ?id WHERE { GRAPH ?g { ?x a sp:Counted } ?x dct:identifier ?id }
    """
    found = {str(r[0]) for r in city().query(query).rows}
    assert found == {"SEP", "SCH", "LKT", "HKW", "I1", "I2", "I3", "I4"}


@pytest.mark.parametrize(
    ("statuses", "as_of", "unplanned"),
    [
        (DEFAULT_STATUSES, TODAY, ["arbeit", "digital", "gesundheit", "kinderarmut"]),
        (DEFAULT_STATUSES, BEFORE_AMP_ENDED, ["digital", "gesundheit", "kinderarmut"]),
        (frozenset(STATUSES), TODAY, ["kinderarmut"]),
    ],
)
def test_gaps_follow_the_statuses(statuses, as_of, unplanned):
    frame = run_query(city(statuses, as_of), "unplanned-themes")
    assert frame["theme_id"].tolist() == unplanned


def test_a_gap_names_the_plans_that_do_not_count():
    frame = run_query(city(), "unplanned-themes").set_index("theme_id")
    assert frame.loc["gesundheit", "only_in"] == "Pflegeplanung (beendet)"
    assert frame.loc["arbeit", "only_in"] == "Arbeitsmarktprogramm 2014–2018 (aktiv, Ende 2018-12-31)"
    assert frame.loc["kinderarmut", "only_in"] == ""


def test_shared_goals_with_every_status_include_ended_plans():
    frame = run_query(city(frozenset(STATUSES)), "shared-goals").set_index(["actor_a_id", "actor_b_id"])
    assert frame.loc[("FB 56", "GA"), "goals"] == "Bildungschancen verbessern; Gesundheit fördern"
    assert (
        run_query(city(), "shared-goals")
        .set_index(["actor_a_id", "actor_b_id"])
        .loc[("FB 56", "GA"), "count"]
        == 1
    )


def test_inactive_actors_follow_the_day():
    assert run_query(city(), "inactive-actors")["actor_id"].tolist() == ["JC"]
    assert run_query(city(as_of=BEFORE_AMP_ENDED), "inactive-actors").empty


# --------------------------------------------------------------------------
# no analysis keeps a private copy of the rules


def _tampered():
    """The city, with one derived relation taken away and one made up — no rule would give either.

    (Changed beneath the view: an update through the view would derive the relations again.)
    """
    view = city()
    active = next(p.graph for p in view.datasets[0].partitions if p.status == "active" and not p.end)
    always = next(p.graph for p in view.datasets[0].partitions if p.status is None)
    fb56, awo = URIRef(ID + "actors/FB%2056"), URIRef(ID + "actors/AWO")
    z3, z7 = URIRef(ID + "goals/Z3"), URIRef(ID + "goals/Z7")
    for prop in (SP.worksOn, SP.worksOnAsLead, SP.worksOnByInstrument):
        view.base.update(f"DELETE DATA {{ GRAPH <{active}> {{ <{fb56}> <{prop}> <{z3}> }} }}")
    view.base.add_quads([(awo, SP.worksOn, z7, always), (awo, SP.worksOnDirectly, z7, always)])
    return view


def test_analyses_read_the_derived_relations():
    view = _tampered()
    shared = run_query(view, "shared-goals").set_index(["actor_a_id", "actor_b_id"])
    assert shared.loc[("FB 45", "FB 56"), "goals"] == "Armut bekämpfen; Kinderarmut senken"  # not Z3
    assert ("FB 56", "GA") not in shared.index
    assert run_query(view, "goals-without-actor").empty  # AWO "works on" Z7 now
    hotspots = run_query(view, "hotspots").set_index("id")
    assert hotspots.loc["Z3", "actors"] == 2
    profile = run_query(view, "actor-profile", {"actor": "AWO"})
    assert ["goal", "Z7", "verfolgt unmittelbar"] in profile[
        ["relation", "item_id", "detail"]
    ].values.tolist()


def test_network_views_read_the_derived_relations():
    from graph.views.projection import view as make_view

    actors = make_view(_tampered(), "actors")
    fb56, fb45 = ID + "actors/FB%2056", ID + "actors/FB%2045"
    assert actors.edges[fb45, fb56]["goals"] == ["Armut bekämpfen", "Kinderarmut senken"]
    assert (
        not actors.has_edge(fb56, ID + "actors/GA")
        or "Bildungschancen verbessern" not in (actors.edges[fb56, ID + "actors/GA"]["goals"])
    )


def test_literal_values_never_reach_rule_text():
    # the rules step writes graph names it built itself; a dataset name is a slug
    from graph.store.catalog import dataset_name

    assert dataset_name("x> } ; DROP ALL #") == "x-drop-all"
    assert Literal("x").n3() == '"x"'
