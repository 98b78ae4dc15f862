"""The Land's page of the report: municipalities × top themes, how many plans cover each, gaps marked.

Only where the data holds several municipalities (or datasets): a city's report
has no such page. The counts are those of ``sozialgraph coverage``
(:func:`graph.analysis.coverage.coverage`); the cells are shaded like the
actor × theme matrix and carry their number, so the page reads in black and white.
"""

from __future__ import annotations

from graph.report.model import Context, Heat, Para, Section, Table
from graph.report.words import text, words

__all__ = ["MAX_UNITS", "land", "plans_heat"]

#: Most municipalities (rows) shown, those with the most gaps first; the rest are counted in a note.
MAX_UNITS = 40
#: Lowest number of plans of each heat level from 1 on.
BINS = (1, 2, 3, 5, 8)


def plans_heat(plans: int) -> Heat:
    """The cell of a municipality and a theme that ``plans`` plans cover ("–": a gap).

    Examples
    --------
    >>> [(plans_heat(n).level, plans_heat(n).text) for n in (0, 1, 2, 4, 9)]
    [(0, '–'), (1, '1'), (2, '2'), (3, '4'), (5, '9')]
    """
    if plans == 0:
        return Heat(0, "–")
    return Heat(sum(1 for low in BINS if plans >= low), str(plans))


def land(ctx: Context) -> Section | None:
    """The coverage of the top themes per municipality, or None when the data holds one municipality."""
    table = ctx.coverage()
    if not ctx.several() or not table.themes:
        return None
    w = words(ctx.lang)
    gaps = [sum(1 for n in row if n == 0) for row in table.plans]
    order = sorted(range(len(table.units)), key=lambda u: (-gaps[u], table.units[u][1], table.units[u][0]))
    shown = order[:MAX_UNITS]
    shown.sort(key=lambda u: (table.units[u][1].casefold(), table.units[u][0]))
    rows = [(table.units[u][1], *(plans_heat(n) for n in table.plans[u])) for u in shown]
    per_theme = [sum(1 for row in table.plans if row[t] == 0) for t in range(len(table.themes))]
    rows.append((w["land_gaps"], *(Heat(0, str(n)) for n in per_theme)))
    blocks: list = [
        Para(w["land_intro"]),
        Para(text(ctx.lang, "land_summary", n=sum(1 for g in gaps if g), total=len(table.units))),
        Table((w["municipality"], *(label for _, _, label in table.themes)), tuple(rows), heat=True),
    ]
    if len(shown) < len(order):
        blocks.append(Para(text(ctx.lang, "land_cut", shown=len(shown), total=len(order)), note=True))
    blocks.append(Para(w["land_details"], note=True))
    return Section("land", w["land"], blocks)
