"""Where an actor belongs: its municipality (a Körperschaft at the top of ``part_of``) and its roll-up unit.

Pair questions pair actors within one *scope* (:data:`SCOPES`): ``dataset``
(the datasets a store holds), ``municipality`` or ``all``. The structure is
read from the data, once (:func:`read_structure`), never from ids or names:

- An actor's **municipality** is the Körperschaft (``sp:LocalAuthority``) at
  the top of its ``part_of`` chain (``org:subOrganizationOf``, any depth; a
  Körperschaft that is part of none is its own municipality). An actor that is
  part of nothing belongs to the municipality of the bodies it is a member of
  (``org:hasMember``), when they all belong to one — a welfare association on
  the town's Sozial-Plattform. Any other actor (several municipalities, or a
  chain that ends elsewhere) has none; in the scope ``municipality`` it is
  paired within its dataset.
- **Roll-up** (``--rollup``): a unit's work counts for the top of its ``part_of``
  chain below the Körperschaft — the Dezernat or Fachbereich that is part of no
  other unit (``FB 56-1`` → ``FB 56``; a Fachbereich in a Dezernat → the
  Dezernat). A Körperschaft never takes its units' work (the town as a whole
  would share everything). An actor with several parents counts for the top
  of each chain; bodies and their members are not rolled up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.errors import UsageError
from graph.prefixes import SPARQL_PREFIXES

if TYPE_CHECKING:  # pragma: no cover
    from graph.store import Store

__all__ = ["SCOPES", "Structure", "choose_scope", "read_structure"]

#: The scopes of a pair question; ``auto`` picks municipality or dataset.
SCOPES = ("auto", "municipality", "dataset", "all")

_PREFIXES = SPARQL_PREFIXES
# One row per parent (and per body), its units (members) in one text: a few rows however large the data.
_PARTS = (
    _PREFIXES
    + """SELECT ?kind ?o (GROUP_CONCAT(STR(?s); SEPARATOR=" ") AS ?subjects) WHERE {
  { ?s org:subOrganizationOf ?o . BIND("part_of" AS ?kind) }
  UNION { ?o org:hasMember ?s . BIND("member" AS ?kind) }
}
GROUP BY ?kind ?o"""
)
_AUTHORITIES = _PREFIXES + "SELECT ?x WHERE { ?x a sp:LocalAuthority }"


@dataclass
class Structure:
    """The ``part_of`` and membership links of the actors, and which of them are Körperschaften.

    Examples
    --------
    >>> s = Structure({"fb56-1": ["fb56"], "fb56": ["k1"]}, {"caritas": ["platform"]}, {"k1"})
    >>> s.parents["platform"] = ["k1"]
    >>> [s.municipality(a) for a in ("fb56-1", "caritas", "k1", "elsewhere")]
    ['k1', 'k1', 'k1', None]
    >>> s.rollup("fb56-1"), s.rollup("fb56"), s.rollup("k1")
    (('fb56',), ('fb56',), ('k1',))
    """

    parents: dict[str, list[str]] = field(default_factory=dict)
    bodies: dict[str, list[str]] = field(default_factory=dict)
    authorities: set[str] = field(default_factory=set)
    _tops: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def _top(self, actor: str) -> frozenset[str]:
        """The tops of the ``part_of`` chains above ``actor`` (itself if it is part of nothing)."""
        found = self._tops.get(actor)
        if found is not None:
            return found
        tops: set[str] = set()
        stack, seen = [actor], {actor}
        while stack:  # the loader refuses cycles; ``seen`` keeps a broken store from looping
            node = stack.pop()
            ups = [p for p in self.parents.get(node, ()) if p not in seen]
            if not self.parents.get(node):
                tops.add(node)
            seen.update(ups)
            stack.extend(ups)
        self._tops[actor] = result = frozenset(tops)
        return result

    def municipality(self, actor: str) -> str | None:
        """The Körperschaft an actor belongs to, or None (see the module's rules)."""
        if self.parents.get(actor):
            tops = self._top(actor)
        else:
            tops = frozenset().union(*(self._top(b) for b in self.bodies.get(actor, ()))) or {actor}
        if len(tops) == 1:
            (top,) = tops
            return top if top in self.authorities else None
        return None

    def municipalities(self) -> set[str]:
        """The Körperschaften that are part of no other one."""
        return {a for a in self.authorities if self.municipality(a) == a}

    def rollup(self, actor: str) -> tuple[str, ...]:
        """The actors whose work ``actor``'s work counts for under ``--rollup`` (sorted)."""
        out: set[str] = set()
        stack, seen = [actor], {actor}
        while stack:
            node = stack.pop()
            ups = [p for p in self.parents.get(node, ()) if p not in self.authorities]
            if not ups:
                out.add(node)
            for p in ups:
                if p not in seen:
                    seen.add(p)
                    stack.append(p)
        return tuple(sorted(out))


def read_structure(store: Store) -> Structure:
    """The actors' ``part_of`` and membership links and the Körperschaften, from the data (two queries)."""
    s = Structure()
    for kind, o, subjects in store.select_values(_PARTS)[1]:
        for subject in str(subjects or "").split():
            target = s.parents if str(kind) == "part_of" else s.bodies
            target.setdefault(subject, []).append(str(o))
    for values in (*s.parents.values(), *s.bodies.values()):
        values.sort()
    s.authorities = {str(row[0]) for row in store.select_values(_AUTHORITIES)[1]}
    return s


def choose_scope(mode: str, structure: Structure, datasets: Iterable[str]) -> str:
    """The scope a question runs in: ``mode``, or for ``auto`` municipality when the data holds
    several municipalities (Körperschaften at the top of ``part_of``), else dataset.

    Examples
    --------
    >>> choose_scope("auto", Structure(authorities={"k1", "k2"}), ["land"])
    'municipality'
    >>> choose_scope("auto", Structure(authorities={"k1"}), ["aachen"])
    'dataset'
    """
    if mode not in SCOPES:
        raise UsageError(f"unknown scope {mode!r}; choose one of {', '.join(SCOPES)}")
    if mode != "auto":
        return mode
    return "municipality" if len(structure.municipalities()) > 1 else "dataset"
