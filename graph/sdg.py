"""The UN's Sustainable Development Goals: cell codes (``1``, ``1.2``, ``4.a``) and their official IRIs.

The goals, their targets and the goals' short titles live in ``ontology/sdg.ttl``;
this module reads them (never the network) and is the only place that turns a
code into an IRI and back.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from graph.files import ontology_file
from graph.namespaces import SKOS, SP

__all__ = ["SDG_BASE", "parse_sdg", "sdg_code", "sdg_goals", "sdg_graph"]

#: The namespace of the UN's SDG identifiers (goal 1 is ``SDG_BASE + "1"``).
SDG_BASE = "http://metadata.un.org/sdg/"

_CODE = re.compile(r"(?:SDG\s*)?(\d{1,2})(?:\.(\d{1,2}|[a-z]))?", re.IGNORECASE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@lru_cache(maxsize=1)
def sdg_graph() -> Graph:
    """The shipped ``ontology/sdg.ttl``, parsed once per process (shared: read it, never change it)."""
    return Graph().parse(ontology_file("sdg.ttl"), format="turtle")


@lru_cache(maxsize=1)
def _codes() -> dict[str, URIRef]:
    """Every goal and target by its code (``"1"``, ``"1.2"``, ``"1.a"``)."""
    g = sdg_graph()
    return {str(code): iri for iri, code in g.subject_objects(SKOS.notation) if isinstance(iri, URIRef)}


def sdg_goals() -> list[tuple[str, str, str]]:
    """The 17 goals as ``(code, German title, English title)``, in order.

    Examples
    --------
    >>> goals = sdg_goals()
    >>> len(goals), goals[0], goals[10][:2]
    (17, ('1', 'Keine Armut', 'No poverty'), ('11', 'Nachhaltige Städte und Gemeinden'))
    """
    g = sdg_graph()
    out = []
    for iri in g.subjects(SKOS.topConceptOf, SP.SDGScheme):
        titles = {
            lit.language: str(lit) for lit in g.objects(iri, SKOS.prefLabel) if isinstance(lit, Literal)
        }
        out.append((str(g.value(iri, SKOS.notation)), titles["de"], titles["en"]))
    return sorted(out, key=lambda goal: int(goal[0]))


def parse_sdg(text: str) -> tuple[URIRef | None, str | None]:
    """The IRI of an SDG goal or target written in a cell, or a message saying what is wrong.

    Accepted: ``1``, ``SDG 1``, ``1.2``, ``4.a`` (any case) and the official IRI itself.

    Examples
    --------
    >>> parse_sdg("11.1")
    (rdflib.term.URIRef('http://metadata.un.org/sdg/11.1'), None)
    >>> parse_sdg("SDG 4.A")[0]
    rdflib.term.URIRef('http://metadata.un.org/sdg/4.a')
    >>> parse_sdg("18")
    (None, 'no SDG 18 (the goals are 1–17)')
    >>> parse_sdg("1.9")[1]
    'no SDG target 1.9 (goal 1 has the targets 1.1–1.5 and 1.a–1.b)'
    """
    value = text.strip()
    for prefix in (SDG_BASE, SDG_BASE.replace("http:", "https:", 1)):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    m = _CODE.fullmatch(value)
    if m is None:
        hint = (
            "; Excel turned it into a date: format the column as text"
            if _ISO_DATE.match(value)
            else " (write a goal, e.g. 1, or a target, e.g. 1.2 or 4.a)"
        )
        return None, f"not an SDG goal or target: {text.strip()!r}{hint}"
    goal = str(int(m.group(1)))
    codes = _codes()
    if goal not in codes:
        return None, f"no SDG {goal} (the goals are 1–{len(sdg_goals())})"
    if m.group(2) is None:
        return codes[goal], None
    target = f"{goal}.{m.group(2).lower().lstrip('0')}"
    if target not in codes:
        return None, f"no SDG target {target} (goal {goal} has the targets {_target_ranges(goal)})"
    return codes[target], None


def sdg_code(iri: URIRef | str) -> str | None:
    """The code of an SDG IRI (``"1.2"``), or None if it is not one.

    Examples
    --------
    >>> sdg_code("http://metadata.un.org/sdg/1.2"), sdg_code("https://example.org/1")
    ('1.2', None)
    """
    text = str(iri)
    if not text.startswith(SDG_BASE):
        return None
    code = text[len(SDG_BASE) :]
    return code if code in _codes() else None


def _target_ranges(goal: str) -> str:
    """``1.1–1.5 and 1.a–1.b``: the targets of a goal, numbered and lettered."""
    codes = [c.split(".", 1)[1] for c in _codes() if c.startswith(f"{goal}.")]
    numbers = sorted(int(c) for c in codes if c.isdigit())
    letters = sorted(c for c in codes if not c.isdigit())
    parts = [f"{goal}.{numbers[0]}–{goal}.{numbers[-1]}"] if numbers else []
    if letters:
        parts.append(f"{goal}.{letters[0]}–{goal}.{letters[-1]}")
    return " and ".join(parts)
