"""Run the named SPARQL analyses (or a user's ``.rq`` file): rows for the command line, a DataFrame for notebooks.

:func:`run_rows` answers with plain rows (:class:`Rows`), straight from the
engine's values, so a command that prints them imports neither pandas nor
(on Oxigraph) rdflib; :func:`run_query` gives the same rows as a pandas
DataFrame. :func:`overlaps` and :func:`gaps` give :class:`Section` s whose
``frame`` is made only when it is asked for.

Parameters reach a query only as bindings through :meth:`graph.store.Store.query`.
An entity parameter (``actor``, ``theme``, …) takes an id; a small lookup query,
which itself binds the id as a literal, turns it into the entity's IRI first.
Because a bound variable must appear in the SELECT clause (SEP-0007), every
parametrised query projects its parameters; the frame leaves those columns out,
since they only repeat what the caller gave (and an entity's IRI is not for
people: rows name entities by id and label).

A list in a cell is written in SPARQL as ``GROUP_CONCAT(…; SEPARATOR="\\u001f")``;
the frame sorts its parts (case and accents folded), drops empty and repeated
ones and joins them with ``"; "``, so the output is the same on every engine.
(Write ``COALESCE(?x, "")`` inside such a GROUP_CONCAT when ``?x`` may be unbound:
rdflib's ``GROUP_CONCAT(DISTINCT …)`` fails on unbound values.)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph.analysis.catalogue import QUERY_DIR, Param, QueryInfo, catalogue, find_query
from graph.errors import QueryError, did_you_mean
from graph.prefixes import PREFIXES
from graph.store.base import IRI, QueryResult, Store

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "GAPS",
    "OVERLAPS",
    "Param",
    "QueryInfo",
    "Rows",
    "Section",
    "catalogue",
    "find_query",
    "gaps",
    "overlaps",
    "run_query",
    "run_rows",
]

#: The analyses ``overlaps()`` runs, in this order.
OVERLAPS = ("shared-goals", "shared-themes", "hotspots")
#: The analyses ``gaps()`` runs, in this order.
GAPS = (
    "uncovered-event-themes",
    "unplanned-themes",
    "goals-without-plan",
    "goals-without-instrument",
    "goals-without-actor",
    "plans-without-goal",
    "idle-instruments",
    "inactive-actors",
)

_SP = PREFIXES["sp"]
_CLASSES = {
    "actor": _SP + "Actor",
    "theme": _SP + "Theme",
    "plan": _SP + "Plan",
    "goal": _SP + "Goal",
    "instrument": _SP + "SteeringInstrument",
    "event": _SP + "Event",
}
_LOOKUP = (
    "PREFIX dct: <http://purl.org/dc/terms/>\n"
    "SELECT ?x ?id ?class WHERE { ?x dct:identifier ?id ; a ?class FILTER(isIRI(?x)) }"
)
_IDS = "PREFIX dct: <http://purl.org/dc/terms/>\nSELECT ?id ?class WHERE { ?x a ?class ; dct:identifier ?id }"
_LIST_SEP = "\x1f"


@dataclass
class Rows:
    """An answer as plain rows: column names and, per row, ``str``, ``int``, ``float``, ``bool`` or None.

    Examples
    --------
    >>> answer = Rows(["theme", "actors"], [["Armut", 4]])
    >>> len(answer), answer.frame().to_dict("records")
    (1, [{'theme': 'Armut', 'actors': 4}])
    """

    columns: list[str]
    rows: list[list[Any]]

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pandas.DataFrame:
        """The rows as a DataFrame: columns of whole numbers as int64, of numbers as float64, else objects."""
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=self.columns, dtype=object)
        for column in self.columns:
            values = frame[column].tolist()
            if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
                frame[column] = frame[column].astype("int64")
            elif values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
                frame[column] = frame[column].astype("float64")
        return frame


class Section:
    """One analysis of a report such as :func:`overlaps` or :func:`gaps`: its rows, or a frame given.

    ``frame`` (a pandas DataFrame) is made from the rows when first asked for;
    ``rows`` (:class:`Rows`) from a frame given instead.
    """

    def __init__(self, name: str, title: str, summary: str, frame=None, *, rows: Rows | None = None):
        if (frame is None) == (rows is None):
            raise TypeError("give a Section either a frame or rows")
        self.name, self.title, self.summary = name, title, summary
        self._frame, self._rows = frame, rows

    @property
    def frame(self) -> pandas.DataFrame:
        if self._frame is None:
            self._frame = self._rows.frame()
        return self._frame

    @property
    def rows(self) -> Rows:
        if self._rows is None:
            from graph.output import frame_rows

            self._rows = Rows(*frame_rows(self._frame))
        return self._rows

    def __len__(self) -> int:
        return len(self._rows) if self._rows is not None else len(self._frame)

    def __repr__(self) -> str:
        return f"Section({self.name!r}, {self.title!r}, {len(self)} rows)"


@dataclass
class _Parsed:
    kind: str  # SELECT | ASK | CONSTRUCT | DESCRIBE | UPDATE
    projected: set[str] | None  # None: SELECT * or not a SELECT
    declared: set[str]
    used: set[str]
    service: bool
    loads: list[str | None] = field(default_factory=list)  # LOAD <url> of an update (None: not an IRI)


def run_query(
    store: Store,
    name_or_file: str,
    params: Mapping[str, str] | None = None,
    *,
    allow_update: bool = False,
    allow_load: Collection[str] = (),
) -> pandas.DataFrame:
    """Run an analysis of the catalogue, or the query file at a path, on ``store``: the rows of :func:`run_rows` as a DataFrame.

    Returns
    -------
    pandas.DataFrame
        SELECT: one column per projected variable except the parameters; ASK:
        one column ``ask``; CONSTRUCT/DESCRIBE: ``subject, predicate, object`` in
        N3; an update: an empty frame.

    Examples
    --------
    >>> from graph.store import RdflibStore
    >>> run_query(RdflibStore(), "idle-instruments").columns.tolist()
    ['instrument_id', 'instrument', 'lead_id', 'lead', 'status']
    """
    answer = run_rows(store, name_or_file, params, allow_update=allow_update, allow_load=allow_load)
    if answer is None:
        import pandas as pd

        return pd.DataFrame()
    return answer.frame()


def run_rows(
    store: Store,
    name_or_file: str,
    params: Mapping[str, str] | None = None,
    *,
    allow_update: bool = False,
    allow_load: Collection[str] = (),
) -> Rows | None:
    """Run an analysis of the catalogue, or the query file at a path, on ``store``; return its rows.

    Parameters
    ----------
    store
        The graph.
    name_or_file
        A catalogue name (see :func:`catalogue`) or the path of a ``.rq`` file.
    params
        Parameter values as text, by name; missing ones take their default.
    allow_update
        Run SPARQL updates (INSERT, DELETE, DROP, …), which are refused
        otherwise. An update returns None.
    allow_load
        URLs an update may ``LOAD``. A LOAD makes the engine itself (or the
        endpoint's server) fetch the URL, out of reach of the network guard, so
        every other LOAD is refused.

    Returns
    -------
    Rows or None
        SELECT: one column per projected variable except the parameters (a list
        in a cell sorted and joined with ``"; "``); ASK: one column ``ask``;
        CONSTRUCT/DESCRIBE: ``subject, predicate, object`` in N3.

    Examples
    --------
    >>> from graph.session import open_dataset
    >>> view, _ = open_dataset(__import__("graph.files").files.example_data())
    >>> answer = run_rows(view, "theme-actors", {"theme": "armut"})
    >>> answer.columns[:3], len(answer) > 5
    (['actor_id', 'actor', 'kind'], True)
    """
    info = find_query(name_or_file)
    where = info.path.name
    try:
        text = info.path.read_text(encoding="utf-8").lstrip("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{where}: cannot read the query file: {exc}") from None
    # The shipped analyses are checked by the test suite (SELECT, parameters
    # projected, no SERVICE); parsing them again with pyparsing would cost more
    # than running them. User files are parsed before anything else happens.
    shipped = info.path.parent == QUERY_DIR
    parsed = _Parsed("SELECT", None, set(PREFIXES), set(), False) if shipped else _parse(text, where)
    if parsed.service:
        raise QueryError(f"{where}: SERVICE is refused: sozialgraph does not reach other SPARQL endpoints")
    unknown = sorted(parsed.used - parsed.declared - set(PREFIXES))
    if unknown:
        raise QueryError(f"{where}: unknown prefix {unknown[0]}: (declare it with PREFIX {unknown[0]}: <…>)")
    full_text = _with_prefixes(text, parsed.declared)
    if parsed.kind == "UPDATE":
        if not allow_update:
            raise QueryError(
                f"{where}: this is a SPARQL update, which changes the graph; updates are refused "
                "unless allowed (sozialgraph query --allow-update)"
            )
        if params:
            raise QueryError(f"{where}: an update takes no parameters")
        for url in parsed.loads:
            if url is None:
                raise QueryError(f"{where}: LOAD needs its URL written out in full: LOAD <https://…>")
            if url not in allow_load:
                raise QueryError(
                    f"{where}: LOAD <{url}> would fetch data from the network (or a file); sozialgraph "
                    f"loads nothing it is not told to: allow this URL with --allow-load {url}"
                )
        try:
            store.update(full_text)
        except QueryError as exc:
            raise QueryError(f"{where}: {exc}") from None
        return None
    values = _param_values(info, params or {})
    if parsed.projected is not None:
        for name in values:
            if name not in parsed.projected:
                raise QueryError(
                    f"{where}: the parameter ?{name} is not in the SELECT clause; a bound variable "
                    f"must be projected (SEP-0007), e.g. SELECT ?{name} …"
                )
    bindings = {p.name: _bind(store, p, value) for p, value in values.values()}
    try:
        if parsed.kind == "SELECT":
            variables, rows = store.select_values(full_text, bindings)
        else:
            return _other(store.query(full_text, bindings))
    except QueryError as exc:
        raise QueryError(f"{where}: {exc}") from None
    keep = [i for i, v in enumerate(variables) if v not in bindings]
    return Rows([variables[i] for i in keep], [[_cell(row[i]) for i in keep] for row in rows])


def overlaps(store: Store) -> list[Section]:
    """The headline overlaps: shared goals, shared themes and hotspots."""
    return [_section(store, name) for name in OVERLAPS]


def gaps(store: Store) -> list[Section]:
    """The headline gaps: uncovered themes, goals, plans, instruments and actors left alone."""
    return [_section(store, name) for name in GAPS]


def _section(store: Store, name: str) -> Section:
    info = find_query(name)
    return Section(info.name, info.title, info.summary, rows=run_rows(store, name))


# --------------------------------------------------------------------------
# Parsing


def _parse(text: str, where: str) -> _Parsed:
    """Parse with rdflib's grammar: query or update, projection, prefixes, SERVICE."""
    from pyparsing import ParseException
    from rdflib import URIRef
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise QueryError(f"{where}: the file holds no query")
    try:
        tree = parseQuery(text)
    except ParseException as query_exc:
        try:
            tree = parseUpdate(text)
        except ParseException as update_exc:
            exc = update_exc if update_exc.loc > query_exc.loc else query_exc
            raise QueryError(_syntax_message(where, exc)) from None
        loads = [
            str(n["iri"]) if isinstance(n["iri"], URIRef) else None
            for n in _walk(tree)
            if getattr(n, "name", None) == "Load"
        ]
        return _Parsed("UPDATE", None, _declared(tree["prologue"]), _pnames(tree), _has_service(tree), loads)
    query = tree[1]
    kind = query.name.replace("Query", "").upper()
    projected = None
    if kind == "SELECT" and "projection" in query:
        projected = {str(v["evar"] if "evar" in v else v["var"]) for v in query["projection"]}
    return _Parsed(kind, projected, _declared(tree[0]), _pnames(tree), _has_service(tree))


def _syntax_message(where: str, exc: Any) -> str:
    near = (exc.line or "")[max(exc.col - 1, 0) :].strip()
    near = f"near {near[:40]!r}" if near else "at the end of the line"
    return f"{where}:{exc.lineno}:{exc.col}: SPARQL syntax error {near}"


def _walk(node: Any):
    """Every node of an rdflib parse tree (CompValue dicts and pyparsing results)."""
    yield node
    if isinstance(node, dict):
        children = list(node.values())
    elif isinstance(node, list | tuple) or hasattr(node, "asList"):
        children = list(node)
    else:
        return
    for child in children:
        if child is not None and not isinstance(child, str):
            yield from _walk(child)


def _declared(prologue: Any) -> set[str]:
    return {str(n["prefix"] or "") for n in _walk(prologue) if getattr(n, "name", None) == "PrefixDecl"}


def _pnames(tree: Any) -> set[str]:
    return {str(n["prefix"] or "") for n in _walk(tree) if getattr(n, "name", None) == "pname"}


def _has_service(tree: Any) -> bool:
    return any(getattr(n, "name", None) == "ServiceGraphPattern" for n in _walk(tree))


def _with_prefixes(text: str, declared: set[str]) -> str:
    """Offer the project's prefixes on the first line, so line numbers stay true."""
    extra = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared)
    return f"{extra} {text}" if extra else text


