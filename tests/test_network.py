"""graph/views/network.py and graph/views/metrics.py on a hand-made fixture with hand-checked answers."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from conftest import derived_store

from graph.errors import QueryError
from graph.views.graphfiles import to_gexf, to_graphml
from graph.views.metrics import annotate, brokers, layout, metrics
from graph.views.network import KINDS, build_graph
from graph.views.projection import view, works_on

TINY = Path(__file__).parent / "fixtures" / "network" / "tiny.ttl"


@pytest.fixture(scope="module")
def store():
    return derived_store(TINY)


@pytest.fixture(scope="module")
def full(store) -> nx.DiGraph:
    return build_graph(store)


def name(d: dict) -> str:
    """The dataset id; the event "SK" shares its id with the committee, so it is "event:SK"."""
    return f"event:{d['id']}" if d["kind"] == "event" else d["id"]


def names(G: nx.Graph) -> set[str]:
    return {name(d) for _, d in G.nodes(data=True)}


def edges(G: nx.Graph) -> set[tuple[str, str, str]]:
    return {(name(G.nodes[u]), k, name(G.nodes[v])) for u, v, k in G.edges(data="kind")}


ACTORS = {"FB 56", "FB 45", "E 26", "GA", "SP", "SK", "POL"}
THEMES = {"armut", "kinderarmut", "wohnen", "gesundheit"}
PLANS = {"SEP", "SchEP", "WP"}
GOALS = {"Z1", "Z2", "Z3", "Z4", "Z5"}

FULL_EDGES = {
    ("E 26", "part_of", "FB 56"),
    ("SP", "member", "FB 56"),
    ("SP", "member", "FB 45"),
    ("SP", "member", "GA"),
    ("SEP", "owns", "FB 56"),
    ("SchEP", "owns", "FB 45"),
    ("WP", "owns", "E 26"),
    ("SB", "owns", "FB 56"),
    ("WM", "owns", "E 26"),
    ("SEP", "partner", "GA"),
    ("WP", "partner", "FB 56"),
    ("Z1", "pursues", "FB 56"),
    ("Z2", "pursues", "GA"),
    ("Z4", "pursues", "GA"),
    ("Z1", "states", "SEP"),
    ("Z2", "states", "SchEP"),
    ("Z3", "states", "SEP"),
    ("Z3", "states", "WP"),
    ("Z5", "states", "SchEP"),
    ("SB", "serves", "Z1"),
    ("SB", "serves", "Z2"),
    ("WM", "serves", "Z3"),
    ("SEP", "addresses", "armut"),
    ("SEP", "addresses", "wohnen"),
    ("SchEP", "addresses", "kinderarmut"),
    ("WP", "addresses", "wohnen"),
    ("Z1", "addresses", "armut"),
    ("Z2", "addresses", "kinderarmut"),
    ("Z3", "addresses", "wohnen"),
    ("Z4", "addresses", "gesundheit"),
    ("SB", "addresses", "armut"),
    ("event:SK", "addresses", "armut"),
    ("event:SK", "organises", "SP"),
    ("event:SK", "participates", "FB 56"),
    ("event:SK", "participates", "SK"),
    ("kinderarmut", "broader", "armut"),
    ("Z2", "subgoal", "Z1"),
}


# ---------------------------------------------------------------- the full graph


def test_full_graph_nodes_and_attributes(full):
    assert names(full) == ACTORS | THEMES | PLANS | GOALS | {"SB", "WM", "event:SK"}
    fb56 = full.nodes["https://w3id.org/sozialgraph/id/tiny/actors/FB%2056"]
    assert fb56 == {
        "id": "FB 56",
        "label": "Fachbereich Wohnen, Soziales und Integration",
        "kind": "department",
        "type_label": "Fachbereich",
        "description": "Sozialplanung der Stadt.",
        "source": "Sozialbericht 2016; Vorlage FB 56/0118/WP17",
        "iri": "https://w3id.org/sozialgraph/id/tiny/actors/FB%2056",
    }
    kinds = {name(d): (d["kind"], d["type_label"]) for _, d in full.nodes(data=True)}
    assert kinds["E 26"] == ("enterprise", "Eigenbetrieb")
    assert kinds["GA"] == ("external", "externer Partner")
    assert kinds["SK"] == ("committee", "Ausschuss")
    assert kinds["SP"] == ("body", "Gremium")
    assert kinds["POL"] == ("actor", "Akteur")  # no kind class
    assert kinds["SEP"] == ("plan", "Planwerk")
    assert kinds["Z1"] == ("goal", "Ziel")
    assert kinds["SB"] == ("instrument", "Steuerungsinstrument")
    assert kinds["armut"] == ("theme", "Thema")
    assert kinds["event:SK"] == ("event", "Veranstaltung")
    armut = full.nodes["https://w3id.org/sozialgraph/id/tiny/themes/armut"]
    assert (armut["label"], armut["description"], armut["source"]) == (
        "Armut",
        "Thema der Sozialkonferenz.",
        "",
    )


def test_full_graph_edges_with_kinds_and_labels(full):
    assert isinstance(full, nx.DiGraph)
    # Z5's subject "bildung" is not a declared theme: no edge to it
    assert edges(full) == FULL_EDGES
    labels = {d["kind"]: d["label"] for _, _, d in full.edges(data=True)}
    # the ontology's labels of the properties (ontology/sozialplattform.ttl)
    assert labels == {
        "owns": "Federführung",
        "partner": "Beteiligte",
        "pursues": "verfolgt von",
        "states": "formuliert in",
        "serves": "dient",
        "addresses": "Thema",
        "member": "Mitglied",
        "part_of": "Teil von",
        "organises": "Veranstalter",
        "participates": "Teilnehmende",
        "broader": "Oberthema",
        "subgoal": "Teilziel von",
    }


def test_same_graph_on_rdflib_engine(full):
    G = build_graph(derived_store(TINY, "rdflib"))
    assert list(G.nodes(data=True)) == list(full.nodes(data=True))
    assert list(G.edges(data=True)) == list(full.edges(data=True))
    assert G.graph["derived"] == full.graph["derived"]
    assert works_on(G) == works_on(full)


def test_nodes_in_legend_order(full):
    ranks = [KINDS.index(d["kind"]) for _, d in full.nodes(data=True)]
    assert ranks == sorted(ranks)


# ---------------------------------------------------------------- actors projection

SHARED = {
    frozenset({"FB 56", "GA"}): (
        ["Armut verringern", "Bezahlbaren Wohnraum schaffen", "Kinderarmut bekämpfen"],
        ["Armut", "Kinderarmut", "Wohnen"],
    ),
    frozenset({"FB 56", "FB 45"}): (["Kinderarmut bekämpfen"], ["Kinderarmut"]),
    frozenset({"GA", "FB 45"}): (["Kinderarmut bekämpfen"], ["Kinderarmut"]),
    frozenset({"FB 56", "E 26"}): (["Bezahlbaren Wohnraum schaffen"], ["Wohnen"]),
    frozenset({"GA", "E 26"}): (["Bezahlbaren Wohnraum schaffen"], ["Wohnen"]),
}


def _shared(P: nx.Graph) -> dict:
    return {frozenset({P.nodes[u]["id"], P.nodes[v]["id"]}): d for u, v, d in P.edges(data=True)}


def test_actors_projection_exact_weights_and_lists(store):
    P = view(store, "actors")
    assert not P.is_directed()
    assert names(P) == ACTORS
    got = _shared(P)
    assert set(got) == set(SHARED)
    for pair, (goals, themes) in SHARED.items():
        d = got[pair]
        assert (d["kind"], d["goals"], d["themes"], d["weight"]) == (
            "shares",
            goals,
            themes,
            len(goals) + len(themes),
        )
    top = got[frozenset({"FB 56", "GA"})]
    assert top["label"] == "6 gemeinsame Ziele/Themen"
    assert top["title"] == (
        "Gemeinsame Ziele: Armut verringern; Bezahlbaren Wohnraum schaffen; Kinderarmut bekämpfen\n"
        "Gemeinsame Themen: Armut; Kinderarmut; Wohnen"
    )
    assert got[frozenset({"FB 56", "E 26"})]["label"] == "2 gemeinsame Ziele/Themen"


def test_actors_projection_same_from_graph_and_from_store(store, full):
    from_store, from_graph = view(store, "actors"), view(full, "actors")
    assert list(from_store.nodes(data=True)) == list(from_graph.nodes(data=True))
    assert _shared(from_store) == _shared(from_graph)


def test_works_on_is_the_derived_relation(full):
    fb56, ga = (
        "https://w3id.org/sozialgraph/id/tiny/actors/FB%2056",
        "https://w3id.org/sozialgraph/id/tiny/actors/GA",
    )
    t, g = "https://w3id.org/sozialgraph/id/tiny/themes/", "https://w3id.org/sozialgraph/id/tiny/goals/"
    assert full.graph["derived"][(fb56, t + "armut")] == {
        "works_on": [
            "über ein federführendes Instrument",
            "über ein federführendes Planwerk",
            "über ein Ziel",
        ],
        "engaged": ["befasst sich bei Veranstaltungen mit"],
    }
    assert full.graph["derived"][(ga, g + "Z1")] == {"works_on": ["als Beteiligte eines Planwerks"]}
    # Z5's theme "bildung" is not a declared theme: nobody works on it
    assert {i.rsplit("/", 1)[1] for a, i in works_on(full) if a == fb56} == {
        "Z1",
        "Z2",
        "Z3",
        "armut",
        "kinderarmut",
        "wohnen",
    }


# ---------------------------------------------------------------- focus, theme, include

FB56_DEPTH1 = {"FB 56", "E 26", "SP", "SEP", "WP", "Z1", "SB", "event:SK"}


def test_focus_depth_1_and_2(store, full):
    G = view(store, "focus", focus="FB 56")
    assert names(G) == FB56_DEPTH1
    assert isinstance(G, nx.DiGraph)
    assert G.graph["view"] == "focus"
    assert G.graph["focus"] == "https://w3id.org/sozialgraph/id/tiny/actors/FB%2056"
    deeper = view(full, focus="FB 56", depth=2)
    assert names(deeper) == FB56_DEPTH1 | {"WM", "FB 45", "GA", "armut", "wohnen", "Z3", "Z2", "SK"}
    assert names(view(full, focus="FB 56", depth=0)) == {"FB 56"}


def test_focus_ambiguous_id_prefers_actor_and_kind_prefix(full):
    assert names(view(full, focus="SK")) == {"SK", "event:SK"}  # the committee
    assert names(view(full, focus="event:SK")) == {"event:SK", "FB 56", "SK", "SP", "armut"}
    assert names(view(full, focus="theme:armut")) == {"armut", "SEP", "Z1", "SB", "kinderarmut", "event:SK"}
    assert names(view(full, focus="actor:GA")) == {"GA", "SP", "SEP", "Z2", "Z4"}


def test_focus_on_actors_view(store):
    G = view(store, "actors", focus="E 26")
    assert names(G) == {"E 26", "FB 56", "GA"}
    assert G.graph["view"] == "actors"


def test_theme_view_answers_who_works_on_it(full):
    G = view(full, "theme", theme="armut")
    # who works on Armut or the narrower Kinderarmut, and who only met on Armut at the conference SK
    assert names(G) == {"armut", "kinderarmut", "FB 56", "GA", "FB 45", "SP", "SK"}
    assert edges(G) == {
        ("kinderarmut", "broader", "armut"),
        ("FB 56", "works_on", "armut"),
        ("FB 56", "works_on", "kinderarmut"),
        ("GA", "works_on", "armut"),
        ("GA", "works_on", "kinderarmut"),
        ("FB 45", "works_on", "kinderarmut"),
        ("SP", "engaged", "armut"),
        ("SK", "engaged", "armut"),
    }
    armut = "https://w3id.org/sozialgraph/id/tiny/themes/armut"
    assert G.nodes[armut]["emphasis"] is True
    ga = "https://w3id.org/sozialgraph/id/tiny/actors/GA"
    assert G.edges[ga, armut]["routes"] == ["als Beteiligte eines Planwerks", "über ein Ziel"]
    assert G.edges[ga, armut]["label"] == "arbeitet an"
    assert G.graph == {"view": "theme", "theme": armut}


def test_theme_view_of_other_themes(full):
    assert names(view(full, theme="wohnen")) == {"wohnen", "FB 56", "GA", "E 26"}
    assert names(view(full, theme="theme:kinderarmut")) == {"kinderarmut", "FB 56", "GA", "FB 45"}
    assert names(view(full, theme="gesundheit")) == {"gesundheit", "GA"}
    assert names(view(full, "actors", theme="wohnen")) == {"FB 56", "GA", "E 26"}


def test_include_filters_kinds(store, full):
    G = view(store, include={"plan", "goal"})
    assert names(G) == PLANS | GOALS
    assert edges(G) == {e for e in FULL_EDGES if e[1] in {"states", "subgoal"}}
    assert names(view(full, include=["actor"])) == ACTORS
    assert names(view(full, theme="armut", include={"department"})) == {"FB 56", "FB 45"}
    assert names(view(full, "actors", include={"external"})) == {"GA"}


def test_views_do_not_change_the_input(full):
    before = (list(full.nodes(data=True)), list(full.edges(data=True)), dict(full.graph))
    view(full, theme="armut", focus="FB 56", include={"department"})
    assert (list(full.nodes(data=True)), list(full.edges(data=True)), dict(full.graph)) == before


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"focus": "FB 65"}, "no node with id 'FB 65' (did you mean 'FB 56'?)"),
        ({"focus": "theme:armu"}, "no node with id 'theme:armu' (did you mean 'theme:armut'?)"),
        ({"theme": "armtu"}, "no theme with id 'armtu' (did you mean 'armut'?)"),
        ({"theme": "FB 56"}, "no theme with id 'FB 56'"),
        (
            {"name": "acters"},
            "unknown view 'acters' (did you mean 'actors'?); views: full, actors, focus, theme, land",
        ),
        ({"name": "focus"}, "the focus view needs a node id (focus='FB 56')"),
        ({"name": "theme"}, "the theme view needs a theme id (theme='armut')"),
        (
            {"include": {"plan", "plans"}},
            "unknown node kind(s) plans; valid kinds: department, enterprise, external, committee, body, "
            "actor, authority, plan, goal, instrument, theme, event",
        ),
    ],
)
def test_unknown_ids_and_names(full, kwargs, message):
    with pytest.raises(QueryError) as err:
        view(full, **kwargs)
    assert str(err.value) == message


def test_ambiguous_id_without_an_actor_asks_for_the_kind():
    G = nx.DiGraph()
    G.add_node("p", id="X1", kind="plan")
    G.add_node("g", id="X1", kind="goal")
    with pytest.raises(QueryError, match=r"'X1' is ambiguous: write one of goal:X1, plan:X1"):
        view(G, focus="X1")
    assert set(view(G, focus="goal:X1")) == {"g"}


# ---------------------------------------------------------------- metrics

DEGREES = {
    "FB 45": 2,
    "FB 56": 7,
    "E 26": 3,
    "GA": 4,
    "SK": 1,
    "SP": 4,
    "POL": 0,
    "SEP": 6,
    "SchEP": 4,
    "WP": 4,
    "Z1": 5,
    "Z2": 5,
    "Z3": 4,
    "Z4": 2,
    "Z5": 1,
    "SB": 4,
    "WM": 2,
    "armut": 5,
    "gesundheit": 1,
    "kinderarmut": 3,
    "wohnen": 3,
    "event:SK": 4,
}


def _rows(df) -> dict:
    return {(f"event:{r['id']}" if r["kind"] == "event" else r["id"]): r for r in df.to_dict("records")}


def test_metrics_degree_betweenness_isolated(full):
    df = metrics(full)
    assert list(df.columns) == [
        "id",
        "label",
        "kind",
        "type_label",
        "degree",
        "degree_centrality",
        "betweenness",
        "community",
        "isolated",
        "iri",
    ]
    rows = _rows(df)
    assert {k: r["degree"] for k, r in rows.items()} == DEGREES
    assert rows["FB 56"]["degree_centrality"] == pytest.approx(7 / 21)
    # Z4 is the only way to the theme Gesundheit: 19 pairs (all other connected nodes) pass it;
    # normalised by (n-1)(n-2)/2 = 210 for n = 22 nodes
    assert rows["Z4"]["betweenness"] == pytest.approx(19 / 210)
    for leaf in ("Z5", "SK", "gesundheit", "POL"):
        assert rows[leaf]["betweenness"] == 0
    assert {k for k, r in rows.items() if r["isolated"]} == {"POL"}
    assert df.attrs["betweenness"] == "exact"
    keys = list(zip(-df["betweenness"], -df["degree"], df["id"], strict=True))
    assert keys == sorted(keys)


def test_metrics_on_actors_projection_and_brokers(store):
    df = metrics(view(store, "actors"))
    rows = _rows(df)
    # FB 45 and E 26 are two hops apart, once through FB 56 and once through GA: 0.5 each, / 15
    assert {k: r["betweenness"] for k, r in rows.items()} == pytest.approx(
        {"FB 56": 1 / 30, "GA": 1 / 30, "FB 45": 0, "E 26": 0, "SP": 0, "SK": 0, "POL": 0}
    )
    assert {k: r["degree"] for k, r in rows.items()} == {
        "FB 56": 3,
        "GA": 3,
        "FB 45": 2,
        "E 26": 2,
        "SP": 0,
        "SK": 0,
        "POL": 0,
    }
    assert list(df["id"][:4]) == ["FB 56", "GA", "E 26", "FB 45"]
    assert list(brokers(df)["id"]) == ["FB 56", "GA"]
    assert list(brokers(df, n=1)["id"]) == ["FB 56"]
    # the isolated actors are each a community of one, numbered after the connected group
    assert set(df["community"][df["isolated"]]) == {1, 2, 3}
    assert set(df["community"][~df["isolated"]]) == {0}


def test_communities_are_deterministic_and_numbered_by_size(full):
    first, second = metrics(full, seed=7), metrics(full, seed=7)
    assert first.equals(second)
    sizes = first["community"].value_counts().sort_index().tolist()
    assert sizes == sorted(sizes, reverse=True)
    assert first.loc[first["id"] == "POL", "community"].item() == first["community"].max()


def test_brokers_in_full_graph_are_actors_sorted(full):
    top = brokers(metrics(full), n=3)
    assert len(top) == 3
    assert set(top["kind"]) <= {"department", "enterprise", "external", "committee", "body", "actor"}
    assert list(top["betweenness"]) == sorted(top["betweenness"], reverse=True)
    assert top["id"].iloc[0] == "FB 56"


def test_sampled_betweenness_is_recorded_and_repeatable(full):
    a, b = metrics(full, betweenness_k=5, seed=3), metrics(full, betweenness_k=5, seed=3)
    assert a.attrs["betweenness"] == "sampled (k=5, seed=3)"
    assert a.equals(b)
    assert metrics(full, betweenness_k=100).attrs["betweenness"] == "exact"


def test_annotate_writes_size_and_community(full):
    G = full.copy()
    df = metrics(G)
    annotate(G, df)
    sizes = {name(d): d["size_value"] for _, d in G.nodes(data=True)}
    top = df["id"].iloc[0]
    assert sizes[top] == 1.0
    assert sizes["POL"] == 0.0
    assert sizes["Z4"] == pytest.approx((19 / 210) / df["betweenness"].max())
    assert {d["community"] for _, d in G.nodes(data=True)} == set(df["community"])
    assert "size_value" not in full.nodes[next(iter(full))]  # the input graph was copied


def test_annotate_falls_back_to_degree_centrality():
    G = nx.Graph([("a", "b")])
    G.add_node("c")
    annotate(G, metrics(G))
    assert {n: G.nodes[n]["size_value"] for n in G} == {"a": 1.0, "b": 1.0, "c": 0.0}


def test_metrics_of_an_empty_graph():
    df = metrics(nx.Graph())
    assert df.empty
    assert list(df.columns)[:3] == ["id", "label", "kind"]


# ---------------------------------------------------------------- layout


def test_layout_is_seeded_and_scaled(full):
    G1, G2 = full.copy(), full.copy()
    layout(G1, seed=1)
    layout(G2, seed=1)
    xy1 = {n: (d["x"], d["y"]) for n, d in G1.nodes(data=True)}
    assert xy1 == {n: (d["x"], d["y"]) for n, d in G2.nodes(data=True)}
    assert max(abs(c) for p in xy1.values() for c in p) == 1000.0
    assert len(set(xy1.values())) == len(xy1)


@pytest.mark.parametrize("n", [600, 2100])
def test_layout_of_larger_graphs(n):
    G = nx.path_graph(n)
    nx.set_node_attributes(G, {i: i % 7 for i in G}, "community")
    layout(G)
    coords = [(G.nodes[i]["x"], G.nodes[i]["y"]) for i in G]
    assert max(abs(c) for p in coords for c in p) == 1000.0
    assert len(set(coords)) == n


# ---------------------------------------------------------------- export


def test_graphml_and_gexf_round_trip(store, tmp_path):
    P = view(store, "actors")
    annotate(P, metrics(P))
    layout(P)
    to_graphml(P, tmp_path / "actors.graphml")
    back = nx.read_graphml(tmp_path / "actors.graphml")
    assert back.number_of_nodes() == P.number_of_nodes() == 7
    edge = back.edges[
        "https://w3id.org/sozialgraph/id/tiny/actors/FB%2056",
        "https://w3id.org/sozialgraph/id/tiny/actors/GA",
    ]
    assert edge["themes"] == "Armut; Kinderarmut; Wohnen"
    assert edge["weight"] == 6

    to_gexf(P, tmp_path / "actors.gexf")
    back = nx.read_gexf(tmp_path / "actors.gexf")
    assert back.number_of_nodes() == 7
    ga = back.nodes["https://w3id.org/sozialgraph/id/tiny/actors/GA"]
    assert (ga["identifier"], ga["label"], ga["kind"]) == (
        "GA",
        "Gesundheitsamt der StädteRegion",
        "external",
    )
    assert not list(tmp_path.glob(".*.tmp"))


def test_full_graph_exports(full, tmp_path):
    to_graphml(full, tmp_path / "full.graphml")
    to_gexf(full, tmp_path / "full.gexf")
    for back in (nx.read_graphml(tmp_path / "full.graphml"), nx.read_gexf(tmp_path / "full.gexf")):
        assert back.number_of_nodes() == 22
        assert back.number_of_edges() == 37


def test_communities_repeat_across_processes(example_path):
    """Seeded communities do not depend on Python's string hashing (PYTHONHASHSEED)."""
    import os
    import subprocess
    import sys

    code = (
        "from graph.session import open_dataset\n"
        "from graph.views.metrics import metrics\n"
        "from graph.views.network import build_graph\n"
        f"store, _ = open_dataset({str(example_path)!r})\n"
        "df = metrics(build_graph(store))\n"
        "print(list(zip(df['id'], df['community'])))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=example_path.parent.parent,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
