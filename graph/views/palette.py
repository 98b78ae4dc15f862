"""How each node kind looks on the page: colour and shape, and the colour checks behind them."""

from __future__ import annotations

import math

__all__ = [
    "BACKGROUND",
    "KIND_STYLES",
    "NEUTRAL_STYLE",
    "PROJECTOR_CONTRAST",
    "SHAPES",
    "contrast_ratio",
    "darken_to",
    "delta_e",
    "relative_luminance",
    "simulate",
]

#: The page's background, against which every fill is measured.
BACKGROUND = "#ffffff"
#: Fill contrast in projector mode (WCAG's 4.5:1; 3:1 is the floor everywhere).
PROJECTOR_CONTRAST = 4.5
#: The shapes the page draws (vis-network's names where it has one).
SHAPES = (
    "dot",
    "pentagon",
    "hexagon",
    "cross",
    "ring",
    "square",
    "triangle",
    "diamond",
    "star",
    "triangleDown",
    "octagon",
    "house",
)

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
_CVD = {
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
}


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{min(255, max(0, round(c))):02x}" for c in rgb)


def _linear(c: int) -> float:
    s = c / 255
    return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4


def _gamma(v: float) -> float:
    v = min(1.0, max(0.0, v))
    return 255 * (12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055)


def relative_luminance(color: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb`` (0 black, 1 white).

    Examples
    --------
    >>> relative_luminance("#000000"), relative_luminance("#ffffff")
    (0.0, 1.0)
    """
    r, g, b = (_linear(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(color: str, background: str = BACKGROUND) -> float:
    """WCAG 2 contrast ratio of two colours, 1 to 21.

    Examples
    --------
    >>> contrast_ratio("#000000")
    21.0
    >>> round(contrast_ratio("#767676"), 2)  # WCAG's usual 4.5:1 grey
    4.54
    """
    a, b = sorted((relative_luminance(color), relative_luminance(background)))
    return (b + 0.05) / (a + 0.05)


def darken_to(color: str, ratio: float, background: str = BACKGROUND) -> str:
    """``color`` scaled towards black, in 1 % steps, until it has ``ratio`` against ``background``.

    Examples
    --------
    >>> darken_to("#0072b2", 4.5)  # dark enough already
    '#0072b2'
    >>> contrast_ratio(darken_to("#009e73", 4.5)) >= 4.5
    True
    """
    rgb = _rgb(color)
    for step in range(101):
        candidate = _hex(tuple(c * (1 - step / 100) for c in rgb))
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return "#000000"


def simulate(color: str, vision: str) -> str:
    """``color`` as seen with ``vision`` (``deuteranopia`` or ``protanopia``; ``normal`` keeps it).

    Examples
    --------
    >>> simulate("#777777", "deuteranopia")  # greys stay grey
    '#777777'
    """
    if vision == "normal":
        return color
    m = _CVD[vision]
    v = [_linear(c) for c in _rgb(color)]
    return _hex(tuple(_gamma(sum(m[i][j] * v[j] for j in range(3))) for i in range(3)))


def _lab(color: str) -> tuple[float, float, float]:
    r, g, b = (_linear(c) for c in _rgb(color))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference in CIELAB (D65); about 2 is just noticeable, 100 is black to white.

    Examples
    --------
    >>> round(delta_e("#000000", "#ffffff"))
    100
    """
    return math.dist(_lab(a), _lab(b))


def _style(shape: str, color: str) -> dict[str, str]:
    border = _hex(tuple(c * 0.62 for c in _rgb(color)))
    strong = darken_to(color, PROJECTOR_CONTRAST)
    return {
        "shape": shape,
        "color": color,
        "border": border,
        "strong": strong,
        "strongBorder": _hex(tuple(c * 0.5 for c in _rgb(strong))),
    }


#: Shape and colour of every node kind, in legend order. Hues from Okabe & Ito's
#: colour-blind-safe set, darkened where needed to 3:1 against the background, chosen
#: so that every two kinds differ by a CIE76 ΔE of 10 or more also under simulated
#: deuteranopia and protanopia; the shape tells them apart where colour cannot.
#: ``strong`` is the fill in projector mode (4.5:1). Names come from the ontology.
KIND_STYLES: dict[str, dict[str, str]] = {
    "department": _style("dot", "#0072b2"),
    "enterprise": _style("pentagon", "#00523c"),
    "external": _style("hexagon", "#a8578a"),
    "committee": _style("cross", "#000000"),
    "body": _style("ring", "#4b3a73"),
    "authority": _style("house", "#1b00b2"),
    "plan": _style("square", "#009e73"),
    "goal": _style("triangle", "#3f8cbf"),
    "instrument": _style("diamond", "#7a5200"),
    "theme": _style("star", "#d55e00"),
    "event": _style("triangleDown", "#5c5c5c"),
}
#: Style of nodes of any other kind (an actor without a kind, or a kind the page does not know).
NEUTRAL_STYLE: dict[str, str] = _style("octagon", "#8a8a8a")
