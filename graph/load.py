"""Loading a dataset into RDF: tables mapped by the schema, RDF files merged in, every problem at once."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef

from .errors import DataError, Problem, did_you_mean
from .namespaces import DATA, PREFIXES, PROV, RDF, RDFS, SKOS, XSD
from .schema import Column, Sheet, load_schema, normalise, ontology_graph
from .tables import Table, read_tables

if TYPE_CHECKING:  # pragma: no cover
    from .store import Store

__all__ = [
    "BULK_BYTES",
    "Loaded",
    "cell_triples",
    "default_base",
    "entity_iri",
    "entity_triples",
    "load_dataset",
    "parse_rdf_file",
    "read_dataset",
    "tables_to_graph",
]

#: Turtle and N-Triples files larger than this go straight into the store, unparsed by rdflib.
BULK_BYTES = 50_000_000

_RDF_FORMATS = {".ttl": ("turtle", "Turtle"), ".nt": ("nt", "N-Triples"), ".jsonld": ("json-ld", "JSON-LD")}
_TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_DATE_DE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_YEAR = re.compile(r"(\d{4})(?:[.,]0+)?")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")


@dataclass
class Loaded:
    """A dataset read into one rdflib graph, with where each entity came from.

    ``locations`` maps an entity IRI to ``(file, row)``; the row is None for
    entities from RDF files. ``bulk_files`` are RDF files too large for rdflib:
    :func:`load_dataset` loads them straight into the store, unvalidated.
    """

    graph: Graph
    locations: dict[URIRef, tuple[str, int | None]]
    warnings: list[str]
    rdf_files: list[Path]
    base: str
    bulk_files: list[Path] = field(default_factory=list)


def default_base(path: str | Path) -> str:
    """The base IRI of a dataset: ``https://w3id.org/sozialgraph/id/<slug>/``.

    Examples
    --------
    >>> default_base(Path("data/aachen"))
    'https://w3id.org/sozialgraph/id/aachen/'
    >>> default_base(Path("Sozialplanung Köln 2024.xlsx"))
    'https://w3id.org/sozialgraph/id/sozialplanung-koeln-2024/'
    """
    p = Path(path)
    name = p.name if p.is_dir() or not p.suffix else p.stem
    if not name:
        name = p.resolve().name
    ascii_name = unicodedata.normalize("NFKD", name.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "dataset"
    return f"{DATA}{slug}/"


def entity_iri(base: str, sheet_key: str, ident: str) -> URIRef:
    """The IRI of the entity with id ``ident`` in sheet ``sheet_key``.

    Examples
    --------
    >>> entity_iri("https://w3id.org/sozialgraph/id/aachen/", "actors", "FB 56")
    rdflib.term.URIRef('https://w3id.org/sozialgraph/id/aachen/actors/FB%2056')
    """
    return URIRef(f"{base}{sheet_key}/{quote(ident, safe='')}")


def read_dataset(path: str | Path, base: str | None = None, *, shacl: bool = True) -> Loaded:
    """Read a dataset into an rdflib graph, or raise :class:`DataError` with all its problems.

    Parameters
    ----------
    path
        A folder of CSV files (plus any ``.ttl``/``.jsonld``/``.nt`` files to merge
        in), an ``.xlsx`` workbook, or a single RDF file.
    base
        Base IRI of the minted entity IRIs; default :func:`default_base`.
    shacl
        Run :func:`graph.validate.validate` when RDF files were merged in (tables
        alone are checked completely while they are read).
    """
    path = Path(path)
    base = _normalise_base(base) if base else default_base(path)
    tables, rdf_files, problems, warnings = read_tables(path)
    graph = _new_graph()
    locations: dict[URIRef, tuple[str, int | None]] = {}
    bulk: list[Path] = []
    for f in rdf_files:
        if f.suffix.lower() in (".ttl", ".nt") and f.stat().st_size > BULK_BYTES:
            bulk.append(f)
            warnings.append(f"{f.name}: large file, loaded straight into the store without validation")
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
    if not problems and shacl and merged_rdf:
        from .validate import validate

        problems.extend(validate(graph, locations))
    if problems:
        raise DataError(problems)
    return Loaded(graph, locations, warnings, rdf_files, base, bulk)


def load_dataset(
    path: str | Path, store: Store | None = None, base: str | None = None
) -> tuple[Store, Loaded]:
    """Read a dataset (:func:`read_dataset`) and add it to a store (default: in-memory Oxigraph)."""
    loaded = read_dataset(path, base)
    if store is None:
        from .store import OxigraphStore

        store = OxigraphStore()
    store.add_graph(loaded.graph)
    for f in loaded.bulk_files:
        store.load_file(f, f.suffix.lower().lstrip("."))
    return store, loaded


def parse_rdf_file(path: Path) -> tuple[Graph | None, list[Problem]]:
    """Parse one ``.ttl``, ``.nt`` or ``.jsonld`` file without touching the network.

    A JSON-LD ``@context`` (or ``@import``) given by reference is never fetched:
    it is a problem. ``owl:imports`` stay triples and are not followed.
    """
    name = path.name
    fmt, label = _RDF_FORMATS[path.suffix.lower()]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, None, None, f"cannot read the file: {exc.strerror or exc}")]
    if not data.strip():
        return None, [Problem(name, None, None, "the file is empty")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(name, None, None, f"not valid {label}: the file is not UTF-8 text")]
    if fmt == "json-ld":
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, [Problem(name, exc.lineno, None, f"not valid JSON (line {exc.lineno}): {exc.msg}")]
        remote = sorted(set(_remote_contexts(doc)))
        if remote:
            return None, [
                Problem(name, None, None, f"remote @context <{url}> is not fetched; inline the context")
                for url in remote
            ]
    graph = _new_graph()
    try:
        graph.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises many kinds; a planner gets a message, not a traceback
        line, why = _syntax_error(exc, text, fmt)
        if line is None:
            return None, [Problem(name, None, None, f"not valid {label}: {why}")]
        return None, [Problem(name, line, None, f"not valid {label} (line {line}): {why}")]
    return graph, []


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
        Sheets as read by :func:`graph.tables.read_tables` (or made by a generator).
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
    >>> from graph.tables import Table
    >>> plans = load_schema().sheet("plans")
    >>> table = Table(plans, "plans.csv", ["id", "name", "owner"], [(2, {"id": "SEP", "name": "Plan", "owner": "FB 65"})])
    >>> graph, locations, problems = tables_to_graph([table], "https://example.org/", known={"actors": {"FB 56"}})
    >>> [str(p) for p in problems]
    ["plans.csv:2 owner: no actor with id 'FB 65' (did you mean 'FB 56'?)"]
    """
    schema = load_schema()
    graph = _new_graph()
    locations: dict[URIRef, tuple[str, int]] = {}
    problems: list[Problem] = []
    ids: dict[str, dict[str, int]] = {s.key: {} for s in schema.sheets}
    duplicates: set[tuple[str, int]] = set()
    for table in tables:
        seen = ids[table.sheet.key]
        for row, cells in table.rows:
            ident = cells.get("id", "").replace("\xa0", " ").strip()
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
            ident = cells.get("id", "").replace("\xa0", " ").strip()
            subject = entity_iri(base, sheet.key, ident) if ident else None
            triples = []
            for col in columns:
                header = headers[col.key]
                items = _split(cells.get(col.key, ""), col)
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
                    obj, message = _convert(item, col, sheet.key, base, pools, unchecked)
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
    return graph, locations, problems


