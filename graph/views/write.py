"""Writing a network view to a file: the offline HTML page, GraphML or GEXF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from graph.views.render import RenderReport

__all__ = ["page_view", "view_title", "write_view"]


def view_title(view: str, lang: str = "de", *, focus: str = "", theme: str = "") -> str:
    """The page title of a view in ``lang``.

    Examples
    --------
    >>> view_title("theme", theme="Armut"), view_title("focus", "en", focus="FB 56")
    ('Wer arbeitet am Thema Armut?', 'Around FB 56')
    """
    from graph.views.wording import text

    return text(lang)[f"title_{view}"].format(focus=focus, theme=theme)


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
    lang: str = "de",
    present: bool = False,
) -> RenderReport:
    """Annotate a view with metrics (and, if it is large, a layout), then write it by file suffix.

    ``.html`` gives the offline interactive page; ``.graphml`` and ``.gexf``
    give files for Gephi, yEd or Cytoscape. A page shows at most ``max_nodes``
    nodes, the most central ones (:func:`graph.views.render.reduce_graph`); the view is
    reduced before any layout is computed. Views of up to
    :data:`graph.views.render.PHYSICS_MAX_NODES` nodes are laid out in the browser,
    larger ones by :func:`graph.views.metrics.layout` with ``seed``. ``table`` is the
    view's :func:`graph.views.metrics.metrics`, if the caller has it already. ``lang``
    (``de`` or ``en``) is the page's language; ``present`` opens it in projector mode.
    """
    from graph.views.graphfiles import to_gexf, to_graphml
    from graph.views.metrics import annotate, metrics
    from graph.views.render import RenderReport, render_html
    from graph.views.wording import text

    text(lang)  # an unknown language fails before any work
    suffix = Path(path).suffix.lower()
    if suffix not in (".html", ".htm", ".graphml", ".gexf"):
        raise UsageError(f"{path}: write .html, .graphml or .gexf")
    if suffix in (".graphml", ".gexf"):
        annotate(graph, metrics(graph, seed=seed) if table is None else table)
        (to_graphml if suffix == ".graphml" else to_gexf)(graph, path)
        n = graph.number_of_nodes()
        return RenderReport(path=Path(path), nodes_shown=n, nodes_total=n, reduced=False, message="")
    shown, title = page_view(
        graph,
        view=view,
        focus=focus,
        theme=theme,
        title=title,
        max_nodes=max_nodes,
        seed=seed,
        table=table,
        lang=lang,
    )
    # The page counts what it draws; a reduced view says on the page how many nodes the view has.
    return render_html(shown, path, title=title, max_nodes=max_nodes, lang=lang, present=present)


def page_view(
    graph: nx.Graph,
    *,
    view: str = "full",
    focus: str | None = None,
    theme: str | None = None,
    title: str | None = None,
    max_nodes: int = 1500,
    seed: int = 42,
    table: pd.DataFrame | None = None,
    lang: str = "de",
) -> tuple[nx.Graph, str]:
    """A view as a page draws it, and the page's title (:func:`write_view` explains the arguments).

    ``graph`` is annotated with metrics; the result is ``graph`` reduced to ``max_nodes``
    nodes, with a layout from Python if it is too large for the browser to lay out.
    """
    from graph.views.metrics import annotate, layout, metrics
    from graph.views.render import PHYSICS_MAX_NODES, reduce_graph

    annotate(graph, metrics(graph, seed=seed) if table is None else table)
    if title is None:
        title = view_title(view, lang, focus=focus or "", theme=_theme_label(graph, theme))
    shown = reduce_graph(graph, max_nodes)
    if shown.number_of_nodes() > PHYSICS_MAX_NODES:
        layout(shown, seed=seed)
    return shown, title


def _theme_label(graph: nx.Graph, theme: str | None) -> str:
    """The name of the theme a view is about (its id if the view does not hold it)."""
    from graph.errors import QueryError
    from graph.views.projection import resolve_node

    if not theme:
        return ""
    try:
        node = resolve_node(graph, theme, kinds={"theme"}, what="theme")
    except QueryError:
        return theme
    return str(graph.nodes[node].get("label", theme))
