"""RDF → networkx: the typed network, its views (actors, focus, theme) and GraphML/GEXF export."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING
from urllib.parse import unquote

from rdflib import URIRef

from graph.errors import QueryError, did_you_mean
from graph.namespaces import PREFIXES
from graph.schema import label as ontology_label
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "ACTOR_KINDS",
    "EDGE_KINDS",
    "KINDS",
    "VIEWS",
    "build_graph",
    "resolve_node",
    "view",
    "works_on",
]

#: Node kinds in legend order; ``actor`` is an actor without a kind class.
KINDS: tuple[str, ...] = (
    "department",
    "enterprise",
    "external",
    "committee",
    "body",
    "actor",
    "plan",
    "goal",
    "instrument",
    "theme",
    "event",
)
#: The node kinds that are actors.
ACTOR_KINDS: frozenset[str] = frozenset(KINDS[:6])
#: Edge kinds and their German label, in priority order (the first wins when two
#: relations join the same ordered pair of nodes).
EDGE_KINDS: dict[str, str] = {
    "owns": "federführend",
    "partner": "beteiligt",
    "pursues": "verfolgt",
    "states": "steht in",
    "serves": "dient",
    "addresses": "Thema",
    "member": "Mitglied",
    "part_of": "Teil von",
    "organises": "organisiert",
    "participates": "nimmt teil",
    "broader": "Oberthema",
    "subgoal": "Teilziel von",
}
#: The views :func:`view` draws.
VIEWS: tuple[str, ...] = ("full", "actors", "focus", "theme")

_SP = PREFIXES["sp"]
_CLASS_KIND = {
    f"{_SP}Department": "department",
    f"{_SP}Enterprise": "enterprise",
    f"{_SP}ExternalPartner": "external",
    f"{_SP}Committee": "committee",
    f"{_SP}Body": "body",
    f"{_SP}Actor": "actor",
    f"{_SP}Plan": "plan",
    f"{_SP}Goal": "goal",
    f"{_SP}SteeringInstrument": "instrument",
    f"{_SP}Theme": "theme",
    f"{_SP}Event": "event",
}
_KIND_CLASS = {kind: iri for iri, kind in _CLASS_KIND.items()}

_PREFIXES = "\n".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items())

#: Every typed entity with its class, id, names, description and source labels
#: (one row per combination; folded in Python).
NODES_QUERY = (
    _PREFIXES
    + """
