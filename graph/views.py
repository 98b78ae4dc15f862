"""Writing a network view to a file: the offline HTML page, GraphML or GEXF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from .render import RenderReport

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
) -> RenderReport:
    """Annotate a view with metrics and a layout, then write it by file suffix.

    ``.html`` gives the offline interactive page; ``.graphml`` and ``.gexf``
    give files for Gephi, yEd or Cytoscape.
    """
    from .network import annotate, layout, metrics, to_gexf, to_graphml
    from .render import RenderReport, render_html

    suffix = Path(path).suffix.lower()
    table = metrics(graph, seed=seed)
    annotate(graph, table)
    if suffix in (".graphml", ".gexf"):
        (to_graphml if suffix == ".graphml" else to_gexf)(graph, path)
        n = graph.number_of_nodes()
        return RenderReport(path=Path(path), nodes_shown=n, nodes_total=n, reduced=False, message="")
    if suffix not in (".html", ".htm"):
        raise UsageError(f"{path}: write .html, .graphml or .gexf")
    layout(graph, seed=seed)
    if title is None:
        title = VIEW_TITLES[view].format(focus=focus or "", theme=_theme_label(graph, theme))
    subtitle = f"{graph.number_of_nodes():,} Knoten, {graph.number_of_edges():,} Verbindungen"
    return render_html(graph, path, title=title, subtitle=subtitle, max_nodes=max_nodes)


def _theme_label(graph: nx.Graph, theme: str | None) -> str:
    if not theme:
        return ""
    for _, attrs in graph.nodes(data=True):
        if attrs.get("kind") == "theme" and attrs.get("id") == theme.removeprefix("theme:"):
            return attrs.get("label", theme)
    return theme
