"""Counts of entities per sheet and of links per reference column."""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import load_schema
from graph.store import Store

__all__ = ["Stats", "stats"]

_COUNT_ENTITIES = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
_COUNT_LINKS = "SELECT ?class ?p (COUNT(*) AS ?n) WHERE { ?s a ?class ; ?p ?o } GROUP BY ?class ?p"


@dataclass
class Stats:
    """Entity counts per sheet, link counts per reference column, and the triple count."""

    entities: dict[str, int]
    links: dict[str, int]
    triples: int

    def as_dict(self) -> dict:
        """``{"actors": 13, …, "links": {…}, "triples": N}`` for JSON output."""
        return {**self.entities, "links": dict(self.links), "triples": self.triples}

    def rows(self) -> list[dict]:
        """One row per count, for table output."""
        out = [{"group": "entities", "name": k, "count": v} for k, v in self.entities.items()]
        out += [{"group": "links", "name": k, "count": v} for k, v in self.links.items()]
        out.append({"group": "graph", "name": "triples", "count": self.triples})
        return out


def stats(store: Store) -> Stats:
    """Count entities per sheet and links per reference column of the schema.

    Links are named ``sheet.column`` (``plans.owner``, ``goals.plans`` …) in
    workbook order, as a planner entered them; a property used by several
    sheets (``dct:subject``) is counted per sheet.

    Examples
    --------
    >>> from graph.store import OxigraphStore
    >>> stats(OxigraphStore()).entities["plans"]
    0
    """
    schema = load_schema()
    entities = {str(c): int(n) for c, n in store.query(_COUNT_ENTITIES).rows}
    links = {(str(c), str(p)): int(n) for c, p, n in store.query(_COUNT_LINKS).rows}
    return Stats(
        entities={s.key: entities.get(str(s.target_class), 0) for s in schema.sheets},
        links={
            f"{s.key}.{col.key}": links.get((str(s.target_class), str(col.path)), 0)
            for s in schema.sheets
            for col in s.columns
            if col.kind in ("ref", "sdg")
        },
        triples=len(store),
    )
