"""Commands that exchange data with other systems: oparl (import from a council information system)."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from commands.options import info
from graph.errors import DataError

__all__ = ["oparl"]


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
