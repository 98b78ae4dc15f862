"""Commands that draw and measure the network: network, metrics, present, demo."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import click

from commands.options import (
    Output,
    check_target,
    data_options,
    info,
    output_options,
    scope_option,
    view_graph,
    view_options,
)
from commands.types import TEXT
from graph.files import format_for
from graph.session import Session

__all__ = ["demo", "metrics", "network", "present"]


def page_options(f: Callable) -> Callable:
    """The options of a command that writes a network page: --max-nodes, --open, --seed, --lang."""
    options = [
        click.option(
            "--max-nodes",
            type=click.IntRange(10),
            default=1500,
            show_default=True,
            help="Reduce larger views.",
        ),
        click.option("--open", "open_page", is_flag=True, help="Open the page in the browser."),
        click.option(
            "--seed", type=int, default=42, show_default=True, help="Seed for layout and communities."
        ),
        click.option(
            "--lang",
            type=click.Choice(["de", "en"]),
            default="de",
            show_default=True,
            help="Language of the page.",
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def scale_options(f: Callable) -> Callable:
    """``--scope``, ``--rollup`` and ``--themes``: how the actors and land views count at Land size."""
    opts = [
        scope_option(
            "actors view: pair actors of one municipality, one dataset, or all; land view: a node per "
            "municipality or dataset (auto: municipality when the data holds several)."
        ),
        click.option(
            "--rollup", is_flag=True, help="actors view: count a unit's work for the unit above it."
        ),
        click.option(
            "--themes",
            type=click.Choice(["top", "all"]),
            default="top",
            show_default=True,
            help="land view: the top themes (no broader theme), or all themes.",
        ),
    ]
    for option in reversed(opts):
        f = option(f)
    return f


@click.command()
@data_options
@view_options
@output_options
@scale_options
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for communities (runs repeat).")
def metrics(
    session: Session, out: Output, view, focus, depth, theme, include, pair_scope, rollup, themes, seed: int
) -> None:
    """Degree, betweenness (who brokers), communities and isolated nodes.

    \b
    Examples:
      sozialgraph metrics --view actors
      sozialgraph metrics --format csv -o metrics.csv
      sozialgraph metrics --view actors --store land.store --rollup
    """
    from graph.views.metrics import metrics as compute

    _, graph = view_graph(
        session, view, focus, depth, theme, include, scope=pair_scope, rollup=rollup, themes=themes
    )
    out.frame(compute(graph, seed=seed), empty_message="The view has no nodes.")


@click.command()
@data_options
@view_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sozialgraph.html"),
    show_default=True,
    help="HTML page (or .graphml / .gexf for other tools).",
)
@click.option("--title", type=TEXT, help="Page title [default: from the view].")
@page_options
@click.option(
    "--max-edges",
    type=click.IntRange(0),
    default=4000,
    show_default=True,
    help="Keep at most this many edges on the page: the strongest of each node.",
)
@scale_options
@click.option(
    "--present", is_flag=True, help="Open the page in projector mode (large labels, no sidebar; key P)."
)
def network(
    session: Session,
    view,
    focus,
    depth,
    theme,
    include,
    output: Path,
    title,
    max_nodes,
    max_edges,
    pair_scope,
    rollup,
    themes,
    open_page,
    seed,
    present: bool,
    lang: str,
):
    """Draw the network as one offline HTML page (or GraphML/GEXF).

    The page embeds every script and style: it opens from a USB stick on a
    laptop with no network. It has a search, a legend that filters, a table
    of the same nodes and edges (key T) and a projector mode (key P).

    \b
    Examples:
      sozialgraph network -o aachen.html
      sozialgraph network --view actors -o akteure.html --open
      sozialgraph network --focus "FB 56" --depth 2 -o fb56.html
      sozialgraph network --theme armut -o armut.html --present
      sozialgraph network --lang en -o network.html
      sozialgraph network -o aachen.graphml
      sozialgraph network --view land --store land.store -o land.html
      sozialgraph network --view actors --store land.store --rollup -o akteure.html
    """
    from graph.views.write import write_view

    format_for(output, None, ["html", "graphml", "gexf"], "html")
    check_target(output)
    name, graph = view_graph(
        session, view, focus, depth, theme, include, scope=pair_scope, rollup=rollup, themes=themes, lang=lang
    )
    report = write_view(
        graph,
        output,
        view=name,
        focus=focus,
        theme=theme,
        title=title,
        max_nodes=max_nodes,
        max_edges=max_edges,
        seed=seed,
        lang=lang,
        present=present,
    )
    if report.message:
        info(report.message)
    info(f"wrote {output}")
    if open_page:
        click.launch(str(output))


@click.command()
@click.argument("story", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@data_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("sitzung.html"),
    show_default=True,
    help="The HTML page.",
)
@page_options
@click.option(
    "--present/--no-present",
    default=True,
    show_default=True,
    help="Open the page in projector mode (key P switches).",
)
def present(
    session: Session,
    story: Path,
    output: Path,
    present: bool,
    lang: str,
    max_nodes: int,
    seed: int,
    open_page: bool,
) -> None:
    """Step through a storyboard at the platform session: one offline page.

    STORY is a YAML file listing the steps: each shows a view (full, actors,
    focus or theme), may highlight or select nodes, show only some kinds and
    carry a caption for the room. Arrow keys, Page Up/Down (presentation
    clickers), Space and Backspace, Home and End move through the steps.
    'sozialgraph demo' writes one built from the data (storyboard.yaml).

    \b
    Examples:
      sozialgraph present storyboard.yaml -o sitzung.html
      sozialgraph present storyboard.yaml --data my-workbook.xlsx -o sitzung.html --open
      sozialgraph present storyboard.yaml --lang en --no-present -o session.html
    """
    from graph.views.present import write_story
    from graph.views.story import parse_story, read_story

    format_for(output, None, ["html"], "html")
    ctx = click.get_current_context()
    ctx.meta["sozialgraph.inputs"] = [*ctx.meta.get("sozialgraph.inputs", []), story]
    check_target(output)
    parsed, problems = parse_story(read_story(story), story.name)
    report = write_story(
        parsed,
        session.store,
        output,
        problems=problems,
        lang=lang,
        present=present,
        max_nodes=max_nodes,
        seed=seed,
    )
    for message in report.messages:
        info(message)
    info(f"wrote {output} ({report.steps} steps, {report.views} views)")
    if open_page:
        click.launch(str(output))


@click.command()
@data_options
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sozialgraph-demo"),
    show_default=True,
    help="Folder for the pages and tables.",
)
def demo(session: Session, out_dir: Path) -> None:
    """Show what sozialgraph is for, on the bundled example (or --data).

    Validates the data, prints the headline overlaps and gaps, writes the
    network views and the metrics into a folder and says what to open.

    \b
    Example:
      sozialgraph demo
      sozialgraph demo --data my-workbook.xlsx -o demo-out
    """
    from graph.demo import run_demo

    check_target(out_dir, folder=True)
    run_demo(session, out_dir, echo=click.echo, info=info, width=shutil.get_terminal_size((80, 24)).columns)
