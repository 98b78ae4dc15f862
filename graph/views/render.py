"""Draw a networkx view as one self-contained, offline, interactive HTML file."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import importlib.util
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import SozialgraphError, UsageError
from graph.files import atomic_write
from graph.views.palette import KIND_STYLES, NEUTRAL_STYLE
from graph.views.payload import number, payload, plain
from graph.views.wording import number as fmt
from graph.views.wording import text

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "KIND_STYLES",
    "NEUTRAL_STYLE",
    "PAGE_SCRIPTS",
    "PHYSICS_MAX_NODES",
    "RenderReport",
    "page_html",
    "page_parts",
    "reduce_graph",
    "render_html",
    "view_payload",
]

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_VIS_DIR = ("lib", "vis-9.1.2")
#: The page's own script, in the order its parts are joined into one closure.
PAGE_SCRIPTS = ("page", "shapes", "labels", "select", "search", "table", "present")
#: Views up to this many nodes are laid out by the browser (vis-network physics, seeded);
#: larger ones need positions from Python (:func:`graph.views.metrics.layout`).
PHYSICS_MAX_NODES = 300
_BASIS = {"size_value": "centrality (size_value)", "degree": "degree"}


@dataclass(frozen=True)
class RenderReport:
    """What :func:`render_html` wrote.

    ``message`` is empty unless the view was reduced; then it says how, in a
    sentence the command line prints on the terminal.
    """

    path: Path
    nodes_shown: int
    nodes_total: int
    reduced: bool
    message: str
    edges_shown: int = 0


def render_html(
    G: nx.Graph,
    path: str | Path,
    *,
    title: str,
    subtitle: str = "",
    note: str | None = None,
    max_nodes: int = 1500,
    lang: str = "de",
    present: bool = False,
) -> RenderReport:
    """Write ``G`` as one offline HTML page with legend, search, filter and info panel.

    Every script and style is embedded (vis-network 9.1.2 from the pyvis
    package); the page loads nothing from the network. Data travels as a JSON
    island and reaches the page only as text, never as markup. A graph with more
    than ``max_nodes`` nodes is reduced to the ``max_nodes`` nodes with the
    largest ``size_value`` (or degree, if no node has one); the caller's graph is
    not changed. Parallel edges of a multigraph are drawn as one line.

    Parameters
    ----------
    G : networkx.Graph
        Nodes carry ``label``, ``kind``, ``id``, ``description``, ``source``,
        ``type_label`` and optionally ``size_value``, ``community``, ``x``, ``y``;
        edges carry ``kind``, ``label`` and optionally ``weight``, ``title``.
        With ``x`` and ``y`` on every node the layout is taken as given.
    path : str or Path
        The HTML file to write (atomically).
    title, subtitle : str
        Page heading; shown as text.
    note : str, optional
        A remark shown on the page, e.g. how the caller selected the view.
    max_nodes : int
        The largest number of nodes handed to the browser.
    lang : {"de", "en"}
        The language of the page's text; kind and relation names come from the ontology.
    present : bool
        Open the page in projector mode.

    Returns
    -------
    RenderReport

    Examples
    --------
    >>> import networkx as nx, tempfile, pathlib
    >>> G = nx.Graph()
    >>> G.add_node("a", label="FB 56", kind="department")
    >>> G.add_node("t", label="Armut", kind="theme")
    >>> G.add_edge("a", "t", label="befasst sich mit")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "view.html"
    >>> r = render_html(G, out, title="Sozial-Plattform")
    >>> (r.nodes_shown, r.edges_shown, r.reduced)
    (2, 1, False)
    >>> "https://" in out.read_text(encoding="utf-8")
    False
    """
    data, total, message, notice = view_payload(G, max_nodes=max_nodes, lang=lang, present=present)
    page = page_html(data, title=title, subtitle=subtitle, notices=[n for n in (notice, note) if n])
    target = atomic_write(path, page)
    return RenderReport(
        path=target,
        nodes_shown=len(data["nodes"]),
        nodes_total=total,
        reduced=total > len(data["nodes"]),
        message=message,
        edges_shown=len(data["edges"]),
    )


def view_payload(
    G: nx.Graph, *, max_nodes: int = 1500, lang: str = "de", present: bool = False
) -> tuple[dict[str, Any], int, str, str]:
    """What a page draws of ``G``: its data, the view's node count, and what to say if it was reduced.

    ``G`` is reduced to ``max_nodes`` nodes (:func:`reduce_graph`) and turned into the
    page's data (:func:`graph.views.payload.payload`). The two texts are empty unless the
    view was reduced: a sentence for the terminal and the page's notice in ``lang``.

    Examples
    --------
    >>> import networkx as nx
    >>> data, total, message, notice = view_payload(nx.path_graph(12), max_nodes=10)
    >>> len(data["nodes"]), total, notice
    (10, 12, 'Ansicht reduziert von 12 auf 10 Knoten: die 10 mit der höchsten Zahl der Verbindungen.')
    """
    if max_nodes < 1:
        raise UsageError(f"max_nodes must be at least 1, got {max_nodes}")
    view = reduce_graph(G, max_nodes)
    total = int(view.graph.get("reduced_from", view.number_of_nodes()))
    words = text(lang)
    message = notice = ""
    if total > view.number_of_nodes():
        shown = view.number_of_nodes()
        by = view.graph.get("reduced_by", "")
        by = by if by in _BASIS else "degree"
        message = (
            f"View reduced from {total:,} to {shown:,} nodes: top {shown:,} by {_BASIS[by]}. "
            f"Raise max_nodes to show more."
        )
        notice = words["reduced"].format(
            total=fmt(total, lang), shown=fmt(shown, lang), basis=words[f"basis_{by}"]
        )
    return payload(view, lang=lang, present=present), total, message, notice


def reduce_graph(G: nx.Graph, max_nodes: int) -> nx.Graph:
    """The ``max_nodes`` most important nodes of ``G`` and the edges among them.

    Importance is ``size_value`` (nodes without one come last), or the degree if
    no node has a ``size_value``; ties go by degree, label and key. A graph that
    is small enough is returned as it is. Otherwise the result is a new graph
    (``G`` is not changed) whose graph attributes say what happened:
    ``reduced_from`` (the node count of the original) and ``reduced_by``
    (``"size_value"`` or ``"degree"``); :func:`render_html` shows this on the page.
    Reduce before computing a layout: the layout then costs only what is drawn.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.star_graph(5)
    >>> small = reduce_graph(G, 3)
    >>> sorted(small), small.graph
    ([0, 1, 2], {'reduced_from': 6, 'reduced_by': 'degree'})
    >>> reduce_graph(G, 10) is G
    True
    """
    if max_nodes < 1:
        raise UsageError(f"max_nodes must be at least 1, got {max_nodes}")
    if G.number_of_nodes() <= max_nodes:
        return G
    sizes = {n: number(d.get("size_value")) for n, d in G.nodes(data=True)}
    by_size = any(v is not None for v in sizes.values())
    degree = dict(G.degree())

    def rank(n: Any) -> tuple:
        size = sizes[n] if by_size and sizes[n] is not None else -math.inf
        return (-size, -degree[n], plain(G.nodes[n].get("label")), str(n))

    keep = sorted(G.nodes, key=rank)[:max_nodes]
    small = G.subgraph(keep).copy()
    small.graph["reduced_from"] = int(G.graph.get("reduced_from", G.number_of_nodes()))
    small.graph["reduced_by"] = "size_value" if by_size else "degree"
    return small


def _json_island(obj: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no ``<``, ``>``, ``&``."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_parts() -> str:
    """The page's script parts (:data:`PAGE_SCRIPTS`) joined, to be wrapped in one function.

    The network page runs them as ``(function (given) {…})(null)``: one strict-mode
    closure whose parts share their functions without putting any on ``window``;
    ``given`` is the page's data, or null to read the data island ``sg-data``.
    """
    return _assets()[5]


@functools.lru_cache(maxsize=1)
def _assets() -> tuple[str, str, str, str, str, str]:
    """vis-network JS and CSS from pyvis (URLs defused), the page's template, CSS and JS, and its parts."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise SozialgraphError("HTML views need pyvis 0.3.2: pip install 'pyvis==0.3.2'")
    vis_dir = Path(next(iter(spec.submodule_search_locations))).joinpath(*_VIS_DIR)
    try:
        vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
        vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    except OSError as exc:
        raise SozialgraphError(f"pyvis is installed without vis-network 9.1.2 ({exc})") from exc
    # The source map is not shipped: drop the pointer so no tool goes looking for it.
    vis_js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", vis_js)
    # License comment, core-js metadata and an error message hold web addresses that are
    # never loaded; drop their scheme so the page holds no URL at all. The SVG namespace
    # name passed to createElementNS is an identifier, not a resource, and must stay.
    vis_js = re.sub(r"https?://(?!www\.w3\.org/2000/svg\b)", "", vis_js)
    template = (_TEMPLATES / "network.html").read_text(encoding="utf-8")
    page_css = (_TEMPLATES / "network.css").read_text(encoding="utf-8")
    parts = {name: (_TEMPLATES / f"{name}.js").read_text(encoding="utf-8") for name in PAGE_SCRIPTS}
    joined = "\n".join(parts.values())
    app_js = '(function (given) {\n"use strict";\n' + joined + "})(null);\n"
    for name, body, end in (
        ("vis-network.min.js", vis_js, "</script"),
        *((f"{name}.js", body, "</script") for name, body in parts.items()),
        ("vis-network.css", vis_css, "</style"),
        ("network.css", page_css, "</style"),
    ):
        if end in body.lower():
            raise SozialgraphError(f"{name} cannot be embedded: it contains {end!r}")
    return template, page_css, app_js, vis_js, vis_css, joined


