"""The embedded engines of graph/store/: Oxigraph (in memory and on disk) and rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from graph import namespaces as ns
from graph.errors import DataError, QueryError, StoreError
from graph.namespaces import SP
from graph.store import OxigraphStore, RdflibStore, Store, from_ox, to_ox
from graph.store.sparql_text import values_block

FIXTURE = Path(__file__).parent / "fixtures" / "endpoint" / "small.ttl"
ID = Namespace("https://w3id.org/sozialgraph/id/fixture/")
PREFIXES = """PREFIX sp: <https://w3id.org/sozialgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
AWKWARD = Literal('Wohnen "bezahlbar" {für alle}')
TERMS = [
    Literal("Armut", lang="de"),
    Literal("poverty", lang="en"),
    Literal("2017", datatype=ns.XSD.gYear),
    Literal("2017-11-27", datatype=ns.XSD.date),
    Literal(42),
    Literal("Größe, Übel & Straße"),
    AWKWARD,
    Literal('SA" } ; DROP ALL #'),
    Literal("zwei\nZeilen"),
    URIRef("https://w3id.org/sozialgraph/id/aachen/actors/FB%2056"),
]


def make(engine: str, tmp_path: Path) -> Store:
    if engine == "oxigraph":
        return OxigraphStore()
    if engine == "oxigraph-disk":
        return OxigraphStore(tmp_path / "db")
    return RdflibStore()


ENGINES = ["oxigraph", "oxigraph-disk", "rdflib"]


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    s = make(request.param, tmp_path)
    s.load_file(FIXTURE, "ttl")
    yield s
    s.close()


def test_loads_the_fixture(store: Store) -> None:
    assert len(store) == 123
    assert isomorphic(store.to_graph(), Graph().parse(FIXTURE))


def test_select_ask_construct(store: Store) -> None:
    rows = store.query(PREFIXES + "SELECT ?plan ?year WHERE { ?plan dct:issued ?year } ORDER BY ?year").rows
    assert rows == [
        (ID["plans/SchEP"], Literal("2015", datatype=ns.XSD.gYear)),
        (ID["plans/SEP"], Literal("2017", datatype=ns.XSD.gYear)),
    ]
    assert store.query(PREFIXES + "ASK { ?t skos:broader ?b }").boolean is True
    assert store.query(PREFIXES + "ASK { ?t skos:broader ?t }").boolean is False
    result = store.query(
        PREFIXES + "CONSTRUCT { ?a sp:colleague ?b } WHERE { ?g sp:pursuedBy ?a , ?b FILTER(?a != ?b) }"
    )
    assert result.kind == "CONSTRUCT" and len(result.graph) == 6
    optional = store.query(
        PREFIXES + "SELECT ?a ?d WHERE { ?a a sp:Department OPTIONAL { ?a dct:description ?d } } ORDER BY ?a"
    )
    assert optional.variables == ["a", "d"]
    assert [d for _, d in optional.rows].count(None) == 2


@pytest.mark.parametrize("term", TERMS, ids=lambda t: repr(str(t))[:20])
def test_terms_round_trip_and_bind(term, tmp_path: Path) -> None:
    g = Graph()
    g.add((URIRef("urn:s"), URIRef("urn:p"), term))
    g.add((URIRef("urn:other"), URIRef("urn:p"), Literal("anders")))
    for engine in ENGINES:
        (tmp_path / engine).mkdir()
        s = make(engine, tmp_path / engine)
        s.add_graph(g)
        assert s.query("SELECT ?o WHERE { <urn:s> ?p ?o }").rows == [(term,)], engine
        bound = s.query("SELECT ?s ?o WHERE { ?s <urn:p> ?o }", {"o": term})
        assert bound.rows == [(URIRef("urn:s"), term)], engine
        s.close()


