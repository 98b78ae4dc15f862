"""Pair questions at any size: shared goals, shared themes and hotspots — scoped, ranked, streamed.

The answers of the catalogue's ``shared-goals``, ``shared-themes`` and
``hotspots`` (which stay the reference, and answer city-size questions as
they are), computed from the derived works-on relation read once
(:func:`graph.analysis.incidence.read_incidence`: ``GRAPH ?d { ?actor sp:worksOn ?item }`` over the
derived graphs that count) as an actor × item incidence and a sparse
co-occurrence product (:mod:`graph.analysis.cooccur`), so that the cost follows
the answer, not all pairs of actors.

A question runs in a scope (:mod:`graph.analysis.scopes`): pairs are two actors
of one municipality, one dataset, or of all. Within a scope the rows come in the
catalogue's order (most shared first, then by id) and ``top`` keeps the first
``top`` of each scope; ``rollup`` counts a unit's work for the unit above it.
With scope ``all`` and no ``top``, the rows are those of the SPARQL files
(test: tests/test_pairs.py), except that two actors with the same id are kept
apart (the SPARQL groups by id and label).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graph.analysis.incidence import Incidence, read_incidence
from graph.analysis.scopes import choose_scope

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from scipy import sparse

    from graph.store import Store

__all__ = [
    "PAIR_ANALYSES",
    "Incidence",
    "Members",
    "PairTable",
    "hotspots",
    "members",
    "overlaps",
    "pair_items",
    "read_incidence",
    "sections",
    "shared",
]

#: The pair analyses, in the order ``overlaps`` shows them.
PAIR_ANALYSES = ("shared-goals", "shared-themes", "hotspots")


@dataclass
class Members:
    """The incidence of one question: a row per actor and scope, a column per item and scope."""

    mode: str
    scopes: list[str]  # scope index -> name shown (a Körperschaft's id, a dataset's name; "" for all)
    actors: list[str]  # row -> actor IRI
    scope: np.ndarray  # row -> scope index (not decreasing)
    A: sparse.csr_matrix  # rows x columns, from graph.analysis.cooccur.scoped
    col_item: np.ndarray  # column -> item index (into Incidence.item_iris)
    col_scope: np.ndarray  # column -> scope index
    _item_sets: dict[int, set[int]] = field(default_factory=dict, repr=False)

    def row_items(self, row: int) -> np.ndarray:
        """The item indices of a row."""
        A = self.A
        return self.col_item[A.indices[A.indptr[row] : A.indptr[row + 1]]]

    def item_set(self, row: int) -> set[int]:
        """The item indices of a row as a set, made once per row (pairs ask for the same rows often)."""
        found = self._item_sets.get(row)
        if found is None:
            found = self._item_sets[row] = set(self.row_items(row).tolist())
        return found


def members(
    inc: Incidence, kinds: set[str], *, scope: str = "auto", rollup: bool = False, need_id: bool = True
) -> Members:
    """The scoped incidence of the actors (with an id, if ``need_id``) and the items of ``kinds``."""
    import numpy as np

    from graph.analysis.cooccur import scoped

    mode = choose_scope(scope, inc.structure, inc.datasets)
    structure = inc.structure

    def scope_of(dataset: str, actor: str) -> tuple[int, str, str]:
        """(order, name shown, identity) of an actor's scope: municipalities first, then datasets."""
        if mode == "all":
            return (0, "", "")
        if mode == "municipality":
            town = structure.municipality(actor)
            if town is not None:
                ident, label = inc.actors.get(town, (None, town))
                return (0, ident or label, town)
        return (1, dataset, dataset)

    # every (dataset, actor) key: the member(s) its work counts for
    targets: list[list[tuple[tuple[int, str, str], str]]] = []
    for dataset, actor in inc.keys:
        found = []
        for target in structure.rollup(actor) if rollup else (actor,):
            names = inc.actors.get(target)
            if names is not None and not (need_id and names[0] is None):
                found.append((scope_of(dataset, target), target))
        targets.append(found)
    member_keys = sorted(
        {m for found in targets for m in found}, key=lambda m: (m[0], inc.actors[m[1]][0] or "", m[1])
    )
    row_of = {m: n for n, m in enumerate(member_keys)}
    scope_keys = sorted({m[0] for m in member_keys})
    scope_index = {k: n for n, k in enumerate(scope_keys)}
    row_scope = np.array([scope_index[m[0]] for m in member_keys], dtype=np.int64)

    wanted = np.array([it is not None and it[0] in kinds for it in inc.items] or [False], dtype=bool)
    keep = wanted[inc.item_of] if len(inc.item_of) else np.zeros(0, dtype=bool)
    key_of, item_of = inc.key_of[keep], inc.item_of[keep]
    single = np.array([row_of[f[0]] if len(f) == 1 else -1 for f in targets] or [-1], dtype=np.int64)
    rows = single[key_of]
    one = rows >= 0
    parts_r, parts_c = [rows[one]], [item_of[one]]
    for k in np.unique(key_of[~one]).tolist():  # keys with no member, or several (roll-up)
        mine = item_of[key_of == k]
        for m in targets[k]:
            parts_r.append(np.full(len(mine), row_of[m], dtype=np.int64))
            parts_c.append(mine)
    n_items = max(len(inc.item_iris), 1)
    A, col_keys = scoped(np.concatenate(parts_r), np.concatenate(parts_c), row_scope, n_items)
    return Members(
        mode,
        [k[1] for k in scope_keys],
        [m[1] for m in member_keys],
        row_scope,
        A,
        col_keys % n_items,
        col_keys // n_items,
    )


