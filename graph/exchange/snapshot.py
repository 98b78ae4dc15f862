"""One planning cycle as the diff compares it: its rows, links, derived relations and centrality."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.schema import Sheet, label, load_schema
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["Key", "Link", "Snapshot", "betweenness", "relation_label", "sheet_of_kind", "snapshot"]

#: An entity across cycles: (sheet key, id). Ids stay stable between cycles; IRIs need not.
Key = tuple[str, str]
#: A reference of a row: (sheet key, id, column key, target sheet key, target id).
Link = tuple[str, str, str, str, str]

_PREFIXES = """
PREFIX sp:   <https://w3id.org/sozialgraph/ontology#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# The derived relations are the rules' (graph/analysis/rules/); these queries only read them.
_COVERS = (
    _PREFIXES
    + """
SELECT DISTINCT ?plan_id ?theme_id WHERE {
  GRAPH ?d { ?plan sp:covers ?theme }
  ?plan dct:identifier ?plan_id .
  ?theme dct:identifier ?theme_id .
}"""
)
_ADDRESSES = (
    _PREFIXES
    + """
SELECT DISTINCT ?plan_id ?theme_id ?route WHERE {
  GRAPH ?v { ?p rdfs:subPropertyOf sp:addresses ; rdfs:label ?route FILTER(LANG(?route) = "de") }
  GRAPH ?a { ?plan ?p ?theme }
  ?plan dct:identifier ?plan_id .
  ?theme dct:identifier ?theme_id .
}"""
)
_ACTIVE = (
    _PREFIXES
    + """
SELECT DISTINCT ?actor_id ?x_id ?class WHERE {
  GRAPH ?d { ?actor sp:activeThrough ?x }
  ?actor dct:identifier ?actor_id .
  ?x dct:identifier ?x_id ; a ?class .
}"""
)


def sheet_of_kind(kind: str) -> str:
    """The sheet whose rows are nodes of a network kind.

    Examples
    --------
    >>> sheet_of_kind("department"), sheet_of_kind("plan")
    ('actors', 'plans')
    """
    from graph.views.network import ACTOR_KINDS

    return "actors" if kind in ACTOR_KINDS else f"{kind}s"


@dataclass
class Snapshot:
    """What one cycle holds, read once from its view.

    ``rows``: every entity's cells by column key (list cells as tuples, empty
    cells left out); ``links``: the references of the rows; ``covers`` and
    ``addresses``: (plan id, theme id) pairs of the derived relations (addresses
    with the labels of its routes); ``active``: (actor id, sheet, id) of
    ``sp:activeThrough``; ``full``: the typed network; ``betweenness``: per view
    (``full``, ``actors``) the betweenness of every node by key, with its name
    and kind label; ``sampled``: the views whose betweenness was sampled, and how.
    """

    rows: dict[Key, dict[str, object]]
    links: set[Link]
    covers: set[tuple[str, str]]
    addresses: dict[tuple[str, str], tuple[str, ...]]
    active: set[tuple[str, str, str]]
    full: nx.DiGraph
    betweenness: dict[str, dict[Key, tuple[float, str, str]]]
    sampled: dict[str, str] = field(default_factory=dict)

    def name(self, key: Key) -> str:
        """The entity's name (its id if it has none)."""
        row = self.rows.get(key, {})
        return str(row.get("name") or key[1])

    def cell(self, key: Key, column: str) -> str:
        """A cell as text, as the diff shows it ("" when empty)."""
        return _text(self.rows.get(key, {}).get(column))


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    return str(value)


def _empty(value: object) -> bool:
    return value is None or value == () or (isinstance(value, float) and math.isnan(value))


def _rows(store: Store) -> tuple[dict[Key, dict[str, object]], set[Link]]:
    from graph.io.workbook import graph_tables

    schema = load_schema()
    tables = graph_tables(store, "de", lists=True)
    rows: dict[Key, dict[str, object]] = {}
    links: set[Link] = set()
    for sheet, frame in zip(schema.sheets, tables.values(), strict=True):
        keys = [c.key for c in sheet.columns]
        for values in frame.itertuples(index=False, name=None):
            cells = {k: v for k, v in zip(keys, values, strict=True) if not _empty(v)}
            ident = str(cells["id"])
            rows[(sheet.key, ident)] = cells
            for col in sheet.columns:
                if col.kind != "ref" or col.key not in cells:
                    continue
                target = _target(schema, col.target)
                items = cells[col.key]
                for item in items if isinstance(items, tuple) else (items,):
                    links.add((sheet.key, ident, col.key, target, str(item)))
    return rows, links


def _target(schema, cls) -> str:
    sheet = schema.sheet_for_class(cls)
    return sheet.key if sheet is not None else ""


def betweenness(full: nx.DiGraph) -> tuple[dict[str, dict[Key, tuple[float, str, str]]], dict[str, str]]:
    """Per view (``full``, ``actors``): every node's betweenness, name and kind label, by key; and how.

    The metric is :func:`graph.views.metrics.metrics`'. It is exact while a
    view's nodes times its nodes and edges stay within
    :data:`graph.views.metrics.SAMPLE_WORK`; above, it is sampled from as many
    sources as that budget allows (at least 10, seeded), since the actors view
    of a large overview is dense. The second dict says per view "exact" or how
    it was sampled.
    """
    from graph.views.metrics import SAMPLE_WORK, metrics
    from graph.views.projection import view

    out, how = {}, {}
    for name, graph in (("full", full), ("actors", view(full, "actors"))):
        n, m = graph.number_of_nodes(), graph.number_of_edges()
        k = None if n * (n + m) <= SAMPLE_WORK else max(10, SAMPLE_WORK // (n + m))
        table = metrics(graph, betweenness_k=k)
        how[name] = str(table.attrs.get("betweenness", ""))
        out[name] = {
            (sheet_of_kind(kind), ident): (float(b), label_, type_label)
            for ident, label_, kind, type_label, b in zip(
                table["id"],
                table["label"],
                table["kind"],
                table["type_label"],
                table["betweenness"],
                strict=True,
            )
        }
    return out, how


def snapshot(store: Store) -> Snapshot:
    """Read what the diff compares from a view (:class:`graph.store.view.GraphView`) of one cycle."""
    from graph.views.network import build_graph

    schema = load_schema()
    rows, links = _rows(store)
    covers = {(str(p), str(t)) for p, t in store.query(_COVERS).rows}
    routes: dict[tuple[str, str], set[str]] = {}
    for p, t, route in store.query(_ADDRESSES).rows:
        routes.setdefault((str(p), str(t)), set()).add(str(route))
    active = set()
    for actor, ident, cls in store.query(_ACTIVE).rows:
        sheet = schema.sheet_for_class(cls)
        if sheet is not None:
            active.add((str(actor), sheet.key, str(ident)))
    full = build_graph(store)
    between, how = betweenness(full)
    return Snapshot(
        rows=rows,
        links=links,
        covers=covers,
        addresses={pair: tuple(sorted(r)) for pair, r in routes.items()},
        active=active,
        full=full,
        betweenness=between,
        sampled={v: h for v, h in how.items() if h != "exact"},
    )


def relation_label(sheet: Sheet, column: str) -> str:
    """The planner's word for a reference column: the ontology's German label of its property."""
    col = sheet.column(column)
    return label(col.path, "de") or col.header_de
