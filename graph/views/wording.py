"""The words of the network page in German and English: UI text, kind and relation names, numbers."""

from __future__ import annotations

from functools import lru_cache

from graph.errors import UsageError

__all__ = ["LANGS", "RELATIONS", "kind_names", "number", "relation_names", "shared_label", "text"]

#: Languages of the page; the first is the default.
LANGS = ("de", "en")

#: Edge kind of :mod:`graph.views.network` -> the relation worded from the object's
#: side, in German and English. The subject's side is the ontology's label of the
#: edge's property (:func:`graph.views.network.edge_labels`).
RELATIONS: dict[str, tuple[str, str]] = {
    "owns": ("federführend für", "leads"),
    "partner": ("beteiligt an", "partner in"),
    "pursues": ("verfolgt", "pursues"),
    "states": ("nennt", "states"),
    "serves": ("unterstützt durch", "served by"),
    "addresses": ("Thema von", "theme of"),
    "member": ("Mitglied von", "member of"),
    "part_of": ("umfasst", "includes"),
    "organises": ("organisiert", "organises"),
    "participates": ("nimmt teil an", "attends"),
    "broader": ("Oberthema von", "broader theme of"),
    "subgoal": ("Oberziel von", "broader goal of"),
    "works_on": ("bearbeitet von", "worked on by"),
    "engaged": ("bei Veranstaltungen besprochen mit", "met on at events by"),
}

_TEXT: dict[str, dict[str, str]] = {
    "de": {
        "search": "Suchen",
        "search_hint": "Name oder Kennung …",
        "legend": "Legende & Filter",
        "show_all": "Alles zeigen",
        "hint": "Knoten anklicken: Nachbarschaft und Angaben erscheinen. Klick ins Leere setzt zurück.",
        "keys": "Tasten: P Präsentation · T Tabelle · Esc schließt",
        "close": "Schließen",
        "present": "Präsentation",
        "present_off": "Präsentation beenden",
        "table": "Tabelle",
        "network": "Netzwerk",
        "stats": "{n} Knoten · {m} Kanten",
        "stats_some": "{n} von {N} Knoten · {m} von {M} Kanten sichtbar",
        "name": "Name",
        "kind": "Art",
        "ident": "Kennung",
        "description": "Beschreibung",
        "source": "Quelle",
        "group": "Gruppe",
        "group_of": "um {name}",
        "degree": "Verbindungen",
        "centrality": "Zentralität",
        "links": "Verbindungen ({n})",
        "more": "… und {n} weitere",
        "no_match": "Kein Treffer für „{q}“",
        "one_match": "1 Treffer – Enter öffnet",
        "matches": "{n} Treffer – mit ↑ ↓ wählen, Enter öffnet",
        "matches_more": "{n} Treffer, die ersten {k} – genauer suchen",
        "nodes": "Knoten",
        "edges": "Kanten",
        "from": "Von",
        "relation": "Beziehung",
        "to": "Nach",
        "filter": "Tabelle filtern",
        "caption_nodes": "Knoten: {n} von {N}",
        "caption_edges": "Kanten: {m} von {M}",
        "rows_cut": "Die ersten {k} Zeilen; Filter eingeben, um den Rest zu sehen.",
        "sort": "sortieren",
        "alt": "Netzwerkbild mit {n} Knoten und {m} Kanten. Dieselben Angaben als Tabelle: "
        "Schaltfläche „Tabelle“ oder Taste T.",
        "top": "Die wichtigsten Knoten: {names}.",
        "reduced": "Ansicht reduziert von {total} auf {shown} Knoten: die {shown} mit der höchsten {basis}.",
        "basis_size_value": "Zentralität",
        "basis_degree": "Zahl der Verbindungen",
        "cap_nodes": "Gezeigt: {nodes_shown} von {nodes_total} Knoten (die mit der höchsten {basis}, jede Art vertreten).",
        "cap_edges": "Gezeigt: {edges_shown} von {edges_total} Kanten (die stärksten je Knoten).",
        "cap_edges_between": "Gezeigt: {edges_shown} von {edges_total} Kanten (die zwischen den gezeigten Knoten).",
        "cap_more": "Alles zeigen: sozialgraph network --max-nodes {total_n} --max-edges {total_m}, oder als .graphml für Gephi.",
        "title_land": "Welche Kommune plant für welches Thema?",
        "title_full": "Wer plant was? Akteure, Planwerke, Ziele, Instrumente und Themen",
        "title_actors": "Wer teilt Ziele und Themen? Akteursnetz",
        "title_focus": "Umfeld von {focus}",
        "title_theme": "Wer arbeitet am Thema {theme}?",
        "shares_1": "1 gemeinsames Ziel/Thema",
        "shares_n": "{n} gemeinsame Ziele/Themen",
        "shared_goals": "Gemeinsame Ziele: {items}",
        "shared_themes": "Gemeinsame Themen: {items}",
    },
    "en": {
        "search": "Search",
        "search_hint": "Name or id …",
        "legend": "Legend & filter",
        "show_all": "Show all",
        "hint": "Click a node: its neighbourhood and details appear. A click on empty space resets.",
        "keys": "Keys: P projector mode · T table · Esc closes",
        "close": "Close",
        "present": "Projector mode",
        "present_off": "Leave projector mode",
        "table": "Table",
        "network": "Network",
        "stats": "{n} nodes · {m} edges",
        "stats_some": "{n} of {N} nodes · {m} of {M} edges shown",
        "name": "Name",
        "kind": "Kind",
        "ident": "Id",
        "description": "Description",
        "source": "Source",
        "group": "Group",
        "group_of": "around {name}",
        "degree": "Links",
        "centrality": "Centrality",
        "links": "Links ({n})",
        "more": "… and {n} more",
        "no_match": "No match for “{q}”",
        "one_match": "1 match – Enter opens it",
        "matches": "{n} matches – choose with ↑ ↓, Enter opens",
        "matches_more": "{n} matches, the first {k} – search more precisely",
        "nodes": "Nodes",
        "edges": "Edges",
        "from": "From",
        "relation": "Relation",
        "to": "To",
        "filter": "Filter the table",
        "caption_nodes": "Nodes: {n} of {N}",
        "caption_edges": "Edges: {m} of {M}",
        "rows_cut": "The first {k} rows; type a filter to see the rest.",
        "sort": "sort",
        "alt": "Network picture with {n} nodes and {m} edges. The same as a table: the “Table” button or key T.",
        "top": "The most central nodes: {names}.",
        "reduced": "View reduced from {total} to {shown} nodes: the {shown} with the highest {basis}.",
        "basis_size_value": "centrality",
        "basis_degree": "degree",
        "cap_nodes": "Shown: {nodes_shown} of {nodes_total} nodes (those with the highest {basis}, every kind kept).",
        "cap_edges": "Shown: {edges_shown} of {edges_total} edges (the strongest of each node).",
        "cap_edges_between": "Shown: {edges_shown} of {edges_total} edges (those between the nodes shown).",
        "cap_more": "To see all: sozialgraph network --max-nodes {total_n} --max-edges {total_m}, or write .graphml for Gephi.",
        "title_land": "Which municipality plans for which theme?",
        "title_full": "Who plans what? Actors, plans, goals, instruments and themes",
        "title_actors": "Who shares goals and themes? Network of actors",
        "title_focus": "Around {focus}",
        "title_theme": "Who works on the theme {theme}?",
        "shares_1": "1 shared goal/theme",
        "shares_n": "{n} shared goals/themes",
        "shared_goals": "Shared goals: {items}",
        "shared_themes": "Shared themes: {items}",
    },
}


