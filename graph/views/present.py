"""The storyboard page: the steps of a session over several network views, in one offline page."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.errors import DataError, Problem, QueryError
from graph.files import atomic_write
from graph.store import Store
from graph.views.story import Step, Story

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = ["PresentReport", "write_story"]

_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: The words of the storyboard's controls, beside the network page's own (graph/views/wording.py).
_WORDS = {
    "de": {
        "nav": "Schritte",
        "prev": "‹ Zurück",
        "next": "Weiter ›",
        "counter": "Schritt {k} von {n}",
        "keys": "Schritte: → ↓ Bild↓ Leertaste weiter · ← ↑ Bild↑ Rücktaste zurück · Pos1 Anfang · Ende Schluss",
    },
    "en": {
        "nav": "Steps",
        "prev": "‹ Back",
        "next": "Next ›",
        "counter": "Step {k} of {n}",
        "keys": "Steps: → ↓ PgDn Space next · ← ↑ PgUp Backspace back · Home first · End last",
    },
}


@dataclass(frozen=True)
class PresentReport:
    """What :func:`write_story` wrote: the page, its steps and views, and what to tell about reduced views."""

    path: Path
    steps: int
    views: int
    messages: tuple[str, ...] = ()


@dataclass
class _View:
    """One network of the page: its data, and the view graph it was drawn from."""

    index: int
    graph: nx.Graph
    shown: nx.Graph
    title: str
    data: dict[str, Any]
    message: str
    notice: str


def write_story(
    story: Story,
    source: Store | nx.DiGraph,
    path: str | Path,
    *,
    problems: list[Problem] | tuple[Problem, ...] = (),
    lang: str = "de",
    present: bool = True,
    max_nodes: int = 1500,
    seed: int = 42,
) -> PresentReport:
    """Check ``story`` against the data and write its page: every step's view, in one offline file.

    Each view is built as ``sozialgraph network`` builds it
    (:func:`graph.views.projection.view`, :func:`graph.views.write.page_view`,
    :func:`graph.views.render.view_payload`); steps that show the same view share it.
    Ids (``focus``, ``theme``, ``highlight``, ``select``) are resolved like
    ``network --focus``. ``problems`` are those :func:`graph.views.story.parse_story`
    found; with those of the ids, they are raised together as :class:`DataError`, and
    nothing is written. ``present`` opens the page in projector mode.

    Parameters
    ----------
    story : Story
        The parsed storyboard.
    source : Store or networkx.DiGraph
        The data, or its full graph (:func:`graph.views.network.build_graph`).
    path : str or Path
        The HTML page to write (atomically).
    """
    from graph.views.network import build_graph
    from graph.views.render import page_html
    from graph.views.wording import text

    text(lang)  # an unknown language fails before any work
    full = build_graph(source) if isinstance(source, Store) else source
    found = list(problems)
    views: dict[tuple, _View] = {}
    steps = []
    for step in story.steps:
        shown = _step_view(
            story, step, full, views, found, lang=lang, present=present, max_nodes=max_nodes, seed=seed
        )
        steps.append(_step_data(story, step, full, shown, found))
    if not story.steps and not found:
        found.append(story.problem(None, "steps", "no steps: a storyboard needs at least one step"))
    if found:
        raise DataError(found, where="the storyboard")
    ordered = sorted(views.values(), key=lambda v: v.index)  # the first step's view comes first
    data = dict(ordered[0].data)
    data["story"] = {
        "steps": steps,
        "notices": [v.notice for v in ordered],
        "words": dict(_WORDS[lang]),
    }
    page = page_html(
        data,
        title=story.title or steps[0]["title"],
        script=_script(),
        css=(_TEMPLATES / "story.css").read_text(encoding="utf-8"),
        islands={f"sg-view-{v.index}": v.data for v in ordered[1:]},
    )
    target = atomic_write(path, page)
    return PresentReport(target, len(steps), len(ordered), tuple(v.message for v in ordered if v.message))


@functools.lru_cache(maxsize=1)
def _script() -> str:
    """The page's script: the network page's parts as a function that draws one view, then story.js."""
    from graph.views.render import page_parts

    story_js = (_TEMPLATES / "story.js").read_text(encoding="utf-8")
    return (
        '(function () {\n"use strict";\nfunction mountView(given) {\n'
        + page_parts()
        + "\nreturn api;\n}\n"
        + story_js
        + "})();\n"
    )


def _step_view(
    story: Story,
    step: Step,
    full: nx.DiGraph,
    views: dict[tuple, _View],
    found: list[Problem],
    **options: Any,
) -> _View | None:
    """The view a step shows (built once for all steps that show it), or None when it cannot be built."""
    from graph.views.projection import resolve_node, view
    from graph.views.render import view_payload
    from graph.views.write import page_view

    ok = step.buildable
    if step.theme:
        try:
            resolve_node(full, step.theme, kinds={"theme"}, what="theme")
        except QueryError as exc:
            found.append(story.problem(step.lines.get("theme"), "theme", str(exc)))
            ok = False
    if not ok:
        return None
    if step.view_key in views:
        return views[step.view_key]
    include = [k for k in step.include] if step.include else None
    try:
        graph = view(full, step.view, focus=step.focus, depth=step.depth, theme=step.theme, include=include)
    except QueryError as exc:
        key = "focus" if step.focus else "view"
        found.append(story.problem(step.lines.get(key, step.line), key, str(exc)))
        return None
    lang, present, max_nodes, seed = (options[k] for k in ("lang", "present", "max_nodes", "seed"))
    page = page_view(
        graph, view=step.view, focus=step.focus, theme=step.theme, max_nodes=max_nodes, seed=seed, lang=lang
    )
    shown, title = page.shown, page.title
    data, _, message, notice = view_payload(
        shown, max_nodes=max(max_nodes, shown.number_of_nodes()), lang=lang, present=present
    )
    message, notice = message or page.message, notice or page.note
    built = views[step.view_key] = _View(len(views), graph, shown, title, data, message, notice)
    return built


def _step_data(
    story: Story, step: Step, full: nx.DiGraph, shown: _View | None, found: list[Problem]
) -> dict[str, Any]:
    """What the page does at a step: its view, title, caption, kinds shown, and nodes by their index."""
    from graph.views.network import ACTOR_KINDS

    kinds = set(step.filter or ())
    if "actor" in kinds:
        kinds |= ACTOR_KINDS
    refs = [(ref, line, "highlight") for ref, line in zip(step.highlight, step.highlight_lines, strict=True)]
    if step.select:
        refs.append((step.select, step.lines.get("select"), "select"))
    nodes: dict[str, list[int]] = {"highlight": [], "select": []}
    for ref, line, key in refs:
        index = _node_index(
            ref,
            full,
            shown,
            kinds,
            lambda message, k=key, at=line: found.append(story.problem(at, k, message)),
        )
        if index is not None:
            nodes[key].append(index)
    return {
        "view": shown.index if shown else 0,
        "title": step.title or (shown.title if shown else ""),
        "caption": step.caption,
        "highlight": nodes["highlight"],
        "select": nodes["select"][0] if nodes["select"] else None,
        "filter": sorted(kinds) if kinds else None,
    }


def _node_index(ref: str, full: nx.DiGraph, shown: _View | None, kinds: set[str], say) -> int | None:
    """The index of a named node in a view's page data; why not, through ``say``."""
    from graph.views.payload import plain
    from graph.views.projection import resolve_node
    from graph.views.wording import number

    try:
        node = resolve_node(full, ref)
    except QueryError as exc:
        say(str(exc))
        return None
    if shown is None:
        return None
    attrs = full.nodes[node]
    name = f"{ref!r} ({attrs.get('label', ref)})" if attrs.get("label", ref) != ref else repr(ref)
    if node not in shown.graph:
        say(f"{name} is not in this step's view ({shown.title})")
        return None
    if node not in shown.shown:
        n, total = shown.shown.number_of_nodes(), shown.graph.number_of_nodes()
        say(
            f"{name} is not among the {number(n, 'en')} of {number(total, 'en')} nodes the page shows of this view (raise --max-nodes)"
        )
        return None
    if kinds and attrs.get("kind") not in kinds:
        say(f"{name} is a {attrs.get('kind')}, which 'filter:' hides")
        return None
    want = (plain(attrs.get("label")) or str(node), plain(attrs.get("kind")), plain(attrs.get("id")))
    return next(n["i"] for n in shown.data["nodes"] if (n["label"], n["kind"], n["ident"]) == want)
