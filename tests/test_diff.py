"""The diff between planning cycles: two hand-made cycles, their hand-written changes, the CLI and the page."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

import cli
from graph.analysis.rules import parse_statuses
from graph.exchange.cycles import Cycle, open_cycle, parse_cycle
from graph.exchange.diff import SECTIONS, diff_cycles, diff_snapshots, link_sentence
from graph.exchange.diff_page import CHANGE_STYLES, diff_page
from graph.exchange.snapshot import Snapshot, betweenness, relation_label
from graph.schema import load_schema

CYCLES = ROOT / "tests" / "fixtures" / "diff"
OLD, NEW = CYCLES / "zyklus-2017", CYCLES / "zyklus-2019"
EXPECTED = CYCLES / "expected"
#: The fixture has no end dates; the day is fixed all the same, so that nothing depends on today.
AS_OF = dt.date(2020, 1, 1)


def _open(cycle: Cycle):
    session = open_cycle(cycle, as_of=AS_OF)
    return session, session.store


@pytest.fixture(scope="module")
def cycles_diff():
    (a, old), (b, new) = _open(parse_cycle(str(OLD))), _open(parse_cycle(str(NEW)))
    try:
        yield diff_cycles(old, new, old_name="2017", new_name="2019")
    finally:
        a.close()
        b.close()


def _rows(frame) -> list[list[str]]:
    return [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False, name=None)]


def _expected(name: str) -> tuple[list[str], list[list[str]]]:
    with (EXPECTED / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


@pytest.mark.parametrize("name", ["entities", "links", "coverage", "activity"])
def test_changes_between_the_cycles_are_the_hand_written_ones(cycles_diff, name):
    header, rows = _expected(name)
    frame = cycles_diff.section(name).frame
    assert list(frame.columns) == header == list(SECTIONS[name][2])
    assert _rows(frame) == rows


def test_the_statuses_asked_for_apply_to_both_cycles():
    """With every status counting, the ended Arbeitsmarktprogramm still plans for Arbeit and keeps the
    Jobcenter active; the removed Pflegeplanung and the AWO's leaving still make their difference."""
    sessions = [
        open_cycle(parse_cycle(str(p)), statuses=parse_statuses("all"), as_of=AS_OF) for p in (OLD, NEW)
    ]
    try:
        d = diff_cycles(*(s.store for s in sessions))
    finally:
        for session in sessions:
            session.close()
    assert _rows(d.section("coverage").frame) == [
        [
            "newly planned",
            "kinderarmut",
            "Kinderarmut",
            "SEP",
            "Sozialentwicklungsplan",
            "behandelt das Thema neu (über ein Ziel)",
        ],
        ["newly unplanned", "gesundheit", "Gesundheit", "PFL", "Pflegeplanung", "entfernt"],
    ]
    assert [row[:2] for row in _rows(d.section("activity").frame)] == [
        ["became active", "ASO"],
        ["became inactive", "AWO"],
    ]


def test_counts_name_each_entity_theme_and_actor_once(cycles_diff):
    assert cycles_diff.counts() == {
        "entities added": 2,
        "entities removed": 1,
        "entities changed": 3,
        "links added": 9,
        "links removed": 5,
        "themes newly planned": 1,
        "themes newly unplanned": 2,
        "actors became active": 1,
        "actors became inactive": 2,
    }


def test_node_changes_mark_added_removed_and_changed_rows(cycles_diff):
    marked = {k: v for k, v in cycles_diff.node_changes().items() if v != "same"}
    assert marked == {
        ("actors", "FB 61"): "changed",
        ("plans", "PFL"): "removed",
        ("plans", "AMP"): "changed",
        ("plans", "HKW"): "changed",
        ("goals", "Z8"): "added",
        ("events", "E3"): "added",
    }


def test_a_removed_plan_leaves_the_centrality_table_with_no_new_value(cycles_diff):
    frame = cycles_diff.section("centrality").frame
    pfl = frame[(frame["view"] == "full") & (frame["id"] == "PFL")].iloc[0]
    assert pfl["old"] > 0 and pfl["new"] != pfl["new"]  # NaN: not in the new cycle
    assert pfl["shift"] == -pfl["old"]
    assert len(frame[frame["view"] == "full"]) == 10  # --top 10, and more than ten nodes moved


