"""Checking a graph against the workbook schema (SHACL), problems reported as sheet/row/column."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol
from urllib.parse import unquote

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graph.errors import Problem, did_you_mean
from graph.namespaces import DCTERMS, RDF, RDFS, SH, SP
from graph.schema import load_schema, normalise, ontology_graph, shapes_graph

__all__ = ["Facts", "GraphFacts", "classes_of", "problem_order", "shape_problem", "validate"]

#: Writes a datatype's IRI short (``xsd:gYear``), as rdflib's default prefixes do.
_NAMES = Graph().namespace_manager


def validate(graph: Graph, locations: Mapping[URIRef, tuple[str, int | None]] | None = None) -> list[Problem]:
    """Validate ``graph`` against ``ontology/shapes.ttl``; the graph is not changed.

    Parameters
    ----------
    graph
        The data, e.g. ``read_dataset(...).graph`` or a store's ``to_graph()``.
    locations
        ``{entity IRI: (file, row)}`` from the loader. A problem of an entity
        with a location names that file, row and the column header in the
        sheet's language; otherwise the file is ``<graph>``, the row None and the
        column the English header. The message always names the entity.

    Returns
    -------
    list[Problem]
        Empty when the graph conforms.

    Examples
    --------
    >>> from rdflib import Graph
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sp: <https://w3id.org/sozialgraph/ontology#> .
    ...     <urn:x:sep> a sp:Plan ; <http://purl.org/dc/terms/identifier> "SEP" ;
    ...         <http://www.w3.org/2000/01/rdf-schema#label> "Sozialentwicklungsplan" .
    ... ''')
    >>> [str(p) for p in validate(g)]
    ["<graph> owner: plan 'SEP' has no owner: a value is required"]
    """
    import pyshacl

    shapes = shapes_graph()
    vocabulary = ontology_graph()
    data = graph
    named = {o for o in graph.objects(None, SP.sdg) if isinstance(o, URIRef)}
    if named:  # the SDG goals and targets a dataset names are the shipped vocabulary's, not its own triples
        data = Graph()
        data += graph
        for iri in named:
            data += vocabulary.triples((iri, None, None))
    _, results, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=vocabulary,
        inference="none",
        inplace=False,
        allow_warnings=True,
        do_owl_imports=False,
    )
    facts = GraphFacts(graph)
    problems = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(result, SH.resultSeverity) != SH.Violation or (None, SH.detail, result) in results:
            continue  # a detail (of sh:node) is reported through the result it explains
        component = results.value(result, SH.sourceConstraintComponent)
        local = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        text = results.value(result, SH.resultMessage)
        if local == "Node":  # the nested shape's own message says what is wrong
            details = [results.value(d, SH.resultMessage) for d in results.objects(result, SH.detail)]
            text = next((d for d in details if d is not None), text)
        problems.add(
            shape_problem(
                local,
                results.value(result, SH.focusNode),
                results.value(result, SH.sourceShape),
                results.value(result, SH.value),
                results.value(result, SH.resultPath),
                facts,
                locations or {},
                text,
            )
        )
    return sorted(problems, key=problem_order)


def problem_order(problem: Problem) -> tuple:
    """How problems are listed: by file, row, column and message."""
    return (problem.file, problem.row or 0, problem.column or "", problem.message)


class Facts(Protocol):
    """What a problem's wording needs to know about the data."""

    def identifier(self, node: Node) -> Node | None:
        """The node's ``dct:identifier`` (the first, if it has several)."""

    def values(self, node: Node, path: Node) -> list[Node]:
        """Every value of ``path`` on ``node``."""

    def ids(self, classes: list[URIRef]) -> list[str]:
        """The ids of the instances of ``classes`` (for "did you mean")."""


class GraphFacts:
    """:class:`Facts` read from an rdflib graph."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def identifier(self, node: Node) -> Node | None:
        found = sorted(self.graph.objects(node, DCTERMS.identifier), key=str)
        return found[0] if found else None

    def values(self, node: Node, path: Node) -> list[Node]:
        return list(self.graph.objects(node, path))

    def ids(self, classes: list[URIRef]) -> list[str]:
        graph = self.graph
        return [
            str(i)
            for kind in classes
            for s in graph.subjects(RDF.type, kind)
            for i in graph.objects(s, DCTERMS.identifier)
        ]


def shape_problem(
    component: str,
    focus: Node | None,
    shape: Node | None,
    value: Node | None,
    path: Node | None,
    facts: Facts,
    locations: Mapping,
    text: Node | str | None = None,
) -> Problem:
    """One violation as a planner reads it: file, row, the column as headed, and what is wrong.

    ``component`` is the local name of the SHACL constraint component
    (``MinCount``, ``Datatype``, …), ``shape`` the property shape of the column,
    ``text`` the message of a nested shape (``Node``).
    """
    shapes = shapes_graph()
    file, row = locations.get(focus, ("<graph>", None))
    sheet = _sheet_of(shapes, shape)
    lang = "en"
    if row is not None and sheet is not None and _sheet_name_is_german(file, sheet):
        lang = "de"
    column = _name(shapes, shape, lang) or (str(path) if path is not None else None)
    column_en = _name(shapes, shape, "en") or column or "value"
    who = _who(facts, focus, sheet)
    if component in ("MinCount", "QualifiedMinCount"):
        message = f"{who} has no {column_en}: a value is required"
    elif component in ("MaxCount", "QualifiedMaxCount"):
        found = sorted(_show(o) for o in facts.values(focus, path)) if path is not None else []
        message = f"{who}: only one {column_en} allowed, found {len(found)}: {', '.join(found)}"
    elif component == "Class":
        message = f"{who}: {_unknown(facts, shapes, shape, value)}"
    elif component == "Datatype":
        datatype = shapes.value(shape, SH.datatype)
        message = f"{who}: {_show(value)} is not a valid {_NAMES.normalizeUri(datatype)}"
    elif component == "NodeKind":
        message = f"{who}: {_show(value)} must be an IRI"
    elif component == "In":
        message = f"{who}: {_show(value)} is not an allowed {column_en}"
    else:
        message = f"{who}: {text or component}" + (f" ({_show(value)})" if value is not None else "")
    return Problem(file, row, column, message)


def _sheet_of(shapes: Graph, prop_shape: Node | None):
    """The schema sheet whose node shape holds this property shape."""
    if prop_shape is None:
        return None
    node_shape = shapes.value(None, SH.property, prop_shape)
    cls = shapes.value(node_shape, SH.targetClass) if node_shape is not None else None
    return load_schema().sheet_for_class(cls) if cls is not None else None


def _sheet_name_is_german(file: str, sheet) -> bool:
    """Whether the file or workbook tab is named with the German sheet name."""
    name = file
    if name.endswith("]") and " [" in name:
        name = name[name.rindex(" [") + 2 : -1]
    else:
        name = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return normalise(name) == normalise(sheet.name_de) != normalise(sheet.key)


def _name(shapes: Graph, shape: Node | None, lang: str) -> str | None:
    if shape is None:
        return None
    for name in shapes.objects(shape, SH.name):
        if isinstance(name, Literal) and name.language == lang:
            return str(name)
    return None


def _who(facts: Facts, focus: Node | None, sheet) -> str:
    noun = sheet.key[:-1] if sheet is not None else "entity"
    ident = facts.identifier(focus) if focus is not None else None
    if ident is not None:
        return f"{noun} {str(ident)!r}"
    return f"{noun} {_show(focus)}"


def _show(term: Node | None) -> str:
    if isinstance(term, Literal):
        return repr(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return f"<{term}>"


def _unknown(facts: Facts, shapes: Graph, shape: Node | None, value: Node | None) -> str:
    """Message for a reference to something that is not of the expected class."""
    cls = shapes.value(shape, SH["class"]) if shape is not None else None
    target = load_schema().sheet_for_class(cls) if cls is not None else None
    if target is None:
        label = ontology_graph().value(cls, RDFS.label) or cls
        return f"{_show(value)} is not a {label}"
    noun = target.key[:-1]
    text = str(value)
    marker = f"/{target.key}/"
    if isinstance(value, URIRef) and marker in text:
        ident = unquote(text.rsplit(marker, 1)[1])
        return f"no {noun} with id {ident!r}{did_you_mean(ident, facts.ids(classes_of(cls)))}"
    return f"no {noun} {_show(value)}"


def classes_of(cls: URIRef) -> list[URIRef]:
    """``cls`` and its subclasses in the ontology."""
    return list(dict.fromkeys([cls, *ontology_graph().transitive_subjects(RDFS.subClassOf, cls)]))
