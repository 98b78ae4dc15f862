"""A remote SPARQL 1.1 endpoint (e.g. Virtuoso) as a store, over the standard library's HTTP client.

The project's triples live in one named graph (``graph_iri``) on the server:
queries are sent with ``default-graph-uri=<graph_iri>`` and updates name that
graph, so the server's own data (a fresh Virtuoso holds ~2,500 system triples)
stays out of every answer.

Bindings: an endpoint has no binding API, so :meth:`EndpointStore.query`
places a ``VALUES`` data block, built by :func:`values_block` from
RDF term syntax, at the start of the query's WHERE group. That join gives the
same answers as Oxigraph's substitution whenever every bound variable is in the
SELECT projection and bound by the WHERE pattern, as in every catalogue query.
(A trailing ``VALUES`` clause would be simpler, but Virtuoso 7.2 applies LIMIT
before joining it; it is used only where no WHERE group can be found.)

Limits of Virtuoso 7.2 that this module works around (measured): one
``INSERT DATA`` of more than about 1,200 triples fails with "SP031 … exceeded
10000 lines of code", so triples go in chunks of 1,000 (halved automatically
when the server still refuses); a request body of several MB can crash the
server, so a request carries at most about 1 MB and a single literal longer
than 1,000,000 characters is refused. ``ResultSetMaxRows`` silently cuts long
answers: a SELECT then carries ``X-SPARQL-MaxRows``, a CONSTRUCT has exactly
the cap (or cap + 1) triples; both raise :class:`~graph.errors.StoreError`.

Large graphs (:meth:`EndpointStore.add_ntriples`) go to the server's SPARQL 1.1
Graph Store HTTP Protocol endpoint when one is named (``graph_store``; Virtuoso:
``…/sparql-graph-crud-auth``), as N-Triples in POSTs of at most
:attr:`EndpointStore.gsp_lines` lines (measured on Virtuoso 7.2: 100,000 triples
in 1.4 s, against 17 s as ``INSERT DATA`` of 1,000 triples each).
"""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterable, Mapping
from itertools import islice
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graph import namespaces
from graph.errors import DataError, Problem, StoreError
from graph.store.base import Quad, QueryResult, Scope, Store
from graph.store.http import SparqlHttp
from graph.store.sparql_text import BAD_IRI, bind, nt_term, query_kind

__all__ = ["DEFAULT_GRAPH", "EndpointStore"]

#: The named graph that holds the project's triples on a server.
DEFAULT_GRAPH = "https://w3id.org/sozialgraph/graph"

_JSON = "application/sparql-results+json"
_NT = "application/n-triples"
_TRAILING_LIMIT = re.compile(r"(?i:LIMIT)\s+(\d+)(?:\s+(?i:OFFSET)\s+\d+)?\s*$")
#: ``ResultSetMaxRows`` values found in Virtuoso's shipped and documented configurations.
_COMMON_CAPS = (10000, 100000)


def _from_json(cell: dict | None) -> Node | None:
    if cell is None:
        return None
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if "xml:lang" in cell:
        return Literal(value, lang=cell["xml:lang"])
    datatype = cell.get("datatype")
    if datatype is None or datatype == str(namespaces.XSD.string):
        return Literal(value)
    if datatype == str(namespaces.XSD.boolean) and value in ("0", "1"):
        value = "true" if value == "1" else "false"  # Virtuoso writes booleans as 0/1
    return Literal(value, datatype=URIRef(datatype))


def _boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"not a boolean: {value!r}")
    return value


def _asked_for(sparql: str, count: int) -> bool:
    """True if the query's own trailing LIMIT explains an answer of ``count`` rows."""
    limit = _TRAILING_LIMIT.search(sparql.strip())
    return limit is not None and int(limit.group(1)) <= count