# --------------------------------------------------------------------------
# cells


def _split(raw: str, col: Column) -> list[str]:
    """The items of a cell: lists split at ``;`` ``,`` or line breaks (sources not at commas).

    No-break spaces (pasted from Word into Excel) count as spaces.
    """
    raw = raw.replace("\xa0", " ")
    if col.single and col.kind not in ("ref", "enum"):
        text = raw.strip()
        return [text] if text else []
    pattern = r"[;\r\n]+" if col.kind == "source" else r"[;,\r\n]+"
    return [item.strip() for item in re.split(pattern, raw) if item.strip()]


def _convert(
    value: str,
    col: Column,
    sheet_key: str,
    base: str,
    pools: Mapping[str, set[str]],
    unchecked: Collection[str] = (),
) -> tuple[URIRef | Literal | None, str | None]:
    """One cell item as an RDF term, or an error message."""
    noun = sheet_key[:-1]
    if col.kind == "ref":
        target = load_schema().sheet_for_class(col.target)
        assert target is not None, col
        if value not in pools.get(target.key, ()) and target.key not in unchecked:
            hint = did_you_mean(value, pools.get(target.key, ()))
            return None, f"no {target.key[:-1]} with id {value!r}{hint}"
        return entity_iri(base, target.key, value), None
    if col.kind == "enum":
        term = col.choices.get(normalise(value))
        if term is None:
            labels = _choice_labels(col)
            hint = did_you_mean(value, labels)
            return None, f"unknown {noun} {col.key} {value!r}{hint}; allowed: {', '.join(labels)}"
        return term, None
    if col.kind == "date":
        parsed = _parse_date(value)
        if parsed is None:
            return None, f"not a date: {value!r} (write 27.11.2017 or 2017-11-27)"
        return Literal(parsed, datatype=XSD.date), None
    if col.kind == "year":
        m = _YEAR.fullmatch(value)
        if m is None:
            return None, f"not a year: {value!r} (write four digits, e.g. 2017)"
        return Literal(m.group(1), datatype=XSD.gYear), None
    if col.kind == "iri":
        if value.startswith("www."):
            value = "https://" + value
        if _IRI.fullmatch(value) is None:
            return None, f"not a web address: {value!r} (write it with https://)"
        return URIRef(value), None
    if col.kind == "source":
        return Literal(value), None
    return Literal(value), None


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
    """The triples of one converted cell item (a source also names its source node)."""
    if col.kind == "source":
        node = URIRef(f"{base}source/{quote(str(obj), safe='')}")
        return [(subject, col.path, node), (node, RDF.type, PROV.Entity), (node, RDFS.label, obj)]
    return [(subject, col.path, obj)]


