"""Turn result frames into text (table, csv, json, md) and write it to stdout or a file.

Formatting and writing are split: :func:`format_frame` and :func:`format_sections`
return a ``str``; :func:`write_output` only decides where the bytes go and how
they are encoded. For German Excel, format with ``excel=True`` (``;`` between
fields, decimal comma) and write with ``excel=True`` (UTF-8 with a byte order mark).
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import UsageError
from graph.files import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    import pandas

    from graph.analysis.query import Section

__all__ = ["FORMATS", "format_frame", "format_rows", "format_sections", "write_output"]

#: The output formats.
FORMATS = ("table", "csv", "json", "md")

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
    rows = [list(row) for row in df.itertuples(index=False, name=None)]
    return format_rows(
        [str(c) for c in df.columns], rows, fmt, width=width, empty_message=empty_message, excel=excel
    )


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
        return json.dumps(_records(columns, rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return _markdown(columns, rows, empty_message)
    raise UsageError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")


def format_sections(sections: Sequence[Section], fmt: str, width: int = 80, *, excel: bool = False) -> str:
    """Several analyses (e.g. :func:`graph.analysis.query.gaps`) as one text.

    table and md: per section a heading (title and one-line summary) and its
    table; json: an object ``{section name: [rows]}``; csv: per section a line
    with the title, then its table, sections separated by an empty line.
    """
    if fmt == "json":
        doc = {}
        for section in sections:
            columns = [str(c) for c in section.frame.columns]
            rows = [[_value(v) for v in r] for r in section.frame.itertuples(index=False, name=None)]
            doc[section.name] = _records(columns, rows)
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    parts = []
    for section in sections:
        body = format_frame(section.frame, fmt, width=width, excel=excel)
        if fmt == "md":
            summary = f"{section.summary}\n\n" if section.summary else ""
            parts.append(f"## {section.title}\n\n{summary}{body}")
        elif fmt == "csv":
            parts.append(_csv([section.title], [], excel) + body)
        elif fmt == "table":
            title = _cut(section.title, width)
            summary = textwrap.fill(section.summary, width=width) if section.summary else ""
            head = f"{title}\n{'=' * len(title)}\n" + (f"{summary}\n" if summary else "")
            parts.append(f"{head}\n{body}")
        else:
            format_frame(section.frame, fmt)  # raises for an unknown format
    return ("\r\n" if fmt == "csv" else "\n").join(parts)


def write_output(text: str, path: Path | None, *, excel: bool = False) -> None:
    """Write ``text`` to ``path`` (atomically) or to stdout when ``path`` is None.

    ``excel=True`` encodes as UTF-8 with a byte order mark, which German Excel
    needs to read umlauts in a csv file.
    """
    encoding = "utf-8-sig" if excel else "utf-8"
    if path is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only stdout (e.g. captured in tests)
            sys.stdout.write(("\ufeff" if excel else "") + text)
        else:
            sys.stdout.flush()
            stream.write(text.encode(encoding))
            stream.flush()
        return
    atomic_write(path, text, encoding=encoding)


# --------------------------------------------------------------------------


def _value(value: Any) -> str | int | float | bool | None:
    """A plain Python value for a cell (numpy scalars unwrapped, NaN as None)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(columns)
    decimal = "," if excel else "."
    writer.writerows([_text(v, decimal) for v in row] for row in rows)
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
