"""A static picture of the network for print: an SVG computed in Python, no script, the same every run.

The full network (:func:`graph.views.projection.view`), sized by betweenness
(:func:`graph.views.metrics.metrics`), laid out by the seeded
:func:`graph.views.metrics.layout`; each kind has the colour and the shape of
the network page (:data:`graph.views.palette.KIND_STYLES`), so kinds stay apart
in black and white. The most central nodes are named; a label that would cover
another is moved to the other side of its node, or left out (beyond the first
few). Every text is escaped here.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING

from graph.report.model import Context, Figure, Para, Section
from graph.report.words import text, words

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["MAX_NODES", "network", "svg"]

#: Largest number of nodes drawn (the most central ones).
MAX_NODES = 250
#: Nodes named, the most central first; the first ``_ALWAYS`` are named even if labels touch.
LABELS = 14
_ALWAYS = 5
_W, _H = 1200.0, 1000.0  # viewBox width and greatest height; about 0.145 mm per unit on A4
_SIDE, _TOP, _LEGEND = 150.0, 50.0, 70.0  # room for nodes and labels beside, above and below; the legend
_FONT = 17.0
_CHAR = 0.55 * _FONT
_SEED = 42


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{_f(x)},{_f(y)}" for x, y in points)


def _regular(n: int, x: float, y: float, r: float, turn: float = -math.pi / 2) -> list[tuple[float, float]]:
    return [
        (x + r * math.cos(turn + 2 * math.pi * k / n), y + r * math.sin(turn + 2 * math.pi * k / n))
        for k in range(n)
    ]


def _shape(shape: str, x: float, y: float, r: float, fill: str, border: str) -> str:
    """One node as an SVG element (the page's shape names)."""
    paint = f'fill="{fill}" stroke="{border}" stroke-width="1.2"'
    if shape == "dot":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" {paint}/>'
    if shape == "ring":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(r * 0.8)}" fill="#ffffff" stroke="{fill}" stroke-width="{_f(r * 0.4)}"/>'
    if shape == "square":
        s = r * 0.9
        return f'<rect x="{_f(x - s)}" y="{_f(y - s)}" width="{_f(2 * s)}" height="{_f(2 * s)}" {paint}/>'
    if shape == "star":
        pts = [
            p
            for k in range(5)
            for p in (
                _regular(5, x, y, r * 1.2)[k],
                _regular(5, x, y, r * 0.5, -math.pi / 2 + math.pi / 5)[k],
            )
        ]
    elif shape == "cross":
        a, b = r, r * 0.38
        pts = [(x - b, y - a), (x + b, y - a), (x + b, y - b), (x + a, y - b), (x + a, y + b), (x + b, y + b),
               (x + b, y + a), (x - b, y + a), (x - b, y + b), (x - a, y + b), (x - a, y - b), (x - b, y - b)]  # fmt: skip
    else:
        sides = {"triangle": 3, "triangleDown": 3, "diamond": 4, "pentagon": 5, "hexagon": 6}.get(shape, 8)
        turn = math.pi / 2 if shape == "triangleDown" else -math.pi / 2
        scale = 1.25 if sides == 3 else 1.1 if sides == 4 else 1.0
        pts = _regular(sides, x, y, r * scale, turn)
    return f'<polygon points="{_polygon(pts)}" {paint}/>'


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _place(
    x: float,
    y: float,
    r: float,
    width: float,
    taken: list[tuple[float, float, float, float]],
    force: bool,
    bottom: float,
):
    """A spot for a label of ``width`` beside a node at (x, y), clear of ``taken`` boxes.

    Right, left, above, below: the first spot inside the picture that covers
    nothing taken; with ``force``, else the spot that covers the least; None if
    there is no clear spot and the label is not forced.
    """
    h = _FONT * 1.1
    options = []
    for tx, ty, anchor in (
        (x + r + 4, y + _FONT * 0.35, "start"),
        (x - r - 4, y + _FONT * 0.35, "end"),
        (x, y - r - 5, "middle"),
        (x, y + r + _FONT, "middle"),
    ):
        left = tx if anchor == "start" else tx - width if anchor == "end" else tx - width / 2
        box = (left, ty - _FONT * 0.85, left + width, ty - _FONT * 0.85 + h)
        if 2 <= box[0] and box[2] <= _W - 2 and box[1] >= 2 and box[3] <= bottom:
            options.append((sum(_overlap(box, b) for b in taken), tx, ty, anchor, box))
    if not options:
        return None
    best = min(options, key=lambda o: o[0])  # the first of those that cover least
    return best[1:] if best[0] == 0 or force else None


