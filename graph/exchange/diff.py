"""What changed between two planning cycles: entities, links, coverage, activity and centrality.

:func:`diff_cycles` compares two views (each opened by :mod:`graph.session`,
e.g. through :func:`graph.exchange.cycles.open_cycle`) and returns a
:class:`CycleDiff`: a list of :class:`graph.analysis.query.Section` (the same
sections ``gaps`` and ``overlaps`` return, so every output format and the
committee report take them as they are) plus the two snapshots the page
(:mod:`graph.exchange.diff_page`) draws. Entities are matched by sheet and id,
never by IRI, so a workbook can be compared with a store of the last cycle.
Coverage and activity are read from the derived relations (``sp:covers``,
``sp:addresses``, ``sp:activeThrough``); no rule is restated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.exchange.snapshot import Key, Snapshot, relation_label, snapshot
from graph.schema import label, load_schema
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    from graph.analysis.query import Section

__all__ = ["SECTIONS", "CycleDiff", "diff_cycles", "diff_snapshots", "link_sentence"]

#: The sections of a diff, in order: name -> (title, summary, columns).
SECTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "entities": (
        "Entities added, removed and changed",
        "Rows of the workbook by sheet and id; for a changed row every column that changed, old → new.",
        ("change", "sheet", "id", "name", "column", "old", "new"),
    ),
    "links": (
        "Links added and removed",
        "References between rows (owner, partners, themes, goals, members, …), in the planner's words.",
        ("change", "sheet", "id", "name", "relation", "target_id", "target", "text"),
    ),
    "coverage": (
        "Themes newly planned or newly unplanned",
        "Themes of both cycles whose coverage by plans changed, with the plan that made the difference.",
        ("change", "theme_id", "theme", "plan_id", "plan", "why"),
    ),
    "activity": (
        "Actors who became active or inactive",
        "Actors of both cycles, with what they became (or stopped being) active through.",
        ("change", "actor_id", "actor", "through_kind", "through_id", "through", "why"),
    ),
    "centrality": (
        "Largest centrality shifts",
        "Betweenness (who links the others) in the whole network and among the actors, old → new.",
        ("view", "id", "name", "kind", "old", "new", "shift"),
    ),
}
_RANK = {"added": 0, "removed": 1, "changed": 2}


def link_sentence(subject: str, relation: str, target: str, added: bool = True) -> str:
    """A link between two rows as a planner says it.

    ``relation`` is the German label of the reference's property: a role
    (a noun: *Beteiligte*, *Thema*, *Mitglied*) is said of the target, a
    relation that ends in a preposition (*Teil von*, *formuliert in*) or a verb
    (*dient*) of the row.

    Examples
    --------
    >>> link_sentence("HKW", "Beteiligte", "FB 56")
    'FB 56 ist nun Beteiligte von HKW'
    >>> link_sentence("SP", "Mitglied", "AWO", added=False)
    'AWO ist nicht mehr Mitglied von SP'
    >>> link_sentence("Z2", "formuliert in", "SEP"), link_sentence("I1", "dient", "Z3", False)
    ('Z2 ist nun formuliert in SEP', 'I1 dient nicht mehr Z3')
    """
    now = "nun" if added else "nicht mehr"
    words = relation.split()
    if len(words) > 1 and words[-1] in ("von", "in", "an", "für", "mit", "zu"):
        return f"{subject} ist {now} {relation} {target}"
    if relation[:1].islower():
        return f"{subject} {relation} {now} {target}"
    return f"{target} ist {now} {relation} von {subject}"


@dataclass
class CycleDiff:
    """The changes from one cycle to the next.

    ``sections`` are the tables (:data:`SECTIONS`, in that order); ``old`` and
    ``new`` the snapshots of the cycles; ``old_name`` and ``new_name`` how the
    cycles are called on a page or in a report.
    """

    old_name: str
    new_name: str
    old: Snapshot
    new: Snapshot
    sections: list[Section]

    def section(self, name: str) -> Section:
        """The section called ``name`` (a key of :data:`SECTIONS`)."""
        return next(s for s in self.sections if s.name == name)

    def counts(self) -> dict[str, int]:
        """How many entities, links, themes and actors changed, by kind of change (for a headline).

        Keys in this order: ``entities added|removed|changed``, ``links
        added|removed``, ``themes newly planned|newly unplanned``, ``actors
        became active|became inactive``; an entity, theme or actor counts once.
        """
        out: dict[str, int] = {}
        for name, noun, changes, key in (
            ("entities", "entities", ("added", "removed", "changed"), ("sheet", "id")),
            ("links", "links", ("added", "removed"), None),
            ("coverage", "themes", ("newly planned", "newly unplanned"), ("theme_id",)),
            ("activity", "actors", ("became active", "became inactive"), ("actor_id",)),
        ):
            frame = self.section(name).frame
            for change in changes:
                rows = frame[frame["change"] == change]
                out[f"{noun} {change}"] = len(rows) if key is None else len(rows.drop_duplicates(list(key)))
        return out

    def node_changes(self) -> dict[Key, str]:
        """Every entity of either cycle: ``added``, ``removed``, ``changed`` (a cell) or ``same``."""
        out = {key: "same" for key in self.old.rows.keys() | self.new.rows.keys()}
        keys = {s.name_de: s.key for s in load_schema().sheets}
        frame = self.section("entities").frame
        for change, sheet, ident in zip(frame["change"], frame["sheet"], frame["id"], strict=True):
            out[(keys[sheet], ident)] = change
        return out


def diff_cycles(
    old: Store, new: Store, *, old_name: str = "alt", new_name: str = "neu", top: int = 10
) -> CycleDiff:
    """Compare two cycles, each a view with its derived relations (``Session(...).store``).

    Parameters
    ----------
    old, new
        The views of the earlier and the later cycle, asked with the same
        statuses and day (which plans count is the rules' answer on each).
    old_name, new_name
        What the cycles are called on the page (e.g. "2017", "2019").
    top
        How many of the largest centrality shifts to list per view.

    Examples
    --------
    >>> from graph.session import open_dataset
    >>> from graph.files import example_data
    >>> view = open_dataset(example_data())[0]
    >>> d = diff_cycles(view, view)
    >>> [len(s.frame) for s in d.sections]
    [0, 0, 0, 0, 0]
    """
    return diff_snapshots(snapshot(old), snapshot(new), old_name=old_name, new_name=new_name, top=top)


def diff_snapshots(
    old: Snapshot, new: Snapshot, *, old_name: str = "alt", new_name: str = "neu", top: int = 10
) -> CycleDiff:
    """:func:`diff_cycles` on snapshots already read (:func:`graph.exchange.snapshot.snapshot`)."""
    import pandas as pd

    from graph.analysis.query import Section

    made = {
        "entities": _entities(old, new),
        "links": _links(old, new),
        "coverage": _coverage(old, new),
        "activity": _activity(old, new),
        "centrality": _centrality(old, new, top),
    }
    sampled = [
        f"{view} {name}: {how}"
        for name, side in ((old_name, old), (new_name, new))
        for view, how in side.sampled.items()
    ]
    sections = []
    for name, (title, summary, columns) in SECTIONS.items():
        if name == "centrality" and sampled:
            summary += f" Sampled on large views ({'; '.join(sampled)}): small shifts may be noise."
        sections.append(Section(name, title, summary, pd.DataFrame(made[name], columns=list(columns))))
    return CycleDiff(old_name, new_name, old, new, sections)


# --------------------------------------------------------------------------
# sections


def _sheet_names() -> dict[str, tuple[int, str]]:
    return {s.key: (i, s.name_de) for i, s in enumerate(load_schema().sheets)}


def _entities(old: Snapshot, new: Snapshot) -> list[list]:
    schema = load_schema()
    sheets = _sheet_names()
    found = []
    for key in old.rows.keys() | new.rows.keys():
        sheet = schema.sheet(key[0])
        if key not in old.rows:
            found.append((key, "added", -1, new.name(key), "", "", ""))
        elif key not in new.rows:
            found.append((key, "removed", -1, old.name(key), "", "", ""))
        else:
            for i, col in enumerate(sheet.columns):
                if col.kind == "ref" or col.key == "id":
                    continue
                before, after = old.cell(key, col.key), new.cell(key, col.key)
                if before != after:
                    found.append((key, "changed", i, new.name(key), col.header_de, before, after))
    found.sort(key=lambda f: (sheets[f[0][0]][0], _RANK[f[1]], f[0][1].casefold(), f[0][1], f[2]))
    return [[c, sheets[k[0]][1], k[1], name, col, a, b] for k, c, _, name, col, a, b in found]


def _links(old: Snapshot, new: Snapshot) -> list[list]:
    schema = load_schema()
    sheets = _sheet_names()
    order = {(s.key, c.key): i for s in schema.sheets for i, c in enumerate(s.columns)}
    found = [(link, "added", new) for link in new.links - old.links]
    found += [(link, "removed", old) for link in old.links - new.links]
    found.sort(
        key=lambda f: (sheets[f[0][0]][0], f[0][1].casefold(), order[f[0][0], f[0][2]], _RANK[f[1]], f[0][4])
    )
    rows = []
    for (sheet, ident, column, target, target_id), change, side in found:
        relation = relation_label(schema.sheet(sheet), column)
        rows.append(
            [
                change,
                sheets[sheet][1],
                ident,
                side.name((sheet, ident)),
                schema.sheet(sheet).column(column).header_de,
                target_id,
                side.name((target, target_id)),
                link_sentence(ident, relation, target_id, change == "added"),
            ]
        )
    return rows


def _carrier_change(old: Snapshot, new: Snapshot, key: Key) -> str:
    """How the status or end of a plan or instrument changed ("" if not), e.g. "Status aktiv → beendet"."""
    sheet = load_schema().sheet(key[0])
    words = []
    for col in sheet.columns:
        if col.key in ("status", "end"):
            before, after = old.cell(key, col.key), new.cell(key, col.key)
            if before != after:
                words.append(f"{col.header_de} {before or '–'} → {after or '–'}")
    return "; ".join(words)


def _why(old: Snapshot, new: Snapshot, key: Key, gained: bool, link_words: str) -> str:
    """Why a carrier makes a difference now: new or removed, its status, or its links."""
    if gained and key not in old.rows:
        return "neu"
    if not gained and key not in new.rows:
        return "entfernt"
    return _carrier_change(old, new, key) or link_words


def _coverage(old: Snapshot, new: Snapshot) -> list[list]:
    def planned(side: Snapshot) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for plan, theme in side.covers:
            out.setdefault(theme, set()).add(plan)
        return out

    before, after = planned(old), planned(new)
    themes = {k[1] for k in old.rows.keys() & new.rows.keys() if k[0] == "themes"}
    rows = []
    for change, theme, plans, gained in [
        *(("newly planned", t, after[t], True) for t in themes if t in after and t not in before),
        *(("newly unplanned", t, before[t], False) for t in themes if t in before and t not in after),
    ]:
        side = new if gained else old
        for plan in sorted(plans, key=lambda p: (p.casefold(), p)):
            pair = (plan, theme)
            if gained and pair not in old.addresses:
                words = f"behandelt das Thema neu ({'; '.join(new.addresses.get(pair, ()))})"
            elif not gained and pair not in new.addresses:
                words = "behandelt das Thema nicht mehr"
            else:
                words = ""
            why = _why(old, new, ("plans", plan), gained, words)
            rows.append([change, theme, side.name(("themes", theme)), plan, side.name(("plans", plan)), why])
    rows.sort(key=lambda r: (r[0] != "newly planned", r[1].casefold(), r[1], r[3].casefold(), r[3]))
    return rows


def _activity(old: Snapshot, new: Snapshot) -> list[list]:
    def through(side: Snapshot) -> dict[str, set[Key]]:
        out: dict[str, set[Key]] = {}
        for actor, sheet, ident in side.active:
            out.setdefault(actor, set()).add((sheet, ident))
        return out

    before, after = through(old), through(new)
    actors = {k[1] for k in old.rows.keys() & new.rows.keys() if k[0] == "actors"}
    kinds = {s.key: label(s.target_class, "de") or s.name_de for s in load_schema().sheets}
    rows = []
    for change, actor, carriers, gained in [
        *(("became active", a, after[a], True) for a in actors if a in after and a not in before),
        *(("became inactive", a, before[a], False) for a in actors if a in before and a not in after),
    ]:
        side = new if gained else old
        for key in sorted(carriers, key=lambda k: (k[0], k[1].casefold(), k[1])):
            words = "; ".join(
                sentence for sentence in _link_sentences(old, new, key, ("actors", actor), gained) if sentence
            )
            rows.append(
                [
                    change,
                    actor,
                    side.name(("actors", actor)),
                    (key[0] == "actors" and side.cell(key, "type")) or kinds[key[0]],
                    key[1],
                    side.name(key),
                    _why(old, new, key, gained, words),
                ]
            )
    rows.sort(key=lambda r: (r[0] != "became active", r[1].casefold(), r[1], r[3], r[4].casefold()))
    return rows


def _link_sentences(old: Snapshot, new: Snapshot, row: Key, target: Key, gained: bool) -> list[str]:
    """The links from ``row`` to ``target`` that the later cycle added (``gained``) or dropped."""
    schema = load_schema()
    mine = new.links - old.links if gained else old.links - new.links
    out = []
    for link in sorted(mine):
        if link[:2] == row and link[3:] == target:
            relation = relation_label(schema.sheet(row[0]), link[2])
            out.append(link_sentence(row[1], relation, target[1], gained))
    return out


def _centrality(old: Snapshot, new: Snapshot, top: int) -> list[list]:
    rows = []
    for view in ("full", "actors"):
        a, b = old.betweenness.get(view, {}), new.betweenness.get(view, {})
        shifts = []
        for key in a.keys() | b.keys():
            before = a[key][0] if key in a else None
            after = b[key][0] if key in b else None
            shift = round((after or 0.0) - (before or 0.0), 4)
            if shift != 0:
                name, kind = (b.get(key) or a[key])[1:]
                shifts.append((-abs(shift), key[1].casefold(), key, name, kind, before, after, shift))
        for _, _, key, name, kind, before, after, shift in sorted(shifts)[:top]:
            rows.append([view, key[1], name, kind, _round(before), _round(after), shift])
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
