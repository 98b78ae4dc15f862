"""The storyboard of a platform session built from the data: the network, its brokers, the conference themes, the gaps."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from graph.store import Store

__all__ = ["conference_themes", "storyboard_steps", "storyboard_yaml"]

#: How many brokers the session names, and how many conference themes it goes through at most.
BROKERS, THEMES = 3, 5

_WORDS: dict[str, dict[str, str]] = {
    "de": {
        "story": "Sitzung der Sozial-Plattform",
        "whole": "Das ganze Netzwerk: {counts}.",
        "and": "und",
        "brokers_title": "Wer verbindet die anderen?",
        "brokers": "Die Vermittler: {names} verbinden die meisten anderen.",
        "working_0": "{theme}: Niemand arbeitet daran",
        "working_1": "{theme}: 1 Akteur arbeitet daran",
        "working_n": "{theme}: {n} Akteure arbeiten daran",
        "met_1": ", 1 weiterer hat es nur bei Veranstaltungen besprochen (gestrichelt)",
        "met_n": ", {n} weitere haben es nur bei Veranstaltungen besprochen (gestrichelt)",
        "met0_1": "; 1 Akteur hat es nur bei Veranstaltungen besprochen (gestrichelt)",
        "met0_n": "; {n} Akteure haben es nur bei Veranstaltungen besprochen (gestrichelt)",
        "unplanned": " Kein Planwerk, das zählt, deckt das Thema ab.",
        "gaps_title": "Lücken: Themen ohne Planwerk",
        "gaps": "Kein Planwerk, das zählt, deckt ab: {names}.",
        "only_in": "{theme} (nur in: {plans})",
        "no_gaps": "Jedes Thema ist in einem Planwerk, das zählt.",
        "kinds": "Akteure|Planwerke|Ziele|Steuerungsinstrumente|Themen|Veranstaltungen",
    },
    "en": {
        "story": "Session of the Sozial-Plattform",
        "whole": "The whole network: {counts}.",
        "and": "and",
        "brokers_title": "Who connects the others?",
        "brokers": "The brokers: {names} connect the most others.",
        "working_0": "{theme}: nobody works on it",
        "working_1": "{theme}: 1 actor works on it",
        "working_n": "{theme}: {n} actors work on it",
        "met_1": ", 1 more only met on it at events (dashed)",
        "met_n": ", {n} more only met on it at events (dashed)",
        "met0_1": "; 1 actor only met on it at events (dashed)",
        "met0_n": "; {n} actors only met on it at events (dashed)",
        "unplanned": " No plan that counts covers the theme.",
        "gaps_title": "Gaps: themes without a plan",
        "gaps": "No plan that counts covers: {names}.",
        "only_in": "{theme} (only in: {plans})",
        "no_gaps": "Every theme is in a plan that counts.",
        "kinds": "actors|plans|goals|steering instruments|themes|events",
    },
}

_HEAD = {
    "de": """\
# Storyboard der Sitzung der Sozial-Plattform, von „sozialgraph demo“ aus den Daten erstellt
# (Daten: {source}). Daraus wird die Seite für den Beamer, mit denselben Daten:
#
#   sozialgraph present storyboard.yaml -o sitzung.html
#
# Bearbeiten: Jeder Schritt beginnt mit „- “ und ist ein Bild, in dieser Reihenfolge. Schritte
# löschen, umstellen, kopieren, Texte ändern – die Einrückung beibehalten. Ein Schritt kennt:
#   title:     Überschrift (sonst die der Ansicht)
#   view:      full (alles) | actors (wer teilt Ziele und Themen) | focus | theme
#   focus:     Kennung des Knotens in der Mitte, mit depth: 1 bis 10 Verbindungen weit
#   theme:     Kennung des Themas der Ansicht theme („wer arbeitet daran?“)
#   include:   nur diese Arten von Knoten in der Ansicht, z. B. [department, plan, goal]
#   highlight: Knoten hervorheben, z. B. [FB 56, AGW]
#   select:    einen Knoten auswählen: seine Nachbarschaft und seine Angaben erscheinen
#   filter:    nur diese Arten von Knoten zeigen, z. B. [department, external, theme]
#   caption:   Text, groß unten im Bild; mit „: “ darin in Anführungszeichen setzen
# Kennungen wie in der Arbeitsmappe (FB 56, armut). Arten: department, enterprise, external,
# committee, body, actor (alle Akteure), plan, goal, instrument, theme, event.
# Tasten in der Sitzung: → Bild↓ Leertaste weiter, ← Bild↑ zurück, P Präsentation, T Tabelle.
""",
    "en": """\