def _parse_date(value: str) -> str | None:
    m = _DATE_DE.fullmatch(value)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _DATE_ISO.fullmatch(value)
        if m is None:
            return None
        year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _choice_labels(col: Column) -> list[str]:
    """The allowed values of an enum column: the English and German labels (synonyms also match)."""
    onto = ontology_graph()
    labels: list[str] = []
    for term in dict.fromkeys(col.choices.values()):
        for label in sorted(onto.objects(term, RDFS.label), key=lambda lit: (lit.language != "en", str(lit))):
            if normalise(label) in col.choices and str(label) not in labels:
                labels.append(str(label))
    return labels


# --------------------------------------------------------------------------
# RDF files


def _new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph


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


def _remote_contexts(node: object) -> Iterator[str]:
    """Every ``@context`` or ``@import`` given by reference anywhere in a JSON-LD document."""
    if isinstance(node, list):
        for item in node:
            yield from _remote_contexts(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str):
                        yield ctx
            elif key == "@import" and isinstance(value, str):
                yield value
            yield from _remote_contexts(value)


def _syntax_error(exc: Exception, text: str, fmt: str) -> tuple[int | None, str]:
    """Line number (if known) and reason of an rdflib parse error."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(exc, BadSyntax):
        return exc.lines + 1, str(exc._why)
    if fmt == "nt":
        for number, line in enumerate(text.splitlines(), start=1):
            try:
                Graph().parse(data=line, format="nt")
            except Exception as line_exc:
                return number, str(line_exc)
    return None, str(exc) or type(exc).__name__
