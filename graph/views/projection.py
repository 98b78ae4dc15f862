"""Views of the typed network: the actors projection, the theme view, focus and kinds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graph.errors import QueryError, did_you_mean
from graph.store import Store
from graph.views.network import ACTOR_KINDS, KINDS, VIEWS, build_graph, edge_labels

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from graph.analysis.incidence import Incidence

#: The links the actors view reads besides who works on what: units and members.
_STRUCTURE_EDGES = frozenset({"part_of", "member"})

__all__ = ["resolve_node", "view", "works_on"]


# --------------------------------------------------------------------------
# works on, and the actors projection


def works_on(G: nx.Graph) -> set[tuple[str, str]]:
    """The (actor IRI, goal or theme IRI) pairs of the "works on" rule, as :func:`build_graph` read them.

    The rule is stated once, in graph/analysis/rules/; this only reads its result.
    """
    return {pair for pair, kinds in G.graph.get("derived", {}).items() if "works_on" in kinds}


def _actors_projection(
    full: nx.DiGraph, inc: Incidence, *, scope: str = "auto", rollup: bool = False
) -> nx.Graph:
    """Actors linked by the goals and themes they share, within their scope (from the pair questions).

    Computed as the pair questions are (:func:`graph.analysis.pairs.pair_items`: a sparse
    co-occurrence product), so its cost follows the pairs that exist. With
    ``rollup`` a unit's work counts for the unit above it, and the unit is left out.
    """
    import networkx as nx

    from graph.analysis.pairs import pair_items
    from graph.views.wording import shared_label

    m, pairs = pair_items(inc, scope=scope, rollup=rollup)
    rolled = {a for a in inc.actors if inc.structure.rollup(a) != (a,)} if rollup else set()
    P = nx.Graph(view="actors")
    P.add_nodes_from(
        (n, dict(d)) for n, d in full.nodes(data=True) if d["kind"] in ACTOR_KINDS and n not in rolled
    )
    order = {n: i for i, n in enumerate(P)}
    labels = [it[2] if it is not None else "" for it in inc.items]
    goal = [it is not None and it[0] == "goal" for it in inc.items]

    def by_label(items: list[int]) -> list[str]:
        return sorted((labels[i] for i in items), key=lambda x: (x.casefold(), x))

    edges = []
    for r, c, _, items in pairs:
        u, v = sorted((m.actors[r], m.actors[c]), key=order.__getitem__)
        goals = by_label([i for i in items if goal[i]])
        themes = by_label([i for i in items if not goal[i]])
        edges.append((order[u], order[v], u, v, goals, themes))
    edges.sort(key=lambda e: e[:2])
    for _, _, u, v, goals, themes in edges:
        label, title = shared_label(goals, themes)
        w = len(goals) + len(themes)
        P.add_edge(u, v, kind="shares", weight=w, goals=goals, themes=themes, label=label, title=title)
    P.graph["scope"] = m.mode
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


def _theme_view(full: nx.DiGraph, root: str) -> nx.DiGraph:
    """Who works on a theme: the theme, its narrower themes, and the actors tied to them.

    An actor is tied to the (narrower) theme it works on by an edge of kind
    ``works_on`` labelled with its routes, or — if it only met on it at an event —
    by an edge of kind ``engaged``: the same actors as the analysis ``theme-actors``.
    """
    import networkx as nx

    broader = nx.DiGraph((u, v) for u, v, k in full.edges(data="kind") if k == "broader")
    themes = {root} | (nx.ancestors(broader, root) if root in broader else set())
    derived = full.graph.get("derived", {})
    ties: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for (actor, item), kinds in derived.items():
        if item not in themes:
            continue
        kind = "works_on" if "works_on" in kinds else "engaged"
        ties[(actor, item)] = (kind, kinds[kind])
    working = {a for (a, _), (k, _) in ties.items() if k == "works_on"}
    edges = {pair: tie for pair, tie in ties.items() if tie[0] == "works_on" or pair[0] not in working}
    labels = edge_labels()
    V = nx.DiGraph()
    nodes = themes | {a for a, _ in edges}
    V.add_nodes_from((n, dict(full.nodes[n])) for n in full if n in nodes)
    V.nodes[root]["emphasis"] = True
    for u, v, k in full.edges(data="kind"):
        if k == "broader" and u in themes and v in themes:
            V.add_edge(u, v, **full.edges[u, v])
    for (actor, item), (kind, routes) in sorted(edges.items()):
        V.add_edge(actor, item, kind=kind, label=labels[kind], title="; ".join(routes), routes=routes)
    return V


def view(
    store_or_graph: Store | nx.Graph,
    name: str = "full",
    *,
    focus: str | None = None,
    depth: int = 1,
    theme: str | None = None,
    include: Iterable[str] | None = None,
    scope: str = "auto",
    rollup: bool = False,
    themes: str = "top",
    lang: str = "de",
) -> nx.Graph:
    """A view of the network, as a new graph (the input is never changed).

    Parameters
    ----------
    store_or_graph : Store or networkx.DiGraph
        A store, or the full graph of :func:`build_graph`.
    name : {"full", "actors", "focus", "theme", "land"}
        ``full``: the typed directed graph. ``actors``: undirected actor–actor
        projection weighted by shared goals and themes (edges ``kind="shares"``,
        ``weight``, ``goals``, ``themes``, ``label``, ``title``). ``focus`` and
        ``theme`` are the full graph with the ``focus``/``theme`` argument required.
        ``land``: municipalities (or datasets) and themes, linked by the plans that
        cover a theme or marked as a gap (:func:`graph.views.land.land_graph`; needs
        a store, ``themes`` ``top`` or ``all``, edge words in ``lang``).
    focus : str, optional
        Keep the nodes within ``depth`` hops (either direction) of this node
        (``FB 56``, ``theme:armut`` or an IRI); applies to ``full`` and ``actors``.
    theme : str, optional
        Who works on the theme: the theme (``emphasis``), its narrower themes and
        the actors tied to them by the derived relations — ``works_on`` edges
        labelled by route, ``engaged`` edges for actors who only met on a theme at
        an event (the rows of the analysis ``theme-actors``). On the ``actors``
        view it keeps those actors.
    include : iterable of str, optional
        Node kinds to keep (``actor`` stands for every actor kind), applied last.
    scope : {"auto", "municipality", "dataset", "all"}
        The actors view pairs actors of one scope (:mod:`graph.analysis.scopes`).
    rollup : bool
        The actors view counts a unit's work for the unit above it
        (:meth:`graph.analysis.scopes.Structure.rollup`) and leaves the unit out.

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
    if name == "land":
        if not isinstance(store_or_graph, Store):
            raise QueryError("the land view is drawn from a store: it reads which plans cover which themes")
        from graph.analysis.coverage import coverage
        from graph.views.land import land_graph

        return land_graph(coverage(store_or_graph, themes=themes, scope=scope), lang)
    kinds = None
    if include is not None:
        kinds = set(include)
        unknown = sorted(kinds - set(KINDS))
        if unknown:
            raise QueryError(f"unknown node kind(s) {', '.join(unknown)}; valid kinds: {', '.join(KINDS)}")
        if "actor" in kinds:
            kinds |= ACTOR_KINDS
    own = isinstance(store_or_graph, Store)  # the graph is built here: no need to copy it
    inc: Incidence | None = None
    if own and name == "actors" and not theme:  # actors, their links and who works on what: no more
        from graph.analysis.incidence import read_incidence

        full = build_graph(store_or_graph, kinds=ACTOR_KINDS, edges=_STRUCTURE_EDGES, derived=False)
        inc = read_incidence(store_or_graph)
    elif own:
        full = build_graph(store_or_graph, derived=name == "actors" or bool(theme))
    else:
        full = store_or_graph
    if name == "actors":
        from graph.views.structure import incidence_from_graph

        G = _actors_projection(full, inc or incidence_from_graph(full), scope=scope, rollup=rollup)
    else:
        G = full
    shown = name if name != "full" else "focus" if focus else "theme" if theme else "full"
    info: dict[str, object] = {"view": shown}
    if name == "actors":
        info.update(scope=G.graph["scope"], rollup=rollup)
    if theme:
        info["theme"] = resolve_node(full, theme, kinds={"theme"}, what="theme")
        if name != "actors":
            G = _theme_view(full, info["theme"])
    keep = set(G)
    if theme and name == "actors":
        keep &= {n for n in _theme_view(full, info["theme"]) if full.nodes[n]["kind"] in ACTOR_KINDS}
    if focus:
        sub = G.subgraph(keep)
        info["focus"] = center = resolve_node(sub, focus)
        info["depth"] = depth
        keep &= _hops(sub, center, depth)
    if kinds is not None:
        keep = {n for n in keep if G.nodes[n].get("kind") in kinds}
        info["include"] = sorted(kinds)
    if (own or name == "actors") and len(keep) == G.number_of_nodes():
        out = G
    else:
        out = G.subgraph([n for n in G if n in keep]).copy()
    out.graph.clear()
    out.graph.update(info)
    if any(d.get("kind") == "authority" for _, d in full.nodes(data=True)):
        from graph.views.structure import towns

        for node, town in towns(full).items():
            if node in out:
                out.nodes[node]["town"] = town
    return out


def _hops(G: nx.Graph, center: str, depth: int) -> set[str]:
    import networkx as nx

    U = G.to_undirected(as_view=True) if G.is_directed() else G
    return set(nx.single_source_shortest_path_length(U, center, cutoff=depth))
