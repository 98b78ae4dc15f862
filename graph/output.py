"""Turn result frames into text (table, csv, json, md) or a workbook (xlsx), and write it.

Formatting and writing are split: :func:`format_frame` and :func:`format_sections`
return a ``str`` (``bytes`` for xlsx); :func:`write_output` only decides where the
bytes go and how they are encoded. For German Excel, format with ``excel=True``
(``;`` between fields, decimal comma) and write with ``excel=True`` (UTF-8 with a
byte order mark).

Text can never become a formula: a CSV cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return gets a leading ``'``
(:func:`spreadsheet_text`), and xlsx cells are stored as text
(:mod:`graph.xlsx_writer`). Numbers stay numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import UsageError
from graph.files import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from graph.analysis.query import Section

__all__ = [
    "FORMATS",
    "format_frame",
    "format_rows",
    "format_sections",
    "frame_rows",
    "spreadsheet_text",
    "write_csv_stream",
    "write_output",
    "xlsx_rows",
    "xlsx_sections",
]

#: The output formats of tables (xlsx only into a file).
FORMATS = ("table", "csv", "json", "md", "xlsx")
#: How a text cell may start that a spreadsheet would read as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_MIN_WIDTH = 5  # a text column is not cut narrower than this while others can give
_GAP = "  "


def format_frame(
    df: pandas.DataFrame,
    fmt: str,
    *,
    width: int = 80,
    empty_message: str = "No rows.",
    excel: bool = False,
) -> str:
    """The frame as text in format ``fmt`` (table, csv, json or md), ending in a newline.

    ``table`` fits every line into ``width`` characters, cutting long cells with
    "…"; numbers are right-aligned. ``csv`` follows RFC 4180 (CRLF line ends;
    with ``excel=True`` ``;`` separates fields and decimals get a comma).
    ``json`` is an array of objects. ``md`` is a GitHub table. An empty frame
    gives ``empty_message`` (table, md), ``[]`` (json) or the header (csv).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"id": ["FB 56"], "count": [3]})
    >>> print(format_frame(df, "table"), end="")
    id     count
    -----  -----
    FB 56      3
    >>> print(format_frame(df, "md"), end="")
    | id | count |
    | --- | ---: |
    | FB 56 | 3 |
    """
    return format_rows(*frame_rows(df), fmt, width=width, empty_message=empty_message, excel=excel)


def format_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    fmt: str,
    *,
    width: int = 80,
    empty_message: str = "No rows.",
    excel: bool = False,
) -> str:
    """Like :func:`format_frame`, for plain rows (no pandas needed).

    Examples
    --------
    >>> print(format_rows(["name", "n"], [["Armut", 2]], "json"), end="")
    [
      {
        "name": "Armut",
        "n": 2
      }
    ]
    """
    columns = [str(c) for c in columns]
    rows = [[_value(v) for v in row] for row in rows]
    if fmt == "table":
        return _table(columns, rows, width, empty_message)
    if fmt == "csv":
        return _csv(columns, rows, excel)
    if fmt == "json":
        import json

        return json.dumps(_records(columns, rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _markdown(columns, rows, empty_message)
    if fmt == "xlsx":
        raise UsageError("xlsx is a workbook, not text: use write_tables, or -o FILE.xlsx")
    raise UsageError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")


def spreadsheet_text(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: with a leading ``'`` if it could start a formula.

    Examples
    --------
    >>> print(spreadsheet_text('=HYPERLINK("http://evil.example","Klick")'))
    '=HYPERLINK("http://evil.example","Klick")
    >>> spreadsheet_text("-1 Stelle"), spreadsheet_text("Armut")
    ("'-1 Stelle", 'Armut')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def format_sections(sections: Sequence[Section], fmt: str, width: int = 80, *, excel: bool = False) -> str:
    """Several analyses (e.g. :func:`graph.analysis.query.gaps`) as one text.

    table and md: per section a heading (title and one-line summary) and its
    table; json: an object ``{section name: [rows]}``; csv: one long table whose
    first column ``section`` names the analysis, followed by every column of
    every section (empty where a section has no such column), so that
    spreadsheets and ``pandas.read_csv`` read it as it is.

    Examples
    --------
    >>> import pandas as pd
    >>> from graph.analysis.query import Section
    >>> a = Section("shared-goals", "Shared goals", "", pd.DataFrame({"actor": ["FB 56"], "goals": [3]}))
    >>> b = Section("hotspots", "Hotspots", "", pd.DataFrame({"theme": ["Armut"], "actors": [4]}))
    >>> format_sections([a, b], "csv").splitlines()
    ['section,actor,goals,theme,actors', 'shared-goals,FB 56,3,,', 'hotspots,,,Armut,4']
    """
    if fmt == "json":
        import json

        doc = {section.name: _records(*_plain(section)) for section in sections}
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(*_long_table(sections), excel)
    if fmt not in ("table", "md"):
        format_rows([], [], fmt)  # raises for an unknown format
    parts = []
    for section in sections:
        body = format_rows(*_plain(section), fmt, width=width, excel=excel)
        if fmt == "md":
            summary = f"{section.summary}\n\n" if section.summary else ""
            parts.append(f"## {section.title}\n\n{summary}{body}")
        elif fmt == "table":
            title = _cut(section.title, width)
            import textwrap

            summary = textwrap.fill(section.summary, width=width) if section.summary else ""
            head = f"{title}\n{'=' * len(title)}\n" + (f"{summary}\n" if summary else "")
            parts.append(f"{head}\n{body}")
    return "\n".join(parts)


def xlsx_sections(sections: Sequence[Section]) -> bytes:
    """Several analyses as a workbook: one sheet per section, named by the analysis."""
    from graph.xlsx_writer import xlsx_bytes

    return xlsx_bytes({section.name: _plain(section) for section in sections})


def xlsx_rows(name: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """One table as a workbook with one sheet called ``name``."""
    from graph.xlsx_writer import xlsx_bytes

    return xlsx_bytes({name: ([str(c) for c in columns], [[_value(v) for v in row] for row in rows])})


def frame_rows(frame: pandas.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """A DataFrame's column names and rows as plain values (numpy scalars unwrapped, missing values None)."""
    columns = [str(c) for c in frame.columns]
    return columns, [[_value(v) for v in r] for r in frame.itertuples(index=False, name=None)]


