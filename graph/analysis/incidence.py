"""The derived works-on relation read once: an actor x item incidence with names (for the pair questions).

Five small queries, not one per pair: the works-on relation one row per actor
(its items' IRIs in one text), the names of actors, goals and themes, asked dataset
by dataset over the derived graphs that count (:class:`graph.store.view.GraphView`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph.analysis.scopes import Structure, read_structure
from graph.prefixes import SPARQL_PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from graph.store import Store

__all__ = ["Incidence", "read_incidence"]

_PREFIXES = SPARQL_PREFIXES
# The works-on relation, one row per actor: its items' IRIs in one text, so that a store hands over a
# few ten thousand rows instead of half a million (IRIs hold no spaces). Asked per dataset (grouping by
# the derived graph as well costs twice as much).
_WORKS = (
    _PREFIXES
    + """SELECT ?a (GROUP_CONCAT(STR(?x); SEPARATOR=" ") AS ?items) WHERE {
  GRAPH ?d { ?a sp:worksOn ?x }
}
GROUP BY ?a"""
)
# Names of actors, goals and themes, one row per label: names repeat across towns ("Fachbereich Sport").
# Entries are "IRI<RS>id", separated by <US> (control characters never reach the data: the loader refuses them).
_ACTORS = (
    _PREFIXES
    + """SELECT ?label (GROUP_CONCAT(CONCAT(STR(?a), "\\u001e", COALESCE(STR(?id), "")); SEPARATOR="\\u001f") AS ?entries)
WHERE { ?a a sp:Actor ; rdfs:label ?label . OPTIONAL { ?a dct:identifier ?id } }
GROUP BY ?label"""
)
_ITEMS = (
    _PREFIXES
    + """SELECT ?kind ?label (GROUP_CONCAT(CONCAT(STR(?x), "\\u001e", COALESCE(STR(?id), "")); SEPARATOR="\\u001f") AS ?entries)
WHERE {
  { ?x a sp:Goal ; rdfs:label ?label . OPTIONAL { ?x dct:identifier ?id } BIND("goal" AS ?kind) }
  UNION
  { ?x a sp:Theme ; skos:prefLabel ?label . OPTIONAL { ?x dct:identifier ?id } BIND("theme" AS ?kind) }
}
GROUP BY ?kind ?label"""
)
_CLASS = {"goal": "sp:Goal", "theme": "sp:Theme"}


def _only(kinds: frozenset[str]) -> tuple[str, str]:
    """The works-on and names queries for the items of one kind (a question of one kind reads no more).

    Examples
    --------
    >>> "?x a sp:Theme" in _only(frozenset({"theme"}))[0]
    True
    """
    if len(kinds) != 1:
        return _WORKS, _ITEMS
    (kind,) = kinds
    works = _WORKS.replace(
        "GRAPH ?d { ?a sp:worksOn ?x }", f"GRAPH ?d {{ ?a sp:worksOn ?x }} ?x a {_CLASS[kind]} ."
    )
    branches = _ITEMS.split("UNION")
    items = branches[0] if kind == "goal" else _ITEMS.split("{", 1)[0] + "{" + branches[1]
    if kind == "goal":
        items = items.rstrip() + "\n}\nGROUP BY ?kind ?label"
    return works, items


@dataclass
class Incidence:
    """Who works on what (the derived works-on relation that counts), with names and structure.

    Entry ``e`` says that the actor of ``keys[key_of[e]]`` (a dataset and an
    actor IRI) works on the goal or theme ``item_iris[item_of[e]]``; ``items``
    holds its (kind, id or None, label), None where it is no labelled goal or
    theme. ``actors`` maps an actor IRI to (id or None, label).
    """

    keys: list[tuple[str, str]]
    key_of: np.ndarray
    item_of: np.ndarray
    item_iris: list[str]
    items: list[tuple[str, str | None, str] | None]
    actors: dict[str, tuple[str | None, str]]
    structure: Structure
    datasets: list[str] = field(default_factory=list)


def _entries(text: Any) -> Iterator[tuple[str, str | None]]:
    """(IRI, id) of a grouped text; nothing where the group had a blank node (its STR() fails)."""
    for entry in str(text or "").split("\x1f"):
        iri, _, ident = entry.partition("\x1e")
        if iri:
            yield iri, ident or None


def read_incidence(store: Store, kinds: frozenset[str] = frozenset({"goal", "theme"})) -> Incidence:
    """Read the works-on relation, the names and the structure from ``store`` (five small queries).

    ``kinds``: the items to read, goals and themes, or only one of them.
    """
    import numpy as np

    works_query, items_query = _only(frozenset(kinds))
    index: dict[str, int] = {}
    key_index: dict[tuple[str, str], int] = {}
    key_of: list[int] = []
    item_of: list[int] = []
    names: list[str] = []
    for dataset, scope in _dataset_scopes(store):
        names.append(dataset)
        for a, text in store.select_values(works_query, scope=scope)[1]:
            k = key_index.setdefault((dataset, str(a)), len(key_index))
            found = [index.setdefault(iri, len(index)) for iri in str(text or "").split()]
            item_of += found
            key_of += [k] * len(found)
    actors: dict[str, tuple[str | None, str]] = {}
    for label, entries in store.select_values(_ACTORS)[1]:
        for iri, ident in _entries(entries):
            old = actors.get(iri)
            if old is None or (ident or "", str(label)) < (old[0] or "", old[1]):
                actors[iri] = (ident, str(label))
    items: list[tuple[str, str | None, str] | None] = [None] * len(index)
    for kind, label, entries in store.select_values(items_query)[1]:
        for iri, ident in _entries(entries):
            n = index.get(iri)
            old = items[n] if n is not None else None
            if n is not None and (old is None or (ident or "", str(label)) < (old[1] or "", old[2])):
                items[n] = (str(kind), ident, str(label))
    return Incidence(
        list(key_index),
        np.array(key_of, dtype=np.int64),
        np.array(item_of, dtype=np.int64),
        list(index),
        items,
        actors,
        read_structure(store),
        names,
    )


def _dataset_scopes(store: Store) -> list[tuple[str, Any]]:
    """(dataset name, the question's scope narrowed to that dataset's derived graphs) for each dataset
    of a :class:`graph.store.view.GraphView`; one ``("", None)`` for any other store."""
    from graph.store.base import Scope

    datasets = getattr(store, "datasets", None)
    scope = getattr(store, "scope", None)
    if not datasets or scope is None:
        return [("", None)]
    if len(datasets) == 1 or scope.named is None:
        return [(datasets[0].name if len(datasets) == 1 else "", None)]
    out = []
    for d in datasets:
        mine = {p.graph for p in d.partitions}
        out.append((d.name, Scope(default=scope.default, named=tuple(g for g in scope.named if g in mine))))
    return out
