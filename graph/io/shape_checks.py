"""The workbook schema's SHACL shapes compiled to SPARQL checks that run in the store, at any size.

:func:`graph.io.validate.validate` (pySHACL) is the reference: it reads a whole
graph into Python and takes seconds for a hundred thousand triples. Here the
same shapes (``ontology/shapes.ttl``, the one schema) become a few SPARQL
SELECTs, one per constraint, path and parameter, each over every sheet that
uses it; they run on the dataset's graph after the engine has loaded it, and
each row they return is one violation, worded by
:func:`graph.io.validate.shape_problem` as pySHACL's results are. The tests run
both on every fixture that has problems and on generated invalid data.

What the checks mean, as pySHACL does it: the data graph is read together with
the shipped vocabulary (so a ``sp:Department`` is a ``sp:Actor``, and SDG
goals are in their scheme); ``sh:datatype`` wants a literal of that datatype,
well formed where pySHACL can tell (``xsd:date`` and the numbers; any
``xsd:gYear``-typed literal passes); ``sh:in`` compares terms exactly. A shape
that uses a constraint this module does not compile is refused when the checks
are compiled, so the schema cannot grow a rule that is silently not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from graph.errors import Problem

__all__ = ["Check", "StoreFacts", "check_dataset", "check_view", "compiled_checks"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SH = "http://www.w3.org/ns/shacl#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DCT_ID = "http://purl.org/dc/terms/identifier"
#: A node's classes, through the vocabulary's subclasses (SHACL's "SHACL instance").
_INSTANCE = f"<{_RDF}type>/<{_RDFS}subClassOf>*"
#: Datatypes whose lexical form pySHACL checks (through rdflib's parsers); others pass by datatype alone.
_WELL_FORMED = {f"{_XSD}{t}" for t in ("date", "dateTime", "time", "integer", "decimal", "float", "boolean")}
#: What a property shape may say besides its constraints.
_NOT_CONSTRAINTS = {
    f"{_SH}path",
    f"{_SH}name",
    f"{_SH}order",
    f"{_SH}description",
    f"{_SH}message",
    f"{_RDFS}comment",
    "https://w3id.org/sozialgraph/shapes#yearMeansEnd",
}


@dataclass(frozen=True)
class Check:
    """One compiled check: a SELECT of ``?x ?c`` (and ``?v`` or ``?n``), for the shapes it stands for.

    ``shapes`` maps a sheet's class to the property shape of that sheet the
    check stands for; a row's ``?c`` names it. ``component`` is the SHACL
    constraint component (``MinCount``, ``Datatype``, …); for a qualified count
    the row's ``?n`` tells ``QualifiedMinCount`` from ``QualifiedMaxCount``.
    """

    component: str
    path: str
    shapes: tuple[tuple[str, object], ...]
    sparql: str
    text: str | None = None
    limits: tuple[int, int] | None = None


def check_dataset(
    store,
    data_graph: str,
    ontology_graph: str,
    locations: Mapping | None = None,
    file: str | None = None,
) -> list[Problem]:
    """Run every compiled check on a dataset's graph in ``store``; return the problems, sorted.

    Parameters
    ----------
    store
        A store (:class:`graph.store.base.Store`) holding the dataset's data in
        the named graph ``data_graph`` and the shipped vocabulary in ``ontology_graph``.
    locations
        ``{entity IRI: (file, row)}`` from the loader, as for :func:`graph.io.validate.validate`.
    file
        The file an entity comes from when ``locations`` does not say (an RDF file
        loaded straight into the store); default ``<graph>``.

    Examples
    --------
    >>> from graph.store.oxigraph import OxigraphStore
    >>> store = OxigraphStore()
    >>> store.update('''INSERT DATA { GRAPH <urn:data> {
    ...     <urn:x:sep> a <https://w3id.org/sozialgraph/ontology#Plan> ;
    ...         <http://purl.org/dc/terms/identifier> "SEP" ;
    ...         <http://www.w3.org/2000/01/rdf-schema#label> "Sozialentwicklungsplan" } }''')
    >>> [str(p) for p in check_dataset(store, "urn:data", "urn:vocabulary")]
    ["<graph> owner: plan 'SEP' has no owner: a value is required"]
    """
    from rdflib import URIRef

    from graph.io.validate import problem_order, shape_problem
    from graph.store.base import Scope

    scope = Scope(default=(data_graph, ontology_graph), named=())
    facts = StoreFacts(store, scope)
    where = dict(locations or {})
    found: set[Problem] = set()
    for check in compiled_checks():
        shape_of = dict(check.shapes)
        result = store.query(check.sparql, scope=scope)
        for row in result.dicts():
            focus, value, shape = row["x"], row.get("v"), shape_of[str(row["c"])]
            component = check.component
            if check.limits is not None:
                component = "QualifiedMinCount" if int(row["n"]) < check.limits[0] else "QualifiedMaxCount"
            if file is not None and focus not in where:
                where[focus] = (file, None)
            found.add(
                shape_problem(component, focus, shape, value, URIRef(check.path), facts, where, check.text)
            )
    return sorted(found, key=problem_order)


def check_view(view, prefix: str, loaded=None) -> list[Problem]:
    """Check every dataset a view (:class:`graph.store.view.GraphView`) asks about.

    On Oxigraph (in memory or a store folder) the compiled checks run on each
    dataset's graph; elsewhere (rdflib's engine, a SPARQL server) the data is
    fetched and checked by pySHACL. ``loaded`` (from ``--data``) names files and rows.
    """
    from graph.store.catalog import ontology_graph_iri

    locations = loaded.locations if loaded is not None else None
    if view.engine != "oxigraph":
        from graph.io.validate import validate

        return validate(view.to_graph(), locations)
    problems: list[Problem] = []
    for dataset in view.datasets:
        problems += check_dataset(view.base, dataset.data_graph, ontology_graph_iri(prefix), locations)
    return problems


class StoreFacts:
    """:class:`graph.io.validate.Facts` asked of a store (each value bound, never pasted)."""

    def __init__(self, store, scope):
        self.store, self.scope = store, scope

    def identifier(self, node):
        rows = self.store.query(
            f"SELECT ?id ?node WHERE {{ ?node <{_DCT_ID}> ?id }} ORDER BY STR(?id) LIMIT 1",
            {"node": node},
            self.scope,
        ).rows
        return rows[0][0] if rows else None

    def values(self, node, path):
        query = "SELECT ?v ?node ?path WHERE { ?node ?path ?v }"
        return [row[0] for row in self.store.query(query, {"node": node, "path": path}, self.scope).rows]

    def ids(self, classes: Iterable) -> list[str]:
        found: list[str] = []
        for kind in classes:
            query = f"SELECT ?id ?kind WHERE {{ ?s <{_RDF}type> ?kind ; <{_DCT_ID}> ?id }}"
            found += [str(row[0]) for row in self.store.query(query, {"kind": kind}, self.scope).rows]
        return found


# --------------------------------------------------------------------------
# compiling


@lru_cache(maxsize=1)
def compiled_checks() -> tuple[Check, ...]:
    """The shapes of ``ontology/shapes.ttl`` as SPARQL checks (compiled once per process).

    Examples
    --------
    >>> sorted({c.component for c in compiled_checks()})
    ['Class', 'Datatype', 'In', 'MaxCount', 'MinCount', 'Node', 'NodeKind', 'Qualified']
    """
    from rdflib import Literal
    from rdflib.collection import Collection

    from graph.namespaces import SH
    from graph.schema import shapes_graph

    g = shapes_graph()
    # (component, path, parameter) -> {class: property shape}
    groups: dict[tuple, dict[str, object]] = {}
    for node_shape, cls in sorted(g.subject_objects(SH.targetClass), key=lambda so: str(so[1])):
        for shape in g.objects(node_shape, SH.property):
            path = str(g.value(shape, SH.path))
            for key, value in g.predicate_objects(shape):
                key = str(key)
                if key in _NOT_CONSTRAINTS or key in (f"{_SH}qualifiedMinCount", f"{_SH}qualifiedMaxCount"):
                    continue
                if key == f"{_SH}minCount":
                    param = ("MinCount", int(value))
                elif key == f"{_SH}maxCount":
                    param = ("MaxCount", int(value))
                elif key == f"{_SH}datatype":
                    param = ("Datatype", str(value))
                elif key == f"{_SH}nodeKind" and value == SH.IRI:
                    param = ("NodeKind", str(value))
                elif key == f"{_SH}class":
                    param = ("Class", str(value))
                elif key == f"{_SH}in":
                    param = ("In", tuple(str(t) for t in Collection(g, value)))
                elif key == f"{_SH}qualifiedValueShape":
                    inner = {str(k) for k in g.predicates(value, None)}
                    if inner != {f"{_SH}in"}:
                        raise ValueError(f"shapes.ttl: a qualified value shape other than sh:in: {inner}")
                    low = g.value(shape, SH.qualifiedMinCount)
                    high = g.value(shape, SH.qualifiedMaxCount)
                    members = tuple(str(t) for t in Collection(g, g.value(value, SH["in"])))
                    param = ("Qualified", (members, int(low or 0), int(high) if high is not None else -1))
                elif key == f"{_SH}node":
                    param = ("Node", _has_values(g, value))
                else:
                    raise ValueError(f"shapes.ttl: the constraint <{key}> is not compiled to a check")
                groups.setdefault((param[0], path, param[1]), {})[str(cls)] = shape
    checks = []
    for (component, path, param), shapes in groups.items():
        classes = " ".join(f"<{c}>" for c in sorted(shapes))
        text = None
        limits = None
        if component == "MinCount":
            sparql = _min_count(path, param, classes)
        elif component == "MaxCount":
            sparql = _violators(
                f"SELECT ?x WHERE {{ ?x <{path}> ?v }} GROUP BY ?x HAVING (COUNT(DISTINCT ?v) > {param})",
                classes,
                value=False,
            )
        elif component == "Datatype":
            ok = f"isLiteral(?v) && sameTerm(datatype(?v), <{param}>)"
            if param in _WELL_FORMED:
                ok += f" && COALESCE(isLiteral(<{param}>(?v)), false)"
            sparql = _violators(f"SELECT ?x ?v WHERE {{ ?x <{path}> ?v FILTER(!({ok})) }}", classes)
        elif component == "NodeKind":
            sparql = _violators(f"SELECT ?x ?v WHERE {{ ?x <{path}> ?v FILTER(!isIRI(?v)) }}", classes)
        elif component == "Class":
            sparql = _violators(
                f"SELECT ?x ?v WHERE {{ ?x <{path}> ?v MINUS {{ ?v {_INSTANCE} <{param}> }} }}", classes
            )
        elif component == "In":
            sparql = _violators(
                f"SELECT ?x ?v WHERE {{ ?x <{path}> ?v FILTER(!({_one_of(param)})) }}", classes
            )
        elif component == "Node":
            text, pattern = param
            sparql = _violators(f"SELECT ?x ?v WHERE {{ ?x <{path}> ?v MINUS {{ {pattern} }} }}", classes)
        else:  # Qualified
            members, low, high = param
            limits = (low, high)
            n = "COUNT(DISTINCT ?v)"
            too_many = f" || {n} > {high}" if high >= 0 else ""
            sparql = (
                f"SELECT ?x ?c ({n} AS ?n) WHERE {{ VALUES ?c {{ {classes} }} ?x {_INSTANCE} ?c "
                f"OPTIONAL {{ ?x <{path}> ?v FILTER({_one_of(members)}) }} }} "
                f"GROUP BY ?x ?c HAVING ({n} < {low}{too_many})"
            )
        checks.append(Check(component, path, tuple(sorted(shapes.items())), sparql, text, limits))
    del Literal
    return tuple(checks)


def _min_count(path: str, count: int, classes: str) -> str:
    if count == 1:
        return f"SELECT ?x ?c WHERE {{ VALUES ?c {{ {classes} }} ?x {_INSTANCE} ?c MINUS {{ ?x <{path}> ?any }} }}"
    return (
        f"SELECT ?x ?c WHERE {{ VALUES ?c {{ {classes} }} ?x {_INSTANCE} ?c OPTIONAL {{ ?x <{path}> ?v }} }} "
        f"GROUP BY ?x ?c HAVING (COUNT(DISTINCT ?v) < {count})"
    )


def _violators(select: str, classes: str, *, value: bool = True) -> str:
    """The focus nodes (and values) a SELECT finds, kept where they are instances of the sheets' classes.

    The violations are found first (usually none), and the class of a node is
    looked up only for them: as an OPTIONAL, which Oxigraph evaluates per row,
    where a join would first list every instance of the classes.
    """
    v = " ?v" if value else ""
    return (
        f"SELECT ?x{v} ?c WHERE {{ {{ {select} }} "
        f"OPTIONAL {{ VALUES ?c {{ {classes} }} ?x {_INSTANCE} ?c }} FILTER(BOUND(?c)) }}"
    )


def _one_of(terms: Iterable[str]) -> str:
    return " || ".join(f"sameTerm(?v, <{t}>)" for t in terms) or "false"


def _has_values(g, node_shape) -> tuple[str, str]:
    """A nested node shape (``sh:node``) made of ``sh:hasValue`` properties: its message and its pattern on ``?v``."""
    from rdflib import Literal

    from graph.namespaces import SH

    patterns, text = [], None
    for prop in g.objects(node_shape, SH.property):
        keys = {str(k) for k in g.predicates(prop, None)} - {f"{_SH}path", f"{_SH}message"}
        if keys != {f"{_SH}hasValue"}:
            raise ValueError(f"shapes.ttl: a nested shape with {sorted(keys)} is not compiled to a check")
        patterns.append(f"?v <{g.value(prop, SH.path)}> <{g.value(prop, SH.hasValue)}> .")
        for message in g.objects(prop, SH.message):
            if isinstance(message, Literal) and text is None:
                text = str(message)
    if text is None or len(patterns) != 1:
        raise ValueError("shapes.ttl: a nested shape needs one sh:hasValue property with a sh:message")
    return text, " ".join(patterns)
