"""The merge's files: the overview read as rows, the new overview checked and written, the marked copy, the report.

:func:`merge_overview` reads BASE and the returned workbooks (every problem of
every file at once), merges them (:func:`graph.exchange.merge.merge_rows`) and
builds the new overview. The new overview is checked like any input before
anything is written: it must load, and load to exactly the merged rows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import DataError, Problem
from graph.exchange.merge import BASE, Merged, merge_rows
from graph.exchange.rows import Rows, cell_text, graph_rows, relabel
from graph.io.workbook_help import header, sheet_name
from graph.schema import load_schema
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    from graph.analysis.query import Section

__all__ = ["MergeOutcome", "marked_workbook", "merge_overview", "new_files", "report_sections"]

_ADDED, _CHANGED, _DECIDED = "C6EFCE", "FFEB9C", "F8CBAD"
_WORDS = {
    "de": {
        "removed_tab": "# Entfernt",
        "removed_heads": ["Blatt", "ID", "Name", "von", "Ergebnis", "Zeile vorher"],
        "removed": "entfernt",
        "kept": "bleibt: nicht die eigene Zeile",
        "added": "neu, von {by}",
        "changed": "vorher: {old}\n(geändert von {by})",
        "decided": "Konflikt, entschieden für {by}: {parties}\nvorher: {old}",
        "empty": "(leer)",
    },
    "en": {
        "removed_tab": "# Removed",
        "removed_heads": ["sheet", "id", "name", "by", "outcome", "row before"],
        "removed": "removed",
        "kept": "kept: not its own row",
        "added": "new, from {by}",
        "changed": "before: {old}\n(changed by {by})",
        "decided": "conflict, decided for {by}: {parties}\nbefore: {old}",
        "empty": "(empty)",
    },
}


@dataclass
class MergeOutcome:
    """What a merge gives: the base rows, the merge, and the names of the files it read."""

    base: Rows
    merged: Merged
    base_name: str
    base_iri: str
    losses: list = field(default_factory=list)  # what of BASE the new overview leaves out (allow_loss)


def merge_overview(
    store: Store,
    base_name: str,
    partners: Sequence[Path],
    *,
    prefer: Sequence[str] = (),
    names: Sequence[str] | None = None,
    allow_loss: bool = False,
) -> MergeOutcome:
    """Merge the returned workbooks ``partners`` into the overview held by ``store``.

    ``names`` are the partners' names in reports and ``prefer`` (default: the
    paths as given). The overview must be one a workbook can carry (else
    :class:`~graph.io.workbook.NotCarried`, unless ``allow_loss``). Every problem
    of every returned workbook is raised at once (:class:`DataError`).
    """
    from graph.exchange.partner import read_returned
    from graph.io.workbook import NotCarried, base_of, sheet_rows, workbook_losses

    base = sheet_rows(store, "de")
    losses, total = workbook_losses(store, _xlsx(new_tables(base, "de"), base_name))
    if losses and not allow_loss:
        raise NotCarried(losses, total, "--allow-loss merges anyway and leaves them out of the new overview")
    returned, problems = [], []
    for path, name in zip(partners, names or [str(p) for p in partners], strict=True):
        try:
            part = read_returned(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        part.name = name
        returned.append(part)
    if problems:
        raise DataError(problems)
    return MergeOutcome(base, merge_rows(base, returned, prefer), base_name, base_of(store), losses)


def new_tables(
    rows: Rows, lang: str, looks: dict | None = None
) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The rows as sheets ``{tab name: (headers, rows)}`` in ``lang``; ``looks`` styles cells by (sheet, id, column)."""
    from graph.xlsx_writer import Styled

    tables = {}
    for sheet in load_schema().sheets:
        body = []
        for ident, row in rows[sheet.key].items():
            cells = []
            for col in sheet.columns:
                value = relabel(col, row.get(col.key), lang)
                look = (looks or {}).get((sheet.key, ident, col.key))
                cells.append(Styled(value, **look) if look else value)
            body.append(cells)
        tables[sheet_name(sheet, lang)] = ([header(c, lang) for c in sheet.columns], body)
    return tables


def _xlsx(tables: dict[str, tuple[list[str], list[list[Any]]]], name: str) -> bytes:
    from graph.xlsx_writer import xlsx_bytes

    return xlsx_bytes(tables, file=name)


