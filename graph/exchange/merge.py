"""Merging returned partner workbooks into the overview: added, changed and removed rows, and conflicts.

The merge is three-way, cell by cell: a partner *proposes* a cell when its value
differs from what was sent to it (recorded in the workbook, see
:mod:`graph.exchange.partner`); a row it added proposes its filled cells. A
proposal is taken when it is the only value proposed and the overview still
holds what the partner saw. It is a **conflict** when two partners propose
different values, or when the overview itself has changed the cell since the
workbook was sent (the party ``BASE``; also when the overview removed a row a
partner changed) — never decided silently: it stays unresolved unless
``prefer`` names a party to follow.

A partner removes a row by deleting it, but only a row it owns; a deleted row it
does not own is kept and reported as ignored, and so are the rows of a tab it
deleted as a whole. A removal is a conflict when
another partner changed the row or the overview has changed it since. Ids are
never edited in place: a row whose id the partner changed is a removed row (if it
owns it) and an added one, and the report says when an added row has the name
of a removed one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph.exchange.partner import Returned
from graph.exchange.rows import Rows, cell_text
from graph.schema import load_schema

__all__ = ["BASE", "Change", "Conflict", "Ignored", "Merged", "merge_rows"]

#: The party that stands for the overview itself in conflicts and ``prefer``.
BASE = "BASE"
_REMOVE = "(removed)"


@dataclass(frozen=True)
class Change:
    """One change the merge makes: an added or removed row, or a changed cell (``column``)."""

    sheet: str
    id: str
    change: str  # added | changed | removed
    by: str  # the partner files, "; "-separated
    column: str | None = None
    old: str = ""
    new: str = ""
    own: bool = True  # the row is the (first) partner's own
    note: str = ""


@dataclass(frozen=True)
class Conflict:
    """Edits of one cell (or, ``column`` None, a removal against changes) that do not agree.

    ``parties`` are ``(who, value)``: ``BASE`` with the overview's value, then
    each partner file with the value it proposes (``(removed)`` for a removal).
    ``decided`` names the party followed (``prefer``), or is empty.
    """

    sheet: str
    id: str
    column: str | None
    parties: tuple[tuple[str, str], ...]
    decided: str = ""


@dataclass(frozen=True)
class Ignored:
    """A row a partner deleted that it does not own: it stays in the overview."""

    sheet: str
    id: str
    by: str
    why: str


@dataclass
class Merged:
    """The merged rows (in the overview's order, added rows last) and what the merge did."""

    rows: Rows
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    origin: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, id) -> who changed or added it

    @property
    def unresolved(self) -> list[Conflict]:
        """The conflicts no ``prefer`` decided."""
        return [c for c in self.conflicts if not c.decided]


@dataclass(frozen=True)
class _Proposal:
    by: str
    value: str
    seen: str  # what the partner was sent ("" for a row it added)
    own: bool
    row: dict[str, str] | None = None  # the partner's whole row, when the row was sent to it


def _decide(parties: Sequence[tuple[str, str]], prefer: Sequence[str]) -> str:
    """The first party of ``prefer`` that takes part, else ''."""
    names = [p for p, _ in parties]
    return next((p for p in prefer if p in names), "")


def merge_rows(base: Rows, returned: Sequence[Returned], prefer: Sequence[str] = ()) -> Merged:
    """Merge the returned workbooks into the overview's rows ``base`` (which stay unchanged).

    ``prefer`` lists parties (``BASE`` or a workbook's name) in the order they
    win conflicts; a conflict none of them takes part in stays unresolved.
    """
    schema = load_schema()
    cells: dict[tuple[str, str], dict[str, list[_Proposal]]] = defaultdict(lambda: defaultdict(list))
    removals: dict[tuple[str, str], list[tuple[str, dict[str, str]]]] = defaultdict(list)
    merged = Merged({key: dict(rows) for key, rows in base.items()})
    added_names: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)  # (by, sheet) -> (id, name)
    removed_names: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for part in returned:
        for sheet in schema.sheets:
            sent, now = part.sent.get(sheet.key, {}), part.rows.get(sheet.key, {})
            owned = part.owned.get(sheet.key, set())
            for ident, row in sent.items():
                if ident in now:
                    continue
                removed_names[(part.name, sheet.key)][ident] = cell_text(row.get("name"))
                if sheet.key not in part.tabs:
                    why = "its tab is missing from the workbook; the row stays"
                    merged.ignored.append(Ignored(sheet.key, ident, part.name, why))
                elif ident in owned:
                    removals[(sheet.key, ident)].append(
                        (part.name, {k: cell_text(v) for k, v in row.items()})
                    )
                else:
                    why = "deleted a row it does not own; the row stays"
                    merged.ignored.append(Ignored(sheet.key, ident, part.name, why))
            for ident, row in now.items():
                seen = sent.get(ident)
                if seen is None:
                    added_names[(part.name, sheet.key)].append((ident, cell_text(row.get("name"))))
                texts = {c.key: cell_text(row.get(c.key)) for c in sheet.columns}
                for col in sheet.columns:
                    was = cell_text(seen.get(col.key)) if seen is not None else ""
                    if texts[col.key] != was:
                        own = seen is None or ident in owned
                        whole = texts if seen is not None else None
                        cells[(sheet.key, ident)][col.key].append(
                            _Proposal(part.name, texts[col.key], was, own, whole)
                        )
    hints = _renamed(added_names, removed_names)
    for (key, ident), columns in sorted(cells.items()):
        _apply_cells(merged, base, key, ident, columns, prefer, hints)
    for (key, ident), removers in sorted(removals.items()):
        _apply_removal(merged, base, key, ident, removers, cells.get((key, ident), {}), prefer)
    return merged


