"""Reading the planner's tables: a folder of CSV files or one .xlsx workbook, as raw text."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import Problem
from graph.schema import Sheet, load_schema

__all__ = ["RDF_SUFFIXES", "Table", "cell_text", "read_tables"]

#: File name endings of RDF files that a dataset may contain.
RDF_SUFFIXES = (".ttl", ".jsonld", ".nt")

_DELIMITERS = (";", ",", "\t")


@dataclass
class Table:
    """One sheet as read from a CSV file or a workbook tab, every cell as text.

    ``rows`` holds ``(row number, {column key: cell text})`` with the row number a
    spreadsheet shows (the header is row 1); blank rows are left out. Columns the
    schema does not know are listed in ``unknown_headers`` and not in the rows.
    """

    sheet: Sheet
    file: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]
    unknown_headers: list[str] = field(default_factory=list)
    header_row: int = 1

    def header(self, key: str) -> str:
        """The header as written in the file for column ``key`` (English default if absent)."""
        for h in self.headers:
            col = self.sheet.match_column(h)
            if col is not None and col.key == key:
                return h
        return key

    def has_column(self, key: str) -> bool:
        """Whether the file has a column for ``key`` (English or German header)."""
        return any((c := self.sheet.match_column(h)) is not None and c.key == key for h in self.headers)


def cell_text(value: object) -> str:
    """The text of a workbook cell, as a planner would have typed it.

    Excel stores years as numbers and dates as date cells; both become the text
    the loader parses (``2017``, ``2017-11-27``).

    Examples
    --------
    >>> cell_text(2017.0), cell_text(3.5), cell_text(None)
    ('2017', '3.5', '')
    >>> cell_text(dt.datetime(2017, 11, 27))
    '2017-11-27'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def read_tables(path: Path) -> tuple[list[Table], list[Path], list[Problem], list[str]]:
    """Read every sheet of a dataset as text.

    Parameters
    ----------
    path
        A folder of CSV (and RDF) files, an ``.xlsx`` workbook, a single CSV file
        named like a sheet, or a single RDF file.

    Returns
    -------
    tables, rdf_files, problems, warnings
        The sheets found, the RDF files to merge in, the problems that stop the
        load and the warnings for the load report (unknown files and columns).
    """
    path = Path(path)
    problems: list[Problem] = []
    warnings: list[str] = []
    tables: list[Table] = []
    rdf_files: list[Path] = []
    if not path.exists():
        return [], [], [Problem(str(path), None, None, "no such file or folder")], []
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
        for f in files:
            suffix = f.suffix.lower()
            if suffix in RDF_SUFFIXES:
                rdf_files.append(f)
            elif suffix == ".csv":
                _add(tables, _read_csv(f, f.name, problems, warnings), problems, warnings)
            elif suffix in (".xlsx", ".xls", ".xlsm"):
                warnings.append(
                    f"{f.name}: a workbook inside a dataset folder is ignored; load it on its own"
                )
        if not tables and not rdf_files and not problems:
            problems.append(Problem(path.name or str(path), None, None, "no CSV or RDF files in this folder"))
    else:
        suffix = path.suffix.lower()
        if suffix in RDF_SUFFIXES:
            rdf_files.append(path)
        elif suffix in (".xlsx", ".xlsm"):
            for table in _read_xlsx(path, problems, warnings):
                _add(tables, table, problems, warnings)
        elif suffix == ".csv":
            if load_schema().match_sheet(path.stem) is None:
                problems.append(Problem(path.name, None, None, _unknown_sheet_message(path.stem, "file")))
            else:
                _add(tables, _read_csv(path, path.name, problems, warnings), problems, warnings)
        elif suffix == ".xls":
            problems.append(Problem(path.name, None, None, "old .xls workbook; save it as .xlsx in Excel"))
        else:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    "not a dataset: expected a folder of CSV files, an .xlsx workbook "
                    "or an RDF file (.ttl, .jsonld, .nt)",
                )
            )
    tables.sort(key=lambda t: t.sheet.order)
    return tables, rdf_files, problems, warnings


