"""The synthetic data generator: deterministic, loadable, the same graph as CSV and as N-Triples."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graph.analysis.query import run_query
from graph.analysis.rules import STATUSES
from graph.errors import UsageError
from graph.files import MANIFEST
from graph.io.generate import BASE, THEMES, UNPLANNED, generate
from graph.io.load import read_dataset
from graph.schema import load_schema
from graph.session import open_dataset

SHEET_FILES = [
    "Akteure.csv",
    "Themen.csv",
    "Planwerke.csv",
    "Ziele.csv",
    "Instrumente.csv",
    "Veranstaltungen.csv",
    "Quellen.csv",
]
PREFIXES = """PREFIX sp: <https://w3id.org/sozialgraph/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != MANIFEST}


def sheet(folder: Path, name: str) -> list[dict[str, str]]:
    """A generated CSV file read with the csv module alone (independent of the loader)."""
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def items(cell: str) -> set[str]:
    return {part.strip() for part in cell.split(";") if part.strip()}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    a = generate(3, 11, tmp_path / "a")
    b = generate(3, 11, tmp_path / "b")
    c = generate(3, 12, tmp_path / "c")
    assert sorted(files(a.out)) == sorted(SHEET_FILES)
    assert files(a.out) == files(b.out)
    assert files(a.out)["Ziele.csv"] != files(c.out)["Ziele.csv"]
    assert files(a.out)["Themen.csv"] == files(c.out)["Themen.csv"]  # one shared scheme
    nt1 = generate(3, 11, tmp_path / "1.nt", fmt="nt").out.read_bytes()
    nt2 = generate(3, 11, tmp_path / "2.nt", fmt="nt").out.read_bytes()
    assert nt1 == nt2
    assert nt1 != generate(3, 12, tmp_path / "3.nt", fmt="nt").out.read_bytes()


