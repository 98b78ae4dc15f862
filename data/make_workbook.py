"""Build ``data/aachen.xlsx`` from the CSV sheets in ``data/aachen/`` (same bytes on every run).

Usage::

    /work/venv/bin/python data/make_workbook.py            # writes data/aachen.xlsx
    /work/venv/bin/python data/make_workbook.py SRC OUT    # another CSV folder / workbook

The CSV files are the source of truth; the workbook is generated from them and
committed so that planners can open the example in Excel or LibreOffice. Each
CSV becomes one tab named like the file (``Akteure``, ``Themen``, …), years are
written as numbers and dates as real dates shown as ``dd.mm.yyyy``.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from graph.files import atomic_write

__all__ = ["SHEETS", "build_workbook", "main"]

HERE = Path(__file__).resolve().parent

#: Tab order of the workbook (the sh:order of ontology/shapes.ttl).
SHEETS = ("Akteure", "Themen", "Planwerke", "Ziele", "Instrumente", "Veranstaltungen")

_YEAR_COLUMNS = {"Jahr"}
_DATE_COLUMNS = {"Datum"}
_FIXED_TIME = (2017, 11, 21, 0, 0, 0)  # date of Vorlage FB 56/0118/WP17
_FIXED_STAMP = "2017-11-21T00:00:00Z"
_MAX_WIDTH = 60


def _read_sheet(path: Path):
    """One CSV as a DataFrame with years as int, dates as date and empty cells as None."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    frame = frame.astype(object)
    for column in frame.columns:
        values = []
        for cell in frame[column]:
            text = cell.strip()
            if not text:
                values.append(None)
            elif column in _YEAR_COLUMNS:
                values.append(int(text))
            elif column in _DATE_COLUMNS:
                values.append(datetime.strptime(text, "%d.%m.%Y").date())
            else:
                values.append(text)
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _style(sheet, frame) -> None:
    """Bold frozen header, autofilter, readable column widths, dd.mm.yyyy dates."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="top")
    for index, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column] if v is not None])
        sheet.column_dimensions[letter].width = min(longest + 2, _MAX_WIDTH)
        for cell in sheet[letter][1:]:
            cell.alignment = Alignment(vertical="top", wrap_text=longest > _MAX_WIDTH)
            if column in _DATE_COLUMNS:
                cell.number_format = "DD.MM.YYYY"
            elif column in _YEAR_COLUMNS:
                cell.number_format = "0"


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite an .xlsx with fixed timestamps so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + _FIXED_STAMP + m.group(2),
                    text,
                )
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, payload)
    return out.getvalue()


def build_workbook(source: Path, target: Path) -> Path:
    """Write the CSV sheets of folder ``source`` as one workbook ``target``.

    Parameters
    ----------
    source : Path
        Folder with ``Akteure.csv``, ``Themen.csv``, … (missing sheets are skipped).
    target : Path
        The ``.xlsx`` file to write (replaced atomically).

    Returns
    -------
    Path
        ``target``.
    """
    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name in SHEETS:
            path = source / f"{name}.csv"
            if not path.exists():
                continue
            frame = _read_sheet(path)
            frame.to_excel(writer, sheet_name=name, index=False)
            _style(writer.sheets[name], frame)
        props = writer.book.properties
        props.creator = "sozialgraph"
        props.lastModifiedBy = "sozialgraph"
        props.title = "Sozialplanung Aachen (Beispiel)"
        props.created = props.modified = datetime(*_FIXED_TIME)
    payload = _normalise_zip(buffer.getvalue())
    atomic_write(target, payload)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line: ``make_workbook.py [SOURCE_FOLDER [TARGET_XLSX]]``."""
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else HERE / "aachen"
    target = Path(args[1]) if len(args) > 1 else HERE / "aachen.xlsx"
    written = build_workbook(source, target)
    print(f"wrote {written} ({written.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
