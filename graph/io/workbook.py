"""The planner's workbook written from the schema: a blank template, or the graph as tables."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal

from graph.files import atomic_write
from graph.schema import Column, Sheet, label, load_schema
from graph.sdg import sdg_code
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["graph_tables", "write_template", "write_workbook"]

_COLUMN_VALUES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?p ?id ?value ?ref_id ?ref_label WHERE {
  ?s a ?class ; dct:identifier ?id ; ?p ?value .
  OPTIONAL { ?value dct:identifier ?ref_id }
  OPTIONAL { ?value rdfs:label ?ref_label }
}
"""


def _header(col: Column, lang: str) -> str:
    return col.header_de if lang == "de" else col.key


def _sheet_name(sheet: Sheet, lang: str) -> str:
    return sheet.name_de if lang == "de" else sheet.key


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


def graph_tables(store: Store, lang: str = "de") -> dict[str, pd.DataFrame]:
    """The graph as one table per sheet, with the headers of ``lang`` (``de`` or ``en``).

    Rows are sorted by id; list cells are joined with ``"; "``. Reading these
    tables back with the loader gives the same graph.
    """
    import pandas as pd

    schema = load_schema()
    # (class, property) -> id -> values
    found: dict[tuple[str, str], dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for cls, prop, ident, value, ref_id, ref_label in store.query(_COLUMN_VALUES).rows:
        found[(str(cls), str(prop))][str(ident)].append((value, ref_id, ref_label))
    tables: dict[str, pd.DataFrame] = {}
    for sheet in schema.sheets:
        ids = sorted(found[(str(sheet.target_class), str(sheet.column("id").path))])
        rows = []
        for ident in ids:
            row = {}
            for col in sheet.columns:
                values = found[(str(sheet.target_class), str(col.path))].get(ident, [])
                cells = [c for c in (_cell(col, *v, lang) for v in values) if c is not None]
                if col.single:
                    row[_header(col, lang)] = cells[0] if cells else None
                else:
                    row[_header(col, lang)] = "; ".join(sorted(str(c) for c in cells)) or None
            rows.append(row)
        tables[_sheet_name(sheet, lang)] = pd.DataFrame(
            rows, columns=[_header(c, lang) for c in sheet.columns]
        )
    return tables


def _write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in tables.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            sheet.freeze_panes = "A2"
            for idx, column in enumerate(frame.columns, start=1):
                width = max([len(str(column)), *[len(str(v)) for v in frame[column].dropna()][:200]])
                sheet.column_dimensions[sheet.cell(row=1, column=idx).column_letter].width = min(
                    60, width + 2
                )
    return atomic_write(path, buffer.getvalue())


def write_workbook(store: Store, path: str | Path, lang: str = "de") -> Path:
    """Write the graph as an .xlsx workbook, one sheet per table."""
    return _write_xlsx(graph_tables(store, lang), Path(path))


def write_template(path: str | Path, lang: str = "de") -> Path:
    """Write a blank workbook with every sheet and header of the schema."""
    import pandas as pd

    schema = load_schema()
    tables = {
        _sheet_name(s, lang): pd.DataFrame(columns=[_header(c, lang) for c in s.columns])
        for s in schema.sheets
    }
    return _write_xlsx(tables, Path(path))
