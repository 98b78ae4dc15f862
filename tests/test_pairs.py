"""Pair questions at Land size: the same answers as the catalogue's SPARQL, scoped, ranked, rolled up."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cli import main
from graph.analysis.cooccur import pair_counts, scoped
from graph.analysis.pairs import hotspots, overlaps, read_incidence, shared
from graph.analysis.query import _bind, find_query, run_query
from graph.analysis.scopes import Structure
from graph.analysis.theme_actors import theme_actors
from graph.io.generate import BASE, THEMES, generate
from graph.loading import load_into
from graph.session import Session, Source, open_dataset
from graph.views.projection import view

ROLLUP = Path(__file__).parent / "fixtures" / "pairs" / "rollup"
ANALYSES = ("shared-goals", "shared-themes", "hotspots")


def rows(frame) -> list[list]:
    return [list(r) for r in frame.itertuples(index=False, name=None)]


def python_rows(inc, name: str, **kw) -> tuple[list[str], list[list]]:
    table = hotspots(inc, **kw) if name == "hotspots" else shared(inc, name.split("-")[1][:-1], **kw)
    return table.columns, list(table.rows)


@pytest.fixture(scope="module")
def land(tmp_path_factory) -> object:
    """Three generated municipalities in one dataset (the Land's shape, small)."""
    folder = generate(3, 11, tmp_path_factory.mktemp("land") / "csv").out
    return open_dataset(folder, base=BASE)[0]


# ---------------------------------------------------------------- the co-occurrence product


def brute_force(cells: set[tuple[int, int]], scope: list[int]) -> list[tuple[int, int, int]]:
    """Every pair of rows of one scope sharing columns, counted pair by pair, in rank order."""
    items: dict[int, set[int]] = {}
    for r, c in cells:
        items.setdefault(r, set()).add(c)
    found = [
        (a, b, len(items.get(a, set()) & items.get(b, set())))
        for a, b in itertools.combinations(range(len(scope)), 2)
        if scope[a] == scope[b]
    ]
    return sorted((p for p in found if p[2]), key=lambda p: (scope[p[0]], -p[2], p[0], p[1]))


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=4),
    cells=st.sets(st.tuples(st.integers(0, 23), st.integers(0, 5)), max_size=60),
    budget=st.integers(1, 40),
    top=st.one_of(st.none(), st.integers(1, 4)),
)
def test_pair_counts_equal_the_pairs_counted_one_by_one(sizes, cells, budget, top):
    scope = [s for s, n in enumerate(sizes) for _ in range(n)]
    cells = {(r, c) for r, c in cells if r < len(scope)}
    A, _ = scoped(
        np.array([r for r, _ in cells], dtype=np.int64),
        np.array([c for _, c in cells], dtype=np.int64),
        np.array(scope),
        6,
    )
    got = [
        (r, c, n)
        for rs, cs, ns in pair_counts(A, np.array(scope), top=top, budget=budget)
        for r, c, n in zip(rs.tolist(), cs.tolist(), ns.tolist(), strict=True)
    ]
    want = brute_force(cells, scope)
    if top is not None:
        want = [p for s in range(len(sizes)) for p in [q for q in want if scope[q[0]] == s][:top]]
    assert got == want


# ---------------------------------------------------------------- the same answers as the SPARQL files


@pytest.mark.parametrize("name", ANALYSES)
def test_scope_all_gives_the_rows_of_the_sparql_file(land, name):
    inc = read_incidence(land)
    columns, got = python_rows(inc, name, scope="all", top=None)
    frame = run_query(land, name)
    assert columns == list(frame.columns)
    assert got == rows(frame)
    assert len(got) > 100  # something to compare


def town(ident: str) -> str:
    """The municipality of a generated id, read from its prefix (K001 …), independent of the code."""
    return ident.split()[0]


@pytest.mark.parametrize("name", ["shared-goals", "shared-themes"])
@pytest.mark.parametrize("top", [None, 1, 7])
def test_scoped_pairs_are_the_sparql_pairs_of_one_town_ranked(land, name, top):
    inc = read_incidence(land)
    columns, got = python_rows(inc, name, top=top)  # scope auto: three Körperschaften, so municipality
    assert columns[0] == "scope"
    want = []
    for prefix in ("K001", "K002", "K003"):
        mine = [r for r in rows(run_query(land, name)) if town(r[0]) == town(r[2]) == prefix]
        want += [[prefix, *r] for r in (mine if top is None else mine[:top])]
    assert got == want
    assert {r[0] for r in got} == {"K001", "K002", "K003"}