def page_html(
    data: dict[str, Any],
    *,
    title: str,
    subtitle: str = "",
    notices: Sequence[str] = (),
    script: str | None = None,
    css: str = "",
    islands: Mapping[str, Any] | None = None,
) -> str:
    """The page for ``data`` (:func:`view_payload`); every value from the caller is escaped here.

    A page of another kind (the storyboard, :mod:`graph.views.present`) gives its own
    ``script`` (instead of the network page's), more ``css``, and more data as JSON
    ``islands`` (element id -> value); the Content-Security-Policy admits that script only.
    """
    template, page_css, app_js, vis_js, vis_css, _ = _assets()
    if script is not None:
        if "</script" in script.lower():
            raise SozialgraphError("the page's script cannot be embedded: it contains '</script'")
        app_js = script
    if "</style" in css.lower():
        raise SozialgraphError("the page's style cannot be embedded: it contains '</style'")
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode('utf-8')).digest()).decode()}'"
        for s in (vis_js, app_js)
    )
    csp = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; base-uri 'none'; form-action 'none'"
    )
    meta = data["meta"]
    lang, words = meta["lang"], meta["text"]
    counts = {"n": fmt(len(data["nodes"]), lang), "m": fmt(len(data["edges"]), lang)}
    values = {
        "LANG": lang,
        "CSP": csp,
        "TITLE": html.escape(title),
        "SUBTITLE": f'<p class="subtitle">{html.escape(subtitle)}</p>' if subtitle else "",
        "STATS": html.escape(words["stats"].format(**counts)),
        "ALT": html.escape(words["alt"].format(**counts)),
        "BODY_CLASS": "present" if meta["present"] else "",
        "NOTICES": "".join(f'<p class="notice">{html.escape(t)}</p>' for t in notices),
        "VIS_CSS": vis_css,
        "PAGE_CSS": page_css + css,
        "DATA": _json_island(data),
        "ISLANDS": "".join(
            f'<script type="application/json" id="{html.escape(key)}">{_json_island(value)}</script>\n'
            for key, value in (islands or {}).items()
        ),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    return re.sub(
        r"@@(?:T:([a-z_]+)|([A-Z_]+))@@",
        lambda mo: html.escape(words[mo.group(1)]) if mo.group(1) else values[mo.group(2)],
        template,
    )