def new_files(outcome: MergeOutcome, lang: str, name: str, *, folder: bool) -> bytes | dict[str, str]:
    """The new overview: xlsx bytes, or ``{file name: CSV text}`` for a folder; checked before it is returned.

    It is read back as the loader reads any input: a problem (a reference to a
    removed row, a duplicate id) raises :class:`DataError` naming the row and
    where it came from (BASE or a partner), and so does a cell that would not
    read back as merged (in CSV, a text that starts like a formula gets a ``'``).
    """
    from graph.io.load import read_dataset
    from graph.output import format_rows

    tables = new_tables(outcome.merged.rows, lang)
    if folder:
        data: bytes | dict[str, str] = {
            f"{tab}.csv": format_rows(h, r, "csv") for tab, (h, r) in tables.items()
        }
    else:
        data = _xlsx(tables, name)
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / ("new" if folder else "new.xlsx")
        if isinstance(data, dict):
            target.mkdir()
            for file, text in data.items():
                (target / file).write_text(text, encoding="utf-8")
        else:
            target.write_bytes(data)
        try:
            graph = read_dataset(target, base=outcome.base_iri, shacl=False).graph
        except DataError as exc:
            raise DataError(_explained(p, outcome, lang, name, folder) for p in exc.problems) from None
    _same_rows(graph_rows(graph), outcome.merged.rows, name, lang, folder)
    return data


def _explained(problem: Problem, outcome: MergeOutcome, lang: str, name: str, folder: bool) -> Problem:
    """A problem of the new overview, named by its file and said where its row came from."""
    schema = load_schema()
    tab = problem.file.removeprefix("new.xlsx [").removesuffix("]").removesuffix(".csv")
    file = f"{name}/{tab}.csv" if folder else f"{name} [{tab}]"
    sheet = schema.match_sheet(tab)
    message = problem.message
    if sheet is not None and problem.row is not None and problem.row >= 2:
        ids = list(outcome.merged.rows[sheet.key])
        if problem.row - 2 < len(ids):
            ident = ids[problem.row - 2]
            message += f" (row {ident!r}: {_origin(outcome.merged, sheet.key, ident)})"
    for change in outcome.merged.changes:
        if change.change == "removed" and repr(change.id) in problem.message:
            message += f"; {change.id!r} was removed by {change.by}"
    return Problem(file, problem.row, problem.column, message)


def _origin(merged: Merged, key: str, ident: str) -> str:
    kinds = {c.change for c in merged.changes if (c.sheet, c.id) == (key, ident)}
    if not kinds:
        return f"as in {BASE}"
    word = "added" if "added" in kinds else "changed"
    return f"{word} by {merged.origin.get((key, ident), '?')}"


def _same_rows(again: Rows, merged: Rows, name: str, lang: str, folder: bool) -> None:
    """Every merged cell reads back as it is (in CSV, a text that starts like a formula gets a ``'``)."""
    problems = []
    for sheet in load_schema().sheets:
        tab = sheet_name(sheet, lang)
        for row_number, (ident, row) in enumerate(merged[sheet.key].items(), start=2):
            back = again[sheet.key].get(ident, {})
            for col in sheet.columns:
                was, now = cell_text(row.get(col.key)), cell_text(back.get(col.key))
                if was != now:
                    why = " (in CSV a text that starts like a formula gets a leading ')" if folder else ""
                    problems.append(
                        Problem(
                            f"{name}/{tab}.csv" if folder else f"{name} [{tab}]",
                            row_number,
                            header(col, lang),
                            f"{was!r} would read back as {now!r}{why}; write the new overview as .xlsx",
                        )
                    )
    if problems:
        raise DataError(problems)


def _parties(parties: Sequence[tuple[str, str]], empty: str) -> str:
    return " | ".join(f"{who}: {value or empty}" for who, value in parties)


