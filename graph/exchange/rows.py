"""The overview's rows as comparable cells: canonical text, closed-list labels in a language, references.

Partner workbooks and the merge compare rows as :func:`graph.io.workbook.sheet_rows`
gives them (lists sorted and joined with ``"; "``, closed lists by their German
label), so that two cells are equal exactly when they give the same triples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from rdflib import Graph

from graph.io.cells import split_cell
from graph.schema import Column, Sheet, label, load_schema, normalise

__all__ = ["Rows", "cell_text", "graph_rows", "read_rows", "references", "relabel"]

#: ``{sheet key: {id: {column key: cell}}}``, closed lists labelled in German.
Rows = dict[str, dict[str, dict[str, Any]]]


def cell_text(value: Any) -> str:
    """A cell as text to compare and store: empty for None, dates as ISO.

    Examples
    --------
    >>> cell_text(None), cell_text(2017), cell_text(dt.date(2018, 12, 31)), cell_text("SEP")
    ('', '2017', '2018-12-31', 'SEP')
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def relabel(col: Column, value: Any, lang: str) -> Any:
    """A cell of a closed list (type, status) with the label of ``lang``; other cells as they are.

    Examples
    --------
    >>> status = load_schema().sheet("plans").column("status")
    >>> relabel(status, "aktiv", "en"), relabel(status, "active", "de")
    ('active', 'aktiv')
    """
    if col.kind != "enum" or value is None:
        return value
    term = col.choices.get(normalise(str(value)))
    return (label(term, lang) or value) if term is not None else value


def references(sheet: Sheet, row: dict[str, Any], ids: Rows) -> Iterator[tuple[str, str]]:
    """``(sheet key, id)`` of every row that ``row`` names in its references (sources: rows of ``sources``)."""
    schema = load_schema()
    for col in sheet.columns:
        if col.kind not in ("ref", "source") or not row.get(col.key):
            continue
        target = schema.sheet("sources") if col.kind == "source" else schema.sheet_for_class(col.target)
        if target is None:
            continue
        for item in split_cell(str(row[col.key]), col):
            if item in ids.get(target.key, {}):
                yield target.key, item


def graph_rows(graph: Graph) -> Rows:
    """The rows of a data graph (closed lists labelled in German)."""
    from graph.io.workbook import sheet_rows
    from graph.store import OxigraphStore

    store = OxigraphStore()
    store.add_graph(graph)
    return sheet_rows(store, "de")


def read_rows(data: bytes, base: str, name: str) -> tuple[Graph, Rows]:
    """The graph and rows the loader reads from workbook ``data`` (problems name ``name`` as the file).

    Raises :class:`~graph.errors.DataError` with every problem, as if ``name``
    had been loaded.
    """
    from graph.io.workbook import read_back

    graph = read_back(data, base, name)
    return graph, graph_rows(graph)
