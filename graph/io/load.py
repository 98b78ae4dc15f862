"""Loading a dataset into RDF: tables mapped by the schema, RDF files merged in, every problem at once."""

from __future__ import annotations

import mmap
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef

from graph.errors import DataError, Problem
from graph.io.cells import convert_item, split_cell
from graph.io.checks import clean, cycles
from graph.io.ids import default_base, entity_iri
from graph.io.rdf_files import control_characters, new_graph, parse_rdf_file
from graph.io.sheets import Table, read_tables
from graph.namespaces import PROV, RDF, RDFS, SKOS
from graph.schema import Column, Sheet, load_schema

if TYPE_CHECKING:  # pragma: no cover
    pass

__all__ = [
    "BULK_BYTES",
    "Loaded",
    "cell_triples",
    "default_base",
    "entity_iri",
    "entity_triples",
    "parse_rdf_file",
    "read_dataset",
    "read_straight",
    "straight_format",
    "tables_to_graph",
]

#: Turtle and N-Triples files of a folder larger than this go straight into the store, unparsed by rdflib.
BULK_BYTES = 50_000_000
#: RDF files the store's engine reads itself (format names of :meth:`graph.store.base.Store.load_file`).
STRAIGHT = {".nt": "nt", ".ttl": "ttl"}
#: A control character as a byte (C0 and DEL; C1 is ``\xc2\x80``-``\xc2\x9f`` in UTF-8).
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A control character spelled as an escape (``\u0007``, ``\U0000001F``).
_ESCAPED_CONTROL = re.compile(rb"\\(?:u|U0000)00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])")


@dataclass
class Loaded:
    """A dataset read into one rdflib graph, with where each entity came from.

    ``locations`` maps an entity IRI to ``(file, row)``; the row is None for
    entities from RDF files. ``bulk_files`` are RDF files read by the store's
    engine instead of rdflib (a dataset that is one RDF file; files of a folder
    larger than :data:`BULK_BYTES`): :func:`graph.loading.build` loads them and
    checks them against the schema there.
    """

    graph: Graph
    locations: dict[URIRef, tuple[str, int | None]]
    warnings: list[str]
    rdf_files: list[Path]
    base: str
    bulk_files: list[Path] = field(default_factory=list)


def read_dataset(path: str | Path, base: str | None = None, *, shacl: bool = True) -> Loaded:
    """Read a dataset into an rdflib graph, or raise :class:`DataError` with all its problems.

    A dataset without a single row or triple is a problem too ("nothing to load").

    Parameters
    ----------
    path
        A folder of CSV files (plus any ``.ttl``/``.jsonld``/``.nt`` files to merge
        in), an ``.xlsx`` workbook, or a single RDF file.
    base
        Base IRI of the minted entity IRIs; default :func:`default_base`.
    shacl
        Run :func:`graph.io.validate.validate` when RDF files were merged in (tables
        alone are checked completely while they are read).
    """
    path = Path(path)
    base = _normalise_base(base) if base else default_base(path)
    tables, rdf_files, problems, warnings = read_tables(path)
    graph = new_graph()
    locations: dict[URIRef, tuple[str, int | None]] = {}
    bulk: list[Path] = []
    for f in rdf_files:
        if f.suffix.lower() in STRAIGHT and f.stat().st_size > BULK_BYTES:
            bulk.append(f)
            problems.extend(straight_problems(f))
            warnings.append(
                f"{f.name}: large file, read by the store's engine and checked there "
                "(the workbook's rows cannot name its entities)"
            )
            continue
        part, file_problems = parse_rdf_file(f)
        problems.extend(file_problems)
        if part is not None:
            for s in part.subjects(RDF.type, None, unique=True):
                if isinstance(s, URIRef):
                    locations.setdefault(s, (f.name, None))
            graph += part
    merged_rdf = len(graph) > 0
    unreadable = {key for p in problems if p.row is None and (key := _sheet_key_of_file(p.file))}
    table_graph, table_locations, table_problems = tables_to_graph(
        tables, base, _known_ids(graph, base), unreadable
    )
    problems.extend(table_problems)
    graph += table_graph
    locations.update(table_locations)
    if not problems and not graph and not bulk:
        nothing = "no rows in any sheet" + (" and no triples in its RDF files" if rdf_files else "")
        problems.append(Problem(path.name or str(path), None, None, f"{nothing}: nothing to load"))
    if not problems and shacl and merged_rdf:
        from graph.io.validate import validate

        problems.extend(validate(graph, locations))
    if problems:
        raise DataError(problems)
    return Loaded(graph, locations, warnings, rdf_files, base, bulk)