def test_centrality_shifts_on_a_graph_small_enough_to_count_by_hand():
    import networkx as nx

    def network(extra: bool):
        G = nx.DiGraph()
        for n, kind, label in [
            ("a", "department", "A"),
            ("b", "department", "B"),
            ("p", "plan", "P"),
            ("t", "theme", "T"),
        ]:
            G.add_node(n, id=n.upper(), kind=kind, label=label, type_label=kind)
        G.add_edges_from([("p", "a"), ("p", "b"), ("p", "t")])
        if extra:  # B now also links A directly, and an event hangs off T
            G.add_node("e", id="E", kind="event", label="E", type_label="event")
            G.add_edges_from([("b", "a"), ("e", "t")])
        return G

    def snap(G):
        return Snapshot({}, set(), set(), {}, set(), G, betweenness(G)[0])

    d = diff_snapshots(snap(network(False)), snap(network(True)), top=5)
    # before: a star around P, every pair of A, B, T passes P: 3 pairs of 3 -> 1.0
    # after (5 nodes, 6 pairs each of the others): P carries A-T, B-T, A-E, B-E: 4/6; T carries P-E, A-E, B-E: 3/6
    assert _rows(d.section("centrality").frame) == [
        ["full", "T", "T", "theme", "0.0", "0.5", "0.5"],
        ["full", "P", "P", "plan", "1.0", "0.6667", "-0.3333"],
    ]
    d = diff_snapshots(snap(network(False)), snap(network(True)), top=1)
    assert _rows(d.section("centrality").frame) == [["full", "T", "T", "theme", "0.0", "0.5", "0.5"]]


def test_a_cycle_against_itself_has_no_changes():
    session, view = _open(parse_cycle(str(OLD)))
    try:
        d = diff_cycles(view, view)
    finally:
        session.close()
    assert [len(s.frame) for s in d.sections] == [0, 0, 0, 0, 0]
    assert set(d.node_changes().values()) == {"same"}


def test_every_reference_column_is_worded_as_a_planner_says_it():
    # (sheet, column) -> the sentence for row S and target O, written by hand
    expected = {
        ("actors", "part_of"): "S ist nun Teil von O",
        ("actors", "members"): "O ist nun Mitglied von S",
        ("themes", "broader"): "O ist nun Oberthema von S",
        ("plans", "owner"): "O ist nun Federführung von S",
        ("plans", "partners"): "O ist nun Beteiligte von S",
        ("plans", "themes"): "O ist nun Thema von S",
        ("goals", "plans"): "S ist nun formuliert in O",
        ("goals", "actors"): "S ist nun verfolgt von O",
        ("goals", "themes"): "O ist nun Thema von S",
        ("goals", "broader"): "S ist nun Teilziel von O",
        ("instruments", "owner"): "O ist nun Federführung von S",
        ("instruments", "goals"): "S dient nun O",
        ("instruments", "themes"): "O ist nun Thema von S",
        ("events", "organiser"): "O ist nun Veranstalter von S",
        ("events", "participants"): "O ist nun Teilnehmende von S",
        ("events", "themes"): "O ist nun Thema von S",
    }
    schema = load_schema()
    refs = {(s.key, c.key) for s in schema.sheets for c in s.columns if c.kind == "ref"}
    assert refs == set(expected)
    for (sheet, column), sentence in expected.items():
        assert link_sentence("S", relation_label(schema.sheet(sheet), column), "O") == sentence
    assert link_sentence("S", "dient", "O", added=False) == "S dient nicht mehr O"


def test_the_cycles_compare_alike_from_a_store_folder_and_an_rdf_file(cycles_diff, tmp_path):
    from graph.io.export import export_rdf
    from graph.loading import load_into
    from graph.session import Source

    store = tmp_path / "zyklen.store"
    for folder in (OLD, NEW):
        load_into(Source(store_dir=store, dataset=folder.name), folder)
    session, view = _open(parse_cycle(str(NEW)))
    try:
        (tmp_path / "neu.ttl").write_bytes(export_rdf(view, "ttl"))
    finally:
        session.close()
    for old_text, new_text in [
        (f"store:{store}#zyklus-2017", str(tmp_path / "neu.ttl")),
        (f"store:{store}#zyklus-2017", f"store:{store}#zyklus-2019"),
    ]:
        (a, old), (b, new) = _open(parse_cycle(old_text)), _open(parse_cycle(new_text))
        try:
            again = diff_cycles(old, new)
        finally:
            a.close()
            b.close()
        for name in ("entities", "links", "coverage", "activity"):
            assert _rows(again.section(name).frame) == _rows(cycles_diff.section(name).frame), (
                new_text,
                name,
            )


