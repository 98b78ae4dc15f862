"""What a network's full graph says about who belongs where: works-on incidence, part_of, towns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.analysis.incidence import Incidence
from graph.analysis.scopes import Structure
from graph.views.network import ACTOR_KINDS

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["incidence_from_graph", "structure_from_graph", "towns"]


def structure_from_graph(G: nx.Graph) -> Structure:
    """The ``part_of`` and member edges of a full graph and its Körperschaften (kind ``authority``)."""
    structure = Structure()
    for u, v, kind in G.edges(data="kind"):
        if kind == "part_of":
            structure.parents.setdefault(str(u), []).append(str(v))
        elif kind == "member":
            structure.bodies.setdefault(str(v), []).append(str(u))
    for values in (*structure.parents.values(), *structure.bodies.values()):
        values.sort()
    structure.authorities = {n for n, d in G.nodes(data=True) if d.get("kind") == "authority"}
    return structure


def incidence_from_graph(G: nx.Graph) -> Incidence:
    """The works-on incidence of a full graph (:func:`graph.views.network.build_graph`): its derived
    works-on pairs, actor and item names and its structure, as one dataset."""
    import numpy as np

    nodes = G.nodes
    actors = {
        n: (d.get("id") or None, str(d.get("label", n)))
        for n, d in nodes(data=True)
        if d.get("kind") in ACTOR_KINDS
    }
    index: dict[str, int] = {}
    items: list[tuple[str, str | None, str] | None] = []
    key_index: dict[tuple[str, str], int] = {}
    key_of: list[int] = []
    item_of: list[int] = []
    for (actor, item), kinds in G.graph.get("derived", {}).items():
        if "works_on" not in kinds or actor not in actors:
            continue
        n = index.get(item)
        if n is None:
            n = index[item] = len(items)
            d = nodes[item]
            items.append((d["kind"], d.get("id") or None, str(d.get("label", item))))
        key_of.append(key_index.setdefault(("", actor), len(key_index)))
        item_of.append(n)
    return Incidence(
        list(key_index),
        np.array(key_of, dtype=np.int64),
        np.array(item_of, dtype=np.int64),
        list(index),
        items,
        actors,
        structure_from_graph(G),
        [""],
    )


def towns(G: nx.Graph, structure: Structure | None = None) -> dict:
    """The id of the municipality (Körperschaft) of every node that has one.

    An actor's is its municipality (:meth:`graph.analysis.scopes.Structure.municipality`);
    a plan, goal, instrument or event takes the one municipality of the nodes it is
    linked with (a goal through its plan, two steps at most); themes are shared and
    have none. Used to tell apart nodes whose names repeat ("Sozialamt (K017)").

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_node("k", kind="authority", id="K017")
    >>> G.add_node("a", kind="department", id="K017 FB 50")
    >>> G.add_node("p", kind="plan", id="K017 P01")
    >>> G.add_node("z", kind="goal", id="K017 Z001")
    >>> G.add_edges_from([("a", "k", {"kind": "part_of"}), ("p", "a", {"kind": "owns"}), ("z", "p", {"kind": "states"})])
    >>> towns(G)
    {'a': 'K017', 'k': 'K017', 'p': 'K017', 'z': 'K017'}
    """
    structure = structure or structure_from_graph(G)
    town: dict = {}
    for n, d in G.nodes(data=True):
        if d.get("kind") in ACTOR_KINDS:
            m = structure.municipality(str(n))
            if m is not None and m in G:
                town[n] = str(G.nodes[m].get("id") or G.nodes[m].get("label") or m)
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    for _ in range(2):
        found = {}
        for n, d in G.nodes(data=True):
            if n in town or d.get("kind") in ACTOR_KINDS or d.get("kind") == "theme":
                continue
            near = {town[v] for v in U[n] if v in town}
            if len(near) == 1:
                found[n] = near.pop()
        town.update(found)
    return dict(sorted(town.items()))
