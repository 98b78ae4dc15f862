"""Moderation teams for an event: per agenda theme, an administration actor and an external partner who work on it.

The Sozialkonferenz is prepared by moderation teams "of administration and
external experts" per theme (Vorlage FB 56/0118/WP17). :func:`moderation_teams`
proposes them from the derived relations, never restating a rule:

- **Candidates** for a theme are the actors that *work on* it or a narrower
  theme, exactly as the analysis ``theme-actors`` reads the derived relation
  ``sp:worksOn``. Actors that only met on it at events are no candidates.
- **Sides** come from the ontology's kinds: :data:`ADMINISTRATION` (Fachbereich,
  Eigenbetrieb) and :data:`EXTERNAL` (externer Partner). Committees, bodies and
  local authorities sit on neither side.
- **Rank** within a side: more goals on the theme (or a narrower one) first,
  then more routes of working on it (lead, partner, instrument, goal, direct),
  then the id.
- **Assignment** (deterministic): while a theme is undecided, take the theme
  whose team can still be completed and has the fewest free candidates on its
  scarcer side (then fewest in all, then theme id); give it the best-ranked
  free candidate of each side; an actor is free while it sits on fewer than
  ``max_per_actor`` teams. Scarce themes choose first, so a sought-after actor
  goes where nobody else could stand in.
- **Nearest actors** for a side without candidates: actors of that side that
  work on a broader theme (or its other narrower themes; the nearest broader
  theme with any), that work on a goal broader or narrower (``Teilziel von``)
  than a goal on the theme, or that met on the theme at events — each with the
  reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef

from graph.errors import QueryError, did_you_mean
from graph.namespaces import SP
from graph.prefixes import SPARQL_PREFIXES
from graph.store import Store

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ADMINISTRATION",
    "EXTERNAL",
    "SIDES",
    "Candidate",
    "Near",
    "Teams",
    "ThemeTeam",
    "moderation_teams",
]

#: The ontology's kinds of actor that are the administration (Fachbereich, Eigenbetrieb).
ADMINISTRATION: tuple[URIRef, ...] = (SP.Department, SP.Enterprise)
#: The ontology's kinds of actor that are external partners.
EXTERNAL: tuple[URIRef, ...] = (SP.ExternalPartner,)
#: The two sides of a team, in the order they are named.
SIDES = ("administration", "external")
#: Nearest actors listed per missing side.
NEAREST = 3

_PREFIXES = SPARQL_PREFIXES
_EVENT = (
    _PREFIXES
    + """
SELECT ?id ?e ?label ?date ?t ?theme_id ?theme WHERE {
  ?e a sp:Event ; dct:identifier ?id ; rdfs:label ?label .
  OPTIONAL { ?e schema:startDate ?date }
  OPTIONAL { ?e dct:subject ?t . ?t a sp:Theme ; dct:identifier ?theme_id ; skos:prefLabel ?theme }
}"""
)
_EVENT_IDS = _PREFIXES + "\nSELECT ?id WHERE { ?e a sp:Event ; dct:identifier ?id }"
_KINDS = _PREFIXES + "\nSELECT ?id ?class WHERE { ?a a sp:Actor , ?class ; dct:identifier ?id }"
_BROADER = (
    _PREFIXES
    + """
SELECT ?t ?b ?id ?label WHERE { ?t skos:broader ?b . ?b a sp:Theme ; dct:identifier ?id ; skos:prefLabel ?label }"""
)
# Goals on the theme and the goals one step above or below them (sp:subGoalOf), with
# the actors who work on those (sp:worksOn, from the derived graphs that count).
_GOAL_NEIGHBOURS = (
    _PREFIXES
    + """
