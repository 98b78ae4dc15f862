"""``theme-actors`` at Land size: the rows of ``queries/theme-actors.rq`` from a few bound queries.

The catalogue's query builds every (actor, theme, route) of the store before it
keeps the asked theme (a bound variable cannot reach inside its subquery on
every engine), which takes a minute at a million triples. Here the theme and
its narrower themes are found first, then for each of them who works on it or
met on it (``GRAPH ?d { ?actor ?route ?theme }`` with the theme bound) and the
goals about it; names and kinds come from two small grouped queries. The rule
is the rules' (derived relations only); the rows, their columns and their
order are the SPARQL file's (test: tests/test_pairs.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph.analysis.incidence import _ACTORS, _entries
from graph.analysis.query import _sort_key
from graph.prefixes import SPARQL_PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    from rdflib.term import Node

    from graph.store import Store

__all__ = ["COLUMNS", "theme_actors"]

#: The columns of the rows (those of the catalogue query, without the bound ``theme``).
COLUMNS = ("actor_id", "actor", "kind", "engagement", "via", "routes", "goals")

_PREFIXES = SPARQL_PREFIXES
_NARROWER = _PREFIXES + "SELECT ?theme ?t WHERE { GRAPH ?c { ?t skos:broaderTransitive ?theme } }"
_THEME_LABELS = _PREFIXES + "SELECT ?t ?label WHERE { ?t a sp:Theme ; skos:prefLabel ?label }"
# The routes and their German labels (no FILTER(?route = …): Virtuoso 7.2 fails to compile it).
_ROUTES = (
    _PREFIXES
    + """SELECT ?route ?label ?how WHERE {
  {
    GRAPH ?v { ?route rdfs:subPropertyOf sp:worksOn ; rdfs:label ?label }
    FILTER(LANG(?label) = "de") BIND("works on" AS ?how)
  }
  UNION {
    GRAPH ?v { sp:engagedIn rdfs:label ?label }
    FILTER(LANG(?label) = "de") BIND(sp:engagedIn AS ?route) BIND("met at events" AS ?how)
  }
}"""
)
# Who is tied to one theme (bound), by which route: one row per route.
_TIES = (
    _PREFIXES
    + """SELECT ?t ?route (GROUP_CONCAT(STR(?a); SEPARATOR=" ") AS ?actors) WHERE {
  GRAPH ?d { ?a ?route ?t }
}
GROUP BY ?t ?route"""
)
# Which actor works on which goal about one theme (bound): "actor goal" pairs. The class is checked
# last: with it first, Oxigraph starts from every goal of the store, not from those about the theme
# (0.29 s instead of 0.02 s per theme at 1M).
_GOALS = (
    _PREFIXES
    + """SELECT ?t (GROUP_CONCAT(CONCAT(STR(?a), " ", STR(?goal)); SEPARATOR=" ") AS ?pairs) WHERE {
  ?goal dct:subject ?t .
  GRAPH ?g { ?a sp:worksOn ?goal }
  FILTER EXISTS { ?goal a sp:Goal }
}
GROUP BY ?t"""
)
_KINDS = (
    _PREFIXES
    + """SELECT ?label (GROUP_CONCAT(STR(?a); SEPARATOR=" ") AS ?actors) WHERE {
  GRAPH ?v { ?class rdfs:subClassOf sp:Actor ; rdfs:label ?label } FILTER(LANG(?label) = "de")
  ?a a ?class .
}
GROUP BY ?label"""
)


def theme_actors(store: Store, theme: Node | str) -> list[list[Any]]:
    """The rows of ``theme-actors`` for the theme ``theme`` (an IRI), in :data:`COLUMNS`.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> from graph.session import Session, Source
    >>> store = Session(Source()).store
    >>> rows = theme_actors(store, URIRef("https://w3id.org/sozialgraph/id/aachen/themes/armut"))
    >>> rows[0][:4]
    ['FB 56', 'Fachbereich Wohnen, Soziales und Integration', 'Fachbereich', 'works on']
    """
    from graph.store.base import IRI

    ask = store.select_values  # plain values: no rdflib terms on the way
    themes = [str(theme), *(str(row[1]) for row in ask(_NARROWER, {"theme": IRI(str(theme))})[1])]
    labels = {str(t): str(label) for t, label in ask(_THEME_LABELS)[1]}
    routes = {str(r): (str(label), str(how)) for r, label, how in ask(_ROUTES)[1]}
    ties: dict[str, list[tuple[str, str]]] = {}  # actor -> (theme, route)
    goals_of: dict[str, dict[str, set[str]]] = {}  # actor -> theme -> goals
    for t in themes:
        if str(t) not in labels:
            continue  # a theme without a label is no row's "via" (as in the SPARQL file)
        for _, route, text in ask(_TIES, {"t": IRI(t)})[1]:
            if str(route) in routes:
                for actor in str(text or "").split():
                    ties.setdefault(actor, []).append((str(t), str(route)))
        for _, text in ask(_GOALS, {"t": IRI(t)})[1]:
            parts = str(text or "").split()
            for actor, goal in zip(parts[::2], parts[1::2], strict=True):
                goals_of.setdefault(actor, {}).setdefault(str(t), set()).add(goal)
    names: dict[str, tuple[str, str]] = {}
    for label, entries in ask(_ACTORS)[1]:
        for iri, ident in _entries(entries):
            if iri in ties and ident is not None:
                names.setdefault(iri, (ident, str(label)))
    kinds: dict[str, set[str]] = {}
    for label, text in ask(_KINDS)[1]:
        for actor in str(text or "").split():
            if actor in ties:
                kinds.setdefault(actor, set()).add(str(label))
    groups: dict[tuple[str, str], dict[str, set]] = {}
    for actor, tied in ties.items():
        if actor not in names:
            continue
        g = groups.setdefault(
            names[actor], {"kind": set(), "how": set(), "via": set(), "routes": set(), "goals": set()}
        )
        g["kind"] |= kinds.get(actor, set())
        for t, route in tied:
            label, how = routes[route]
            g["how"].add(how)
            g["via"].add(labels[t])
            g["routes"].add(label)
            g["goals"] |= goals_of.get(actor, {}).get(t, set())

    def joined(values: set[str]) -> str:
        return "; ".join(sorted(values, key=_sort_key))

    rows = [
        [
            ident,
            label,
            joined(g["kind"]),
            max(g["how"]),
            joined(g["via"]),
            joined(g["routes"]),
            len(g["goals"]),
        ]
        for (ident, label), g in groups.items()
    ]
    rows.sort(key=lambda r: (r[3] != "works on", -r[6], r[0], r[1]))
    return rows
