"""RDF → networkx: the typed network, its views (actors, focus, theme) and GraphML/GEXF export."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from rdflib import URIRef

from graph.prefixes import PREFIXES, SPARQL_PREFIXES
from graph.schema import label as ontology_label
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "ACTOR_KINDS",
    "EDGE_KINDS",
    "EDGE_PROPERTIES",
    "KINDS",
    "VIEWS",
    "build_graph",
    "edge_labels",
]

#: Node kinds in legend order; ``actor`` is an actor without a kind class.
KINDS: tuple[str, ...] = (
    "department",
    "enterprise",
    "external",
    "committee",
    "body",
    "actor",
    "authority",
    "plan",
    "goal",
    "instrument",
    "theme",
    "event",
)
#: The node kinds that are actors (``authority``: a Körperschaft, the municipality as a whole).
ACTOR_KINDS: frozenset[str] = frozenset(KINDS[:7])
#: Edge kinds in priority order (the first wins when two relations join the same
#: ordered pair of nodes) and the property each stands for; their labels are the
#: ontology's (:func:`edge_labels`).
EDGE_PROPERTIES: dict[str, str] = {
    "owns": f"{PREFIXES['sp']}ledBy",
    "partner": f"{PREFIXES['sp']}partner",
    "pursues": f"{PREFIXES['sp']}pursuedBy",
    "states": f"{PREFIXES['sp']}statedIn",
    "serves": f"{PREFIXES['sp']}serves",
    "addresses": f"{PREFIXES['dct']}subject",
    "member": "http://www.w3.org/ns/org#hasMember",
    "part_of": "http://www.w3.org/ns/org#subOrganizationOf",
    "organises": f"{PREFIXES['schema']}organizer",
    "participates": f"{PREFIXES['schema']}attendee",
    "broader": f"{PREFIXES['skos']}broader",
    "subgoal": f"{PREFIXES['sp']}subGoalOf",
    "works_on": f"{PREFIXES['sp']}worksOn",
    "engaged": f"{PREFIXES['sp']}engagedIn",
}
#: Edge kinds in priority order (kept for callers that list them).
EDGE_KINDS: tuple[str, ...] = tuple(EDGE_PROPERTIES)
#: The views :func:`view` draws.
VIEWS: tuple[str, ...] = ("full", "actors", "focus", "theme", "land")

_SP = PREFIXES["sp"]
_CLASS_KIND = {
    f"{_SP}Department": "department",
    f"{_SP}Enterprise": "enterprise",
    f"{_SP}ExternalPartner": "external",
    f"{_SP}Committee": "committee",
    f"{_SP}Body": "body",
    f"{_SP}Actor": "actor",
    f"{_SP}LocalAuthority": "authority",
    f"{_SP}Plan": "plan",
    f"{_SP}Goal": "goal",
    f"{_SP}SteeringInstrument": "instrument",
    f"{_SP}Theme": "theme",
    f"{_SP}Event": "event",
}
_KIND_CLASS = {kind: iri for iri, kind in _CLASS_KIND.items()}

_PREFIXES = SPARQL_PREFIXES

#: Every typed entity with its class, id, names, description and source labels
#: (one row per combination; folded in Python).
NODES_QUERY = (
    _PREFIXES
    + """
SELECT ?node ?class ?id ?label ?prefLabel ?description ?sourceLabel ?source WHERE {
  VALUES ?class { sp:Department sp:Enterprise sp:ExternalPartner sp:Committee sp:Body sp:Actor
                  sp:LocalAuthority sp:Plan sp:Goal sp:SteeringInstrument sp:Theme sp:Event }
  ?node a ?class .
  OPTIONAL { ?node dct:identifier ?id }
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node skos:prefLabel ?prefLabel }
  OPTIONAL { ?node dct:description ?description }
  OPTIONAL { ?node prov:wasDerivedFrom ?source OPTIONAL { ?source rdfs:label ?sourceLabel } }
}
"""
)

#: The typed relations, subject → object, each tagged with its edge kind.
EDGES_QUERY = (
    _PREFIXES
    + """
