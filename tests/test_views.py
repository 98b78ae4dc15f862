"""Tests of graph.views (reduce, then lay out, then draw) and of the layout for large views."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from graph.views.metrics import layout
from graph.views.render import PHYSICS_MAX_NODES
from graph.views.write import _theme_label, write_view


def island(path: Path) -> dict:
    page = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="sg-data">(.*?)</script>', page, re.S).group(1))


def labelled(G: nx.Graph, kind: str = "department") -> nx.Graph:
    for n in G:
        G.nodes[n].update(label=f"Knoten {n}", kind=kind, id=str(n))
    return G


def test_theme_label_resolves_like_the_command_line():
    G = nx.DiGraph()
    G.add_node("t1", kind="theme", id="armut", label="Armut")
    G.add_node("a1", kind="department", id="armut", label="Fachbereich Armut")
    assert _theme_label(G, "armut") == "Armut"
    assert _theme_label(G, "theme:armut") == "Armut"
    assert _theme_label(G, "t1") == "Armut"
    assert _theme_label(G, "wohnen") == "wohnen"  # not in the view: the id as given
    assert _theme_label(G, None) == ""


def test_small_views_are_left_to_the_browser(tmp_path):
    G = labelled(nx.path_graph(30))
    report = write_view(G, tmp_path / "v.html")
    data = island(report.path)
    assert data["meta"]["positions"] is False
    assert not any("x" in d for _, d in G.nodes(data=True))
    assert report.nodes_shown == 30 and not report.reduced


def test_large_views_are_reduced_before_the_layout(tmp_path):
    G = labelled(nx.relaxed_caveman_graph(40, 15, 0.1, seed=1))  # 600 nodes
    report = write_view(G, tmp_path / "v.html", max_nodes=PHYSICS_MAX_NODES + 50)
    assert (report.nodes_shown, report.nodes_total, report.reduced) == (350, 600, True)
    assert report.message.startswith("Page shows 350 of 600 nodes (the most central, every kind kept)")
    data = island(report.path)
    assert data["meta"]["positions"] is True
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 350
    # the caller's graph got metrics but no coordinates: the layout ran on the reduced copy only
    assert all("size_value" in d and "x" not in d for _, d in G.nodes(data=True))


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_graphml_and_gexf_carry_the_metrics_and_are_not_reduced(tmp_path, suffix):
    G = labelled(nx.path_graph(12))
    report = write_view(G, tmp_path / f"v{suffix}", max_nodes=10)
    assert (report.nodes_shown, report.reduced) == (12, False)
    read = nx.read_graphml if suffix == ".graphml" else nx.read_gexf
    written = read(report.path)
    assert written.number_of_nodes() == 12
    nodes = {str(d.get("id", d.get("identifier"))): d for _, d in written.nodes(data=True)}
    # On the path 0-1-…-11, node i lies between i * (11 - i) pairs; nodes 5 and 6 between the most (30),
    # and size_value is betweenness scaled to that maximum.
    sizes = {int(k): float(d["size_value"]) for k, d in nodes.items()}
    assert sizes == pytest.approx({i: i * (11 - i) / 30 for i in range(12)})
    communities = [int(nodes[str(i)]["community"]) for i in range(12)]
    runs = [c for i, c in enumerate(communities) if i == 0 or c != communities[i - 1]]
    assert len(runs) == len(set(runs)) >= 2  # each community is one stretch of the path


def test_layout_packs_components_and_puts_isolated_nodes_in_a_row_below():
    G = labelled(nx.complete_graph(40))
    G.add_edges_from([(100, 101), (101, 102)])  # a small component
    G.add_nodes_from([200, 201, 202, 203])  # no links
    labelled(G)
    layout(G, seed=3)
    xy = {n: (d["x"], d["y"]) for n, d in G.nodes(data=True)}
    assert max(abs(c) for p in xy.values() for c in p) == 1000.0
    assert len(set(xy.values())) == len(xy)
    linked_bottom = max(y for n, (_, y) in xy.items() if n < 200)
    lonely = [xy[n] for n in (200, 201, 202, 203)]
    assert {y for _, y in lonely} == {lonely[0][1]}  # one row
    assert lonely[0][1] > linked_bottom  # below everything else
    assert [x for x, _ in lonely] == sorted(x for x, _ in lonely)  # in id order
    # the small component sits beside the big one, not far away
    big = [xy[n] for n in range(40)]
    small = [xy[n] for n in (100, 101, 102)]
    gap = min(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a in big for b in small)
    assert gap < 600


def test_layout_ignores_weights():
    G = labelled(nx.cycle_graph(12))
    H = G.copy()
    for i, (u, v) in enumerate(H.edges):
        H.edges[u, v]["weight"] = 1 + 50 * (i % 2)
    layout(G, seed=5)
    layout(H, seed=5)
    assert {n: (d["x"], d["y"]) for n, d in G.nodes(data=True)} == {
        n: (d["x"], d["y"]) for n, d in H.nodes(data=True)
    }


def test_network_command_writes_a_german_page_or_an_english_one_in_projector_mode(tmp_path):
    from click.testing import CliRunner

    import cli

    runner = CliRunner()
    de, en = tmp_path / "de.html", tmp_path / "en.html"
    assert runner.invoke(cli.main, ["network", "--view", "actors", "-o", str(de)]).exit_code == 0
    result = runner.invoke(
        cli.main, ["network", "--view", "actors", "--present", "--lang", "en", "-o", str(en)]
    )
    assert result.exit_code == 0, result.output
    german, english = de.read_text(encoding="utf-8"), en.read_text(encoding="utf-8")
    assert '<html lang="de">' in german and '<body class="">' in german
    assert "<h1>Wer teilt Ziele und Themen? Akteursnetz</h1>" in german
    assert '<html lang="en">' in english and '<body class="present">' in english
    assert "<h1>Who shares goals and themes? Network of actors</h1>" in english
    assert '<p class="stats" id="sg-stats" aria-live="polite">19 nodes · 75 edges</p>' in english
    data = island(en)
    assert (data["meta"]["lang"], data["meta"]["present"]) == ("en", True)
    assert data["meta"]["styles"]["external"]["name"] == "external partner"
    assert {e["label"] for e in data["edges"]} >= {"1 shared goal/theme", "2 shared goals/themes"}
    bad = runner.invoke(cli.main, ["network", "--lang", "fr", "-o", str(tmp_path / "fr.html")])
    assert bad.exit_code == 2 and "'fr' is not one of 'de', 'en'" in bad.output


def test_the_theme_view_shows_the_actors_of_theme_actors(example_path):
    """Issue 10, item 4: the page answers its title with the same actors as the analysis."""
    from graph.analysis.query import run_query
    from graph.session import open_dataset
    from graph.views.network import ACTOR_KINDS
    from graph.views.projection import view

    store, _ = open_dataset(example_path)
    G = view(store, "theme", theme="armut")
    rows = run_query(store, "theme-actors", {"theme": "armut"})
    actors = {d["id"]: d for _, d in G.nodes(data=True) if d["kind"] in ACTOR_KINDS}
    assert sorted(actors) == sorted(rows["actor_id"])
    ties = {G.nodes[u]["id"]: set() for u, _, k in G.edges(data="kind") if k in ("works_on", "engaged")}
    for u, _, k in G.edges(data="kind"):
        if k in ("works_on", "engaged"):
            ties[G.nodes[u]["id"]].add(k)
    engagement = dict(zip(rows["actor_id"], rows["engagement"], strict=True))
    for actor, kinds in ties.items():
        assert kinds == ({"works_on"} if engagement[actor] == "works on" else {"engaged"}), actor
    themes = {d["id"] for _, d in G.nodes(data=True) if d["kind"] == "theme"}
    assert themes == {"armut", "kinderarmut", "altersarmut", "wohnungslosigkeit"}  # data/aachen/Themen.csv
