"""The endpoint's HTTP against small local servers: the whole request is timed, redirects stay home, odd answers are errors.

No Virtuoso is needed: each server here (``http_support.local_server``) answers
the way a slow, misconfigured or hostile server would.
"""

from __future__ import annotations

import json

import pytest
from http_support import drip, local_server, send
from rdflib import Literal

from graph.errors import StoreError, UsageError
from graph.store.endpoint import EndpointStore

SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
JSON_TYPE = "application/sparql-results+json"
RESULTS = json.dumps(
    {"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"type": "literal", "value": "Armut"}}]}}
).encode()


# ----------------------------------------------------------------- time


@pytest.mark.parametrize("length", [True, False], ids=["content-length", "until-close"])
def test_a_server_that_drips_cannot_hold_the_request_past_the_timeout(length):
    """Every byte comes within the socket timeout, but the whole answer would take 30 s."""
    body = RESULTS + b" " * (300 - len(RESULTS))
    with local_server(lambda h: drip(h, body, JSON_TYPE, every=0.1, length=length)) as server:
        store = EndpointStore(server.url, timeout=1)
        with pytest.raises(StoreError, match=r"did not answer within 1 s$"):
            store.query(SELECT)


def test_a_graph_cut_off_by_the_timeout_is_an_error_not_a_smaller_graph():
    lines = b"".join(f"<urn:x:{n}> <urn:p> <urn:o> .\n".encode() for n in range(100))
    pace = {"every": 0.01}  # about 30 s for the whole answer
    with local_server(lambda h: drip(h, lines, "application/n-triples", length=False, **pace)) as server:
        with pytest.raises(StoreError, match=r"did not answer within 1 s$"):
            EndpointStore(server.url, timeout=1).query(CONSTRUCT)
        pace["every"] = 0  # the same answer at full speed is whole: the cut was the timeout's
        assert len(EndpointStore(server.url, timeout=1).query(CONSTRUCT).graph) == 100


@pytest.mark.parametrize("seconds", [0, -1, -5, float("nan"), float("inf"), "3", True, None])
def test_a_timeout_must_be_seconds_above_zero(seconds):
    with pytest.raises(UsageError, match="the timeout must be a number of seconds above 0"):
        EndpointStore("http://127.0.0.1:9/sparql", timeout=seconds)


@pytest.mark.parametrize(
    "address", ["http://[::1", "http://localhost:99999/sparql", "ftp://x/sparql", "http:///x"]
)
def test_a_bad_address_is_refused(address):
    with pytest.raises(StoreError, match=r"not (a valid|an http\(s\)) address of a SPARQL endpoint"):
        EndpointStore(address)


# ----------------------------------------------------------------- redirects


def test_a_redirect_to_another_host_is_not_followed():
    with local_server(lambda h: send(h, 200, RESULTS, JSON_TYPE), host="127.0.0.2") as elsewhere:
        for code in (301, 302, 303, 307, 308):

            def redirect(h, code=code):
                h.send_response(code)
                h.send_header("Location", elsewhere.url)
                h.end_headers()

            with local_server(redirect) as server:
                store = EndpointStore(server.url, user="dba", password="secret")
                with pytest.raises(StoreError) as caught:
                    store.query(SELECT)
                assert str(caught.value) == (
                    f"SPARQL endpoint {server.url} redirects to {elsewhere.url} (HTTP {code}); "
                    "sozialgraph does not follow it: name that address with --endpoint if you trust it"
                )
        assert elsewhere.requests == []  # neither the query nor the password went there


def test_a_307_on_the_same_server_repeats_the_post():
    def answer(h):
        if h.path == "/sparql":
            h.send_response(307)
            h.send_header("Location", "/v2/sparql")
            h.end_headers()
        else:
            send(h, 200, RESULTS, JSON_TYPE)

    with local_server(answer) as server:
        assert EndpointStore(server.url).query(SELECT).rows == [(Literal("Armut"),)]
        (first, second) = server.requests
        assert (first[:2], second[:2]) == (("POST", "/sparql"), ("POST", "/v2/sparql"))
        assert first[2] == second[2] and b"query=SELECT" in second[2]


def test_a_redirect_elsewhere_on_the_same_host_as_a_get_is_refused():
    def answer(h):
        h.send_response(302)
        h.send_header("Location", "/login")
        h.end_headers()

    with (
        local_server(answer) as server,
        pytest.raises(StoreError, match=r"redirects to .*/login \(HTTP 302\)"),
    ):
        EndpointStore(server.url).query(SELECT)


# ----------------------------------------------------------------- odd answers


@pytest.mark.parametrize(
    ("body", "content_type", "sent"),
    [
        (b"<!DOCTYPE html><html><body>Welcome to nginx!</body></html>", "text/html", "<!DOCTYPE html>"),
        (b'{"head": {}, "results": []}', JSON_TYPE, '{"head": {}'),
        (
            b'{"head": {"vars": ["s"]}, "results": {"bindings": [{"s": {"value": "x"}}]}}',
            JSON_TYPE,
            '{"head"',
        ),
        (b'{"boolean": "yes"}', JSON_TYPE, '{"boolean": "yes"}'),
        (b"[1, 2, 3]", "application/json", "[1, 2, 3]"),
        (b"\xff\xfe not even text", JSON_TYPE, "not even text"),
    ],
    ids=["html", "results-not-an-object", "cell-without-type", "boolean-not-a-boolean", "a-list", "bytes"],
)
def test_an_answer_that_is_not_sparql_results_is_an_error(body, content_type, sent):
    with local_server(lambda h: send(h, 200, body, content_type)) as server:
        with pytest.raises(StoreError) as caught:
            EndpointStore(server.url).query(SELECT)
    message = str(caught.value)
    assert message.startswith(
        f"SPARQL endpoint {server.url} did not send SPARQL results (it sent {content_type}: "
    )
    assert sent in message and message.endswith("is this the address of the SPARQL endpoint?")
