"""The main job on the bundled example: what it prints and what it writes."""

from __future__ import annotations

import json

from click.testing import CliRunner

import cli


def test_demo_on_the_example(tmp_path, example_path):
    out = tmp_path / "demo"
    result = CliRunner().invoke(cli.main, ["demo", "--data", str(example_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"sozialgraph demo — {example_path}"
    assert (
        lines[1]
        == "valid: 19 actors, 21 themes, 12 plans, 30 goals, 10 instruments, 7 events, 0 sources (1,009 triples)"
    )
    assert "=== OVERLAPS " in result.stdout and "=== GAPS " in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        ".sozialgraph-output.json",  # what the demo wrote: the next run may replace exactly these
        "gaps.json",
        "gaps.md",
        "graph.ttl",
        "metrics.csv",
        "network-actors.html",
        "network-focus.html",
        "network-full.html",
        "network-theme.html",
        "overlaps.json",
        "overlaps.md",
        "sachstand.html",
        "sitzung.html",  # the storyboard's page (tests/test_present.py)
        "storyboard.yaml",
    ]
    for page in out.glob("*.html"):
        assert f"  {page}" in lines
    gaps = json.loads((out / "gaps.json").read_text(encoding="utf-8"))
    assert [(r["event_id"], r["theme_id"]) for r in gaps["uncovered-event-themes"]] == [
        ("E2018-02", "digitale-teilhabe"),
        ("E2018-02", "einsamkeit-alter"),
    ]
    assert [r["theme_id"] for r in gaps["unplanned-themes"]] == [
        "digitale-teilhabe",
        "einsamkeit-alter",
        "sicherheit",
        "sport",  # only in the Sportentwicklungsplan, which has ended
    ]
    assert [r["actor_id"] for r in gaps["inactive-actors"]] == ["FB 36"]
    assert gaps["plans-without-goal"] == []  # APInkl states no goal, but is only proposed
    assert [r["instrument_id"] for r in gaps["idle-instruments"]] == ["OP"]


def test_demo_stops_on_invalid_data_and_writes_nothing(tmp_path):
    data = tmp_path / "bad"
    data.mkdir()
    (data / "Akteure.csv").write_text("ID,Name,Typ\nFB 56,Soziales,Planet\n", encoding="utf-8")
    out = tmp_path / "demo"
    result = CliRunner().invoke(cli.main, ["demo", "--data", str(data), "-o", str(out)])
    assert result.exit_code == 1
    assert "Akteure.csv:2 Typ: unknown actor type 'Planet'" in result.stderr
    assert not out.exists()
