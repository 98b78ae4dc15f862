"""Moderation teams on the hand-made fixture tests/fixtures/teams/teams.ttl, with teams derived by hand.

The fixture's header says what each agenda theme of K1 is for. The expected
teams below follow the documented rule (graph/analysis/teams.py): candidates
work on the theme or a narrower one; rank by goals, then routes, then id; the
scarcest theme that can still be completed chooses first.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from graph.analysis.rules import STATUSES
from graph.analysis.teams import ADMINISTRATION, EXTERNAL, moderation_teams
from graph.errors import QueryError
from graph.schema import label
from graph.session import open_dataset

FIXTURE = Path(__file__).parent / "fixtures" / "teams" / "teams.ttl"
AS_OF = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def view():
    return open_dataset(FIXTURE, as_of=AS_OF)[0]


def teams_of(result) -> dict[str, tuple[str, str]]:
    """theme id -> (administration id, external id), '' where the side is empty."""
    return {
        t.theme_id: tuple(
            (t.members[s].actor_id if t.members[s] else "") for s in ("administration", "external")
        )
        for t in result.themes
    }


def nearest_of(result) -> dict[str, list[tuple[str, str]]]:
    return {t.theme_id: [(n.actor_id, n.why) for n in t.nearest] for t in result.themes if t.nearest}


def test_the_sides_are_the_ontologys_kinds():
    assert [label(k) for k in ADMINISTRATION] == ["Fachbereich", "Eigenbetrieb"]
    assert [label(k) for k in EXTERNAL] == ["externer Partner"]


def test_candidates_are_those_who_work_on_the_theme_ranked_by_goals_then_routes(view):
    result = moderation_teams(view, "K1")
    cands = {
        t.theme_id: {side: [(c.actor_id, c.goals, c.routes) for c in cs] for side, cs in t.candidates.items()}
        for t in result.themes
    }
    assert cands == {
        # FB 40 only met on Armut at K1: no candidate; CAR works on the narrower Kinderarmut
        "armut": {"administration": [("FB 50", 2, 2)], "external": [("AWO", 2, 2), ("CAR", 1, 1)]},
        # FB 50: Z4 (partner of the Bildungsplan) and Z9 (pursues it) before FB 40's one goal
        "bildung": {"administration": [("FB 50", 2, 2), ("FB 40", 1, 2)], "external": [("CAR", 1, 2)]},
        "einsamkeit": {"administration": [], "external": []},
        # CAR led the Altenpflegeplan, which has ended: no candidate
        "pflege": {"administration": [("SH", 1, 2)], "external": []},
        "wohnen": {"administration": [("FB 50", 1, 2)], "external": [("AWO", 1, 1)]},
    }


def test_teams_with_two_teams_per_actor(view):
    result = moderation_teams(view, "K1", max_per_actor=2)
    assert (result.event_id, result.event, result.date) == ("K1", "Sozialkonferenz 2025", "2025-11-20")
    # wohnen has the fewest free candidates (1 + 1) and chooses first: FB 50, AWO;
    # then armut (1 + 2, before bildung by id): FB 50 (now on 2 teams), AWO (2);
    # bildung is left FB 40 and CAR; pflege has no external partner at all.
    assert [(t.theme_id, t.turn) for t in result.themes] == [
        ("armut", 1),
        ("bildung", 2),
        ("einsamkeit", None),
        ("pflege", 3),
        ("wohnen", 0),
    ]
    assert teams_of(result) == {
        "armut": ("FB 50", "AWO"),
        "bildung": ("FB 40", "CAR"),
        "einsamkeit": ("", ""),
        "pflege": ("SH", ""),
        "wohnen": ("FB 50", "AWO"),
    }
    assert result.load() == {"FB 50": 2, "AWO": 2, "FB 40": 1, "CAR": 1, "SH": 1}
    assert [c.actor_id for c in next(t for t in result.themes if t.theme_id == "bildung").others] == ["FB 50"]
    assert nearest_of(result) == {
        # administration: FB 50 pursues Z8, of which Z7 (on Einsamkeit) is a part; FB 40 met on it at K1
        "einsamkeit": [("FB 50", "goal"), ("FB 40", "event"), ("CAR", "goal"), ("AWO", "event")],
        # GA works on Gesundheit, the broader theme; AWO met on Pflege at K1
        "pflege": [("GA", "broader"), ("AWO", "event")],
    }
    near = next(t for t in result.themes if t.theme_id == "einsamkeit").nearest[0]
    assert (near.via, near.through) == ("Teilhabe im Alter stärken", "Einsamkeit im Alter verringern")
    assert next(t for t in result.themes if t.theme_id == "pflege").nearest[0].via == "Gesundheit"


def test_one_team_per_actor(view):
    result = moderation_teams(view, "K1", max_per_actor=1)
    # wohnen first (FB 50, AWO); then bildung (1 + 1 free) can still be completed: FB 40, CAR;
    # armut's candidates are all taken; pflege gets SH
    assert teams_of(result) == {
        "armut": ("", ""),
        "bildung": ("FB 40", "CAR"),
        "einsamkeit": ("", ""),
        "pflege": ("SH", ""),
        "wohnen": ("FB 50", "AWO"),
    }
    armut = next(t for t in result.themes if t.theme_id == "armut")
    assert (armut.missing("administration"), armut.missing("external")) == ("cap", "cap")
    assert armut.nearest == []  # it has candidates; they sit on other teams
    assert max(result.load().values()) == 1


def test_every_status_counting_makes_the_ended_plans_lead_a_candidate():
    every = open_dataset(FIXTURE, as_of=AS_OF, statuses=frozenset(STATUSES))[0]
    result = moderation_teams(every, "K1", max_per_actor=2)
    # pflege (1 + 1, before wohnen by id) chooses first: SH and CAR
    assert teams_of(result) == {
        "armut": ("FB 50", "AWO"),
        "bildung": ("FB 40", "CAR"),
        "einsamkeit": ("", ""),
        "pflege": ("SH", "CAR"),
        "wohnen": ("FB 50", "AWO"),
    }


def test_unknown_event_and_event_without_agenda(view):
    with pytest.raises(QueryError, match=r"no event with id 'K3'; the events are: K1, K2"):
        moderation_teams(view, "K3")
    assert moderation_teams(view, "K2").themes == []
    with pytest.raises(QueryError, match="at least 1"):
        moderation_teams(view, "K1", max_per_actor=0)


def test_teams_command_writes_the_table(tmp_path):
    out = tmp_path / "teams.csv"
    args = ["teams", "--data", str(FIXTURE), "--as-of", "2026-01-01", "--event", "K1", "-o", str(out)]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0, result.output
    assert "Sozialkonferenz 2025 (K1, 2025-11-20): 5 themes on the agenda" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["theme_id"], r["administration_id"], r["external_id"], r["candidates"]) for r in rows] == [
        ("armut", "FB 50", "AWO", "1 + 2"),
        ("bildung", "FB 40", "CAR", "2 + 1"),
        ("einsamkeit", "", "", "0 + 0"),
        ("pflege", "SH", "", "1 + 0"),
        ("wohnen", "FB 50", "AWO", "1 + 1"),
    ]
    notes = {r["theme_id"]: r["note"] for r in rows}
    assert notes["einsamkeit"] == "nobody works on it or on a narrower theme"
    assert notes["pflege"] == "no external partner works on it"
    assert rows[3]["nearest"] == (
        "Gesundheitsamt (GA): works on the broader theme Gesundheit or a theme under it; "
        "Arbeiterwohlfahrt (AWO): met on the theme at events (does not work on it)"
    )
    assert rows[1]["others"] == "Fachbereich Soziales (FB 50)"


def test_teams_command_usage(tmp_path):
    runner = CliRunner()
    base = ["teams", "--data", str(FIXTURE)]
    assert runner.invoke(cli.main, base).exit_code == 2  # --event is required
    assert runner.invoke(cli.main, [*base, "--event", "K1", "--max-per-actor", "0"]).exit_code == 2
    missing = runner.invoke(cli.main, [*base, "--event", "K9"])
    assert missing.exit_code == 1
    assert "no event with id 'K9'" in missing.stderr
    empty = runner.invoke(cli.main, [*base, "--event", "K2"])
    assert empty.exit_code == 0
    assert empty.stdout.strip() == "K2: no themes on the agenda."
