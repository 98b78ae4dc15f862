"""The Land view: municipalities and themes, linked by the plans that cover a theme, gaps drawn apart."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from graph.analysis.coverage import Coverage

__all__ = ["land_graph"]

_WORDS = {
    "de": {
        "plans": "{plans} Planwerke",
        "plan": "1 Planwerk",
        "actors": "{actors} Akteure arbeiten daran",
        "actor": "1 Akteur arbeitet daran",
        "nobody": "niemand arbeitet daran",
        "gap": "kein Planwerk",
        "dataset": "Datensatz",
    },
    "en": {
        "plans": "{plans} plans",
        "plan": "1 plan",
        "actors": "{actors} actors work on it",
        "actor": "1 actor works on it",
        "nobody": "nobody works on it",
        "gap": "no plan",
        "dataset": "dataset",
    },
}


def land_graph(cov: Coverage, lang: str = "de") -> nx.Graph:
    """The Land view of a coverage table: a node per municipality (or dataset) and per theme.

    A municipality and a theme are linked by an edge of kind ``covers`` when
    plans of the municipality cover the theme (``weight``: how many; the label
    says so, the tooltip how many of its actors work on it), and by an edge of
    kind ``gap`` (drawn dashed, always kept on a capped page) when none does.
    Themes sit on an inner circle, municipalities around them in id order.

    Examples
    --------
    >>> from graph.analysis.coverage import Coverage
    >>> c = Coverage("municipality", [("K1", "Stadt A"), ("K2", "Stadt B")],
    ...              [("t", "armut", "Armut")], [[2], [0]], [[5], [1]])
    >>> G = land_graph(c)
    >>> sorted((d["kind"], d["label"], d["title"]) for _, _, d in G.edges(data=True))
    [('covers', '2 Planwerke', '5 Akteure arbeiten daran'), ('gap', 'kein Planwerk', '1 Akteur arbeitet daran')]
    """
    import networkx as nx

    from graph.views.network import type_labels

    words = _WORDS["en" if lang == "en" else "de"]
    kinds = type_labels(lang)
    unit_kind = "authority" if cov.mode == "municipality" else "dataset"
    G = nx.Graph(view="land", scope=cov.mode)
    n_units, n_themes = len(cov.units), len(cov.themes)
    inner = 300.0 + 20.0 * n_themes
    outer = inner + 400.0 + 12.0 * n_units
    for t, (iri, ident, label) in enumerate(cov.themes):
        angle = 2 * math.pi * t / max(n_themes, 1)
        G.add_node(
            iri,
            id=ident,
            label=label,
            kind="theme",
            type_label=kinds["theme"],
            iri=iri,
            x=round(inner * math.cos(angle), 1),
            y=round(inner * math.sin(angle), 1),
        )
    for u, (ident, name) in enumerate(cov.units):
        angle = 2 * math.pi * u / max(n_units, 1)
        node = f"{unit_kind}:{ident}"
        G.add_node(
            node,
            id=ident,
            label=name,
            kind=unit_kind,
            type_label=kinds.get(unit_kind, words["dataset"]),
            x=round(outer * math.cos(angle), 1),
            y=round(outer * math.sin(angle), 1),
        )
        for t, (iri, _, _) in enumerate(cov.themes):
            plans, actors = cov.plans[u][t], cov.actors[u][t]
            title = words["nobody"] if not actors else words["actor"] if actors == 1 else words["actors"]
            title = title.format(actors=actors)
            if plans:
                label = words["plan"] if plans == 1 else words["plans"].format(plans=plans)
                G.add_edge(node, iri, kind="covers", weight=plans, label=label, title=title)
            else:
                G.add_edge(node, iri, kind="gap", weight=0, keep=True, label=words["gap"], title=title)
    return G
