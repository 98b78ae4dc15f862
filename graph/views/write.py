"""Writing a network view to a file: the offline HTML page, GraphML or GEXF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from graph.views.caps import Cap
    from graph.views.render import RenderReport

__all__ = ["Page", "page_view", "view_title", "write_view"]


def view_title(view: str, lang: str = "de", *, focus: str = "", theme: str = "") -> str:
    """The page title of a view in ``lang``.

    Examples
    --------
    >>> view_title("theme", theme="Armut"), view_title("focus", "en", focus="FB 56")
    ('Wer arbeitet am Thema Armut?', 'Around FB 56')
    """
    from graph.views.wording import text

    return text(lang)[f"title_{view}"].format(focus=focus, theme=theme)


#: Views with more nodes than this are cut to the page by degree before any metric is computed;
#: the page's centrality is then that of the nodes it shows (sampled betweenness of a large view costs
#: minutes; ``sozialgraph metrics`` measures the whole view).
METRICS_BEFORE_CAP_BELOW = 5000


def write_view(
    graph: nx.Graph,
    path: Path,
    *,
    view: str = "full",
    focus: str | None = None,
    theme: str | None = None,
    title: str | None = None,
    max_nodes: int = 1500,
    max_edges: int | None = None,
    seed: int = 42,
    table: pd.DataFrame | None = None,
    lang: str = "de",
    present: bool = False,
) -> RenderReport:
    """Annotate a view with metrics (and, if it is large, a layout), then write it by file suffix.

    ``.html`` gives the offline interactive page (:func:`page_view` says what it shows);
    ``.graphml`` and ``.gexf`` give files for Gephi, yEd or Cytoscape (the whole view).
    ``table`` is the view's :func:`graph.views.metrics.metrics`, if the caller has it
    already. ``lang`` (``de`` or ``en``) is the page's language; ``present`` opens it in
    projector mode.
    """
    from dataclasses import replace

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
    page = page_view(
        graph,
        view=view,
        focus=focus,
        theme=theme,
        title=title,
        max_nodes=max_nodes,
        max_edges=max_edges,
        seed=seed,
        table=table,
        lang=lang,
    )
    report = render_html(
        page.shown,
        path,
        title=page.title,
        note=page.note or None,
        max_nodes=max(max_nodes, page.shown.number_of_nodes()),
        lang=lang,
        present=present,
    )
    cap = page.cap
    return replace(report, nodes_total=cap.nodes_total, reduced=cap.reduced, message=page.message)


@dataclass
class Page:
    """A view as a page draws it: the nodes and edges shown, the title, and what was left out.

    ``note`` says it on the page (in the page's language), ``message`` in the terminal;
    both are empty when the page shows the whole view.
    """

    shown: nx.Graph
    title: str
    cap: Cap
    note: str = ""
    message: str = ""


def page_view(
    graph: nx.Graph,
    *,
    view: str = "full",
    focus: str | None = None,
    theme: str | None = None,
    title: str | None = None,
    max_nodes: int = 1500,
    max_edges: int | None = None,
    seed: int = 42,
    table: pd.DataFrame | None = None,
    lang: str = "de",
) -> Page:
    """The part of a view a page shows, annotated with metrics and laid out if it is large.

    A page shows at most ``max_nodes`` nodes and ``max_edges`` edges (default
    :data:`graph.views.caps.MAX_EDGES`): the most central nodes with some of every kind,
    and the strongest edges of each node (:func:`graph.views.caps.cap_view`). Names that
    repeat carry their municipality ("Sozialamt (K017)", from the nodes' ``town``). The
    view is cut before any layout is computed; views of more than
    :data:`METRICS_BEFORE_CAP_BELOW` nodes are cut by degree before their metrics are
    computed. Views of up to :data:`graph.views.render.PHYSICS_MAX_NODES` nodes are laid
    out in the browser, larger ones by :func:`graph.views.metrics.layout` with ``seed``
    (unless every node has ``x`` and ``y``). ``graph`` itself keeps its labels.
    """
    from graph.views.caps import MAX_EDGES, cap_view, name_towns
    from graph.views.metrics import annotate, layout, metrics
    from graph.views.render import PHYSICS_MAX_NODES

    max_edges = MAX_EDGES if max_edges is None else max_edges
    if title is None:
        title = view_title(view, lang, focus=focus or "", theme=_theme_label(graph, theme))
    if table is not None or graph.number_of_nodes() < METRICS_BEFORE_CAP_BELOW:
        annotate(graph, metrics(graph, seed=seed) if table is None else table)
        shown, cap = cap_view(graph, max_nodes=max_nodes, max_edges=max_edges)
    else:  # cut by degree first, then measure what is shown
        shown, cap = cap_view(graph, max_nodes=max_nodes, max_edges=max_edges)
        shown = shown.copy() if shown is graph else shown
        annotate(shown, metrics(shown, seed=seed))
    if shown is graph:
        shown = graph.copy()  # labels are changed below; the caller's view stays as it is
    name_towns(shown, {n: d["town"] for n, d in shown.nodes(data=True) if d.get("town")})
    if shown.number_of_nodes() > PHYSICS_MAX_NODES and not all(
        "x" in d and "y" in d for _, d in shown.nodes(data=True)
    ):
        layout(shown, seed=seed)
    note, message = _cap_texts(cap, lang)
    return Page(shown, title, cap, note, message)


def _cap_texts(cap: Cap, lang: str) -> tuple[str, str]:
    """What a capped page says it left out: on the page in ``lang``, and in the terminal."""
    from graph.views.wording import number, text

    if not cap.reduced:
        return "", ""
    words = text(lang)
    n = {k: number(v, lang) for k, v in vars(cap).items() if isinstance(v, int)}
    parts = [words["cap_nodes"].format(**n, basis=words[f"basis_{cap.by}"])] * (
        cap.nodes_shown < cap.nodes_total
    )
    edges = words["cap_edges" if cap.per_node else "cap_edges_between"].format(**n)
    parts += [edges] * (cap.edges_shown < cap.edges_total)
    note = " ".join([*parts, words["cap_more"].format(total_n=cap.nodes_total, total_m=cap.edges_total)])
    said = []
    if cap.nodes_shown < cap.nodes_total:
        said.append(f"{cap.nodes_shown:,} of {cap.nodes_total:,} nodes (the most central, every kind kept)")
    if cap.edges_shown < cap.edges_total:
        strongest = f" (the {cap.per_node} strongest of each node)" if cap.per_node else ""
        said.append(f"{cap.edges_shown:,} of {cap.edges_total:,} edges{strongest}")
    message = (
        f"Page shows {' and '.join(said)}; --max-nodes {cap.nodes_total} --max-edges {cap.edges_total} "
        "shows all, .graphml writes all."
    )
    return note, message


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
