"""Commands that answer questions: queries, query, overlaps, gaps."""

from __future__ import annotations

from urllib.parse import urlsplit

import click

from commands.options import Output, data_options, info, output_options, parse_params, scope_option
from commands.types import IRI
from graph.analysis.pairs import PAIR_ANALYSES
from graph.session import Session

__all__ = ["coverage", "gaps", "overlaps", "queries", "query"]


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
    if name == "theme-actors":  # the catalogue's; the same rows from bound queries (fast at Land size)
        columns, rows = _theme_actors(session.store, parse_params(params))
    else:
        answer = run_rows(
            session.store, name, parse_params(params), allow_update=allow_update, allow_load=allow_load
        )
        columns, rows = (answer.columns, answer.rows) if answer is not None else ([], [])
    out.rows(columns, rows, name=Path(name).stem, empty_message=f"{name}: no rows.")


def _theme_actors(store, params: dict[str, str]) -> tuple[list[str], list[list]]:
    """``theme-actors`` by :func:`graph.analysis.theme_actors.theme_actors`: the rows of the SPARQL file."""
    from graph.analysis.query import _bind, _param_values, find_query
    from graph.analysis.theme_actors import COLUMNS, theme_actors

    info = find_query("theme-actors")
    values = _param_values(info, params)  # unknown or missing parameters: the catalogue's messages
    theme = _bind(store, *values["theme"])
    return list(COLUMNS), theme_actors(store, theme)


#: Pairs per scope the reading formats show unless told (--top N, --all).
READING_TOP = 20


@click.command()
@data_options
@output_options
@scope_option(
    "Pair actors of one municipality (a Körperschaft at the top of 'Teil von'), of one dataset, or "
    "all; auto: municipality when the data holds several, else dataset."
)
@click.option(
    "--top",
    type=click.IntRange(1),
    metavar="N",
    help=f"The N strongest pairs (and hotspots) of each scope [default: {READING_TOP} in table and md "
    "output, all in csv, json and xlsx].",
)
@click.option("--all", "everything", is_flag=True, help="Every pair (csv is written as it is found).")
@click.option(
    "--rollup", is_flag=True, help="Count a unit's work for the unit above it (Fachbereich, Dezernat)."
)
@click.option(
    "--only",
    type=click.Choice(PAIR_ANALYSES),
    multiple=True,
    help="Answer only this analysis (repeat for more) [default: all three].",
)
def overlaps(
    session: Session,
    out: Output,
    pair_scope: str,
    top: int | None,
    everything: bool,
    rollup: bool,
    only: tuple[str, ...],
) -> None:
    """Which actors share goals and themes, and where many meet.

    Pairs are actors of one scope (a municipality, a dataset), strongest
    first; the table shows the top 20 of each scope.

    \b
    Examples:
      sozialgraph overlaps --format md -o overlaps.md
      sozialgraph overlaps --store land.store --top 5
      sozialgraph overlaps --store land.store --all -o pairs.csv
      sozialgraph overlaps --rollup
      sozialgraph overlaps --store land.store --scope all --only shared-themes --top 100
    """
    from graph.analysis.pairs import overlaps as compute
    from graph.analysis.pairs import sections

    if everything and top is not None:
        raise click.UsageError("--top N and --all exclude each other")
    if not everything and top is None and out.fmt in ("table", "md"):
        top = READING_TOP
    tables = compute(session.store, scope=pair_scope, top=top, rollup=rollup, only=only or PAIR_ANALYSES)
    if top is not None:
        n, mode = tables[0].scopes, tables[0].mode
        each = (
            f" of each of {n:,} {'municipalities' if mode == 'municipality' else 'datasets'}" if n > 1 else ""
        )
        info(f"showing the top {top}{each}; --top N or --all for more")
    if out.fmt != "csv":
        out.sections(sections(tables))
        return
    from graph.output import write_csv_stream

    columns = ["section"]
    for table in tables:
        columns += [c for c in table.columns if c not in columns]

    def long_rows():
        for table in tables:
            where = [columns.index(c) for c in table.columns]
            for row in table.rows:
                cells: list = [table.name] + [None] * (len(columns) - 1)
                for i, value in zip(where, row, strict=True):
                    cells[i] = value
                yield cells

    replaced = write_csv_stream(columns, long_rows(), out.path, excel=out.excel)
    if replaced:
        info(f"warning: the output's encoding cannot show {replaced} characters; they were written as '?'")
    if out.path is not None:
        info(f"wrote {out.path}")


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


@click.command()
@data_options
@output_options
@click.option(
    "--themes",
    type=click.Choice(["top", "all"]),
    default="top",
    show_default=True,
    help="The top themes (no broader theme), or all themes.",
)
@scope_option("A row per municipality or per dataset (auto: municipality when the data holds several).")
@click.option(
    "--wide",
    type=click.Choice(["plans", "actors"]),
    help="A matrix instead: a row per municipality, a column per theme, these counts in the cells.",
)
def coverage(session: Session, out: Output, themes: str, pair_scope: str, wide: str | None) -> None:
    """Which municipality plans for which theme: plans and actors per municipality and theme.

    A theme no plan of a municipality covers is a gap there (planned: false),
    even where its actors work on it.

    \b
    Examples:
      sozialgraph coverage --store land.store -o abdeckung.xlsx
      sozialgraph coverage --store land.store --wide plans -o heatmap.csv
      sozialgraph coverage --themes all --format md
    """
    from graph.analysis.coverage import COLUMNS
    from graph.analysis.coverage import coverage as compute

    table = compute(session.store, themes=themes, scope=pair_scope)
    if wide:
        columns, rows = table.matrix(wide)
        out.rows(columns, rows, name=f"coverage-{wide}")
    else:
        out.rows(list(COLUMNS), table.rows(), name="coverage")
