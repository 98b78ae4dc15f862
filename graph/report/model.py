"""What a report is made of: sections of simple blocks, and the context a section is built from.

A section is data, not markup: a title and a list of blocks (:class:`Para`,
:class:`Heading`, :class:`Items`, :class:`Table`, :class:`Figure`), which
:mod:`graph.report.render` turns into escaped HTML. A section builder is a
function ``build(ctx: Context) -> Section | None`` (None leaves the section
out); :data:`graph.report.report.SECTIONS` lists them in order. Adding a
section is writing one such function, its words in :mod:`graph.report.words`,
and one line in ``SECTIONS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from graph.errors import SozialgraphError
from graph.namespaces import SP
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "KIND_ORDER",
    "QUERY_DIR",
    "Block",
    "Context",
    "Figure",
    "Heading",
    "Heat",
    "Items",
    "Mark",
    "Para",
    "Section",
    "Table",
]

#: Actor kinds in the order the report lists actors: administration, partners, committees, bodies, the city.
KIND_ORDER: tuple[URIRef, ...] = (
    SP.Department,
    SP.Enterprise,
    SP.ExternalPartner,
    SP.Committee,
    SP.Body,
    SP.LocalAuthority,
)
#: The report's own queries: they read the data and the derived relations, never restate a rule.
QUERY_DIR = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Mark:
    """A table cell with a look: ``tag`` is one of :data:`Mark.TAGS` (a CSS class of report.css)."""

    text: str
    tag: str

    #: covered / partly (only in plans that do not count) / gap; strong; muted
    TAGS = frozenset({"covered", "partly", "gap", "strong", "muted"})

    def __post_init__(self) -> None:
        if self.tag not in self.TAGS:
            raise ValueError(f"unknown mark {self.tag!r}")


@dataclass(frozen=True)
class Heat:
    """A cell of a heat map: ``level`` 0 (empty) to :data:`Heat.LEVELS` (darkest) and its text."""

    level: int
    text: str

    LEVELS = 6

    def __post_init__(self) -> None:
        if not 0 <= self.level <= self.LEVELS:
            raise ValueError(f"heat level {self.level} is not between 0 and {self.LEVELS}")


@dataclass(frozen=True)
class Para:
    """A paragraph of text; ``note`` makes it a small remark."""

    text: str
    note: bool = False


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section; it stays with what follows it on the page."""

    text: str


@dataclass(frozen=True)
class Items:
    """A bulleted list of texts."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table: ``rows`` hold text, numbers, None (empty), :class:`Mark` or :class:`Heat`.

    ``numeric`` are the indexes of right-aligned columns; ``empty`` is said
    instead of a table without rows; ``heat`` makes it a heat map: narrow
    cells, upright column headers, the first column the row names.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""
    numeric: tuple[int, ...] = ()
    empty: str = ""
    heat: bool = False


@dataclass(frozen=True)
class Figure:
    """A picture: ``svg`` is markup made by :mod:`graph.report.picture`, which escapes every text in it."""

    svg: str
    caption: str


Block = Para | Heading | Items | Table | Figure


@dataclass
class Section:
    """One section: ``key`` is its anchor (``#coverage``) and stable name; ``annex`` starts a new page."""

    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    annex: bool = False


@dataclass
class Context:
    """What a section builder reads: the graph, the language, the question and the caller's options.

    ``options`` carries what single sections need from the caller (``events``
    and ``max_per_actor`` for the moderation teams; a later section may take
    e.g. a previous dataset). Analyses and queries are run once per report.
    """

    store: Store
    lang: str = "de"
    statuses: frozenset[str] = frozenset({"active", "planned"})
    as_of: dt.date = field(default_factory=dt.date.today)
    options: Mapping[str, Any] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict, repr=False)

    def analysis(self, name: str, **params: str) -> pd.DataFrame:
        """The frame of a catalogue analysis (:func:`graph.analysis.query.run_query`), run once."""
        from graph.analysis.query import run_query

        key = ("analysis", name, tuple(sorted(params.items())))
        if key not in self._cache:
            self._cache[key] = run_query(self.store, name, params)
        return self._cache[key]

    def rows(self, name: str, **bindings: Node) -> list[dict[str, Any]]:
        """The rows of the report query ``queries/NAME.rq`` as dicts of Python values, run once.

        IRIs stay :class:`~rdflib.URIRef` (labelled later in the report's
        language), literals become ``int`` or ``str``, unbound values None.
        """
        key = ("rows", name, tuple(sorted(bindings.items())))
        if key not in self._cache:
            try:
                text = (QUERY_DIR / f"{name}.rq").read_text(encoding="utf-8")
            except OSError as exc:  # pragma: no cover - shipped files
                raise SozialgraphError(f"the report query {name}.rq is missing: {exc}") from None
            result = self.store.query(text, bindings or None)
            self._cache[key] = [{k: _value(v) for k, v in row.items()} for row in result.dicts()]
        return self._cache[key]

    def actors(self) -> dict[str, tuple[str, int]]:
        """Actor id -> (name, rank of its first kind in :data:`KIND_ORDER`; unknown kinds last)."""

        def make() -> dict[str, tuple[str, int]]:
            out: dict[str, tuple[str, int]] = {}
            for r in self.rows("actors"):
                rank = KIND_ORDER.index(r["kind"]) if r["kind"] in KIND_ORDER else len(KIND_ORDER)
                old = out.get(r["actor_id"], (r["actor"], rank))
                out[r["actor_id"]] = (r["actor"], min(rank, old[1]))
            return out

        return self.memo("actors", make)

    def coverage(self) -> Any:
        """The municipality × top theme coverage (:func:`graph.analysis.coverage.coverage`), once."""
        from graph.analysis.coverage import coverage

        return self.memo("coverage", lambda: coverage(self.store, themes="top"))

    def several(self) -> bool:
        """Whether the data holds several municipalities (or datasets): a report on a Land."""
        return len(self.coverage().units) > 1

    def memo(self, key: str, make: Any) -> Any:
        """``make()`` once per report (for results several sections share)."""
        if ("memo", key) not in self._cache:
            self._cache[("memo", key)] = make()
        return self._cache[("memo", key)]


def _value(term: Node | None) -> Any:
    if term is None or isinstance(term, URIRef):
        return term
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return str(term)
        if isinstance(value, int):
            return value
        return str(term)
    return str(term)