SELECT ?s ?kind ?o WHERE {
  { ?s sp:ledBy ?o . BIND("owns" AS ?kind) }
  UNION { ?s sp:partner ?o . BIND("partner" AS ?kind) }
  UNION { ?s sp:pursuedBy ?o . BIND("pursues" AS ?kind) }
  UNION { ?s sp:statedIn ?o . BIND("states" AS ?kind) }
  UNION { ?s sp:serves ?o . BIND("serves" AS ?kind) }
  UNION { ?s dct:subject ?o . BIND("addresses" AS ?kind) }
  UNION { ?s org:hasMember ?o . BIND("member" AS ?kind) }
  UNION { ?s org:subOrganizationOf ?o . BIND("part_of" AS ?kind) }
  UNION { ?s schema:organizer ?o . BIND("organises" AS ?kind) }
  UNION { ?s schema:attendee ?o . BIND("participates" AS ?kind) }
  UNION { ?s skos:broader ?o . BIND("broader" AS ?kind) }
  UNION { ?s sp:subGoalOf ?o . BIND("subgoal" AS ?kind) }
}
"""
)

#: The derived relations an actor has with goals and themes, with the route's label
#: (rules in graph/analysis/rules/: sp:worksOn and its routes, sp:engagedIn), from
#: the derived graphs that count.
DERIVED_QUERY = (
    _PREFIXES
    + """
SELECT DISTINCT ?actor ?item ?kind ?route WHERE {
  {
    GRAPH ?vocabulary { ?route rdfs:subPropertyOf sp:worksOn }
    GRAPH ?d { ?actor ?route ?item }
    BIND("works_on" AS ?kind)
  }
  UNION { GRAPH ?d { ?actor sp:engagedIn ?item } BIND(sp:engagedIn AS ?route) BIND("engaged" AS ?kind) }
}
"""
)


@lru_cache(maxsize=2)
def type_labels(lang: str = "de") -> dict[str, str]:
    """The label of every node kind, read from the ontology (``rdfs:label``)."""
    return {kind: ontology_label(URIRef(iri), lang) or kind for kind, iri in _KIND_CLASS.items()}


@lru_cache(maxsize=2)
def edge_labels(lang: str = "de") -> dict[str, str]:
    """The label of every edge kind: the ontology's ``rdfs:label`` of its property."""
    return {kind: ontology_label(URIRef(iri), lang) or kind for kind, iri in EDGE_PROPERTIES.items()}


def _pick(values: set) -> str:
    """One text of several literals: German first, then untagged, then the smallest."""

    def key(lit) -> tuple:
        lang = getattr(lit, "language", None)
        return (0 if lang == "de" else 1 if not lang else 2, str(lit))

    return str(min(values, key=key)) if values else ""


def _tail(iri: str) -> str:
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def _nodes_query(kinds: frozenset[str] | None) -> str:
    """:data:`NODES_QUERY`, for the node kinds ``kinds`` only (None: all)."""
    if kinds is None:
        return NODES_QUERY
    classes = " ".join(f"<{iri}>" for iri, kind in _CLASS_KIND.items() if kind in kinds or kind == "actor")
    head, _, rest = NODES_QUERY.partition("VALUES ?class {")
    return head + "VALUES ?class { " + classes + rest[rest.index("}") :]


def _edges_query(edges: frozenset[str] | None) -> str:
    """:data:`EDGES_QUERY`, for the edge kinds ``edges`` only (None: all)."""
    if edges is None:
        return EDGES_QUERY
    head, _, body = EDGES_QUERY.partition("WHERE {")
    parts = [p.strip() for p in body.rsplit("}", 1)[0].split("UNION")]
    kept = [p for p in parts if any(f'BIND("{k}" AS ?kind)' in p for k in edges)]
    return head + "WHERE {\n  " + "\n  UNION ".join(kept) + "\n}\n"