SELECT ?node ?class ?id ?label ?prefLabel ?description ?sourceLabel ?source WHERE {
  VALUES ?class { sp:Department sp:Enterprise sp:ExternalPartner sp:Committee sp:Body sp:Actor
                  sp:Plan sp:Goal sp:SteeringInstrument sp:Theme sp:Event }
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

#: "Works on": (actor, goal) and (actor, theme) pairs. An actor works on a goal it
#: pursues, that a plan it leads or partners states, or that an instrument it leads
#: serves; on a theme that is the subject of such a goal, of a plan it leads or
#: partners, or of an instrument it leads. A flat UNION of basic graph patterns:
#: Oxigraph 0.5 joins a pattern with a UNION group by nested loops (minutes on 1M triples).
WORKS_ON_QUERY = (
    _PREFIXES
    + """
SELECT DISTINCT ?actor ?item WHERE {
  { ?item a sp:Goal ; sp:pursuedBy ?actor }
  UNION { ?item a sp:Goal ; sp:statedIn ?plan . ?plan a sp:Plan ; sp:ledBy|sp:partner ?actor }
  UNION { ?item a sp:Goal . ?inst sp:serves ?item ; a sp:SteeringInstrument ; sp:ledBy ?actor }
  UNION { ?item a sp:Theme . ?goal dct:subject ?item ; a sp:Goal ; sp:pursuedBy ?actor }
  UNION { ?item a sp:Theme . ?goal dct:subject ?item ; a sp:Goal ; sp:statedIn ?plan .
          ?plan a sp:Plan ; sp:ledBy|sp:partner ?actor }
  UNION { ?item a sp:Theme . ?goal dct:subject ?item ; a sp:Goal .
          ?inst sp:serves ?goal ; a sp:SteeringInstrument ; sp:ledBy ?actor }
  UNION { ?item a sp:Theme . ?plan dct:subject ?item ; a sp:Plan ; sp:ledBy|sp:partner ?actor }
  UNION { ?item a sp:Theme . ?inst dct:subject ?item ; a sp:SteeringInstrument ; sp:ledBy ?actor }
}
"""
)


@lru_cache(maxsize=2)
def type_labels(lang: str = "de") -> dict[str, str]:
    """The label of every node kind in ``lang``, read from the ontology (``rdfs:label``)."""
    return {kind: ontology_label(URIRef(iri), lang) or kind for kind, iri in _KIND_CLASS.items()}


def _pick(values: set) -> str:
    """One text of several literals: German first, then untagged, then the smallest."""

    def key(lit) -> tuple:
        lang = getattr(lit, "language", None)
        return (0 if lang == "de" else 1 if not lang else 2, str(lit))

    return str(min(values, key=key)) if values else ""


def _tail(iri: str) -> str:
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def build_graph(store: Store) -> nx.DiGraph:
    """The full typed network of a store: entities as nodes, typed relations as edges.

    Two SPARQL queries (:data:`NODES_QUERY`, :data:`EDGES_QUERY`), so it runs on
    every engine and scales to large stores. Nodes are keyed by IRI and carry
    ``id``, ``label``, ``kind``, ``type_label``, ``description``, ``source`` and
    ``iri``; edges carry ``kind`` and ``label``. Relations to untyped resources are
    left out. Nodes and edges are added in a fixed order (kind, id, IRI).

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
    {'kind': 'owns', 'label': 'federführend'}
    """
    import networkx as nx

    rank = {k: i for i, k in enumerate(KINDS)}
    facts: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for node, cls, ident, label, pref, desc, src_label, src in store.query(NODES_QUERY).rows:
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
    for s, kind, o in store.query(EDGES_QUERY).rows:
        u, v, k = str(s), str(o), str(kind)
        if u in order and v in order and u != v:
            if (u, v) not in best or edge_rank[k] < edge_rank[best[(u, v)]]:
                best[(u, v)] = k
    for (u, v), k in sorted(best.items(), key=lambda e: (order[e[0][0]], order[e[0][1]])):
        G.add_edge(u, v, kind=k, label=EDGE_KINDS[k])
    return G


# --------------------------------------------------------------------------
# works on, and the actors projection


def works_on(source: Store | nx.Graph, G: nx.Graph | None = None) -> set[tuple[str, str]]:
    """The (actor IRI, goal or theme IRI) pairs of the "works on" rule.

    From a store by one SPARQL query (:data:`WORKS_ON_QUERY`), or from a full
    graph of :func:`build_graph` by walking its typed edges; both give the same
    pairs. ``G`` (the full graph) restricts the store's answer to its nodes.
    """
    if isinstance(source, Store):
        G = G if G is not None else build_graph(source)
        pairs = {(str(a), str(i)) for a, i in source.query(WORKS_ON_QUERY).rows}
        return {
            (a, i)
            for a, i in pairs
            if a in G
            and i in G
            and G.nodes[a]["kind"] in ACTOR_KINDS
            and G.nodes[i]["kind"] in {"goal", "theme"}
        }
    return _works_on_graph(source)


def _works_on_graph(G: nx.Graph) -> set[tuple[str, str]]:
    def out(n: str, *kinds: str) -> list[str]:
        return [v for v in G.successors(n) if G.edges[n, v]["kind"] in kinds]

    def inn(n: str, *kinds: str) -> list[str]:
        return [u for u in G.predecessors(n) if G.edges[u, n]["kind"] in kinds]

    def kind(n: str) -> str:
        return G.nodes[n]["kind"]

    def goal_actors(goal: str) -> set[str]:
        actors = set(out(goal, "pursues"))
        actors.update(a for p in out(goal, "states") if kind(p) == "plan" for a in out(p, "owns", "partner"))
        actors.update(a for i in inn(goal, "serves") if kind(i) == "instrument" for a in out(i, "owns"))
        return actors

    pairs: set[tuple[str, str]] = set()
    for n, attrs in G.nodes(data=True):
        if attrs["kind"] == "goal":
            pairs.update((a, n) for a in goal_actors(n))
        elif attrs["kind"] == "theme":
            for x in inn(n, "addresses"):
                if kind(x) == "goal":
                    pairs.update((a, n) for a in goal_actors(x))
                elif kind(x) == "plan":
                    pairs.update((a, n) for a in out(x, "owns", "partner"))
                elif kind(x) == "instrument":
                    pairs.update((a, n) for a in out(x, "owns"))
    return {(a, i) for a, i in pairs if kind(a) in ACTOR_KINDS}


def _actors_projection(full: nx.DiGraph, pairs: set[tuple[str, str]]) -> nx.Graph:
    import networkx as nx

    P = nx.Graph(view="actors")
    P.add_nodes_from((n, dict(d)) for n, d in full.nodes(data=True) if d["kind"] in ACTOR_KINDS)
    order = {n: i for i, n in enumerate(P)}
    actors_of: dict[str, set[str]] = defaultdict(set)
    for actor, item in pairs:
        actors_of[item].add(actor)
    # items in label order, so every pair's lists come out sorted
    labelled = sorted(((full.nodes[i]["label"], i) for i in actors_of), key=lambda x: (x[0].casefold(), x[0]))
    shared: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for label, item in labelled:
        slot = 0 if full.nodes[item]["kind"] == "goal" else 1
        for pair in combinations(sorted(actors_of[item], key=order.__getitem__), 2):
            lists = shared.get(pair)
            if lists is None:
                lists = shared[pair] = ([], [])
            lists[slot].append(label)
    for (a, b), (goals, themes) in sorted(shared.items(), key=lambda e: (order[e[0][0]], order[e[0][1]])):
        w = len(goals) + len(themes)
        lines = [f"Gemeinsame Ziele: {'; '.join(goals)}"] * bool(goals)
        lines += [f"Gemeinsame Themen: {'; '.join(themes)}"] * bool(themes)
        label = "1 gemeinsames Ziel/Thema" if w == 1 else f"{w} gemeinsame Ziele/Themen"
        P.add_edge(
            a, b, kind="shares", weight=w, goals=goals, themes=themes, label=label, title="\n".join(lines)
        )
    return P


# --------------------------------------------------------------------------
# views


def resolve_node(G: nx.Graph, ref: str, *, kinds: Iterable[str] | None = None, what: str = "node") -> str:
    """The node a user names: by dataset id (``FB 56``), ``kind:id`` (``theme:armut``) or IRI.

    An id shared by nodes of several kinds names the actor. ``kinds`` limits the
    candidates. Unknown or ambiguous references raise :class:`QueryError`.
    """
    allowed = set(kinds) if kinds is not None else set(KINDS)
    cands = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") in allowed]
    if ref in G and G.nodes[ref].get("kind") in allowed:
        return ref
    hits = [n for n, d in cands if d.get("id") == ref]
    if not hits and ":" in ref:
        prefix, _, ident = ref.partition(":")
        if prefix in KINDS:
            want = ACTOR_KINDS if prefix == "actor" else {prefix}
            hits = [n for n, d in cands if d.get("id") == ident and d.get("kind") in want]
    if len(hits) > 1:
        actors = [n for n in hits if G.nodes[n].get("kind") in ACTOR_KINDS]
        if len(actors) == 1:
            return actors[0]
        names = ", ".join(sorted(f"{G.nodes[n]['kind']}:{G.nodes[n]['id']}" for n in hits))
        raise QueryError(f"{what} {ref!r} is ambiguous: write one of {names}")
    if not hits:
        prefix = ref.partition(":")[0] if ":" in ref else ""
        if prefix in KINDS:
            want = ACTOR_KINDS if prefix == "actor" else {prefix}
            ids = {f"{prefix}:{d.get('id', '')}" for _, d in cands if d.get("kind") in want}
        else:
            ids = {str(d.get("id", "")) for _, d in cands}
        raise QueryError(f"no {what} with id {ref!r}{did_you_mean(ref, ids)}")
    return hits[0]


def _theme_nodes(G: nx.DiGraph, root: str) -> set[str]:
    """The theme, its narrower themes, what addresses them and the actors working on that."""
    import networkx as nx

    def out(n: str, kinds: set[str]) -> list[str]:
        return [
            v for v in G.successors(n) if G.edges[n, v]["kind"] in kinds and G.nodes[v]["kind"] in ACTOR_KINDS
        ]

    broader = nx.DiGraph((u, v) for u, v, k in G.edges(data="kind") if k == "broader")
    themes = {root} | (nx.ancestors(broader, root) if root in broader else set())
    items = {u for t in themes for u in G.predecessors(t) if G.edges[u, t]["kind"] == "addresses"}
    keep = themes | items
    for item in items:
        keep.update(out(item, {"owns", "partner", "pursues", "organises", "participates"}))
        if G.nodes[item]["kind"] != "goal":
            continue
        # actors through a plan stating the goal or an instrument serving it, with that plan/instrument
        vias = [(p, {"owns", "partner"}) for p in G.successors(item) if G.edges[item, p]["kind"] == "states"]
        vias += [(i, {"owns"}) for i in G.predecessors(item) if G.edges[i, item]["kind"] == "serves"]
        for via, kinds in vias:
            actors = out(via, kinds)
            if actors:
                keep.add(via)
                keep.update(actors)
    return keep


def view(
    store_or_graph: Store | nx.Graph,
    name: str = "full",
    *,
    focus: str | None = None,
    depth: int = 1,
    theme: str | None = None,
    include: Iterable[str] | None = None,
) -> nx.Graph:
    """A view of the network, as a new graph (the input is never changed).

    Parameters
    ----------
    store_or_graph : Store or networkx.DiGraph
        A store, or the full graph of :func:`build_graph`.
    name : {"full", "actors", "focus", "theme"}
        ``full``: the typed directed graph. ``actors``: undirected actor–actor
        projection weighted by shared goals and themes (edges ``kind="shares"``,
        ``weight``, ``goals``, ``themes``, ``label``, ``title``). ``focus`` and
        ``theme`` are the full graph with the ``focus``/``theme`` argument required.
    focus : str, optional
        Keep the nodes within ``depth`` hops (either direction) of this node
        (``FB 56``, ``theme:armut`` or an IRI); applies to ``full`` and ``actors``.
    theme : str, optional
        Keep the theme, its narrower themes, everything that addresses them and the
        actors working on those (plus the plan or instrument through which an actor
        works on one of those goals, so every actor stays connected). On the
        ``actors`` view it keeps those actors.
    include : iterable of str, optional
        Node kinds to keep (``actor`` stands for every actor kind), applied last.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("p", id="SEP", kind="plan", label="Sozialplan")
    >>> G.add_node("a", id="FB 56", kind="department", label="Soziales")
    >>> G.add_edge("p", "a", kind="owns", label="federführend")
    >>> sorted(view(G, include={"plan"}))
    ['p']
    >>> view(G, focus="FB 65")
    Traceback (most recent call last):
    graph.errors.QueryError: no node with id 'FB 65' (did you mean 'FB 56'?)
    """
    if name not in VIEWS:
        raise QueryError(f"unknown view {name!r}{did_you_mean(name, VIEWS)}; views: {', '.join(VIEWS)}")
    if name == "focus" and not focus:
        raise QueryError("the focus view needs a node id (focus='FB 56')")
    if name == "theme" and not theme:
        raise QueryError("the theme view needs a theme id (theme='armut')")
    if depth < 0:
        raise QueryError(f"depth must be 0 or more, not {depth}")
    kinds = None
    if include is not None:
        kinds = set(include)
        unknown = sorted(kinds - set(KINDS))
        if unknown:
            raise QueryError(f"unknown node kind(s) {', '.join(unknown)}; valid kinds: {', '.join(KINDS)}")
        if "actor" in kinds:
            kinds |= ACTOR_KINDS
    if isinstance(store_or_graph, Store):
        full = build_graph(store_or_graph)
        pairs = works_on(store_or_graph, full) if name == "actors" else set()
    else:
        full = store_or_graph
        pairs = _works_on_graph(full) if name == "actors" else set()
    G = _actors_projection(full, pairs) if name == "actors" else full
    keep = set(G)
    shown = name if name != "full" else "focus" if focus else "theme" if theme else "full"
    info: dict[str, object] = {"view": shown}
    if theme:
        info["theme"] = resolve_node(full, theme, kinds={"theme"}, what="theme")
        keep &= _theme_nodes(full, info["theme"])
    if focus:
        sub = G.subgraph(keep)
        info["focus"] = center = resolve_node(sub, focus)
        info["depth"] = depth
        keep &= _hops(sub, center, depth)
    if kinds is not None:
        keep = {n for n in keep if G.nodes[n].get("kind") in kinds}
        info["include"] = sorted(kinds)
    out = G.subgraph([n for n in G if n in keep]).copy()
    out.graph.clear()
    out.graph.update(info)
    return out


def _hops(G: nx.Graph, center: str, depth: int) -> set[str]:
    import networkx as nx

    U = G.to_undirected(as_view=True) if G.is_directed() else G
    return set(nx.single_source_shortest_path_length(U, center, cutoff=depth))