def _unknown_sheet_message(name: str, what: str) -> str:
    names = ", ".join(n for s in load_schema().sheets for n in s.names)
    return f"{what} {name!r} names no sheet (sheets are: {names})"


def _add(tables: list[Table], table: Table | None, problems: list[Problem], warnings: list[str]) -> None:
    if table is None:
        return
    for other in tables:
        if other.sheet.key == table.sheet.key:
            problems.append(
                Problem(
                    table.file, None, None, f"a second {table.sheet.key} sheet (the first is {other.file})"
                )
            )
            return
    tables.append(table)


def _decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252, else None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _read_csv(path: Path, name: str, problems: list[Problem], warnings: list[str]) -> Table | None:
    sheet = load_schema().match_sheet(path.stem)
    if sheet is None:
        warnings.append(f"{name}: skipped, {_unknown_sheet_message(path.stem, 'file name')}")
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(name, None, None, f"cannot read the file: {exc.strerror or exc}"))
        return None
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        problems.append(
            Problem(name, None, None, "not a text file (an Excel workbook saved with a .csv name?)")
        )
        return None
    text = _decode(data)
    if text is None:
        problems.append(Problem(name, None, None, "cannot read the file: not UTF-8 or Windows-1252 text"))
        return None
    if not text.strip():
        problems.append(Problem(name, None, None, "the file is empty"))
        return None
    first, _, rest = text.lstrip("\r\n").partition("\n")
    first = first.rstrip("\r")
    if len(first) == 5 and first.lower().startswith("sep="):  # Excel's delimiter hint, hidden by Excel
        delimiter, text = first[4], rest
    else:
        delimiter = max(_DELIMITERS, key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        problems.append(Problem(name, None, None, f"cannot read the file as CSV: {exc}"))
        return None
    return _table(sheet, name, records, problems, warnings)


def _read_xlsx(path: Path, problems: list[Problem], warnings: list[str]) -> list[Table]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        problems.append(Problem(path.name, None, None, f"cannot read the workbook: {exc}"))
        return []
    tables = []
    try:
        for ws in wb.worksheets:
            sheet = load_schema().match_sheet(ws.title)
            label = f"{path.name} [{ws.title}]"
            if sheet is None:
                warnings.append(f"{label}: skipped, {_unknown_sheet_message(ws.title, 'tab')}")
                continue
            records = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            table = _table(sheet, label, records, problems, warnings)
            if table is not None:
                tables.append(table)
    finally:
        wb.close()
    return tables


def _table(
    sheet: Sheet, name: str, records: list[list[str]], problems: list[Problem], warnings: list[str]
) -> Table | None:
    """Turn raw records (first non-blank one is the header) into a :class:`Table`."""
    numbered = [(i, r) for i, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        problems.append(Problem(name, None, None, "the sheet is empty (not even a header row)"))
        return None
    header_row, raw_headers = numbered[0]
    headers = [h.strip() for h in raw_headers]
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    unknown: list[str] = []
    for h in headers:
        col = sheet.match_column(h) if h else None
        if col is None:
            keys.append(None)
            if h:
                unknown.append(h)
        elif col.key in seen:
            problems.append(
                Problem(name, header_row, h, f"a second column for {col.key!r} (after {seen[col.key]!r})")
            )
            keys.append(None)
        else:
            seen[col.key] = h
            keys.append(col.key)
    if unknown:
        warnings.append(f"{name}: unknown columns ignored: {', '.join(unknown)}")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in numbered[1:]:
        cells = {k: v for k, v in zip(keys, record, strict=False) if k is not None}
        if any(v.strip() for v in cells.values()):
            rows.append((number, cells))
    return Table(sheet, name, [h for h in headers if h], rows, unknown, header_row)
