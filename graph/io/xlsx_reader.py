"""Reading an .xlsx workbook safely: the archive checked, its XML scanned, every cell of the used range read."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import warnings
import xml.parsers.expat
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import Problem

__all__ = [
    "MAX_CELLS",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "Mark",
    "RawSheet",
    "cell_text",
    "read_workbook",
]

#: The most one part of the archive may unpack to.
MAX_PART_BYTES = 256 * 2**20
#: The most all parts together may unpack to.
MAX_TOTAL_BYTES = 1024 * 2**20
#: The most cells of one tab that are read, empty ones in the used range included.
MAX_CELLS = 20_000_000
#: The most a part larger than 1 MiB may shrink when packed (Apache POI's default for Office files).
MAX_RATIO = 100
_MAX_PARTS = 10_000
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_OFFICE_DOCUMENT = "/officeDocument"
#: Bytes that may start a formula, an error cell or a merged range in a sheet's XML.
_MARKERS = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]|\st\s*=\s*[\"']e[\"']|mergeCell")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REL_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Mark:
    """A place in a sheet that cannot be read as data: merged cells, a formula without value, an error."""

    first_row: int
    last_row: int
    first_col: int
    last_col: int
    message: str
    merged: bool = False


@dataclass
class RawSheet:
    """One tab as text: its records (every cell as :func:`cell_text`) and what its XML revealed."""

    title: str
    records: list[list[str]]
    hidden: bool = False
    marks: list[Mark] = field(default_factory=list)
    dates: set[tuple[int, int]] = field(default_factory=set)


class _Refused(Exception):
    """The archive or its XML is not something Excel writes; the message says why."""


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

    Characters Excel escapes in its XML (``_x000D_`` for a carriage return) are
    unescaped, as Excel shows them:

    >>> cell_text("Zeile 1_x000D_"), cell_text("a_x005F_x0041_")
    ('Zeile 1\\r', 'a_x0041_')
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
    text = str(value)
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def read_workbook(path: Path) -> tuple[list[RawSheet], list[Problem]]:
    """Every tab of an ``.xlsx`` workbook as text, or the problems that stop reading it.

    The archive's parts are checked before anything is unpacked (size, packing
    ratio: zip bombs), every XML part is parsed once with DTDs refused (entity
    expansion, external entities) and scanned for merged cells, formulas
    without a computed value and error values. Cells are then read by openpyxl
    over the sheet's real used range, not its stored ``<dimension>``.
    """
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [], [Problem(name, None, None, f"cannot read the workbook: {exc.strerror or exc}")]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        message = "a password-protected or old-format workbook; save it as .xlsx without a password"
        return [], [Problem(name, None, None, message)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
            sheets = _scan_package(archive)
    except _Refused as exc:
        return [], [Problem(name, None, None, f"refused: {exc}")]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        return [], [Problem(name, None, None, f"cannot read the workbook: {exc or type(exc).__name__}")]
    try:
        return _read_values(data, sheets), []
    except _Refused as exc:
        return [], [Problem(name, None, None, f"refused: {exc}")]
    except Exception as exc:  # openpyxl raises many kinds on damaged parts; the XML itself was checked
        return [], [Problem(name, None, None, f"cannot read the workbook: {exc or type(exc).__name__}")]


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse archives whose parts would unpack to too much, before unpacking any."""
    parts = archive.infolist()
    if len(parts) > _MAX_PARTS:
        raise _Refused(f"{len(parts)} parts in the archive (a workbook has a few dozen)")
    total = 0
    for info in parts:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > 2**20 and ratio > MAX_RATIO):
            raise _Refused(
                f"the part {info.filename!r} would unpack to {_size(info.file_size)} from "
                f"{_size(info.compress_size)}; a workbook like this is a zip bomb, not a spreadsheet"
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _Refused(
            f"the workbook would unpack to {_size(total)} (at most {_size(MAX_TOTAL_BYTES)} is read)"
        )


def _size(n: int) -> str:
    """Bytes for people.

    >>> _size(324_000), _size(5 * 2**30)
    ('316 KB', '5.0 GB')
    """
    for unit, scale in (("GB", 2**30), ("MB", 2**20)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n // 1024} KB" if n >= 1024 else f"{n} bytes"


def _scan_package(archive: zipfile.ZipFile) -> dict[str, RawSheet]:
    """Parse every XML part once (DTDs refused); the worksheets by tab title, with their marks."""
    names = {i.filename for i in archive.infolist()}
    rels: list[dict[str, str]] = []
    _parse(archive, "_rels/.rels", _collect("Relationship", rels))
    office = [r.get("Target", "") for r in rels if r.get("Type", "").endswith(_OFFICE_DOCUMENT)]
    if not office or not office[0]:
        raise zipfile.BadZipFile("not an Office document (no _rels/.rels naming a workbook)")
    book_part = office[0].lstrip("/")
    folder, base = posixpath.split(book_part)
    tabs: list[dict[str, str]] = []
    book_rels: list[dict[str, str]] = []
    _parse(archive, book_part, _collect("sheet", tabs))
    book_rels_part = posixpath.join(folder, "_rels", base + ".rels")
    _parse(archive, book_rels_part, _collect("Relationship", book_rels))
    targets = {r.get("Id"): r.get("Target", "") for r in book_rels}
    sheets: dict[str, RawSheet] = {}
    parts: dict[str, RawSheet] = {}
    for tab in tabs:
        target = targets.get(tab.get(_REL_ID), "")
        part = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        sheet = RawSheet(tab.get("name", ""), [], hidden=tab.get("state", "visible") != "visible")
        sheets[sheet.title] = sheet
        if part in names:
            parts[part] = sheet
    for part in sorted(names - {"_rels/.rels", book_part, book_rels_part}):
        if part in parts:
            if _parse(archive, part, None):  # a second, slower pass only where there is something to mark
                _parse(archive, part, _SheetScan(parts[part]).attach)
        elif part.lower().endswith(_XML_SUFFIXES):
            _parse(archive, part, None)
    return sheets


def _parse(archive: zipfile.ZipFile, part: str, attach: Callable | None) -> bool:
    """Stream one XML part through expat; a DTD (entity declarations, external entities) is refused.

    Returns whether the part may hold a formula, an error value or merged cells
    (always True for XML not in an ASCII-compatible encoding).
    """
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args) -> None:
        raise _Refused(
            f"the part {part!r} declares a DTD (entities can expand without end or read local files)"
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    if attach is not None:
        attach(parser)
    try:
        stream = archive.open(part)
    except KeyError:
        return False
    seen, tail = False, b""
    with stream:
        try:
            while chunk := stream.read(2**20):
                if not tail and chunk.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00", b"<\x00")):
                    seen = True  # UTF-16 or UTF-32: the byte search below cannot see markers
                seen = seen or _MARKERS.search(tail + chunk) is not None
                tail = chunk[-32:]
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            raise zipfile.BadZipFile(
                f"the part {part!r} is not well-formed XML (line {exc.lineno})"
            ) from None
    return seen


def _collect(local: str, into: list[dict[str, str]]) -> Callable:
    """A handler that keeps the attributes of every element named ``local``."""

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag.rsplit("}", 1)[-1] == local:
            into.append(attrs)

    def attach(parser) -> None:
        parser.StartElementHandler = start

    return attach


class _SheetScan:
    """Merged ranges, formula cells without a cached value and error cells of one worksheet."""

    def __init__(self, sheet: RawSheet):
        self.sheet = sheet
        self.ref = _quote_title(sheet.title)
        self.cell: dict[str, str] | None = None
        self.formula: list[str] | None = None
        self.value: list[str] | None = None
        self.has_value = False
        self.text: list[str] | None = None

    def attach(self, parser) -> None:
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        if local == "c":
            self.cell, self.formula, self.value, self.has_value = attrs, None, None, False
        elif local == "f" and self.cell is not None:
            self.formula = self.text = []
        elif local == "v" and self.cell is not None:
            self.has_value, self.value = True, []
            self.text = self.value
        elif local == "mergeCell" and "ref" in attrs:
            (c1, r1), (c2, r2) = _bounds(attrs["ref"])
            message = f"merged cells {self.ref}!{attrs['ref']}; unmerge them and give every cell its value"
            self.sheet.marks.append(Mark(r1, r2, c1, c2, message, merged=True))

    def chars(self, text: str) -> None:
        if self.text is not None and len(self.text) < 100:
            self.text.append(text)

    def end(self, tag: str) -> None:
        local = tag.rsplit("}", 1)[-1]
        if local in ("f", "v"):
            self.text = None
        elif local == "c" and self.cell is not None:
            where = self.cell.get("r")
            # no cached value: no <v>, or an empty one that is not an empty text result (t="str")
            cached = self.has_value and (bool(self.value) or self.cell.get("t") == "str")
            if where and self.formula is not None and not cached:
                shown = "".join(self.formula)[:60]
                message = (
                    f"formula without a computed value in {self.ref}!{where}"
                    + (f" (={shown})" if shown else "")
                    + "; open and save the workbook in Excel, or paste the values"
                )
                self._mark(where, message)
            elif where and self.cell.get("t") == "e":
                self._mark(
                    where,
                    f"Excel error {''.join(self.value or [])} in {self.ref}!{where}; fix it or type the value",
                )
            self.cell = None

    def _mark(self, where: str, message: str) -> None:
        col, row = _bounds(where)[0]
        self.sheet.marks.append(Mark(row, row, col, col, message))


def _quote_title(title: str) -> str:
    return title if title.replace("_", "").isalnum() else "'" + title.replace("'", "''") + "'"


def _bounds(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """``'A3:B4'`` as ((col, row) of the first cell, (col, row) of the last); bad refs give row 0."""
    first, _, last = ref.partition(":")
    return _cell(first), _cell(last or first)


def _cell(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789").replace("$", "")[:3]  # Excel's last column is XFD
    digits = ref[len(ref.rstrip("0123456789")) :][:7]  # and its last row 1048576
    col = 0
    for ch in letters.upper():
        col = col * 26 + (ord(ch) - 64) if "A" <= ch <= "Z" else col
    return col, int(digits) if digits else 0


def _read_values(data: bytes, sheets: dict[str, RawSheet]) -> list[RawSheet]:
    """Fill the records of every worksheet from openpyxl, over the real used range."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; the values stay
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            out = []
            for ws in wb.worksheets:
                sheet = sheets.get(ws.title) or RawSheet(ws.title, [])
                if not sheet.hidden:
                    _read_rows(ws, sheet)
                out.append(sheet)
        finally:
            wb.close()
    return out


def _read_rows(ws, sheet: RawSheet) -> None:
    """Every row of the real used range as text, trailing blanks dropped, at most :data:`MAX_CELLS` cells."""
    ws.reset_dimensions()  # the stored <dimension> may be stale: read every row
    cells = 0
    for r, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells += len(row) + 1
        if cells > MAX_CELLS:
            raise _Refused(
                f"the tab {sheet.title!r} spans more than {MAX_CELLS:,} cells (rows up to {r}); "
                "delete the unused rows and columns"
            )
        texts = []
        for c, value in enumerate(row, start=1):
            if isinstance(value, (dt.datetime, dt.date)):
                sheet.dates.add((r, c))
            texts.append(cell_text(value))
        while texts and not texts[-1]:
            texts.pop()
        sheet.records.append(texts)