def straight_format(path: str | Path) -> str | None:
    """The format in which the store's engine reads ``path`` itself, if it is one RDF file it can read.

    A dataset that is one Turtle or N-Triples file is loaded straight into the
    store (no rdflib parse, merge and re-serialisation) and checked there.

    Examples
    --------
    >>> from graph.files import example_data
    >>> straight_format(example_data()) is None
    True
    """
    path = Path(path)
    return STRAIGHT.get(path.suffix.lower()) if path.is_file() else None


def read_straight(path: str | Path, base: str | None = None) -> Loaded:
    """A dataset that is one RDF file the engine reads itself: nothing parsed here, only what the engine lets through checked.

    Raises :class:`DataError` for an empty file and for control characters (the
    engine accepts them); syntax and the schema are checked when
    :func:`graph.loading.build` loads it.
    """
    path = Path(path)
    problems = straight_problems(path)
    if problems:
        raise DataError(problems)
    base = _normalise_base(base) if base else default_base(path)
    return Loaded(new_graph(), {}, [], [path], base, [path])


def straight_problems(path: Path) -> list[Problem]:
    """What the engine would let through in an RDF file: being empty, control characters.

    The file is searched as bytes (a few hundred MB a second); only where a
    byte may be a control character is it decoded and searched exactly, to name
    the lines.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            return [Problem(path.name, None, None, "the file is empty")]
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            if not _may_hold_control(data):
                return []
            text = data[:].decode("utf-8", errors="replace")
    except OSError as exc:
        return [Problem(path.name, None, None, f"cannot read the file: {exc.strerror or exc}")]
    return control_characters(path.name, text)


def _may_hold_control(data) -> bool:
    """Whether bytes hold a control character, raw or escaped (one regular-expression pass, then ``find``)."""
    if _RAW_CONTROL.search(data):
        return True
    at = data.find(b"\xc2")
    while at >= 0:
        if at + 1 < len(data) and 0x80 <= data[at + 1] <= 0x9F:
            return True
        at = data.find(b"\xc2", at + 1)
    for marker in (b"\\u00", b"\\U0000"):
        at = data.find(marker)
        while at >= 0:
            if _ESCAPED_CONTROL.match(data, at):
                return True
            at = data.find(marker, at + 1)
    return False


def tables_to_graph(
    tables: list[Table],
    base: str,
    known: Mapping[str, set[str]] | None = None,
    unchecked: Collection[str] = (),
) -> tuple[Graph, dict[URIRef, tuple[str, int]], list[Problem]]:
    """Map tables to triples by the schema, checking ids, references, enums, dates and years.

    Parameters
    ----------
    tables
        Sheets as read by :func:`graph.io.sheets.read_tables` (or made by a generator).
    base
        Base IRI, ending in ``/``.
    known
        Further ids per sheet key that references may name (entities of merged RDF files).
    unchecked
        Sheet keys whose ids are not checked in references (their file could not
        be read, which is reported already).

    Returns
    -------
    graph, locations, problems
        The triples, ``{entity IRI: (file, row)}`` and every problem found.

    Examples
    --------
    >>> from graph.io.sheets import Table
    >>> plans = load_schema().sheet("plans")
    >>> table = Table(plans, "plans.csv", ["id", "name", "owner"], [(2, {"id": "SEP", "name": "Plan", "owner": "FB 65"})])
    >>> graph, locations, problems = tables_to_graph([table], "https://example.org/", known={"actors": {"FB 56"}})
    >>> [str(p) for p in problems]
    ["plans.csv:2 owner: no actor with id 'FB 65' (did you mean 'FB 56'?)"]
    """
    schema = load_schema()
    graph = new_graph()
    locations: dict[URIRef, tuple[str, int]] = {}
    problems: list[Problem] = []
    ids: dict[str, dict[str, int]] = {s.key: {} for s in schema.sheets}
    duplicates: set[tuple[str, int]] = set()
    for table in tables:
        seen = ids[table.sheet.key]
        for row, cells in table.rows:
            ident = clean(cells.get("id", ""))
            if not ident:
                continue
            if ident in seen:
                duplicates.add((table.file, row))
                problems.append(
                    Problem(
                        table.file,
                        row,
                        table.header("id"),
                        f"duplicate id {ident!r} (first in row {seen[ident]})",
                    )
                )
            else:
                seen[ident] = row
    pools = {key: set(found) | set((known or {}).get(key, ())) for key, found in ids.items()}
    for table in tables:
        sheet = table.sheet
        headers = {c.key: table.header(c.key) for c in sheet.columns if table.has_column(c.key)}
        columns = [c for c in sheet.columns if c.key in headers]
        for col in sheet.columns:
            if col.required and col.key not in headers:
                problems.append(
                    Problem(
                        table.file,
                        table.header_row,
                        None,
                        f"the required column {col.key!r} ({col.header_de!r}) is missing",
                    )
                )
        for row, cells in table.rows:
            ident = clean(cells.get("id", ""))
            subject = entity_iri(base, sheet.key, ident) if ident else None
            triples = []
            for col in columns:
                header = headers[col.key]
                items = split_cell(cells.get(col.key, ""), col)
                if not items:
                    if col.required:
                        problems.append(Problem(table.file, row, header, "a value is required"))
                    continue
                if col.single and len(items) > 1:
                    shown = ", ".join(repr(i) for i in items)
                    problems.append(
                        Problem(
                            table.file, row, header, f"only one value allowed, found {len(items)}: {shown}"
                        )
                    )
                    continue
                for item in items:
                    obj, message = convert_item(item, col, sheet.key, base, pools, unchecked)
                    if message:
                        problems.append(Problem(table.file, row, header, message))
                    elif subject is not None:
                        triples.extend(cell_triples(subject, col, obj, base))
            if subject is None or (table.file, row) in duplicates:
                continue
            locations[subject] = (table.file, row)
            for triple in entity_triples(sheet, subject, base):
                graph.add(triple)
            for triple in triples:
                graph.add(triple)
        problems.extend(_cycles(table, ids[sheet.key]))
    return graph, locations, problems


def entity_triples(sheet: Sheet, subject: URIRef, base: str) -> list[tuple]:
    """The triples every row of ``sheet`` gives besides its cells: its class (themes: in the scheme)."""
    if sheet.key != "themes":
        return [(subject, RDF.type, sheet.target_class)]
    scheme = URIRef(f"{base}themes")
    return [
        (subject, RDF.type, sheet.target_class),
        (subject, RDF.type, SKOS.Concept),
        (subject, SKOS.inScheme, scheme),
        (scheme, RDF.type, SKOS.ConceptScheme),
    ]


def cell_triples(subject: URIRef, col: Column, obj, base: str) -> list[tuple]:
    """The triples of one converted cell item (a source text also names the source node it mints)."""
    if col.kind == "source" and isinstance(obj, Literal):
        node = URIRef(f"{base}source/{quote(str(obj), safe='')}")
        return [(subject, col.path, node), (node, RDF.type, PROV.Entity), (node, RDFS.label, obj)]
    return [(subject, col.path, obj)]


# --------------------------------------------------------------------------
# helpers


def _cycles(table: Table, rows: Mapping[str, int]) -> list[Problem]:
    """Rows that reach themselves through references into their own sheet (part of, broader, members)."""
    problems = []
    for col in table.sheet.columns:
        if col.kind != "ref" or col.target != table.sheet.target_class or not table.has_column(col.key):
            continue
        edges: dict[str, list[str]] = {}
        for _, cells in table.rows:
            if ident := clean(cells.get("id", "")):
                edges.setdefault(ident, []).extend(split_cell(cells.get(col.key, ""), col))
        for cycle in cycles(edges):
            path = " -> ".join(repr(i) for i in cycle)
            numbers = [str(rows[i]) for i in cycle[:-1]]
            where = f"row {numbers[0]}" if len(numbers) == 1 else f"rows {', '.join(numbers)}"
            message = f"a cycle: {path} ({where}); one of them must not point back"
            problems.append(Problem(table.file, rows[cycle[0]], table.header(col.key), message))
    return problems


def _normalise_base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def _sheet_key_of_file(name: str) -> str | None:
    """The sheet a file name (``Ziele.csv``) or workbook tab (``plan.xlsx [Ziele]``) stands for."""
    if name.endswith("]") and " [" in name:
        stem = name[name.rindex(" [") + 2 : -1]
    else:
        stem = Path(name).stem
    sheet = load_schema().match_sheet(stem)
    return sheet.key if sheet is not None else None


def _known_ids(graph: Graph, base: str) -> dict[str, set[str]]:
    """Ids of entities in merged RDF files whose IRIs follow the dataset's base."""
    known: dict[str, set[str]] = {s.key: set() for s in load_schema().sheets}
    if len(graph) == 0:
        return known
    for subject in graph.subjects(unique=True):
        text = str(subject)
        if isinstance(subject, URIRef) and text.startswith(base):
            key, sep, rest = text[len(base) :].partition("/")
            if sep and rest and "/" not in rest and key in known:
                known[key].add(unquote(rest))
    return known