def test_scoped_hotspots_are_those_of_each_dataset(tmp_path):
    """Two towns in two datasets of a store: each scope's hotspots are the SPARQL file's on that dataset."""
    store_dir = tmp_path / "store"
    for name, seed in (("eins", 3), ("zwei", 4)):
        folder = generate(1, seed, tmp_path / name).out
        load_into(Source(store_dir=store_dir, dataset=name, base=f"https://example.org/{name}/"), folder)
    both = Session(Source(store_dir=store_dir))
    inc = read_incidence(both.store)
    for scope in ("dataset", "municipality"):  # each dataset holds one Körperschaft, K001 in both
        columns, got = python_rows(inc, "hotspots", scope=scope, top=None)
        want = []
        for name in ("eins", "zwei"):
            one = Session(Source(store_dir=store_dir, dataset=name))
            label = name if scope == "dataset" else "K001"
            want += [[label, *r] for r in rows(run_query(one.store, "hotspots"))]
            one.close()
        assert columns[0] == "scope"
        assert got == want
    both.close()


@pytest.mark.parametrize("theme", ["Armut", "Teilhabe", "Kinderarmut", "Klimaanpassung"])
def test_theme_actors_from_bound_queries_gives_the_rows_of_the_sparql_file(land, theme):
    iri = _bind(land, find_query("theme-actors").param("theme"), theme)
    frame = run_query(land, "theme-actors", {"theme": theme})
    assert theme_actors(land, iri) == rows(frame)


def test_theme_actors_on_the_city_of_every_rule():
    from conftest import city_view

    city = city_view()
    param = find_query("theme-actors").param("theme")
    ids = [
        str(r[0])
        for r in city.query(
            "PREFIX sp: <https://w3id.org/sozialgraph/ontology#> "
            "PREFIX dct: <http://purl.org/dc/terms/> "
            "SELECT ?id WHERE { ?t a sp:Theme ; dct:identifier ?id }"
        ).rows
    ]
    assert len(ids) > 5
    for ident in ids:
        assert theme_actors(city, _bind(city, param, ident)) == rows(
            run_query(city, "theme-actors", {"theme": ident})
        )


# ---------------------------------------------------------------- roll-up (hand-made)


def test_rollup_counts_a_units_work_for_the_unit_at_the_top():
    store = open_dataset(ROLLUP)[0]
    inc = read_incidence(store)
    plain = {t.name: list(t.rows) for t in overlaps(inc, top=None)}
    assert [r[:4] + r[5:] for r in plain["shared-goals"]] == [
        ["CAR", "Caritasverband", "FB 50", "Fachbereich Soziales", 1],
        ["FB 50-1", "Sozialplanung", "FB 56-1", "Wohnungsaufsicht", 1],
        ["FB 56", "Fachbereich Wohnen", "FB 56-1", "Wohnungsaufsicht", 1],
    ]
    rolled = {t.name: list(t.rows) for t in overlaps(inc, top=None, rollup=True)}
    # FB 50-1 and FB 50 count for the Dezernat D3 (the top below the town), FB 56-1 for FB 56
    assert rolled["shared-goals"] == [
        ["CAR", "Caritasverband", "D3", "Dezernat III", "Beratung sichern", 1],
        ["D3", "Dezernat III", "FB 56", "Fachbereich Wohnen", "Armut verringern", 1],
    ]
    assert rolled["shared-themes"] == [["D3", "Dezernat III", "FB 56", "Fachbereich Wohnen", "Armut", 1]]
    assert rolled["hotspots"] == [
        ["goal", "G1", "Armut verringern", 2, "Dezernat III; Fachbereich Wohnen"],
        ["goal", "G2", "Beratung sichern", 2, "Caritasverband; Dezernat III"],
        ["theme", "armut", "Armut", 2, "Dezernat III; Fachbereich Wohnen"],
    ]  # G3 and wohnen: FB 56 and its unit are one actor now


def test_rollup_in_the_actors_view():
    store = open_dataset(ROLLUP)[0]
    P = view(store, "actors", rollup=True)
    assert sorted(d["id"] for _, d in P.nodes(data=True)) == ["CAR", "D3", "FB 56", "K"]
    edges = {frozenset({P.nodes[u]["id"], P.nodes[v]["id"]}): d for u, v, d in P.edges(data=True)}
    assert set(edges) == {frozenset({"D3", "FB 56"}), frozenset({"CAR", "D3"})}
    assert (edges[frozenset({"D3", "FB 56"})]["goals"], edges[frozenset({"D3", "FB 56"})]["themes"]) == (
        ["Armut verringern"],
        ["Armut"],
    )
    assert edges[frozenset({"CAR", "D3"})]["weight"] == 1
    assert P.graph["rollup"] is True