# --------------------------------------------------------------------------
# Parameters


def _param_values(info: QueryInfo, given: Mapping[str, Any]) -> dict[str, tuple[Param, str]]:
    where = info.path.name
    for name in given:
        if info.param(name) is None:
            if info.params:
                known = ", ".join(f"{p.name} ({p.kind})" for p in info.params)
                raise QueryError(f"{where}: no parameter {name!r}; its parameters are: {known}")
            raise QueryError(
                f"{where}: no parameter {name!r}; the query declares none "
                "(a header line '#+ param: NAME KIND - description' declares one)"
            )
    values: dict[str, tuple[Param, str]] = {}
    for p in info.params:
        value = given.get(p.name, p.default)
        if value is None:
            about = f": {p.description}" if p.description else ""
            raise QueryError(f"{where}: the parameter {p.name} ({p.kind}) is required{about}")
        values[p.name] = (p, str(value))
    return values


def _bind(store: Store, param: Param, value: str) -> str | int | IRI:
    """The value a parameter binds: an entity's IRI, a whole number or a text."""
    if param.kind == "text":
        return value
    if param.kind == "integer":
        try:
            return int(value.strip())
        except ValueError:
            raise QueryError(f"the parameter {param.name} must be a whole number, not {value!r}") from None
    cls = IRI(_CLASSES[param.kind])
    found = store.select_values(_LOOKUP, {"id": value, "class": cls})[1]
    iris = sorted({row[0] for row in found})
    if len(iris) == 1:
        return IRI(iris[0])
    if len(iris) > 1:
        raise QueryError(f"the {param.kind} id {value!r} names {len(iris)} entities; ids must be unique")
    ids = sorted({str(row[0]) for row in store.select_values(_IDS, {"class": cls})[1]})
    hint = did_you_mean(value, ids)
    if not hint and 0 < len(ids) <= 20:
        hint = "; the ids are: " + ", ".join(ids)
    raise QueryError(f"no {param.kind} with id {value!r}{hint}")


# --------------------------------------------------------------------------
# Results


def _other(result: QueryResult) -> Rows:
    """An ASK or CONSTRUCT answer as rows."""
    if result.kind == "ASK":
        return Rows(["ask"], [[bool(result.boolean)]])
    triples = sorted((s.n3(), p.n3(), o.n3()) for s, p, o in (result.graph or ()))
    return Rows(["subject", "predicate", "object"], [list(t) for t in triples])


def _cell(value: str | int | float | None) -> str | int | float | None:
    """A cell: a list written with the separator becomes its parts, sorted and joined with ``"; "``."""
    if isinstance(value, str) and _LIST_SEP in value:
        return "; ".join(sorted({part for part in value.split(_LIST_SEP) if part}, key=_sort_key))
    return value


def _sort_key(text: str) -> tuple[str, str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return ("".join(c for c in folded if not unicodedata.combining(c)), text)
