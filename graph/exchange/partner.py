"""Partner workbooks: what the overview knows about one actor, for it to check, complete and send back.

A partner workbook holds the actor's part of the overview — itself, the plans it
leads or partners, the goals it works on, the instruments it leads, the events
it organises or attends (``partner-rows.rq``) — plus every theme and actor
(the choices for its references) and the rows those rows name, so that it loads
on its own. The rows it owns are marked in a note column ``# Eintrag`` (the
others are greyed). A hidden tab ``# sozialgraph`` records what was sent: which
rows, which of them the actor owns, and every cell as sent, so that
:mod:`graph.exchange.merge` can tell the partner's edits from later edits of
the overview.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import DataError, Problem
from graph.exchange.rows import Rows, cell_text, graph_rows, read_rows, references, relabel
from graph.files import atomic_write
from graph.io.workbook_help import header, help_workbook
from graph.schema import load_schema
from graph.store import Store

__all__ = [
    "META_TITLE",
    "OWN_HEADER",
    "PartnerPart",
    "Returned",
    "partner_part",
    "partner_workbook",
    "read_returned",
    "write_partner_workbook",
]

#: The hidden tab that records what was sent.
META_TITLE = "# sozialgraph"
_META_HEADERS = ["kind", "sheet", "id", "column", "value"]
_FORMAT = "1"
#: The note column that marks the partner's own rows (the loader reads past it).
OWN_HEADER = {"de": "# Eintrag", "en": "# entry"}
_OWN_TEXT = {"de": ("Ihr Eintrag", "zur Information"), "en": ("yours", "for information")}
_INFO_FILL = "EDEDED"
#: Sheets sent whole: the choices of every reference to a theme or an actor.
_CATALOGUES = ("themes", "actors")
#: Free-text columns whose values in the overview are offered as a dropdown.
_OFFERED = (("plans", "type"), ("instruments", "type"), ("events", "type"), ("sources", "type"))
_ROWS_QUERY = Path(__file__).with_name("partner-rows.rq")


@dataclass
class PartnerPart:
    """An actor's part of the overview: its rows in workbook order, and which of them it owns."""

    actor: str
    rows: Rows
    owned: dict[str, set[str]]
    offered: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def partner_part(store: Store, actor: str) -> PartnerPart:
    """What a partner workbook for ``actor`` holds (raises :class:`~graph.errors.QueryError` for an unknown id).

    The store's scope decides which plans and instruments count for the derived
    relation "works on" (``template --for`` counts every status).
    """
    from graph.analysis.query import run_query

    schema = load_schema()
    everything = _overview_rows(store)
    found = run_query(store, str(_ROWS_QUERY), {"actor": actor})
    actor_id = actor.strip()
    wanted: dict[str, dict[str, bool]] = {s.key: {} for s in schema.sheets}
    wanted["actors"][actor_id] = True
    for sheet, ident, owned in found[["sheet", "id", "owned"]].itertuples(index=False, name=None):
        wanted[sheet][ident] = wanted[sheet].get(ident, False) or bool(owned)
    for key in _CATALOGUES:
        for ident in everything[key]:
            wanted[key].setdefault(ident, False)
    todo = [(key, ident) for key, ids in wanted.items() for ident in ids]
    while todo:  # the rows that the rows name, so that the workbook loads on its own
        key, ident = todo.pop()
        for target, other in references(schema.sheet(key), everything[key][ident], everything):
            if other not in wanted[target]:
                wanted[target][other] = False
                todo.append((target, other))
    shared = _shared(store)
    rows: Rows = {}
    for sheet in schema.sheets:
        ids = wanted[sheet.key]

        def rank(ident: str, key: str = sheet.key, ids=ids) -> tuple[int, str]:
            first = (key, ident) in shared if key in ("themes", "goals") else ids[ident]
            return (0 if ident == actor_id and key == "actors" else 1 if first else 2, ident)

        rows[sheet.key] = {i: everything[sheet.key][i] for i in sorted(ids, key=rank)}
    offered = {
        (key, col): sorted({str(r[col]) for r in everything[key].values() if r.get(col)})
        for key, col in _OFFERED
    }
    owned = {key: {i for i, own in ids.items() if own} for key, ids in wanted.items()}
    return PartnerPart(actor_id, rows, owned, offered)