def test_overlaps_command_rollup_and_top():
    runner = CliRunner()
    result = runner.invoke(main, ["overlaps", "--data", str(ROLLUP), "--rollup", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(r["actor_a_id"], r["actor_b_id"]) for r in data["shared-goals"]] == [
        ("CAR", "D3"),
        ("D3", "FB 56"),
    ]
    result = runner.invoke(main, ["overlaps", "--data", str(ROLLUP), "--top", "1", "--format", "json"])
    data = json.loads(result.stdout)
    assert [(r["actor_a_id"], r["actor_b_id"]) for r in data["shared-goals"]] == [("CAR", "FB 50")]
    assert "showing the top 1" in result.stderr
    result = runner.invoke(main, ["overlaps", "--data", str(ROLLUP), "--top", "1", "--all"])
    assert result.exit_code == 2 and "--top N and --all exclude each other" in result.output


def test_overlaps_only_answers_the_analyses_asked():
    """--only shared-themes gives that section alone, with the rows it has among all three."""
    runner = CliRunner()
    args = ["overlaps", "--data", str(ROLLUP), "--format", "json"]
    every = json.loads(runner.invoke(main, args).stdout)
    result = runner.invoke(main, [*args, "--only", "shared-themes"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"shared-themes": every["shared-themes"]}
    # through goals G1 (armut: FB 50-1, FB 56-1) and G3 (wohnen: FB 56, FB 56-1), one theme each
    assert [(r["actor_a_id"], r["actor_b_id"], r["count"]) for r in every["shared-themes"]] == [
        ("FB 50-1", "FB 56-1", 1),
        ("FB 56", "FB 56-1", 1),
    ]
    result = runner.invoke(main, [*args, "--only", "hotspots", "--only", "shared-goals"])
    assert list(json.loads(result.stdout)) == ["shared-goals", "hotspots"]
    result = runner.invoke(main, [*args, "--only", "shared-plans"])
    assert result.exit_code == 2 and "shared-plans" in result.output


def test_overlaps_all_as_csv_is_streamed_in_rank_order(land, tmp_path):
    """--all -o x.csv writes the rows as they are found: the same rows as the table, section by section."""
    import pandas as pd

    target = tmp_path / "pairs.csv"
    runner = CliRunner()
    folder = generate(3, 11, tmp_path / "csv").out
    result = runner.invoke(
        main, ["overlaps", "--data", str(folder), "--base", BASE, "--all", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(target, dtype=str, keep_default_na=False)
    goals = frame[frame["section"] == "shared-goals"]
    inc = read_incidence(land)
    want = list(shared(inc, "goal", top=None).rows)
    assert goals[["scope", "actor_a_id", "actor_b_id", "count"]].values.tolist() == [
        [r[0], r[1], r[3], str(r[6])] for r in want
    ]


# ---------------------------------------------------------------- where an actor belongs


def test_municipality_of_units_members_and_strangers():
    s = Structure(
        parents={"fb": ["k1"], "unit": ["fb"], "platform": ["k1"], "k1": ["kreis"], "other": ["k2"]},
        bodies={"caritas": ["platform"], "both": ["platform", "other"]},
        authorities={"k1", "k2", "kreis"},
    )
    assert s.municipality("unit") == "kreis"  # the Körperschaft at the top: the county above the town
    assert s.municipality("caritas") == "kreis"  # through the body it sits on
    assert s.municipality("both") is None  # bodies of two municipalities
    assert s.municipalities() == {"kreis", "k2"}
    assert s.rollup("unit") == ("fb",)  # never the town itself
    assert s.rollup("caritas") == ("caritas",)  # members are not rolled up


def test_generated_land_has_one_municipality_per_town(land):
    inc = read_incidence(land)
    towns = inc.structure.municipalities()
    assert sorted(inc.actors[t][0] for t in towns) == ["K001", "K002", "K003"]
    # every actor that works on something belongs to the town of its id (external partners through
    # the Sozial-Plattform they sit on)
    for _, actor in inc.keys:
        ident = inc.actors[actor][0]
        assert inc.actors[inc.structure.municipality(actor)][0] == town(ident), ident
    assert len([t for t, _ in THEMES]) == 45