def _plain(section: Section) -> tuple[list[str], list[list[Any]]]:
    """A section's columns and rows (from its rows when it has them: no DataFrame is made)."""
    rows = section.rows
    return [str(c) for c in rows.columns], [[_value(v) for v in r] for r in rows.rows]


def _long_table(sections: Sequence[Section]) -> tuple[list[str], list[list[Any]]]:
    """Sections as one table: ``section`` first, then the union of their columns in order."""
    columns = ["section"]
    for section in sections:
        columns += [str(c) for c in section.rows.columns if str(c) not in columns]
    rows = []
    for section in sections:
        names, values = _plain(section)
        for row in values:
            cells = dict(zip(names, row, strict=True))
            rows.append([section.name] + [cells.get(c) for c in columns[1:]])
    return columns, rows


def write_output(
    data: str | bytes, path: Path | None, *, excel: bool = False, json_text: bool = False
) -> int:
    """Write ``data`` to ``path`` (whole or not at all) or to stdout when ``path`` is None.

    Text goes to a file as UTF-8; ``excel=True`` adds a byte order mark, which
    German Excel needs to read umlauts in a csv file. On stdout, text is
    encoded as the stream says (``PYTHONIOENCODING``, the console); characters
    it cannot hold are written as ``?`` (``json_text=True``: as JSON escapes,
    which lose nothing). Returns how many characters were replaced.

    Examples
    --------
    >>> import io, sys
    >>> stdout, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO(), encoding="cp1252")
    >>> replaced = write_output("Müller 😀\\n", None)
    >>> shown = sys.stdout.buffer.getvalue().decode("cp1252")
    >>> sys.stdout = stdout
    >>> shown, replaced
    ('Müller ?\\n', 1)
    """
    if isinstance(data, str) and excel:
        data = "\ufeff" + data
    if path is not None:
        atomic_write(path, data)
        return 0
    stream = getattr(sys.stdout, "buffer", None)
    if isinstance(data, bytes):
        if stream is None:
            raise UsageError("binary output (xlsx) needs -o FILE")
        payload, replaced = data, 0
    else:
        encoding = "utf-8" if excel else (getattr(sys.stdout, "encoding", None) or "utf-8")
        payload, replaced = _encode(data, encoding, json_text)
        if stream is None:  # a text-only stdout (e.g. captured in tests)
            sys.stdout.write(data)
            return replaced
    sys.stdout.flush()
    stream.write(payload)
    stream.flush()
    return replaced