def test_cycle_names(tmp_path):
    assert parse_cycle("store:a.store").store_dir == Path("a.store")
    assert parse_cycle("store:a#b.store#x").dataset == "x"
    assert parse_cycle(str(OLD)).label == "zyklus-2017"
    from graph.errors import UsageError

    with pytest.raises(UsageError, match="no such file or folder"):
        parse_cycle(str(tmp_path / "fehlt"))
    with pytest.raises(UsageError, match="names no dataset"):
        parse_cycle("store:x.store#")


# --------------------------------------------------------------------------
# command line


@pytest.fixture
def runner():
    return CliRunner()


def test_cli_json_has_every_section(runner):
    result = runner.invoke(
        cli.main, ["diff", str(OLD), str(NEW), "--as-of", "2020-01-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert list(doc) == list(SECTIONS)
    assert doc["coverage"][2] == {
        "change": "newly unplanned",
        "theme_id": "gesundheit",
        "theme": "Gesundheit",
        "plan_id": "PFL",
        "plan": "Pflegeplanung",
        "why": "entfernt",
    }
    assert (
        "zyklus-2017 → zyklus-2019: 2 entities added, 1 entity removed, 3 entities changed" in result.stderr
    )


def test_cli_writes_csv_md_and_html_by_suffix(runner, tmp_path):
    for suffix in ("csv", "md", "html", "xlsx"):
        target = tmp_path / f"aenderungen.{suffix}"
        result = runner.invoke(cli.main, ["diff", str(OLD), str(NEW), "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
    lines = (tmp_path / "aenderungen.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("section,change,sheet,id,name,column,old,new,relation")
    assert "links,added,Planwerke,HKW,Handlungskonzept Wohnen,,,,Beteiligte,FB 56" in lines[8]
    assert "## Themes newly planned or newly unplanned" in (tmp_path / "aenderungen.md").read_text("utf-8")


@pytest.mark.parametrize(
    "args, message",
    [
        (["store:{tmp}/s.store", str(NEW)], "no such store"),
        ([str(OLD), "{tmp}/fehlt"], "no such file or folder"),
        ([str(OLD), str(NEW), "--format", "html", "-o", "{tmp}/x.csv"], "names csv"),
        ([str(OLD), str(NEW), "-o", str(NEW / "x.md")], "never changes its input"),
        ([str(OLD), str(NEW), "--status", "beendt"], "did you mean 'beendet'"),
    ],
)
def test_cli_refuses_with_a_message(runner, tmp_path, args, message):
    result = runner.invoke(cli.main, ["diff", *(a.format(tmp=tmp_path) for a in args)])
    assert result.exit_code in (1, 2), result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_asks_for_a_dataset_or_the_prefix_of_a_store(runner, tmp_path):
    from graph.loading import load_into
    from graph.session import Source

    store = tmp_path / "zyklen.store"
    for folder in (OLD, NEW):
        load_into(Source(store_dir=store, dataset=folder.name), folder)
    result = runner.invoke(cli.main, ["diff", str(store), str(NEW)])
    assert result.exit_code == 2 and f"write store:{store}" in result.output
    result = runner.invoke(cli.main, ["diff", f"store:{store}", str(NEW)])
    assert result.exit_code == 2 and "several datasets (zyklus-2017, zyklus-2019)" in result.output
    result = runner.invoke(cli.main, ["diff", f"store:{store}#zyklus-2017", f"store:{store}#zyklus-2019"])
    assert result.exit_code == 0 and "2 entities added" in result.stderr


# --------------------------------------------------------------------------
# the page


def test_page_escapes_what_comes_from_the_data(tmp_path):
    new = tmp_path / "neu"
    shutil.copytree(NEW, new)
    text = (new / "Akteure.csv").read_text(encoding="utf-8")
    (new / "Akteure.csv").write_text(
        text.replace("Arbeiterwohlfahrt", '"<img src=x onerror=alert(1)>"'), encoding="utf-8"
    )
    (a, old), (b, changed) = _open(parse_cycle(str(OLD))), _open(parse_cycle(str(new)))
    try:
        page = diff_page(diff_cycles(old, changed, old_name="2017", new_name="<b>2019</b>"))
    finally:
        a.close()
        b.close()
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>" not in page and "&lt;b&gt;2019&lt;/b&gt;" in page
    assert "<script" not in page and "default-src 'none'" in page


def test_a_large_picture_keeps_the_changed_nodes_first(cycles_diff):
    from graph.exchange.diff_page import diff_figure

    figure = diff_figure(cycles_diff, max_nodes=6)
    assert "Gezeigt werden 6 von 32 Knoten" in figure  # 30 + Z8 + E3 (PFL is in the old cycle only)
    drawn = {part.split('"', 1)[0] for part in figure.split('data-key="')[1:]}
    assert drawn == {"actors/FB 61", "plans/AMP", "plans/HKW", "plans/PFL", "goals/Z8", "events/E3"}


def test_change_colours_are_readable_and_apart_also_for_colour_blind_eyes():
    from graph.views.palette import contrast_ratio, delta_e, simulate

    fills = {k: s["fill"] for k, s in CHANGE_STYLES.items() if k != "same"}
    for fill in fills.values():
        assert contrast_ratio(fill) >= 3.0, fill
    for vision in ("normal", "deuteranopia", "protanopia"):
        for a, b in itertools.combinations([*fills.values(), CHANGE_STYLES["same"]["fill"]], 2):
            assert delta_e(simulate(a, vision), simulate(b, vision)) >= 10, (vision, a, b)


@pytest.mark.browser
def test_page_in_chromium_draws_both_networks_at_the_same_places(tmp_path):
    from browser_support import browser_session

    page_file = tmp_path / "aenderungen.html"
    result = CliRunner().invoke(cli.main, ["diff", str(OLD), str(NEW), "-o", str(page_file)])
    assert result.exit_code == 0, result.output
    with browser_session() as browser:
        run = browser.open(page_file, "diff-page", wait_ready=False, viewport=(1600, 1000))
        drawn = run.page.evaluate(
            """() => Object.fromEntries(['old', 'new'].map(side => {
                const svg = document.querySelector('#' + side + ' svg').getBoundingClientRect();
                return [side, Array.from(document.querySelectorAll('#' + side + ' g.node')).map(g => {
                    const c = g.querySelector('circle'), r = c.getBoundingClientRect();
                    return [g.dataset.key, g.classList[1], getComputedStyle(c).fill,
                            r.x + r.width / 2 - svg.x, r.y + r.height / 2 - svg.y, r.width];
                })];
            }))"""
        )
    assert run.blocked == [] and run.console_errors == [] and run.page_errors == []
    old = {key: rest for key, *rest in drawn["old"]}
    new = {key: rest for key, *rest in drawn["new"]}
    # every entity of a cycle is a node: 9 actors, 8 themes, 5 plans, 5 goals, 2 instruments, 1 event;
    # the new cycle has one plan less, one goal and one event more
    assert (len(old), len(new)) == (30, 31)
    assert set(old) - set(new) == {"plans/PFL"} and set(new) - set(old) == {"goals/Z8", "events/E3"}
    for key in set(old) & set(new):
        assert abs(old[key][2] - new[key][2]) < 0.5 and abs(old[key][3] - new[key][3]) < 0.5, key
        assert old[key][4] > 4, key  # drawn, not a dot of no size

    def rgb(colour: str) -> str:
        return f"rgb({int(colour[1:3], 16)}, {int(colour[3:5], 16)}, {int(colour[5:7], 16)})"

    expected = {"actors/FB 61": "changed", "plans/AMP": "changed", "plans/HKW": "changed"}
    for side, nodes, extra in [
        ("old", old, {"plans/PFL": "removed"}),
        ("new", new, dict.fromkeys(["goals/Z8", "events/E3"], "added")),
    ]:
        for key, (change, fill, *_) in nodes.items():
            want = {**expected, **extra}.get(key, "same")
            assert (change, fill) == (want, rgb(CHANGE_STYLES[want]["fill"])), (side, key)