def marked_workbook(outcome: MergeOutcome, lang: str, name: str) -> bytes:
    """A copy of the new overview with the changes marked, and a tab listing the removed rows.

    Added rows are green, changed cells yellow (a note gives the old value and
    who changed it), cells of decided conflicts orange; ``# Entfernt`` lists the
    removed rows and the deleted rows that stay (not the partner's own).
    """
    schema = load_schema()
    words = _WORDS[lang]
    merged = outcome.merged
    decided = {(c.sheet, c.id, c.column): c for c in merged.conflicts if c.decided and c.column}
    looks: dict[tuple[str, str, str], dict] = {}
    for change in merged.changes:
        if change.change == "added":
            note = words["added"].format(by=change.by) + (f"\n{change.note}" if change.note else "")
            for col in schema.sheet(change.sheet).columns:
                looks[(change.sheet, change.id, col.key)] = {"fill": _ADDED}
            looks[(change.sheet, change.id, "id")] = {"fill": _ADDED, "note": note}
        elif change.change == "changed":
            old = change.old or words["empty"]
            conflict = decided.get((change.sheet, change.id, change.column))
            if conflict is not None:
                parties = _parties(conflict.parties, words["empty"])
                note, fill = words["decided"].format(by=conflict.decided, parties=parties, old=old), _DECIDED
            else:
                note, fill = words["changed"].format(old=old, by=change.by), _CHANGED
            looks[(change.sheet, change.id, change.column)] = {"fill": fill, "note": note}
    tables = new_tables(merged.rows, lang, looks)
    gone = []
    for change in merged.changes:
        if change.change == "removed":
            before = outcome.base[change.sheet][change.id]
            gone.append(_gone_row(change.sheet, change.id, change.by, words["removed"], before, lang))
    for item in merged.ignored:
        before = outcome.base[item.sheet].get(item.id)
        if before is not None:
            gone.append(_gone_row(item.sheet, item.id, item.by, words["kept"], before, lang))
    tables[words["removed_tab"]] = (words["removed_heads"], gone)
    return _xlsx(tables, name)


def _gone_row(key: str, ident: str, by: str, outcome: str, before: dict, lang: str) -> list[Any]:
    sheet = load_schema().sheet(key)
    cells = "; ".join(
        f"{header(c, lang)}: {cell_text(relabel(c, before.get(c.key), lang))}"
        for c in sheet.columns
        if before.get(c.key) is not None
    )
    return [sheet_name(sheet, lang), ident, cell_text(before.get("name")), by, outcome, cells]


def report_sections(outcome: MergeOutcome, lang: str = "de") -> list[Section]:
    """The change report: conflicts, added, changed, removed and ignored rows, one section each."""
    import pandas as pd

    from graph.analysis.query import Section

    schema = load_schema()
    merged = outcome.merged
    order = {s.key: s.order for s in schema.sheets}

    def tab(key: str) -> str:
        return sheet_name(schema.sheet(key), lang)

    def col(key: str, column: str | None) -> str:
        return header(schema.sheet(key).column(column), lang) if column else ""

    def name(key: str, ident: str, first: Rows = merged.rows) -> str:
        row = first[key].get(ident) or merged.rows[key].get(ident) or outcome.base[key].get(ident) or {}
        return cell_text(row.get("name"))

    def frame(columns: list[str], rows: list[list[Any]]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=columns, dtype=object)

    changes = sorted(merged.changes, key=lambda c: (order[c.sheet], c.id, c.column or ""))
    conflicts = sorted(merged.conflicts, key=lambda c: (order[c.sheet], c.id, c.column or ""))
    ignored = sorted(merged.ignored, key=lambda i: (order[i.sheet], i.id, i.by))
    of = {kind: [c for c in changes if c.change == kind] for kind in ("added", "changed", "removed")}
    return [
        Section(
            "conflicts",
            "Conflicting edits",
            "Cells (or rows) that two parties edited differently; BASE is the overview. Decide with --prefer.",
            frame(
                ["sheet", "id", "name", "column", "edits", "decided"],
                [
                    [
                        tab(c.sheet),
                        c.id,
                        name(c.sheet, c.id, outcome.base),
                        col(c.sheet, c.column) or "(row)",
                        _parties(c.parties, "(empty)"),
                        c.decided,
                    ]
                    for c in conflicts
                ],
            ),
        ),
        Section(
            "added",
            "Added rows",
            "",
            frame(
                ["sheet", "id", "name", "by", "note"],
                [[tab(c.sheet), c.id, c.new, c.by, c.note] for c in of["added"]],
            ),
        ),
        Section(
            "changed",
            "Changed cells",
            "",
            frame(
                ["sheet", "id", "name", "column", "old", "new", "by", "own_row"],
                [
                    [
                        tab(c.sheet),
                        c.id,
                        name(c.sheet, c.id),
                        col(c.sheet, c.column),
                        c.old,
                        c.new,
                        c.by,
                        "yes" if c.own else "no",
                    ]
                    for c in of["changed"]
                ],
            ),
        ),
        Section(
            "removed",
            "Removed rows",
            "",
            frame(["sheet", "id", "name", "by"], [[tab(c.sheet), c.id, c.old, c.by] for c in of["removed"]]),
        ),
        Section(
            "ignored",
            "Deletions not taken",
            "Rows a partner deleted that it does not own; they stay in the overview.",
            frame(
                ["sheet", "id", "name", "by", "why"],
                [[tab(i.sheet), i.id, name(i.sheet, i.id), i.by, i.why] for i in ignored],
            ),
        ),
    ]
