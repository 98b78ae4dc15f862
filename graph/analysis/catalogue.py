"""The catalogue of named analyses: the ``#+`` headers of ``graph/analysis/queries/*.rq``.

Each analysis is one SPARQL file whose leading comment block describes it::

    #+ title: Shared goals
    #+ summary: Which pairs of actors work on the same goals, and on how many?
    #+ param: min integer default=2 - the least number of different actors

``param`` lines read ``NAME KIND [default=VALUE] [- description]``; a default
with spaces is written in double quotes (``default="FB 56"``). KIND is one of
:data:`PARAM_KINDS`. The header is only comments, so the file stays valid
SPARQL that runs in any SPARQL tool. Reading the catalogue reads headers only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import QueryError

__all__ = ["PARAM_KINDS", "QUERY_DIR", "Param", "QueryInfo", "catalogue", "find_query", "read_info"]

#: Folder of the shipped analyses.
QUERY_DIR = Path(__file__).resolve().parent / "queries"

#: Parameter kinds: an entity kind takes an id, ``text`` and ``integer`` a literal.
PARAM_KINDS = ("actor", "theme", "plan", "goal", "instrument", "event", "text", "integer")

_HEADER = re.compile(r"^#\+\s*(?P<key>[A-Za-z_-]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+(?P<kind>[a-z]+)"
    r'(?:\s+default=(?:"(?P<qdefault>[^"]*)"|(?P<default>\S+)))?'
    r"(?:\s+-\s*(?P<description>.*))?$"
)


@dataclass
class Param:
    """One parameter of an analysis; its value is bound to the variable ``?name``."""

    name: str
    kind: str
    default: str | None = None
    description: str = ""


@dataclass
class QueryInfo:
    """What the header of a query file says about it."""

    name: str
    title: str
    summary: str
    params: list[Param] = field(default_factory=list)
    path: Path = QUERY_DIR

    def param(self, name: str) -> Param | None:
        """The parameter called ``name``, or None."""
        return next((p for p in self.params if p.name == name), None)


def read_info(path: Path) -> QueryInfo:
    """Read the ``#+`` header of the query file ``path``.

    Only the leading comment block is read; a malformed ``param`` line is a
    :class:`QueryError` naming the file and line.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query file: {exc}") from None
    fields: dict[str, str] = {}
    params: list[Param] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match["key"].lower(), match["value"]
        if key in ("param", "params"):
            params.append(_parse_param(value, f"{Path(path).name}:{lineno}"))
        else:
            fields.setdefault(key, value)
    return QueryInfo(
        name=Path(path).stem,
        title=fields.get("title", Path(path).stem),
        summary=fields.get("summary", ""),
        params=params,
        path=Path(path),
    )


def _parse_param(value: str, where: str) -> Param:
    match = _PARAM.match(value)
    if not match:
        raise QueryError(
            f"{where}: cannot read the parameter line {value!r} (expected 'NAME KIND - description')"
        )
    if match["kind"] not in PARAM_KINDS:
        raise QueryError(
            f"{where}: unknown parameter kind {match['kind']!r}; use one of {', '.join(PARAM_KINDS)}"
        )
    default = match["qdefault"] if match["qdefault"] is not None else match["default"]
    return Param(match["name"], match["kind"], default, (match["description"] or "").strip())


def catalogue() -> list[QueryInfo]:
    """All shipped analyses, sorted by name.

    Examples
    --------
    >>> [q.name for q in catalogue()][:2]
    ['actor-profile', 'goals-without-actor']
    """
    return [read_info(path) for path in sorted(QUERY_DIR.glob("*.rq"))]


def find_query(name_or_file: str) -> QueryInfo:
    """The analysis called ``name_or_file``, or the user's query file at that path.

    Examples
    --------
    >>> find_query("hotspots").params[0].name
    'min'
    >>> find_query("hotspot")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: no analysis called 'hotspot'; did you mean: hotspots?
    """
    name = str(name_or_file)
    shipped = QUERY_DIR / f"{name}.rq"
    if "/" not in name and "\\" not in name and shipped.is_file():
        return read_info(shipped)
    path = Path(name).expanduser()
    if path.suffix == ".rq" or path.is_file():
        if not path.is_file():
            raise QueryError(f"{name}: no such query file")
        return read_info(path)
    names = [p.stem for p in sorted(QUERY_DIR.glob("*.rq"))]
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    if close:
        hint = "did you mean: " + ", ".join(close) + "?"
    else:
        hint = "the analyses are: " + ", ".join(names)
    raise QueryError(f"no analysis called {name!r}; {hint}")
