"""Reading the planner's tables: a folder of CSV files or one .xlsx workbook, as checked text."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import Problem, did_you_mean
from graph.io.checks import clean, id_problems, text_problems
from graph.io.csvfile import read_csv_records
from graph.schema import Column, Sheet, load_schema, normalise

if TYPE_CHECKING:  # pragma: no cover
    from graph.io.xlsx_reader import Mark

__all__ = ["NOTE_PREFIX", "RDF_SUFFIXES", "Table", "read_tables"]

#: File name endings of RDF files that a dataset may contain.
RDF_SUFFIXES = (".ttl", ".jsonld", ".nt")
#: A column whose header starts with this holds notes: it is read past, with a notice.
NOTE_PREFIX = "#"


@dataclass
class Table:
    """One sheet as read from a CSV file or a workbook tab, every cell as cleaned text.

    ``rows`` holds ``(row number, {column key: cell text})`` with the row number a
    spreadsheet shows (the header is row 1); blank rows are left out. Note
    columns (header starting with ``#``) are listed in ``notes`` and not in the rows.
    """

    sheet: Sheet
    file: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]
    notes: list[str] = field(default_factory=list)
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
        load and the notices for the load report (files, tabs and columns read past).
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
                _add(tables, _read_csv(f, f.name, problems, warnings), problems)
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
                _add(tables, table, problems)
        elif suffix == ".csv":
            if _match_sheet(path.stem) is None:
                problems.append(Problem(path.name, None, None, _unknown_sheet_message(path.stem, "file")))
            else:
                _add(tables, _read_csv(path, path.name, problems, warnings), problems)
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


def _match_sheet(name: str) -> Sheet | None:
    return load_schema().match_sheet(clean(name))


def _unknown_sheet_message(name: str, what: str) -> str:
    names = ", ".join(n for s in load_schema().sheets for n in s.names)
    return f"{what} {name!r} names no sheet (sheets are: {names})"


def _add(tables: list[Table], table: Table | None, problems: list[Problem]) -> None:
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


# --------------------------------------------------------------------------
# CSV


def _read_csv(path: Path, name: str, problems: list[Problem], warnings: list[str]) -> Table | None:
    sheet = _match_sheet(path.stem)
    if sheet is None:
        warnings.append(f"{name}: skipped, {_unknown_sheet_message(path.stem, 'file name')}")
        return None
    records = read_csv_records(path, name, problems)
    return None if records is None else _table(sheet, name, records, problems, warnings)


# --------------------------------------------------------------------------
# xlsx


def _read_xlsx(path: Path, problems: list[Problem], warnings: list[str]) -> list[Table]:
    from graph.io.xlsx_reader import read_workbook

    raw_sheets, workbook_problems = read_workbook(path)
    problems.extend(workbook_problems)
    tables = []
    for raw in raw_sheets:
        label = f"{path.name} [{raw.title}]"
        if raw.title.startswith(NOTE_PREFIX):  # a note tab, like a note column (the template's # Anleitung)
            continue
        if raw.hidden:
            warnings.append(f"{label}: hidden tab ignored; unhide it in Excel to load it")
            continue
        sheet = _match_sheet(raw.title)
        if sheet is None:
            warnings.append(f"{label}: skipped, {_unknown_sheet_message(raw.title, 'tab')}")
            continue
        table = _table(sheet, label, raw.records, problems, warnings, marks=raw.marks, dates=raw.dates)
        if table is not None:
            tables.append(table)
    return tables


# --------------------------------------------------------------------------
# records -> Table


def _table(
    sheet: Sheet,
    name: str,
    records: list[list[str]],
    problems: list[Problem],
    warnings: list[str],
    *,
    marks: Iterable[Mark] = (),
    dates: Collection[tuple[int, int]] = (),
) -> Table | None:
    """Turn raw records (the first non-blank one is the header) into a :class:`Table`, checking every cell."""
    numbered = [(i, r) for i, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        problems.append(Problem(name, None, None, "the sheet is empty (not even a header row)"))
        return None
    header_row, raw_headers = numbered[0]
    width = max(len(r) for _, r in numbered)
    headers = [clean(h) for h in raw_headers] + [""] * (width - len(raw_headers))
    columns = _columns(sheet, name, header_row, headers, numbered[1:], problems)
    notes = [h for h in headers if h.startswith(NOTE_PREFIX)]
    if notes:
        warnings.append(f"{name}: note columns ignored: {', '.join(notes)}")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in numbered[1:]:
        cells: dict[str, str] = {}
        for j, raw in enumerate(record):
            col = columns[j]
            if col is None:
                continue
            text = clean(raw)
            for message in _cell_problems(text, col, (number, j + 1) in dates):
                problems.append(Problem(name, number, headers[j], message))
            cells[col.key] = text
        if any(cells.values()):
            rows.append((number, cells))
    last_row = numbered[-1][0]
    for mark in marks:
        inside = range(max(mark.first_col, 1), min(mark.last_col, width) + 1)
        if inside and all(headers[c - 1].startswith(NOTE_PREFIX) for c in inside):
            continue
        if mark.merged and (mark.last_row < header_row or mark.first_row > last_row):
            continue
        j = mark.first_col - 1
        column = (headers[j] or _letter(j)) if 0 <= j < width else None
        problems.append(Problem(name, mark.first_row, column, mark.message))
    return Table(sheet, name, [h for h in headers if h], rows, notes, header_row)


def _columns(
    sheet: Sheet,
    name: str,
    header_row: int,
    headers: list[str],
    data: list[tuple[int, list[str]]],
    problems: list[Problem],
) -> list[Column | None]:
    """The column of every position; unknown, blank-over-data and doubled headers are problems."""
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    for j, h in enumerate(headers):
        col = None
        if not h:
            filled = [n for n, r in data if j < len(r) and r[j].strip()]
            if filled:
                problems.append(
                    Problem(
                        name,
                        header_row,
                        f"column {_letter(j)}",
                        f"no header above the values in {_rows(filled)}; name the column, "
                        f"or start its header with {NOTE_PREFIX!r} to keep it as notes",
                    )
                )
        elif h.startswith(NOTE_PREFIX):
            pass
        elif found := text_problems(h):
            problems.extend(Problem(name, header_row, h, message) for message in found)
        elif (col := sheet.match_column(h)) is None:
            problems.append(Problem(name, header_row, h, _unknown_column(sheet, name, h)))
        elif col.key in seen:
            problems.append(
                Problem(name, header_row, h, f"a second column for {col.key!r} (after {seen[col.key]!r})")
            )
            col = None
        else:
            seen[col.key] = h
        columns.append(col)
    return columns


def _unknown_column(sheet: Sheet, name: str, header: str) -> str:
    german = any(normalise(sheet.name_de) in normalise(part) for part in re.split(r"[\[\]/\\]", name) if part)
    known = [c.header_de if german else c.key for c in sheet.columns]
    hint = did_you_mean(header, [h for c in sheet.columns for h in c.headers])
    if hint:
        return "unknown column" + hint
    return (
        f"unknown column (the columns are {', '.join(known)}; "
        f"a header starting with {NOTE_PREFIX!r} marks a note column)"
    )


def _cell_problems(text: str, col: Column, date_cell: bool) -> list[str]:
    """What is wrong with one cell's text in column ``col``."""
    if not text:
        return []
    found = text_problems(text)
    if col.key == "id" or col.kind == "ref":
        if date_cell:
            found.append(
                f"Excel stored a date here ({text}), not an id; format the column as text in Excel "
                "and retype the id"
            )
        else:
            found.extend(id_problems(text, list_cell=col.kind == "ref"))
    return found


def _letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index.

    >>> _letter(0), _letter(25), _letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _rows(numbers: list[int]) -> str:
    """
    >>> _rows([3]), _rows([3, 5]), _rows(list(range(2, 12)))
    ('row 3', 'rows 3, 5', 'rows 2, 3, 4, 5, 6, … (10 rows)')
    """
    if len(numbers) == 1:
        return f"row {numbers[0]}"
    shown = ", ".join(str(n) for n in numbers[:5])
    return f"rows {shown}" + (f", … ({len(numbers)} rows)" if len(numbers) > 5 else "")