@pytest.mark.parametrize("n", [1, 3])
def test_exact_counts(tmp_path: Path, n: int) -> None:
    # rows per municipality from the generator's constants (_COUNTS); 41 actors = the Körperschaft +
    # 15 _DEPARTMENTS + 3 _UNITS + 5 _ENTERPRISES + 10 _EXTERNALS + 4 _COMMITTEES + 3 _BODIES;
    # 45 themes = 14 top themes of _THEME_TREE + their 31 narrower themes, shared by all municipalities
    expected = {
        "actors": 41 * n,
        "themes": 45,
        "plans": 30 * n,
        "goals": 150 * n,
        "instruments": 40 * n,
        "events": 2 * n,
        "sources": 0,
    }
    report = generate(n, 7, tmp_path / "csv")
    assert report.counts == expected
    assert report.triples is None
    rows = {}
    for schema_sheet, name in zip(load_schema().sheets, SHEET_FILES, strict=True):
        with open(tmp_path / "csv" / name, encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
        assert records[0] == [c.header_de for c in schema_sheet.columns]
        rows[schema_sheet.key] = len(records) - 1
    assert rows == expected
    nt = generate(n, 7, tmp_path / "data.nt", fmt="nt")
    assert nt.counts == expected
    triples = len(Graph().parse(nt.out, format="nt"))
    assert nt.triples == triples == len(read_dataset(tmp_path / "csv", base=BASE).graph)
    assert str(nt) == (
        f"wrote {nt.out}: {n} municipalities, {41 * n} actors, 45 themes, {30 * n} plans, {150 * n} goals, "
        f"{40 * n} instruments, {2 * n} events, 0 sources, {triples:,} triples"
    )


def test_every_reference_resolves_and_csv_equals_ntriples(tmp_path: Path) -> None:
    generate(2, 5, tmp_path / "csv")
    nt = generate(2, 5, tmp_path / "data.nt", fmt="nt")
    loaded = read_dataset(tmp_path / "csv", base=BASE)  # raises DataError on any dangling id
    assert loaded.warnings == []
    assert isomorphic(loaded.graph, Graph().parse(nt.out, format="nt"))
    assert len(loaded.graph) == nt.triples


def test_ids_are_prefixed_and_iris_follow_the_contract(tmp_path: Path) -> None:
    g = Graph().parse(generate(2, 7, tmp_path / "d.nt", fmt="nt").out, format="nt")
    ids = {str(o) for o in g.objects(None, URIRef("http://purl.org/dc/terms/identifier"))}
    theme_ids = {t for t, _ in THEMES}
    assert theme_ids <= ids
    assert {"K001", "K002"} <= ids  # the municipalities themselves
    assert all(i.startswith(("K001 ", "K002 ")) for i in ids - theme_ids - {"K001", "K002"})
    assert "K002 FB 56" in ids
    assert (URIRef(BASE + "actors/K002%20FB%2056"), None, None) in g
    assert (URIRef(BASE + "themes/Fr%C3%BChkindliche%20Bildung"), None, None) in g


def test_analyses_find_what_the_tables_say(tmp_path: Path) -> None:
    """The analyses on generated data give exactly the rows a plain reading of its CSV files gives.

    With every status counted, so that the reading needs no statuses; the statuses
    are the rules' business (tests/test_rules.py).
    """
    folder = generate(2, 7, tmp_path / "csv").out
    store, _ = open_dataset(folder, base=BASE, statuses=frozenset(STATUSES))
    actors, plans, goals = (
        sheet(folder, "Akteure.csv"),
        sheet(folder, "Planwerke.csv"),
        sheet(folder, "Ziele.csv"),
    )
    instruments, events = sheet(folder, "Instrumente.csv"), sheet(folder, "Veranstaltungen.csv")

    def ids(name: str, column: str) -> set[str]:
        return set(run_query(store, name)[column])

    served = set().union(*(items(i["Ziele"]) for i in instruments))
    assert ids("idle-instruments", "instrument_id") == {i["ID"] for i in instruments if not i["Ziele"]}
    assert ids("goals-without-instrument", "goal_id") == {g["ID"] for g in goals} - served
    assert ids("goals-without-plan", "goal_id") == {g["ID"] for g in goals if not g["Planwerke"]}
    busy = set()
    for p in plans:
        busy |= {p["Federführung"]} | items(p["Beteiligte"])
    for i in instruments:
        busy.add(i["Federführung"])
    for g in goals:
        busy |= items(g["Akteure"])
    for e in events:
        busy |= items(e["Veranstalter"]) | items(e["Teilnehmende"])
    while True:  # members of busy bodies and actors with busy units are busy too
        more = {m for a in actors if a["ID"] in busy for m in items(a["Mitglieder"])}
        more |= {a["Teil von"] for a in actors if a["ID"] in busy and a["Teil von"]}
        if more <= busy:
            break
        busy |= more
    inactive = ids("inactive-actors", "actor_id")
    assert inactive == {a["ID"] for a in actors} - busy
    # the generator leaves three external partners or committees per municipality out of everything
    kinds = {a["ID"]: a["Typ"] for a in actors}
    left_out = Counter(a.split()[0] for a in inactive if kinds[a] in ("externer Partner", "Ausschuss"))
    assert left_out == {"K001": 3, "K002": 3}

    sub_goals = store.query(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?g sp:subGoalOf ?parent }").rows
    assert int(sub_goals[0][0]) == sum(1 for g in goals if g["Oberziel"])
    broader = store.query(PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?t skos:broader ?top }").rows
    assert int(broader[0][0]) == 31  # the narrower themes of _THEME_TREE: 4+4+3+3+3+2+2+4+2+2+1+1
    members = store.query(PREFIXES + "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b org:hasMember ?m }").rows
    assert int(members[0][0]) == 6  # three bodies per municipality, each with members

    named = set()
    for rows in (plans, goals, instruments, events):
        for row in rows:
            named |= items(row["Themen"])
    no_subject = store.query(
        PREFIXES + "SELECT ?name WHERE { ?t a sp:Theme ; skos:prefLabel ?name "
        "FILTER NOT EXISTS { ?x dct:subject ?t } }"
    )
    assert {str(r[0]) for r in no_subject.rows} == {t for t, _ in THEMES} - named
    assert set(UNPLANNED) <= {t for t, _ in THEMES} - named  # never planned, in any municipality


def test_each_municipality_is_a_koerperschaft_with_its_parts(tmp_path: Path) -> None:
    """The town as a whole holds its departments, enterprises, committees and bodies; partners sit on its platform."""
    folder = generate(2, 7, tmp_path / "csv").out
    actors = {a["ID"]: a for a in sheet(folder, "Akteure.csv")}
    towns = {i: a["Name"] for i, a in actors.items() if a["Typ"] == "Körperschaft"}
    assert towns == {"K001": "Stadt Altau", "K002": "Stadt Badfeld"}
    for ident, actor in actors.items():
        prefix, kind = ident.split()[0], actor["Typ"]
        if kind == "Körperschaft":
            assert actor["Teil von"] == ""
        elif ident.split()[-1] in ("56-1", "45-2", "61-3"):  # the three units
            assert actor["Teil von"] == ident.rsplit("-", 1)[0]
        elif kind == "externer Partner":
            assert actor["Teil von"] == ""
        else:
            assert (kind, actor["Teil von"]) == (kind, prefix)
    with_plans = set()
    for p in sheet(folder, "Planwerke.csv"):
        with_plans |= {p["Federführung"]} | items(p["Beteiligte"])
    for prefix in towns:
        platform = items(actors[f"{prefix} G 1"]["Mitglieder"])
        externals = {i for i, a in actors.items() if a["Typ"] == "externer Partner" and i.startswith(prefix)}
        # the inactive ones (three externals or committees per town) are on no platform
        assert externals & with_plans <= platform
        assert prefix not in with_plans  # the town as a whole leads and partners nothing


def test_a_folder_is_replaced_only_if_generate_wrote_it(tmp_path: Path) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "Haushalt.docx").write_bytes(b"the planner's own file")
    with pytest.raises(UsageError, match=r"holds files sozialgraph did not write \(Haushalt\.docx\)"):
        generate(1, 7, out)
    assert sorted(p.name for p in out.iterdir()) == ["Haushalt.docx"]
    (out / "Haushalt.docx").unlink()
    generate(1, 7, out)  # an empty folder is fine
    first = files(out)
    generate(1, 8, out)  # and so is one generate wrote
    assert sorted(files(out)) == sorted(SHEET_FILES) and files(out) != first
    (out / "Ziele.csv").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(UsageError, match=r"Ziele\.csv \(changed since sozialgraph wrote it\)"):
        generate(1, 7, out)
    assert (out / "Ziele.csv").read_text(encoding="utf-8") == "edited by hand"
    generate(1, 7, tmp_path / "d.nt", fmt="nt")
    generate(1, 8, tmp_path / "d.nt", fmt="nt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.nt", "data"]  # no temporary files left


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format 'xlsx'"):
        generate(1, 7, tmp_path / "x", fmt="xlsx")
    with pytest.raises(ValueError, match="at least one"):
        generate(0, 7, tmp_path / "x")