SELECT ?t ?goal ?other ?actor_id ?actor WHERE {
  ?g a sp:Goal ; dct:subject ?t ; rdfs:label ?goal .
  { ?g sp:subGoalOf ?o } UNION { ?o sp:subGoalOf ?g }
  ?o a sp:Goal ; rdfs:label ?other .
  GRAPH ?d { ?a sp:worksOn ?o }
  ?a dct:identifier ?actor_id ; rdfs:label ?actor .
}"""
)


@dataclass(frozen=True)
class Candidate:
    """An actor who works on the theme or a narrower one (a row of ``theme-actors``)."""

    actor_id: str
    actor: str
    side: str
    goals: int
    routes: int

    @property
    def rank(self) -> tuple:
        """More goals, then more routes, then the id."""
        return (-self.goals, -self.routes, self.actor_id)


@dataclass(frozen=True)
class Near:
    """An actor near a theme without candidates on one side, and why it is near.

    ``why`` is ``broader`` (works on the broader theme ``via`` or a theme under
    it), ``goal`` (works on the goal ``via``, broader or narrower than the
    theme's goal ``through``) or ``event`` (met on the theme at events; not a
    candidate).
    """

    actor_id: str
    actor: str
    side: str
    why: str
    via: str = ""
    through: str = ""


@dataclass
class ThemeTeam:
    """The proposal for one theme: a member per side (or None), the other candidates, the nearest actors."""

    theme_id: str
    theme: str
    candidates: dict[str, list[Candidate]]
    members: dict[str, Candidate | None] = field(default_factory=dict)
    nearest: list[Near] = field(default_factory=list)
    #: order in which the theme chose its team (0 first), None if it had no candidate
    turn: int | None = None

    def missing(self, side: str) -> str:
        """Why ``side`` has no member: ``none`` (no candidate), ``cap`` (all are on enough teams), or ""."""
        if self.members.get(side) is not None:
            return ""
        return "cap" if self.candidates[side] else "none"

    @property
    def others(self) -> list[Candidate]:
        """The candidates not chosen, best first (administration, then external)."""
        chosen = {m.actor_id for m in self.members.values() if m is not None}
        return [c for side in SIDES for c in self.candidates[side] if c.actor_id not in chosen]


@dataclass
class Teams:
    """The proposed moderation teams of one event."""

    event_id: str
    event: str
    date: str
    max_per_actor: int
    themes: list[ThemeTeam]

    def load(self) -> dict[str, int]:
        """How many teams each chosen actor is on."""
        out: dict[str, int] = {}
        for team in self.themes:
            for member in team.members.values():
                if member is not None:
                    out[member.actor_id] = out.get(member.actor_id, 0) + 1
        return out

    def frame(self) -> pd.DataFrame:
        """One row per theme, in English, for the command line (table, csv, json, md)."""
        import pandas as pd

        rows = []
        for t in self.themes:
            admin, ext = t.members.get("administration"), t.members.get("external")
            notes = [_NOTE[(side, t.missing(side))] for side in SIDES if t.missing(side)]
            if notes and len(notes) == 2 and not any(t.candidates.values()):
                notes = ["nobody works on it or on a narrower theme"]
            rows.append(
                {
                    "theme_id": t.theme_id,
                    "theme": t.theme,
                    "administration_id": admin.actor_id if admin else "",
                    "administration": admin.actor if admin else "",
                    "external_id": ext.actor_id if ext else "",
                    "external": ext.actor if ext else "",
                    "candidates": f"{len(t.candidates['administration'])} + {len(t.candidates['external'])}",
                    "others": "; ".join(f"{c.actor} ({c.actor_id})" for c in t.others),
                    "nearest": "; ".join(f"{n.actor} ({n.actor_id}): {near_reason(n)}" for n in t.nearest),
                    "note": "; ".join(notes),
                }
            )
        return pd.DataFrame(rows, columns=_COLUMNS, dtype=object)


_COLUMNS = [
    "theme_id",
    "theme",
    "administration_id",
    "administration",
    "external_id",
    "external",
    "candidates",
    "others",
    "nearest",
    "note",
]
_NOTE = {
    ("administration", "none"): "no administration actor works on it",
    ("external", "none"): "no external partner works on it",
    ("administration", "cap"): "every administration candidate is on enough teams already",
    ("external", "cap"): "every external candidate is on enough teams already",
}


def near_reason(near: Near) -> str:
    """Why an actor is near, in English.

    Examples
    --------
    >>> near_reason(Near("GA", "Gesundheitsamt", "external", "broader", "Gesundheit"))
    'works on the broader theme Gesundheit or a theme under it'
    """
    if near.why == "broader":
        return f"works on the broader theme {near.via} or a theme under it"
    if near.why == "goal":
        return f"works on the goal {near.via}, next to the theme's goal {near.through}"
    return "met on the theme at events (does not work on it)"


def moderation_teams(store: Store, event: str, *, max_per_actor: int = 2) -> Teams:
    """Propose a moderation team for every theme on the agenda of ``event`` (its id).

    See the module notes for candidates, rank, assignment and nearest actors.

    Parameters
    ----------
    store
        The graph, with its derived relations (a scope from :mod:`graph.session`).
    event
        The event's id (``dct:identifier``), bound as a value.
    max_per_actor
        The most teams one actor may sit on (at least 1).

    Returns
    -------
    Teams
        The event and one :class:`ThemeTeam` per agenda theme, in theme id order.

    Examples
    --------
    >>> from graph.store import OxigraphStore
    >>> moderation_teams(OxigraphStore(), "E1")
    Traceback (most recent call last):
    ...
    graph.errors.QueryError: no event with id 'E1'
    """
    if max_per_actor < 1:
        raise QueryError(f"max_per_actor must be at least 1, not {max_per_actor}")
    header, agenda = _event(store, event)
    sides = _sides(store)
    teams = []
    for _, theme_id, label in agenda:
        rows = _theme_actors(store, theme_id)
        cands: dict[str, list[Candidate]] = {s: [] for s in SIDES}
        for row in rows:
            side = sides.get(row["actor_id"])
            if row["engagement"] == "works on" and side is not None:
                cands[side].append(
                    Candidate(row["actor_id"], row["actor"], side, row["goals"], _routes(row["routes"]))
                )
        for side in SIDES:
            cands[side].sort(key=lambda c: c.rank)
        teams.append(ThemeTeam(theme_id, label, cands))
    _assign(teams, max_per_actor)
    for team, (theme, _, _) in zip(teams, agenda, strict=True):
        for side in SIDES:
            if not team.candidates[side]:
                team.nearest += _nearest(store, theme, team, side, sides)
    return Teams(*header, max_per_actor, teams)


def _assign(teams: list[ThemeTeam], cap: int) -> None:
    """Fill the teams, scarcest first (see the module notes); deterministic."""
    load: dict[str, int] = {}
    open_ = [t for t in teams if any(t.candidates.values())]
    turn = 0
    while open_:

        def free(t: ThemeTeam, side: str) -> list[Candidate]:
            return [c for c in t.candidates[side] if load.get(c.actor_id, 0) < cap]

        def key(t: ThemeTeam) -> tuple:
            a, e = len(free(t, "administration")), len(free(t, "external"))
            return (not (a and e), min(a, e), a + e, t.theme_id)

        team = min(open_, key=key)
        open_.remove(team)
        team.turn = turn
        turn += 1
        for side in SIDES:
            options = free(team, side)
            team.members[side] = options[0] if options else None
            if options:
                load[options[0].actor_id] = load.get(options[0].actor_id, 0) + 1
    for t in teams:
        for side in SIDES:
            t.members.setdefault(side, None)


def _nearest(store: Store, theme: URIRef, team: ThemeTeam, side: str, sides: dict[str, str]) -> list[Near]:
    """Up to :data:`NEAREST` actors of ``side`` near ``theme``: broader theme, goals, events."""
    found: list[Near] = []
    seen: set[str] = set()

    def add(near: Near) -> None:
        if near.actor_id not in seen and len(found) < NEAREST:
            seen.add(near.actor_id)
            found.append(near)

    # the nearest broader theme where someone of the side works
    level = [theme]
    visited: set[URIRef] = set()
    while level and not found:
        up: list[tuple[URIRef, str, str]] = []
        for t in level:
            up += [(URIRef(str(r[1])), str(r[2]), str(r[3])) for r in store.query(_BROADER, {"t": t}).rows]
        level = []
        for b, b_id, b_label in sorted(set(up), key=lambda x: x[1]):
            if b in visited:
                continue
            visited.add(b)
            level.append(b)
            ranked = sorted(
                (r for r in _theme_actors(store, b_id) if r["engagement"] == "works on"),
                key=lambda r: (-r["goals"], -_routes(r["routes"]), r["actor_id"]),
            )
            for r in ranked:
                if sides.get(r["actor_id"]) == side:
                    add(Near(r["actor_id"], r["actor"], side, "broader", b_label))
    # goals one step above or below a goal on the theme
    rows = sorted(
        (str(r[3]), str(r[4]), str(r[2]), str(r[1])) for r in store.query(_GOAL_NEIGHBOURS, {"t": theme}).rows
    )
    for actor_id, actor, other, goal in rows:
        if sides.get(actor_id) == side:
            add(Near(actor_id, actor, side, "goal", other, goal))
    # met on the theme at events
    for r in _theme_actors(store, team.theme_id):
        if r["engagement"] == "met at events" and sides.get(r["actor_id"]) == side:
            add(Near(r["actor_id"], r["actor"], side, "event"))
    return found


# --------------------------------------------------------------------------
# reading


def _event(store: Store, event: str) -> tuple[tuple[str, str, str], list[tuple[URIRef, str, str]]]:
    rows = store.query(_EVENT, {"id": Literal(event)}).rows
    if not rows:
        ids = sorted({str(r[0]) for r in store.query(_EVENT_IDS).rows})
        hint = did_you_mean(event, ids)
        if not hint and 0 < len(ids) <= 20:
            hint = "; the events are: " + ", ".join(ids)
        raise QueryError(f"no event with id {event!r}{hint}")
    events = {str(r[1]) for r in rows}
    if len(events) > 1:
        raise QueryError(f"the event id {event!r} names {len(events)} events; ids must be unique")
    first = rows[0]
    header = (event, str(first[2]), "" if first[3] is None else str(first[3]))
    agenda = sorted(
        {(URIRef(str(r[4])), str(r[5]), str(r[6])) for r in rows if r[4] is not None}, key=lambda x: x[1]
    )
    return header, agenda


def _sides(store: Store) -> dict[str, str]:
    """Actor id -> ``administration`` | ``external``, by the ontology's kinds (administration wins)."""
    out: dict[str, str] = {}
    for ident, cls in store.query(_KINDS).rows:
        side = "administration" if cls in ADMINISTRATION else "external" if cls in EXTERNAL else None
        if side is not None and out.get(str(ident)) != "administration":
            out[str(ident)] = side
    return out


def _theme_actors(store: Store, theme_id: str) -> list[dict]:
    from graph.analysis.query import run_query

    frame = run_query(store, "theme-actors", {"theme": theme_id})
    return [
        {
            "actor_id": str(r.actor_id),
            "actor": str(r.actor),
            "engagement": str(r.engagement),
            "via": str(r.via or ""),
            "routes": str(r.routes or ""),
            "goals": int(r.goals),
        }
        for r in frame.itertuples(index=False)
    ]


def _routes(text: str) -> int:
    """The number of ways of working on the theme among ``theme-actors``' routes (not meeting at events)."""
    from graph.schema import label

    engaged = label(SP.engagedIn, "de")
    return sum(1 for part in text.split("; ") if part.strip() and part.strip() != engaged)
