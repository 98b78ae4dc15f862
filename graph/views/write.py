"""Writing a network view to a file: the offline HTML page, GraphML or GEXF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from graph.views.render import RenderReport

__all__ = ["VIEW_TITLES", "write_view"]

VIEW_TITLES = {
    "full": "Wer plant was? Akteure, Planwerke, Ziele, Instrumente und Themen",
    "actors": "Wer teilt Ziele und Themen? Akteursnetz",
    "focus": "Umfeld von {focus}",
    "theme": "Wer arbeitet am Thema {theme}?",
}


def write_view(
    graph: nx.Graph,
    path: Path,
    *,
    view: str = "full",
    focus: str | None = None,
    theme: str | None = None,
    title: str | None = None,
    max_nodes: int = 1500,
    seed: int = 42,
    table: pd.DataFrame | None = None,
) -> RenderReport:
    """Annotate a view with metrics (and, if it is large, a layout), then write it by file suffix.

    ``.html`` gives the offline interactive page; ``.graphml`` and ``.gexf``
    give files for Gephi, yEd or Cytoscape. A page shows at most ``max_nodes``
    nodes, the most central ones (:func:`graph.views.render.reduce_graph`); the view is
    reduced before any layout is computed. Views of up to
    :data:`graph.views.render.PHYSICS_MAX_NODES` nodes are laid out in the browser,
    larger ones by :func:`graph.views.metrics.layout` with ``seed``. ``table`` is the
    view's :func:`graph.views.metrics.metrics`, if the caller has it already.
    """
    from graph.views.graphfiles import to_gexf, to_graphml
    from graph.views.metrics import annotate, layout, metrics
    from graph.views.render import PHYSICS_MAX_NODES, RenderReport, reduce_graph, render_html

    suffix = Path(path).suffix.lower()
    if suffix not in (".html", ".htm", ".graphml", ".gexf"):
        raise UsageError(f"{path}: write .html, .graphml or .gexf")
    annotate(graph, metrics(graph, seed=seed) if table is None else table)
    if suffix in (".graphml", ".gexf"):
        (to_graphml if suffix == ".graphml" else to_gexf)(graph, path)
        n = graph.number_of_nodes()
        return RenderReport(path=Path(path), nodes_shown=n, nodes_total=n, reduced=False, message="")
    if title is None:
        title = VIEW_TITLES[view].format(focus=focus or "", theme=_theme_label(graph, theme))
    subtitle = f"{graph.number_of_nodes():,} Knoten, {graph.number_of_edges():,} Verbindungen"
    shown = reduce_graph(graph, max_nodes)
    if shown.number_of_nodes() > PHYSICS_MAX_NODES:
        layout(shown, seed=seed)
    return render_html(shown, path, title=title, subtitle=subtitle, max_nodes=max_nodes)


def _theme_label(graph: nx.Graph, theme: str | None) -> str:
    """The name of the theme a view is about (its id if the view does not hold it)."""
    from graph.errors import QueryError
    from graph.views.network import resolve_node

    if not theme:
        return ""
    try:
        node = resolve_node(graph, theme, kinds={"theme"}, what="theme")
    except QueryError:
        return theme
    return str(graph.nodes[node].get("label", theme))