def write_csv_stream(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], path: Path | None, *, excel: bool = False
) -> int:
    """Write ``rows`` (read once, a chunk at a time) as CSV to ``path`` or stdout: memory stays bounded.

    The CSV is that of :func:`format_rows` (formulas defused, ``excel`` for German
    Excel); a file is replaced whole or not at all. Returns how many characters
    stdout could not show (see :func:`write_output`).

    Examples
    --------
    >>> import io, sys
    >>> stdout, sys.stdout = sys.stdout, io.StringIO()
    >>> _ = write_csv_stream(["id", "n"], iter([["=1", 2], ["b", 3]]), None)
    >>> shown, sys.stdout = sys.stdout.getvalue(), stdout
    >>> shown.splitlines()
    ['id,n', "'=1,2", 'b,3']
    """
    from itertools import islice

    from graph.files import atomic_open

    header = _csv([str(c) for c in columns], [], excel)

    def chunks() -> Iterator[str]:
        yield ("\ufeff" if excel else "") + header
        it = iter(rows)
        while part := list(islice(it, 20_000)):
            yield _csv([str(c) for c in columns], [[_value(v) for v in row] for row in part], excel)[
                len(header) :
            ]

    if path is not None:
        with atomic_open(path, "wb") as handle:
            for text in chunks():
                handle.write(text.encode("utf-8"))
        return 0
    replaced = 0
    stream = getattr(sys.stdout, "buffer", None)
    encoding = "utf-8" if excel else (getattr(sys.stdout, "encoding", None) or "utf-8")
    for text in chunks():
        if stream is None:
            sys.stdout.write(text)
            continue
        data, lost = _encode(text, encoding, False)
        replaced += lost
        stream.write(data)
    if stream is not None:
        stream.flush()
    return replaced


def _encode(text: str, encoding: str, json_text: bool) -> tuple[bytes, int]:
    """``text`` in ``encoding``; characters it lacks become ``?`` (or JSON ``\\u`` escapes)."""
    try:
        return text.encode(encoding), 0
    except UnicodeEncodeError:
        pass
    replaced = 0
    out = []
    for char in text:
        try:
            out.append(char.encode(encoding))
        except UnicodeEncodeError:
            replaced += 1
            out.append((_json_escape(char) if json_text else "?").encode(encoding))
    return b"".join(out), replaced


# --------------------------------------------------------------------------


def _json_escape(char: str) -> str:
    import json

    return json.dumps(char)[1:-1]


def _value(value: Any) -> str | int | float | bool | None:
    """A plain Python value for a cell (numpy scalars unwrapped, NaN as None)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):  # NaN
        return None
    pandas = sys.modules.get("pandas")  # a pandas missing value can only come from loaded pandas
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return None
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: Any, decimal: str = ".") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value) if not value.is_integer() or abs(value) >= 1e16 else f"{value:.1f}"
        return text.replace(".", decimal)
    return str(value)


def _records(columns: list[str], rows: list[list[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


def _csv(columns: list[str], rows: list[list[Any]], excel: bool) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow([spreadsheet_text(c) for c in columns])
    decimal = "," if excel else "."
    writer.writerows(
        [_text(v, decimal) if _is_number(v) else spreadsheet_text(_text(v)) for v in row] for row in rows
    )
    return buffer.getvalue()


def _markdown(columns: list[str], rows: list[list[Any]], empty_message: str) -> str:
    if not rows:
        return f"{empty_message}\n"

    def cell(value: Any) -> str:
        text = _text(value).replace("\\", "\\\\").replace("|", "\\|")
        return text.replace("\r\n", "<br>").replace("\n", "<br>")

    numeric = _numeric_columns(columns, rows)
    lines = ["| " + " | ".join(cell(c) for c in columns) + " |"]
    lines.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
    lines.extend("| " + " | ".join(cell(v) for v in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def _numeric_columns(columns: list[str], rows: list[list[Any]]) -> list[bool]:
    return [
        any(row[i] is not None for row in rows) and all(row[i] is None or _is_number(row[i]) for row in rows)
        for i in range(len(columns))
    ]


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, the last one "…" if anything was cut."""
    if len(text) <= width:
        return text
    return text[: width - 1] + "…" if width > 0 else ""


def _table(columns: list[str], rows: list[list[Any]], width: int, empty_message: str) -> str:
    if not rows:
        return f"{empty_message}\n"
    cells = [[" ".join(_text(v).split()) for v in row] for row in rows]
    numeric = _numeric_columns(columns, rows)
    natural = [max([len(columns[i])] + [len(r[i]) for r in cells]) for i in range(len(columns))]
    widths = _fit(natural, numeric, width - len(_GAP) * (len(columns) - 1))

    def line(values: list[str]) -> str:
        out = []
        for i, value in enumerate(values):
            text = _cut(value, widths[i])
            out.append(text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i]))
        return _cut(_GAP.join(out).rstrip(), width)

    lines = [line(columns), line(["-" * w for w in widths])]
    lines.extend(line(r) for r in cells)
    return "\n".join(lines) + "\n"


def _fit(natural: list[int], numeric: list[bool], room: int) -> list[int]:
    """Column widths that add up to at most ``room``: the widest text columns give first."""
    widths = list(natural)
    for floor_of in (
        lambda i: natural[i] if numeric[i] else min(natural[i], _MIN_WIDTH),
        lambda i: min(natural[i], 1),
    ):
        while sum(widths) > room:
            candidates = [i for i in range(len(widths)) if widths[i] > floor_of(i)]
            if not candidates:
                break
            widest = max(candidates, key=lambda i: (widths[i], -i))
            widths[widest] -= 1
    return widths
