"""Every page stays small: nodes and edges capped, some of every kind, the strongest edges, towns in names."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from graph.io.generate import BASE, generate
from graph.session import open_dataset
from graph.views.caps import cap_view
from graph.views.projection import view
from graph.views.write import write_view

#: A weighted graph whose cuts are worked out by hand below.
WEIGHTS = {
    ("A", "B"): 9,
    ("A", "C"): 5,
    ("A", "D"): 1,
    ("B", "C"): 4,
    ("C", "D"): 2,
    ("D", "E"): 7,
    ("E", "F"): 3,
}
WEIGHTS[("B", "F")] = 1


def weighted() -> nx.Graph:
    G = nx.Graph()
    for n in "ABCDEF":
        G.add_node(n, kind="department", label=f"Amt {n}", id=n)
    for (u, v), w in WEIGHTS.items():
        G.add_edge(u, v, weight=w, kind="shares", label=str(w))
    return G


def island(path: Path) -> dict:
    return json.loads(
        re.search(r'id="sg-data">(.*?)</script>', path.read_text(encoding="utf-8"), re.S).group(1)
    )


@pytest.mark.parametrize(
    ("max_edges", "kept", "per_node"),
    [
        # Each node's edges by weight (ties: the other end's degree): A: AB 9, AC 5, AD 1 · B: AB, BC 4,
        # BF 1 · C: AC, BC, CD 2 · D: DE 7, CD, AD · E: DE, EF 3 · F: EF, BF. An edge's rank is its best
        # place at either end: AB, AC, DE, EF first (0); BC, CD, BF second (1); AD last (2).
        (8, set(WEIGHTS), None),
        (7, set(WEIGHTS) - {("A", "D")}, 2),
        (5, {("A", "B"), ("A", "C"), ("D", "E"), ("E", "F")}, 1),  # the second places would make 7
        (3, {("A", "B"), ("D", "E"), ("A", "C")}, 1),  # first places only, strongest first
    ],
)
def test_the_edge_cap_keeps_the_strongest_edges_of_every_node(max_edges, kept, per_node):
    G = weighted()
    small, cap = cap_view(G, max_edges=max_edges)
    assert {tuple(sorted(e)) for e in small.edges} == kept
    assert (cap.edges_shown, cap.edges_total, cap.per_node) == (len(kept), 8, per_node)
    assert G.number_of_edges() == 8  # the caller's graph is left as it was


def test_the_node_cap_keeps_some_of_every_kind():
    G = nx.complete_graph(60)  # 60 well linked departments …
    nx.set_node_attributes(G, "department", "kind")
    for i in range(5):  # … and 5 external partners with one link each
        G.add_node(f"x{i}", kind="external")
        G.add_edge(f"x{i}", i)
    small, cap = cap_view(G, max_nodes=30)
    kinds = [d["kind"] for _, d in small.nodes(data=True)]
    assert (kinds.count("department"), kinds.count("external")) == (25, 5)  # floor: 30 // (3 * 2) = 5
    assert (cap.nodes_shown, cap.nodes_total, cap.by) == (30, 65, "degree")


def test_a_capped_page_says_what_it_left_out_and_how_to_see_it(tmp_path):
    report = write_view(weighted(), tmp_path / "v.html", max_edges=5)
    page = report.path.read_text(encoding="utf-8")
    assert (
        '<p class="notice">Gezeigt: 4 von 8 Kanten (die stärksten je Knoten). Alles zeigen: sozialgraph network '
        "--max-nodes 6 --max-edges 8, oder als .graphml für Gephi.</p>"
    ) in page
    assert len(island(report.path)["edges"]) == 4
    assert report.reduced and report.message == (
        "Page shows 4 of 8 edges (the 1 strongest of each node); --max-nodes 6 --max-edges 8 shows all, "
        ".graphml writes all."
    )
    english = write_view(weighted(), tmp_path / "en.html", max_edges=5, lang="en")
    assert "Shown: 4 of 8 edges (the strongest of each node)." in english.path.read_text(encoding="utf-8")
    whole = write_view(weighted(), tmp_path / "all.html")
    assert not whole.reduced and whole.message == ""
    assert 'class="notice"' not in whole.path.read_text(encoding="utf-8")


def test_names_that_repeat_carry_their_town(tmp_path):
    G = nx.Graph()
    G.add_node("a", label="Sozialamt", kind="department", town="K017")
    G.add_node("b", label="Sozialamt", kind="department", town="K018")
    G.add_node("t", label="Armut", kind="theme")
    G.add_node("c", label="Jugendamt", kind="department", town="K017")
    G.add_edges_from([("a", "t"), ("b", "t"), ("c", "t")])
    report = write_view(G, tmp_path / "v.html")
    labels = sorted(n["label"] for n in island(report.path)["nodes"])
    assert labels == ["Armut", "Jugendamt", "Sozialamt (K017)", "Sozialamt (K018)"]
    assert G.nodes["a"]["label"] == "Sozialamt"  # the caller's view keeps its names


@pytest.fixture(scope="module")
def two_towns(tmp_path_factory):
    folder = generate(2, 5, tmp_path_factory.mktemp("two") / "csv").out
    return open_dataset(folder, base=BASE)[0]


def test_a_generated_land_page_keeps_every_kind_and_names_its_towns(two_towns, tmp_path):
    full = view(two_towns, "full")
    assert {d.get("town") for _, d in full.nodes(data=True) if d["kind"] != "theme"} == {"K001", "K002", None}
    assert not any("town" in d for _, d in full.nodes(data=True) if d["kind"] == "theme")  # shared by all
    # without a town: only partners linked to nothing (the three idle ones of each town may be committees)
    lost = [n for n, d in full.nodes(data=True) if d["kind"] != "theme" and "town" not in d]
    assert lost and all(full.degree(n) == 0 and full.nodes[n]["kind"] == "external" for n in lost)
    report = write_view(full, tmp_path / "land.html", max_nodes=60, max_edges=120)
    data = island(report.path)
    assert {n["kind"] for n in data["nodes"]} == {d["kind"] for _, d in full.nodes(data=True)}
    assert len(data["nodes"]) == 60 and len(data["edges"]) <= 120
    name = {d["id"]: d["label"] for _, d in full.nodes(data=True)}
    town = {d["id"]: d.get("town") for _, d in full.nodes(data=True)}
    shown = Counter(name[n["ident"]] for n in data["nodes"])
    for n in data["nodes"]:
        ident = n["ident"]
        if shown[name[ident]] > 1 and town[ident]:
            assert n["label"] == f"{name[ident]} ({town[ident]})"
        else:
            assert n["label"] == name[ident]
    assert any(count > 1 for count in shown.values())  # the page has names that repeat
