"""The main job: validate, answer overlaps and gaps, draw the views, say what to open."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import DataError
from graph.files import atomic_write, output_folder

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from graph.session import Session
    from graph.store import Store

__all__ = ["run_demo"]

#: Rows of each headline section printed on the terminal (the files have all).
HEAD_ROWS = 5


def run_demo(
    session: Session,
    out_dir: Path,
    *,
    echo: Callable[[str], None] = print,
    info: Callable[[str], None] = print,
    width: int = 80,
) -> list[Path]:
    """Run everything on one dataset and write the results into ``out_dir``.

    The folder is written whole (:func:`graph.files.output_folder`): it replaces
    only an empty folder or an earlier demo's, and a failure leaves the earlier
    folder (or none). Returns the files written, the pages first.
    """
    from graph.analysis.stats import stats
    from graph.io.shape_checks import check_view

    started = time.perf_counter()
    store = session.store
    problems = check_view(store, session.source.prefix, session.loaded)
    if problems:
        raise DataError(problems)
    with output_folder(out_dir, command="demo") as folder:
        counts = stats(store)
        echo(f"sozialgraph demo — {session.source.describe()}")
        echo(
            "valid: "
            + ", ".join(f"{n} {k}" for k, n in counts.entities.items())
            + f" ({counts.triples:,} triples)\n"
        )
        pages, files, brokers = _write_all(
            store, folder, echo=echo, info=info, width=width, source=session.source.describe()
        )
    if brokers:
        echo("Brokers (who connects the most others): " + brokers)
    echo(
        f"\nDone in {time.perf_counter() - started:.1f} s. Open these pages in a browser (no network needed):"
    )
    for name in pages:
        echo(f"  {out_dir / name}")
    if "storyboard.yaml" in files:
        echo(f"The session's storyboard (edit it, then 'sozialgraph present'): {out_dir / 'storyboard.yaml'}")
    echo(f"Tables and data: {out_dir}/ (overlaps.md, gaps.md, metrics.csv, graph.ttl)")
    return [out_dir / name for name in pages + files]


def _write_all(
    store: Store,
    folder: Path,
    *,
    echo: Callable[[str], None],
    info: Callable[[str], None],
    width: int,
    source: str = "",
) -> tuple[list[str], list[str], str]:
    """Print the headlines and write every file into ``folder``: (page names, other file names, brokers)."""
    from graph.analysis.query import gaps, overlaps
    from graph.io.export import export_rdf
    from graph.output import format_frame, format_sections
    from graph.report.report import build_report, write_report
    from graph.views.metrics import brokers, metrics
    from graph.views.network import build_graph
    from graph.views.projection import view
    from graph.views.write import write_view

    files: list[str] = []

    def write(name: str, data: str | bytes) -> None:
        atomic_write(folder / name, data)
        files.append(name)

    sections = {"overlaps": overlaps(store), "gaps": gaps(store)}
    for name, secs in sections.items():
        echo(f"=== {name.upper()} " + "=" * max(0, min(width, 80) - len(name) - 5))
        for sec in secs:
            more = len(sec.frame) - HEAD_ROWS
            echo(f"\n{sec.title} — {sec.summary}")
            echo(format_frame(sec.frame.head(HEAD_ROWS), "table", width=width, empty_message="none").rstrip())
            if more > 0:
                echo(f"… and {more} more in {name}.md")
        echo("")
        write(f"{name}.md", format_sections(secs, "md", width=10_000))
        write(f"{name}.json", format_sections(secs, "json", width=10_000))

    full = build_graph(store)
    table = metrics(full)
    write("metrics.csv", format_frame(table, "csv", width=10_000))
    pages = [("network-full.html", view(full, "full"), "full", {"table": table})]
    pages.append(("network-actors.html", view(full, "actors"), "actors", {}))
    top = brokers(table, n=1)
    if len(top):
        focus_id = str(top.iloc[0]["id"])
        pages.append(
            ("network-focus.html", view(full, "focus", focus=focus_id, depth=1), "focus", {"focus": focus_id})
        )
    theme_id = _main_theme(full)
    if theme_id:
        pages.append(
            ("network-theme.html", view(full, "theme", theme=theme_id), "theme", {"theme": theme_id})
        )
    for filename, graph_view, name, extra in pages:
        report = write_view(graph_view, folder / filename, view=name, **extra)
        if report.message:
            info(report.message)
    write("graph.ttl", export_rdf(store, "ttl"))
    write_report(  # the committee's Sachstand, as a page
        build_report(store, datasets=[d.name for d in getattr(store, "datasets", [])]),
        folder / "sachstand.html",
    )
    page_names = [p[0] for p in pages] + _write_storyboard(store, full, table, folder, write, info, source)
    named = (
        ", ".join(f"{r['label']} ({r['id']})" for _, r in brokers(table, n=3).iterrows()) if len(top) else ""
    )
    return [*page_names, "sachstand.html"], files, named


def _write_storyboard(
    store: Store,
    full: nx.DiGraph,
    table,
    folder: Path,
    write: Callable[[str, str], None],
    info: Callable[[str], None],
    source: str,
) -> list[str]:
    """The session's storyboard (storyboard.yaml) and its page, made from the file as ``present`` makes it."""
    from graph.views.present import write_story
    from graph.views.story import parse_story
    from graph.views.storyboard import storyboard_steps, storyboard_yaml

    text = storyboard_yaml(storyboard_steps(store, full, table), source=source)
    write("storyboard.yaml", text)
    story, problems = parse_story(text, "storyboard.yaml")
    report = write_story(story, full, folder / "sitzung.html", problems=problems)
    for message in report.messages:
        info(message)
    return ["sitzung.html"]


def _main_theme(graph: nx.Graph) -> str | None:
    """The theme most events put on their agenda, else the most connected theme."""
    best: tuple[int, int, str] | None = None
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") != "theme":
            continue
        neighbours = set(graph.predecessors(node)) if graph.is_directed() else set(graph.neighbors(node))
        events = sum(1 for n in neighbours if graph.nodes[n].get("kind") == "event")
        key = (events, graph.degree(node), attrs.get("id", ""))
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None