def _check(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def text(lang: str = "de") -> dict[str, str]:
    """Every UI text of the page in ``lang`` (a copy).

    Examples
    --------
    >>> text("en")["show_all"], text()["show_all"]
    ('Show all', 'Alles zeigen')
    """
    return dict(_TEXT[_check(lang)])


def number(n: float, lang: str = "de", digits: int = 0) -> str:
    """``n`` with the thousands separator and decimal mark of ``lang``.

    Examples
    --------
    >>> number(13145), number(13145, "en"), number(0.4213, "de", 2)
    ('13.145', '13,145', '0,42')
    """
    out = f"{n:,.{digits}f}"
    return out.translate(str.maketrans(",.", ".,")) if _check(lang) == "de" else out


def kind_names(lang: str = "de") -> dict[str, str]:
    """The name of every node kind in ``lang``, from the ontology's class labels.

    Examples
    --------
    >>> kind_names()["external"], kind_names("en")["plan"]
    ('externer Partner', 'plan')
    """
    from graph.views.network import type_labels

    return dict(type_labels(_check(lang)))


@lru_cache(maxsize=2)
def _relation_names(lang: str) -> dict[str, tuple[str, str]]:
    from graph.views.network import edge_labels

    forward = edge_labels(lang)
    return {kind: (forward[kind], words[0 if lang == "de" else 1]) for kind, words in RELATIONS.items()}


def relation_names(lang: str = "de") -> dict[str, tuple[str, str]]:
    """Edge kind -> (the relation seen from the subject, seen from the object) in ``lang``.

    Examples
    --------
    >>> relation_names()["broader"], relation_names()["owns"]
    (('Oberthema', 'Oberthema von'), ('Federführung', 'federführend für'))
    >>> relation_names("en")["owns"]
    ('led by', 'leads')
    """
    return dict(_relation_names(_check(lang)))


def shared_label(goals: list[str], themes: list[str], lang: str = "de") -> tuple[str, str]:
    """Label and tooltip of an edge of the actors view: how many and which goals and themes.

    Examples
    --------
    >>> shared_label(["Teilhabe"], ["Armut", "Wohnen"], "en")
    ('3 shared goals/themes', 'Shared goals: Teilhabe\\nShared themes: Armut; Wohnen')
    """
    t = _TEXT[_check(lang)]
    n = len(goals) + len(themes)
    lines = [t["shared_goals"].format(items="; ".join(goals))] * bool(goals)
    lines += [t["shared_themes"].format(items="; ".join(themes))] * bool(themes)
    return (t["shares_1"] if n == 1 else t["shares_n"].format(n=number(n, lang))), "\n".join(lines)