def svg(G: nx.Graph, lang: str = "de") -> tuple[str, list[str]]:
    """The picture of ``G`` (nodes with ``x``, ``y``, ``kind``, ``label``, ``size_value``) and the names shown.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("a", label="FB <56>", kind="department", x=0, y=0, size_value=1.0)
    >>> G.add_node("t", label="Armut", kind="theme", x=500, y=0, size_value=0.0)
    >>> G.add_edge("a", "t")
    >>> picture, named = svg(G)
    >>> named, "FB &lt;56&gt;" in picture, "<script" in picture
    (['FB <56>', 'Armut'], True, False)
    """
    from graph.views.palette import KIND_STYLES, NEUTRAL_STYLE
    from graph.views.wording import kind_names

    nodes = sorted(
        G.nodes,
        key=lambda n: (-float(G.nodes[n].get("size_value") or 0), str(G.nodes[n].get("label", "")), str(n)),
    )
    xs = [float(G.nodes[n].get("x", 0)) for n in G] or [0.0]
    ys = [float(G.nodes[n].get("y", 0)) for n in G] or [0.0]
    # fit the drawing's box into the width, room for labels at the sides; as high as it needs
    scale = min(
        (_W - 2 * _SIDE) / max(max(xs) - min(xs), 1e-9),
        (_H - 2 * _TOP - _LEGEND) / max(max(ys) - min(ys), 1e-9),
        1.0,
    )
    cx = _W / 2 - (max(xs) + min(xs)) / 2 * scale
    cy = _TOP - min(ys) * scale
    bottom = _TOP * 2 + (max(ys) - min(ys)) * scale
    height = bottom + _LEGEND

    def at(n) -> tuple[float, float]:
        return cx + float(G.nodes[n].get("x", 0)) * scale, cy + float(G.nodes[n].get("y", 0)) * scale

    def radius(n) -> float:
        return 5.0 + 14.0 * math.sqrt(max(0.0, float(G.nodes[n].get("size_value") or 0)))

    edges = sorted((sorted((str(u), str(v))) for u, v in G.edges() if u != v))
    by_name = {str(n): n for n in G}
    path = " ".join(
        f"M{_f(at(by_name[u])[0])} {_f(at(by_name[u])[1])}L{_f(at(by_name[v])[0])} {_f(at(by_name[v])[1])}"
        for u, v in edges
    )
    parts = (
        [f'<path d="{path}" fill="none" stroke="#9a9a9a" stroke-width="0.8" stroke-opacity="0.7"/>']
        if path
        else []
    )
    for n in reversed(nodes):  # the most central on top
        style = KIND_STYLES.get(G.nodes[n].get("kind"), NEUTRAL_STYLE)
        x, y = at(n)
        parts.append(_shape(style["shape"], x, y, radius(n), style["color"], style["border"]))
    taken = [
        (at(n)[0] - radius(n), at(n)[1] - radius(n), at(n)[0] + radius(n), at(n)[1] + radius(n))
        for n in nodes[:LABELS]
    ]
    named: list[str] = []
    for i, n in enumerate(nodes[:LABELS]):
        name = str(G.nodes[n].get("label", n))
        shown = name if len(name) <= 38 else name[:37] + "…"
        x, y = at(n)
        own = (x - radius(n), y - radius(n), x + radius(n), y + radius(n))
        spot = _place(
            x, y, radius(n), _CHAR * len(shown), [b for b in taken if b != own], i < _ALWAYS, bottom
        )
        if spot is None:
            continue
        tx, ty, anchor, box = spot
        taken.append(box)
        named.append(name)
        parts.append(
            f'<text x="{_f(tx)}" y="{_f(ty)}" text-anchor="{anchor}" font-size="{_f(_FONT)}" fill="#111111" '
            f'stroke="#ffffff" stroke-width="4" stroke-linejoin="round" paint-order="stroke">{html.escape(shown)}</text>'
        )
    parts += _legend(
        sorted({G.nodes[n].get("kind", "") for n in G}, key=_kind_rank), kind_names(lang), bottom
    )
    alt = html.escape(text(lang, "network_alt", names="; ".join(named)))
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(_W)} {_f(height)}" role="img" '
        f'aria-label="{alt}" font-family="DejaVu Sans, Arial, sans-serif"><title>{alt}</title>'
    )
    return head + "".join(parts) + "</svg>", named


