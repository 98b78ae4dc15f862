"""What a store holds: its datasets, each in a named graph, and the derived graphs of their rules.

A store's catalogue graph (:data:`GRAPHS`, or the prefix an endpoint is given)
describes every dataset: its name, where it was loaded from and when, its data
graph and its derived graphs, each with the status (and end date) of the plans
and instruments that carry its relations. Commands read the catalogue to know
which graphs a query may see; nothing else in a store is trusted to be complete.
Graph IRIs are built from a dataset's name, which is a slug (``[a-z0-9-]``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.errors import UsageError
from graph.prefixes import NAMESPACES
from graph.store.base import Quad, Scope, Store

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import URIRef

__all__ = [
    "DATASET_NS",
    "GRAPHS",
    "DatasetInfo",
    "Partition",
    "catalog_quads",
    "data_graph",
    "dataset_name",
    "derived_prefix",
    "ontology_graph_iri",
    "read_catalog",
]

#: The catalogue graph of a store; dataset graphs are named below it.
GRAPHS = "https://w3id.org/sozialgraph/graph"
#: Namespace of the IRIs that describe datasets in the catalogue.
DATASET_NS = "https://w3id.org/sozialgraph/dataset/"

_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


def dataset_name(text: str) -> str:
    """The dataset name (a slug) for a name a user gives, or raise :class:`UsageError`.

    Examples
    --------
    >>> dataset_name("Köln 2024")
    'koeln-2024'
    >>> dataset_name("  ")
    Traceback (most recent call last):
    ...
    graph.errors.UsageError: a dataset name needs letters or digits, not '  '
    """
    ascii_text = unicodedata.normalize("NFKD", str(text).translate(_TRANSLIT)).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.decode().lower()).strip("-")[:64].strip("-")
    if not _NAME.fullmatch(slug):
        raise UsageError(f"a dataset name needs letters or digits, not {text!r}")
    return slug


def data_graph(prefix: str, name: str, version: str = "") -> str:
    """The named graph of a dataset's data (``version`` tells loads apart on a server)."""
    return f"{prefix}/{dataset_name(name)}" + (f"/{version}" if version else "")


def derived_prefix(graph_iri: str) -> str:
    """The prefix of the derived graphs of the dataset whose data graph is ``graph_iri``."""
    return f"{graph_iri}/derived"


def ontology_graph_iri(prefix: str = GRAPHS) -> str:
    """The named graph that holds the shipped ontology (labels, sub-properties) in a store."""
    return f"{prefix}/ontology"


@dataclass(frozen=True)
class Partition:
    """A derived graph: the relations carried by plans and instruments of one status (and end).

    ``status`` is a status key (``active``, ``planned``, ``proposed``, ``ended``),
    or None for the relations nothing carries (they always count); ``end`` the
    last day of the carriers, if they have one.
    """

    graph: str
    status: str | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class DatasetInfo:
    """One dataset of a store, as its catalogue entry describes it."""

    name: str
    data_graph: str
    partitions: tuple[Partition, ...] = ()
    title: str = ""
    source: str = ""
    loaded: str = ""
    triples: int = 0
    base: str = ""
    rules_version: str = ""

    @property
    def iri(self) -> URIRef:
        """The IRI that describes the dataset in the catalogue."""
        from rdflib import URIRef

        return URIRef(DATASET_NS + self.name)


_SP, _DCT, _VOID = NAMESPACES["sp"], NAMESPACES["dct"], NAMESPACES["void"]
_STATUS_KEYS = {key: f"{_SP}{key.title()}" for key in ("active", "planned", "proposed", "ended")}
_KEY_OF = {v: k for k, v in _STATUS_KEYS.items()}


def catalog_quads(info: DatasetInfo, catalogue: str = GRAPHS) -> list[Quad]:
    """The catalogue entry of a dataset, as quads in the catalogue graph."""
    from rdflib import Literal, URIRef

    from graph.namespaces import DCAT, DCTERMS, RDF, SP, VOID, XSD

    d = info.iri
    quads: list[Quad] = [
        (d, RDF.type, DCAT.Dataset, catalogue),
        (d, DCTERMS.identifier, Literal(info.name), catalogue),
        (d, SP.dataGraph, URIRef(info.data_graph), catalogue),
        (d, VOID.triples, Literal(info.triples, datatype=XSD.integer), catalogue),
    ]
    for prop, value in (
        (DCTERMS.title, info.title),
        (DCTERMS.source, info.source),
        (SP.entityBase, info.base),
        (SP.rulesVersion, info.rules_version),
    ):
        if value:
            quads.append((d, prop, Literal(value), catalogue))
    if info.loaded:
        quads.append((d, DCTERMS.modified, Literal(info.loaded, datatype=XSD.dateTime), catalogue))
    for part in info.partitions:
        g = URIRef(part.graph)
        quads.append((d, SP.derivedGraph, g, catalogue))
        if part.status:
            quads.append((g, SP.carrierStatus, URIRef(_STATUS_KEYS[part.status]), catalogue))
        if part.end:
            quads.append((g, SP.carrierEnd, Literal(part.end.isoformat(), datatype=XSD.date), catalogue))
    return quads


#: Two plain patterns (no OPTIONAL): a server's cost estimate stays small however much it holds.
_DATASETS = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?d ?p ?o WHERE { ?d a dcat:Dataset ; ?p ?o }
"""
_PARTS = """
PREFIX sp: <https://w3id.org/sozialgraph/ontology#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?part ?p ?o WHERE { ?d a dcat:Dataset ; sp:derivedGraph ?part . ?part ?p ?o }
"""


def read_catalog(store: Store, catalogue: str = GRAPHS) -> list[DatasetInfo]:
    """The datasets a store's catalogue lists, sorted by name."""
    scope = Scope(default=(catalogue,), named=())
    facts: dict[str, dict[str, list]] = {}
    for d, p, o in store.select_values(_DATASETS, scope=scope)[1]:
        facts.setdefault(d, {}).setdefault(p, []).append(o)
    parts: dict[str, dict[str, list]] = {}
    for part, p, o in store.select_values(_PARTS, scope=scope)[1]:
        parts.setdefault(part, {}).setdefault(p, []).append(o)

    def one(values: dict, prop: str, default=None):
        found = values.get(prop)
        return found[0] if found else default

    out = []
    for values in facts.values():
        name, graph = one(values, _DCT + "identifier"), one(values, _SP + "dataGraph")
        if name is None or graph is None:
            continue
        partitions = []
        for part in values.get(_SP + "derivedGraph", []):
            about = parts.get(part, {})
            status = one(about, _SP + "carrierStatus")
            end = one(about, _SP + "carrierEnd")
            partitions.append(
                Partition(
                    str(part),
                    _KEY_OF.get(str(status)) if status is not None else None,
                    dt.date.fromisoformat(str(end)) if end is not None else None,
                )
            )
        triples = one(values, _VOID + "triples")
        out.append(
            DatasetInfo(
                name=str(name),
                data_graph=str(graph),
                partitions=tuple(sorted(partitions, key=lambda p: p.graph)),
                title=str(one(values, _DCT + "title", "")),
                source=str(one(values, _DCT + "source", "")),
                loaded=str(one(values, _DCT + "modified", "")),
                triples=int(triples) if triples is not None else 0,
                base=str(one(values, _SP + "entityBase", "")),
                rules_version=str(one(values, _SP + "rulesVersion", "")),
            )
        )
    return sorted(out, key=lambda d: d.name)