# Storyboard of a session of the Sozial-Plattform, written by 'sozialgraph demo' from the data
# (data: {source}). The projector page, with the same data:
#
#   sozialgraph present storyboard.yaml -o sitzung.html
#
# Editing: each step starts with '- ' and is one picture, in this order. Delete, reorder or copy
# steps, change the texts; keep the indentation. A step knows:
#   title:     heading (else the view's)
#   view:      full | actors (who shares goals and themes) | focus | theme
#   focus:     id of the node in the centre, with depth: 1 to 10 links around it
#   theme:     id of the theme of the theme view ("who works on it?")
#   include:   only these kinds of nodes in the view, e.g. [department, plan, goal]
#   highlight: nodes to emphasise, e.g. [FB 56, AGW]
#   select:    one node to select: its neighbourhood and details appear
#   filter:    only these kinds of nodes shown, e.g. [department, external, theme]
#   caption:   text shown large at the bottom; quote it when it holds ': '
# Ids as in the workbook (FB 56, armut). Kinds: department, enterprise, external, committee,
# body, actor (every actor), plan, goal, instrument, theme, event.
# Keys at the session: → PgDn Space next, ← PgUp back, P projector mode, T table.
""",
}


def conference_themes(full: nx.DiGraph, n: int = THEMES) -> list[str]:
    """The themes on the agenda of the events (node keys), most events first, then by label; at most ``n``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.DiGraph()
    >>> G.add_nodes_from([("e1", {"kind": "event"}), ("e2", {"kind": "event"})])
    >>> G.add_nodes_from((t, {"kind": "theme", "label": t.title()}) for t in ("armut", "alter", "sport"))
    >>> G.add_edges_from([("e1", "armut"), ("e2", "armut"), ("e2", "alter")])
    >>> conference_themes(G)
    ['armut', 'alter']
    """
    count = Counter(
        v
        for u, v in full.edges
        if full.nodes[u].get("kind") == "event" and full.nodes[v].get("kind") == "theme"
    )
    ranked = sorted(count, key=lambda t: (-count[t], str(full.nodes[t].get("label", "")).casefold(), t))
    return ranked[:n]


def storyboard_steps(
    store: Store, full: nx.DiGraph, table: pd.DataFrame, lang: str = "de"
) -> list[dict[str, Any]]:
    """The steps of the session, as a storyboard file writes them.

    The whole network; the brokers (the actors with the highest betweenness,
    :func:`graph.views.metrics.brokers`) highlighted; for each conference theme
    (:func:`conference_themes`) the theme view, who works on it; the gaps (the analysis
    ``unplanned-themes``) highlighted in the whole network. ``table`` is the full graph's
    :func:`graph.views.metrics.metrics`.
    """
    from graph.analysis.query import run_query
    from graph.views.metrics import brokers
    from graph.views.network import ACTOR_KINDS, KINDS
    from graph.views.projection import view

    words = _WORDS[lang]
    kinds = Counter(
        "actor" if d.get("kind") in ACTOR_KINDS else d.get("kind") for _, d in full.nodes(data=True)
    )
    names = dict(
        zip(["actor", "plan", "goal", "instrument", "theme", "event"], words["kinds"].split("|"), strict=True)
    )
    counts = [f"{kinds[k]} {names[k]}" for k in KINDS if k in names and kinds[k]]
    steps: list[dict[str, Any]] = [
        {"view": "full", "caption": words["whole"].format(counts=", ".join(counts))}
    ]
    top = brokers(table, n=BROKERS)
    if len(top):
        ids = [_ref(full, str(iri)) for iri in top["iri"]]
        named = _join([f"{r['label']} ({r['id']})" for _, r in top.iterrows()], words["and"])
        steps.append(
            {
                "title": words["brokers_title"],
                "view": "full",
                "highlight": ids,
                "caption": words["brokers"].format(names=named),
            }
        )
    gaps = run_query(store, "unplanned-themes")
    gap_ids = set(gaps["theme_id"])
    for theme in conference_themes(full):
        attrs = full.nodes[theme]
        tied = view(full, "theme", theme=theme)
        working = {u for u, _, k in tied.edges(data="kind") if k == "works_on"}
        met = {u for u, _, k in tied.edges(data="kind") if k == "engaged"} - working
        caption = words[_plural("working", len(working))].format(theme=attrs["label"], n=len(working))
        if met:
            caption += words[_plural("met" if working else "met0", len(met))].format(n=len(met))
        caption += "." + (words["unplanned"] if attrs["id"] in gap_ids else "")
        steps.append({"view": "theme", "theme": _ref(full, theme), "caption": caption})
    if len(gaps):
        themes = [
            words["only_in"].format(theme=r["theme"], plans=r["only_in"]) if r["only_in"] else r["theme"]
            for _, r in gaps.iterrows()
        ]
        caption = words["gaps"].format(names=_join(themes, words["and"]))
        by_id = {d.get("id"): n for n, d in full.nodes(data=True) if d.get("kind") == "theme"}
        ids = [_ref(full, by_id[t]) for t in gaps["theme_id"] if t in by_id]
        steps.append({"title": words["gaps_title"], "view": "full", "highlight": ids, "caption": caption})
    else:
        steps.append({"title": words["gaps_title"], "view": "full", "caption": words["no_gaps"]})
    return steps


def storyboard_yaml(steps: list[dict[str, Any]], *, source: str = "", lang: str = "de") -> str:
    """A storyboard file of ``steps``, with comments that say how to edit it; it reads back to ``steps``.

    Examples
    --------
    >>> from graph.views.story import parse_story
    >>> text = storyboard_yaml([{"view": "full", "highlight": ["FB 56", "a, b"], "caption": "Armut: wer?"}])
    >>> print(text.split("steps:")[1])
    <BLANKLINE>
    <BLANKLINE>
      # 1
      - view: full
        highlight: [FB 56, 'a, b']
        caption: 'Armut: wer?'
    <BLANKLINE>
    >>> story, problems = parse_story(text)
    >>> story.steps[0].highlight, story.steps[0].caption, problems
    (('FB 56', 'a, b'), 'Armut: wer?', [])
    """
    lines = [_HEAD[lang].format(source=source or "–"), f"title: {_scalar(_WORDS[lang]['story'])}", "steps:"]
    for number, step in enumerate(steps, start=1):
        lines += ["", f"  # {number}"]
        for k, (key, value) in enumerate(step.items()):
            text = _flow(value) if isinstance(value, list) else _scalar(str(value))
            lines.append(f"  {'- ' if k == 0 else '  '}{key}: {text}")
    return "\n".join(lines) + "\n"


def _scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain where YAML reads it back as the same text, quoted otherwise."""
    import yaml

    out = yaml.safe_dump(text, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").removesuffix("\n")
    return json.dumps(text, ensure_ascii=False) if "\n" in out else out  # JSON's quotes are YAML's


def _flow(items: list[str]) -> str:
    """A list of texts as a YAML flow sequence, ``[FB 56, AGW]``."""
    import yaml

    return yaml.safe_dump(
        [str(x) for x in items], allow_unicode=True, default_flow_style=True, width=1_000_000
    ).strip()


def _join(items: list[str], word: str) -> str:
    """``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def _plural(key: str, n: int) -> str:
    """The key of the words for ``n`` things: ``working_0``, ``met_1``, ``met_n``."""
    return f"{key}_{n if n < 2 else 'n'}" if key == "working" else f"{key}_{1 if n == 1 else 'n'}"


def _ref(full: nx.DiGraph, node: str) -> str:
    """How a storyboard names a node: its id, or ``kind:id`` where the id alone names another, else the IRI."""
    from graph.errors import QueryError
    from graph.views.projection import resolve_node

    attrs = full.nodes[node]
    for ref in (str(attrs.get("id", "")), f"{attrs.get('kind')}:{attrs.get('id', '')}"):
        try:
            if ref and resolve_node(full, ref) == node:
                return ref
        except QueryError:
            continue
    return str(node)