class EndpointStore(Store):
    """A SPARQL 1.1 Protocol endpoint; the data lives in the named graph ``graph_iri``.

    Parameters
    ----------
    url
        The query endpoint, e.g. ``http://localhost:8890/sparql``.
    update_url
        Where updates go (default: ``url``); Virtuoso's authenticated one is
        ``…/sparql-auth`` (HTTP digest).
    user, password
        Credentials for HTTP basic or digest authentication, whichever the server asks for.
    graph_iri
        The named graph holding the project's triples.
    graph_store
        The server's SPARQL 1.1 Graph Store HTTP Protocol endpoint, if bulk
        loads should go there (Virtuoso: ``…/sparql-graph-crud-auth``).
    timeout
        Seconds one request may take, all of it (connecting, sending, the whole
        answer); a finite number above 0. Redirects are followed only on the
        same server (see :mod:`graph.store.http`).
    max_rows
        The server's result cap if known (Virtuoso ``ResultSetMaxRows``); a
        SELECT cap is also learned from the ``X-SPARQL-MaxRows`` header.
    """

    engine = "endpoint"
    #: triples per ``INSERT DATA`` request (Virtuoso 7.2 refuses about 1,200 and more)
    chunk_size = 1000
    #: soft limit of the triples' text in one update request, in characters
    max_request_chars = 1_000_000
    #: N-Triples lines per POST to the graph store (about 3 MB)
    gsp_lines = 20_000

    def __init__(
        self,
        url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        graph_iri: str = DEFAULT_GRAPH,
        timeout: float = 30.0,
        max_rows: int | None = None,
        graph_store: str | None = None,
    ):
        addresses = [url, update_url or url] + ([graph_store] if graph_store else [])
        self._http = SparqlHttp(addresses, user=user, password=password, timeout=timeout)
        self.graph_store = graph_store
        if BAD_IRI.search(graph_iri):
            raise StoreError(f"not a valid graph IRI: {graph_iri!r}")
        self.url = url
        self.update_url = update_url or url
        self.graph_iri = graph_iri
        self.timeout = self._http.timeout
        self.max_rows = max_rows
        self._caps: set[int] = set()

    # ------------------------------------------------------------------ HTTP

    def _post(
        self, address: str, fields: dict[str, str] | list[tuple[str, str]], accept: str
    ) -> tuple[bytes, http.client.HTTPMessage]:
        """POST a form to the server (see :class:`graph.store.http.SparqlHttp`)."""
        return self._http.post(address, fields, accept)

    # ----------------------------------------------------------------- query

    def query(
        self, sparql: str, bindings: Mapping[str, Node] | None = None, scope: Scope | None = None
    ) -> QueryResult:
        """Run a query on ``scope`` (default: the project's graph); ``bindings`` become a ``VALUES`` block.

        The scope travels as the protocol's ``default-graph-uri`` and
        ``named-graph-uri`` parameters (see :func:`bind` for the bindings).
        """
        kind = query_kind(sparql)
        text = bind(sparql, bindings) if bindings else sparql
        default = [self.graph_iri] if scope is None or scope.default is None else list(scope.default)
        fields = [("query", text)] + [("default-graph-uri", g) for g in default]
        if scope is not None and scope.named is not None:
            # an empty list would mean "every graph" to a server: name one that holds nothing
            fields += [("named-graph-uri", g) for g in scope.named or [f"{self.graph_iri}/none"]]
        if kind in ("SELECT", "ASK"):
            body, headers = self._post(self.url, fields, _JSON)
            self._check_partial(headers)
            try:
                data = json.loads(body.decode("utf-8"))
            except ValueError:
                raise self._not_results(headers, body) from None
            try:
                if "boolean" in data:
                    return QueryResult("ASK", boolean=_boolean(data["boolean"]))
                variables = [str(v) for v in data["head"].get("vars", [])]
                cells = data["results"]["bindings"]
                if variables == ["__ASK_RETVAL"]:  # Virtuoso answers ASK as a one-column SELECT
                    return QueryResult(
                        "ASK", boolean=bool(cells) and cells[0]["__ASK_RETVAL"]["value"] != "0"
                    )
                rows = [tuple(_from_json(cell.get(v)) for v in variables) for cell in cells]
            except (KeyError, TypeError, AttributeError, ValueError):
                raise self._not_results(headers, body) from None
            self._check_rows(sparql, len(rows), headers)
            return QueryResult("SELECT", variables=variables, rows=rows)
        body, headers = self._post(self.url, fields, f"{_NT}, text/turtle;q=0.9")
        self._check_partial(headers)
        fmt = "turtle" if "turtle" in headers.get("Content-Type", "") else "nt"
        try:
            graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
        except Exception as exc:  # rdflib raises many kinds of parser errors
            raise StoreError(f"SPARQL endpoint {self.url} sent a graph that cannot be read: {exc}") from None
        caps = self._known_caps(headers)
        if any(len(graph) in (cap, cap + 1) for cap in caps) and not _asked_for(sparql, len(graph)):
            raise self._truncated(len(graph), "triples")
        return QueryResult("CONSTRUCT", graph=graph)

    def _not_results(self, headers: http.client.HTTPMessage, body: bytes) -> StoreError:
        kind = headers.get("Content-Type", "no content type")
        start = " ".join(body[:80].decode("utf-8", "replace").split())
        return StoreError(
            f"SPARQL endpoint {self.url} did not send SPARQL results (it sent {kind}: {start!r}); "
            "is this the address of the SPARQL endpoint?"
        )

    def _check_partial(self, headers: http.client.HTTPMessage) -> None:
        if headers.get("X-SQL-State"):  # Virtuoso "anytime" query: partial answer after a timeout
            raise StoreError(
                f"SPARQL endpoint {self.url} sent partial results ({headers.get('X-SQL-State')}: "
                f"{headers.get('X-SQL-Message', 'query interrupted')}); raise the server's "
                "MaxQueryExecutionTime or ask a narrower question"
            )

    def _known_caps(self, headers: http.client.HTTPMessage) -> set[int]:
        caps = set(self._caps)
        if self.max_rows:
            caps.add(self.max_rows)
        if headers.get("Server", "").startswith("Virtuoso"):
            caps.update(_COMMON_CAPS)
        return caps

    def _check_rows(self, sparql: str, count: int, headers: http.client.HTTPMessage) -> None:
        header = headers.get("X-SPARQL-MaxRows")
        caps = {self.max_rows} if self.max_rows else set()
        if header and header.strip().isdigit():
            self._caps.add(int(header))
            caps.add(int(header))
        if any(count >= cap for cap in caps) and not _asked_for(sparql, count):
            raise self._truncated(count, "rows")

    def _truncated(self, count: int, what: str) -> StoreError:
        return StoreError(
            f"SPARQL endpoint {self.url} cut the answer at {count:,} {what} (its result limit); "
            "the answer is incomplete. Raise the limit on the server (Virtuoso: ResultSetMaxRows "
            "in the [SPARQL] section of virtuoso.ini) or ask a narrower question"
        )

    # ---------------------------------------------------------------- update

    def update(self, sparql: str) -> None:
        """Run a SPARQL update as given; name ``GRAPH <graph_iri>`` to change the project's data."""
        self._post(self.update_url, {"update": sparql}, f"{_JSON}, */*;q=0.1")

    def _insert(self, graph_iri: str, lines: list[str]) -> None:
        if BAD_IRI.search(graph_iri):
            raise StoreError(f"not a valid graph IRI: {graph_iri!r}")
        try:
            self.update(f"INSERT DATA {{ GRAPH <{graph_iri}> {{\n" + "\n".join(lines) + "\n} }")
        except StoreError as exc:
            if "SP031" in str(exc) and len(lines) > 1:  # generated SQL too long: split and retry
                half = len(lines) // 2
                self._insert(graph_iri, lines[:half])
                self._insert(graph_iri, lines[half:])
            else:
                raise

    def _insert_triples(
        self, triples: Iterable[tuple[Node, Node, Node]], graph_iri: str | None = None
    ) -> int:
        target = graph_iri or self.graph_iri
        lines: list[str] = []
        size = count = 0
        for s, p, o in triples:
            line = f"{nt_term(s)} {nt_term(p)} {nt_term(o)} ."
            if lines and (len(lines) >= self.chunk_size or size + len(line) > self.max_request_chars):
                self._insert(target, lines)
                lines, size = [], 0
            lines.append(line)
            size += len(line)
            count += 1
        if lines:
            self._insert(target, lines)
        return count

    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Insert quads, one graph after another, in chunks of at most :attr:`chunk_size`."""
        by_graph: dict[str, list[tuple[Node, Node, Node]]] = {}
        for s, p, o, g in quads:
            by_graph.setdefault(g, []).append((s, p, o))
        for g, triples in by_graph.items():
            self._insert_triples(sorted(triples, key=lambda t: (str(t[0]), str(t[1]))), g)

    def add_ntriples(self, data: bytes, graph_iri: str) -> int:
        """Add N-Triples (UTF-8, one triple a line, as Oxigraph writes them) to the named graph ``graph_iri``.

        Sent to the graph store in POSTs of :attr:`gsp_lines` lines where one is
        named, else as ``INSERT DATA`` in chunks of :attr:`chunk_size`; no rdflib
        term is made either way. A blank node whose triples span two requests
        becomes two nodes on the server (the data model uses no blank nodes).
        Returns the number of triples sent.
        """
        if BAD_IRI.search(graph_iri):
            raise StoreError(f"not a valid graph IRI: {graph_iri!r}")
        lines = [line for line in data.splitlines() if line.strip()]
        if self.graph_store is None:
            for start in range(0, len(lines), self.chunk_size):
                self._insert(
                    graph_iri, [line.decode("utf-8") for line in lines[start : start + self.chunk_size]]
                )
            return len(lines)
        from urllib.parse import urlencode

        separator = "&" if "?" in self.graph_store else "?"
        address = f"{self.graph_store}{separator}{urlencode({'graph': graph_iri})}"
        for start in range(0, len(lines), self.gsp_lines):
            body = b"\n".join(lines[start : start + self.gsp_lines]) + b"\n"
            self._http.send(address, body, "text/turtle; charset=utf-8", "*/*")
        return len(lines)

    def drop_graph(self, iri: str) -> None:
        if BAD_IRI.search(iri):
            raise StoreError(f"not a valid graph IRI: {iri!r}")
        self.update(f"DROP SILENT GRAPH <{iri}>")

    def graph_names(self) -> set[str]:
        rows = self._graph_rows("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return {str(r[0]) for r in rows}

    def _graph_rows(self, sparql: str) -> list:
        """Rows of a query over every graph of the server (no dataset given)."""
        body, headers = self._post(self.url, [("query", sparql)], _JSON)
        self._check_partial(headers)
        try:
            data = json.loads(body.decode("utf-8"))
            variables = list(data["head"].get("vars", []))
            return [tuple(_from_json(c.get(v)) for v in variables) for c in data["results"]["bindings"]]
        except (ValueError, KeyError, TypeError):
            raise StoreError(f"SPARQL endpoint {self.url} did not send JSON results") from None

    def add_graph(self, graph: Graph, into: str | None = None) -> None:
        """Insert all triples, in chunks of at most :attr:`chunk_size`.

        Triples are sent sorted by subject, so a blank node's own triples
        usually travel together; a blank node whose triples span two requests
        becomes two nodes on the server (the data model uses no blank nodes).
        """
        self._insert_triples(sorted(graph, key=lambda t: (str(t[0]), str(t[1]))), into)

    def load_file(self, path: Path, fmt: str, into: str | None = None) -> None:
        """Read an RDF file with rdflib and insert its triples (N-Triples is read in pieces)."""
        path = Path(path)
        if fmt == "nt":
            with open(path, encoding="utf-8") as handle:
                for lines in iter(lambda: list(islice(handle, 20 * self.chunk_size)), []):
                    self._insert_triples(self._parse(path, "".join(lines), "nt"), into)
            return
        fmts = {"ttl": "turtle", "nq": "nquads", "jsonld": "json-ld", "trig": "trig", "rdf": "xml"}
        if fmt not in fmts:
            raise StoreError(f"{path}: cannot load RDF format {fmt!r}")
        self.add_graph(self._parse(path, path.read_text(encoding="utf-8"), fmts[fmt]), into)

    @staticmethod
    def _parse(path: Path, text: str, fmt: str) -> Graph:
        try:
            if fmt in ("nquads", "trig"):
                graph = Graph()
                for s, p, o, _ in Dataset().parse(data=text, format=fmt).quads():
                    graph.add((s, p, o))
                return graph
            return Graph().parse(data=text, format=fmt)
        except Exception as exc:  # rdflib's parsers raise many kinds of errors
            raise DataError([Problem(str(path), None, None, f"not valid RDF: {exc}")]) from None

    def clear(self) -> None:
        """Remove the project's graph from the server (other graphs stay)."""
        self.update(f"CLEAR SILENT GRAPH <{self.graph_iri}>")

    def __len__(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(result.rows[0][0]) if result.rows else 0

    def to_graph(self, scope: Scope | None = None) -> Graph:
        """The triples of the scope's default graph; raises StoreError if the server cut them."""
        graph = super().to_graph(scope)
        expected = self.count(scope)
        if len(graph) < expected:
            raise self._truncated(len(graph), f"of {expected:,} triples")
        return graph
