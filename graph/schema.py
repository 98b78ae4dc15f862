"""The workbook schema, read from ``ontology/shapes.ttl`` (the one place it is defined)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection

from graph.files import ontology_file
from graph.namespaces import PROV, RDFS, SH, SKOS, SP, SPS, XSD

__all__ = [
    "Column",
    "Schema",
    "Sheet",
    "label",
    "load_schema",
    "normalise",
    "ontology_graph",
    "shapes_graph",
    "vocabulary_files",
]


def normalise(text: str) -> str:
    """Fold a sheet name, header or choice for matching.

    Examples
    --------
    >>> normalise("  Part_Of ")
    'part of'
    >>> normalise("Teil-von")
    'teil von'
    """
    return re.sub(r"[\s_\-]+", " ", str(text)).strip().casefold()


@dataclass(frozen=True)
class Column:
    """One column of a sheet: how a cell becomes triples."""

    key: str
    header_de: str
    path: URIRef
    required: bool
    single: bool
    kind: str  # text | year | date | iri | ref | enum | source | sdg
    order: int
    datatype: URIRef | None = None
    target: URIRef | None = None
    choices: dict[str, URIRef] = field(default_factory=dict, compare=False, hash=False)
    #: a date column that also takes a bare year, read as the year's last day (an end date)
    year_means_end: bool = False

    @property
    def headers(self) -> tuple[str, str]:
        """The English and German header."""
        return (self.key, self.header_de)


@dataclass(frozen=True)
class Sheet:
    """One sheet of the workbook and the class its rows become."""

    key: str
    name_de: str
    target_class: URIRef
    order: int
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, str]:
        """The English and German sheet name."""
        return (self.key, self.name_de)

    def column(self, key: str) -> Column:
        """The column with English header ``key``."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    def match_column(self, header: str) -> Column | None:
        """The column a (German or English, any case) header names, or None."""
        wanted = normalise(header)
        for col in self.columns:
            if wanted in (normalise(col.key), normalise(col.header_de)):
                return col
        return None


@dataclass(frozen=True)
class Schema:
    """All sheets, in workbook order."""

    sheets: tuple[Sheet, ...]

    def sheet(self, key: str) -> Sheet:
        """The sheet with English name ``key`` (``actors``, ``plans``, …)."""
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    def match_sheet(self, name: str) -> Sheet | None:
        """The sheet a file or tab name (German or English, any case) names."""
        wanted = normalise(name)
        for s in self.sheets:
            if wanted in (normalise(s.key), normalise(s.name_de)):
                return s
        return None

    def sheet_for_class(self, cls: URIRef) -> Sheet | None:
        """The sheet whose rows are of class ``cls``."""
        for s in self.sheets:
            if s.target_class == cls:
                return s
        return None


def _lang(g: Graph, node, prop, lang: str) -> str:
    for value in g.objects(node, prop):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    raise ValueError(f"shapes.ttl: {node} has no {prop} in language {lang!r}")


def _choices(g: Graph, onto: Graph, listnode) -> dict[str, URIRef]:
    out: dict[str, URIRef] = {}
    for term in Collection(g, listnode):
        for prop in (RDFS.label, SKOS.altLabel):
            for label in onto.objects(term, prop):
                out[normalise(label)] = term
    return out


def _column(g: Graph, onto: Graph, node) -> Column:
    path = g.value(node, SH.path)
    datatype = g.value(node, SH.datatype)
    target = g.value(node, SH["class"])
    choices: dict[str, URIRef] = {}
    in_list = g.value(node, SH["in"])
    qualified = g.value(node, SH.qualifiedValueShape)
    if qualified is not None:
        in_list = g.value(qualified, SH["in"])
    if in_list is not None:
        kind, choices = "enum", _choices(g, onto, in_list)
    elif target == PROV.Entity:
        kind = "source"
    elif target is not None:
        kind = "ref"
    elif path == SP.sdg:
        kind = "sdg"
    elif datatype == XSD.gYear:
        kind = "year"
    elif datatype == XSD.date:
        kind = "date"
    elif g.value(node, SH.nodeKind) == SH.IRI:
        kind = "iri"
    else:
        kind = "text"
    min_count = g.value(node, SH.minCount) or g.value(node, SH.qualifiedMinCount)
    max_count = g.value(node, SH.maxCount) or g.value(node, SH.qualifiedMaxCount)
    return Column(
        key=_lang(g, node, SH.name, "en"),
        header_de=_lang(g, node, SH.name, "de"),
        path=path,
        required=bool(min_count and int(min_count) >= 1),
        single=bool(max_count and int(max_count) == 1),
        kind=kind,
        order=int(g.value(node, SH.order)),
        datatype=datatype,
        target=target,
        choices=choices,
        year_means_end=bool(g.value(node, SPS.yearMeansEnd)),
    )


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The shipped vocabulary (:func:`vocabulary_files`), parsed once per process (shared: read it, never change it)."""
    graph = Graph()
    for path in vocabulary_files():
        graph.parse(path, format="turtle")
    return graph


def vocabulary_files() -> list[Path]:
    """The shipped vocabulary: every ``ontology/*.ttl`` but the workbook schema (``shapes.ttl``).

    The ontology and the SDG goals; a store holds them in a graph of their own.

    Examples
    --------
    >>> [p.name for p in vocabulary_files()]
    ['sdg.ttl', 'sozialplattform.ttl']
    """
    return sorted(p for p in ontology_file().parent.glob("*.ttl") if p.name != "shapes.ttl")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The shipped SHACL shapes, parsed once per process (shared: read it, never change it)."""
    return Graph().parse(ontology_file("shapes.ttl"), format="turtle")


def label(term: URIRef, lang: str = "de") -> str | None:
    """The ontology's ``rdfs:label`` of ``term`` in ``lang``, or None.

    Examples
    --------
    >>> from graph.namespaces import SP
    >>> label(SP.Active), label(SP.Department, "en")
    ('aktiv', 'department')
    """
    for value in ontology_graph().objects(term, RDFS.label):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return None


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Read the schema from the shipped ``shapes.ttl`` and ontology (cached).

    Examples
    --------
    >>> schema = load_schema()
    >>> [s.key for s in schema.sheets]
    ['actors', 'themes', 'plans', 'goals', 'instruments', 'events', 'sources']
    >>> schema.sheet("plans").column("owner").header_de
    'Federführung'
    """
    g = shapes_graph()
    onto = ontology_graph()
    sheets = []
    for shape in g.subjects(SH.targetClass, None):
        cols = sorted((_column(g, onto, p) for p in g.objects(shape, SH.property)), key=lambda c: c.order)
        sheets.append(
            Sheet(
                key=_lang(g, shape, RDFS.label, "en"),
                name_de=_lang(g, shape, RDFS.label, "de"),
                target_class=g.value(shape, SH.targetClass),
                order=int(g.value(shape, SH.order)),
                columns=tuple(cols),
            )
        )
    return Schema(tuple(sorted(sheets, key=lambda s: s.order)))
