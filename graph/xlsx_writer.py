"""Writing .xlsx workbooks whose cells hold data, never formulas.

Every text cell is stored as text (``t="inlineStr"``), so ``=cmd|' /C calc'!A0``
or ``=HYPERLINK(…)`` in the data is shown, never run; numbers, dates and
booleans keep their types. What a worksheet cannot hold is refused with its
place instead of being cut or dropped: control characters (openpyxl would
raise), cells longer than 32,767 characters (openpyxl would cut them without a
word) and sheets with more than 1,048,576 rows.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.errors import DataError, Problem

__all__ = ["MAX_CELL", "MAX_ROWS", "Styled", "cell_problem", "sheet_title", "xlsx_bytes"]

#: Characters a cell holds at most (Excel's limit).
MAX_CELL = 32_767
#: Rows a sheet holds at most, the header included.
MAX_ROWS = 1_048_576
#: Characters XML 1.0 (and so a worksheet) cannot hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")
_WIDTH_ROWS = 200  # rows looked at to size a column


@dataclass(frozen=True)
class Styled:
    """A cell value with a look: a note (an Excel comment), a fill colour (``"FFF2CC"``), bold, wrapped."""

    value: Any
    note: str | None = None
    fill: str | None = None
    bold: bool = False
    wrap: bool = False


def cell_problem(value: Any) -> str | None:
    """Why ``value`` cannot go into a cell, or None.

    Examples
    --------
    >>> cell_problem("Armut") is None
    True
    >>> cell_problem("Zeile\\x07")
    'contains the control character U+0007, which a workbook cannot hold'
    >>> cell_problem("x" * 40_000)
    'is 40,000 characters long; a workbook cell holds at most 32,767'
    """
    if not isinstance(value, str):
        return None
    bad = _ILLEGAL.search(value)
    if bad:
        return f"contains the control character U+{ord(bad.group()):04X}, which a workbook cannot hold"
    if len(value) > MAX_CELL:
        return f"is {len(value):,} characters long; a workbook cell holds at most {MAX_CELL:,}"
    return None


def sheet_title(name: str) -> str:
    """A valid sheet title for ``name``: without ``[]:*?/\\``, at most 31 characters.

    Examples
    --------
    >>> sheet_title("goals-without-instrument")
    'goals-without-instrument'
    >>> sheet_title("my/query: Armut?")
    'my_query_ Armut_'
    """
    return _BAD_TITLE.sub("_", name).strip("'")[:31] or "Tabelle"


def xlsx_bytes(
    sheets: Mapping[str, tuple[Sequence[str], Sequence[Sequence[Any]]]],
    *,
    file: str = "",
    dress: Callable[[str, Any], None] | None = None,
) -> bytes:
    """A workbook with one sheet per entry ``{title: (headers, rows)}``, as bytes.

    The header row is frozen and columns are sized to their text. Raises
    :class:`~graph.errors.DataError` listing every cell that a workbook cannot
    hold (``file [sheet]:row column: why``); nothing is cut. A value may be
    :class:`Styled` (a note, a fill, bold, wrapped); ``dress(title, worksheet)``
    is called for every sheet before its rows are written, to add what belongs
    to the sheet as a whole (data validations, its state, column widths).

    Examples
    --------
    >>> import zipfile, io
    >>> data = xlsx_bytes({"Akteure": (["ID", "Name"], [["X1", "=cmd|' /C calc'!A0"]])})
    >>> sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    >>> "<f>" in sheet, 't="inlineStr"' in sheet
    (False, True)
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    problems = []
    for title, (headers, rows) in sheets.items():
        where = f"{file} [{title}]" if file else title
        if len(rows) + 1 > MAX_ROWS:
            problems.append(
                Problem(where, None, None, f"{len(rows):,} rows; a sheet holds at most {MAX_ROWS - 1:,}")
            )
            continue
        for r, row in enumerate([headers, *rows], start=1):
            for header, value in zip(headers, row, strict=True):
                parts = (value.value, value.note) if isinstance(value, Styled) else (value,)
                for why in filter(None, map(cell_problem, parts)):
                    problems.append(Problem(where, r, str(header), why))
    if problems:
        raise DataError(problems)

    book = Workbook(write_only=True)
    for title, (headers, rows) in sheets.items():
        sheet = book.create_sheet(sheet_title(title))
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            texts = [str(header)] + [
                str(_plain(row[index - 1]))
                for row in rows[:_WIDTH_ROWS]
                if _plain(row[index - 1]) is not None
            ]
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(len(t) for t in texts) + 2)
        if dress is not None:
            dress(title, sheet)

        def cell(value: Any, sheet=sheet) -> WriteOnlyCell:
            look = value if isinstance(value, Styled) else None
            value = _plain(value)
            written = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                written.data_type = "s"  # text, never a formula ("=…") or an error code ("#N/A")
            if look is not None:
                _dress_cell(written, look)
            return written

        sheet.append([cell(str(h)) for h in headers])
        for row in rows:
            sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Styled) else value


def _dress_cell(cell: Any, look: Styled) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    if look.note:
        cell.comment = Comment(look.note, "sozialgraph", width=300, height=120)
    if look.fill:
        cell.fill = PatternFill("solid", start_color=look.fill, end_color=look.fill)
    if look.bold:
        cell.font = Font(bold=True)
    if look.wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
