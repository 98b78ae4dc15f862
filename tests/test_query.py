"""run_query: bindings, injection, errors a user can cause, and the kinds of query."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import city_view

from graph.analysis.catalogue import find_query, read_info
from graph.analysis.query import run_query
from graph.errors import QueryError

CITY = Path(__file__).parent / "fixtures" / "queries" / "city.ttl"
INJECTION = 'SA" } ; DROP ALL #'
ENGINES = ["oxigraph", "rdflib"]


@pytest.fixture(params=ENGINES)
def store(request):
    return city_view(request.param)


def user_query(tmp_path: Path, text: str, name: str = "mine.rq") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


LABEL_SEARCH = """#+ title: Actors by name
#+ summary: The actor with exactly this name.
#+ param: name text - the exact name
SELECT ?name ?actor_id WHERE { ?a a sp:Actor ; rdfs:label ?name ; dct:identifier ?actor_id }
ORDER BY ?actor_id
"""


# --------------------------------------------------------------------------
# Bindings and injection


def test_text_parameter_is_bound_as_a_literal(store, tmp_path):
    query = user_query(tmp_path, LABEL_SEARCH)
    frame = run_query(store, query, {"name": "Arbeiterwohlfahrt"})
    assert frame.values.tolist() == [["AWO"]]  # the parameter column is left out


def test_injection_in_a_text_parameter_matches_nothing(store, tmp_path):
    size = len(store)
    frame = run_query(store, user_query(tmp_path, LABEL_SEARCH), {"name": INJECTION})
    assert frame.columns.tolist() == ["actor_id"] and frame.empty
    assert len(store) == size


def test_injection_in_an_id_parameter_is_an_unknown_id(store):
    size = len(store)
    with pytest.raises(QueryError) as err:
        run_query(store, "actor-profile", {"actor": INJECTION})
    assert (
        str(err.value)
        == "no actor with id 'SA\" } ; DROP ALL #'; the ids are: ASO, AWO, DEZ, FB 45, FB 56, FB 61, GA, JC, SP"
    )
    assert len(store) == size


def test_injection_in_an_integer_parameter_is_refused(store):
    with pytest.raises(
        QueryError, match=r"the parameter min must be a whole number, not '2 \} ; DROP ALL #'"
    ):
        run_query(store, "hotspots", {"min": "2 } ; DROP ALL #"})


def test_unknown_id_suggests_the_closest(store):
    with pytest.raises(QueryError, match=r"^no actor with id 'FB 57' \(did you mean 'FB 56'\?\)$"):
        run_query(store, "actor-profile", {"actor": "FB 57"})
    with pytest.raises(QueryError, match=r"^no theme with id 'Armut' \(did you mean 'armut'\?\)$"):
        run_query(store, "theme-actors", {"theme": "Armut"})


def test_an_id_of_another_kind_is_unknown(store):
    with pytest.raises(
        QueryError,
        match=r"^no theme with id 'FB 56'; the ids are: arbeit, armut, bildung, digital, gesundheit",
    ):
        run_query(store, "theme-actors", {"theme": "FB 56"})


def test_unknown_parameter_lists_the_parameters(store):
    with pytest.raises(
        QueryError, match=r"^hotspots.rq: no parameter 'minimum'; its parameters are: min \(integer\)$"
    ):
        run_query(store, "hotspots", {"minimum": "3"})
    with pytest.raises(QueryError, match=r"^shared-goals.rq: no parameter 'x'; the query declares none"):
        run_query(store, "shared-goals", {"x": "1"})


def test_missing_parameter_is_named(store):
    with pytest.raises(
        QueryError, match=r"^actor-profile.rq: the parameter actor \(actor\) is required: the actor's id"
    ):
        run_query(store, "actor-profile")


def test_parameter_not_projected_in_a_user_query(store, tmp_path):
    text = "#+ param: actor actor - who\nSELECT ?label WHERE { ?actor rdfs:label ?label }\nORDER BY ?label\n"
    with pytest.raises(QueryError) as err:
        run_query(store, user_query(tmp_path, text), {"actor": "GA"})
    assert str(err.value) == (
        "mine.rq: the parameter ?actor is not in the SELECT clause; a bound variable must be "
        "projected (SEP-0007), e.g. SELECT ?actor …"
    )


def test_entity_parameter_in_a_user_query(store, tmp_path):
    text = "#+ param: goal goal - a goal\nSELECT ?goal ?plan WHERE { ?goal sp:statedIn/dct:identifier ?plan }\nORDER BY ?plan\n"
    assert run_query(store, user_query(tmp_path, text), {"goal": "Z3"})["plan"].tolist() == ["SCH", "SEP"]


# --------------------------------------------------------------------------
# Names, files and syntax


def test_unknown_name_lists_close_ones():
    with pytest.raises(
        QueryError,
        match=r"^no analysis called 'shared-goal'; did you mean: shared-goals, shared-themes, sdgs-without-goal\?$",
    ):
        find_query("shared-goal")
    with pytest.raises(QueryError, match=r"^no analysis called 'zzz'; the analyses are: actor-profile, "):
        find_query("zzz")


def test_missing_user_file():
    with pytest.raises(QueryError, match=r"^nowhere/q.rq: no such query file$"):
        find_query("nowhere/q.rq")


def test_user_file_header_is_read(tmp_path):
    info = read_info(Path(user_query(tmp_path, LABEL_SEARCH)))
    assert (info.name, info.title, info.summary) == (
        "mine",
        "Actors by name",
        "The actor with exactly this name.",
    )
    assert [(p.name, p.kind, p.default, p.description) for p in info.params] == [
        ("name", "text", None, "the exact name")
    ]


def test_quoted_default_and_bad_param_line(tmp_path):
    info = read_info(Path(user_query(tmp_path, '#+ param: who actor default="FB 56" - the actor\nASK {}\n')))
    assert info.params[0].default == "FB 56"
    with pytest.raises(QueryError, match=r"^bad.rq:2: unknown parameter kind 'person'"):
        read_info(Path(user_query(tmp_path, "#+ title: x\n#+ param: who person\nASK {}\n", "bad.rq")))


def test_syntax_error_names_file_line_and_column(store, tmp_path):
    text = "# my query\nSELECT ?a WHERE {\n  ?a ?b ?c .\n  FILTER(?a = )\n}\n"
    with pytest.raises(QueryError) as err:
        run_query(store, user_query(tmp_path, text, "broken.rq"))
    assert str(err.value) == "broken.rq:4:3: SPARQL syntax error near 'FILTER(?a = )'"


def test_empty_file(store, tmp_path):
    with pytest.raises(QueryError, match=r"^mine.rq: the file holds no query$"):
        run_query(store, user_query(tmp_path, "# nothing here\n"))


def test_unknown_prefix(store, tmp_path):
    with pytest.raises(
        QueryError, match=r"^mine.rq: unknown prefix foaf: \(declare it with PREFIX foaf: <…>\)$"
    ):
        run_query(store, user_query(tmp_path, "SELECT ?n WHERE { ?a foaf:name ?n }"))


def test_project_prefixes_are_offered(store, tmp_path):
    text = "SELECT ?id WHERE { ?p a sp:Plan ; dct:identifier ?id }\nORDER BY ?id\n"
    assert run_query(store, user_query(tmp_path, text))["id"].tolist() == [
        "AMP",
        "DIG",
        "HKW",
        "LKT",
        "PFL",
        "SCH",
        "SEP",
    ]


# --------------------------------------------------------------------------
# Updates and SERVICE


@pytest.mark.parametrize(
    "text",
    [
        "DROP ALL",
        "CLEAR DEFAULT",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX sp: <https://w3id.org/sozialgraph/ontology#>\nDELETE WHERE { ?g sp:statedIn ?p }",
        "LOAD <http://example.org/data.ttl>",
        "CREATE GRAPH <urn:g>",
    ],
)
def test_updates_are_refused(store, tmp_path, text):
    size = len(store)
    with pytest.raises(QueryError, match=r"^mine.rq: this is a SPARQL update, which changes the graph"):
        run_query(store, user_query(tmp_path, text))
    assert len(store) == size


def test_update_runs_when_allowed(store, tmp_path):
    size = len(store)
    frame = run_query(
        store, user_query(tmp_path, "INSERT DATA { <urn:a> <urn:b> <urn:c> }"), allow_update=True
    )
    assert frame.empty and len(store) == size + 1


def test_service_is_refused(store, tmp_path):
    text = "SELECT ?s WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match=r"^mine.rq: SERVICE is refused"):
        run_query(store, user_query(tmp_path, text))
    update = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match=r"SERVICE is refused"):
        run_query(store, user_query(tmp_path, update), allow_update=True)


# --------------------------------------------------------------------------
# Kinds of query and cell values


def test_cells_are_python_values(store, tmp_path):
    text = 'SELECT ?i ?d ?s ?date ?none WHERE { BIND(1 AS ?i) BIND(2.5 AS ?d) BIND("Armut" AS ?s) ' + (
        'BIND("2017-11-27"^^xsd:date AS ?date) }'
    )
    frame = run_query(store, user_query(tmp_path, text))
    assert [str(t) for t in frame.dtypes] == ["int64", "float64", "object", "object", "object"]
    assert frame.iloc[0].tolist() == [1, 2.5, "Armut", "2017-11-27", None]


def test_projected_iri_is_its_string(store, tmp_path):
    text = 'SELECT ?p WHERE { ?p dct:identifier "PFL" }'
    assert run_query(store, user_query(tmp_path, text))["p"].tolist() == [
        "https://w3id.org/sozialgraph/id/city/plans/PFL"
    ]


def test_construct_gives_triples_in_n3(store, tmp_path):
    text = 'CONSTRUCT { ?p dct:identifier ?id } WHERE { ?p dct:identifier ?id FILTER(?id = "PFL") }'
    frame = run_query(store, user_query(tmp_path, text))
    assert frame.values.tolist() == [
        ["<https://w3id.org/sozialgraph/id/city/plans/PFL>", "<http://purl.org/dc/terms/identifier>", '"PFL"']
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_ask_gives_one_column(engine, tmp_path):
    store = city_view(engine)
    assert run_query(store, user_query(tmp_path, "ASK { ?g a sp:Goal }")).to_dict("list") == {"ask": [True]}