@dataclass
class PairTable:
    """One analysis as columns and rows (``rows`` may be a stream: read it once)."""

    name: str
    columns: list[str]
    rows: Any
    scopes: int
    mode: str


def _with_scope(m: Members) -> bool:
    return m.mode != "all" and len(m.scopes) > 1


def shared(
    inc: Incidence, kind: str, *, scope: str = "auto", top: int | None = 20, rollup: bool = False
) -> PairTable:
    """``shared-goals`` (``kind="goal"``) or ``shared-themes`` (``"theme"``): pairs of actors of one scope
    that work on the same items, most first, then by the actors' ids; ``top`` per scope (None: all)."""
    from graph.analysis.cooccur import pair_counts

    m = members(inc, {kind}, scope=scope, rollup=rollup)
    labels = {it[2] for it in inc.items if it is not None and it[0] == kind}
    from graph.analysis.query import _sort_key

    ordered = sorted(labels, key=_sort_key)
    rank = {label: n for n, label in enumerate(ordered)}
    item_rank = [rank[it[2]] if it is not None and it[0] == kind else -1 for it in inc.items]
    with_scope = _with_scope(m)
    column = "goals" if kind == "goal" else "themes"

    def stream() -> Iterator[list[Any]]:
        for rs, cs, ns in pair_counts(m.A, m.scope, top=top):
            for r, c, n in zip(rs.tolist(), cs.tolist(), ns.tolist(), strict=True):
                (a_id, a), (b_id, b) = inc.actors[m.actors[r]], inc.actors[m.actors[c]]
                common = "; ".join(
                    ordered[x] for x in sorted({item_rank[i] for i in m.item_set(r) & m.item_set(c)})
                )
                row = [a_id, a, b_id, b, common, n]
                yield [m.scopes[m.scope[r]], *row] if with_scope else row

    columns = ["actor_a_id", "actor_a", "actor_b_id", "actor_b", column, "count"]
    return PairTable(
        f"shared-{column}", (["scope"] if with_scope else []) + columns, stream(), len(m.scopes), m.mode
    )


