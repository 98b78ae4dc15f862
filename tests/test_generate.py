"""The synthetic data generator: deterministic, loadable, the same graph as CSV and as N-Triples."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from graph.io.generate import BASE, THEMES, UNPLANNED, generate
from graph.io.load import read_dataset
from graph.schema import load_schema
from graph.store import OxigraphStore

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
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


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


@pytest.mark.parametrize(
    ("n", "triples"),
    [(1, 2926 + 102), (3, 8233 + 102)],  # + the 17 SDG goals every dataset carries (6 triples each)
)
def test_exact_counts(tmp_path: Path, n: int, triples: int) -> None:
    expected = {
        "actors": 40 * n,
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
    for sheet, name in zip(load_schema().sheets, SHEET_FILES, strict=True):
        with open(tmp_path / "csv" / name, encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
        assert records[0] == [c.header_de for c in sheet.columns]
        rows[sheet.key] = len(records) - 1
    assert rows == expected
    nt = generate(n, 7, tmp_path / "data.nt", fmt="nt")
    assert nt.counts == expected
    assert nt.triples == triples
    assert len(Graph().parse(nt.out, format="nt")) == triples
    assert str(nt) == (
        f"wrote {nt.out}: {n} municipalities, {40 * n} actors, 45 themes, {30 * n} plans, {150 * n} goals, "
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
    assert all(i.startswith(("K001 ", "K002 ")) for i in ids - theme_ids)
    assert "K002 FB 56" in ids
    assert (URIRef(BASE + "actors/K002%20FB%2056"), None, None) in g
    assert (URIRef(BASE + "themes/Fr%C3%BChkindliche%20Bildung"), None, None) in g


def test_analyses_have_non_trivial_answers(tmp_path: Path) -> None:
    store = OxigraphStore()
    store.load_file(generate(2, 7, tmp_path / "d.nt", fmt="nt").out, "nt")

    def count(where: str) -> int:
        return int(
            store.query(PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}").rows[0][0]
        )

    unplanned = store.query(
        PREFIXES + "SELECT ?name WHERE { ?t a sp:Theme ; skos:prefLabel ?name "
        "FILTER NOT EXISTS { ?x dct:subject ?t } } ORDER BY ?name"
    )
    assert [str(r[0]) for r in unplanned.rows] == sorted(UNPLANNED)
    assert count("?x sp:subGoalOf ?parent") > 50
    assert count("?x sp:pursuedBy ?a , ?b FILTER(?a != ?b)") > 100
    assert count("?x a sp:Goal FILTER NOT EXISTS { ?i sp:serves ?x }") > 50
    assert 0 < count("?x a sp:SteeringInstrument FILTER NOT EXISTS { ?x sp:serves ?g }") < 40
    assert (
        count("?x a sp:Actor FILTER NOT EXISTS { ?s ?p ?x } FILTER NOT EXISTS { ?x org:hasMember ?m }") == 6
    )
    assert count("?x a sp:Body ; org:hasMember ?m") == 6
    assert count("?x skos:broader ?top") == 31


def test_output_is_replaced_atomically(tmp_path: Path) -> None:
    out = tmp_path / "data"
    out.mkdir()
    (out / "stale.csv").write_text("old")
    generate(1, 7, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(SHEET_FILES)
    generate(1, 7, tmp_path / "d.nt", fmt="nt")
    generate(1, 8, tmp_path / "d.nt", fmt="nt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.nt", "data"]  # no temporary files left


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format 'xlsx'"):
        generate(1, 7, tmp_path / "x", fmt="xlsx")
    with pytest.raises(ValueError, match="at least one"):
        generate(0, 7, tmp_path / "x")
