"""Reading one CSV file as Excel writes it: encoding, delimiter, quoting, stray bytes."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from graph.errors import Problem

__all__ = ["read_csv_records"]

_DELIMITERS = (";", ",", "\t")
_STRAY = re.compile(r"[\udc80-\udcff]")


def read_csv_records(path: Path, name: str, problems: list[Problem]) -> list[list[str]] | None:
    """The records of one CSV file as Excel writes it, or None with the problems that stop reading it.

    UTF-8 with or without BOM, or Windows-1252; ``;``, ``,`` or tab as delimiter
    (the most frequent in the first line, or Excel's ``sep=`` line); CRLF or LF.
    A byte that is not UTF-8 in an otherwise UTF-8 file is a problem named by row
    and column; the cell is read as Windows-1252 so that checking goes on.
    """
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    start = 1  # the line the record being read begins on
    try:
        for record in reader:
            records.append(record)
            start = reader.line_num + 1
    except csv.Error as exc:
        why = "a quote is opened and never closed" if "end of data" in str(exc) else str(exc)
        problems.append(Problem(name, None, None, f"not valid CSV (line {start}): {why}"))
        return None
    if _STRAY.search(text):
        _stray_bytes(name, records, problems)
    return records


def _stray_bytes(name: str, records: list[list[str]], problems: list[Problem]) -> None:
    """Report every cell holding a byte that is not UTF-8, and read it as Windows-1252 to go on checking."""
    header = next((r for r in records if any(c.strip() for c in r)), [])
    for number, record in enumerate(records, start=1):
        for j, cell in enumerate(record):
            if m := _STRAY.search(cell):
                byte = m.group().encode("utf-8", "surrogateescape")
                record[j] = _STRAY.sub(lambda s: _as_cp1252(s.group()), cell)
                column = header[j].strip() if j < len(header) else ""
                problems.append(
                    Problem(
                        name,
                        number,
                        column or None,
                        f"the byte 0x{byte[0]:02X} is not UTF-8 though the rest of the file is "
                        f"(a Windows-1252 {_as_cp1252(m.group())!r}?); retype it, or save the file as UTF-8",
                    )
                )


def _as_cp1252(escaped: str) -> str:
    return escaped.encode("utf-8", "surrogateescape").decode("cp1252", errors="replace")


def _decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM); else Windows-1252 if no byte run is UTF-8; else UTF-8 with stray bytes.

    Stray bytes in an otherwise UTF-8 file stay as surrogate escapes (U+DC80–U+DCFF)
    for :func:`_stray_bytes` to report; None when the file is neither encoding.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    escaped = data.decode("utf-8-sig", errors="surrogateescape")
    if re.search(r"[^\x00-\x7f\udc80-\udcff]", escaped):
        return escaped  # real UTF-8 sequences beside the stray bytes: not a Windows-1252 file
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None