def hotspots(
    inc: Incidence,
    *,
    scope: str = "auto",
    top: int | None = 20,
    rollup: bool = False,
    minimum: int = 2,
) -> PairTable:
    """``hotspots``: the goals and themes at least ``minimum`` actors of a scope work on, most first,
    then kind and id; ``top`` per scope (None: all)."""
    import numpy as np

    from graph.analysis.cooccur import column_counts

    m = members(inc, {"goal", "theme"}, scope=scope, rollup=rollup, need_id=False)
    counts = column_counts(m.A)
    items = [inc.items[i] for i in m.col_item.tolist()]
    col_scope, n_actors = m.col_scope.tolist(), counts.tolist()
    cells = [c for c in np.flatnonzero(counts >= minimum).tolist() if items[c][1] is not None]
    cells.sort(key=lambda c: (col_scope[c], -n_actors[c], items[c][0], items[c][1]))
    with_scope = _with_scope(m)
    C = m.A.tocsc()
    # actor labels in the catalogue's list order, ranked once (names repeat from town to town)
    names = [inc.actors[a][1] for a in m.actors]
    from graph.analysis.query import _sort_key

    ordered = sorted(set(names), key=_sort_key)
    rank = {label: n for n, label in enumerate(ordered)}
    row_rank = [rank[label] for label in names]

    def stream() -> Iterator[list[Any]]:
        shown = 0
        last = -1
        for cell in cells:
            s = col_scope[cell]
            shown = shown + 1 if s == last else 1
            last = s
            if top is not None and shown > top:
                continue
            rows = C.indices[C.indptr[cell] : C.indptr[cell + 1]]
            labels = [ordered[x] for x in sorted({row_rank[r] for r in rows.tolist()})]
            kind, ident, label = items[cell]
            row = [kind, ident, label, n_actors[cell], "; ".join(labels)]
            yield [m.scopes[s], *row] if with_scope else row

    columns = ["kind", "id", "label", "actors", "actor_list"]
    return PairTable("hotspots", (["scope"] if with_scope else []) + columns, stream(), len(m.scopes), m.mode)


def overlaps(
    store_or_incidence: Store | Incidence,
    *,
    scope: str = "auto",
    top: int | None = 20,
    rollup: bool = False,
    only: tuple[str, ...] = PAIR_ANALYSES,
) -> list[PairTable]:
    """``shared-goals``, ``shared-themes`` and ``hotspots`` of one question (rows are streams).

    ``only``: the analyses to answer, of :data:`PAIR_ANALYSES` (a store is then asked only
    for the items they need: goals, themes or both).

    Examples
    --------
    >>> from graph.session import Session, Source
    >>> tables = overlaps(Session(Source()).store, top=1)
    >>> [(t.name, t.mode, t.scopes, len(list(t.rows))) for t in tables]
    [('shared-goals', 'dataset', 1, 1), ('shared-themes', 'dataset', 1, 1), ('hotspots', 'dataset', 1, 1)]
    >>> [t.name for t in overlaps(Session(Source()).store, only=("shared-themes",))]
    ['shared-themes']
    """
    unknown = sorted(set(only) - set(PAIR_ANALYSES))
    if unknown or not only:
        raise ValueError(f"only: choose among {', '.join(PAIR_ANALYSES)}, not {unknown}")
    if isinstance(store_or_incidence, Incidence):
        inc = store_or_incidence
    else:
        need = {"shared-goals": {"goal"}, "shared-themes": {"theme"}, "hotspots": {"goal", "theme"}}
        inc = read_incidence(store_or_incidence, frozenset().union(*(need[n] for n in only)))
    tables = []
    for name in PAIR_ANALYSES:
        if name not in only:
            continue
        if name == "hotspots":
            tables.append(hotspots(inc, scope=scope, top=top, rollup=rollup))
        else:
            tables.append(shared(inc, name.split("-")[1][:-1], scope=scope, top=top, rollup=rollup))
    return tables


def sections(tables: list[PairTable]) -> list[Any]:
    """The tables as :class:`graph.analysis.query.Section` s (rows read into frames), titled as the catalogue."""
    import pandas as pd

    from graph.analysis.catalogue import find_query
    from graph.analysis.query import Section

    out = []
    for table in tables:
        info = find_query(table.name)
        frame = pd.DataFrame(list(table.rows), columns=table.columns, dtype=object)
        for column in ("count", "actors"):
            if column in frame.columns and len(frame):
                frame[column] = frame[column].astype("int64")
        out.append(Section(info.name, info.title, info.summary, frame))
    return out


def pair_items(
    inc: Incidence, *, scope: str = "auto", rollup: bool = False
) -> tuple[Members, Iterator[tuple[int, int, int, list[int]]]]:
    """Every pair of actors of one scope that share goals or themes: ``(row, row, count, shared items)``.

    The items are indices into ``inc.item_iris``; rows index ``Members.actors``.
    """
    from graph.analysis.cooccur import pair_counts

    m = members(inc, {"goal", "theme"}, scope=scope, rollup=rollup, need_id=False)

    def stream() -> Iterator[tuple[int, int, int, list[int]]]:
        for rs, cs, ns in pair_counts(m.A, m.scope):
            for r, c, n in zip(rs.tolist(), cs.tolist(), ns.tolist(), strict=True):
                yield r, c, n, sorted(m.item_set(r) & m.item_set(c))

    return m, stream()