def _overview_rows(store: Store) -> Rows:
    from graph.io.workbook import sheet_rows

    return sheet_rows(store, "de")


def _shared(store: Store) -> set[tuple[str, str]]:
    """Themes and goals that two or more actors work on (the analysis ``hotspots``)."""
    from graph.analysis.query import run_query

    frame = run_query(store, "hotspots", {"min": "2"})
    pairs = frame[["kind", "id"]].itertuples(index=False, name=None)
    return {("themes" if kind == "theme" else "goals", ident) for kind, ident in pairs}


def partner_workbook(part: PartnerPart, lang: str = "de", *, source: str = "", file: str = "") -> bytes:
    """The partner workbook of ``part`` as xlsx bytes (sheets and headers in ``lang``)."""
    from graph import __version__
    from graph.xlsx_writer import Styled

    schema = load_schema()
    name = part.rows["actors"][part.actor].get("name") or part.actor
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {}
    meta: list[list[Any]] = [
        ["about", "", "", key, value]
        for key, value in (
            ("format", _FORMAT),
            ("actor", part.actor),
            ("lang", lang),
            ("made", dt.date.today().isoformat()),
            ("from", source),
            ("by", f"sozialgraph {__version__}"),
        )
    ]
    yours, info = _OWN_TEXT[lang]
    for sheet in schema.sheets:
        body = []
        for ident, row in part.rows[sheet.key].items():
            own = ident in part.owned[sheet.key]
            cells = [relabel(c, row[c.key], lang) for c in sheet.columns] + [yours if own else info]
            body.append(cells if own else [Styled(v, fill=_INFO_FILL) for v in cells])
            meta.append(["row", sheet.key, ident, "owned", "yes" if own else "no"])
            meta.extend(
                ["cell", sheet.key, ident, c.key, cell_text(row[c.key])]
                for c in sheet.columns
                if row[c.key] is not None
            )
        own_column = [OWN_HEADER[lang]] if body else []  # a note column, read past by the loader
        tables[sheet.key] = ([header(c, lang) for c in sheet.columns] + own_column, body)
    return help_workbook(
        tables,
        lang,
        intro=_intro(part.actor, str(name), lang),
        offered=part.offered,
        hidden={META_TITLE: (_META_HEADERS, meta)},
        file=file,
    )


def _intro(actor: str, name: str, lang: str) -> list[tuple[str, str]]:
    own, info = _OWN_TEXT[lang]
    column = OWN_HEADER[lang]
    if lang == "de":
        return [
            (
                "Ihr Teil",
                f"Diese Arbeitsmappe enthält, was die Sozialplanung über {name} ({actor}) weiß: Ihre "
                "Planwerke, Ziele, Steuerungsinstrumente und Veranstaltungen, dazu alle Themen und Akteure "
                "zur Auswahl. Bitte prüfen, korrigieren und ergänzen Sie die Einträge und senden Sie die "
                "Datei zurück.",
            ),
            (
                "Ihre Einträge",
                f"Zeilen mit „{own}“ in der Spalte {column} gehören Ihnen: Sie können sie ändern oder "
                f"löschen. Zeilen „{info}“ (grau) gehören anderen: Sie können sie korrigieren, aber "
                "nicht löschen; eine gelöschte fremde Zeile bleibt in der Gesamtübersicht.",
            ),
            (
                "Nicht ändern",
                "Ein ausgeblendetes Blatt hält fest, was verschickt wurde; die Sozialplanung braucht es, um "
                "Ihre Antwort in die Gesamtübersicht zu übernehmen. Lassen Sie es, wie es ist.",
            ),
        ]
    return [
        (
            "Your part",
            f"This workbook holds what social planning knows about {name} ({actor}): your plans, goals, "
            "steering instruments and events, and every theme and actor to choose from. Please check, "
            "correct and complete the entries and send the file back.",
        ),
        (
            "Your entries",
            f"Rows marked '{own}' in the column {column} are yours: change or remove them. Rows "
            f"'{info}' (grey) belong to others: you may correct them, but not remove them; a removed "
            "row of another stays in the overview.",
        ),
        (
            "Leave as it is",
            "A hidden sheet records what was sent; social planning needs it to take your answer into "
            "the overview. Leave it as it is.",
        ),
    ]


