"""Commands that answer questions: queries, query, overlaps, gaps."""

from __future__ import annotations

from urllib.parse import urlsplit

import click

from commands.options import Output, data_options, output_options, parse_params
from commands.types import IRI
from graph.session import Session

__all__ = ["gaps", "overlaps", "queries", "query"]


@click.command()
@output_options
def queries(out: Output) -> None:
    """List the analyses of the catalogue (name, title, parameters).

    \b
    Example:
      sozialgraph queries
    """
    from graph.analysis.catalogue import catalogue

    rows = [
        [
            q.name,
            q.title,
            ", ".join(p.name + (f"={p.default}" if p.default is not None else "") for p in q.params),
        ]
        for q in catalogue()
    ]
    out.rows(["name", "title", "parameters"], rows)


@click.command()
@click.argument("name")
@click.option(
    "-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeat)."
)
@click.option("--allow-update", is_flag=True, help="Allow INSERT/DELETE/DROP queries (changes the store).")
@click.option(
    "--allow-load",
    "allow_load",
    multiple=True,
    type=IRI,
    metavar="URL",
    help="Allow an update's LOAD <URL> of exactly this URL (repeat); other LOADs are refused.",
)
@data_options
@output_options
def query(
    session: Session,
    out: Output,
    name: str,
    params: tuple[str, ...],
    allow_update: bool,
    allow_load: tuple[str, ...],
) -> None:
    """Run a catalogue analysis by NAME, or your own SPARQL file.

    Parameters are bound as values, never pasted into the query text; ids
    (an actor's "FB 56", a theme's "armut") are looked up first.

    \b
    Examples:
      sozialgraph query shared-goals
      sozialgraph query actor-profile -p actor="FB 56"
      sozialgraph query theme-actors -p theme=armut --format md
      sozialgraph query my-question.rq --format csv --excel -o answer.csv
    """
    from pathlib import Path

    from graph.analysis.query import run_rows

    if allow_update and session.source.store_dir is not None:
        raise click.UsageError(
            "a store folder is changed only by 'sozialgraph load', so that its derived relations stay "
            "true; run the update on --data (in memory) or load the changed data again"
        )
    if allow_load:
        from graph.offline import allow_host

        for url in allow_load:  # the engine fetches it (rdflib through Python, Oxigraph on its own)
            allow_host(urlsplit(url).hostname or "")
    answer = run_rows(
        session.store, name, parse_params(params), allow_update=allow_update, allow_load=allow_load
    )
    columns, rows = (answer.columns, answer.rows) if answer is not None else ([], [])
    out.rows(columns, rows, name=Path(name).stem, empty_message=f"{name}: no rows.")


@click.command()
@data_options
@output_options
def overlaps(session: Session, out: Output) -> None:
    """Which actors share goals and themes, and where many meet.

    \b
    Example:
      sozialgraph overlaps --format md -o overlaps.md
    """
    from graph.analysis.query import overlaps as compute

    out.sections(compute(session.store))


@click.command()
@data_options
@output_options
def gaps(session: Session, out: Output) -> None:
    """Themes nobody plans for, and goals, plans and instruments left alone.

    \b
    Example:
      sozialgraph gaps
    """
    from graph.analysis.query import gaps as compute

    out.sections(compute(session.store))