def _renamed(
    added: dict[tuple[str, str], list[tuple[str, str]]], removed: dict[tuple[str, str], dict[str, str]]
) -> dict[tuple[str, str], str]:
    """Added rows named like a row the same partner deleted: likely a changed id."""
    hints = {}
    for (by, key), rows in added.items():
        gone = {name: ident for ident, name in removed.get((by, key), {}).items() if name}
        for ident, name in rows:
            if name in gone:
                hints[(key, ident)] = (
                    f"named like the deleted row {gone[name]!r}: an id that is changed makes a new row"
                )
    return hints


def _apply_cells(
    merged: Merged,
    base: Rows,
    key: str,
    ident: str,
    columns: dict[str, list[_Proposal]],
    prefer: Sequence[str],
    hints: dict[tuple[str, str], str],
) -> None:
    """Decide the proposed cells of one row and put the outcome into ``merged``."""
    schema = load_schema()
    base_row = base.get(key, {}).get(ident)
    if base_row is None and any(p.row is not None for ps in columns.values() for p in ps):
        _bring_back(merged, key, ident, columns, prefer)
        return
    row = dict(base_row) if base_row is not None else {c.key: None for c in schema.sheet(key).columns}
    changed: list[Change] = []
    for column, proposals in columns.items():
        old = cell_text(row.get(column))
        values = {p.value for p in proposals}
        base_moved = any(p.seen != old and p.value != old for p in proposals)
        if len(values) == 1 and not base_moved:
            new = proposals[0].value
            by = "; ".join(p.by for p in proposals)
            winner = new
        else:
            parties = ([(BASE, old)] if base_moved else []) + [(p.by, p.value) for p in proposals]
            decided = _decide(parties, prefer)
            merged.conflicts.append(Conflict(key, ident, column, tuple(parties), decided))
            if not decided:
                continue
            winner = dict(parties)[decided]
            new, by = winner, decided
        if winner == old:
            continue
        row[column] = _typed(key, column, winner)
        changed.append(Change(key, ident, "changed", by, column, old, new, proposals[0].own))
    if not changed:
        return
    if base_row is None:
        if not row.get("id"):
            row["id"] = ident
        by = "; ".join(dict.fromkeys(c.by for c in changed))
        merged.changes.append(
            Change(key, ident, "added", by, new=cell_text(row.get("name")), note=hints.get((key, ident), ""))
        )
    else:
        merged.changes.extend(changed)
    merged.rows[key][ident] = row
    merged.origin[(key, ident)] = "; ".join(dict.fromkeys(c.by for c in changed))


def _bring_back(
    merged: Merged, key: str, ident: str, columns: dict[str, list[_Proposal]], prefer: Sequence[str]
) -> None:
    """A row the overview removed since it was sent, and a partner changed: a conflict; if the partner
    is preferred, its row comes back whole."""
    rows = {p.by: p.row for ps in columns.values() for p in ps if p.row is not None}
    parties = [(BASE, _REMOVE)] + [(by, "(changed)") for by in rows]
    decided = _decide(parties, prefer)
    merged.conflicts.append(Conflict(key, ident, None, tuple(parties), decided))
    if not decided or decided == BASE:
        return
    merged.rows[key][ident] = {column: _typed(key, column, text) for column, text in rows[decided].items()}
    note = f"removed from {BASE} since it was sent; {decided} changed it"
    merged.changes.append(Change(key, ident, "added", decided, new=rows[decided].get("name", ""), note=note))
    merged.origin[(key, ident)] = decided


def _typed(key: str, column: str, text: str):
    """The cell for ``text`` as the overview holds it: None when empty, dates and years typed."""
    if not text:
        return None
    kind = load_schema().sheet(key).column(column).kind
    try:
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "year" and text.isdigit():
            return int(text)
    except ValueError:
        pass
    return text


def _apply_removal(
    merged: Merged,
    base: Rows,
    key: str,
    ident: str,
    removers: list[tuple[str, dict[str, str]]],
    proposals: dict[str, list[_Proposal]],
    prefer: Sequence[str],
) -> None:
    """Remove a row its owner deleted, unless the overview or another partner changed it meanwhile."""
    base_row = base.get(key, {}).get(ident)
    if base_row is None:
        return  # the overview has no such row (any more)
    now = {k: cell_text(v) for k, v in base_row.items()}
    base_moved = any(sent != now for _, sent in removers)
    changers = list(dict.fromkeys(p.by for ps in proposals.values() for p in ps))
    by = "; ".join(name for name, _ in removers)
    if base_moved or changers:
        parties = (
            ([(BASE, "(changed since sent)")] if base_moved else [])
            + [(name, _REMOVE) for name, _ in removers]
            + [(name, "(changed)") for name in changers]
        )
        decided = _decide(parties, prefer)
        merged.conflicts.append(Conflict(key, ident, None, tuple(parties), decided))
        if not decided or dict(parties)[decided] != _REMOVE:
            return
        by = decided
    merged.rows[key].pop(ident, None)
    merged.changes = [c for c in merged.changes if (c.sheet, c.id) != (key, ident)]
    merged.changes.append(Change(key, ident, "removed", by, old=now.get("name", "")))
    merged.origin[(key, ident)] = by
