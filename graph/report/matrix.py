"""The actor × theme matrix: who works on which theme, as a heat map readable in black and white.

A cell counts the goals on that very theme (``dct:subject``) the actor works
on; ``·`` marks an actor that works on the theme without a goal on it (through
a plan or an instrument). The relation is the derived ``sp:worksOn`` (report
query ``works-on.rq``). Shades are greys with the number printed in each cell,
so the map reads on a black-and-white printout too.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from graph.report.model import Context, Heat, Para, Section, Table
from graph.report.words import text, words

__all__ = ["BINS", "MAX_ACTORS", "MAX_THEMES", "heat", "matrix"]

#: Most actors (rows) and themes (columns) shown; the rest are counted in a note.
MAX_ACTORS = 40
MAX_THEMES = 24
#: Lowest number of goals of each heat level from 2 on (level 1: works on it without a goal).
BINS = (1, 2, 3, 5, 10)


def heat(goals: int | None) -> Heat:
    """The cell for an actor working on a theme with ``goals`` goals on it (None: not working on it).

    Examples
    --------
    >>> [heat(n).level for n in (None, 0, 1, 2, 4, 9, 10)]
    [0, 1, 2, 3, 4, 5, 6]
    >>> heat(0).text, heat(None).text, heat(3).text
    ('·', '', '3')
    """
    if goals is None:
        return Heat(0, "")
    level = 1 + sum(1 for low in BINS if goals >= low)
    return Heat(level, "·" if goals == 0 else str(goals))


def _legend(ctx: Context) -> Table:
    w = words(ctx.lang)
    spans = [f"{low}–{high - 1}" if high - 1 > low else str(low) for low, high in itertools.pairwise(BINS)]
    labels = [w["without_goal"], *spans, f"{BINS[-1]}+"]
    cells = tuple(Heat(level, label) for level, label in enumerate(labels, start=1))
    return Table(("",) * (len(cells) + 1), ((f"{w['legend']}: {w['goals']}", *cells),))


def _theme_order(ctx: Context, wanted: set[str]) -> list[str]:
    """Theme ids depth first along skos:broader, each level by name."""
    names: dict[str, str] = {}
    children: dict[str | None, list[str]] = defaultdict(list)
    for row in ctx.rows("themes"):
        names[row["theme_id"]] = row["theme"]
    parents: dict[str, list[str]] = defaultdict(list)
    for row in ctx.rows("themes"):
        if row["broader_id"] is not None:
            parents[row["theme_id"]].append(row["broader_id"])
    for theme in names:
        for parent in parents.get(theme) or [None]:
            children[parent].append(theme)
    order: list[str] = []
    seen: set[str] = set()

    def walk(parent: str | None) -> None:
        for child in sorted(children.get(parent, ()), key=lambda t: (names[t].casefold(), t)):
            if child not in seen:
                seen.add(child)
                order.append(child)
                walk(child)

    walk(None)
    order += sorted(set(names) - seen)  # themes on a cycle of broader themes
    return [t for t in order if t in wanted]


def matrix(ctx: Context) -> Section:
    """The heat map of actors (rows) and themes (columns)."""
    w = words(ctx.lang)
    rows = ctx.rows("works-on")
    blocks: list = [Para(w["matrix_intro"])]
    if not rows:
        blocks.append(Para(w["matrix_none"]))
        return Section("matrix", w["matrix"], blocks)
    cell: dict[tuple[str, str], int] = {}
    actor_names: dict[str, str] = {}
    theme_names: dict[str, str] = {}
    for r in rows:
        cell[(r["actor_id"], r["theme_id"])] = r["goals"]
        actor_names[r["actor_id"]] = r["actor"]
        theme_names[r["theme_id"]] = r["theme"]
    kind_rank = {a: rank for a, (_, rank) in ctx.actors().items()}

    def total(key: str, axis: int) -> tuple[int, int]:
        mine = [g for k, g in cell.items() if k[axis] == key]
        return (-sum(mine), -len(mine))

    actors = sorted(actor_names, key=lambda a: (*total(a, 0), a))[:MAX_ACTORS]
    themes = sorted(theme_names, key=lambda t: (*total(t, 1), t))[:MAX_THEMES]
    actors.sort(key=lambda a: (kind_rank.get(a, 99), a))
    themes = _theme_order(ctx, set(themes))
    table = Table(
        (w["actor"], *(theme_names[t] for t in themes)),
        tuple((f"{a} · {actor_names[a]}", *(heat(cell.get((a, t))) for t in themes)) for a in actors),
        heat=True,
    )
    blocks += [table, _legend(ctx)]
    if len(actors) < len(actor_names) or len(themes) < len(theme_names):
        blocks.append(
            Para(
                text(
                    ctx.lang,
                    "matrix_cut",
                    a=len(actors),
                    t=len(themes),
                    na=len(actor_names),
                    nt=len(theme_names),
                ),
                note=True,
            )
        )
    return Section("matrix", w["matrix"], blocks)