def _kind_rank(kind: str) -> tuple[int, str]:
    from graph.views.network import KINDS

    return (KINDS.index(kind) if kind in KINDS else len(KINDS), kind)


def _legend(kinds: list[str], names: dict[str, str], top: float) -> list[str]:
    """One row of shape and kind name per kind, wrapped at the picture's width."""
    from graph.views.palette import KIND_STYLES, NEUTRAL_STYLE

    out: list[str] = []
    x, y = 20.0, top + 28
    for kind in kinds:
        name = names.get(kind, kind)
        width = 30 + _CHAR * len(name) + 24
        if x + width > _W - 10:
            x, y = 20.0, y + _FONT * 1.5
        style = KIND_STYLES.get(kind, NEUTRAL_STYLE)
        out.append(_shape(style["shape"], x + 9, y - _FONT * 0.3, 8.0, style["color"], style["border"]))
        out.append(
            f'<text x="{_f(x + 24)}" y="{_f(y)}" font-size="{_f(_FONT)}" fill="#111111">{html.escape(name)}</text>'
        )
        x += width
    return out


def network(ctx: Context) -> Section:
    """The section with the picture of the whole network."""
    from graph.views.metrics import annotate, layout, metrics
    from graph.views.projection import view
    from graph.views.render import reduce_graph

    w = words(ctx.lang)
    G = view(ctx.store, "full")
    if G.number_of_edges() == 0:
        return Section("network", w["network"], [Para(w["network_none"])])
    alone = sorted((n for n in G if G.degree(n) == 0), key=lambda n: (str(G.nodes[n].get("id", "")), str(n)))
    linked = G.subgraph([n for n in G if G.degree(n) > 0]).copy()
    annotate(linked, metrics(linked, seed=_SEED))
    shown = reduce_graph(linked, MAX_NODES)
    layout(shown, seed=_SEED)
    picture, named = svg(shown, ctx.lang)
    caption = text(
        ctx.lang, "network_caption", n=shown.number_of_nodes(), m=shown.number_of_edges(), k=len(named)
    )
    blocks: list = [Figure(picture, caption)]
    if shown.number_of_nodes() < linked.number_of_nodes():
        blocks.append(
            Para(
                text(ctx.lang, "network_cut", shown=shown.number_of_nodes(), total=linked.number_of_nodes()),
                note=True,
            )
        )
    if alone:
        names = "; ".join(f"{G.nodes[n].get('label', n)} ({G.nodes[n].get('id', '')})" for n in alone[:20])
        more = len(alone) - 20
        blocks.append(
            Para(
                text(ctx.lang, "network_alone", names=names + (f" … (+{more})" if more > 0 else "")),
                note=True,
            )
        )
    return Section("network", w["network"], blocks)