def build_graph(
    store: Store,
    *,
    kinds: frozenset[str] | None = None,
    edges: frozenset[str] | None = None,
    derived: bool = True,
) -> nx.DiGraph:
    """The full typed network of a store: entities as nodes, typed relations as edges.

    Two SPARQL queries (:data:`NODES_QUERY`, :data:`EDGES_QUERY`), so it runs on
    every engine and scales to large stores. Nodes are keyed by IRI and carry
    ``id``, ``label``, ``kind``, ``type_label``, ``description``, ``source`` and
    ``iri``; edges carry ``kind`` and ``label``. Relations to untyped resources are
    left out. Nodes and edges are added in a fixed order (kind, id, IRI).
    ``kinds`` and ``edges`` keep only these node and edge kinds (faster on large
    stores: the actors view needs actors and their ``part_of`` and member links);
    ``derived=False`` leaves out the derived relations (``G.graph["derived"]``),
    which only the actors and theme views read.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from graph.store import OxigraphStore
    >>> ttl = '''@prefix sp: <https://w3id.org/sozialgraph/ontology#> .
    ... @prefix dct: <http://purl.org/dc/terms/> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <urn:a> a sp:Actor, sp:Department ; dct:identifier "FB 56" ; rdfs:label "Soziales" .
    ... <urn:p> a sp:Plan ; dct:identifier "SEP" ; rdfs:label "Sozialplan" ; sp:ledBy <urn:a> .'''
    >>> store = OxigraphStore()
    >>> store.add_graph(Graph().parse(data=ttl, format="turtle"))
    >>> G = build_graph(store)
    >>> G.nodes["urn:a"]["kind"], G.nodes["urn:a"]["type_label"]
    ('department', 'Fachbereich')
    >>> G.edges["urn:p", "urn:a"]
    {'kind': 'owns', 'label': 'Federführung'}
    """
    import networkx as nx

    rank = {k: i for i, k in enumerate(KINDS)}
    facts: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for node, cls, ident, label, pref, desc, src_label, src in store.query(_nodes_query(kinds)).rows:
        f = facts[str(node)]
        f["kind"].add(_CLASS_KIND[str(cls)])
        for name, value in (("id", ident), ("label", label), ("pref", pref), ("desc", desc)):
            if value is not None:
                f[name].add(value)
        if src is not None:
            f["source"].add(str(src_label) if src_label is not None else _tail(str(src)))
    labels = type_labels()
    nodes = []
    for iri, f in facts.items():
        kinds = f["kind"] - {"actor"} or f["kind"]
        kind = min(kinds, key=rank.__getitem__)
        ident = _pick(f["id"]) or _tail(iri)
        label = _pick(f["pref"] if kind == "theme" and f["pref"] else f["label"] or f["pref"]) or ident
        attrs = {
            "id": ident,
            "label": label,
            "kind": kind,
            "type_label": labels[kind],
            "description": _pick(f["desc"]),
            "source": "; ".join(sorted(f["source"])),
            "iri": iri,
        }
        nodes.append(((rank[kind], ident, iri), iri, attrs))
    nodes.sort()
    order = {iri: i for i, (_, iri, _) in enumerate(nodes)}
    G = nx.DiGraph(view="full")
    G.add_nodes_from((iri, attrs) for _, iri, attrs in nodes)
    edge_rank = {k: i for i, k in enumerate(EDGE_KINDS)}
    best: dict[tuple[str, str], str] = {}
    for s, kind, o in store.select_values(_edges_query(edges))[1]:  # IRIs and words: plain values
        u, v, k = str(s), str(o), str(kind)
        if u in order and v in order and u != v:
            if (u, v) not in best or edge_rank[k] < edge_rank[best[(u, v)]]:
                best[(u, v)] = k
    labels = edge_labels()
    for (u, v), k in sorted(best.items(), key=lambda e: (order[e[0][0]], order[e[0][1]])):
        G.add_edge(u, v, kind=k, label=labels[k])
    G.graph["derived"] = derived_relations(store, G) if derived else {}
    return G


def derived_relations(store: Store, G: nx.Graph) -> dict[tuple[str, str], dict[str, list[str]]]:
    """``{(actor, goal or theme): {"works_on" | "engaged": [route labels]}}`` from the derived graphs that count.

    The relations are the rules' (:mod:`graph.analysis.rules`), read with
    :data:`DERIVED_QUERY`; only pairs of an actor and a goal or theme of ``G``.
    """
    routes: dict[str, str] = {}
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    for actor, item, kind, route in store.select_values(DERIVED_QUERY)[1]:
        a, i = str(actor), str(item)
        if a not in G or i not in G or G.nodes[a]["kind"] not in ACTOR_KINDS:
            continue
        if G.nodes[i]["kind"] not in ("goal", "theme"):
            continue
        label = routes.get(str(route)) or routes.setdefault(
            str(route), ontology_label(URIRef(str(route)), "de") or _tail(str(route))
        )
        out.setdefault((a, i), {}).setdefault(str(kind), []).append(label)
    for kinds in out.values():
        for key in kinds:
            kinds[key] = sorted(set(kinds[key]), key=str.casefold)
    return dict(sorted(out.items()))