def test_bindings_with_quotes_and_braces_and_two_variables(store: Store) -> None:
    q = PREFIXES + "SELECT ?theme ?label WHERE { ?theme skos:prefLabel ?label }"
    assert store.query(q, {"label": AWKWARD}).rows == [(ID["themes/Wohnen"], AWKWARD)]
    assert store.query(q, {"label": Literal('SA" } ; DROP ALL #')}).rows == []
    assert len(store) == 123
    q2 = PREFIXES + "SELECT ?goal ?actor ?theme WHERE { ?goal sp:pursuedBy ?actor ; dct:subject ?theme }"
    rows = store.query(q2, {"actor": ID["actors/FB%2045"], "theme": ID["themes/Kinderarmut"]}).rows
    assert rows == [(ID["goals/Z1.1"], ID["actors/FB%2045"], ID["themes/Kinderarmut"])]


def test_errors_are_query_errors(store: Store) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        store.query("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        store.update("INSERT DATA { <urn:a> }")


def test_update(store: Store) -> None:
    store.update(PREFIXES + "DELETE WHERE { ?t skos:broader ?b }")
    assert len(store) == 122
    store.update('INSERT DATA { <urn:a> <urn:p> "Größe"@de }')
    assert store.query("SELECT ?o WHERE { <urn:a> <urn:p> ?o }").rows == [(Literal("Größe", lang="de"),)]


def test_on_disk_store_persists_and_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with OxigraphStore(path) as s:
        s.load_file(FIXTURE, "ttl")
        s.update('INSERT DATA { <urn:a> <urn:p> "2017"^^<http://www.w3.org/2001/XMLSchema#gYear> }')
    with OxigraphStore(path, read_only=True) as again:
        assert len(again) == 124
        assert again.query("ASK { <urn:a> <urn:p> ?y }").boolean is True
        assert again.query(PREFIXES + "SELECT ?l WHERE { ?t skos:prefLabel ?l } ORDER BY ?l").rows[0] == (
            Literal("Armut"),
        )
        with pytest.raises(StoreError, match="opened read-only"):
            again.update("INSERT DATA { <urn:b> <urn:p> 1 }")
        with pytest.raises(StoreError, match="opened read-only"):
            again.add_graph(Graph().parse(data="<urn:c> <urn:p> 'x' .", format="turtle"))
        with pytest.raises(StoreError, match="opened read-only"):
            again.load_file(FIXTURE, "ttl")
    with OxigraphStore(path) as writable:
        assert len(writable) == 124


def test_on_disk_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open the store"):
        OxigraphStore(tmp_path / "missing", read_only=True)
    first = OxigraphStore(tmp_path / "db")
    with pytest.raises(StoreError, match="cannot open the store"):
        OxigraphStore(tmp_path / "db")  # locked by the first
    first.close()


@pytest.mark.parametrize("engine", ENGINES)
def test_bad_rdf_file(engine: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text("<urn:a> <urn:b> .\n")
    s = make(engine, tmp_path)
    with pytest.raises((DataError, Exception)) as info:
        s.load_file(bad, "nt")
    if engine.startswith("oxigraph"):
        assert info.type is DataError
        assert str(info.value) == (
            "bad.nt:1: not valid N-Triples (line 1): The object of a triple must be an IRI, a blank node or a literal"
        )


def test_conversions_and_helpers() -> None:
    for term in TERMS:
        assert from_ox(to_ox(term)) == term
    assert from_ox(None) is None
    assert from_ox(to_ox(Literal("x", datatype=ns.XSD.string))) == Literal("x")
    assert values_block({"a": SP.Active, "b": Literal(3)}) == (
        "VALUES (?a ?b) { (<https://w3id.org/sozialgraph/ontology#Active> "
        '"3"^^<http://www.w3.org/2001/XMLSchema#integer>) }'
    )
    with pytest.raises(QueryError, match="not a variable name"):
        values_block({"a b": Literal(1)})
    with pytest.raises(QueryError, match="not a valid IRI"):
        values_block({"a": URIRef("urn:x> } DROP ALL")})
