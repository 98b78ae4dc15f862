"""Commands that exchange data with other systems and cycles: oparl (council information systems), diff."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from commands.options import Output, info, output_options
from commands.types import TEXT
from graph.errors import DataError
from graph.output import FORMATS

__all__ = ["diff", "oparl"]


@click.command()
@click.argument("source", metavar="PATH_OR_URL")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the sheets (Akteure.csv, Veranstaltungen.csv, Quellen.csv) and Themenvorschlaege.csv.",
)
@click.option(
    "--max-pages", type=click.IntRange(1), default=200, show_default=True, help="Read at most N pages."
)
@click.option(
    "--max-objects",
    type=click.IntRange(1),
    default=20_000,
    show_default=True,
    help="Read at most N objects.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0, min_open=True),
    default=30.0,
    show_default=True,
    help="Seconds for each whole request.",
)
@click.option(
    "--skip-invalid", is_flag=True, help="Write what conforms; list the invalid objects as warnings."
)
@click.option("--force", is_flag=True, help="Replace the files of an earlier import in the folder.")
def oparl(
    source: str,
    output: Path,
    max_pages: int,
    max_objects: int,
    timeout: float,
    skip_invalid: bool,
    force: bool,
) -> None:
    """Import committees, meetings and papers from OParl 1.1 (council information systems).

    PATH_OR_URL is a folder of OParl JSON files (objects or list pages), one
    file, or the address of an OParl server (its system, a body, a list). From a
    server, lists are read page by page up to --max-pages/--max-objects, and
    only that host is contacted. Bodies and organizations become actors,
    meetings events, papers sources (Quellen); agenda items are proposed as
    themes in Themenvorschlaege.csv, for the planner to confirm. Persons are
    never imported. Every row names its OParl id as source.

    \b
    Examples:
      sozialgraph oparl oparl-export/ -o ratsinfo/
      sozialgraph oparl https://oparl.example.org/ --max-pages 20 -o ratsinfo/
      sozialgraph validate --data ratsinfo/
    """
    from graph.exchange.oparl import map_objects, output_files, write_import
    from graph.offline import forbid_network, permit_network

    ctx = click.get_current_context()
    is_url = source.lower().startswith(("http://", "https://"))
    if not is_url and not Path(source).exists():
        raise click.BadParameter(f"no such file or folder: {source}", param_hint="PATH_OR_URL")
    output_files(output, force=force)  # before reading: an existing import is not replaced by accident
    forbid_network([urlsplit(source).hostname or ""] if is_url else [])
    ctx.call_on_close(permit_network)
    with click.progressbar(
        length=max_pages if is_url else max(1, len(list(Path(source).glob("*.json")))),
        label="reading OParl",
        file=sys.stderr,
        item_show_func=lambda objects: f"{objects:,} objects" if objects is not None else None,
    ) as bar:
        done = [0]

        def progress(pages: int, objects: int, where: str) -> None:
            bar.update(pages - done[0], objects)
            done[0] = pages

        if is_url:
            from graph.exchange.oparl_fetch import read_url

            harvest = read_url(
                source, max_pages=max_pages, max_objects=max_objects, timeout=timeout, progress=progress
            )
        else:
            from graph.exchange.oparl_fetch import read_folder

            harvest = read_folder(source, progress=progress)
    result = map_objects(harvest.objects)
    problems = DataError([*harvest.problems, *result.problems]).problems  # sorted by file
    if problems and not skip_invalid:
        raise DataError(problems)
    info(f"read {len(harvest.objects):,} objects from {harvest.pages:,} {'pages' if is_url else 'files'}")
    for note in result.notes:
        info(note)
    for warning in [*(f"skipped {p}" for p in problems), *harvest.notes, *result.warnings]:
        info(f"warning: {warning}")
    if not harvest.complete:
        info("warning: the import is incomplete (see above)")
    for path, rows in write_import(result, output, force=force):
        info(f"wrote {path} ({rows} row{'s' if rows != 1 else ''})")


# --------------------------------------------------------------------------
# diff between planning cycles


def _cycle_argument(ctx: click.Context, param: click.Parameter, value: str):
    from graph.errors import UsageError
    from graph.exchange.cycles import parse_cycle

    try:
        cycle = parse_cycle(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    ctx.meta.setdefault("sozialgraph.inputs", []).append(cycle.path)  # -o may not name it (check_target)
    return cycle


def _question(f):
    from commands.options import question_options

    for option in reversed(question_options()):
        f = option(f)
    return f


@click.command()
@click.argument("old", metavar="OLD", callback=_cycle_argument)
@click.argument("new", metavar="NEW", callback=_cycle_argument)
@_question
@click.option(
    "--top", type=click.IntRange(1), default=10, show_default=True, help="Centrality shifts to list per view."
)
@output_options(formats=(*FORMATS, "html"))
@click.option("--title", type=TEXT, help="Title of the html page [default: Was hat sich geändert?].")
def diff(old, new, status, as_of, top: int, out: Output, title) -> None:
    """What changed between two planning cycles, OLD and NEW.

    OLD and NEW are each a workbook (.xlsx), a workbook folder, an RDF file,
    or a dataset of a store folder: store:DIR (its one dataset) or
    store:DIR#NAME. Entities are matched by sheet and id. Lists entities
    added, removed and changed (column, old → new), links added and removed,
    themes newly planned or unplanned (with the plan that made the
    difference), actors who became active or inactive, and the largest shifts
    of betweenness. --status and --as-of apply to both cycles.

    \b
    Examples:
      sozialgraph diff uebersicht-2017.xlsx uebersicht-2019.xlsx
      sozialgraph diff store:land.store#aachen-2017 daten-2019/ --format md -o aenderungen.md
      sozialgraph diff alt/ neu/ -o aenderungen.html
    """
    from commands.options import parse_statuses
    from graph.exchange.cycles import open_cycle
    from graph.exchange.diff import diff_cycles
    from graph.offline import forbid_network, permit_network

    ctx = click.get_current_context()
    forbid_network()
    ctx.call_on_close(permit_network)
    statuses = parse_statuses(status) if status else None
    day = as_of.date() if as_of else None
    views = []
    for cycle in (old, new):
        session = open_cycle(cycle, statuses=statuses, as_of=day)
        ctx.call_on_close(session.close)
        views.append(session.store)
    result = diff_cycles(*views, old_name=old.label, new_name=new.label, top=top)
    one = {"entities": "entity", "links": "link", "themes": "theme", "actors": "actor"}
    said = []
    for what, n in result.counts().items():
        noun, _, change = what.partition(" ")
        if n:
            said.append(f"{n} {one[noun] if n == 1 else noun} {change}")
    info(f"{old.label} → {new.label}: " + (", ".join(said) if said else "no changes"))
    if out.fmt == "html":
        from graph.exchange.diff_page import diff_page

        out.text(diff_page(result, title=title))
    else:
        out.sections(result.sections)
