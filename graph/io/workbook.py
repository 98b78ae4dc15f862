"""The planner's workbook written from the schema: a blank template, or the graph as tables."""

from __future__ import annotations

import math
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from graph.errors import DataError, Problem, SozialgraphError
from graph.files import atomic_write
from graph.io.ids import entity_iri
from graph.io.workbook_help import header, help_workbook, sheet_name
from graph.namespaces import DATA, RDF
from graph.schema import Column, label, load_schema
from graph.sdg import sdg_code
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Loss",
    "NotCarried",
    "base_of",
    "graph_tables",
    "read_back",
    "sheet_rows",
    "workbook_losses",
    "write_template",
    "write_workbook",
]

_COLUMN_VALUES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?p ?id ?value ?ref_id ?ref_label WHERE {
  ?s a ?class ; dct:identifier ?id ; ?p ?value .
  OPTIONAL { ?value dct:identifier ?ref_id }
  OPTIONAL { ?value rdfs:label ?ref_label }
}
"""


def _cell(col: Column, value, ref_id, ref_label, lang: str):
    """The text a planner would type for one value of a column, or None to skip it."""
    if col.kind == "ref":
        return str(ref_id) if ref_id is not None else None
    if col.kind == "source":  # a row of the sources sheet by its id, a minted source by its text
        return str(ref_id if ref_id is not None else ref_label if ref_label is not None else value)
    if col.kind == "sdg":
        return sdg_code(value)
    if col.kind == "enum":
        for typed, term in col.choices.items():
            if term == value:
                return label(term, lang) or typed
        return None
    if col.kind == "date" and isinstance(value, Literal):
        return value.toPython()
    if col.kind == "year":
        return int(str(value)[:4]) if str(value)[:4].isdigit() else str(value)
    return str(value)


def _plain_first(found: tuple) -> tuple[bool, str]:
    value = found[0]
    return (isinstance(value, Literal) and value.language is not None, str(value))


def sheet_rows(
    store: Store, lang: str = "de", *, lists: bool = False
) -> dict[str, dict[str, dict[str, Any]]]:
    """The graph as rows: ``{sheet key: {id: {column key: cell}}}``, as a planner would type them.

    Rows are sorted by id; an empty cell is None; list cells are joined with
    ``"; "`` in sorted order (``lists=True``: kept as sorted tuples), so equal
    cells mean equal values. Labels of closed
    lists (type, status) are in ``lang``; dates are :class:`datetime.date`,
    years :class:`int`.
    """
    schema = load_schema()
    # (class, property) -> id -> values
    found: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for cls, prop, ident, value, ref_id, ref_label in store.query(_COLUMN_VALUES).rows:
        found[(str(cls), str(prop))][str(ident)].append((value, ref_id, ref_label))
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for sheet in schema.sheets:
        ids = sorted(found[(str(sheet.target_class), str(sheet.column("id").path))])
        rows: dict[str, dict[str, Any]] = {}
        for ident in ids:
            row = {}
            for col in sheet.columns:
                values = found[(str(sheet.target_class), str(col.path))].get(ident, [])
                values = sorted(values, key=_plain_first)  # a single column holds the untagged value
                cells = [c for c in (_cell(col, *v, lang) for v in values) if c is not None]
                if col.single:
                    row[col.key] = cells[0] if cells else None
                else:
                    texts = tuple(sorted(str(c) for c in cells))
                    row[col.key] = texts if lists else "; ".join(texts) or None
            rows[ident] = row
        tables[sheet.key] = rows
    return tables


def graph_tables(store: Store, lang: str = "de", *, lists: bool = False) -> dict[str, pd.DataFrame]:
    """The graph as one table per sheet, with the headers of ``lang`` (``de`` or ``en``).

    Rows are sorted by id; list cells are joined with ``"; "`` (``lists=True``:
    kept as sorted tuples). Reading these tables back with the loader gives the
    same graph.
    """
    import pandas as pd

    rows = sheet_rows(store, lang, lists=lists)
    return {
        sheet_name(sheet, lang): pd.DataFrame(
            [[row[c.key] for c in sheet.columns] for row in rows[sheet.key].values()],
            columns=[header(c, lang) for c in sheet.columns],
        )
        for sheet in load_schema().sheets
    }


def _xlsx(tables: dict[str, pd.DataFrame], file: str) -> bytes:
    from graph.xlsx_writer import xlsx_bytes

    def value(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

    return xlsx_bytes(
        {
            name: (list(frame.columns), [[value(v) for v in row] for row in frame.itertuples(index=False)])
            for name, frame in tables.items()
        },
        file=file,
    )


@dataclass
class Loss:
    """Triples a workbook cannot carry, of one kind, with an example."""

    what: str
    count: int
    example: str

    def __str__(self) -> str:
        return f"{self.count:,} {self.what}, e.g. {self.example}"


class NotCarried(SozialgraphError):
    """The workbook would not read back to the same graph; nothing was written."""

    def __init__(
        self,
        losses: list[Loss],
        total: int,
        hint: str = "--allow-loss writes the workbook without them; --to ttl keeps everything",
    ):
        self.losses = losses
        lines = "\n".join(f"  {loss}" for loss in losses)
        super().__init__(
            f"a workbook cannot carry the whole graph ({total:,} triples); nothing was written:\n{lines}\n"
            f"  ({hint})"
        )


def write_workbook(
    store: Store, path: str | Path, lang: str = "de", *, allow_loss: bool = False
) -> list[Loss]:
    """Write the graph as an .xlsx workbook, one sheet per table, and check it reads back.

    The workbook is read back with the loader (entity IRIs under the base the
    graph's own entities use) and compared with the graph. Whatever it cannot
    carry (triples on blank nodes, language-tagged texts, properties without a
    column, entities of another base) raises :class:`NotCarried` naming each kind
    with a count and an example, and nothing is written; with ``allow_loss`` the
    workbook is written and the losses are returned. A cell a workbook cannot
    hold (a control character, more than 32,767 characters) raises
    :class:`~graph.errors.DataError` with its sheet, row and column.
    """
    path = Path(path)
    tables = graph_tables(store, lang)
    data = _xlsx(tables, path.name)
    losses, total = workbook_losses(store, data)
    if losses and not allow_loss:
        raise NotCarried(losses, total)
    atomic_write(path, data)
    return losses


def workbook_losses(store: Store, data: bytes) -> tuple[list[Loss], int]:
    """What workbook ``data``, read back, lacks of the store's graph (or adds to it), by kind; and the graph's size.

    Entity IRIs are minted under the base the graph's own entities use. A
    workbook that does not load raises :class:`~graph.errors.SozialgraphError`.
    """
    try:
        again = read_back(data, base_of(store), "the workbook")
    except DataError as exc:
        shown = "; ".join(str(p) for p in exc.problems[:3])
        raise SozialgraphError(f"the workbook would not load back, so nothing was written: {shown}") from None
    original = store.to_graph()
    return _losses(original, again), len(original)


def write_template(path: str | Path, lang: str = "de") -> Path:
    """Write a blank workbook with every sheet and header of the schema, its dropdowns and explanation.

    The explanation sheet (``# Anleitung``) comes first; type and status offer
    their values, references the ids of the sheet they point to (see
    :mod:`graph.io.workbook_help`).
    """
    return atomic_write(path, help_workbook({}, lang, file=Path(path).name))


# --------------------------------------------------------------------------
# reading back


_ENTITIES = """
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?s ?class ?id WHERE { ?s a ?class ; dct:identifier ?id }
"""


def base_of(store: Store) -> str:
    """The base IRI most of the graph's entities are minted under (see :func:`graph.io.ids.entity_iri`)."""
    schema = load_schema()
    keys = {str(s.target_class): s.key for s in schema.sheets}
    found: Counter[str] = Counter()
    for subject, cls, ident in store.query(_ENTITIES).rows:
        key = keys.get(str(cls))
        if key is None or not isinstance(subject, URIRef):
            continue
        tail = str(entity_iri("", key, str(ident)))
        if str(subject).endswith(tail) and len(str(subject)) > len(tail):
            found[str(subject)[: -len(tail)]] += 1
    return found.most_common(1)[0][0] if found else f"{DATA}dataset/"


@cache
def _prefixed() -> NamespaceManager:
    from graph.namespaces import PREFIXES

    names = NamespaceManager(Graph(), bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        names.bind(prefix, iri)
    return names


def read_back(data: bytes, base: str, name: str = "workbook.xlsx") -> Graph:
    """The graph the loader reads from workbook ``data``.

    Raises :class:`~graph.errors.DataError` with every problem, named as if the
    file ``name`` had been loaded.
    """
    from graph.io.load import read_dataset

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "workbook.xlsx"
        target.write_bytes(data)
        try:
            return read_dataset(target, base=base, shacl=False).graph
        except DataError as exc:
            raise DataError(
                Problem(p.file.replace("workbook.xlsx", name, 1), p.row, p.column, p.message)
                for p in exc.problems
            ) from None


def _losses(original: Graph, again: Graph) -> list[Loss]:
    """What ``again`` lacks of ``original`` (and adds to it), by kind."""
    lost, added = set(original) - set(again), set(again) - set(original)
    if not lost and not added:  # the workbook holds no blank nodes: equal sets are isomorphic graphs
        return []
    columns = {col.path for sheet in load_schema().sheets for col in sheet.columns}
    groups: dict[str, list[str]] = defaultdict(list)
    for triple in sorted(lost, key=lambda t: tuple(map(str, t))):
        s, p, o = triple
        if isinstance(s, BNode) or isinstance(o, BNode):
            what = "triples on blank nodes"
        elif isinstance(o, Literal) and o.language:
            what = "language-tagged texts"
        elif p not in columns and p != RDF.type:
            what = "triples with a property the workbook has no column for"
        else:
            what = "other triples the workbook would change"
        groups[what].append(_n3(triple))
    if added:
        groups["triples the workbook would add"] = [
            _n3(t) for t in sorted(added, key=lambda t: tuple(map(str, t)))
        ]
    return [Loss(what, len(items), items[0]) for what, items in groups.items()]


def _n3(triple: tuple) -> str:
    names = _prefixed()
    text = " ".join(term.n3(names) for term in triple)
    return text if len(text) <= 160 else text[:159] + "…"
