"""OParl 1.1 objects as workbook rows: bodies and organizations → actors, meetings → events, papers → sources.

Every object is checked against its JSON schema first; an object that does not
conform is reported (``file: object id: what is wrong``) and not mapped. Persons
and memberships are never read (data protection): no names of councillors reach
the workbook. Every row carries its OParl id (the object's address) as its
source. The names of a meeting's agenda items are not made themes: they are
listed in the event's description and, one per line, in a review file
(:data:`CANDIDATES_FILE`) where the planner writes the theme id to confirm.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import URIRef

from graph.errors import Problem, UsageError
from graph.exchange.oparl_check import check_object, oparl_type
from graph.exchange.oparl_fetch import Found
from graph.files import atomic_write
from graph.namespaces import SP
from graph.schema import label, load_schema

__all__ = [
    "CANDIDATES_FILE",
    "CANDIDATE_HEADERS",
    "SHEETS",
    "OParlImport",
    "map_objects",
    "output_files",
    "write_import",
]

#: The review file of candidate themes (agenda items), beside the sheets.
CANDIDATES_FILE = "Themenvorschlaege.csv"
#: Its columns: the event, the item's number and name, the theme to confirm (left empty), the item's OParl id.
CANDIDATE_HEADERS = ("Veranstaltung", "TOP", "Tagesordnungspunkt", "Thema", "Quelle")
#: The sheets an import fills.
SHEETS = ("actors", "events", "sources")
#: Types that describe persons: never read.
_PERSONS = ("Person", "Membership")
_LIST_SEPARATORS = re.compile(r"[;,\r\n\t]+")
_SOURCE_SEPARATORS = re.compile(r"[;\r\n\t]+")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class OParlImport:
    """What an import maps: rows per sheet key (by column key), candidate themes, notes, warnings, problems.

    ``notes`` say what was left out on purpose; ``warnings`` what could not be
    linked (a meeting's organization that is not in the import); ``problems``
    the objects that do not conform to their schema (not mapped).
    """

    rows: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {key: [] for key in SHEETS})
    candidates: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _tail(oparl_id: str) -> str:
    """The last part of an object's address (``https://…/organization/34`` → ``34``)."""
    parts = [p for p in re.split(r"[/?#=&]", oparl_id) if p]
    return parts[-1] if parts else oparl_id


def _clean(text: str, separators: re.Pattern) -> str:
    """An id from a name: no list separators, no leading formula characters, single spaces."""
    text = " ".join(separators.sub(" ", text).split())
    return text.lstrip("=+-@ ")


def _local_ids(items: Iterable[tuple[str, str]], separators: re.Pattern = _LIST_SEPARATORS) -> dict[str, str]:
    """Readable, unique ids: the text, or ``text (34)`` with the address's last part when texts repeat.

    Examples
    --------
    >>> _local_ids([("https://x/organization/34", "Finanzausschuss"), ("https://x/organization/35", "Finanzausschuss"),
    ...             ("https://x/organization/36", "Rat, Stadt")])
    {'https://x/organization/34': 'Finanzausschuss (34)', 'https://x/organization/35': 'Finanzausschuss (35)', 'https://x/organization/36': 'Rat Stadt'}
    """
    wanted = {oid: _clean(text, separators) or _tail(oid) for oid, text in items}
    count = Counter(wanted.values())
    out: dict[str, str] = {}
    taken: set[str] = set()
    for oid, text in wanted.items():
        ident = text if count[text] == 1 else f"{text} ({_clean(_tail(oid), separators)})"
        number = 2
        while ident in taken:
            ident, number = f"{text} ({_clean(_tail(oid), separators)}, {number})", number + 1
        taken.add(ident)
        out[oid] = ident
    return out


def _date_de(value: Any) -> str:
    """``2013-01-04`` or ``2013-01-04T08:00:00+01:00`` as ``04.01.2013`` (the date as written)."""
    text = _text(value)
    return f"{text[8:10]}.{text[5:7]}.{text[0:4]}" if len(text) >= 10 else ""


def _actor_kind(org: dict) -> URIRef:
    """Committee (Ausschuss) by its classification or name, an administration unit a department, else a body."""
    what = _text(org.get("classification")) or _text(org.get("name")) or _text(org.get("shortName"))
    if "ausschuss" in what.casefold():
        return SP.Committee
    if _text(org.get("organizationType")).casefold() == "verwaltungsbereich":
        return SP.Department
    return SP.Body


def _row(sheet: str, **cells: str) -> dict[str, str]:
    row = {col.key: "" for col in load_schema().sheet(sheet).columns}
    row.update(cells)
    return row


def map_objects(found: Iterable[Found]) -> OParlImport:
    """Map OParl objects to workbook rows (invalid objects are reported in ``problems``, not mapped).

    An object read twice (the same id) is mapped once; deleted objects
    (``deleted: true``) and cancelled meetings are left out and counted in ``notes``.
    """
    result = OParlImport()
    objects: dict[str, dict] = {}
    left_out: Counter[str] = Counter()
    for item in found:
        obj = item.obj
        kind = str(obj.get("type", "")) if isinstance(obj, dict) else ""
        if kind.rsplit("/", 1)[-1] in _PERSONS:
            left_out[kind.rsplit("/", 1)[-1]] += 1
            continue
        messages = check_object(obj)
        ident = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else "(no id)"
        result.problems += [Problem(item.origin, None, None, f"{ident}: {m}") for m in messages]
        if messages:
            continue
        if obj.get("deleted") is True:
            left_out["deleted object"] += 1
        elif oparl_type(obj) == "Meeting" and obj.get("cancelled") is True:
            left_out["cancelled meeting"] += 1
        else:
            objects.setdefault(obj["id"], obj)
    by_type: dict[str, list[dict]] = defaultdict(list)
    for obj in objects.values():
        by_type[oparl_type(obj) or ""].append(obj)
    for name, items in sorted(by_type.items()):
        if name not in ("Body", "Organization", "Meeting", "Paper", "AgendaItem"):
            left_out[name] += len(items)
    actors = _local_ids(
        (o["id"], _text(o.get("shortName")) or _text(o.get("name")))
        for o in [*by_type["Body"], *by_type["Organization"]]
    )
    _bodies(result, by_type["Body"], actors)
    _organizations(result, by_type["Organization"], actors)
    _meetings(result, by_type["Meeting"], by_type["AgendaItem"], actors)
    _papers(result, by_type["Paper"])
    if left_out:
        parts = [
            f"{n} {what}{'s' if n != 1 and not what.endswith('s') else ''}" for what, n in left_out.items()
        ]
        result.notes.append("not imported: " + ", ".join(sorted(parts, key=lambda p: p.split(" ", 1)[1])))
    if left_out["Person"] or left_out["Membership"]:
        result.notes.append("persons and memberships are never imported (data protection)")
    return result


def _bodies(result: OParlImport, bodies: list[dict], actors: dict[str, str]) -> None:
    for body in bodies:
        result.rows["actors"].append(
            _row(
                "actors",
                id=actors[body["id"]],
                name=_text(body.get("name")) or actors[body["id"]],
                type=label(SP.LocalAuthority, "de") or "",
                description=_text(body.get("classification")),
                url=_text(body.get("website")) or _text(body.get("web")),
                source=body["id"],
            )
        )


def _organizations(result: OParlImport, orgs: list[dict], actors: dict[str, str]) -> None:
    for org in orgs:
        sub, body = _text(org.get("subOrganizationOf")), _text(org.get("body"))
        parent = sub if sub in actors else body if body in actors else ""
        for key, wanted in (("subOrganizationOf", sub), ("body", body)):
            if wanted and wanted not in actors and not (key == "body" and parent):
                result.warnings.append(f"{org['id']}: {key} {wanted} is not in the import, so not linked")
        described = dict.fromkeys(
            t for t in (_text(org.get("classification")), _text(org.get("organizationType"))) if t
        )
        dates = [f"seit {_date_de(org.get('startDate'))}"] if org.get("startDate") else []
        dates += [f"bis {_date_de(org.get('endDate'))}"] if org.get("endDate") else []
        result.rows["actors"].append(
            _row(
                "actors",
                id=actors[org["id"]],
                name=_text(org.get("name")) or actors[org["id"]],
                type=label(_actor_kind(org), "de") or "",
                part_of=actors.get(parent, ""),
                description="; ".join([*described, *dates]),
                url=_text(org.get("website")) or _text(org.get("web")),
                source=org["id"],
            )
        )


def _meeting_name(meeting: dict, actors: dict[str, str]) -> str:
    name = _text(meeting.get("name"))
    if name:
        return name
    organisers = " / ".join(actors[o] for o in meeting.get("organization", []) if o in actors)
    date = _date_de(meeting.get("start"))
    return " ".join(p for p in ("Sitzung", organisers, f"am {date}" if date else "") if p)


def _meetings(result: OParlImport, meetings: list[dict], items: list[dict], actors: dict[str, str]) -> None:
    events = _local_ids((m["id"], _meeting_name(m, actors)) for m in meetings)
    agenda: dict[str, list[dict]] = {
        m["id"]: [i for i in m.get("agendaItem", []) if isinstance(i, dict)] for m in meetings
    }
    for item in items:  # agenda items read as objects of their own
        listed = agenda.get(_text(item.get("meeting")))
        if listed is None:
            result.warnings.append(f"{item['id']}: its meeting is not in the import, so not proposed")
        elif all(i.get("id") != item["id"] for i in listed):
            listed.append(item)
    for meeting in meetings:
        event = events[meeting["id"]]
        organisers = []
        for org in meeting.get("organization", []):
            if org in actors:
                organisers.append(actors[org])
            else:
                result.warnings.append(
                    f"{meeting['id']}: organization {org} is not in the import, so not linked"
                )
        named = [i for i in agenda[meeting["id"]] if _text(i.get("name"))]
        topics = [" ".join(p for p in (_text(i.get("number")), _text(i["name"])) if p) for i in named]
        result.rows["events"].append(
            _row(
                "events",
                id=event,
                name=_meeting_name(meeting, actors),
                type="Sitzung",
                date=_date_de(meeting.get("start")),
                organiser="; ".join(organisers),
                description=f"Tagesordnung: {'; '.join(topics)}" if topics else "",
                source=meeting["id"],
            )
        )
        for item in named:
            values = (event, _text(item.get("number")), _text(item["name"]), "", _text(item.get("id")))
            result.candidates.append(dict(zip(CANDIDATE_HEADERS, values, strict=True)))


def _papers(result: OParlImport, papers: list[dict]) -> None:
    sources = _local_ids(
        ((p["id"], _text(p.get("reference")) or p["id"]) for p in papers), _SOURCE_SEPARATORS
    )
    for paper in papers:
        main = paper.get("mainFile") if isinstance(paper.get("mainFile"), dict) else {}
        result.rows["sources"].append(
            _row(
                "sources",
                id=sources[paper["id"]],
                name=_text(paper.get("name")) or sources[paper["id"]],
                type=_text(paper.get("paperType")),
                date=_date_de(paper.get("date")),
                url=_text(paper.get("web")) or _text(main.get("accessUrl")),
                source=paper["id"],
            )
        )


def _csv(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """CSV as in ``data/aachen/`` (``,``, UTF-8); a cell that Excel would read as a formula starts with ``'``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(["'" + c if c.startswith(_FORMULA) else c for c in row] for row in rows)
    return buffer.getvalue()


def output_files(folder: str | Path, *, force: bool = False) -> dict[str, Path]:
    """The files an import writes into ``folder``, by sheet key (and ``candidates``).

    Raises :class:`UsageError` when one exists already and ``force`` is not given
    (call it before reading a server, so that nothing is read in vain).
    """
    folder = Path(folder)
    schema = load_schema()
    files = {key: folder / f"{schema.sheet(key).name_de}.csv" for key in SHEETS}
    files["candidates"] = folder / CANDIDATES_FILE
    there = [p for p in files.values() if p.exists()]
    if there and not force:
        raise UsageError(
            f"{there[0]} exists; write into an empty folder, or pass --force to replace "
            f"{', '.join(p.name for p in files.values())}"
        )
    return files


def write_import(result: OParlImport, folder: str | Path, *, force: bool = False) -> list[tuple[Path, int]]:
    """Write the sheets (German headers of ``shapes.ttl``) and the review file into ``folder``.

    Returns ``(path, rows)`` per file. Files of the same names are replaced only
    with ``force``; nothing else in the folder is touched.
    """
    files = output_files(folder, force=force)
    written = []
    for key in SHEETS:
        columns = load_schema().sheet(key).columns
        rows = sorted(result.rows[key], key=lambda r: (r["id"].casefold(), r["id"]))
        text = _csv([c.header_de for c in columns], ([r[c.key] for c in columns] for r in rows))
        written.append((atomic_write(files[key], text), len(rows)))
    candidates = _csv(CANDIDATE_HEADERS, ([c[h] for h in CANDIDATE_HEADERS] for c in result.candidates))
    written.append((atomic_write(files["candidates"], candidates), len(result.candidates)))
    return written
