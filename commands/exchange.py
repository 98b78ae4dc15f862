"""Commands that exchange data with other systems, partners and cycles: oparl, merge, diff."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import click

from commands.options import Output, check_target, data_options, given, info, output_options
from commands.types import TEXT
from graph.errors import DataError
from graph.output import FORMATS
from graph.session import Session

__all__ = ["diff", "merge", "oparl"]


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


# --------------------------------------------------------------------------
# merge: returned partner workbooks into the overview


@click.command()
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="[BASE] PARTNER.xlsx...",
)
@data_options
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="The new overview: FILE.xlsx, or a folder of CSV files [default: only report].",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    help="Format of the change report [default: from --report's suffix, else table].",
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the change report to FILE instead of stdout.",
)
@click.option(
    "--marked",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write FILE.xlsx: the new overview with the changes marked and the removed rows listed.",
)
@click.option(
    "--prefer",
    multiple=True,
    metavar="BASE|FILE",
    help="Decide conflicts for BASE (the overview) or a partner workbook; repeat to rank several.",
)
@click.option(
    "--lang",
    type=click.Choice(["de", "en"]),
    default="de",
    show_default=True,
    help="Sheet names and headers of the new overview and the marked copy.",
)
@click.option(
    "--allow-loss",
    is_flag=True,
    help="Merge even where the overview holds what a workbook cannot carry (it is left out and listed).",
)
def merge(
    session: Session,
    files: tuple[Path, ...],
    output: Path | None,
    fmt: str,
    report: Path | None,
    marked: Path | None,
    prefer: tuple[str, ...],
    lang: str,
    allow_loss: bool,
) -> None:
    """Merge returned partner workbooks into the overview BASE.

    BASE is a workbook, a folder or an RDF file; with --store or --endpoint it
    is that store's dataset (--dataset), and every FILE is a partner workbook.
    The report lists added, changed and removed rows and the conflicts: a cell
    two partners edited differently, or one the overview changed since the
    workbook was sent. Conflicts are never decided silently: the merge exits 1
    and writes nothing, unless --prefer names whom to follow. A partner removes
    only its own rows; deleting another's row is reported and ignored. The new
    overview is checked like any input before it is written; inputs are never
    changed.

    \b
    Examples:
      sozialgraph merge Uebersicht.xlsx FB56.xlsx FB45.xlsx -o Uebersicht-2.xlsx
      sozialgraph merge Uebersicht.xlsx FB56.xlsx --format md --report aenderungen.md
      sozialgraph merge Uebersicht.xlsx FB56.xlsx FB45.xlsx --prefer FB56.xlsx -o neu/ --marked markiert.xlsx
      sozialgraph merge --store land.store --dataset aachen FB56.xlsx -o Uebersicht-2.xlsx
    """
    from graph.errors import SozialgraphError
    from graph.exchange.merge import BASE
    from graph.exchange.merge_files import marked_workbook, merge_overview, new_files, report_sections
    from graph.files import atomic_write, format_for, output_folder

    ctx = click.get_current_context()
    ctx.meta["sozialgraph.inputs"] = [*ctx.meta.get("sozialgraph.inputs", []), *files]
    from_store = bool(session.source.store_dir or session.source.endpoint)
    if given("data", True):
        raise click.UsageError("name BASE as the first argument (or use --store/--endpoint), not --data")
    base_path, partners = (None, list(files)) if from_store else (files[0], list(files[1:]))
    if not partners:
        raise click.UsageError("name at least one returned partner workbook after BASE")
    for path in partners:
        if path.suffix.lower() != ".xlsx" or not path.is_file():
            raise click.UsageError(
                f"{path}: a partner workbook is an .xlsx file (written by 'template --for')"
            )
    names = [str(p) for p in partners]
    if len(set(names)) < len(names) or len({p.resolve() for p in partners}) < len(partners):
        raise click.UsageError("a partner workbook is named twice")
    chosen = [_party(p, partners, names) for p in prefer]
    folder = output is not None and output.suffix == ""
    if output is not None:
        if not folder and output.suffix.lower() != ".xlsx":
            raise click.UsageError(
                f"-o {output.name}: the new overview is a workbook (FILE.xlsx) or a folder of CSV files (no suffix)"
            )
        check_target(output, folder=folder)
    if marked is not None:
        if marked.suffix.lower() != ".xlsx":
            raise click.UsageError(
                f"--marked {marked.name or marked}: the marked copy is a workbook (FILE.xlsx)"
            )
        check_target(marked)
    report_fmt = format_for(report, given("fmt", fmt), FORMATS, "table")
    if report_fmt == "xlsx" and report is None:
        raise click.UsageError("an xlsx report needs --report FILE.xlsx")
    check_target(report)

    if from_store:
        store, base_name = session.store, session.source.describe()
    else:
        store, base_name = _read_base(base_path), str(base_path)
    outcome = merge_overview(store, base_name, partners, prefer=chosen, names=names, allow_loss=allow_loss)
    merged = outcome.merged
    for loss in outcome.losses:
        info(f"warning: left out {loss}")
    sections = report_sections(outcome, lang)
    out = Output(report_fmt, report, False)
    if report_fmt in ("table", "md"):
        shown = [s for s in sections if len(s.frame)]
        if shown:
            out.sections(shown)
        else:
            out.text("No changes.\n")
    else:
        out.sections(sections)
    counts = {k: sum(c.change == k for c in merged.changes) for k in ("added", "changed", "removed")}
    info(
        f"{base_name} + {len(partners)} workbook{'s' if len(partners) != 1 else ''}: {counts['added']} added, "
        f"{counts['changed']} changed, {counts['removed']} removed, {len(merged.ignored)} deletions not taken, "
        f"{len(merged.conflicts)} conflict{'s' if len(merged.conflicts) != 1 else ''}"
        + (f" ({len(merged.unresolved)} undecided)" if merged.unresolved else "")
    )
    if merged.unresolved:
        raise SozialgraphError(
            f"{len(merged.unresolved)} conflicting edit{'s' if len(merged.unresolved) != 1 else ''} (see the "
            f"report); nothing was written. Decide with --prefer {BASE} or --prefer FILE, or correct a "
            "partner workbook and merge again"
        )
    if output is None and marked is None:
        return
    target = output or marked
    data = new_files(outcome, lang, target.name, folder=folder)
    copy = marked_workbook(outcome, lang, marked.name) if marked is not None else None
    if output is not None and folder:
        with output_folder(output, command="merge") as tmp:
            for name, text in data.items():
                (tmp / name).write_text(text, encoding="utf-8")
        info(f"wrote {output}")
    elif output is not None:
        atomic_write(output, data)
        info(f"wrote {output}")
    if marked is not None:
        atomic_write(marked, copy)
        info(f"wrote {marked}")


def _party(wanted: str, partners: list[Path], names: list[str]) -> str:
    """The name ``--prefer`` means: BASE, a partner as given, or the file name of exactly one."""
    from graph.exchange.merge import BASE

    if wanted == BASE or wanted in names:
        return wanted
    found = [
        n for p, n in zip(partners, names, strict=True) if p.name == wanted or str(p.resolve()) == wanted
    ]
    if len(found) == 1:
        return found[0]
    raise click.UsageError(
        f"--prefer {wanted}: name {BASE} or one of the partner workbooks: {', '.join(names)}"
    )


def _read_base(path: Path):
    """BASE read and checked like any input, as a store of its data graph."""
    from graph.io.load import read_dataset
    from graph.store import OxigraphStore

    loaded = read_dataset(path)
    store = OxigraphStore()
    store.add_graph(loaded.graph)
    return store
