"""Which municipality plans for which theme: the municipality × theme coverage table of a Land.

For every municipality (a Körperschaft at the top of ``part_of``, see
:mod:`graph.analysis.scopes`; or every dataset, when the data holds no several
municipalities) and every theme (the top themes — those without a broader
theme — or all themes):

- ``plans``: the plans of the municipality that cover the theme (the derived
  relation ``sp:covers``, so only plans that count, and a plan on a narrower
  theme covers its broader themes). A plan belongs to the municipality of the
  actor that leads it (``Federführung``), else to its dataset.
- ``actors``: the actors of the municipality that work on the theme or a
  narrower one (``sp:worksOn``, as ``theme-actors`` counts them).
- ``planned``: whether ``plans`` is above 0. A theme that no plan of a
  municipality covers is a gap there, even where its actors work on it.

:class:`Coverage` holds the counts as matrices (municipalities × themes), the
structure a heatmap needs; :meth:`Coverage.rows` gives the long table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.analysis.scopes import choose_scope, read_structure
from graph.errors import UsageError
from graph.prefixes import SPARQL_PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    from graph.store import Store

__all__ = ["COLUMNS", "THEME_SETS", "Coverage", "coverage"]

#: The columns of :meth:`Coverage.rows`.
COLUMNS = ("municipality_id", "municipality", "theme_id", "theme", "plans", "actors", "planned")
#: Which themes a coverage table has: the top themes, or all.
THEME_SETS = ("top", "all")

_PREFIXES = SPARQL_PREFIXES
_THEMES = (
    _PREFIXES
    + """SELECT ?theme ?id ?label (COUNT(?broader) AS ?broaders) WHERE {
  ?theme a sp:Theme ; dct:identifier ?id ; skos:prefLabel ?label .
  OPTIONAL { ?theme skos:broader ?broader }
}
GROUP BY ?theme ?id ?label"""
)
# One row per theme (and derived graph): the plans covering it, the actors working on it.
_COVERS = (
    _PREFIXES
    + """SELECT ?d ?theme (GROUP_CONCAT(STR(?plan); SEPARATOR=" ") AS ?plans) WHERE {
  GRAPH ?d { ?plan sp:covers ?theme }
}
GROUP BY ?d ?theme"""
)
_WORKS = (
    _PREFIXES
    + """SELECT ?d ?theme (GROUP_CONCAT(STR(?actor); SEPARATOR=" ") AS ?actors) WHERE {
  GRAPH ?d { ?actor sp:worksOn ?theme } ?theme a sp:Theme .
}
GROUP BY ?d ?theme"""
)
_NARROWER = (
    _PREFIXES
    + """SELECT ?top (GROUP_CONCAT(STR(?t); SEPARATOR=" ") AS ?narrower) WHERE {
  GRAPH ?c { ?t skos:broaderTransitive ?top }
}
GROUP BY ?top"""
)
_LEADS = (
    _PREFIXES
    + """SELECT ?lead (GROUP_CONCAT(STR(?plan); SEPARATOR=" ") AS ?plans) WHERE {
  ?plan a sp:Plan ; sp:ledBy ?lead .
}
GROUP BY ?lead"""
)
_NAMES = (
    _PREFIXES
    + """SELECT ?x ?id ?label WHERE { ?x a sp:LocalAuthority ; rdfs:label ?label OPTIONAL { ?x dct:identifier ?id } }"""
)


@dataclass
class Coverage:
    """The coverage of themes by municipalities (or datasets): counts as matrices ``[unit][theme]``.

    ``units`` are (id, name) of the municipalities (``mode`` ``municipality``) or
    datasets (``dataset``), in id order; ``themes`` (IRI, id, label) in label order.
    """

    mode: str
    units: list[tuple[str, str]]
    themes: list[tuple[str, str, str]]
    plans: list[list[int]]
    actors: list[list[int]]

    def rows(self) -> list[list[Any]]:
        """The long table (:data:`COLUMNS`): one row per municipality and theme.

        Examples
        --------
        >>> c = Coverage("municipality", [("K1", "Stadt A")], [("t", "armut", "Armut")], [[2]], [[5]])
        >>> c.rows()
        [['K1', 'Stadt A', 'armut', 'Armut', 2, 5, True]]
        """
        return [
            [uid, name, tid, label, self.plans[u][t], self.actors[u][t], self.plans[u][t] > 0]
            for u, (uid, name) in enumerate(self.units)
            for t, (_, tid, label) in enumerate(self.themes)
        ]

    def matrix(self, what: str = "plans") -> tuple[list[str], list[list[Any]]]:
        """A wide table: a row per municipality, a column per theme, ``plans`` or ``actors`` in the cells."""
        if what not in ("plans", "actors"):
            raise UsageError(f"a coverage matrix counts plans or actors, not {what!r}")
        counts = self.plans if what == "plans" else self.actors
        columns = ["municipality_id", "municipality", *(label for _, _, label in self.themes)]
        return columns, [[uid, name, *counts[u]] for u, (uid, name) in enumerate(self.units)]


def coverage(store: Store, *, themes: str = "top", scope: str = "auto") -> Coverage:
    """The coverage table of ``store`` (see the module's rules); ``scope`` as for pair questions.

    Examples
    --------
    >>> from graph.session import Session, Source
    >>> c = coverage(Session(Source()).store)
    >>> c.mode, c.units, len(c.themes) == len(c.plans[0])
    ('dataset', [('aachen', 'aachen')], True)
    """
    if themes not in THEME_SETS:
        raise UsageError(f"unknown theme set {themes!r}; choose one of {', '.join(THEME_SETS)}")
    structure = read_structure(store)
    graphs = {p.graph: d.name for d in getattr(store, "datasets", ()) for p in d.partitions}
    names = sorted(set(graphs.values())) or [""]
    mode = choose_scope(scope, structure, names)
    towns = {
        str(x): (str(i) if i is not None else str(label), str(label))
        for x, i, label in store.select_values(_NAMES)[1]
    }

    def unit_of(dataset: str, actor: str | None) -> tuple[int, str, str]:
        if mode == "all":
            return (0, "", "")
        town = structure.municipality(actor) if actor is not None and mode == "municipality" else None
        if town is not None and town in towns:
            return (0, *towns[town])
        return (1, dataset, dataset)

    def dataset_of(graph: Any) -> str:
        return graphs.get(str(graph), names[0] if len(names) == 1 else "")

    theme_rows = sorted(
        (str(t), str(i), str(label), int(n)) for t, i, label, n in store.select_values(_THEMES)[1]
    )
    chosen = [(t, i, label) for t, i, label, n in theme_rows if themes == "all" or n == 0]
    chosen.sort(key=lambda x: (x[2].casefold(), x[1]))
    narrower: dict[str, set[str]] = {t: {t} for t, _, _ in chosen}
    for top, text in store.select_values(_NARROWER)[1]:
        if str(top) in narrower:
            narrower[str(top)].update(str(text or "").split())
    lead: dict[str, str] = {}
    for actor, text in store.select_values(_LEADS)[1]:
        for plan in str(text or "").split():
            lead.setdefault(plan, str(actor))
    plans_at: dict[tuple, set[str]] = {}
    units: set[tuple[int, str, str]] = set()
    for graph, theme, text in store.select_values(_COVERS)[1]:
        for plan in str(text or "").split():
            unit = unit_of(dataset_of(graph), lead.get(plan))
            units.add(unit)
            plans_at.setdefault((unit, str(theme)), set()).add(plan)
    works: dict[str, list[tuple[str, str]]] = {}
    for graph, theme, text in store.select_values(_WORKS)[1]:
        works.setdefault(str(theme), []).extend((dataset_of(graph), a) for a in str(text or "").split())
    actors_at: dict[tuple, set[str]] = {}
    for top, _, _ in chosen:
        for theme in narrower[top]:
            for dataset, actor in works.get(theme, ()):
                unit = unit_of(dataset, actor)
                units.add(unit)
                actors_at.setdefault((unit, top), set()).add(actor)
    if mode == "municipality":
        units |= {(0, *towns[t]) for t in structure.municipalities() if t in towns}
    ordered = sorted(units)
    return Coverage(
        mode,
        [(u[1], u[2]) for u in ordered],
        chosen,
        [[len(plans_at.get((u, t), ())) for t, _, _ in chosen] for u in ordered],
        [[len(actors_at.get((u, t), ())) for t, _, _ in chosen] for u in ordered],
    )