def write_partner_workbook(
    store: Store, actor: str, path: str | Path, lang: str = "de", *, source: str = ""
) -> PartnerPart:
    """Write the partner workbook of ``actor`` to ``path``, after checking that it loads as it is.

    The workbook is read back with the loader before it is written; it must give
    exactly the rows it was made from (else :class:`~graph.errors.SozialgraphError`
    and nothing is written).
    """
    from graph.errors import SozialgraphError

    path = Path(path)
    part = partner_part(store, actor)
    data = partner_workbook(part, lang, source=source, file=path.name)
    _, again = read_rows(data, "https://w3id.org/sozialgraph/id/partner/", path.name)
    for key, rows in part.rows.items():
        sent = {i: {c: cell_text(v) for c, v in r.items()} for i, r in rows.items()}
        back = {i: {c: cell_text(v) for c, v in r.items()} for i, r in again[key].items()}
        if sent != back:
            changed = sorted(set(sent) ^ set(back)) or sorted(i for i in sent if sent[i] != back.get(i))
            raise SozialgraphError(
                f"the partner workbook would not read back as written ({key}: {', '.join(changed[:3])}); "
                "nothing was written. This is a bug in sozialgraph; please report it"
            )
    atomic_write(path, data)
    return part


@dataclass
class Returned:
    """A partner workbook as it came back: its rows now, and what was sent."""

    name: str
    actor: str
    lang: str
    rows: Rows
    sent: Rows
    owned: dict[str, set[str]]
    tabs: set[str] = field(default_factory=set)  # the sheets it has a tab for (English keys)


def read_returned(path: str | Path) -> Returned:
    """Read a returned partner workbook: its rows (checked like any input) and its record of what was sent.

    Raises :class:`~graph.errors.DataError` naming file, row and column for
    every problem of its rows, or the missing or damaged record.
    """
    from graph.io.load import read_dataset

    path = Path(path)
    loaded = read_dataset(path)  # checked like any input, before the record is read
    sent, owned, about, tabs = _read_record(path)
    return Returned(
        path.name,
        about.get("actor", ""),
        about.get("lang", "de"),
        graph_rows(loaded.graph),
        sent,
        owned,
        tabs,
    )


def _read_record(path: Path) -> tuple[Rows, dict[str, set[str]], dict[str, str], set[str]]:
    """The hidden tab's record (cells as sent, owned rows, what it says about itself), and the sheets with a tab."""
    from openpyxl import load_workbook

    from graph.io.xlsx_reader import cell_text as read_cell

    schema = load_schema()
    keys = {s.key: {c.key for c in s.columns} for s in schema.sheets}
    where = f"{path.name} [{META_TITLE}]"
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        if META_TITLE not in book.sheetnames:
            raise DataError(
                [
                    Problem(
                        path.name,
                        None,
                        None,
                        f"not a partner workbook: its hidden tab {META_TITLE!r}, which records what was sent, "
                        "is missing (partner workbooks are written by 'sozialgraph template --for ACTOR')",
                    )
                ]
            )
        tabs = {s.key for title in book.sheetnames if (s := schema.match_sheet(title)) is not None}
        sheet = book[META_TITLE]
        sheet.reset_dimensions()  # the stored <dimension> may be stale: read every row
        records = [[read_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    sent: Rows = {s.key: {} for s in schema.sheets}
    owned: dict[str, set[str]] = {s.key: set() for s in schema.sheets}
    about: dict[str, str] = {}
    problems = []
    for number, record in enumerate(records[1:], start=2):
        kind, key, ident, column, value = (list(record) + [""] * 5)[:5]
        if kind == "about":
            about[column] = value
        elif kind == "row" and key in keys and ident:
            sent[key][ident] = {c: None for c in keys[key]}
            if value == "yes":
                owned[key].add(ident)
        elif kind == "cell" and ident in sent.get(key, {}) and column in keys[key]:
            sent[key][ident][column] = value
        elif any(record):
            problems.append(Problem(where, number, None, "the record of what was sent is damaged here"))
    if about.get("format") != _FORMAT and not problems:
        problems.append(Problem(where, None, None, "not a record this version of sozialgraph reads"))
    if problems:
        raise DataError(problems)
    return sent, owned, about, tabs
